/* kpi.c: KPI names and aggregation.  See kpi.h. */
#include "models/zone/kpi.h"

#include <math.h>
#include <stdio.h>

#include "models/zone/zone.h"
#include "sim/stats.h"

static const char *const FIXED[K_NFIXED] = {
    "arrivals",
    "l1_throughput_per_day", "l2_throughput_per_day",
    "l1_time_mean_min", "l1_time_p50_min", "l1_time_p90_min", "l1_wait_mean_min", "l1_inspected_share",
    "l2_time_mean_min", "l2_time_p50_min", "l2_time_p90_min", "l2_wait_mean_min", "l2_inspected_share",
    "zone_dwell_mean_days",
    "l1_utilization", "l2_utilization", "inspection_utilization_l1", "inspection_utilization_l2",
    "tax_duty_cny", "tax_ct_cny", "tax_vat_cny", "tax_export_duty_cny", "tax_refund_cny", "tax_total_cny",
    "tax_total_cny_per_year",
    "deferral_npv_cny", "bonded_stock_mean_cny", "in_zone_mean", "forgone_de_minimis_cny",
    "effective_tax_rate_mainland", "value_added_cny",
    "warmup_days",
};

static int owners(const cz_scenario_t *s) { return s->nowners; }

/* Fixed KPIs, then forgone revenue per exemption, revenue per goods category and
 * per owner class, then (with a policy schedule) 4 KPIs per period. */
int cz_kpi_count(const cz_scenario_t *s)
{
    return K_NFIXED + s->regime.nex + s->ncats + owners(s) + (s->nphases ? 4 * (s->nphases + 1) : 0);
}

int cz_kpi_periods_offset(const cz_scenario_t *s) { return K_NFIXED + s->regime.nex + s->ncats + owners(s); }

const char *cz_kpi_name(const cz_scenario_t *s, int i, char buf[96])
{
    if (i < K_NFIXED)
        return FIXED[i];
    if (i < K_NFIXED + s->regime.nex) {
        snprintf(buf, 96, "forgone_%s_cny", s->regime.ex[i - K_NFIXED].name);
        return buf;
    }
    int c = i - K_NFIXED - s->regime.nex;
    if (c < s->ncats) {
        snprintf(buf, 96, "tax_category_%s_cny", s->cats[c].name);
        return buf;
    }
    if (c - s->ncats < owners(s)) {
        snprintf(buf, 96, "tax_owner_%s_cny", cz_detail_owner(s, c - s->ncats));
        return buf;
    }
    static const char *const per[4] = {"arrivals", "l1_time_mean_min", "l2_time_mean_min", "tax_total_cny"};
    int j = i - cz_kpi_periods_offset(s);
    snprintf(buf, 96, "period%d_%s", j / 4, per[j % 4]);
    return buf;
}

cz_kpi_summary_t cz_kpi_summarise(const double *table, unsigned nrep, int nkpi, int k)
{
    sim_tally_t t;
    sim_tally_init(&t);
    for (unsigned r = 0; r < nrep; r++) {
        double v = table[(size_t)r * (size_t)nkpi + (size_t)k];
        if (!isnan(v))
            sim_tally_add(&t, v);
    }
    cz_kpi_summary_t s = {sim_tally_mean(&t), sim_tally_sd(&t), sim_tally_ci95(&t),
                          t.n ? t.min : NAN, t.n ? t.max : NAN, (unsigned)t.n};
    return s;
}
