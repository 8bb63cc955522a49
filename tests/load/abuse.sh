#!/usr/bin/env bash
# `replylint serve` under abuse: a saturating wrk load of POST /v1/check for DURATION
# seconds while misbehaving clients come and go — slow clients sending the body (and
# the headers) one byte a second, bodies over --max-body (declared, chunked, lying),
# and garbage (random bytes, broken HTTP, bad JSON, wrong content types). Checks that
# nothing gets a 5xx, every abuse gets the 4xx (or closed connection) it should,
# /healthz keeps answering, memory stays flat, and the answers afterwards are the
# same bytes as before. Not part of ctest: it runs a minute. Needs wrk, curl, python3.
#
#   tests/load/abuse.sh [BINARY]          # default build/replylint
#   DURATION=60 THREADS=8 CONNECTIONS=32 SLOW=4 SLOW_HEADERS=2 tests/load/abuse.sh
#
# Exit status 0 when everything held, 1 when something did not (it says what).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/replylint}
duration=${DURATION:-60}
threads=${THREADS:-8}
connections=${CONNECTIONS:-32}
slow=${SLOW:-4}
slow_headers=${SLOW_HEADERS:-2}
max_body=${MAX_BODY:-1048576}

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "abuse.sh: $tool is needed (apt-get install -y $tool)" >&2; exit 2; }
done
[ -x "$bin" ] || { echo "abuse.sh: no executable $bin (build first, or give its path)" >&2; exit 2; }

work=$(mktemp -d)
pid=""
children=()
cleanup() {
  for c in "${children[@]}"; do kill "$c" 2>/dev/null || true; done
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

failures=()
fail() { failures+=("$1"); echo "FAIL: $1"; }

"$bin" serve --port 0 --threads "$threads" --max-body "$max_body" 2>"$work/serve.err" &
pid=$!
port=""
for _ in $(seq 300); do
  port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.err")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 2; }
  sleep 0.1
done
[ -n "$port" ] || { echo "abuse.sh: the server did not start" >&2; exit 2; }
url=http://127.0.0.1:$port

rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }

# The answers to compare afterwards, byte for byte.
check_body='{"id": "ref", "reply": "Wat vervelend zeg! Daarvoor moet u bij de leverancier zijn.", "customer": "Mijn pakket (order 48213) is niet bezorgd."}'
reference() {
  curl -sS -m 20 "$url/v1/check" -H 'Content-Type: application/json' -d "$check_body"
  echo
  curl -sS -m 20 "$url/v2/check" --data-urlencode 'text=Please contact the seller.' -d language=en-US \
    | sed 's/"version":"[^"]*"//'
  echo
}
reference >"$work/before.txt"
rss_fresh=$(rss)
# One round of every abuse before the load: what it allocates once is the baseline.
python3 "$here/abuse_clients.py" garbage "$port" 1 "$max_body" >"$work/warm-up.txt" 2>&1 \
  || { cat "$work/warm-up.txt"; fail "the warm-up round got unexpected answers"; }
python3 "$here/abuse_clients.py" oversized "$port" "$max_body" >>"$work/warm-up.txt" 2>&1 \
  || { cat "$work/warm-up.txt"; fail "the warm-up round got unexpected answers"; }
rss_start=$(rss)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

( while kill -0 "$pid" 2>/dev/null; do echo "$(date +%s.%N) $(rss)"; sleep 3; done ) >"$work/rss.txt" &
children+=($!)

echo "replylint serve --threads $threads --max-body $max_body on port $port (--timeout 5, --request-timeout 30)"
echo "wrk -t2 -c$connections -d${duration}s; $slow slow bodies and $slow_headers slow headers at 1 B/s"
echo "load average at start: $load_start"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/check.lua" "$url/v1/check" \
  >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
children+=($wrk_pid)
sleep 3

# Slow clients: a 52-byte body (or the headers) at one byte a second, ~50 s each.
python3 "$here/abuse_clients.py" slow "$port" "$slow" >"$work/slow.txt" 2>&1 &
slow_pid=$!
children+=($slow_pid)
python3 "$here/abuse_clients.py" slow-headers "$port" "$slow_headers" >"$work/slow-headers.txt" 2>&1 &
slow_headers_pid=$!
children+=($slow_headers_pid)

# Garbage and oversized bodies in rounds, and /healthz probes, while the load lasts.
rounds=0
abuse_status=0
: >"$work/abuse.txt"
: >"$work/healthz.txt"
while kill -0 "$wrk_pid" 2>/dev/null; do
  ABUSE_SEED=$((rounds + 2)) python3 "$here/abuse_clients.py" garbage "$port" 1 "$max_body" \
    >>"$work/abuse.txt" 2>&1 || abuse_status=1
  python3 "$here/abuse_clients.py" oversized "$port" "$max_body" >>"$work/abuse.txt" 2>&1 || abuse_status=1
  curl -s -o /dev/null -m 20 -w '%{http_code} %{time_total}\n' "$url/healthz" >>"$work/healthz.txt" || echo "fail" >>"$work/healthz.txt"
  rounds=$((rounds + 1))
done
wait "$wrk_pid" || fail "wrk failed: $(tail -3 "$work/wrk.txt")"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
slow_status=0
wait "$slow_pid" || slow_status=1
wait "$slow_headers_pid" || slow_status=1

# After the storm: alive, healthy, the same answers, and how much memory.
kill -0 "$pid" 2>/dev/null || fail "the server died: $(tail -5 "$work/serve.err")"
health=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$url/healthz" || true)
[ "$health" = 200 ] || fail "/healthz answered '$health' after the run"
reference >"$work/after.txt"
cmp -s "$work/before.txt" "$work/after.txt" || fail "the answers after the run differ from before"
grep -q '"verdict":"block"' "$work/after.txt" || fail "the reference answer is not the expected analysis"
curl -s -m 10 "$url/metrics" >"$work/metrics.txt"
rss_end=$(rss)
rss_peak=$(awk '{print $2}' "$work/rss.txt" | sort -n | tail -1)
samples=$(awk '{printf "%s%.0f", (NR > 1 ? " " : ""), $2 / 1024}' "$work/rss.txt")

rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$work/wrk.txt")
socket_errors=$(grep 'Socket errors' "$work/wrk.txt" || echo "Socket errors: none")
five_xx=$(awk '/^replylint_http_requests_total/ && /code="5/ {s += $2} END {print s + 0}' "$work/metrics.txt")
by_code=$(awk '/^replylint_http_requests_total/ && $2 > 0 {
  match($0, /code="[^"]*"/); c = substr($0, RSTART + 6, RLENGTH - 7); n[c] += $2 }
  END {for (c in n) printf "%s:%d ", c, n[c]}' "$work/metrics.txt")

echo
echo "== load (wrk, POST /v1/check, tests/load/check.lua)"
echo "requests: ${requests:-?}  req/s: ${rps:-?}  p50: ${p50:-?}  p99: ${p99:-?}  non-2xx: ${non2xx:-0}"
echo "$socket_errors"
echo "load average: start $load_start, end $load_end"
echo
echo "== server"
echo "answers by status (/metrics): $by_code"
echo "5xx: $five_xx"
echo "RSS: fresh $(mib "$rss_fresh"), after a warm-up round of every abuse $(mib "$rss_start"), peak $(mib "${rss_peak:-0}"), end $(mib "$rss_end")"
echo "RSS samples every 3 s (MiB): $samples"
echo "/healthz during the run (status, seconds): $(tr '\n' ';' <"$work/healthz.txt")"
echo
echo "== slow clients"
cat "$work/slow.txt" "$work/slow-headers.txt"
echo
echo "== garbage and oversized, $rounds rounds (what each case got, and how often)"
awk -F' *[|] *' '/^unexpected:/ {print; next}
     NF >= 3 {key = $1 " -> " $2; n[key]++; t = $3 + 0; if (t > slowest[key]) slowest[key] = t}
     END {for (k in n) printf "%3d x  %-50s (slowest %.2f s)\n", n[k], k, slowest[k]}' \
  "$work/abuse.txt" | sort -k3

[ "${non2xx:-0}" = 0 ] || fail "wrk got $non2xx non-2xx answers"
[ "$five_xx" = 0 ] || fail "$five_xx answers were 5xx"
[ "$abuse_status" = 0 ] || fail "an abuse case got an unexpected answer (see above)"
[ "$slow_status" = 0 ] || fail "a slow client got an unexpected answer (see above)"
grep -q '^fail\|^000' "$work/healthz.txt" && fail "/healthz did not answer during the run"
# Flat: the end within a quarter (and 40 MiB) of the baseline after the warm-up round.
if [ "$rss_end" -gt $((rss_start * 5 / 4 + 40960)) ]; then
  fail "memory grew: $(mib "$rss_start") -> $(mib "$rss_end")"
fi

kill -TERM "$pid"
drain=0
wait "$pid" || drain=$?
pid=""
[ "$drain" = 0 ] || fail "SIGTERM exit status $drain (expected 0)"

echo
if [ ${#failures[@]} -eq 0 ]; then
  echo "abuse.sh: everything held"
else
  echo "abuse.sh: ${#failures[@]} problem(s):"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
