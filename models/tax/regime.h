/* regime.h: a customs regime as data, and assessment at a point of the flow.
 *
 * Points where taxes can fall on a consignment:
 *   first_line   goods from abroad enter the zone (conventional port: import)
 *   zone         goods are used up inside the zone (research consumables)
 *   second_line  goods leave the zone for the mainland (or enter from it)
 *   transfer     goods change owner inside the zone (back-payment)
 * A regime says where import taxes fall (first or second line), where export
 * duty on mainland goods falls, whether the second line is a controlled crossing
 * with lanes, whether losing an exemption by transfer triggers back-payment, a
 * de-minimis waiver (per tax or on the total), when exports are refunded, the
 * relief for goods re-exported from a conventional port, the selective tariff,
 * the opt-out lock-in, and a list of exemptions (owner classes x goods x taxes x
 * points; additional duties and export duty only where an exemption names them).
 * Regimes are data: no code path per regime.  Where taxes fall: taxpoint.h.
 *
 * Assessment returns what is due, the counterfactual with no exemption, and the
 * tax forgone by each exemption (the tax expenditure), all in fen.
 * Ownership: plain values.  Pure: no clock, no randomness. */
#ifndef CZ_REGIME_H
#define CZ_REGIME_H

#include "models/tax/tax.h"

#define CZ_MAX_EXEMPTIONS 16
#define CZ_MAX_LIST 16

typedef enum cz_point { CZ_FIRST_LINE, CZ_ZONE, CZ_SECOND_LINE, CZ_TRANSFER, CZ_NPOINTS } cz_point_t;

typedef struct cz_exemption {
    char name[CZ_NAME_MAX];
    char owners[CZ_MAX_LIST][CZ_NAME_MAX];     /* "*" = any owner */
    int nowners;
    char categories[CZ_MAX_LIST][CZ_NAME_MAX]; /* "*" = any category */
    int ncategories;
    char tags[CZ_MAX_TAGS][CZ_NAME_MAX];       /* or: any tariff line on these lists */
    int ntags;
    unsigned taxes;   /* bit per cz_tax_t */
    unsigned points;  /* bit per cz_point_t */
    double min_value_added; /* NaN: none; else only processed goods whose value-added
                               ratio reaches it (inclusive), e.g. 0.3 in Hengqin */
} cz_exemption_t;

/* Relief at a conventional port for goods bound to leave abroad again. */
typedef enum cz_relief {
    CZ_RELIEF_NONE,      /* taxed on entry, nothing back */
    CZ_RELIEF_BONDED,    /* declared for re-export: stored bonded, untaxed */
    CZ_RELIEF_DRAWBACK   /* taxed on entry, the import taxes paid back when they leave */
} cz_relief_t;

typedef struct cz_regime {
    char name[CZ_NAME_MAX];
    cz_point_t import_tax_at;   /* CZ_FIRST_LINE or CZ_SECOND_LINE */
    cz_point_t export_duty_at;  /* CZ_FIRST_LINE or CZ_SECOND_LINE */
    bool second_line_control;   /* crossing the second line queues at its lanes */
    bool back_payment_on_transfer;
    bool transfer_keeps_exemption; /* a transfer to an owner with the same exemption owes nothing */
    int64_t de_minimis_fen;     /* waived at or below this; 0 = none */
    bool de_minimis_per_tax;    /* each of duty, additional duty, CT, VAT alone (else their total) */
    bool refund_on_entry;       /* mainland goods are refunded on entry (entry counts as export);
                                   else when they leave abroad */
    cz_relief_t reexport_relief;
    bool selective;             /* processed goods: selective tariff by `selective_rule` */
    cz_selective_t selective_rule;
    int opt_out_lock_in_months; /* a unit that waives its exemption cannot claim it again for so long */
    cz_exemption_t ex[CZ_MAX_EXEMPTIONS];
    int nex;
} cz_regime_t;

#define CZ_FORGONE_DE_MINIMIS CZ_MAX_EXEMPTIONS /* index of de minimis in forgone[] */

typedef struct cz_assessment {
    cz_taxes_t due;                               /* charged */
    cz_taxes_t full;                              /* with no exemption at all */
    int64_t forgone[CZ_MAX_EXEMPTIONS + 1];       /* by exemption; last: de minimis; an
                                                     exemption's is 0 unless its bit is set */
    unsigned exempted_by;                         /* bit per exemption that applied */
    bool de_minimis;
    cz_ct_rule_t ct_rule;
} cz_assessment_t;

/* What is assessed: the goods at a point, for an owner.  va_ratio: the goods'
 * value-added ratio when processed in the zone (else NaN), with the imported
 * materials they were made of (for the selective tariff), or none. */
typedef struct cz_case {
    const cz_tariff_line_t *tl;
    cz_goods_t g;
    const char *owner;
    cz_point_t at;
    double va_ratio;
    const cz_material_t *materials;
    int nmaterials;
    bool waived;          /* the owner's unit waived its exemptions: none applies */
} cz_case_t;

/* Does exemption e cover this owner, goods and point? */
bool cz_exemption_matches(const cz_exemption_t *e, const cz_tariff_line_t *tl,
                          const char *owner, cz_point_t at, double va_ratio);

/* The taxes (a bit per cz_tax_t) some exemption of the regime forgives this
 * owner for these goods at `at` (value-added conditions aside).  Comparing two
 * owners' sets decides whether a transfer loses an exemption (back-payment). */
unsigned cz_regime_exempt_taxes(const cz_regime_t *rg, const cz_tariff_line_t *tl,
                                const char *owner, cz_point_t at);

/* The import taxes an owner's goods of this line are exempt from, on entry or
 * in the zone; and whether a transfer between two owners loses an exemption
 * (one the new owner lacks, or any when the regime's transfers never keep one). */
unsigned cz_regime_exemptions_held(const cz_regime_t *rg, const cz_tariff_line_t *tl, const char *owner);
bool cz_regime_transfer_loses(const cz_regime_t *rg, const cz_tariff_line_t *tl, const char *from, const char *to);

/* Import taxes on a case, with the regime's exemptions and de minimis: the
 * items each exemption names are not charged (the first exemption in file order
 * that covers an item forgives it), later bases use what is charged, and what
 * an exemption's removal changes downstream (VAT on a forgiven duty) counts as
 * forgone by it.  Processed goods (va_ratio and materials given) pay duty on
 * the finished product, or by the selective tariff where the regime has it,
 * and their materials' additional duties either way.  out->due.overflow:
 * beyond range. */
void cz_regime_assess_import(const cz_regime_t *rg, const cz_case_t *c, cz_assessment_t *out);
/* Export duty at a point, with exemptions that name "export_duty". */
void cz_regime_assess_export(const cz_regime_t *rg, const cz_tariff_line_t *tl, const char *owner, cz_point_t at,
                             int64_t fob_fen, int64_t qty, cz_assessment_t *out);

/* For assert(): the assessment adds up — the full tax is what is due plus what
 * each exemption and de minimis forgave, every item at most its full amount,
 * nothing forgone negative, and only exemptions that applied forgave anything. */
bool cz_assessment_check(const cz_assessment_t *a);

const char *cz_point_name(cz_point_t p);
bool cz_point_from_name(const char *s, cz_point_t *p);

#endif
