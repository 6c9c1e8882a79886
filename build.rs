//! Links the `floe` executable at a fixed address on Linux.
//!
//! A position-independent executable has every pointer in its read-only
//! tables (vtables, string tables, panic locations: some 14,000 of them)
//! relocated by the dynamic loader at each start, and the pages holding
//! them copied. For a command that often runs for a millisecond or two that
//! is a noticeable share of its start (docs/performance.md, "Startup"); a
//! fixed-address executable has the linker fill them in once.
//!
//! A statically linked build (`crt-static`) is left to rustc: it decides
//! between a static and a static position-independent executable from the
//! relocation model, and `-no-pie` must not contradict it.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let static_crt = features.split(',').any(|f| f == "crt-static");
    if os == "linux" && !static_crt {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
