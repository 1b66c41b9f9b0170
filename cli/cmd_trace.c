/* cmd_trace.c: `zonesim trace`: the journeys of a few consignments, narrated step
 * by step with simulated date and time, and optionally every step of every
 * consignment of a short run as CSV. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "experiment/experiment.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"

static const char TRACE_HELP[] =
    "usage: zonesim trace SCENARIO [-n N] [-s SEED] [--set PATH=VALUE]... [--events FILE.csv]\n"
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
    "                    for short runs: horizon_days at most 60\n"
    "\n"
    "Example:\n"
    "  zonesim trace scenarios/hetao_baseline.json -n 5\n"
    "  zonesim trace scenarios/hetao_baseline.json --set horizon_days=3 --set warmup_days=0 --events steps.csv\n"
    "Exit: 0 done, 1 cannot write, 2 bad input.\n";

typedef struct trace_ctx {
    uint32_t narrate;   /* narrate ids below this */
    FILE *events;       /* or NULL */
    bool write_failed;
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
        fprintf(c->events, "%.4f,%ld,%02ld:%02ld,%u,%s,%s,", t, minutes / 1440 + 1, minutes % 1440 / 60,
                minutes % 60, id, flow, step);
        csv_text(c->events, text);
        if (fputc('\n', c->events) == EOF)
            c->write_failed = true;
    }
}

int cz_cmd_trace(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(TRACE_HELP, stdout);
        return 0;
    }
    if (o.npos != 1) {
        fprintf(stderr, "zonesim: trace: expected one scenario file (see zonesim trace --help)\n");
        return 2;
    }
    if (o.trace_n < 1 || o.trace_n > 1000) {
        fprintf(stderr, "zonesim: -n: expected a number of consignments from 1 to 1000\n");
        return 2;
    }
    cz_scenario_t *s = cz_load_or_report(o.pos[0], o.sets, o.nsets);
    if (!s)
        return 2;
    if (o.seed >= 0)
        s->seed = (uint64_t)o.seed;
    if (o.events && s->horizon_min > 60 * 1440) {
        fprintf(stderr, "zonesim: --events: horizon_days is %.0f; log a short run (at most 60 days), "
                "e.g. --set horizon_days=7\n", s->horizon_min / 1440);
        cz_scenario_free(s);
        return 2;
    }
    trace_ctx_t ctx = {(uint32_t)o.trace_n, NULL, false};
    char tmp[4200];
    if (o.events) {
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", o.events, (long)getpid());
        ctx.events = fopen(tmp, "w");
        if (!ctx.events) {
            fprintf(stderr, "zonesim: cannot write %s\n", tmp);
            cz_scenario_free(s);
            return 1;
        }
        fputs("time_min,day,clock,consignment,flow,step,text\n", ctx.events);
    }
    printf("%s: regime %s; following consignments 0 to %ld of replication 0 (seed %llu)\n\n", s->name,
           s->regime.name, o.trace_n - 1, (unsigned long long)s->seed);
    cz_trace_t tr = {on_step, &ctx, o.events ? UINT32_MAX : (uint32_t)o.trace_n, !o.events};
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    cz_run_opts_t ro = {0, NULL, &tr, NULL};
    int rc = k ? cz_zone_run_with(s, &ro, k, &st) : 1;
    if (rc != 0)
        fprintf(stderr, "zonesim: %s\n", k ? st.check_error : "out of memory");
    if (ctx.events) {
        bool ok = !ctx.write_failed && fflush(ctx.events) == 0 && fsync(fileno(ctx.events)) == 0;
        ok = fclose(ctx.events) == 0 && ok;
        if (!ok || rename(tmp, o.events) != 0) {
            fprintf(stderr, "zonesim: cannot write %s\n", o.events);
            remove(tmp);
            rc = 1;
        } else {
            printf("\nevery step of %llu consignments written to %s\n", (unsigned long long)st.consignments,
                   o.events);
        }
    }
    free(k);
    cz_scenario_free(s);
    return rc ? (rc == 2 ? 2 : 1) : 0;
}
