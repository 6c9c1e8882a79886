//! Layering: `parent extends child`. The parent is a record checked against
//! a record type (its schema); the child's fields replace the parent's under
//! the rules each field of the schema declares (`final`, `stronger`,
//! `subset`, `append`, `required`; override otherwise), nested records
//! layering field by field. Every violation is reported, each with the
//! parent's rule and value beside the child's breach; the result is checked
//! against the schema again, so it can itself be extended.

use std::collections::HashMap;
use std::rc::{Rc, Weak};

use super::output::to_data;
use super::value::{Env, Fields, Site, Thunk, Value};
use super::{Evaluator, R};
use crate::diagnostics::inherit::InheritError;
use crate::diagnostics::Diagnostic;
use crate::resolve::ir::{FieldTypeNode, Name, TypeNode, TypeNodeKind};
use crate::syntax::ast::Mode;
use crate::types::modes;

/// The schema a record was checked against, and where its fields were set.
pub(super) struct Schema<'db> {
    /// The record. A weak reference keeps its allocation, so that its
    /// address identifies it, without keeping it alive: records checked on
    /// the way to others (each layer of a chain) are freed when unused.
    pub record: Weak<Fields<'db>>,
    /// The record type.
    pub fields: &'db [FieldTypeNode],
    /// The whole type.
    pub ty: &'db TypeNode,
    /// Where the type was written.
    pub env: Env<'db>,
    /// For each field, every place that set it, oldest first.
    pub sites: Sites,
}

/// Where the fields of a record checked against a schema were set: one
/// entry per field and layer that set it, oldest first. A flat shared list
/// rather than a map of lists: a checked record has few fields, most are
/// never layered over, and a re-check shares its record's list.
#[derive(Clone, Default)]
pub(super) struct Sites(Rc<[(Name, Site)]>);

impl Sites {
    /// One entry per field of `record`, where its value was written.
    pub fn of(record: &Fields<'_>, fallback: Site) -> Sites {
        Sites(
            record
                .iter()
                .map(|(k, v)| (k.clone(), super::types::thunk_site(v, fallback)))
                .collect(),
        )
    }

    /// Every place that set `name`, oldest first.
    pub fn history<'a>(&'a self, name: &'a str) -> impl Iterator<Item = Site> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| &**k == name)
            .map(|(_, s)| *s)
    }

    /// The last place that set `name`.
    pub fn last(&self, name: &str) -> Option<Site> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| &**k == name)
            .map(|(_, s)| *s)
    }

    /// These sites with the histories of the fields `newer` names replaced
    /// by `newer`'s.
    fn replaced_by(&self, newer: &Sites) -> Sites {
        // A set only where a search of the list would cost more.
        let named: Option<std::collections::HashSet<&str>> =
            (newer.0.len() > 16).then(|| newer.0.iter().map(|(n, _)| &**n).collect());
        let replaced = |k: &Name| match &named {
            Some(set) => set.contains(&**k),
            None => newer.0.iter().any(|(n, _)| n == k),
        };
        Sites(
            self.0
                .iter()
                .filter(|(k, _)| !replaced(k))
                .chain(newer.0.iter())
                .cloned()
                .collect(),
        )
    }
}

fn key(record: &Rc<Fields<'_>>) -> usize {
    Rc::as_ptr(record) as usize
}

/// A record type as fields, seen through names.
struct RecordType<'db> {
    fields: &'db [FieldTypeNode],
    env: Env<'db>,
}

impl<'db> Evaluator<'db> {
    /// Remembers that `record` was checked against the record type `ty`.
    pub(super) fn register_schema(
        &mut self,
        record: &Rc<Fields<'db>>,
        fields: &'db [FieldTypeNode],
        ty: &'db TypeNode,
        env: &Env<'db>,
        sites: Sites,
    ) {
        self.checked_any = true;
        // Entries of freed records are dropped once the table has doubled
        // since the last sweep, which keeps the sweeps' cost linear.
        if self.schemas.len() >= self.schemas_swept_at {
            self.schemas.retain(|_, s| s.record.strong_count() > 0);
            self.schemas_swept_at = (2 * self.schemas.len()).max(1024);
        }
        self.schemas.insert(
            key(record),
            Schema {
                record: Rc::downgrade(record),
                fields,
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

    /// Whether `record` was checked against `ty` written in `env` (the
    /// same type node under the same bindings).
    pub(super) fn checked_as(
        &self,
        record: &Rc<Fields<'db>>,
        ty: &TypeNode,
        env: &Env<'db>,
    ) -> bool {
        self.schemas
            .get(&key(record))
            .is_some_and(|s| std::ptr::eq(s.ty, ty) && Rc::ptr_eq(&s.env, env))
    }

    /// Where each field of `record` was set, if it was checked against a
    /// record type.
    pub(super) fn schema_sites(&self, record: &Rc<Fields<'db>>) -> Option<Sites> {
        self.schemas.get(&key(record)).map(|s| s.sites.clone())
    }

    /// The record type behind `ty` (following names), if it is one.
    fn record_type(&mut self, ty: &'db TypeNode, env: &Env<'db>) -> R<Option<RecordType<'db>>> {
        match &ty.kind {
            TypeNodeKind::Record { fields, .. } => Ok(Some(RecordType {
                fields,
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
            return Err(InheritError::ParentNotRecord {
                kind: parent.kind().to_string(),
                at: op,
            }
            .into());
        };
        let Some(schema) = self.schemas.get(&key(&parent)) else {
            return Err(InheritError::NoSchema { at: op }.into());
        };
        let (fields, ty, env, sites) = (
            schema.fields,
            schema.ty,
            schema.env.clone(),
            schema.sites.clone(),
        );
        let Value::Record(child) = child else {
            return Err(InheritError::LayerNotRecord {
                kind: child.kind().to_string(),
                at: child_site,
            }
            .into());
        };
        let rt = RecordType {
            fields,
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
        // Every breach is reported; a field that breaks its rule keeps the
        // parent's value and the rest of the layer goes on, so that the
        // schema's refinements judge the layer without the breach.
        self.extra.extend(violations);
        // Check the result against the schema: types, refinements, unknown
        // fields; this also registers it for the next layer.
        let value = self.conform(Value::Record(Rc::new(merged)), ty, &env, child_site)?;
        if let Value::Record(r) = &value {
            self.set_sites(r, merged_sites);
        }
        Ok(value)
    }

    /// Layers `child` over `parent` under the record type `rt`.
    #[allow(clippy::too_many_arguments)]
    fn layer(
        &mut self,
        parent: &Fields<'db>,
        parent_sites: &Sites,
        rt: &RecordType<'db>,
        child: &Fields<'db>,
        child_site: Site,
        path: &mut Vec<Name>,
        violations: &mut Vec<Diagnostic>,
    ) -> R<(Fields<'db>, Sites)> {
        let mut out = parent.clone();
        let mut sites: Vec<(Name, Site)> = parent_sites.0.to_vec();
        for (name, c) in child.iter() {
            let at = super::types::thunk_site(c, child_site);
            let field = rt.fields.iter().find(|f| f.name == *name);
            sites.push((name.clone(), at));
            let Some(field) = field else {
                out.insert(name.clone(), c.clone());
                continue;
            };
            let Some(p) = parent.get(name).cloned() else {
                out.insert(name.clone(), c.clone());
                continue;
            };
            let parent_at = parent_sites.last(name);
            path.push(name.clone());
            let before = violations.len();
            let layered = self.layer_field(field, rt, &p, c, at, parent_at, path, violations);
            path.pop();
            // A field whose layer breaks its rule keeps the parent's value:
            // the breach fails the run, and what else the layer does is
            // judged as if the breach had not been written.
            let layered = match layered? {
                Some(value) => value,
                None if violations.len() > before => p.clone(),
                None => c.clone(),
            };
            out.insert(name.clone(), layered);
        }
        // A hole is filled once: the layer after the one that left it must
        // set it, and later layers inherit it (so a layer may be split).
        // `null` in a required field means "not set", whoever wrote it.
        for field in rt.fields.iter().filter(|f| f.mode == Mode::Required) {
            let written = child.get(&field.name);
            let null_at = written.map(|v| super::types::thunk_site(v, child_site));
            let set = match written.or_else(|| parent.get(&field.name)) {
                Some(v) => !matches!(self.force(v)?, Value::Null),
                None => false,
            };
            if !set {
                path.push(field.name.clone());
                let hole = modes::hole(
                    &dotted(path),
                    &field.name,
                    child_site,
                    null_at,
                    Some(Site::anchor(rt.env.file, field.at)),
                    field.doc.as_deref(),
                );
                out.insert(field.name.clone(), Thunk::failed(hole.clone()));
                violations.push(hole);
                path.pop();
            }
        }
        Ok((out, Sites(sites.into())))
    }

    /// Layers the child's value `c` of `field` over the parent's `p`: the
    /// child's value is checked against the field's type before the field's
    /// rule compares it, and a nested record is layered field by field and
    /// checked whole against the field's type. A breach is added to
    /// `violations`; the result is the layered value, if it differs from
    /// `c`, or after a breach the value layering goes on with (`None`: the
    /// parent's).
    #[allow(clippy::too_many_arguments)]
    fn layer_field(
        &mut self,
        field: &'db FieldTypeNode,
        rt: &RecordType<'db>,
        p: &Thunk<'db>,
        c: &Thunk<'db>,
        at: Site,
        parent_at: Option<Site>,
        path: &mut Vec<Name>,
        violations: &mut Vec<Diagnostic>,
    ) -> R<Option<Thunk<'db>>> {
        let mut result = None;
        if field.mode.compares_values() {
            // A value of the wrong type is a type error, never compared.
            let Some(value) = self.child_value(c, violations)? else {
                return Ok(None);
            };
            let value = match self.conform(value, &field.ty, &rt.env, at) {
                Ok(v) => Thunk::ready(v),
                Err(d) => {
                    violations.push(*d);
                    return Ok(None);
                }
            };
            // A map of allow-lists narrows per key: a key the child leaves
            // out keeps the parent's list (leaving it out cannot widen it).
            let value = match (field.mode, self.force(p)?, self.force(&value)?) {
                (Mode::Subset, Value::Record(pr), Value::Record(cr)) => {
                    let mut merged = (*pr).clone();
                    for (k, v) in cr.iter() {
                        merged.insert(k.clone(), v.clone());
                    }
                    Thunk::ready(Value::Record(Rc::new(merged)))
                }
                _ => value,
            };
            // Where each key of a map was written, before forcing forgets it.
            let key_sites: HashMap<Name, Site> = match self.force(&value)? {
                Value::Record(fields) => fields
                    .iter()
                    .filter_map(|(k, t)| super::types::written_at(t).map(|s| (k.clone(), s)))
                    .collect(),
                _ => HashMap::new(),
            };
            let (pd, cd) = (to_data(self, p, at)?, to_data(self, &value, at)?);
            let order = self.enum_order(&field.ty, &rt.env)?;
            let breaches = modes::breaches(field.mode, order.as_deref(), &pd, &cd);
            if !breaches.is_empty() {
                // Layering goes on as if the breach had not been written: a
                // map keeps the child's sound keys and the parent's list for
                // each key that breaks the rule; anything else the parent's
                // value.
                let broken: Vec<Name> = breaches
                    .iter()
                    .filter_map(|b| b.key())
                    .map(Name::from)
                    .collect();
                let recovered = match (self.force(p)?, self.force(&value)?) {
                    (Value::Record(pr), Value::Record(vr)) if broken.len() == breaches.len() => {
                        let mut kept = (*vr).clone();
                        for key in &broken {
                            match pr.get(key) {
                                Some(parent) => kept.insert(key.clone(), parent.clone()),
                                None => kept.shift_remove(key),
                            };
                        }
                        Thunk::ready(Value::Record(Rc::new(kept)))
                    }
                    _ => p.clone(),
                };
                result = Some(recovered);
            }
            for breach in breaches {
                // A breach in one key of a map is the key's, where it is written.
                let here = breach
                    .key()
                    .and_then(|k| key_sites.get(k).copied())
                    .unwrap_or(at);
                violations.push(modes::diagnostic(
                    breach,
                    &dotted(path),
                    field.mode,
                    here,
                    Some(Site::anchor(rt.env.file, field.at)),
                    parent_at,
                ));
            }
            if result.is_some() {
                return Ok(result);
            }
            result = Some(value);
        }
        // Nested records layer field by field under their own rules.
        let Some(nested_rt) = self.record_type(&field.ty, &rt.env)? else {
            return Ok(result);
        };
        let Some(child) = self.child_value(c, violations)? else {
            return Ok(None);
        };
        let (Value::Record(pr), Value::Record(cr)) = (self.force(p)?, child) else {
            return Ok(result);
        };
        let nested_sites = self.schema_sites(&pr).unwrap_or_default();
        let before = violations.len();
        let (merged, merged_sites) =
            self.layer(&pr, &nested_sites, &nested_rt, &cr, at, path, violations)?;
        if violations.len() > before {
            return Ok(None);
        }
        // The layered record is checked like any value of the field: its
        // unknown fields, types and refinements, whatever the parent set.
        match self.conform(Value::Record(Rc::new(merged)), &field.ty, &rt.env, at) {
            Ok(value) => {
                if let Value::Record(r) = &value {
                    self.set_sites(r, merged_sites);
                }
                Ok(Some(Thunk::ready(value)))
            }
            Err(d) => {
                violations.push(*d);
                Ok(None)
            }
        }
    }

    /// The child's value of a field; a failure to compute it (its check
    /// against the layer's type, as a rule) is a breach of that field, and
    /// the other fields are layered on.
    fn child_value(
        &mut self,
        c: &Thunk<'db>,
        violations: &mut Vec<Diagnostic>,
    ) -> R<Option<Value<'db>>> {
        match self.force(c) {
            Ok(value) => Ok(Some(value)),
            Err(d) if !super::output::ends_the_run(&d) => {
                violations.push(*d);
                Ok(None)
            }
            Err(d) => Err(d),
        }
    }

    /// `drop_nulls x`: `x` without null record fields at every depth. A
    /// record that was checked against a schema gives one registered with
    /// the same schema and the same history, so that `explain` still
    /// knows who set what in a written document. A field whose value
    /// fails is kept as it is, so that the failure is reported in place.
    pub(super) fn drop_nulls(&mut self, x: Value<'db>, site: Site) -> R<Value<'db>> {
        // A record may hold itself (`let r = { a = r }`): each level counts
        // against the depth limit, like any recursion.
        self.nested(site, |ev| ev.drop_nulls_here(x, site))
    }

    fn drop_nulls_here(&mut self, x: Value<'db>, site: Site) -> R<Value<'db>> {
        let kept = |ev: &mut Self, t: &Thunk<'db>| -> R<Option<Thunk<'db>>> {
            match ev.force(t) {
                Ok(Value::Null) => Ok(None),
                Ok(v @ (Value::Record(_) | Value::List(_))) => {
                    Ok(Some(Thunk::ready(ev.drop_nulls(v, site)?)))
                }
                Ok(_) => Ok(Some(t.clone())),
                Err(d) if super::output::ends_the_run(&d) => Err(d),
                Err(_) => Ok(Some(t.clone())),
            }
        };
        Ok(match x {
            Value::Record(fields) => {
                let mut out = Fields::with_capacity_and_hasher(fields.len(), Default::default());
                for (k, v) in fields.iter() {
                    if let Some(t) = kept(self, v)? {
                        out.insert(k.clone(), t);
                    }
                }
                let out = Rc::new(out);
                if let Some(schema) = self.schemas.get(&key(&fields)) {
                    let (f, ty, env) = (schema.fields, schema.ty, schema.env.clone());
                    let sites = schema.sites.clone();
                    self.register_schema(&out, f, ty, &env, sites);
                }
                Value::Record(out)
            }
            Value::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match self.force(item) {
                        Ok(v @ (Value::Record(_) | Value::List(_))) => {
                            out.push(Thunk::ready(self.drop_nulls(v, site)?))
                        }
                        Err(d) if super::output::ends_the_run(&d) => return Err(d),
                        _ => out.push(item.clone()),
                    }
                }
                Value::List(Rc::new(out))
            }
            other => other,
        })
    }

    /// Records where each field of `record`, checked against a schema, was
    /// set, layer by layer.
    fn set_sites(&mut self, record: &Rc<Fields<'db>>, sites: Sites) {
        if let Some(s) = self.schemas.get_mut(&key(record)) {
            s.sites = s.sites.replaced_by(&sites);
        }
    }

    /// The tags of an ordered enum field (through names, `?` and
    /// refinements), which `stronger` ranks by.
    fn enum_order(&mut self, ty: &'db TypeNode, env: &Env<'db>) -> R<Option<Vec<Name>>> {
        match &ty.kind {
            TypeNodeKind::Enum {
                tags,
                ordered: true,
            } => Ok(Some(tags.iter().map(|t| t.name.clone()).collect())),
            TypeNodeKind::Ref(node) => match self.eval(node, env)? {
                Value::Type(t) => {
                    let (node, env) = (t.node, t.env.clone());
                    self.enum_order(node, &env)
                }
                _ => Ok(None),
            },
            TypeNodeKind::Optional(inner) | TypeNodeKind::Refined { base: inner, .. } => {
                self.enum_order(inner, env)
            }
            _ => Ok(None),
        }
    }
}

fn dotted(path: &[Name]) -> String {
    path.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// What is known of one field of a record checked against a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldOrigin {
    /// Every place that set the field, oldest layer first.
    pub set_by: Vec<Site>,
    /// The field's mode and declaration, if the schema declares it.
    pub declared: Option<(crate::syntax::ast::Mode, Site, Option<Name>)>,
    /// Where the schema writes the field's default, if it has one.
    pub default: Option<Site>,
}

impl<'db> Evaluator<'db> {
    /// Where `key` of `record` was set, layer by layer, and the schema's rule
    /// for it; `None` if the record has no schema.
    pub fn field_origin(&self, record: &Rc<Fields<'db>>, key: &str) -> Option<FieldOrigin> {
        let schema = self.schemas.get(&self::key(record))?;
        let field = schema.fields.iter().find(|f| &*f.name == key);
        let default = field
            .and_then(|f| f.default.as_ref())
            .map(|d| Site::anchor(schema.env.file, d.at));
        let declared = field.map(|f| (f.mode, Site::anchor(schema.env.file, f.at), f.doc.clone()));
        Some(FieldOrigin {
            set_by: schema.sites.history(key).collect(),
            declared,
            default,
        })
    }
}
