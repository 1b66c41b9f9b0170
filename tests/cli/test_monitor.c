/* test_monitor.c: `zonesim run --monitor DIR` — the rows add up to the KPIs
 * (every measured charge sums to tax_total_cny; one consignment row per exit,
 * one crossing row per release), the folder is byte-identical for any thread
 * count, no part file is left behind, an interrupted replication leaves no
 * rows, and the folder is claimed like a results folder. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario/json_in.h"
#include "models/scenario/scenario.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "tests/testutil.h"

/* Two flows under the Hetao regime: whitelisted research goods (exempt on
 * entry, used up in the zone) and ordinary goods released to the mainland,
 * 2,000 CNY each at 5% duty and 13% VAT: 100 + 2,100 x 0.13 = 373 CNY.  The
 * ordinary owner's comma and quotes test the CSV quoting.  %s: the cwd. */
static const char SCN[] =
    "{\"extends\": \"%s/scenarios/regimes/hetao.json\", \"name\": \"mon\", \"horizon_days\": 6,"
    " \"warmup_days\": 1, \"replications\": 3, \"seed\": 11,"
    " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0.05, \"vat\": 0.13, \"tags\": [\"research\"]}}},"
    " \"flows\": [{\"name\": \"research\", \"origin\": \"abroad\", \"owner\": \"whitelisted\", \"rate_per_day\": 40,"
    "   \"categories\": {\"g\": 1}, \"value_cny\": 1000, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": \"1 d\"},"
    "  {\"name\": \"trade\", \"origin\": \"abroad\", \"owner\": \"ord, \\\"B\\\"\", \"rate_per_day\": 60,"
    "   \"categories\": {\"g\": 1}, \"value_cny\": 2000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"12 h\"}],"
    " \"lines\": {\"first_line\": {\"lanes\": 2, \"service\": \"5 min\"},"
    "   \"second_line\": {\"lanes\": 2, \"service\": \"8 min\"}}}";

static char *scenario(void)
{
    char cwd[4096], text[8192];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    snprintf(text, sizeof text, SCN, cwd);
    return write_temp(text);
}

/* A python check of the folder against the results: prints "ok" or the reason. */
static const char CHECK[] =
    "import csv, json, sys, collections\n"
    "m, r = sys.argv[1], sys.argv[2]\n"
    "idx = json.load(open(m + '/monitor.json'))\n"
    "kp = {row['replication']: row for row in csv.DictReader(open(r + '/replications.csv'))}\n"
    "assert idx['complete'] is True and idx['replications'] == [0, 1, 2], idx\n"
    "rows = {k: list(csv.DictReader(open(m + '/' + k + '.csv'))) for k in idx['files']}\n"
    "for k, v in idx['files'].items():\n"
    "    assert v['rows'] == len(rows[k]), (k, v, len(rows[k]))\n"
    "tax = collections.defaultdict(float); exits = collections.Counter(); cross = collections.Counter()\n"
    "forgone = collections.defaultdict(float)\n"
    "for t in rows['taxes']:\n"
    "    parts = sum(float(t[c]) for c in t if c.endswith('_cny') and c not in ('total_cny', 'forgone_cny'))\n"
    "    assert abs(parts - float(t['total_cny'])) < 0.005, t\n"
    "    if t['measured'] == 'true': tax[t['replication']] += float(t['total_cny'])\n"
    "    if t['measured'] == 'true': forgone[t['replication']] += float(t['forgone_cny'])\n"
    "owners = set()\n"
    "for c in rows['consignments']:\n"
    "    assert c['measured'] in ('true', 'false') and c['exempt_on_entry'] in ('true', 'false'), c\n"
    "    owners.add(c['owner'])\n"
    "    if c['flow'] == 'research': assert c['exempt_on_entry'] == 'true' and float(c['tax_paid_cny']) == 0, c\n"
    "    if c['flow'] == 'trade' and c['exit'] == 'mainland':\n"
    "        assert abs(float(c['tax_paid_cny']) - 373) < 0.01, c\n"
    "    if c['measured'] == 'true': exits[c['replication']] += 1\n"
    "for x in rows['crossings']:\n"
    "    assert float(x['arrived_min']) <= float(x['released_min']), x\n"
    "    assert abs(float(x['released_min']) - float(x['arrived_min']) - float(x['time_min'])) < 0.002, x\n"
    "    if x['measured'] == 'true': cross[x['replication'], x['line']] += 1\n"
    "assert owners == {'ord, \"B\"', 'whitelisted'}, owners\n"
    "hours = collections.Counter(x['replication'] for x in rows['resources'])\n"
    "for rep, k in kp.items():\n"
    "    assert abs(tax[rep] - float(k['tax_total_cny'])) < 0.01, (rep, tax[rep], k['tax_total_cny'])\n"
    "    kf = sum(float(v) for c, v in k.items() if c.startswith('forgone_'))\n"
    "    assert kf > 0 and abs(forgone[rep] - kf) < 0.01, (rep, forgone[rep], kf)\n"
    "    assert hours[rep] == 6 * 24 + 1, hours\n"
    "    days = 5\n"
    "    assert abs(cross[rep, '1'] - float(k['l1_throughput_per_day']) * days) < 0.5, (rep, cross)\n"
    "    assert abs(cross[rep, '2'] - float(k['l2_throughput_per_day']) * days) < 0.5, (rep, cross)\n"
    "print('ok')\n";

START_TEST(rows_add_up_to_the_kpis)
{
    char *scn = scenario(), *py = write_temp(CHECK), *d = tmpdir(), *o;
    int rc = sh(&o, "cd %s && $Z run %s -q -j 1 -o r1 --monitor m1 && $Z run %s -q -j 2 -o r2 --monitor m2 && "
                    "python3 %s m1 r1", d, scn, scn, py);
    ck_assert_msg(rc == 0 && strstr(o, "ok"), "rc %d: %s", rc, o);
    free(o);
    /* byte-identical whatever the threads; nothing hidden left but the manifest */
    ck_assert_int_eq(sh(&o, "cd %s && for f in consignments crossings taxes resources; do "
                            "cmp m1/$f.csv m2/$f.csv || exit 1; done && ls -A m1 | grep '^\\.' ", d), 0);
    ck_assert_str_eq(o, ".zonesim-files\n");
    free(o);
    sh(NULL, "rm -rf %s", d);
    remove(scn);
    remove(py);
    free(scn);
    free(py);
    free(d);
}
END_TEST

START_TEST(the_folder_is_claimed)
{
    char *scn = scenario(), *d = tmpdir(), *o;
    /* the results folder itself */
    ck_assert_int_eq(sh(&o, "cd %s && $Z run %s -q -r 1 -o r --monitor r", d, scn), 2);
    ck_assert_ptr_nonnull(strstr(o, "folder of its own"));
    free(o);
    /* a file zonesim did not write is never replaced, even with --force */
    ck_assert_int_eq(sh(&o, "cd %s && mkdir m && echo mine > m/taxes.csv && $Z run %s -q -r 1 -o r --monitor m --force",
                        d, scn), 2);
    ck_assert_ptr_nonnull(strstr(o, "not written by zonesim"));
    free(o);
    ck_assert_int_eq(sh(NULL, "cd %s && test \"$(cat m/taxes.csv)\" = mine && test ! -e m/monitor.json", d), 0);
    /* a rerun replaces its own earlier rows: 2 replications, then 1 */
    ck_assert_int_eq(sh(&o, "cd %s && $Z run %s -q -r 2 -o r2 --monitor m2 && $Z run %s -q -r 1 -o r2 --monitor m2 "
                            "2>/dev/null && cut -d, -f1 m2/consignments.csv | sort -u | tr '\\n' ' '", d, scn, scn), 0);
    ck_assert_str_eq(o, "0 replication ");
    free(o);
    ck_assert_int_eq(sh(&o, "cd %s && $Z run %s -q -r 1 --monitor ''", d, scn), 2);
    free(o);
    sh(NULL, "rm -rf %s", d);
    remove(scn);
    free(scn);
    free(d);
}
END_TEST

/* A replication stopped part-way leaves no part file; a whole one leaves four. */
START_TEST(an_interrupted_replication_leaves_no_rows)
{
    char *scn = scenario(), *d = tmpdir(), *o;
    cz_reader_t r;
    cz_reader_init(&r, scn);
    cz_scenario_t *s = cz_scenario_load(&r, scn, NULL, 0);
    ck_assert_ptr_nonnull(s);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    atomic_int stop = 1;
    cz_run_opts_t stopped = {0, &stop, NULL, NULL, d};
    ck_assert_int_eq(cz_zone_run_with(s, &stopped, k, &st), CZ_INTERRUPTED);
    ck_assert_int_eq(sh(&o, "ls -A %s | wc -l", d), 0);
    ck_assert_int_eq(atoi(o), 0);
    free(o);
    cz_run_opts_t whole = {1, NULL, NULL, NULL, d};
    ck_assert_int_eq(cz_zone_run_with(s, &whole, k, &st), CZ_OK);
    ck_assert_int_eq(sh(&o, "ls -A %s | grep -c '_1\\.part\\.'", d), 0);
    ck_assert_int_eq(atoi(o), CZ_MON_KINDS);
    free(o);
    /* an unwritable folder: an error, not a silent run */
    cz_run_opts_t nowhere = {2, NULL, NULL, NULL, "/nonexistent/zonesim-monitor"};
    ck_assert_int_eq(cz_zone_run_with(s, &nowhere, k, &st), CZ_FAILED);
    ck_assert_ptr_nonnull(strstr(st.check_error, "monitor"));
    free(k);
    cz_scenario_free(s);
    cz_reader_fini(&r);
    sh(NULL, "rm -rf %s", d);
    remove(scn);
    free(scn);
    free(d);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("monitor");
    TCase *tc = tcase_create("monitor");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rows_add_up_to_the_kpis);
    tcase_add_test(tc, the_folder_is_claimed);
    tcase_add_test(tc, an_interrupted_replication_leaves_no_rows);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(make_suite());
}
