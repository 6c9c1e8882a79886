//! The inputs of the database: source texts and the file set. They sit
//! below everything else, so that diagnostics (which point into files) and
//! plain data need nothing of the queries.

use std::path::PathBuf;

/// Where the text of a [`SourceFile`] came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file on disk, by its normalised absolute path.
    Path(PathBuf),
    /// A module of the embedded standard library, e.g. `std/list`.
    Std(String),
    /// Text given on the command line (`-e`), evaluated relative to `base`.
    Inline {
        /// The directory its imports are relative to.
        base: PathBuf,
        /// Whether the name `it` is in scope (bound to the input file's value).
        it: bool,
    },
}

/// The kind of content a file holds, decided by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Floe source.
    Floe,
    /// JSON data.
    Json,
    /// YAML data.
    Yaml,
}

/// One source text known to the database.
mod input {
    // salsa generates accessors and builders without documentation.
    #![allow(missing_docs)]
    use super::{FileKind, Origin};
    use std::sync::Arc;

    #[salsa::input(debug)]
    pub struct SourceFile {
        /// The name shown in diagnostics (relative to the working directory
        /// where possible).
        #[returns(ref)]
        pub name: String,
        /// Where it came from.
        #[returns(ref)]
        pub origin: Origin,
        /// What it holds.
        #[returns(copy)]
        pub kind: FileKind,
        /// Its text.
        #[returns(ref)]
        pub text: Arc<str>,
        /// Whether the file is there: false once it has been removed, so
        /// that its importers report it missing.
        #[returns(copy)]
        pub exists: bool,
    }

    /// The set of files as a whole. Only lookups that did not find a
    /// file read it, so adding a file re-runs just those.
    #[salsa::input(debug)]
    pub struct FileSet {
        /// Bumped whenever a path becomes loadable that was not.
        pub generation: u64,
    }
}
pub use input::{FileSet, SourceFile};
