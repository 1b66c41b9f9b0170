/* comply.c: non-compliance and enforcement (docs/enforcement.md).
 *
 * On arrival a consignment of a flow with "noncompliance" is drawn
 * non-compliant with probability q (the flow's rate times its owner's and
 * category's factors), of one kind: undervalued (declared value = value x
 * (1 - u)), misclassified (declared under its category's misdeclared_as),
 * diverted (goods exempt on entry, declared used up in research, put to a use
 * that owes tax) or leaked (it reaches the mainland without crossing the second
 * line).  A kind counts only where it has tax to evade on the consignment's
 * path (its route, the regime's tax points and relief, its exemptions): an
 * undervalued consignment re-exported bonded, a diversion of goods that are not
 * exempt, a leak of goods not bound for the mainland are compliant.  The truth
 * stays in the consignment (value_fen, cat), the declaration beside it.
 *
 * Detection: at each declaration (documents) and inspection, with the stage's
 * probability for the kind.  Found before its tax, the declaration is
 * corrected and a penalty is charged on the tax it would have evaded on its
 * path; found after (the tax was paid short), the evasion is recovered with the
 * penalty.  Either way the goods may be held.  What an assessment leaves
 * undeclared is an evasion, kept until a check at a later line, a
 * post-clearance audit (picked with its rate, after its lag) or an audit of the
 * zone's ledger (diversion and leakage: audits per year by owner class) finds
 * it.  Inspection selection is at random at the line's rate, or by risk score
 * (targeting.h) for the targeted share; the score of a false declaration is
 * raised by the targeting power.
 *
 * Draws: flow.<name>.comply on arrival (non-compliance, kind, undervaluation,
 * and a 64-bit seed from which each later decision of the consignment draws
 * its own uniform by slot, so that a policy that changes one decision does not
 * move the numbers of another); l1.hold, l2.hold; enforcement.audit for lags. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "models/enforce/targeting.h"
#include "models/zone/zone_impl.h"

enum {
    SLOT_DECLARATION = 0,  /* + line */
    SLOT_INSPECTION = 2,   /* + line */
    SLOT_POOL = 4,         /* + line: random or targeted selection */
    SLOT_SCORE = 6,        /* + line: the risk score */
    SLOT_AUDIT = 8,        /* picked for post-clearance audit */
    SLOT_AUDIT_FINDS = 9,
    SLOT_ZONE_AUDIT = 10,  /* time to the zone audit that comes */
    SLOT_ZONE_FINDS = 11,
};

/* The consignment's uniform in (0, 1) for a slot: splitmix64 of seed and slot. */
static double draw(const cons_t *c, int slot)
{
    uint64_t x = zi_cold(c)->cseed + 0x9e3779b97f4a7c15ULL * (uint64_t)(slot + 1);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return ((double)(x >> 11) + 0.5) * 0x1.0p-53;
}

static bool false_declaration(const cons_t *c)
{
    return (c->nc == CZ_NC_UNDERVALUE || c->nc == CZ_NC_MISCLASSIFY) && !c->caught;
}

cz_goods_t zi_goods(const zone_t *z, const cons_t *c, int64_t cv_fen)
{
    return cz_flow_goods(z->s, zi_flow_of(z, c), cv_fen, c->qty, c->preferred);
}

cz_goods_t zi_declared_goods(const zone_t *z, const cons_t *c)
{
    return zi_goods(z, c, c->nc == CZ_NC_UNDERVALUE && !c->caught ? zi_cold(c)->decl_value_fen : c->value_fen);
}

/* ---- the tax a non-compliant consignment would evade on its path ---- */

static int64_t diff_at(zone_t *z, cons_t *c, cz_move_t move, cz_point_t at, const char *owner, bool divert)
{
    cz_assessment_t t;
    zi_assess_import(z, c, move, at, owner, false, divert || c->opted_out, NULL, &t);
    cz_assessment_t d;
    zi_assess_import(z, c, move, at, owner, true, c->opted_out, NULL, &d);
    return cz_taxes_total(&t.due) - cz_taxes_total(&d.due);
}

/* Has the consignment crossed the first line into the zone? */
static bool entered(const cons_t *c) { return c->in_zone || c->outbound; }

/* The tax its non-compliance would leave undeclared, at the first import
 * assessment still ahead on its path (0: none, or nothing to gain). */
static int64_t path_evasion(zone_t *z, cons_t *c)
{
    const cz_regime_t *rg = &z->s->regime;
    const cz_flow_t *f = zi_flow_of(z, c);
    if (c->taxed || f->from_mainland || f->personal || c->nc == CZ_NC_NONE || c->caught)
        return 0;
    cz_goods_state_t g = {.leaving_abroad = c->route == CZ_ROUTE_REEXPORT, .opted_out = c->opted_out};
    cz_tax_point_t e = cz_tax_point(rg, CZ_MOVE_ENTRY, &g);
    if (c->nc == CZ_NC_LEAK) { /* all of the second line's taxes, declared nowhere */
        if (e.settles || c->route != CZ_ROUTE_MAINLAND || !rg->second_line_control)
            return 0;
        cz_assessment_t t;
        zi_assess_import(z, c, CZ_MOVE_TO_MAINLAND, CZ_SECOND_LINE, zi_owner(z, c), false, false, NULL, &t);
        return cz_taxes_total(&t.due);
    }
    if (c->nc == CZ_NC_DIVERT) {
        bool exempt = (cz_regime_exempt_taxes(rg, zi_tariff_of(z, c), zi_owner(z, c), CZ_FIRST_LINE) & CZ_IMPORT_TAXES) != 0;
        return !e.settles && exempt && c->route == CZ_ROUTE_CONSUMED && !c->opted_out
                   ? diff_at(z, c, CZ_MOVE_USED_UP, CZ_ZONE, zi_owner(z, c), true)
                   : 0;
    }
    if (!entered(c) && (e.levies & CZ_LEVY_IMPORT)) /* taxed on entry */
        return c->route == CZ_ROUTE_REEXPORT && rg->reexport_relief == CZ_RELIEF_DRAWBACK
                   ? 0 /* what it pays comes back on re-export */
                   : diff_at(z, c, CZ_MOVE_ENTRY, CZ_FIRST_LINE, zi_owner(z, c), false);
    if (e.settles)
        return 0;
    switch (c->route) {
    case CZ_ROUTE_MAINLAND:
        return diff_at(z, c, CZ_MOVE_TO_MAINLAND, CZ_SECOND_LINE, zi_owner(z, c), false);
    case CZ_ROUTE_CONSUMED:
        return diff_at(z, c, CZ_MOVE_USED_UP, CZ_ZONE, zi_owner(z, c), false);
    case CZ_ROUTE_TRANSFER:
        if (!c->transferred && rg->back_payment_on_transfer &&
            cz_regime_transfer_loses(rg, zi_tariff_of(z, c), zi_owner(z, c), f->transfer_owner))
            return diff_at(z, c, CZ_MOVE_TRANSFER, CZ_TRANSFER, f->transfer_owner, false);
        return diff_at(z, c, CZ_MOVE_TO_MAINLAND, CZ_SECOND_LINE, c->transferred ? zi_owner(z, c) : f->transfer_owner, false);
    default:
        return 0; /* re-exported bonded: nothing was due */
    }
}

/* ---- arrival ---- */

void zi_comply_arrival(zone_t *z, flow_rt_t *fr, cons_t *c)
{
    const cz_flow_t *f = fr->cfg;
    cons_cold_t *d = zi_cold(c);
    d->decl_cat = c->cat;
    d->decl_value_fen = c->value_fen;
    c->measured = z->m.on;
    double u_nc = sim_uniform(fr->comply), u_kind = sim_uniform(fr->comply);
    double under = f->nc_kind[CZ_NC_UNDERVALUE] > 0 ? sim_dist_sample(&f->undervaluation, fr->comply) : 0;
    d->cseed = (uint64_t)gsl_rng_get(fr->comply) << 32 ^ (uint64_t)gsl_rng_get(fr->comply);
    if (!(u_nc < cz_noncompliance(z->s, f, c->cat, zi_owner(z, c))))
        return;
    double acc = 0;
    int kind = CZ_NC_LEAK;
    for (int k = CZ_NC_UNDERVALUE; k < CZ_NC_NKINDS; k++)
        if (f->nc_kind[k] > 0 && u_kind < (acc += f->nc_kind[k])) {
            kind = k;
            break;
        }
    while (f->nc_kind[kind] == 0 && kind > CZ_NC_UNDERVALUE) /* rounding: the last kind with a share */
        kind--;
    if (kind == CZ_NC_MISCLASSIFY && z->s->misdeclared_as[c->cat] < 0)
        return; /* no other line to declare these goods under */
    c->nc = (uint8_t)kind;
    if (kind == CZ_NC_UNDERVALUE)
        d->decl_value_fen = cz_fen_round(cz_cny(c->value_fen) * (1 - under));
    else if (kind == CZ_NC_MISCLASSIFY)
        d->decl_cat = (uint16_t)z->s->misdeclared_as[c->cat];
    if (path_evasion(z, c) <= 0) { /* nothing to gain on its path: compliant */
        c->nc = CZ_NC_NONE;
        d->decl_cat = c->cat;
        d->decl_value_fen = c->value_fen;
        return;
    }
    if (z->m.on)
        z->m.nc_arrivals++;
}

void zi_comply_say(zone_t *z, const cons_t *c)
{
    if (c->nc == CZ_NC_UNDERVALUE)
        zi_say(z, c, "noncompliant", "non-compliant: declares %.2f CNY of its %.2f (undervaluation)",
               cz_cny(zi_cold(c)->decl_value_fen), cz_cny(c->value_fen));
    else if (c->nc == CZ_NC_MISCLASSIFY)
        zi_say(z, c, "noncompliant", "non-compliant: declared as %s (misclassification)",
               z->s->cats[zi_cold(c)->decl_cat].name);
    else if (c->nc == CZ_NC_DIVERT)
        zi_say(z, c, "noncompliant", "non-compliant: exempt goods to be put to a use that owes tax (diversion)");
    else if (c->nc == CZ_NC_LEAK)
        zi_say(z, c, "noncompliant", "non-compliant: will reach the mainland without crossing the second line "
               "(leakage)");
}

/* ---- inspection selection ---- */

bool zi_inspect_select(zone_t *z, cons_t *c, const line_t *l, double p)
{
    const cz_enforcement_t *e = &z->s->enf;
    if (!e->on || (e->power == 0 && e->random_share >= 1) || draw(c, SLOT_POOL + l->index) < e->random_share)
        return simi_unit(c->u_insp[l->index]) < p; /* at random, at the line's rate */
    const cz_flow_t *f = zi_flow_of(z, c);
    int declared = zi_declared_cat(c);
    double t = declared == c->cat ? f->thr[(c->cat_k * 2 + l->index) * 2 + (c->transferred ? 1 : 0)]
                                  : cz_target_threshold(p, cz_false_declaration_share(f, cz_noncompliance(z->s, f,
                                                        declared, zi_owner(z, c)), l->index), e->power);
    double score = gsl_cdf_ugaussian_Pinv(draw(c, SLOT_SCORE + l->index)) + (false_declaration(c) ? e->power : 0);
    zi_say(z, c, "risk_score", "risk score %.2f against the threshold %.2f", score, t);
    return score > t;
}

/* ---- evasions, audits and recovery ---- */

static void audit(sim_t *sim, void *subject, void *object);

static void drop(zone_t *z, evasion_t *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        z->evasions = e->next;
    if (e->next)
        e->next->prev = e->prev;
    if (e->cons)
        zi_cold(e->cons)->ev = NULL;
    free(e);
}

/* The penalty on evaded tax: the scenario's multiple of it; beyond the range
 * zonesim represents, the run fails (none is booked).  A false declaration that
 * would have paid more than the truth (possible where a CT threshold's upper
 * rate is below the line's own) evades nothing and owes no penalty. */
static int64_t penalty_of(zone_t *z, int64_t evaded_fen)
{
    if (evaded_fen <= 0)
        return 0;
    double p = cz_cny(evaded_fen) * z->s->enf.penalty_multiple;
    if (!cz_cny_in_range(p)) {
        zi_amount_overflow(z);
        return 0;
    }
    return cz_fen_round(p);
}

/* The tax of an evasion recovered, by item, with its penalty. */
static void recover(zone_t *z, evasion_t *e, const char *how)
{
    ledger_t *g = &z->ledger;
    measure_t *m = &z->m;
    if (z->mon.f[0]) {
        cz_taxes_t t = {{0}, false};
        memcpy(t.fen, e->fen, sizeof t.fen);
        zi_monitor_taxes(z, e->id, &z->s->flows[e->flow], e->cat, &t, 0);
    }
    for (int t = 0; t < CZ_NTAX; t++)
        zi_add_fen(z, &g->tax_all[t], e->fen[t]);
    zi_add_fen(z, &g->recovered_fen, e->total);
    g->outstanding_fen -= e->total;
    int64_t penalty = penalty_of(z, e->total);
    zi_add_fen(z, &g->penalty_fen, penalty);
    if (m->on) {
        for (int t = 0; t < CZ_NTAX; t++)
            zi_add_fen(z, &m->tax_fen[t], e->fen[t]);
        zi_add_fen(z, &m->period_tax[z->period], e->total);
        zi_add_fen(z, &m->tax_by_cat[z->base->cat_group[e->cat]], e->total);
        zi_add_fen(z, &m->tax_by_owner[e->owner_ix], e->total);
        zi_detail_revenue(z, z->base->cat_group[e->cat], e->owner_ix, e->total, 0);
        zi_add_fen(z, &m->recovered_fen, e->total);
        zi_add_fen(z, &m->penalty_fen, penalty);
        m->detected += e->measured;
    }
    if (e->in_window)
        m->evaded_fen[e->kind] -= e->total;
    if (z->trace && e->id < z->trace->max_id)
        zi_narrate_id(z, e->id, z->s->flows[e->flow].name, "recovered", "%s finds the %s: %.2f CNY recovered, "
                      "penalty %.2f CNY", how, cz_nc_kind_name((cz_nc_kind_t)e->kind), cz_cny(e->total),
                      cz_cny(penalty));
    e->done = true;
    if (e->cons)
        zi_cold(e->cons)->ev = NULL;
    e->cons = NULL;
    if (!e->scheduled)
        drop(z, e);
}

static void audit(sim_t *sim, void *subject, void *object)
{
    (void)sim;
    zone_t *z = object;
    evasion_t *e = subject;
    e->scheduled = false;
    if (e->done)
        drop(z, e); /* a check at a line found it first */
    else
        recover(z, e, "an audit");
}

/* When an audit will find this evasion, if one will: the post-clearance audit
 * for a declaration, the zone's ledger audits for diversion and leakage. */
static double audit_delay(zone_t *z, const cons_t *c, cz_nc_kind_t kind)
{
    const cz_enforcement_t *e = &z->s->enf;
    if (kind == CZ_NC_UNDERVALUE || kind == CZ_NC_MISCLASSIFY) {
        if (!(draw(c, SLOT_AUDIT) < e->audit_rate && draw(c, SLOT_AUDIT_FINDS) < e->detect[CZ_STAGE_AUDIT][kind]))
            return INFINITY;
        return sim_dist_sample(&e->audit_lag, z->audit);
    }
    double per_year = e->zone_audit_default;
    for (int i = 0; i < e->nzone_audit; i++)
        if (!strcmp(e->zone_audit[i].name, zi_owner(z, c)))
            per_year = e->zone_audit[i].p;
    if (per_year <= 0 || !(draw(c, SLOT_ZONE_FINDS) < e->detect[CZ_STAGE_AUDIT][kind]))
        return INFINITY;
    return -log(draw(c, SLOT_ZONE_AUDIT)) / per_year * MIN_PER_YEAR; /* exponential: audits come at random */
}

void zi_book_evasion(zone_t *z, cons_t *c, const cz_taxes_t *truly, const cz_taxes_t *declared, cz_nc_kind_t kind)
{
    ledger_t *g = &z->ledger;
    int64_t t = cz_taxes_total(truly), d = cz_taxes_total(declared);
    zi_add_fen(z, &g->true_fen, t);
    zi_add_fen(z, &g->declared_fen, d);
    if (t <= d) {
        zi_add_fen(z, &g->overpaid_fen, d - t);
        return;
    }
    evasion_t *e = malloc(sizeof *e);
    if (!e) {
        sim_fail(z->sim);
        return;
    }
    *e = (evasion_t){.total = t - d, .cons = c, .id = c->id, .cat = c->cat, .flow = c->flow,
                     .owner_ix = c->owner_ix, .kind = (uint8_t)kind, .in_window = z->m.on, .measured = c->measured,
                     .next = z->evasions};
    for (int i = 0; i < CZ_NTAX; i++)
        e->fen[i] = truly->fen[i] - declared->fen[i];
    if (z->evasions)
        z->evasions->prev = e;
    z->evasions = e;
    cons_cold_t *k = zi_cold(c);
    if (k->ev) /* an older one no longer followed by the consignment */
        k->ev->cons = NULL;
    k->ev = e;
    zi_add_fen(z, &g->outstanding_fen, e->total);
    if (z->m.on)
        zi_add_fen(z, &z->m.evaded_fen[kind], e->total);
    zi_say(z, c, "evaded", "%.2f CNY of tax due is not declared (%s)", cz_cny(e->total), cz_nc_kind_name(kind));
    double delay = audit_delay(z, c, kind);
    if (isfinite(delay)) {
        e->scheduled = true;
        sim_schedule(z->sim, delay, 0, audit, e, z);
    }
}

/* ---- detection at a line ---- */

static void book_penalty(zone_t *z, int64_t evaded, const cons_t *c)
{
    int64_t p = penalty_of(z, evaded);
    zi_add_fen(z, &z->ledger.penalty_fen, p);
    if (z->m.on)
        zi_add_fen(z, &z->m.penalty_fen, p);
    if (evaded <= 0)
        zi_say(z, c, "penalty", "none: the declaration would have paid %.2f CNY more than the truth", -cz_cny(evaded));
    else
        zi_say(z, c, "penalty", "penalty %.4g x the %.2f CNY it would have evaded: %.2f CNY",
               z->s->enf.penalty_multiple, cz_cny(evaded), cz_cny(p));
}

bool zi_comply_found(zone_t *z, cons_t *c, line_t *l, cz_stage_t stage, double *hold)
{
    assert(false_declaration(c) && *hold == 0);
    int slot = (stage == CZ_STAGE_DECLARATION ? SLOT_DECLARATION : SLOT_INSPECTION) + l->index;
    if (!(draw(c, slot) < z->s->enf.detect[stage][c->nc]))
        return false;
    zi_say(z, c, "detected", "the %s finds the %s at the %s", stage == CZ_STAGE_DECLARATION ? "document check" :
           "inspection", cz_nc_kind_name((cz_nc_kind_t)c->nc), zi_line_name(l->index));
    evasion_t *ev = zi_cold(c)->ev;
    if (ev) { /* taxed short already: recovered now, with the penalty */
        recover(z, ev, "the check");
    } else { /* before its tax: the declaration is corrected, the penalty charged */
        book_penalty(z, path_evasion(z, c), c);
        if (z->m.on)
            z->m.detected += c->measured;
    }
    c->caught = true;
    if (z->m.on)
        l->hits += stage == CZ_STAGE_INSPECTION;
    if (z->s->enf.has_hold && l->hold)
        *hold = sim_dist_sample(&z->s->enf.hold, l->hold);
    return true;
}

bool zi_comply_leak(zone_t *z, cons_t *c)
{
    if (c->nc != CZ_NC_LEAK || c->taxed || !z->s->regime.second_line_control)
        return false;
    cz_assessment_t t;
    zi_assess_import(z, c, CZ_MOVE_TO_MAINLAND, CZ_SECOND_LINE, zi_owner(z, c), false, false, NULL, &t);
    cz_taxes_t none = {{0}, false};
    zi_say(z, c, "leak", "reaches the mainland without crossing the second line");
    if (z->m.on)
        zi_add_fen(z, &z->m.leakage_fen, cz_taxes_total(&t.due));
    zi_book_evasion(z, c, &t.due, &none, CZ_NC_LEAK);
    return true;
}

void zi_comply_exit(zone_t *z, cons_t *c)
{
    if (!z->pool.cold) /* no enforcement: no evasions, no side records */
        return;
    cons_cold_t *k = zi_cold(c);
    if (k->ev)
        k->ev->cons = NULL;
    k->ev = NULL;
}

void zi_comply_fini(zone_t *z)
{
    while (z->evasions) {
        z->evasions->cons = NULL; /* (the consignments may be freed already) */
        drop(z, z->evasions);
    }
}

bool zi_comply_ledger_check(const zone_t *z, char *why, size_t len)
{
    const ledger_t *g = &z->ledger;
    __int128 open = 0; /* in 128 bits: sums of sums that were each checked */
    for (const evasion_t *e = z->evasions; e; e = e->next)
        open += e->done ? 0 : e->total;
    if (open == g->outstanding_fen &&
        (__int128)g->true_fen + g->overpaid_fen == (__int128)g->declared_fen + g->recovered_fen + open)
        return true;
    snprintf(why, len, "compliance: %lld fen truly due, %lld overpaid, %lld declared, %lld recovered, %lld evaded "
             "(ledger %lld)", (long long)g->true_fen, (long long)g->overpaid_fen, (long long)g->declared_fen,
             (long long)g->recovered_fen, (long long)open, (long long)g->outstanding_fen);
    return false;
}
