//! Writes a synthetic Data Mesh workspace for benchmarks: one enterprise
//! file, N domain files that import it, each declaring ten data products
//! (records merged over enterprise defaults, interpolated strings, mapped
//! lists), and a `main.floe` that imports every domain and produces their
//! manifests and Kubernetes resources.
//!
//! With `layered` as a third argument it writes the inheritance workload
//! instead: a schema with field modes, an enterprise checked against it,
//! and N domains, each `enterprise extends { … }`.
//!
//! Usage: `floe-bench-gen DIR N [layered]`

mod peers;

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

const ENTERPRISE: &str = r#"# The enterprise layer: defaults and constructors every domain uses.
let
  defaults = {
    owner = "platform@acme.example",
    compute = "duckdb",
    governance = { pii_encryption = "required", data_retention_days = 365, policy_enforcement_level = "warn" },
    labels = { "app.kubernetes.io/part-of" = "floe", "app.kubernetes.io/managed-by" = "floe" },
    resources = { requests = { cpu = "250m", memory = "512Mi" }, limits = { cpu = "1", memory = "1Gi" } },
  },
  namespace_of = \domain -> "floe-${domain}-domain",
in {
  name = "acme",
  defaults,
  namespace_of,
  manifest = \domain overrides -> defaults & overrides & {
    apiVersion = "floe.dev/v1",
    kind = "Manifest",
    metadata = { name = domain, version = "1.0.0", owner = overrides.owner or defaults.owner },
    scope = "domain",
    parent_manifest = "oci://registry.acme.example/floe/enterprise:v1.0.0",
  },
  product = \domain p -> defaults & p & {
    id = "${domain}.${p.name}",
    lineage_namespace = "${domain}.${p.name}",
    labels = defaults.labels // { "floe.dev/domain" = domain, "floe.dev/product" = p.name },
    ports = map (\port -> { name = "port-${to_string port}", containerPort = port }) p.ports,
  },
  namespace = \domain -> {
    apiVersion = "v1",
    kind = "Namespace",
    metadata = { name = namespace_of domain, labels = defaults.labels // { "floe.dev/domain" = domain } },
  },
  deployment = \domain p -> {
    apiVersion = "apps/v1",
    kind = "Deployment",
    metadata = { name = "${domain}-${p.name}", namespace = namespace_of domain, labels = p.labels },
    spec = {
      replicas = p.replicas,
      selector.matchLabels = { "app.kubernetes.io/name" = p.name },
      template = {
        metadata.labels = p.labels // { "app.kubernetes.io/name" = p.name },
        spec.containers = [{
          name = p.name,
          image = "registry.acme.example/${domain}/${p.name}:${p.version}",
          ports = p.ports,
          env = map (\e -> { name = e.name, value = e.value }) [
            { name = "POLARIS_HOST", value = "floe-platform-polaris.floe-platform.svc.cluster.local" },
            { name = "OTLP_ENDPOINT", value = "http://floe-platform-otel.floe-platform.svc.cluster.local:4317" },
            { name = "FLOE_PRODUCT", value = p.id },
          ],
          resources = p.resources,
        }],
      },
    },
  },
}
"#;

fn domain(i: usize) -> String {
    let name = format!("d{i:05}");
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Domain {name}: ten data products over the enterprise defaults."
    );
    let _ = writeln!(
        s,
        "let e = import \"../enterprise.floe\", name = \"{name}\" in"
    );
    let _ = writeln!(s, "{{\n  name,");
    let _ = writeln!(
        s,
        "  manifest = e.manifest name {{ owner = \"{name}@acme.example\", governance.policy_enforcement_level = \"strict\" }},"
    );
    let _ = writeln!(s, "  products = map (e.product name) [");
    for p in peers::products(i) {
        let _ = writeln!(
            s,
            "    {{ name = \"{}\", version = \"{}\", replicas = {}, ports = [8080, {}], governance.data_retention_days = {}, tags = map (\\t -> \"{name}-${{t}}\") [\"gold\", \"pii\"] }},",
            p.name, p.version, p.replicas, p.port, p.retention
        );
    }
    let _ = writeln!(s, "  ],\n}}");
    s
}

fn main_file(n: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "let\n  e = import \"./enterprise.floe\",\n  domains = [");
    for i in 0..n {
        let _ = writeln!(s, "    import \"./domains/d{i:05}.floe\",");
    }
    let _ = writeln!(
        s,
        "  ],\nin {{\n  manifests = map (\\d -> d.manifest) domains,\n  products = concat_map (\\d -> d.products) domains,\n  resources = concat_map (\\d -> [e.namespace d.name] ++ map (e.deployment d.name) d.products) domains,\n}}"
    );
    s
}

const SCHEMA: &str = r#"let
  type Governance = {
    stronger pii_encryption : "optional" < "required" = "optional",
    stronger policy_enforcement_level : "off" < "warn" < "strict" = "off",
    stronger data_retention_days : Int = 30,
  },
  type Manifest = {
    final api_version : Text = "floe.dev/v1",
    required owner : Text?,
    subset approved_compute : List Text = [],
    append audit_sinks : List Text = [],
    governance : Governance = {},
    compute : Text = "duckdb",
    products : List Text = [],
  },
in { Manifest }
"#;

const LAYERED_ENTERPRISE: &str = r#"let schema = import "./schema.floe" in
{
  approved_compute = ["duckdb", "snowflake", "spark"],
  audit_sinks = ["splunk"],
  governance = { pii_encryption = "required", policy_enforcement_level = "warn", data_retention_days = 365 },
} : schema.Manifest
"#;

fn layered_domain(i: usize) -> String {
    let name = format!("d{i:05}");
    let compute = ["duckdb", "snowflake", "spark"][i % 3];
    format!(
        "let acme = import \"../enterprise.floe\" in\nacme extends {{\n  owner = \"{name}@acme.example\",\n  approved_compute = [\"{compute}\"],\n  compute = \"{compute}\",\n  audit_sinks = [\"splunk\", \"{name}-s3\"],\n  governance.policy_enforcement_level = \"strict\",\n  governance.data_retention_days = {},\n  products = map (\\p -> \"{name}-${{to_string p}}\") (range 0 10),\n}}\n",
        365 + i % 100
    )
}

fn run_layered(dir: &Path, n: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("domains"))?;
    std::fs::write(dir.join("floe.toml"), "")?;
    std::fs::write(dir.join("schema.floe"), SCHEMA)?;
    std::fs::write(dir.join("enterprise.floe"), LAYERED_ENTERPRISE)?;
    let mut main = String::from("[\n");
    for i in 0..n {
        std::fs::write(dir.join(format!("domains/d{i:05}.floe")), layered_domain(i))?;
        let _ = writeln!(main, "  import \"./domains/d{i:05}.floe\",");
    }
    main.push_str("]\n");
    std::fs::write(dir.join("main.floe"), main)
}

fn run(dir: &Path, n: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("domains"))?;
    std::fs::write(dir.join("floe.toml"), "")?;
    std::fs::write(dir.join("enterprise.floe"), ENTERPRISE)?;
    for i in 0..n {
        std::fs::write(dir.join(format!("domains/d{i:05}.floe")), domain(i))?;
    }
    std::fs::write(dir.join("main.floe"), main_file(n))?;
    for ext in peers::EXTENSIONS {
        std::fs::write(
            dir.join(format!("enterprise.{ext}")),
            peers::enterprise(ext),
        )?;
        for i in 0..n {
            std::fs::write(
                dir.join(format!("domains/d{i:05}.{ext}")),
                peers::domain(ext, i),
            )?;
        }
        std::fs::write(dir.join(format!("main.{ext}")), peers::main_file(ext, n))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(Ok(n))) = (args.get(1), args.get(2).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: floe-bench-gen DIR N [layered]");
        return ExitCode::from(2);
    };
    let result = match args.get(3).map(String::as_str) {
        Some("layered") => run_layered(Path::new(dir), n),
        None => run(Path::new(dir), n),
        Some(other) => {
            eprintln!("unknown workload `{other}`; the only other one is `layered`");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the workspace: {e}");
            ExitCode::from(1)
        }
    }
}
