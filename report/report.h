/* report.h: DIR/report.html, one self-contained page (charts inlined as SVG, no
 * network) for the results folder of a run, a compare or a sweep — a shard or
 * a damaged folder gives a page that shows what is there, never a crash.
 *
 * Charts are drawn by gnuplot (Debian gnuplot-nox) run without a shell; their
 * data and scripts are kept in DIR/report_data/.  Without gnuplot the page has
 * every table and says how to get the charts.  report.html and report_data/
 * are written together, whole (output/files.h).
 * Errors: returns 0, 1 (cannot write) or 2 (DIR is not a zonesim results
 * folder), with a message on stderr. */
#ifndef RP_REPORT_H
#define RP_REPORT_H

#include <stdbool.h>

int rp_report_write(const char *dir, bool quiet);

#endif
