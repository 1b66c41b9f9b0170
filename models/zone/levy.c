/* levy.c: the taxes of each move of a consignment, charged as they fall.
 * Where they fall is decided by cz_tax_point (taxpoint.h) alone; this file
 * assesses what is due there (models/tax), books it and narrates it.  See
 * zone_impl.h. */
#include <math.h>
#include <string.h>

#include "models/zone/zone_impl.h"

#define MIN_PER_MONTH (MIN_PER_YEAR / 12)

/* Book taxes: the run's ledger, the consignment, and the measured period
 * (forgone: what exemptions and de minimis forgave on this charge, for the
 * monitor).  A sum beyond range fails the run (it is reported, never wrapped). */
static void charge(zone_t *z, cons_t *c, const cz_taxes_t *due, int64_t forgone)
{
    measure_t *m = &z->m;
    int64_t total = cz_taxes_total(due);
    if (z->mon.f[0])
        zi_monitor_taxes(z, c->id, zi_flow_of(z, c), c->cat, due, forgone);
    bool over = due->overflow;
    for (int t = 0; t < CZ_NTAX; t++) {
        if (!due->fen[t]) /* most items of a charge: nothing to add */
            continue;
        over |= __builtin_add_overflow(z->ledger.tax_all[t], due->fen[t], &z->ledger.tax_all[t]);
        over |= __builtin_add_overflow(c->tax_paid, due->fen[t], &c->tax_paid);
        if (m->on)
            over |= __builtin_add_overflow(m->tax_fen[t], due->fen[t], &m->tax_fen[t]);
    }
    if (m->on) {
        over |= __builtin_add_overflow(m->period_tax[z->period], total, &m->period_tax[z->period]);
        int g = z->base->cat_group[c->cat];
        over |= __builtin_add_overflow(m->tax_by_cat[g], total, &m->tax_by_cat[g]);
        over |= __builtin_add_overflow(m->tax_by_owner[c->owner_ix], total, &m->tax_by_owner[c->owner_ix]);
        zi_detail_revenue(z, g, c->owner_ix, total, forgone);
    }
    if (over)
        zi_amount_overflow(z);
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

/* Whole months since entry; a time a float's rounding puts a hair under a
 * month boundary counts as the boundary (1e-6 min is far above the rounding
 * and far below any time the model distinguishes). */
static long months_since_entry(const zone_t *z, const cons_t *c)
{
    return (long)floor((sim_now(z->sim) - c->t_entry + 1e-6) / MIN_PER_MONTH);
}

void zi_assess_import(zone_t *z, cons_t *c, cz_move_t move, cz_point_t at, const char *owner, bool declared,
                      bool no_exemption, int64_t *assessed_fen, cz_assessment_t *out)
{
    cz_goods_t g = declared ? zi_declared_goods(z, c) : zi_goods(z, c, c->value_fen);
    /* goods processed in the zone are assessed with the materials they were made
     * of; before processing (and never processed) as they are */
    const cons_proc_t *pr = c->processed ? c->proc : NULL;
    int64_t materials = pr ? pr->materials_fen : 0;
    if (pr && declared && g.cv_fen != c->value_fen && c->value_fen > 0) /* undervalued: its materials alike */
        materials = (int64_t)((__int128)materials * g.cv_fen / c->value_fen);
    if (c->exempt && (move == CZ_MOVE_TRANSFER || move == CZ_MOVE_TO_MAINLAND || no_exemption)) {
        /* goods exempt on entry leaving their exemption within the supervision
         * period of their line owe on their depreciated value and quantity */
        long months = months_since_entry(z, c);
        int years = zi_tariff_of(z, c)->supervision_years;
        g = cz_depreciated(&g, months, years);
        if (pr) {
            cz_goods_t m = zi_goods(z, c, materials);
            materials = cz_depreciated(&m, months, years).cv_fen;
        }
    }
    cz_material_t mat = {0};
    if (pr)
        mat = (cz_material_t){&z->s->cats[pr->material_cat], zi_goods(z, c, materials)};
    cz_case_t k = {&z->s->cats[declared ? zi_declared_cat(c) : c->cat], g, owner, at, pr ? pr->va_ratio : NAN, &mat,
                   pr ? 1 : 0, no_exemption};
    cz_regime_assess_import(&z->s->regime, &k, out);
    if (assessed_fen)
        *assessed_fen = g.cv_fen;
}

/* What an assessment forgave, booked into the measured totals by exemption,
 * and in all: only the exemptions that applied (their bits in exempted_by,
 * regime.h) and de minimis can hold any. */
static int64_t book_forgone(zone_t *z, const cz_assessment_t *a)
{
    int64_t sum = a->forgone[CZ_FORGONE_DE_MINIMIS];
    if (z->m.on)
        zi_add_fen(z, &z->m.forgone[CZ_FORGONE_DE_MINIMIS], sum);
    for (unsigned bits = a->exempted_by; bits; bits &= bits - 1) {
        int i = __builtin_ctz(bits);
        zi_add_fen(z, &sum, a->forgone[i]);
        if (z->m.on)
            zi_add_fen(z, &z->m.forgone[i], a->forgone[i]);
    }
    return sum;
}

/* Import taxes at a point, with the regime's exemptions, on the declaration;
 * what a non-compliant declaration leaves undeclared is booked as evaded, and
 * goods diverted from the exempt use they were declared for owe it all.
 * Returns the fen due. */
static int64_t import_taxes(zone_t *z, cons_t *c, const cz_tax_point_t *tp, cz_move_t move, const char *owner)
{
    bool waived = (tp->levies & CZ_LEVY_NO_EXEMPTION) != 0;
    int64_t assessed;
    cz_assessment_t a;
    zi_assess_import(z, c, move, tp->point, owner, true, waived, &assessed, &a);
    bool diverted = c->nc == CZ_NC_DIVERT && move == CZ_MOVE_USED_UP && c->exempt && !c->caught;
    /* a diverted exemption forgave nothing: evaded */
    charge(z, c, &a.due, diverted ? 0 : book_forgone(z, &a));
    zi_say_assessment(z, c, tp->point, owner, assessed, &a);
    if (tp->point == CZ_FIRST_LINE)
        c->entry_paid_fen = cz_taxes_total(&a.due);
    bool drawn_back = move == CZ_MOVE_ENTRY && c->route == CZ_ROUTE_REEXPORT &&
                      z->s->regime.reexport_relief == CZ_RELIEF_DRAWBACK; /* what it pays comes back */
    if ((c->nc == CZ_NC_UNDERVALUE || c->nc == CZ_NC_MISCLASSIFY) && !c->caught && !drawn_back) {
        cz_assessment_t t;
        zi_assess_import(z, c, move, tp->point, owner, false, waived, NULL, &t);
        zi_book_evasion(z, c, &t.due, &a.due, (cz_nc_kind_t)c->nc);
    } else if (diverted) {
        cz_assessment_t t;
        zi_assess_import(z, c, move, tp->point, owner, false, true, NULL, &t);
        zi_book_evasion(z, c, &t.due, &a.due, CZ_NC_DIVERT);
    } else if (z->base->enf.on) { /* a truthful declaration: what is due is declared */
        zi_book_evasion(z, c, &a.due, &a.due, CZ_NC_NONE);
    }
    return cz_taxes_total(&a.due);
}

static int64_t postal_tax(zone_t *z, cons_t *c)
{
    const cz_flow_t *f = zi_flow_of(z, c);
    bool waived;
    cz_taxes_t t = {{0}, false};
    int64_t full = cz_personal_tax(f->personal_kind, f->postal_rate, c->value_fen, c->qty, f->allowance_fen, 0, NULL);
    t.fen[CZ_POSTAL] = cz_personal_tax(f->personal_kind, f->postal_rate, c->value_fen, c->qty, f->allowance_fen,
                                       f->waiver_fen, &waived);
    charge(z, c, &t, waived ? full : 0);
    if (z->m.on && waived)
        zi_add_fen(z, &z->m.forgone[CZ_FORGONE_DE_MINIMIS], full);
    zi_say(z, c, "tax", "personal articles (%s): tax %.4g%% on %.2f CNY over a %.2f CNY allowance: %s",
           f->personal_kind == CZ_BAGGAGE ? "baggage" : "postal", 100.0 * (double)f->postal_rate / CZ_RATE_ONE,
           cz_cny(c->value_fen), cz_cny(f->allowance_fen),
           waived ? "waived (at or below the waiver)" : "charged");
    return t.fen[CZ_POSTAL];
}

static int64_t export_duty(zone_t *z, cons_t *c, cz_point_t at)
{
    cz_assessment_t a;
    cz_regime_assess_export(&z->s->regime, zi_tariff_of(z, c), zi_owner(z, c), at, c->value_fen, c->qty, &a);
    charge(z, c, &a.due, book_forgone(z, &a));
    zi_say(z, c, "tax", "export duty on %.2f CNY of %s: %.2f CNY%s", cz_cny(c->value_fen), zi_tariff_of(z, c)->name,
           cz_cny(a.due.fen[CZ_EXPORT_DUTY]), a.exempted_by ? " (exempt)" : "");
    return a.due.fen[CZ_EXPORT_DUTY];
}

static void refund(zone_t *z, cons_t *c)
{
    cz_taxes_t t = {{0}, false};
    t.fen[CZ_REFUND] = -cz_export_refund(zi_tariff_of(z, c), c->value_fen);
    charge(z, c, &t, 0);
    c->refunded = true;
    zi_say(z, c, "refund", "export refund at %.4g%% of the value: %.2f CNY",
           100.0 * (double)zi_tariff_of(z, c)->export_refund / CZ_RATE_ONE, -cz_cny(t.fen[CZ_REFUND]));
}

static void drawback(zone_t *z, cons_t *c)
{
    cz_taxes_t t = {{0}, false};
    t.fen[CZ_DRAWBACK] = -c->entry_paid_fen;
    charge(z, c, &t, 0);
    zi_say(z, c, "drawback", "re-exported: the %.2f CNY of import taxes paid on entry drawn back",
           cz_cny(c->entry_paid_fen));
    c->entry_paid_fen = 0;
}

/* The goods' state (cz_goods_state_t) as CZ_GOODS_* bits. */
static unsigned state_of(const zone_t *z, const cons_t *c)
{
    const cz_flow_t *f = zi_flow_of(z, c);
    unsigned g = (c->route == CZ_ROUTE_REEXPORT ? CZ_GOODS_LEAVING_ABROAD : 0) |
                 (c->entry_paid_fen > 0 ? CZ_GOODS_PAID_ON_ENTRY : 0) | (f->personal ? CZ_GOODS_PERSONAL : 0);
    if (c->opted_out)
        g |= CZ_GOODS_OPTED_OUT;
    if (c->exempt)
        g |= CZ_GOODS_EXEMPT;
    if (SIM_UNLIKELY(f->from_mainland))
        return g | CZ_GOODS_MAINLAND | (c->refunded ? CZ_GOODS_REFUNDED : CZ_GOODS_SETTLED);
    return g | (c->refunded ? CZ_GOODS_REFUNDED : 0) | (c->taxed ? CZ_GOODS_SETTLED : 0);
}

/* An exemption covers the goods' import taxes at the first line: from the
 * flow's table when the goods are as their flow brought them (its owner, its
 * category k: a policy change between arrival and entry may reorder neither),
 * else from the regime. */
static bool exempt_on_entry(const zone_t *z, const cz_flow_t *f, const cons_t *c)
{
    if (SIM_LIKELY(c->cat_k < f->ncat && f->cat[c->cat_k] == c->cat && c->owner_ix == f->owner_ix))
        return f->exempt_on_entry[c->cat_k];
    return (cz_regime_exempt_taxes(&z->s->regime, zi_tariff_of(z, c), zi_owner(z, c), CZ_FIRST_LINE) &
            CZ_IMPORT_TAXES) != 0;
}

int64_t zi_levy(zone_t *z, cons_t *c, cz_move_t move, const char *new_owner)
{
    const cz_flow_t *f = zi_flow_of(z, c);
    if (move == CZ_MOVE_ENTRY) /* goods an exemption covers on entry: bound by it until they leave it */
        c->entered_exempt = c->exempt = !f->from_mainland && !f->personal && !c->opted_out && exempt_on_entry(z, f, c);
    unsigned g = state_of(z, c);
    if (move == CZ_MOVE_TRANSFER) {
        bool lost = cz_regime_transfer_loses(&z->s->regime, zi_tariff_of(z, c), zi_owner(z, c), new_owner);
        g |= lost ? CZ_GOODS_EXEMPTION_LOST : 0;
        if (!c->taxed && z->s->regime.back_payment_on_transfer)
            zi_say(z, c, "transfer", "transferred from %s to %s inside the zone%s", zi_owner(z, c), new_owner,
                   lost ? ": an exemption is lost, so the taxes are paid back" : "");
    }
    /* cz_tax_point, from the period's memo of it */
    cz_tax_point_t tp = cz_tax_point_memo(&z->tax_points[z->period], &z->s->regime, move, g);
    int64_t due = 0;
    if (tp.levies & CZ_LEVY_POSTAL)
        zi_add_fen(z, &due, postal_tax(z, c));
    if (tp.levies & CZ_LEVY_EXPORT_DUTY)
        zi_add_fen(z, &due, export_duty(z, c, tp.point));
    if (tp.levies & CZ_LEVY_REFUND)
        refund(z, c);
    if (tp.levies & CZ_LEVY_DRAWBACK)
        drawback(z, c);
    if (tp.levies & CZ_LEVY_IMPORT) {
        int64_t d = import_taxes(z, c, &tp, move, move == CZ_MOVE_TRANSFER ? new_owner : zi_owner(z, c));
        if (move == CZ_MOVE_TO_MAINLAND)
            c->deferred_fen = d; /* its value is counted when it is paid, at release */
        zi_add_fen(z, &due, d);
    }
    if (move == CZ_MOVE_ENTRY && !tp.levies)
        zi_say(z, c, "bonded", "no import tax at the first line: the goods enter bonded (regime %s)",
               z->s->regime.name);
    if (tp.settles)
        settle(z, c);
    if (move == CZ_MOVE_TRANSFER && (tp.levies & CZ_LEVY_IMPORT))
        c->exempt = false; /* paid back: no longer under the exemption */
    if ((g & CZ_GOODS_MAINLAND) && (tp.levies & CZ_LEVY_IMPORT))
        c->refunded = false; /* taxed as an import again: settled */
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
    double product = (cz_cny(mat) + d) * (1 + c->proc->va_ratio);
    int64_t p = mat;
    if (cz_cny_in_range(product))
        p = cz_fen_round(product);
    else /* the run stops after this event, reported */
        zi_amount_overflow(z);
    int64_t created = p - mat;
    c->to_process = false;
    c->proc->material_cat = c->cat;
    c->proc->materials_fen = mat;
    c->processed = true;
    c->cat = (uint16_t)f->product;
    c->value_fen = p;
    if (c->nc == CZ_NC_UNDERVALUE && !c->caught && mat > 0) /* the product is declared short alike */
        zi_cold(c)->decl_value_fen = (int64_t)((__int128)p * zi_cold(c)->decl_value_fen / mat);
    else if (c->nc == CZ_NC_MISCLASSIFY && !c->caught)
        zi_cold(c)->decl_cat = (uint16_t)(z->s->misdeclared_as[f->product] >= 0 ? z->s->misdeclared_as[f->product] : f->product);
    zi_add_fen(z, &z->ledger.created_fen, created);
    zi_add_fen(z, &z->ledger.in_fen, created);
    if (z->m.on)
        zi_add_fen(z, &z->m.created_fen, created);
    if (!c->taxed && c->in_zone)
        zi_stock_add(z, cz_cny(created));
    zi_say(z, c, "processed", "processed into %s: materials %.2f CNY + domestic %.2f CNY, value added %.0f%%, "
           "product %.2f CNY", zi_tariff_of(z, c)->name, cz_cny(mat), d, 100 * c->proc->va_ratio, cz_cny(p));
}
