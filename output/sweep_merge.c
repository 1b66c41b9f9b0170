/* sweep_merge.c: verifying and combining sweep shards (sweep --points A..B).
 * See merge.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "output/files.h"
#include "output/merge.h"
#include "output/results.h"
#include "models/scenario/json_in.h"

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

/* The end of the CSV field that starts at p (our own RFC 4180 output). */
static const char *field_end(const char *p)
{
    if (*p != '"')
        return p + strcspn(p, ",");
    for (p++; *p && !(*p == '"' && p[1] != '"'); p += *p == '"' ? 2 : 1)
        ;
    return *p == '"' ? p + 1 : p;
}

/* The fields of one CSV line (our own RFC 4180 output): count them, and check
 * the numeric ones (from index `numeric_from`) are finite or empty. */
static int csv_fields(const char *line, int numeric_from, bool *numbers_ok)
{
    int n = 0;
    *numbers_ok = true;
    for (const char *p = line;; n++) {
        const char *start = p;
        p = field_end(p);
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
    double x = cJSON_GetNumberValue(v); /* NaN when not a number */
    return x >= 0 && x <= INT_MAX && x == floor(x) ? (int)x : -1; /* a whole point number, or none */
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

/* A whole number from s to exactly end. */
static bool whole_number(const char *s, const char *end, long *out)
{
    char *e;
    errno = 0;
    *out = strtol(s, &e, 10);
    return *s >= '0' && *s <= '9' && e == end && !errno;
}

/* Where a shard's kpis.csv stands: its finished points in order, each with
 * every replication in order, each replication with the same KPI rows as the
 * point's first (scenario, KPI and unit). */
typedef struct kpis_walk {
    const csv_row_t *pts;        /* the shard's finished points (its sweep.csv rows) */
    size_t npts, pi;             /* and the one being read */
    long reps, rep;              /* replications per point, and the one being read */
    size_t k, nk;                /* row within the replication; rows of the first */
    char **keys;                 /* the first replication's rows: kpi \x1f scenario,unit */
    double *sum;                 /* per key: the sum of its values over the replications */
    unsigned *cnt;               /* and how many there were */
    size_t nkeys, cap, last;     /* last: the key of the row accepted last */
    const cJSON *json_points;    /* the shard's sweep.json points: the KPIs each must have */
    bool started, oom, short_of_json, values_differ;
} kpis_walk_t;

/* The first of the current point's keys from `from` on that is KPI `kpi`, or nkeys. */
static size_t key_index(const kpis_walk_t *w, const char *kpi, size_t from)
{
    size_t n = strlen(kpi);
    while (from < w->nkeys && !(strncmp(w->keys[from], kpi, n) == 0 && w->keys[from][n] == '\x1f'))
        from++;
    return from;
}

static const cJSON *json_point(const kpis_walk_t *w)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, w->json_points) if (point_of(p) == w->pts[w->pi].point) return p;
    return NULL;
}

/* The current point's values against its sweep.json means: each mean there is
 * the mean of the rows' values (to 1e-9, relative), as the sweep computed it. */
static bool point_means_agree(kpis_walk_t *w)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(json_point(w), "kpis")) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(k, "mean");
        if (!cJSON_IsNumber(m))
            continue;
        size_t i = key_index(w, k->string, 0);
        double mean = i < w->nkeys && w->cnt[i] ? w->sum[i] / w->cnt[i] : NAN;
        if (!(fabs(mean - m->valuedouble) <= 1e-9 * fmax(1, fabs(m->valuedouble))))
            return !(w->values_differ = true);
    }
    return true;
}

/* The current point's first replication against its sweep.json summary: every
 * KPI with a mean there has its row, in the same order. */
static bool point_has_its_kpis(kpis_walk_t *w)
{
    const cJSON *p = json_point(w), *k;
    size_t at = 0;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(p, "kpis")) {
        if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(k, "mean")))
            continue;
        if ((at = key_index(w, k->string, at)) >= w->nkeys)
            return !(w->short_of_json = true);
        at++; /* the next KPI comes after this one */
    }
    return p != NULL || !(w->short_of_json = true);
}

static bool block_done(const kpis_walk_t *w) { return w->rep == 0 ? w->k > 0 : w->k == w->nk; }

static bool grow_keys(kpis_walk_t *w)
{
    size_t cap = w->cap ? 2 * w->cap : 64;
    char **k = realloc(w->keys, cap * sizeof *k);
    if (k)
        w->keys = k;
    double *s = k ? realloc(w->sum, cap * sizeof *s) : NULL;
    if (s)
        w->sum = s;
    unsigned *c = s ? realloc(w->cnt, cap * sizeof *c) : NULL;
    if (c)
        w->cnt = c, w->cap = cap;
    return c != NULL;
}

/* One row's place in the walk: true if it is the row expected next. */
static bool kpis_step(kpis_walk_t *w, long point, long rep, const char *key)
{
    if (!w->started) {
        if (w->npts == 0 || point != w->pts[0].point || rep != 0)
            return false;
        w->started = true;
    } else if (point == w->pts[w->pi].point && rep == w->rep + 1 && rep < w->reps && block_done(w)) {
        if (w->rep == 0 && !point_has_its_kpis(w))
            return false;
        w->nk = w->rep == 0 ? w->k : w->nk, w->rep = rep, w->k = 0;
    } else if (w->pi + 1 < w->npts && point == w->pts[w->pi + 1].point && rep == 0 && w->rep == w->reps - 1 &&
               block_done(w)) {
        if ((w->reps == 1 && !point_has_its_kpis(w)) || !point_means_agree(w))
            return false;
        while (w->nkeys > 0)
            free(w->keys[--w->nkeys]);
        w->pi++, w->rep = 0, w->k = 0;
    } else if (point != w->pts[w->pi].point || rep != w->rep) {
        return false;
    }
    if (w->rep > 0)
        return w->k < w->nk && !strcmp(w->keys[w->last = w->k++], key);
    if (w->nkeys == w->cap && !grow_keys(w))
        return !(w->oom = true);
    for (size_t i = 0; i < w->nkeys; i++) /* a KPI twice in one replication */
        if (!strcmp(w->keys[i], key))
            return false;
    if (!(w->keys[w->nkeys] = strdup(key)))
        return !(w->oom = true);
    w->sum[w->nkeys] = 0, w->cnt[w->nkeys] = 0;
    w->last = w->nkeys++, w->k++;
    return true;
}

/* Has the walk read every finished point's every replication? */
static bool kpis_complete(kpis_walk_t *w)
{
    return w->npts == 0 ? !w->started
                        : w->started && w->pi == w->npts - 1 && w->rep == w->reps - 1 && block_done(w) &&
                              (w->reps > 1 || point_has_its_kpis(w)) && point_means_agree(w);
}

/* A field as our CSV writes it: plain, or quoted with its closing quote. */
static bool field_ok(const char *start, const char *end)
{
    return *start != '"' || (end - start >= 2 && end[-1] == '"');
}

/* One row of a shard's kpis.csv, checked and walked: six fields, a whole point
 * and replication, a finite or empty value, and the place the walk expects. */
static bool kpis_row(kpis_walk_t *w, const char *line)
{
    const char *f[6], *p = line;
    int n = 0;
    for (;; p++) {
        f[n++] = p;
        p = field_end(p);
        if (*p != ',' || n == 6)
            break;
    }
    long point, rep;
    if (n != 6 || *p || !whole_number(f[1], f[2] - 1, &point) || !whole_number(f[2], f[3] - 1, &rep) ||
        !finite_or_empty(f[4], (size_t)(f[5] - 1 - f[4])) || f[3] == f[4] - 1 || !field_ok(f[0], f[1] - 1) ||
        !field_ok(f[3], f[4] - 1) || !field_ok(f[5], p))
        return false;
    char key[1024];
    int len = snprintf(key, sizeof key, "%.*s\x1f%.*s,%s", (int)(f[4] - 1 - f[3]), f[3], (int)(f[1] - 1 - f[0]), f[0],
                       f[5]);
    if (len < 0 || (size_t)len >= sizeof key)
        return false;
    if (!kpis_step(w, point, rep, key))
        return false;
    double v = f[5] - 1 > f[4] ? strtod(f[4], NULL) : NAN; /* checked finite or empty above */
    if (!isnan(v))
        w->sum[w->last] += v, w->cnt[w->last]++;
    return true;
}

/* A line into buf (cap bytes): its length, -1 at the end of the file, -2 for
 * a line too long, holding a NUL or a CR, or without its newline. */
static long read_line(FILE *f, char *buf, size_t cap)
{
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF) {
        if (c == '\n') {
            buf[n] = '\0';
            return (long)n;
        }
        if (c == '\0' || c == '\r' || n + 1 >= cap)
            return -2;
        buf[n++] = (char)c;
    }
    return n == 0 && !ferror(f) ? -1 : -2;
}

/* Walk one shard's kpis.csv (open as f) and copy its rows to out (NULL: only
 * check).  0, or -1 with the reason. */
static int walk_kpis(FILE *f, const char *path, kpis_walk_t *w, FILE *out, char *err, size_t errlen)
{
    size_t cap = 1 << 16, h = strlen(out_kpis_header) - 1;
    char *line = malloc(cap);
    long n = line ? read_line(f, line, cap) : -2, lineno = 1;
    bool ok = n == (long)h && !memcmp(line, out_kpis_header, h);
    if (!ok)
        snprintf(err, errlen, "%s: not a zonesim kpis.csv (its header differs)", path);
    for (lineno = 2; ok && (n = read_line(f, line, cap)) != -1; lineno++) {
        if (!(ok = n >= 0 && kpis_row(w, line)))
            snprintf(err, errlen, "%s: line %ld: %s", path, lineno,
                     w->oom            ? "out of memory"
                     : w->short_of_json ? "the replication before lacks a KPI its sweep.json reports, or has them "
                                          "out of order"
                     : w->values_differ ? "the point before's values do not average to its sweep.json means"
                            : "expected the next row of the shard's finished points, each replication in order with "
                              "its KPIs (scenario, point, replication, KPI, a finite value or none, unit)");
        else if (out && (fputs(line, out) == EOF || fputc('\n', out) == EOF))
            ok = false, snprintf(err, errlen, "cannot write the merged kpis.csv");
    }
    if (ok && !(ok = kpis_complete(w))) {
        if (w->values_differ)
            snprintf(err, errlen, "%s: the last point's values do not average to its sweep.json means", path);
        else
            snprintf(err, errlen, "%s: ends before every replication of every finished point (%zu points, %ld "
                     "replications each, every KPI its sweep.json reports)", path, w->npts, w->reps);
    }
    free(line);
    return ok ? 0 : -1;
}

/* One shard's kpis.csv, checked against its finished points and replications,
 * its rows copied to out (NULL: only checked).  1 done, 0 the shard has none
 * (an older zonesim), -1 an error (in err). */
static int shard_kpis(const sweep_shard_t *sh, const csv_row_t *rows, size_t nrows, FILE *out, char *err,
                      size_t errlen)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/kpis.csv", sh->dir);
    if (lstat(path, &st) != 0 && errno == ENOENT)
        return 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
    FILE *f = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fdopen(fd, "r") : NULL;
    if (!f) {
        snprintf(err, errlen, "%s: not a regular file of its own (a link, a folder, a FIFO?)", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    kpis_walk_t w = {0};
    size_t lo = 0, hi;
    while (lo < nrows && rows[lo].point < sh->first)
        lo++;
    for (hi = lo; hi < nrows && rows[hi].point <= sh->last; hi++)
        ;
    w.pts = rows + lo, w.npts = hi - lo;
    w.json_points = cJSON_GetObjectItemCaseSensitive(sh->json, "points");
    int rc = num_member(sh->json, "replications", &w.reps) && w.reps > 0 ? walk_kpis(f, path, &w, out, err, errlen)
                                                                           : -1;
    if (w.reps <= 0)
        snprintf(err, errlen, "%s: no replications in its sweep.json", sh->dir);
    while (w.nkeys > 0)
        free(w.keys[--w.nkeys]);
    free(w.keys);
    free(w.sum);
    free(w.cnt);
    fclose(f);
    return rc == 0 ? 1 : -1;
}

static int by_first(const void *a, const void *b)
{
    long x = (*(sweep_shard_t *const *)a)->first, y = (*(sweep_shard_t *const *)b)->first;
    return x < y ? -1 : x > y;
}

/* Every shard's kpis.csv checked, before the output folder is claimed: 1 all
 * there, 0 one is missing (said on stderr: the merged sweep has none), -1 an
 * error (in err). */
static int check_kpis(const out_merge_opts_t *o, const sweep_shard_t *sh, const csv_row_t *rows, size_t nrows,
                      char *err, size_t errlen)
{
    int all = 1;
    for (int i = 0; i < o->nshards; i++) {
        int r = shard_kpis(&sh[i], rows, nrows, NULL, err, errlen);
        if (r < 0)
            return -1;
        all = all && r == 1;
    }
    if (!all)
        cz_eprintf("zonesim: merge: not every shard has a kpis.csv (written by an older zonesim?): "
                        "the merged sweep has none\n");
    return all;
}

/* kpis.csv of the merged sweep into the batch: the shards' rows, shards in point
 * order (so that it is byte for byte the unsharded sweep's).  0, or -1 with the
 * reason. */
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
        got = shard_kpis(order[i], rows, nrows, st.f, err, errlen);
    free(order);
    if (got != 1) {
        if (got == 0)
            snprintf(err, errlen, "a shard's kpis.csv went away during the merge");
        out_stream_abort(&st);
        return -1;
    }
    return out_stream_place(&st, b, err, errlen);
}

static int write_merged(const out_merge_opts_t *o, sweep_shard_t *sh, const char *header, csv_row_t *rows,
                        size_t nrows, bool with_kpis, char *err, size_t errlen)
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
    if (b && with_kpis && merge_kpis(o, sh, rows, nrows, &d, b, err, errlen) != 0) {
        free(csv); /* the shards were checked before: a write failed */
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
    int kpis = ok ? check_kpis(o, sh, rows, nrows, err, errlen) : -1; /* before the folder is claimed */
    int rc = ok && kpis >= 0 ? write_merged(o, sh, header, rows, nrows, kpis == 1, err, errlen) : 2;
    for (size_t i = 0; i < nrows; i++)
        free(rows[i].line);
    free(rows);
    free(header);
    for (int i = 0; sh && i < o->nshards; i++)
        cJSON_Delete(sh[i].json);
    free(sh);
    return rc;
}
