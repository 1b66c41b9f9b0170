/* cmd_run.c: `zonesim run` (with shards and run-to-precision) and `zonesim validate`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "experiment/experiment.h"
#include "models/zone/kpi.h"
#include "output/output.h"
#include "report/report.h"
#include "models/scenario/scenario.h"
#include "models/zone/zone.h"

static const char RUN_HELP[] =
    "usage: zonesim run SCENARIO [-r REPS] [-s SEED] [-j THREADS] [-o DIR] [--set PATH=VALUE]...\n"
    "                   [--reps A..B] [--precision KPI=REL]... [--max-reps N] [--force] [--quiet]\n"
    "\n"
    "Run the replications of a scenario in parallel, print a summary table (KPI, mean,\n"
    "95% confidence half-width) and write DIR/summary.json, DIR/replications.csv and\n"
    "DIR/scenario.json (the resolved scenario).\n"
    "\n"
    "  -r, --replications N  replications (default: the scenario's \"replications\")\n"
    "  -s, --seed S        master seed (default: the scenario's \"seed\")\n"
    "  -j, --threads T     worker threads (default: the number of cores); the output\n"
    "                      is byte-identical for any T\n"
    "  -o, --out DIR       output folder (default: results/NAME)\n"
    "      --set P=V       override a scenario value; P is a dot path, array elements\n"
    "                      by name or index: --set flows.research_goods_from_hk.rate_per_day=200;\n"
    "                      V is JSON if it parses, else a string; null removes the key\n"
    "      --reps A..B     run only replications A to B (0-based, inclusive), seeded\n"
    "                      exactly as in a full run: a shard for `zonesim merge`\n"
    "      --precision K=R keep adding replications, in batches of the initial count,\n"
    "                      until KPI K's 95% half-width is within R of its mean (e.g.\n"
    "                      tax_total_cny=0.01); repeatable; stops at --max-reps (1000)\n"
    "      --force         overwrite an existing output folder\n"
    "      --report        also write DIR/report.html (see zonesim report --help)\n"
    "  -q, --quiet         no table on stdout\n"
    "\n"
    "Ctrl-C stops the run: the replications that completed are written, marked\n"
    "\"complete\": false, and zonesim exits 130; a second Ctrl-C exits at once.\n"
    "\n"
    "Examples:\n"
    "  zonesim run scenarios/hetao_baseline.json -r 10\n"
    "  zonesim run scenarios/hetao_baseline.json --set lines.second_line.lanes=4 -o results/l2x4\n"
    "  zonesim run scenarios/hetao_baseline.json --precision l2_time_mean_min=0.005\n"
    "  zonesim run scenarios/hetao_baseline.json --reps 0..49 -o shards/a   (then: zonesim merge)\n"
    "Exit: 0 done, 1 a replication failed or output could not be written, 2 bad scenario\n"
    "or usage, 130 interrupted.\n";

static const char VALIDATE_HELP[] =
    "usage: zonesim validate SCENARIO... [--set PATH=VALUE]...\n"
    "\n"
    "Check scenario files without running them: JSON syntax, \"extends\", unknown keys,\n"
    "types, units and ranges.  Prints \"FILE: ok\" or every problem, one per line.\n"
    "Exit: 0 all valid, 2 a file has problems.\n";

static void print_table(const cz_scenario_t *s, const double *table, unsigned nrep)
{
    int nk = cz_kpi_count(s);
    char buf[CZ_KPI_NAME_MAX];
    double warm = cz_kpi_summarise(table, nrep, nk, K_WARMUP_DAYS).mean;
    printf("%s (%s), %u replication%s, %.0f days, warm-up %.3g days%s\n", s->name, s->regime.name,
           nrep, nrep == 1 ? "" : "s", s->horizon_min / 1440, warm,
           s->warmup_auto ? " (mean of MSER-5's choices)" : "");
    printf("%-32s %16s %14s %16s %16s\n", "kpi", "mean", "+-95%", "min", "max");
    for (int i = 0; i < nk; i++) {
        cz_kpi_summary_t m = cz_kpi_summarise(table, nrep, nk, i);
        printf("%-32s %16.6g %14.4g %16.6g %16.6g\n", cz_kpi_name(s, i, buf), m.mean, m.ci95,
               m.min, m.max);
    }
}

/* Refuse up front a run that could not fit in memory, with the estimate. */
static bool fits_in_memory(const cz_scenario_t *s, unsigned threads, unsigned reps, const char *file)
{
    double per_rep = cz_zone_expected_in_system(s) * CZ_BYTES_PER_CONSIGNMENT;
    unsigned parallel = threads < reps ? threads : reps;
    double need = per_rep * parallel;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double have = pages > 0 && page > 0 ? (double)pages * (double)page : 8e9;
    if (need <= have / 2)
        return true;
    fprintf(stderr, "zonesim: %s: the run would hold about %.3g consignments at once per "
            "replication (about %.3g GB for %u in parallel), more than half of this machine's "
            "%.3g GB: lower the rates, dwell times or horizon_days, or add lanes\n",
            file, per_rep / CZ_BYTES_PER_CONSIGNMENT, need / 1e9, parallel, have / 1e9);
    return false;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The output folder: given, or results/NAME; refused if it holds results. */
static bool output_dir(const cz_opts_t *o, const cz_scenario_t *s, char *dir, size_t len)
{
    char probe[4200];
    if (o->out)
        snprintf(dir, len, "%s", o->out);
    else
        snprintf(dir, len, "results/%s", s->name);
    snprintf(probe, sizeof probe, "%s/summary.json", dir);
    if (exists(probe) && !o->force) {
        fprintf(stderr, "zonesim: %s: holds the results of an earlier run; use --force to overwrite\n", dir);
        return false;
    }
    return true;
}

/* Precision targets by KPI index; -1 index when the name is unknown. */
static bool resolve_targets(const cz_opts_t *o, const cz_scenario_t *s, int *idx)
{
    char buf[CZ_KPI_NAME_MAX];
    for (int p = 0; p < o->nprec; p++) {
        size_t len = strcspn(o->prec_kpi[p], "=");
        idx[p] = -1;
        for (int k = 0; k < cz_kpi_count(s); k++) {
            const char *name = cz_kpi_name(s, k, buf);
            if (strlen(name) == len && !strncmp(name, o->prec_kpi[p], len))
                idx[p] = k;
        }
        if (idx[p] < 0) {
            fprintf(stderr, "zonesim: --precision %s: no KPI of that name (see docs/outputs.md)\n",
                    o->prec_kpi[p]);
            return false;
        }
    }
    return true;
}

static bool targets_met(const cz_opts_t *o, const int *idx, const double *table, unsigned n, int nk)
{
    for (int p = 0; p < o->nprec; p++)
        if (!(cz_relative_halfwidth(table, n, nk, idx[p]) <= o->prec_target[p]))
            return false;
    return true;
}

typedef struct batch_run {
    double *table;
    double *detail;    /* report detail rows, like table */
    int ndetail;
    bool *done;
    unsigned n;        /* replications run so far (rows in table) */
    int rc;
    char err[512];
} batch_run_t;

/* Run replications first.. in batches until the precision targets are met (or
 * just once when there are none). */
static void run_batches(const cz_opts_t *o, const cz_scenario_t *s, unsigned first,
                        unsigned count, const int *idx, batch_run_t *b)
{
    int nk = cz_kpi_count(s);
    unsigned cap = o->nprec ? (unsigned)o->max_reps : count;
    if (cap < count)
        cap = count;
    cz_detail_layout_t dl;
    cz_detail_layout(s, &dl);
    b->ndetail = dl.size;
    b->table = calloc((size_t)cap * (size_t)nk, sizeof *b->table);
    b->detail = calloc((size_t)cap * (size_t)dl.size, sizeof *b->detail);
    b->done = calloc(cap, sizeof *b->done);
    if (!b->table || !b->detail || !b->done) {
        snprintf(b->err, sizeof b->err, "out of memory for %u replications", cap);
        b->rc = 1;
        return;
    }
    unsigned batch = count;
    while (b->rc == 0 && b->n < cap) {
        unsigned k = batch < cap - b->n ? batch : cap - b->n;
        b->rc = cz_run_replications_detailed(s, first + b->n, k, (unsigned)o->threads,
                                             b->table + (size_t)b->n * (size_t)nk,
                                             b->detail + (size_t)b->n * (size_t)b->ndetail, b->done + b->n,
                                             o->quiet ? NULL : "run: ", b->err, sizeof b->err);
        b->n += k;
        if (!o->nprec || targets_met(o, idx, b->table, b->n, nk))
            break;
    }
}

/* The precision report for summary.json. */
static cJSON *precision_report(const cz_opts_t *o, const cz_scenario_t *s, const int *idx,
                               const double *table, unsigned n)
{
    cJSON *p = cJSON_CreateObject();
    cJSON *t = cJSON_AddObjectToObject(p, "targets"), *a = cJSON_AddObjectToObject(p, "achieved");
    char buf[CZ_KPI_NAME_MAX];
    for (int i = 0; i < o->nprec; i++) {
        const char *name = cz_kpi_name(s, idx[i], buf);
        cJSON_AddNumberToObject(t, name, o->prec_target[i]);
        double h = cz_relative_halfwidth(table, n, cz_kpi_count(s), idx[i]);
        if (isfinite(h))
            cJSON_AddNumberToObject(a, name, h);
        else
            cJSON_AddNullToObject(a, name);
    }
    bool met = targets_met(o, idx, table, n, cz_kpi_count(s));
    cJSON_AddBoolToObject(p, "met", met);
    cJSON_AddStringToObject(p, "stopped_because", met ? "targets met" : "max-reps reached");
    cJSON_AddNumberToObject(p, "max_reps", (double)o->max_reps);
    return p;
}

static int finish(const cz_opts_t *o, const cz_scenario_t *s, batch_run_t *b, unsigned first,
                  const char *dir, const int *idx)
{
    int nk = cz_kpi_count(s);
    unsigned *ids = calloc(b->n ? b->n : 1, sizeof *ids), kept = 0;
    for (unsigned i = 0; ids && i < b->n; i++)
        if (b->done[i]) { /* keep completed rows, in replication order */
            memmove(b->table + (size_t)kept * (size_t)nk, b->table + (size_t)i * (size_t)nk,
                    (size_t)nk * sizeof *b->table);
            memmove(b->detail + (size_t)kept * (size_t)b->ndetail, b->detail + (size_t)i * (size_t)b->ndetail,
                    (size_t)b->ndetail * sizeof *b->detail);
            ids[kept++] = first + i;
        }
    bool stopped = b->rc == 130;
    int rc = b->rc;
    if (b->rc == 1 || !ids) {
        fprintf(stderr, "zonesim: %s\n", ids ? b->err : "out of memory");
        rc = 1;
    } else if (stopped && kept == 0) {
        fprintf(stderr, "zonesim: interrupted before any replication completed; nothing written\n");
    } else {
        if (!o->quiet)
            print_table(s, b->table, kept);
        cJSON *extra = cJSON_CreateObject();
        if (o->rep_first >= 0) {
            cJSON *sh = cJSON_AddObjectToObject(extra, "shard");
            cJSON_AddNumberToObject(sh, "first", (double)o->rep_first);
            cJSON_AddNumberToObject(sh, "last", (double)o->rep_last);
        }
        if (o->nprec)
            cJSON_AddItemToObject(extra, "precision", precision_report(o, s, idx, b->table, kept));
        if (s->warmup_auto)
            cJSON_AddStringToObject(extra, "warmup_method", "MSER-5 per replication (see warmup_days)");
        unsigned planned = o->nprec ? b->n : (o->rep_first >= 0 ? (unsigned)(o->rep_last - o->rep_first + 1) : s->replications);
        cz_run_meta_t meta = {o->cmdline, first, kept, ids, (unsigned)o->threads, !stopped, planned, extra};
        char err[512], path[4200];
        char *detail = cz_detail_json(s, b->detail, kept);
        snprintf(path, sizeof path, "%s/detail.json", dir);
        if (!detail || cz_mkdirs(dir, err, sizeof err) != 0 || cz_write_atomic(path, detail, err, sizeof err) != 0 ||
            cz_output_write(dir, s, b->table, &meta, err, sizeof err) != 0) {
            fprintf(stderr, "zonesim: %s\n", err);
            rc = 1;
            if (!detail)
                fprintf(stderr, "zonesim: out of memory\n");
        } else if (stopped) {
            fprintf(stderr, "zonesim: interrupted: %u of %u replications completed, written to %s/ "
                    "marked \"complete\": false\n", kept, planned, dir);
        } else if (o->report && cz_report_write(dir, o->quiet) != 0) {
            rc = 1;
        } else if (!o->quiet) {
            if (o->nprec)
                printf("precision: %s after %u replications\n",
                       targets_met(o, idx, b->table, kept, nk) ? "targets met" : "max-reps reached", kept);
            printf("results written to %s/\n", dir);
        }
        cJSON_Delete(extra);
        free(detail);
    }
    free(ids);
    return rc;
}

int cz_cmd_run(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(RUN_HELP, stdout);
        return 0;
    }
    if (o.npos != 1) {
        fprintf(stderr, "zonesim: run: expected one scenario file (see zonesim run --help)\n");
        return 2;
    }
    if (o.rep_first >= 0 && (o.reps > 0 || o.nprec)) {
        fprintf(stderr, "zonesim: run: --reps A..B names the replications: give it without -r or --precision\n");
        return 2;
    }
    cz_scenario_t *s = cz_load_or_report(o.pos[0], o.sets, o.nsets);
    if (!s)
        return 2;
    if (o.reps > 0)
        s->replications = (unsigned)o.reps;
    if (o.seed >= 0)
        s->seed = (uint64_t)o.seed;
    unsigned first = o.rep_first >= 0 ? (unsigned)o.rep_first : 0;
    unsigned count = o.rep_first >= 0 ? (unsigned)(o.rep_last - o.rep_first + 1) : s->replications;
    if (o.nprec && count < 2)
        count = 2;
    int idx[16];
    char dir[4096];
    if (!resolve_targets(&o, s, idx) || !fits_in_memory(s, (unsigned)o.threads, count, o.pos[0]) ||
        !output_dir(&o, s, dir, sizeof dir)) {
        cz_scenario_free(s);
        return 2;
    }
    cz_catch_signals();
    batch_run_t b = {0};
    run_batches(&o, s, first, count, idx, &b);
    int rc = finish(&o, s, &b, first, dir, idx);
    free(b.table);
    free(b.detail);
    free(b.done);
    cz_scenario_free(s);
    return rc;
}

int cz_cmd_validate(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(VALIDATE_HELP, stdout);
        return 0;
    }
    if (o.npos == 0) {
        fprintf(stderr, "zonesim: validate: expected one or more scenario files\n");
        return 2;
    }
    int rc = 0;
    for (int i = 0; i < o.npos; i++) {
        cz_scenario_t *s = cz_load_or_report(o.pos[i], o.sets, o.nsets);
        if (s)
            printf("%s: ok (%s, regime %s, %d flows, %d categories)\n", o.pos[i], s->name,
                   s->regime.name, s->nflows, s->ncats);
        else
            rc = 2;
        cz_scenario_free(s);
    }
    return rc;
}
