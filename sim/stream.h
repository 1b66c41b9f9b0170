/* stream.h: the engine's random number generators: GSL's taus2, drawn in blocks.
 *
 * sim_stream() hands out gsl_rng generators of the type defined here.  Seeded
 * alike, it yields exactly the numbers gsl_rng_taus2 yields, bit for bit, so
 * every GSL function (gsl_rng_uniform, gsl_ran_gamma, ...) draws from it as from
 * taus2 and every result is the same.  What differs is when the numbers are
 * computed: SIM_STREAM_BLOCK at a time, in a loop, and a draw reads the next one.
 * Exponential variates, -ln U, are computed ahead in the same way: for the rest
 * of a block the first time it serves one, and for each later block as it is
 * filled (a stream that only ever serves uniforms never takes a logarithm).
 *
 * Why: a handler reaches its generator through a chain of loads (the event's
 * slot, its subject, the model's state, the generator), and a number computed
 * at the moment it is drawn puts the generator's arithmetic and the logarithm,
 * some forty cycles, on the run loop's critical path, after the chain.  A
 * hand-written loop keeps its generators in registers, so its processor works
 * out the next variate while the last event is still being placed.  Computed in
 * a block, the numbers come from a loop whose iterations overlap, and a draw on
 * the critical path is one load.  See docs/engine.md.
 *
 * Ownership: gsl_rng_alloc/gsl_rng_free, as for any GSL generator.
 * Errors: none beyond GSL's (NULL from gsl_rng_alloc when out of memory).
 * Cost: about 820 bytes a generator (12 a number of the block); a draw is O(1),
 *       a block's refill SIM_STREAM_BLOCK taus2 steps (and as many logarithms
 *       once exponentials are drawn from the stream). */
#ifndef SIM_STREAM_H
#define SIM_STREAM_H

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "sim/calendar.h" /* SIM_LIKELY */

#define SIM_STREAM_BLOCK 64

/* GSL's taus2, drawn in blocks of SIM_STREAM_BLOCK: for gsl_rng_alloc. */
extern const gsl_rng_type simi_taus2_blocks;
#define sim_rng_taus2_blocks (&simi_taus2_blocks)

/* The generator's state.  Internal: it is here only for the inline draws below. */
typedef struct simi_blocks {
    uint32_t next;                     /* the next number to hand out; BLOCK: none left */
    bool logs_ahead;                   /* take a new block's logarithms at once */
    uint32_t num[SIM_STREAM_BLOCK];    /* taus2's outputs, in order */
    double exp[SIM_STREAM_BLOCK + 1];  /* -ln(num[k] / 2^32), or NaN where not yet
                                          taken; +inf where num[k] is 0; exp[BLOCK]
                                          is always NaN */
    unsigned long taus2[4];            /* taus2's own state (24 bytes in GSL 2.7) */
} simi_blocks_t;

/* As taus2's get_double: a 32-bit output scaled to [0, 1).  Every uniform and
 * every logarithm goes through this one scaling, which is what keeps them taus2's. */
static inline double simi_unit(uint32_t x) { return x / 4294967296.0; }

/* The draw simi_stream_uniform could not make: the block is used up. */
double simi_stream_uniform_slow(simi_blocks_t *b);

/* A uniform on [0, 1): the number gsl_rng_uniform would draw from this stream,
 * without its two calls through the generator's function pointers. */
static inline double simi_stream_uniform(simi_blocks_t *b)
{
    uint32_t k = b->next;
    if (SIM_LIKELY(k < SIM_STREAM_BLOCK)) {
        b->next = k + 1;
        return simi_unit(b->num[k]);
    }
    return simi_stream_uniform_slow(b);
}

/* The draw simi_stream_exp1 could not make from what was ready. */
double simi_stream_exp1_slow(simi_blocks_t *b);

/* A standard exponential variate, -ln U, with U as gsl_rng_uniform_pos draws it
 * (a zero is skipped): the number that -log(gsl_rng_uniform_pos(r)) would be.
 * One test covers the end of the block, a logarithm not yet taken and a zero. */
static inline double simi_stream_exp1(simi_blocks_t *b)
{
    uint32_t k = b->next;
    double e = b->exp[k];
    if (SIM_LIKELY(e <= DBL_MAX)) {
        b->next = k + 1;
        return e;
    }
    return simi_stream_exp1_slow(b);
}

/* A uniform on [0, 1) from any generator: gsl_rng_uniform's number, read
 * straight from the block when the generator is a blocked stream. */
static inline double sim_uniform(gsl_rng *r)
{
    if (SIM_LIKELY(r->type == sim_rng_taus2_blocks))
        return simi_stream_uniform(r->state);
    return gsl_rng_uniform(r);
}

/* The 32-bit output behind the uniform sim_uniform draws: simi_unit of it is
 * that uniform, bit for bit, so a draw kept for later costs 4 bytes, not 8.
 * Exact for generators whose uniforms are multiples of 2^-32 (taus2, which
 * every stream of a simulation is). */
static inline uint32_t sim_uniform_u32(gsl_rng *r) { return (uint32_t)(sim_uniform(r) * 4294967296.0); }

/* A uniform on (0, 1): gsl_rng_uniform_pos's number (zeros skipped). */
static inline double sim_uniform_pos(gsl_rng *r)
{
    double u;
    do
        u = sim_uniform(r);
    while (u == 0);
    return u;
}

/* An exponential variate of the given mean, by inversion: -mean ln U with U
 * uniform on (0, 1).  The same law as gsl_ran_exponential, which computes
 * -mean log1p(-U) with U on [0, 1), at half the cost: glibc's log is
 * table-driven, its log1p is not (14 ns against 28 ns a variate here).  From a
 * blocked stream the logarithm was taken ahead; the number is the same. */
static inline double sim_exponential(gsl_rng *r, double mean)
{
    if (SIM_LIKELY(r->type == sim_rng_taus2_blocks))
        return mean * simi_stream_exp1(r->state);
    return -mean * log(gsl_rng_uniform_pos(r));
}

#endif
