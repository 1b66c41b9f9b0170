/* test_tax.c: tax assessment against known answers (docs/sources.md §2.10) and
 * hand-computed cases: specific, compound, threshold, origin, exemptions,
 * personal articles, supervision, and exact rounding at every size.  The
 * arithmetic is in each test's comments. */
#include <math.h>
#include <string.h>

#include "models/tax/regime.h"
#include "models/tax/tax.h"
#include "tests/models/exact.h"
#include "tests/testutil.h"

static cz_tariff_line_t line(double duty, double vat, double ct)
{
    cz_tariff_line_t tl;
    memset(&tl, 0, sizeof tl);
    strcpy(tl.name, "goods");
    tl.duty.rate = R(duty);
    tl.vat = R(vat);
    tl.ct.rate = R(ct);
    return tl;
}

static cz_taxes_t import(const cz_tariff_line_t *tl, double cv, double qty, const char *origin, cz_ct_rule_t *rule)
{
    cz_goods_t g = {F(cv), Q(qty), origin, 0, false};
    return cz_assess_import(tl, &g, 0, rule);
}

/* The duty rate by origin (cz_duty_levy), every branch, on 10,000.00 CNY of
 * goods, quantity 10.  The line: MFN 10%, provisional 6%, general 30%,
 * agreement 0 ("A") 3%, agreement 1 ("B") 8%; agreement 2 has no rate here. */
START_TEST(the_duty_rate_follows_the_origin_rule)
{
    cz_tariff_line_t tl = line(0.10, 0.13, 0), noprov, nogen, mfn7, spec;
    tl.has_provisional = true, tl.provisional.rate = R(0.06);
    tl.has_general = true, tl.general.rate = R(0.30);
    tl.has_agreement = 3, tl.agreement[0] = R(0.03), tl.agreement[1] = R(0.08);
    noprov = tl, noprov.has_provisional = false;
    nogen = tl, nogen.has_general = false;
    mfn7 = noprov, mfn7.duty.rate = R(0.07);
    spec = noprov, spec.duty = (cz_levy_t){0, F(50)}; /* 50 CNY a unit: 500.00 on 10 units */
    const struct {
        const char *why;
        const cz_tariff_line_t *tl;
        uint32_t agreements;
        bool no_mfn;
        int64_t duty;
        cz_duty_basis_t basis;
        int agreement;
    } cases[] = {
        {"MFN, no provisional: 10,000 x 10%", &noprov, 0, false, F(1000), CZ_BASIS_MFN, -1},
        {"MFN, provisional replaces it: x 6%", &tl, 0, false, F(600), CZ_BASIS_PROVISIONAL, -1},
        {"agreement A 3% below provisional 6%", &tl, 1, false, F(300), CZ_BASIS_AGREEMENT, 0},
        {"agreement B 8% above provisional 6%: the lower", &tl, 2, false, F(600), CZ_BASIS_PROVISIONAL, -1},
        {"agreement B 8% below MFN 10%, no provisional", &noprov, 2, false, F(800), CZ_BASIS_AGREEMENT, 1},
        {"MFN 7% below agreement B 8%, no provisional: MFN", &mfn7, 2, false, F(700), CZ_BASIS_MFN, -1},
        {"both A and B: the lowest, A 3%", &tl, 3, false, F(300), CZ_BASIS_AGREEMENT, 0},
        {"agreement 2 has no rate on the line: provisional", &tl, 4, false, F(600), CZ_BASIS_PROVISIONAL, -1},
        {"no MFN treatment: general 30%, provisional not for it", &tl, 0, true, F(3000), CZ_BASIS_GENERAL, -1},
        {"no MFN and no general rate: MFN (scenarios refuse it)", &nogen, 0, true, F(600), CZ_BASIS_PROVISIONAL, -1},
        {"specific MFN 500.00 against A 3% = 300.00: by amount", &spec, 1, false, F(300), CZ_BASIS_AGREEMENT, 0},
        {"specific MFN 500.00 against B 8% = 800.00: MFN", &spec, 2, false, F(500), CZ_BASIS_MFN, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cz_goods_t g = {F(10000), Q(10), "XX", cases[i].agreements, cases[i].no_mfn};
        cz_duty_basis_t basis;
        int k;
        cz_duty_levy(cases[i].tl, &g, &basis, &k);
        cz_taxes_t t = cz_assess_import(cases[i].tl, &g, 0, NULL);
        ck_assert_msg(t.fen[CZ_DUTY] == cases[i].duty && basis == cases[i].basis && k == cases[i].agreement,
                      "%s: duty %lld fen, basis %s, agreement %d", cases[i].why, (long long)t.fen[CZ_DUTY],
                      cz_duty_basis_name(basis), k);
    }
    /* the chosen duty is in VAT's base: 10,000 + 300 = 10,300 x 13% = 1,339.00 */
    cz_goods_t g = {F(10000), Q(10), "XX", 1, false};
    ck_assert_int_eq(cz_assess_import(&tl, &g, 0, NULL).fen[CZ_VAT], F(1339));
    /* an additional duty by origin stays on top: 25% more on US goods, 2,500.00 */
    cz_origin_extra_t us_extra[1] = {{"US", R(0.25)}};
    tl.extra = us_extra;
    tl.nextra = 1;
    cz_goods_t us = {F(10000), Q(10), "US", 0, false};
    cz_taxes_t t = cz_assess_import(&tl, &us, 0, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], F(600));
    ck_assert_int_eq(t.fen[CZ_ADDITIONAL], F(2500));
}
END_TEST

/* Fen and quantities are rounded as llround rounds (halves away from zero),
 * by arithmetic below 2^52 and by llround beyond: the same at halves, at the
 * doubles next to them, at zero and its sign, at the boundary and over random
 * values of every size. */
START_TEST(fen_and_quantity_rounding_is_llround_s)
{
    const double edge[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                           0.5000000000000001, 4503599627370495.5, -4503599627370495.5, 0x1p52, -0x1p52,
                           0x1p52 + 1, 0x1p62, -0x1p62, 1e-300, 123456.785, 0.145, 1.005};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        ck_assert_int_eq(cz_fen_round(edge[i] / 100.0), (int64_t)llround(edge[i] / 100.0 * 100.0));
        ck_assert_int_eq(cz_qty_round(edge[i] / 1e6), (int64_t)llround(edge[i] / 1e6 * 1e6));
    }
    uint64_t x = 88172645463325252ULL; /* xorshift64: doubles from random bits, all exponents */
    for (int k = 0; k < 200000; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v = ldexp((double)(x >> 11), (int)(x % 80) - 70) * (x & 1 ? -1 : 1);
        ck_assert_int_eq(cz_fen_round(v), (int64_t)llround(v * 100.0));
        ck_assert_int_eq(cz_qty_round(v), (int64_t)llround(v * 1e6));
    }
}
END_TEST

START_TEST(cif_100_duty_5_vat_13_gives_18_65)
{
    cz_tariff_line_t tl = line(0.05, 0.13, 0);
    cz_taxes_t t = import(&tl, 100, 1, NULL, NULL); /* 100 x 5% = 5.00; 105 x 13% = 13.65 */
    ck_assert_int_eq(t.fen[CZ_DUTY], 500);
    ck_assert_int_eq(t.fen[CZ_VAT], 1365);
    ck_assert_int_eq(t.fen[CZ_CT], 0);
    ck_assert_int_eq(cz_taxes_total(&t), 1865);
}
END_TEST

START_TEST(usd_value_converted_at_8_276_duty_7_percent)
{
    cz_tariff_line_t tl = line(0.07, 0, 0);
    int64_t cv;
    ck_assert(cz_customs_value_fen(2000000, 0, 0, 8.276, &cv)); /* 2,000,000 x 8.276 = 16,552,000.00 */
    ck_assert_int_eq(cv, 1655200000);
    cz_goods_t g = {cv, CZ_QTY_ONE, NULL, 0, false};
    ck_assert_int_eq(cz_assess_import(&tl, &g, 0, NULL).fen[CZ_DUTY], 115864000); /* x 7% = 1,158,640.00 */
    ck_assert(!cz_customs_value_fen(100.1234567, 0, 0, 1, &cv)); /* more than 6 decimals: not exact, refused */
}
END_TEST

START_TEST(vat_includes_duty_and_consumption_tax)
{
    /* price + freight 2,000,000, insurance unknown (3 per mille): CV 2,006,000; duty 50%
     * 1,003,000; CT 15% (2,006,000 + 1,003,000) / 0.85 x 0.15 = 531,000; VAT 13% of
     * 3,540,000 = 460,200 */
    cz_tariff_line_t tl = line(0.50, 0.13, 0.15);
    int64_t cv;
    ck_assert(cz_customs_value_fen(2000000, 0, -1, 1, &cv));
    ck_assert_int_eq(cv, 200600000);
    cz_ct_rule_t rule;
    cz_goods_t g = {cv, CZ_QTY_ONE, NULL, 0, false};
    cz_taxes_t t = cz_assess_import(&tl, &g, 0, &rule);
    ck_assert_int_eq(t.fen[CZ_DUTY], 100300000);
    ck_assert_int_eq(t.fen[CZ_CT], 53100000);
    ck_assert_int_eq(t.fen[CZ_VAT], 46020000);
    ck_assert_int_eq(rule, CZ_CT_PLAIN);
}
END_TEST

START_TEST(export_duty_is_on_fob_net_of_the_duty)
{
    cz_tariff_line_t tl = line(0, 0, 0);
    tl.export_duty.rate = R(0.10); /* 110,000 / 1.1 x 10% = 10,000.00 */
    ck_assert_int_eq(cz_assess_export(&tl, F(110000), CZ_QTY_ONE, NULL), F(10000));
    /* a negative FOB (an amount gone beyond range upstream) is no price: flagged */
    bool over = false;
    ck_assert_int_eq(cz_assess_export(&tl, -100, CZ_QTY_ONE, &over), 0);
    ck_assert(over);
}
END_TEST

START_TEST(specific_and_compound_duty)
{
    cz_tariff_line_t tl = line(0, 0.13, 0);
    tl.duty.unit_fen = F(2.5); /* 100 units x 2.50 = 250.00; VAT (1000 + 250) x 13% = 162.50 */
    cz_taxes_t t = import(&tl, 1000, 100, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 25000);
    ck_assert_int_eq(t.fen[CZ_VAT], 16250);
    tl = line(0.10, 0, 0);
    tl.duty.unit_fen = F(3); /* 10 x 3 + 1000 x 10% = 130.00; 2.5 units: 7.50 + 100 = 107.50 */
    ck_assert_int_eq(import(&tl, 1000, 10, NULL, NULL).fen[CZ_DUTY], 13000);
    ck_assert_int_eq(import(&tl, 1000, 2.5, NULL, NULL).fen[CZ_DUTY], 10750);
}
END_TEST

START_TEST(specific_consumption_tax)
{
    cz_tariff_line_t tl = line(0, 0.13, 0);
    tl.ct.unit_fen = F(0.6); /* 50 x 0.60 = 30.00; VAT (200 + 30) x 13% = 29.90 */
    cz_taxes_t t = import(&tl, 200, 50, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_CT], 3000);
    ck_assert_int_eq(t.fen[CZ_VAT], 2990);
}
END_TEST

static cz_tariff_line_t cigarettes(void)
{
    cz_tariff_line_t tl = line(0.25, 0.13, 0.36);
    tl.ct.unit_fen = F(0.6); /* per carton */
    tl.ct_threshold = (cz_ct_threshold_t){true, F(70), R(0.56), R(0.36)};
    return tl;
}

START_TEST(cigarette_ct_rate_rises_at_70_cny_per_carton)
{
    cz_tariff_line_t tl = cigarettes();
    cz_ct_rule_t rule;
    /* CV 10,000, 100 cartons: duty 2,500; composite per carton (12,560)/0.64/100 = 196.25
     * >= 70, so 56%: CT = 12,560 / 0.44 x 0.56 + 60 = 16,045.45; VAT 28,545.45 x 13% = 3,710.91 */
    cz_taxes_t t = import(&tl, 10000, 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_ABOVE);
    ck_assert_int_eq(t.fen[CZ_DUTY], 250000);
    ck_assert_int_eq(t.fen[CZ_CT], 1604545);
    ck_assert_int_eq(t.fen[CZ_VAT], 371091);
    /* CV 500: duty 125; (685)/0.64/100 = 10.70 < 70, so 36%: CT = 685/0.64 x 0.36 + 60 = 445.31;
     * VAT (500 + 125 + 445.31) x 13% = 139.14 */
    t = import(&tl, 500, 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_BELOW);
    ck_assert_int_eq(t.fen[CZ_CT], 44531);
    ck_assert_int_eq(t.fen[CZ_VAT], 13914);
}
END_TEST

START_TEST(cigarette_threshold_is_inclusive)
{
    cz_tariff_line_t tl = cigarettes();
    tl.duty.rate = 0;
    cz_ct_rule_t rule;
    /* (4,420 + 0 + 60) / 0.64 / 100 = 70.00 exactly; 4,419.99 is a fen below */
    import(&tl, 4420, 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_ABOVE);
    import(&tl, 4419.99, 100, NULL, &rule);
    ck_assert_int_eq(rule, CZ_CT_THRESHOLD_BELOW);
}
END_TEST

START_TEST(each_item_is_rounded_to_the_fen_half_up)
{
    cz_tariff_line_t tl = line(0.05, 0.13, 0);
    /* duty 33.33 x 5% = 1.6665 -> 1.67; VAT (33.33 + 1.67) x 13% = 4.55 */
    cz_taxes_t t = import(&tl, 33.33, 1, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 167);
    ck_assert_int_eq(t.fen[CZ_VAT], 455);
    ck_assert_int_eq(F(0.005), 1);    /* half a fen up */
    ck_assert_int_eq(F(0.0049), 0);
    ck_assert_int_eq(F(100.005), 10001); /* as written, though 100.005 is 100.00499... in binary */
}
END_TEST

START_TEST(money_is_exact_at_any_size)
{
    int64_t out;
    cz_tariff_line_t tl = line(0.05, 0.13, 0);
    /* CV 1e12: duty 50,000,000,000.00; VAT 1,050,000,000,000 x 13% = 136,500,000,000.00 */
    cz_taxes_t t = import(&tl, 1e12, 1, NULL, NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 5000000000000LL);
    ck_assert_int_eq(t.fen[CZ_VAT], 13650000000000LL);
    ck_assert_int_eq(F(1e12), 100000000000000LL); /* not 1,000,000,000,001.00 */
    /* 1,150,000,000.69 CNY at 13%: 14,950,000,008.97 fen -> 149,500,000.09 */
    ck_assert(cz_apply_rate(F(1150000000.69), R(0.13), &out));
    ck_assert_int_eq(out, 14950000009LL);
    /* 10^14 CNY + 3 fen at 13%: 13,000,000,000,000.39 fen -> .00 exactly (a relative nudge of 1e-12 gave 13 fen more) */
    ck_assert(cz_apply_rate(10000000000000000LL + 3, R(0.13), &out));
    ck_assert_int_eq(out, 1300000000000000LL);
    /* a fraction just under, at and just over half a fen, at 10^14 CNY: rate 10^-8 */
    ck_assert(cz_apply_rate(10000000000000000LL + 49999999, R(1e-8), &out));
    ck_assert_int_eq(out, 100000000); /* + 0.49999999 */
    ck_assert(cz_apply_rate(10000000000000000LL + 50000000, R(1e-8), &out));
    ck_assert_int_eq(out, 100000001); /* + 0.5: up */
    ck_assert(cz_apply_rate(10000000000000000LL + 50000001, R(1e-8), &out));
    ck_assert_int_eq(out, 100000001);
    /* and at one fen: rates 0.49999999, 0.5, 0.50000001 */
    ck_assert(cz_apply_rate(1, R(0.49999999), &out) && out == 0);
    ck_assert(cz_apply_rate(1, R(0.5), &out) && out == 1);
    ck_assert(cz_apply_rate(1, R(0.50000001), &out) && out == 1);
    ck_assert(!cz_rate_from_double(0.123456789, &out)); /* 9 decimals: not read exactly, refused */
    /* percentages: exact, and text that is not one (found by fuzzing: 128-bit overflow) refused */
    ck_assert(cz_rate_from_percent("6.5%", &out) && out == 6500000);
    ck_assert(cz_rate_from_percent("0006.5 %", &out) && out == 6500000);
    ck_assert(!cz_rate_from_percent("333E33:05%", &out));
    ck_assert(!cz_rate_from_percent("1e40%", &out));
    ck_assert(!cz_rate_from_percent("99999999999999999999999999999999999999999%", &out));
}
END_TEST

START_TEST(taxes_beyond_range_are_flagged_never_wrapped)
{
    /* 10^15 CNY of a 99% CT good: CT (10^15) / 0.01 x 0.99 = 9.9e16 CNY, beyond 10^16 */
    cz_tariff_line_t tl = line(0, 0.13, 0.99);
    cz_taxes_t t = import(&tl, 1e15, 1, NULL, NULL);
    ck_assert(t.overflow);
    tl = line(0.05, 0.13, 0);
    tl.duty.unit_fen = F(1e9); /* 10^15 units x 10^9 CNY */
    t = import(&tl, 1, 1e12, NULL, NULL);
    ck_assert(t.overflow);
    ck_assert(!import(&tl, 1, 1, NULL, NULL).overflow);
}
END_TEST

START_TEST(origin_keyed_additional_duty_is_its_own_item)
{
    cz_tariff_line_t tl = line(0.06, 0.13, 0);
    cz_origin_extra_t us_extra[1] = {{"US", R(0.10)}};
    tl.extra = us_extra;
    tl.nextra = 1;
    /* US: duty 60.00, additional 100.00, VAT (1000 + 160) x 13% = 150.80 */
    cz_taxes_t t = import(&tl, 1000, 1, "US", NULL);
    ck_assert_int_eq(t.fen[CZ_DUTY], 6000);
    ck_assert_int_eq(t.fen[CZ_ADDITIONAL], 10000);
    ck_assert_int_eq(t.fen[CZ_VAT], 15080);
    ck_assert_int_eq(import(&tl, 1000, 1, "HK", NULL).fen[CZ_ADDITIONAL], 0);
    ck_assert_int_eq(import(&tl, 1000, 1, NULL, NULL).fen[CZ_ADDITIONAL], 0);
}
END_TEST

static void exemption(cz_regime_t *rg, const char *name, const char *owner, unsigned taxes, unsigned points)
{
    cz_exemption_t *e = &rg->ex[rg->nex++];
    memset(e, 0, sizeof *e);
    strcpy(e->name, name);
    strcpy(e->owners[0], owner);
    e->nowners = 1;
    e->taxes = taxes;
    e->points = points;
    e->min_value_added = NAN;
}

static void assess(const cz_regime_t *rg, const cz_tariff_line_t *tl, double cv, const char *origin, cz_point_t at,
                   cz_assessment_t *a)
{
    cz_case_t c = {tl, {F(cv), CZ_QTY_ONE, origin, 0, false}, "unit", at, NAN, NULL, 0, false};
    cz_regime_assess_import(rg, &c, a);
    ck_assert(cz_assessment_check(a));
}

START_TEST(an_exempted_consumption_tax_is_not_in_the_vat_base)
{
    /* duty 10%, CT 15%, VAT 13%, CV 1,000.  Full: duty 100.00, CT 1,100 / 0.85 x 0.15 =
     * 194.12, VAT 1,294.12 x 13% = 168.24.  CT exempt: VAT on 1,100 = 143.00; forgone
     * 194.12 + 25.24 = 219.36, all by the CT exemption. */
    cz_regime_t rg = {.name = "r"};
    exemption(&rg, "no_ct", "unit", CZ_TAX_BIT(CZ_CT), 1u << CZ_SECOND_LINE);
    cz_tariff_line_t tl = line(0.10, 0.13, 0.15);
    cz_assessment_t a;
    assess(&rg, &tl, 1000, NULL, CZ_SECOND_LINE, &a);
    ck_assert_int_eq(a.full.fen[CZ_CT], 19412);
    ck_assert_int_eq(a.full.fen[CZ_VAT], 16824);
    ck_assert_int_eq(a.due.fen[CZ_CT], 0);
    ck_assert_int_eq(a.due.fen[CZ_VAT], 14300);
    ck_assert_int_eq(a.forgone[0], 21936);
}
END_TEST

START_TEST(exemptions_leave_additional_duties_unless_they_name_them)
{
    /* US goods: duty 6%, additional 25%, VAT 13%, CV 1,000.  Full: 60 + 250 + (1,310 x 13% =
     * 170.30) = 480.30.  Exempt from duty, VAT, CT: the additional 250.00 is still due,
     * forgone 60 + 170.30 = 230.30. */
    cz_regime_t rg = {.name = "r"};
    exemption(&rg, "whitelist", "unit", CZ_TAX_BIT(CZ_DUTY) | CZ_TAX_BIT(CZ_VAT) | CZ_TAX_BIT(CZ_CT),
              1u << CZ_SECOND_LINE);
    cz_tariff_line_t tl = line(0.06, 0.13, 0);
    cz_origin_extra_t us_extra[1] = {{"US", R(0.25)}};
    tl.extra = us_extra;
    tl.nextra = 1;
    cz_assessment_t a;
    assess(&rg, &tl, 1000, "US", CZ_SECOND_LINE, &a);
    ck_assert_int_eq(cz_taxes_total(&a.full), 48030);
    ck_assert_int_eq(a.due.fen[CZ_ADDITIONAL], 25000);
    ck_assert_int_eq(cz_taxes_total(&a.due), 25000);
    ck_assert_int_eq(a.forgone[0], 23030);
    /* an exemption that names it forgives it too */
    rg.ex[0].taxes |= CZ_TAX_BIT(CZ_ADDITIONAL);
    assess(&rg, &tl, 1000, "US", CZ_SECOND_LINE, &a);
    ck_assert_int_eq(cz_taxes_total(&a.due), 0);
}
END_TEST

START_TEST(an_exemption_of_export_duty_is_applied)
{
    cz_regime_t rg = {.name = "r"};
    exemption(&rg, "no_export_duty", "unit", CZ_TAX_BIT(CZ_EXPORT_DUTY), 1u << CZ_SECOND_LINE);
    cz_tariff_line_t tl = line(0, 0, 0);
    tl.export_duty.rate = R(0.20); /* 120,000 / 1.2 x 20% = 20,000.00, forgiven */
    cz_assessment_t a;
    cz_regime_assess_export(&rg, &tl, "unit", CZ_SECOND_LINE, F(120000), CZ_QTY_ONE, &a);
    ck_assert_int_eq(a.full.fen[CZ_EXPORT_DUTY], F(20000));
    ck_assert_int_eq(a.due.fen[CZ_EXPORT_DUTY], 0);
    ck_assert_int_eq(a.forgone[0], F(20000));
    cz_regime_assess_export(&rg, &tl, "other", CZ_SECOND_LINE, F(120000), CZ_QTY_ONE, &a);
    ck_assert_int_eq(a.due.fen[CZ_EXPORT_DUTY], F(20000));
}
END_TEST

START_TEST(de_minimis_on_the_total_or_on_each_tax)
{
    cz_regime_t rg = {.name = "r", .de_minimis_fen = F(50)};
    cz_tariff_line_t tl = line(0.10, 0, 0);
    cz_assessment_t a;
    assess(&rg, &tl, 450, NULL, CZ_FIRST_LINE, &a); /* duty 45.00 <= 50: waived */
    ck_assert(a.de_minimis);
    ck_assert_int_eq(cz_taxes_total(&a.due), 0);
    ck_assert_int_eq(a.forgone[CZ_FORGONE_DE_MINIMIS], 4500);
    assess(&rg, &tl, 500, NULL, CZ_FIRST_LINE, &a); /* exactly 50.00: waived */
    ck_assert(a.de_minimis);
    assess(&rg, &tl, 500.1, NULL, CZ_FIRST_LINE, &a); /* 50.01: due */
    ck_assert(!a.de_minimis);
    ck_assert_int_eq(cz_taxes_total(&a.due), 5001);
    /* per tax: CV 400, duty 10% = 40.00 (waived alone), VAT 13% of 440 = 57.20 (due);
     * on the total (97.20) nothing would be waived */
    tl = line(0.10, 0.13, 0);
    rg.de_minimis_per_tax = true;
    assess(&rg, &tl, 400, NULL, CZ_FIRST_LINE, &a);
    ck_assert_int_eq(a.due.fen[CZ_DUTY], 0);
    ck_assert_int_eq(a.due.fen[CZ_VAT], 5720);
    ck_assert_int_eq(a.forgone[CZ_FORGONE_DE_MINIMIS], 4000);
    rg.de_minimis_per_tax = false;
    assess(&rg, &tl, 400, NULL, CZ_FIRST_LINE, &a);
    ck_assert_int_eq(cz_taxes_total(&a.due), 9720);
}
END_TEST

START_TEST(personal_articles_postal_and_baggage)
{
    bool waived;
    /* postal, 13%: 300 CNY -> 39.00 <= 50: waived; 500 -> 65.00 */
    ck_assert_int_eq(cz_personal_tax(CZ_POSTAL_ARTICLES, R(0.13), F(300), CZ_QTY_ONE, 0, F(50), &waived), 0);
    ck_assert(waived);
    ck_assert_int_eq(cz_personal_tax(CZ_POSTAL_ARTICLES, R(0.13), F(500), CZ_QTY_ONE, 0, F(50), &waived), 6500);
    /* baggage, 20%, allowance 5,000: three items worth 6,000: (6,000 - 5,000) x 20% = 200.00;
     * one indivisible item of 6,000: taxed whole, 1,200.00; 4,000: nothing; no waiver */
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.2), F(6000), Q(3), F(5000), 0, NULL), 20000);
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.2), F(6000), Q(1), F(5000), 0, NULL), 120000);
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.2), F(4000), Q(1), F(5000), 0, NULL), 0);
    ck_assert_int_eq(cz_personal_tax(CZ_BAGGAGE, R(0.2), F(5100), Q(2), F(5000), F(50), &waived), 2000);
    ck_assert(!waived); /* 20.00, but baggage has no waiver */
}
END_TEST

START_TEST(back_payment_on_value_depreciated_over_the_supervision)
{
    /* 36,000 CNY, 3 years (36 months): after 12 months 36,000 x 24/36 = 24,000.00;
     * after 35 months 1,000.00; after 36, nothing; 5 months into 6 years: x 67/72 = 33,500.00 */
    ck_assert_int_eq(cz_depreciated_value(F(36000), 12, 3), F(24000));
    ck_assert_int_eq(cz_depreciated_value(F(36000), 35, 3), F(1000));
    ck_assert_int_eq(cz_depreciated_value(F(36000), 36, 3), 0);
    ck_assert_int_eq(cz_depreciated_value(F(36000), 0, 3), F(36000));
    ck_assert_int_eq(cz_depreciated_value(F(36000), 5, 6), F(33500));
    ck_assert_int_eq(cz_depreciated_value(F(36000), 40, 0), F(36000)); /* no period: the value */
}
END_TEST

START_TEST(export_refund_at_the_lines_rate)
{
    cz_tariff_line_t tl = line(0, 0.13, 0);
    tl.export_refund = R(0.09); /* 50,000 x 9% = 4,500.00; a line without a rate refunds nothing */
    ck_assert_int_eq(cz_export_refund(&tl, F(50000)), F(4500));
    tl.export_refund = 0;
    ck_assert_int_eq(cz_export_refund(&tl, F(50000)), 0);
}
END_TEST

START_TEST(selective_tariff_keeps_the_materials_additional_duty)
{
    /* materials 1,000 of US origin, duty 10%, additional 25%; product 2,000, duty 5%, VAT 13%.
     * On materials: duty 100.00 < on the product 100.00? equal: the cheaper rule keeps the finished
     * base (ties go to it); additional 250.00 either way; VAT (2,000 + 100 + 250) x 13% = 305.50 */
    cz_tariff_line_t mat = line(0.10, 0.13, 0), prod = line(0.05, 0.13, 0);
    cz_origin_extra_t us_extra[1] = {{"US", R(0.25)}};
    mat.extra = us_extra;
    mat.nextra = 1;
    cz_material_t m = {&mat, {F(1000), CZ_QTY_ONE, "US", 0, false}};
    cz_goods_t g = {F(2000), CZ_QTY_ONE, "US", 0, false};
    cz_selective_t used;
    cz_taxes_t t = cz_assess_selective(&prod, &g, &m, 1, CZ_SEL_CHEAPER, 0, &used);
    ck_assert_int_eq(used, CZ_SEL_FINISHED);
    ck_assert_int_eq(t.fen[CZ_DUTY], 10000);
    ck_assert_int_eq(t.fen[CZ_ADDITIONAL], 25000);
    ck_assert_int_eq(t.fen[CZ_VAT], 30550);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("tax");
    TCase *tc = tcase_create("known answers");
    tcase_add_test(tc, cif_100_duty_5_vat_13_gives_18_65);
    tcase_add_test(tc, fen_and_quantity_rounding_is_llround_s);
    tcase_add_test(tc, usd_value_converted_at_8_276_duty_7_percent);
    tcase_add_test(tc, vat_includes_duty_and_consumption_tax);
    tcase_add_test(tc, export_duty_is_on_fob_net_of_the_duty);
    tcase_add_test(tc, specific_and_compound_duty);
    tcase_add_test(tc, specific_consumption_tax);
    tcase_add_test(tc, cigarette_ct_rate_rises_at_70_cny_per_carton);
    tcase_add_test(tc, cigarette_threshold_is_inclusive);
    tcase_add_test(tc, each_item_is_rounded_to_the_fen_half_up);
    tcase_add_test(tc, money_is_exact_at_any_size);
    tcase_add_test(tc, taxes_beyond_range_are_flagged_never_wrapped);
    tcase_add_test(tc, origin_keyed_additional_duty_is_its_own_item);
    tcase_add_test(tc, an_exempted_consumption_tax_is_not_in_the_vat_base);
    tcase_add_test(tc, exemptions_leave_additional_duties_unless_they_name_them);
    tcase_add_test(tc, an_exemption_of_export_duty_is_applied);
    tcase_add_test(tc, de_minimis_on_the_total_or_on_each_tax);
    tcase_add_test(tc, personal_articles_postal_and_baggage);
    tcase_add_test(tc, back_payment_on_value_depreciated_over_the_supervision);
    tcase_add_test(tc, export_refund_at_the_lines_rate);
    tcase_add_test(tc, the_duty_rate_follows_the_origin_rule);
    tcase_add_test(tc, selective_tariff_keeps_the_materials_additional_duty);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
