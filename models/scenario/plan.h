/* plan.h: what the scenario alone says about a run before it starts — the
 * load on each line over its open hours, warnings (an overloaded line has no
 * steady state), the warm-up "auto" chooses, and the consignments a
 * replication will hold at once (to refuse a run that cannot fit in memory).
 *
 * The "auto" warm-up (docs/experiments.md): the zone starts empty, so the
 * slowest series — the stock in the zone, and the revenue of goods leaving it
 * — approach steady state as the stays S of the goods run out.  With a
 * warm-up T and a measured window H, a flow's stock and exits are short by
 * E[((S - T)+)^2] / (2 H E[S]) and E[(S - T)+] / H of their steady values
 * (the M/G/infinity transient); auto takes the first whole day at which both
 * are at most 0.1% for every flow (S drawn 100,000 times from the stay, two
 * stays for goods transferred), and at least five relaxation times of each
 * line's queue, mean service / (c (1 - sqrt(rho))^2) (Morse's M/M/c
 * approximation, rho over the open hours).  One pass, the same for every
 * replication; the run's trend diagnostics (kpi.h) say if it was too short.
 *
 * Pure: deterministic (a fixed private generator), no I/O, no allocation kept. */
#ifndef CZ_PLAN_H
#define CZ_PLAN_H

#include "models/scenario/scenario.h"

typedef struct cz_line_load {
    double crossings_per_day;    /* both directions */
    double open_fraction;        /* of the day */
    double lanes;                /* utilisation of the lanes over their open hours, if stable */
    double bays;                 /* the same for the inspection bays */
} cz_line_load_t;

/* Loads of the first and second line (index 0 and 1) under scenario s. */
void cz_line_loads(const cz_scenario_t *s, cz_line_load_t load[2]);

/* Warnings about s (and each phase of its policy changes): what reading it
 * noted (a list prefix that matches no line), a line at or over its capacity.  Writes at most max messages; returns how many there are. */
int cz_plan_warnings(const cz_scenario_t *s, char (*msg)[256], int max);

/* The "auto" warm-up of s in minutes (see above). */
double cz_plan_warmup(const cz_scenario_t *s);

/* Consignments a replication is expected to hold at once (Little's law on the
 * zone, plus the backlog an overloaded line builds over the horizon). */
double cz_plan_in_system(const cz_scenario_t *s);
/* Memory a consignment in the system takes, on the high side: its 128-byte record
 * (+32 with enforcement, +24 bound for processing), 52 bytes of calendar, a queue
 * place while it waits; `make bench-instr` measures 186-188 without enforcement. */
#define CZ_BYTES_PER_CONSIGNMENT 256.0

#endif
