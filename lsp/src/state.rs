//! The workspace as the server holds it: the analysis host, the documents
//! the editor has open (their text is the client's, not the disk's), and
//! how positions are counted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use floe_lang::db::Change;
use floe_lang::ide::{AnalysisHost, Encoding, Lines, Position};

/// An open document: the client's text and version.
#[derive(Clone, Debug)]
pub struct Document {
    /// The text as the client holds it.
    pub text: String,
    /// The client's version of it.
    pub version: i32,
}

/// The server's state, behind one lock; changed only by notifications.
pub struct State {
    /// The database and its file set.
    pub host: AnalysisHost,
    /// Open documents by normalised path.
    pub open: HashMap<PathBuf, Document>,
    /// How columns are counted, as agreed at `initialize`.
    pub encoding: Encoding,
    /// Bumped on every change: a result computed at an older generation is
    /// stale and not published.
    pub generation: u64,
    /// Whether the client watches files for the server.
    pub watch: bool,
    /// The workspace root.
    pub root: PathBuf,
    /// Whether every `.floe` file under the root has been loaded.
    pub loaded: bool,
    /// The generation at which each path last changed.
    pub changed_at: HashMap<PathBuf, u64>,
    /// The evaluation of each entry point, made once.
    pub evaluations: HashMap<floe_lang::SourceFile, floe_lang::ide::Evaluation>,
    /// What the last finished evaluation found.
    pub evaluated: crate::evaluation::Evaluated,
}

/// One edit of a `didChange`: a range replaced, or the whole text.
pub struct Edit {
    /// The range replaced, `None` for the whole text.
    pub range: Option<(Position, Position)>,
    /// The new text.
    pub text: String,
}

impl State {
    /// Opens `path` with the client's `text`.
    pub fn open(&mut self, path: PathBuf, text: String, version: i32) {
        self.set(&path, text.clone());
        self.open.insert(path, Document { text, version });
    }

    /// Applies the client's edits to the open document at `path`, one after
    /// the other, each positioned in the text the previous one left.
    pub fn change(&mut self, path: &Path, version: i32, edits: Vec<Edit>) {
        let encoding = self.encoding;
        let Some(doc) = self.open.get_mut(path) else {
            return;
        };
        for edit in edits {
            match edit.range {
                None => doc.text = edit.text,
                Some((start, end)) => {
                    let lines = Lines::new(&doc.text);
                    let start = boundary(&doc.text, lines.clamped_offset(start, encoding));
                    let end = boundary(&doc.text, lines.clamped_offset(end, encoding));
                    let (start, end) = (start.min(end), start.max(end));
                    doc.text.replace_range(start..end, &edit.text);
                }
            }
        }
        doc.version = version;
        let text = doc.text.clone();
        self.set(path, text);
    }

    /// Closes the document at `path`: the file on disk is the truth again.
    pub fn close(&mut self, path: &Path) {
        if self.open.remove(path).is_some() {
            self.bump(path);
            self.host.reload(path);
        }
    }

    /// A file changed on disk; an open document's buffer still wins.
    pub fn changed_on_disk(&mut self, path: &Path) {
        if !self.open.contains_key(path) {
            self.bump(path);
            self.host.reload(path);
        }
    }

    fn set(&mut self, path: &Path, text: String) {
        self.bump(path);
        self.host.apply_change(Change::Set {
            path: path.to_path_buf(),
            text,
        });
    }

    fn bump(&mut self, path: &Path) {
        self.generation += 1;
        self.changed_at.insert(path.to_path_buf(), self.generation);
    }

    /// What evaluation found in `path`, if the file has not changed since.
    pub fn evaluated(&self, path: &Path) -> Vec<floe_lang::Diagnostic> {
        let changed = self.changed_at.get(path).copied().unwrap_or(0);
        match self.evaluated.by_file.get(path) {
            Some(found) if changed <= self.evaluated.generation => found.clone(),
            _ => Vec::new(),
        }
    }
}

/// `offset`, moved back to the start of the character it falls in.
fn boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
