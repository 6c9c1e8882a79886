//! `floe fmt` as editors and scripts call it: standard input to standard
//! output, links refused, permissions kept, nothing left beside the file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output, Stdio};

fn floe(dir: &std::path::Path, args: &[&str], input: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A command that refuses its arguments exits without reading.
    let _ = stdin.write_all(input.unwrap_or("").as_bytes());
    drop(stdin);
    child.wait_with_output().unwrap()
}

const MESSY: &str = "let   a=1,b = [1,2,] in { a,   b }   # trailing\n";
const TIDY: &str = "let a = 1, b = [1, 2] in { a, b } # trailing\n";

#[test]
fn standard_input_is_formatted_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = floe(dir.path(), &["fmt", "-"], Some(MESSY));
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), TIDY);

    // `--check` says whether it would change, and prints nothing else.
    let changed = floe(dir.path(), &["fmt", "--check", "-"], Some(MESSY));
    assert_eq!(changed.status.code(), Some(1), "{changed:?}");
    let same = floe(dir.path(), &["fmt", "--check", "-"], Some(TIDY));
    assert!(same.status.success(), "{same:?}");

    // A syntax error gets its diagnostic and no output.
    let broken = floe(dir.path(), &["fmt", "-"], Some("{ a = 1, b = [1, 2 }\n"));
    assert_eq!(broken.status.code(), Some(1), "{broken:?}");
    assert!(broken.stdout.is_empty(), "{broken:?}");
    let err = String::from_utf8(broken.stderr).unwrap();
    assert!(err.contains("E01"), "{err}");

    // `-` is on its own.
    let mixed = floe(dir.path(), &["fmt", "-", "main.floe"], Some(MESSY));
    assert!(!mixed.status.success(), "{mixed:?}");
}

#[test]
fn a_named_link_is_refused_and_links_in_a_tree_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("real.floe");
    std::fs::write(&target, MESSY).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("link.floe")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked_dir")).unwrap();

    let named = floe(dir.path(), &["fmt", "link.floe"], None);
    assert!(!named.status.success(), "{named:?}");
    let err = String::from_utf8(named.stderr).unwrap();
    assert!(err.contains("symbolic link"), "{err}");

    let tree = floe(dir.path(), &["fmt", "."], None);
    assert!(tree.status.success(), "{tree:?}");
    // Neither the linked file nor the linked directory was written.
    assert_eq!(std::fs::read_to_string(&target).unwrap(), MESSY);
    assert!(std::fs::symlink_metadata(dir.path().join("link.floe"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_formatted_file_keeps_its_permissions_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("main.floe");
    std::fs::write(&file, MESSY).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = floe(dir.path(), &["fmt", "main.floe"], None);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["main.floe"]);
}
