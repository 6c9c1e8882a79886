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
//! With `functions` it writes the function-heavy workload: one file of
//! maps, folds, filters, records, string building and a recursive
//! function over N items, in Floe, Nix, Jsonnet and Nickel.
//!
//! With `calls` it writes the function-call workload, and with
//! `user-deep`, `user-shallow` or `user-schema` the mesh in one file as a
//! user writes it, in that style of merging (see `styles.rs`).
//!
//! Usage: `floe-bench-gen DIR N [layered|functions|calls|user-STYLE]`

mod mesh;
mod styles;

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

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

/// A workload of one `main.<ext>` per language.
fn run_single(dir: &Path, program: impl Fn(&str) -> String) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("floe.toml"), "")?;
    for ext in mesh::EXTENSIONS {
        std::fs::write(dir.join(format!("main.{ext}")), program(ext))?;
    }
    Ok(())
}

fn run(dir: &Path, n: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("domains"))?;
    std::fs::write(dir.join("floe.toml"), "")?;
    for ext in mesh::EXTENSIONS {
        std::fs::write(dir.join(format!("enterprise.{ext}")), mesh::enterprise(ext))?;
        for i in 0..n {
            std::fs::write(
                dir.join(format!("domains/d{i:05}.{ext}")),
                mesh::domain(ext, i),
            )?;
        }
        std::fs::write(dir.join(format!("main.{ext}")), mesh::main_file(ext, n))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(Ok(n))) = (args.get(1), args.get(2).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: floe-bench-gen DIR N [layered|functions|calls|user-deep|user-shallow|user-schema]");
        return ExitCode::from(2);
    };
    let result = match args.get(3).map(String::as_str) {
        Some("layered") => run_layered(Path::new(dir), n),
        Some("functions") => run_single(Path::new(dir), |ext| mesh::functions(ext, n)),
        Some("calls") => run_single(Path::new(dir), |ext| styles::calls(ext, n)),
        Some(user) if user.starts_with("user-") => match styles::Style::named(&user[5..]) {
            Some(style) => run_single(Path::new(dir), |ext| styles::user(ext, n, style)),
            None => {
                eprintln!("unknown style in `{user}`: user-deep, user-shallow or user-schema");
                return ExitCode::from(2);
            }
        },
        None => run(Path::new(dir), n),
        Some(other) => {
            eprintln!("unknown workload `{other}`; the others are layered, functions, calls, user-deep, user-shallow and user-schema");
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
