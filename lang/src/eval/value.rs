//! Runtime values. Everything is reference-counted and immutable; laziness
//! comes from [`Thunk`]s, which are evaluated at most once and then shared.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;

use super::builtins::Builtin;
use crate::db::SourceFile;
use crate::resolve::ir::{Lambda, Name, Node, TypeNode};
use crate::types::Known;

/// A record: fields in order.
pub type Fields<'db> = IndexMap<Name, Thunk<'db>, rustc_hash::FxBuildHasher>;

/// A value, evaluated to weak head normal form: its outer shape is known,
/// its fields and items may still be unevaluated thunks.
#[derive(Clone)]
pub enum Value<'db> {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// Text.
    Text(Arc<str>),
    /// A list.
    List(Rc<Vec<Thunk<'db>>>),
    /// A record.
    Record(Rc<Fields<'db>>),
    /// A function literal with its environment.
    Closure(Rc<Closure<'db>>),
    /// A builtin, with the arguments given so far.
    Builtin(Rc<Partial<'db>>),
    /// A type, with the scope it was written in (for its defaults and the
    /// names it refers to).
    Type(Rc<TypeValue<'db>>),
}

/// A type as a value.
pub struct TypeValue<'db> {
    /// The type.
    pub node: &'db TypeNode,
    /// Where it was written.
    pub env: Env<'db>,
}

impl Value<'_> {
    /// The name of the value's kind, as used in messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Text(_) => "text",
            Value::List(_) => "a list",
            Value::Record(_) => "a record",
            Value::Closure(_) | Value::Builtin(_) => "a function",
            Value::Type(_) => "a type",
        }
    }

    /// The name used by `type_of`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Text(_) => "text",
            Value::List(_) => "list",
            Value::Record(_) => "record",
            Value::Closure(_) | Value::Builtin(_) => "function",
            Value::Type(_) => "type",
        }
    }
}

/// A function literal closed over its environment.
pub struct Closure<'db> {
    /// The lambda.
    pub lambda: &'db Lambda,
    /// Where it was created.
    pub env: Env<'db>,
}

/// A builtin applied to fewer arguments than it takes.
pub struct Partial<'db> {
    /// Which builtin.
    pub builtin: Builtin,
    /// The arguments so far.
    pub args: Vec<Thunk<'db>>,
}

/// A scope: one frame of slots, the enclosing frame, and the file the code
/// running in it belongs to.
pub struct Frame<'db> {
    /// The slots, filled once (after creation for recursive `let`s).
    pub slots: OnceCell<Slots<'db>>,
    /// The enclosing frame.
    pub parent: Option<Env<'db>>,
    /// The file of the code.
    pub file: SourceFile,
    /// That file's lowered tree (for its import table).
    pub module: &'db crate::resolve::Module,
}

/// The slots of a frame.
pub type Slots<'db> = smallvec::SmallVec<[Thunk<'db>; 2]>;

/// A shared frame.
pub type Env<'db> = Rc<Frame<'db>>;

/// What a thunk holds.
pub enum State<'db> {
    /// Evaluated.
    Ready(Value<'db>),
    /// To evaluate `node` in `env`.
    Pending(&'db Node, Env<'db>),
    /// To apply a function to an argument (created by `map` and friends).
    Apply {
        /// The function.
        func: Value<'db>,
        /// The argument.
        arg: Thunk<'db>,
        /// The call that created it.
        site: Site,
    },
    /// To deep-merge two values (created by `&` for fields both sides have).
    DeepMerge {
        /// Left.
        lhs: Thunk<'db>,
        /// Right, which wins where the two are not both records.
        rhs: Thunk<'db>,
        /// The `&` that created it.
        site: Site,
    },
    /// To check a value against a type when it is demanded (list items and
    /// record fields of an annotated value).
    Conform {
        /// The value.
        inner: Thunk<'db>,
        /// The type.
        ty: &'db TypeNode,
        /// Where the type was written.
        env: Env<'db>,
        /// Where the value came from.
        site: Site,
        /// Whether the value is checked as a layer of the type
        /// (`Layer T`): fields may be left out, nothing is filled in.
        layer: bool,
    },
    /// Plain data computed earlier (an imported file's value, cached by the
    /// database): forcing it unfolds one level, and output takes it whole.
    /// The origin, when known, is where the value was written.
    Data(crate::data::Data, Option<Origin>),
    /// Evaluated from code or checked against a type: the value, and where
    /// it was written (which diagnostics about it still point at).
    Done(Value<'db>, Site),
    /// Being evaluated: meeting it again means the value depends on itself.
    Blackhole(Site),
    /// Its evaluation failed: forcing it again gives the same error, so
    /// that evaluation can go on past it and a failure shared by many
    /// values is reported once.
    Failed(Box<crate::diagnostics::Diagnostic>),
}

/// Where a piece of plain data was written: the value, as the checker
/// knows it, of one field of a record written literally in a file. Data
/// keeps no places of its own, so this is what lets a diagnostic about an
/// imported file's value point at the line that wrote it.
#[derive(Clone, Debug)]
pub struct Origin {
    /// The fields of the record as written.
    fields: Arc<Vec<(Name, Known)>>,
    /// Which of them this value is.
    index: u32,
}

impl Origin {
    /// The origin of a whole file's value, as the checker knows it.
    pub fn of_file(known: &Known) -> Option<Origin> {
        match known {
            Known::Unknown => None,
            known => Some(Origin {
                fields: Arc::new(vec![(Name::from(""), known.clone())]),
                index: 0,
            }),
        }
    }

    fn known(&self) -> Option<&Known> {
        self.fields.get(self.index as usize).map(|(_, k)| k)
    }

    /// Where the value was written.
    pub fn site(&self) -> Option<Site> {
        self.known().and_then(Known::site)
    }

    /// The origin of the `position`th item of the list this is the origin
    /// of.
    pub fn item(&self, position: usize) -> Option<Origin> {
        let Some(Known::List { items, .. }) = self.known() else {
            return None;
        };
        items.get(position)?;
        Some(Origin {
            fields: items.clone(),
            index: u32::try_from(position).ok()?,
        })
    }

    /// The origin of the field `name`, the `position`th of the record this
    /// is the origin of.
    pub fn field(&self, position: usize, name: &str) -> Option<Origin> {
        let Some(Known::Record { fields, .. }) = self.known() else {
            return None;
        };
        // Data keeps the fields in the order they were written, so the
        // position finds them; a search is the fallback for small records.
        let index = match fields.get(position) {
            Some((k, _)) if &**k == name => position,
            _ if fields.len() <= 32 => fields.iter().position(|(k, _)| &**k == name)?,
            _ => return None,
        };
        Some(Origin {
            fields: fields.clone(),
            index: u32::try_from(index).ok()?,
        })
    }
}

/// A lazily evaluated value.
#[derive(Clone)]
pub struct Thunk<'db>(pub Rc<RefCell<State<'db>>>);

impl<'db> Thunk<'db> {
    /// An already evaluated thunk.
    pub fn ready(value: Value<'db>) -> Thunk<'db> {
        Thunk(Rc::new(RefCell::new(State::Ready(value))))
    }

    /// A thunk whose evaluation failed with `d`.
    pub fn failed(d: crate::diagnostics::Diagnostic) -> Thunk<'db> {
        Thunk::new(State::Failed(Box::new(d)))
    }

    /// A thunk in any state.
    pub fn new(state: State<'db>) -> Thunk<'db> {
        Thunk(Rc::new(RefCell::new(state)))
    }
}

impl Drop for Thunk<'_> {
    /// The last owner of a thunk takes apart what only it holds one piece
    /// at a time instead of letting each piece drop the next: a list
    /// nested a million levels deep, or a chain of a million pending
    /// additions each holding the frame of the one before, is freed
    /// without a million nested calls.
    fn drop(&mut self) {
        if Rc::strong_count(&self.0) != 1 {
            return;
        }
        let mut pending = Vec::new();
        take_state(&self.0, &mut pending);
        while let Some(piece) = pending.pop() {
            piece.take_apart(&mut pending);
        }
    }
}

/// Something the last owner of a thunk is freeing.
enum Piece<'db> {
    State(State<'db>),
    Value(Value<'db>),
    Env(Env<'db>),
}

impl<'db> Piece<'db> {
    /// Moves out what this piece alone holds into `pending`, so that
    /// dropping the piece no longer reaches into it.
    fn take_apart(self, pending: &mut Vec<Piece<'db>>) {
        match self {
            Piece::State(state) => match state {
                State::Ready(v) | State::Done(v, _) => pending.push(Piece::Value(v)),
                State::Pending(_, env) => pending.push(Piece::Env(env)),
                State::Apply { func, arg, .. } => {
                    pending.push(Piece::Value(func));
                    take_state(&arg.0, pending);
                }
                State::DeepMerge { lhs, rhs, .. } => {
                    take_state(&lhs.0, pending);
                    take_state(&rhs.0, pending);
                }
                State::Conform { inner, env, .. } => {
                    take_state(&inner.0, pending);
                    pending.push(Piece::Env(env));
                }
                State::Data(..) | State::Blackhole(_) | State::Failed(_) => {}
            },
            Piece::Value(value) => match value {
                Value::List(items) => {
                    if let Ok(items) = Rc::try_unwrap(items) {
                        for t in &items {
                            take_state(&t.0, pending);
                        }
                    }
                }
                Value::Record(fields) => {
                    if let Ok(fields) = Rc::try_unwrap(fields) {
                        for t in fields.values() {
                            take_state(&t.0, pending);
                        }
                    }
                }
                Value::Closure(closure) => {
                    if let Ok(closure) = Rc::try_unwrap(closure) {
                        pending.push(Piece::Env(closure.env));
                    }
                }
                Value::Builtin(partial) => {
                    if let Ok(partial) = Rc::try_unwrap(partial) {
                        for t in &partial.args {
                            take_state(&t.0, pending);
                        }
                    }
                }
                Value::Type(ty) => {
                    if let Ok(ty) = Rc::try_unwrap(ty) {
                        pending.push(Piece::Env(ty.env));
                    }
                }
                Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Text(_) => {
                }
            },
            Piece::Env(env) => {
                if let Ok(frame) = Rc::try_unwrap(env) {
                    if let Some(slots) = frame.slots.into_inner() {
                        for t in &slots {
                            take_state(&t.0, pending);
                        }
                    }
                    if let Some(parent) = frame.parent {
                        pending.push(Piece::Env(parent));
                    }
                }
            }
        }
    }
}

/// Moves the state out of a thunk nobody else holds, leaving `null`, so
/// that dropping the thunk no longer reaches into it. States that hold
/// nothing else stay.
fn take_state<'db>(cell: &Rc<RefCell<State<'db>>>, pending: &mut Vec<Piece<'db>>) {
    if Rc::strong_count(cell) != 1 {
        return;
    }
    if let Ok(mut state) = cell.try_borrow_mut() {
        // Only what this thunk alone holds is worth taking: a frame or a
        // value others share is not freed now, and taking it would cost an
        // allocation of the work list for nothing.
        let holds = match &*state {
            State::Ready(v) | State::Done(v, _) => match v {
                Value::List(items) => Rc::strong_count(items) == 1,
                Value::Record(fields) => Rc::strong_count(fields) == 1,
                Value::Closure(closure) => Rc::strong_count(closure) == 1,
                Value::Builtin(partial) => Rc::strong_count(partial) == 1,
                Value::Type(ty) => Rc::strong_count(ty) == 1,
                Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::Text(_) => {
                    false
                }
            },
            State::Pending(_, env) => Rc::strong_count(env) == 1,
            State::Apply { .. } | State::DeepMerge { .. } | State::Conform { .. } => true,
            State::Data(..) | State::Blackhole(_) | State::Failed(_) => false,
        };
        if holds {
            pending.push(Piece::State(std::mem::replace(
                &mut *state,
                State::Ready(Value::Null),
            )));
        }
    }
}

/// A place in a file, for messages: a span of code being evaluated, or the
/// anchor of a value another file's analysis knew, shown when reported.
pub type Site = crate::diagnostics::Place;
