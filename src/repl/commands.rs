//! The REPL's commands: `:type`, `:doc`, `:load`, `:reload`, `:explain`,
//! `:format`, `:more`, `:help`, `:quit`.

use std::path::Path;

use super::{Flow, Output, Repl};
use crate::common::attr_path;

/// Each command with its argument and what it does, for `:help` and Tab.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "type",
        "EXPR",
        "the type of an expression, as the checker infers it",
    ),
    (
        "doc",
        "NAME",
        "the documentation of a builtin, a module member (`list.map`) or a binding",
    ),
    (
        "load",
        "FILE",
        "evaluate FILE: its value is `it`, its top-level bindings are in scope",
    ),
    (
        "reload",
        "",
        "read changed files again and re-evaluate the loaded file",
    ),
    (
        "explain",
        "PATH",
        "where a field of the loaded file's value comes from, as `floe explain`",
    ),
    (
        "format",
        "floe|yaml|json",
        "how values are printed (default floe)",
    ),
    ("more", "", "print the last value whole, however long"),
    ("help", "", "this list"),
    ("quit", "", "end the session (also Ctrl-D)"),
];

impl Repl {
    /// Runs `:name argument`; whether to go on, and whether it succeeded.
    pub fn command(&mut self, name: &str, argument: &str) -> (Flow, bool) {
        let found: Vec<&str> = COMMANDS
            .iter()
            .map(|(n, _, _)| *n)
            .filter(|n| n.starts_with(name) && !name.is_empty())
            .collect();
        let name = match found.as_slice() {
            [one] => *one,
            _ if name == "?" => "help",
            [] => {
                eprintln!("error: no command `:{name}`; `:help` lists them");
                return (Flow::Go, false);
            }
            many => {
                eprintln!("error: `:{name}` could be :{}", many.join(", :"));
                return (Flow::Go, false);
            }
        };
        let ok = match name {
            "quit" => return (Flow::Quit, true),
            "help" => {
                for (n, arg, what) in COMMANDS {
                    println!("  :{:<22} {what}", format!("{n} {arg}"));
                }
                println!(
                    "  {:<23} bind a name for the rest of the session",
                    "NAME = EXPR"
                );
                println!("  {:<23} evaluate and print", "EXPR");
                true
            }
            "type" => self.type_of(argument),
            "doc" => self.doc(argument),
            "load" => self.load(argument),
            "reload" => {
                println!("{}", self.session.reload());
                true
            }
            "explain" => self.explain(argument),
            "format" => self.format(argument),
            "more" => match &self.last {
                Some(shown) => {
                    self.print(shown, None);
                    true
                }
                None => {
                    eprintln!("error: no value printed yet");
                    false
                }
            },
            _ => false,
        };
        (Flow::Go, ok)
    }

    fn needs(argument: &str, what: &str) -> bool {
        if argument.is_empty() {
            eprintln!("error: give {what}");
            return false;
        }
        true
    }

    fn type_of(&self, expr: &str) -> bool {
        if !Self::needs(expr, "an expression: `:type map`") {
            return false;
        }
        let (file, at) = self
            .session
            .source(&self.session.bindings, &format!("({expr})"));
        let problems = self.session.static_errors(file);
        if !problems.is_empty() {
            crate::common::report(self.session.db(), &problems, self.session.color);
            return false;
        }
        match self.session.host.snapshot().type_at(file, at) {
            Ok(Some(ty)) => {
                println!("{expr} : {ty}");
                true
            }
            _ => {
                println!("{expr} : Dynamic");
                true
            }
        }
    }

    fn doc(&self, name: &str) -> bool {
        if !Self::needs(name, "a name: `:doc map`, `:doc list.sum`") {
            return false;
        }
        let (file, at) = self.session.source(&self.session.bindings, name);
        let last = name.rfind('.').map_or(0, |i| i + 1);
        match self.session.host.snapshot().docs_at(file, at + last) {
            Ok(Some(docs)) => {
                println!("{}", docs.title);
                if let Some(doc) = docs.doc {
                    for line in doc.lines() {
                        println!("  {line}");
                    }
                }
                true
            }
            _ => {
                eprintln!("error: no documentation for `{name}`");
                false
            }
        }
    }

    fn load(&mut self, path: &str) -> bool {
        if !Self::needs(path, "a file: `:load main.floe`") {
            return false;
        }
        if !self.session.load(Path::new(path)) {
            return false;
        }
        println!("{}", self.loaded_summary());
        true
    }

    fn explain(&self, path: &str) -> bool {
        if !Self::needs(path, "a path: `:explain governance.pii_encryption`") {
            return false;
        }
        let Some(loaded) = &self.session.loaded else {
            eprintln!("error: `:explain` explains the loaded file's value: `:load FILE` first");
            return false;
        };
        let steps = match attr_path(path) {
            Ok(steps) => steps,
            Err(message) => {
                eprintln!("error: {message}");
                return false;
            }
        };
        crate::explain::explained(
            self.session.db(),
            loaded.file,
            path,
            steps,
            self.session.limits,
            self.session.color,
        ) == std::process::ExitCode::SUCCESS
    }

    fn format(&mut self, name: &str) -> bool {
        self.output = match name {
            "floe" => Output::Floe,
            "yaml" => Output::Yaml,
            "json" => Output::Json,
            "" => {
                println!("{}", format!("{:?}", self.output).to_lowercase());
                return true;
            }
            other => {
                eprintln!("error: no format `{other}`: floe, yaml or json");
                return false;
            }
        };
        true
    }
}
