/* comply.c: non-compliance and enforcement (docs/enforcement.md).
 *
 * On arrival a consignment of a flow with "noncompliance" is non-compliant
 * with probability q (the flow's rate times its owner's and category's factors)
 * and then of one kind: undervalued (declared value = value x (1 - u)),
 * misclassified (declared under its category's misdeclared_as), diverted (goods
 * exempt on entry, declared used up in research, put to a use that owes tax) or
 * leaked (it reaches the mainland without crossing the second line).  The truth
 * stays in the consignment (value_fen, cat), the declaration beside it.
 *
 * Detection: at each declaration (documents) and inspection, with the stage's
 * probability for the kind; then the goods are held (if the scenario says how
 * long), pay a penalty (a multiple of the tax the declaration would have
 * evaded) and are declared as they are from then on.  What an assessment leaves
 * undeclared is an evasion, kept until a post-clearance audit (picked with its
 * rate, after its lag) or an audit of the zone's ledger (diversion and leakage:
 * audits per year by owner class) finds it: then it is recovered, with the
 * penalty.  Inspection selection is at random at the line's rate, or by risk
 * score (targeting.h) for the targeted share.
 *
 * Draws: flow.<name>.comply on arrival (non-compliance, kind, undervaluation,
 * and a 64-bit seed from which each later decision of the consignment draws
 * its own uniform by slot, so that a policy that changes one decision does not
 * move the numbers of another); l1.hold, l2.hold; enforcement.audit for lags. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

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
    uint64_t x = c->cseed + 0x9e3779b97f4a7c15ULL * (uint64_t)(slot + 1);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return ((double)(x >> 11) + 0.5) * 0x1.0p-53;
}

void zi_comply_arrival(zone_t *z, flow_rt_t *fr, cons_t *c)
{
    const cz_flow_t *f = fr->cfg;
    c->decl_cat = c->cat;
    c->decl_value_fen = c->value_fen;
    double u_nc = gsl_rng_uniform(fr->comply), u_kind = gsl_rng_uniform(fr->comply);
    double under = f->nc_kind[CZ_NC_UNDERVALUE] > 0 ? sim_dist_sample(&f->undervaluation, fr->comply) : 0;
    c->cseed = (uint64_t)gsl_rng_get(fr->comply) << 32 ^ (uint64_t)gsl_rng_get(fr->comply);
    double q = cz_noncompliance(z->s, f, c->cat, c->owner);
    if (!(u_nc < q))
        return;
    double acc = 0;
    c->nc = CZ_NC_LEAK;
    for (int k = CZ_NC_UNDERVALUE; k < CZ_NC_NKINDS; k++)
        if (f->nc_kind[k] > 0 && u_kind < (acc += f->nc_kind[k])) {
            c->nc = (uint8_t)k;
            break;
        }
    while (f->nc_kind[c->nc] == 0 && c->nc > CZ_NC_UNDERVALUE) /* rounding: the last kind with a share */
        c->nc--;
    if (c->nc == CZ_NC_UNDERVALUE)
        c->decl_value_fen = cz_fen_round(cz_cny(c->value_fen) * (1 - under));
    else if (c->nc == CZ_NC_MISCLASSIFY)
        c->decl_cat = (uint16_t)z->s->misdeclared_as[c->cat];
    if (z->m.on)
        z->m.nc_arrivals++;
    if (c->nc == CZ_NC_UNDERVALUE)
        zi_say(z, c, "noncompliant", "non-compliant: declares %.2f CNY of its %.2f (undervaluation)",
               cz_cny(c->decl_value_fen), cz_cny(c->value_fen));
    else if (c->nc == CZ_NC_MISCLASSIFY)
        zi_say(z, c, "noncompliant", "non-compliant: declared as %s (misclassification)",
               z->s->cats[c->decl_cat].name);
    else
        zi_say(z, c, "noncompliant", "non-compliant: %s", c->nc == CZ_NC_DIVERT
               ? "if exempt, it will be put to a use that owes tax (diversion)"
               : "it will reach the mainland without crossing the second line (leakage)");
}

cz_goods_t zi_declared_goods(const zone_t *z, const cons_t *c, const char *origin)
{
    (void)z;
    cz_goods_t g = {c->nc == CZ_NC_UNDERVALUE && !c->caught ? c->decl_value_fen : c->value_fen, c->qty, origin};
    return g;
}

/* ---- inspection selection ---- */

bool zi_inspect_select(zone_t *z, cons_t *c, const line_t *l, double p)
{
    const cz_enforcement_t *e = &z->s->enf;
    if (!e->on || (e->power == 0 && e->random_share >= 1) || draw(c, SLOT_POOL + l->index) < e->random_share)
        return c->u_insp[l->index] < p; /* at random, at the line's rate */
    const cz_flow_t *f = zi_flow_of(z, c);
    double t = f->thr[(c->cat_k * 2 + l->index) * 2 + (c->transferred ? 1 : 0)];
    double score = gsl_cdf_ugaussian_Pinv(draw(c, SLOT_SCORE + l->index)) + (c->nc ? e->power : 0);
    zi_say(z, c, "risk_score", "risk score %.2f against the threshold %.2f", score, t);
    return score > t;
}

/* ---- detection at a line ---- */

/* The import tax a declaration would evade, where the regime assesses imports. */
static int64_t would_evade(zone_t *z, cons_t *c)
{
    cz_point_t at = z->s->regime.import_tax_at;
    cz_move_t move = at == CZ_FIRST_LINE ? CZ_MOVE_ENTRY : CZ_MOVE_TO_MAINLAND;
    cz_assessment_t truly = zi_assess_import(z, c, move, at, c->owner, false, false, NULL);
    cz_assessment_t decl = zi_assess_import(z, c, move, at, c->owner, true, false, NULL);
    int64_t d = cz_taxes_total(&truly.due) - cz_taxes_total(&decl.due);
    return d > 0 ? d : 0;
}

static void book_penalty(zone_t *z, int64_t evaded, const cons_t *c)
{
    int64_t p = cz_fen_round(cz_cny(evaded) * z->s->enf.penalty_multiple);
    z->ledger.penalty_fen += p;
    if (z->m.on)
        z->m.penalty_fen += p;
    zi_say(z, c, "penalty", "penalty %.4g x %.2f CNY evaded: %.2f CNY", z->s->enf.penalty_multiple, cz_cny(evaded),
           cz_cny(p));
}

bool zi_comply_check(zone_t *z, cons_t *c, line_t *l, cz_stage_t stage, double *hold)
{
    *hold = 0;
    if ((c->nc != CZ_NC_UNDERVALUE && c->nc != CZ_NC_MISCLASSIFY) || c->caught)
        return false;
    int slot = (stage == CZ_STAGE_DECLARATION ? SLOT_DECLARATION : SLOT_INSPECTION) + l->index;
    if (!(draw(c, slot) < z->s->enf.detect[stage][c->nc]))
        return false;
    int64_t evaded = would_evade(z, c);
    zi_say(z, c, "detected", "the %s finds the %s at the %s", stage == CZ_STAGE_DECLARATION ? "document check" :
           "inspection", cz_nc_kind_name((cz_nc_kind_t)c->nc), zi_line_name(l->index));
    book_penalty(z, evaded, c);
    c->caught = true;
    if (z->m.on) {
        z->m.detected++;
        l->hits += stage == CZ_STAGE_INSPECTION;
    }
    if (z->s->enf.has_hold && l->hold)
        *hold = sim_dist_sample(&z->s->enf.hold, l->hold);
    return true;
}

/* ---- evasions and audits ---- */

static void recover(sim_t *sim, void *subject, void *object);

static void drop(zone_t *z, evasion_t *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        z->evasions = e->next;
    if (e->next)
        e->next->prev = e->prev;
    free(e);
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
        if (!strcmp(e->zone_audit[i].name, c->owner))
            per_year = e->zone_audit[i].p;
    if (per_year <= 0 || !(draw(c, SLOT_ZONE_FINDS) < e->detect[CZ_STAGE_AUDIT][kind]))
        return INFINITY;
    return -log(draw(c, SLOT_ZONE_AUDIT)) / per_year * MIN_PER_YEAR; /* exponential: audits come at random */
}

void zi_book_evasion(zone_t *z, cons_t *c, const cz_taxes_t *truly, const cz_taxes_t *declared, cz_nc_kind_t kind)
{
    ledger_t *g = &z->ledger;
    int64_t t = cz_taxes_total(truly), d = cz_taxes_total(declared);
    g->true_fen += t;
    g->declared_fen += d;
    if (t <= d) {
        g->overpaid_fen += d - t;
        return;
    }
    evasion_t *e = calloc(1, sizeof *e);
    if (!e) {
        sim_fail(z->sim);
        return;
    }
    for (int i = 0; i < CZ_NTAX; i++)
        e->fen[i] = truly->fen[i] - declared->fen[i];
    e->total = t - d;
    e->id = c->id;
    e->cat = c->cat;
    e->owner_ix = c->owner_ix;
    e->kind = (uint8_t)kind;
    e->in_window = z->m.on;
    e->next = z->evasions;
    if (z->evasions)
        z->evasions->prev = e;
    z->evasions = e;
    g->outstanding_fen += e->total;
    if (z->m.on)
        z->m.evaded_fen[kind] += e->total;
    zi_say(z, c, "evaded", "%.2f CNY of tax due is not declared (%s)", cz_cny(e->total), cz_nc_kind_name(kind));
    double delay = audit_delay(z, c, kind);
    if (isfinite(delay))
        sim_schedule(z->sim, delay, 0, recover, e, z);
}

/* An audit finds an evasion: the tax is recovered, by item, with the penalty. */
static void recover(sim_t *sim, void *subject, void *object)
{
    (void)sim;
    zone_t *z = object;
    evasion_t *e = subject;
    ledger_t *g = &z->ledger;
    measure_t *m = &z->m;
    for (int t = 0; t < CZ_NTAX; t++)
        g->tax_all[t] += e->fen[t];
    g->recovered_fen += e->total;
    g->outstanding_fen -= e->total;
    int64_t penalty = cz_fen_round(cz_cny(e->total) * z->s->enf.penalty_multiple);
    g->penalty_fen += penalty;
    if (m->on) {
        for (int t = 0; t < CZ_NTAX; t++)
            m->tax_fen[t] += e->fen[t];
        m->period_tax[z->period] += e->total;
        m->tax_by_cat[e->cat] += e->total;
        m->tax_by_owner[e->owner_ix] += e->total;
        m->recovered_fen += e->total;
        m->penalty_fen += penalty;
        m->detected++;
    }
    if (e->in_window)
        m->evaded_fen[e->kind] -= e->total;
    if (z->trace && e->id < z->trace->max_id)
        zi_narrate_id(z, e->id, "recovered", "an audit finds the %s: %.2f CNY recovered, penalty %.2f CNY",
                      cz_nc_kind_name((cz_nc_kind_t)e->kind), cz_cny(e->total), cz_cny(penalty));
    drop(z, e);
}

bool zi_comply_leak(zone_t *z, cons_t *c)
{
    if (c->nc != CZ_NC_LEAK || c->taxed || !z->s->regime.second_line_control)
        return false;
    cz_assessment_t t = zi_assess_import(z, c, CZ_MOVE_TO_MAINLAND, CZ_SECOND_LINE, c->owner, false, false, NULL);
    cz_taxes_t none = {{0}, false};
    zi_say(z, c, "leak", "reaches the mainland without crossing the second line");
    if (z->m.on)
        z->m.leakage_fen += cz_taxes_total(&t.due);
    zi_book_evasion(z, c, &t.due, &none, CZ_NC_LEAK);
    return true;
}

void zi_comply_fini(zone_t *z)
{
    while (z->evasions)
        drop(z, z->evasions);
}

bool zi_comply_ledger_check(const zone_t *z, char *why, size_t len)
{
    const ledger_t *g = &z->ledger;
    int64_t open = 0;
    for (const evasion_t *e = z->evasions; e; e = e->next)
        open += e->total;
    if (open == g->outstanding_fen && g->true_fen + g->overpaid_fen == g->declared_fen + g->recovered_fen + open)
        return true;
    snprintf(why, len, "compliance: %lld fen truly due (%lld overpaid), %lld declared, %lld recovered, %lld evaded "
             "(ledger %lld)", (long long)g->true_fen, (long long)g->overpaid_fen, (long long)g->declared_fen,
             (long long)g->recovered_fen, (long long)open, (long long)g->outstanding_fen);
    return false;
}
