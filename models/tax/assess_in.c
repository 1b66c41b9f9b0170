/* assess_in.c: reading the input of `zonesim assess`.  See assess_in.h and
 * `zonesim assess --help` for the keys. */
#include "models/tax/assess_in.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const KEYS[] = {"tariff_line", "category", "scenario", "regime", "customs_value_cny", "price",
                                   "freight", "insurance", "currency", "fx_rate", "quantity", "origin", "owner",
                                   "to_owner", "line", "direction", "move", "leaving_abroad", "opted_out",
                                   "refunded", "processing", "elapsed_months", "personal", "agreements", "mfn",
                                   NULL};
static const char *const PROCESSING_KEYS[] = {"materials_category", "materials_tariff_line", "materials_value_cny",
                                              "domestic_cny", NULL};

static bool has(const cJSON *in, const char *key) { return cJSON_GetObjectItemCaseSensitive(in, key) != NULL; }
static const char *const PERSONAL_KEYS[] = {"kind", "rate", "allowance_cny", "waiver_cny", NULL};

static void read_rules_file(cz_reader_t *r, const cJSON *in, const char *key, assess_in_t *x)
{
    const char *file = cz_get_string(r, in, key, NULL, false);
    if (!file)
        return;
    cz_reader_t sub;
    cz_reader_init(&sub, file);
    cJSON *root = cz_scenario_resolve(&sub, file, NULL, 0);
    x->rules = root ? cz_scenario_rules(&sub, root, file) : NULL;
    if (root && !x->rules)
        cJSON_Delete(root);
    for (int i = 0; i < sub.nerrors; i++)
        cz_err(r, key, "%s", sub.errors[i]);
    cz_reader_fini(&sub);
}

/* A tariff line given inline (tl_key) or by name from the rules file (cat_key). */
static bool read_line(cz_reader_t *r, const cJSON *in, const char *tl_key, const char *cat_key, assess_in_t *x,
                      cz_tariff_line_t *out)
{
    const cJSON *tl = cJSON_GetObjectItemCaseSensitive(in, tl_key);
    const char *cat = cz_get_string(r, in, cat_key, NULL, false);
    if (tl && cat) {
        cz_err(r, tl_key, "give either \"%s\" or \"%s\", not both", tl_key, cat_key);
    } else if (tl) {
        size_t m = cz_push(r, tl_key);
        cz_read_tariff_line(r, tl, out, &x->ag, x->extra[out == &x->tl ? 0 : 1]);
        cz_pop(r, m);
        snprintf(out->name, sizeof out->name, "%s", cat ? cat : tl_key);
    } else if (cat && x->rules && x->rules->ncats > 0) {
        int k = cz_scenario_category(x->rules, cat);
        if (k < 0)
            cz_err(r, cat_key, "\"%s\" is not in the tariff of %s", cat, x->rules->file);
        else
            *out = x->rules->cats[k];
    } else if (cat) {
        cz_err(r, cat_key, "a category needs a \"scenario\" or \"regime\" file with a tariff");
    } else {
        return false;
    }
    return true;
}

static void read_value(cz_reader_t *r, const cJSON *in, assess_in_t *x)
{
    bool has_cv = cJSON_GetObjectItemCaseSensitive(in, "customs_value_cny") != NULL;
    bool has_price = cJSON_GetObjectItemCaseSensitive(in, "price") != NULL;
    if (has_cv == has_price) {
        cz_err(r, NULL, "give either \"customs_value_cny\" or \"price\" (with freight, insurance)");
        return;
    }
    if (has_cv) {
        static const char *const parts[] = {"freight", "insurance", "currency", "fx_rate", NULL};
        for (int i = 0; parts[i]; i++)
            if (has(in, parts[i]))
                cz_err(r, parts[i], "applies to a value given by \"price\"; the customs value is given");
        x->g.cv_fen = cz_get_money(r, in, "customs_value_cny", 0, true, 1e15);
        return;
    }
    double price = cz_get_number(r, in, "price", 0, true, 0, 1e15);
    double freight = cz_get_number(r, in, "freight", 0, false, 0, 1e15);
    double ins = cz_get_number(r, in, "insurance", -1, false, 0, 1e15);
    double fx = cz_get_number(r, in, "fx_rate", 1, false, 1e-8, 1e6);
    const char *cur = cz_get_string(r, in, "currency", "CNY", false);
    if (strcmp(cur, "CNY") != 0 && !has(in, "fx_rate"))
        cz_err(r, "fx_rate", "missing: the CNY per %s rate is needed to convert the value", cur);
    else if (strcmp(cur, "CNY") == 0 && has(in, "fx_rate"))
        cz_err(r, "fx_rate", "converts a price in another currency: give \"currency\" (the price is in CNY otherwise)");
    else if (cz_ok(r) && !cz_customs_value_fen(price, freight, ins, fx, &x->g.cv_fen))
        cz_err(r, "price", "price, freight and insurance (6 decimals at most) at fx_rate (8 at most) give a customs "
               "value that is not exact or beyond %g CNY", (double)CZ_MAX_FEN / 100);
}

static void read_processing(cz_reader_t *r, const cJSON *in, assess_in_t *x)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(in, "processing");
    x->va_ratio = NAN;
    if (!p)
        return;
    size_t m = cz_push(r, "processing");
    if (cz_check_object(r, p, PROCESSING_KEYS)) {
        x->processed = true;
        if (!read_line(r, p, "materials_tariff_line", "materials_category", x, &x->material))
            cz_err(r, NULL, "missing: \"materials_category\" or \"materials_tariff_line\"");
        x->materials_fen = cz_get_money(r, p, "materials_value_cny", 0, true, 1e15);
        int64_t domestic = cz_get_money(r, p, "domestic_cny", 0, false, 1e15);
        if (cz_ok(r) && x->materials_fen + domestic <= 0)
            cz_err(r, "materials_value_cny", "the goods were made of something: materials worth more than 0");
        else if (cz_ok(r)) /* Hainan's formula, from the values: (P - M - D) / (M + D) */
            x->va_ratio = cz_value_added_ratio(cz_cny(x->g.cv_fen), cz_cny(x->materials_fen), cz_cny(domestic));
    }
    cz_pop(r, m);
}

static void read_personal(cz_reader_t *r, const cJSON *in, assess_in_t *x)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(in, "personal");
    if (!p)
        return;
    size_t m = cz_push(r, "personal");
    if (cz_check_object(r, p, PERSONAL_KEYS)) {
        x->state.personal = true;
        const char *kind = cz_get_string(r, p, "kind", "postal", false);
        if (strcmp(kind, "postal") && strcmp(kind, "baggage"))
            cz_err(r, "kind", "\"%s\": expected \"postal\" or \"baggage\"", kind);
        x->personal_kind = strcmp(kind, "baggage") ? CZ_POSTAL_ARTICLES : CZ_BAGGAGE;
        x->personal_rate = cz_get_rate(r, p, "rate", 0, true, 1);
        x->allowance_fen = cz_get_money(r, p, "allowance_cny", 0, false, 1e9);
        x->waiver_fen = cz_get_money(r, p, "waiver_cny", x->personal_kind == CZ_BAGGAGE ? 0 : 5000, false, 1e9);
        if (x->personal_kind == CZ_BAGGAGE && has(p, "waiver_cny"))
            cz_err(r, "waiver_cny", "the 50 CNY waiver is for postal articles; baggage has an allowance");
        if (x->personal_kind == CZ_BAGGAGE && (x->g.qty < CZ_QTY_ONE || x->g.qty % CZ_QTY_ONE))
            cz_err(r, NULL, "baggage is counted in whole articles: a quantity of 1 or more, whole");
    }
    cz_pop(r, m);
}

/* The move: "move" by name, or "line" and "direction". */
static void read_move(cz_reader_t *r, const cJSON *in, assess_in_t *x)
{
    static const cz_move_t import[CZ_NPOINTS] = {CZ_MOVE_ENTRY, CZ_MOVE_USED_UP, CZ_MOVE_TO_MAINLAND, CZ_MOVE_TRANSFER};
    const char *move = cz_get_string(r, in, "move", NULL, false);
    const char *line = cz_get_string(r, in, "line", "second_line", false);
    const char *dir = cz_get_string(r, in, "direction", "import", false);
    cz_point_t at = CZ_SECOND_LINE;
    if (move && (cJSON_GetObjectItemCaseSensitive(in, "line") || cJSON_GetObjectItemCaseSensitive(in, "direction"))) {
        cz_err(r, "move", "give either \"move\" or \"line\" with \"direction\", not both");
    } else if (move) {
        for (int m = 0; m <= CZ_NMOVES; m++)
            if (m == CZ_NMOVES)
                cz_err(r, "move", "\"%s\": expected entry, to_mainland, used_up, transfer, re_export, from_mainland "
                       "or mainland_abroad", move);
            else if (!strcmp(move, cz_move_name((cz_move_t)m))) {
                x->move = (cz_move_t)m;
                break;
            }
    } else if (!cz_point_from_name(line, &at)) {
        cz_err(r, "line", "\"%s\": expected \"first_line\", \"second_line\", \"zone\" or \"transfer\"", line);
    } else if (strcmp(dir, "import") && strcmp(dir, "export")) {
        cz_err(r, "direction", "\"%s\": expected \"import\" or \"export\"", dir);
    } else if (!strcmp(dir, "export") && at != CZ_FIRST_LINE && at != CZ_SECOND_LINE) {
        cz_err(r, "line", "export duty falls at a line: \"first_line\" (leaving abroad) or \"second_line\" "
               "(entering the zone from the mainland)");
    } else {
        x->move = !strcmp(dir, "export") ? (at == CZ_FIRST_LINE ? CZ_MOVE_MAINLAND_ABROAD : CZ_MOVE_FROM_MAINLAND)
                                         : import[at];
    }
    x->state.mainland = x->move == CZ_MOVE_FROM_MAINLAND || x->move == CZ_MOVE_MAINLAND_ABROAD;
}

/* The duty rate's basis (tax.h, cz_duty_levy): "agreements" the goods qualify
 * under (their origin is a partner and they have proof of origin) and "mfn":
 * false for an origin without MFN treatment.  With a scenario or regime file
 * whose tariff.origins lists the origin, its treatment is the default and the
 * agreements must be among its own. */
static void read_treatment(cz_reader_t *r, const cJSON *in, assess_in_t *x)
{
    const cz_scenario_t *s = x->rules;
    const cz_origin_t *org = NULL;
    for (int i = 0; s && x->g.origin && i < s->norigins; i++)
        if (!strcmp(s->origins[i].name, x->g.origin))
            org = &s->origins[i];
    x->g.no_mfn = !cz_get_bool(r, in, "mfn", org ? !org->no_mfn : true);
    if (org && has(in, "mfn") && x->g.no_mfn != org->no_mfn)
        cz_err(r, "mfn", "%s: tariff.origins of %s says %s MFN treatment: leave \"mfn\" out", org->name, s->file,
               org->no_mfn ? "it has no" : "it has");
    if (x->g.no_mfn && (!x->tl.has_general || (x->processed && !x->material.has_general)))
        cz_err(r, "mfn", "false: goods of an origin without MFN treatment pay the general rate, and the %s has none",
               !x->tl.has_general ? "line" : "materials' line");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(in, "agreements");
    if (!a)
        return;
    if (!cJSON_IsArray(a)) {
        cz_err(r, "agreements", "expected a list of agreement names, e.g. [\"CEPA\"]");
        return;
    }
    for (const cJSON *it = a->child; it; it = it->next) {
        const char *name = cJSON_IsString(it) ? it->valuestring : "";
        const cz_agreements_t *table = &x->ag;
        int k = -1;
        for (int i = 0; i < table->n; i++)
            if (!strcmp(table->name[i], name))
                k = i;
        if (k < 0)
            cz_err(r, "agreements", "\"%s\": no tariff line here has a rate under an agreement of that name", name);
        else if (org && !(org->agreements & (1u << k)))
            cz_err(r, "agreements", "\"%s\" does not cover goods of %s (tariff.origins of %s)", name, org->name,
                   s->file);
        else
            x->g.agreements |= 1u << k;
    }
    if (x->g.agreements && !x->g.origin)
        cz_err(r, "agreements", "an agreement covers goods of a partner's origin: give \"origin\"");
    if (x->g.agreements && x->g.no_mfn)
        cz_err(r, "mfn", "an origin without MFN treatment has no trade agreement: give one or the other");
}

static void read_state(cz_reader_t *r, const cJSON *in, assess_in_t *x)
{
    x->owner = cz_get_string(r, in, "owner", "ordinary", false);
    x->to_owner = cz_get_string(r, in, "to_owner", NULL, x->move == CZ_MOVE_TRANSFER && cz_ok(r));
    if (x->to_owner && x->move != CZ_MOVE_TRANSFER)
        cz_err(r, "to_owner", "a new owner applies to a transfer only");
    x->g.origin = cz_get_string(r, in, "origin", NULL, false);
    x->g.qty = CZ_QTY_ONE;
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(in, "quantity");
    if (q && cJSON_IsNumber(q) && q->valuedouble < 0)
        cz_err(r, "quantity", "%.17g is out of range: expected a quantity >= 0", q->valuedouble);
    else if (q && (!cJSON_IsNumber(q) || !cz_qty_from_double(q->valuedouble, &x->g.qty)))
        cz_err(r, "quantity", "expected a quantity >= 0 with at most 6 decimals, at most 1e12");
    x->state.leaving_abroad = cz_get_bool(r, in, "leaving_abroad", false);
    x->state.opted_out = cz_get_bool(r, in, "opted_out", false);
    x->state.refunded = cz_get_bool(r, in, "refunded", false);
    if (x->state.refunded) /* mainland goods that entered as exports */
        x->state.mainland = true;
    x->has_months = has(in, "elapsed_months");
    x->months = cz_get_int(r, in, "elapsed_months", 0, false, 0, 12000);
}

/* Keys that describe other goods or another move than the one given are
 * errors, never ignored. */
static void check_applies(cz_reader_t *r, const cJSON *in, const assess_in_t *x)
{
    cz_move_t m = x->move;
    bool leaving = m == CZ_MOVE_TO_MAINLAND || m == CZ_MOVE_USED_UP || m == CZ_MOVE_TRANSFER;
    if (x->state.refunded && m != CZ_MOVE_TO_MAINLAND && m != CZ_MOVE_USED_UP && m != CZ_MOVE_MAINLAND_ABROAD)
        cz_err(r, "refunded", "describes mainland goods that entered as exports, then go back (to_mainland), are "
               "used up (used_up) or leave abroad (mainland_abroad)");
    if (x->state.leaving_abroad && m != CZ_MOVE_ENTRY)
        cz_err(r, "leaving_abroad", "says how goods are declared on entry: it applies to \"entry\" only");
    if (x->state.opted_out && x->state.mainland)
        cz_err(r, "opted_out", "units opt out of import exemptions: goods from abroad only");
    if (x->state.personal && x->state.mainland)
        cz_err(r, "personal", "personal articles come from abroad");
    if (x->processed && (x->state.mainland || !leaving))
        cz_err(r, "processing", "goods processed in the zone are assessed when they leave it: to_mainland, used_up "
               "or transfer, from abroad");
    if (x->g.qty == 0 && (x->tl.duty.unit_fen || x->tl.ct.unit_fen || x->tl.ct_threshold.on ||
                          x->tl.export_duty.unit_fen))
        cz_err(r, "quantity", "0: a per-unit levy or a price-per-unit threshold needs the quantity");
    if (has(in, "scenario") && has(in, "regime"))
        cz_err(r, "regime", "give either \"scenario\" or \"regime\", not both");
}

bool cz_assess_read(cz_reader_t *r, const cJSON *in, assess_in_t *x)
{
    memset(x, 0, sizeof *x);
    if (!cz_check_object(r, in, KEYS))
        return false;
    read_rules_file(r, in, has(in, "scenario") ? "scenario" : "regime", x);
    if (x->rules) /* one index of agreements for the scenario's lines and those given here */
        x->ag = x->rules->agreements;
    x->ag.add = true;
    if (!read_line(r, in, "tariff_line", "category", x, &x->tl))
        cz_err(r, NULL, "missing: \"tariff_line\" or \"category\"");
    read_value(r, in, x);
    read_move(r, in, x);
    read_state(r, in, x);
    read_processing(r, in, x);
    read_treatment(r, in, x); /* after every line: their agreements are in x->ag */
    read_personal(r, in, x);
    if (cz_ok(r))
        check_applies(r, in, x);
    return cz_ok(r);
}
