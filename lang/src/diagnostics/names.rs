//! Facts of lowering, names and imports (`E01xx` limits met while lowering,
//! `E02xx`), each worded once, here.

use std::path::PathBuf;

use super::words::{size_text, suggest};
use super::{Code, Diagnostic, Fact, Label, Place, Words};

/// Why a file could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LoadError {
    /// It does not exist or cannot be read.
    Io {
        /// The OS error, worded.
        message: String,
    },
    /// It is not UTF-8 text.
    NotText,
    /// It is a directory, a named pipe, a device or a socket.
    NotAFile {
        /// What it is ("a directory").
        what: &'static str,
    },
    /// Its symbolic links lead outside the project root.
    ThroughLink {
        /// Where they lead.
        real: PathBuf,
    },
    /// It is larger than the limit.
    TooLarge {
        /// Its size in bytes (at least `limit + 1`).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// What went wrong, as data: the names, the places and the candidates.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NameError {
    /// E0106: lowering met an expression or type nested past the limit.
    TooDeep {
        /// "expression" or "type".
        what: &'static str,
        /// The limit.
        limit: usize,
        /// Where it was reached.
        at: Place,
    },
    /// E0201: a name with no binding in scope.
    Undefined {
        /// The name as written.
        name: String,
        /// Where.
        at: Place,
        /// The name in scope closest to it, if it is close enough.
        suggestion: Option<String>,
    },
    /// E0201: a type name with no definition.
    UndefinedType {
        /// The name as written.
        name: String,
        /// Where.
        at: Place,
        /// The type name closest to it, if it is close enough.
        suggestion: Option<String>,
    },
    /// E0203: a record field defined twice.
    DuplicateField {
        /// The field.
        key: String,
        /// The first definition.
        first: Place,
        /// The second one.
        again: Place,
    },
    /// E0203: a name bound twice in one `let` or pattern.
    DuplicateBinding {
        /// The name.
        name: String,
        /// The first binding.
        first: Place,
        /// The second one.
        again: Place,
    },
    /// E0203: an enum tag listed twice.
    DuplicateTag {
        /// The tag.
        tag: String,
        /// The first listing.
        first: Place,
        /// The second one.
        again: Place,
    },
    /// E0209: bindings defined only as each other.
    AliasCycle {
        /// Each binding, the name it is defined as, and where.
        links: Vec<(String, String, Place)>,
    },
    /// E0202: files that import each other in a circle.
    ImportCycle {
        /// Each file of the cycle and where it imports the next; the last
        /// import closes the cycle back to the first file.
        members: Vec<(String, Place)>,
    },
    /// E0207: `floe:name` names no module.
    UnknownModule {
        /// The name after `floe:`.
        module: String,
        /// The import.
        at: Place,
        /// The modules there are.
        modules: Vec<String>,
    },
    /// E0208: an import of a URL or a scheme other than `floe:`.
    NotLocal {
        /// The path as written.
        path: String,
        /// The import.
        at: Place,
    },
    /// E0208: a standard library module importing a file.
    FileFromStdlib {
        /// The import.
        at: Place,
    },
    /// E0208: an absolute import path.
    Absolute {
        /// The path as written.
        path: String,
        /// The import.
        at: Place,
    },
    /// E0208: an import of a file that is neither Floe nor data.
    UnknownFileType {
        /// The path as written.
        path: String,
        /// The import.
        at: Place,
    },
    /// E0205: an import outside the project root.
    OutsideRoot {
        /// The path as written.
        path: String,
        /// The import.
        at: Place,
        /// The project root.
        root: PathBuf,
        /// When it is inside but links lead outside: the file and where its
        /// links lead.
        through_link: Option<(PathBuf, PathBuf)>,
    },
    /// A file that could not be loaded (E0204, E0109, E0205, E0210, E0211).
    Load {
        /// What was being done, worded: "cannot import `x.json`".
        what: String,
        /// Why it failed.
        error: LoadError,
        /// The import, when there is one.
        at: Option<Place>,
        /// The file looked for, when it was not found.
        looked_for: Option<PathBuf>,
    },
    /// E0206: a JSON or YAML file that does not parse.
    InvalidData {
        /// "JSON" or "YAML".
        format: &'static str,
        /// The parser's message.
        message: String,
        /// Where.
        at: Place,
    },
}

impl NameError {
    /// The error code.
    pub fn code(&self) -> Code {
        match self {
            NameError::TooDeep { .. } => Code::E0106,
            NameError::Undefined { .. } | NameError::UndefinedType { .. } => Code::E0201,
            NameError::DuplicateField { .. }
            | NameError::DuplicateBinding { .. }
            | NameError::DuplicateTag { .. } => Code::E0203,
            NameError::AliasCycle { .. } => Code::E0209,
            NameError::ImportCycle { .. } => Code::E0202,
            NameError::UnknownModule { .. } => Code::E0207,
            NameError::NotLocal { .. }
            | NameError::FileFromStdlib { .. }
            | NameError::Absolute { .. }
            | NameError::UnknownFileType { .. } => Code::E0208,
            NameError::OutsideRoot { .. } => Code::E0205,
            NameError::Load { error, .. } => match error {
                LoadError::Io { .. } => Code::E0204,
                LoadError::NotText => Code::E0109,
                LoadError::NotAFile { .. } => Code::E0210,
                LoadError::ThroughLink { .. } => Code::E0205,
                LoadError::TooLarge { .. } => Code::E0211,
            },
            NameError::InvalidData { .. } => Code::E0206,
        }
    }

    /// The diagnostic, worded.
    pub fn diagnostic(self) -> Diagnostic {
        let code = self.code();
        let d = |message: String, label: Label| Words::new(code, message, Some(label));
        let d = match &self {
            NameError::TooDeep { what, limit, at } => d(
                format!("{what} nested more than {limit} levels deep"),
                Label::at(*at, "nesting goes past the limit here"),
            )
            .with_help("split it up with `let` bindings (`let type` for types)"),
            NameError::Undefined {
                name,
                at,
                suggestion,
            } => d(
                format!("`{name}` is not defined"),
                Label::at(*at, "not found in this scope"),
            )
            .with_help(suggest(
                suggestion.as_deref(),
                "define it with `let`, take it as a function parameter, or import it",
            )),
            NameError::UndefinedType {
                name,
                at,
                suggestion,
            } => d(
                format!("the type `{name}` is not defined"),
                Label::at(*at, "no type of this name"),
            )
            .with_help(suggest(
                suggestion.as_deref(),
                "the built-in types are Bool, Int, Float, Text, Null, Dynamic, List T and Map Text T; define others with `let type Name = …`",
            )),
            NameError::DuplicateField { key, first, again } => d(
                format!("the field `{key}` is defined twice"),
                Label::at(*again, "defined again here"),
            )
            .with_label(Label::at(*first, "first defined here"))
            .with_help(
                "remove one definition; to combine two records use `//` (shallow) or `&` (deep)",
            ),
            NameError::DuplicateBinding { name, first, again } => d(
                format!("`{name}` is bound twice"),
                Label::at(*again, "bound again here"),
            )
            .with_label(Label::at(*first, "first bound here"))
            .with_help("give one of them another name"),
            NameError::DuplicateTag { tag, first, again } => d(
                format!("the tag `{tag}` is listed twice"),
                Label::at(*again, "listed again here"),
            )
            .with_label(Label::at(*first, "first listed here")),
            NameError::AliasCycle { links } => {
                let label = |(name, target, at): &(String, String, Place)| {
                    Label::at(*at, format!("`{name}` is only `{target}`"))
                };
                let message = match links.as_slice() {
                    [(name, _, _)] => format!("`{name}` is defined as itself"),
                    _ => {
                        let names: Vec<String> =
                            links.iter().map(|(n, _, _)| format!("`{n}`")).collect();
                        format!("{} are defined only as each other", names.join(", "))
                    }
                };
                let mut labels = links.iter().map(label);
                let mut out = Words::new(code, message, labels.next());
                for l in labels {
                    out = out.with_label(l);
                }
                out.with_help("none of them has a value; give one of them a value of its own")
            }
            NameError::ImportCycle { members } => {
                let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
                let first = names.first().copied().unwrap_or_default();
                let chain = format!("{} → {first}", names.join(" → "));
                let closing = members.last().map(|(_, at)| {
                    Label::at(*at, format!("this import closes the cycle back to {first}"))
                });
                let mut out = Words::new(code, format!("import cycle: {chain}"), closing);
                for (i, (_, at)) in members.iter().enumerate().take(members.len().saturating_sub(1)) {
                    let next = names.get(i + 1).copied().unwrap_or_default();
                    out = out.with_label(Label::at(*at, format!("imports {next}")));
                }
                out.with_help(
                    "files may not import each other in a circle; move what they share into a third file that both import",
                )
            }
            NameError::UnknownModule {
                module,
                at,
                modules,
            } => {
                let modules: Vec<String> = modules.iter().map(|n| format!("`floe:{n}`")).collect();
                d(
                    format!("there is no standard library module `{module}`"),
                    imported(*at),
                )
                .with_help(format!("the modules are: {}", modules.join(", ")))
            }
            NameError::NotLocal { path, at } => d(
                format!("cannot import `{path}`: only relative file paths and `floe:` modules can be imported"),
                imported(*at),
            )
            .with_note("evaluation is pure: it never reaches the network"),
            NameError::FileFromStdlib { at } => d(
                "standard library modules can only import other `floe:` modules".into(),
                imported(*at),
            ),
            NameError::Absolute { path, at } => d(
                format!("cannot import `{path}`: imports are relative paths"),
                imported(*at),
            )
            .with_help("write the path relative to this file (`./lib.floe`, `../shared/values.yaml`), so the project can move"),
            NameError::UnknownFileType { path, at } => d(
                format!("cannot import `{path}`: unknown file type"),
                imported(*at),
            )
            .with_help("Floe imports `.floe` source files and `.json`, `.yaml` or `.yml` data files"),
            NameError::OutsideRoot {
                path,
                at,
                root,
                through_link,
            } => {
                let out = match through_link {
                    None => d(format!("`{path}` is outside the project root"), imported(*at)),
                    Some((target, real)) => d(
                        format!("`{path}` leads outside the project root through a link"),
                        imported(*at),
                    )
                    .with_note(format!(
                        "{} is, through symbolic links, {}",
                        target.display(),
                        real.display()
                    )),
                };
                out.with_note(format!("the project root is {}", root.display()))
                    .with_help("imports are confined to the project; move the file inside it, or pass `--root` to widen the root")
            }
            NameError::Load {
                what,
                error,
                at,
                looked_for,
            } => {
                let (message, help) = load_words(what, error);
                let mut out = Words::new(code, message, at.map(imported));
                if let Some(h) = help {
                    out = out.with_help(h);
                }
                match looked_for {
                    Some(path) => out.with_note(format!("looked for {}", path.display())),
                    None => out,
                }
            }
            NameError::InvalidData {
                format,
                message,
                at,
            } => d(
                format!("invalid {format}: {message}"),
                Label::at(*at, "here"),
            )
            .with_help("fix the data file, or convert it to Floe with a schema"),
        };
        d.with_fact(Fact::Name(self))
    }
}

fn imported(at: Place) -> Label {
    Label::at(at, "imported here")
}

fn load_words(what: &str, error: &LoadError) -> (String, Option<String>) {
    match error {
        LoadError::Io { message } => (format!("{what}: {message}"), None),
        LoadError::NotText => (
            format!("{what}: it is not UTF-8 text"),
            Some("Floe reads UTF-8 text; is this a binary file?".to_string()),
        ),
        LoadError::NotAFile { what: kind } => (
            format!("{what}: it is {kind}, not a file"),
            Some("only regular files can be read; it was not opened".to_string()),
        ),
        LoadError::ThroughLink { real } => (
            format!("{what}: it leads outside the project root through a link"),
            Some(format!("its links lead to {}", real.display())),
        ),
        LoadError::TooLarge { size, limit } => (
            format!(
                "{what}: it is {}, more than the limit of {}",
                size_text(*size),
                size_text(*limit)
            ),
            Some(if *limit < crate::syntax::MAX_SPAN_BYTES {
                "raise the limit with `--max-file-size` if the file is really meant to be this large".to_string()
            } else {
                "files larger than 4 GiB cannot be read at all; split it".to_string()
            }),
        ),
    }
}

impl LoadError {
    /// The diagnostic for failing to load the file that `what` describes
    /// ("cannot read `main.floe`"), at `at` when there is a place to point at.
    pub fn diagnostic(self, what: &str, at: Option<Place>) -> Diagnostic {
        NameError::Load {
            what: what.to_string(),
            error: self,
            at,
            looked_for: None,
        }
        .diagnostic()
    }
}
