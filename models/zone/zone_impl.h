/* zone_impl.h: the zone model's private types and the functions its files
 * share.  Not part of the public interface: see zone.h.
 *
 *   zone.c     set-up, policy phases, one run, the public run functions
 *   journey.c  the journey of a consignment: arrival, lines, the stay, exits
 *   stays.c    stays held out of the calendar until their last hour
 *   levy.c     taxes at each point of the journey (where they fall: taxpoint.h)
 *   measure.c  the measured period: statistics, KPIs, the conservation ledger
 *   detail.c   the report detail (snapshots by hour and day)
 *   narrate.c  narration for `zonesim trace` (costs nothing when off)
 *   days.c     the measured window day by day, and the trend diagnostics
 *   comply.c   non-compliance, detection, targeted inspection, audits, penalties
 *
 * Ownership: the zone owns its consignments (a pool of chunks), its lines'
 * resources and its statistics; it borrows the scenario, the trace observer
 * and the detail vector. */
#ifndef CZ_ZONE_IMPL_H
#define CZ_ZONE_IMPL_H

#include <assert.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "models/tax/taxpoint.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "sim/resource.h"
#include "sim/sim.h"

#define MIN_PER_YEAR (365.0 * 1440.0)
#define CZ_MAX_PHASES CZ_MAX_CHANGES
/* Width of the calendar's far buckets (sim_set_far_width), in minutes: make bench-instr
 * measured 15, 60 and 240; see docs/performance.md. */
#define ZI_FAR_WIDTH_MIN 60.0

enum exit_kind { EXIT_MAINLAND, EXIT_REEXPORT, EXIT_CONSUMED, NEXITS };
enum { LINE1, LINE2, NLINES };

typedef struct zone zone_t;
typedef struct line line_t;
typedef struct evasion evasion_t;

/* What a consignment bound for processing in the zone needs besides the
 * record: the ratio drawn on arrival, and once processed, its materials.  From
 * the zone's own free list, only for those consignments (cons_t.proc). */
typedef struct cons_proc {
    double va_ratio;           /* value-added ratio (to_process or processed) */
    int64_t materials_fen;     /* imported materials (the value on arrival) */
    uint16_t material_cat;     /* the imported materials' category */
    struct cons_proc *next_free; /* in the zone's free list */
} cons_proc_t;

/* A consignment: 128 bytes, two cache lines, each record aligned to one (a
 * chunk's records start on a line).  The first line holds what every step
 * reads (value, quantity, times in the zone, the small fields and flags, the
 * inspection draws); the second the crossing of a line and the taxes it
 * defers or returns.  What only enforcement uses lives in the chunk's side
 * table (cons_cold_t, zi_cold), which a scenario without enforcement never
 * allocates; what only processing uses, in a record of its own (proc).  The
 * stay's length and the tax deferred at the exit share a place: the one is
 * read until the goods head out (outbound), the other from then on.  So do the
 * crossing's times and the stay's place in the zone's lists: a consignment is
 * never in both at once.  Its owner class is owner_ix (zi_owner). */
typedef struct cons {
    int64_t value_fen;         /* customs value */
    int64_t qty;               /* millionths of a unit */
    double t_entry;            /* entry into the zone (first-line release) */
    int64_t tax_paid;          /* fen, all points */
    union {
        double dwell;          /* minutes (read until it heads out: !outbound) */
        int64_t deferred_fen;  /* outbound: tax assessed at the second line, its deferral booked at release */
    };
    uint32_t id;
    uint32_t u_insp[NLINES];   /* inspection draws for each line: taus2's outputs (simi_unit gives the uniform) */
    uint16_t flow;
    uint16_t cat;
    uint16_t cat_k;            /* its category's index in its flow */
    int16_t owner_ix;          /* its owner class: an index in the scenario's owner classes */
    uint8_t route;
    uint8_t nc;                /* cz_nc_kind_t: CZ_NC_NONE unless it has tax to evade on its path */
    bool live : 1, taxed : 1, outbound : 1, transferred : 1, in_zone : 1;
    bool refunded : 1;         /* mainland goods refunded as exports */
    bool opted_out : 1;        /* its unit waived its exemptions: pays on entry */
    bool exempt : 1;           /* an exemption covered it on entry, and it has not left it */
    bool entered_exempt : 1;   /* an exemption covered it on entry (kept when it is lost) */
    bool preferred : 1;        /* qualifies under its origin's trade agreements (proof of origin) */
    bool to_process : 1;       /* processing happens at the end of the stay (ratio in proc) */
    bool processed : 1;        /* processed in the zone: its materials in proc */
    bool caught : 1;           /* found: declared as it truly is from then on */
    bool measured : 1;         /* arrived while measuring (its detection counts then) */
    /* the second line: the crossing under way */
    double t_arrive;           /* arrival at the first line (or the second, for mainland goods) */
    union {
        struct {               /* crossing a line */
            double t_line;     /* arrival at the current line */
            double t_decl, t_decl_end, t_insp_end; /* stages of the current crossing */
            line_t *line;      /* the line being crossed */
        };
        struct {               /* staying, held by the zone until its last hour (stays.c) */
            double t_due;      /* when the stay ends */
            uint64_t place;    /* its place in the order of events (sim_reserve) */
            struct cons *next; /* in its hour's list */
        } stay;
    };
    union {
        cons_proc_t *proc;     /* live: bound for processing or processed, else NULL */
        struct cons *next_free; /* in the pool's free list */
    };
    int64_t entry_paid_fen;    /* import taxes paid on entry (a drawback returns them) */
} cons_t;

/* What a consignment needs only with enforcement: in its chunk's side table,
 * at its index in the chunk (zi_cold). */
typedef struct cons_cold {
    /* non-compliance (comply.c): the truth is value_fen and cat, the declaration these */
    evasion_t *ev;             /* its evasion not yet recovered, or NULL */
    int64_t decl_value_fen;
    uint64_t cseed;            /* its own draws (detections, risk scores), by slot */
    uint16_t decl_cat;
} cons_cold_t;

struct line {
    const cz_line_t *cfg;
    int index;                 /* LINE1 or LINE2 */
    sim_resource_t *lanes, *bays;
    gsl_rng *service, *insp_time, *payment;
    gsl_rng *hold;             /* with enforcement: how long detected goods are held */
    sim_tally_t time, wait;    /* measured crossings, counted at release */
    sim_quantiles_t *q_time;
    uint64_t done;             /* crossings released while measuring */
    uint64_t checked, inspected; /* risk checks made, and inspections they chose */
    uint64_t hits;             /* inspections that found non-compliance */
};

typedef struct flow_rt {
    const cz_flow_t *cfg;
    gsl_rng *arrivals, *goods, *route, *inspect;
    gsl_rng *processing;       /* only for flows with processing */
    gsl_rng *optout;           /* only for flows with an opt-out share */
    gsl_rng *comply;           /* only with enforcement: non-compliance and its seeds */
    gsl_rng *preference;       /* whether a consignment qualifies under its origin's agreements */
    int hour;                  /* with an hourly profile: the hour of day of the next arrival */
    double hour_end;           /* and when that hour ends (minutes); see zi_schedule_arrival */
    sim_handle_t next;         /* the next arrival, redrawn when a policy change alters the rate */
} flow_rt_t;

/* Tax due but not declared on one assessment, kept until it is recovered (an
 * audit, or a check at a line that finds the goods) or the run ends (comply.c).
 * The consignment may be gone by then: cons is NULL once it has left. */
struct evasion {
    evasion_t *prev, *next;
    int64_t fen[CZ_NTAX];      /* by tax item */
    int64_t total;
    cons_t *cons;
    uint32_t id;               /* the consignment's */
    uint16_t cat, flow;
    int16_t owner_ix;
    uint8_t kind;              /* cz_nc_kind_t */
    bool in_window;            /* booked while measuring */
    bool measured;             /* its consignment arrived while measuring */
    bool scheduled;            /* an audit event holds it */
    bool done;                 /* recovered already (kept until its audit event) */
};

/* A chunk of consignments: CHUNK_BYTES, aligned to its size, so that a
 * consignment finds its chunk, and so its side table, from its own address.
 * The header takes the first record's place. */
enum { CHUNK_BYTES = 1 << 19, CHUNK = CHUNK_BYTES / 128 - 1 };
typedef struct chunk {
    struct chunk *next;
    cons_cold_t *cold;         /* CHUNK side records, or NULL when the zone needs none */
    char pad[128 - 2 * sizeof(void *)];
    cons_t c[CHUNK];
} chunk_t;
_Static_assert(sizeof(cons_t) == 128, "a consignment is two cache lines");
_Static_assert(sizeof(chunk_t) == CHUNK_BYTES, "a chunk fills its aligned block");

/* The side record of a consignment (only with enforcement: pool.cold). */
static inline cons_cold_t *zi_cold(const cons_t *c)
{
    chunk_t *ch = (chunk_t *)((uintptr_t)c & ~(uintptr_t)(CHUNK_BYTES - 1));
    assert(ch->cold && c >= ch->c && c < ch->c + CHUNK);
    return &ch->cold[c - ch->c];
}

/* Consignments in the system: a free list over chunks that are never moved. */
typedef struct pool {
    chunk_t *chunks;
    cons_t *free_list;
    uint32_t next_id;
    bool cold;                 /* chunks carry side tables: enforcement is modelled */
    cons_proc_t *proc_free;    /* processing records to reuse */
    cons_proc_t **proc_blocks; /* their allocations, to free */
    size_t nproc_blocks;
} pool_t;

/* The stays in the zone (stays.c): each held in the list of the hour it ends in,
 * in a ring of hour-wide buckets, and handed to the calendar as that hour opens.
 * Width: ZI_FAR_WIDTH_MIN, the calendar's own, so a stay handed in goes
 * straight into its heap. */
enum { STAY_RING = 8192 };     /* buckets: 341 days ahead; a stay beyond goes to the calendar at once */
typedef struct stays {
    struct cons **ring;        /* STAY_RING lists through cons_t.stay.next: bucket b at b % STAY_RING */
    int64_t open;              /* buckets before this one are handed in */
    size_t n;                  /* stays held; while n > 0 the next bucket's opening is scheduled */
} stays_t;

/* Conservation over the whole run: what arrived, is inside, left, was paid. */
typedef struct ledger {
    uint64_t arrived_n, exit_n[NEXITS], in_n, peak_in;
    int64_t arrived_fen, exit_fen[NEXITS], in_fen;
    int64_t created_fen;       /* value created by processing in the zone */
    int64_t tax_all[CZ_NTAX], tax_exited;
    /* with enforcement: import taxes truly due and declared on the same
     * assessments, recovered by audits, still outstanding, overpaid (a
     * misdeclaration under a line taxed more), and penalties */
    int64_t true_fen, declared_fen, recovered_fen, outstanding_fen, overpaid_fen, penalty_fen;
} ledger_t;

/* The measured period (from the warm-up to the horizon). */
typedef struct measure {
    bool on;
    double t_start;            /* minutes */
    uint64_t arrivals;
    int64_t tax_fen[CZ_NTAX], forgone[CZ_MAX_EXEMPTIONS + 1];
    double deferral_npv;
    int64_t mainland_value_fen, mainland_tax_fen, created_fen;
    sim_tally_t dwell, e2e;    /* days in the zone; hours from arrival to release to the mainland */
    sim_quantiles_t *q_e2e;
    sim_timeavg_t bonded_cny, in_zone;
    int64_t *tax_by_cat, *tax_by_owner; /* fen; by revenue group (scenario.h), by owner */
    /* per period of a policy schedule (period 0 before the first change); the
     * tallies only when there is one (only the period KPIs read them); period_tax,
     * the measured tax, also keeps the run's total in range */
    uint64_t period_arrivals[CZ_MAX_PHASES + 1];
    int64_t period_tax[CZ_MAX_PHASES + 1];
    sim_tally_t period_time[CZ_MAX_PHASES + 1][NLINES];
    /* with enforcement */
    uint64_t nc_arrivals, detected;
    int64_t recovered_fen, penalty_fen, leakage_fen;
    int64_t evaded_fen[CZ_NC_NKINDS]; /* booked in the period, not (yet) recovered */
} measure_t;

/* The running totals at each day boundary of the measured window (days.c). */
typedef struct days {
    int n, cap;
    double *in_zone;                 /* consignment-minutes in the zone so far */
    double *time_sum[NLINES], *time_n[NLINES]; /* clearance minutes and crossings so far */
} days_t;

/* The monitor's files (monitor.c), open while a run streams them. */
enum { MON_CONSIGNMENTS, MON_CROSSINGS, MON_TAXES, MON_RESOURCES };
typedef struct monitor {
    FILE *f[CZ_MON_KINDS];
    const char *dir;
    unsigned rep;
} monitor_t;

/* The report detail being filled (detail.c). */
typedef struct detail {
    double *v;                 /* cz_detail_layout().size doubles, or NULL */
    cz_detail_layout_t dl;
    double *hour_n, *day_n;    /* snapshot counts by hour of day, by day */
} detail_t;

struct zone {
    const cz_scenario_t *s;    /* the scenario in force (a phase of base after a policy change) */
    const cz_scenario_t *base; /* the scenario as loaded */
    sim_t *sim;
    line_t lines[NLINES];
    flow_rt_t *flows;
    pool_t pool;
    stays_t stays;
    ledger_t ledger;
    measure_t m;
    detail_t detail;
    days_t days;
    monitor_t mon;             /* with --monitor: files open (f[0] != NULL) */
    evasion_t *evasions;       /* outstanding, newest first */
    gsl_rng *audit;            /* with enforcement: post-clearance audit lags */
    const cz_trace_t *trace;   /* observer, or NULL */
    uint32_t traced_left;      /* traced consignments not yet gone */
    bool overflow;             /* a tax sum went beyond range: the run fails */
    int period;                /* current period of the policy schedule */
    cz_tax_point_memo_t *tax_points; /* by period: where taxes fall under its regime */
    int phase_index[CZ_MAX_PHASES];
};

/* A consignment's owner class, by name (the classes are the same in every phase). */
static inline const char *zi_owner(const zone_t *z, const cons_t *c) { return z->base->owners[c->owner_ix]; }

static inline const cz_tariff_line_t *zi_tariff_of(const zone_t *z, const cons_t *c)
{
    return &z->s->cats[c->cat];
}

static inline const cz_flow_t *zi_flow_of(const zone_t *z, const cons_t *c)
{
    return z->flows[c->flow].cfg;
}

/* journey.c */
void zi_schedule_arrival(zone_t *z, flow_rt_t *fr);
/* The end of a stay in the zone (subject: the consignment, object: the zone). */
void zi_stay_done(sim_t *sim, void *subject, void *object);
/* The next arrival drawn again from now, under the flow's rate in force (a
 * policy change altered it): a Poisson process's future does not depend on its
 * past, so the draw is exact. */
void zi_redraw_arrival(zone_t *z, flow_rt_t *fr);
/* The consignment leaves the zone (its exit crossing released, or used up). */
void zi_leave_zone(zone_t *z, cons_t *c);
/* After a line's taxes: the payment step if anything is due, then release. */
void zi_after_taxes(zone_t *z, cons_t *c, int64_t due);

/* stays.c: the ring, set up and freed with the zone; a stay of `delay`
 * minutes from now, ending in zi_stay_done: held in the ring, or scheduled at
 * once when it ends within the open hour or beyond the ring.  Either way the
 * order of events is the one scheduling at once gives. */
bool zi_stays_init(zone_t *z);
void zi_stays_fini(zone_t *z);
void zi_stay(zone_t *z, cons_t *c, double delay);

/* levy.c: the taxes of a move (taxpoint.h), charged to the consignment.
 * Returns the fen due. */
int64_t zi_levy(zone_t *z, cons_t *c, cz_move_t move, const char *new_owner);
/* The move a consignment makes as it finishes a crossing of line l. */
cz_move_t zi_crossing_move(const zone_t *z, const cons_t *c, const line_t *l);
/* Goods processed in the zone: P = (M + D)(1 + ratio). */
void zi_process(zone_t *z, cons_t *c);

/* comply.c: non-compliance drawn on arrival; whether a stage finds it (and
 * then the penalty, and true to declare from then on; hold: minutes to hold the
 * goods, 0 if none); inspection selection, at random or by risk score; an
 * assessment's evasion booked (and its audit scheduled); leakage past the
 * second line; the end-of-run cleanup and ledger check. */
void zi_comply_arrival(zone_t *z, flow_rt_t *fr, cons_t *c);
void zi_comply_say(zone_t *z, const cons_t *c);      /* after the arrival is told */
void zi_comply_exit(zone_t *z, cons_t *c);           /* the consignment leaves the system */
/* A check at a line (stage): whether it finds the consignment's false
 * declaration, and then how long the goods are held.  Inline for the common
 * case of nothing to find; zi_comply_found does the rest. */
bool zi_comply_found(zone_t *z, cons_t *c, line_t *l, cz_stage_t stage, double *hold);
static inline bool zi_comply_check(zone_t *z, cons_t *c, line_t *l, cz_stage_t stage, double *hold)
{
    *hold = 0;
    if ((c->nc != CZ_NC_UNDERVALUE && c->nc != CZ_NC_MISCLASSIFY) || c->caught) /* a true declaration */
        return false;
    return zi_comply_found(z, c, l, stage, hold);
}
bool zi_inspect_select(zone_t *z, cons_t *c, const line_t *l, double p);
void zi_book_evasion(zone_t *z, cons_t *c, const cz_taxes_t *truly, const cz_taxes_t *declared, cz_nc_kind_t kind);
bool zi_comply_leak(zone_t *z, cons_t *c);
void zi_comply_fini(zone_t *z);
bool zi_comply_ledger_check(const zone_t *z, char *why, size_t len);
/* The goods as declared: what an assessment of the declaration uses. */
/* The consignment's goods at a customs value: origin and its treatment (tax.h). */
cz_goods_t zi_goods(const zone_t *z, const cons_t *c, int64_t cv_fen);
cz_goods_t zi_declared_goods(const zone_t *z, const cons_t *c);
static inline int zi_declared_cat(const cons_t *c)
{
    return c->nc == CZ_NC_MISCLASSIFY && !c->caught ? zi_cold(c)->decl_cat : c->cat;
}

/* levy.c: the import assessment of a move without charging it, on the goods as
 * they truly are (or as declared), with or without exemptions, into *out. */
void zi_assess_import(zone_t *z, cons_t *c, cz_move_t move, cz_point_t at, const char *owner, bool declared,
                      bool no_exemption, int64_t *assessed_fen, cz_assessment_t *out);

/* measure.c */
void zi_start_measuring(sim_t *sim, void *subject, void *object);
void zi_count_arrival(zone_t *z, const cons_t *c);
void zi_count_crossing(zone_t *z, cons_t *c, line_t *l, double t);
void zi_count_exit(zone_t *z, cons_t *c, enum exit_kind k);
/* An amount beyond what zonesim represents (a drawn value over CZ_MAX_FEN, a
 * sum beyond int64): the run fails, reported as such, never a wrapped number. */
void zi_amount_overflow(zone_t *z);
static inline void zi_add_fen(zone_t *z, int64_t *sum, int64_t v)
{
    if (SIM_UNLIKELY(__builtin_add_overflow(*sum, v, sum)))
        zi_amount_overflow(z);
}
void zi_stock_add(zone_t *z, double cny); /* bonded stock changes by cny now */
void zi_collect(const zone_t *z, double *kpis);
/* Conservation of consignments, customs value and tax.  True when it holds;
 * else false with the reason in why.  For every run and inside assert(). */
bool zi_zone_check(const zone_t *z, char *why, size_t len);

/* detail.c */
bool zi_detail_start(zone_t *z, double *detail);
void zi_detail_stages(zone_t *z, const cons_t *c, const line_t *l);
void zi_snapshot(sim_t *sim, void *subject, void *object);
void zi_finish_detail(const zone_t *z);
void zi_detail_fini(zone_t *z);
/* Tax collected (and revenue forgone on the same charge) while measuring, into
 * the detail's revenue by group, by owner and by day; nothing without detail. */
void zi_detail_revenue(zone_t *z, int group, int owner_ix, int64_t tax_fen, int64_t forgone_fen);

/* narrate.c: zi_say narrates only consignments the observer follows; its
 * arguments are not even evaluated otherwise. */
#define TRACING(z, c) ((z)->trace && (c)->id < (z)->trace->max_id)
#define zi_say(z, c, ...)                   \
    do {                                    \
        if (TRACING(z, c))                  \
            zi_narrate(z, c, __VA_ARGS__);  \
    } while (0)
void zi_narrate(zone_t *z, const cons_t *c, const char *step, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same for a consignment that may be gone (an audit long after), by id. */
void zi_narrate_id(zone_t *z, uint32_t id, const char *flow, const char *step, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
const char *zi_line_name(int index);
void zi_describe_taxes(const cz_taxes_t *t, char *buf, size_t len);
void zi_say_assessment(zone_t *z, const cons_t *c, cz_point_t at, const char *owner, int64_t assessed_fen,
                       const cz_assessment_t *a);

/* monitor.c: rows streamed while the part files are open (z->mon.f[0]);
 * finish keeps them when the replication is whole, else removes them. */
bool zi_monitor_start(zone_t *z, const char *dir, unsigned rep);
bool zi_monitor_finish(zone_t *z, bool whole);
void zi_monitor_crossing(zone_t *z, const cons_t *c, const line_t *l);
void zi_monitor_taxes(zone_t *z, uint32_t id, const cz_flow_t *fl, int cat, const cz_taxes_t *t, int64_t forgone);
void zi_monitor_exit(zone_t *z, const cons_t *c, enum exit_kind k);

/* days.c */
bool zi_days_start(zone_t *z);
void zi_days_fini(zone_t *z);
void zi_day_mark(sim_t *sim, void *subject, void *object);
double zi_trend_in_zone(const zone_t *z);
double zi_trend_time(const zone_t *z, int line);

#endif
