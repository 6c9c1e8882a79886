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
    venv(
        "consumer-tools",
        TOOLS,
        &["kubernetes-validate", "datacontract", "floe"],
    )
}

/// checkov, the security scanner platform teams run on Kubernetes objects,
/// pinned, in its own environment (its dependencies are not the other
/// consumers').
pub fn checkov() -> PathBuf {
    venv("checkov-tools", &["checkov==3.3.30"], &["checkov"]).join("checkov")
}

/// The `bin` directory of the virtual environment `target/<name>` holding
/// `packages`, created the first time a test asks for it (once, however
/// many ask at the same time); `bins` are the programs that show it is ready.
fn venv(name: &str, packages: &[&str], bins: &[&str]) -> PathBuf {
    static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(name);
    let bin = venv.join("bin");
    if !bins.iter().all(|tool| bin.join(tool).exists()) {
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
            .args(packages)
            .status()
            .expect("pip runs");
        assert!(pip.success(), "cannot install {packages:?}");
    }
    bin
}

/// network-config-analyzer, which computes what NetworkPolicies allow,
/// pinned, in its own environment.
pub fn nca() -> PathBuf {
    venv("nca-tools", &["network-config-analyzer==2.1.0"], &["nca"]).join("nca")
}

/// Runs `command`, failing the test with its standard error unless it
/// succeeds; gives its standard output.
pub fn succeeded(command: &mut Command) -> Vec<u8> {
    let out = command.output().expect("the command runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `command` with `input` on its standard input; its output.
pub fn fed(command: &mut Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    // Dropped at the end of the statement: the command sees the end of input.
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("the input is written");
    child.wait_with_output().expect("the command ends")
}

/// Runs `command` and shows what it printed (in a failing test's output);
/// gives its output whatever its status.
pub fn logged(command: &mut Command) -> std::process::Output {
    let out = command.output().expect("the command runs");
    eprintln!(
        "{:?}:\n{}{}",
        command,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `floe eval EXAMPLE -o <temp>/out`, from the repository's root; the
/// directory holding `out`.
pub fn written(example: &str) -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    succeeded(
        Command::new(env!("CARGO_BIN_EXE_floe"))
            .args(["eval", example, "-o"])
            .arg(tree.path().join("out"))
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    );
    tree
}

/// Kubernetes objects by (kind, namespace, name).
pub type Objects = std::collections::BTreeMap<(String, String, String), serde_norway::Value>;

/// Every object of the YAML streams `files` (documents separated by `---`).
pub fn objects_of(files: &[PathBuf]) -> Objects {
    let mut objects = Objects::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for doc in text.split("---\n").filter(|d| !d.trim().is_empty()) {
            let v: serde_norway::Value = serde_norway::from_str(doc).unwrap();
            let key = (
                v["kind"].as_str().unwrap().to_string(),
                v["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                v["metadata"]["name"].as_str().unwrap().to_string(),
            );
            objects.insert(key, v);
        }
    }
    objects
}

/// The number in the environment variable `name`, if it is set to one.
pub fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}
