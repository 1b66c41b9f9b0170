/* report_many.c: the page of a comparison of several alternatives with one
 * base (compare.json with "alternatives", each side's results in base/ and
 * altN/): the scenarios' headline figures side by side with their own 95%
 * whiskers, and every KPI's mean per scenario with its change from the base,
 * starred where the Bonferroni-adjusted interval excludes zero.  See kinds.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart.h"
#include "report/kinds.h"

#define MAX_SIDES 17

typedef struct sides {
    const char *name[MAX_SIDES];
    cJSON *sum[MAX_SIDES];       /* each side's summary.json, or NULL */
    int n;                       /* base + alternatives */
} sides_t;

static void load_sides(rp_page_t *pg, const cJSON *cmp, sides_t *s)
{
    const cJSON *a;
    s->name[0] = rp_str(cmp, "base");
    s->sum[0] = rp_load(pg->dir, "base/summary.json");
    s->n = 1;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(cmp, "alternatives")) {
        char file[64];
        if (s->n == MAX_SIDES)
            break;
        snprintf(file, sizeof file, "%s/summary.json", rp_str(a, "folder")); /* altN: checked */
        s->name[s->n] = rp_str(a, "name");
        s->sum[s->n++] = rp_load(pg->dir, file);
    }
}

static const cJSON *kpi_of(const cJSON *sum, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(sum, "kpis"), name);
}

/* Bars: one group per KPI, one bar per scenario, each with its own 95% whisker. */
static void bars(rp_page_t *pg, const sides_t *s, const char *name, const char *const *kpis, double scale,
                 const char *ylabel, const char *caption)
{
    out_text_t b, c;
    char label[128];
    if (!out_text_open(&b) || !out_text_open(&c))
        return;
    int rows = 0;
    for (int i = 0; kpis[i]; i++) {
        if (!kpi_of(s->sum[0], kpis[i]))
            continue;
        rp_kpi_words(label, sizeof label, kpis[i]);
        out_printf(&b, "%s", label);
        for (int j = 0; j < s->n; j++) {
            const cJSON *k = kpi_of(s->sum[j], kpis[i]);
            double m = rp_num(k, "mean"), ci = rp_num(k, "ci95");
            out_printf(&b, "\t%.6g\t%.6g", isfinite(m) ? m / scale : 0, isfinite(ci) ? ci / scale : 0);
        }
        out_printf(&b, "\n");
        rows++;
    }
    out_printf(&c, "set style data histograms\nset style histogram errorbars gap 2 lw 1\n"
                   "set style fill solid 0.8 border -1\nset ylabel '%s'\nset yrange [0:*]\nset xtics rotate by -15\n"
                   "set key outside top center horizontal\nset bmargin 5\nplot ", ylabel);
    for (int j = 0; j < s->n; j++) {
        rp_gnuplot_string(label, sizeof label, s->name[j]);
        if (j == 0)
            out_printf(&c, "'%s.dat' using 2:3:xtic(1) title '%s'", name, label);
        else
            out_printf(&c, ", '' using %d:%d title '%s'", 2 + 2 * j, 3 + 2 * j, label);
    }
    out_printf(&c, "\n");
    char *data = out_text_take(&b), *cmd = out_text_take(&c);
    if (data && cmd && rows > 0)
        rp_chart(pg, name, caption, data, cmd);
    free(data);
    free(cmd);
}

/* Every KPI of the base (then those only an alternative has): the base mean, and
 * each alternative's mean with its change, * where significant. */
static void every_kpi(rp_page_t *pg, const cJSON *cmp, const sides_t *s)
{
    const cJSON *alts = cJSON_GetObjectItemCaseSensitive(cmp, "alternatives"), *a, *k;
    pg_printf(pg, "<h2>Every KPI</h2><div class=\"wide\"><table><tr><th>KPI</th><th>unit</th>");
    for (int j = 0; j < s->n; j++) {
        pg_printf(pg, "<th>");
        pg_text(pg, s->name[j]);
        pg_printf(pg, "</th>");
    }
    pg_printf(pg, "</tr>");
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(s->sum[0], "kpis")) {
        const char *unit = rp_str(k, "unit");
        pg_printf(pg, "<tr><td>");
        pg_text(pg, k->string);
        pg_printf(pg, "</td><td>");
        pg_text(pg, unit);
        pg_printf(pg, "</td><td class=\"n\">");
        pg_num(pg, rp_num(k, "mean"), unit);
        cJSON_ArrayForEach(a, alts) {
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(a, "kpis"), k->string);
            double rel = rp_num(d, "relative_change");
            pg_printf(pg, "</td><td class=\"n\">");
            pg_num(pg, rp_num(d, "alt_mean"), unit);
            if (isfinite(rel) && rel != 0)
                pg_printf(pg, " (%+.1f%%)", 100 * rel);
            pg_printf(pg, "<span class=\"sig\">%s</span>",
                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "significant")) ? "*" : "");
        }
        pg_printf(pg, "</td></tr>");
    }
    pg_printf(pg, "</table></div>\n");
}

static void differences(rp_page_t *pg, const cJSON *cmp)
{
    const cJSON *a, *d;
    pg_printf(pg, "<h2>What differs from the base</h2><ul>");
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(cmp, "alternatives")) {
        const cJSON *diff = cJSON_GetObjectItemCaseSensitive(a, "scenario_differences");
        pg_printf(pg, "<li><b>");
        pg_text(pg, rp_str(a, "name"));
        pg_printf(pg, "</b> (");
        pg_text(pg, rp_str(a, "file"));
        pg_printf(pg, "): %d path%s", cJSON_GetArraySize(diff), cJSON_GetArraySize(diff) == 1 ? "" : "s");
        int shown = 0;
        cJSON_ArrayForEach(d, diff) {
            if (shown++ == 8) {
                pg_printf(pg, ", &hellip;");
                break;
            }
            pg_printf(pg, "%s<code>", shown == 1 ? ": " : ", ");
            pg_text(pg, cJSON_IsString(d) ? d->valuestring : "?");
            pg_printf(pg, "</code>");
        }
        pg_printf(pg, "</li>");
    }
    pg_printf(pg, "</ul>\n");
}

void rp_report_compare_many(rp_page_t *pg, const cJSON *cmp)
{
    char title[512];
    sides_t s;
    memset(&s, 0, sizeof s);
    load_sides(pg, cmp, &s);
    snprintf(title, sizeof title, "zonesim comparison: %d alternatives against %s", s.n - 1, s.name[0]);
    pg_head(pg, title);
    pg_printf(pg, "<h1>");
    pg_text(pg, title);
    pg_printf(pg, "</h1><p>%.0f paired replications on common random numbers: replication r of every scenario "
                  "draws every random stream from the same seed. Each alternative is compared with the base; "
                  "<span class=\"sig\">*</span> marks differences whose interval excludes zero at %.4g%% "
                  "(Bonferroni, so that all %d intervals hold together with 95%%).</p>\n",
              rp_num(cmp, "replications"), 100 * rp_num(cmp, "confidence"), s.n - 1);
    differences(pg, cmp);
    if (!pg->gnuplot)
        pg_printf(pg, "<p class=\"note\">gnuplot is not installed: tables only (Debian: "
                      "<code>apt-get install gnuplot-nox</code>).</p>\n");
    bool all = true;
    for (int j = 0; j < s.n; j++)
        all &= s.sum[j] != NULL;
    if (all) {
        static const char *const times[] = {"l1_time_mean_min", "l1_time_p90_min", "l2_time_mean_min",
                                            "l2_time_p90_min", NULL};
        static const char *const money[] = {"tax_total_cny", "tax_duty_cny", "tax_vat_cny", "tax_ct_cny",
                                            "tax_refund_cny", NULL};
        bars(pg, &s, "many_times", times, 1, "minutes", "Clearance times by scenario, each with its own 95% whiskers.");
        bars(pg, &s, "many_revenue", money, 1e6, "million CNY",
             "Revenue by tax and scenario, each with its own 95% whiskers (refunds are negative: shown as 0).");
        every_kpi(pg, cmp, &s);
    }
    pg_printf(pg, "<p class=\"prov\">Base: ");
    pg_text(pg, rp_str(cmp, "base_file"));
    pg_printf(pg, "; command: ");
    pg_text(pg, rp_str(cmp, "command_line"));
    pg_printf(pg, "</p>\n");
    pg_foot(pg);
    for (int j = 0; j < s.n; j++)
        cJSON_Delete(s.sum[j]);
}
