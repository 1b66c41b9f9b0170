/* chart.c: charts drawn by gnuplot, spawned without a shell.  See chart.h. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include "report/chart.h"

#include "models/scenario/json_in.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Copy one character of s into dst at *j (at most len - 1 bytes in all):
 * a whole well-formed UTF-8 character, or `bad` for a byte that is not one.
 * Returns the bytes of s used, or 0 when the character does not fit. */
static size_t copy_char(char *dst, size_t len, size_t *j, const char *s, const char *bad)
{
    size_t n = cz_utf8_char_len((const unsigned char *)s, strnlen(s, 4));
    const char *from = n ? s : bad;
    size_t w = n ? n : strlen(bad);
    if (*j + w + 1 > len)
        return 0;
    memcpy(dst + *j, from, w);
    *j += w;
    return n ? n : 1;
}

void rp_gnuplot_string(char *dst, size_t len, const char *s)
{
    size_t j = 0, used = 1;
    for (; s && *s && used; s += used) {
        unsigned char c = (unsigned char)*s;
        /* a quote becomes U+2019: gnuplot reads a doubled '' at a string's start as an empty string */
        const char *sub = c == '\'' ? "\xe2\x80\x99" : c < 0x20 || c == 0x7f || c == '`' ? " " : NULL;
        used = sub ? (copy_char(dst, len, &j, sub, "") ? 1 : 0) : copy_char(dst, len, &j, s, "\xef\xbf\xbd");
    }
    dst[j] = '\0';
}

void rp_data_label(char *dst, size_t len, const char *s)
{
    size_t j = 0, used = 1;
    for (; s && *s && used; s += used) {
        unsigned char c = (unsigned char)*s;
        bool blank = c < 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '`';
        used = blank ? (copy_char(dst, len, &j, " ", "") ? 1 : 0) : copy_char(dst, len, &j, s, "\xef\xbf\xbd");
    }
    dst[j] = '\0';
    if (j == 0)
        snprintf(dst, len, "-");
}

void rp_kpi_words(char *dst, size_t len, const char *kpi)
{
    static const char *const prefix[][2] = {{"l1_", "first line "}, {"l2_", "second line "},
                                            {"e2e_", "end to end "}, {"tax_", ""}, {"forgone_", "forgone: "}};
    static const char *const suffix[] = {"_min", "_cny", "_h", "_days", NULL};
    static const char *const word[][2] = {{"vat", "VAT"}, {"ct", "consumption tax"}, {"npv", "NPV"},
                                          {"utilization", "utilisation"}, {"total", "total tax"}};
    char buf[256], out[320] = "";
    const char *lead = "";
    snprintf(buf, sizeof buf, "%s", kpi ? kpi : "");
    for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
        if (!strncmp(buf, prefix[i][0], strlen(prefix[i][0]))) {
            lead = prefix[i][1];
            memmove(buf, buf + strlen(prefix[i][0]), strlen(buf) - strlen(prefix[i][0]) + 1);
            break;
        }
    for (int i = 0; suffix[i]; i++) {
        size_t n = strlen(buf), k = strlen(suffix[i]);
        if (n > k && !strcmp(buf + n - k, suffix[i])) {
            buf[n - k] = '\0';
            break;
        }
    }
    snprintf(out, sizeof out, "%s", lead);
    char *save = NULL;
    for (char *w = strtok_r(buf, "_", &save); w; w = strtok_r(NULL, "_", &save)) {
        const char *say = w;
        for (size_t i = 0; i < sizeof word / sizeof word[0]; i++)
            if (!strcmp(w, word[i][0]) && (strcmp(w, "total") || !*lead))
                say = word[i][1];
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%s", n && out[n - 1] != ' ' ? " " : "", say);
    }
    rp_data_label(dst, len, out);
}

/* Run gnuplot with argv in folder dir (NULL: here), its stderr to err_file
 * (NULL: discarded); the exit status, or -1. */
static int run_gnuplot(char *const argv[], const char *dir, const char *err_file)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int st = -1;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    bool ok = (!dir || posix_spawn_file_actions_addchdir_np(&fa, dir) == 0) &&
              posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) == 0 &&
              posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) == 0 &&
              posix_spawn_file_actions_addopen(&fa, 2, err_file ? err_file : "/dev/null",
                                               O_WRONLY | O_CREAT | O_TRUNC, 0666) == 0;
    if (ok && posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ) == 0) {
        while (waitpid(pid, &st, 0) < 0)
            ;
        st = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    return st;
}

bool rp_have_gnuplot(void)
{
    char *argv[] = {"gnuplot", "--version", NULL};
    return run_gnuplot(argv, NULL, NULL) == 0;
}

static bool write_scratch(const rp_page_t *pg, const char *name, const char *ext, const char *text)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s.%s", pg->scratch, name, ext);
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return (fclose(f) == 0) && ok;
}

/* Keep a scratch file in report_data/ (through the page's batch). */
static char *keep_scratch(rp_page_t *pg, const char *name, const char *ext)
{
    char path[4400], rel[128], err[256];
    snprintf(path, sizeof path, "%s/%s.%s", pg->scratch, name, ext);
    char *text = out_slurp(path, 64u << 20, err, sizeof err);
    if (text) {
        snprintf(rel, sizeof rel, "report_data/%s.%s", name, ext);
        out_batch_take(pg->batch, rel, strdup(text));
    }
    return text;
}

static void draw(rp_page_t *pg, const char *name)
{
    char gp[160], errf[160];
    snprintf(gp, sizeof gp, "%s.gp", name);
    snprintf(errf, sizeof errf, "%s.err", name);
    char *argv[] = {"gnuplot", gp, NULL};
    int st = run_gnuplot(argv, pg->scratch, errf);
    char svg_name[160];
    snprintf(svg_name, sizeof svg_name, "%s", name);
    char *svg = st == 0 ? keep_scratch(pg, svg_name, "svg") : NULL;
    char *start = svg ? strstr(svg, "<svg") : NULL;
    if (start) {
        pg_printf(pg, "%s", start);
        pg->charts++;
    } else {
        free(keep_scratch(pg, name, "err"));
        pg_printf(pg, "<p class=\"note\">gnuplot could not draw this chart (see report_data/%s.err)</p>", name);
    }
    free(svg);
}

void rp_chart(rp_page_t *pg, const char *name, const char *caption, const char *data, const char *commands)
{
    size_t len = strlen(commands) + 512;
    char *script = malloc(len);
    if (!script)
        return;
    snprintf(script, len, "set terminal svg size 760,360 dynamic noenhanced font 'sans,11' background rgb 'white'\n"
                          "set output '%s.svg'\nset datafile separator '\\t'\nset grid ytics lc rgb '#dddddd'\n"
                          "set border 3\nset tics nomirror\n%s\n", name, commands);
    bool ok = (!data || write_scratch(pg, name, "dat", data)) && write_scratch(pg, name, "gp", script);
    free(script);
    if (ok && data)
        free(keep_scratch(pg, name, "dat"));
    if (ok)
        free(keep_scratch(pg, name, "gp"));
    pg_printf(pg, "<figure>");
    if (ok && pg->gnuplot)
        draw(pg, name);
    else if (ok)
        pg_printf(pg, "<p class=\"note\">Chart not drawn: gnuplot is not installed "
                  "(Debian: <code>apt-get install gnuplot-nox</code>, then <code>zonesim report DIR</code>). "
                  "Its data and script are in report_data/%s.*</p>", name);
    else
        pg_printf(pg, "<p class=\"note\">Chart not drawn: cannot write its data.</p>");
    pg_printf(pg, "<figcaption>");
    pg_text(pg, caption);
    pg_printf(pg, "</figcaption></figure>\n");
}
