/* test_scenario.c: loading, extends, --set, and the errors people can act on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/json_in.h"
#include "models/scenario/scenario.h"
#include "tests/testutil.h"

#define GOOD_LINES "\"lines\": {\"first_line\": {\"lanes\": 2, \"service\": \"6 min\"}, \"second_line\": {\"lanes\": 2, \"service\": \"8 min\"}}"
#define GOOD_REGIME "\"regime\": {\"name\": \"r\", \"exemptions\": []}"
#define GOOD_TARIFF "\"tariff\": {\"categories\": {\"research_instruments\": {\"duty\": 0.05, \"vat\": 0.13}}}"
#define GOOD_FLOW "{\"name\": \"f\", \"owner\": \"ordinary\", \"rate_per_day\": 10, \"categories\": {\"research_instruments\": 1}, \"value_cny\": 1000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}"

/* Load text as a scenario; return the joined error text ("" when it loaded). */
static char *load_errors(const char *text, const char *const *sets, int nsets, int *nerrors)
{
    char *path = write_temp(text);
    cz_reader_t r;
    cz_reader_init(&r, path);
    cz_scenario_t *s = cz_scenario_load(&r, path, sets, nsets);
    size_t cap = 1;
    for (int i = 0; i < r.nerrors; i++)
        cap += strlen(r.errors[i]) + 1;
    char *all = calloc(cap, 1);
    for (int i = 0; i < r.nerrors; i++) {
        strcat(all, r.errors[i]);
        strcat(all, "\n");
    }
    ck_assert_int_eq(s == NULL, r.nerrors > 0);
    if (nerrors)
        *nerrors = r.nerrors;
    cz_scenario_free(s);
    cz_reader_fini(&r);
    remove(path);
    free(path);
    return all;
}

static void expect_error(const char *text, const char *needle)
{
    char *e = load_errors(text, NULL, 0, NULL);
    ck_assert_msg(strstr(e, needle) != NULL, "expected \"%s\" in:\n%s", needle, e);
    free(e);
}

START_TEST(shipped_scenarios_load)
{
    const char *files[] = {"scenarios/hetao_baseline.json", "scenarios/conventional_port.json",
                           "scenarios/hetao_whitelist_doubled.json", "scenarios/hetao_l2_extra_lane.json",
                           "scenarios/hetao_l2_24h.json", "scenarios/hetao_hs_sample.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        cz_reader_t r;
        cz_reader_init(&r, files[i]);
        cz_scenario_t *s = cz_scenario_load(&r, files[i], NULL, 0);
        ck_assert_msg(s != NULL, "%s: %s", files[i], r.nerrors ? r.errors[0] : "?");
        ck_assert(s->nflows >= 3 && s->ncats >= 5);
        cz_scenario_free(s);
        cz_reader_fini(&r);
    }
}
END_TEST

/* The run reads a line's owner rate from a table by owner class: the same
 * rate as by name, for every owner class, category and line, in each phase;
 * an owner that by_owner lists gets its own rate, the others the default. */
START_TEST(inspection_rates_by_owner_class_match_rates_by_name)
{
    const char *sets[] = {"lines.first_line.inspection.by_owner={\"ordinary\": 0.3}"};
    cz_reader_t r;
    cz_reader_init(&r, "scenarios/hetao_baseline.json");
    cz_scenario_t *s = cz_scenario_load(&r, "scenarios/hetao_baseline.json", sets, 1);
    ck_assert_msg(s != NULL, "%s", r.nerrors ? r.errors[0] : "?");
    bool listed = false, unlisted = false;
    for (int p = -1; p < s->nphases; p++) {
        const cz_scenario_t *ph = p < 0 ? s : s->phase[p];
        const cz_inspection_t *ins[] = {&ph->l1.insp, &ph->l2.insp};
        for (int l = 0; l < 2; l++) {
            ck_assert_ptr_nonnull(ins[l]->owner_rate);
            for (int o = 0; o < ph->nowners; o++)
                for (int k = 0; k < ph->ncats; k++) {
                    double a = cz_inspection_rate_of(ins[l], o, k);
                    double b = cz_inspection_rate(ins[l], ph->owners[o], k);
                    ck_assert_mem_eq(&a, &b, sizeof a);
                }
        }
        for (int o = 0; o < ph->nowners; o++) {
            listed |= ph->l1.insp.owner_rate[o] == 0.3 && !strcmp(ph->owners[o], "ordinary");
            unlisted |= ph->l1.insp.owner_rate[o] == ph->l1.insp.default_rate;
        }
    }
    ck_assert(listed && unlisted);
    cz_scenario_free(s);
    cz_reader_fini(&r);
}
END_TEST

/* The run reads whether an exemption covers goods on entry from each flow's
 * table by category: the regime's own answer for the flow's owner, for every
 * flow and category, in each phase; a policy change that opens the whitelist
 * (tests/models/whitelist_opens.json) changes the table of the phase after it,
 * not the one before. */
START_TEST(entry_exemptions_by_flow_category_match_the_regime_in_each_phase)
{
    const char *path = "tests/models/whitelist_opens.json";
    cz_reader_t r;
    cz_reader_init(&r, path);
    cz_scenario_t *s = cz_scenario_load(&r, path, NULL, 0);
    ck_assert_msg(s != NULL, "%s", r.nerrors ? r.errors[0] : "?");
    ck_assert_int_eq(s->nphases, 1);
    int covered[2] = {0, 0};
    for (int p = -1; p < s->nphases; p++) {
        const cz_scenario_t *ph = p < 0 ? s : s->phase[p];
        for (int i = 0; i < ph->nflows; i++) {
            const cz_flow_t *f = &ph->flows[i];
            ck_assert_ptr_nonnull(f->exempt_on_entry);
            for (int k = 0; k < f->ncat; k++) {
                bool want = (cz_regime_exempt_taxes(&ph->regime, &ph->cats[f->cat[k]], f->owner, CZ_FIRST_LINE) &
                             CZ_IMPORT_TAXES) != 0;
                ck_assert_int_eq(f->exempt_on_entry[k], want);
                covered[p + 1] += want;
            }
        }
    }
    ck_assert_int_eq(covered[0], 0); /* nobody is whitelisted before the change */
    ck_assert_int_gt(covered[1], 0); /* the research goods of whitelisted units after it */
    cz_scenario_free(s);
    cz_reader_fini(&r);
}
END_TEST

START_TEST(extends_merges_objects_and_replaces_values)
{
    cz_reader_t r;
    cz_reader_init(&r, "x");
    cz_scenario_t *s = cz_scenario_load(&r, "scenarios/hetao_l2_extra_lane.json", NULL, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->l2.lanes, 5);        /* overridden */
    ck_assert_uint_eq(s->l1.lanes, 6);        /* inherited through two levels */
    ck_assert_str_eq(s->regime.name, "hetao"); /* from the preset */
    ck_assert_double_eq_tol(s->l2.service.mean, 8, 1e-9); /* sibling keys kept */
    cz_scenario_free(s);
    cz_reader_fini(&r);
}
END_TEST

START_TEST(set_overrides_by_dot_path_and_array_element_name)
{
    const char *sets[] = {"flows.research_goods_from_hk.rate_per_day=200", "lines.second_line.lanes=7",
                          "lines.first_line.open=\"24h\""};
    cz_reader_t r;
    cz_reader_init(&r, "x");
    cz_scenario_t *s = cz_scenario_load(&r, "scenarios/hetao_baseline.json", sets, 3);
    ck_assert_ptr_nonnull(s);
    ck_assert_double_eq_tol(s->flows[0].rate_per_min * 1440, 200, 1e-9);
    ck_assert_uint_eq(s->l2.lanes, 7);
    ck_assert(s->l1.always_open);
    cz_scenario_free(s);
    cz_reader_fini(&r);
}
END_TEST

START_TEST(set_on_an_unknown_path_is_an_error)
{
    const char *bad1[] = {"flows.no_such_flow.rate_per_day=2"};
    const char *bad2[] = {"lines.second_line.lanse=3"};
    cz_reader_t r;
    cz_reader_init(&r, "x");
    ck_assert_ptr_null(cz_scenario_load(&r, "scenarios/hetao_baseline.json", bad1, 1));
    ck_assert_ptr_nonnull(strstr(r.errors[0], "no element \"no_such_flow\""));
    cz_reader_fini(&r);
    cz_reader_init(&r, "x");
    ck_assert_ptr_null(cz_scenario_load(&r, "scenarios/hetao_baseline.json", bad2, 1));
    ck_assert_ptr_nonnull(strstr(r.errors[0], "did you mean \"lanes\""));
    cz_reader_fini(&r);
}
END_TEST

START_TEST(unknown_key_suggests_the_nearest)
{
    expect_error("{\"name\": \"x\", \"horizn_days\": 3, " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [" GOOD_FLOW "], " GOOD_LINES "}",
                 "horizn_days: unknown key (did you mean \"horizon_days\"?)");
}
END_TEST

START_TEST(errors_name_the_json_path_and_what_was_expected)
{
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [" GOOD_FLOW "],"
                 " \"lines\": {\"first_line\": {\"lanes\": 0, \"service\": \"6 min\"}, \"second_line\": {\"lanes\": 2, \"service\": \"8 min\"}}}",
                 "lines.first_line.lanes: 0 is out of range: expected a whole number in [1, 10000]");
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [" GOOD_FLOW "],"
                 " \"lines\": {\"first_line\": {\"lanes\": \"four\", \"service\": \"6 min\"}, \"second_line\": {\"lanes\": 2, \"service\": \"8 min\"}}}",
                 "lines.first_line.lanes: expected a whole number in [1, 10000], found the string \"four\"");
}
END_TEST

START_TEST(route_shares_must_sum_to_one)
{
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                 " \"rate_per_day\": 10, \"categories\": {\"research_instruments\": 1}, \"value_cny\": 1000,"
                 " \"route\": {\"to_mainland\": 0.5, \"re_export\": 0.4}, \"dwell\": \"2 d\"}], " GOOD_LINES "}",
                 "flows.f.route: shares sum to 0.9: they must sum to 1");
}
END_TEST

START_TEST(unknown_category_suggests_a_tariff_category)
{
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                 " \"rate_per_day\": 10, \"categories\": {\"research_instrument\": 1}, \"value_cny\": 1000,"
                 " \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}], " GOOD_LINES "}",
                 "category \"research_instrument\" is not in tariff.categories (did you mean \"research_instruments\"?)");
}
END_TEST

START_TEST(unknown_units_are_refused)
{
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [" GOOD_FLOW "],"
                 " \"lines\": {\"first_line\": {\"lanes\": 2, \"service\": \"5 parsecs\"}, \"second_line\": {\"lanes\": 2, \"service\": \"8 min\"}}}",
                 "lines.first_line.service: expected a distribution object or a constant duration");
    char *e = load_errors("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [" GOOD_FLOW "],"
                          " \"lines\": {\"first_line\": {\"lanes\": 2, \"service\": {\"dist\": \"exponential\", \"mean\": \"5 parsecs\"}},"
                          " \"second_line\": {\"lanes\": 2, \"service\": \"8 min\"}}}", NULL, 0, NULL);
    ck_assert_msg(strstr(e, "lines.first_line.service.mean: \"5 parsecs\": unknown unit"), "%s", e);
    free(e);
}
END_TEST

/* Every way of giving a distribution is bounded, not only its named
 * parameters: a constant written bare and the values of an empirical table
 * (a dwell of 1e300 minutes once reached an overflowing conversion). */
START_TEST(huge_distribution_values_are_refused_however_written)
{
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                 " \"rate_per_day\": 10, \"categories\": {\"research_instruments\": 1}, \"value_cny\": 1000,"
                 " \"route\": {\"to_mainland\": 1}, \"dwell\": 1e300}], " GOOD_LINES "}",
                 "flows.f.dwell: expected a distribution object or a constant duration from 0 to 1e+09 min");
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                 " \"rate_per_day\": 10, \"categories\": {\"research_instruments\": 1}, \"value_cny\": 1e16,"
                 " \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}], " GOOD_LINES "}",
                 "flows.f.value_cny: expected a distribution object or a constant number from 0 to 1e+15");
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                 " \"rate_per_day\": 10, \"categories\": {\"research_instruments\": 1}, \"value_cny\": 1000,"
                 " \"route\": {\"to_mainland\": 1}, \"dwell\": {\"dist\": \"empirical\", \"values\": [\"1 d\", 1e300]}}], "
                 GOOD_LINES "}",
                 "flows.f.dwell.values: element 1: expected a value from 0 to 1e+09 min");
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                 " \"rate_per_day\": 10, \"categories\": {\"research_instruments\": 1},"
                 " \"value_cny\": {\"dist\": \"empirical\", \"values\": [1e16]},"
                 " \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}], " GOOD_LINES "}",
                 "flows.f.value_cny.values: element 0: expected a value from 0 to 1e+15");
}
END_TEST

/* Names and values are one line of printable text (an escape sequence in a
 * name would rewrite a terminal's screen when echoed, a carriage return a CSV
 * reader's row); descriptions may break lines and hold tabs.  Messages that
 * echo what was given are made printable. */
START_TEST(control_characters_are_refused_in_names_and_made_printable_in_messages)
{
    expect_error("{\"name\": \"a\\u001b[2Jb\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [" GOOD_FLOW "], " GOOD_LINES "}",
                 "name: a control character (byte 0x1b) in the text: names and values are one line of printable text");
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                 " \"rate_per_day\": 10, \"categories\": {\"a\\rb\": 1}, \"value_cny\": 1000,"
                 " \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}], " GOOD_LINES "}",
                 "flows.f.categories: the key \"a?b\" holds a control character (byte 0x0d");
    /* the key echoed again by the category check: as '?', never raw */
    char *e = load_errors("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [{\"name\": \"f\", \"owner\": \"o\","
                          " \"rate_per_day\": 10, \"categories\": {\"\\u001b[31m\": 1}, \"value_cny\": 1000,"
                          " \"route\": {\"to_mainland\": 1}, \"dwell\": \"2 d\"}], " GOOD_LINES "}", NULL, 0, NULL);
    ck_assert_msg(strstr(e, "category \"?[31m\" is not in tariff.categories"), "%s", e);
    ck_assert_msg(!strchr(e, 0x1b), "%s", e);
    free(e);
    /* prose: a newline and a tab are fine, an escape is not */
    e = load_errors("{\"name\": \"x\", \"description\": \"two\\nlines\\tand a tab\", " GOOD_REGIME ", " GOOD_TARIFF
                    ", \"flows\": [" GOOD_FLOW "], " GOOD_LINES "}", NULL, 0, NULL);
    ck_assert_str_eq(e, ""); /* loads: no problem at all */
    free(e);
    expect_error("{\"name\": \"x\", \"sources\": [\"ok\", \"bell\\u0007\"], " GOOD_REGIME ", " GOOD_TARIFF
                 ", \"flows\": [" GOOD_FLOW "], " GOOD_LINES "}",
                 "sources[1]: a control character (byte 0x07) in the text: descriptions may break lines and hold tabs");
}
END_TEST

START_TEST(printable_replaces_every_control_character)
{
    char s[] = "a\x1b[2J\r\n\tb\x7f\xc3\xa9";
    cz_printable(s);
    ck_assert_str_eq(s, "a?[2J???b?\xc3\xa9"); /* UTF-8 (here é) is kept */
}
END_TEST

START_TEST(syntax_errors_give_line_and_column)
{
    expect_error("{\n  \"name\": \"x\",\n  \"horizon_days\" 3\n}", "JSON syntax error at line 3, column 18");
    expect_error("{\"name\": \"x\"} trailing", "JSON syntax error at line 1, column 15");
    expect_error("{\"a\": NaN}", "JSON syntax error");
}
END_TEST

START_TEST(all_problems_are_reported_not_just_the_first)
{
    int n = 0;
    char *e = load_errors("{\"name\": \"x\", \"horizon_days\": -1, \"replications\": 0, " GOOD_REGIME ", " GOOD_TARIFF
                          ", \"flows\": [" GOOD_FLOW "], \"lines\": {\"first_line\": {\"lanes\": 0, \"service\": \"6 min\"}}}",
                          NULL, 0, &n);
    ck_assert_msg(n >= 4, "only %d problems:\n%s", n, e);
    free(e);
}
END_TEST

START_TEST(extends_cycle_and_missing_file_are_refused)
{
    char *a = write_temp("{}");
    char text[512];
    snprintf(text, sizeof text, "{\"extends\": \"%s\"}", a);
    char *b = write_temp(text);
    snprintf(text, sizeof text, "{\"extends\": \"%s\"}", b);
    FILE *f = fopen(a, "w");
    fputs(text, f);
    fclose(f);
    cz_reader_t r;
    cz_reader_init(&r, b);
    ck_assert_ptr_null(cz_scenario_load(&r, b, NULL, 0));
    ck_assert_msg(strstr(r.errors[0], "cycle") != NULL, "%s", r.errors[0]);
    cz_reader_fini(&r);
    remove(a);
    remove(b);
    free(a);
    free(b);
    expect_error("{\"extends\": \"/nonexistent/base.json\"}", "cannot open");
}
END_TEST

START_TEST(opening_hours_must_be_clock_times)
{
    expect_error("{\"name\": \"x\", " GOOD_REGIME ", " GOOD_TARIFF ", \"flows\": [" GOOD_FLOW "],"
                 " \"lines\": {\"first_line\": {\"lanes\": 2, \"open\": [\"25:00\", \"22:00\"], \"service\": \"6 min\"}, \"second_line\": {\"lanes\": 2, \"service\": \"8 min\"}}}",
                 "lines.first_line.open: expected [\"HH:MM\", \"HH:MM\"]");
}
END_TEST

START_TEST(durations_accept_units)
{
    double m;
    const char *why;
    cJSON *v = cJSON_CreateString("90 s");
    ck_assert(cz_parse_duration(v, &m, &why) && m == 1.5);
    cJSON_SetValuestring(v, "2 h");
    ck_assert(cz_parse_duration(v, &m, &why) && m == 120);
    cJSON_SetValuestring(v, "20 d");
    ck_assert(cz_parse_duration(v, &m, &why) && m == 28800);
    cJSON_SetValuestring(v, "6min");
    ck_assert(cz_parse_duration(v, &m, &why) && m == 6);
    cJSON_SetValuestring(v, "six min");
    ck_assert(!cz_parse_duration(v, &m, &why));
    cJSON_Delete(v);
    ck_assert(cz_parse_clock("07:30", &m) && m == 450);
    ck_assert(!cz_parse_clock("7:30", &m));
}
END_TEST

static bool accepted(const char *key)
{
    if (!strcmp(key, "extends")) /* resolved before validation */
        return true;
    for (const char *const *const *l = cz_scenario_key_lists(); *l; l++)
        for (const char *const *k = *l; *k; k++)
            if (!strcmp(*k, key))
                return true;
    for (const char *const *k = cz_dist_keys(); *k; k++)
        if (!strcmp(*k, key))
            return true;
    return false;
}

START_TEST(scenario_reference_lists_every_key_the_loader_accepts_and_no_other)
{
    FILE *f = fopen("docs/scenario.md", "r");
    ck_assert_ptr_nonnull(f);
    static char doc[1 << 17];
    doc[fread(doc, 1, sizeof doc - 1, f)] = '\0';
    fclose(f);
    char tick[80];
    for (const char *const *const *l = cz_scenario_key_lists(); *l; l++)
        for (const char *const *k = *l; *k; k++) {
            snprintf(tick, sizeof tick, "`%s`", *k);
            ck_assert_msg(strstr(doc, tick) != NULL, "docs/scenario.md does not document key %s", *k);
        }
    for (const char *const *k = cz_dist_keys(); *k; k++) {
        snprintf(tick, sizeof tick, "`%s`", *k);
        ck_assert_msg(strstr(doc, tick) != NULL, "docs/scenario.md does not document key %s", *k);
    }
    /* and each key in the first column of a "| key |" table is one the loader takes */
    bool in_key_table = false;
    int rows = 0;
    for (char *line = doc; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (!strncmp(line, "| key |", 7)) {
            in_key_table = true;
            continue;
        }
        if (line[0] != '|') {
            in_key_table = false;
            continue;
        }
        char key[80];
        if (in_key_table && sscanf(line, "| `%79[^`]`", key) == 1) {
            ck_assert_msg(accepted(key), "docs/scenario.md documents \"%s\", which the loader refuses", key);
            rows++;
        }
    }
    ck_assert_int_gt(rows, 40);
}
END_TEST

/* A number is exact when the double holds the decimal as written; exponents
 * at the ends of a long's range must neither overflow (UBSan) nor pass. */
START_TEST(numbers_a_double_cannot_hold_exactly_are_found)
{
    const char *exact[] = {"[0.1]", "[120.50, 1.205e2]", "[1e300]", "[0e-9223372036854775808]",
                           "{\"a\": \"1.00000000000000000001\"}"};
    for (size_t k = 0; k < sizeof exact / sizeof *exact; k++)
        ck_assert_msg(cz_inexact_number_at(exact[k], strlen(exact[k])) == strlen(exact[k]), "%s", exact[k]);
    const char *inexact[] = {"[1.00000000000000000001]", "[1.5e-9223372036854775808]",
                             "[-1.5e-9223372036854775808]", "[9007199254740993]", "[1e-400]"};
    for (size_t k = 0; k < sizeof inexact / sizeof *inexact; k++)
        ck_assert_msg(cz_inexact_number_at(inexact[k], strlen(inexact[k])) == 1, "%s", inexact[k]);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = tcase_create("loading");
    tcase_add_test(tc, shipped_scenarios_load);
    tcase_add_test(tc, inspection_rates_by_owner_class_match_rates_by_name);
    tcase_add_test(tc, entry_exemptions_by_flow_category_match_the_regime_in_each_phase);
    tcase_add_test(tc, extends_merges_objects_and_replaces_values);
    tcase_add_test(tc, set_overrides_by_dot_path_and_array_element_name);
    tcase_add_test(tc, set_on_an_unknown_path_is_an_error);
    tcase_add_test(tc, unknown_key_suggests_the_nearest);
    tcase_add_test(tc, errors_name_the_json_path_and_what_was_expected);
    tcase_add_test(tc, route_shares_must_sum_to_one);
    tcase_add_test(tc, unknown_category_suggests_a_tariff_category);
    tcase_add_test(tc, unknown_units_are_refused);
    tcase_add_test(tc, huge_distribution_values_are_refused_however_written);
    tcase_add_test(tc, control_characters_are_refused_in_names_and_made_printable_in_messages);
    tcase_add_test(tc, printable_replaces_every_control_character);
    tcase_add_test(tc, syntax_errors_give_line_and_column);
    tcase_add_test(tc, all_problems_are_reported_not_just_the_first);
    tcase_add_test(tc, extends_cycle_and_missing_file_are_refused);
    tcase_add_test(tc, opening_hours_must_be_clock_times);
    tcase_add_test(tc, durations_accept_units);
    tcase_add_test(tc, scenario_reference_lists_every_key_the_loader_accepts_and_no_other);
    tcase_add_test(tc, numbers_a_double_cannot_hold_exactly_are_found);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
