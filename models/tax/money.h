/* money.h: exact money.  Amounts are whole fen (int64), rates whole parts per
 * 10^8 (0.13 is 13,000,000), quantities whole millionths of a unit; products
 * and quotients are taken in 128-bit integers and rounded to the fen once,
 * half up (half away from zero), so that no amount drifts at any size: 1e12
 * CNY at 13% is exactly 130,000,000,000.00.
 *
 * Input numbers come as doubles (JSON): each is read as the shortest decimal
 * that gives back the same double — the decimal the user wrote, since the JSON
 * readers refuse a number written with more digits than a double holds
 * (cz_inexact_number_at) — and that decimal is converted exactly.  A rate with
 * more than 8 decimals, a quantity with more than 6, an amount beyond
 * CZ_MAX_FEN or not finite is refused.
 * Pure; no allocation. */
#ifndef CZ_MONEY_H
#define CZ_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CZ_RATE_ONE 100000000LL            /* a rate of 1, in parts per 10^8 */
#define CZ_QTY_ONE 1000000LL               /* one unit, in millionths */
#define CZ_MAX_FEN 1000000000000000000LL   /* 10^16 CNY: the largest amount held (fen) */

/* A decimal amount in CNY (as written: 100.005 is 10,001 fen) to fen, half up. */
bool cz_fen_from_cny(double cny, int64_t *fen);
/* A rate (0.065) or a percentage text ("6.5%") to parts per 10^8, exactly. */
bool cz_rate_from_double(double x, int64_t *rate);
bool cz_rate_from_percent(const char *text, int64_t *rate);
/* A quantity to millionths of a unit, exactly (at most 6 decimals). */
bool cz_qty_from_double(double q, int64_t *qty);

/* The shortest "%.Ng" text that reads back to x: the decimal the user wrote
 * (0.1, not 0.10000000000000001). */
void cz_shortest(char *buf, size_t len, double x);

/* A computed or drawn amount in CNY to fen, rounded half away from zero (for
 * values the model draws; user input goes through cz_fen_from_cny).  As
 * llround: beyond int64 (or NaN) the result is meaningless, so callers check
 * the amount with cz_cny_in_range first (the zone fails the run). */
int64_t cz_fen_round(double cny);
/* Whether an amount in CNY can be held: 0 to CZ_MAX_FEN fen (false for NaN). */
static inline bool cz_cny_in_range(double cny) { return cny >= 0 && cny * 100 <= (double)CZ_MAX_FEN; }
/* A drawn quantity to millionths, rounded to nearest (halves away from zero);
 * the same caveat. */
int64_t cz_qty_round(double q);

/* num / den rounded half up, for num >= 0 and den > 0; false when the result
 * exceeds CZ_MAX_FEN. */
bool cz_div_round(__int128 num, __int128 den, int64_t *out);
/* value x rate / 10^8, rounded: the commonest product. */
bool cz_apply_rate(int64_t value_fen, int64_t rate, int64_t *out);

static inline double cz_cny(int64_t fen) { return (double)fen / 100.0; }

#define CZ_FEN_TEXT 32
/* An amount as exact decimal CNY text, as JSON writes a number: "-1234.5",
 * "1234.56", "1234" (no trailing zeros), never rounded through a double.
 * Returns buf. */
char *cz_fen_text(int64_t fen, char buf[CZ_FEN_TEXT]);

#endif
