/* report_compare.c: the page of a comparison folder (compare.json, with each
 * side's results in base/ and alt/).  See kinds.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart.h"
#include "report/kinds.h"

static const char *const HEADLINE[] = {"l1_time_mean_min", "l1_wait_mean_min", "l2_time_mean_min",
                                       "l2_wait_mean_min", "l1_utilization", "l2_utilization",
                                       "zone_dwell_mean_days", "tax_total_cny", "deferral_npv_cny",
                                       "bonded_stock_mean_cny", NULL};

static const cJSON *kpi_of(const cJSON *sum, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(sum, "kpis"), name);
}

/* Side-by-side bars of BASE and ALT with each side's own 95% whiskers, for the
 * KPIs given and, when prefix is set, every KPI whose name starts with it. */
static void side_by_side(rp_page_t *pg, const cJSON *bsum, const cJSON *asum, const char *name,
                         const char *const *kpis, const char *prefix, double scale, const char *ylabel,
                         const char *caption)
{
    out_text_t b;
    char label[128], cmd[1024];
    if (!out_text_open(&b))
        return;
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(bsum, "kpis")) {
        bool want = prefix && !strncmp(k->string, prefix, strlen(prefix));
        for (int i = 0; kpis[i] && !want; i++)
            want = !strcmp(kpis[i], k->string);
        const cJSON *ka = kpi_of(asum, k->string);
        if (!want || !ka)
            continue;
        double cb = rp_num(k, "ci95"), ca = rp_num(ka, "ci95");
        rp_kpi_words(label, sizeof label, k->string);
        out_printf(&b, "%s\t%.6g\t%.6g\t%.6g\t%.6g\n", label, rp_num(k, "mean") / scale, isnan(cb) ? 0 : cb / scale,
                   rp_num(ka, "mean") / scale, isnan(ca) ? 0 : ca / scale);
    }
    snprintf(cmd, sizeof cmd,
             "set style data histograms\nset style histogram errorbars gap 2 lw 1\nset style fill solid 0.8 border -1\n"
             "set ylabel '%s'\nset yrange [0:*]\nset xtics rotate by -25\nset key outside top center horizontal\n"
             "set bmargin 8\nplot '%s.dat' using 2:3:xtic(1) title 'base' lc rgb '#2a6f97', '' using 4:5 title 'alternative' "
             "lc rgb '#d1495b'\n", ylabel, name);
    char *data = out_text_take(&b);
    rp_chart(pg, name, caption, data && *data ? data : "none\t0\t0\t0\t0\n", cmd);
    free(data);
}

static void paired_chart(rp_page_t *pg, const cJSON *cmp)
{
    out_text_t b;
    if (!out_text_open(&b))
        return;
    for (int i = 0; HEADLINE[i]; i++) {
        const cJSON *k = kpi_of(cmp, HEADLINE[i]);
        double base = rp_num(k, "base_mean"), d = rp_num(k, "diff_mean"), c = rp_num(k, "diff_halfwidth");
        char words[128];
        rp_kpi_words(words, sizeof words, HEADLINE[i]);
        if (k && base != 0 && isfinite(base) && isfinite(d))
            out_printf(&b, "%s\t%.6g\t%.6g\n", words, 100 * d / fabs(base), isnan(c) ? 0 : 100 * c / fabs(base));
    }
    char *data = out_text_take(&b);
    rp_chart(pg, "paired_differences", "Paired differences ALT - BASE as a % of BASE, with their intervals.",
             data && *data ? data : "none\t0\t0\n",
             "set style fill solid 0.7 border -1\nset boxwidth 0.6\nset ylabel 'change (%)'\nset xtics rotate by -30\n"
             "set bmargin 8\nset xzeroaxis lt -1\nplot 'paired_differences.dat' using 0:2:xtic(1) with boxes "
             "lc rgb '#66a182' notitle, '' using 0:2:3 with yerrorbars lc rgb '#222222' pt -1 notitle\n");
    free(data);
}

/* What differs between the two scenarios, as paths. */
static void differences(rp_page_t *pg, const cJSON *cmp)
{
    const cJSON *diff = cJSON_GetObjectItemCaseSensitive(cmp, "scenario_differences"), *d;
    if (!cJSON_IsArray(diff))
        return;
    pg_printf(pg, "<h2>What differs</h2><p>The resolved scenarios differ in %d place%s:</p><ul>",
              cJSON_GetArraySize(diff), cJSON_GetArraySize(diff) == 1 ? "" : "s");
    cJSON_ArrayForEach(d, diff) {
        pg_printf(pg, "<li><code>");
        pg_text(pg, cJSON_IsString(d) ? d->valuestring : "?");
        pg_printf(pg, "</code></li>");
    }
    pg_printf(pg, "</ul>\n");
}

static void every_kpi(rp_page_t *pg, const cJSON *cmp)
{
    pg_printf(pg, "<h2>Every KPI</h2><div class=\"wide\"><table><tr><th>KPI</th><th>unit</th><th>base</th>"
                  "<th>alternative</th><th>alt &minus; base</th><th>&plusmn;</th><th>change</th><th></th></tr>");
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(cmp, "kpis")) {
        const char *unit = rp_str(k, "unit");
        pg_printf(pg, "<tr><td>");
        pg_text(pg, k->string);
        pg_printf(pg, "</td><td>");
        pg_text(pg, unit);
        static const char *const f[] = {"base_mean", "alt_mean", "diff_mean", "diff_halfwidth"};
        for (int i = 0; i < 4; i++) {
            pg_printf(pg, "</td><td class=\"n\">");
            pg_num(pg, rp_num(k, f[i]), unit);
        }
        double rel = rp_num(k, "relative_change");
        pg_printf(pg, "</td><td class=\"n\">");
        if (isfinite(rel))
            pg_printf(pg, "%+.1f%%", 100 * rel);
        else
            pg_printf(pg, "&ndash;");
        pg_printf(pg, "</td><td class=\"sig\">%s</td></tr>",
                  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(k, "significant")) ? "*" : "");
    }
    pg_printf(pg, "</table></div>\n");
}

void rp_report_compare(rp_page_t *pg, const cJSON *cmp)
{
    char title[512];
    snprintf(title, sizeof title, "zonesim comparison: %s vs %s", rp_str(cmp, "alt"), rp_str(cmp, "base"));
    pg_head(pg, title);
    pg_printf(pg, "<h1>");
    pg_text(pg, title);
    pg_printf(pg, "</h1><p>%.0f paired replications on common random numbers: replication r of each side draws "
                  "every random stream from the same seed, so the difference ALT &minus; BASE per replication "
                  "cancels the shared noise. <span class=\"sig\">*</span> marks differences whose interval "
                  "(confidence %.3g) excludes zero.</p>\n", rp_num(cmp, "replications"), rp_num(cmp, "confidence"));
    differences(pg, cmp);
    if (!pg->gnuplot)
        pg_printf(pg, "<p class=\"note\">gnuplot is not installed: tables only (Debian: "
                      "<code>apt-get install gnuplot-nox</code>).</p>\n");
    cJSON *bsum = rp_load(pg->dir, "base/summary.json"), *asum = rp_load(pg->dir, "alt/summary.json");
    if (bsum && asum) {
        static const char *const times[] = {"l1_time_mean_min", "l1_wait_mean_min", "l2_time_mean_min",
                                            "l2_wait_mean_min", "l1_time_p90_min", "l2_time_p90_min", NULL};
        static const char *const money[] = {"tax_total_cny", "tax_vat_cny", "tax_duty_cny", "tax_ct_cny", NULL};
        side_by_side(pg, bsum, asum, "compare_times", times, NULL, 1, "minutes",
                     "Clearance times, base and alternative, each with its own 95% whiskers.");
        side_by_side(pg, bsum, asum, "compare_revenue", money, "forgone_", 1e6, "million CNY",
                     "Revenue and revenue forgone by each exemption, base and alternative, each with its own 95% whiskers.");
    }
    paired_chart(pg, cmp);
    every_kpi(pg, cmp);
    pg_printf(pg, "<p class=\"prov\">Base: ");
    pg_text(pg, rp_str(cmp, "base_file"));
    pg_printf(pg, "; alternative: ");
    pg_text(pg, rp_str(cmp, "alt_file"));
    pg_printf(pg, "; seed ");
    pg_text(pg, cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(cmp, "seed")) ? "" : "?");
    if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(cmp, "seed")))
        pg_printf(pg, "%.0f", rp_num(cmp, "seed"));
    pg_printf(pg, "; command: ");
    pg_text(pg, rp_str(cmp, "command_line"));
    pg_printf(pg, "</p>\n");
    pg_foot(pg);
    cJSON_Delete(bsum);
    cJSON_Delete(asum);
}
