//! `floe fmt`: rewrite files in the canonical layout, or, with `--check`,
//! list the files that are not in it. A file that does not parse is
//! reported and left untouched; a file is replaced in one step (written
//! beside it, then renamed over it), so it is never half-written.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use floe_lang::db::MemoryFileSystem;
use floe_lang::format::{format, FormatError, Options};
use floe_lang::{Database, Diagnostic};
use std::sync::Arc;

use crate::common::{absolute, report, use_color};
use crate::{ColorChoice, FmtArgs};

/// Directories a walk never enters: build output and dependencies.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Runs `floe fmt`.
pub fn run(args: FmtArgs, color: ColorChoice) -> ExitCode {
    let color = use_color(color);
    let options = Options { width: args.width };
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            eprintln!("error: `-` (standard input) cannot be combined with other paths");
            return ExitCode::from(2);
        }
        return stdin(options, args.check, color);
    }
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    let mut failed = false;
    for root in &roots {
        if let Err(message) = collect(root, true, &mut files) {
            eprintln!("error: {message}");
            failed = true;
        }
    }
    let mut changed = 0usize;
    let mut unchanged = 0usize;
    for (path, outcome) in files.iter().zip(format_all(&files, options, args.check)) {
        match outcome {
            Ok(true) => {
                changed += 1;
                if args.check {
                    println!("{}", path.display());
                }
            }
            Ok(false) => unchanged += 1,
            Err(problem) => {
                problem.report(path, color);
                failed = true;
            }
        }
    }
    if !args.check && changed > 0 {
        let plural = if changed == 1 { "" } else { "s" };
        eprintln!("formatted {changed} file{plural}, {unchanged} already formatted");
    }
    if failed || (args.check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Formats standard input to standard output (for editors).
fn stdin(options: Options, check: bool, color: bool) -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("error: cannot read standard input: {e}");
        return ExitCode::from(1);
    }
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: standard input is not UTF-8 text");
        return ExitCode::from(1);
    };
    match format(&text, options) {
        Ok(formatted) if check => {
            if formatted == text {
                ExitCode::SUCCESS
            } else {
                println!("-");
                ExitCode::from(1)
            }
        }
        Ok(formatted) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(formatted.as_bytes()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            explain(Path::new("<stdin>"), &text, &e, color);
            ExitCode::from(1)
        }
    }
}

/// Adds `path` (a file, or every `.floe` file under a directory) to
/// `files`. Links are not followed: a file is only ever written in place.
fn collect(path: &Path, named: bool, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta =
        fs::symlink_metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.file_type().is_symlink() {
        if named {
            return Err(format!(
                "{} is a symbolic link; name the file it leads to, so that nothing is written through a link",
                path.display()
            ));
        }
        return Ok(());
    }
    if meta.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    if !meta.is_dir() {
        return Err(format!("{} is not a file or a directory", path.display()));
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Ok(meta) = fs::symlink_metadata(&entry) else {
            continue;
        };
        if meta.is_dir() {
            if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name) {
                collect(&entry, false, files)?;
            }
        } else if meta.is_file() && name.ends_with(".floe") {
            files.push(entry);
        }
    }
    Ok(())
}

/// Why a file was not formatted.
enum Problem {
    /// It could not be read or written, or is not UTF-8 text.
    Io(String),
    /// Its text did not format.
    Format(String, FormatError),
}

impl Problem {
    fn report(&self, path: &Path, color: bool) {
        match self {
            Problem::Io(message) => eprintln!("error: {message}"),
            Problem::Format(text, e) => explain(path, text, e, color),
        }
    }
}

/// Formats `files` on every core; for each, in order, whether it changed
/// (or, with `check`, would). Files are independent, so only the reports
/// wait for the order.
fn format_all(files: &[PathBuf], options: Options, check: bool) -> Vec<Result<bool, Problem>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let outcomes: Vec<std::sync::OnceLock<Result<bool, Problem>>> =
        files.iter().map(|_| std::sync::OnceLock::new()).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let (Some(path), Some(slot)) = (files.get(i), outcomes.get(i)) else {
                        break;
                    };
                    let _ = slot.set(format_file(path, options, check));
                })
            })
            .collect();
        // Joined here, so that a worker's panic is not the whole run's.
        for worker in workers {
            let _ = worker.join();
        }
    });
    // A worker that panicked left its file without an outcome.
    files
        .iter()
        .zip(outcomes)
        .map(|(path, outcome)| {
            outcome.into_inner().unwrap_or_else(|| {
                Err(Problem::Io(format!(
                    "internal error: {} was not formatted",
                    path.display()
                )))
            })
        })
        .collect()
}

/// Formats one file; whether it changed (or, with `check`, would).
fn format_file(path: &Path, options: Options, check: bool) -> Result<bool, Problem> {
    let bytes =
        fs::read(path).map_err(|e| Problem::Io(format!("cannot read {}: {e}", path.display())))?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(Problem::Io(format!("{} is not UTF-8 text", path.display())));
    };
    let formatted = match format(&text, options) {
        Ok(formatted) => formatted,
        Err(e) => return Err(Problem::Format(text, e)),
    };
    if formatted == text {
        return Ok(false);
    }
    if !check {
        replace(path, &formatted)
            .map_err(|e| Problem::Io(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(true)
}

/// Writes `text` beside `path` with its permissions, then renames it over
/// `path`: readers see the old file or the new one, never a part.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staged = dir.join(format!(".{name}.floe-fmt-{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&staged)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&staged, meta.permissions())?;
        }
        fs::rename(&staged, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&staged);
    }
    result
}

/// Reports why `path` was not formatted.
fn explain(path: &Path, text: &str, error: &FormatError, color: bool) {
    match error {
        FormatError::Syntax(errors) => {
            // Only the file's own text is shown: its imports are not read.
            let base = absolute(path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let db = Database::new(Arc::new(MemoryFileSystem::new()), base.clone());
            let file = db.add_inline(&path.display().to_string(), text, &base, false);
            let mut diagnostics: Vec<Diagnostic> = errors
                .iter()
                .map(|e| floe_lang::diagnostics::syntax::describe(file, e))
                .collect();
            diagnostics.dedup();
            report(&db, &diagnostics, color);
            eprintln!("{} not formatted: it has syntax errors", path.display());
        }
        FormatError::Changed(what) => {
            eprintln!(
                "error: internal error: formatting {} would change its meaning ({what}); the file is left as it is, please report it",
                path.display()
            );
        }
    }
}
