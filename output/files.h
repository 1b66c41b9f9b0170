/* files.h: every file zonesim writes goes through here — whole or not at all,
 * only under the folder the user named, never over a file zonesim did not
 * write.
 *
 * An output folder is claimed before anything runs (out_dir_claim): a new or
 * empty folder is taken; a folder holding an earlier zonesim result of the same
 * kind and name is replaced (said on stderr); another zonesim result needs
 * --force; a folder holding other files needs --force, and even then no
 * existing file is replaced.  What zonesim wrote in a folder is listed in its
 * manifest, DIR/.zonesim-files.
 *
 * Files are written as a batch (out_batch_*): each to a temporary name in the
 * same folder, flushed and synced; only when every one is whole are they
 * renamed into place, in the order given — a results folder's summary.json
 * last — after the earlier result's files that the batch does not rewrite are
 * removed.  A failure (full disk, I/O error) leaves the folder as it was.  A
 * long file is streamed (out_file_*) to a temporary name and renamed at the end.
 *
 * Errors: -1 (or NULL) with the reason, naming the path, in err. */
#ifndef OUT_FILES_H
#define OUT_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define OUT_MANIFEST ".zonesim-files"
#define OUT_MAX_FILES 256

/* A whole regular file of at most max bytes, NUL-terminated (caller frees); a
 * FIFO or device is refused without blocking.  NULL with the reason in err. */
char *out_slurp(const char *path, size_t max, char *err, size_t errlen);

/* A name made safe as one path component: letters, digits, '.', '_' and '-'
 * kept, anything else replaced by '_', at most len - 1 bytes; a name that is
 * empty or only dots becomes "unnamed". */
void out_safe_name(char *dst, size_t len, const char *name);

/* Create dir and its parents.  0, or -1 with the reason. */
int out_mkdirs(const char *dir, char *err, size_t errlen);

/* A claimed output folder. */
typedef struct out_dir {
    char path[4096];
    char kind[32], name[256];         /* what it will hold, e.g. "run", "hetao_baseline" */
    char owned[OUT_MAX_FILES][128];   /* files the earlier zonesim result wrote here */
    int nowned;
    bool replacing;                   /* an earlier zonesim result is being replaced */
    bool foreign;                     /* the folder holds files zonesim did not write */
    bool created;                     /* the claim created it */
} out_dir_t;

/* Claim dir for a result of `kind` named `name`.  Creates it if needed.
 * quiet: no note on stderr when replacing.  Returns 0, OUT_REFUSED (the folder
 * holds what must not be replaced) or OUT_FAILED (it cannot be created or read). */
#define OUT_REFUSED (-1)
#define OUT_FAILED (-2)
int out_dir_claim(out_dir_t *d, const char *dir, const char *kind, const char *name, bool force, bool quiet,
                  char *err, size_t errlen);

/* Nothing will be written after all (an interruption): a folder the claim
 * created goes again if it is still empty; anything else stays as it was. */
void out_dir_abandon(const out_dir_t *d);

/* May a batch write `name` in d: 0, or -1 (a file zonesim did not write, or
 * not a regular file, is there) with the reason.  For a check before a long run. */
int out_dir_may_write(const out_dir_t *d, const char *name, char *err, size_t errlen);

/* Files to write into a claimed folder together. */
typedef struct out_batch out_batch_t;
out_batch_t *out_batch_create(const out_dir_t *d);
/* Add a file (a name inside the folder, "sub/name" for a subfolder); takes
 * ownership of text.  A NULL text (out of memory building it) fails the commit. */
void out_batch_take(out_batch_t *b, const char *name, char *text);
/* Add a file the caller has already written whole and synced at tmp, a
 * temporary name in the folder itself (a long file, streamed): renamed into
 * place like the others, removed if the batch fails.  No subfolders. */
void out_batch_place(out_batch_t *b, const char *name, const char *tmp);
/* Keep these files of the earlier result (names as in the manifest, a trailing
 * '/' for a whole subfolder): they are not removed as stale. */
void out_batch_keep(out_batch_t *b, const char *name);
int out_batch_commit(out_batch_t *b, char *err, size_t errlen);
void out_batch_destroy(out_batch_t *b);

/* A long file of a batch, streamed as it is computed: written to a temporary
 * name in the folder, then flushed, synced and handed to the batch
 * (out_batch_place) or removed.  A failed write or a NULL text fails it. */
typedef struct out_stream {
    FILE *f;
    char name[128], tmp[4300];
    bool failed;
} out_stream_t;
int out_stream_open(out_stream_t *o, const out_dir_t *d, const char *name, char *err, size_t errlen);
void out_stream_write(out_stream_t *o, char *text); /* takes ownership of text */
int out_stream_place(out_stream_t *o, out_batch_t *b, char *err, size_t errlen);
void out_stream_abort(out_stream_t *o);

/* One file streamed to path.  Refused: an existing file unless force; never a
 * directory, FIFO, device or symbolic link, nor the file (dev, ino) `protect`
 * (e.g. the input scenario), force or not. */
typedef struct out_file {
    FILE *f;
    char path[4096], tmp[4200];
} out_file_t;
typedef struct out_protect {
    dev_t dev;
    ino_t ino;
    bool on;
} out_protect_t;
int out_file_open(out_file_t *o, const char *path, bool force, const out_protect_t *protect, char *err,
                  size_t errlen);
int out_file_commit(out_file_t *o, char *err, size_t errlen);
void out_file_abort(out_file_t *o);

#endif
