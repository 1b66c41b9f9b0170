/* text.c: output text.  See text.h. */
#include "output/text.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool out_text_open(out_text_t *t)
{
    t->p = NULL;
    t->len = 0;
    t->f = open_memstream(&t->p, &t->len);
    return t->f != NULL;
}

void out_printf(out_text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(t->f, fmt, ap);
    va_end(ap);
}

char *out_text_take(out_text_t *t)
{
    if (!t->f)
        return NULL;
    bool ok = !ferror(t->f);
    ok = fclose(t->f) == 0 && ok;
    t->f = NULL;
    if (!ok) {
        free(t->p);
        t->p = NULL;
    }
    return t->p;
}

void out_text_drop(out_text_t *t) { free(out_text_take(t)); }

void out_format_double(char *buf, size_t len, double v)
{
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

void out_csv_field(out_text_t *t, const char *s)
{
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, t->f);
        return;
    }
    fputc('"', t->f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', t->f);
        fputc(*s, t->f);
    }
    fputc('"', t->f);
}

void out_json_num(cJSON *o, const char *key, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

void out_json_u64(cJSON *o, const char *key, unsigned long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%llu", v);
    cJSON_AddRawToObject(o, key, buf);
}
