/* report_search.c: the page of a search folder (search.json): the answer and
 * the runner-up, each target's estimate with its one-sided bounds for every
 * candidate examined (in order of cost) against the target's bound, and the
 * evidence table.  See kinds.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/kpi.h"
#include "report/chart.h"
#include "report/kinds.h"

static void values_text(rp_page_t *pg, const cJSON *cand)
{
    const cJSON *v;
    int i = 0;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(cand, "values")) {
        pg_printf(pg, "%s<code>", i++ ? ", " : "");
        pg_text(pg, v->string);
        pg_printf(pg, "=");
        pg_text(pg, cJSON_IsString(v) ? v->valuestring : "?");
        pg_printf(pg, "</code>");
    }
}

/* A fixed KPI's unit from the codebook ("" for a family member). */
static const char *unit_of(const char *kpi)
{
    const cz_kpi_doc_t *e;
    int n = cz_kpi_codebook(&e);
    for (int i = 0; i < n; i++)
        if (!strcmp(e[i].name, kpi))
            return e[i].unit;
    return "";
}

/* The strings of an array joined by ", " (at most len - 1 bytes), each the
 * item itself or, with a member name, that member of the item. */
static void joined(char *dst, size_t len, const cJSON *arr, const char *member)
{
    const cJSON *v;
    size_t n = 0;
    dst[0] = '\0';
    cJSON_ArrayForEach(v, arr) {
        const char *s = member ? rp_str(v, member) : cJSON_IsString(v) ? v->valuestring : "?";
        if (n < len)
            n += (size_t)snprintf(dst + n, len - n, "%s%s", n ? ", " : "", s);
    }
}

/* A candidate's values as an axis label: "4", or "4, 24h" for two axes. */
static void values_label(char *dst, size_t len, const cJSON *cand)
{
    char buf[256];
    joined(buf, sizeof buf, cJSON_GetObjectItemCaseSensitive(cand, "values"), NULL);
    rp_data_label(dst, len, buf);
}

/* The varied paths, for the axis title. */
static void paths_text(char *dst, size_t len, const cJSON *sr)
{
    char buf[512];
    joined(buf, sizeof buf, cJSON_GetObjectItemCaseSensitive(sr, "vary"), "path");
    rp_gnuplot_string(dst, len, buf);
}

/* One chart per target: the estimate of each candidate examined, its bounds, the
 * bound asked for; candidates in order of cost, each labelled with its values. */
static void target_chart(rp_page_t *pg, const cJSON *sr, const cJSON *target, int idx)
{
    out_text_t b, c;
    char name[32], words[128], unit[64], paths[600], label[128], caption[400];
    if (!out_text_open(&b) || !out_text_open(&c))
        return;
    const char *k = rp_str(target, "kpi");
    const cJSON *cand, *t;
    int n = 0, last = 0; /* the last candidate examined */
    cJSON_ArrayForEach(cand, cJSON_GetObjectItemCaseSensitive(sr, "candidates")) {
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(cand, "targets")) {
            if (strcmp(rp_str(t, "kpi"), k))
                continue;
            double m = rp_num(t, "mean"), lo = rp_num(t, "lower"), hi = rp_num(t, "upper");
            values_label(label, sizeof label, cand);
            last = isfinite(m) ? n : last;
            if (isfinite(m))
                out_printf(&b, "%d\t%.6g\t%.6g\t%.6g\t%s\n", n, m, isfinite(lo) ? lo : m, isfinite(hi) ? hi : m, label);
        }
        n++;
    }
    snprintf(name, sizeof name, "search_%d", idx);
    rp_kpi_words(words, sizeof words, k);
    rp_gnuplot_string(unit, sizeof unit, unit_of(k));
    paths_text(paths, sizeof paths, sr);
    out_printf(&c, "set xlabel 'candidates in order of cost: %s'\nset ylabel '%s%s%s%s'\nset nokey\n"
                   "set xrange [-0.5:%d.5]\nset offsets 0, 0, graph 0.1, graph 0.1\n"
                   "plot '%s.dat' using 1:2:3:4:xtic(5) with yerrorbars pt 7 lc rgb '#2a6f97', "
                   "%.10g with lines dt 2 lc rgb '#d1495b'\n", paths, words, *unit ? " (" : "", unit, *unit ? ")" : "",
               last, name, rp_num(target, "bound"));
    snprintf(caption, sizeof caption, "%s of each candidate examined, with its one-sided bounds; the dashed line "
             "is the target (%s %g).", k, !strcmp(rp_str(target, "direction"), "at_most") ? "at most" : "at least",
             rp_num(target, "bound"));
    char *data = out_text_take(&b), *cmd = out_text_take(&c);
    if (data && cmd && *data)
        rp_chart(pg, name, caption, data, cmd);
    free(data);
    free(cmd);
}

static void evidence(rp_page_t *pg, const cJSON *sr)
{
    const cJSON *cand, *t;
    pg_printf(pg, "<h2>The evidence</h2><div class=\"wide\"><table><tr><th>cost</th><th>values</th>"
                  "<th>replications</th><th>verdict</th><th>targets: estimate [bounds] verdict</th></tr>");
    cJSON_ArrayForEach(cand, cJSON_GetObjectItemCaseSensitive(sr, "candidates")) {
        pg_printf(pg, "<tr><td class=\"n\">%g</td><td>", rp_num(cand, "cost"));
        values_text(pg, cand);
        pg_printf(pg, "</td><td class=\"n\">%.0f</td><td>", rp_num(cand, "replications"));
        pg_text(pg, rp_str(cand, "verdict"));
        pg_printf(pg, "</td><td>");
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(cand, "targets")) {
            pg_text(pg, rp_str(t, "kpi"));
            pg_printf(pg, " %.4g [%.4g, %.4g] ", rp_num(t, "mean"), rp_num(t, "lower"), rp_num(t, "upper"));
            pg_text(pg, rp_str(t, "verdict"));
            pg_printf(pg, "<br>");
        }
        pg_printf(pg, "</td></tr>");
    }
    pg_printf(pg, "</table></div>\n");
}

void rp_report_search(rp_page_t *pg, const cJSON *sr)
{
    char title[512];
    const cJSON *t;
    snprintf(title, sizeof title, "zonesim search: %s", rp_str(sr, "scenario"));
    pg_head(pg, title);
    pg_printf(pg, "<h1>");
    pg_text(pg, title);
    pg_printf(pg, "</h1><p>The cheapest configuration whose KPIs meet every target: ");
    int i = 0;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(sr, "targets")) {
        pg_printf(pg, "%s<code>", i++ ? ", " : "");
        pg_text(pg, rp_str(t, "kpi"));
        pg_printf(pg, " %s %g</code>", !strcmp(rp_str(t, "direction"), "at_most") ? "&le;" : "&ge;",
                  rp_num(t, "bound"));
    }
    pg_printf(pg, ". Candidates in order of cost, each replicated on common random numbers until every target is "
                  "met or one fails; each bound one-sided at %.4g%%.</p>\n", 100 * rp_num(sr, "confidence"));
    const char *names[2] = {"answer", "runner_up"}, *words[2] = {"Answer", "Runner-up"};
    for (int w = 0; w < 2; w++) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(sr, names[w]);
        pg_printf(pg, "<p><b>%s:</b> ", words[w]);
        if (cJSON_IsObject(c)) {
            values_text(pg, c);
            pg_printf(pg, " (cost %g, %.0f replications)", rp_num(c, "cost"), rp_num(c, "replications"));
        } else {
            pg_printf(pg, "none of the candidates meets every target");
        }
        pg_printf(pg, "</p>\n");
    }
    if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(sr, "complete")))
        pg_printf(pg, "<p class=\"note\">The search was interrupted: the answer may be missing.</p>\n");
    if (!pg->gnuplot)
        pg_printf(pg, "<p class=\"note\">gnuplot is not installed: tables only (Debian: "
                      "<code>apt-get install gnuplot-nox</code>).</p>\n");
    i = 0;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(sr, "targets")) target_chart(pg, sr, t, i++);
    evidence(pg, sr);
    pg_printf(pg, "<p class=\"prov\">Command: ");
    pg_text(pg, rp_str(sr, "command_line"));
    pg_printf(pg, "</p>\n");
    pg_foot(pg);
}
