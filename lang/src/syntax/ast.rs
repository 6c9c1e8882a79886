//! The syntax tree. Every node carries the span of the text it came from;
//! comments live in a side table ([`super::Parse::comments`]).

use super::Span;

/// An identifier together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// Where the expression was written.
    pub span: Span,
    /// What kind of expression it is.
    pub kind: ExprKind,
}

/// The forms an expression can take.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// Stands in for text that did not parse; it has been reported.
    Error,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A floating-point literal.
    Float(f64),
    /// A string literal with its interpolations.
    Str(Vec<StrPart>),
    /// A variable reference.
    Var(Ident),
    /// `[a, b, c]`.
    List(Vec<Expr>),
    /// `{ a = 1, b.c = 2, d }`.
    Record(Vec<Field>),
    /// `e.a.b` or `e.a.b or default`.
    Select {
        /// The record selected from.
        target: Box<Expr>,
        /// The path of keys.
        path: Vec<Key>,
        /// The value when the path is missing.
        default: Option<Box<Expr>>,
    },
    /// `e ? a.b`: whether the path exists.
    Has {
        /// The record tested.
        target: Box<Expr>,
        /// The path of keys.
        path: Vec<Key>,
    },
    /// `f x`.
    Apply {
        /// The function.
        func: Box<Expr>,
        /// The argument.
        arg: Box<Expr>,
    },
    /// `\x -> body` (several parameters are nested lambdas).
    Lambda {
        /// The parameter.
        param: Param,
        /// The body.
        body: Box<Expr>,
    },
    /// `let a = 1, b = 2 in body`; bindings may refer to each other.
    Let {
        /// The bindings, in order.
        bindings: Vec<Binding>,
        /// The body.
        body: Box<Expr>,
    },
    /// `if c then a else b`.
    If {
        /// The condition.
        cond: Box<Expr>,
        /// The value when true.
        then: Box<Expr>,
        /// The value when false.
        otherwise: Box<Expr>,
    },
    /// `-x`, `!x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `a + b` and the other infix operators.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The span of the operator token.
        op_span: Span,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// `e : T`: `e`, checked against (and shaped by) the type `T`.
    Annot {
        /// The value.
        expr: Box<Expr>,
        /// The type.
        ty: Box<TypeExpr>,
    },
    /// `import "path"`.
    Import {
        /// The path as written (escapes applied).
        path: String,
        /// Where the path string was written.
        path_span: Span,
    },
}

/// A piece of a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum StrPart {
    /// Literal text, escapes applied.
    Text(String),
    /// `${ expr }`.
    Interp(Expr),
}

/// A record key: a name or a quoted string.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A record field `a.b.c = value`, or a punned field `a` meaning `a = a`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The dotted path, at least one key.
    pub path: Vec<Key>,
    /// The value.
    pub value: Expr,
}

/// A `let` binding.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    /// The bound name.
    pub name: Ident,
    /// What is bound.
    pub kind: BindingKind,
}

/// What a `let` binding binds.
#[derive(Clone, Debug, PartialEq)]
pub enum BindingKind {
    /// `x = e` or `x : T = e`.
    Value {
        /// The annotation, if any.
        ty: Option<TypeExpr>,
        /// The value.
        value: Expr,
    },
    /// `type X = T`.
    Type(TypeExpr),
}

/// A type expression.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// Where it was written.
    pub span: Span,
    /// Its form.
    pub kind: TypeKind,
}

/// The forms of a type expression.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// Did not parse; reported.
    Error,
    /// A named type: `Int`, `Service`, `m.Service`, possibly applied:
    /// `List Int`, `Map Text Int`.
    Named {
        /// The dotted name.
        path: Vec<Ident>,
        /// Type arguments.
        args: Vec<TypeExpr>,
    },
    /// An enum of text tags: `"a" | "b"`, or ordered `"a" < "b"`.
    Enum {
        /// The tags, in order.
        tags: Vec<Key>,
        /// Whether the order is meaningful (`<`).
        ordered: bool,
    },
    /// `T?`: a `T` or `null`.
    Optional(Box<TypeExpr>),
    /// `{ name : T = default, .. }`.
    Record {
        /// The fields.
        fields: Vec<FieldType>,
        /// Whether other fields are allowed (`..`).
        open: bool,
    },
    /// `A -> B`.
    Function {
        /// The argument type.
        param: Box<TypeExpr>,
        /// The result type.
        result: Box<TypeExpr>,
    },
    /// `T where predicate`: values of `T` for which the predicate holds.
    Refined {
        /// The type refined.
        base: Box<TypeExpr>,
        /// A function from the value to a boolean.
        predicate: Box<Expr>,
    },
}

/// A field of a record type.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldType {
    /// How a child layer may change the field (`extends`).
    pub mode: Mode,
    /// The field name.
    pub name: Key,
    /// Its type.
    pub ty: TypeExpr,
    /// `over enterprise`: the field of an enclosing record that this field,
    /// a `Layer T`, is laid over (a dotted path; empty when not written).
    pub over: Vec<Ident>,
    /// The value used when a record lacks the field.
    pub default: Option<Expr>,
}

/// How a child layer may change a field that a parent layer set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The child may replace the value (the default).
    #[default]
    Override,
    /// The child may not change the value.
    Final,
    /// The child may only make the value stronger: later in an ordered
    /// enum, `true` over `false`, a higher number (or a lower one, with
    /// `stronger(lower)`).
    Stronger {
        /// Whether lower numbers are stronger.
        lower: bool,
    },
    /// The child may only keep a subset of the parent's list (an
    /// allow-list); for a map of lists, per key, a key the parent lacks
    /// being unrestricted.
    Subset,
    /// The child may only add to the parent's list.
    Append,
    /// The parent leaves a hole every child must fill.
    Required,
}

impl Mode {
    /// The modifier as written.
    pub fn text(self) -> &'static str {
        match self {
            Mode::Override => "override",
            Mode::Final => "final",
            Mode::Stronger { lower: false } => "stronger",
            Mode::Stronger { lower: true } => "stronger(lower)",
            Mode::Subset => "subset",
            Mode::Append => "append",
            Mode::Required => "required",
        }
    }

    /// Whether the mode compares a child's value with the parent's
    /// (`final`, `stronger`, `subset`, `append`).
    pub fn compares_values(self) -> bool {
        matches!(
            self,
            Mode::Final | Mode::Stronger { .. } | Mode::Subset | Mode::Append
        )
    }
}

/// A lambda parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    /// `\x -> …`.
    Name(Ident),
    /// `\(x : T) -> …`.
    Typed {
        /// The parameter.
        name: Ident,
        /// Its type.
        ty: TypeExpr,
    },
    /// `\{ a, b = 1, .. } -> …`, optionally `\{ a } @ all -> …`.
    Record {
        /// The destructured fields.
        fields: Vec<PatField>,
        /// Whether other fields are allowed (`..`).
        open: bool,
        /// A name for the whole argument.
        bind: Option<Ident>,
        /// The span of the pattern.
        span: Span,
    },
}

/// A field of a record pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct PatField {
    /// The field name, also the bound variable.
    pub name: Ident,
    /// Its type, if annotated.
    pub ty: Option<TypeExpr>,
    /// The value when the argument lacks the field.
    pub default: Option<Expr>,
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-`.
    Neg,
    /// `!`.
    Not,
}

/// Infix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Concat,
    Merge,
    DeepMerge,
    Extends,
    Eq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Pipe,
}

impl BinaryOp {
    /// The operator as written.
    pub fn text(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::Concat => "++",
            BinaryOp::Merge => "//",
            BinaryOp::DeepMerge => "&",
            BinaryOp::Extends => "extends",
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
            BinaryOp::Pipe => "|>",
        }
    }
}

/// A compact one-line-per-node rendering of a tree, for golden tests and
/// debugging: `(kind span children…)`.
pub fn sexpr(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr, 0);
    out
}

fn keys(path: &[Key]) -> String {
    path.iter()
        .map(|k| format!("{:?}", k.name))
        .collect::<Vec<_>>()
        .join(".")
}

fn write_expr(out: &mut String, e: &Expr, indent: usize) {
    use std::fmt::Write;
    let pad = "  ".repeat(indent);
    let at = format!("@{}..{}", e.span.start(), e.span.end());
    let child = |out: &mut String, c: &Expr| write_expr(out, c, indent + 1);
    match &e.kind {
        ExprKind::Error => {
            let _ = writeln!(out, "{pad}error {at}");
        }
        ExprKind::Null => {
            let _ = writeln!(out, "{pad}null {at}");
        }
        ExprKind::Bool(b) => {
            let _ = writeln!(out, "{pad}{b} {at}");
        }
        ExprKind::Int(n) => {
            let _ = writeln!(out, "{pad}int {n} {at}");
        }
        ExprKind::Float(x) => {
            let _ = writeln!(out, "{pad}float {x:?} {at}");
        }
        ExprKind::Str(parts) => {
            let _ = writeln!(out, "{pad}string {at}");
            for p in parts {
                match p {
                    StrPart::Text(t) => {
                        let _ = writeln!(out, "{pad}  text {t:?}");
                    }
                    StrPart::Interp(e) => child(out, e),
                }
            }
        }
        ExprKind::Var(i) => {
            let _ = writeln!(out, "{pad}var {} {at}", i.name);
        }
        ExprKind::List(items) => {
            let _ = writeln!(out, "{pad}list {at}");
            for i in items {
                child(out, i);
            }
        }
        ExprKind::Record(fields) => {
            let _ = writeln!(out, "{pad}record {at}");
            for f in fields {
                let _ = writeln!(out, "{pad}  field {}", keys(&f.path));
                write_expr(out, &f.value, indent + 2);
            }
        }
        ExprKind::Select {
            target,
            path,
            default,
        } => {
            let _ = writeln!(out, "{pad}select {} {at}", keys(path));
            child(out, target);
            if let Some(d) = default {
                let _ = writeln!(out, "{pad}  or");
                write_expr(out, d, indent + 2);
            }
        }
        ExprKind::Has { target, path } => {
            let _ = writeln!(out, "{pad}has {} {at}", keys(path));
            child(out, target);
        }
        ExprKind::Apply { func, arg } => {
            let _ = writeln!(out, "{pad}apply {at}");
            child(out, func);
            child(out, arg);
        }
        ExprKind::Lambda { param, body } => {
            match param {
                Param::Name(i) => {
                    let _ = writeln!(out, "{pad}lambda {} {at}", i.name);
                }
                Param::Typed { name, ty } => {
                    let _ = writeln!(out, "{pad}lambda {} : {at}", name.name);
                    write_type(out, ty, indent + 1);
                }
                Param::Record {
                    fields, open, bind, ..
                } => {
                    let names: Vec<String> = fields
                        .iter()
                        .map(|f| {
                            if f.default.is_some() {
                                format!("{}?", f.name.name)
                            } else {
                                f.name.name.clone()
                            }
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "{pad}lambda {{{}{}}}{} {at}",
                        names.join(", "),
                        if *open { ", .." } else { "" },
                        bind.as_ref()
                            .map(|b| format!(" @ {}", b.name))
                            .unwrap_or_default()
                    );
                    for f in fields {
                        if let Some(d) = &f.default {
                            let _ = writeln!(out, "{pad}  default {}", f.name.name);
                            write_expr(out, d, indent + 2);
                        }
                    }
                }
            }
            child(out, body);
        }
        ExprKind::Let { bindings, body } => {
            let _ = writeln!(out, "{pad}let {at}");
            for b in bindings {
                match &b.kind {
                    BindingKind::Value { ty, value } => {
                        let _ = writeln!(out, "{pad}  bind {}", b.name.name);
                        if let Some(ty) = ty {
                            write_type(out, ty, indent + 2);
                        }
                        write_expr(out, value, indent + 2);
                    }
                    BindingKind::Type(ty) => {
                        let _ = writeln!(out, "{pad}  type {}", b.name.name);
                        write_type(out, ty, indent + 2);
                    }
                }
            }
            child(out, body);
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            let _ = writeln!(out, "{pad}if {at}");
            child(out, cond);
            child(out, then);
            child(out, otherwise);
        }
        ExprKind::Unary { op, operand } => {
            let _ = writeln!(
                out,
                "{pad}{} {at}",
                if *op == UnaryOp::Neg { "neg" } else { "not" }
            );
            child(out, operand);
        }
        ExprKind::Binary { op, lhs, rhs, .. } => {
            let _ = writeln!(out, "{pad}{} {at}", op.text());
            child(out, lhs);
            child(out, rhs);
        }
        ExprKind::Import { path, .. } => {
            let _ = writeln!(out, "{pad}import {path:?} {at}");
        }
        ExprKind::Annot { expr, ty } => {
            let _ = writeln!(out, "{pad}annot {at}");
            child(out, expr);
            write_type(out, ty, indent + 1);
        }
    }
}

fn write_type(out: &mut String, t: &TypeExpr, indent: usize) {
    use std::fmt::Write;
    let pad = "  ".repeat(indent);
    let at = format!("@{}..{}", t.span.start(), t.span.end());
    match &t.kind {
        TypeKind::Error => {
            let _ = writeln!(out, "{pad}type-error {at}");
        }
        TypeKind::Named { path, args } => {
            let name: Vec<&str> = path.iter().map(|i| i.name.as_str()).collect();
            let _ = writeln!(out, "{pad}type {} {at}", name.join("."));
            for a in args {
                write_type(out, a, indent + 1);
            }
        }
        TypeKind::Enum { tags, ordered } => {
            let sep = if *ordered { " < " } else { " | " };
            let tags: Vec<String> = tags.iter().map(|k| format!("{:?}", k.name)).collect();
            let _ = writeln!(out, "{pad}enum {} {at}", tags.join(sep));
        }
        TypeKind::Optional(inner) => {
            let _ = writeln!(out, "{pad}optional {at}");
            write_type(out, inner, indent + 1);
        }
        TypeKind::Record { fields, open } => {
            let _ = writeln!(
                out,
                "{pad}record-type{} {at}",
                if *open { " open" } else { "" }
            );
            for f in fields {
                let _ = writeln!(
                    out,
                    "{pad}  field {}{:?}",
                    if f.mode == Mode::Override {
                        String::new()
                    } else {
                        format!("{} ", f.mode.text())
                    },
                    f.name.name
                );
                write_type(out, &f.ty, indent + 2);
                if let Some(d) = &f.default {
                    let _ = writeln!(out, "{pad}  default");
                    write_expr(out, d, indent + 2);
                }
            }
        }
        TypeKind::Function { param, result } => {
            let _ = writeln!(out, "{pad}function-type {at}");
            write_type(out, param, indent + 1);
            write_type(out, result, indent + 1);
        }
        TypeKind::Refined { base, predicate } => {
            let _ = writeln!(out, "{pad}refined {at}");
            write_type(out, base, indent + 1);
            write_expr(out, predicate, indent + 1);
        }
    }
}
