/* sweep.c: axes and the grid.  See sweep.h. */
#include "experiment/sweep.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool add_value(ex_axis_t *ax, const char *v, size_t len, char *err, size_t errlen)
{
    if (ax->n == EX_MAX_VALUES) {
        snprintf(err, errlen, "more than %d values", EX_MAX_VALUES);
        return false;
    }
    char **p = realloc(ax->values, (size_t)(ax->n + 1) * sizeof *p);
    if (p)
        ax->values = p;
    char *s = p ? strndup(v, len) : NULL;
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    ax->values[ax->n++] = s;
    return true;
}

/* A..B of whole numbers: every whole number from A to B.  Returns 1 when v is
 * such a range (expanded), 0 when it is not, -1 on error. */
static int add_range(ex_axis_t *ax, const char *v, size_t len, char *err, size_t errlen)
{
    char buf[64], *dots, *end;
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, v, len);
    buf[len] = '\0';
    if (!(dots = strstr(buf, "..")))
        return 0;
    errno = 0;
    long a = strtol(buf, &end, 10);
    if (end != dots || end == buf)
        return 0;
    long b = strtol(dots + 2, &end, 10);
    if (*end || end == dots + 2 || errno) {
        snprintf(err, errlen, "\"%s\": a range is two whole numbers, A..B", buf);
        return -1;
    }
    if (b < a || (unsigned long)b - (unsigned long)a >= EX_MAX_VALUES) { /* unsigned: no overflow at the ends of long */
        snprintf(err, errlen, "\"%s\": expected A <= B and at most %d values", buf, EX_MAX_VALUES);
        return -1;
    }
    for (long x = a;; x++) { /* stops at b, never steps past LONG_MAX */
        int n = snprintf(buf, sizeof buf, "%ld", x);
        if (!add_value(ax, buf, (size_t)n, err, errlen))
            return -1;
        if (x == b)
            break;
    }
    return 1;
}

static bool add_item(ex_axis_t *ax, const char *v, size_t len, char *err, size_t errlen)
{
    if (len == 0) {
        snprintf(err, errlen, "an empty value");
        return false;
    }
    int r = add_range(ax, v, len, err, errlen);
    return r < 0 ? false : r > 0 ? true : add_value(ax, v, len, err, errlen);
}

bool ex_axis_parse(ex_axis_t *ax, const char *spec, char *err, size_t errlen)
{
    memset(ax, 0, sizeof *ax);
    const char *eq = strchr(spec, '=');
    size_t plen = eq ? (size_t)(eq - spec) : 0;
    if (!eq || plen == 0 || plen >= sizeof ax->path) {
        snprintf(err, errlen, "expected PATH=V1,V2,... (a path of 1 to %zu characters)", sizeof ax->path - 1);
        return false;
    }
    memcpy(ax->path, spec, plen);
    int depth = 0;
    bool quoted = false;
    const char *start = eq + 1;
    for (const char *c = start;; c++) {
        if (*c == '\0' || (*c == ',' && depth == 0 && !quoted)) {
            if (!add_item(ax, start, (size_t)(c - start), err, errlen))
                return false;
            if (*c == '\0')
                break;
            start = c + 1;
        } else if (*c == '"' && (c == start || c[-1] != '\\')) {
            quoted = !quoted;
        } else if (!quoted && (*c == '[' || *c == '{')) {
            depth++;
        } else if (!quoted && (*c == ']' || *c == '}')) {
            depth--;
        }
    }
    if (depth != 0 || quoted) {
        snprintf(err, errlen, "unbalanced brackets or quotes");
        return false;
    }
    return true;
}

void ex_axis_fini(ex_axis_t *ax)
{
    for (int i = 0; i < ax->n; i++)
        free(ax->values[i]);
    free(ax->values);
    ax->values = NULL;
    ax->n = 0;
}

long ex_grid_points(const ex_axis_t *ax, int nax, char *err, size_t errlen)
{
    long n = 1;
    for (int a = 0; a < nax; a++) {
        if (ax[a].n < 1 || n > EX_MAX_POINTS / ax[a].n) {
            snprintf(err, errlen, "the grid has more than %d points", EX_MAX_POINTS);
            return -1;
        }
        n *= ax[a].n;
    }
    return n;
}

void ex_grid_point(const ex_axis_t *ax, int nax, long p, int *index)
{
    for (int a = nax - 1; a >= 0; a--) { /* the first axis varies slowest */
        index[a] = (int)(p % ax[a].n);
        p /= ax[a].n;
    }
}
