#!/usr/bin/env bash
# make bench: every benchmark in one run, side by side, then ratios against the
# yardsticks measured in the same run (these machines are shared and noisy:
# only same-run ratios mean anything).  Each engine benchmark and its yardstick
# run in alternating rounds (BENCH_ROUNDS, default 3) and each keeps its best
# round, so that a burst of load on the machine does not land on one side only.
# Set BENCH_QUICK=1 for a short smoke run.
set -eu
dir=$1
rounds=${BENCH_ROUNDS:-3}
if [ "${BENCH_QUICK:-0}" = 1 ]; then n=500000; steps=1000000; simpy_n=20000; zone_days=30; rounds=1
else n=10000000; steps=10000000; simpy_n=200000; zone_days=365; fi
out=$(mktemp); all=$(mktemp); trap 'rm -f "$out" "$all"' EXIT
# The best (shortest) round of each benchmark name, in the order first seen.
best() { awk -f bench/best.awk "$1"; }
pair() { # rounds of a group of commands run alternately; each keeps its best
    : > "$all"
    for _ in $(seq "$rounds"); do "$@" ; done
    best "$all" | tee -a "$out"
}
eng() { "$dir/bench_engine" "$@" 2>/dev/null >> "$all"; }
yard() { "$dir/mm1_plain" "$@" 2>/dev/null >> "$all"; }
pair_mm1() { eng mm1 "$n"; yard mm1 "$n"; eng mm1_parallel "$n"; }
pair_hold3() { eng hold 1000 "$steps"; yard hold 1000 "$steps"; }
pair_hold5() { eng hold 100000 "$steps"; yard hold 100000 "$steps"; }
pair pair_mm1
pair pair_hold3
pair pair_hold5
if /usr/bin/python3 -c 'import simpy' 2>/dev/null || /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; then
    /usr/bin/python3 bench/mm1_simpy.py "$simpy_n" 2>/dev/null | tee -a "$out"
else
    echo "skip mm1_simpy: install python3-simpy to compare with SimPy"
fi
if [ -x "$dir/bench_zone" ]; then
    "$dir/bench_zone" scenarios/bench/zone_heavy.json "$zone_days" 2>/dev/null | tee -a "$out"
    [ "${BENCH_QUICK:-0}" = 1 ] || "$dir/bench_zone" scenarios/bench/zone_heavy.json $((5 * zone_days)) 2>/dev/null | tee -a "$out"
fi
# Loading a large tariff: per category, 5,000 against 40,000 (linear: a ratio near 1),
# from JSON and from a CSV schedule with a trade table of as many rows (docs/tariff.md).
if [ -x "$dir/bench_load" ]; then
    "$dir/bench_load" 5000 3 | tee -a "$out"
    "$dir/bench_load" 40000 3 | tee -a "$out"
    "$dir/bench_load" 5000 3 csv | tee -a "$out"
    "$dir/bench_load" 10000 3 csv | tee -a "$out"
    "$dir/bench_load" 40000 3 csv | tee -a "$out"
fi
# The cost of a consignment on the 816-line HS sample against the nine-category
# baseline, over a year each, in alternating rounds (the best of each side).
if [ -x "$dir/bench_zone" ]; then
    for round in 1 2 3; do
        "$dir/bench_zone" scenarios/hetao_baseline.json "$zone_days" zone_nine 2>/dev/null | tee -a "$out"
        "$dir/bench_zone" scenarios/hetao_hs_sample.json "$zone_days" zone_hs 2>/dev/null | tee -a "$out"
        [ "${BENCH_QUICK:-0}" = 1 ] && break
    done
fi
# The same zone in SimPy (bench/zone_simpy.py), over a month: the ratio is of
# consignments per second, so the lengths need not match.
if /usr/bin/python3 -c 'import simpy' 2>/dev/null || /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; then
    /usr/bin/python3 bench/zone_simpy.py scenarios/bench/zone_heavy.json --horizon-days $((zone_days < 30 ? zone_days : 30)) \
        --warmup-days 0 2>/dev/null | tee -a "$out"
fi
# the largest value of key over the bench lines named b (bests: rounds repeat a name only for rates)
get() { awk -v b="$1" -v k="$2" '$1=="bench" && $2==b { for (i=3;i<=NF;i++) { split($i,a,"="); if (a[1]==k) print a[2] } }' "$out" | sort -g | tail -n1; }
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
ratio "zone_year vs zone_simpy" zone_year zone_simpy customers_per_sec
ratio "load_40000 vs load_5000 per category" load_40000 load_5000 us_per_category
ratio "load_csv_40000 vs load_csv_5000 per category" load_csv_40000 load_csv_5000 us_per_category
ratio "zone_hs vs zone_nine time per consignment" zone_nine zone_hs customers_per_sec
ratio "zone_5years vs zone_year peak_rss" zone_5years zone_year peak_rss_kb
