/* test_docs.c: the documentation people read agrees with the program — the man
 * page names every command and every option each command's --help lists, and
 * README's two opening commands are the ones .ci/run relies on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

static const char *const COMMANDS[] = {"run", "compare", "sweep", "search", "merge", "trace", "report",
                                       "validate", "show", "diff", "kpis", "assess"};

START_TEST(the_man_page_names_every_command_and_its_options)
{
    char *man = slurp("zonesim.1"), *o;
    ck_assert_ptr_nonnull(man);
    /* every command zonesim --help lists is one of these, and each has a synopsis */
    ck_assert_int_eq(sh(&o, "$Z --help | sed -n '/^commands:/,/^$/p' | awk 'NF {print $1}' | sed 1d"), 0);
    int listed = 0;
    for (char *line = strtok(o, "\n"); line; line = strtok(NULL, "\n"), listed++) {
        char synopsis[64];
        snprintf(synopsis, sizeof synopsis, ".B zonesim %s\n", line);
        ck_assert_msg(strstr(man, synopsis), "zonesim.1 has no synopsis for \"%s\"", line);
    }
    ck_assert_int_eq(listed, (int)(sizeof COMMANDS / sizeof COMMANDS[0]));
    free(o);
    /* every long option of every command's usage is described */
    for (size_t c = 0; c < sizeof COMMANDS / sizeof COMMANDS[0]; c++) {
        ck_assert_int_eq(sh(&o, "$Z %s --help | sed -n '1,/^$/p' | grep -oE -- '--[a-z][a-z-]*' | sort -u",
                            COMMANDS[c]), 0);
        for (char *opt = strtok(o, "\n"); opt; opt = strtok(NULL, "\n")) {
            char groff[80] = "";
            for (const char *p = opt; *p && strlen(groff) < sizeof groff - 3; p++)
                strncat(groff, *p == '-' ? "\\-" : (char[]){*p, 0}, sizeof groff - strlen(groff) - 1);
            ck_assert_msg(strstr(man, groff), "zonesim.1 does not describe %s of %s", opt, COMMANDS[c]);
        }
        free(o);
    }
    free(man);
}
END_TEST

START_TEST(readme_opens_with_the_install_and_test_commands)
{
    char *readme = slurp("README.md"), *ci = slurp(".ci/run");
    ck_assert_ptr_nonnull(readme);
    ck_assert_ptr_nonnull(ci);
    /* the first command installs everything (gnuplot too: reports draw with it) and runs the default */
    const char *install = strstr(readme, "apt-get install -y");
    ck_assert_ptr_nonnull(install);
    const char *eol = strchr(install, '\n');
    const char *need[] = {"build-essential", "libgsl-dev", "libcjson-dev", "check", "gnuplot", "python3",
                          "make", "zonesim run scenarios/hetao_baseline.json"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const char *at = strstr(install, need[i]);
        ck_assert_msg(at && at < eol, "README's install command lacks %s", need[i]);
    }
    /* the second, the tests, is what CI runs */
    ck_assert_ptr_nonnull(strstr(readme, "```sh\nmake check\n```"));
    ck_assert_ptr_nonnull(strstr(ci, "\nmake check\n"));
    free(readme);
    free(ci);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("docs");
    TCase *tc = tcase_create("agree");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, the_man_page_names_every_command_and_its_options);
    tcase_add_test(tc, readme_opens_with_the_install_and_test_commands);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
