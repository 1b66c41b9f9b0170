/* test_calendar.c: the pending-event calendar against a sorted-array oracle. */
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "sim/calendar.h"
#include "sim/sim.h"
#include "tests/testutil.h"

static void nop(struct sim *sim, void *s, void *o) { (void)sim; (void)s; (void)o; }

/* The oracle: an unsorted array searched linearly for the minimum key. */
typedef struct ref_ev {
    double t;
    int32_t prio;
    uint64_t seq;
    sim_handle_t h;
    int live;
} ref_ev_t;

static int ref_before(const ref_ev_t *a, const ref_ev_t *b)
{
    if (a->t != b->t) return a->t < b->t;
    if (a->prio != b->prio) return a->prio < b->prio;
    return a->seq < b->seq;
}

/* The oracle's earliest live event must be what the calendar handed out; it is
 * marked gone, and its handle returned. */
static sim_handle_t ref_check_earliest(ref_ev_t *ref, size_t nref, const sim_event_t *ev)
{
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < nref; k++)
        if (ref[k].live && (best == SIZE_MAX || ref_before(&ref[k], &ref[best])))
            best = k;
    ck_assert_uint_ne(best, SIZE_MAX);
    ck_assert_uint_eq(ev->seq, ref[best].seq);
    ck_assert(ev->t == ref[best].t);
    ref[best].live = 0;
    return ref[best].h;
}

/* Drop the oracle's dead events now and then, so the linear scan stays affordable. */
static void ref_compact(ref_ev_t *ref, size_t *nref, size_t live)
{
    if (*nref <= live + live / 4 + 1000)
        return;
    size_t w = 0;
    for (size_t k = 0; k < *nref; k++)
        if (ref[k].live)
            ref[w++] = ref[k];
    *nref = w;
}

START_TEST(calendar_matches_sorted_array_oracle)
{
    enum { OPS = 200000, MAXN = 50000 };
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    ref_ev_t *ref = calloc(OPS, sizeof *ref);
    size_t nref = 0, live = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    double now = 0;
    for (int op = 0; op < OPS; op++) {
        double u = gsl_rng_uniform(r);
        if (u < 0.55 && live < MAXN) {
            /* Coarse times and priorities so that ties are common. */
            double t = now + (double)gsl_rng_uniform_int(r, 50);
            int32_t prio = (int32_t)gsl_rng_uniform_int(r, 3) - 1;
            sim_handle_t h = sim_calendar_schedule(&cal, t, prio, nop, NULL, NULL);
            ref[nref++] = (ref_ev_t){t, prio, h.seq, h, 1};
            live++;
        } else if (u < 0.65 && nref > 0) {
            size_t k = gsl_rng_uniform_int(r, nref);
            bool was = ref[k].live;
            ck_assert_int_eq(sim_calendar_cancel(&cal, ref[k].h), was);
            if (was) { ref[k].live = 0; live--; }
        } else {
            sim_event_t ev;
            bool got = sim_calendar_pop(&cal, &ev);
            ck_assert_int_eq(got, live > 0);
            if (!got) continue;
            ref_check_earliest(ref, nref, &ev);
            live--;
            now = ev.t;
        }
        ck_assert_uint_eq(sim_calendar_size(&cal), live);
        if (op % 5000 == 0)
            ck_assert(sim_calendar_check(&cal));
        ref_compact(ref, &nref, live);
    }
    ck_assert(sim_calendar_check(&cal));
    gsl_rng_free(r);
    free(ref);
    sim_calendar_fini(&cal);
}
END_TEST

/* The run loop's pattern: take the earliest (leaving the root vacant), then
 * schedule, which fills the vacancy, or not, in which case the next take, pop or
 * peek closes it.  Against the same oracle, with many ties: `ops` operations
 * growing the calendar to about `maxn` live events, then hovering there; the
 * heap is checked every `check_every` operations, vacant or not. */
static size_t take_and_fill_against_oracle(int ops, size_t maxn, unsigned long seed,
                                           int check_every, sim_calendar_t *cal, double width)
{
    size_t far_seen = 0, over_seen = 0; /* the most the far tier, and its overflow, held */
    sim_calendar_init(cal);
    if (width > 0)
        ck_assert(sim_calendar_set_far_width(cal, width, width < 1 ? 0 : 64));
    ref_ev_t *ref = calloc((size_t)ops, sizeof *ref);
    size_t nref = 0, live = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    double now = 0;
    for (int op = 0; op < ops; op++) {
        double u = gsl_rng_uniform(r);
        /* Grow to maxn first, then hover around it. */
        double p_sched = op < 2 * (int)maxn ? 0.75 : live < maxn ? 0.52 : 0.45;
        if (u < p_sched) {
            double t = now + (double)gsl_rng_uniform_int(r, 200) / 4;
            if (width > 0 && gsl_rng_uniform(r) < 0.3) /* a long stay: far, often beyond the ring */
                t = now + (double)gsl_rng_uniform_int(r, 40000) / 4;
            int32_t prio = (int32_t)gsl_rng_uniform_int(r, 3) - 1;
            sim_handle_t h = sim_calendar_schedule(cal, t, prio, nop, NULL, NULL);
            ck_assert_uint_ne(h.seq, 0);
            ref[nref++] = (ref_ev_t){t, prio, h.seq, h, 1};
            live++;
        } else if (u < p_sched + 0.05 && nref > 0) {
            size_t k = gsl_rng_uniform_int(r, nref);
            bool was = ref[k].live;
            ck_assert_int_eq(sim_calendar_cancel(cal, ref[k].h), was);
            ck_assert(!sim_calendar_pending(cal, ref[k].h));
            if (was) { ref[k].live = 0; live--; }
        } else {
            sim_event_t ev;
            bool take = gsl_rng_uniform(r) < 0.8;
            bool got = take ? sim_calendar_take(cal, INFINITY, &ev) : sim_calendar_pop(cal, &ev);
            ck_assert_int_eq(got, live > 0);
            if (!got) continue;
            sim_handle_t ran = ref_check_earliest(ref, nref, &ev);
            ck_assert(!sim_calendar_pending(cal, ran)); /* it ran: its handle is dead */
            live--;
            now = ev.t;
        }
        ck_assert_uint_eq(sim_calendar_size(cal), live);
        if (op % check_every == 0)
            ck_assert(sim_calendar_check(cal)); /* vacant or not */
        ref_compact(ref, &nref, live);
        far_seen = cal->far_n > far_seen ? cal->far_n : far_seen;
        over_seen = cal->over_n > over_seen ? cal->over_n : over_seen;
    }
    ck_assert(sim_calendar_check(cal));
    ck_assert(width == 0 ? far_seen == 0 : far_seen > 0); /* the tier was used, or stayed off */
    gsl_rng_free(r);
    free(ref);
    return over_seen;
}

/* Through a heap deep enough (over 16,384 entries) to take the prefetching walk. */
START_TEST(calendar_take_and_fill_match_the_oracle)
{
    sim_calendar_t cal;
    take_and_fill_against_oracle(120000, 17500, 7, 2000, &cal, 0);
    ck_assert(cal.used > 16384); /* the deep walk was exercised */
    sim_calendar_fini(&cal);
}
END_TEST

/* Small calendars, the common case (a queue or two, a few pending events):
 * hovering at about five live events, where the root and its four children are
 * the whole heap, the last sibling group is ragged and cancelled entries push
 * the heap a level deeper now and then; checked after every operation. */
START_TEST(small_calendar_take_and_fill_match_the_oracle)
{
    for (unsigned long seed = 1; seed <= 4; seed++) {
        sim_calendar_t cal;
        take_and_fill_against_oracle(40000, 5, seed, 1, &cal, 0);
        sim_calendar_fini(&cal);
    }
}
END_TEST

/* The far tier changes the cost, never the order: against the oracle, with stays
 * up to 10,000 time units among events due within 50, at bucket widths from
 * one that puts most far events beyond the ring (jumps, sorting the overflow) to
 * one that holds everything in a bucket or two; times on a quarter grid, so
 * that ties at bucket edges are common.  Checked every 500 operations. */
START_TEST(far_tier_keeps_the_order_at_any_width)
{
    const double widths[] = {0.01, 0.25, 0.3, 1, 7, 1000};
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        sim_calendar_t cal;
        size_t over = take_and_fill_against_oracle(30000, 3000, 11 + w, 500, &cal, widths[w]);
        if (widths[w] * SIMI_RING < 5000) /* stays up to 10,000 reach beyond the ring */
            ck_assert_uint_gt(over, 0);
        sim_calendar_fini(&cal);
    }
}
END_TEST

/* Small calendars with the far tier on: every event goes through a bucket. */
START_TEST(small_calendar_with_far_tier_matches_the_oracle)
{
    for (unsigned long seed = 1; seed <= 3; seed++) {
        sim_calendar_t cal;
        take_and_fill_against_oracle(20000, 5, seed, 1, &cal, 0.5);
        sim_calendar_fini(&cal);
    }
}
END_TEST

/* A take leaves the root vacant; an event due in the bucket after the open one
 * fills it (the heap holds it) instead of waiting in its bucket, and one due
 * later still waits in the far tier.  Order is kept either way. */
START_TEST(an_event_due_in_the_next_bucket_fills_the_vacancy)
{
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    ck_assert(sim_calendar_set_far_width(&cal, 1, 0));
    sim_calendar_schedule(&cal, 0.5, 0, nop, NULL, NULL);
    sim_calendar_schedule(&cal, 0.7, 0, nop, NULL, NULL);
    sim_event_t ev;
    ck_assert(sim_calendar_take(&cal, INFINITY, &ev) && ev.t == 0.5);
    ck_assert(cal.vacant && cal.far_from == 1);
    size_t far = cal.far_n;
    sim_calendar_schedule(&cal, 1.5, 0, nop, NULL, NULL); /* the next bucket: into the vacancy */
    ck_assert(!cal.vacant && cal.far_n == far && sim_calendar_check(&cal));
    ck_assert(sim_calendar_take(&cal, INFINITY, &ev) && ev.t == 0.7);
    sim_calendar_schedule(&cal, 2.5, 0, nop, NULL, NULL); /* two buckets on: the far tier */
    ck_assert(cal.vacant && cal.far_n == far + 1 && sim_calendar_check(&cal));
    ck_assert(sim_calendar_take(&cal, INFINITY, &ev) && ev.t == 1.5);
    ck_assert(sim_calendar_take(&cal, INFINITY, &ev) && ev.t == 2.5);
    ck_assert(!sim_calendar_take(&cal, INFINITY, &ev));
    sim_calendar_fini(&cal);
}
END_TEST

/* Only an empty calendar takes a width, and only a positive, finite one; events
 * too late for any bucket (infinite, or beyond 2^50 widths) wait in the heap and
 * still come out last. */
START_TEST(far_width_is_checked_and_late_events_wait_in_the_heap)
{
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    ck_assert(!sim_calendar_set_far_width(&cal, 0, 0));
    ck_assert(!sim_calendar_set_far_width(&cal, -1, 0));
    ck_assert(!sim_calendar_set_far_width(&cal, NAN, 0));
    ck_assert(!sim_calendar_set_far_width(&cal, INFINITY, 0));
    ck_assert(!sim_calendar_set_far_width(&cal, 1e300, 0)); /* 2^50 widths overflow */
    ck_assert(!sim_calendar_set_far_width(&cal, 1e-310, 0)); /* subnormal: 1 / width overflows */
    ck_assert(sim_calendar_set_far_width(&cal, DBL_MIN, 0));
    ck_assert(sim_calendar_set_far_width(&cal, 1, 0));
    sim_calendar_schedule(&cal, INFINITY, 0, nop, "inf", NULL);
    sim_calendar_schedule(&cal, 1e20, 0, nop, "late", NULL);
    sim_calendar_schedule(&cal, 5e6, 0, nop, "far", NULL);
    sim_calendar_schedule(&cal, 0.5, 0, nop, "near", NULL);
    ck_assert(!sim_calendar_set_far_width(&cal, 2, 0)); /* in use */
    ck_assert(sim_calendar_check(&cal));
    const char *want[] = {"near", "far", "late", "inf"};
    for (size_t k = 0; k < 4; k++) {
        sim_event_t ev;
        ck_assert(sim_calendar_pop(&cal, &ev));
        ck_assert_str_eq(ev.subject, want[k]);
        ck_assert(sim_calendar_check(&cal));
    }
    ck_assert(sim_calendar_peek(&cal) == INFINITY);
    ck_assert_uint_eq(sim_calendar_size(&cal), 0);
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(take_stops_at_the_horizon_and_takes_nothing)
{
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    sim_calendar_schedule(&cal, 1.0, 0, nop, "a", NULL);
    sim_calendar_schedule(&cal, 3.0, 0, nop, "b", NULL);
    sim_event_t ev;
    ck_assert(sim_calendar_take(&cal, 2.0, &ev));
    ck_assert_str_eq(ev.subject, "a");
    ck_assert(!sim_calendar_take(&cal, 2.0, &ev)); /* "b" is due after 2.0 */
    ck_assert_uint_eq(sim_calendar_size(&cal), 1);
    ck_assert(sim_calendar_check(&cal));
    ck_assert(sim_calendar_peek(&cal) == 3.0);
    ck_assert(sim_calendar_take(&cal, 3.0, &ev)); /* due exactly at the horizon */
    ck_assert_str_eq(ev.subject, "b");
    ck_assert(!sim_calendar_take(&cal, INFINITY, &ev));
    ck_assert_uint_eq(sim_calendar_size(&cal), 0);
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(calendar_breaks_ties_fifo)
{
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    int tags[100];
    for (int i = 0; i < 100; i++) {
        tags[i] = i;
        sim_calendar_schedule(&cal, 5.0, 0, nop, &tags[i], NULL);
    }
    sim_event_t ev;
    for (int i = 0; i < 100; i++) {
        ck_assert(sim_calendar_pop(&cal, &ev));
        ck_assert_int_eq(*(int *)ev.subject, i);
    }
    ck_assert(!sim_calendar_pop(&cal, &ev));
    sim_calendar_fini(&cal);
}
END_TEST

/* Events scheduled in places reserved earlier run where they would have run had
 * they been scheduled at the reservation: against the oracle, which numbers each
 * by its place, with many exact ties (times on a grid of quarters, three
 * priorities), handed to the calendar at random moments before they are due
 * (as the zone hands its stays in as their hour opens), with and without the
 * far tier. */
START_TEST(reserved_places_keep_the_order_of_scheduling)
{
    enum { OPS = 20000, MAXN = OPS };
    for (int far = 0; far <= 1; far++) {
        sim_calendar_t cal;
        sim_calendar_init(&cal);
        if (far)
            ck_assert(sim_calendar_set_far_width(&cal, 1, 0));
        gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
        gsl_rng_set(r, 7 + (unsigned long)far);
        ref_ev_t *ref = calloc(MAXN, sizeof *ref);
        ref_ev_t *held = calloc(MAXN, sizeof *held); /* reserved, not handed in yet */
        size_t nref = 0, nheld = 0, live = 0, reserved = 0;
        double now = 0;
        for (int op = 0; op < OPS; op++) {
            double t = now + 0.25 * (double)gsl_rng_uniform_int(r, 40);
            int32_t prio = (int32_t)gsl_rng_uniform_int(r, 3) - 1;
            if (gsl_rng_uniform(r) < 0.4) { /* reserve now, hand in later */
                held[nheld++] = (ref_ev_t){t, prio, sim_calendar_reserve(&cal), {0, 0}, 1};
                reserved++;
            } else {
                sim_handle_t h = sim_calendar_schedule(&cal, t, prio, nop, NULL, NULL);
                ref[nref++] = (ref_ev_t){t, prio, h.seq, h, 1};
                live++;
            }
            /* hand in, at random, some held places, and every one due by the
             * calendar's earliest */
            for (size_t k = 0; k < nheld;) {
                double first = sim_calendar_peek(&cal);
                if (held[k].t <= first || gsl_rng_uniform(r) < 0.1) {
                    ref_ev_t e = held[k];
                    held[k] = held[--nheld];
                    e.h = sim_calendar_schedule_reserved(&cal, e.t, e.prio, nop, NULL, NULL, e.seq);
                    ck_assert_uint_eq(e.h.seq, e.seq);
                    ref[nref++] = e;
                    live++;
                    k = 0; /* the earliest may have changed */
                } else {
                    k++;
                }
            }
            if (live > 0 && gsl_rng_uniform(r) < 0.55) {
                sim_event_t ev;
                ck_assert(sim_calendar_take(&cal, INFINITY, &ev));
                ref_check_earliest(ref, nref, &ev);
                now = ev.t;
                live--;
            }
            if (op % 997 == 0)
                ck_assert(sim_calendar_check(&cal));
        }
        ck_assert_uint_gt(reserved, OPS / 3);
        ck_assert(sim_calendar_check(&cal));
        free(ref);
        free(held);
        gsl_rng_free(r);
        sim_calendar_fini(&cal);
    }
}
END_TEST

START_TEST(calendar_orders_by_priority_at_equal_times)
{
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    sim_calendar_schedule(&cal, 1.0, 5, nop, "late", NULL);
    sim_calendar_schedule(&cal, 1.0, -5, nop, "early", NULL);
    sim_calendar_schedule(&cal, 0.5, 9, nop, "first", NULL);
    /* The whole int32 range orders correctly (the key holds it biased). */
    sim_calendar_schedule(&cal, 1.0, INT32_MAX, nop, "last", NULL);
    sim_calendar_schedule(&cal, 1.0, INT32_MIN, nop, "very early", NULL);
    sim_calendar_schedule(&cal, 1.0, -1, nop, "minus one", NULL);
    sim_calendar_schedule(&cal, 1.0, 0, nop, "zero", NULL);
    sim_event_t ev;
    sim_calendar_pop(&cal, &ev); ck_assert_str_eq(ev.subject, "first");
    sim_calendar_pop(&cal, &ev); ck_assert_str_eq(ev.subject, "very early");
    sim_calendar_pop(&cal, &ev); ck_assert_str_eq(ev.subject, "early");
    ck_assert_int_eq(ev.prio, -5);
    sim_calendar_pop(&cal, &ev); ck_assert_str_eq(ev.subject, "minus one");
    sim_calendar_pop(&cal, &ev); ck_assert_str_eq(ev.subject, "zero");
    sim_calendar_pop(&cal, &ev); ck_assert_str_eq(ev.subject, "late");
    sim_calendar_pop(&cal, &ev); ck_assert_str_eq(ev.subject, "last");
    ck_assert_int_eq(ev.prio, INT32_MAX);
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(cancelled_event_never_runs_and_handle_goes_stale)
{
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    sim_handle_t a = sim_calendar_schedule(&cal, 1.0, 0, nop, "a", NULL);
    sim_calendar_schedule(&cal, 2.0, 0, nop, "b", NULL);
    ck_assert(sim_calendar_pending(&cal, a));
    ck_assert(sim_calendar_cancel(&cal, a));
    ck_assert(!sim_calendar_cancel(&cal, a));
    ck_assert(!sim_calendar_pending(&cal, a));
    ck_assert(sim_calendar_peek(&cal) == 2.0);
    sim_event_t ev;
    ck_assert(sim_calendar_pop(&cal, &ev));
    ck_assert_str_eq(ev.subject, "b");
    /* The slot of `a` is reused now, but its old handle must stay dead. */
    sim_handle_t c = sim_calendar_schedule(&cal, 3.0, 0, nop, "c", NULL);
    ck_assert(!sim_calendar_cancel(&cal, a));
    ck_assert(sim_calendar_pending(&cal, c));
    sim_calendar_fini(&cal);
}
END_TEST

START_TEST(empty_calendar_peeks_infinity)
{
    sim_calendar_t cal;
    sim_calendar_init(&cal);
    ck_assert(isinf(sim_calendar_peek(&cal)));
    sim_event_t ev;
    ck_assert(!sim_calendar_pop(&cal, &ev));
    sim_calendar_fini(&cal);
}
END_TEST

static void reschedule_in_past(sim_t *sim, void *s, void *o)
{
    (void)s; (void)o;
    sim_schedule_at(sim, sim_now(sim) - 1.0, 0, nop, NULL, NULL);
}

START_TEST(scheduling_in_the_past_is_a_bug)
{
    sim_t *sim = sim_create(1, 0);
    sim_schedule_at(sim, 10.0, 0, reschedule_in_past, NULL, NULL);
    sim_run_until(sim, 100.0);
    sim_destroy(sim);
}
END_TEST

static void count_event(sim_t *sim, void *s, void *o)
{
    (void)sim; (void)o;
    (*(int *)s)++;
}

START_TEST(run_until_stops_at_the_horizon_and_keeps_later_events)
{
    sim_t *sim = sim_create(1, 0);
    int n = 0;
    for (int i = 1; i <= 10; i++)
        sim_schedule_at(sim, i, 0, count_event, &n, NULL);
    ck_assert(sim_run_until(sim, 5.0));
    ck_assert_int_eq(n, 5);          /* the event at exactly 5.0 runs */
    ck_assert(sim_now(sim) == 5.0);
    ck_assert_uint_eq(sim_pending(sim), 5);
    ck_assert(sim_run_until(sim, 7.5));
    ck_assert_int_eq(n, 7);
    ck_assert(sim_now(sim) == 7.5);
    sim_destroy(sim);
}
END_TEST

static void count_and_stop_at_three(sim_t *sim, void *s, void *o)
{
    (void)o;
    if (++*(int *)s == 3)
        sim_stop(sim);
}

START_TEST(run_runs_every_event_unless_stopped)
{
    sim_t *sim = sim_create(1, 0);
    int n = 0;
    for (int i = 1; i <= 10; i++)
        sim_schedule_at(sim, i, 0, count_event, &n, NULL);
    ck_assert(sim_run(sim));
    ck_assert_int_eq(n, 10);
    ck_assert(sim_now(sim) == 10.0); /* the clock stays at the last event */
    ck_assert_uint_eq(sim_pending(sim), 0);
    ck_assert_uint_eq(sim_events_run(sim), 10);
    n = 0;
    for (int i = 11; i <= 20; i++)
        sim_schedule_at(sim, i, 0, count_and_stop_at_three, &n, NULL);
    ck_assert(!sim_run(sim)); /* stopped early */
    ck_assert_int_eq(n, 3);
    ck_assert(sim_now(sim) == 13.0);
    ck_assert_uint_eq(sim_pending(sim), 7);
    sim_destroy(sim);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, calendar_matches_sorted_array_oracle);
    tcase_add_test(tc, calendar_take_and_fill_match_the_oracle);
    tcase_add_test(tc, small_calendar_take_and_fill_match_the_oracle);
    tcase_add_test(tc, far_tier_keeps_the_order_at_any_width);
    tcase_add_test(tc, small_calendar_with_far_tier_matches_the_oracle);
    tcase_add_test(tc, far_width_is_checked_and_late_events_wait_in_the_heap);
    tcase_add_test(tc, an_event_due_in_the_next_bucket_fills_the_vacancy);
    tcase_add_test(tc, take_stops_at_the_horizon_and_takes_nothing);
    tcase_add_test(tc, calendar_breaks_ties_fifo);
    tcase_add_test(tc, reserved_places_keep_the_order_of_scheduling);
    tcase_add_test(tc, calendar_orders_by_priority_at_equal_times);
    tcase_add_test(tc, cancelled_event_never_runs_and_handle_goes_stale);
    tcase_add_test(tc, empty_calendar_peeks_infinity);
    tcase_add_test(tc, run_until_stops_at_the_horizon_and_keeps_later_events);
    tcase_add_test(tc, run_runs_every_event_unless_stopped);
    tcase_add_test_raise_signal(tc, scheduling_in_the_past_is_a_bug, SIGABRT);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
