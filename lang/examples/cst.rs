//! Prints the concrete syntax tree of a file: `cargo run -p floe-lang --example cst FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: cst FILE");
        std::process::exit(2);
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let floe_lang::syntax::Parse { tree, errors, .. } = floe_lang::syntax::Parse::of(&text);
            print!("{}", floe_lang::syntax::debug_tree(&tree.root()));
            for e in errors {
                println!("{e:?}");
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
