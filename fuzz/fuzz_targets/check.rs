//! Name resolution, imports and type checking on any file: diagnostics,
//! never a panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::types::check;
use floe_lang::Database;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/main.floe", bytes.to_vec());
    let db = Database::new(Arc::new(fs), PathBuf::from("/"));
    if let Ok(file) = db.load(Path::new("/main.floe")) {
        let _ = check(&db, file);
    }
});
