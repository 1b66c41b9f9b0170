/* table.c: tables for people on stdout.  See table.h. */
#include "cli/table.h"

#include <math.h>
#include <stdio.h>

#include "models/zone/kpi.h"
#include "output/human.h"

void cli_print_summary(const cz_scenario_t *s, const double *table, unsigned nrep)
{
    int nk = cz_kpi_count(s);
    char name[CZ_KPI_NAME_MAX], v[4][48];
    double warm = cz_kpi_summarise(table, nrep, nk, K_WARMUP_DAYS).mean;
    printf("%s (%s), %u replication%s, %.0f days, warm-up %.3g days%s, seed %llu\n", s->name, s->regime.name, nrep,
           nrep == 1 ? "" : "s", s->horizon_min / 1440, warm, s->warmup_auto ? " (auto)" : "",
           (unsigned long long)s->seed);
    printf("%-36s %-13s %18s %16s %18s %18s\n", "kpi", "unit", "mean", "+-95%", "min", "max");
    for (int i = 0; i < nk; i++) {
        cz_kpi_summary_t m = cz_kpi_summarise(table, nrep, nk, i);
        const char *unit = cz_kpi_unit(s, i);
        double x[4] = {m.mean, m.ci95, m.min, m.max};
        for (int j = 0; j < 4; j++)
            out_human(v[j], sizeof v[j], x[j], unit);
        printf("%-36s %-13s %18s %16s %18s %18s\n", cz_kpi_name(s, i, name), unit, v[0], v[1], v[2], v[3]);
    }
}

void cli_print_compare(const char *alt, const char *base, unsigned n, const ex_diff_t *rows, int nr)
{
    char v[4][48], rel[32];
    printf("%s vs %s: %u paired replications (ALT - BASE, common random numbers)\n", alt, base, n);
    printf("%-34s %-13s %17s %17s %17s %15s %8s %3s\n", "kpi", "unit", "base", "alt", "diff", "+-", "change", "sig");
    for (int i = 0; i < nr; i++) {
        const ex_diff_t *r = &rows[i];
        double x[4] = {r->base, r->alt, r->diff, r->halfwidth};
        for (int j = 0; j < 4; j++)
            out_human(v[j], sizeof v[j], x[j], r->unit);
        if (isfinite(r->rel))
            snprintf(rel, sizeof rel, "%+.1f%%", 100 * r->rel);
        else
            snprintf(rel, sizeof rel, "-");
        printf("%-34s %-13s %17s %17s %17s %15s %8s %3s\n", r->name, r->unit, v[0], v[1], v[2], v[3], rel,
               r->significant ? "*" : "");
    }
}
