//! The mesh's NetworkPolicies allow exactly the traffic the platform needs,
//! as network-config-analyzer (a real analyser of NetworkPolicy semantics)
//! computes it from the written objects, one cluster at a time: every
//! connection the platform needs is permitted, and none of a list of
//! forbidden ones (another domain's PostgreSQL or orchestrator, the
//! platform's database, the API server from pods that do not use it, any
//! other port outside) is.
//!
//! Each connection is written as a NetworkPolicy that allows only it, and
//! checked with `nca --permits` or `nca --forbids` against the cluster's
//! objects. Addresses outside the cluster are documentation addresses
//! (RFC 5737), standing for the API server, a hosted compute service and
//! the shared services' external endpoints.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_norway::Value;

mod common;

const API_SERVER: &str = "198.51.100.1/32";
const HOSTED: &str = "203.0.113.20/32";
const ANYWHERE: &str = "203.0.113.30/32";
const CONTROLLER_NS: &str = "ingress-nginx";

/// One cluster's objects, by (kind, namespace, name).
struct Cluster {
    dir: PathBuf,
    objects: common::Objects,
}

impl Cluster {
    fn read(dir: &Path) -> Cluster {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        let objects = common::objects_of(&files);
        Cluster {
            dir: dir.to_path_buf(),
            objects,
        }
    }

    /// The workloads of `ns`: (name, whether its pods use the API).
    fn workloads(&self, ns: &str) -> Vec<(String, bool)> {
        self.objects
            .iter()
            .filter(|((kind, n, _), _)| n == ns && (kind == "Deployment" || kind == "StatefulSet"))
            .map(|((_, _, name), o)| {
                let api = o["spec"]["template"]["metadata"]["labels"]["floe.dev/api-access"]
                    .as_str()
                    == Some("true");
                (name.clone(), api)
            })
            .collect()
    }

    fn has(&self, kind: &str, ns: &str, name: &str) -> bool {
        self.objects
            .contains_key(&(kind.into(), ns.into(), name.into()))
    }

    fn domains(&self) -> Vec<String> {
        self.objects
            .keys()
            .filter(|(kind, _, name)| kind == "Namespace" && name.ends_with("-domain"))
            .map(|(_, _, name)| name.clone())
            .collect()
    }
}

/// Where a connection goes: pods of a namespace (all, or one workload), or
/// an address outside the cluster.
enum To {
    Pods(String, Option<String>),
    Address(String),
}

fn pods(ns: &str, name: Option<&str>) -> To {
    To::Pods(ns.to_string(), name.map(str::to_string))
}

fn address(cidr: &str) -> To {
    To::Address(cidr.to_string())
}

/// A connection from the workload `from` of `ns` (every pod when `None`).
struct Connection {
    ns: String,
    from: Option<String>,
    to: To,
    port: u16,
    protocol: &'static str,
}

fn connection(ns: &str, from: Option<&str>, to: To, port: u16) -> Connection {
    Connection {
        ns: ns.to_string(),
        from: from.map(str::to_string),
        to,
        port,
        protocol: "TCP",
    }
}

fn selector(name: Option<&str>) -> serde_json::Value {
    match name {
        Some(n) => serde_json::json!({ "matchLabels": { "app.kubernetes.io/name": n } }),
        None => serde_json::json!({}),
    }
}

/// The connections as NetworkPolicies, each allowing only its own.
fn policies(connections: &[Connection]) -> String {
    let mut out = String::new();
    for (i, c) in connections.iter().enumerate() {
        let peer = match &c.to {
            To::Pods(ns, name) => serde_json::json!({
                "namespaceSelector": { "matchLabels": { "kubernetes.io/metadata.name": ns } },
                "podSelector": selector(name.as_deref()),
            }),
            To::Address(cidr) => serde_json::json!({ "ipBlock": { "cidr": cidr } }),
        };
        let policy = serde_json::json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": { "name": format!("c{i}"), "namespace": c.ns },
            "spec": {
                "podSelector": selector(c.from.as_deref()),
                "policyTypes": ["Egress"],
                "egress": [{ "to": [peer], "ports": [{ "protocol": c.protocol, "port": c.port }] }],
            },
        });
        out += "---\n";
        out += &serde_norway::to_string(&policy).unwrap();
    }
    out
}

fn describe(c: &Connection) -> String {
    let to = match &c.to {
        To::Pods(ns, Some(n)) => format!("{ns}/{n}"),
        To::Pods(ns, None) => format!("{ns}/*"),
        To::Address(a) => a.to_string(),
    };
    format!(
        "{}/{} -> {to}:{}",
        c.ns,
        c.from.as_deref().unwrap_or("*"),
        c.port
    )
}

/// Runs `nca MODE` with each connection on its own, so that a failure
/// names the connection; all of them must pass.
fn analyse(cluster: &Cluster, mode: &str, connections: &[Connection]) {
    let work = tempfile::tempdir().unwrap();
    let config = work.path().join("config");
    std::fs::create_dir(&config).unwrap();
    for entry in std::fs::read_dir(&cluster.dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, config.join(path.file_name().unwrap())).unwrap();
        }
    }
    // The ingress controller other clusters come in through, unrestricted.
    std::fs::write(
        config.join("ingress-controller.yaml"),
        format!("apiVersion: v1\nkind: Namespace\nmetadata: {{ name: {CONTROLLER_NS}, labels: {{ kubernetes.io/metadata.name: {CONTROLLER_NS} }} }}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{ name: controller, namespace: {CONTROLLER_NS} }}\nspec:\n  selector: {{ matchLabels: {{ app.kubernetes.io/name: controller }} }}\n  template:\n    metadata: {{ labels: {{ app.kubernetes.io/name: controller }} }}\n    spec: {{ containers: [{{ name: c, image: nginx }}] }}\n"),
    )
    .unwrap();
    let nca = common::nca();
    let run = |name: &str, connections: &[Connection]| -> Option<String> {
        let spec = work.path().join(name);
        std::fs::write(&spec, policies(connections)).unwrap();
        let out = Command::new(&nca)
            .arg(mode)
            .arg(&spec)
            .arg("--base_np_list")
            .arg(&config)
            .arg("--resource_list")
            .arg(&config)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        let verdict = if mode == "--permits" {
            " permits all connections specified in "
        } else {
            " forbids connections specified in "
        };
        let passed = out.status.success() && report.contains(verdict);
        (!passed).then(|| format!("{report}{}", String::from_utf8_lossy(&out.stderr)))
    };
    // All at once (the union is permitted, or disjoint from what is, iff
    // each one is); on a failure, each alone, to name the culprits.
    if run("all.yaml", connections).is_none() {
        return;
    }
    let failures: Vec<String> = connections
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            run(&format!("c{i}.yaml"), std::slice::from_ref(c))
                .map(|report| format!("{mode} {}:\n{report}", describe(c)))
        })
        .collect();
    panic!("{}:\n{}", cluster.dir.display(), failures.join("\n"));
}

/// The ports a URL names (a scheme's own when none).
fn port_of(url: &str) -> u16 {
    let authority = url.split("://").nth(1).unwrap().split('/').next().unwrap();
    match authority.rsplit_once(':') {
        Some((_, p)) => p.parse().unwrap(),
        None if url.starts_with("https:") => 443,
        None => 80,
    }
}

fn check_cluster(out: &Path, cluster: &Cluster) {
    let platform = "floe-platform";
    let shared = cluster.has("Namespace", "", platform);
    let mut needed: Vec<Connection> = Vec::new();
    let mut forbidden: Vec<Connection> = Vec::new();
    let domains = cluster.domains();
    for ns in &domains {
        let name = ns
            .strip_prefix("floe-")
            .unwrap()
            .strip_suffix("-domain")
            .unwrap();
        let db = format!("floe-{name}-postgresql");
        let manifest: Value = serde_norway::from_str(
            &std::fs::read_to_string(out.join(format!("domains/{name}/manifest.yaml"))).unwrap(),
        )
        .unwrap();
        let hosted = matches!(
            manifest["plugins"]["compute"]["type"].as_str(),
            Some("snowflake" | "bigquery" | "databricks")
        );
        let discovery = &cluster.objects[&(
            "ConfigMap".into(),
            ns.clone(),
            format!("floe-{name}-discovery"),
        )]["data"];
        for (w, api) in cluster.workloads(ns) {
            let from = Some(w.as_str());
            if w != db {
                needed.push(connection(ns, from, pods(ns, Some(&db)), 5432));
            }
            let mut dns = connection(ns, from, pods("kube-system", None), 53);
            dns.protocol = "UDP";
            needed.push(dns);
            if shared {
                for (svc, port) in [
                    ("floe-platform-polaris", 8181),
                    ("floe-platform-otel", 4317),
                    ("floe-platform-otel", 4318),
                    ("floe-platform-marquez", 5000),
                ] {
                    needed.push(connection(ns, from, pods(platform, Some(svc)), port));
                }
            } else {
                for key in ["POLARIS_ENDPOINT", "OTLP_ENDPOINT", "OPENLINEAGE_URL"] {
                    let port = port_of(discovery[key].as_str().unwrap());
                    needed.push(connection(ns, from, address(HOSTED), port));
                }
            }
            if hosted {
                needed.push(connection(ns, from, address(HOSTED), 443));
            }
            for port in [443, 6443] {
                let c = connection(ns, from, address(API_SERVER), port);
                // A hosted service or an external endpoint is reached on
                // 443 anywhere outside, so only 6443 tells there.
                if api {
                    needed.push(c)
                } else if port == 6443 || (!hosted && shared) {
                    forbidden.push(c)
                }
            }
            forbidden.push(connection(ns, from, address(ANYWHERE), 22));
        }
        // Nothing of another domain, nor the platform's database.
        for other in domains.iter().filter(|o| *o != ns) {
            for (w, _) in cluster.workloads(other) {
                for port in [5432, 3000, 3030, 8080] {
                    forbidden.push(connection(ns, None, pods(other, Some(&w)), port));
                }
            }
        }
        if shared {
            for (svc, port) in [
                ("floe-platform-postgresql", 5432),
                ("floe-platform-polaris", 8182),
                ("floe-platform-jaeger", 16686),
            ] {
                forbidden.push(connection(ns, None, pods(platform, Some(svc)), port));
            }
        }
    }
    if shared {
        let db = pods(platform, Some("floe-platform-postgresql"));
        needed.push(connection(
            platform,
            Some("floe-platform-marquez"),
            db,
            5432,
        ));
        if cluster.has("Deployment", platform, "floe-platform-jaeger") {
            let jaeger = pods(platform, Some("floe-platform-jaeger"));
            needed.push(connection(
                platform,
                Some("floe-platform-otel"),
                jaeger,
                4317,
            ));
        }
        // Other clusters come in through the controller, when there are any.
        let ingress = cluster.objects.keys().any(|(kind, _, _)| kind == "Ingress");
        for (svc, port) in [
            ("floe-platform-polaris", 8181),
            ("floe-platform-otel", 4317),
            ("floe-platform-marquez", 5000),
        ] {
            let c = connection(CONTROLLER_NS, None, pods(platform, Some(svc)), port);
            if ingress {
                needed.push(c)
            } else {
                forbidden.push(c)
            }
        }
        let db = pods(platform, Some("floe-platform-postgresql"));
        forbidden.push(connection(CONTROLLER_NS, None, db, 5432));
    }
    assert!(!needed.is_empty() && !forbidden.is_empty());
    analyse(cluster, "--permits", &needed);
    analyse(cluster, "--forbids", &forbidden);
}

#[test]
fn the_mesh_allows_exactly_what_it_needs() {
    let tree = common::written("examples/mesh/main.floe");
    let out = tree.path().join("out");
    check_cluster(&out, &Cluster::read(&out.join("k8s")));
}

#[test]
fn the_multi_cluster_mesh_allows_exactly_what_it_needs() {
    let tree = common::written("examples/mesh/multi-cluster.floe");
    let out = tree.path().join("out");
    for cluster in ["platform", "us-east", "eu-west"] {
        check_cluster(&out, &Cluster::read(&out.join("k8s").join(cluster)));
    }
}

/// The analyser is real: a connection the policies do not allow is
/// refused by `--permits`.
#[test]
fn the_analyser_refuses_a_connection_the_policies_deny() {
    let tree = common::written("examples/mesh/main.floe");
    let cluster = Cluster::read(&tree.path().join("out/k8s"));
    let denied = [connection(
        "floe-sales-domain",
        None,
        pods("floe-finance-domain", Some("floe-finance-postgresql")),
        5432,
    )];
    let result = std::panic::catch_unwind(|| analyse(&cluster, "--permits", &denied));
    let message = *result
        .expect_err("the denied connection was permitted")
        .downcast::<String>()
        .unwrap();
    assert!(message.contains("does not permit connections"), "{message}");
}
