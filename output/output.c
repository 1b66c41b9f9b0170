/* output.c: summary.json, replications.csv, scenario.json.  See output.h. */
#include "output/output.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/zone/kpi.h"
#include "models/zone/zone.h"

int cz_write_atomic(const char *path, const char *text, char *err, size_t errlen)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    size_t len = strlen(text);
    bool ok = fwrite(text, 1, len, f) == len && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int saved = errno;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(ok ? errno : saved));
        remove(tmp);
        return -1;
    }
    return 0;
}

int cz_mkdirs(const char *dir, char *err, size_t errlen)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "cannot create %s: %s", buf, strerror(errno));
            return -1;
        }
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", buf, strerror(errno));
        return -1;
    }
    return 0;
}

static void add_num(cJSON *o, const char *k, double v)
{
    if (isnan(v) || isinf(v))
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddNumberToObject(o, k, v);
}

char *cz_summary_json(const cz_scenario_t *s, const double *table, const cz_run_meta_t *m)
{
    cJSON *o = cJSON_CreateObject();
    char hash[32], buf[CZ_KPI_NAME_MAX];
    snprintf(hash, sizeof hash, "%016" PRIx64, s->hash);
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddStringToObject(o, "description", s->description ? s->description : "");
    cJSON_AddStringToObject(o, "scenario_file", s->file);
    cJSON_AddStringToObject(o, "scenario_hash", hash);
    cJSON_AddStringToObject(o, "regime", s->regime.name);
    add_num(o, "seed", (double)s->seed);
    add_num(o, "replications", m->nrep);
    add_num(o, "first_replication", m->first_rep);
    add_num(o, "horizon_days", s->horizon_min / CZ_MIN_PER_DAY);
    add_num(o, "warmup_days", s->warmup_min / CZ_MIN_PER_DAY);
    cJSON_AddStringToObject(o, "version", CZ_VERSION);
    cJSON_AddStringToObject(o, "command_line", m->command_line ? m->command_line : "");
    cJSON_AddBoolToObject(o, "complete", m->complete);
    add_num(o, "replications_planned", m->planned ? m->planned : m->nrep);
    for (const cJSON *it = m->extra ? m->extra->child : NULL; it; it = it->next)
        cJSON_AddItemToObject(o, it->string, cJSON_Duplicate(it, true));
    cJSON *k = cJSON_AddObjectToObject(o, "kpis");
    int nk = cz_kpi_count(s);
    for (int i = 0; i < nk; i++) {
        cz_kpi_summary_t sm = cz_kpi_summarise(table, m->nrep, nk, i);
        cJSON *e = cJSON_AddObjectToObject(k, cz_kpi_name(s, i, buf));
        add_num(e, "mean", sm.mean);
        add_num(e, "sd", sm.sd);
        add_num(e, "ci95", sm.ci95);
        add_num(e, "min", sm.min);
        add_num(e, "max", sm.max);
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

void cz_str_printf(cz_str_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cz_str_vprintf(b, fmt, ap);
    va_end(ap);
}

void cz_str_vprintf(cz_str_t *b, const char *fmt, va_list ap)
{
    for (;;) {
        va_list copy;
        va_copy(copy, ap);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, copy);
        va_end(copy);
        if (n < 0 || b->oom)
            return;
        if (b->p && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap + (size_t)n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
}

char *cz_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *b = malloc(cap);
    while (b && (got = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 >= cap) {
            char *p = realloc(b, cap *= 2);
            if (!p)
                free(b);
            b = p;
        }
    }
    fclose(f);
    if (b)
        b[len] = '\0';
    return b;
}

void cz_format_double(char *buf, size_t len, double v)
{
    if (isnan(v) || isinf(v)) {
        buf[0] = '\0';
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

char *cz_replications_csv(const cz_scenario_t *s, const double *table, const cz_run_meta_t *m)
{
    cz_str_t b = {0};
    char buf[CZ_KPI_NAME_MAX];
    int nk = cz_kpi_count(s);
    cz_str_printf(&b, "replication");
    for (int i = 0; i < nk; i++)
        cz_str_printf(&b, ",%s", cz_kpi_name(s, i, buf));
    cz_str_printf(&b, "\n");
    for (unsigned r = 0; r < m->nrep; r++) {
        cz_str_printf(&b, "%u", m->rep_ids ? m->rep_ids[r] : m->first_rep + r);
        for (int i = 0; i < nk; i++) {
            double v = table[(size_t)r * (size_t)nk + (size_t)i];
            char num[40];
            cz_format_double(num, sizeof num, v);
            cz_str_printf(&b, ",%s", num);
        }
        cz_str_printf(&b, "\n");
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static cJSON *num_array(const double *mean, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, isnan(mean[i]) || isinf(mean[i]) ? cJSON_CreateNull() : cJSON_CreateNumber(mean[i]));
    return a;
}

char *cz_detail_json(const cz_scenario_t *s, const double *detail, unsigned nrep)
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
    cJSON *bc = cJSON_AddObjectToObject(o, "tax_by_category_cny");
    for (int c = 0; c < s->ncats; c++)
        cJSON_AddNumberToObject(bc, s->cats[c].name, m[l.by_cat + c]);
    cJSON *bo = cJSON_AddObjectToObject(o, "tax_by_owner_cny");
    for (int w = 0; w < l.nowners; w++)
        cJSON_AddNumberToObject(bo, cz_detail_owner(s, w), m[l.by_owner + w]);
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    free(m);
    return text;
}

int cz_output_write(const char *dir, const cz_scenario_t *s, const double *table,
                    const cz_run_meta_t *m, char *err, size_t errlen)
{
    if (cz_mkdirs(dir, err, errlen) != 0)
        return -1;
    char path[4200];
    char *texts[3] = {cz_replications_csv(s, table, m), cJSON_Print(s->resolved),
                      cz_summary_json(s, table, m)};
    const char *names[3] = {"replications.csv", "scenario.json", "summary.json"};
    int rc = 0;
    /* summary.json last: its presence means the folder is whole. */
    for (int i = 0; i < 3 && rc == 0; i++) {
        if (!texts[i]) {
            snprintf(err, errlen, "out of memory writing %s", names[i]);
            rc = -1;
            break;
        }
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        rc = cz_write_atomic(path, texts[i], err, errlen);
    }
    for (int i = 0; i < 3; i++)
        free(texts[i]);
    return rc;
}
