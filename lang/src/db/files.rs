//! The live file set: which files the database holds. Files are read from
//! the [`FileSystem`] here, outside every query, and change in one place
//! ([`Database::apply_change`]); queries only look them up ([`file_at`]).
//!
//! Loading a file loads what it imports, transitively, found from its
//! tokens (`import "…"`), so that by the time a query resolves an import
//! the file set already holds the answer: the file, or why it could not be
//! read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use salsa::{Durability, Setter};

use super::{
    io_message, kind_of, normalize, Database, Db, Entry, FileKind, LoadError, Origin, SourceFile,
};
use crate::syntax::lexer::{self, Sym, Token};

/// One change to the file set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The file at `path` now holds `text`: a new file, an edit, an
    /// editor's unsaved buffer.
    Set {
        /// The file (absolute).
        path: PathBuf,
        /// Its new text.
        text: String,
    },
    /// The file at `path` is gone.
    Remove {
        /// The file (absolute).
        path: PathBuf,
    },
}

impl Database {
    /// The file at `path` (absolute), read from the file system on first
    /// use together with everything it imports.
    pub fn load(&self, path: &Path) -> Result<SourceFile, LoadError> {
        let file = self.load_one(&normalize(path), false)?;
        self.load_imports(file);
        Ok(file)
    }

    /// Reads what `file` imports, and what those import, that the file set
    /// does not hold yet.
    pub fn load_imports(&self, file: SourceFile) {
        let mut queue = vec![file];
        while let Some(file) = queue.pop() {
            if file.kind(self) != FileKind::Floe || !file.exists(self) {
                continue;
            }
            let base = match file.origin(self) {
                Origin::Path(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
                Origin::Inline { base, .. } => base.clone(),
                Origin::Std(_) => continue,
            };
            for written in import_paths(file.text(self)) {
                let Some(target) = self.import_target(&base, &written) else {
                    continue;
                };
                if self.lookup(&target).is_some() {
                    continue;
                }
                if let Ok(loaded) = self.load_one(&target, true) {
                    queue.push(loaded);
                }
            }
        }
    }

    /// Applies one change. A file that appears is looked up afresh by every
    /// query that did not find it; one that disappears is reported missing
    /// by its importers.
    pub fn apply_change(&mut self, change: Change) {
        match change {
            Change::Set { path, text } => {
                let path = normalize(&path);
                let file = match self.lookup(&path) {
                    Some(Ok(file)) => {
                        // Edited files are of low durability (see `load_one`).
                        file.set_text(self)
                            .with_durability(Durability::LOW)
                            .to(Arc::from(text));
                        if !file.exists(self) {
                            file.set_exists(self)
                                .with_durability(Durability::LOW)
                                .to(true);
                        }
                        file
                    }
                    _ => {
                        // First a new revision, then the file: an input's
                        // fields change in the revision it is made in, and
                        // the queries that missed it must see a change
                        // newer than their own results.
                        self.bump_generation();
                        let file = SourceFile::builder(
                            self.fs.display_name(&path),
                            Origin::Path(path.clone()),
                            kind_of(&path),
                            Arc::from(text),
                            true,
                        )
                        .durability(Durability::LOW)
                        .new(self);
                        self.insert(path, Ok(file));
                        file
                    }
                };
                self.load_imports(file);
            }
            Change::Remove { path } => {
                if let Some(Ok(file)) = self.lookup(&normalize(&path)) {
                    file.set_exists(self)
                        .with_durability(Durability::LOW)
                        .to(false);
                    file.set_text(self)
                        .with_durability(Durability::LOW)
                        .to(Arc::from(""));
                }
            }
        }
    }

    /// Reads `path` from the file system again (`--watch` saw it change)
    /// and applies what it found: new text, or the file gone.
    pub fn reload(&mut self, path: &Path) {
        let path = normalize(path);
        let confine = !matches!(self.lookup(&path), Some(Ok(_)));
        match self.read(&path, confine) {
            Ok(text) => self.apply_change(Change::Set { path, text }),
            Err(e) => match self.lookup(&path) {
                Some(Ok(_)) => self.apply_change(Change::Remove { path }),
                _ => {
                    self.insert(path, Err(e));
                    self.bump_generation();
                }
            },
        }
    }

    fn insert(&self, path: PathBuf, entry: Result<SourceFile, LoadError>) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path, entry);
        }
    }

    fn bump_generation(&mut self) {
        if let Some(set) = self.file_set {
            let next = set.generation(self).wrapping_add(1);
            set.set_generation(self)
                .with_durability(Durability::LOW)
                .to(next);
        }
    }

    /// The file at `path`, read unless the set holds it already. Looking
    /// and inserting happen under one lock, so two threads cannot create
    /// two inputs for one path.
    fn load_one(&self, path: &Path, confine: bool) -> Result<SourceFile, LoadError> {
        let Ok(mut files) = self.files.lock() else {
            return Err(LoadError::Io {
                message: "the file set is unavailable".to_string(),
            });
        };
        if let Some(entry) = files.get(path) {
            return entry.clone();
        }
        // Files as read are of medium durability and become low once
        // edited: after an edit, salsa then knows without looking that
        // everything computed from files nobody has edited still holds.
        let entry = self.read(path, confine).map(|text| {
            SourceFile::builder(
                self.fs.display_name(path),
                Origin::Path(path.to_path_buf()),
                kind_of(path),
                Arc::from(text),
                true,
            )
            .durability(Durability::MEDIUM)
            .new(self)
        });
        files.insert(path.to_path_buf(), entry.clone());
        entry
    }

    /// The text of the file at `path`. An import (`confine`) must not lead
    /// outside the project root through links; that is checked before
    /// anything there is looked at further.
    fn read(&self, path: &Path, confine: bool) -> Result<String, LoadError> {
        if confine {
            if let Ok(real) = self.fs.real_path(path) {
                if !real.starts_with(&self.real_root) {
                    return Err(LoadError::ThroughLink { real });
                }
            }
        }
        let io = |e: std::io::Error| LoadError::Io {
            message: io_message(&e),
        };
        let limit = self.max_file_size;
        // Size and kind are known before the file is opened: a named pipe
        // or a device is never opened, a huge file never read.
        match self.fs.entry(path).map_err(io)? {
            Entry::File { len } if len > limit => {
                return Err(LoadError::TooLarge { size: len, limit })
            }
            Entry::File { .. } => {}
            Entry::Directory => {
                return Err(LoadError::NotAFile {
                    what: "a directory",
                })
            }
            Entry::Special { what } => return Err(LoadError::NotAFile { what }),
        }
        let bytes = self.fs.read(path, limit).map_err(io)?;
        if bytes.len() as u64 > limit {
            return Err(LoadError::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        let mut text = String::from_utf8(bytes).map_err(|_| LoadError::NotText)?;
        // A byte-order mark says only that the file is UTF-8.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(text)
    }

    /// Where an import written `written` in a file of directory `base`
    /// points, when it is a file the project may read (the query that
    /// resolves it reports every other case).
    fn import_target(&self, base: &Path, written: &str) -> Option<PathBuf> {
        if written.starts_with("floe:") || written.contains(':') || Path::new(written).is_absolute()
        {
            return None;
        }
        let target = normalize(&base.join(written));
        let known_kind =
            kind_of(&target) != FileKind::Floe || target.extension().is_some_and(|e| e == "floe");
        (target.starts_with(self.project_root()) && known_kind).then_some(target)
    }
}

/// The paths of a file's `import "…"` expressions, as the parser reads
/// them (escapes applied; interpolated paths left out).
///
/// Only the text up to the last `import` (and the line after it) is
/// lexed: files import at the top. The prefix ends at a line break, where
/// no token but a string can be cut, and lexing runs left to right, so a
/// prefix that lexes without errors has the whole text's tokens; when it
/// has errors, or its last `import` has no path within it, the whole text
/// is lexed.
fn import_paths(text: &str) -> Vec<String> {
    let Some(last) = text.rfind("import") else {
        return Vec::new();
    };
    let after = last + "import".len();
    let cut = text
        .get(after..)
        .and_then(|rest| rest.match_indices('\n').nth(1).map(|(i, _)| after + i))
        .unwrap_or(text.len());
    match text.get(..cut).map(paths_in) {
        Some((paths, true)) => paths,
        _ => paths_in(text).0,
    }
}

/// The import paths of `text`, and whether it lexed cleanly with a path
/// after its last `import` (else `text` may be cut short there).
fn paths_in(text: &str) -> (Vec<String>, bool) {
    let lexed = lexer::lex(text);
    let tokens = &lexed.tokens;
    let mut out = Vec::new();
    let mut complete = lexed.errors.is_empty();
    for (i, (token, _)) in tokens.iter().enumerate() {
        if *token != Token::Sym(Sym::Import) {
            continue;
        }
        match tokens.get(i + 1..i + 4) {
            Some([(Token::Quote, _), (Token::StrText(raw), _), (Token::Quote, _)]) => {
                out.push(lexer::unescape(raw));
            }
            Some([(Token::IndQuote, _), (Token::StrText(raw), _), (Token::IndQuote, _)]) => {
                out.push(crate::syntax::indented_text(raw));
            }
            // Interpolated, or no path: nothing the loader can find.
            Some(_) => {}
            None => complete = false,
        }
    }
    (out, complete)
}

#[cfg(test)]
mod tests {
    use super::{import_paths, paths_in};

    fn floe_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                floe_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "floe") {
                out.push(path);
            }
        }
    }

    /// Lexing a prefix finds exactly what lexing the whole text finds.
    #[test]
    fn the_prefix_scan_finds_what_the_whole_text_has() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["examples", "stdlib", "lang/tests", "tests"] {
            floe_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 50, "{}", files.len());
        let mut texts: Vec<String> = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect();
        texts.extend(
            [
                "import",
                "let a = import \"./a.floe\" in a",
                "let a = import\n\n\n  \"./a.floe\" in a",
                "let a = import ''\n  ./a.floe\n'' in a",
                "let s = ''\n  import \"./no.floe\"\n'' in import \"./yes.floe\"",
                "# import \"./comment.floe\"\nimport \"./real.floe\"",
                "import \"./a.floe\" ++ \"import\"",
                "let imports = 1 in import \"./b\\\"c.floe\"",
                "import \"./${x}.floe\"",
                "import \"./a.floe\n\nimport \"./b.floe\"",
                "[import \"./a.floe\", import \"./b.floe\",\nimport \"./c.floe\"]",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(import_paths(text), paths_in(text).0, "{text}");
        }
    }
}
