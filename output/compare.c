/* compare.c: compare.csv and compare.json.  See compare.h. */
#include "output/compare.h"

#include <stdio.h>
#include <stdlib.h>

#include "output/results.h"
#include "output/text.h"

/* The rows of one comparison, each prefixed with `first` (a CSV field and a comma) if given. */
static void csv_rows(out_text_t *t, const char *first, const ex_diff_t *rows, int nr)
{
    char num[5][40];
    for (int i = 0; i < nr; i++) {
        const ex_diff_t *r = &rows[i];
        double v[5] = {r->base, r->alt, r->diff, r->halfwidth, r->rel};
        for (int j = 0; j < 5; j++)
            out_format_double(num[j], sizeof num[j], v[j]);
        if (first) {
            out_csv_field(t, first);
            out_printf(t, ",");
        }
        out_printf(t, "%s,", r->name);
        out_csv_field(t, r->unit);
        out_printf(t, ",%s,%s,%s,%s,%s,%s\n", num[0], num[1], num[2], num[3], num[4],
                   r->significant ? "true" : "false");
    }
}

char *out_compare_csv(const ex_diff_t *rows, int nr)
{
    out_text_t t;
    if (!out_text_open(&t))
        return NULL;
    out_printf(&t, "kpi,unit,base_mean,alt_mean,diff_mean,diff_halfwidth,relative_change,significant\n");
    csv_rows(&t, NULL, rows, nr);
    return out_text_take(&t);
}

char *out_compare_many_csv(const out_many_t *m)
{
    out_text_t t;
    if (!out_text_open(&t))
        return NULL;
    out_printf(&t, "alternative,kpi,unit,base_mean,alt_mean,diff_mean,diff_halfwidth,relative_change,significant\n");
    for (int j = 0; j < m->alts; j++)
        csv_rows(&t, m->sides[j + 1].s->name, m->rows[j], m->nr[j]);
    return out_text_take(&t);
}

/* Every KPI of a comparison into object k, by name. */
static void add_kpis(cJSON *k, const ex_diff_t *rows, int nr)
{
    for (int i = 0; i < nr; i++) {
        cJSON *e = cJSON_AddObjectToObject(k, rows[i].name);
        cJSON_AddStringToObject(e, "unit", rows[i].unit);
        out_json_num(e, "base_mean", rows[i].base);
        out_json_num(e, "alt_mean", rows[i].alt);
        out_json_num(e, "diff_mean", rows[i].diff);
        out_json_num(e, "diff_halfwidth", rows[i].halfwidth);
        out_json_num(e, "relative_change", rows[i].rel);
        cJSON_AddBoolToObject(e, "significant", rows[i].significant);
    }
}

char *out_compare_json(const ex_side_t *b, const ex_side_t *a, const ex_diff_t *rows, int nr,
                       const out_compare_meta_t *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "base", b->s->name);
    cJSON_AddStringToObject(o, "alt", a->s->name);
    cJSON_AddStringToObject(o, "base_file", b->s->file);
    cJSON_AddStringToObject(o, "alt_file", a->s->file);
    out_json_u64(o, "seed", b->s->seed);
    cJSON_AddNumberToObject(o, "replications", m->n);
    cJSON_AddNumberToObject(o, "confidence", m->confidence);
    cJSON_AddStringToObject(o, "method", "paired differences ALT - BASE per replication, common random numbers");
    cJSON_AddStringToObject(o, "version", CZ_VERSION);
    cJSON_AddStringToObject(o, "command_line", m->command_line);
    if (m->diff)
        cJSON_AddItemToObject(o, "scenario_differences", cJSON_Duplicate(m->diff, true));
    add_kpis(cJSON_AddObjectToObject(o, "kpis"), rows, nr);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

char *out_compare_many_json(const out_many_t *m, const out_compare_meta_t *meta)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "base", m->sides[0].s->name);
    cJSON_AddStringToObject(o, "base_file", m->sides[0].s->file);
    out_json_u64(o, "seed", m->sides[0].s->seed);
    cJSON_AddNumberToObject(o, "replications", meta->n);
    cJSON_AddNumberToObject(o, "confidence", meta->confidence);
    cJSON_AddNumberToObject(o, "family_confidence", 0.95);
    cJSON_AddStringToObject(o, "method", "paired differences ALT - BASE per replication, common random numbers; "
                                         "Bonferroni: each interval at 1 - 0.05 / alternatives");
    cJSON_AddStringToObject(o, "version", CZ_VERSION);
    cJSON_AddStringToObject(o, "command_line", meta->command_line);
    cJSON *alts = cJSON_AddArrayToObject(o, "alternatives");
    for (int j = 0; j < m->alts; j++) {
        char folder[16];
        cJSON *a = cJSON_CreateObject();
        cJSON_AddItemToArray(alts, a);
        snprintf(folder, sizeof folder, "alt%d", j + 1);
        cJSON_AddStringToObject(a, "name", m->sides[j + 1].s->name);
        cJSON_AddStringToObject(a, "file", m->sides[j + 1].s->file);
        cJSON_AddStringToObject(a, "folder", folder);
        if (m->diffs[j])
            cJSON_AddItemToObject(a, "scenario_differences", cJSON_Duplicate(m->diffs[j], true));
        add_kpis(cJSON_AddObjectToObject(a, "kpis"), m->rows[j], m->nr[j]);
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}
