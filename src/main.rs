//! The `floe` command-line interface. This file only parses arguments; each
//! subcommand lives in its own module.

mod alloc;
mod check;
mod common;
mod eval;
mod explain;
mod fmt;
mod import;
mod owned;
mod repl;
mod watch;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Floe: a typed configuration language for data platforms.
#[derive(Parser, Debug)]
#[command(name = "floe", version, about, long_about = None)]
struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// Whether diagnostics are coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output formats of `floe eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// YAML (a list of Kubernetes objects becomes a multi-document stream).
    Yaml,
    /// Pretty-printed JSON.
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate a Floe file and print its value as YAML or JSON.
    #[command(after_help = "Examples:
  floe eval examples/hello.floe
  floe eval examples/hello.floe --format json --attr service.ports
  floe eval examples/hello.floe -e 'keys it'
  floe eval -e '{ sum = 1 + 2 }'
  floe eval examples/tree.floe -o out/
  floe eval examples/mesh/main.floe -o out/
  floe eval examples/mesh/main.floe --watch")]
    Eval(EvalArgs),
    /// Check Floe files for errors without printing their values: types, layering rules, then
    /// everything evaluation would find (refinements, rules computed by functions).
    #[command(after_help = "Examples:
  floe check examples/hello.floe
  floe check examples/*.floe
  floe check --static examples/mesh/main.floe")]
    Check(CheckArgs),
    /// Show a value with the layers that set it and the schema rule for it.
    #[command(after_help = "Examples:
  floe explain examples/layers/main.floe sales.governance.pii_encryption
  floe explain examples/layers/main.floe marketing.plugins.orchestrator")]
    Explain(ExplainArgs),
    /// Explore values interactively: evaluate expressions, bind names, ask types and docs.
    #[command(after_help = "Examples:
  floe repl
  floe repl examples/mesh/main.floe
  echo 'map (\\x -> x * 2) [1, 2, 3]' | floe repl")]
    Repl(ReplArgs),
    /// Turn YAML or JSON into Floe source that evaluates to the same data.
    #[command(after_help = "Examples:
  floe import deployment.yaml
  floe import values.yaml manifests.yaml -o imported/")]
    Import(ImportArgs),
    /// Rewrite files in the canonical layout (comments kept, meaning unchanged).
    #[command(after_help = "Examples:
  floe fmt                      (every .floe file under the current directory)
  floe fmt examples/ stdlib/
  floe fmt --check .            (list files not in canonical layout; exit 1 if any)
  floe fmt - < file.floe        (standard input to standard output, for editors)")]
    Fmt(FmtArgs),
    /// Serve the Language Server Protocol on stdin and stdout, for editors.
    #[command(after_help = "Editors start it themselves; see editors/README.md.")]
    Lsp,
}

/// Arguments of `floe fmt`.
#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// Files, or directories searched for `.floe` files (default: the current directory);
    /// `-` formats standard input to standard output.
    pub paths: Vec<std::path::PathBuf>,
    /// Write nothing; list the files that are not formatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// The width lines are kept within where they can be.
    #[arg(long, value_name = "N", default_value_t = floe_lang::format::DEFAULT_WIDTH)]
    pub width: usize,
}

/// Arguments of `floe explain`.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The file whose value holds the field.
    pub file: std::path::PathBuf,
    /// The dotted path of the field, e.g. `sales.governance.pii_encryption`.
    pub path: String,
    /// Imports must stay inside this directory (default: the nearest ancestor holding floe.toml or .git).
    #[arg(long, value_name = "DIR")]
    pub root: Option<std::path::PathBuf>,
    /// The limits of evaluation and reading.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Arguments of `floe import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// YAML (`.yaml`, `.yml`; several documents included) or JSON files.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Write one `.floe` file per input into this directory (atomically:
    /// all or none); without it, the Floe source goes to stdout.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<std::path::PathBuf>,
    /// Write plain data even where a standard-library schema fits (a Floe
    /// manifest is otherwise written as a typed `Manifest`).
    #[arg(long, conflicts_with = "schema")]
    pub plain: bool,
    /// Write every document as a call of this standard-library
    /// constructor, or fail: manifest, product, contract, namespace,
    /// service_account, config_map, service, deployment, stateful_set,
    /// role, role_binding (by default each document whose `apiVersion` and
    /// `kind` one makes is tried, and kept plain if it does not fit).
    #[arg(long, value_name = "NAME")]
    pub schema: Option<String>,
    /// The enterprise manifest (YAML or Floe) a domain manifest is laid
    /// over: the domain is written as `enterprise extends { … }` with only
    /// what it changes. Its path is written relative to where the result
    /// goes (`-o DIR`, else beside the input).
    #[arg(long, value_name = "FILE")]
    pub parent: Option<std::path::PathBuf>,
    /// Inputs must stay inside this directory (default: the nearest ancestor holding floe.toml or .git).
    #[arg(long, value_name = "DIR")]
    pub root: Option<std::path::PathBuf>,
    /// The limits of evaluation and reading.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Arguments of `floe repl`.
#[derive(clap::Args, Debug)]
pub struct ReplArgs {
    /// A file to load: its value is `it`, its top-level bindings are in scope.
    pub file: Option<std::path::PathBuf>,
    /// Imports must stay inside this directory (default: the nearest ancestor holding floe.toml or .git).
    #[arg(long, value_name = "DIR")]
    pub root: Option<std::path::PathBuf>,
    /// The limits of evaluation and reading.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Arguments of `floe eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The file to evaluate.
    #[arg(required_unless_present = "expr")]
    pub file: Option<std::path::PathBuf>,
    /// Evaluate this expression instead; with FILE, `it` names FILE's value.
    #[arg(short = 'e', long = "expr", value_name = "EXPR")]
    pub expr: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Yaml)]
    pub format: FormatArg,
    /// Print only the value at this dotted path (quote keys with dots: `a."b.c"`).
    #[arg(long, value_name = "PATH")]
    pub attr: Option<String>,
    /// Write a tree of files: the value must be a record of relative paths to contents.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<std::path::PathBuf>,
    /// Imports must stay inside this directory (default: the nearest ancestor holding floe.toml or .git).
    #[arg(long, value_name = "DIR")]
    pub root: Option<std::path::PathBuf>,
    /// The limits of evaluation and reading.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Evaluate again whenever a file the program read changes, reporting how long each evaluation took.
    #[arg(long, conflicts_with = "output")]
    pub watch: bool,
}

/// Arguments of `floe check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The files to check.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Imports must stay inside this directory (default: the nearest ancestor holding floe.toml or .git).
    #[arg(long, value_name = "DIR")]
    pub root: Option<std::path::PathBuf>,
    /// Only the checks made before evaluation (syntax, names, types, layering of literal values).
    #[arg(long = "static")]
    pub static_only: bool,
    /// The limits of evaluation and reading.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The limits every command that evaluates takes (docs/spec.md chapter 9).
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct LimitArgs {
    /// Deepest nesting of evaluation before it stops with E0506.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_depth: usize,
    /// Most evaluation steps before it stops with E0512.
    #[arg(long, value_name = "N", default_value_t = floe_lang::eval::DEFAULT_MAX_STEPS)]
    pub max_steps: u64,
    /// Most memory evaluation may hold before it stops with E0514: bytes, or with K, M or G.
    #[arg(long, value_name = "SIZE", default_value = "4G", value_parser = common::parse_size)]
    pub max_memory: u64,
    /// Largest file read, the entry file or an import (E0211): bytes, or with K, M or G.
    #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = common::parse_size)]
    pub max_file_size: u64,
    /// Largest output written, to stdout or as files (E0608): bytes, or with K, M or G.
    #[arg(long, value_name = "SIZE", default_value = "4G", value_parser = common::parse_size)]
    pub max_output: u64,
}

impl LimitArgs {
    /// The evaluator's limits. Under an address-space limit the memory
    /// limit is at most half of it: the rest is stacks, the allocator's
    /// reserve and room for the allocation that the limit refuses.
    pub fn eval(&self) -> floe_lang::eval::Limits {
        let cap = common::address_space_limit().map_or(u64::MAX, |a| a / 2);
        floe_lang::eval::Limits {
            max_depth: self.max_depth,
            max_steps: self.max_steps,
            max_memory: self.max_memory.min(cap),
        }
    }
}

/// Stack for the threads that check and evaluate imported files in
/// parallel. The main thread needs no such reserve: every recursive pass
/// grows its stack on demand (one level at a time, or, for dropping a
/// syntax tree, by an estimate from the file's size).
const STACK_SIZE: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    floe_lang::eval::ops::set_memory_gauge(common::memory_in_use);
    let run = move || match cli.command {
        Command::Eval(args) => eval::run(args, cli.color),
        Command::Check(args) => check::run(args, cli.color),
        Command::Explain(args) => explain::run(args, cli.color),
        Command::Repl(args) => repl::run(args, cli.color),
        Command::Import(args) => import::run(args, cli.color),
        Command::Fmt(args) => fmt::run(args, cli.color),
        Command::Lsp => match floe_lsp::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: floe lsp: {e}");
                ExitCode::FAILURE
            }
        },
    };
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        eprintln!("error: internal error; please report it with the input that caused it");
        ExitCode::from(101)
    })
}
