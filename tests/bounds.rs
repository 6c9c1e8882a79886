//! Resources are bounded with a diagnostic: each input here once ended in
//! a stack overflow, an allocation failure, a panic or a quadratic run.
//! Every one runs under a 2 GiB address-space cap (`ulimit -v`) and must
//! end within 20 s with exit status 1 and the expected code — or, where the
//! program is fine, with its value.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CAP_KIB: u64 = 2 * 1024 * 1024;

/// Runs `floe eval` on `program` under the cap; exit status, stdout, stderr.
fn capped(program: &str, extra: &[&str]) -> (i32, String, String) {
    capped_with(program, &[], extra)
}

/// Like [`capped`], with more files beside `main.floe`.
fn capped_with(program: &str, files: &[(&str, &str)], extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(dir.path().join("main.floe"), program).unwrap();
    // Output goes to files: a full pipe nobody reads would block floe.
    let stdout = std::fs::File::create(dir.path().join("stdout")).unwrap();
    let stderr = std::fs::File::create(dir.path().join("stderr")).unwrap();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {CAP_KIB} && exec \"$0\" eval main.floe \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_floe"))
        .args(extra)
        .current_dir(dir.path())
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::from(stderr))
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!(
                "did not finish within 20 s: {}",
                &program[..program.len().min(200)]
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    let read = |name: &str| {
        String::from_utf8_lossy(&std::fs::read(dir.path().join(name)).unwrap()).into_owned()
    };
    (status.code().unwrap_or(-1), read("stdout"), read("stderr"))
}

fn assert_code(program: &str, extra: &[&str], code: &str) {
    let (status, _, stderr) = capped(program, extra);
    let shown = &stderr[..stderr.len().min(1500)];
    assert_eq!(status, 1, "{program}\n{shown}");
    assert!(
        stderr.contains(code),
        "{program}: expected {code} in\n{shown}"
    );
    assert!(!stderr.contains("panicked"), "{shown}");
    assert!(
        stderr.len() < 20_000,
        "{} bytes of diagnostics",
        stderr.len()
    );
}

fn assert_value(program: &str, expected: &str) {
    let (status, stdout, stderr) = capped(program, &[]);
    assert_eq!(
        status,
        0,
        "{program}\n{}",
        &stderr[..stderr.len().min(1500)]
    );
    assert_eq!(stdout.trim(), expected, "{program}");
}

#[test]
fn types_defined_by_themselves() {
    assert_code("let type T = T in 1 : T", &[], "E0307");
    assert_code("let type A = B, type B = A in 1 : A", &[], "E0307");
    assert_code("let type T = T? in null : T", &[], "E0307");
    assert_code("let type T = T where non_empty in \"x\" : T", &[], "E0307");
    assert_code("let type T = { a : T } in 1 : T", &[], "E0301");
    // Through a typed parameter: the cycle is in the type, found all the same.
    assert_code("let type T = T?, f = \\(x : T) -> x in f 1", &[], "E0307");
    assert_value(
        "let type T = { a : T? } in ({ a = { a = null } } : T).a.a",
        "null",
    );
}

#[test]
fn deep_data_compares_and_is_freed() {
    let deep_list = "fold (\\acc x -> [acc]) [] (range 0 200000)";
    assert_value(&format!("let d = {deep_list} in d == d"), "true");
    assert_value(
        &format!("let d = {deep_list} in length (unique [d, d])"),
        "1",
    );
    assert_value(
        &format!("let d = {deep_list}, e = {deep_list} in elem d [e]"),
        "true",
    );
    // Temporaries a million levels deep are dropped without recursion.
    assert_value(
        "type_of (fold (\\acc x -> { a = acc }) {} (range 0 1000000))",
        "record",
    );
    assert_value(
        "length [(fold (\\acc x -> [acc, x]) [] (range 0 1000000))]",
        "1",
    );
}

#[test]
fn folds_keep_no_chains_in_their_accumulator() {
    // A record accumulator's fields would each be a chain of a million
    // pending additions; `fold` forces them as it goes.
    assert_value(
        "let
  items = map (\\i -> { name = \"item-${i}\", weight = i % 7 }) (range 0 1000000),
  stats = fold
    (\\acc r -> {
      count = acc.count + 1,
      sum = acc.sum + r.weight,
      heaviest = if r.weight > acc.heaviest.weight then r else acc.heaviest,
      by = { even = acc.by.even + (if r.weight % 2 == 0 then 1 else 0) },
    })
    { count = 0, sum = 0, heaviest = { name = \"\", weight = -1 }, by.even = 0 }
    items,
in [stats.count, stats.sum, stats.heaviest.name, stats.by.even]",
        "- 1000000\n- 2999997\n- item-6\n- 571429",
    );
    // A list accumulator's items too.
    assert_value(
        "head (fold (\\acc x -> [head acc + x]) [0] (range 0 1000000))",
        "499999500000",
    );
    // A field nobody reads is not reported, as without forcing.
    assert_value(
        "(fold (\\acc x -> { n = acc.n + 1, bad = fail \"unused\" }) { n = 0, bad = 0 } (range 0 10)).n",
        "10",
    );
    // A chain of a million closures, each holding the frame of the one
    // before, is freed without recursion.
    assert_value(
        "type_of (fold (\\f x -> (\\y -> f y + x)) (\\y -> y) (range 0 1000000))",
        "function",
    );
}

#[test]
fn a_raised_depth_limit_ends_in_a_diagnostic() {
    // Growing the stack until the system refuses used to panic inside the
    // stack-growing crate. Under the cap, the memory limit (half the
    // address space) or the stack limit stops it, whichever comes first.
    let (status, _, stderr) = capped(
        "let f = \\n -> 1 + f n in f 1",
        &["--max-depth", "100000000"],
    );
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("E0506") || stderr.contains("E0514"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn large_records_and_lets_lower_in_linear_time() {
    let fields: Vec<String> = (0..100_000).map(|i| format!("f{i} = {i}")).collect();
    assert_value(
        &format!("length (keys {{ {} }})", fields.join(", ")),
        "100000",
    );
    let dotted: Vec<String> = (0..100_000)
        .map(|i| format!("a.b{}.c{i} = {i}", i % 100))
        .collect();
    assert_value(
        &format!("length (keys ({{ {} }}).a)", dotted.join(", ")),
        "100",
    );
    let lets: Vec<String> = (0..40_000).map(|i| format!("v{i} = {i}")).collect();
    assert_value(&format!("let {} in v39999", lets.join(", ")), "39999");
}

#[test]
fn wide_layers_are_checked_in_linear_time() {
    // Layering the literal values of two records searched the parent's
    // fields once per field of the layer: 100,000 fields took minutes.
    let wide = |value: i64| -> String {
        (0..100_000)
            .map(|i| format!("f{i} = {}", i + value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let program = |a: i64| {
        format!(
            "let type T = {{ final a : Int = 1, .. }}, \
             base = {{ {}, a = 1 }} : T, \
             layer = base extends {{ {}, a = {a} }} \
             in length (keys layer)",
            wide(0),
            wide(1)
        )
    };
    assert_value(&program(1), "100001");
    // The final field, last of 100,001, is still found and judged.
    assert_code(&program(2), &[], "E0401");
}

#[test]
fn suggestions_for_very_long_names_are_cheap() {
    let name = "x".repeat(100_000);
    let wrong = format!("{}y", "x".repeat(99_999));
    assert_code(&format!("let {name} = 1 in {wrong}"), &[], "E0201");
    let field = "f".repeat(100_000);
    assert_code(
        &format!("{{ {field} = 1 }}.{}g", "f".repeat(99_999)),
        &[],
        "E0502",
    );
}

#[test]
fn memory_and_output_are_bounded() {
    // One allocation of 18 GB, refused before it is tried.
    assert_code("length (range 0 250000000)", &[], "E0514");
    // Doubling a list or text until memory runs out.
    assert_code(
        "let f = \\n s -> if n == 0 then s else f (n - 1) (s ++ s) in length (f 30 [1])",
        &[],
        "E0514",
    );
    assert_code(
        "let f = \\n s -> if n == 0 then s else f (n - 1) (s + s) in length (to_json (f 30 \"ab\"))",
        &[],
        "E051", // the size limit or the memory limit, whichever comes first
    );
    assert_code(
        "let f = \\n s -> if n == 0 then s else f (n - 1) (flatten [s, s]) in length (f 30 [1])",
        &[],
        "E0514",
    );
    assert_code(
        "let f = \\n s -> if n == 0 then s else f (n - 1) (join \"\" [s, s]) in length (f 32 \"ab\")",
        &[],
        "E051",
    );
    // An unshared binary tree grows exponentially.
    assert_code(
        "let t = \\n -> if n == 0 then 1 else { l = t (n - 1), r = t (n - 1) } in t 40",
        &[],
        "E051",
    );
    // Text of 2^40 bytes from a shared value: measured before it is written.
    let shared = "let f = \\n -> if n == 0 then [1] else let x = f (n - 1) in [x, x] in";
    assert_code(&format!("{shared} length (to_json (f 40))"), &[], "E0513");
    assert_code(&format!("{shared} f 40"), &[], "E0608");
    assert_code(
        "length (range 0 20000000)",
        &["--max-memory", "256M"],
        "E0514",
    );
}

#[test]
fn exponential_work_stops_at_the_default_step_limit() {
    assert_code(
        "let fib = \\n -> if n < 2 then n else fib (n - 1) + fib (n - 2) in fib 40",
        &[],
        "E0512",
    );
    let shared = "let t = \\n -> if n == 0 then [1] else let x = t (n - 1) in [x, x] in";
    assert_code(&format!("{shared} t 60 == t 60"), &[], "E0512");
}

#[test]
fn yaml_aliases_cannot_expand_a_file_without_bound() {
    // A megabyte of text named 3,000 times: 3 GB if expanded, and well
    // under the YAML reader's own limit on repetitions.
    let yaml = format!(
        "a: &a \"{}\"\nb: [{}]\n",
        "x".repeat(1_000_000),
        vec!["*a"; 3000].join(", ")
    );
    let (status, _, stderr) = capped_with(
        "length (import \"./bomb.yaml\").b",
        &[("bomb.yaml", &yaml)],
        &[],
    );
    assert_eq!(status, 1, "{}", &stderr[..stderr.len().min(1500)]);
    assert!(
        stderr.contains("E0206") && stderr.contains("alias"),
        "{}",
        &stderr[..stderr.len().min(1500)]
    );
    // Anchors used as intended still work.
    let (status, stdout, stderr) = capped_with(
        "(import \"./v.yaml\").b.port",
        &[("v.yaml", "a: &base {port: 80, host: web}\nb: *base\n")],
        &[],
    );
    assert_eq!((status, stdout.trim()), (0, "80"), "{stderr}");
}
