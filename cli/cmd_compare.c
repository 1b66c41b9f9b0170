/* cmd_compare.c: `zonesim compare BASE ALT`: paired differences on common random numbers.
 *
 * Both scenarios run replications 0..N-1 with the same master seed, so
 * replication r of each draws from identically seeded named streams: arrivals,
 * goods and routes line up, and the difference ALT - BASE per replication has far
 * less variance than the difference of two independent runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "experiment/experiment.h"
#include "models/zone/kpi.h"
#include "output/output.h"
#include "report/report.h"
#include "sim/stats.h"

static const char COMPARE_HELP[] =
    "usage: zonesim compare BASE ALT [-r REPS] [-s SEED] [-j THREADS] [-o DIR] [--set PATH=VALUE]...\n"
    "                       [--force] [--quiet] [--report]\n"
    "\n"
    "Run two scenarios on common random numbers (the same seed and replication numbers:\n"
    "BASE's unless -s) and report, for every KPI, BASE mean, ALT mean, the paired\n"
    "difference ALT - BASE with its 95% confidence half-width, the relative change and\n"
    "whether the difference is significant (its interval excludes 0).  --set applies to\n"
    "both.  Writes DIR/compare.json, DIR/compare.csv, and each side's usual outputs in\n"
    "DIR/base/ and DIR/alt/.  Default DIR: results/compare_BASE_vs_ALT.\n"
    "\n"
    "Example:\n"
    "  zonesim compare scenarios/hetao_baseline.json scenarios/hetao_l2_extra_lane.json -r 20\n"
    "Exit: 0 done, 1 a replication failed, 2 bad input or usage, 130 interrupted.\n";

typedef struct side {
    cz_scenario_t *s;
    double *table;
    bool *done;
} side_t;

typedef struct row {
    char name[CZ_KPI_NAME_MAX];
    int kb, ka;          /* column in base / alt, -1 if absent */
    double base, alt, diff, ci95, rel;
    bool significant;
} row_t;

static int column(const cz_scenario_t *s, const char *name)
{
    char buf[CZ_KPI_NAME_MAX];
    for (int k = 0; k < cz_kpi_count(s); k++)
        if (!strcmp(cz_kpi_name(s, k, buf), name))
            return k;
    return -1;
}

/* Rows for every KPI of either side, base's order first. */
static int make_rows(const side_t *b, const side_t *a, unsigned n, row_t *rows)
{
    int nb = cz_kpi_count(b->s), na = cz_kpi_count(a->s), nr = 0;
    char buf[CZ_KPI_NAME_MAX];
    for (int k = 0; k < nb + na; k++) {
        const char *name = k < nb ? cz_kpi_name(b->s, k, buf) : cz_kpi_name(a->s, k - nb, buf);
        if (k >= nb && column(b->s, name) >= 0)
            continue;
        row_t *r = &rows[nr++];
        snprintf(r->name, sizeof r->name, "%s", name);
        r->kb = column(b->s, name);
        r->ka = column(a->s, name);
        sim_tally_t tb, ta, td;
        sim_tally_init(&tb), sim_tally_init(&ta), sim_tally_init(&td);
        for (unsigned i = 0; i < n; i++) {
            double vb = r->kb >= 0 ? b->table[(size_t)i * (size_t)nb + (size_t)r->kb] : NAN;
            double va = r->ka >= 0 ? a->table[(size_t)i * (size_t)na + (size_t)r->ka] : NAN;
            if (!isnan(vb))
                sim_tally_add(&tb, vb);
            if (!isnan(va))
                sim_tally_add(&ta, va);
            if (!isnan(vb) && !isnan(va))
                sim_tally_add(&td, va - vb);
        }
        r->base = sim_tally_mean(&tb);
        r->alt = sim_tally_mean(&ta);
        r->diff = sim_tally_mean(&td);
        r->ci95 = td.n >= 2 && sim_tally_var(&td) == 0 ? 0 : sim_tally_ci95(&td);
        r->rel = r->base != 0 ? r->diff / fabs(r->base) : (r->diff == 0 ? 0 : NAN);
        r->significant = !isnan(r->ci95) && fabs(r->diff) > r->ci95;
    }
    return nr;
}

static void add_num(cJSON *o, const char *k, double v)
{
    if (isnan(v) || isinf(v))
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddNumberToObject(o, k, v);
}

static char *compare_json(const side_t *b, const side_t *a, unsigned n, const row_t *rows, int nr,
                          const char *cmdline)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "base", b->s->name);
    cJSON_AddStringToObject(o, "alt", a->s->name);
    cJSON_AddStringToObject(o, "base_file", b->s->file);
    cJSON_AddStringToObject(o, "alt_file", a->s->file);
    add_num(o, "seed", (double)b->s->seed);
    add_num(o, "replications", n);
    cJSON_AddStringToObject(o, "method", "paired differences ALT - BASE per replication, common random numbers");
    cJSON_AddStringToObject(o, "version", CZ_VERSION);
    cJSON_AddStringToObject(o, "command_line", cmdline);
    cJSON *k = cJSON_AddObjectToObject(o, "kpis");
    for (int i = 0; i < nr; i++) {
        cJSON *e = cJSON_AddObjectToObject(k, rows[i].name);
        add_num(e, "base_mean", rows[i].base);
        add_num(e, "alt_mean", rows[i].alt);
        add_num(e, "diff_mean", rows[i].diff);
        add_num(e, "diff_ci95", rows[i].ci95);
        add_num(e, "relative_change", rows[i].rel);
        cJSON_AddBoolToObject(e, "significant", rows[i].significant);
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

static char *compare_csv(const row_t *rows, int nr)
{
    size_t cap = 128 + (size_t)nr * 256;
    char *out = malloc(cap), num[6][40];
    if (!out)
        return NULL;
    size_t len = (size_t)snprintf(out, cap, "kpi,base_mean,alt_mean,diff_mean,diff_ci95,relative_change,significant\n");
    for (int i = 0; i < nr; i++) {
        double v[5] = {rows[i].base, rows[i].alt, rows[i].diff, rows[i].ci95, rows[i].rel};
        for (int j = 0; j < 5; j++)
            cz_format_double(num[j], sizeof num[j], v[j]);
        len += (size_t)snprintf(out + len, cap - len, "%s,%s,%s,%s,%s,%s,%s\n", rows[i].name, num[0],
                                num[1], num[2], num[3], num[4], rows[i].significant ? "yes" : "no");
    }
    return out;
}

static void print_rows(const side_t *b, const side_t *a, unsigned n, const row_t *rows, int nr)
{
    printf("%s vs %s: %u paired replications (ALT - BASE, common random numbers)\n", a->s->name,
           b->s->name, n);
    printf("%-30s %14s %14s %14s %12s %9s %4s\n", "kpi", "base", "alt", "diff", "+-95%", "change", "sig");
    for (int i = 0; i < nr; i++) {
        char rel[32];
        if (isnan(rows[i].rel))
            snprintf(rel, sizeof rel, "-");
        else
            snprintf(rel, sizeof rel, "%+.1f%%", 100 * rows[i].rel);
        printf("%-30s %14.6g %14.6g %+14.6g %12.4g %9s %4s\n", rows[i].name, rows[i].base, rows[i].alt,
               rows[i].diff, rows[i].ci95, rel, rows[i].significant ? "*" : "");
    }
}

static int write_all(const char *dir, const side_t *b, const side_t *a, unsigned n, const row_t *rows,
                     int nr, const cz_opts_t *o)
{
    char err[512], sub[4200], path[4200];
    const side_t *sides[2] = {b, a};
    const char *names[2] = {"base", "alt"};
    for (int i = 0; i < 2; i++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, names[i]);
        cz_run_meta_t meta = {o->cmdline, 0, n, NULL, (unsigned)o->threads, true, n, NULL};
        if (cz_output_write(sub, sides[i]->s, sides[i]->table, &meta, err, sizeof err) != 0) {
            fprintf(stderr, "zonesim: %s\n", err);
            return 1;
        }
    }
    char *csv = compare_csv(rows, nr), *json = compare_json(b, a, n, rows, nr, o->cmdline);
    int rc = 0;
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    if (!csv || cz_write_atomic(path, csv, err, sizeof err) != 0)
        rc = 1;
    snprintf(path, sizeof path, "%s/compare.json", dir);
    if (rc == 0 && (!json || cz_write_atomic(path, json, err, sizeof err) != 0))
        rc = 1;
    if (rc)
        fprintf(stderr, "zonesim: %s\n", csv && json ? err : "out of memory");
    free(csv);
    free(json);
    return rc;
}

static int run_side(side_t *sd, unsigned n, unsigned threads, const char *progress)
{
    int nk = cz_kpi_count(sd->s);
    sd->table = calloc((size_t)n * (size_t)nk, sizeof *sd->table);
    sd->done = calloc(n, sizeof *sd->done);
    if (!sd->table || !sd->done) {
        fprintf(stderr, "zonesim: out of memory\n");
        return 1;
    }
    char err[512];
    int rc = cz_run_replications(sd->s, 0, n, threads, sd->table, sd->done, progress, err, sizeof err);
    if (rc == 1)
        fprintf(stderr, "zonesim: %s\n", err);
    else if (rc == 130)
        fprintf(stderr, "zonesim: interrupted: a comparison needs both sides whole; nothing written\n");
    return rc;
}

int cz_cmd_compare(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(COMPARE_HELP, stdout);
        return 0;
    }
    if (o.npos != 2) {
        fprintf(stderr, "zonesim: compare: expected two scenario files, BASE and ALT\n");
        return 2;
    }
    side_t b = {cz_load_or_report(o.pos[0], o.sets, o.nsets), NULL, NULL};
    side_t a = {cz_load_or_report(o.pos[1], o.sets, o.nsets), NULL, NULL};
    int rc = 2;
    char dir[4096], probe[4200];
    if (b.s && a.s) {
        unsigned n = o.reps > 0 ? (unsigned)o.reps : b.s->replications;
        a.s->seed = b.s->seed = o.seed >= 0 ? (uint64_t)o.seed : b.s->seed;
        if (o.out)
            snprintf(dir, sizeof dir, "%s", o.out);
        else
            snprintf(dir, sizeof dir, "results/compare_%s_vs_%s", b.s->name, a.s->name);
        snprintf(probe, sizeof probe, "%s/compare.json", dir);
        struct stat st;
        if (stat(probe, &st) == 0 && !o.force) {
            fprintf(stderr, "zonesim: %s: holds an earlier comparison; use --force to overwrite\n", dir);
        } else {
            cz_catch_signals();
            rc = run_side(&b, n, (unsigned)o.threads, o.quiet ? NULL : "compare, base: ");
            if (rc == 0)
                rc = run_side(&a, n, (unsigned)o.threads, o.quiet ? NULL : "compare, alt: ");
            row_t *rows = rc == 0 ? calloc((size_t)(cz_kpi_count(b.s) + cz_kpi_count(a.s)), sizeof *rows) : NULL;
            if (rows) {
                int nr = make_rows(&b, &a, n, rows);
                if (!o.quiet)
                    print_rows(&b, &a, n, rows, nr);
                rc = write_all(dir, &b, &a, n, rows, nr, &o);
                if (rc == 0 && o.report)
                    rc = cz_report_write(dir, o.quiet) ? 1 : 0;
                if (rc == 0 && !o.quiet)
                    printf("results written to %s/\n", dir);
            } else if (rc == 0) {
                rc = 1;
            }
            free(rows);
        }
    }
    free(b.table), free(b.done), free(a.table), free(a.done);
    cz_scenario_free(b.s);
    cz_scenario_free(a.s);
    return rc;
}
