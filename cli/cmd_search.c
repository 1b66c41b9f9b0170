/* cmd_search.c: `zonesim search` — the cheapest configuration of a grid of
 * varied parameters whose KPIs meet their targets with confidence, replicating
 * only where the verdict is not yet clear (experiment/search.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "experiment/experiment.h"
#include "experiment/search.h"
#include "experiment/sweep.h"
#include "output/search.h"
#include "report/report.h"
#include "models/scenario/json_in.h"

static const char HELP[] =
    "usage: zonesim search SCENARIO --vary PATH=V1,V2,... [--vary ...] --target KPI<=VALUE\n"
    "                      [--target ...] [--cost PATH=PER_UNIT]... [-r N0] [--max-reps N]\n"
    "                      [-s SEED] [-j THREADS] [-o DIR] [--set PATH=VALUE]... [--force]\n"
    "                      [--report] [--quiet]\n"
    "\n"
    "Find the cheapest configuration whose KPIs meet their targets with 95%\n"
    "confidence: how many second-line lanes so that p90 is under 2 hours.\n"
    "\n"
    "  --vary PATH=V1,V2,...   a parameter and its candidate values (as for sweep:\n"
    "                          numbers, or A..B for every whole number between)\n"
    "  --target KPI<=VALUE     a target (also KPI>=VALUE); every target must be met\n"
    "  --cost PATH=PER_UNIT    the cost of one unit of a varied value (default 1 for\n"
    "                          each varied path); a candidate costs the sum\n"
    "  -r, --replications N0   replications of the first look (default 5)\n"
    "  --max-reps N            at most this many per candidate (default 80)\n"
    "  -s, -j, -o, --set, --force, --report, -q: as for `zonesim run`.\n"
    "\n"
    "Candidates are examined in order of cost, each replicated on the same seeds in\n"
    "looks of doubling size (N0, 2 N0, ... up to --max-reps) until every target is\n"
    "met or one fails, each verdict from a one-sided interval at 1 - 0.05 / (looks x\n"
    "targets) (docs/experiments.md, \"Search\").  Prints the answer, the runner-up\n"
    "and the evidence; writes DIR/search.json, DIR/search.csv and DIR/kpis.csv (every\n"
    "replication of every candidate examined, long; default DIR: results/search_NAME).\n"
    "\n"
    "Example:\n"
    "  zonesim search scenarios/hetao_baseline.json --vary lines.second_line.lanes=3..8 \\\n"
    "      --target l2_time_p90_min<=480 --cost lines.second_line.lanes=1\n"
    "Exit: 0 done (an answer or none), 1 a replication failed, 2 bad input or usage,\n"
    "130 interrupted.\n";

typedef struct search {
    cli_common_t c;
    ex_axis_t ax[EX_MAX_AXES];
    int nax;
    ex_target_t tg[EX_MAX_TARGETS];
    int ntg;
    double unit_cost[EX_MAX_AXES];
    bool costed[EX_MAX_AXES];    /* a --cost given for this path (else 1 per unit) */
    long max_reps;
    out_search_t out;            /* the candidates and their evidence */
} search_t;

static int parse_cost(cli_args_t *a, search_t *w, const char *spec)
{
    const char *eq = strrchr(spec, '=');
    char *end;
    double v = eq ? strtod(eq + 1, &end) : NAN;
    if (!eq || end == eq + 1 || *end || !isfinite(v) || v < 0)
        return cli_usage(a, "--cost \"%s\": expected PATH=PER_UNIT, a number >= 0", spec);
    for (int x = 0; x < w->nax; x++)
        if ((size_t)(eq - spec) == strlen(w->ax[x].path) && !strncmp(spec, w->ax[x].path, (size_t)(eq - spec))) {
            w->unit_cost[x] = v;
            w->costed[x] = true;
            return CZ_OK;
        }
    return cli_usage(a, "--cost \"%s\": not a path given to --vary (give --vary first)", spec);
}

static int parse(cli_args_t *a, search_t *w, char **file)
{
    static const struct option longs[] = {CLI_COMMON_LONG, {"vary", required_argument, 0, CLI_OPT_VARY},
                                          {"target", required_argument, 0, CLI_OPT_TARGET},
                                          {"cost", required_argument, 0, CLI_OPT_COST},
                                          {"max-reps", required_argument, 0, CLI_OPT_MAX_REPS}, {0, 0, 0, 0}};
    int opt, n, r;
    char err[256];
    cli_common_init(&w->c);
    w->max_reps = 80;
    while ((opt = cli_next(a, CLI_COMMON_SHORT, longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return -1;
        }
        if ((r = cli_common_option(&w->c, opt, optarg)) < 0)
            return CZ_BAD_INPUT;
        if (r)
            continue;
        if (opt == CLI_OPT_VARY && w->nax == EX_MAX_AXES)
            return cli_usage(a, "at most %d --vary", EX_MAX_AXES);
        if (opt == CLI_OPT_VARY && !ex_axis_parse(&w->ax[w->nax++], optarg, err, sizeof err))
            return cli_usage(a, "--vary \"%s\": %s", optarg, err);
        if (opt == CLI_OPT_TARGET && w->ntg == EX_MAX_TARGETS)
            return cli_usage(a, "at most %d --target", EX_MAX_TARGETS);
        if (opt == CLI_OPT_TARGET && !ex_target_parse(&w->tg[w->ntg++], optarg, err, sizeof err))
            return cli_usage(a, "--target \"%s\": %s", optarg, err);
        if (opt == CLI_OPT_COST && (r = parse_cost(a, w, optarg)) != CZ_OK)
            return r;
        if (opt == CLI_OPT_MAX_REPS && !cli_long("--max-reps", optarg, 2, 100000, &w->max_reps))
            return CZ_BAD_INPUT;
        if (opt != CLI_OPT_VARY && opt != CLI_OPT_TARGET && opt != CLI_OPT_COST && opt != CLI_OPT_MAX_REPS)
            return CZ_BAD_INPUT; /* not an option of search, or a value missing: cli_next said which */
    }
    char **rest = cli_rest(a, &n);
    if (n != 1 || w->nax == 0 || w->ntg == 0)
        return cli_usage(a, "expected one scenario file, at least one --vary and at least one --target");
    *file = rest[0];
    return CZ_OK;
}

/* The candidates: every grid point loaded, with its cost, in order of cost. */
static int load_candidates(search_t *w, const char *file)
{
    char err[256];
    long np = ex_grid_points(w->ax, w->nax, err, sizeof err);
    if (np < 0) {
        cz_eprintf("zonesim: search: %s\n", err);
        return CZ_BAD_INPUT;
    }
    for (int x = 0; x < w->nax; x++) /* 1 per unit for each path without its own --cost */
        if (!w->costed[x])
            w->unit_cost[x] = 1;
    out_search_t *o = &w->out;
    o->cand = calloc((size_t)np, sizeof *o->cand);
    if (!o->cand)
        return CZ_FAILED;
    for (long p = 0; p < np; p++) {
        out_candidate_t *cd = &o->cand[p];
        const char *sets[CLI_MAX_SETS + EX_MAX_AXES];
        char assign[EX_MAX_AXES][4096];
        int ns = 0;
        ex_grid_point(w->ax, w->nax, p, cd->index);
        cd->point = p;
        for (int i = 0; i < w->c.nsets; i++)
            sets[ns++] = w->c.sets[i];
        for (int x = 0; x < w->nax; x++) {
            const char *v = w->ax[x].values[cd->index[x]];
            char *end;
            double num = strtod(v, &end);
            if (w->unit_cost[x] > 0 && (end == v || *end || !isfinite(num))) {
                cz_eprintf("zonesim: search: --vary %s: \"%s\" is not a number, so it has no cost per unit; "
                        "give --cost %s=0 and a cost for the numeric paths\n", w->ax[x].path, v, w->ax[x].path);
                return CZ_BAD_INPUT;
            }
            cd->cost += w->unit_cost[x] > 0 ? w->unit_cost[x] * num : 0;
            if (!isfinite(cd->cost)) { /* costs beyond a double cannot be ranked */
                cz_eprintf("zonesim: search: --cost %s=%g: at %s = %s a candidate's cost is not a finite number; "
                        "give smaller costs per unit\n", w->ax[x].path, w->unit_cost[x], w->ax[x].path, v);
                return CZ_BAD_INPUT;
            }
            snprintf(assign[x], sizeof assign[x], "--vary %s=%s", w->ax[x].path, v);
            sets[ns++] = assign[x];
        }
        if (!(cd->s = cli_load(file, sets, ns)))
            return CZ_BAD_INPUT;
        o->ncand++; /* owned now: freed with the others on any return below */
        cli_apply_common(&w->c, cd->s);
        for (int t = 0; t < w->ntg; t++)
            if (cz_kpi_find(cd->s, w->tg[t].kpi) < 0) {
                cz_eprintf("zonesim: search: --target %s: no KPI of that name (see zonesim kpis)\n",
                        w->tg[t].kpi);
                return CZ_BAD_INPUT;
            }
        if (!ex_fits_in_memory(cd->s, (unsigned)w->c.threads, (unsigned)w->max_reps))
            return CZ_BAD_INPUT;
    }
    out_search_sort(o);
    return CZ_OK;
}

/* One look of a candidate: replications up to n; the verdict of each target. */
static int look(search_t *w, out_candidate_t *cd, unsigned n, bool last)
{
    int nk = cz_kpi_count(cd->s);
    char err[512], label[64];
    double *grown = realloc(cd->table, (size_t)n * (size_t)nk * sizeof *grown);
    bool *done = calloc(n, sizeof *done);
    if (!grown || !done) {
        free(done);
        cz_eprintf("zonesim: out of memory\n");
        return CZ_FAILED;
    }
    cd->table = grown;
    snprintf(label, sizeof label, "search, candidate %ld: ", cd->point);
    ex_reps_t r = {cd->s, cd->n, n - cd->n, (unsigned)w->c.threads, cd->table + (size_t)cd->n * (size_t)nk, NULL,
                   done, w->c.quiet ? NULL : label, NULL};
    int rc = ex_run_replications(&r, err, sizeof err);
    free(done);
    if (rc == CZ_FAILED)
        cz_eprintf("zonesim: %s\n", err);
    if (rc != CZ_OK)
        return rc;
    cd->n = n;
    double *col = malloc(n * sizeof *col);
    if (!col)
        return CZ_FAILED;
    for (int t = 0; t < w->ntg; t++) {
        int k = cz_kpi_find(cd->s, w->tg[t].kpi);
        for (unsigned i = 0; i < n; i++)
            col[i] = cd->table[(size_t)i * (size_t)nk + (size_t)k];
        cd->est[t] = ex_target_check(&w->tg[t], col, n, w->out.confidence);
    }
    free(col);
    cd->verdict = ex_candidate_verdict(cd->est, w->ntg, last);
    return CZ_OK;
}

/* Candidates in order of cost until two are feasible (the answer, the runner-up). */
static int run_search(search_t *w)
{
    out_search_t *o = &w->out;
    unsigned n0 = w->c.reps > 0 ? (unsigned)w->c.reps : 5, max = (unsigned)w->max_reps;
    if (n0 > max)
        n0 = max;
    int looks = ex_search_looks(n0, max), found = 0;
    o->confidence = 1 - 0.05 / (looks * w->ntg);
    o->answer = o->runner_up = -1;
    ex_catch_signals();
    for (int i = 0; i < o->ncand && found < 2; i++) {
        out_candidate_t *cd = &o->cand[i];
        cd->verdict = EX_UNCLEAR;
        for (int k = 0; k < looks && cd->verdict == EX_UNCLEAR; k++) {
            int rc = look(w, cd, ex_search_look_size(n0, max, k), k == looks - 1);
            if (rc != CZ_OK)
                return rc;
        }
        if (cd->verdict == EX_MEETS)
            *(found++ ? &o->runner_up : &o->answer) = i;
    }
    return CZ_OK;
}

static void print_evidence(const search_t *w)
{
    const out_search_t *o = &w->out;
    for (int which = 0; which < 2; which++) {
        int i = which ? o->runner_up : o->answer;
        if (i < 0) {
            printf("%s: none%s\n", which ? "runner-up" : "answer",
                   which ? "" : " of the candidates meets every target");
            continue;
        }
        char values[1024];
        out_search_values(o, &o->cand[i], w->ax, w->nax, values, sizeof values);
        printf("%s: %s (cost %g, %u replications)\n", which ? "runner-up" : "answer", values, o->cand[i].cost,
               o->cand[i].n);
    }
    printf("evidence (each bound one-sided at %.4g%%):\n", 100 * o->confidence);
    for (int i = 0; i < o->ncand; i++) {
        const out_candidate_t *cd = &o->cand[i];
        char values[1024];
        out_search_values(o, cd, w->ax, w->nax, values, sizeof values);
        printf("  cost %-8g %-40s %-9s", cd->cost, values, ex_verdict_name(cd->n ? cd->verdict : EX_NOT_RUN));
        for (int t = 0; t < w->ntg && cd->n; t++)
            printf("  %s %.4g [%.4g, %.4g] (n %u)", w->tg[t].kpi, cd->est[t].mean, cd->est[t].lo, cd->est[t].hi,
                   cd->est[t].n);
        printf("\n");
    }
}

static int search(search_t *w, const char *file, const char *cmdline)
{
    char dir[4096], safe[128], err[512];
    out_dir_t d;
    int rc = load_candidates(w, file);
    if (rc != CZ_OK)
        return rc;
    out_safe_name(safe, sizeof safe, w->out.cand[0].s->name);
    if (w->c.out)
        snprintf(dir, sizeof dir, "%s", w->c.out);
    else
        snprintf(dir, sizeof dir, "results/search_%s", safe);
    if ((rc = cli_claim(&d, dir, "search", w->out.cand[0].s->name, &w->c, err, sizeof err)) != CZ_OK)
        return rc;
    rc = run_search(w);
    if (rc == CZ_FAILED)
        return rc;
    if (!w->c.quiet)
        print_evidence(w);
    w->out.complete = rc == CZ_OK;
    int wrc = out_search_write(&d, &w->out, w->ax, w->nax, w->tg, w->ntg, w->unit_cost, cmdline);
    if (wrc == CZ_OK && w->c.report && rc == CZ_OK)
        wrc = rp_report_write(d.path, w->c.quiet) ? CZ_FAILED : CZ_OK;
    if (wrc == CZ_OK && !w->c.quiet)
        printf("results written to %s/\n", d.path);
    return wrc != CZ_OK ? wrc : rc;
}

int cli_search(int argc, char **argv)
{
    cli_args_t a;
    search_t w;
    char *file = NULL;
    memset(&w, 0, sizeof w);
    cli_args_init(&a, "search", argc, argv);
    int rc = parse(&a, &w, &file);
    if (rc == CZ_OK)
        rc = search(&w, file, a.cmdline);
    else if (rc < 0)
        rc = CZ_OK;
    for (int i = 0; i < w.out.ncand; i++) {
        cz_scenario_free(w.out.cand[i].s);
        free(w.out.cand[i].table);
    }
    free(w.out.cand);
    for (int x = 0; x < w.nax; x++)
        ex_axis_fini(&w.ax[x]);
    return rc;
}
