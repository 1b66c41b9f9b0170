/* test_enforcement.c: non-compliance, detection and targeting against closed
 * forms (docs/enforcement.md).  One flow at a port that taxes on entry, so that
 * each consignment meets one declaration and at most one inspection; constant
 * values, so that every amount is a hand computation.  Statistical checks use
 * fixed seeds and 4 standard errors of a binomial proportion. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/enforce/targeting.h"
#include "models/scenario/scenario.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "tests/modelutil.h"
#include "tests/testutil.h"

START_TEST(the_threshold_gives_the_rate_asked_for)
{
    /* random selection (power 0): t = Q^-1(p), whatever q */
    ck_assert_double_eq_tol(cz_target_threshold(0.3, 0.2, 0), gsl_cdf_ugaussian_Qinv(0.3), 1e-10);
    ck_assert(isinf(cz_target_threshold(0, 0.2, 1)) && cz_target_threshold(0, 0.2, 1) > 0);
    ck_assert(isinf(cz_target_threshold(1, 0.2, 1)) && cz_target_threshold(1, 0.2, 1) < 0);
    ck_assert_double_eq_tol(cz_target_auc(0), 0.5, 1e-15);
    ck_assert_double_eq_tol(cz_target_auc(1.5), gsl_cdf_ugaussian_P(1.5 / sqrt(2)), 1e-15);
    for (double mu = 0.5; mu <= 3; mu += 0.5)
        for (double p = 0.01; p < 1; p += 0.14)
            for (double q = 0; q <= 1; q += 0.25) {
                double t = cz_target_threshold(p, q, mu);
                ck_assert_msg(isfinite(t), "p %g q %g mu %g", p, q, mu);
                double rate = q * cz_target_hit(t, mu) + (1 - q) * cz_target_false_alarm(t);
                ck_assert_double_eq_tol(rate, p, 1e-10);
                /* more power, more of the non-compliant among the inspected */
                ck_assert(q == 0 || q == 1 || cz_target_hit(t, mu) >= p - 1e-12);
            }
}
END_TEST

/* A port that taxes on entry: one flow of 1,000 CNY goods, duty 10%, VAT 13%
 * (tax 243.00), non-compliant with probability q, undervalued by half (declared
 * 500: tax 121.50, so 121.50 evaded), inspected at rate p at the first line. */
static char *scenario(double q, double p, const char *enforcement)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"e\", \"horizon_days\": 100, \"warmup_days\": 0, \"replications\": 4, \"seed\": 11,"
             " \"regime\": {\"name\": \"port\", \"import_tax_at\": \"first_line\", \"second_line_control\": false,"
             "   \"exemptions\": []},"
             " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0.10, \"vat\": 0.13}}},"
             " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 200, \"categories\": {\"g\": 1},"
             "   \"value_cny\": 1000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"1 d\","
             "   \"noncompliance\": {\"rate\": %g, \"kinds\": {\"undervaluation\": 1}, \"undervaluation\": 0.5}}],"
             " \"lines\": {\"first_line\": {\"lanes\": 50, \"service\": 0,"
             "   \"inspection\": {\"bays\": 50, \"time\": \"10 min\", \"rate\": %g}}},"
             " \"enforcement\": %s}", q, p, enforcement);
    return write_temp(text);
}

typedef struct result {
    double nc, arrivals, inspected, hits, detected, penalties, evaded, recovered;
} result_t;

/* All replications of a scenario file, their KPIs summed. */
static result_t run_all(const char *path)
{
    cz_scenario_t *s = load_scenario(path, NULL, 0);
    int n = cz_kpi_count(s), off = cz_kpi_family_offset(s, CZ_FAM_COMPLIANCE);
    double *k = calloc((size_t)n, sizeof *k);
    result_t sum = {0};
    for (unsigned rep = 0; rep < s->replications; rep++) {
        cz_zone_stats_t st;
        ck_assert_msg(cz_zone_run(s, rep, k, &st) == 0, "%s", st.check_error); /* ledgers balance */
        double *c = &k[off];
        sum.arrivals += k[K_ARRIVALS];
        sum.nc += c[KC_NONCOMPLIANT_SHARE] * k[K_ARRIVALS];
        sum.detected += c[KC_DETECTED_SHARE] * c[KC_NONCOMPLIANT_SHARE] * k[K_ARRIVALS];
        sum.inspected += k[K_L1_INSPECTED] * k[K_ARRIVALS];
        sum.hits += isnan(c[KC_HIT_RATE]) ? 0 : c[KC_HIT_RATE] * k[K_L1_INSPECTED] * k[K_ARRIVALS];
        sum.penalties += c[KC_PENALTIES];
        sum.evaded += c[KC_EVADED];
        sum.recovered += c[KC_RECOVERED];
    }
    free(k);
    cz_scenario_free(s);
    return sum;
}

/* |x/n - expect| within 4 standard errors of a proportion of n trials. */
static void near_proportion(double x, double n, double expect, const char *what)
{
    double se = sqrt(expect * (1 - expect) / n);
    ck_assert_msg(fabs(x / n - expect) <= 4 * se + 1e-12, "%s: %.5f, expected %.5f (4 se %.5f, n %.0f)", what, x / n,
                  expect, 4 * se, n);
}

START_TEST(random_inspection_finds_p_times_d_and_hits_q_times_d)
{
    /* q = 0.2, p = 0.3, inspections find undervaluation with d = 0.5, documents never:
     * detected share p d = 0.15, hit rate q d = 0.10; penalty 1 x 121.50 each found */
    char *path = scenario(0.2, 0.3, "{\"detection\": {\"inspection\": {\"undervaluation\": 0.5}}}");
    result_t x = run_all(path);
    near_proportion(x.nc, x.arrivals, 0.2, "non-compliant share");
    near_proportion(x.detected, x.nc, 0.15, "detected share");
    near_proportion(x.hits, x.inspected, 0.10, "hit rate");
    ck_assert_double_eq_tol(x.penalties / round(x.detected), 121.5, 1e-6);
    /* evaded: 121.50 on each consignment not found */
    ck_assert_double_eq_tol(x.evaded / 121.5, round(x.nc - x.detected), 1e-6);
    remove(path);
    free(path);
}
END_TEST

START_TEST(targeted_inspection_follows_the_binormal_curve)
{
    /* power 1.5, no random share: t solves 0.2 Q(t - 1.5) + 0.8 Q(t) = 0.3; the
     * non-compliant are inspected with Q(t - 1.5): detected share Q(t - 1.5) d */
    char *path = scenario(0.2, 0.3, "{\"detection\": {\"inspection\": {\"undervaluation\": 0.5}},"
                                    " \"targeting\": {\"power\": 1.5, \"random_share\": 0}}");
    double t = cz_target_threshold(0.3, 0.2, 1.5), hit = cz_target_hit(t, 1.5);
    ck_assert(hit > 0.3); /* better than random */
    result_t x = run_all(path);
    near_proportion(x.inspected, x.arrivals, 0.3, "inspection rate");
    near_proportion(x.detected, x.nc, hit * 0.5, "detected share");
    near_proportion(x.hits, x.inspected, 0.2 * hit * 0.5 / 0.3, "hit rate");
    remove(path);
    free(path);
}
END_TEST

START_TEST(audits_recover_their_share_of_the_evasion)
{
    /* no inspection; post-clearance audits pick 40% of evading declarations at once
     * and find 75% of those: 30% of the evasion is recovered, with its penalty */
    char *path = scenario(0.2, 0, "{\"detection\": {\"audit\": {\"undervaluation\": 0.75}},"
                                  " \"post_clearance_audit\": {\"rate\": 0.4, \"lag\": 0}}");
    result_t x = run_all(path);
    double booked = x.recovered + x.evaded, n = booked / 121.5;
    ck_assert_double_eq_tol(n, round(x.nc), 1e-6);        /* every non-compliant one evaded 121.50 */
    near_proportion(x.recovered / 121.5, n, 0.3, "recovered share");
    ck_assert_double_eq_tol(x.penalties, x.recovered, 1e-6); /* multiple 1 */
    remove(path);
    free(path);
}
END_TEST

START_TEST(enforcement_off_leaves_every_other_number_unchanged)
{
    /* the same traffic with non-compliance at rate 0 and random selection: each KPI
     * the two runs share is the same number (the compliance draws have their own streams) */
    char *with = scenario(0, 0.3, "{\"detection\": {\"inspection\": {\"undervaluation\": 0.5}}}");
    char text[4096];
    FILE *f = fopen(with, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *cut = strstr(text, ",   \"noncompliance\"");
    char *end = strstr(text, "}}],");
    ck_assert(cut && end);
    memmove(cut, end + 1, strlen(end + 1) + 1);  /* drop the flow's noncompliance */
    cut = strstr(text, ", \"enforcement\"");
    ck_assert_ptr_nonnull(cut);
    strcpy(cut, "}");                             /* and the enforcement */
    char *without = write_temp(text);
    cz_scenario_t *a = load_scenario(with, NULL, 0), *b = load_scenario(without, NULL, 0);
    ck_assert(a->enf.on && !b->enf.on);
    double *ka = calloc((size_t)cz_kpi_count(a), sizeof *ka), *kb = calloc((size_t)cz_kpi_count(b), sizeof *kb);
    cz_zone_stats_t st;
    ck_assert_int_eq(cz_zone_run(a, 1, ka, &st), 0);
    ck_assert_int_eq(cz_zone_run(b, 1, kb, &st), 0);
    char buf[CZ_KPI_NAME_MAX];
    for (int k = 0; k < cz_kpi_count(b); k++) {
        int j = cz_kpi_find(a, cz_kpi_name(b, k, buf));
        ck_assert_int_ge(j, 0);
        ck_assert_msg((isnan(ka[j]) && isnan(kb[k])) || ka[j] == kb[k], "%s: %.17g vs %.17g", buf, ka[j], kb[k]);
    }
    free(ka);
    free(kb);
    cz_scenario_free(a);
    cz_scenario_free(b);
    remove(with);
    remove(without);
    free(with);
    free(without);
}
END_TEST

/* Common random numbers: with targeting, a higher inspection rate inspects
 * every consignment the lower one did, and more; and the trace tells the story. */
START_TEST(a_higher_rate_only_adds_inspections)
{
    char *path = scenario(0.2, 0.1, "{\"detection\": {\"inspection\": {\"undervaluation\": 0.5}},"
                                    " \"targeting\": {\"power\": 1, \"random_share\": 0.3}}");
    char *d = tmpdir(), *o;
    ck_assert_int_eq(sh(&o, "cd %s && for p in 0.1 0.2; do $Z trace %s -n 1 --set horizon_days=20 "
                            "--set lines.first_line.inspection.rate=$p --events e$p.csv > /dev/null || exit 1; "
                            "awk -F, '$6 == \"selected\" {print $4}' e$p.csv | sort > s$p; done; "
                            "test $(wc -l < s0.1) -gt 100 && test $(comm -23 s0.1 s0.2 | wc -l) -eq 0 && "
                            "test $(wc -l < s0.2) -gt $(wc -l < s0.1) && "
                            "grep -q ',detected,' e0.2.csv && grep -q ',penalty,' e0.2.csv && grep -q ',evaded,' e0.2.csv",
                            d, path), 0);
    free(o);
    sh(NULL, "rm -rf %s", d);
    remove(path);
    free(path);
    free(d);
}
END_TEST

/* The KPIs summed over a scenario's replications, from any text. */
static result_t run_text(const char *text)
{
    char *path = write_temp(text);
    result_t x = run_all(path);
    remove(path);
    free(path);
    return x;
}

#define FLOW(route, nc, extra) "\"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 200," \
    " \"categories\": {\"g\": 1}, \"value_cny\": 10000, \"route\": {\"" route "\": 1}, \"dwell\": \"1 h\"" extra "," \
    " \"noncompliance\": {\"rate\": 0.2, " nc "}}]"
#define UNDER "\"kinds\": {\"undervaluation\": 1}, \"undervaluation\": 0.5"
#define TARIFF_G "\"tariff\": {\"categories\": {\"g\": {\"duty\": 0.10, \"vat\": 0.13}}}"
#define LINES(l2) "\"lines\": {\"first_line\": {\"lanes\": 100, \"service\": 0}, \"second_line\": {\"lanes\": 100," \
    " \"service\": 0" l2 "}}"
#define HEAD "{\"name\": \"e\", \"horizon_days\": 50, \"warmup_days\": 0, \"replications\": 2, \"seed\": 3, "

START_TEST(only_tax_that_can_be_evaded_counts)
{
    /* re-exported from a zone that keeps them bonded, or through a drawback: nothing to
     * evade, so no consignment is non-compliant, none is found, no penalty */
    const char *docs = ", \"enforcement\": {\"detection\": {\"declaration\": {\"undervaluation\": 1}}}}";
    char text[4096];
    snprintf(text, sizeof text, HEAD "\"regime\": {\"name\": \"z\", \"exemptions\": []}, " TARIFF_G ", "
             FLOW("re_export", UNDER, "") ", " LINES("") "%s", docs);
    result_t x = run_text(text);
    ck_assert(x.nc == 0 && x.penalties == 0 && x.evaded == 0);
    snprintf(text, sizeof text, HEAD "\"regime\": {\"name\": \"p\", \"import_tax_at\": \"first_line\","
             " \"second_line_control\": false, \"reexport_relief\": \"drawback\", \"exemptions\": []}, " TARIFF_G ", "
             FLOW("re_export", UNDER, "") ", " LINES("") "%s", docs);
    x = run_text(text);
    ck_assert(x.nc == 0 && x.penalties == 0 && x.evaded == 0);
}
END_TEST

START_TEST(found_after_its_tax_the_evasion_is_recovered_once)
{
    /* taxed on entry at the first line, 2,430 due, 1,215 declared; every second-line
     * crossing inspected and found, and audited too: each evasion recovered once, with
     * one penalty, none left evaded, every non-compliant arrival found once */
    char text[4096];
    snprintf(text, sizeof text, HEAD "\"regime\": {\"name\": \"p\", \"import_tax_at\": \"first_line\","
             " \"exemptions\": []}, " TARIFF_G ", " FLOW("to_mainland", UNDER, "") ", "
             LINES(", \"inspection\": {\"bays\": 100, \"time\": \"1 min\", \"rate\": 1}") ","
             " \"enforcement\": {\"detection\": {\"inspection\": {\"undervaluation\": 1},"
             " \"audit\": {\"undervaluation\": 1}}, \"post_clearance_audit\": {\"rate\": 1, \"lag\": \"5 d\"}}}");
    result_t x = run_text(text);
    ck_assert(x.nc > 1000 && x.nc - x.detected < 5); /* (the last hour's still on their way) */
    ck_assert_double_eq_tol(x.recovered / 1215, round(x.detected), 1e-6);
    ck_assert_double_eq_tol(x.penalties, x.recovered, 1e-6);
    ck_assert_double_eq_tol(x.evaded / 1215, round(x.nc - x.detected), 1e-6); /* only those not yet checked */
}
END_TEST

START_TEST(processed_goods_are_declared_short_under_the_products_line)
{
    /* material g (duty 10%) of 10,000 processed into p (duty 5%) worth 15,000, declared at
     * half: due on p 750 + 15,750 x 13% = 2,797.50, declared 1,398.75: 1,398.75 evaded each */
    char text[4096];
    snprintf(text, sizeof text, HEAD "\"regime\": {\"name\": \"z\", \"exemptions\": []},"
             " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0.10, \"vat\": 0.13}, \"p\": {\"duty\": 0.05, \"vat\": 0.13}}}, "
             FLOW("to_mainland", UNDER, ", \"processing\": {\"share\": 1, \"product\": \"p\", \"value_added\": 0.5}")
             ", " LINES("") ", \"enforcement\": {}}");
    result_t x = run_text(text);
    ck_assert(x.nc > 1000);
    ck_assert_double_eq_tol(x.evaded / 1398.75, round(x.evaded / 1398.75), 1e-6);
    ck_assert_double_eq_tol(x.evaded / 1398.75, round(x.nc), 1.5); /* the last day's still inside */
}
END_TEST

START_TEST(goods_found_before_processing_are_penalised_as_the_materials_they_are)
{
    /* g (duty 10%) of 10,000 bound for processing, undervalued at half and found by every
     * first-line declaration check: the penalty is the evasion on the goods as they are,
     * not as the product they would become: due 1,000 + 11,000 x 13% = 2,430, declared
     * 500 + 5,500 x 13% = 1,215: 1,215 each (multiple 1); a value-added exemption of the
     * second line, which the product would meet, does not apply to materials */
    char text[4096];
    snprintf(text, sizeof text, HEAD "\"regime\": {\"name\": \"z\", \"exemptions\": [{\"name\": \"va\","
             " \"owners\": [\"*\"], \"taxes\": [\"duty\"], \"at\": [\"second_line\"], \"min_value_added\": 0.3}]},"
             " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0.10, \"vat\": 0.13}, \"p\": {\"duty\": 0.05, \"vat\": 0.13}}}, "
             FLOW("to_mainland", UNDER, ", \"processing\": {\"share\": 1, \"product\": \"p\", \"value_added\": 0.5}")
             ", " LINES("") ", \"enforcement\": {\"detection\": {\"declaration\": {\"undervaluation\": 1}}}}");
    result_t x = run_text(text);
    ck_assert(x.nc > 1000 && x.nc - x.detected < 5);
    ck_assert_double_eq_tol(x.penalties / 1215, round(x.detected), 1e-6);
    ck_assert(x.evaded == 0);
}
END_TEST

START_TEST(misclassified_goods_are_selected_at_the_declared_lines_rate)
{
    /* g declared as h; only h is inspected (50%), with targeting power 1 for a population
     * customs take to be 20% non-compliant: the misclassified are inspected, and found, with
     * Q(t - 1), t solving 0.2 Q(t - 1) + 0.8 Q(t) = 0.5 (0.80) */
    char text[4096];
    snprintf(text, sizeof text, HEAD "\"regime\": {\"name\": \"z\", \"exemptions\": []},"
             " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0.10, \"vat\": 0.13, \"misdeclared_as\": \"h\"},"
             " \"h\": {\"duty\": 0, \"vat\": 0.13}}}, " FLOW("to_mainland", "\"kinds\": {\"misclassification\": 1}", "")
             ", \"lines\": {\"first_line\": {\"lanes\": 100, \"service\": 0, \"inspection\": {\"bays\": 100,"
             " \"time\": \"1 min\", \"by_category\": {\"h\": 0.5}}}, \"second_line\": {\"lanes\": 100, \"service\": 0}},"
             " \"enforcement\": {\"detection\": {\"inspection\": {\"misclassification\": 1}},"
             " \"targeting\": {\"power\": 1}}}");
    result_t x = run_text(text);
    near_proportion(x.detected, x.nc, cz_target_hit(cz_target_threshold(0.5, 0.2, 1), 1), "misclassified found");
}
END_TEST

/* Each bad setting is refused with a message naming it. */
START_TEST(what_cannot_apply_is_refused)
{
    static const char *const cases[][3] = {
        {"\"kinds\": {\"misclassification\": 1}", "{}", "misclassification needs a misdeclared_as on one of the flow's categories"},
        {"\"kinds\": {\"undervaluation\": 0.5}, \"undervaluation\": 0.5", "{}", "shares sum to 0.5"},
        {"\"kinds\": {\"undervaluation\": 1}, \"undervaluation\": {\"dist\": \"uniform\", \"min\": 0.5, \"max\": 1}",
         "{}", "lies in [0, 1)"},
        {"\"kinds\": {\"leakage\": 1}", "{\"detection\": {\"inspection\": {\"leakage\": 0.5}}}",
         "only audits of the zone's ledger find them"},
        {"\"kinds\": {\"leakage\": 1}", "{\"penalty\": {\"multiple\": 3}}", "outside the legal range [0.3, 2]"},
        {"\"kinds\": {\"leakage\": 1}", "{\"targeting\": {\"random_share\": 0.5}}", "power: missing"},
        {"\"kinds\": {\"leakage\": 1}", "{\"detection\": {\"audit\": {\"smuggling\": 1}}}", "unknown key"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[4096];
        snprintf(text, sizeof text,
                 "{\"name\": \"e\", \"regime\": {\"name\": \"z\", \"exemptions\": []},"
                 " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0.1}}},"
                 " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 1, \"categories\": {\"g\": 1},"
                 "   \"value_cny\": 1, \"route\": {\"to_mainland\": 1}, \"dwell\": 0,"
                 "   \"noncompliance\": {\"rate\": 0.1, %s}}],"
                 " \"lines\": {\"first_line\": {\"lanes\": 1, \"service\": 0},"
                 "   \"second_line\": {\"lanes\": 1, \"service\": 0, \"priority_by_owner\": {\"o\": 0}}},"
                 " \"enforcement\": %s}", cases[i][0], cases[i][1]);
        char *path = write_temp(text);
        cz_reader_t r;
        cz_reader_init(&r, path);
        cz_scenario_t *s = cz_scenario_load(&r, path, NULL, 0);
        char *msg = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&msg, &len);
        cz_reader_print(&r, f);
        fclose(f);
        ck_assert_msg(!s && strstr(msg, cases[i][2]), "case %zu: expected \"%s\" in: %s", i, cases[i][2], msg);
        free(msg);
        cz_scenario_free(s);
        cz_reader_fini(&r);
        remove(path);
        free(path);
    }
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("enforcement");
    TCase *tc = tcase_create("closed forms");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_threshold_gives_the_rate_asked_for);
    tcase_add_test(tc, random_inspection_finds_p_times_d_and_hits_q_times_d);
    tcase_add_test(tc, targeted_inspection_follows_the_binormal_curve);
    tcase_add_test(tc, audits_recover_their_share_of_the_evasion);
    tcase_add_test(tc, enforcement_off_leaves_every_other_number_unchanged);
    tcase_add_test(tc, what_cannot_apply_is_refused);
    tcase_add_test(tc, a_higher_rate_only_adds_inspections);
    tcase_add_test(tc, only_tax_that_can_be_evaded_counts);
    tcase_add_test(tc, found_after_its_tax_the_evasion_is_recovered_once);
    tcase_add_test(tc, processed_goods_are_declared_short_under_the_products_line);
    tcase_add_test(tc, goods_found_before_processing_are_penalised_as_the_materials_they_are);
    tcase_add_test(tc, misclassified_goods_are_selected_at_the_declared_lines_rate);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
