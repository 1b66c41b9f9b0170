#!/usr/bin/env bash
# make bench: every benchmark in one run, side by side, then ratios against the
# yardsticks measured in the same run (these machines are shared and noisy:
# only same-run ratios mean anything).  Set BENCH_QUICK=1 for a short smoke run.
set -eu
dir=$1
if [ "${BENCH_QUICK:-0}" = 1 ]; then n=500000; steps=1000000; simpy_n=20000; zone_days=30
else n=10000000; steps=10000000; simpy_n=200000; zone_days=365; fi
out=$(mktemp); trap 'rm -f "$out"' EXIT
run() { "$@" 2>/dev/null | tee -a "$out"; }
run "$dir/bench_engine" mm1 "$n"
run "$dir/mm1_plain" mm1 "$n"
run "$dir/bench_engine" hold 1000 "$steps"
run "$dir/mm1_plain" hold 1000 "$steps"
run "$dir/bench_engine" hold 100000 "$steps"
run "$dir/mm1_plain" hold 100000 "$steps"
run "$dir/bench_engine" mm1_parallel "$n"
if /usr/bin/python3 -c 'import simpy' 2>/dev/null || /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; then
    run /usr/bin/python3 bench/mm1_simpy.py "$simpy_n"
else
    echo "skip mm1_simpy: install python3-simpy to compare with SimPy"
fi
if [ -x "$dir/bench_zone" ]; then
    run "$dir/bench_zone" scenarios/bench/zone_heavy.json "$zone_days"
    [ "${BENCH_QUICK:-0}" = 1 ] || run "$dir/bench_zone" scenarios/bench/zone_heavy.json $((5 * zone_days))
fi
get() { awk -v b="$1" -v k="$2" '$1=="bench" && $2==b { for (i=3;i<=NF;i++) { split($i,a,"="); if (a[1]==k) print a[2] } }' "$out" | head -n1; }
ratio() { # name, bench, yardstick, key
    local x y; x=$(get "$2" "$4"); y=$(get "$3" "$4")
    [ -n "$x" ] && [ -n "$y" ] && awk -v n="$1" -v x="$x" -v y="$y" 'BEGIN { printf "ratio %s=%.2f\n", n, x / y }'
    return 0
}
ratio "mm1 vs mm1_plain" mm1 mm1_plain customers_per_sec
ratio "mm1 vs mm1_simpy" mm1 mm1_simpy customers_per_sec
ratio "hold_1e3 vs hold_1e3_plain" hold_1e3 hold_1e3_plain events_per_sec
ratio "hold_1e5 vs hold_1e5_plain" hold_1e5 hold_1e5_plain events_per_sec
ratio "mm1_parallel vs mm1" mm1_parallel mm1 customers_per_sec
ratio "zone_year vs hold_1e5" zone_year hold_1e5 events_per_sec
ratio "zone_5years vs zone_year peak_rss" zone_5years zone_year peak_rss_kb
