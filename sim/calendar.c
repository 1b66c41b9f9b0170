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

#include <float.h>
#include <stdlib.h>
#include <string.h>

#define ARITY 4

void sim_calendar_init(sim_calendar_t *cal)
{
    memset(cal, 0, sizeof *cal);
    cal->next_seq = 1;
    cal->far_from = cal->far_next = INFINITY;
}

static void chain_free(sim_cal_chunk_t *c)
{
    while (c) {
        sim_cal_chunk_t *next = c->next;
        free(c);
        c = next;
    }
}

void sim_calendar_fini(sim_calendar_t *cal)
{
    if (!cal)
        return;
    free(cal->heap_mem);
    free(cal->slots);
    free(cal->free_slots);
    if (cal->ring)
        for (uint32_t k = 0; k < SIMI_RING; k++)
            chain_free(cal->ring[k].head);
    free(cal->ring);
    free(cal->over);
    chain_free(cal->spare);
    memset(cal, 0, sizeof *cal);
}

/* Remove the root entry (or the vacancy), whatever it is. */
static void remove_root(sim_calendar_t *cal)
{
    size_t n = --cal->n;
    if (n > 0)
        simi_fill_root(cal->slots, cal->heap, n, cal->heap[n]);
}

/* A cancelled entry has left the heap or the far tier: its slot is free again. */
static void drop_cancelled(sim_calendar_t *cal, uint32_t s)
{
    cal->slots[s].seq = 0;
    cal->free_slots[cal->nfree++] = s;
    cal->dead--;
}

void simi_calendar_drop_top(sim_calendar_t *cal)
{
    uint32_t s = simi_slot(&cal->heap[0]);
    assert(!cal->vacant && cal->slots[s].fn == NULL);
    remove_root(cal);
    drop_cancelled(cal, s);
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

/* Room for twice as many slots.  The heap grows first, to hold every slot plus
 * the vacancy: then a free slot is all a schedule needs to check.  The new slots
 * are not touched here (nor the free stack's new room): each is handed out, and
 * its memory first written, when a schedule needs it, so a calendar's resident
 * memory follows its largest number of pending events, not the next power of two. */
static bool grow_slots(sim_calendar_t *cal)
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
    cal->nslots = cap;
    return true;
}

/* The free stack is empty: a slot never used before goes on it, in index order. */
bool simi_calendar_grow(sim_calendar_t *cal)
{
    if (cal->used == cal->nslots && !grow_slots(cal))
        return false;
    cal->slots[cal->used].seq = 0;
    cal->free_slots[cal->nfree++] = cal->used++;
    return true;
}

bool sim_calendar_pending(const sim_calendar_t *cal, sim_handle_t h)
{
    if (h.seq == 0 || h.slot >= cal->used)
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

/* ---- The far tier ---- */

static double bucket_start(const sim_calendar_t *cal, int64_t k) { return (double)k * cal->width; }

/* Buckets before k are open: far_from is where bucket k starts, far_next the next. */
static void set_open(sim_calendar_t *cal, int64_t k)
{
    cal->open = k;
    cal->far_from = bucket_start(cal, k);
    cal->far_next = bucket_start(cal, k + 1);
}

/* The bucket of t (0 <= t < far_limit): the k with k w <= t < (k+1) w, by the
 * same products that give far_from, so that t >= far_from exactly when its
 * bucket is not yet open. */
static int64_t bucket_of(const sim_calendar_t *cal, double t)
{
    double q = t * cal->inv_width; /* within a step or two of k, and below 2^50 + 2 */
    assert(q >= 0 && q < 0x1p51);
    int64_t k = (int64_t)q;
    while (k > 0 && t < bucket_start(cal, k))
        k--;
    while (t >= bucket_start(cal, k + 1))
        k++;
    return k;
}

static bool bucket_push(sim_calendar_t *cal, sim_cal_bucket_t *b, sim_cal_entry_t e)
{
    sim_cal_chunk_t *t = b->tail;
    if (!t || t->n == SIMI_CHUNK) {
        sim_cal_chunk_t *c = cal->spare;
        if (c)
            cal->spare = c->next;
        else if (!(c = malloc(sizeof *c)))
            return false;
        c->next = NULL;
        c->n = 0;
        if (t)
            t->next = c;
        else
            b->head = c;
        b->tail = t = c;
    }
    t->e[t->n++] = e;
    return true;
}

/* Take a bucket's chain, leaving the bucket empty. */
static sim_cal_chunk_t *bucket_take(sim_cal_bucket_t *b)
{
    sim_cal_chunk_t *c = b->head;
    b->head = b->tail = NULL;
    return c;
}

/* The first chunk of a chain goes to the spare chain; returns the next one. */
static sim_cal_chunk_t *chunk_spare(sim_calendar_t *cal, sim_cal_chunk_t *c)
{
    sim_cal_chunk_t *next = c->next;
    c->next = cal->spare;
    cal->spare = c;
    return next;
}

/* Into the heap, which takes any time: filling the vacancy, if there is one. */
static void heap_put(sim_calendar_t *cal, sim_cal_entry_t e)
{
    if (cal->vacant) {
        cal->vacant = false;
        simi_fill_root_down(cal->slots, cal->heap, cal->n, e);
    } else {
        simi_sift_up(cal->slots, cal->heap, cal->n++, e);
    }
}

/* The overflow: a binary min-heap of entries by time alone (which bucket an
 * entry goes to is all that matters here; the heap orders ties). */
static bool over_push(sim_calendar_t *cal, sim_cal_entry_t e)
{
    if (cal->over_n == cal->over_cap) {
        size_t cap = cal->over_cap ? cal->over_cap * 2 : 256;
        sim_cal_entry_t *m = cap <= SIZE_MAX / sizeof *m ? realloc(cal->over, cap * sizeof *m) : NULL;
        if (!m)
            return false;
        cal->over = m;
        cal->over_cap = cap;
    }
    sim_cal_entry_t *h = cal->over;
    size_t i = cal->over_n++;
    while (i > 0 && e.t < h[(i - 1) / 2].t) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = e;
    return true;
}

static sim_cal_entry_t over_pop(sim_calendar_t *cal)
{
    sim_cal_entry_t *h = cal->over, top = h[0], last = h[--cal->over_n];
    size_t n = cal->over_n, i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1].t < h[c].t)
            c++;
        if (!(h[c].t < last.t))
            break;
        h[i] = h[c];
        i = c;
    }
    if (n > 0)
        h[i] = last;
    return top;
}

/* Into the ring if its bucket is there, else the overflow; the heap if memory
 * runs out (correct, only slower: the heap's top waits for far_from). */
static void far_place(sim_calendar_t *cal, sim_cal_entry_t e, int64_t k)
{
    bool in_ring = k - cal->open < (int64_t)SIMI_RING;
    if (in_ring ? !bucket_push(cal, &cal->ring[(uint64_t)k & (SIMI_RING - 1)], e) : !over_push(cal, e)) {
        heap_put(cal, e);
        return;
    }
    cal->far_n++;
    cal->ring_n += in_ring;
}

void simi_calendar_far_push(sim_calendar_t *cal, sim_cal_entry_t e)
{
    /* Too late for any bucket, or the tier is off: the heap.  And an event due in
     * the bucket after the open one fills a vacancy the take left: the next take
     * would otherwise fill it by walking the last entry down, and the event's
     * bucket would sift it up into the heap within the hour anyway. */
    if (!(e.t < cal->far_limit) || (cal->vacant && e.t < cal->far_next)) {
        heap_put(cal, e);
        return;
    }
    far_place(cal, e, bucket_of(cal, e.t));
}

bool sim_calendar_set_far_width(sim_calendar_t *cal, double width, size_t subject_bytes)
{
    /* normal, so that 1 / width is finite; 2^50 widths finite, so that bucket numbers are exact */
    if (!(width >= DBL_MIN) || !isfinite(width * 0x1p50) || cal->n || cal->far_n || cal->vacant)
        return false;
    if (!cal->ring && !(cal->ring = calloc(SIMI_RING, sizeof *cal->ring)))
        return false;
    cal->subject_lines = subject_bytes >= 256 ? 4 : (uint32_t)(subject_bytes + 63) / 64;
    cal->width = width;
    cal->inv_width = 1 / width;
    cal->far_limit = width * 0x1p50;
    set_open(cal, 0);
    cal->sorted = 0;
    return true;
}

/* Move what the overflow holds within the ring's buckets into the ring, earliest
 * first, dropping cancelled entries on the way.  Until `open` has moved half a
 * turn past this point, every overflow entry stays beyond the buckets that open. */
static void sort_overflow(sim_calendar_t *cal)
{
    cal->sorted = cal->open;
    while (cal->over_n > 0) {
        int64_t k = bucket_of(cal, cal->over[0].t);
        if (k - cal->open >= (int64_t)SIMI_RING)
            break;
        sim_cal_entry_t e = over_pop(cal);
        cal->far_n--;
        if (cal->slots[simi_slot(&e)].fn == NULL)
            drop_cancelled(cal, simi_slot(&e));
        else
            far_place(cal, e, k); /* the ring */
    }
}

/* The ring's entries of one bucket go into the heap; cancelled ones are dropped. */
static void open_bucket(sim_calendar_t *cal, sim_cal_bucket_t *b)
{
    sim_cal_chunk_t *c = bucket_take(b);
    while (c) {
        for (uint32_t i = 0; i < c->n; i++) {
            sim_cal_entry_t e = c->e[i];
            const sim_cal_slot_t *sl = &cal->slots[simi_slot(&e)];
            if (sl->fn == NULL) {
                drop_cancelled(cal, simi_slot(&e));
            } else {
                /* Its subject was last touched long ago (a stay of days): ask for
                 * it now, while the loads of the whole bucket overlap, not when
                 * its event runs (a prefetch never faults, whatever the address). */
                for (uint32_t l = 0; l < cal->subject_lines; l++) /* by integer: a NULL subject is fine */
                    SIMI_PREFETCH((const void *)((uintptr_t)sl->subject + 64u * l));
                simi_sift_up(cal->slots, cal->heap, cal->n++, e);
            }
        }
        cal->far_n -= c->n;
        cal->ring_n -= c->n;
        c = chunk_spare(cal, c);
    }
}

void simi_calendar_open(sim_calendar_t *cal)
{
    assert(cal->far_n > 0 && !cal->vacant);
    while (cal->ring_n == 0) { /* all of it beyond the ring: jump to the first bucket */
        if (cal->far_n == 0)
            return;
        set_open(cal, bucket_of(cal, cal->over[0].t));
        sort_overflow(cal);
    }
    for (;;) {
        if (cal->open - cal->sorted >= (int64_t)SIMI_RING / 2)
            sort_overflow(cal);
        sim_cal_bucket_t *b = &cal->ring[(uint64_t)cal->open & (SIMI_RING - 1)];
        set_open(cal, cal->open + 1);
        if (b->head) {
            open_bucket(cal, b);
            return;
        }
    }
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
    for (;;) {
        simi_calendar_tidy(cal);
        if (cal->n > 0 && cal->heap[0].t < cal->far_from)
            return cal->heap[0].t;
        if (cal->far_n == 0)
            return cal->n ? cal->heap[0].t : INFINITY;
        simi_calendar_open(cal);
    }
}

/* One far entry: a numbered slot, due at or after far_from, in bucket k. */
static bool far_entry_ok(const sim_calendar_t *cal, const sim_cal_entry_t *e, int64_t *k,
                         size_t *dead)
{
    if (simi_slot(e) >= cal->used || !(e->t >= cal->far_from && e->t < cal->far_limit))
        return false;
    const sim_cal_slot_t *s = &cal->slots[simi_slot(e)];
    if (s->seq == 0 || s->seq >= cal->next_seq)
        return false;
    *dead += s->fn == NULL;
    *k = bucket_of(cal, e->t);
    return true;
}

/* Ring entries in their own bucket, within a turn of `open`; overflow entries
 * beyond every bucket that opens before the next sort; the counts right. */
static bool far_check(const sim_calendar_t *cal, size_t *dead)
{
    if (!cal->ring)
        return cal->far_n == 0 && cal->over_n == 0 && isinf(cal->far_from);
    if (cal->far_from != bucket_start(cal, cal->open) || cal->open - cal->sorted > (int64_t)SIMI_RING / 2)
        return false;
    size_t in_ring = 0, over = 0;
    int64_t k;
    for (uint32_t j = 0; j < SIMI_RING; j++)
        for (const sim_cal_chunk_t *c = cal->ring[j].head; c; c = c->next)
            for (uint32_t i = 0; i < c->n; i++, in_ring++)
                if (!far_entry_ok(cal, &c->e[i], &k, dead) || ((uint64_t)k & (SIMI_RING - 1)) != j ||
                    k - cal->open >= (int64_t)SIMI_RING)
                    return false;
    for (size_t i = 0; i < cal->over_n; i++, over++)
        if (!far_entry_ok(cal, &cal->over[i], &k, dead) || k < cal->sorted + (int64_t)SIMI_RING ||
            (i > 0 && cal->over[i].t < cal->over[(i - 1) / 2].t))
            return false;
    return in_ring == cal->ring_n && in_ring + over == cal->far_n;
}

/* Every slot used so far is either on the free stack (seq 0) or named by exactly
 * one heap or far entry (numbered; cancelled when it has no handler).  The heap
 * has room for all. */
bool sim_calendar_check(const sim_calendar_t *cal)
{
    size_t first = cal->vacant ? 1 : 0, dead = 0;
    if ((cal->vacant && cal->n == 0) || (cal->nslots > 0 && cal->cap <= cal->nslots) || cal->used > cal->nslots)
        return false;
    for (size_t i = first; i < cal->n; i++) {
        const sim_cal_entry_t *e = &cal->heap[i];
        if (simi_slot(e) >= cal->used)
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
        if (cal->free_slots[k] >= cal->used || cal->slots[cal->free_slots[k]].seq != 0)
            return false;
    size_t far_dead = 0;
    if (!far_check(cal, &far_dead))
        return false;
    if ((size_t)cal->nfree + (cal->n - first) + cal->far_n != cal->used)
        return false;
    return dead + far_dead == cal->dead;
}
