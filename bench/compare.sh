#!/usr/bin/env bash
# Compares Floe with Nix's evaluator, jrsonnet and Nickel on the mesh
# workload (the same program in each language, checked to print equal JSON)
# and on a trivial file (startup), then prints medians, peak memory and the
# ratio floe/peer for each size.
#
#   bash bench/compare.sh                      # N = 10, 100, 1000
#   SIZES="1000 10000" RUNS=5 bash bench/compare.sh
#
# Installs what is missing: hyperfine and nix-bin with apt-get (as root),
# jrsonnet and nickel with `cargo install` into $PEERS (default
# ~/.cache/floe-bench/peers), which later runs reuse.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-"10 100 1000"}
runs=${RUNS:-10}
work=${WORK:-$(mktemp -d)}
peers=${PEERS:-$HOME/.cache/floe-bench/peers}
jrsonnet_version=0.5.0-pre98
nickel_version=1.18.0

need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v nix-instantiate >/dev/null || need_apt+=(nix-bin)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing: ${need_apt[*]} (apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
fi
if [ ! -x "$peers/bin/jrsonnet" ]; then
  echo "installing jrsonnet $jrsonnet_version into $peers (once)" >&2
  cargo install -q --locked --root "$peers" jrsonnet --version "$jrsonnet_version"
fi
if [ ! -x "$peers/bin/nickel" ]; then
  echo "installing nickel $nickel_version into $peers (once; several minutes)" >&2
  cargo install -q --locked --root "$peers" nickel-lang-cli --version "$nickel_version"
fi

cargo build --release -q -p floe -p floe-bench
floe=$PWD/target/release/floe
gen=$PWD/target/release/floe-bench-gen
jrsonnet=$peers/bin/jrsonnet
nickel=$peers/bin/nickel

# name|command, run in the workspace; `@` stands for the main file's stem.
tools=(
  "floe|$floe eval @.floe --format json"
  "nix|nix-instantiate --eval --strict --json --store dummy:// @.nix"
  "jrsonnet|$jrsonnet @.jsonnet"
  "nickel|$nickel export @.ncl"
)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "$("$floe" --version); $(nix-instantiate --version); jrsonnet $jrsonnet_version; $("$nickel" --version)"
echo "hyperfine: 1 warm-up, $runs runs; peak RSS from /usr/bin/time"
echo

# Times every tool on `$dir/$stem.*` and prints one table row per tool.
measure() {
  local label=$1 dir=$2 stem=$3
  local args=() names=()
  for t in "${tools[@]}"; do
    names+=("${t%%|*}")
    args+=("${t#*|}")
  done
  local cmds=()
  for c in "${args[@]}"; do cmds+=("${c//@/$stem}"); done
  (cd "$dir" && hyperfine -N --output null --style none --warmup 1 --runs "$runs" \
    --export-json "$work/$label.json" "${cmds[@]}" >/dev/null 2>"$work/$label.log")
  local rss=()
  for c in "${cmds[@]}"; do
    # shellcheck disable=SC2086 # the command is split into words on purpose
    rss+=("$(cd "$dir" && { /usr/bin/time -f '%M' $c >/dev/null; } 2>&1 | tail -1)")
  done
  python3 - "$work/$label.json" "$label" "${names[*]}" "${rss[*]}" <<'PY'
import json, sys
path, label, names, rss = sys.argv[1:]
names, rss = names.split(), [int(r) for r in rss.split()]
def median(ts):
    ts = sorted(ts)
    n = len(ts)
    return ts[n // 2] if n % 2 else (ts[n // 2 - 1] + ts[n // 2]) / 2
meds = [median(r["times"]) for r in json.load(open(path))["results"]]
def fmt(s):
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.2f} s"
for name, m, r in zip(names, meds, rss):
    ratio = "—" if name == "floe" else f"{meds[0] / m:.2f}"
    mem = "—" if name == "floe" else f"{rss[0] / r:.2f}"
    print(f"| {label} | {name} | {fmt(m)} | {r / 1024:.0f} MiB | {ratio} | {mem} |")
PY
}

echo "| workload | tool | median | peak RSS | floe/tool time | floe/tool memory |"
echo "|---|---|---:|---:|---:|---:|"

# Startup: the smallest program that prints something.
start=$work/startup
mkdir -p "$start"
echo '{ a = 1 }' > "$start/main.floe"
echo '{ a = 1; }' > "$start/main.nix"
echo '{ a: 1 }' > "$start/main.jsonnet"
echo '{ a = 1 }' > "$start/main.ncl"
measure startup "$start" main

for n in $sizes; do
  dir=$work/mesh-$n
  [ -d "$dir" ] || "$gen" "$dir" "$n"
  # The four programs must agree before their times mean anything.
  for t in "${tools[@]}"; do
    name=${t%%|*}
    cmd=${t#*|}
    # shellcheck disable=SC2086
    (cd "$dir" && ${cmd//@/main} > "$work/out-$name-$n.json")
  done
  python3 - "$work" "$n" <<'PY'
import json, sys
work, n = sys.argv[1:]
load = lambda name: json.load(open(f"{work}/out-{name}-{n}.json"))
floe = load("floe")
for peer in ["nix", "jrsonnet", "nickel"]:
    if load(peer) != floe:
        sys.exit(f"mesh N={n}: {peer}'s output differs from floe's")
PY
  measure "mesh N=$n" "$dir" main
done
echo
echo "outputs of every size were checked equal (as JSON values) before timing"
