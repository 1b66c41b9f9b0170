/* cmd_sweep.c: `zonesim sweep SCENARIO --vary PATH=V1,V2,...` — a grid of
 * policies (experiment/sweep.h), each point replicated on the same seeds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "experiment/experiment.h"
#include "experiment/sweep.h"
#include "models/zone/kpi.h"
#include "output/results.h"
#include "output/sweep.h"
#include "report/report.h"
#include "models/scenario/json_in.h"

static const char HELP[] =
    "usage: zonesim sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [--points A..B] [-r REPS] [-s SEED]\n"
    "                     [-j THREADS] [-o DIR] [--set PATH=VALUE]... [--force] [--report] [--quiet]\n"
    "\n"
    "Run every combination of the varied values, each point with its replications on\n"
    "the same seeds.  Paths are as in --set; values are read as --set reads them,\n"
    "separated by commas outside brackets and quotes; A..B of two whole numbers is\n"
    "every whole number from A to B (--vary lines.second_line.lanes=3..6).  Every\n"
    "point is loaded and checked before anything runs.  Writes DIR/sweep.csv (one row\n"
    "per point: its number, the varied values, each KPI's mean and 95% half-width),\n"
    "DIR/sweep.json and DIR/kpis.csv (long: one row per point, replication and KPI,\n"
    "with its unit).  Default DIR: results/sweep_NAME.\n"
    "\n"
    "      --vary P=V,...    an axis of the grid (at most 8, 1000 values each, 10000 points)\n"
    "      --points A..B     run only points A to B (0-based, the first --vary varying\n"
    "                        slowest): a shard for `zonesim merge` (docs/cluster.md)\n"
    "  -r, -s, -j, -o, --set, --force, --report, -q: as for `zonesim run`.\n"
    "\n"
    "Ctrl-C: the points that finished are written, marked \"complete\": false (exit 130).\n"
    "\n"
    "Example:\n"
    "  zonesim sweep scenarios/hetao_baseline.json --vary lines.second_line.lanes=3..6 \\\n"
    "      --vary flows.research_goods_from_hk.rate_per_day=60,120 -r 10\n"
    "Exit: 0 done, 1 a replication failed, 2 bad input or usage, 130 interrupted.\n";

typedef struct sweep {
    cli_common_t c;
    ex_axis_t ax[EX_MAX_AXES];
    int nax;
    long npoints, from, to;
    int *index;                  /* npoints x nax */
    cz_scenario_t **pts;         /* loaded points from..to (others NULL) */
    bool *done;
    double *summary;             /* npoints x nk x 5 */
    uint64_t base_hash;          /* the scenario with --set, before --vary */
    const cz_scenario_t *first;
    unsigned reps;
    unsigned *rep_ids;           /* 0..reps-1 */
    out_stream_t kpis;           /* kpis.csv, point by point */
} sweep_t;

static int parse(cli_args_t *a, sweep_t *w, char **file)
{
    static const struct option longs[] = {CLI_COMMON_LONG, {"vary", required_argument, 0, CLI_OPT_VARY},
                                          {"points", required_argument, 0, CLI_OPT_POINTS}, {0, 0, 0, 0}};
    int opt, n, r;
    char err[256];
    cli_common_init(&w->c);
    w->from = w->to = -1;
    while ((opt = cli_next(a, CLI_COMMON_SHORT, longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return -1;
        }
        if ((r = cli_common_option(&w->c, opt, optarg)) < 0)
            return CZ_BAD_INPUT;
        if (r)
            continue;
        if (opt == CLI_OPT_POINTS && !cli_range("--points", optarg, EX_MAX_POINTS - 1, &w->from, &w->to))
            return CZ_BAD_INPUT;
        if (opt == CLI_OPT_VARY && w->nax == EX_MAX_AXES)
            return cli_usage(a, "at most %d --vary", EX_MAX_AXES);
        if (opt == CLI_OPT_VARY && !ex_axis_parse(&w->ax[w->nax++], optarg, err, sizeof err))
            return cli_usage(a, "--vary \"%s\": %s", optarg, err);
        if (opt != CLI_OPT_POINTS && opt != CLI_OPT_VARY)
            return CZ_BAD_INPUT;
    }
    char **rest = cli_rest(a, &n);
    if (n != 1 || w->nax == 0)
        return cli_usage(a, "expected one scenario file and at least one --vary PATH=V1,V2,...");
    *file = rest[0];
    return CZ_OK;
}

/* The grid, and every point to run loaded (a bad value is reported before anything runs). */
static int load_points(sweep_t *w, const char *file)
{
    char err[256];
    if ((w->npoints = ex_grid_points(w->ax, w->nax, err, sizeof err)) < 0) {
        cz_eprintf("zonesim: sweep: %s\n", err);
        return CZ_BAD_INPUT;
    }
    if (w->from < 0)
        w->from = 0, w->to = w->npoints - 1;
    if (w->to >= w->npoints) {
        cz_eprintf("zonesim: --points %ld..%ld: the grid has points 0..%ld\n", w->from, w->to, w->npoints - 1);
        return CZ_BAD_INPUT;
    }
    w->index = calloc((size_t)w->npoints * (size_t)w->nax, sizeof *w->index);
    w->pts = calloc((size_t)w->npoints, sizeof *w->pts);
    w->done = calloc((size_t)w->npoints, sizeof *w->done);
    if (!w->index || !w->pts || !w->done)
        return CZ_FAILED;
    for (long p = 0; p < w->npoints; p++)
        ex_grid_point(w->ax, w->nax, p, w->index + p * w->nax);
    cz_scenario_t *base = cli_load(file, w->c.sets, w->c.nsets);
    if (!base)
        return CZ_BAD_INPUT;
    cli_apply_common(&w->c, base);
    w->base_hash = base->hash;
    cz_scenario_free(base);
    for (long p = w->from; p <= w->to; p++) {
        const char *sets[CLI_MAX_SETS + EX_MAX_AXES];
        char assign[EX_MAX_AXES][4096];
        int ns = 0;
        for (int i = 0; i < w->c.nsets; i++)
            sets[ns++] = w->c.sets[i];
        for (int x = 0; x < w->nax; x++) {
            snprintf(assign[x], sizeof assign[x], "--vary %s=%s", w->ax[x].path, w->ax[x].values[w->index[p * w->nax + x]]);
            sets[ns++] = assign[x];
        }
        if (!(w->pts[p] = cli_load(file, sets, ns)))
            return CZ_BAD_INPUT;
        cli_apply_common(&w->c, w->pts[p]);
        unsigned reps = w->c.reps > 0 ? (unsigned)w->c.reps : w->pts[p]->replications;
        if (!ex_fits_in_memory(w->pts[p], (unsigned)w->c.threads, reps))
            return CZ_BAD_INPUT;
    }
    return CZ_OK;
}

/* Run point p; its summary into w->summary.  CZ_OK, CZ_FAILED or CZ_INTERRUPTED. */
static int run_point(sweep_t *w, long p)
{
    cz_scenario_t *s = w->pts[p];
    char buf[CZ_KPI_NAME_MAX], err[512];
    cz_scenario_set_seed(s, w->first->seed);
    int pk = cz_kpi_count(s), nk = cz_kpi_count(w->first);
    double *table = calloc((size_t)w->reps * (size_t)pk, sizeof *table);
    bool *done = calloc(w->reps, sizeof *done);
    ex_reps_t r = {s, 0, w->reps, (unsigned)w->c.threads, table, NULL, done, w->c.quiet ? NULL : "sweep point: ",
                   NULL};
    int rc = table && done ? ex_run_replications(&r, err, sizeof err) : CZ_FAILED;
    for (int k = 0; rc == CZ_OK && k < nk; k++) {
        int col = cz_kpi_find(s, cz_kpi_name(w->first, k, buf));
        cz_kpi_summary_t m = col >= 0 ? cz_kpi_summarise(table, w->reps, pk, col)
                                      : (cz_kpi_summary_t){NAN, NAN, NAN, NAN, NAN, 0};
        double *d = &w->summary[((size_t)p * (size_t)nk + (size_t)k) * 5];
        d[0] = m.mean, d[1] = m.sd, d[2] = m.ci95, d[3] = m.min, d[4] = m.max;
    }
    if (rc == CZ_OK) {
        char label[24];
        snprintf(label, sizeof label, "%ld", p);
        out_run_meta_t m = {.nrep = w->reps, .rep_ids = w->rep_ids, .complete = true, .planned = w->reps};
        out_stream_write(&w->kpis, out_kpis_rows(s, table, &m, label));
    }
    if (rc == CZ_FAILED)
        cz_eprintf("zonesim: point %ld: %s\n", p, table && done ? err : "out of memory");
    w->done[p] = rc == CZ_OK;
    free(table);
    free(done);
    return rc;
}

static int run_points(sweep_t *w)
{
    w->first = w->pts[w->from];
    w->reps = w->c.reps > 0 ? (unsigned)w->c.reps : w->first->replications;
    w->summary = calloc((size_t)w->npoints * (size_t)cz_kpi_count(w->first) * 5, sizeof *w->summary);
    w->rep_ids = calloc(w->reps, sizeof *w->rep_ids);
    if (!w->summary || !w->rep_ids)
        return CZ_FAILED;
    for (unsigned r = 0; r < w->reps; r++)
        w->rep_ids[r] = r;
    for (long p = w->from; p <= w->to; p++) {
        int rc = run_point(w, p);
        if (rc != CZ_OK)
            return rc;
        if (!w->c.quiet && isatty(STDERR_FILENO))
            cz_eprintf("\r\033[Ksweep: point %ld (%ld of %ld) done%s", p, p - w->from + 1, w->to - w->from + 1,
                    p == w->to ? "\n" : "");
    }
    return CZ_OK;
}

static int write_sweep(sweep_t *w, const out_dir_t *d, const char *cmdline)
{
    char err[512];
    out_sweep_t os = {w->ax, w->nax, w->npoints, w->from, w->to, w->done, w->index, w->first, w->base_hash,
                      w->summary, w->reps, cmdline, w->from != 0 || w->to != w->npoints - 1};
    out_batch_t *b = out_batch_create(d);
    if (!b)
        return CZ_FAILED;
    if (out_stream_place(&w->kpis, b, err, sizeof err) != 0) {
        cz_eprintf("zonesim: %s\n", err);
        out_batch_destroy(b);
        return CZ_FAILED;
    }
    out_batch_take(b, "sweep.csv", out_sweep_csv(&os));
    out_batch_take(b, "sweep.json", out_sweep_json(&os));
    int rc = out_batch_commit(b, err, sizeof err) == 0 ? CZ_OK : CZ_FAILED;
    out_batch_destroy(b);
    if (rc)
        cz_eprintf("zonesim: %s\n", err);
    return rc;
}

static int sweep(sweep_t *w, const char *file, const char *cmdline)
{
    char dir[4096], safe[128], err[512];
    out_dir_t d;
    ex_catch_signals(); /* loading many points takes a while: Ctrl-C then is an interruption too */
    int rc = load_points(w, file);
    if (rc != CZ_OK)
        return rc;
    if (atomic_load(ex_interrupted())) {
        cz_eprintf("zonesim: interrupted while loading the points; nothing written\n");
        return CZ_INTERRUPTED;
    }
    out_safe_name(safe, sizeof safe, w->pts[w->from]->name);
    if (w->c.out)
        snprintf(dir, sizeof dir, "%s", w->c.out);
    else
        snprintf(dir, sizeof dir, "results/sweep_%s", safe);
    if ((rc = cli_claim(&d, dir, "sweep", w->pts[w->from]->name, &w->c, err, sizeof err)) != CZ_OK)
        return rc;
    if (out_stream_open(&w->kpis, &d, "kpis.csv", err, sizeof err) != 0) {
        cz_eprintf("zonesim: %s\n", err);
        return CZ_FAILED;
    }
    out_stream_write(&w->kpis, strdup(out_kpis_header));
    rc = run_points(w);
    long finished = 0;
    for (long p = w->from; p <= w->to; p++)
        finished += w->done[p];
    if (rc == CZ_FAILED || finished == 0) {
        if (rc == CZ_INTERRUPTED)
            cz_eprintf("zonesim: interrupted before any point finished; nothing written\n");
        out_stream_abort(&w->kpis);
        out_dir_abandon(&d);
        return rc;
    }
    int wrc = write_sweep(w, &d, cmdline);
    if (wrc == CZ_OK && rc == CZ_INTERRUPTED)
        cz_eprintf("zonesim: interrupted: %ld of %ld points written to %s/, marked \"complete\": false\n",
                finished, w->to - w->from + 1, d.path);
    else if (wrc == CZ_OK && w->c.report)
        wrc = rp_report_write(d.path, w->c.quiet) ? CZ_FAILED : CZ_OK;
    if (wrc == CZ_OK && rc == CZ_OK && !w->c.quiet)
        printf("%ld points x %u replications written to %s/ (sweep.csv, sweep.json, kpis.csv)\n", finished, w->reps,
               d.path);
    return wrc != CZ_OK ? wrc : rc;
}

int cli_sweep(int argc, char **argv)
{
    cli_args_t a;
    sweep_t w;
    char *file = NULL;
    memset(&w, 0, sizeof w);
    cli_args_init(&a, "sweep", argc, argv);
    int rc = parse(&a, &w, &file);
    if (rc == CZ_OK)
        rc = sweep(&w, file, a.cmdline);
    else if (rc < 0)
        rc = CZ_OK;
    for (long p = 0; w.pts && p < w.npoints; p++)
        cz_scenario_free(w.pts[p]);
    for (int x = 0; x < w.nax; x++)
        ex_axis_fini(&w.ax[x]);
    free(w.pts);
    free(w.index);
    free(w.done);
    free(w.summary);
    free(w.rep_ids);
    out_stream_abort(&w.kpis); /* placed, or nothing to keep */
    return rc;
}
