//! Facts of the type checker and of the checks evaluation makes against
//! types (`E03xx`), each worded once, here.

use super::words::{preview, suggest};
use super::{Code, Diagnostic, Fact, Label, Place, Words};

/// One way a record's type differs from the one expected, at a dotted path
/// inside the record.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldProblem {
    /// The field has a value of the wrong type.
    Wrong {
        /// The dotted path of the field.
        path: String,
        /// What it is ("an integer").
        found: String,
        /// The type expected.
        expected: String,
    },
    /// A required field is absent.
    Missing {
        /// The dotted path of the field.
        path: String,
    },
    /// A field the expected type does not have.
    Unknown {
        /// The dotted path of the field.
        path: String,
    },
}

impl FieldProblem {
    /// The same problem one record further out, under the field `name`.
    pub fn under(self, name: &str) -> FieldProblem {
        let nest = |path: String| format!("{name}.{path}");
        match self {
            FieldProblem::Wrong {
                path,
                found,
                expected,
            } => FieldProblem::Wrong {
                path: nest(path),
                found,
                expected,
            },
            FieldProblem::Missing { path } => FieldProblem::Missing { path: nest(path) },
            FieldProblem::Unknown { path } => FieldProblem::Unknown { path: nest(path) },
        }
    }

    fn words(&self) -> String {
        match self {
            FieldProblem::Wrong {
                path,
                found,
                expected,
            } => format!("`{path}` is {found}, not `{expected}`"),
            FieldProblem::Missing { path } => format!("missing field `{path}`"),
            FieldProblem::Unknown { path } => format!("unknown field `{path}`"),
        }
    }
}

/// One problem of a record checked against a record type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RecordProblem {
    /// E0303: a field the type does not have.
    Unknown {
        /// The field.
        field: String,
        /// The type, when it has a name worth showing.
        of: Option<String>,
        /// The type's field closest to it, if it is close enough.
        suggestion: Option<String>,
        /// Where the field is written.
        at: Place,
    },
    /// E0302: a required field the record lacks.
    Missing {
        /// The field.
        field: String,
        /// The field's doc comment.
        doc: Option<String>,
        /// Where the type declares it.
        at: Place,
    },
}

impl RecordProblem {
    fn code(&self) -> Code {
        match self {
            RecordProblem::Unknown { .. } => Code::E0303,
            RecordProblem::Missing { .. } => Code::E0302,
        }
    }

    fn headline(&self) -> String {
        match self {
            RecordProblem::Unknown { field, .. } => format!("unknown field `{field}`"),
            RecordProblem::Missing { field, .. } => format!("missing field `{field}`"),
        }
    }

    fn label(&self) -> Label {
        match self {
            RecordProblem::Unknown {
                field,
                of,
                suggestion,
                at,
            } => {
                let of = of
                    .as_deref()
                    .map_or("the type".to_string(), |t| format!("`{t}`"));
                let hint = match suggestion {
                    Some(s) => format!("`{field}` is not a field of {of}; did you mean `{s}`?"),
                    None => format!("`{field}` is not a field of {of}"),
                };
                Label::at(*at, hint)
            }
            RecordProblem::Missing { field, doc, at } => {
                let doc = doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default();
                Label::at(*at, format!("`{field}` is required here{doc}"))
            }
        }
    }
}

/// What went wrong, as data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeError {
    /// E0301: a value of another type than the one required.
    Mismatch {
        /// The type required, as text.
        expected: String,
        /// What was found ("an integer").
        found: String,
        /// The value.
        at: Place,
        /// The type, when it is written somewhere else than the value.
        type_at: Option<Place>,
        /// How the record found differs from the record expected.
        problems: Vec<FieldProblem>,
        /// The record type expected, briefly, when a record is expected
        /// and something else was found.
        shape: Option<String>,
    },
    /// E0301: text that is none of an enum's tags.
    NotAllowed {
        /// The text.
        value: String,
        /// The enum type, as text.
        expected: String,
        /// The value.
        at: Place,
        /// The enum's tags.
        type_at: Place,
        /// The tags.
        allowed: Vec<String>,
        /// The tag closest to the value, if it is close enough.
        suggestion: Option<String>,
    },
    /// E0302 and E0303: a record that does not match its record type, with
    /// every problem; coded by the first.
    Record {
        /// The record.
        record: Place,
        /// The type, as text.
        expected: String,
        /// Each problem, unknown fields first.
        problems: Vec<RecordProblem>,
        /// Whether the type allows other fields.
        open: bool,
    },
    /// E0304: something used as a type that is not one.
    NotAType {
        /// The name it is referred to by.
        name: String,
        /// What it is ("a function").
        kind: String,
        /// Where it is used as a type.
        at: Place,
    },
    /// E0305: a type applied to the wrong number of arguments.
    Arity {
        /// The type.
        name: String,
        /// What it takes ("one type argument").
        wanted: String,
        /// How many it was given.
        given: usize,
        /// The type written.
        at: Place,
    },
    /// E0305: a `Map` with keys other than `Text`.
    MapKey {
        /// The key type.
        at: Place,
    },
    /// E0305: `over` on a field whose type is not a layer.
    NotALayer {
        /// The dotted path it is laid over.
        path: String,
        /// The field's `over` clause.
        at: Place,
        /// The field's type.
        type_at: Place,
    },
    /// E0305: `stronger` on a type with no order.
    NoOrder {
        /// The type, as text.
        ty: String,
        /// Where it is written.
        at: Place,
        /// The tags, when the type is an enum whose order is not written.
        tags: Option<String>,
    },
    /// E0306: a value, known before evaluation, that its refinement refuses.
    Refused {
        /// The refinement as written.
        rule: String,
        /// The value.
        at: Place,
        /// The refinement.
        rule_at: Place,
    },
    /// E0306: a part of a value that its refinement refuses.
    PartRefused {
        /// The part's path.
        part: String,
        /// The refinement, worded ("`between 1 10`").
        rule: String,
        /// What the refinement says.
        message: String,
        /// Where the part is set.
        at: Place,
        /// Other parts the problem involves, and where they are set.
        related: Vec<(String, Place)>,
        /// The refinement.
        rule_at: Place,
    },
    /// E0306: a value its refinement refuses, with each problem it names.
    ValueRefused {
        /// The value, briefly.
        shown: String,
        /// The refinement, worded.
        rule: String,
        /// What the refinement says, one item per problem.
        problems: Vec<String>,
        /// The value.
        at: Place,
        /// The refinement.
        rule_at: Place,
    },
    /// E0307: types defined only by each other.
    SelfDefined {
        /// For each reference of the cycle: the type that refers, the type
        /// referred to, and where.
        links: Vec<(String, String, Place)>,
    },
}

impl TypeError {
    /// The error code.
    pub fn code(&self) -> Code {
        match self {
            TypeError::Mismatch { .. } | TypeError::NotAllowed { .. } => Code::E0301,
            TypeError::Record { problems, .. } => {
                problems.first().map_or(Code::E0302, RecordProblem::code)
            }
            TypeError::NotAType { .. } => Code::E0304,
            TypeError::Arity { .. }
            | TypeError::MapKey { .. }
            | TypeError::NotALayer { .. }
            | TypeError::NoOrder { .. } => Code::E0305,
            TypeError::Refused { .. }
            | TypeError::PartRefused { .. }
            | TypeError::ValueRefused { .. } => Code::E0306,
            TypeError::SelfDefined { .. } => Code::E0307,
        }
    }

    /// Whether every problem is a field the type does not have: such a
    /// record is reported and evaluation goes on without those fields.
    pub fn only_unknown_fields(&self) -> bool {
        match self {
            TypeError::Record { problems, .. } => problems
                .iter()
                .all(|p| matches!(p, RecordProblem::Unknown { .. })),
            _ => false,
        }
    }

    /// The diagnostic, worded.
    pub fn diagnostic(self) -> Diagnostic {
        let code = self.code();
        let d = |message: String, label: Label| Words::new(code, message, Some(label));
        let refinement = |rule_at: &Place| Label::at(*rule_at, "required by this refinement");
        let out = match &self {
            TypeError::Mismatch {
                expected,
                found,
                at,
                type_at,
                problems,
                shape,
            } => {
                let mut out = d(
                    format!("expected `{expected}`, found {found}"),
                    Label::at(*at, format!("this is {found}")),
                );
                if let Some(type_at) = type_at {
                    out = out.with_label(Label::at(
                        *type_at,
                        format!("expected `{expected}` because of this type"),
                    ));
                }
                for p in problems {
                    out = out.with_note(p.words());
                }
                match shape {
                    Some(shape) if shape == expected => {
                        out.with_help(format!("write a record: `{shape}`"))
                    }
                    Some(shape) => out.with_help(format!("`{expected}` is a record: write `{shape}`")),
                    None => out,
                }
            }
            TypeError::NotAllowed {
                value,
                expected,
                at,
                type_at,
                allowed,
                suggestion,
            } => d(
                format!("`{value}` is not one of the values `{expected}` allows"),
                Label::at(*at, format!("`{value}` is not allowed here")),
            )
            .with_label(Label::at(*type_at, "the allowed values are listed here"))
            .with_help(suggest(
                suggestion.as_deref(),
                format!("allowed: {}", preview(allowed)),
            )),
            TypeError::Record {
                record,
                expected,
                problems,
                open,
            } => {
                let message = match problems.as_slice() {
                    [one] => format!("the record does not match `{expected}`: {}", one.headline()),
                    many => format!(
                        "the record does not match `{expected}`: {} problems",
                        many.len()
                    ),
                };
                let mut labels = problems.iter().map(RecordProblem::label);
                // An unknown field is the user's mistake where it is
                // written, so it is the primary label and the record a
                // secondary one; a missing field is the record's.
                let mut out = if code == Code::E0303 {
                    Words::new(code, message, labels.next())
                        .with_label(Label::at(*record, "in this record"))
                } else {
                    d(message, Label::at(*record, "this record"))
                };
                for label in labels {
                    out = out.with_label(label);
                }
                if code == Code::E0302 {
                    out.with_help("add the missing fields, or give them defaults in the type")
                } else if !open {
                    out.with_help(
                        "remove the fields the type does not have, or add `..` to the type to allow others",
                    )
                } else {
                    out
                }
            }
            TypeError::NotAType { name, kind, at } => d(
                format!("`{name}` is {kind}, not a type"),
                Label::at(*at, "used as a type here"),
            )
            .with_help("types are defined with `let type Name = …`"),
            TypeError::Arity {
                name,
                wanted,
                given,
                at,
            } => d(
                format!("`{name}` takes {wanted}, but was given {given}"),
                Label::at(*at, "in this type"),
            )
            .with_help("`List T` is a list of `T`; `Map Text T` a record whose fields all have type `T`"),
            TypeError::MapKey { at } => d(
                "the keys of a `Map` are always `Text`".into(),
                Label::at(*at, "write `Text` here"),
            ),
            TypeError::NotALayer { path, at, type_at } => d(
                format!("only a layer can be laid over `{path}`"),
                Label::at(*at, "this field is laid over another"),
            )
            .with_label(Label::at(*type_at, "but its type is not `Layer T`"))
            .with_help(format!(
                "write the field's type as `Layer T over {path}`, or leave `over` out"
            )),
            TypeError::NoOrder { ty, at, tags } => d(
                format!("`stronger` needs an order, and `{ty}` has none"),
                Label::at(*at, "this type has no order"),
            )
            .with_help(match tags {
                Some(tags) => format!("write the tags weakest first, separated by `<`: `{tags}`"),
                None => "`stronger` applies to ordered enums (`\"optional\" < \"required\"`), booleans and numbers".to_string(),
            }),
            TypeError::Refused { rule, at, rule_at } => d(
                format!("this value does not satisfy `{rule}`"),
                Label::at(*at, "this value"),
            )
            .with_label(refinement(rule_at)),
            TypeError::PartRefused {
                part,
                rule,
                message,
                at,
                related,
                rule_at,
            } => {
                let mut out = d(
                    format!("`{part}` does not satisfy {rule}: {message}"),
                    Label::at(*at, format!("`{part}` is set here")),
                );
                for (other, at) in related {
                    out = out.with_label(Label::at(*at, format!("`{other}` is set here")));
                }
                out.with_label(refinement(rule_at))
            }
            TypeError::ValueRefused {
                shown,
                rule,
                problems,
                at,
                rule_at,
            } => {
                let message = match problems.as_slice() {
                    [] => format!("{shown} does not satisfy {rule}"),
                    [one] => format!("{shown} does not satisfy {rule}: {one}"),
                    many => format!("{shown} does not satisfy {rule}: {} problems", many.len()),
                };
                let mut out = d(message, Label::at(*at, format!("this is {shown}")))
                    .with_label(refinement(rule_at));
                if problems.len() > 1 {
                    for p in problems {
                        out = out.with_note(p.clone());
                    }
                }
                out
            }
            TypeError::SelfDefined { links } => {
                let message = match links.as_slice() {
                    [(_, name, _)] => format!("the type `{name}` is defined as itself"),
                    _ => {
                        let names: Vec<String> =
                            links.iter().map(|(r, _, _)| format!("`{r}`")).collect();
                        format!("the types {} are defined only by each other", names.join(", "))
                    }
                };
                let mut labels = links.iter().map(|(referrer, name, at)| {
                    Label::at(*at, format!("`{referrer}` refers to `{name}` here"))
                });
                let mut out = Words::new(code, message, labels.next());
                for l in labels {
                    out = out.with_label(l);
                }
                out.with_help(
                    "a type can refer to itself only inside a record field, a list or a map, e.g. `type Tree = { children : List Tree }`",
                )
            }
        };
        out.with_fact(Fact::Type(self))
    }
}
