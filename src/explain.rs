//! `floe explain`: a value with the layers that set it and the schema rule
//! that governed each change.

use std::process::ExitCode;

use floe_lang::diagnostics::LineIndex;
use floe_lang::run::{explain, ExplainRequest};
use floe_lang::syntax::Span;
use floe_lang::{Database, SourceFile};

use crate::common::{absolute, attr_path, database, load_entry, project_root, report, use_color};
use crate::{ColorChoice, ExplainArgs};

/// `file:line` and the trimmed source line at `span`.
fn place(db: &Database, file: SourceFile, span: Span) -> (String, String) {
    let text = file.text(db);
    let (line, _) = LineIndex::new(text).line_col(span.start());
    let source = text.lines().nth(line).unwrap_or("").trim();
    let shown: String = source.chars().take(100).collect();
    (format!("{}:{}", file.name(db), line + 1), shown)
}

/// Runs `floe explain`.
pub fn run(args: ExplainArgs, color: ColorChoice) -> ExitCode {
    let color = use_color(color);
    let path = match attr_path(&args.path) {
        Ok(path) => path,
        Err(message) => {
            eprintln!(
                "error: {message}: give a dotted path like `governance.pii_encryption`, with keys that are not names quoted (`files.\"a.yaml\".x`)"
            );
            return ExitCode::from(2);
        }
    };
    let start = absolute(&args.file);
    let db = database(project_root(args.root.as_deref(), &start), &args.limits);
    let file = match load_entry(&db, &args.file) {
        Ok(f) => f,
        Err(d) => {
            report(&db, &[*d], color);
            return ExitCode::from(1);
        }
    };
    explained(&db, file, &args.path, path, args.limits.eval(), color)
}

/// Prints the explanation of `path` (written `shown`) in `file`'s value,
/// as `floe explain` and the REPL's `:explain` do; exit code 1 after
/// printing the diagnostics when there is none.
pub fn explained(
    db: &Database,
    file: SourceFile,
    shown: &str,
    path: Vec<String>,
    limits: floe_lang::eval::Limits,
    color: bool,
) -> ExitCode {
    let request = ExplainRequest::new(db, file, path, limits);
    let answer = match explain(db, request) {
        Ok(a) => a,
        Err(diagnostics) => {
            report(db, diagnostics, color);
            return ExitCode::from(1);
        }
    };
    let value = serde_json::to_string(&answer.value).unwrap_or_default();
    println!("{shown} = {value}");
    if let Some((mode, decl_file, span, doc)) = &answer.rule {
        let (at, _) = place(db, *decl_file, *span);
        println!("  rule: {} (declared at {at})", mode.text());
        if let Some(doc) = doc {
            println!("  doc:  {}", doc.replace('\n', " "));
        }
    }
    if answer.set_by.is_empty() {
        println!("  set by: the value itself (its record has no schema, so no layers are tracked)");
    } else {
        println!("  set by, oldest layer first:");
        for (i, (f, span)) in answer.set_by.iter().enumerate() {
            let (at, source) = place(db, *f, *span);
            let default = answer.default == Some((*f, *span));
            let role = match (default, i + 1 == answer.set_by.len() && i > 0) {
                (true, _) => "  (the schema's default)",
                (false, true) => "  (wins)",
                (false, false) => "",
            };
            println!("    {}. {at}  {source}{role}", i + 1);
        }
    }
    ExitCode::SUCCESS
}
