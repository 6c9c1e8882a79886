//! The mesh's workloads are wired to each other: each orchestrator keeps
//! its state in its own domain's PostgreSQL (whose init script creates its
//! database and user, with the password of the Secret it reads), every
//! scheduled product has its CronJob under its own ServiceAccount, every
//! Dagster code location has its server, the collector exports to a backend
//! that is deployed, and lineage namespaces are the ones `lineage.json`
//! names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use serde_norway::Value;

mod common;

struct Tree {
    dir: tempfile::TempDir,
    objects: common::Objects,
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn write(example: &str) -> Tree {
    let dir = common::written(example);
    let mut files = Vec::new();
    yaml_files(&dir.path().join("out/k8s"), &mut files);
    let objects = common::objects_of(&files);
    Tree { dir, objects }
}

impl Tree {
    fn get(&self, kind: &str, ns: &str, name: &str) -> &Value {
        self.objects
            .get(&(kind.into(), ns.into(), name.into()))
            .unwrap_or_else(|| panic!("no {kind} {ns}/{name}"))
    }

    fn read(&self, path: &str) -> Value {
        let text = std::fs::read_to_string(self.dir.path().join("out").join(path)).unwrap();
        serde_norway::from_str(&text).unwrap()
    }

    fn domains(&self) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(self.dir.path().join("out/domains"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }
}

fn pod_spec(o: &Value) -> &Value {
    match o["kind"].as_str().unwrap() {
        "CronJob" => &o["spec"]["jobTemplate"]["spec"]["template"]["spec"],
        _ => &o["spec"]["template"]["spec"],
    }
}

fn env<'a>(o: &'a Value, name: &str) -> &'a Value {
    pod_spec(o)["containers"][0]["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("{} has no {name}", o["metadata"]["name"].as_str().unwrap()))
}

/// The volume a pod's first container mounts at `mount`.
fn mounted<'a>(o: &'a Value, mount: &str) -> &'a Value {
    let spec = pod_spec(o);
    let volume = &spec["containers"][0]["volumeMounts"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|m| m["mountPath"].as_str() == Some(mount))
        .unwrap_or_else(|| panic!("nothing mounted at {mount}"))["name"];
    spec["volumes"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|v| v["name"] == *volume)
        .unwrap()
}

/// The (Secret, keys) a pod mounts as files at `mount`.
fn mounted_secret(o: &Value, mount: &str) -> (String, Vec<String>) {
    let secret = &mounted(o, mount)["secret"];
    let keys = secret["items"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect();
    (secret["secretName"].as_str().unwrap().to_string(), keys)
}

/// The domain's PostgreSQL: a Service of that name in the namespace, whose
/// init script creates `database` owned by a user of the same name with the
/// password of the Secret's `<database>-password`, which it mounts.
fn creates_database(tree: &Tree, ns: &str, service: &str, database: &str) {
    tree.get("Service", ns, service);
    let db = tree.get("StatefulSet", ns, service);
    let (secret, keys) = mounted_secret(db, "/run/secrets/postgresql");
    assert_eq!(secret, service);
    assert!(keys.contains(&format!("{database}-password")), "{keys:?}");
    let init = tree.get("ConfigMap", ns, &format!("{service}-init"))["data"]["init-databases.sh"]
        .as_str()
        .unwrap();
    assert!(
        init.contains(&format!("CREATE ROLE {database} LOGIN PASSWORD :'pw';"))
            && init.contains(&format!("CREATE DATABASE {database} OWNER {database};"))
            && init.contains(&format!(
                "$(cat /run/secrets/postgresql/{database}-password)"
            )),
        "{init}"
    );
    let status = Command::new("sh")
        .args(["-n", "-c", init])
        .status()
        .unwrap();
    assert!(status.success(), "the init script is not valid sh: {init}");
}

fn dagster_is_wired(tree: &Tree, domain: &str, ns: &str, products: &[String]) {
    let service = format!("floe-{domain}-postgresql");
    creates_database(tree, ns, &service, "dagster");
    let config = &tree.get("ConfigMap", ns, &format!("floe-{domain}-dagster"))["data"];
    let instance: Value = serde_norway::from_str(config["dagster.yaml"].as_str().unwrap()).unwrap();
    let pg = &instance["storage"]["postgres"]["postgres_db"];
    assert_eq!(
        pg["hostname"].as_str().unwrap(),
        format!("{service}.{ns}.svc.cluster.local")
    );
    assert_eq!(pg["db_name"].as_str(), Some("dagster"));
    assert_eq!(pg["username"].as_str(), Some("dagster"));
    assert_eq!(pg["password"]["env"].as_str(), Some("DAGSTER_PG_PASSWORD"));
    let launcher = &instance["run_launcher"]["config"];
    assert_eq!(launcher["job_namespace"].as_str(), Some(ns));
    for component in ["dagster-webserver", "dagster-daemon"] {
        let d = tree.get("Deployment", ns, &format!("floe-{domain}-{component}"));
        let r = &env(d, "DAGSTER_PG_PASSWORD")["valueFrom"]["secretKeyRef"];
        assert_eq!(r["name"].as_str(), Some(service.as_str()));
        assert_eq!(r["key"].as_str(), Some("dagster-password"));
        let args: Vec<&str> = pod_spec(d)["containers"][0]["args"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(
            args.ends_with(&["-w", "/opt/dagster/dagster_home/workspace.yaml"]),
            "{args:?}"
        );
    }
    // One code location per product, each served where the workspace says.
    let workspace: Value =
        serde_norway::from_str(config["workspace.yaml"].as_str().unwrap()).unwrap();
    let locations = workspace["load_from"].as_sequence().unwrap();
    assert_eq!(locations.len(), products.len());
    for (location, product) in locations.iter().zip(products) {
        let grpc = &location["grpc_server"];
        assert_eq!(grpc["location_name"].as_str(), Some(product.as_str()));
        let host = grpc["host"].as_str().unwrap();
        let port = grpc["port"].as_i64().unwrap();
        let svc = tree.get("Service", ns, host);
        assert_eq!(svc["spec"]["ports"][0]["port"].as_i64(), Some(port));
        let server = tree.get("Deployment", ns, host);
        assert_eq!(
            pod_spec(server)["serviceAccountName"].as_str().unwrap(),
            format!("floe-job-{domain}-{product}")
        );
    }
}

/// Airflow's connection command, run as Airflow runs it, with a password
/// that needs quoting in a URL.
fn airflow_is_wired(tree: &Tree, domain: &str, ns: &str) {
    let service = format!("floe-{domain}-postgresql");
    creates_database(tree, ns, &service, "airflow");
    // The executor's task pods: a template the scheduler reads where its
    // ConfigMap is mounted, admitted by the namespace's pod security.
    let template = format!("floe-{domain}-airflow-pod-template");
    let pod: Value = serde_norway::from_str(
        tree.get("ConfigMap", ns, &template)["data"]["pod_template.yaml"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(pod["kind"].as_str(), Some("Pod"));
    let base = &pod["spec"]["containers"][0];
    assert_eq!(base["name"].as_str(), Some("base"));
    assert_eq!(
        base["securityContext"]["runAsNonRoot"].as_bool(),
        Some(true)
    );
    assert_eq!(
        pod["spec"]["automountServiceAccountToken"].as_bool(),
        Some(false)
    );
    let scheduler = tree.get(
        "Deployment",
        ns,
        &format!("floe-{domain}-airflow-scheduler"),
    );
    let file = env(scheduler, "AIRFLOW__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE")["value"]
        .as_str()
        .unwrap();
    let (dir, key) = file.rsplit_once('/').unwrap();
    assert_eq!(key, "pod_template.yaml");
    assert_eq!(
        mounted(scheduler, dir)["configMap"]["name"].as_str(),
        Some(template.as_str())
    );
    let migrate = tree.get("Job", ns, &format!("floe-{domain}-airflow-migrate"));
    let args = &pod_spec(migrate)["containers"][0]["args"];
    assert_eq!(
        args,
        &serde_norway::from_str::<Value>("[db, migrate]").unwrap()
    );
    for o in [
        migrate,
        tree.get(
            "Deployment",
            ns,
            &format!("floe-{domain}-airflow-webserver"),
        ),
        tree.get(
            "Deployment",
            ns,
            &format!("floe-{domain}-airflow-scheduler"),
        ),
    ] {
        let (secret, keys) = mounted_secret(o, "/run/secrets/postgresql");
        assert_eq!(
            (secret.as_str(), keys),
            (service.as_str(), vec!["airflow-password".to_string()])
        );
        // Its keys are files of its own Secret, read by `…_CMD`.
        let keys = mounted_secret(o, "/run/secrets/airflow");
        assert_eq!(keys.0, format!("floe-{domain}-airflow"));
        for (var, key) in [
            ("AIRFLOW__CORE__FERNET_KEY_CMD", "fernet-key"),
            ("AIRFLOW__WEBSERVER__SECRET_KEY_CMD", "webserver-secret-key"),
        ] {
            assert!(keys.1.contains(&key.to_string()), "{keys:?}");
            assert_eq!(
                env(o, var)["value"].as_str().unwrap(),
                format!("cat /run/secrets/airflow/{key}")
            );
        }
        let command = env(o, "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD")["value"]
            .as_str()
            .unwrap();
        let secrets = tempfile::tempdir().unwrap();
        std::fs::write(secrets.path().join("airflow-password"), "p@ss/w:rd%\n").unwrap();
        let command = command.replace("/run/secrets/postgresql", secrets.path().to_str().unwrap());
        let run = format!(
            "import shlex, subprocess, sys\nsys.stdout.write(subprocess.check_output(shlex.split({command:?}), text=True))"
        );
        let url = common::succeeded(Command::new("python3").args(["-c", &run]));
        assert_eq!(
            String::from_utf8(url).unwrap().trim(),
            format!("postgresql+psycopg2://airflow:p%40ss%2Fw%3Ard%25@{service}.{ns}.svc.cluster.local:5432/airflow")
        );
    }
}

fn lineage_and_schedules(tree: &Tree) {
    let lineage = tree.read("lineage.json");
    let platform = lineage["platform_namespace"].as_str().unwrap();
    for p in lineage["products"].as_sequence().unwrap() {
        let (domain, product) = (
            p["domain"].as_str().unwrap(),
            p["product"].as_str().unwrap(),
        );
        let ns = format!("floe-{domain}-domain");
        let spec = tree.read(&format!("domains/{domain}/products/{product}/floe.yaml"));
        let job = tree.objects.get(&(
            "CronJob".into(),
            ns.clone(),
            format!("floe-{domain}-{product}"),
        ));
        match spec["schedule"]["cron"].as_str() {
            Some(cron) => {
                let job = job.unwrap_or_else(|| panic!("{domain}/{product} has no CronJob"));
                assert_eq!(job["spec"]["schedule"].as_str(), Some(cron));
                assert_eq!(job["spec"]["timeZone"], spec["schedule"]["timezone"]);
                let enabled = spec["schedule"]["enabled"].as_bool().unwrap_or(true);
                assert_eq!(job["spec"]["suspend"].as_bool(), Some(!enabled));
                assert_eq!(
                    pod_spec(job)["serviceAccountName"].as_str().unwrap(),
                    format!("floe-job-{domain}-{product}")
                );
                assert_eq!(
                    env(job, "OPENLINEAGE_NAMESPACE")["value"],
                    p["lineage_namespace"]
                );
            }
            None => assert!(job.is_none(), "{domain}/{product} runs without a schedule"),
        }
    }
    // The domains' own workloads report in the platform's namespace.
    for ((kind, ns, name), o) in &tree.objects {
        if kind == "Deployment" && ns.ends_with("-domain") && !name.ends_with("-code") {
            assert_eq!(
                env(o, "OPENLINEAGE_NAMESPACE")["value"].as_str(),
                Some(platform),
                "{name}"
            );
        }
    }
}

/// The collector's pipelines export to exporters whose endpoints are
/// Services that exist, on ports they expose.
fn telemetry_is_wired(tree: &Tree, backend: &str) {
    let config = tree.get("ConfigMap", "floe-platform", "floe-platform-otel-config");
    let config: Value =
        serde_norway::from_str(config["data"]["config.yaml"].as_str().unwrap()).unwrap();
    let traces = config["service"]["pipelines"]["traces"]["exporters"]
        .as_sequence()
        .unwrap();
    assert_eq!(traces.len(), 1);
    let exporter = traces[0].as_str().unwrap();
    if backend == "jaeger" {
        let endpoint = config["exporters"][exporter]["endpoint"].as_str().unwrap();
        let (host, port) = endpoint.rsplit_once(':').unwrap();
        let (name, ns) = host
            .strip_suffix(".svc.cluster.local")
            .and_then(|h| h.split_once('.'))
            .unwrap();
        let svc = tree.get("Service", ns, name);
        let ports: Vec<i64> = svc["spec"]["ports"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|p| p["port"].as_i64().unwrap())
            .collect();
        assert!(ports.contains(&port.parse().unwrap()), "{ports:?}");
        tree.get("Deployment", ns, name);
    } else {
        assert_eq!(exporter, "debug");
    }
}

fn mesh_is_wired(example: &str) {
    let tree = write(example);
    creates_database(
        &tree,
        "floe-platform",
        "floe-platform-postgresql",
        "marquez",
    );
    // The catalog keeps its metadata there too, its realm bootstrapped by
    // a Job with the same settings.
    creates_database(
        &tree,
        "floe-platform",
        "floe-platform-postgresql",
        "polaris",
    );
    for o in [
        tree.get("Deployment", "floe-platform", "floe-platform-polaris"),
        tree.get("Job", "floe-platform", "floe-platform-polaris-bootstrap"),
    ] {
        assert_eq!(
            env(o, "POLARIS_PERSISTENCE_TYPE")["value"].as_str(),
            Some("relational-jdbc")
        );
        assert_eq!(
            env(o, "QUARKUS_DATASOURCE_JDBC_URL")["value"].as_str(),
            Some("jdbc:postgresql://floe-platform-postgresql.floe-platform.svc.cluster.local:5432/polaris")
        );
        assert_eq!(
            env(o, "QUARKUS_DATASOURCE_USERNAME")["value"].as_str(),
            Some("polaris")
        );
        let r = &env(o, "QUARKUS_DATASOURCE_PASSWORD")["valueFrom"]["secretKeyRef"];
        assert_eq!(r["key"].as_str(), Some("polaris-password"));
    }
    let bootstrap = tree.get("Job", "floe-platform", "floe-platform-polaris-bootstrap");
    let (secret, keys) = mounted_secret(bootstrap, "/run/secrets/polaris");
    assert_eq!(
        (secret.as_str(), keys),
        (
            "floe-platform-polaris",
            vec!["bootstrap-credentials".to_string()]
        )
    );
    let marquez = tree.get("Deployment", "floe-platform", "floe-platform-marquez");
    assert_eq!(
        env(marquez, "POSTGRES_HOST")["value"].as_str(),
        Some("floe-platform-postgresql.floe-platform.svc.cluster.local")
    );
    assert_eq!(
        env(marquez, "POSTGRES_USER")["value"].as_str(),
        Some("marquez")
    );
    let r = &env(marquez, "POSTGRES_PASSWORD")["valueFrom"]["secretKeyRef"];
    assert_eq!(r["name"].as_str(), Some("floe-platform-postgresql"));
    assert_eq!(r["key"].as_str(), Some("marquez-password"));
    let enterprise = tree.read("enterprise/manifest.yaml");
    telemetry_is_wired(
        &tree,
        enterprise["plugins"]["telemetry_backend"]["type"]
            .as_str()
            .unwrap(),
    );
    for domain in tree.domains() {
        let ns = format!("floe-{domain}-domain");
        let manifest = tree.read(&format!("domains/{domain}/manifest.yaml"));
        let products = manifest["approved_products"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect::<Vec<_>>();
        match manifest["plugins"]["orchestrator"]["type"]
            .as_str()
            .unwrap()
        {
            "airflow" => airflow_is_wired(&tree, &domain, &ns),
            _ => dagster_is_wired(&tree, &domain, &ns, &products),
        }
        let cube = tree.objects.get(&(
            "Deployment".into(),
            ns.clone(),
            format!("floe-{domain}-cube"),
        ));
        match manifest["plugins"]["semantic_layer"]["type"].as_str() {
            Some("cube") => {
                let cube =
                    cube.unwrap_or_else(|| panic!("{domain} chose Cube, which is not deployed"));
                let compute = manifest["plugins"]["compute"]["type"].as_str().unwrap();
                assert_eq!(env(cube, "CUBEJS_DB_TYPE")["value"].as_str(), Some(compute));
            }
            _ => assert!(cube.is_none(), "{domain} did not choose Cube"),
        }
    }
    lineage_and_schedules(&tree);
}

#[test]
fn the_mesh_is_wired() {
    mesh_is_wired("examples/mesh/main.floe");
}

#[test]
fn the_multi_cluster_mesh_is_wired() {
    mesh_is_wired("examples/mesh/multi-cluster.floe");
}
