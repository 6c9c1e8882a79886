//! `floe eval --watch` evaluates again when a file it read changes, and
//! when an import that was missing appears.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// `floe eval --watch main.floe` running in `dir`, its output lines
/// arriving on a channel.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Watch {
    fn start(dir: &Path) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_floe"))
            .args(["eval", "--watch", "main.floe"])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
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
        Watch { child, lines }
    }

    /// The lines up to the one where all of `wanted` have been seen.
    /// stdout and stderr arrive through separate pipes, so their lines can
    /// interleave either way.
    fn wait_for(&self, wanted: &[&str]) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        while !wanted.iter().all(|w| seen.iter().any(|l| l.contains(w))) {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => seen.push(line),
                Err(_) => panic!("not all of {wanted:?} within 20 s; saw {seen:?}"),
            }
        }
        seen
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces `name` in `dir` whole, as editors do (so the watcher never
/// reads it half-written), after the modification time can have moved.
fn replace(dir: &Path, name: &str, text: &str) {
    std::thread::sleep(Duration::from_millis(1100));
    let staged = dir.join(format!("{name}.new"));
    std::fs::write(&staged, text).unwrap();
    std::fs::rename(staged, dir.join(name)).unwrap();
}

fn project(main: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    std::fs::write(dir.path().join("main.floe"), main).unwrap();
    dir
}

#[test]
fn watch_re_evaluates_after_an_edit() {
    let dir = project("{ replicas = (import \"./lib.floe\").replicas }");
    std::fs::write(dir.path().join("lib.floe"), "{ replicas = 1 }").unwrap();
    let watch = Watch::start(dir.path());
    let first = watch.wait_for(&["evaluation 1:", "out: replicas: 1"]);
    assert!(first.iter().any(|l| l == "out: replicas: 1"), "{first:?}");
    replace(dir.path(), "lib.floe", "{ replicas = 3 }");
    let second = watch.wait_for(&["evaluation 2:", "out: replicas: 3"]);
    assert!(second.iter().any(|l| l == "out: replicas: 3"), "{second:?}");
    assert!(
        second.iter().any(|l| l.contains("evaluation 2: ok in ")
            && l.contains(" ms (checking and evaluating ")
            && l.ends_with(" ms); waiting for changes")),
        "{second:?}"
    );
}

#[test]
fn watch_picks_up_a_created_import_and_a_deleted_one() {
    let dir = project("{ replicas = (import \"./lib.floe\").replicas }");
    let watch = Watch::start(dir.path());
    let first = watch.wait_for(&["evaluation 1: errors", "E0204"]);
    assert!(
        first.iter().any(|l| l.contains("no such file")),
        "{first:?}"
    );
    replace(dir.path(), "lib.floe", "{ replicas = 2 }");
    let second = watch.wait_for(&["evaluation 2: ok", "out: replicas: 2"]);
    assert!(second.iter().any(|l| l == "out: replicas: 2"), "{second:?}");
    std::fs::remove_file(dir.path().join("lib.floe")).unwrap();
    let third = watch.wait_for(&["evaluation 3: errors", "E0204"]);
    assert!(
        third.iter().any(|l| l.contains("no such file")),
        "{third:?}"
    );
}
