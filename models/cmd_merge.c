/* cmd_merge.c: `zonesim merge DIR... -o DIR`: combine shards run with --reps A..B
 * into the summary.json and replications.csv that one run of all of them gives. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "models/cli.h"
#include "models/kpi.h"
#include "models/output.h"
#include "models/scenario.h"

static const char MERGE_HELP[] =
    "usage: zonesim merge DIR... -o DIR [--force]\n"
    "\n"
    "Combine the output folders of runs of one scenario made with --reps A..B (shards,\n"
    "e.g. the tasks of a cluster job array) into one DIR with the summary.json and\n"
    "replications.csv a single run of all those replications gives, byte for byte but\n"
    "for provenance (command_line, merged_from).  The shards must come from the same\n"
    "resolved scenario and seed; a replication may appear in one shard only.\n"
    "See docs/cluster.md.\n"
    "Exit: 0 done, 1 cannot write, 2 the shards do not fit together.\n";

typedef struct rowset {
    double *v;          /* n x nk */
    unsigned *id;
    unsigned n, cap;
} rowset_t;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *b = malloc(cap);
    while (b && (got = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 >= cap) {
            char *p = realloc(b, cap *= 2);
            if (!p)
                free(b);
            b = p;
        }
    }
    fclose(f);
    if (b)
        b[len] = '\0';
    return b;
}

/* Read DIR/replications.csv into rows; its header must match the scenario's KPIs. */
static bool read_rows(const char *dir, const cz_scenario_t *s, rowset_t *rs)
{
    char path[4200], buf[96];
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    char *text = slurp(path);
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
    char *text = slurp(path);
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
