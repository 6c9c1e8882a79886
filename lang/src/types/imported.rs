//! An imported file's value checked against the type it is used as, at the
//! imported file's own lines. The importer sees only the file's type, so a
//! mismatch would be one E0301 at the `import`; where the file's value is
//! written literally (what the checker knows of it), each problem is
//! reported where it was written instead: unknown fields with the closest
//! name, missing fields with their doc, values of the wrong type, enum tags.

use super::refine::{data_holds, refinement};
use super::ty::{compatible, data_type};
use super::{Checker, Known, Ty};
use crate::data::Data;
use crate::diagnostics::types::{RecordProblem, TypeError};
use crate::diagnostics::Place;
use crate::resolve::did_you_mean;
use crate::syntax::Span;

impl Checker<'_> {
    /// Checks `known`, a value written in another file, against `expected`
    /// (declared at `ty_at`). Whether anything was reported.
    pub(super) fn check_known(&mut self, known: &Known, expected: &Ty, ty_at: Place) -> bool {
        let before = self.diagnostics.len();
        self.known_against(known, expected, ty_at);
        self.diagnostics.len() > before
    }

    /// Whether `known` is a value of `ty` by the same rules, reporting
    /// nothing: a value that is not is a type error, never ranked by modes.
    pub(super) fn conforms(&mut self, known: &Known, ty: &Ty) -> bool {
        let before = self.diagnostics.len();
        self.known_against(known, ty, Place::span(self.file, Span::default()));
        let conforms = self.diagnostics.len() == before;
        self.diagnostics.truncate(before);
        conforms
    }

    /// Values nest as deeply as a (recursive) type lets them, so every
    /// level may grow the stack.
    fn known_against(&mut self, known: &Known, expected: &Ty, ty_at: Place) {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || {
            self.known_against_here(known, expected, ty_at)
        })
    }

    fn known_against_here(&mut self, known: &Known, expected: &Ty, ty_at: Place) {
        // A refinement the checker can decide is decided on a value of the
        // right type, at the value's line.
        if let Some((base, rule)) = refinement(expected) {
            let before = self.diagnostics.len();
            // The base keeps the name the type was referred to by, for messages.
            let base = match expected {
                Ty::Named(name, _) => Ty::Named(name.clone(), std::sync::Arc::new(base.clone())),
                _ => base.clone(),
            };
            self.known_against(known, &base, ty_at);
            if let (true, Known::Value { data, at }) = (self.diagnostics.len() == before, known) {
                for (pred, text, rule_at) in &rule.checks {
                    if data_holds(pred, data) == Some(false) {
                        let d = super::refine::failure(*at, text, *rule_at);
                        self.diagnostics.push(d);
                    }
                }
            }
            return;
        }
        match (known, expected.strip()) {
            (Known::Unknown, _) | (_, Ty::Dynamic) => {}
            (_, Ty::Optional(inner)) => {
                if !matches!(
                    known,
                    Known::Value {
                        data: Data::Null,
                        ..
                    }
                ) {
                    self.known_against(known, inner, ty_at);
                }
            }
            (Known::Record { fields, at }, Ty::Record(rt)) => {
                let mut problems = Vec::new();
                for (name, value) in fields.iter() {
                    match rt.fields.iter().find(|f| f.name == *name) {
                        Some(f) => {
                            self.known_against(value, &f.ty, f.decl.unwrap_or(ty_at));
                        }
                        None if rt.open => {}
                        None => {
                            let value_at = value.site().unwrap_or(*at);
                            problems.push(RecordProblem::Unknown {
                                field: name.to_string(),
                                of: Some(expected.text()),
                                suggestion: did_you_mean(
                                    name,
                                    rt.fields.iter().map(|f| f.name.to_string()),
                                ),
                                at: value_at,
                            });
                        }
                    }
                }
                for f in &rt.fields {
                    if f.has_default || fields.iter().any(|(n, _)| *n == f.name) {
                        continue;
                    }
                    problems.push(super::missing_field(f, ty_at));
                }
                self.report_record(*at, expected, problems, rt.open);
            }
            (Known::List { items, .. }, Ty::List(item)) => {
                for (_, value) in items.iter() {
                    self.known_against(value, item, ty_at);
                }
            }
            (Known::List { at, .. }, _) => {
                self.mismatch("a list", expected, *at, ty_at);
            }
            (Known::Record { fields, .. }, Ty::Map(item)) => {
                for (_, value) in fields.iter() {
                    self.known_against(value, item, ty_at);
                }
            }
            (Known::Value { data, at }, ty) => self.data_against(data, ty, expected, *at, ty_at),
            (Known::Record { at, .. }, _) => {
                // A record where no record may be: maps and records were
                // matched above.
                self.mismatch("a record", expected, *at, ty_at);
            }
        }
    }

    /// Plain data written at `at` against `ty` (`expected` as it is shown).
    fn data_against(&mut self, data: &Data, ty: &Ty, expected: &Ty, at: Place, ty_at: Place) {
        match (data, ty) {
            (Data::Text(t), Ty::Enum { tags, .. }) => {
                if tags.iter().any(|tag| **tag == **t) {
                    return;
                }
                let d = super::bad_tag(t, tags, expected, at, ty_at);
                self.diagnostics.push(d);
            }
            (Data::List(items), Ty::List(item)) => {
                // Items keep no places of their own: the list's is shown.
                for i in items.iter() {
                    let before = self.diagnostics.len();
                    self.known_against(
                        &Known::Value {
                            data: i.clone(),
                            at,
                        },
                        item,
                        ty_at,
                    );
                    if self.diagnostics.len() > before {
                        break;
                    }
                }
            }
            (Data::Record(fields), Ty::Record(_) | Ty::Map(_)) => {
                let known = Known::Record {
                    fields: std::sync::Arc::new(
                        fields
                            .iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    Known::Value {
                                        data: v.clone(),
                                        at,
                                    },
                                )
                            })
                            .collect(),
                    ),
                    at,
                };
                self.known_against(&known, expected, ty_at);
            }
            (data, _) => {
                let found = data_type(data);
                if !compatible(&found, expected) {
                    self.mismatch(&found.kind(), expected, at, ty_at);
                }
            }
        }
    }

    fn mismatch(&mut self, found: &str, expected: &Ty, at: Place, ty_at: Place) {
        let shape = (found != "a record")
            .then(|| super::ty::record_shape(&Ty::Dynamic, expected))
            .flatten();
        self.diagnostics.push(
            TypeError::Mismatch {
                expected: expected.text(),
                found: found.to_string(),
                at,
                type_at: Some(ty_at),
                problems: Vec::new(),
                shape,
            }
            .diagnostic(),
        );
    }
}
