//! What every subcommand shares: the real file system, the project root,
//! the database, and printing diagnostics.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::{normalize, OsFileSystem};
use floe_lang::{Database, Diagnostic};

use crate::ColorChoice;

/// The current directory, or `/` if it cannot be read.
pub fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}

/// `path` made absolute against the working directory, without `..`.
pub fn absolute(path: &Path) -> PathBuf {
    normalize(&cwd().join(path))
}

/// The project root for `start`: the nearest ancestor directory holding
/// `floe.toml` or `.git`, else `start`'s own directory.
pub fn project_root(explicit: Option<&Path>, start: &Path) -> PathBuf {
    if let Some(root) = explicit {
        return absolute(root);
    }
    let dir = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_else(cwd)
    };
    for ancestor in dir.ancestors() {
        if ancestor.join("floe.toml").exists() || ancestor.join(".git").exists() {
            return ancestor.to_path_buf();
        }
    }
    dir
}

/// A database reading the real file system, confined to `root`, with the
/// file size limit of `limits`.
pub fn database(root: PathBuf, limits: &crate::LimitArgs) -> Database {
    let mut db = Database::new(Arc::new(OsFileSystem::new(cwd())), root);
    db.set_max_file_size(limits.max_file_size);
    db
}

/// A size given on the command line: bytes, or a number with `K`, `M` or
/// `G` (powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (t.get(..i).unwrap_or(""), t.get(i..).unwrap_or("")),
        None => (t, ""),
    };
    let shift = match unit
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => {
            return Err(format!(
                "`{text}` is not a size (write e.g. 1048576, 512K, 64M or 2G)"
            ))
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size (write e.g. 1048576, 512K, 64M or 2G)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Whether to colour output on stderr.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Prints diagnostics and a closing count to stderr.
pub fn report(db: &Database, diagnostics: &[Diagnostic], color: bool) {
    if diagnostics.is_empty() {
        return;
    }
    eprint!("{}", floe_lang::diagnostics::render(db, diagnostics, color));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    match (errors, warnings) {
        (0, w) => eprintln!("{}", plural(w, "warning")),
        (e, 0) => eprintln!("{}", plural(e, "error")),
        (e, w) => eprintln!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// Loads an entry file named on the command line, or describes why not.
pub fn load_entry(db: &Database, path: &Path) -> Result<floe_lang::SourceFile, Box<Diagnostic>> {
    db.load(&absolute(path))
        .map_err(|e| Box::new(e.diagnostic(&format!("cannot read `{}`", path.display()), None)))
}

/// The memory the process holds, for the evaluator's memory limit: its
/// address space where that is limited (`ulimit -v`), else its resident
/// set; 0 where neither can be read.
pub fn memory_in_use() -> u64 {
    // statm: total pages, then resident pages; pages here are 4 KiB.
    let field = usize::from(address_space_limit().is_none());
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(field)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// The address-space limit of the process, if it has one.
pub fn address_space_limit() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getrlimit, Resource};
        getrlimit(Resource::As).current
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// Splits `a.b."c.d"` into `["a", "b", "c.d"]`.
pub fn attr_path(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            '.' if !quoted => {
                if current.is_empty() && !was_quoted {
                    return Err(format!("`{text}` has an empty key"));
                }
                out.push(std::mem::take(&mut current));
                was_quoted = false;
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err(format!("`{text}` has an unclosed quote"));
    }
    if current.is_empty() && !was_quoted {
        return Err(format!("`{text}` has an empty key"));
    }
    out.push(current);
    Ok(out)
}
