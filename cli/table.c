/* table.c: tables for people on stdout.  See table.h. */
#include "cli/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/zone/kpi.h"
#include "output/human.h"

void cli_print_summary(const cz_scenario_t *s, const double *table, unsigned nrep)
{
    int nk = cz_kpi_count(s);
    char name[CZ_KPI_NAME_MAX], v[4][48];
    double warm = cz_kpi_summarise(table, nrep, nk, K_WARMUP_DAYS).mean;
    printf("%s (%s), %u replication%s, %.0f days, warm-up %.3g day%s%s, seed %llu\n", s->name, s->regime.name, nrep,
           nrep == 1 ? "" : "s", s->horizon_min / 1440, warm, warm == 1 ? "" : "s", s->warmup_auto ? " (auto)" : "",
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

/* Row of KPI `name` in an alternative's comparison, or NULL. */
static const ex_diff_t *row_named(const ex_diff_t *rows, int nr, const char *name)
{
    for (int i = 0; i < nr; i++)
        if (!strcmp(rows[i].name, name))
            return &rows[i];
    return NULL;
}

void cli_print_compare_many(const char *const *names, int alts, unsigned n, double confidence,
                            const ex_diff_t *const *rows, const int *nr)
{
    char v[48];
    printf("%d alternatives vs %s: %u paired replications on common random numbers; * the difference from %s\n"
           "excludes 0 at %.4g%% each (Bonferroni: all %d together at 95%%)\n", alts, names[0], n, names[0],
           100 * confidence, alts);
    printf("%-34s %-13s", "kpi", "unit");
    for (int j = 0; j <= alts; j++)
        printf(" %18.18s", names[j]);
    printf("\n");
    for (int j = 0; j < alts; j++)
        for (int i = 0; i < nr[j]; i++) {
            const ex_diff_t *r = &rows[j][i];
            bool seen = false; /* each KPI once, at its first alternative */
            for (int e = 0; e < j && !seen; e++)
                seen = row_named(rows[e], nr[e], r->name) != NULL;
            if (seen)
                continue;
            printf("%-34s %-13s", r->name, r->unit);
            out_human(v, sizeof v, r->kb >= 0 ? r->base : NAN, r->unit);
            printf(" %18s", r->kb >= 0 ? v : "-");
            for (int a = 0; a < alts; a++) {
                const ex_diff_t *x = row_named(rows[a], nr[a], r->name);
                out_human(v, sizeof v, x && x->ka >= 0 ? x->alt : NAN, r->unit);
                printf(" %17s%s", x && x->ka >= 0 ? v : "-", x && x->significant ? "*" : " ");
            }
            printf("\n");
        }
}
