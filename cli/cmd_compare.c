/* cmd_compare.c: `zonesim compare BASE ALT` — paired differences on common
 * random numbers (experiment/compare.h), written with each side's results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "cli/table.h"
#include "experiment/compare.h"
#include "experiment/experiment.h"
#include "experiment/warnings.h"
#include "models/scenario/diff.h"
#include "output/compare.h"
#include "output/results.h"
#include "report/report.h"

static const char HELP[] =
    "usage: zonesim compare BASE ALT [-r REPS] [-s SEED] [-j THREADS] [-o DIR] [--set PATH=VALUE]...\n"
    "                       [--force] [--report] [--quiet]\n"
    "\n"
    "Run two scenarios on common random numbers (the same seed and replication numbers:\n"
    "BASE's unless -s) and report, for every KPI, BASE mean, ALT mean, the paired\n"
    "difference ALT - BASE with its 95% confidence half-width, the relative change and\n"
    "whether the difference is significant (its interval excludes 0).  --set applies to\n"
    "both.  Writes DIR/compare.csv, DIR/compare.json (with what differs between the\n"
    "scenarios, as `zonesim diff` prints it) and each side's results in DIR/base/ and\n"
    "DIR/alt/.  Default DIR: results/compare_BASE_vs_ALT.\n"
    "\n"
    "  -r, --replications N, -s, --seed S, -j, --threads T, -o, --out DIR, --set P=V,\n"
    "  --force, --report, -q, --quiet: as for `zonesim run`.\n"
    "\n"
    "Ctrl-C: the replications both sides finished are compared and written, marked\n"
    "\"complete\": false (exit 130).\n"
    "\n"
    "Example:\n"
    "  zonesim compare scenarios/hetao_baseline.json scenarios/hetao_l2_extra_lane.json -r 20\n"
    "Exit: 0 done, 1 a replication failed, 2 bad input or usage, 130 interrupted.\n";

typedef struct side {
    cz_scenario_t *s;
    double *table;
    bool *done;
} side_t;

static int parse(cli_args_t *a, cli_common_t *c, char ***files)
{
    static const struct option longs[] = {CLI_COMMON_LONG, {0, 0, 0, 0}};
    int opt, n, r;
    cli_common_init(c);
    while ((opt = cli_next(a, CLI_COMMON_SHORT, longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return -1;
        }
        if ((r = cli_common_option(c, opt, optarg)) != 1)
            return CZ_BAD_INPUT;
    }
    *files = cli_rest(a, &n);
    if (n != 2)
        return cli_usage(a, "expected two scenario files, BASE and ALT");
    return CZ_OK;
}

static int run_side(side_t *sd, unsigned n, unsigned threads, const char *progress)
{
    int nk = cz_kpi_count(sd->s);
    char err[512];
    sd->table = calloc((size_t)n * (size_t)nk, sizeof *sd->table);
    sd->done = calloc(n, sizeof *sd->done);
    if (!sd->table || !sd->done) {
        fprintf(stderr, "zonesim: out of memory\n");
        return CZ_FAILED;
    }
    ex_reps_t r = {sd->s, 0, n, threads, sd->table, NULL, sd->done, progress};
    int rc = ex_run_replications(&r, err, sizeof err);
    if (rc == CZ_FAILED)
        fprintf(stderr, "zonesim: %s\n", err);
    return rc;
}

/* Keep the replications both sides finished (rows in order); their count. */
static unsigned keep_pairs(side_t *b, side_t *a, unsigned n, unsigned *ids)
{
    int nb = cz_kpi_count(b->s), na = cz_kpi_count(a->s);
    unsigned k = 0;
    for (unsigned i = 0; i < n; i++)
        if (b->done[i] && a->done[i]) {
            memmove(b->table + (size_t)k * (size_t)nb, b->table + (size_t)i * (size_t)nb, (size_t)nb * sizeof(double));
            memmove(a->table + (size_t)k * (size_t)na, a->table + (size_t)i * (size_t)na, (size_t)na * sizeof(double));
            ids[k++] = i;
        }
    return k;
}

static int write_all(const out_dir_t *d, side_t *b, side_t *a, const ex_diff_t *rows, int nr,
                     const out_compare_meta_t *cm, const out_run_meta_t *rm)
{
    char err[512];
    ex_side_t eb = {b->s, b->table}, ea = {a->s, a->table};
    out_batch_t *ob = out_batch_create(d);
    cJSON *xb = cJSON_CreateObject(), *xa = cJSON_CreateObject();
    if (!ob || !xb || !xa) {
        fprintf(stderr, "zonesim: out of memory\n");
        out_batch_destroy(ob);
        cJSON_Delete(xb), cJSON_Delete(xa);
        return CZ_FAILED;
    }
    ex_run_notes(xb, b->s, b->table, rm->nrep, "base: ");
    ex_run_notes(xa, a->s, a->table, rm->nrep, "alt: ");
    out_run_meta_t mb = *rm, ma = *rm;
    mb.extra = xb, ma.extra = xa;
    out_run_files(ob, "base/", b->s, b->table, NULL, &mb);
    out_run_files(ob, "alt/", a->s, a->table, NULL, &ma);
    cJSON_Delete(xb), cJSON_Delete(xa); /* (their text is built) */
    out_batch_take(ob, "compare.csv", out_compare_csv(rows, nr));
    out_batch_take(ob, "compare.json", out_compare_json(&eb, &ea, rows, nr, cm));
    int rc = out_batch_commit(ob, err, sizeof err) == 0 ? CZ_OK : CZ_FAILED;
    out_batch_destroy(ob);
    if (rc)
        fprintf(stderr, "zonesim: %s\n", err);
    return rc;
}

static int compare_and_write(const cli_common_t *c, const out_dir_t *d, side_t *b, side_t *a, unsigned n,
                             bool stopped, const char *cmdline)
{
    unsigned *ids = calloc(n ? n : 1, sizeof *ids);
    ex_diff_t *rows = calloc((size_t)(cz_kpi_count(b->s) + cz_kpi_count(a->s)), sizeof *rows);
    unsigned k = ids && rows ? keep_pairs(b, a, n, ids) : 0;
    int rc = CZ_OK;
    if (!ids || !rows) {
        fprintf(stderr, "zonesim: out of memory\n");
        rc = CZ_FAILED;
    } else if (k == 0) {
        fprintf(stderr, "zonesim: interrupted before both sides finished a replication; nothing written\n");
        rc = CZ_INTERRUPTED;
    } else {
        ex_side_t eb = {b->s, b->table}, ea = {a->s, a->table};
        int nr = ex_compare(&eb, &ea, k, 0.95, rows);
        cJSON *diff = cz_scenario_diff(b->s->resolved, a->s->resolved);
        out_compare_meta_t cm = {cmdline, k, 0.95, diff};
        out_run_meta_t rm = {cmdline, k, ids, !stopped, n, NULL};
        if (!c->quiet)
            cli_print_compare(a->s->name, b->s->name, k, rows, nr);
        rc = write_all(d, b, a, rows, nr, &cm, &rm);
        if (rc == CZ_OK && c->report && !stopped)
            rc = rp_report_write(d->path, c->quiet) ? CZ_FAILED : CZ_OK;
        if (rc == CZ_OK && !c->quiet)
            printf("results written to %s/\n", d->path);
        if (rc == CZ_OK && stopped) {
            fprintf(stderr, "zonesim: interrupted: %u of %u paired replications written, marked \"complete\": false\n",
                    k, n);
            rc = CZ_INTERRUPTED;
        }
        cJSON_Delete(diff);
    }
    free(ids);
    free(rows);
    return rc;
}

static int compare(const cli_common_t *c, side_t *b, side_t *a, const char *cmdline)
{
    char dir[4096], sb[100], sa[100], err[512];
    out_dir_t d;
    unsigned n = c->reps > 0 ? (unsigned)c->reps : b->s->replications;
    cz_scenario_set_seed(a->s, c->has_seed ? c->seed : b->s->seed);
    cz_scenario_set_seed(b->s, a->s->seed);
    cz_scenario_set_replications(b->s, n);
    cz_scenario_set_replications(a->s, n);
    out_safe_name(sb, sizeof sb, b->s->name);
    out_safe_name(sa, sizeof sa, a->s->name);
    if (c->out)
        snprintf(dir, sizeof dir, "%s", c->out);
    else
        snprintf(dir, sizeof dir, "results/compare_%s_vs_%s", sb, sa);
    char name[512];
    snprintf(name, sizeof name, "%s vs %s", a->s->name, b->s->name);
    if (!ex_fits_in_memory(b->s, (unsigned)c->threads, n) || !ex_fits_in_memory(a->s, (unsigned)c->threads, n))
        return CZ_BAD_INPUT;
    int rc = cli_claim(&d, dir, "compare", name, c, err, sizeof err);
    if (rc != CZ_OK)
        return rc;
    ex_catch_signals();
    rc = run_side(b, n, (unsigned)c->threads, c->quiet ? NULL : "compare, base: ");
    if (rc == CZ_INTERRUPTED)
        fprintf(stderr, "zonesim: interrupted before the alternative ran; nothing written\n");
    if (rc != CZ_OK)
        return rc;
    rc = run_side(a, n, (unsigned)c->threads, c->quiet ? NULL : "compare, alt: ");
    if (rc == CZ_FAILED)
        return rc;
    return compare_and_write(c, &d, b, a, n, rc == CZ_INTERRUPTED, cmdline);
}

int cli_compare(int argc, char **argv)
{
    cli_args_t a;
    cli_common_t c;
    char **files = NULL;
    cli_args_init(&a, "compare", argc, argv);
    int rc = parse(&a, &c, &files);
    if (rc != CZ_OK)
        return rc < 0 ? CZ_OK : rc;
    side_t b = {cli_load(files[0], c.sets, c.nsets), NULL, NULL};
    side_t al = {b.s ? cli_load(files[1], c.sets, c.nsets) : NULL, NULL, NULL};
    rc = b.s && al.s ? compare(&c, &b, &al, a.cmdline) : CZ_BAD_INPUT;
    free(b.table), free(b.done), free(al.table), free(al.done);
    cz_scenario_free(b.s);
    cz_scenario_free(al.s);
    return rc;
}
