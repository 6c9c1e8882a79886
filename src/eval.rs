//! `floe eval`: evaluate a file or expression and print or write its value.

use std::process::ExitCode;

use floe_lang::diagnostics::output::OutputError;
use floe_lang::output::{plan_tree, render_to, Format};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::Diagnostic;

use crate::common::{
    absolute, attr_path, cwd, database, load_entry, project_root, report, use_color,
};
use crate::{ColorChoice, EvalArgs, FormatArg};

/// Runs `floe eval`.
pub fn run(args: EvalArgs, color: ColorChoice) -> ExitCode {
    let color = use_color(color);
    let attr = match args.attr.as_deref().map(attr_path).transpose() {
        Ok(a) => a.unwrap_or_default(),
        Err(message) => {
            eprintln!("error: invalid --attr: {message}");
            return ExitCode::from(2);
        }
    };
    let start = args.file.as_deref().map(absolute).unwrap_or_else(cwd);
    let mut db = database(project_root(args.root.as_deref(), &start), &args.limits);
    if args.watch {
        return crate::watch::run(&mut db, &args, attr, color);
    }
    db.set_one_shot(true);
    let code = run_in(&db, &args, attr, color, &mut Session::default());
    // Tearing down millions of values and cached queries only delays the
    // exit; the operating system reclaims the memory at once.
    std::mem::forget(db);
    code
}

/// What one `floe eval` keeps between rounds of `--watch`: the question
/// it asks the database, so that later rounds ask the same one and the
/// database can reuse everything an edit did not touch.
#[derive(Default)]
pub(crate) struct Session {
    request: Option<EvalRequest>,
    /// How long the last round took to check and evaluate, before output.
    pub(crate) evaluated_in: Option<std::time::Duration>,
}

pub(crate) fn run_in(
    db: &floe_lang::Database,
    args: &EvalArgs,
    attr: Vec<String>,
    color: bool,
    session: &mut Session,
) -> ExitCode {
    let started = std::time::Instant::now();
    let request = match session.request {
        Some(request) => request,
        None => {
            let file = match args.file.as_deref().map(|f| load_entry(db, f)).transpose() {
                Ok(file) => file,
                Err(d) => {
                    report(db, &[*d], color);
                    return ExitCode::from(1);
                }
            };
            let (root, it) = match (&args.expr, file) {
                (Some(expr), it) => (db.add_inline("<expr>", expr, &cwd(), it.is_some()), it),
                (None, Some(file)) => (file, None),
                (None, None) => {
                    eprintln!("error: give a FILE or an expression with -e");
                    return ExitCode::from(2);
                }
            };
            let limits = args.limits.eval();
            // Spreading the work over threads pays on the first round, when
            // all of it is to do; after an edit little is.
            floe_lang::prewarm::prewarm(db, root, Some(limits), crate::STACK_SIZE);
            let request = EvalRequest::new(db, root, it, attr, limits);
            session.request = Some(request);
            request
        }
    };
    let answer = evaluate(db, request);
    session.evaluated_in = Some(started.elapsed());
    let data = match answer {
        Ok(data) => data,
        Err(diagnostics) => {
            report(db, diagnostics, color);
            return ExitCode::from(1);
        }
    };
    let size = data.written_size();
    if size > args.limits.max_output {
        let d = Diagnostic::from(OutputError::TooLarge {
            size,
            limit: args.limits.max_output,
        });
        report(db, &[d], color);
        return ExitCode::from(1);
    }
    if let Some(dir) = &args.output {
        return match plan_tree(data) {
            Ok(files) => match crate::write::write_tree(dir, &files, &program_key(db, request)) {
                Ok(written) => {
                    let plural = |n: usize| if n == 1 { "" } else { "s" };
                    let removed = match written.removed.len() {
                        0 => String::new(),
                        n => format!(", removed {n} file{} it no longer writes", plural(n)),
                    };
                    eprintln!(
                        "wrote {} file{} to {}{removed}",
                        files.len(),
                        plural(files.len()),
                        dir.display()
                    );
                    for path in &written.kept {
                        eprintln!(
                            "kept {path}: no longer written, but changed since floe wrote it"
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    report(db, &[OutputError::CannotWrite { message }.into()], color);
                    ExitCode::from(1)
                }
            },
            Err(diagnostics) => {
                report(db, &diagnostics, color);
                ExitCode::from(1)
            }
        };
    }
    let format = match args.format {
        FormatArg::Yaml => Format::Yaml,
        FormatArg::Json => Format::Json,
    };
    match render_to(&mut std::io::stdout().lock(), data, format) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`floe eval … | head`) is not an error of the program.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report(
                db,
                &[OutputError::Stdout {
                    message: e.to_string(),
                }
                .into()],
                color,
            );
            ExitCode::from(1)
        }
    }
}

/// The key a run's files are recorded under in `-o DIR`: the entry file
/// relative to the project root (so the key does not depend on where
/// floe runs), or the expression, with the `--attr` path when one is given.
fn program_key(db: &floe_lang::Database, request: EvalRequest) -> String {
    use floe_lang::db::{Db, Origin};
    let root = request.root(db);
    let mut key = match root.origin(db) {
        Origin::Path(path) => path
            .strip_prefix(db.project_root())
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/"),
        _ => format!("-e {}", root.text(db)),
    };
    let attr = request.attr(db);
    if !attr.is_empty() {
        key.push_str(" --attr ");
        key.push_str(&attr.join("."));
    }
    key
}

#[cfg(test)]
mod tests {
    use crate::common::attr_path;

    #[test]
    fn attr_paths_split_on_unquoted_dots() {
        assert_eq!(attr_path("a.b").unwrap(), vec!["a", "b"]);
        assert_eq!(
            attr_path("metadata.labels.\"app.kubernetes.io/name\"").unwrap(),
            vec!["metadata", "labels", "app.kubernetes.io/name"]
        );
        assert!(attr_path("a..b").is_err());
        assert!(attr_path("a.\"b").is_err());
    }
}
