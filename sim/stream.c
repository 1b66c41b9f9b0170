/* stream.c: GSL's taus2, drawn in blocks.  See stream.h.
 *
 * The numbers are taus2's own: GSL seeds a taus2 state kept inside this
 * generator's state, unchanged, and the block is filled by taus2's step
 * (L'Ecuyer 1996, "Maximally equidistributed combined Tausworthe generators",
 * Math. Comp. 65: three 32-bit Tausworthe components, XORed) written out on that
 * state, in a loop that keeps it in registers: a call through GSL's function
 * pointer per number cost about 30 instructions and the loop around it 9 more,
 * the step inline about 24 with the loop.
 * test_stream checks every number against gsl_rng_taus2's, bit for bit. */
#include "sim/stream.h"

#include <assert.h>
#include <string.h>

/* GSL 2.7's taus_state_t: the three components, each below 2^32. */
typedef struct { unsigned long s1, s2, s3; } taus2_words_t;

/* GSL keeps taus2's state in the generator; ours holds it in a fixed field. */
static void *taus2_state(simi_blocks_t *b)
{
    assert(gsl_rng_taus2->size == sizeof(taus2_words_t) && sizeof(taus2_words_t) <= sizeof b->taus2);
    return b->taus2;
}

/* The iterations are independent, so the logarithms overlap in the pipeline. */
static void take_logs(simi_blocks_t *b, uint32_t from)
{
    for (uint32_t k = from; k < SIM_STREAM_BLOCK; k++)
        b->exp[k] = -log(simi_unit(b->num[k]));
}

/* One component's step: ((s & c) << d) ^ (((s << a) ^ s) >> b), in 32 bits. */
static inline uint32_t tausworthe(uint32_t s, int a, int b, uint32_t c, int d)
{
    return ((s & c) << d) ^ (((s << a) ^ s) >> b);
}

/* A new block.  Its logarithms are taken when the first exponential is drawn
 * from it, or at once if an earlier block served exponentials: most streams
 * serve one kind of variate, and a stream of uniforms never takes a logarithm. */
static void refill(simi_blocks_t *b)
{
    taus2_words_t *st = taus2_state(b);
    uint32_t s1 = (uint32_t)st->s1, s2 = (uint32_t)st->s2, s3 = (uint32_t)st->s3;
    for (int k = 0; k < SIM_STREAM_BLOCK; k++) {
        s1 = tausworthe(s1, 13, 19, 4294967294u, 12);
        s2 = tausworthe(s2, 2, 25, 4294967288u, 4);
        s3 = tausworthe(s3, 3, 11, 4294967280u, 17);
        b->num[k] = s1 ^ s2 ^ s3;
    }
    st->s1 = s1, st->s2 = s2, st->s3 = s3;
    b->next = 0;
    if (b->logs_ahead) {
        take_logs(b, 0);
    } else {
        for (int k = 0; k < SIM_STREAM_BLOCK; k++)
            b->exp[k] = NAN;
    }
}

double simi_stream_exp1_slow(simi_blocks_t *b)
{
    for (;;) {
        if (b->next >= SIM_STREAM_BLOCK)
            refill(b);
        if (isnan(b->exp[b->next])) { /* the first exponential from this block */
            take_logs(b, b->next);
            b->logs_ahead = true;
        }
        double e = b->exp[b->next++];
        if (e <= DBL_MAX)
            return e;
        /* num was 0: gsl_rng_uniform_pos would skip it, and so does this */
    }
}

static void blocks_set(void *state, unsigned long seed)
{
    simi_blocks_t *b = state;
    memset(b, 0, sizeof *b);
    gsl_rng_taus2->set(taus2_state(b), seed);
    b->next = SIM_STREAM_BLOCK; /* empty: the first draw fills */
    b->exp[SIM_STREAM_BLOCK] = NAN; /* the sentinel that sends a draw there to refill */
}

static unsigned long blocks_get(void *state)
{
    simi_blocks_t *b = state;
    if (SIM_UNLIKELY(b->next >= SIM_STREAM_BLOCK))
        refill(b);
    return b->num[b->next++];
}

static double blocks_get_double(void *state) { return simi_unit((uint32_t)blocks_get(state)); }

double simi_stream_uniform_slow(simi_blocks_t *b) { return blocks_get_double(b); }

const gsl_rng_type simi_taus2_blocks = {
    .name = "taus2-blocks",
    .max = 0xffffffffUL, /* taus2's range; test_stream checks it */
    .min = 0,
    .size = sizeof(simi_blocks_t),
    .set = blocks_set,
    .get = blocks_get,
    .get_double = blocks_get_double,
};
