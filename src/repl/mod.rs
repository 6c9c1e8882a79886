//! `floe repl`: read an expression or binding, evaluate it in the session,
//! print the value as Floe (or YAML or JSON), loop. In a terminal, lines
//! are edited with rustyline (history in the data directory, Tab
//! completion from the IDE layer, more lines while the input is open);
//! otherwise standard input is read as a script, with no prompt.

mod commands;
mod editor;
mod session;
mod show;

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use floe_lang::output::{render_to, Format};
use floe_lang::run::interruptible;

use crate::common::{absolute, cwd, database, project_root, report, use_color};
use crate::{ColorChoice, ReplArgs};
use session::{classify, incomplete, Input, Session};
use show::{floe_text, Layout};

/// Elements of a list or record printed before the rest is counted.
const ITEMS: usize = 50;

/// How values are printed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Output {
    /// Floe syntax.
    Floe,
    /// YAML, as `floe eval` writes it.
    Yaml,
    /// JSON, as `floe eval --format json` writes it.
    Json,
}

/// The REPL: its session, how it prints, and the last value (for `:more`).
pub struct Repl {
    session: Session,
    output: Output,
    last: Option<floe_lang::eval::output::Shown>,
    interactive: bool,
}

/// Whether to go on after an input.
#[derive(PartialEq, Eq)]
pub enum Flow {
    /// Read the next input.
    Go,
    /// End the session.
    Quit,
}

pub fn run(args: ReplArgs, color: ColorChoice) -> ExitCode {
    let interactive = std::io::stdin().is_terminal();
    let start = args.file.as_deref().map(absolute).unwrap_or_else(cwd);
    let db = database(project_root(args.root.as_deref(), &start), &args.limits);
    let session = Session::new(db, use_color(color), args.limits.eval());
    let mut repl = Repl {
        session,
        output: Output::Floe,
        last: None,
        interactive,
    };
    // A file with errors is reported, and the session starts without it
    // (`:load` it again once it is mended).
    let mut loaded = true;
    if let Some(file) = &args.file {
        loaded = repl.session.load(file);
        if !loaded {
            eprintln!(
                "{} is not loaded: the session starts without it",
                file.display()
            );
        } else if interactive {
            eprintln!("{}", repl.loaded_summary());
        }
    }
    if interactive {
        editor::run(repl)
    } else {
        repl.script(!loaded)
    }
}

impl Repl {
    /// Reads standard input as a script: inputs end where they are
    /// complete; each result is printed, with no prompt. Exits 1 if any
    /// input failed (or, with `failed`, the file did not load).
    fn script(mut self, failed: bool) -> ExitCode {
        let mut failed = failed;
        let mut pending = String::new();
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            pending.push_str(&line);
            pending.push('\n');
            if incomplete(&pending) {
                continue;
            }
            let input = std::mem::take(&mut pending);
            let (flow, ok) = self.handle(&input);
            failed |= !ok;
            if flow == Flow::Quit {
                return exit(failed);
            }
        }
        if !pending.trim().is_empty() {
            // The script ended inside an input: its errors say where.
            let (_, ok) = self.handle(&pending);
            failed |= !ok;
        }
        exit(failed)
    }

    /// Handles one complete input; whether to go on, and whether it
    /// succeeded.
    pub fn handle(&mut self, input: &str) -> (Flow, bool) {
        match classify(input) {
            Input::Empty => (Flow::Go, true),
            Input::Command(name, argument) => self.command(name, argument),
            Input::Binding(binding) => (Flow::Go, self.session.bind(binding)),
            Input::Expression(body) => (Flow::Go, self.evaluate(body)),
        }
    }

    /// Evaluates `body` and prints its value in the session's format.
    fn evaluate(&mut self, body: &str) -> bool {
        let request = self.session.request(body);
        let db = self.session.db();
        if self.output != Output::Floe {
            let format = match self.output {
                Output::Json => Format::Json,
                _ => Format::Yaml,
            };
            let answer = interruptible(db, |db| floe_lang::run::evaluate(db, request).clone());
            return match answer {
                Some(Ok(data)) => render_to(&mut std::io::stdout().lock(), &data, format).is_ok(),
                Some(Err(diagnostics)) => {
                    report(db, &diagnostics, self.session.color);
                    false
                }
                None => interrupted(),
            };
        }
        match interruptible(db, |db| floe_lang::run::show(db, request)) {
            None => interrupted(),
            Some(Ok(shown)) => {
                self.print(&shown, Some(ITEMS));
                self.last = Some(shown);
                true
            }
            Some(Err(diagnostics)) => {
                report(db, &diagnostics, self.session.color);
                false
            }
        }
    }

    /// Prints a value as Floe, cut after `items` elements per list or
    /// record.
    fn print(&self, shown: &floe_lang::eval::output::Shown, items: Option<usize>) {
        let (text, cut) = floe_text(shown, &Layout { width: 100, items });
        println!("{text}");
        if cut && self.interactive {
            eprintln!("(cut after {ITEMS} elements per list or record: `:more` prints it whole)");
        }
    }

    /// What `FILE` or `:load` brought into scope.
    fn loaded_summary(&self) -> String {
        let Some(loaded) = &self.session.loaded else {
            return "nothing loaded".to_string();
        };
        let names = loaded
            .lets
            .as_deref()
            .map(|lets| {
                let source = format!("let {lets} in null");
                let parse = floe_lang::syntax::Parse::of(&source);
                binding_names(&parse)
            })
            .unwrap_or_default();
        if names.is_empty() {
            format!("loaded {}: its value is `it`", loaded.path.display())
        } else {
            format!(
                "loaded {}: its value is `it`; in scope: {}",
                loaded.path.display(),
                names.join(", ")
            )
        }
    }
}

/// The names the top-level `let` of `parse` binds.
fn binding_names(parse: &floe_lang::syntax::Parse) -> Vec<String> {
    use floe_lang::syntax::kind::SyntaxKind;
    let root = parse.tree.root();
    let Some(expr) = root.children().next() else {
        return Vec::new();
    };
    expr.children()
        .filter(|n| matches!(n.kind(), SyntaxKind::Binding | SyntaxKind::TypeBinding))
        .filter_map(|b| {
            b.children_with_tokens()
                .filter_map(|e| e.into_token())
                .find(|t| t.kind() == SyntaxKind::Ident)
                .map(|t| t.text().to_string())
        })
        .collect()
}

/// Says that Ctrl-C stopped an evaluation; the session goes on.
fn interrupted() -> bool {
    eprintln!("interrupted");
    false
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
