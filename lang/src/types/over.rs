//! Layers laid `over` a field of an enclosing record (`manifest : Layer M
//! over enterprise`). Where a value of a record type that anchors such
//! layers is written literally, each layer is checked against the value it
//! will be laid over, under the schema's modes, before evaluation: a domain
//! written in its own file is judged against the enterprise the mesh lays
//! it over, at the domain's lines.

use super::layers::record_of;
use super::{Checker, Known, Ty};
use crate::resolve::ir::Name;

impl Checker<'_> {
    /// Checks every layer inside `known`, a value of the anchoring record
    /// type `ty`, against what it is laid over.
    pub(super) fn check_overs(&mut self, known: &Known, ty: &Ty) {
        self.overs_in(known, ty, &mut Vec::new());
    }

    /// `enclosing` holds the records around `known`, innermost last.
    fn overs_in<'k>(&mut self, known: &'k Known, ty: &Ty, enclosing: &mut Vec<&'k Known>) {
        stacker::maybe_grow(64 * 1024, 2 * 1024 * 1024, || match (known, ty.strip()) {
            (_, Ty::Optional(inner)) => self.overs_in(known, inner, enclosing),
            (Known::Record { fields, .. }, Ty::Record(rt)) => {
                enclosing.push(known);
                for (name, value) in fields.iter() {
                    let Some(field) = rt.fields.iter().find(|f| f.name == *name) else {
                        continue;
                    };
                    let parent = laid_over(enclosing, &field.over);
                    if let (Some(parent), Some(layer)) = (parent, record_of(&field.ty)) {
                        // Required fields are left to the layering itself,
                        // which may fill them (as the mesh fills a domain's
                        // `parent_manifest`).
                        self.check_layer(&layer, parent, value, &mut Vec::new(), false);
                    }
                    self.overs_in(value, &field.ty, enclosing);
                }
                enclosing.pop();
            }
            (Known::List { items, .. }, Ty::List(item)) => {
                for (_, value) in items.iter() {
                    self.overs_in(value, item, enclosing);
                }
            }
            (Known::Record { fields, .. }, Ty::Map(item)) => {
                for (_, value) in fields.iter() {
                    self.overs_in(value, item, enclosing);
                }
            }
            _ => {}
        })
    }
}

/// The value at `path` in the innermost of `enclosing` that has its first
/// name, if it is written literally.
fn laid_over<'k>(enclosing: &[&'k Known], path: &[Name]) -> Option<&'k Known> {
    let (first, rest) = path.split_first()?;
    let mut at = enclosing.iter().rev().find_map(|r| r.field(first))?;
    for name in rest {
        at = at.field(name)?;
    }
    Some(at)
}
