/* test_search.c: `zonesim search` against brute force — on an M/M/c line whose
 * mean wait falls with its lanes (Erlang C: 3 lanes 1.08 min, 4 lanes 0.21, 5
 * lanes 0.05 at 2.4 arrivals a minute and a 1-minute mean service), the answer
 * to "the fewest lanes with a mean wait of at most 0.5 min" is the sweep's, and
 * every candidate cheaper than it fails; the files and report are whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tests/testutil.h"

static const char MMC[] =
    "{\"name\": \"mmc\", \"horizon_days\": 2, \"warmup_days\": 0.2, \"replications\": 5, \"seed\": 5,"
    " \"regime\": {\"name\": \"none\", \"exemptions\": []}, \"tariff\": {\"categories\": {\"g\": {\"duty\": 0}}},"
    " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 3456, \"categories\": {\"g\": 1},"
    "   \"value_cny\": 1, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": 0}],"
    " \"lines\": {\"first_line\": {\"lanes\": 3, \"service\": {\"dist\": \"exponential\", \"mean\": \"1 min\"}},"
    "   \"second_line\": {\"lanes\": 1, \"service\": \"1 min\"}}}";

START_TEST(the_answer_is_the_brute_force_sweeps)
{
    char *path = write_temp(MMC), *d = tmpdir(), *o;
    ck_assert_int_eq(sh(&o, "cd %s && $Z search %s --vary lines.first_line.lanes=2..6 "
                            "--target 'l1_wait_mean_min<=0.5' -q -o s --report 2> err", d, path), 0);
    free(o);
    ck_assert_int_eq(sh(&o, "cd %s && $Z sweep %s --vary lines.first_line.lanes=2..6 -r 40 -q -o w 2> err2 && "
                            "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"l1_wait_mean_min_mean\") c = i }"
                            " NR > 1 && $c <= 0.5 { print $2; exit }' w/sweep.csv", d, path), 0);
    int brute = atoi(o);
    free(o);
    ck_assert_int_eq(brute, 4);
    char file[512];
    snprintf(file, sizeof file, "%s/s/search.json", d);
    char *text = slurp(file);
    cJSON *j = cJSON_Parse(text);
    ck_assert_ptr_nonnull(j);
    const cJSON *ans = cJSON_GetObjectItem(j, "answer"), *run = cJSON_GetObjectItem(j, "runner_up");
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(ans, "values"), "lines.first_line.lanes")->valuestring,
                     "4");
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "values"), "lines.first_line.lanes")->valuestring,
                     "5");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(j, "candidates")) {
        double cost = cJSON_GetObjectItem(c, "cost")->valuedouble;
        const char *v = cJSON_GetObjectItem(c, "verdict")->valuestring;
        ck_assert_msg(cost >= 4 || !strcmp(v, "fails"), "cost %g: %s", cost, v);
        ck_assert_msg(cost <= 5 || !strcmp(v, "not run"), "cost %g: %s", cost, v);
    }
    cJSON_Delete(j);
    free(text);
    ck_assert_int_eq(sh(NULL, "cd %s && test -s s/search.csv && test -s s/report.html && "
                              "grep -q 'Answer' s/report.html", d), 0);
    sh(NULL, "rm -rf %s", d);
    remove(path);
    free(path);
    free(d);
}
END_TEST

START_TEST(bad_searches_are_refused)
{
    static const char *const bad[][2] = {
        {"--vary lines.first_line.lanes=2..4", "at least one --target"},
        {"--vary lines.first_line.lanes=2..4 --target 'l1_wait_mean_min=3'", "expected KPI<=VALUE"},
        {"--vary lines.first_line.lanes=2..4 --target 'nope<=3'", "no KPI of that name"},
        {"--target 'l1_wait_mean_min<=3' --cost lines.first_line.lanes=1", "not a path given to --vary"},
        {"--vary lines.first_line.open='[\"07:00\",\"19:00\"]','\"24h\"' --target 'l1_wait_mean_min<=3'",
         "is not a number"},
        {"--vary lines.first_line.lanes=2..4 --target 'l1_wait_mean_min<=x'", "expected a number"},
    };
    char *path = write_temp(MMC), *o;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(sh(&o, "$Z search %s %s -q -o /tmp/zonesim-never-written", path, bad[i][0]), 2);
        ck_assert_msg(strstr(o, bad[i][1]), "%s: expected \"%s\" in %s", bad[i][0], bad[i][1], o);
        free(o);
    }
    ck_assert_int_ne(sh(NULL, "test -e /tmp/zonesim-never-written"), 0);
    remove(path);
    free(path);
}
END_TEST

/* A --cost for one path leaves every other path at 1 per unit (as --help says):
 * lanes 3 and 4 of the first line at 1.5 each, 1 and 2 of the second at 1. */
START_TEST(a_cost_for_one_path_leaves_the_others_at_one)
{
    char *path = write_temp(MMC), *d = tmpdir(), *o, file[512];
    ck_assert_int_eq(sh(&o, "$Z search %s --vary lines.first_line.lanes=3,4 --vary lines.second_line.lanes=1,2 "
                            "--cost lines.first_line.lanes=1.5 --target 'l1_wait_mean_min<=100' -r 2 --max-reps 2 "
                            "-q -o %s/s", path, d), 0);
    free(o);
    snprintf(file, sizeof file, "%s/s/search.json", d);
    char *text = slurp(file);
    cJSON *j = cJSON_Parse(text), *c;
    free(text);
    double want[] = {5.5, 6.5, 7, 8}; /* 4.5 + 1, 4.5 + 2, 6 + 1, 6 + 2 in order of cost */
    int i = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(j, "candidates")) {
        ck_assert_int_lt(i, 4);
        ck_assert_double_eq_tol(cJSON_GetObjectItem(c, "cost")->valuedouble, want[i], 1e-12);
        i++;
    }
    ck_assert_int_eq(i, 4);
    cJSON_Delete(j);
    sh(NULL, "rm -rf %s", d);
    free(d);
    remove(path);
    free(path);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("brute force");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_answer_is_the_brute_force_sweeps);
    tcase_add_test(tc, bad_searches_are_refused);
    tcase_add_test(tc, a_cost_for_one_path_leaves_the_others_at_one);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
