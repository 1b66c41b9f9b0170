/* table.h: the tables zonesim prints on stdout, for people: every KPI with its
 * unit, money in whole CNY with thousands separators, counts as whole numbers,
 * other figures to 4 significant digits (output/human.h). */
#ifndef CLI_TABLE_H
#define CLI_TABLE_H

#include "experiment/compare.h"
#include "models/scenario/scenario.h"

/* A run: the heading line, then KPI, unit, mean, +-95%, min, max. */
void cli_print_summary(const cz_scenario_t *s, const double *table, unsigned nrep);
/* A comparison: KPI, unit, base, alt, difference, +-, change, significance. */
void cli_print_compare(const char *alt, const char *base, unsigned n, const ex_diff_t *rows, int nr);
/* Several alternatives against one base (names[0]): every KPI's mean for each
 * scenario, * where it differs from the base at the (adjusted) confidence;
 * rows[j], nr[j]: alternative j's comparison. */
void cli_print_compare_many(const char *const *names, int alts, unsigned n, double confidence,
                            const ex_diff_t *const *rows, const int *nr);

#endif
