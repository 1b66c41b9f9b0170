/* results.c: the files of a run's results folder.  See results.h. */
#include "output/results.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "output/text.h"

char *out_summary_json(const cz_scenario_t *s, const double *table, const out_run_meta_t *m)
{
    cJSON *o = cJSON_CreateObject();
    char hash[32], buf[CZ_KPI_NAME_MAX];
    snprintf(hash, sizeof hash, "%016" PRIx64, s->hash);
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddStringToObject(o, "description", s->description ? s->description : "");
    cJSON_AddStringToObject(o, "scenario_file", s->file);
    cJSON_AddStringToObject(o, "scenario_hash", hash);
    cJSON_AddStringToObject(o, "regime", s->regime.name);
    out_json_u64(o, "seed", s->seed);
    cJSON_AddNumberToObject(o, "replications", m->nrep);
    cJSON_AddNumberToObject(o, "replications_planned", m->planned);
    cJSON_AddNumberToObject(o, "first_replication", m->nrep ? m->rep_ids[0] : 0);
    out_json_num(o, "horizon_days", s->horizon_min / CZ_MIN_PER_DAY);
    out_json_num(o, "warmup_days", s->warmup_min / CZ_MIN_PER_DAY);
    cJSON_AddStringToObject(o, "version", CZ_VERSION);
    cJSON_AddStringToObject(o, "command_line", m->command_line ? m->command_line : "");
    cJSON_AddBoolToObject(o, "complete", m->complete);
    for (const cJSON *it = m->extra ? m->extra->child : NULL; it; it = it->next)
        cJSON_AddItemToObject(o, it->string, cJSON_Duplicate(it, true));
    cJSON *k = cJSON_AddObjectToObject(o, "kpis");
    int nk = cz_kpi_count(s);
    for (int i = 0; i < nk; i++) {
        cz_kpi_summary_t sm = cz_kpi_summarise(table, m->nrep, nk, i);
        cJSON *e = cJSON_AddObjectToObject(k, cz_kpi_name(s, i, buf));
        out_json_num(e, "mean", sm.mean);
        out_json_num(e, "sd", sm.sd);
        out_json_num(e, "ci95", sm.ci95);
        out_json_num(e, "min", sm.min);
        out_json_num(e, "max", sm.max);
        cJSON_AddStringToObject(e, "unit", cz_kpi_unit(s, i));
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

char *out_replications_csv(const cz_scenario_t *s, const double *table, const out_run_meta_t *m)
{
    out_text_t t;
    char buf[CZ_KPI_NAME_MAX], num[40];
    int nk = cz_kpi_count(s);
    if (!out_text_open(&t))
        return NULL;
    out_printf(&t, "replication");
    for (int i = 0; i < nk; i++)
        out_printf(&t, ",%s", cz_kpi_name(s, i, buf));
    out_printf(&t, "\n");
    for (unsigned r = 0; r < m->nrep; r++) {
        out_printf(&t, "%u", m->rep_ids[r]);
        for (int i = 0; i < nk; i++) {
            out_format_double(num, sizeof num, table[(size_t)r * (size_t)nk + (size_t)i]);
            out_printf(&t, ",%s", num);
        }
        out_printf(&t, "\n");
    }
    return out_text_take(&t);
}

const char *const out_kpis_header = "scenario,point,replication,kpi,value,unit\n";

char *out_kpis_csv(const cz_scenario_t *s, const double *table, const out_run_meta_t *m, const char *point)
{
    char *rows = out_kpis_rows(s, table, m, point);
    size_t n = rows ? strlen(rows) : 0, h = strlen(out_kpis_header);
    char *t = rows ? malloc(h + n + 1) : NULL;
    if (t) {
        memcpy(t, out_kpis_header, h);
        memcpy(t + h, rows, n + 1);
    }
    free(rows);
    return t;
}

char *out_kpis_rows(const cz_scenario_t *s, const double *table, const out_run_meta_t *m, const char *point)
{
    out_text_t t;
    char buf[CZ_KPI_NAME_MAX], num[40];
    int nk = cz_kpi_count(s);
    if (!out_text_open(&t))
        return NULL;
    for (unsigned r = 0; r < m->nrep; r++)
        for (int i = 0; i < nk; i++) {
            out_csv_field(&t, s->name);
            out_printf(&t, ",%s,%u,%s,", point ? point : "", m->rep_ids[r], cz_kpi_name(s, i, buf));
            out_format_double(num, sizeof num, table[(size_t)r * (size_t)nk + (size_t)i]);
            out_printf(&t, "%s,", num);
            out_csv_field(&t, cz_kpi_unit(s, i));
            out_printf(&t, "\n");
        }
    return out_text_take(&t);
}

static cJSON *num_array(const double *mean, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, isnan(mean[i]) || isinf(mean[i]) ? cJSON_CreateNull() : cJSON_CreateNumber(mean[i]));
    return a;
}

char *out_detail_json(const cz_scenario_t *s, const double *detail, unsigned nrep)
{
    cz_detail_layout_t l;
    cz_detail_layout(s, &l);
    double *m = calloc((size_t)l.size, sizeof *m);
    if (!m)
        return NULL;
    for (int k = 0; k < l.size; k++) { /* mean over replications, NaN-aware */
        double sum = 0;
        unsigned n = 0;
        for (unsigned r = 0; r < nrep; r++) {
            double v = detail[(size_t)r * (size_t)l.size + (size_t)k];
            if (!isnan(v))
                sum += v, n++;
        }
        m[k] = n ? sum / n : NAN;
    }
    static const char *const lines[2] = {"first_line", "second_line"};
    static const char *const stages[CZ_STAGES] = {"queue", "declaration", "inspection", "payment"};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "about", "report detail: means over replications of the measured period (docs/outputs.md)");
    cJSON_AddNumberToObject(o, "replications", nrep);
    const cz_line_t *cfg[2] = {&s->l1, &s->l2};
    for (int i = 0; i < 2; i++) {
        cJSON *ln = cJSON_AddObjectToObject(o, lines[i]);
        cJSON_AddNumberToObject(ln, "lanes", cfg[i]->lanes);
        cJSON_AddItemToObject(ln, "queue_by_hour", num_array(m + l.hour_queue + 24 * i, 24));
        cJSON_AddItemToObject(ln, "busy_lanes_by_hour", num_array(m + l.hour_busy + 24 * i, 24));
        cJSON_AddItemToObject(ln, "time_percentiles_min", num_array(m + l.pct + CZ_PCTS * i, CZ_PCTS));
        cJSON *st = cJSON_AddObjectToObject(ln, "stage_mean_min");
        for (int k = 0; k < CZ_STAGES; k++) {
            double v = m[l.stage + CZ_STAGES * i + k];
            cJSON_AddItemToObject(st, stages[k], isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v));
        }
        cJSON_AddItemToObject(ln, "queue_by_day", num_array(m + l.day_queue + l.ndays * i, l.ndays));
        cJSON_AddItemToObject(ln, "busy_lanes_by_day", num_array(m + l.day_busy + l.ndays * i, l.ndays));
    }
    cJSON_AddItemToObject(o, "bonded_stock_cny_by_day", num_array(m + l.day_bonded, l.ndays));
    cJSON_AddItemToObject(o, "tax_cny_by_day", num_array(m + l.day_tax, l.ndays));
    cJSON_AddItemToObject(o, "forgone_cny_by_day", num_array(m + l.day_forgone, l.ndays));
    cJSON *pc = cJSON_AddArrayToObject(o, "policy_changes");
    const cJSON *changes = cJSON_GetObjectItemCaseSensitive(s->resolved, "policy_changes");
    for (int k = 0; k < s->nphases; k++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "day", s->phase_at[k] / CZ_MIN_PER_DAY);
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(changes, k), "description");
        cJSON_AddStringToObject(c, "description", cJSON_IsString(d) ? d->valuestring : "");
        cJSON_AddItemToArray(pc, c);
    }
    cJSON *bc = cJSON_AddObjectToObject(o, s->by_chapter ? "tax_by_chapter_cny" : "tax_by_category_cny");
    for (int g = 0; g < s->ngroups; g++)
        cJSON_AddNumberToObject(bc, s->group[g], m[l.by_cat + g]);
    cJSON *bo = cJSON_AddObjectToObject(o, "tax_by_owner_cny");
    for (int w = 0; w < l.nowners; w++)
        cJSON_AddNumberToObject(bo, cz_detail_owner(s, w), m[l.by_owner + w]);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    free(m);
    return text;
}

void out_run_files(out_batch_t *b, const char *prefix, const cz_scenario_t *s, const double *table,
                   const double *detail, const out_run_meta_t *m)
{
    char name[128];
#define NAME(f) (snprintf(name, sizeof name, "%s%s", prefix, f), name)
    out_batch_take(b, NAME("replications.csv"), out_replications_csv(s, table, m));
    out_batch_take(b, NAME("kpis.csv"), out_kpis_csv(s, table, m, NULL));
    out_batch_take(b, NAME("scenario.json"), cJSON_Print(s->resolved));
    if (detail)
        out_batch_take(b, NAME("detail.json"), out_detail_json(s, detail, m->nrep));
    out_batch_take(b, NAME("summary.json"), out_summary_json(s, table, m));
#undef NAME
}
