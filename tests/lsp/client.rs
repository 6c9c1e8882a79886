//! A language client for tests: spawns `floe lsp`, frames JSON-RPC over its
//! stdio as an editor does, and waits (with a deadline, so that a server
//! that stops answering fails the test instead of hanging it) for answers
//! and notifications.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::VecDeque;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

#[path = "../../bench/src/jsonrpc.rs"]
mod jsonrpc;
use jsonrpc::{read_message, write_message};

/// How long any one answer may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(60);

/// A running `floe lsp` and the messages it sent that nobody read yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    pending: VecDeque<Value>,
    next_id: i64,
    /// The workspace root.
    pub root: PathBuf,
}

impl Client {
    /// Starts `floe lsp` on `root` and initializes it with `capabilities`.
    pub fn start_with(root: &Path, capabilities: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_floe"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("floe lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            pending: VecDeque::new(),
            next_id: 0,
            root: root.to_path_buf(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": client.uri(""),
                "workspaceFolders": [{ "uri": client.uri(""), "name": "workspace" }],
                "capabilities": capabilities,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Starts `floe lsp` on `root` as a client with no special capabilities.
    pub fn start(root: &Path) -> Client {
        Client::start_with(root, json!({})).0
    }

    /// The `file:` URI of `relative` in the workspace.
    pub fn uri(&self, relative: &str) -> String {
        let path = self.root.join(relative);
        let text = path.to_str().unwrap().trim_end_matches('/');
        format!("file://{text}")
    }

    fn send(&mut self, message: Value) {
        write_message(&mut self.stdin, &message).unwrap();
    }

    fn receive(&mut self) -> Value {
        self.incoming
            .recv_timeout(DEADLINE)
            .expect("the server answers in time")
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its answer: the whole response, with
    /// `result` or `error`. Requests the server makes meanwhile are
    /// answered with null; its notifications are kept.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message.get("method").is_some() {
                if let Some(their_id) = message.get("id") {
                    let their_id = their_id.clone();
                    self.send(json!({ "jsonrpc": "2.0", "id": their_id, "result": null }));
                } else {
                    self.pending.push_back(message);
                }
                continue;
            }
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    /// Sends a request and gives its result, failing on an error answer.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Waits for a notification `method` that `accept` takes; the others
    /// stay pending.
    pub fn wait_for(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|m| m["method"] == method && accept(&m["params"]))
        {
            return self.pending.remove(i).unwrap()["params"].clone();
        }
        loop {
            let message = self.receive();
            if message["method"] == method && accept(&message["params"]) {
                return message["params"].clone();
            }
            if let Some(their_id) = message
                .get("id")
                .filter(|_| message.get("method").is_some())
            {
                let their_id = their_id.clone();
                self.send(json!({ "jsonrpc": "2.0", "id": their_id, "result": null }));
            } else {
                self.pending.push_back(message);
            }
        }
    }

    /// The diagnostics published for `relative` at document `version`.
    pub fn diagnostics(&mut self, relative: &str, version: i64) -> Value {
        let uri = self.uri(relative);
        self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == json!(uri) && p["version"] == json!(version)
        })["diagnostics"]
            .clone()
    }

    /// Opens `relative` with its text on disk, as version 1.
    pub fn open(&mut self, relative: &str) -> String {
        let text = std::fs::read_to_string(self.root.join(relative)).unwrap();
        self.open_with(relative, &text);
        text
    }

    /// Opens `relative` with `text`, as version 1.
    pub fn open_with(&mut self, relative: &str, text: &str) {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "floe", "version": 1, "text": text } }),
        );
    }

    /// Replaces `range` of `relative` with `text`, making it `version`.
    pub fn change(&mut self, relative: &str, version: i64, range: Value, text: &str) {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": text }],
            }),
        );
    }

    /// Asks for `method` at the `n`th (from 0) occurrence of `needle` in
    /// `relative`'s text on disk (see [`position_in`]).
    pub fn at(&mut self, method: &str, relative: &str, needle: &str, nth: usize) -> Value {
        let position = self.position(relative, needle, nth);
        let uri = self.uri(relative);
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": position }),
        )
    }

    /// The position (UTF-16) of the `n`th occurrence of `needle` in the
    /// file `relative` on disk; a `|` in `needle` marks the cursor within it.
    pub fn position(&self, relative: &str, needle: &str, nth: usize) -> Value {
        let text = std::fs::read_to_string(self.root.join(relative)).unwrap();
        position_in(&text, needle, nth)
    }

    /// Replaces the workspace's URIs in `value` by `file:///WORKSPACE`, so
    /// that answers read the same on every machine.
    /// Ranges are written `line:column-line:column` (from 0, as the
    /// protocol counts) to keep answers short.
    pub fn portable(&self, value: &Value) -> String {
        let text = serde_json::to_string_pretty(&compact_ranges(value)).unwrap();
        text.replace(&self.uri(""), "file:///WORKSPACE")
    }

    /// Shuts the server down as a client does, and checks that it exits.
    pub fn shutdown(mut self) {
        let answer = self.call("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        self.notify("exit", Value::Null);
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "floe lsp exited with {status}");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("floe lsp did not exit after `exit`");
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The position (UTF-16) of the `nth` occurrence of `needle` in `text`; a
/// `|` in `needle` marks the cursor within it (else its start).
pub fn position_in(text: &str, needle: &str, nth: usize) -> Value {
    let cursor = needle.find('|').unwrap_or(0);
    let plain = needle.replace('|', "");
    let start = text
        .match_indices(&plain)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{plain}` occurs {} times", nth + 1))
        .0;
    let offset = start + cursor;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

/// A copy of the fixture workspace in a scratch directory, for tests that
/// change files on disk.
pub fn scratch_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture_workspace(), dir.path());
    dir
}

/// The fixture workspace.
pub fn fixture_workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/workspace")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `value` with every range `{start, end}` written `l:c-l:c`.
fn compact_ranges(value: &Value) -> Value {
    let point = |p: &Value| {
        Some(format!(
            "{}:{}",
            p["line"].as_u64()?,
            p["character"].as_u64()?
        ))
    };
    match value {
        Value::Object(map) => {
            if map.len() == 2 {
                if let (Some(start), Some(end)) = (
                    map.get("start").and_then(point),
                    map.get("end").and_then(point),
                ) {
                    return Value::String(format!("{start}-{end}"));
                }
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), compact_ranges(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(compact_ranges).collect()),
        other => other.clone(),
    }
}
