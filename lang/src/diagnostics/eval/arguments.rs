//! Why a builtin refused its arguments, worded once.

use crate::diagnostics::words::float_text;

/// Why a builtin refused its arguments (E0508).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ArgProblem {
    /// A sort key that is neither a number nor text.
    Unorderable {
        /// What it is.
        kind: &'static str,
    },
    /// Sort keys of both numbers and text.
    MixedOrder,
    /// `head` or `tail` of `[]`.
    EmptyList,
    /// `at` past the end.
    IndexOutOfRange {
        /// The index asked for.
        index: i64,
        /// The list's length.
        len: usize,
    },
    /// A `sum` item that is not a number.
    SumItem {
        /// What it is.
        kind: &'static str,
    },
    /// A `remove` item that is not a field name.
    RemoveItem {
        /// What it is.
        kind: &'static str,
    },
    /// A `from_entries` entry that is not a record.
    EntryNotRecord {
        /// What it is.
        kind: &'static str,
    },
    /// A `from_entries` entry without `name` and `value`.
    EntryFields,
    /// A `from_entries` entry whose `name` is not text.
    EntryName {
        /// What it is.
        kind: &'static str,
    },
    /// A `join` item that is not text.
    JoinItem {
        /// Its index.
        index: usize,
        /// What it is.
        kind: &'static str,
    },
    /// `replace` of empty text.
    EmptyReplace,
    /// A float too large for an integer.
    IntRange {
        /// The float's bits (`f64::to_bits`), so that the fact is `Eq`.
        bits: u64,
    },
    /// Text that is not an integer.
    NotInteger {
        /// The text.
        text: String,
    },
    /// Text that is not a number.
    NotNumber {
        /// The text.
        text: String,
    },
    /// `min` or `max` of values with no order between them.
    Incomparable {
        /// The first value's kind.
        left: &'static str,
        /// The second value's kind.
        right: &'static str,
    },
    /// A value JSON cannot write.
    Unwritable {
        /// The writer's message.
        message: String,
    },
    /// Text that is not JSON.
    InvalidJson {
        /// The parser's message.
        message: String,
    },
    /// A comparison builtin given something other than numbers.
    NotNumbers {
        /// What it is.
        kind: &'static str,
    },
    /// A regular expression that does not compile.
    Pattern {
        /// The compiler's message.
        message: String,
    },
}

impl ArgProblem {
    pub(super) fn words(&self, builtin: &str) -> String {
        use ArgProblem as A;
        match self {
            A::Unorderable { kind } => format!("`{builtin}` orders numbers or text, not {kind}"),
            A::MixedOrder => "cannot order a mix of numbers and text".into(),
            A::EmptyList => format!("`{builtin}` of an empty list"),
            A::IndexOutOfRange { index, len } => {
                format!("index {index} is out of range for a list of {len} items")
            }
            A::SumItem { kind } => format!("`sum` adds numbers, but an item is {kind}"),
            A::RemoveItem { kind } => {
                format!("`remove` takes a list of field names, but an item is {kind}")
            }
            A::EntryNotRecord { kind } => {
                format!("each entry must be a record `{{ name, value }}`, not {kind}")
            }
            A::EntryFields => "each entry must have the fields `name` and `value`".into(),
            A::EntryName { kind } => format!("an entry's `name` must be text, not {kind}"),
            A::JoinItem { index, kind } => format!("`join` joins text, but item {index} is {kind}"),
            A::EmptyReplace => "`replace` cannot replace empty text".into(),
            A::IntRange { bits } => format!(
                "{} is outside the range of 64-bit integers",
                float_text(f64::from_bits(*bits))
            ),
            A::NotInteger { text } => format!("`{text}` is not an integer"),
            A::NotNumber { text } => format!("`{text}` is not a number"),
            A::Incomparable { left, right } => format!("cannot order {left} and {right}"),
            A::Unwritable { message } => message.clone(),
            A::InvalidJson { message } => format!("invalid JSON: {message}"),
            A::NotNumbers { kind } => format!("`{builtin}` compares numbers, not {kind}"),
            A::Pattern { message } => format!("invalid pattern: {message}"),
        }
    }
}
