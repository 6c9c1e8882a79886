//! End-to-end tests of the `floe` binary. Each `tests/cli/*.floe` fixture
//! holds the files of a small project (`#- path` headers; the first file
//! has no header when there is only one, `main.floe`), one or more command
//! lines (`#$ floe …`), each optionally followed by the lines its standard
//! input reads (`#< …`: a REPL transcript), and optionally directories to
//! list after the run (`#= dir`). The snapshot records each command's exit code, stdout and
//! stderr, and the listed files, with the scratch directory's path
//! replaced by `[DIR]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    files: Vec<(PathBuf, String)>,
    commands: Vec<Vec<String>>,
    /// Each command's standard input.
    inputs: Vec<String>,
    listings: Vec<String>,
}

fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if !cur.is_empty() || any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() || any {
        out.push(cur);
    }
    out
}

fn parse(text: &str) -> Case {
    let mut case = Case {
        files: Vec::new(),
        commands: Vec::new(),
        inputs: Vec::new(),
        listings: Vec::new(),
    };
    let mut current: Option<(PathBuf, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(cmd) = line.strip_prefix("#$ floe ") {
            case.commands.push(words(cmd.trim_end()));
            case.inputs.push(String::new());
        } else if let Some(input) = line.strip_prefix("#<") {
            let input = input.strip_prefix(' ').unwrap_or(input);
            if let Some(last) = case.inputs.last_mut() {
                last.push_str(input);
                if !input.ends_with('\n') {
                    last.push('\n');
                }
            }
        } else if let Some(dir) = line.strip_prefix("#= ") {
            case.listings.push(dir.trim().to_string());
        } else if let Some(path) = line.strip_prefix("#- ") {
            if let Some(f) = current.take() {
                case.files.push(f);
            }
            current = Some((PathBuf::from(path.trim()), String::new()));
        } else {
            match &mut current {
                Some((_, t)) => t.push_str(line),
                None => current = Some((PathBuf::from("main.floe"), line.to_string())),
            }
        }
    }
    if let Some(f) = current.take() {
        case.files.push(f);
    }
    case
}

fn list(dir: &Path, root: &Path, out: &mut String) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push_str(&format!(
            "(no directory {})\n",
            dir.strip_prefix(root).unwrap_or(dir).display()
        ));
        return;
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            list(&p, root, out);
        } else {
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            out.push_str(&format!(
                "=== {rel}\n{}",
                std::fs::read_to_string(&p).unwrap_or_default()
            ));
        }
    }
}

fn run_case(path: &Path) -> String {
    let case = parse(&std::fs::read_to_string(path).unwrap());
    assert!(
        !case.commands.is_empty(),
        "{}: no `#$ floe` command",
        path.display()
    );
    let dir = tempfile::tempdir().unwrap();
    // A project marker, so the scratch directory is the project root.
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    for (p, text) in &case.files {
        let full = dir.path().join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let mut out = String::new();
    for (args, input) in case.commands.iter().zip(&case.inputs) {
        let output = common::fed(
            Command::new(env!("CARGO_BIN_EXE_floe"))
                .args(args)
                .current_dir(dir.path())
                .env_remove("NO_COLOR"),
            input.as_bytes(),
        );
        let code = output.status.code().unwrap_or(-1);
        assert_ne!(
            code,
            101,
            "{}: floe panicked:\n{}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let typed = if input.is_empty() {
            String::new()
        } else {
            format!("--- stdin\n{input}")
        };
        out.push_str(&format!(
            "$ floe {}\n{typed}exit: {code}\n--- stdout\n{}--- stderr\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    for l in &case.listings {
        out.push_str(&format!("--- files in {l}\n"));
        list(&dir.path().join(l), dir.path(), &mut out);
    }
    let real = dir.path().canonicalize().unwrap();
    let out = out
        .replace(&real.display().to_string(), "[DIR]")
        .replace(&dir.path().display().to_string(), "[DIR]");
    // Durations (`:reload … in 1.2 ms`) differ from run to run.
    regex::Regex::new(r"in [0-9]+\.[0-9] ms")
        .unwrap()
        .replace_all(&out, "in [TIME] ms")
        .into_owned()
}

#[test]
fn cli_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "floe"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        let output = run_case(&path);
        insta::with_settings!({ description => source, omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("cli__{name}"), output);
        });
    }
}

/// Every snapshot belongs to a fixture that still exists.
#[test]
fn no_unreferenced_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("tests/snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name
            .strip_prefix("cli__")
            .and_then(|n| n.strip_suffix(".snap"))
        {
            assert!(
                root.join(format!("tests/cli/{stem}.floe")).exists(),
                "snapshot {name} has no fixture; delete it"
            );
        }
    }
}

/// Output far larger than the writer's 64 KiB pieces arrives whole and in
/// order, in both formats.
#[test]
fn large_output_is_written_whole() {
    let dir = tempfile::tempdir().expect("a scratch directory");
    let file = dir.path().join("big.floe");
    std::fs::write(
        &file,
        "map (\\i -> { id = i, name = \"item-${to_string i}\" }) (range 0 20000)",
    )
    .expect("write the program");
    let json = Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(["eval", "--format", "json"])
        .arg(&file)
        .output()
        .expect("run floe");
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    let items = value.as_array().expect("a list");
    assert_eq!(items.len(), 20000);
    assert_eq!(items[19999]["name"], "item-19999");
    assert!(json.stdout.len() > 10 * 65536);
    let yaml = Command::new(env!("CARGO_BIN_EXE_floe"))
        .arg("eval")
        .arg(&file)
        .output()
        .expect("run floe");
    assert!(yaml.status.success());
    let text = String::from_utf8(yaml.stdout).expect("UTF-8");
    assert_eq!(text.matches("- id: ").count(), 20000);
    assert!(
        text.ends_with("  name: item-19999\n"),
        "{}",
        &text[text.len() - 40..]
    );
}

/// A failed write to stdout is an error (exit 1, E0605) rather than a
/// silently truncated success; a reader that stops early is not.
#[cfg(target_os = "linux")]
#[test]
fn failed_stdout_write_is_reported() {
    let dir = tempfile::tempdir().expect("a scratch directory");
    let file = dir.path().join("big.floe");
    std::fs::write(&file, "map (\\i -> { id = i }) (range 0 20000)").expect("write the program");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_floe"))
        .arg("eval")
        .arg(&file)
        .stdout(full)
        .output()
        .expect("run floe");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0605"), "{stderr}");

    // `floe eval … | head -c 1`: the reader closes the pipe at once.
    let mut child = Command::new(env!("CARGO_BIN_EXE_floe"))
        .arg("eval")
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run floe");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for floe");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
