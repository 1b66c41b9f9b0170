/* human.h: numbers for people — console tables and report pages (the files
 * for machines keep every digit: text.h).
 *   money (CNY, CNY/year)  whole yuan with thousands separators: 2,936,240,118
 *   counts                 whole numbers with separators: 154,402
 *   other figures          4 significant digits, never an exponent: 225.9, 0.3917
 *   seeds                  as the integers they are
 * NaN and infinities are "-" (undefined). */
#ifndef OUT_HUMAN_H
#define OUT_HUMAN_H

#include <stddef.h>

/* v in `unit` (a KPI unit such as "CNY", "min", "consignments"; NULL: a plain figure). */
void out_human(char *buf, size_t len, double v, const char *unit);

#endif
