//! An edit does not wait for a running evaluation: the evaluator checks for
//! cancellation as it counts steps, so a handle evaluating on another
//! thread unwinds with `salsa::Cancelled` and the edit goes through.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use floe_lang::db::MemoryFileSystem;
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::{Database, Limits};

#[test]
fn an_edit_cancels_a_running_evaluation() {
    let mut fs = MemoryFileSystem::new();
    // Far longer than the test waits: tens of millions of calls.
    fs.insert(
        "/p/main.floe",
        "let fib = \\n -> if n < 2 then n else fib (n - 1) + fib (n - 2) in fib 40",
    );
    fs.insert("/p/other.floe", "1");
    let mut db = Database::new(Arc::new(fs), PathBuf::from("/p"));
    let main = db.load(&PathBuf::from("/p/main.floe")).unwrap();
    db.load(&PathBuf::from("/p/other.floe")).unwrap();
    let limits = Limits {
        max_steps: u64::MAX,
        ..Limits::default()
    };
    let request = EvalRequest::new(&db, main, None, Vec::new(), limits);
    let handle = db.clone();
    let worker = std::thread::spawn(move || {
        let started = Instant::now();
        let outcome = salsa::Cancelled::catch(|| evaluate(&handle, request).is_ok());
        (outcome, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(300));
    let edit = Instant::now();
    assert!(db.set_text(&PathBuf::from("/p/other.floe"), "2"));
    let waited = edit.elapsed();
    let (outcome, ran) = worker.join().unwrap();
    assert!(
        matches!(outcome, Err(salsa::Cancelled::PendingWrite)),
        "the evaluation was not cancelled: {outcome:?} after {ran:?}"
    );
    // The edit waited for one check interval, not for `fib 40`.
    assert!(
        waited < Duration::from_secs(2),
        "the edit waited {waited:?}"
    );
    // The database is still good for the next question.
    assert_eq!(
        db.load(&PathBuf::from("/p/other.floe"))
            .unwrap()
            .text(&db)
            .as_ref(),
        "2"
    );
}
