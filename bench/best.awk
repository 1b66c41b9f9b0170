# best.awk: of the bench lines in the input, the best (shortest) round of each
# benchmark name, in the order the names were first seen.  Used by run_bench.sh
# and run_ladder.sh.
$1 == "bench" {
    for (i = 3; i <= NF; i++) { split($i, a, "="); if (a[1] == "seconds") s = a[2] }
    if (!($2 in b) || s < bs[$2]) { b[$2] = $0; bs[$2] = s }
    if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 }
}
END { for (i = 1; i <= k; i++) print b[order[i]] }
