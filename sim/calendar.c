/* calendar.c: a 4-ary heap with a fused hold and lazy cancellation.  See calendar.h.
 *
 * Why 4-ary: on deep calendars (the hold model at 100,000 events) sifting is
 * bound by cache misses; four 16-byte children fill one cache line, and the
 * tree is half as deep as a binary heap.
 *
 * Why the vacancy: a discrete-event run is mostly "take the earliest, schedule
 * one or two more".  Removing the top costs a sift (the last entry walks down),
 * and each new event another (it walks up).  Leaving the root vacant until the
 * handler schedules lets the new event take the place of the last entry in the
 * one sift, so the commonest pattern costs one sift instead of two.
 *
 * The fast paths (schedule, take) are inline in calendar.h; here are the slow
 * paths they call (growth, stale tops, a vacancy nobody filled) and the rest. */
#include "sim/calendar.h"

#include <stdlib.h>
#include <string.h>

#define ARITY 4

void sim_calendar_init(sim_calendar_t *cal)
{
    memset(cal, 0, sizeof *cal);
    cal->next_seq = 1;
}

void sim_calendar_fini(sim_calendar_t *cal)
{
    if (!cal)
        return;
    free(cal->heap_mem);
    free(cal->slots);
    free(cal->free_slots);
    memset(cal, 0, sizeof *cal);
}

/* Remove the root entry (or the vacancy), whatever it is. */
static void remove_root(sim_calendar_t *cal)
{
    size_t n = --cal->n;
    if (n > 0)
        simi_fill_root(cal->slots, cal->heap, n, cal->heap[n]);
}

static void slot_free(sim_calendar_t *cal, uint32_t s)
{
    cal->slots[s].seq = 0;
    cal->free_slots[cal->nfree++] = s;
}

void simi_calendar_drop_top(sim_calendar_t *cal)
{
    uint32_t s = simi_slot(&cal->heap[0]);
    assert(!cal->vacant && cal->slots[s].fn == NULL);
    remove_root(cal);
    slot_free(cal, s);
    cal->dead--;
}

void simi_calendar_tidy(sim_calendar_t *cal)
{
    if (cal->vacant) {
        cal->vacant = false;
        remove_root(cal);
    }
    while (cal->n > 0 && cal->slots[simi_slot(&cal->heap[0])].fn == NULL)
        simi_calendar_drop_top(cal);
}

/* The heap starts 3 entries (48 bytes) into a 64-byte aligned block, so that the
 * children 4i+1 .. 4i+4 of every entry share one cache line. */
static bool heap_grow(sim_calendar_t *cal, size_t cap)
{
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

/* Every slot exists from the start: new ones go straight onto the free stack,
 * highest index first, so that they are handed out in index order.  The heap
 * grows first, to hold every slot plus the vacancy: then a free slot is all a
 * schedule needs to check. */
bool simi_calendar_grow(sim_calendar_t *cal)
{
    uint32_t old = cal->nslots, cap = old ? old * 2 : 64;
    if (cap <= old) /* 2^32 slots: a handle cannot name more */
        return false;
    if (cal->cap < (size_t)cap + 1 && !heap_grow(cal, (size_t)cap + 1))
        return false;
    sim_cal_slot_t *s = realloc(cal->slots, (size_t)cap * sizeof *s);
    if (!s)
        return false;
    cal->slots = s;
    uint32_t *f = realloc(cal->free_slots, (size_t)cap * sizeof *f);
    if (!f)
        return false; /* slots is larger than nslots says: harmless */
    cal->free_slots = f;
    for (uint32_t k = cap; k > old; k--) {
        cal->slots[k - 1].seq = 0;
        cal->free_slots[cal->nfree++] = k - 1;
    }
    cal->nslots = cap;
    return true;
}

bool sim_calendar_pending(const sim_calendar_t *cal, sim_handle_t h)
{
    if (h.seq == 0 || h.slot >= cal->nslots)
        return false;
    const sim_cal_slot_t *s = &cal->slots[h.slot];
    return s->seq == h.seq && s->fn != NULL;
}

bool sim_calendar_cancel(sim_calendar_t *cal, sim_handle_t h)
{
    if (!sim_calendar_pending(cal, h))
        return false;
    /* The slot keeps its sequence number, which orders its stale entry, until
     * the entry reaches the top; only then is the slot freed for reuse. */
    cal->slots[h.slot].fn = NULL;
    cal->dead++;
    return true;
}

bool sim_calendar_pop(sim_calendar_t *cal, sim_event_t *ev)
{
    if (!sim_calendar_take(cal, INFINITY, ev))
        return false;
    simi_calendar_tidy(cal);
    return true;
}

double sim_calendar_peek(sim_calendar_t *cal)
{
    simi_calendar_tidy(cal);
    return cal->n ? cal->heap[0].t : INFINITY;
}

/* Every slot is either on the free stack (seq 0) or named by exactly one heap
 * entry (numbered; cancelled when it has no handler).  The heap has room for all. */
bool sim_calendar_check(const sim_calendar_t *cal)
{
    size_t first = cal->vacant ? 1 : 0, dead = 0;
    if ((cal->vacant && cal->n == 0) || (cal->nslots > 0 && cal->cap <= cal->nslots))
        return false;
    for (size_t i = first; i < cal->n; i++) {
        const sim_cal_entry_t *e = &cal->heap[i];
        if (simi_slot(e) >= cal->nslots)
            return false;
        size_t p = (i - 1) / ARITY;
        if (i > 0 && !(p == 0 && cal->vacant) && simi_before(cal->slots, *e, cal->heap[p]))
            return false;
        const sim_cal_slot_t *s = &cal->slots[simi_slot(e)];
        if (s->seq == 0 || s->seq >= cal->next_seq)
            return false; /* an entry's slot is allocated and was numbered */
        dead += s->fn == NULL;
        for (size_t j = first; j < i && cal->n <= 4096; j++) /* one entry per slot (small heaps) */
            if (simi_slot(&cal->heap[j]) == simi_slot(e))
                return false;
    }
    for (uint32_t k = 0; k < cal->nfree; k++)
        if (cal->free_slots[k] >= cal->nslots || cal->slots[cal->free_slots[k]].seq != 0)
            return false;
    if ((size_t)cal->nfree + (cal->n - first) != cal->nslots)
        return false;
    return dead == cal->dead;
}
