/* assess.c: the taxes on one consignment.  See assess.h. */
#include "models/tax/assess.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"
#include "models/tax/regime.h"
#include "models/tax/taxpoint.h"

static const char *const ASSESS_KEYS[] = {"tariff_line", "category", "scenario", "regime",
                                          "customs_value_cny", "price", "freight", "insurance",
                                          "currency", "fx_rate", "quantity", "origin", "owner",
                                          "to_owner", "line", "direction", NULL};

typedef struct input {
    cz_tariff_line_t tl;
    cz_scenario_t *rules;      /* regime and tariff from a file, or NULL */
    int64_t cv_fen;
    double qty;
    const char *origin, *owner, *to_owner;
    cz_point_t at;
    bool export;
} input_t;

static void read_rules_file(cz_reader_t *r, const cJSON *in, const char *key, input_t *x)
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

static void read_goods(cz_reader_t *r, const cJSON *in, input_t *x)
{
    const cJSON *tl = cJSON_GetObjectItemCaseSensitive(in, "tariff_line");
    const char *cat = cz_get_string(r, in, "category", NULL, false);
    if (tl) {
        size_t m = cz_push(r, "tariff_line");
        cz_read_tariff_line(r, tl, &x->tl);
        cz_pop(r, m);
        snprintf(x->tl.name, sizeof x->tl.name, "%s", cat ? cat : "tariff_line");
    } else if (cat && x->rules && x->rules->ncats > 0) {
        int k = cz_scenario_category(x->rules, cat);
        if (k < 0)
            cz_err(r, "category", "\"%s\" is not in the tariff of %s", cat, x->rules->file);
        else
            x->tl = x->rules->cats[k];
    } else if (cat) {
        cz_err(r, "category", "a category needs a \"scenario\" or \"regime\" file with a tariff");
    } else {
        cz_err(r, NULL, "missing: \"tariff_line\" or \"category\"");
    }
}

static void read_value(cz_reader_t *r, const cJSON *in, input_t *x)
{
    bool has_cv = cJSON_GetObjectItemCaseSensitive(in, "customs_value_cny") != NULL;
    bool has_price = cJSON_GetObjectItemCaseSensitive(in, "price") != NULL;
    if (has_cv == has_price) {
        cz_err(r, NULL, "give either \"customs_value_cny\" or \"price\" (with freight, insurance)");
        return;
    }
    if (has_cv) {
        x->cv_fen = cz_fen(cz_get_number(r, in, "customs_value_cny", 0, true, 0, 1e15));
        return;
    }
    double price = cz_get_number(r, in, "price", 0, true, 0, 1e15);
    double freight = cz_get_number(r, in, "freight", 0, false, 0, 1e15);
    double ins = cz_get_number(r, in, "insurance", -1, false, 0, 1e15);
    double fx = cz_get_number(r, in, "fx_rate", 1, false, 1e-9, 1e9);
    const char *cur = cz_get_string(r, in, "currency", "CNY", false);
    if (strcmp(cur, "CNY") != 0 && !cJSON_GetObjectItemCaseSensitive(in, "fx_rate"))
        cz_err(r, "fx_rate", "missing: the CNY per %s rate is needed to convert the value", cur);
    x->cv_fen = cz_customs_value_fen(price, freight, ins, fx);
}

static void read_point(cz_reader_t *r, const cJSON *in, input_t *x)
{
    const char *line = cz_get_string(r, in, "line", "second_line", false);
    if (!cz_point_from_name(line, &x->at))
        cz_err(r, "line", "\"%s\": expected \"first_line\", \"second_line\", \"zone\" or \"transfer\"", line);
    const char *dir = cz_get_string(r, in, "direction", "import", false);
    if (strcmp(dir, "import") && strcmp(dir, "export"))
        cz_err(r, "direction", "\"%s\": expected \"import\" or \"export\"", dir);
    x->export = strcmp(dir, "export") == 0;
    if (x->export && x->at != CZ_FIRST_LINE && x->at != CZ_SECOND_LINE)
        cz_err(r, "line", "export duty falls at a line: \"first_line\" (leaving abroad) or \"second_line\" "
               "(entering the zone from the mainland)");
    x->to_owner = cz_get_string(r, in, "to_owner", NULL, x->at == CZ_TRANSFER && cz_ok(r));
    if (x->to_owner && x->at != CZ_TRANSFER)
        cz_err(r, "to_owner", "a new owner applies to \"line\": \"transfer\" only");
}

static bool read_input(cz_reader_t *r, const cJSON *in, input_t *x)
{
    memset(x, 0, sizeof *x);
    if (!cz_check_object(r, in, ASSESS_KEYS))
        return false;
    read_rules_file(r, in, "scenario", x);
    if (!x->rules)
        read_rules_file(r, in, "regime", x);
    read_goods(r, in, x);
    read_value(r, in, x);
    x->qty = cz_get_number(r, in, "quantity", 1, false, 0, 1e15);
    x->origin = cz_get_string(r, in, "origin", NULL, false);
    x->owner = cz_get_string(r, in, "owner", "ordinary", false);
    read_point(r, in, x);
    return cz_ok(r);
}

static void add_money(cJSON *o, const char *k, int64_t fen) { cJSON_AddNumberToObject(o, k, cz_cny(fen)); }

static void add_rule(cJSON *rules, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_rule(cJSON *rules, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cJSON_AddItemToArray(rules, cJSON_CreateString(buf));
}

static void describe_tariff(cJSON *rules, const cz_tariff_line_t *tl, cz_ct_rule_t ct)
{
    add_rule(rules, "duty: %g%% of customs value%s", tl->duty.ad_valorem * 100,
             tl->duty.per_unit > 0 ? " plus a per-unit amount" : "");
    if (ct == CZ_CT_THRESHOLD_ABOVE)
        add_rule(rules, "ct: price per unit at or above %g CNY: rate %g%%", tl->ct_threshold.price_per_unit,
                 tl->ct_threshold.rate_at_or_above * 100);
    else if (ct == CZ_CT_THRESHOLD_BELOW)
        add_rule(rules, "ct: price per unit below %g CNY: rate %g%%", tl->ct_threshold.price_per_unit,
                 tl->ct.ad_valorem * 100);
    else if (ct == CZ_CT_PLAIN)
        add_rule(rules, "ct: on the composite price (value + duty) / (1 - rate)");
    add_rule(rules, "vat: %g%% of value + duty + ct", tl->vat * 100);
}

/* The move the input describes, and the goods' state on the regular path. */
static cz_move_t input_move(const input_t *x)
{
    static const cz_move_t import[CZ_NPOINTS] = {CZ_MOVE_ENTRY, CZ_MOVE_USED_UP, CZ_MOVE_TO_MAINLAND, CZ_MOVE_TRANSFER};
    if (x->export)
        return x->at == CZ_FIRST_LINE ? CZ_MOVE_MAINLAND_ABROAD : CZ_MOVE_FROM_MAINLAND;
    return import[x->at];
}

static void exemptions_out(cJSON *ex, cJSON *rules, const cz_regime_t *rg, const cz_assessment_t *a,
                           const char *owner, cz_point_t at)
{
    for (int i = 0; i < rg->nex; i++)
        if (a->exempted_by & (1u << i)) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "name", rg->ex[i].name);
            add_money(e, "forgone_cny", a->forgone[i]);
            cJSON_AddItemToArray(ex, e);
            add_rule(rules, "exemption %s: owner %s at the %s", rg->ex[i].name, owner, cz_point_name(at));
        }
    if (a->de_minimis) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", "de_minimis");
        add_money(e, "forgone_cny", a->forgone[CZ_FORGONE_DE_MINIMIS]);
        cJSON_AddItemToArray(ex, e);
        add_rule(rules, "de minimis: tax at or below %g CNY is waived", rg->de_minimis_cny);
    }
}

static void levy(const input_t *x, const cz_regime_t *rg, cz_tax_point_t tp, cz_assessment_t *a, cJSON *ex,
                 cJSON *rules)
{
    const char *owner = x->at == CZ_TRANSFER ? x->to_owner : x->owner;
    if (tp.levies & CZ_LEVY_EXPORT_DUTY) {
        a->due.fen[CZ_EXPORT_DUTY] = cz_assess_export(&x->tl, x->cv_fen, x->qty);
        a->full = a->due;
        add_rule(rules, "export duty: FOB / (1 + %g) x %g", x->tl.export_duty.ad_valorem, x->tl.export_duty.ad_valorem);
    }
    if (tp.levies & CZ_LEVY_REFUND) {
        a->due.fen[CZ_REFUND] = -cz_refund_on_entry(&x->tl, x->cv_fen);
        add_rule(rules, "refund: entry into the zone counts as export; VAT and consumption tax refunded");
    }
    if (tp.levies & CZ_LEVY_IMPORT) {
        cz_regime_assess_import(rg, &x->tl, owner, tp.point, x->cv_fen, x->qty, x->origin, a);
        describe_tariff(rules, &x->tl, a->ct_rule);
        exemptions_out(ex, rules, rg, a, owner, tp.point);
    }
    if (!tp.levies)
        add_rule(rules, "nothing falls here under regime %s: import taxes fall at the %s%s", rg->name,
                 cz_point_name(rg->import_tax_at),
                 rg->import_tax_at == CZ_FIRST_LINE ? " (the goods paid on entry)" : "");
}

static cJSON *assess(const input_t *x)
{
    cJSON *o = cJSON_CreateObject(), *ex = cJSON_CreateArray(), *rules = cJSON_CreateArray();
    /* Without a regime file: the point given is where the taxes fall. */
    cz_point_t line = x->at == CZ_FIRST_LINE ? CZ_FIRST_LINE : CZ_SECOND_LINE;
    cz_regime_t none = {.name = "none", .import_tax_at = line, .export_duty_at = line,
                        .back_payment_on_transfer = true};
    const cz_regime_t *rg = x->rules ? &x->rules->regime : &none;
    cz_move_t move = input_move(x);
    cz_goods_state_t g = {.settled = move != CZ_MOVE_ENTRY && rg->import_tax_at == CZ_FIRST_LINE};
    if (move == CZ_MOVE_TRANSFER)
        g.exemption_lost = (cz_regime_exempt_taxes(rg, &x->tl, x->owner, CZ_ZONE) &
                            ~cz_regime_exempt_taxes(rg, &x->tl, x->to_owner, CZ_ZONE)) != 0;
    cz_tax_point_t tp = cz_tax_point(rg, move, &g);
    cz_assessment_t a;
    memset(&a, 0, sizeof a);
    cJSON_AddStringToObject(o, "category", x->tl.name);
    add_money(o, "customs_value_cny", x->cv_fen);
    if (x->rules)
        cJSON_AddStringToObject(o, "regime", rg->name);
    cJSON_AddStringToObject(o, "point", cz_point_name(tp.point));
    cJSON_AddStringToObject(o, "move", cz_move_name(move));
    levy(x, rg, tp, &a, ex, rules);
    add_money(o, "duty_cny", a.due.fen[CZ_DUTY]);
    add_money(o, "ct_cny", a.due.fen[CZ_CT]);
    add_money(o, "vat_cny", a.due.fen[CZ_VAT]);
    add_money(o, "export_duty_cny", a.due.fen[CZ_EXPORT_DUTY]);
    add_money(o, "refund_cny", a.due.fen[CZ_REFUND]);
    add_money(o, "total_cny", cz_taxes_total(&a.due));
    add_money(o, "full_tax_cny", cz_taxes_total(&a.full));
    cJSON_AddItemToObject(o, "exemptions", ex);
    cJSON_AddItemToObject(o, "rules", rules);
    return o;
}

char *cz_assess_json(cz_reader_t *r, const cJSON *in)
{
    input_t x = {0};
    char *result = NULL;
    if (read_input(r, in, &x)) {
        cJSON *out = assess(&x);
        result = out ? cJSON_Print(out) : NULL;
        cJSON_Delete(out);
    }
    cz_scenario_free(x.rules);
    return result;
}

char *cz_assess_text(cz_reader_t *r, const char *text, size_t len)
{
    cJSON *in = cz_parse_json_text(r, text, len);
    char *result = in ? cz_assess_json(r, in) : NULL;
    cJSON_Delete(in);
    return result;
}

