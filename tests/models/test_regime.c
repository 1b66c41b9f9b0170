/* test_regime.c: regime logic, alone and through whole runs of the zone model. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/kpi.h"
#include "models/tax/regime.h"
#include "models/tax/taxpoint.h"
#include "models/scenario/scenario.h"
#include "models/zone/zone.h"
#include "tests/modelutil.h"
#include "tests/testutil.h"

/* A one-flow scenario: constant value 100,000 CNY of a research good with duty 5%
 * and VAT 13%, so every assessment is 18,650 CNY. */
#define TAX_PER_CONSIGNMENT 18650.0

static const char *const HETAO =
    "{\"name\": \"hetao\", \"import_tax_at\": \"second_line\", \"export_duty_at\": \"second_line\","
    " \"second_line_control\": true, \"back_payment_on_transfer\": true,"
    " \"exemptions\": [{\"name\": \"whitelist\", \"owners\": [\"whitelisted\"], \"tags\": [\"research\"],"
    " \"taxes\": [\"duty\", \"vat\", \"ct\"], \"at\": [\"first_line\", \"zone\"]}]}";
static const char *const CONVENTIONAL =
    "{\"name\": \"conventional\", \"import_tax_at\": \"first_line\", \"export_duty_at\": \"first_line\","
    " \"second_line_control\": false, \"back_payment_on_transfer\": false, \"exemptions\": []}";

static cz_scenario_t *scenario(const char *regime, const char *owner, const char *route,
                               const char *transfer_owner)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"t\", \"horizon_days\": 60, \"warmup_days\": 0, \"replications\": 1, \"seed\": 7,"
             " \"regime\": %s,"
             " \"tariff\": {\"categories\": {\"instruments\": {\"duty\": 0.05, \"vat\": 0.13, \"tags\": [\"research\"]}}},"
             " \"flows\": [{\"name\": \"f\", \"origin\": \"abroad\", \"owner\": \"%s\", \"rate_per_day\": 40,"
             "   \"categories\": {\"instruments\": 1}, \"value_cny\": 100000, \"route\": %s,"
             "   \"transfer_owner\": \"%s\", \"dwell\": \"2 d\"}],"
             " \"lines\": {\"first_line\": {\"lanes\": 3, \"service\": \"5 min\"},"
             "            \"second_line\": {\"lanes\": 3, \"service\": \"5 min\"}}}",
             regime, owner, route, transfer_owner);
    return load_scenario_text(text);
}

static double *run(const cz_scenario_t *s)
{
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    ck_assert_msg(cz_zone_run(s, 0, k, &st) == 0, "run failed: %s", st.check_error);
    return k;
}

static void assert_multiple(double x, double unit)
{
    double q = x / unit;
    ck_assert_msg(fabs(q - round(q)) < 1e-9, "%.2f is not a multiple of %.2f", x, unit);
}

START_TEST(whitelisted_research_goods_consumed_in_zone_pay_nothing)
{
    cz_scenario_t *s = scenario(HETAO, "whitelisted", "{\"consumed_in_zone\": 1}", "ordinary");
    double *k = run(s);
    ck_assert(k[K_TAX_TOTAL] == 0);
    ck_assert(k[K_NFIXED + 0] > 0); /* forgone_whitelist_cny */
    assert_multiple(k[K_NFIXED + 0], TAX_PER_CONSIGNMENT);
    /* Exempt goods in the zone would owe tax if they left for the mainland: they
     * count in the bonded (tax-suspended) stock until they are used up. */
    ck_assert(k[K_BONDED_STOCK_MEAN] > 0);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(whitelisted_research_goods_sent_to_mainland_pay_at_second_line)
{
    cz_scenario_t *s = scenario(HETAO, "whitelisted", "{\"to_mainland\": 1}", "ordinary");
    double *k = run(s);
    double crossings = k[K_L2_THROUGHPUT] * 60;
    ck_assert(crossings > 100);
    ck_assert_double_eq_tol(k[K_TAX_TOTAL], TAX_PER_CONSIGNMENT * crossings, 1e-3);
    ck_assert(k[K_NFIXED + 0] == 0);
    ck_assert(k[K_DEFERRAL_NPV] > 0);
    ck_assert(k[K_BONDED_STOCK_MEAN] > 0);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(transfer_to_non_whitelisted_owner_triggers_back_payment)
{
    /* Back-payment falls at the transfer, so nothing is left to defer to the second line. */
    cz_scenario_t *s = scenario(HETAO, "whitelisted", "{\"transferred\": 1}", "ordinary");
    double *k = run(s);
    ck_assert(k[K_TAX_TOTAL] > 0);
    assert_multiple(k[K_TAX_TOTAL], TAX_PER_CONSIGNMENT);
    ck_assert(k[K_DEFERRAL_NPV] == 0);
    free(k);
    cz_scenario_free(s);
    /* Transferred to another whitelisted unit: no exemption lost, tax at the second line. */
    s = scenario(HETAO, "whitelisted", "{\"transferred\": 1}", "whitelisted");
    k = run(s);
    ck_assert(k[K_DEFERRAL_NPV] > 0);
    ck_assert_double_eq_tol(k[K_TAX_TOTAL], TAX_PER_CONSIGNMENT * k[K_L2_THROUGHPUT] * 60, 1e-3);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(ordinary_goods_consumed_in_zone_pay_there)
{
    cz_scenario_t *s = scenario(HETAO, "ordinary", "{\"consumed_in_zone\": 1}", "ordinary");
    double *k = run(s);
    ck_assert(k[K_TAX_TOTAL] > 0);
    assert_multiple(k[K_TAX_TOTAL], TAX_PER_CONSIGNMENT);
    ck_assert(k[K_NFIXED + 0] == 0);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(conventional_port_taxes_everything_at_first_line_and_nothing_again)
{
    const char *routes[] = {"{\"to_mainland\": 1}", "{\"consumed_in_zone\": 1}", "{\"re_export\": 1}"};
    for (int i = 0; i < 3; i++) {
        cz_scenario_t *s = scenario(CONVENTIONAL, "whitelisted", routes[i], "ordinary");
        double *k = run(s);
        ck_assert(k[K_TAX_TOTAL] > 0);
        assert_multiple(k[K_TAX_TOTAL], TAX_PER_CONSIGNMENT);
        /* every arrival but the few still in the lanes at the horizon paid once */
        ck_assert(k[K_TAX_TOTAL] <= TAX_PER_CONSIGNMENT * k[K_ARRIVALS]);
        ck_assert(k[K_TAX_TOTAL] >= TAX_PER_CONSIGNMENT * (k[K_ARRIVALS] - 5));
        ck_assert(k[K_L2_THROUGHPUT] == 0);
        ck_assert(k[K_DEFERRAL_NPV] == 0);
        ck_assert(k[K_BONDED_STOCK_MEAN] == 0);
        free(k);
        cz_scenario_free(s);
    }
}
END_TEST

START_TEST(exemption_matches_owner_tags_and_point)
{
    cz_exemption_t e;
    memset(&e, 0, sizeof e);
    strcpy(e.owners[0], "whitelisted");
    e.nowners = 1;
    strcpy(e.tags[0], "research");
    e.ntags = 1;
    e.taxes = CZ_IMPORT_TAXES;
    e.points = 1u << CZ_ZONE;
    e.min_value_added = NAN;
    cz_tariff_line_t tl;
    memset(&tl, 0, sizeof tl);
    strcpy(tl.name, "x");
    ck_assert(!cz_exemption_matches(&e, &tl, "whitelisted", CZ_ZONE, NAN)); /* not on the list */
    strcpy(tl.tags[0], "research");
    tl.ntags = 1;
    ck_assert(cz_exemption_matches(&e, &tl, "whitelisted", CZ_ZONE, NAN));
    ck_assert(!cz_exemption_matches(&e, &tl, "ordinary", CZ_ZONE, NAN));
    ck_assert(!cz_exemption_matches(&e, &tl, "whitelisted", CZ_SECOND_LINE, NAN));
    strcpy(e.owners[0], "*");
    ck_assert(cz_exemption_matches(&e, &tl, "anyone", CZ_ZONE, NAN));
}
END_TEST

START_TEST(forgone_revenue_is_the_counterfactual_tax)
{
    cz_regime_t rg;
    memset(&rg, 0, sizeof rg);
    rg.nex = 2;
    strcpy(rg.ex[0].name, "duty_only");
    strcpy(rg.ex[0].owners[0], "*");
    rg.ex[0].nowners = 1;
    rg.ex[0].taxes = 1u << CZ_DUTY;
    rg.ex[0].points = 1u << CZ_FIRST_LINE;
    rg.ex[0].min_value_added = NAN;
    rg.ex[1] = rg.ex[0];
    strcpy(rg.ex[1].name, "all");
    rg.ex[1].taxes = CZ_IMPORT_TAXES;
    cz_tariff_line_t tl;
    memset(&tl, 0, sizeof tl);
    tl.duty.rate = 5000000;  /* 5% */
    tl.vat = 13000000;       /* 13% */
    cz_case_t c = {&tl, {10000, CZ_QTY_ONE, NULL, 0, false}, "x", CZ_FIRST_LINE, NAN, NULL, 0, false};
    cz_assessment_t a;
    cz_regime_assess_import(&rg, &c, &a);
    ck_assert_int_eq(cz_taxes_total(&a.full), 1865);
    ck_assert_int_eq(cz_taxes_total(&a.due), 0);
    ck_assert_int_eq(a.forgone[0], 500);   /* duty, by the first exemption that covers it */
    ck_assert_int_eq(a.forgone[1], 1365);  /* the VAT, by the second */
    ck_assert_int_eq(a.exempted_by, 3u);
    /* The check every assessment passes under assert() finds each kind of
     * tampering: tax forgone by an exemption that did not apply (the sums
     * still agree), a negative amount forgone, more due than the full tax,
     * and sums that do not agree. */
    ck_assert(cz_assessment_check(&a));
    cz_assessment_t b = a;
    b.forgone[2] = 100, b.forgone[1] -= 100;
    ck_assert(!cz_assessment_check(&b));
    b = a;
    b.forgone[0] = -5, b.forgone[1] += 505, b.due.fen[CZ_DUTY] = 0;
    ck_assert(!cz_assessment_check(&b));
    b = a;
    b.due.fen[CZ_VAT] = a.full.fen[CZ_VAT] + 1, b.forgone[1] -= 1;
    ck_assert(!cz_assessment_check(&b));
    b = a;
    b.forgone[1] += 1;
    ck_assert(!cz_assessment_check(&b));
}
END_TEST

/* A one-flow scenario of goods of origin COUNTRY on a line with MFN 5%,
 * provisional 4%, CEPA 0 and general 30% (VAT 13%); PREF is the flow's
 * preference_share ("" for none), GENERAL false drops the general rate. */
static cz_scenario_t *origin_scenario(const char *country, const char *pref, bool general, char **errors)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"t\", \"horizon_days\": 60, \"replications\": 1, \"seed\": 7, \"regime\": %s,"
             " \"tariff\": {\"origins\": {\"HK\": {\"agreements\": [\"CEPA\"]}, \"XX\": {\"mfn\": false}},"
             "   \"categories\": {\"instruments\": {\"duty\": 0.05, \"provisional\": 0.04, %s"
             "     \"agreements\": {\"CEPA\": 0, \"RCEP\": 0.01}, \"vat\": 0.13}}},"
             " \"flows\": [{\"name\": \"f\", \"owner\": \"ordinary\", \"origin_country\": \"%s\", %s"
             "   \"rate_per_day\": 40, \"categories\": {\"instruments\": 1}, \"value_cny\": 100000,"
             "   \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}],"
             " \"lines\": {\"first_line\": {\"lanes\": 3, \"service\": \"5 min\"},"
             "            \"second_line\": {\"lanes\": 3, \"service\": \"5 min\"}}}",
             HETAO, general ? "\"general\": 0.30," : "", country, pref);
    char *path = write_temp(text);
    cz_reader_t r;
    cz_reader_init(&r, path);
    cz_scenario_t *s = cz_scenario_load(&r, path, NULL, 0);
    size_t cap = 1;
    for (int i = 0; i < r.nerrors; i++)
        cap += strlen(r.errors[i]) + 1;
    *errors = calloc(cap, 1);
    for (int i = 0; i < r.nerrors; i++)
        strcat(strcat(*errors, r.errors[i]), "\n");
    cz_reader_fini(&r);
    remove(path);
    free(path);
    return s;
}

START_TEST(the_duty_follows_the_flows_origin_and_preference_share)
{
    /* Per consignment of 100,000.00 (hand-computed):
     *   HK, claims CEPA    duty 0;                VAT 100,000 x 13% = 13,000.00
     *   HK, does not       provisional 4,000.00;  VAT 104,000 x 13% = 13,520.00 -> 17,520.00
     *   XX (no MFN)        general 30,000.00;     VAT 130,000 x 13% = 16,900.00 -> 46,900.00
     *   DE (not listed)    provisional, as HK unclaimed                          -> 17,520.00
     * The preference draw is made for every consignment, so the runs see the same arrivals. */
    const struct {
        const char *country, *pref;
        double per;
    } cases[] = {{"HK", "\"preference_share\": 1,", 13000}, {"HK", "\"preference_share\": 0,", 17520},
                 {"XX", "", 46900}, {"DE", "", 17520}};
    double n = -1;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *e;
        cz_scenario_t *s = origin_scenario(cases[i].country, cases[i].pref, true, &e);
        ck_assert_msg(s != NULL, "%s: %s", cases[i].country, e);
        double *k = run(s);
        assert_multiple(k[K_TAX_TOTAL], cases[i].per);
        double m = k[K_TAX_TOTAL] / cases[i].per;
        ck_assert_msg(m > 100 && (n < 0 || fabs(m - n) < 1e-9), "%s: %.0f consignments taxed, before %.0f",
                      cases[i].country, m, n);
        n = m;
        free(k);
        free(e);
        cz_scenario_free(s);
    }
    /* half claim: duty is 4,000.00 on each that does not, and some do, some do not */
    char *e;
    cz_scenario_t *s = origin_scenario("HK", "\"preference_share\": 0.5,", true, &e);
    double *k = run(s);
    assert_multiple(k[K_TAX_DUTY], 4000);
    double unclaimed = k[K_TAX_DUTY] / 4000;
    ck_assert(unclaimed > 0.35 * n && unclaimed < 0.65 * n);
    ck_assert(fabs(k[K_TAX_TOTAL] - (13000 * n + 4520 * unclaimed)) < 1e-6);
    free(k);
    free(e);
    cz_scenario_free(s);
}
END_TEST

/* value_by_category scales the flow's value to each category's mean: with a
 * constant value_cny of 1,000.00 and means 1,000 and 100,000, a consignment of
 * A (duty 5%, VAT 13%) pays 50 + 136.50 = 186.50 and one of B 5,000 + 13,650 =
 * 18,650 (de minimis 0); the arrivals and their categories are those of the run
 * without it. */
START_TEST(value_by_category_scales_each_categorys_value)
{
    char text[4096];
    const char *fmt =
        "{\"name\": \"t\", \"horizon_days\": 60, \"replications\": 1, \"seed\": 7, \"regime\": %s,"
        " \"tariff\": {\"categories\": {\"A\": {\"duty\": 0.05, \"vat\": 0.13}, \"B\": {\"duty\": 0.05, \"vat\": 0.13}}},"
        " \"flows\": [{\"name\": \"f\", \"owner\": \"ordinary\", \"rate_per_day\": 40,"
        "   \"categories\": {\"A\": 0.5, \"B\": 0.5}, \"value_cny\": 1000, %s"
        "   \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}],"
        " \"lines\": {\"first_line\": {\"lanes\": 3, \"service\": \"5 min\"},"
        "            \"second_line\": {\"lanes\": 3, \"service\": \"5 min\"}}}";
    double tax[2], n = 0;
    for (int i = 0; i < 2; i++) {
        snprintf(text, sizeof text, fmt, HETAO, i ? "\"value_by_category\": {\"B\": 100000}," : "");
        cz_scenario_t *s = load_scenario_text(text);
        double *k = run(s);
        tax[i] = k[K_TAX_TOTAL];
        if (!i)
            n = k[K_TAX_TOTAL] / 186.5; /* every consignment 186.50 */
        free(k);
        cz_scenario_free(s);
    }
    assert_multiple(tax[0], 186.5);
    /* nb B consignments: tax[1] = (n - nb) x 186.50 + nb x 18,650 */
    double nb = (tax[1] - n * 186.5) / (18650 - 186.5);
    ck_assert_msg(fabs(nb - round(nb)) < 1e-6 && nb > 0.4 * n && nb < 0.6 * n, "B consignments %.3f of %.0f", nb, n);
}
END_TEST

START_TEST(origins_refuse_what_they_cannot_price)
{
    const struct {
        const char *country, *pref;
        bool general;
        const char *needle;
    } cases[] = {
        {"XX", "", false, "line instruments has none: give it a \"general\" rate"},
        {"HK", "", true, "preference_share: missing: goods of HK may qualify"},
        {"DE", "\"preference_share\": 0.5,", true, "preference_share: applies to goods from abroad whose"},
        {"HK", "\"preference_share\": 1.5,", true, "preference_share"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *e;
        cz_scenario_t *s = origin_scenario(cases[i].country, cases[i].pref, cases[i].general, &e);
        ck_assert_msg(s == NULL && strstr(e, cases[i].needle), "case %zu: expected \"%s\" in:\n%s", i,
                      cases[i].needle, e);
        free(e);
    }
}
END_TEST

/* Each CZ_GOODS_* bit stands for its own fact about the goods, and only it. */
START_TEST(each_goods_state_bit_is_its_own_fact)
{
    ck_assert_uint_eq(CZ_GOODS_NSTATES, 1u << 9);
    cz_goods_state_t none = cz_goods_state_of_bits(0);
    ck_assert(!none.mainland && !none.settled && !none.personal && !none.exemption_lost && !none.leaving_abroad &&
              !none.opted_out && !none.refunded && !none.paid_on_entry && !none.exempt);
    struct {
        unsigned bit;
        size_t field;
    } map[] = {{CZ_GOODS_MAINLAND, offsetof(cz_goods_state_t, mainland)},
               {CZ_GOODS_SETTLED, offsetof(cz_goods_state_t, settled)},
               {CZ_GOODS_PERSONAL, offsetof(cz_goods_state_t, personal)},
               {CZ_GOODS_EXEMPTION_LOST, offsetof(cz_goods_state_t, exemption_lost)},
               {CZ_GOODS_LEAVING_ABROAD, offsetof(cz_goods_state_t, leaving_abroad)},
               {CZ_GOODS_OPTED_OUT, offsetof(cz_goods_state_t, opted_out)},
               {CZ_GOODS_REFUNDED, offsetof(cz_goods_state_t, refunded)},
               {CZ_GOODS_PAID_ON_ENTRY, offsetof(cz_goods_state_t, paid_on_entry)},
               {CZ_GOODS_EXEMPT, offsetof(cz_goods_state_t, exempt)}};
    unsigned all = 0;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
        ck_assert_msg((map[i].bit & all) == 0, "bit %#x used twice", map[i].bit);
        all |= map[i].bit;
        cz_goods_state_t g = cz_goods_state_of_bits(map[i].bit);
        for (size_t j = 0; j < sizeof map / sizeof *map; j++) {
            bool set = *(const bool *)((const char *)&g + map[j].field);
            ck_assert_msg(set == (i == j), "bit %#x sets field %zu", map[i].bit, j);
        }
    }
    ck_assert_uint_eq(all, CZ_GOODS_NSTATES - 1);
}
END_TEST

/* The memo a run reads where taxes fall from says what cz_tax_point says, for
 * every move and every state of the goods, in every shipped regime. */
START_TEST(the_tax_point_memo_agrees_with_the_rule_everywhere)
{
    const char *files[] = {"scenarios/compare_regimes/conventional.json", "scenarios/compare_regimes/hetao.json",
                           "scenarios/compare_regimes/hengqin.json", "scenarios/compare_regimes/hainan.json",
                           "scenarios/compare_regimes/bonded_zone.json", "scenarios/conventional_port.json"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        cz_scenario_t *s = load_scenario(files[f], NULL, 0);
        cz_tax_point_memo_t *m = calloc(1, sizeof *m);
        ck_assert_ptr_nonnull(m);
        for (int pass = 0; pass < 2; pass++) /* computed, then read back */
            for (int mv = 0; mv < CZ_NMOVES; mv++)
                for (unsigned bits = 0; bits < CZ_GOODS_NSTATES; bits++) {
                    cz_goods_state_t g = cz_goods_state_of_bits(bits);
                    cz_tax_point_t want = cz_tax_point(&s->regime, (cz_move_t)mv, &g);
                    cz_tax_point_t got = cz_tax_point_memo(m, &s->regime, (cz_move_t)mv, bits);
                    ck_assert_msg(got.levies == want.levies && got.point == want.point &&
                                      got.settles == want.settles,
                                  "%s: move %d, state %#x", files[f], mv, bits);
                }
        free(m);
        cz_scenario_free(s);
    }
}
END_TEST

/* A policy change that moves the import taxes to the first line applies from
 * then on: goods bound for re-export leave the Hetao zone untaxed, and pay on
 * entry once the taxes fall there (18,650 CNY each). */
START_TEST(a_policy_change_of_where_taxes_fall_applies_from_then_on)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"name\": \"t\", \"horizon_days\": 20, \"warmup_days\": 0, \"replications\": 1, \"seed\": 7,"
             " \"regime\": %s,"
             " \"tariff\": {\"categories\": {\"instruments\": {\"duty\": 0.05, \"vat\": 0.13}}},"
             " \"flows\": [{\"name\": \"f\", \"origin\": \"abroad\", \"owner\": \"ordinary\", \"rate_per_day\": 40,"
             "   \"categories\": {\"instruments\": 1}, \"value_cny\": 100000, \"route\": {\"re_export\": 1},"
             "   \"dwell\": \"2 d\"}],"
             " \"lines\": {\"first_line\": {\"lanes\": 3, \"service\": \"5 min\"},"
             "            \"second_line\": {\"lanes\": 3, \"service\": \"5 min\"}},"
             " \"policy_changes\": [{\"at\": \"10 d\", \"set\": {\"regime.import_tax_at\": \"first_line\"}}]}",
             HETAO);
    cz_scenario_t *s = load_scenario_text(text);
    double *k = run(s);
    int before = cz_kpi_find(s, "period0_tax_total_cny"), after = cz_kpi_find(s, "period1_tax_total_cny");
    int arrivals_after = cz_kpi_find(s, "period1_arrivals");
    ck_assert(before >= 0 && after >= 0 && arrivals_after >= 0);
    ck_assert_msg(k[before] == 0, "%.2f CNY before the change", k[before]);
    ck_assert(k[arrivals_after] > 300);
    assert_multiple(k[after], TAX_PER_CONSIGNMENT);
    /* every arrival after the change but the few still in the lanes paid on
     * entry, and a few that arrived just before it and entered just after */
    ck_assert(k[after] <= TAX_PER_CONSIGNMENT * (k[arrivals_after] + 5));
    ck_assert(k[after] >= TAX_PER_CONSIGNMENT * (k[arrivals_after] - 5));
    free(k);
    cz_scenario_free(s);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("regime");
    TCase *tc = tcase_create("logic");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, whitelisted_research_goods_consumed_in_zone_pay_nothing);
    tcase_add_test(tc, whitelisted_research_goods_sent_to_mainland_pay_at_second_line);
    tcase_add_test(tc, transfer_to_non_whitelisted_owner_triggers_back_payment);
    tcase_add_test(tc, ordinary_goods_consumed_in_zone_pay_there);
    tcase_add_test(tc, conventional_port_taxes_everything_at_first_line_and_nothing_again);
    tcase_add_test(tc, exemption_matches_owner_tags_and_point);
    tcase_add_test(tc, forgone_revenue_is_the_counterfactual_tax);
    tcase_add_test(tc, the_duty_follows_the_flows_origin_and_preference_share);
    tcase_add_test(tc, origins_refuse_what_they_cannot_price);
    tcase_add_test(tc, value_by_category_scales_each_categorys_value);
    tcase_add_test(tc, each_goods_state_bit_is_its_own_fact);
    tcase_add_test(tc, the_tax_point_memo_agrees_with_the_rule_everywhere);
    tcase_add_test(tc, a_policy_change_of_where_taxes_fall_applies_from_then_on);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
