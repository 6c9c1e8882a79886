//! The workspace on disk: its `.floe` files, loaded in the background after
//! `initialized` (for workspace symbols, references and the entry points),
//! and the entry points `floe.toml` names.

use std::path::{Path, PathBuf};

use crate::request::{lock, Shared};

/// Directories never searched: hidden ones, build output, packages.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// At most this many directory entries are looked at: an editor started
/// in a home directory must not read the whole disk.
const MAX_ENTRIES: usize = 200_000;

/// Every `.floe` file under `root`, in order; links are not followed.
pub fn floe_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    let mut seen = 0;
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_ENTRIES {
                out.sort();
                return out;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if kind.is_dir() && !skipped(&name) {
                dirs.push(path);
            } else if kind.is_file() && name.ends_with(".floe") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Loads every `.floe` file of the workspace into the database, a few at a
/// time so that edits arriving meanwhile are not held up.
pub fn load_all(state: &Shared) {
    let root = lock(state).root.clone();
    let files = floe_files(&root);
    for chunk in files.chunks(32) {
        let state = lock(state);
        for path in chunk {
            // A file that cannot be read is reported where it is imported.
            let _ = state.host.load(path);
        }
    }
    let analysis = {
        let mut state = lock(state);
        state.loaded = true;
        state.host.snapshot()
    };
    // An edit meanwhile cancels this; the index is then built as asked.
    let _ = analysis.prepare();
}

/// Loads the workspace unless that is done, off the runtime: a request
/// about the whole workspace waits for it.
pub async fn ensure_loaded(state: &Shared) {
    if lock(state).loaded {
        return;
    }
    let state = state.clone();
    let _ = tokio::task::spawn_blocking(move || load_all(&state)).await;
}

/// The entry points `floe.toml` at `root` names (`entries = ["main.floe"]`,
/// relative to the root), if it names any.
pub fn named_entries(root: &Path) -> Option<Vec<PathBuf>> {
    let text = std::fs::read_to_string(root.join("floe.toml")).ok()?;
    let table: toml::Table = text.parse().ok()?;
    let entries = table.get("entries")?.as_array()?;
    Some(
        entries
            .iter()
            .filter_map(|e| e.as_str())
            .map(|e| floe_lang::db::normalize(&root.join(e)))
            .collect(),
    )
}
