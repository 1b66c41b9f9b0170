/* testutil.h: helpers shared by the Check suites.
 *
 * qnet_run: a tandem of stations fed by a Poisson stream, built on sim/ alone,
 * used to check the engine against queueing theory (M/M/1, M/M/c, M/D/1,
 * Jackson tandems, Little's law). */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <check.h>
#include <stdint.h>

#include "sim/dist.h"
#include "sim/stats.h"

#define QNET_MAX 4

typedef struct qnet_spec {
    double lambda;                /* arrivals per time unit */
    int stations;
    unsigned servers[QNET_MAX];
    sim_dist_t service[QNET_MAX];
    double warmup, horizon;       /* statistics over [warmup, horizon] */
} qnet_spec_t;

typedef struct qnet_result {
    double wait[QNET_MAX];        /* mean wait in queue at each station */
    double sojourn;               /* mean time in system of customers done */
    double in_system;             /* time-average number in system */
    double throughput;            /* departures per time unit */
    uint64_t events;
} qnet_result_t;

int qnet_run(const qnet_spec_t *spec, uint64_t seed, unsigned rep, qnet_result_t *out);

/* Write text to a new temporary file; returns its path (static storage per call
 * site is not used: the caller frees it).  Removed by the caller with remove(). */
char *write_temp(const char *text);

/* The zonesim binary under test ($ZONESIM_BIN, else ./zonesim), absolute. */
const char *zonesim_bin(void);
/* Run a shell command with $Z set to zonesim; capture stdout+stderr in *out
 * (caller frees; NULL to discard); return the exit code. */
int sh(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A whole file, NUL-terminated (caller frees), or NULL. */
char *slurp(const char *path);
/* A new empty folder under /tmp (caller frees the name). */
char *tmpdir(void);

/* Erlang C: the probability that an arrival waits in M/M/c with offered load a
 * = lambda/mu (a < c); the mean wait is erlang_c(c, a) / (c mu - lambda). */
double erlang_c(int c, double a);

/* Run a suite (built by make_suite), print Check's summary, return the exit status. */
int run_suite(Suite *s);

/* Assert |x - expect| <= k * se, with a message that shows all three. */
#define ck_assert_within_se(x, expect, se, k)                                           \
    ck_assert_msg(fabs((x) - (expect)) <= (k) * (se),                                   \
                  "%s = %.6g, expected %.6g within %g x se %.4g", #x, (double)(x),       \
                  (double)(expect), (double)(k), (double)(se))

#endif
