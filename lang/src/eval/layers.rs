//! Layering: `parent extends child`. The parent is a record checked against
//! a record type (its schema); the child's fields replace the parent's under
//! the rules each field of the schema declares (`final`, `stronger`,
//! `subset`, `append`, `required`; override otherwise), nested records
//! layering field by field. Every violation is reported, each with the
//! parent's rule and value beside the child's breach; the result is checked
//! against the schema again, so it can itself be extended.

use std::collections::HashMap;
use std::rc::Rc;

use super::value::{Env, Fields, Site, Thunk, Value};
use super::{err, Evaluator, R};
use crate::diagnostics::{BoxedDiagnostic, Code, Diagnostic, Label};
use crate::resolve::ir::{FieldTypeNode, Name, Prim, TypeNode, TypeNodeKind};
use crate::syntax::ast::Mode;

/// The schema a record was checked against, and where its fields were set.
pub(super) struct Schema<'db> {
    /// Keeps the record alive, so that its address identifies it.
    pub _keep: Rc<Fields<'db>>,
    /// The record type.
    pub fields: &'db [FieldTypeNode],
    /// Whether the type is open.
    pub open: bool,
    /// The whole type.
    pub ty: &'db TypeNode,
    /// Where the type was written.
    pub env: Env<'db>,
    /// For each field, every place that set it, oldest first.
    pub sites: HashMap<Name, Vec<Site>>,
}

fn key(record: &Rc<Fields<'_>>) -> usize {
    Rc::as_ptr(record) as usize
}

/// A record type as fields, seen through names.
struct RecordType<'db> {
    fields: &'db [FieldTypeNode],
    open: bool,
    ty: &'db TypeNode,
    env: Env<'db>,
}

impl<'db> Evaluator<'db> {
    /// Remembers that `record` was checked against the record type `ty`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn register_schema(
        &mut self,
        record: &Rc<Fields<'db>>,
        fields: &'db [FieldTypeNode],
        open: bool,
        ty: &'db TypeNode,
        env: &Env<'db>,
        sites: HashMap<Name, Vec<Site>>,
    ) {
        self.schemas.insert(
            key(record),
            Schema {
                _keep: record.clone(),
                fields,
                open,
                ty,
                env: env.clone(),
                sites,
            },
        );
    }

    /// Makes `ty`, a refinement of `record`'s record type, its schema's
    /// type, so that `extends` checks every layer against the refinement.
    pub(super) fn refine_schema(&mut self, record: &Rc<Fields<'db>>, ty: &'db TypeNode) {
        if let Some(s) = self.schemas.get_mut(&key(record)) {
            s.ty = ty;
        }
    }

    /// Where each field of `record` was set, if it was checked against a
    /// record type.
    pub(super) fn schema_sites(
        &self,
        record: &Rc<Fields<'db>>,
    ) -> Option<HashMap<Name, Vec<Site>>> {
        self.schemas.get(&key(record)).map(|s| s.sites.clone())
    }

    /// The record type behind `ty` (following names), if it is one.
    fn record_type(&mut self, ty: &'db TypeNode, env: &Env<'db>) -> R<Option<RecordType<'db>>> {
        match &ty.kind {
            TypeNodeKind::Record { fields, open } => Ok(Some(RecordType {
                fields,
                open: *open,
                ty,
                env: env.clone(),
            })),
            TypeNodeKind::Optional(inner) | TypeNodeKind::Refined { base: inner, .. } => {
                self.record_type(inner, env)
            }
            TypeNodeKind::Ref(node) => match self.eval(node, env)? {
                Value::Type(t) => {
                    let (node, env) = (t.node, t.env.clone());
                    self.record_type(node, &env)
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// `parent extends child`.
    pub(super) fn extend(
        &mut self,
        parent: Value<'db>,
        child: Value<'db>,
        op: Site,
        child_site: Site,
    ) -> R<Value<'db>> {
        let Value::Record(parent) = parent else {
            return Err(err(
                Code::E0406,
                format!(
                    "`extends` needs a record with a schema on its left, not {}",
                    parent.kind()
                ),
                op,
                "extended here",
            ));
        };
        let Some(schema) = self.schemas.get(&key(&parent)) else {
            return Err(err(
                Code::E0406,
                "the record on the left of `extends` has no schema",
                op,
                "extended here",
            )
            .with_help("give the parent layer its schema, as in `enterprise : Manifest`, so that its fields' rules are known"));
        };
        let (fields, open, ty, env, sites) = (
            schema.fields,
            schema.open,
            schema.ty,
            schema.env.clone(),
            schema.sites.clone(),
        );
        let Value::Record(child) = child else {
            return Err(err(
                Code::E0406,
                format!(
                    "the layer on the right of `extends` must be a record, not {}",
                    child.kind()
                ),
                child_site,
                "this layer",
            ));
        };
        let rt = RecordType {
            fields,
            open,
            ty,
            env: env.clone(),
        };
        let mut violations = Vec::new();
        let (merged, merged_sites) = self.layer(
            &parent,
            &sites,
            &rt,
            &child,
            child_site,
            &mut Vec::new(),
            &mut violations,
        )?;
        if let Some(first) = violations.first().cloned() {
            self.extra.extend(violations.into_iter().skip(1));
            return Err(Box::new(first));
        }
        // Check the result against the schema: types, refinements, unknown
        // fields; this also registers it for the next layer.
        let value = self.conform(Value::Record(Rc::new(merged)), ty, &env, child_site)?;
        if let Value::Record(r) = &value {
            if let Some(s) = self.schemas.get_mut(&key(r)) {
                for (k, history) in merged_sites {
                    s.sites.insert(k, history);
                }
            }
        }
        Ok(value)
    }

    /// Layers `child` over `parent` under the record type `rt`.
    #[allow(clippy::too_many_arguments)]
    fn layer(
        &mut self,
        parent: &Fields<'db>,
        parent_sites: &HashMap<Name, Vec<Site>>,
        rt: &RecordType<'db>,
        child: &Fields<'db>,
        child_site: Site,
        path: &mut Vec<Name>,
        violations: &mut Vec<Diagnostic>,
    ) -> R<(Fields<'db>, HashMap<Name, Vec<Site>>)> {
        let mut out = parent.clone();
        let mut sites = parent_sites.clone();
        for (name, c) in child.iter() {
            let at = super::types::thunk_site(c, child_site);
            let field = rt.fields.iter().find(|f| f.name == *name);
            let history = sites.entry(name.clone()).or_default();
            history.push(at);
            let Some(field) = field else {
                out.insert(name.clone(), c.clone());
                continue;
            };
            let Some(p) = parent.get(name).cloned() else {
                out.insert(name.clone(), c.clone());
                continue;
            };
            let parent_at = parent_sites.get(name).and_then(|h| h.last().copied());
            path.push(name.clone());
            let rule = Rule {
                field,
                env: &rt.env,
                parent_at,
                child_at: at,
            };
            match field.mode {
                Mode::Final => {
                    let (pv, cv) = (self.force(&p)?, self.force(c)?);
                    if !self.equal(&pv, &cv, at)? {
                        violations.push(self.violation(
                            Code::E0401,
                            format!(
                                "`{}` is final: a child layer may not change it",
                                dotted(path)
                            ),
                            format!("changed to {} here", brief(&cv)),
                            format!("keep {}, or leave the field out to inherit it", brief(&pv)),
                            &rule,
                        ));
                    }
                }
                Mode::Stronger { lower } => {
                    let (pv, cv) = (self.force(&p)?, self.force(c)?);
                    if let Some(help) = self.weaker(&field.ty, &rt.env, &pv, &cv, lower)? {
                        violations.push(self.violation(
                            Code::E0402,
                            format!(
                                "`{}` may only become stronger than {}",
                                dotted(path),
                                brief(&pv)
                            ),
                            format!("weakened to {} here", brief(&cv)),
                            help,
                            &rule,
                        ));
                    }
                }
                Mode::Subset => {
                    let (pv, cv) = (self.force(&p)?, self.force(c)?);
                    for (sub, extra) in self.outside(&pv, &cv, true, at)? {
                        let allowed = self.listing(&pv, &sub)?;
                        violations.push(self.violation(
                            Code::E0403,
                            format!("`{}` may only narrow the parent's list{sub}", dotted(path)),
                            format!("{extra} is not in the parent's list"),
                            format!("allowed: {allowed}"),
                            &rule,
                        ));
                    }
                }
                Mode::Append => {
                    let (pv, cv) = (self.force(&p)?, self.force(c)?);
                    for (sub, missing) in self.outside(&cv, &pv, false, at)? {
                        violations.push(
                            self.violation(
                                Code::E0404,
                                format!(
                                    "`{}` may only be extended: the parent's items stay{sub}",
                                    dotted(path)
                                ),
                                format!("{missing} of the parent is missing here"),
                                "keep every item of the parent's list and add new ones after them"
                                    .to_string(),
                                &rule,
                            ),
                        );
                    }
                }
                Mode::Required | Mode::Override => {}
            }
            // Nested records layer field by field under their own rules.
            let nested = match self.record_type(&field.ty, &rt.env)? {
                Some(nested_rt) => match (self.force(&p)?, self.force(c)?) {
                    (Value::Record(pr), Value::Record(cr)) => {
                        let nested_sites = self
                            .schemas
                            .get(&key(&pr))
                            .map(|s| s.sites.clone())
                            .unwrap_or_default();
                        let (merged, merged_sites) =
                            self.layer(&pr, &nested_sites, &nested_rt, &cr, at, path, violations)?;
                        let merged = Rc::new(merged);
                        self.register_schema(
                            &merged,
                            nested_rt.fields,
                            nested_rt.open,
                            nested_rt.ty,
                            &nested_rt.env,
                            merged_sites,
                        );
                        Some(Thunk::ready(Value::Record(merged)))
                    }
                    _ => None,
                },
                None => None,
            };
            path.pop();
            out.insert(name.clone(), nested.unwrap_or_else(|| c.clone()));
        }
        // A hole is filled once: the layer after the one that left it must
        // set it, and later layers inherit it (so a layer may be split).
        for field in rt.fields.iter().filter(|f| f.mode == Mode::Required) {
            if !child.contains_key(&field.name) && !parent.contains_key(&field.name) {
                path.push(field.name.clone());
                let doc = field
                    .doc
                    .as_ref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                violations.push(
                    Diagnostic::error(
                        Code::E0405,
                        format!(
                            "`{}` is a hole the parent leaves: this layer must set it",
                            dotted(path)
                        ),
                        Label::new(
                            child_site.file,
                            child_site.span,
                            format!("this layer does not set `{}`", field.name),
                        ),
                    )
                    .with_label(Label::new(
                        rt.env.file,
                        field.span,
                        format!("declared `required` here{doc}"),
                    ))
                    .with_help(format!("add `{} = …` to this layer", dotted(path))),
                );
                path.pop();
            }
        }
        Ok((out, sites))
    }

    fn violation(
        &self,
        code: Code,
        message: String,
        breach: String,
        help: String,
        rule: &Rule<'_, 'db>,
    ) -> Diagnostic {
        let mut d = Diagnostic::error(
            code,
            message,
            Label::new(rule.child_at.file, rule.child_at.span, breach),
        )
        .with_label(Label::new(
            rule.env.file,
            rule.field.span,
            format!("declared `{}` in the schema here", rule.field.mode.text()),
        ));
        if let Some(p) = rule.parent_at {
            d = d.with_label(Label::new(p.file, p.span, "the parent layer sets it here"));
        }
        d.with_help(help)
    }

    /// `Some(help)` when `child` is weaker than `parent` for a field of type `ty`.
    fn weaker(
        &mut self,
        ty: &'db TypeNode,
        env: &Env<'db>,
        parent: &Value<'db>,
        child: &Value<'db>,
        lower: bool,
    ) -> R<Option<String>> {
        let ty = match &ty.kind {
            TypeNodeKind::Ref(node) => match self.eval(node, env)? {
                Value::Type(t) => {
                    let (node, env) = (t.node, t.env.clone());
                    return self.weaker(node, &env, parent, child, lower);
                }
                _ => ty,
            },
            TypeNodeKind::Optional(inner) | TypeNodeKind::Refined { base: inner, .. } => {
                return self.weaker(inner, env, parent, child, lower)
            }
            _ => ty,
        };
        Ok(match (&ty.kind, parent, child) {
            // Unsetting a policy the parent set weakens it.
            (_, p, Value::Null) if !matches!(p, Value::Null) => {
                Some(format!("allowed: {} or stronger", brief(p)))
            }
            (TypeNodeKind::Enum { tags, .. }, Value::Text(p), Value::Text(c)) => {
                let rank = |t: &str| tags.iter().position(|tag| &*tag.name == t);
                match (rank(p), rank(c)) {
                    (Some(pr), Some(cr)) if cr < pr => {
                        let allowed: Vec<String> =
                            tags[pr..].iter().map(|t| t.name.to_string()).collect();
                        Some(format!("allowed: {}", super::preview(&allowed)))
                    }
                    _ => None,
                }
            }
            (_, Value::Bool(true), Value::Bool(false)) => Some("allowed: `true`".to_string()),
            (_, p @ (Value::Int(_) | Value::Float(_)), c @ (Value::Int(_) | Value::Float(_))) => {
                let (p, c) = (super::ops::as_f64(p), super::ops::as_f64(c));
                if (!lower && c < p) || (lower && c > p) {
                    let bound = if lower { "at most" } else { "at least" };
                    Some(format!("allowed: {bound} {}", brief(parent)))
                } else {
                    None
                }
            }
            _ if matches!(ty.kind, TypeNodeKind::Prim(Prim::Dynamic)) => None,
            _ => None,
        })
    }

    /// The items of `inner` that `outer` lacks: for lists, one entry; for
    /// records of lists, per key (a key `outer` lacks is unrestricted when
    /// `unrestricted_missing`). Each entry: (" in `key`", items shown).
    fn outside(
        &mut self,
        outer: &Value<'db>,
        inner: &Value<'db>,
        unrestricted_missing: bool,
        site: Site,
    ) -> R<Vec<(String, String)>> {
        match (outer, inner) {
            (Value::List(o), Value::List(i)) => {
                let mut missing = Vec::new();
                for x in i.iter() {
                    let xv = self.force(x)?;
                    let mut found = false;
                    for y in o.iter() {
                        let yv = self.force(y)?;
                        if self.equal(&xv, &yv, site)? {
                            found = true;
                            break;
                        }
                    }
                    if !found {
                        missing.push(brief(&xv));
                    }
                }
                Ok(if missing.is_empty() {
                    Vec::new()
                } else {
                    vec![(String::new(), missing.join(", "))]
                })
            }
            (Value::Record(o), Value::Record(i)) => {
                let mut out = Vec::new();
                for (k, iv) in i.iter() {
                    let Some(ov) = o.get(k) else {
                        if !unrestricted_missing {
                            out.push((format!(" in `{k}`"), "all of it".to_string()));
                        }
                        continue;
                    };
                    let (ov, iv) = (self.force(ov)?, self.force(iv)?);
                    for (_, items) in self.outside(&ov, &iv, unrestricted_missing, site)? {
                        out.push((format!(" in `{k}`"), items));
                    }
                }
                Ok(out)
            }
            _ => Ok(Vec::new()),
        }
    }

    /// The parent's items, for the help of a subset violation.
    fn listing(&mut self, parent: &Value<'db>, sub: &str) -> R<String> {
        let list = match parent {
            Value::Record(r) => {
                let k = sub.trim_start_matches(" in `").trim_end_matches('`');
                match r.get(k) {
                    Some(t) => self.force(t)?,
                    None => return Ok("anything".to_string()),
                }
            }
            v => v.clone(),
        };
        let Value::List(items) = list else {
            return Ok(brief(&list));
        };
        let mut shown = Vec::new();
        for i in items.iter() {
            shown.push(brief(&self.force(i)?).trim_matches('`').to_string());
        }
        Ok(super::preview(&shown))
    }
}

struct Rule<'a, 'db> {
    field: &'db FieldTypeNode,
    env: &'a Env<'db>,
    parent_at: Option<Site>,
    child_at: Site,
}

fn dotted(path: &[Name]) -> String {
    path.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// A value in a message: `` `required` ``, `` `365` ``, `a list of 3 items`.
fn brief(v: &Value<'_>) -> String {
    match v {
        Value::Text(t) if t.chars().count() <= 40 => format!("`{t}`"),
        Value::Int(n) => format!("`{n}`"),
        Value::Float(x) => format!("`{}`", super::ops::float_text(*x)),
        Value::Bool(b) => format!("`{b}`"),
        Value::Null => "`null`".to_string(),
        Value::List(l) => format!("a list of {} items", l.len()),
        Value::Record(r) => format!("a record of {} fields", r.len()),
        other => other.kind().to_string(),
    }
}

/// What is known of one field of a record checked against a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldOrigin {
    /// Every place that set the field, oldest layer first.
    pub set_by: Vec<Site>,
    /// The field's mode and declaration, if the schema declares it.
    pub declared: Option<(crate::syntax::ast::Mode, Site, Option<Name>)>,
}

impl<'db> Evaluator<'db> {
    /// Where `key` of `record` was set, layer by layer, and the schema's rule
    /// for it; `None` if the record has no schema.
    pub fn field_origin(&self, record: &Rc<Fields<'db>>, key: &str) -> Option<FieldOrigin> {
        let schema = self.schemas.get(&self::key(record))?;
        let declared = schema.fields.iter().find(|f| &*f.name == key).map(|f| {
            (
                f.mode,
                Site {
                    file: schema.env.file,
                    span: f.span,
                },
                f.doc.clone(),
            )
        });
        Some(FieldOrigin {
            set_by: schema.sites.get(key).cloned().unwrap_or_default(),
            declared,
        })
    }
}
