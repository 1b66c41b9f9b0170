#!/usr/bin/env bash
# tests/hostile/run.sh: what an attacker and a careless user would try, as a
# specification zonesim must meet (see tests/hostile/README.md).
#
#   ZONESIM_BIN=path tests/hostile/run.sh [PATTERN...]
#
# Every case runs in a fresh folder under $TMPDIR (the repository's scenarios/
# and tests/hostile/cases/ copied in, cwd there), each zonesim command under
# `timeout 20`.  Checked for every case: the exit code, no signal (exit >= 128
# other than 130 after an interrupt), no hang, no canary file (PWNED*), nothing
# written beside the working folder; and per case: stderr, files that must
# survive, the outputs.  PATTERNs (shell globs on case ids, e.g. 'shell.*' or
# 'merge.row_*') select cases.  Prints `ok   ID DESCRIPTION`, `FAIL ID
# DESCRIPTION: WHY` or `SKIP ...`, then a tally; exits 1 when a case failed.
# Needs bash, coreutils and python3 (to read JSON); gnuplot is used if present,
# else a stand-in that, like gnuplot, runs `!` lines and system() in a shell.
# The disk cases mount small tmpfs file systems (root only; skipped otherwise).
set -u
shopt -u patsub_replacement 2>/dev/null || true
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BIN=${ZONESIM_BIN:-$REPO/zonesim}
case $BIN in /*) ;; */*) BIN=$PWD/$BIN ;; *) BIN=$(command -v "$BIN" || echo "$BIN") ;; esac
TMO=${HOSTILE_TIMEOUT:-20}
[ -x "$BIN" ] || { echo "run.sh: $BIN is not an executable (set ZONESIM_BIN)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run.sh: python3 is needed to read JSON outputs" >&2; exit 2; }
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/zonesim-hostile.XXXXXX")
C=tests/hostile/cases                     # the cases folder, from a case's working folder
L2=lines.second_line.lanes
L1=lines.first_line.lanes
export BIN TMO C L2 L1 ROOT

# gnuplot: the real one, or a stand-in doing what matters here (an SVG per
# `set output`, and shell escapes: `!` lines, system("...") outside '...').
mkdir -p "$ROOT/bin"
if [ -n "${HOSTILE_STUB_GNUPLOT:-}" ] || ! command -v gnuplot >/dev/null; then
    cat >"$ROOT/bin/gnuplot" <<'EOF'
#!/usr/bin/env bash
[ "${1:-}" = --version ] && { echo "gnuplot stand-in (tests/hostile/run.sh)"; exit 0; }
out=
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        '!'*) sh -c "${line#!}" ;;
        "set output '"*) out=${line#"set output '"}; out=${out%"'"} ;;
    esac
    bare=$(printf '%s' "$line" | sed "s/'[^']*'//g")
    while [[ $bare =~ system\(\"([^\"]*)\"\) ]]; do sh -c "${BASH_REMATCH[1]}"; bare=${bare/"${BASH_REMATCH[0]}"/}; done
done <"$1"
[ -n "$out" ] && printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n' >"$out"
exit 0
EOF
    chmod +x "$ROOT/bin/gnuplot"
    export PATH=$ROOT/bin:$PATH
    echo "note: using a gnuplot stand-in that honours shell escapes (gnuplot not installed, or HOSTILE_STUB_GNUPLOT set)"
fi

# ---------------------------------------------------------------------------
# Helpers for case bodies.  A body runs in a subshell, cwd = its working folder
# $W, stdin /dev/null; $S is the case's sandbox (holding $W and $L, the logs).

fail() { printf '%s\n' "$*" >>"$L/fail"; }
skip() { printf '%s\n' "$*" >>"$L/skip"; exit 0; }
first_err() { [ -s "$L/err" ] && head -n 1 "$L/err" | cut -c1-160 || echo "(stderr empty)"; }
sig_name() { kill -l "$1" 2>/dev/null || echo "$1"; }

# z ARGS...: run zonesim; rc, $L/out, $L/err.  A hang or a signal is a failure.
z() {
    timeout -k 5 "$TMO" "$BIN" "$@" >"$L/out" 2>"$L/err"
    rc=$?
    echo "zonesim $* -> $rc" >>"$L/cmds"
    _verdict
}
_verdict() {
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        fail "no exit within ${TMO}s (killed by timeout)"
    elif [ "$rc" -gt 128 ] && [ "$rc" -ne 130 ]; then
        fail "killed by SIG$(sig_name $((rc - 128)))"
    fi
}
# zbg ARGS...: start zonesim in the background; zsig SIG: signal it; zwait.
zbg() {
    timeout -k 5 "$TMO" "$BIN" "$@" >"$L/out" 2>"$L/err" &
    ZPID=$!
    echo "$ZPID" >>"$L/pids"
    echo "zonesim $* (background)" >>"$L/cmds"
}
zsig() { kill -s "$1" "$ZPID" 2>/dev/null; }
zwait() { wait "$ZPID"; rc=$?; echo "  -> $rc" >>"$L/cmds"; _verdict; }

# ex CODES...: the exit code is one of CODES; an error exit (1 or 2) says why
# on stderr in one to three lines.  exl: the same, any length of message.
ex() { _ex 3 "$@"; }
exl() { _ex 60 "$@"; }
_ex() {
    local max=$1 c ok=0; shift
    for c in "$@"; do [ "$rc" -eq "$c" ] && ok=1; done
    if [ $ok -eq 0 ]; then
        [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] || [ "$rc" -gt 128 -a "$rc" -ne 130 ] ||
            fail "exit $rc, expected $(echo "$@" | tr ' ' '|'): $(first_err)"
        return 1
    fi
    if [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; then
        local n; n=$(grep -c '' "$L/err")
        if [ "$n" -eq 0 ]; then fail "exit $rc with nothing on stderr"
        elif [ "$n" -gt "$max" ]; then fail "exit $rc with $n lines on stderr (at most $max): $(first_err)"
        fi
    fi
    return 0
}
# err_has REGEX / err_has_f TEXT: stderr mentions it (case-insensitive).
err_has() { grep -Eiq -- "$1" "$L/err" || fail "stderr does not match /$1/: $(first_err)"; }
err_has_f() { grep -Fiq -- "$1" "$L/err" || fail "stderr does not mention \"$1\": $(first_err)"; }

# keep FILE...: remember files; intact: they are unchanged (content and type).
keep() { local f; for f in "$@"; do printf '%s\t%s\n' "$f" "$(_sig "$f")" >>"$L/keep"; done; }
_sig() { if [ -L "$1" ]; then echo "link:$(readlink "$1")"; elif [ -p "$1" ]; then echo fifo;
         elif [ -c "$1" ]; then echo "chardev:$(stat -c %t:%T "$1")"; elif [ -d "$1" ]; then echo dir;
         elif [ -f "$1" ]; then echo "file:$(cksum <"$1")"; else echo missing; fi; }
intact() {
    local f s
    while IFS=$'\t' read -r f s; do
        [ "$(_sig "$f")" = "$s" ] || fail "$f was changed or replaced (now $(_sig "$f" | cut -d: -f1))"
    done <"$L/keep"
}

# snap: note the working folder's entries; only_results: since snap, nothing
# new beside results/ and nothing written straight into results/.
snap() { ls -A >"$L/snap"; }
only_results() {
    local e
    for e in $(ls -A | grep -vxF -f "$L/snap"); do
        [ "$e" = results ] || fail "wrote outside results/: $e"
    done
    if [ -d results ]; then
        for e in $(find results -mindepth 1 -maxdepth 1 ! -type d -printf '%f\n'); do
            fail "wrote straight into results/: $e"
        done
    fi
}

# J FILE PYEXPR: PYEXPR on the JSON in FILE (as d) is true.  jcheck: fail if not.
J() { python3 - "$@" <<'EOF'
import json, math, sys
try:
    d = json.load(open(sys.argv[1]))
    sys.exit(0 if eval(sys.argv[2]) else 1)
except Exception:
    sys.exit(1)
EOF
}
jcheck() { J "$1" "$2" || fail "${1/#$L\/out/stdout}: not ($2)${3:+: $3}"; }

# csv_whole FILE ROWS: FILE ends with a newline, has ROWS data rows, every row
# as many fields as the header.
csv_whole() { python3 - "$@" <<'EOF' || fail "$1 is not a whole CSV of $2 rows"
import csv, sys
t = open(sys.argv[1]).read()
rows = list(csv.reader(t.splitlines()))
sys.exit(0 if t.endswith("\n") and len(rows) == int(sys.argv[2]) + 1 and all(len(r) == len(rows[0]) for r in rows) else 1)
EOF
}
# col_of FILE N: the N-th field of each data row, comma-joined.
col_of() { tail -n +2 "$1" | cut -d, -f"$2" | paste -sd, -; }

# no_raw FILE TEXT: FILE (if written) does not hold TEXT unescaped.
no_raw() { [ ! -f "$1" ] || ! grep -Fq -- "$2" "$1" || fail "$1 holds raw $2"; }
# svgs FILE: the number of inline charts.
svgs() { [ -f "$1" ] && grep -o '<svg' "$1" | wc -l || echo 0; }

# whole_run DIR: if DIR/summary.json exists it covers exactly the rows of
# replications.csv, none of them all zeros, and says "complete": false.
whole_run() {
    [ -f "$1/summary.json" ] || return 0
    local rows; rows=$(($(grep -c '' "$1/replications.csv") - 1))
    jcheck "$1/summary.json" "d['replications'] == $rows" "summary.json replications vs $rows rows of replications.csv"
    jcheck "$1/summary.json" "d['complete'] is False" "an interrupted run is marked complete: false"
    awk -F, 'NR > 1 && ($2 == "" || $2 + 0 == 0) { bad = 1 } END { exit bad }' "$1/replications.csv" ||
        fail "replications.csv has rows of zeros (replications cut short written as done)"
    jcheck "$1/summary.json" "d['kpis']['arrivals']['min'] > 0" "kpis.arrivals.min > 0"
}

# jedit FILE PYSTMT: run PYSTMT on the JSON in FILE (as d) and write it back.
jedit() { python3 - "$@" <<'EOF' || { fail "setup failed: jedit $*"; exit 0; }
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[2])
open(sys.argv[1], "w").write(json.dumps(d, indent=1, ensure_ascii=False) + "\n")
EOF
}

# Setup: a run, a shard or a sweep of cases/fast.json (fast: a fraction of a second).
setup() { timeout -k 5 "$TMO" "$BIN" "$@" >>"$L/setup" 2>&1 || { fail "setup failed: zonesim $*"; exit 0; }; }
mkrun() { local d=$1; shift; setup run $C/fast.json -q -o "$d" "$@"; }
mkshards() { mkrun a01 --reps 0..1; mkrun a23 --reps 2..3; }
mine() { printf '{"extends": "%s/fast.json", "name": "mine"}\n' "$C" >my.json; }   # a scenario in the working folder
mksweep() { local d=$1; shift; setup sweep $C/fast.json --vary $L2=3,4,5,6 -r 1 -q -o "$d" "$@"; }

# mnt SIZE DIR [ro]: a small tmpfs at DIR (skips the case if it cannot).
mnt() {
    mkdir -p "$2"
    mount -t tmpfs -o "size=$1${3:+,ro}" tmpfs "$2" 2>/dev/null || skip "cannot mount a tmpfs (needs root)"
    echo "$W/$2" >>"$L/mounts"
}
fill() { dd if=/dev/zero of="$1/.filler" bs=4096 2>/dev/null; sync; }

# mkmany N FILE: fast.json plus N tariff categories with 46-character names
# (N + 40 KPIs of up to 63 characters), all carried by one more flow.
mkmany() {
    local n=$1 i nm cats= shares= sh
    sh=$(awk -v n="$n" 'BEGIN { printf "%.15g", 1 / n }')
    for ((i = 0; i < n; i++)); do
        nm=$(printf 'c%04d_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' "$i")
        cats+="\"$nm\": {\"duty\": 0.05, \"vat\": 0.13},"
        shares+="\"$nm\": $sh,"
    done
    printf '{"extends": "%s/fast.json", "name": "many_kpis", "tariff": {"categories": {%s}},\n "flows": [{"name": "many_flow", "owner": "ordinary", "rate_per_day": 50, "categories": {%s}, "value_cny": 1000, "route": {"to_mainland": 1}, "dwell": "1 d"}]}\n' \
        "$C" "${cats%,}" "${shares%,}" >"$2"
}

# same_as_file PATH RAW: `--set PATH=RAW` is read as the string RAW would be
# in a file: validate gives the same exit code both ways.
same_as_file() {
    local p=$1 raw=$2 obj
    obj=$(python3 -c 'import json,sys
v = sys.argv[2]
for k in reversed(sys.argv[1].split(".")): v = {k: v}
v["extends"] = sys.argv[3]; v["name"] = "same_as_file"
print(json.dumps(v))' "$p" "$raw" "$C/fast.json")
    printf '%s\n' "$obj" >file_form.json
    z validate file_form.json; local rf=$rc
    z validate $C/fast.json --set "name=same_as_file" --set "$p=$raw"
    [ "$rc" -eq "$rf" ] || fail "--set $p=$raw gives exit $rc, the same value in a file exit $rf: $(first_err)"
}

# ---------------------------------------------------------------------------
# The catalogue.  T ID "DESCRIPTION" 'BODY'

IDS=() DESCS=() BODIES=()
T() { IDS+=("$1"); DESCS+=("$2"); BODIES+=("$3"); }

# --- shell: nothing reaches a shell (or gnuplot's shell escapes) ---
T shell.name_quote_run_report "scenario named x';touch PWNED;' run with --report into results/NAME" '
  z run $C/shell_name.json --report -q; ex 0 2'
T shell.name_dollar_compare_report "compare with a scenario named b'\$(touch PWNED)' --report (results/compare_..)" '
  z compare $C/shell_name_dollar.json $C/fastalt.json -r 2 --report -q; ex 0 2'
T shell.set_name_dollar_run_report "--set name=x'\$(touch PWNED)' with run --report" '
  z run $C/fast.json --set "name=x'"'"'\$(touch PWNED)'"'"'" --report -q; ex 0 2'
T shell.set_name_backtick_sweep_report "--set name with a quote and backticks, sweep --report (results/sweep_NAME)" '
  z sweep $C/fast.json --set "name=s'"'"'\`touch PWNED\`'"'"'" --vary $L2=3,4 -r 1 --report -q; ex 0 2'
T shell.out_dir_dollar_run_report "run -o \"o'\$(touch PWNED)'\" --report: an odd but legal folder name" '
  z run $C/fast.json -o "o'"'"'\$(touch PWNED)'"'"'" --report -q; ex 0'
T shell.report_dir_dollar "zonesim report on a folder named r'\$(touch PWNED)'" '
  mkrun "r'"'"'\$(touch PWNED)'"'"'"; z report "r'"'"'\$(touch PWNED)'"'"'" -q; ex 0'
T shell.report_dir_semicolon "zonesim report on a folder named a';touch PWNED;'b" '
  mkrun "a'"'"';touch PWNED;'"'"'b"; z report "a'"'"';touch PWNED;'"'"'b" -q; ex 0'
T shell.report_dir_double_quote "zonesim report on a folder named q\"\`touch PWNED\`\"" '
  mkrun "q\"\`touch PWNED\`\""; z report "q\"\`touch PWNED\`\"" -q; ex 0'
T shell.apostrophe_keeps_charts "a plain apostrophe in the folder name (it's) keeps every chart" '
  mkrun plain; cp -r plain "it'"'"'s"; z report plain -q; n=$(svgs plain/report.html)
  z report "it'"'"'s" -q; ex 0; m=$(svgs "it'"'"'s/report.html")
  [ "$n" -gt 0 ] && [ "$m" -eq "$n" ] || fail "$m charts in it'"'"'s/report.html, $n in plain/report.html"'
T shell.gnuplot_flow_newline "a flow named a'<newline>!touch PWNED<newline># (sweep --report): refused at load, names are one line" '
  z sweep $C/gnuplot_flow.json --vary "flows.a'"'"'"$'"'"'\n!touch PWNED\n#'"'"'".rate_per_day=40,50" -r 1 -o s --report -q; ex 2
  err_has "control character"'
T shell.gnuplot_category_newline "a tariff category named c'<newline>!touch PWNED<newline># (sweep --report): refused at load, names are one line" '
  z sweep $C/gnuplot_category.json --vary "tariff.categories.c'"'"'"$'"'"'\n!touch PWNED\n#'"'"'".duty=0.05,0.1" -r 1 -o s --report -q; ex 2
  err_has "control character"'
T shell.gnuplot_report_path_system "report on a sweep folder whose varied path is x'.system(\"touch PWNED\").'" '
  cp -r $C/damaged/sweep_path_system s; z report s -q; ex 0 2'
T shell.gnuplot_report_path_newline "report on a sweep folder whose varied path holds a newline and !touch PWNED" '
  cp -r $C/damaged/sweep_path_newline s; z report s -q; ex 0 2'
T shell.events_name_dollar "trace --events \"e'\$(touch PWNED)'.csv\": written under that very name" '
  z trace $C/fast.json -n 1 --events "e'"'"'\$(touch PWNED)'"'"'.csv"; ex 0
  [ -s "e'"'"'\$(touch PWNED)'"'"'.csv" ] || fail "the events file was not written under its name"'

# --- html: names from scenario.json and the result files are escaped ---
T html.origin_script "report: a flow origin <script> in the folder's scenario.json" '
  mkrun r; jedit r/scenario.json "d[\"flows\"][0][\"origin\"] = \"<script>alert(6)</script>\""
  z report r -q; ex 0 2; no_raw r/report.html "<script>alert(6)"'
T html.names_run_report "run --report of a scenario with <script> in flow name, description, owner, category" '
  z run $C/html_names.json -o h --report -q; ex 0 2; no_raw h/report.html "<script>alert("
  [ $rc -ne 0 ] || grep -Fq "&lt;script&gt;alert(3)" h/report.html || fail "the flow name is not shown escaped"'
T html.summary_kpi_name "report: a KPI named <script> in summary.json" '
  mkrun r; jedit r/summary.json "d[\"kpis\"][\"<script>alert(9)</script>\"] = d[\"kpis\"].pop(\"arrivals\")"
  z report r -q; ex 0 2; no_raw r/report.html "<script>alert(9)"'
T html.summary_regime_img "report: regime <img src=x onerror=...> in summary.json" '
  mkrun r; jedit r/summary.json "d[\"regime\"] = \"<img src=x onerror=alert(1)>\""
  z report r -q; ex 0 2; no_raw r/report.html "<img src=x"'
T html.compare_alt_name "report: a compare.json whose alt is named <script>" '
  setup compare $C/fast.json $C/fastalt.json -r 2 -q -o c; jedit c/compare.json "d[\"alt\"] = \"<script>alert(12)</script>\""
  z report c -q; ex 0 2; no_raw c/report.html "<script>alert(12)"'
T html.sweep_values "report: sweep.json with <script> in a varied value and the scenario name" '
  cp -r $C/damaged/sweep_values_script s; z report s -q; ex 0 2
  no_raw s/report.html "<script>alert(7)"; no_raw s/report.html "<script>alert(8)"'
T html.route_key "report: a route share key <script> in scenario.json" '
  mkrun r; jedit r/scenario.json "r = d[\"flows\"][0][\"route\"]; r[\"<script>alert(10)</script>\"] = r.pop(list(r)[0])"
  z report r -q; ex 0 2; no_raw r/report.html "<script>alert(10)"'
T html.detail_category_chart "report: a category <script> in detail.json (chart labels)" '
  mkrun r; jedit r/detail.json "c = d[\"tax_by_category_cny\"]; c[\"</text><script>alert(11)</script>\"] = c.pop(\"car_parts\")"
  z report r -q; ex 0 2; no_raw r/report.html "<script>alert(11)"'

# --- term: nothing given reaches a terminal as a control sequence ---
no_esc() { ! grep -q "$(printf '\033')" "$L/err" || fail "an escape character reached stderr"; }
T term.name_escape "a scenario name holding an escape sequence (--set): refused, the message printable" '
  z run $C/fast.json --set "name=\"a\\u001b]0;PWNED\\u0007b\"" -q; ex 2; err_has "control character"; no_esc'
T term.category_key_escape "a category key holding an escape sequence: refused, echoed as ?" '
  z run $C/fast.json --set "flows.0.categories={\"\\u001b[2J\": 1}" -q; ex 2; err_has_f "?[2J"; no_esc'
T term.option_values_escape "escape sequences in a number option, --set, --precision and a report folder: echoed as ?" '
  e=$(printf "\033"); z run $C/fast.json -r "1${e}[2J"; ex 2; no_esc
  z run $C/fast.json --set "x${e}=1"; ex 2; no_esc
  z run $C/fast.json --precision "a${e}[2J"; ex 2; no_esc
  z report "no${e}[31mdir"; ex 2; no_esc'
T term.command_escape "an unknown command and an unknown option holding escape sequences" '
  z "$(printf "sh\033[31mow")"; ex 2; no_esc; z run "$(printf -- "--x\033[2J")"; ex 2; no_esc'

# --- path: names are data, not paths ---
T path.name_dotdot_file "\"name\": \"../../x\" in the scenario file: nothing outside results/" '
  snap; z run $C/path_dotdot.json -q; ex 0 2; only_results'
T path.name_empty_file "\"name\": \"\": not written straight into results/" '
  snap; z run $C/path_empty.json -q; ex 0 2; only_results'
T path.set_name_dot "--set name=. : not written straight into results/" '
  snap; z run $C/fast.json --set name=. -q; ex 0 2; only_results'
T path.set_name_dotdot "--set name=.. : not written into the working folder" '
  snap; z run $C/fast.json --set name=.. -q; ex 0 2; only_results
  [ ! -f summary.json ] || fail "summary.json written into the working folder"'
T path.set_name_mid_traversal "--set name=a/../../../y: nothing outside results/" '
  snap; z run $C/fast.json --set "name=a/../../../y" -q; ex 0 2; only_results'
T path.sweep_name_escape "sweep with --set name=/../../x (results/sweep_NAME): nothing outside results/" '
  snap; z sweep $C/fast.json --set "name=/../../x" --vary $L2=4 -r 1 -q; ex 0 2; only_results'
T path.compare_name_escape "compare with --set name=a/../../x (results/compare_A_vs_B): nothing outside results/" '
  snap; z compare $C/fast.json $C/fastalt.json --set "name=a/../../x" -r 2 -q; ex 0 2; only_results'

# --- files: never replace a file zonesim did not write ---
T files.interrupted_run_leaves_no_folder "run interrupted before any replication finished: no empty folder left" '
  "$BIN" run scenarios/hetao_baseline.json -r 2 -q -o fresh/out 2>"$L/err" & p=$!; sleep 0.05; kill -INT $p; wait $p
  test ! -s "$L/err" || err_has_f "nothing written"  # (empty: the signal came before its handler, nothing claimed)
  test ! -e fresh/out || fail "left fresh/out"'
T files.events_existing "trace --events onto an existing file without --force" '
  echo "my notes" >ev.csv; keep ev.csv; z trace $C/fast.json -n 1 --events ev.csv; ex 2; intact; err_has_f ev.csv'
T files.events_is_scenario "trace --events naming the input scenario itself, even with --force" '
  mine; keep my.json; z trace my.json -n 1 --events my.json --force; ex 2; intact'
T files.events_is_scenario_alias "trace --events ./sub/../my.json (the input scenario by another path) --force" '
  mine; mkdir sub; keep my.json; z trace my.json -n 1 --events ./sub/../my.json --force; ex 2; intact'
T files.events_fifo "trace --events onto a FIFO, with --force: refused, the FIFO stays" '
  mkfifo ff; keep ff; z trace $C/fast.json -n 1 --events ff --force; ex 2; intact'
T files.events_chardev "trace --events onto a character device (a copy of /dev/null), with --force" '
  mknod nul c 1 3 2>/dev/null || skip "cannot make a device node (needs root)"; keep nul
  z trace $C/fast.json -n 1 --events nul --force; ex 2; intact'
T files.events_symlink "trace --events onto a symlink to another file, without --force" '
  mkdir other; echo precious >other/t.txt; ln -s other/t.txt ev.csv; keep ev.csv other/t.txt
  z trace $C/fast.json -n 1 --events ev.csv; ex 2; intact'
T files.events_force_replaces "trace --events onto an existing file with --force replaces it (control)" '
  echo old >ev.csv; z trace $C/fast.json -n 1 --events ev.csv --force; ex 0
  [ "$(head -n 1 ev.csv)" = "time_min,day,clock,consignment,flow,step,text" ] || fail "ev.csv was not replaced by the events"'
T files.events_new "trace --events onto a new file (control)" '
  z trace $C/fast.json -n 1 --events new.csv; ex 0; [ -s new.csv ] || fail "new.csv not written"'
T files.run_foreign_csv "run -o a folder holding someone's replications.csv (no summary.json)" '
  mkdir o; echo "my data" >o/replications.csv; keep o/replications.csv; z run $C/fast.json -q -o o; ex 2; intact'
T files.sweep_foreign_csv "sweep -o a folder holding someone's sweep.csv (no sweep.json)" '
  mkdir o; echo "my data" >o/sweep.csv; keep o/sweep.csv; z sweep $C/fast.json --vary $L2=4 -r 1 -q -o o; ex 2; intact'
T files.compare_foreign_csv "compare -o a folder holding someone's compare.csv (no compare.json)" '
  mkdir o; echo "my data" >o/compare.csv; keep o/compare.csv; z compare $C/fast.json $C/fastalt.json -r 2 -q -o o; ex 2; intact'
T files.merge_foreign_csv "merge -o a folder holding someone's replications.csv (no summary.json)" '
  mkshards; mkdir o; echo "my data" >o/replications.csv; keep o/replications.csv; z merge a01 a23 -o o -q; ex 2; intact'
T files.run_out_is_file "run -o naming an existing regular file" '
  echo data >o.txt; keep o.txt; z run $C/fast.json -q -o o.txt; ex 1 2; intact'
T files.run_other_results_no_force "run -o onto another scenario's results without --force (control)" '
  mkrun o; keep o/summary.json o/replications.csv; z run $C/fastalt.json -q -o o; ex 2; intact; err_has_f --force'
T files.force_keeps_user_notes "run --force over an earlier run keeps a user's notes.txt in it" '
  mkrun o; echo mine >o/notes.txt; keep o/notes.txt; z run $C/fast.json -q -o o --force -r 3; ex 0; intact'
T files.report_data_symlink_dir "report: report_data/ is a symlink to a folder elsewhere" '
  mkrun r; mkdir elsewhere; ln -s ../elsewhere r/report_data; z report r -q; ex 0 1 2
  [ -z "$(ls -A elsewhere)" ] || fail "wrote through the symlink: $(ls elsewhere | head -n 3 | tr "\n" " ")"'
T files.report_dat_symlink_file "report: report_data/stages.dat is a symlink to someone's file" '
  mkrun r; mkdir r/report_data; echo precious >precious.txt; ln -s ../../precious.txt r/report_data/stages.dat
  keep precious.txt; z report r -q; ex 0 1 2; intact'

# --- crash: no signal whatever the size or shape ---
T crash.sweep_points_report_2axes "sweep --points 0..2 of a 4x2 grid with --report" '
  z sweep $C/fast.json --vary $L2=3,4,5,6 --vary $L1=5,6 --points 0..2 -r 1 -q -o s --report; ex 0
  [ -f s/report.html ] || fail "no report.html"'
T crash.sweep_points_report_1axis "sweep --points 1..2 of a 4-point grid with --report" '
  z sweep $C/fast.json --vary $L2=3,4,5,6 --points 1..2 -r 1 -q -o s --report; ex 0
  [ -f s/report.html ] || fail "no report.html"'
T crash.report_sweep_shard "zonesim report on a sweep shard folder (--points 1..2)" '
  mksweep s --points 1..2; z report s -q; ex 0'
T crash.sweep_many_kpis_1000 "sweep of one point with 1040 KPIs (1000 categories, long names)" '
  mkmany 1000 many.json; z sweep many.json --vary $L2=4 -r 1 -q -o s; ex 0; csv_whole s/sweep.csv 1'
T crash.sweep_many_kpis_200 "sweep of one point with 240 KPIs: sweep.csv whole" '
  mkmany 200 many.json; z sweep many.json --vary $L2=4 -r 1 -q -o s; ex 0; csv_whole s/sweep.csv 1'
T crash.compare_many_kpis_report "compare with 1040 KPIs, --report (control)" '
  mkmany 1000 many.json; z compare many.json many.json -r 2 -q -o c --report; ex 0
  csv_whole c/compare.csv $(($(grep -c "" c/compare.csv) - 1))'
T crash.vary_65_values "--vary with 65 values: refused, or 65 points" '
  z sweep $C/fast.json --vary "$L2=$(seq -s, 1 65)" -r 1 --set horizon_days=0.1 -q -o s; ex 0 2
  [ $rc -ne 0 ] || csv_whole s/sweep.csv 65'
T crash.grid_2pow32 "8 --vary of 16 values: 2^32 points (overflows an int)" '
  v=$(seq -s, 1 16); a=(); for p in $L2 $L1 horizon_days replications seed lines.first_line.inspection.bays lines.second_line.inspection.bays economics.discount_rate_annual; do a+=(--vary "$p=$v"); done
  z sweep $C/fast.json "${a[@]}" -r 1 -q -o s; ex 2; [ ! -e s ] || fail "wrote s/"'
T crash.report_sweep_path_number "report: sweep.json whose varied path is a number" '
  cp -r $C/damaged/sweep_path_number s; z report s -q; ex 2'
T crash.report_sweep_one_point "report: sweep.json of a 2x2 grid holding one point (no shard key)" '
  cp -r $C/damaged/sweep_one_point_two_axes s; z report s -q; ex 0 2'
T crash.report_sweep_300_values "report: sweep.json declaring 300 values for 2 points" '
  cp -r $C/damaged/sweep_300_values s; z report s -q; ex 0 2'
T crash.report_sweep_values_number "report: a sweep point whose \"values\" is a number" '
  cp -r $C/damaged/sweep_point_values_number s; z report s -q; ex 2'
T crash.merge_sweep_points_numbers "merge: a sweep shard whose points are numbers" '
  cp -r $C/damaged/sweep_points_numbers s; z merge s -o m -q; ex 2'

# --- hang: every input ends within seconds ---
T hang.hourly_subnormal_run "run: hourly_profile of 24 x 1e-309" '
  z run $C/hourly_subnormal.json -r 1 -q -o o; ex 2'
T hang.hourly_subnormal_trace "trace: hourly_profile of 24 x 1e-309" '
  z trace $C/hourly_subnormal.json -n 1; ex 2'
T hang.hourly_subnormal_one "run: hourly_profile of 1e-309 then 23 zeros (ends, either way)" '
  z run $C/hourly_subnormal_one.json -r 1 -q -o o; ex 0 2'
T hang.extends_fanout "validate: 15 levels of files each extending the next 4 times (4^15 loads)" '
  z validate $C/fanout/l0.json; exl 2'
T hang.extends_fanout_assess "assess: \"scenario\" naming the extends fan-out" '
  z assess $C/assess_scenario_fanout.json; exl 2'
T hang.policy_nested_exp "validate: policy_changes nested 18 deep in changes' set (8^18 phases)" '
  z validate $C/policy_nested_exp.json; exl 2'
T hang.policy_nested_once "validate: a policy change whose set holds policy_changes" '
  z validate $C/policy_nested_once.json; exl 2'
T hang.extends_fifo "validate: \"extends\" naming a FIFO" '
  mkfifo $C/fifo.json; z validate $C/extends_fifo.json; ex 2'
T hang.assess_scenario_fifo "assess (stdin): \"scenario\" naming a FIFO" '
  mkfifo fifo.json; z assess <$C/assess_scenario_fifo.json; ex 2'
T hang.assess_regime_fifo "assess (stdin): \"regime\" naming a FIFO" '
  mkfifo fifo.json; z assess - <$C/assess_regime_fifo.json; ex 2'
T hang.run_scenario_fifo "run: the scenario file is a FIFO" '
  mkfifo s.json; z run s.json -q -o o; ex 2'
T hang.report_summary_fifo "report: summary.json is a FIFO" '
  mkrun r; rm r/summary.json; mkfifo r/summary.json; z report r -q; ex 2'
T hang.merge_summary_fifo "merge: a shard's summary.json is a FIFO" '
  mkshards; rm a23/summary.json; mkfifo a23/summary.json; z merge a01 a23 -o m -q; ex 2'
T hang.merge_csv_fifo "merge: a shard's replications.csv is a FIFO" '
  mkshards; rm a23/replications.csv; mkfifo a23/replications.csv; z merge a01 a23 -o m -q; ex 2'
T hang.report_detail_200k_days "report: detail.json of a 3-day run with 200000 days of bonded stock" '
  mkrun r; printf "{\"bonded_stock_cny_by_day\": [%s]}\n" "$(seq -s, 1 200000)" >r/detail.json; z report r -q; ex 0 2'

# --- values: a command-line value reads as the same key in a file ---
T values.set_percent "--set tariff.categories.car_parts.duty=6%: 0.06 or refused, never 6" '
  z run $C/fast.json --set tariff.categories.car_parts.duty=6% -q -o o; ex 0 2
  [ $rc -ne 0 ] || jcheck o/scenario.json "d[\"tariff\"][\"categories\"][\"car_parts\"][\"duty\"] in (0.06, \"6%\")"'
T values.set_lanes_5x "--set lines.second_line.lanes=5x" '
  z run $C/fast.json --set $L2=5x -q -o o; ex 2; err_has lanes'
T values.set_dwell_80d "--set flows.research_goods_from_hk.dwell.mean=\"80 d\" is 80 days" '
  z run $C/fast.json --set "flows.research_goods_from_hk.dwell.mean=80 d" -q -o o; ex 0
  [ $rc -ne 0 ] || jcheck o/scenario.json "[f for f in d[\"flows\"] if f[\"name\"] == \"research_goods_from_hk\"][0][\"dwell\"][\"mean\"] in (\"80 d\", 115200)"'
T values.set_dwell_bad_unit "--set flows.research_goods_from_hk.dwell.mean=\"80 parsecs\"" '
  z run $C/fast.json --set "flows.research_goods_from_hk.dwell.mean=80 parsecs" -q -o o; ex 2'
T values.set_open_24h "--set lines.second_line.open=24h (as \"open\": \"24h\" in a file)" '
  z run $C/fast.json --set lines.second_line.open=24h -q -o o; ex 0
  [ $rc -ne 0 ] || jcheck o/scenario.json "d[\"lines\"][\"second_line\"][\"open\"] == \"24h\""'
T values.same_percent "--set duty=6% reads as \"duty\": \"6%\" in a file" 'same_as_file tariff.categories.car_parts.duty 6%'
T values.same_horizon_days_text "--set horizon_days=\"3 days\" reads as in a file" 'same_as_file horizon_days "3 days"'
T values.same_replications_list "--set replications=2,3 reads as \"2,3\" in a file" 'same_as_file replications 2,3'
T values.same_seed_suffix "--set seed=12abc reads as \"12abc\" in a file" 'same_as_file seed 12abc'
T values.same_service_minutes "--set service.mean=\"6 minutes\" reads as in a file" 'same_as_file lines.first_line.service.mean "6 minutes"'
T values.set_warmup_2d "--set warmup=\"2 d\" (warmup_days removed) is a warm-up of 2 days" '
  z run $C/fast.json --set warmup_days=null --set "warmup=2 d" -q -o o; ex 0
  [ $rc -ne 0 ] || jcheck o/summary.json "abs(d[\"warmup_days\"] - 2) < 1e-9"'
T values.set_index_overflow "--set flows.4294967296.rate_per_day=7 (index overflows an int)" '
  z run $C/fast.json --set flows.4294967296.rate_per_day=7 -q -o o; ex 2'
T values.set_index_overflow_plus1 "--set flows.4294967297.rate_per_day=7 (would land on flow 1)" '
  z run $C/fast.json --set flows.4294967297.rate_per_day=7 -q -o o; ex 2'
T values.set_index_out_of_range "--set flows.99.rate_per_day=7 (control)" '
  z run $C/fast.json --set flows.99.rate_per_day=7 -q -o o; ex 2'
T values.vary_range "--vary lines.second_line.lanes=3..6: 3,4,5,6 or refused" '
  z sweep $C/fast.json --vary $L2=3..6 -r 1 -q -o s; ex 0 2
  [ $rc -ne 0 ] || { csv_whole s/sweep.csv 4; [ "$(col_of s/sweep.csv 2)" = 3,4,5,6 ] || fail "points vary lanes as $(col_of s/sweep.csv 2)"; }'
T values.vary_5x "--vary lines.second_line.lanes=3,4x" '
  z sweep $C/fast.json --vary $L2=3,4x -r 1 -q -o s; ex 2'
T values.vary_json_trailing "--vary open=[\"08:00\",\"22:00\"]x,\"24h\" (JSON then garbage)" '
  z sweep $C/fast.json --vary "lines.second_line.open=[\"08:00\",\"22:00\"]x,\"24h\"" -r 1 -q -o s; ex 2'
T values.reps_garbage "run --reps 0abc..1" '
  z run $C/fast.json --reps 0abc..1 -q -o o; ex 2; err_has_f --reps'
T values.points_garbage "sweep --points 1x..2" '
  z sweep $C/fast.json --vary $L2=3,4,5 --points 1x..2 -r 1 -q -o s; ex 2; err_has_f --points'
T values.run_money_overflow "run: consignments of 1e15 CNY (in range): no negative tax" '
  z run $C/money_big_value.json -r 1 -q -o o; ex 0 1 2
  [ $rc -ne 0 ] || jcheck o/summary.json "d[\"kpis\"][\"tax_total_cny\"][\"mean\"] >= 0"'
T values.value_constant_beyond_range "a customs value given as a bare constant beyond 1e15 CNY: refused at load, like a named parameter" '
  z run $C/fast.json --set flows.bonded_trade_from_hk.value_cny=2e16 -r 1 -q -o o; ex 2; err_has_f "from 0 to 1e+15"'
T values.run_value_beyond_range "run: customs values drawn beyond the 1e16 CNY zonesim represents (a lognormal of mean and sd 1e15): exit 1, said, nothing written" '
  z run $C/fast.json --set "flows.bonded_trade_from_hk.value_cny={\"dist\": \"lognormal\", \"mean\": 1e15, \"sd\": 1e15}" -r 1 -q -o o; ex 1
  err_has "went beyond the 1e\+16 CNY"; [ ! -f o/summary.json ] || fail "a summary was written for a failed run"'
T values.trace_value_beyond_range "trace: a value beyond range is not told as a number" '
  z trace $C/fast.json -n 2 --set "flows.bonded_trade_from_hk.value_cny={\"dist\": \"lognormal\", \"mean\": 1e15, \"sd\": 1e15}"; ex 1; err_has "went beyond"
  ! grep -q "customs value 0.00" "$L/out" || fail "the trace told a made-up value"'
T values.tax_total_split_beyond_range "a total tax beyond range though no category, owner or tax alone passes it, with no policy change: the run fails, told why" '
  z run $C/tax_total_split_beyond_range.json -q -o o; ex 1; err_has "went beyond"'
T values.ct_threshold_inverted "a CT threshold whose upper rate is below the line rate: a false declaration that pays more evades nothing (the run completes, no negative penalty)" '
  z run $C/ct_threshold_inverted.json -q -o o; ex 0
  jcheck o/summary.json "d[\"kpis\"][\"penalties_cny\"][\"mean\"] >= 0"'
T values.assess_overflow_per_unit "assess: quantity 1e15 x per_unit 1e9: no negative amount" '
  z assess $C/assess_overflow_per_unit.json; ex 0 2
  [ $rc -ne 0 ] || jcheck "$L/out" "all(v >= 0 for k, v in d.items() if k.endswith(\"_cny\"))"'
T values.assess_overflow_fx "assess: price 1e15 USD at 1e9 CNY: no negative value" '
  z assess - <$C/assess_overflow_fx.json; ex 0 2
  [ $rc -ne 0 ] || jcheck "$L/out" "all(v >= 0 for k, v in d.items() if k.endswith(\"_cny\"))"'
T values.assess_stdin_ok "assess from stdin (control)" '
  z assess <$C/assess_ok.json; ex 0; jcheck "$L/out" "d[\"duty_cny\"] == 5 and abs(d[\"vat_cny\"] - 13.65) < 1e-9"'
T values.assess_stdin_over_4mib "assess: 5 MB on stdin (a file that size is refused)" '
  { printf "{\"tariff_line\": {\"duty\": 0.1}, \"customs_value_cny\": 100, \"origin\": \""; head -c 5000000 /dev/zero | tr "\0" a; printf "\"}"; } >big.json
  z assess <big.json; ex 2; err_has "larger|too large|bytes|MiB"'
T values.assess_stdin_empty "assess: empty stdin" 'z assess; ex 2'
T values.assess_stdin_nul "assess: a NUL byte on stdin" '
  printf "{\"tariff_line\": {\"duty\": 0.1}, \"customs_value_cny\": 1\0}" >nul.json; z assess <nul.json; ex 2'

# --- options: each command accepts only its own ---
opt() { # ID COMMAND BODY-PREFIX OPTION
    local o1=${4%% *}
    T "options.$1" "$4 is not an option of $2" "$3 $4; ex 2; err_has_f '$o1'"
}
RUN="z run \$C/fast.json -q -o o"
CMP="z compare \$C/fast.json \$C/fastalt.json -r 2 -q -o o"
SWP="z sweep \$C/fast.json --vary \$L2=4 -r 1 -q -o o"
TRC="z trace \$C/fast.json -n 1"
MRG="mkrun a --reps 0..1; z merge a -o m"
REP="mkrun r; z report r -q"
VAL="z validate \$C/fast.json"
ASS="z assess \$C/assess_ok.json"
SRC="z search \$C/fast.json --vary \$L2=3,4 --target l2_time_p90_min\<=600 -r 2 -q -o o"
opt run_vary run "$RUN" "--vary $L2=3,4"
opt run_points run "$RUN" "--points 0..1"
opt run_events run "$RUN" "--events ev.csv"
opt compare_reps compare "$CMP" "--reps 0..1"
opt compare_precision compare "$CMP" "--precision tax_total_cny=0.1"
opt sweep_precision sweep "$SWP" "--precision tax_total_cny=0.1"
opt sweep_reps sweep "$SWP" "--reps 0..1"
opt trace_r trace "$TRC" "-r 4"
opt trace_out trace "$TRC" "-o out"
opt merge_r merge "$MRG" "-r 4"
opt merge_set merge "$MRG" "--set horizon_days=2"
opt report_force report "$REP" "--force"
opt report_out report "$REP" "-o elsewhere"
opt validate_r validate "$VAL" "-r 4"
opt validate_out validate "$VAL" "-o out"
opt assess_set assess "$ASS" "--set horizon_days=2"
opt assess_out assess "$ASS" "-o out"
opt search_points search "$SRC" "--points 0..1"
opt search_reps search "$SRC" "--reps 0..1"
opt search_precision search "$SRC" "--precision tax_total_cny=0.1"
opt search_unknown search "$SRC" "--bogus"
opt search_unknown_short search "$SRC" "-x"
opt run_unknown run "$RUN" "--bogus"
opt compare_unknown compare "$CMP" "--bogus"
opt sweep_unknown sweep "$SWP" "--bogus"
opt trace_unknown trace "$TRC" "--bogus"
opt merge_unknown merge "$MRG" "--bogus"
opt report_unknown report "$REP" "--bogus"
opt validate_unknown validate "$VAL" "--bogus"
opt assess_unknown assess "$ASS" "--bogus"

# --- interrupt: SIGINT/SIGTERM leave only whole replications ---
T interrupt.run_sigint "SIGINT 1.5 s into a 200-replication run: exit 130, only whole replications" '
  zbg run scenarios/hetao_baseline.json -r 200 -j 2 -q -o o; sleep 1.5; zsig INT; zwait; ex 130; whole_run o'
T interrupt.run_sigterm "SIGTERM 1.5 s into a 200-replication run: exit 130, only whole replications" '
  zbg run scenarios/hetao_baseline.json -r 200 -j 2 -q -o o; sleep 1.5; zsig TERM; zwait; ex 130; whole_run o'
T interrupt.run_precision "SIGINT during run --precision: only whole replications" '
  zbg run scenarios/hetao_baseline.json -r 4 -j 2 -q -o o --precision tax_total_cny=0.00001 --max-reps 200
  sleep 1.5; zsig INT; zwait; ex 130; whole_run o'
T interrupt.run_auto_warmup "SIGINT during a run with \"warmup\": \"auto\" (two passes per replication)" '
  zbg run scenarios/hetao_baseline.json -r 200 -j 2 -q -o o --set warmup_days=null --set warmup=auto
  sleep 1.5; zsig INT; zwait; ex 130; whole_run o'
T interrupt.run_twice "two SIGINTs: exit 130 at once, no partial file under a final name" '
  zbg run scenarios/hetao_baseline.json -r 200 -j 2 -q -o o; sleep 1.5; zsig INT; sleep 0.05; zsig INT; zwait; ex 130
  [ ! -f o/summary.json ] || J o/summary.json "True" || fail "o/summary.json is not whole JSON"; whole_run o'
T interrupt.compare_sigint "SIGINT during compare: exit 130, nothing written" '
  zbg compare scenarios/hetao_baseline.json scenarios/hetao_l2_extra_lane.json -r 100 -j 2 -q -o c; sleep 1.5; zsig INT; zwait; ex 130
  [ ! -e c/compare.json ] || fail "c/compare.json written"'
T interrupt.sweep_sigterm "SIGTERM during sweep: exit 130, nothing written" '
  zbg sweep scenarios/hetao_baseline.json --vary $L2=3,4,5 -r 50 -j 2 -q -o s; sleep 1.5; zsig TERM; zwait; ex 130
  [ ! -e s/sweep.json ] || fail "s/sweep.json written"'

# --- disk: a full or read-only file system ---
T disk.run_full "run -o onto a full file system (32 KiB tmpfs): exit 1, no summary.json" '
  mnt 32k full; z run scenarios/hetao_baseline.json -r 2 -q -o full/r; ex 1; err_has "space|full"
  [ ! -e full/r/summary.json ] || fail "full/r/summary.json written"
  [ -z "$(find full -name "*.tmp*")" ] || fail "temporary files left: $(find full -name "*.tmp*" | head -n 2)"'
T disk.run_force_keeps_earlier "run --force over an earlier whole result, disk fills midway: exit 1, earlier result untouched" '
  mnt 128k full; setup run scenarios/hetao_baseline.json -r 2 -q -o full/r; keep full/r/*
  z run scenarios/hetao_baseline.json -r 400 --set horizon_days=5 --set warmup_days=0 -q -o full/r --force; ex 1; intact'
T disk.trace_events_full "trace --events onto a full file system: exit 1, no events file" '
  mnt 64k full; fill full; z trace $C/fast.json -n 1 --events full/ev.csv; ex 1
  [ ! -e full/ev.csv ] || fail "full/ev.csv written"; [ -z "$(ls -A full | grep -vx .filler)" ] || fail "left: $(ls full)"'
T disk.sweep_full "sweep -o onto a full file system: exit 1, no sweep.json" '
  mnt 64k full; fill full; z sweep $C/fast.json --vary $L2=3,4 -r 1 -q -o full/s; ex 1; [ ! -e full/s/sweep.json ] || fail "sweep.json written"'
T disk.compare_full "compare -o onto a full file system: exit 1, no compare.json" '
  mnt 64k full; fill full; z compare $C/fast.json $C/fastalt.json -r 2 -q -o full/c; ex 1; [ ! -e full/c/compare.json ] || fail "compare.json written"'
T disk.merge_full "merge -o onto a full file system: exit 1, no summary.json" '
  mkshards; mnt 64k full; fill full; z merge a01 a23 -o full/m -q; ex 1; [ ! -e full/m/summary.json ] || fail "summary.json written"'
T disk.report_full_keeps_earlier "report again on a full disk: exit 1, the earlier report and its data untouched" '
  mnt 4m full; mkrun full/r; setup report full/r -q; keep full/r/report.html full/r/report_data/*; fill full
  z report full/r -q; ex 1; intact'
T disk.run_readonly "run -o onto a read-only file system: exit 1" '
  mnt 64k ro ro; z run $C/fast.json -q -o ro/r; ex 1; err_has "read-only|cannot"'

# --- merge: damaged shards are refused ---
T merge.ok_equals_full_run "merge of shards 0..1 and 2..3 equals a run of 4 (control)" '
  mkshards; mkrun full -r 4; z merge a01 a23 -o m -q; ex 0
  cmp -s m/replications.csv full/replications.csv || fail "merged replications.csv differs from the full run'"'"'s"'
T merge.row_nan "merge: a replications.csv value \"nan\"" '
  mkshards; sed -i -E "2s/^([0-9]+),[^,]*,/\1,nan,/" a23/replications.csv; z merge a01 a23 -o m -q; ex 2; err_has_f a23'
T merge.row_inf "merge: a replications.csv value \"inf\"" '
  mkshards; sed -i -E "2s/^([0-9]+),[^,]*,/\1,inf,/" a23/replications.csv; z merge a01 a23 -o m -q; ex 2; err_has_f a23'
T merge.row_garbage "merge: a replications.csv value \"zzz\" (control)" '
  mkshards; sed -i -E "2s/^([0-9]+),[^,]*,/\1,zzz,/" a23/replications.csv; z merge a01 a23 -o m -q; ex 2'
T merge.row_duplicate "merge: a row repeated in one shard (control)" '
  mkshards; sed -n 2p a23/replications.csv >>a23/replications.csv; z merge a01 a23 -o m -q; ex 2'
T merge.row_out_of_shard_range "merge: shard 2..3 holding a row for replication 99" '
  mkshards; sed -i "2s/^2,/99,/" a23/replications.csv; z merge a01 a23 -o m -q; ex 2'
T merge.row_negative_id "merge: a row for replication -1" '
  mkshards; sed -i "2s/^2,/-1,/" a23/replications.csv; z merge a01 a23 -o m -q; ex 2'
T merge.row_id_wraps "merge: a row for replication 4294967299 (wraps to 3)" '
  mkshards; sed -i "3s/^3,/4294967299,/" a23/replications.csv; z merge a01 a23 -o m -q; ex 2'
T merge.row_missing "merge: shard 2..3 whose replications.csv lost a row" '
  mkshards; sed -i 3d a23/replications.csv; z merge a01 a23 -o m -q; ex 2'
T merge.header_only "merge: a shard whose replications.csv has only its header" '
  mkrun a --reps 0..1; head -n 1 a/replications.csv >a/r.csv; mv a/r.csv a/replications.csv; z merge a -o m -q; ex 2'
T merge.summary_array "merge: summary.json is an array" '
  mkrun a --reps 0..1; echo "[1]" >a/summary.json; z merge a -o m -q; ex 2; err_has_f summary.json'
T merge.summary_missing_seed "merge: summary.json without \"seed\"" '
  mkrun a --reps 0..1; jedit a/summary.json "del d[\"seed\"]"; z merge a -o m -q; ex 2'
T merge.summary_seed_huge "merge: both shards with \"seed\": 1e300" '
  mkshards; jedit a01/summary.json "d[\"seed\"] = 1e300"; jedit a23/summary.json "d[\"seed\"] = 1e300"; z merge a01 a23 -o m -q; ex 2'
T merge.summary_seed_string "merge: \"seed\": \"x\" in the first shard" '
  mkshards; jedit a01/summary.json "d[\"seed\"] = \"x\""; z merge a01 a23 -o m -q; ex 2'
T merge.summary_truncated "merge: summary.json cut short (control)" '
  mkshards; head -c 300 a23/summary.json >t; mv t a23/summary.json; z merge a01 a23 -o m -q; ex 2'
T merge.different_seed "merge: shards run with different seeds (control)" '
  mkrun a01 --reps 0..1; mkrun a23 --reps 2..3 -s 5; z merge a01 a23 -o m -q; ex 2'
T merge.different_scenario "merge: shards of different scenarios (control)" '
  mkrun a01 --reps 0..1; mkrun a23 --reps 2..3 --set horizon_days=2; z merge a01 a23 -o m -q; ex 2'
T merge.sweep_ok "merge of sweep shards 0..1 and 2..3 equals the whole sweep (control)" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; mksweep all; z merge s01 s23 -o m -q; ex 0
  cmp -s m/sweep.csv all/sweep.csv || fail "merged sweep.csv differs from the whole sweep'"'"'s"
  cmp -s m/kpis.csv all/kpis.csv || fail "merged kpis.csv differs from the whole sweep'"'"'s"'
T merge.sweep_kpis_point_of_other_shard "merge: a sweep shard's kpis.csv row names a point of another shard" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "2s/^\([^,]*\),0,/\1,3,/" s01/kpis.csv
  z merge s01 s23 -o m -q; ex 2; err_has_f "s01/kpis.csv: line 2"; test ! -e m/sweep.json || fail "wrote m"'
T merge.sweep_kpis_value_nan "merge: a sweep shard's kpis.csv holds a value nan" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "3s/,[^,]*,\([^,]*\)$/,nan,\1/" s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2; err_has_f "s23/kpis.csv: line 3"'
T merge.sweep_point_huge "merge: a sweep shard's sweep.json naming point 1e300 (once an overflowing conversion)" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3
  jedit s01/sweep.json "d[\"points\"][0][\"point\"] = 1e300"; z merge s01 s23 -o m -q; ex 2
  test ! -e m/sweep.json || fail "wrote m"'
T merge.sweep_point_fraction "merge: a sweep shard's sweep.json naming point 0.5" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3
  jedit s01/sweep.json "d[\"points\"][0][\"point\"] = 0.5"; z merge s01 s23 -o m -q; ex 2'
T merge.sweep_kpis_header "merge: a sweep shard's kpis.csv with another header" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "1s/unit/units/" s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2; err_has_f "header differs"'
T hang.merge_sweep_kpis_fifo "merge: a sweep shard's kpis.csv is a FIFO" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; rm s23/kpis.csv; mkfifo s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2'
T merge.sweep_kpis_row_deleted "merge: a row deleted from a sweep shard's kpis.csv" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i 7d s01/kpis.csv
  z merge s01 s23 -o m -q; ex 2; err_has_f "s01/kpis.csv"; test ! -e m || fail "left a folder m"'
T merge.sweep_kpis_point_deleted "merge: every row of one point deleted from a sweep shard's kpis.csv" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "/^[^,]*,1,/d" s01/kpis.csv
  z merge s01 s23 -o m -q; ex 2; err_has_f "ends before every replication"'
T merge.sweep_kpis_row_duplicated "merge: a row duplicated in a sweep shard's kpis.csv" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i 5p s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2; err_has_f "s23/kpis.csv: line 6"'
T merge.sweep_kpis_rows_swapped "merge: two rows of a sweep shard's kpis.csv swapped" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "3{h;d};4G" s01/kpis.csv
  z merge s01 s23 -o m -q; ex 2'
T merge.sweep_kpis_replication_99 "merge: a sweep shard's kpis.csv row with replication 99 of 1" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "\$s/^\([^,]*\),\([0-9]*\),0,/\1,\2,99,/" s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2'
T merge.sweep_kpis_header_only "merge: a sweep shard's kpis.csv with its header alone" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; head -1 s23/kpis.csv > t; mv t s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2'
T merge.sweep_kpis_open_quote "merge: an unterminated quote in a sweep shard's kpis.csv" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "5s/,min\$/,\"ab/" s01/kpis.csv
  z merge s01 s23 -o m -q; ex 2'
T hang.merge_sweep_kpis_sparse "merge: a sweep shard's kpis.csv is a 1 GB sparse file (refused at once)" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; truncate -s 1G s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2; test ! -e m || fail "left a folder m"'
T merge.sweep_kpis_dangling_link "merge: a sweep shard's kpis.csv is a dangling symbolic link" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; rm s23/kpis.csv; ln -s /nonexistent/x s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2'
T merge.sweep_kpis_value_changed "merge: a finite value changed in a sweep shard's kpis.csv (its mean no longer the sweep.json's)" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; sed -i "3s/,\([0-9][0-9.]*\),\([^,]*\)\$/,9\1,\2/" s23/kpis.csv
  z merge s01 s23 -o m -q; ex 2; err_has_f "sweep.json means"; test ! -e m || fail "left a folder m"'
T merge.sweep_kpis_missing "merge: a sweep shard without kpis.csv (an older zonesim): merged without one, said" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; rm s23/kpis.csv
  z merge s01 s23 -o m -q; ex 0; err_has_f "has none"; test ! -e m/kpis.csv || fail "a partial kpis.csv"'
T merge.sweep_different_set "merge: sweep shards run with different --set" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3 --set horizon_days=2; z merge s01 s23 -o m -q; ex 2'
T merge.sweep_different_seed "merge: sweep shards run with different -s" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3 -s 7; z merge s01 s23 -o m -q; ex 2'
T merge.sweep_points_not_array "merge: a sweep shard whose \"points\" is a number" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; jedit s23/sweep.json "d[\"points\"] = 5"; z merge s01 s23 -o m -q; ex 2'
T merge.sweep_csv_garbage "merge: a sweep shard whose sweep.csv ends with a row \"9,garbage\" (a 4-point grid)" '
  mksweep s01 --points 0..1; mksweep s23 --points 2..3; echo 9,garbage >>s23/sweep.csv; z merge s01 s23 -o m -q; ex 2'

# --- report: damaged output folders are refused, whole ones reported ---
T report.horizon_huge "report: summary.json with horizon_days 1e300 (once an overflowing conversion)" '
  mkrun r; jedit r/summary.json "d[\"horizon_days\"] = 1e300"; z report r -q; ex 2'
T report.warmup_huge_negative "report: summary.json with warmup_days -4294967296" '
  mkrun r; jedit r/summary.json "d[\"warmup_days\"] = -4294967296"; z report r -q; ex 2'
T report.run_ok "report on a run folder (control)" '
  mkrun r; z report r -q; ex 0; [ "$(svgs r/report.html)" -gt 0 ] || fail "no chart in report.html"'
T report.compare_ok "report on a compare folder (control)" '
  setup compare $C/fast.json $C/fastalt.json -r 2 -q -o c; z report c -q; ex 0; [ -s c/report.html ] || fail "no report.html"'
T report.sweep_ok "report on a sweep folder (control)" '
  mksweep s; z report s -q; ex 0; [ -s s/report.html ] || fail "no report.html"'
T report.merged_ok "report on a merged run (no detail.json) (control)" '
  mkshards; setup merge a01 a23 -o m -q; z report m -q; ex 0'
T report.summary_array "report: summary.json is an array" '
  cp -r $C/damaged/summary_array r; z report r -q; ex 2; err_has_f summary.json'
T report.summary_kpis_number "report: summary.json {\"name\": \"x\", \"kpis\": 5}" '
  mkrun r; echo "{\"name\": \"x\", \"kpis\": 5}" >r/summary.json; z report r -q; ex 2; err_has_f summary.json'
T report.summary_truncated "report: summary.json cut short (control)" '
  mkrun r; head -c 300 r/summary.json >t; mv t r/summary.json; z report r -q; ex 2'
T report.summary_missing_kpis "report: summary.json without \"kpis\"" '
  mkrun r; jedit r/summary.json "del d[\"kpis\"]"; z report r -q; ex 2; err_has_f summary.json'
T report.kpi_mean_string "report: a KPI mean that is a string" '
  mkrun r; jedit r/summary.json "d[\"kpis\"][\"arrivals\"][\"mean\"] = \"x\""; z report r -q; ex 2; err_has_f summary.json'
T report.detail_empty_object "report: detail.json is {}" '
  mkrun r; echo "{}" >r/detail.json; z report r -q; ex 2; err_has_f detail.json'
T report.detail_array "report: detail.json is []" '
  mkrun r; echo "[]" >r/detail.json; z report r -q; ex 2; err_has_f detail.json'
T report.scenario_string "report: scenario.json is a string" '
  mkrun r; echo "\"str\"" >r/scenario.json; z report r -q; ex 2; err_has_f scenario.json'
T report.scenario_wrong_types "report: scenario.json with \"flows\": 7, \"lines\": [1]" '
  mkrun r; echo "{\"flows\": 7, \"lines\": [1]}" >r/scenario.json; z report r -q; ex 2; err_has_f scenario.json'
T report.compare_array "report: compare.json is []" '
  setup compare $C/fast.json $C/fastalt.json -r 2 -q -o c; echo "[]" >c/compare.json; z report c -q; ex 2; err_has_f compare.json'
T report.compare_kpis_array "report: compare.json whose kpis is an array" '
  setup compare $C/fast.json $C/fastalt.json -r 2 -q -o c; echo "{\"base\": \"a\", \"alt\": \"b\", \"kpis\": [1, 2]}" >c/compare.json
  z report c -q; ex 2; err_has_f compare.json'
T report.compare_base_damaged "report: a compare folder whose base/summary.json lost its fields" '
  setup compare $C/fast.json $C/fastalt.json -r 2 -q -o c; echo "{\"kpis\": {\"l1_time_mean_min\": 1}}" >c/base/summary.json
  z report c -q; ex 2'
T report.not_a_folder "report on a regular file (control)" 'echo x >f; z report f -q; ex 2'

# ---------------------------------------------------------------------------
# The runner.

cleanup_case() {
    local p m
    [ -f "$L/pids" ] && while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$L/pids"
    [ -f "$L/mounts" ] && while read -r m; do umount -l "$m" 2>/dev/null; done <"$L/mounts"
}
trap 'for L in "$ROOT"/*/.log; do [ -d "$L" ] && cleanup_case; done' EXIT

if [ "${1:-}" = --list ]; then
    for i in "${!IDS[@]}"; do printf '%-40s %s\n' "${IDS[$i]}" "${DESCS[$i]}"; done
    rm -rf -- "$ROOT"; exit 0
fi

pass=0 failn=0 skipn=0 failed=()
for i in "${!IDS[@]}"; do
    id=${IDS[$i]} desc=${DESCS[$i]} body=${BODIES[$i]}
    if [ $# -gt 0 ]; then match=0; for p in "$@"; do [[ $id == $p ]] && match=1; done; [ $match -eq 1 ] || continue; fi
    S=$ROOT/$id W=$ROOT/$id/work L=$ROOT/$id/.log
    mkdir -p "$W/tests/hostile" "$L"
    cp -r "$REPO/scenarios" "$W/" && cp -r "$HERE/cases" "$W/tests/hostile/"
    : >"$L/fail"
    export S W L
    ( cd "$W" && ulimit -c 0 && ulimit -v 4194304 && eval "$body" ) </dev/null >"$L/body.out" 2>"$L/body.err"
    cleanup_case
    # global checks: canary, writes beside the working folder
    while IFS= read -r f; do fail "canary created: ${f#$S/}"; done < <(find "$S" -name 'PWNED*' 2>/dev/null)
    while IFS= read -r f; do fail "wrote outside the working folder: ${f#$ROOT/}"; done < <(find "$S" -mindepth 1 -maxdepth 1 ! -name work ! -name .log)
    while IFS= read -r f; do fail "wrote outside the case folder: ${f#$ROOT/}"; done < <(
        find "$ROOT" -mindepth 1 -maxdepth 1 ! -name bin | while read -r e; do
            n=${e##*/}; printf '%s\n' "${IDS[@]}" | grep -qxF -- "$n" || echo "$e"; done)
    if [ -s "$L/skip" ]; then
        printf 'SKIP %s %s: %s\n' "$id" "$desc" "$(head -n 1 "$L/skip")"; skipn=$((skipn + 1))
    elif [ -s "$L/fail" ]; then
        printf 'FAIL %s %s: %s\n' "$id" "$desc" "$(awk '!seen[$0]++' "$L/fail" | head -n 3 | paste -sd';' - | sed 's/;/; /g')"
        failn=$((failn + 1)); failed+=("$id")
    else
        printf 'ok   %s %s\n' "$id" "$desc"; pass=$((pass + 1))
    fi
    # stray outputs beside the case folders are removed so the next case starts clean
    find "$ROOT" -mindepth 1 -maxdepth 1 ! -name bin | while read -r e; do
        n=${e##*/}; printf '%s\n' "${IDS[@]}" | grep -qxF -- "$n" || rm -rf -- "$e"; done
    [ -n "${HOSTILE_KEEP:-}" ] || { chmod -R u+w "$S" 2>/dev/null; rm -rf -- "$S"; }
done

echo
echo "$pass ok, $failn failed, $skipn skipped ($((pass + failn + skipn)) cases; binary $BIN)"
[ $failn -eq 0 ] || echo "failed: ${failed[*]}"
[ -n "${HOSTILE_KEEP:-}" ] && echo "case folders kept in $ROOT" || rm -rf -- "$ROOT"
[ $failn -eq 0 ]
