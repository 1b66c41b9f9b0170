#!/usr/bin/env bash
# make test-browser: headless Chromium opens each kind of report (run, a
# three-way compare, sweep, search) from file://, and the rendered page must show
# its charts and no error; screenshots go to docs/img/ (report_run.png,
# report_compare.png, report_sweep.png, report_search.png).
# Needs Debian's chromium and gnuplot-nox (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v gnuplot >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gnuplot-nox >/dev/null
fi
work=$(mktemp -d /tmp/zonesim-browser-XXXXXX)
trap 'rm -rf "$work"' EXIT
chrome() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" "$@" 2>>"$work/chrome.log"
}
./zonesim run scenarios/hetao_baseline.json -q -r 4 --set horizon_days=120 --set warmup_days=2 -o "$work/run" --report
./zonesim compare scenarios/hetao_baseline.json scenarios/hetao_l2_extra_lane.json scenarios/hetao_l2_24h.json -q -r 6 \
    --set horizon_days=120 --set warmup_days=2 -o "$work/compare" --report
./zonesim sweep scenarios/hetao_baseline.json --vary lines.second_line.lanes=3,4,5,6 \
    --vary 'lines.second_line.open=["08:00","22:00"],"24h"' -q -r 3 --set horizon_days=120 --set warmup_days=2 \
    -o "$work/sweep" --report
./zonesim search scenarios/hetao_baseline.json --vary lines.second_line.lanes=4..7 --target 'l2_time_mean_min<=200' \
    --target 'l2_time_p50_min<=120' -q -r 4 --max-reps 16 --set horizon_days=120 --set warmup_days=2 \
    -o "$work/search" --report
pass=0; fail=0
for kind in run compare sweep search; do
    page="file://$work/$kind/report.html"
    chrome --dump-dom "$page" > "$work/$kind.dom"
    svgs=$(grep -o '<svg' "$work/$kind.dom" | wc -l)
    case $kind in run) want=12 ;; sweep) want=3 ;; *) want=2 ;; esac  # compare: times, revenue; search: each target
    if [ "$svgs" -ge "$want" ] && grep -q '</html>' "$work/$kind.dom" \
        && ! grep -q 'could not draw' "$work/$kind.dom"; then
        pass=$((pass + 1)); echo "browser: $kind report renders with $svgs charts"
    else
        fail=$((fail + 1)); echo "browser: $kind report: $svgs charts rendered (want $want)"
    fi
    height=2400; [ "$kind" = run ] && height=1800
    chrome --window-size=1000,$height --screenshot="$work/$kind.png" "$page" >/dev/null
    if [ -s "$work/$kind.png" ]; then cp "$work/$kind.png" "docs/img/report_$kind.png"; else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
