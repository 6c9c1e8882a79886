//! `floe import`: YAML and JSON files as Floe source, laid out by `floe
//! fmt`'s printer. Every result is evaluated before it is printed or
//! written and must give back the same data (a YAML stream of several
//! documents gives a list of them); hostile input (alias bombs, duplicate
//! keys, unknown tags, keys that are not text, invalid UTF-8, files over
//! the size limit) is refused with the diagnostic a Floe import of the
//! file would give.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use floe_lang::data::Data;
use floe_lang::db::FileKind;
use floe_lang::diagnostics::names::NameError;
use floe_lang::diagnostics::Place;
use floe_lang::format::{format, Options};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::syntax::Span;
use floe_lang::{Database, Diagnostic, SourceFile};

use crate::common::{absolute, database, load_entry, project_root, report, use_color};
use crate::{ColorChoice, ImportArgs};

mod tree;
mod typed;

pub fn run(args: ImportArgs, color: ColorChoice) -> ExitCode {
    let color = use_color(color);
    let start = args.files.first().map(|f| absolute(f)).unwrap_or_default();
    let db = database(project_root(args.root.as_deref(), &start), &args.limits);
    if let [dir] = args.files.as_slice() {
        if dir.is_dir() {
            return tree::run(&db, dir, &args, color);
        }
    }
    if let Some(dir) = args.files.iter().find(|f| f.is_dir()) {
        eprintln!(
            "error: {} is a directory: import a directory on its own, with `-o DIR`",
            dir.display()
        );
        return ExitCode::from(2);
    }
    if args.output.is_none() && args.files.len() > 1 {
        eprintln!("error: give `-o DIR` to import several files (one .floe file each)");
        return ExitCode::from(2);
    }
    let mut imported = Vec::new();
    for path in &args.files {
        match import(&db, path, &args) {
            Ok(done) => imported.push((path.clone(), done.source)),
            Err(diagnostics) => {
                report(&db, &diagnostics, color);
                return ExitCode::from(1);
            }
        }
    }
    let Some(dir) = &args.output else {
        for (_, source) in &imported {
            print!("{source}");
        }
        return ExitCode::SUCCESS;
    };
    let files: Vec<(PathBuf, &str)> = imported
        .iter()
        .map(|(path, source)| (dir.join(floe_name(path)), source.as_str()))
        .collect();
    for (i, (path, _)) in files.iter().enumerate() {
        if files[..i].iter().any(|(other, _)| other == path) {
            eprintln!(
                "error: two inputs would both be written to {}: import them into different directories",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    match write_all(&files) {
        Ok(()) => {
            for (path, _) in &files {
                eprintln!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// `deploy.yaml` → `deploy.floe`.
fn floe_name(path: &Path) -> PathBuf {
    PathBuf::from(path.file_stem().unwrap_or(path.as_os_str())).with_extension("floe")
}

/// The Floe source for the data in `path`, checked to read back as it.
/// One imported file: its Floe source, and the data and comments it was
/// made from (a directory's import lays domains over their enterprise
/// with them).
pub(crate) struct Imported {
    pub source: String,
    pub data: Data,
    pub comments: floe_lang::literal::Comments,
}

/// `# Imported from NAME by floe import.` above `value`, laid out by
/// `floe fmt`'s printer.
pub(crate) fn source_text(name: &str, value: &str) -> Result<String, String> {
    let source = format!("# Imported from {name} by `floe import`.\n{value}\n");
    format(&source, Options::default())
        .map(|formatted| floe_lang::literal::align_indented(&formatted))
        .map_err(|e| {
            format!("the Floe text made from it does not format ({e:?}); please report this")
        })
}

pub(crate) fn import(
    db: &Database,
    path: &Path,
    args: &ImportArgs,
) -> Result<Imported, Vec<Diagnostic>> {
    let file = load_entry(db, path).map_err(|d| vec![*d])?;
    let text = file.text(db);
    let invalid = |format: &'static str, message: String, offset: usize| {
        vec![NameError::InvalidData {
            format,
            message,
            at: Place::span(file, Span::new(offset, offset)),
        }
        .diagnostic()]
    };
    let documents =
        match file.kind(db) {
            FileKind::Json => vec![floe_lang::data::from_json(text)
                .map_err(|e| invalid(e.format, e.message, e.offset))?],
            FileKind::Yaml => floe_lang::data::yaml_documents_exact(text)
                .map_err(|e| invalid(e.format, e.message, e.offset))?,
            FileKind::Floe => {
                return Err(invalid(
                    "YAML",
                    "this is Floe source already; `floe import` reads .yaml, .yml and .json files"
                        .to_string(),
                    0,
                ))
            }
        };
    let several = documents.len() > 1;
    let data = match documents.len() {
        1 => documents.into_iter().next().unwrap_or(Data::Null),
        0 => Data::Null,
        _ => Data::List(documents.into()),
    };
    // `floe eval` writes a list of Kubernetes objects as a stream of
    // documents and anything else as one: say where that differs from the
    // input's documents.
    let stream = floe_lang::output::is_resource_stream(&data);
    if several && !stream {
        eprintln!(
            "warning: {}: its documents are not all Kubernetes objects, so they become one list, which `floe eval` writes as one document",
            path.display()
        );
    } else if !several && stream && file.kind(db) == FileKind::Yaml {
        eprintln!(
            "warning: {}: a list of Kubernetes objects, which `floe eval` writes as one document per object",
            path.display()
        );
    }
    // YAML comments above a key or item go above the same field or item;
    // a single document's paths lose the document index.
    let comments: floe_lang::literal::Comments = match file.kind(db) {
        FileKind::Yaml => floe_lang::data::comments::yaml_comments(text)
            .into_iter()
            .map(|(mut at, lines)| {
                if !several && !at.is_empty() {
                    at.remove(0);
                }
                (at, lines)
            })
            .collect(),
        _ => Default::default(),
    };
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // A document a standard-library schema describes is written typed,
    // when that evaluates to the same data; else as plain data.
    let base = absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let layered = match (&args.parent, args.plain) {
        (Some(parent), false) => layer_over(db, &data, &comments, path, parent, args),
        _ => None,
    };
    let forced = match &args.schema {
        Some(name) => Some(typed::Schema::named(name).ok_or_else(|| {
            invalid(
                "YAML",
                format!(
                    "`--schema {name}` is no schema `floe import` knows (it knows {})",
                    typed::names()
                ),
                0,
            )
        })?),
        None => None,
    };
    let typed = match (layered, args.plain) {
        (Some(value), _) => Some(value),
        (None, false) => typed::program(db, &data, &comments, several, &base, args, forced)
            .map_err(|message| invalid("YAML", message, 0))?,
        (None, true) => None,
    };
    let value = typed.unwrap_or_else(|| floe_lang::literal::value_shared(&data, &comments));
    let source = source_text(&name, &value).map_err(|message| invalid("YAML", message, 0))?;
    let check_from = match (&args.parent, &args.output) {
        (Some(_), Some(dir)) => absolute(dir),
        _ => base.clone(),
    };
    round_trip(db, file, &check_from, &source, &data, args)?;
    Ok(Imported {
        source,
        data,
        comments,
    })
}

/// The domain manifest `data` (read from `input`) as a layer over the
/// enterprise manifest `--parent` names, imported by its path relative to
/// where the result goes (`-o DIR`, else beside the input); `None` when
/// `data` is no domain manifest or the layer does not give it back.
fn layer_over(
    db: &Database,
    data: &Data,
    comments: &floe_lang::literal::Comments,
    input: &Path,
    parent: &Path,
    args: &ImportArgs,
) -> Option<String> {
    let is = |k: &str, v: &str| matches!(data.get(k), Some(Data::Text(t)) if t.as_ref() == v);
    if !(is("apiVersion", "floe.dev/v1") && is("kind", "Manifest") && is("scope", "domain")) {
        return None;
    }
    let out = match &args.output {
        Some(dir) => absolute(dir),
        None => absolute(input).parent()?.to_path_buf(),
    };
    let parent = absolute(parent);
    let relative = relative_path(&out, &parent)?;
    // The enterprise's own data, for the fields a layer must unset.
    let read = db.add_inline(
        "<parent>",
        &format!("import {}", floe_lang::literal::quote(&relative)),
        &out,
        false,
    );
    let request = EvalRequest::new(db, read, None, Vec::new(), args.limits.eval());
    let parent_data = evaluate(db, request).as_ref().ok()?.clone();
    let layer = typed::layer(db, data, &parent_data, comments, &out, &relative, args);
    if layer.is_none() {
        eprintln!(
            "note: {}: kept whole, since no layer over {relative} gives back the same data (key order included)",
            input.display()
        );
    }
    layer
}

/// `to` as a path relative to the directory `from` (`./x`, `../y/x`), as
/// an import writes it.
fn relative_path(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let up = from.len() - common;
    let rest: Vec<String> = to_parts[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if rest.is_empty() {
        return None;
    }
    Some(match up {
        0 => format!("./{}", rest.join("/")),
        n => format!("{}{}", "../".repeat(n), rest.join("/")),
    })
}

/// Evaluates `source` and requires the data it was made from.
fn round_trip(
    db: &Database,
    file: SourceFile,
    base: &Path,
    source: &str,
    data: &Data,
    args: &ImportArgs,
) -> Result<(), Vec<Diagnostic>> {
    let root = db.add_inline("<imported>", source, base, false);
    let request = EvalRequest::new(db, root, None, Vec::new(), args.limits.eval());
    match evaluate(db, request) {
        Ok(back) if back == data => Ok(()),
        Ok(_) => Err(vec![NameError::InvalidData {
            format: "YAML",
            message: "the Floe text made from it evaluates to other data; please report this"
                .to_string(),
            at: Place::span(file, Span::new(0, 0)),
        }
        .diagnostic()]),
        Err(diagnostics) => Err(diagnostics.clone()),
    }
}

/// Writes every file or none: each goes to a temporary file beside its
/// place first, and all are renamed into place once all are written.
pub(crate) fn write_all(files: &[(PathBuf, &str)]) -> Result<(), String> {
    let mut staged = Vec::new();
    let result = (|| {
        for (path, text) in files {
            let dir = path.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            let temp = dir.join(format!(
                ".{}.floe-import-{}",
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                std::process::id()
            ));
            std::fs::write(&temp, text)
                .map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
            staged.push((temp, path.clone()));
        }
        for (temp, path) in &staged {
            std::fs::rename(temp, path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
    }
    result
}
