/* json_in.h: strict, friendly reading of JSON input (scenario files, assess input).
 *
 * A cz_reader_t carries the file name, the current JSON path and a list of
 * problems found so far.  Readers never stop at the first problem: each getter
 * records what was wrong (file, JSON path, value found, what is allowed) and
 * returns a harmless default, so one pass reports every problem in a file (up to
 * CZ_MAX_ERRORS).  Nothing here aborts or exits.
 *
 * Durations are numbers of minutes or strings with a unit: "90 s", "6 min",
 * "2 h", "20 d".  Clock times are "HH:MM".
 *
 * Ownership: the reader owns its messages; cz_reader_fini frees them.  JSON
 * nodes are borrowed from the caller's cJSON tree. */
#ifndef CZ_JSON_IN_H
#define CZ_JSON_IN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "sim/dist.h"

#define CZ_MAX_ERRORS 50
#define CZ_MAX_OVERRIDES 64

/* A value given on the command line (--set, --vary) rather than in the file:
 * problems at its path say so. */
typedef struct cz_override_note {
    char path[256];
    char what[256];      /* e.g. "--set lines.second_line.lanes=5x" */
} cz_override_note_t;

typedef struct cz_reader {
    const char *file;
    char path[512];      /* current JSON path, e.g. lines.second_line.lanes */
    char **errors;
    int nerrors, cap;
    bool truncated;      /* more than CZ_MAX_ERRORS problems */
    cz_override_note_t overrides[CZ_MAX_OVERRIDES];
    int noverrides;
} cz_reader_t;

void cz_reader_init(cz_reader_t *r, const char *file);
void cz_reader_fini(cz_reader_t *r);
/* Make text safe to print on a terminal: every control character (bytes 0x01-0x1f
 * and 0x7f: escape sequences, carriage returns, newlines) becomes '?', in place.
 * Every message that echoes what a user or a file gave passes through it. */
void cz_printable(char *s);
/* fprintf(stderr, ...) for every message that may echo what a user, a file or a
 * results folder gave: control characters but the message's own line breaks
 * become '?'. */
void cz_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Check every key and string under v: names and values hold no control
 * character, descriptions and sources (prose) none but tab and newline.  Each
 * one found is a problem at its path.  (Names are echoed to terminals and
 * written to CSV files: an escape sequence or a carriage return in one would
 * rewrite what a reader sees.) */
void cz_check_text(cz_reader_t *r, const cJSON *v);
/* Record a problem at the current path (or at path.key when key is not NULL);
 * the message is made printable (cz_printable). */
void cz_err(cz_reader_t *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Remember that `path` was given on the command line by `what`. */
void cz_reader_note_override(cz_reader_t *r, const char *path, const char *what);
/* Print each problem, one line each: "FILE: PATH: message". */
void cz_reader_print(const cz_reader_t *r, FILE *out);
static inline bool cz_ok(const cz_reader_t *r) { return r->nerrors == 0; }

/* Path stack: push a key (object member) or an array element name/index. */
size_t cz_push(cz_reader_t *r, const char *key);
size_t cz_push_index(cz_reader_t *r, int i, const char *name);
void cz_pop(cz_reader_t *r, size_t mark);

/* Object must contain only `allowed` keys (NULL-terminated); unknown ones get a
 * "did you mean" from the allowed list.  Returns false if obj is not an object. */
bool cz_check_object(cz_reader_t *r, const cJSON *obj, const char *const *allowed);

/* Closest candidate within edit distance max(2, len/3), or NULL. */
const char *cz_did_you_mean(const char *word, const char *const *candidates, int n);

/* Getters: key missing → default (or an error when required). */
/* A member already found (its key is item->string), checked as cz_get_number
 * checks: for walking an object's members without looking each up. */
double cz_number_item(cz_reader_t *r, const cJSON *item, double def, double min, double max);
double cz_get_number(cz_reader_t *r, const cJSON *obj, const char *key, double def,
                     bool required, double min, double max);
long cz_get_int(cz_reader_t *r, const cJSON *obj, const char *key, long def, bool required,
                long min, long max);
bool cz_get_bool(cz_reader_t *r, const cJSON *obj, const char *key, bool def);
/* An unsigned 64-bit whole number: a JSON number up to 2^53 (beyond it a number
 * is not exact), or a string of decimal digits up to 2^64 - 1. */
#define CZ_MAX_EXACT_INT 9007199254740992ULL
unsigned long long cz_get_u64(cz_reader_t *r, const cJSON *obj, const char *key, unsigned long long def);
/* The same parse of a string, for the command line: false unless all digits fit. */
bool cz_parse_u64(const char *s, unsigned long long *out);
/* A fraction (a rate or a share): a number, or a percentage string "6%" (0.06),
 * "12.5 %".  Anything else, including "6x" or "6", is an error. */
double cz_get_fraction(cz_reader_t *r, const cJSON *obj, const char *key, double def, bool required,
                       double min, double max);
/* Parse a fraction value as cz_get_fraction does.  False if malformed. */
bool cz_parse_fraction(const cJSON *v, double *x);
/* A rate read exactly (models/tax/money.h): a number with at most 8 decimals, or
 * a percentage "6.5%"; in parts per 10^8, within [0, max]. */
int64_t cz_get_rate(cz_reader_t *r, const cJSON *obj, const char *key, int64_t def, bool required, double max);
/* An amount of CNY read exactly (half up to the fen), within [0, max_cny]; in fen. */
int64_t cz_get_money(cz_reader_t *r, const cJSON *obj, const char *key, int64_t def, bool required, double max_cny);
/* Returns a borrowed string, or def. */
const char *cz_get_string(cz_reader_t *r, const cJSON *obj, const char *key, const char *def,
                          bool required);
/* A duration in minutes. */
double cz_get_duration(cz_reader_t *r, const cJSON *obj, const char *key, double def,
                       bool required, double min_minutes);
/* Parse a duration value (number = minutes, or "N unit").  False if malformed. */
bool cz_parse_duration(const cJSON *v, double *minutes, const char **why);
/* "HH:MM" → minutes after midnight; 24:00 allowed as end of day. */
bool cz_parse_clock(const char *s, double *minutes);
/* A distribution spec {"dist": kind, ...} whose parameters are durations when
 * `durations` (minutes), or plain numbers (e.g. CNY).  A bare number or duration
 * string means a constant. */
bool cz_get_dist(cz_reader_t *r, const cJSON *obj, const char *key, sim_dist_t *out,
                 bool durations, bool required);

/* The keys a distribution object accepts (NULL-terminated), for documentation tests. */
const char *const *cz_dist_keys(void);

/* Read a whole file (at most max_bytes) and parse it.  Only a regular file is
 * read (a FIFO or a device is refused without blocking).  On failure records a
 * problem (with line:column for syntax errors) and returns NULL. */
cJSON *cz_load_json(cz_reader_t *r, const char *file, long max_bytes);
/* The largest scenario file read (a scenario, or the scenario.json of a results
 * folder, which holds the lines of a tariff schedule), and the largest CSV table.
 * A schedule's JSON is some times its CSV (keys for short cells, escapes for
 * control characters): at most about 13 times for the shortest cells, about 6
 * for escapes, so with at most 65,535 rows and 16 MiB a schedule written back
 * in a results folder's scenario.json stays inside 256 MiB. */
#define CZ_MAX_SCENARIO_BYTES (256L << 20)
#define CZ_MAX_TABLE_BYTES (16L << 20)
/* The same file check and read, for text (CSV tables): a NUL-terminated buffer
 * the caller frees, its length in *length; NULL with a problem recorded. */
char *cz_read_text(cz_reader_t *r, const char *file, long max_bytes, size_t *length);
/* Offset of the first number token (outside strings) that a double cannot hold
 * as written — its shortest decimal differs from the text — or len. */
size_t cz_inexact_number_at(const char *s, size_t len);
/* Offset of the first byte of s[0 .. len) that is not valid UTF-8, or len. */
size_t cz_utf8_invalid_at(const unsigned char *s, size_t len);
/* The length (1 to 4) of the well-formed UTF-8 character at s, within len
 * bytes; 0 if there is none (a stray, overlong, surrogate or cut sequence). */
size_t cz_utf8_char_len(const unsigned char *s, size_t len);

cJSON *cz_parse_json_text(cz_reader_t *r, const char *text, size_t len);

#endif
