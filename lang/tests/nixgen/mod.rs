//! A generator of programs that mean the same in Floe and in Nix, written
//! in both syntaxes at once. Programs are typed as they are built, so most
//! evaluate; errors come from deliberate forms (division by a computed
//! zero, `head []`, a used cycle of aliases) that are wrong in both.

use std::collections::HashSet;

/// Nix definitions of the Floe builtins the generator uses, with Floe's
/// meaning (`fold` computes each step as it goes, as `foldl'` does; `range`
/// excludes its end; …).
pub const NIX_PRELUDE: &str = r#"rec {
  map = f: xs: builtins.map f xs;
  filter = f: xs: builtins.filter f xs;
  fold = f: init: xs: builtins.foldl' f init xs;
  length = xs: builtins.length xs;
  sum = xs: fold (a: b: a + b) 0 xs;
  head = xs: builtins.head xs;
  tail = xs: builtins.tail xs;
  at = i: xs: builtins.elemAt xs i;
  elem = x: xs: builtins.elem x xs;
  any = f: xs: builtins.any f xs;
  all = f: xs: builtins.all f xs;
  reverse = xs: let n = builtins.length xs; in builtins.genList (i: builtins.elemAt xs (n - 1 - i)) n;
  range = a: b: if b <= a then [] else builtins.genList (i: a + i) (b - a);
  join = sep: xs: builtins.concatStringsSep sep xs;
  to_string = x: builtins.toString x;
  has = name: r: builtins.hasAttr name r;
  get = name: r: builtins.getAttr name r;
  min = a: b: if a < b then a else b;
  max = a: b: if a < b then b else a;
  abs = x: if x < 0 then 0 - x else x;
}"#;

/// Builtin names a `let` may rebind, shadowing the builtin in both
/// languages.
const SHADOWABLE: [&str; 6] = ["map", "head", "length", "sum", "filter", "reverse"];

const FIELDS: [&str; 5] = ["a", "b", "c", "d", "e"];

const WORDS: [&str; 6] = ["", "x", "ab", "floe", "mesh", "z y"];

#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Int,
    Bool,
    Text,
    List(Box<Ty>),
    Rec(Vec<(&'static str, Ty)>),
    Fun(Box<Ty>, Box<Ty>),
}

/// One expression in both languages.
#[derive(Clone)]
struct Code {
    floe: String,
    nix: String,
}

fn same(s: impl Into<String>) -> Code {
    let s = s.into();
    Code {
        floe: s.clone(),
        nix: s,
    }
}

fn code(floe: String, nix: String) -> Code {
    Code { floe, nix }
}

/// A binary operator spelled alike in both languages.
fn binary(l: &Code, op: &str, r: &Code) -> Code {
    code(
        format!("({} {op} {})", l.floe, r.floe),
        format!("({} {op} {})", l.nix, r.nix),
    )
}

/// A call of a builtin: `name a b` in Floe, `__fl.name a b` in Nix.
fn call(name: &str, args: &[Code]) -> Code {
    let f: Vec<&str> = args.iter().map(|a| a.floe.as_str()).collect();
    let n: Vec<&str> = args.iter().map(|a| a.nix.as_str()).collect();
    code(
        format!("({name} {})", f.join(" ")),
        format!("(__fl.{name} {})", n.join(" ")),
    )
}

struct Var {
    name: String,
    ty: Ty,
}

struct Gen {
    state: u64,
    scope: Vec<Var>,
    /// Builtin names bound by an enclosing `let`: calls to them would call
    /// the binding.
    shadowed: HashSet<&'static str>,
    fresh: usize,
}

impl Gen {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn name(&mut self) -> String {
        self.fresh += 1;
        format!("v{}", self.fresh)
    }

    fn builtin(&self, name: &'static str) -> bool {
        !self.shadowed.contains(name)
    }

    /// A data type (no functions), nested at most `depth` levels.
    fn data_ty(&mut self, depth: usize) -> Ty {
        match self.below(if depth == 0 { 3 } else { 6 }) {
            0 => Ty::Int,
            1 => Ty::Bool,
            2 => Ty::Text,
            3 => Ty::List(Box::new(self.data_ty(depth - 1))),
            4 | 5 => {
                let n = 1 + self.below(3);
                let mut fields: Vec<&'static str> = FIELDS.to_vec();
                for i in 0..fields.len() {
                    let j = self.below(fields.len());
                    fields.swap(i, j);
                }
                Ty::Rec(
                    fields
                        .into_iter()
                        .take(n)
                        .map(|f| (f, self.data_ty(depth - 1)))
                        .collect(),
                )
            }
            _ => Ty::Int,
        }
    }

    fn vars_of(&self, ty: &Ty) -> Vec<String> {
        self.scope
            .iter()
            .filter(|v| v.ty == *ty)
            .map(|v| v.name.clone())
            .collect()
    }

    fn literal(&mut self, ty: &Ty, depth: usize) -> Code {
        match ty {
            Ty::Int => same(self.below(20).to_string()),
            Ty::Bool => same(if self.chance(50) { "true" } else { "false" }),
            Ty::Text => same(format!("\"{}\"", self.pick(&WORDS))),
            Ty::List(item) => {
                let n = self.below(4);
                let items: Vec<Code> = (0..n).map(|_| self.expr(item, depth)).collect();
                let f: Vec<&str> = items.iter().map(|c| c.floe.as_str()).collect();
                let x: Vec<&str> = items.iter().map(|c| c.nix.as_str()).collect();
                code(format!("[{}]", f.join(", ")), format!("[{}]", x.join(" ")))
            }
            Ty::Rec(fields) => self.record(fields, depth),
            Ty::Fun(param, result) => self.lambda(param, result, depth),
        }
    }

    fn record(&mut self, fields: &[(&'static str, Ty)], depth: usize) -> Code {
        let mut f = Vec::new();
        let mut n = Vec::new();
        for (name, ty) in fields {
            // A nested record is sometimes written with dotted keys.
            if let (Ty::Rec(inner), true) = (ty, self.chance(30)) {
                for (k, t) in inner {
                    let v = self.expr(t, depth);
                    f.push(format!("{name}.{k} = {}", v.floe));
                    n.push(format!("{name}.{k} = {};", v.nix));
                }
                continue;
            }
            let v = self.expr(ty, depth);
            f.push(format!("{name} = {}", v.floe));
            n.push(format!("{name} = {};", v.nix));
        }
        code(
            format!("{{ {} }}", f.join(", ")),
            format!("{{ {} }}", n.join(" ")),
        )
    }

    fn lambda(&mut self, param: &Ty, result: &Ty, depth: usize) -> Code {
        let x = self.name();
        self.scope.push(Var {
            name: x.clone(),
            ty: param.clone(),
        });
        let body = self.expr(result, depth);
        self.scope.pop();
        code(
            format!("(\\{x} -> {})", body.floe),
            format!("({x}: {})", body.nix),
        )
    }

    /// An expression of type `ty`, nested about `depth` levels.
    fn expr(&mut self, ty: &Ty, depth: usize) -> Code {
        let vars = self.vars_of(ty);
        if depth == 0 {
            if !vars.is_empty() && self.chance(60) {
                return same(self.pick(&vars).clone());
            }
            return self.literal(ty, 0);
        }
        let d = depth - 1;
        match self.below(10) {
            0 if !vars.is_empty() => same(self.pick(&vars).clone()),
            1 => self.let_(ty, d),
            2 => {
                let c = self.expr(&Ty::Bool, d);
                let t = self.expr(ty, d);
                let e = self.expr(ty, d);
                code(
                    format!("(if {} then {} else {})", c.floe, t.floe, e.floe),
                    format!("(if {} then {} else {})", c.nix, t.nix, e.nix),
                )
            }
            3 => self.apply(ty, d),
            4 => self.select(ty, d),
            _ => self.special(ty, d),
        }
    }

    /// A field of a record built around a value of `ty`.
    fn select(&mut self, ty: &Ty, d: usize) -> Code {
        let mut fields = match self.data_ty(1) {
            Ty::Rec(f) => f,
            _ => vec![("a", Ty::Int)],
        };
        let key = self.pick(&FIELDS);
        fields.retain(|(k, _)| k != key);
        let present = self.chance(70);
        if present {
            fields.push((key, ty.clone()));
        }
        let record = self.expr(&Ty::Rec(fields), d);
        if present && self.chance(60) {
            return code(
                format!("({}).{key}", record.floe),
                format!("({}).{key}", record.nix),
            );
        }
        let default = self.expr(ty, d);
        code(
            format!("(({}).{key} or {})", record.floe, default.floe),
            format!("(({}).{key} or {})", record.nix, default.nix),
        )
    }

    /// A function of the scope (or a lambda written here) applied.
    fn apply(&mut self, ty: &Ty, d: usize) -> Code {
        let funs: Vec<(String, Ty)> = self
            .scope
            .iter()
            .filter_map(|v| match &v.ty {
                Ty::Fun(p, r) if **r == *ty => Some((v.name.clone(), (**p).clone())),
                _ => None,
            })
            .collect();
        if let Some((f, param)) = (!funs.is_empty()).then(|| self.pick(&funs).clone()) {
            let arg = self.expr(&param, d);
            return code(format!("({f} {})", arg.floe), format!("({f} {})", arg.nix));
        }
        let param = self.data_ty(1);
        let f = self.lambda(&param, ty, d);
        let arg = self.expr(&param, d);
        binary(&f, "", &arg)
    }

    /// The forms particular to one type.
    fn special(&mut self, ty: &Ty, d: usize) -> Code {
        match ty {
            Ty::Int => self.int(d),
            Ty::Bool => self.bool(d),
            Ty::Text => self.text(d),
            Ty::List(item) => self.list(item, d),
            Ty::Rec(fields) => {
                if fields.len() > 1 && self.chance(40) {
                    self.merge(fields, d)
                } else {
                    self.record(fields, d)
                }
            }
            Ty::Fun(p, r) => self.lambda(p, r, d),
        }
    }

    fn int(&mut self, d: usize) -> Code {
        let int = Ty::Int;
        let ints = Ty::List(Box::new(Ty::Int));
        match self.below(12) {
            0 | 1 => {
                let (l, r) = (self.expr(&int, d), self.expr(&int, d));
                binary(&l, if self.chance(50) { "+" } else { "-" }, &r)
            }
            2 => {
                let l = self.expr(&int, d);
                binary(&l, "*", &same(self.below(6).to_string()))
            }
            3 => {
                let l = self.expr(&int, d);
                // Mostly a literal divisor; sometimes a computed one, which
                // may be zero (an error in both).
                let r = if self.chance(85) {
                    same((1 + self.below(5)).to_string())
                } else {
                    self.expr(&int, d)
                };
                binary(&l, "/", &r)
            }
            4 if self.builtin("length") => {
                let item = self.data_ty(1);
                let xs = self.expr(&Ty::List(Box::new(item)), d);
                call("length", &[xs])
            }
            5 if self.builtin("sum") => call("sum", &[self.expr(&ints, d)]),
            6 => {
                let item = self.data_ty(1);
                let acc = self.name();
                let x = self.name();
                self.scope.push(Var {
                    name: acc.clone(),
                    ty: Ty::Int,
                });
                self.scope.push(Var {
                    name: x.clone(),
                    ty: item.clone(),
                });
                let body = self.expr(&int, d);
                self.scope.truncate(self.scope.len() - 2);
                let f = code(
                    format!("(\\{acc} {x} -> {})", body.floe),
                    format!("({acc}: {x}: {})", body.nix),
                );
                let init = self.expr(&int, d);
                let xs = self.expr(&Ty::List(Box::new(item)), d);
                call("fold", &[f, init, xs])
            }
            7 if self.builtin("head") => call("head", &[self.expr(&ints, d)]),
            8 => {
                let i = same(self.below(3).to_string());
                call("at", &[i, self.expr(&ints, d)])
            }
            9 => {
                let name = if self.chance(50) { "min" } else { "max" };
                call(name, &[self.expr(&int, d), self.expr(&int, d)])
            }
            10 => {
                let x = self.expr(&int, d);
                call("abs", &[binary(&x, "-", &same("10"))])
            }
            _ => self.literal(&int, d),
        }
    }

    fn bool(&mut self, d: usize) -> Code {
        let b = Ty::Bool;
        match self.below(9) {
            0 => {
                let ty = self.eq_ty(1);
                let (l, r) = (self.expr(&ty, d), self.expr(&ty, d));
                binary(&l, if self.chance(50) { "==" } else { "!=" }, &r)
            }
            1 => {
                let ty = if self.chance(50) { Ty::Int } else { Ty::Text };
                let (l, r) = (self.expr(&ty, d), self.expr(&ty, d));
                let op = ["<", "<=", ">", ">="][self.below(4)];
                binary(&l, op, &r)
            }
            2 | 3 => {
                let (l, r) = (self.expr(&b, d), self.expr(&b, d));
                binary(&l, if self.chance(50) { "&&" } else { "||" }, &r)
            }
            4 => {
                let x = self.expr(&b, d);
                code(format!("(!{})", x.floe), format!("(!{})", x.nix))
            }
            5 => {
                let ty = self.eq_ty(1);
                let x = self.expr(&ty, d);
                call("elem", &[x, self.expr(&Ty::List(Box::new(ty)), d)])
            }
            6 => {
                let ty = self.data_ty_rec();
                let r = self.expr(&ty, d);
                let key = self.pick(&FIELDS);
                code(
                    format!("(({}) ? {key})", r.floe),
                    format!("(({}) ? {key})", r.nix),
                )
            }
            7 => {
                let item = self.data_ty(1);
                let pred = self.lambda(&item, &b, d);
                let name = if self.chance(50) { "any" } else { "all" };
                call(name, &[pred, self.expr(&Ty::List(Box::new(item)), d)])
            }
            _ => self.literal(&b, d),
        }
    }

    /// A type for the operands of `==` and `elem`. Records are left out:
    /// Nix compares their fields in an order of its own, so which error of
    /// two a comparison meets first would differ.
    fn eq_ty(&mut self, depth: usize) -> Ty {
        match self.below(if depth == 0 { 3 } else { 4 }) {
            0 => Ty::Int,
            1 => Ty::Bool,
            2 => Ty::Text,
            _ => Ty::List(Box::new(self.eq_ty(depth - 1))),
        }
    }

    fn data_ty_rec(&mut self) -> Ty {
        match self.data_ty(1) {
            r @ Ty::Rec(_) => r,
            other => Ty::Rec(vec![("a", other)]),
        }
    }

    fn text(&mut self, d: usize) -> Code {
        let t = Ty::Text;
        match self.below(6) {
            0 | 1 => {
                let (l, r) = (self.expr(&t, d), self.expr(&t, d));
                binary(&l, "+", &r)
            }
            2 => {
                let x = self.expr(&t, d);
                let (pre, post) = (self.pick(&WORDS), self.pick(&WORDS));
                code(
                    format!("\"{pre}${{{}}}{post}\"", x.floe),
                    format!("\"{pre}${{{}}}{post}\"", x.nix),
                )
            }
            3 => call("to_string", &[self.expr(&Ty::Int, d)]),
            4 => {
                let sep = same(format!("\"{}\"", self.pick(&[", ", "-", ""])));
                call("join", &[sep, self.expr(&Ty::List(Box::new(t)), d)])
            }
            _ => self.literal(&t, d),
        }
    }

    fn list(&mut self, item: &Ty, d: usize) -> Code {
        let ty = Ty::List(Box::new(item.clone()));
        match self.below(8) {
            0 => {
                let (l, r) = (self.expr(&ty, d), self.expr(&ty, d));
                binary(&l, "++", &r)
            }
            1 if self.builtin("map") => {
                let from = self.data_ty(1);
                let f = self.lambda(&from, item, d);
                call("map", &[f, self.expr(&Ty::List(Box::new(from)), d)])
            }
            2 if self.builtin("filter") => {
                let pred = self.lambda(item, &Ty::Bool, d);
                call("filter", &[pred, self.expr(&ty, d)])
            }
            3 if self.builtin("reverse") => call("reverse", &[self.expr(&ty, d)]),
            4 if *item == Ty::Int => {
                let (a, b) = (self.below(6), self.below(9));
                call("range", &[same(a.to_string()), same(b.to_string())])
            }
            5 => call("tail", &[self.expr(&ty, d)]),
            _ => self.literal(&ty, d),
        }
    }

    /// `l // r` giving a record with `fields`: `r` sets some of them, `l`
    /// the others and perhaps the same keys with values of other types.
    fn merge(&mut self, fields: &[(&'static str, Ty)], d: usize) -> Code {
        let split = 1 + self.below(fields.len() - 1);
        let (left, right) = fields.split_at(split);
        let mut left = left.to_vec();
        for (k, _) in right {
            if self.chance(40) {
                let other = self.data_ty(0);
                left.push((k, other));
            }
        }
        let l = self.expr(&Ty::Rec(left), d);
        let r = self.expr(&Ty::Rec(right.to_vec()), d);
        binary(&l, "//", &r)
    }

    /// A `let` whose body has type `ty`. Bindings may use the ones made
    /// before them in a random order, so they are written before or after
    /// what they use; some are only another binding's name.
    fn let_(&mut self, ty: &Ty, d: usize) -> Code {
        let n = 1 + self.below(4);
        let mut names = Vec::new();
        for _ in 0..n {
            let shadow = *self.pick(&SHADOWABLE);
            let name = if self.chance(15) && !names.iter().any(|(m, _): &(String, Ty)| m == shadow)
            {
                shadow.to_string()
            } else {
                self.name()
            };
            let ty = if self.chance(25) {
                Ty::Fun(Box::new(self.data_ty(1)), Box::new(self.data_ty(1)))
            } else {
                self.data_ty(2)
            };
            names.push((name, ty));
        }
        // The let's names hide outer bindings of the same name everywhere
        // in it.
        let hidden: Vec<(usize, Var)> = {
            let mut out = Vec::new();
            let mut i = 0;
            while i < self.scope.len() {
                if names.iter().any(|(m, _)| *m == self.scope[i].name) {
                    out.push((i, self.scope.remove(i)));
                } else {
                    i += 1;
                }
            }
            out
        };
        let newly: Vec<&'static str> = SHADOWABLE
            .iter()
            .copied()
            .filter(|s| names.iter().any(|(m, _)| m == s) && self.shadowed.insert(s))
            .collect();
        let mark = self.scope.len();
        let mut values = Vec::new();
        for (name, ty) in &names {
            let earlier = self.vars_of(ty);
            let value = if !earlier.is_empty() && self.chance(25) {
                let target = self.pick(&earlier).clone();
                if self.chance(30) {
                    code(format!("({target})"), format!("({target})"))
                } else {
                    same(target)
                }
            } else {
                self.expr(ty, d)
            };
            values.push((name.clone(), value));
            self.scope.push(Var {
                name: name.clone(),
                ty: ty.clone(),
            });
        }
        let body = self.expr(ty, d);
        self.scope.truncate(mark);
        for (i, v) in hidden.into_iter().rev() {
            self.scope.insert(i, v);
        }
        for s in newly {
            self.shadowed.remove(s);
        }
        for i in 0..values.len() {
            let j = self.below(values.len());
            values.swap(i, j);
        }
        let f: Vec<String> = values
            .iter()
            .map(|(n, v)| format!("{n} = {}", v.floe))
            .collect();
        let x: Vec<String> = values
            .iter()
            .map(|(n, v)| format!("{n} = {};", v.nix))
            .collect();
        code(
            format!("(let {} in {})", f.join(", "), body.floe),
            format!("(let {} in {})", x.join(" "), body.nix),
        )
    }
}

/// The program of `seed`, in Floe and in Nix: a record of a few fields.
pub fn program(seed: u64) -> (String, String) {
    let mut g = Gen {
        state: seed,
        scope: Vec::new(),
        shadowed: HashSet::new(),
        fresh: 0,
    };
    let mut f = Vec::new();
    let mut n = Vec::new();
    for (i, _) in (0..1 + g.below(3)).enumerate() {
        let key = format!("out{i}");
        // Now and then, a cycle of aliases that the output uses: no value
        // in either language.
        if g.chance(1) {
            f.push(format!("{key} = (let p = q, q = p in p)"));
            n.push(format!("{key} = (let p = q; q = p; in p);"));
            continue;
        }
        let ty = g.data_ty(2);
        let depth = 2 + g.below(3);
        let v = g.expr(&ty, depth);
        f.push(format!("{key} = {}", v.floe));
        n.push(format!("{key} = {};", v.nix));
    }
    (
        format!("{{ {} }}\n", f.join(", ")),
        format!("{{ {} }}", n.join(" ")),
    )
}
