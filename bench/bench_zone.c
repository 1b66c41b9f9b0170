/* bench_zone.c: one replication of a heavy zone scenario over a given horizon.
 * usage: bench_zone SCENARIO DAYS
 * Prints the engine benchmarks' line format; name zone_year for 365 days,
 * zone_5years for 1825, zone_<days>d otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "models/zone/kpi.h"
#include "models/scenario/scenario.h"
#include "models/zone/zone.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: bench_zone SCENARIO DAYS [NAME]\n");
        return 2;
    }
    char set[64];
    snprintf(set, sizeof set, "horizon_days=%s", argv[2]);
    const char *sets[] = {set, "warmup_days=0"};
    cz_reader_t r;
    cz_reader_init(&r, argv[1]);
    cz_scenario_t *s = cz_scenario_load(&r, argv[1], sets, 2);
    if (!s) {
        cz_reader_print(&r, stderr);
        cz_reader_fini(&r);
        return 2;
    }
    cz_reader_fini(&r);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0); /* CPU time: a busy machine cannot lengthen it */
    int rc = cz_zone_run(s, 0, k, &st);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long days = strtol(argv[2], NULL, 10);
    char name[32];
    if (argc == 4)
        snprintf(name, sizeof name, "%s", argv[3]);
    else if (days == 365)
        snprintf(name, sizeof name, "zone_year");
    else if (days == 1825)
        snprintf(name, sizeof name, "zone_5years");
    else
        snprintf(name, sizeof name, "zone_%ldd", days);
    printf("bench %s events=%llu customers=%llu seconds=%.3f events_per_sec=%.0f "
           "customers_per_sec=%.0f peak_rss_kb=%ld\n",
           name, (unsigned long long)st.events, (unsigned long long)st.consignments, secs,
           (double)st.events / secs, (double)st.consignments / secs, ru.ru_maxrss);
    fprintf(stderr, "%s: %.0f consignments in the zone on average, peak %llu in the system%s%s\n",
            name, k[K_IN_ZONE_MEAN], (unsigned long long)st.peak_in_system, rc ? ": FAILED " : "",
            rc ? st.check_error : "");
    free(k);
    cz_scenario_free(s);
    return rc;
}
