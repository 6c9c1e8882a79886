//! The project root and the output directory are boundaries: imports that
//! lead out of the root through symbolic links are refused, special files
//! are never opened, files over the size limit are never read, and `-o`
//! never writes through a link and changes an existing directory in one
//! step or not at all. Each test builds a real directory tree and runs the
//! `floe` binary on it.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// A project directory `proj/` (with `floe.toml`) beside a file outside it.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("proj")).unwrap();
    std::fs::write(dir.path().join("proj/floe.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("secret.floe"),
        "{ password = \"hunter2\" }\n",
    )
    .unwrap();
    dir
}

/// Runs floe in `dir` with a time limit, so that a hang fails the test.
fn floe(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("floe {args:?} did not finish within 10 s");
}

/// Evaluates `import "<path>"` in `proj/` and returns the exit status and
/// stderr.
fn import(dir: &Path, path: &str, extra: &[&str]) -> (i32, String) {
    let proj = dir.join("proj");
    std::fs::write(proj.join("main.floe"), format!("import \"{path}\"\n")).unwrap();
    let mut args = vec!["eval", "main.floe"];
    args.extend(extra);
    let out = floe(&proj, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("hunter2"),
        "{path}: printed the secret"
    );
    (out.status.code().unwrap_or(-1), stderr)
}

fn assert_refused(dir: &Path, path: &str, code: &str, mentions: &[&str]) {
    let (status, stderr) = import(dir, path, &[]);
    assert_eq!(status, 1, "{path}: {stderr}");
    assert!(
        stderr.contains(code),
        "{path}: expected {code} in\n{stderr}"
    );
    for m in mentions {
        assert!(stderr.contains(m), "{path}: expected `{m}` in\n{stderr}");
    }
}

#[test]
fn imports_through_links_out_of_the_root_are_refused() {
    let dir = project();
    let proj = dir.path().join("proj");
    symlink("../secret.floe", proj.join("link.floe")).unwrap();
    assert_refused(
        dir.path(),
        "./link.floe",
        "E0205",
        &["link.floe", "secret.floe"],
    );

    std::fs::create_dir(dir.path().join("outside")).unwrap();
    std::fs::write(dir.path().join("outside/x.floe"), "1").unwrap();
    symlink("../outside", proj.join("dirlink")).unwrap();
    assert_refused(dir.path(), "./dirlink/x.floe", "E0205", &["outside"]);

    symlink("/etc/passwd", proj.join("passwd.yaml")).unwrap();
    assert_refused(dir.path(), "./passwd.yaml", "E0205", &["/etc/passwd"]);

    // Nothing of the file a link leads to may appear in a diagnostic.
    symlink("/proc/self/environ", proj.join("env.yaml")).unwrap();
    let (status, stderr) = import(dir.path(), "./env.yaml", &[]);
    assert_eq!(status, 1);
    assert!(stderr.contains("E0205"), "{stderr}");
    assert!(!stderr.contains("PATH="), "{stderr}");

    symlink("/dev/zero", proj.join("zero.json")).unwrap();
    assert_refused(dir.path(), "./zero.json", "E0205", &["/dev/zero"]);
}

#[test]
fn links_inside_the_root_are_followed() {
    let dir = project();
    let proj = dir.path().join("proj");
    std::fs::create_dir(proj.join("sub")).unwrap();
    std::fs::write(proj.join("sub/real.json"), "{\"a\": 1}").unwrap();
    symlink("sub/real.json", proj.join("inside.json")).unwrap();
    let (status, stderr) = import(dir.path(), "./inside.json", &[]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn absolute_imports_are_unsupported_even_inside_the_root() {
    let dir = project();
    let proj = dir.path().join("proj");
    std::fs::write(proj.join("lib.floe"), "1").unwrap();
    let absolute = proj.join("lib.floe").display().to_string();
    assert_refused(dir.path(), &absolute, "E0208", &["relative"]);
}

#[test]
fn special_files_are_refused_without_being_opened() {
    let dir = project();
    let proj = dir.path().join("proj");
    // Opening a named pipe for reading would block until a writer came.
    let status = Command::new("mkfifo")
        .arg(proj.join("fifo.floe"))
        .status()
        .unwrap();
    assert!(status.success());
    assert_refused(dir.path(), "./fifo.floe", "E0210", &["named pipe"]);
    std::fs::create_dir(proj.join("dir.floe")).unwrap();
    assert_refused(dir.path(), "./dir.floe", "E0210", &["directory"]);
    // The entry file too.
    let out = floe(&proj, &["eval", "fifo.floe"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0210"));
}

#[test]
fn files_over_the_size_limit_are_not_read() {
    let dir = project();
    let proj = dir.path().join("proj");
    // A sparse gigabyte: reading it would take a gigabyte of memory.
    let big = std::fs::File::create(proj.join("big.json")).unwrap();
    big.set_len(1 << 30).unwrap();
    assert_refused(
        dir.path(),
        "./big.json",
        "E0211",
        &["1.0 GiB", "--max-file-size"],
    );
    std::fs::write(proj.join("small.json"), "[1, 2, 3, 4, 5, 6, 7, 8]").unwrap();
    let (status, stderr) = import(dir.path(), "./small.json", &["--max-file-size", "16"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("E0211"), "{stderr}");
    let (status, stderr) = import(dir.path(), "./small.json", &["--max-file-size", "1K"]);
    assert_eq!(status, 0, "{stderr}");
}

fn tree(dir: &Path, program: &str) -> Output {
    std::fs::write(dir.join("floe.toml"), "").unwrap();
    std::fs::write(dir.join("tree.floe"), program).unwrap();
    floe(dir, &["eval", "tree.floe", "-o", "out"])
}

/// Every file under `dir`, with its contents (links shown as links).
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            // What floe records of its own writes is checked in output_owned.rs.
            if name == ".floe-tree.json" {
                continue;
            }
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                out.push(format!(
                    "{name} -> {}",
                    std::fs::read_link(&p).unwrap().display()
                ));
            } else if meta.is_dir() {
                out.push(format!("{name}/"));
                stack.push(p);
            } else {
                out.push(format!("{name}: {}", std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn output_is_never_written_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("keep")).unwrap();
    std::fs::write(out.join("keep/k.txt"), "old").unwrap();
    std::fs::create_dir(dir.path().join("victim")).unwrap();
    symlink("../victim", out.join("evil")).unwrap();
    let before = listing(&out);
    let run = tree(
        dir.path(),
        "{ \"evil/x.yaml\" = { a = 1 }, \"new.yaml\" = 1 }",
    );
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("E0605") && stderr.contains("symbolic link"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("victim"))
            .unwrap()
            .count(),
        0
    );
    assert_eq!(listing(&out), before);

    // Nor is the directory itself a link to write through.
    let other = tempfile::tempdir().unwrap();
    symlink(dir.path().join("victim"), other.path().join("out")).unwrap();
    let run = tree(other.path(), "{ \"x.yaml\" = 1 }");
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        std::fs::read_dir(dir.path().join("victim"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn a_failed_write_into_an_existing_directory_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("a.yaml"), "old: 1\n").unwrap();
    // A dangling link where the tree needs a directory: found before
    // anything is moved.
    symlink("/nonexistent", out.join("sub")).unwrap();
    let before = listing(&out);
    let run = tree(
        dir.path(),
        "{ \"a.yaml\" = { new = 1 }, \"sub/b.yaml\" = 2 }",
    );
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(listing(&out), before);
    // The staging copy is gone too.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("staging")), "{names:?}");
}

#[test]
fn a_successful_write_replaces_named_files_and_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("notes")).unwrap();
    std::fs::write(out.join("a.yaml"), "old: 1\n").unwrap();
    std::fs::write(out.join("notes/readme.txt"), "mine").unwrap();
    symlink("/nonexistent", out.join("dangling")).unwrap();
    // A hard link to the old file elsewhere must keep the old contents:
    // the new file is a new file, not the old one overwritten.
    std::fs::hard_link(out.join("a.yaml"), dir.path().join("elsewhere")).unwrap();
    let run = tree(
        dir.path(),
        "{ \"a.yaml\" = { new = 1 }, \"d/e.json\" = [1] }",
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        listing(&out),
        [
            "a.yaml: new: 1\n",
            "d/",
            "d/e.json: [\n  1\n]\n",
            "dangling -> /nonexistent",
            "notes/",
            "notes/readme.txt: mine",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("elsewhere")).unwrap(),
        "old: 1\n"
    );
    assert!(out.join(".floe-tree.json").is_file());
}
