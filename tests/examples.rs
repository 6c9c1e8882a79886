//! The examples evaluate, deterministically, and the help is helpful.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn floe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "floe") {
            out.push(path);
        } else if path.join("main.floe").exists() {
            out.push(path.join("main.floe"));
        }
    }
    out.sort();
    assert!(!out.is_empty());
    out
}

#[test]
fn every_example_checks_and_evaluates_the_same_twice() {
    for path in examples() {
        let p = path.to_str().unwrap();
        let check = floe(&["check", p]);
        assert!(
            check.status.success(),
            "{p}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let first = floe(&["eval", p]);
        assert!(
            first.status.success(),
            "{p}: {}",
            String::from_utf8_lossy(&first.stderr)
        );
        assert!(!first.stdout.is_empty());
        let second = floe(&["eval", p]);
        assert_eq!(
            first.stdout, second.stdout,
            "{p}: output differs between runs"
        );
        let json = floe(&["eval", p, "--format", "json"]);
        assert!(json.status.success());
    }
}

#[test]
fn readme_example_output_is_what_the_readme_shows() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let out = floe(&["eval", "examples/hello.floe"]);
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert!(
        readme.contains(&format!("```yaml\n{yaml}```")),
        "README's output block is stale:\n{yaml}"
    );
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/hello.floe"))
            .unwrap();
    let body: String = source.lines().skip(1).map(|l| format!("{l}\n")).collect();
    assert!(
        readme.contains(&body),
        "README's example differs from examples/hello.floe"
    );
}

#[test]
fn tree_example_writes_files() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = floe(&[
        "eval",
        "examples/tree.floe",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let resources = std::fs::read_to_string(out_dir.join("k8s/resources.yaml")).unwrap();
    assert_eq!(resources.matches("---\n").count(), 4);
    assert!(out_dir.join("manifests/domains.json").exists());
    // No staging directory is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("out")]);
}

#[test]
fn help_has_examples_for_every_command() {
    for cmd in ["eval", "check"] {
        let out = floe(&[cmd, "--help"]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Examples:"), "{cmd} --help has no examples");
    }
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let plain = floe(&["eval", "-e", "1 +"]);
    assert!(!plain.stderr.contains(&0x1b), "colour on a pipe");
    let coloured = floe(&["--color", "always", "eval", "-e", "1 +"]);
    assert!(
        coloured.stderr.contains(&0x1b),
        "no colour with --color always"
    );
    assert_eq!(coloured.status.code(), Some(1));
}

/// Each file of `examples/errors/` breaks one inheritance or mesh rule; its
/// diagnostics are golden.
#[test]
fn error_examples_report_their_violation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/errors");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 5);
    for path in paths {
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let out = floe(&["eval", "--color", "never", &rel]);
        assert_eq!(out.status.code(), Some(1), "{rel} should fail");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // An inheritance rule (E040x) or a rule of a whole schema (E0306).
        assert!(
            stderr.contains("[E040") || stderr.contains("[E0306]"),
            "{rel}: {stderr}"
        );
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(format!("errors__{name}"), stderr);
        });
    }
}

#[test]
fn explain_shows_the_layers() {
    let out = floe(&[
        "explain",
        "examples/layers/main.floe",
        "sales.governance.data_retention_days",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("explain__sales_retention", text);
    });
    let missing = floe(&[
        "explain",
        "examples/layers/main.floe",
        "sales.governance.retention",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("E0502"));
}
