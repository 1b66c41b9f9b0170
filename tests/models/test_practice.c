/* test_practice.c: the tax practice a run must follow (docs/sources.md §3):
 * relief for re-exported goods, export refunds by line, back-payment on
 * depreciated value, opting out with its lock-in, and the demand response to
 * the tax the goods actually bear.  Each flow here has constant values and
 * times, so every consignment pays the same hand-computed amount and a KPI is
 * that amount times a whole number of consignments. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "tests/testutil.h"

#define TARIFF "{\"categories\": {\"g\": {\"duty\": 0.10, \"vat\": 0.13, \"export_refund\": 0.09}," \
               " \"kit\": {\"duty\": 0.05, \"vat\": 0.13, \"supervision_years\": 3, \"tags\": [\"research\"]}," \
               " \"parts\": {\"duty\": 0.06, \"vat\": 0.13, \"origin_extra\": {\"US\": 0.5}}}}"

static cz_scenario_t *load(const char *regime, const char *flows, int horizon_days, cz_reader_t *r)
{
    char text[8192];
    snprintf(text, sizeof text,
             "{\"name\": \"p\", \"horizon_days\": %d, \"warmup_days\": 0, \"replications\": 1, \"seed\": 5,"
             " \"regime\": %s, \"tariff\": " TARIFF ", \"flows\": [%s],"
             " \"lines\": {\"first_line\": {\"lanes\": 50, \"service\": 0},"
             "            \"second_line\": {\"lanes\": 50, \"service\": 0}}}",
             horizon_days, regime, flows);
    char *path = write_temp(text);
    cz_reader_init(r, path);
    cz_scenario_t *s = cz_scenario_load(r, path, NULL, 0);
    remove(path);
    free(path);
    return s;
}

/* The reader's messages as one string (caller frees). */
static char *messages(const cz_reader_t *r)
{
    char *msg = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&msg, &len);
    ck_assert_ptr_nonnull(f);
    cz_reader_print(r, f);
    fclose(f);
    return msg;
}

/* Run one replication (conservation checked); the KPIs, caller frees. */
static double *run(const char *regime, const char *flows, int horizon_days, cz_scenario_t **out)
{
    cz_reader_t r;
    cz_scenario_t *s = load(regime, flows, horizon_days, &r);
    if (!s)
        cz_reader_print(&r, stderr);
    ck_assert_ptr_nonnull(s);
    cz_reader_fini(&r);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    ck_assert_msg(cz_zone_run(s, 0, k, &st) == 0, "%s", st.check_error);
    *out = s;
    return k;
}

/* x is a whole, positive multiple of `each`: the number of consignments. */
static double times(double x, double each)
{
    double n = x / each;
    ck_assert_msg(n >= 10 && fabs(n - round(n)) < 1e-6, "%.2f is not a multiple of %.2f", x, each);
    return round(n);
}

#define PORT(relief) "{\"name\": \"port\", \"import_tax_at\": \"first_line\", \"export_duty_at\": \"first_line\"," \
                     " \"second_line_control\": false, \"reexport_relief\": \"" relief "\", \"exemptions\": []}"
#define REEXPORTED "{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 10, \"categories\": {\"g\": 1}," \
                   " \"value_cny\": 1000, \"route\": {\"re_export\": 1}, \"dwell\": \"1 d\"}"

START_TEST(a_port_relieves_goods_bound_for_re_export_as_its_setting_says)
{
    cz_scenario_t *s;
    /* none: duty 100 + VAT (1,100 x 13% = 143) = 243 each, kept */
    double *k = run(PORT("none"), REEXPORTED, 30, &s);
    double n = times(k[K_TAX_TOTAL], 243);
    ck_assert(k[K_TAX_DRAWBACK] == 0);
    free(k);
    cz_scenario_free(s);
    /* bonded: nothing, and the goods are bonded stock while they wait */
    k = run(PORT("bonded"), REEXPORTED, 30, &s);
    ck_assert(k[K_TAX_TOTAL] == 0);
    ck_assert(k[K_BONDED_STOCK_MEAN] > 0);
    free(k);
    cz_scenario_free(s);
    /* drawback: 243 paid on entry, 243 back on leaving: the goods that left in the
     * window net to nothing, those still in the zone at the end have paid */
    k = run(PORT("drawback"), REEXPORTED, 30, &s);
    double back = times(-k[K_TAX_DRAWBACK], 243), paid = times(k[K_TAX_TOTAL] - k[K_TAX_DRAWBACK], 243);
    ck_assert(paid >= back && paid - back < 40); /* about a day's arrivals still in the zone */
    ck_assert(fabs(paid - n) < 1e-9);             /* the same arrivals as with no relief */
    free(k);
    cz_scenario_free(s);
}
END_TEST

#define ZONE(refund) "{\"name\": \"z\", \"refund_on_entry\": " refund ", \"exemptions\": []}"
#define MAINLAND(route) "{\"name\": \"m\", \"origin\": \"mainland\", \"owner\": \"o\", \"rate_per_day\": 10," \
                        " \"categories\": {\"g\": 1}, \"value_cny\": 1000, \"route\": {\"" route "\": 1}, \"dwell\": \"1 d\"}"

START_TEST(export_refunds_follow_the_lines_rate_on_entry_or_on_leaving_abroad)
{
    cz_scenario_t *s;
    /* refunded when they leave abroad: 9% of 1,000 = 90 each */
    double *k = run(ZONE("false"), MAINLAND("re_export"), 30, &s);
    times(-k[K_TAX_REFUND], 90);
    free(k);
    cz_scenario_free(s);
    /* used up in the zone: they never leave the mainland's territory, no refund */
    k = run(ZONE("false"), MAINLAND("consumed_in_zone"), 30, &s);
    ck_assert(k[K_TAX_REFUND] == 0);
    free(k);
    cz_scenario_free(s);
    /* on entry where entry counts as export; once only, though they then leave abroad */
    k = run(ZONE("true"), MAINLAND("re_export"), 30, &s);
    double entered = times(-k[K_TAX_REFUND], 90);
    ck_assert_double_eq_tol(entered, k[K_ARRIVALS], 1e-9);
    free(k);
    cz_scenario_free(s);
    /* back to the mainland after a refund on entry: an import, duty 100 + VAT 143 */
    k = run(ZONE("true"), MAINLAND("to_mainland"), 30, &s);
    double back = times(k[K_TAX_DUTY] + k[K_TAX_VAT], 243);
    ck_assert(back <= times(-k[K_TAX_REFUND], 90));
    free(k);
    cz_scenario_free(s);
}
END_TEST

#define WHITELIST "{\"name\": \"w\", \"exemptions\": [{\"name\": \"whitelist\", \"owners\": [\"lab\"]," \
                  " \"tags\": [\"research\"], \"taxes\": [\"duty\", \"vat\", \"ct\"], \"at\": [\"first_line\", \"zone\"]}]"
#define RESEARCH(route, dwell) "{\"name\": \"r\", \"owner\": \"lab\", \"rate_per_day\": 10, \"categories\": {\"kit\": 1}," \
                               " \"value_cny\": 36000, \"route\": {\"" route "\": 1}, \"dwell\": \"" dwell "\"}"

START_TEST(exempt_goods_leaving_within_supervision_pay_on_depreciated_value)
{
    cz_scenario_t *s;
    /* 380 days: 12 whole months of the 36: owed on 36,000 x 24/36 = 24,000: duty 1,200,
     * VAT (24,000 + 1,200) x 13% = 3,276; 4,476 each */
    double *k = run(WHITELIST "}", RESEARCH("to_mainland", "380 d"), 420, &s);
    times(k[K_TAX_TOTAL], 4476);
    free(k);
    cz_scenario_free(s);
    /* 1,100 days: past the 3 years, nothing */
    k = run(WHITELIST "}", RESEARCH("to_mainland", "1100 d"), 1150, &s);
    ck_assert(k[K_TAX_TOTAL] == 0);
    free(k);
    cz_scenario_free(s);
    /* exactly one month (43,800 min), at any time of the run: 35 months left of 36, on
     * 35,000: duty 1,750, VAT 36,750 x 13% = 4,777.50; 6,527.50 each, none at month 0 */
    k = run(WHITELIST "}", RESEARCH("to_mainland", "43800 min"), 400, &s);
    times(k[K_TAX_TOTAL], 6527.5);
    free(k);
    cz_scenario_free(s);
}
END_TEST

#define CONVENTIONAL_WITH_RESEARCH "{\"name\": \"c\", \"import_tax_at\": \"first_line\", \"second_line_control\": false," \
    " \"exemptions\": [{\"name\": \"research\", \"owners\": [\"lab\"], \"tags\": [\"research\"]," \
    " \"taxes\": [\"duty\", \"vat\", \"ct\"], \"at\": [\"first_line\"]}]}"

START_TEST(only_goods_exempt_on_entry_owe_back_payment_or_depreciate)
{
    cz_scenario_t *s;
    /* exempt on entry at a port, transferred after 380 days (12 months) to an ordinary unit:
     * back-payment on 24,000, 4,476 each (the exemption settled them, it does not end the duty) */
    double *k = run(CONVENTIONAL_WITH_RESEARCH,
                    "{\"name\": \"r\", \"owner\": \"lab\", \"transfer_owner\": \"ordinary\", \"rate_per_day\": 10,"
                    " \"categories\": {\"kit\": 1}, \"value_cny\": 36000, \"route\": {\"transferred\": 1}, \"dwell\": \"380 d\"}",
                    420, &s);
    times(k[K_TAX_TOTAL], 4476);
    free(k);
    cz_scenario_free(s);
    /* bonded on entry (an ordinary unit), transferred to the whitelisted lab, then to the
     * mainland after 2 x 380 days: never exempt, so the full 36,000: 1,800 + 4,914 = 6,714 */
    k = run(WHITELIST "}",
            "{\"name\": \"o\", \"owner\": \"ordinary\", \"transfer_owner\": \"lab\", \"rate_per_day\": 10,"
            " \"categories\": {\"kit\": 1}, \"value_cny\": 36000, \"route\": {\"transferred\": 1}, \"dwell\": \"380 d\"}",
            800, &s);
    times(k[K_TAX_TOTAL], 6714);
    free(k);
    cz_scenario_free(s);
}
END_TEST

START_TEST(units_that_opted_out_pay_on_entry_and_stay_locked_in)
{
    cz_scenario_t *s;
    /* every unit opted out: 36,000 x 5% = 1,800, VAT 37,800 x 13% = 4,914; 6,714 each, on entry,
     * although used up in the zone where the whitelist would forgive it */
    double *k = run(WHITELIST ", \"opt_out_lock_in_months\": 36}",
                    "{\"name\": \"r\", \"owner\": \"lab\", \"rate_per_day\": 10, \"categories\": {\"kit\": 1},"
                    " \"value_cny\": 36000, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": \"1 d\", \"opt_out_share\": 1}",
                    30, &s);
    ck_assert_double_eq_tol(times(k[K_TAX_TOTAL], 6714), k[K_ARRIVALS], 1e-9);
    free(k);
    cz_scenario_free(s);
    /* a policy change that lowers the share within the 36-month lock-in is refused */
    char flows[1024];
    snprintf(flows, sizeof flows, "%s", RESEARCH("consumed_in_zone", "1 d"));
    flows[strlen(flows) - 1] = '\0';
    strcat(flows, ", \"opt_out_share\": 0.5}], \"policy_changes\": [{\"at\": \"100 d\", \"set\": {\"flows.r.opt_out_share\": 0}}");
    cz_reader_t r;
    s = load(WHITELIST ", \"opt_out_lock_in_months\": 36}", flows, 200, &r);
    ck_assert_ptr_null(s);
    char *msg = messages(&r);
    ck_assert_msg(strstr(msg, "opt_out_lock_in_months") != NULL, "%s", msg);
    free(msg);
    cz_reader_fini(&r);
    /* nor by raising it first and lowering it a day later: the lock-in runs from the rise */
    snprintf(flows, sizeof flows, "%s], \"policy_changes\": [{\"at\": \"100 d\", \"set\": {\"flows.r.opt_out_share\": 1}},"
             " {\"at\": \"101 d\", \"set\": {\"flows.r.opt_out_share\": 0}}", RESEARCH("consumed_in_zone", "1 d"));
    s = load(WHITELIST ", \"opt_out_lock_in_months\": 36}", flows, 200, &r);
    ck_assert_ptr_null(s);
    msg = messages(&r);
    ck_assert_msg(strstr(msg, "at 100 days cannot claim it again for 36 months"), "%s", msg);
    free(msg);
    cz_reader_fini(&r);
}
END_TEST

/* US goods bear duty 6% + additional 50% + VAT (1.56 x 13% = 20.28%) = 76.28% of their
 * value; HK goods 6% + 13.78% = 19.78%.  Both observed at 19.78%, elasticity -3: HK keeps
 * its rate, US falls by (1.7628 / 1.1978)^-3 = 0.3137. */
START_TEST(demand_responds_to_the_origin_duty_the_goods_bear)
{
    const char *flow = "{\"name\": \"%s\", \"origin_country\": \"%s\", \"owner\": \"o\", \"rate_per_day\": 100,"
                       " \"categories\": {\"parts\": 1}, \"value_cny\": 1000, \"route\": {\"to_mainland\": 1},"
                       " \"dwell\": \"1 d\", \"demand\": {\"elasticity\": -3, \"reference_tax_rate\": 0.1978}}";
    char a[512], b[512], flows[1100];
    snprintf(a, sizeof a, flow, "us", "US");
    snprintf(b, sizeof b, flow, "hk", "HK");
    snprintf(flows, sizeof flows, "%s, %s", a, b);
    cz_reader_t r;
    cz_scenario_t *s = load(PORT("bonded"), flows, 10, &r);
    if (!s)
        cz_reader_print(&r, stderr);
    ck_assert_ptr_nonnull(s);
    ck_assert_double_eq_tol(s->flows[0].tax_rate, 0.7628, 1e-12);
    ck_assert_double_eq_tol(s->flows[1].tax_rate, 0.1978, 1e-12);
    ck_assert_double_eq_tol(s->flows[1].demand_factor, 1, 1e-12);
    ck_assert_double_eq_tol(s->flows[0].demand_factor, pow(1.7628 / 1.1978, -3), 1e-12);
    ck_assert_double_eq_tol(s->flows[0].demand_factor, 0.3137, 1e-4);
    cz_scenario_free(s);
    cz_reader_fini(&r);
    /* goods re-exported from a port that keeps them bonded bear nothing; postal articles their
     * rate; a value whose duty and VAT are each under 50 CNY, nothing (de minimis per tax) */
    s = load(PORT("bonded"), REEXPORTED, 10, &r);
    ck_assert_ptr_nonnull(s);
    ck_assert_double_eq_tol(s->flows[0].tax_rate, 0, 1e-15);
    cz_scenario_free(s);
    cz_reader_fini(&r);
    /* without a reference rate: an error that gives the status-quo rate to write */
    snprintf(a, sizeof a, "{\"name\": \"us\", \"origin_country\": \"US\", \"owner\": \"o\", \"rate_per_day\": 100,"
             " \"categories\": {\"parts\": 1}, \"value_cny\": 1000, \"route\": {\"to_mainland\": 1},"
             " \"dwell\": \"1 d\", \"demand\": {\"elasticity\": -3}}");
    s = load(PORT("bonded"), a, 10, &r);
    ck_assert_ptr_null(s);
    char *msg = messages(&r);
    ck_assert_msg(strstr(msg, "reference_tax_rate") && strstr(msg, "0.7628"), "%s", msg);
    free(msg);
    cz_reader_fini(&r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("practice");
    TCase *tc = tcase_create("runs");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_port_relieves_goods_bound_for_re_export_as_its_setting_says);
    tcase_add_test(tc, export_refunds_follow_the_lines_rate_on_entry_or_on_leaving_abroad);
    tcase_add_test(tc, exempt_goods_leaving_within_supervision_pay_on_depreciated_value);
    tcase_add_test(tc, only_goods_exempt_on_entry_owe_back_payment_or_depreciate);
    tcase_add_test(tc, units_that_opted_out_pay_on_entry_and_stay_locked_in);
    tcase_add_test(tc, demand_responds_to_the_origin_duty_the_goods_bear);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
