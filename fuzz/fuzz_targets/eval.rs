//! Checking and then evaluating any file, within small limits: a value or
//! diagnostics, never a panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::types::check;
use floe_lang::output::{render, Format};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::{Database, Limits};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/main.floe", bytes.to_vec());
    let db = Database::new(Arc::new(fs), PathBuf::from("/"));
    let Ok(file) = db.load(Path::new("/main.floe")) else {
        return;
    };
    if !check(&db, file).is_empty() {
        return;
    }
    let limits = Limits {
        max_depth: 2_000,
        max_steps: 200_000,
        max_memory: 256 << 20,
    };
    let request = EvalRequest::new(&db, file, None, Vec::new(), limits);
    if let Ok(data) = evaluate(&db, request) {
        if data.written_size() < 1 << 20 {
            let _ = render(data, Format::Json);
        }
    }
});
