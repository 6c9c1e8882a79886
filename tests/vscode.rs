//! The VS Code extension in `editors/vscode`, judged by VS Code's own
//! tooling from the npm registry (`npm ci` installs the pinned versions
//! once per run): the TextMate grammar's snapshots
//! (`vscode-tmgrammar-snap`) and assertions (`vscode-tmgrammar-test`), the
//! server started with the extension's command and its client's JSON-RPC
//! library (`npm test`), and `vsce package`, whose `.vsix` holds what VS
//! Code loads. Needs `npm` (Node.js 20 or later); elsewhere the tests say
//! they are skipped, in CI they must run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn extension() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode")
}

fn npm(args: &[&str]) -> Output {
    common::logged(
        Command::new("npm")
            .args(args)
            .current_dir(extension())
            .env("FLOE", env!("CARGO_BIN_EXE_floe"))
            // Downloads are kept under target/, like the other test tools.
            .env(
                "npm_config_cache",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("target/npm-cache"),
            ),
    )
}

/// Installs the extension's packages once for all tests of this file;
/// false (outside CI) when there is no npm here.
fn installed() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| {
        if Command::new("npm").arg("--version").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have npm for this test"
            );
            eprintln!("skipped: no npm on this machine");
            return false;
        }
        // No install scripts: the tools run from their JavaScript, and
        // some scripts would download native helpers vsce does not need.
        let out = npm(&["ci", "--ignore-scripts", "--no-audit", "--no-fund"]);
        assert!(out.status.success(), "npm ci failed");
        true
    })
}

#[test]
fn grammar_snapshots_are_current() {
    if !installed() {
        return;
    }
    let out = npm(&["exec", "--", "vscode-tmgrammar-snap", "test/snap/*.floe"]);
    assert!(
        out.status.success(),
        "the grammar's scopes changed: review, then run `npx vscode-tmgrammar-snap -u \"test/snap/*.floe\"` in editors/vscode"
    );
}

#[test]
fn grammar_assertions_hold() {
    if !installed() {
        return;
    }
    let out = npm(&["exec", "--", "vscode-tmgrammar-test", "test/grammar/*.floe"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("run successfuly").count(), 2, "{text}");
}

#[test]
fn the_extensions_server_command_serves_floe() {
    if !installed() {
        return;
    }
    let out = npm(&["test"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("E0101 published"));
}

#[test]
fn vsce_packages_the_extension() {
    if !installed() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let vsix = scratch.path().join("floe.vsix");
    let out = npm(&["run", "package", "--", "-o", vsix.to_str().unwrap()]);
    assert!(out.status.success(), "vsce package failed");
    // A .vsix is a zip archive; list it as VS Code would unpack it.
    let listing = Command::new("python3")
        .args(["-m", "zipfile", "-l"])
        .arg(&vsix)
        .output()
        .unwrap();
    assert!(listing.status.success());
    let listing = String::from_utf8_lossy(&listing.stdout);
    for file in [
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/dist/extension.js",
        "extension/syntaxes/floe.tmLanguage.json",
        "extension/language-configuration.json",
        "extension/icon.png",
    ] {
        assert!(listing.contains(file), "{file} is missing:\n{listing}");
    }
    // The bundle carries the language client it starts the server with.
    let bundle = std::fs::read_to_string(extension().join("dist/extension.js")).unwrap();
    assert!(bundle.contains("floe/source") && bundle.contains("lsp"));
}

/// The grammar colours exactly the language's builtins.
#[test]
fn highlighted_builtins_are_the_languages() {
    let text = std::fs::read_to_string(extension().join("syntaxes/floe.tmLanguage.json")).unwrap();
    let grammar: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pattern = grammar["repository"]["builtin-function"]["match"]
        .as_str()
        .unwrap();
    let list = pattern
        .split("(?:")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap();
    let mut listed: Vec<&str> = list.split('|').collect();
    listed.sort_unstable();
    let mut builtins: Vec<&str> = floe_lang::builtins::Builtin::ALL
        .iter()
        .map(|b| b.name())
        .collect();
    builtins.sort_unstable();
    assert_eq!(listed, builtins);
}
