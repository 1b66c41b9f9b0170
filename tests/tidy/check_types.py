#!/usr/bin/env python3
"""check_types.py: every output zonesim writes, read as a pandas or R user reads it.

    python3 tests/tidy/check_types.py ./zonesim      (make check-tidy)

Runs a short run (with --monitor), a compare, a sweep over a listed (non-numeric)
value and a search into a temporary folder, then loads each CSV with the csv module
and each JSON with the json module and checks: the long kpis.csv's columns and
types, each KPI's unit against `zonesim kpis`, numbers that parse as numbers,
whole numbers where counts and ids are, one spelling of booleans (true/false,
never yes/no or 1/0), and text values without JSON quotes around them.
Exit 0 when all hold; the first failures are printed otherwise.
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

BOOL = {"true", "false"}
failures = []


def fail(msg):
    failures.append(msg)


def number(s):
    try:
        return float(s)
    except ValueError:
        return None


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        fail(f"{path}: empty")
        return [], []
    return rows[0], rows[1:]


def codebook(z):
    out = subprocess.run([z, "kpis"], capture_output=True, text=True, check=True).stdout
    fixed, families = {}, []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, unit = parts[0], parts[1]
        if "<" in name:
            families.append((name[: name.index("<")], name[name.index(">") + 1:], unit))
        else:
            fixed[name] = unit
    return fixed, families


def unit_of(kpi, fixed, families):
    if kpi in fixed:
        return fixed[kpi]
    for pre, post, unit in families:
        if kpi.startswith(pre) and kpi.endswith(post) and len(kpi) > len(pre) + len(post):
            return unit
    return None


def check_long(path, fixed, families, point_expected):
    head, rows = read_csv(path)
    if head != ["scenario", "point", "replication", "kpi", "value", "unit"] or not rows:
        fail(f"{path}: header {head}, {len(rows)} rows")
        return
    for r in rows:
        scen, point, rep, kpi, value, unit = r
        if not scen:
            fail(f"{path}: a row without its scenario")
        if point_expected is False and point:
            fail(f"{path}: point {point!r} in a run")
        if point_expected is True and not point.isdigit():
            fail(f"{path}: point {point!r} is not a point's number")
        if not rep.isdigit():
            fail(f"{path}: replication {rep!r} is not a whole number")
        if value and (number(value) is None or not math.isfinite(number(value))):
            fail(f"{path}: {kpi} value {value!r} is not a number")
        want = unit_of(kpi, fixed, families)
        if want is None:
            fail(f"{path}: KPI {kpi} is not in the codebook")
        elif unit != want:
            fail(f"{path}: {kpi} has unit {unit!r}, the codebook {want!r}")
        if len(failures) > 20:
            return


def check_numeric_table(path, text_columns=()):
    head, rows = read_csv(path)
    if not rows:
        fail(f"{path}: no rows")
    for r in rows:
        if len(r) != len(head):
            fail(f"{path}: a row of {len(r)} fields, the header has {len(head)}")
            return
        for k, v in zip(head, r):
            if k in text_columns:
                continue
            if v in ("yes", "no"):
                fail(f"{path}: {k} = {v!r}: booleans are true/false")
            elif v not in BOOL and v != "" and number(v) is None:
                fail(f"{path}: {k} = {v!r} is not a number")
    return head, rows


def check_text_cells(path, columns):
    head, rows = read_csv(path)
    for r in rows:
        for k, v in zip(head, r):
            if k in columns and len(v) >= 2 and v[0] == '"' and v[-1] == '"':
                fail(f"{path}: {k} = {v!r} carries JSON quotes")


def check_bools(path, columns):
    head, rows = read_csv(path)
    for r in rows:
        for k, v in zip(head, r):
            if k in columns and v not in BOOL:
                fail(f"{path}: {k} = {v!r}: expected true or false")


def walk_json(path, node, where=""):
    if isinstance(node, dict):
        for k, v in node.items():
            walk_json(path, v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node[:50]):
            walk_json(path, v, f"{where}[{i}]")
    elif isinstance(node, str) and node in ("yes", "no") and not where.endswith(("description", "name")):
        fail(f"{path}: {where} = {node!r}: booleans are true/false")
    elif isinstance(node, float) and not math.isfinite(node):
        fail(f"{path}: {where} is not finite")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    walk_json(path, j)
    return j


def main():
    z = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./zonesim")
    fixed, families = codebook(z)
    short = ["--set", "horizon_days=20", "--set", "warmup_days=2", "-r", "2", "-q", "--force"]
    with tempfile.TemporaryDirectory(prefix="zonesim-tidy-") as d:
        def run(*args):
            p = subprocess.run([z, *args], capture_output=True, text=True)
            if p.returncode != 0:
                fail(f"zonesim {' '.join(args)}: exit {p.returncode}: {p.stderr[-500:]}")
            return p.returncode == 0

        base = "scenarios/hetao_baseline.json"
        if run("run", base, *short, "-o", f"{d}/run", "--monitor", f"{d}/mon"):
            check_long(f"{d}/run/kpis.csv", fixed, families, False)
            check_numeric_table(f"{d}/run/replications.csv")
            s = load_json(f"{d}/run/summary.json")
            for k in ("seed", "replications"):
                if not isinstance(s.get(k), int):
                    fail(f"summary.json: {k} = {s.get(k)!r} is not a whole number")
            for name, v in s.get("kpis", {}).items():
                if unit_of(name, fixed, families) is None:
                    fail(f"summary.json: KPI {name} is not in the codebook")
                if v.get("unit") is not None and v["unit"] != unit_of(name, fixed, families):
                    fail(f"summary.json: {name} unit {v['unit']!r}")
            mon = load_json(f"{d}/mon/monitor.json")
            texts = {"consignments": {"flow", "owner", "origin", "category", "declared_category", "route", "exit",
                                      "noncompliance"},
                     "crossings": {"flow", "direction"}, "taxes": {"flow", "origin", "category"}, "resources": set()}
            bools = {"consignments": {"exempt_on_entry", "found", "measured"}, "crossings": {"measured"},
                     "taxes": {"measured"}, "resources": {"measured"}}
            for name in texts:
                p = f"{d}/mon/{name}.csv"
                check_numeric_table(p, texts[name] | bools[name])
                check_bools(p, bools[name])
                check_text_cells(p, texts[name])
            if not isinstance(mon, dict):
                fail("monitor.json is not an object")
        if run("compare", base, "scenarios/hetao_l2_extra_lane.json", *short, "-o", f"{d}/cmp"):
            check_numeric_table(f"{d}/cmp/compare.csv", {"kpi", "unit", "alternative"})
            check_bools(f"{d}/cmp/compare.csv", {"significant"})
            c = load_json(f"{d}/cmp/compare.json")
            for side in ("base", "alt"):
                check_long(f"{d}/cmp/{side}/kpis.csv", fixed, families, None)

            def sig(node):
                if isinstance(node, dict):
                    for k, v in node.items():
                        if k == "significant" and not isinstance(v, bool):
                            fail(f"compare.json: significant = {v!r} is not a boolean")
                        sig(v)
                elif isinstance(node, list):
                    for v in node:
                        sig(v)
            sig(c)
        if run("sweep", base, "--vary", 'lines.second_line.open=["08:00","22:00"],"24h"', *short, "-o", f"{d}/sw"):
            check_numeric_table(f"{d}/sw/sweep.csv", {"lines.second_line.open"})
            check_text_cells(f"{d}/sw/sweep.csv", {"lines.second_line.open"})
            load_json(f"{d}/sw/sweep.json")
            check_long(f"{d}/sw/kpis.csv", fixed, families, True)
        if run("search", base, "--vary", "lines.second_line.lanes=3..4", "--target", "l2_time_mean_min<=300",
               *short, "-o", f"{d}/se"):
            check_numeric_table(f"{d}/se/search.csv", {"kpi", "direction", "target_verdict", "verdict", "role"})
            check_text_cells(f"{d}/se/search.csv", {"kpi", "verdict", "role"})
            load_json(f"{d}/se/search.json")
            check_long(f"{d}/se/kpis.csv", fixed, families, True)
    for m in failures[:20]:
        print("FAIL", m)
    print(f"check_types: {'ok' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
