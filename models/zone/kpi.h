/* kpi.h: the key performance indicators of a run: one table defines each KPI
 * (its enum, name, unit and meaning), and every list of KPIs — the CSV header,
 * summary.json, `zonesim kpis` and docs/outputs.md — comes from it.
 *
 * Names are snake_case with their unit last.  The fixed KPIs (CZ_KPI_TABLE) are
 * followed by families with one member per part of the scenario
 * (CZ_KPI_FAMILIES): forgone revenue per exemption of the regime, revenue per
 * goods category and per owner class, the compliance figures when the
 * scenario models non-compliance or enforcement, and with policy changes four
 * KPIs per period.  Revenue KPIs cover the measured period (the horizon after warm-up).
 *
 * Aggregation over replications: mean, sample sd, 95% t half-width, min, max;
 * NaN (printed null, or empty in CSV) where undefined (sd with one replication,
 * a KPI with no observations).
 * Ownership: plain values and static strings. */
#ifndef CZ_KPI_H
#define CZ_KPI_H

#include "models/scenario/scenario.h"

/* X(ID, name, unit, meaning) — the order is the order of every output. */
#define CZ_KPI_TABLE(X)                                                                              \
    X(K_ARRIVALS, "arrivals", "consignments", "arrivals in the measured period, all flows")           \
    X(K_L1_THROUGHPUT, "l1_throughput_per_day", "crossings/day",                                      \
      "crossings of the first line released per day (both directions)")                               \
    X(K_L2_THROUGHPUT, "l2_throughput_per_day", "crossings/day",                                      \
      "crossings of the second line released per day (both directions)")                              \
    X(K_L1_TIME_MEAN, "l1_time_mean_min", "min",                                                      \
      "time at the first line: arrival to release (queue + declaration + inspection + payment)")      \
    X(K_L1_TIME_P50, "l1_time_p50_min", "min", "median of that time (log-bucket sketch, within 0.4%)") \
    X(K_L1_TIME_P90, "l1_time_p90_min", "min", "90th percentile of that time")                        \
    X(K_L1_TIME_P95, "l1_time_p95_min", "min", "95th percentile of that time")                        \
    X(K_L1_TIME_P99, "l1_time_p99_min", "min", "99th percentile of that time")                        \
    X(K_L1_WAIT_MEAN, "l1_wait_mean_min", "min",                                                      \
      "queueing for a first-line lane (closed hours included), of crossings released in the period")  \
    X(K_L1_INSPECTED, "l1_inspected_share", "fraction",                                               \
      "share of first-line risk checks (goods entering; re-exports are not checked) that chose inspection") \
    X(K_L2_TIME_MEAN, "l2_time_mean_min", "min", "time at the second line: arrival to release")      \
    X(K_L2_TIME_P50, "l2_time_p50_min", "min", "median of that time")                                \
    X(K_L2_TIME_P90, "l2_time_p90_min", "min", "90th percentile of that time")                       \
    X(K_L2_TIME_P95, "l2_time_p95_min", "min", "95th percentile of that time")                       \
    X(K_L2_TIME_P99, "l2_time_p99_min", "min", "99th percentile of that time")                       \
    X(K_L2_WAIT_MEAN, "l2_wait_mean_min", "min",                                                      \
      "queueing for a second-line lane (closed hours included), of crossings released in the period") \
    X(K_L2_INSPECTED, "l2_inspected_share", "fraction", "share of second-line risk checks that chose inspection") \
    X(K_ZONE_DWELL_MEAN, "zone_dwell_mean_days", "days",                                              \
      "time in the zone of goods leaving it: entry to the release of the exit crossing (or use)")     \
    X(K_E2E_MEAN, "e2e_time_mean_h", "hours",                                                        \
      "goods from abroad released to the mainland in the period: first-line arrival to that release (lines and stay)") \
    X(K_E2E_P50, "e2e_time_p50_h", "hours", "median of that time")                                    \
    X(K_E2E_P90, "e2e_time_p90_h", "hours", "90th percentile of that time")                           \
    X(K_E2E_P99, "e2e_time_p99_h", "hours", "99th percentile of that time")                           \
    X(K_L1_UTIL, "l1_utilization", "fraction",                                                        \
      "first-line lanes busy (with a declaration; inspection is in bays) over lanes open: utilisation of the open hours") \
    X(K_L2_UTIL, "l2_utilization", "fraction", "the same for the second line")                         \
    X(K_L1_UTIL_24H, "l1_utilization_24h", "fraction", "first-line lanes busy over all lanes, all hours (closed hours idle)") \
    X(K_L2_UTIL_24H, "l2_utilization_24h", "fraction", "the same for the second line")                 \
    X(K_INSP_UTIL_L1, "inspection_utilization_l1", "fraction", "first-line inspection bays busy over bays open") \
    X(K_INSP_UTIL_L2, "inspection_utilization_l2", "fraction", "second-line inspection bays busy over bays open") \
    X(K_TAX_DUTY, "tax_duty_cny", "CNY", "customs duty collected in the measured period (additional duties apart)") \
    X(K_TAX_ADDITIONAL, "tax_additional_duty_cny", "CNY",                                             \
      "additional duties keyed by the goods' origin, collected in the measured period")               \
    X(K_TAX_CT, "tax_ct_cny", "CNY", "consumption tax collected in the measured period")               \
    X(K_TAX_VAT, "tax_vat_cny", "CNY", "import VAT collected in the measured period")                  \
    X(K_TAX_EXPORT, "tax_export_duty_cny", "CNY", "export duty collected in the measured period")      \
    X(K_TAX_POSTAL, "tax_postal_cny", "CNY",                                                          \
      "personal-article (postal or baggage) tax, which stands for duty, VAT and CT together")          \
    X(K_TAX_REFUND, "tax_refund_cny", "CNY",                                                          \
      "export refunds (negative): mainland goods refunded at their line's export_refund rate")        \
    X(K_TAX_DRAWBACK, "tax_drawback_cny", "CNY",                                                      \
      "import taxes drawn back on re-export under a drawback relief (negative)")                      \
    X(K_TAX_TOTAL, "tax_total_cny", "CNY", "the sum of the taxes above (refunds as negative revenue)") \
    X(K_TAX_TOTAL_PER_YEAR, "tax_total_cny_per_year", "CNY/year",                                     \
      "the total annualised (x 365 days / measured days)")                                            \
    X(K_DEFERRAL_NPV, "deferral_npv_cny", "CNY",                                                      \
      "value to traders of paying at the second line rather than on entry: tax paid in the period x (1 - (1 + r)^-years from entry to payment)") \
    X(K_BONDED_STOCK_MEAN, "bonded_stock_mean_cny", "CNY",                                            \
      "time-average customs value of untaxed goods in the zone, those queueing at an exit line included") \
    X(K_IN_ZONE_MEAN, "in_zone_mean", "consignments",                                                 \
      "time-average number of consignments in the zone, those queueing at an exit line included")     \
    X(K_FORGONE_DE_MINIMIS, "forgone_de_minimis_cny", "CNY",                                          \
      "tax waived by the de-minimis rule (and the postal-article waiver)")                            \
    X(K_EFFECTIVE_RATE, "effective_tax_rate_mainland", "fraction",                                    \
      "all taxes paid by goods from abroad released to the mainland, over their customs value")       \
    X(K_VALUE_ADDED, "value_added_cny", "CNY", "value created by processing in the zone (P - M)")     \
    X(K_WARMUP_DAYS, "warmup_days", "days",                                                           \
      "the warm-up used (chosen from the scenario when \"warmup\" is \"auto\": docs/experiments.md)")  \
    X(K_TREND_IN_ZONE, "trend_in_zone_share", "fraction",                                             \
      "diagnostic: drift of the daily mean in-zone count over the second half of the window, relative to its level (0 in a steady state)") \
    X(K_TREND_L1_TIME, "trend_l1_time_share", "fraction",                                             \
      "diagnostic: the same for the daily mean first-line time (a growing queue shows here)")         \
    X(K_TREND_L2_TIME, "trend_l2_time_share", "fraction", "diagnostic: the same for the daily mean second-line time")

#define CZ_KPI_ENUM(id, name, unit, meaning) id,
enum cz_kpi { CZ_KPI_TABLE(CZ_KPI_ENUM) K_NFIXED };
#undef CZ_KPI_ENUM

/* The families, in output order after the fixed KPIs. */
typedef enum cz_kpi_family {
    CZ_FAM_FIXED,
    CZ_FAM_FORGONE,      /* forgone_<exemption>_cny, one per exemption of the regime */
    CZ_FAM_CATEGORY,     /* tax_category_<category>_cny, or tax_chapter_<chapter>_cny */
    CZ_FAM_OWNER,        /* tax_owner_<owner>_cny */
    CZ_FAM_COMPLIANCE,   /* with non-compliance or enforcement modelled: CZ_COMPLIANCE_KPIS */
    CZ_FAM_PERIOD,       /* period<k>_<figure>, with policy changes */
    CZ_NFAMILIES
} cz_kpi_family_t;

#define CZ_PERIOD_KPIS 4 /* per period: arrivals, l1 and l2 mean time, total tax */

/* The compliance family, in output order (docs/enforcement.md). */
enum cz_compliance_kpi {
    KC_NONCOMPLIANT_SHARE, KC_HIT_RATE, KC_DETECTED_SHARE, KC_RECOVERED, KC_PENALTIES, KC_EVADED, KC_LEAKAGE,
    KC_TAX_GAP, KC_EVADED_UNDERVALUE, KC_EVADED_MISCLASSIFY, KC_EVADED_DIVERT, KC_EVADED_LEAK, CZ_COMPLIANCE_KPIS
};

/* A KPI's place in the table: its family and its index within the family. */
typedef struct cz_kpi_ref {
    cz_kpi_family_t family;
    int index;
} cz_kpi_ref_t;

/* What a codebook entry says: name (a pattern like forgone_<exemption>_cny for
 * families), unit and meaning. */
typedef struct cz_kpi_doc {
    const char *name, *unit, *meaning;
} cz_kpi_doc_t;

/* The codebook: the fixed KPIs then one entry per family pattern (the period
 * family has one entry per figure).  Returns the number of entries. */
int cz_kpi_codebook(const cz_kpi_doc_t **entries);

int cz_kpi_count(const cz_scenario_t *s);
/* Index of the first KPI of a family in s's output order. */
int cz_kpi_family_offset(const cz_scenario_t *s, cz_kpi_family_t f);
cz_kpi_ref_t cz_kpi_ref(const cz_scenario_t *s, int i);
/* Name of KPI i; buf must hold CZ_KPI_NAME_MAX bytes (family names are built there). */
#define CZ_KPI_NAME_MAX 128
const char *cz_kpi_name(const cz_scenario_t *s, int i, char buf[CZ_KPI_NAME_MAX]);
/* Unit of KPI i ("CNY", "min", ...). */
const char *cz_kpi_unit(const cz_scenario_t *s, int i);
/* Index of the KPI named `name` in s, or -1. */
int cz_kpi_find(const cz_scenario_t *s, const char *name);

typedef struct cz_kpi_summary {
    double mean, sd, ci95, min, max;
    unsigned n;                 /* replications with a value */
} cz_kpi_summary_t;

/* Summarise column k of an nrep x nkpi row-major table, in replication order. */
cz_kpi_summary_t cz_kpi_summarise(const double *table, unsigned nrep, int nkpi, int k);

#endif
