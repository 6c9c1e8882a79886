//! What `-o DIR` owns: `DIR/.floe-tree.json` records, per program, every
//! file a run wrote and a digest of what it wrote. A later run of the same
//! program removes the files it no longer writes — a domain taken out of a
//! mesh takes its Kubernetes objects with it — but only those still exactly
//! as floe wrote them: a file changed by hand, and every file floe did not
//! write, is left alone.

use std::fs;
use std::path::{Component, Path};

use floe_lang::output::OutputFile;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The record's name in the output directory.
pub const RECORD: &str = ".floe-tree.json";

/// What the record says, read from a directory.
pub struct Record {
    programs: Map<String, Value>,
}

/// The digest a file is recorded with: `sha256:<hex>`.
fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A recorded path that stays inside the directory: relative, with plain
/// names only. A record edited to say otherwise is not followed.
fn inside(path: &str) -> bool {
    let path = Path::new(path);
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Whether a directory on the way from `dir` to `path` is a symbolic
/// link: a file reached through one may be outside `dir`, and is never
/// removed.
fn through_link(dir: &Path, path: &Path) -> bool {
    let mut at = dir.to_path_buf();
    let mut parts = path.components().peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            return false;
        }
        at.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
    }
    false
}

impl Record {
    /// The record in `dir`; an empty one when there is none. A record that
    /// cannot be read as one removes nothing.
    pub fn read(dir: &Path) -> Record {
        let programs = fs::read(dir.join(RECORD))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .and_then(|v| v.get("programs").and_then(Value::as_object).cloned())
            .unwrap_or_default();
        Record { programs }
    }

    /// Removes from `dir` the files `program` wrote last time and does not
    /// write now (`files`), when they are unchanged, and empty directories
    /// left behind. Gives the files removed and those kept (changed by
    /// hand), as paths relative to `dir`.
    pub fn remove_stale(
        &self,
        dir: &Path,
        program: &str,
        files: &[OutputFile],
    ) -> Result<(Vec<String>, Vec<String>), String> {
        let (mut removed, mut kept) = (Vec::new(), Vec::new());
        let Some(written) = self.programs.get(program).and_then(Value::as_object) else {
            return Ok((removed, kept));
        };
        for (path, recorded) in written {
            if !inside(path) || files.iter().any(|f| f.path == Path::new(path)) {
                continue;
            }
            let at = dir.join(path);
            if through_link(dir, Path::new(path)) {
                kept.push(path.clone());
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(&at) else {
                continue; // Already gone.
            };
            let unchanged = meta.is_file()
                && fs::read(&at)
                    .is_ok_and(|bytes| Some(digest(&bytes).as_str()) == recorded.as_str());
            if !unchanged {
                kept.push(path.clone());
                continue;
            }
            fs::remove_file(&at).map_err(|e| format!("cannot remove {}: {e}", at.display()))?;
            removed.push(path.clone());
            // Directories the file leaves empty go with it; `remove_dir`
            // refuses any that still hold something.
            let mut parent = at.parent();
            while let Some(p) = parent.filter(|p| *p != dir) {
                if fs::remove_dir(p).is_err() {
                    break;
                }
                parent = p.parent();
            }
        }
        Ok((removed, kept))
    }

    /// The record's text after `program` wrote `files`: other programs'
    /// entries stay as they were.
    pub fn after(mut self, program: &str, files: &[OutputFile]) -> String {
        let written: Map<String, Value> = files
            .iter()
            .map(|f| {
                let path = f.path.to_string_lossy().replace('\\', "/");
                (path, Value::String(digest(f.contents.as_bytes())))
            })
            .collect();
        self.programs
            .insert(program.to_string(), Value::Object(written));
        let mut record = Map::new();
        record.insert(
            "about".into(),
            Value::String(
                "The files floe wrote here, by program, with their digests; a later run of a program removes those it no longer writes, unless they were changed.".into(),
            ),
        );
        record.insert("programs".into(), Value::Object(self.programs));
        let mut text = serde_json::to_string_pretty(&Value::Object(record)).unwrap_or_default();
        text.push('\n');
        text
    }
}
