//! The Floe language server: `floe lsp` speaks the Language Server Protocol
//! over stdio. It is the only crate that knows protocol types; every answer
//! comes from the IDE layer of `floe-lang` (`floe_lang::ide`), over the same
//! salsa database the command line uses (see `docs/architecture.md`).
//!
//! One [`AnalysisHost`](floe_lang::ide::AnalysisHost) holds the workspace.
//! Notifications that change it (`didOpen`, `didChange`, `didClose`, files
//! changed on disk) apply their change in one place, in the order they
//! arrive; requests answer from a snapshot on the blocking pool, never on
//! the async runtime. An edit cancels the snapshots still running: their
//! requests answer `ContentModified` and the client asks again.

mod code_actions;
mod completion;
mod convert;
mod diagnostics;
mod diff;
mod evaluation;
mod folding;
mod formatting;
mod highlight;
mod hover;
mod inlay_hints;
mod links;
mod navigation;
mod rename;
mod request;
mod selection;
mod semantic_tokens;
mod server;
mod signature_help;
mod state;
mod symbols;
mod workspace;
mod workspace_symbols;

use std::io;

/// Serves the language server protocol on stdin and stdout until the client
/// says `exit` or closes stdin.
pub fn run() -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (service, socket) = server::service();
        // Requests wait on the blocking pool, not on the runtime: many may be
        // in flight, so that a change behind them is read (and cancels them)
        // at once.
        tower_lsp_server::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .concurrency_level(64)
            .serve(service)
            .await;
    });
    // Blocking tasks still answering stale snapshots must not keep the
    // process alive after `exit`.
    runtime.shutdown_background();
    Ok(())
}
