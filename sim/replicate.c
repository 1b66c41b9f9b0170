/* replicate.c: a minimal thread pool over replication numbers.  See replicate.h. */
#include "sim/replicate.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct pool {
    const sim_rep_opts_t *opts;
    sim_rep_fn fn;
    void *ctx;
    atomic_uint next;     /* next replication index to hand out */
    atomic_uint finished;
    atomic_bool failed;
    int *status;          /* per replication */
    pthread_mutex_t progress_lock;
} pool_t;

static void *worker(void *arg)
{
    pool_t *p = arg;
    const sim_rep_opts_t *o = p->opts;
    for (;;) {
        if (atomic_load(&p->failed) || (o->stop && atomic_load(o->stop)))
            break;
        unsigned i = atomic_fetch_add(&p->next, 1);
        if (i >= o->count)
            break;
        int st = p->fn(o->first + i, p->ctx);
        p->status[i] = st == SIM_REP_STOPPED ? 0 : st;
        if (st == SIM_REP_STOPPED)
            continue; /* cut short: neither done nor failed, and not counted as finished */
        if (st != 0)
            atomic_store(&p->failed, true);
        else if (o->done)
            o->done[i] = true;
        unsigned fin = atomic_fetch_add(&p->finished, 1) + 1;
        if (o->progress) {
            pthread_mutex_lock(&p->progress_lock);
            o->progress(fin, o->count, p->ctx);
            pthread_mutex_unlock(&p->progress_lock);
        }
    }
    return NULL;
}

int sim_replicate(const sim_rep_opts_t *opts, sim_rep_fn fn, void *ctx)
{
    pool_t p = {.opts = opts, .fn = fn, .ctx = ctx};
    atomic_init(&p.next, 0);
    atomic_init(&p.finished, 0);
    atomic_init(&p.failed, false);
    p.status = calloc(opts->count ? opts->count : 1, sizeof *p.status);
    if (!p.status)
        return -1;
    pthread_mutex_init(&p.progress_lock, NULL);
    unsigned nt = opts->threads ? opts->threads : 1;
    if (nt > opts->count)
        nt = opts->count ? opts->count : 1;
    pthread_t *tid = calloc(nt, sizeof *tid);
    unsigned started = 0;
    for (unsigned t = 1; tid && t < nt; t++) /* the calling thread is worker 0 */
        if (pthread_create(&tid[started], NULL, worker, &p) == 0)
            started++;
    worker(&p);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    int rc = 0;
    for (unsigned i = 0; i < opts->count && rc == 0; i++)
        rc = p.status[i];
    pthread_mutex_destroy(&p.progress_lock);
    free(p.status);
    return rc;
}
