//! Facts of output (`E06xx`): what cannot be written as data, and the
//! output tree's files. Each is worded once, here.

use std::path::PathBuf;

use super::words::size_text;
use super::{Code, Diagnostic, Fact, Label, Place, Words};

/// What went wrong, as data. A `subject` names the value's place in the
/// output ("the value", "`a.b`").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OutputError {
    /// E0601: a function in the output.
    Function {
        /// Where in the output.
        subject: String,
        /// The function.
        at: Place,
    },
    /// E0601: a type in the output.
    Type {
        /// Where in the output.
        subject: String,
        /// The type.
        at: Place,
    },
    /// E0601: a builtin, not fully applied, in the output.
    Builtin {
        /// Where in the output.
        subject: String,
        /// The builtin.
        name: &'static str,
        /// How many arguments it takes.
        arity: usize,
        /// How many it was given.
        given: usize,
        /// Where it was produced.
        at: Place,
    },
    /// E0601: a checked record where plain data is wanted.
    CheckedRecord {
        /// Where it was produced.
        at: Place,
    },
    /// E0602: a float JSON and YAML cannot represent.
    NonFinite {
        /// Where in the output.
        subject: String,
        /// The float, as Rust writes it (`inf`, `NaN`).
        value: String,
        /// Where it was produced.
        at: Place,
    },
    /// E0603: an output path that is not a relative path of plain names.
    InvalidPath {
        /// The key.
        key: String,
        /// Where in the output, dotted.
        path: String,
    },
    /// E0603: a path that is a file and a directory of another file.
    FileAndDirectory {
        /// The path.
        file: PathBuf,
        /// The file under it.
        of: PathBuf,
    },
    /// E0603: a file written twice.
    WrittenTwice {
        /// The file.
        path: PathBuf,
    },
    /// E0604: `-o DIR` over a value that is not a record.
    NotATree,
    /// E0605: the output tree could not be written.
    CannotWrite {
        /// Why, worded by the writer.
        message: String,
    },
    /// E0605: standard output failed.
    Stdout {
        /// The system's message.
        message: String,
    },
    /// E0606: output nested past the limit.
    TooDeep {
        /// The limit.
        max: usize,
        /// The start of the path where it was reached, dotted.
        path: String,
        /// Where it was produced.
        at: Place,
    },
    /// E0607: a file name without an extension whose value is not a
    /// record of files.
    NoExtension {
        /// The file.
        path: PathBuf,
    },
    /// E0607: a file that is neither YAML nor JSON whose value is not text.
    NotText {
        /// The file.
        path: PathBuf,
        /// What its value is.
        kind: &'static str,
    },
    /// E0608: output larger than `--max-output`.
    TooLarge {
        /// Its size, at least.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

impl OutputError {
    /// The error code.
    pub fn code(&self) -> Code {
        use OutputError as O;
        match self {
            O::Function { .. } | O::Type { .. } | O::Builtin { .. } | O::CheckedRecord { .. } => {
                Code::E0601
            }
            O::NonFinite { .. } => Code::E0602,
            O::InvalidPath { .. } | O::FileAndDirectory { .. } | O::WrittenTwice { .. } => {
                Code::E0603
            }
            O::NotATree => Code::E0604,
            O::CannotWrite { .. } | O::Stdout { .. } => Code::E0605,
            O::TooDeep { .. } => Code::E0606,
            O::NoExtension { .. } | O::NotText { .. } => Code::E0607,
            O::TooLarge { .. } => Code::E0608,
        }
    }

    /// The diagnostic, worded.
    pub fn diagnostic(self) -> Diagnostic {
        let code = self.code();
        let at = |message: String, at: &Place, label: &str| {
            Words::new(code, message, Some(Label::at(*at, label)))
        };
        let bare = |message: String| Words::new(code, message, None);
        let produced = "produced from here";
        use OutputError as O;
        let out = match &self {
            O::Function { subject, at: place } => at(
                format!("{subject} is a function, which cannot be output"),
                place,
                "the function is defined here",
            )
            .with_help("apply the function to its arguments, or leave it out of the output"),
            O::Type { subject, at: place } => at(
                format!("{subject} is a type, which cannot be output"),
                place,
                "the type is written here",
            )
            .with_help("apply the type to a value with `value : Type`, or leave it out of the output"),
            O::Builtin {
                subject,
                name,
                arity,
                given,
                at: place,
            } => at(
                format!("{subject} is the builtin function `{name}`, which cannot be output"),
                place,
                produced,
            )
            .with_help(format!(
                "`{name}` takes {arity} argument(s); it was given {given}"
            )),
            O::CheckedRecord { at: place } => at(
                "a record checked against a type is not plain data".into(),
                place,
                produced,
            ),
            O::NonFinite {
                subject,
                value,
                at: place,
            } => at(
                format!("{subject} is {value}, which JSON and YAML cannot represent"),
                place,
                produced,
            )
            .with_help("a float overflowed; check the arithmetic that computes it"),
            O::InvalidPath { key, path } => bare(format!("`{key}` is not a valid output path"))
                .with_note(format!("at {path}"))
                .with_help("use relative paths of plain names, like `k8s/sales.yaml`; `..`, absolute paths and backslashes are refused"),
            O::FileAndDirectory { file, of } => bare(format!(
                "`{}` is both a file and a directory of `{}`",
                file.display(),
                of.display()
            )),
            O::WrittenTwice { path } => bare(format!("`{}` is written twice", path.display())),
            O::NotATree => bare(
                "`-o DIR` needs a record of file paths to contents, but the value is not a record"
                    .into(),
            )
            .with_help("write e.g. `{ \"manifests/enterprise.yaml\" = enterprise, \"k8s/platform.yaml\" = resources }`"),
            O::CannotWrite { message } => bare(message.clone()).with_note("nothing was written"),
            O::Stdout { message } => bare(format!("cannot write the output to stdout: {message}"))
                .with_note("what was written before the failure is incomplete"),
            O::TooDeep {
                max,
                path,
                at: place,
            } => at(
                format!("the value is nested more than {max} levels deep"),
                place,
                produced,
            )
            .with_note(format!("at {path}"))
            .with_help("output this deep is almost always an accidental self-nesting recursion"),
            O::NoExtension { path } => bare(format!(
                "`{}` has no file extension, and its value is not a record of files",
                path.display()
            ))
            .with_help("name the file with `.yaml`, `.json` or another extension, or make it a record to create a directory"),
            O::NotText { path, kind } => bare(format!(
                "`{}` must hold text, but its value is {kind}",
                path.display()
            ))
            .with_help("use a `.yaml` or `.json` file for structured data, or convert the value to text"),
            O::TooLarge { size, limit } => bare(format!(
                "the output would be at least {}, more than the limit of {}",
                size_text(*size),
                size_text(*limit)
            ))
            .with_note("parts of the value that are shared are written out in full wherever they occur")
            .with_help("write less (`--attr` selects a part), or raise the limit with `--max-output`"),
        };
        out.with_fact(Fact::Output(self))
    }
}
