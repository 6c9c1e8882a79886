//! `floe check`: parse, resolve and check files and everything they import,
//! reporting every problem; prints no values.

use std::process::ExitCode;

use floe_lang::db::check;

use crate::common::{absolute, database, load_entry, project_root, report, use_color};
use crate::{CheckArgs, ColorChoice};

/// Runs `floe check`.
pub fn run(args: CheckArgs, color: ColorChoice) -> ExitCode {
    let color = use_color(color);
    let first = args.files.first().map(|f| absolute(f)).unwrap_or_default();
    let db = database(project_root(args.root.as_deref(), &first));
    let mut diagnostics = Vec::new();
    for path in &args.files {
        match load_entry(&db, path) {
            Ok(file) => {
                for d in check(&db, file) {
                    if !diagnostics.contains(d) {
                        diagnostics.push(d.clone());
                    }
                }
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    report(&db, &diagnostics, color);
    if diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
