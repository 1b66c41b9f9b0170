/* load.c: what the scenario alone says about a run before it starts: the
 * consignments a replication is expected to hold at once (for refusing a run
 * that could not fit in memory).  See zone.h. */
#include <math.h>

#include "models/zone/zone_impl.h"

double cz_zone_expected_in_system(const cz_scenario_t *s)
{
    double in_zone = 0, to_l1 = 0, to_l2 = 0;
    for (int i = 0; i < s->nflows; i++) {
        const cz_flow_t *f = &s->flows[i];
        double stays = 1 + f->route[CZ_ROUTE_TRANSFER];
        in_zone += f->rate_per_min * f->dwell.mean * stays;
        if (f->from_mainland) {
            to_l2 += f->rate_per_min * (1 + f->route[CZ_ROUTE_MAINLAND]);
            to_l1 += f->rate_per_min * f->route[CZ_ROUTE_REEXPORT];
        } else {
            to_l1 += f->rate_per_min * (1 + f->route[CZ_ROUTE_REEXPORT]);
            to_l2 += f->rate_per_min * (f->route[CZ_ROUTE_MAINLAND] + f->route[CZ_ROUTE_TRANSFER]);
        }
    }
    /* An overloaded line's queue grows for the whole horizon. */
    const cz_line_t *lines[2] = {&s->l1, &s->l2};
    double load[2] = {to_l1, to_l2}, backlog = 0;
    for (int i = 0; i < 2; i++) {
        const cz_line_t *l = lines[i];
        double open = l->always_open ? 1
                      : fmod(l->close - l->open + CZ_MIN_PER_DAY, CZ_MIN_PER_DAY) / CZ_MIN_PER_DAY;
        double capacity = l->service.mean > 0 ? l->lanes * open / l->service.mean : INFINITY;
        if (load[i] > capacity && (i == 0 || s->regime.second_line_control))
            backlog += (load[i] - capacity) * s->horizon_min;
    }
    return in_zone + backlog;
}

