/* json_text.c: JSON text and files, read safely — UTF-8 only, nesting
 * bounded, every number as written (a number with more digits than a double
 * holds is refused, not rounded), files only if regular and bounded, never
 * blocking on a FIFO or a device.  See json_in.h. */
#include "models/scenario/json_in.h"
#include "models/tax/money.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Line and column of a byte offset, 1-based. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* Offset of the first byte that is not valid UTF-8, or len. */
size_t cz_utf8_char_len(const unsigned char *s, size_t len)
{
    if (len == 0)
        return 0;
    unsigned char c = s[0];
    size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
    if (n == 9 || (n == 1 && c < 0xC2) || n >= len)
        return 0;
    for (size_t k = 1; k <= n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((n == 2 && c == 0xE0 && s[1] < 0xA0) || (n == 2 && c == 0xED && s[1] >= 0xA0) ||
        (n == 3 && c == 0xF0 && s[1] < 0x90) || (n == 3 && (c > 0xF4 || (c == 0xF4 && s[1] >= 0x90))))
        return 0; /* overlong, surrogate, or beyond U+10FFFF */
    return n + 1;
}

size_t cz_utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0, n;
    while (i < len && (n = cz_utf8_char_len(s + i, len - i)) > 0)
        i += n;
    return i;
}

/* Offset where brackets nest deeper than max (outside strings), or len. */
static size_t too_deep_at(const char *s, size_t len, int max)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max)
                return i;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return len;
}

/* A number token's value as (digits without leading or trailing zeros, power
 * of ten of the last digit): "120.50" and "1.205e2" both give ("1205", -1). */
static void decimal_key(const char *tok, size_t n, char *digits, size_t cap, long *exp10)
{
    size_t nd = 0, i = 0;
    long after_point = 0; /* digits after the point, leading zeros included */
    bool point = false;
    if (i < n && tok[i] == '-')
        i++;
    for (; i < n && tok[i] != 'e' && tok[i] != 'E'; i++) {
        if (tok[i] == '.') {
            point = true;
            continue;
        }
        after_point += point;
        if ((nd > 0 || tok[i] != '0') && nd + 1 < cap)
            digits[nd++] = tok[i];
    }
    /* A token is under 400 characters, so clamping the written exponent far
     * beyond any double's keeps the key distinct and the arithmetic in range. */
    long e = i < n ? strtol(tok + i + 1, NULL, 10) : 0;
    e = e > 100000 ? 100000 : e < -100000 ? -100000 : e;
    e -= after_point;
    while (nd > 0 && digits[nd - 1] == '0')
        nd--, e++;
    digits[nd] = '\0';
    *exp10 = e;
}

size_t cz_inexact_number_at(const char *s, size_t len)
{
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"') {
            in_str = true;
            continue;
        }
        if (c != '-' && (c < '0' || c > '9'))
            continue;
        size_t j = i + 1;
        while (j < len && strchr("0123456789.eE+-", s[j]))
            j++;
        char tok[400], shortest[40], a[400], b[400];
        long ea, eb;
        if (j - i >= sizeof tok)
            return i;
        memcpy(tok, s + i, j - i);
        tok[j - i] = '\0';
        double d = strtod(tok, NULL);
        if (!isfinite(d))
            return i;
        decimal_key(tok, j - i, a, sizeof a, &ea);
        long digits = (long)strlen(a);
        /* at most 15 significant digits in the range of normal doubles: a double
         * holds it as written (DBL_DIG), no need to print it back */
        if (digits > 15 || ea + digits > 300 || ea < -300) {
            cz_shortest(shortest, sizeof shortest, d);
            decimal_key(shortest, strlen(shortest), b, sizeof b, &eb);
            if (strcmp(a, b) != 0 || (a[0] && ea != eb))
                return i;
        }
        i = j - 1;
    }
    return len;
}

#define CZ_MAX_DEPTH 64

/* text must be NUL-terminated at text[len]. */
cJSON *cz_parse_json_text(cz_reader_t *r, const char *text, size_t len)
{
    int line, col;
    if (memchr(text, '\0', len)) {
        cz_err(r, NULL, "not a JSON text: it contains a NUL byte");
        return NULL;
    }
    size_t bad = cz_utf8_invalid_at((const unsigned char *)text, len);
    if (bad < len) {
        line_col(text, bad, &line, &col);
        cz_err(r, NULL, "not UTF-8 text: invalid byte 0x%02x at line %d, column %d (save the file as UTF-8)",
               (unsigned char)text[bad], line, col);
        return NULL;
    }
    size_t deep = too_deep_at(text, len, CZ_MAX_DEPTH);
    if (deep < len) {
        line_col(text, deep, &line, &col);
        cz_err(r, NULL, "JSON nested deeper than %d levels at line %d, column %d", CZ_MAX_DEPTH, line, col);
        return NULL;
    }
    size_t inexact = cz_inexact_number_at(text, len);
    if (inexact < len) {
        line_col(text, inexact, &line, &col);
        const char *e = text + inexact;
        int n = (int)strspn(e, "-0123456789.eE+");
        bool huge = !isfinite(strtod(e, NULL));
        cz_err(r, NULL, "the number %.*s at line %d, column %d %s", n > 40 ? 40 : n, e, line, col,
               huge ? "is too large to be read (beyond 1.8e308)"
                    : "cannot be read exactly: it has more digits than a binary double holds (15 significant "
                      "digits are always read as written)");
        return NULL;
    }
    const char *end = NULL;
    /* text[len] is the NUL terminator: include it so cJSON can check for trailing junk. */
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, true);
    if (!root) {
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        line_col(text, off, &line, &col);
        cz_err(r, NULL, "JSON syntax error at line %d, column %d: expected a valid JSON value "
               "(check for a missing comma, quote or bracket)", line, col);
    }
    return root;
}

/* Open a regular file for reading without ever blocking (a FIFO or a device
 * is refused by fstat before any read); -1 with a problem recorded. */
static int open_regular(cz_reader_t *r, const char *file, long max_bytes, struct stat *st)
{
    int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        cz_err(r, NULL, "cannot open: %s", strerror(errno));
        return -1;
    }
    const char *why = NULL;
    if (fstat(fd, st) != 0)
        why = strerror(errno);
    else if (S_ISDIR(st->st_mode))
        why = "is a folder, not a file";
    else if (!S_ISREG(st->st_mode))
        why = "not a regular file (a FIFO, socket or device is not read)";
    else if (st->st_size > max_bytes)
        cz_err(r, NULL, "file is %lld bytes, larger than the %ld a scenario or table may have", (long long)st->st_size,
               max_bytes);
    if (why)
        cz_err(r, NULL, "%s", why);
    if (why || st->st_size > max_bytes) {
        close(fd);
        return -1;
    }
    return fd;
}

char *cz_read_text(cz_reader_t *r, const char *file, long max_bytes, size_t *length)
{
    struct stat st;
    int fd = open_regular(r, file, max_bytes, &st);
    if (fd < 0)
        return NULL;
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = malloc(cap + 1);
    ssize_t got = 1;
    while (buf && got > 0 && len < cap) { /* cap: one byte more than stat said, to see growth */
        got = read(fd, buf + len, cap - len);
        if (got > 0)
            len += (size_t)got;
        else if (got < 0 && errno == EINTR)
            got = 1;
    }
    close(fd);
    if (!buf || got < 0 || len > (size_t)st.st_size) {
        cz_err(r, NULL, "%s", !buf ? "out of memory" : got < 0 ? strerror(errno) : "the file grew while being read");
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *length = len;
    return buf;
}

cJSON *cz_load_json(cz_reader_t *r, const char *file, long max_bytes)
{
    size_t len;
    char *buf = cz_read_text(r, file, max_bytes, &len);
    if (!buf)
        return NULL;
    cJSON *root = cz_parse_json_text(r, buf, len);
    free(buf);
    return root;
}
