#!/usr/bin/env bash
# Throughput of replylint against what a user would otherwise run: proselint
# (Debian python3-proselint) and write-good (npm, bench/peers). Each tool is called
# once per reply inside one process, on the same replies, in the same run; the
# loop time is measured (process start-up excluded). They check other things; the
# comparison is about what it costs to run a linter over webcare replies.
#
#   bench/compare_peers.sh [REPLYLINT_BINARY] [N_REPLIES] [N_PROSELINT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${1:-$root/build/replylint}
n=${2:-5000}
n_proselint=${3:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$bin" ] || { echo "no replylint binary at $bin (build first)" >&2; exit 2; }
[ -d "$here/peers/node_modules/write-good" ] || (cd "$here/peers" && npm ci --no-audit --no-fund >/dev/null)

# The same replies for every tool: the corpus and the real data, in a fixed order.
cat "$root"/corpus/*.jsonl "${REPLYLINT_BENCH_DATA:-$root/../shared/data}"/*.jsonl 2>/dev/null |
  /usr/bin/python3 -c '
import json, sys
n = int(sys.argv[1]); out = []
for line in sys.stdin:
    r = json.loads(line)
    out.append(r.get("reply") or r.get("text") or "")
while len(out) < n: out += out
out = out[:n]
json.dump(out, open(sys.argv[2], "w"))
with open(sys.argv[3], "w") as f:
    for i, t in enumerate(out): f.write(json.dumps({"id": str(i), "reply": t}) + "\n")
' "$n" "$work/replies.json" "$work/replies.jsonl"
head -n "$n_proselint" "$work/replies.jsonl" > "$work/few.jsonl"

seconds() { /usr/bin/python3 -c 'import time; print(time.perf_counter())'; }

# replylint: the whole run minus the run on one reply (start-up, rule compile).
# Process start-up is left out as a one-reply run's time. The first pass over
# the replies also pays what a rule costs the first time it runs (compiling its
# program, RE2 building its DFA states); "warm" leaves that out too: the
# replies twice over, less once.
head -n 1 "$work/replies.jsonl" > "$work/one.jsonl"
cat "$work/replies.jsonl" "$work/replies.jsonl" > "$work/twice.jsonl"
run() {
  local t0 t1
  t0=$(seconds)
  "$bin" check --format json --fail-on never "$1" > /dev/null
  t1=$(seconds)
  /usr/bin/python3 -c "print($t1 - $t0)"
}
# Each the median of five runs: the warm figure is a difference of two runs,
# which one slow run on a shared machine would swing either way.
median_run() {
  local times=()
  for _ in 1 2 3 4 5; do times+=("$(run "$1")"); done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 3p
}
t_one=$(median_run "$work/one.jsonl")
t_once=$(median_run "$work/replies.jsonl")
t_twice=$(median_run "$work/twice.jsonl")
replylint_s=$(/usr/bin/python3 -c "print(max(1e-9, $t_once - $t_one))")
replylint_warm_s=$(/usr/bin/python3 -c "print(max(1e-9, $t_twice - $t_once))")

write_good_s=$(node -e '
const writeGood = require(process.argv[1] + "/peers/node_modules/write-good");
const replies = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const start = process.hrtime.bigint();
let n = 0;
for (const r of replies) n += writeGood(r).length;
console.log(Number(process.hrtime.bigint() - start) / 1e9);
' "$here" "$work/replies.json")

# proselint caches every check's result on disk by text: a fresh cache, so each
# reply is linted as a new reply would be (a warm cache made it 100x faster).
proselint_s=$(XDG_CACHE_HOME="$work/proselint-cache" /usr/bin/python3 -c '
import json, sys, time
import proselint.tools
replies = json.load(open(sys.argv[1]))[: int(sys.argv[2])]
start = time.perf_counter()
for r in replies: proselint.tools.lint(r)
print(time.perf_counter() - start)
' "$work/replies.json" "$n_proselint")

/usr/bin/python3 - "$work/replies.json" "$n" "$n_proselint" "$replylint_s" "$replylint_warm_s" "$write_good_s" "$proselint_s" <<'PY'
import json, sys
replies = json.load(open(sys.argv[1]))
n, n_p = int(sys.argv[2]), int(sys.argv[3])
rl, rl_warm, wg, pl = map(float, sys.argv[4:8])
mb_all = sum(len(r.encode()) for r in replies) / 1e6
mb_few = sum(len(r.encode()) for r in replies[:n_p]) / 1e6
rows = [("replylint", n, mb_all, rl), ("replylint warm", n, mb_all, rl_warm),
        ("write-good", n, mb_all, wg), ("proselint", n_p, mb_few, pl)]
print(f"{'tool':<15} {'replies':>8} {'seconds':>9} {'replies/s':>11} {'MB/s':>8}")
rate = {}
for name, count, mb, s in rows:
    rate[name] = count / s
    print(f"{name:<15} {count:>8} {s:>9.3f} {count / s:>11.1f} {mb / s:>8.3f}")
for first in ("replylint", "replylint warm"):
    print(f"{first} / write-good: {rate[first] / rate['write-good']:.1f}x   "
          f"{first} / proselint: {rate[first] / rate['proselint']:.0f}x")
PY
