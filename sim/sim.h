/* sim.h: one simulation run: a clock, its pending events and its random streams.
 *
 * Everything a run mutates hangs off a sim_t, so runs in separate threads share
 * nothing and need no locks.  Time is a double in the model's unit (zonesim's
 * model uses minutes); the engine never assumes a unit.
 *
 * Ownership: sim_create/sim_destroy.  Handlers borrow the sim_t they are given.
 * Errors: scheduling before now is a bug (assert).  Out of memory while
 *         scheduling sets a sticky error (sim_failed) and stops the run.
 * Cost: sim_schedule and each event dispatched are O(log n) in pending events. */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "sim/calendar.h"

typedef struct sim sim_t;

/* A run of replication `rep` (0-based) under master seed `seed`, clock at 0. */
sim_t *sim_create(uint64_t seed, unsigned rep);
void sim_destroy(sim_t *sim);

double sim_now(const sim_t *sim);
uint64_t sim_seed(const sim_t *sim);
unsigned sim_replication(const sim_t *sim);
uint64_t sim_events_run(const sim_t *sim);   /* events dispatched so far */
size_t sim_pending(const sim_t *sim);         /* events scheduled, not yet run */

/* Schedule fn(sim, subject, object) `delay` after now (delay >= 0). */
sim_handle_t sim_schedule(sim_t *sim, double delay, int32_t prio,
                          sim_event_fn fn, void *subject, void *object);
/* Schedule at absolute time t >= now. */
sim_handle_t sim_schedule_at(sim_t *sim, double t, int32_t prio,
                             sim_event_fn fn, void *subject, void *object);
/* A place in the order of events, taken now, for an event that will be
 * scheduled later with sim_schedule_reserved and must run as if scheduled now:
 * among events due at the same time with the same priority, after those
 * scheduled before the reservation and before those scheduled after it.  A
 * model that keeps long waits in its own records (the zone's stays) hands each
 * to the calendar shortly before it is due, and the order of events is the
 * same.  Each place is used at most once, and the event must be handed in
 * before the run reaches its place: before any event due later, or due at the
 * same time with a greater priority value or a later place, has run (the
 * calendar cannot check this; the zone hands a stay in at the start of the
 * hour it ends in, with the least priority value). */
uint64_t sim_reserve(sim_t *sim);
/* Schedule at absolute time t >= now in a place sim_reserve gave. */
sim_handle_t sim_schedule_reserved(sim_t *sim, double t, int32_t prio, sim_event_fn fn,
                                   void *subject, void *object, uint64_t place);
bool sim_cancel(sim_t *sim, sim_handle_t h);
/* Before the first event is scheduled: turn on the calendar's far tier
 * (sim/calendar.h), where events due after the open time bucket wait unsorted
 * in buckets `width` wide: it pays when most events are due soon among many due
 * much later.  As a bucket opens, the first `subject_bytes` (up to 256) of its
 * events' subjects are prefetched (0: none).
 * The order of events is the same at any width.  False on a bad width (not a
 * normal positive number, or 2^50 widths not finite), a calendar in use, or out
 * of memory. */
bool sim_set_far_width(sim_t *sim, double width, size_t subject_bytes);
bool sim_is_pending(const sim_t *sim, sim_handle_t h);

/* Run events due at or before t_end, then set the clock to t_end.
 * Returns false if the run failed (out of memory) or was stopped early. */
bool sim_run_until(sim_t *sim, double t_end);
/* Run events until none is pending; the clock stays at the last one.
 * Returns false if the run failed (out of memory) or was stopped early. */
bool sim_run(sim_t *sim);
/* Run one event; false when none is pending. */
bool sim_step(sim_t *sim);
/* Ask sim_run_until or sim_run to return after the current event. */
void sim_stop(sim_t *sim);
bool sim_failed(const sim_t *sim);
void sim_fail(sim_t *sim);  /* a model reports out of memory the same way */

/* The generator of the named stream, created on first use and seeded from a hash
 * of (master seed, replication, name): adding or changing one stream leaves the
 * numbers of every other stream untouched.  It is GSL's taus2, drawn in blocks
 * (sim/stream.h): taus2's numbers, computed ahead.  Look streams up once at
 * set-up and keep the pointer: the lookup is a linear scan.  NULL when out of
 * memory.  The sim owns the generator. */
gsl_rng *sim_stream(sim_t *sim, const char *name);

/* The seed sim_stream uses, exposed for tests and for engines outside sim_t. */
uint64_t sim_stream_seed(uint64_t seed, unsigned rep, const char *name);

/* The calendar, for tests and benchmarks that drive it directly. */
sim_calendar_t *sim_calendar(sim_t *sim);

#endif
