/* plan.c: the scenario before a run.  See plan.h. */
#include "models/scenario/plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define WARMUP_EPS 0.001      /* largest bias of a measured mean the auto warm-up allows */
#define WARMUP_SAMPLES 100000
#define RELAXATIONS 5.0

/* Crossings per minute of each line, from the flows and their routes. */
static void crossings(const cz_scenario_t *s, double per_min[2])
{
    per_min[0] = per_min[1] = 0;
    for (int i = 0; i < s->nflows; i++) {
        const cz_flow_t *f = &s->flows[i];
        const double *r = f->route;
        if (f->from_mainland) {
            per_min[1] += f->rate_per_min * ((s->regime.second_line_control ? 1 : 0) + r[CZ_ROUTE_MAINLAND]);
            per_min[0] += f->rate_per_min * r[CZ_ROUTE_REEXPORT];
        } else {
            per_min[0] += f->rate_per_min * (1 + r[CZ_ROUTE_REEXPORT]);
            per_min[1] += f->rate_per_min * (r[CZ_ROUTE_MAINLAND] + r[CZ_ROUTE_TRANSFER]);
        }
    }
    if (!s->regime.second_line_control)
        per_min[1] = 0;
}

/* The inspections per minute at a line: each checked crossing by its risk. */
static double inspections(const cz_scenario_t *s, int line)
{
    const cz_line_t *l = line == 0 ? &s->l1 : &s->l2;
    double n = 0;
    for (int i = 0; i < s->nflows; i++) {
        const cz_flow_t *f = &s->flows[i];
        double checked = line == 0 ? (f->from_mainland ? 0 : 1)
                                   : (f->from_mainland ? 1 + f->route[CZ_ROUTE_MAINLAND]
                                                       : f->route[CZ_ROUTE_MAINLAND] + f->route[CZ_ROUTE_TRANSFER]);
        double p = 0;
        for (int k = 0; k < f->ncat; k++)
            p += f->cat_share[k] * cz_inspection_rate(&l->insp, f->owner, f->cat[k]);
        n += f->rate_per_min * checked * p;
    }
    return n;
}

void cz_line_loads(const cz_scenario_t *s, cz_line_load_t load[2])
{
    double per_min[2];
    crossings(s, per_min);
    for (int i = 0; i < 2; i++) {
        const cz_line_t *l = i == 0 ? &s->l1 : &s->l2;
        double open = l->always_open ? 1 : fmod(l->close - l->open + CZ_MIN_PER_DAY, CZ_MIN_PER_DAY) / CZ_MIN_PER_DAY;
        load[i].crossings_per_day = per_min[i] * CZ_MIN_PER_DAY;
        load[i].open_fraction = open;
        load[i].lanes = per_min[i] * l->service.mean / (l->lanes * open);
        load[i].bays = inspections(s, i) * l->insp.time.mean / (l->insp.bays * open);
    }
}

static int line_warnings(const cz_scenario_t *s, const char *when, char (*msg)[256], int n, int max)
{
    static const char *const names[2] = {"first line", "second line"};
    cz_line_load_t load[2];
    cz_line_loads(s, load);
    for (int i = 0; i < 2; i++) {
        const cz_line_t *l = i == 0 ? &s->l1 : &s->l2;
        if (i == 1 && !s->regime.second_line_control)
            continue;
        if (load[i].lanes >= 1 && n < max)
            snprintf(msg[n], 256, "%s%s: lanes loaded at %.2f of their open hours (%.0f crossings a day x %.3g min "
                     "over %u lanes open %.0f%% of the day): no steady state, its queue grows through the horizon",
                     when, names[i], load[i].lanes, load[i].crossings_per_day, l->service.mean, l->lanes,
                     100 * load[i].open_fraction);
        n += load[i].lanes >= 1;
        if (load[i].bays >= 1 && n < max)
            snprintf(msg[n], 256, "%s%s: inspection bays loaded at %.2f of their open hours: no steady state",
                     when, names[i], load[i].bays);
        n += load[i].bays >= 1;
    }
    return n;
}

int cz_plan_warnings(const cz_scenario_t *s, char (*msg)[256], int max)
{
    char when[64];
    int n = 0;
    for (int k = 0; k < s->nnotes; k++, n++)
        if (n < max)
            snprintf(msg[n], 256, "%s", s->notes[k]);
    n = line_warnings(s, "", msg, n, max);
    for (int k = 0; k < s->nphases; k++) {
        snprintf(when, sizeof when, "after the policy change at day %.4g, ", s->phase_at[k] / CZ_MIN_PER_DAY);
        n = line_warnings(s->phase[k], when, msg, n, max);
    }
    return n;
}

/* The first whole day T at which a flow's stays S leave the measured means
 * biased by at most WARMUP_EPS (see plan.h); S sorted ascending. */
static double fill_days(const double *S, size_t n, double horizon_days)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += S[i] / (double)n;
    if (!(mean > 0))
        return 0;
    for (double T = 0; T < horizon_days / 2; T += 1) {
        double e1 = 0, e2 = 0, H = horizon_days - T;
        for (size_t i = n; i-- > 0 && S[i] > T;) {
            e1 += (S[i] - T) / (double)n;
            e2 += (S[i] - T) * (S[i] - T) / (double)n;
        }
        if (e1 / H <= WARMUP_EPS && e2 / (2 * H * mean) <= WARMUP_EPS)
            return T;
    }
    return floor(horizon_days / 2);
}

static int ascending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The zone's fill: the longest over flows, in days. */
static double zone_fill_days(const cz_scenario_t *s)
{
    double *S = malloc(WARMUP_SAMPLES * sizeof *S), worst = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    for (int i = 0; S && r && i < s->nflows; i++) {
        const cz_flow_t *f = &s->flows[i];
        gsl_rng_set(r, 20231215u + (unsigned)i);
        for (size_t k = 0; k < WARMUP_SAMPLES; k++) {
            bool two = sim_uniform(r) < f->route[CZ_ROUTE_TRANSFER];
            S[k] = (sim_dist_sample(&f->dwell, r) + (two ? sim_dist_sample(&f->dwell, r) : 0)) / CZ_MIN_PER_DAY;
        }
        qsort(S, WARMUP_SAMPLES, sizeof *S, ascending);
        worst = fmax(worst, fill_days(S, WARMUP_SAMPLES, s->horizon_min / CZ_MIN_PER_DAY));
    }
    gsl_rng_free(r);
    free(S);
    return worst;
}

double cz_plan_warmup(const cz_scenario_t *s)
{
    cz_line_load_t load[2];
    cz_line_loads(s, load);
    double days = zone_fill_days(s);
    for (int i = 0; i < 2; i++) {
        const cz_line_t *l = i == 0 ? &s->l1 : &s->l2;
        double rho = load[i].lanes;
        if (rho > 0 && rho < 1) { /* relaxation in open time, stretched to the clock by the hours */
            double tau = l->service.mean / (l->lanes * pow(1 - sqrt(rho), 2)) / load[i].open_fraction;
            days = fmax(days, ceil(RELAXATIONS * tau / CZ_MIN_PER_DAY));
        }
    }
    return fmin(days, floor(s->horizon_min / CZ_MIN_PER_DAY / 2)) * CZ_MIN_PER_DAY;
}

double cz_plan_in_system(const cz_scenario_t *s)
{
    double in_zone = 0;
    for (int i = 0; i < s->nflows; i++) {
        const cz_flow_t *f = &s->flows[i];
        in_zone += f->rate_per_min * f->dwell.mean * (1 + f->route[CZ_ROUTE_TRANSFER]);
    }
    cz_line_load_t load[2];
    double per_min[2], backlog = 0;
    cz_line_loads(s, load);
    crossings(s, per_min);
    for (int i = 0; i < 2; i++) /* an overloaded line's queue grows for the whole horizon */
        if (load[i].lanes > 1)
            backlog += per_min[i] * (1 - 1 / load[i].lanes) * s->horizon_min;
    return in_zone + backlog;
}
