/* test_tables.c: tariff schedules and trade mixes from CSV (tables.c): what
 * each column becomes, how the file's own JSON amends it, prefix lists, HS
 * chapters for revenue, and an error naming file, row, column and value for
 * each kind of bad data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario/scenario.h"
#include "models/scenario/scenario_impl.h"
#include "models/zone/kpi.h"
#include "tests/testutil.h"

/* A folder with scenario.json and the tables; removed by the test. */
static char dir[64];

static void put_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/zonesim-tables-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void) { sh(NULL, "rm -rf %s", dir); }

#define SCENARIO(tariff_extra, flow_goods)                                                                       \
    "{\"name\": \"t\", \"horizon_days\": 30, \"replications\": 1, \"seed\": 3,"                                  \
    " \"regime\": {\"name\": \"r\", \"exemptions\": [{\"name\": \"research\", \"owners\": [\"whitelisted\"],"    \
    "   \"tags\": [\"research\"], \"taxes\": [\"duty\", \"vat\"], \"at\": [\"first_line\", \"zone\"]}]},"        \
    " \"tariff\": {\"schedule\": \"sched.csv\"" tariff_extra "},"                                                 \
    " \"flows\": [{\"name\": \"f\", \"owner\": \"ordinary\", \"origin_country\": \"HK\", \"rate_per_day\": 20,"  \
    flow_goods ", \"value_cny\": 100000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"1 d\"}],"                \
    " \"lines\": {\"first_line\": {\"lanes\": 2, \"service\": \"5 min\"},"                                       \
    "   \"second_line\": {\"lanes\": 2, \"service\": \"5 min\"}}}"

static const char *const SCHED =
    "code,description,mfn,mfn_per_unit,provisional,general,agreement:CEPA,vat,ct,ct_per_unit,"
    "ct_threshold_price,ct_rate_at_or_above,export_duty,export_refund,supervision_years,tags\r\n"
    "90271010,\"instruments, \"\"gas\"\" analysers\",5%,,,30%,0,0.13,,,,,,,3,research; self_use\r\n"
    "85171090,phones,0,,,0.5,,0.13,,,,,,0.13,,\r\n"
    "\r\n"
    "24021010,cigarettes,0.25,,,180%,,0.13,0.36,0.6,70,0.56,,,,\r\n"
    "72021100,ferroalloys,0.02,10,0.01,0.3,,0.13,,,,,0.2,0,,\r\n";

/* Load dir/scenario.json; NULL with *errors the joined problems. */
static cz_scenario_t *load(char **errors)
{
    char path[128];
    snprintf(path, sizeof path, "%s/scenario.json", dir);
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
    return s;
}

static const cz_tariff_line_t *line(const cz_scenario_t *s, const char *name)
{
    for (int c = 0; c < s->ncats; c++)
        if (!strcmp(s->cats[c].name, name))
            return &s->cats[c];
    ck_abort_msg("no line %s", name);
    return NULL;
}

START_TEST(each_column_becomes_its_key)
{
    put_file("sched.csv", SCHED);
    put_file("trade.csv", "code,origin,consignments,value_cny\n90271010,HK,3,250000\n85171090,HK,1,\n24021010,KR,5,9\n");
    put_file("scenario.json", SCENARIO(", \"origins\": {\"HK\": {\"agreements\": [\"CEPA\"]}},"
                                       " \"categories\": {\"85171090\": {\"vat\": 0.09}}",
                                       "\"preference_share\": 1, \"trade\": \"trade.csv\""));
    char *e;
    cz_scenario_t *s = load(&e);
    ck_assert_msg(s != NULL, "%s", e);
    ck_assert_int_eq(s->ncats, 4);
    const cz_tariff_line_t *a = line(s, "90271010"), *p = line(s, "85171090"), *c = line(s, "24021010"),
                           *f = line(s, "72021100");
    ck_assert_int_eq(a->duty.rate, 5000000);               /* "5%" */
    ck_assert(a->has_general && a->general.rate == 30000000 && !a->has_provisional);
    ck_assert(a->has_agreement == 1 && a->agreement[0] == 0); /* agreement:CEPA = 0 */
    ck_assert_int_eq(a->supervision_years, 3);
    ck_assert(a->ntags == 2 && !strcmp(a->tags[0], "research") && !strcmp(a->tags[1], "self_use"));
    ck_assert_int_eq(p->vat, 9000000);                     /* the file's own JSON amends the line */
    ck_assert_int_eq(p->export_refund, 13000000);
    ck_assert(c->ct.rate == 36000000 && c->ct.unit_fen == 60 && c->ct_threshold.on &&
              c->ct_threshold.price_fen == 7000 && c->ct_threshold.rate_at_or_above == 56000000);
    ck_assert(f->duty.rate == 2000000 && f->duty.unit_fen == 1000 && f->has_provisional &&
              f->provisional.rate == 1000000 && f->export_duty.rate == 20000000);
    /* the trade table: HK rows only, 3 : 1; 90271010's consignments average 250,000 (value_cny
     * of the flow is 100,000: x 2.5), 85171090's keep the flow's mean */
    ck_assert_int_eq(s->flows[0].ncat, 2);
    ck_assert(s->flows[0].value_scale && s->flows[0].value_scale[0] == 2.5 && s->flows[0].value_scale[1] == 1);
    /* revenue by HS chapter, in order */
    ck_assert(s->by_chapter && s->ngroups == 4);
    ck_assert_str_eq(s->group[0], "24");
    ck_assert_str_eq(s->group[3], "90");
    char buf[CZ_KPI_NAME_MAX];
    ck_assert_int_ge(cz_kpi_find(s, "tax_chapter_90_cny"), 0);
    ck_assert_int_lt(cz_kpi_find(s, "tax_category_90271010_cny"), 0);
    (void)buf;
    /* scenario.json in a results folder is self-contained: the lines, no file names */
    char *text = cJSON_PrintUnformatted(s->resolved);
    ck_assert(strstr(text, "\"90271010\"") && !strstr(text, "sched.csv") && !strstr(text, "trade.csv"));
    free(text);
    cz_scenario_free(s);
    free(e);
}
END_TEST

START_TEST(the_columns_are_documented_and_empty_trailing_ones_pass)
{
    FILE *f = fopen("docs/tariff.md", "r");
    ck_assert_ptr_nonnull(f);
    static char doc[1 << 16];
    doc[fread(doc, 1, sizeof doc - 1, f)] = '\0';
    fclose(f);
    char tick[80];
    for (const char *const *k = CZ_SC_SCHEDULE_COLUMNS; *k; k++) {
        snprintf(tick, sizeof tick, "`%s`", *k);
        ck_assert_msg(strstr(doc, tick), "docs/tariff.md does not document column %s", *k);
    }
    for (const char *const *k = CZ_SC_TRADE_COLUMNS; *k; k++) {
        snprintf(tick, sizeof tick, "`%s`", *k);
        ck_assert_msg(strstr(doc, tick), "docs/tariff.md does not document column %s", *k);
    }
    /* a spreadsheet's export with empty trailing columns; an amendment that names no line */
    put_file("sched.csv", "code,mfn,vat,,\n90271010,5%,0.13,,\n");
    put_file("scenario.json", SCENARIO("", "\"categories\": {\"90271010\": 1}"));
    char *e;
    cz_scenario_t *s = load(&e);
    ck_assert_msg(s != NULL, "%s", e);
    cz_scenario_free(s);
    free(e);
    put_file("scenario.json", SCENARIO(", \"categories\": {\"9027101\": {\"origin_extra\": {\"US\": 0.25}}}",
                                       "\"categories\": {\"90271010\": 1}"));
    s = load(&e);
    ck_assert_msg(s == NULL && strstr(e, "\"9027101\" is not a line of the schedule (did you mean \"90271010\"?)"),
                  "%s", e);
    free(e);
}
END_TEST

/* A line break inside a quoted description, CRLF as from a spreadsheet on
 * Windows or LF: a newline either way, and the file loads (names refuse it). */
START_TEST(a_line_break_in_a_quoted_description_loads_as_a_newline)
{
    put_file("sched.csv", "code,description,mfn,vat\r\n90271010,\"two\r\nlines\",0.05,0.13\r\n"
                          "85171090,\"and\nthese\",0,0.13\r\n");
    put_file("scenario.json", SCENARIO("", "\"categories\": {\"90271010\": 1}"));
    char *e;
    cz_scenario_t *s = load(&e);
    ck_assert_msg(s != NULL, "%s", e); /* a CR kept in the text would be refused (names and text hold none) */
    ck_assert_int_eq(s->ncats, 2);
    cz_scenario_free(s);
    free(e);
}
END_TEST

START_TEST(lists_tag_lines_by_code_prefix)
{
    put_file("sched.csv", SCHED);
    put_file("scenario.json", SCENARIO(", \"lists\": {\"zero\": [\"8517\", \"7202\"], \"none\": [\"99\"]}",
                                       "\"categories\": {\"85171090\": 1}"));
    char *e;
    cz_scenario_t *s = load(&e);
    ck_assert_msg(s != NULL, "%s", e);
    const cz_tariff_line_t *p = line(s, "85171090"), *a = line(s, "90271010");
    ck_assert(p->ntags == 1 && !strcmp(p->tags[0], "zero"));
    ck_assert_int_eq(line(s, "72021100")->ntags, 1);
    ck_assert_int_eq(a->ntags, 2); /* not on the list */
    /* SCHED has CEPA rates and no origins here: a note says they never apply */
    ck_assert_int_eq(s->nnotes, 2);
    ck_assert_msg(strstr(s->notes[0], "tariff.lists.none: the prefix \"99\" matches no tariff line"), "%s",
                  s->notes[0]);
    ck_assert_msg(strstr(s->notes[1], "1 agreement rate on the lines (the first under \"CEPA\") belongs to no"), "%s",
                  s->notes[1]);
    cz_scenario_free(s);
    free(e);
}
END_TEST

START_TEST(bad_data_names_file_row_column_and_value)
{
    static const struct {
        const char *sched, *trade, *needle;
    } cases[] = {
        {"code,mfn\n90271010,5x\n", NULL, "sched.csv: row 2, column mfn: \"5x\": expected a decimal number"},
        /* control characters: a terminal's escape in a quoted or a bare field */
        {"code,description\n90271010,\"a\x1b[2Jb\"\n", NULL, "sched.csv: row 2: a control character (byte 0x1b) in a quoted field"},
        {"code,description\n90271010,a\x07" "b\n", NULL, "sched.csv: row 2: a control character (byte 0x07) in a field"},
        {"code,vat\n90271010,1.5\n", NULL, "sched.csv: row 2, column vat: \"1.5\": expected a rate in [0, 1]"},
        {"code,mfn\n90271010,-0.1\n", NULL, "row 2, column mfn: \"-0.1\": expected a rate in [0, 10]"},
        {"code,mfn\n90271010,0x10\n", NULL, "row 2, column mfn: \"0x10\": expected a decimal number"},
        {"code,mfn\n90271010,nan\n", NULL, "row 2, column mfn: \"nan\""},
        {"code,mfn\n90271010,0.1000000000000000000001\n", NULL, "row 2, column mfn"},
        {"code,supervision_years\n90271010,2.5\n", NULL, "row 2, column supervision_years: \"2.5\": expected a whole"},
        {"code,mfn\n90271010,6.5\n", NULL, "row 2, column mfn: \"6.5\": a rate above 1 (100%) is written with %"},
        {"code,mfn,,\n90271010,0.1,,x\n", NULL, "sched.csv: row 2: \"x\" under a column without a name"},
        {"code,mfn\n90271010,0.123456789\n", NULL, "row 2, column mfn: \"0.123456789\": a rate has at most 8"},
        {"code,mfn_per_unit\n90271010,0.001\n", NULL, "column mfn_per_unit: \"0.001\": an amount has at most 2"},
        {"code,tags\n90271010,a;b;c;d;e\n", NULL, "row 2, column tags: \"e\": at most 4 lists"},
        {"code,ct,ct_threshold_price\n24021010,0.36,70\n", NULL,
         "row 2: a price threshold needs both ct_threshold_price and ct_rate_at_or_above"},
        {"code,description\n90271010,caf\xe9\n", NULL, "sched.csv: all rows: not UTF-8 text: invalid byte 0xe9 on line 2"},
        {"code,agreement:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n90271010,0\n", NULL,
         "an agreement's name has 1 to 47 characters"},
        {"code,agreement:CEPA,agreement: CEPA\n90271010,0,0\n", NULL, "column \"agreement:CEPA\" appears twice"},
        {"code,mfn\n90271010,0.1\n", "code,origin,share\n90271010,HK,1\nbad,KR,zzz\n",
         "trade.csv: row 3, column code: \"bad\""},
        {"code,mfm\n90271010,0.1\n", NULL, "sched.csv: row 1: unknown column \"mfm\" (did you mean \"mfn\"?)"},
        {"mfn\n0.1\n", NULL, "row 1: no \"code\" column"},
        {"code,mfn,mfn\n90271010,0.1,0.1\n", NULL, "row 1: column \"mfn\" appears twice"},
        {"code,mfn\n90271010,0.1\n85171090,0\n90271010,0.2\n", NULL,
         "sched.csv: row 4, column code: 90271010 appears twice (row 2 has it too)"},
        {"code,mfn\n9027.10.10,0.1\n", NULL, "row 2, column code: \"9027.10.10\": expected a commodity code"},
        {"code,mfn\n90271010,0.1,3\n", NULL, "row 2: 3 fields, the header has 2"},
        {"code,description\n90271010,\"open\n", NULL, "row 2: a quoted field is not closed"},
        {"code,description\n90271010,a\"b\n", NULL, "row 2: a quote inside an unquoted field"},
        {"code,description\n90271010,\"a\"b\n", NULL, "row 2: text after a closing quote"},
        {"", NULL, "row 1: empty"},
        {"code,mfn\n", NULL, "no tariff lines under the header"},
        {"code,agreement:\n90271010,0\n", NULL, "unknown column \"agreement:\""},
        {"code,mfn\n90271010,0.1\n", "code,share\n90271010,0.5\n", "trade.csv: all rows: the shares sum to 0.5, not 1"},
        {"code,mfn\n90271010,0.1\n", "code,origin,share\n90271010,KR,1\n", "trade.csv: all rows: no rows of origin HK"},
        {"code,mfn\n90271010,0.1\n", "code,share,consignments\n90271010,1,1\n",
         "one of \"share\" or \"consignments\""},
        {"code,mfn\n90271010,0.1\n", "code,consignments\n90271010,0\n", "the consignments sum to 0"},
        {"code,mfn\n90271010,0.1\n", "code,share,value_cny\n90271010,1,0\n",
         "trade.csv: row 2, column value_cny: \"0\": a consignment's mean value is above 0"},
        {"code,mfn\n90271010,0.1\n", "code,consignments\n90271010,1\n90271010,2\n",
         "trade.csv: row 3, column code: 90271010 appears twice (row 2 has it too)"},
        {"code,mfn\n90271010,0.1\n", "code,share\n85171090,1\n",
         "flows.f.categories.85171090: category \"85171090\" is not in tariff.categories"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        put_file("sched.csv", cases[i].sched);
        if (cases[i].trade)
            put_file("trade.csv", cases[i].trade);
        put_file("scenario.json", cases[i].trade ? SCENARIO("", "\"trade\": \"trade.csv\"")
                                                 : SCENARIO("", "\"categories\": {\"90271010\": 1}"));
        char *e;
        cz_scenario_t *s = load(&e);
        ck_assert_msg(s == NULL && strstr(e, cases[i].needle), "case %zu: expected \"%s\" in:\n%s", i,
                      cases[i].needle, e);
        free(e);
    }
}
END_TEST

START_TEST(tables_are_found_beside_the_file_and_never_set)
{
    put_file("sched.csv", SCHED);
    put_file("scenario.json", SCENARIO("", "\"categories\": {\"90271010\": 1}"));
    char *o;
    /* from another working directory, through extends from another folder */
    ck_assert_int_eq(sh(&o, "cd / && $Z validate %s/scenario.json", dir), 0);
    free(o);
    ck_assert_int_eq(sh(&o, "cd %s && mkdir -p sub && printf '{\"extends\": \"../scenario.json\", \"name\": \"u\"}' "
                            "> sub/u.json && $Z validate sub/u.json", dir), 0);
    free(o);
    ck_assert_int_eq(sh(&o, "$Z validate %s/scenario.json --set tariff.schedule=/etc/passwd", dir), 2);
    ck_assert_msg(strstr(o, "--set and --vary cannot give one"), "%s", o);
    free(o);
    ck_assert_int_eq(sh(&o, "cd %s && printf '{\"extends\": \"scenario.json\", \"name\": \"v\", \"tariff\": "
                            "{\"schedule\": \"missing.csv\"}}' > v.json && $Z validate v.json", dir), 2);
    ck_assert_msg(strstr(o, "missing.csv: tariff.schedule: cannot open"), "%s", o);
    free(o);
    ck_assert_int_eq(sh(&o, "cd %s && printf '{\"extends\": \"scenario.json\", \"name\": \"w\", \"tariff\": "
                            "{\"schedule\": \".\"}}' > w.json && $Z validate w.json", dir), 2);
    ck_assert_msg(strstr(o, "is a folder"), "%s", o);
    free(o);
}
END_TEST

/* A file's schedule replaces its base's lines and a flow's trade table its base's
 * mix: nothing of the base's table survives to change a rate or a share. */
START_TEST(a_table_replaces_what_the_base_had)
{
    put_file("sched.csv", SCHED);
    put_file("trade.csv", "code,share\n90271010,0.5\n85171090,0.5\n");
    put_file("scenario.json", SCENARIO("", "\"trade\": \"trade.csv\""));
    put_file("child.csv", "code,mfn,vat\n90271010,8%,0.13\n");
    put_file("ctrade.csv", "code,share\n90271010,1\n");
    put_file("child.json", "{\"extends\": \"scenario.json\", \"name\": \"c\", \"tariff\": {\"schedule\": \"child.csv\"},"
                           " \"flows\": [{\"name\": \"f\", \"trade\": \"ctrade.csv\"}]}");
    char path[128];
    snprintf(path, sizeof path, "%s/child.json", dir);
    cz_reader_t r;
    cz_reader_init(&r, path);
    cz_scenario_t *s = cz_scenario_load(&r, path, NULL, 0);
    ck_assert_msg(s != NULL, "%s", r.nerrors ? r.errors[0] : "?");
    ck_assert_int_eq(s->ncats, 1);
    const cz_tariff_line_t *a = line(s, "90271010");
    ck_assert(a->duty.rate == 8000000 && !a->has_general && a->has_agreement == 0 && a->ntags == 0);
    ck_assert_int_eq(s->flows[0].ncat, 1);
    cz_scenario_free(s);
    cz_reader_fini(&r);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("tables");
    TCase *tc = tcase_create("csv");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, each_column_becomes_its_key);
    tcase_add_test(tc, a_line_break_in_a_quoted_description_loads_as_a_newline);
    tcase_add_test(tc, lists_tag_lines_by_code_prefix);
    tcase_add_test(tc, the_columns_are_documented_and_empty_trailing_ones_pass);
    tcase_add_test(tc, bad_data_names_file_row_column_and_value);
    tcase_add_test(tc, tables_are_found_beside_the_file_and_never_set);
    tcase_add_test(tc, a_table_replaces_what_the_base_had);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
