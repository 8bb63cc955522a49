#!/usr/bin/env bash
# Compares the benchmark figures of two versions on this machine. A shared
# machine's speed drifts by more than most changes are worth, so the two run in
# alternating rounds, each round short, and each figure is reported as the range
# and median over the rounds for both, with their ratio (above 1: NOW is faster).
#
#   bench/compare_commits.sh BASE [NOW] [ROUNDS] [FILTER]
#
# BASE and NOW are commits; NOW "." (the default) is the working tree, built in
# build-bench. A commit is built in a temporary worktree, removed afterwards.
# ROUNDS defaults to 6, FILTER to the stages, the analysis at one thread and
# the latencies. Environment: BENCH_MIN_TIME (seconds per figure and round, 1),
# REPLYLINT_BENCH_DATA (as for replylint_bench), BENCH_SAME_HARNESS=1 (build a
# commit's engine with the working tree's bench/replylint_bench.cpp).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
base=${1:?usage: bench/compare_commits.sh BASE [NOW] [ROUNDS] [FILTER]}
now=${2:-.}
rounds=${3:-6}
filter=${4:-'BM_Stage|BM_Analyze/real_time/threads:1$|BM_Latency'}
min_time=${BENCH_MIN_TIME:-1}
# Each version times its own rules on the same replies (a worktree has no
# ../shared/data beside it).
export REPLYLINT_BENCH_DATA=${REPLYLINT_BENCH_DATA:-$root/../shared/data}
work=$(mktemp -d)
worktrees=()
cleanup() {
  for w in "${worktrees[@]}"; do git -C "$root" worktree remove --force "$w" >/dev/null 2>&1 || true; done
  rm -rf "$work"
  git -C "$root" worktree prune
}
trap cleanup EXIT

# Builds the benchmarks of version $1 and sets `bin` to the binary. Not run in
# a subshell, so that the worktree it adds is removed on exit.
build() {
  local src=$root
  if [ "$1" != . ]; then
    src=$work/wt-$(git -C "$root" rev-parse --short "$1")
    git -C "$root" worktree add --detach "$src" "$1" >/dev/null 2>&1
    worktrees+=("$src")
    # The same harness for both, when asked: a version older than a change to
    # the benchmarks then runs the same figures the same way.
    [ "${BENCH_SAME_HARNESS:-0}" = 1 ] && cp "$root/bench/replylint_bench.cpp" "$src/bench/"
  fi
  cmake -S "$src" -B "$src/build-bench" -DCMAKE_BUILD_TYPE=Release -DREPLYLINT_BENCH=ON >/dev/null
  cmake --build "$src/build-bench" -j"$(nproc)" --target replylint_bench >/dev/null
  bin=$src/build-bench/bench/replylint_bench
}

echo "building $base and $now ..." >&2
build "$base"
base_bin=$bin
build "$now"
now_bin=$bin
for r in $(seq 1 "$rounds"); do
  for tag in base now; do
    bin=$base_bin
    [ $tag = now ] && bin=$now_bin
    "$bin" --benchmark_min_time="$min_time" --benchmark_filter="$filter" \
      --benchmark_out="$work/$tag-$r.json" --benchmark_out_format=json >/dev/null 2>&1
  done
  echo "round $r of $rounds done" >&2
done

/usr/bin/python3 - "$work" "$rounds" "$base" "$now" <<'PY'
import json, statistics, sys
work, rounds, base, now = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
figures = {}  # (benchmark, figure) -> {tag: [values]}
order = []
for tag in ("base", "now"):
    for r in range(1, rounds + 1):
        for b in json.load(open(f"{work}/{tag}-{r}.json"))["benchmarks"]:
            unit = b.get("time_unit", "ns")
            for fig, value in [(f"time ({unit})", b["real_time"])] + [
                (k, v) for k, v in b.items() if k in ("p50_us", "p99_us")
            ]:
                key = (b["name"], fig)
                if key not in figures:
                    figures[key] = {"base": [], "now": []}
                    order.append(key)
                figures[key][tag].append(float(value))
print(f"{rounds} alternating rounds; base {base}, now {now}; ratio = base / now (above 1: now is faster)")
# "paired": the median of each round's own ratio. A round's two runs follow each
# other, so the machine's drift over the rounds cancels out of it.
print(f"{'benchmark':<36} {'figure':<10} {'base median (range)':>28} {'now median (range)':>28} {'median':>7} {'min':>7} {'paired':>7}")
for key in order:
    b, n = figures[key]["base"], figures[key]["now"]
    if not b or not n:
        continue
    cell = lambda v: f"{statistics.median(v):.4g} ({min(v):.4g}-{max(v):.4g})"
    paired = statistics.median(x / y for x, y in zip(b, n)) if len(b) == len(n) else float("nan")
    print(f"{key[0]:<36} {key[1]:<10} {cell(b):>28} {cell(n):>28} "
          f"{statistics.median(b) / statistics.median(n):>7.3f} {min(b) / min(n):>7.3f} {paired:>7.3f}")
PY
