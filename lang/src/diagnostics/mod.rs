//! One plain-data [`Diagnostic`] for every phase, made only by wording a
//! phase's [`Fact`] (one module per phase, each fact worded once), the
//! registry of error codes, and rendering (terminal now; LSP ranges come
//! from the same data).

pub mod eval;
pub mod inherit;
pub mod names;
pub mod output;
mod render;
pub mod syntax;
pub mod types;
pub mod words;

pub use render::{render, LineIndex};

use crate::source::SourceFile;
use crate::syntax::anchor::{Anchor, Anchors};
use crate::syntax::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Stops `check` and `eval`.
    Error,
    /// Reported, does not stop anything.
    Warning,
}

/// Where in its file a place is: a span, or an anchor (tokens rather than
/// bytes) when the place was found by analysing another file, whose result
/// must not change when text here only moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum At {
    /// Bytes of the file.
    Span(Span),
    /// Tokens of the file, turned into a span when shown ([`resolve`]).
    Anchor(Anchor),
}

/// A place in a particular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    /// The file.
    pub file: SourceFile,
    /// Where in it.
    pub at: At,
}

impl Place {
    /// The bytes `span` of `file`.
    pub fn span(file: SourceFile, span: Span) -> Place {
        Place {
            file,
            at: At::Span(span),
        }
    }

    /// The tokens `anchor` of `file`.
    pub fn anchor(file: SourceFile, anchor: Anchor) -> Place {
        Place {
            file,
            at: At::Anchor(anchor),
        }
    }

    /// The bytes of a place given by bytes.
    pub fn bytes(&self) -> Option<Span> {
        match self.at {
            At::Span(span) => Some(span),
            At::Anchor(_) => None,
        }
    }
}

/// A place in a particular file, with a message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    /// The file.
    pub file: SourceFile,
    /// Where in it.
    pub at: At,
    /// What to say there.
    pub message: String,
}

impl Label {
    /// A label in `file` at `span`.
    pub fn new(file: SourceFile, span: Span, message: impl Into<String>) -> Label {
        Label::at(Place::span(file, span), message)
    }

    /// A label at `place`.
    pub fn at(place: Place, message: impl Into<String>) -> Label {
        Label {
            file: place.file,
            at: place.at,
            message: message.into(),
        }
    }

    /// Where it is.
    pub fn place(&self) -> Place {
        Place {
            file: self.file,
            at: self.at,
        }
    }

    /// Its bytes. Diagnostics leave the queries that report them with
    /// their anchors resolved ([`resolve`]); an anchor left unresolved
    /// reads as the start of the file.
    pub fn span(&self) -> Span {
        match self.at {
            At::Span(span) => span,
            At::Anchor(_) => Span::default(),
        }
    }
}

/// Turns the anchors of `diagnostics` into spans, with the token
/// boundaries `anchors_of` gives for each file they point into (asked once
/// per file).
pub fn resolve(
    diagnostics: &mut [Diagnostic],
    mut anchors_of: impl FnMut(SourceFile) -> std::sync::Arc<Anchors>,
) {
    let mut maps: Vec<(SourceFile, std::sync::Arc<Anchors>)> = Vec::new();
    for d in diagnostics.iter_mut() {
        for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
            let At::Anchor(anchor) = label.at else {
                continue;
            };
            let map = match maps.iter().find(|(f, _)| *f == label.file) {
                Some((_, map)) => map.clone(),
                None => {
                    let map = anchors_of(label.file);
                    maps.push((label.file, map.clone()));
                    map
                }
            };
            label.at = At::Span(map.span(anchor));
        }
    }
}

/// What a diagnostic says, as data: one enum per phase, with named fields
/// (the names, the places, the candidates, the rule, the allowed values).
/// Each is worded once, in this module; tools that act on a diagnostic
/// (code actions, the REPL) read the fact, never the text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Fact {
    /// A syntax error (`E01xx`).
    Syntax(crate::syntax::SyntaxError),
    /// Lowering, names and imports (`E02xx`).
    Name(names::NameError),
    /// Types (`E03xx`).
    Type(types::TypeError),
    /// Inheritance (`E04xx`).
    Inherit(inherit::InheritError),
    /// Evaluation (`E05xx`).
    Eval(eval::EvalError),
    /// Output (`E06xx`).
    Output(output::OutputError),
}

impl Fact {
    /// The error code of the fact, which its diagnostic carries.
    pub fn code(&self) -> Code {
        match self {
            Fact::Syntax(e) => syntax::code(e),
            Fact::Name(e) => e.code(),
            Fact::Type(e) => e.code(),
            Fact::Inherit(e) => e.code(),
            Fact::Eval(e) => e.code(),
            Fact::Output(e) => e.code(),
        }
    }
}

/// Each phase's facts become diagnostics, plain or boxed (as evaluation
/// carries them), only through their one wording.
macro_rules! worded {
    ($($fact:ty),*) => {$(
        impl From<$fact> for Diagnostic {
            fn from(fact: $fact) -> Diagnostic {
                fact.diagnostic()
            }
        }

        impl From<$fact> for Box<Diagnostic> {
            fn from(fact: $fact) -> Box<Diagnostic> {
                Box::new(fact.diagnostic())
            }
        }
    )*};
}

worded!(
    names::NameError,
    types::TypeError,
    inherit::InheritError,
    eval::EvalError,
    output::OutputError
);

/// A problem found in a Floe program.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The stable code, `E0xyy`.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// Where it is wrong; `None` only when no source is involved
    /// (the entry file itself could not be read).
    pub primary: Option<Label>,
    /// Other places that explain it, possibly in other files.
    pub secondary: Vec<Label>,
    /// Extra facts.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// What it says, as data.
    pub fact: Box<Fact>,
}

/// A diagnostic's text while it is worded: it becomes a [`Diagnostic`]
/// only with the fact it words ([`Words::with_fact`]), so that none is
/// without one. Only this module words diagnostics.
struct Words {
    code: Code,
    message: String,
    primary: Option<Label>,
    secondary: Vec<Label>,
    notes: Vec<String>,
    help: Option<String>,
}

impl Words {
    fn new(code: Code, message: impl Into<String>, primary: Option<Label>) -> Words {
        Words {
            code,
            message: message.into(),
            primary,
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    fn with_label(mut self, label: Label) -> Words {
        self.secondary.push(label);
        self
    }

    fn with_note(mut self, note: impl Into<String>) -> Words {
        self.notes.push(note.into());
        self
    }

    fn with_help(mut self, help: impl Into<String>) -> Words {
        self.help = Some(help.into());
        self
    }

    fn with_fact(self, fact: Fact) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: Severity::Error,
            message: self.message,
            primary: self.primary,
            secondary: self.secondary,
            notes: self.notes,
            help: self.help,
            fact: Box::new(fact),
        }
    }
}

impl Diagnostic {
    /// Makes a failure inside the standard library, at `line` (from 0) of
    /// the module `library` reading `source`, the failure of the program's
    /// `call` into it: the call becomes the primary label and the library's
    /// line the first note, so that the user sees their own line first.
    pub fn surface(&mut self, call: Place, library: &str, line: usize, source: &str) {
        let inside = self.primary.as_ref().map_or("", |p| p.message.as_str());
        let source: String = source.chars().take(80).collect();
        let frame = format!("{library}:{}: {inside} (`{source}`)", line + 1);
        self.notes.insert(0, frame);
        self.primary = Some(Label::at(
            call,
            format!("this call failed inside `{library}`"),
        ));
    }

    /// Whether this stops evaluation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

macro_rules! codes {
    ($($name:ident = $text:literal : $title:literal,)*) => {
        /// Every error code. Codes are `E0xyy` with `x` the phase (1 syntax,
        /// 2 names and imports, 3 types, 4 inheritance, 5 evaluation,
        /// 6 output); a code is never reused for another meaning.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $(#[doc = $title] $name,)* }

        impl Code {
            /// All codes, in order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as printed, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $text,)* }
            }

            /// A short title, as used in `docs/spec.md`.
            pub fn title(self) -> &'static str {
                match self { $(Code::$name => $title,)* }
            }
        }
    };
}

codes! {
    E0101 = "E0101": "unexpected token",
    E0102 = "E0102": "unterminated string",
    E0103 = "E0103": "unterminated interpolation",
    E0104 = "E0104": "unexpected character",
    E0105 = "E0105": "invalid escape sequence",
    E0106 = "E0106": "nesting too deep",
    E0107 = "E0107": "number literal out of range",
    E0108 = "E0108": "invalid construct",
    E0109 = "E0109": "source is not UTF-8 text",
    E0201 = "E0201": "undefined name",
    E0202 = "E0202": "import cycle",
    E0203 = "E0203": "duplicate definition",
    E0204 = "E0204": "import not found",
    E0205 = "E0205": "import outside the project root",
    E0206 = "E0206": "invalid data file",
    E0207 = "E0207": "unknown standard library module",
    E0208 = "E0208": "unsupported import",
    E0209 = "E0209": "bindings that only name each other",
    E0210 = "E0210": "not a file",
    E0211 = "E0211": "file too large",
    E0301 = "E0301": "value does not match its type",
    E0302 = "E0302": "missing field",
    E0303 = "E0303": "field not in the type",
    E0304 = "E0304": "not a type",
    E0305 = "E0305": "invalid type",
    E0306 = "E0306": "refinement not satisfied",
    E0307 = "E0307": "type defined by itself",
    E0401 = "E0401": "final field changed",
    E0402 = "E0402": "field weakened",
    E0403 = "E0403": "allow-list widened",
    E0404 = "E0404": "appended list shortened",
    E0405 = "E0405": "required field not set",
    E0406 = "E0406": "invalid layering",
    E0501 = "E0501": "wrong kind of value",
    E0502 = "E0502": "missing field",
    E0503 = "E0503": "not a function",
    E0504 = "E0504": "division by zero",
    E0505 = "E0505": "infinite recursion",
    E0506 = "E0506": "evaluation too deep",
    E0507 = "E0507": "integer overflow",
    E0508 = "E0508": "invalid argument",
    E0509 = "E0509": "explicit failure",
    E0510 = "E0510": "missing argument field",
    E0511 = "E0511": "unexpected argument field",
    E0512 = "E0512": "evaluation step limit",
    E0513 = "E0513": "value too large",
    E0514 = "E0514": "memory limit",
    E0601 = "E0601": "function or type in output",
    E0602 = "E0602": "number not representable",
    E0603 = "E0603": "invalid output path",
    E0604 = "E0604": "output tree is not a record",
    E0605 = "E0605": "cannot write output",
    E0606 = "E0606": "output nested too deeply",
    E0607 = "E0607": "content does not suit the file type",
    E0608 = "E0608": "output too large",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
