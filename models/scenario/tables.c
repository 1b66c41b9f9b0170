/* tables.c: tariff schedules and trade mixes read from CSV files, turned into
 * the scenario's own JSON (tariff.categories, a flow's categories) where the
 * file naming them is loaded, so that extends, --set, validation and the
 * scenario.json of a results folder see one self-contained tree.
 *
 * CSV as RFC 4180 writes it: a header row naming the columns (in any order),
 * fields separated by commas, a field in double quotes may hold commas, line
 * breaks and doubled quotes; CRLF or LF; a UTF-8 byte-order mark is skipped;
 * blank lines are skipped.  An empty cell is an absent value.  Every problem
 * names the file, the row (the header is row 1), the column and the value.
 * The columns are documented in docs/tariff.md. */
#include <ctype.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario_impl.h"

#define MAX_TABLE_BYTES CZ_MAX_TABLE_BYTES
#define MAX_COLUMNS 64
#define MAX_ROWS 200000

/* ---- reading CSV ---- */

/* A problem at a row (and column, when col is not NULL) of the table r->file. */
static void row_err(cz_reader_t *r, int row, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void row_err(cz_reader_t *r, int row, const char *col, const char *fmt, ...)
{
    char at[128], msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(at, sizeof at, col ? "row %d, column %.80s" : "row %d", row, col);
    cz_err(r, at, "%s", msg);
}

typedef struct csv {
    char *p, *end;     /* the unread text (unquoted in place) */
    int row;           /* the row just read, the header is 1 */
    int nf;
    char *f[MAX_COLUMNS];
} csv_t;

/* A quoted field at c->p, unquoted in place from `out`: "" is a quote, a line
 * break (CRLF or LF) a newline.  Returns the end of the unquoted text, or NULL
 * on an error (recorded). */
static char *quoted_field(cz_reader_t *r, csv_t *c, char *out)
{
    c->p++;
    for (;;) {
        if (c->p >= c->end) {
            row_err(r, c->row, NULL, "a quoted field is not closed");
            return NULL;
        }
        if (*c->p == '"' && c->p[1] == '"') {
            *out++ = '"';
            c->p += 2;
        } else if (*c->p == '"') {
            c->p++;
            break;
        } else if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n') {
            *out++ = '\n';
            c->p += 2;
        } else if ((unsigned char)*c->p < 0x20 && *c->p != '\n' && *c->p != '\t') {
            row_err(r, c->row, NULL, "a control character (byte 0x%02x) in a quoted field", (unsigned char)*c->p);
            return NULL;
        } else {
            *out++ = *c->p++;
        }
    }
    if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
        row_err(r, c->row, NULL, "text after a closing quote (write a quote inside quotes as \"\")");
        return NULL;
    }
    return out;
}

/* A bare field at c->p, up to its separator.  Returns its end, or NULL on an
 * error (recorded). */
static char *bare_field(cz_reader_t *r, csv_t *c, char *out)
{
    while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
        if (*c->p == '"') {
            row_err(r, c->row, NULL, "a quote inside an unquoted field (quote the whole field)");
            return NULL;
        }
        if ((unsigned char)*c->p < 0x20 && *c->p != '\t') {
            row_err(r, c->row, NULL, "a control character (byte 0x%02x) in a field", (unsigned char)*c->p);
            return NULL;
        }
        *out++ = *c->p++;
    }
    return out;
}

/* The next record into c->f (fields point into the text, NUL-terminated);
 * false at the end or on an error (recorded). */
static bool csv_next(cz_reader_t *r, csv_t *c)
{
    for (;;) {
        if (c->p >= c->end)
            return false;
        c->row++;
        if (*c->p == '\n' || (*c->p == '\r' && c->p[1] == '\n')) { /* a blank line */
            c->p += *c->p == '\r' ? 2 : 1;
            continue;
        }
        break;
    }
    c->nf = 0;
    for (;;) {
        char *start = c->p;
        if (c->nf == MAX_COLUMNS) {
            row_err(r, c->row, NULL, "more than %d columns", MAX_COLUMNS);
            return false;
        }
        c->f[c->nf++] = start;
        char *out = *c->p == '"' ? quoted_field(r, c, start) : bare_field(r, c, start);
        if (!out)
            return false;
        char sep = c->p < c->end ? *c->p : '\n';
        if (sep == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
            c->p++;
        else if (sep == '\r') {
            row_err(r, c->row, NULL, "a carriage return alone (end lines with LF or CRLF)");
            return false;
        }
        c->p++;
        *out = '\0'; /* out <= the separator's place: unquoting only shortens */
        if (sep != ',')
            return true;
    }
}

/* Trimmed of spaces at both ends (in place). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static bool open_table(cz_reader_t *r, char *text, size_t len, csv_t *c)
{
    memset(c, 0, sizeof *c);
    c->p = text;
    c->end = text + len;
    if (len >= 3 && !memcmp(c->p, "\xEF\xBB\xBF", 3))
        c->p += 3;
    if (memchr(text, '\0', len)) {
        cz_err(r, "all rows", "a NUL byte: not a CSV text file");
        return false;
    }
    size_t bad = cz_utf8_invalid_at((const unsigned char *)text, len);
    if (bad < len) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        cz_err(r, "all rows", "not UTF-8 text: invalid byte 0x%02x on line %d (save the table as UTF-8)",
               (unsigned char)text[bad], line);
        return false;
    }
    if (!csv_next(r, c)) {
        if (cz_ok(r))
            row_err(r, 1, NULL, "empty: expected a header row naming the columns");
        return false;
    }
    for (int i = 0; i < c->nf; i++)
        c->f[i] = trim(c->f[i]);
    return true;
}

/* ---- cells ---- */

typedef enum { K_CODE, K_TEXT, K_RATE, K_MONEY, K_INT, K_TAGS, K_AGREEMENT, K_NUMBER, K_EMPTY } kind_t;

/* A number cell: decimal, whole text, finite, in [0, max]; a rate (K_RATE,
 * K_AGREEMENT) may be "6.5%" and has at most 8 decimals as a fraction, an
 * amount (K_MONEY) is in whole fen, K_INT whole, K_NUMBER any. */
static cJSON *number_cell(cz_reader_t *r, const csv_t *c, const char *col, const char *v, double max, kind_t kind)
{
    bool rate = kind == K_RATE || kind == K_AGREEMENT, integer = kind == K_INT;
    size_t n = strlen(v);
    bool pct = rate && n > 1 && v[n - 1] == '%';
    char *end;
    double x = strtod(v, &end);
    bool whole = end != v && (size_t)(end - v) == n - (pct ? 1 : 0);
    bool hex = strpbrk(v, "xXnN") != NULL; /* strtod also reads 0x1p3, nan, inf */
    if (!whole || hex || !isfinite(x) || cz_inexact_number_at(v, n - (pct ? 1 : 0)) < n - (pct ? 1 : 0)) {
        row_err(r, c->row, col, "\"%s\": expected a decimal number%s", v,
               rate ? " (a fraction such as 0.065, or \"6.5%\")" : "");
        return NULL;
    }
    double y = pct ? x / 100 : x;
    double scaled = rate ? y * 1e8 : integer ? y : y * 100; /* rates: 8 decimals; amounts: whole fen */
    if (kind != K_NUMBER && y >= 0 && y <= max && fabs(scaled - nearbyint(scaled)) > fmax(1e-6, fabs(scaled) * 4e-16)) {
        row_err(r, c->row, col, "\"%s\": %s", v,
                rate ? "a rate has at most 8 decimals as a fraction (6 as a percentage)"
                     : integer ? "expected a whole number" : "an amount has at most 2 decimals (whole fen)");
        return NULL;
    }
    if (y < 0 || y > max || (integer && y != floor(y))) {
        row_err(r, c->row, col, "\"%s\": expected %s in [0, %g]", v,
               integer ? "a whole number" : rate ? "a rate" : "a number", max);
        return NULL;
    }
    if (rate && !pct && y > 1) { /* "6.5" in a column of rates is 6.5%, far more often than 650% */
        row_err(r, c->row, col, "\"%s\": a rate above 1 (100%%) is written with %%, e.g. \"%g%%\"; 6.5%% is "
                "0.065 or \"6.5%%\"", v, 100 * y);
        return NULL;
    }
    return pct ? cJSON_CreateString(v) : cJSON_CreateNumber(x);
}

/* Put v at key (and sub, sub2 under it) of o, creating the objects on the way. */
static void put(cJSON *o, const char *key, const char *sub, const char *sub2, cJSON *v)
{
    const char *path[3] = {key, sub, sub2};
    for (int i = 0; i < 3 && v; i++) {
        if (i == 2 || !path[i + 1]) {
            cJSON_AddItemToObject(o, path[i], v);
            return;
        }
        cJSON *next = cJSON_GetObjectItemCaseSensitive(o, path[i]);
        if (!next)
            cJSON_AddItemToObject(o, path[i], next = cJSON_CreateObject());
        o = next;
    }
}

/* ---- the tariff schedule ---- */


typedef struct column {
    const char *name;
    kind_t kind;
    double max;
    const char *key, *sub, *sub2; /* where the value goes in the category */
} column_t;

static const column_t SCHEDULE[] = {
    {"code", K_CODE, 0, NULL, NULL, NULL},
    {"description", K_TEXT, 0, "description", NULL, NULL},
    {"mfn", K_RATE, 10, "duty", "ad_valorem", NULL},
    {"mfn_per_unit", K_MONEY, 1e9, "duty", "per_unit", NULL},
    {"provisional", K_RATE, 10, "provisional", "ad_valorem", NULL},
    {"provisional_per_unit", K_MONEY, 1e9, "provisional", "per_unit", NULL},
    {"general", K_RATE, 10, "general", "ad_valorem", NULL},
    {"general_per_unit", K_MONEY, 1e9, "general", "per_unit", NULL},
    {"vat", K_RATE, 1, "vat", NULL, NULL},
    {"ct", K_RATE, 0.99, "ct", "ad_valorem", NULL},
    {"ct_per_unit", K_MONEY, 1e9, "ct", "per_unit", NULL},
    {"ct_threshold_price", K_MONEY, 1e12, "ct", "threshold", "price_per_unit"},
    {"ct_rate_at_or_above", K_RATE, 0.99, "ct", "threshold", "rate_at_or_above"},
    {"export_duty", K_RATE, 10, "export_duty", "ad_valorem", NULL},
    {"export_duty_per_unit", K_MONEY, 1e9, "export_duty", "per_unit", NULL},
    {"export_refund", K_RATE, 1, "export_refund", NULL, NULL},
    {"supervision_years", K_INT, 100, "supervision_years", NULL, NULL},
    {"tags", K_TAGS, 0, "tags", NULL, NULL},
    {"agreement:NAME", K_AGREEMENT, 10, "agreements", NULL, NULL},
    {"", K_EMPTY, 0, NULL, NULL, NULL}, /* a spreadsheet's trailing columns: nothing may be under them */
};
#define NSCHEDULE (sizeof SCHEDULE / sizeof SCHEDULE[0])

const char *const CZ_SC_SCHEDULE_COLUMNS[] = {"code", "description", "mfn", "mfn_per_unit", "provisional",
                                              "provisional_per_unit", "general", "general_per_unit", "vat", "ct",
                                              "ct_per_unit", "ct_threshold_price", "ct_rate_at_or_above",
                                              "export_duty", "export_duty_per_unit", "export_refund",
                                              "supervision_years", "tags", "agreement:NAME", NULL};

/* A commodity code: 2 to 10 digits. */
static bool is_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Which column of `table` a header names (-1: none, with an error). */
static int header_column(cz_reader_t *r, const char *h, const column_t *table, size_t n,
                         const char *const *names)
{
    for (size_t k = 0; k < n; k++)
        if (table[k].kind == K_AGREEMENT ? !strncmp(h, "agreement:", 10) && h[10] : !strcmp(h, table[k].name))
            return (int)k;
    const char *hint = cz_did_you_mean(h, names, -1);
    row_err(r, 1, NULL, "unknown column \"%s\"%s%s%s", h, hint ? " (did you mean \"" : "", hint ? hint : "",
           hint ? "\"?)" : " (the columns are in docs/tariff.md)");
    return -1;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const cJSON *const *)a)[0]->string, ((const cJSON *const *)b)[0]->string);
}

/* Codes that appear twice (the rows are kept in the categories' valueint). */
static void no_duplicate_codes(cz_reader_t *r, const cJSON *cats, int n)
{
    const cJSON **v = malloc((size_t)n * sizeof *v);
    if (!v)
        return;
    int i = 0;
    for (const cJSON *it = cats->child; it; it = it->next)
        v[i++] = it;
    qsort(v, (size_t)n, sizeof *v, by_code);
    for (i = 1; i < n; i++)
        if (!strcmp(v[i]->string, v[i - 1]->string)) {
            row_err(r, v[i]->valueint, "code", "%s appears twice (row %d has it too)", v[i]->string, v[i - 1]->valueint);
            break;
        }
    free(v);
}

/* A schedule's header: each field's column, its name, the code's field. */
typedef struct header {
    int col[MAX_COLUMNS];
    char names[MAX_COLUMNS][CZ_NAME_MAX + 16];
    int nf, code_col;
} header_t;

static bool schedule_header(cz_reader_t *r, const csv_t *c, header_t *h)
{
    h->nf = c->nf;
    h->code_col = -1;
    for (int i = 0; i < c->nf; i++) {
        h->col[i] = header_column(r, c->f[i], SCHEDULE, NSCHEDULE, CZ_SC_SCHEDULE_COLUMNS);
        if (h->col[i] == 0 && h->code_col >= 0)
            row_err(r, 1, NULL, "column \"code\" appears twice");
        if (h->col[i] == 0)
            h->code_col = i;
    }
    if (cz_ok(r) && h->code_col < 0)
        row_err(r, 1, NULL, "no \"code\" column (the commodity code of each line)");
    for (int i = 0; cz_ok(r) && i < c->nf; i++) {
        const char *f = c->f[i];
        if (SCHEDULE[h->col[i]].kind == K_AGREEMENT) {
            char *a = trim((char *)f + 10);
            if (!*a || strlen(a) >= CZ_NAME_MAX) {
                row_err(r, 1, NULL, "column \"%.80s\": an agreement's name has 1 to %d characters", f, CZ_NAME_MAX - 1);
                continue;
            }
            snprintf(h->names[i], sizeof h->names[i], "agreement:%s", a);
        } else {
            snprintf(h->names[i], sizeof h->names[i], "%s", f);
        }
        for (int j = 0; j < i && *h->names[i]; j++)
            if (!strcmp(h->names[i], h->names[j]))
                row_err(r, 1, NULL, "column \"%s\" appears twice", h->names[i]);
    }
    return cz_ok(r);
}

/* "research;self_use": the lists, at most CZ_MAX_TAGS names. */
static cJSON *tags_cell(cz_reader_t *r, int row, char *v)
{
    cJSON *x = cJSON_CreateArray();
    for (char *save, *t = strtok_r(v, ";", &save); t && x; t = strtok_r(NULL, ";", &save)) {
        if (!*(t = trim(t)))
            continue;
        if (strlen(t) >= CZ_NAME_MAX || cJSON_GetArraySize(x) == CZ_MAX_TAGS) {
            row_err(r, row, "tags", "\"%.60s\": at most %d lists, each named in 1 to %d characters", t, CZ_MAX_TAGS,
                    CZ_NAME_MAX - 1);
            break;
        }
        cJSON_AddItemToArray(x, cJSON_CreateString(t));
    }
    return x;
}

/* The cells of one row into its line o. */
static void schedule_row(cz_reader_t *r, csv_t *c, const header_t *h, cJSON *o)
{
    for (int i = 0; i < h->nf; i++) {
        const column_t *k = &SCHEDULE[h->col[i]];
        char *v = k->kind == K_TEXT ? c->f[i] : trim(c->f[i]);
        if (*v && k->kind == K_EMPTY)
            row_err(r, c->row, NULL, "\"%.60s\" under a column without a name", v);
        if (!*v || k->kind == K_CODE || k->kind == K_NUMBER || k->kind == K_EMPTY)
            continue;
        cJSON *x = k->kind == K_TEXT   ? cJSON_CreateString(v)
                   : k->kind == K_TAGS ? tags_cell(r, c->row, v)
                                       : number_cell(r, c, h->names[i], v, k->max, k->kind);
        if (x)
            put(o, k->key, k->kind == K_AGREEMENT ? h->names[i] + 10 : k->sub, k->sub2, x);
    }
    const cJSON *thr = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "ct"), "threshold");
    if (thr && cJSON_GetArraySize(thr) != 2)
        row_err(r, c->row, NULL, "a price threshold needs both ct_threshold_price and ct_rate_at_or_above");
}

static cJSON *read_schedule(cz_reader_t *r, char *text, size_t len)
{
    csv_t c;
    header_t h;
    int rows = 0;
    if (!open_table(r, text, len, &c) || !schedule_header(r, &c, &h))
        return NULL;
    cJSON *cats = cJSON_CreateObject();
    while (cats && cz_ok(r) && csv_next(r, &c)) {
        if (c.nf != h.nf) {
            row_err(r, c.row, NULL, "%d fields, the header has %d", c.nf, h.nf);
            break;
        }
        if (++rows > MAX_ROWS || rows > CZ_MAX_CATEGORIES) {
            row_err(r, c.row, NULL, "more than %d lines", CZ_MAX_CATEGORIES < MAX_ROWS ? CZ_MAX_CATEGORIES : MAX_ROWS);
            break;
        }
        const char *code = trim(c.f[h.code_col]);
        if (!is_code(code)) {
            row_err(r, c.row, "code", "\"%s\": expected a commodity code of 2 to 10 digits (write 84713000, not "
                    "8471.30.00)", code);
            continue;
        }
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        cJSON_AddItemToObject(cats, code, o);
        o->valueint = c.row; /* for the duplicate check; not part of the tree's values */
        schedule_row(r, &c, &h, o);
    }
    if (cats && cz_ok(r) && rows == 0)
        cz_err(r, "all rows", "no tariff lines under the header");
    if (cats && cz_ok(r))
        no_duplicate_codes(r, cats, rows);
    if (!cats || !cz_ok(r)) {
        cJSON_Delete(cats);
        return NULL;
    }
    return cats;
}

/* ---- a flow's trade mix ---- */

static const column_t TRADE[] = {
    {"code", K_CODE, 0, NULL, NULL, NULL},
    {"share", K_NUMBER, 1, NULL, NULL, NULL},
    {"consignments", K_NUMBER, 1e15, NULL, NULL, NULL},
    {"origin", K_TEXT, 0, NULL, NULL, NULL},
    {"description", K_TEXT, 0, NULL, NULL, NULL},
    {"value_cny", K_NUMBER, 1e12, NULL, NULL, NULL},
};
#define NTRADE ((int)(sizeof TRADE / sizeof TRADE[0]))
const char *const CZ_SC_TRADE_COLUMNS[] = {"code", "share", "consignments", "origin", "description", "value_cny",
                                           NULL};

/* The flow's categories from its trade table: each row's share of the flow's
 * consignments, given as shares (summing to 1) or as counts; with an origin
 * column, the rows of the flow's origin_country only. */
/* Each kind of the trade table's columns: its field, or -1. */
static bool trade_header(cz_reader_t *r, const csv_t *c, int at[NTRADE], const char *origin)
{
    for (int i = 0; i < c->nf; i++) {
        int k = header_column(r, c->f[i], TRADE, NTRADE, CZ_SC_TRADE_COLUMNS);
        if (k >= 0 && at[k] >= 0)
            row_err(r, 1, NULL, "column \"%s\" appears twice", c->f[i]);
        else if (k >= 0)
            at[k] = i;
    }
    if (cz_ok(r) && (at[0] < 0 || (at[1] < 0) == (at[2] < 0)))
        row_err(r, 1, NULL, "expected a \"code\" column and one of \"share\" or \"consignments\"");
    if (cz_ok(r) && at[3] >= 0 && !origin)
        row_err(r, 1, "origin", "the table has origins: give the flow's origin_country, whose rows it takes");
    return cz_ok(r);
}

/* The weights summed to total, as shares of 12 significant digits: they sum
 * to 1 within 1e-9 and scenario.json, written with them, reads back exactly. */
static void to_shares(cz_reader_t *r, cJSON *cats, int rows, double total, int w, const char *of)
{
    if (rows == 0)
        cz_err(r, "all rows", "no rows%s%s", of ? " of origin " : "", of ? of : "");
    else if (!(total > 0))
        cz_err(r, "all rows", "the %s sum to 0", TRADE[w].name);
    else if (w == 1 && fabs(total - 1) > 1e-6)
        cz_err(r, "all rows", "the shares sum to %.9g, not 1 (give counts in a \"consignments\" column to have them "
               "scaled)", total);
    if (cz_ok(r))
        no_duplicate_codes(r, cats, rows);
    for (cJSON *it = cz_ok(r) ? cats->child : NULL; it; it = it->next) {
        char d[32];
        snprintf(d, sizeof d, "%.12g", it->valuedouble / total);
        cJSON_SetNumberValue(it, strtod(d, NULL));
    }
}

/* The mean value of a row's consignments (the value_cny column), into values. */
static void row_value(cz_reader_t *r, csv_t *c, int at, const char *code, cJSON *values)
{
    const char *v = at >= 0 ? trim(c->f[at]) : "";
    if (!*v)
        return;
    cJSON *x = number_cell(r, c, "value_cny", v, 1e12, K_NUMBER);
    if (x && !(x->valuedouble > 0)) {
        row_err(r, c->row, "value_cny", "\"%s\": a consignment's mean value is above 0", v);
        cJSON_Delete(x);
    } else if (x) {
        cJSON_AddItemToObject(values, code, x);
    }
}

static cJSON *read_trade(cz_reader_t *r, char *text, size_t len, const char *origin, cJSON **values)
{
    csv_t c;
    int at[NTRADE] = {-1, -1, -1, -1, -1, -1}, rows = 0;
    double total = 0;
    if (!open_table(r, text, len, &c) || !trade_header(r, &c, at, origin))
        return NULL;
    int nf = c.nf, w = at[1] >= 0 ? 1 : 2;
    cJSON *cats = cJSON_CreateObject();
    while (cats && cz_ok(r) && csv_next(r, &c)) {
        if (c.nf != nf) {
            row_err(r, c.row, NULL, "%d fields, the header has %d", c.nf, nf);
            break;
        }
        const char *code = trim(c.f[at[0]]);
        if (!is_code(code)) { /* every row is checked, of whatever origin */
            row_err(r, c.row, "code", "\"%s\": expected a commodity code of 2 to 10 digits", code);
            continue;
        }
        cJSON *x = number_cell(r, &c, TRADE[w].name, trim(c.f[at[w]]), TRADE[w].max, K_NUMBER);
        if (x && at[3] >= 0 && strcmp(trim(c.f[at[3]]), origin) != 0) {
            cJSON_Delete(x);
            continue;
        }
        if (x && ++rows > CZ_MAX_CATEGORIES) {
            cJSON_Delete(x);
            row_err(r, c.row, NULL, "more than %d rows", CZ_MAX_CATEGORIES);
            break;
        }
        if (!x)
            continue;
        x->valueint = c.row;
        total += x->valuedouble;
        cJSON_AddItemToObject(cats, code, x);
        if (at[5] >= 0 && (*values || (*values = cJSON_CreateObject())))
            row_value(r, &c, at[5], code, *values);
    }
    if (cats && cz_ok(r))
        to_shares(r, cats, rows, total, w, at[3] >= 0 ? origin : NULL);
    if (!cats || !cz_ok(r)) {
        cJSON_Delete(cats);
        cJSON_Delete(*values);
        *values = NULL;
        return NULL;
    }
    return cats;
}

/* ---- where a scenario file names them ---- */

/* The path of `target` relative to the folder of `from` (false: too long). */
static bool beside(const char *from, const char *target, char *out, size_t len)
{
    char *dirbuf = strdup(from);
    if (!dirbuf)
        return false;
    int n = target[0] == '/' ? snprintf(out, len, "%s", target) : snprintf(out, len, "%s/%s", dirname(dirbuf), target);
    free(dirbuf);
    return n > 0 && (size_t)n < len;
}

/* Read the table `key` of o names (a file name string), with r->file the table
 * while it is read; NULL (error recorded) on failure. */
static cJSON *table_named(cz_reader_t *r, const char *file, cJSON *o, const char *key, const char *origin,
                          cJSON **values)
{
    bool schedule = values == NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    char path[PATH_MAX];
    if (!cJSON_IsString(v) || !*v->valuestring) {
        cz_err(r, key, "expected the name of a CSV file, relative to this file");
        return NULL;
    }
    if (!beside(file, v->valuestring, path, sizeof path)) {
        cz_err(r, key, "\"%s\": path too long", v->valuestring);
        return NULL;
    }
    const char *saved = r->file;
    size_t len, mark = cz_push(r, key);
    r->file = path; /* "DIR/table.csv: tariff.schedule: cannot open: ...": the path looked for */
    char *text = cz_read_text(r, path, MAX_TABLE_BYTES, &len);
    r->file = saved;
    cz_pop(r, mark);
    if (!text)
        return NULL;
    char where[sizeof r->path];
    snprintf(where, sizeof where, "%s", r->path);
    r->path[0] = '\0'; /* messages name the table and its row, not the JSON path */
    r->file = path;
    cJSON *t = schedule ? read_schedule(r, text, len) : read_trade(r, text, len, origin, values);
    free(text);
    r->file = saved;
    snprintf(r->path, sizeof r->path, "%s", where);
    return t;
}

/* The file's own categories beside a schedule amend its lines: one that is not
 * a line must be a whole new line (with its duty or VAT), not a typo of a code. */
static void amendments_name_lines(cz_reader_t *r, const cJSON *lines, const cJSON *own)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, own) {
        if (cJSON_GetObjectItemCaseSensitive(lines, it->string) || cJSON_GetObjectItemCaseSensitive(it, "duty") ||
            cJSON_GetObjectItemCaseSensitive(it, "vat"))
            continue;
        int n = cJSON_GetArraySize(lines), i = 0;
        const char **names = malloc((size_t)n * sizeof *names);
        const cJSON *l, *all = names ? lines : NULL;
        cJSON_ArrayForEach(l, all)
            names[i++] = l->string;
        const char *hint = names ? cz_did_you_mean(it->string, names, i) : NULL;
        cz_err(r, "tariff.categories", "\"%s\" is not a line of the schedule%s%s%s; a new line needs its duty or "
               "vat", it->string, hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
        free(names);
    }
}

cJSON *cz_sc_expand_tables(cz_reader_t *r, const char *file, cJSON *root)
{
    cJSON *replaced = cJSON_CreateObject();
    cJSON *names = cJSON_AddArrayToObject(replaced, "flows");
    cJSON *tariff = cJSON_GetObjectItemCaseSensitive(root, "tariff");
    if (cJSON_IsObject(tariff) && cJSON_GetObjectItemCaseSensitive(tariff, "schedule")) {
        size_t mark = cz_push(r, "tariff");
        cJSON *lines = table_named(r, file, tariff, "schedule", NULL, NULL);
        cz_pop(r, mark);
        if (lines) {
            /* the file's own categories amend the schedule's lines, key by key */
            const cJSON *own = cJSON_GetObjectItemCaseSensitive(tariff, "categories");
            if (cJSON_IsObject(own))
                amendments_name_lines(r, lines, own);
            if (cJSON_IsObject(own))
                cz_sc_merge(r, lines, own);
            else if (own) {
                cz_err(r, "tariff.categories", "expected an object of goods categories");
            }
            cJSON_DeleteItemFromObjectCaseSensitive(tariff, "schedule");
            cJSON_AddTrueToObject(replaced, "tariff");
            if (own)
                cJSON_ReplaceItemInObjectCaseSensitive(tariff, "categories", lines);
            else
                cJSON_AddItemToObject(tariff, "categories", lines);
        }
    }
    cJSON *flows = cJSON_GetObjectItemCaseSensitive(root, "flows");
    int i = 0;
    for (cJSON *f = cJSON_IsArray(flows) ? flows->child : NULL; f; f = f->next, i++) {
        if (!cJSON_IsObject(f) || !cJSON_GetObjectItemCaseSensitive(f, "trade"))
            continue;
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
        size_t mark = cz_push(r, "flows");
        cz_push_index(r, i, cJSON_IsString(name) ? name->valuestring : NULL);
        const cJSON *oc = cJSON_GetObjectItemCaseSensitive(f, "origin_country");
        if (cJSON_GetObjectItemCaseSensitive(f, "categories")) {
            cz_err(r, "trade", "give the flow's goods either as \"categories\" or as a \"trade\" table, not both");
        } else {
            cJSON *values = NULL;
            cJSON *mix = table_named(r, file, f, "trade", cJSON_IsString(oc) ? oc->valuestring : NULL, &values);
            if (values && cJSON_GetObjectItemCaseSensitive(f, "value_by_category")) {
                cz_err(r, "value_by_category", "given twice: by the trade table's value_cny column and here");
                cJSON_Delete(values);
            } else if (values && mix) {
                cJSON_AddItemToObject(f, "value_by_category", values);
            } else {
                cJSON_Delete(values);
            }
            if (mix) {
                cJSON_DeleteItemFromObjectCaseSensitive(f, "trade");
                cJSON_AddItemToObject(f, "categories", mix);
                if (cJSON_IsString(name) && names)
                    cJSON_AddItemToArray(names, cJSON_CreateString(name->valuestring));
            }
        }
        cz_pop(r, mark);
    }
    return replaced;
}
