#!/bin/sh
# Renders an audit report in headless Chromium (Debian's `chromium`) and checks
# that the browser sees every section, the charts and the highlights, that reply
# markup stayed text, and that a screenshot is drawn. Exit 77 (skipped) when no
# Chromium is installed.
# Usage: audit_report_browser_test.sh REPLYLINT RULES_DIR INPUT.jsonl WORK_DIR
set -eu
replylint=$1 rules=$2 input=$3 work=$4

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "no chromium installed (apt-get install chromium): skipped"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work"
status=0
"$replylint" --rules "$rules" audit "$input" --report "$work/report.html" --title "Browser check" ||
  status=$?
[ "$status" -le 1 ] || { echo "audit failed with $status"; exit 1; }

# No network, no profile state, no GPU: the page must stand on its own.
run_browser() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" "$@" "file://$work/report.html" 2>"$work/browser.log"
}
run_browser --dump-dom >"$work/dom.html"
run_browser --screenshot="$work/report.png" --window-size=1280,3000 >/dev/null

fail=0
expect() {
  if ! grep -q -- "$1" "$work/dom.html"; then
    echo "missing in the rendered DOM: $1"
    fail=1
  fi
}
for id in overview categories rules agents coaching channels templates promises errors; do
  expect "<section id=\"$id\">"
done
expect "<title>Browser check</title>"
expect "<svg class=\"chart\""
expect "<svg class=\"chart wide\""
expect "<svg class=\"spark\""
expect "<mark"
expect "id=\"coach-0\""
expect "&lt;script&gt;alert"
expect "&lt;img src=x onerror=alert(1)&gt;"
# The only elements from reply text would be these: none may exist.
if grep -q "<script\|<img" "$work/dom.html"; then
  echo "reply markup became an element"
  fail=1
fi
charts=$(grep -o "<svg " "$work/dom.html" | wc -l)
if [ "$charts" -lt 4 ]; then
  echo "expected at least 4 charts, found $charts"
  fail=1
fi
size=$(wc -c <"$work/report.png" 2>/dev/null || echo 0)
if [ "$size" -lt 20000 ]; then
  echo "screenshot missing or blank ($size bytes)"
  fail=1
fi
[ "$fail" -eq 0 ] && echo "report renders in $("$browser" --version 2>/dev/null || echo chromium): $charts charts, screenshot $size bytes"
exit "$fail"
