/* monitor.c: joining a monitored run's part files (monitor.h). */
#include "output/monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "models/zone/zone.h"
#include "output/results.h"

void out_monitor_discard(const char *dir, const unsigned *ids, unsigned n)
{
    char part[4200];
    for (unsigned i = 0; i < n; i++)
        for (int k = 0; k < CZ_MON_KINDS; k++)
            if (cz_monitor_part(part, sizeof part, dir, k, ids[i]))
                unlink(part);
}

/* Append the file at path to out, counting its lines; the file is removed. */
static bool append(FILE *out, const char *path, unsigned long long *lines, char *err, size_t errlen)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    char buf[1 << 16];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))); p++)
            ++*lines;
        ok = fwrite(buf, 1, n, out) == n;
    }
    ok = ok && !ferror(in);
    if (!ok)
        snprintf(err, errlen, "cannot join %s: %s", path, strerror(errno ? errno : EIO));
    fclose(in);
    unlink(path);
    return ok;
}

/* One kind's rows, joined into a new temporary file tmp (synced). */
static bool join_kind(const out_dir_t *d, const out_monitor_meta_t *m, int k, const char *tmp,
                      unsigned long long *rows, char *err, size_t errlen)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!out) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    bool ok = fputs(cz_monitor_header(k), out) >= 0;
    char part[4200];
    for (unsigned i = 0; ok && i < m->nrep; i++)
        ok = cz_monitor_part(part, sizeof part, d->path, k, m->rep_ids[i]) && append(out, part, rows, err, errlen);
    if (ok && (fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0)) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno ? errno : EIO));
        ok = false;
    }
    ok = fclose(out) == 0 && ok;
    if (!ok) {
        if (!err[0])
            snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno ? errno : EIO));
        unlink(tmp);
    }
    return ok;
}

static char *index_json(const out_monitor_meta_t *m, const unsigned long long *rows)
{
    cJSON *j = cJSON_CreateObject();
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)m->s->seed);
    cJSON_AddStringToObject(j, "zonesim_version", CZ_VERSION);
    cJSON_AddStringToObject(j, "kind", "monitor");
    cJSON_AddStringToObject(j, "scenario", m->s->name);
    cJSON_AddStringToObject(j, "command_line", m->command_line ? m->command_line : "");
    cJSON_AddRawToObject(j, "seed", seed);
    cJSON_AddBoolToObject(j, "complete", m->complete);
    cJSON_AddNumberToObject(j, "warmup_min", m->s->warmup_min);
    cJSON_AddNumberToObject(j, "horizon_min", m->s->horizon_min);
    cJSON *r = cJSON_AddArrayToObject(j, "replications");
    for (unsigned i = 0; i < m->nrep; i++)
        cJSON_AddItemToArray(r, cJSON_CreateNumber(m->rep_ids[i]));
    cJSON *f = cJSON_AddObjectToObject(j, "files");
    for (int k = 0; k < CZ_MON_KINDS; k++) {
        char name[64], n[32];
        snprintf(name, sizeof name, "%s.csv", cz_monitor_name(k));
        cJSON *o = cJSON_AddObjectToObject(f, cz_monitor_name(k));
        cJSON_AddStringToObject(o, "file", name);
        snprintf(n, sizeof n, "%llu", rows[k]);
        cJSON_AddRawToObject(o, "rows", n);
    }
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    if (!text)
        return NULL;
    size_t len = strlen(text);
    char *t = realloc(text, len + 2); /* a final newline */
    if (!t) {
        free(text);
        return NULL;
    }
    memcpy(t + len, "\n", 2);
    return t;
}

int out_monitor_write(const out_dir_t *d, const out_monitor_meta_t *m, char *err, size_t errlen)
{
    out_batch_t *b = out_batch_create(d);
    unsigned long long rows[CZ_MON_KINDS] = {0};
    bool ok = b != NULL;
    err[0] = '\0';
    if (!b)
        snprintf(err, errlen, "out of memory");
    for (int k = 0; ok && k < CZ_MON_KINDS; k++) {
        char name[64], tmp[4300];
        snprintf(name, sizeof name, "%s.csv", cz_monitor_name(k));
        snprintf(tmp, sizeof tmp, "%s/.%s.tmp.%ld", d->path, name, (long)getpid());
        if ((ok = join_kind(d, m, k, tmp, &rows[k], err, errlen)))
            out_batch_place(b, name, tmp);
    }
    if (ok) {
        out_batch_take(b, "monitor.json", index_json(m, rows));
        ok = out_batch_commit(b, err, errlen) == 0;
    }
    out_batch_destroy(b);
    out_monitor_discard(d->path, m->rep_ids, m->nrep); /* what was not joined */
    return ok ? 0 : -1;
}
