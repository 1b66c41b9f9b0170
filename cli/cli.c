/* cli.c: option parsing shared by the subcommands.  See cli.h. */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static int usage_error(const char *opt, const char *what)
{
    fprintf(stderr, "zonesim: %s: %s (see --help)\n", opt, what);
    return 2;
}

int cz_parse_opts(int argc, char **argv, int first, cz_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->reps = -1;
    o->seed = -1;
    o->rep_first = o->rep_last = -1;
    o->point_first = o->point_last = -1;
    o->max_reps = 1000;
    o->trace_n = 3;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = ncpu > 0 ? (ncpu < 64 ? ncpu : 64) : 1;
    size_t len = 0;
    for (int i = 0; i < argc && len + 2 < sizeof o->cmdline; i++)
        len += (size_t)snprintf(o->cmdline + len, sizeof o->cmdline - len, "%s%s", i ? " " : "", argv[i]);
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            o->help = true;
        } else if (!strcmp(a, "-r") || !strcmp(a, "--replications")) {
            if (!v || !parse_long(v, 1, 1000000, &o->reps))
                return usage_error(a, "expected a number of replications from 1 to 1000000");
            i++;
        } else if (!strcmp(a, "-s") || !strcmp(a, "--seed")) {
            long s;
            if (!v || !parse_long(v, 0, 2147483647L * 2L, &s))
                return usage_error(a, "expected a seed, a whole number from 0 to 4294967294");
            o->seed = (double)s;
            i++;
        } else if (!strcmp(a, "-j") || !strcmp(a, "--threads")) {
            if (!v || !parse_long(v, 1, 256, &o->threads))
                return usage_error(a, "expected a number of threads from 1 to 256");
            i++;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--out")) {
            if (!v || !*v)
                return usage_error(a, "expected an output folder");
            o->out = v;
            i++;
        } else if (!strcmp(a, "--set")) {
            if (!v || !strchr(v, '='))
                return usage_error(a, "expected PATH=VALUE, e.g. lines.second_line.lanes=4");
            if (o->nsets == CZ_MAX_SETS)
                return usage_error(a, "too many --set options");
            o->sets[o->nsets++] = v;
            i++;
        } else if (!strcmp(a, "--reps") || !strcmp(a, "--points")) {
            long x, y;
            char *dots = v ? strstr(v, "..") : NULL;
            bool reps = !strcmp(a, "--reps");
            if (!dots || sscanf(v, "%ld", &x) != 1 || sscanf(dots + 2, "%ld", &y) != 1 ||
                !parse_long(dots + 2, 0, 999999, &y) || x < 0 || x > y)
                return usage_error(a, reps ? "expected a range of replication numbers A..B, 0 <= A <= B <= 999999"
                                           : "expected a range of sweep points A..B, 0 <= A <= B");
            *(reps ? &o->rep_first : &o->point_first) = x;
            *(reps ? &o->rep_last : &o->point_last) = y;
            i++;
        } else if (!strcmp(a, "--precision")) {
            const char *eq = v ? strchr(v, '=') : NULL;
            char *end = NULL;
            double t = eq ? strtod(eq + 1, &end) : 0;
            if (!eq || eq == v || !end || *end || !(t > 0 && t < 1) || o->nprec == 16)
                return usage_error(a, "expected KPI=REL with 0 < REL < 1, e.g. tax_total_cny=0.01");
            o->prec_kpi[o->nprec] = v;
            o->prec_target[o->nprec++] = t;
            i++;
        } else if (!strcmp(a, "--max-reps")) {
            if (!v || !parse_long(v, 2, 1000000, &o->max_reps))
                return usage_error(a, "expected a number of replications from 2 to 1000000");
            i++;
        } else if (!strcmp(a, "--vary")) {
            if (!v || !strchr(v, '=') || o->nvary == 8)
                return usage_error(a, "expected PATH=V1,V2,... (at most 8 --vary)");
            o->vary[o->nvary++] = v;
            i++;
        } else if (!strcmp(a, "-n")) {
            if (!v || !parse_long(v, 1, 1000, &o->trace_n))
                return usage_error(a, "expected a number of consignments from 1 to 1000");
            i++;
        } else if (!strcmp(a, "--events")) {
            if (!v || !*v)
                return usage_error(a, "expected a CSV file name");
            o->events = v;
            i++;
        } else if (!strcmp(a, "--report")) {
            o->report = true;
        } else if (!strcmp(a, "--force")) {
            o->force = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error(a, "unknown option");
        } else {
            if (o->npos == CZ_MAX_POS)
                return usage_error(a, "too many arguments");
            o->pos[o->npos++] = a;
        }
    }
    return 0;
}
