/* bench_load.c: loading a scenario with a large tariff — N categories, one
 * flow drawing from all of them, inspection rates for a fifth — from a file
 * written for the purpose.  usage: bench_load N [ROUNDS] [csv]
 * With csv, the tariff is a schedule of N lines and the flow's goods a trade
 * table of N rows (docs/tariff.md), with a list by code prefix.
 * Prints the benchmarks' line format, name load_<N> or load_csv_<N>: the best
 * of ROUNDS loads (process CPU time), and the time per category; linear
 * loading keeps the latter flat as N grows. */
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "models/scenario/scenario.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int write_scenario(FILE *f, int n)
{
    fprintf(f, "{\"name\": \"load\", \"horizon_days\": 1, \"replications\": 1,"
               " \"regime\": {\"name\": \"z\", \"exemptions\": []}, \"tariff\": {\"categories\": {");
    for (int i = 0; i < n; i++)
        fprintf(f, "%s\"c%06d\": {\"duty\": 0.05, \"vat\": 0.13}", i ? ", " : "", i);
    fprintf(f, "}}, \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 100, \"categories\": {");
    for (int i = 0; i < n; i++) /* equal shares written exactly: 1/n rounded to 12 places, the rest on the last */
        fprintf(f, "%s\"c%06d\": %.12f", i ? ", " : "", i, i < n - 1 ? 1.0 / n : 1.0 - (n - 1) * (double)(long long)(1e12 / n) / 1e12);
    fprintf(f, "}, \"value_cny\": 1000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"1 d\"}],"
               " \"lines\": {\"first_line\": {\"lanes\": 5, \"service\": \"1 min\", \"inspection\": {\"bays\": 2,"
               " \"time\": \"10 min\", \"rate\": 0.05, \"by_category\": {");
    for (int i = 0; i < n / 5; i++)
        fprintf(f, "%s\"c%06d\": 0.1", i ? ", " : "", i);
    fprintf(f, "}}}, \"second_line\": {\"lanes\": 5, \"service\": \"1 min\"}}}\n");
    return ferror(f) ? -1 : 0;
}

/* The schedule, the trade table and the scenario naming them, in dir. */
static int write_tables(const char *dir, int n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/schedule.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "code,description,mfn,provisional,general,agreement:CEPA,vat,tags\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "%08d,\"line %d, generated\",%s,%s,30%%,0,0.13,%s\n", 10000000 + i, i, i % 3 ? "5%" : "0.065",
                i % 7 ? "" : "0.02", i % 11 ? "" : "research");
    if (fclose(f))
        return -1;
    snprintf(path, sizeof path, "%s/trade.csv", dir);
    if (!(f = fopen(path, "w")))
        return -1;
    fprintf(f, "code,origin,consignments\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "%08d,HK,%d\n", 10000000 + i, 1 + i % 97);
    if (fclose(f))
        return -1;
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    if (!(f = fopen(path, "w")))
        return -1;
    fprintf(f, "{\"name\": \"load\", \"horizon_days\": 1, \"replications\": 1,"
               " \"regime\": {\"name\": \"z\", \"exemptions\": []},"
               " \"tariff\": {\"schedule\": \"schedule.csv\", \"origins\": {\"HK\": {\"agreements\": [\"CEPA\"]}},"
               " \"lists\": {\"zero\": [\"100\", \"1001\"]}},"
               " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"origin_country\": \"HK\", \"preference_share\": 0.5,"
               " \"rate_per_day\": 100, \"trade\": \"trade.csv\", \"value_cny\": 1000, \"route\": {\"to_mainland\": 1},"
               " \"dwell\": \"1 d\"}], \"lines\": {\"first_line\": {\"lanes\": 5, \"service\": \"1 min\"},"
               " \"second_line\": {\"lanes\": 5, \"service\": \"1 min\"}}}\n");
    return fclose(f);
}

static void cleanup(bool csv, const char *path, const char *dir)
{
    if (!csv) {
        remove(path);
        return;
    }
    const char *names[] = {"scenario.json", "schedule.csv", "trade.csv"};
    char p[128];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        remove(p);
    }
    rmdir(dir);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int n = argc > 1 ? atoi(argv[1]) : 0, rounds = argc > 2 ? atoi(argv[2]) : 3;
    bool csv = argc > 3 && !strcmp(argv[3], "csv");
    if (n < 1 || n > 65535 || rounds < 1 || (argc > 3 && !csv)) {
        fprintf(stderr, "usage: bench_load N [ROUNDS] [csv] (N categories, 1 to 65535)\n");
        return 2;
    }
    char path[] = "/tmp/zonesim-bench-load.XXXXXX", dir[] = "/tmp/zonesim-bench-csv.XXXXXX", scen[64];
    if (csv) {
        if (!mkdtemp(dir) || write_tables(dir, n)) {
            fprintf(stderr, "bench_load: cannot write in %s\n", dir);
            return 1;
        }
        snprintf(scen, sizeof scen, "%s/scenario.json", dir);
    } else {
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f || write_scenario(f, n) || fclose(f)) {
            fprintf(stderr, "bench_load: cannot write %s\n", path);
            return 1;
        }
    }
    double best = INFINITY;
    for (int k = 0; k < rounds; k++) {
        cz_reader_t r;
        const char *file = csv ? scen : path;
        cz_reader_init(&r, file);
        double t0 = cpu_now();
        cz_scenario_t *s = cz_scenario_load(&r, file, NULL, 0);
        double t = cpu_now() - t0;
        if (!s) {
            cz_reader_print(&r, stderr);
            cleanup(csv, path, dir);
            return 1;
        }
        cz_scenario_free(s);
        cz_reader_fini(&r);
        best = t < best ? t : best;
    }
    cleanup(csv, path, dir);
    printf("bench load_%s%d categories=%d seconds=%.4f us_per_category=%.3f\n", csv ? "csv_" : "", n, n, best,
           1e6 * best / n);
    return 0;
}
