//! Secrets in the mesh's output: every Secret a workload (or an Ingress) reads is in
//! `required-secrets.yaml` with the keys it reads (and nothing else is),
//! and no file of any example holds a credential-shaped string.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_norway::Value;

mod common;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// (namespace, Secret, key) for every key a pod reads from a Secret.
fn reads(doc: &Value, namespace: &str, out: &mut BTreeSet<(String, String, String)>) {
    match doc {
        Value::Mapping(m) => {
            if let Some(r) = m.get("secretKeyRef") {
                out.insert((
                    namespace.into(),
                    r["name"].as_str().unwrap().into(),
                    r["key"].as_str().unwrap().into(),
                ));
            }
            if let Some(s) = m.get("secret").filter(|s| s.get("secretName").is_some()) {
                let items = s["items"]
                    .as_sequence()
                    .expect("a mounted Secret names its keys");
                for i in items {
                    out.insert((
                        namespace.into(),
                        s["secretName"].as_str().unwrap().into(),
                        i["key"].as_str().unwrap().into(),
                    ));
                }
            }
            // An Ingress's certificate, which the controller reads.
            if let Some(tls) = m.get("tls").and_then(Value::as_sequence) {
                for t in tls {
                    for key in ["tls.crt", "tls.key"] {
                        out.insert((
                            namespace.into(),
                            t["secretName"].as_str().unwrap().into(),
                            key.into(),
                        ));
                    }
                }
            }
            for v in m.values() {
                reads(v, namespace, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| reads(v, namespace, out)),
        _ => {}
    }
}

#[test]
fn every_secret_read_is_a_required_secret() {
    for example in [
        "examples/mesh/main.floe",
        "examples/mesh/multi-cluster.floe",
    ] {
        let tree = common::written(example);
        let out = tree.path().join("out");
        let mut paths = Vec::new();
        files(&out.join("k8s"), &mut paths);
        let mut read = BTreeSet::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            // A stream of documents, each introduced by `---`.
            for part in text.split("---\n").filter(|p| !p.trim().is_empty()) {
                let doc: Value = serde_norway::from_str(part).unwrap();
                let ns = doc["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                reads(&doc, &ns, &mut read);
            }
        }
        let required: Value = serde_norway::from_str(
            &std::fs::read_to_string(out.join("required-secrets.yaml")).unwrap(),
        )
        .unwrap();
        let mut listed = BTreeSet::new();
        for s in required.as_sequence().unwrap() {
            for k in s["keys"].as_sequence().unwrap() {
                listed.insert((
                    s["namespace"].as_str().unwrap().to_string(),
                    s["name"].as_str().unwrap().to_string(),
                    k.as_str().unwrap().to_string(),
                ));
            }
        }
        assert!(!read.is_empty());
        assert_eq!(
            read, listed,
            "{example}: Secrets read vs required-secrets.yaml"
        );
    }
}

#[test]
fn no_example_writes_a_credential() {
    let patterns = regex::Regex::new(
        r"AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.|[A-Za-z][A-Za-z0-9+.-]*://[^/@:\s]+:[^/@\s]+@",
    )
    .unwrap();
    let mut texts = Vec::new();
    for example in [
        "examples/mesh/main.floe",
        "examples/mesh/multi-cluster.floe",
    ] {
        let tree = common::written(example);
        let mut paths = Vec::new();
        files(&tree.path().join("out"), &mut paths);
        for path in paths {
            texts.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    for example in ["examples/k8s/main.floe", "examples/platform/main.floe"] {
        let out = common::succeeded(
            Command::new(env!("CARGO_BIN_EXE_floe"))
                .args(["eval", example])
                .current_dir(env!("CARGO_MANIFEST_DIR")),
        );
        texts.push((example.to_string(), String::from_utf8(out).unwrap()));
    }
    for (name, text) in &texts {
        assert!(
            !patterns.is_match(text),
            "{name} holds a credential: {:?}",
            patterns.find(text)
        );
    }
    // The patterns are real: they find what they are for.
    assert!(patterns.is_match("url: postgres://app:s3cret@db/app"));
    assert!(patterns.is_match("key: AKIAABCDEFGHIJKLMNOP"));
}
