/* zone.h: one replication of the customs zone: first line, zone, second line.
 *
 * Consignments arrive in flows (Poisson, rate varying by hour of day, by
 * thinning).  From abroad: first-line lanes (declaration), risk-based inspection
 * in bays, taxes if the regime collects them there, then the zone; after a dwell
 * they are used up in the zone, re-exported through the first line, sent to the
 * mainland through the second line (taxed as imports unless already taxed), or
 * transferred to another owner (back-payment if an exemption is lost) and then
 * sent to the mainland.  From the mainland: second-line lanes and inspection,
 * export duty where the regime puts it, then the zone and an exit.
 *
 * Where taxes fall is decided by one rule (models/tax/taxpoint.h).  Random
 * streams are named per flow and per line (see journey.c), so changing one flow
 * or line leaves the others' numbers untouched: paired comparisons of two
 * policies use common random numbers.
 *
 * Conservation, checked at the end of every run (zi_zone_check): every
 * consignment and every fen of customs value that arrived is in the zone or left
 * by exactly one exit; the tax ledger by tax equals the sum of per-consignment
 * payments.  Memory grows with the consignments in the system, not the horizon.
 *
 * Ownership: cz_zone_run builds and frees everything it uses; the scenario is
 * borrowed read-only, so replications can run in parallel threads. */
#ifndef CZ_ZONE_H
#define CZ_ZONE_H

#include <stdatomic.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "models/status.h"
#include "models/zone/kpi.h"

typedef struct cz_zone_stats {
    double warmup_min;         /* the warm-up used */
    uint64_t events;
    uint64_t consignments;     /* arrivals over the whole run */
    uint64_t peak_in_system;
    char check_error[256];     /* empty when every invariant held */
} cz_zone_stats_t;

/* An observer of consignments' steps, for `zonesim trace`: fn is called at each
 * step of consignments with id < max_id (ids count arrivals from 0), with the
 * simulated time, the consignment, its flow, a step name and a sentence. */
typedef struct cz_trace {
    void (*fn)(void *ctx, double t_min, uint32_t id, const char *flow, const char *step,
               const char *text);
    void *ctx;
    uint32_t max_id;
    bool stop_when_done;   /* end the run once those consignments have all left */
} cz_trace_t;


/* How to run one replication: which one, and who watches. */
typedef struct cz_run_opts {
    unsigned rep;                /* replication number: seeds every stream */
    volatile atomic_int *stop;   /* polled once per simulated hour; NULL: never */
    const cz_trace_t *trace;     /* narration (a fixed warm-up: "auto" is none), or NULL */
    double *detail;              /* report detail to fill (cz_detail_layout().size), or NULL */
    const char *monitor;         /* a folder for the run's rows (below), or NULL */
} cz_run_opts_t;

/* The monitor (zonesim run --monitor DIR): a replication run with a monitor
 * folder streams its rows, with no header, to one hidden part file per kind in
 * that folder (cz_monitor_part), kept when it finishes whole (CZ_OK) and
 * removed otherwise; the caller joins them under cz_monitor_header, in
 * replication order, into NAME.csv.  Rows and columns: docs/outputs.md. */
enum { CZ_MON_KINDS = 4 };
const char *cz_monitor_name(int kind);    /* "consignments", "crossings", "taxes", "resources" */
const char *cz_monitor_header(int kind);  /* the CSV header line, ending in a newline */
/* The part file of replication rep; false when it does not fit in len. */
bool cz_monitor_part(char *buf, size_t len, const char *dir, int kind, unsigned rep);

/* Run a replication of scenario s; fill kpis (cz_kpi_count(s) values).
 * Returns CZ_OK, CZ_FAILED (out of memory or a broken invariant; the reason is
 * in stats->check_error), or CZ_INTERRUPTED when *stop became non-zero.
 * Polling does not change the results. */
int cz_zone_run_with(const cz_scenario_t *s, const cz_run_opts_t *o, double *kpis, cz_zone_stats_t *stats);
/* The same, with replication rep and nobody watching. */
int cz_zone_run(const cz_scenario_t *s, unsigned rep, double *kpis, cz_zone_stats_t *stats);

/* Detail for reports, a flat vector of doubles per replication (NaN where there is
 * nothing to show), averaged over replications by the caller.  Recorded from the
 * warm-up on, by snapshots every 15 simulated minutes and at each crossing;
 * memory is bounded by the horizon in days, not by the traffic. */
#define CZ_STAGES 4   /* queue, declaration, inspection (waiting for a bay included), payment */
#define CZ_PCTS 99    /* clearance-time percentiles 1..99 */
typedef struct cz_detail_layout {
    int hour_queue, hour_busy;   /* [line][24]: mean queue length, mean busy lanes by hour of day */
    int pct;                     /* [line][99]: clearance-time percentiles, minutes */
    int stage;                   /* [line][4]: mean minutes per crossing in each stage */
    int by_cat, by_owner;        /* tax collected by revenue group (scenario.h), by owner class (CNY) */
    int day_queue, day_busy;     /* [line][ndays] mean queue, mean busy lanes by day */
    int day_bonded;              /* [ndays] bonded stock (CNY) */
    int day_tax, day_forgone;    /* [ndays] tax collected (recoveries included) and revenue
                                    forgone by exemptions and de minimis, that day (CNY) */
    int ndays, nowners, size;
} cz_detail_layout_t;

void cz_detail_layout(const cz_scenario_t *s, cz_detail_layout_t *l);
/* Owner classes of the scenario in a fixed order (flows' owners and transfer
 * owners, first appearance first); i < layout.nowners. */
const char *cz_detail_owner(const cz_scenario_t *s, int i);

#endif
