//! `floe repl` in a real terminal: tmux runs it, `send-keys` types as a
//! user would (Tab on names, fields of a type and of a value, and import
//! paths, an input left open over two lines, Ctrl-C during a
//! long evaluation, arrow-up history, an edit then `:reload`), and
//! `capture-pane` reads the screen. Needs `tmux` (Debian's package; `.ci/run`
//! installs it); elsewhere the test says it is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "repl"];
        args.extend(keys);
        self.run(&args);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "repl"])
    }

    /// Waits until the screen shows `text` (at most ten seconds); the
    /// screen then.
    fn shows(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the screen never showed `{text}`:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[test]
fn a_repl_session_in_a_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux for this test"
        );
        eprintln!("skipped: no tmux on this machine (apt-get install tmux)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    let main = dir.path().join("main.floe");
    std::fs::write(&main, "let replicas = 2 in { web = { replicas } }\n").unwrap();
    let tmux = Tmux {
        socket: format!("floe-repl-{}", std::process::id()),
    };
    let floe = env!("CARGO_BIN_EXE_floe");
    let command = format!(
        "cd {} && XDG_DATA_HOME={} {floe} repl main.floe",
        dir.path().display(),
        dir.path().join("data").display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "repl",
        "-x",
        "100",
        "-y",
        "40",
        &command,
    ]);
    tmux.shows("floe>");

    // Tab completes a builtin, and a field after `.` from the value's type.
    tmux.keys(&["ran", "Tab"]);
    tmux.shows("floe> range");
    // A standard-library module in an import: a second Tab lists the
    // candidates, as in a shell.
    tmux.keys(&["C-u", "l = import \"floe:std/li", "Tab", "Tab"]);
    let screen = tmux.shows("floe:std/lineage");
    assert!(screen.contains("floe:std/list"), "{screen}");
    tmux.keys(&["s", "Tab", "\"", "Enter"]);
    tmux.shows("floe> l = import \"floe:std/list\"");
    tmux.keys(&["C-u", "service = { alpha = 1,", "Enter"]);
    // The record is open: Enter goes on to the next line.
    tmux.keys(&["beta = replicas }", "Enter"]);
    tmux.keys(&["service.al", "Tab"]);
    tmux.shows("floe> service.alpha");
    tmux.keys(&["Enter"]);
    let screen = tmux.shows("floe> service.alpha\n1\n");
    assert!(screen.contains("beta = replicas }"), "{screen}");

    // Ctrl-C stops a long evaluation; the session lives on.
    tmux.keys(&[
        "fib = \\n -> if n < 2 then n else fib (n - 1) + fib (n - 2)",
        "Enter",
    ]);
    tmux.keys(&["fib 40", "Enter"]);
    std::thread::sleep(Duration::from_millis(500));
    tmux.keys(&["C-c"]);
    tmux.shows("interrupted");
    tmux.keys(&["fib 10", "Enter"]);
    tmux.shows("fib 10\n55\n");

    // Arrow-up brings back the last input.
    tmux.keys(&["Up"]);
    std::thread::sleep(Duration::from_millis(200));
    tmux.keys(&["Enter"]);
    let screen = tmux.shows("55\nfloe> fib 10\n55\n");
    assert!(!screen.contains("panicked"), "{screen}");

    // An edit on disk, then `:reload`: the new value, and what changed.
    // `it` has no static type: its fields complete from its value.
    tmux.keys(&["it.w", "Tab"]);
    tmux.shows("floe> it.web");
    tmux.keys(&[".r", "Tab", "Enter"]);
    tmux.shows("it.web.replicas\n2\n");
    std::fs::write(&main, "let replicas = 5 in { web = { replicas } }\n").unwrap();
    tmux.keys(&[":reload", "Enter"]);
    tmux.shows("(1 changed: main.floe)");
    tmux.keys(&["it.web.replicas", "Enter"]);
    tmux.shows("it.web.replicas\n5\n");

    // Ctrl-D ends the session and keeps the history.
    tmux.keys(&["C-d"]);
    let start = Instant::now();
    // The session is gone once floe has exited.
    while tmux.run(&["list-sessions"]).contains("repl") {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "floe did not exit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let history = dir.path().join("data/floe/repl_history");
    let kept = std::fs::read_to_string(&history).unwrap();
    assert!(kept.contains("fib 10"), "{kept}");
}
