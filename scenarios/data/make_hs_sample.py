#!/usr/bin/env python3
"""make_hs_sample.py: writes the sample tariff schedule and trade tables beside it.

    python3 scenarios/data/make_hs_sample.py            # rewrites the three CSV files

Deterministic (a fixed seed): running it again gives the same bytes.  The files
show every column zonesim reads (docs/tariff.md) on commodity codes laid out as
the Harmonized System is (chapter, heading, subheading, 8-digit national line).
EVERY RATE IS ILLUSTRATIVE unless a line's description says "(rate: docs/sources.md
§2.9)": those follow the published examples listed there (car parts 6% MFN, high-end
cosmetics CT 15%, high-grade watches CT 20%, most IT products 0%, VAT 13%).  The
descriptions are generic, not the tariff's wording; provisional, agreement and
general rates are invented to exercise the rule, not taken from any schedule.
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261202)

# (chapter, what, mfn range in %, vat, extras)
CHAPTERS = [
    ("28", "inorganic chemicals", (3, 6.5), 0.13, {}),
    ("29", "organic chemicals", (2, 6.5), 0.13, {}),
    ("30", "pharmaceutical products", (0, 6), 0.13, {}),
    ("33", "cosmetics and toiletries", (1, 6.5), 0.13, {"ct": 0.15}),
    ("38", "chemical products, reagents", (3, 6.5), 0.13, {"tags": "research"}),
    ("72", "iron and steel, ferroalloys", (1, 4), 0.13, {"export_duty": 0.20, "export_refund": 0}),
    ("84", "machinery", (0, 10), 0.13, {"export_refund": 0.13}),
    ("85", "electrical and electronic equipment", (0, 10), 0.13, {"export_refund": 0.13}),
    ("87", "vehicles and parts", (6, 15), 0.13, {}),
    ("90", "optical, measuring and medical instruments", (0, 8), 0.13, {"supervision_years": 3}),
    ("91", "clocks and watches", (8, 14), 0.13, {}),
    ("24", "tobacco", (10, 25), 0.13, {}),
]


# headings of the lines below that carry the published examples or a feature
REAL_HEADINGS = {"85": {17, 28}, "84": {71}, "90": {11, 27}, "33": {4}, "91": {1}, "87": {8}, "38": {22},
                 "72": {2}, "24": {2}}


def pct(x):
    return f"{x:.4g}%" if x else "0"


def lines():
    out = []
    for ch, what, (lo, hi), vat, extra in CHAPTERS:
        for h in sorted(set(range(1, 9)) | REAL_HEADINGS.get(ch, set())):  # headings
            for s in range(1, 5):           # subheadings
                for n in (10, 90):          # national lines
                    code = f"{ch}{h:02d}{s}0{n:02d}"
                    mfn = round(rng.uniform(lo, hi) * 2) / 2
                    row = {"code": code, "description": f"{what}, heading {ch}{h:02d}, line {s}{n:02d} (illustrative)",
                           "mfn": pct(mfn), "vat": vat}
                    if mfn > 2 and rng.random() < 0.15:
                        row["provisional"] = pct(round(mfn * rng.choice([0, 0.5]) * 2) / 2)
                    row["general"] = pct(round(min(max(mfn * 4, 14), 100)))
                    if mfn > 0 and rng.random() < 0.7:
                        row["agreement:CEPA"] = "0"
                    if mfn > 0 and rng.random() < 0.5:
                        row["agreement:RCEP"] = pct(round(mfn * 0.6 * 2) / 2)
                    for k in ("ct", "export_duty", "export_refund", "supervision_years"):
                        if k in extra:
                            row[k] = extra[k]
                    if "tags" in extra:
                        row["tags"] = extra["tags"]
                    out.append(row)
    by = {r["code"]: r for r in out}
    # the published examples of docs/sources.md §2.9
    by["87081010"].update(mfn="6%", description="car parts: bumpers (rate: docs/sources.md §2.9)")
    by["87082010"].update(mfn="6%", description="car parts: body parts (rate: docs/sources.md §2.9)")
    by["33041010"].update(mfn="2.9%", ct=0.15, description="high-end cosmetics (rate: docs/sources.md §2.9)")
    by["91011010"].update(mfn="8%", ct=0.20, description="high-grade wrist watches (rate: docs/sources.md §2.9)")
    for code in ("85171010", "85171090", "84711010", "84711090"):
        by[code].update(mfn="0", description="IT products under the Information Technology Agreement "
                        "(rate: docs/sources.md §2.9)")
        by[code].pop("agreement:CEPA", None)
        by[code].pop("agreement:RCEP", None)
        by[code].pop("provisional", None)
    # a compound duty, a specific provisional rate and a price-threshold CT (illustrative)
    by["85281010"].update(mfn="10%", mfn_per_unit=200, description="video monitors, compound duty (illustrative)")
    by["85281090"].update(provisional="", provisional_per_unit=150,
                          description="video monitors, specific provisional rate (illustrative)")
    by["24021010"].update(mfn="25%", ct=0.36, ct_per_unit=0.6, ct_threshold_price=70, ct_rate_at_or_above=0.56,
                          description="cigarettes, per carton: CT 56% at or above 70 CNY, else 36% (illustrative)")
    # research goods on two lists at once
    for code in ("90271010", "90272010", "90111010"):
        by[code].update(tags="research;self_use_equipment", supervision_years=3,
                        description=f"research instruments, heading {code[:4]} (illustrative)")
    by["38221010"].update(tags="research", description="diagnostic and laboratory reagents, "
                          "\"kits\" (illustrative)")
    return out


COLUMNS = ["code", "description", "mfn", "mfn_per_unit", "provisional", "provisional_per_unit", "general",
           "agreement:CEPA", "agreement:RCEP", "vat", "ct", "ct_per_unit", "ct_threshold_price",
           "ct_rate_at_or_above", "export_duty", "export_refund", "supervision_years", "tags"]


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def main():
    sched = lines()
    write("hs_sample_schedule.csv", COLUMNS, sched)
    codes = [r["code"] for r in sched]
    # bonded trade by origin: counts of consignments a year (illustrative)
    pick = {"HK": ("85", "84", "90", "33", "91", "87"), "KR": ("85", "84", "87", "33"), "US": ("84", "85", "90", "30", "87")}
    # mean customs value of a consignment by chapter (illustrative), jittered by line; some
    # rows leave it empty and keep the flow's mean
    value = {"85": 120000, "84": 250000, "90": 300000, "33": 60000, "91": 200000, "87": 180000, "30": 90000}
    rows = []
    for origin, chapters in pick.items():
        for c in codes:
            if c[:2] in chapters and rng.random() < 0.35:
                v = "" if rng.random() < 0.15 else round(value[c[:2]] * rng.uniform(0.6, 1.4), -2)
                rows.append({"code": c, "origin": origin, "consignments": rng.randint(1, 400),
                             "value_cny": f"{v:.0f}" if v != "" else ""})
    write("hs_sample_trade.csv", ["code", "origin", "consignments", "value_cny"], rows)
    research = [c for c in codes if c.startswith(("9027", "9011", "3822"))]
    w = [rng.randint(1, 10) for _ in research]
    tot = sum(w)
    shares = [round(x / tot, 6) for x in w]
    shares[-1] = round(1 - sum(shares[:-1]), 6)
    write("hs_sample_trade_research.csv", ["code", "share"],
          [{"code": c, "share": f"{s:.6f}"} for c, s in zip(research, shares)])
    mainland = [{"code": c, "consignments": rng.randint(1, 100)} for c in codes if c.startswith(("7202", "8517", "8471"))]
    write("hs_sample_trade_mainland.csv", ["code", "consignments"], mainland)


if __name__ == "__main__":
    main()
