//! Properties of the type checker over generated programs:
//! a well-typed program (a value built to match its type) is accepted by
//! the checker and evaluates without a type error; a program with one leaf
//! of the wrong kind is never accepted and evaluated without complaint.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use floe_lang::db::MemoryFileSystem;
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::types::check;
use floe_lang::{Database, Limits};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum T {
    Int,
    Float,
    Text,
    Bool,
    Enum(Vec<String>),
    List(Box<T>),
    Optional(Box<T>),
    Record(Vec<(String, T, Option<V>)>, bool),
}

#[derive(Clone, Debug)]
enum V {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
    Null,
    List(Vec<V>),
    Record(Vec<(String, V)>),
}

fn ty_text(t: &T) -> String {
    match t {
        T::Int => "Int".into(),
        T::Float => "Float".into(),
        T::Text => "Text".into(),
        T::Bool => "Bool".into(),
        T::Enum(tags) => format!(
            "({})",
            tags.iter()
                .map(|t| format!("{t:?}"))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        T::List(i) => format!("(List {})", ty_text(i)),
        T::Optional(i) => format!("({})?", ty_text(i)),
        T::Record(fields, open) => {
            let mut parts: Vec<String> = fields
                .iter()
                .map(|(n, t, d)| match d {
                    Some(d) => format!("{n} : {} = {}", ty_text(t), val_text(d)),
                    None => format!("{n} : {}", ty_text(t)),
                })
                .collect();
            if *open {
                parts.push("..".into());
            }
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

fn val_text(v: &V) -> String {
    match v {
        V::Int(n) => format!("({n})"),
        V::Float(x) => format!("({x:?})"),
        V::Text(s) => format!("{s:?}"),
        V::Bool(b) => b.to_string(),
        V::Null => "null".into(),
        V::List(items) => format!(
            "[{}]",
            items.iter().map(val_text).collect::<Vec<_>>().join(", ")
        ),
        V::Record(fields) => {
            format!(
                "{{ {} }}",
                fields
                    .iter()
                    .map(|(n, v)| format!("{n} = {}", val_text(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,6}".prop_filter("not a keyword", |s| {
        !matches!(
            s.as_str(),
            "let"
                | "in"
                | "if"
                | "then"
                | "else"
                | "true"
                | "false"
                | "null"
                | "import"
                | "or"
                | "type"
                | "extends"
        )
    })
}

fn ty() -> impl Strategy<Value = T> {
    let leaf = prop_oneof![
        Just(T::Int),
        Just(T::Float),
        Just(T::Text),
        Just(T::Bool),
        prop::collection::btree_set("[a-z]{1,5}", 1..4)
            .prop_map(|s| T::Enum(s.into_iter().collect())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| T::List(Box::new(t))),
            inner.clone().prop_map(|t| T::Optional(Box::new(t))),
            (
                prop::collection::btree_map(name(), (inner, any::<bool>()), 0..4),
                any::<bool>()
            )
                .prop_flat_map(|(fields, open)| {
                    let fields: Vec<(String, T, bool)> =
                        fields.into_iter().map(|(n, (t, d))| (n, t, d)).collect();
                    let defaults: Vec<BoxedStrategy<Option<V>>> = fields
                        .iter()
                        .map(|(_, t, d)| {
                            if *d {
                                value(t).prop_map(Some).boxed()
                            } else {
                                Just(None).boxed()
                            }
                        })
                        .collect();
                    (Just(fields), defaults, Just(open)).prop_map(|(fields, defaults, open)| {
                        T::Record(
                            fields
                                .into_iter()
                                .zip(defaults)
                                .map(|((n, t, _), d)| (n, t, d))
                                .collect(),
                            open,
                        )
                    })
                }),
        ]
    })
}

/// A value of type `t`.
fn value(t: &T) -> BoxedStrategy<V> {
    match t {
        T::Int => (-1000i64..1000).prop_map(V::Int).boxed(),
        T::Float => prop_oneof![
            (-1000i64..1000).prop_map(V::Int),
            (-1e6f64..1e6).prop_map(V::Float)
        ]
        .boxed(),
        T::Text => "[a-z ]{0,8}".prop_map(V::Text).boxed(),
        T::Bool => any::<bool>().prop_map(V::Bool).boxed(),
        T::Enum(tags) => prop::sample::select(tags.clone()).prop_map(V::Text).boxed(),
        T::List(i) => prop::collection::vec(value(i), 0..3)
            .prop_map(V::List)
            .boxed(),
        T::Optional(i) => prop_oneof![Just(V::Null), value(i)].boxed(),
        T::Record(fields, _) => {
            let parts: Vec<BoxedStrategy<Option<(String, V)>>> = fields
                .iter()
                .map(|(n, t, d)| {
                    let n = n.clone();
                    let present = value(t).prop_map(move |v| Some((n.clone(), v)));
                    if d.is_some() {
                        prop_oneof![Just(None), present].boxed()
                    } else {
                        present.boxed()
                    }
                })
                .collect();
            parts
                .prop_map(|fs| V::Record(fs.into_iter().flatten().collect()))
                .boxed()
        }
    }
}

/// A value of a different kind than `v`.
fn wrong(v: &V) -> V {
    match v {
        V::Text(_) | V::Null => V::Int(7),
        _ => V::Text("wrong".into()),
    }
}

/// Replaces the first scalar leaf (depth first) with a value of another kind.
fn break_leaf(v: &V) -> Option<V> {
    match v {
        V::List(items) => {
            let mut items = items.clone();
            let (i, broken) = items
                .iter()
                .enumerate()
                .find_map(|(i, x)| break_leaf(x).map(|b| (i, b)))?;
            items[i] = broken;
            Some(V::List(items))
        }
        V::Record(fields) => {
            let mut fields = fields.clone();
            let (i, broken) = fields
                .iter()
                .enumerate()
                .find_map(|(i, (_, x))| break_leaf(x).map(|b| (i, b)))?;
            fields[i].1 = broken;
            Some(V::Record(fields))
        }
        V::Null => None,
        scalar => Some(wrong(scalar)),
    }
}

/// Checks and evaluates `program`: (static diagnostics, evaluation result).
fn run(program: &str) -> (Vec<String>, Result<(), Vec<String>>) {
    let mut fs = MemoryFileSystem::new();
    fs.insert("/p/main.floe", program.as_bytes().to_vec());
    let db = Database::new(Arc::new(fs), PathBuf::from("/p"));
    let file = db.load(&PathBuf::from("/p/main.floe")).unwrap();
    let static_codes: Vec<String> = check(&db, file)
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    let request = EvalRequest::new(&db, file, None, Vec::new(), Limits::default());
    let result = evaluate(&db, request)
        .clone()
        .map(|_| ())
        .map_err(|ds| ds.iter().map(|d| d.code.to_string()).collect());
    (static_codes, result)
}

fn typed_program() -> impl Strategy<Value = (T, V)> {
    ty().prop_flat_map(|t| {
        let v = value(&t);
        (Just(t), v)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn well_typed_programs_check_and_evaluate((t, v) in typed_program()) {
        let program = format!("let type T = {} in {{ out = {} : T }}", ty_text(&t), val_text(&v));
        let (static_codes, result) = run(&program);
        prop_assert!(static_codes.is_empty(), "{program}\nchecker: {static_codes:?}");
        prop_assert!(result.is_ok(), "{program}\nevaluation: {result:?}");
    }

    #[test]
    fn a_wrong_leaf_is_never_accepted((t, v) in typed_program()) {
        let Some(broken) = break_leaf(&v) else { return Ok(()) };
        // Through a function the checker cannot see into, so evaluation must catch it.
        for wrap in ["", "(\\x -> x) "] {
            let program = format!("let type T = {} in {{ out = {wrap}{} : T }}", ty_text(&t), val_text(&broken));
            let (static_codes, result) = run(&program);
            let caught_statically = static_codes.iter().any(|c| c.starts_with("E03"));
            let caught_at_evaluation = matches!(&result, Err(codes) if codes.iter().any(|c| c.starts_with("E03")));
            prop_assert!(caught_statically || caught_at_evaluation, "{program}\nchecker: {static_codes:?}\nevaluation: {result:?}");
            if wrap.is_empty() {
                prop_assert!(caught_statically, "a literal mismatch must be caught before evaluation: {program}");
            }
        }
    }
}
