//! Helpers the language crate's test binaries share.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::ide::AnalysisHost;
use floe_lang::{Database, SourceFile};

/// Appends the `.floe` files under `dir` to `out`, in path order, skipping
/// build output, dependencies and version control.
pub fn floe_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let skipped = path
            .file_name()
            .is_some_and(|n| n == "target" || n == ".git" || n == "node_modules");
        if skipped {
            continue;
        }
        if path.is_dir() {
            floe_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "floe") {
            out.push(path);
        }
    }
}

/// A host over `files` (the first holds the `$0` cursor), its first file
/// and the cursor's offset.
pub fn host(files: &[(&str, &str)]) -> (AnalysisHost, SourceFile, usize) {
    let mut fs = MemoryFileSystem::new();
    let mut offset = 0;
    for (i, (path, text)) in files.iter().enumerate() {
        if i == 0 {
            offset = text.find("$0").unwrap_or(text.len());
        }
        fs.insert(*path, text.replace("$0", "").into_bytes());
    }
    let host = AnalysisHost::new(Database::new(Arc::new(fs), PathBuf::from("/p")));
    let main = host.load(Path::new(files[0].0)).unwrap();
    (host, main, offset)
}
