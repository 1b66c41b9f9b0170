#!/usr/bin/env bash
# lint.sh: the layout's rules, checked on every `make check`.
#   - no source file over 800 lines, no function body over 60 lines;
#   - includes run one way: sim <- models <- experiment <- output <- report <- cli;
#   - no system() or popen(): programs are spawned with an argument vector;
#   - nothing points outside the project (the project stands alone).
# Prints each breach and exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
fail=0
src=$(git ls-files 'sim/*.[ch]' 'models/*.[ch]' 'experiment/*.[ch]' 'output/*.[ch]' 'report/*.[ch]' 'cli/*.[ch]' 2>/dev/null)
[ -n "$src" ] || src=$(find sim models experiment output report cli -name '*.[ch]')
for f in $src; do
    n=$(wc -l <"$f")
    [ "$n" -le 800 ] || { echo "lint: $f has $n lines (at most 800)"; fail=1; }
done
# Function bodies: from a '{' in column 0 to the next '}' in column 0.
long=$(awk 'FNR==1{start=0} /^\{/{start=FNR; next} /^\}/{ if (start && FNR-start-1 > 60) printf "%s:%d: function body of %d lines (at most 60)\n", FILENAME, start, FNR-start-1; start=0 }' $src)
[ -z "$long" ] || { echo "$long" | sed 's/^/lint: /'; fail=1; }
rank() { case $1 in sim) echo 0;; models) echo 1;; experiment) echo 2;; output) echo 3;; report) echo 4;; cli) echo 5;; *) echo 9;; esac; }
for f in $src; do
    me=$(rank "${f%%/*}")
    for inc in $(sed -nE 's/^#include "([a-z]+)\/.*/\1/p' "$f" | sort -u); do
        them=$(rank "$inc")
        [ "$them" -le "$me" ] || { echo "lint: $f includes $inc/, a layer above it"; fail=1; }
    done
done
if grep -nE '\b(system|popen)[[:space:]]*\(' $src; then echo "lint: a shell-out (use posix_spawn with an argument vector)"; fail=1; fi
out=$(git grep -nE 'DOMAIN\.md|DESIGN\.md|\.\./shared' -- . ':!tests/lint.sh' 2>/dev/null)
[ -z "$out" ] || { echo "$out" | cut -c1-120 | sed "s/^/lint: points outside the project: /"; fail=1; }
[ "$fail" -eq 0 ] && echo "lint: ok ($(echo "$src" | wc -w) files)"
exit "$fail"
