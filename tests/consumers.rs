//! Output checked by the real consumers. The tools are installed from PyPI
//! into a virtual environment under `target/` the first time these tests
//! run (python3 with venv and pip is required).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

const KUBERNETES_VALIDATE: &str = "kubernetes-validate==1.37.0";

/// The virtual environment with the consumers' tools, created on first use
/// (once, however many tests ask at the same time).
fn tools() -> PathBuf {
    static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/consumer-tools");
    let bin = venv.join("bin");
    if !bin.join("kubernetes-validate").exists() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 runs");
        assert!(
            made.success(),
            "cannot create a virtual environment with python3 -m venv"
        );
        let pip = Command::new(bin.join("pip"))
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                KUBERNETES_VALIDATE,
            ])
            .status()
            .expect("pip runs");
        assert!(pip.success(), "cannot install {KUBERNETES_VALIDATE}");
    }
    bin
}

fn floe(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn kubernetes_resources_pass_kubernetes_validate_strict() {
    let out = floe(&["eval", "examples/k8s/main.floe"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resources.yaml");
    std::fs::write(&file, &out.stdout).unwrap();
    let check = Command::new(tools().join("kubernetes-validate"))
        .arg("--strict")
        .arg(&file)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        check.status.success(),
        "kubernetes-validate rejected the output:\n{report}"
    );
    let documents = String::from_utf8_lossy(&out.stdout)
        .matches("---\n")
        .count();
    assert_eq!(documents, 12);
    assert_eq!(
        report.matches(" passed for resource ").count(),
        documents,
        "{report}"
    );
}

#[test]
fn kubernetes_validate_rejects_a_broken_resource() {
    // The validator really checks: an unknown field fails under --strict.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  colour: blue\n",
    )
    .unwrap();
    let check = Command::new(tools().join("kubernetes-validate"))
        .arg("--strict")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!check.status.success());
}
