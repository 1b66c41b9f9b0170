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

const char *const CZ_SC_CATEGORY_KEYS[] = {"duty", "provisional", "general", "agreements", "vat", "ct",
                                            "export_duty", "origin_extra", "export_refund", "supervision_years",
                                            "tags", "misdeclared_as", "description", NULL};

int cz_agreement_index(cz_agreements_t *a, const char *name)
{
    for (int k = 0; k < a->n; k++)
        if (!strcmp(a->name[k], name))
            return k;
    if (!a->add || a->n == CZ_MAX_AGREEMENTS || strlen(name) >= CZ_NAME_MAX)
        return -1;
    cz_sc_copy_name(a->name[a->n], name);
    return a->n++;
}

/* "agreements": {"CEPA": 0, "RCEP": "2.5%"}: ad valorem rates by agreement. */
static void read_agreement_rates(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl, cz_agreements_t *ag)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "agreements");
    if (!v)
        return;
    size_t mark = cz_push(r, "agreements");
    if (!cJSON_IsObject(v)) {
        cz_err(r, NULL, "expected an object of agreement: rate pairs, e.g. {\"CEPA\": 0}");
    } else {
        for (const cJSON *it = v->child; it; it = it->next) {
            int64_t rate = cz_get_rate(r, v, it->string, 0, true, 10);
            int k = ag ? cz_agreement_index(ag, it->string) : -1;
            if (k >= 0) {
                tl->agreement[k] = rate;
                tl->has_agreement |= 1u << k;
            } else if (ag && ag->add) {
                cz_err(r, it->string, "more than %d agreements, or a name of more than %d characters",
                       CZ_MAX_AGREEMENTS, CZ_NAME_MAX - 1);
            } else if (ag && ag->nunclaimed++ == 0) { /* no origin claims it: a note, never a rate */
                cz_sc_copy_name(ag->unclaimed, it->string);
            }
        }
    }
    cz_pop(r, mark);
}

/* store: room for CZ_MAX_EXTRAS additional duties, or NULL to allocate them
 * (the scenario frees them with its lines). */
static void read_category(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl, cz_agreements_t *ag,
                          cz_origin_extra_t *store)
{
    if (!cz_check_object(r, o, CZ_SC_CATEGORY_KEYS))
        return;
    read_levy(r, o, "duty", &tl->duty, NULL, 10);
    tl->has_provisional = cJSON_GetObjectItemCaseSensitive(o, "provisional") != NULL;
    tl->has_general = cJSON_GetObjectItemCaseSensitive(o, "general") != NULL;
    read_levy(r, o, "provisional", &tl->provisional, NULL, 10);
    read_levy(r, o, "general", &tl->general, NULL, 10);
    read_agreement_rates(r, o, tl, ag);
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
    } else if (!(tl->extra = store ? store : calloc(CZ_MAX_EXTRAS, sizeof *tl->extra))) {
        cz_err(r, NULL, "out of memory");
    } else {
        for (const cJSON *it = ex->child; it; it = it->next) {
            cz_sc_copy_name(tl->extra[tl->nextra].origin, it->string);
            tl->extra[tl->nextra++].rate = cz_get_rate(r, ex, it->string, 0, true, 10);
        }
    }
    cz_pop(r, mark);
}

void cz_read_tariff_line(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl, cz_agreements_t *ag,
                         cz_origin_extra_t store[CZ_MAX_EXTRAS])
{
    read_category(r, o, tl, ag, store);
    if (cJSON_GetObjectItemCaseSensitive(o, "misdeclared_as"))
        cz_err(r, "misdeclared_as", "names another category of a scenario's tariff: it has no meaning here");
}

const char *const CZ_SC_TARIFF_KEYS[] = {"categories", "origins", "lists", "schedule", NULL};
const char *const CZ_SC_ORIGIN_KEYS[] = {"mfn", "agreements", "description", NULL};

/* "origins": {"HK": {"agreements": ["CEPA"]}, "XX": {"mfn": false}}: agreements
 * are indexed in the order origins first name them. */
static void read_origins(cz_reader_t *r, const cJSON *t, cz_scenario_t *s)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "origins");
    s->agreements.add = true;
    if (!v)
        return;
    size_t mark = cz_push(r, "origins");
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsObject(v) || n > 1024) {
        cz_err(r, NULL, "expected an object of at most 1024 countries, each {\"mfn\": true|false, \"agreements\": [...]}");
    } else if (n > 0 && (s->origins = calloc((size_t)n, sizeof *s->origins))) {
        for (const cJSON *it = v->child; it; it = it->next) {
            cz_origin_t *o = &s->origins[s->norigins++];
            size_t m2 = cz_push(r, it->string);
            if (!*it->string || strlen(it->string) >= CZ_NAME_MAX)
                cz_err(r, NULL, "a country name of 1 to %d characters is needed", CZ_NAME_MAX - 1);
            cz_sc_copy_name(o->name, it->string);
            if (cz_check_object(r, it, CZ_SC_ORIGIN_KEYS)) {
                o->no_mfn = !cz_get_bool(r, it, "mfn", true);
                cz_get_string(r, it, "description", NULL, false);
                char names[CZ_MAX_AGREEMENTS][CZ_NAME_MAX];
                int na = cz_sc_read_names(r, it, "agreements", names, CZ_MAX_AGREEMENTS);
                for (int k = 0; k < na; k++) {
                    int ix = cz_agreement_index(&s->agreements, names[k]);
                    if (ix < 0)
                        cz_err(r, "agreements", "more than %d agreements in all", CZ_MAX_AGREEMENTS);
                    else
                        o->agreements |= 1u << ix;
                }
                if (o->no_mfn && o->agreements)
                    cz_err(r, "agreements", "an origin without MFN treatment has no trade agreement with the "
                           "importing country: give one or the other");
            }
            cz_pop(r, m2);
            for (int k = 0; k < s->norigins - 1; k++)
                if (!strcmp(s->origins[k].name, o->name))
                    cz_err(r, it->string, "appears twice");
        }
    } else if (n > 0) {
        cz_err(r, NULL, "out of memory");
    }
    cz_pop(r, mark);
}

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

/* Revenue groups (scenario.h): categories, or HS chapters when every name is a code. */
static void group_categories(cz_reader_t *r, cz_scenario_t *s)
{
    bool codes = true;
    for (int c = 0; c < s->ncats && codes; c++) {
        size_t n = strspn(s->cats[c].name, "0123456789");
        codes = n >= 2 && n <= 10 && s->cats[c].name[n] == '\0';
    }
    s->by_chapter = codes;
    s->cat_group = malloc((size_t)s->ncats * sizeof *s->cat_group);
    s->group = calloc(codes ? 100 : (size_t)s->ncats, sizeof *s->group);
    if (!s->cat_group || !s->group) {
        cz_err(r, NULL, "out of memory");
        return;
    }
    if (!codes) {
        s->ngroups = s->ncats;
        for (int c = 0; c < s->ncats; c++) {
            s->cat_group[c] = c;
            memcpy(s->group[c], s->cats[c].name, CZ_NAME_MAX);
        }
        return;
    }
    int of_chapter[100];
    bool seen[100] = {false};
    for (int c = 0; c < s->ncats; c++)
        seen[(s->cats[c].name[0] - '0') * 10 + (s->cats[c].name[1] - '0')] = true;
    for (int ch = 0; ch < 100; ch++)
        if (seen[ch]) {
            of_chapter[ch] = s->ngroups;
            snprintf(s->group[s->ngroups++], CZ_NAME_MAX, "%02d", ch);
        }
    for (int c = 0; c < s->ncats; c++)
        s->cat_group[c] = of_chapter[(s->cats[c].name[0] - '0') * 10 + (s->cats[c].name[1] - '0')];
}

/* "lists": {"research": ["9027", "902780"]}: every line whose code begins with
 * a prefix is on the list (a tag).  A prefix that matches nothing is a warning. */
static void read_lists(cz_reader_t *r, const cJSON *t, cz_scenario_t *s)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "lists");
    if (!v)
        return;
    size_t mark = cz_push(r, "lists");
    if (!cJSON_IsObject(v)) {
        cz_err(r, NULL, "expected an object of list: [code prefixes] pairs, e.g. {\"research\": [\"9027\"]}");
        cz_pop(r, mark);
        return;
    }
    for (const cJSON *l = v->child; l; l = l->next) {
        size_t m2 = cz_push(r, l->string);
        if (!*l->string || strlen(l->string) >= CZ_NAME_MAX)
            cz_err(r, NULL, "a list name of 1 to %d characters is needed", CZ_NAME_MAX - 1);
        else if (!cJSON_IsArray(l) || cJSON_GetArraySize(l) == 0)
            cz_err(r, NULL, "expected a non-empty array of code prefixes (strings of digits)");
        for (const cJSON *p = cz_ok(r) ? l->child : NULL; p; p = p->next) {
            size_t len = cJSON_IsString(p) ? strlen(p->valuestring) : 0;
            if (len == 0 || len >= CZ_NAME_MAX) {
                cz_err(r, NULL, "expected code prefixes: strings of 1 to %d characters", CZ_NAME_MAX - 1);
                break;
            }
            int matched = 0;
            for (int c = 0; c < s->ncats; c++) {
                cz_tariff_line_t *tl = &s->cats[c];
                if (strncmp(tl->name, p->valuestring, len) != 0)
                    continue;
                matched++;
                bool on = false;
                for (int k = 0; k < tl->ntags; k++)
                    on |= !strcmp(tl->tags[k], l->string);
                if (on)
                    continue;
                if (tl->ntags == CZ_MAX_TAGS) {
                    cz_err(r, NULL, "line %s would be on more than %d lists", tl->name, CZ_MAX_TAGS);
                    break;
                }
                cz_sc_copy_name(tl->tags[tl->ntags++], l->string);
            }
            if (!matched && s->nnotes < CZ_MAX_NOTES)
                snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                         "tariff.lists.%s: the prefix \"%s\" matches no tariff line", l->string, p->valuestring);
        }
        cz_pop(r, m2);
    }
    cz_pop(r, mark);
}

void cz_sc_read_tariff(cz_reader_t *r, const cJSON *root, cz_scenario_t *s)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "tariff");
    size_t mark = cz_push(r, "tariff");
    if (!t) {
        cz_err(r, NULL, "missing: the tariff (\"categories\" of goods with their rates)");
    } else if (cz_check_object(r, t, CZ_SC_TARIFF_KEYS)) {
        read_origins(r, t, s);
        s->agreements.add = false; /* lines' other agreements: read, checked, never applied */
        if (cJSON_GetObjectItemCaseSensitive(t, "schedule")) /* tables.c expands it where a file names it */
            cz_err(r, "schedule", "a schedule is read where a scenario file names it (relative to that file); "
                   "--set and --vary cannot give one: set tariff.categories.CODE.KEY instead");
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
                read_category(r, it, tl, &s->agreements, NULL);
                cz_pop(r, m3);
            }
            no_duplicates(r, s);
            if (cz_ok(r))
                index_categories(r, s);
            if (cz_ok(r))
                group_categories(r, s);
            if (cz_ok(r))
                cz_sc_read_misdeclared(r, cats, s);
        }
        cz_pop(r, m2);
        if (cz_ok(r) && s->cat_index)
            read_lists(r, t, s);
        if (s->agreements.nunclaimed && s->nnotes < CZ_MAX_NOTES)
            snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                     "tariff: %ld agreement rate%s on the lines (the first under \"%s\") belong%s to no agreement "
                     "that tariff.origins gives an origin, so they never apply", s->agreements.nunclaimed,
                     s->agreements.nunclaimed == 1 ? "" : "s", s->agreements.unclaimed,
                     s->agreements.nunclaimed == 1 ? "s" : "");
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

