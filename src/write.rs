//! Writing an output tree atomically. The new tree is built beside the
//! target — a copy of the target made of hard links (so files the tree
//! does not name are kept, without copying their bytes), with the tree's
//! files written into it — and then put in the target's place in one step
//! (an atomic exchange of the two directories on Linux). If anything fails
//! before that step, the copy is removed and the target is exactly as it
//! was. Nothing is ever written through a symbolic link. Files the same
//! program wrote before and no longer writes are removed from the copy
//! (`owned`), so they go in the same step.

use std::fs;
use std::path::{Path, PathBuf};

use floe_lang::output::OutputFile;

use crate::owned::{Record, RECORD};

/// What a write did besides writing the tree's files.
pub struct Written {
    /// Files an earlier run of the program wrote and this one does not,
    /// removed.
    pub removed: Vec<String>,
    /// Such files that were changed since, and so kept.
    pub kept: Vec<String>,
}

/// Removes the staging directory however the write ends.
struct Staging(PathBuf);

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn describe(action: &str, path: &Path, e: &std::io::Error) -> String {
    format!("cannot {action} {}: {e}", path.display())
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Writes `files` under `dir`, creating it if needed, as the output of
/// `program` (the key its files are recorded under).
pub fn write_tree(dir: &Path, files: &[OutputFile], program: &str) -> Result<Written, String> {
    if is_link(dir) {
        return Err(format!(
            "{} is a symbolic link; give the directory it leads to, so that nothing is written through a link",
            dir.display()
        ));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} exists and is not a directory", dir.display()));
    }
    let fresh = !dir.exists();
    if !fresh {
        check_destinations(dir, files)?;
    }
    // Stage beside the target, on the same file system, so that hard links
    // and renames work.
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| describe("create", &parent, &e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let staging_dir = parent.join(format!(".{name}.floe-staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging_dir);
    if fresh {
        fs::create_dir(&staging_dir).map_err(|e| describe("create", &staging_dir, &e))?;
    } else {
        link_copy(dir, &staging_dir)?;
    }
    let staging = Staging(staging_dir);
    for file in files {
        let target = staging.0.join(&file.path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p).map_err(|e| describe("create", p, &e))?;
        }
        // The copy's entry may be a hard link to the target's file: replace
        // the entry, never write into the file both share.
        if fs::symlink_metadata(&target).is_ok() {
            fs::remove_file(&target).map_err(|e| describe("replace", &target, &e))?;
        }
        fs::write(&target, &file.contents).map_err(|e| describe("write", &target, &e))?;
    }
    let record = Record::read(&staging.0);
    let (removed, kept) = record.remove_stale(&staging.0, program, files)?;
    let record_at = staging.0.join(RECORD);
    if fs::symlink_metadata(&record_at).is_ok() {
        fs::remove_file(&record_at).map_err(|e| describe("replace", &record_at, &e))?;
    }
    fs::write(&record_at, record.after(program, files))
        .map_err(|e| describe("write", &record_at, &e))?;
    if fresh {
        fs::rename(&staging.0, dir).map_err(|e| describe("move into place", dir, &e))?;
    } else {
        swap(&staging.0, dir)?;
    }
    Ok(Written { removed, kept })
}

/// Fails unless every file of the tree can go where it is to go: no
/// symbolic link on the way (which could lead out of `dir`), no file where
/// a directory must be, no directory where a file must be.
fn check_destinations(dir: &Path, files: &[OutputFile]) -> Result<(), String> {
    for file in files {
        let mut at = dir.to_path_buf();
        let mut parts = file.path.components().peekable();
        while let Some(part) = parts.next() {
            at.push(part);
            let Ok(meta) = fs::symlink_metadata(&at) else {
                break; // Nothing there yet, nor below it.
            };
            let last = parts.peek().is_none();
            if meta.file_type().is_symlink() {
                return Err(format!(
                    "{} is a symbolic link; output is never written through a link",
                    at.display()
                ));
            }
            if last && meta.is_dir() {
                return Err(format!(
                    "{} is a directory; it cannot be replaced by a file",
                    at.display()
                ));
            }
            if !last && !meta.is_dir() {
                return Err(format!(
                    "{} is a file; it cannot become a directory",
                    at.display()
                ));
            }
        }
    }
    Ok(())
}

/// Makes `to` a copy of the directory `from`: the same directories, and a
/// hard link for everything else (symbolic links stay links).
fn link_copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir(to).map_err(|e| describe("create", to, &e))?;
    if let Ok(meta) = fs::metadata(from) {
        let _ = fs::set_permissions(to, meta.permissions());
    }
    let entries = fs::read_dir(from).map_err(|e| describe("read", from, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| describe("read", from, &e))?;
        let source = entry.path();
        let dest = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|e| describe("read", &source, &e))?;
        if kind.is_dir() {
            link_copy(&source, &dest)?;
        } else {
            fs::hard_link(&source, &dest).map_err(|e| describe("link", &source, &e))?;
        }
    }
    Ok(())
}

/// Puts the directory `new` in the place of `old` in one step; `new` then
/// holds the old tree (and is removed with the staging directory).
#[cfg(target_os = "linux")]
fn swap(new: &Path, old: &Path) -> Result<(), String> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE)
        .map_err(|e| describe("move into place", old, &std::io::Error::from(e)))
}

/// Puts the directory `new` in the place of `old`: two renames, so there
/// is a moment without `old`, but never a half-written one.
#[cfg(not(target_os = "linux"))]
fn swap(new: &Path, old: &Path) -> Result<(), String> {
    let aside = new.with_extension("old");
    fs::rename(old, &aside).map_err(|e| describe("move aside", old, &e))?;
    if let Err(e) = fs::rename(new, old) {
        let _ = fs::rename(&aside, old);
        return Err(describe("move into place", old, &e));
    }
    fs::rename(&aside, new).map_err(|e| describe("clean up", &aside, &e))
}
