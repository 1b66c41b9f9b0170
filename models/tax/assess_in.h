/* assess_in.h: the input of `zonesim assess`, read and checked (assess_in.c),
 * for assess.c.  Private to models/tax. */
#ifndef CZ_ASSESS_IN_H
#define CZ_ASSESS_IN_H

#include "models/scenario/scenario.h"
#include "models/tax/taxpoint.h"

typedef struct assess_in {
    cz_tariff_line_t tl;          /* the goods' line (the product's when processed) */
    cz_tariff_line_t material;    /* processing: the imported materials' line */
    cz_scenario_t *rules;         /* regime and tariff from a file, or NULL */
    cz_goods_t g;
    const char *owner, *to_owner;
    cz_move_t move;
    cz_goods_state_t state;
    bool processed;               /* "processing" given */
    int64_t materials_fen;
    double va_ratio;              /* NaN unless processed */
    long months;                  /* months since entry (back-payment on depreciated value) */
    bool has_months;              /* "elapsed_months" given: it must apply */
    cz_personal_t personal_kind;  /* with state.personal */
    int64_t personal_rate, allowance_fen, waiver_fen;
    cz_agreements_t ag;           /* agreements named by inline tariff lines */
    cz_origin_extra_t extra[2][CZ_MAX_EXTRAS]; /* inline lines' additional duties (tl, material) */
} assess_in_t;

/* Read the input object; false with every problem recorded in r.  Frees nothing:
 * x->rules is the caller's (cz_scenario_free). */
bool cz_assess_read(cz_reader_t *r, const cJSON *in, assess_in_t *x);

#endif
