//! The specification and the implementation agree on what exists: every
//! error code has a chapter, every builtin and standard-library module is
//! documented.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use floe_lang::eval::builtins::Builtin;
use floe_lang::stdlib::MODULES;
use floe_lang::Code;

fn spec() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/spec.md")).unwrap()
}

#[test]
fn every_error_code_has_a_chapter() {
    let spec = spec();
    for code in Code::ALL {
        assert!(
            spec.contains(&format!("### {code}\n")),
            "docs/spec.md has no chapter for {code}"
        );
    }
}

#[test]
fn every_builtin_is_documented() {
    let spec = spec();
    for b in Builtin::ALL {
        assert!(
            spec.contains(&format!("| `{} ", b.name())),
            "docs/spec.md does not document `{}`",
            b.name()
        );
        // Its row gives the signature the table (and so the checker) has.
        let row = spec
            .lines()
            .find(|l| l.starts_with(&format!("| `{} ", b.name())))
            .unwrap_or_default();
        assert!(
            row.contains(&format!("| `{}` |", b.signature())),
            "docs/spec.md gives `{}` another type than `{}`: {row}",
            b.name(),
            b.signature()
        );
    }
}

#[test]
fn every_stdlib_module_is_documented() {
    let spec = spec();
    for (name, _) in MODULES {
        assert!(
            spec.contains(&format!("`floe:{name}`")),
            "docs/spec.md does not document floe:{name}"
        );
    }
}
