#!/usr/bin/env bash
# make bench-instr: instructions per event, counted by callgrind, the figure that
# a busy machine cannot move.  Each workload runs at two lengths and the line
# gives the difference: instructions between the short and the long run over
# events between them, so loading, setup and teardown cancel out and what is
# left is the cost of an event in the steady run.  Per consignment too: a change
# that removes cheap events (arrivals drawn by inversion, not thinned) raises the
# cost per event while it lowers the cost of the work.  Also the bytes a consignment
# in the system costs (peak RSS over the heavy population against the
# baseline's, per extra consignment in the system).
# Needs valgrind; prints "skip" without it.
set -eu
dir=$1
if ! command -v valgrind >/dev/null 2>&1; then
    echo "skip bench-instr: install valgrind to count instructions"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# instr CMD...: "events consignments instructions" of one callgrind run
instr() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" > "$tmp/out" 2> "$tmp/err"
    awk '$1=="bench" { for (i=3;i<=NF;i++) { split($i,a,"="); if (a[1]=="events") e=a[2]; if (a[1]=="customers") c=a[2] } }
         END { printf "%s %s ", e, c }' "$tmp/out"
    awk '/Collected :/ { print $NF }' "$tmp/err"
}
# marginal NAME SHORT_CMD... -- LONG_CMD...
marginal() {
    local name=$1; shift
    local short=() long=()
    while [ "$1" != -- ]; do short+=("$1"); shift; done; shift
    long=("$@")
    read -r e1 c1 i1 < <(instr "${short[@]}")
    read -r e2 c2 i2 < <(instr "${long[@]}")
    awk -v n="$name" -v e1="$e1" -v i1="$i1" -v e2="$e2" -v i2="$i2" -v c1="$c1" -v c2="$c2" 'BEGIN {
        printf "instr %s events=%d consignments=%d instructions=%d instr_per_event=%.0f instr_per_consignment=%.0f\n",
            n, e2 - e1, c2 - c1, i2 - i1, (i2 - i1) / (e2 - e1), (i2 - i1) / (c2 - c1) }'
}
out=$tmp/lines
{
    marginal mm1 "$dir/bench_engine" mm1 100000 -- "$dir/bench_engine" mm1 300000
    marginal zone_baseline "$dir/bench_zone" scenarios/hetao_baseline.json 30 -- \
        "$dir/bench_zone" scenarios/hetao_baseline.json 90
    marginal zone_heavy "$dir/bench_zone" scenarios/bench/zone_heavy.json 10 -- \
        "$dir/bench_zone" scenarios/bench/zone_heavy.json 20
} | tee "$out"
awk '$1=="instr" { for (i=3;i<=NF;i++) { split($i,a,"="); v[$2, a[1]]=a[2] } }
     END { printf "ratio zone_heavy vs zone_baseline instr_per_event=%.2f instr_per_consignment=%.2f\n",
               v["zone_heavy", "instr_per_event"] / v["zone_baseline", "instr_per_event"],
               v["zone_heavy", "instr_per_consignment"] / v["zone_baseline", "instr_per_consignment"] }' "$out"
# Bytes per consignment in the system: peak RSS against peak population, the heavy
# scenario against the baseline over the same 60 days (native runs, no valgrind).
"$dir/bench_zone" scenarios/hetao_baseline.json 60 > "$tmp/b" 2> "$tmp/be"
"$dir/bench_zone" scenarios/bench/zone_heavy.json 60 > "$tmp/h" 2> "$tmp/he"
rss() { awk '{ for (i=3;i<=NF;i++) { split($i,a,"="); if (a[1]=="peak_rss_kb") print a[2] } }' "$1"; }
peak() { sed -n 's/.*peak \([0-9]*\) in the system.*/\1/p' "$1"; }
awk -v rb="$(rss "$tmp/b")" -v rh="$(rss "$tmp/h")" -v pb="$(peak "$tmp/be")" -v ph="$(peak "$tmp/he")" 'BEGIN {
    printf "memory bytes_per_consignment=%.0f (peak RSS %d KiB at %d in the system, %d KiB at %d)\n",
        (rh - rb) * 1024 / (ph - pb), rb, pb, rh, ph }'
