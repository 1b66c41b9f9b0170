/* cmd_merge.c: `zonesim merge DIR... -o DIR`: combine shards run with --reps A..B
 * into the summary.json and replications.csv that one run of all of them gives. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "models/zone/kpi.h"
#include "output/output.h"
#include "models/scenario/scenario.h"

static const char MERGE_HELP[] =
    "usage: zonesim merge DIR... -o DIR [--force]\n"
    "\n"
    "Combine the output folders of runs of one scenario made with --reps A..B (shards,\n"
    "e.g. the tasks of a cluster job array) into one DIR with the summary.json and\n"
    "replications.csv a single run of all those replications gives, byte for byte but\n"
    "for provenance (command_line, merged_from).  The shards must come from the same\n"
    "resolved scenario and seed; a replication may appear in one shard only.\n"
    "Sweep shards (sweep --points A..B) merge the same way into sweep.csv and\n"
    "sweep.json.  See docs/cluster.md.\n"
    "Exit: 0 done, 1 cannot write, 2 the shards do not fit together.\n";

typedef struct rowset {
    double *v;          /* n x nk */
    unsigned *id;
    unsigned n, cap;
} rowset_t;

/* Read DIR/replications.csv into rows; its header must match the scenario's KPIs. */
static bool read_rows(const char *dir, const cz_scenario_t *s, rowset_t *rs)
{
    char path[4200], buf[CZ_KPI_NAME_MAX];
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    char *text = cz_slurp(path);
    if (!text) {
        fprintf(stderr, "zonesim: %s: cannot read\n", path);
        return false;
    }
    int nk = cz_kpi_count(s);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    /* header: replication,<kpi>,... */
    char *hs = NULL, *h = line ? strtok_r(line, ",", &hs) : NULL;
    bool ok = h && !strcmp(h, "replication");
    for (int k = 0; ok && k < nk; k++) {
        h = strtok_r(NULL, ",", &hs);
        ok = h && !strcmp(h, cz_kpi_name(s, k, buf));
    }
    if (!ok)
        fprintf(stderr, "zonesim: %s: its columns are not this scenario's KPIs\n", path);
    while (ok && (line = strtok_r(NULL, "\n", &save))) {
        if (rs->n == rs->cap) {
            rs->cap = rs->cap ? rs->cap * 2 : 64;
            rs->v = realloc(rs->v, (size_t)rs->cap * (size_t)nk * sizeof *rs->v);
            rs->id = realloc(rs->id, rs->cap * sizeof *rs->id);
            if (!rs->v || !rs->id)
                return false;
        }
        char *p = line, *end;
        rs->id[rs->n] = (unsigned)strtoul(p, &end, 10);
        ok = end != p && *end == ',';
        for (int k = 0; ok && k < nk; k++) {
            p = end + 1;
            double x = strtod(p, &end);
            rs->v[(size_t)rs->n * (size_t)nk + (size_t)k] = end == p ? NAN : x;
            ok = *end == (k == nk - 1 ? '\0' : ',');
        }
        if (!ok)
            fprintf(stderr, "zonesim: %s: malformed row %u\n", path, rs->n + 1);
        rs->n++;
    }
    free(text);
    return ok;
}

/* The shard's scenario and its summary's seed and scenario_file. */
static cz_scenario_t *read_shard(const char *dir, cJSON **summary)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *text = cz_slurp(path);
    *summary = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!*summary) {
        fprintf(stderr, "zonesim: %s: missing or not JSON: not a zonesim output folder\n", path);
        return NULL;
    }
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    cz_reader_t r;
    cz_reader_init(&r, path);
    cJSON *root = cz_load_json(&r, path, 16L << 20);
    cz_scenario_t *s = root ? cz_scenario_from_json(&r, root, path) : NULL;
    if (!s) {
        cz_reader_print(&r, stderr);
        cJSON_Delete(root);
    }
    cz_reader_fini(&r);
    return s;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Sort rows by replication number (insertion: shards arrive mostly in order). */
static bool sort_rows(rowset_t *rs, int nk)
{
    double *tmp = malloc((size_t)nk * sizeof *tmp);
    if (!tmp)
        return false;
    for (unsigned i = 1; i < rs->n; i++) {
        unsigned id = rs->id[i], j = i;
        memcpy(tmp, rs->v + (size_t)i * (size_t)nk, (size_t)nk * sizeof *tmp);
        while (j > 0 && rs->id[j - 1] > id) {
            rs->id[j] = rs->id[j - 1];
            memcpy(rs->v + (size_t)j * (size_t)nk, rs->v + (size_t)(j - 1) * (size_t)nk, (size_t)nk * sizeof *tmp);
            j--;
        }
        rs->id[j] = id;
        memcpy(rs->v + (size_t)j * (size_t)nk, tmp, (size_t)nk * sizeof *tmp);
    }
    free(tmp);
    for (unsigned i = 1; i < rs->n; i++)
        if (rs->id[i] == rs->id[i - 1]) {
            fprintf(stderr, "zonesim: merge: replication %u appears in two shards\n", rs->id[i]);
            return false;
        }
    return true;
}

/* ---- sweep shards (sweep --points A..B) ---- */

typedef struct csv_row { int point; char *line; } csv_row_t;

static int by_point(const void *a, const void *b)
{
    return ((const csv_row_t *)a)->point - ((const csv_row_t *)b)->point;
}

static bool same_item(const cJSON *a, const cJSON *b, const char *key)
{
    return cJSON_Compare(cJSON_GetObjectItem(a, key), cJSON_GetObjectItem(b, key), true);
}

/* Merge sweep shards: points from every shard's sweep.json and rows of its
 * sweep.csv, in point order, as one sweep of them all would have written. */
static int merge_sweeps(const cz_opts_t *o)
{
    cJSON *first = NULL, *points = cJSON_CreateArray();
    csv_row_t *rows = NULL;
    size_t nrows = 0, cap = 0;
    char *header = NULL, path[4200];
    int rc = 0;
    for (int i = 0; rc == 0 && i < o->npos; i++) {
        snprintf(path, sizeof path, "%s/sweep.json", o->pos[i]);
        char *text = cz_slurp(path);
        cJSON *j = text ? cJSON_Parse(text) : NULL;
        free(text);
        if (!j) {
            fprintf(stderr, "zonesim: %s: missing or not JSON: not a sweep output folder\n", path);
            rc = 2;
            break;
        }
        if (first && !(same_item(first, j, "vary") && same_item(first, j, "seed") &&
                       same_item(first, j, "replications") && same_item(first, j, "scenario"))) {
            fprintf(stderr, "zonesim: merge: %s swept another grid, scenario or seed than %s\n", o->pos[i], o->pos[0]);
            rc = 2;
        }
        cJSON *pts = cJSON_DetachItemFromObject(j, "points");
        for (cJSON *p = pts ? pts->child : NULL; p; p = p->next)
            cJSON_AddItemToArray(points, cJSON_Duplicate(p, true));
        cJSON_Delete(pts);
        if (!first)
            first = j;
        else
            cJSON_Delete(j);
        snprintf(path, sizeof path, "%s/sweep.csv", o->pos[i]);
        char *csv = cz_slurp(path), *save = NULL;
        char *line = csv ? strtok_r(csv, "\n", &save) : NULL;
        if (!line) {
            fprintf(stderr, "zonesim: %s: missing or empty\n", path);
            rc = 2;
        } else if (!header) {
            header = strdup(line);
        } else if (strcmp(header, line) != 0) {
            fprintf(stderr, "zonesim: %s: its columns differ from %s's\n", path, o->pos[0]);
            rc = 2;
        }
        while (rc == 0 && (line = strtok_r(NULL, "\n", &save))) {
            if (nrows == cap) {
                cap = cap ? 2 * cap : 64;
                rows = realloc(rows, cap * sizeof *rows);
            }
            rows[nrows].point = atoi(line);
            rows[nrows++].line = strdup(line);
        }
        free(csv);
    }
    if (rc == 0) {
        qsort(rows, nrows, sizeof *rows, by_point);
        for (size_t i = 1; i < nrows; i++)
            if (rows[i].point == rows[i - 1].point) {
                fprintf(stderr, "zonesim: merge: sweep point %d appears in two shards\n", rows[i].point);
                rc = 2;
                break;
            }
    }
    if (rc == 0) {
        /* points in order: rebuild the array sorted by "point" */
        int n = cJSON_GetArraySize(points);
        cJSON *sorted = cJSON_CreateArray();
        for (size_t i = 0; i < nrows; i++)
            for (int k = 0; k < n; k++) {
                cJSON *p = cJSON_GetArrayItem(points, k);
                if ((int)cJSON_GetObjectItem(p, "point")->valuedouble == rows[i].point) {
                    cJSON_AddItemToArray(sorted, cJSON_Duplicate(p, true));
                    break;
                }
            }
        cJSON_DeleteItemFromObject(first, "shard");
        cJSON_ReplaceItemInObject(first, "command_line", cJSON_CreateString(o->cmdline));
        cJSON *from = cJSON_AddArrayToObject(first, "merged_from");
        for (int i = 0; i < o->npos; i++)
            cJSON_AddItemToArray(from, cJSON_CreateString(o->pos[i]));
        cJSON_AddItemToObject(first, "points", sorted); /* last, as a sweep writes it */
        size_t len = strlen(header) + 2;
        for (size_t i = 0; i < nrows; i++)
            len += strlen(rows[i].line) + 1;
        char *csv = malloc(len + 1), *json = cJSON_Print(first), err[512];
        size_t off = (size_t)sprintf(csv, "%s\n", header);
        for (size_t i = 0; i < nrows; i++)
            off += (size_t)sprintf(csv + off, "%s\n", rows[i].line);
        if (cz_mkdirs(o->out, err, sizeof err) != 0 ||
            (snprintf(path, sizeof path, "%s/sweep.csv", o->out), cz_write_atomic(path, csv, err, sizeof err)) != 0 ||
            (snprintf(path, sizeof path, "%s/sweep.json", o->out), cz_write_atomic(path, json, err, sizeof err)) != 0) {
            fprintf(stderr, "zonesim: %s\n", err);
            rc = 1;
        } else if (!o->quiet) {
            printf("%zu sweep points from %d shards merged into %s/\n", nrows, o->npos, o->out);
        }
        free(csv);
        free(json);
    }
    for (size_t i = 0; i < nrows; i++)
        free(rows[i].line);
    free(rows);
    free(header);
    cJSON_Delete(points);
    cJSON_Delete(first);
    return rc;
}

int cz_cmd_merge(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(MERGE_HELP, stdout);
        return 0;
    }
    if (o.npos < 1 || !o.out) {
        fprintf(stderr, "zonesim: merge: expected shard folders and -o DIR\n");
        return 2;
    }
    char probe[4200];
    struct stat st;
    snprintf(probe, sizeof probe, "%s/sweep.json", o.pos[0]);
    if (stat(probe, &st) == 0) {
        snprintf(probe, sizeof probe, "%s/sweep.json", o.out);
        if (stat(probe, &st) == 0 && !o.force) {
            fprintf(stderr, "zonesim: %s: holds an earlier sweep; use --force to overwrite\n", o.out);
            return 2;
        }
        return merge_sweeps(&o);
    }
    snprintf(probe, sizeof probe, "%s/summary.json", o.out);
    if (stat(probe, &st) == 0 && !o.force) {
        fprintf(stderr, "zonesim: %s: holds the results of an earlier run; use --force to overwrite\n", o.out);
        return 2;
    }
    cz_scenario_t *s = NULL;
    cJSON *first_summary = NULL, *merged_from = cJSON_CreateArray();
    rowset_t rs = {0};
    bool ok = true, complete = true;
    for (int i = 0; ok && i < o.npos; i++) {
        cJSON *sum = NULL;
        cz_scenario_t *t = read_shard(o.pos[i], &sum);
        ok = t != NULL;
        if (ok && s && (t->hash != s->hash || num(sum, "seed") != num(first_summary, "seed"))) {
            fprintf(stderr, "zonesim: merge: %s ran another scenario or seed than %s\n", o.pos[i], o.pos[0]);
            ok = false;
        }
        complete = complete && cJSON_IsTrue(cJSON_GetObjectItem(sum, "complete"));
        if (ok && !s) {
            s = t, t = NULL;
            first_summary = sum, sum = NULL;
            s->seed = (uint64_t)num(first_summary, "seed");
            const cJSON *f = cJSON_GetObjectItem(first_summary, "scenario_file");
            if (cJSON_IsString(f)) {
                free(s->file);
                s->file = strdup(f->valuestring);
            }
        }
        ok = ok && read_rows(o.pos[i], s, &rs);
        cJSON_AddItemToArray(merged_from, cJSON_CreateString(o.pos[i]));
        cz_scenario_free(t);
        cJSON_Delete(sum);
    }
    int rc = ok ? 0 : 2;
    if (ok && (rs.n == 0 || !sort_rows(&rs, cz_kpi_count(s))))
        rc = 2;
    if (rc == 0) {
        cJSON *extra = cJSON_CreateObject();
        cJSON_AddItemToObject(extra, "merged_from", merged_from);
        merged_from = NULL;
        cz_run_meta_t meta = {o.cmdline, rs.id[0], rs.n, rs.id, 1, complete, rs.n, extra};
        char err[512];
        if (cz_output_write(o.out, s, rs.v, &meta, err, sizeof err) != 0) {
            fprintf(stderr, "zonesim: %s\n", err);
            rc = 1;
        } else if (!o.quiet) {
            printf("%u replications from %d shards merged into %s/\n", rs.n, o.npos, o.out);
        }
        cJSON_Delete(extra);
    }
    cJSON_Delete(merged_from);
    cJSON_Delete(first_summary);
    free(rs.v);
    free(rs.id);
    cz_scenario_free(s);
    return rc;
}
