/* report.c: the report of a run (summary.json + detail.json + scenario.json), and
 * the dispatch on the kind of output folder.  See report.h. */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario/json_in.h"
#include "models/zone/kpi.h"
#include "report/chart.h"
#include "report/check.h"
#include "report/kinds.h"
#include "report/page.h"


static double arr(const cJSON *a, int i)
{
    const cJSON *v = cJSON_GetArrayItem(a, i);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const cJSON *kpi(const cJSON *summary, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(summary, "kpis"), name);
}

static void provenance(rp_page_t *pg, const cJSON *sum)
{
    static const char *const keys[] = {"scenario_file", "scenario_hash", "regime", "seed", "replications",
                                       "horizon_days", "warmup_days", "version", "command_line", "complete"};
    pg_printf(pg, "<h2>Provenance</h2><table>");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(sum, keys[i]);
        if (!v)
            continue;
        pg_printf(pg, "<tr><th>%s</th><td>", keys[i]);
        if (cJSON_IsString(v))
            pg_text(pg, v->valuestring);
        else if (cJSON_IsBool(v))
            pg_printf(pg, "%s", cJSON_IsTrue(v) ? "yes" : "<b>no: interrupted</b>");
        else if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e19)
            pg_printf(pg, "%.0f", v->valuedouble); /* seeds and counts: the integers they are */
        else
            pg_num(pg, rp_num(sum, keys[i]), NULL);
        pg_printf(pg, "</td></tr>");
    }
    pg_printf(pg, "</table>\n");
}

static void parameters(rp_page_t *pg, const cJSON *scn)
{
    pg_printf(pg, "<h2>What is simulated</h2><table><tr><th>line</th><th>lanes</th><th>open</th>"
                  "<th>inspection bays</th><th>inspection rate</th></tr>");
    const cJSON *lines = cJSON_GetObjectItem(scn, "lines");
    const char *names[2] = {"first_line", "second_line"};
    for (int i = 0; i < 2; i++) {
        const cJSON *l = cJSON_GetObjectItem(lines, names[i]);
        if (!l)
            continue;
        const cJSON *open = cJSON_GetObjectItem(l, "open"), *insp = cJSON_GetObjectItem(l, "inspection");
        char *o = open ? cJSON_PrintUnformatted(open) : NULL;
        pg_printf(pg, "<tr><td>%s</td><td class=\"n\">", names[i]);
        pg_num(pg, rp_num(l, "lanes"), "consignments");
        pg_printf(pg, "</td><td>");
        pg_text(pg, o ? o : "24h");
        pg_printf(pg, "</td><td class=\"n\">");
        pg_num(pg, insp ? rp_num(insp, "bays") : NAN, "consignments");
        pg_printf(pg, "</td><td class=\"n\">");
        pg_num(pg, insp ? rp_num(insp, "rate") : NAN, NULL);
        pg_printf(pg, "</td></tr>");
        free(o);
    }
    pg_printf(pg, "</table><table><tr><th>flow</th><th>from</th><th>owner</th><th>consignments/day</th>"
                  "<th>route shares</th></tr>");
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(scn, "flows")) {
        char route[512] = "";
        const cJSON *r, *routes = cJSON_GetObjectItemCaseSensitive(f, "route");
        if (!cJSON_IsObject(routes))
            routes = NULL;
        cJSON_ArrayForEach(r, routes) {
            size_t l = strlen(route);
            if (l + 2 < sizeof route)
                snprintf(route + l, sizeof route - l, "%s%s %g", l ? ", " : "", r->string, rp_num(routes, r->string));
        }
        pg_printf(pg, "<tr><td>");
        pg_text(pg, rp_str(f, "name"));
        pg_printf(pg, "</td><td>");
        pg_text(pg, *rp_str(f, "origin") ? rp_str(f, "origin") : "abroad");
        pg_printf(pg, "</td><td>");
        pg_text(pg, rp_str(f, "owner"));
        pg_printf(pg, "</td><td class=\"n\">");
        pg_num(pg, rp_num(f, "rate_per_day"), NULL);
        pg_printf(pg, "</td><td>");
        pg_text(pg, route);
        pg_printf(pg, "</td></tr>");
    }
    pg_printf(pg, "</table>\n");
}

/* A list of names (an array of strings, or one string) as escaped text, "a, b". */
static void names(rp_page_t *pg, const cJSON *v, const char *none)
{
    const cJSON *it;
    int n = 0;
    if (cJSON_IsString(v)) {
        pg_text(pg, v->valuestring);
        return;
    }
    const cJSON *list = cJSON_IsArray(v) ? v : NULL;
    cJSON_ArrayForEach(it, list) {
        if (n++)
            pg_printf(pg, ", ");
        pg_text(pg, cJSON_IsString(it) ? it->valuestring : "?");
    }
    if (!n)
        pg_text(pg, none);
}

static void pct(rp_page_t *pg, double v)
{
    if (isfinite(v))
        pg_printf(pg, "%.6g%%", 100 * v);
}

static void rate_cell(rp_page_t *pg, const cJSON *v)
{
    pg_printf(pg, "<td class=\"n\">");
    if (cJSON_IsObject(v)) { /* a levy: ad valorem and per unit */
        pct(pg, cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(v, "ad_valorem")) ? rp_num(v, "ad_valorem") : 0);
        if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(v, "per_unit"))) {
            pg_printf(pg, " + ");
            pg_num(pg, rp_num(v, "per_unit"), NULL);
            pg_printf(pg, " CNY/unit");
        }
    } else if (cJSON_IsString(v)) {
        pg_text(pg, v->valuestring);
    } else if (v) {
        pct(pg, cJSON_GetNumberValue(v));
    }
    pg_printf(pg, "</td>");
}

static void exemptions(rp_page_t *pg, const cJSON *exs);
static void tariff_words(rp_page_t *pg, const cJSON *tariff, const cJSON *cats);

/* The regime and the tariff in words, from the resolved scenario. */
static void regime_and_tariff(rp_page_t *pg, const cJSON *scn)
{
    const cJSON *rg = cJSON_GetObjectItemCaseSensitive(scn, "regime");
    const cJSON *tariff = cJSON_GetObjectItemCaseSensitive(scn, "tariff");
    const cJSON *cats = cJSON_GetObjectItemCaseSensitive(tariff, "categories");
    if (!cJSON_IsObject(rg) || !cJSON_IsObject(cats))
        return;
    const char *at = rp_str(rg, "import_tax_at");
    const cJSON *control = cJSON_GetObjectItemCaseSensitive(rg, "second_line_control");
    pg_printf(pg, "<h2>Regime and tariff</h2><p><b>");
    pg_text(pg, rp_str(rg, "name"));
    pg_printf(pg, "</b>: ");
    const char *desc = rp_str(rg, "description");
    pg_text(pg, desc);
    pg_printf(pg, "%s Import taxes on goods from abroad fall at the %s line; %s.",
              *desc && desc[strlen(desc) - 1] != '.' ? "." : "", !strcmp(at, "first_line") ? "first" : "second",
              cJSON_IsFalse(control) ? "there is no second-line control" : "the second line is controlled");
    double dm = rp_num(rg, "de_minimis_cny");
    if (dm > 0) {
        pg_printf(pg, " A tax of at most ");
        pg_num(pg, dm, NULL);
        pg_printf(pg, " CNY is waived (%s).", !strcmp(rp_str(rg, "de_minimis_per"), "tax") ? "each tax alone"
                                                                                         : "the total");
    }
    pg_printf(pg, "</p>");
    exemptions(pg, cJSON_GetObjectItemCaseSensitive(rg, "exemptions"));
    tariff_words(pg, tariff, cats);
}

static void exemptions(rp_page_t *pg, const cJSON *exs)
{
    const cJSON *ex;
    if (cJSON_GetArraySize(exs) > 0) {
        pg_printf(pg, "<table><tr><th>exemption</th><th>owners</th><th>goods</th><th>taxes forgiven</th>"
                      "<th>where</th></tr>");
        cJSON_ArrayForEach(ex, exs) {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(ex, "categories"),
                        *t = cJSON_GetObjectItemCaseSensitive(ex, "tags");
            pg_printf(pg, "<tr><td>");
            pg_text(pg, rp_str(ex, "name"));
            pg_printf(pg, "</td><td>");
            names(pg, cJSON_GetObjectItemCaseSensitive(ex, "owners"), "?");
            pg_printf(pg, "</td><td>");
            if (c)
                names(pg, c, "none");
            if (c && t)
                pg_printf(pg, "; ");
            if (t) {
                pg_printf(pg, "lists ");
                names(pg, t, "none");
            }
            if (!c && !t)
                pg_printf(pg, "all goods");
            pg_printf(pg, "</td><td>");
            names(pg, cJSON_GetObjectItemCaseSensitive(ex, "taxes"), "none");
            pg_printf(pg, "</td><td>");
            names(pg, cJSON_GetObjectItemCaseSensitive(ex, "at"), "?");
            pg_printf(pg, "</td></tr>");
        }
        pg_printf(pg, "</table>");
    }
}

static void tariff_words(rp_page_t *pg, const cJSON *tariff, const cJSON *cats)
{
    int n = cJSON_GetArraySize(cats);
    const cJSON *c;
    if (n > 15) { /* a schedule: its size, not its lines */
        pg_printf(pg, "<p>The tariff has %d lines (the scenario's <code>tariff.categories</code> and "
                      "docs/tariff.md).", n);
    } else {
        pg_printf(pg, "<table><tr><th>goods category</th><th>duty (MFN)</th><th>provisional</th><th>VAT</th>"
                      "<th>consumption tax</th><th>lists</th></tr>");
        cJSON_ArrayForEach(c, cats) {
            pg_printf(pg, "<tr><td>");
            pg_text(pg, c->string);
            pg_printf(pg, "</td>");
            rate_cell(pg, cJSON_GetObjectItemCaseSensitive(c, "duty"));
            rate_cell(pg, cJSON_GetObjectItemCaseSensitive(c, "provisional"));
            rate_cell(pg, cJSON_GetObjectItemCaseSensitive(c, "vat"));
            rate_cell(pg, cJSON_GetObjectItemCaseSensitive(c, "ct"));
            pg_printf(pg, "<td>");
            names(pg, cJSON_GetObjectItemCaseSensitive(c, "tags"), "");
            pg_printf(pg, "</td></tr>");
        }
        pg_printf(pg, "</table><p>Rates are of the customs value (consumption tax: of the composite price).");
    }
    const cJSON *origins = cJSON_GetObjectItemCaseSensitive(tariff, "origins"), *o;
    if (cJSON_GetArraySize(origins) > 0) {
        pg_printf(pg, " Origins:");
        int i = 0;
        cJSON_ArrayForEach(o, origins) {
            pg_printf(pg, "%s ", i++ ? ";" : "");
            pg_text(pg, o->string);
            if (cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "mfn")))
                pg_printf(pg, " without MFN treatment (the general rate)");
            else if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "agreements")) > 0) {
                pg_printf(pg, " under ");
                names(pg, cJSON_GetObjectItemCaseSensitive(o, "agreements"), "");
            } else {
                pg_printf(pg, " at MFN rates");
            }
        }
        pg_printf(pg, ".");
    }
    pg_printf(pg, "</p>\n");
}

static void kpi_table(rp_page_t *pg, const cJSON *sum)
{
    pg_printf(pg, "<h2>Key figures</h2><p>Mean over replications, with the half-width of its 95%% "
                  "confidence interval.</p><div class=\"wide\"><table><tr><th>KPI</th><th>unit</th><th>mean</th>"
                  "<th>&plusmn;95%%</th><th>min</th><th>max</th></tr>");
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItem(sum, "kpis")) {
        pg_printf(pg, "<tr><td>");
        pg_text(pg, k->string);
        pg_printf(pg, "</td><td>");
        pg_text(pg, rp_str(k, "unit"));
        static const char *const f[] = {"mean", "ci95", "min", "max"};
        for (int i = 0; i < 4; i++) {
            pg_printf(pg, "</td><td class=\"n\">");
            pg_num(pg, rp_num(k, f[i]), rp_str(k, "unit"));
        }
        pg_printf(pg, "</td></tr>");
    }
    pg_printf(pg, "</table></div>\n");
}

/* Equal-probability bins (2% each) from the percentiles, p50 and p90 marked. */
static void histogram(rp_page_t *pg, const cJSON *line, const char *name, const char *title)
{
    const cJSON *p = cJSON_GetObjectItem(line, "time_percentiles_min");
    if (!cJSON_IsNumber(cJSON_GetArrayItem(p, 0)))
        return;
    out_text_t b;
    if (!out_text_open(&b))
        return;
    for (int k = 0; k + 2 < 99; k += 2) {
        double lo = arr(p, k), hi = arr(p, k + 2);
        if (hi > lo && lo > 0) /* share per decade: the axis is logarithmic */
            out_printf(&b, "%.6g\t%.6g\t%.6g\n", lo, hi, 0.02 / (log10(hi) - log10(lo)));
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "set xlabel 'time at the line, arrival to release (min, log scale)'\nset ylabel 'share of crossings per decade'\n"
             "set logscale x\nset style fill solid 0.6 border lc rgb '#2a6f97'\n"
             "set arrow from %g, graph 0 to %g, graph 1 nohead lc rgb '#d1495b' lw 2 dt 2\n"
             "set arrow from %g, graph 0 to %g, graph 1 nohead lc rgb '#edae49' lw 2 dt 2\n"
             "set label 'p50 %.3g min' at %g, graph 0.95 offset 0.5,0 tc rgb '#d1495b'\n"
             "set label 'p90 %.3g min' at %g, graph 0.85 offset 0.5,0 tc rgb '#b07a00'\n"
             "plot '%s.dat' using (sqrt($1*$2)):($3/2):1:2:(0):3 with boxxyerror lc rgb '#2a6f97' notitle\n",
             arr(p, 49), arr(p, 49), arr(p, 89), arr(p, 89), arr(p, 49), arr(p, 49), arr(p, 89), arr(p, 89), name);
    char *data = out_text_take(&b);
    rp_chart(pg, name, title, data ? data : "", cmd);
    free(data);
}

static void by_hour(rp_page_t *pg, const cJSON *d)
{
    const cJSON *l1 = cJSON_GetObjectItem(d, "first_line"), *l2 = cJSON_GetObjectItem(d, "second_line");
    double n1 = rp_num(l1, "lanes"), n2 = rp_num(l2, "lanes");
    out_text_t b;
    if (!out_text_open(&b))
        return;
    for (int h = 0; h < 24; h++)
        out_printf(&b, "%d\t%.6g\t%.6g\t%.6g\t%.6g\n", h, arr(cJSON_GetObjectItem(l1, "queue_by_hour"), h),
                arr(cJSON_GetObjectItem(l2, "queue_by_hour"), h), arr(cJSON_GetObjectItem(l1, "busy_lanes_by_hour"), h) / n1,
                arr(cJSON_GetObjectItem(l2, "busy_lanes_by_hour"), h) / n2);
    char *data = out_text_take(&b);
    rp_chart(pg, "queue_by_hour", "Consignments waiting for a lane, by hour of day (mean).", data,
             "set xlabel 'hour of day'\nset ylabel 'waiting'\nset xrange [-0.5:23.5]\nset xtics 0,2,23\n"
             "set key top left\nplot 'queue_by_hour.dat' using 1:2 with linespoints lw 2 lc rgb '#2a6f97' title 'first line', "
             "'' using 1:3 with linespoints lw 2 lc rgb '#d1495b' title 'second line'\n");
    rp_chart(pg, "utilization_by_hour", "Lane utilisation by hour of day: busy lanes / lanes (mean).", NULL,
             "set xlabel 'hour of day'\nset ylabel 'utilisation'\nset yrange [0:1]\nset xrange [-0.5:23.5]\n"
             "set xtics 0,2,23\nset key top left\nplot 'queue_by_hour.dat' using 1:4 with linespoints lw 2 "
             "lc rgb '#2a6f97' title 'first line', '' using 1:5 with linespoints lw 2 lc rgb '#d1495b' title 'second line'\n");
    free(data);
}

static void stages(rp_page_t *pg, const cJSON *d)
{
    out_text_t b;
    if (!out_text_open(&b))
        return;
    const char *names[2] = {"first_line", "second_line"}, *labels[2] = {"first line", "second line"};
    for (int i = 0; i < 2; i++) {
        const cJSON *s = cJSON_GetObjectItem(cJSON_GetObjectItem(d, names[i]), "stage_mean_min");
        out_printf(&b, "%s\t%.6g\t%.6g\t%.6g\t%.6g\n", labels[i], rp_num(s, "queue"), rp_num(s, "declaration"),
                rp_num(s, "inspection"), rp_num(s, "payment"));
    }
    char *data = out_text_take(&b);
    rp_chart(pg, "stages", "Time in each stage per crossing, as in the WCO Time Release Study: queue, "
             "declaration, inspection (waiting for a bay included; 0 for crossings not inspected), payment.", data,
             "set style data histograms\nset style histogram rowstacked\nset style fill solid 0.8 border -1\n"
             "set boxwidth 0.5\nset ylabel 'minutes per crossing (mean)'\nset key outside right\n"
             "plot 'stages.dat' using 2:xtic(1) title 'queue' lc rgb '#2a6f97', '' using 3 title 'declaration' "
             "lc rgb '#66a182', '' using 4 title 'inspection' lc rgb '#edae49', '' using 5 title 'payment' lc rgb '#d1495b'\n");
    free(data);
}

/* The policy changes of a run as gnuplot commands (a dashed line and its number
 * at each change: numbers only, nothing of the user's text) and as words for a
 * caption ("" and "" without changes).  Sized for the most changes a scenario
 * may hold, each description cut to 160 bytes between characters. */
typedef struct {
    char cmds[8 * 192];
    char words[8 * 256];
} marks_t;

/* s cut to at most max bytes between UTF-8 characters, "..." when cut (dst
 * holds max + 4 bytes). */
static void cut_text(char *dst, size_t max, const char *s)
{
    size_t j = 0, n;
    while (s[j] && (n = cz_utf8_char_len((const unsigned char *)s + j, strnlen(s + j, 4))) > 0 && j + n <= max)
        j += n;
    snprintf(dst, max + 4, "%.*s%s", (int)j, s, s[j] ? "..." : "");
}

static void policy_marks(const cJSON *d, double warmup, marks_t *mk)
{
    mk->cmds[0] = mk->words[0] = '\0';
    const cJSON *c;
    int k = 0;
    size_t nc = 0, nw = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(d, "policy_changes")) {
        double day = rp_num(c, "day");
        char line[192], desc[164];
        if (!isfinite(day) || ++k > 8) /* the checked folder holds at most 8 */
            break;
        int w = day > warmup ? snprintf(line, sizeof line,
                                        "set arrow %d from %.6g, graph 0 to %.6g, graph 1 nohead dt 2 lc rgb '#555555'\n"
                                        "set label %d '%d' at %.6g, graph 0.97 offset 0.4,0 tc rgb '#555555'\n",
                                        k, day, day, k, k, day)
                             : 0; /* the charts start after the warm-up */
        if (w > 0 && (size_t)w < sizeof line && nc + (size_t)w < sizeof mk->cmds)
            nc += (size_t)snprintf(mk->cmds + nc, sizeof mk->cmds - nc, "%s", line);
        cut_text(desc, 160, *rp_str(c, "description") ? rp_str(c, "description") : "no description");
        nw += (size_t)snprintf(mk->words + nw, sizeof mk->words - nw, "%s%d: day %.4g%s, %s", k == 1 ? "" : "; ", k,
                               day, day > warmup ? "" : " (in the warm-up: not drawn)", desc);
    }
}

/* A caption, with the policy changes' dashed lines explained when there are any. */
static const char *marked(char *buf, size_t len, const char *caption, const marks_t *mk)
{
    if (!mk->words[0])
        return caption;
    snprintf(buf, len, "%s Dashed lines: policy changes (%s).", caption, mk->words);
    return buf;
}

static void over_time(rp_page_t *pg, const cJSON *d, double warmup, const marks_t *mk)
{
    const cJSON *q1 = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "first_line"), "queue_by_day");
    const cJSON *q2 = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "second_line"), "queue_by_day");
    const cJSON *u1 = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "first_line"), "busy_lanes_by_day");
    const cJSON *u2 = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "second_line"), "busy_lanes_by_day");
    double n1 = rp_num(cJSON_GetObjectItem(d, "first_line"), "lanes");
    double n2 = rp_num(cJSON_GetObjectItem(d, "second_line"), "lanes");
    const cJSON *bond = cJSON_GetObjectItem(d, "bonded_stock_cny_by_day");
    out_text_t b;
    if (!out_text_open(&b))
        return;
    for (int i = 0; i < cJSON_GetArraySize(bond); i++)
        out_printf(&b, "%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\n", warmup + i + 1, arr(q1, i), arr(q2, i),
                      arr(bond, i) / 1e6, arr(u1, i) / n1, arr(u2, i) / n2);
    char *data = out_text_take(&b), cmd[4096], cap[2600];
    snprintf(cmd, sizeof cmd, "%sset xlabel 'day'\nset ylabel 'waiting'\nset key top left\n"
             "set offsets 0, 0, graph 0.15, 0\nplot 'queue_by_day.dat' using 1:2 with lines lw 1.5 "
             "lc rgb '#2a6f97' title 'first line', '' using 1:3 with lines lw 1.5 lc rgb '#d1495b' "
             "title 'second line'\n", mk->cmds);
    rp_chart(pg, "queue_by_day", marked(cap, sizeof cap, "Consignments waiting for a lane, daily mean over the horizon.",
             mk), data, cmd);
    snprintf(cmd, sizeof cmd, "%sset xlabel 'day'\nset ylabel 'utilisation'\nset yrange [0:1]\nset key top left\n"
             "plot 'queue_by_day.dat' using 1:5 with lines lw 1.5 lc rgb '#2a6f97' title 'first line', "
             "'' using 1:6 with lines lw 1.5 lc rgb '#d1495b' title 'second line'\n", mk->cmds);
    rp_chart(pg, "utilization_by_day", marked(cap, sizeof cap, "Lane utilisation over the horizon: busy lanes / lanes, "
             "daily mean.", mk), NULL, cmd);
    snprintf(cmd, sizeof cmd, "%sset xlabel 'day'\nset ylabel 'million CNY'\nplot 'queue_by_day.dat' using 1:4 "
             "with lines lw 2 lc rgb '#66a182' notitle\n", mk->cmds);
    rp_chart(pg, "bonded_stock", marked(cap, sizeof cap, "Bonded stock: customs value of untaxed goods in the zone, "
             "daily mean.", mk), NULL, cmd);
    free(data);
}

/* Tax collected and revenue forgone, day by day (folders of older versions have
 * neither: no chart). */
static void revenue_by_day(rp_page_t *pg, const cJSON *d, double warmup, const marks_t *mk)
{
    const cJSON *tax = cJSON_GetObjectItemCaseSensitive(d, "tax_cny_by_day");
    const cJSON *forgone = cJSON_GetObjectItemCaseSensitive(d, "forgone_cny_by_day");
    out_text_t b;
    if (!tax || !forgone || !out_text_open(&b))
        return;
    for (int i = 0; i < cJSON_GetArraySize(tax); i++)
        out_printf(&b, "%.6g\t%.6g\t%.6g\n", warmup + i + 1, arr(tax, i) / 1e6, arr(forgone, i) / 1e6);
    char *data = out_text_take(&b), cmd[4096], cap[2600];
    snprintf(cmd, sizeof cmd, "%sset xlabel 'day'\nset ylabel 'million CNY a day'\nset key top left\n"
             "set offsets 0, 0, graph 0.2, 0\n"
             "plot 'revenue_by_day.dat' using 1:2 with lines lw 1.5 lc rgb '#2a6f97' title 'tax collected', "
             "'' using 1:3 with lines lw 1.5 lc rgb '#edae49' title 'revenue forgone'\n", mk->cmds);
    rp_chart(pg, "revenue_by_day", marked(cap, sizeof cap, "Revenue over time: tax collected (refunds deducted, "
             "recoveries included) and revenue forgone by exemptions and de minimis, each day (mean over "
             "replications).", mk), data, cmd);
    free(data);
}

/* Bars from name/value pairs (the text b, ended here). */
static void bars(rp_page_t *pg, const char *name, const char *caption, const char *ylabel, out_text_t *b, bool errors)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "set style fill solid 0.8 border -1\nset boxwidth 0.6\nset ylabel '%s'\nset xtics rotate by -30\n"
             "set yrange [0:*]\nplot '%s.dat' using 0:2:xtic(1) with boxes lc rgb '#2a6f97' notitle%s\n",
             ylabel, name, errors ? ", '' using 0:2:3 with yerrorbars lc rgb '#222222' pt -1 notitle" : "");
    char *data = out_text_take(b);
    rp_chart(pg, name, caption, data && *data ? data : "none\t0\t0\n", cmd);
    free(data);
}

#define TOP_MEMBERS 15

/* Largest magnitude first (a refund-heavy group is as large as a paying one);
 * ties by name, so the order does not depend on qsort. */
static int by_size_down(const void *a, const void *b)
{
    const cJSON *p = *(const cJSON *const *)a, *q = *(const cJSON *const *)b;
    double x = fabs(p->valuedouble), y = fabs(q->valuedouble);
    return x != y ? (x < y) - (x > y) : strcmp(p->string, q->string);
}

/* name<TAB>value in million CNY, one bar per number member of o (members that
 * are not numbers, as a null mean, have no bar); more than TOP_MEMBERS: the
 * largest in magnitude, then the rest summed as one bar "other (N)". */
static void members_in_millions(out_text_t *b, const cJSON *o)
{
    const cJSON *it;
    char label[128];
    int n = cJSON_GetArraySize(o);
    if (!cJSON_IsObject(o) || n == 0)
        return;
    const cJSON **v = malloc((size_t)n * sizeof *v);
    if (!v)
        return;
    int k = 0;
    cJSON_ArrayForEach(it, o)
        if (cJSON_IsNumber(it) && k < n)
            v[k++] = it;
    if (k > TOP_MEMBERS)
        qsort(v, (size_t)k, sizeof *v, by_size_down);
    double rest = 0;
    for (int i = 0; i < k; i++) {
        if (k > TOP_MEMBERS && i >= TOP_MEMBERS - 1) {
            rest += v[i]->valuedouble;
            continue;
        }
        rp_data_label(label, sizeof label, v[i]->string);
        out_printf(b, "%s\t%.6g\n", label, v[i]->valuedouble / 1e6);
    }
    if (k > TOP_MEMBERS)
        out_printf(b, "other (%d)\t%.6g\n", k - TOP_MEMBERS + 1, rest / 1e6);
    free(v);
}

static void revenue(rp_page_t *pg, const cJSON *sum, const cJSON *d)
{
    out_text_t b;
    static const char *const taxes[][2] = {{"duty", "tax_duty_cny"}, {"consumption tax", "tax_ct_cny"},
                                           {"import VAT", "tax_vat_cny"}, {"export duty", "tax_export_duty_cny"},
                                           {"postal tax", "tax_postal_cny"}, {"refunds", "tax_refund_cny"}};
    if (!out_text_open(&b))
        return;
    for (size_t i = 0; i < sizeof taxes / sizeof taxes[0]; i++)
        if (kpi(sum, taxes[i][1]))
            out_printf(&b, "%s\t%.6g\t%.6g\n", taxes[i][0], rp_num(kpi(sum, taxes[i][1]), "mean") / 1e6,
                       rp_num(kpi(sum, taxes[i][1]), "ci95") / 1e6);
    bars(pg, "revenue_by_tax", "Revenue by tax over the measured period, with 95% confidence whiskers.",
         "million CNY", &b, true);
    if (!out_text_open(&b))
        return;
    const cJSON *by_chapter = cJSON_GetObjectItemCaseSensitive(d, "tax_by_chapter_cny");
    members_in_millions(&b, by_chapter ? by_chapter : cJSON_GetObjectItemCaseSensitive(d, "tax_by_category_cny"));
    bars(pg, "revenue_by_category",
         by_chapter ? "Revenue by HS chapter over the measured period (mean); more than 15: the largest 14 and the rest."
                    : "Revenue by goods category over the measured period (mean); more than 15: the largest 14 and "
                      "the rest.",
         "million CNY", &b, false);
    if (!out_text_open(&b))
        return;
    members_in_millions(&b, cJSON_GetObjectItemCaseSensitive(d, "tax_by_owner_cny"));
    bars(pg, "revenue_by_owner", "Revenue by owner class over the measured period (mean).", "million CNY", &b, false);
    if (!out_text_open(&b))
        return;
    const cJSON *it;
    char label[128];
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(sum, "kpis"))
        if (strncmp(it->string, "forgone_", 8) == 0 && strlen(it->string) > 12) {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)strlen(it->string) - 12, it->string + 8);
            rp_data_label(label, sizeof label, name);
            out_printf(&b, "%s\t%.6g\t%.6g\n", label, rp_num(it, "mean") / 1e6, rp_num(it, "ci95") / 1e6);
        }
    bars(pg, "forgone", "Revenue forgone by each exemption: the tax that would have been due without it.",
         "million CNY", &b, true);
}

static void report_run(rp_page_t *pg, const cJSON *sum)
{
    cJSON *d = rp_load(pg->dir, "detail.json"), *scn = rp_load(pg->dir, "scenario.json");
    const cJSON *name = cJSON_GetObjectItem(sum, "name"), *desc = cJSON_GetObjectItem(sum, "description");
    char title[256];
    snprintf(title, sizeof title, "zonesim report: %s", cJSON_IsString(name) ? name->valuestring : "run");
    pg_head(pg, title);
    pg_printf(pg, "<h1>");
    pg_text(pg, title);
    pg_printf(pg, "</h1><p>");
    pg_text(pg, cJSON_IsString(desc) ? desc->valuestring : "");
    pg_printf(pg, "</p><p>Regime <b>");
    pg_text(pg, cJSON_GetStringValue(cJSON_GetObjectItem(sum, "regime")));
    pg_printf(pg, "</b>; %g replications of %g days, the first %g days discarded as warm-up.</p>\n",
              rp_num(sum, "replications"), rp_num(sum, "horizon_days"), rp_num(sum, "warmup_days"));
    if (!pg->gnuplot)
        pg_printf(pg, "<p class=\"note\">gnuplot is not installed, so this page has tables only. "
                      "Install it (Debian: <code>apt-get install gnuplot-nox</code>) and run "
                      "<code>zonesim report DIR</code> again for the charts.</p>\n");
    if (scn) {
        parameters(pg, scn);
        regime_and_tariff(pg, scn);
    }
    kpi_table(pg, sum);
    if (d) {
        pg_printf(pg, "<h2>Clearance times</h2>\n");
        histogram(pg, cJSON_GetObjectItem(d, "first_line"), "hist_first_line",
                  "First line: distribution of the time from arrival to release (bins of 2% of crossings).");
        histogram(pg, cJSON_GetObjectItem(d, "second_line"), "hist_second_line",
                  "Second line: distribution of the time from arrival to release (bins of 2% of crossings).");
        stages(pg, d);
        pg_printf(pg, "<h2>Queues and lanes</h2>\n");
        by_hour(pg, d);
        marks_t mk;
        policy_marks(d, rp_num(sum, "warmup_days"), &mk);
        over_time(pg, d, rp_num(sum, "warmup_days"), &mk);
        pg_printf(pg, "<h2>Revenue</h2>\n");
        revenue(pg, sum, d);
        revenue_by_day(pg, d, rp_num(sum, "warmup_days"), &mk);
    } else {
        pg_printf(pg, "<p class=\"note\">No detail.json here (a merged run keeps only summaries): "
                      "charts of times, queues and revenue need a folder written by <code>zonesim run</code>.</p>");
    }
    provenance(pg, sum);
    pg_foot(pg);
    cJSON_Delete(d);
    cJSON_Delete(scn);
}

/* The folder's files, checked (check.h): 0, or 2 with the reason on stderr. */
static int check_folder(const char *dir, cJSON *j, const char *kind)
{
    char err[512], sub[4200];
    bool ok = true;
    if (!strcmp(kind, "compare")) {
        ok = rp_check_compare(j, err, sizeof err);
        const cJSON *alts = cJSON_GetObjectItemCaseSensitive(j, "alternatives");
        int nsides = alts ? 1 + cJSON_GetArraySize(alts) : 2;
        for (int i = 0; ok && i < nsides; i++) {
            if (i == 0)
                snprintf(sub, sizeof sub, "base/summary.json");
            else if (alts)
                snprintf(sub, sizeof sub, "%s/summary.json",
                         cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(alts, i - 1), "folder")));
            else
                snprintf(sub, sizeof sub, "alt/summary.json");
            cJSON *s = rp_load(dir, sub);
            ok = !s || rp_check_summary(s, err, sizeof err);
            if (!s && cJSON_IsObject(j))
                ok = true; /* a comparison without its sides: tables of compare.json only */
            cJSON_Delete(s);
        }
    } else if (!strcmp(kind, "sweep")) {
        ok = rp_check_sweep(j, err, sizeof err);
    } else if (!strcmp(kind, "search")) {
        ok = rp_check_search(j, err, sizeof err);
    } else {
        cJSON *d = rp_load(dir, "detail.json");
        snprintf(sub, sizeof sub, "%s/scenario.json", dir);
        ok = rp_check_summary(j, err, sizeof err) && (!d || rp_check_detail(d, j, err, sizeof err)) &&
             (access(sub, F_OK) != 0 || rp_check_scenario(dir, err, sizeof err));
        snprintf(sub, sizeof sub, "%s/detail.json", dir);
        if (ok && !d && access(sub, F_OK) == 0) {
            snprintf(err, sizeof err, "detail.json: not a JSON object");
            ok = false;
        }
        cJSON_Delete(d);
    }
    if (!ok)
        cz_eprintf("zonesim: report: %s/%s\n", dir, err);
    return ok ? 0 : 2;
}

int rp_report_write(const char *dir, bool quiet)
{
    rp_page_t pg;
    cJSON *j = NULL;
    const char *kind = "run";
    int rc = rp_page_init(&pg, dir);
    if (rc == 0) {
        if ((j = rp_load(dir, "compare.json")))
            kind = "compare";
        else if ((j = rp_load(dir, "sweep.json")))
            kind = "sweep";
        else if ((j = rp_load(dir, "search.json")))
            kind = "search";
        else if (!(j = rp_load(dir, "summary.json"))) {
            cz_eprintf("zonesim: report: %s: no readable summary.json, compare.json, sweep.json or search.json: "
                    "not a zonesim results folder\n", dir);
            rc = 2;
        }
    }
    if (rc == 0)
        rc = check_folder(dir, j, kind);
    if (rc == 0 && !strcmp(kind, "compare") && cJSON_GetObjectItemCaseSensitive(j, "alternatives"))
        rp_report_compare_many(&pg, j);
    else if (rc == 0 && !strcmp(kind, "compare"))
        rp_report_compare(&pg, j);
    else if (rc == 0 && !strcmp(kind, "sweep"))
        rp_report_sweep(&pg, j);
    else if (rc == 0 && !strcmp(kind, "search"))
        rp_report_search(&pg, j);
    else if (rc == 0)
        report_run(&pg, j);
    if (rc == 0)
        rc = rp_page_finish(&pg, quiet);
    cJSON_Delete(j);
    rp_page_fini(&pg);
    return rc;
}
