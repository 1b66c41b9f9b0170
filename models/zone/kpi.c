/* kpi.c: the KPI table, its families and aggregation.  See kpi.h. */
#include "models/zone/kpi.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/stats.h"

#define CZ_KPI_DOC(id, name, unit, meaning) {name, unit, meaning},
static const cz_kpi_doc_t CODEBOOK[] = {
    CZ_KPI_TABLE(CZ_KPI_DOC)
    {"forgone_<exemption>_cny", "CNY", "one per exemption of the regime: tax it forgave (counterfactual minus charged)"},
    {"tax_category_<category>_cny", "CNY",
     "revenue from each goods category (all taxes, refunds included); they add up to tax_total_cny"},
    {"tax_chapter_<chapter>_cny", "CNY",
     "instead of tax_category_, when every category is named by a commodity code: revenue from each HS chapter "
     "(the code's first two digits); they add up to tax_total_cny"},
    {"tax_owner_<owner>_cny", "CNY",
     "revenue from each owner class (the owner when the tax fell); they add up to tax_total_cny"},
    {"noncompliant_share", "fraction", "with enforcement: share of arrivals that are non-compliant"},
    {"inspection_hit_rate", "fraction", "with enforcement: non-compliance found per inspection (both lines)"},
    {"detected_share", "fraction",
     "with enforcement: non-compliance found (at a line or by an audit) per non-compliant arrival"},
    {"revenue_recovered_cny", "CNY", "with enforcement: evaded tax recovered by audits (part of tax_total_cny)"},
    {"penalties_cny", "CNY", "with enforcement: penalties on non-compliance found (not in tax_total_cny)"},
    {"revenue_evaded_cny", "CNY",
     "with enforcement: tax due on assessments in the period but not declared, and not recovered by the end of the run"},
    {"leakage_cny", "CNY", "with enforcement: tax due on goods that reached the mainland without crossing the second line"},
    {"tax_gap_share", "fraction", "with enforcement: revenue_evaded_cny / (tax_total_cny + revenue_evaded_cny)"},
    {"evaded_undervaluation_cny", "CNY", "with enforcement: revenue_evaded_cny by undervaluation"},
    {"evaded_misclassification_cny", "CNY", "with enforcement: revenue_evaded_cny by misclassification"},
    {"evaded_diversion_cny", "CNY", "with enforcement: revenue_evaded_cny by diversion of exempt goods"},
    {"evaded_leakage_cny", "CNY", "with enforcement: revenue_evaded_cny by leakage past the second line"},
    {"period<k>_arrivals", "consignments", "with policy_changes: arrivals in period k (0 before the first change)"},
    {"period<k>_l1_time_mean_min", "min", "with policy_changes: mean first-line time of crossings released in period k"},
    {"period<k>_l2_time_mean_min", "min", "with policy_changes: mean second-line time of crossings released in period k"},
    {"period<k>_tax_total_cny", "CNY", "with policy_changes: total tax collected in period k"},
};
#undef CZ_KPI_DOC

/* Names and units of the period family, in the order of CODEBOOK's period entries. */
static const char *const PERIOD_NAMES[CZ_PERIOD_KPIS] = {"arrivals", "l1_time_mean_min", "l2_time_mean_min",
                                                         "tax_total_cny"};
#define FIRST_COMPLIANCE_DOC (K_NFIXED + 4)
#define FIRST_PERIOD_DOC (FIRST_COMPLIANCE_DOC + CZ_COMPLIANCE_KPIS)

int cz_kpi_codebook(const cz_kpi_doc_t **entries)
{
    *entries = CODEBOOK;
    return (int)(sizeof CODEBOOK / sizeof CODEBOOK[0]);
}

static int family_size(const cz_scenario_t *s, cz_kpi_family_t f)
{
    switch (f) {
    case CZ_FAM_FIXED: return K_NFIXED;
    case CZ_FAM_FORGONE: return s->regime.nex;
    case CZ_FAM_CATEGORY: return s->ngroups;
    case CZ_FAM_OWNER: return s->nowners;
    case CZ_FAM_COMPLIANCE: return s->enf.on ? CZ_COMPLIANCE_KPIS : 0;
    case CZ_FAM_PERIOD: return s->nphases ? CZ_PERIOD_KPIS * (s->nphases + 1) : 0;
    default: return 0;
    }
}

int cz_kpi_family_offset(const cz_scenario_t *s, cz_kpi_family_t f)
{
    int off = 0;
    for (int g = 0; g < (int)f; g++)
        off += family_size(s, (cz_kpi_family_t)g);
    return off;
}

int cz_kpi_count(const cz_scenario_t *s) { return cz_kpi_family_offset(s, CZ_NFAMILIES); }

cz_kpi_ref_t cz_kpi_ref(const cz_scenario_t *s, int i)
{
    assert(i >= 0 && i < cz_kpi_count(s));
    cz_kpi_family_t f = CZ_FAM_FIXED;
    while (i >= family_size(s, f)) {
        i -= family_size(s, f);
        f++;
    }
    return (cz_kpi_ref_t){f, i};
}

const char *cz_kpi_name(const cz_scenario_t *s, int i, char buf[CZ_KPI_NAME_MAX])
{
    cz_kpi_ref_t r = cz_kpi_ref(s, i);
    switch (r.family) {
    case CZ_FAM_FIXED:
        return CODEBOOK[r.index].name;
    case CZ_FAM_FORGONE:
        snprintf(buf, CZ_KPI_NAME_MAX, "forgone_%s_cny", s->regime.ex[r.index].name);
        return buf;
    case CZ_FAM_CATEGORY:
        snprintf(buf, CZ_KPI_NAME_MAX, s->by_chapter ? "tax_chapter_%s_cny" : "tax_category_%s_cny",
                 s->group[r.index]);
        return buf;
    case CZ_FAM_OWNER:
        snprintf(buf, CZ_KPI_NAME_MAX, "tax_owner_%s_cny", s->owners[r.index]);
        return buf;
    case CZ_FAM_COMPLIANCE:
        return CODEBOOK[FIRST_COMPLIANCE_DOC + r.index].name;
    default:
        snprintf(buf, CZ_KPI_NAME_MAX, "period%d_%s", r.index / CZ_PERIOD_KPIS,
                 PERIOD_NAMES[r.index % CZ_PERIOD_KPIS]);
        return buf;
    }
}

const char *cz_kpi_unit(const cz_scenario_t *s, int i)
{
    cz_kpi_ref_t r = cz_kpi_ref(s, i);
    if (r.family == CZ_FAM_FIXED)
        return CODEBOOK[r.index].unit;
    if (r.family == CZ_FAM_PERIOD)
        return CODEBOOK[FIRST_PERIOD_DOC + r.index % CZ_PERIOD_KPIS].unit;
    if (r.family == CZ_FAM_COMPLIANCE)
        return CODEBOOK[FIRST_COMPLIANCE_DOC + r.index].unit;
    return "CNY";
}

int cz_kpi_find(const cz_scenario_t *s, const char *name)
{
    char buf[CZ_KPI_NAME_MAX];
    int n = cz_kpi_count(s);
    for (int k = 0; k < n; k++)
        if (!strcmp(cz_kpi_name(s, k, buf), name))
            return k;
    return -1;
}

cz_kpi_summary_t cz_kpi_summarise(const double *table, unsigned nrep, int nkpi, int k)
{
    sim_tally_t t;
    sim_tally_init(&t);
    for (unsigned r = 0; r < nrep; r++) {
        double v = table[(size_t)r * (size_t)nkpi + (size_t)k];
        if (!isnan(v))
            sim_tally_add(&t, v);
    }
    cz_kpi_summary_t s = {sim_tally_mean(&t), sim_tally_sd(&t), sim_tally_ci95(&t),
                          t.n ? t.min : NAN, t.n ? t.max : NAN, (unsigned)t.n};
    return s;
}
