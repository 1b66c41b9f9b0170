/* page.h: an HTML report page being built, and the pieces every report kind
 * shares: the one HTML escaper, numbers for a table cell, loading the JSON of
 * a results folder defensively (a damaged folder gives a page that says so,
 * never a crash).
 *
 * A page is written with the charts' data and scripts as one batch (files.h):
 * report.html and report_data/ appear together or not at all.
 * Ownership: the page owns its text, its batch and its scratch folder;
 * rp_page_fini frees them (and removes the scratch folder). */
#ifndef RP_PAGE_H
#define RP_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "output/files.h"
#include "output/text.h"

typedef struct rp_page {
    out_text_t t;            /* the page being built */
    const char *dir;         /* the results folder */
    out_dir_t out;           /* the folder, claimed for the report */
    out_batch_t *batch;      /* report_data/ files, then report.html */
    char scratch[4200];      /* where gnuplot draws, removed at the end */
    bool gnuplot;            /* charts can be drawn */
    int charts;              /* charts drawn */
} rp_page_t;

/* Start a page for dir; 0, or an exit status with a message on stderr. */
int rp_page_init(rp_page_t *pg, const char *dir);
void rp_page_fini(rp_page_t *pg);
/* Write report.html and report_data/ (quiet: no line on stdout); 0 or 1. */
int rp_page_finish(rp_page_t *pg, bool quiet);

void pg_printf(rp_page_t *pg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text from data (names, descriptions, values read from files): escaped. */
void pg_text(rp_page_t *pg, const char *s);
/* A number for a table cell, for people (see output/human.h). */
void pg_num(rp_page_t *pg, double v, const char *unit);
void pg_head(rp_page_t *pg, const char *title);
void pg_foot(rp_page_t *pg);

/* The HTML escaper: & < > " ' and control characters, for text and attribute
 * values alike.  Invalid UTF-8 is passed through byte by byte (browsers show
 * a replacement character); NUL ends the string. */
void rp_html_escape(out_text_t *t, const char *s);

/* A results folder's JSON file as an object, or NULL (missing, too large, not
 * an object). */
cJSON *rp_load(const char *dir, const char *file);
double rp_num(const cJSON *o, const char *key);         /* NaN unless a number */
const char *rp_str(const cJSON *o, const char *key);    /* "" unless a string */

#endif
