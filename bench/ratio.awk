# ratio.awk: one ratio line from bench lines tagged round=K (run_bench.sh).
# Variables: n (the ratio's name), a and b (benchmark names), k (the key).
# Prints "ratio N=R median_of_rounds=M rounds=C": R is a's best round over b's
# best (best: largest rate; smallest size or time per item, for keys ending in
# _kb or per_category), M the median of a/b within each round both ran.
# Prints nothing when either side is missing (a skipped benchmark).
function val(    i, f) { for (i = 3; i <= NF; i++) { split($i, f, "="); if (f[1] == k) return f[2] + 0 } return "" }
function rnd(    i, f) { for (i = 3; i <= NF; i++) { split($i, f, "="); if (f[1] == "round") return f[2] } return 0 }
function better(x, y) { return small ? x < y : x > y }
BEGIN { small = (k ~ /_kb$/ || k ~ /per_category$/) }
$1 == "bench" && ($2 == a || $2 == b) {
    v = val(); if (v == "") next
    r = rnd()
    if ($2 == a) { A[r] = v; if (!ha || better(v, ba)) ba = v; ha = 1 }
    else         { B[r] = v; if (!hb || better(v, bb)) bb = v; hb = 1 }
}
END {
    if (!ha || !hb || bb == 0) exit
    m = 0
    for (r in A) if ((r in B) && B[r] != 0) q[++m] = A[r] / B[r]
    for (i = 2; i <= m; i++) { x = q[i]; for (j = i - 1; j >= 1 && q[j] > x; j--) q[j + 1] = q[j]; q[j + 1] = x }
    med = m % 2 ? q[(m + 1) / 2] : (q[m / 2] + q[m / 2 + 1]) / 2
    printf "ratio %s=%.2f median_of_rounds=%.2f rounds=%d\n", n, ba / bb, med, m
}
