/* testutil.c: the queueing-network driver and the suite runner.  See testutil.h. */
#include "tests/testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "sim/resource.h"
#include "sim/sim.h"

typedef struct qnet qnet_t;
typedef struct cust {
    double t_arrive, t_station;
    int station;
    qnet_t *net;
    struct cust *next_free;
} cust_t;

enum { CHUNK = 1024 };
typedef struct chunk {
    struct chunk *next;
    cust_t c[CHUNK];
} chunk_t;

struct qnet {
    const qnet_spec_t *spec;
    sim_resource_t *res[QNET_MAX];
    gsl_rng *arr_rng, *svc_rng[QNET_MAX];
    sim_timeavg_t in_system;
    sim_tally_t sojourn;
    uint64_t departures;
    chunk_t *chunks;      /* every customer lives in a chunk; all freed at the end */
    cust_t *free_list;
};

static cust_t *cust_alloc(qnet_t *q)
{
    if (!q->free_list) {
        chunk_t *ch = malloc(sizeof *ch);
        ck_assert_ptr_nonnull(ch);
        ch->next = q->chunks;
        q->chunks = ch;
        for (int i = 0; i < CHUNK; i++) {
            ch->c[i].next_free = q->free_list;
            q->free_list = &ch->c[i];
        }
    }
    cust_t *c = q->free_list;
    q->free_list = c->next_free;
    return c;
}

static void arrive(sim_t *sim, void *subject, void *object);
static void enter_station(sim_t *sim, cust_t *c);

static void warmup_done(sim_t *sim, void *subject, void *object)
{
    (void)object;
    qnet_t *q = subject;
    for (int i = 0; i < q->spec->stations; i++)
        sim_resource_reset_stats(sim, q->res[i]);
    sim_timeavg_reset(&q->in_system, sim_now(sim));
    sim_tally_init(&q->sojourn);
    q->departures = 0;
}

static void service_done(sim_t *sim, void *subject, void *object)
{
    (void)object;
    cust_t *c = subject;
    qnet_t *q = c->net;
    sim_resource_release(sim, q->res[c->station]);
    if (++c->station < q->spec->stations) {
        enter_station(sim, c);
        return;
    }
    sim_tally_add(&q->sojourn, sim_now(sim) - c->t_arrive);
    sim_timeavg_add(&q->in_system, sim_now(sim), -1);
    q->departures++;
    c->next_free = q->free_list;
    q->free_list = c;
}

static void granted(sim_t *sim, void *entity, void *arg)
{
    (void)arg;
    cust_t *c = entity;
    qnet_t *q = c->net;
    double s = sim_dist_sample(&q->spec->service[c->station], q->svc_rng[c->station]);
    sim_schedule(sim, s, 0, service_done, c, NULL);
}

static void enter_station(sim_t *sim, cust_t *c)
{
    c->t_station = sim_now(sim);
    sim_resource_request(sim, c->net->res[c->station], c, 0, granted, NULL);
}

static void arrive(sim_t *sim, void *subject, void *object)
{
    (void)object;
    qnet_t *q = subject;
    cust_t *c = cust_alloc(q);
    *c = (cust_t){sim_now(sim), 0, 0, q, NULL};
    sim_timeavg_add(&q->in_system, sim_now(sim), 1);
    enter_station(sim, c);
    sim_schedule(sim, gsl_ran_exponential(q->arr_rng, 1.0 / q->spec->lambda), 0, arrive, q, NULL);
}

int qnet_run(const qnet_spec_t *spec, uint64_t seed, unsigned rep, qnet_result_t *out)
{
    sim_t *sim = sim_create(seed, rep);
    qnet_t q = {.spec = spec};
    char name[32];
    q.arr_rng = sim_stream(sim, "arrivals");
    for (int i = 0; i < spec->stations; i++) {
        q.res[i] = sim_resource_create(sim, spec->servers[i], SIM_QUEUE_FIFO);
        snprintf(name, sizeof name, "service.%d", i);
        q.svc_rng[i] = sim_stream(sim, name);
    }
    sim_timeavg_init(&q.in_system, 0, 0);
    sim_tally_init(&q.sojourn);
    sim_schedule(sim, 0, 0, arrive, &q, NULL);
    sim_schedule_at(sim, spec->warmup, -10, warmup_done, &q, NULL);
    sim_run_until(sim, spec->horizon);
    double now = sim_now(sim);
    for (int i = 0; i < spec->stations; i++)
        out->wait[i] = sim_tally_mean(sim_resource_waits(q.res[i]));
    out->sojourn = sim_tally_mean(&q.sojourn);
    out->in_system = sim_timeavg_mean(&q.in_system, now);
    out->throughput = (double)q.departures / (spec->horizon - spec->warmup);
    out->events = sim_events_run(sim);
    while (q.chunks) {
        chunk_t *next = q.chunks->next;
        free(q.chunks);
        q.chunks = next;
    }
    for (int i = 0; i < spec->stations; i++)
        sim_resource_destroy(q.res[i]);
    sim_destroy(sim);
    return 0;
}

char *write_temp(const char *text)
{
    char *path = strdup("/tmp/zonesim-test-XXXXXX.json");
    ck_assert_ptr_nonnull(path);
    int fd = mkstemps(path, 5);
    ck_assert_int_ge(fd, 0);
    size_t len = strlen(text);
    ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* The binary under test, as an absolute path (some tests change folder). */
const char *zonesim_bin(void)
{
    static char path[4096]; /* written once per test process, before any use */
    const char *b = getenv("ZONESIM_BIN");
    if (!path[0] && !realpath(b ? b : "./zonesim", path))
        snprintf(path, sizeof path, "%s", b ? b : "./zonesim");
    return path;
}

/* Run a shell command with zonesim as $Z; capture stdout+stderr; return the exit code. */
int sh(char **out, const char *fmt, ...)
{
    char cmd[4096], full[4400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "Z=%s; (%s) 2>&1", zonesim_bin(), cmd);
    FILE *p = popen(full, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (len + 1 >= cap)
            buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    int st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    b[fread(b, 1, (size_t)n, f)] = '\0';
    fclose(f);
    return b;
}

char *tmpdir(void)
{
    char *d = strdup("/tmp/zonesim-cli-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

double erlang_c(int c, double a)
{
    double sum = 0, term = 1;
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    double top = term * c / (c - a); /* a^c / c! * c / (c - a) */
    return top / (sum + top);
}

int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
