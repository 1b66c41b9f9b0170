/* zone_impl.h: the zone model's private types, shared by zone.c (the flow of
 * consignments, taxes, ledger) and zone_obs.c (narration, the MSER-5 series,
 * report detail and estimates).  Not part of the public interface: see zone.h. */
#ifndef CZ_ZONE_IMPL_H
#define CZ_ZONE_IMPL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "sim/resource.h"
#include "sim/sim.h"

#define MIN_PER_YEAR (365.0 * 1440.0)

enum exit_kind { EXIT_MAINLAND, EXIT_REEXPORT, EXIT_CONSUMED, NEXITS };

typedef struct zone zone_t;
typedef struct line line_t;
typedef struct series series_t;

typedef struct cons {
    uint32_t id;
    uint16_t flow;
    uint16_t cat;
    uint8_t route;
    bool live, taxed, outbound, transferred, in_zone;
    const char *owner;         /* borrowed from the scenario's flow */
    int16_t owner_ix;          /* its index in the scenario's owner classes */
    int64_t value_fen;         /* customs value */
    double qty;
    double u_insp[2];          /* inspection draws for l1, l2 */
    double dwell;              /* minutes */
    double t_line;             /* arrival at the current line */
    double t_entry;            /* entry into the zone (first-line release) */
    double t_decl, t_decl_end, t_insp_end; /* stages of the current crossing */
    double va_ratio;           /* value-added ratio once processed, else NaN */
    int64_t materials_fen;     /* imported materials (the value on arrival) */
    uint16_t material_cat;     /* their category */
    bool to_process;           /* processing happens at the end of the stay */
    int64_t tax_paid;          /* fen, all points */
    line_t *line;              /* line being crossed */
    struct cons *next_free;
} cons_t;

struct line {
    const cz_line_t *cfg;
    int index;                 /* 0 = first line, 1 = second line */
    sim_resource_t *lanes, *bays;
    gsl_rng *service, *insp_time, *payment;
    sim_tally_t time, wait;
    sim_quantiles_t *q_time;
    uint64_t done, inspected;
};

typedef struct flow_rt {
    const cz_flow_t *cfg;
    gsl_rng *arrivals, *goods, *route, *inspect;
    gsl_rng *processing;       /* only for flows with processing */
} flow_rt_t;

enum { CHUNK = 4096 };
typedef struct chunk {
    struct chunk *next;
    cons_t c[CHUNK];
} chunk_t;

struct zone {
    const cz_scenario_t *s;    /* the scenario in force (a phase of base after a policy change) */
    const cz_scenario_t *base; /* the scenario as loaded */
    sim_t *sim;
    line_t l1, l2;
    flow_rt_t *flows;
    chunk_t *chunks;
    cons_t *free_list;
    uint32_t next_id;
    bool measuring;
    double t_measure;          /* start of the measured period */
    /* conservation ledger, whole run */
    uint64_t arrived_n, exit_n[NEXITS], in_n, peak_in;
    int64_t arrived_fen, exit_fen[NEXITS], in_fen;
    int64_t created_fen;       /* value created by processing in the zone */
    int64_t tax_all[CZ_NTAX], tax_exited;
    /* measured period */
    uint64_t arrivals_measured;
    int64_t tax_fen[CZ_NTAX], forgone[CZ_MAX_EXEMPTIONS + 1];
    double deferral_npv;
    int64_t mainland_value_fen, mainland_tax_fen, created_measured_fen;
    sim_tally_t dwell;
    sim_timeavg_t bonded_cny, in_zone;
    series_t *series;          /* clearance times for MSER-5, or NULL */
    const cz_trace_t *trace;   /* observer, or NULL */
    double *detail;            /* report detail being filled, or NULL */
    cz_detail_layout_t dl;
    double *hour_n, *day_n;    /* snapshot counts by hour of day, by day */
    double stage_sum[2][CZ_STAGES];
    /* policy schedule: the scenario in force is s; periods count from 0 */
    int period;
    int phase_index[8];
    int64_t period_tax[9];
    int64_t *tax_by_cat, *tax_by_owner; /* measured, fen */
    int nowners;
    uint64_t period_arrivals[9];
    sim_tally_t period_time[9][2];
    uint32_t traced_left;      /* traced consignments not yet gone */
};


#define TRACING(z, c) ((z)->trace && (c)->id < (z)->trace->max_id)

static inline const cz_tariff_line_t *zi_tariff_of(const zone_t *z, const cons_t *c)
{
    return &z->s->cats[c->cat];
}

/* narration, for zonesim trace (zone_obs.c) */
void zi_say(zone_t *z, const cons_t *c, const char *step, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *zi_line_name(int index);
void zi_describe_taxes(const cz_taxes_t *t, char *buf, size_t len);

/* the clearance-time series for MSER-5 (zone_obs.c) */
series_t *zi_series_create(void);
void zi_series_add(series_t *s, double t, double x);
double zi_series_truncation(const series_t *s);

/* report detail (zone_obs.c) */
void zi_snapshot(sim_t *sim, void *subject, void *object);
void zi_finish_detail(const zone_t *z);

#endif
