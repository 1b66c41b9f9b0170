/* opts.c: reading command lines.  See opts.h. */
#include "cli/opts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario/json_in.h"

void cli_args_init(cli_args_t *a, const char *cmd, int argc, char **argv)
{
    a->cmd = cmd;
    a->argc = argc; /* argv[0] is the command's name, as getopt expects a program's */
    a->argv = argv;
    size_t len = (size_t)snprintf(a->cmdline, sizeof a->cmdline, "zonesim");
    for (int i = 0; i < argc && len + 4 < sizeof a->cmdline; i++) {
        bool quote = !*argv[i] || strpbrk(argv[i], " \t\n'\"\\$`;&|<>*?()");
        len += (size_t)snprintf(a->cmdline + len, sizeof a->cmdline - len, " %s%s%s", quote ? "'" : "", argv[i],
                                quote ? "'" : "");
    }
    optind = 0; /* a fresh scan (GNU getopt) */
    opterr = 0;
}

int cli_next(cli_args_t *a, const char *shorts, const struct option *longs)
{
    char spec[128];
    snprintf(spec, sizeof spec, ":%s", shorts); /* ':' first: a missing value is ':' */
    int c = getopt_long(a->argc, a->argv, spec, longs, NULL);
    const char *arg = optind >= 1 && optind - 1 < a->argc ? a->argv[optind - 1] : "?";
    if (c == ':')
        cli_usage(a, "%s needs a value", arg);
    else if (c == '?' && optopt > 0 && optopt < 256)
        cli_usage(a, "-%c is not an option of %s", optopt, a->cmd);
    else if (c == '?')
        cli_usage(a, "%s is not an option of %s", arg, a->cmd);
    return c == ':' ? '?' : c;
}

char **cli_rest(cli_args_t *a, int *n)
{
    *n = a->argc - optind;
    return a->argv + optind;
}

int cli_usage(const cli_args_t *a, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cz_printable(msg);
    cz_eprintf("zonesim: %s: %s (see zonesim %s --help)\n", a->cmd, msg, a->cmd);
    return CZ_BAD_INPUT;
}

bool cli_long(const char *opt, const char *arg, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = arg ? strtol(arg, &end, 10) : 0;
    if (!arg || !*arg || *end || errno || v < min || v > max) {
        cz_eprintf("zonesim: %s \"%s\": expected a whole number from %ld to %ld\n", opt, arg ? arg : "", min,
                max);
        return false;
    }
    *out = v;
    return true;
}

bool cli_u64(const char *opt, const char *arg, uint64_t *out)
{
    unsigned long long v;
    if (!cz_parse_u64(arg, &v)) {
        cz_eprintf("zonesim: %s \"%s\": expected a seed, a whole number from 0 to 18446744073709551615\n", opt,
                arg ? arg : "");
        return false;
    }
    *out = v;
    return true;
}

bool cli_range(const char *opt, const char *arg, long max, long *first, long *last)
{
    const char *dots = arg ? strstr(arg, "..") : NULL;
    char a[32];
    long x, y;
    bool ok = dots && (size_t)(dots - arg) < sizeof a;
    if (ok) {
        memcpy(a, arg, (size_t)(dots - arg));
        a[dots - arg] = '\0';
        char *e1, *e2;
        errno = 0;
        x = strtol(a, &e1, 10);
        y = strtol(dots + 2, &e2, 10);
        ok = *a && *e1 == '\0' && dots[2] && *e2 == '\0' && !errno && x >= 0 && x <= y && y <= max;
    }
    if (!ok) {
        cz_eprintf("zonesim: %s \"%s\": expected a range A..B of whole numbers, 0 <= A <= B <= %ld\n", opt,
                arg ? arg : "", max);
        return false;
    }
    *first = x;
    *last = y;
    return true;
}

void cli_common_init(cli_common_t *c)
{
    memset(c, 0, sizeof *c);
    c->reps = -1;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = ncpu > 0 ? (ncpu < 64 ? ncpu : 64) : 1;
}

int cli_common_option(cli_common_t *c, int opt, const char *arg)
{
    switch (opt) {
    case 'r':
        return cli_long("--replications", arg, 1, 1000000, &c->reps) ? 1 : -1;
    case 's':
        c->has_seed = true;
        return cli_u64("--seed", arg, &c->seed) ? 1 : -1;
    case 'j':
        return cli_long("--threads", arg, 1, 256, &c->threads) ? 1 : -1;
    case 'o':
        if (!*arg) {
            cz_eprintf("zonesim: --out: expected a folder name\n");
            return -1;
        }
        c->out = arg;
        return 1;
    case CLI_OPT_SET:
        if (!strchr(arg, '=') || c->nsets == CLI_MAX_SETS) {
            cz_eprintf("zonesim: --set \"%s\": expected PATH=VALUE (at most %d --set)\n", arg, CLI_MAX_SETS);
            return -1;
        }
        c->sets[c->nsets++] = arg;
        return 1;
    case CLI_OPT_FORCE: c->force = true; return 1;
    case 'q': c->quiet = true; return 1;
    case CLI_OPT_REPORT: c->report = true; return 1;
    default: return 0;
    }
}

cz_scenario_t *cli_load(const char *file, const char *const *sets, int nsets)
{
    cz_reader_t r;
    cz_reader_init(&r, file);
    cz_scenario_t *s = cz_scenario_load(&r, file, sets, nsets);
    if (!s)
        cz_reader_print(&r, stderr);
    cz_reader_fini(&r);
    return s;
}

void cli_apply_common(const cli_common_t *c, cz_scenario_t *s)
{
    if (c->reps > 0)
        cz_scenario_set_replications(s, (unsigned)c->reps);
    if (c->has_seed)
        cz_scenario_set_seed(s, c->seed);
}

int cli_claim(out_dir_t *d, const char *dir, const char *kind, const char *name, const cli_common_t *c, char *err,
              size_t errlen)
{
    int rc = out_dir_claim(d, dir, kind, name, c->force, false, err, errlen);
    if (rc == 0)
        return CZ_OK;
    cz_eprintf("zonesim: %s\n", err);
    return rc == OUT_FAILED ? CZ_FAILED : CZ_BAD_INPUT;
}
