/* files.c: writing files whole, in claimed folders.  See files.h. */
#include "output/files.h"
#include "models/scenario/json_in.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading ---- */

char *out_slurp(const char *path, size_t max, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        snprintf(err, errlen, "%s: %s", path, !S_ISREG(st.st_mode) ? "not a regular file" : "too large");
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = malloc(cap + 1);
    ssize_t got = 1;
    while (buf && got > 0 && len < cap) {
        got = read(fd, buf + len, cap - len);
        if (got > 0)
            len += (size_t)got;
        else if (got < 0 && errno == EINTR)
            got = 1;
    }
    int saved = errno;
    close(fd);
    if (!buf || got < 0 || len > (size_t)st.st_size) {
        snprintf(err, errlen, "%s: %s", path, !buf ? "out of memory" : got < 0 ? strerror(saved) : "changed while read");
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* ---- names and folders ---- */

void out_safe_name(char *dst, size_t len, const char *name)
{
    size_t j = 0;
    bool dots_only = true;
    for (const char *c = name; *c && j + 1 < len; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                  *c == '.' || *c == '_' || *c == '-';
        dst[j++] = ok ? *c : '_';
        dots_only = dots_only && *c == '.';
    }
    dst[j] = '\0';
    if (j == 0 || dots_only)
        snprintf(dst, len, "unnamed");
}

int out_mkdirs(const char *dir, char *err, size_t errlen)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) {
        snprintf(err, errlen, "%.200s...: path too long", dir);
        return -1;
    }
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char was = *p;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "cannot create %s: %s", buf, strerror(errno));
            return -1;
        }
        *p = was;
        if (!was)
            break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: exists and is not a folder", dir);
        return -1;
    }
    return 0;
}

/* ---- the manifest: what zonesim wrote in a folder ---- */

static bool join(char *out, size_t len, const char *dir, const char *name)
{
    return snprintf(out, len, "%s/%s", dir, name) < (int)len;
}

/* Read DIR's manifest into d (kind, name, owned); false when there is none. */
static bool read_manifest(out_dir_t *d, char *kind, char *name)
{
    char path[4200], err[256];
    if (!join(path, sizeof path, d->path, OUT_MANIFEST))
        return false;
    char *text = out_slurp(path, 1 << 16, err, sizeof err);
    if (!text)
        return false;
    bool ok = strncmp(text, "zonesim output folder\n", 22) == 0;
    char *save = NULL;
    for (char *line = ok ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "kind: ", 6))
            snprintf(kind, 32, "%s", line + 6);
        else if (!strncmp(line, "name: ", 6))
            snprintf(name, 256, "%s", line + 6);
        else if (!strncmp(line, "file: ", 6) && d->nowned < OUT_MAX_FILES && !strstr(line, ".."))
            snprintf(d->owned[d->nowned++], sizeof d->owned[0], "%s", line + 6);
    }
    free(text);
    return ok;
}

/* A name for the manifest: one line, printable. */
static void one_line(char *dst, size_t len, const char *s)
{
    snprintf(dst, len, "%s", s);
    cz_printable(dst);
}

static bool folder_empty(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(dp)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(dp);
    return empty;
}

int out_dir_claim(out_dir_t *d, const char *dir, const char *kind, const char *name, bool force, bool quiet,
                  char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    if (!*dir || snprintf(d->path, sizeof d->path, "%s", dir) >= (int)sizeof d->path) {
        snprintf(err, errlen, "%s: not a usable folder name", *dir ? "the output folder" : "\"\"");
        return OUT_REFUSED;
    }
    char old_kind[32] = "", old_name[256] = "";
    one_line(d->kind, sizeof d->kind, kind ? kind : "");
    one_line(d->name, sizeof d->name, name ? name : "");
    struct stat st;
    if (lstat(dir, &st) != 0) {
        d->created = out_mkdirs(dir, err, errlen) == 0;
        return d->created ? 0 : OUT_FAILED;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: exists and is not a folder", dir);
        return OUT_REFUSED;
    }
    if (read_manifest(d, old_kind, old_name)) {
        d->replacing = true;
        if (!kind) { /* adding to whatever is there (a report) */
            snprintf(d->kind, sizeof d->kind, "%s", old_kind);
            snprintf(d->name, sizeof d->name, "%s", old_name);
        } else if ((strcmp(old_kind, d->kind) || strcmp(old_name, d->name)) && !force) {
            snprintf(err, errlen, "%s: holds the results of another %s (%s); use another -o, or --force to replace them",
                     dir, old_kind, old_name);
            return OUT_REFUSED;
        }
        if (kind && !quiet)
            cz_eprintf("zonesim: replacing the earlier results in %s/\n", dir);
        return 0;
    }
    if (!folder_empty(dir)) {
        d->foreign = true;
        if (!force && kind) {
            snprintf(err, errlen, "%s: holds files zonesim did not write; use another -o, or --force to add "
                     "zonesim's files beside them (no existing file is replaced)", dir);
            return OUT_REFUSED;
        }
    }
    return 0;
}

void out_dir_abandon(const out_dir_t *d)
{
    if (d && d->created)
        rmdir(d->path); /* fails, harmlessly, unless empty */
}

/* ---- batches ---- */

typedef struct entry {
    char name[128];
    char *text;
    char tmp[4300];
    bool written;
    bool placed;        /* written whole by the caller at tmp (out_batch_place) */
} entry_t;

struct out_batch {
    const out_dir_t *d;
    entry_t e[OUT_MAX_FILES];
    int n;
    char keep[OUT_MAX_FILES][128];
    int nkeep;
    bool failed;        /* a file could not be added (too many, no text, bad name) */
};

out_batch_t *out_batch_create(const out_dir_t *d)
{
    out_batch_t *b = calloc(1, sizeof *b);
    if (b)
        b->d = d;
    return b;
}

void out_batch_take(out_batch_t *b, const char *name, char *text)
{
    if (!text || b->n == OUT_MAX_FILES || strlen(name) >= sizeof b->e[0].name || strstr(name, "..") ||
        name[0] == '/') {
        free(text);
        b->failed = true;
        return;
    }
    snprintf(b->e[b->n].name, sizeof b->e[0].name, "%s", name);
    b->e[b->n++].text = text;
}

void out_batch_place(out_batch_t *b, const char *name, const char *tmp)
{
    if (b->n == OUT_MAX_FILES || strlen(name) >= sizeof b->e[0].name || strstr(name, "..") || strchr(name, '/') ||
        strlen(tmp) >= sizeof b->e[0].tmp) {
        unlink(tmp);
        b->failed = true;
        return;
    }
    entry_t *e = &b->e[b->n++];
    snprintf(e->name, sizeof e->name, "%s", name);
    snprintf(e->tmp, sizeof e->tmp, "%s", tmp);
    e->written = e->placed = true;
}

void out_batch_keep(out_batch_t *b, const char *name)
{
    if (b->nkeep < OUT_MAX_FILES)
        snprintf(b->keep[b->nkeep++], sizeof b->keep[0], "%s", name);
}

void out_batch_destroy(out_batch_t *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->n; i++) {
        if (b->e[i].written)
            unlink(b->e[i].tmp);
        free(b->e[i].text);
    }
    free(b);
}

static bool owned(const out_dir_t *d, const char *name)
{
    for (int i = 0; i < d->nowned; i++)
        if (!strcmp(d->owned[i], name))
            return true;
    return false;
}

static bool kept(const out_batch_t *b, const char *name)
{
    for (int i = 0; i < b->nkeep; i++) {
        size_t n = strlen(b->keep[i]);
        if (!strcmp(b->keep[i], name) || (n && b->keep[i][n - 1] == '*' && !strncmp(b->keep[i], name, n - 1)))
            return true;
    }
    return false;
}

static bool in_batch(const out_batch_t *b, const char *name)
{
    for (int i = 0; i < b->n; i++)
        if (!strcmp(b->e[i].name, name))
            return true;
    return false;
}

/* Write text to a new temporary file, synced.  0 or -1 with the reason. */
static int write_temp(const char *tmp, const char *text, size_t len, char *err, size_t errlen)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    int saved = errno;
    bool ok = off == len && fsync(fd) == 0;
    if (!ok && off == len)
        saved = errno;
    ok = close(fd) == 0 && ok;
    if (!ok) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(saved ? saved : EIO));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* May the batch put a file at path?  Not over a file zonesim did not write,
 * never over anything but a regular file. */
static int may_replace(const out_dir_t *d, const char *name, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: exists and is not a regular file; not replaced", path);
        return -1;
    }
    if (!owned(d, name)) {
        snprintf(err, errlen, "%s: exists and was not written by zonesim; not replaced (move it away)", path);
        return -1;
    }
    return 0;
}

int out_dir_may_write(const out_dir_t *d, const char *name, char *err, size_t errlen)
{
    char path[4200];
    if (!join(path, sizeof path, d->path, name)) {
        snprintf(err, errlen, "%s/%s: the path is too long", d->path, name);
        return -1;
    }
    return may_replace(d, name, path, err, errlen);
}

static int stage(out_batch_t *b, char *err, size_t errlen)
{
    char path[4200];
    for (int i = 0; i < b->n; i++) {
        entry_t *e = &b->e[i];
        char *slash = strrchr(e->name, '/');
        if (!join(path, sizeof path, b->d->path, e->name) || may_replace(b->d, e->name, path, err, errlen) != 0)
            return -1;
        if (e->placed)
            continue;
        if (slash) {
            char sub[4200];
            struct stat st;
            snprintf(sub, sizeof sub, "%s/%.*s", b->d->path, (int)(slash - e->name), e->name);
            if (out_mkdirs(sub, err, errlen) != 0)
                return -1;
            if (lstat(sub, &st) != 0 || !S_ISDIR(st.st_mode)) { /* never through a link to elsewhere */
                snprintf(err, errlen, "%s: is not a folder of its own (a symbolic link?); not written through", sub);
                return -1;
            }
        }
        snprintf(e->tmp, sizeof e->tmp, "%s/%.*s.%s.tmp.%ld", b->d->path, slash ? (int)(slash - e->name + 1) : 0,
                 e->name, slash ? slash + 1 : e->name, (long)getpid());
        if (write_temp(e->tmp, e->text, strlen(e->text), err, errlen) != 0)
            return -1;
        e->written = true;
    }
    return 0;
}

/* The new manifest: the earlier result's files that stay, and the batch's. */
static char *manifest_text(const out_batch_t *b)
{
    size_t cap = 128 + strlen(b->d->kind) + strlen(b->d->name) + (size_t)(b->n + b->d->nowned) * 140;
    char *t = malloc(cap);
    if (!t)
        return NULL;
    size_t len = (size_t)snprintf(t, cap, "zonesim output folder\nkind: %s\nname: %s\n", b->d->kind, b->d->name);
    for (int i = 0; i < b->d->nowned; i++)
        if (kept(b, b->d->owned[i]) && !in_batch(b, b->d->owned[i]))
            len += (size_t)snprintf(t + len, cap - len, "file: %s\n", b->d->owned[i]);
    for (int i = 0; i < b->n; i++)
        len += (size_t)snprintf(t + len, cap - len, "file: %s\n", b->e[i].name);
    return t;
}

/* Remove the earlier result's files the batch neither rewrites nor keeps. */
static void remove_stale(const out_batch_t *b)
{
    char path[4200];
    struct stat st;
    for (int i = 0; i < b->d->nowned; i++) {
        const char *n = b->d->owned[i];
        if (kept(b, n) || in_batch(b, n) || !join(path, sizeof path, b->d->path, n))
            continue;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0) {
            char *slash = strrchr(path, '/');
            if (strchr(n, '/') && slash) { /* its subfolder (report_data/) goes once empty */
                *slash = '\0';
                rmdir(path);
            }
        }
    }
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int out_batch_commit(out_batch_t *b, char *err, size_t errlen)
{
    char path[4200], mtmp[4200];
    if (b->failed) {
        snprintf(err, errlen, "%s: out of memory building the output files", b->d->path);
        return -1;
    }
    char *manifest = manifest_text(b);
    snprintf(mtmp, sizeof mtmp, "%s/." OUT_MANIFEST ".tmp.%ld", b->d->path, (long)getpid());
    if (!manifest || stage(b, err, errlen) != 0 || write_temp(mtmp, manifest, strlen(manifest), err, errlen) != 0) {
        if (!manifest)
            snprintf(err, errlen, "%s: out of memory", b->d->path);
        free(manifest);
        return -1;
    }
    free(manifest);
    join(path, sizeof path, b->d->path, OUT_MANIFEST);
    int rc = rename(mtmp, path);
    if (b->n > 0 && join(path, sizeof path, b->d->path, b->e[b->n - 1].name))
        unlink(path); /* the last file (summary.json) marks the folder whole: it goes first */
    remove_stale(b);
    for (int i = 0; rc == 0 && i < b->n; i++) {
        join(path, sizeof path, b->d->path, b->e[i].name);
        if ((rc = rename(b->e[i].tmp, path)) == 0)
            b->e[i].written = false;
    }
    if (rc != 0) {
        snprintf(err, errlen, "cannot write in %s: %s", b->d->path, strerror(errno));
        return -1;
    }
    sync_dir(b->d->path);
    return 0;
}

/* ---- one streamed file ---- */

/* Create tmp, which must not exist, and open it for writing: 0, or -1 with the reason. */
static int open_new(const char *tmp, FILE **f, char *err, size_t errlen)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 || !(*f = fdopen(fd, "w"))) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        return -1;
    }
    return 0;
}

/* Flush, sync and close *f (NULL after): 0, or the errno of the first call
 * that failed (EIO when a write had failed before, or none said why). */
static int finish_new(FILE **f, bool failed)
{
    int e = failed || ferror(*f) ? EIO : 0;
    if (!e && (fflush(*f) != 0 || fsync(fileno(*f)) != 0))
        e = errno ? errno : EIO;
    if (fclose(*f) != 0 && !e)
        e = errno ? errno : EIO;
    *f = NULL;
    return e;
}

/* A file not finished: closed and removed. */
static void drop_new(FILE **f, const char *tmp)
{
    if (*f) {
        fclose(*f);
        *f = NULL;
        unlink(tmp);
    }
}

int out_file_open(out_file_t *o, const char *path, bool force, const out_protect_t *protect, char *err,
                  size_t errlen)
{
    struct stat st;
    memset(o, 0, sizeof *o);
    if (!*path || snprintf(o->path, sizeof o->path, "%s", path) >= (int)sizeof o->path) {
        snprintf(err, errlen, "\"%.100s\": not a usable file name", path);
        return -1;
    }
    if (lstat(path, &st) == 0) {
        const char *why = !S_ISREG(st.st_mode) ? "is not a regular file"
                          : protect && protect->on && st.st_dev == protect->dev && st.st_ino == protect->ino
                              ? "is an input of this command"
                          : !force ? "exists (use --force to replace it)" : NULL;
        if (why) {
            snprintf(err, errlen, "%s: %s; not replaced", path, why);
            return -1;
        }
    }
    const char *slash = strrchr(path, '/');
    snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.tmp.%ld", slash ? (int)(slash - path + 1) : 0, path,
             slash ? slash + 1 : path, (long)getpid());
    return open_new(o->tmp, &o->f, err, errlen);
}

int out_file_commit(out_file_t *o, char *err, size_t errlen)
{
    int e = finish_new(&o->f, false);
    if (e || rename(o->tmp, o->path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", o->path, strerror(e ? e : errno));
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

void out_file_abort(out_file_t *o) { drop_new(&o->f, o->tmp); }

/* ---- streamed files of a batch ---- */

int out_stream_open(out_stream_t *o, const out_dir_t *d, const char *name, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%s", name);
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp.%ld", d->path, name, (long)getpid());
    return open_new(o->tmp, &o->f, err, errlen);
}

void out_stream_write(out_stream_t *o, char *text)
{
    if (!text || !o->f || fputs(text, o->f) == EOF)
        o->failed = true;
    free(text);
}

int out_stream_place(out_stream_t *o, out_batch_t *b, char *err, size_t errlen)
{
    int e = o->f ? finish_new(&o->f, o->failed) : EIO;
    if (e) {
        snprintf(err, errlen, "cannot write %s: %s", o->tmp,
                 o->failed ? "out of memory or disk full" : strerror(e));
        unlink(o->tmp);
        return -1;
    }
    out_batch_place(b, o->name, o->tmp);
    return 0;
}

void out_stream_abort(out_stream_t *o) { drop_new(&o->f, o->tmp); }
