/* sweep_merge.c: verifying and combining sweep shards (sweep --points A..B).
 * See merge.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "output/files.h"
#include "output/merge.h"
#include "output/results.h"

#define MAX_SHARD_FILE (256u << 20)

typedef struct csv_row {
    long point;
    char *line;
} csv_row_t;

typedef struct sweep_shard {
    const char *dir;
    cJSON *json;
    long first, last;            /* points it declares */
} sweep_shard_t;

static bool finite_or_empty(const char *s, size_t len)
{
    char buf[64], *end;
    if (len == 0)
        return true;
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    double x = strtod(buf, &end);
    return end == buf + len && !errno && isfinite(x);
}

/* The fields of one CSV line (our own RFC 4180 output): count them, and check
 * the numeric ones (from index `numeric_from`) are finite or empty. */
static int csv_fields(const char *line, int numeric_from, bool *numbers_ok)
{
    int n = 0;
    *numbers_ok = true;
    for (const char *p = line;; n++) {
        const char *start = p;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p += *p == '"' ? 2 : 1)
                ;
            if (*p == '"')
                p++;
        } else {
            p += strcspn(p, ",");
        }
        if (n >= numeric_from)
            *numbers_ok = *numbers_ok && finite_or_empty(start, (size_t)(p - start));
        if (*p != ',')
            return *p ? -1 : n + 1;
        p++;
    }
}

static bool num_member(const cJSON *o, const char *key, long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < 0 || v->valuedouble > 1e9)
        return false;
    *out = (long)v->valuedouble;
    return true;
}

static bool same_member(const cJSON *a, const cJSON *b, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(a, key), *y = cJSON_GetObjectItemCaseSensitive(b, key);
    return x && y && cJSON_Compare(x, y, true);
}

static bool read_json(sweep_shard_t *sh, const char *dir, char *err, size_t errlen)
{
    char path[4200];
    long total;
    sh->dir = dir;
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    char *text = out_slurp(path, MAX_SHARD_FILE, err, errlen);
    sh->json = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(sh->json, "shard");
    bool ok = cJSON_IsObject(sh->json) && num_member(sh->json, "points_total", &total) && total > 0 &&
              cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(sh->json, "points")) &&
              cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(sh->json, "vary"));
    if (ok && range)
        ok = num_member(range, "first", &sh->first) && num_member(range, "last", &sh->last) && sh->first <= sh->last &&
             sh->last < total;
    else if (ok)
        sh->first = 0, sh->last = total - 1;
    if (!ok && text)
        snprintf(err, errlen, "%s: not a zonesim sweep (points_total, points, vary, shard range)", path);
    return ok;
}

/* Rows of the shard's sweep.csv, checked against its JSON points. */
static bool read_csv(const sweep_shard_t *sh, char **header, csv_row_t **rows, size_t *nrows, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/sweep.csv", sh->dir);
    char *csv = out_slurp(path, MAX_SHARD_FILE, err, errlen), *save = NULL;
    char *line = csv ? strtok_r(csv, "\n", &save) : NULL;
    int nax = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(sh->json, "vary"));
    bool ok = line != NULL, numbers;
    int nfields = ok ? csv_fields(line, 1 << 30, &numbers) : -1;
    if (!ok)
        snprintf(err, errlen, "%s: missing or empty", path);
    else if (!*header && !(*header = strdup(line)))
        ok = false;
    else if (strcmp(*header, line) != 0)
        snprintf(err, errlen, "%s: its columns differ from the first shard's", path), ok = false;
    size_t before = *nrows;
    for (int lineno = 2; ok && (line = strtok_r(NULL, "\n", &save)); lineno++) {
        char *end;
        errno = 0;
        long p = strtol(line, &end, 10);
        ok = end != line && *end == ',' && !errno && p >= sh->first && p <= sh->last &&
             csv_fields(line, 1 + nax, &numbers) == nfields && numbers;
        csv_row_t *grown = ok ? realloc(*rows, (*nrows + 1) * sizeof **rows) : NULL;
        if (!ok)
            snprintf(err, errlen, "%s: line %d: expected a point in %ld..%ld, %d fields, finite numbers", path, lineno,
                     sh->first, sh->last, nfields);
        else if (!grown || !(grown[*nrows].line = strdup(line)))
            snprintf(err, errlen, "out of memory"), ok = false;
        if (grown)
            *rows = grown;
        if (ok)
            (*rows)[(*nrows)++].point = p;
    }
    int npts = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(sh->json, "points"));
    if (ok && (size_t)npts != *nrows - before) {
        snprintf(err, errlen, "%s: %zu rows but sweep.json has %d points", path, *nrows - before, npts);
        ok = false;
    }
    free(csv);
    return ok;
}

static int by_point(const void *a, const void *b)
{
    long x = ((const csv_row_t *)a)->point, y = ((const csv_row_t *)b)->point;
    return x < y ? -1 : x > y;
}

static int point_of(const cJSON *p)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(p, "point");
    return cJSON_IsNumber(v) ? (int)v->valuedouble : -1;
}

/* Every shard's JSON points in point order, each matching a CSV row. */
static cJSON *sorted_points(sweep_shard_t *sh, int n, const csv_row_t *rows, size_t nrows, char *err, size_t errlen)
{
    cJSON *sorted = cJSON_CreateArray();
    for (size_t i = 0; sorted && i < nrows; i++) {
        const cJSON *found = NULL;
        for (int s = 0; !found && s < n; s++) {
            const cJSON *p;
            cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(sh[s].json, "points")) if (point_of(p) == rows[i].point)
                found = p;
        }
        if (!found) {
            snprintf(err, errlen, "point %ld is in sweep.csv but not in sweep.json", rows[i].point);
            cJSON_Delete(sorted);
            return NULL;
        }
        cJSON_AddItemToArray(sorted, cJSON_Duplicate(found, true));
    }
    return sorted;
}

/* The end of the CSV field that starts at p (our own RFC 4180 output). */
static const char *field_end(const char *p)
{
    if (*p != '"')
        return p + strcspn(p, ",");
    for (p++; *p && !(*p == '"' && p[1] != '"'); p += *p == '"' ? 2 : 1)
        ;
    return *p == '"' ? p + 1 : p;
}

/* A whole number from s to exactly end. */
static bool whole_number(const char *s, const char *end, long *out)
{
    char *e;
    errno = 0;
    *out = strtol(s, &e, 10);
    return *s >= '0' && *s <= '9' && e == end && !errno;
}

/* One row of a shard's kpis.csv: scenario, a point of the shard that finished,
 * a whole replication number, a KPI, a finite or empty value, a unit. */
static bool kpis_row_ok(const char *line, const sweep_shard_t *sh, const csv_row_t *rows, size_t nrows)
{
    const char *f[6], *p = line;
    int n = 0;
    for (;; p++) {
        f[n++] = p;
        p = field_end(p);
        if (*p != ',' || n == 6)
            break;
    }
    long rep;
    csv_row_t key;
    if (n != 6 || *p || strchr(line, '\r') || !whole_number(f[1], f[2] - 1, &key.point) ||
        !whole_number(f[2], f[3] - 1, &rep))
        return false;
    return key.point >= sh->first && key.point <= sh->last && bsearch(&key, rows, nrows, sizeof *rows, by_point) &&
           finite_or_empty(f[4], (size_t)(f[5] - 1 - f[4]));
}

/* Copy one shard's kpis.csv rows into st, each checked.  1 done, 0 the shard
 * has none (an older zonesim), -1 an error (in err). */
static int copy_kpis(const sweep_shard_t *sh, const csv_row_t *rows, size_t nrows, out_stream_t *st, char *err,
                     size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/kpis.csv", sh->dir);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && errno == ENOENT)
        return 0;
    struct stat s;
    FILE *f = fd >= 0 && fstat(fd, &s) == 0 && S_ISREG(s.st_mode) ? fdopen(fd, "r") : NULL;
    if (!f) {
        snprintf(err, errlen, "%s: not a readable regular file", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, h = strlen(out_kpis_header);
    ssize_t n = getline(&line, &cap, f);
    bool ok = n == (ssize_t)h && memcmp(line, out_kpis_header, h) == 0;
    if (!ok)
        snprintf(err, errlen, "%s: not a zonesim kpis.csv (its header differs)", path);
    for (long lineno = 2; ok && (n = getline(&line, &cap, f)) > 0; lineno++) {
        ok = line[n - 1] == '\n' && n < 65536;
        if (ok)
            line[n - 1] = '\0';
        if (!(ok = ok && kpis_row_ok(line, sh, rows, nrows)))
            snprintf(err, errlen, "%s: line %ld: expected scenario, a point of this shard, a replication, a KPI, "
                     "a finite value or none, a unit", path, lineno);
        else if (fputs(line, st->f) == EOF || fputc('\n', st->f) == EOF)
            st->failed = true;
    }
    ok = ok && !ferror(f);
    free(line);
    fclose(f);
    return ok ? 1 : -1;
}

static int by_first(const void *a, const void *b)
{
    long x = (*(sweep_shard_t *const *)a)->first, y = (*(sweep_shard_t *const *)b)->first;
    return x < y ? -1 : x > y;
}

/* kpis.csv of the merged sweep into the batch: the shards' rows, shards in point
 * order (so that it is byte for byte the unsharded sweep's).  0 done or skipped
 * (a shard without one: said on stderr), -1 an error (in err). */
static int merge_kpis(const out_merge_opts_t *o, sweep_shard_t *sh, const csv_row_t *rows, size_t nrows,
                      const out_dir_t *d, out_batch_t *b, char *err, size_t errlen)
{
    sweep_shard_t **order = calloc((size_t)o->nshards, sizeof *order);
    out_stream_t st;
    if (!order || out_stream_open(&st, d, "kpis.csv", err, errlen) != 0) {
        if (!order)
            snprintf(err, errlen, "out of memory");
        free(order);
        return -1;
    }
    for (int i = 0; i < o->nshards; i++)
        order[i] = &sh[i];
    qsort(order, (size_t)o->nshards, sizeof *order, by_first);
    out_stream_write(&st, strdup(out_kpis_header));
    int got = 1;
    for (int i = 0; got == 1 && i < o->nshards; i++)
        got = copy_kpis(order[i], rows, nrows, &st, err, errlen);
    free(order);
    if (got != 1) {
        out_stream_abort(&st);
        if (got == 0)
            fprintf(stderr, "zonesim: merge: not every shard has a kpis.csv (written by an older zonesim?): "
                            "the merged sweep has none\n");
        return got == 0 ? 0 : -1;
    }
    return out_stream_place(&st, b, err, errlen);
}

static int write_merged(const out_merge_opts_t *o, sweep_shard_t *sh, const char *header, csv_row_t *rows,
                        size_t nrows, char *err, size_t errlen)
{
    cJSON *first = sh[0].json, *points = sorted_points(sh, o->nshards, rows, nrows, err, errlen);
    if (!points)
        return 2;
    bool complete = true;
    for (int i = 0; i < o->nshards; i++)
        complete = complete && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sh[i].json, "complete"));
    cJSON_DeleteItemFromObjectCaseSensitive(first, "shard");
    cJSON_ReplaceItemInObjectCaseSensitive(first, "command_line", cJSON_CreateString(o->command_line));
    cJSON_ReplaceItemInObjectCaseSensitive(first, "complete", cJSON_CreateBool(complete));
    cJSON *from = cJSON_AddArrayToObject(first, "merged_from");
    for (int i = 0; i < o->nshards; i++)
        cJSON_AddItemToArray(from, cJSON_CreateString(o->shards[i]));
    cJSON_DeleteItemFromObjectCaseSensitive(first, "points");
    cJSON_AddItemToObject(first, "points", points); /* last, as a sweep writes it */
    size_t len = strlen(header) + 2;
    for (size_t i = 0; i < nrows; i++)
        len += strlen(rows[i].line) + 1;
    char *csv = malloc(len + 1);
    size_t off = csv ? (size_t)sprintf(csv, "%s\n", header) : 0;
    for (size_t i = 0; csv && i < nrows; i++)
        off += (size_t)sprintf(csv + off, "%s\n", rows[i].line);
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(first, "name");
    out_dir_t d;
    if (out_dir_claim(&d, o->out, "sweep", cJSON_IsString(nm) ? nm->valuestring : "", o->force, o->quiet, err, errlen)) {
        free(csv);
        return 2;
    }
    out_batch_t *b = out_batch_create(&d);
    int rc = 1;
    if (b && merge_kpis(o, sh, rows, nrows, &d, b, err, errlen) != 0) {
        free(csv);
        rc = 2;
    } else if (b) {
        out_batch_take(b, "sweep.csv", csv);
        out_batch_take(b, "sweep.json", cJSON_Print(first));
        rc = out_batch_commit(b, err, errlen) == 0 ? 0 : 1;
    } else {
        free(csv);
        snprintf(err, errlen, "out of memory");
    }
    out_batch_destroy(b);
    if (rc == 0 && !o->quiet)
        printf("%zu sweep points from %d shards merged into %s/\n", nrows, o->nshards, o->out);
    return rc;
}

int out_merge_sweeps(const out_merge_opts_t *o, char *err, size_t errlen)
{
    sweep_shard_t *sh = calloc((size_t)o->nshards, sizeof *sh);
    csv_row_t *rows = NULL;
    size_t nrows = 0;
    char *header = NULL;
    static const char *const same[] = {"vary", "seed", "replications", "scenario", "points_total", "name",
                                       "scenario_hash"};
    bool ok = sh != NULL;
    if (!sh)
        snprintf(err, errlen, "out of memory");
    for (int i = 0; ok && i < o->nshards; i++) {
        ok = read_json(&sh[i], o->shards[i], err, errlen);
        for (size_t k = 0; ok && i > 0 && k < sizeof same / sizeof same[0]; k++)
            if (!same_member(sh[0].json, sh[i].json, same[k])) {
                snprintf(err, errlen, "%s swept another grid, scenario or seed than %s (%s differs)", o->shards[i],
                         o->shards[0], same[k]);
                ok = false;
            }
        ok = ok && read_csv(&sh[i], &header, &rows, &nrows, err, errlen);
    }
    if (ok)
        qsort(rows, nrows, sizeof *rows, by_point);
    for (size_t i = 1; ok && i < nrows; i++)
        if (rows[i].point == rows[i - 1].point) {
            snprintf(err, errlen, "sweep point %ld appears in two shards", rows[i].point);
            ok = false;
        }
    int rc = ok ? write_merged(o, sh, header, rows, nrows, err, errlen) : 2;
    for (size_t i = 0; i < nrows; i++)
        free(rows[i].line);
    free(rows);
    free(header);
    for (int i = 0; sh && i < o->nshards; i++)
        cJSON_Delete(sh[i].json);
    free(sh);
    return rc;
}
