/* exact.h: exact money inputs for the tax tests, from decimal literals
 * (models/tax/money.h); each fails the test when the literal is not exact. */
#ifndef TESTS_EXACT_H
#define TESTS_EXACT_H

#include <check.h>

#include "models/tax/money.h"

/* A rate (0.065) in parts per 10^8. */
static inline int64_t R(double x)
{
    int64_t r;
    ck_assert_msg(cz_rate_from_double(x, &r), "rate %g", x);
    return r;
}

/* An amount of CNY in fen. */
static inline int64_t F(double cny)
{
    int64_t f;
    ck_assert_msg(cz_fen_from_cny(cny, &f), "amount %g", cny);
    return f;
}

/* A quantity in millionths of a unit. */
static inline int64_t Q(double q)
{
    int64_t v;
    ck_assert_msg(cz_qty_from_double(q, &v), "quantity %g", q);
    return v;
}

#endif
