/* chart.h: charts drawn by gnuplot (Debian gnuplot-nox, SVG terminal) into a
 * report page, inline.  gnuplot is run with an argument vector (posix_spawnp:
 * no shell), in the page's scratch folder; every string from data that reaches
 * a script goes through rp_gnuplot_string.  Without gnuplot, a chart is a note
 * saying how to get it.  Each chart's data (NAME.dat), script (NAME.gp) and
 * drawing (NAME.svg) are kept in report_data/. */
#ifndef RP_CHART_H
#define RP_CHART_H

#include <stdbool.h>

#include "report/page.h"

/* Is gnuplot there to run? */
bool rp_have_gnuplot(void);

/* Draw a chart named name (letters, digits, '_' only): data (may be NULL: the
 * script reads another chart's file) to NAME.dat, the gnuplot commands (after
 * the terminal and output lines) to NAME.gp, then the SVG inline with the
 * caption below it. */
void rp_chart(rp_page_t *pg, const char *name, const char *caption, const char *data, const char *commands);

/* A string as the body of a gnuplot single-quoted string: a quote becomes a
 * typographic apostrophe (U+2019), control characters (a newline would end
 * the command) and backquotes (command substitution) a space, a byte that is
 * not UTF-8 U+FFFD.  Writes at most len - 1 bytes, whole characters only. */
void rp_gnuplot_string(char *dst, size_t len, const char *s);
/* A label for a data file column: tabs, newlines and quotes replaced by spaces,
 * bytes that are not UTF-8 by U+FFFD; whole characters only, "-" if empty. */
void rp_data_label(char *dst, size_t len, const char *s);
/* A KPI's name in words for a chart's axis, its unit left to the axis title:
 * "l2_time_p90_min" -> "second line time p90", "tax_vat_cny" -> "VAT",
 * "forgone_whitelist_cny" -> "forgone: whitelist"; made safe as rp_data_label. */
void rp_kpi_words(char *dst, size_t len, const char *kpi);

#endif
