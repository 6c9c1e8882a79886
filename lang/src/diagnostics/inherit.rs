//! Facts of inheritance (`E04xx`): a child layer that breaks the mode a
//! schema gives a field, a hole left open, a layering that cannot be done.
//! Each is worded once, here.

use super::words::preview;
use super::{Code, Diagnostic, Fact, Label, Place, Words};
use crate::syntax::ast::Mode;

/// What a child layer may set instead of a weakened value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Allowed {
    /// The parent's value or a stronger one (the child unset it).
    OrStronger(String),
    /// The tags of an ordered enum from the parent's upward.
    Tags(Vec<String>),
    /// `true` (the parent set `true`).
    True,
    /// A number at most the parent's.
    AtMost(String),
    /// A number at least the parent's.
    AtLeast(String),
}

/// How a child's value breaks its field's mode. Values are shown briefly,
/// as Floe writes them (`` `365` ``, `a list of 3 items`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Breach {
    /// E0401: a `final` field changed.
    Final {
        /// The parent's value.
        parent: String,
        /// The child's value.
        child: String,
    },
    /// E0402: a `stronger` field weakened.
    Weakened {
        /// The parent's value.
        parent: String,
        /// The child's value.
        child: String,
        /// What the child may set.
        allowed: Allowed,
    },
    /// E0403: a `subset` list given items the parent's lacks.
    Widened {
        /// The key of the map of lists it is in, if it is in one.
        key: Option<String>,
        /// The items the parent's list lacks.
        extra: String,
        /// The parent's items, which the child may keep.
        allowed: Vec<String>,
    },
    /// E0404: an `append` list that drops the parent's items.
    Shortened {
        /// The key of the map of lists it is in, if it is in one.
        key: Option<String>,
        /// The parent's items missing.
        missing: String,
    },
}

impl Breach {
    /// The key of the map of lists the breach is in, if it is in one.
    pub fn key(&self) -> Option<&str> {
        match self {
            Breach::Widened { key, .. } | Breach::Shortened { key, .. } => key.as_deref(),
            Breach::Final { .. } | Breach::Weakened { .. } => None,
        }
    }

    fn code(&self) -> Code {
        match self {
            Breach::Final { .. } => Code::E0401,
            Breach::Weakened { .. } => Code::E0402,
            Breach::Widened { .. } => Code::E0403,
            Breach::Shortened { .. } => Code::E0404,
        }
    }
}

/// What went wrong, as data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum InheritError {
    /// E0401–E0404: a child layer breaks the field's mode.
    Breach {
        /// The field's dotted path.
        path: String,
        /// How.
        breach: Breach,
        /// The field's mode.
        mode: Mode,
        /// The child's value.
        child_at: Place,
        /// The field's declaration in the schema.
        declared_at: Option<Place>,
        /// The parent's value.
        parent_at: Option<Place>,
    },
    /// E0405: a `required` field a layer leaves unset.
    Hole {
        /// The field's dotted path.
        path: String,
        /// The field's name.
        field: String,
        /// The layer.
        layer_at: Place,
        /// Where the layer writes `null`, if it does.
        null_at: Option<Place>,
        /// The field's declaration.
        declared_at: Option<Place>,
        /// The field's doc comment.
        doc: Option<String>,
    },
    /// E0406: `extends` over something that is not a record.
    ParentNotRecord {
        /// What it is ("a list").
        kind: String,
        /// The `extends`.
        at: Place,
    },
    /// E0406: `extends` over a record with no schema.
    NoSchema {
        /// The `extends`.
        at: Place,
    },
    /// E0406: a layer that is not a record.
    LayerNotRecord {
        /// What it is.
        kind: String,
        /// The layer.
        at: Place,
    },
}

impl InheritError {
    /// The error code.
    pub fn code(&self) -> Code {
        match self {
            InheritError::Breach { breach, .. } => breach.code(),
            InheritError::Hole { .. } => Code::E0405,
            InheritError::ParentNotRecord { .. }
            | InheritError::NoSchema { .. }
            | InheritError::LayerNotRecord { .. } => Code::E0406,
        }
    }

    /// The diagnostic, worded.
    pub fn diagnostic(self) -> Diagnostic {
        let code = self.code();
        let d = |message: String, label: Label| Words::new(code, message, Some(label));
        let out = match &self {
            InheritError::Breach {
                path,
                breach,
                mode,
                child_at,
                declared_at,
                parent_at,
            } => {
                let in_key = |key: &Option<String>| {
                    key.as_ref()
                        .map(|k| format!(" in `{k}`"))
                        .unwrap_or_default()
                };
                let (message, label, help) = match breach {
                    Breach::Final { parent, child } => (
                        format!("`{path}` is final: a child layer may not change it"),
                        format!("changed to {child} here"),
                        format!("keep {parent}, or leave the field out to inherit it"),
                    ),
                    Breach::Weakened {
                        parent,
                        child,
                        allowed,
                    } => (
                        format!("`{path}` may only become stronger than {parent}"),
                        format!("weakened to {child} here"),
                        match allowed {
                            Allowed::OrStronger(p) => format!("allowed: {p} or stronger"),
                            Allowed::Tags(tags) => format!("allowed: {}", preview(tags)),
                            Allowed::True => "allowed: `true`".to_string(),
                            Allowed::AtMost(p) => format!("allowed: at most {p}"),
                            Allowed::AtLeast(p) => format!("allowed: at least {p}"),
                        },
                    ),
                    Breach::Widened {
                        key,
                        extra,
                        allowed,
                    } => (
                        format!(
                            "`{path}` may only narrow the parent's list{}",
                            in_key(key)
                        ),
                        format!("{extra} is not in the parent's list"),
                        format!("allowed: {}", preview(allowed)),
                    ),
                    Breach::Shortened { key, missing } => (
                        format!(
                            "`{path}` may only be extended: the parent's items stay{}",
                            in_key(key)
                        ),
                        format!("{missing} of the parent is missing here"),
                        "keep every item of the parent's list and add new ones after them"
                            .to_string(),
                    ),
                };
                let mut out = d(message, Label::at(*child_at, label));
                if let Some(at) = declared_at {
                    out = out.with_label(Label::at(
                        *at,
                        format!("declared `{}` in the schema here", mode.text()),
                    ));
                }
                if let Some(at) = parent_at {
                    out = out.with_label(Label::at(*at, "the parent layer sets it here"));
                }
                out.with_help(help)
            }
            InheritError::Hole {
                path,
                field,
                layer_at,
                null_at,
                declared_at,
                doc,
            } => {
                let mut out = match null_at {
                    Some(at) => d(
                        format!("`{path}` is required: `null` leaves it unset"),
                        Label::at(*at, format!("`null` here means `{field}` is not set")),
                    ),
                    None => d(
                        format!("`{path}` is a hole the parent leaves: this layer must set it"),
                        Label::at(*layer_at, format!("this layer does not set `{field}`")),
                    ),
                };
                if let Some(at) = declared_at {
                    let doc = doc.as_ref().map(|d| format!(" ({d})")).unwrap_or_default();
                    out = out.with_label(Label::at(*at, format!("declared `required` here{doc}")));
                }
                out.with_help(format!("set `{path} = …` to a value in this layer"))
            }
            InheritError::ParentNotRecord { kind, at } => d(
                format!("`extends` needs a record with a schema on its left, not {kind}"),
                Label::at(*at, "extended here"),
            ),
            InheritError::NoSchema { at } => d(
                "the record on the left of `extends` has no schema".into(),
                Label::at(*at, "extended here"),
            )
            .with_help("give the parent layer its schema, as in `enterprise : Manifest`, so that its fields' rules are known"),
            InheritError::LayerNotRecord { kind, at } => d(
                format!("the layer on the right of `extends` must be a record, not {kind}"),
                Label::at(*at, "this layer"),
            ),
        };
        out.with_fact(Fact::Inherit(self))
    }
}
