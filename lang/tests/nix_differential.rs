//! Differential test against Nix's evaluator: random programs in the subset
//! both languages share (let with recursive bindings, aliases and forward
//! references, records, dotted keys, `//`, `or`, `?`, lists, integer
//! arithmetic, texts and interpolation, functions, `if`, and list builtins)
//! are written in both syntaxes, and each must give equal JSON in Floe and
//! in `nix-instantiate --eval --strict --json`, or an error in both.
//!
//! `FLOE_DIFF_CASES` (default 10,000) and `FLOE_DIFF_SEED` choose the cases;
//! a mismatch prints the seed of the case and both programs. Without
//! `nix-instantiate` the test fails under CI (`CI` set) and is skipped
//! elsewhere, saying so.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod nixgen;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::diagnostics;
use floe_lang::output::{render, Format};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::types::check;
use floe_lang::{Database, Limits};
use serde_json::Value as Json;

/// Programs given to one `nix-instantiate` run when Floe evaluated them all.
const BATCH: usize = 250;

/// Floe's answer: the JSON value, or the diagnostics.
fn floe(program: &str) -> Result<Json, String> {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/main.floe", program.as_bytes().to_vec());
    let db = Database::new(Arc::new(fs), PathBuf::from("/"));
    let entry = db
        .load(std::path::Path::new("/main.floe"))
        .map_err(|e| format!("{e:?}"))?;
    let diagnostics = check(&db, entry);
    if !diagnostics.is_empty() {
        return Err(diagnostics::render(&db, diagnostics, false));
    }
    let limits = Limits {
        max_steps: 10_000_000,
        ..Limits::default()
    };
    let request = EvalRequest::new(&db, entry, None, Vec::new(), limits);
    match evaluate(&db, request) {
        Ok(data) => {
            Ok(serde_json::from_str(&render(data, Format::Json))
                .expect("Floe printed invalid JSON"))
        }
        Err(ds) => Err(diagnostics::render(&db, ds, false)),
    }
}

/// Nix's answer for a list of programs: their JSON values when all of them
/// evaluate, `Err` with Nix's message when one fails.
fn nix(programs: &[&str], dir: &std::path::Path) -> Result<Vec<Json>, String> {
    let path = dir.join(format!("batch-{:?}.nix", std::thread::current().id()));
    let mut text = format!("let __fl = {}; in [\n", nixgen::NIX_PRELUDE);
    for p in programs {
        text.push_str(&format!("({p})\n"));
    }
    text.push(']');
    std::fs::write(&path, text).unwrap();
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", "--store", "dummy://"])
        .arg(&path)
        .output()
        .expect("run nix-instantiate");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    match serde_json::from_slice(&out.stdout) {
        Ok(Json::Array(items)) if items.len() == programs.len() => Ok(items),
        other => Err(format!("unexpected output from Nix: {other:?}")),
    }
}

struct Case {
    seed: u64,
    floe: String,
    nix: String,
    answer: Result<Json, String>,
}

/// Compares one batch; returns a description of each disagreement.
fn compare(cases: &[&Case], dir: &std::path::Path) -> Vec<String> {
    if cases.is_empty() {
        return Vec::new();
    }
    let programs: Vec<&str> = cases.iter().map(|c| c.nix.as_str()).collect();
    match nix(&programs, dir) {
        Ok(values) => cases
            .iter()
            .zip(values)
            .filter_map(|(c, v)| match &c.answer {
                Ok(f) if *f == v => None,
                Ok(f) => Some(mismatch(c, &format!("Floe: {f}\nNix:  {v}"))),
                Err(e) => Some(mismatch(c, &format!("Floe:\n{e}\nNix:  {v}"))),
            })
            .collect(),
        Err(message) if cases.len() == 1 => match &cases[0].answer {
            Err(_) => Vec::new(),
            Ok(f) => vec![mismatch(cases[0], &format!("Floe: {f}\nNix:  {message}"))],
        },
        Err(_) => {
            let (left, right) = cases.split_at(cases.len() / 2);
            let mut found = compare(left, dir);
            found.extend(compare(right, dir));
            found
        }
    }
}

fn mismatch(case: &Case, what: &str) -> String {
    format!(
        "case seed {}\n--- Floe\n{}\n--- Nix\n{}\n{what}\n",
        case.seed, case.floe, case.nix
    )
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn floe_and_nix_agree_on_generated_programs() {
    let has_nix = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_nix {
        assert!(
            std::env::var_os("CI").is_none(),
            "nix-instantiate is needed for the differential test (apt-get install nix-bin)"
        );
        eprintln!("skipped: nix-instantiate not found (apt-get install nix-bin)");
        return;
    }
    let count = env_number("FLOE_DIFF_CASES", 10_000);
    let base = env_number("FLOE_DIFF_SEED", 0x5eed_f10e);
    let cases: Vec<Case> = (0..count)
        .map(|i| {
            let seed = base.wrapping_add(i);
            let (floe_text, nix_text) = nixgen::program(seed);
            let answer = floe(&floe_text);
            Case {
                seed,
                floe: floe_text,
                nix: nix_text,
                answer,
            }
        })
        .collect();
    let errors = cases.iter().filter(|c| c.answer.is_err()).count();
    let dir = tempfile::tempdir().unwrap();
    // Programs Floe evaluated go to Nix in batches (a failing batch is
    // split until the failing program is found); each program Floe
    // rejected goes alone, since Nix stops at the first error.
    let mut jobs: Vec<Vec<&Case>> = Vec::new();
    let ok: Vec<&Case> = cases.iter().filter(|c| c.answer.is_ok()).collect();
    jobs.extend(ok.chunks(BATCH).map(<[&Case]>::to_vec));
    jobs.extend(cases.iter().filter(|c| c.answer.is_err()).map(|c| vec![c]));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let bad = compare(job, dir.path());
                found.lock().unwrap().extend(bad);
            });
        }
    });
    let found = found.into_inner().unwrap();
    let mut stderr = std::io::stderr();
    let _ = writeln!(
        stderr,
        "{count} programs from seed {base:#x}: {} evaluated, {errors} errors in Floe; {} disagreements",
        count as usize - errors,
        found.len()
    );
    assert!(
        found.is_empty(),
        "{} of {count} programs disagree; the first ones:\n{}",
        found.len(),
        found.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
    );
    // The generator must keep producing both kinds of programs, or the
    // comparison would say little.
    assert!(errors * 50 > count as usize, "only {errors} error cases");
    assert!(errors * 4 < count as usize, "{errors} error cases");
}
