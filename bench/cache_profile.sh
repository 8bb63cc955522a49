#!/usr/bin/env bash
# What a warm pass over the benchmark mix costs per reply in instructions and
# simulated cache misses (valgrind's cachegrind), with the functions that cost
# the most. Unlike timings, these figures do not move with the machine's load,
# so two versions can be compared on a noisy machine; they model the cache, so
# back a change with timings too (bench/compare_commits.sh).
#
#   bench/cache_profile.sh [BUILD_DIR] [TOP] [SORT]
#
# BUILD_DIR holds bench/replylint_analyze_passes (default build-bench, built
# with -DREPLYLINT_BENCH=ON). TOP functions are listed (default 15), by SORT:
# Ir, I1mr, D1mr or D1mw (default D1mr). The caches simulated are this
# machine's per core: 32 KiB L1i and L1d, 8-way, and 1 MiB L2 as the last level.
set -euo pipefail
build=${1:-build-bench}
top=${2:-15}
sort=${3:-D1mr}
bin=$build/bench/replylint_analyze_passes
[ -x "$bin" ] || { echo "no $bin: build target replylint_analyze_passes" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One pass and four: their difference is three warm passes, without loading.
for passes in 1 4; do
  valgrind --tool=cachegrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 \
    --LL=1048576,16,64 --cachegrind-out-file="$work/cg.$passes" \
    "$bin" "$passes" > "$work/out.$passes" 2> "$work/log.$passes"
done
replies=$(awk '{print $1; exit}' "$work/out.1")
/usr/bin/python3 - "$work/cg.1" "$work/cg.4" "$replies" "$top" "$sort" <<'PY'
import collections, sys
def load(path):
    events, fn, per_fn = None, None, collections.defaultdict(lambda: None)
    for line in open(path):
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith("fn="):
            fn = line[3:].strip()
        elif line[:1].isdigit():
            values = [int(v) for v in line.split()[1:]]
            values += [0] * (len(events) - len(values))
            old = per_fn[fn]
            per_fn[fn] = values if old is None else [a + b for a, b in zip(old, values)]
    return events, per_fn
events, one = load(sys.argv[1])
_, four = load(sys.argv[2])
per_reply = 3 * int(sys.argv[3])
top, key = int(sys.argv[4]), sys.argv[5]
at = {e: i for i, e in enumerate(events)}
zero = [0] * len(events)
diff = {f: [b - a for a, b in zip(one.get(f) or zero, v)] for f, v in four.items()}
total = [sum(v[i] for v in diff.values()) / per_reply for i in range(len(events))]
shown = ["Ir", "I1mr", "D1mr", "D1mw", "DLmr", "DLmw"]
print(f"per reply of a warm pass ({sys.argv[3]} replies, three passes):")
print("  instructions %.0f, L1i misses %.0f, L1d misses %.0f read + %.0f write, last-level misses %.0f"
      % (total[at["Ir"]], total[at["I1mr"]], total[at["D1mr"]], total[at["D1mw"]],
         total[at["DLmr"]] + total[at["DLmw"]] + total[at["ILmr"]]))
print(f"\n{'Ir':>8} {'I1mr':>7} {'D1mr':>7} {'D1mw':>7}  function (per reply, by {key})")
for f, v in sorted(diff.items(), key=lambda kv: -kv[1][at[key]])[:top]:
    print("%8.0f %7.1f %7.1f %7.1f  %s" % tuple([v[at[e]] / per_reply for e in shown[:4]] + [f[:100]]))
PY
