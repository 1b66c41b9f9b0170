/* report_sweep.c: the page of a sweep folder (sweep.json): each headline KPI
 * against the first varied value, one line per combination of the others,
 * with the 95% band of the mean and, for times, the p90 beside the mean.
 * Points are found by their values, never by position, so a shard, an
 * interrupted sweep or a damaged file draws what is there.  See kinds.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart.h"
#include "report/kinds.h"

#define MAX_SERIES 8

typedef struct headline {
    const char *kpi, *p90, *words, *unit;
} headline_t;

static const headline_t HEADLINE[] = {
    {"l1_time_mean_min", "l1_time_p90_min", "time at the first line", "min"},
    {"l1_wait_mean_min", NULL, "wait for a first-line lane", "min"},
    {"l2_time_mean_min", "l2_time_p90_min", "time at the second line", "min"},
    {"l2_wait_mean_min", NULL, "wait for a second-line lane", "min"},
    {"l1_utilization", NULL, "first-line lane utilisation", "fraction"},
    {"l2_utilization", NULL, "second-line lane utilisation", "fraction"},
    {"zone_dwell_mean_days", NULL, "time in the zone", "days"},
    {"tax_total_cny", NULL, "tax collected", "million CNY"},
    {"deferral_npv_cny", NULL, "value of deferral", "million CNY"},
    {"bonded_stock_mean_cny", NULL, "bonded stock", "million CNY"},
};
#define NHEADLINE (int)(sizeof HEADLINE / sizeof HEADLINE[0])

static const cJSON *kpi_of(const cJSON *pt, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pt, "kpis"), name);
}

/* The key naming a point's series: its values on every axis but the first. */
static void series_key(const cJSON *pt, const char *path0, char *key, size_t len)
{
    key[0] = '\0';
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(pt, "values")) {
        if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(pt, "values")) || !strcmp(v->string, path0))
            continue;
        char *t = cJSON_PrintUnformatted(v);
        size_t l = strlen(key);
        snprintf(key + l, len - l, "%s%s=%s", l ? ", " : "", v->string, t ? t : "?");
        free(t);
    }
}

/* The x of a point: its number, or the index of its value on the first axis. */
static double point_x(const cJSON *pt, const char *path0, const cJSON *ax_values, bool numeric)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pt, "values"), path0);
    if (numeric)
        return cJSON_IsNumber(v) ? v->valuedouble : NAN;
    char *t = v ? (cJSON_IsString(v) ? strdup(v->valuestring) : cJSON_PrintUnformatted(v)) : NULL;
    int i = 0;
    const cJSON *a;
    double x = NAN;
    cJSON_ArrayForEach(a, ax_values) {
        if (t && cJSON_IsString(a) && !strcmp(a->valuestring, t))
            x = i;
        i++;
    }
    free(t);
    return x;
}

typedef struct axis_info {
    const char *path0;
    const cJSON *values;       /* the first axis's value texts */
    bool numeric, integers;
    char keys[MAX_SERIES][256];
    int nseries;
} axis_info_t;

static void axis_info(const cJSON *sw, axis_info_t *ai)
{
    const cJSON *ax0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sw, "vary"), 0), *p;
    memset(ai, 0, sizeof *ai);
    ai->path0 = rp_str(ax0, "path");
    ai->values = cJSON_GetObjectItemCaseSensitive(ax0, "values");
    ai->numeric = ai->integers = true;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(sw, "points")) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(p, "values"), ai->path0);
        ai->numeric = ai->numeric && cJSON_IsNumber(v);
        ai->integers = ai->integers && cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble);
        char key[256];
        series_key(p, ai->path0, key, sizeof key);
        int s = 0;
        while (s < ai->nseries && strcmp(ai->keys[s], key))
            s++;
        if (s == ai->nseries && ai->nseries < MAX_SERIES)
            snprintf(ai->keys[ai->nseries++], sizeof ai->keys[0], "%s", key);
    }
}

/* x, mean, low, high, p90 of every point of series s, sorted by x. */
static void series_rows(out_text_t *b, const cJSON *sw, const axis_info_t *ai, int s, const headline_t *h,
                        double scale, double *lo_all, double *hi_all)
{
    const cJSON *p;
    double xs[1000];
    const cJSON *pts[1000];
    int n = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(sw, "points")) {
        char key[256];
        series_key(p, ai->path0, key, sizeof key);
        double x = point_x(p, ai->path0, ai->values, ai->numeric);
        if (strcmp(key, ai->keys[s]) || isnan(x) || n == 1000)
            continue;
        int j = n++; /* insertion by x */
        while (j > 0 && xs[j - 1] > x) {
            xs[j] = xs[j - 1], pts[j] = pts[j - 1];
            j--;
        }
        xs[j] = x, pts[j] = p;
    }
    for (int i = 0; i < n; i++) {
        const cJSON *k = kpi_of(pts[i], h->kpi);
        double m = rp_num(k, "mean") / scale, c = rp_num(k, "ci95") / scale;
        double q = h->p90 ? rp_num(kpi_of(pts[i], h->p90), "mean") / scale : NAN;
        if (isnan(c))
            c = 0;
        if (isfinite(m) && m > 0) {
            *lo_all = fmin(*lo_all, m);
            *hi_all = fmax(*hi_all, fmax(m, isfinite(q) ? q : m));
        }
        out_printf(b, "%.10g\t%.6g\t%.6g\t%.6g\t%.6g\n", xs[i], m, m - c, m + c, q);
    }
    out_printf(b, "\n\n");
}

/* gnuplot commands for the x axis: labels for text values, whole ticks for whole numbers. */
static void x_axis(out_text_t *c, const axis_info_t *ai)
{
    char label[256];
    rp_gnuplot_string(label, sizeof label, ai->path0);
    out_printf(c, "set xlabel '%s'\n", label);
    int n = cJSON_GetArraySize(ai->values), i = 0;
    const cJSON *a;
    if (ai->numeric && ai->integers && n <= 25) {
        out_printf(c, "set xtics (");
        cJSON_ArrayForEach(a, ai->values) {
            rp_gnuplot_string(label, sizeof label, cJSON_IsString(a) ? a->valuestring : "?");
            out_printf(c, "%s'%s' %s", i++ ? ", " : "", label, label);
        }
        out_printf(c, ")\n");
    } else if (!ai->numeric) {
        out_printf(c, "set xrange [-0.5:%d.5]\nset xtics rotate by -20 (", n - 1);
        cJSON_ArrayForEach(a, ai->values) {
            rp_gnuplot_string(label, sizeof label, cJSON_IsString(a) ? a->valuestring : "?");
            out_printf(c, "%s'%s' %d", i ? ", " : "", label, i);
            i++;
        }
        out_printf(c, ")\n");
    }
}

static void sweep_chart(rp_page_t *pg, const cJSON *sw, const axis_info_t *ai, const headline_t *h, int idx)
{
    out_text_t b, c;
    char name[32], caption[512], label[300];
    double scale = strstr(h->unit, "million") ? 1e6 : 1, lo = INFINITY, hi = 0;
    if (!out_text_open(&b) || !out_text_open(&c))
        return;
    snprintf(name, sizeof name, "sweep_%d", idx);
    for (int s = 0; s < ai->nseries; s++)
        series_rows(&b, sw, ai, s, h, scale, &lo, &hi);
    x_axis(&c, ai);
    out_printf(&c, "set ylabel '%s (%s)'\nset key outside bottom center\n", h->words, h->unit);
    if (lo > 0 && hi / lo > 100)
        out_printf(&c, "set logscale y\n");
    out_printf(&c, "plot ");
    for (int s = 0; s < ai->nseries; s++) {
        rp_gnuplot_string(label, sizeof label, ai->nseries > 1 && ai->keys[s][0] ? ai->keys[s] : "mean");
        out_printf(&c, "%s'%s.dat' index %d using 1:3:4 with filledcurves fs transparent solid 0.2 lc %d notitle, "
                   "'' index %d using 1:2 with linespoints lw 2 lc %d title '%s'", s ? ", " : "", name, s, s + 1, s,
                   s + 1, label);
        if (h->p90)
            out_printf(&c, ", '' index %d using 1:5 with linespoints dt 2 lc %d title 'p90%s%s'", s, s + 1,
                       ai->nseries > 1 ? " " : "", ai->nseries > 1 ? label : "");
    }
    out_printf(&c, "\n");
    snprintf(caption, sizeof caption, "%s (%s) against %s: the mean with its 95%% band%s.", h->words, h->unit,
             ai->path0, h->p90 ? ", and the 90th percentile (dashed)" : "");
    char *data = out_text_take(&b), *cmd = out_text_take(&c);
    if (data && cmd && ai->nseries > 0)
        rp_chart(pg, name, caption, data, cmd);
    free(data);
    free(cmd);
}

/* With enforcement: the trade-off of control, every point's time at the lines
 * (the mean first-line time plus the mean second-line time, where there is a
 * second line: checks and holds at either count) against the revenue it lets
 * be evaded, numbered as in the table. */
static void frontier_chart(rp_page_t *pg, const cJSON *sw)
{
    const cJSON *p, *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sw, "points"), 0);
    if (!kpi_of(first, "revenue_evaded_cny"))
        return;
    out_text_t b, c;
    if (!out_text_open(&b) || !out_text_open(&c))
        return;
    int n = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(sw, "points")) {
        double l2 = rp_num(kpi_of(p, "l2_time_mean_min"), "mean");
        double x = rp_num(kpi_of(p, "l1_time_mean_min"), "mean") + (isfinite(l2) ? l2 : 0);
        double y = rp_num(kpi_of(p, "revenue_evaded_cny"), "mean") / 1e6, point = rp_num(p, "point");
        if (isfinite(x) && isfinite(y) && isfinite(point) && n++ < 1000)
            out_printf(&b, "%.10g\t%.10g\t%.0f\n", x, y, point);
    }
    out_printf(&c, "set xlabel 'time at the lines: mean first-line time + mean second-line time (min)'\n"
               "set ylabel 'revenue evaded (million CNY)'\nset nokey\nset offsets graph 0.08, graph 0.08, graph 0.1, "
               "graph 0.1\nplot 'frontier.dat' using 1:2 with points pt 7 ps 1.2, '' using 1:2:3 with labels offset 0,1\n");
    char *data = out_text_take(&b), *cmd = out_text_take(&c);
    if (data && cmd && n > 0)
        rp_chart(pg, "frontier", "The trade-off of control: each point (numbered as in the table below) by its "
                 "time at the lines and the revenue it lets be evaded; more inspection moves a point down and to the "
                 "right, better targeting down (and a little right: the goods it finds are held).", data, cmd);
    free(data);
    free(cmd);
}

static void points_table(rp_page_t *pg, const cJSON *sw)
{
    pg_printf(pg, "<h2>Every point</h2><div class=\"wide\"><table><tr><th>point</th><th>values</th>");
    for (int i = 0; i < NHEADLINE; i++) {
        pg_printf(pg, "<th>");
        pg_text(pg, HEADLINE[i].words);
        pg_printf(pg, " (%s)</th>", strstr(HEADLINE[i].unit, "CNY") ? "CNY" : HEADLINE[i].unit);
    }
    pg_printf(pg, "</tr>");
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(sw, "points")) {
        char *v = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(p, "values"));
        pg_printf(pg, "<tr><td class=\"n\">");
        pg_num(pg, rp_num(p, "point"), "consignments");
        pg_printf(pg, "</td><td>");
        pg_text(pg, v ? v : "");
        for (int i = 0; i < NHEADLINE; i++) {
            const cJSON *k = kpi_of(p, HEADLINE[i].kpi);
            const char *unit = strstr(HEADLINE[i].unit, "CNY") ? "CNY" : HEADLINE[i].unit;
            pg_printf(pg, "</td><td class=\"n\">");
            pg_num(pg, rp_num(k, "mean"), unit);
            pg_printf(pg, " &plusmn; ");
            pg_num(pg, rp_num(k, "ci95"), unit);
        }
        pg_printf(pg, "</td></tr>");
        free(v);
    }
    pg_printf(pg, "</table></div>\n");
}

static void varied(rp_page_t *pg, const cJSON *sw)
{
    const cJSON *ax, *v;
    cJSON_ArrayForEach(ax, cJSON_GetObjectItemCaseSensitive(sw, "vary")) {
        pg_printf(pg, "<code>");
        pg_text(pg, rp_str(ax, "path"));
        pg_printf(pg, "</code> &isin; {");
        int i = 0;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(ax, "values")) {
            pg_printf(pg, "%s<code>", i++ ? ", " : "");
            pg_text(pg, cJSON_IsString(v) ? v->valuestring : "?");
            pg_printf(pg, "</code>");
        }
        pg_printf(pg, "}; ");
    }
}

void rp_report_sweep(rp_page_t *pg, const cJSON *sw)
{
    char title[512];
    axis_info_t ai;
    snprintf(title, sizeof title, "zonesim sweep: %s", rp_str(sw, "scenario"));
    pg_head(pg, title);
    pg_printf(pg, "<h1>");
    pg_text(pg, title);
    pg_printf(pg, "</h1><p>%d points, each with %.0f replications on the same seeds (common random numbers "
                  "across points). Varied: ", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(sw, "points")),
              rp_num(sw, "replications"));
    varied(pg, sw);
    pg_printf(pg, "</p>\n");
    if (cJSON_GetObjectItemCaseSensitive(sw, "shard") || cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(sw, "complete")))
        pg_printf(pg, "<p class=\"note\">This folder holds part of the grid (a shard, or an interrupted sweep): "
                      "only its points are shown.</p>\n");
    if (!pg->gnuplot)
        pg_printf(pg, "<p class=\"note\">gnuplot is not installed: tables only (Debian: "
                      "<code>apt-get install gnuplot-nox</code>).</p>\n");
    axis_info(sw, &ai);
    for (int i = 0; *ai.path0 && i < NHEADLINE; i++)
        sweep_chart(pg, sw, &ai, &HEADLINE[i], i);
    frontier_chart(pg, sw);
    points_table(pg, sw);
    pg_foot(pg);
}
