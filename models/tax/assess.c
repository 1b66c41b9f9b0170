/* assess.c: the taxes on one consignment, where the one rule of taxpoint.h
 * puts them.  See assess.h; the input is read by assess_in.c. */
#include "models/tax/assess.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/tax/assess_in.h"

/* Money as its exact decimal (a JSON number, never rounded through a double). */
static void add_money(cJSON *o, const char *k, int64_t fen)
{
    char buf[CZ_FEN_TEXT];
    cJSON_AddRawToObject(o, k, cz_fen_text(fen, buf));
}

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

static double pct(int64_t rate) { return 100.0 * (double)rate / CZ_RATE_ONE; }

static void describe_tariff(cJSON *rules, const cz_tariff_line_t *tl, const cz_goods_t *g, cz_ct_rule_t ct)
{
    add_rule(rules, "duty: %g%% of customs value%s", pct(tl->duty.rate), tl->duty.unit_fen > 0 ? " plus a per-unit amount" : "");
    if (cz_origin_rate(tl, g->origin))
        add_rule(rules, "additional duty: %g%% on goods of origin %s", pct(cz_origin_rate(tl, g->origin)), g->origin);
    if (ct == CZ_CT_THRESHOLD_ABOVE)
        add_rule(rules, "ct: price per unit at or above %.2f CNY: rate %g%%", cz_cny(tl->ct_threshold.price_fen),
                 pct(tl->ct_threshold.rate_at_or_above));
    else if (ct == CZ_CT_THRESHOLD_BELOW)
        add_rule(rules, "ct: price per unit below %.2f CNY: rate %g%%", cz_cny(tl->ct_threshold.price_fen), pct(tl->ct.rate));
    else if (ct == CZ_CT_PLAIN)
        add_rule(rules, "ct: on the composite price (value + duties) / (1 - rate)");
    add_rule(rules, "vat: %g%% of value + duties + ct charged", pct(tl->vat));
}

static void exemptions_out(cJSON *ex, cJSON *rules, const cz_regime_t *rg, const cz_assessment_t *a, const char *owner,
                           cz_point_t at)
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
        add_rule(rules, "de minimis: tax at or below %.2f CNY (%s) is waived", cz_cny(rg->de_minimis_fen),
                 rg->de_minimis_per_tax ? "each tax alone" : "in total");
    }
}

/* The value owed on: depreciated for exempt goods leaving their exemption. */
static int64_t assessed_value(const assess_in_t *x, const cz_regime_t *rg, cJSON *rules)
{
    if ((x->move != CZ_MOVE_TRANSFER && x->move != CZ_MOVE_TO_MAINLAND) || x->tl.supervision_years <= 0 ||
        !(cz_regime_exempt_taxes(rg, &x->tl, x->owner, CZ_ZONE) & CZ_IMPORT_TAXES))
        return x->g.cv_fen;
    int64_t v = cz_depreciated_value(x->g.cv_fen, x->months, x->tl.supervision_years);
    char owed[CZ_FEN_TEXT], of[CZ_FEN_TEXT];
    add_rule(rules, "exempt goods %ld months into a %d-year supervision: owed on %s CNY of %s", x->months,
             x->tl.supervision_years, cz_fen_text(v, owed), cz_fen_text(x->g.cv_fen, of));
    return v;
}

static void import_levy(const assess_in_t *x, const cz_regime_t *rg, const cz_tax_point_t *tp, cz_assessment_t *a,
                        cJSON *ex, cJSON *rules)
{
    const char *owner = x->move == CZ_MOVE_TRANSFER ? x->to_owner : x->owner;
    cz_material_t m = {&x->material, {x->materials_fen, x->g.qty, x->g.origin}};
    cz_case_t k = {&x->tl, {assessed_value(x, rg, rules), x->g.qty, x->g.origin}, owner, tp->point, x->va_ratio, &m,
                   x->processed ? 1 : 0, (tp->levies & CZ_LEVY_NO_EXEMPTION) != 0};
    cz_regime_assess_import(rg, &k, a);
    describe_tariff(rules, &x->tl, &k.g, a->ct_rule);
    if (k.waived)
        add_rule(rules, "the owner's unit waived its exemptions: taxes paid on entry");
    exemptions_out(ex, rules, rg, a, owner, tp->point);
}

/* Why nothing falls at this move, in words. */
static const char *nothing_why(const assess_in_t *x, const cz_regime_t *rg)
{
    if (x->state.mainland)
        return "nothing falls here: mainland goods owe export duty and get refunds only where the regime puts them";
    if (x->move == CZ_MOVE_ENTRY && x->state.leaving_abroad && rg->reexport_relief == CZ_RELIEF_BONDED)
        return "nothing falls here: goods declared for re-export are stored bonded, untaxed (reexport_relief bonded)";
    if (x->move == CZ_MOVE_REEXPORT && x->state.paid_on_entry)
        return "nothing falls here: taxes paid on entry are paid back only under reexport_relief drawback";
    if (x->move == CZ_MOVE_ENTRY || x->move == CZ_MOVE_REEXPORT)
        return "nothing falls here: the goods are bonded; import taxes fall when they leave for the mainland, are "
               "used up, or lose an exemption";
    if (rg->import_tax_at == CZ_FIRST_LINE)
        return "nothing falls here: under this regime import taxes fall at the first line, on entry";
    return "nothing falls here under this regime (e.g. a transfer that keeps the exemption)";
}

static void levy(const assess_in_t *x, const cz_regime_t *rg, const cz_tax_point_t *tp, cz_assessment_t *a, cJSON *ex,
                 cJSON *rules)
{
    if (tp->levies & CZ_LEVY_IMPORT)
        import_levy(x, rg, tp, a, ex, rules);
    if (tp->levies & CZ_LEVY_EXPORT_DUTY) {
        cz_assessment_t e;
        cz_regime_assess_export(rg, &x->tl, x->owner, tp->point, x->g.cv_fen, x->g.qty, &e);
        a->due.fen[CZ_EXPORT_DUTY] = e.due.fen[CZ_EXPORT_DUTY];
        a->full.fen[CZ_EXPORT_DUTY] = e.full.fen[CZ_EXPORT_DUTY];
        a->due.overflow |= e.full.overflow;
        if (x->tl.export_duty.rate || x->tl.export_duty.unit_fen)
            add_rule(rules, "export duty: FOB / (1 + %g%%) x %g%%%s", pct(x->tl.export_duty.rate),
                     pct(x->tl.export_duty.rate), x->tl.export_duty.unit_fen ? " + quantity x the amount per unit" : "");
        exemptions_out(ex, rules, rg, &e, x->owner, tp->point);
    }
    if (tp->levies & CZ_LEVY_REFUND) {
        a->due.fen[CZ_REFUND] = a->full.fen[CZ_REFUND] = -cz_export_refund(&x->tl, x->g.cv_fen);
        add_rule(rules, "export refund: %g%% of the value", pct(x->tl.export_refund));
    }
    if (tp->levies & CZ_LEVY_DRAWBACK) {
        a->due.fen[CZ_DRAWBACK] = a->full.fen[CZ_DRAWBACK] = -x->paid_on_entry_fen;
        add_rule(rules, "drawback: the import taxes paid on entry, back on re-export");
    }
    if (tp->levies & CZ_LEVY_POSTAL) {
        bool waived;
        a->full.fen[CZ_POSTAL] = cz_personal_tax(x->personal_kind, x->personal_rate, x->g.cv_fen, x->g.qty,
                                                 x->allowance_fen, 0, NULL);
        a->due.fen[CZ_POSTAL] = cz_personal_tax(x->personal_kind, x->personal_rate, x->g.cv_fen, x->g.qty,
                                                x->allowance_fen, x->waiver_fen, &waived);
        add_rule(rules, "personal articles (%s): %g%%%s", x->personal_kind == CZ_BAGGAGE ? "baggage" : "postal",
                 pct(x->personal_rate), waived ? ", waived at or below the waiver" : "");
    }
    if (!tp->levies)
        add_rule(rules, "%s", nothing_why(x, rg));
}

/* The goods' state on the regular path to this move under the regime. */
static cz_goods_state_t regular_state(const assess_in_t *x, const cz_regime_t *rg)
{
    cz_goods_state_t g = x->state;
    if (g.mainland)
        g.settled = !g.refunded;
    else
        g.settled = x->move != CZ_MOVE_ENTRY && (rg->import_tax_at == CZ_FIRST_LINE || g.opted_out);
    if (x->move == CZ_MOVE_TRANSFER) {
        unsigned before = cz_regime_exempt_taxes(rg, &x->tl, x->owner, CZ_ZONE);
        unsigned after = cz_regime_exempt_taxes(rg, &x->tl, x->to_owner, CZ_ZONE);
        g.exemption_lost = rg->transfer_keeps_exemption ? (before & ~after) != 0 : before != 0;
    }
    return g;
}

static void amounts_out(cJSON *o, const cz_assessment_t *a)
{
    static const char *const keys[CZ_NTAX] = {"duty_cny", "additional_duty_cny", "ct_cny", "vat_cny",
                                              "export_duty_cny", "postal_cny", "refund_cny", "drawback_cny"};
    for (int t = 0; t < CZ_NTAX; t++)
        add_money(o, keys[t], a->due.fen[t]);
    add_money(o, "total_cny", cz_taxes_total(&a->due));
    add_money(o, "full_tax_cny", cz_taxes_total(&a->full));
}

static cJSON *assess(const assess_in_t *x, cz_reader_t *r)
{
    /* Without a regime file: the point given is where the taxes fall. */
    cz_point_t line = cz_move_point(x->move) == CZ_FIRST_LINE ? CZ_FIRST_LINE : CZ_SECOND_LINE;
    cz_regime_t none = {.name = "none", .import_tax_at = line, .export_duty_at = line,
                        .back_payment_on_transfer = true, .transfer_keeps_exemption = true};
    const cz_regime_t *rg = x->rules ? &x->rules->regime : &none;
    cz_goods_state_t g = regular_state(x, rg);
    cz_tax_point_t tp = cz_tax_point(rg, x->move, &g);
    cz_assessment_t a;
    memset(&a, 0, sizeof a);
    cJSON *o = cJSON_CreateObject(), *ex = cJSON_CreateArray(), *rules = cJSON_CreateArray();
    cJSON_AddStringToObject(o, "category", x->tl.name);
    add_money(o, "customs_value_cny", x->g.cv_fen);
    if (x->rules)
        cJSON_AddStringToObject(o, "regime", rg->name);
    cJSON_AddStringToObject(o, "point", cz_point_name(tp.point));
    cJSON_AddStringToObject(o, "move", cz_move_name(x->move));
    levy(x, rg, &tp, &a, ex, rules);
    amounts_out(o, &a);
    cJSON_AddItemToObject(o, "exemptions", ex);
    cJSON_AddItemToObject(o, "rules", rules);
    if (a.due.overflow || a.full.overflow) {
        cz_err(r, "customs_value_cny", "the taxes on these goods are beyond the %g CNY zonesim represents",
               (double)CZ_MAX_FEN / 100);
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *cz_assess_json(cz_reader_t *r, const cJSON *in)
{
    assess_in_t x;
    char *result = NULL;
    if (cz_assess_read(r, in, &x)) {
        cJSON *out = assess(&x, r);
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
