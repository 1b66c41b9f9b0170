/* report_cmp.c: the report pages of a comparison (compare.json, base/ and alt/)
 * and of a sweep (sweep.json).  See report.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_html.h"

int cz_report_compare(page_t *pg, const cJSON *cmp);
int cz_report_sweep(page_t *pg, const cJSON *sweep);

static const char *const HEADLINE[] = {"l1_time_mean_min", "l1_wait_mean_min", "l2_time_mean_min",
                                       "l2_wait_mean_min", "l1_utilization", "l2_utilization",
                                       "zone_dwell_mean_days", "tax_total_cny", "deferral_npv_cny",
                                       "bonded_stock_mean_cny", NULL};

/* Side-by-side bars of BASE and ALT with each side's own 95% whiskers. */
static void side_by_side(page_t *pg, const cJSON *bsum, const cJSON *asum, const char *name,
                         const char *const *kpis, double scale, const char *ylabel, const char *caption)
{
    cz_str_t b = {0};
    for (int i = 0; kpis[i]; i++) {
        const cJSON *kb = cJSON_GetObjectItem(cJSON_GetObjectItem(bsum, "kpis"), kpis[i]);
        const cJSON *ka = cJSON_GetObjectItem(cJSON_GetObjectItem(asum, "kpis"), kpis[i]);
        if (!kb || !ka)
            continue;
        double cb = rp_num(kb, "ci95"), ca = rp_num(ka, "ci95");
        cz_str_printf(&b, "%s\t%.6g\t%.6g\t%.6g\t%.6g\n", kpis[i], rp_num(kb, "mean") / scale, isnan(cb) ? 0 : cb / scale,
                rp_num(ka, "mean") / scale, isnan(ca) ? 0 : ca / scale);
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "set style data histograms\nset style histogram errorbars gap 2 lw 1\nset style fill solid 0.8 border -1\n"
             "set ylabel '%s'\nset yrange [0:*]\nset xtics rotate by -20\nset key top right\n"
             "plot '%s.dat' using 2:3:xtic(1) title 'base' lc rgb '#2a6f97', '' using 4:5 title 'alt' lc rgb '#d1495b'\n",
             ylabel, name);
    rp_chart(pg, name, caption, b.p ? b.p : "none\t0\t0\t0\t0\n", cmd);
    free(b.p);
}

int cz_report_compare(page_t *pg, const cJSON *cmp)
{
    const char *base = cJSON_GetStringValue(cJSON_GetObjectItem(cmp, "base"));
    const char *alt = cJSON_GetStringValue(cJSON_GetObjectItem(cmp, "alt"));
    char title[256];
    snprintf(title, sizeof title, "zonesim comparison: %s vs %s", alt ? alt : "?", base ? base : "?");
    pg_head(pg, title);
    pg_printf(pg, "<h1>");
    pg_text(pg, title);
    pg_printf(pg, "</h1><p>%g paired replications on common random numbers: replication r of each side draws "
                  "every random stream from the same seed, so the difference ALT &minus; BASE per replication "
                  "cancels the shared noise. <span class=\"sig\">*</span> marks differences whose 95%% "
                  "interval excludes zero.</p>\n", rp_num(cmp, "replications"));
    if (!pg->gnuplot)
        pg_printf(pg, "<p class=\"note\">gnuplot is not installed: tables only (Debian: "
                      "<code>apt-get install gnuplot-nox</code>).</p>\n");
    cJSON *bsum = rp_load(pg->dir, "base/summary.json"), *asum = rp_load(pg->dir, "alt/summary.json");
    if (bsum && asum) {
        static const char *const times[] = {"l1_time_mean_min", "l1_wait_mean_min", "l2_time_mean_min",
                                            "l2_wait_mean_min", "l1_time_p90_min", "l2_time_p90_min", NULL};
        static const char *const money[] = {"tax_total_cny", "tax_vat_cny", "tax_duty_cny", "tax_ct_cny",
                                            "forgone_whitelist_cny", NULL};
        side_by_side(pg, bsum, asum, "compare_times", times, 1, "minutes",
                     "Clearance times, base and alternative, each with its own 95% whiskers.");
        side_by_side(pg, bsum, asum, "compare_revenue", money, 1e6, "million CNY",
                     "Revenue and revenue forgone, base and alternative, each with its own 95% whiskers.");
    }
    cz_str_t b = {0};
    for (int i = 0; HEADLINE[i]; i++) {
        const cJSON *k = cJSON_GetObjectItem(cJSON_GetObjectItem(cmp, "kpis"), HEADLINE[i]);
        double base_mean = rp_num(k, "base_mean"), d = rp_num(k, "diff_mean"), c = rp_num(k, "diff_ci95");
        if (k && base_mean != 0 && !isnan(base_mean))
            cz_str_printf(&b, "%s\t%.6g\t%.6g\n", HEADLINE[i], 100 * d / fabs(base_mean),
                    isnan(c) ? 0 : 100 * c / fabs(base_mean));
    }
    rp_chart(pg, "paired_differences", "Paired differences ALT - BASE as a % of BASE, with their 95% intervals.",
             b.p ? b.p : "none\t0\t0\n",
             "set style fill solid 0.7 border -1\nset boxwidth 0.6\nset ylabel 'change (%)'\nset xtics rotate by -30\n"
             "set xzeroaxis lt -1\nplot 'paired_differences.dat' using 0:2:xtic(1) with boxes lc rgb '#66a182' notitle, "
             "'' using 0:2:3 with yerrorbars lc rgb '#222222' pt -1 notitle\n");
    free(b.p);
    pg_printf(pg, "<h2>Every KPI</h2><table><tr><th>KPI</th><th>base</th><th>alt</th><th>alt &minus; base</th>"
                  "<th>&plusmn;95%%</th><th>change</th><th></th></tr>");
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItem(cmp, "kpis")) {
        pg_printf(pg, "<tr><td>");
        pg_text(pg, k->string);
        static const char *const f[] = {"base_mean", "alt_mean", "diff_mean", "diff_ci95"};
        for (int i = 0; i < 4; i++) {
            pg_printf(pg, "</td><td class=\"n\">");
            pg_num(pg, rp_num(k, f[i]));
        }
        double rel = rp_num(k, "relative_change");
        pg_printf(pg, "</td><td class=\"n\">");
        if (isnan(rel))
            pg_printf(pg, "&ndash;");
        else
            pg_printf(pg, "%+.1f%%", 100 * rel);
        pg_printf(pg, "</td><td class=\"sig\">%s</td></tr>", cJSON_IsTrue(cJSON_GetObjectItem(k, "significant")) ? "*" : "");
    }
    pg_printf(pg, "</table><p class=\"prov\">Base: ");
    pg_text(pg, cJSON_GetStringValue(cJSON_GetObjectItem(cmp, "base_file")));
    pg_printf(pg, "; alternative: ");
    pg_text(pg, cJSON_GetStringValue(cJSON_GetObjectItem(cmp, "alt_file")));
    pg_printf(pg, "; seed %.0f; command: ", rp_num(cmp, "seed"));
    pg_text(pg, cJSON_GetStringValue(cJSON_GetObjectItem(cmp, "command_line")));
    pg_printf(pg, "</p>\n");
    pg_foot(pg);
    cJSON_Delete(bsum);
    cJSON_Delete(asum);
    return 0;
}

/* One chart per KPI: mean against the first varied value with a 95% band, one
 * line per combination of the other varied values. */
static void sweep_chart(page_t *pg, const cJSON *sw, const char *kpi, int idx)
{
    const cJSON *vary = cJSON_GetObjectItem(sw, "vary"), *pts = cJSON_GetObjectItem(sw, "points");
    const cJSON *ax0 = cJSON_GetArrayItem(vary, 0);
    const char *path0 = cJSON_GetStringValue(cJSON_GetObjectItem(ax0, "path"));
    int n0 = cJSON_GetArraySize(cJSON_GetObjectItem(ax0, "values")), npts = cJSON_GetArraySize(pts);
    if (n0 < 1 || npts < 1)
        return;
    bool numeric = true;
    const cJSON *p;
    cJSON_ArrayForEach(p, pts) numeric = numeric && cJSON_IsNumber(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "values"), path0));
    cz_str_t b = {0};
    int series = npts / n0 > 0 ? npts / n0 : 1;
    char plot[4096];
    size_t off = (size_t)snprintf(plot, sizeof plot, "plot ");
    for (int s = 0; s < series && s < 8; s++) {
        char label[256] = "";
        for (int i = 0; i < n0; i++) {
            /* points are ordered with the first axis slowest: point = i * series + s */
            const cJSON *pt = cJSON_GetArrayItem(pts, i * series + s);
            const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(pt, "values"), path0);
            const cJSON *k = cJSON_GetObjectItem(cJSON_GetObjectItem(pt, "kpis"), kpi);
            double m = rp_num(k, "mean"), c = rp_num(k, "ci95");
            if (isnan(c))
                c = 0;
            cz_str_printf(&b, "%.6g\t%.6g\t%.6g\t%.6g\n", numeric ? v->valuedouble : (double)i, m, m - c, m + c);
            if (i == 0) { /* the other axes' values name the series */
                const cJSON *vv;
                cJSON_ArrayForEach(vv, cJSON_GetObjectItem(pt, "values")) {
                    if (!strcmp(vv->string, path0))
                        continue;
                    char *t = cJSON_PrintUnformatted(vv);
                    size_t l = strlen(label);
                    snprintf(label + l, sizeof label - l, "%s%s=%s", l ? ", " : "", vv->string, t ? t : "?");
                    free(t);
                }
            }
        }
        cz_str_printf(&b, "\n\n");
        for (char *c = label; *c; c++)
            if (*c == '\'' || *c == '"')
                *c = ' ';
        off += (size_t)snprintf(plot + off, sizeof plot - off,
                                "%s'sweep_%d.dat' index %d using 1:3:4 with filledcurves fs transparent solid 0.2 lc %d notitle, "
                                "'' index %d using 1:2 with linespoints lw 2 lc %d title '%s'",
                                s ? ", " : "", idx, s, s + 1, s, s + 1, series > 1 ? label : kpi);
    }
    char cmd[6000], name[32], caption[512];
    snprintf(cmd, sizeof cmd, "set xlabel '%s'\nset ylabel '%s'\nset key outside bottom center\n%s%s\n", path0, kpi,
             numeric ? "" : "set xtics 1\n", plot);
    snprintf(name, sizeof name, "sweep_%d", idx);
    snprintf(caption, sizeof caption, "%s against %s, with the 95%% band of the mean.", kpi, path0);
    rp_chart(pg, name, caption, b.p, cmd);
    free(b.p);
}

int cz_report_sweep(page_t *pg, const cJSON *sw)
{
    char title[512];
    snprintf(title, sizeof title, "zonesim sweep: %s", cJSON_GetStringValue(cJSON_GetObjectItem(sw, "scenario")));
    pg_head(pg, title);
    pg_printf(pg, "<h1>");
    pg_text(pg, title);
    pg_printf(pg, "</h1><p>%d points, each with %g replications on the same seeds (common random numbers "
                  "across points). Varied: ", cJSON_GetArraySize(cJSON_GetObjectItem(sw, "points")),
              rp_num(sw, "replications"));
    const cJSON *ax;
    cJSON_ArrayForEach(ax, cJSON_GetObjectItem(sw, "vary")) {
        pg_printf(pg, "<code>");
        pg_text(pg, cJSON_GetStringValue(cJSON_GetObjectItem(ax, "path")));
        pg_printf(pg, "</code> &isin; {");
        const cJSON *v;
        int i = 0;
        cJSON_ArrayForEach(v, cJSON_GetObjectItem(ax, "values")) {
            pg_printf(pg, "%s<code>", i++ ? ", " : "");
            pg_text(pg, cJSON_IsString(v) ? v->valuestring : "?");
            pg_printf(pg, "</code>");
        }
        pg_printf(pg, "}; ");
    }
    pg_printf(pg, "</p>\n");
    if (!pg->gnuplot)
        pg_printf(pg, "<p class=\"note\">gnuplot is not installed: tables only (Debian: "
                      "<code>apt-get install gnuplot-nox</code>).</p>\n");
    for (int i = 0; HEADLINE[i]; i++)
        sweep_chart(pg, sw, HEADLINE[i], i);
    pg_printf(pg, "<h2>Every point</h2><table><tr><th>point</th><th>values</th>");
    for (int i = 0; HEADLINE[i]; i++)
        pg_printf(pg, "<th>%s</th>", HEADLINE[i]);
    pg_printf(pg, "</tr>");
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(sw, "points")) {
        char *v = cJSON_PrintUnformatted(cJSON_GetObjectItem(p, "values"));
        pg_printf(pg, "<tr><td class=\"n\">%.0f</td><td>", rp_num(p, "point"));
        pg_text(pg, v);
        for (int i = 0; HEADLINE[i]; i++) {
            const cJSON *k = cJSON_GetObjectItem(cJSON_GetObjectItem(p, "kpis"), HEADLINE[i]);
            pg_printf(pg, "</td><td class=\"n\">");
            pg_num(pg, rp_num(k, "mean"));
            pg_printf(pg, " &plusmn; ");
            pg_num(pg, rp_num(k, "ci95"));
        }
        pg_printf(pg, "</td></tr>");
        free(v);
    }
    pg_printf(pg, "</table>\n");
    pg_foot(pg);
    return 0;
}
