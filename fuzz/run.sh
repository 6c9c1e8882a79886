#!/usr/bin/env bash
# Coverage-guided fuzzing of the parser, the checker and the evaluator with
# cargo fuzz (libFuzzer, nightly toolchain): RUNS_PER_TARGET executions each
# (default 5,000) from a fixed SEED (default 1), seeded with every .floe
# file of the repository. Prints
# each target's executions and coverage; fails if any target finds a crash
# (kept under fuzz/artifacts/).
set -euo pipefail
cd "$(dirname "$0")"
runs=${RUNS_PER_TARGET:-5000}
seed=${SEED:-1}
tools=../target/fuzz-tools
if ! [ -x "$tools/bin/cargo-fuzz" ]; then
  cargo install cargo-fuzz --locked --root "$tools" >/dev/null 2>&1 || cargo install cargo-fuzz --root "$tools"
fi
export PATH="$PWD/$tools/bin:$PATH"
for target in parse check eval; do
  corpus=../target/fuzz-corpus/$target
  rm -rf "$corpus" && mkdir -p "$corpus"
  find .. -name '*.floe' -not -path '../target/*' -not -path './*' -exec cp {} "$corpus/" \; 2>/dev/null || true
  log=$(mktemp)
  cargo +nightly fuzz run "$target" "$corpus" -- -runs="$runs" -seed="$seed" -rss_limit_mb=2048 -timeout=10 2>"$log" || {
    tail -40 "$log"
    echo "fuzz target $target found a failure; see fuzz/artifacts/$target/"
    exit 1
  }
  echo "$target: $(grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -1)"
done
