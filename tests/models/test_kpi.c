/* test_kpi.c: each KPI means what its codebook entry says (models/zone/kpi.h),
 * checked on small scenarios whose answer is known exactly or by a law. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "tests/modelutil.h"
#include "tests/testutil.h"

/* A one-flow scenario from abroad: constant value 100,000 CNY, duty 5%, VAT 13%
 * (18,650 CNY due at the second line), with the given route, dwell and lines. */
static cz_scenario_t *scenario(const char *route, const char *dwell, const char *l1, const char *l2,
                               const char *extra)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"t\", \"horizon_days\": 120, \"warmup_days\": 20, \"replications\": 1, \"seed\": 11%s,"
             " \"regime\": {\"name\": \"zone\", \"import_tax_at\": \"second_line\"},"
             " \"tariff\": {\"categories\": {\"goods\": {\"duty\": 0.05, \"vat\": 0.13}}},"
             " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 40, \"categories\": {\"goods\": 1},"
             "   \"value_cny\": 100000, \"route\": %s, \"dwell\": %s}],"
             " \"lines\": {\"first_line\": %s, \"second_line\": %s}}",
             extra ? extra : "", route, dwell, l1, l2);
    return load_scenario_text(text);
}

static double *run(const cz_scenario_t *s)
{
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    ck_assert_msg(cz_zone_run(s, 0, k, &st) == 0, "run failed: %s", st.check_error);
    return k;
}

START_TEST(inspected_share_is_of_the_risk_checks_made_not_of_all_crossings)
{
    /* Half the goods leave abroad again: those crossings are not checked, so the
     * share must be near the 12% rate asked for, not near 6%. */
    cz_scenario_t *s = scenario("{\"re_export\": 0.5, \"to_mainland\": 0.5}", "\"1 d\"",
                                "{\"lanes\": 20, \"service\": \"1 min\", \"inspection\": {\"bays\": 20, \"rate\": 0.12, \"time\": \"1 min\"}}",
                                "{\"lanes\": 20, \"service\": \"1 min\"}", NULL);
    double *k = run(s);
    double n = k[K_L1_THROUGHPUT] * 100 * 2 / 3; /* checks ~ entries, two thirds of the crossings */
    ck_assert_within_se(k[K_L1_INSPECTED], 0.12, sqrt(0.12 * 0.88 / n), 4);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(in_zone_counts_goods_queueing_at_an_exit_line)
{
    /* Every consignment stays exactly 1 day, then waits for a second line open
     * two hours a day: Little's law on the zone, L = lambda W, with W the time
     * from entry to the exit line's release (zone_dwell_mean_days). */
    cz_scenario_t *s = scenario("{\"to_mainland\": 1}", "\"1 d\"", "{\"lanes\": 20, \"service\": \"1 min\"}",
                                "{\"lanes\": 20, \"open\": [\"08:00\", \"10:00\"], \"service\": \"1 min\"}", NULL);
    double *k = run(s);
    double lambda = k[K_L2_THROUGHPUT]; /* per day, out of the zone */
    ck_assert_double_gt(k[K_ZONE_DWELL_MEAN], 1.3);      /* the stay plus the night's wait */
    ck_assert_double_lt(fabs(k[K_IN_ZONE_MEAN] / (lambda * k[K_ZONE_DWELL_MEAN]) - 1), 0.01);
    /* bonded stock likewise: every good is untaxed until assessed at the line */
    ck_assert_double_gt(k[K_BONDED_STOCK_MEAN] / (k[K_IN_ZONE_MEAN] * 100000), 0.97);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(deferral_runs_from_entry_to_payment)
{
    /* Constant stay 10 d, payment 5 d, no queue: every consignment defers its
     * 18,650 CNY for exactly 15 days (plus the service minutes). */
    cz_scenario_t *s = scenario("{\"to_mainland\": 1}", "\"10 d\"", "{\"lanes\": 50, \"service\": \"1 min\"}",
                                "{\"lanes\": 50, \"service\": \"1 min\", \"payment\": \"5 d\"}",
                                ", \"economics\": {\"discount_rate_annual\": 0.1}");
    double *k = run(s);
    double years = (15 * 1440.0 + 1) / (365 * 1440.0);
    double expect = k[K_TAX_TOTAL] * (1 - pow(1.1, -years));
    ck_assert_msg(fabs(k[K_DEFERRAL_NPV] / expect - 1) < 1e-3, "npv %.2f, expected %.2f", k[K_DEFERRAL_NPV], expect);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(utilisation_is_of_the_open_hours_and_the_24h_figure_is_kept)
{
    cz_scenario_t *s = scenario("{\"to_mainland\": 1}", "\"1 d\"", "{\"lanes\": 4, \"service\": \"20 min\"}",
                                "{\"lanes\": 4, \"open\": [\"06:00\", \"18:00\"], \"service\": \"20 min\"}", NULL);
    double *k = run(s);
    /* the measured period is whole days: the lanes are offered half of it */
    ck_assert_double_eq_tol(k[K_L2_UTIL], 2 * k[K_L2_UTIL_24H], 1e-9);
    ck_assert_double_eq_tol(k[K_L1_UTIL], k[K_L1_UTIL_24H], 1e-12); /* always open */
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(waits_and_times_count_the_same_crossings)
{
    /* A crossing granted a lane before the warm-up ends and released after it
     * counts in both or in neither: the mean queue stage of the detail (summed at
     * release) equals the mean wait. */
    cz_scenario_t *s = scenario("{\"to_mainland\": 1}", "\"1 d\"", "{\"lanes\": 2, \"service\": \"20 min\"}",
                                "{\"lanes\": 2, \"open\": [\"08:00\", \"20:00\"], \"service\": \"20 min\"}", NULL);
    cz_detail_layout_t dl;
    cz_detail_layout(s, &dl);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k), *detail = calloc((size_t)dl.size, sizeof *detail);
    cz_zone_stats_t st;
    cz_run_opts_t o = {0, NULL, NULL, detail, NULL};
    ck_assert_int_eq(cz_zone_run_with(s, &o, k, &st), 0);
    double queue_stage = detail[dl.stage + 1 * CZ_STAGES + 0]; /* second line, queue */
    ck_assert_msg(fabs(queue_stage / k[K_L2_WAIT_MEAN] - 1) < 1e-9, "queue stage %.9g, wait %.9g", queue_stage,
                  k[K_L2_WAIT_MEAN]);
    free(k);
    free(detail);
    cz_scenario_free(s);
}
END_TEST

START_TEST(every_kpi_has_a_unit_and_a_meaning_and_names_are_unique)
{
    const cz_kpi_doc_t *e;
    int n = cz_kpi_codebook(&e);
    ck_assert_int_ge(n, K_NFIXED);
    for (int i = 0; i < n; i++) {
        ck_assert(e[i].name[0] && e[i].unit[0] && e[i].meaning[0]);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(e[i].name, e[j].name);
    }
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("kpi");
    TCase *tc = tcase_create("definitions");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, inspected_share_is_of_the_risk_checks_made_not_of_all_crossings);
    tcase_add_test(tc, in_zone_counts_goods_queueing_at_an_exit_line);
    tcase_add_test(tc, deferral_runs_from_entry_to_payment);
    tcase_add_test(tc, utilisation_is_of_the_open_hours_and_the_24h_figure_is_kept);
    tcase_add_test(tc, waits_and_times_count_the_same_crossings);
    tcase_add_test(tc, every_kpi_has_a_unit_and_a_meaning_and_names_are_unique);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
