//! Rendering evaluated data as JSON or YAML, and planning the file tree of
//! `floe eval -o DIR`. No IO here: the CLI writes what this returns.
//!
//! Key order is the order of the program: a record's fields appear as they
//! were written, merged fields keep the position of the left operand, and
//! new fields follow in the order of the right operand.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::data::Data;
use crate::diagnostics::output::OutputError;
use crate::diagnostics::Diagnostic;
use crate::eval::output::{path_text, Step};

pub use crate::data::{json, yaml, Sink};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// YAML; a list of Kubernetes-style objects becomes a multi-document stream.
    Yaml,
    /// JSON, pretty-printed with two-space indentation.
    Json,
}

/// Whether `data` is a list of records that each have `apiVersion` and
/// `kind`: such a list is written as one YAML document per item, the form
/// `kubectl apply -f` expects.
pub fn is_resource_stream(data: &Data) -> bool {
    match data {
        Data::List(items) => {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.get("apiVersion").is_some() && i.get("kind").is_some())
        }
        _ => false,
    }
}

/// Renders `data` in `format`, ending with a newline. Data holds only
/// what both formats can represent (evaluation refuses non-finite floats),
/// so rendering cannot fail.
pub fn render(data: &Data, format: Format) -> String {
    let mut sink = Sink::new();
    render_into(&mut sink, data, format);
    sink.into_string()
}

/// Renders `data` in `format` to `to` as it goes, for output too large to
/// build in memory first.
pub fn render_to(to: &mut dyn std::io::Write, data: &Data, format: Format) -> std::io::Result<()> {
    let mut sink = Sink::to(to);
    render_into(&mut sink, data, format);
    sink.finish()
}

fn render_into(out: &mut Sink<'_>, data: &Data, format: Format) {
    match format {
        Format::Json => {
            json::write(out, data);
            out.push('\n');
        }
        Format::Yaml => match data {
            Data::List(items) if is_resource_stream(data) => {
                for item in items.iter() {
                    out.push_str("---\n");
                    yaml::write_document(out, item);
                }
            }
            _ => yaml::write_document(out, data),
        },
    }
}

/// One file of an output tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory.
    pub path: PathBuf,
    /// The bytes to write.
    pub contents: String,
}

fn valid_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.contains(['\\', '\0'])
        && !segment.starts_with(".floe-")
}

/// Plans the files of `floe eval -o DIR` from a record of paths to values.
/// A key with an extension names a file; a key without one whose value is a
/// record names a directory. `.yaml`/`.yml` files get YAML, `.json` files
/// JSON, and any other file must hold text, written as is. Every problem is
/// reported before anything is written.
pub fn plan_tree(data: &Data) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let Data::Record(_) = data else {
        return Err(vec![OutputError::NotATree.into()]);
    };
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut order = Vec::new();
    walk(
        data,
        &mut Vec::new(),
        PathBuf::new(),
        &mut files,
        &mut order,
        &mut errors,
    );
    // A file whose path is also a directory of another file.
    for path in files.keys() {
        for ancestor in path.ancestors().skip(1) {
            if !ancestor.as_os_str().is_empty() && files.contains_key(ancestor) {
                errors.push(
                    OutputError::FileAndDirectory {
                        file: ancestor.to_path_buf(),
                        of: path.clone(),
                    }
                    .into(),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(order
        .into_iter()
        .filter_map(|p| {
            files
                .remove(&p)
                .map(|contents| OutputFile { path: p, contents })
        })
        .collect())
}

fn walk(
    data: &Data,
    steps: &mut Vec<Step>,
    dir: PathBuf,
    files: &mut BTreeMap<PathBuf, String>,
    order: &mut Vec<PathBuf>,
    errors: &mut Vec<Diagnostic>,
) {
    let Data::Record(fields) = data else { return };
    for (key, value) in fields.iter() {
        steps.push(Step::Field(key.clone()));
        let rel = Path::new(&**key);
        let bad = key.is_empty()
            || rel.is_absolute()
            || key.starts_with('/')
            || key.split('/').any(|s| !valid_segment(s))
            || rel.components().any(|c| !matches!(c, Component::Normal(_)));
        if bad {
            errors.push(
                OutputError::InvalidPath {
                    key: key.to_string(),
                    path: path_text(steps),
                }
                .into(),
            );
            steps.pop();
            continue;
        }
        let path = dir.join(rel);
        let extension = rel.extension().and_then(|e| e.to_str());
        match (extension, value) {
            (None, Data::Record(_)) => walk(value, steps, path, files, order, errors),
            (None, _) => errors.push(OutputError::NoExtension { path }.into()),
            (Some(ext), _) => {
                let contents = match ext {
                    "yaml" | "yml" => Ok(render(value, Format::Yaml)),
                    "json" => Ok(render(value, Format::Json)),
                    _ => match value {
                        Data::Text(t) => Ok(t.to_string()),
                        other => Err(Diagnostic::from(OutputError::NotText {
                            path: path.clone(),
                            kind: data_kind(other),
                        })),
                    },
                };
                match contents {
                    Ok(contents) => {
                        if files.insert(path.clone(), contents).is_some() {
                            errors.push(OutputError::WrittenTwice { path }.into());
                        } else {
                            order.push(path);
                        }
                    }
                    Err(d) => errors.push(d),
                }
            }
        }
        steps.pop();
    }
}

fn data_kind(d: &Data) -> &'static str {
    match d {
        Data::Null => "null",
        Data::Bool(_) => "a boolean",
        Data::Int(_) => "an integer",
        Data::Float(_) => "a float",
        Data::Text(_) => "text",
        Data::List(_) => "a list",
        Data::Record(_) => "a record",
    }
}
