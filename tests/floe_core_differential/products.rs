//! The product lines of a case: ingestion sources and destinations, each
//! on a line of its own, from samples whose verdict under floe-core's
//! `FloeSpec` is known.

use serde_json::{json, Map, Value};

use super::{Breach, Enterprise, Entry, SINKS};
use crate::common::rng::Rng;

/// The entry of one line, a breach when `why` names anything.
fn entry(floe: String, yaml: Map<String, Value>, why: Vec<String>, group: String) -> Entry {
    Entry {
        floe,
        yaml: Value::Object(yaml),
        breach: (!why.is_empty()).then(|| Breach {
            codes: &["E0306"],
            why: why.join("; "),
            core: true,
            group,
            elsewhere: None,
        }),
    }
}

/// Ingestion paths, with whether floe-core's FloeSpec refuses them.
const PATHS: &[(&str, Option<&str>)] = &[
    ("data/orders/", None),
    ("landing/orders.csv", None),
    ("s3://landing/orders/", None),
    ("gs://landing/orders/", None),
    ("az://container/orders/", None),
    ("/srv/orders/", Some("a local path must be relative")),
    (
        "http://files.example/orders",
        Some("only s3, gs and az URIs"),
    ),
    ("s3:///orders/", Some("an object-store path needs a bucket")),
    (
        "s3://user:secret@landing/orders/",
        Some("credentials in the path"),
    ),
    (
        "s3://landing/orders/?token=abc",
        Some("a credential word in the query"),
    ),
    (
        "s3://landing/orders/#api_key=1",
        Some("a credential word in the fragment"),
    ),
    (" data/orders/", Some("white space around the path")),
];

const TABLES: &[(&str, Option<&str>)] = &[
    ("raw.orders", None),
    ("staging.customer_events", None),
    ("orders", Some("a table without its namespace")),
    ("a.b.c", Some("three parts")),
    ("raw.", Some("an empty table name")),
];

const SOURCE_NAMES: &[(&str, Option<&str>)] = &[
    ("erp", None),
    ("orders_raw", None),
    ("crm-export", None),
    ("bad name", Some("a space in the source name")),
    ("orders!", Some("`!` in the source name")),
];

pub(super) fn source(rng: &mut Rng, index: usize) -> Entry {
    let (name, bad_name) = rng.sample(SOURCE_NAMES);
    let (path, bad_path) = rng.sample(PATHS);
    let (table, bad_table) = rng.sample(TABLES);
    let format = rng.pick(&["csv", "jsonl", "parquet"]);
    let merge = rng.chance(30);
    let keyed = merge && rng.chance(80);
    // Names and tables unique within the product.
    let name = format!("{name}{index}");
    let table = if bad_table.is_none() {
        format!("{table}{index}")
    } else {
        table.to_string()
    };
    let mut floe = format!(
        "{{ name = \"{name}\", format = \"{format}\", path = \"{path}\", destination_table = \"{table}\""
    );
    let mut yaml = Map::new();
    yaml.insert("name".into(), json!(name));
    yaml.insert("source_type".into(), json!("filesystem"));
    yaml.insert("format".into(), json!(format));
    yaml.insert("path".into(), json!(path));
    yaml.insert("destination_table".into(), json!(table));
    yaml.insert(
        "write_mode".into(),
        json!(if merge { "merge" } else { "append" }),
    );
    yaml.insert("schema_contract".into(), json!("evolve"));
    if merge {
        floe.push_str(", write_mode = \"merge\"");
    }
    if keyed {
        floe.push_str(", primary_key = [\"id\"]");
        yaml.insert("primary_key".into(), json!(["id"]));
    }
    floe.push_str(" }");
    let unkeyed = (merge && !keyed).then_some("merge without a primary key");
    let why: Vec<String> = [bad_name, bad_path, bad_table, unkeyed]
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect();
    let group = format!("source {index}");
    entry(floe, yaml, why, group)
}

pub(super) fn destination(rng: &mut Rng, e: &Enterprise, index: usize) -> Entry {
    let sink = rng.pick(SINKS);
    let batch = match rng.below(10) {
        0 => Some(0),
        1 => Some(100_001),
        2..=5 => Some(rng.range(1, 100_000)),
        _ => None,
    };
    let name = format!("sink{index}");
    let mut floe = format!("{{ name = \"{name}\", sink_type = \"{sink}\", connection_secret_ref = \"{sink}-credentials\"");
    let mut yaml = Map::new();
    yaml.insert("name".into(), json!(name));
    yaml.insert("sink_type".into(), json!(sink));
    yaml.insert(
        "connection_secret_ref".into(),
        json!(format!("{sink}-credentials")),
    );
    if let Some(batch) = batch {
        floe.push_str(&format!(", batch_size = {batch}"));
        yaml.insert("batch_size".into(), json!(batch));
    }
    floe.push_str(" }");
    let mut why = Vec::new();
    if batch.is_some_and(|b| !(1..=100_000).contains(&b)) {
        why.push("batch_size outside 1–100,000".to_string());
    }
    if e.sinks.as_ref().is_some_and(|s| !s.contains(&sink)) {
        why.push(format!("sink `{sink}` is not approved"));
    }
    entry(floe, yaml, why, format!("destination {index}"))
}
