//! Helpers the language crate's test binaries share.

use std::path::{Path, PathBuf};

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
