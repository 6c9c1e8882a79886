//! How a request is answered: from a snapshot of the workspace, on the
//! blocking pool, with cancellation and panics turned into error answers
//! so that the server keeps serving.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};

use floe_lang::ide::{Analysis, Cancellable, Encoding, Lines};
use floe_lang::syntax::Span;
use floe_lang::SourceFile;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{Location, MessageType, Position, Range, Uri};
use tower_lsp_server::Client;

use crate::convert;
use crate::state::State;

/// The state, shared by the handlers.
pub type Shared = Arc<Mutex<State>>;

/// The state, also when a panic while it was held poisoned the lock: a
/// change is applied whole or not at all by the database, so what is
/// there is still consistent.
pub fn lock(state: &Shared) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A snapshot of the workspace and what a handler needs to read it.
pub struct Snapshot {
    /// The analysis.
    pub analysis: Analysis,
    /// How columns are counted.
    pub encoding: Encoding,
    /// The state's generation when it was taken.
    pub generation: u64,
}

impl Snapshot {
    /// Takes a snapshot of `state`.
    pub fn of(state: &Shared) -> Snapshot {
        let state = lock(state);
        Snapshot {
            analysis: state.host.snapshot(),
            encoding: state.encoding,
            generation: state.generation,
        }
    }

    /// The file `uri` names, if the workspace holds it: a file on disk or
    /// a standard-library module (`floe:std/list`).
    pub fn file(&self, uri: &Uri) -> Cancellable<Option<SourceFile>> {
        if let Some(module) = uri.as_str().strip_prefix("floe:") {
            return self.analysis.module(module);
        }
        let Some(path) = convert::path_of(uri) else {
            return Ok(None);
        };
        self.analysis.file(&path)
    }

    /// The file `uri` names and the byte offset of `position` in it.
    pub fn file_offset(
        &self,
        uri: &Uri,
        position: Position,
    ) -> Cancellable<Option<(SourceFile, usize)>> {
        let Some(file) = self.file(uri)? else {
            return Ok(None);
        };
        let lines = self.analysis.lines(file)?;
        Ok(Some((
            file,
            lines.clamped_offset(convert::position(position), self.encoding),
        )))
    }

    /// The lines of `file`.
    pub fn lines(&self, file: SourceFile) -> Cancellable<Lines> {
        self.analysis.lines(file)
    }

    /// The range of `span` in `file`.
    pub fn range(&self, file: SourceFile, span: Span) -> Cancellable<Range> {
        Ok(convert::range(&self.lines(file)?, span, self.encoding))
    }

    /// Where `span` of `file` is, for the client.
    pub fn location(&self, file: SourceFile, span: Span) -> Cancellable<Option<Location>> {
        convert::location(&self.analysis, file, span, self.encoding)
    }
}

/// What went wrong answering a request off the runtime.
pub enum Failure {
    /// A change cancelled it.
    Cancelled,
    /// The handler panicked, saying this.
    Panicked(String),
}

/// Runs `answer` on a snapshot of `state`, on the blocking pool. The
/// snapshot never crosses an `.await`: a database clone held there would
/// keep the next edit waiting.
pub async fn off_runtime<T, F>(state: &Shared, answer: F) -> std::result::Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&Snapshot) -> Cancellable<T> + Send + 'static,
{
    let snapshot = Snapshot::of(state);
    let task = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(AssertUnwindSafe(|| answer(&snapshot)))
    });
    match task.await {
        Ok(Ok(Ok(value))) => Ok(value),
        Ok(Ok(Err(_cancelled))) => Err(Failure::Cancelled),
        Ok(Err(payload)) => Err(Failure::Panicked(panic_message(payload.as_ref()))),
        Err(join) => Err(Failure::Panicked(join.to_string())),
    }
}

/// The value of a background task's answer; a panic is logged to the
/// client (a cancellation is not: a newer change does the work again).
pub async fn logged<T>(
    client: &Client,
    what: &str,
    outcome: std::result::Result<T, Failure>,
) -> Option<T> {
    match outcome {
        Ok(value) => Some(value),
        Err(Failure::Cancelled) => None,
        Err(Failure::Panicked(message)) => {
            let text = format!("floe lsp: {what} failed: {message}");
            client.log_message(MessageType::ERROR, &text).await;
            None
        }
    }
}

/// Answers request `method` with `answer` run on a snapshot: a cancelled
/// one answers `ContentModified`, a panic is logged to the client and
/// answers an internal error.
pub async fn answer<T, F>(state: &Shared, client: &Client, method: &str, answer: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&Snapshot) -> Cancellable<T> + Send + 'static,
{
    match off_runtime(state, answer).await {
        Ok(value) => Ok(value),
        Err(Failure::Cancelled) => Err(Error {
            code: ErrorCode::ContentModified,
            message: "the document changed; ask again".into(),
            data: None,
        }),
        Err(Failure::Panicked(message)) => {
            let text = format!("floe lsp: {method} failed: {message}");
            client.log_message(MessageType::ERROR, &text).await;
            Err(Error {
                code: ErrorCode::InternalError,
                message: text.into(),
                data: None,
            })
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};

    use floe_lang::ide::{Cancellable, Encoding};

    use super::{off_runtime, Failure};

    #[test]
    fn a_panicking_handler_is_answered_and_the_state_still_serves() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let root = PathBuf::from("/nonexistent-floe-workspace");
        let state = Arc::new(Mutex::new(crate::server::new_state(root, Encoding::Utf16)));
        let failed = runtime.block_on(off_runtime(&state, |_| -> Cancellable<()> {
            panic!("a handler's bug")
        }));
        assert!(matches!(failed, Err(Failure::Panicked(m)) if m == "a handler's bug"));
        let after = runtime.block_on(off_runtime(&state, |snap| {
            snap.analysis
                .file(Path::new("/nonexistent-floe-workspace/x.floe"))
        }));
        assert!(matches!(after, Ok(None)));
    }
}
