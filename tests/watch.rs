//! `floe eval --watch` evaluates again when a file it read changes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn watch_re_evaluates_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    std::fs::write(dir.path().join("lib.floe"), "{ replicas = 1 }").unwrap();
    std::fs::write(
        dir.path().join("main.floe"),
        "{ replicas = (import \"./lib.floe\").replicas }",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(["eval", "--watch", "main.floe"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let out_tx = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = out_tx.send(format!("out: {line}"));
        }
    });
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(format!("err: {line}"));
        }
    });
    // stdout and stderr arrive through separate pipes, so their lines can
    // interleave either way; wait until every wanted line has been seen.
    let wait_for = |wanted: &[&str]| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        while !wanted.iter().all(|w| seen.iter().any(|l| l.contains(w))) {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => seen.push(line),
                Err(_) => panic!("not all of {wanted:?} within 20 s; saw {seen:?}"),
            }
        }
        seen
    };
    let first = wait_for(&["evaluation 1:", "out: replicas: 1"]);
    assert!(first.iter().any(|l| l == "out: replicas: 1"), "{first:?}");
    // Edit the imported file; make sure the modification time moves.
    std::thread::sleep(Duration::from_millis(1100));
    // Replace it whole, as editors do, so the watcher never reads it half-written.
    std::fs::write(dir.path().join("lib.floe.new"), "{ replicas = 3 }").unwrap();
    std::fs::rename(dir.path().join("lib.floe.new"), dir.path().join("lib.floe")).unwrap();
    let second = wait_for(&["evaluation 2:", "out: replicas: 3"]);
    let _ = child.kill();
    let _ = child.wait();
    assert!(second.iter().any(|l| l == "out: replicas: 3"), "{second:?}");
    assert!(
        second.iter().any(|l| l.contains("evaluation 2: ok in ")
            && l.contains(" ms (checking and evaluating ")
            && l.ends_with(" ms); waiting for changes")),
        "{second:?}"
    );
}
