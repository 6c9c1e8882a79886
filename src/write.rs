//! Writing an output tree atomically: every file is first written into a
//! staging directory; only when all of them are written are they moved into
//! place. If anything fails, the staging directory is removed and the
//! target is left exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};

use floe_lang::output::OutputFile;

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

/// Writes `files` under `dir`, creating it if needed.
pub fn write_tree(dir: &Path, files: &[OutputFile]) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} exists and is not a directory", dir.display()));
    }
    let fresh = !dir.exists();
    // Stage beside the target, on the same file system, so renames are atomic.
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
    fs::create_dir_all(&staging_dir).map_err(|e| describe("create", &staging_dir, &e))?;
    let staging = Staging(staging_dir);
    for file in files {
        let target = staging.0.join(&file.path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p).map_err(|e| describe("create", p, &e))?;
        }
        fs::write(&target, &file.contents).map_err(|e| describe("write", &target, &e))?;
    }
    if fresh {
        fs::rename(&staging.0, dir).map_err(|e| describe("move into place", dir, &e))?;
        return Ok(());
    }
    // The directory exists: check every destination first, then move files in.
    for file in files {
        let dest = dir.join(&file.path);
        if dest.is_dir() {
            return Err(format!(
                "{} is a directory; it cannot be replaced by a file",
                dest.display()
            ));
        }
        let mut ancestor = dest.parent();
        while let Some(a) = ancestor {
            if a == dir {
                break;
            }
            if a.exists() && !a.is_dir() {
                return Err(format!(
                    "{} is a file; it cannot become a directory",
                    a.display()
                ));
            }
            ancestor = a.parent();
        }
    }
    for file in files {
        let dest = dir.join(&file.path);
        if let Some(p) = dest.parent() {
            fs::create_dir_all(p).map_err(|e| describe("create", p, &e))?;
        }
        fs::rename(staging.0.join(&file.path), &dest)
            .map_err(|e| describe("move into place", &dest, &e))?;
    }
    Ok(())
}
