/* calendar.h: the pending events of one simulation.
 *
 * A 4-ary min-heap of 16-byte entries ordered by (time, priority, sequence number):
 * earlier time first, then smaller priority value, then the order of scheduling
 * (so ties run FIFO and runs are reproducible).  The event's payload (handler,
 * subject, object) and its sequence number live in a slot table beside the heap:
 * sifting moves 16-byte entries, each group of four siblings fills one 64-byte
 * cache line, and the sequence number is read only to break an exact tie.
 *
 * Cancellation is lazy: cancelling frees nothing in the heap; it marks the slot
 * dead, and the stale entry is discarded when it reaches the top.  No heap
 * positions need tracking, which keeps schedule and pop lean.
 *
 * Owns its entries and slots; borrows the subject/object pointers.
 * Invariant: heap order by (time, priority, seq); seq strictly increases.
 * Errors: out of memory returns a null handle (seq 0) from schedule.
 * Cost: schedule and pop O(log4 n); cancel O(1); peek amortised O(1).
 *       Memory: 16 bytes of heap + 40 bytes of slot per pending event, plus
 *       cancelled events not yet reached (they are reclaimed as time passes them). */
#ifndef SIM_CALENDAR_H
#define SIM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

typedef struct sim_cal_entry {
    double t;
    int32_t prio;
    uint32_t slot;      /* payload and sequence number: cal->slots[slot] */
} sim_cal_entry_t;

typedef struct sim_cal_slot {
    sim_event_fn fn;
    void *subject;
    void *object;
    uint64_t seq;       /* seq of the live event here; 0 when free or cancelled */
    uint64_t order;     /* seq of the event that holds the slot, live or cancelled */
    uint32_t next_free; /* free list link when free; NO_SLOT while held */
} sim_cal_slot_t;

typedef struct sim_calendar {
    sim_cal_entry_t *heap;  /* heap[0] is the top; 64-byte aligned sibling groups */
    void *heap_mem;         /* the allocation heap points into */
    size_t n, cap;          /* heap entries, live or stale */
    sim_cal_slot_t *slots;
    uint32_t nslots, slots_cap, free_head; /* free_head: UINT32_MAX when empty */
    size_t live;            /* pending events that are not cancelled */
    uint64_t next_seq;
} sim_calendar_t;

void sim_calendar_init(sim_calendar_t *cal);
void sim_calendar_fini(sim_calendar_t *cal);

/* Schedule fn(sim, subject, object) at time t.  Returns {0,0} when out of memory. */
sim_handle_t sim_calendar_schedule(sim_calendar_t *cal, double t, int32_t prio,
                                   sim_event_fn fn, void *subject, void *object);

/* Cancel a pending event.  Returns false if it already ran or was cancelled. */
bool sim_calendar_cancel(sim_calendar_t *cal, sim_handle_t h);

/* True if the handle names an event still pending. */
bool sim_calendar_pending(const sim_calendar_t *cal, sim_handle_t h);

/* Remove the earliest live event into *ev.  Returns false when none is pending. */
bool sim_calendar_pop(sim_calendar_t *cal, sim_event_t *ev);

/* Time of the earliest live event, or +INFINITY when none.  Discards stale tops. */
double sim_calendar_peek(sim_calendar_t *cal);

static inline size_t sim_calendar_size(const sim_calendar_t *cal) { return cal->live; }

/* For assert() and tests only: heap order, unique sequence numbers, slot links. */
bool sim_calendar_check(const sim_calendar_t *cal);

#endif
