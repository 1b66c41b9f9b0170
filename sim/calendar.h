/* calendar.h: the pending events of one simulation.
 *
 * A 4-ary min-heap of 16-byte entries ordered by (time, priority, sequence number):
 * earlier time first, then smaller priority value, then the order of scheduling
 * (so ties run FIFO and runs are reproducible).  The event's payload (handler,
 * subject, object) and its sequence number live in a slot table beside the heap:
 * sifting moves 16-byte entries, each group of four siblings fills one 64-byte
 * cache line, and the sequence number is read only to break an exact tie.
 *
 * The hold operation is fused.  sim_calendar_take() hands out the earliest event
 * and leaves a vacancy at the root instead of re-sifting at once; the next
 * schedule fills the vacancy (one sift down, where pop-then-push costs a sift
 * down and a sift up), and the next take, pop or peek settles a vacancy nobody
 * filled.  Most handlers schedule at least one event, so most events cost one
 * sift.  sim_calendar_pop() is take and settle together.  A new event fills the
 * vacancy top-down and stops where it belongs (in a model events are often due
 * soon, among long stays); a vacancy nobody filled takes the last entry, which
 * is usually late, bottom-up (Floyd).  In a heap of five entries or fewer the
 * root's children are leaves, and a vacancy is filled by one placement.
 *
 * Walking down, the smallest of four children is picked by a tournament of
 * conditional moves (with random times every comparison is a coin flip that a
 * branch would mispredict half the time), and on heaps larger than the cache the
 * grandchildren's lines are prefetched while the children are compared (and,
 * bottom-up, the next root's slot as soon as it is known).
 *
 * Cancellation is lazy: cancelling frees nothing in the heap; it clears the
 * slot's handler, and the stale entry is discarded when it reaches the top.  No
 * heap positions need tracking, which keeps schedule and take lean.
 *
 * The far tier (off until sim_calendar_set_far_width): in a model whose events
 * are mostly due soon among many due much later (services of minutes among stays
 * of days), a late event walks to the bottom of the heap and every other walk is
 * the longer for it.  With a bucket width w, an event due at or after the start
 * of the first unopened bucket (`far_from`) is not put in the heap but appended
 * to its bucket — time [k w, (k+1) w) — in a ring of SIMI_RING buckets, or, when
 * due beyond the ring, to an overflow kept as a binary min-heap by time, from
 * which every half turn moves what has come within the ring.  When the heap
 * holds nothing due before `far_from`, the next bucket opens: its entries go
 * into the heap, which so holds what is due in the open buckets (and, when a
 * take left the root vacant, an event due in the bucket after them fills the
 * vacancy: it would reach the heap within a bucket anyway, and the vacancy
 * would cost the next take a walk down).  The order is the same (time, priority, sequence number) whatever the width: a
 * width changes the cost, never the order of events.
 *
 * Owns its entries and slots; borrows the subject/object pointers.
 * Invariant: heap order by (time, priority, seq) below a vacant root;
 *            sequence numbers are unique and below next_seq (a reserved one
 *            may be used later than others after it); every far entry is due at or after
 *            far_from, in the bucket of its time.  The heap may hold any time
 *            (an event due too late for a bucket, beyond 2^50 widths or
 *            infinite, or one a bucket had no memory for), so its top is
 *            taken only when due before far_from or when the far tier is empty.
 * Errors: out of memory returns a null handle (seq 0) from schedule.
 * Cost: schedule and take O(log4 n) (a schedule that fills a vacancy replaces
 *       the take's sift); cancel O(1); peek amortised O(1).
 *       With the far tier, a far event within the ring costs O(1) to schedule and
 *       one sift up a heap of the open buckets' events when its bucket opens; one
 *       beyond the ring also a push and a pop of the overflow heap, O(log n).
 *       Empty buckets cost a step each as time passes them (none when the ring is
 *       empty: the next bucket is found at the overflow's top).
 *       Memory: 16 bytes of heap + 32 bytes of slot per pending event (+ 16 of
 *       bucket for a far one), plus cancelled events not yet reached (reclaimed
 *       as time passes them). */
#ifndef SIM_CALENDAR_H
#define SIM_CALENDAR_H

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SIM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SIM_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define SIM_UNLIKELY(x) (x)
#define SIM_LIKELY(x) (x)
#endif

struct sim;
typedef void (*sim_event_fn)(struct sim *sim, void *subject, void *object);

/* A handle names one scheduled event; {0, 0} names none. */
typedef struct sim_handle {
    uint64_t seq;  /* the event's sequence number, unique in its calendar (>= 1) */
    uint32_t slot; /* where its payload lives */
} sim_handle_t;

typedef struct sim_event {
    double t;          /* time the event is due */
    int32_t prio;      /* smaller runs first among events due at the same time */
    sim_event_fn fn;
    void *subject;
    void *object;
    uint64_t seq;
} sim_event_t;

/* Two 8-byte words, so that an entry is built in registers and moved whole:
 * assembling it field by field in memory and then copying it as 16 bytes
 * stalls store-to-load forwarding on every schedule. */
typedef struct sim_cal_entry {
    double t;
    uint64_t key;       /* (prio + 2^31) << 32 | slot: priority order in the high
                           half; the slot holds payload and sequence number */
} sim_cal_entry_t;

static inline uint64_t simi_key(int32_t prio, uint32_t slot)
{
    return (uint64_t)((uint32_t)prio ^ 0x80000000u) << 32 | slot;
}
static inline uint32_t simi_slot(const sim_cal_entry_t *e) { return (uint32_t)e->key; }
static inline int32_t simi_prio(const sim_cal_entry_t *e)
{
    return (int32_t)((uint32_t)(e->key >> 32) ^ 0x80000000u);
}

typedef struct sim_cal_slot {
    sim_event_fn fn;    /* NULL once cancelled (its entry is still in the heap) */
    void *subject;
    void *object;
    uint64_t seq;       /* the event's sequence number; 0 while the slot is free */
} sim_cal_slot_t;       /* 32 bytes: two to a cache line */

/* One bucket of the far tier: a chain of chunks of entries, so
 * that a bucket wastes at most one part-filled chunk, and emptied chunks serve
 * any bucket (the calendar keeps them in a spare chain). */
#define SIMI_CHUNK 63u
typedef struct sim_cal_chunk {
    struct sim_cal_chunk *next;
    uint32_t n, unused;
    sim_cal_entry_t e[SIMI_CHUNK];
} sim_cal_chunk_t; /* 1,024 bytes */

typedef struct sim_cal_bucket {
    sim_cal_chunk_t *head, *tail; /* NULL when empty */
} sim_cal_bucket_t;

/* Buckets in the far tier's ring (a power of two). */
#define SIMI_RING 512u

typedef struct sim_calendar {
    sim_cal_entry_t *heap;  /* heap[0] is the top; 64-byte aligned sibling groups */
    void *heap_mem;         /* the allocation heap points into */
    size_t n, cap;          /* heap entries, live, stale or the vacancy */
    bool vacant;            /* heap[0] is a vacancy left by sim_calendar_take */
    sim_cal_slot_t *slots;
    uint32_t *free_slots;   /* a stack of free slot indices (LIFO: reuse is cache-warm) */
    uint32_t nslots, nfree; /* slots allocated; how many are on the free stack */
    uint32_t used;          /* slots handed out at least once: 0 .. used-1 (the rest untouched) */
    size_t dead;            /* cancelled entries still in the heap or the far tier */
    uint64_t next_seq;
    /* The far tier (see above); far_from is +INFINITY while it is off. */
    double far_from;        /* start of bucket `open`: due at or after it waits in the far tier */
    double far_next;        /* start of bucket `open` + 1 */
    double width;           /* of a bucket; 0 while the far tier is off */
    double inv_width, far_limit; /* 1 / width; due at or after far_limit: the heap */
    uint32_t subject_lines; /* cache lines of a subject prefetched as its bucket opens */
    int64_t open;           /* buckets before this one are open (their events are in the heap) */
    int64_t sorted;         /* `open` when the overflow was last sorted into the ring */
    size_t far_n, ring_n;   /* entries in the far tier; of them, in the ring */
    sim_cal_bucket_t *ring; /* SIMI_RING buckets: bucket k is ring[k % SIMI_RING] */
    sim_cal_entry_t *over;  /* due at or after bucket sorted + SIMI_RING: a binary
                               min-heap by time */
    size_t over_n, over_cap;
    sim_cal_chunk_t *spare; /* emptied chunks, for any bucket */
} sim_calendar_t;

void sim_calendar_init(sim_calendar_t *cal);
void sim_calendar_fini(sim_calendar_t *cal);

/* Turn the far tier on with buckets `width` wide (> 0, finite), before the first
 * event is scheduled.  When a bucket opens, the first `subject_bytes` (up to 256)
 * of each of its events' subjects are prefetched: those events were scheduled
 * long before, and their subjects have left the cache.  Returns false (changing
 * nothing) on a bad width, a calendar in use, or out of memory. */
bool sim_calendar_set_far_width(sim_calendar_t *cal, double width, size_t subject_bytes);

/* Schedule fn(sim, subject, object) at time t.  Returns {0,0} when out of memory. */
static inline sim_handle_t sim_calendar_schedule(sim_calendar_t *cal, double t, int32_t prio,
                                                 sim_event_fn fn, void *subject, void *object);

/* A place in the order of events, taken now for an event scheduled later with
 * sim_calendar_schedule_reserved: among events due at the same time with the
 * same priority, that event runs where one scheduled now would have (after
 * those scheduled before the reservation, before those scheduled after).  For
 * a caller that keeps long waits in its own records and hands each to the
 * calendar shortly before it is due: the order of events is as if it had been
 * scheduled at once, provided it is handed in before any event that comes
 * after it (due later, or at the same time with a greater priority value or a
 * later place) has been taken.  A place is used at most once; one never used
 * costs nothing.  Returns the place (a sequence number, >= 1). */
static inline uint64_t sim_calendar_reserve(sim_calendar_t *cal);

/* Schedule fn(sim, subject, object) at time t in a place sim_calendar_reserve
 * gave and no event has used.  Returns {0,0} when out of memory. */
static inline sim_handle_t sim_calendar_schedule_reserved(sim_calendar_t *cal, double t, int32_t prio,
                                                          sim_event_fn fn, void *subject, void *object,
                                                          uint64_t place);

/* Cancel a pending event.  Returns false if it already ran or was cancelled. */
bool sim_calendar_cancel(sim_calendar_t *cal, sim_handle_t h);

/* True if the handle names an event still pending. */
bool sim_calendar_pending(const sim_calendar_t *cal, sim_handle_t h);

/* Take the earliest live event into *ev if it is due at or before t_end, leaving
 * a vacancy for the next schedule to fill.  Returns false (taking nothing) when
 * no event is pending or the earliest is due after t_end. */
static inline bool sim_calendar_take(sim_calendar_t *cal, double t_end, sim_event_t *ev);

/* Remove the earliest live event into *ev.  Returns false when none is pending. */
bool sim_calendar_pop(sim_calendar_t *cal, sim_event_t *ev);

/* Time of the earliest live event, or +INFINITY when none.  Discards stale tops. */
double sim_calendar_peek(sim_calendar_t *cal);

static inline size_t sim_calendar_size(const sim_calendar_t *cal)
{
    return cal->n - cal->vacant + cal->far_n - cal->dead;
}

/* For assert() and tests only: heap order, unique sequence numbers, slot links. */
bool sim_calendar_check(const sim_calendar_t *cal);

/* ---- Fast paths, inline so that the run loop and the handlers that schedule
 * compile to straight-line code.  What follows is the implementation, not the
 * interface: the functions named simi_ are internal to the engine. */

/* The vacancy is settled and cancelled entries are gone from the top. */
void simi_calendar_tidy(sim_calendar_t *cal);
/* A free slot for one more event, when the free stack is empty: a slot never
 * used, growing the table if need be; false when out of memory.  The heap always
 * has room for every slot (cap > nslots), so a free slot is all it takes. */
bool simi_calendar_grow(sim_calendar_t *cal);
/* Drop the cancelled entry on top of the heap. */
void simi_calendar_drop_top(sim_calendar_t *cal);
/* Put e, due at or after far_from, into the far tier (or the heap, when it is due
 * too late for any bucket or its bucket cannot grow). */
void simi_calendar_far_push(sim_calendar_t *cal, sim_cal_entry_t e);
/* Open buckets until one gives the heap an entry (far_n > 0, heap not vacant). */
void simi_calendar_open(sim_calendar_t *cal);

#if defined(__GNUC__)
#define SIMI_ALWAYS_INLINE inline __attribute__((always_inline))
#define SIMI_PREFETCH(p) __builtin_prefetch(p)
#else
#define SIMI_ALWAYS_INLINE inline
#define SIMI_PREFETCH(p) ((void)(p))
#endif

/* Order of two entries with equal times: priority, then scheduling order. */
static inline bool simi_tie_before(const sim_cal_slot_t *slots, sim_cal_entry_t a,
                                   sim_cal_entry_t b)
{
    if ((a.key ^ b.key) >> 32)
        return a.key < b.key; /* the priorities differ */
    return slots[(uint32_t)a.key].seq < slots[(uint32_t)b.key].seq;
}

/* By value: an entry whose address is taken lives on the stack, not in registers.
 * Equal times are rare in most models, so the common case is one comparison that
 * the compiler can turn into a conditional move. */
static SIMI_ALWAYS_INLINE bool simi_before(const sim_cal_slot_t *slots, sim_cal_entry_t a,
                                           sim_cal_entry_t b)
{
    bool lt = a.t < b.t;
    if (SIM_UNLIKELY(a.t == b.t))
        lt = simi_tie_before(slots, a, b);
    return lt;
}

static SIMI_ALWAYS_INLINE void simi_sift_up(const sim_cal_slot_t *slots, sim_cal_entry_t *h,
                                            size_t i, sim_cal_entry_t e)
{
    while (i > 0) {
        size_t p = (i - 1) / 4;
        if (!simi_before(slots, e, h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = e;
}

/* Heaps larger than this (16-byte entries: 256 KiB, half a typical L2) prefetch
 * during the walk down; smaller ones stay in cache and would only pay for it. */
#define SIMI_PREFETCH_ENTRIES 16384

/* The least of the full sibling group h[c .. c+4) (c + 4 <= n): a tournament,
 * not a scan: two independent pairs, then their winners.  With random times
 * each comparison is a coin flip, so it is computed, not branched on.  On a
 * heap beyond the cache the four grandchildren's lines are asked for now,
 * while this level is compared, so whichever child wins, its children are on
 * their way. */
static SIMI_ALWAYS_INLINE size_t simi_least_of_four(const sim_cal_slot_t *slots, const sim_cal_entry_t *h,
                                                    size_t c, size_t n)
{
    if (n > SIMI_PREFETCH_ENTRIES && 4 * c + 16 < n) {
        SIMI_PREFETCH(&h[4 * c + 1]);
        SIMI_PREFETCH(&h[4 * c + 5]);
        SIMI_PREFETCH(&h[4 * c + 9]);
        SIMI_PREFETCH(&h[4 * c + 13]);
    }
    size_t a = c + simi_before(slots, h[c + 1], h[c]);
    size_t b = c + 2 + simi_before(slots, h[c + 3], h[c + 2]);
    return simi_before(slots, h[b], h[a]) ? b : a;
}

/* The least of the ragged last group h[c .. n) (c < n), by a scan. */
static SIMI_ALWAYS_INLINE size_t simi_least_from(const sim_cal_slot_t *slots, const sim_cal_entry_t *h, size_t c,
                                                 size_t n)
{
    size_t best = c;
    for (size_t k = c + 1; k < n; k++)
        if (simi_before(slots, h[k], h[best]))
            best = k;
    return best;
}

/* Put e into h[0 .. n) whose root is a hole.  Bottom-up (Floyd): walk the hole
 * down to a leaf along the smallest children, then sift e up from there.  The
 * last entry, which takes a vacancy nobody filled, is usually late and settles
 * near the leaves, so this saves the comparison against it at every level.  Full sibling groups
 * are scanned without bounds checks; only the last, ragged one is not. */
static SIMI_ALWAYS_INLINE void simi_fill_root(const sim_cal_slot_t *slots, sim_cal_entry_t *h,
                                              size_t n, sim_cal_entry_t e)
{
    if (n <= 5) {
        /* The root's children, if any, are leaves: e takes the root if it is
         * before the least of them, else that child moves up and e takes its
         * place: where the walk below would put it (the order is total, so
         * the least child is unique), by the same comparisons, without moving
         * the hole down and e back up.  Small calendars are common: a queue or
         * two, a few pending events (M/M/1 has two). */
        size_t best = simi_least_from(slots, h, 1, n);
        if (n <= 1 || simi_before(slots, e, h[best])) { /* n <= 1: no child to read */
            h[0] = e;
        } else {
            h[0] = h[best];
            h[best] = e;
        }
        return;
    }
    size_t i = 0, c = 1;
    while (c + 4 <= n) {
        size_t best = simi_least_of_four(slots, h, c, n);
        if (i == 0) /* the next root, unless e beats it: the next take reads its slot */
            SIMI_PREFETCH(&slots[(uint32_t)h[best].key]);
        h[i] = h[best];
        i = best;
        c = 4 * i + 1;
    }
    if (c < n) {
        size_t best = simi_least_from(slots, h, c, n);
        h[i] = h[best];
        i = best;
    }
    simi_sift_up(slots, h, i, e);
}

/* Put a new event e into h[0 .. n) whose root is a hole, top-down: the hole
 * moves down along the smallest children only while a child is before e, so
 * an event due soon — a service ending, among days-long stays in the zone —
 * stops near the root, where the bottom-up walk would go to a leaf and back. */
static SIMI_ALWAYS_INLINE void simi_fill_root_down(const sim_cal_slot_t *slots, sim_cal_entry_t *h,
                                                   size_t n, sim_cal_entry_t e)
{
    if (n <= 5) { /* the root's children are leaves: the same either way, fewer branches there */
        simi_fill_root(slots, h, n, e);
        return;
    }
    size_t i = 0, c = 1;
    while (c + 4 <= n) {
        size_t best = simi_least_of_four(slots, h, c, n);
        if (!simi_before(slots, h[best], e)) { /* e first: it stays here (the order is total) */
            h[i] = e;
            return;
        }
        h[i] = h[best];
        i = best;
        c = 4 * i + 1;
    }
    if (c < n) {
        size_t best = simi_least_from(slots, h, c, n);
        if (simi_before(slots, h[best], e)) {
            h[i] = h[best];
            i = best;
        }
    }
    h[i] = e;
}

/* The event numbered seq into a free slot (there is one) and its entry into
 * the heap or the far tier. */
static SIMI_ALWAYS_INLINE sim_handle_t simi_calendar_put(sim_calendar_t *cal, double t, int32_t prio,
                                                         sim_event_fn fn, void *subject, void *object,
                                                         uint64_t seq)
{
    uint32_t s = cal->free_slots[--cal->nfree];
    cal->slots[s] = (sim_cal_slot_t){fn, subject, object, seq};
    sim_cal_entry_t e = {t, simi_key(prio, s)};
    if (t >= cal->far_from) {
        simi_calendar_far_push(cal, e);
    } else if (cal->vacant) {
        cal->vacant = false;
        simi_fill_root_down(cal->slots, cal->heap, cal->n, e);
    } else {
        simi_sift_up(cal->slots, cal->heap, cal->n++, e);
    }
    return (sim_handle_t){seq, s};
}

static SIMI_ALWAYS_INLINE sim_handle_t sim_calendar_schedule(sim_calendar_t *cal, double t,
                                                             int32_t prio, sim_event_fn fn,
                                                             void *subject, void *object)
{
    assert(fn != NULL && !isnan(t));
    if (SIM_UNLIKELY(cal->nfree == 0) && !simi_calendar_grow(cal))
        return (sim_handle_t){0, 0};
    return simi_calendar_put(cal, t, prio, fn, subject, object, cal->next_seq++);
}

static inline uint64_t sim_calendar_reserve(sim_calendar_t *cal) { return cal->next_seq++; }

static inline sim_handle_t sim_calendar_schedule_reserved(sim_calendar_t *cal, double t, int32_t prio,
                                                          sim_event_fn fn, void *subject, void *object,
                                                          uint64_t place)
{
    assert(fn != NULL && !isnan(t) && place > 0 && place < cal->next_seq);
    if (SIM_UNLIKELY(cal->nfree == 0) && !simi_calendar_grow(cal))
        return (sim_handle_t){0, 0};
    return simi_calendar_put(cal, t, prio, fn, subject, object, place);
}

static SIMI_ALWAYS_INLINE bool sim_calendar_take(sim_calendar_t *cal, double t_end,
                                                 sim_event_t *ev)
{
    if (SIM_UNLIKELY(cal->vacant))
        simi_calendar_tidy(cal);
    sim_cal_entry_t top;
    sim_cal_slot_t *s;
    for (;;) {
        /* The heap's top is the earliest unless the far tier may hold earlier. */
        if (SIM_UNLIKELY(cal->n == 0 || cal->heap[0].t >= cal->far_from)) {
            if (cal->far_n > 0) {
                simi_calendar_open(cal);
                continue;
            }
            if (cal->n == 0)
                return false;
        }
        top = cal->heap[0];
        s = &cal->slots[simi_slot(&top)];
        if (SIM_LIKELY(s->fn != NULL))
            break;
        simi_calendar_drop_top(cal);
    }
    if (top.t > t_end)
        return false;
    *ev = (sim_event_t){top.t, simi_prio(&top), s->fn, s->subject, s->object, s->seq};
    /* The root entry is dead from here on: nothing compares against a vacancy,
     * so its slot may be reused at once, even by the schedule that fills it. */
    s->seq = 0;
    cal->free_slots[cal->nfree++] = simi_slot(&top);
    cal->vacant = true;
    return true;
}

#endif
