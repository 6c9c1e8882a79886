//! One REPL session: the bindings typed so far, the loaded file, and how
//! each input becomes a program in the same database. An input is
//! evaluated as the body of
//!
//! ```text
//! let <the loaded file's top-level bindings> in
//! let <the session's bindings> in
//! <input>
//! ```
//!
//! with `it` bound to the file's value, so imported modules and the file
//! are checked and evaluated once, and `:reload` re-does only what changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use floe_lang::eval::Limits;
use floe_lang::ide::AnalysisHost;
use floe_lang::run::EvalRequest;
use floe_lang::syntax::{kind::SyntaxKind, lexer::LexError, Parse, SyntaxError};
use floe_lang::{Database, SourceFile};

use crate::common::{absolute, cwd, load_entry, report};

/// The file `FILE` or `:load` named.
pub struct Loaded {
    /// Its path as given.
    pub path: PathBuf,
    /// The file.
    pub file: SourceFile,
    /// The text of its top-level `let` bindings, when it starts with one
    /// that checks.
    pub lets: Option<String>,
    /// Its evaluation, made once so that `:reload` re-does only what
    /// changed.
    request: EvalRequest,
}

/// A binding typed in the session: its name and its whole text
/// (`x = 1`, `type Port = Int`).
#[derive(Clone)]
pub struct Binding {
    /// The name bound.
    pub name: String,
    /// The binding as typed.
    pub text: String,
}

/// The state of a session.
pub struct Session {
    /// The database, behind the IDE layer (types, docs, completion).
    pub host: AnalysisHost,
    /// Whether diagnostics are coloured.
    pub color: bool,
    /// Evaluation limits.
    pub limits: Limits,
    /// The loaded file.
    pub loaded: Option<Loaded>,
    /// The session's bindings, in the order they were first made.
    pub bindings: Vec<Binding>,
    /// When each file the database read was last seen changed.
    seen: HashMap<PathBuf, Option<SystemTime>>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Session {
    /// A session over `db`.
    pub fn new(db: Database, color: bool, limits: Limits) -> Session {
        Session {
            host: AnalysisHost::new(db),
            color,
            limits,
            loaded: None,
            bindings: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// The database.
    pub fn db(&self) -> &Database {
        self.host.db()
    }

    /// Loads `path` as the session's file: its value is `it`, its top-level
    /// bindings are in scope. Its diagnostics are printed as `floe check`
    /// prints them; false when it cannot be used.
    pub fn load(&mut self, path: &Path) -> bool {
        let file = match load_entry(self.db(), path) {
            Ok(file) => file,
            Err(d) => {
                report(self.db(), &[*d], self.color);
                return false;
            }
        };
        let errors = self.static_errors(file);
        if !errors.is_empty() {
            report(self.db(), &errors, self.color);
            return false;
        }
        let lets = top_level_lets(file.text(self.db()));
        let request = EvalRequest::new(self.db(), file, None, Vec::new(), self.limits);
        self.loaded = Some(Loaded {
            path: path.to_path_buf(),
            file,
            lets,
            request,
        });
        self.note_files();
        true
    }

    /// The errors the checker finds in `file` (warnings are left out: they
    /// do not stop an evaluation).
    pub fn static_errors(&self, file: SourceFile) -> Vec<floe_lang::Diagnostic> {
        floe_lang::types::check(self.db(), file)
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect()
    }

    /// Remembers when each file read so far last changed.
    fn note_files(&mut self) {
        for path in self.db().loaded_paths() {
            let time = modified(&path);
            self.seen.entry(path).or_insert(time);
        }
    }

    /// Re-reads the files that changed on disk and re-checks and
    /// re-evaluates the loaded file; says what changed and how long that
    /// took.
    pub fn reload(&mut self) -> String {
        let changed: Vec<PathBuf> = self
            .seen
            .iter()
            .filter(|(path, time)| modified(path) != **time)
            .map(|(path, _)| path.clone())
            .collect();
        let started = Instant::now();
        for path in &changed {
            self.seen.insert(path.clone(), modified(path));
            self.host.reload(path);
        }
        let Some(loaded) = &self.loaded else {
            return format!("{} changed files read again", changed.len());
        };
        let (path, file, request) = (loaded.path.clone(), loaded.file, loaded.request);
        let mut problems = self.static_errors(file);
        if problems.is_empty() {
            let found = floe_lang::run::interruptible(self.db(), |db| {
                floe_lang::run::validate(db, request).clone()
            });
            match found {
                Some(found) => problems = found,
                None => return "interrupted".to_string(),
            }
        }
        let took = started.elapsed();
        if !problems.is_empty() {
            report(self.db(), &problems, self.color);
        }
        let lets = top_level_lets(file.text(self.db()));
        if let Some(loaded) = &mut self.loaded {
            loaded.lets = lets;
        }
        self.note_files();
        let names: Vec<String> = changed
            .iter()
            .map(|p| {
                p.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            })
            .collect();
        format!(
            "reloaded {} ({} changed: {}) in {:.1} ms",
            path.display(),
            changed.len(),
            if names.is_empty() {
                "nothing".to_string()
            } else {
                names.join(", ")
            },
            took.as_secs_f64() * 1000.0
        )
    }

    /// The directory the session's own imports resolve from: the loaded
    /// file's, so that its bindings' relative imports hold, else the
    /// working directory.
    fn base(&self) -> PathBuf {
        self.loaded
            .as_ref()
            .and_then(|l| absolute(&l.path).parent().map(Path::to_path_buf))
            .unwrap_or_else(cwd)
    }

    /// The program whose body is `body`, with `bindings` in scope, and the
    /// offset of the body in it.
    pub fn program_with(&self, bindings: &[Binding], body: &str) -> (String, usize) {
        let mut text = String::new();
        if let Some(lets) = self.loaded.as_ref().and_then(|l| l.lets.as_deref()) {
            text.push_str("let\n");
            text.push_str(lets);
            text.push_str("\nin\n");
        }
        if !bindings.is_empty() {
            text.push_str("let\n");
            for b in bindings {
                text.push_str("  ");
                text.push_str(&b.text);
                text.push_str(",\n");
            }
            text.push_str("in\n");
        }
        let at = text.len();
        text.push_str(body);
        text.push('\n');
        (text, at)
    }

    /// `body` as a new inline source of the database, and where the body
    /// starts in it.
    pub fn source(&self, bindings: &[Binding], body: &str) -> (SourceFile, usize) {
        let (text, at) = self.program_with(bindings, body);
        let file = self
            .db()
            .add_inline("<repl>", &text, &self.base(), self.loaded.is_some());
        (file, at)
    }

    /// The evaluation of `body` in the session.
    pub fn request(&self, body: &str) -> EvalRequest {
        let (root, _) = self.source(&self.bindings, body);
        let it = self.loaded.as_ref().map(|l| l.file);
        EvalRequest::new(self.db(), root, it, Vec::new(), self.limits)
    }

    /// Adds or replaces a binding, when the program with it checks;
    /// otherwise prints why not and keeps the session as it was.
    pub fn bind(&mut self, binding: Binding) -> bool {
        let mut bindings = self.bindings.clone();
        match bindings.iter_mut().find(|b| b.name == binding.name) {
            Some(old) => *old = binding.clone(),
            None => bindings.push(binding.clone()),
        }
        let (root, _) = self.source(&bindings, &binding.name);
        let errors = self.static_errors(root);
        if !errors.is_empty() {
            report(self.db(), &errors, self.color);
            return false;
        }
        self.bindings = bindings;
        true
    }
}

/// What an input is.
pub enum Input<'a> {
    /// Nothing but white space and comments.
    Empty,
    /// `:name argument`.
    Command(&'a str, &'a str),
    /// `name = value` or `type Name = T`.
    Binding(Binding),
    /// An expression.
    Expression(&'a str),
}

/// `input` without the blank and comment lines it starts with.
fn code(input: &str) -> &str {
    let mut rest = input.trim();
    while rest.starts_with('#') {
        rest = rest
            .split_once('\n')
            .map_or("", |(_, after)| after)
            .trim_start();
    }
    rest.trim_end()
}

/// Classifies one complete input.
pub fn classify(input: &str) -> Input<'_> {
    let text = code(input);
    if text.is_empty() {
        return Input::Empty;
    }
    if let Some(command) = text.strip_prefix(':') {
        let (name, argument) = command
            .split_once(char::is_whitespace)
            .unwrap_or((command, ""));
        return Input::Command(name, argument.trim());
    }
    match binding_name(text) {
        Some((name, _)) => Input::Binding(Binding {
            name: name.to_string(),
            text: text.to_string(),
        }),
        None => Input::Expression(text),
    }
}

/// The name a binding binds and the offset of its value (after `=`):
/// `name = …`, `name : T = …` or `type Name = …`; `x == 1` is no binding.
pub fn binding_name(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix("type ").map_or(text, str::trim_start);
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '\''))
        .map_or(rest.len(), |(i, _)| i);
    let name = rest.get(..end)?;
    if !floe_lang::syntax::lexer::is_name(name) {
        return None;
    }
    let after = rest.get(end..)?.trim_start();
    // A type annotation runs to the `=` of the binding.
    let eq = if after.starts_with(':') {
        after.find('=')?
    } else if after.starts_with('=') {
        0
    } else {
        return None;
    };
    if after.get(eq + 1..eq + 2) == Some("=") {
        return None;
    }
    let value_at = text.len() - after.len() + eq + 1;
    Some((name, value_at))
}

/// Whether `input` needs more lines: a bracket, string or interpolation
/// left open, or an expression (a binding's value) that ends early (`1 +`,
/// `let x = 1`, `\x ->`).
pub fn incomplete(input: &str) -> bool {
    let text = code(input);
    if text.starts_with(':') || text.is_empty() {
        return false;
    }
    let body = match binding_name(text) {
        Some((_, at)) if !text.starts_with("type ") => text.get(at..).unwrap_or(""),
        Some(_) => {
            return Parse::of(&format!("let {text}\nin null"))
                .errors
                .iter()
                .any(open_at_end)
        }
        None => text,
    };
    Parse::of(body)
        .errors
        .iter()
        .any(|e| open_at_end(e) || matches!(e, SyntaxError::Unexpected { found: None, .. }))
}

/// An error that says the text stopped inside something open.
fn open_at_end(error: &SyntaxError) -> bool {
    matches!(
        error,
        SyntaxError::Lex(LexError::UnterminatedString { .. })
            | SyntaxError::Lex(LexError::UnterminatedInterpolation { .. })
            | SyntaxError::Unexpected {
                found: None,
                unclosed: Some(_),
                ..
            }
    )
}

/// The text of the top-level `let` bindings of `source`, from the first
/// binding to the last (comments between them included).
pub fn top_level_lets(source: &str) -> Option<String> {
    let parse = Parse::of(source);
    let root = parse.tree.root();
    let expr = root.children().next()?;
    if expr.kind() != SyntaxKind::Let {
        return None;
    }
    let bindings: Vec<_> = expr
        .children()
        .filter(|n| matches!(n.kind(), SyntaxKind::Binding | SyntaxKind::TypeBinding))
        .collect();
    let start = usize::from(bindings.first()?.text_range().start());
    let end = usize::from(bindings.last()?.text_range().end());
    source.get(start..end).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_told_from_expressions() {
        assert!(matches!(classify("x = 1"), Input::Binding(b) if b.name == "x"));
        assert!(matches!(classify("port : Int = 80"), Input::Binding(b) if b.name == "port"));
        assert!(matches!(classify("type Port = Int"), Input::Binding(b) if b.name == "Port"));
        assert!(matches!(classify("x == 1"), Input::Expression(_)));
        assert!(matches!(classify("let x = 1 in x"), Input::Expression(_)));
        assert!(matches!(
            classify(":type map"),
            Input::Command("type", "map")
        ));
        assert!(matches!(classify("# a note"), Input::Empty));
        assert!(matches!(classify("# a note\nx = 1"), Input::Binding(b) if b.name == "x"));
        assert!(!incomplete("# a note"));
    }

    #[test]
    fn open_input_asks_for_more() {
        for open in [
            "{ a = 1,",
            "1 +",
            "let x = 1",
            "\"abc",
            "x = [",
            "\\x ->",
            "\"${ 1 ",
        ] {
            assert!(incomplete(open), "{open}");
        }
        for done in [
            "{ a = 1 }",
            "1 + 2",
            "x = 1",
            ":help",
            "1 +* 2",
            "type T = Int",
        ] {
            assert!(!incomplete(done), "{done}");
        }
    }

    #[test]
    fn a_files_top_level_bindings_are_found() {
        let source = "# head\nlet\n  a = 1,\n  # b's note\n  type B = Int,\nin { a }\n";
        assert_eq!(
            top_level_lets(source).as_deref(),
            Some("a = 1,\n  # b's note\n  type B = Int")
        );
        assert_eq!(top_level_lets("{ a = 1 }"), None);
    }
}
