#!/usr/bin/env bash
# Times `floe eval` and `floe check` on generated Data Mesh workspaces and
# prints a Markdown table of medians and peak memory.
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

cargo build --release -q -p floe -p floe-bench
floe=$PWD/target/release/floe
gen=$PWD/target/release/floe-bench-gen

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $("$floe" --version)"
echo
echo "| workload | N | median | min | max | peak RSS | output |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for workload in mesh layered; do
for n in $sizes; do
  dir=$work/$workload-$n
  if [ ! -d "$dir" ]; then
    if [ "$workload" = layered ]; then "$gen" "$dir" "$n" layered; else "$gen" "$dir" "$n"; fi
  fi
  for cmd in eval "check --static" check; do
    tag=${cmd// /}
    json=$work/$workload-$tag-$n.json
    hyperfine -N --output null --style none --warmup 1 --runs "$runs" --export-json "$json" \
      "$floe $cmd $dir/main.floe" >/dev/null 2>"$work/hyperfine-$workload-$tag-$n.log"
    rss=$( { /usr/bin/time -f '%M' "$floe" $cmd "$dir/main.floe" > "$work/out-$workload-$n.yaml"; } 2>&1 | tail -1 )
    size=$(stat -c %s "$work/out-$workload-$n.yaml")
    python3 - "$json" "$cmd" "$n" "$rss" "$size" "$workload" <<'PY'
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
