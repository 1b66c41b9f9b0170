/* cmd_run.c: `zonesim run` and `zonesim validate`. */
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/cli.h"
#include "models/kpi.h"
#include "models/output.h"
#include "models/scenario.h"
#include "models/zone.h"
#include "sim/replicate.h"

/* The one piece of process-wide mutable state: a signal reaches a process, not a
 * simulation.  The first SIGINT/SIGTERM asks the run to stop (no new replication
 * starts; those under way stop within a simulated hour); a second exits at once.
 * Output files are renamed into place whole, so an exit at any moment leaves no
 * half-written file under a final name. */
static volatile atomic_int interrupted;

static void on_signal(int sig)
{
    (void)sig;
    if (atomic_exchange(&interrupted, 1))
        _exit(130);
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static const char RUN_HELP[] =
    "usage: zonesim run SCENARIO [-r REPS] [-s SEED] [-j THREADS] [-o DIR] [--set PATH=VALUE]...\n"
    "                            [--force] [--quiet]\n"
    "\n"
    "Run the replications of a scenario in parallel, print a summary table (KPI, mean,\n"
    "95% confidence half-width) and write DIR/summary.json, DIR/replications.csv and\n"
    "DIR/scenario.json (the resolved scenario).\n"
    "\n"
    "  -r, --reps N        replications (default: the scenario's \"replications\")\n"
    "  -s, --seed S        master seed (default: the scenario's \"seed\")\n"
    "  -j, --threads T     worker threads (default: the number of cores); the output\n"
    "                      is byte-identical for any T\n"
    "  -o, --out DIR       output folder (default: results/NAME)\n"
    "      --set P=V       override a scenario value; P is a dot path, array elements\n"
    "                      by name or index: --set flows.research_goods_from_hk.rate_per_day=200\n"
    "      --force         overwrite an existing output folder\n"
    "  -q, --quiet         no table on stdout\n"
    "\n"
    "Examples:\n"
    "  zonesim run scenarios/hetao_baseline.json -r 10\n"
    "  zonesim run scenarios/hetao_baseline.json --set lines.second_line.lanes=4 -o results/l2x4\n"
    "Exit: 0 done, 1 a replication failed, 2 bad scenario or usage.\n";

static const char VALIDATE_HELP[] =
    "usage: zonesim validate SCENARIO... [--set PATH=VALUE]...\n"
    "\n"
    "Check scenario files without running them: JSON syntax, \"extends\", unknown keys,\n"
    "types, units and ranges.  Prints \"FILE: ok\" or every problem, one per line.\n"
    "Exit: 0 all valid, 2 a file has problems.\n";

typedef struct run_ctx {
    const cz_scenario_t *s;
    unsigned first;
    int nk;
    double *table;
    char (*errors)[256];   /* per replication: each thread writes only its own */
} run_ctx_t;

static int one_replication(unsigned rep, void *p)
{
    run_ctx_t *c = p;
    cz_zone_stats_t st;
    double *row = c->table + (size_t)(rep - c->first) * (size_t)c->nk;
    int rc = cz_zone_run_until_stopped(c->s, rep, row, &st, &interrupted);
    if (rc == CZ_ZONE_INTERRUPTED)
        return 0; /* not done: its done[] flag stays false */
    if (rc != 0)
        snprintf(c->errors[rep - c->first], sizeof c->errors[0], "%s", st.check_error);
    return rc;
}

static void print_table(const cz_scenario_t *s, const double *table, unsigned nrep)
{
    int nk = cz_kpi_count(s);
    char buf[96];
    printf("%s (%s), %u replication%s, %.0f days after %.0f days of warm-up\n", s->name,
           s->regime.name, nrep, nrep == 1 ? "" : "s", (s->horizon_min - s->warmup_min) / 1440,
           s->warmup_min / 1440);
    printf("%-32s %16s %14s %16s %16s\n", "kpi", "mean", "+-95%", "min", "max");
    for (int i = 0; i < nk; i++) {
        cz_kpi_summary_t m = cz_kpi_summarise(table, nrep, nk, i);
        printf("%-32s %16.6g %14.4g %16.6g %16.6g\n", cz_kpi_name(s, i, buf), m.mean, m.ci95,
               m.min, m.max);
    }
}

/* Refuse up front a run that could not fit in memory, with the estimate. */
static bool fits_in_memory(const cz_scenario_t *s, unsigned threads, const char *file)
{
    double per_rep = cz_zone_expected_in_system(s) * CZ_BYTES_PER_CONSIGNMENT;
    unsigned parallel = threads < s->replications ? threads : s->replications;
    double need = per_rep * parallel;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double have = pages > 0 && page > 0 ? (double)pages * (double)page : 8e9;
    if (need <= have / 2)
        return true;
    fprintf(stderr, "zonesim: %s: the run would hold about %.3g consignments at once per "
            "replication (about %.3g GB for %u in parallel), more than half of this machine's "
            "%.3g GB: lower the rates, dwell times or horizon_days, or add lanes\n",
            file, per_rep / CZ_BYTES_PER_CONSIGNMENT, need / 1e9, parallel, have / 1e9);
    return false;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int cz_cmd_run(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(RUN_HELP, stdout);
        return 0;
    }
    if (o.npos != 1) {
        fprintf(stderr, "zonesim: run: expected one scenario file (see zonesim run --help)\n");
        return 2;
    }
    cz_reader_t r;
    cz_reader_init(&r, o.pos[0]);
    cz_scenario_t *s = cz_scenario_load(&r, o.pos[0], o.sets, o.nsets);
    if (!s) {
        cz_reader_print(&r, stderr);
        cz_reader_fini(&r);
        return 2;
    }
    cz_reader_fini(&r);
    if (o.reps > 0)
        s->replications = (unsigned)o.reps;
    if (o.seed >= 0)
        s->seed = (uint64_t)o.seed;
    char dir[4096], probe[4200];
    snprintf(dir, sizeof dir, "%s", o.out ? o.out : "results/");
    if (!o.out)
        snprintf(dir, sizeof dir, "results/%s", s->name);
    snprintf(probe, sizeof probe, "%s/summary.json", dir);
    if (exists(probe) && !o.force) {
        fprintf(stderr, "zonesim: %s: holds the results of an earlier run; use --force to overwrite\n", dir);
        cz_scenario_free(s);
        return 2;
    }
    if (!fits_in_memory(s, (unsigned)o.threads, o.pos[0])) {
        cz_scenario_free(s);
        return 2;
    }
    run_ctx_t c = {.s = s, .first = 0, .nk = cz_kpi_count(s)};
    unsigned n = s->replications;
    c.table = calloc((size_t)n * (size_t)c.nk, sizeof *c.table);
    c.errors = calloc(n, sizeof *c.errors);
    bool *done = calloc(n, sizeof *done);
    unsigned *ids = calloc(n, sizeof *ids);
    if (!c.table || !c.errors || !done || !ids) {
        fprintf(stderr, "zonesim: out of memory for %u replications\n", n);
        free(c.table), free(c.errors), free(done), free(ids);
        cz_scenario_free(s);
        return 1;
    }
    catch_signals();
    sim_rep_opts_t ro = {.first = 0, .count = n, .threads = (unsigned)o.threads,
                         .stop = &interrupted, .done = done};
    int rc = sim_replicate(&ro, one_replication, &c);
    bool stopped = atomic_load(&interrupted) != 0;
    /* Keep the completed replications, in replication order. */
    unsigned kept = 0;
    for (unsigned i = 0; i < n; i++)
        if (done[i]) {
            memmove(c.table + (size_t)kept * (size_t)c.nk, c.table + (size_t)i * (size_t)c.nk,
                    (size_t)c.nk * sizeof *c.table);
            ids[kept++] = i;
        }
    if (rc != 0) {
        for (unsigned i = 0; i < n; i++)
            if (c.errors[i][0]) {
                fprintf(stderr, "zonesim: %s: replication %u failed: %s\n", o.pos[0], i, c.errors[i]);
                break;
            }
        rc = 1;
    } else if (stopped && kept == 0) {
        fprintf(stderr, "zonesim: interrupted before any replication completed; nothing written\n");
        rc = 130;
    } else {
        if (!o.quiet)
            print_table(s, c.table, kept);
        cz_run_meta_t meta = {o.cmdline, 0, kept, ids, (unsigned)o.threads, !stopped, n};
        char err[512];
        if (cz_output_write(dir, s, c.table, &meta, err, sizeof err) != 0) {
            fprintf(stderr, "zonesim: %s\n", err);
            rc = 1;
        } else if (stopped) {
            fprintf(stderr, "zonesim: interrupted: %u of %u replications completed, written to %s/ "
                    "marked \"complete\": false\n", kept, n, dir);
            rc = 130;
        } else if (!o.quiet) {
            printf("results written to %s/\n", dir);
        }
    }
    free(c.table);
    free(c.errors);
    free(done);
    free(ids);
    cz_scenario_free(s);
    return rc;
}

int cz_cmd_validate(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(VALIDATE_HELP, stdout);
        return 0;
    }
    if (o.npos == 0) {
        fprintf(stderr, "zonesim: validate: expected one or more scenario files\n");
        return 2;
    }
    int rc = 0;
    for (int i = 0; i < o.npos; i++) {
        cz_reader_t r;
        cz_reader_init(&r, o.pos[i]);
        cz_scenario_t *s = cz_scenario_load(&r, o.pos[i], o.sets, o.nsets);
        if (s)
            printf("%s: ok (%s, regime %s, %d flows, %d categories)\n", o.pos[i], s->name,
                   s->regime.name, s->nflows, s->ncats);
        else {
            cz_reader_print(&r, stderr);
            rc = 2;
        }
        cz_reader_fini(&r);
        cz_scenario_free(s);
    }
    return rc;
}
