/* cmd_run.c: `zonesim run` — replications of one scenario, shards (--reps A..B)
 * and run-to-precision (--precision), into a results folder. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/table.h"
#include "experiment/experiment.h"
#include "experiment/warnings.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "output/monitor.h"
#include "output/results.h"
#include "report/report.h"
#include "models/scenario/json_in.h"

static const char HELP[] =
    "usage: zonesim run SCENARIO [-r REPS] [-s SEED] [-j THREADS] [-o DIR] [--set PATH=VALUE]...\n"
    "                   [--reps A..B] [--precision KPI=REL]... [--max-reps N] [--monitor DIR]\n"
    "                   [--force] [--report] [--quiet]\n"
    "\n"
    "Run the replications of a scenario in parallel, print each KPI's mean with its 95%\n"
    "confidence half-width, and write DIR/summary.json, replications.csv, kpis.csv,\n"
    "scenario.json (the scenario as run) and detail.json (docs/outputs.md).\n"
    "\n"
    "  -r, --replications N  replications (default: the scenario's \"replications\")\n"
    "  -s, --seed S          master seed, a whole number (default: the scenario's \"seed\")\n"
    "  -j, --threads T       worker threads (default: the number of cores); the output\n"
    "                        is byte-identical for any T\n"
    "  -o, --out DIR         results folder (default: results/NAME, NAME made safe)\n"
    "      --set P=V         override a scenario value: P is a dot path, array elements\n"
    "                        by name or index (--set flows.research_goods_from_hk.rate_per_day=200);\n"
    "                        V is read as the same key in a file would be: JSON (5, true,\n"
    "                        [\"07:00\",\"22:00\"]), or else the text as a string (\"6 min\", \"6%\",\n"
    "                        \"24h\"); null removes the key.  Repeatable.\n"
    "      --reps A..B       run only replications A to B (0-based, inclusive), seeded\n"
    "                        exactly as in a full run: a shard for `zonesim merge`\n"
    "      --precision K=R   add replications, in batches of the initial count, until\n"
    "                        KPI K's 95% half-width is within R of its mean (0 < R < 1);\n"
    "                        repeatable; stops at --max-reps (default 1000)\n"
    "      --monitor DIR     also write every consignment, crossing, tax charge and hourly\n"
    "                        lane/bay occupancy of every replication as tidy CSV files in\n"
    "                        DIR (consignments.csv, crossings.csv, taxes.csv, resources.csv,\n"
    "                        monitor.json; docs/outputs.md \"Monitor\"), streamed to disk;\n"
    "                        DIR is claimed like the results folder and must differ from it\n"
    "      --force           write into a folder holding other results or other files\n"
    "                        (a file zonesim did not write is never replaced)\n"
    "      --report          also write DIR/report.html (see zonesim report --help)\n"
    "  -q, --quiet           no table on stdout\n"
    "\n"
    "Rerunning into the folder of an earlier run of the same scenario replaces it.\n"
    "Ctrl-C stops the run: the replications that finished are written, marked\n"
    "\"complete\": false, and zonesim exits 130; a second Ctrl-C exits at once.\n"
    "\n"
    "Examples:\n"
    "  zonesim run scenarios/hetao_baseline.json -r 10\n"
    "  zonesim run scenarios/hetao_baseline.json --set lines.second_line.lanes=6 -o results/l2x6\n"
    "  zonesim run scenarios/hetao_baseline.json --precision tax_total_cny=0.005\n"
    "  zonesim run scenarios/hetao_baseline.json --reps 0..49 -o shards/a   (then: zonesim merge)\n"
    "  zonesim run scenarios/hetao_baseline.json -r 2 --monitor results/rows\n"
    "Exit: 0 done, 1 a replication failed or output could not be written, 2 bad scenario\n"
    "or usage, 130 interrupted.\n";

#define MAX_TARGETS 16

typedef struct run_opts {
    cli_common_t c;
    long rep_first, rep_last;    /* --reps, -1 when not given */
    const char *prec[MAX_TARGETS];
    double prec_target[MAX_TARGETS];
    int prec_kpi[MAX_TARGETS];
    int nprec;
    long max_reps;
    const char *monitor_dir;     /* --monitor, or NULL */
} run_opts_t;

static bool read_precision(run_opts_t *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *end = NULL;
    double t = eq ? strtod(eq + 1, &end) : 0;
    if (!eq || eq == arg || end == eq + 1 || *end || !(t > 0 && t < 1) || o->nprec == MAX_TARGETS) {
        cz_eprintf("zonesim: --precision \"%s\": expected KPI=REL with 0 < REL < 1, e.g. tax_total_cny=0.01 "
                "(at most %d)\n", arg, MAX_TARGETS);
        return false;
    }
    o->prec[o->nprec] = arg;
    o->prec_target[o->nprec++] = t;
    return true;
}

static int parse(cli_args_t *a, run_opts_t *o, char **file)
{
    static const struct option longs[] = {CLI_COMMON_LONG,
                                          {"reps", required_argument, 0, CLI_OPT_REPS},
                                          {"precision", required_argument, 0, CLI_OPT_PRECISION},
                                          {"max-reps", required_argument, 0, CLI_OPT_MAX_REPS},
                                          {"monitor", required_argument, 0, CLI_OPT_MONITOR},
                                          {0, 0, 0, 0}};
    int c, n, r;
    memset(o, 0, sizeof *o);
    cli_common_init(&o->c);
    o->rep_first = o->rep_last = -1;
    o->max_reps = 1000;
    while ((c = cli_next(a, CLI_COMMON_SHORT, longs)) != -1) {
        if (c == 'h') {
            fputs(HELP, stdout);
            return -1;
        }
        if ((r = cli_common_option(&o->c, c, optarg)) != 0) {
            if (r < 0)
                return CZ_BAD_INPUT;
        } else if (c == CLI_OPT_MONITOR) {
            if (!*optarg)
                return cli_usage(a, "--monitor: expected a folder");
            o->monitor_dir = optarg;
        } else if (!((c == CLI_OPT_REPS && cli_range("--reps", optarg, 999999, &o->rep_first, &o->rep_last)) ||
                     (c == CLI_OPT_PRECISION && read_precision(o, optarg)) ||
                     (c == CLI_OPT_MAX_REPS && cli_long("--max-reps", optarg, 2, 1000000, &o->max_reps)))) {
            return CZ_BAD_INPUT;
        }
    }
    char **rest = cli_rest(a, &n);
    if (n != 1)
        return cli_usage(a, "expected one scenario file");
    if (o->rep_first >= 0 && (o->c.reps > 0 || o->nprec))
        return cli_usage(a, "--reps A..B names the replications: give it without -r or --precision");
    *file = rest[0];
    return CZ_OK;
}

/* Precision targets by KPI index. */
static bool resolve_targets(run_opts_t *o, const cz_scenario_t *s)
{
    for (int p = 0; p < o->nprec; p++) {
        char name[CZ_KPI_NAME_MAX];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(o->prec[p], "="), o->prec[p]);
        if ((o->prec_kpi[p] = cz_kpi_find(s, name)) < 0) {
            cz_eprintf("zonesim: --precision %s: no KPI of that name (see zonesim kpis)\n", o->prec[p]);
            return false;
        }
    }
    return true;
}

static bool targets_met(const run_opts_t *o, const double *table, unsigned n, int nk)
{
    for (int p = 0; p < o->nprec; p++)
        if (!(ex_relative_halfwidth(table, n, nk, o->prec_kpi[p]) <= o->prec_target[p]))
            return false;
    return true;
}

typedef struct batch_run {
    double *table, *detail;
    int ndetail;
    bool *done;
    unsigned n;        /* replications run so far (rows) */
    int rc;
    char err[512];
} batch_run_t;

/* Run replications first.. in batches until the precision targets are met (or
 * just once when there are none). */
static void run_batches(const run_opts_t *o, const cz_scenario_t *s, unsigned first, unsigned count,
                        batch_run_t *b)
{
    int nk = cz_kpi_count(s);
    unsigned cap = o->nprec && o->max_reps > count ? (unsigned)o->max_reps : count;
    cz_detail_layout_t dl;
    cz_detail_layout(s, &dl);
    b->ndetail = dl.size;
    b->table = calloc((size_t)cap * (size_t)nk, sizeof *b->table);
    b->detail = calloc((size_t)cap * (size_t)dl.size, sizeof *b->detail);
    b->done = calloc(cap, sizeof *b->done);
    if (!b->table || !b->detail || !b->done) {
        snprintf(b->err, sizeof b->err, "out of memory for %u replications", cap);
        b->rc = CZ_FAILED;
        return;
    }
    while (b->rc == CZ_OK && b->n < cap) {
        unsigned k = count < cap - b->n ? count : cap - b->n;
        ex_reps_t r = {s, first + b->n, k, (unsigned)o->c.threads, b->table + (size_t)b->n * (size_t)nk,
                       b->detail + (size_t)b->n * (size_t)b->ndetail, b->done + b->n, o->c.quiet ? NULL : "run: ",
                       o->monitor_dir};
        b->rc = ex_run_replications(&r, b->err, sizeof b->err);
        b->n += k;
        if (!o->nprec || targets_met(o, b->table, b->n, nk))
            break;
    }
}

/* Keep whole rows only, in replication order; their numbers in ids. */
static unsigned keep_whole(batch_run_t *b, int nk, unsigned first, unsigned *ids)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < b->n; i++)
        if (b->done[i]) {
            memmove(b->table + (size_t)kept * (size_t)nk, b->table + (size_t)i * (size_t)nk,
                    (size_t)nk * sizeof *b->table);
            memmove(b->detail + (size_t)kept * (size_t)b->ndetail, b->detail + (size_t)i * (size_t)b->ndetail,
                    (size_t)b->ndetail * sizeof *b->detail);
            ids[kept++] = first + i;
        }
    return kept;
}

/* The extra members of summary.json: shard, precision, warm-up method. */
static cJSON *summary_extra(const run_opts_t *o, const cz_scenario_t *s, const double *table, unsigned n)
{
    cJSON *extra = cJSON_CreateObject();
    if (o->rep_first >= 0) {
        cJSON *sh = cJSON_AddObjectToObject(extra, "shard");
        cJSON_AddNumberToObject(sh, "first", (double)o->rep_first);
        cJSON_AddNumberToObject(sh, "last", (double)o->rep_last);
    }
    if (o->nprec) {
        cJSON *p = cJSON_AddObjectToObject(extra, "precision");
        cJSON *t = cJSON_AddObjectToObject(p, "targets"), *ach = cJSON_AddObjectToObject(p, "achieved");
        char buf[CZ_KPI_NAME_MAX];
        for (int i = 0; i < o->nprec; i++) {
            const char *name = cz_kpi_name(s, o->prec_kpi[i], buf);
            cJSON_AddNumberToObject(t, name, o->prec_target[i]);
            double h = ex_relative_halfwidth(table, n, cz_kpi_count(s), o->prec_kpi[i]);
            if (isfinite(h))
                cJSON_AddNumberToObject(ach, name, h);
            else
                cJSON_AddNullToObject(ach, name);
        }
        bool met = targets_met(o, table, n, cz_kpi_count(s));
        cJSON_AddBoolToObject(p, "met", met);
        cJSON_AddStringToObject(p, "stopped_because", met ? "targets met" : "max-reps reached");
        cJSON_AddNumberToObject(p, "max_reps", (double)o->max_reps);
    }
    ex_run_notes(extra, s, table, n, "");
    return extra;
}

static int write_results(const run_opts_t *o, const cz_scenario_t *s, const out_dir_t *d, batch_run_t *b,
                         const out_run_meta_t *meta)
{
    char err[512];
    out_batch_t *ob = out_batch_create(d);
    if (!ob) {
        cz_eprintf("zonesim: out of memory\n");
        return CZ_FAILED;
    }
    out_run_files(ob, "", s, b->table, b->detail, meta);
    int rc = out_batch_commit(ob, err, sizeof err) == 0 ? CZ_OK : CZ_FAILED;
    out_batch_destroy(ob);
    if (rc)
        cz_eprintf("zonesim: %s\n", err);
    else if (o->c.report && meta->complete)
        rc = rp_report_write(d->path, o->c.quiet) ? CZ_FAILED : CZ_OK;
    return rc;
}

static int write_monitor(const out_dir_t *md, const cz_scenario_t *s, const unsigned *ids, unsigned n,
                         bool complete, const char *cmdline)
{
    char err[512];
    out_monitor_meta_t m = {s, cmdline, ids, n, complete};
    if (out_monitor_write(md, &m, err, sizeof err) != 0) {
        cz_eprintf("zonesim: --monitor: %s\n", err);
        return CZ_FAILED;
    }
    return CZ_OK;
}

static int finish(const run_opts_t *o, const cz_scenario_t *s, batch_run_t *b, unsigned first, const out_dir_t *d,
                  const out_dir_t *md, const char *cmdline)
{
    int nk = cz_kpi_count(s);
    unsigned *ids = calloc(b->n ? b->n : 1, sizeof *ids);
    unsigned kept = ids ? keep_whole(b, nk, first, ids) : 0;
    bool stopped = b->rc == CZ_INTERRUPTED;
    if (b->rc == CZ_FAILED || !ids) {
        cz_eprintf("zonesim: %s\n", ids ? b->err : "out of memory");
        if (md)
            out_monitor_discard(md->path, ids, kept);
        free(ids);
        return CZ_FAILED;
    }
    if (stopped && kept == 0) {
        cz_eprintf("zonesim: interrupted before any replication finished; nothing written\n");
        out_dir_abandon(d);
        out_dir_abandon(md);
        free(ids);
        return CZ_INTERRUPTED;
    }
    if (md && write_monitor(md, s, ids, kept, !stopped, cmdline) != CZ_OK) {
        free(ids);
        return CZ_FAILED;
    }
    if (!o->c.quiet)
        cli_print_summary(s, b->table, kept);
    cJSON *extra = summary_extra(o, s, b->table, kept);
    unsigned planned = o->nprec ? b->n : o->rep_first >= 0 ? (unsigned)(o->rep_last - o->rep_first + 1) : s->replications;
    out_run_meta_t meta = {cmdline, kept, ids, !stopped, planned, extra};
    int rc = write_results(o, s, d, b, &meta);
    if (rc == CZ_OK && stopped)
        cz_eprintf("zonesim: interrupted: %u of %u replications finished, written to %s/ marked \"complete\": "
                "false\n", kept, planned, d->path);
    else if (rc == CZ_OK && !o->c.quiet)
        printf("%sresults written to %s/\n", o->nprec ? (targets_met(o, b->table, kept, nk) ? "precision targets met; "
                                                         : "precision: max-reps reached; ") : "", d->path);
    cJSON_Delete(extra);
    free(ids);
    return rc == CZ_OK && stopped ? CZ_INTERRUPTED : rc;
}

/* The monitor's folder: claimed like the results folder, not the same one,
 * and with nothing in the way of the files it will hold. */
static int claim_monitor(const run_opts_t *o, const cz_scenario_t *s, const out_dir_t *d, out_dir_t *md)
{
    char err[512];
    struct stat a, b;
    int rc = cli_claim(md, o->monitor_dir, "monitor", s->name, &o->c, err, sizeof err);
    if (rc != CZ_OK)
        return rc;
    if (stat(d->path, &a) == 0 && stat(md->path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        cz_eprintf("zonesim: --monitor %s: that is the results folder; give the monitor a folder of its own\n",
                o->monitor_dir);
        return CZ_BAD_INPUT;
    }
    for (int k = 0; k <= CZ_MON_KINDS; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s", k < CZ_MON_KINDS ? cz_monitor_name(k) : "monitor");
        strcat(name, k < CZ_MON_KINDS ? ".csv" : ".json");
        if (out_dir_may_write(md, name, err, sizeof err) != 0) {
            cz_eprintf("zonesim: --monitor: %s\n", err);
            return CZ_BAD_INPUT;
        }
    }
    return CZ_OK;
}

/* Load, check and claim everything before running. */
static cz_scenario_t *prepare(run_opts_t *o, const char *file, out_dir_t *d, out_dir_t *md, unsigned *count,
                              int *rc)
{
    char dir[4096], safe[128], err[512];
    cz_scenario_t *s = cli_load(file, o->c.sets, o->c.nsets);
    *rc = CZ_BAD_INPUT;
    if (!s)
        return NULL;
    cli_apply_common(&o->c, s);
    *count = o->rep_first >= 0 ? (unsigned)(o->rep_last - o->rep_first + 1) : s->replications;
    if (o->nprec && *count < 2)
        *count = 2;
    out_safe_name(safe, sizeof safe, s->name);
    if (o->c.out)
        snprintf(dir, sizeof dir, "%s", o->c.out);
    else
        snprintf(dir, sizeof dir, "results/%s", safe);
    if (!resolve_targets(o, s) || !ex_fits_in_memory(s, (unsigned)o->c.threads, *count) ||
        (*rc = cli_claim(d, dir, "run", s->name, &o->c, err, sizeof err)) != CZ_OK ||
        (o->monitor_dir && (*rc = claim_monitor(o, s, d, md)) != CZ_OK)) {
        cz_scenario_free(s);
        return NULL;
    }
    return s;
}

int cli_run(int argc, char **argv)
{
    cli_args_t a;
    run_opts_t o;
    char *file = NULL;
    cli_args_init(&a, "run", argc, argv);
    int rc = parse(&a, &o, &file);
    if (rc != CZ_OK)
        return rc < 0 ? CZ_OK : rc;
    out_dir_t d, md;
    unsigned count;
    ex_catch_signals();
    cz_scenario_t *s = prepare(&o, file, &d, &md, &count, &rc);
    if (!s)
        return rc;
    if (atomic_load(ex_interrupted())) {
        cz_eprintf("zonesim: interrupted before the first replication; nothing written\n");
        out_dir_abandon(&d);
        if (o.monitor_dir)
            out_dir_abandon(&md);
        cz_scenario_free(s);
        return CZ_INTERRUPTED;
    }
    batch_run_t b = {0};
    unsigned first = o.rep_first >= 0 ? (unsigned)o.rep_first : 0;
    run_batches(&o, s, first, count, &b);
    rc = finish(&o, s, &b, first, &d, o.monitor_dir ? &md : NULL, a.cmdline);
    free(b.table);
    free(b.detail);
    free(b.done);
    cz_scenario_free(s);
    return rc;
}
