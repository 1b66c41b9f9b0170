#!/usr/bin/env bash
# make bench-ladder: what the engine's generality costs on M/M/1, one rung at a
# time, each against the hand-written yardstick in the same run:
#   mm1_plain     the yardstick: a binary heap of (time, kind), a loop, a branch
#   mm1_plain_blocks  the same loop drawing from the engine's blocked streams
#                 (sim/stream.h), as every rung below does
#   mm1_handlers  + a handler per event, called through a pointer
#   mm1_slots     + the engine's event layout by hand: (time, key) entries,
#                 handler, subject, object and sequence number in slots
#   mm1_calendar  the engine's calendar and run loop, the model's own queue
#   mm1           the engine with sim_resource (statistics included)
# All six draw the same numbers; all but mm1_plain draw them in blocks.  Rounds alternate (BENCH_ROUNDS, default 5)
# and each keeps its best, as in make bench.
set -eu
dir=$1
rounds=${BENCH_ROUNDS:-5}
n=${LADDER_CUSTOMERS:-10000000}
all=$(mktemp); trap 'rm -f "$all"' EXIT
for _ in $(seq "$rounds"); do
    "$dir/mm1_plain" mm1 "$n" 2>/dev/null >> "$all"
    "$dir/mm1_plain_blocks" mm1 "$n" 2>/dev/null >> "$all"
    "$dir/mm1_ladder1" "$n" 2>/dev/null >> "$all"
    "$dir/mm1_ladder2" "$n" 2>/dev/null >> "$all"
    "$dir/bench_engine" mm1_calendar "$n" 2>/dev/null >> "$all"
    "$dir/bench_engine" mm1 "$n" 2>/dev/null >> "$all"
done
awk -f bench/best.awk "$all" |
    awk '{ print; for (i=3;i<=NF;i++) { split($i,a,"="); if (a[1]=="seconds") s[NR]=a[2] }; name[NR]=$2 }
         END { for (i=2;i<=NR;i++) printf "ratio %s vs %s=%.2f\n", name[i], name[1], s[1] / s[i] }'
