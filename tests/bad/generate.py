#!/usr/bin/env python3
"""Regenerate the bad-input corpus: one file per defect, and MANIFEST.

Each MANIFEST line: FILE <TAB> COMMAND <TAB> EXIT <TAB> EXPECTED
COMMAND is a zonesim command line where {f} stands for the file; EXPECTED is
a substring its stderr must contain.  tests/test_cli.c runs every line.
Run from tests/bad/: python3 generate.py"""
import copy
import json
import os

BASE = {
    "name": "bad",
    "horizon_days": 10, "warmup_days": 1, "replications": 2, "seed": 1,
    "regime": {"name": "r", "import_tax_at": "second_line", "exemptions": [
        {"name": "whitelist", "owners": ["whitelisted"], "tags": ["research"],
         "taxes": ["duty", "vat", "ct"], "at": ["zone"]}]},
    "tariff": {"categories": {
        "research_instruments": {"duty": 0.05, "vat": 0.13, "tags": ["research"]},
        "cosmetics": {"duty": 0.029, "vat": 0.13, "ct": 0.15}}},
    "flows": [{"name": "f", "origin": "abroad", "owner": "ordinary", "rate_per_day": 50,
               "categories": {"research_instruments": 0.5, "cosmetics": 0.5},
               "value_cny": {"dist": "lognormal", "mean": 100000, "sd": 50000},
               "route": {"to_mainland": 0.5, "re_export": 0.5}, "dwell": "3 d"}],
    "lines": {"first_line": {"lanes": 2, "open": ["07:00", "22:00"],
                             "service": {"dist": "exponential", "mean": "6 min"},
                             "inspection": {"bays": 1, "rate": 0.05, "time": "40 min"}},
              "second_line": {"lanes": 2, "service": "8 min"}},
}

cases = []  # (file, command, exit, expected)


def scen(name, mutate, expected, command="validate {f}", code=2):
    d = copy.deepcopy(BASE)
    mutate(d)
    write(name + ".json", json.dumps(d, indent=1), command, code, expected)


def write(fname, text, command, code, expected, binary=False):
    with open(fname, "wb") as f:
        f.write(text if binary else text.encode("utf-8"))
    cases.append((fname, command, code, expected))


def setp(path, value):
    def m(d):
        keys = path.split(".")
        node = d
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        last = keys[-1]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return m


def delp(path):
    def m(d):
        keys = path.split(".")
        node = d
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        del node[keys[-1]]
    return m


good = json.dumps(BASE, indent=1)
# --- malformed JSON
write("001_missing_comma.json", good.replace('"seed": 1,', '"seed": 1', 1), "validate {f}", 2, "JSON syntax error at line")
write("002_trailing_comma.json", '{"name": "x",}', "validate {f}", 2, "JSON syntax error at line 1, column")
write("003_unclosed_brace.json", '{"name": "x"', "validate {f}", 2, "JSON syntax error")
write("004_single_quotes.json", "{'name': 'x'}", "validate {f}", 2, "JSON syntax error at line 1, column")
write("005_nan_literal.json", '{"name": "x", "horizon_days": NaN}', "validate {f}", 2, "JSON syntax error")
write("006_infinity_literal.json", '{"name": "x", "horizon_days": Infinity}', "validate {f}", 2, "JSON syntax error")
write("007_number_1e400.json", good.replace('"horizon_days": 10', '"horizon_days": 1e400'), "validate {f}", 2, "the number 1e400 at line 3, column 18 is too large to be read")
write("008_comment.json", '// a comment\n' + good, "validate {f}", 2, "JSON syntax error at line 1, column 1")
write("009_empty_file.json", "", "validate {f}", 2, "JSON syntax error")
write("010_top_level_array.json", "[1, 2]", "validate {f}", 2, "a scenario must be a JSON object")
write("011_top_level_string.json", '"scenario"', "validate {f}", 2, "a scenario must be a JSON object")
write("012_empty_object.json", "{}", "validate {f}", 2, "name: missing: a string is required")
write("013_nul_byte.json", b'{"name": "x\x00"}', "validate {f}", 2, "contains a NUL byte", binary=True)
write("014_not_utf8.json", b'{"name": "caf\xe9"}', "validate {f}", 2, "not UTF-8 text: invalid byte 0xe9 at line 1, column 14", binary=True)
write("015_deep_nesting.json", "[" * 200 + "]" * 200, "validate {f}", 2, "JSON nested deeper than 64 levels")
write("016_duplicate_key.json", good.replace('"seed": 1,', '"seed": 1, "seed": 2,', 1), "validate {f}", 2, "seed: key appears twice")
# --- top level
scen("020_name_is_a_number", setp("name", 3), "name: expected a string, found the number 3")
scen("021_horizon_is_a_string", setp("horizon_days", "ten"), "horizon_days: expected a number in [0.000694444, 36500], found the string \"ten\"")
scen("022_horizon_negative", setp("horizon_days", -1), "horizon_days: -1 is out of range")
scen("023_horizon_zero", setp("horizon_days", 0), "horizon_days: 0 is out of range")
scen("024_warmup_not_below_horizon", setp("warmup_days", 10), "warmup_days: 10 days must be less than horizon_days (10)")
scen("025_replications_zero", setp("replications", 0), "replications: 0 is out of range: expected a whole number in [1, 1000000]")
scen("026_replications_fraction", setp("replications", 1.5), "replications: 1.5 is out of range: expected a whole number")
scen("027_seed_negative", setp("seed", -4), "seed: expected a whole number from 0 to 2^53 (or, up to 2^64 - 1, a string of digits), found the number -4")
scen("028_unknown_top_key", setp("horizn_days", 3), "horizn_days: unknown key (did you mean \"horizon_days\"?)")
scen("029_discount_rate_above_one", setp("economics", {"discount_rate_annual": 2}), "economics.discount_rate_annual: 2 is out of range")
# --- lines
scen("030_unknown_line_key", setp("lines.first_line.lanse", 3), "lines.first_line.lanse: unknown key (did you mean \"lanes\"?)")
scen("031_zero_lanes", setp("lines.first_line.lanes", 0), "lines.first_line.lanes: 0 is out of range: expected a whole number in [1, 10000]")
scen("032_negative_lanes", setp("lines.second_line.lanes", -1), "lines.second_line.lanes: -1 is out of range")
scen("033_lanes_as_string", setp("lines.first_line.lanes", "4"), "lines.first_line.lanes: expected a whole number in [1, 10000], found the string \"4\"")
scen("034_unknown_unit", setp("lines.first_line.service", "5 parsecs"), "lines.first_line.service: expected a distribution object or a constant duration")
scen("035_unknown_unit_in_dist", setp("lines.first_line.service", {"dist": "exponential", "mean": "5 parsecs"}), "lines.first_line.service.mean: \"5 parsecs\": unknown unit")
scen("036_misspelt_distribution", setp("lines.first_line.service", {"dist": "exponentail", "mean": "6 min"}), "unknown distribution \"exponentail\" (did you mean \"exponential\"?)")
scen("037_distribution_missing_mean", setp("lines.first_line.service", {"dist": "exponential"}), "lines.first_line.service.mean: missing: a duration is required")
scen("038_negative_duration", setp("lines.first_line.service", {"dist": "exponential", "mean": "-5 min"}), "lines.first_line.service.mean: duration -5 min is out of range")
scen("039_triangular_out_of_order", setp("lines.first_line.inspection.time", {"dist": "triangular", "min": "2 h", "mode": "40 min", "max": "20 min"}), "triangular distribution: min <= mode <= max is required")
scen("040_lognormal_negative_sd", setp("flows.0.value_cny", {"dist": "lognormal", "mean": 1000, "sd": -5}), "flows.f.value_cny.sd: -5 is out of range")
scen("041_gamma_missing_cv", setp("flows.0.dwell", {"dist": "gamma", "mean": "3 d"}), "flows.f.dwell.cv: missing")
scen("042_empirical_empty", setp("flows.0.dwell", {"dist": "empirical", "values": []}), "flows.f.dwell.values: expected a non-empty array")
scen("043_empirical_weights_mismatch", setp("flows.0.dwell", {"dist": "empirical", "values": ["1 d", "2 d"], "weights": [1]}), "flows.f.dwell.weights: expected an array of 2 weights")
scen("044_bad_clock_time", setp("lines.first_line.open", ["25:00", "22:00"]), "lines.first_line.open: expected [\"HH:MM\", \"HH:MM\"]")
scen("045_never_opens", setp("lines.first_line.open", ["07:00", "07:00"]), "the line would never open")
scen("046_open_not_a_list", setp("lines.first_line.open", "sometimes"), "lines.first_line.open: expected")
scen("047_inspection_rate_above_one", setp("lines.first_line.inspection.rate", 1.5), "lines.first_line.inspection.rate: 1.5 is out of range: expected a number in [0, 1]")
scen("048_inspection_rate_negative", setp("lines.first_line.inspection.rate", -0.1), "lines.first_line.inspection.rate: -0.1 is out of range")
scen("049_owner_rate_above_one", setp("lines.first_line.inspection.by_owner", {"ordinary": 2}), "lines.first_line.inspection.by_owner.ordinary: 2 is out of range")
scen("050_inspection_unknown_category", setp("lines.first_line.inspection.by_category", {"cosmetic": 0.5}), "category \"cosmetic\" is not in tariff.categories (did you mean \"cosmetics\"?)")
scen("051_inspection_unknown_key", setp("lines.first_line.inspection.bayz", 2), "lines.first_line.inspection.bayz: unknown key (did you mean \"bays\"?)")
scen("052_second_line_missing", delp("lines.second_line"), "lines.second_line: missing")
scen("053_bays_zero", setp("lines.first_line.inspection.bays", 0), "lines.first_line.inspection.bays: 0 is out of range")
# --- flows
scen("060_flows_empty", setp("flows", []), "flows: expected an array of 1 to 256 flows")
scen("061_flows_not_array", setp("flows", {"f": 1}), "flows: expected an array")
scen("062_flow_without_name", delp("flows.0.name"), "flows[0].name: missing")
scen("063_duplicate_flow_names", lambda d: d["flows"].append(copy.deepcopy(d["flows"][0])), "two flows are named \"f\"")
scen("064_zero_rate", setp("flows.0.rate_per_day", 0), "flows.f.rate_per_day: 0 is out of range")
scen("065_negative_rate", setp("flows.0.rate_per_day", -5), "flows.f.rate_per_day: -5 is out of range")
scen("066_rate_too_high", setp("flows.0.rate_per_day", 1e7), "flows.f.rate_per_day: 1e+07 is out of range")
scen("067_unknown_origin", setp("flows.0.origin", "moon"), "flows.f.origin: \"moon\": expected \"abroad\" or \"mainland\"")
scen("068_unknown_category", setp("flows.0.categories", {"research_instrument": 1}), "flows.f.categories.research_instrument: category \"research_instrument\" is not in tariff.categories (did you mean \"research_instruments\"?)")
scen("069_category_shares_not_one", setp("flows.0.categories", {"research_instruments": 0.5, "cosmetics": 0.3}), "flows.f.categories: shares sum to 0.8: they must sum to 1")
scen("070_categories_empty", setp("flows.0.categories", {}), "flows.f.categories: expected an object of category: share pairs")
scen("071_route_shares_not_one", setp("flows.0.route", {"to_mainland": 0.6, "re_export": 0.5}), "flows.f.route: shares sum to 1.1: they must sum to 1")
scen("072_route_unknown_key", setp("flows.0.route", {"to_mainlnd": 0.5, "re_export": 0.5}), "flows.f.route.to_mainlnd: unknown key (did you mean \"to_mainland\"?)")
scen("073_route_negative_share", setp("flows.0.route", {"to_mainland": 1.5, "re_export": -0.5}), "flows.f.route.re_export: -0.5 is out of range")
scen("074_transfer_of_mainland_goods", lambda d: d["flows"][0].update({"origin": "mainland", "route": {"transferred": 1}}), "transfer applies to goods from abroad")
scen("075_hourly_profile_23_hours", setp("flows.0.hourly_profile", [1] * 23), "flows.f.hourly_profile: expected an array of 24 relative rates")
scen("076_hourly_profile_all_zero", setp("flows.0.hourly_profile", [0] * 24), "all hours are 0: the flow would never arrive")
scen("077_hourly_profile_negative", setp("flows.0.hourly_profile", [1] * 23 + [-1]), "flows.f.hourly_profile: hour 23: expected a number >= 0")
scen("078_value_missing", delp("flows.0.value_cny"), "flows.f.value_cny: missing: a distribution is required")
scen("079_value_negative", setp("flows.0.value_cny", -100), "flows.f.value_cny: expected a distribution object or a constant number from 0 to 1e+15")
scen("080_dwell_missing", delp("flows.0.dwell"), "flows.f.dwell: missing")
scen("081_owner_missing", delp("flows.0.owner"), "flows.f.owner: missing")
# --- tariff and regime
scen("090_tariff_missing", delp("tariff"), "tariff: missing")
scen("091_tariff_categories_empty", setp("tariff.categories", {}), "tariff.categories: expected an object of 1 to 65535 goods categories")
scen("092_vat_above_one", setp("tariff.categories.cosmetics.vat", 1.5), "tariff.categories.cosmetics.vat: 1.5 is out of range")
scen("093_levy_unknown_key", setp("tariff.categories.cosmetics.duty", {"ad_valorum": 0.1}), "tariff.categories.cosmetics.duty.ad_valorum: unknown key (did you mean \"ad_valorem\"?)")
scen("094_threshold_on_duty", setp("tariff.categories.cosmetics.duty", {"ad_valorem": 0.1, "threshold": {"price_per_unit": 70, "rate_at_or_above": 0.5}}), "a price threshold applies to consumption tax only")
scen("095_ct_rate_one", setp("tariff.categories.cosmetics.ct", 1.0), "tariff.categories.cosmetics.ct: 1 is out of range: expected a rate in [0, 0.99]")
scen("096_regime_missing", delp("regime"), "regime: missing")
scen("097_regime_bad_point", setp("regime.import_tax_at", "third_line"), "regime.import_tax_at: \"third_line\": expected \"first_line\" or \"second_line\"")
scen("098_exemption_unknown_tax", setp("regime.exemptions.0.taxes", ["gst"]), "\"gst\" is not a tax")
scen("099_exemption_unknown_point", setp("regime.exemptions.0.at", ["border"]), "\"border\" is not a point")
scen("100_exemption_without_owners", delp("regime.exemptions.0.owners"), "regime.exemptions.whitelist.owners: missing")
scen("101_duplicate_exemptions", lambda d: d["regime"]["exemptions"].append(copy.deepcopy(d["regime"]["exemptions"][0])), "two exemptions are named \"whitelist\"")
scen("102_de_minimis_negative", setp("regime.de_minimis_cny", -1), "regime.de_minimis_cny: -1 is out of range")
# --- extends
write("110_extends_cycle_a.json", '{"extends": "110_extends_cycle_b.json"}', "validate {f}", 2, "through a cycle")
write("110_extends_cycle_b.json", '{"extends": "110_extends_cycle_a.json"}', "validate {f}", 2, "through a cycle")
write("111_extends_missing_file.json", '{"extends": "no_such_base.json", "name": "x"}', "validate {f}", 2, "no_such_base.json: (top level): cannot open")
write("112_extends_a_number.json", '{"extends": 7, "name": "x"}', "validate {f}", 2, "extends: expected a file name")
write("113_extends_itself.json", '{"extends": "113_extends_itself.json"}', "validate {f}", 2, "through a cycle")
scen("103_warmup_and_warmup_days", setp("warmup", "auto"), "warmup: give \"warmup\" or \"warmup_days\", not both")
scen("104_warmup_unknown_word", lambda d: (d.pop("warmup_days"), d.update({"warmup": "soon"})), "warmup: \"soon\": expected minutes as a number")
scen("105_selective_tariff_unknown_rule", setp("regime.selective_tariff", "cheapest"), "regime.selective_tariff: \"cheapest\": expected one of \"none\", \"materials\", \"finished\", \"cheaper\"")
scen("106_min_value_added_negative", setp("regime.exemptions.0.min_value_added", -0.1), "min_value_added: -0.1 is out of range")
scen("107_processing_unknown_product", setp("flows.0.processing", {"share": 0.5, "product": "cosmetic", "value_added": 0.3}), "category \"cosmetic\" is not in tariff.categories (did you mean \"cosmetics\"?)")
scen("108_processing_share_above_one", setp("flows.0.processing", {"share": 1.5, "product": "cosmetics", "value_added": 0.3}), "flows.f.processing.share: 1.5 is out of range")
scen("109_processing_unknown_key", setp("flows.0.processing", {"share": 0.5, "product": "cosmetics", "value_add": 0.3}), "flows.f.processing.value_add: unknown key (did you mean \"value_added\"?)")
scen("114_personal_without_rate", setp("flows.0.personal", {"allowance_cny": 12000}), "flows.f.personal.postal_rate: missing")
scen("115_personal_from_mainland", lambda d: d["flows"][0].update({"origin": "mainland", "personal": {"postal_rate": 0.13}}), "personal articles are taxed at the first line")
scen("116_policy_change_out_of_order", setp("policy_changes", [{"at": "5 d", "set": {"lines.first_line.lanes": 3}}, {"at": "2 d", "set": {"lines.first_line.lanes": 4}}]), "changes must come in increasing time, inside the horizon")
scen("117_policy_change_adds_a_flow", setp("policy_changes", [{"at": "5 d", "set": {"flows.1": {"name": "g", "owner": "o", "rate_per_day": 1, "categories": {"cosmetics": 1}, "value_cny": 1, "route": {"re_export": 1}, "dwell": "1 d"}}}]), "index 1 is outside the array (0..0)")
scen("118_policy_change_bad_value", setp("policy_changes", [{"at": "5 d", "set": {"lines.first_line.lanes": 0}}]), "lines.first_line.lanes: 0 is out of range")
scen("119_policy_change_hours", setp("policy_changes", [{"at": "5 d", "set": {"lines.first_line.open": "24h"}}]), "may not change opening hours")
scen("121_demand_positive_elasticity", setp("flows.0.demand", {"elasticity": 2}), "flows.f.demand.elasticity: 2 is out of range")
# a demand response whose factor is huge (once: a run at 1e99 arrivals a day that never ended)
scen("122_demand_rate_beyond", setp("flows.0.demand", {"elasticity": -50, "reference_tax_rate": 100}),
     "flows.f.demand: the demand response multiplies rate_per_day by")
# processing whose product passes 1e16 CNY: no tax rate for demand to respond to (once: int64 overflow)
scen("123_demand_product_beyond", lambda d: d["flows"][0].update({
    "processing": {"share": 1, "product": "cosmetics", "value_added": 1e12},
    "demand": {"elasticity": -1, "reference_tax_rate": 0.1}}),
     "flows.f.demand: the tax rate the demand responds to cannot be computed")
scen("124_quantity_beyond", setp("flows.0.quantity", 1e13), "flows.f.quantity: a mean of 1e+13 units is beyond the 1e+12 units")
# --- memory
scen("120_run_too_large_for_memory", lambda d: d["flows"][0].update({"rate_per_day": 1e6, "dwell": "20000 d"}),
     "the run would hold about", command="run {f} -o /tmp/zonesim-bad-out-120")
# --- command line
# costs whose products pass a double cannot be ranked (once: inf and NaN costs, exit 0)
cases.append(("-", "search ../../scenarios/hetao_baseline.json --vary lines.second_line.lanes=2,3 --target 'l2_time_p90_min<=480' --cost lines.second_line.lanes=1e308 -o /tmp/zonesim-bad-out-search", 2, "a candidate's cost is not a finite number"))
# a range spanning all of long (once: B - A overflowed before it was compared)
cases.append(("-", "sweep ../../scenarios/hetao_baseline.json --vary lines.first_line.lanes=-9223372036854775808..9223372036854775807 -o /tmp/zonesim-bad-out-sweep", 2, "expected A <= B and at most 1000 values"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json -r 0", 2, "--replications \"0\": expected a whole number from 1 to 1000000"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json -j 10000", 2, "--threads \"10000\": expected a whole number from 1 to 256"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --set flows.nope.rate_per_day=1", 2, "no element \"nope\" in that array"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --set lines", 2, "--set \"lines\": expected PATH=VALUE"))
cases.append(("-", "run", 2, "run: expected one scenario file"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --frobnicate", 2, "run: --frobnicate is not an option of run (see zonesim run --help)"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json -s abc", 2, "--seed \"abc\": expected a seed"))
cases.append(("-", "validate", 2, "validate: expected one or more scenario files"))
cases.append(("-", "run no_such_scenario.json", 2, "no_such_scenario.json: (top level): cannot open"))
cases.append(("-", "run .", 2, "is a folder, not a file"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --set horizon_days=-3", 2, "horizon_days: -3 is out of range"))
cases.append(("-", "compare ../../scenarios/hetao_baseline.json", 2, "compare: expected a BASE scenario file and 1 to 16 ALT files"))
cases.append(("-", "compare ../../scenarios/hetao_baseline.json 031_zero_lanes.json", 2, "lines.first_line.lanes: 0 is out of range"))
cases.append(("-", "sweep ../../scenarios/hetao_baseline.json", 2, "at least one --vary"))
cases.append(("-", "sweep ../../scenarios/hetao_baseline.json --vary lines.second_line.lanes", 2, "--vary \"lines.second_line.lanes\": expected PATH=V1,V2"))
cases.append(("-", "sweep ../../scenarios/hetao_baseline.json --vary lines.second_line.lanes=3,,4", 2, "--vary \"lines.second_line.lanes=3,,4\": an empty value"))
cases.append(("-", "sweep ../../scenarios/hetao_baseline.json --vary lines.second_line.lanse=3,4", 2, "did you mean \"lanes\""))
cases.append(("-", "merge", 2, "merge: expected shard folders and -o DIR"))
cases.append(("-", "merge . -o /tmp/zonesim-bad-merge", 2, "not a zonesim results folder"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --reps 5..2", 2, "--reps \"5..2\": expected a range A..B of whole numbers"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --reps 0..3 -r 4", 2, "--reps A..B names the replications"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --precision tax_total_cny=2", 2, "--precision \"tax_total_cny=2\": expected KPI=REL with 0 < REL < 1"))
cases.append(("-", "run ../../scenarios/hetao_baseline.json --precision nope=0.1", 2, "--precision nope=0.1: no KPI of that name"))
# --- assess
def assess(name, obj, expected, raw=None):
    write(name + ".assess.json", raw if raw is not None else json.dumps(obj), "assess {f}", 2, expected)
assess("130_assess_no_goods", {"customs_value_cny": 100}, "missing: \"tariff_line\" or \"category\"")
assess("131_assess_value_and_price", {"tariff_line": {"duty": 0.05}, "customs_value_cny": 100, "price": 90}, "give either \"customs_value_cny\" or \"price\"")
assess("132_assess_negative_value", {"tariff_line": {"duty": 0.05}, "customs_value_cny": -100}, "customs_value_cny: -100 is out of range")
assess("133_assess_unknown_key", {"tariff_line": {"duty": 0.05}, "customs_valu_cny": 100}, "customs_valu_cny: unknown key (did you mean \"customs_value_cny\"?)")
assess("134_assess_bad_line", {"tariff_line": {"duty": 0.05}, "customs_value_cny": 100, "line": "third_line"}, "line: \"third_line\": expected")
assess("135_assess_bad_direction", {"tariff_line": {"duty": 0.05}, "customs_value_cny": 100, "direction": "sideways"}, "direction: \"sideways\": expected \"import\" or \"export\"")
assess("136_assess_currency_without_rate", {"tariff_line": {"duty": 0.05}, "price": 100, "currency": "USD"}, "fx_rate: missing: the CNY per USD rate")
assess("137_assess_category_without_tariff", {"category": "cars", "customs_value_cny": 100}, "a category needs a \"scenario\" or \"regime\" file")
assess("138_assess_missing_regime_file", {"tariff_line": {"duty": 0.05}, "customs_value_cny": 100, "regime": "no_such_regime.json"}, "cannot open")
assess("139_assess_malformed", None, "JSON syntax error", raw='{"tariff_line": ')
assess("140_assess_rate_out_of_range", {"tariff_line": {"duty": 20}, "customs_value_cny": 100}, "tariff_line.duty: 20 is out of range")
assess("141_assess_unknown_category", {"scenario": "../../scenarios/hetao_baseline.json", "category": "cars", "customs_value_cny": 100}, "\"cars\" is not in the tariff")
assess("142_assess_negative_quantity", {"tariff_line": {"duty": 0.05}, "customs_value_cny": 100, "quantity": -1}, "quantity: -1 is out of range")
assess("143_assess_not_an_object", None, "expected an object, found an array", raw="[]")

with open("MANIFEST", "w") as f:
    f.write("# file\tcommand ({f} = the file; run from tests/bad/)\texit\texpected on stderr\n")
    for c in cases:
        f.write("\t".join(str(x) for x in c) + "\n")
print(len(cases), "cases")
