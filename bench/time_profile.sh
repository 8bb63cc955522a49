#!/usr/bin/env bash
# Where a warm pass over the benchmark mix spends its time, by library and by
# function, from perf's samples of the cycles. bench/cache_profile.sh counts
# instructions, which weigh every one alike; RE2's searches miss the cache far
# more often than the rest, so their share of the time is several times their
# share of the instructions. This shows the time.
#
#   bench/time_profile.sh [BUILD_DIR] [TOP] [PASSES]
#
# BUILD_DIR holds bench/replylint_analyze_passes (default build-bench). TOP
# functions are listed (default 20). Runs of one pass and of 1 + PASSES
# (default 20) are sampled; their difference is the warm passes, without
# loading the rules. Samples are noisy: a share moves by a point or so
# between runs. Needs perf, and kernel.perf_event_paranoid at 2 or below.
set -euo pipefail
build=${1:-build-bench}
top=${2:-20}
passes=${3:-20}
bin=$build/bench/replylint_analyze_passes
[ -x "$bin" ] || { echo "no $bin: build target replylint_analyze_passes" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 1 $((passes + 1)); do
  perf record -q -F 4000 -o "$work/perf.$n" "$bin" "$n" > /dev/null 2> "$work/log.$n" ||
    { cat "$work/log.$n" >&2; exit 1; }
  # Comment and blank lines are left to the parser below, which reads sample lines only.
  perf report -i "$work/perf.$n" --stdio --no-children -F sample,dso,sym -g none \
    > "$work/report.$n" 2> /dev/null
done
/usr/bin/python3 - "$work/report.1" "$work/report.$((passes + 1))" "$top" "$passes" <<'PY'
import collections, re, sys
def load(path):
    per = collections.Counter()
    for line in open(path):
        m = re.match(r"\s*(\d+)\s+(\S+)\s+\[\.\]\s+(.*)", line)
        if m:
            dso = m.group(2)
            # A library without symbols: its addresses say little, its total a lot.
            sym = m.group(3).strip() if not m.group(3).strip().startswith("0x") else "(no symbols)"
            per[(dso, sym)] += int(m.group(1))
    return per
one, many = load(sys.argv[1]), load(sys.argv[2])
top, passes = int(sys.argv[3]), int(sys.argv[4])
warm = {k: many[k] - one.get(k, 0) for k in many}
total = sum(v for v in warm.values() if v > 0)
if total <= 0:
    sys.exit("no samples of the warm passes")
by_dso = collections.Counter()
for (dso, _), v in warm.items():
    by_dso[dso] += max(v, 0)
print(f"share of the time of {passes} warm passes ({total} samples), by library:")
for dso, v in by_dso.most_common():
    if v / total >= 0.005:
        print(f"  {100 * v / total:5.1f}%  {dso}")
print(f"\nby function (top {top}):")
for (dso, sym), v in sorted(warm.items(), key=lambda kv: -kv[1])[:top]:
    print(f"  {100 * v / total:5.1f}%  {dso:<26} {sym[:90]}")
PY
