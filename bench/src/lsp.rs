//! Latency and memory of `floe lsp` on a generated workspace, measured as
//! an editor meets them: the harness spawns the server, speaks JSON-RPC over
//! its stdio, opens `main.floe` (which imports every domain) and one domain
//! file, then times
//!
//! - the cold analysis: `didOpen` of `main.floe` to its diagnostics;
//! - keystrokes: a one-character `didChange` of a product's replica count to
//!   the domain's static diagnostics, and to `main.floe`'s (the whole
//!   workspace re-analysed after a one-field edit); every twentieth after a
//!   pause long enough for the background evaluation to start, which the
//!   keystroke then cancels;
//! - hover, completion, definition, references and semantic tokens on the
//!   domain file;
//! - the server's resident memory (now and at its peak).
//!
//! Usage: `floe-bench-lsp FLOE DIR [ROUNDS]`; DIR from `floe-bench-gen DIR N`.

use std::io::BufReader;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod jsonrpc;
use jsonrpc::{read_message, write_message};

struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start(floe: &str, root: &Path) -> Option<Server> {
        let mut child = Command::new(floe)
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let stdout = child.stdout.take()?;
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(m) = read_message(&mut reader) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Some(Server {
            child,
            stdin,
            incoming,
            next_id: 0,
        })
    }

    fn send(&mut self, message: &Value) {
        // A server that stopped reading shows as a missing answer.
        let _ = write_message(&mut self.stdin, message);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&self) -> Option<Value> {
        self.incoming.recv_timeout(Duration::from_secs(120)).ok()
    }

    fn request(&mut self, method: &str, params: Value) -> Option<Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.next()?;
            if m.get("method").is_some() {
                if let Some(their) = m.get("id").cloned() {
                    self.send(&json!({ "jsonrpc": "2.0", "id": their, "result": null }));
                }
                continue;
            }
            if m["id"] == json!(id) {
                return Some(m);
            }
        }
    }

    /// Waits for the diagnostics of `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Option<()> {
        loop {
            let m = self.next()?;
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && m["params"]["version"] == json!(version)
            {
                return Some(());
            }
        }
    }

    /// VmRSS and VmHWM of the server, in MiB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map_or(0.0, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The position (UTF-16, the file is ASCII) of the first `needle`, plus
/// `into` characters.
fn position(text: &str, needle: &str, into: usize) -> Value {
    let at = text.find(needle).unwrap_or(0) + into;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": at - start })
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "| {what} | {} | {:.2} ms | {:.2} ms | {:.2} ms |",
        times.len(),
        at(0.5),
        at(0.99),
        times[times.len() - 1]
    );
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(floe), Some(dir)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: floe-bench-lsp FLOE DIR [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(200);
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| Path::new(dir).to_path_buf());
    let Some(mut server) = Server::start(floe, &root) else {
        eprintln!("cannot start {floe} lsp");
        return ExitCode::FAILURE;
    };
    let Some(()) = run(&mut server, &root, rounds) else {
        eprintln!("the server stopped answering");
        return ExitCode::FAILURE;
    };
    let _ = server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let _ = server.child.wait();
    ExitCode::SUCCESS
}

fn run(server: &mut Server, root: &Path, rounds: usize) -> Option<()> {
    server.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(root), "capabilities": {} }),
    )?;
    server.notify("initialized", json!({}));
    let main = root.join("main.floe");
    let main_uri = uri(&main);
    let main_text = std::fs::read_to_string(&main).ok()?;
    let domain = root.join("domains/d00500.floe");
    let domain_uri = uri(&domain);
    let mut text = std::fs::read_to_string(&domain).ok()?;

    let started = Instant::now();
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": main_uri, "languageId": "floe", "version": 1, "text": main_text } }),
    );
    server.diagnostics(&main_uri, 1)?;
    let cold = millis(started.elapsed());
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": domain_uri, "languageId": "floe", "version": 1, "text": text } }),
    );
    server.diagnostics(&domain_uri, 1)?;
    // Let the background evaluation of the entry points finish once.
    std::thread::sleep(Duration::from_secs(3));

    // Keystrokes: the first product's replica count, one character.
    let (mut to_domain, mut to_main) = (Vec::new(), Vec::new());
    let digit_at = text.find("replicas = ")? + "replicas = ".len();
    for round in 0..rounds {
        if round % 20 == 19 {
            std::thread::sleep(Duration::from_millis(500));
        }
        let version = round as i64 + 2;
        let now = text.get(digit_at..digit_at + 1)?.to_string();
        let next = if now == "3" { "4" } else { "3" };
        text.replace_range(digit_at..digit_at + 1, next);
        let at = position(&text, "replicas = ", "replicas = ".len());
        let end = json!({ "line": at["line"], "character": at["character"].as_u64()? + 1 });
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": domain_uri, "version": version },
                "contentChanges": [{ "range": { "start": at, "end": end }, "text": next }],
            }),
        );
        server.diagnostics(&domain_uri, version)?;
        to_domain.push(millis(started.elapsed()));
        server.diagnostics(&main_uri, 1)?;
        to_main.push(millis(started.elapsed()));
    }
    let doc = json!({ "uri": domain_uri });
    let requests: [(&str, &str, Value); 7] = [
        (
            "hover (a product's field)",
            "textDocument/hover",
            json!({ "textDocument": doc, "position": position(&text, "replicas", 2) }),
        ),
        (
            "hover (a constructor)",
            "textDocument/hover",
            json!({ "textDocument": doc, "position": position(&text, "e.manifest", 4) }),
        ),
        (
            "completion after `e.`",
            "textDocument/completion",
            json!({ "textDocument": doc, "position": position(&text, "e.manifest", 2) }),
        ),
        (
            "definition",
            "textDocument/definition",
            json!({ "textDocument": doc, "position": position(&text, "(e.product", 1) }),
        ),
        (
            "references (a binding)",
            "textDocument/references",
            json!({ "textDocument": doc, "position": position(&text, "  name = ", 3), "context": { "includeDeclaration": true } }),
        ),
        (
            "references (a field, across the workspace)",
            "textDocument/references",
            json!({ "textDocument": doc, "position": position(&text, "owner = ", 2), "context": { "includeDeclaration": true } }),
        ),
        (
            "semantic tokens (full)",
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        ),
    ];
    println!("| measure | samples | median | p99 | max |");
    println!("|---|---:|---:|---:|---:|");
    println!("| cold analysis: open `main.floe` to its diagnostics | 1 | {cold:.1} ms | | |");
    report(
        "keystroke to the domain's static diagnostics",
        to_domain.clone(),
    );
    report(
        "keystroke to `main.floe`'s diagnostics (one-field edit re-analysed)",
        to_main.clone(),
    );
    for (what, method, params) in &requests {
        let mut times = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let started = Instant::now();
            let answer = server.request(method, params.clone())?;
            times.push(millis(started.elapsed()));
            if answer.get("error").is_some() || answer["result"].is_null() {
                eprintln!("{what}: {answer}");
            }
        }
        report(what, times);
    }
    let mut sorted = to_main;
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let (rss, peak) = server.memory();
    println!();
    println!(
        "cold analysis / re-analysis after a one-field edit: {:.0}×",
        cold / median
    );
    println!("server memory: {rss:.0} MiB resident, {peak:.0} MiB at peak");
    Some(())
}
