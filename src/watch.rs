//! `floe eval --watch`: evaluates, then evaluates again whenever a file the
//! program read changes. Changed texts go into the same database, so only
//! the queries an edit touches run again; each round reports its time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use floe_lang::Database;

use crate::EvalArgs;

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Runs the watch loop until the process is stopped.
pub fn run(db: &mut Database, args: &EvalArgs, attr: Vec<String>, color: bool) -> ExitCode {
    crate::alloc::keep_freed_memory();
    let mut round = 0u64;
    let mut seen: HashMap<PathBuf, Option<SystemTime>> = HashMap::new();
    let mut session = crate::eval::Session::default();
    loop {
        round += 1;
        let started = Instant::now();
        let code = crate::eval::run_in(db, args, attr.clone(), color, &mut session);
        let took = started.elapsed();
        let status = if code == ExitCode::SUCCESS {
            "ok"
        } else {
            "errors"
        };
        let evaluated = session
            .evaluated_in
            .take()
            .map(|t| {
                format!(
                    " (checking and evaluating {:.1} ms)",
                    t.as_secs_f64() * 1000.0
                )
            })
            .unwrap_or_default();
        eprintln!(
            "[watch] evaluation {round}: {status} in {:.1} ms{evaluated}; waiting for changes",
            took.as_secs_f64() * 1000.0
        );
        // Every path the file set holds, found or not: an import that was
        // missing is picked up when the file appears.
        for path in db.loaded_paths() {
            let time = modified(&path);
            seen.entry(path).or_insert(time);
        }
        // Poll: portable, and cheap for the few hundred files of a project.
        let changed = loop {
            std::thread::sleep(Duration::from_millis(100));
            let changed: Vec<PathBuf> = seen
                .iter()
                .filter(|(path, time)| modified(path) != **time)
                .map(|(path, _)| path.clone())
                .collect();
            if !changed.is_empty() {
                break changed;
            }
        };
        for path in changed {
            seen.insert(path.clone(), modified(&path));
            db.reload(&path);
        }
    }
}
