//! The Floe configuration language: syntax, the salsa database, name
//! resolution, evaluation, diagnostics and output rendering.
//!
//! This crate does no IO: files come in through [`db::FileSystem`], and
//! output leaves as strings for the caller to write.

pub mod builtins;
pub mod data;
pub mod db;
pub mod diagnostics;
pub mod eval;
pub mod format;
pub mod ide;
pub mod literal;
pub mod output;
pub mod prewarm;
pub mod resolve;
pub mod run;
pub mod source;
pub mod stdlib;
pub mod syntax;
pub mod types;

pub use data::Data;
pub use db::{Database, Db, FileSystem, SourceFile};
pub use diagnostics::{Code, Diagnostic};
pub use eval::Limits;
