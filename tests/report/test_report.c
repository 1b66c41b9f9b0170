/* test_report.c: the two escapers every string from data goes through on its
 * way into a report — HTML and gnuplot — against hostile strings, and gnuplot
 * itself fed the escaped strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/chart.h"
#include "report/page.h"
#include "tests/testutil.h"

static char *html(const char *s)
{
    out_text_t t;
    ck_assert(out_text_open(&t));
    rp_html_escape(&t, s);
    return out_text_take(&t);
}

START_TEST(html_escaping_leaves_no_markup_from_data)
{
    static const char *const hostile[] = {"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                                          "' onmouseover='alert(1)", "a & b", "x\x01y\x1bz", "</td></tr></table>"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        char *e = html(hostile[i]);
        ck_assert_msg(!strpbrk(e, "<>\"'"), "%s -> %s", hostile[i], e);
        for (const char *c = e; *c; c++)
            ck_assert_msg((unsigned char)*c >= 0x20 || *c == '\n' || *c == '\t', "control byte in %s", e);
        free(e);
    }
    char *e = html("<a href=\"x\">Tom & 'Jerry'</a>");
    ck_assert_str_eq(e, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    free(e);
    e = html("税 ✓"); /* UTF-8 passes through */
    ck_assert_str_eq(e, "税 ✓");
    free(e);
}
END_TEST

START_TEST(gnuplot_strings_cannot_end_the_string_or_the_command)
{
    char buf[256];
    rp_gnuplot_string(buf, sizeof buf, "x'\n!touch PWNED\n'");
    ck_assert_str_eq(buf, "x\u2019 !touch PWNED \u2019");
    ck_assert_ptr_null(strpbrk(buf, "\n\r`"));
    rp_gnuplot_string(buf, sizeof buf, "a `touch PWNED` b");
    ck_assert_ptr_null(strchr(buf, '`'));
    rp_gnuplot_string(buf, 6, "''''''''");
    ck_assert_int_le((int)strlen(buf), 5);
    ck_assert_int_eq((int)(strlen(buf) % 3), 0); /* never half an apostrophe */
    ck_assert_ptr_null(strchr(buf, '\''));
    rp_data_label(buf, sizeof buf, "a\tb\nc\"d'e");
    ck_assert_str_eq(buf, "a b c d e");
}
END_TEST

START_TEST(gnuplot_fed_escaped_hostile_strings_runs_nothing)
{
    if (!rp_have_gnuplot()) {
        fprintf(stderr, "test_report: gnuplot not installed: the gnuplot case is not run\n");
        return;
    }
    static const char *const hostile[] = {"x'\n!touch PWNED1\nset title '", "`touch PWNED2`", "'; system('touch PWNED3'); '",
                                          "@A", "\\'\n!touch PWNED4"};
    char *d = tmpdir(), path[512], esc[512];
    snprintf(path, sizeof path, "%s/t.gp", d);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "A = 'touch PWNED5'\nset terminal dumb\nset output '/dev/null'\n");
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        rp_gnuplot_string(esc, sizeof esc, hostile[i]);
        fprintf(f, "set title '%s'\nset xlabel '%s'\nplot x title '%s'\n", esc, esc, esc);
    }
    fclose(f);
    ck_assert_int_eq(sh(NULL, "cd %s && gnuplot t.gp", d), 0);
    ck_assert_int_eq(sh(NULL, "ls %s | grep -c PWNED | grep -qx 0", d), 0);
    sh(NULL, "rm -rf %s", d);
    free(d);
}
END_TEST

/* KPI names in words for chart axes, and as safe as a data label. */
START_TEST(kpi_names_read_as_words)
{
    static const char *const cases[][2] = {
        {"l1_time_mean_min", "first line time mean"}, {"l2_time_p90_min", "second line time p90"},
        {"tax_total_cny", "total tax"}, {"tax_vat_cny", "VAT"}, {"tax_ct_cny", "consumption tax"},
        {"tax_export_duty_cny", "export duty"}, {"forgone_whitelist_cny", "forgone: whitelist"},
        {"e2e_time_mean_h", "end to end time mean"}, {"zone_dwell_mean_days", "zone dwell mean"},
        {"l1_utilization", "first line utilisation"}, {"deferral_npv_cny", "deferral NPV"},
        {"x\"y\ttab'", "x y tab "}, {"", "-"}};
    char b[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rp_kpi_words(b, sizeof b, cases[i][0]);
        ck_assert_msg(!strcmp(b, cases[i][1]), "%s -> \"%s\", expected \"%s\"", cases[i][0], b, cases[i][1]);
    }
    rp_kpi_words(b, 8, "l2_time_p90_min"); /* cut to the buffer, terminated */
    ck_assert_uint_eq(strlen(b), 7);
}
END_TEST

/* Every escaper keeps text UTF-8: a cut falls between characters, and a byte
 * that is not UTF-8 becomes U+FFFD. */
START_TEST(escapers_keep_utf8_whole)
{
    char b[8];
    rp_gnuplot_string(b, sizeof b, "\xe6\xb5\xb7\xe5\x85\xb3\xe7\x9b\x91"); /* 9 bytes, 3 characters */
    ck_assert_str_eq(b, "\xe6\xb5\xb7\xe5\x85\xb3");
    rp_data_label(b, sizeof b, "ab\xe6\xb5\xb7\xe5\x85\xb3");
    ck_assert_str_eq(b, "ab\xe6\xb5\xb7");
    rp_data_label(b, sizeof b, "a\xff" "b");
    ck_assert_str_eq(b, "a\xef\xbf\xbd" "b");
    rp_gnuplot_string(b, sizeof b, "\xc0\xaf'");
    ck_assert_str_eq(b, "\xef\xbf\xbd\xef\xbf\xbd"); /* the quote's U+2019 does not fit whole */
    char *h = html("x\xe9y<\xe6\xb5\xb7");
    ck_assert_str_eq(h, "x&#xFFFD;y&lt;\xe6\xb5\xb7");
    free(h);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("escaping");
    tcase_add_test(tc, html_escaping_leaves_no_markup_from_data);
    tcase_add_test(tc, gnuplot_strings_cannot_end_the_string_or_the_command);
    tcase_add_test(tc, gnuplot_fed_escaped_hostile_strings_runs_nothing);
    tcase_add_test(tc, kpi_names_read_as_words);
    tcase_add_test(tc, escapers_keep_utf8_whole);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
