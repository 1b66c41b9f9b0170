/* test_files.c: output/files.c — every file whole or not at all, only where
 * claimed, never over a file zonesim did not write. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/files.h"
#include "tests/testutil.h"

static char *text_of(const char *dir, const char *name)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static int write_batch(const out_dir_t *d, const char *const *names, const char *const *texts, int n, char *err)
{
    out_batch_t *b = out_batch_create(d);
    for (int i = 0; i < n; i++)
        out_batch_take(b, names[i], strdup(texts[i]));
    int rc = out_batch_commit(b, err, 512);
    out_batch_destroy(b);
    return rc;
}

START_TEST(names_are_made_safe_as_one_path_component)
{
    static const char *const cases[][2] = {
        {"hetao_baseline", "hetao_baseline"}, {"../../x", ".._.._x"}, {"", "unnamed"}, {".", "unnamed"},
        {"..", "unnamed"}, {"a/b", "a_b"}, {"x';touch PWNED;'", "x__touch_PWNED__"}, {"名字", "______"},
        {"$(rm -rf ~)", "__rm_-rf___"}, {"a\nb", "a_b"}};
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        out_safe_name(buf, sizeof buf, cases[i][0]);
        ck_assert_str_eq(buf, cases[i][1]);
        ck_assert_ptr_null(strchr(buf, '/'));
    }
    out_safe_name(buf, 8, "abcdefghijkl");
    ck_assert_str_eq(buf, "abcdefg");
}
END_TEST

START_TEST(a_folder_is_claimed_only_as_the_rules_say)
{
    char *t = tmpdir(), dir[512], err[512];
    out_dir_t d;
    snprintf(dir, sizeof dir, "%s/new/deeper", t);
    ck_assert_int_eq(out_dir_claim(&d, dir, "run", "a", false, true, err, sizeof err), 0); /* created */
    const char *names[] = {"x.csv", "summary.json"}, *texts[] = {"1\n", "{}\n"};
    ck_assert_int_eq(write_batch(&d, names, texts, 2, err), 0);
    ck_assert_int_eq(out_dir_claim(&d, dir, "run", "a", false, true, err, sizeof err), 0); /* same: replaced */
    ck_assert(d.replacing);
    ck_assert_int_eq(out_dir_claim(&d, dir, "run", "b", false, true, err, sizeof err), OUT_REFUSED);
    ck_assert_ptr_nonnull(strstr(err, "--force"));
    ck_assert_int_eq(out_dir_claim(&d, dir, "sweep", "a", false, true, err, sizeof err), OUT_REFUSED);
    ck_assert_int_eq(out_dir_claim(&d, dir, "run", "b", true, true, err, sizeof err), 0);
    snprintf(dir, sizeof dir, "%s/mine", t);
    ck_assert_int_eq(mkdir(dir, 0777), 0);
    put(dir, "notes.txt", "mine\n");
    ck_assert_int_eq(out_dir_claim(&d, dir, "run", "a", false, true, err, sizeof err), OUT_REFUSED);
    ck_assert_int_eq(out_dir_claim(&d, dir, "run", "a", true, true, err, sizeof err), 0);
    ck_assert(d.foreign);
    snprintf(dir, sizeof dir, "%s/mine/notes.txt", t);
    ck_assert_int_eq(out_dir_claim(&d, dir, "run", "a", true, true, err, sizeof err), OUT_REFUSED); /* a file */
    ck_assert_int_eq(out_dir_claim(&d, "/proc/nope/x", "run", "a", true, true, err, sizeof err), OUT_FAILED);
    sh(NULL, "rm -rf %s", t);
    free(t);
}
END_TEST

START_TEST(a_rerun_removes_the_earlier_results_stale_files_and_keeps_the_users)
{
    char *t = tmpdir(), err[512];
    out_dir_t d;
    ck_assert_int_eq(out_dir_claim(&d, t, "run", "a", false, true, err, sizeof err), 0);
    const char *n1[] = {"old.csv", "keep.csv", "summary.json"}, *t1[] = {"old\n", "k\n", "{1}\n"};
    ck_assert_int_eq(write_batch(&d, n1, t1, 3, err), 0);
    put(t, "users.txt", "u\n");
    ck_assert_int_eq(out_dir_claim(&d, t, "run", "a", false, true, err, sizeof err), 0);
    out_batch_t *b = out_batch_create(&d);
    out_batch_keep(b, "keep.csv");
    out_batch_take(b, "summary.json", strdup("{2}\n"));
    ck_assert_int_eq(out_batch_commit(b, err, sizeof err), 0);
    out_batch_destroy(b);
    char *s = text_of(t, "summary.json"), *k = text_of(t, "keep.csv"), *u = text_of(t, "users.txt"),
         *old = text_of(t, "old.csv"), *m = text_of(t, OUT_MANIFEST);
    ck_assert_str_eq(s, "{2}\n");
    ck_assert_str_eq(k, "k\n");
    ck_assert_str_eq(u, "u\n");
    ck_assert_ptr_null(old); /* stale: removed */
    ck_assert_ptr_nonnull(strstr(m, "file: keep.csv\n"));
    ck_assert_ptr_null(strstr(m, "old.csv"));
    ck_assert_ptr_null(strstr(m, "users.txt"));
    free(s), free(k), free(u), free(m);
    sh(NULL, "rm -rf %s", t);
    free(t);
}
END_TEST

START_TEST(a_file_zonesim_did_not_write_is_never_replaced)
{
    char *t = tmpdir(), err[512];
    out_dir_t d;
    put(t, "summary.json", "the user's\n");
    ck_assert_int_eq(out_dir_claim(&d, t, "run", "a", true, true, err, sizeof err), 0);
    const char *n[] = {"replications.csv", "summary.json"}, *x[] = {"r\n", "{}\n"};
    ck_assert_int_eq(write_batch(&d, n, x, 2, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "was not written by zonesim"));
    char *s = text_of(t, "summary.json");
    ck_assert_str_eq(s, "the user's\n");
    free(s);
    ck_assert_int_eq(sh(NULL, "ls -A %s | wc -l | grep -qx 1", t), 0); /* no temporary left, nothing added */
    sh(NULL, "rm -rf %s", t);
    free(t);
}
END_TEST

/* A folder on a 64 KiB file system, or NULL where mounting is not allowed. */
static char *tiny_disk(void)
{
    char *t = tmpdir();
    if (mount("tmpfs", t, "tmpfs", 0, "size=64k") == 0)
        return t;
    rmdir(t);
    free(t);
    return NULL;
}

/* On a full disk: a batch and a streamed file fail, and leave the earlier
 * result as it was.  Returns what went wrong, or NULL (checked after unmounting). */
static const char *fill_the_disk(const char *t)
{
    char err[512], path[600];
    out_dir_t d;
    const char *n[] = {"big.csv", "summary.json"}, *x1[] = {"small\n", "{1}\n"};
    if (out_dir_claim(&d, t, "run", "a", false, true, err, sizeof err) || write_batch(&d, n, x1, 2, err))
        return "the first, small batch failed";
    char *big = calloc(1, 200000);
    memset(big, 'x', 199999);
    const char *x2[] = {big, "{2}\n"};
    int rc = out_dir_claim(&d, t, "run", "a", false, true, err, sizeof err) ? 0 : write_batch(&d, n, x2, 2, err);
    free(big);
    if (rc != -1 || !(strstr(err, "No space left") || strstr(err, "quota")))
        return "a batch larger than the disk did not fail with no space left";
    char *s = text_of(t, "summary.json"), *b = text_of(t, "big.csv");
    bool intact = s && b && !strcmp(s, "{1}\n") && !strcmp(b, "small\n");
    free(s), free(b);
    if (!intact || sh(NULL, "ls -A %s | grep -c tmp | grep -qx 0", t) != 0)
        return "the earlier result was touched, or a temporary file was left";
    out_file_t f;
    snprintf(path, sizeof path, "%s/big.csv", t);
    if (out_file_open(&f, path, true, NULL, err, sizeof err))
        return "cannot open a streamed file";
    for (int i = 0; i < 10000; i++)
        fputs("0123456789012345678901234567890123456789\n", f.f);
    if (out_file_commit(&f, err, sizeof err) != -1)
        return "a streamed file larger than the disk did not fail";
    b = text_of(t, "big.csv");
    intact = b && !strcmp(b, "small\n");
    free(b);
    return intact ? NULL : "a failed streamed file replaced the earlier one";
}

START_TEST(a_full_disk_leaves_the_earlier_whole_result_untouched)
{
    char *t = tiny_disk();
    if (!t) {
        fprintf(stderr, "test_files: cannot mount a tmpfs here (not root?): full-disk case not run\n");
        return;
    }
    const char *why = fill_the_disk(t);
    umount(t);
    rmdir(t);
    free(t);
    ck_assert_msg(!why, "%s", why);
}
END_TEST

START_TEST(a_streamed_file_replaces_only_a_regular_file_and_never_an_input)
{
    char *t = tmpdir(), path[600], err[512];
    out_file_t f;
    struct stat st;
    snprintf(path, sizeof path, "%s/e.csv", t);
    ck_assert_int_eq(out_file_open(&f, path, false, NULL, err, sizeof err), 0);
    fputs("a\n", f.f);
    ck_assert_int_eq(out_file_commit(&f, err, sizeof err), 0);
    ck_assert_int_eq(out_file_open(&f, path, false, NULL, err, sizeof err), -1); /* exists: --force */
    ck_assert_ptr_nonnull(strstr(err, "--force"));
    ck_assert_int_eq(stat(path, &st), 0);
    out_protect_t input = {st.st_dev, st.st_ino, true};
    ck_assert_int_eq(out_file_open(&f, path, true, &input, err, sizeof err), -1); /* the input itself */
    ck_assert_int_eq(out_file_open(&f, "/dev/null", true, NULL, err, sizeof err), -1);
    ck_assert_int_eq(stat("/dev/null", &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    snprintf(path, sizeof path, "%s/fifo", t);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    ck_assert_int_eq(out_file_open(&f, path, true, NULL, err, sizeof err), -1);
    ck_assert_ptr_null(out_slurp(path, 100, err, sizeof err)); /* and reading it does not block */
    ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
    snprintf(path, sizeof path, "%s", t);
    ck_assert_int_eq(out_file_open(&f, path, true, NULL, err, sizeof err), -1); /* a folder */
    sh(NULL, "rm -rf %s", t);
    free(t);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("files");
    TCase *tc = tcase_create("files");
    tcase_add_test(tc, names_are_made_safe_as_one_path_component);
    tcase_add_test(tc, a_folder_is_claimed_only_as_the_rules_say);
    tcase_add_test(tc, a_rerun_removes_the_earlier_results_stale_files_and_keeps_the_users);
    tcase_add_test(tc, a_file_zonesim_did_not_write_is_never_replaced);
    tcase_add_test(tc, a_full_disk_leaves_the_earlier_whole_result_untouched);
    tcase_add_test(tc, a_streamed_file_replaces_only_a_regular_file_and_never_an_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
