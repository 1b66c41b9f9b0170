/* test_stream.c: the blocked taus2 against GSL's taus2, its oracle: every draw,
 * of every kind, in any order, must be the same number, bit for bit. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#include "sim/stream.h"
#include "tests/testutil.h"

static const unsigned long seeds[] = {0, 1, 12345, 0xffffffffUL};

static void pair_alloc(unsigned long seed, gsl_rng **blocks, gsl_rng **taus2)
{
    *blocks = gsl_rng_alloc(sim_rng_taus2_blocks);
    *taus2 = gsl_rng_alloc(gsl_rng_taus2);
    ck_assert(*blocks && *taus2);
    gsl_rng_set(*blocks, seed);
    gsl_rng_set(*taus2, seed);
}

static void pair_free(gsl_rng *a, gsl_rng *b)
{
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Bit for bit, so that -0.0 and NaN would not pass for their look-alikes. */
#define ck_assert_same_double(x, y)                                                    \
    do {                                                                               \
        double x_ = (x), y_ = (y);                                                     \
        ck_assert_msg(memcmp(&x_, &y_, sizeof x_) == 0, "%.17g != %.17g", x_, y_);     \
    } while (0)

START_TEST(blocks_yield_taus2s_numbers_bit_for_bit)
{
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        gsl_rng *b, *t;
        pair_alloc(seeds[s], &b, &t);
        for (int i = 0; i < 10 * SIM_STREAM_BLOCK + 7; i++)
            ck_assert_uint_eq(gsl_rng_get(b), gsl_rng_get(t));
        for (int i = 0; i < 3 * SIM_STREAM_BLOCK; i++)
            ck_assert_same_double(gsl_rng_uniform(b), gsl_rng_uniform(t));
        pair_free(b, t);
    }
}
END_TEST

/* What the engine computed before streams were blocked, and what a model
 * using plain taus2 computes. */
static double exponential_by_hand(gsl_rng *r, double mean)
{
    return -mean * log(gsl_rng_uniform_pos(r));
}

/* One draw of kind k from each; the two must agree exactly. */
static void draw_both(int k, gsl_rng *b, gsl_rng *t)
{
    switch (k) {
    case 0: ck_assert_uint_eq(gsl_rng_get(b), gsl_rng_get(t)); break;
    case 1: ck_assert_same_double(gsl_rng_uniform(b), gsl_rng_uniform(t)); break;
    case 2: ck_assert_same_double(gsl_rng_uniform_pos(b), gsl_rng_uniform_pos(t)); break;
    case 3: ck_assert_uint_eq(gsl_rng_uniform_int(b, 17), gsl_rng_uniform_int(t, 17)); break;
    case 4: ck_assert_same_double(gsl_ran_gaussian(b, 2), gsl_ran_gaussian(t, 2)); break;
    case 5: ck_assert_same_double(gsl_ran_gamma(b, 2.5, 3), gsl_ran_gamma(t, 2.5, 3)); break;
    case 7: ck_assert_uint_eq(sim_uniform_u32(b), gsl_rng_get(t)); break;
    default: ck_assert_same_double(sim_exponential(b, 1.5), exponential_by_hand(t, 1.5));
    }
}

/* Runs of one kind, then another, chosen by a third generator: exponentials
 * start mid-block (logarithms taken for the rest of it), blocks are refilled
 * with and without logarithms taken ahead, and other draws consume numbers
 * whose logarithms were taken. */
START_TEST(any_mix_of_draws_matches_taus2_exactly)
{
    gsl_rng *pick = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(pick, 99);
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        gsl_rng *b, *t;
        pair_alloc(seeds[s], &b, &t);
        for (int run = 0; run < 2000; run++) {
            int kind = (int)gsl_rng_uniform_int(pick, 8);
            int len = 1 + (int)gsl_rng_uniform_int(pick, 2 * SIM_STREAM_BLOCK);
            for (int i = 0; i < len; i++)
                draw_both(kind, b, t);
        }
        pair_free(b, t);
    }
    gsl_rng_free(pick);
}
END_TEST

START_TEST(exponentials_alone_match_taus2_across_many_blocks)
{
    gsl_rng *b, *t;
    pair_alloc(7, &b, &t);
    for (int i = 0; i < 100 * SIM_STREAM_BLOCK + 3; i++)
        ck_assert_same_double(sim_exponential(b, 0.25), exponential_by_hand(t, 0.25));
    pair_free(b, t);
}
END_TEST

/* From any other generator sim_exponential draws as it always did. */
START_TEST(exponentials_from_other_generators_are_drawn_directly)
{
    gsl_rng *a = gsl_rng_alloc(gsl_rng_mt19937), *c = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(a, 4);
    gsl_rng_set(c, 4);
    for (int i = 0; i < 1000; i++)
        ck_assert_same_double(sim_exponential(a, 2), exponential_by_hand(c, 2));
    pair_free(a, c);
}
END_TEST

/* taus2 yields 0 once in 2^32 numbers: put one in the block by hand. */
static void plant_zero(gsl_rng *r, bool log_taken)
{
    simi_blocks_t *b = r->state;
    ck_assert_uint_lt(b->next + 1, SIM_STREAM_BLOCK);
    b->num[b->next] = 0;
    b->exp[b->next] = log_taken ? INFINITY : NAN;
}

START_TEST(a_zero_is_skipped_as_uniform_pos_skips_it)
{
    for (int log_taken = 0; log_taken <= 1; log_taken++) {
        gsl_rng *r = gsl_rng_alloc(sim_rng_taus2_blocks);
        gsl_rng_set(r, 5);
        sim_exponential(r, 1); /* fills the block, takes its logarithms */
        gsl_rng *copy = gsl_rng_clone(r);
        plant_zero(r, log_taken);
        plant_zero(copy, log_taken);
        simi_blocks_t *b = r->state;
        double expect = -log(b->num[b->next + 1] / 4294967296.0);
        ck_assert_same_double(sim_exponential(r, 1), expect);
        ck_assert_same_double(gsl_rng_uniform_pos(copy), b->num[b->next - 1] / 4294967296.0);
        ck_assert_uint_eq(gsl_rng_get(r), gsl_rng_get(copy)); /* both skipped one */
        gsl_rng_free(r);
        gsl_rng_free(copy);
    }
}
END_TEST

START_TEST(reseeding_mid_block_starts_taus2s_sequence_afresh)
{
    gsl_rng *b, *t;
    pair_alloc(3, &b, &t);
    for (int i = 0; i < SIM_STREAM_BLOCK + 5; i++)
        sim_exponential(b, 1); /* a block in use, logarithms taken ahead */
    gsl_rng_set(b, 11);
    gsl_rng_set(t, 11);
    for (int i = 0; i < 2 * SIM_STREAM_BLOCK; i++)
        draw_both(i % 2 ? 6 : 1, b, t);
    pair_free(b, t);
}
END_TEST

START_TEST(a_clone_continues_the_same_sequence)
{
    gsl_rng *r = gsl_rng_alloc(sim_rng_taus2_blocks);
    gsl_rng_set(r, 8);
    for (int i = 0; i < 10; i++)
        sim_exponential(r, 1);
    gsl_rng *c = gsl_rng_clone(r);
    for (int i = 0; i < 3 * SIM_STREAM_BLOCK; i++)
        draw_both(i % 3 ? 6 : 0, r, c);
    gsl_rng_free(r);
    gsl_rng_free(c);
}
END_TEST

START_TEST(range_and_state_size_fit_taus2)
{
    gsl_rng *b, *t;
    pair_alloc(1, &b, &t);
    ck_assert_uint_eq(gsl_rng_max(b), gsl_rng_max(t));
    ck_assert_uint_eq(gsl_rng_min(b), gsl_rng_min(t));
    ck_assert_uint_le(gsl_rng_taus2->size, sizeof ((simi_blocks_t *)0)->taus2);
    pair_free(b, t);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, blocks_yield_taus2s_numbers_bit_for_bit);
    tcase_add_test(tc, any_mix_of_draws_matches_taus2_exactly);
    tcase_add_test(tc, exponentials_alone_match_taus2_across_many_blocks);
    tcase_add_test(tc, exponentials_from_other_generators_are_drawn_directly);
    tcase_add_test(tc, a_zero_is_skipped_as_uniform_pos_skips_it);
    tcase_add_test(tc, reseeding_mid_block_starts_taus2s_sequence_afresh);
    tcase_add_test(tc, a_clone_continues_the_same_sequence);
    tcase_add_test(tc, range_and_state_size_fit_taus2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
