#!/usr/bin/env bash
# update_kpi_docs.sh [ZONESIM]: rewrite the KPI table of docs/outputs.md (between
# its kpis:begin and kpis:end markers) from `zonesim kpis --markdown`, the
# program's own KPI table.  A test fails when the page and the program differ.
set -euo pipefail
cd "$(dirname "$0")/.."
z=${1:-./zonesim}
table=$(mktemp)
trap 'rm -f "$table" docs/outputs.md.new' EXIT
"$z" kpis --markdown > "$table"
awk -v t="$table" '
    /<!-- kpis:begin -->/ { print; while ((getline line < t) > 0) print line; skip = 1; next }
    /<!-- kpis:end -->/ { skip = 0 }
    !skip { print }' docs/outputs.md > docs/outputs.md.new
mv docs/outputs.md.new docs/outputs.md
