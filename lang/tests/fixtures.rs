//! Golden tests over fixture files. Each fixture is one `.floe` file, or
//! several files introduced by `#- /path` header lines (the first is the
//! entry). `#! key: value` lines set options:
//! `attr` (a dotted path), `max-depth`, `max-steps`, `max-file-size`
//! and `max-memory` (bytes), `format` (`yaml` or
//! `json`), `tree` (plan an `-o` file tree). Snapshots hold the source and
//! the rendered output.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::diagnostics::render;
use floe_lang::output::{plan_tree, render as render_output, Format};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::syntax::Parse;
use floe_lang::types::check;
use floe_lang::{Code, Database, Diagnostic, Limits};

#[derive(Clone)]
struct Fixture {
    fs: MemoryFileSystem,
    entry: PathBuf,
    attr: Vec<String>,
    limits: Limits,
    max_file_size: Option<u64>,
    format: Format,
    tree: bool,
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn load(text: &str) -> Fixture {
    let mut fs = MemoryFileSystem::new();
    let mut entry = None;
    let mut current: Option<(PathBuf, String)> = None;
    let mut fixture_limits = Limits::default();
    let mut max_file_size = None;
    let mut attr = Vec::new();
    let mut format = Format::Yaml;
    let mut tree = false;
    let flush = |fs: &mut MemoryFileSystem, cur: Option<(PathBuf, String)>| {
        if let Some((p, t)) = cur {
            fs.insert(p, t.into_bytes());
        }
    };
    for line in text.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("#- ") {
            flush(&mut fs, current.take());
            let mut parts = header.trim().splitn(2, ' ');
            let path = PathBuf::from(parts.next().unwrap());
            entry.get_or_insert(path.clone());
            if let Some(bytes) = parts.next().and_then(|b| b.strip_prefix("hex:")) {
                fs.insert(path, hex(bytes));
            } else {
                current = Some((path, String::new()));
            }
            continue;
        }
        if let Some(option) = line.strip_prefix("#! ") {
            let (key, value) = option.trim().split_once(": ").unwrap();
            match key {
                "attr" => attr = value.split('.').map(String::from).collect(),
                "max-depth" => fixture_limits.max_depth = value.parse().unwrap(),
                "max-steps" => fixture_limits.max_steps = value.parse().unwrap(),
                "max-file-size" => max_file_size = Some(value.parse().unwrap()),
                "max-memory" => fixture_limits.max_memory = value.parse().unwrap(),
                "format" => {
                    format = if value == "json" {
                        Format::Json
                    } else {
                        Format::Yaml
                    }
                }
                "tree" => tree = value == "true",
                other => panic!("unknown fixture option {other}"),
            }
        }
        match &mut current {
            Some((_, t)) => t.push_str(line),
            None if entry.is_none() => {
                entry = Some(PathBuf::from("/main.floe"));
                current = Some((PathBuf::from("/main.floe"), line.to_string()));
            }
            None => {}
        }
    }
    flush(&mut fs, current.take());
    if entry.is_none() {
        fs.insert("/main.floe", Vec::new());
    }
    Fixture {
        fs,
        entry: entry.unwrap_or_else(|| PathBuf::from("/main.floe")),
        attr,
        limits: fixture_limits,
        max_file_size,
        format,
        tree,
    }
}

/// Checks and evaluates a fixture; returns the codes reported and the text
/// to snapshot.
/// The codes of `diagnostics`, each checked against the code of the fact
/// it words.
fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    for d in diagnostics {
        assert_eq!(d.fact.code(), d.code, "{d:?}");
    }
    diagnostics.iter().map(|d| d.code).collect()
}

fn run(text: &str) -> (Vec<Code>, String) {
    let fixture = load(text);
    // The project root is the entry file's directory.
    let root = fixture
        .entry
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let mut db = Database::new(Arc::new(fixture.fs), root);
    if let Some(bytes) = fixture.max_file_size {
        db.set_max_file_size(bytes);
    }
    let entry = match db.load(&fixture.entry) {
        Ok(f) => f,
        Err(e) => panic!("cannot load the fixture entry: {e:?}"),
    };
    let diagnostics = check(&db, entry).clone();
    if !diagnostics.is_empty() {
        return (codes(&diagnostics), render(&db, &diagnostics, false));
    }
    let request = EvalRequest::new(&db, entry, None, fixture.attr, fixture.limits);
    let shown = |ds: &[Diagnostic]| (codes(ds), render(&db, ds, false));
    match evaluate(&db, request) {
        Err(ds) => shown(ds),
        Ok(data) if fixture.tree => match plan_tree(data) {
            Ok(files) => (
                Vec::new(),
                files
                    .iter()
                    .map(|f| format!("=== {}\n{}", f.path.display(), f.contents))
                    .collect(),
            ),
            Err(ds) => shown(&ds),
        },
        Ok(data) => (Vec::new(), render_output(data, fixture.format)),
    }
}

fn snapshot(path: &Path, output: &str) {
    let source = std::fs::read_to_string(path).unwrap();
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = path
        .parent()
        .unwrap()
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('/', "__");
    insta::with_settings!({
        description => source,
        omit_expression => true,
        snapshot_suffix => "",
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(format!("{dir}__{name}"), output);
    });
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "floe"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

#[test]
fn parse_ok_fixtures_have_no_errors() {
    for path in fixtures("parse/ok") {
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = Parse::of(&text);
        assert!(
            parsed.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            parsed.errors
        );
        snapshot(&path, &floe_lang::syntax::ast::sexpr(&parsed.ast()));
    }
}

#[test]
fn parse_err_fixtures_report_their_errors() {
    for path in fixtures("parse/err") {
        let text = std::fs::read_to_string(&path).unwrap();
        let (codes, out) = run(&text);
        assert!(
            codes.iter().any(|c| c.as_str().starts_with("E01")),
            "{}: no syntax error",
            path.display()
        );
        // The tree recovered around the errors is what the rest of the
        // file is analysed with.
        let recovered = floe_lang::syntax::ast::sexpr(&Parse::of(&text).ast());
        snapshot(&path, &format!("{out}\n--- recovered tree\n{recovered}"));
    }
}

#[test]
fn eval_fixtures() {
    for path in fixtures("eval") {
        let text = std::fs::read_to_string(&path).unwrap();
        let (codes, out) = run(&text);
        let expect_error = path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .starts_with("err_");
        assert_eq!(!codes.is_empty(), expect_error, "{}: {out}", path.display());
        snapshot(&path, &out);
    }
}

/// Every typing rule has a passing program (`*_ok`: no diagnostics, and
/// evaluation succeeds) and a failing one (`*_err`: a type error found by
/// the checker, before evaluation).
#[test]
fn typing_rule_fixtures() {
    let paths = fixtures("types");
    for path in &paths {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let fixture = load(&text);
        let root = fixture.entry.parent().map(Path::to_path_buf).unwrap();
        let db = Database::new(Arc::new(fixture.fs.clone()), root);
        let entry = db.load(&fixture.entry).unwrap();
        let static_codes: Vec<Code> = check(&db, entry).iter().map(|d| d.code).collect();
        let (codes, out) = run(&text);
        if stem.ends_with("_ok") {
            assert!(codes.is_empty(), "{stem}: {out}");
            let ty = floe_lang::types::type_check(&db, entry).root.text();
            snapshot(path, &format!("type: {ty}\n{out}"));
        } else {
            assert!(
                stem.ends_with("_err"),
                "{stem}: name a typing fixture *_ok or *_err"
            );
            assert!(
                static_codes.iter().any(|c| c.as_str().starts_with("E03")),
                "{stem}: the checker reported {static_codes:?}\n{out}"
            );
            snapshot(path, &out);
        }
        let partner = if let Some(rule) = stem.strip_suffix("_ok") {
            format!("{rule}_err")
        } else {
            format!("{}_ok", stem.trim_end_matches("_err"))
        };
        assert!(
            paths
                .iter()
                .any(|p| p.file_stem().unwrap().to_string_lossy() == partner),
            "{stem} has no {partner}"
        );
    }
}

/// Every code has a golden fixture named after it (here or among the CLI
/// fixtures), and every such fixture reports its code.
#[test]
fn every_error_code_has_a_fixture() {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cli");
    let cli_names: Vec<String> = std::fs::read_dir(&cli)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let lang = fixtures("diagnostics");
    for code in Code::ALL {
        let here = lang.iter().any(|p| {
            p.file_stem()
                .unwrap()
                .to_string_lossy()
                .starts_with(code.as_str())
        });
        let there = cli_names.iter().any(|n| n.starts_with(code.as_str()));
        assert!(here || there, "{code} has no fixture");
    }
    for path in lang {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let code = Code::ALL
            .iter()
            .find(|c| stem.starts_with(c.as_str()))
            .unwrap_or_else(|| panic!("{stem} names no code"));
        let text = std::fs::read_to_string(&path).unwrap();
        let (codes, out) = run(&text);
        assert!(
            codes.contains(code),
            "{stem}: expected {code}, got {codes:?}\n{out}"
        );
        snapshot(&path, &out);
    }
}

/// Every snapshot belongs to a fixture that still exists.
#[test]
fn no_unreferenced_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("tests/snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_prefix("tests__fixtures__")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        let path = stem.replace("__", "/");
        assert!(
            root.join(format!("tests/fixtures/{path}.floe")).exists(),
            "snapshot {name} has no fixture; delete it"
        );
    }
}
