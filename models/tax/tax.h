/* tax.h: tariff lines and import/export tax assessment.  Pure functions: no
 * clock, no randomness, no I/O — testable by table.
 *
 * Money: inputs in CNY (double); every tax item is rounded to the fen (half
 * away from zero) and returned as integer fen, so that totals never drift.
 * Formulas (docs/sources.md §2.1-§2.8), with CV the customs value:
 *   duty         = CV x rate + quantity x per-unit amount   (+ CV x origin extra)
 *   CT           = (CV + duty + qty x unit) / (1 - ct) x ct + qty x unit
 *   VAT          = (CV + duty + CT) x vat
 *   export duty  = FOB / (1 + rate) x rate
 * CT threshold rule (imported cigarettes): the price per unit is taken on the
 *   composite price at a basis rate, (CV + duty + qty x unit)/(1 - basis)/qty;
 *   at or above the threshold the ad valorem CT rate is `rate_at_or_above`.
 * Each item is computed from the rounded items before it.
 *
 * Ownership: plain values; no allocation. */
#ifndef CZ_TAX_H
#define CZ_TAX_H

#include <stdbool.h>
#include <stdint.h>

#define CZ_NAME_MAX 48
#define CZ_MAX_EXTRAS 8
#define CZ_MAX_TAGS 4

/* CZ_REFUND holds refunds on entry, as negative amounts. */
typedef enum cz_tax { CZ_DUTY, CZ_CT, CZ_VAT, CZ_EXPORT_DUTY, CZ_REFUND, CZ_NTAX } cz_tax_t;
#define CZ_IMPORT_TAXES ((1u << CZ_DUTY) | (1u << CZ_CT) | (1u << CZ_VAT))

typedef struct cz_levy {
    double ad_valorem;   /* fraction of the base, e.g. 0.05 */
    double per_unit;     /* CNY per unit of quantity */
} cz_levy_t;

typedef struct cz_ct_threshold {
    bool on;
    double price_per_unit;    /* CNY per unit (e.g. per carton), compared >= */
    double rate_at_or_above;  /* ad valorem CT rate when the price reaches it */
    double basis_rate;        /* rate used to build the composite price */
} cz_ct_threshold_t;

typedef struct cz_origin_extra {
    char origin[CZ_NAME_MAX];
    double rate;              /* additional ad valorem duty */
} cz_origin_extra_t;

typedef struct cz_tariff_line {
    char name[CZ_NAME_MAX];
    cz_levy_t duty, ct, export_duty;
    double vat;
    cz_ct_threshold_t ct_threshold;
    cz_origin_extra_t extra[CZ_MAX_EXTRAS];
    int nextra;
    char tags[CZ_MAX_TAGS][CZ_NAME_MAX];  /* lists the line is on, e.g. "research" */
    int ntags;
} cz_tariff_line_t;

typedef struct cz_taxes {
    int64_t fen[CZ_NTAX];
} cz_taxes_t;

typedef enum cz_ct_rule { CZ_CT_NONE, CZ_CT_PLAIN, CZ_CT_THRESHOLD_BELOW, CZ_CT_THRESHOLD_ABOVE } cz_ct_rule_t;

/* Rounding to the fen, half away from zero. */
int64_t cz_fen(double cny);
static inline double cz_cny(int64_t fen) { return (double)fen / 100.0; }

/* Customs value from price and freight: insurance < 0 means unknown, then 3 per
 * mille of (price + freight).  All in the same currency; times fx into CNY. */
int64_t cz_customs_value_fen(double price, double freight, double insurance, double fx);

/* Import taxes on goods of customs value cv_fen and quantity qty from `origin`.
 * *ct_rule, if not NULL, says which CT rule applied. */
cz_taxes_t cz_assess_import(const cz_tariff_line_t *tl, int64_t cv_fen, double qty,
                            const char *origin, cz_ct_rule_t *ct_rule);
/* Export duty on an FOB value. */
int64_t cz_assess_export(const cz_tariff_line_t *tl, int64_t fob_fen, double qty);

int64_t cz_taxes_total(const cz_taxes_t *t);

/* ---- processing, selective tariff, refunds, personal articles ---- */

/* Value-added ratio (P - sum M - sum D) / (sum M + sum D): P the product's price,
 * M imported materials at CIF, D domestic materials at delivered price excluding
 * VAT (Hainan's formula).  NaN when M + D is 0. */
double cz_value_added_ratio(double price, double imported, double domestic);
/* The test "ratio >= threshold", inclusive and robust to the last bit. */
bool cz_value_added_reaches(double ratio, double threshold);

typedef enum cz_selective { CZ_SEL_FINISHED, CZ_SEL_MATERIALS, CZ_SEL_CHEAPER } cz_selective_t;

typedef struct cz_material {
    const cz_tariff_line_t *tl;   /* the material's own tariff line */
    int64_t cv_fen;               /* its customs value */
    double qty;
} cz_material_t;

/* Selective tariff (comprehensive bonded zones): duty on the imported materials
 * at their own rates, or on the finished product, by rule (CHEAPER: the lower of
 * the two, the trader's choice); consumption tax and VAT on the finished product
 * with the duty charged.  *used says which base was taken. */
cz_taxes_t cz_assess_selective(const cz_tariff_line_t *product, int64_t product_cv_fen, double qty,
                               const cz_material_t *materials, int n, cz_selective_t rule,
                               cz_selective_t *used);

/* Refund of VAT and consumption tax on goods entering a zone that treats entry
 * as export: value x vat + value x ct (value excluding those taxes).  Positive
 * fen; callers book it as negative revenue. */
int64_t cz_refund_on_entry(const cz_tariff_line_t *tl, int64_t value_fen);

/* Partial-equilibrium import demand (as WITS-SMART): quantity relative to the
 * reference, ((1 + t) / (1 + t_ref))^elasticity, t the tax rate on the goods. */
double cz_demand_factor(double t, double t_ref, double elasticity);

/* Postal-article tax on personal items: rate x (value - allowance), waived when
 * it is at or below the waiver (50 CNY in China). */
int64_t cz_postal_tax(double rate, int64_t value_fen, double allowance_cny, double waiver_cny,
                      bool *waived);
const char *cz_tax_name(cz_tax_t t);     /* "duty", "ct", "vat", "export_duty", "refund" */
bool cz_tax_from_name(const char *s, cz_tax_t *t);
bool cz_tariff_has_tag(const cz_tariff_line_t *tl, const char *tag);

#endif
