/* levy.c: the taxes of each move of a consignment, charged as they fall.
 * Where they fall is decided by cz_tax_point (taxpoint.h) alone; this file
 * assesses what is due there, books it and narrates it.  See zone_impl.h. */
#include <math.h>
#include <string.h>

#include "models/zone/zone_impl.h"

/* Book taxes: the run's ledger, the consignment, and the measured period. */
static void charge(zone_t *z, cons_t *c, const cz_taxes_t *due)
{
    measure_t *m = &z->m;
    if (m->on) {
        int64_t total = cz_taxes_total(due);
        m->period_tax[z->period] += total;
        m->tax_by_cat[c->cat] += total;
        m->tax_by_owner[c->owner_ix] += total;
        if (z->detail.v) {
            z->detail.v[z->detail.dl.by_cat + c->cat] += cz_cny(total);
            z->detail.v[z->detail.dl.by_owner + c->owner_ix] += cz_cny(total);
        }
    }
    for (int t = 0; t < CZ_NTAX; t++) {
        z->ledger.tax_all[t] += due->fen[t];
        c->tax_paid += due->fen[t];
        if (m->on)
            m->tax_fen[t] += due->fen[t];
    }
}

/* The goods' import taxes are settled (paid, exempt or not due): they leave the
 * bonded stock if they are in the zone. */
static void settle(zone_t *z, cons_t *c)
{
    if (c->taxed)
        return;
    c->taxed = true;
    if (c->in_zone)
        zi_stock_add(z, -cz_cny(c->value_fen));
}

/* Import taxes at a point, with the regime's exemptions; returns the fen due. */
static int64_t import_taxes(zone_t *z, cons_t *c, cz_point_t at, const char *owner)
{
    cz_assessment_t a;
    const cz_flow_t *f = zi_flow_of(z, c);
    const cz_regime_t *rg = &z->s->regime;
    memset(&a, 0, sizeof a);
    if (!isnan(c->va_ratio) && rg->selective) {
        /* processed goods under a selective tariff: duty on the imported materials
         * or on the product, by the regime's rule */
        cz_material_t mat = {&z->s->cats[c->material_cat], c->materials_fen, c->qty};
        a.full = cz_assess_selective(zi_tariff_of(z, c), c->value_fen, c->qty, &mat, 1, rg->selective_rule, NULL);
    } else {
        a.full = cz_assess_import(zi_tariff_of(z, c), c->value_fen, c->qty,
                                  f->origin_country[0] ? f->origin_country : NULL, &a.ct_rule);
    }
    cz_regime_apply(rg, zi_tariff_of(z, c), owner, at, c->va_ratio, c->value_fen, c->qty, &a);
    charge(z, c, &a.due);
    if (z->m.on)
        for (int i = 0; i <= CZ_MAX_EXEMPTIONS; i++)
            z->m.forgone[i] += a.forgone[i];
    zi_say_assessment(z, c, at, owner, &a);
    return cz_taxes_total(&a.due);
}

static int64_t postal_tax(zone_t *z, cons_t *c)
{
    const cz_flow_t *f = zi_flow_of(z, c);
    bool waived;
    cz_taxes_t t = {{0}};
    int64_t full = cz_postal_tax(f->postal_rate, c->value_fen, f->allowance_cny, 0, NULL);
    t.fen[CZ_DUTY] = cz_postal_tax(f->postal_rate, c->value_fen, f->allowance_cny, f->waiver_cny, &waived);
    charge(z, c, &t);
    if (z->m.on && waived)
        z->m.forgone[CZ_FORGONE_DE_MINIMIS] += full;
    zi_say(z, c, "tax", "personal articles: postal-article tax %.0f%% on %.2f CNY over a %.2f CNY allowance: %s",
           100 * f->postal_rate, cz_cny(c->value_fen), f->allowance_cny,
           waived ? "waived (at or below the waiver)" : "charged");
    return t.fen[CZ_DUTY];
}

static int64_t export_duty(zone_t *z, cons_t *c)
{
    cz_taxes_t due = {{0}};
    due.fen[CZ_EXPORT_DUTY] = cz_assess_export(zi_tariff_of(z, c), c->value_fen, c->qty);
    charge(z, c, &due);
    if (due.fen[CZ_EXPORT_DUTY])
        zi_say(z, c, "tax", "export duty on %.2f CNY of %s: %.2f CNY", cz_cny(c->value_fen),
               zi_tariff_of(z, c)->name, cz_cny(due.fen[CZ_EXPORT_DUTY]));
    else
        zi_say(z, c, "tax", "no export duty: %s has none", zi_tariff_of(z, c)->name);
    return due.fen[CZ_EXPORT_DUTY];
}

static void refund(zone_t *z, cons_t *c)
{
    cz_taxes_t t = {{0}};
    t.fen[CZ_REFUND] = -cz_refund_on_entry(zi_tariff_of(z, c), c->value_fen);
    charge(z, c, &t);
    zi_say(z, c, "refund", "entry counts as export: %.2f CNY of VAT and consumption tax refunded",
           -cz_cny(t.fen[CZ_REFUND]));
}

/* Does moving the goods to new_owner lose an exemption they had? */
static bool exemption_lost(const zone_t *z, const cons_t *c, const char *new_owner)
{
    const cz_regime_t *rg = &z->s->regime;
    const cz_tariff_line_t *tl = zi_tariff_of(z, c);
    unsigned before = cz_regime_exempt_taxes(rg, tl, c->owner, CZ_ZONE);
    unsigned after = cz_regime_exempt_taxes(rg, tl, new_owner, CZ_ZONE);
    return (before & ~after) != 0;
}

int64_t zi_levy(zone_t *z, cons_t *c, cz_move_t move, const char *new_owner)
{
    cz_goods_state_t g = {c->taxed, zi_flow_of(z, c)->personal, false};
    if (move == CZ_MOVE_TRANSFER) {
        g.exemption_lost = exemption_lost(z, c, new_owner);
        if (!c->taxed && z->s->regime.back_payment_on_transfer)
            zi_say(z, c, "transfer", "transferred from %s to %s inside the zone%s", c->owner, new_owner,
                   g.exemption_lost ? ": an exemption is lost, so the taxes are paid back" : "");
    }
    cz_tax_point_t tp = cz_tax_point(&z->s->regime, move, &g);
    int64_t due = 0;
    if (tp.levies & CZ_LEVY_POSTAL)
        due += postal_tax(z, c);
    if (tp.levies & CZ_LEVY_EXPORT_DUTY)
        due += export_duty(z, c);
    if (tp.levies & CZ_LEVY_REFUND)
        refund(z, c);
    if (tp.levies & CZ_LEVY_IMPORT) {
        int64_t d = import_taxes(z, c, tp.point, move == CZ_MOVE_TRANSFER ? new_owner : c->owner);
        if (move == CZ_MOVE_TO_MAINLAND)
            c->deferred_fen = d; /* its value is counted when it is paid, at release */
        due += d;
    }
    if (move == CZ_MOVE_ENTRY && !tp.levies)
        zi_say(z, c, "bonded", "no import tax at the first line: the goods enter bonded (regime %s)",
               z->s->regime.name);
    if (tp.settles)
        settle(z, c);
    return due;
}

cz_move_t zi_crossing_move(const zone_t *z, const cons_t *c, const line_t *l)
{
    bool mainland_goods = zi_flow_of(z, c)->from_mainland;
    if (l->index == LINE1)
        return !c->outbound ? CZ_MOVE_ENTRY : mainland_goods ? CZ_MOVE_MAINLAND_ABROAD : CZ_MOVE_REEXPORT;
    return c->outbound ? CZ_MOVE_TO_MAINLAND : CZ_MOVE_FROM_MAINLAND;
}

void zi_process(zone_t *z, cons_t *c)
{
    const cz_flow_t *f = zi_flow_of(z, c);
    int64_t mat = c->value_fen;
    double d = cz_cny(mat) * f->domestic_share;
    int64_t p = cz_fen((cz_cny(mat) + d) * (1 + c->va_ratio));
    int64_t created = p - mat;
    c->to_process = false;
    c->material_cat = c->cat;
    c->materials_fen = mat;
    c->cat = (uint16_t)f->product;
    c->value_fen = p;
    z->ledger.created_fen += created;
    z->ledger.in_fen += created;
    if (z->m.on)
        z->m.created_fen += created;
    if (!c->taxed && c->in_zone)
        zi_stock_add(z, cz_cny(created));
    zi_say(z, c, "processed", "processed into %s: materials %.2f CNY + domestic %.2f CNY, value added %.0f%%, "
           "product %.2f CNY", zi_tariff_of(z, c)->name, cz_cny(mat), d, 100 * c->va_ratio, cz_cny(p));
}
