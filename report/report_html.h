/* report_html.h: the pieces report.c and report_cmp.c share: a growable page,
 * HTML escaping, JSON loading, and charts drawn by gnuplot into inline SVG. */
#ifndef CZ_REPORT_HTML_H
#define CZ_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "output/output.h"

typedef struct page {
    cz_str_t s;           /* the page being built */
    const char *dir;      /* the output folder */
    bool gnuplot;         /* charts can be drawn */
    int charts;           /* charts drawn */
} page_t;

void pg_printf(page_t *pg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pg_text(page_t *pg, const char *s);           /* HTML-escaped */
void pg_head(page_t *pg, const char *title);
void pg_foot(page_t *pg);
void pg_num(page_t *pg, double v);                 /* a number for a table cell */
cJSON *rp_load(const char *dir, const char *file); /* NULL when missing */
double rp_num(const cJSON *o, const char *key);    /* NaN when absent */

/* Draw a chart: write data (text, may be NULL) to report_data/NAME.dat and the
 * gnuplot commands (after the terminal and output lines) to NAME.gp, run
 * gnuplot, and inline NAME.svg with a caption.  Without gnuplot: a note. */
void rp_chart(page_t *pg, const char *name, const char *caption, const char *data,
              const char *gnuplot_commands);

bool rp_have_gnuplot(void);
int rp_finish(page_t *pg, const char *dir, bool quiet); /* write DIR/report.html */

#endif
