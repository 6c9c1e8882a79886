//! Floe is never the weaker gate. Generated enterprise/domain pairs (nested
//! changes, weakenings by value and by type, misspelt fields at every depth,
//! nulls, plugin and allow-list changes, ingestion sources and destinations)
//! are checked by `floe check` and, on the files `floe eval` writes (or,
//! when Floe refuses, would write), by floe-core 0.1.0a1: its
//! `PlatformManifest` and `FloeSpec` models and its inheritance checks.
//!
//! For every case:
//! - whenever floe-core rejects, `floe check` fails and `floe eval` writes
//!   no file;
//! - every error Floe reports is one of the case's breaches, at the line
//!   that made it, and every breach is reported (breaches of one group may
//!   stand for each other);
//! - a case without breaches passes, and writes the files the model of the
//!   written files expects (so the model floe-core judges is the real one);
//! - a breach floe-core also checks is rejected by floe-core.
//!
//! `FLOE_DIFFERENTIAL_CASES` (default 500) and `FLOE_DIFFERENTIAL_SEED`
//! choose the cases; `FLOE_DIFFERENTIAL_ONLY=N` runs case N alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "floe_core_differential/cases.rs"]
mod cases;
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use cases::Case;
use common::rng::Rng;
use serde_json::{json, Value};

/// What Floe did with one case.
struct Run {
    case: Case,
    dir: PathBuf,
    /// `(code, line)` of every error in the domain file, and every other
    /// error as its header line.
    errors: Vec<(String, String, usize)>,
    report: String,
    written: bool,
    /// The files floe-core judges: enterprise, domain, product.
    enterprise: Value,
    domain: Value,
    product: Value,
}

fn floe(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn yaml_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_norway::from_str(&text).unwrap()
}

const MAIN: &str = "let mesh = import \"floe:std/mesh\" in\n\
    mesh.layout { enterprise = import \"./enterprise.floe\", domains = [import \"./domains/gen.floe\"] }\n";

fn write_project(dir: &Path, enterprise: &str, domain: &str) {
    std::fs::create_dir_all(dir.join("domains")).unwrap();
    std::fs::write(dir.join("floe.toml"), "").unwrap();
    std::fs::write(dir.join("main.floe"), MAIN).unwrap();
    std::fs::write(dir.join("enterprise.floe"), enterprise).unwrap();
    std::fs::write(dir.join("domains/gen.floe"), domain).unwrap();
}

/// Every error of a rendered report: its code, file and line.
fn errors(report: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut lines = report.lines();
    while let Some(line) = lines.next() {
        let Some(code) = line
            .strip_prefix('[')
            .and_then(|l| l.split_once("] Error"))
            .map(|(c, _)| c.to_string())
        else {
            continue;
        };
        let place = lines.next().unwrap_or("");
        let place = place
            .split("─[ ")
            .nth(1)
            .and_then(|p| p.strip_suffix(" ]"))
            .unwrap_or(place);
        let mut parts = place.rsplitn(3, ':');
        let _column = parts.next();
        let line_no = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
        let file = parts.next().unwrap_or("").to_string();
        out.push((code, file, line_no));
    }
    out
}

fn run_case(case: Case, root: &Path) -> Run {
    let dir = root.join(format!("case{}", case.id));
    let enterprise = case.enterprise.file();
    write_project(&dir.join("base"), &enterprise, &case.domain_file(true));
    write_project(&dir.join("case"), &enterprise, &case.domain_file(false));

    let base = floe(&dir.join("base"), &["eval", "main.floe", "-o", "out"]);
    assert!(
        base.status.success(),
        "the baseline of case {} fails:\n{}\n{enterprise}",
        case.id,
        String::from_utf8_lossy(&base.stderr)
    );
    let out = dir.join("base/out/domains/gen");
    let base_domain = yaml_file(&out.join("manifest.yaml"));
    let base_product = yaml_file(&out.join("products/p/floe.yaml"));
    let enterprise_yaml = yaml_file(&dir.join("base/out/enterprise/manifest.yaml"));

    let project = dir.join("case");
    let check = floe(&project, &["check", "--color", "never", "main.floe"]);
    let eval = floe(
        &project,
        &["eval", "--color", "never", "main.floe", "-o", "out"],
    );
    let report = String::from_utf8_lossy(&check.stderr).into_owned();
    assert_eq!(
        check.status.success(),
        eval.status.success(),
        "case {}: `floe check` and `floe eval` disagree:\n{report}\n{}",
        case.id,
        String::from_utf8_lossy(&eval.stderr)
    );
    let written = project.join("out").exists();
    assert_eq!(
        written,
        eval.status.success(),
        "case {}: a failed `floe eval` wrote files",
        case.id
    );
    let (domain, product) = if written {
        let out = project.join("out/domains/gen");
        (
            yaml_file(&out.join("manifest.yaml")),
            yaml_file(&out.join("products/p/floe.yaml")),
        )
    } else {
        (
            case.domain_manifest(&base_domain),
            case.product_spec(&base_product),
        )
    };
    if written {
        assert_eq!(
            domain,
            case.domain_manifest(&base_domain),
            "case {}: the written domain manifest is not the model's",
            case.id
        );
        assert_eq!(
            product,
            case.product_spec(&base_product),
            "case {}: the written product is not the model's",
            case.id
        );
    }
    Run {
        errors: errors(&report),
        case,
        dir,
        report,
        written,
        enterprise: enterprise_yaml,
        domain,
        product,
    }
}

/// floe-core's verdict on every run, in one Python process.
fn floe_core_verdicts(runs: &[Run], root: &Path) -> Vec<Option<String>> {
    let cases: Vec<Value> = runs
        .iter()
        .map(|r| {
            json!({
                "id": r.case.id,
                "enterprise": r.enterprise,
                "domain": r.domain,
                "products": [r.product],
            })
        })
        .collect();
    let file = root.join("cases.json");
    std::fs::write(&file, serde_json::to_string(&cases).unwrap()).unwrap();
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers/floe_core_verdicts.py");
    let out = common::succeeded(
        Command::new(common::tools().join("python"))
            .arg(&script)
            .arg(&file),
    );
    let verdicts: Vec<Value> = serde_json::from_slice(&out).unwrap();
    verdicts
        .into_iter()
        .map(|v| v["rejected"].as_str().map(str::to_string))
        .collect()
}

/// What is wrong with one run, if anything.
fn judge(run: &Run, rejected: &Option<String>) -> Vec<String> {
    let mut wrong = Vec::new();
    let breaches = run.case.breaches();
    if let Some(reason) = rejected {
        if run.written {
            wrong.push(format!("floe-core rejects what Floe wrote: {reason}"));
        }
    }
    let matches = |(code, file, line): &(String, String, usize),
                   (f, at, b): &(&str, usize, &cases::Breach)| {
        file == f && line == at && b.codes.contains(&code.as_str())
    };
    for e in &run.errors {
        if !breaches.iter().any(|b| matches(e, b)) {
            wrong.push(format!(
                "{} at {}:{} is not a breach of the case",
                e.0, e.1, e.2
            ));
        }
    }
    let mut groups: Vec<&str> = breaches.iter().map(|(_, _, b)| b.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    for group in groups {
        let of_group: Vec<_> = breaches
            .iter()
            .filter(|(_, _, b)| b.group == group)
            .collect();
        let reported = of_group
            .iter()
            .any(|b| run.errors.iter().any(|e| matches(e, b)));
        if !reported {
            let whys: Vec<String> = of_group
                .iter()
                .map(|(f, at, b)| format!("{f}:{at}: {} ({:?})", b.why, b.codes))
                .collect();
            wrong.push(format!("not reported: {}", whys.join("; ")));
        }
    }
    for (_, at, b) in &breaches {
        if b.core && rejected.is_none() {
            wrong.push(format!(
                "floe-core accepts the breach at line {at} ({}), which it was expected to check",
                b.why
            ));
        }
    }
    if breaches.is_empty() && !run.written {
        wrong.push("a case without breaches fails".into());
    }
    wrong
}

#[test]
fn floe_is_never_the_weaker_gate() {
    let count: usize = common::env_number("FLOE_DIFFERENTIAL_CASES").unwrap_or(500);
    let seed: u64 = common::env_number("FLOE_DIFFERENTIAL_SEED").unwrap_or(0x0f10_e5ee_d000_2026);
    let mut rng = Rng::new(seed);
    // `FLOE_DIFFERENTIAL_ONLY=N` runs case N alone (of the same sequence).
    let only: Option<usize> = common::env_number("FLOE_DIFFERENTIAL_ONLY");
    let cases: Vec<Case> = (0..count)
        .map(|id| Case::generate(id, &mut rng))
        .filter(|c| only.is_none_or(|n| n == c.id))
        .collect();
    let count = cases.len();
    let root = tempfile::tempdir().unwrap();

    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = count.div_ceil(workers).max(1);
    let mut runs: Vec<Run> = std::thread::scope(|s| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|part| {
                let root = root.path();
                s.spawn(move || {
                    part.iter()
                        .cloned()
                        .map(|c| run_case(c, root))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    runs.sort_by_key(|r| r.case.id);
    let verdicts = floe_core_verdicts(&runs, root.path());

    let mut failures = Vec::new();
    let (mut floe_rejects, mut core_rejects) = (0, 0);
    for (run, rejected) in runs.iter().zip(&verdicts) {
        floe_rejects += usize::from(!run.written);
        core_rejects += usize::from(rejected.is_some());
        let wrong = judge(run, rejected);
        for w in &wrong {
            eprintln!("case {}: {w}", run.case.id);
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "case {} (seed {seed}; {}):\n  {}\n--- domain file\n{}--- floe check\n{}",
                run.case.id,
                run.dir.display(),
                wrong.join("\n  "),
                run.case.domain_file(false),
                run.report
            ));
        }
    }
    eprintln!(
        "{count} cases: Floe refused {floe_rejects}, floe-core {core_rejects}; {} wrong",
        failures.len()
    );
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(8).collect();
        panic!(
            "{} of {count} cases are wrong; the first:\n\n{}",
            failures.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n\n")
        );
    }
    // Enough of both verdicts that the property says something.
    if only.is_none() {
        assert!(
            floe_rejects >= count / 5,
            "too few breaches to say anything"
        );
        assert!(
            count - floe_rejects >= count / 10,
            "too few sound cases to say anything"
        );
        assert!(
            core_rejects >= count / 10,
            "floe-core rejects too few cases"
        );
    }
}
