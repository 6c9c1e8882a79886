//! Facts of evaluation (`E05xx`, and the few earlier codes evaluation
//! meets), each worded once, here. Values are named by their kind, as
//! `Value::kind` gives it ("an integer", "a list").

mod arguments;

pub use arguments::ArgProblem;

use super::words::{did_you_mean, did_you_mean_help, preview, size_text, suggest};
use super::{Code, Diagnostic, Fact, Label, Place, Words};
use crate::syntax::ast::{BinaryOp, UnaryOp};

/// The request that walks a path into the program's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Request {
    /// `--attr PATH`.
    Attr,
    /// `floe explain PATH`.
    Explain,
}

/// What went wrong, as data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EvalError {
    /// E0108: code that did not parse or resolve is evaluated.
    HasErrors {
        /// The code.
        at: Place,
    },
    /// E0204: an import whose file could not be found.
    UnresolvedImport {
        /// The import.
        at: Place,
    },
    /// E0501: a value that cannot be interpolated.
    Interpolate {
        /// What it is.
        kind: &'static str,
        /// Where.
        at: Place,
    },
    /// E0501: a prefix operator given the wrong kind of value.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// What it was given.
        kind: &'static str,
        /// Where.
        at: Place,
    },
    /// E0501: an operand of the wrong kind.
    Operand {
        /// The operator.
        op: BinaryOp,
        /// What the operand is.
        kind: &'static str,
        /// The operand.
        at: Place,
    },
    /// E0501: operands that do not go together.
    Operands {
        /// The operator.
        op: BinaryOp,
        /// The left operand's kind.
        left: &'static str,
        /// The right operand's kind.
        right: &'static str,
        /// The operation.
        at: Place,
        /// The left operand.
        left_at: Place,
        /// The right operand.
        right_at: Place,
    },
    /// E0501: an `if` condition that is not a boolean.
    Condition {
        /// What it is.
        kind: &'static str,
        /// The condition.
        at: Place,
    },
    /// E0501: a field taken of something that is not a record.
    NotARecord {
        /// The field.
        field: String,
        /// What the value is.
        kind: &'static str,
        /// The field access.
        at: Place,
        /// Whether a one-argument builtin has the field's name.
        builtin_named: bool,
    },
    /// E0501: functions or types compared.
    Incomparable {
        /// The comparison.
        at: Place,
    },
    /// E0501: a refinement that gives neither a boolean nor problems.
    RefinementResult {
        /// What it gave.
        kind: &'static str,
        /// The refinement.
        at: Place,
    },
    /// E0501: an item of a refinement's problems of the wrong shape.
    RefinementProblem {
        /// What it is, worded ("a record without `path` and `message`").
        what: String,
        /// The refinement.
        at: Place,
    },
    /// E0501: a builtin given the wrong kind of argument.
    BuiltinArg {
        /// The builtin.
        builtin: &'static str,
        /// Its doc.
        doc: &'static str,
        /// Which argument, from 0.
        index: usize,
        /// What it takes ("a list").
        wanted: &'static str,
        /// What it got.
        kind: &'static str,
        /// The call.
        at: Place,
    },
    /// E0501: a function given to a builtin returned a non-boolean.
    PredicateResult {
        /// The builtin.
        builtin: &'static str,
        /// What the function returned.
        kind: &'static str,
        /// The call.
        at: Place,
    },
    /// E0501: a builtin that joins lists given something else.
    JoinNonList {
        /// The builtin.
        builtin: &'static str,
        /// What it got.
        kind: &'static str,
        /// The call.
        at: Place,
    },
    /// E0501: a function whose record pattern was given something else.
    ArgumentNotRecord {
        /// What it was given.
        kind: &'static str,
        /// The call.
        at: Place,
        /// The pattern.
        pattern: Place,
    },
    /// E0501: a path of a request through something that is not a record.
    PathNotRecord {
        /// The request.
        request: Request,
        /// The whole path, dotted.
        path: String,
        /// The part of it that is not a record, dotted.
        prefix: String,
        /// What it is.
        kind: &'static str,
    },
    /// E0502: a field a record does not have.
    NoField {
        /// The field.
        field: String,
        /// The record's fields.
        fields: Vec<String>,
        /// The field access.
        at: Place,
    },
    /// E0502: `get` of a field a record does not have.
    LookupMissing {
        /// The field.
        field: String,
        /// The record's fields.
        fields: Vec<String>,
        /// The call.
        at: Place,
    },
    /// E0502: a request's path names a field that is not there.
    PathMissing {
        /// The request.
        request: Request,
        /// The path up to the missing key, dotted.
        path: String,
        /// The missing key.
        key: String,
        /// The keys of the path from the missing one on.
        rest: Vec<String>,
        /// The fields there are.
        fields: Vec<String>,
    },
    /// E0503: something applied that is not a function.
    NotAFunction {
        /// What it is.
        kind: &'static str,
        /// The application.
        at: Place,
    },
    /// E0504: division by zero.
    DivisionByZero {
        /// The division.
        at: Place,
    },
    /// E0505: a value that depends on itself.
    SelfDependent {
        /// The value.
        at: Place,
    },
    /// E0506: evaluation nested past `--max-depth`.
    Depth {
        /// The limit.
        max: usize,
        /// Where it was reached.
        at: Place,
    },
    /// E0506: evaluation ran out of stack.
    Stack {
        /// The stack it needed, in MiB, when that was the limit; `None`
        /// when the system gave no more.
        limit_mib: Option<usize>,
        /// Where.
        at: Place,
    },
    /// E0507: an integer result outside 64 bits.
    Overflow {
        /// The operation.
        at: Place,
    },
    /// E0508: a builtin refused its arguments.
    InvalidArgument {
        /// The builtin.
        builtin: &'static str,
        /// Its doc.
        doc: &'static str,
        /// Why.
        problem: ArgProblem,
        /// The call.
        at: Place,
    },
    /// E0509: `fail` was called.
    Failed {
        /// Its message.
        message: String,
        /// The call.
        at: Place,
    },
    /// E0510: an argument without a field its pattern requires.
    MissingArgField {
        /// The field.
        field: String,
        /// The call.
        at: Place,
        /// The pattern's field.
        required_at: Place,
    },
    /// E0511: an argument with a field its closed pattern does not take.
    UnexpectedArgField {
        /// The field.
        field: String,
        /// The call.
        at: Place,
        /// The pattern.
        pattern: Place,
        /// The pattern's field closest to it.
        suggestion: Option<String>,
    },
    /// E0512: evaluation past `--max-steps`.
    Steps {
        /// The limit.
        max: u64,
        /// Where.
        at: Place,
    },
    /// E0513: a value past the size limit.
    TooLarge {
        /// The limit, in bytes or items.
        max: usize,
        /// Where it was built.
        at: Place,
    },
    /// E0514: evaluation past `--max-memory`.
    Memory {
        /// The limit, in bytes.
        limit: u64,
        /// What was in use, if it could be measured.
        used: Option<u64>,
        /// What was about to be taken.
        more: u64,
        /// Where.
        at: Place,
    },
}

impl EvalError {
    /// The error code.
    pub fn code(&self) -> Code {
        use EvalError as E;
        match self {
            E::HasErrors { .. } => Code::E0108,
            E::UnresolvedImport { .. } => Code::E0204,
            E::Interpolate { .. }
            | E::Unary { .. }
            | E::Operand { .. }
            | E::Operands { .. }
            | E::Condition { .. }
            | E::NotARecord { .. }
            | E::Incomparable { .. }
            | E::RefinementResult { .. }
            | E::RefinementProblem { .. }
            | E::BuiltinArg { .. }
            | E::PredicateResult { .. }
            | E::JoinNonList { .. }
            | E::ArgumentNotRecord { .. }
            | E::PathNotRecord { .. } => Code::E0501,
            E::NoField { .. } | E::LookupMissing { .. } | E::PathMissing { .. } => Code::E0502,
            E::NotAFunction { .. } => Code::E0503,
            E::DivisionByZero { .. } => Code::E0504,
            E::SelfDependent { .. } => Code::E0505,
            E::Depth { .. } | E::Stack { .. } => Code::E0506,
            E::Overflow { .. } => Code::E0507,
            E::InvalidArgument { .. } => Code::E0508,
            E::Failed { .. } => Code::E0509,
            E::MissingArgField { .. } => Code::E0510,
            E::UnexpectedArgField { .. } => Code::E0511,
            E::Steps { .. } => Code::E0512,
            E::TooLarge { .. } => Code::E0513,
            E::Memory { .. } => Code::E0514,
        }
    }

    /// Whether the run cannot usefully go on after it: a limit of the
    /// whole run was reached, so every later part would fail the same way.
    pub fn ends_the_run(&self) -> bool {
        matches!(
            self,
            EvalError::Steps { .. } | EvalError::TooLarge { .. } | EvalError::Memory { .. }
        )
    }

    /// The diagnostic, worded.
    pub fn diagnostic(self) -> Diagnostic {
        let code = self.code();
        let d = |message: String, at: &Place, label: String| {
            Words::new(code, message, Some(Label::at(*at, label)))
        };
        let this_is = |kind: &str| format!("this is {kind}");
        use EvalError as E;
        let out = match &self {
            E::HasErrors { at } => d(
                "this code has errors and cannot be evaluated".into(),
                at,
                "here".into(),
            ),
            E::UnresolvedImport { at } => d("unresolved import".into(), at, "here".into()),
            E::Interpolate { kind, at } => d(
                format!("cannot interpolate {kind} into text"),
                at,
                this_is(kind),
            )
            .with_help(match *kind {
                "null" => "decide what absent should read as, e.g. `${x or \"none\"}` for a field, or test with `if x == null`",
                "a list" => "join the items first: `${join \", \" items}`, or use `to_json`",
                "a record" => "interpolate a field, e.g. `${r.name}`, or use `to_json`",
                _ => "apply the function first",
            }),
            E::Unary { op, kind, at } => {
                let (sym, wants) = match op {
                    UnaryOp::Neg => ("-", "a number"),
                    UnaryOp::Not => ("!", "a boolean"),
                };
                d(format!("`{sym}` needs {wants}, not {kind}"), at, this_is(kind))
            }
            E::Operand { op, kind, at } => {
                let wants = match op {
                    BinaryOp::And | BinaryOp::Or => "booleans",
                    BinaryOp::Concat => "lists",
                    BinaryOp::Merge | BinaryOp::DeepMerge => "records",
                    BinaryOp::Add => "numbers or text",
                    BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => "numbers or text",
                    _ => "numbers",
                };
                let out = d(
                    format!("`{}` works on {wants}, not {kind}", op.text()),
                    at,
                    this_is(kind),
                );
                match (op, *kind) {
                    (BinaryOp::Concat, "text") => {
                        out.with_help("join text with `+` or interpolation; `++` joins lists")
                    }
                    (BinaryOp::Add, "a list") => out.with_help("join lists with `++`"),
                    (BinaryOp::Add, "a record") => {
                        out.with_help("combine records with `//` (shallow) or `&` (deep)")
                    }
                    _ => out,
                }
            }
            E::Operands {
                op,
                left,
                right,
                at,
                left_at,
                right_at,
            } => {
                let out = d(
                    format!("`{}` cannot combine {left} with {right}", op.text()),
                    at,
                    "in this operation".into(),
                )
                .with_label(Label::at(*left_at, this_is(left)))
                .with_label(Label::at(*right_at, this_is(right)));
                if *op == BinaryOp::Add && (*left == "text" || *right == "text") {
                    out.with_help("convert with `to_string`, or interpolate: `\"${a}${b}\"`")
                } else {
                    out
                }
            }
            E::Condition { kind, at } => d(
                format!("the condition of `if` must be a boolean, not {kind}"),
                at,
                this_is(kind),
            ),
            E::NotARecord {
                field,
                kind,
                at,
                builtin_named,
            } => d(
                format!("cannot take the field `{field}` of {kind}"),
                at,
                format!("the value here is {kind}, not a record"),
            )
            .with_help(if *builtin_named {
                format!("`{field}` is a function: write `{field} x` instead of `x.{field}`")
            } else {
                "only records have fields; use `or` to give a default when the field may be absent"
                    .to_string()
            }),
            E::Incomparable { at } => d(
                "functions and types cannot be compared".into(),
                at,
                "comparing one here".into(),
            ),
            E::RefinementResult { kind, at } => d(
                format!("a refinement must give a boolean or a list of problems, not {kind}"),
                at,
                "this refinement".into(),
            )
            .with_help("write a function from the value to `true` or `false`, e.g. `Int where between 1 100`"),
            E::RefinementProblem { what, at } => d(
                format!("a refinement's problems must be texts or `{{ path, message }}` records, not {what}"),
                at,
                "this refinement".into(),
            )
            .with_help("give `true`/`false`, or a list of problem descriptions (empty when it holds)"),
            E::BuiltinArg {
                builtin,
                doc,
                index,
                wanted,
                kind,
                at,
            } => {
                let ordinal = ["first", "second", "third"]
                    .get(*index)
                    .copied()
                    .unwrap_or("next");
                let out = d(
                    format!("`{builtin}` expects {wanted} as its {ordinal} argument, but got {kind}"),
                    at,
                    format!("{builtin} is given {kind} here"),
                )
                .with_note(*doc);
                if *builtin == "to_string" {
                    out.with_help("use `to_json` to turn lists and records into text")
                } else {
                    out
                }
            }
            E::PredicateResult { builtin, kind, at } => d(
                format!("the function given to `{builtin}` must return a boolean, not {kind}"),
                at,
                "called here".into(),
            ),
            E::JoinNonList { builtin, kind, at } => d(
                format!("`{builtin}` needs lists to join, but got {kind}"),
                at,
                "here".into(),
            ),
            E::ArgumentNotRecord { kind, at, pattern } => d(
                format!("this function takes a record, but was given {kind}"),
                at,
                format!("given {kind}"),
            )
            .with_label(Label::at(*pattern, "the parameter is a record pattern")),
            E::PathNotRecord {
                request,
                path,
                prefix,
                kind,
            } => Words::new(
                code,
                match request {
                    Request::Attr => {
                        format!("cannot select `{path}`: `{prefix}` is {kind}, not a record")
                    }
                    Request::Explain => {
                        format!("cannot explain `{path}`: `{prefix}` is {kind}, not a record")
                    }
                },
                None,
            ),
            E::NoField { field, fields, at } => {
                let out = d(
                    format!("the record has no field `{field}`"),
                    at,
                    "no such field".into(),
                );
                match did_you_mean(field, fields.iter().cloned()) {
                    Some(s) => out.with_help(did_you_mean_help(&s)),
                    None if fields.is_empty() => {
                        out.with_help("the record is empty; use `or` to give a default")
                    }
                    None => out
                        .with_note(format!("its fields are: {}", preview(fields)))
                        .with_help(format!(
                            "use `.{field} or default` when the field may be absent"
                        )),
                }
            }
            E::LookupMissing { field, fields, at } => d(
                format!("the record has no field `{field}`"),
                at,
                "looked up here".into(),
            )
            .with_note(format!("its fields are: {}", preview(fields))),
            E::PathMissing {
                request,
                path,
                key,
                rest,
                fields,
            } => path_missing(code, *request, path, key, rest, fields),
            E::NotAFunction { kind, at } => d(
                format!("{kind} is not a function"),
                at,
                format!("this applies {kind} to an argument"),
            )
            .with_help("only functions can be applied; separate list items with `,` and write field access as `r.field`"),
            E::DivisionByZero { at } => d(
                "division by zero".into(),
                at,
                "this divisor is zero".into(),
            )
            .with_help("guard the division with `if d == 0 then … else …`"),
            E::SelfDependent { at } => d(
                "this value depends on itself".into(),
                at,
                "evaluating this needs its own value".into(),
            )
            .with_help("a binding or field cannot be defined in terms of itself; break the cycle"),
            E::Depth { max, at } => d(
                format!("evaluation nested more than {max} levels deep"),
                at,
                "the limit was reached here".into(),
            )
            .with_note("this usually means a function calls itself without end")
            .with_help("check the recursion's base case; raise the limit with `--max-depth` if the depth is intended"),
            E::Stack { limit_mib, at } => {
                let why = match limit_mib {
                    Some(mib) => format!("it needs more than {mib} MiB of stack"),
                    None => "the system gave no more memory for its stack".to_string(),
                };
                d(
                    format!("evaluation nested too deeply: {why}"),
                    at,
                    "still going deeper here".into(),
                )
                .with_note("this usually means a function calls itself without end")
                .with_help(
                    "check the recursion's base case, or lower `--max-depth` so that it stops sooner",
                )
            }
            E::Overflow { at } => d(
                "integer overflow".into(),
                at,
                "the result does not fit in 64 bits".into(),
            )
            .with_help("integers are 64-bit; use floats (`1.0`) for larger magnitudes"),
            E::InvalidArgument {
                builtin,
                doc,
                problem,
                at,
            } => d(
                problem.words(builtin),
                at,
                format!("in this call of `{builtin}`"),
            )
            .with_note(*doc),
            E::Failed { message, at } => d(message.clone(), at, "evaluation failed here".into()),
            E::MissingArgField {
                field,
                at,
                required_at,
            } => d(
                format!("the argument lacks the field `{field}`"),
                at,
                format!("this argument has no field `{field}`"),
            )
            .with_label(Label::at(*required_at, "required here"))
            .with_help(format!(
                "pass `{field} = …`, or give it a default in the pattern: `{field} = value`"
            )),
            E::UnexpectedArgField {
                field,
                at,
                pattern,
                suggestion,
            } => d(
                format!("unexpected field `{field}` in the argument"),
                at,
                format!("the argument has a field `{field}`"),
            )
            .with_label(Label::at(*pattern, "the pattern does not take it"))
            .with_help(suggest(
                suggestion.as_deref(),
                "remove the field, or add `..` to the pattern to allow other fields",
            )),
            E::Steps { max, at } => d(
                format!("evaluation took more than {max} steps"),
                at,
                "still evaluating here".into(),
            )
            .with_help("the program probably does exponential work; raise the limit with `--max-steps` if it is really needed"),
            E::TooLarge { max, at } => d(
                format!("a value grew past {max} bytes or items"),
                at,
                "built here".into(),
            )
            .with_help("the program probably duplicates a value in a loop"),
            E::Memory {
                limit,
                used,
                more,
                at,
            } => {
                let taken = format!("about to be taken here: {}", size_text(*more));
                d(
                    format!("evaluation would need more than {} of memory", size_text(*limit)),
                    at,
                    "while computing this".into(),
                )
                .with_note(match used {
                    Some(used) => format!("in use: {}; {taken}", size_text(*used)),
                    None => taken,
                })
                .with_help("the program probably builds something far larger than it means to; raise the limit with `--max-memory` if it is really needed")
            }
        };
        out.with_fact(Fact::Eval(self))
    }
}

/// A request's path that names a missing field: when the rest of the path
/// joined with dots is a key, say to quote it; else the closest field, or
/// the fields there are.
fn path_missing(
    code: Code,
    request: Request,
    path: &str,
    key: &str,
    rest: &[String],
    fields: &[String],
) -> Words {
    let message = match request {
        Request::Attr => format!("`--attr {path}`: there is no field `{key}`"),
        Request::Explain => format!("cannot explain `{path}`: there is no field `{key}`"),
    };
    let d = Words::new(code, message, None);
    for n in (2..=rest.len()).rev() {
        let joined = rest.get(..n).unwrap_or_default().join(".");
        if fields.contains(&joined) {
            return d.with_help(format!(
                "the key `{joined}` has dots in it: quote it, as in `\"{joined}\"`"
            ));
        }
    }
    let first = rest.first().map(String::as_str).unwrap_or("");
    match did_you_mean(first, fields.iter().cloned()) {
        Some(s) if needs_quotes(&s) => d.with_help(format!(
            "did you mean `\"{s}\"`? (a key that is not a name is quoted)"
        )),
        Some(s) => d.with_help(did_you_mean_help(&s)),
        None => d.with_note(format!("the fields are: {}", preview(fields))),
    }
}

/// Whether a key must be quoted in a dotted path: it is not made of
/// letters, digits, `_` and `-` only.
fn needs_quotes(key: &str) -> bool {
    key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}
