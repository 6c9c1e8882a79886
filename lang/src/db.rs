//! The salsa database: file texts are inputs; parsing, lowering, import
//! resolution, checking and evaluation are tracked queries. The CLI, and
//! later the REPL and the language server, all go through it, so an edit
//! re-does only the work that depends on it.
//!
//! The database reads files through a [`FileSystem`] handed to it, so this
//! crate does no IO of its own and tests can run on an in-memory tree.

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use salsa::Durability;

use crate::diagnostics::names::NameError;
use crate::diagnostics::{Diagnostic, Place};
use crate::syntax::Span;
use crate::{data, stdlib};

mod files;
pub use files::Change;

pub use crate::source::{FileKind, FileSet, Origin, SourceFile};

/// What a path names, following links, as far as loading it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file of `len` bytes.
    File {
        /// Its size as the file system reports it.
        len: u64,
    },
    /// A directory.
    Directory,
    /// Something else that must not be opened for reading: a named pipe
    /// (opening it blocks), a device (`/dev/zero` never ends), a socket.
    Special {
        /// What it is, worded for a diagnostic ("a named pipe").
        what: &'static str,
    },
}

/// Reads files for the database. The CLI passes the real file system.
///
/// A file system is `RefUnwindSafe`, so that a database holding one can be
/// used inside `salsa::Cancelled::catch` and `std::panic::catch_unwind`.
pub trait FileSystem: Send + Sync + std::panic::RefUnwindSafe {
    /// What `path` names, without opening it.
    fn entry(&self, path: &Path) -> io::Result<Entry>;
    /// The bytes of the regular file at `path`; at most `limit + 1` of
    /// them, so that a file that grows after [`FileSystem::entry`] still
    /// cannot be read without end.
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>>;
    /// `path` with every symbolic link on the way followed (the path the
    /// file really has); `path` itself where there are no links.
    fn real_path(&self, path: &Path) -> io::Result<PathBuf> {
        Ok(path.to_path_buf())
    }
    /// The name to show for `path` in diagnostics.
    fn display_name(&self, path: &Path) -> String {
        path.display().to_string()
    }
    /// The entries of the directory `dir`: each name, and whether it is a
    /// directory. For editors completing import paths; none by default.
    fn list(&self, dir: &Path) -> io::Result<Vec<(String, bool)>> {
        let _ = dir;
        Ok(Vec::new())
    }
}

/// Largest file the database reads unless told otherwise
/// ([`Database::set_max_file_size`], `--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 128 * 1024 * 1024;

pub use crate::diagnostics::names::LoadError;

pub use crate::diagnostics::words::size_text;

/// The queries' view of the database.
#[salsa::db]
pub trait Db: salsa::Database {
    /// What the file set holds for `path` (normalised, absolute): the
    /// file, why it could not be loaded, or nothing when it was never
    /// looked for. Never reads the disk; see [`file_at`].
    fn lookup(&self, path: &Path) -> Option<Result<SourceFile, LoadError>>;
    /// The file set's own input, read by lookups that found no file.
    fn file_set(&self) -> Option<FileSet>;
    /// The embedded standard-library module `name` (e.g. `std/list`).
    fn stdlib_module(&self, name: &str) -> Option<SourceFile>;
    /// Imports must stay inside this directory.
    fn project_root(&self) -> &Path;
    /// The project root with every link in it followed: where imports,
    /// once their own links are followed, must still lead.
    fn real_project_root(&self) -> &Path {
        self.project_root()
    }
    /// Whether the process ends after one answer, so that values need not
    /// be freed (the command line); a database that lives on (`--watch`,
    /// the language server) frees everything each evaluation made.
    fn is_one_shot(&self) -> bool {
        false
    }
}

/// The database used by the CLI and by tests.
#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    files: Arc<Mutex<HashMap<PathBuf, Result<SourceFile, LoadError>>>>,
    file_set: Option<FileSet>,
    std_files: Arc<Mutex<HashMap<String, SourceFile>>>,
    fs: Arc<dyn FileSystem>,
    root: PathBuf,
    real_root: PathBuf,
    max_file_size: u64,
    executed: Option<Arc<Mutex<Vec<String>>>>,
    one_shot: bool,
}

#[salsa::db]
impl salsa::Database for Database {}

impl Database {
    /// A database reading through `fs`, confining imports to `root`.
    pub fn new(fs: Arc<dyn FileSystem>, root: PathBuf) -> Database {
        Database {
            storage: salsa::Storage::default(),
            files: Arc::default(),
            file_set: None,
            std_files: Arc::default(),
            real_root: real_root(fs.as_ref(), &root),
            fs,
            root: normalize(&root),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            executed: None,
            one_shot: false,
        }
        .with_file_set()
    }

    /// A database that records which queries execute (rather than being
    /// reused), to show and test what an edit recomputes.
    pub fn with_query_log(fs: Arc<dyn FileSystem>, root: PathBuf) -> Database {
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = log.clone();
        Database {
            storage: salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
                if let salsa::EventKind::WillExecute { database_key } = event.kind {
                    if let Ok(mut log) = sink.lock() {
                        log.push(format!("{database_key:?}"));
                    }
                }
            }))),
            files: Arc::default(),
            file_set: None,
            std_files: Arc::default(),
            real_root: real_root(fs.as_ref(), &root),
            fs,
            root: normalize(&root),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            executed: Some(log),
            one_shot: false,
        }
        .with_file_set()
    }

    fn with_file_set(mut self) -> Database {
        self.file_set = Some(FileSet::builder(0).durability(Durability::LOW).new(&self));
        self
    }

    /// The queries executed since the last call (with
    /// [`Database::with_query_log`]; empty otherwise).
    pub fn take_query_log(&self) -> Vec<String> {
        self.executed
            .as_ref()
            .and_then(|l| l.lock().ok().map(|mut l| std::mem::take(&mut *l)))
            .unwrap_or_default()
    }

    /// Adds text that does not live in a file (an `-e` expression).
    pub fn add_inline(&self, name: &str, text: &str, base: &Path, it: bool) -> SourceFile {
        let file = SourceFile::new(
            self,
            name.to_string(),
            Origin::Inline {
                base: normalize(base),
                it,
            },
            FileKind::Floe,
            Arc::from(text),
            true,
        );
        self.load_imports(file);
        file
    }

    /// Files larger than `bytes` are not read (E0211); at most 4 GiB.
    pub fn set_max_file_size(&mut self, bytes: u64) {
        self.max_file_size = bytes.min(crate::syntax::MAX_SPAN_BYTES);
    }

    /// Marks the database as answering one question before the process
    /// exits: evaluations then skip freeing their values.
    pub fn set_one_shot(&mut self, one_shot: bool) {
        self.one_shot = one_shot;
    }

    /// The entries of the directory `dir` (name, whether a directory), as
    /// the file system lists them; empty when it cannot.
    pub fn list_dir(&self, dir: &Path) -> Vec<(String, bool)> {
        self.fs.list(dir).unwrap_or_default()
    }

    /// The paths of every file read so far, for watching them.
    pub fn loaded_paths(&self) -> Vec<PathBuf> {
        self.files
            .lock()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Replaces the text of a file (for `--watch` and the language
    /// server), adding it if it was not there; returns false if it was not.
    pub fn set_text(&mut self, path: &Path, text: &str) -> bool {
        let known = matches!(self.lookup(&normalize(path)), Some(Ok(f)) if f.exists(self));
        self.apply_change(Change::Set {
            path: path.to_path_buf(),
            text: text.to_string(),
        });
        known
    }
}

#[salsa::db]
impl Db for Database {
    fn lookup(&self, path: &Path) -> Option<Result<SourceFile, LoadError>> {
        self.files.lock().ok()?.get(path).cloned()
    }

    fn file_set(&self) -> Option<FileSet> {
        self.file_set
    }

    fn stdlib_module(&self, name: &str) -> Option<SourceFile> {
        let mut files = self.std_files.lock().ok()?;
        if let Some(file) = files.get(name) {
            return Some(*file);
        }
        let text = stdlib::module(name)?;
        let file = SourceFile::builder(
            format!("floe:{name}"),
            Origin::Std(name.to_string()),
            FileKind::Floe,
            Arc::from(text),
            true,
        )
        .durability(Durability::HIGH)
        .new(self);
        files.insert(name.to_string(), file);
        Some(file)
    }

    fn project_root(&self) -> &Path {
        &self.root
    }

    fn real_project_root(&self) -> &Path {
        &self.real_root
    }

    fn is_one_shot(&self) -> bool {
        self.one_shot
    }
}

/// The root with its links followed; the root as given when that fails
/// (it need not exist: nothing can be imported from it then).
fn real_root(fs: &dyn FileSystem, root: &Path) -> PathBuf {
    let root = normalize(root);
    fs.real_path(&root).unwrap_or(root)
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// The kind of file `path` names, by extension; Floe when in doubt.
pub fn kind_of(path: &Path) -> FileKind {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => FileKind::Json,
        Some("yaml" | "yml") => FileKind::Yaml,
        _ => FileKind::Floe,
    }
}

/// Makes `path` absolute-looking and removes `.` and `..` without touching
/// the file system, so the same file always gets the same key.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                // `/..` is `/`; a relative path keeps leading `..`s.
                if !out.pop() && !out.has_root() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The operating system's file system, naming files relative to a
/// working directory.
pub struct OsFileSystem {
    cwd: PathBuf,
}

impl OsFileSystem {
    /// Reads the real files; names are shown relative to `cwd`.
    pub fn new(cwd: PathBuf) -> OsFileSystem {
        OsFileSystem { cwd }
    }
}

impl FileSystem for OsFileSystem {
    fn entry(&self, path: &Path) -> io::Result<Entry> {
        let kind = std::fs::metadata(path)?;
        Ok(entry_of(&kind))
    }

    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let file = open_without_blocking(path)?;
        // The path may name something else than when `entry` looked.
        match entry_of(&file.metadata()?) {
            Entry::File { .. } => {}
            Entry::Directory => return Err(io::Error::other("it is a directory")),
            Entry::Special { what } => return Err(io::Error::other(format!("it is {what}"))),
        }
        let mut bytes = Vec::new();
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn real_path(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }

    fn display_name(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<(String, bool)>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir)?.flatten() {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        out.sort();
        Ok(out)
    }
}

fn entry_of(meta: &std::fs::Metadata) -> Entry {
    let kind = meta.file_type();
    if kind.is_file() {
        return Entry::File { len: meta.len() };
    }
    if kind.is_dir() {
        return Entry::Directory;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Entry::Special {
                what: "a named pipe",
            };
        }
        if kind.is_socket() {
            return Entry::Special { what: "a socket" };
        }
    }
    Entry::Special { what: "a device" }
}

/// Opens `path` for reading without waiting for a writer, should it have
/// become a named pipe since it was looked at.
fn open_without_blocking(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// A resolved `import`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImportTarget {
    /// A Floe file (or standard-library module).
    Floe(SourceFile),
    /// A JSON or YAML data file.
    Data(SourceFile),
}

impl ImportTarget {
    /// The file imported.
    pub fn file(&self) -> SourceFile {
        match self {
            ImportTarget::Floe(f) | ImportTarget::Data(f) => *f,
        }
    }
}

/// An import site: where it was written and what it resolved to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Import {
    /// The span of the path string.
    pub span: Span,
    /// The path as written.
    pub path: String,
    /// What it resolved to, or why it did not.
    pub target: Result<ImportTarget, Box<Diagnostic>>,
}

/// Resolves one import path written in `file` at `span`.
pub fn resolve_import(db: &dyn Db, file: SourceFile, path: &str, span: Span) -> Import {
    let target = resolve_target(db, file, path, span).map_err(Box::new);
    Import {
        span,
        path: path.to_string(),
        target,
    }
}

// Cold path; boxed once by the caller.
#[allow(clippy::result_large_err)]
fn resolve_target(
    db: &dyn Db,
    file: SourceFile,
    path: &str,
    span: Span,
) -> Result<ImportTarget, Diagnostic> {
    let at = Place::span(file, span);
    if let Some(module) = path.strip_prefix("floe:") {
        return match db.stdlib_module(module) {
            Some(target) => Ok(ImportTarget::Floe(target)),
            None => Err(NameError::UnknownModule {
                module: module.to_string(),
                at,
                modules: stdlib::MODULES.iter().map(|(n, _)| n.to_string()).collect(),
            }
            .into()),
        };
    }
    if path.contains("://")
        || path
            .split_once(':')
            .is_some_and(|(s, _)| s.len() > 1 && !s.contains('/'))
    {
        return Err(NameError::NotLocal {
            path: path.to_string(),
            at,
        }
        .into());
    }
    let base = match file.origin(db) {
        Origin::Path(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
        Origin::Inline { base, .. } => base.clone(),
        Origin::Std(_) => return Err(NameError::FileFromStdlib { at }.into()),
    };
    if Path::new(path).is_absolute() {
        return Err(NameError::Absolute {
            path: path.to_string(),
            at,
        }
        .into());
    }
    let target = normalize(&base.join(path));
    let outside = |through_link| NameError::OutsideRoot {
        path: path.to_string(),
        at,
        root: db.project_root().to_path_buf(),
        through_link,
    };
    if !target.starts_with(db.project_root()) {
        return Err(outside(None).into());
    }
    let kind = kind_of(&target);
    let extension = target.extension().and_then(|e| e.to_str()).unwrap_or("");
    if kind == FileKind::Floe && extension != "floe" {
        return Err(NameError::UnknownFileType {
            path: path.to_string(),
            at,
        }
        .into());
    }
    match file_at(db, &target) {
        Ok(loaded) => Ok(match kind {
            FileKind::Floe => ImportTarget::Floe(loaded),
            FileKind::Json | FileKind::Yaml => ImportTarget::Data(loaded),
        }),
        // The path is inside; where its links lead must be too.
        Err(LoadError::ThroughLink { real }) => Err(outside(Some((target, real))).into()),
        Err(error) => {
            let looked_for = matches!(error, LoadError::Io { .. }).then_some(target);
            Err(NameError::Load {
                what: format!("cannot import `{path}`"),
                error,
                at: Some(at),
                looked_for,
            }
            .into())
        }
    }
}

/// The file at `path` as the file set holds it. A lookup that finds no
/// file depends on the file set, so creating the file later re-runs it.
pub fn file_at(db: &dyn Db, path: &Path) -> Result<SourceFile, LoadError> {
    let found = db.lookup(path);
    if let Some(Ok(file)) = found {
        if file.exists(db) {
            return Ok(file);
        }
    }
    if let Some(set) = db.file_set() {
        let _ = set.generation(db);
    }
    match found {
        Some(Err(e)) => Err(e),
        _ => Err(LoadError::Io {
            message: "no such file".to_string(),
        }),
    }
}

/// The concrete syntax tree of a Floe file, lossless, with its comments and
/// every syntax error. The formatter and the editor tools read it; lowering
/// builds on it.
#[salsa::tracked(returns(ref))]
pub fn parse(db: &dyn Db, file: SourceFile) -> crate::syntax::Parse {
    crate::syntax::Parse::of(file.text(db))
}

/// The value of a JSON or YAML file.
#[salsa::tracked(returns(ref))]
pub fn data_file(db: &dyn Db, file: SourceFile) -> Result<data::Data, Box<Diagnostic>> {
    data::load(file.kind(db), file.text(db)).map_err(|e| {
        Box::new(
            NameError::InvalidData {
                format: e.format,
                message: e.message,
                at: Place::span(file, Span::new(e.offset, e.offset)),
            }
            .diagnostic(),
        )
    })
}

/// A file system held in memory, for tests and for editors' unsaved
/// buffers.
#[derive(Clone, Debug, Default)]
pub struct MemoryFileSystem {
    files: HashMap<PathBuf, Vec<u8>>,
}

impl MemoryFileSystem {
    /// An empty file system.
    pub fn new() -> MemoryFileSystem {
        MemoryFileSystem::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        self.files.insert(normalize(&path.into()), contents.into());
    }
}

impl FileSystem for MemoryFileSystem {
    fn entry(&self, path: &Path) -> io::Result<Entry> {
        if let Some(bytes) = self.files.get(path) {
            return Ok(Entry::File {
                len: bytes.len() as u64,
            });
        }
        if self.files.keys().any(|k| k.starts_with(path)) {
            return Ok(Entry::Directory);
        }
        Err(io::Error::from(io::ErrorKind::NotFound))
    }

    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let bytes = self
            .files
            .get(path)
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))?;
        let end = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
        Ok(bytes.get(..end).unwrap_or(bytes).to_vec())
    }

    fn display_name(&self, path: &Path) -> String {
        path.strip_prefix("/").unwrap_or(path).display().to_string()
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<(String, bool)>> {
        let mut out: Vec<(String, bool)> = Vec::new();
        for path in self.files.keys() {
            let Ok(rest) = path.strip_prefix(dir) else {
                continue;
            };
            let mut parts = rest.components();
            let (Some(first), more) = (parts.next(), parts.next().is_some()) else {
                continue;
            };
            let entry = (first.as_os_str().to_string_lossy().into_owned(), more);
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        out.sort();
        Ok(out)
    }
}
