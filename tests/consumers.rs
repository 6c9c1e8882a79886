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
    let text = String::from_utf8_lossy(&out.stdout);
    let documents = text.matches("---\n").count();
    // The Secrets the objects read are ExternalSecrets, which the operator's
    // CRD schemas judge: one from the store its reference names.
    let external = text.matches("kind: ExternalSecret\n").count();
    assert_eq!((documents, external), (18, 3));
    assert_eq!(
        report.matches(" passed for resource ").count(),
        documents - external,
        "{report}"
    );
    let externals = dir.path().join("external-secrets.yaml");
    std::fs::write(&externals, external_secrets(&[text.to_string()])).unwrap();
    let (ok, report) = crd_validate("external-secrets", &[externals]);
    assert!(ok, "{report}");
    assert_eq!(
        report.matches("ok ExternalSecret").count(),
        external,
        "{report}"
    );
    assert!(
        text.contains("secretStoreRef:\n    name: sales-vault\n"),
        "{text}"
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
fn mesh_passes_the_consumers(
    example: &str,
    k8s_files: usize,
    clusters: usize,
) -> tempfile::TempDir {
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
    // Airflow's task pod template is a Pod the cluster must accept too.
    let mut templates = Vec::new();
    for file in &k8s {
        for doc in std::fs::read_to_string(file).unwrap().split("---\n") {
            if let Ok(v) = serde_norway::from_str::<serde_norway::Value>(doc) {
                if let Some(pod) = v["data"]["pod_template.yaml"].as_str() {
                    let path = tree
                        .path()
                        .join(format!("pod-template-{}.yaml", templates.len()));
                    std::fs::write(&path, pod).unwrap();
                    templates.push(path);
                }
            }
        }
    }
    assert!(!templates.is_empty(), "{example} has no Airflow domain");
    let mut args: Vec<&std::ffi::OsStr> = vec!["--strict".as_ref()];
    args.extend(templates.iter().map(|p| p.as_os_str()));
    let (ok, report) = run(&bin.join("kubernetes-validate"), &args);
    assert!(
        ok,
        "kubernetes-validate rejected {example}'s pod template:\n{report}"
    );
    assert_eq!(
        report.matches(" passed for resource ").count(),
        templates.len(),
        "{report}"
    );

    let contracts = files_below(&out_dir, &|p| {
        p.file_name().is_some_and(|n| n == "datacontract.yaml")
    });
    // With the secrets plugin `eso`, every Secret a workload reads is an
    // ExternalSecret, valid by the operator's own CRD schemas.
    let external = tree.path().join("external-secrets.yaml");
    let texts: Vec<String> = k8s
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    std::fs::write(&external, external_secrets(&texts)).unwrap();
    let (ok, report) = crd_validate("external-secrets", &[external]);
    assert!(
        ok,
        "the External Secrets schemas rejected {example}:\n{report}"
    );
    let required = std::fs::read_to_string(out_dir.join("required-secrets.yaml")).unwrap();
    assert_eq!(
        report.matches("ok ExternalSecret").count(),
        required.matches("- namespace:").count(),
        "{report}"
    );
    // The charts' values: floe-platform per cluster, floe-jobs per product.
    let platform = files_below(&out_dir.join("helm"), &|p| {
        p.file_name()
            .is_some_and(|n| n == "floe-platform.values.yaml")
    });
    assert_eq!(platform.len(), clusters, "{platform:?}");
    let jobs = files_below(&out_dir.join("domains"), &|p| {
        p.file_name().is_some_and(|n| n == "floe-jobs.values.yaml")
    });
    assert_eq!(jobs.len(), 6, "{jobs:?}");
    for (chart, files) in [("floe-platform", &platform), ("floe-jobs", &jobs)] {
        let (ok, report) = helm_validate(chart, files);
        assert!(
            ok,
            "the {chart} chart rejected {example}'s values:\n{report}"
        );
        assert_eq!(report.matches("ok ").count(), files.len(), "{report}");
    }
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
    let tree = mesh_passes_the_consumers("examples/mesh/main.floe", 4, 1);
    let sales =
        std::fs::read_to_string(tree.path().join("out/k8s/floe-sales-domain.yaml")).unwrap();
    assert!(
        sales.contains("POLARIS_HOST: floe-platform-polaris.floe-platform.svc.cluster.local"),
        "{sales}"
    );
    // Domains reach the shared services on their ports only, never the
    // platform's PostgreSQL; orchestrators (the pods with the API label)
    // may reach the API server.
    let platform = std::fs::read_to_string(tree.path().join("out/k8s/floe-platform.yaml")).unwrap();
    let access = platform
        .split("---\n")
        .find(|d| d.contains("name: floe-platform-access\n"))
        .expect("the platform's access policy");
    let policy: serde_norway::Value = serde_norway::from_str(access).unwrap();
    let rules = policy["spec"]["ingress"].as_sequence().unwrap();
    assert_eq!(rules.len(), 2, "{access}");
    let ports: Vec<i64> = rules[1]["ports"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p["port"].as_i64().unwrap())
        .collect();
    assert_eq!(ports, [8181, 4317, 4318, 5000, 9000], "{access}");
    assert!(sales.contains("name: floe-sales-api-egress"), "{sales}");
    // Marketing chose the enterprise's `small` preset: 2Gi of memory at
    // most, on every workload; sales did not, and keeps the library's 1Gi.
    let marketing =
        std::fs::read_to_string(tree.path().join("out/k8s/floe-marketing-domain.yaml")).unwrap();
    let limits = marketing.matches("limits:").count();
    assert!(limits >= 5, "{marketing}");
    assert_eq!(
        marketing.matches("memory: \"2Gi\"").count(),
        limits,
        "{marketing}"
    );
    assert!(!sales.contains("memory: \"2Gi\""), "{sales}");
}

/// Remote domains get the external endpoints, and the Kubernetes output
/// is split per cluster.
#[test]
fn the_multi_cluster_mesh_passes_the_consumers() {
    let tree = mesh_passes_the_consumers("examples/mesh/multi-cluster.floe", 4, 3);
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
    // The shared services are out of its cluster's reach by their
    // in-cluster names; its own PostgreSQL is in its namespace.
    assert!(!sales.contains(".floe-platform.svc"), "{sales}");
    let finance = std::fs::read_to_string(k8s.join("platform/floe-finance-domain.yaml")).unwrap();
    assert!(finance.contains("floe-platform-polaris.floe-platform.svc.cluster.local"));
    // A remote domain's manifest names the endpoints it can reach.
    let manifest = |d: &str| {
        std::fs::read_to_string(tree.path().join(format!("out/domains/{d}/manifest.yaml"))).unwrap()
    };
    let sales_manifest = manifest("sales");
    assert!(
        sales_manifest.contains("endpoint: https://otel.acme.example:4317"),
        "{sales_manifest}"
    );
    assert!(
        !sales_manifest.contains("svc.cluster.local"),
        "{sales_manifest}"
    );
    assert!(manifest("finance").contains("floe-platform-otel.floe-platform.svc.cluster.local:4317"));

    // The GitOps objects pass Argo CD's own CRD schemas, strictly; each
    // Application syncs a file the tree really has, into its namespace.
    let argocd = tree.path().join("out/argocd");
    let (ok, report) = crd_validate(
        "argo-cd",
        &[
            argocd.join("projects.yaml"),
            argocd.join("applicationset.yaml"),
        ],
    );
    assert!(
        ok,
        "Argo CD's schemas rejected the GitOps objects:\n{report}"
    );
    assert_eq!(report.matches("ok AppProject").count(), 4, "{report}");
    assert_eq!(report.matches("ok ApplicationSet").count(), 1, "{report}");
    let set: serde_norway::Value = serde_norway::from_str(
        &std::fs::read_to_string(argocd.join("applicationset.yaml")).unwrap(),
    )
    .unwrap();
    let elements = set["spec"]["generators"][0]["list"]["elements"]
        .as_sequence()
        .unwrap();
    let synced: Vec<(String, String, String)> = elements
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap().to_string();
            (text("path"), text("file"), text("namespace"))
        })
        .collect();
    assert_eq!(
        synced,
        [
            ("out/k8s/platform", "floe-platform.yaml", "floe-platform"),
            (
                "out/k8s/us-east",
                "floe-sales-domain.yaml",
                "floe-sales-domain"
            ),
            (
                "out/k8s/eu-west",
                "floe-marketing-domain.yaml",
                "floe-marketing-domain"
            ),
            (
                "out/k8s/platform",
                "floe-finance-domain.yaml",
                "floe-finance-domain"
            ),
        ]
        .map(|(p, f, n)| (p.to_string(), f.to_string(), n.to_string()))
    );
    for (path, file, _) in &synced {
        assert!(
            tree.path().join(path).join(file).is_file(),
            "no {path}/{file}"
        );
    }
}

/// The ExternalSecrets of YAML streams, as one stream.
fn external_secrets(texts: &[String]) -> String {
    texts
        .iter()
        .flat_map(|t| t.split("---\n"))
        .filter(|d| d.contains("kind: ExternalSecret\n"))
        .map(|d| format!("---\n{d}"))
        .collect()
}

/// Validates `objects` against the CRDs in `tests/consumers/schemas/<schemas>`.
fn crd_validate(schemas: &str, objects: &[PathBuf]) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers");
    let mut args: Vec<std::ffi::OsString> = vec![root.join("crd_validate.py").into()];
    for entry in std::fs::read_dir(root.join("schemas").join(schemas)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            args.push(path.into());
        }
    }
    args.push("--".into());
    args.extend(objects.iter().map(|p| p.clone().into_os_string()));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    run(&tools().join("python"), &args)
}

/// Validates values files against the chart's schema and default keys.
fn helm_validate(chart: &str, files: &[PathBuf]) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers");
    let mut args: Vec<std::ffi::OsString> = vec![
        root.join("helm_validate.py").into(),
        root.join("schemas/floe-charts").into(),
        chart.into(),
    ];
    args.extend(files.iter().map(|p| p.clone().into_os_string()));
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    run(&tools().join("python"), &args)
}

/// The chart validator is real: a value outside the schema's enum and a
/// misspelt key (which the open schema alone would let through) are refused.
#[test]
fn chart_values_validator_rejects_broken_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("values.yaml");
    std::fs::write(
        &file,
        "global: { environment: moon }\ndbt:\n  schedul: \"0 6 * * *\"\n  image: { pullPolicy: Sometimes }\n",
    )
    .unwrap();
    let (ok, report) = helm_validate("floe-jobs", &[file]);
    assert!(!ok, "{report}");
    for problem in [
        "global.environment: 'moon' is not one of",
        "dbt.image.pullPolicy: 'Sometimes' is not one of",
        "dbt.schedul: not a key of the floe-jobs chart",
    ] {
        assert!(report.contains(problem), "{report}");
    }
}

/// The validator is real: a misspelt field and a missing one are refused.
#[test]
fn argo_cd_schemas_reject_a_broken_project() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yaml");
    std::fs::write(
        &file,
        "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: { name: x }\nspec:\n  sourceRepo: [a]\n  destinations: [{ namespace: y }]\n---\napiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: s }\nspec: { generators: [] }\n",
    )
    .unwrap();
    let (ok, report) = crd_validate("argo-cd", &[file]);
    assert!(!ok, "{report}");
    assert!(report.contains("sourceRepo"), "{report}");
    assert!(
        report.contains("'template' is a required property"),
        "{report}"
    );
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
