#!/usr/bin/env bash
# Run each Check suite binary; print its result line and a final tally.
# Usage: run_tests.sh DIR test_a test_b ...
set -u
dir=$1; shift
pass=0; fail=0; failed=()
for t in "$@"; do
    out=$("$dir/$t" 2>&1); rc=$?
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks:' | tail -n 1)
    checks=$(printf '%s' "$line" | sed -E 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/')
    read -r n f e <<<"${checks:-0 0 1}"
    printf "%-16s %s\n" "${t##*/}" "${line:-no result line (exit $rc)}"
    if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
        printf '%s\n' "$out" | grep -vE '^(Running suite|[0-9]+%: Checks)' | head -n 40
        failed+=("$t")
    fi
    pass=$((pass + n - f - e)); fail=$((fail + f + e))
    [ -z "$line" ] && fail=$((fail + 1))
done
echo "${pass} passed, ${fail} failed"
[ "${#failed[@]}" -eq 0 ]
