/* test_options.c: each command's own options, and command-line values read as
 * a file's would be: nothing cut, nothing ignored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tests/testutil.h"

#define BASE "scenarios/hetao_baseline.json"
#define SHORT "--set horizon_days=10 --set warmup_days=1"

/* Options each command must refuse: (command and its arguments, a foreign option). */
static const char *const FOREIGN[][2] = {
    {"run " BASE, "--vary lines.second_line.lanes=3,4"}, {"run " BASE, "--points 0..1"},
    {"run " BASE, "--events x.csv"}, {"run " BASE, "-n 3"}, {"run " BASE, "--markdown"},
    {"compare " BASE " " BASE, "--reps 0..1"}, {"compare " BASE " " BASE, "--precision tax_total_cny=0.1"},
    {"compare " BASE " " BASE, "--vary lines.second_line.lanes=3,4"}, {"compare " BASE " " BASE, "--events x"},
    {"sweep " BASE " --vary lines.second_line.lanes=3,4", "--precision tax_total_cny=0.1"},
    {"sweep " BASE " --vary lines.second_line.lanes=3,4", "--reps 0..1"},
    {"sweep " BASE " --vary lines.second_line.lanes=3,4", "--events x"},
    {"trace " BASE, "-r 4"}, {"trace " BASE, "--report"}, {"trace " BASE, "-o x"}, {"trace " BASE, "-j 2"},
    {"validate " BASE, "-r 2"}, {"validate " BASE, "-o x"}, {"show " BASE, "-s 1"}, {"diff " BASE " " BASE, "-r 1"},
    {"kpis", "--set a=1"}, {"assess -", "--set a=1"}, {"assess -", "-r 1"},
    {"merge x", "--set a=1"}, {"merge x", "-r 2"}, {"merge x", "--report"},
    {"report x", "--force"}, {"report x", "-o y"}, {"report x", "--set a=1"},
};

START_TEST(every_command_refuses_an_option_that_is_not_its_own)
{
    for (size_t i = 0; i < sizeof FOREIGN / sizeof FOREIGN[0]; i++) {
        char *o, cmd[64];
        int rc = sh(&o, "$Z %s %s -o /tmp/zonesim-never-written < /dev/null", FOREIGN[i][0], FOREIGN[i][1]);
        if (strstr(FOREIGN[i][1], "-o ")) { /* the foreign option is -o itself */
            free(o);
            rc = sh(&o, "$Z %s %s < /dev/null", FOREIGN[i][0], FOREIGN[i][1]);
        }
        sscanf(FOREIGN[i][0], "%63s", cmd);
        ck_assert_msg(rc == 2, "zonesim %s %s: exit %d\n%s", FOREIGN[i][0], FOREIGN[i][1], rc, o);
        ck_assert_msg(strstr(o, "see zonesim ") && strstr(o, cmd), "zonesim %s %s: %s", FOREIGN[i][0],
                      FOREIGN[i][1], o);
        free(o);
    }
    ck_assert_int_ne(sh(NULL, "test -e /tmp/zonesim-never-written"), 0);
}
END_TEST

START_TEST(long_options_take_their_value_with_or_without_an_equals_sign)
{
    char *d = tmpdir();
    ck_assert_int_eq(sh(NULL, "$Z run " BASE " -q " SHORT " --replications=2 --seed=7 --out=%s/a", d), 0);
    ck_assert_int_eq(sh(NULL, "$Z run " BASE " -q " SHORT " --replications 2 --seed 7 --out %s/b", d), 0);
    ck_assert_int_eq(sh(NULL, "cmp %s/a/replications.csv %s/b/replications.csv", d, d), 0);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(seeds_are_unsigned_64_bit_integers_end_to_end)
{
    char *d = tmpdir(), *o, path[512];
    ck_assert_int_eq(sh(NULL, "$Z run " BASE " -q -r 1 " SHORT " -s 18446744073709551615 -o %s/a", d), 0);
    snprintf(path, sizeof path, "%s/a/summary.json", d);
    char *text = slurp(path);
    ck_assert_ptr_nonnull(strstr(text, "\"seed\":\t18446744073709551615,"));
    free(text);
    snprintf(path, sizeof path, "%s/a/scenario.json", d); /* the scenario as run: exact, as a string */
    text = slurp(path);
    ck_assert_ptr_nonnull(strstr(text, "\"seed\":\t\"18446744073709551615\""));
    free(text);
    ck_assert_int_eq(sh(&o, "$Z run " BASE " -q -r 1 -s 18446744073709551616 -o %s/b", d), 2);
    ck_assert_ptr_nonnull(strstr(o, "--seed"));
    free(o);
    ck_assert_int_eq(sh(NULL, "$Z run " BASE " -q -r 1 -s -1 -o %s/c", d), 2);
    /* the scenario.json of a run is the scenario as run: running it again gives the same rows */
    ck_assert_int_eq(sh(NULL, "$Z run %s/a/scenario.json -q -o %s/d", d, d), 0);
    ck_assert_int_eq(sh(NULL, "cmp %s/a/replications.csv %s/d/replications.csv", d, d), 0);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

/* The value a --set leaves in the resolved scenario, as zonesim show prints it. */
static char *shown(const char *set)
{
    char *o;
    ck_assert_int_eq(sh(&o, "$Z show " BASE " --set '%s'", set), 0);
    return o;
}

START_TEST(set_values_are_read_whole_as_a_file_would_be)
{
    char *o;
    /* a value with junk after a number is refused, naming the option */
    ck_assert_int_eq(sh(&o, "$Z validate " BASE " --set lines.second_line.lanes=5x"), 2);
    ck_assert_ptr_nonnull(strstr(o, "(the value given by --set lines.second_line.lanes=5x)"));
    free(o);
    /* 6% is 0.06, not 6 */
    o = shown("tariff.categories.car_parts.duty=6%");
    ck_assert_ptr_nonnull(strstr(o, "\"duty\":\t\"6%\""));
    free(o);
    ck_assert_int_eq(sh(&o, "echo '{\"tariff_line\": {\"duty\": \"6%%\", \"vat\": 0.13}, "
                            "\"customs_value_cny\": 100}' | $Z assess"), 0);
    ck_assert_ptr_nonnull(strstr(o, "\"duty_cny\":\t6,")); /* 100 x 6% = 6.00 (not 600) */
    free(o);
    char *d = tmpdir();
    ck_assert_int_eq(sh(NULL, "$Z run " BASE " -q -r 1 " SHORT " --set tariff.categories.car_parts.duty=6%% -o %s/a "
                              "&& $Z run " BASE " -q -r 1 " SHORT " --set tariff.categories.car_parts.duty=0.06 -o %s/b "
                              "&& cmp %s/a/replications.csv %s/b/replications.csv", d, d, d, d), 0);
    sh(NULL, "rm -rf %s", d);
    free(d);
    /* a duration keeps its unit: 80 d is 80 days */
    o = shown("flows.bonded_trade_from_hk.dwell.mean=80 d");
    ck_assert_ptr_nonnull(strstr(o, "\"mean\":\t\"80 d\""));
    free(o);
    ck_assert_int_eq(sh(NULL, "$Z validate " BASE " --set 'lines.second_line.open=24h'"), 0);
    /* an index past the array, however large, is refused */
    ck_assert_int_eq(sh(&o, "$Z validate " BASE " --set flows.4294967296.rate_per_day=7"), 2);
    ck_assert_ptr_nonnull(strstr(o, "index 4294967296 is outside the array"));
    free(o);
    ck_assert_int_eq(sh(NULL, "$Z validate " BASE " --set flows.-1.rate_per_day=7"), 2);
}
END_TEST

START_TEST(vary_ranges_expand_to_every_whole_number)
{
    char *d = tmpdir(), *o, path[512];
    ck_assert_int_eq(sh(NULL, "$Z sweep " BASE " -q -r 1 " SHORT " --vary lines.second_line.lanes=3..6 -o %s/s", d), 0);
    snprintf(path, sizeof path, "%s/s/sweep.csv", d);
    char *csv = slurp(path);
    ck_assert_ptr_nonnull(strstr(csv, "\n0,3,"));
    ck_assert_ptr_nonnull(strstr(csv, "\n3,6,"));
    ck_assert_ptr_null(strstr(csv, "\n4,"));
    free(csv);
    ck_assert_int_eq(sh(&o, "$Z sweep " BASE " --vary lines.second_line.lanes=6..3 -o %s/t", d), 2);
    free(o);
    ck_assert_int_eq(sh(&o, "$Z sweep " BASE " --vary lines.second_line.lanes=3x -o %s/t", d), 2);
    ck_assert_ptr_nonnull(strstr(o, "--vary lines.second_line.lanes=3x"));
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("options");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, every_command_refuses_an_option_that_is_not_its_own);
    tcase_add_test(tc, long_options_take_their_value_with_or_without_an_equals_sign);
    tcase_add_test(tc, seeds_are_unsigned_64_bit_integers_end_to_end);
    tcase_add_test(tc, set_values_are_read_whole_as_a_file_would_be);
    tcase_add_test(tc, vary_ranges_expand_to_every_whole_number);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
