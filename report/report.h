/* report.h: DIR/report.html, one self-contained page (charts inlined as SVG, no
 * network) for the output folder of a run, a compare or a sweep.
 *
 * Charts are drawn by gnuplot (Debian gnuplot-nox, SVG terminal) from data files
 * and scripts written to DIR/report_data/; without gnuplot the page still has
 * every table and says how to get the charts.  The page is written to a
 * temporary name and renamed.
 * Errors: returns 0, 1 (cannot write) or 2 (DIR is not a zonesim output folder),
 * with a message on stderr. */
#ifndef CZ_REPORT_H
#define CZ_REPORT_H

#include <stdbool.h>

int cz_report_write(const char *dir, bool quiet);

#endif
