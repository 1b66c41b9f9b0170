/* warnings.c: warnings about a run.  See warnings.h. */
#include "experiment/warnings.h"

#include <math.h>
#include <stdio.h>

#include "models/scenario/plan.h"
#include "models/zone/kpi.h"
#include "models/scenario/json_in.h"

static void add(cJSON *a, const char *prefix, const char *msg)
{
    cz_eprintf("zonesim: warning: %s%s\n", prefix, msg);
    cJSON_AddItemToArray(a, cJSON_CreateString(msg));
}

cJSON *ex_warnings(const cz_scenario_t *s, const double *table, unsigned n, const char *prefix)
{
    static const struct { int kpi; const char *what; } TRENDS[] = {
        {K_TREND_IN_ZONE, "the daily mean number of consignments in the zone"},
        {K_TREND_L1_TIME, "the daily mean first-line time"},
        {K_TREND_L2_TIME, "the daily mean second-line time"}};
    char msg[8][256], line[512], name[CZ_KPI_NAME_MAX];
    cJSON *a = cJSON_CreateArray();
    if (!a)
        return NULL;
    int nw = cz_plan_warnings(s, msg, 8);
    for (int i = 0; i < nw && i < 8; i++)
        add(a, prefix, msg[i]);
    int nk = cz_kpi_count(s);
    for (size_t i = 0; i < sizeof TRENDS / sizeof TRENDS[0]; i++) {
        cz_kpi_summary_t m = cz_kpi_summarise(table, n, nk, TRENDS[i].kpi);
        if (!(fabs(m.mean) > EX_TREND_LIMIT) || (m.n >= 2 && !(fabs(m.mean) > m.ci95)))
            continue;
        snprintf(line, sizeof line, "the measured window still trends: %s drifts by %+.1f%% over its second half "
                 "(%s); lengthen warmup_days or horizon_days, or see whether a line is overloaded",
                 TRENDS[i].what, 100 * m.mean, cz_kpi_name(s, TRENDS[i].kpi, name));
        add(a, prefix, line);
    }
    return a;
}

void ex_run_notes(cJSON *extra, const cz_scenario_t *s, const double *table, unsigned n, const char *prefix)
{
    if (s->warmup_auto)
        cJSON_AddStringToObject(extra, "warmup_method", "auto: from the scenario's stays and line loads "
                                "(docs/experiments.md)");
    cJSON *w = ex_warnings(s, table, n, prefix);
    if (w)
        cJSON_AddItemToObject(extra, "warnings", w);
}
