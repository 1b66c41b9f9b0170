/* page.c: a report page and what every report kind shares.  See page.h. */
#include "report/page.h"

#include "models/scenario/json_in.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/human.h"
#include "output/results.h"
#include "report/chart.h"

void pg_printf(rp_page_t *pg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(pg->t.f, fmt, ap);
    va_end(ap);
}

void rp_html_escape(out_text_t *t, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        size_t n = c < 0x80 ? 1 : cz_utf8_char_len((const unsigned char *)s, strnlen(s, 4));
        if (n == 0) { /* not UTF-8: the replacement character, and on */
            fputs("&#xFFFD;", t->f);
            continue;
        }
        if (n > 1) {
            fwrite(s, 1, n, t->f);
            s += n - 1;
            continue;
        }
        switch (c) {
        case '<': fputs("&lt;", t->f); break;
        case '>': fputs("&gt;", t->f); break;
        case '&': fputs("&amp;", t->f); break;
        case '"': fputs("&quot;", t->f); break;
        case '\'': fputs("&#39;", t->f); break;
        default:
            if (c < 0x20 && c != '\n' && c != '\t')
                fputs("&#xFFFD;", t->f);
            else
                fputc(c, t->f);
        }
    }
}

void pg_text(rp_page_t *pg, const char *s) { rp_html_escape(&pg->t, s); }

void pg_num(rp_page_t *pg, double v, const char *unit)
{
    char buf[64];
    out_human(buf, sizeof buf, v, unit);
    pg_printf(pg, "%s", strcmp(buf, "-") ? buf : "&ndash;");
}

void pg_head(rp_page_t *pg, const char *title)
{
    pg_printf(pg, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                  "<meta name=\"generator\" content=\"zonesim %s\">\n<title>", CZ_VERSION);
    pg_text(pg, title);
    pg_printf(pg, "</title>\n<style>\n"
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;"
        "padding:0 1em;color:#222;line-height:1.45}\n"
        "h1{font-size:1.6em;border-bottom:2px solid #2a6f97;padding-bottom:.2em}h2{color:#2a6f97;margin-top:1.6em}\n"
        ".wide{overflow-x:auto}table{border-collapse:collapse;margin:.6em 0;font-size:.92em}"
        "td,th{border:1px solid #ccc;padding:.25em .6em}\n"
        "th{background:#eef3f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
        "figure{margin:1em 0;page-break-inside:avoid}figure svg{max-width:100%%;height:auto}"
        "figcaption{font-size:.9em;color:#555}\n"
        ".note{background:#fff6dd;border-left:4px solid #e0b000;padding:.5em 1em}.sig{color:#b00;font-weight:bold}\n"
        ".prov{font-size:.85em;color:#555}@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}\n"
        "</style></head><body>\n");
}

void pg_foot(rp_page_t *pg)
{
    pg_printf(pg, "<p class=\"prov\">Made by zonesim %s. Charts: gnuplot. "
              "See docs/outputs.md for the definition of every figure.</p>\n</body></html>\n", CZ_VERSION);
}

cJSON *rp_load(const char *dir, const char *file)
{
    char path[4200], err[256];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
        return NULL;
    char *text = out_slurp(path, 64u << 20, err, sizeof err);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (j && !cJSON_IsObject(j)) {
        cJSON_Delete(j);
        j = NULL;
    }
    return j;
}

double rp_num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

const char *rp_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) ? v->valuestring : "";
}

int rp_page_init(rp_page_t *pg, const char *dir)
{
    char err[512];
    memset(pg, 0, sizeof *pg);
    pg->dir = dir;
    if (out_dir_claim(&pg->out, dir, NULL, NULL, true, true, err, sizeof err) != 0) {
        cz_eprintf("zonesim: report: %s\n", err);
        return 2;
    }
    snprintf(pg->scratch, sizeof pg->scratch, "%s/.report.tmp.XXXXXX", dir);
    pg->batch = out_batch_create(&pg->out);
    if (!pg->batch || !out_text_open(&pg->t) || !mkdtemp(pg->scratch)) {
        pg->scratch[0] = '\0';
        cz_eprintf("zonesim: report: cannot write in %s\n", dir);
        return 1;
    }
    /* everything the earlier result wrote stays but the earlier report */
    for (int i = 0; i < pg->out.nowned; i++)
        if (strncmp(pg->out.owned[i], "report", 6) != 0)
            out_batch_keep(pg->batch, pg->out.owned[i]);
    pg->gnuplot = rp_have_gnuplot();
    return 0;
}

void rp_page_fini(rp_page_t *pg)
{
    out_text_drop(&pg->t);
    out_batch_destroy(pg->batch);
    pg->batch = NULL;
    DIR *dp = pg->scratch[0] ? opendir(pg->scratch) : NULL;
    struct dirent *e;
    char path[4600];
    while (dp && (e = readdir(dp)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", pg->scratch, e->d_name);
            unlink(path);
        }
    if (dp) {
        closedir(dp);
        rmdir(pg->scratch);
    }
}

int rp_page_finish(rp_page_t *pg, bool quiet)
{
    char err[512];
    out_batch_take(pg->batch, "report.html", out_text_take(&pg->t));
    if (out_batch_commit(pg->batch, err, sizeof err) != 0) {
        cz_eprintf("zonesim: report: %s\n", err);
        return 1;
    }
    if (!quiet)
        printf("report written to %s/report.html (%d chart%s)\n", pg->dir, pg->charts, pg->charts == 1 ? "" : "s");
    return 0;
}
