//! The REPL in a terminal: rustyline reads each input (emacs keys, history
//! kept in the data directory, Enter inserting a new line while the input
//! is open), Tab completes from the IDE layer (names in scope, fields after
//! `.`, standard-library modules and members) and completes commands and
//! `:load` paths.

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use floe_lang::run::Interrupt;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, Helper};

use super::commands::COMMANDS;
use super::session::{binding_name, incomplete};
use super::{Flow, Repl};

/// Where the history is kept: `$XDG_DATA_HOME/floe/repl_history` (or the
/// platform's data directory).
fn history_path() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join("floe").join("repl_history"))
}

/// The line editor's view of the session.
struct Assist {
    repl: Rc<RefCell<Repl>>,
    files: FilenameCompleter,
}

impl Helper for Assist {}
impl Highlighter for Assist {}
impl Hinter for Assist {
    type Hint = String;
}

impl Validator for Assist {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if incomplete(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Completer for Assist {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = line.get(..pos).unwrap_or(line);
        if let Some(command) = before.strip_prefix(':') {
            if let Some(rest) = command.strip_prefix("load ") {
                let (start, found) = self.files.complete(rest, rest.len(), ctx)?;
                return Ok((start + ":load ".len(), found));
            }
            if !command.contains(char::is_whitespace) {
                let found = COMMANDS
                    .iter()
                    .filter(|(n, _, _)| n.starts_with(command))
                    .map(|(n, _, _)| Pair {
                        display: format!(":{n}"),
                        replacement: format!(":{n} "),
                    })
                    .collect();
                return Ok((0, found));
            }
        }
        // After `:type ` or `:doc `, or a binding's `=`, the rest is an
        // expression.
        let (skip, expr) = match before.split_once(' ') {
            Some((command, rest)) if command.starts_with(':') => (command.len() + 1, rest),
            _ => match binding_name(before) {
                Some((_, at)) => (at, before.get(at..).unwrap_or("")),
                None => (0, before),
            },
        };
        let start = expr
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '\''))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = expr.get(start..).unwrap_or("");
        let repl = self.repl.borrow();
        let session = &repl.session;
        let (file, at) = session.source(&session.bindings, expr);
        let Ok(found) = session.host.snapshot().completions(file, at + expr.len()) else {
            return Ok((pos, Vec::new()));
        };
        // An import path replaces the string typed so far, not a word.
        if let Some(span) = found.iter().find_map(|c| c.replace) {
            let from = span.start().saturating_sub(at).min(expr.len());
            let typed = expr.get(from..).unwrap_or("");
            let pairs = found
                .into_iter()
                .filter(|c| c.replace.is_some())
                .map(|c| {
                    let text = c.insert.unwrap_or_else(|| c.label.clone());
                    Pair {
                        display: c.label,
                        replacement: text,
                    }
                })
                .filter(|p| p.replacement.starts_with(typed))
                .collect();
            return Ok((skip + from, pairs));
        }
        let mut found: Vec<String> = found
            .into_iter()
            .map(|c| c.insert.unwrap_or(c.label))
            .collect();
        if found.is_empty() {
            found = value_fields(session, expr.get(..start).unwrap_or(""));
        }
        let mut pairs: Vec<Pair> = found
            .into_iter()
            .filter(|c| c.starts_with(word))
            .map(|c| Pair {
                replacement: c.clone(),
                display: c,
            })
            .collect();
        pairs.sort_by(|a, b| a.display.cmp(&b.display));
        pairs.dedup_by(|a, b| a.display == b.display);
        Ok((skip + start, pairs))
    }
}

/// The fields of the record `before` ends in a selection of (`it.web.`),
/// read from its value when its type does not say (`it`, data read from
/// YAML): the keys of the evaluated record, quoted where they are not
/// names.
fn value_fields(session: &super::session::Session, before: &str) -> Vec<String> {
    let Some(target) = before.strip_suffix('.') else {
        return Vec::new();
    };
    let start = target
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || "_'.".contains(c)))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let target = target.get(start..).unwrap_or("");
    if target.is_empty() {
        return Vec::new();
    }
    let request = session.request(&format!("keys ({target})"));
    let keys = floe_lang::run::interruptible(session.db(), |db| {
        floe_lang::run::evaluate(db, request).clone()
    });
    match keys {
        Some(Ok(floe_lang::Data::List(items))) => items
            .iter()
            .filter_map(|k| match k {
                floe_lang::Data::Text(t) if floe_lang::syntax::lexer::is_name(t) => {
                    Some(t.to_string())
                }
                floe_lang::Data::Text(t) => Some(floe_lang::literal::quote(t)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads inputs until `:quit` or Ctrl-D; Ctrl-C drops the input being typed.
pub fn run(repl: Repl) -> ExitCode {
    let repl = Rc::new(RefCell::new(repl));
    // Tab completes what all candidates share, and a second Tab lists
    // them, as in a shell.
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut editor: Editor<Assist, DefaultHistory> = match Editor::with_config(config) {
        Ok(editor) => editor,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return ExitCode::FAILURE;
        }
    };
    editor.set_helper(Some(Assist {
        repl: repl.clone(),
        files: FilenameCompleter::new(),
    }));
    // Ctrl-C while an input runs stops its evaluation (at the prompt,
    // rustyline reads it as a key and drops the line being typed).
    let busy = Arc::new(AtomicBool::new(false));
    let interrupt = Interrupt::of(repl.borrow().session.db());
    let running = busy.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        if running.load(Ordering::SeqCst) {
            interrupt.interrupt();
        }
    }) {
        eprintln!("warning: Ctrl-C will end the session, not an evaluation: {e}");
    }
    let history = history_path();
    if let Some(path) = &history {
        // No history yet is the usual first run.
        let _ = editor.load_history(path);
    }
    eprintln!("Floe REPL: `:help` lists the commands, Ctrl-D ends");
    loop {
        match editor.readline("floe> ") {
            Ok(input) => {
                if !input.trim().is_empty() {
                    let _ = editor.add_history_entry(input.as_str());
                }
                busy.store(true, Ordering::SeqCst);
                let (flow, _) = repl.borrow_mut().handle(&input);
                busy.store(false, Ordering::SeqCst);
                if flow == Flow::Quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = editor.save_history(path) {
            eprintln!("warning: history not saved to {}: {e}", path.display());
        }
    }
    ExitCode::SUCCESS
}
