#!/usr/bin/env bash
# Compares Floe with Nix's evaluator, jrsonnet and Nickel on every
# workload (the same program in each language, checked to print equal
# JSON) and on a trivial file (startup), then prints medians, CPU time,
# peak memory and the ratios floe/peer for each size:
#   - mesh: N domain files and an enterprise file (multi-file);
#   - user-deep, user-shallow, user-schema: the mesh in one file, domains
#     generated from their numbers, merged with `&`, with `//` (names built
#     with `to_string`), or layered with `extends` over a schema;
#   - functions: maps, folds, filters, string building, `fib 22`;
#   - calls: `fib 25`, Ackermann, composed pipelines, recursion.
#
#   bash bench/compare.sh                      # N = 10, 100, 1000
#   SIZES="1000 10000" RUNS=5 bash bench/compare.sh
#   WORKLOADS="mesh user-deep"                 # a subset (default: all)
#   FUNCTIONS=20000 CALLS=20000                # items of the compute workloads
#   NICKEL_MAX=1000                            # larger meshes skip Nickel (minutes per run)
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

# floe as released: `cargo floe-release` (.cargo/config.toml) links it
# statically at a fixed address; the rest is the ordinary release build.
cargo build --release -q -p floe-bench
cargo -q floe-release
gen=$PWD/target/release/floe-bench-gen
# The executables are timed as fresh copies, all alike: how a file sits in
# the page cache (fresh from the linker, or cached long ago) moves a
# millisecond-long start by up to 0.4 ms.
mkdir -p "$work/bin"
install -m 755 target/release/floe "$peers/bin/jrsonnet" "$peers/bin/nickel" "$work/bin/"
floe=$work/bin/floe
jrsonnet=$work/bin/jrsonnet
nickel=$work/bin/nickel

# name|command, run in the workspace; `@` stands for the main file's stem.
tools=(
  "floe|$floe eval @.floe --format json"
  "nix|nix-instantiate --eval --strict --json --store dummy:// @.nix"
  # Ackermann in the calls workload recurses deeper than jrsonnet's
  # default of 200 frames.
  "jrsonnet|$jrsonnet --max-stack 100000 @.jsonnet"
  "nickel|$nickel export @.ncl"
)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "$("$floe" --version); $(nix-instantiate --version); jrsonnet $jrsonnet_version; $("$nickel" --version)"
echo "hyperfine: 1 warm-up, then $runs rounds of one run of each tool (startup: ${STARTUP_RUNS:-200} runs in 20 rounds); peak RSS from /usr/bin/time"
echo

nickel_max=${NICKEL_MAX:-1000}

# The tools that run on a workload of size $1.
tools_for() {
  for t in "${tools[@]}"; do
    if [ "${t%%|*}" = nickel ] && [ "$1" -gt "$nickel_max" ]; then continue; fi
    echo "$t"
  done
}

# Times every tool on `$dir/$stem.*` and prints one table row per tool.
# The runs are split into rounds ($6, default one run per round): each
# round runs hyperfine over all tools in turn, and the medians are taken
# over all rounds. A virtual machine's speed drifts over seconds and
# minutes; timing one tool completely before the next would favour
# whichever ran in a quiet stretch. Only the first round warms up.
measure() {
  local label=$1 dir=$2 stem=$3 size=$4 n_runs=${5:-$runs} rounds=${6:-${5:-$runs}}
  local args=() names=() tools_here=()
  mapfile -t tools_here < <(tools_for "$size")
  for t in "${tools_here[@]}"; do
    names+=("${t%%|*}")
    args+=("${t#*|}")
  done
  local cmds=()
  for c in "${args[@]}"; do cmds+=("${c//@/$stem}"); done
  local r
  for ((r = 1; r <= rounds; r++)); do
    (cd "$dir" && hyperfine -N --output null --style none --warmup "$((r == 1))" --runs "$((n_runs / rounds))" \
      --export-json "$work/$label.$r.json" "${cmds[@]}" >/dev/null 2>"$work/$label.$r.log")
  done
  local rss=()
  for c in "${cmds[@]}"; do
    # shellcheck disable=SC2086 # the command is split into words on purpose
    rss+=("$(cd "$dir" && { /usr/bin/time -f '%M' $c >/dev/null; } 2>&1 | tail -1)")
  done
  python3 - "$work/$label" "$rounds" "$label" "${names[*]}" "${rss[*]}" <<'PY'
import json, sys
stem, rounds, label, names, rss = sys.argv[1:]
names, rss = names.split(), [int(r) for r in rss.split()]
times = [[] for _ in names]
for r in range(1, int(rounds) + 1):
    for i, result in enumerate(json.load(open(f"{stem}.{r}.json"))["results"]):
        times[i] += result["times"]
def median(ts):
    ts = sorted(ts)
    n = len(ts)
    return ts[n // 2] if n % 2 else (ts[n // 2 - 1] + ts[n // 2]) / 2
meds = [median(t) for t in times]
# CPU time (user + system), the mean over the rounds: a tool that spreads
# work over both cores shows here what one core would take.
cpu = [0.0 for _ in names]
for r in range(1, int(rounds) + 1):
    for i, result in enumerate(json.load(open(f"{stem}.{r}.json"))["results"]):
        cpu[i] += (result["user"] + result["system"]) / int(rounds)
def fmt(s):
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.2f} s"
for name, m, c, r in zip(names, meds, cpu, rss):
    ratio = "—" if name == "floe" else f"{meds[0] / m:.2f}"
    mem = "—" if name == "floe" else f"{rss[0] / r:.2f}"
    print(f"| {label} | {name} | {fmt(m)} | {fmt(c)} | {r / 1024:.0f} MiB | {ratio} | {mem} |")
PY
}

echo "| workload | tool | median | CPU | peak RSS | floe/tool time | floe/tool memory |"
echo "|---|---|---:|---:|---:|---:|---:|"

# Startup: the smallest program that prints something.
start=$work/startup
mkdir -p "$start"
echo '{ a = 1 }' > "$start/main.floe"
echo '{ a = 1; }' > "$start/main.nix"
echo '{ a: 1 }' > "$start/main.jsonnet"
echo '{ a = 1 }' > "$start/main.ncl"
# A few milliseconds vary with the machine's mood: many runs, in rounds.
measure startup "$start" main 1 "${STARTUP_RUNS:-200}" 20

# Runs every tool on `$dir/main.*`, requires equal JSON, then times them.
compare() {
  local label=$1 dir=$2 tag=$3 size=$4
  local tools_here=()
  mapfile -t tools_here < <(tools_for "$size")
  for t in "${tools_here[@]}"; do
    name=${t%%|*}
    cmd=${t#*|}
    # shellcheck disable=SC2086
    (cd "$dir" && ${cmd//@/main} > "$work/out-$name-$tag.json")
  done
  # The four programs must agree before their times mean anything.
  python3 - "$work" "$tag" "$label" "${tools_here[*]}" <<'PY'
import json, sys
work, tag, label, tools = sys.argv[1:]
load = lambda name: json.load(open(f"{work}/out-{name}-{tag}.json"))
floe = load("floe")
peers = [t.split("|")[0] for t in tools.split(" ") if "|" in t]
for peer in [p for p in ["nix", "jrsonnet", "nickel"] if p in peers]:
    if load(peer) != floe:
        sys.exit(f"{label}: {peer}'s output differs from floe's")
PY
  measure "$label" "$dir" main "$size"
}

workloads=${WORKLOADS:-"mesh user-deep user-shallow user-schema functions calls"}
for workload in $workloads; do
  case $workload in
    functions | calls)
      n=$([ "$workload" = functions ] && echo "${FUNCTIONS:-20000}" || echo "${CALLS:-20000}")
      dir=$work/$workload-$n
      [ -d "$dir" ] || "$gen" "$dir" "$n" "$workload"
      # Nickel 1.18 stops `ack 2 200` of the calls workload as "infinite
      # recursion": it runs functions only.
      compare "$workload N=$n" "$dir" "$workload" "$([ "$workload" = calls ] && echo $((nickel_max + 1)) || echo 1)"
      ;;
    *)
      for n in $sizes; do
        dir=$work/$workload-$n
        # The mesh is the generator's default workload.
        [ -d "$dir" ] || "$gen" "$dir" "$n" ${workload#mesh}
        compare "$workload N=$n" "$dir" "$workload-$n" "$n"
      done
      ;;
  esac
done
echo
echo "every workload's outputs were checked equal (as JSON values) before timing"
