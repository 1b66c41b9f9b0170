/* fuzz_util.h: what the command-line fuzz targets share — a private working
 * folder with a small scenario and results folders made by zonesim itself, a
 * way to call the whole command line in-process, and a sweep of whatever a call
 * wrote, so that every input starts from the same folder.
 *
 * Harness code only (static functions in a header, one fuzz target per
 * program): it chdirs, points stdin and stdout at /dev/null and puts a
 * stand-in gnuplot first on PATH, so that a report is checked, not drawn. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"

/* A whole scenario in one file: two flows, a whitelist, 2 days, 2 replications. */
static const char FUZZ_SCENARIO[] =
    "{\"name\": \"f\", \"horizon_days\": 2, \"warmup_days\": 0, \"replications\": 2, \"seed\": 3,"
    " \"regime\": {\"name\": \"hetao\", \"de_minimis_cny\": 50, \"de_minimis_per\": \"tax\","
    "   \"exemptions\": [{\"name\": \"whitelist\", \"owners\": [\"lab\"], \"tags\": [\"research\"],"
    "   \"taxes\": [\"duty\", \"vat\", \"ct\"], \"at\": [\"first_line\", \"zone\"]}]},"
    " \"tariff\": {\"categories\": {\"kit\": {\"duty\": 0.05, \"vat\": 0.13, \"supervision_years\": 3,"
    "   \"tags\": [\"research\"]}, \"parts\": {\"duty\": 0.06, \"vat\": 0.13, \"export_refund\": 0.13,"
    "   \"origin_extra\": {\"US\": 0.1}}}},"
    " \"flows\": [{\"name\": \"research\", \"owner\": \"lab\", \"rate_per_day\": 20, \"categories\": {\"kit\": 1},"
    "   \"value_cny\": {\"dist\": \"lognormal\", \"mean\": 1000, \"sd\": 500},"
    "   \"route\": {\"to_mainland\": 0.5, \"consumed_in_zone\": 0.3, \"transferred\": 0.2}, \"dwell\": \"6 h\"},"
    "  {\"name\": \"trade\", \"owner\": \"ordinary\", \"origin_country\": \"US\", \"rate_per_day\": 30,"
    "   \"categories\": {\"parts\": 1}, \"value_cny\": 2000, \"route\": {\"to_mainland\": 0.6, \"re_export\": 0.4},"
    "   \"dwell\": \"1 d\"},"
    "  {\"name\": \"home\", \"origin\": \"mainland\", \"owner\": \"ordinary\", \"rate_per_day\": 10,"
    "   \"categories\": {\"parts\": 1}, \"value_cny\": 500, \"route\": {\"re_export\": 1}, \"dwell\": \"2 h\"}],"
    " \"lines\": {\"first_line\": {\"lanes\": 2, \"service\": \"5 min\","
    "   \"inspection\": {\"bays\": 1, \"time\": \"30 min\", \"rate\": 0.1}},"
    "   \"second_line\": {\"lanes\": 2, \"service\": \"6 min\", \"open\": [\"08:00\", \"22:00\"]}}}\n";

static char fuzz_home[4096];

static inline void fuzz_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (n && fwrite(data, 1, n, f) != n)
        abort();
    fclose(f);
}

/* Call the command line with these words (NULL-terminated), quietly. */
static inline int fuzz_cli(const char *first, ...)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"zonesim";
    va_list ap;
    va_start(ap, first);
    for (const char *w = first; w && argc < 63; w = va_arg(ap, const char *))
        argv[argc++] = (char *)w;
    va_end(ap);
    argv[argc] = NULL;
    return cli_main(argc, argv);
}

/* Remove a file or a folder with everything in it (links are removed, not followed). */
static inline void fuzz_remove(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                fuzz_remove(sub);
            }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Copy a file, or a folder of files (one level: results folders are flat). */
static inline void fuzz_copy(const char *from, const char *to)
{
    struct stat st;
    if (lstat(from, &st) != 0)
        abort();
    if (S_ISDIR(st.st_mode)) {
        if (mkdir(to, 0755) != 0)
            abort();
        DIR *d = opendir(from);
        if (!d)
            abort();
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                char a[4096], b[4096];
                snprintf(a, sizeof a, "%s/%s", from, e->d_name);
                snprintf(b, sizeof b, "%s/%s", to, e->d_name);
                fuzz_copy(a, b);
            }
        closedir(d);
        return;
    }
    FILE *f = fopen(from, "rb");
    if (!f)
        abort();
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fuzz_write(to, buf, n);
}

static const char *const FUZZ_FIXTURES[] = {"s.json", "s2.json", "run", "shard0", "shard1", "cmp", "sw", NULL};

/* Back to the folder as set up: everything but bin/ and pristine/ removed, the
 * fixtures copied back from pristine/. */
static inline void fuzz_reset(void)
{
    DIR *d = opendir(".");
    if (!d)
        abort();
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "bin") &&
            strcmp(e->d_name, "pristine"))
            fuzz_remove(e->d_name);
    closedir(d);
    for (int i = 0; FUZZ_FIXTURES[i]; i++) {
        char from[256];
        snprintf(from, sizeof from, "pristine/%s", FUZZ_FIXTURES[i]);
        fuzz_copy(from, FUZZ_FIXTURES[i]);
    }
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_home[0] && chdir("/") == 0)
        fuzz_remove(fuzz_home);
}

/* The private folder: s.json and s2.json (one more second-line lane), and
 * results folders made from them: run/ (2 replications), shard0/ and shard1/
 * (replications 0..0 and 1..1 of the same run), cmp/ (s.json vs s2.json) and
 * sw/ (a sweep of 2 points); kept in pristine/, copied back by fuzz_reset. */
static inline void fuzz_setup(void)
{
    char tmpl[] = "/tmp/zonesim-fuzz.XXXXXX";
    if (!mkdtemp(tmpl) || chdir(tmpl) != 0)
        abort();
    snprintf(fuzz_home, sizeof fuzz_home, "%s", tmpl);
    atexit(fuzz_cleanup);
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
        abort();
    close(null);
    /* reports are checked, not drawn: a gnuplot that reads its script and draws nothing */
    if (mkdir("bin", 0755) != 0 || mkdir("pristine", 0755) != 0 || chdir("pristine") != 0)
        abort();
    static const char stub[] = "#!/bin/sh\ncat > /dev/null\nexit 0\n";
    fuzz_write("../bin/gnuplot", stub, sizeof stub - 1);
    chmod("../bin/gnuplot", 0755);
    char path[8192];
    snprintf(path, sizeof path, "%s/bin:%s", fuzz_home, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    setenv("PATH", path, 1);
    fuzz_write("s.json", FUZZ_SCENARIO, sizeof FUZZ_SCENARIO - 1);
    static const char alt[] = "{\"extends\": \"s.json\", \"name\": \"g\", \"lines\": {\"second_line\": {\"lanes\": 3}}}\n";
    fuzz_write("s2.json", alt, sizeof alt - 1);
    if (fuzz_cli("run", "s.json", "-q", "-j", "1", "-o", "run", NULL) != 0 ||
        fuzz_cli("compare", "s.json", "s2.json", "-q", "-j", "1", "-o", "cmp", NULL) != 0 ||
        fuzz_cli("sweep", "s.json", "--vary", "lines.first_line.lanes=2,3", "-q", "-j", "1", "-o", "sw", NULL) != 0 ||
        fuzz_cli("run", "s.json", "-q", "-j", "1", "--reps", "0..0", "-o", "shard0", NULL) != 0 ||
        fuzz_cli("run", "s.json", "-q", "-j", "1", "--reps", "1..1", "-o", "shard1", NULL) != 0 || chdir("..") != 0)
        abort();
    fuzz_reset();
}

#endif
