//! Diagnostics: the IDE layer's, as the protocol has them, published for
//! every open document after each change. The secondary labels (the
//! parent's rule and value of an inheritance violation, the first
//! definition of a duplicate, …) become `relatedInformation`.

use std::path::PathBuf;

use floe_lang::diagnostics::Severity;
use floe_lang::ide::Cancellable;
use floe_lang::SourceFile;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Range, Uri,
};
use tower_lsp_server::Client;

use crate::request::{lock, logged, off_runtime, Shared, Snapshot};

/// The diagnostics of `file` for the client.
pub fn of_file(snap: &Snapshot, file: SourceFile) -> Cancellable<Vec<Diagnostic>> {
    let found = snap.analysis.diagnostics(file)?;
    let mut out = Vec::with_capacity(found.len());
    for d in &found {
        out.push(convert(snap, file, d)?);
    }
    Ok(out)
}

fn convert(
    snap: &Snapshot,
    file: SourceFile,
    d: &floe_lang::Diagnostic,
) -> Cancellable<Diagnostic> {
    let mut message = d.message.clone();
    let mut range = Range::default();
    let mut related = Vec::new();
    if let Some(primary) = &d.primary {
        if primary.file == file {
            range = snap.range(file, primary.span())?;
        } else if let Some(location) = snap.location(primary.file, primary.span())? {
            // Reported here, but about a place elsewhere.
            related.push(DiagnosticRelatedInformation {
                location,
                message: primary.message.clone(),
            });
        }
        if !primary.message.is_empty() && primary.message != d.message {
            message.push_str(&format!("\n{}", primary.message));
        }
    }
    for label in &d.secondary {
        if let Some(location) = snap.location(label.file, label.span())? {
            related.push(DiagnosticRelatedInformation {
                location,
                message: label.message.clone(),
            });
        }
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    Ok(Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some("floe".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    })
}

/// Publishes the diagnostics of every open document, as of now. A change
/// made meanwhile cancels the work, and results computed before a change
/// are not published: the change publishes its own.
pub async fn publish(state: Shared, client: Client) {
    type Open = (PathBuf, i32, Vec<floe_lang::Diagnostic>);
    let open: Vec<Open> = {
        let state = lock(&state);
        let mut open: Vec<_> = state
            .open
            .iter()
            .map(|(path, doc)| (path.clone(), doc.version, state.evaluated(path)))
            .collect();
        open.sort_by(|a, b| a.0.cmp(&b.0));
        open
    };
    let computed = off_runtime(&state, move |snap| {
        let mut out = Vec::new();
        for (path, version, evaluated) in open {
            let Some(file) = snap.analysis.file(&path)? else {
                continue;
            };
            let mut found = of_file(snap, file)?;
            for d in &evaluated {
                let d = convert(snap, file, d)?;
                if !found.contains(&d) {
                    found.push(d);
                }
            }
            out.push((path, version, found));
        }
        Ok((snap.generation, out))
    })
    .await;
    let Some((generation, results)) = logged(&client, "diagnostics", computed).await else {
        return;
    };
    for (path, version, diagnostics) in results {
        if lock(&state).generation != generation {
            return;
        }
        if let Some(uri) = Uri::from_file_path(&path) {
            client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        }
    }
}
