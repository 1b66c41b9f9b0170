/* test_cli.c: zonesim end to end: help, run, validate, assess, exit codes. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "tests/testutil.h"

START_TEST(help_is_there_for_every_command)
{
    char *o;
    ck_assert_int_eq(sh(&o, "$Z --help"), 0);
    ck_assert_ptr_nonnull(strstr(o, "run SCENARIO"));
    free(o);
    const char *cmds[] = {"run", "validate", "assess", "compare", "sweep", "merge", "trace", "report"};
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(sh(&o, "$Z %s --help", cmds[i]), 0);
        ck_assert_ptr_nonnull(strstr(o, "usage: zonesim"));
        free(o);
    }
    ck_assert_int_eq(sh(&o, "$Z frobnicate"), 2);
    ck_assert_ptr_nonnull(strstr(o, "unknown command"));
    free(o);
}
END_TEST

START_TEST(run_writes_summary_replications_and_scenario_for_each_shipped_scenario)
{
    const char *files[] = {"hetao_baseline", "conventional_port", "hetao_whitelist_doubled",
                           "hetao_l2_extra_lane", "hetao_l2_24h"};
    char *d = tmpdir();
    for (int i = 0; i < 5; i++) {
        char *o, path[512];
        int rc = sh(&o, "$Z run scenarios/%s.json -r 3 -j 2 --set horizon_days=20 --set warmup_days=2 -o %s/%s",
                    files[i], d, files[i]);
        ck_assert_msg(rc == 0, "%s: exit %d\n%s", files[i], rc, o);
        ck_assert_ptr_nonnull(strstr(o, "tax_total_cny"));
        free(o);
        snprintf(path, sizeof path, "%s/%s/summary.json", d, files[i]);
        char *text = slurp(path);
        ck_assert_ptr_nonnull(text);
        cJSON *j = cJSON_Parse(text);
        ck_assert_ptr_nonnull(j);
        cJSON *k = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "kpis"), "l1_time_mean_min");
        ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(k, "mean")));
        ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(k, "ci95")));
        ck_assert_int_eq(cJSON_GetObjectItem(j, "replications")->valueint, 3);
        ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "complete")));
        cJSON_Delete(j);
        free(text);
        snprintf(path, sizeof path, "%s/%s/replications.csv", d, files[i]);
        text = slurp(path);
        int lines = 0;
        for (char *p = text; *p; p++)
            lines += *p == '\n';
        ck_assert_int_eq(lines, 4);
        free(text);
        snprintf(path, sizeof path, "%s/%s/scenario.json", d, files[i]);
        text = slurp(path);
        ck_assert_ptr_nonnull(text);
        ck_assert_ptr_null(strstr(text, "\"extends\"")); /* resolved */
        free(text);
    }
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(output_is_byte_identical_for_one_and_two_threads)
{
    char *d = tmpdir();
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/hetao_baseline.json -q -r 4 -j 1 --set horizon_days=30 --set warmup_days=2 -o %s/a", d), 0);
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/hetao_baseline.json -q -r 4 -j 2 --set horizon_days=30 --set warmup_days=2 -o %s/b", d), 0);
    ck_assert_int_eq(sh(NULL, "cmp %s/a/replications.csv %s/b/replications.csv", d, d), 0);
    ck_assert_int_eq(sh(NULL, "cmp %s/a/scenario.json %s/b/scenario.json", d, d), 0);
    /* summary.json differs only in the command line it records */
    ck_assert_int_eq(sh(NULL, "cd %s && grep -v command_line a/summary.json > a.s && grep -v command_line b/summary.json > b.s && cmp a.s b.s", d), 0);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(rerunning_replaces_its_own_results_and_nothing_else)
{
    char *d = tmpdir(), *o;
    /* the same scenario again: replaced, said on stderr */
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/hetao_baseline.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/x", d), 0);
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/x", d), 0);
    ck_assert_ptr_nonnull(strstr(o, "replacing the earlier results"));
    free(o);
    /* another scenario's results: only with --force */
    ck_assert_int_eq(sh(&o, "$Z run scenarios/conventional_port.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/x", d), 2);
    ck_assert_ptr_nonnull(strstr(o, "--force"));
    free(o);
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/conventional_port.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/x --force", d), 0);
    /* a report's files go with the run that replaces it, and so does their emptied folder; a
     * file of the user's in it stays, and so does the folder */
    ck_assert_int_eq(sh(NULL, "$Z report %s/x >/dev/null && test -d %s/x/report_data", d, d), 0);
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/conventional_port.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/x", d), 0);
    ck_assert_int_eq(sh(NULL, "test ! -e %s/x/report_data && test ! -e %s/x/report.html", d, d), 0);
    ck_assert_int_eq(sh(NULL, "$Z report %s/x >/dev/null && echo mine > %s/x/report_data/notes.txt", d, d), 0);
    ck_assert_int_eq(sh(NULL, "$Z run scenarios/conventional_port.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/x", d), 0);
    ck_assert_int_eq(sh(NULL, "ls %s/x/report_data | grep -qx notes.txt && ls %s/x/report_data | grep -c . | grep -qx 1", d, d), 0);
    /* a folder of the user's: only with --force, and a file of the user's is never replaced */
    ck_assert_int_eq(sh(NULL, "mkdir %s/mine && echo keep > %s/mine/notes.txt && echo mine > %s/mine/summary.json", d, d, d), 0);
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/mine", d), 2);
    free(o);
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o %s/mine --force", d), 1);
    ck_assert_ptr_nonnull(strstr(o, "was not written by zonesim"));
    free(o);
    ck_assert_int_eq(sh(NULL, "grep -qx mine %s/mine/summary.json && grep -qx keep %s/mine/notes.txt", d, d), 0);
    ck_assert_int_eq(sh(NULL, "ls %s/mine | grep -c . | grep -qx 2", d), 0); /* nothing added beside them */
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(bad_options_and_bad_scenarios_exit_2_with_a_message)
{
    char *o;
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -r 0"), 2);
    ck_assert_ptr_nonnull(strstr(o, "--replications \"0\": expected a whole number from 1 to 1000000"));
    free(o);
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -j 10000"), 2);
    free(o);
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json --set lines.second_line.lanse=4"), 2);
    ck_assert_ptr_nonnull(strstr(o, "zonesim: scenarios/hetao_baseline.json: lines.second_line.lanse: unknown key (did you mean \"lanes\"?)"));
    free(o);
    ck_assert_int_eq(sh(&o, "$Z run /nonexistent.json"), 2);
    ck_assert_ptr_nonnull(strstr(o, "cannot open"));
    free(o);
    ck_assert_int_eq(sh(&o, "$Z validate scenarios/*.json"), 0);
    free(o);
    ck_assert_int_eq(sh(&o, "echo '{\"name\": 3}' > /tmp/zonesim-bad.json; $Z validate /tmp/zonesim-bad.json"), 2);
    ck_assert_ptr_nonnull(strstr(o, "/tmp/zonesim-bad.json: name: expected a string, found the number"));
    free(o);
}
END_TEST

START_TEST(assess_gives_the_known_answer)
{
    char *o;
    ck_assert_int_eq(sh(&o, "echo '{\"tariff_line\": {\"duty\": 0.05, \"vat\": 0.13}, \"customs_value_cny\": 100}' | $Z assess -"), 0);
    cJSON *j = cJSON_Parse(o);
    ck_assert_ptr_nonnull(j);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "duty_cny")->valuedouble, 5.00, 1e-9);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "vat_cny")->valuedouble, 13.65, 1e-9);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "total_cny")->valuedouble, 18.65, 1e-9);
    cJSON_Delete(j);
    free(o);
    ck_assert_int_eq(sh(&o, "echo '{\"tariff_line\": {\"duty\": 0.5, \"vat\": 0.13, \"ct\": 0.15}, \"price\": 2000000}' | $Z assess"), 0);
    j = cJSON_Parse(o);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "customs_value_cny")->valuedouble, 2006000, 1e-6);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "ct_cny")->valuedouble, 531000, 1e-6);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "vat_cny")->valuedouble, 460200, 1e-6);
    cJSON_Delete(j);
    free(o);
}
END_TEST

START_TEST(assess_applies_the_regime_of_a_scenario)
{
    char *o;
    ck_assert_int_eq(sh(&o, "echo '{\"scenario\": \"scenarios/hetao_baseline.json\", \"category\": \"research_instruments\","
                            " \"customs_value_cny\": 100000, \"owner\": \"whitelisted\", \"line\": \"zone\"}' | $Z assess"), 0);
    cJSON *j = cJSON_Parse(o);
    ck_assert_ptr_nonnull(j);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "total_cny")->valuedouble, 0, 1e-9);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "full_tax_cny")->valuedouble, 18650, 1e-9);
    cJSON *ex = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "exemptions"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(ex, "name")->valuestring, "whitelist");
    cJSON_Delete(j);
    free(o);
    /* the same goods crossing the second line pay */
    ck_assert_int_eq(sh(&o, "echo '{\"scenario\": \"scenarios/hetao_baseline.json\", \"category\": \"research_instruments\","
                            " \"customs_value_cny\": 100000, \"owner\": \"whitelisted\", \"line\": \"second_line\"}' | $Z assess"), 0);
    j = cJSON_Parse(o);
    ck_assert_double_eq_tol(cJSON_GetObjectItem(j, "total_cny")->valuedouble, 18650, 1e-9);
    cJSON_Delete(j);
    free(o);
    ck_assert_int_eq(sh(&o, "echo '{\"category\": \"nope\", \"customs_value_cny\": 1}' | $Z assess"), 2);
    ck_assert_ptr_nonnull(strstr(o, "category"));
    free(o);
}
END_TEST

/* Every line of tests/bad/MANIFEST: the exit code and the message it must give,
 * and nothing left in an output folder. */
START_TEST(bad_inputs_give_the_errors_they_must)
{
    FILE *f = fopen("tests/bad/MANIFEST", "r");
    ck_assert_ptr_nonnull(f);
    char line[2048];
    int n = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *file = strtok(line, "\t"), *cmd = strtok(NULL, "\t"), *code = strtok(NULL, "\t"),
             *expect = strtok(NULL, "\t");
        ck_assert_msg(file && cmd && code && expect, "malformed MANIFEST line %d", n + 1);
        char command[1024] = "", *p = command;
        for (const char *c = cmd; *c && p < command + sizeof command - 256; c++) {
            if (c[0] == '{' && c[1] == 'f' && c[2] == '}') {
                p += sprintf(p, "%s", file);
                c += 2;
            } else {
                *p++ = *c;
            }
        }
        *p = '\0';
        char *out;
        int rc = sh(&out, "cd tests/bad && $Z %s", command);
        bool ok = rc == atoi(code) && strstr(out, expect) != NULL;
        /* one line per problem, each naming zonesim; never a crash or sanitizer report */
        ok = ok && strstr(out, "Sanitizer") == NULL && strncmp(out, "zonesim: ", 9) == 0;
        if (!ok) {
            fprintf(stderr, "%s: zonesim %s\n  exit %d (want %s)\n  want: %s\n  got:  %.600s\n", file,
                    command, rc, code, expect, out);
            failures++;
        }
        free(out);
        n++;
    }
    fclose(f);
    ck_assert_int_ge(n, 60);
    ck_assert_msg(failures == 0, "%d of %d bad inputs gave the wrong answer (see above)", failures, n);
    struct stat st;
    ck_assert_msg(stat("/tmp/zonesim-bad-out-120", &st) != 0, "a refused run created its output folder");
}
END_TEST

START_TEST(unwritable_output_folder_fails_cleanly)
{
    char *o;
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 1 --set horizon_days=20 --set warmup_days=2 -o /dev/null/out"), 1);
    ck_assert_ptr_nonnull(strstr(o, "zonesim: cannot create /dev/null/out"));
    free(o);
}
END_TEST

START_TEST(interrupted_run_keeps_completed_replications_marked_incomplete)
{
    char *d = tmpdir(), *o;
    /* 200 replications cannot finish in the half second before SIGINT. */
    int rc = sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 200 -j 2 --set horizon_days=60 --set warmup_days=5 "
                    "-o %s/r & pid=$!; sleep 0.6; kill -INT $pid; wait $pid", d);
    ck_assert_msg(rc == 130, "exit %d: %s", rc, o);
    ck_assert_ptr_nonnull(strstr(o, "interrupted"));
    free(o);
    char path[512];
    snprintf(path, sizeof path, "%s/r/summary.json", d);
    char *text = slurp(path);
    ck_assert_ptr_nonnull(text);
    cJSON *j = cJSON_Parse(text);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(j, "complete")));
    int done = cJSON_GetObjectItem(j, "replications")->valueint;
    ck_assert(done >= 1 && done < 200);
    ck_assert_int_eq(cJSON_GetObjectItem(j, "replications_planned")->valueint, 200);
    cJSON_Delete(j);
    free(text);
    /* no temporary file is left behind */
    ck_assert_int_ne(sh(NULL, "ls %s/r | grep -q tmp", d), 0);
    /* every row written is the row an uninterrupted run gives, byte for byte: none cut short */
    ck_assert_int_eq(sh(&o, "cd %s && last=$(tail -n 1 r/replications.csv | cut -d, -f1) && "
                            "$Z run %s/scenarios/hetao_baseline.json -q -r $((last + 1)) --set horizon_days=60 "
                            "--set warmup_days=5 -o full && "
                            "tail -n +2 r/replications.csv > rows && test $(wc -l < rows) -eq %d && "
                            "while read -r l; do grep -qxF \"$l\" full/replications.csv || exit 1; done < rows",
                            d, getenv("PWD"), done), 0);
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(interrupted_sweep_keeps_the_points_that_finished)
{
    char *d = tmpdir(), *o;
    const char *grid = "--vary lines.second_line.lanes=3..202 -q -r 2 --set horizon_days=60 --set warmup_days=5";
    /* the signal must land after the first point and before the last: on a slow build
     * (sanitizers, valgrind) loading the 200 points takes longer, so wait longer */
    int rc = 0;
    for (double wait = 1.2; wait < 40; wait *= 2) {
        rc = sh(&o, "cd %s && rm -rf s && $Z sweep %s/scenarios/hetao_baseline.json %s -j 2 -o s & pid=$!; "
                    "sleep %g; kill -TERM $pid; wait $pid", d, getenv("PWD"), grid, wait);
        bool none = strstr(o, "nothing written") != NULL;
        free(o);
        if (!(rc == 130 && none))
            break;
    }
    ck_assert_msg(rc == 130, "exit %d", rc);
    ck_assert_int_eq(sh(NULL, "cd %s && grep -q '\"complete\":\tfalse' s/sweep.json", d), 0);
    ck_assert_int_eq(sh(&o, "cd %s && n=$(tail -n +2 s/sweep.csv | wc -l) && test $n -ge 1 && test $n -lt 200 && "
                            "$Z sweep %s/scenarios/hetao_baseline.json %s --points 0..$((n - 1)) -o full && "
                            "cmp s/sweep.csv full/sweep.csv && cmp s/kpis.csv full/kpis.csv", d, getenv("PWD"), grid), 0);
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(second_signal_exits_at_once_leaving_no_partial_file)
{
    char *d = tmpdir(), *o;
    int rc = sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 200 -j 2 -o %s/r & pid=$!; sleep 0.5; "
                    "kill -INT $pid; kill -INT $pid; wait $pid", d);
    ck_assert_msg(rc == 130, "exit %d: %s", rc, o);
    free(o);
    /* whatever is there is whole: a final name holds a complete file or nothing */
    char path[512];
    snprintf(path, sizeof path, "%s/r/summary.json", d);
    char *text = slurp(path);
    if (text) {
        cJSON *j = cJSON_Parse(text);
        ck_assert_ptr_nonnull(j);
        cJSON_Delete(j);
        free(text);
    }
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(oversized_file_is_refused_before_reading)
{
    char *o;
    ck_assert_int_eq(sh(&o, "truncate -s 300M /tmp/zonesim-huge.json && $Z validate /tmp/zonesim-huge.json; "
                            "rc=$?; rm -f /tmp/zonesim-huge.json; exit $rc"), 2);
    ck_assert_ptr_nonnull(strstr(o, "larger than"));
    free(o);
}
END_TEST

START_TEST(trace_tells_every_stage_a_consignment_passes)
{
    char *o;
    ck_assert_int_eq(sh(&o, "$Z trace scenarios/hetao_baseline.json -n 80"), 0);
    const char *stages[] = {"arrives from abroad", "reaches the first line", "a lane takes the declaration",
                            "risk check", "selected for inspection", "inspection finished",
                            "no import tax at the first line: the goods enter bonded",
                            "released by the first line", "enters the zone bonded",
                            "reaches the second line", "import taxes assessed at the second line",
                            "exemption \"whitelist\" forgave", "pays ", "released to the mainland",
                            "used up in the zone", "left abroad (re-exported)", "arrives from the mainland"};
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
        ck_assert_msg(strstr(o, stages[i]) != NULL, "trace never says \"%s\"", stages[i]);
    free(o);
}
END_TEST

/* In the full event log, every consignment's steps come in a possible order. */
START_TEST(trace_events_log_is_consistent_for_every_consignment)
{
    char *d = tmpdir(), path[512], *o;
    snprintf(path, sizeof path, "%s/steps.csv", d);
    ck_assert_int_eq(sh(&o, "$Z trace scenarios/hetao_baseline.json -n 1 --set horizon_days=4 --set warmup_days=0 --events %s", path), 0);
    free(o);
    char *csv = slurp(path);
    ck_assert_ptr_nonnull(csv);
    ck_assert(strncmp(csv, "time_min,day,clock,consignment,flow,step,text\n", 46) == 0);
    enum { MAXC = 20000 };
    static int state[MAXC]; /* 0 new, 1 arrived, 2 in a queue, 3 declared, 4 gone */
    int lines = 0, exits = 0;
    for (char *line = strchr(csv, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        unsigned id;
        char step[32];
        ck_assert_int_eq(sscanf(line, "%*[^,],%*[^,],%*[^,],%u,%*[^,],%31[^,]", &id, step), 2);
        ck_assert_uint_lt(id, MAXC);
        int was = state[id];
        if (!strcmp(step, "arrive")) {
            ck_assert_int_eq(was, 0);
            state[id] = 1;
        } else if (!strcmp(step, "queue")) {
            ck_assert(was == 1 || was == 2);
            state[id] = 2;
        } else if (!strcmp(step, "declaration")) {
            ck_assert_int_eq(was, 2);
            state[id] = 3;
        } else if (!strcmp(step, "release")) {
            ck_assert_int_eq(was, 3);
            state[id] = 1;
        } else if (!strcmp(step, "exit")) {
            ck_assert(was == 1 || was == 3);
            state[id] = 4;
            exits++;
        } else {
            ck_assert(was != 0 && was != 4);
        }
        lines++;
    }
    ck_assert_int_gt(lines, 5000);
    ck_assert_int_gt(exits, 100);
    free(csv);
    ck_assert_int_eq(sh(&o, "$Z trace scenarios/hetao_baseline.json --events %s/x.csv", d), 2);
    ck_assert_ptr_nonnull(strstr(o, "at most 60 days"));
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

/* The report.html of results folder d/sub, which must exist (free it). */
static char *report_html(const char *d, const char *sub)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/report.html", d, sub);
    char *html = slurp(path);
    ck_assert_msg(html != NULL, "no %s", path);
    return html;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

START_TEST(report_has_its_charts_or_says_how_to_get_them)
{
    char *d = tmpdir(), *o;
    ck_assert_int_eq(sh(&o, "$Z run scenarios/hetao_baseline.json -q -r 2 --set horizon_days=40 --set warmup_days=2 -o %s/r --report", d), 0);
    free(o);
    char *html = report_html(d, "r");
    ck_assert_ptr_nonnull(strstr(html, "<table>"));
    ck_assert_ptr_nonnull(strstr(html, "tax_total_cny"));
    /* each KPI with its unit (from summary.json), money with thousands separators */
    ck_assert_ptr_nonnull(strstr(html, "<td>tax_total_cny</td><td>CNY</td><td class=\"n\">"));
    ck_assert_ptr_nonnull(strstr(html, "<td>l2_time_mean_min</td><td>min</td>"));
    /* self-contained: nothing to fetch */
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "<link"));
    ck_assert_ptr_null(strstr(html, " src="));
    if (sh(NULL, "gnuplot --version") == 0)
        ck_assert_int_ge(count(html, "<svg"), 12);
    free(html);
    /* without gnuplot on the PATH: every table, and a note saying how to get the charts */
    ck_assert_int_eq(sh(&o, "PATH=/nonexistent $Z report %s/r", d), 0);
    free(o);
    html = report_html(d, "r");
    ck_assert_int_eq(count(html, "<svg"), 0);
    ck_assert_ptr_nonnull(strstr(html, "apt-get install gnuplot-nox"));
    ck_assert_ptr_nonnull(strstr(html, "forgone_whitelist_cny"));
    free(html);
    ck_assert_int_eq(sh(&o, "$Z report %s", d), 2);
    ck_assert_ptr_nonnull(strstr(o, "not a zonesim results folder"));
    free(o);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

/* Revenue over time and policy changes on the time charts: the day-by-day tax
 * adds up to the run's tax_total_cny, the forgone to the forgone KPIs, the
 * changes are listed with their (escaped) descriptions, one inside the warm-up
 * said to be undrawn; a folder from before these keys still reports. */
START_TEST(report_shows_revenue_over_time_and_marks_policy_changes)
{
    char *d = tmpdir(), path[512], *o, long_cjk[64 * 3 + 1] = "";
    for (int i = 0; i < 64; i++) /* 192 bytes of U+6D77: the caption cuts it between characters */
        strcat(long_cjk, "\xe6\xb5\xb7");
    snprintf(path, sizeof path, "%s/pc.json", d);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"extends\": \"%s/scenarios/hetao_enforcement.json\", \"name\": \"pc\", \"horizon_days\": 40,"
               " \"warmup_days\": 5, \"policy_changes\": ["
               "{\"at\": \"2 d\", \"description\": \"early\", \"set\": {\"lines.second_line.lanes\": 5}},"
               "{\"at\": \"20 d\", \"description\": \"<b>x</b> & y\", \"set\": {\"lines.second_line.lanes\": 3}},"
               "{\"at\": \"22.125 d\", \"description\": \"%s\", \"set\": {\"lines.second_line.lanes\": 4}},"
               "{\"at\": \"24.0625 d\", \"set\": {\"lines.second_line.lanes\": 3}},"
               "{\"at\": \"26.03125 d\", \"set\": {\"lines.second_line.lanes\": 4}},"
               "{\"at\": \"28.015625 d\", \"set\": {\"lines.second_line.lanes\": 3}},"
               "{\"at\": \"30.0078125 d\", \"set\": {\"lines.second_line.lanes\": 4}},"
               "{\"at\": \"32.00390625 d\", \"set\": {\"lines.second_line.lanes\": 3}}]}",
            getenv("PWD"), long_cjk);
    fclose(f);
    ck_assert_int_eq(sh(&o, "$Z run %s -q -r 2 -o %s/r --report", path, d), 0);
    free(o);
    snprintf(path, sizeof path, "%s/r/detail.json", d);
    char *text = slurp(path);
    cJSON *det = cJSON_Parse(text);
    free(text);
    snprintf(path, sizeof path, "%s/r/summary.json", d);
    text = slurp(path);
    cJSON *sum = cJSON_Parse(text);
    free(text);
    ck_assert(det && sum);
    double tax = 0, forgone = 0, want_forgone = 0, by_cat = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(det, "tax_cny_by_day")) tax += v->valuedouble;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(det, "forgone_cny_by_day")) forgone += v->valuedouble;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(det, "tax_by_category_cny")) by_cat += v->valuedouble;
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(det, "tax_cny_by_day")), 35);
    const cJSON *kpis = cJSON_GetObjectItem(sum, "kpis");
    cJSON_ArrayForEach(v, kpis) if (!strncmp(v->string, "forgone_", 8))
        want_forgone += cJSON_GetObjectItem(v, "mean")->valuedouble;
    double want = cJSON_GetObjectItem(cJSON_GetObjectItem(kpis, "tax_total_cny"), "mean")->valuedouble;
    ck_assert(cJSON_GetObjectItem(cJSON_GetObjectItem(kpis, "revenue_recovered_cny"), "mean")->valuedouble > 0);
    ck_assert_msg(fabs(tax - want) <= 1e-9 * want, "tax by day %.2f, tax_total_cny %.2f", tax, want);
    ck_assert_msg(fabs(by_cat - want) <= 1e-9 * want, "tax by category %.2f, tax_total_cny %.2f", by_cat, want);
    ck_assert_msg(want_forgone > 0 && fabs(forgone - want_forgone) <= 1e-9 * want_forgone, "forgone %.2f, KPIs %.2f",
                  forgone, want_forgone);
    char *html = report_html(d, "r");
    ck_assert_ptr_nonnull(strstr(html, "Dashed lines: policy changes (1: day 2 (in the warm-up: not drawn), early; "
                                       "2: day 20, &lt;b&gt;x&lt;/b&gt; &amp; y; 3: day 22.12, "));
    ck_assert_ptr_nonnull(strstr(html, "Revenue over time"));
    ck_assert_ptr_null(strstr(html, "could not draw"));
    char cut[256] = "3: day 22.12, "; /* 14 + 159 + 34 bytes */
    for (int i = 0; i < 53; i++) /* 159 bytes: the most whole characters within 160 */
        strcat(cut, "\xe6\xb5\xb7");
    strcat(cut, "...; 4: day 24.06, no description");
    ck_assert_ptr_nonnull(strstr(html, cut));
    free(html);
    snprintf(path, sizeof path, "%s/r/report_data/queue_by_day.gp", d);
    char *gp = slurp(path);
    ck_assert_ptr_nonnull(strstr(gp, "set arrow 2 from 20, graph 0"));
    ck_assert_ptr_nonnull(strstr(gp, "set arrow 8 from 32.0039, graph 0")); /* all eight, each line whole */
    ck_assert_ptr_null(strstr(gp, "set arrow 1 "));
    free(gp);
    /* a folder written before these keys: reported without the new chart */
    cJSON_DeleteItemFromObject(det, "tax_cny_by_day");
    cJSON_DeleteItemFromObject(det, "forgone_cny_by_day");
    cJSON_DeleteItemFromObject(det, "policy_changes");
    text = cJSON_Print(det);
    snprintf(path, sizeof path, "%s/r/detail.json", d);
    f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    free(text);
    ck_assert_int_eq(sh(&o, "$Z report %s/r", d), 0);
    free(o);
    html = report_html(d, "r");
    ck_assert_ptr_null(strstr(html, "Revenue over time"));
    ck_assert_ptr_null(strstr(html, "Dashed lines"));
    free(html);
    cJSON_Delete(det);
    cJSON_Delete(sum);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

/* Three scenarios in one compare: the report shows what differs from the base,
 * one chart per KPI group, and every KPI with its unit and each alternative's
 * change, starred at the Bonferroni level. */
START_TEST(three_way_compare_report_has_diffs_charts_and_units)
{
    char *d = tmpdir(), *o;
    ck_assert_int_eq(sh(&o, "$Z compare scenarios/hetao_baseline.json scenarios/hetao_l2_extra_lane.json "
                            "scenarios/hetao_l2_24h.json -q -r 3 --set horizon_days=30 --set warmup_days=2 "
                            "-o %s/c --report", d), 0);
    free(o);
    char *html = report_html(d, "c");
    ck_assert_ptr_nonnull(strstr(html, "2 alternatives against hetao_baseline"));
    ck_assert_ptr_nonnull(strstr(html, "Bonferroni"));
    ck_assert_ptr_nonnull(strstr(html, "lines.second_line.lanes: 4 -&gt; 5"));
    ck_assert_ptr_nonnull(strstr(html, "<td>tax_total_cny</td><td>CNY</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<th>hetao_l2_24h</th>"));
    if (sh(NULL, "gnuplot --version") == 0)
        ck_assert_int_eq(count(html, "<svg"), 2);
    free(html);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

/* M/M/c reproduced end to end: a scenario file reduced to one line with
 * exponential times, through `zonesim run`, against Erlang C. */
START_TEST(run_reproduces_erlang_c_through_a_scenario_file)
{
    char *f = write_temp(
        "{\"name\": \"mmc\", \"horizon_days\": 8, \"warmup_days\": 1, \"replications\": 20, \"seed\": 11,"
        " \"regime\": {\"name\": \"none\", \"exemptions\": []}, \"tariff\": {\"categories\": {\"g\": {\"duty\": 0}}},"
        " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 3456, \"categories\": {\"g\": 1},"
        "   \"value_cny\": 1, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": 0}],"
        " \"lines\": {\"first_line\": {\"lanes\": 3, \"service\": {\"dist\": \"exponential\", \"mean\": \"1 min\"}},"
        "            \"second_line\": {\"lanes\": 1, \"service\": \"1 min\"}}}");
    char *d = tmpdir(), dir[512], *o;
    ck_assert_int_eq(sh(&o, "$Z run %s -q -o %s/m", f, d), 0);
    free(o);
    snprintf(dir, sizeof dir, "%s/m/summary.json", d);
    char *text = slurp(dir);
    cJSON *j = cJSON_Parse(text);
    cJSON *w = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "kpis"), "l1_wait_mean_min");
    double mean = cJSON_GetObjectItem(w, "mean")->valuedouble, ci = cJSON_GetObjectItem(w, "ci95")->valuedouble;
    double theory = erlang_c(3, 2.4) / (3 - 2.4);
    /* 4 standard errors: ci95 = t(0.975, 19) se = 2.093 se */
    ck_assert_msg(fabs(mean - theory) <= 4 * ci / 2.093, "wait %g +- %g, Erlang C %g", mean, ci, theory);
    ck_assert(ci < 0.1 * theory);
    cJSON_Delete(j);
    free(text);
    remove(f);
    free(f);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

START_TEST(man_page_renders)
{
    char *o;
    if (sh(NULL, "command -v man") != 0)
        return; /* no man on this machine: nothing to render with */
    ck_assert_int_eq(sh(&o, "MANWIDTH=80 man -l zonesim.1 | col -b"), 0);
    ck_assert_ptr_nonnull(strstr(o, "discrete-event simulation of goods clearance"));
    ck_assert_ptr_nonnull(strstr(o, "SYNOPSIS"));
    ck_assert_ptr_nonnull(strstr(o, "EXIT STATUS"));
    free(o);
}
END_TEST

START_TEST(outputs_doc_lists_every_kpi_as_the_codebook_does)
{
    char *o;
    char *d = tmpdir();
    ck_assert_int_eq(sh(&o, "sed -n '/<!-- kpis:begin -->/,/<!-- kpis:end -->/p' docs/outputs.md | sed '1d;$d' > %s/doc "
                            "&& $Z kpis --markdown | diff - %s/doc", d, d), 0);
    sh(NULL, "rm -rf %s", d);
    free(d);
    ck_assert_msg(o[0] == '\0', "docs/outputs.md differs from zonesim kpis --markdown:\n%s", o);
    free(o);
}
END_TEST

START_TEST(readme_tour_and_tutorial_run_twice_in_a_row)
{
    char *o;
    int rc = sh(&o, "tests/cli/tour.sh $Z");
    ck_assert_msg(rc == 0, "%s", o);
    free(o);
}
END_TEST

START_TEST(shipped_what_ifs_differ_from_their_base_in_what_they_say)
{
    static const char *const cases[][2] = {
        {"hetao_l2_extra_lane", "lines.second_line.lanes: 4 -> 5\nname: \"hetao_baseline\" -> \"hetao_l2_extra_lane\"\n"},
        {"hetao_whitelist_doubled",
         "flows.research_goods_from_hk.rate_per_day: 60 -> 120\nname: \"hetao_baseline\" -> \"hetao_whitelist_doubled\"\n"},
        {"hetao_l2_24h", "lines.second_line.open: [\"08:00\",\"22:00\"] -> \"24h\"\nname: \"hetao_baseline\" -> \"hetao_l2_24h\"\n"},
        {"compare_regimes/hetao", "name: \"hetao_baseline\" -> \"regime_hetao\"\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *o;
        ck_assert_int_eq(sh(&o, "$Z diff scenarios/hetao_baseline.json scenarios/%s.json", cases[i][0]), 0);
        ck_assert_msg(!strcmp(o, cases[i][1]), "%s:\n%s", cases[i][0], o);
        free(o);
    }
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("end to end");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, help_is_there_for_every_command);
    tcase_add_test(tc, run_writes_summary_replications_and_scenario_for_each_shipped_scenario);
    tcase_add_test(tc, output_is_byte_identical_for_one_and_two_threads);
    tcase_add_test(tc, rerunning_replaces_its_own_results_and_nothing_else);
    tcase_add_test(tc, bad_options_and_bad_scenarios_exit_2_with_a_message);
    tcase_add_test(tc, assess_gives_the_known_answer);
    tcase_add_test(tc, assess_applies_the_regime_of_a_scenario);
    tcase_add_test(tc, bad_inputs_give_the_errors_they_must);
    tcase_add_test(tc, unwritable_output_folder_fails_cleanly);
    tcase_add_test(tc, interrupted_run_keeps_completed_replications_marked_incomplete);
    tcase_add_test(tc, interrupted_sweep_keeps_the_points_that_finished);
    tcase_add_test(tc, oversized_file_is_refused_before_reading);
    tcase_add_test(tc, second_signal_exits_at_once_leaving_no_partial_file);
    tcase_add_test(tc, trace_tells_every_stage_a_consignment_passes);
    tcase_add_test(tc, trace_events_log_is_consistent_for_every_consignment);
    tcase_add_test(tc, report_has_its_charts_or_says_how_to_get_them);
    tcase_add_test(tc, report_shows_revenue_over_time_and_marks_policy_changes);
    tcase_add_test(tc, three_way_compare_report_has_diffs_charts_and_units);
    tcase_add_test(tc, run_reproduces_erlang_c_through_a_scenario_file);
    tcase_add_test(tc, man_page_renders);
    tcase_add_test(tc, readme_tour_and_tutorial_run_twice_in_a_row);
    tcase_add_test(tc, shipped_what_ifs_differ_from_their_base_in_what_they_say);
    tcase_add_test(tc, outputs_doc_lists_every_kpi_as_the_codebook_does);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
