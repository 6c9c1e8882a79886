//! The evaluator: pure, lazy, call-by-need. A record field or list item is
//! evaluated only when something demands it, and then only once.
//!
//! Evaluation starts only on programs that `check` found free of errors, so
//! the lowered tree it walks is fully resolved. Every runtime problem is a
//! [`Diagnostic`] with a code and a span; recursion is bounded by a depth
//! limit and runs on a growable stack, so no input overflows the stack.

mod binary;
pub mod builtins;
mod call;
mod data;
mod equal;
mod layers;
mod module;
pub mod ops;
pub mod output;
mod refine;
mod scan;
pub mod types;
pub mod value;

pub use data::from_data;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::data::Data;
use crate::db::{data_file, Db, ImportTarget, SourceFile};
use crate::diagnostics::eval::EvalError;
use crate::diagnostics::Diagnostic;
use crate::resolve::ir::{Node, NodeKind, PathKey, Piece};
use value::{Closure, Env, Fields, Frame, Origin, Partial, Site, State, Thunk, Value};

/// A result whose error is a diagnostic.
pub type R<T> = Result<T, Box<Diagnostic>>;

/// Bounds that keep hostile programs from running away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Deepest nesting of evaluation (calls within calls).
    pub max_depth: usize,
    /// Most evaluation steps.
    pub max_steps: u64,
    /// Most memory the process may hold while evaluating, in bytes (as
    /// measured by the gauge given to [`ops::set_memory_gauge`]).
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 10_000,
            max_steps: DEFAULT_MAX_STEPS,
            max_memory: DEFAULT_MAX_MEMORY,
        }
    }
}

/// Default step limit: about ten seconds of evaluation, far more than any
/// program of the mesh workloads takes, so exponential work stops soon.
pub const DEFAULT_MAX_STEPS: u64 = 100_000_000;

/// Default memory limit: 4 GiB.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;

/// Longest text or list a program may build (256 Mi bytes or items).
pub const MAX_SIZE: usize = 256 * 1024 * 1024;

/// Evaluates programs for one request. Imports are evaluated at most once
/// per evaluator.
pub struct Evaluator<'db> {
    db: &'db dyn Db,
    limits: Limits,
    depth: usize,
    /// Stack taken beyond the thread's own, in bytes.
    grown_stack: usize,
    steps: u64,
    modules: HashMap<SourceFile, Thunk<'db>>,
    it: Option<SourceFile>,
    /// The name of the type being applied, for messages (`Service`
    /// rather than its whole record type).
    type_name: Option<&'db crate::resolve::ir::Node>,
    /// The schemas of records checked against record types, by address.
    schemas: rustc_hash::FxHashMap<usize, layers::Schema<'db>>,
    /// The size of `schemas` at which entries of freed records are swept.
    schemas_swept_at: usize,
    /// Whether any record was checked against a record type.
    checked_any: bool,
    /// The checked defaults of record types' fields, by field and scope.
    defaults: rustc_hash::FxHashMap<(usize, usize), Thunk<'db>>,
    /// Further errors found with the one being returned (all violations of
    /// one `extends` are reported together).
    extra: Vec<Diagnostic>,
    /// Compiled `matches` patterns, anchored to the whole text.
    regexes: HashMap<Arc<str>, regex::Regex>,
    /// Records and lists unfolded from plain data or already forced into
    /// it (when shared), by address, with that data: output takes them
    /// whole instead of walking them again. The entry keeps the value
    /// alive, so its address cannot be reused.
    unfolded: rustc_hash::FxHashMap<usize, (Value<'db>, Data)>,
    /// Frames whose slots may refer back to the frame itself (recursive
    /// `let`s, patterns with defaults). Reference counting cannot free such
    /// a cycle, so when the evaluator is done their slots are emptied.
    cyclic: Vec<std::rc::Weak<Frame<'db>>>,
    /// How many entries of `cyclic` were alive when it was last swept.
    cyclic_alive: usize,
    /// Whether this evaluation gives the final answer (rather than an
    /// imported file's value along the way).
    last: bool,
    /// Whether only plain data is wanted (see [`Evaluator::want_plain_data`]).
    plain_data: bool,
    /// The functions and types met while forcing a value for display.
    shown: Vec<(Vec<output::Step>, output::Opaque)>,
}

impl<'db> Evaluator<'db> {
    /// Notes a frame that may be part of a reference cycle.
    fn note_cyclic(&mut self, frame: &Env<'db>) {
        // Dead entries still pin their frame's allocation; sweeping when the
        // list has doubled keeps that bounded at no more than amortised
        // constant cost per frame.
        if self.cyclic.len() >= 2 * self.cyclic_alive.max(1024) {
            self.cyclic.retain(|w| w.strong_count() > 0);
            self.cyclic_alive = self.cyclic.len();
        }
        self.cyclic.push(Rc::downgrade(frame));
    }
}

impl Drop for Evaluator<'_> {
    fn drop(&mut self) {
        if self.last && self.db.is_one_shot() {
            // The process ends right after: freeing is wasted time.
            std::mem::forget(std::mem::take(&mut self.modules));
            std::mem::forget(std::mem::take(&mut self.unfolded));
            std::mem::forget(std::mem::take(&mut self.schemas));
            return;
        }
        // Emptying every slot of the frames that are still alive breaks the
        // cycles through them; everything they held is then freed.
        for frame in self.cyclic.drain(..) {
            let Some(frame) = frame.upgrade() else {
                continue;
            };
            if let Some(slots) = frame.slots.get() {
                for slot in slots {
                    if let Ok(mut state) = slot.0.try_borrow_mut() {
                        *state = State::Ready(Value::Null);
                    }
                }
            }
        }
    }
}

impl<'db> Evaluator<'db> {
    /// An evaluator over `db`.
    pub fn new(db: &'db dyn Db, limits: Limits) -> Evaluator<'db> {
        ops::set_memory_limit(limits.max_memory);
        Evaluator {
            db,
            limits,
            depth: 0,
            grown_stack: 0,
            steps: 0,
            modules: HashMap::new(),
            it: None,
            type_name: None,
            regexes: HashMap::new(),
            unfolded: Default::default(),
            cyclic: Vec::new(),
            cyclic_alive: 0,
            last: false,
            plain_data: false,
            shown: Vec::new(),
            schemas: Default::default(),
            schemas_swept_at: 1024,
            checked_any: false,
            defaults: Default::default(),
            extra: Vec::new(),
        }
    }

    /// The compiled regular expression for `pattern`, matching whole texts.
    pub(crate) fn regex(&mut self, pattern: &Arc<str>) -> Result<regex::Regex, regex::Error> {
        if let Some(re) = self.regexes.get(pattern) {
            return Ok(re.clone());
        }
        let re = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
            .size_limit(1 << 20)
            .build()?;
        self.regexes.insert(pattern.clone(), re.clone());
        Ok(re)
    }

    /// Marks this evaluation as the one giving the final answer: in a
    /// one-shot database its values are then left for the process exit to
    /// reclaim.
    pub fn set_last(&mut self) {
        self.last = true;
    }

    /// Reports errors found beside the one an evaluation returns.
    pub(crate) fn add_extra(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.extra.extend(more);
    }

    /// Takes the diagnostics reported beside the error evaluation ended with.
    pub fn take_extra(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.extra)
    }

    /// Binds `it` in `-e` expressions to the value of `file`.
    pub fn bind_it(&mut self, file: SourceFile) {
        self.it = Some(file);
    }

    /// The value of a Floe file, unevaluated until forced.
    pub fn module(&mut self, file: SourceFile) -> Thunk<'db> {
        if let Some(t) = self.modules.get(&file) {
            return t.clone();
        }
        let module: &'db crate::resolve::Module = crate::resolve::module(self.db, file);
        let slots = match (file.origin(self.db), self.it) {
            (crate::db::Origin::Inline { it: true, .. }, Some(it)) => {
                smallvec::smallvec![self.module(it)]
            }
            _ => value::Slots::new(),
        };
        let env = Rc::new(Frame {
            slots: OnceCell::from(slots),
            parent: None,
            file,
            module,
        });
        let thunk = Thunk::new(State::Pending(&module.root, env));
        self.modules.insert(file, thunk.clone());
        thunk
    }

    /// The value of an imported file. A file whose value is plain data is
    /// evaluated once, on its own, by the database ([`module_data`]),
    /// which keeps the result across edits of other files; any other file is
    /// evaluated lazily in this evaluator, once.
    fn import(&mut self, file: SourceFile) -> Thunk<'db> {
        if let Some(t) = self.modules.get(&file) {
            return t.clone();
        }
        match module::module_data(self.db, file, self.limits) {
            Some(data) => {
                let origin = Origin::of_file(crate::types::file_known(self.db, file));
                let thunk = Thunk::new(State::Data(data.clone(), origin));
                self.modules.insert(file, thunk.clone());
                thunk
            }
            None => self.module(file),
        }
    }

    /// Makes forcing to data give up as soon as a record is checked against
    /// a record type: such records carry schemas and provenance that plain
    /// data cannot, so a file holding one is not evaluated as data, and
    /// finding out early saves evaluating the rest of it twice.
    pub(crate) fn want_plain_data(&mut self) {
        self.plain_data = true;
    }

    /// Whether forcing to data should give up (see [`Self::want_plain_data`]).
    pub(crate) fn wants_plain_data(&self) -> bool {
        self.plain_data && self.checked_any
    }

    /// Evaluates `thunk` as far as needed to tell whether its value is
    /// plain data computed earlier: a variable, a field access or a function
    /// body that only passes such data on leaves the thunk holding the data
    /// itself, which output then takes whole instead of unfolding and
    /// walking it. Any other thunk is left as it is.
    pub(crate) fn resolve(&mut self, thunk: &Thunk<'db>) -> R<()> {
        let site = match &*thunk.0.borrow() {
            State::Pending(node, env) if passes_on(node) => Site::anchor(env.file, node.at),
            State::Apply {
                func: Value::Closure(c),
                site,
                ..
            } if passes_on(&c.lambda.body) => *site,
            _ => return Ok(()),
        };
        let state = std::mem::replace(&mut *thunk.0.borrow_mut(), State::Blackhole(site));
        let resolved = self.nested(site, |ev| match state {
            State::Pending(node, env) => ev.eval_passing(node, &env),
            State::Apply {
                func: Value::Closure(c),
                arg,
                site,
            } => {
                let frame = ev.enter(&c, arg, site)?;
                ev.eval_passing(&c.lambda.body, &frame)
            }
            _ => Ok(Passed::Value(Value::Null)),
        });
        let resolved = match resolved {
            Ok(resolved) => resolved,
            Err(d) => {
                *thunk.0.borrow_mut() = State::Failed(d.clone());
                return Err(d);
            }
        };
        *thunk.0.borrow_mut() = match resolved {
            Passed::Data(d, origin) => State::Data(d, origin),
            Passed::Value(v) => State::Ready(v),
        };
        Ok(())
    }

    /// Counts one step of work against the step limit.
    #[inline]
    fn step(&mut self, site: Site) -> R<()> {
        self.steps += 1;
        if self.steps & 0xffff == 0 {
            ops::check_memory(0, site)?;
            // An edit waiting to be applied cancels the evaluation: salsa
            // unwinds it, and `salsa::Cancelled::catch` in the caller (the
            // language server, the REPL) turns that into "cancelled".
            self.db.unwind_if_revision_cancelled();
        }
        if self.steps > self.limits.max_steps {
            return Err(EvalError::Steps {
                max: self.limits.max_steps,
                at: site,
            }
            .into());
        }
        Ok(())
    }

    /// Runs `f` one level deeper, within the depth limit and on a stack
    /// that grows as needed. Every recursion of evaluation goes through
    /// here: evaluating a node, calling a builtin, resolving a thunk.
    #[inline(always)]
    pub(super) fn nested<T>(&mut self, site: Site, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        if self.depth >= self.limits.max_depth {
            return Err(EvalError::Depth {
                max: self.limits.max_depth,
                at: site,
            }
            .into());
        }
        self.depth += 1;
        // Four levels take far less than the red zone: asking the system
        // for the stack pointer at every level cost 2 % of a call-heavy run.
        let out = if self.depth.is_multiple_of(4)
            && stacker::remaining_stack().is_some_and(|r| r < STACK_RED_ZONE)
        {
            self.on_new_stack(site, f)
        } else {
            f(self)
        };
        self.depth -= 1;
        out
    }

    /// Runs `f` on a new piece of stack, within [`MAX_GROWN_STACK`]. The
    /// system may refuse the memory even below it (an address-space limit):
    /// that ends evaluation with a diagnostic too, not a crash.
    #[cold]
    #[inline(never)]
    fn on_new_stack<T>(&mut self, site: Site, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        let out_of_stack = |limit_mib| -> Box<Diagnostic> {
            EvalError::Stack {
                limit_mib,
                at: site,
            }
            .into()
        };
        if self.grown_stack + STACK_SEGMENT > MAX_GROWN_STACK {
            return Err(out_of_stack(Some(MAX_GROWN_STACK >> 20)));
        }
        self.grown_stack += STACK_SEGMENT;
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            stacker::grow(STACK_SEGMENT, || f(self))
        }));
        self.grown_stack -= STACK_SEGMENT;
        out.unwrap_or_else(|_| Err(out_of_stack(None)))
    }

    /// Evaluates a node that [`passes_on`] a value, keeping plain data as
    /// data.
    fn eval_passing(&mut self, node: &'db Node, env: &Env<'db>) -> R<Passed<'db>> {
        let field = match &node.kind {
            NodeKind::Local { up, index, .. } => Some(self.lookup(env, *up, *index, node.at)),
            NodeKind::Select {
                target,
                path,
                default: None,
            } => self.field_thunk(target, path, env)?,
            _ => None,
        };
        // Anything unusual (a missing field, say) takes the ordinary path,
        // which reports it.
        let Some(field) = field else {
            return Ok(Passed::Value(self.eval(node, env)?));
        };
        self.resolve(&field)?;
        if let State::Data(d, origin) = &*field.0.borrow() {
            return Ok(Passed::Data(d.clone(), origin.clone()));
        }
        Ok(Passed::Value(self.force(&field)?))
    }

    /// The thunk of the field `target.path`, evaluating only what leads to
    /// it; `None` when the path does not lead to a field.
    fn field_thunk(
        &mut self,
        target: &'db Node,
        path: &'db [PathKey],
        env: &Env<'db>,
    ) -> R<Option<Thunk<'db>>> {
        let mut value = self.eval(target, env)?;
        let Some((last, init)) = path.split_last() else {
            return Ok(None);
        };
        for key in init {
            let Value::Record(fields) = &value else {
                return Ok(None);
            };
            let Some(t) = fields.get(&key.name).cloned() else {
                return Ok(None);
            };
            value = self.force(&t)?;
        }
        Ok(match &value {
            Value::Record(fields) => fields.get(&last.name).cloned(),
            _ => None,
        })
    }

    /// Forces a thunk to weak head normal form.
    pub fn force(&mut self, thunk: &Thunk<'db>) -> R<Value<'db>> {
        // `written`: code and checked values keep where they were written.
        let (state, site, written) = {
            let mut cell = thunk.0.borrow_mut();
            let (site, written) = match &*cell {
                State::Ready(v) | State::Done(v, _) => return Ok(v.clone()),
                State::Data(d, origin) => {
                    let d = d.clone();
                    let v = from_data(&d, origin.as_ref());
                    *cell = State::Ready(v.clone());
                    drop(cell);
                    self.remember_data(&v, d);
                    return Ok(v);
                }
                State::Blackhole(site) => {
                    return Err(EvalError::SelfDependent { at: *site }.into());
                }
                State::Failed(d) => return Err(d.clone()),
                State::Pending(node, env) => (Site::anchor(env.file, node.at), true),
                State::Conform { site, .. } => (*site, true),
                State::Apply { site, .. } | State::DeepMerge { site, .. } => (*site, false),
            };
            let state = std::mem::replace(&mut *cell, State::Blackhole(site));
            (state, site, written)
        };
        let value = match self.run_state(state) {
            Ok(value) => value,
            Err(d) => {
                *thunk.0.borrow_mut() = State::Failed(d.clone());
                return Err(d);
            }
        };
        *thunk.0.borrow_mut() = if written {
            State::Done(value.clone(), site)
        } else {
            State::Ready(value.clone())
        };
        Ok(value)
    }

    /// Forces the fields and items of `value`, a fold's accumulator, and
    /// of the records and lists in them: `{ n = acc.n + 1 }` would
    /// otherwise hold a chain of one addition per item, which a long fold
    /// makes too deep to force. Each step forces only what the previous
    /// step left forced, so no chain grows. A field that fails keeps its
    /// error for whoever demands it: a fold whose result leaves a field
    /// unused never reports it, as without this.
    pub(super) fn settle(&mut self, value: &Value<'db>) {
        /// Records and lists nested deeper than this are left lazy.
        const NESTING: usize = 8;
        let mut open = vec![(value.clone(), 0)];
        while let Some((value, level)) = open.pop() {
            let thunks: Box<dyn Iterator<Item = &Thunk<'db>>> = match &value {
                Value::Record(fields) => Box::new(fields.values()),
                Value::List(items) => Box::new(items.iter()),
                _ => continue,
            };
            for thunk in thunks {
                if matches!(&*thunk.0.borrow(), State::Ready(_) | State::Done(..)) {
                    continue;
                }
                if let Ok(inner @ (Value::Record(_) | Value::List(_))) = self.force(thunk) {
                    if level + 1 < NESTING {
                        open.push((inner, level + 1));
                    }
                }
            }
        }
    }

    /// Computes the value a thunk in `state` stands for.
    #[inline(always)]
    fn run_state(&mut self, state: State<'db>) -> R<Value<'db>> {
        Ok(match state {
            State::Pending(node, env) => self.eval(node, &env)?,
            State::Apply { func, arg, site } => self.apply(func, arg, site)?,
            State::DeepMerge { lhs, rhs, site } => {
                let l = self.force(&lhs)?;
                let r = self.force(&rhs)?;
                self.deep_merge(l, r, site)?
            }
            State::Conform {
                inner,
                ty,
                env,
                site,
                layer,
            } => {
                let v = self.force(&inner)?;
                if layer {
                    self.conform_layer(v, ty, &env, site)?
                } else {
                    self.conform(v, ty, &env, site)?
                }
            }
            State::Ready(v) | State::Done(v, _) => v,
            State::Data(d, origin) => from_data(&d, origin.as_ref()),
            State::Failed(d) => return Err(d),
            State::Blackhole(_) => Value::Null,
        })
    }

    /// A thunk for `node` in `env`, without allocating where the value is
    /// already at hand (variables share their slot's thunk).
    fn delay(&mut self, node: &'db Node, env: &Env<'db>) -> Thunk<'db> {
        match &node.kind {
            NodeKind::Local { up, index, .. } => self.lookup(env, *up, *index, node.at),
            NodeKind::Null => Thunk::ready(Value::Null),
            NodeKind::Bool(b) => Thunk::ready(Value::Bool(*b)),
            NodeKind::Int(n) => Thunk::ready(Value::Int(*n)),
            NodeKind::Text(t) => Thunk::ready(Value::Text(t.clone())),
            NodeKind::Binary { .. } => match self.immediate(node, env, 0) {
                // What forcing the thunk would leave in it, without the thunk
                // ever being pending: `fib (n - 1)` allocates no frame.
                Some(v) => Thunk::new(State::Done(v, Site::anchor(env.file, node.at))),
                None => Thunk::new(State::Pending(node, env.clone())),
            },
            _ => Thunk::new(State::Pending(node, env.clone())),
        }
    }

    /// The value of `node` where knowing it costs less than delaying it and
    /// cannot fail: a number or boolean literal, a variable already holding
    /// one, or integer arithmetic and comparison of those (two levels deep)
    /// that does not overflow. Anything else is left to be delayed.
    fn immediate(&self, node: &'db Node, env: &Env<'db>, depth: u8) -> Option<Value<'db>> {
        use crate::syntax::ast::BinaryOp as B;
        match &node.kind {
            NodeKind::Int(n) => Some(Value::Int(*n)),
            NodeKind::Bool(b) => Some(Value::Bool(*b)),
            NodeKind::Local { up, index, .. } => {
                let thunk = self.lookup(env, *up, *index, node.at);
                let state = thunk.0.try_borrow().ok()?;
                match &*state {
                    State::Ready(v @ (Value::Int(_) | Value::Bool(_)))
                    | State::Done(v @ (Value::Int(_) | Value::Bool(_)), _) => Some(v.clone()),
                    _ => None,
                }
            }
            NodeKind::Binary { op, lhs, rhs, .. } if depth < 2 => {
                let (Value::Int(a), Value::Int(b)) = (
                    self.immediate(lhs, env, depth + 1)?,
                    self.immediate(rhs, env, depth + 1)?,
                ) else {
                    return None;
                };
                Some(match op {
                    B::Add => Value::Int(a.checked_add(b)?),
                    B::Sub => Value::Int(a.checked_sub(b)?),
                    B::Mul => Value::Int(a.checked_mul(b)?),
                    B::Lt => Value::Bool(a < b),
                    B::Le => Value::Bool(a <= b),
                    B::Gt => Value::Bool(a > b),
                    B::Ge => Value::Bool(a >= b),
                    B::Eq => Value::Bool(a == b),
                    B::NotEq => Value::Bool(a != b),
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    /// The thunk in slot `index` of the frame `up` levels out. A slot of a
    /// frame still being filled is demanded by its own definition, so it
    /// reads as a black hole (E0505 when forced), never as a value.
    fn lookup(
        &self,
        env: &Env<'db>,
        up: u32,
        index: u32,
        at: crate::syntax::anchor::Anchor,
    ) -> Thunk<'db> {
        let mut frame = env;
        for _ in 0..up {
            match &frame.parent {
                Some(p) => frame = p,
                None => break,
            }
        }
        frame
            .slots
            .get()
            .and_then(|s| s.get(index as usize))
            .cloned()
            .unwrap_or_else(|| Thunk::new(State::Blackhole(Site::anchor(env.file, at))))
    }

    /// Evaluates `node` in `env`.
    pub fn eval(&mut self, node: &'db Node, env: &Env<'db>) -> R<Value<'db>> {
        // The branch of an `if` and the body of a `let` are evaluated in
        // this loop, not one level deeper: a recursive function's depth is
        // its calls, and leaves (most of what is evaluated) need no step or
        // level of their own, since a variable's pending value counts when
        // it is evaluated.
        let mut node = node;
        let mut frame: Option<Env<'db>> = None;
        loop {
            let env = frame.as_ref().unwrap_or(env);
            match &node.kind {
                NodeKind::Local { up, index, .. } => {
                    let t = self.lookup(env, *up, *index, node.at);
                    if let Ok(State::Ready(v) | State::Done(v, _)) = t.0.try_borrow().as_deref() {
                        return Ok(v.clone());
                    }
                    // Forcing may evaluate to any depth: a level of its own,
                    // which watches the stack.
                    let site = Site::anchor(env.file, node.at);
                    return self.nested(site, |ev| ev.force(&t));
                }
                NodeKind::Int(n) => return Ok(Value::Int(*n)),
                NodeKind::Bool(b) => return Ok(Value::Bool(*b)),
                NodeKind::Null => return Ok(Value::Null),
                NodeKind::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    self.step(Site::anchor(env.file, node.at))?;
                    node = match self.eval(cond, env)? {
                        Value::Bool(true) => then,
                        Value::Bool(false) => otherwise,
                        other => {
                            return Err(EvalError::Condition {
                                kind: other.kind(),
                                at: Site::anchor(env.file, cond.at),
                            }
                            .into())
                        }
                    };
                }
                NodeKind::Let { bindings, body } => {
                    self.step(Site::anchor(env.file, node.at))?;
                    let inner = self.let_frame(bindings, env);
                    node = body;
                    frame = Some(inner);
                }
                _ => {
                    let site = Site::anchor(env.file, node.at);
                    self.step(site)?;
                    return self.nested(site, |ev| ev.eval_inner(node, env, site));
                }
            }
        }
    }

    /// The frame of a `let`, its bindings delayed in it.
    fn let_frame(&mut self, bindings: &'db [Node], env: &Env<'db>) -> Env<'db> {
        let frame = Rc::new(Frame {
            slots: OnceCell::new(),
            parent: Some(env.clone()),
            file: env.file,
            module: env.module,
        });
        let slots = bindings
            .iter()
            .map(|b| match &b.kind {
                // A binding of this same `let` has no thunk yet while
                // the slots are being made: look it up when forced.
                NodeKind::Local { up: 0, .. } => Thunk::new(State::Pending(b, frame.clone())),
                _ => self.delay(b, &frame),
            })
            .collect();
        let _ = frame.slots.set(slots);
        self.note_cyclic(&frame);
        frame
    }

    fn eval_inner(&mut self, node: &'db Node, env: &Env<'db>, site: Site) -> R<Value<'db>> {
        Ok(match &node.kind {
            NodeKind::Error => return Err(EvalError::HasErrors { at: site }.into()),
            NodeKind::Float(x) => Value::Float(x.0),
            NodeKind::Text(t) => Value::Text(t.clone()),
            NodeKind::Interp(pieces) => {
                let mut out = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Text(t) => out.push_str(t),
                        Piece::Expr(e) => {
                            let v = self.eval(e, env)?;
                            ops::interpolate(&mut out, &v, Site::anchor(env.file, e.at))?;
                        }
                    }
                    ops::check_size(out.len(), site)?;
                }
                Value::Text(Arc::from(out))
            }
            NodeKind::Builtin(b) => Value::Builtin(Rc::new(Partial {
                builtin: *b,
                args: Vec::new(),
            })),
            NodeKind::List(items) => {
                Value::List(Rc::new(items.iter().map(|i| self.delay(i, env)).collect()))
            }
            NodeKind::Record(fields) => {
                let mut map = Fields::with_capacity_and_hasher(fields.len(), Default::default());
                for f in fields {
                    // Fields stay unevaluated code even when literal, so that
                    // layering and type errors can point at where they were set.
                    let thunk = match f.value.kind {
                        NodeKind::Local { .. } => self.delay(&f.value, env),
                        _ => Thunk::new(State::Pending(&f.value, env.clone())),
                    };
                    map.insert(f.name.clone(), thunk);
                }
                Value::Record(Rc::new(map))
            }
            NodeKind::Select {
                target,
                path,
                default,
            } => {
                let mut value = self.eval(target, env)?;
                for key in path {
                    let field = match &value {
                        Value::Record(fields) => fields.get(&key.name).cloned(),
                        other if default.is_some() && !matches!(other, Value::Record(_)) => None,
                        other => return Err(self.not_a_record(other, key, env.file)),
                    };
                    match field {
                        Some(t) => value = self.force(&t)?,
                        None => match default {
                            Some(d) => return self.eval(d, env),
                            None => return Err(self.missing_field(&value, key, env.file)),
                        },
                    }
                }
                value
            }
            NodeKind::Has { target, path } => {
                // The values on the way must be records; the last field's
                // value is not needed to know that it is there.
                let mut value = self.eval(target, env)?;
                let mut keys = path.iter().peekable();
                while let Some(key) = keys.next() {
                    let field = match &value {
                        Value::Record(fields) => fields.get(&key.name).cloned(),
                        _ => None,
                    };
                    match field {
                        Some(_) if keys.peek().is_none() => break,
                        Some(t) => value = self.force(&t)?,
                        None => return Ok(Value::Bool(false)),
                    }
                }
                Value::Bool(true)
            }
            NodeKind::Apply { func, arg } => {
                let f = self.eval(func, env)?;
                let a = self.delay(arg, env);
                self.apply(f, a, site)?
            }
            NodeKind::Lambda(lambda) => Value::Closure(Rc::new(Closure {
                lambda,
                env: env.clone(),
            })),
            // Evaluated by `eval` itself, without a level of their own.
            NodeKind::Local { .. }
            | NodeKind::Null
            | NodeKind::Bool(_)
            | NodeKind::Int(_)
            | NodeKind::If { .. }
            | NodeKind::Let { .. } => return self.eval(node, env),
            NodeKind::Unary { op, operand } => {
                let v = self.eval(operand, env)?;
                ops::unary(*op, v, site)?
            }
            NodeKind::Binary {
                op,
                op_at,
                lhs,
                rhs,
            } => self.binary(*op, *op_at, lhs, rhs, env)?,
            NodeKind::Type(ty) => Value::Type(Rc::new(value::TypeValue {
                node: ty,
                env: env.clone(),
            })),
            NodeKind::Annot { expr, ty } => {
                let v = self.eval(expr, env)?;
                let at = Site::anchor(env.file, expr.at);
                self.conform(v, ty, env, at)?
            }
            NodeKind::Import(index) => {
                let target = env.module.imports.get(*index as usize).cloned().flatten();
                // A failed import was reported before evaluation started.
                match target {
                    Some(ImportTarget::Floe(file)) => {
                        let t = self.import(file);
                        self.force(&t)?
                    }
                    Some(ImportTarget::Data(file)) => match data_file(self.db, file) {
                        Ok(data) => from_data(data, None),
                        Err(d) => return Err(d.clone()),
                    },
                    None => return Err(EvalError::UnresolvedImport { at: site }.into()),
                }
            }
        })
    }

    fn not_a_record(&self, value: &Value<'db>, key: &PathKey, file: SourceFile) -> Box<Diagnostic> {
        EvalError::NotARecord {
            field: key.name.to_string(),
            kind: value.kind(),
            at: Site::anchor(file, key.at),
            builtin_named: builtins::Builtin::by_name(&key.name).is_some_and(|b| b.arity() == 1),
        }
        .into()
    }

    fn missing_field(
        &self,
        value: &Value<'db>,
        key: &PathKey,
        file: SourceFile,
    ) -> Box<Diagnostic> {
        let fields: Vec<String> = match value {
            Value::Record(fields) => fields.keys().map(|k| k.to_string()).collect(),
            _ => Vec::new(),
        };
        EvalError::NoField {
            field: key.name.to_string(),
            fields,
            at: Site::anchor(file, key.at),
        }
        .into()
    }
}

/// Stack left below which evaluation moves to a new piece of stack.
const STACK_RED_ZONE: usize = 128 * 1024;

/// Size of each new piece of stack.
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Most stack evaluation takes beyond the thread's own, however high
/// `--max-depth` is set.
pub const MAX_GROWN_STACK: usize = 1 << 30;

pub use crate::diagnostics::words::{count, preview};
pub use module::{module_data, EAGER_STEPS};

/// What [`Evaluator::resolve`] found: plain data, or an ordinary value.
enum Passed<'db> {
    Data(Data, Option<Origin>),
    Value(Value<'db>),
}

/// Whether `node` only passes on a value held elsewhere: a variable or a
/// field access without default.
fn passes_on(node: &Node) -> bool {
    matches!(
        node.kind,
        NodeKind::Local { .. } | NodeKind::Select { default: None, .. }
    )
}
