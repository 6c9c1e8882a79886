//! Soundness of layering: whatever a child layer writes, an accepted result
//! never weakens a `stronger` field, never changes a `final` one, never
//! widens a `subset` allow-list and never drops an `append` item.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use floe_lang::data::Data;
use floe_lang::db::MemoryFileSystem;
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::{Database, Limits};
use proptest::prelude::*;

const LEVELS: [&str; 3] = ["off", "warn", "strict"];
const ENGINES: [&str; 4] = ["duckdb", "snowflake", "spark", "trino"];

fn list(items: &[usize]) -> String {
    let names: Vec<String> = items.iter().map(|i| format!("{:?}", ENGINES[*i])).collect();
    format!("[{}]", names.join(", "))
}

/// Evaluates the program; the output record, or the error codes.
fn run(program: &str) -> Result<Data, Vec<String>> {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/p/main.floe", program.as_bytes().to_vec());
    let db = Database::new(Arc::new(fs), PathBuf::from("/p"));
    let file = db.load(&PathBuf::from("/p/main.floe")).unwrap();
    let request = EvalRequest::new(&db, file, None, Vec::new(), Limits::default());
    evaluate(&db, request)
        .clone()
        .map_err(|ds| ds.iter().map(|d| d.code.to_string()).collect())
}

fn texts(d: Option<&Data>) -> Vec<String> {
    match d {
        Some(Data::List(items)) => items
            .iter()
            .filter_map(|i| match i {
                Data::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn accepted_layers_respect_the_parent(
        parent_level in 0usize..3, child_level in proptest::option::of(0usize..3),
        parent_days in 0i64..1000, child_days in proptest::option::of(0i64..1000),
        child_version in proptest::option::of(prop::sample::select(vec!["1.4", "2.0"])),
        parent_allowed in prop::sample::subsequence(vec![0usize, 1, 2, 3], 0..=4),
        child_allowed in proptest::option::of(prop::sample::subsequence(vec![0usize, 1, 2, 3], 0..=4)),
        parent_sinks in prop::sample::subsequence(vec![0usize, 1, 2, 3], 0..=4),
        child_sinks in proptest::option::of(prop::sample::subsequence(vec![0usize, 1, 2, 3], 0..=4)),
        opaque in any::<bool>(),
    ) {
        let mut child = Vec::new();
        if let Some(l) = child_level { child.push(format!("level = {:?}", LEVELS[l])); }
        if let Some(d) = child_days { child.push(format!("days = {d}")); }
        if let Some(v) = child_version { child.push(format!("version = {v:?}")); }
        if let Some(a) = &child_allowed { child.push(format!("allowed = {}", list(a))); }
        if let Some(s) = &child_sinks { child.push(format!("sinks = {}", list(s))); }
        let program = format!(
            "let type S = {{ stronger level : \"off\" < \"warn\" < \"strict\", stronger days : Int, final version : Text, \
             subset allowed : List Text, append sinks : List Text }},\n\
             parent = {{ level = {:?}, days = {parent_days}, version = \"1.4\", allowed = {}, sinks = {} }} : S,\n\
             in parent extends {}{{ {} }}",
            LEVELS[parent_level], list(&parent_allowed), list(&parent_sinks),
            // Through a function the checker cannot see into, evaluation decides.
            if opaque { "(\\r -> r) " } else { "" },
            child.join(", ")
        );
        match run(&program) {
            Ok(out) => {
                let level = match out.get("level") { Some(Data::Text(t)) => LEVELS.iter().position(|l| **l == **t).unwrap(), _ => panic!("{program}") };
                prop_assert!(level >= parent_level, "weakened level accepted: {program}");
                let days = match out.get("days") { Some(Data::Int(n)) => *n, _ => panic!("{program}") };
                prop_assert!(days >= parent_days, "weakened days accepted: {program}");
                prop_assert_eq!(out.get("version"), Some(&Data::Text(Arc::from("1.4"))), "final changed: {}", program);
                let parent_names: Vec<String> = parent_allowed.iter().map(|i| ENGINES[*i].to_string()).collect();
                for a in texts(out.get("allowed")) {
                    prop_assert!(parent_names.contains(&a), "allow-list widened with {a}: {program}");
                }
                let sinks = texts(out.get("sinks"));
                for s in parent_sinks.iter().map(|i| ENGINES[*i].to_string()) {
                    prop_assert!(sinks.contains(&s), "append item {s} dropped: {program}");
                }
            }
            Err(codes) => {
                prop_assert!(codes.iter().all(|c| c.starts_with("E04")), "unexpected error {codes:?}: {program}");
                // Something was really breached.
                let weaker_level = child_level.is_some_and(|l| l < parent_level);
                let weaker_days = child_days.is_some_and(|d| d < parent_days);
                let changed = child_version.is_some_and(|v| v != "1.4");
                let widened = child_allowed.as_ref().is_some_and(|a| a.iter().any(|x| !parent_allowed.contains(x)));
                let dropped = child_sinks.as_ref().is_some_and(|s| parent_sinks.iter().any(|x| !s.contains(x)));
                prop_assert!(weaker_level || weaker_days || changed || widened || dropped, "rejected a valid layer {codes:?}: {program}");
            }
        }
    }
}
