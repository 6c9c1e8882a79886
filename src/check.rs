//! `floe check`: parse, resolve and check files and everything they import,
//! then evaluate them as output would (unless `--static`), reporting every
//! problem; prints no values.

use std::process::ExitCode;

use floe_lang::run::{validate, validate_beyond, EvalRequest};
use floe_lang::types::check;

use crate::common::{absolute, database, load_entry, project_root, report, use_color};
use crate::{CheckArgs, ColorChoice};

/// Runs `floe check`.
pub fn run(args: CheckArgs, color: ColorChoice) -> ExitCode {
    let color = use_color(color);
    let first = args.files.first().map(|f| absolute(f)).unwrap_or_default();
    let mut db = database(project_root(args.root.as_deref(), &first), &args.limits);
    db.set_one_shot(true);
    let mut diagnostics = Vec::new();
    for path in &args.files {
        match load_entry(&db, path) {
            Ok(file) => {
                let limits = args.limits.eval();
                let evaluate = (!args.static_only).then_some(limits);
                floe_lang::prewarm::prewarm(&db, file, evaluate, crate::STACK_SIZE);
                let found = check(&db, file);
                let request = || EvalRequest::new(&db, file, None, Vec::new(), limits);
                let beyond;
                let evaluated: &[_] = if args.static_only {
                    &[]
                } else if found.iter().any(|d| d.is_error()) {
                    // Past type errors, evaluation finds what only it can.
                    beyond = validate_beyond(&db, request(), found);
                    &beyond
                } else {
                    validate(&db, request())
                };
                for d in found.iter().chain(evaluated) {
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
