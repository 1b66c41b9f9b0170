/* check.c: the shapes of a results folder's files.  See check.h. */
#include "report/check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/scenario.h"

#define MAX_DAYS 36500

static bool num_or_null(const cJSON *v) { return v && (cJSON_IsNumber(v) || cJSON_IsNull(v)); }

/* An object whose members are all objects holding the given fields as numbers or null. */
static bool kpi_objects(const cJSON *kpis, const char *const *fields, const char **bad)
{
    const cJSON *k;
    if (!cJSON_IsObject(kpis))
        return (*bad = "\"kpis\" is not an object"), false;
    cJSON_ArrayForEach(k, kpis) {
        if (!cJSON_IsObject(k))
            return (*bad = k->string), false;
        for (int i = 0; fields[i]; i++)
            if (!num_or_null(cJSON_GetObjectItemCaseSensitive(k, fields[i])))
                return (*bad = k->string), false;
    }
    return true;
}

bool rp_check_summary(const cJSON *sum, char *err, size_t errlen)
{
    static const char *const fields[] = {"mean", "sd", "ci95", "min", "max", NULL};
    const char *bad = NULL;
    if (!cJSON_IsObject(sum) || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(sum, "replications")) ||
        !kpi_objects(cJSON_GetObjectItemCaseSensitive(sum, "kpis"), fields, &bad)) {
        snprintf(err, errlen, "summary.json: not a zonesim summary (%s%s)", bad ? "KPI " : "replications and kpis",
                 bad ? bad : "");
        return false;
    }
    return true;
}

static bool numbers(const cJSON *a, int n)
{
    const cJSON *v;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
        return false;
    cJSON_ArrayForEach(v, a) if (!num_or_null(v)) return false;
    return true;
}

bool rp_check_detail(const cJSON *d, const cJSON *sum, char *err, size_t errlen)
{
    static const char *const lines[2] = {"first_line", "second_line"};
    const cJSON *bonded = cJSON_GetObjectItemCaseSensitive(d, "bonded_stock_cny_by_day");
    double window = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(sum, "horizon_days")) -
                    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(sum, "warmup_days"));
    int ndays = cJSON_GetArraySize(bonded);
    bool ok = cJSON_IsObject(d) && numbers(bonded, ndays) && ndays <= MAX_DAYS && window > 0 &&
              window <= MAX_DAYS && ndays == (int)ceil(window) && (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(d, "tax_by_category_cny")) ||
               cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(d, "tax_by_chapter_cny"))) &&
              cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(d, "tax_by_owner_cny"));
    for (int i = 0; ok && i < 2; i++) {
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(d, lines[i]);
        ok = cJSON_IsObject(l) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(l, "lanes")) &&
             numbers(cJSON_GetObjectItemCaseSensitive(l, "queue_by_hour"), 24) &&
             numbers(cJSON_GetObjectItemCaseSensitive(l, "busy_lanes_by_hour"), 24) &&
             numbers(cJSON_GetObjectItemCaseSensitive(l, "time_percentiles_min"), 99) &&
             numbers(cJSON_GetObjectItemCaseSensitive(l, "queue_by_day"), ndays) &&
             numbers(cJSON_GetObjectItemCaseSensitive(l, "busy_lanes_by_day"), ndays) &&
             cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(l, "stage_mean_min"));
    }
    /* revenue by day and the policy changes: absent from folders of older versions */
    static const char *const by_day[] = {"tax_cny_by_day", "forgone_cny_by_day"};
    for (int i = 0; ok && i < 2; i++) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(d, by_day[i]);
        ok = !a || numbers(a, ndays);
    }
    if (!ok)
        snprintf(err, errlen, "detail.json: not the detail of this run (per line: 24 hours, 99 percentiles, one "
                 "value a day of the summary's %g measured days)", window);
    const cJSON *pc = cJSON_GetObjectItemCaseSensitive(d, "policy_changes"), *c;
    double horizon = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(sum, "horizon_days"));
    if (ok && pc && !(cJSON_IsArray(pc) && cJSON_GetArraySize(pc) <= 8)) {
        ok = false;
        snprintf(err, errlen, "detail.json: policy_changes is not a list of at most 8 changes");
    }
    const cJSON *changes = ok ? pc : NULL;
    cJSON_ArrayForEach(c, changes) {
        const cJSON *day = cJSON_GetObjectItemCaseSensitive(c, "day");
        if (!cJSON_IsNumber(day) || !(day->valuedouble >= 0 && day->valuedouble <= horizon) ||
            !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "description"))) {
            ok = false;
            snprintf(err, errlen, "detail.json: a policy change without a day in the horizon and a description");
        }
    }
    return ok;
}

bool rp_check_scenario(const char *dir, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    cz_reader_t r;
    cz_reader_init(&r, path);
    cJSON *root = cz_load_json(&r, path, CZ_MAX_SCENARIO_BYTES);
    cz_scenario_t *s = root ? cz_scenario_from_json(&r, root, path) : NULL;
    if (!s) {
        snprintf(err, errlen, "scenario.json: not a valid scenario: %s", r.nerrors ? r.errors[0] : "?");
        cJSON_Delete(root);
    }
    cz_scenario_free(s); /* frees root */
    cz_reader_fini(&r);
    return s != NULL;
}

/* An alternative's folder: "alt" and a number, nothing that could lead elsewhere. */
static bool alt_folder(const char *f)
{
    if (!f || strncmp(f, "alt", 3) || !f[3] || strlen(f) > 6)
        return false;
    for (const char *p = f + 3; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

bool rp_check_compare(const cJSON *cmp, char *err, size_t errlen)
{
    static const char *const fields[] = {"base_mean", "alt_mean", "diff_mean", "diff_halfwidth", "relative_change",
                                         NULL};
    const char *bad = NULL;
    const cJSON *alts = cJSON_GetObjectItemCaseSensitive(cmp, "alternatives"), *a;
    if (cJSON_IsObject(cmp) && alts) { /* several alternatives */
        if (!cJSON_IsArray(alts) || cJSON_GetArraySize(alts) < 1 || cJSON_GetArraySize(alts) > 16)
            bad = "\"alternatives\" is not an array of 1 to 16";
        cJSON_ArrayForEach(a, alts) if (!bad && (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(a, "name")) ||
                                                  !alt_folder(cJSON_GetStringValue(
                                                      cJSON_GetObjectItemCaseSensitive(a, "folder"))) ||
                                                  !kpi_objects(cJSON_GetObjectItemCaseSensitive(a, "kpis"), fields,
                                                               &bad))) bad = bad ? bad : "an alternative";
        if (bad)
            snprintf(err, errlen, "compare.json: not a zonesim comparison (%s)", bad);
        return !bad;
    }
    if (!cJSON_IsObject(cmp) || !kpi_objects(cJSON_GetObjectItemCaseSensitive(cmp, "kpis"), fields, &bad)) {
        snprintf(err, errlen, "compare.json: not a zonesim comparison (%s%s)", bad ? "KPI " : "", bad ? bad : "kpis");
        return false;
    }
    return true;
}

/* Each point: its number, a value for every varied path, KPI objects of numbers. */
static bool sweep_points(const cJSON *sw, const char **bad)
{
    static const char *const fields[] = {"mean", "sd", "ci95", "min", "max", NULL};
    const cJSON *p, *ax;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(sw, "points")) {
        const cJSON *vals = cJSON_GetObjectItemCaseSensitive(p, "values");
        if (!cJSON_IsObject(p) || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(p, "point")) || !cJSON_IsObject(vals))
            return (*bad = "a point"), false;
        cJSON_ArrayForEach(ax, cJSON_GetObjectItemCaseSensitive(sw, "vary")) if (
            !cJSON_GetObjectItemCaseSensitive(vals, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ax, "path"))))
            return (*bad = "a point's values"), false;
        if (!kpi_objects(cJSON_GetObjectItemCaseSensitive(p, "kpis"), fields, bad))
            return false;
    }
    return true;
}

bool rp_check_sweep(const cJSON *sw, char *err, size_t errlen)
{
    const cJSON *ax, *v;
    const char *bad = NULL;
    bool ok = cJSON_IsObject(sw) && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(sw, "vary")) &&
              cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(sw, "vary")) > 0 &&
              cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(sw, "points"));
    const cJSON *vary = ok ? cJSON_GetObjectItemCaseSensitive(sw, "vary") : NULL;
    cJSON_ArrayForEach(ax, vary) {
        const cJSON *vals = cJSON_GetObjectItemCaseSensitive(ax, "values");
        ok = ok && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ax, "path")) && cJSON_IsArray(vals);
        if (!ok)
            break;
        cJSON_ArrayForEach(v, vals) ok = ok && cJSON_IsString(v);
    }
    ok = ok && sweep_points(sw, &bad);
    if (!ok)
        snprintf(err, errlen, "sweep.json: not a zonesim sweep (%s)", bad ? bad : "vary, points");
    return ok;
}

bool rp_check_search(const cJSON *sr, char *err, size_t errlen)
{
    const char *bad = NULL;
    const cJSON *t, *c, *v;
    if (!cJSON_IsObject(sr) || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(sr, "targets")) ||
        !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(sr, "candidates")))
        bad = "targets and candidates";
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(sr, "targets")) if (
        !bad && (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(t, "kpi")) ||
                 !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(t, "direction")) ||
                 !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(t, "bound")))) bad = "a target";
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(sr, "candidates")) {
        if (bad)
            break;
        if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(c, "cost")) ||
            !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(c, "replications")) ||
            !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(c, "values")))
            bad = "a candidate";
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(c, "values")) if (!bad && !cJSON_IsString(v)) bad =
            "a candidate's values";
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(c, "targets")) if (
            !bad && (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(t, "kpi")) ||
                     !num_or_null(cJSON_GetObjectItemCaseSensitive(t, "mean")) ||
                     !num_or_null(cJSON_GetObjectItemCaseSensitive(t, "lower")) ||
                     !num_or_null(cJSON_GetObjectItemCaseSensitive(t, "upper")))) bad = "a candidate's targets";
    }
    if (bad)
        snprintf(err, errlen, "search.json: not a zonesim search (%s)", bad);
    return !bad;
}
