//! The Kubernetes objects of every example pass checkov 3.3.30, the
//! security scanner platform teams run in CI, with no failed check outside
//! the skip list in `docs/checkov.md` (at most three, each with its reason).
//! checkov is installed from PyPI under `target/` on first use.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

mod common;

/// The check IDs `docs/checkov.md` allows to fail.
fn skips() -> Vec<String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checkov.md"))
            .unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("| CKV"))
        .map(|rest| format!("CKV{}", rest.split(' ').next().unwrap_or("")))
        .collect()
}

/// Runs floe with `args` in the repository, failing the test on an error.
fn floe(args: &[&str]) -> Vec<u8> {
    common::succeeded(
        Command::new(env!("CARGO_BIN_EXE_floe"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR")),
    )
}

/// The failed checks checkov reports for the objects under `dir`: check ID
/// to the resources that fail it; and how many checks passed.
fn scan(dir: &Path) -> (BTreeMap<String, Vec<String>>, u64) {
    let out = Command::new(common::checkov())
        .args([
            "--framework",
            "kubernetes",
            "--quiet",
            "--compact",
            "-o",
            "json",
            "-d",
        ])
        .arg(dir)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    // One report per framework run, or a list of them.
    let reports = match report {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    let mut failed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut passed = 0;
    for r in &reports {
        passed += r["summary"]["passed"].as_u64().unwrap_or(0);
        for check in r["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            failed
                .entry(check["check_id"].as_str().unwrap_or("?").to_string())
                .or_default()
                .push(check["resource"].as_str().unwrap_or("?").to_string());
        }
    }
    (failed, passed)
}

/// A scratch directory checkov will look into: it skips hidden ones, and
/// the default names of temporary directories begin with a dot.
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("checkov-")
        .tempdir()
        .unwrap()
}

fn assert_clean(example: &str, dir: &Path) {
    let skips = skips();
    assert!(
        !skips.is_empty() && skips.len() <= 3,
        "docs/checkov.md lists {skips:?}"
    );
    let (failed, passed) = scan(dir);
    assert!(
        passed > 100,
        "checkov passed only {passed} checks on {example}"
    );
    let unexpected: BTreeMap<_, _> = failed
        .iter()
        .filter(|(id, _)| !skips.contains(id))
        .collect();
    assert!(
        unexpected.is_empty(),
        "checkov failed on {example}: {unexpected:#?}"
    );
}

#[test]
fn every_example_passes_checkov() {
    for example in [
        "examples/mesh/main.floe",
        "examples/mesh/multi-cluster.floe",
    ] {
        let tree = scratch();
        let out = tree.path().join("out");
        floe(&["eval", example, "-o", out.to_str().unwrap()]);
        assert_clean(example, &out.join("k8s"));
    }
    let dir = scratch();
    std::fs::write(
        dir.path().join("all.yaml"),
        floe(&["eval", "examples/k8s/main.floe"]),
    )
    .unwrap();
    assert_clean("examples/k8s/main.floe", dir.path());
}

/// The scan is real: an object without probes or security context fails.
#[test]
fn checkov_fails_an_unhardened_deployment() {
    let dir = scratch();
    std::fs::write(
        dir.path().join("bare.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: bare, namespace: x }\nspec:\n  selector: { matchLabels: { app: bare } }\n  template:\n    metadata: { labels: { app: bare } }\n    spec:\n      containers: [{ name: c, image: 'nginx:1.27' }]\n",
    )
    .unwrap();
    let (failed, _) = scan(dir.path());
    for id in ["CKV_K8S_8", "CKV_K8S_9", "CKV_K8S_22", "CKV_K8S_38"] {
        assert!(failed.contains_key(id), "{id} did not fail: {failed:?}");
    }
}

/// With every digest given (the platform's images by `Mesh.digests`, each
/// product's by its `digest`), the image-digest check passes as well: what
/// `docs/checkov.md` tells users to do works.
#[test]
fn pinned_images_pass_the_digest_check() {
    let tree = scratch();
    let mesh = tree.path().join("mesh");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mesh");
    std::fs::create_dir_all(mesh.join("domains")).unwrap();
    for file in [
        "enterprise.floe",
        "domains/sales.floe",
        "domains/marketing.floe",
        "domains/finance.floe",
    ] {
        std::fs::copy(source.join(file), mesh.join(file)).unwrap();
    }
    std::fs::write(
        mesh.join("pinned.floe"),
        r#"let
  mesh = import "floe:std/mesh",
  pin = "sha256:${join "" (map (\i -> "0123456789abcdef") (range 0 4))}",
  pinned = \d -> d // { products = map (\p -> p // { digest = pin }) d.products },
in mesh.layout {
  enterprise = import "./enterprise.floe",
  domains = map pinned [import "./domains/sales.floe", import "./domains/marketing.floe", import "./domains/finance.floe"],
  digests = from_entries (map (\n -> { name = n, value = pin }) ["polaris", "polaris_admin", "marquez", "otel", "postgresql", "minio", "jaeger", "cube", "dagster", "airflow"]),
}
"#,
    )
    .unwrap();
    let out = tree.path().join("out");
    common::succeeded(
        Command::new(env!("CARGO_BIN_EXE_floe"))
            .args(["eval", "pinned.floe", "-o"])
            .arg(&out)
            .current_dir(&mesh),
    );
    let (failed, passed) = scan(&out.join("k8s"));
    // The scan really ran over the objects, digests included.
    assert!(passed > 100, "checkov passed only {passed} checks");
    assert!(!failed.contains_key("CKV_K8S_43"), "{failed:#?}");
    assert!(failed.keys().all(|id| id == "CKV_K8S_35"), "{failed:#?}");
}
