/* test_tax.c: tax assessment against known answers (docs/sources.md §2.10) and a
 * hand-computed table of specific, compound, threshold, origin and rounding cases. */
#include <math.h>
#include <string.h>

#include "models/tax/regime.h"
#include "models/tax/tax.h"
#include "tests/testutil.h"

static cz_tariff_line_t line(double duty, double vat, double ct)
{
    cz_tariff_line_t tl;
    memset(&tl, 0, sizeof tl);
    strcpy(tl.name, "goods");
    tl.duty.ad_valorem = duty;
    tl.vat = vat;
    tl.ct.ad_valorem = ct;
    return tl;
}

START_TEST(cif_100_duty_5_vat_13_gives_18_65)
{
    cz_tariff_line_t tl = line(0.05, 0.13, 0);
    cz_taxes_t t = cz_assess_import(&tl, cz_fen(100), 1, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 500);
    ck_assert_int_eq(t.fen[CZ_VAT], 1365);
    ck_assert_int_eq(t.fen[CZ_CT], 0);
    ck_assert_int_eq(cz_taxes_total(&t), 1865);
}
END_TEST

START_TEST(usd_value_converted_at_8_276_duty_7_percent)
{
    cz_tariff_line_t tl = line(0.07, 0, 0);
    int64_t cv = cz_customs_value_fen(2000000, 0, 0, 8.276);
    ck_assert_int_eq(cv, 1655200000);
    cz_taxes_t t = cz_assess_import(&tl, cv, 1, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 115864000);
}
END_TEST

START_TEST(vat_includes_duty_and_consumption_tax)
{
    /* price + freight 2,000,000, insurance unknown (3 per mille), duty 50%, CT 15%, VAT 13% */
    cz_tariff_line_t tl = line(0.50, 0.13, 0.15);
    int64_t cv = cz_customs_value_fen(2000000, 0, -1, 1);
    ck_assert_int_eq(cv, 200600000);
    cz_ct_rule_t rule;
    cz_taxes_t t = cz_assess_import(&tl, cv, 1, NULL, &rule);
    ck_assert_int_eq(t.fen[CZ_DUTY], 100300000);
    ck_assert_int_eq(t.fen[CZ_CT], 53100000);
    ck_assert_int_eq(t.fen[CZ_VAT], 46020000);
    ck_assert_int_eq(rule, CZ_CT_PLAIN);
}
END_TEST

START_TEST(export_duty_is_on_fob_net_of_the_duty)
{
    cz_tariff_line_t tl = line(0, 0, 0);
    tl.export_duty.ad_valorem = 0.10;
    ck_assert_int_eq(cz_assess_export(&tl, cz_fen(110000), 1), cz_fen(10000));
}
END_TEST

START_TEST(specific_and_compound_duty)
{
    cz_tariff_line_t tl = line(0, 0.13, 0);
    tl.duty.per_unit = 2.5; /* 100 units x 2.50 = 250.00; VAT (1000 + 250) x 13% = 162.50 */
    cz_taxes_t t = cz_assess_import(&tl, cz_fen(1000), 100, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 25000);
    ck_assert_int_eq(t.fen[CZ_VAT], 16250);
    tl = line(0.10, 0, 0);
    tl.duty.per_unit = 3; /* 10 x 3 + 1000 x 10% = 130.00 */
    t = cz_assess_import(&tl, cz_fen(1000), 10, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 13000);
}
END_TEST

START_TEST(specific_consumption_tax)
{
    cz_tariff_line_t tl = line(0, 0.13, 0);
    tl.ct.per_unit = 0.6; /* 50 x 0.60 = 30.00; VAT (200 + 30) x 13% = 29.90 */
    cz_taxes_t t = cz_assess_import(&tl, cz_fen(200), 50, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_CT], 3000);
    ck_assert_int_eq(t.fen[CZ_VAT], 2990);
}
END_TEST

static cz_tariff_line_t cigarettes(void)
{
    cz_tariff_line_t tl = line(0.25, 0.13, 0.36);
    tl.ct.per_unit = 0.6; /* per carton */
    tl.ct_threshold = (cz_ct_threshold_t){true, 70, 0.56, 0.36};
    return tl;
}

START_TEST(cigarette_ct_rate_rises_at_70_cny_per_carton)
{
    cz_tariff_line_t tl = cigarettes();
    cz_ct_rule_t rule;
    /* CV 10,000, 100 cartons: duty 2,500; composite per carton (12,560)/0.64/100 = 196.25
     * >= 70, so 56%: CT = 12,560 / 0.44 x 0.56 + 60 = 16,045.45; VAT 28,545.45 x 13% = 3,710.91 */
    cz_taxes_t t = cz_assess_import(&tl, cz_fen(10000), 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_ABOVE);
    ck_assert_int_eq(t.fen[CZ_DUTY], 250000);
    ck_assert_int_eq(t.fen[CZ_CT], 1604545);
    ck_assert_int_eq(t.fen[CZ_VAT], 371091);
    /* CV 500: duty 125; (685)/0.64/100 = 10.70 < 70, so 36%: CT = 685/0.64 x 0.36 + 60 = 445.31;
     * VAT (500 + 125 + 445.31) x 13% = 139.14 */
    t = cz_assess_import(&tl, cz_fen(500), 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_BELOW);
    ck_assert_int_eq(t.fen[CZ_CT], 44531);
    ck_assert_int_eq(t.fen[CZ_VAT], 13914);
}
END_TEST

START_TEST(cigarette_threshold_is_inclusive)
{
    cz_tariff_line_t tl = cigarettes();
    tl.duty.ad_valorem = 0;
    cz_ct_rule_t rule;
    /* (4,420 + 0 + 60) / 0.64 / 100 = 70.00 exactly */
    cz_assess_import(&tl, cz_fen(4420), 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_ABOVE);
    cz_assess_import(&tl, cz_fen(4419), 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_BELOW);
}
END_TEST

START_TEST(each_item_is_rounded_to_the_fen_half_away_from_zero)
{
    cz_tariff_line_t tl = line(0.05, 0.13, 0);
    /* duty 33.33 x 5% = 1.6665 -> 1.67; VAT (33.33 + 1.67) x 13% = 4.55 */
    cz_taxes_t t = cz_assess_import(&tl, cz_fen(33.33), 1, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 167);
    ck_assert_int_eq(t.fen[CZ_VAT], 455);
    ck_assert_int_eq(cz_fen(0.005), 1);
    ck_assert_int_eq(cz_fen(0.0049), 0);
    ck_assert_int_eq(cz_fen(-0.005), -1);
}
END_TEST

START_TEST(origin_keyed_additional_duty)
{
    cz_tariff_line_t tl = line(0.06, 0, 0);
    strcpy(tl.extra[0].origin, "US");
    tl.extra[0].rate = 0.10;
    tl.nextra = 1;
    ck_assert_int_eq(cz_assess_import(&tl, cz_fen(1000), 1, "US", NULL).fen[CZ_DUTY], 16000);
    ck_assert_int_eq(cz_assess_import(&tl, cz_fen(1000), 1, "HK", NULL).fen[CZ_DUTY], 6000);
    ck_assert_int_eq(cz_assess_import(&tl, cz_fen(1000), 1, NULL, NULL).fen[CZ_DUTY], 6000);
}
END_TEST

START_TEST(de_minimis_waives_tax_at_or_below_the_threshold)
{
    cz_regime_t rg;
    memset(&rg, 0, sizeof rg);
    rg.de_minimis_cny = 50;
    cz_tariff_line_t tl = line(0.10, 0, 0);
    cz_assessment_t a;
    cz_regime_assess_import(&rg, &tl, "ordinary", CZ_FIRST_LINE, cz_fen(450), 1, NULL, &a);
    ck_assert(a.de_minimis);
    ck_assert_int_eq(cz_taxes_total(&a.due), 0);
    ck_assert_int_eq(a.forgone[CZ_FORGONE_DE_MINIMIS], 4500);
    cz_regime_assess_import(&rg, &tl, "ordinary", CZ_FIRST_LINE, cz_fen(500), 1, NULL, &a);
    ck_assert(a.de_minimis); /* exactly 50.00: waived */
    cz_regime_assess_import(&rg, &tl, "ordinary", CZ_FIRST_LINE, cz_fen(500.1), 1, NULL, &a);
    ck_assert(!a.de_minimis);
    ck_assert_int_eq(cz_taxes_total(&a.due), 5001);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("tax");
    TCase *tc = tcase_create("known answers");
    tcase_add_test(tc, cif_100_duty_5_vat_13_gives_18_65);
    tcase_add_test(tc, usd_value_converted_at_8_276_duty_7_percent);
    tcase_add_test(tc, vat_includes_duty_and_consumption_tax);
    tcase_add_test(tc, export_duty_is_on_fob_net_of_the_duty);
    tcase_add_test(tc, specific_and_compound_duty);
    tcase_add_test(tc, specific_consumption_tax);
    tcase_add_test(tc, cigarette_ct_rate_rises_at_70_cny_per_carton);
    tcase_add_test(tc, cigarette_threshold_is_inclusive);
    tcase_add_test(tc, each_item_is_rounded_to_the_fen_half_away_from_zero);
    tcase_add_test(tc, origin_keyed_additional_duty);
    tcase_add_test(tc, de_minimis_waives_tax_at_or_below_the_threshold);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
