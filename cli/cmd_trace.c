/* cmd_trace.c: `zonesim trace` — the journeys of a few consignments, narrated
 * step by step with simulated date and time, and optionally every step of
 * every consignment of a short run as CSV. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "output/files.h"
#include "output/text.h"
#include "models/scenario/json_in.h"

static const char HELP[] =
    "usage: zonesim trace SCENARIO [-n N] [-s SEED] [--set PATH=VALUE]... [--events FILE.csv [--force]]\n"
    "\n"
    "Follow the first N consignments (default 3) of replication 0 through the zone and\n"
    "tell their story, one line per step, with the simulated day and time: arrival at\n"
    "the first line and the queue there, declaration, the risk check and inspection,\n"
    "taxes at each point (each item, or the exemption that forgave it and the rule),\n"
    "entry into the zone bonded, dwell, transfer, the second line, release.\n"
    "\n"
    "  -n N              consignments to follow (1 to 1000)\n"
    "  --events FILE.csv also write every step of every consignment of the whole run\n"
    "                    (columns: time_min, day, clock, consignment, flow, step, text);\n"
    "                    for short runs: horizon_days at most 60.  An existing FILE is\n"
    "                    replaced only with --force, and never the scenario itself, a\n"
    "                    folder, FIFO or device\n"
    "  -s, --seed S      master seed (default: the scenario's)\n"
    "      --set P=V     override a scenario value, as for `zonesim run`\n"
    "\n"
    "Example:\n"
    "  zonesim trace scenarios/hetao_baseline.json -n 5\n"
    "  zonesim trace scenarios/hetao_baseline.json --set horizon_days=3 --set warmup_days=0 --events steps.csv\n"
    "Exit: 0 done, 1 cannot write, 2 bad input.\n";

typedef struct trace_ctx {
    uint32_t narrate;   /* narrate ids below this */
    FILE *events;       /* or NULL */
} trace_ctx_t;

static void clock_of(double t, char *buf, size_t len)
{
    long minutes = (long)floor(t);
    snprintf(buf, len, "day %ld %02ld:%02ld", minutes / 1440 + 1, minutes % 1440 / 60, minutes % 60);
}

static void csv_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void on_step(void *p, double t, uint32_t id, const char *flow, const char *step, const char *text)
{
    trace_ctx_t *c = p;
    char when[32];
    clock_of(t, when, sizeof when);
    if (id < c->narrate)
        printf("%-14s #%-3u %-24s %s\n", when, id, flow, text);
    if (c->events) {
        long minutes = (long)floor(t);
        fprintf(c->events, "%.4f,%ld,%02ld:%02ld,%u,", t, minutes / 1440 + 1, minutes % 1440 / 60, minutes % 60, id);
        csv_text(c->events, flow);
        fprintf(c->events, ",%s,", step);
        csv_text(c->events, text);
        fputc('\n', c->events);
    }
}

typedef struct trace_opts {
    cli_common_t c;
    long n;
    const char *events;
} trace_opts_t;

static int parse(cli_args_t *a, trace_opts_t *o, char **file)
{
    static const struct option longs[] = {{"seed", required_argument, 0, 's'}, {"set", required_argument, 0, CLI_OPT_SET},
                                          {"events", required_argument, 0, CLI_OPT_EVENTS},
                                          {"force", no_argument, 0, CLI_OPT_FORCE}, {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    int opt, n;
    memset(o, 0, sizeof *o);
    cli_common_init(&o->c);
    o->n = 3;
    o->events = NULL;
    while ((opt = cli_next(a, "n:s:h", longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return -1;
        }
        if (opt == 'n' && !cli_long("-n", optarg, 1, 1000, &o->n))
            return CZ_BAD_INPUT;
        if (opt == CLI_OPT_EVENTS && !*(o->events = optarg))
            return cli_usage(a, "--events needs a file name");
        if (opt != 'n' && opt != CLI_OPT_EVENTS && cli_common_option(&o->c, opt, optarg) != 1)
            return CZ_BAD_INPUT;
    }
    char **rest = cli_rest(a, &n);
    if (n != 1)
        return cli_usage(a, "expected one scenario file");
    *file = rest[0];
    return CZ_OK;
}

/* The --events file, opened to a temporary name; never over the scenario. */
static int open_events(const trace_opts_t *o, const char *file, const cz_scenario_t *s, out_file_t *f)
{
    struct stat st;
    char err[512];
    out_protect_t keep = {0, 0, stat(file, &st) == 0};
    if (keep.on)
        keep.dev = st.st_dev, keep.ino = st.st_ino;
    if (s->horizon_min > 60 * 1440) {
        cz_eprintf("zonesim: --events: horizon_days is %.0f; log a short run (at most 60 days), "
                "e.g. --set horizon_days=7\n", s->horizon_min / 1440);
        return CZ_BAD_INPUT;
    }
    if (out_file_open(f, o->events, o->c.force, &keep, err, sizeof err) != 0) {
        cz_eprintf("zonesim: --events: %s\n", err);
        return CZ_BAD_INPUT;
    }
    fputs("time_min,day,clock,consignment,flow,step,text\n", f->f);
    return CZ_OK;
}

static int trace(const trace_opts_t *o, cz_scenario_t *s, const char *file)
{
    out_file_t ev = {0};
    trace_ctx_t ctx = {(uint32_t)o->n, NULL};
    int rc = o->events ? open_events(o, file, s, &ev) : CZ_OK;
    if (rc != CZ_OK)
        return rc;
    ctx.events = ev.f;
    printf("%s: regime %s; following consignments 0 to %ld of replication 0 (seed %llu)\n\n", s->name, s->regime.name,
           o->n - 1, (unsigned long long)s->seed);
    cz_trace_t tr = {on_step, &ctx, o->events ? UINT32_MAX : (uint32_t)o->n, !o->events};
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    cz_run_opts_t ro = {0, NULL, &tr, NULL, NULL};
    rc = k ? cz_zone_run_with(s, &ro, k, &st) : CZ_FAILED;
    if (rc != CZ_OK)
        cz_eprintf("zonesim: %s\n", k ? st.check_error : "out of memory");
    char err[512];
    if (ev.f && rc == CZ_OK && out_file_commit(&ev, err, sizeof err) != 0) {
        cz_eprintf("zonesim: --events: %s\n", err);
        rc = CZ_FAILED;
    } else if (o->events && rc == CZ_OK) {
        printf("\nevery step of %llu consignments written to %s\n", (unsigned long long)st.consignments, o->events);
    }
    out_file_abort(&ev);
    free(k);
    return rc;
}

int cli_trace(int argc, char **argv)
{
    cli_args_t a;
    trace_opts_t o;
    char *file = NULL;
    cli_args_init(&a, "trace", argc, argv);
    int rc = parse(&a, &o, &file);
    if (rc != CZ_OK)
        return rc < 0 ? CZ_OK : rc;
    cz_scenario_t *s = cli_load(file, o.c.sets, o.c.nsets);
    if (!s)
        return CZ_BAD_INPUT;
    cli_apply_common(&o.c, s);
    rc = trace(&o, s, file);
    cz_scenario_free(s);
    return rc;
}
