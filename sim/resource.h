/* resource.h: c identical servers with a queue and opening hours.
 *
 * Seize/release in event style: sim_resource_request() asks for a server for an
 * entity; when one is granted (at once, or later from a release or an opening),
 * the grant callback runs with the entity.  The entity schedules its own service
 * and calls sim_resource_release() when done.
 *
 * Queue discipline: FIFO, or by priority (smaller value first, FIFO among equals).
 * Opening hours: a daily window [open, close) on a period (1440 for minutes).
 *   While closed no service starts; what is in service finishes.  close < open
 *   means the window wraps past midnight.
 * Statistics, kept from the last reset: time-weighted busy servers, queue
 *   length and servers offered (open servers: 0 while closed), a tally of waits
 *   (request to grant), count of grants.
 *
 * Ownership: created and destroyed by the model; borrows the sim_t and entities.
 * Errors: NULL from create when out of memory; a failed enqueue marks the sim
 *   failed (sim_failed) rather than losing the entity silently.
 * Cost: request and release O(1) FIFO, O(log q) priority. */
#ifndef SIM_RESOURCE_H
#define SIM_RESOURCE_H

#include <stdbool.h>

#include "sim/sim.h"
#include "sim/stats.h"

typedef enum { SIM_QUEUE_FIFO, SIM_QUEUE_PRIORITY } sim_queue_kind_t;

typedef void (*sim_grant_fn)(sim_t *sim, void *entity, void *arg);

typedef struct sim_resource sim_resource_t;

sim_resource_t *sim_resource_create(sim_t *sim, unsigned servers, sim_queue_kind_t kind);
void sim_resource_destroy(sim_resource_t *r);

/* Opening hours, from now on.  Call once, before the first request. */
void sim_resource_set_hours(sim_t *sim, sim_resource_t *r, double open, double close,
                            double period);

/* Change the number of servers from now on.  More servers start waiting work at
 * once; fewer let the services under way finish and start nothing new until
 * busy < servers.  Statistics stay consistent (utilisation uses the count at
 * the time it is asked). */
void sim_resource_set_servers(sim_t *sim, sim_resource_t *r, unsigned servers);

void sim_resource_request(sim_t *sim, sim_resource_t *r, void *entity, int prio,
                          sim_grant_fn fn, void *arg);
void sim_resource_release(sim_t *sim, sim_resource_t *r);

bool sim_resource_is_open(const sim_resource_t *r);
unsigned sim_resource_servers(const sim_resource_t *r);
unsigned sim_resource_busy(const sim_resource_t *r);
size_t sim_resource_queue_length(const sim_resource_t *r);

/* Statistics since the last reset, as of time now. */
void sim_resource_reset_stats(sim_t *sim, sim_resource_t *r);
double sim_resource_mean_busy(const sim_resource_t *r, double now);
double sim_resource_utilization(const sim_resource_t *r, double now); /* busy / servers */
/* Mean servers offered (0 while closed), and busy over that: utilisation of the
 * open hours.  Service that finishes after closing counts as busy, so it can
 * exceed 1 a little; NaN when nothing was offered. */
double sim_resource_mean_open_servers(const sim_resource_t *r, double now);
double sim_resource_open_utilization(const sim_resource_t *r, double now);
double sim_resource_mean_queue(const sim_resource_t *r, double now);
const sim_tally_t *sim_resource_waits(const sim_resource_t *r);
/* Starts of service while closed: always 0 unless the engine is wrong. */
unsigned long sim_resource_starts_while_closed(const sim_resource_t *r);

#endif
