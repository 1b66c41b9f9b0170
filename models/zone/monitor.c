/* monitor.c: the whole run, row by row, for pandas or R (zonesim run
 * --monitor DIR; docs/outputs.md "Monitor").  Four kinds of rows, streamed as
 * the run goes so that memory stays flat for any horizon:
 *   consignments  one row per consignment as it leaves the system
 *   crossings     one row per crossing of a line, at its release
 *   taxes         one row per charge (an assessment, a refund, a recovery)
 *   resources     every hour: lanes and bays busy, queues, goods in the zone
 * Each replication writes its own hidden part file per kind (no header), kept
 * when the replication finishes whole and removed otherwise; the caller joins
 * them in replication order (output/monitor.c).  Times are in minutes from the
 * start of the run; "measured" says whether the row falls after the warm-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/zone/zone_impl.h"

static const char *const NAMES[CZ_MON_KINDS] = {"consignments", "crossings", "taxes", "resources"};
static const char *const HEADERS[CZ_MON_KINDS] = {
    "replication,consignment,flow,owner,origin,category,declared_category,value_cny,quantity,route,arrived_min,"
    "entered_zone_min,exit,exit_min,tax_paid_cny,exempt_on_entry,noncompliance,found,measured\n",
    "replication,consignment,flow,line,direction,arrived_min,declaration_start_min,declaration_end_min,"
    "inspection_end_min,released_min,time_min,measured\n",
    "replication,consignment,flow,origin,category,time_min,duty_cny,additional_duty_cny,ct_cny,vat_cny,export_duty_cny,postal_cny,"
    "refund_cny,drawback_cny,total_cny,forgone_cny,measured\n",
    "replication,time_min,l1_lanes_busy,l1_queue,l1_bays_busy,l2_lanes_busy,l2_queue,l2_bays_busy,in_zone,"
    "bonded_stock_cny,measured\n"};

const char *cz_monitor_name(int kind)
{
    return NAMES[kind];
}

const char *cz_monitor_header(int kind)
{
    return HEADERS[kind];
}

bool cz_monitor_part(char *buf, size_t len, const char *dir, int kind, unsigned rep)
{
    return snprintf(buf, len, "%s/.%s_%u.part.%ld", dir, NAMES[kind], rep, (long)getpid()) < (int)len;
}

static const char *yes(bool b)
{
    return b ? "true" : "false";
}

/* A CSV field from a name (names are data: quoted when they hold a comma, quote or newline). */
static void field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void hourly(sim_t *sim, void *subject, void *object);

bool zi_monitor_start(zone_t *z, const char *dir, unsigned rep)
{
    char path[4200];
    z->mon.dir = dir;
    z->mon.rep = rep;
    for (int f = 0; f < CZ_MON_KINDS; f++)
        if (!cz_monitor_part(path, sizeof path, dir, f, rep) || !(z->mon.f[f] = fopen(path, "wx")))
            return false;
    sim_schedule(z->sim, 0, INT32_MAX - 2, hourly, z, NULL);
    return true;
}

/* Close the part files; keep them when the replication is whole and every
 * row reached the disk, else remove them.  False when they had to go. */
bool zi_monitor_finish(zone_t *z, bool whole)
{
    if (!z->mon.dir)
        return true;
    bool ok = true;
    for (int f = 0; f < CZ_MON_KINDS; f++)
        if (z->mon.f[f]) {
            ok &= fflush(z->mon.f[f]) == 0 && !ferror(z->mon.f[f]);
            ok &= fclose(z->mon.f[f]) == 0;
            z->mon.f[f] = NULL;
        } else {
            ok = false; /* never opened */
        }
    char part[4200];
    for (int f = 0; f < CZ_MON_KINDS && !(whole && ok); f++)
        if (cz_monitor_part(part, sizeof part, z->mon.dir, f, z->mon.rep))
            remove(part);
    return ok;
}

static void hourly(sim_t *sim, void *subject, void *object)
{
    (void)object;
    zone_t *z = subject;
    double now = sim_now(sim);
    fprintf(z->mon.f[MON_RESOURCES], "%u,%.0f", z->mon.rep, now);
    for (int i = 0; i < NLINES; i++) {
        const line_t *l = &z->lines[i];
        fprintf(z->mon.f[MON_RESOURCES], ",%u,%zu,%u", sim_resource_busy(l->lanes), sim_resource_queue_length(l->lanes),
                sim_resource_busy(l->bays));
    }
    fprintf(z->mon.f[MON_RESOURCES], ",%llu,%.2f,%s\n", (unsigned long long)z->ledger.in_n, z->m.bonded_cny.value,
            yes(z->m.on));
    sim_schedule(sim, 60, INT32_MAX - 2, hourly, z, NULL);
}

void zi_monitor_crossing(zone_t *z, const cons_t *c, const line_t *l)
{
    FILE *f = z->mon.f[MON_CROSSINGS];
    double now = sim_now(z->sim);
    fprintf(f, "%u,%u,", z->mon.rep, c->id);
    field(f, zi_flow_of(z, c)->name);
    fprintf(f, ",%d,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s\n", l->index + 1, c->outbound ? "out" : "in", c->t_line,
            c->t_decl, c->t_decl_end, c->t_insp_end, now, now - c->t_line, yes(z->m.on));
}

static const char *origin_of(const cz_flow_t *fl)
{
    return fl->from_mainland ? "mainland" : fl->origin_country[0] ? fl->origin_country : "abroad";
}

void zi_monitor_taxes(zone_t *z, uint32_t id, const cz_flow_t *fl, int cat, const cz_taxes_t *t, int64_t forgone)
{
    FILE *f = z->mon.f[MON_TAXES];
    char v[CZ_FEN_TEXT];
    fprintf(f, "%u,%u,", z->mon.rep, id);
    field(f, fl->name);
    fputc(',', f);
    field(f, origin_of(fl));
    fputc(',', f);
    field(f, z->s->cats[cat].name);
    fprintf(f, ",%.3f", sim_now(z->sim));
    for (int i = 0; i < CZ_NTAX; i++)
        fprintf(f, ",%s", cz_fen_text(t->fen[i], v));
    char w[CZ_FEN_TEXT];
    fprintf(f, ",%s,%s,%s\n", cz_fen_text(cz_taxes_total(t), v), cz_fen_text(forgone, w), yes(z->m.on));
}

void zi_monitor_exit(zone_t *z, const cons_t *c, enum exit_kind k)
{
    static const char *const exits[NEXITS] = {"mainland", "re_export", "consumed"};
    FILE *f = z->mon.f[MON_CONSIGNMENTS];
    const cz_flow_t *fl = zi_flow_of(z, c);
    char v[CZ_FEN_TEXT];
    fprintf(f, "%u,%u,", z->mon.rep, c->id);
    field(f, fl->name);
    fputc(',', f);
    field(f, zi_owner(z, c));
    fputc(',', f);
    field(f, origin_of(fl));
    fputc(',', f);
    field(f, zi_tariff_of(z, c)->name);
    fputc(',', f);
    field(f, z->s->cats[zi_declared_cat(c)].name);
    fprintf(f, ",%s,%.6g,%s,%.3f,", cz_fen_text(c->value_fen, v), (double)c->qty / CZ_QTY_ONE,
            cz_route_name((cz_route_t)c->route), c->t_arrive);
    if (c->t_entry > 0 || c->in_zone)
        fprintf(f, "%.3f", c->t_entry);
    fprintf(f, ",%s,%.3f,%s,%s,%s,%s,%s\n", exits[k], sim_now(z->sim), cz_fen_text(c->tax_paid, v),
            yes(c->entered_exempt), cz_nc_kind_name((cz_nc_kind_t)c->nc), yes(c->caught), yes(z->m.on));
}
