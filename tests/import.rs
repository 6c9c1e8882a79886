//! `floe import` end to end: each file of a corpus of real-world YAML and
//! JSON (Kubernetes objects of many kinds, a CRD, Helm-rendered output with
//! block scalars, chart values, a product spec) and every file the mesh
//! example writes (manifests, product specs, contracts, Kubernetes objects)
//! is imported, the Floe source is evaluated by `floe eval`, and the output
//! is compared with the input as YAML data (serde_norway on both sides):
//! the same documents with the same values. Hostile input is refused with a
//! coded diagnostic, never a crash or a hang.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn floe(args: &[&str], dir: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(101),
        "floe {args:?} panicked:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The documents of a YAML (or JSON) text.
fn documents(text: &str) -> Vec<serde_norway::Value> {
    use serde::Deserialize;
    serde_norway::Deserializer::from_str(text)
        .map(|d| serde_norway::Value::deserialize(d).unwrap())
        .filter(|v| !v.is_null())
        .collect()
}

/// Imports `input` into a scratch project, evaluates the result and
/// checks it gives back the input's documents; the Floe source.
fn round_trip(input: &Path) -> String {
    round_trip_with(input, &[])
}

/// [`round_trip`], with more arguments for `floe import`.
fn round_trip_with(input: &Path, flags: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    let name = input.file_name().unwrap().to_str().unwrap();
    let text = std::fs::read_to_string(input).unwrap();
    std::fs::write(dir.path().join(name), &text).unwrap();
    let out = floe(&[&["import", name], flags].concat(), dir.path());
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let source = String::from_utf8(out.stdout).unwrap();
    std::fs::write(dir.path().join("imported.floe"), &source).unwrap();
    let evaluated = floe(&["eval", "imported.floe"], dir.path());
    assert!(
        evaluated.status.success(),
        "{name}:\n{source}\n{}",
        String::from_utf8_lossy(&evaluated.stderr)
    );
    let back = documents(&String::from_utf8(evaluated.stdout).unwrap());
    let mut expected = documents(&text);
    let stream = expected
        .iter()
        .all(|d| d.get("apiVersion").is_some() && d.get("kind").is_some());
    if expected.len() > 1 && !stream {
        // Documents that are not Kubernetes objects become one list.
        expected = vec![serde_norway::Value::Sequence(expected)];
    }
    assert_eq!(back, expected, "{name} did not round-trip:\n{source}");
    source
}

#[test]
fn the_corpus_round_trips() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 8);
    for input in &inputs {
        let source = round_trip(input);
        // The result is in floe fmt's layout already.
        assert!(source.starts_with("# Imported from "), "{source}");
    }
}

#[test]
fn block_scalars_become_indented_strings_and_odd_keys_are_quoted() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let source = round_trip(&corpus.join("helm-rendered.yaml"));
    assert!(
        source.contains("\"config.yaml\" = ''\n        receivers:\n"),
        "{source}"
    );
    assert!(
        source.contains("\"banner.txt\" = ''\n        Floe platform\n        '',"),
        "{source}"
    );
    // Text an indented string would change stays an ordinary string.
    assert!(source.contains(r#""literal-with-indent" = "  leading spaces\n  on every line\n""#));
    assert!(source.contains(r#"quotes = "it's 'quoted' and has \${braces} and $dollars""#));
    let values = round_trip(&corpus.join("values.json"));
    // Keywords are keys as they are; other keys that are not names are
    // quoted.
    for line in [
        "if = 1,",
        "let = 2,",
        "in = 3,",
        "true = false,",
        r#""with space" = "x","#,
        r#""" = "empty key","#,
        r#""a.b" = "dotted","#,
    ] {
        assert!(
            values.contains(&format!("    {line}\n")),
            "{line}: {values}"
        );
    }
}

#[test]
fn comments_stay_above_their_keys_and_items() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let source = round_trip(&corpus.join("rbac.yaml"));
    assert!(
        source.contains(
            "    # No API token in the pods unless a run asks for one.\n    automountServiceAccountToken = false,"
        ),
        "{source}"
    );
    assert!(
        source.contains("      # The run workers: Jobs, one per run.\n      {\n        apiGroups = [\"batch\"],"),
        "{source}"
    );
    let helm = round_trip(&corpus.join("helm-rendered.yaml"));
    assert!(
        helm.contains(
            "    # Source: floe-platform/templates/deployment.yaml\n    apiVersion = \"apps/v1\","
        ),
        "{helm}"
    );
}

/// The files under `tree` (not its `.floe-tree.json`), relative to it.
fn files_under(tree: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![tree.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                dirs.push(path);
            } else if !name.starts_with('.') {
                files.push(path.strip_prefix(tree).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// The mesh example's output tree, written into `dir`/out.
fn mesh_output(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tree = dir.join("out");
    let written = floe(
        &[
            "eval",
            "examples/mesh/main.floe",
            "-o",
            tree.to_str().unwrap(),
        ],
        root,
    );
    assert!(written.status.success());
    tree
}

#[test]
fn everything_the_mesh_example_writes_round_trips() {
    let out = tempfile::tempdir().unwrap();
    let tree = mesh_output(out.path());
    let files = files_under(&tree);
    assert!(files.len() >= 20, "{files:?}");
    for file in &files {
        round_trip(&tree.join(file));
    }
}

#[test]
fn values_repeated_across_documents_are_bound_once() {
    let out = tempfile::tempdir().unwrap();
    let tree = mesh_output(out.path());
    let source = round_trip_with(&tree.join("k8s/floe-sales-domain.yaml"), &["--plain"]);
    // The pod security context every workload repeats, bound once.
    assert!(source.contains("\n  security_context = {\n"), "{source}");
    assert!(
        source.matches("securityContext = security_context").count() >= 2,
        "{source}"
    );
}

#[test]
fn kubernetes_objects_become_k8s_constructor_calls() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let stream = floe(&["eval", "examples/k8s/main.floe"], root);
    assert!(stream.status.success());
    let input = out.path().join("objects.yaml");
    std::fs::write(&input, &stream.stdout).unwrap();
    let source = round_trip(&input);
    // Every object of the example is a call of the constructor that made
    // it, with only what its source says.
    let objects = documents(&String::from_utf8(stream.stdout).unwrap()).len();
    assert_eq!(source.matches("\n  k.").count(), objects, "{source}");
    assert!(!source.contains("apiVersion"), "{source}");
    for call in [
        "k.namespace { name = \"floe-sales-domain\" }",
        "k.deployment {",
        "k.stateful_set {",
        "k.network_policy {",
        "k.egress_rules {",
        "k.cron_job {",
        "k.ingress {",
        "k.external_secret {",
        "liveness = { http = { path = \"/server_info\", port = 3000 } },",
        "secret = { secret = \"sales-postgres\", key = \"password\", store = \"sales-vault\" },",
        "secret_files = [{ name = \"sales-postgres\", mount = \"/run/secrets/postgresql\" }],",
    ] {
        assert!(source.contains(call), "{call}:\n{source}");
    }
    // The defaults the constructors fill in are left out.
    for default in [
        "run_as_user",
        "replicas",
        "imagePullPolicy",
        "not_secret",
        "= null",
    ] {
        assert!(!source.contains(default), "{default}:\n{source}");
    }
}

#[test]
fn the_mesh_kubernetes_objects_are_typed_and_share_values() {
    let out = tempfile::tempdir().unwrap();
    let tree = mesh_output(out.path());
    let source = round_trip(&tree.join("k8s/floe-marketing-domain.yaml"));
    // (A ConfigMap holds a pod template as YAML text.)
    assert!(!source.contains("apiVersion ="), "{source}");
    // The environment the Airflow workloads repeat, bound once.
    assert!(source.contains("\n  env = [\n"), "{source}");
    assert!(source.matches("env = env,").count() >= 2, "{source}");
    // A value whose name looks like a credential's is marked, as its
    // source marks it; no other is.
    assert_eq!(source.matches("not_secret = true").count(), 1, "{source}");
}

#[test]
fn product_specs_and_contracts_become_product_calls() {
    let out = tempfile::tempdir().unwrap();
    let tree = mesh_output(out.path());
    let product = tree.join("domains/sales/products/customer-360");
    let spec = round_trip(&product.join("floe.yaml"));
    assert!(
        spec.contains("let p = import \"floe:std/product\" in\np.spec {\n  domain = \"sales\","),
        "{spec}"
    );
    // floe.yaml's `dependsOn` is the product's `depends_on`, and the
    // lineage label is derived, so not written.
    assert!(spec.contains("depends_on = [\"stg_customers\"]"), "{spec}");
    assert!(
        !spec.contains("lineage") && !spec.contains("dependsOn"),
        "{spec}"
    );
    let contract = round_trip(&product.join("ports/customers/datacontract.yaml"));
    assert!(contract.contains("p.port_contract {\n"), "{contract}");
    assert!(
        contract.contains(
            "quality = [{ metric = \"nullValues\", column = \"customer_id\", must_be = 0.0 }],"
        ),
        "{contract}"
    );
    // Column flags at their defaults, the id and the team are derived.
    for derived in [
        "required = false",
        "unique = false",
        "team",
        "id =",
        "apiVersion",
    ] {
        assert!(!contract.contains(derived), "{derived}:\n{contract}");
    }
}

#[test]
fn schema_forces_a_constructor_or_fails() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/import");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    let input = dir.path().join("statefulset.yaml");
    std::fs::copy(corpus.join("statefulset.yaml"), &input).unwrap();
    // A StatefulSet no constructor makes is written as plain data...
    let plain = round_trip(&input);
    assert!(plain.contains("apiVersion = \"apps/v1\""), "{plain}");
    // ...and refused when `--schema` asks for a call, with where and why.
    for (schema, message) in [
        (
            "stateful_set",
            "does not fit `--schema stateful_set`: no `k.stateful_set` call gives it back",
        ),
        (
            "nothing",
            "`--schema nothing` is no schema `floe import` knows (it knows manifest,",
        ),
    ] {
        let out = floe(
            &["import", "statefulset.yaml", "--schema", schema],
            dir.path(),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("[E0206]") && stderr.contains(message),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn schema_writes_a_commented_document_as_a_call() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ns.yaml");
    std::fs::write(
        &input,
        "# The sales domain.
apiVersion: v1
kind: Namespace
metadata:
  name: floe-sales-domain
  labels:
    app.kubernetes.io/name: floe-sales-domain
    app.kubernetes.io/part-of: floe
    app.kubernetes.io/managed-by: floe
",
    )
    .unwrap();
    // The comment would be lost in the call, so the document stays data...
    let kept = round_trip(&input);
    assert!(kept.contains("# The sales domain.") && kept.contains("kind = \"Namespace\""));
    // ...unless asked for.
    let forced = round_trip_with(&input, &["--schema", "namespace"]);
    assert!(
        forced.contains("k.namespace { name = \"floe-sales-domain\" }"),
        "{forced}"
    );
}

#[test]
fn the_inverse_functions_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = floe(&["check", "src/import/inverse.floe"], root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_floe_manifest_becomes_a_typed_manifest_without_its_defaults() {
    let out = tempfile::tempdir().unwrap();
    let tree = mesh_output(out.path());
    let typed = round_trip(&tree.join("enterprise/manifest.yaml"));
    assert!(
        typed.contains("let m = import \"floe:std/manifest\" in\nm.document")
            && typed.contains("} : m.Manifest"),
        "{typed}"
    );
    // The schema's defaults, spelled out in the YAML, are left out.
    let yaml = std::fs::read_to_string(tree.join("enterprise/manifest.yaml")).unwrap();
    assert!(yaml.contains("custom_rules: []"), "{yaml}");
    assert!(!typed.contains("custom_rules"), "{typed}");
    // --plain keeps the data as it is.
    std::fs::write(out.path().join("floe.toml"), "").unwrap();
    let plain = floe(
        &["import", "--plain", "out/enterprise/manifest.yaml"],
        out.path(),
    );
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(plain.contains("apiVersion = \"floe.dev/v1\"") && plain.contains("custom_rules = []"));
}

#[test]
fn parent_names_the_enterprise_a_domain_is_laid_over() {
    let out = tempfile::tempdir().unwrap();
    mesh_output(out.path());
    std::fs::write(out.path().join("floe.toml"), "").unwrap();
    let layered = floe(
        &[
            "import",
            "out/domains/sales/manifest.yaml",
            "--parent",
            "out/enterprise/manifest.yaml",
        ],
        out.path(),
    );
    assert!(
        layered.status.success(),
        "{}",
        String::from_utf8_lossy(&layered.stderr)
    );
    let source = String::from_utf8(layered.stdout).unwrap();
    assert!(
        source.contains("(import \"../../enterprise/manifest.yaml\") : m.Manifest")
            && source.contains("(enterprise extends {"),
        "{source}"
    );
    // Written beside the input, it evaluates to the domain's manifest.
    std::fs::write(out.path().join("out/domains/sales/layer.floe"), &source).unwrap();
    let evaluated = floe(&["eval", "out/domains/sales/layer.floe"], out.path());
    let yaml = std::fs::read_to_string(out.path().join("out/domains/sales/manifest.yaml")).unwrap();
    assert_eq!(
        documents(&String::from_utf8(evaluated.stdout).unwrap()),
        documents(&yaml)
    );
}

#[test]
fn a_directory_becomes_a_project_that_writes_it_again() {
    let out = tempfile::tempdir().unwrap();
    let tree = mesh_output(out.path());
    std::fs::write(out.path().join("floe.toml"), "").unwrap();
    let imported = floe(&["import", "out", "-o", "project"], out.path());
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let project = out.path().join("project");
    assert!(project.join("main.floe").is_file());
    assert!(project.join("enterprise/manifest.floe").is_file());
    // A domain's manifest is a layer over its enterprise: only what the
    // domain changes is written.
    let sales = std::fs::read_to_string(project.join("domains/sales/manifest.floe")).unwrap();
    assert!(
        sales.contains("(import \"../../enterprise/manifest.floe\") : m.Manifest")
            && sales.contains("m.document\n  (enterprise extends {"),
        "{sales}"
    );
    assert!(
        sales.contains(
            "governance = { policy_enforcement_level = \"strict\", data_retention_days = 730 },"
        ),
        "{sales}"
    );
    assert!(!sales.contains("telemetry_backend"), "{sales}");
    // Every domain is a layer, with no note that one was kept whole.
    for domain in ["sales", "marketing", "finance"] {
        let path = project.join(format!("domains/{domain}/manifest.floe"));
        let source = std::fs::read_to_string(path).unwrap();
        assert!(source.contains("(enterprise extends {"), "{source}");
    }
    assert!(
        !String::from_utf8_lossy(&imported.stderr).contains("kept whole"),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    // Products, contracts and Kubernetes objects are constructor calls.
    let product = project.join("domains/finance/products/cost-center");
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    assert!(read(&product.join("floe.floe")).contains("p.spec {"));
    assert!(
        read(&product.join("ports/cost_centers/datacontract.floe")).contains("p.port_contract {")
    );
    assert!(!read(&project.join("k8s/floe-platform.floe")).contains("apiVersion ="));
    let again = floe(&["eval", "main.floe", "-o", "../again"], &project);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let written = out.path().join("again");
    let files = files_under(&tree);
    assert_eq!(files, files_under(&written));
    for file in &files {
        let read = |dir: &Path| documents(&std::fs::read_to_string(dir.join(file)).unwrap());
        assert_eq!(read(&tree), read(&written), "{}", file.display());
    }
    // A project is never written over files, nor half-written.
    let refused = floe(&["import", "out", "-o", "project"], out.path());
    assert_eq!(refused.status.code(), Some(2));
    std::fs::write(tree.join("broken.yaml"), "a: [1\n").unwrap();
    let failed = floe(&["import", "out", "-o", "other"], out.path());
    assert_eq!(failed.status.code(), Some(1));
    assert!(!out.path().join("other").exists());
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("floe-import"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn output_directory_gets_one_file_per_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    std::fs::write(dir.path().join("a.yaml"), "a: 1\n").unwrap();
    std::fs::write(dir.path().join("b.json"), "{\"b\": [true]}").unwrap();
    let out = floe(
        &["import", "a.yaml", "b.json", "-o", "imported"],
        dir.path(),
    );
    assert!(out.status.success());
    let a = std::fs::read_to_string(dir.path().join("imported/a.floe")).unwrap();
    let b = std::fs::read_to_string(dir.path().join("imported/b.floe")).unwrap();
    assert_eq!(a, "# Imported from a.yaml by `floe import`.\n{ a = 1 }\n");
    assert_eq!(
        b,
        "# Imported from b.json by `floe import`.\n{ b = [true] }\n"
    );
    // Two inputs for one output file are refused before anything is written.
    std::fs::write(dir.path().join("a.json"), "{}").unwrap();
    let out = floe(&["import", "a.yaml", "a.json", "-o", "clash"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("clash").exists());
    // A failing input writes nothing at all.
    std::fs::write(dir.path().join("bad.yaml"), "a: [1\n").unwrap();
    let out = floe(&["import", "a.yaml", "bad.yaml", "-o", "again"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("again").exists());
}

#[test]
fn hostile_input_is_refused_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    let mut previous = 'a';
    for name in 'b'..='j' {
        bomb.push_str(&format!(
            "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
        ));
        previous = name;
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bomb.yaml", bomb.into_bytes(), "E0206"),
        (
            "deep.yaml",
            format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "E0206",
        ),
        ("duplicate.yaml", b"a: 1\na: 2\n".to_vec(), "E0206"),
        (
            "tag.yaml",
            b"a: !!python/object:os.system ls\n".to_vec(),
            "E0206",
        ),
        ("key.yaml", b"1: one\n".to_vec(), "E0206"),
        ("local-tag.yaml", b"a: !Ref x\n".to_vec(), "E0206"),
        ("huge.yaml", b"a: 18446744073709551615\n".to_vec(), "E0206"),
        ("utf8.yaml", b"a: \xff\xfe\n".to_vec(), "E0109"),
        ("duplicate.json", b"{\"a\": 1, \"a\": 2}".to_vec(), "E0206"),
    ];
    for (name, bytes, code) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let started = std::time::Instant::now();
        let out = floe(&["import", name], dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(code), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name} printed a result");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{name} took {:?}",
            started.elapsed()
        );
    }
}
