/* zone.c: the customs zone as events.  See zone.h.
 *
 * Streams (named, so that common random numbers hold across policies):
 *   flow.<name>.arrivals   inter-arrival times and thinning draws
 *   flow.<name>.goods      category, customs value, quantity
 *   flow.<name>.route      route and dwell
 *   flow.<name>.inspect    the two inspection draws (uniforms compared with the
 *                          rate, so raising a rate only adds inspections)
 *   l1.service, l1.inspection, l1.payment, and the same for l2. */
#include "models/zone/zone.h"
#include "models/zone/zone_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/resource.h"
#include "sim/sim.h"

/* ---- consignments ---- */

static cons_t *cons_alloc(zone_t *z)
{
    if (!z->free_list) {
        chunk_t *ch = malloc(sizeof *ch);
        if (!ch)
            return NULL;
        ch->next = z->chunks;
        z->chunks = ch;
        for (int i = CHUNK - 1; i >= 0; i--) {
            ch->c[i].live = false;
            ch->c[i].next_free = z->free_list;
            z->free_list = &ch->c[i];
        }
    }
    cons_t *c = z->free_list;
    z->free_list = c->next_free;
    return c;
}

static void cons_exit(zone_t *z, cons_t *c, enum exit_kind k)
{
    if (k == EXIT_MAINLAND && z->measuring && !z->flows[c->flow].cfg->from_mainland) {
        z->mainland_value_fen += c->value_fen;
        z->mainland_tax_fen += c->tax_paid;
    }
    if (TRACING(z, c)) {
        static const char *const how[NEXITS] = {"released to the mainland", "left abroad (re-exported)",
                                                "used up in the zone"};
        zi_say(z, c, "exit", "%s; %.2f CNY of tax paid in all", how[k], cz_cny(c->tax_paid));
        if (--z->traced_left == 0 && z->trace->stop_when_done)
            sim_stop(z->sim);
    }
    z->exit_n[k]++;
    z->exit_fen[k] += c->value_fen;
    z->in_n--;
    z->in_fen -= c->value_fen;
    z->tax_exited += c->tax_paid;
    c->live = false;
    c->next_free = z->free_list;
    z->free_list = c;
}

/* ---- taxes ---- */

static void charge(zone_t *z, cons_t *c, const cz_taxes_t *due)
{
    if (z->measuring) {
        int64_t total = cz_taxes_total(due);
        z->period_tax[z->period] += total;
        z->tax_by_cat[c->cat] += total;
        z->tax_by_owner[c->owner_ix] += total;
        if (z->detail) {
            z->detail[z->dl.by_cat + c->cat] += cz_cny(total);
            z->detail[z->dl.by_owner + c->owner_ix] += cz_cny(total);
        }
    }
    for (int t = 0; t < CZ_NTAX; t++) {
        z->tax_all[t] += due->fen[t];
        c->tax_paid += due->fen[t];
        if (z->measuring)
            z->tax_fen[t] += due->fen[t];
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
        sim_timeavg_add(&z->bonded_cny, sim_now(z->sim), -cz_cny(c->value_fen));
}

/* Assess import taxes at a point; charge them; return what was due (fen). */
static int64_t assess_import(zone_t *z, cons_t *c, cz_point_t at, const char *owner)
{
    cz_assessment_t a;
    const cz_flow_t *f = z->flows[c->flow].cfg;
    const cz_regime_t *rg = &z->s->regime;
    memset(&a, 0, sizeof a);
    if (!isnan(c->va_ratio) && rg->selective) {
        /* processed goods under a selective tariff: duty on the imported materials
         * or on the product, by the regime's rule */
        cz_material_t m = {&z->s->cats[c->material_cat], c->materials_fen, c->qty};
        a.full = cz_assess_selective(zi_tariff_of(z, c), c->value_fen, c->qty, &m, 1, rg->selective_rule, NULL);
    } else {
        a.full = cz_assess_import(zi_tariff_of(z, c), c->value_fen, c->qty,
                                  f->origin_country[0] ? f->origin_country : NULL, &a.ct_rule);
    }
    cz_regime_apply(rg, zi_tariff_of(z, c), owner, at, c->va_ratio, c->value_fen, c->qty, &a);
    charge(z, c, &a.due);
    if (z->measuring)
        for (int i = 0; i <= CZ_MAX_EXEMPTIONS; i++)
            z->forgone[i] += a.forgone[i];
    if (TRACING(z, c)) {
        char due[256], full[256];
        zi_describe_taxes(&a.due, due, sizeof due);
        zi_describe_taxes(&a.full, full, sizeof full);
        static const char *const where[CZ_NPOINTS] = {"at the first line", "as the goods are used up in the zone",
                                                      "at the second line", "on transfer (back-payment)"};
        zi_say(z, c, "tax", "import taxes assessed %s for owner %s on %.2f CNY of %s: %s",
            where[at], owner, cz_cny(c->value_fen), zi_tariff_of(z, c)->name, due);
        for (int i = 0; i < z->s->regime.nex; i++)
            if (a.exempted_by & (1u << i))
                zi_say(z, c, "exempt", "exemption \"%s\" forgave %.2f CNY (without it: %s)",
                    z->s->regime.ex[i].name, cz_cny(a.forgone[i]), full);
        if (a.de_minimis)
            zi_say(z, c, "exempt", "de minimis: %.2f CNY waived", cz_cny(a.forgone[CZ_FORGONE_DE_MINIMIS]));
    }
    return cz_taxes_total(&a.due);
}

static int64_t assess_export(zone_t *z, cons_t *c)
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

/* ---- lines ---- */

static void enter_zone(zone_t *z, cons_t *c);
static void leave_line(zone_t *z, cons_t *c);
static void line_enter(zone_t *z, cons_t *c, line_t *l);

static void released(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    cons_t *c = subject;
    line_t *l = c->line;
    double t = sim_now(sim) - c->t_line;
    bool crossed = l->index == 0 || z->s->regime.second_line_control;
    if (z->series && crossed)
        zi_series_add(z->series, sim_now(sim), t);
    if (crossed)
        zi_say(z, c, "release", "released by the %s after %.1f min there", zi_line_name(l->index), t);
    if (z->detail && z->measuring && crossed) {
        double *st = &z->detail[z->dl.stage + l->index * CZ_STAGES];
        double stages[CZ_STAGES] = {c->t_decl - c->t_line, c->t_decl_end - c->t_decl,
                                    c->t_insp_end - c->t_decl_end, sim_now(sim) - c->t_insp_end};
        for (int i = 0; i < CZ_STAGES; i++)
            st[i] += stages[i];
    }
    if (z->measuring && crossed) {
        sim_tally_add(&z->period_time[z->period][l->index], t);
        sim_tally_add(&l->time, t);
        sim_quantiles_add(l->q_time, t);
        l->done++;
    }
    leave_line(z, c);
}

/* Taxes due at this crossing; a payment step if anything is due. */
static void line_taxes(zone_t *z, cons_t *c, line_t *l)
{
    c->t_insp_end = sim_now(z->sim);
    const cz_regime_t *rg = &z->s->regime;
    cz_point_t here = l->index == 0 ? CZ_FIRST_LINE : CZ_SECOND_LINE;
    const cz_flow_t *f = z->flows[c->flow].cfg;
    int64_t due = 0;
    if (f->personal && here == CZ_FIRST_LINE && !c->outbound && !c->taxed) {
        bool waived;
        cz_taxes_t t = {{0}};
        int64_t full = cz_postal_tax(f->postal_rate, c->value_fen, f->allowance_cny, 0, NULL);
        t.fen[CZ_DUTY] = cz_postal_tax(f->postal_rate, c->value_fen, f->allowance_cny, f->waiver_cny, &waived);
        charge(z, c, &t);
        if (z->measuring && waived)
            z->forgone[CZ_FORGONE_DE_MINIMIS] += full;
        zi_say(z, c, "tax", "personal articles: postal-article tax %.0f%% on %.2f CNY over a %.2f CNY allowance: %s",
            100 * f->postal_rate, cz_cny(c->value_fen), f->allowance_cny,
            waived ? "waived (at or below the waiver)" : "charged");
        due = t.fen[CZ_DUTY];
        settle(z, c);
    } else if (f->from_mainland) {
        bool exporting = (here == CZ_SECOND_LINE && !c->outbound) ||
                         (here == CZ_FIRST_LINE && c->outbound);
        if (exporting && rg->export_duty_at == here)
            due = assess_export(z, c);
        if (here == CZ_SECOND_LINE && !c->outbound && rg->refund_on_entry) {
            cz_taxes_t t = {{0}};
            t.fen[CZ_REFUND] = -cz_refund_on_entry(zi_tariff_of(z, c), c->value_fen);
            charge(z, c, &t);
            zi_say(z, c, "refund", "entry counts as export: %.2f CNY of VAT and consumption tax refunded",
                -cz_cny(t.fen[CZ_REFUND]));
        }
    } else if (!c->taxed && rg->import_tax_at == here &&
               ((here == CZ_FIRST_LINE && !c->outbound) || (here == CZ_SECOND_LINE && c->outbound))) {
        due = assess_import(z, c, here, c->owner);
        double t_entry = here == CZ_FIRST_LINE ? sim_now(z->sim) : c->t_entry;
        if (z->measuring && here == CZ_SECOND_LINE && due > 0) {
            double years = (sim_now(z->sim) - t_entry) / MIN_PER_YEAR;
            z->deferral_npv += cz_cny(due) * (1 - pow(1 + z->s->discount_rate_annual, -years));
        }
        settle(z, c);
    }
    if (TRACING(z, c) && !f->from_mainland && !c->outbound && here == CZ_FIRST_LINE &&
        rg->import_tax_at != CZ_FIRST_LINE)
        zi_say(z, c, "bonded", "no import tax at the first line: the goods enter bonded (regime %s)", rg->name);
    if (due > 0 && l->cfg->has_payment) {
        double pay = sim_dist_sample(&l->cfg->payment, l->payment);
        zi_say(z, c, "payment", "pays %.2f CNY; payment takes %.1f min", cz_cny(due), pay);
        sim_schedule(z->sim, pay, 0, released, c, z);
    }
    else
        released(z->sim, c, z);
}

static void inspection_done(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    cons_t *c = subject;
    sim_resource_release(sim, c->line->bays);
    zi_say(z, c, "inspected", "inspection finished");
    line_taxes(z, c, c->line);
}

static void bay_granted(sim_t *sim, void *entity, void *arg)
{
    zone_t *z = arg;
    cons_t *c = entity;
    line_t *l = c->line;
    double t = sim_dist_sample(&l->cfg->insp.time, l->insp_time);
    zi_say(z, c, "inspection", "an inspection bay takes the goods for %.1f min", t);
    sim_schedule(sim, t, 0, inspection_done, c, z);
}

static void declaration_done(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    cons_t *c = subject;
    line_t *l = c->line;
    sim_resource_release(sim, l->lanes);
    c->t_decl_end = c->t_insp_end = sim_now(sim);
    /* Risk-based inspection on every second-line crossing and on goods entering
     * through the first line; re-exports leave the first line uninspected. */
    if (l->index == 1 || !c->outbound) {
        double p = cz_inspection_rate(&l->cfg->insp, c->owner, zi_tariff_of(z, c)->name);
        zi_say(z, c, c->u_insp[l->index] < p ? "selected" : "not_selected",
            "risk check: owner %s, goods %s, inspection rate %.1f%%: %s", c->owner,
            zi_tariff_of(z, c)->name, 100 * p,
            c->u_insp[l->index] < p ? "selected for inspection" : "no inspection");
        if (c->u_insp[l->index] < p) {
            if (z->measuring)
                l->inspected++;
            sim_resource_request(sim, l->bays, c, 0, bay_granted, z);
            return;
        }
    }
    line_taxes(z, c, l);
}

static void lane_granted(sim_t *sim, void *entity, void *arg)
{
    zone_t *z = arg;
    cons_t *c = entity;
    line_t *l = c->line;
    if (z->measuring)
        sim_tally_add(&l->wait, sim_now(sim) - c->t_line);
    c->t_decl = sim_now(sim);
    double d = sim_dist_sample(&l->cfg->service, l->service);
    zi_say(z, c, "declaration", "a lane takes the declaration after %.1f min of waiting; it takes %.1f min",
        sim_now(sim) - c->t_line, d);
    sim_schedule(sim, d, 0, declaration_done, c, z);
}

static void line_enter(zone_t *z, cons_t *c, line_t *l)
{
    c->line = l;
    c->t_line = c->t_decl = c->t_decl_end = c->t_insp_end = sim_now(z->sim);
    if (TRACING(z, c))
        zi_say(z, c, "queue", "reaches the %s (%s, going %s): %zu waiting, %u of %u lanes busy%s",
            zi_line_name(l->index), l->index == 0 ? "zone - abroad" : "zone - mainland",
            c->outbound ? "out of the zone" : "into the zone", sim_resource_queue_length(l->lanes),
            sim_resource_busy(l->lanes), sim_resource_servers(l->lanes),
            sim_resource_is_open(l->lanes) ? "" : "; the line is closed until it opens");
    sim_resource_request(z->sim, l->lanes, c, 0, lane_granted, z);
}

/* ---- the zone ---- */

static void dwell_done(sim_t *sim, void *subject, void *object);

static void enter_zone(zone_t *z, cons_t *c)
{
    double now = sim_now(z->sim);
    c->t_entry = now;
    c->in_zone = true;
    if (!c->taxed)
        sim_timeavg_add(&z->bonded_cny, now, cz_cny(c->value_fen));
    sim_timeavg_add(&z->in_zone, now, 1);
    zi_say(z, c, "zone", "enters the zone%s; stays %.1f days (%s)", c->taxed ? "" : " bonded",
        c->dwell / CZ_MIN_PER_DAY,
        c->route == CZ_ROUTE_CONSUMED ? "to be used up in the zone" :
        c->route == CZ_ROUTE_TRANSFER ? "then transferred to another owner" :
        c->route == CZ_ROUTE_REEXPORT ? "then re-exported" : "then sold to the mainland");
    sim_schedule(z->sim, c->dwell, 0, dwell_done, c, z);
}

static void leave_zone(zone_t *z, cons_t *c)
{
    double now = sim_now(z->sim);
    if (z->measuring)
        sim_tally_add(&z->dwell, (now - c->t_entry) / CZ_MIN_PER_DAY);
    sim_timeavg_add(&z->in_zone, now, -1);
    if (!c->taxed)
        sim_timeavg_add(&z->bonded_cny, now, -cz_cny(c->value_fen));
    c->in_zone = false;
}

/* Goods used up in the zone: import taxes fall at the zone point unless exempt. */
static void consume(zone_t *z, cons_t *c)
{
    if (!c->taxed && !z->flows[c->flow].cfg->from_mainland) {
        assess_import(z, c, CZ_ZONE, c->owner);
        settle(z, c);
    }
    cons_exit(z, c, EXIT_CONSUMED);
}

/* Transfer to another owner: back-payment when an exemption is lost. */
static void transfer(zone_t *z, cons_t *c)
{
    const cz_regime_t *rg = &z->s->regime;
    const cz_flow_t *f = z->flows[c->flow].cfg;
    if (!c->taxed && rg->back_payment_on_transfer) {
        const cz_tariff_line_t *tl = zi_tariff_of(z, c);
        unsigned before = cz_regime_exempt_taxes(rg, tl, c->owner, CZ_ZONE);
        unsigned after = cz_regime_exempt_taxes(rg, tl, f->transfer_owner, CZ_ZONE);
        zi_say(z, c, "transfer", "transferred from %s to %s inside the zone%s", c->owner, f->transfer_owner,
            (before & ~after) ? ": an exemption is lost, so the taxes are paid back" : "");
        if (before & ~after) {
            assess_import(z, c, CZ_TRANSFER, f->transfer_owner);
            settle(z, c);
        }
    }
    c->owner = f->transfer_owner;
    c->owner_ix = (int16_t)f->transfer_owner_ix;
    c->transferred = true;
    c->route = CZ_ROUTE_MAINLAND;
    sim_schedule(z->sim, c->dwell, 0, dwell_done, c, z); /* a second stay, then the mainland */
}

/* Imported materials M plus domestic materials D plus value added make the
 * product: P = (M + D)(1 + ratio).  The value created, P - M, is booked
 * separately so that conservation still balances. */
static void process(zone_t *z, cons_t *c)
{
    const cz_flow_t *f = z->flows[c->flow].cfg;
    int64_t m = c->value_fen;
    double d = cz_cny(m) * f->domestic_share;
    int64_t p = cz_fen((cz_cny(m) + d) * (1 + c->va_ratio));
    int64_t created = p - m;
    c->to_process = false;
    c->material_cat = c->cat;
    c->materials_fen = m;
    c->cat = (uint16_t)f->product;
    c->value_fen = p;
    z->created_fen += created;
    z->in_fen += created;
    if (z->measuring)
        z->created_measured_fen += created;
    if (!c->taxed && c->in_zone)
        sim_timeavg_add(&z->bonded_cny, sim_now(z->sim), cz_cny(created));
    zi_say(z, c, "processed", "processed into %s: materials %.2f CNY + domestic %.2f CNY, value added %.0f%%, "
        "product %.2f CNY", zi_tariff_of(z, c)->name, cz_cny(m), d, 100 * c->va_ratio, cz_cny(p));
}

static void dwell_done(sim_t *sim, void *subject, void *object)
{
    (void)sim;
    zone_t *z = object;
    cons_t *c = subject;
    if (c->to_process)
        process(z, c);
    if (c->route == CZ_ROUTE_TRANSFER) {
        transfer(z, c);
        return;
    }
    leave_zone(z, c);
    if (c->route == CZ_ROUTE_CONSUMED) {
        consume(z, c);
        return;
    }
    c->outbound = true;
    if (!c->taxed && c->route == CZ_ROUTE_REEXPORT)
        settle(z, c); /* bonded goods leave abroad untaxed */
    if (c->route == CZ_ROUTE_MAINLAND && !z->s->regime.second_line_control) {
        zi_say(z, c, "no_second_line", "goes to the mainland directly: regime %s has no second line",
            z->s->regime.name);
        c->line = &z->l2; /* no lanes: taxes (if any) and straight out */
        c->t_line = c->t_decl = c->t_decl_end = sim_now(sim);
        line_taxes(z, c, &z->l2);
        return;
    }
    line_enter(z, c, c->route == CZ_ROUTE_MAINLAND ? &z->l2 : &z->l1);
}

static void leave_line(zone_t *z, cons_t *c)
{
    if (!c->outbound) {
        enter_zone(z, c);
        return;
    }
    cons_exit(z, c, c->route == CZ_ROUTE_REEXPORT ? EXIT_REEXPORT : EXIT_MAINLAND);
}

/* ---- arrivals ---- */

static void arrival(sim_t *sim, void *subject, void *object);

static void schedule_arrival(zone_t *z, flow_rt_t *fr)
{
    double rate = fr->cfg->rate_per_min * fr->cfg->hourly_max;
    sim_schedule(z->sim, sim_exponential(fr->arrivals, 1 / rate), 0, arrival, fr, z);
}

static cons_t *new_consignment(zone_t *z, flow_rt_t *fr)
{
    cons_t *c = cons_alloc(z);
    if (!c)
        return NULL;
    const cz_flow_t *f = fr->cfg;
    int k = (int)sim_dist_sample(&f->cat_pick, fr->goods);
    double value = sim_dist_sample(&f->value_cny, fr->goods);
    double qty = sim_dist_sample(&f->quantity, fr->goods);
    double u = gsl_rng_uniform(fr->route), acc = 0;
    int route = CZ_NROUTES - 1;
    for (int i = 0; i < CZ_NROUTES; i++)
        if (f->route[i] > 0 && u < (acc += f->route[i])) {
            route = i;
            break;
        }
    while (f->route[route] == 0 && route > 0) /* rounding: last route with a share */
        route--;
    *c = (cons_t){.id = z->next_id++, .flow = (uint16_t)(fr - z->flows), .cat = (uint16_t)f->cat[k],
                  .route = (uint8_t)route, .live = true, .taxed = f->from_mainland,
                  .owner = f->owner, .owner_ix = (int16_t)f->owner_ix, .value_fen = cz_fen(value), .qty = qty,
                  .dwell = sim_dist_sample(&f->dwell, fr->route)};
    c->u_insp[0] = gsl_rng_uniform(fr->inspect);
    c->u_insp[1] = gsl_rng_uniform(fr->inspect);
    c->va_ratio = NAN;
    if (fr->processing) { /* its own stream: other flows' numbers do not move */
        bool yes = gsl_rng_uniform(fr->processing) < f->proc_share;
        double ratio = sim_dist_sample(&f->value_added, fr->processing);
        if (yes) {
            c->to_process = true;
            c->va_ratio = ratio;
        }
    }
    return c;
}

static void arrival(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    flow_rt_t *fr = subject;
    const cz_flow_t *f = fr->cfg;
    schedule_arrival(z, fr);
    if (f->hourly_max != 1) { /* thinning: accept with rate(t)/max rate */
        int h = (int)fmod(sim_now(sim) / 60.0, 24.0);
        if (gsl_rng_uniform(fr->arrivals) * f->hourly_max >= f->hourly[h])
            return;
    }
    cons_t *c = new_consignment(z, fr);
    if (!c) {
        sim_fail(sim);
        return;
    }
    z->arrived_n++;
    z->arrived_fen += c->value_fen;
    z->in_n++;
    z->in_fen += c->value_fen;
    if (z->in_n > z->peak_in)
        z->peak_in = z->in_n;
    if (z->measuring) {
        z->arrivals_measured++;
        z->period_arrivals[z->period]++;
    }
    if (TRACING(z, c))
        zi_say(z, c, "arrive", "consignment %u arrives from %s: owner %s, %s, customs value %.2f CNY, "
            "quantity %g", c->id, f->from_mainland ? "the mainland" : "abroad", c->owner,
            zi_tariff_of(z, c)->name, cz_cny(c->value_fen), c->qty);
    if (!f->from_mainland)
        line_enter(z, c, &z->l1);
    else if (z->s->regime.second_line_control)
        line_enter(z, c, &z->l2);
    else
        enter_zone(z, c);
}

/* ---- set-up, warm-up, results ---- */

static bool line_init(zone_t *z, line_t *l, const cz_line_t *cfg, int index)
{
    static const char *const names[2][3] = {{"l1.service", "l1.inspection", "l1.payment"},
                                            {"l2.service", "l2.inspection", "l2.payment"}};
    l->cfg = cfg;
    l->index = index;
    l->lanes = sim_resource_create(z->sim, cfg->lanes, SIM_QUEUE_FIFO);
    l->bays = sim_resource_create(z->sim, cfg->insp.bays, SIM_QUEUE_FIFO);
    l->q_time = sim_quantiles_create();
    l->service = sim_stream(z->sim, names[index][0]);
    l->insp_time = sim_stream(z->sim, names[index][1]);
    l->payment = sim_stream(z->sim, names[index][2]);
    sim_tally_init(&l->time);
    sim_tally_init(&l->wait);
    if (!l->lanes || !l->bays || !l->q_time || !l->service || !l->insp_time || !l->payment)
        return false;
    if (!cfg->always_open) {
        sim_resource_set_hours(z->sim, l->lanes, cfg->open, cfg->close, CZ_MIN_PER_DAY);
        sim_resource_set_hours(z->sim, l->bays, cfg->open, cfg->close, CZ_MIN_PER_DAY);
    }
    return true;
}

static void line_fini(line_t *l)
{
    sim_resource_destroy(l->lanes);
    sim_resource_destroy(l->bays);
    sim_quantiles_destroy(l->q_time);
}

static void start_measuring(sim_t *sim, void *subject, void *object)
{
    (void)object;
    zone_t *z = subject;
    double now = sim_now(sim);
    z->measuring = true;
    z->t_measure = now;
    line_t *lines[2] = {&z->l1, &z->l2};
    for (int i = 0; i < 2; i++) {
        sim_resource_reset_stats(sim, lines[i]->lanes);
        sim_resource_reset_stats(sim, lines[i]->bays);
    }
    sim_timeavg_reset(&z->bonded_cny, now);
    sim_timeavg_reset(&z->in_zone, now);
    if (z->detail)
        sim_schedule(sim, 0, INT32_MAX - 1, zi_snapshot, z, NULL);
}

/* A policy change: the next phase's regime, tariff, flows and lines take over. */
static void switch_phase(sim_t *sim, void *subject, void *object)
{
    zone_t *z = subject;
    int k = *(const int *)object;
    z->s = z->base->phase[k];
    z->period = k + 1;
    for (int i = 0; i < z->s->nflows; i++)
        z->flows[i].cfg = &z->s->flows[i];
    line_t *ls[2] = {&z->l1, &z->l2};
    const cz_line_t *cfg[2] = {&z->s->l1, &z->s->l2};
    for (int i = 0; i < 2; i++) {
        ls[i]->cfg = cfg[i];
        if (sim_resource_servers(ls[i]->lanes) != cfg[i]->lanes)
            sim_resource_set_servers(sim, ls[i]->lanes, cfg[i]->lanes);
        if (sim_resource_servers(ls[i]->bays) != cfg[i]->insp.bays)
            sim_resource_set_servers(sim, ls[i]->bays, cfg[i]->insp.bays);
    }
}

static bool zone_init(zone_t *z, const cz_scenario_t *s, unsigned rep, double warmup_min)
{
    memset(z, 0, sizeof *z);
    z->s = z->base = s;
    z->sim = sim_create(s->seed, rep);
    z->flows = calloc((size_t)s->nflows, sizeof *z->flows);
    z->nowners = s->nowners;
    z->tax_by_cat = calloc((size_t)s->ncats, sizeof *z->tax_by_cat);
    z->tax_by_owner = calloc((size_t)(z->nowners ? z->nowners : 1), sizeof *z->tax_by_owner);
    if (!z->sim || !z->flows || !z->tax_by_cat || !z->tax_by_owner)
        return false;
    if (!line_init(z, &z->l1, &s->l1, 0) || !line_init(z, &z->l2, &s->l2, 1))
        return false;
    sim_tally_init(&z->dwell);
    sim_timeavg_init(&z->bonded_cny, 0, 0);
    sim_timeavg_init(&z->in_zone, 0, 0);
    char name[CZ_NAME_MAX + 32];
    for (int i = 0; i < s->nflows; i++) {
        flow_rt_t *fr = &z->flows[i];
        fr->cfg = &s->flows[i];
        snprintf(name, sizeof name, "flow.%s.arrivals", fr->cfg->name);
        fr->arrivals = sim_stream(z->sim, name);
        snprintf(name, sizeof name, "flow.%s.goods", fr->cfg->name);
        fr->goods = sim_stream(z->sim, name);
        snprintf(name, sizeof name, "flow.%s.route", fr->cfg->name);
        fr->route = sim_stream(z->sim, name);
        snprintf(name, sizeof name, "flow.%s.inspect", fr->cfg->name);
        fr->inspect = sim_stream(z->sim, name);
        if (!fr->arrivals || !fr->goods || !fr->route || !fr->inspect)
            return false;
        if (fr->cfg->processing) {
            snprintf(name, sizeof name, "flow.%s.processing", fr->cfg->name);
            if (!(fr->processing = sim_stream(z->sim, name)))
                return false;
        }
        schedule_arrival(z, fr);
    }
    for (int k = 0; k < s->nphases && k < 8; k++) {
        z->phase_index[k] = k;
        sim_schedule_at(z->sim, s->phase_at[k], -50, switch_phase, z, &z->phase_index[k]);
    }
    for (int p = 0; p < 9; p++)
        for (int i = 0; i < 2; i++)
            sim_tally_init(&z->period_time[p][i]);
    if (warmup_min > 0)
        sim_schedule_at(z->sim, warmup_min, -100, start_measuring, z, NULL);
    else
        start_measuring(z->sim, z, NULL);
    return true;
}

static void zone_fini(zone_t *z)
{
    line_fini(&z->l1);
    line_fini(&z->l2);
    while (z->chunks) {
        chunk_t *n = z->chunks->next;
        free(z->chunks);
        z->chunks = n;
    }
    free(z->flows);
    free(z->series);
    free(z->hour_n);
    free(z->day_n);
    free(z->tax_by_cat);
    free(z->tax_by_owner);
    sim_destroy(z->sim);
}

/* Conservation of consignments, customs value and tax.  For tests and every run. */
static bool cz_zone_check(const zone_t *z, char *why, size_t len)
{
    uint64_t live_n = 0;
    int64_t live_fen = 0, live_tax = 0;
    for (const chunk_t *ch = z->chunks; ch; ch = ch->next)
        for (int i = 0; i < CHUNK; i++)
            if (ch->c[i].live) {
                live_n++;
                live_fen += ch->c[i].value_fen;
                live_tax += ch->c[i].tax_paid;
            }
    uint64_t out_n = 0;
    int64_t out_fen = 0, tax = 0;
    for (int k = 0; k < NEXITS; k++) {
        out_n += z->exit_n[k];
        out_fen += z->exit_fen[k];
    }
    for (int t = 0; t < CZ_NTAX; t++)
        tax += z->tax_all[t];
    if (live_n != z->in_n || z->arrived_n != live_n + out_n)
        snprintf(why, len, "consignments: %llu arrived, %llu inside, %llu left",
                 (unsigned long long)z->arrived_n, (unsigned long long)live_n,
                 (unsigned long long)out_n);
    else if (live_fen != z->in_fen || z->arrived_fen + z->created_fen != live_fen + out_fen)
        snprintf(why, len, "customs value: %lld fen arrived, %lld created by processing, %lld inside, %lld left",
                 (long long)z->arrived_fen, (long long)z->created_fen, (long long)live_fen, (long long)out_fen);
    else if (tax != live_tax + z->tax_exited)
        snprintf(why, len, "tax: ledger %lld fen, consignments paid %lld", (long long)tax,
                 (long long)(live_tax + z->tax_exited));
    else
        return true;
    return false;
}

static double per_day(uint64_t n, double minutes)
{
    return minutes > 0 ? (double)n / (minutes / CZ_MIN_PER_DAY) : NAN;
}

static void collect(const zone_t *z, double *k)
{
    const cz_scenario_t *s = z->s;
    double now = sim_now(z->sim), span = now - z->t_measure;
    const line_t *ls[2] = {&z->l1, &z->l2};
    k[K_ARRIVALS] = (double)z->arrivals_measured;
    for (int i = 0; i < 2; i++) {
        const line_t *l = ls[i];
        int o = i == 0 ? 0 : K_L2_TIME_MEAN - K_L1_TIME_MEAN;
        k[(i == 0 ? K_L1_THROUGHPUT : K_L2_THROUGHPUT)] = per_day(l->done, span);
        k[K_L1_TIME_MEAN + o] = sim_tally_mean(&l->time);
        k[K_L1_TIME_P50 + o] = sim_quantiles_get(l->q_time, 0.5);
        k[K_L1_TIME_P90 + o] = sim_quantiles_get(l->q_time, 0.9);
        k[K_L1_WAIT_MEAN + o] = sim_tally_mean(&l->wait);
        k[K_L1_INSPECTED + o] = l->done ? (double)l->inspected / (double)l->done : NAN;
        k[i == 0 ? K_L1_UTIL : K_L2_UTIL] = sim_resource_utilization(l->lanes, now);
        k[i == 0 ? K_INSP_UTIL_L1 : K_INSP_UTIL_L2] = sim_resource_utilization(l->bays, now);
    }
    k[K_ZONE_DWELL_MEAN] = sim_tally_mean(&z->dwell);
    static const int tax_kpi[CZ_NTAX] = {K_TAX_DUTY, K_TAX_CT, K_TAX_VAT, K_TAX_EXPORT, K_TAX_REFUND};
    int64_t total = 0;
    for (int t = 0; t < CZ_NTAX; t++) {
        k[tax_kpi[t]] = cz_cny(z->tax_fen[t]);
        total += z->tax_fen[t];
    }
    k[K_TAX_TOTAL] = cz_cny(total);
    k[K_TAX_TOTAL_PER_YEAR] = span > 0 ? cz_cny(total) * MIN_PER_YEAR / span : NAN;
    k[K_DEFERRAL_NPV] = z->deferral_npv;
    k[K_BONDED_STOCK_MEAN] = sim_timeavg_mean(&z->bonded_cny, now);
    k[K_IN_ZONE_MEAN] = sim_timeavg_mean(&z->in_zone, now);
    k[K_FORGONE_DE_MINIMIS] = cz_cny(z->forgone[CZ_FORGONE_DE_MINIMIS]);
    k[K_WARMUP_DAYS] = z->t_measure / CZ_MIN_PER_DAY;
    for (int c = 0; c < z->base->ncats; c++)
        k[K_NFIXED + s->regime.nex + c] = cz_cny(z->tax_by_cat[c]);
    for (int o = 0; o < z->nowners; o++)
        k[K_NFIXED + s->regime.nex + z->base->ncats + o] = cz_cny(z->tax_by_owner[o]);
    for (int p = 0; z->base->nphases > 0 && p <= z->base->nphases; p++) {
        double *pk = &k[cz_kpi_periods_offset(z->base) + 4 * p];
        pk[0] = (double)z->period_arrivals[p];
        pk[1] = sim_tally_mean(&z->period_time[p][0]);
        pk[2] = sim_tally_mean(&z->period_time[p][1]);
        pk[3] = cz_cny(z->period_tax[p]);
    }
    k[K_EFFECTIVE_RATE] = z->mainland_value_fen ? (double)z->mainland_tax_fen / (double)z->mainland_value_fen : NAN;
    k[K_VALUE_ADDED] = cz_cny(z->created_measured_fen);
    for (int i = 0; i < s->regime.nex; i++)
        k[K_NFIXED + i] = cz_cny(z->forgone[i]);
    if (z->detail)
        zi_finish_detail(z);
}

typedef struct watch { volatile atomic_int *stop; bool fired; } watch_t;

/* Once per simulated hour: stop the run if asked to.  Runs after every other
 * event due at the same time, and touches no random stream. */
static void watch_stop(sim_t *sim, void *subject, void *object)
{
    (void)object;
    watch_t *w = subject;
    if (atomic_load(w->stop)) {
        w->fired = true;
        sim_stop(sim);
        return;
    }
    sim_schedule(sim, 60, INT32_MAX, watch_stop, w, NULL);
}

int cz_zone_run(const cz_scenario_t *s, unsigned rep, double *kpis, cz_zone_stats_t *stats)
{
    return cz_zone_run_until_stopped(s, rep, kpis, stats, NULL);
}

/* One pass over the horizon, measuring from warmup_min; with `series`, also
 * record the clearance times and return the MSER-5 truncation time. */
static int run_pass(const cz_scenario_t *s, unsigned rep, double warmup_min, bool series,
                    double *kpis, cz_zone_stats_t *stats, volatile atomic_int *stop,
                    double *truncation, const cz_trace_t *trace, double *detail)
{
    zone_t z;
    watch_t w = {stop, false};
    memset(stats, 0, sizeof *stats);
    stats->warmup_min = warmup_min;
    int rc = 0;
    bool ok = zone_init(&z, s, rep, warmup_min);
    z.trace = trace;
    z.traced_left = trace ? trace->max_id : 0;
    if (ok && detail) {
        cz_detail_layout(s, &z.dl);
        z.hour_n = calloc(24, sizeof *z.hour_n);
        z.day_n = calloc((size_t)z.dl.ndays + 1, sizeof *z.day_n);
        z.detail = detail;
        ok = z.hour_n && z.day_n;
        if (ok && warmup_min <= 0) /* measuring started in zone_init, before detail was set */
            sim_schedule(z.sim, 0, INT32_MAX - 1, zi_snapshot, &z, NULL);
    }
    if (ok && series) {
        z.series = zi_series_create();
        ok = z.series != NULL;
    }
    if (ok && stop)
        sim_schedule(z.sim, 0, INT32_MAX, watch_stop, &w, NULL);
    bool completed = ok && sim_run_until(z.sim, s->horizon_min);
    if (!ok) {
        snprintf(stats->check_error, sizeof stats->check_error, "out of memory setting up");
        rc = 1;
    } else if (!completed && w.fired && !sim_failed(z.sim)) {
        snprintf(stats->check_error, sizeof stats->check_error, "interrupted");
        rc = CZ_ZONE_INTERRUPTED;
    } else if (sim_failed(z.sim)) {
        snprintf(stats->check_error, sizeof stats->check_error,
                 "out of memory at t = %.0f min (%llu consignments in the system)",
                 sim_now(z.sim), (unsigned long long)z.in_n);
        rc = 1;
    } else if (!cz_zone_check(&z, stats->check_error, sizeof stats->check_error)) {
        rc = 1; /* (a trace that stopped early is checked too) */
    } else {
        collect(&z, kpis);
        if (truncation)
            *truncation = z.series ? zi_series_truncation(z.series) : 0;
    }
    if (z.sim)
        stats->events = sim_events_run(z.sim);
    stats->consignments = z.arrived_n;
    stats->peak_in_system = z.peak_in;
    zone_fini(&z);
    return rc;
}

static int run_auto_or_fixed(const cz_scenario_t *s, unsigned rep, double *kpis,
                             cz_zone_stats_t *stats, volatile atomic_int *stop, double *detail)
{
    if (!s->warmup_auto)
        return run_pass(s, rep, s->warmup_min, false, kpis, stats, stop, NULL, NULL, detail);
    /* Pilot pass to choose the warm-up, then the same trajectory measured from
     * there (measurement touches no random stream, so the runs are identical). */
    double t = 0;
    int rc = run_pass(s, rep, 0, true, kpis, stats, stop, &t, NULL, NULL);
    if (rc != 0)
        return rc;
    uint64_t pilot_events = stats->events;
    rc = run_pass(s, rep, t, false, kpis, stats, stop, NULL, NULL, detail);
    stats->events += pilot_events;
    return rc;
}

int cz_zone_run_until_stopped(const cz_scenario_t *s, unsigned rep, double *kpis,
                              cz_zone_stats_t *stats, volatile atomic_int *stop)
{
    return run_auto_or_fixed(s, rep, kpis, stats, stop, NULL);
}

int cz_zone_run_traced(const cz_scenario_t *s, unsigned rep, const cz_trace_t *trace,
                       double *kpis, cz_zone_stats_t *stats)
{
    int rc = run_pass(s, rep, s->warmup_min, false, kpis, stats, NULL, NULL, trace, NULL);
    return rc;
}

int cz_zone_run_detailed(const cz_scenario_t *s, unsigned rep, double *kpis, double *detail,
                         cz_zone_stats_t *stats, volatile atomic_int *stop)
{
    if (!detail)
        return cz_zone_run_until_stopped(s, rep, kpis, stats, stop);
    cz_detail_layout_t dl;
    cz_detail_layout(s, &dl);
    memset(detail, 0, (size_t)dl.size * sizeof *detail);
    return run_auto_or_fixed(s, rep, kpis, stats, stop, detail);
}
