//! What the tests that run the real consumers share: the consumers'
//! tools, installed from PyPI into a virtual environment under `target/`
//! the first time a test asks for them (python3 with venv and pip is
//! required).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

pub mod rng;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The consumers, pinned: floe-core's only release, the datacontract-cli
/// it was published with, and kubernetes-validate.
const TOOLS: &[&str] = &[
    "floe-core==0.1.0a1",
    "datacontract-cli==0.12.5",
    "kubernetes-validate==1.37.0",
];

/// The virtual environment with the consumers' tools, created on first use
/// (once, however many tests ask at the same time).
pub fn tools() -> PathBuf {
    static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/consumer-tools");
    let bin = venv.join("bin");
    let ready = ["kubernetes-validate", "datacontract", "floe"]
        .iter()
        .all(|tool| bin.join(tool).exists());
    if !ready {
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
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(TOOLS)
            .status()
            .expect("pip runs");
        assert!(pip.success(), "cannot install {TOOLS:?}");
    }
    bin
}

/// The number in the environment variable `name`, if it is set to one.
pub fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}
