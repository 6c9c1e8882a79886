//! `-o DIR` owns the files it wrote: a later run of the same program
//! removes those it no longer writes (a domain taken out of the mesh takes
//! its Kubernetes objects along), and leaves alone every file it did not
//! write, files changed since, other programs' files, and anything reached
//! through a link. Runs the `floe` binary, editing the program between runs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::process::Command;

fn floe(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_floe"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("floe runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && !path.is_symlink() {
                walk(&path, root, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("floe.toml"), "").unwrap();
    dir
}

#[test]
fn a_later_run_removes_what_it_no_longer_writes() {
    let dir = scratch();
    let d = dir.path();
    let main = d.join("main.floe");
    fs::write(
        &main,
        r#"{ "a.yaml" = { x = 1 }, "k8s/sales.yaml" = { y = 2 }, "k8s/people/deep.yaml" = { z = 3 } }"#,
    )
    .unwrap();
    let (ok, err) = floe(d, &["eval", "main.floe", "-o", "out"]);
    assert!(ok, "{err}");
    fs::write(d.join("out/notes.txt"), "mine").unwrap();
    let record = fs::read_to_string(d.join("out/.floe-tree.json")).unwrap();
    assert!(record.contains("\"main.floe\""), "{record}");
    assert!(
        record.contains("\"k8s/people/deep.yaml\": \"sha256:"),
        "{record}"
    );

    // The people domain is gone from the program: its file and the
    // directory it leaves empty go; the user's own file stays.
    fs::write(
        &main,
        r#"{ "a.yaml" = { x = 1 }, "k8s/sales.yaml" = { y = 2 } }"#,
    )
    .unwrap();
    let (ok, err) = floe(d, &["eval", "main.floe", "-o", "out"]);
    assert!(ok, "{err}");
    assert!(err.contains("removed 1 file it no longer writes"), "{err}");
    let out = d.join("out");
    assert_eq!(
        files(&out),
        [".floe-tree.json", "a.yaml", "k8s/sales.yaml", "notes.txt"]
    );

    // A file changed by hand after floe wrote it is the user's now.
    fs::write(out.join("k8s/sales.yaml"), "y: 2\n# tuned by hand\n").unwrap();
    fs::write(&main, r#"{ "a.yaml" = { x = 1 } }"#).unwrap();
    let (ok, err) = floe(d, &["eval", "main.floe", "-o", "out"]);
    assert!(ok, "{err}");
    assert!(err.contains("kept k8s/sales.yaml"), "{err}");
    assert_eq!(
        files(&out),
        [".floe-tree.json", "a.yaml", "k8s/sales.yaml", "notes.txt"]
    );
    // …and no longer recorded as floe's, so no later run removes it.
    let record = fs::read_to_string(out.join(".floe-tree.json")).unwrap();
    assert!(!record.contains("sales.yaml"), "{record}");
}

#[test]
fn the_same_program_from_elsewhere_is_the_same_program() {
    let dir = scratch();
    let d = dir.path();
    fs::create_dir(d.join("mesh")).unwrap();
    let main = d.join("mesh/main.floe");
    fs::write(&main, r#"{ "a.yaml" = 1, "b.yaml" = 2 }"#).unwrap();
    assert!(floe(d, &["eval", "mesh/main.floe", "-o", "out"]).0);
    fs::write(&main, r#"{ "a.yaml" = 1 }"#).unwrap();
    let (ok, err) = floe(&d.join("mesh"), &["eval", "main.floe", "-o", "../out"]);
    assert!(ok, "{err}");
    assert_eq!(files(&d.join("out")), [".floe-tree.json", "a.yaml"]);
}

#[test]
fn other_programs_files_are_left_alone() {
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("one.floe"), r#"{ "one.yaml" = 1 }"#).unwrap();
    fs::write(d.join("two.floe"), r#"{ "two.yaml" = 2 }"#).unwrap();
    assert!(floe(d, &["eval", "one.floe", "-o", "out"]).0);
    assert!(floe(d, &["eval", "two.floe", "-o", "out"]).0);
    assert_eq!(
        files(&d.join("out")),
        [".floe-tree.json", "one.yaml", "two.yaml"]
    );
    fs::write(d.join("two.floe"), "{}").unwrap();
    assert!(floe(d, &["eval", "two.floe", "-o", "out"]).0);
    assert_eq!(files(&d.join("out")), [".floe-tree.json", "one.yaml"]);
}

#[test]
fn a_failed_run_removes_nothing() {
    let dir = scratch();
    let d = dir.path();
    let main = d.join("main.floe");
    fs::write(&main, r#"{ "a.yaml" = 1, "b.yaml" = 2 }"#).unwrap();
    assert!(floe(d, &["eval", "main.floe", "-o", "out"]).0);
    let before = fs::read_to_string(d.join("out/.floe-tree.json")).unwrap();
    fs::write(&main, r#"{ "a.yaml" = 1 / 0 }"#).unwrap();
    let (ok, _) = floe(d, &["eval", "main.floe", "-o", "out"]);
    assert!(!ok);
    assert_eq!(
        files(&d.join("out")),
        [".floe-tree.json", "a.yaml", "b.yaml"]
    );
    let after = fs::read_to_string(d.join("out/.floe-tree.json")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_record_never_leads_out_of_the_directory() {
    let dir = scratch();
    let d = dir.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("victim.yaml"), "1\n").unwrap();
    fs::write(d.join("main.floe"), r#"{ "a.yaml" = 1 }"#).unwrap();
    assert!(floe(d, &["eval", "main.floe", "-o", "out"]).0);
    // A record edited to name files outside DIR, by `..` and through a
    // link to another directory, with their true digests.
    std::os::unix::fs::symlink(outside.path(), d.join("out/link")).unwrap();
    let victim = outside.path().join("victim.yaml");
    let digest = {
        use std::io::Write;
        let mut sha = Command::new("sha256sum")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        sha.stdin.take().unwrap().write_all(b"1\n").unwrap();
        let out = sha.wait_with_output().unwrap();
        String::from_utf8(out.stdout).unwrap()[..64].to_string()
    };
    let escape = format!("../{}", victim.strip_prefix("/").unwrap().display());
    let record = format!(
        r#"{{ "programs": {{ "main.floe": {{ "a.yaml": "x", "link/victim.yaml": "sha256:{digest}", "{escape}": "sha256:{digest}", "/{}": "sha256:{digest}" }} }} }}"#,
        victim.strip_prefix("/").unwrap().display()
    );
    fs::write(d.join("out/.floe-tree.json"), record).unwrap();
    fs::write(d.join("main.floe"), "{}").unwrap();
    let (ok, err) = floe(d, &["eval", "main.floe", "-o", "out"]);
    assert!(ok, "{err}");
    assert!(
        victim.exists(),
        "a file outside the output directory was removed"
    );
    assert!(err.contains("kept link/victim.yaml"), "{err}");
}

#[test]
fn the_record_name_is_not_an_output_file() {
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("main.floe"), r#"{ ".floe-tree.json" = 1 }"#).unwrap();
    let (ok, err) = floe(d, &["eval", "main.floe", "-o", "out"]);
    assert!(!ok);
    // Names beginning `.floe-` are floe's own in an output directory.
    assert!(err.contains("E0603"), "{err}");
    assert!(!d.join("out").exists());
}
