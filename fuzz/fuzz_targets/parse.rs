//! The parser on any text: it must return a tree and its errors, never
//! panic or overflow.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = floe_lang::syntax::Parse::of(text).ast();
});
