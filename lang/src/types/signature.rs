//! The static types of builtins, read from their signatures in the table.
//!
//! A signature is written as Floe writes types, with `a`, `b` for any
//! type and `{ .. }` for any record. The checker has no type variables, so
//! those, records and maps are `Dynamic`: a builtin's arguments are checked
//! where the signature names a plain type (`Int`, `Text`, `List …`, a
//! function) and its result is typed, so `length xs ++ "s"` is an error
//! before evaluation.

use std::sync::{Arc, OnceLock};

use super::ty::{prim, Ty};
use crate::builtins::Builtin;
use crate::resolve::ir::Prim;

/// The type of `b`.
pub fn of(b: Builtin) -> Ty {
    static TYPES: OnceLock<Vec<Ty>> = OnceLock::new();
    let types = TYPES.get_or_init(|| Builtin::ALL.iter().map(|b| parse(b.signature())).collect());
    types.get(b as usize).cloned().unwrap_or(Ty::Dynamic)
}

/// The type a signature writes; anything it cannot read is `Dynamic`.
fn parse(sig: &str) -> Ty {
    read(sig).unwrap_or(Ty::Dynamic)
}

/// The words of a signature.
fn words(sig: &str) -> Vec<String> {
    let spaced = sig.replace('(', " ( ").replace(')', " ) ");
    spaced.split_whitespace().map(String::from).collect()
}

/// The type a signature writes, if it is read whole.
fn read(sig: &str) -> Option<Ty> {
    let words = words(sig);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut at = 0;
    let ty = arrow(&words, &mut at);
    (at == words.len()).then_some(ty)
}

fn arrow(words: &[&str], at: &mut usize) -> Ty {
    let param = applied(words, at);
    if words.get(*at) == Some(&"->") {
        *at += 1;
        let result = arrow(words, at);
        return Ty::Function(Arc::new(param), Arc::new(result));
    }
    param
}

fn applied(words: &[&str], at: &mut usize) -> Ty {
    match words.get(*at) {
        Some(&"List") => {
            *at += 1;
            Ty::List(Arc::new(atom(words, at)))
        }
        Some(&"Map") => {
            // `Map Text a`: a record, which the checker leaves to evaluation.
            *at += 2;
            let _ = atom(words, at);
            Ty::Dynamic
        }
        _ => atom(words, at),
    }
}

fn atom(words: &[&str], at: &mut usize) -> Ty {
    let Some(word) = words.get(*at).copied() else {
        return Ty::Dynamic;
    };
    *at += 1;
    match word {
        "(" => {
            let inner = arrow(words, at);
            if words.get(*at) == Some(&")") {
                *at += 1;
            }
            inner
        }
        "{" => {
            while words.get(*at).is_some_and(|w| *w != "}") {
                *at += 1;
            }
            *at += 1;
            Ty::Dynamic
        }
        _ => match Prim::by_name(word) {
            Some(Prim::Dynamic) | None => Ty::Dynamic,
            Some(p) => prim(p),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every signature is read whole, with as many arrows as arguments.
    #[test]
    fn every_signature_reads_with_its_arity() {
        for b in Builtin::ALL {
            let read = read(b.signature());
            assert!(read.is_some(), "{}: {}", b.name(), b.signature());
            let mut ty = read.unwrap_or(Ty::Dynamic);
            for word in words(b.signature()) {
                let known = ["(", ")", "->", "{", "..", "}", "List", "Map", "a", "b"];
                assert!(
                    known.contains(&word.as_str()) || Prim::by_name(&word).is_some(),
                    "{}: `{word}` in {}",
                    b.name(),
                    b.signature()
                );
            }
            let mut arrows = 0;
            while let Ty::Function(_, result) = ty {
                arrows += 1;
                ty = (*result).clone();
            }
            assert_eq!(arrows, b.arity(), "{}: {}", b.name(), b.signature());
        }
    }

    #[test]
    fn results_are_typed() {
        assert_eq!(of(Builtin::Length).text(), "Dynamic -> Int");
        assert_eq!(of(Builtin::Range).text(), "Int -> Int -> List Int");
        assert_eq!(
            of(Builtin::Map).text(),
            "(Dynamic -> Dynamic) -> (List Dynamic) -> List Dynamic"
        );
    }
}
