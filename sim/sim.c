/* sim.c: the run loop and the named random streams.  See sim.h. */
#include "sim/sim.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/stream.h"

typedef struct sim_stream_rec {
    char *name;
    gsl_rng *rng;
} sim_stream_rec_t;

struct sim {
    double now;              /* current simulated time */
    sim_calendar_t cal;
    uint64_t seed;
    unsigned rep;
    uint64_t events;         /* events dispatched */
    bool stop, failed;
    sim_stream_rec_t *streams;
    size_t nstreams, streams_cap;
};

sim_t *sim_create(uint64_t seed, unsigned rep)
{
    sim_t *sim = calloc(1, sizeof *sim);
    if (!sim)
        return NULL;
    sim_calendar_init(&sim->cal);
    sim->seed = seed;
    sim->rep = rep;
    return sim;
}

void sim_destroy(sim_t *sim)
{
    if (!sim)
        return;
    for (size_t i = 0; i < sim->nstreams; i++) {
        free(sim->streams[i].name);
        gsl_rng_free(sim->streams[i].rng);
    }
    free(sim->streams);
    sim_calendar_fini(&sim->cal);
    free(sim);
}

double sim_now(const sim_t *sim) { return sim->now; }
uint64_t sim_seed(const sim_t *sim) { return sim->seed; }
unsigned sim_replication(const sim_t *sim) { return sim->rep; }
uint64_t sim_events_run(const sim_t *sim) { return sim->events; }
size_t sim_pending(const sim_t *sim) { return sim_calendar_size(&sim->cal); }
sim_calendar_t *sim_calendar(sim_t *sim) { return &sim->cal; }
void sim_stop(sim_t *sim) { sim->stop = true; }
bool sim_failed(const sim_t *sim) { return sim->failed; }
void sim_fail(sim_t *sim) { sim->failed = sim->stop = true; }

sim_handle_t sim_schedule_at(sim_t *sim, double t, int32_t prio,
                             sim_event_fn fn, void *subject, void *object)
{
    assert(t >= sim->now && "scheduling in the past");
    sim_handle_t h = sim_calendar_schedule(&sim->cal, t, prio, fn, subject, object);
    if (h.seq == 0)
        sim_fail(sim);
    return h;
}

sim_handle_t sim_schedule(sim_t *sim, double delay, int32_t prio,
                          sim_event_fn fn, void *subject, void *object)
{
    assert(delay >= 0 && "scheduling in the past");
    return sim_schedule_at(sim, sim->now + delay, prio, fn, subject, object);
}

uint64_t sim_reserve(sim_t *sim) { return sim_calendar_reserve(&sim->cal); }

sim_handle_t sim_schedule_reserved(sim_t *sim, double t, int32_t prio, sim_event_fn fn,
                                   void *subject, void *object, uint64_t place)
{
    assert(t >= sim->now && "scheduling in the past");
    sim_handle_t h = sim_calendar_schedule_reserved(&sim->cal, t, prio, fn, subject, object, place);
    if (h.seq == 0)
        sim_fail(sim);
    return h;
}

bool sim_cancel(sim_t *sim, sim_handle_t h) { return sim_calendar_cancel(&sim->cal, h); }
bool sim_set_far_width(sim_t *sim, double width, size_t subject_bytes)
{
    return sim_calendar_set_far_width(&sim->cal, width, subject_bytes);
}
bool sim_is_pending(const sim_t *sim, sim_handle_t h) { return sim_calendar_pending(&sim->cal, h); }

/* Run one taken event: the clock moves to it and its handler runs. */
static inline void run_event(sim_t *sim, const sim_event_t *ev)
{
    assert(ev->t >= sim->now);
    sim->now = ev->t;
    sim->events++;
    ev->fn(sim, ev->subject, ev->object);
}

bool sim_step(sim_t *sim)
{
    sim_event_t ev;
    if (!sim_calendar_take(&sim->cal, INFINITY, &ev))
        return false;
    run_event(sim, &ev);
    return true;
}

/* Run events due at or before t_end until none is left or a handler stops. */
static void run_events(sim_t *sim, double t_end)
{
    sim_event_t ev;
    sim->stop = false;
    while (!sim->stop && sim_calendar_take(&sim->cal, t_end, &ev))
        run_event(sim, &ev);
}

bool sim_run_until(sim_t *sim, double t_end)
{
    assert(!isnan(t_end));
    run_events(sim, t_end);
    if (!sim->stop && t_end > sim->now)
        sim->now = t_end;
    return !sim->failed && !sim->stop;
}

bool sim_run(sim_t *sim)
{
    run_events(sim, INFINITY);
    return !sim->failed && !sim->stop;
}

/* splitmix64's finaliser: a bijective mixer with full avalanche. */
static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t sim_stream_seed(uint64_t seed, unsigned rep, const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a over the name */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    return mix64(mix64(mix64(seed) ^ rep) ^ h);
}

gsl_rng *sim_stream(sim_t *sim, const char *name)
{
    for (size_t i = 0; i < sim->nstreams; i++)
        if (strcmp(sim->streams[i].name, name) == 0)
            return sim->streams[i].rng;
    if (sim->nstreams == sim->streams_cap) {
        size_t cap = sim->streams_cap ? sim->streams_cap * 2 : 16;
        sim_stream_rec_t *p = realloc(sim->streams, cap * sizeof *p);
        if (!p)
            return NULL;
        sim->streams = p;
        sim->streams_cap = cap;
    }
    gsl_rng *r = gsl_rng_alloc(sim_rng_taus2_blocks); /* taus2's numbers, in blocks */
    char *copy = strdup(name);
    if (!r || !copy) {
        gsl_rng_free(r);
        free(copy);
        return NULL;
    }
    /* taus2 takes a 32-bit seed: fold the 64-bit hash so both halves count. */
    uint64_t s = sim_stream_seed(sim->seed, sim->rep, name);
    gsl_rng_set(r, (unsigned long)((s ^ (s >> 32)) & 0xffffffffUL));
    sim->streams[sim->nstreams++] = (sim_stream_rec_t){copy, r};
    return r;
}
