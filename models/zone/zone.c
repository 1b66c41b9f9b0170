/* zone.c: setting up a replication of the zone, the policy phases, running it
 * to the horizon, and the public run functions.  The journey of a consignment
 * is in journey.c; see zone_impl.h for the other files. */
#include "models/zone/zone.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/zone_impl.h"

/* ---- set-up and teardown ---- */

/* Does any phase give owners priority at line `index`? */
static bool has_priority(const cz_scenario_t *s, int index)
{
    bool any = (index == LINE1 ? s->l1 : s->l2).npriority > 0;
    for (int k = 0; k < s->nphases; k++)
        any |= (index == LINE1 ? s->phase[k]->l1 : s->phase[k]->l2).npriority > 0;
    return any;
}

static bool line_init(zone_t *z, line_t *l, const cz_line_t *cfg, int index)
{
    static const char *const names[NLINES][4] = {{"l1.service", "l1.inspection", "l1.payment", "l1.hold"},
                                                 {"l2.service", "l2.inspection", "l2.payment", "l2.hold"}};
    sim_queue_kind_t kind = has_priority(z->base, index) ? SIM_QUEUE_PRIORITY : SIM_QUEUE_FIFO;
    l->cfg = cfg;
    l->index = index;
    l->lanes = sim_resource_create(z->sim, cfg->lanes, kind);
    l->bays = sim_resource_create(z->sim, cfg->insp.bays, kind);
    if (z->base->enf.on && !(l->hold = sim_stream(z->sim, names[index][3])))
        return false;
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

/* The named streams of a flow, and its first arrival. */
static bool flow_init(zone_t *z, flow_rt_t *fr, const cz_flow_t *cfg)
{
    static const char *const kinds[] = {"arrivals", "goods",  "route",  "inspect",
                                        "processing", "optout", "comply", "preference"};
    gsl_rng **streams[] = {&fr->arrivals, &fr->goods, &fr->route, &fr->inspect, &fr->processing, &fr->optout,
                           &fr->comply, &fr->preference};
    char name[CZ_NAME_MAX + 32];
    fr->cfg = cfg;
    for (int k = 0; k < 8; k++) {
        if ((k == 4 && !cfg->processing) || (k == 5 && !(cfg->opt_out_share > 0)) || (k == 6 && !z->base->enf.on))
            continue;
        snprintf(name, sizeof name, "flow.%s.%s", cfg->name, kinds[k]);
        if (!(*streams[k] = sim_stream(z->sim, name)))
            return false;
    }
    zi_schedule_arrival(z, fr);
    return true;
}

/* A policy change: the next phase's regime, tariff, flows and lines take over. */
static void switch_phase(sim_t *sim, void *subject, void *object)
{
    zone_t *z = subject;
    int k = *(const int *)object;
    z->s = z->base->phase[k];
    z->period = k + 1;
    for (int i = 0; i < z->s->nflows; i++) {
        const cz_flow_t *was = z->flows[i].cfg, *now = &z->s->flows[i];
        z->flows[i].cfg = now;
        if (was->rate_per_min != now->rate_per_min || memcmp(was->hourly, now->hourly, sizeof now->hourly) != 0)
            zi_redraw_arrival(z, &z->flows[i]);
    }
    const cz_line_t *cfg[NLINES] = {&z->s->l1, &z->s->l2};
    for (int i = 0; i < NLINES; i++) {
        line_t *l = &z->lines[i];
        l->cfg = cfg[i];
        if (sim_resource_servers(l->lanes) != cfg[i]->lanes)
            sim_resource_set_servers(sim, l->lanes, cfg[i]->lanes);
        if (sim_resource_servers(l->bays) != cfg[i]->insp.bays)
            sim_resource_set_servers(sim, l->bays, cfg[i]->insp.bays);
    }
}

static bool measure_init(zone_t *z, const cz_scenario_t *s)
{
    measure_t *m = &z->m;
    m->tax_by_cat = calloc((size_t)s->ngroups, sizeof *m->tax_by_cat);
    m->tax_by_owner = calloc((size_t)(s->nowners ? s->nowners : 1), sizeof *m->tax_by_owner);
    sim_tally_init(&m->dwell);
    sim_tally_init(&m->e2e);
    m->q_e2e = sim_quantiles_create();
    sim_timeavg_init(&m->bonded_cny, 0, 0);
    sim_timeavg_init(&m->in_zone, 0, 0);
    for (int p = 0; p <= CZ_MAX_PHASES; p++)
        for (int i = 0; i < NLINES; i++)
            sim_tally_init(&m->period_time[p][i]);
    return m->tax_by_cat && m->tax_by_owner && m->q_e2e;
}

static bool zone_init(zone_t *z, const cz_scenario_t *s, unsigned rep)
{
    assert(s->nphases <= CZ_MAX_PHASES);
    memset(z, 0, sizeof *z);
    z->s = z->base = s;
    z->pool.cold = s->enf.on; /* side records (zi_cold); no phase may switch enforcement (policy.c) */
    z->sim = sim_create(s->seed, rep);
    z->flows = calloc((size_t)s->nflows, sizeof *z->flows);
    z->tax_points = calloc((size_t)s->nphases + 1, sizeof *z->tax_points);
    if (!z->sim || !z->flows || !z->tax_points || !measure_init(z, s) || !zi_stays_init(z))
        return false;
    /* Services take minutes, stays in the zone days: what is due after the open
     * hour waits in hour-wide buckets, not in the heap, and a consignment's record
     * is fetched as its hour opens (the order of events is the same; false only
     * when out of memory, and then the heap does it all). */
    (void)sim_set_far_width(z->sim, ZI_FAR_WIDTH_MIN, sizeof(cons_t));
    if (s->enf.on && !(z->audit = sim_stream(z->sim, "enforcement.audit")))
        return false;
    if (!line_init(z, &z->lines[LINE1], &s->l1, LINE1) || !line_init(z, &z->lines[LINE2], &s->l2, LINE2))
        return false;
    for (int i = 0; i < s->nflows; i++)
        if (!flow_init(z, &z->flows[i], &s->flows[i]))
            return false;
    for (int k = 0; k < s->nphases; k++) {
        z->phase_index[k] = k;
        sim_schedule_at(z->sim, s->phase_at[k], -50, switch_phase, z, &z->phase_index[k]);
    }
    return true;
}

static void zone_fini(zone_t *z)
{
    for (int i = 0; i < NLINES; i++)
        line_fini(&z->lines[i]);
    while (z->pool.chunks) {
        chunk_t *n = z->pool.chunks->next;
        free(z->pool.chunks->cold);
        free(z->pool.chunks);
        z->pool.chunks = n;
    }
    for (size_t i = 0; i < z->pool.nproc_blocks; i++)
        free(z->pool.proc_blocks[i]);
    free(z->pool.proc_blocks);
    free(z->flows);
    free(z->tax_points);
    zi_comply_fini(z);
    zi_detail_fini(z);
    zi_days_fini(z);
    zi_stays_fini(z);
    free(z->m.tax_by_cat);
    free(z->m.tax_by_owner);
    sim_quantiles_destroy(z->m.q_e2e);
    sim_destroy(z->sim);
}

/* ---- one pass over the horizon ---- */

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

/* The watchers a run starts with: measurement, detail, stop, trace. */
static bool run_start(zone_t *z, const cz_run_opts_t *o, watch_t *w, cz_zone_stats_t *st)
{
    double warmup = z->s->warmup_min;
    z->trace = o->trace;
    z->traced_left = o->trace ? o->trace->max_id : 0;
    if (o->detail && !zi_detail_start(z, o->detail))
        return false;
    if (o->monitor && !zi_monitor_start(z, o->monitor, o->rep)) {
        snprintf(st->check_error, sizeof st->check_error, "cannot write the monitor's rows in %s: %s", o->monitor,
                 strerror(errno));
        return false;
    }
    if (!zi_days_start(z))
        return false;
    if (warmup > 0)
        sim_schedule_at(z->sim, warmup, -100, zi_start_measuring, z, NULL);
    else
        zi_start_measuring(z->sim, z, NULL);
    if (o->stop)
        sim_schedule(z->sim, 0, INT32_MAX, watch_stop, w, NULL);
    return true;
}

/* Why a run ended, as a return code with the reason in stats. */
static int run_end(zone_t *z, bool ok, bool completed, const watch_t *w, cz_zone_stats_t *st)
{
    if (!ok) {
        if (!st->check_error[0])
            snprintf(st->check_error, sizeof st->check_error, "out of memory setting up");
        return CZ_FAILED;
    }
    if (!completed && w->fired && !sim_failed(z->sim)) {
        snprintf(st->check_error, sizeof st->check_error, "interrupted");
        return CZ_INTERRUPTED;
    }
    if (sim_failed(z->sim)) {
        if (z->overflow)
            snprintf(st->check_error, sizeof st->check_error, "at t = %.0f min an amount went beyond the %.3g CNY "
                     "zonesim represents (a customs value drawn, a quantity drawn beyond %.3g units, or a sum of values "
                     "or taxes): lower the customs values, quantities or rates", sim_now(z->sim),
                     (double)CZ_MAX_FEN / 100, (double)CZ_MAX_FEN / CZ_QTY_ONE);
        else
            snprintf(st->check_error, sizeof st->check_error,
                     "out of memory at t = %.0f min (%llu consignments in the system)", sim_now(z->sim),
                     (unsigned long long)z->ledger.in_n);
        return CZ_FAILED;
    }
    /* (a trace that stopped early is checked too) */
    return zi_zone_check(z, st->check_error, sizeof st->check_error) ? 0 : CZ_FAILED;
}

/* ---- the public run functions ---- */

int cz_zone_run_with(const cz_scenario_t *s, const cz_run_opts_t *o, double *kpis, cz_zone_stats_t *st)
{
    zone_t z;
    watch_t w = {o->stop, false};
    memset(st, 0, sizeof *st);
    st->warmup_min = s->warmup_min;
    bool ok = zone_init(&z, s, o->rep) && run_start(&z, o, &w, st);
    bool completed = ok && sim_run_until(z.sim, s->horizon_min);
    int rc = run_end(&z, ok, completed, &w, st);
    if (!zi_monitor_finish(&z, rc == CZ_OK) && rc == CZ_OK) {
        snprintf(st->check_error, sizeof st->check_error, "the monitor's rows could not be written in %s (is the disk full?)",
                 o->monitor);
        rc = CZ_FAILED;
    }
    if (rc == CZ_OK)
        zi_collect(&z, kpis);
    if (z.sim)
        st->events = sim_events_run(z.sim);
    st->consignments = z.ledger.arrived_n;
    st->peak_in_system = z.ledger.peak_in;
    zone_fini(&z);
    return rc;
}

int cz_zone_run(const cz_scenario_t *s, unsigned rep, double *kpis, cz_zone_stats_t *stats)
{
    cz_run_opts_t o = {rep, NULL, NULL, NULL, NULL};
    return cz_zone_run_with(s, &o, kpis, stats);
}
