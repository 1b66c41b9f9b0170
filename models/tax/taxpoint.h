/* taxpoint.h: where taxes fall — the one rule, used by a run, `assess`,
 * `trace` and the demand response, so that they cannot disagree.
 *
 * A consignment makes moves: it enters the zone from abroad (first line),
 * leaves for the mainland (second line, or straight out where the regime has
 * none), is used up inside, changes owner inside, leaves abroad again, or, for
 * mainland goods, enters through the second line and may leave abroad through
 * the first.  cz_tax_point says, for a regime, a move and the goods' state,
 * which levies fall there and at which point exemptions are judged
 * (docs/sources.md §3):
 *   import taxes  on entry where the regime collects them at the first line —
 *                 unless the goods are declared for re-export and the regime's
 *                 relief keeps them bonded — or where a unit that waived its
 *                 exemption pays voluntarily; otherwise, while the goods' import
 *                 taxes are unsettled: on leaving for the mainland, on being used
 *                 up in the zone, or on a transfer that loses an exemption
 *                 (goods exempt on entry owe it even when the exemption settled them)
 *                 (back-payment, where the regime has it).  Mainland goods that
 *                 were refunded as exports are imports when they go back;
 *   drawback      the import taxes paid on entry, back, when goods leave abroad
 *                 under a drawback relief;
 *   postal tax    personal articles, at the first line on entry;
 *   export duty   mainland goods, where the regime puts it: on entering the
 *                 zone (second line) or on leaving abroad (first line);
 *   refund        mainland goods' export refund: on entry where the regime treats
 *                 entry as export, else when they leave abroad, in every regime.
 * `settles` says whether the goods' import taxes are settled after the move.
 *
 * Pure: no clock, no randomness, no allocation (the memo below is the caller's). */
#ifndef CZ_TAXPOINT_H
#define CZ_TAXPOINT_H

#include <stdbool.h>
#include <stdint.h>

#include "models/tax/regime.h"

typedef enum cz_move {
    CZ_MOVE_ENTRY,           /* goods from abroad cross the first line into the zone */
    CZ_MOVE_TO_MAINLAND,     /* goods leave the zone for the mainland */
    CZ_MOVE_USED_UP,         /* goods are used up inside the zone */
    CZ_MOVE_TRANSFER,        /* goods change owner inside the zone */
    CZ_MOVE_REEXPORT,        /* goods leave the zone abroad through the first line */
    CZ_MOVE_FROM_MAINLAND,   /* mainland goods cross the second line into the zone */
    CZ_MOVE_MAINLAND_ABROAD, /* mainland goods leave the zone abroad */
    CZ_NMOVES
} cz_move_t;

typedef struct cz_goods_state {
    bool mainland;        /* goods of the mainland (exports), not imports */
    bool settled;         /* import taxes settled: paid, exempt, or not due */
    bool personal;        /* personal articles: postal-article tax instead of import taxes */
    bool exemption_lost;  /* on a transfer: the new owner lacks an exemption the old one had */
    bool leaving_abroad;  /* declared for re-export */
    bool opted_out;       /* its unit waived its exemption and pays on entry */
    bool refunded;        /* mainland goods refunded as exports */
    bool paid_on_entry;   /* import taxes paid at the first line */
    bool exempt;          /* an exemption covered the goods on entry: settled or not, they owe
                             back-payment when a transfer loses it, on depreciated value */
} cz_goods_state_t;

enum {
    CZ_LEVY_IMPORT = 1u << 0,      /* duty, additional duty, CT, VAT with the regime's exemptions at `point` */
    CZ_LEVY_POSTAL = 1u << 1,      /* postal-article tax */
    CZ_LEVY_EXPORT_DUTY = 1u << 2, /* export duty on the goods' value */
    CZ_LEVY_REFUND = 1u << 3,      /* the export refund */
    CZ_LEVY_DRAWBACK = 1u << 4,    /* the import taxes paid on entry, back */
    CZ_LEVY_NO_EXEMPTION = 1u << 5 /* with CZ_LEVY_IMPORT: no exemption applies (waived) */
};

typedef struct cz_tax_point {
    unsigned levies;     /* CZ_LEVY_* bits; 0: nothing falls here */
    cz_point_t point;    /* where exemptions are judged */
    bool settles;        /* import taxes are settled after this move */
} cz_tax_point_t;

cz_tax_point_t cz_tax_point(const cz_regime_t *rg, cz_move_t move, const cz_goods_state_t *g);

/* The goods' state as bits, one per field of cz_goods_state_t, for a memo of
 * cz_tax_point by move and state. */
enum {
    CZ_GOODS_MAINLAND = 1u << 0,
    CZ_GOODS_SETTLED = 1u << 1,
    CZ_GOODS_PERSONAL = 1u << 2,
    CZ_GOODS_EXEMPTION_LOST = 1u << 3,
    CZ_GOODS_LEAVING_ABROAD = 1u << 4,
    CZ_GOODS_OPTED_OUT = 1u << 5,
    CZ_GOODS_REFUNDED = 1u << 6,
    CZ_GOODS_PAID_ON_ENTRY = 1u << 7,
    CZ_GOODS_EXEMPT = 1u << 8
};
#define CZ_GOODS_NSTATES (1u << 9) /* states: 0 .. CZ_GOODS_NSTATES - 1 */
cz_goods_state_t cz_goods_state_of_bits(unsigned bits);

/* cz_tax_point for one regime by move and state, each entry computed by it the
 * first time it is asked for (a run asks the same few dozen millions of times).
 * A zeroed memo is empty; it holds for the regime it was first asked with, which
 * must not change while the memo is used.  7 KiB. */
typedef struct cz_tax_point_memo {
    uint16_t e[CZ_NMOVES][CZ_GOODS_NSTATES]; /* 0: not yet computed; else CZ_TP_* packed */
    const cz_regime_t *regime;               /* the regime it holds for (checked as it fills) */
} cz_tax_point_memo_t;

/* An entry: the levies in bits 0-5, the point in bits 6-8, settles in bit 9,
 * bit 15 set once computed. */
#define CZ_TP_LEVIES ((1u << 6) - 1)
#define CZ_TP_POINT_SHIFT 6
#define CZ_TP_POINT_MASK 7u
#define CZ_TP_SETTLES (1u << 9)
#define CZ_TP_COMPUTED (1u << 15)
uint16_t cz_tax_point_memo_fill(cz_tax_point_memo_t *m, const cz_regime_t *rg, cz_move_t move, unsigned bits);

static inline cz_tax_point_t cz_tax_point_memo(cz_tax_point_memo_t *m, const cz_regime_t *rg, cz_move_t move,
                                               unsigned bits)
{
    unsigned v = m->e[move][bits];
    if (__builtin_expect(v == 0, 0)) /* models/tax stands apart from sim/: no SIM_UNLIKELY */
        v = cz_tax_point_memo_fill(m, rg, move, bits);
    return (cz_tax_point_t){v & CZ_TP_LEVIES, (cz_point_t)(v >> CZ_TP_POINT_SHIFT & CZ_TP_POINT_MASK),
                            (v & CZ_TP_SETTLES) != 0};
}

/* The point a move happens at (first line, second line, zone, transfer). */
cz_point_t cz_move_point(cz_move_t move);
const char *cz_move_name(cz_move_t move);

#endif
