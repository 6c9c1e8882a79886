//! `floe lsp` in a real editor: Neovim's built-in client, headless, set up
//! by the very configuration the README gives, and by `editors/nvim` on the
//! runtime path, drives a session on the
//! example mesh (`tests/nvim/session.lua`): it attaches, diagnostics arrive,
//! hover renders in a floating window, go to definition lands on the
//! binding's line and opens a standard-library module read-only, and an
//! edit that breaks the file gets its diagnostic. Needs `nvim` (Debian's
//! `neovim`, 0.7 or later); CI installs it, elsewhere the test says it is
//! skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

/// Runs `session.lua` in headless Neovim with `args` before it, in the
/// example mesh, with `path` first on PATH; the facts it wrote. `None` when
/// there is no `nvim` here (outside CI).
fn session(args: &[&std::ffi::OsStr], path: &Path) -> Option<String> {
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install neovim for this test"
        );
        eprintln!("skipped: no nvim on this machine (apt-get install neovim)");
        return None;
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("facts.txt");
    let search = std::env::join_paths(std::iter::once(path.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let status = Command::new("nvim")
        .args(["--headless", "-i", "NONE", "-n"])
        .args(args)
        .arg("-c")
        .arg(format!(
            "luafile {}",
            here.join("tests/nvim/session.lua").display()
        ))
        .current_dir(here.join("examples/mesh"))
        .env("FLOE_NVIM_OUT", &out)
        .env("PATH", search)
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .status()
        .unwrap();
    assert!(status.success(), "nvim exited with {status}");
    let facts = std::fs::read_to_string(&out).unwrap();
    eprintln!("{facts}");
    Some(facts)
}

/// What every session must find.
fn check(facts: &str, more: &[&str]) {
    let expected = [
        "filetype floe",
        "attached true",
        "standard library floe:std/mesh readonly true at `layout`",
        "diagnostics published true",
        "definition 3:4",
        "after the edit true line 4 E0101",
    ];
    for fact in expected.iter().chain(more) {
        assert!(
            facts.lines().any(|l| l == *fact),
            "missing `{fact}` in:\n{facts}"
        );
    }
    let hover = facts.lines().find(|l| l.starts_with("hover ")).unwrap();
    assert!(
        hover.contains("layout"),
        "the hover names `layout`: {hover}"
    );
}

#[test]
fn a_neovim_session_set_up_as_the_readme_says() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    // The README's setup, with this build's `floe`.
    let readme = std::fs::read_to_string(here.join("README.md")).unwrap();
    let setup = readme
        .split("```lua\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README gives a Neovim setup");
    let floe = env!("CARGO_BIN_EXE_floe");
    let setup = setup.replace("{ 'floe', 'lsp' }", &format!("{{ '{floe}', 'lsp' }}"));
    assert!(setup.contains(floe), "the setup starts `floe lsp`");
    let init = dir.path().join("init.lua");
    std::fs::write(&init, setup).unwrap();
    let args = [std::ffi::OsStr::new("-u"), init.as_os_str()];
    if let Some(facts) = session(&args, dir.path()) {
        check(&facts, &[]);
    }
}

#[test]
fn a_neovim_session_with_editors_nvim_on_the_runtime_path() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rtp = format!("set rtp^={}", here.join("editors/nvim").display());
    let args = [
        std::ffi::OsStr::new("--clean"),
        std::ffi::OsStr::new("--cmd"),
        std::ffi::OsStr::new(&rtp),
    ];
    // `floe` as a user has it: on PATH.
    let floe = Path::new(env!("CARGO_BIN_EXE_floe"));
    if let Some(facts) = session(&args, floe.parent().unwrap()) {
        check(&facts, &["syntax floe"]);
    }
}
