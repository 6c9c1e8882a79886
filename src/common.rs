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

/// A database reading the real file system, confined to `root`.
pub fn database(root: PathBuf) -> Database {
    Database::new(Arc::new(OsFileSystem::new(cwd())), root)
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
    use floe_lang::db::{Db, LoadError};
    use floe_lang::Code;
    db.load(&absolute(path)).map_err(|e| {
        Box::new(match e {
            LoadError::Io { message } => Diagnostic::bare(
                Code::E0204,
                format!("cannot read `{}`: {message}", path.display()),
            ),
            LoadError::NotText => Diagnostic::bare(
                Code::E0109,
                format!("`{}` is not UTF-8 text", path.display()),
            )
            .with_help("Floe source files must be UTF-8; is this a binary file?"),
            LoadError::TooLarge => Diagnostic::bare(
                Code::E0513,
                format!("`{}` is larger than 4 GiB", path.display()),
            ),
        })
    })
}
