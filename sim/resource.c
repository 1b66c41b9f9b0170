/* resource.c: servers, queue, opening hours.  See resource.h. */
#include "sim/resource.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

typedef struct waiter {
    void *entity;
    sim_grant_fn fn;
    void *arg;
    double t_enq;
    int prio;
    uint64_t seq;
} waiter_t;

struct sim_resource {
    unsigned servers, busy;
    sim_queue_kind_t kind;
    bool open;
    bool dispatching;           /* guards re-entrant release from a grant callback */
    double open_at, close_at, period;
    waiter_t *q;                /* FIFO: ring buffer; PRIORITY: binary heap */
    size_t qhead, qlen, qcap;   /* qcap is a power of two: the ring wraps by mask */
    uint64_t qseq;
    sim_timeavg_t busy_avg, queue_avg;
    sim_timeavg_t open_avg;     /* servers while open, 0 while closed: capacity offered */
    sim_tally_t waits;
    unsigned long starts_closed;
};

sim_resource_t *sim_resource_create(sim_t *sim, unsigned servers, sim_queue_kind_t kind)
{
    sim_resource_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->servers = servers;
    r->kind = kind;
    r->open = true;
    sim_timeavg_init(&r->busy_avg, sim_now(sim), 0);
    sim_timeavg_init(&r->queue_avg, sim_now(sim), 0);
    sim_timeavg_init(&r->open_avg, sim_now(sim), servers);
    sim_tally_init(&r->waits);
    return r;
}

void sim_resource_destroy(sim_resource_t *r)
{
    if (!r)
        return;
    free(r->q);
    free(r);
}

static bool waiter_before(const waiter_t *a, const waiter_t *b)
{
    return a->prio != b->prio ? a->prio < b->prio : a->seq < b->seq;
}

static bool queue_grow(sim_resource_t *r)
{
    size_t cap = r->qcap ? r->qcap * 2 : 16;
    waiter_t *p = malloc(cap * sizeof *p);
    if (!p)
        return false;
    for (size_t i = 0; i < r->qlen; i++) /* unwrap the ring (a heap has qhead 0) */
        p[i] = r->q[(r->qhead + i) & (r->qcap - 1)];
    free(r->q);
    r->q = p;
    r->qcap = cap;
    r->qhead = 0;
    return true;
}

/* A binary heap by (prio, seq) for SIM_QUEUE_PRIORITY. */
static void heap_push(sim_resource_t *r, waiter_t w)
{
    size_t i = r->qlen++;
    while (i > 0 && waiter_before(&w, &r->q[(i - 1) / 2])) {
        r->q[i] = r->q[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    r->q[i] = w;
}

static waiter_t heap_pop(sim_resource_t *r)
{
    waiter_t top = r->q[0];
    waiter_t last = r->q[--r->qlen];
    size_t i = 0, n = r->qlen;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && waiter_before(&r->q[c + 1], &r->q[c]))
            c++;
        if (!waiter_before(&r->q[c], &last))
            break;
        r->q[i] = r->q[c];
        i = c;
    }
    if (n)
        r->q[i] = last;
    return top;
}

static inline bool queue_push(sim_resource_t *r, waiter_t w)
{
    if (SIM_UNLIKELY(r->qlen == r->qcap) && !queue_grow(r))
        return false;
    if (r->kind == SIM_QUEUE_FIFO)
        r->q[(r->qhead + r->qlen++) & (r->qcap - 1)] = w;
    else
        heap_push(r, w);
    return true;
}

static inline waiter_t queue_pop(sim_resource_t *r)
{
    assert(r->qlen > 0);
    if (r->kind != SIM_QUEUE_FIFO)
        return heap_pop(r);
    waiter_t top = r->q[r->qhead];
    r->qhead = (r->qhead + 1) & (r->qcap - 1);
    r->qlen--;
    return top;
}

/* A free server may start work now. */
static inline bool can_start(const sim_resource_t *r)
{
    return r->open && r->busy < r->servers;
}

static inline void grant(sim_t *sim, sim_resource_t *r, void *entity, sim_grant_fn fn,
                         void *arg, double t_enq)
{
    double now = sim_now(sim);
    if (SIM_UNLIKELY(!r->open))
        r->starts_closed++;
    r->busy++;
    sim_timeavg_set(&r->busy_avg, now, r->busy);
    sim_tally_add(&r->waits, now - t_enq);
    fn(sim, entity, arg);
}

/* Start service for waiters while servers are free and the resource is open.
 * Iterative, so a grant callback may release synchronously without recursion.
 * Outside it, nobody waits while a server could start: !can_start || qlen == 0. */
static void dispatch(sim_t *sim, sim_resource_t *r)
{
    if (r->dispatching)
        return;
    r->dispatching = true;
    while (can_start(r) && r->qlen > 0) {
        waiter_t w = queue_pop(r);
        sim_timeavg_set(&r->queue_avg, sim_now(sim), (double)r->qlen);
        grant(sim, r, w.entity, w.fn, w.arg, w.t_enq);
    }
    r->dispatching = false;
}

void sim_resource_request(sim_t *sim, sim_resource_t *r, void *entity, int prio,
                          sim_grant_fn fn, void *arg)
{
    double now = sim_now(sim);
    if (can_start(r) && !r->dispatching) { /* then nobody waits: start at once */
        assert(r->qlen == 0);
        grant(sim, r, entity, fn, arg, now);
        return;
    }
    if (!queue_push(r, (waiter_t){entity, fn, arg, now, prio, r->qseq++})) {
        sim_fail(sim);
        return;
    }
    sim_timeavg_set(&r->queue_avg, now, (double)r->qlen);
    /* No server could start, or a dispatch under way will reach this waiter. */
}

void sim_resource_release(sim_t *sim, sim_resource_t *r)
{
    assert(r->busy > 0 && "release without a seize");
    double now = sim_now(sim);
    if (r->qlen > 0 && r->open && r->busy <= r->servers && !r->dispatching) {
        /* Hand the server straight to the next in line: busy does not change. */
        r->dispatching = true;
        waiter_t w = queue_pop(r);
        sim_timeavg_set(&r->queue_avg, now, (double)r->qlen);
        sim_tally_add(&r->waits, now - w.t_enq);
        w.fn(sim, w.entity, w.arg);
        r->dispatching = false;
        if (SIM_UNLIKELY(can_start(r)) && r->qlen > 0) /* the grant released at once */
            dispatch(sim, r);
        return;
    }
    r->busy--;
    sim_timeavg_set(&r->busy_avg, now, r->busy);
    if (r->qlen > 0 && can_start(r))
        dispatch(sim, r);
}

/* The capacity offered now changed: servers, or opening and closing. */
static void capacity_changed(sim_t *sim, sim_resource_t *r)
{
    sim_timeavg_set(&r->open_avg, sim_now(sim), r->open ? r->servers : 0);
}

void sim_resource_set_servers(sim_t *sim, sim_resource_t *r, unsigned servers)
{
    r->servers = servers;
    capacity_changed(sim, r);
    dispatch(sim, r);
}

/* Hours: the resource toggles itself with events on the calendar. */
static bool open_at_phase(const sim_resource_t *r, double phase)
{
    if (r->open_at <= r->close_at)
        return phase >= r->open_at && phase < r->close_at;
    return phase >= r->open_at || phase < r->close_at; /* wraps past midnight */
}

static void toggle(sim_t *sim, void *subject, void *object);

static void schedule_next_toggle(sim_t *sim, sim_resource_t *r)
{
    double now = sim_now(sim);
    double day = floor(now / r->period) * r->period;
    double edge = r->open ? r->close_at : r->open_at;
    double t = day + edge;
    if (t <= now)
        t += r->period;
    sim_schedule_at(sim, t, -1, toggle, r, NULL);
}

static void toggle(sim_t *sim, void *subject, void *object)
{
    (void)object;
    sim_resource_t *r = subject;
    r->open = !r->open;
    capacity_changed(sim, r);
    schedule_next_toggle(sim, r);
    dispatch(sim, r);
}

void sim_resource_set_hours(sim_t *sim, sim_resource_t *r, double open, double close,
                            double period)
{
    assert(period > 0 && open >= 0 && open < period && close >= 0 && close < period);
    r->open_at = open;
    r->close_at = close;
    r->period = period;
    if (open == close) { /* a window of zero length would never open: treat as always */
        r->open = true;
        return;
    }
    r->open = open_at_phase(r, fmod(sim_now(sim), period));
    capacity_changed(sim, r);
    schedule_next_toggle(sim, r);
}

bool sim_resource_is_open(const sim_resource_t *r) { return r->open; }
unsigned sim_resource_servers(const sim_resource_t *r) { return r->servers; }
unsigned sim_resource_busy(const sim_resource_t *r) { return r->busy; }
size_t sim_resource_queue_length(const sim_resource_t *r) { return r->qlen; }

void sim_resource_reset_stats(sim_t *sim, sim_resource_t *r)
{
    sim_timeavg_reset(&r->busy_avg, sim_now(sim));
    sim_timeavg_reset(&r->queue_avg, sim_now(sim));
    sim_timeavg_reset(&r->open_avg, sim_now(sim));
    sim_tally_init(&r->waits);
}

double sim_resource_mean_busy(const sim_resource_t *r, double now)
{
    return sim_timeavg_mean(&r->busy_avg, now);
}

double sim_resource_utilization(const sim_resource_t *r, double now)
{
    return r->servers ? sim_resource_mean_busy(r, now) / r->servers : 0;
}

double sim_resource_mean_open_servers(const sim_resource_t *r, double now)
{
    return sim_timeavg_mean(&r->open_avg, now);
}

double sim_resource_open_utilization(const sim_resource_t *r, double now)
{
    double cap = sim_resource_mean_open_servers(r, now);
    return cap > 0 ? sim_resource_mean_busy(r, now) / cap : NAN;
}

double sim_resource_mean_queue(const sim_resource_t *r, double now)
{
    return sim_timeavg_mean(&r->queue_avg, now);
}

const sim_tally_t *sim_resource_waits(const sim_resource_t *r) { return &r->waits; }
unsigned long sim_resource_starts_while_closed(const sim_resource_t *r) { return r->starts_closed; }
