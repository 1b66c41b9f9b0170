/* report_html.c: page building and gnuplot charts.  See report_html.h. */
#include "report/report_html.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "output/output.h"

void pg_printf(page_t *pg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cz_str_vprintf(&pg->s, fmt, ap);
    va_end(ap);
}

void pg_text(page_t *pg, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': pg_printf(pg, "&lt;"); break;
        case '>': pg_printf(pg, "&gt;"); break;
        case '&': pg_printf(pg, "&amp;"); break;
        case '"': pg_printf(pg, "&quot;"); break;
        default: pg_printf(pg, "%c", *s);
        }
    }
}

void pg_num(page_t *pg, double v)
{
    if (isnan(v) || isinf(v))
        pg_printf(pg, "&ndash;");
    else if (fabs(v) >= 1e6 || (fabs(v) < 1e-3 && v != 0))
        pg_printf(pg, "%.4g", v);
    else
        pg_printf(pg, "%.4g", v);
}

void pg_head(page_t *pg, const char *title)
{
    pg_printf(pg, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
    pg_text(pg, title);
    pg_printf(pg, "</title>\n<style>\n"
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;"
        "padding:0 1em;color:#222;line-height:1.45}\n"
        "h1{font-size:1.6em;border-bottom:2px solid #2a6f97;padding-bottom:.2em}h2{color:#2a6f97;margin-top:1.6em}\n"
        "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}td,th{border:1px solid #ccc;padding:.25em .6em}\n"
        "th{background:#eef3f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
        "figure{margin:1em 0;page-break-inside:avoid}figure svg{max-width:100%%;height:auto}"
        "figcaption{font-size:.9em;color:#555}\n"
        ".note{background:#fff6dd;border-left:4px solid #e0b000;padding:.5em 1em}.sig{color:#b00;font-weight:bold}\n"
        ".prov{font-size:.85em;color:#555}@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}\n"
        "</style></head><body>\n");
}

void pg_foot(page_t *pg)
{
    pg_printf(pg, "<p class=\"prov\">Made by zonesim %s. Charts: gnuplot. "
              "See docs/outputs.md for the definition of every figure.</p>\n</body></html>\n", CZ_VERSION);
}

cJSON *rp_load(const char *dir, const char *file)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *text = cz_slurp(path);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    return j;
}

double rp_num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

bool rp_have_gnuplot(void)
{
    int st = system("gnuplot --version >/dev/null 2>&1");
    return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return (fclose(f) == 0) && ok;
}

void rp_chart(page_t *pg, const char *name, const char *caption, const char *data, const char *commands)
{
    char dir[4200], path[4400], cmd[9000];
    snprintf(dir, sizeof dir, "%s/report_data", pg->dir);
    char err[256];
    if (cz_mkdirs(dir, err, sizeof err) != 0)
        return;
    if (data) {
        snprintf(path, sizeof path, "%s/%s.dat", dir, name);
        write_file(path, data);
    }
    snprintf(path, sizeof path, "%s/%s.gp", dir, name);
    char *script = malloc(strlen(commands) + 512);
    if (!script)
        return;
    sprintf(script, "set terminal svg size 760,360 dynamic noenhanced font 'sans,11' background rgb 'white'\n"
                    "set output '%s.svg'\nset datafile separator '\\t'\nset grid ytics lc rgb '#dddddd'\n"
                    "set border 3\nset tics nomirror\n%s\n", name, commands);
    write_file(path, script);
    free(script);
    pg_printf(pg, "<figure>");
    if (pg->gnuplot) {
        snprintf(cmd, sizeof cmd, "cd '%s' && gnuplot '%s.gp' 2>'%s.err'", dir, name, name);
        int st = system(cmd);
        snprintf(path, sizeof path, "%s/%s.svg", dir, name);
        char *svg = st == 0 ? cz_slurp(path) : NULL;
        char *start = svg ? strstr(svg, "<svg") : NULL;
        if (start) {
            pg_printf(pg, "%s", start);
            pg->charts++;
        } else {
            pg_printf(pg, "<p class=\"note\">gnuplot could not draw this chart (see report_data/%s.err)</p>", name);
        }
        free(svg);
    } else {
        pg_printf(pg, "<p class=\"note\">Chart not drawn: gnuplot is not installed "
                  "(Debian: <code>apt-get install gnuplot-nox</code>, then <code>zonesim report DIR</code>). "
                  "Its data and script are in report_data/%s.*</p>", name);
    }
    pg_printf(pg, "<figcaption>");
    pg_text(pg, caption);
    pg_printf(pg, "</figcaption></figure>\n");
}

int rp_finish(page_t *pg, const char *dir, bool quiet)
{
    char path[4200], err[512];
    if (pg->s.oom || !pg->s.p) {
        fprintf(stderr, "zonesim: out of memory building the report\n");
        return 1;
    }
    snprintf(path, sizeof path, "%s/report.html", dir);
    if (cz_write_atomic(path, pg->s.p, err, sizeof err) != 0) {
        fprintf(stderr, "zonesim: %s\n", err);
        return 1;
    }
    if (!quiet)
        printf("report written to %s (%d chart%s)\n", path, pg->charts, pg->charts == 1 ? "" : "s");
    return 0;
}
