/* text.h: building the text of an output file — a growing buffer (libc's
 * open_memstream), numbers that read back exactly, CSV fields, JSON numbers.
 *
 * Ownership: out_text_take returns the text (the caller frees it) and ends the
 * buffer; out_text_drop ends it without the text.
 * Errors: a failed write (out of memory) is remembered; out_text_take then
 * returns NULL and frees everything. */
#ifndef OUT_TEXT_H
#define OUT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

typedef struct out_text {
    FILE *f;          /* write with fprintf(t.f, ...) or out_printf */
    char *p;
    size_t len;
} out_text_t;

bool out_text_open(out_text_t *t);
void out_printf(out_text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *out_text_take(out_text_t *t);
void out_text_drop(out_text_t *t);

/* Shortest "%.Ng" that reads back to exactly v; empty for NaN and infinities. */
void out_format_double(char *buf, size_t len, double v);

/* A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a
 * quote, a CR or LF, or leading/trailing space; as is otherwise. */
void out_csv_field(out_text_t *t, const char *s);

/* A number member, or null for NaN and infinities (JSON has no such numbers). */
void out_json_num(cJSON *o, const char *key, double v);
/* An unsigned 64-bit integer member, written exactly (not through a double). */
void out_json_u64(cJSON *o, const char *key, unsigned long long v);

#endif
