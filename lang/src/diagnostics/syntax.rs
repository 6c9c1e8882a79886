//! Wording of syntax errors: each message is written once, here.

use super::{Code, Diagnostic, Label, Words};
use crate::source::SourceFile;
use crate::syntax::lexer::{LexError, Sym, MAX_NESTING};
use crate::syntax::{SyntaxError, MAX_PARSE_DEPTH};

fn list(words: &[String]) -> String {
    match words {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The code of a syntax error.
pub fn code(error: &SyntaxError) -> Code {
    match error {
        SyntaxError::Lex(LexError::UnexpectedChar { .. }) => Code::E0104,
        SyntaxError::Lex(LexError::UnterminatedString { .. }) => Code::E0102,
        SyntaxError::Lex(LexError::UnterminatedInterpolation { .. }) => Code::E0103,
        SyntaxError::Lex(LexError::InvalidEscape { .. }) => Code::E0105,
        SyntaxError::Lex(LexError::IntegerTooLarge { .. }) => Code::E0107,
        SyntaxError::Lex(LexError::TooDeep { .. }) | SyntaxError::TooDeep { .. } => Code::E0106,
        SyntaxError::Unexpected { .. } => Code::E0101,
        SyntaxError::Invalid { .. } => Code::E0108,
    }
}

/// Turns a syntax error into a diagnostic for `file`.
pub fn describe(file: SourceFile, error: &SyntaxError) -> Diagnostic {
    words(file, error).with_fact(super::Fact::Syntax(error.clone()))
}

fn worded(code: Code, message: impl Into<String>, label: Label) -> Words {
    Words::new(code, message, Some(label))
}

fn words(file: SourceFile, error: &SyntaxError) -> Words {
    let code = code(error);
    match error {
        SyntaxError::Lex(LexError::UnexpectedChar { span, ch }) => {
            let shown = if ch.is_control() {
                format!("U+{:04X}", u32::from(*ch))
            } else {
                format!("`{ch}`")
            };
            let d = worded(
                code,
                format!("unexpected character {shown}"),
                Label::new(file, *span, "no token starts with this character"),
            );
            match ch {
                '\'' => d.with_help("strings use double quotes `\"…\"`, or `''…''` for indented multi-line text"),
                '$' => d.with_help("interpolation `${…}` is only allowed inside a string"),
                '|' => d.with_help("`||` is boolean or; `|>` pipes a value into a function"),
                _ => d.with_help("remove it, or put it inside a string"),
            }
        }
        SyntaxError::Lex(LexError::UnterminatedString { open }) => worded(
            code,
            "this string is never closed",
            Label::new(file, *open, "the string starts here and runs to the end of the file"),
        )
        .with_help("add the closing quote; a `\"` inside the text is written `\\\"`"),
        SyntaxError::Lex(LexError::UnterminatedInterpolation { open }) => worded(
            code,
            "this interpolation is never closed",
            Label::new(file, *open, "the interpolation starts here"),
        )
        .with_help("close it with `}` before the end of the string"),
        SyntaxError::Lex(LexError::InvalidEscape { span }) => worded(
            code,
            "invalid escape sequence",
            Label::new(file, *span, "this escape means nothing"),
        )
        .with_help("the escapes are \\n \\t \\r \\0 \\\" \\\\ \\$ and \\u{…}; write a backslash as `\\\\`, or use an indented string `''…''` where backslashes are literal"),
        SyntaxError::Lex(LexError::IntegerTooLarge { span }) => worded(
            code,
            "number literal out of range",
            Label::new(file, *span, "does not fit in a 64-bit integer or a finite float"),
        )
        .with_help("integers range from -9223372036854775808 to 9223372036854775807; floats must stay below about 1.8e308"),
        SyntaxError::Lex(LexError::TooDeep { span }) => worded(
            code,
            format!("brackets are nested more than {MAX_NESTING} levels deep"),
            Label::new(file, *span, "this opening bracket goes past the limit"),
        )
        .with_note("the rest of the file is not analysed")
        .with_help("split the value into `let` bindings"),
        SyntaxError::Unexpected {
            span,
            found,
            expected,
            unclosed,
            found_sym,
        } => {
            let message = match found {
                Some(found) => format!("unexpected {found}"),
                None => "unexpected end of file".to_string(),
            };
            let mut d = worded(
                code,
                message,
                Label::new(file, *span, format!("expected {}", list(expected))),
            );
            if let Some(open) = unclosed {
                d = d.with_label(Label::new(file, *open, "this bracket is never closed"));
            }
            let help = match found_sym {
                Some(Sym::Semicolon) => Some("fields, list items and `let` bindings are separated by `,`, not `;`"),
                Some(Sym::Colon) => Some("fields are written `name = value` and functions `\\x -> body`; `:` gives a value a type, as in `port : Int = 80`"),
                Some(Sym::Assign) if expected.iter().any(|e| e == "`==`") => {
                    Some("to compare values write `==`")
                }
                Some(Sym::Type | Sym::Extends | Sym::Where) => Some("`type`, `extends` and `where` are keywords: `let type T = …`, `parent extends { … }`, `T where p`"),
                Some(Sym::Lt | Sym::Le | Sym::Gt | Sym::Ge | Sym::EqEq | Sym::NotEq) => {
                    Some("comparisons do not chain: write `a < b && b < c`")
                }
                _ if expected.len() == 1 && expected[0] == "string" => {
                    Some("an import path is a string: `import \"./file.floe\"`")
                }
                _ if expected.iter().any(|e| e == "keyword `in`") => {
                    Some("a `let` needs `in` and the expression the bindings are used in, as in `let x = 1 in x + 1`")
                }
                _ if expected.iter().any(|e| e == "`,`") && found.is_some() && unclosed.is_none() => {
                    Some("items are separated by `,`; a function is applied by juxtaposition, `f x`")
                }
                _ => None,
            };
            match help {
                Some(h) => d.with_help(h),
                None => d,
            }
        }
        SyntaxError::TooDeep { span } => worded(
            code,
            format!("expressions are nested more than {MAX_PARSE_DEPTH} levels deep"),
            Label::new(file, *span, "nesting goes past the limit here"),
        )
        .with_note("the rest of the file is not analysed")
        .with_help("split it up with `let` bindings (`let type` for types)"),
        SyntaxError::Invalid { span, message } => worded(
            code,
            message.clone(),
            Label::new(file, *span, "here"),
        ),
    }
}
