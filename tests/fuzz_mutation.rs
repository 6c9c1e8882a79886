//! Mutation fuzzing of the `floe` binary: every fixture and example, and
//! programs from the grammar-aware generator of the differential test, cut,
//! spliced, duplicated and flipped at random, are given to `floe check` and
//! `floe eval`. A run fails the test if floe dies of a signal, exits with a
//! status other than 0, 1 or 2, says "panicked", prints an error without a
//! code, or takes more than 10 s. `FLOE_FUZZ_RUNS` (default 10,000, each
//! running both commands) and `FLOE_FUZZ_SEED` choose the runs; a failure
//! prints the seed and keeps the input under `target/fuzz-failures/`.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The grammar-aware generator of the differential test: typed programs
/// over lets, records, lists, functions and builtins, as further seeds.
#[path = "../lang/tests/nixgen/mod.rs"]
#[allow(dead_code)]
mod nixgen;

mod common;
use common::rng::Rng;

/// Generated programs added to the corpus.
const GENERATED: u64 = 300;

/// Every `.floe` file of the fixtures and examples.
fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = ["lang/tests/fixtures", "tests/cli", "examples", "stdlib"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "floe") {
                out.push(std::fs::read(&p).unwrap());
            }
        }
    }
    out.sort();
    assert!(out.len() > 50, "only {} corpus files", out.len());
    out.extend((0..GENERATED).map(|seed| nixgen::program(seed).0.into_bytes()));
    out
}

/// Tokens worth inserting: the syntax's own pieces.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "''",
    "${",
    "\\",
    "->",
    "=",
    ",",
    ".",
    "?",
    "//",
    "&",
    "++",
    "|>",
    "let",
    "in",
    "if",
    "then",
    "else",
    "import",
    "type",
    "extends",
    "or",
    ":",
    "where",
    "final",
    "stronger",
    "required",
    "..",
    "\"./x.floe\"",
    "1e999",
    "-",
    "!",
    "#",
    "\n",
    "\u{0}",
    "é",
    "9223372036854775808",
];

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut text = corpus[rng.below(corpus.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(text.len() + 1);
        match rng.below(6) {
            0 if !text.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(text.len());
                text.drain(at.min(end)..end);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                text.splice(at..at, piece.iter().copied());
            }
            2 if !text.is_empty() => {
                let start = rng.below(text.len());
                let end = (start + 1 + rng.below(64)).min(text.len());
                let copy = text[start..end].to_vec();
                text.splice(at..at, copy);
            }
            3 => {
                let other = &corpus[rng.below(corpus.len())];
                let start = rng.below(other.len() + 1);
                let end = (start + rng.below(200)).min(other.len());
                text.splice(at..at, other[start..end].iter().copied());
            }
            4 if at < text.len() => text[at] ^= 1 << rng.below(8),
            _ => {
                // Nest: wrap the whole text many times.
                let n = 1 + rng.below(300);
                let mut wrapped = b"[".repeat(n);
                wrapped.extend_from_slice(&text);
                wrapped.extend(b"]".repeat(n));
                text = wrapped;
            }
        }
    }
    text
}

/// Runs one command on `file`; describes what went wrong, if anything.
fn run(dir: &Path, args: &[&str]) -> Option<String> {
    let err_path = dir.join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            return Some(format!("{args:?}: still running after 10 s"));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stderr = String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned();
    if let Some(signal) = status.signal() {
        return Some(format!("{args:?}: killed by signal {signal}\n{stderr}"));
    }
    let code = status.code().unwrap_or(-1);
    if !(0..=2).contains(&code) {
        return Some(format!("{args:?}: exit status {code}\n{stderr}"));
    }
    if stderr.contains("panicked") || stderr.contains("internal error") {
        return Some(format!("{args:?}: {stderr}"));
    }
    // Every error floe reports has a code: `[E0101] Error:` or
    // `Error[E0204]:`; usage errors (status 2) are clap's.
    if code == 1 {
        let uncoded = stderr
            .lines()
            .find(|l| (l.contains("Error:") || l.starts_with("Error")) && !l.contains("[E0"));
        if let Some(line) = uncoded {
            return Some(format!("{args:?}: an error without a code: {line}"));
        }
    }
    None
}

#[test]
fn mutated_programs_end_in_a_value_or_a_coded_diagnostic() {
    let corpus = corpus();
    let runs: u64 = common::env_number("FLOE_FUZZ_RUNS").unwrap_or(10_000);
    let seed: u64 = common::env_number("FLOE_FUZZ_SEED").unwrap_or(0xf10e);
    let next = std::sync::atomic::AtomicU64::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let dir = tempfile::tempdir().unwrap();
                std::fs::write(dir.path().join("floe.toml"), "").unwrap();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= runs {
                        break;
                    }
                    let case_seed = seed.wrapping_add(i);
                    let input = mutate(&mut Rng(case_seed), &corpus);
                    std::fs::write(dir.path().join("main.floe"), &input).unwrap();
                    let found = run(dir.path(), &["check", "main.floe"])
                        .or_else(|| run(dir.path(), &["eval", "main.floe"]));
                    if let Some(what) = found {
                        let keep = Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("target/fuzz-failures")
                            .join(format!("{case_seed}.floe"));
                        let _ = std::fs::create_dir_all(keep.parent().unwrap());
                        let _ = std::fs::write(&keep, &input);
                        failures.lock().unwrap().push(format!(
                            "seed {case_seed} (kept as {}): {what}",
                            keep.display()
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!(
        "{runs} mutated programs from seed {seed} over {} corpus files: {} failures",
        corpus.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {runs} runs failed; the first:\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
