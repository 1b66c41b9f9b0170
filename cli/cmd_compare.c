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
#include "models/scenario/json_in.h"

#define MAX_ALTS 16

static const char HELP[] =
    "usage: zonesim compare BASE ALT [ALT...] [-r REPS] [-s SEED] [-j THREADS] [-o DIR]\n"
    "                       [--set PATH=VALUE]... [--force] [--report] [--quiet]\n"
    "\n"
    "Run scenarios on common random numbers (the same seed and replication numbers:\n"
    "BASE's unless -s) and report, for every KPI, BASE mean, ALT mean, the paired\n"
    "difference ALT - BASE with its confidence half-width, the relative change and\n"
    "whether the difference is significant (its interval excludes 0).  --set applies to\n"
    "every scenario.\n"
    "\n"
    "One ALT: 95% intervals; writes DIR/compare.csv, DIR/compare.json (with what differs\n"
    "between the scenarios, as `zonesim diff` prints it) and each side's results in\n"
    "DIR/base/ and DIR/alt/.  Default DIR: results/compare_BASE_vs_ALT.\n"
    "Several ALTs (at most 16): each against BASE, with Bonferroni-adjusted intervals\n"
    "(each at 1 - 0.05/k for k alternatives, so that all k hold together with 95%);\n"
    "prints every KPI's mean for each scenario, * where it differs from BASE; writes\n"
    "DIR/compare.csv (one row per alternative and KPI), DIR/compare.json, DIR/base/ and\n"
    "DIR/alt1/ ... DIR/altk/.  Default DIR: results/compare_BASE_vs_k_alternatives.\n"
    "\n"
    "  -r, --replications N, -s, --seed S, -j, --threads T, -o, --out DIR, --set P=V,\n"
    "  --force, --report, -q, --quiet: as for `zonesim run`.\n"
    "\n"
    "Ctrl-C: the replications every scenario finished are compared and written,\n"
    "marked \"complete\": false (exit 130).\n"
    "\n"
    "Examples:\n"
    "  zonesim compare scenarios/hetao_baseline.json scenarios/hetao_l2_extra_lane.json -r 20\n"
    "  zonesim compare scenarios/compare_regimes/hetao.json scenarios/compare_regimes/{conventional,hengqin,hainan,bonded_zone}.json\n"
    "Exit: 0 done, 1 a replication failed, 2 bad input or usage, 130 interrupted.\n";

typedef struct side {
    cz_scenario_t *s;
    double *table;
    bool *done;
} side_t;

/* The scenarios of a comparison: sides[0] is BASE, the others the alternatives. */
typedef struct cmp {
    side_t sides[MAX_ALTS + 1];
    int nsides;
} cmp_t;

static int parse(cli_args_t *a, cli_common_t *c, char ***files, int *nfiles)
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
    *nfiles = n;
    if (n < 2 || n > MAX_ALTS + 1)
        return cli_usage(a, "expected a BASE scenario file and 1 to 16 ALT files");
    return CZ_OK;
}

static int run_side(side_t *sd, unsigned n, unsigned threads, const char *progress)
{
    int nk = cz_kpi_count(sd->s);
    char err[512];
    sd->table = calloc((size_t)n * (size_t)nk, sizeof *sd->table);
    sd->done = calloc(n, sizeof *sd->done);
    if (!sd->table || !sd->done) {
        cz_eprintf("zonesim: out of memory\n");
        return CZ_FAILED;
    }
    ex_reps_t r = {sd->s, 0, n, threads, sd->table, NULL, sd->done, progress, NULL};
    int rc = ex_run_replications(&r, err, sizeof err);
    if (rc == CZ_FAILED)
        cz_eprintf("zonesim: %s\n", err);
    return rc;
}

/* Keep the replications every side finished (rows in order); their count. */
static unsigned keep_pairs(cmp_t *m, unsigned n, unsigned *ids)
{
    unsigned k = 0;
    for (unsigned i = 0; i < n; i++) {
        bool all = true;
        for (int j = 0; j < m->nsides; j++)
            all &= m->sides[j].done[i];
        if (!all)
            continue;
        for (int j = 0; j < m->nsides; j++) {
            side_t *sd = &m->sides[j];
            size_t nk = (size_t)cz_kpi_count(sd->s);
            memmove(sd->table + (size_t)k * nk, sd->table + (size_t)i * nk, nk * sizeof(double));
        }
        ids[k++] = i;
    }
    return k;
}

/* Each side's results folder, with its notes (warnings) under its name. */
static void side_files(out_batch_t *ob, const side_t *sd, const char *folder, const char *label,
                       const out_run_meta_t *rm)
{
    cJSON *x = cJSON_CreateObject();
    if (!x)
        return;
    ex_run_notes(x, sd->s, sd->table, rm->nrep, label);
    out_run_meta_t m = *rm;
    m.extra = x;
    out_run_files(ob, folder, sd->s, sd->table, NULL, &m);
    cJSON_Delete(x); /* (its text is built) */
}

static int commit(out_batch_t *ob)
{
    char err[512];
    int rc = out_batch_commit(ob, err, sizeof err) == 0 ? CZ_OK : CZ_FAILED;
    out_batch_destroy(ob);
    if (rc)
        cz_eprintf("zonesim: %s\n", err);
    return rc;
}

/* One alternative: today's pairwise folder. */
static int write_pair(const out_dir_t *d, cmp_t *m, const ex_diff_t *rows, int nr, const out_compare_meta_t *cm,
                      const out_run_meta_t *rm)
{
    ex_side_t eb = {m->sides[0].s, m->sides[0].table}, ea = {m->sides[1].s, m->sides[1].table};
    out_batch_t *ob = out_batch_create(d);
    if (!ob) {
        cz_eprintf("zonesim: out of memory\n");
        return CZ_FAILED;
    }
    side_files(ob, &m->sides[0], "base/", "base: ", rm);
    side_files(ob, &m->sides[1], "alt/", "alt: ", rm);
    out_batch_take(ob, "compare.csv", out_compare_csv(rows, nr));
    out_batch_take(ob, "compare.json", out_compare_json(&eb, &ea, rows, nr, cm));
    return commit(ob);
}

/* Several alternatives: each against BASE at the Bonferroni level. */
static int write_many(const out_dir_t *d, cmp_t *m, ex_diff_t **rows, const int *nr, const out_compare_meta_t *cm,
                      const out_run_meta_t *rm)
{
    ex_side_t sides[MAX_ALTS + 1];
    cJSON *diffs[MAX_ALTS] = {NULL};
    out_batch_t *ob = out_batch_create(d);
    if (!ob) {
        cz_eprintf("zonesim: out of memory\n");
        return CZ_FAILED;
    }
    side_files(ob, &m->sides[0], "base/", "base: ", rm);
    for (int j = 0; j < m->nsides; j++)
        sides[j] = (ex_side_t){m->sides[j].s, m->sides[j].table};
    for (int j = 1; j < m->nsides; j++) {
        char folder[32], label[48];
        snprintf(folder, sizeof folder, "alt%d/", j);
        snprintf(label, sizeof label, "alt%d: ", j);
        side_files(ob, &m->sides[j], folder, label, rm);
        diffs[j - 1] = cz_scenario_diff(m->sides[0].s->resolved, m->sides[j].s->resolved);
    }
    out_many_t many = {sides, m->nsides - 1, (const ex_diff_t *const *)rows, nr, (const cJSON *const *)diffs};
    out_batch_take(ob, "compare.csv", out_compare_many_csv(&many));
    out_batch_take(ob, "compare.json", out_compare_many_json(&many, cm));
    for (int j = 0; j < m->nsides - 1; j++)
        cJSON_Delete(diffs[j]);
    return commit(ob);
}

static int report_and_say(const cli_common_t *c, const out_dir_t *d, bool stopped, unsigned k, unsigned n, int rc)
{
    if (rc == CZ_OK && c->report && !stopped)
        rc = rp_report_write(d->path, c->quiet) ? CZ_FAILED : CZ_OK;
    if (rc == CZ_OK && !c->quiet)
        printf("results written to %s/\n", d->path);
    if (rc == CZ_OK && stopped) {
        cz_eprintf("zonesim: interrupted: %u of %u paired replications written, marked \"complete\": false\n", k,
                n);
        rc = CZ_INTERRUPTED;
    }
    return rc;
}

static int compare_and_write(const cli_common_t *c, const out_dir_t *d, cmp_t *m, unsigned n, bool stopped,
                             const char *cmdline)
{
    int alts = m->nsides - 1, nr[MAX_ALTS] = {0}, rc = CZ_OK;
    unsigned *ids = calloc(n ? n : 1, sizeof *ids);
    ex_diff_t *rows[MAX_ALTS] = {NULL};
    bool ok = ids != NULL;
    for (int j = 0; j < alts; j++)
        ok &= (rows[j] = calloc((size_t)(cz_kpi_count(m->sides[0].s) + cz_kpi_count(m->sides[j + 1].s)),
                                sizeof *rows[j])) != NULL;
    unsigned k = ok ? keep_pairs(m, n, ids) : 0;
    double confidence = 1 - 0.05 / alts; /* Bonferroni: all k intervals hold together with 95% */
    if (!ok) {
        cz_eprintf("zonesim: out of memory\n");
        rc = CZ_FAILED;
    } else if (k == 0) {
        cz_eprintf("zonesim: interrupted before every scenario finished a replication; nothing written\n");
        out_dir_abandon(d);
        rc = CZ_INTERRUPTED;
    } else {
        ex_side_t eb = {m->sides[0].s, m->sides[0].table};
        for (int j = 0; j < alts; j++) {
            ex_side_t ea = {m->sides[j + 1].s, m->sides[j + 1].table};
            nr[j] = ex_compare(&eb, &ea, k, confidence, rows[j]);
        }
        cJSON *diff = alts == 1 ? cz_scenario_diff(m->sides[0].s->resolved, m->sides[1].s->resolved) : NULL;
        out_compare_meta_t cm = {cmdline, k, confidence, diff};
        out_run_meta_t rm = {cmdline, k, ids, !stopped, n, NULL};
        if (!c->quiet && alts == 1)
            cli_print_compare(m->sides[1].s->name, m->sides[0].s->name, k, rows[0], nr[0]);
        else if (!c->quiet) {
            const char *names[MAX_ALTS + 1];
            for (int j = 0; j < m->nsides; j++)
                names[j] = m->sides[j].s->name;
            cli_print_compare_many(names, alts, k, confidence, (const ex_diff_t *const *)rows, nr);
        }
        rc = alts == 1 ? write_pair(d, m, rows[0], nr[0], &cm, &rm) : write_many(d, m, rows, nr, &cm, &rm);
        rc = report_and_say(c, d, stopped, k, n, rc);
        cJSON_Delete(diff);
    }
    free(ids);
    for (int j = 0; j < alts; j++)
        free(rows[j]);
    return rc;
}

static int compare(const cli_common_t *c, cmp_t *m, const char *cmdline)
{
    char dir[4096], sb[100], sa[100], err[512], name[512];
    out_dir_t d;
    side_t *b = &m->sides[0];
    unsigned n = c->reps > 0 ? (unsigned)c->reps : b->s->replications;
    uint64_t seed = c->has_seed ? c->seed : b->s->seed;
    for (int j = 0; j < m->nsides; j++) {
        cz_scenario_set_seed(m->sides[j].s, seed);
        cz_scenario_set_replications(m->sides[j].s, n);
        if (!ex_fits_in_memory(m->sides[j].s, (unsigned)c->threads, n))
            return CZ_BAD_INPUT;
    }
    out_safe_name(sb, sizeof sb, b->s->name);
    out_safe_name(sa, sizeof sa, m->sides[1].s->name);
    if (c->out)
        snprintf(dir, sizeof dir, "%s", c->out);
    else if (m->nsides == 2)
        snprintf(dir, sizeof dir, "results/compare_%s_vs_%s", sb, sa);
    else
        snprintf(dir, sizeof dir, "results/compare_%s_vs_%d_alternatives", sb, m->nsides - 1);
    if (m->nsides == 2)
        snprintf(name, sizeof name, "%s vs %s", m->sides[1].s->name, b->s->name);
    else
        snprintf(name, sizeof name, "%d alternatives vs %s", m->nsides - 1, b->s->name);
    int rc = cli_claim(&d, dir, "compare", name, c, err, sizeof err);
    if (rc != CZ_OK)
        return rc;
    ex_catch_signals();
    for (int j = 0; j < m->nsides; j++) {
        char progress[64];
        snprintf(progress, sizeof progress, j == 0 ? "compare, base: " : m->nsides == 2 ? "compare, alt: "
                                                                                    : "compare, alt%d: ", j);
        rc = run_side(&m->sides[j], n, (unsigned)c->threads, c->quiet ? NULL : progress);
        if (rc == CZ_FAILED)
            return rc;
        if (rc == CZ_INTERRUPTED && j < m->nsides - 1) {
            cz_eprintf("zonesim: interrupted before every scenario ran; nothing written\n");
            out_dir_abandon(&d);
            return rc;
        }
    }
    return compare_and_write(c, &d, m, n, rc == CZ_INTERRUPTED, cmdline);
}

int cli_compare(int argc, char **argv)
{
    cli_args_t a;
    cli_common_t c;
    char **files = NULL;
    int nfiles = 0;
    cmp_t m;
    memset(&m, 0, sizeof m);
    cli_args_init(&a, "compare", argc, argv);
    int rc = parse(&a, &c, &files, &nfiles);
    if (rc != CZ_OK)
        return rc < 0 ? CZ_OK : rc;
    rc = CZ_OK;
    for (int j = 0; j < nfiles && rc == CZ_OK; j++, m.nsides++)
        if (!(m.sides[j].s = cli_load(files[j], c.sets, c.nsets)))
            rc = CZ_BAD_INPUT;
    if (rc == CZ_OK)
        rc = compare(&c, &m, a.cmdline);
    for (int j = 0; j < m.nsides; j++) {
        free(m.sides[j].table);
        free(m.sides[j].done);
        cz_scenario_free(m.sides[j].s);
    }
    return rc;
}
