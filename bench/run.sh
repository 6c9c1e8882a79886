#!/usr/bin/env bash
# Times `floe eval` and `floe check` on generated Data Mesh workspaces, the
# function-heavy workload and a trivial file, prints a Markdown table of
# medians and peak memory, then measures re-evaluation after a one-field
# edit of the N = 1000 mesh (floe-bench-incr).
#
#   bash bench/run.sh                 # N = 10, 100, 1000
#   SIZES="10 100 1000 10000" bash bench/run.sh
#
# Needs hyperfine (Debian package `hyperfine`); installs it when missing and
# running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"10 100 1000"}
runs=${RUNS:-10}
work=${WORK:-$(mktemp -d)}

if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
  else
    echo "hyperfine is required: apt-get install hyperfine" >&2
    exit 1
  fi
fi

# floe as released: `cargo floe-release` (.cargo/config.toml) links it
# statically at a fixed address; the rest is the ordinary release build.
cargo build --release -q -p floe-bench
cargo -q floe-release
gen=$PWD/target/release/floe-bench-gen
# Timed as a fresh copy, as compare.sh does (see there).
mkdir -p "$work/bin"
install -m 755 target/release/floe "$work/bin/"
floe=$work/bin/floe

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $("$floe" --version)"
echo
echo "| workload | N | median | min | max | peak RSS | output |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for workload in startup mesh layered functions; do
for n in $sizes; do
  dir=$work/$workload-$n
  case $workload in
    startup) [ "$n" = "$(echo "$sizes" | awk '{print $1}')" ] || continue
             mkdir -p "$dir"; echo '{ a = 1 }' > "$dir/main.floe"; n=1 ;;
    mesh) [ -d "$dir" ] || "$gen" "$dir" "$n" ;;
    layered) [ -d "$dir" ] || "$gen" "$dir" "$n" layered ;;
    functions) [ -d "$dir" ] || "$gen" "$dir" "$((n * 20))" functions ;;
  esac
  shown=$n
  [ "$workload" = functions ] && shown="$((n * 20)) items"
  [ "$workload" = startup ] && shown="—"
  for cmd in eval "check --static" check; do
    tag=${cmd// /}
    json=$work/$workload-$tag-$n.json
    hyperfine -N --output null --style none --warmup 1 --runs "$runs" --export-json "$json" \
      "$floe $cmd $dir/main.floe" >/dev/null 2>"$work/hyperfine-$workload-$tag-$n.log"
    rss=$( { /usr/bin/time -f '%M' "$floe" $cmd "$dir/main.floe" > "$work/out-$workload-$n.yaml"; } 2>&1 | tail -1 )
    size=$(stat -c %s "$work/out-$workload-$n.yaml")
    python3 - "$json" "$cmd" "$shown" "$rss" "$size" "$workload" <<'PY'
import json, sys
path, cmd, n, rss, size, workload = sys.argv[1:]
r = json.load(open(path))["results"][0]
times = sorted(r["times"])
median = times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2
def fmt(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.2f} s"
out = f"{int(size) / 1e6:.1f} MB" if cmd == "eval" else "—"
print(f"| {workload} {cmd} | {n} | {fmt(median)} | {fmt(min(times))} | {fmt(max(times))} | {int(rss) / 1024:.0f} MiB | {out} |")
PY
  done
done
done

# Re-evaluation after an edit, through one database, as `--watch` and the
# language server do. Each run of the harness is a fresh process: its cold
# round is a real cold start.
incr=$work/mesh-1000
[ -d "$incr" ] || "$gen" "$incr" 1000
echo
echo "Re-evaluation of the N = 1000 mesh after a one-field edit (floe-bench-incr, 5 processes of 30 edits):"
for _ in 1 2 3 4 5; do "$PWD/target/release/floe-bench-incr" "$incr" 30; done > "$work/incr.txt"
python3 - "$work/incr.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
cold = sorted(float(x) for x in re.findall(r"cold check \+ evaluate: ([0-9.]+) ms", text))
warm = sorted(float(x) for x in re.findall(r"check \+ evaluate median ([0-9.]+) ms", text))
med = lambda v: v[len(v) // 2]
print(f"cold check + evaluate: median {med(cold):.1f} ms ({cold[0]:.1f}–{cold[-1]:.1f})")
print(f"after an edit: median {med(warm):.2f} ms ({warm[0]:.2f}–{warm[-1]:.2f})")
print(f"cold / after an edit: {med(cold) / med(warm):.0f}×")
PY

# The language server on the same workspace: keystroke to diagnostics,
# requests, memory (floe-bench-lsp, one process of 200 rounds each).
echo
echo "floe lsp on the N = 1000 mesh (floe-bench-lsp):"
"$PWD/target/release/floe-bench-lsp" "$floe" "$incr" 200
