//! The lowered tree the evaluator runs: names resolved to frame slots or
//! builtins, dotted record keys merged into nested records, imports
//! resolved to indices into the file's import table. Places are anchors
//! (token ordinals), not bytes: the tree of a file whose text only moved
//! is the tree it was, and what is computed from it is not computed again.

use std::sync::Arc;

use crate::builtins::Builtin;
use crate::syntax::anchor::Anchor;
use crate::syntax::ast::{BinaryOp, UnaryOp};

/// A float compared bitwise, so that lowered trees are `Eq`.
#[derive(Clone, Copy, Debug)]
pub struct F64(pub f64);

impl PartialEq for F64 {
    fn eq(&self, other: &F64) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for F64 {}

impl std::hash::Hash for F64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

/// A name: record keys, variables.
pub type Name = Arc<str>;

/// A lowered expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node {
    /// Where it was written.
    pub at: Anchor,
    /// What it does.
    pub kind: NodeKind,
}

/// The forms of a lowered expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// Text that did not parse or resolve; never evaluated, because
    /// evaluation only starts on files without errors.
    Error,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(F64),
    /// Text without interpolation.
    Text(Name),
    /// Text with interpolation.
    Interp(Vec<Piece>),
    /// A variable: `up` frames out, slot `index`.
    Local {
        /// How many frames out.
        up: u32,
        /// Which slot.
        index: u32,
        /// The name, for messages.
        name: Name,
    },
    /// A builtin function.
    Builtin(Builtin),
    /// A list.
    List(Vec<Node>),
    /// A record with static keys, in order.
    Record(Vec<RecordField>),
    /// `target.a.b` or `target.a.b or default`.
    Select {
        /// The record.
        target: Box<Node>,
        /// The path.
        path: Vec<PathKey>,
        /// The fallback.
        default: Option<Box<Node>>,
    },
    /// `target ? a.b`.
    Has {
        /// The record.
        target: Box<Node>,
        /// The path.
        path: Vec<PathKey>,
    },
    /// `func arg`.
    Apply {
        /// The function.
        func: Box<Node>,
        /// The argument.
        arg: Box<Node>,
    },
    /// A function.
    Lambda(Arc<Lambda>),
    /// A recursive group of bindings, one new frame.
    Let {
        /// One per slot.
        bindings: Vec<Node>,
        /// The body, evaluated in the new frame.
        body: Box<Node>,
    },
    /// `if cond then a else b`.
    If {
        /// The condition.
        cond: Box<Node>,
        /// When true.
        then: Box<Node>,
        /// When false.
        otherwise: Box<Node>,
    },
    /// A prefix operator.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Node>,
    },
    /// An infix operator.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The operator's span.
        op_at: Anchor,
        /// Left.
        lhs: Box<Node>,
        /// Right.
        rhs: Box<Node>,
    },
    /// The `index`-th import of the file.
    Import(u32),
    /// `expr : ty`: the value of `expr` shaped by and checked against `ty`.
    Annot {
        /// The value.
        expr: Box<Node>,
        /// The type.
        ty: Box<TypeNode>,
    },
    /// A type used as a value (bound by `type X = …`).
    Type(Box<TypeNode>),
}

/// Primitive types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prim {
    /// `Bool`.
    Bool,
    /// `Int`.
    Int,
    /// `Float` (integers are accepted and become floats).
    Float,
    /// `Text`.
    Text,
    /// `Null`.
    Null,
    /// `Dynamic`: anything.
    Dynamic,
}

impl Prim {
    /// The primitive type called `name`.
    pub fn by_name(name: &str) -> Option<Prim> {
        Some(match name {
            "Bool" => Prim::Bool,
            "Int" => Prim::Int,
            "Float" => Prim::Float,
            "Text" => Prim::Text,
            "Null" => Prim::Null,
            "Dynamic" => Prim::Dynamic,
            _ => return None,
        })
    }

    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            Prim::Bool => "Bool",
            Prim::Int => "Int",
            Prim::Float => "Float",
            Prim::Text => "Text",
            Prim::Null => "Null",
            Prim::Dynamic => "Dynamic",
        }
    }
}

/// A lowered type expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeNode {
    /// Where it was written.
    pub at: Anchor,
    /// Its form.
    pub kind: TypeNodeKind,
}

/// The forms of a lowered type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeNodeKind {
    /// Did not lower; reported.
    Error,
    /// A primitive type.
    Prim(Prim),
    /// A type bound to a name, found by evaluating the expression.
    Ref(Box<Node>),
    /// `List T`.
    List(Box<TypeNode>),
    /// `Map Text T`: a record whose fields all have type `T`.
    Map(Box<TypeNode>),
    /// `T?`.
    Optional(Box<TypeNode>),
    /// `Layer T`: what a child layer over a `T` may write. Every field of
    /// the record type `T` may be left out and nested records are layers
    /// too; what is written is checked like a `T`'s fields.
    Layer(Box<TypeNode>),
    /// Text tags; `ordered` when written with `<`.
    Enum {
        /// The tags in order.
        tags: Vec<PathKey>,
        /// Whether the order is meaningful.
        ordered: bool,
    },
    /// A record type.
    Record {
        /// The fields.
        fields: Vec<FieldTypeNode>,
        /// Whether other fields are allowed.
        open: bool,
    },
    /// `A -> B`.
    Function {
        /// The argument type.
        param: Box<TypeNode>,
        /// The result type.
        result: Box<TypeNode>,
    },
    /// `T where predicate`.
    Refined {
        /// The type refined.
        base: Box<TypeNode>,
        /// A function from the value to a boolean.
        predicate: Box<Node>,
    },
}

/// A field of a record type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldTypeNode {
    /// How a child layer may change it.
    pub mode: crate::syntax::ast::Mode,
    /// The field name.
    pub name: Name,
    /// Where the name was written.
    pub at: Anchor,
    /// Its type.
    pub ty: TypeNode,
    /// The dotted path after `over`: the field of the nearest enclosing
    /// record that has it, which this layer is laid over (empty if none).
    pub over: Vec<Name>,
    /// Its default, evaluated where the type was written.
    pub default: Option<Node>,
    /// The comment block written just above the field.
    pub doc: Option<Name>,
}

/// A piece of interpolated text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Literal text.
    Text(Name),
    /// An interpolated expression.
    Expr(Node),
}

/// A record field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordField {
    /// The key.
    pub name: Name,
    /// Where the key was first written.
    pub key_at: Anchor,
    /// The value.
    pub value: Node,
}

/// One key of a path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PathKey {
    /// The key.
    pub name: Name,
    /// Where it was written.
    pub at: Anchor,
}

/// A function literal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lambda {
    /// How the argument binds.
    pub param: LambdaParam,
    /// The body, evaluated in a new frame holding the parameter's slots.
    pub body: Node,
    /// The type of a plain parameter, `\(x : T) -> …` (lowered in the
    /// scope around the lambda).
    pub param_ty: Option<TypeNode>,
    /// The whole lambda.
    pub at: Anchor,
}

/// How a lambda binds its argument.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LambdaParam {
    /// One slot: the argument.
    Name(Name),
    /// One slot per field, then (if `bind`) one for the whole argument.
    Record {
        /// Fields with optional defaults (evaluated in the new frame).
        fields: Vec<PatternField>,
        /// Whether other fields are allowed.
        open: bool,
        /// Whether the whole argument is bound after the fields.
        bind: bool,
        /// The pattern's span.
        at: Anchor,
    },
}

/// A field of a record pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PatternField {
    /// The field and variable name.
    pub name: Name,
    /// Its type (lowered in the scope around the lambda).
    pub ty: Option<TypeNode>,
    /// Where it was written.
    pub at: Anchor,
    /// The default.
    pub default: Option<Node>,
}
