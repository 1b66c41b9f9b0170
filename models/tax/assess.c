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
    cz_duty_basis_t basis;
    cz_levy_t d = cz_duty_levy(tl, g, &basis, NULL);
    static const char *const said[] = {"the MFN rate", "the provisional rate, in place of MFN",
                                       "an agreement rate, lower than the MFN or provisional rate",
                                       "the general rate: the origin has no MFN treatment"};
    add_rule(rules, "duty: %g%% of customs value%s (%s)", pct(d.rate), d.unit_fen > 0 ? " plus a per-unit amount" : "",
             said[basis]);
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

static void describe_export(cJSON *rules, const cz_tariff_line_t *tl)
{
    double rt = pct(tl->export_duty.rate), unit = cz_cny(tl->export_duty.unit_fen);
    if (unit > 0)
        add_rule(rules, "export duty: (FOB - quantity x %.2f) / (1 + %g%%) x %g%% + quantity x %.2f", unit, rt, rt, unit);
    else if (rt > 0)
        add_rule(rules, "export duty: FOB / (1 + %g%%) x %g%%", rt, rt);
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

/* The goods owed on: depreciated (value and quantity) for goods exempt on
 * entry leaving their exemption within the supervision of their line. */
static cz_goods_t assessed_goods(const assess_in_t *x, const cz_goods_state_t *g, cJSON *rules)
{
    if (!g->exempt || (x->move != CZ_MOVE_TRANSFER && x->move != CZ_MOVE_TO_MAINLAND) || x->tl.supervision_years <= 0)
        return x->g;
    cz_goods_t d = cz_depreciated(&x->g, x->months, x->tl.supervision_years);
    char owed[CZ_FEN_TEXT], of[CZ_FEN_TEXT];
    add_rule(rules, "exempt goods %ld months into a %d-year supervision: owed on %s CNY of %s", x->months,
             x->tl.supervision_years, cz_fen_text(d.cv_fen, owed), cz_fen_text(x->g.cv_fen, of));
    return d;
}

static void import_levy(const assess_in_t *x, const cz_regime_t *rg, const cz_goods_state_t *g,
                        const cz_tax_point_t *tp, cz_assessment_t *a, cJSON *ex, cJSON *rules)
{
    const char *owner = x->move == CZ_MOVE_TRANSFER ? x->to_owner : x->owner;
    cz_goods_t mg = x->g; /* the materials: the same origin and treatment */
    mg.cv_fen = x->materials_fen;
    cz_material_t m = {&x->material, mg};
    cz_case_t k = {&x->tl, assessed_goods(x, g, rules), owner, tp->point, x->va_ratio, &m,
                   x->processed ? 1 : 0, (tp->levies & CZ_LEVY_NO_EXEMPTION) != 0};
    cz_regime_assess_import(rg, &k, a);
    describe_tariff(rules, &x->tl, &k.g, a->ct_rule);
    if (k.waived)
        add_rule(rules, x->state.mainland ? "mainland goods that entered as exports: an import, with no exemption"
                                          : "the owner's unit waived its exemptions: taxes paid on entry");
    exemptions_out(ex, rules, rg, a, owner, tp->point);
}

/* Why nothing falls at this move, in words. */
static const char *nothing_why(const assess_in_t *x, const cz_regime_t *rg, const cz_goods_state_t *g)
{
    if (g->mainland && g->refunded && x->move == CZ_MOVE_MAINLAND_ABROAD)
        return "nothing falls here: the goods were refunded when they entered (the regime treats entry as export)";
    if (g->mainland && x->move == CZ_MOVE_USED_UP)
        return "nothing falls here: goods used up in the zone do not go back to the mainland";
    if (x->state.mainland)
        return "nothing falls here: mainland goods owe export duty and get refunds only where the regime puts them";
    if (x->move == CZ_MOVE_ENTRY && x->state.leaving_abroad && rg->reexport_relief == CZ_RELIEF_BONDED)
        return "nothing falls here: goods declared for re-export are stored bonded, untaxed (reexport_relief bonded)";
    if (x->state.personal)
        return "nothing falls here: personal articles are taxed once, on entry";
    if (x->move == CZ_MOVE_REEXPORT && rg->import_tax_at == CZ_FIRST_LINE && rg->reexport_relief == CZ_RELIEF_NONE)
        return "nothing falls here: taxes paid on entry are paid back only under reexport_relief drawback";
    if (x->move == CZ_MOVE_REEXPORT && rg->import_tax_at == CZ_FIRST_LINE && rg->reexport_relief == CZ_RELIEF_BONDED)
        return "nothing falls here: goods declared for re-export were stored bonded, untaxed (reexport_relief bonded)";
    if (x->move == CZ_MOVE_ENTRY || x->move == CZ_MOVE_REEXPORT)
        return "nothing falls here: the goods are bonded; import taxes fall when they leave for the mainland, are "
               "used up, or lose an exemption";
    if (rg->import_tax_at == CZ_FIRST_LINE)
        return "nothing falls here: under this regime import taxes fall at the first line, on entry";
    return "nothing falls here under this regime (e.g. a transfer that keeps the exemption)";
}

/* The import taxes the goods paid on entry on the regular path (a drawback returns them). */
static int64_t paid_on_entry(const assess_in_t *x, const cz_regime_t *rg)
{
    cz_case_t k = {&x->tl, x->g, x->owner, CZ_FIRST_LINE, NAN, NULL, 0, false};
    cz_assessment_t a;
    cz_regime_assess_import(rg, &k, &a);
    return cz_taxes_total(&a.due);
}

static void levy(const assess_in_t *x, const cz_regime_t *rg, const cz_goods_state_t *g, const cz_tax_point_t *tp,
                 cz_assessment_t *a, cJSON *ex, cJSON *rules)
{
    if (tp->levies & CZ_LEVY_IMPORT)
        import_levy(x, rg, g, tp, a, ex, rules);
    if (tp->levies & CZ_LEVY_EXPORT_DUTY) {
        cz_assessment_t e;
        cz_regime_assess_export(rg, &x->tl, x->owner, tp->point, x->g.cv_fen, x->g.qty, &e);
        a->due.fen[CZ_EXPORT_DUTY] = e.due.fen[CZ_EXPORT_DUTY];
        a->full.fen[CZ_EXPORT_DUTY] = e.full.fen[CZ_EXPORT_DUTY];
        a->due.overflow |= e.full.overflow;
        describe_export(rules, &x->tl);
        exemptions_out(ex, rules, rg, &e, x->owner, tp->point);
    }
    if (tp->levies & CZ_LEVY_REFUND) {
        a->due.fen[CZ_REFUND] = a->full.fen[CZ_REFUND] = -cz_export_refund(&x->tl, x->g.cv_fen);
        add_rule(rules, "export refund: %g%% of the value", pct(x->tl.export_refund));
    }
    if (tp->levies & CZ_LEVY_DRAWBACK) {
        a->due.fen[CZ_DRAWBACK] = a->full.fen[CZ_DRAWBACK] = -paid_on_entry(x, rg);
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
        if (waived) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "name", "de_minimis");
            add_money(e, "forgone_cny", a->full.fen[CZ_POSTAL]);
            cJSON_AddItemToArray(ex, e);
        }
    }
    if (!tp->levies)
        add_rule(rules, "%s", nothing_why(x, rg, g));
}

/* The goods' state on the regular path to this move under the regime: goods
 * from abroad entered with this owner (exempt if an exemption covered them on
 * entry; taxed on entry where the regime collects there, unless bonded for
 * re-export); mainland goods were refunded on entry where the regime does so. */
static cz_goods_state_t regular_state(const assess_in_t *x, const cz_regime_t *rg)
{
    cz_goods_state_t g = x->state;
    if (g.mainland) {
        g.refunded = g.refunded || (rg->refund_on_entry && x->move != CZ_MOVE_FROM_MAINLAND);
        g.settled = !g.refunded;
        return g;
    }
    if (x->move == CZ_MOVE_REEXPORT)
        g.leaving_abroad = true;
    g.exempt = !g.personal && !g.opted_out &&
               (cz_regime_exempt_taxes(rg, &x->tl, x->owner, CZ_FIRST_LINE) & CZ_IMPORT_TAXES) != 0;
    bool paid = rg->import_tax_at == CZ_FIRST_LINE && !(g.leaving_abroad && rg->reexport_relief == CZ_RELIEF_BONDED);
    g.settled = x->move != CZ_MOVE_ENTRY && (paid || g.opted_out || g.personal);
    g.paid_on_entry = x->move != CZ_MOVE_ENTRY && paid && !g.personal && paid_on_entry(x, rg) > 0;
    if (x->move == CZ_MOVE_TRANSFER)
        g.exemption_lost = cz_regime_transfer_loses(rg, &x->tl, x->owner, x->to_owner);
    return g;
}

/* What the input says must apply to these goods under the regime. */
static void check_regime(cz_reader_t *r, const assess_in_t *x, const cz_regime_t *rg, const cz_goods_state_t *g)
{
    if (x->state.refunded && x->rules && !rg->refund_on_entry)
        cz_err(r, "refunded", "under regime %s mainland goods are refunded only as they leave abroad, so none "
               "come back refunded", rg->name);
    if (x->has_months && (!g->exempt || (x->move != CZ_MOVE_TO_MAINLAND && x->move != CZ_MOVE_TRANSFER) ||
                          x->tl.supervision_years <= 0))
        cz_err(r, "elapsed_months", "applies to goods exempt on entry (under regime %s, owner %s) leaving their "
               "exemption (to_mainland or transfer) on a line with supervision_years", rg->name, x->owner);
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
    check_regime(r, x, rg, &g);
    if (!cz_ok(r))
        return NULL;
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
    levy(x, rg, &g, &tp, &a, ex, rules);
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
