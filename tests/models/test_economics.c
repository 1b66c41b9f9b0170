/* test_economics.c: processing, selective tariff, refunds, personal articles,
 * tax expenditure and deferral, against hand-computed answers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/kpi.h"
#include "models/tax/regime.h"
#include "models/scenario/scenario.h"
#include "models/tax/tax.h"
#include "models/zone/zone.h"
#include "tests/models/exact.h"
#include "tests/modelutil.h"
#include "tests/testutil.h"

static cz_tariff_line_t line(const char *name, double duty, double vat, double ct)
{
    cz_tariff_line_t tl;
    memset(&tl, 0, sizeof tl);
    snprintf(tl.name, sizeof tl.name, "%s", name);
    tl.duty.rate = R(duty);
    tl.vat = R(vat);
    tl.ct.rate = R(ct);
    return tl;
}

static cz_goods_t goods(double cv)
{
    cz_goods_t g = {F(cv), CZ_QTY_ONE, NULL, 0, false};
    return g;
}

static cz_case_t at(const cz_tariff_line_t *tl, double cv, const char *owner, cz_point_t point)
{
    cz_case_t c = {tl, goods(cv), owner, point, NAN, NULL, 0, false};
    return c;
}

START_TEST(value_added_ratio_at_below_and_above_thirty_percent)
{
    /* P = 130, M = 80, D = 20: (130 - 100) / 100 = 30%, the boundary is inclusive */
    double r = cz_value_added_ratio(130, 80, 20);
    ck_assert_double_eq_tol(r, 0.30, 1e-12);
    ck_assert(cz_value_added_reaches(r, 0.30));
    ck_assert(!cz_value_added_reaches(cz_value_added_ratio(129.99, 80, 20), 0.30));
    ck_assert(cz_value_added_reaches(cz_value_added_ratio(130.01, 80, 20), 0.30));
    ck_assert(isnan(cz_value_added_ratio(10, 0, 0)));
    ck_assert(!cz_value_added_reaches(NAN, 0.30));
}
END_TEST

START_TEST(selective_tariff_on_three_materials_by_each_rule)
{
    cz_tariff_line_t a = line("a", 0.05, 0.13, 0), b = line("b", 0.08, 0.13, 0), c = line("c", 0.20, 0.13, 0);
    cz_material_t m[3] = {{&a, goods(200)}, {&b, goods(300)}, {&c, goods(100)}};
    cz_tariff_line_t product = line("product", 0.10, 0.13, 0);
    cz_goods_t g = goods(1000);
    cz_selective_t used;
    /* materials: 10 + 24 + 20 = 54.00; finished: 1000 x 10% = 100.00 */
    cz_taxes_t t = cz_assess_selective(&product, &g, m, 3, CZ_SEL_FINISHED, 0, &used);
    ck_assert_int_eq(t.fen[CZ_DUTY], 10000);
    ck_assert_int_eq(t.fen[CZ_VAT], 14300); /* (1000 + 100) x 13% */
    t = cz_assess_selective(&product, &g, m, 3, CZ_SEL_MATERIALS, 0, &used);
    ck_assert_int_eq(t.fen[CZ_DUTY], 5400);
    ck_assert_int_eq(t.fen[CZ_VAT], 13702); /* (1000 + 54) x 13% = 137.02 */
    t = cz_assess_selective(&product, &g, m, 3, CZ_SEL_CHEAPER, 0, &used);
    ck_assert_int_eq(used, CZ_SEL_MATERIALS);
    ck_assert_int_eq(t.fen[CZ_DUTY], 5400);
    product.duty.rate = R(0.03); /* now the finished product is cheaper: 30.00 < 54.00 */
    t = cz_assess_selective(&product, &g, m, 3, CZ_SEL_CHEAPER, 0, &used);
    ck_assert_int_eq(used, CZ_SEL_FINISHED);
    ck_assert_int_eq(t.fen[CZ_DUTY], 3000);
    ck_assert_int_eq(t.fen[CZ_VAT], 13390); /* (1000 + 30) x 13% */
    /* consumption tax on the finished product, with the duty charged:
     * CT 1054 / 0.85 x 0.15 = 186.00 exactly; VAT (1054 + 186) x 13% = 161.20 */
    product = line("product", 0.10, 0.13, 0.15);
    t = cz_assess_selective(&product, &g, m, 3, CZ_SEL_MATERIALS, 0, &used);
    ck_assert_int_eq(t.fen[CZ_CT], 18600);
    ck_assert_int_eq(t.fen[CZ_VAT], 16120);
}
END_TEST

START_TEST(export_refund_is_the_lines_refund_rate_of_fob)
{
    cz_tariff_line_t tl = line("x", 0, 0.13, 0.10);
    ck_assert_int_eq(cz_export_refund(&tl, F(1000)), 0); /* a line without a refund rate: none */
    tl.export_refund = R(0.13);
    ck_assert_int_eq(cz_export_refund(&tl, F(1000)), 13000); /* 1000 x 13% */
    tl.export_refund = R(0.09);
    ck_assert_int_eq(cz_export_refund(&tl, F(555.55)), 5000); /* 49.9995 -> 50.00 */
}
END_TEST

START_TEST(postal_articles_below_and_above_the_waiver)
{
    bool waived;
    int64_t w = F(50);
    ck_assert_int_eq(cz_personal_tax(CZ_POSTAL_ARTICLES, R(0.13), F(400), CZ_QTY_ONE, 0, w, &waived), 5200);
    ck_assert(!waived); /* 52.00 > 50 */
    ck_assert_int_eq(cz_personal_tax(CZ_POSTAL_ARTICLES, R(0.13), F(384), CZ_QTY_ONE, 0, w, &waived), 0);
    ck_assert(waived); /* 49.92: waived */
    ck_assert_int_eq(cz_personal_tax(CZ_POSTAL_ARTICLES, R(0.13), F(384.62), CZ_QTY_ONE, 0, w, &waived), 0);
    ck_assert(waived); /* 50.0006 -> 50.00: at the waiver, waived */
    ck_assert_int_eq(cz_personal_tax(CZ_POSTAL_ARTICLES, R(0.50), F(200), CZ_QTY_ONE, 0, w, &waived), 10000);
    /* baggage, 12,000 CNY allowance, two items: (12,300 - 12,000) x 20% = 60.00; no waiver */
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.20), F(12300), 2 * CZ_QTY_ONE, F(12000), 0, &waived), 6000);
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.20), F(12100), 2 * CZ_QTY_ONE, F(12000), 0, &waived), 2000);
    ck_assert(!waived);
    /* one indivisible item over the allowance is taxed whole: 12,100 x 20% = 2,420.00 */
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.20), F(12100), CZ_QTY_ONE, F(12000), 0, &waived), 242000);
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.50), F(11000), CZ_QTY_ONE, F(12000), 0, &waived), 0);
    ck_assert(!waived); /* nothing due is not a waiver */
}
END_TEST

START_TEST(tax_expenditure_is_the_difference_of_two_assessments)
{
    cz_regime_t with, without;
    memset(&with, 0, sizeof with);
    memset(&without, 0, sizeof without);
    with.nex = 1;
    strcpy(with.ex[0].name, "whitelist");
    strcpy(with.ex[0].owners[0], "whitelisted");
    with.ex[0].nowners = 1;
    with.ex[0].taxes = CZ_IMPORT_TAXES;
    with.ex[0].points = 1u << CZ_ZONE;
    with.ex[0].min_value_added = NAN;
    cz_tariff_line_t tl = line("instruments", 0.05, 0.13, 0.02);
    cz_case_t c = at(&tl, 123456.78, "whitelisted", CZ_ZONE);
    cz_assessment_t a, b;
    cz_regime_assess_import(&with, &c, &a);
    cz_regime_assess_import(&without, &c, &b);
    ck_assert_int_eq(a.forgone[0], cz_taxes_total(&b.due) - cz_taxes_total(&a.due));
    ck_assert_int_gt(a.forgone[0], 0);
}
END_TEST

START_TEST(exempting_duty_takes_it_out_of_the_vat_base)
{
    cz_regime_t rg;
    memset(&rg, 0, sizeof rg);
    rg.nex = 1;
    strcpy(rg.ex[0].name, "duty_only");
    strcpy(rg.ex[0].owners[0], "*");
    rg.ex[0].nowners = 1;
    rg.ex[0].taxes = 1u << CZ_DUTY;
    rg.ex[0].points = 1u << CZ_SECOND_LINE;
    rg.ex[0].min_value_added = NAN;
    cz_tariff_line_t tl = line("g", 0.05, 0.13, 0.10);
    cz_case_t c = at(&tl, 100, "x", CZ_SECOND_LINE);
    cz_assessment_t a;
    cz_regime_assess_import(&rg, &c, &a);
    /* without the duty: CT 100/0.9 x 0.1 = 11.111 -> 11.11; VAT (100 + 11.11) x 13% = 14.4443 -> 14.44 */
    ck_assert_int_eq(a.due.fen[CZ_DUTY], 0);
    ck_assert_int_eq(a.due.fen[CZ_CT], 1111);
    ck_assert_int_eq(a.due.fen[CZ_VAT], 1444);
    /* full: duty 5.00, CT 105/0.9 x 0.1 = 11.67, VAT (105 + 11.67) x 13% = 15.17; forgone 5.00 + 0.56 + 0.73 = 6.29 */
    ck_assert_int_eq(cz_taxes_total(&a.full), 500 + 1167 + 1517);
    ck_assert_int_eq(a.forgone[0], 500 + 56 + 73);
    ck_assert_int_eq(a.forgone[0], cz_taxes_total(&a.full) - cz_taxes_total(&a.due));
}
END_TEST

/* Every consignment pays 18,650 CNY at the second line exactly 365 days after
 * entering the zone (no time at the lines): the deferral value of each is
 * 18,650 x (1 - 1.03^-1) = 543.20 CNY. */
START_TEST(deferral_value_matches_a_hand_computation)
{
    cz_scenario_t *s = load_scenario_text(
        "{\"name\": \"d\", \"horizon_days\": 400, \"warmup_days\": 0, \"replications\": 1, \"seed\": 3,"
        " \"regime\": {\"name\": \"zone\", \"import_tax_at\": \"second_line\", \"exemptions\": []},"
        " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0.05, \"vat\": 0.13}}},"
        " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 5, \"categories\": {\"g\": 1},"
        "   \"value_cny\": 100000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"365 d\"}],"
        " \"lines\": {\"first_line\": {\"lanes\": 50, \"service\": 0}, \"second_line\": {\"lanes\": 50, \"service\": 0}},"
        " \"economics\": {\"discount_rate_annual\": 0.03}}");
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    ck_assert_int_eq(cz_zone_run(s, 0, k, &st), 0);
    double paid = k[K_TAX_TOTAL] / 18650.0;
    ck_assert(paid > 50 && fabs(paid - round(paid)) < 1e-9);
    double per = 18650.0 * (1 - pow(1.03, -1.0));
    ck_assert_double_eq_tol(k[K_DEFERRAL_NPV] / paid, per, 1e-6);
    ck_assert_double_eq_tol(per, 543.20, 0.01);
    free(k);
    cz_scenario_free(s);
}
END_TEST

/* A one-flow scenario; every run must pass its conservation checks. */
static double *run_text(const char *regime, const char *flow, cz_scenario_t **out)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"e\", \"horizon_days\": 30, \"warmup_days\": 0, \"replications\": 1, \"seed\": 9,"
             " \"regime\": %s,"
             " \"tariff\": {\"categories\": {\"parts\": {\"duty\": 0.05, \"vat\": 0.13},"
             "   \"product\": {\"duty\": 0.10, \"vat\": 0.13}, \"goods\": {\"duty\": 0.0, \"vat\": 0.13, \"export_refund\": 0.13}}},"
             " \"flows\": [%s],"
             " \"lines\": {\"first_line\": {\"lanes\": 20, \"service\": \"1 min\"},"
             "            \"second_line\": {\"lanes\": 20, \"service\": \"1 min\"}}}", regime, flow);
    cz_scenario_t *s = load_scenario_text(text);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    ck_assert_msg(cz_zone_run(s, 0, k, &st) == 0, "%s", st.check_error); /* conservation included */
    *out = s;
    return k;
}

#define VA_REGIME "{\"name\": \"hengqin_like\", \"exemptions\": [{\"name\": \"value_added\", \"owners\": [\"*\"]," \
                  " \"taxes\": [\"duty\"], \"at\": [\"second_line\"], \"min_value_added\": 0.3}]}"
#define PROC_FLOW(ratio) "{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 20, \"categories\": {\"parts\": 1}," \
    " \"value_cny\": 100000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"1 d\"," \
    " \"processing\": {\"share\": 1, \"product\": \"product\", \"value_added\": " ratio "}}"

START_TEST(value_added_rule_exempts_duty_at_thirty_percent_not_below)
{
    cz_scenario_t *s;
    /* ratio 0.30: P = 130,000; duty exempt (13,000 forgone); VAT 130,000 x 13% = 16,900 */
    double *k = run_text(VA_REGIME, PROC_FLOW("0.3"), &s);
    double n = k[K_TAX_TOTAL] / 16900;
    ck_assert(n > 100 && fabs(n - round(n)) < 1e-9);
    /* forgone: the duty 13,000 and the VAT on it, 1,690 (full: 13,000 + 18,590) */
    ck_assert_double_eq_tol(k[K_NFIXED + 0], 14690 * n, 1e-3);   /* forgone_value_added_cny */
    ck_assert(k[K_TAX_DUTY] == 0);
    ck_assert(k[K_VALUE_ADDED] > 0);
    ck_assert_double_eq_tol(k[K_EFFECTIVE_RATE], 16900.0 / 130000.0, 1e-9);
    free(k);
    cz_scenario_free(s);
    /* ratio 0.29: P = 129,000; duty 12,900; VAT (129,000 + 12,900) x 13% = 18,447 */
    k = run_text(VA_REGIME, PROC_FLOW("0.29"), &s);
    n = k[K_TAX_TOTAL] / (12900 + 18447);
    ck_assert(n > 100 && fabs(n - round(n)) < 1e-9);
    ck_assert(k[K_NFIXED + 0] == 0);
    free(k);
    cz_scenario_free(s);
}
END_TEST

/* Goods bound for processing are not processed yet when they enter: a
 * value-added exemption at the first line does not cover them there, whatever
 * ratio their processing will reach later (it did, when the ratio drawn on
 * arrival was shown to the entry's assessment). */
START_TEST(goods_are_not_processed_before_their_processing)
{
    cz_scenario_t *s;
    /* taxed at the first line: parts 100,000, duty 5% = 5,000,
     * VAT (100,000 + 5,000) x 13% = 13,650; 18,650 each, nothing forgone */
    double *k = run_text("{\"name\": \"entry_taxed\", \"import_tax_at\": \"first_line\", \"exemptions\": "
                         "[{\"name\": \"value_added\", \"owners\": [\"*\"], \"taxes\": [\"duty\"],"
                         " \"at\": [\"first_line\"], \"min_value_added\": 0.3}]}", PROC_FLOW("0.5"), &s);
    double n = k[K_TAX_TOTAL] / 18650;
    ck_assert_msg(n > 100 && fabs(n - round(n)) < 1e-9, "tax %.2f is not a multiple of 18,650", k[K_TAX_TOTAL]);
    ck_assert(k[K_NFIXED + 0] == 0);                              /* forgone_value_added_cny */
    ck_assert_double_eq_tol(k[K_TAX_DUTY], 5000 * n, 1e-3);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(selective_tariff_in_a_run_takes_the_cheaper_base)
{
    cz_scenario_t *s;
    /* M = 100,000 of parts at 5% = 5,000 < product P = 130,000 at 10% = 13,000:
     * duty 5,000; VAT (130,000 + 5,000) x 13% = 17,550; 22,550 each */
    double *k = run_text("{\"name\": \"bonded\", \"selective_tariff\": \"cheaper\", \"exemptions\": []}",
                         PROC_FLOW("0.3"), &s);
    double n = k[K_TAX_TOTAL] / 22550;
    ck_assert(n > 100 && fabs(n - round(n)) < 1e-9);
    ck_assert_double_eq_tol(k[K_TAX_DUTY], 5000 * n, 1e-3);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(refund_on_entry_is_negative_revenue)
{
    cz_scenario_t *s;
    const char *flow = "{\"name\": \"m\", \"origin\": \"mainland\", \"owner\": \"o\", \"rate_per_day\": 20,"
                       " \"categories\": {\"goods\": 1}, \"value_cny\": 1000, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": \"1 d\"}";
    double *k = run_text("{\"name\": \"r\", \"refund_on_entry\": true, \"exemptions\": []}", flow, &s);
    double n = -k[K_TAX_REFUND] / 130; /* 1,000 x 13% each */
    ck_assert(n > 100 && fabs(n - round(n)) < 1e-9);
    ck_assert(k[K_TAX_TOTAL] == k[K_TAX_REFUND]);
    free(k);
    cz_scenario_free(s);
    k = run_text("{\"name\": \"hainan_like\", \"refund_on_entry\": false, \"exemptions\": []}", flow, &s);
    ck_assert(k[K_TAX_REFUND] == 0);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(personal_articles_pay_postal_tax_above_the_waiver)
{
    cz_scenario_t *s;
    const char *above = "{\"name\": \"p\", \"owner\": \"traveller\", \"rate_per_day\": 20, \"categories\": {\"goods\": 1},"
                        " \"value_cny\": 400, \"route\": {\"to_mainland\": 1}, \"dwell\": \"1 h\","
                        " \"personal\": {\"postal_rate\": 0.13}}";
    double *k = run_text("{\"name\": \"z\", \"exemptions\": []}", above, &s);
    double n = k[K_TAX_TOTAL] / 52; /* 52.00 each, nothing more at the second line */
    ck_assert(n > 100 && fabs(n - round(n)) < 1e-9);
    ck_assert(k[K_FORGONE_DE_MINIMIS] == 0);
    free(k);
    cz_scenario_free(s);
    const char *below = "{\"name\": \"p\", \"owner\": \"traveller\", \"rate_per_day\": 20, \"categories\": {\"goods\": 1},"
                        " \"value_cny\": 384, \"route\": {\"to_mainland\": 1}, \"dwell\": \"1 h\","
                        " \"personal\": {\"postal_rate\": 0.13}}";
    k = run_text("{\"name\": \"z\", \"exemptions\": []}", below, &s);
    ck_assert(k[K_TAX_TOTAL] == 0);
    n = k[K_FORGONE_DE_MINIMIS] / 49.92;
    ck_assert(n > 100 && fabs(n - round(n)) < 1e-6);
    free(k);
    cz_scenario_free(s);
}
END_TEST

/* The whitelist opens at day 10 (tests/models/whitelist_opens.json): no
 * consignment is exempted before, some after; per-period KPIs split the run there. */
START_TEST(policy_change_takes_effect_at_its_time)
{
    const char *f = "tests/models/whitelist_opens.json";
    char *d = tmpdir(), *o;
    ck_assert_int_eq(sh(&o, "$Z trace %s -n 1 --events %s/steps.csv > /dev/null && "
                            "awk -F, '$6 == \"exempt\" {print $1}' %s/steps.csv | sort -n | head -1", f, d, d), 0);
    double first = atof(o);
    free(o);
    ck_assert_msg(first >= 10 * 1440 && first < 20 * 1440, "first exemption at %g min", first);
    ck_assert_int_eq(sh(&o, "$Z run %s -q -r 2 -o %s/r && grep -c period1_tax_total_cny %s/r/replications.csv", f, d, d), 0);
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

/* With import demand of elasticity -3, revenue t x Q(t), Q ~ (1 + t)^-3, is
 * highest at t = -1/(1 + e) = 50%: simulated, over duty rates 30% to 70%. */
START_TEST(revenue_peaks_at_the_revenue_maximising_tariff)
{
    const double rates[] = {0.3, 0.4, 0.5, 0.6, 0.7};
    double revenue[5], arrivals[5];
    for (int i = 0; i < 5; i++) {
        char text[2048];
        snprintf(text, sizeof text,
                 "{\"name\": \"smart\", \"horizon_days\": 20, \"warmup_days\": 0, \"replications\": 1, \"seed\": 4,"
                 " \"regime\": {\"name\": \"port\", \"import_tax_at\": \"first_line\", \"second_line_control\": false, \"exemptions\": []},"
                 " \"tariff\": {\"categories\": {\"g\": {\"duty\": %g}}},"
                 " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 2000, \"categories\": {\"g\": 1},"
                 "   \"value_cny\": 1000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"1 h\","
                 "   \"demand\": {\"elasticity\": -3, \"reference_tax_rate\": 0}}],"
                 " \"lines\": {\"first_line\": {\"lanes\": 100, \"service\": 0}}}", rates[i]);
        cz_scenario_t *s = load_scenario_text(text);
        ck_assert_double_eq_tol(s->flows[0].tax_rate, rates[i], 1e-9);
        ck_assert_double_eq_tol(s->flows[0].demand_factor, pow(1 + rates[i], -3), 1e-12);
        double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
        cz_zone_stats_t st;
        ck_assert_int_eq(cz_zone_run(s, 0, k, &st), 0);
        revenue[i] = k[K_TAX_TOTAL];
        arrivals[i] = k[K_ARRIVALS];
        free(k);
        cz_scenario_free(s);
    }
    for (int i = 0; i < 5; i++)
        if (i != 2)
            ck_assert_msg(revenue[2] > revenue[i], "revenue at 50%% %g, at %g%% %g", revenue[2], 100 * rates[i], revenue[i]);
    /* and quantity follows the demand curve */
    ck_assert_double_eq_tol(arrivals[4] / arrivals[0], pow(1.7 / 1.3, -3), 0.01);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("economics");
    TCase *tc = tcase_create("known answers");
    tcase_add_test(tc, value_added_ratio_at_below_and_above_thirty_percent);
    tcase_add_test(tc, selective_tariff_on_three_materials_by_each_rule);
    tcase_add_test(tc, export_refund_is_the_lines_refund_rate_of_fob);
    tcase_add_test(tc, postal_articles_below_and_above_the_waiver);
    tcase_add_test(tc, tax_expenditure_is_the_difference_of_two_assessments);
    tcase_add_test(tc, exempting_duty_takes_it_out_of_the_vat_base);
    tcase_add_test(tc, deferral_value_matches_a_hand_computation);
    tcase_add_test(tc, value_added_rule_exempts_duty_at_thirty_percent_not_below);
    tcase_add_test(tc, goods_are_not_processed_before_their_processing);
    tcase_add_test(tc, selective_tariff_in_a_run_takes_the_cheaper_base);
    tcase_add_test(tc, refund_on_entry_is_negative_revenue);
    tcase_add_test(tc, personal_articles_pay_postal_tax_above_the_waiver);
    tcase_add_test(tc, policy_change_takes_effect_at_its_time);
    tcase_add_test(tc, revenue_peaks_at_the_revenue_maximising_tariff);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
