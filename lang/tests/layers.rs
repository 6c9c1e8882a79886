//! The crate's layers, enforced: a module may use only the layers below it.
//! Syntax knows nothing of names, names nothing of types, types nothing of
//! evaluation, evaluation nothing of output. A `crate::` path to a higher
//! layer (or a sideways one) in any file of `lang/src` fails this test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

/// Each top-level module of `lang/src` and its layer, lowest first.
const LAYERS: &[(&str, u32)] = &[
    ("syntax", 0),
    ("stdlib", 0),
    ("source", 1),
    ("format", 1),
    ("diagnostics", 2),
    ("builtins", 3),
    ("data", 3),
    ("db", 4),
    ("literal", 4),
    ("resolve", 5),
    ("types", 6),
    ("eval", 7),
    ("output", 8),
    ("run", 8),
    ("prewarm", 9),
    ("ide", 10),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The top-level modules a file names through `crate::`, comments left out.
fn used_modules(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c}`: every first segment.
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut forbidden = Vec::new();
    for path in all {
        let relative = path.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" {
            continue;
        }
        let own = layer(&top).unwrap_or_else(|| panic!("{top} has no layer in LAYERS"));
        let text = std::fs::read_to_string(&path).unwrap();
        for used in used_modules(&text) {
            if used == top {
                continue;
            }
            let theirs = layer(&used).unwrap_or_else(|| panic!("{used} has no layer in LAYERS"));
            if theirs >= own {
                forbidden.push(format!(
                    "{} uses crate::{used} (layer {theirs}, its own is {own})",
                    relative.display()
                ));
            }
        }
    }
    assert!(forbidden.is_empty(), "{}", forbidden.join("\n"));
}

#[test]
fn the_checker_finds_a_forbidden_edge() {
    // The scan itself, on text with an edge the layers forbid.
    let used = used_modules(
        "use crate::{data, eval::Value};\nfn f() { crate::output::render() } // crate::run",
    );
    assert_eq!(used, ["data", "eval", "output"]);
}
