/* merge.h: combining shards — runs made with --reps A..B, or sweeps made with
 * --points A..B (e.g. the tasks of a cluster job array) — into the folder one
 * run or one sweep of them all writes, byte for byte but for provenance
 * (command_line, merged_from).
 *
 * Every shard is verified before anything is written: the same resolved
 * scenario (hash), seed and grid; each shard's rows inside the range it
 * declares, none duplicated within or across shards, none missing from a shard
 * that says it is complete; every value finite (or empty where undefined); the
 * CSV consistent with the JSON.  A shard that fails is named with the row.
 * A merge of incomplete shards is marked "complete": false.
 *
 * Errors: 2 for shards that do not fit together or are damaged, 1 when the
 * output cannot be written; the message on stderr.  Never aborts. */
#ifndef OUT_MERGE_H
#define OUT_MERGE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct out_merge_opts {
    const char *const *shards;
    int nshards;
    const char *out;
    const char *command_line;
    bool force, quiet;
} out_merge_opts_t;

int out_merge(const out_merge_opts_t *o);

/* The sweep half (sweep_merge.c), for out_merge: 0, 1 or 2 with the reason in err. */
int out_merge_sweeps(const out_merge_opts_t *o, char *err, size_t errlen);

#endif
