/* money.c: exact money.  See money.h. */
#include "models/tax/money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cz_shortest(char *buf, size_t len, double x)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, x);
        if (strtod(buf, NULL) != x)
            continue;
        const char *e = strchr(buf, 'e');
        int exp10 = e ? atoi(e + 1) : 0;
        if (e && exp10 >= -5 && exp10 < 16) /* plain notation: 1500, not 1.5e+03 */
            snprintf(buf, len, "%.*f", prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0, x);
        return;
    }
}

/* A decimal text (optional sign, digits, optional fraction, optional
 * exponent) as an integer scaled by 10^scale, exactly when it has at most
 * `scale` decimals after the exponent is applied; rounded half away from zero
 * beyond when `round` is set, refused otherwise.  |result| < 2^126. */
static bool scaled(const char *s, int scale, bool round, __int128 *out)
{
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    char digits[64];
    int nd = 0, point = -1, exp = 0;
    bool any = false;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (*s == '.' && point < 0) {
            point = nd;
        } else if (*s >= '0' && *s <= '9' && nd < 60) {
            any = true;
            if (nd > 0 || *s != '0' || point >= 0) /* leading zeros before the point change nothing */
                digits[nd++] = *s;
        } else {
            return false;
        }
    }
    if (*s) {
        char *end;
        long e = strtol(s + 1, &end, 10);
        if (end == s + 1 || *end || e > 40 || e < -40)
            return false;
        exp = (int)e;
    }
    if (!any)
        return false;
    int decimals = (point < 0 ? 0 : nd - point) - exp; /* digits after the point */
    int keep_digits = nd - (decimals > scale ? decimals - scale : 0);
    if (keep_digits + (decimals < scale ? scale - decimals : 0) > 36)
        return false; /* beyond 10^36: beyond anything accepted, and beyond 128 bits soon after */
    __int128 v = 0;
    int keep = nd - (decimals > scale ? decimals - scale : 0); /* digits kept */
    for (int i = 0; i < keep; i++)
        v = v * 10 + (digits[i] - '0');
    for (int i = decimals; i < scale; i++)
        v *= 10;
    if (keep < nd) { /* more decimals than the scale holds */
        bool nonzero = false;
        for (int i = keep > 0 ? keep : 0; i < nd; i++)
            nonzero |= digits[i] != '0';
        if (nonzero && !round)
            return false;
        if (keep >= 0 && digits[keep] >= '5') /* the first digit dropped (an implicit 0 when keep < 0) */
            v += 1;
    }
    *out = neg ? -v : v;
    return true;
}

/* A JSON number is a double; the decimal the user wrote is its shortest text,
 * since the readers of JSON text refuse a number written with more digits than
 * a double holds (cz_inexact_number_at). */
static bool from_double(double x, int scale, bool round, __int128 limit, int64_t *out)
{
    char buf[40];
    __int128 v;
    if (!isfinite(x) || fabs(x) > 1e30)
        return false;
    cz_shortest(buf, sizeof buf, x);
    if (!scaled(buf, scale, round, &v) || v > limit || v < -limit)
        return false;
    *out = (int64_t)v;
    return true;
}

bool cz_fen_from_cny(double cny, int64_t *fen) { return from_double(cny, 2, true, CZ_MAX_FEN, fen); }

bool cz_rate_from_double(double x, int64_t *rate) { return from_double(x, 8, false, (__int128)1e15, rate); }

bool cz_qty_from_double(double q, int64_t *qty) { return from_double(q, 6, false, (__int128)1e18, qty); }

bool cz_rate_from_percent(const char *text, int64_t *rate)
{
    char buf[64];
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == ' ')
        n--;
    if (n < 2 || text[n - 1] != '%' || n >= sizeof buf)
        return false;
    memcpy(buf, text, n - 1);
    buf[n - 1] = '\0';
    for (size_t i = n - 1; i > 0 && buf[i - 1] == ' '; i--)
        buf[i - 1] = '\0';
    __int128 v;
    if (!scaled(buf, 6, false, &v) || v > (__int128)1e15 || v < -(__int128)1e15) /* percent: 10^-6 of it is 10^-8 */
        return false;
    *rate = (int64_t)v;
    return true;
}

/* llround(x), halves away from zero, without the library call for |x| < 2^52:
 * x minus its truncation is exact there, so comparing it with one half is too.
 * Beyond (every double there is whole), NaN and infinities: llround itself. */
static int64_t round_half_away(double x)
{
    if (!(fabs(x) < 0x1p52))
        return (int64_t)llround(x);
    int64_t t = (int64_t)x;
    double f = x - (double)t;
    return t + (f >= 0.5) - (f <= -0.5);
}

int64_t cz_fen_round(double cny) { return round_half_away(cny * 100.0); }

int64_t cz_qty_round(double q) { return round_half_away(q * (double)CZ_QTY_ONE); }

bool cz_div_round(__int128 num, __int128 den, int64_t *out)
{
    if (den <= 0 || num < 0)
        return false;
    __int128 q = (num + den / 2) / den; /* half up: an odd den has no exact half */
    if (q > CZ_MAX_FEN)
        return false;
    *out = (int64_t)q;
    return true;
}

bool cz_apply_rate(int64_t value_fen, int64_t rate, int64_t *out)
{
    return cz_div_round((__int128)value_fen * rate, CZ_RATE_ONE, out);
}

char *cz_fen_text(int64_t fen, char buf[CZ_FEN_TEXT])
{
    uint64_t m = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    unsigned cents = (unsigned)(m % 100);
    int n = snprintf(buf, CZ_FEN_TEXT, "%s%llu", fen < 0 ? "-" : "", (unsigned long long)(m / 100));
    if (cents % 10)
        snprintf(buf + n, (size_t)(CZ_FEN_TEXT - n), ".%02u", cents);
    else if (cents)
        snprintf(buf + n, (size_t)(CZ_FEN_TEXT - n), ".%u", cents / 10);
    return buf;
}
