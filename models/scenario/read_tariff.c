/* read_tariff.c: the "tariff" section: goods categories (tariff lines) with
 * their levies — ad valorem, per unit, the consumption tax's price threshold —
 * VAT, origin-keyed additional duties and the lists (tags) a line is on.
 * See scenario.h; units in docs/scenario.md. */
#define _GNU_SOURCE /* hsearch_r: glibc's reentrant hash table */
#include <stdlib.h>
#include <search.h>
#include <stdint.h>
#include <string.h>

#include "models/scenario/scenario_impl.h"

const char *const CZ_SC_LEVY_KEYS[] = {"ad_valorem", "per_unit", "threshold", NULL};
const char *const CZ_SC_THRESHOLD_KEYS[] = {"price_per_unit", "rate_at_or_above", "basis_rate", NULL};

/* A levy: a plain number is an ad valorem rate; an object gives the other forms. */
static void read_levy(cz_reader_t *r, const cJSON *o, const char *key, cz_levy_t *out,
                      cz_ct_threshold_t *thr, double max_rate)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = (cz_levy_t){0, 0};
    if (!v)
        return;
    if (!cJSON_IsObject(v)) { /* a rate: a number or a percentage */
        out->rate = cz_get_rate(r, o, key, 0, false, max_rate);
        return;
    }
    size_t mark = cz_push(r, key);
    if (cz_check_object(r, v, CZ_SC_LEVY_KEYS)) {
        out->rate = cz_get_rate(r, v, "ad_valorem", 0, false, max_rate);
        out->unit_fen = cz_get_money(r, v, "per_unit", 0, false, 1e9);
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, "threshold");
        if (t && !thr) {
            cz_err(r, "threshold", "a price threshold applies to consumption tax only");
        } else if (t) {
            size_t m2 = cz_push(r, "threshold");
            if (cz_check_object(r, t, CZ_SC_THRESHOLD_KEYS)) {
                thr->on = true;
                thr->price_fen = cz_get_money(r, t, "price_per_unit", 0, true, 1e12);
                thr->rate_at_or_above = cz_get_rate(r, t, "rate_at_or_above", 0, true, 0.99);
                thr->basis_rate = cz_get_rate(r, t, "basis_rate", out->rate, false, 0.99);
            }
            cz_pop(r, m2);
        }
    }
    cz_pop(r, mark);
}

const char *const CZ_SC_CATEGORY_KEYS[] = {"duty", "vat", "ct", "export_duty", "origin_extra", "export_refund",
                                            "supervision_years", "tags", "misdeclared_as", "description", NULL};

static void read_category(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl)
{
    if (!cz_check_object(r, o, CZ_SC_CATEGORY_KEYS))
        return;
    read_levy(r, o, "duty", &tl->duty, NULL, 10);
    read_levy(r, o, "ct", &tl->ct, &tl->ct_threshold, 0.99);
    read_levy(r, o, "export_duty", &tl->export_duty, NULL, 10);
    tl->vat = cz_get_rate(r, o, "vat", 0, false, 1);
    tl->export_refund = cz_get_rate(r, o, "export_refund", 0, false, 1);
    tl->supervision_years = (int)cz_get_int(r, o, "supervision_years", 0, false, 0, 100);
    cz_get_string(r, o, "description", NULL, false);
    tl->ntags = cz_sc_read_names(r, o, "tags", tl->tags, CZ_MAX_TAGS);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(o, "origin_extra");
    if (!ex)
        return;
    size_t mark = cz_push(r, "origin_extra");
    if (!cJSON_IsObject(ex) || cJSON_GetArraySize(ex) > CZ_MAX_EXTRAS) {
        cz_err(r, NULL, "expected an object of at most %d origin: rate pairs", CZ_MAX_EXTRAS);
    } else {
        for (const cJSON *it = ex->child; it; it = it->next) {
            cz_sc_copy_name(tl->extra[tl->nextra].origin, it->string);
            tl->extra[tl->nextra++].rate = cz_get_rate(r, ex, it->string, 0, true, 10);
        }
    }
    cz_pop(r, mark);
}

void cz_read_tariff_line(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl)
{
    read_category(r, o, tl);
    if (cJSON_GetObjectItemCaseSensitive(o, "misdeclared_as"))
        cz_err(r, "misdeclared_as", "names another category of a scenario's tariff: it has no meaning here");
}

const char *const CZ_SC_TARIFF_KEYS[] = {"categories", NULL};

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The categories by name, in glibc's hash table (keys are the names in s->cats). */
static void index_categories(cz_reader_t *r, cz_scenario_t *s)
{
    struct hsearch_data *h = calloc(1, sizeof *h);
    if (!h || !hcreate_r((size_t)s->ncats * 2 + 16, h)) {
        free(h);
        cz_err(r, NULL, "out of memory");
        return;
    }
    s->cat_index = h;
    for (int i = 0; i < s->ncats; i++) {
        ENTRY e = {s->cats[i].name, (void *)(intptr_t)(i + 1)}, *out;
        if (!hsearch_r(e, ENTER, &out, h)) {
            cz_err(r, NULL, "out of memory");
            return;
        }
    }
}

/* Two categories of one name would make every lookup ambiguous. */
static void no_duplicates(cz_reader_t *r, const cz_scenario_t *s)
{
    const char **names = malloc((size_t)s->ncats * sizeof *names);
    if (!names)
        return;
    for (int i = 0; i < s->ncats; i++)
        names[i] = s->cats[i].name;
    qsort(names, (size_t)s->ncats, sizeof *names, by_name);
    for (int i = 1; i < s->ncats; i++)
        if (!strcmp(names[i], names[i - 1])) {
            cz_err(r, names[i], "category appears twice");
            break;
        }
    free(names);
}

void cz_sc_read_tariff(cz_reader_t *r, const cJSON *root, cz_scenario_t *s)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "tariff");
    size_t mark = cz_push(r, "tariff");
    if (!t) {
        cz_err(r, NULL, "missing: the tariff (\"categories\" of goods with their rates)");
    } else if (cz_check_object(r, t, CZ_SC_TARIFF_KEYS)) {
        const cJSON *cats = cJSON_GetObjectItemCaseSensitive(t, "categories");
        size_t m2 = cz_push(r, "categories");
        int n = cJSON_GetArraySize(cats);
        if (!cJSON_IsObject(cats) || n == 0 || n > CZ_MAX_CATEGORIES) {
            cz_err(r, NULL, "expected an object of 1 to %d goods categories", CZ_MAX_CATEGORIES);
        } else {
            s->cats = calloc((size_t)n, sizeof *s->cats);
            for (const cJSON *it = cats->child; it && s->cats; it = it->next) {
                cz_tariff_line_t *tl = &s->cats[s->ncats++];
                size_t m3 = cz_push(r, it->string);
                if (strlen(it->string) >= CZ_NAME_MAX || !*it->string)
                    cz_err(r, NULL, "a category name of 1 to %d characters is needed", CZ_NAME_MAX - 1);
                cz_sc_copy_name(tl->name, it->string);
                read_category(r, it, tl);
                cz_pop(r, m3);
            }
            no_duplicates(r, s);
            if (cz_ok(r))
                index_categories(r, s);
            if (cz_ok(r))
                cz_sc_read_misdeclared(r, cats, s);
        }
        cz_pop(r, m2);
    }
    cz_pop(r, mark);
}

int cz_scenario_category(const cz_scenario_t *s, const char *name)
{
    ENTRY e = {(char *)name, NULL}, *found = NULL;
    if (s->cat_index) /* names to indices in constant time: loading stays linear */
        return hsearch_r(e, FIND, &found, s->cat_index) && found ? (int)(intptr_t)found->data - 1 : -1;
    for (int i = 0; i < s->ncats; i++)
        if (strcmp(s->cats[i].name, name) == 0)
            return i;
    return -1;
}

void cz_sc_free_category_index(cz_scenario_t *s)
{
    if (s->cat_index) {
        hdestroy_r(s->cat_index);
        free(s->cat_index);
    }
    s->cat_index = NULL;
}

void cz_sc_unknown_category(cz_reader_t *r, const cz_scenario_t *s, const char *key, const char *name)
{
    const char *cands[256] = {NULL};
    int n = s->ncats < 256 ? s->ncats : 256;
    for (int i = 0; i < n; i++)
        cands[i] = s->cats[i].name;
    const char *hint = cz_did_you_mean(name, cands, n);
    cz_err(r, key, "category \"%s\" is not in tariff.categories%s%s%s", name,
           hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
}

