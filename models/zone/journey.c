/* journey.c: the journey of a consignment as events — arrival, the crossing of
 * a line (queue, declaration, risk check, inspection, taxes, payment), the stay
 * in the zone (processing, transfer), and its exit.  See zone.h for the flow
 * and zone_impl.h for the files around this one.
 *
 * Random streams (named, so that common random numbers hold across policies):
 *   flow.<name>.arrivals   inter-arrival times and thinning draws
 *   flow.<name>.goods      category, customs value, quantity
 *   flow.<name>.route      route and dwell
 *   flow.<name>.inspect    the two inspection draws (uniforms compared with the
 *                          rate, so raising a rate only adds inspections)
 *   flow.<name>.processing whether and how much value is added
 *   flow.<name>.comply     with enforcement: non-compliance (comply.c)
 *   l1.service, l1.inspection, l1.payment, l1.hold, and the same for l2. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "models/zone/zone_impl.h"

/* ---- consignments ---- */

static cons_t *cons_alloc(pool_t *p)
{
    if (!p->free_list) {
        chunk_t *ch = aligned_alloc(CHUNK_BYTES, sizeof *ch);
        if (!ch)
            return NULL;
        ch->cold = NULL;
        if (p->cold && !(ch->cold = malloc(CHUNK * sizeof *ch->cold))) { /* with enforcement */
            free(ch);
            return NULL;
        }
        ch->next = p->chunks;
        p->chunks = ch;
        for (int i = CHUNK - 1; i >= 0; i--) {
            ch->c[i].live = false;
            ch->c[i].next_free = p->free_list;
            p->free_list = &ch->c[i];
        }
    }
    cons_t *c = p->free_list;
    p->free_list = c->next_free;
    return c;
}

/* A processing record (cons_proc_t), from blocks that are never moved. */
static cons_proc_t *proc_alloc(pool_t *p)
{
    enum { BLOCK = 1024 };
    if (!p->proc_free) {
        cons_proc_t **blocks = realloc(p->proc_blocks, (p->nproc_blocks + 1) * sizeof *blocks);
        if (!blocks)
            return NULL;
        p->proc_blocks = blocks;
        cons_proc_t *b = malloc(BLOCK * sizeof *b);
        if (!b)
            return NULL;
        blocks[p->nproc_blocks++] = b;
        for (int i = BLOCK - 1; i >= 0; i--) {
            b[i].next_free = p->proc_free;
            p->proc_free = &b[i];
        }
    }
    cons_proc_t *r = p->proc_free;
    p->proc_free = r->next_free;
    *r = (cons_proc_t){.va_ratio = NAN};
    return r;
}

static void cons_exit(zone_t *z, cons_t *c, enum exit_kind k)
{
    static const char *const how[NEXITS] = {"released to the mainland", "left abroad (re-exported)",
                                            "used up in the zone"};
    assert(c->live);
    zi_count_exit(z, c, k);
    zi_comply_exit(z, c);
    if (z->mon.f[0])
        zi_monitor_exit(z, c, k);
    if (TRACING(z, c)) {
        bool leaked = k == EXIT_MAINLAND && c->nc == CZ_NC_LEAK && !c->taxed;
        zi_say(z, c, "exit", "%s; %.2f CNY of tax paid in all",
               leaked ? "reached the mainland unseen" : how[k], cz_cny(c->tax_paid));
        if (--z->traced_left == 0 && z->trace->stop_when_done)
            sim_stop(z->sim);
    }
    c->live = false;
    if (c->proc) {
        c->proc->next_free = z->pool.proc_free;
        z->pool.proc_free = c->proc;
    }
    c->next_free = z->pool.free_list;
    z->pool.free_list = c;
}

/* ---- lines ---- */

static void enter_zone(zone_t *z, cons_t *c);
static void line_enter(zone_t *z, cons_t *c, line_t *l);

static void leave_line(zone_t *z, cons_t *c)
{
    if (!c->outbound) {
        enter_zone(z, c);
        return;
    }
    if (c->in_zone)
        zi_leave_zone(z, c);
    cons_exit(z, c, c->route == CZ_ROUTE_REEXPORT ? EXIT_REEXPORT : EXIT_MAINLAND);
}

static void released(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    cons_t *c = subject;
    line_t *l = c->line;
    double t = sim_now(sim) - c->t_line;
    bool crossed = l->index == LINE1 || z->s->regime.second_line_control;
    if (crossed) {
        zi_say(z, c, "release", "released by the %s after %.1f min there", zi_line_name(l->index), t);
        zi_count_crossing(z, c, l, t);
        if (z->mon.f[0])
            zi_monitor_crossing(z, c, l);
    }
    leave_line(z, c);
}

void zi_after_taxes(zone_t *z, cons_t *c, int64_t due)
{
    line_t *l = c->line;
    if (due > 0 && l->cfg->has_payment) {
        double pay = sim_dist_sample(&l->cfg->payment, l->payment);
        zi_say(z, c, "payment", "pays %.2f CNY; payment takes %.1f min", cz_cny(due), pay);
        sim_schedule(z->sim, pay, 0, released, c, z);
    } else {
        released(z->sim, c, z);
    }
}

static void line_taxes(zone_t *z, cons_t *c)
{
    c->t_insp_end = sim_now(z->sim);
    int64_t due = zi_levy(z, c, zi_crossing_move(z, c, c->line), NULL);
    zi_after_taxes(z, c, due);
}

static void held_then_taxes(sim_t *sim, void *subject, void *object)
{
    (void)sim;
    line_taxes(object, subject);
}

static void inspection_done(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    cons_t *c = subject;
    double hold;
    sim_resource_release(sim, c->line->bays);
    zi_say(z, c, "inspected", "inspection finished");
    if (zi_comply_check(z, c, c->line, CZ_STAGE_INSPECTION, &hold) && hold > 0) {
        zi_say(z, c, "held", "held %.1f min", hold);
        sim_schedule(sim, hold, 0, held_then_taxes, c, z);
        return;
    }
    line_taxes(z, c);
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

static void risk_check(sim_t *sim, void *subject, void *object);

static void declaration_done(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    cons_t *c = subject;
    line_t *l = c->line;
    double hold;
    sim_resource_release(sim, l->lanes);
    c->t_decl_end = c->t_insp_end = sim_now(sim);
    if (zi_comply_check(z, c, l, CZ_STAGE_DECLARATION, &hold) && hold > 0) {
        zi_say(z, c, "held", "held %.1f min", hold);
        sim_schedule(sim, hold, 0, risk_check, c, z);
        return;
    }
    risk_check(sim, c, z);
}

/* Risk-based inspection on every second-line crossing and on goods entering
 * through the first line; re-exports leave the first line uninspected.  The
 * rate is the declared goods' (misclassified goods are checked as declared). */
static void risk_check(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    cons_t *c = subject;
    line_t *l = c->line;
    if (l->index == LINE2 || !c->outbound) {
        const char *declared = z->s->cats[zi_declared_cat(c)].name;
        double p = cz_inspection_rate_of(&l->cfg->insp, c->owner_ix, zi_declared_cat(c));
        bool selected = zi_inspect_select(z, c, l, p);
        zi_say(z, c, selected ? "selected" : "not_selected",
               "risk check: owner %s, goods %s, inspection rate %.1f%%: %s", zi_owner(z, c), declared, 100 * p,
               selected ? "selected for inspection" : "no inspection");
        if (z->m.on)
            l->checked++;
        if (selected) {
            if (z->m.on)
                l->inspected++;
            sim_resource_request(sim, l->bays, c, cz_line_priority(l->cfg, zi_owner(z, c)), bay_granted, z);
            return;
        }
    }
    line_taxes(z, c);
}

static void lane_granted(sim_t *sim, void *entity, void *arg)
{
    zone_t *z = arg;
    cons_t *c = entity;
    line_t *l = c->line;
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
    zi_say(z, c, "queue", "reaches the %s (%s, going %s): %zu waiting, %u of %u lanes busy%s",
           zi_line_name(l->index), l->index == LINE1 ? "zone - abroad" : "zone - mainland",
           c->outbound ? "out of the zone" : "into the zone", sim_resource_queue_length(l->lanes),
           sim_resource_busy(l->lanes), sim_resource_servers(l->lanes),
           sim_resource_is_open(l->lanes) ? "" : "; the line is closed until it opens");
    sim_resource_request(z->sim, l->lanes, c, cz_line_priority(l->cfg, zi_owner(z, c)), lane_granted, z);
}

/* ---- the stay in the zone ---- */

static void enter_zone(zone_t *z, cons_t *c)
{
    double now = sim_now(z->sim);
    c->t_entry = now;
    c->in_zone = true;
    if (!c->taxed)
        zi_stock_add(z, cz_cny(c->value_fen));
    sim_timeavg_add(&z->m.in_zone, now, 1);
    zi_say(z, c, "zone", "enters the zone%s; stays %.1f days (%s)", c->taxed ? "" : " bonded",
           c->dwell / CZ_MIN_PER_DAY,
           c->route == CZ_ROUTE_CONSUMED ? "to be used up in the zone" :
           c->route == CZ_ROUTE_TRANSFER ? "then transferred to another owner" :
           c->route == CZ_ROUTE_REEXPORT ? "then re-exported" : "then sold to the mainland");
    zi_stay(z, c, c->dwell);
}

void zi_leave_zone(zone_t *z, cons_t *c)
{
    double now = sim_now(z->sim);
    if (z->m.on)
        sim_tally_add(&z->m.dwell, (now - c->t_entry) / CZ_MIN_PER_DAY);
    sim_timeavg_add(&z->m.in_zone, now, -1);
    if (!c->taxed)
        zi_stock_add(z, -cz_cny(c->value_fen));
    c->in_zone = false;
}

/* Transfer to another owner: back-payment when an exemption is lost. */
static void transfer(zone_t *z, cons_t *c)
{
    const cz_flow_t *f = zi_flow_of(z, c);
    zi_levy(z, c, CZ_MOVE_TRANSFER, f->transfer_owner);
    assert(f->transfer_owner_ix >= 0); /* resolved at load, in every phase that may see a transfer */
    c->owner_ix = (int16_t)f->transfer_owner_ix;
    c->transferred = true;
    c->route = CZ_ROUTE_MAINLAND;
    zi_stay(z, c, c->dwell); /* a second stay, then the mainland */
}

/* Straight to the mainland where the regime has no second line: taxes (if any)
 * and out, with no lanes. */
static void leave_without_second_line(zone_t *z, cons_t *c)
{
    zi_leave_zone(z, c);
    zi_say(z, c, "no_second_line", "goes to the mainland directly: regime %s has no second line",
           z->s->regime.name);
    c->line = &z->lines[LINE2];
    c->t_line = c->t_decl = c->t_decl_end = sim_now(z->sim);
    line_taxes(z, c);
}

void zi_stay_done(sim_t *sim, void *subject, void *object)
{
    (void)sim;
    zone_t *z = object;
    cons_t *c = subject;
    if (c->to_process)
        zi_process(z, c);
    if (c->route == CZ_ROUTE_TRANSFER) {
        transfer(z, c);
        return;
    }
    if (c->route == CZ_ROUTE_CONSUMED) {
        zi_leave_zone(z, c);
        zi_levy(z, c, CZ_MOVE_USED_UP, NULL);
        cons_exit(z, c, EXIT_CONSUMED);
        return;
    }
    c->outbound = true; /* in the zone until its exit crossing is released */
    c->deferred_fen = 0; /* in the stay's place (cons_t) */
    if (c->route == CZ_ROUTE_MAINLAND && zi_comply_leak(z, c)) {
        zi_leave_zone(z, c);
        cons_exit(z, c, EXIT_MAINLAND);
        return;
    }
    if (c->route == CZ_ROUTE_MAINLAND && !z->s->regime.second_line_control)
        leave_without_second_line(z, c);
    else
        line_enter(z, c, &z->lines[c->route == CZ_ROUTE_MAINLAND ? LINE2 : LINE1]);
}

/* ---- arrivals ---- */

static void arrival(sim_t *sim, void *subject, void *object);

/* The time from now to the next arrival of a Poisson process whose rate is
 * rate_per_min x hourly[hour of day], by inversion: a standard exponential is
 * the next arrival's increment of the cumulative rate, used up hour by hour
 * (whole days at once), so that no arrival is drawn to be rejected.  The hour
 * the arrival falls in is kept for the next call, which starts at that time;
 * any other start (the first, after a policy change) finds its hour afresh. */
static double profile_delay(flow_rt_t *fr, double now)
{
    const cz_flow_t *f = fr->cfg;
    if (!(now < fr->hour_end && now >= fr->hour_end - 60)) {
        double hours = floor(now / 60);
        fr->hour = (int)fmod(hours, 24);
        fr->hour_end = (hours + 1) * 60;
    }
    double e = sim_exponential(fr->arrivals, 1 / f->rate_per_min), t = now; /* minutes at the mean rate */
    if (e >= CZ_MIN_PER_DAY) {
        double day = 0;
        for (int h = 0; h < 24; h++)
            day += 60 * f->hourly[h];
        double days = floor(e / day);
        e = fmax(0, e - days * day);
        t += days * CZ_MIN_PER_DAY;
        fr->hour_end += days * CZ_MIN_PER_DAY;
    }
    for (;;) {
        double r = f->hourly[fr->hour], mass = r * (fr->hour_end - t);
        if (e < mass)
            return t + e / r - now;
        e -= mass;
        t = fr->hour_end;
        fr->hour = (fr->hour + 1) % 24;
        fr->hour_end += 60;
    }
}

void zi_schedule_arrival(zone_t *z, flow_rt_t *fr)
{
    const cz_flow_t *f = fr->cfg;
    double delay = f->hourly_max == 1 ? sim_exponential(fr->arrivals, 1 / (f->rate_per_min * f->hourly_max))
                                      : profile_delay(fr, sim_now(z->sim));
    fr->next = sim_schedule(z->sim, delay, 0, arrival, fr, z);
}

void zi_redraw_arrival(zone_t *z, flow_rt_t *fr)
{
    sim_cancel(z->sim, fr->next);
    fr->hour_end = -1; /* its hour found afresh */
    zi_schedule_arrival(z, fr);
}

static int draw_route(const cz_flow_t *f, gsl_rng *rng)
{
    double u = sim_uniform(rng), acc = 0;
    int route = CZ_NROUTES - 1;
    for (int i = 0; i < CZ_NROUTES; i++)
        if (f->route[i] > 0 && u < (acc += f->route[i])) {
            route = i;
            break;
        }
    while (f->route[route] == 0 && route > 0) /* rounding: last route with a share */
        route--;
    return route;
}

static cons_t *new_consignment(zone_t *z, flow_rt_t *fr)
{
    cons_t *c = cons_alloc(&z->pool);
    if (!c)
        return NULL;
    const cz_flow_t *f = fr->cfg;
    int k = (int)sim_dist_sample(&f->cat_pick, fr->goods);
    double value = sim_dist_sample(&f->value_cny, fr->goods) * (f->value_scale ? f->value_scale[k] : 1);
    double qty = sim_dist_sample(&f->quantity, fr->goods);
    int route = draw_route(f, fr->route);
    *c = (cons_t){.id = z->pool.next_id++, .flow = (uint16_t)(fr - z->flows), .cat = (uint16_t)f->cat[k],
                  .route = (uint8_t)route, .live = true, .taxed = f->from_mainland,
                  .owner_ix = (int16_t)f->owner_ix, .value_fen = cz_fen_round(value),
                  .qty = cz_qty_round(qty), .dwell = sim_dist_sample(&f->dwell, fr->route),
                  .t_arrive = sim_now(z->sim)};
    if (!cz_cny_in_range(value) || !(qty >= 0 && qty * CZ_QTY_ONE <= (double)CZ_MAX_FEN)) {
        c->value_fen = c->qty = 0; /* the run stops at this arrival (see arrival), reported */
        zi_amount_overflow(z);
    }
    c->u_insp[LINE1] = sim_uniform_u32(fr->inspect);
    c->u_insp[LINE2] = sim_uniform_u32(fr->inspect);
    c->cat_k = (uint16_t)k;
    if (z->pool.cold)
        *zi_cold(c) = (cons_cold_t){0};
    if (fr->comply) /* its own stream: with enforcement only */
        zi_comply_arrival(z, fr, c);
    if (fr->optout) /* its own stream, like processing */
        c->opted_out = sim_uniform(fr->optout) < f->opt_out_share;
    /* its own stream, drawn whatever the share: a policy change of the share,
     * or another share in a comparison, moves no other number */
    c->preferred = sim_uniform(fr->preference) < f->preference_share;
    if (fr->processing) { /* its own stream: other flows' numbers do not move */
        bool yes = sim_uniform(fr->processing) < f->proc_share;
        double ratio = sim_dist_sample(&f->value_added, fr->processing);
        if (yes) {
            if (!(c->proc = proc_alloc(&z->pool)))
                return NULL;
            c->to_process = true;
            c->proc->va_ratio = ratio;
        }
    }
    return c;
}

static void arrival(sim_t *sim, void *subject, void *object)
{
    zone_t *z = object;
    flow_rt_t *fr = subject;
    const cz_flow_t *f = fr->cfg;
    zi_schedule_arrival(z, fr);
    cons_t *c = new_consignment(z, fr);
    if (!c) {
        sim_fail(sim);
        return;
    }
    zi_count_arrival(z, c);
    if (SIM_UNLIKELY(z->overflow)) /* an amount beyond range: the run stops here, told nothing more */
        return;
    zi_say(z, c, "arrive", "consignment %u arrives from %s: owner %s, %s, customs value %.2f CNY, "
           "quantity %g", c->id, f->from_mainland ? "the mainland" : "abroad", zi_owner(z, c),
           zi_tariff_of(z, c)->name, cz_cny(c->value_fen), (double)c->qty / CZ_QTY_ONE);
    if (fr->comply)
        zi_comply_say(z, c);
    if (!f->from_mainland)
        line_enter(z, c, &z->lines[LINE1]);
    else if (z->s->regime.second_line_control)
        line_enter(z, c, &z->lines[LINE2]);
    else
        enter_zone(z, c);
}
