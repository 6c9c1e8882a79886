//! Hostile inputs: every one must end in a diagnostic with a code and exit
//! status 1 — never a panic, a stack overflow or a hang.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn floe_on(name: &str, contents: &[u8], extra: &[&str]) -> (i32, String) {
    floe_with_stack(name, contents, extra, None)
}

/// Runs `floe eval` on `contents`; with `stack_kib`, under that limit on
/// the size of the main thread's stack (`ulimit -s`).
fn floe_with_stack(
    name: &str,
    contents: &[u8],
    extra: &[&str],
    stack_kib: Option<u32>,
) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, contents).unwrap();
    let mut command = match stack_kib {
        None => Command::new(env!("CARGO_BIN_EXE_floe")),
        Some(kib) => {
            let mut sh = Command::new("sh");
            sh.arg("-c")
                .arg(format!("ulimit -s {kib} && exec \"$0\" \"$@\""))
                .arg(env!("CARGO_BIN_EXE_floe"));
            sh
        }
    };
    let output = command
        .arg("eval")
        .arg(&file)
        .args(extra)
        .current_dir(dir.path())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_diagnosed(name: &str, contents: &[u8], code: &str) {
    assert_diagnosed_with(name, contents, code, &[]);
}

fn assert_diagnosed_with(name: &str, contents: &[u8], code: &str, extra: &[&str]) {
    let (status, stderr) = floe_on(name, contents, extra);
    assert_eq!(
        status,
        1,
        "{name}: exit status {status}\n{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains(code),
        "{name}: expected {code} in\n{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.len() < 20_000,
        "{name}: {} bytes of diagnostics",
        stderr.len()
    );
}

#[test]
fn truncated_file() {
    assert_diagnosed("t.floe", b"{ a = [1, 2, { b = ", "E0101");
}

#[test]
fn binary_garbage() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_diagnosed("g.floe", &bytes, "E0109");
}

#[test]
fn control_characters_in_valid_utf8() {
    assert_diagnosed("c.floe", b"{ a = \x01\x02 }", "E0104");
}

#[test]
fn hundred_thousand_nested_brackets() {
    let mut s = "[".repeat(100_000);
    s.push_str(&"]".repeat(100_000));
    assert_diagnosed("deep.floe", s.as_bytes(), "E0106");
    let braces = "{ a = ".repeat(100_000);
    assert_diagnosed("braces.floe", braces.as_bytes(), "E0106");
    let parens = "(".repeat(100_000);
    assert_diagnosed("parens.floe", parens.as_bytes(), "E0106");
}

#[test]
fn deep_nesting_without_brackets() {
    let neg = format!("{}1", "-".repeat(100_000));
    assert_diagnosed("neg.floe", neg.as_bytes(), "E0106");
    let chain = format!("1{}", " + 1".repeat(100_000));
    assert_diagnosed("chain.floe", chain.as_bytes(), "E0106");
    let lets = format!("{}1{}", "let x = ".repeat(20_000), " in x".repeat(20_000));
    assert_diagnosed("lets.floe", lets.as_bytes(), "E0106");
    let lambdas = format!("{}1", "\\x -> ".repeat(50_000));
    assert_diagnosed("lambdas.floe", lambdas.as_bytes(), "E0106");
}

#[test]
fn unterminated_strings_and_interpolations() {
    assert_diagnosed("s.floe", b"{ a = \"abc }", "E0102");
    assert_diagnosed("i.floe", b"\"abc ${ 1 + ", "E0103");
    assert_diagnosed("ind.floe", b"''\n  abc\n", "E0102");
    let nested = "\"${".repeat(50_000);
    assert_diagnosed("nested.floe", nested.as_bytes(), "E0106");
}

#[test]
fn fifty_megabyte_string_literal() {
    let mut s = b"{ a = \"".to_vec();
    s.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    assert_diagnosed("big.floe", &s, "E0102");
    // Closed, it is a fine program.
    s.extend_from_slice(b"\", b = 1 +, }");
    assert_diagnosed("big2.floe", &s, "E0101");
}

#[test]
fn runaway_recursion() {
    assert_diagnosed("rec.floe", b"let f = \\x -> f x in f 1", "E0506");
    assert_diagnosed("rec2.floe", b"let f = \\x -> 1 + f (x + 1) in f 1", "E0506");
    assert_diagnosed("self.floe", b"let x = x + 1 in x", "E0505");
    assert_diagnosed("rec3.floe", b"let r = { a = r.b, b = r.a } in r", "E0505");
    let deep_data = b"let f = \\n -> if n == 0 then {} else { a = f (n - 1) } in f 100000";
    assert_diagnosed("deepdata.floe", deep_data, "E0606");
    let deep_list = b"let f = \\n -> if n == 0 then [] else [f (n - 1)] in f 100000";
    assert_diagnosed("deeplist.floe", deep_list, "E0606");
    // A record that holds itself, through the builtin behind `compact`.
    let own = b"let r = { a = r, b = null } in drop_nulls r";
    assert_diagnosed("selfholding.floe", own, "E0506");
}

#[test]
fn depth_limit_can_be_raised() {
    let program = b"let count = \\n -> if n == 0 then 0 else 1 + count (n - 1) in count 20000";
    assert_diagnosed("count.floe", program, "E0506");
    let (status, stderr) = floe_on("count.floe", program, &["--max-depth", "100000"]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn exponential_work_hits_the_step_limit() {
    let program = b"let f = \\n -> if n == 0 then 1 else f (n - 1) + f (n - 1) in f 64";
    assert_diagnosed_with("expo.floe", program, "E0512", &["--max-steps", "2000000"]);
}

#[test]
fn exponential_growth_hits_the_size_limit() {
    let program = b"let s = \\n -> if n == 0 then \"ab\" else let t = s (n - 1) in t + t in s 40";
    assert_diagnosed("huge.floe", program, "E0513");
    // A list of the size limit's length is 2 GiB of pointers, so whether
    // the size or the memory limit comes first depends on how the machine
    // counts memory; with memory bounded lower the answer is certain.
    let lists =
        b"let s = \\n -> if n == 0 then [1] else let t = s (n - 1) in t ++ t in length (s 40)";
    assert_diagnosed_with("hugelist.floe", lists, "E0514", &["--max-memory", "1GiB"]);
    assert_diagnosed("range.floe", b"length (range 0 9000000000000)", "E0513");
}

/// Importing the data file `name` is refused with E0206.
fn assert_import_rejected(name: &str, contents: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("floe.toml"), "").unwrap();
    std::fs::write(dir.path().join(name), contents).unwrap();
    std::fs::write(dir.path().join("main.floe"), format!("import \"./{name}\"")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_floe"))
        .args(["eval", "main.floe"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("E0206"), "{stderr}");
}

#[test]
fn yaml_alias_bomb() {
    let bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n\
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    assert_import_rejected("bomb.yaml", bomb);
}

#[test]
fn deeply_nested_json_import() {
    let json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_import_rejected("deep.json", &json);
}

#[test]
fn hostile_types() {
    let chain = format!("1 : {}Int", "Int -> ".repeat(100_000));
    assert_diagnosed("fnchain.floe", chain.as_bytes(), "E0106");
    let optional = format!("1 : Int{}", "?".repeat(100_000));
    assert_diagnosed("optional.floe", optional.as_bytes(), "E0106");
    let tags: Vec<String> = (0..100_000).map(|i| format!("\"t{i}\"")).collect();
    let huge_enum = format!("\"a\" : {}", tags.join(" | "));
    assert_diagnosed("enum.floe", huge_enum.as_bytes(), "E0301");
    let refinement_loop = b"let t = \\x -> t x in 1 : Int where t";
    assert_diagnosed("refine.floe", refinement_loop, "E0506");
    let bad_regex = b"\"a\" : Text where matches \"(\"";
    assert_diagnosed("regex.floe", bad_regex, "E0508");
}

#[test]
fn deep_programs_on_a_small_main_stack() {
    // Every recursive pass grows its stack on demand, so a limit far below
    // the usual 8 MiB changes nothing.
    let deep: [(&str, String, Option<&str>); 7] = [
        (
            "lets.floe",
            format!("{}1{}", "let x = ".repeat(20_000), " in x".repeat(20_000)),
            Some("E0106"),
        ),
        (
            "lambdas.floe",
            format!("{}1", "\\x -> ".repeat(50_000)),
            Some("E0106"),
        ),
        (
            "fnchain.floe",
            format!("1 : {}Int", "Int -> ".repeat(100_000)),
            Some("E0106"),
        ),
        (
            "optional.floe",
            format!("1 : Int{}", "?".repeat(100_000)),
            Some("E0106"),
        ),
        (
            "lists.floe",
            format!("{}{}", "[".repeat(512), "]".repeat(512)),
            None,
        ),
        (
            "records.floe",
            format!("{}1{}", "{ a = ".repeat(512), " }".repeat(512)),
            None,
        ),
        (
            "lets_ok.floe",
            format!("{}1{}", "let x = ".repeat(300), " in x".repeat(300)),
            None,
        ),
    ];
    for (name, text, code) in deep {
        let (status, stderr) = floe_with_stack(name, text.as_bytes(), &[], Some(256));
        let head: String = stderr.chars().take(2000).collect();
        match code {
            Some(code) => {
                assert_eq!(status, 1, "{name}: exit status {status}\n{head}");
                assert!(stderr.contains(code), "{name}: expected {code} in\n{head}");
            }
            None => assert_eq!(status, 0, "{name}: exit status {status}\n{head}"),
        }
    }
}
