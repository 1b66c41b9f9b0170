/* compare.c: compare.csv and compare.json.  See compare.h. */
#include "output/compare.h"

#include <stdlib.h>

#include "output/results.h"
#include "output/text.h"

char *out_compare_csv(const ex_diff_t *rows, int nr)
{
    out_text_t t;
    char num[5][40];
    if (!out_text_open(&t))
        return NULL;
    out_printf(&t, "kpi,unit,base_mean,alt_mean,diff_mean,diff_halfwidth,relative_change,significant\n");
    for (int i = 0; i < nr; i++) {
        const ex_diff_t *r = &rows[i];
        double v[5] = {r->base, r->alt, r->diff, r->halfwidth, r->rel};
        for (int j = 0; j < 5; j++)
            out_format_double(num[j], sizeof num[j], v[j]);
        out_printf(&t, "%s,", r->name);
        out_csv_field(&t, r->unit);
        out_printf(&t, ",%s,%s,%s,%s,%s,%s\n", num[0], num[1], num[2], num[3], num[4],
                   r->significant ? "true" : "false");
    }
    return out_text_take(&t);
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
    cJSON *k = cJSON_AddObjectToObject(o, "kpis");
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
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}
