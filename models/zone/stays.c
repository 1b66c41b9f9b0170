/* stays.c: stays in the zone, held out of the calendar until their last hour.
 *
 * A stay lasts days, a crossing minutes.  Scheduled at once, each stay would
 * hold a calendar slot and a far-tier entry (48 bytes) for all of its days,
 * for every consignment in the zone.  Instead the consignment's own record
 * holds when its stay ends and its place in the order of events, taken from the
 * engine when the stay begins (sim_reserve), in the fields a crossing uses
 * otherwise, and the record is linked into the list of the hour the stay ends
 * in.  As that hour opens, an event hands the hour's stays to the calendar in
 * their reserved places (sim_schedule_reserved), so every event runs in the
 * same order as when each stay was scheduled at once: the outputs are the same.
 *
 * The opening of bucket b runs at its start with the least priority value,
 * before anything else due then (nothing else in the zone has that priority),
 * so a stay is in the calendar before the run reaches its place.  It is
 * scheduled only while stays are held.  A stay ending in the hour already open,
 * or beyond the ring, is scheduled at once.
 *
 * Cost: a stay costs two pointer writes and a reservation when it begins, and
 * one schedule in its last hour; one event an hour while stays are held. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

#include "models/zone/zone_impl.h"

static double bucket_start(int64_t b) { return (double)b * ZI_FAR_WIDTH_MIN; }

/* The bucket holding t (0 <= t < 2^50 widths): its start is at or before t. */
static int64_t bucket_of(double t)
{
    int64_t b = (int64_t)(t / ZI_FAR_WIDTH_MIN);
    while (b > 0 && bucket_start(b) > t)
        b--;
    while (bucket_start(b + 1) <= t)
        b++;
    return b;
}

bool zi_stays_init(zone_t *z)
{
    z->stays.ring = calloc(STAY_RING, sizeof *z->stays.ring);
    return z->stays.ring != NULL;
}

void zi_stays_fini(zone_t *z)
{
    free(z->stays.ring);
    z->stays.ring = NULL;
}

/* Bucket `open` starts now: its stays go to the calendar. */
static void open_hour(sim_t *sim, void *subject, void *object)
{
    (void)object;
    zone_t *z = subject;
    stays_t *st = &z->stays;
    assert(st->n > 0 && bucket_start(st->open) == sim_now(sim));
    cons_t **head = &st->ring[(uint64_t)st->open % STAY_RING];
    for (cons_t *c = *head, *next; c; c = next) {
        next = c->stay.next;
#if defined(__GNUC__)
        __builtin_prefetch(c); /* the first line, which the stay's end reads */
#endif
        st->n--;
        sim_schedule_reserved(sim, c->stay.t_due, 0, zi_stay_done, c, z, c->stay.place);
    }
    *head = NULL;
    st->open++;
    if (st->n > 0)
        sim_schedule_at(sim, bucket_start(st->open), INT32_MIN, open_hour, z, NULL);
}

void zi_stay(zone_t *z, cons_t *c, double delay)
{
    stays_t *st = &z->stays;
    double now = sim_now(z->sim), t = now + delay;
    assert(delay >= 0 && now < 0x1p50 * ZI_FAR_WIDTH_MIN);
    if (st->n == 0) /* no opening pending: the open bucket is now's */
        st->open = bucket_of(now) + 1;
    int64_t b = t < 0x1p50 * ZI_FAR_WIDTH_MIN ? bucket_of(t) : INT64_MAX;
    if (b < st->open || b - st->open >= (int64_t)STAY_RING) {
        sim_schedule(z->sim, delay, 0, zi_stay_done, c, z); /* in the open hour, or beyond the ring */
        return;
    }
    c->stay.t_due = t;
    c->stay.place = sim_reserve(z->sim);
    cons_t **head = &st->ring[(uint64_t)b % STAY_RING];
    c->stay.next = *head;
    *head = c;
    if (st->n++ == 0)
        sim_schedule_at(z->sim, bucket_start(st->open), INT32_MIN, open_hour, z, NULL);
}
