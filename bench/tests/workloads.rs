//! Every benchmark workload, generated small, evaluates in Floe to the
//! JSON Nix's evaluator gives for its Nix program: the comparisons in
//! `bench/compare.sh` time programs that compute the same thing. (The
//! script checks Jsonnet and Nickel too, which CI does not install.)
//! Without `nix-instantiate` the test fails under CI (`CI` set) and is
//! skipped elsewhere.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use floe_lang::db::OsFileSystem;
use floe_lang::output::{render, Format};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::{Database, Limits};

/// `main.floe` of `dir`, evaluated, as JSON.
fn floe_json(dir: &Path) -> serde_json::Value {
    let db = Database::new(
        Arc::new(OsFileSystem::new(dir.to_path_buf())),
        dir.to_path_buf(),
    );
    let main = db.load(&dir.join("main.floe")).unwrap();
    let request = EvalRequest::new(&db, main, None, Vec::new(), Limits::default());
    let data = match evaluate(&db, request) {
        Ok(data) => data.clone(),
        Err(diagnostics) => panic!("{}: {diagnostics:?}", dir.display()),
    };
    serde_json::from_str(&render(&data, Format::Json)).unwrap()
}

#[test]
fn every_workload_computes_what_its_nix_program_does() {
    if Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "nix-instantiate is missing"
        );
        eprintln!("skipped: no nix-instantiate");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    for (workload, n) in [
        ("mesh", "3"),
        ("user-deep", "7"),
        ("user-shallow", "7"),
        ("user-schema", "7"),
        ("functions", "300"),
        ("calls", "300"),
    ] {
        let dir = out.path().join(workload);
        let mut gen = Command::new(env!("CARGO_BIN_EXE_floe-bench-gen"));
        gen.arg(&dir).arg(n);
        if workload != "mesh" {
            gen.arg(workload);
        }
        assert!(gen.status().unwrap().success(), "{workload}");
        let dir = floe_lang::db::normalize(&dir);
        let nix = Command::new("nix-instantiate")
            .args([
                "--eval", "--strict", "--json", "--store", "dummy://", "main.nix",
            ])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            nix.status.success(),
            "{workload}: {}",
            String::from_utf8_lossy(&nix.stderr)
        );
        let nix: serde_json::Value = serde_json::from_slice(&nix.stdout).unwrap();
        assert_eq!(floe_json(&dir), nix, "{workload}");
    }
}
