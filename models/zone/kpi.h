/* kpi.h: the key performance indicators of a run, their names and aggregation.
 *
 * Names are snake_case with their unit last (docs/outputs.md defines each).  The
 * fixed list is followed by one forgone-revenue KPI per exemption of the regime
 * (forgone_<exemption>_cny), revenue per goods category and per owner class
 * (tax_category_<name>_cny, tax_owner_<name>_cny), and with policy changes four
 * KPIs per period (period<k>_...).  Revenue KPIs cover the measured period (the
 * horizon after warm-up); tax_total_cny_per_year annualises the total.
 *
 * Aggregation over replications: mean, sample sd, 95% t half-width, min, max;
 * NaN (printed null) where undefined (sd with one replication, a KPI with no
 * observations). */
#ifndef CZ_KPI_H
#define CZ_KPI_H

#include "models/scenario/scenario.h"

enum cz_kpi {
    K_ARRIVALS,
    K_L1_THROUGHPUT, K_L2_THROUGHPUT,
    K_L1_TIME_MEAN, K_L1_TIME_P50, K_L1_TIME_P90, K_L1_WAIT_MEAN, K_L1_INSPECTED,
    K_L2_TIME_MEAN, K_L2_TIME_P50, K_L2_TIME_P90, K_L2_WAIT_MEAN, K_L2_INSPECTED,
    K_ZONE_DWELL_MEAN,
    K_L1_UTIL, K_L2_UTIL, K_INSP_UTIL_L1, K_INSP_UTIL_L2,
    K_TAX_DUTY, K_TAX_CT, K_TAX_VAT, K_TAX_EXPORT, K_TAX_REFUND, K_TAX_TOTAL, K_TAX_TOTAL_PER_YEAR,
    K_DEFERRAL_NPV, K_BONDED_STOCK_MEAN, K_IN_ZONE_MEAN, K_FORGONE_DE_MINIMIS,
    K_EFFECTIVE_RATE, K_VALUE_ADDED,
    K_WARMUP_DAYS,
    K_NFIXED
};

int cz_kpi_count(const cz_scenario_t *s);
/* Index of the first per-period KPI (when the scenario has policy changes). */
int cz_kpi_periods_offset(const cz_scenario_t *s);
/* Name of KPI i; buf must hold 96 bytes (exemption KPIs are built there). */
const char *cz_kpi_name(const cz_scenario_t *s, int i, char buf[96]);

typedef struct cz_kpi_summary {
    double mean, sd, ci95, min, max;
    unsigned n;                 /* replications with a value */
} cz_kpi_summary_t;

/* Summarise column k of an nrep x nkpi row-major table, in replication order. */
cz_kpi_summary_t cz_kpi_summarise(const double *table, unsigned nrep, int nkpi, int k);

#endif
