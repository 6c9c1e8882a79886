//! Output checked by the real consumers: floe-core (the platform's own
//! model and inheritance checks), kubernetes-validate --strict and
//! datacontract lint --all-errors. The tools are installed from PyPI into a
//! virtual environment under `target/` the first time these tests run
//! (python3 with venv and pip is required).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::tools;

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

fn run(program: &Path, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = Command::new(program).args(args).output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Runs `tests/consumers/floe_core_check.py` on an output tree.
fn floe_core_check(tree: &Path) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers/floe_core_check.py");
    run(
        &tools().join("python"),
        &[script.as_os_str(), tree.as_os_str()],
    )
}

/// Every file below `dir` whose path satisfies `wanted`, sorted.
fn files_below(dir: &Path, wanted: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_below(&path, wanted));
        } else if wanted(&path) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Writes `example`'s tree and checks every file in it with the consumer
/// that reads it; gives the tree back for further checks.
fn mesh_passes_the_consumers(example: &str, k8s_files: usize) -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    let out_dir = tree.path().join("out");
    let out = floe(&["eval", example, "-o", out_dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = tools();
    let (ok, report) = floe_core_check(&out_dir);
    assert!(ok, "floe-core rejected {example}:\n{report}");
    assert_eq!(report.matches("ok manifest").count(), 4, "{report}");
    assert_eq!(report.matches("ok product").count(), 6, "{report}");

    let k8s = files_below(&out_dir.join("k8s"), &|p| {
        p.extension().is_some_and(|e| e == "yaml")
    });
    assert_eq!(k8s.len(), k8s_files, "{k8s:?}");
    let mut args: Vec<&std::ffi::OsStr> = vec!["--strict".as_ref()];
    args.extend(k8s.iter().map(|p| p.as_os_str()));
    let (ok, report) = run(&bin.join("kubernetes-validate"), &args);
    assert!(ok, "kubernetes-validate rejected {example}:\n{report}");

    let contracts = files_below(&out_dir, &|p| {
        p.file_name().is_some_and(|n| n == "datacontract.yaml")
    });
    assert_eq!(contracts.len(), 6);
    for contract in contracts {
        let (ok, report) = run(
            &bin.join("datacontract"),
            &[
                "lint".as_ref(),
                "--all-errors".as_ref(),
                contract.as_os_str(),
            ],
        );
        assert!(
            ok && report.contains("data contract is valid"),
            "datacontract lint rejected {}:\n{report}",
            contract.display()
        );
    }
    tree
}

#[test]
fn the_mesh_passes_floe_core_kubernetes_validate_and_datacontract() {
    let tree = mesh_passes_the_consumers("examples/mesh/main.floe", 4);
    let sales =
        std::fs::read_to_string(tree.path().join("out/k8s/floe-sales-domain.yaml")).unwrap();
    assert!(
        sales.contains("POLARIS_HOST: floe-platform-polaris.floe-platform.svc.cluster.local"),
        "{sales}"
    );
    // Marketing chose the enterprise's `small` preset: 2Gi of memory at
    // most, on every workload; sales did not, and keeps the library's 1Gi.
    let marketing =
        std::fs::read_to_string(tree.path().join("out/k8s/floe-marketing-domain.yaml")).unwrap();
    assert_eq!(
        marketing.matches("memory: \"2Gi\"").count(),
        3,
        "{marketing}"
    );
    assert!(!sales.contains("memory: \"2Gi\""), "{sales}");
}

/// Remote domains get the external endpoints, and the Kubernetes output
/// is split per cluster.
#[test]
fn the_multi_cluster_mesh_passes_the_consumers() {
    let tree = mesh_passes_the_consumers("examples/mesh/multi-cluster.floe", 4);
    let k8s = tree.path().join("out/k8s");
    for file in [
        "platform/floe-platform.yaml",
        "platform/floe-finance-domain.yaml",
        "us-east/floe-sales-domain.yaml",
        "eu-west/floe-marketing-domain.yaml",
    ] {
        assert!(k8s.join(file).is_file(), "no k8s/{file}");
    }
    let sales = std::fs::read_to_string(k8s.join("us-east/floe-sales-domain.yaml")).unwrap();
    assert!(
        sales.contains("POLARIS_ENDPOINT: https://polaris.acme.example"),
        "{sales}"
    );
    assert!(!sales.contains("svc.cluster.local"), "{sales}");
    let finance = std::fs::read_to_string(k8s.join("platform/floe-finance-domain.yaml")).unwrap();
    assert!(finance.contains("floe-platform-polaris.floe-platform.svc.cluster.local"));
}

/// A domain that weakens `pii_encryption`: Floe refuses to produce it, and
/// floe-core's own inheritance check refuses the same change made to a
/// valid domain manifest; both name the field.
#[test]
fn a_weakened_domain_is_rejected_by_floe_and_by_floe_core() {
    let floe_says = floe(&[
        "check",
        "--color",
        "never",
        "examples/errors/domain_weakened.floe",
    ]);
    assert_eq!(floe_says.status.code(), Some(1));
    let floe_report = String::from_utf8_lossy(&floe_says.stderr).into_owned();
    assert!(
        floe_report.contains("E0402") && floe_report.contains("`governance.pii_encryption`"),
        "{floe_report}"
    );

    let tree = tempfile::tempdir().unwrap();
    let out_dir = tree.path().join("out");
    let out = floe(&[
        "eval",
        "examples/mesh/main.floe",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let sales = out_dir.join("domains/sales/manifest.yaml");
    let text = std::fs::read_to_string(&sales).unwrap();
    assert!(text.contains("  pii_encryption: required\n"));
    std::fs::write(
        &sales,
        text.replace(
            "  pii_encryption: required\n",
            "  pii_encryption: optional\n",
        ),
    )
    .unwrap();
    let (ok, report) = floe_core_check(&out_dir);
    assert!(!ok, "floe-core accepted a weakened domain:\n{report}");
    assert!(
        report.contains("REJECTED")
            && report.contains("field=pii_encryption parent=required child=optional"),
        "{report}"
    );
}
