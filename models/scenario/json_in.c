/* json_in.c: strict JSON reading with error collection.  See json_in.h. */
#include "models/scenario/json_in.h"
#include "models/tax/money.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cz_reader_init(cz_reader_t *r, const char *file)
{
    memset(r, 0, sizeof *r);
    r->file = file ? file : "-";
}

void cz_reader_fini(cz_reader_t *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nerrors; i++)
        free(r->errors[i]);
    free(r->errors);
    r->errors = NULL;
    r->nerrors = r->cap = 0;
}

void cz_reader_note_override(cz_reader_t *r, const char *path, const char *what)
{
    if (r->noverrides == CZ_MAX_OVERRIDES)
        return;
    cz_override_note_t *o = &r->overrides[r->noverrides++];
    snprintf(o->path, sizeof o->path, "%s", path);
    snprintf(o->what, sizeof o->what, "%s", what);
}

/* The command-line option that gave the value at `where`, or NULL. */
static const char *override_at(const cz_reader_t *r, const char *where)
{
    for (int i = r->noverrides - 1; i >= 0; i--) {
        const char *p = r->overrides[i].path;
        size_t n = strlen(p), w = strlen(where);
        if ((w >= n && !strncmp(where, p, n) && (where[n] == '\0' || where[n] == '.')) ||
            (n > w && !strncmp(where, p, w) && p[w] == '.'))
            return r->overrides[i].what;
    }
    return NULL;
}

static bool control(unsigned char c) { return c < 0x20 || c == 0x7f; }

/* Every control character of s to '?', in place, but line breaks when kept. */
static void make_printable(char *s, bool keep_newlines)
{
    for (; *s; s++)
        if (control((unsigned char)*s) && !(keep_newlines && *s == '\n'))
            *s = '?';
}

void cz_printable(char *s) { make_printable(s, false); }

void cz_eprintf(const char *fmt, ...)
{
    char small[1024], *text = small;
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)))
        vsnprintf(text, (size_t)n + 1, fmt, again);
    else if (n >= (int)sizeof small)
        text = small; /* out of memory: the message cut short */
    va_end(again);
    make_printable(text, true); /* line breaks are the message's own */
    fputs(text, stderr);
    if (text != small)
        free(text);
}

/* The first control character of s that its kind of text may not hold, or 0. */
static unsigned char bad_control(const char *s, bool prose)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (control(c) && !(prose && (c == '\t' || c == '\n')))
            return c;
    }
    return 0;
}

/* Free text: a description or sources, at any depth below them; a key that is
 * a path (a policy change's "flows.0.description") by its last part. */
static bool is_prose(const char *key)
{
    if (!key)
        return false;
    const char *last = strrchr(key, '.');
    last = last ? last + 1 : key;
    return !strcmp(last, "description") || !strcmp(last, "sources");
}

/* The way down to a node: built on the stack as the walk descends, turned into
 * a path only for a problem, so a clean tree costs no path formatting. */
typedef struct text_step {
    const struct text_step *up;
    const cJSON *parent, *node;
    int index;
} text_step_t;

static void push_steps(cz_reader_t *r, const text_step_t *s)
{
    if (!s)
        return;
    push_steps(r, s->up);
    if (cJSON_IsObject(s->parent)) {
        cz_push(r, s->node->string);
        return;
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(s->node, "name");
    cz_push_index(r, s->index, cJSON_IsString(name) && !bad_control(name->valuestring, false) ? name->valuestring
                                                                                               : NULL);
}

static void check_text(cz_reader_t *r, const cJSON *v, bool prose, const text_step_t *up)
{
    int i = 0;
    for (const cJSON *it = v->child; it; it = it->next, i++) {
        unsigned char c;
        bool object = cJSON_IsObject(v);
        text_step_t step = {up, v, it, i};
        if (object && it->string && (c = bad_control(it->string, false))) {
            size_t mark = strlen(r->path);
            push_steps(r, up);
            cz_err(r, NULL, "the key \"%s\" holds a control character (byte 0x%02x, shown as ?): names are one "
                   "line of printable text", it->string, c);
            cz_pop(r, mark);
            continue;
        }
        bool inner = prose || (object && is_prose(it->string));
        if (cJSON_IsString(it) && (c = bad_control(it->valuestring, inner))) {
            size_t mark = strlen(r->path);
            push_steps(r, &step);
            cz_err(r, NULL, "a control character (byte 0x%02x) in the text: %s", c,
                   inner ? "descriptions may break lines and hold tabs, nothing else"
                         : "names and values are one line of printable text");
            cz_pop(r, mark);
        } else if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
            check_text(r, it, inner, &step);
        }
    }
}

void cz_check_text(cz_reader_t *r, const cJSON *v) { check_text(r, v, false, NULL); }

void cz_err(cz_reader_t *r, const char *key, const char *fmt, ...)
{
    if (r->nerrors >= CZ_MAX_ERRORS) {
        r->truncated = true;
        return;
    }
    char msg[768], where[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (key)
        snprintf(where, sizeof where, "%s%s%s", r->path, r->path[0] ? "." : "", key);
    else
        snprintf(where, sizeof where, "%s", r->path[0] ? r->path : "(top level)");
    const char *given = override_at(r, where);
    size_t len = strlen(r->file) + strlen(where) + strlen(msg) + (given ? strlen(given) + 24 : 0) + 8;
    char *line = malloc(len);
    if (!line)
        return;
    snprintf(line, len, "%s: %s: %s%s%s%s", r->file, where, msg, given ? " (the value given by " : "",
             given ? given : "", given ? ")" : "");
    cz_printable(line);
    if (r->nerrors == r->cap) {
        int cap = r->cap ? r->cap * 2 : 8;
        char **p = realloc(r->errors, (size_t)cap * sizeof *p);
        if (!p) {
            free(line);
            return;
        }
        r->errors = p;
        r->cap = cap;
    }
    r->errors[r->nerrors++] = line;
}

void cz_reader_print(const cz_reader_t *r, FILE *out)
{
    for (int i = 0; i < r->nerrors; i++)
        fprintf(out, "zonesim: %s\n", r->errors[i]);
    if (r->truncated)
        fprintf(out, "zonesim: %s: more problems not shown (first %d listed)\n", r->file,
                CZ_MAX_ERRORS);
}

size_t cz_push(cz_reader_t *r, const char *key)
{
    size_t mark = strlen(r->path);
    snprintf(r->path + mark, sizeof r->path - mark, "%s%s", mark ? "." : "", key);
    return mark;
}

size_t cz_push_index(cz_reader_t *r, int i, const char *name)
{
    size_t mark = strlen(r->path);
    if (name)
        snprintf(r->path + mark, sizeof r->path - mark, ".%s", name);
    else
        snprintf(r->path + mark, sizeof r->path - mark, "[%d]", i);
    return mark;
}

void cz_pop(cz_reader_t *r, size_t mark) { r->path[mark] = '\0'; }

static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    int d[65];
    for (size_t j = 0; j <= lb; j++)
        d[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int prev = d[0];
        d[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int tmp = d[j];
            int sub = prev + (a[i - 1] != b[j - 1]);
            int best = d[j] + 1 < d[j - 1] + 1 ? d[j] + 1 : d[j - 1] + 1;
            d[j] = sub < best ? sub : best;
            prev = tmp;
        }
    }
    return d[lb];
}

const char *cz_did_you_mean(const char *word, const char *const *candidates, int n)
{
    const char *best = NULL;
    int bestd = 99, limit = (int)strlen(word) / 3;
    if (limit < 2)
        limit = 2;
    for (int i = 0; (n < 0 ? candidates[i] != NULL : i < n); i++) {
        int d = edit_distance(word, candidates[i]);
        if (d < bestd) {
            bestd = d;
            best = candidates[i];
        }
    }
    return bestd <= limit ? best : NULL;
}

static const char *type_name(const cJSON *v)
{
    if (!v) return "nothing";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsObject(v)) return "an object";
    return "an invalid value";
}

/* What was found, for a message: its type, and a string's text when short. */
static const char *found(const cJSON *v, char buf[96])
{
    char num[40];
    if (cJSON_IsString(v) && strlen(v->valuestring) <= 40) {
        snprintf(buf, 96, "the string \"%s\"", v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        cz_shortest(num, sizeof num, v->valuedouble);
        snprintf(buf, 96, "the number %s", num);
    } else {
        snprintf(buf, 96, "%s", type_name(v));
    }
    return buf;
}

bool cz_check_object(cz_reader_t *r, const cJSON *obj, const char *const *allowed)
{
    char fb[96];
    if (!cJSON_IsObject(obj)) {
        cz_err(r, NULL, "expected an object, found %s", found(obj, fb));
        return false;
    }
    for (const cJSON *it = obj->child; it; it = it->next) {
        bool known = false;
        for (int i = 0; allowed[i]; i++)
            known |= strcmp(it->string, allowed[i]) == 0;
        for (const cJSON *dup = it->next; dup; dup = dup->next)
            if (strcmp(dup->string, it->string) == 0) {
                cz_err(r, it->string, "key appears twice");
                break;
            }
        if (known)
            continue;
        const char *hint = cz_did_you_mean(it->string, allowed, -1);
        if (hint)
            cz_err(r, it->string, "unknown key (did you mean \"%s\"?)", hint);
        else
            cz_err(r, it->string, "unknown key");
    }
    return true;
}

double cz_get_number(cz_reader_t *r, const cJSON *obj, const char *key, double def,
                     bool required, double min, double max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            cz_err(r, key, "missing: a number in [%g, %g] is required", min, max);
        return def;
    }
    return cz_number_item(r, v, def, min, max);
}

double cz_number_item(cz_reader_t *r, const cJSON *v, double def, double min, double max)
{
    char fb[96];
    const char *key = v->string;
    if (!cJSON_IsNumber(v)) {
        cz_err(r, key, "expected a number in [%g, %g], found %s", min, max, found(v, fb));
        return def;
    }
    double x = v->valuedouble;
    if (!isfinite(x) || x < min || x > max) {
        cz_err(r, key, "%g is out of range: expected a number in [%g, %g]", x, min, max);
        return def;
    }
    return x;
}

long cz_get_int(cz_reader_t *r, const cJSON *obj, const char *key, long def, bool required,
                long min, long max)
{
    char fb[96];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            cz_err(r, key, "missing: a whole number in [%ld, %ld] is required", min, max);
        return def;
    }
    double x = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!cJSON_IsNumber(v) || x != floor(x) || x < (double)min || x > (double)max) {
        if (cJSON_IsNumber(v))
            cz_err(r, key, "%g is out of range: expected a whole number in [%ld, %ld]", x, min, max);
        else
            cz_err(r, key, "expected a whole number in [%ld, %ld], found %s", min, max, found(v, fb));
        return def;
    }
    return (long)x;
}

bool cz_parse_fraction(const cJSON *v, double *x)
{
    if (cJSON_IsNumber(v)) {
        *x = v->valuedouble;
        return isfinite(*x);
    }
    if (!cJSON_IsString(v))
        return false;
    char *end;
    errno = 0;
    double p = strtod(v->valuestring, &end);
    if (end == v->valuestring || errno || !isfinite(p))
        return false;
    while (*end == ' ')
        end++;
    if (strcmp(end, "%") != 0)
        return false;
    *x = p / 100;
    return true;
}

double cz_get_fraction(cz_reader_t *r, const cJSON *obj, const char *key, double def, bool required,
                       double min, double max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    char fb[96];
    double x;
    if (!v) {
        if (required)
            cz_err(r, key, "missing: a fraction in [%g, %g] is required (a number, or a percentage like \"6%%\")",
                   min, max);
        return def;
    }
    if (!cz_parse_fraction(v, &x)) {
        cz_err(r, key, "expected a fraction in [%g, %g] (a number, or a percentage like \"6%%\"), found %s", min,
               max, found(v, fb));
        return def;
    }
    if (x < min || x > max) {
        cz_err(r, key, "%g is out of range: expected a fraction in [%g, %g]", x, min, max);
        return def;
    }
    return x;
}

bool cz_parse_u64(const char *s, unsigned long long *out)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

unsigned long long cz_get_u64(cz_reader_t *r, const cJSON *obj, const char *key, unsigned long long def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    unsigned long long x;
    char fb[96];
    if (!v)
        return def;
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= (double)CZ_MAX_EXACT_INT &&
        v->valuedouble == floor(v->valuedouble))
        return (unsigned long long)v->valuedouble;
    if (cJSON_IsString(v) && cz_parse_u64(v->valuestring, &x))
        return x;
    cz_err(r, key, "expected a whole number from 0 to 2^53 (or, up to 2^64 - 1, a string of digits), found %s",
           found(v, fb));
    return def;
}

int64_t cz_get_rate(cz_reader_t *r, const cJSON *obj, const char *key, int64_t def, bool required, double max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    char fb[96];
    int64_t x;
    if (!v) {
        if (required)
            cz_err(r, key, "missing: a rate in [0, %g] is required (a number, or a percentage like \"6%%\")", max);
        return def;
    }
    bool ok = cJSON_IsNumber(v) ? cz_rate_from_double(v->valuedouble, &x)
                                : cJSON_IsString(v) && cz_rate_from_percent(v->valuestring, &x);
    if (!ok) {
        cz_err(r, key, "expected a rate in [0, %g]: a number with at most 8 decimals or a percentage like \"6.5%%\", "
               "found %s", max, found(v, fb));
        return def;
    }
    if (x < 0 || (double)x > max * CZ_RATE_ONE) {
        cz_err(r, key, "%g is out of range: expected a rate in [0, %g]", (double)x / CZ_RATE_ONE, max);
        return def;
    }
    return x;
}

int64_t cz_get_money(cz_reader_t *r, const cJSON *obj, const char *key, int64_t def, bool required, double max_cny)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    char fb[96];
    int64_t x;
    if (!v) {
        if (required)
            cz_err(r, key, "missing: an amount of CNY in [0, %.17g] is required", max_cny);
        return def;
    }
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && (v->valuedouble < 0 || v->valuedouble > max_cny)) {
        cz_err(r, key, "%.17g is out of range: expected an amount of CNY in [0, %.17g]", v->valuedouble, max_cny);
        return def;
    }
    if (!cJSON_IsNumber(v) || !cz_fen_from_cny(v->valuedouble, &x)) {
        cz_err(r, key, "expected an amount of CNY in [0, %.17g], found %s", max_cny, found(v, fb));
        return def;
    }
    return x;
}

bool cz_get_bool(cz_reader_t *r, const cJSON *obj, const char *key, bool def)
{
    char fb[96];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return def;
    if (!cJSON_IsBool(v)) {
        cz_err(r, key, "expected true or false, found %s", found(v, fb));
        return def;
    }
    return cJSON_IsTrue(v);
}

const char *cz_get_string(cz_reader_t *r, const cJSON *obj, const char *key, const char *def,
                          bool required)
{
    char fb[96];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            cz_err(r, key, "missing: a string is required");
        return def;
    }
    if (!cJSON_IsString(v)) {
        cz_err(r, key, "expected a string, found %s", found(v, fb));
        return def;
    }
    return v->valuestring;
}

bool cz_parse_duration(const cJSON *v, double *minutes, const char **why)
{
    *why = "expected minutes as a number, or a string like \"90 s\", \"6 min\", \"2 h\", \"20 d\"";
    if (cJSON_IsNumber(v)) {
        *minutes = v->valuedouble;
        return isfinite(*minutes);
    }
    if (!cJSON_IsString(v))
        return false;
    const char *s = v->valuestring;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || errno != 0 || !isfinite(x))
        return false;
    while (*end == ' ')
        end++;
    static const struct { const char *u; double f; } units[] = {
        {"s", 1.0 / 60}, {"sec", 1.0 / 60}, {"min", 1}, {"m", 1}, {"h", 60}, {"hour", 60},
        {"hours", 60}, {"d", 1440}, {"day", 1440}, {"days", 1440}, {"w", 10080}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].u) == 0) {
            *minutes = x * units[i].f;
            return true;
        }
    *why = "unknown unit: use s, min, h or d (e.g. \"6 min\")";
    return false;
}

/* The longest duration any key may give: 1e9 minutes, about 1,900 years. */
#define DURATION_MAX_MIN 1e9

double cz_get_duration(cz_reader_t *r, const cJSON *obj, const char *key, double def,
                       bool required, double min_minutes)
{
    char fb[96];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            cz_err(r, key, "missing: a duration is required (e.g. \"6 min\")");
        return def;
    }
    double m;
    const char *why;
    if (!cz_parse_duration(v, &m, &why)) {
        if (cJSON_IsString(v))
            cz_err(r, key, "\"%s\": %s", v->valuestring, why);
        else
            cz_err(r, key, "%s, found %s", why, found(v, fb));
        return def;
    }
    if (m < min_minutes || m > DURATION_MAX_MIN) {
        cz_err(r, key, "duration %g min is out of range: expected %g to %g min", m, min_minutes,
               DURATION_MAX_MIN);
        return def;
    }
    return m;
}

bool cz_parse_clock(const char *s, double *minutes)
{
    int h, m;
    char extra;
    if (strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &extra) != 2)
        return false;
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0))
        return false;
    *minutes = h * 60 + m;
    return true;
}

/* The largest plain number a distribution may be given; with DURATION_MAX_MIN
 * for durations, every conversion of a distribution's mean to an integer count
 * stays in range. */
#define DIST_MAX_NUMBER 1e15

static double dist_max(bool durations) { return durations ? DURATION_MAX_MIN : DIST_MAX_NUMBER; }

static const char *const DIST_KEYS[] = {"dist", "value", "mean", "sd", "cv", "min", "mode",
                                        "max", "values", "weights", NULL};
const char *const *cz_dist_keys(void) { return DIST_KEYS; }

static const char *const DIST_KINDS[] = {"constant", "exponential", "uniform", "triangular",
                                         "lognormal", "gamma", "empirical", NULL};

static double dist_param(cz_reader_t *r, const cJSON *o, const char *key, bool durations)
{
    if (durations)
        return cz_get_duration(r, o, key, 1, true, 0);
    return cz_get_number(r, o, key, 1, true, 0, DIST_MAX_NUMBER);
}

static bool read_empirical(cz_reader_t *r, const cJSON *o, sim_dist_t *out, bool durations)
{
    const cJSON *vals = cJSON_GetObjectItemCaseSensitive(o, "values");
    const cJSON *ws = cJSON_GetObjectItemCaseSensitive(o, "weights");
    int n = cJSON_GetArraySize(vals);
    if (!cJSON_IsArray(vals) || n == 0 || n > 10000) {
        cz_err(r, "values", "expected a non-empty array of values (at most 10000)");
        return false;
    }
    if (ws && (!cJSON_IsArray(ws) || cJSON_GetArraySize(ws) != n)) {
        cz_err(r, "weights", "expected an array of %d weights, one per value", n);
        return false;
    }
    double *v = malloc((size_t)n * sizeof *v), *w = malloc((size_t)n * sizeof *w);
    bool ok = v && w;
    for (int i = 0; ok && i < n; i++) {
        const char *why;
        if (!cz_parse_duration(cJSON_GetArrayItem(vals, i), &v[i], &why) || !(v[i] >= 0) ||
            v[i] > dist_max(durations) || (!durations && !cJSON_IsNumber(cJSON_GetArrayItem(vals, i)))) {
            cz_err(r, "values", "element %d: expected a value from 0 to %g%s", i, dist_max(durations),
                   durations ? " min" : "");
            ok = false;
        }
        const cJSON *wi = ws ? cJSON_GetArrayItem(ws, i) : NULL;
        w[i] = wi ? (cJSON_IsNumber(wi) ? wi->valuedouble : -1) : 1;
        if (ok && !(isfinite(w[i]) && w[i] >= 0)) {
            cz_err(r, "weights", "element %d: expected a weight >= 0", i);
            ok = false;
        }
    }
    if (ok) {
        sim_dist_err_t e = sim_dist_empirical(out, v, w, (size_t)n);
        if (e != SIM_DIST_OK) {
            cz_err(r, NULL, "%s", sim_dist_strerror(e));
            ok = false;
        }
    }
    free(v);
    free(w);
    return ok;
}

static bool read_dist_object(cz_reader_t *r, const cJSON *o, sim_dist_t *out, bool durations)
{
    if (!cz_check_object(r, o, DIST_KEYS))
        return false;
    const char *kind = cz_get_string(r, o, "dist", NULL, true);
    if (!kind)
        return false;
    int nerr = r->nerrors;
    sim_dist_err_t e = SIM_DIST_OK;
    if (strcmp(kind, "constant") == 0)
        e = sim_dist_constant(out, dist_param(r, o, "value", durations));
    else if (strcmp(kind, "exponential") == 0)
        e = sim_dist_exponential(out, dist_param(r, o, "mean", durations));
    else if (strcmp(kind, "uniform") == 0)
        e = sim_dist_uniform(out, dist_param(r, o, "min", durations), dist_param(r, o, "max", durations));
    else if (strcmp(kind, "triangular") == 0)
        e = sim_dist_triangular(out, dist_param(r, o, "min", durations),
                                dist_param(r, o, "mode", durations), dist_param(r, o, "max", durations));
    else if (strcmp(kind, "lognormal") == 0)
        e = sim_dist_lognormal(out, dist_param(r, o, "mean", durations), dist_param(r, o, "sd", durations));
    else if (strcmp(kind, "gamma") == 0)
        e = sim_dist_gamma(out, dist_param(r, o, "mean", durations),
                           cz_get_number(r, o, "cv", 1, true, 0, 100));
    else if (strcmp(kind, "empirical") == 0)
        return read_empirical(r, o, out, durations);
    else {
        const char *hint = cz_did_you_mean(kind, DIST_KINDS, -1);
        cz_err(r, "dist", "unknown distribution \"%s\"%s%s%s: expected one of constant, "
               "exponential, uniform, triangular, lognormal, gamma, empirical", kind,
               hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
        return false;
    }
    if (r->nerrors != nerr)
        return false;
    if (e != SIM_DIST_OK) {
        cz_err(r, NULL, "%s distribution: %s", kind, sim_dist_strerror(e));
        return false;
    }
    return true;
}

bool cz_get_dist(cz_reader_t *r, const cJSON *obj, const char *key, sim_dist_t *out,
                 bool durations, bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            cz_err(r, key, "missing: a distribution is required, e.g. {\"dist\": \"exponential\", \"mean\": %s}",
                   durations ? "\"6 min\"" : "1000");
        return false;
    }
    size_t mark = cz_push(r, key);
    bool ok;
    if (cJSON_IsObject(v)) {
        ok = read_dist_object(r, v, out, durations);
    } else {
        double x;
        const char *why;
        ok = durations ? cz_parse_duration(v, &x, &why) : cJSON_IsNumber(v);
        if (ok && !durations)
            x = v->valuedouble;
        if (!ok || !(x <= dist_max(durations)) || sim_dist_constant(out, x) != SIM_DIST_OK) {
            cz_err(r, NULL, "expected a distribution object or a constant %s from 0 to %g%s",
                   durations ? "duration" : "number", dist_max(durations), durations ? " min" : "");
            ok = false;
        }
    }
    cz_pop(r, mark);
    return ok;
}
