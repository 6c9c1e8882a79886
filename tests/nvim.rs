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

/// Runs `script` (in tests/nvim) in headless Neovim with `args` before it,
/// in the example mesh, with `path` first on PATH; the facts it wrote.
/// `None` when there is no `nvim` here (outside CI).
fn run(script: &str, args: &[&std::ffi::OsStr], path: &Path) -> Option<String> {
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
            here.join("tests/nvim").join(script).display()
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

/// Neovim's arguments for a clean start with editors/nvim on the runtime
/// path, as a plugin manager puts it.
fn plugin_on_runtime_path() -> [String; 3] {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "--clean".to_string(),
        "--cmd".to_string(),
        format!("set rtp^={}", here.join("editors/nvim").display()),
    ]
}

fn session(args: &[&std::ffi::OsStr], path: &Path) -> Option<String> {
    run("session.lua", args, path)
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
    let rtp = plugin_on_runtime_path();
    let args: Vec<&std::ffi::OsStr> = rtp.iter().map(|a| a.as_ref()).collect();
    // `floe` as a user has it: on PATH.
    let floe = Path::new(env!("CARGO_BIN_EXE_floe"));
    if let Some(facts) = session(&args, floe.parent().unwrap()) {
        check(&facts, &["syntax floe"]);
    }
}

/// With editors/nvim on the runtime path, `:FloeParser` compiles the
/// tree-sitter grammar, and Neovim's own tree-sitter runtime loads it,
/// parses the example cleanly and colours it with the plugin's query.
#[test]
fn neovim_highlights_with_the_tree_sitter_grammar() {
    let rtp = plugin_on_runtime_path();
    let args: Vec<&std::ffi::OsStr> = rtp.iter().map(|a| a.as_ref()).collect();
    let floe = Path::new(env!("CARGO_BIN_EXE_floe"));
    let Some(facts) = run("treesitter.lua", &args, floe.parent().unwrap()) else {
        return;
    };
    for fact in [
        "parser built true",
        "root source_file has error false",
        "capture 1 `# The acme Data Mesh: `floe eval examples/mesh/main.floe -o out/` writes the` comment",
        "capture 3 `let` keyword",
        "capture 3 `import` keyword.import",
        "capture 3 `floe:std/mesh` string.special.path",
        "capture 3 `in` keyword",
        "capture 4 `layout` variable.member",
        "capture 5 `enterprise` property",
        "capture 6 `[` punctuation.bracket",
    ] {
        assert!(
            facts.lines().any(|l| l == fact),
            "missing `{fact}` in:\n{facts}"
        );
    }
}
