#!/usr/bin/env bash
# tour.sh ZONESIM: run every command of README's tour and of docs/tutorial.md,
# twice in a row, in a fresh folder holding a copy of scenarios/ (so results/
# starts empty), with short replications (-r 10 and -r 20 become -r 2) and
# /tmp/ paths moved into the folder.  `make` and `man` lines are skipped.
# Prints each block that fails, and exits 1 if any does.
set -u
cd "$(dirname "$0")/../.."
z=$(realpath "$1")
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp -r scenarios "$t/"
cp zonesim.1 "$t/" 2>/dev/null
ln -s "$z" "$t/zonesim"
mkdir -p "$t/tmp"
n=0
# Every ```sh block of the tour section of README.md and of the tutorial.
blocks() {
    awk '/^## A five-minute tour/{on=1} /^## /&&!/five-minute/{on=0} on' README.md |
        awk '/^```sh/{b=1; next} /^```/{if (b) print "\x1e"; b=0; next} b'
    awk '/^```sh/{b=1; next} /^```/{if (b) print "\x1e"; b=0; next} b' docs/tutorial.md
}
fail=0
for round in 1 2; do
    blocks | awk -v RS='\x1e\n' -v dir="$t" '{ f = dir "/block" NR ".sh"; printf "%s", $0 > f; close(f) }'
    for b in "$t"/block*.sh; do
        sed -i -E -e '/^(make|man) /d' -e 's/ -r (10|20)( |$)/ -r 2\2/' -e "s#/tmp/#$t/tmp/#g" -e 's/ +# .*$//' "$b"
        if ! out=$(cd "$t" && bash -e "$b" 2>&1 < /dev/null); then
            printf 'tour: round %d: this block failed:\n%s\n-- its output:\n%s\n' "$round" "$(cat "$b")" "$(printf '%s\n' "$out" | tail -n 15)"
            fail=1
        fi
        n=$((n + 1))
    done
    rm -f "$t"/block*.sh
done
[ "$fail" -eq 0 ] && echo "tour: ok ($n blocks, twice)"
exit "$fail"
