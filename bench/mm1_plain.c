/* mm1_plain.c: yardsticks with no engine: a binary heap of (time, kind) and a loop.
 *
 *   mm1 [customers]          M/M/1, lambda 0.9, mu 1, FIFO ring of arrival times.
 *   The random work is the engine's, written out: the same GSL generator (taus2)
 *   and the same exponential by inversion, -mean ln U; so any difference in speed
 *   is the engine's calendar, dispatch, resource and statistics.
 *   hold [pending] [steps]   the hold model on a plain binary heap of times.
 * Same output line as bench_engine, names suffixed _plain.
 *
 * Built with -DPLAIN_BLOCKS (bench/run_ladder.sh only) it draws the same numbers
 * from the engine's blocked streams (sim/stream.h) and names its line
 * mm1_plain_blocks: what drawing in blocks gives a bare loop. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct ev { double t; int kind; } ev_t; /* kind 0 arrival, 1 departure */

typedef struct heap { ev_t *a; size_t n, cap; } heap_t;

static void push(heap_t *h, ev_t e)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 64;
        h->a = realloc(h->a, h->cap * sizeof *h->a);
        if (!h->a)
            abort();
    }
    size_t i = h->n++;
    while (i > 0 && e.t < h->a[(i - 1) / 2].t) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = e;
}

static ev_t pop(heap_t *h)
{
    ev_t top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->a[c + 1].t < h->a[c].t)
            c++;
        if (!(h->a[c].t < last.t))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (h->n)
        h->a[i] = last;
    return top;
}

#ifdef PLAIN_BLOCKS
#include "sim/stream.h"
#define RNG_TYPE sim_rng_taus2_blocks
#define MM1_NAME "mm1_plain_blocks"
static double expo(gsl_rng *r, double mean) { return sim_exponential(r, mean); }
#else
#define RNG_TYPE gsl_rng_taus2
#define MM1_NAME "mm1_plain"
static double expo(gsl_rng *r, double mean) { return -mean * log(gsl_rng_uniform_pos(r)); }
#endif

/* The process's CPU time, as bench_engine's single-threaded runs measure. */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void report(const char *name, unsigned long long events, unsigned long long customers,
                   double secs)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bench %s events=%llu customers=%llu seconds=%.3f events_per_sec=%.0f "
           "customers_per_sec=%.0f peak_rss_kb=%ld\n",
           name, events, customers, secs, (double)events / secs, (double)customers / secs,
           ru.ru_maxrss);
}

static void mm1(unsigned long long limit)
{
    gsl_rng *arr = gsl_rng_alloc(RNG_TYPE), *svc = gsl_rng_alloc(RNG_TYPE);
    gsl_rng_set(arr, 1);
    gsl_rng_set(svc, 2);
    heap_t h = {0};
    size_t qcap = 1024, qhead = 0, qlen = 0;
    double *q = malloc(qcap * sizeof *q);
    double now = 0, sum = 0;
    unsigned long long arrivals = 0, done = 0, events = 0;
    int busy = 0;
    double t0 = cpu();
    push(&h, (ev_t){0, 0});
    while (h.n) {
        ev_t e = pop(&h);
        now = e.t;
        events++;
        if (e.kind == 0) {
            if (qlen == qcap) { /* grow the ring */
                double *p = malloc(2 * qcap * sizeof *p);
                for (size_t i = 0; i < qlen; i++)
                    p[i] = q[(qhead + i) & (qcap - 1)];
                free(q);
                q = p, qhead = 0, qcap *= 2;
            }
            q[(qhead + qlen++) & (qcap - 1)] = now;
            if (!busy) {
                busy = 1;
                push(&h, (ev_t){now + expo(svc, 1.0), 1});
            }
            if (++arrivals < limit)
                push(&h, (ev_t){now + expo(arr, 1 / 0.9), 0});
        } else {
            sum += now - q[qhead];
            qhead = (qhead + 1) & (qcap - 1);
            qlen--;
            done++;
            if (qlen)
                push(&h, (ev_t){now + expo(svc, 1.0), 1});
            else
                busy = 0;
        }
    }
    report(MM1_NAME, events, limit, cpu() - t0);
    fprintf(stderr, MM1_NAME ": mean time in system %.3f (theory 10)\n", sum / (double)done);
    free(q);
    free(h.a);
    gsl_rng_free(arr);
    gsl_rng_free(svc);
}

static void hold(unsigned long pending, unsigned long long steps)
{
    gsl_rng *r = gsl_rng_alloc(RNG_TYPE);
    heap_t h = {0};
    for (unsigned long i = 0; i < pending; i++)
        push(&h, (ev_t){expo(r, 1.0), 0});
    double t0 = cpu();
    for (unsigned long long s = 0; s < steps; s++) {
        ev_t e = pop(&h);
        push(&h, (ev_t){e.t + expo(r, 1.0), 0});
    }
    char name[32];
    snprintf(name, sizeof name, "hold_%s_plain", pending >= 100000 ? "1e5" : "1e3");
    report(name, steps, 0, cpu() - t0);
    free(h.a);
    gsl_rng_free(r);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "mm1") == 0)
        mm1(argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000ULL);
    else if (argc > 1 && strcmp(argv[1], "hold") == 0)
        hold(argc > 2 ? strtoul(argv[2], NULL, 10) : 1000,
             argc > 3 ? strtoull(argv[3], NULL, 10) : 10000000ULL);
    else {
        fprintf(stderr, "usage: mm1_plain mm1|hold [args]\n");
        return 2;
    }
    return 0;
}
