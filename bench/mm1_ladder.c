/* mm1_ladder.c: the yardstick's M/M/1 with the engine's structure added one rung
 * at a time, to see what each part of the engine's generality costs.
 *
 *   LADDER_RUNG 1  handlers: each event names its handler, called through a
 *                  pointer, with the model's state passed to it (mm1_plain
 *                  branches on an event kind and keeps its state in locals).
 *   LADDER_RUNG 2  slots: as the engine's calendar lays events out, by hand:
 *                  heap entries of (time, key), the handler, subject, object
 *                  and sequence number in a slot table, slots recycled through
 *                  a free stack.
 *
 * The rungs above these are the engine itself (bench_engine mm1_calendar: the
 * same model on sim_schedule, with its own queue; bench_engine mm1: through
 * sim_resource).  bench/run_ladder.sh runs them all side by side.  The random
 * work is the engine's: two of its streams (GSL's taus2, drawn in blocks:
 * sim/stream.h), exponentials by -mean ln U; so these rungs differ from the
 * engine only in structure.
 * Prints the bench line of mm1_plain, named mm1_handlers or mm1_slots. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "sim/stream.h"

#ifndef LADDER_RUNG
#define LADDER_RUNG 1
#endif

typedef struct model model_t;
typedef void (*handler_fn)(model_t *m, void *object);

#if LADDER_RUNG == 1
typedef struct ev { double t; handler_fn fn; } ev_t;
#else
typedef struct ev { double t; uint64_t key; } ev_t; /* key: the slot */
typedef struct slot { handler_fn fn; void *subject, *object; uint64_t seq; } slot_t;
#endif

struct model {
    ev_t *heap;
    size_t n, cap;
#if LADDER_RUNG == 2
    slot_t *slots;
    uint32_t *free_slots, nfree;
    uint64_t next_seq;
#endif
    double now;
    gsl_rng *arr, *svc;
    double *q;                     /* FIFO ring of arrival times */
    size_t qcap, qhead, qlen;
    int busy;
    unsigned long long arrivals, limit, done, events;
    double sum;
};

static void die(const char *why)
{
    fprintf(stderr, "mm1_ladder: %s\n", why);
    exit(1);
}

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes);
    if (!p)
        die("out of memory");
    return p;
}

static void schedule(model_t *m, double t, handler_fn fn)
{
    if (m->n == m->cap)
        die("calendar full"); /* M/M/1 never has more than two pending */
#if LADDER_RUNG == 1
    ev_t e = {t, fn};
#else
    uint32_t s = m->free_slots[--m->nfree];
    m->slots[s] = (slot_t){fn, m, NULL, m->next_seq++};
    ev_t e = {t, s};
#endif
    size_t i = m->n++;
    while (i > 0 && e.t < m->heap[(i - 1) / 2].t) {
        m->heap[i] = m->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    m->heap[i] = e;
}

static ev_t pop(model_t *m)
{
    ev_t top = m->heap[0], last = m->heap[--m->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= m->n)
            break;
        if (c + 1 < m->n && m->heap[c + 1].t < m->heap[c].t)
            c++;
        if (!(m->heap[c].t < last.t))
            break;
        m->heap[i] = m->heap[c];
        i = c;
    }
    if (m->n)
        m->heap[i] = last;
    return top;
}

static double expo(gsl_rng *r, double mean) { return sim_exponential(r, mean); }

static void depart(model_t *m, void *object);

static void arrive(model_t *m, void *object)
{
    (void)object;
    if (m->qlen == m->qcap)
        die("queue full"); /* sized at set-up, far beyond what rho = 0.9 reaches */
    m->q[(m->qhead + m->qlen++) & (m->qcap - 1)] = m->now;
    if (!m->busy) {
        m->busy = 1;
        schedule(m, m->now + expo(m->svc, 1.0), depart);
    }
    if (++m->arrivals < m->limit)
        schedule(m, m->now + expo(m->arr, 1 / 0.9), arrive);
}

static void depart(model_t *m, void *object)
{
    (void)object;
    m->sum += m->now - m->q[m->qhead];
    m->qhead = (m->qhead + 1) & (m->qcap - 1);
    m->qlen--;
    m->done++;
    if (m->qlen)
        schedule(m, m->now + expo(m->svc, 1.0), depart);
    else
        m->busy = 0;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time, as the other rungs */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    model_t m = {.cap = 64, .qcap = 1u << 16, .limit = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ULL};
    m.heap = xmalloc(m.cap * sizeof *m.heap);
    m.q = xmalloc(m.qcap * sizeof *m.q);
#if LADDER_RUNG == 2
    m.slots = xmalloc(m.cap * sizeof *m.slots);
    m.free_slots = xmalloc(m.cap * sizeof *m.free_slots);
    for (uint32_t k = (uint32_t)m.cap; k > 0; k--)
        m.free_slots[m.nfree++] = k - 1;
    m.next_seq = 1;
#endif
    m.arr = gsl_rng_alloc(sim_rng_taus2_blocks);
    m.svc = gsl_rng_alloc(sim_rng_taus2_blocks);
    gsl_rng_set(m.arr, 1);
    gsl_rng_set(m.svc, 2);
    double t0 = cpu();
    schedule(&m, 0, arrive);
    while (m.n) {
        ev_t e = pop(&m);
        m.now = e.t;
        m.events++;
#if LADDER_RUNG == 1
        e.fn(&m, NULL);
#else
        slot_t *s = &m.slots[(uint32_t)e.key];
        handler_fn fn = s->fn;
        model_t *subject = s->subject;
        void *object = s->object;
        s->seq = 0;
        m.free_slots[m.nfree++] = (uint32_t)e.key;
        fn(subject, object);
#endif
    }
    double secs = cpu() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bench %s events=%llu customers=%llu seconds=%.3f events_per_sec=%.0f "
           "customers_per_sec=%.0f peak_rss_kb=%ld\n",
           LADDER_RUNG == 1 ? "mm1_handlers" : "mm1_slots", m.events, m.limit, secs,
           (double)m.events / secs, (double)m.limit / secs, ru.ru_maxrss);
    fprintf(stderr, "mean time in system %.3f (theory 10)\n", m.sum / (double)m.done);
    free(m.q);
    free(m.heap);
#if LADDER_RUNG == 2
    free(m.slots);
    free(m.free_slots);
#endif
    gsl_rng_free(m.arr);
    gsl_rng_free(m.svc);
    return 0;
}
