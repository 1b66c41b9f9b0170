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
    free(cal->heap_mem);
    free(cal->slots);
    memset(cal, 0, sizeof *cal);
}

/* Sequence numbers sit in the slots: read only when time and priority tie. */
static inline bool before(const sim_cal_slot_t *slots, const sim_cal_entry_t *a,
                          const sim_cal_entry_t *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    if (a->prio != b->prio)
        return a->prio < b->prio;
    return slots[a->slot].order < slots[b->slot].order;
}

static void sift_up(const sim_cal_slot_t *slots, sim_cal_entry_t *h, size_t i)
{
    sim_cal_entry_t e = h[i];
    while (i > 0) {
        size_t p = (i - 1) / ARITY;
        if (!before(slots, &e, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = e;
}

/* The heap starts 3 entries (48 bytes) into a 64-byte aligned block, so that the
 * children 4i+1 .. 4i+4 of every entry share one cache line. */
static bool heap_grow(sim_calendar_t *cal)
{
    size_t cap = cal->cap ? cal->cap * 2 : 64;
    size_t bytes = (cap + 3) * sizeof(sim_cal_entry_t);
    bytes = (bytes + 63) / 64 * 64;
    void *mem = aligned_alloc(64, bytes);
    if (!mem)
        return false;
    sim_cal_entry_t *heap = (sim_cal_entry_t *)mem + 3;
    if (cal->n)
        memcpy(heap, cal->heap, cal->n * sizeof *heap);
    free(cal->heap_mem);
    cal->heap_mem = mem;
    cal->heap = heap;
    cal->cap = cap;
    return true;
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
    if (cal->n == cal->cap && !heap_grow(cal))
        return none;
    uint32_t s = slot_alloc(cal);
    if (s == NO_SLOT)
        return none;
    uint64_t seq = cal->next_seq++;
    cal->slots[s] = (sim_cal_slot_t){fn, subject, object, seq, seq, NO_SLOT};
    cal->heap[cal->n] = (sim_cal_entry_t){t, prio, s};
    sift_up(cal->slots, cal->heap, cal->n++);
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
            if (before(cal->slots, &h[k], &h[best]))
                best = k;
        h[i] = h[best];
        i = best;
    }
    h[i] = h[n];
    sift_up(cal->slots, h, i);
}

/* Discard cancelled entries sitting on top of the heap. */
static void drop_stale(sim_calendar_t *cal)
{
    while (cal->n > 0) {
        uint32_t s = cal->heap[0].slot;
        if (cal->slots[s].seq != 0)
            return;
        /* Cancelled: its slot was kept (seq 0) until now, so it was never reused. */
        heap_remove_top(cal);
        slot_free(cal, s);
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
    *ev = (sim_event_t){top.t, top.prio, s->fn, s->subject, s->object, s->seq};
    /* Remove first: ties are broken by the slots' order, so the slot must stay
     * intact while the heap is being reordered. */
    heap_remove_top(cal);
    slot_free(cal, top.slot);
    cal->live--;
    return true;
}

bool sim_calendar_check(const sim_calendar_t *cal)
{
    size_t live = 0;
    for (size_t i = 0; i < cal->n; i++) {
        const sim_cal_entry_t *e = &cal->heap[i];
        if (e->slot >= cal->nslots)
            return false;
        if (i > 0 && before(cal->slots, e, &cal->heap[(i - 1) / ARITY]))
            return false;
        const sim_cal_slot_t *s = &cal->slots[e->slot];
        if (s->order == 0 || s->order >= cal->next_seq || s->next_free != NO_SLOT)
            return false; /* an entry's slot is allocated and was numbered */
        if (s->seq != 0 && s->seq != s->order)
            return false; /* live: its handle's number; cancelled: 0 */
        live += s->seq != 0;
        for (size_t j = 0; j < i && cal->n <= 4096; j++) /* one entry per slot (small heaps) */
            if (cal->heap[j].slot == e->slot)
                return false;
    }
    return live == cal->live;
}
