//! The Floe language server. It will serve diagnostics, hover, completion,
//! go to definition and formatting over stdio from the same salsa database
//! the CLI uses (see `docs/architecture.md`); it is the only crate that
//! knows LSP types. For now it only re-exports the database it will drive.

pub use floe_lang::Database;
