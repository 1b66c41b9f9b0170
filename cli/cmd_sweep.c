/* cmd_sweep.c: `zonesim sweep SCENARIO --vary PATH=V1,V2,...`: a full grid of
 * policies, each point replicated on the same seeds (common random numbers across
 * points), one row per point in sweep.csv. */
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

static const char SWEEP_HELP[] =
    "usage: zonesim sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [-r REPS] [-s SEED]\n"
    "                     [-j THREADS] [-o DIR] [--set PATH=VALUE]... [--force] [--quiet] [--report]\n"
    "\n"
    "Run every combination of the varied values (paths as in --set; values are JSON,\n"
    "separated by commas outside brackets and quotes), each point with its replications\n"
    "on the same seeds.  Writes DIR/sweep.csv (one row per point: its number, the\n"
    "varied values, then the mean and 95% half-width of each KPI) and DIR/sweep.json.\n"
    "Default DIR: results/sweep_NAME.  --points A..B runs only points A to B (0-based,\n"
    "the first --vary varying slowest): a shard for `zonesim merge` (docs/cluster.md).\n"
    "\n"
    "Example:\n"
    "  zonesim sweep scenarios/hetao_baseline.json --vary lines.second_line.lanes=3,4,5,6 \\\n"
    "      --vary flows.research_goods_from_hk.rate_per_day=60,120 -r 10\n"
    "Exit: 0 done, 1 a replication failed, 2 bad input or usage, 130 interrupted.\n";

#define MAX_VALUES 64

typedef struct axis {
    char path[256];
    char values[MAX_VALUES][128];
    int n;
} axis_t;

/* Split "PATH=V1,V2" on commas outside brackets, braces and quotes. */
static bool parse_axis(const char *spec, axis_t *ax)
{
    const char *eq = strchr(spec, '=');
    size_t plen = (size_t)(eq - spec);
    if (plen == 0 || plen >= sizeof ax->path)
        return false;
    memcpy(ax->path, spec, plen);
    ax->path[plen] = '\0';
    ax->n = 0;
    int depth = 0;
    bool quoted = false;
    size_t len = 0;
    for (const char *c = eq + 1;; c++) {
        if (*c == '\0' || (*c == ',' && depth == 0 && !quoted)) {
            if (len == 0 || ax->n == MAX_VALUES)
                return false;
            ax->values[ax->n++][len] = '\0';
            len = 0;
            if (*c == '\0')
                return depth == 0 && !quoted;
            continue;
        }
        if (*c == '"')
            quoted = !quoted;
        else if (!quoted && (*c == '[' || *c == '{'))
            depth++;
        else if (!quoted && (*c == ']' || *c == '}'))
            depth--;
        if (len + 1 >= sizeof ax->values[0])
            return false;
        ax->values[ax->n][len++] = *c;
    }
}

typedef struct point {
    int index[8];
    cz_scenario_t *s;
} point_t;

static void add_num(cJSON *o, const char *k, double v)
{
    if (isnan(v) || isinf(v))
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddNumberToObject(o, k, v);
}

/* The CSV field for a value: quoted when it holds a comma or a quote. */
static void csv_field(char *buf, size_t len, const char *v)
{
    if (!strpbrk(v, ",\"")) {
        snprintf(buf, len, "%s", v);
        return;
    }
    size_t j = 0;
    buf[j++] = '"';
    for (const char *c = v; *c && j + 3 < len; c++) {
        if (*c == '"')
            buf[j++] = '"';
        buf[j++] = *c;
    }
    buf[j++] = '"';
    buf[j] = '\0';
}

typedef struct sweep {
    axis_t ax[8];
    int nax, npoints;
    int from, to;                /* points run: from..to (a shard, or all) */
    point_t *pts;
    const cz_scenario_t *first;  /* KPI names come from the first point */
    double *summary;             /* npoints x nk x 5: mean, sd, ci95, min, max */
} sweep_t;

static int kpi_col(const cz_scenario_t *s, const char *name)
{
    char buf[CZ_KPI_NAME_MAX];
    for (int k = 0; k < cz_kpi_count(s); k++)
        if (!strcmp(cz_kpi_name(s, k, buf), name))
            return k;
    return -1;
}

static char *sweep_csv(const sweep_t *w)
{
    int nk = cz_kpi_count(w->first);
    size_t cap = 4096 + (size_t)w->npoints * (size_t)(nk * 64 + 512), len = 0;
    char *out = malloc(cap), buf[CZ_KPI_NAME_MAX], num[40], field[300];
    if (!out)
        return NULL;
    len += (size_t)snprintf(out + len, cap - len, "point");
    for (int a = 0; a < w->nax; a++)
        len += (size_t)snprintf(out + len, cap - len, ",%s", w->ax[a].path);
    for (int k = 0; k < nk; k++) {
        const char *name = cz_kpi_name(w->first, k, buf);
        len += (size_t)snprintf(out + len, cap - len, ",%s_mean,%s_ci95", name, name);
    }
    len += (size_t)snprintf(out + len, cap - len, "\n");
    for (int p = w->from; p <= w->to; p++) {
        len += (size_t)snprintf(out + len, cap - len, "%d", p);
        for (int a = 0; a < w->nax; a++) {
            csv_field(field, sizeof field, w->ax[a].values[w->pts[p].index[a]]);
            len += (size_t)snprintf(out + len, cap - len, ",%s", field);
        }
        for (int k = 0; k < nk; k++) {
            const double *m = &w->summary[((size_t)p * (size_t)nk + (size_t)k) * 5];
            cz_format_double(num, sizeof num, m[0]);
            len += (size_t)snprintf(out + len, cap - len, ",%s", num);
            cz_format_double(num, sizeof num, m[2]);
            len += (size_t)snprintf(out + len, cap - len, ",%s", num);
        }
        len += (size_t)snprintf(out + len, cap - len, "\n");
    }
    return out;
}

static char *sweep_json(const sweep_t *w, unsigned reps, const char *cmdline, bool shard)
{
    int nk = cz_kpi_count(w->first);
    char buf[CZ_KPI_NAME_MAX];
    static const char *const stat[5] = {"mean", "sd", "ci95", "min", "max"};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scenario", w->first->file);
    add_num(o, "seed", (double)w->first->seed);
    add_num(o, "replications", reps);
    add_num(o, "points_total", w->npoints);
    cJSON_AddStringToObject(o, "version", CZ_VERSION);
    cJSON_AddStringToObject(o, "command_line", cmdline);
    if (shard) {
        cJSON *sh = cJSON_AddObjectToObject(o, "shard");
        add_num(sh, "first", w->from);
        add_num(sh, "last", w->to);
    }
    cJSON *vary = cJSON_AddArrayToObject(o, "vary");
    for (int a = 0; a < w->nax; a++) {
        cJSON *e = cJSON_CreateObject(), *vals = cJSON_AddArrayToObject(e, "values");
        cJSON_AddStringToObject(e, "path", w->ax[a].path);
        for (int i = 0; i < w->ax[a].n; i++)
            cJSON_AddItemToArray(vals, cJSON_CreateString(w->ax[a].values[i]));
        cJSON_AddItemToArray(vary, e);
    }
    cJSON *pts = cJSON_AddArrayToObject(o, "points");
    for (int p = w->from; p <= w->to; p++) {
        cJSON *pt = cJSON_CreateObject();
        add_num(pt, "point", p);
        cJSON *v = cJSON_AddObjectToObject(pt, "values");
        for (int a = 0; a < w->nax; a++) {
            cJSON *val = cJSON_Parse(w->ax[a].values[w->pts[p].index[a]]);
            cJSON_AddItemToObject(v, w->ax[a].path,
                                  val ? val : cJSON_CreateString(w->ax[a].values[w->pts[p].index[a]]));
        }
        cJSON *k = cJSON_AddObjectToObject(pt, "kpis");
        for (int i = 0; i < nk; i++) {
            cJSON *e = cJSON_AddObjectToObject(k, cz_kpi_name(w->first, i, buf));
            for (int j = 0; j < 5; j++)
                add_num(e, stat[j], w->summary[((size_t)p * (size_t)nk + (size_t)i) * 5 + (size_t)j]);
        }
        cJSON_AddItemToArray(pts, pt);
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

/* Load every point first, so a bad value is reported before anything runs. */
static bool load_points(sweep_t *w, const cz_opts_t *o)
{
    w->npoints = 1;
    for (int a = 0; a < w->nax; a++)
        w->npoints *= w->ax[a].n;
    if (w->npoints > 10000) {
        fprintf(stderr, "zonesim: sweep: %d points is more than 10000\n", w->npoints);
        return false;
    }
    w->pts = calloc((size_t)w->npoints, sizeof *w->pts);
    bool ok = w->pts != NULL;
    for (int p = 0; ok && p < w->npoints; p++) {
        const char *sets[CZ_MAX_SETS + 8];
        char assign[8][512];
        int ns = 0, rest = p;
        for (int i = 0; i < o->nsets; i++)
            sets[ns++] = o->sets[i];
        for (int a = w->nax - 1; a >= 0; a--) { /* the first --vary varies slowest */
            w->pts[p].index[a] = rest % w->ax[a].n;
            rest /= w->ax[a].n;
        }
        for (int a = 0; a < w->nax; a++) {
            snprintf(assign[a], sizeof assign[a], "%s=%s", w->ax[a].path, w->ax[a].values[w->pts[p].index[a]]);
            sets[ns++] = assign[a];
        }
        w->pts[p].s = cz_load_or_report(o->pos[0], sets, ns);
        ok = w->pts[p].s != NULL;
    }
    return ok;
}

static int run_points(sweep_t *w, const cz_opts_t *o, unsigned reps)
{
    w->first = w->pts[0].s;
    int nk = cz_kpi_count(w->first);
    w->summary = calloc((size_t)w->npoints * (size_t)nk * 5, sizeof *w->summary);
    if (!w->summary)
        return 1;
    cz_catch_signals();
    char buf[CZ_KPI_NAME_MAX], err[512];
    for (int p = w->from; p <= w->to; p++) {
        cz_scenario_t *s = w->pts[p].s;
        s->seed = o->seed >= 0 ? (uint64_t)o->seed : w->first->seed;
        int pk = cz_kpi_count(s);
        double *table = calloc((size_t)reps * (size_t)pk, sizeof *table);
        bool *done = calloc(reps, sizeof *done);
        int rc = table && done ? cz_run_replications(s, 0, reps, (unsigned)o->threads, table, done,
                                                             o->quiet ? NULL : "sweep point: ", err, sizeof err) : 1;
        for (int k = 0; rc == 0 && k < nk; k++) {
            int c = kpi_col(s, cz_kpi_name(w->first, k, buf));
            cz_kpi_summary_t m = c >= 0 ? cz_kpi_summarise(table, reps, pk, c)
                                        : (cz_kpi_summary_t){NAN, NAN, NAN, NAN, NAN, 0};
            double *d = &w->summary[((size_t)p * (size_t)nk + (size_t)k) * 5];
            d[0] = m.mean, d[1] = m.sd, d[2] = m.ci95, d[3] = m.min, d[4] = m.max;
        }
        free(table);
        free(done);
        if (rc == 130) {
            fprintf(stderr, "zonesim: interrupted at point %d; nothing written\n", p);
            return 130;
        }
        if (rc != 0) {
            fprintf(stderr, "zonesim: point %d: %s\n", p, err);
            return 1;
        }
        if (!o->quiet && isatty(STDERR_FILENO))
            fprintf(stderr, "\r\033[Ksweep: point %d (%d of %d) done%s", p, p - w->from + 1,
                    w->to - w->from + 1, p == w->to ? "\n" : "");
    }
    return 0;
}

static int write_sweep(const sweep_t *w, const cz_opts_t *o, const char *dir, unsigned reps)
{
    char err[512], path[4200];
    char *csv = sweep_csv(w), *json = sweep_json(w, reps, o->cmdline, o->point_first >= 0);
    int rc = cz_mkdirs(dir, err, sizeof err);
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    if (rc == 0 && (!csv || cz_write_atomic(path, csv, err, sizeof err) != 0))
        rc = 1;
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    if (rc == 0 && (!json || cz_write_atomic(path, json, err, sizeof err) != 0))
        rc = 1;
    if (rc)
        fprintf(stderr, "zonesim: %s\n", csv && json ? err : "out of memory");
    else if (!o->quiet)
        printf("%d points x %u replications written to %s/sweep.csv and sweep.json\n", w->to - w->from + 1, reps, dir);
    free(csv);
    free(json);
    return rc ? 1 : 0;
}

int cz_cmd_sweep(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(SWEEP_HELP, stdout);
        return 0;
    }
    if (o.npos != 1 || o.nvary == 0) {
        fprintf(stderr, "zonesim: sweep: expected one scenario file and at least one --vary PATH=V1,V2,...\n");
        return 2;
    }
    sweep_t w = {.nax = o.nvary};
    for (int a = 0; a < o.nvary; a++)
        if (!parse_axis(o.vary[a], &w.ax[a])) {
            fprintf(stderr, "zonesim: --vary %s: expected PATH=V1,V2,... (at most %d values)\n", o.vary[a], MAX_VALUES);
            return 2;
        }
    int rc = 2;
    char dir[4096], probe[4200];
    if (load_points(&w, &o)) {
        w.from = o.point_first >= 0 ? (int)o.point_first : 0;
        w.to = o.point_first >= 0 ? (int)o.point_last : w.npoints - 1;
        if (w.to >= w.npoints) {
            fprintf(stderr, "zonesim: --points %ld..%ld: the grid has points 0..%d\n", o.point_first,
                    o.point_last, w.npoints - 1);
            goto done;
        }
        unsigned reps = o.reps > 0 ? (unsigned)o.reps : w.pts[0].s->replications;
        if (o.out)
            snprintf(dir, sizeof dir, "%s", o.out);
        else
            snprintf(dir, sizeof dir, "results/sweep_%s", w.pts[0].s->name);
        snprintf(probe, sizeof probe, "%s/sweep.json", dir);
        struct stat st;
        if (stat(probe, &st) == 0 && !o.force)
            fprintf(stderr, "zonesim: %s: holds an earlier sweep; use --force to overwrite\n", dir);
        else if ((rc = run_points(&w, &o, reps)) == 0 && (rc = write_sweep(&w, &o, dir, reps)) == 0 && o.report)
            rc = cz_report_write(dir, o.quiet) ? 1 : 0;
    }
done:
    for (int p = 0; w.pts && p < w.npoints; p++)
        cz_scenario_free(w.pts[p].s);
    free(w.pts);
    free(w.summary);
    return rc;
}
