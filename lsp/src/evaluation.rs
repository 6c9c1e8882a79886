//! Evaluation-time checks in the background: after the static diagnostics,
//! once edits pause, the entry points (named by `floe.toml`, else the files
//! no other file imports) are evaluated as `floe check` does, and what
//! only evaluation finds (refinements, rules computed by functions) joins
//! the static diagnostics of the open files it points into. A change
//! cancels the evaluation running; its results are kept for the files that
//! have not changed since.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use floe_lang::db::Origin;
use floe_lang::ide::Evaluation;
use tower_lsp_server::Client;

use crate::request::{lock, logged, off_runtime, Shared};
use crate::state::State;

/// How long edits must pause before evaluation starts.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// What the last finished evaluation found, by file.
#[derive(Default)]
pub struct Evaluated {
    /// The state's generation it was computed at.
    pub generation: u64,
    /// Its diagnostics, by the file of their primary label.
    pub by_file: HashMap<PathBuf, Vec<floe_lang::Diagnostic>>,
}

/// Waits for edits to pause, then evaluates the entry points and publishes
/// again. A newer change makes this one give up.
pub async fn evaluate_later(state: Shared, client: Client) {
    let generation = lock(&state).generation;
    tokio::time::sleep(DEBOUNCE).await;
    let root = {
        let s = lock(&state);
        if s.generation != generation {
            return;
        }
        s.root.clone()
    };
    let named = crate::workspace::named_entries(&root);
    let entries = off_runtime(&state, move |snap| match named {
        Some(paths) => {
            let mut files = Vec::new();
            for path in paths {
                files.extend(snap.analysis.file(&path)?);
            }
            Ok(files)
        }
        None => snap.analysis.entries(),
    })
    .await;
    let Some(entries) = logged(&client, "finding the entry points", entries).await else {
        return;
    };
    let evaluations: Vec<Evaluation> = {
        let mut s = lock(&state);
        let State {
            host, evaluations, ..
        } = &mut *s;
        entries
            .into_iter()
            .map(|file| {
                *evaluations
                    .entry(file)
                    .or_insert_with(|| host.evaluation(file))
            })
            .collect()
    };
    let found = off_runtime(&state, move |snap| {
        let mut by_file: HashMap<PathBuf, Vec<floe_lang::Diagnostic>> = HashMap::new();
        for evaluation in evaluations {
            for d in snap.analysis.evaluation_diagnostics(evaluation)? {
                let Some(primary) = &d.primary else {
                    continue;
                };
                if let Origin::Path(path) = snap.analysis.origin(primary.file)? {
                    let list = by_file.entry(path).or_default();
                    if !list.contains(&d) {
                        list.push(d);
                    }
                }
            }
        }
        Ok((snap.generation, by_file))
    })
    .await;
    let Some((computed_at, by_file)) = logged(&client, "evaluation", found).await else {
        return;
    };
    {
        let mut s = lock(&state);
        if s.generation != computed_at {
            return;
        }
        s.evaluated = Evaluated {
            generation: computed_at,
            by_file,
        };
    }
    crate::diagnostics::publish(state, client).await;
}
