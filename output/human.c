/* human.c: numbers for people.  See human.h. */
#include "output/human.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Insert thousands separators into the integer part of a formatted number. */
static void group(char *buf, size_t len, const char *digits)
{
    const char *p = digits, *dot = strchr(digits, '.');
    size_t n = dot ? (size_t)(dot - digits) : strlen(digits), j = 0;
    if (*p == '-') {
        if (j + 1 < len)
            buf[j++] = '-';
        p++, n--;
    }
    for (size_t i = 0; i < n && j + 2 < len; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = p[i];
    }
    buf[j] = '\0';
    if (dot)
        snprintf(buf + j, len - j, "%s", dot);
}

static int is_unit(const char *unit, const char *u) { return unit && strcmp(unit, u) == 0; }

void out_human(char *buf, size_t len, double v, const char *unit)
{
    char raw[64];
    if (!isfinite(v)) {
        snprintf(buf, len, "-");
        return;
    }
    bool money = unit && strncmp(unit, "CNY", 3) == 0;
    bool count = is_unit(unit, "consignments") || is_unit(unit, "crossings/day");
    if ((money || count) && fabs(v) >= 100) {
        snprintf(raw, sizeof raw, "%.0f", v);
    } else {
        double a = fabs(v);
        int decimals = a == 0 ? 0 : a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : a >= 0.001 ? 4 : 6;
        snprintf(raw, sizeof raw, "%.*f", decimals, v);
        if (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1)) /* -0.000000: it rounds to 0 */
            memmove(raw, raw + 1, strlen(raw));
    }
    group(buf, len, raw);
}
