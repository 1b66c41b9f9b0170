/* test_experiment.c: compare, sweep, automatic warm-up, run to precision, shards
 * and merge. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "models/zone/zone.h"
#include "tests/testutil.h"

#define SHORT "--set horizon_days=40 --set warmup_days=5"

static cJSON *load_json(const char *dir, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *text = slurp(path);
    ck_assert_msg(text != NULL, "no %s", path);
    cJSON *j = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(j);
    return j;
}

static double kpi(const cJSON *j, const char *name, const char *field)
{
    const cJSON *e = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "kpis"), name);
    const cJSON *v = cJSON_GetObjectItem(e, field);
    ck_assert_msg(cJSON_IsNumber(v), "%s.%s is not a number", name, field);
    return v->valuedouble;
}

START_TEST(comparing_a_scenario_with_itself_gives_zero_differences)
{
    char *d = tmpdir();
    ck_assert_int_eq(sh(NULL, "$Z compare scenarios/hetao_baseline.json scenarios/hetao_baseline.json -q -r 4 " SHORT " -o %s/c", d), 0);
    char dir[256];
    snprintf(dir, sizeof dir, "%s/c", d);
    cJSON *j = load_json(dir, "compare.json");
    int n = 0;
    for (cJSON *e = cJSON_GetObjectItem(j, "kpis")->child; e; e = e->next, n++) {
        const cJSON *diff = cJSON_GetObjectItem(e, "diff_mean");
        ck_assert_msg(cJSON_IsNull(diff) || diff->valuedouble == 0, "%s differs", e->string);
        ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(e, "significant")));
    }
    ck_assert_int_gt(n, 20);
    cJSON_Delete(j);
    char *csv = slurp(strcat(dir, "/compare.csv"));
    ck_assert_ptr_nonnull(strstr(csv, "kpi,unit,base_mean,alt_mean,diff_mean,diff_halfwidth,relative_change,significant"));
    free(csv);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(paired_comparison_is_much_sharper_than_independent_runs)
{
    char *d = tmpdir(), dir[256];
    const char *kpi_name = "l2_time_mean_min";
    ck_assert_int_eq(sh(NULL, "$Z compare scenarios/hetao_baseline.json scenarios/hetao_l2_extra_lane.json -q -r 8 " SHORT " -o %s/c", d), 0);
    /* independent: the alternative on another seed */
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/hetao_baseline.json -q -r 8 " SHORT " -o %s/b", d), 0);
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/hetao_l2_extra_lane.json -q -r 8 -s 777 " SHORT " -o %s/a", d), 0);
    snprintf(dir, sizeof dir, "%s/c", d);
    cJSON *c = load_json(dir, "compare.json");
    double paired = kpi(c, kpi_name, "diff_halfwidth"), diff = kpi(c, kpi_name, "diff_mean");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "kpis"), kpi_name), "significant")));
    ck_assert(diff < 0); /* one more lane: shorter times */
    snprintf(dir, sizeof dir, "%s/b", d);
    cJSON *b = load_json(dir, "summary.json");
    snprintf(dir, sizeof dir, "%s/a", d);
    cJSON *a = load_json(dir, "summary.json");
    double independent = hypot(kpi(b, kpi_name, "ci95"), kpi(a, kpi_name, "ci95"));
    ck_assert_msg(paired * 3 < independent, "paired half-width %g, independent %g", paired, independent);
    cJSON_Delete(a), cJSON_Delete(b), cJSON_Delete(c);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(sweep_runs_the_full_grid_on_common_random_numbers)
{
    char *d = tmpdir(), dir[256], *o;
    int rc = sh(&o, "$Z sweep scenarios/hetao_baseline.json --vary lines.second_line.lanes=3,4,5 "
                    "--vary 'lines.second_line.open=[\"08:00\",\"22:00\"],\"24h\"' -q -r 2 " SHORT " -o %s/s", d);
    ck_assert_msg(rc == 0, "%s", o);
    free(o);
    snprintf(dir, sizeof dir, "%s/s", d);
    cJSON *j = load_json(dir, "sweep.json");
    cJSON *pts = cJSON_GetObjectItem(j, "points");
    ck_assert_int_eq(cJSON_GetArraySize(pts), 6);
    double arrivals = kpi(cJSON_GetArrayItem(pts, 0), "arrivals", "mean");
    for (int i = 1; i < 6; i++) /* same arrivals at every point */
        ck_assert(kpi(cJSON_GetArrayItem(pts, i), "arrivals", "mean") == arrivals);
    /* more lanes, open longer: shorter second-line times */
    double t3 = kpi(cJSON_GetArrayItem(pts, 0), "l2_time_mean_min", "mean");
    double t5 = kpi(cJSON_GetArrayItem(pts, 4), "l2_time_mean_min", "mean");
    double t5_24 = kpi(cJSON_GetArrayItem(pts, 5), "l2_time_mean_min", "mean");
    ck_assert(t5 < t3 && t5_24 < t5);
    cJSON_Delete(j);
    char *csv = slurp(strcat(dir, "/sweep.csv"));
    int lines = 0;
    for (char *p = csv; *p; p++)
        lines += *p == '\n';
    ck_assert_int_eq(lines, 7);
    ck_assert_ptr_nonnull(strstr(csv, "point,lines.second_line.lanes,lines.second_line.open,arrivals_mean,arrivals_ci95"));
    ck_assert_ptr_nonnull(strstr(csv, "\n2,4,\"[\"\"08:00\"\",\"\"22:00\"\"]\","));
    free(csv);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(sweep_reports_a_bad_value_before_running)
{
    char *o;
    ck_assert_int_eq(sh(&o, "$Z sweep scenarios/hetao_baseline.json --vary lines.second_line.lanes=3,0 -r 1 -o /tmp/zonesim-sweep-bad"), 2);
    ck_assert_ptr_nonnull(strstr(o, "lines.second_line.lanes: 0 is out of range"));
    ck_assert_ptr_null(strstr(o, "point 1 of"));
    free(o);
}
END_TEST

START_TEST(automatic_warmup_is_chosen_from_the_scenario_and_reported)
{
    char *d = tmpdir(), dir[256];
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/hetao_baseline.json -q -r 2 --set horizon_days=200 --set warmup_days=2 "
                              "--set warmup_days=null --set warmup=auto -o %s/w", d), 0);
    snprintf(dir, sizeof dir, "%s/w", d);
    cJSON *j = load_json(dir, "summary.json");
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(j, "warmup_method"));
    ck_assert(kpi(j, "warmup_days", "min") == kpi(j, "warmup_days", "max")); /* one choice, every replication */
    ck_assert(kpi(j, "warmup_days", "max") >= 60);  /* the zone takes months to fill: never zero */
    ck_assert(kpi(j, "warmup_days", "max") <= 100);
    cJSON_Delete(j);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(automatic_warmup_leaves_an_mm1_wait_unbiased)
{
    /* M/M/1 at rho = 0.9 through a scenario: arrivals 0.9/min, exponential
     * service 1 min, nothing stays.  Wq = rho / (mu - lambda) = 9 min. */
    char *f = write_temp(
        "{\"name\": \"mm1\", \"horizon_days\": 6, \"warmup\": \"auto\", \"replications\": 60, \"seed\": 5,"
        " \"regime\": {\"name\": \"none\"}, \"tariff\": {\"categories\": {\"g\": {\"duty\": 0}}},"
        " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 1296, \"categories\": {\"g\": 1},"
        "   \"value_cny\": 1, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": 0}],"
        " \"lines\": {\"first_line\": {\"lanes\": 1, \"service\": {\"dist\": \"exponential\", \"mean\": \"1 min\"}},"
        "            \"second_line\": {\"lanes\": 1, \"service\": \"1 min\"}}}");
    char *d = tmpdir(), dir[256];
    ck_assert_int_eq(sh(NULL, "$Z run %s -q -j 2 -o %s/m", f, d), 0);
    snprintf(dir, sizeof dir, "%s/m", d);
    cJSON *j = load_json(dir, "summary.json");
    double mean = kpi(j, "l1_wait_mean_min", "mean"), ci = kpi(j, "l1_wait_mean_min", "ci95");
    ck_assert_msg(kpi(j, "warmup_days", "mean") >= 1, "warm-up %g days", kpi(j, "warmup_days", "mean"));
    ck_assert_msg(fabs(mean - 9) <= 4 * ci / 2.0, "wait %g +- %g, theory 9", mean, ci);
    cJSON_Delete(j);
    remove(f);
    free(f);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(an_overloaded_line_is_warned_of_before_and_after_the_run)
{
    char *d = tmpdir(), dir[256], *o;
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 2 --set horizon_days=60 --set warmup_days=5 "
                            "--set lines.second_line.lanes=1 -o %s/o", d), 0);
    ck_assert_ptr_nonnull(strstr(o, "warning: second line: lanes loaded at"));
    ck_assert_ptr_nonnull(strstr(o, "still trends: the daily mean second-line time drifts by +"));
    free(o);
    snprintf(dir, sizeof dir, "%s/o", d);
    cJSON *j = load_json(dir, "summary.json");
    ck_assert_int_ge(cJSON_GetArraySize(cJSON_GetObjectItem(j, "warnings")), 2);
    cJSON_Delete(j);
    /* the shipped baseline, as shipped, has nothing to warn of */
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 4 -o %s/b", d), 0);
    ck_assert_msg(!strstr(o, "warning"), "%s", o);
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(run_to_precision_stops_when_met_or_at_the_cap)
{
    char *d = tmpdir(), dir[256], *o;
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -r 3 --precision arrivals=0.01 " SHORT " -o %s/p", d), 0);
    ck_assert_ptr_nonnull(strstr(o, "precision targets met"));
    free(o);
    snprintf(dir, sizeof dir, "%s/p", d);
    cJSON *j = load_json(dir, "summary.json");
    cJSON *p = cJSON_GetObjectItem(j, "precision");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(p, "met")));
    ck_assert(kpi(j, "arrivals", "ci95") <= 0.01 * kpi(j, "arrivals", "mean"));
    cJSON_Delete(j);
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 2 --precision tax_total_cny=0.0001 --max-reps 6 " SHORT " -o %s/q", d), 0);
    free(o);
    snprintf(dir, sizeof dir, "%s/q", d);
    j = load_json(dir, "summary.json");
    p = cJSON_GetObjectItem(j, "precision");
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(p, "met")));
    ck_assert_str_eq(cJSON_GetObjectItem(p, "stopped_because")->valuestring, "max-reps reached");
    ck_assert_int_eq(cJSON_GetObjectItem(j, "replications")->valueint, 6);
    cJSON_Delete(j);
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json --precision no_such_kpi=0.1"), 2);
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(merged_shards_equal_one_run_byte_for_byte)
{
    char *d = tmpdir();
    ck_assert_int_eq(sh(NULL, "cd %s && $Z run %s/scenarios/hetao_baseline.json -q -r 5 -j 2 --set horizon_days=30 --set warmup_days=2 -o full", d, getenv("PWD")), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && $Z run %s/scenarios/hetao_baseline.json -q --reps 0..1 --set horizon_days=30 --set warmup_days=2 -o s1", d, getenv("PWD")), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && $Z run %s/scenarios/hetao_baseline.json -q --reps 2..4 -j 1 --set horizon_days=30 --set warmup_days=2 -o s2", d, getenv("PWD")), 0);
    /* a shard re-run gives the same file */
    ck_assert_int_eq(sh(NULL, "cd %s && $Z run %s/scenarios/hetao_baseline.json -q --reps 2..4 -j 2 --set horizon_days=30 --set warmup_days=2 -o s2b", d, getenv("PWD")), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && cmp s2/replications.csv s2b/replications.csv", d), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && $Z merge s2 s1 -o merged", d), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && cmp full/replications.csv merged/replications.csv", d), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && cmp full/scenario.json merged/scenario.json", d), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && grep -vE 'command_line|merged_from' full/summary.json > f && "
                              "grep -vE 'command_line|merged_from' merged/summary.json > m && cmp f m", d), 0);
    /* overlapping or foreign shards are refused */
    char *o;
    ck_assert_int_eq(sh(&o, "cd %s && $Z merge s1 s1 -o bad", d), 2);
    ck_assert_ptr_nonnull(strstr(o, "appears in two shards"));
    free(o);
    ck_assert_int_eq(sh(NULL, "cd %s && $Z run %s/scenarios/hetao_baseline.json -q --reps 5..5 -s 9 --set horizon_days=30 --set warmup_days=2 -o other", d, getenv("PWD")), 0);
    ck_assert_int_eq(sh(&o, "cd %s && $Z merge s1 other -o bad2", d), 2);
    ck_assert_ptr_nonnull(strstr(o, "another scenario or seed"));
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(merged_sweep_shards_equal_one_sweep)
{
    char *d = tmpdir();
    const char *grid = "--vary lines.second_line.lanes=3,4,5 --vary 'lines.first_line.lanes=5,6' -q -r 2 --set horizon_days=30 --set warmup_days=2";
    ck_assert_int_eq(sh(NULL, "cd %s && $Z sweep %s/scenarios/hetao_baseline.json %s -o full", d, getenv("PWD"), grid), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && $Z sweep %s/scenarios/hetao_baseline.json %s --points 4..5 -o b", d, getenv("PWD"), grid), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && $Z sweep %s/scenarios/hetao_baseline.json %s --points 0..3 -o a", d, getenv("PWD"), grid), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && $Z merge b a -o merged -q", d), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && cmp full/sweep.csv merged/sweep.csv", d), 0);
    ck_assert_int_eq(sh(NULL, "cd %s && grep -vE 'command_line|merged_from' full/sweep.json > f && "
                              "grep -vE 'command_line|merged_from' merged/sweep.json > m && cmp f m", d), 0);
    char *o;
    ck_assert_int_eq(sh(&o, "cd %s && $Z sweep %s/scenarios/hetao_baseline.json %s --points 4..9 -o c", d, getenv("PWD"), grid), 2);
    ck_assert_ptr_nonnull(strstr(o, "the grid has points 0..5"));
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("experiment");
    TCase *tc = tcase_create("experiments");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, comparing_a_scenario_with_itself_gives_zero_differences);
    tcase_add_test(tc, paired_comparison_is_much_sharper_than_independent_runs);
    tcase_add_test(tc, sweep_runs_the_full_grid_on_common_random_numbers);
    tcase_add_test(tc, sweep_reports_a_bad_value_before_running);
    tcase_add_test(tc, automatic_warmup_is_chosen_from_the_scenario_and_reported);
    tcase_add_test(tc, automatic_warmup_leaves_an_mm1_wait_unbiased);
    tcase_add_test(tc, an_overloaded_line_is_warned_of_before_and_after_the_run);
    tcase_add_test(tc, run_to_precision_stops_when_met_or_at_the_cap);
    tcase_add_test(tc, merged_shards_equal_one_run_byte_for_byte);
    tcase_add_test(tc, merged_sweep_shards_equal_one_sweep);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
