/* taxpoint.c: where taxes fall.  See taxpoint.h. */
#include "models/tax/taxpoint.h"

#include <assert.h>

static const cz_point_t POINT_OF[CZ_NMOVES] = {
    [CZ_MOVE_ENTRY] = CZ_FIRST_LINE,         [CZ_MOVE_TO_MAINLAND] = CZ_SECOND_LINE,
    [CZ_MOVE_USED_UP] = CZ_ZONE,             [CZ_MOVE_TRANSFER] = CZ_TRANSFER,
    [CZ_MOVE_REEXPORT] = CZ_FIRST_LINE,      [CZ_MOVE_FROM_MAINLAND] = CZ_SECOND_LINE,
    [CZ_MOVE_MAINLAND_ABROAD] = CZ_FIRST_LINE};

static const char *const MOVE_NAMES[CZ_NMOVES] = {"entry", "to_mainland", "used_up", "transfer",
                                                  "re_export", "from_mainland", "mainland_abroad"};

cz_point_t cz_move_point(cz_move_t move)
{
    assert((unsigned)move < CZ_NMOVES);
    return POINT_OF[move];
}

const char *cz_move_name(cz_move_t move) { return (unsigned)move < CZ_NMOVES ? MOVE_NAMES[move] : "?"; }

static unsigned entry(const cz_regime_t *rg, const cz_goods_state_t *g)
{
    if (g->personal)
        return CZ_LEVY_POSTAL;
    if (g->opted_out)
        return CZ_LEVY_IMPORT | CZ_LEVY_NO_EXEMPTION;
    if (rg->import_tax_at != CZ_FIRST_LINE)
        return 0;
    return g->leaving_abroad && rg->reexport_relief == CZ_RELIEF_BONDED ? 0 : CZ_LEVY_IMPORT;
}

/* Import taxes (or the postal tax) on goods from abroad. */
static cz_tax_point_t import_side(const cz_regime_t *rg, cz_move_t move, const cz_goods_state_t *g)
{
    cz_tax_point_t t = {0, cz_move_point(move), false};
    if (move == CZ_MOVE_REEXPORT) { /* bonded goods leave untaxed; paid ones may be drawn back */
        t.levies = g->paid_on_entry && rg->reexport_relief == CZ_RELIEF_DRAWBACK ? CZ_LEVY_DRAWBACK : 0;
        t.settles = true;
        return t;
    }
    if (g->settled && !(move == CZ_MOVE_TRANSFER && g->exempt))
        return t;
    switch (move) {
    case CZ_MOVE_ENTRY:
        t.levies = entry(rg, g);
        break;
    case CZ_MOVE_TO_MAINLAND: /* unsettled goods are imports here, whatever the regime */
    case CZ_MOVE_USED_UP:
        t.levies = CZ_LEVY_IMPORT;
        break;
    case CZ_MOVE_TRANSFER:
        t.levies = rg->back_payment_on_transfer && g->exemption_lost ? CZ_LEVY_IMPORT : 0;
        break;
    default:
        break;
    }
    t.settles = t.levies != 0 || move == CZ_MOVE_TO_MAINLAND || move == CZ_MOVE_USED_UP;
    return t;
}

/* Mainland goods: export duty and refunds; imports again if refunded and back. */
static cz_tax_point_t mainland_side(const cz_regime_t *rg, cz_move_t move, const cz_goods_state_t *g)
{
    cz_tax_point_t t = {0, cz_move_point(move), false};
    switch (move) {
    case CZ_MOVE_FROM_MAINLAND:
        if (rg->export_duty_at == CZ_SECOND_LINE)
            t.levies |= CZ_LEVY_EXPORT_DUTY;
        if (rg->refund_on_entry)
            t.levies |= CZ_LEVY_REFUND;
        break;
    case CZ_MOVE_MAINLAND_ABROAD:
        if (rg->export_duty_at == CZ_FIRST_LINE)
            t.levies |= CZ_LEVY_EXPORT_DUTY;
        if (!g->refunded)
            t.levies |= CZ_LEVY_REFUND;
        break;
    case CZ_MOVE_TO_MAINLAND:
    case CZ_MOVE_USED_UP:
        /* refunded as exports: imports when they go back, with no exemption (used up
         * in the zone: nothing) */
        t.levies = move == CZ_MOVE_TO_MAINLAND && g->refunded && !g->settled ? CZ_LEVY_IMPORT | CZ_LEVY_NO_EXEMPTION : 0;
        t.settles = t.levies != 0;
        break;
    default:
        break;
    }
    return t;
}

cz_tax_point_t cz_tax_point(const cz_regime_t *rg, cz_move_t move, const cz_goods_state_t *g)
{
    assert((unsigned)move < CZ_NMOVES);
    return g->mainland ? mainland_side(rg, move, g) : import_side(rg, move, g);
}

cz_goods_state_t cz_goods_state_of_bits(unsigned bits)
{
    return (cz_goods_state_t){.mainland = bits & CZ_GOODS_MAINLAND,
                              .settled = bits & CZ_GOODS_SETTLED,
                              .personal = bits & CZ_GOODS_PERSONAL,
                              .exemption_lost = bits & CZ_GOODS_EXEMPTION_LOST,
                              .leaving_abroad = bits & CZ_GOODS_LEAVING_ABROAD,
                              .opted_out = bits & CZ_GOODS_OPTED_OUT,
                              .refunded = bits & CZ_GOODS_REFUNDED,
                              .paid_on_entry = bits & CZ_GOODS_PAID_ON_ENTRY,
                              .exempt = bits & CZ_GOODS_EXEMPT};
}

uint16_t cz_tax_point_memo_fill(cz_tax_point_memo_t *m, const cz_regime_t *rg, cz_move_t move, unsigned bits)
{
    assert((unsigned)move < CZ_NMOVES && bits < CZ_GOODS_NSTATES);
    assert(!m->regime || m->regime == rg); /* one memo, one regime */
    m->regime = rg;
    cz_goods_state_t g = cz_goods_state_of_bits(bits);
    cz_tax_point_t t = cz_tax_point(rg, move, &g);
    static_assert(CZ_NPOINTS <= 8, "a point fits in three bits");
    assert((t.levies & ~CZ_TP_LEVIES) == 0 && (unsigned)t.point <= CZ_TP_POINT_MASK);
    unsigned v = CZ_TP_COMPUTED | t.levies | (unsigned)t.point << CZ_TP_POINT_SHIFT | (t.settles ? CZ_TP_SETTLES : 0);
    m->e[move][bits] = (uint16_t)v;
    return (uint16_t)v;
}
