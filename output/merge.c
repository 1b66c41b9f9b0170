/* merge.c: verifying and combining shards.  See merge.h. */
#include "output/merge.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiment/warnings.h"
#include "models/scenario/scenario.h"
#include "models/zone/kpi.h"
#include "output/files.h"
#include "output/results.h"
#include "output/sweep.h"
#include "models/scenario/json_in.h"

#define MAX_SHARD_FILE (256u << 20)

/* ---- strict reading ---- */

static cJSON *load_json(const char *dir, const char *name, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = out_slurp(path, MAX_SHARD_FILE, err, errlen);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    if (text && !cJSON_IsObject(j)) {
        snprintf(err, errlen, "%s: not a JSON object", path);
        cJSON_Delete(j);
        j = NULL;
    }
    free(text);
    return j;
}

/* A whole number member in [0, max], or false. */
static bool get_uint(const cJSON *o, const char *key, double max, unsigned long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble <= max) || v->valuedouble != floor(v->valuedouble))
        return false;
    *out = (unsigned long long)v->valuedouble;
    return true;
}

/* A CSV value: empty (undefined, NaN) or a finite number, wholly consumed. */
static bool parse_value(const char *s, size_t len, double *x)
{
    char buf[64], *end;
    if (len == 0) {
        *x = NAN;
        return true;
    }
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    *x = strtod(buf, &end);
    return end == buf + len && !errno && isfinite(*x);
}

/* ---- run shards ---- */

typedef struct rows {
    double *v;          /* n x nk */
    unsigned *id;
    unsigned n, cap;
} rows_t;

typedef struct shard {
    const char *dir;
    cJSON *summary;
    cz_scenario_t *s;
    unsigned long long first, last, seed;
    bool complete;
} shard_t;

static bool rows_grow(rows_t *rs, int nk)
{
    if (rs->n < rs->cap)
        return true;
    unsigned cap = rs->cap ? rs->cap * 2 : 64;
    double *v = realloc(rs->v, (size_t)cap * (size_t)nk * sizeof *v);
    if (v)
        rs->v = v;
    unsigned *id = v ? realloc(rs->id, cap * sizeof *id) : NULL;
    if (id)
        rs->id = id;
    if (!v || !id)
        return false;
    rs->cap = cap;
    return true;
}

/* One data row: "replication,v1,...,vnk" with the replication in the shard's range. */
static bool parse_row(const char *line, int nk, const shard_t *sh, rows_t *rs, char *err, size_t errlen, int lineno)
{
    char *end;
    errno = 0;
    unsigned long long id = strtoull(line, &end, 10);
    bool ok = end != line && *line != '-' && !errno && *end == ',' && id >= sh->first && id <= sh->last;
    double *v = rs->v + (size_t)rs->n * (size_t)nk;
    const char *p = end;
    for (int k = 0; ok && k < nk; k++) {
        const char *f = p + 1, *comma = strchr(f, ',');
        size_t len = comma ? (size_t)(comma - f) : strlen(f);
        ok = (comma != NULL) == (k < nk - 1) && parse_value(f, len, &v[k]);
        p = f + len;
    }
    if (!ok) {
        snprintf(err, errlen, "%s/replications.csv: line %d: expected a replication in %llu..%llu and %d finite "
                 "values (empty where undefined)", sh->dir, lineno, sh->first, sh->last, nk);
        return false;
    }
    rs->id[rs->n++] = (unsigned)id;
    return true;
}

static bool read_rows(const shard_t *sh, rows_t *rs, char *err, size_t errlen)
{
    char path[4200], buf[CZ_KPI_NAME_MAX];
    snprintf(path, sizeof path, "%s/replications.csv", sh->dir);
    char *text = out_slurp(path, MAX_SHARD_FILE, err, errlen);
    if (!text)
        return false;
    int nk = cz_kpi_count(sh->s), lineno = 1;
    char *save = NULL, *line = strtok_r(text, "\n", &save), *hs = NULL;
    char *h = line ? strtok_r(line, ",", &hs) : NULL;
    bool ok = h && !strcmp(h, "replication");
    for (int k = 0; ok && k < nk; k++)
        ok = (h = strtok_r(NULL, ",", &hs)) && !strcmp(h, cz_kpi_name(sh->s, k, buf));
    ok = ok && !strtok_r(NULL, ",", &hs);
    if (!ok)
        snprintf(err, errlen, "%s: its columns are not the KPIs of the shard's scenario", path);
    unsigned before = rs->n;
    while (ok && (line = strtok_r(NULL, "\n", &save))) {
        ok = rows_grow(rs, nk) && parse_row(line, nk, sh, rs, err, errlen, ++lineno);
        if (!ok && rs->n == rs->cap)
            snprintf(err, errlen, "out of memory");
    }
    if (ok && sh->complete && rs->n - before != sh->last - sh->first + 1) {
        snprintf(err, errlen, "%s: says it is complete with replications %llu..%llu but has %u rows", path,
                 sh->first, sh->last, rs->n - before);
        ok = false;
    }
    free(text);
    return ok;
}

static bool read_shard(shard_t *sh, const char *dir, char *err, size_t errlen)
{
    unsigned long long nrep, planned;
    memset(sh, 0, sizeof *sh);
    sh->dir = dir;
    if (!(sh->summary = load_json(dir, "summary.json", err, errlen))) {
        char why[400];
        snprintf(why, sizeof why, "%s", err);
        snprintf(err, errlen, "%s: not a zonesim results folder (%s)", dir, why);
        return false;
    }
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(sh->summary, "shard");
    bool ok = get_uint(sh->summary, "seed", 18446744073709551615.0, &sh->seed) &&
              get_uint(sh->summary, "replications", 1e6, &nrep) &&
              get_uint(sh->summary, "replications_planned", 1e6, &planned);
    if (ok && range)
        ok = get_uint(range, "first", 1e6, &sh->first) && get_uint(range, "last", 1e6, &sh->last) &&
             sh->first <= sh->last;
    else if (ok)
        ok = get_uint(sh->summary, "first_replication", 1e6, &sh->first) && planned >= 1 &&
             (sh->last = sh->first + planned - 1, true);
    sh->complete = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sh->summary, "complete"));
    if (!ok) {
        snprintf(err, errlen, "%s/summary.json: not a zonesim run summary (seed, replications, range)", dir);
        return false;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    cz_reader_t r;
    cz_reader_init(&r, path);
    cJSON *root = cz_load_json(&r, path, CZ_MAX_SCENARIO_BYTES);
    sh->s = root ? cz_scenario_from_json(&r, root, path) : NULL;
    if (!sh->s) {
        cz_reader_print(&r, stderr);
        cJSON_Delete(root);
        snprintf(err, errlen, "%s/scenario.json: not a valid scenario", dir);
    }
    cz_reader_fini(&r);
    return sh->s != NULL;
}

static int by_id(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Sort rows by replication number; refuse duplicates. */
static bool sort_rows(rows_t *rs, int nk, char *err, size_t errlen)
{
    /* sort an index of (id, row) pairs, then permute */
    unsigned (*ix)[2] = malloc((size_t)(rs->n ? rs->n : 1) * sizeof *ix);
    double *v = malloc((size_t)(rs->n ? rs->n : 1) * (size_t)nk * sizeof *v);
    bool ok = ix && v;
    for (unsigned i = 0; ok && i < rs->n; i++)
        ix[i][0] = rs->id[i], ix[i][1] = i;
    if (ok)
        qsort(ix, rs->n, sizeof *ix, by_id);
    for (unsigned i = 0; ok && i < rs->n; i++) {
        if (i > 0 && ix[i][0] == ix[i - 1][0]) {
            snprintf(err, errlen, "replication %u appears in two shards (or twice in one)", ix[i][0]);
            ok = false;
        }
        memcpy(v + (size_t)i * (size_t)nk, rs->v + (size_t)ix[i][1] * (size_t)nk, (size_t)nk * sizeof *v);
    }
    for (unsigned i = 0; ok && i < rs->n; i++)
        rs->id[i] = ix[i][0];
    if (ok) {
        free(rs->v);
        rs->v = v;
        v = NULL;
    }
    free(ix);
    free(v);
    return ok;
}

static bool same_run(const shard_t *a, const shard_t *b, char *err, size_t errlen)
{
    if (a->s->hash == b->s->hash && a->seed == b->seed)
        return true;
    snprintf(err, errlen, "%s ran another scenario or seed than %s", b->dir, a->dir);
    return false;
}

static int write_run(const out_merge_opts_t *o, shard_t *first, rows_t *rs, bool complete, unsigned planned)
{
    char err[512];
    out_dir_t d;
    cJSON *extra = cJSON_CreateObject(), *from = cJSON_AddArrayToObject(extra, "merged_from");
    for (int i = 0; i < o->nshards; i++)
        cJSON_AddItemToArray(from, cJSON_CreateString(o->shards[i]));
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(first->summary, "scenario_file");
    if (cJSON_IsString(file)) {
        free(first->s->file);
        first->s->file = strdup(file->valuestring);
    }
    cz_scenario_set_seed(first->s, first->seed);
    cz_scenario_set_replications(first->s, planned);
    ex_run_notes(extra, first->s, rs->v, rs->n, "");
    out_run_meta_t meta = {o->command_line, rs->n, rs->id, complete, planned, extra};
    int rc = out_dir_claim(&d, o->out, "run", first->s->name, o->force, o->quiet, err, sizeof err) == 0 ? 0 : 2;
    out_batch_t *b = rc == 0 ? out_batch_create(&d) : NULL;
    if (b) {
        out_run_files(b, "", first->s, rs->v, NULL, &meta);
        rc = out_batch_commit(b, err, sizeof err) == 0 ? 0 : 1;
    } else if (rc == 0) {
        snprintf(err, sizeof err, "out of memory");
        rc = 1;
    }
    if (rc)
        cz_eprintf("zonesim: merge: %s\n", err);
    else if (!o->quiet)
        printf("%u replications from %d shards merged into %s/\n", rs->n, o->nshards, o->out);
    out_batch_destroy(b);
    cJSON_Delete(extra);
    return rc;
}

static int merge_runs(const out_merge_opts_t *o)
{
    shard_t *sh = calloc((size_t)o->nshards, sizeof *sh);
    rows_t rs = {0};
    char err[512] = "out of memory";
    bool ok = sh != NULL, complete = true;
    unsigned planned = 0;
    for (int i = 0; ok && i < o->nshards; i++) {
        ok = read_shard(&sh[i], o->shards[i], err, sizeof err) && (i == 0 || same_run(&sh[0], &sh[i], err, sizeof err)) &&
             read_rows(&sh[i], &rs, err, sizeof err);
        complete = complete && sh[i].complete;
        planned += ok ? (unsigned)(sh[i].last - sh[i].first + 1) : 0;
    }
    ok = ok && sort_rows(&rs, cz_kpi_count(sh[0].s), err, sizeof err);
    if (ok && rs.n == 0) {
        snprintf(err, sizeof err, "the shards hold no replication");
        ok = false;
    }
    int rc = ok ? write_run(o, &sh[0], &rs, complete, planned) : 2;
    if (!ok)
        cz_eprintf("zonesim: merge: %s\n", err);
    for (int i = 0; sh && i < o->nshards; i++) {
        cJSON_Delete(sh[i].summary);
        cz_scenario_free(sh[i].s);
    }
    free(sh);
    free(rs.v);
    free(rs.id);
    return rc;
}

/* ---- sweep shards ---- */

static bool is_sweep(const char *dir)
{
    char path[4200], err[256];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    char *t = out_slurp(path, 1, err, sizeof err); /* exists as a regular file (too large is fine) */
    bool found = t != NULL || strstr(err, "too large") != NULL;
    free(t);
    return found;
}

int out_merge(const out_merge_opts_t *o)
{
    bool sweep = is_sweep(o->shards[0]);
    for (int i = 1; i < o->nshards; i++)
        if (is_sweep(o->shards[i]) != sweep) {
            cz_eprintf("zonesim: merge: %s and %s are not the same kind of folder (run and sweep)\n",
                    o->shards[0], o->shards[i]);
            return 2;
        }
    if (!sweep)
        return merge_runs(o);
    char err[512];
    int rc = out_merge_sweeps(o, err, sizeof err);
    if (rc)
        cz_eprintf("zonesim: merge: %s\n", err);
    return rc;
}
