/* test_assess.c: `zonesim assess` expresses every case a run charges — regime,
 * move, owner, origin, refunds, processing, back-payment after months, opting
 * out, personal articles — each against a hand computation (in the comments),
 * compared as exact decimal text (docs/sources.md §2.10, §3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/testutil.h"

#define HETAO "\"scenario\": \"scenarios/hetao_baseline.json\""
#define CONV "\"scenario\": \"scenarios/compare_regimes/conventional.json\""
#define HENGQIN "\"scenario\": \"scenarios/compare_regimes/hengqin.json\""
#define HAINAN "\"scenario\": \"scenarios/compare_regimes/hainan.json\""
#define BONDED "\"scenario\": \"scenarios/compare_regimes/bonded_zone.json\""

typedef struct assess_case {
    const char *why;
    const char *input;              /* the JSON object, without its braces */
    const char *expect[6];          /* "key": value pairs as assess writes them (exact) */
} assess_case_t;

static const assess_case_t CASES[] = {
    /* the conventional port taxed these goods on entry: used up later, nothing (a run agrees) */
    {"conventional, used up", CONV ", \"category\": \"car_parts\", \"customs_value_cny\": 100000, \"move\": \"used_up\"",
     {"\"total_cny\":\t0,", "\"point\":\t\"zone\""}},
    /* on entry: 6,000 + (106,000 x 13% = 13,780) = 19,780 */
    {"conventional, entry", CONV ", \"category\": \"car_parts\", \"customs_value_cny\": 100000, \"move\": \"entry\"",
     {"\"duty_cny\":\t6000,", "\"vat_cny\":\t13780,", "\"total_cny\":\t19780,"}},
    /* declared for re-export: bonded, untaxed */
    {"conventional, bonded relief", CONV ", \"category\": \"car_parts\", \"customs_value_cny\": 100000, \"move\": \"entry\","
     " \"leaving_abroad\": true", {"\"total_cny\":\t0,"}},
    /* whitelisted research instruments leave for the mainland 18 months into a 3-year
     * supervision: owed on 100,000 x (1 - 18/36) = 50,000: duty 2,500; VAT 52,500 x 13% = 6,825 */
    {"hetao, depreciated", HETAO ", \"category\": \"research_instruments\", \"customs_value_cny\": 100000,"
     " \"owner\": \"whitelisted\", \"move\": \"to_mainland\", \"elapsed_months\": 18",
     {"\"duty_cny\":\t2500,", "\"vat_cny\":\t6825,", "\"total_cny\":\t9325,"}},
    /* after 36 months: nothing */
    {"hetao, after supervision", HETAO ", \"category\": \"research_instruments\", \"customs_value_cny\": 100000,"
     " \"owner\": \"whitelisted\", \"move\": \"to_mainland\", \"elapsed_months\": 36", {"\"total_cny\":\t0,"}},
    /* transferred to an ordinary unit after 12 months: on 100,000 x 24/36 = 66,666.67:
     * duty 3,333.3335 -> 3,333.33; VAT (66,666.67 + 3,333.33) x 13% = 9,100 */
    {"hetao, transfer", HETAO ", \"category\": \"research_instruments\", \"customs_value_cny\": 100000,"
     " \"owner\": \"whitelisted\", \"move\": \"transfer\", \"to_owner\": \"ordinary\", \"elapsed_months\": 12",
     {"\"duty_cny\":\t3333.33,", "\"vat_cny\":\t9100,", "\"total_cny\":\t12433.33,", "\"point\":\t\"transfer\""}},
    /* a unit that waived its exemption pays in full on entry: 5,000 + 13,650 */
    {"hetao, opted out", HETAO ", \"category\": \"research_instruments\", \"customs_value_cny\": 100000,"
     " \"owner\": \"whitelisted\", \"move\": \"entry\", \"opted_out\": true", {"\"total_cny\":\t18650,"}},
    /* US goods: duty 6,000, additional 10,000, VAT (100,000 + 16,000) x 13% = 15,080 */
    {"hetao, origin", HETAO ", \"category\": \"car_parts\", \"customs_value_cny\": 100000, \"origin\": \"US\"",
     {"\"duty_cny\":\t6000,", "\"additional_duty_cny\":\t10000,", "\"vat_cny\":\t15080,"}},
    /* Hainan's zero-tariff list forgives duty and VAT used up in the zone, not the additional
     * duty: 10,000 due; full 31,080, forgone 21,080 */
    {"hainan, additional duty survives", HAINAN ", \"category\": \"car_parts\", \"customs_value_cny\": 100000,"
     " \"origin\": \"US\", \"move\": \"used_up\"",
     {"\"additional_duty_cny\":\t10000,", "\"total_cny\":\t10000,", "\"full_tax_cny\":\t31080,",
      "\"forgone_cny\":\t21080"}},
    /* Hengqin treats entry as export: 13% of 100,000 back */
    {"hengqin, refund on entry", HENGQIN ", \"category\": \"electronics_parts\", \"customs_value_cny\": 100000,"
     " \"move\": \"from_mainland\"", {"\"refund_cny\":\t-13000,", "\"total_cny\":\t-13000,"}},
    /* ferroalloys: 120,000 / 1.2 x 20% = 20,000 export duty, no refund */
    {"hengqin, ferroalloys", HENGQIN ", \"category\": \"ferroalloys\", \"customs_value_cny\": 120000,"
     " \"move\": \"from_mainland\"", {"\"export_duty_cny\":\t20000,", "\"refund_cny\":\t0,"}},
    /* refunded goods back to the mainland are imports: duty 0, VAT 13,000 */
    {"hengqin, refunded goods back", HENGQIN ", \"category\": \"electronics_parts\", \"customs_value_cny\": 100000,"
     " \"move\": \"to_mainland\", \"refunded\": true", {"\"vat_cny\":\t13000,"}},
    /* Hetao refunds when mainland goods leave abroad */
    {"hetao, refund leaving abroad", HETAO ", \"category\": \"electronics_parts\", \"customs_value_cny\": 100000,"
     " \"move\": \"mainland_abroad\"", {"\"refund_cny\":\t-13000,"}},
    /* product 130,000 made from 100,000 of parts with 30% value added: duty exempt (Hengqin's
     * rule); VAT 130,000 x 13% = 16,900; forgone 10,400 + 1,352 */
    {"hengqin, value added", HENGQIN ", \"category\": \"electronics_assembled\", \"customs_value_cny\": 130000,"
     " \"move\": \"to_mainland\", \"processing\": {\"materials_category\": \"electronics_parts\","
     " \"materials_value_cny\": 100000}",
     {"\"duty_cny\":\t0,", "\"vat_cny\":\t16900,", "\"forgone_cny\":\t11752"}},
    /* 29%: duty 10,320; VAT (129,000 + 10,320) x 13% = 18,111.60 */
    {"hengqin, value added below", HENGQIN ", \"category\": \"electronics_assembled\", \"customs_value_cny\": 129000,"
     " \"move\": \"to_mainland\", \"processing\": {\"materials_category\": \"electronics_parts\","
     " \"materials_value_cny\": 100000}", {"\"duty_cny\":\t10320,", "\"vat_cny\":\t18111.6,"}},
    /* bonded zone, selective tariff: materials at 0% < product at 8%: duty 0; VAT 16,900 */
    {"bonded zone, selective", BONDED ", \"category\": \"electronics_assembled\", \"customs_value_cny\": 130000,"
     " \"move\": \"to_mainland\", \"processing\": {\"materials_category\": \"electronics_parts\","
     " \"materials_value_cny\": 100000}", {"\"duty_cny\":\t0,", "\"vat_cny\":\t16900,"}},
    /* mainland goods that entered Hengqin as exports and go back: an import with no exemption and
     * no depreciation, though the owner's equipment would be exempt: 1,800 + 4,914 */
    {"hengqin, back after a refund", HENGQIN ", \"category\": \"research_instruments\", \"owner\": \"whitelisted\","
     " \"customs_value_cny\": 36000, \"move\": \"to_mainland\", \"refunded\": true", {"\"total_cny\":\t6714,"}},
    /* refunded on entry already: nothing more on leaving abroad */
    {"hengqin, no second refund", HENGQIN ", \"category\": \"electronics_parts\", \"customs_value_cny\": 10000,"
     " \"move\": \"mainland_abroad\"", {"\"total_cny\":\t0,"}},
    /* personal articles are taxed once, on entry: nothing at the second line */
    {"personal, after entry", HETAO ", \"category\": \"cosmetics_high_end\", \"customs_value_cny\": 1000,"
     " \"move\": \"to_mainland\", \"personal\": {\"rate\": 0.5}", {"\"total_cny\":\t0,"}},
    /* US car parts processed into assembled goods (30% value added) under Hainan: duty exempt,
     * the materials' additional duty 10% x 1,000 = 100 due; VAT (1,300 + 100) x 13% = 182 */
    {"hainan, processed US goods", HAINAN ", \"category\": \"electronics_assembled\", \"customs_value_cny\": 1300,"
     " \"origin\": \"US\", \"move\": \"to_mainland\", \"processing\": {\"materials_category\": \"car_parts\","
     " \"materials_value_cny\": 1000}", {"\"additional_duty_cny\":\t100,", "\"vat_cny\":\t182,", "\"duty_cny\":\t0,"}},
    /* a per-unit duty depreciates with the value: 10 units x 100 on 36,000, 18 of 36 months:
     * duty 500, VAT (18,000 + 500) x 13% = 2,405; after 36 months nothing */
    {"per-unit depreciated", HETAO ", \"tariff_line\": {\"duty\": {\"per_unit\": 100}, \"vat\": 0.13,"
     " \"supervision_years\": 3, \"tags\": [\"research\"]}, \"owner\": \"whitelisted\", \"customs_value_cny\": 36000,"
     " \"quantity\": 10, \"move\": \"to_mainland\", \"elapsed_months\": 18", {"\"duty_cny\":\t500,", "\"vat_cny\":\t2405,"}},
    {"per-unit after supervision", HETAO ", \"tariff_line\": {\"duty\": {\"per_unit\": 100}, \"vat\": 0.13,"
     " \"supervision_years\": 3, \"tags\": [\"research\"]}, \"owner\": \"whitelisted\", \"customs_value_cny\": 36000,"
     " \"quantity\": 10, \"move\": \"to_mainland\", \"elapsed_months\": 36", {"\"total_cny\":\t0,"}},
    /* export duty with a specific part: (12,000 - 1,000) / 1.2 x 20% + 1,000 = 2,833.33 */
    {"compound export duty", "\"tariff_line\": {\"export_duty\": {\"ad_valorem\": 0.2, \"per_unit\": 100}},"
     " \"customs_value_cny\": 12000, \"quantity\": 10, \"move\": \"from_mainland\"", {"\"export_duty_cny\":\t2833.33,"}},
    /* origin rule (docs/sources.md §2.12), 10,000.00 on MFN 10%, provisional 6%, agreement A 3%:
     * qualifies under A: duty 300, VAT 10,300 x 13% = 1,339; without proof: provisional 600,
     * VAT 1,378; no MFN treatment: general 30% = 3,000, VAT 13,000 x 13% = 1,690 */
    {"agreement rate", "\"tariff_line\": {\"duty\": 0.1, \"provisional\": 0.06, \"general\": 0.3,"
     " \"agreements\": {\"A\": 0.03}, \"vat\": 0.13}, \"customs_value_cny\": 10000, \"origin\": \"KR\","
     " \"agreements\": [\"A\"]", {"\"duty_cny\":\t300,", "\"vat_cny\":\t1339,", "an agreement rate"}},
    {"provisional rate", "\"tariff_line\": {\"duty\": 0.1, \"provisional\": 0.06, \"general\": 0.3,"
     " \"agreements\": {\"A\": 0.03}, \"vat\": 0.13}, \"customs_value_cny\": 10000, \"origin\": \"KR\"",
     {"\"duty_cny\":\t600,", "\"vat_cny\":\t1378,", "the provisional rate"}},
    {"general rate", "\"tariff_line\": {\"duty\": 0.1, \"provisional\": 0.06, \"general\": 0.3,"
     " \"vat\": 0.13}, \"customs_value_cny\": 10000, \"origin\": \"XX\", \"mfn\": false",
     {"\"duty_cny\":\t3000,", "\"vat_cny\":\t1690,", "the general rate"}},
    /* de minimis per tax: CV 500 of car parts, duty 30.00 waived; VAT (500 + 30) x 13% = 68.90 due */
    {"hetao, de minimis", HETAO ", \"category\": \"car_parts\", \"customs_value_cny\": 500",
     {"\"duty_cny\":\t0,", "\"vat_cny\":\t68.9,", "\"forgone_cny\":\t30"}},
    /* postal articles 13%: 400 -> 52; 384 -> 49.92, waived */
    {"postal", "\"tariff_line\": {\"duty\": 0}, \"customs_value_cny\": 400, \"move\": \"entry\","
     " \"personal\": {\"rate\": 0.13}", {"\"postal_cny\":\t52,", "\"duty_cny\":\t0,"}},
    {"postal waived", "\"tariff_line\": {\"duty\": 0}, \"customs_value_cny\": 384, \"move\": \"entry\","
     " \"personal\": {\"rate\": 0.13}", {"\"postal_cny\":\t0,"}},
    /* baggage, one indivisible item of 12,100 over a 12,000 allowance: 20% of the whole, 2,420 */
    {"baggage", "\"tariff_line\": {\"duty\": 0}, \"customs_value_cny\": 12100, \"move\": \"entry\","
     " \"personal\": {\"kind\": \"baggage\", \"rate\": 0.2, \"allowance_cny\": 12000}", {"\"postal_cny\":\t2420,"}},
    /* exact at 10^12: duty 50,000,000,000; VAT 1,050,000,000,000 x 13% = 136,500,000,000 */
    {"exact 1e12", "\"tariff_line\": {\"duty\": 0.05, \"vat\": 0.13}, \"customs_value_cny\": 1000000000000,"
     " \"line\": \"first_line\"", {"\"duty_cny\":\t50000000000,", "\"vat_cny\":\t136500000000,"}},
    /* 1,150,000,000.69 x 13% = 149,500,000.0897 -> .09 (a relative nudge gave .10) */
    {"exact crude oil", "\"tariff_line\": {\"vat\": 0.13}, \"customs_value_cny\": 1150000000.69",
     {"\"vat_cny\":\t149500000.09,"}},
    /* 12,345,678,901,234.56 x 5% = 617,283,945,061.728 -> .73; written exactly, not through a double */
    {"exact output", "\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 12345678901234.56",
     {"\"customs_value_cny\":\t12345678901234.56,", "\"duty_cny\":\t617283945061.73,"}},
};

START_TEST(each_case_gives_its_hand_computed_answer)
{
    const assess_case_t *c = &CASES[_i];
    char text[1024];
    snprintf(text, sizeof text, "{%s}", c->input);
    char *path = write_temp(text), *o;
    int rc = sh(&o, "$Z assess %s", path);
    ck_assert_msg(rc == 0, "%s: exit %d: %s", c->why, rc, o);
    for (int k = 0; k < 6 && c->expect[k]; k++)
        ck_assert_msg(strstr(o, c->expect[k]) != NULL, "%s: expected %s in\n%s", c->why, c->expect[k], o);
    free(o);
    remove(path);
    free(path);
}
END_TEST

START_TEST(contradictory_or_inexact_input_is_refused)
{
    static const char *const bad[][2] = {
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"move\": \"entry\", \"line\": \"zone\"",
         "give either \"move\" or \"line\""},
        {"\"tariff_line\": {\"duty\": 0.123456789}, \"customs_value_cny\": 1", "at most 8 decimals"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"price\": 1.0000001", "6 decimals at most"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"to_owner\": \"x\"", "transfer only"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"move\": \"fly\"", "expected entry"},
        {"\"tariff_line\": {\"ct\": 0.99, \"vat\": 0.13}, \"customs_value_cny\": 1000000000000000", "beyond"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 100000000000000.01", "cannot be read exactly"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 999999999999999.99", "cannot be read exactly"},
        {"\"category\": \"car_parts\", \"tariff_line\": {\"duty\": 0.1}, \"customs_value_cny\": 1", "not both"},
        {HETAO ", \"category\": \"car_parts\", \"customs_value_cny\": 1, \"elapsed_months\": 3, "
         "\"move\": \"to_mainland\"", "elapsed_months: applies to goods exempt on entry"},
        {HETAO ", \"category\": \"parts\", \"customs_value_cny\": 1, \"refunded\": true, \"move\": \"to_mainland\"",
         "is not in the tariff"},
        {HETAO ", \"category\": \"car_parts\", \"customs_value_cny\": 1, \"refunded\": true, "
         "\"move\": \"to_mainland\"", "refunded only as they leave abroad"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"refunded\": true, \"move\": \"entry\"",
         "describes mainland goods"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"fx_rate\": 7", "the customs value is given"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"price\": 1, \"fx_rate\": 7", "give \"currency\""},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"leaving_abroad\": true", "\"entry\" only"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"move\": \"entry\", "
         "\"personal\": {\"kind\": \"baggage\", \"rate\": 0.2, \"waiver_cny\": 50}", "baggage has an allowance"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"move\": \"entry\", \"quantity\": 0.5, "
         "\"personal\": {\"kind\": \"baggage\", \"rate\": 0.2}", "whole articles"},
        {"\"tariff_line\": {\"duty\": 0.05}, \"customs_value_cny\": 1, \"move\": \"entry\", "
         "\"processing\": {\"materials_tariff_line\": {\"duty\": 0}, \"materials_value_cny\": 1}", "when they leave it"},
        {"\"tariff_line\": {\"duty\": {\"per_unit\": 1}}, \"customs_value_cny\": 1, \"quantity\": 0", "needs the quantity"},
        {"\"tariff_line\": {\"duty\": 0.1}, \"customs_value_cny\": 1, \"origin\": \"KR\", \"agreements\": [\"A\"]",
         "no tariff line here has a rate under an agreement of that name"},
        {"\"tariff_line\": {\"duty\": 0.1, \"agreements\": {\"A\": 0}}, \"customs_value_cny\": 1, \"agreements\": [\"A\"]",
         "origin"},
        /* an inline line's agreement is indexed with the scenario's: RCEP is KR's, not HK's */
        {"\"scenario\": \"scenarios/hetao_hs_sample.json\", \"tariff_line\": {\"duty\": 0.1, \"agreements\": "
         "{\"RCEP\": 0}}, \"origin\": \"HK\", \"agreements\": [\"RCEP\"], \"customs_value_cny\": 1",
         "\"RCEP\" does not cover goods of HK"},
        {"\"tariff_line\": {\"duty\": 0.05, \"provisional\": 0.02}, \"mfn\": false, \"origin\": \"XX\", "
         "\"customs_value_cny\": 1", "pay the general rate, and the line has none"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "{%s}", bad[i][0]);
        char *path = write_temp(text), *o;
        ck_assert_int_eq(sh(&o, "$Z assess %s", path), 2);
        ck_assert_msg(strstr(o, bad[i][1]) != NULL, "expected \"%s\" in: %s", bad[i][1], o);
        free(o);
        remove(path);
        free(path);
    }
}
END_TEST

/* Under a drawback relief, re-exported goods get back what they paid on entry,
 * computed as the run computes it: car parts 100,000: 6,000 + 13,780. */
START_TEST(a_drawback_returns_what_entry_charged)
{
    char cwd[4096], text[8192];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    snprintf(text, sizeof text, "{\"extends\": \"%s/scenarios/compare_regimes/conventional.json\", \"name\": \"d\","
             " \"regime\": {\"reexport_relief\": \"drawback\"}}", cwd);
    char *scenario = write_temp(text), *o;
    ck_assert_int_eq(sh(&o, "echo '{\"scenario\": \"%s\", \"category\": \"car_parts\", \"customs_value_cny\": 100000,"
                            " \"move\": \"re_export\"}' | $Z assess -", scenario), 0);
    ck_assert_msg(strstr(o, "\"drawback_cny\":\t-19780,"), "%s", o);
    free(o);
    ck_assert_int_eq(sh(&o, "echo '{\"scenario\": \"%s\", \"category\": \"car_parts\", \"customs_value_cny\": 100000,"
                            " \"move\": \"entry\", \"leaving_abroad\": true}' | $Z assess -", scenario), 0);
    ck_assert_msg(strstr(o, "\"total_cny\":\t19780,"), "%s", o); /* taxed on entry, then drawn back */
    free(o);
    remove(scenario);
    free(scenario);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("assess");
    TCase *tc = tcase_create("cases");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, each_case_gives_its_hand_computed_answer, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, contradictory_or_inexact_input_is_refused);
    tcase_add_test(tc, a_drawback_returns_what_entry_charged);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
