//! Spreading the work on a program's imports over the machine's cores.
//!
//! Every file is parsed, checked and (when its value is plain data)
//! evaluated by its own queries, which depend only on that file and what it
//! imports. So before the root's own queries run, the files the root
//! imports can be worked on by several threads at once, each with a handle
//! on the same database; the root's queries then find their results ready.
//! Nothing here changes any result, only when and where it is computed.

use std::thread;

use crate::db::{Database, ImportTarget, SourceFile};
use crate::eval::Limits;
use crate::resolve::lower;
use crate::run::module_data;
use crate::types::check;

/// Computes the queries of every file `root` imports directly on up to
/// `available_parallelism` threads (each with `stack_size` bytes of stack):
/// their checks, and their values when `limits` is given.
pub fn prewarm(db: &Database, root: SourceFile, limits: Option<Limits>, stack_size: usize) {
    let mut imports: Vec<SourceFile> = lower(db, root)
        .imports
        .iter()
        .filter_map(|i| match &i.target {
            Ok(ImportTarget::Floe(f)) => Some(*f),
            _ => None,
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    imports.retain(|f| seen.insert(*f));
    if imports.len() < 2 {
        return;
    }
    // Asked only now: on Linux the answer costs some twenty system calls
    // (reading the cgroup's CPU quota), which a one-file program need not pay.
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads < 2 {
        return;
    }
    let share = |t: usize| -> Vec<SourceFile> {
        imports.iter().skip(t).step_by(threads).copied().collect()
    };
    thread::scope(|scope| {
        for t in 1..threads {
            let handle = db.clone();
            let files = share(t);
            // If a thread cannot start, its files are simply computed later,
            // where they are needed.
            let _ = thread::Builder::new()
                .stack_size(stack_size)
                .spawn_scoped(scope, move || work(&handle, &files, limits));
        }
        work(db, &share(0), limits);
    });
}

fn work(db: &Database, files: &[SourceFile], limits: Option<Limits>) {
    for &file in files {
        let found = check(db, file);
        if let Some(limits) = limits {
            if !found.iter().any(|d| d.is_error()) {
                let _ = module_data(db, file, limits);
            }
        }
    }
}
