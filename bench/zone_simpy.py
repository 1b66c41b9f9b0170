#!/usr/bin/env python3
"""zone_simpy: the zone that zonesim simulates, written in SimPy -- the yardstick for
`ratio zone_year vs zone_simpy` in `make bench`.

What it models (the same flow as models/zone/journey.c, read from the same scenario file):
  - flows of consignments: Poisson arrivals with the 24-hour profile by thinning; goods
    category by share; customs value, quantity and dwell from the distribution specs;
    route by share; processing into a product for a share of a flow with "processing";
  - the first line (zone - abroad) and the second line (zone - mainland), each with
    lanes and inspection bays that keep opening hours (no new service starts while
    closed; what is under way finishes): declaration at a lane, risk-based inspection
    with probability 1 - (1 - p_owner)(1 - p_category) (first-line entries and every
    second-line crossing; re-exports leave uninspected), taxes due at the line, a
    payment step when tax > 0, release;
  - taxes as models/tax/{tax,regime,taxpoint}.c: duty ad valorem + per unit (+ origin
    extra), consumption tax on the composite price (with the threshold rule), VAT on
    CV + duty + CT, every item rounded to the fen (half away from zero); exemptions
    by owner, category, tags, point and value added; de minimis; selective tariff on
    processed goods; export duty and refund on entry for mainland goods; postal tax
    on personal articles; the demand response of flows with "demand";
  - import taxes where the regime puts them (second line in hetao, first line in the
    conventional regime), on goods used up in the zone, and back-payment when a
    transfer loses an exemption (then a second dwell and the mainland);
  - mainland goods entering through the second line (export duty, refund) and leaving
    by their route;
  - policy changes (each phase's regime, tariff, flows and lines take over at `at`);
  - the ledger: tax by kind (duty, ct, vat, export_duty, refund) in integer fen, by
    category and owner, forgone by exemption, deferral NPV, line times and waits (mean
    and the same log-bucket p50/p90 sketch), lane and bay utilisation, dwell, bonded
    stock and consignments in the zone (time averages), warm-up as in the scenario.

What it simplifies (none of it changes the work per consignment much):
  - its own random numbers (Python's Mersenne Twister, one stream per flow and per line
    named as in journey.c), so the results match zonesim in distribution, not bit for bit;
  - `"warmup": "auto"` (MSER-5 and a second pass in zonesim) is taken as no warm-up;
  - no --set, no replications (one run, replication 0), no report detail, no trace;
  - light validation: run `zonesim validate FILE` for the real checks.
  - the tax rules as they stood when it was written: exact money in integer fen, but not
    the later practice (re-export relief, export refunds at each line's rate, back-payment
    on depreciated value, de minimis per tax, opt-outs); the work per consignment is the
    same order, and its revenue figures are not zonesim's.

Engines: SimPy 3/4 (`import simpy`) if installed, else Debian's python3-simpy (SimPy 2.3,
`from SimPy.Simulation import ...`), as bench/mm1_simpy.py.  Both are written the way
their documentation teaches: a process per consignment and per flow, resources with a
queue; opening hours by a resource subclass that grants nothing while closed and a
clock process per resource.

Output: one line on stdout in the benchmarks' format,
  bench zone_simpy events=N customers=N seconds=S events_per_sec=R customers_per_sec=R peak_rss_kb=K
with customers = consignments that arrived, seconds = CPU time of the simulation alone
(time.process_time() around the run: not loading the scenario), and events = SimPy
events processed, counted without touching the loop: the engine's own counter of
scheduled events (SimPy 3/4: Environment._eid; SimPy 2: Simulation._sortpr) less those
still pending at the end.  SimPy counts every request grant, release, process start and
end as an event, where zonesim schedules only service ends, dwells and arrivals, so
compare the two on customers_per_sec.  The KPIs go to stderr.

Usage:
  bench/zone_simpy.py [SCENARIO] [--horizon-days D] [--warmup-days D] [--seed S] [--engine auto|3|2]
  (SCENARIO defaults to scenarios/hetao_baseline.json)
  /usr/bin/python3 bench/zone_simpy.py scenarios/bench/zone_heavy.json --horizon-days 365 --warmup-days 0
    does the work of bench_zone's zone_year."""
import argparse
import bisect
import copy
import json
import math
import os
import random
import re
import resource
import sys
import time

MIN_PER_DAY = 1440.0
MIN_PER_YEAR = 365.0 * 1440.0
NAN = float("nan")

# Routes, points and taxes, in zonesim's order.
MAINLAND, REEXPORT, CONSUMED, TRANSFER = range(4)
ROUTE_NAMES = ("to_mainland", "re_export", "consumed_in_zone", "transferred")
FIRST_LINE, ZONE, SECOND_LINE, TRANSFER_PT = range(4)
POINT_NAMES = ("first_line", "zone", "second_line", "transfer")
DUTY, CT, VAT, EXPORT_DUTY, REFUND = range(5)
TAX_NAMES = ("duty", "ct", "vat", "export_duty", "refund")
EXIT_MAINLAND, EXIT_REEXPORT, EXIT_CONSUMED = range(3)


class ScenarioError(Exception):
    pass


# ---- loading: extends, merge (models/scenario/resolve.c) ----

def named_array(a):
    return isinstance(a, list) and a and all(isinstance(e, dict) and isinstance(e.get("name"), str) for e in a)


def merge_into(base, over):
    """Objects merge key by key; arrays of named objects (flows, exemptions) merge by name
    ({"name": N, "remove": true} removes one, a new name is appended); anything else in
    `over` replaces what `base` has."""
    for k, v in over.items():
        b = base.get(k)
        if isinstance(b, dict) and isinstance(v, dict):
            merge_into(b, v)
        elif named_array(b) and named_array(v):
            for e in v:
                old = next((x for x in b if x["name"] == e["name"]), None)
                if e.get("remove") is True:
                    if old is None:
                        raise ScenarioError(f"{k}: \"{e['name']}\" is removed, but no file it extends has it")
                    b.remove(old)
                elif old is not None:
                    merge_into(old, e)
                else:
                    b.append(copy.deepcopy(e))
        else:
            base[k] = copy.deepcopy(v)


def load_tree(path, chain=()):
    if path in chain:
        raise ScenarioError(f"{path}: extends itself through a cycle")
    if len(chain) >= 16:
        raise ScenarioError(f"{path}: more than 16 levels of \"extends\"")
    with open(path, encoding="utf-8") as fh:
        root = json.load(fh)
    if not isinstance(root, dict):
        raise ScenarioError(f"{path}: a scenario must be a JSON object")
    ext = root.pop("extends", None)
    if ext is None:
        return root
    if isinstance(ext, str):
        ext = [ext]
    base = None
    for target in ext:
        b = load_tree(target if os.path.isabs(target) else os.path.join(os.path.dirname(path) or ".", target),
                      chain + (path,))
        if base is None:
            base = b
        else:
            merge_into(base, b)
    merge_into(base, root)
    return base


def apply_set(root, path, value):
    """One PATH=VALUE override, as --set and policy_changes apply it (array elements by index or name)."""
    node, keys = root, path.split(".")
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, list):
            ix = int(key) if re.fullmatch(r"-?\d+", key) else next(
                (j for j, e in enumerate(node) if isinstance(e, dict) and e.get("name") == key), None)
            if ix is None or not -len(node) <= ix < len(node):
                raise ScenarioError(f"set {path}: no element \"{key}\" in that array")
            if last:
                node[ix] = value
                return
            node = node[ix]
        elif isinstance(node, dict):
            if last:
                if value is None:
                    node.pop(key, None)
                else:
                    node[key] = value
                return
            node = node.setdefault(key, {})
        else:
            raise ScenarioError(f"set {path}: \"{key}\" is inside a value that is not an object or array")


# ---- durations, rates, clock times, distributions (models/scenario/json_in.c, sim/dist.c) ----

UNITS = {"s": 1 / 60, "sec": 1 / 60, "min": 1, "m": 1, "h": 60, "hour": 60, "hours": 60,
         "d": 1440, "day": 1440, "days": 1440, "w": 10080}
DURATION_RE = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?) *(\w*)")


def duration(v, what="duration"):
    """Minutes from a number of minutes or a string like "90 s", "6 min", "2 h", "20 d"."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    m = DURATION_RE.fullmatch(v) if isinstance(v, str) else None
    if not m or m.group(2) not in UNITS:
        raise ScenarioError(f"{what}: {v!r}: expected minutes or a string like \"6 min\" (units s, min, h, d, w)")
    return float(m.group(1)) * UNITS[m.group(2)]


def fraction(v, what="rate"):
    """A rate: a number, or a percentage like "6%"."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    m = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?) *%", v) if isinstance(v, str) else None
    if not m:
        raise ScenarioError(f"{what}: {v!r}: expected a fraction (a number, or a percentage like \"6%\")")
    return float(m.group(1)) / 100


def clock(s):
    m = re.fullmatch(r"(\d\d):(\d\d)", s) if isinstance(s, str) else None
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59 or (int(m.group(1)) == 24 and int(m.group(2))):
        raise ScenarioError(f"open: {s!r}: expected \"HH:MM\"")
    return int(m.group(1)) * 60 + int(m.group(2))


def dist_spec(v, durations, what):
    """A distribution spec as a tuple (kind, parameters...) from its JSON."""
    if not isinstance(v, dict):
        x = duration(v, what) if durations else v
        if not isinstance(x, (int, float)) or x < 0:
            raise ScenarioError(f"{what}: expected a distribution object or a constant >= 0")
        return ("constant", float(x))

    def p(key, default=None):
        if key not in v:
            if default is None:
                raise ScenarioError(f"{what}.{key}: missing")
            return default
        return duration(v[key], f"{what}.{key}") if durations else float(v[key])

    kind = v.get("dist")
    if kind == "constant":
        return ("constant", p("value"))
    if kind == "exponential":
        if p("mean") <= 0:
            raise ScenarioError(f"{what}.mean: a finite value > 0 is required")
        return ("exponential", p("mean"))
    if kind == "uniform":
        return ("uniform", p("min"), p("max"))
    if kind == "triangular":
        return ("triangular", p("min"), p("mode"), p("max"))
    if kind == "lognormal":  # by mean and sd of the variable itself
        mean, sd = p("mean"), p("sd")
        if sd == 0:
            return ("constant", mean)
        s2 = math.log1p(sd * sd / (mean * mean))
        return ("lognormal", math.log(mean) - s2 / 2, math.sqrt(s2))
    if kind == "gamma":  # by mean and coefficient of variation: shape 1/cv^2, scale mean cv^2
        mean, cv = p("mean"), float(v.get("cv", 1))
        if cv == 0:
            return ("constant", mean)
        return ("gamma", 1 / (cv * cv), mean * cv * cv)
    if kind == "empirical":
        vals = [duration(x, what) if durations else float(x) for x in v["values"]]
        ws = [float(w) for w in v.get("weights", [1] * len(vals))]
        return ("empirical", vals, ws)
    raise ScenarioError(f"{what}.dist: unknown distribution {kind!r}")


def sampler(spec, rng):
    """A function of no argument drawing from spec with the stream rng."""
    kind = spec[0]
    if kind == "constant":
        x = spec[1]
        return lambda: x
    if kind == "exponential":
        lam, f = 1 / spec[1], rng.expovariate
        return lambda: f(lam)
    if kind == "uniform":
        a, b, f = spec[1], spec[2], rng.uniform
        return lambda: f(a, b)
    if kind == "triangular":
        lo, mode, hi, f = spec[1], spec[2], spec[3], rng.triangular
        return lambda: f(lo, hi, mode)
    if kind == "lognormal":
        mu, sigma, f = spec[1], spec[2], rng.lognormvariate
        return lambda: f(mu, sigma)
    if kind == "gamma":
        k, theta, f = spec[1], spec[2], rng.gammavariate
        return lambda: f(k, theta)
    vals, cum = spec[1], []
    acc = 0.0
    for w in spec[2]:
        acc += w
        cum.append(acc)
    last, u = len(vals) - 1, rng.random
    return lambda: vals[min(bisect.bisect_right(cum, u() * acc), last)]


# ---- the scenario as plain data (models/scenario/{scenario,scenario_flow,read_*,policy}.c) ----

class Obj:
    """An attribute bag for configuration."""
    def __init__(self, **kw):
        self.__dict__.update(kw)


def levy(o, key):
    v = o.get(key)
    if v is None:
        return 0.0, 0.0, None
    if not isinstance(v, dict):
        return fraction(v, key), 0.0, None
    av = fraction(v.get("ad_valorem", 0), key)
    t = v.get("threshold")
    thr = None if t is None else Obj(price=float(t["price_per_unit"]), rate=fraction(t["rate_at_or_above"]),
                                     basis=fraction(t.get("basis_rate", av)))
    return av, float(v.get("per_unit", 0)), thr


def names(v):
    return [] if v is None else [v] if isinstance(v, str) else list(v)


def read_tariff(root):
    cats = []
    for name, o in root["tariff"]["categories"].items():
        duty_av, duty_pu, _ = levy(o, "duty")
        ct_av, ct_pu, thr = levy(o, "ct")
        ex_av, ex_pu, _ = levy(o, "export_duty")
        cats.append(Obj(name=name, duty_av=duty_av, duty_pu=duty_pu, ct_av=ct_av, ct_pu=ct_pu, thr=thr,
                        ex_av=ex_av, ex_pu=ex_pu, vat=fraction(o.get("vat", 0), "vat"),
                        extra={k: fraction(x, "origin_extra") for k, x in o.get("origin_extra", {}).items()},
                        tags=set(names(o.get("tags")))))
    return cats


def read_regime(o):
    def point(key):
        return SECOND_LINE if o.get(key, "second_line") == "second_line" else FIRST_LINE
    ex = []
    for e in o.get("exemptions", []):
        ex.append(Obj(name=e["name"], owners=set(names(e["owners"])), categories=set(names(e.get("categories"))),
                      tags=names(e.get("tags")), taxes={TAX_NAMES.index(t) for t in names(e["taxes"])},
                      points={POINT_NAMES.index(p) for p in names(e["at"])},
                      min_va=fraction(e["min_value_added"]) if "min_value_added" in e else None))
    sel = o.get("selective_tariff", "none")
    return Obj(name=o["name"], import_tax_at=point("import_tax_at"), export_duty_at=point("export_duty_at"),
               second_line_control=bool(o.get("second_line_control", True)),
               back_payment=bool(o.get("back_payment_on_transfer", True)),
               de_minimis_cny=float(o.get("de_minimis_cny", 0)), refund_on_entry=bool(o.get("refund_on_entry", False)),
               selective=None if sel == "none" else sel, ex=ex)


def read_flow(o, cat_ix):
    def cat(name):
        if name not in cat_ix:
            raise ScenarioError(f"flow {o.get('name')}: category {name!r} is not in tariff.categories")
        return cat_ix[name]
    hourly, hmax = [1.0] * 24, 1.0
    if "hourly_profile" in o:
        prof = [float(x) for x in o["hourly_profile"]]
        total = sum(prof)
        hourly = [x * 24 / total for x in prof]  # mean 1, so rate_per_day stays the daily mean
        hmax = max(hourly)
    shares = o["categories"]
    f = Obj(name=o["name"], from_mainland=o.get("origin", "abroad") == "mainland", owner=o["owner"],
            origin_country=o.get("origin_country") or None, transfer_owner=o.get("transfer_owner", "ordinary"),
            rate_per_min=float(o["rate_per_day"]) / MIN_PER_DAY, hourly=hourly, hourly_max=hmax,
            cats=[cat(k) for k in shares], cat_pick=("empirical", list(range(len(shares))),
                                                     [float(x) for x in shares.values()]),
            value=dist_spec(o.get("value_cny", 0), False, "value_cny"),
            quantity=dist_spec(o.get("quantity", 1), False, "quantity"),
            dwell=dist_spec(o["dwell"], True, "dwell"),
            route=[float(o["route"].get(r, 0)) for r in ROUTE_NAMES],
            processing=None, personal=None, demand=None)
    if "processing" in o:
        p = o["processing"]
        f.processing = Obj(share=float(p["share"]), product=cat(p["product"]),
                           domestic_share=float(p.get("domestic_share", 0)),
                           value_added=dist_spec(p.get("value_added", 0), False, "value_added"))
    if "personal" in o:
        p = o["personal"]
        f.personal = Obj(rate=float(p["postal_rate"]), allowance=float(p.get("allowance_cny", 0)),
                         waiver=float(p.get("waiver_cny", 50)))
    if "demand" in o:
        f.demand = Obj(elasticity=float(o["demand"]["elasticity"]),
                       reference=float(o["demand"].get("reference_tax_rate", 0)))
    return f


def read_line(o, required, what):
    if o is None:
        if required:
            raise ScenarioError(f"lines.{what}: missing")
        o = {"lanes": 1}
    hours = None
    v = o.get("open")
    if v is not None and v != "24h":
        a, b = clock(v[0]), clock(v[1])
        if not (a == 0 and b == 1440):
            a, b = a % 1440, b % 1440
            if a == b:
                raise ScenarioError(f"lines.{what}.open: opening and closing times are equal")
            hours = (a, b)
    insp = o.get("inspection")
    insp_time = ("constant", 0.0) if insp is None else dist_spec(insp.get("time", 0), True, "inspection.time")
    insp = insp or {}
    return Obj(lanes=int(o["lanes"]), hours=hours, service=dist_spec(o.get("service", 0), True, "service"),
               bays=int(insp.get("bays", 1)), insp_time=insp_time, rate=float(insp.get("rate", 0)),
               by_owner={k: float(x) for k, x in insp.get("by_owner", {}).items()},
               by_category={k: float(x) for k, x in insp.get("by_category", {}).items()},
               payment=dist_spec(o["payment"], True, "payment") if "payment" in o else None)


def read_scenario(root):
    cats = read_tariff(root)
    cat_ix = {c.name: i for i, c in enumerate(cats)}
    rg = read_regime(root["regime"])
    horizon = float(root.get("horizon_days", 365)) * MIN_PER_DAY
    warmup = float(root.get("warmup_days", 0)) * MIN_PER_DAY
    w = root.get("warmup")
    if w is not None and w != "auto":
        warmup = duration(w, "warmup")
    s = Obj(name=root.get("name", "unnamed"), horizon=horizon, warmup=warmup, warmup_auto=w == "auto",
            seed=int(root.get("seed", 1)), cats=cats, regime=rg,
            flows=[read_flow(o, cat_ix) for o in root["flows"]],
            l1=read_line(root["lines"].get("first_line"), True, "first_line"),
            l2=read_line(root["lines"].get("second_line"), rg.second_line_control, "second_line"),
            discount=fraction(root.get("economics", {}).get("discount_rate_annual", 0.03)), phases=[])
    for f in s.flows:  # the demand response: arrival rates scaled by the tax the regime puts on the goods
        if f.demand:
            t = expected_tax_rate(s, f)
            f.rate_per_min *= ((1 + t) / (1 + f.demand.reference)) ** f.demand.elasticity
    return s


def load_scenario(path):
    root = load_tree(path)
    s = read_scenario(root)
    changes = root.get("policy_changes") or []
    tree = copy.deepcopy(root)
    tree.pop("policy_changes", None)
    for ch in changes:  # each phase: the previous one with this change's "set" applied
        for k, v in ch["set"].items():
            apply_set(tree, k, copy.deepcopy(v))
        s.phases.append((duration(ch["at"], "policy_changes.at"), read_scenario(copy.deepcopy(tree))))
    return s


# ---- taxes (models/tax/tax.c, regime.c; where they fall: taxpoint.c): pure functions on integer fen ----

def fen(cny):
    """CNY to fen, half away from zero (nudged so that 13.65 stored as 13.6499... rounds up)."""
    x = cny * 100.0
    x += abs(x) * 1e-12 if x >= 0 else -abs(x) * 1e-12
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def assess_import(tl, cv_fen, qty, origin, no_duty=False):
    """[duty, ct, vat, 0, 0] in fen; no_duty: the line with its duty (and origin extras) removed."""
    cv = cv_fen / 100
    if no_duty:
        duty_f = 0
    else:
        rate = tl.duty_av + (tl.extra.get(origin, 0.0) if origin else 0.0)
        duty_f = fen(cv * rate + qty * tl.duty_pu)
    duty = duty_f / 100
    ct_rate, ct_unit = tl.ct_av, qty * tl.ct_pu
    has_ct = ct_rate > 0 or ct_unit > 0
    if tl.thr and qty > 0:
        basis = (cv + duty + ct_unit) / (1 - tl.thr.basis) / qty
        ct_rate = tl.thr.rate if basis >= tl.thr.price * (1 - 1e-12) else tl.ct_av
        has_ct = True
    ct_f = fen((cv + duty + ct_unit) / (1 - ct_rate) * ct_rate + ct_unit) if has_ct else 0
    return [duty_f, ct_f, fen((cv + duty + ct_f / 100) * tl.vat), 0, 0]


def assess_selective(product, cv_fen, qty, material, m_fen, rule):
    def duty_of(tl, v):
        return fen(v / 100 * tl.duty_av + qty * tl.duty_pu)
    on_finished, on_materials = duty_of(product, cv_fen), duty_of(material, m_fen)
    take = rule if rule != "cheaper" else ("materials" if on_materials < on_finished else "finished")
    duty = on_materials if take == "materials" else on_finished
    t = assess_import(product, cv_fen + duty, qty, None, no_duty=True)  # CT and VAT on value + duty charged
    t[DUTY] = duty
    return t


def assess_export(tl, fob_fen, qty):
    r = tl.ex_av
    return fen(fob_fen / 100 / (1 + r) * r + qty * tl.ex_pu)


def exemption_matches(e, tl, owner, at, va_ratio):
    if at not in e.points or not ("*" in e.owners or owner in e.owners):
        return False
    if e.min_va is not None and (va_ratio != va_ratio or va_ratio < e.min_va - 1e-12 * (1 + abs(e.min_va))):
        return False
    if not e.categories and not e.tags:
        return True
    return "*" in e.categories or tl.name in e.categories or any(t in tl.tags for t in e.tags)


def exempt_taxes(rg, tl, owner, at):
    taxes = set()
    for e in rg.ex:
        if exemption_matches(e, tl, owner, at, NAN):
            taxes |= e.taxes
    return taxes


def regime_apply(rg, tl, owner, at, va_ratio, cv_fen, qty, full):
    """(due, forgone by exemption index (-1: de minimis)) from the full assessment."""
    by = [-1] * 5  # the exemption forgiving each tax: the first, in file order, that covers it
    for i, e in enumerate(rg.ex):
        if exemption_matches(e, tl, owner, at, va_ratio):
            for t in e.taxes:
                if by[t] < 0 and full[t]:
                    by[t] = i
    due = list(full)
    if not any(x >= 0 for x in by):
        forgone = {}
    else:
        duty_gone = by[DUTY] >= 0
        if duty_gone and ((full[CT] and by[CT] < 0) or (full[VAT] and by[VAT] < 0)):
            t = assess_import(tl, cv_fen, qty, None, no_duty=True)  # CT and VAT without the duty
            due[CT], due[VAT] = t[CT], t[VAT]
        forgone = {}
        for t in range(5):
            if by[t] >= 0:
                due[t] = 0
            who = by[t] if by[t] >= 0 else by[DUTY] if duty_gone else -1
            if who >= 0 and full[t] != due[t]:
                forgone[who] = forgone.get(who, 0) + full[t] - due[t]
    total = sum(due)
    if total > 0 and rg.de_minimis_cny > 0 and total <= fen(rg.de_minimis_cny):
        forgone[-1] = total
        due = [0] * 5
    return due, forgone


def inspection_rate(line, owner, category):
    """Two independent risk signals: owner profile and goods profile."""
    return 1 - (1 - line.by_owner.get(owner, line.rate)) * (1 - line.by_category.get(category, 0.0))


def expected_tax_rate(s, f):
    """Tax per unit of customs value the regime puts on a flow's goods (for the demand response)."""
    rg, unit, rate = s.regime, fen(1e6), 0.0
    total_share = sum(f.cat_pick[2])
    for k, ci in enumerate(f.cats):
        tl, share = s.cats[ci], f.cat_pick[2][k] / total_share

        def at(point):
            due, _ = regime_apply(rg, tl, f.owner, point, NAN, unit, 1, assess_import(tl, unit, 1, None))
            return sum(due) / unit
        if f.from_mainland:
            t = assess_export(tl, unit, 1) / unit if rg.export_duty_at == SECOND_LINE or f.route[REEXPORT] > 0 else 0
        elif rg.import_tax_at == FIRST_LINE:
            t = at(FIRST_LINE)
        else:
            t = (f.route[MAINLAND] + f.route[TRANSFER]) * at(SECOND_LINE) + f.route[CONSUMED] * at(ZONE)
        rate += share * t
    return rate


# ---- statistics ----

class Quantiles:
    """zonesim's sketch (sim/stats.c): 128 log buckets per octave over [2^-20, 2^44)."""
    SUB, EMIN, EMAX = 128, -20, 44

    def __init__(self):
        self.count, self.n, self.lo, self.hi = {}, 0, math.inf, -math.inf

    def add(self, x):
        m, e = math.frexp(x)
        e -= 1
        b = 0 if x <= 0 or e < self.EMIN else 1 << 30 if e >= self.EMAX else \
            1 + (e - self.EMIN) * self.SUB + int((2 * m - 1) * self.SUB)
        self.count[b] = self.count.get(b, 0) + 1
        self.n += 1
        if x < self.lo:
            self.lo = x
        if x > self.hi:
            self.hi = x

    def get(self, p):
        if not self.n:
            return NAN
        rank = max(1, math.ceil(p * self.n))
        if rank >= self.n:
            return self.hi
        cum = 0
        for b in sorted(self.count):
            cum += self.count[b]
            if cum >= rank:
                if b == 0:
                    v = 0.0
                elif b == 1 << 30:
                    v = self.hi
                else:
                    e, sub = self.EMIN + (b - 1) // self.SUB, (b - 1) % self.SUB
                    v = math.sqrt(math.ldexp(1 + sub / self.SUB, e) * math.ldexp(1 + (sub + 1) / self.SUB, e))
                return min(max(v, self.lo), self.hi)
        return self.hi


class TimeAvg:
    """Time-weighted mean of a piecewise-constant value."""
    __slots__ = ("value", "area", "t_last", "t0")

    def __init__(self):
        self.value = self.area = self.t_last = self.t0 = 0.0

    def add(self, now, delta):
        self.area += self.value * (now - self.t_last)
        self.t_last = now
        self.value += delta

    def reset(self, now):
        self.area, self.t_last, self.t0 = 0.0, now, now

    def mean(self, now):
        span = now - self.t0
        return (self.area + self.value * (now - self.t_last)) / span if span > 0 else NAN


# ---- the zone: consignments, taxes, ledger (models/zone/*.c), independent of the engine ----

class Cons:
    __slots__ = ("id", "flow", "cat", "route", "taxed", "outbound", "in_zone", "owner", "value_fen", "qty",
                 "u_insp", "dwell", "t_line", "t_entry", "va_ratio", "materials_fen", "material_cat",
                 "to_process", "tax_paid")


class FlowRT:
    """A flow's random streams and samplers (rebuilt on a policy change, on the same streams)."""
    def __init__(self, z, i, cfg):
        self.ix = i
        rng = z.stream
        self.arrivals, self.goods = rng(f"flow.{cfg.name}.arrivals"), rng(f"flow.{cfg.name}.goods")
        self.route_rng, self.inspect = rng(f"flow.{cfg.name}.route"), rng(f"flow.{cfg.name}.inspect")
        self.processing = rng(f"flow.{cfg.name}.processing") if cfg.processing else None
        self.configure(cfg)

    def configure(self, cfg):
        self.cfg = cfg
        self.pick = sampler(cfg.cat_pick, self.goods)
        self.value, self.qty = sampler(cfg.value, self.goods), sampler(cfg.quantity, self.goods)
        self.dwell = sampler(cfg.dwell, self.route_rng)
        if self.processing:
            self.value_added = sampler(cfg.processing.value_added, self.processing)


class LineRT:
    def __init__(self, z, index, cfg):
        self.index = index
        p = "l1" if index == 0 else "l2"
        self.service_rng, self.insp_rng, self.pay_rng = z.stream(f"{p}.service"), z.stream(f"{p}.inspection"), \
            z.stream(f"{p}.payment")
        self.lanes = self.bays = None  # the engine's resources
        self.time_sum = self.time_n = self.wait_sum = self.wait_n = self.done = self.inspected = 0
        self.q = Quantiles()
        self.configure(cfg)

    def configure(self, cfg):
        self.cfg = cfg
        self.service, self.insp_time = sampler(cfg.service, self.service_rng), sampler(cfg.insp_time, self.insp_rng)
        self.payment = sampler(cfg.payment, self.pay_rng) if cfg.payment else None


class Zone:
    def __init__(self, s, seed):
        self.s = self.base = s
        self.seed = seed
        self.flows = [FlowRT(self, i, f) for i, f in enumerate(s.flows)]
        self.l1, self.l2 = LineRT(self, 0, s.l1), LineRT(self, 1, s.l2)
        self.measuring, self.t_measure, self.next_id = False, 0.0, 0
        self.arrived_n = self.in_n = self.peak_in = self.arrivals_measured = 0
        self.arrived_fen = self.in_fen = self.created_fen = self.created_measured_fen = 0
        self.exit_n, self.exit_fen = [0, 0, 0], [0, 0, 0]
        self.tax_all, self.tax_fen, self.tax_exited = [0] * 5, [0] * 5, 0
        self.tax_by_cat, self.tax_by_owner, self.forgone = [0] * len(s.cats), {}, {}
        self.deferral_npv = 0.0
        self.mainland_value_fen = self.mainland_tax_fen = 0
        self.dwell_sum = self.dwell_n = 0
        self.bonded, self.in_zone = TimeAvg(), TimeAvg()
        n = len(s.phases) + 1  # periods of a policy schedule: arrivals, line times (sum, n), tax
        self.period, self.period_arrivals, self.period_tax = 0, [0] * n, [0] * n
        self.period_time = [[[0.0, 0], [0.0, 0]] for _ in range(n)]
        self.now = lambda: 0.0  # set by the engine

    def stream(self, name):
        return random.Random(f"{self.seed}/0/{name}")

    # -- phases and measurement --
    def start_measuring(self):
        now = self.now()
        self.measuring, self.t_measure = True, now
        for ln in (self.l1, self.l2):
            ln.lanes.reset_stats(now)
            ln.bays.reset_stats(now)
        self.bonded.reset(now)
        self.in_zone.reset(now)

    def switch_phase(self, k, s):
        """Policy change k: the next phase's regime, tariff, flows and lines take over."""
        self.s, self.period = s, k + 1
        for fr, cfg in zip(self.flows, s.flows):
            fr.configure(cfg)
        for ln, cfg in ((self.l1, s.l1), (self.l2, s.l2)):
            ln.configure(cfg)
            ln.lanes.set_capacity(cfg.lanes)
            ln.bays.set_capacity(cfg.bays)

    # -- arrivals --
    def accept(self, fr, now):
        """Thinning: accept an arrival of the flow at the maximal rate with rate(t) / max rate."""
        f = fr.cfg
        return f.hourly_max == 1 or fr.arrivals.random() * f.hourly_max < f.hourly[int(math.fmod(now / 60, 24))]

    def new_consignment(self, fr):
        f = fr.cfg
        c = Cons()
        k = fr.pick()
        value, qty = fr.value(), fr.qty()
        u, acc, route = fr.route_rng.random(), 0.0, 3
        for i in range(4):
            if f.route[i] > 0:
                acc += f.route[i]
                if u < acc:
                    route = i
                    break
        while f.route[route] == 0 and route > 0:  # rounding: last route with a share
            route -= 1
        c.id, c.flow, c.cat, c.route = self.next_id, fr.ix, f.cats[k], route
        self.next_id += 1
        c.taxed, c.outbound, c.in_zone, c.owner = f.from_mainland, False, False, f.owner
        c.value_fen, c.qty, c.dwell = fen(value), qty, fr.dwell()
        c.u_insp = (fr.inspect.random(), fr.inspect.random())
        c.va_ratio, c.materials_fen, c.material_cat, c.to_process, c.tax_paid = NAN, 0, 0, False, 0
        c.t_line = c.t_entry = 0.0
        if fr.processing:  # its own stream: other flows' numbers do not move
            yes = fr.processing.random() < f.processing.share
            ratio = fr.value_added()
            if yes:
                c.to_process, c.va_ratio = True, ratio
        self.arrived_n += 1
        self.arrived_fen += c.value_fen
        self.in_n += 1
        self.in_fen += c.value_fen
        if self.in_n > self.peak_in:
            self.peak_in = self.in_n
        if self.measuring:
            self.arrivals_measured += 1
            self.period_arrivals[self.period] += 1
        return c

    # -- taxes --
    def charge(self, c, due):
        total = sum(due)
        if self.measuring:
            self.period_tax[self.period] += total
            self.tax_by_cat[c.cat] += total
            self.tax_by_owner[c.owner] = self.tax_by_owner.get(c.owner, 0) + total
            for t in range(5):
                self.tax_fen[t] += due[t]
        for t in range(5):
            self.tax_all[t] += due[t]
        c.tax_paid += total

    def settle(self, c):
        """The import taxes are settled (paid, exempt or not due): the goods leave the bonded stock."""
        if c.taxed:
            return
        c.taxed = True
        if c.in_zone:
            self.bonded.add(self.now(), -c.value_fen / 100)

    def assess_import(self, c, at, owner):
        rg, tl = self.s.regime, self.s.cats[c.cat]
        if c.va_ratio == c.va_ratio and rg.selective:  # processed goods under a selective tariff
            full = assess_selective(tl, c.value_fen, c.qty, self.s.cats[c.material_cat], c.materials_fen,
                                    rg.selective)
        else:
            full = assess_import(tl, c.value_fen, c.qty, self.s.flows[c.flow].origin_country)
        due, forgone = regime_apply(rg, tl, owner, at, c.va_ratio, c.value_fen, c.qty, full)
        self.charge(c, due)
        if self.measuring:
            for k, x in forgone.items():
                self.forgone[k] = self.forgone.get(k, 0) + x
        return sum(due)

    def line_taxes(self, c, ln):
        """Taxes due at this crossing (fen)."""
        rg, f = self.s.regime, self.s.flows[c.flow]
        here = FIRST_LINE if ln.index == 0 else SECOND_LINE
        due = 0
        if f.personal and here == FIRST_LINE and not c.outbound and not c.taxed:
            p = f.personal
            base = c.value_fen / 100 - p.allowance
            tax = fen(base * p.rate) if base > 0 else 0
            waived = 0 < tax <= fen(p.waiver)
            if self.measuring and waived:
                self.forgone[-1] = self.forgone.get(-1, 0) + tax
            due = 0 if waived else tax
            self.charge(c, [due, 0, 0, 0, 0])
            self.settle(c)
        elif f.from_mainland:
            exporting = (here == SECOND_LINE and not c.outbound) or (here == FIRST_LINE and c.outbound)
            if exporting and rg.export_duty_at == here:
                due = assess_export(self.s.cats[c.cat], c.value_fen, c.qty)
                self.charge(c, [0, 0, 0, due, 0])
            if here == SECOND_LINE and not c.outbound and rg.refund_on_entry:
                tl, v = self.s.cats[c.cat], c.value_fen / 100
                self.charge(c, [0, 0, 0, 0, -(fen(v * tl.vat) + fen(v * tl.ct_av))])
        elif not c.taxed and rg.import_tax_at == here and (here == FIRST_LINE) != c.outbound:
            due = self.assess_import(c, here, c.owner)
            if self.measuring and here == SECOND_LINE and due > 0:
                years = (self.now() - c.t_entry) / MIN_PER_YEAR
                self.deferral_npv += due / 100 * (1 - (1 + self.s.discount) ** -years)
            self.settle(c)
        return due

    # -- lines --
    def lane_granted(self, c, ln):
        if self.measuring:
            ln.wait_sum += self.now() - c.t_line
            ln.wait_n += 1

    def selected(self, c, ln):
        """Risk-based inspection on every second-line crossing and on goods entering through the first line."""
        if ln.index == 0 and c.outbound:
            return False
        if c.u_insp[ln.index] < inspection_rate(ln.cfg, c.owner, self.s.cats[c.cat].name):
            if self.measuring:
                ln.inspected += 1
            return True
        return False

    def released(self, c, ln):
        if self.measuring and (ln.index == 0 or self.s.regime.second_line_control):
            t = self.now() - c.t_line
            ln.time_sum += t
            ln.time_n += 1
            ln.q.add(t)
            ln.done += 1
            pt = self.period_time[self.period][ln.index]
            pt[0] += t
            pt[1] += 1

    # -- the zone --
    def enter_zone(self, c):
        now = self.now()
        c.t_entry, c.in_zone = now, True
        if not c.taxed:
            self.bonded.add(now, c.value_fen / 100)
        self.in_zone.add(now, 1)

    def leave_zone(self, c):
        now = self.now()
        if self.measuring:
            self.dwell_sum += (now - c.t_entry) / MIN_PER_DAY
            self.dwell_n += 1
        self.in_zone.add(now, -1)
        if not c.taxed:
            self.bonded.add(now, -c.value_fen / 100)
        c.in_zone = False

    def process(self, c):
        """Imported materials M plus domestic D plus value added make the product: P = (M + D)(1 + ratio)."""
        p = self.s.flows[c.flow].processing
        m = c.value_fen
        d = m / 100 * p.domestic_share
        prod = fen((m / 100 + d) * (1 + c.va_ratio))
        created = prod - m
        c.to_process, c.material_cat, c.materials_fen = False, c.cat, m
        c.cat, c.value_fen = p.product, prod
        self.created_fen += created
        self.in_fen += created
        if self.measuring:
            self.created_measured_fen += created
        if not c.taxed and c.in_zone:
            self.bonded.add(self.now(), created / 100)

    def transfer(self, c):
        """Transfer to another owner: back-payment when an exemption is lost; then the mainland."""
        rg, f = self.s.regime, self.s.flows[c.flow]
        if not c.taxed and rg.back_payment:
            tl = self.s.cats[c.cat]
            if exempt_taxes(rg, tl, c.owner, ZONE) - exempt_taxes(rg, tl, f.transfer_owner, ZONE):
                self.assess_import(c, TRANSFER_PT, f.transfer_owner)
                self.settle(c)
        c.owner, c.route = f.transfer_owner, MAINLAND

    def consume(self, c):
        if not c.taxed and not self.s.flows[c.flow].from_mainland:
            self.assess_import(c, ZONE, c.owner)
            self.settle(c)
        self.exit(c, EXIT_CONSUMED)

    def outbound(self, c):
        """After the stay: which line the goods leave by (None: the mainland with no second line)."""
        c.outbound = True
        if not c.taxed and c.route == REEXPORT:
            self.settle(c)  # bonded goods leave abroad untaxed
        if c.route == MAINLAND:
            return self.l2 if self.s.regime.second_line_control else None
        return self.l1

    def exit(self, c, k):
        if k == EXIT_MAINLAND and self.measuring and not self.s.flows[c.flow].from_mainland:
            self.mainland_value_fen += c.value_fen
            self.mainland_tax_fen += c.tax_paid
        self.exit_n[k] += 1
        self.exit_fen[k] += c.value_fen
        self.in_n -= 1
        self.in_fen -= c.value_fen
        self.tax_exited += c.tax_paid

    # -- results --
    def check(self):
        if self.arrived_n != self.in_n + sum(self.exit_n):
            return f"consignments: {self.arrived_n} arrived, {self.in_n} inside, {sum(self.exit_n)} left"
        return None

    def kpis(self):
        now = self.now()
        span = now - self.t_measure
        k = {"arrivals": self.arrivals_measured}
        for name, ln in (("l1", self.l1), ("l2", self.l2)):
            k[f"{name}_throughput_per_day"] = ln.done / (span / MIN_PER_DAY) if span > 0 else NAN
            k[f"{name}_time_mean_min"] = ln.time_sum / ln.time_n if ln.time_n else NAN
            k[f"{name}_time_p50_min"] = ln.q.get(0.5)
            k[f"{name}_time_p90_min"] = ln.q.get(0.9)
            k[f"{name}_wait_mean_min"] = ln.wait_sum / ln.wait_n if ln.wait_n else NAN
            k[f"{name}_inspected_share"] = ln.inspected / ln.done if ln.done else NAN
        k["zone_dwell_mean_days"] = self.dwell_sum / self.dwell_n if self.dwell_n else NAN
        k["l1_utilization"] = self.l1.lanes.utilization(now)
        k["l2_utilization"] = self.l2.lanes.utilization(now)
        k["inspection_utilization_l1"] = self.l1.bays.utilization(now)
        k["inspection_utilization_l2"] = self.l2.bays.utilization(now)
        for t in range(5):
            k[f"tax_{TAX_NAMES[t]}_cny"] = self.tax_fen[t] / 100
        total = sum(self.tax_fen)
        k["tax_total_cny"] = total / 100
        k["tax_total_cny_per_year"] = total / 100 * MIN_PER_YEAR / span if span > 0 else NAN
        k["deferral_npv_cny"] = self.deferral_npv
        k["bonded_stock_mean_cny"] = self.bonded.mean(now)
        k["in_zone_mean"] = self.in_zone.mean(now)
        k["forgone_de_minimis_cny"] = self.forgone.get(-1, 0) / 100
        k["effective_tax_rate_mainland"] = self.mainland_tax_fen / self.mainland_value_fen \
            if self.mainland_value_fen else NAN
        k["value_added_cny"] = self.created_measured_fen / 100
        k["warmup_days"] = self.t_measure / MIN_PER_DAY
        for i, e in enumerate(self.s.regime.ex):
            k[f"forgone_{e.name}_cny"] = self.forgone.get(i, 0) / 100
        for i, c in enumerate(self.s.cats):
            k[f"tax_category_{c.name}_cny"] = self.tax_by_cat[i] / 100
        for o, x in self.tax_by_owner.items():
            k[f"tax_owner_{o}_cny"] = x / 100
        for p in range(len(self.period_tax) if self.base.phases else 0):
            k[f"period{p}_arrivals"] = self.period_arrivals[p]
            for i in range(2):
                sm, n = self.period_time[p][i]
                k[f"period{p}_l{i + 1}_time_mean_min"] = sm / n if n else NAN
            k[f"period{p}_tax_total_cny"] = self.period_tax[p] / 100
        return k


def next_edge(now, is_open, hours):
    """The next opening (closed) or closing (open) after now."""
    day = math.floor(now / MIN_PER_DAY) * MIN_PER_DAY
    t = day + (hours[1] if is_open else hours[0])
    return t + MIN_PER_DAY if t <= now else t


def open_at(t, hours):
    phase, (a, b) = math.fmod(t, MIN_PER_DAY), hours
    return a <= phase < b if a <= b else phase >= a or phase < b  # the window may wrap past midnight


# ---- SimPy 3/4 ----

def run_simpy3(z, horizon):
    import simpy

    class HoursResource(simpy.Resource):
        """A Resource that starts no service while closed; also keeps its busy-time integral."""
        def __init__(self, env, capacity, hours):
            super().__init__(env, capacity)
            self.is_open, self.busy = True, TimeAvg()
            if hours:
                self.is_open = open_at(env.now, hours)
                env.process(self.clock(hours))

        def _do_put(self, event):
            if self.is_open and len(self.users) < self._capacity:
                self.busy.add(self._env.now, 1)
                super()._do_put(event)

        def _do_get(self, event):
            self.busy.add(self._env.now, -1)
            super()._do_get(event)

        def dispatch(self):
            while self.is_open and self.put_queue and len(self.users) < self._capacity:
                self._trigger_put(None)

        def clock(self, hours):
            env = self._env
            while True:
                yield env.timeout(next_edge(env.now, self.is_open, hours) - env.now)
                self.is_open = not self.is_open
                self.dispatch()

        def set_capacity(self, n):
            self._capacity = n
            self.dispatch()

        def reset_stats(self, now):
            self.busy.reset(now)

        def utilization(self, now):
            return self.busy.mean(now) / self._capacity

    env = simpy.Environment()
    z.now = lambda: env.now
    for ln in (z.l1, z.l2):
        ln.lanes = HoursResource(env, ln.cfg.lanes, ln.cfg.hours)
        ln.bays = HoursResource(env, ln.cfg.bays, ln.cfg.hours)

    def cross(c, ln):
        c.t_line = env.now
        with ln.lanes.request() as req:
            yield req
            z.lane_granted(c, ln)
            yield env.timeout(ln.service())
        if z.selected(c, ln):
            with ln.bays.request() as req:
                yield req
                yield env.timeout(ln.insp_time())
        yield from pay_and_release(c, ln)

    def pay_and_release(c, ln):
        if z.line_taxes(c, ln) > 0 and ln.payment:
            yield env.timeout(ln.payment())
        z.released(c, ln)

    def consignment(c):
        f = z.s.flows[c.flow]
        if not f.from_mainland:
            yield from cross(c, z.l1)
        elif z.s.regime.second_line_control:
            yield from cross(c, z.l2)
        z.enter_zone(c)
        while True:
            yield env.timeout(c.dwell)
            if c.to_process:
                z.process(c)
            if c.route != TRANSFER:
                break
            z.transfer(c)  # a second stay, then the mainland
        z.leave_zone(c)
        if c.route == CONSUMED:
            z.consume(c)
            return
        ln = z.outbound(c)
        if ln is None:  # no second line: taxes (if any) and straight out
            c.t_line = env.now
            yield from pay_and_release(c, z.l2)
        else:
            yield from cross(c, ln)
        z.exit(c, EXIT_REEXPORT if c.route == REEXPORT else EXIT_MAINLAND)

    def source(fr):
        while True:
            yield env.timeout(fr.arrivals.expovariate(fr.cfg.rate_per_min * fr.cfg.hourly_max))
            if z.accept(fr, env.now):
                env.process(consignment(z.new_consignment(fr)))

    def at(t, fn):
        yield env.timeout(t)
        fn()

    for fr in z.flows:
        env.process(source(fr))
    for k, (t, phase) in enumerate(z.base.phases):
        env.process(at(t, lambda k=k, p=phase: z.switch_phase(k, p)))
    if z.base.warmup > 0:
        env.process(at(z.base.warmup, z.start_measuring))
    else:
        z.start_measuring()
    t0 = time.process_time()
    env.run(until=horizon)
    secs = time.process_time() - t0
    # Events processed: every event gets an id from env._eid when scheduled; those still
    # in the queue were not processed.
    return next(env._eid) - len(env._queue), secs, "SimPy " + getattr(simpy, "__version__", "3/4")


# ---- SimPy 2 (Debian's python3-simpy) ----

def run_simpy2(z, horizon):
    from SimPy.Simulation import Process, Resource, Simulation, hold, release, request

    class HoursResource(Resource):
        """A Resource that starts no service while closed; also keeps its busy-time integral.
        (SimPy 2's own _request/_release, FIFO and without preemption, with the hours test.)"""
        def __init__(self, sim, capacity, hours):
            Resource.__init__(self, capacity=capacity, sim=sim)
            self.is_open, self.busy = True, TimeAvg()
            if hours:
                self.is_open = open_at(sim.now(), hours)
                clk = Process(name="clock", sim=sim)
                sim.activate(clk, self.clock(clk, hours))

        def _request(self, arg):
            proc = arg[1]
            if self.is_open and self.n > 0:
                self.busy.add(self.sim._t, 1)
                self.n -= 1
                self.activeQ.enter(proc)
                self.sim._post(proc, at=self.sim._t, prior=1)
            else:
                self.waitQ.enter(proc)
                proc._nextTime = None  # passive until granted

        def grant_next(self):
            proc = self.waitQ.leave()
            self.busy.add(self.sim._t, 1)
            self.n -= 1
            self.activeQ.enter(proc)
            self.sim.reactivate(proc, delay=0, prior=1)

        def _release(self, arg):
            proc = arg[1]
            self.busy.add(self.sim._t, -1)
            self.n += 1
            self.activeQ.remove(proc)
            if self.is_open and self.n > 0 and self.waitQ:
                self.grant_next()
            self.sim._post(proc, at=self.sim._t, prior=1)

        def dispatch(self):
            while self.is_open and self.n > 0 and self.waitQ:
                self.grant_next()

        def clock(self, me, hours):
            sim = self.sim
            while True:
                yield hold, me, next_edge(sim._t, self.is_open, hours) - sim._t
                self.is_open = not self.is_open
                self.dispatch()

        def set_capacity(self, n):
            self.n += n - self.capacity
            self.capacity = n
            self.dispatch()

        def reset_stats(self, now):
            self.busy.reset(now)

        def utilization(self, now):
            return self.busy.mean(now) / self.capacity

    sim = Simulation()
    sim.initialize()
    z.now = sim.now
    for ln in (z.l1, z.l2):
        ln.lanes = HoursResource(sim, ln.cfg.lanes, ln.cfg.hours)
        ln.bays = HoursResource(sim, ln.cfg.bays, ln.cfg.hours)

    class Consignment(Process):
        def __init__(self, c):
            Process.__init__(self, sim=sim)
            self.c = c

        def cross(self, ln):
            c = self.c
            c.t_line = sim._t
            yield request, self, ln.lanes
            z.lane_granted(c, ln)
            yield hold, self, ln.service()
            yield release, self, ln.lanes
            if z.selected(c, ln):
                yield request, self, ln.bays
                yield hold, self, ln.insp_time()
                yield release, self, ln.bays
            yield from self.pay_and_release(ln)

        def pay_and_release(self, ln):
            if z.line_taxes(self.c, ln) > 0 and ln.payment:
                yield hold, self, ln.payment()
            z.released(self.c, ln)

        def life(self):
            c = self.c
            f = z.s.flows[c.flow]
            if not f.from_mainland:
                yield from self.cross(z.l1)
            elif z.s.regime.second_line_control:
                yield from self.cross(z.l2)
            z.enter_zone(c)
            while True:
                yield hold, self, c.dwell
                if c.to_process:
                    z.process(c)
                if c.route != TRANSFER:
                    break
                z.transfer(c)  # a second stay, then the mainland
            z.leave_zone(c)
            if c.route == CONSUMED:
                z.consume(c)
                return
            ln = z.outbound(c)
            if ln is None:  # no second line: taxes (if any) and straight out
                c.t_line = sim._t
                yield from self.pay_and_release(z.l2)
            else:
                yield from self.cross(ln)
            z.exit(c, EXIT_REEXPORT if c.route == REEXPORT else EXIT_MAINLAND)

    class Source(Process):
        def life(self, fr):
            while True:
                yield hold, self, fr.arrivals.expovariate(fr.cfg.rate_per_min * fr.cfg.hourly_max)
                if z.accept(fr, sim._t):
                    p = Consignment(z.new_consignment(fr))
                    sim.activate(p, p.life())

    class At(Process):
        def life(self, t, fn):
            yield hold, self, t
            fn()

    for fr in z.flows:
        p = Source(sim=sim)
        sim.activate(p, p.life(fr))
    for k, (t, phase) in enumerate(z.base.phases):
        p = At(sim=sim)
        sim.activate(p, p.life(t, lambda k=k, ph=phase: z.switch_phase(k, ph)))
    if z.base.warmup > 0:
        p = At(sim=sim)
        sim.activate(p, p.life(z.base.warmup, z.start_measuring))
    else:
        z.start_measuring()
    t0 = time.process_time()
    sim.simulate(until=horizon)
    secs = time.process_time() - t0
    # Events processed: every event notice posted decrements sim._sortpr; those still in
    # the calendar were not processed (this model cancels none).
    return -sim._sortpr - len(sim._timestamps), secs, "SimPy " + getattr(sys.modules["SimPy"], "__version__", "2")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", nargs="?", default=os.path.join(here, "..", "scenarios", "hetao_baseline.json"))
    ap.add_argument("--horizon-days", type=float, help="override horizon_days")
    ap.add_argument("--warmup-days", type=float, help="override the warm-up (bench_zone uses 0)")
    ap.add_argument("--seed", type=int, help="override the scenario's seed")
    ap.add_argument("--engine", choices=("auto", "3", "2"), default="auto",
                    help="SimPy 3/4 (simpy) or 2 (SimPy.Simulation); auto: 3/4 if installed")
    ap.add_argument("--name", default="zone_simpy", help="benchmark name on the bench line")
    a = ap.parse_args()
    try:
        s = load_scenario(a.scenario)
    except (OSError, ValueError, KeyError, ScenarioError) as e:
        print(f"zone_simpy: {a.scenario}: {e}", file=sys.stderr)
        return 2
    if a.horizon_days is not None:
        s.horizon = a.horizon_days * MIN_PER_DAY
    if a.warmup_days is not None:
        s.warmup, s.warmup_auto = a.warmup_days * MIN_PER_DAY, False
    if s.warmup_auto:
        print("zone_simpy: \"warmup\": \"auto\" is taken as no warm-up", file=sys.stderr)
        s.warmup = 0.0
    if s.warmup >= s.horizon:
        print("zone_simpy: the warm-up must be shorter than the horizon", file=sys.stderr)
        return 2
    z = Zone(s, a.seed if a.seed is not None else s.seed)
    engine = a.engine
    if engine == "auto":
        try:
            import simpy  # noqa: F401
            engine = "3"
        except ImportError:
            engine = "2"
    try:
        events, secs, which = (run_simpy3 if engine == "3" else run_simpy2)(z, s.horizon)
    except ImportError as e:
        print(f"skip {a.name}: {e} (Debian: python3-simpy)", file=sys.stderr)
        return 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n = z.arrived_n
    print(f"bench {a.name} events={events} customers={n} seconds={secs:.3f} "
          f"events_per_sec={events / secs:.0f} customers_per_sec={n / secs:.0f} peak_rss_kb={rss}")
    k = z.kpis()
    print(f"{a.name}: {s.name} (regime {s.regime.name}), {which}, seed {z.seed}, {s.horizon / MIN_PER_DAY:g} days, "
          f"warm-up {z.t_measure / MIN_PER_DAY:g} days; peak {z.peak_in} consignments in the system", file=sys.stderr)
    for key, v in k.items():
        print(f"  {key:<40} {v:.6g}", file=sys.stderr)
    problem = z.check()
    if problem:
        print(f"{a.name}: FAILED: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
