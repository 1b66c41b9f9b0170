/* tax.h: tariff lines and the tax formulas, exact to the fen.  Pure functions:
 * no clock, no randomness, no I/O — testable by table.
 *
 * Money (money.h): amounts in whole fen, rates in parts per 10^8, quantities in
 * millionths of a unit; each item is one exact fraction rounded half up once,
 * and each item's base uses the items charged before it (docs/sources.md
 * §2.1-§2.8), with CV the customs value and q the quantity:
 *   duty            CV x rate + q x per-unit amount, the rate chosen by origin
 *                   (cz_duty_levy)
 *   additional duty CV x the extra rate of the goods' origin (its own item)
 *   CT              (CV + duty + additional + q x unit) / (1 - ct) x ct + q x unit
 *   VAT             (CV + duty + additional + CT) x vat
 *   export duty     (FOB - q x unit) / (1 + rate) x rate + q x unit (FOB includes
 *                   the whole duty)
 *   export refund   FOB x the line's refund rate (0: the goods have none)
 * CT threshold rule (imported cigarettes): the price per unit on the composite
 * price at a basis rate, (CV + duty + additional + q x unit) / (1 - basis) / q;
 * at or above the threshold (inclusive, compared exactly) the ad valorem CT
 * rate is `rate_at_or_above`.  An item waived by an exemption is not charged,
 * and is then not in the bases after it (an exempted CT is not in VAT's base).
 * Every result is checked against CZ_MAX_FEN: `overflow` says the inputs are
 * beyond what is represented, never a wrapped amount.
 *
 * Ownership: plain values; no allocation. */
#ifndef CZ_TAX_H
#define CZ_TAX_H

#include <stdbool.h>
#include <stdint.h>

#include "models/tax/money.h"

#define CZ_NAME_MAX 48
#define CZ_MAX_EXTRAS 8
#define CZ_MAX_TAGS 4

/* Every item of revenue; refunds and drawbacks are booked as negative amounts. */
typedef enum cz_tax {
    CZ_DUTY, CZ_ADDITIONAL, CZ_CT, CZ_VAT, CZ_EXPORT_DUTY, CZ_POSTAL, CZ_REFUND, CZ_DRAWBACK, CZ_NTAX
} cz_tax_t;
#define CZ_TAX_BIT(t) (1u << (t))
#define CZ_IMPORT_TAXES (CZ_TAX_BIT(CZ_DUTY) | CZ_TAX_BIT(CZ_ADDITIONAL) | CZ_TAX_BIT(CZ_CT) | CZ_TAX_BIT(CZ_VAT))

typedef struct cz_levy {
    int64_t rate;        /* parts per 10^8 of the base */
    int64_t unit_fen;    /* fen per unit of quantity */
} cz_levy_t;

typedef struct cz_ct_threshold {
    bool on;
    int64_t price_fen;        /* per unit (e.g. per carton), compared >= */
    int64_t rate_at_or_above; /* ad valorem CT rate when the price reaches it */
    int64_t basis_rate;       /* rate used to build the composite price */
} cz_ct_threshold_t;

typedef struct cz_origin_extra {
    char origin[CZ_NAME_MAX];
    int64_t rate;             /* additional ad valorem duty on goods of this origin */
} cz_origin_extra_t;

/* The duty rates of a line and the rule that chooses among them
 * (cz_duty_levy): duty is the most-favoured-nation (MFN) rate; provisional,
 * when the line has one, replaces it for goods under MFN treatment; an
 * agreement rate (ad valorem) applies to goods that qualify under that
 * agreement when its amount is lower than that of the rate that would otherwise
 * apply (provisional or MFN); goods of an origin without MFN treatment pay the
 * general rate. */
#define CZ_MAX_AGREEMENTS 16

typedef struct cz_tariff_line {
    char name[CZ_NAME_MAX];
    cz_levy_t duty, ct, export_duty;
    cz_levy_t provisional, general;
    bool has_provisional, has_general;
    uint32_t has_agreement;   /* bit k: agreement k (the scenario's list) has a rate here */
    int64_t agreement[CZ_MAX_AGREEMENTS];
    int64_t vat;
    cz_ct_threshold_t ct_threshold;
    cz_origin_extra_t *extra; /* nextra additional duties, held by whoever read the line (out
                               * of line: most lines have none, and a schedule has thousands) */
    int nextra;
    int64_t export_refund;    /* rate of the FOB value refunded on export; 0: none */
    int supervision_years;    /* exempt goods owe on depreciated value within it; 0: none */
    char tags[CZ_MAX_TAGS][CZ_NAME_MAX];  /* lists the line is on, e.g. "research" */
    int ntags;
} cz_tariff_line_t;

typedef struct cz_goods {
    int64_t cv_fen;           /* customs value */
    int64_t qty;              /* millionths of a unit */
    const char *origin;       /* country of origin, or NULL */
    uint32_t agreements;      /* bit k: the goods qualify under agreement k (origin and proof) */
    bool no_mfn;              /* their origin has no MFN treatment: the general rate */
} cz_goods_t;

/* Which rate the duty was charged at. */
typedef enum cz_duty_basis { CZ_BASIS_MFN, CZ_BASIS_PROVISIONAL, CZ_BASIS_AGREEMENT, CZ_BASIS_GENERAL } cz_duty_basis_t;

typedef struct cz_taxes {
    int64_t fen[CZ_NTAX];
    bool overflow;            /* some item beyond CZ_MAX_FEN: the inputs are refused */
} cz_taxes_t;

typedef enum cz_ct_rule { CZ_CT_NONE, CZ_CT_PLAIN, CZ_CT_THRESHOLD_BELOW, CZ_CT_THRESHOLD_ABOVE } cz_ct_rule_t;

/* Customs value from price, freight and insurance in another currency and the
 * CNY per unit of it: insurance < 0 means unknown, then 3 per mille of price +
 * freight.  False when an input is not an exact decimal (6 decimals at most;
 * fx 8) or the value is beyond range. */
bool cz_customs_value_fen(double price, double freight, double insurance, double fx, int64_t *cv_fen);

/* Import taxes on the goods, the items in `waived` (CZ_TAX_BIT) not charged.
 * *rule, if not NULL, says which CT rule applied. */
cz_taxes_t cz_assess_import(const cz_tariff_line_t *tl, const cz_goods_t *g, unsigned waived, cz_ct_rule_t *rule);
/* Export duty on an FOB value; a negative FOB or a duty beyond CZ_MAX_FEN sets
 * *overflow (when not NULL) and yields no number to use. */
int64_t cz_assess_export(const cz_tariff_line_t *tl, int64_t fob_fen, int64_t qty, bool *overflow);
/* The export refund on an FOB value: fob x tl->export_refund. */
int64_t cz_export_refund(const cz_tariff_line_t *tl, int64_t fob_fen);
/* The duty levy customs applies to goods g on line tl (the rule above; amounts
 * are compared for the goods, so specific and compound forms compare too):
 *   no MFN treatment and no qualifying agreement  general (if the line has none,
 *                                                   the rule below: scenarios refuse that)
 *   else  applied = provisional if the line has one, else MFN;
 *         of the qualifying agreements whose amount is lower than applied's,
 *         the lowest (on a tie, the rate already applying stays).
 * basis and *agreement (the agreement's index, or -1) may be NULL. */
cz_levy_t cz_duty_levy(const cz_tariff_line_t *tl, const cz_goods_t *g, cz_duty_basis_t *basis, int *agreement);
const char *cz_duty_basis_name(cz_duty_basis_t b);

/* The additional duty rate of an origin on this line (0 when none). */
int64_t cz_origin_rate(const cz_tariff_line_t *tl, const char *origin);

int64_t cz_taxes_total(const cz_taxes_t *t);

/* ---- processing, selective tariff, personal articles, supervision ---- */

/* Value-added ratio (P - sum M - sum D) / (sum M + sum D): P the product's price,
 * M imported materials at CIF, D domestic materials at delivered price excluding
 * VAT (Hainan's formula).  NaN when M + D is 0. */
double cz_value_added_ratio(double price, double imported, double domestic);
/* The test "ratio >= threshold", inclusive and robust to the last bit. */
bool cz_value_added_reaches(double ratio, double threshold);

typedef enum cz_selective { CZ_SEL_FINISHED, CZ_SEL_MATERIALS, CZ_SEL_CHEAPER } cz_selective_t;

typedef struct cz_material {
    const cz_tariff_line_t *tl;   /* the material's own tariff line */
    cz_goods_t g;                 /* its customs value, quantity and origin */
} cz_material_t;

/* Selective tariff (comprehensive bonded zones): duty on the imported materials
 * at their own rates, or on the finished product, by rule (CHEAPER: the lower of
 * the two, the trader's choice); additional duties of the materials' origins on
 * their value either way; consumption tax and VAT on the finished product with
 * the duties charged.  *used says which base was taken. */
cz_taxes_t cz_assess_selective(const cz_tariff_line_t *product, const cz_goods_t *g, const cz_material_t *materials,
                               int n, cz_selective_t rule, unsigned waived, cz_selective_t *used);

/* Personal articles.  Postal: rate x value, waived when that is at or below
 * the waiver (50 CNY in China).  Baggage: rate x the value over the allowance,
 * or x the whole value when one indivisible item is over it; no waiver.
 * *waived (may be NULL) says the postal waiver applied. */
typedef enum cz_personal { CZ_POSTAL_ARTICLES, CZ_BAGGAGE } cz_personal_t;
int64_t cz_personal_tax(cz_personal_t kind, int64_t rate, int64_t value_fen, int64_t qty, int64_t allowance_fen,
                        int64_t waiver_fen, bool *waived);

/* The value exempt goods owe on within their supervision: value x (1 - months
 * elapsed / (12 x years)); 0 after it; the value when there is no period. */
int64_t cz_depreciated_value(int64_t value_fen, long months, int years);
/* The goods as they owe within their supervision: value and quantity scaled
 * alike, so that specific levies depreciate too and a price per unit is
 * unchanged; nothing after the period; the goods when there is none. */
cz_goods_t cz_depreciated(const cz_goods_t *g, long months, int years);

const char *cz_tax_name(cz_tax_t t);     /* "duty", "additional_duty", "ct", "vat", ... */
bool cz_tax_from_name(const char *s, cz_tax_t *t);
bool cz_tariff_has_tag(const cz_tariff_line_t *tl, const char *tag);

/* Partial-equilibrium import demand (as WITS-SMART): quantity relative to the
 * reference, ((1 + t) / (1 + t_ref))^elasticity, t the tax rate on the goods. */
double cz_demand_factor(double t, double t_ref, double elasticity);

#endif
