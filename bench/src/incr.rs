//! The incremental workload: what `floe eval --watch` (and the language
//! server to come) does after an edit. One database is loaded with a generated mesh
//! workspace and asked, cold, to check and evaluate `main.floe`; then one
//! field of one domain file is edited, again and again, and each time the
//! same questions are asked of the same database.
//!
//! Usage: `floe-bench-incr DIR [ROUNDS]` on a workspace written by
//! `floe-bench-gen DIR N`. Prints the cold time, the median time of a
//! round after an edit (check + evaluate; rendering is timed apart, since
//! an editor does not render) and their ratio.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use floe_lang::db::OsFileSystem;
use floe_lang::output::{render, Format};
use floe_lang::run::{evaluate, EvalRequest};
use floe_lang::{Database, Limits};

// The `floe` executable's allocator set-up, as `floe eval --watch` runs it.
#[path = "../../src/alloc.rs"]
mod alloc;

/// Checks and evaluates `request` (evaluation checks first and returns the
/// errors); returns the time taken and, when `rendering` is set, the time to
/// render the result as JSON and its size. A `cold` round first spreads the
/// imports over the cores, as the CLI does on its first round.
fn round(
    db: &Database,
    request: EvalRequest,
    cold: bool,
    rendering: bool,
) -> Result<(Duration, Duration, usize), String> {
    let started = Instant::now();
    if cold {
        floe_lang::prewarm::prewarm(db, request.root(db), Some(Limits::default()), 256 << 20);
    }
    let data = match evaluate(db, request) {
        Ok(data) => data,
        Err(ds) => return Err(ds.first().map(|d| d.message.clone()).unwrap_or_default()),
    };
    let evaluated = started.elapsed();
    if !rendering {
        return Ok((evaluated, Duration::ZERO, 0));
    }
    let started = Instant::now();
    let text = render(data, Format::Json);
    Ok((evaluated, started.elapsed(), text.len()))
}

/// Sets `path` to `text`, asks `request` again, and says how long that
/// took and which queries executed, counted by name.
fn edit_once(
    db: &mut Database,
    request: EvalRequest,
    path: &Path,
    text: &str,
) -> Result<(Duration, String), String> {
    db.set_text(path, text);
    let (took, _, _) = round(db, request, false, false)?;
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for query in db.take_query_log() {
        let name = query.split('(').next().unwrap_or_default().to_string();
        *counts.entry(name).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let each: Vec<String> = counts.iter().map(|(q, n)| format!("{q} {n}")).collect();
    Ok((took, format!("{total} queries ({})", each.join(", "))))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn run(dir: &Path, rounds: usize) -> Result<(), String> {
    let dir = floe_lang::db::normalize(
        &std::env::current_dir()
            .map_err(|e| e.to_string())?
            .join(dir),
    );
    alloc::keep_freed_memory();
    // The query log costs one lock per executed query; it lets each edit
    // say what it recomputed.
    let db = Database::with_query_log(Arc::new(OsFileSystem::new(dir.clone())), dir.clone());
    let main = db
        .load(&dir.join("main.floe"))
        .map_err(|e| format!("cannot load main.floe: {e:?}"))?;
    // One question, asked again after every edit, as an editor does.
    let request = EvalRequest::new(&db, main, None, Vec::new(), Limits::default());
    let (cold, cold_render, bytes) = round(&db, request, true, true)?;
    let _ = db.take_query_log();
    let domains: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("domains"))
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "floe"))
            .collect();
        v.sort();
        v
    };
    let target = domains
        .get(domains.len() / 2)
        .ok_or("the workspace has no domains")?
        .clone();
    let original = std::fs::read_to_string(&target).map_err(|e| e.to_string())?;
    let mut db = db;
    let mut times = Vec::new();
    let mut rendered = Duration::ZERO;
    for i in 0..rounds {
        // One field of one product: its replica count.
        let edited = original.replacen("replicas = 1,", &format!("replicas = {},", 10 + i), 1);
        if edited == original {
            return Err(format!(
                "{} has no `replicas = 1,` to edit",
                target.display()
            ));
        }
        db.set_text(&target, &edited);
        // Rendering is timed once, after the last edit.
        let (t, r, _) = round(&db, request, false, i + 1 == rounds)?;
        let _ = db.take_query_log();
        times.push(t);
        rendered = r;
    }
    // Two single edits, each with what it made the database execute: one
    // character of a domain file, and a comment line at the top of the
    // file every domain imports (it moves all of that file's text).
    let one_char = original.replacen("replicas = 1,", "replicas = 2,", 1);
    let (domain_time, domain_queries) = edit_once(&mut db, request, &target, &one_char)?;
    let shared = dir.join("enterprise.floe");
    let shared_text = std::fs::read_to_string(&shared).map_err(|e| e.to_string())?;
    let (shared_time, shared_queries) = edit_once(
        &mut db,
        request,
        &shared,
        &format!("# moved\n{shared_text}"),
    )?;
    // The first edit of a file read from disk lowers its durability, which
    // makes salsa re-check what depends on it once; a second edit shows
    // what moving text costs from then on.
    let (moved_time, moved_queries) = edit_once(
        &mut db,
        request,
        &shared,
        &format!("# moved\n# and moved again\n{shared_text}"),
    )?;
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "workspace: {} ({} domains, {:.1} MB of JSON)",
        dir.display(),
        domains.len(),
        bytes as f64 / 1e6
    );
    println!(
        "cold check + evaluate: {} (rendering JSON: {})",
        ms(cold),
        ms(cold_render)
    );
    println!(
        "after editing one field of {}: check + evaluate median {} over {rounds} edits (min {}, max {}); rendering JSON {}",
        target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        ms(median),
        ms(times[0]),
        ms(times[times.len() - 1]),
        ms(rendered),
    );
    println!(
        "cold / incremental: {:.0}×",
        cold.as_secs_f64() / median.as_secs_f64()
    );
    println!(
        "one character in {}: {}; executed {}",
        target
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        ms(domain_time),
        domain_queries
    );
    println!(
        "a comment line at the top of enterprise.floe: {}; executed {}",
        ms(shared_time),
        shared_queries
    );
    println!(
        "another comment line there (the file already edited): {}; executed {}",
        ms(moved_time),
        moved_queries
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: floe-bench-incr DIR [ROUNDS]");
        return ExitCode::from(2);
    };
    let rounds = match args.get(2).map(|r| r.parse::<usize>()) {
        None => 20,
        Some(Ok(r)) if r > 0 => r,
        Some(_) => {
            eprintln!("ROUNDS must be a positive number");
            return ExitCode::from(2);
        }
    };
    match run(Path::new(dir), rounds) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
