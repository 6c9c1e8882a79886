//! `floe import DIR -o OUT`: a directory of YAML and JSON files becomes a
//! Floe project. Each data file becomes a `.floe` file at the same
//! relative place, and `main.floe` is a record from each original path to
//! an import of its file, so `floe eval OUT/main.floe -o DIR2` writes the
//! same tree again. The project is written into a staging directory beside
//! OUT, checked there as `floe check` checks it, and only then renamed into
//! place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use floe_lang::format::{format, Options};
use floe_lang::run::{validate, EvalRequest};
use floe_lang::Database;

use super::{import, write_all};
use crate::common::{database, report};
use crate::ImportArgs;

/// The data files under `dir`, relative to it, in sorted order; names
/// starting with `.` (a tree's `.floe-tree.json`) are passed over.
fn data_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in std::fs::read_dir(dir.join(&relative))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = relative.join(&name);
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn run(db: &Database, dir: &Path, args: &ImportArgs, color: bool) -> ExitCode {
    let Some(out) = &args.output else {
        eprintln!("error: give `-o DIR` to import a directory into a Floe project");
        return ExitCode::from(2);
    };
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        eprintln!(
            "error: {} is not empty: import into a new directory",
            out.display()
        );
        return ExitCode::from(2);
    }
    let inputs = match data_files(dir) {
        Ok(inputs) if !inputs.is_empty() => inputs,
        Ok(_) => {
            eprintln!(
                "error: no .yaml, .yml or .json file under {}",
                dir.display()
            );
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", dir.display());
            return ExitCode::from(1);
        }
    };
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut layered = Vec::new();
    let mut entries = String::new();
    for relative in &inputs {
        let done = match import(db, &dir.join(relative), args) {
            Ok(done) => done,
            Err(diagnostics) => {
                report(db, &diagnostics, color);
                return ExitCode::from(1);
            }
        };
        let target = relative.with_extension("floe");
        if files.iter().any(|(other, _)| *other == target) {
            eprintln!(
                "error: two files under {} would both become {}",
                dir.display(),
                target.display()
            );
            return ExitCode::from(2);
        }
        let key = relative.to_string_lossy().replace('\\', "/");
        let path = target.to_string_lossy().replace('\\', "/");
        entries.push_str(&format!(
            "{} = import {},\n",
            floe_lang::literal::quote(&key),
            floe_lang::literal::quote(&format!("./{path}"))
        ));
        files.push((target, done.source));
        layered.push((relative.clone(), done.data, done.comments));
    }
    let main = format!(
        "# Imported from {} by `floe import`: `floe eval main.floe -o DIR` writes\n# the same files again.\n{{\n{entries}}}\n",
        dir.file_name()
            .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned())
    );
    let main = match format(&main, Options::default()) {
        Ok(main) => main,
        Err(e) => {
            eprintln!("error: the main file does not format ({e:?}); please report this");
            return ExitCode::from(1);
        }
    };
    files.push((PathBuf::from("main.floe"), main));

    // Written beside OUT, checked there, then renamed into place.
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = parent.join(format!(
        ".{}.floe-import-{}",
        out.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    let staged: Vec<(PathBuf, &str)> = files
        .iter()
        .map(|(path, text)| (staging.join(path), text.as_str()))
        .collect();
    let result = write_all(&staged)
        .and_then(|()| lay_domains(&staging, &layered, args))
        .and_then(|()| check(&staging, args, color));
    let result = result.and_then(|()| {
        // An empty OUT is replaced; a missing one is made by the rename.
        let _ = std::fs::remove_dir(out);
        std::fs::rename(&staging, out).map_err(|e| format!("cannot write {}: {e}", out.display()))
    });
    match result {
        Ok(()) => {
            eprintln!(
                "wrote {} files to {} (main.floe and one per data file)",
                files.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            let _ = std::fs::remove_dir_all(&staging);
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            ExitCode::from(1)
        }
    }
}

/// Whether `data` is a Floe manifest with `scope: <scope>`.
fn manifest_of_scope(data: &floe_lang::data::Data, scope: &str) -> bool {
    use floe_lang::data::Data;
    let is = |k: &str, v: &str| matches!(data.get(k), Some(Data::Text(t)) if t.as_ref() == v);
    is("apiVersion", "floe.dev/v1") && is("kind", "Manifest") && is("scope", scope)
}

/// With one enterprise manifest among the files, rewrites each domain
/// manifest in `staging` as a layer over it (`enterprise extends { … }`,
/// only what the domain changes), where that evaluates to the same data.
fn lay_domains(
    staging: &Path,
    files: &[(PathBuf, floe_lang::data::Data, floe_lang::literal::Comments)],
    args: &ImportArgs,
) -> Result<(), String> {
    if args.plain {
        return Ok(());
    }
    let enterprises: Vec<&PathBuf> = files
        .iter()
        .filter(|(_, data, _)| manifest_of_scope(data, "enterprise"))
        .map(|(path, _, _)| path)
        .collect();
    let [enterprise] = enterprises.as_slice() else {
        return Ok(());
    };
    let Some((_, enterprise_data, _)) = files.iter().find(|(p, _, _)| p == *enterprise) else {
        return Ok(());
    };
    // Candidates import the staged enterprise, so they are evaluated in a
    // database rooted at the staging directory.
    let db = database(staging.to_path_buf(), &args.limits);
    let target = enterprise.with_extension("floe");
    for (path, data, comments) in files {
        if !manifest_of_scope(data, "domain") {
            continue;
        }
        let up = path.parent().map_or(0, |p| p.components().count());
        let target = target.to_string_lossy().replace('\\', "/");
        let parent = match up {
            0 => format!("./{target}"),
            n => format!("{}{target}", "../".repeat(n)),
        };
        let base = staging.join(path.parent().unwrap_or(Path::new("")));
        let Some(value) =
            super::typed::layer(&db, data, enterprise_data, comments, &base, &parent, args)
        else {
            eprintln!(
                "note: {}: kept whole, since no layer over {} gives back the same data (key order included)",
                path.display(),
                enterprise.display()
            );
            continue;
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let source = super::source_text(&name, &value)?;
        let file = staging.join(path.with_extension("floe"));
        std::fs::write(&file, source)
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    Ok(())
}

/// Checks the staged project's `main.floe` as `floe check` does: the
/// checker, then everything evaluation finds. Diagnostics are printed;
/// the error is then empty.
fn check(staging: &Path, args: &ImportArgs, color: bool) -> Result<(), String> {
    let db = database(staging.to_path_buf(), &args.limits);
    let main = staging.join("main.floe");
    let file = db
        .load(&main)
        .map_err(|e| format!("cannot read the staged {}: {e:?}", main.display()))?;
    let mut problems: Vec<_> = floe_lang::types::check(&db, file)
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if problems.is_empty() {
        let request = EvalRequest::new(&db, file, None, Vec::new(), args.limits.eval());
        problems = validate(&db, request).clone();
    }
    if problems.is_empty() {
        Ok(())
    } else {
        report(&db, &problems, color);
        Err(String::new())
    }
}
