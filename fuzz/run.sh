#!/usr/bin/env bash
# Builds one fuzz target (clang + libFuzzer, ASan + UBSan) and runs it for a set
# time on one core, starting from its seeds in fuzz/corpus/TARGET.
#
#   fuzz/run.sh TARGET [SECONDS] [libFuzzer flags...]     (default 600 seconds)
#   fuzz/run.sh list
#
# New inputs the fuzzer finds go to build-fuzz/fuzz-work/TARGET (the seeds in the
# repository stay as they are); a crash is written to build-fuzz/fuzz-artifacts/
# and the run stops. Replay one input: build-fuzz/fuzz/fuzz_TARGET FILE.
# Environment: REPLYLINT_FUZZ_BUILD (build directory, default build-fuzz).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
targets="analyzer rule_loader reply_record audit_jsonl audit_csv server_check server_languagetool"
target=${1:-}
if [ -z "$target" ] || [ "$target" = list ]; then
  echo "usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer flags...]; targets: $targets"
  [ "$target" = list ]
  exit
fi
case " $targets " in *" $target "*) ;; *) echo "unknown target: $target ($targets)" >&2; exit 2 ;; esac
seconds=${2:-600}
shift $(($# < 2 ? $# : 2))

build=${REPLYLINT_FUZZ_BUILD:-$root/build-fuzz}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DREPLYLINT_FUZZ=ON -DREPLYLINT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "fuzz_$target"

work=$build/fuzz-work/$target
mkdir -p "$work" "$build/fuzz-artifacts" "$build/fuzz-logs"
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384
       -artifact_prefix="$build/fuzz-artifacts/$target-" -print_final_stats=1)
[ -f "$root/fuzz/dict/$target.dict" ] && flags+=(-dict="$root/fuzz/dict/$target.dict")
# One process, one thread: the fuzzer shares the machine.
"$build/fuzz/fuzz_$target" "${flags[@]}" "$@" "$work" "$root/fuzz/corpus/$target" \
  2>&1 | tee "$build/fuzz-logs/$target.log"
