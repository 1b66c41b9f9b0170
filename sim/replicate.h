/* replicate.h: run N independent replications on a pool of T threads.
 *
 * Each replication is a call fn(rep, ctx) that builds its own sim_t, runs it and
 * stores its results in a slot indexed by rep that the caller owns.  Threads take
 * replication numbers from a shared atomic counter; since each result lands in
 * its own slot and the caller reads them in replication order afterwards, the
 * output is byte-identical whatever T is.
 *
 * fn must touch nothing shared but its own slot (no locks are taken).
 * Errors: the first non-zero status of fn, in replication order, is returned;
 *   after a failure no new replication starts.  A thread that cannot be created
 *   leaves its share to the others (T = 1 always works).
 * `stop`, if not NULL, is polled before each replication: when it reads non-zero
 *   no new replication starts (for signal handling).  fn returns SIM_REP_STOPPED
 *   for a replication it cut short (a stop request): that is neither a result nor
 *   a failure.  done[rep] says which replications ran to the end (returned 0). */
#ifndef SIM_REPLICATE_H
#define SIM_REPLICATE_H

#include <stdatomic.h>
#include <stdbool.h>

/* fn's status for a replication cut short by a stop request: not done, not failed. */
#define SIM_REP_STOPPED (-2)

typedef int (*sim_rep_fn)(unsigned rep, void *ctx);

typedef struct sim_rep_opts {
    unsigned first, count;       /* replications first .. first+count-1 */
    unsigned threads;            /* >= 1 */
    volatile atomic_int *stop;   /* optional */
    bool *done;                  /* optional, count entries: done[i] for first+i */
    void (*progress)(unsigned finished, unsigned count, void *ctx); /* optional, serialised */
} sim_rep_opts_t;

int sim_replicate(const sim_rep_opts_t *opts, sim_rep_fn fn, void *ctx);

#endif
