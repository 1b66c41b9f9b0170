/* calendar.c: a 4-ary heap with lazy cancellation.  See calendar.h.
 *
 * Why 4-ary: on deep calendars (the hold model at 100,000 events) sifting is
 * bound by cache misses; four children of 24 bytes sit in 1.5 cache lines, and
 * the tree is half as deep as a binary heap. */
#include "sim/calendar.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ARITY 4
#define NO_SLOT UINT32_MAX

void sim_calendar_init(sim_calendar_t *cal)
{
    memset(cal, 0, sizeof *cal);
    cal->free_head = NO_SLOT;
    cal->next_seq = 1;
}

void sim_calendar_fini(sim_calendar_t *cal)
{
    if (!cal)
        return;
    free(cal->heap);
    free(cal->slots);
    memset(cal, 0, sizeof *cal);
}

static inline bool before(const sim_cal_entry_t *a, const sim_cal_entry_t *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    if (a->prio != b->prio)
        return a->prio < b->prio;
    return a->seq < b->seq;
}

static void sift_up(sim_cal_entry_t *h, size_t i)
{
    sim_cal_entry_t e = h[i];
    while (i > 0) {
        size_t p = (i - 1) / ARITY;
        if (!before(&e, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = e;
}

static uint32_t slot_alloc(sim_calendar_t *cal)
{
    if (cal->free_head != NO_SLOT) {
        uint32_t s = cal->free_head;
        cal->free_head = cal->slots[s].next_free;
        return s;
    }
    if (cal->nslots == cal->slots_cap) {
        uint32_t cap = cal->slots_cap ? cal->slots_cap * 2 : 64;
        sim_cal_slot_t *p = realloc(cal->slots, (size_t)cap * sizeof *p);
        if (!p)
            return NO_SLOT;
        cal->slots = p;
        cal->slots_cap = cap;
    }
    return cal->nslots++;
}

static void slot_free(sim_calendar_t *cal, uint32_t s)
{
    cal->slots[s].seq = 0;
    cal->slots[s].next_free = cal->free_head;
    cal->free_head = s;
}

sim_handle_t sim_calendar_schedule(sim_calendar_t *cal, double t, int32_t prio,
                                   sim_event_fn fn, void *subject, void *object)
{
    sim_handle_t none = {0, 0};
    assert(fn != NULL && !isnan(t));
    if (cal->n == cal->cap) {
        size_t cap = cal->cap ? cal->cap * 2 : 64;
        sim_cal_entry_t *p = realloc(cal->heap, cap * sizeof *p);
        if (!p)
            return none;
        cal->heap = p;
        cal->cap = cap;
    }
    uint32_t s = slot_alloc(cal);
    if (s == NO_SLOT)
        return none;
    uint64_t seq = cal->next_seq++;
    cal->slots[s] = (sim_cal_slot_t){fn, subject, object, seq, NO_SLOT, 0};
    cal->heap[cal->n] = (sim_cal_entry_t){t, prio, s, seq};
    sift_up(cal->heap, cal->n++);
    cal->live++;
    return (sim_handle_t){seq, s};
}

bool sim_calendar_pending(const sim_calendar_t *cal, sim_handle_t h)
{
    return h.seq != 0 && h.slot < cal->nslots && cal->slots[h.slot].seq == h.seq;
}

bool sim_calendar_cancel(sim_calendar_t *cal, sim_handle_t h)
{
    if (!sim_calendar_pending(cal, h))
        return false;
    /* The slot stays allocated until its stale heap entry is discarded. */
    cal->slots[h.slot].seq = 0;
    cal->live--;
    return true;
}

/* Remove the heap's top entry, whatever it is.  Bottom-up (Floyd): walk the hole
 * down to a leaf along the smallest children, then sift the last entry up from
 * there.  The last entry is usually large and settles near the leaves, so this
 * saves the comparison against it at every level on the way down. */
static void heap_remove_top(sim_calendar_t *cal)
{
    sim_cal_entry_t *h = cal->heap;
    size_t n = --cal->n, i = 0;
    if (n == 0)
        return;
    for (;;) {
        size_t c = i * ARITY + 1;
        if (c >= n)
            break;
        size_t best = c, end = c + ARITY < n ? c + ARITY : n;
        for (size_t k = c + 1; k < end; k++)
            if (before(&h[k], &h[best]))
                best = k;
        h[i] = h[best];
        i = best;
    }
    h[i] = h[n];
    sift_up(h, i);
}

/* Discard cancelled entries sitting on top of the heap. */
static void drop_stale(sim_calendar_t *cal)
{
    while (cal->n > 0) {
        const sim_cal_entry_t *top = &cal->heap[0];
        if (cal->slots[top->slot].seq == top->seq)
            return;
        slot_free(cal, top->slot);
        heap_remove_top(cal);
    }
}

double sim_calendar_peek(sim_calendar_t *cal)
{
    drop_stale(cal);
    return cal->n ? cal->heap[0].t : INFINITY;
}

bool sim_calendar_pop(sim_calendar_t *cal, sim_event_t *ev)
{
    drop_stale(cal);
    if (cal->n == 0)
        return false;
    sim_cal_entry_t top = cal->heap[0];
    sim_cal_slot_t *s = &cal->slots[top.slot];
    *ev = (sim_event_t){top.t, top.prio, s->fn, s->subject, s->object, top.seq};
    slot_free(cal, top.slot);
    heap_remove_top(cal);
    cal->live--;
    return true;
}

bool sim_calendar_check(const sim_calendar_t *cal)
{
    size_t live = 0;
    for (size_t i = 0; i < cal->n; i++) {
        const sim_cal_entry_t *e = &cal->heap[i];
        if (i > 0 && before(e, &cal->heap[(i - 1) / ARITY]))
            return false;
        if (e->slot >= cal->nslots || e->seq == 0 || e->seq >= cal->next_seq)
            return false;
        if (cal->slots[e->slot].seq == e->seq)
            live++;
        else if (cal->slots[e->slot].seq != 0)
            return false; /* a stale entry must point at a dead slot */
    }
    /* Each slot is referenced by at most one heap entry; sequence numbers are unique
     * because each entry's seq matches at most its own slot and next_seq only grows. */
    return live == cal->live;
}
