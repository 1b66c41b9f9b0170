#!/usr/bin/env bash
# make bench: every benchmark in one run, and each ratio from the same run (these
# machines are shared and noisy: only same-run ratios mean anything).  The two
# sides of every ratio run in alternating rounds (BENCH_ROUNDS, default 3), so a
# burst of load lands on both; a ratio line gives the ratio of each side's best
# round and, beside it, the median of the per-round ratios.  Times are each
# process's own CPU time (wall time only for mm1_parallel, whose point it is), so
# another tenant of the machine slows neither side.  The stable figure beside
# these, instructions per event, comes from `make bench-instr`.
# Set BENCH_QUICK=1 for a short smoke run.
set -eu
dir=$1
rounds=${BENCH_ROUNDS:-3}
if [ "${BENCH_QUICK:-0}" = 1 ]; then n=500000; steps=1000000; simpy_n=20000; zone_days=30; simpy_days=10; rounds=1
else n=10000000; steps=10000000; simpy_n=200000; zone_days=365; simpy_days=30; fi
out=$(mktemp); all=$(mktemp); trap 'rm -f "$out" "$all"' EXIT
have_simpy() { /usr/bin/python3 -c 'import simpy' 2>/dev/null || /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; }
# Each benchmark's line, tagged with its round, to "$all"; a line also on screen.
r=0
tag() { "$@" 2>/dev/null | sed "s/\$/ round=$r/" | tee -a "$all" > /dev/null; }
eng() { tag "$dir/bench_engine" "$@"; }
yard() { tag "$dir/mm1_plain" "$@"; }
zone() { tag "$dir/bench_zone" "$@"; }
load() { tag "$dir/bench_load" "$@"; }
simpy_mm1() { have_simpy && tag /usr/bin/python3 bench/mm1_simpy.py "$simpy_n"; return 0; }
simpy_zone() {
    have_simpy && tag /usr/bin/python3 bench/zone_simpy.py scenarios/bench/zone_heavy.json \
        --horizon-days "$simpy_days" --warmup-days 0
    return 0
}
rounds_of() { # a group of commands, run alternately for $rounds rounds
    for r in $(seq "$rounds"); do "$@"; done
}
# The engine against its yardsticks.
group_mm1() { eng mm1 "$n"; yard mm1 "$n"; eng mm1_parallel "$n"; simpy_mm1; }
group_hold() { eng hold 1000 "$steps"; yard hold 1000 "$steps"; eng hold 100000 "$steps"; yard hold 100000 "$steps"; }
# The zone: a year of the heavy scenario against the same flow in SimPy (a month:
# the ratio is of consignments per second), and the same month in zonesim, and a
# year of the 816-line HS sample against the nine-category baseline.
group_zone() {
    zone scenarios/bench/zone_heavy.json "$zone_days"
    zone scenarios/bench/zone_heavy.json "$simpy_days" zone_same_days
    simpy_zone
    zone scenarios/hetao_baseline.json "$zone_days" zone_nine
    zone scenarios/hetao_hs_sample.json "$zone_days" zone_hs
}
# Loading a large tariff, per category: 5,000 against 40,000 (linear: a ratio near
# 1), from JSON and from a CSV schedule with a trade table of as many rows.
group_load() { load 5000 3; load 40000 3; load 5000 3 csv; load 40000 3 csv; }
rounds_of group_mm1
rounds_of group_hold
rounds_of group_zone
rounds_of group_load
have_simpy || echo "skip mm1_simpy, zone_simpy: install python3-simpy to compare with SimPy"
# Peak memory over five years against one (flat in the horizon): a size, not a time,
# so one round.
r=1
zone scenarios/bench/zone_heavy.json $((5 * zone_days))
awk -f bench/best.awk "$all" | sed 's/ round=[0-9]*$//' > "$out"
cat "$out"
# ratio NAME A B KEY: best A over best B, and the median over rounds of A/B
ratio() {
    awk -v n="$1" -v a="$2" -v b="$3" -v k="$4" -f bench/ratio.awk "$all"
}
ratio "mm1 vs mm1_plain" mm1 mm1_plain customers_per_sec
ratio "mm1 vs mm1_simpy" mm1 mm1_simpy customers_per_sec
ratio "hold_1e3 vs hold_1e3_plain" hold_1e3 hold_1e3_plain events_per_sec
ratio "hold_1e5 vs hold_1e5_plain" hold_1e5 hold_1e5_plain events_per_sec
ratio "mm1_parallel vs mm1 (wall against CPU: about 2 on two free cores)" mm1_parallel mm1 customers_per_sec
ratio "zone_year vs zone_simpy" "$(awk -v d="$zone_days" 'BEGIN { print d == 365 ? "zone_year" : "zone_" d "d" }')" \
    zone_simpy customers_per_sec
ratio "zone_same_days vs zone_simpy (the same days from an empty zone: its filling weighs more)" zone_same_days \
    zone_simpy customers_per_sec
ratio "load_40000 vs load_5000 per category" load_40000 load_5000 us_per_category
ratio "load_csv_40000 vs load_csv_5000 per category" load_csv_40000 load_csv_5000 us_per_category
ratio "zone_hs vs zone_nine time per consignment" zone_nine zone_hs customers_per_sec
ratio "zone_year (heavy) vs zone_nine (baseline) time per event" zone_nine \
    "$(awk -v d="$zone_days" 'BEGIN { print d == 365 ? "zone_year" : "zone_" d "d" }')" events_per_sec
ratio "zone_5years vs zone_year peak_rss (one round)" \
    "$(awk -v d="$zone_days" 'BEGIN { print d == 365 ? "zone_5years" : "zone_" 5 * d "d" }')" \
    "$(awk -v d="$zone_days" 'BEGIN { print d == 365 ? "zone_year" : "zone_" d "d" }')" peak_rss_kb
