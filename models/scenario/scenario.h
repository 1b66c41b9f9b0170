/* scenario.h: a scenario file, resolved and validated into plain data.
 *
 * Loading: read the JSON file, resolve "extends" (a path relative to the file,
 * recursively, cycles refused, at most 16 levels and 64 files), merge (objects
 * key by key; arrays of named objects element by name, {"name": N, "remove":
 * true} removing one; other arrays and values replace), apply --set overrides
 * (read as the same key in a file would be), then validate strictly into a
 * cz_scenario_t.  Every problem is reported with the file, the JSON path and what
 * was expected (see json_in.h), and names the --set that gave a value; the units
 * of every key are in docs/scenario.md.  Internal time unit: minutes.  Money: CNY.
 *
 * Ownership: cz_scenario_load returns a scenario the caller frees with
 * cz_scenario_free (NULL is a no-op).  It keeps the resolved JSON tree. */
#ifndef CZ_SCENARIO_H
#define CZ_SCENARIO_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "models/scenario/json_in.h"
#include "models/tax/regime.h"
#include "sim/dist.h"

#define CZ_MIN_PER_DAY 1440.0
#define CZ_RATE_PER_DAY_MAX 1e6 /* consignments a day a flow may have, given or after a demand response */
#define CZ_MAX_CHANGES 8   /* policy changes in one scenario */
#define CZ_MAX_CATEGORIES 65535 /* goods categories (tariff lines) in one scenario */

typedef enum cz_route {
    CZ_ROUTE_MAINLAND,   /* leaves through the second line to the mainland */
    CZ_ROUTE_REEXPORT,   /* leaves through the first line, abroad */
    CZ_ROUTE_CONSUMED,   /* used up in the zone */
    CZ_ROUTE_TRANSFER,   /* transferred to another owner, then to the mainland */
    CZ_NROUTES
} cz_route_t;

typedef struct cz_rate {        /* a probability keyed by a name */
    char name[CZ_NAME_MAX];
    double p;
} cz_rate_t;

/* How a consignment is non-compliant (docs/enforcement.md). */
typedef enum cz_nc_kind {
    CZ_NC_NONE,
    CZ_NC_UNDERVALUE,    /* declared value = true value x (1 - u) */
    CZ_NC_MISCLASSIFY,   /* declared under another tariff line (its category's misdeclared_as) */
    CZ_NC_DIVERT,        /* exempt goods used up in the zone diverted to a use that owes tax */
    CZ_NC_LEAK,          /* goods reaching the mainland without crossing the second line */
    CZ_NC_NKINDS
} cz_nc_kind_t;

/* Where non-compliance can be found: at the declaration (documents), at an
 * inspection (physical), by a later audit (post-clearance, or of the zone's ledger). */
typedef enum cz_stage { CZ_STAGE_DECLARATION, CZ_STAGE_INSPECTION, CZ_STAGE_AUDIT, CZ_NSTAGES } cz_stage_t;

typedef struct cz_enforcement {
    bool on;                     /* some flow can be non-compliant */
    cz_rate_t *factor_owner, *factor_category; /* multipliers of a flow's non-compliance rate */
    int nfactor_owner, nfactor_category;
    double detect[CZ_NSTAGES][CZ_NC_NKINDS]; /* probability a stage finds each kind */
    double audit_rate;           /* share of evading assessments picked for post-clearance audit */
    sim_dist_t audit_lag;        /* minutes from the assessment to that audit */
    double zone_audit_default;   /* audits of the zone's ledger per year, by owner class */
    cz_rate_t *zone_audit;
    int nzone_audit;
    double power, random_share;  /* inspection targeting: binormal separation, random share */
    double penalty_multiple;     /* penalty = multiple x the tax evaded, within the legal range */
    double penalty_range[2];
    bool has_hold;
    sim_dist_t hold;             /* minutes a detected consignment is held at the line */
} cz_enforcement_t;

/* How goods of an origin are treated (tariff.origins): countries not listed
 * have most-favoured-nation treatment and no agreement. */
typedef struct cz_origin {
    char name[CZ_NAME_MAX];      /* a country, as flows name it in origin_country */
    bool no_mfn;                 /* without MFN treatment: the general rates apply */
    uint32_t agreements;         /* bit k: agreement k (cz_agreements_t) covers it */
} cz_origin_t;

/* Trade agreements by index: the bits of cz_goods_t.agreements and
 * cz_tariff_line_t.has_agreement.  `add`: a name not yet known takes the next
 * index (reading one line for assess); else unknown names are read, checked
 * and left out (a schedule's agreements that no origin claims). */
typedef struct cz_agreements {
    char name[CZ_MAX_AGREEMENTS][CZ_NAME_MAX];
    int n;
    bool add;
    char unclaimed[CZ_NAME_MAX]; /* the first agreement with line rates that no origin claims */
    long nunclaimed;             /* how many such rates */
} cz_agreements_t;
int cz_agreement_index(cz_agreements_t *a, const char *name);   /* -1: not known (and not added) */

typedef struct cz_flow {
    char name[CZ_NAME_MAX];
    bool from_mainland;          /* origin "mainland" (else "abroad") */
    char owner[CZ_NAME_MAX];
    char origin_country[CZ_NAME_MAX]; /* for origin-keyed duties; "" = none */
    int origin_ix;               /* its treatment, into cz_scenario_t.origins; -1: MFN, no agreement */
    double preference_share;     /* share of consignments that qualify under their origin's agreements */
    double rate_per_min;         /* mean arrival rate */
    double hourly[24];           /* relative rate by hour, mean 1 */
    double hourly_max;
    int ncat;
    int *cat;                    /* indices into scenario categories */
    sim_dist_t cat_pick;         /* empirical over 0..ncat-1 by share */
    double *cat_share;           /* the shares as given (ncat) */
    double *value_scale;         /* per category k: its mean value / value_cny's mean; NULL: all 1 */
    bool *exempt_on_entry;       /* per category k: an exemption of the regime covers an import tax of
                                    the flow's owner's goods at the first line (cz_regime_exempt_taxes),
                                    resolved at load for the phase it belongs to */
    sim_dist_t value_cny, quantity, dwell; /* dwell in minutes */
    double route[CZ_NROUTES];    /* shares, sum 1 */
    char transfer_owner[CZ_NAME_MAX];
    int owner_ix, transfer_owner_ix; /* into cz_scenario_t.owners; -1 if never used */
    /* processing in the zone (goods from abroad): a share becomes `product` */
    bool processing;
    double proc_share;           /* share of consignments processed */
    int product;                 /* category index of the product */
    double domestic_share;       /* domestic materials D as a fraction of imported M */
    sim_dist_t value_added;      /* value-added ratio (P - M - D) / (M + D) */
    /* behavioural response: rate_per_min is already scaled by the demand factor */
    bool demand;
    double elasticity, reference_tax_rate;
    double tax_rate;             /* expected tax per unit of customs value on this flow */
    double demand_factor;
    /* personal articles: postal-article or baggage tax at the first line */
    bool personal;
    cz_personal_t personal_kind;
    int64_t postal_rate;         /* parts per 10^8 */
    int64_t allowance_fen, waiver_fen;
    /* units that waived their exemption: they pay on entry (regime's lock-in) */
    double opt_out_share;
    /* non-compliance: the probability before the owner and category factors, and how */
    double nc_rate;
    double nc_kind[CZ_NC_NKINDS];   /* shares of the kinds (CZ_NC_NONE unused), sum 1 */
    sim_dist_t undervaluation;      /* u of an undervalued declaration, in [0, 1) */
    /* inspection targeting: the score threshold per category k, line and owner (the
     * flow's, then its transfer owner's): thr[(k * 2 + line) * 2 + owner] */
    double *thr;
} cz_flow_t;

typedef struct cz_inspection {
    unsigned bays;
    sim_dist_t time;             /* minutes */
    double default_rate;
    cz_rate_t *by_owner, *by_category;
    int nowner, ncategory;
    double *cat_rate;            /* by_category by category index (0 when not listed), or NULL */
    double *owner_rate;          /* the owner rate of each owner class (s->owners), the
                                    default where by_owner does not list it; set
                                    once the owner classes are known */
} cz_inspection_t;

typedef struct cz_line {
    unsigned lanes;
    bool always_open;
    double open, close;          /* minutes after midnight */
    sim_dist_t service;          /* declaration, minutes */
    cz_inspection_t insp;
    bool has_payment;
    sim_dist_t payment;          /* minutes, when tax is due at this line */
    cz_rate_t *priority;         /* queue priority by owner class (smaller first; others 1) */
    int npriority;
} cz_line_t;

typedef struct cz_scenario {
    char name[CZ_NAME_MAX * 2];
    char *description;
    char *file;
    double horizon_min, warmup_min;
    bool warmup_auto;            /* "warmup": "auto": warmup_min chosen from the scenario (plan.h) */
    unsigned replications;
    uint64_t seed;
    cz_tariff_line_t *cats;
    int ncats;
    /* Revenue is reported by group: each category its own, or, when every
     * category is named by a commodity code of 2 to 10 digits, by HS chapter
     * (the code's first two digits), chapters in increasing order. */
    bool by_chapter;
    int ngroups;
    int *cat_group;              /* per category: its group */
    char (*group)[CZ_NAME_MAX];  /* the groups' names */
    cz_agreements_t agreements;  /* the agreements origins claim (tariff.origins) */
#define CZ_MAX_NOTES 8
    char notes[CZ_MAX_NOTES][256]; /* warnings found while reading (cz_plan_warnings reports them) */
    int nnotes;
    cz_origin_t *origins;
    int norigins;
    int *misdeclared_as;         /* per category: the one it is misclassified under, or -1 */
    void *cat_index;             /* the categories by name (read_tariff.c), or NULL */
    cz_regime_t regime;
    cz_flow_t *flows;
    int nflows;
    char (*owners)[CZ_NAME_MAX]; /* owner classes: flows' owners and the transfer owners
                                    of flows that transfer, first appearance first */
    int nowners;
    cz_line_t l1, l2;
    cz_enforcement_t enf;
    double discount_rate_annual;
    /* policy schedule: at phase_at[k] minutes, phase[k] (a whole scenario, the
     * previous one with that change's "set" applied) takes over */
    struct cz_scenario **phase;
    double *phase_at;
    int nphases;
    cJSON *resolved;             /* the merged JSON, overrides applied */
    uint64_t hash;               /* FNV-1a of the resolved JSON, printed unformatted */
} cz_scenario_t;

/* Load, resolve and validate.  `sets` are "PATH=VALUE" strings (may be NULL).
 * On failure returns NULL with every problem recorded in r. */
cz_scenario_t *cz_scenario_load(cz_reader_t *r, const char *file, const char *const *sets,
                                int nsets);
void cz_scenario_free(cz_scenario_t *s);

/* Resolve "extends" and overrides only (no validation).  Caller frees the tree. */
cJSON *cz_scenario_resolve(cz_reader_t *r, const char *file, const char *const *sets, int nsets);
/* Validate a resolved tree (it is kept by the scenario on success). */
cz_scenario_t *cz_scenario_from_json(cz_reader_t *r, cJSON *root, const char *file);

/* Apply one "PATH=VALUE" override to a tree.  Returns false with a message. */
bool cz_apply_set(cz_reader_t *r, cJSON *root, const char *assignment);

/* For `assess`: read only the tariff and regime sections that are present
 * (a regime preset has no flows).  Keeps root on success. */
cz_scenario_t *cz_scenario_rules(cz_reader_t *r, cJSON *root, const char *file);
/* One tariff line as in tariff.categories.NAME, its agreement rates indexed by
 * ag, its additional duties by origin written into store (tl->extra points there). */
void cz_read_tariff_line(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl, cz_agreements_t *ag,
                         cz_origin_extra_t store[CZ_MAX_EXTRAS]);

/* The goods of a consignment of flow f: value, quantity, origin and its
 * treatment; `qualifies`: the consignment qualifies under its origin's agreements. */
cz_goods_t cz_flow_goods(const cz_scenario_t *s, const cz_flow_t *f, int64_t cv_fen, int64_t qty, bool qualifies);

/* Every list of keys the loader accepts (NULL-terminated lists, NULL-terminated),
 * so that a test can hold docs/scenario.md to them. */
const char *const *const *cz_scenario_key_lists(void);

/* For assert(): the indices a loaded scenario holds are in range (categories,
 * owner classes, products) and every flow's route shares sum to 1. */
bool cz_scenario_check(const cz_scenario_t *s);

/* Change the seed or the replications of a loaded scenario: the field, the
 * resolved tree (so scenario.json is the scenario as run) and the hash. */
void cz_scenario_set_seed(cz_scenario_t *s, uint64_t seed);
void cz_scenario_set_replications(cz_scenario_t *s, unsigned n);

int cz_scenario_category(const cz_scenario_t *s, const char *name); /* -1 if unknown */
int cz_scenario_owner(const cz_scenario_t *s, const char *name);    /* owner class; -1 if none */
/* The tax a flow's goods bear per unit of customs value under s, along their
 * routes (what its demand response uses; demand.c). */
double cz_flow_tax_rate(const cz_scenario_t *s, const cz_flow_t *f);
double cz_inspection_rate(const cz_inspection_t *in, const char *owner, int category);
/* The same for owner class owner_ix (its index in the scenario's owners), read
 * from the table resolved at load, without comparing names (the run's path). */
double cz_inspection_rate_of(const cz_inspection_t *in, int owner_ix, int category);
/* The probability a consignment of flow f, category index cat, owner class
 * `owner` is non-compliant: the flow's rate times the owner's and the
 * category's factors, at most 1 (0 when the flow has none). */
double cz_noncompliance(const cz_scenario_t *s, const cz_flow_t *f, int cat, const char *owner);
/* Of consignments with non-compliance probability q reaching line `line` (0:
 * first, 1: second), the share whose declaration there is false (undervalued or
 * misclassified; leaked goods never reach the second line): the q risk
 * targeting is solved for. */
double cz_false_declaration_share(const cz_flow_t *f, double q, int line);
/* A queue priority for an owner at a line (smaller first; 1 when not listed). */
int cz_line_priority(const cz_line_t *l, const char *owner);
const char *cz_nc_kind_name(cz_nc_kind_t k);
const char *cz_route_name(cz_route_t r);

#endif
