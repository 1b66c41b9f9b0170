/* search.c: search.csv and search.json.  See search.h. */
#include "output/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/status.h"
#include "output/results.h"
#include "output/text.h"
#include "models/scenario/json_in.h"

static int by_cost(const void *a, const void *b)
{
    const out_candidate_t *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return (x->point > y->point) - (x->point < y->point);
}

void out_search_sort(out_search_t *o)
{
    qsort(o->cand, (size_t)o->ncand, sizeof *o->cand, by_cost);
}

void out_search_values(const out_search_t *o, const out_candidate_t *c, const ex_axis_t *ax, int nax, char *buf,
                       size_t len)
{
    (void)o;
    size_t off = 0;
    buf[0] = '\0';
    for (int x = 0; x < nax && off < len; x++)
        off += (size_t)snprintf(buf + off, len - off, "%s%s=%s", x ? ", " : "", ax[x].path,
                                ax[x].values[c->index[x]]);
}

static const char *role(const out_search_t *o, int i)
{
    return i == o->answer ? "answer" : i == o->runner_up ? "runner_up" : "";
}

static char *csv(const out_search_t *o, const ex_axis_t *ax, int nax, const ex_target_t *tg, int ntg)
{
    out_text_t t;
    char num[4][40];
    if (!out_text_open(&t))
        return NULL;
    out_printf(&t, "point");
    for (int x = 0; x < nax; x++) {
        out_printf(&t, ",");
        out_csv_field(&t, ax[x].path);
    }
    out_printf(&t, ",cost,replications,kpi,direction,bound,mean,lower,upper,target_verdict,verdict,role\n");
    for (int i = 0; i < o->ncand; i++) {
        const out_candidate_t *c = &o->cand[i];
        for (int k = 0; k < ntg; k++) {
            out_printf(&t, "%ld", c->point);
            for (int x = 0; x < nax; x++) {
                out_printf(&t, ",");
                out_csv_field(&t, ax[x].values[c->index[x]]);
            }
            double v[4] = {tg[k].bound, c->n ? c->est[k].mean : NAN, c->n ? c->est[k].lo : NAN,
                           c->n ? c->est[k].hi : NAN};
            for (int j = 0; j < 4; j++)
                out_format_double(num[j], sizeof num[j], v[j]);
            out_printf(&t, ",%.15g,%u,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", c->cost, c->n, tg[k].kpi,
                       tg[k].dir == EX_AT_MOST ? "at_most" : "at_least", num[0], num[1], num[2], num[3],
                       ex_verdict_name(c->n ? c->est[k].verdict : EX_NOT_RUN),
                       ex_verdict_name(c->n ? c->verdict : EX_NOT_RUN), role(o, i));
        }
    }
    return out_text_take(&t);
}

static cJSON *candidate_json(const out_search_t *o, int i, const ex_axis_t *ax, int nax, const ex_target_t *tg,
                             int ntg)
{
    const out_candidate_t *c = &o->cand[i];
    cJSON *e = cJSON_CreateObject(), *vals = cJSON_AddObjectToObject(e, "values"), *ev;
    cJSON_AddNumberToObject(e, "point", (double)c->point);
    for (int x = 0; x < nax; x++)
        cJSON_AddStringToObject(vals, ax[x].path, ax[x].values[c->index[x]]);
    cJSON_AddNumberToObject(e, "cost", c->cost);
    cJSON_AddNumberToObject(e, "replications", c->n);
    cJSON_AddStringToObject(e, "verdict", ex_verdict_name(c->n ? c->verdict : EX_NOT_RUN));
    ev = cJSON_AddArrayToObject(e, "targets");
    for (int k = 0; k < ntg && c->n; k++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "kpi", tg[k].kpi);
        out_json_num(t, "mean", c->est[k].mean);
        out_json_num(t, "lower", c->est[k].lo);
        out_json_num(t, "upper", c->est[k].hi);
        cJSON_AddStringToObject(t, "verdict", ex_verdict_name(c->est[k].verdict));
        cJSON_AddItemToArray(ev, t);
    }
    return e;
}

static char *json(const out_search_t *o, const ex_axis_t *ax, int nax, const ex_target_t *tg, int ntg,
                  const double *unit_cost, const char *cmdline)
{
    cJSON *j = cJSON_CreateObject(), *a;
    cJSON_AddStringToObject(j, "scenario", o->cand[0].s->name);
    cJSON_AddStringToObject(j, "scenario_file", o->cand[0].s->file);
    out_json_u64(j, "seed", o->cand[0].s->seed);
    cJSON_AddNumberToObject(j, "confidence", o->confidence);
    cJSON_AddStringToObject(j, "method", "candidates by cost; looks of doubling replications on common random "
                                         "numbers; one-sided bounds at 1 - 0.05 / (looks x targets)");
    cJSON_AddBoolToObject(j, "complete", o->complete);
    cJSON_AddStringToObject(j, "version", CZ_VERSION);
    cJSON_AddStringToObject(j, "command_line", cmdline);
    a = cJSON_AddArrayToObject(j, "vary");
    for (int x = 0; x < nax; x++) {
        cJSON *v = cJSON_CreateObject();
        cJSON_AddStringToObject(v, "path", ax[x].path);
        cJSON_AddNumberToObject(v, "cost_per_unit", unit_cost[x]);
        cJSON_AddItemToArray(a, v);
    }
    a = cJSON_AddArrayToObject(j, "targets");
    for (int k = 0; k < ntg; k++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "kpi", tg[k].kpi);
        cJSON_AddStringToObject(t, "direction", tg[k].dir == EX_AT_MOST ? "at_most" : "at_least");
        cJSON_AddNumberToObject(t, "bound", tg[k].bound);
        cJSON_AddItemToArray(a, t);
    }
    if (o->answer >= 0)
        cJSON_AddItemToObject(j, "answer", candidate_json(o, o->answer, ax, nax, tg, ntg));
    else
        cJSON_AddNullToObject(j, "answer");
    if (o->runner_up >= 0)
        cJSON_AddItemToObject(j, "runner_up", candidate_json(o, o->runner_up, ax, nax, tg, ntg));
    else
        cJSON_AddNullToObject(j, "runner_up");
    a = cJSON_AddArrayToObject(j, "candidates");
    for (int i = 0; i < o->ncand; i++)
        cJSON_AddItemToArray(a, candidate_json(o, i, ax, nax, tg, ntg));
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    return text;
}

/* kpis.csv: every examined candidate's replications in long form, in order of
 * cost, its grid point number in the point column. */
static char *kpis(const out_search_t *o)
{
    unsigned most = 0;
    for (int i = 0; i < o->ncand; i++)
        most = o->cand[i].n > most ? o->cand[i].n : most;
    unsigned *ids = malloc((most + 1) * sizeof *ids);
    out_text_t t;
    if (!ids || !out_text_open(&t)) {
        free(ids);
        return NULL;
    }
    for (unsigned r = 0; r < most; r++)
        ids[r] = r;
    out_printf(&t, "%s", out_kpis_header);
    for (int i = 0; i < o->ncand; i++) {
        const out_candidate_t *c = &o->cand[i];
        char label[24], *rows;
        snprintf(label, sizeof label, "%ld", c->point);
        out_run_meta_t m = {.nrep = c->n, .rep_ids = ids, .complete = true, .planned = c->n};
        if (c->n > 0 && (rows = out_kpis_rows(c->s, c->table, &m, label))) {
            out_printf(&t, "%s", rows);
            free(rows);
        } else if (c->n > 0) {
            out_text_drop(&t);
            free(ids);
            return NULL;
        }
    }
    free(ids);
    return out_text_take(&t);
}

int out_search_write(const out_dir_t *d, const out_search_t *o, const ex_axis_t *ax, int nax, const ex_target_t *tg,
                     int ntg, const double *unit_cost, const char *command_line)
{
    char err[512];
    out_batch_t *b = out_batch_create(d);
    if (!b) {
        cz_eprintf("zonesim: out of memory\n");
        return CZ_FAILED;
    }
    out_batch_take(b, "kpis.csv", kpis(o));
    out_batch_take(b, "search.csv", csv(o, ax, nax, tg, ntg));
    out_batch_take(b, "search.json", json(o, ax, nax, tg, ntg, unit_cost, command_line));
    int rc = out_batch_commit(b, err, sizeof err) == 0 ? CZ_OK : CZ_FAILED;
    out_batch_destroy(b);
    if (rc)
        cz_eprintf("zonesim: %s\n", err);
    return rc;
}
