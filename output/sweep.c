/* sweep.c: sweep.csv and sweep.json.  See sweep.h. */
#include "output/sweep.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/results.h"
#include "output/text.h"

/* A varied value as data: its JSON, or the text itself when it is not JSON. */
static cJSON *value_json(const char *text)
{
    const char *end;
    cJSON *v = cJSON_ParseWithOpts(text, &end, true);
    return v ? v : cJSON_CreateString(text);
}

/* A varied value in CSV: a JSON string's text without its quotes, else as given. */
static void value_csv(out_text_t *t, const char *text)
{
    cJSON *v = value_json(text);
    char *plain = cJSON_IsString(v) || !v ? NULL : cJSON_PrintUnformatted(v);
    out_csv_field(t, cJSON_IsString(v) ? v->valuestring : plain ? plain : text);
    free(plain);
    cJSON_Delete(v);
}

char *out_sweep_csv(const out_sweep_t *w)
{
    int nk = cz_kpi_count(w->first);
    char buf[CZ_KPI_NAME_MAX], num[40];
    out_text_t t;
    if (!out_text_open(&t))
        return NULL;
    out_printf(&t, "point");
    for (int a = 0; a < w->nax; a++) {
        out_printf(&t, ",");
        out_csv_field(&t, w->ax[a].path);
    }
    for (int k = 0; k < nk; k++) {
        const char *name = cz_kpi_name(w->first, k, buf);
        out_printf(&t, ",%s_mean,%s_ci95", name, name);
    }
    out_printf(&t, "\n");
    for (long p = w->from; p <= w->to; p++) {
        if (!w->done[p])
            continue;
        out_printf(&t, "%ld", p);
        for (int a = 0; a < w->nax; a++) {
            out_printf(&t, ",");
            value_csv(&t, w->ax[a].values[w->index[p * w->nax + a]]);
        }
        for (int k = 0; k < nk; k++) {
            const double *m = &w->summary[((size_t)p * (size_t)nk + (size_t)k) * 5];
            out_format_double(num, sizeof num, m[0]);
            out_printf(&t, ",%s", num);
            out_format_double(num, sizeof num, m[2]);
            out_printf(&t, ",%s", num);
        }
        out_printf(&t, "\n");
    }
    return out_text_take(&t);
}

static cJSON *point_json(const out_sweep_t *w, long p)
{
    static const char *const stat[5] = {"mean", "sd", "ci95", "min", "max"};
    int nk = cz_kpi_count(w->first);
    char buf[CZ_KPI_NAME_MAX];
    cJSON *pt = cJSON_CreateObject();
    cJSON_AddNumberToObject(pt, "point", (double)p);
    cJSON *v = cJSON_AddObjectToObject(pt, "values");
    for (int a = 0; a < w->nax; a++)
        cJSON_AddItemToObject(v, w->ax[a].path, value_json(w->ax[a].values[w->index[p * w->nax + a]]));
    cJSON *k = cJSON_AddObjectToObject(pt, "kpis");
    for (int i = 0; i < nk; i++) {
        cJSON *e = cJSON_AddObjectToObject(k, cz_kpi_name(w->first, i, buf));
        for (int j = 0; j < 5; j++)
            out_json_num(e, stat[j], w->summary[((size_t)p * (size_t)nk + (size_t)i) * 5 + (size_t)j]);
    }
    return pt;
}

char *out_sweep_json(const out_sweep_t *w)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scenario", w->first->file);
    cJSON_AddStringToObject(o, "name", w->first->name);
    char hash[32];
    snprintf(hash, sizeof hash, "%016" PRIx64, w->base_hash);
    cJSON_AddStringToObject(o, "scenario_hash", hash);
    out_json_u64(o, "seed", w->first->seed);
    cJSON_AddNumberToObject(o, "replications", w->reps);
    cJSON_AddNumberToObject(o, "points_total", (double)w->npoints);
    cJSON_AddStringToObject(o, "version", CZ_VERSION);
    cJSON_AddStringToObject(o, "command_line", w->command_line);
    long finished = 0, asked = w->to - w->from + 1;
    for (long p = w->from; p <= w->to; p++)
        finished += w->done[p];
    cJSON_AddBoolToObject(o, "complete", finished == asked);
    if (w->shard) {
        cJSON *sh = cJSON_AddObjectToObject(o, "shard");
        cJSON_AddNumberToObject(sh, "first", (double)w->from);
        cJSON_AddNumberToObject(sh, "last", (double)w->to);
    }
    cJSON *vary = cJSON_AddArrayToObject(o, "vary");
    for (int a = 0; a < w->nax; a++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "path", w->ax[a].path);
        cJSON *vals = cJSON_AddArrayToObject(e, "values");
        for (int i = 0; i < w->ax[a].n; i++)
            cJSON_AddItemToArray(vals, cJSON_CreateString(w->ax[a].values[i]));
        cJSON_AddItemToArray(vary, e);
    }
    cJSON *pts = cJSON_AddArrayToObject(o, "points");
    for (long p = w->from; p <= w->to; p++)
        if (w->done[p])
            cJSON_AddItemToArray(pts, point_json(w, p));
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}
