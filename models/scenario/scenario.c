/* scenario.c: resolving and validating scenario files.  See scenario.h. */
#include "models/scenario/scenario.h"
#include "models/scenario/scenario_impl.h"

#include <libgen.h>
#include <math.h>
#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (16L << 20)
#define MAX_EXTENDS_DEPTH 16

const char *const CZ_SC_ROUTE_NAMES[CZ_NROUTES] = {"to_mainland", "re_export", "consumed_in_zone",
                                                      "transferred"};
const char *cz_route_name(cz_route_t r) { return (unsigned)r < CZ_NROUTES ? CZ_SC_ROUTE_NAMES[r] : "?"; }

/* ---- resolving: extends, merge, overrides ---- */

/* Objects merge key by key; anything else in `over` replaces what `base` has. */
static void merge_into(cJSON *base, const cJSON *over)
{
    for (const cJSON *it = over->child; it; it = it->next) {
        cJSON *b = cJSON_GetObjectItemCaseSensitive(base, it->string);
        if (b && cJSON_IsObject(b) && cJSON_IsObject(it)) {
            merge_into(b, it);
            continue;
        }
        cJSON *copy = cJSON_Duplicate(it, true);
        if (!copy)
            continue;
        if (b)
            cJSON_ReplaceItemInObjectCaseSensitive(base, it->string, copy);
        else
            cJSON_AddItemToObject(base, it->string, copy);
    }
}

static cJSON *load_chain(cz_reader_t *r, const char *file, const char **chain, int depth)
{
    for (int i = 0; i < depth; i++)
        if (strcmp(chain[i], file) == 0) {
            cz_err(r, "extends", "\"%s\" extends itself through a cycle", file);
            return NULL;
        }
    if (depth >= MAX_EXTENDS_DEPTH) {
        cz_err(r, "extends", "more than %d levels of \"extends\"", MAX_EXTENDS_DEPTH);
        return NULL;
    }
    const char *saved = r->file;
    r->file = file;
    cJSON *root = cz_load_json(r, file, MAX_FILE_BYTES);
    if (root && !cJSON_IsObject(root)) {
        cz_err(r, NULL, "a scenario must be a JSON object");
        cJSON_Delete(root);
        root = NULL;
    }
    cJSON *ext = root ? cJSON_DetachItemFromObjectCaseSensitive(root, "extends") : NULL;
    if (ext && cJSON_IsString(ext)) { /* one base: treat as a list of one */
        cJSON *list = cJSON_CreateArray();
        cJSON_AddItemToArray(list, ext);
        ext = list;
    }
    if (ext && (!cJSON_IsArray(ext) || cJSON_GetArraySize(ext) == 0)) {
        cz_err(r, "extends", "expected a file name, or a list of file names merged in order");
    } else if (ext) {
        cJSON *base = NULL;
        chain[depth] = file;
        for (const cJSON *it = ext->child; it; it = it->next) {
            if (!cJSON_IsString(it)) {
                cz_err(r, "extends", "expected file names (strings)");
                break;
            }
            char *dirbuf = strdup(file), path[4096];
            const char *target = it->valuestring;
            if (target[0] == '/')
                snprintf(path, sizeof path, "%s", target);
            else
                snprintf(path, sizeof path, "%s/%s", dirbuf ? dirname(dirbuf) : ".", target);
            free(dirbuf);
            char *keep = strdup(path);
            int before = r->nerrors;
            cJSON *b = keep ? load_chain(r, keep, chain, depth + 1) : NULL;
            r->file = file;
            free(keep);
            if (!b) {
                if (r->nerrors == before)
                    cz_err(r, "extends", "cannot load \"%s\"", target);
                break;
            }
            if (base) {
                merge_into(base, b);
                cJSON_Delete(b);
            } else {
                base = b;
            }
        }
        if (base && cz_ok(r)) {
            merge_into(base, root);
            cJSON_Delete(root);
            root = base;
        } else {
            cJSON_Delete(base);
            cJSON_Delete(root);
            root = NULL;
        }
    }
    cJSON_Delete(ext);
    r->file = saved;
    return root;
}

static cJSON *array_by_name(cJSON *arr, const char *name)
{
    for (cJSON *it = arr->child; it; it = it->next) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
            return it;
    }
    return NULL;
}

bool cz_apply_set(cz_reader_t *r, cJSON *root, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        cz_err(r, NULL, "--set \"%s\": expected PATH=VALUE", assignment);
        return false;
    }
    char path[512];
    size_t plen = (size_t)(eq - assignment);
    if (plen >= sizeof path) {
        cz_err(r, NULL, "--set: path too long");
        return false;
    }
    memcpy(path, assignment, plen);
    path[plen] = '\0';
    const char *text = eq + 1;
    cJSON *value = cJSON_Parse(text);
    if (!value)
        value = cJSON_CreateString(text);
    if (!value)
        return false;
    cJSON *node = root;
    char *save = NULL, *tok = strtok_r(path, ".", &save);
    while (tok) {
        char *next = strtok_r(NULL, ".", &save);
        cJSON *child = NULL;
        if (cJSON_IsArray(node)) {
            char *end;
            long i = strtol(tok, &end, 10);
            child = *end == '\0' ? cJSON_GetArrayItem(node, (int)i) : array_by_name(node, tok);
            if (!child) {
                cz_err(r, NULL, "--set %s: no element \"%s\" in that array", assignment, tok);
                break;
            }
            if (!next) {
                cJSON_ReplaceItemViaPointer(node, child, value);
                return true;
            }
        } else if (cJSON_IsObject(node)) {
            child = cJSON_GetObjectItemCaseSensitive(node, tok);
            if (!next && cJSON_IsNull(value)) { /* null removes the key: its default applies */
                cJSON_DeleteItemFromObjectCaseSensitive(node, tok);
                cJSON_Delete(value);
                return true;
            }
            if (!next) {
                /* New keys are allowed here; validation catches unknown ones. */
                if (child) /* (ReplaceItemViaPointer would drop the key) */
                    cJSON_ReplaceItemInObjectCaseSensitive(node, tok, value);
                else
                    cJSON_AddItemToObject(node, tok, value);
                return true;
            }
            if (!child) {
                child = cJSON_CreateObject();
                if (!child)
                    break;
                cJSON_AddItemToObject(node, tok, child);
            }
        } else {
            cz_err(r, NULL, "--set %s: \"%s\" is inside a value that is not an object or array",
                   assignment, tok);
            break;
        }
        node = child;
        tok = next;
    }
    cJSON_Delete(value);
    if (cz_ok(r))
        cz_err(r, NULL, "--set %s: empty path", assignment);
    return false;
}

cJSON *cz_scenario_resolve(cz_reader_t *r, const char *file, const char *const *sets, int nsets)
{
    const char *chain[MAX_EXTENDS_DEPTH + 1];
    cJSON *root = load_chain(r, file, chain, 0);
    if (!root)
        return NULL;
    for (int i = 0; i < nsets; i++)
        cz_apply_set(r, root, sets[i]);
    if (!cz_ok(r)) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* ---- validation ---- */

static void read_policy_changes(cz_reader_t *r, cJSON *root, cz_scenario_t *s);

void cz_sc_copy_name(char *dst, const char *src)
{
    snprintf(dst, CZ_NAME_MAX, "%s", src ? src : "");
}

void cz_sc_read_name(cz_reader_t *r, const cJSON *o, const char *key, char *dst, bool required)
{
    const char *s = cz_get_string(r, o, key, "", required);
    if (strlen(s) >= CZ_NAME_MAX)
        cz_err(r, key, "name longer than %d characters", CZ_NAME_MAX - 1);
    cz_sc_copy_name(dst, s);
}

/* A list of names: an array of strings (or one string). */
static int read_names(cz_reader_t *r, const cJSON *o, const char *key, char (*dst)[CZ_NAME_MAX],
                      int max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return 0;
    if (cJSON_IsString(v)) {
        cz_sc_copy_name(dst[0], v->valuestring);
        return 1;
    }
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) > max) {
        cz_err(r, key, "expected an array of at most %d names", max);
        return 0;
    }
    int n = 0;
    for (const cJSON *it = v->child; it; it = it->next) {
        if (!cJSON_IsString(it) || strlen(it->valuestring) >= CZ_NAME_MAX) {
            cz_err(r, key, "element %d: expected a name (a string)", n);
            return 0;
        }
        cz_sc_copy_name(dst[n++], it->valuestring);
    }
    return n;
}

static const char *const LEVY_KEYS[] = {"ad_valorem", "per_unit", "threshold", NULL};
static const char *const THRESHOLD_KEYS[] = {"price_per_unit", "rate_at_or_above", "basis_rate", NULL};

/* A levy: a plain number is an ad valorem rate; an object gives the other forms. */
static void read_levy(cz_reader_t *r, const cJSON *o, const char *key, cz_levy_t *out,
                      cz_ct_threshold_t *thr, double max_rate)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = (cz_levy_t){0, 0};
    if (!v)
        return;
    if (cJSON_IsNumber(v)) {
        out->ad_valorem = cz_get_number(r, o, key, 0, false, 0, max_rate);
        return;
    }
    size_t mark = cz_push(r, key);
    if (cz_check_object(r, v, LEVY_KEYS)) {
        out->ad_valorem = cz_get_number(r, v, "ad_valorem", 0, false, 0, max_rate);
        out->per_unit = cz_get_number(r, v, "per_unit", 0, false, 0, 1e9);
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, "threshold");
        if (t && !thr) {
            cz_err(r, "threshold", "a price threshold applies to consumption tax only");
        } else if (t) {
            size_t m2 = cz_push(r, "threshold");
            if (cz_check_object(r, t, THRESHOLD_KEYS)) {
                thr->on = true;
                thr->price_per_unit = cz_get_number(r, t, "price_per_unit", 0, true, 0, 1e12);
                thr->rate_at_or_above = cz_get_number(r, t, "rate_at_or_above", 0, true, 0, 0.99);
                thr->basis_rate = cz_get_number(r, t, "basis_rate", out->ad_valorem, false, 0, 0.99);
            }
            cz_pop(r, m2);
        }
    }
    cz_pop(r, mark);
}

static const char *const CATEGORY_KEYS[] = {"duty", "vat", "ct", "export_duty", "origin_extra",
                                            "tags", "description", NULL};

static void read_category(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl)
{
    if (!cz_check_object(r, o, CATEGORY_KEYS))
        return;
    read_levy(r, o, "duty", &tl->duty, NULL, 10);
    read_levy(r, o, "ct", &tl->ct, &tl->ct_threshold, 0.99);
    read_levy(r, o, "export_duty", &tl->export_duty, NULL, 10);
    tl->vat = cz_get_number(r, o, "vat", 0, false, 0, 1);
    cz_get_string(r, o, "description", NULL, false);
    tl->ntags = read_names(r, o, "tags", tl->tags, CZ_MAX_TAGS);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(o, "origin_extra");
    if (!ex)
        return;
    size_t mark = cz_push(r, "origin_extra");
    if (!cJSON_IsObject(ex) || cJSON_GetArraySize(ex) > CZ_MAX_EXTRAS) {
        cz_err(r, NULL, "expected an object of at most %d origin: rate pairs", CZ_MAX_EXTRAS);
    } else {
        for (const cJSON *it = ex->child; it; it = it->next) {
            cz_sc_copy_name(tl->extra[tl->nextra].origin, it->string);
            tl->extra[tl->nextra++].rate = cz_get_number(r, ex, it->string, 0, true, 0, 10);
        }
    }
    cz_pop(r, mark);
}

void cz_read_tariff_line(cz_reader_t *r, const cJSON *o, cz_tariff_line_t *tl)
{
    read_category(r, o, tl);
}

static const char *const TARIFF_KEYS[] = {"categories", NULL};

static void read_tariff(cz_reader_t *r, const cJSON *root, cz_scenario_t *s)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "tariff");
    size_t mark = cz_push(r, "tariff");
    if (!t) {
        cz_err(r, NULL, "missing: the tariff (\"categories\" of goods with their rates)");
    } else if (cz_check_object(r, t, TARIFF_KEYS)) {
        const cJSON *cats = cJSON_GetObjectItemCaseSensitive(t, "categories");
        size_t m2 = cz_push(r, "categories");
        int n = cJSON_GetArraySize(cats);
        if (!cJSON_IsObject(cats) || n == 0) {
            cz_err(r, NULL, "expected a non-empty object of goods categories");
        } else {
            s->cats = calloc((size_t)n, sizeof *s->cats);
            for (const cJSON *it = cats->child; it && s->cats; it = it->next) {
                cz_tariff_line_t *tl = &s->cats[s->ncats++];
                cz_sc_copy_name(tl->name, it->string);
                size_t m3 = cz_push(r, it->string);
                read_category(r, it, tl);
                cz_pop(r, m3);
            }
        }
        cz_pop(r, m2);
    }
    cz_pop(r, mark);
}

int cz_scenario_category(const cz_scenario_t *s, const char *name)
{
    for (int i = 0; i < s->ncats; i++)
        if (strcmp(s->cats[i].name, name) == 0)
            return i;
    return -1;
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

static const char *const EXEMPTION_KEYS[] = {"name", "owners", "categories", "tags", "taxes",
                                             "at", "min_value_added", "description", NULL};

static void read_exemption(cz_reader_t *r, const cJSON *o, cz_exemption_t *e)
{
    e->min_value_added = NAN;
    if (!cz_check_object(r, o, EXEMPTION_KEYS))
        return;
    cz_sc_read_name(r, o, "name", e->name, true);
    if (cJSON_GetObjectItemCaseSensitive(o, "min_value_added"))
        e->min_value_added = cz_get_number(r, o, "min_value_added", NAN, true, 0, 100);
    cz_get_string(r, o, "description", NULL, false);
    e->nowners = read_names(r, o, "owners", e->owners, CZ_MAX_LIST);
    if (e->nowners == 0)
        cz_err(r, "owners", "missing: the owner classes it covers (\"*\" for all)");
    e->ncategories = read_names(r, o, "categories", e->categories, CZ_MAX_LIST);
    e->ntags = read_names(r, o, "tags", e->tags, CZ_MAX_TAGS);
    char names[CZ_NTAX + CZ_NPOINTS][CZ_NAME_MAX];
    int nt = read_names(r, o, "taxes", names, CZ_NTAX);
    for (int i = 0; i < nt; i++) {
        cz_tax_t t;
        if (cz_tax_from_name(names[i], &t))
            e->taxes |= 1u << t;
        else
            cz_err(r, "taxes", "\"%s\" is not a tax: expected duty, vat, ct or export_duty", names[i]);
    }
    if (nt == 0)
        cz_err(r, "taxes", "missing: the taxes it exempts, e.g. [\"duty\", \"vat\", \"ct\"]");
    int np = read_names(r, o, "at", names, CZ_NPOINTS);
    for (int i = 0; i < np; i++) {
        cz_point_t p;
        if (cz_point_from_name(names[i], &p))
            e->points |= 1u << p;
        else
            cz_err(r, "at", "\"%s\" is not a point: expected first_line, zone, second_line or transfer",
                   names[i]);
    }
    if (np == 0)
        cz_err(r, "at", "missing: where it applies, e.g. [\"first_line\", \"zone\"]");
}

static const char *const REGIME_KEYS[] = {"name", "description", "import_tax_at", "export_duty_at",
                                          "second_line_control", "back_payment_on_transfer",
                                          "de_minimis_cny", "refund_on_entry", "selective_tariff",
                                          "exemptions", NULL};

static cz_point_t read_line_point(cz_reader_t *r, const cJSON *o, const char *key, cz_point_t def)
{
    const char *s = cz_get_string(r, o, key, NULL, false);
    if (!s)
        return def;
    if (strcmp(s, "first_line") == 0)
        return CZ_FIRST_LINE;
    if (strcmp(s, "second_line") == 0)
        return CZ_SECOND_LINE;
    cz_err(r, key, "\"%s\": expected \"first_line\" or \"second_line\"", s);
    return def;
}

static void read_regime(cz_reader_t *r, const cJSON *root, cz_regime_t *rg)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "regime");
    size_t mark = cz_push(r, "regime");
    if (!o) {
        cz_err(r, NULL, "missing: a regime (extend a preset in scenarios/regimes/)");
    } else if (cz_check_object(r, o, REGIME_KEYS)) {
        cz_sc_read_name(r, o, "name", rg->name, true);
        cz_get_string(r, o, "description", NULL, false);
        rg->import_tax_at = read_line_point(r, o, "import_tax_at", CZ_SECOND_LINE);
        rg->export_duty_at = read_line_point(r, o, "export_duty_at", CZ_SECOND_LINE);
        rg->second_line_control = cz_get_bool(r, o, "second_line_control", true);
        rg->back_payment_on_transfer = cz_get_bool(r, o, "back_payment_on_transfer", true);
        rg->de_minimis_cny = cz_get_number(r, o, "de_minimis_cny", 0, false, 0, 1e9);
        rg->refund_on_entry = cz_get_bool(r, o, "refund_on_entry", false);
        const char *sel = cz_get_string(r, o, "selective_tariff", "none", false);
        rg->selective = strcmp(sel, "none") != 0;
        if (!strcmp(sel, "materials"))
            rg->selective_rule = CZ_SEL_MATERIALS;
        else if (!strcmp(sel, "finished"))
            rg->selective_rule = CZ_SEL_FINISHED;
        else if (!strcmp(sel, "cheaper"))
            rg->selective_rule = CZ_SEL_CHEAPER;
        else if (rg->selective)
            cz_err(r, "selective_tariff", "\"%s\": expected \"none\", \"materials\", \"finished\" or \"cheaper\"", sel);
        const cJSON *ex = cJSON_GetObjectItemCaseSensitive(o, "exemptions");
        if (ex && (!cJSON_IsArray(ex) || cJSON_GetArraySize(ex) > CZ_MAX_EXEMPTIONS)) {
            cz_err(r, "exemptions", "expected an array of at most %d exemptions", CZ_MAX_EXEMPTIONS);
        } else if (ex) {
            int i = 0;
            for (const cJSON *it = ex->child; it; it = it->next, i++) {
                const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
                size_t m2 = cz_push(r, "exemptions");
                size_t m3 = cz_push_index(r, i, cJSON_IsString(nm) ? nm->valuestring : NULL);
                read_exemption(r, it, &rg->ex[rg->nex++]);
                for (int k = 0; k < rg->nex - 1; k++)
                    if (strcmp(rg->ex[k].name, rg->ex[rg->nex - 1].name) == 0)
                        cz_err(r, "name", "two exemptions are named \"%s\"", rg->ex[k].name);
                cz_pop(r, m3);
                cz_pop(r, m2);
            }
        }
    }
    cz_pop(r, mark);
}

static const char *const TOP_KEYS[] = {"name", "description", "sources", "horizon_days",
                                       "warmup_days", "warmup", "replications", "seed", "tariff", "regime",
                                       "flows", "lines", "economics", "policy_changes", NULL};
static const char *const CHANGE_KEYS[] = {"at", "set", "description", NULL};
static const char *const LINES_KEYS[] = {"first_line", "second_line", NULL};
static const char *const ECON_KEYS[] = {"discount_rate_annual", NULL};

static void read_top(cz_reader_t *r, const cJSON *root, cz_scenario_t *s)
{
    cz_check_object(r, root, TOP_KEYS);
    const char *name = cz_get_string(r, root, "name", "unnamed", true);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->description = strdup(cz_get_string(r, root, "description", "", false));
    double horizon = cz_get_number(r, root, "horizon_days", 365, false, 1.0 / 1440, 36500);
    double warmup = cz_get_number(r, root, "warmup_days", 0, false, 0, 36500);
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "warmup");
    if (w && cJSON_GetObjectItemCaseSensitive(root, "warmup_days"))
        cz_err(r, "warmup", "give \"warmup\" or \"warmup_days\", not both");
    else if (cJSON_IsString(w) && strcmp(w->valuestring, "auto") == 0)
        s->warmup_auto = true;
    else if (w)
        warmup = cz_get_duration(r, root, "warmup", 0, true, 0) / CZ_MIN_PER_DAY;
    if (warmup >= horizon)
        cz_err(r, w ? "warmup" : "warmup_days", "%g days must be less than horizon_days (%g)", warmup, horizon);
    s->horizon_min = horizon * CZ_MIN_PER_DAY;
    s->warmup_min = warmup * CZ_MIN_PER_DAY;
    s->replications = (unsigned)cz_get_int(r, root, "replications", 10, false, 1, 1000000);
    s->seed = (uint64_t)cz_get_number(r, root, "seed", 1, false, 0, 9007199254740992.0);
    const cJSON *econ = cJSON_GetObjectItemCaseSensitive(root, "economics");
    s->discount_rate_annual = 0.03;
    if (econ) {
        size_t mark = cz_push(r, "economics");
        if (cz_check_object(r, econ, ECON_KEYS))
            s->discount_rate_annual = cz_get_number(r, econ, "discount_rate_annual", 0.03, false, 0, 1);
        cz_pop(r, mark);
    }
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* Index of an owner class in s->owners, adding it if new. */
static int owner_class(cz_scenario_t *s, const char *name)
{
    for (int i = 0; i < s->nowners; i++)
        if (!strcmp(s->owners[i], name))
            return i;
    cz_sc_copy_name(s->owners[s->nowners], name);
    return s->nowners++;
}

static void list_owners(cz_scenario_t *s)
{
    s->owners = calloc((size_t)(2 * s->nflows + 1), sizeof *s->owners);
    for (int i = 0; s->owners && i < s->nflows; i++) {
        cz_flow_t *f = &s->flows[i];
        f->owner_ix = owner_class(s, f->owner);
        f->transfer_owner_ix = f->route[CZ_ROUTE_TRANSFER] > 0 ? owner_class(s, f->transfer_owner) : -1;
    }
}

cz_scenario_t *cz_scenario_from_json(cz_reader_t *r, cJSON *root, const char *file)
{
    cz_scenario_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->file = strdup(file);
    read_top(r, root, s);
    read_tariff(r, root, s);
    read_regime(r, root, &s->regime);
    cz_sc_read_flows(r, root, s);
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(root, "lines");
    size_t mark = cz_push(r, "lines");
    if (!lines)
        cz_err(r, NULL, "missing: \"first_line\" and \"second_line\"");
    else if (cz_check_object(r, lines, LINES_KEYS)) {
        cz_sc_read_line(r, lines, "first_line", s, &s->l1, true);
        cz_sc_read_line(r, lines, "second_line", s, &s->l2, s->regime.second_line_control);
    }
    cz_pop(r, mark);
    if (cz_ok(r))
        list_owners(s);
    if (cz_ok(r) && !s->owners)
        cz_err(r, NULL, "out of memory");
    if (cz_ok(r))
        cz_sc_apply_demand(s);
    if (cz_ok(r))
        read_policy_changes(r, root, s);
    if (!cz_ok(r)) {
        cz_scenario_free(s);
        return NULL;
    }
    s->resolved = root;
    char *text = cJSON_PrintUnformatted(root);
    s->hash = text ? fnv1a(text) : 0;
    free(text);
    return s;
}

/* The phases of a policy schedule must keep the shape the KPIs and the running
 * model rely on: flows, categories, exemptions (by name and order), hours. */
static void check_phase(cz_reader_t *r, const cz_scenario_t *base, const cz_scenario_t *p)
{
    bool same = p->nflows == base->nflows && p->ncats == base->ncats && p->regime.nex == base->regime.nex;
    for (int i = 0; same && i < p->nflows; i++)
        same = !strcmp(p->flows[i].name, base->flows[i].name) && p->flows[i].ncat == base->flows[i].ncat &&
               p->flows[i].processing == base->flows[i].processing && p->flows[i].personal == base->flows[i].personal;
    for (int i = 0; same && i < p->ncats; i++)
        same = !strcmp(p->cats[i].name, base->cats[i].name);
    for (int i = 0; same && i < p->regime.nex; i++)
        same = !strcmp(p->regime.ex[i].name, base->regime.ex[i].name);
    same = same && p->nowners == base->nowners;
    for (int i = 0; same && i < p->nowners; i++)
        same = !strcmp(p->owners[i], base->owners[i]);
    if (!same)
        cz_err(r, "set", "a policy change may change values, not the list of flows, categories, owner "
               "classes or exemptions (give an exemption in the base regime with an owner list that matches nobody, "
               "and change its owners)");
    const cz_line_t *a[2] = {&base->l1, &base->l2}, *b[2] = {&p->l1, &p->l2};
    for (int i = 0; i < 2; i++)
        if (a[i]->always_open != b[i]->always_open || a[i]->open != b[i]->open || a[i]->close != b[i]->close)
            cz_err(r, "set", "a policy change may not change opening hours (give them in the base scenario)");
}

static void read_policy_changes(cz_reader_t *r, cJSON *root, cz_scenario_t *s)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "policy_changes");
    if (!v)
        return;
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsArray(v) || n > 8) {
        cz_err(r, "policy_changes", "expected an array of at most 8 changes {\"at\": \"180 d\", \"set\": {PATH: VALUE}}");
        return;
    }
    s->phase = calloc((size_t)(n ? n : 1), sizeof *s->phase);
    s->phase_at = calloc((size_t)(n ? n : 1), sizeof *s->phase_at);
    if (!s->phase || !s->phase_at)
        return;
    cJSON *tree = cJSON_Duplicate(root, true);
    cJSON_DeleteItemFromObjectCaseSensitive(tree, "policy_changes");
    double last = 0;
    for (int k = 0; k < n && tree; k++) {
        const cJSON *ch = cJSON_GetArrayItem(v, k);
        size_t m1 = cz_push(r, "policy_changes"), m2 = cz_push_index(r, k, NULL);
        if (cz_check_object(r, ch, CHANGE_KEYS)) {
            cz_get_string(r, ch, "description", NULL, false);
            double at = cz_get_duration(r, ch, "at", 0, true, 0);
            if (!(at > last && at < s->horizon_min))
                cz_err(r, "at", "%g min: changes must come in increasing time, inside the horizon", at);
            last = at;
            const cJSON *set = cJSON_GetObjectItemCaseSensitive(ch, "set");
            if (!cJSON_IsObject(set) || !set->child)
                cz_err(r, "set", "expected an object of PATH: VALUE, e.g. {\"lines.second_line.lanes\": 5}");
            for (const cJSON *it = set ? set->child : NULL; it && cJSON_IsObject(set); it = it->next) {
                char *val = cJSON_PrintUnformatted(it);
                size_t len = val ? strlen(it->string) + strlen(val) + 2 : 0;
                char *assign = val ? malloc(len) : NULL;
                if (assign) {
                    snprintf(assign, len, "%s=%s", it->string, val);
                    size_t m3 = cz_push(r, "set");
                    cz_apply_set(r, tree, assign);
                    cz_pop(r, m3);
                }
                free(assign);
                free(val);
            }
            if (cz_ok(r)) {
                cJSON *copy = cJSON_Duplicate(tree, true);
                int before = r->nerrors;
                cz_scenario_t *p = copy ? cz_scenario_from_json(r, copy, s->file) : NULL;
                if (!p)
                    cJSON_Delete(copy);
                else if (r->nerrors == before)
                    check_phase(r, s, p);
                s->phase[s->nphases] = p;
                s->phase_at[s->nphases++] = at;
            }
        }
        cz_pop(r, m2);
        cz_pop(r, m1);
    }
    cJSON_Delete(tree);
}

cz_scenario_t *cz_scenario_rules(cz_reader_t *r, cJSON *root, const char *file)
{
    cz_scenario_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->file = strdup(file);
    if (cJSON_GetObjectItemCaseSensitive(root, "tariff"))
        read_tariff(r, root, s);
    if (cJSON_GetObjectItemCaseSensitive(root, "regime"))
        read_regime(r, root, &s->regime);
    else
        cz_err(r, "regime", "missing: the file names no regime");
    if (!cz_ok(r)) {
        cz_scenario_free(s);
        return NULL;
    }
    s->resolved = root;
    return s;
}

cz_scenario_t *cz_scenario_load(cz_reader_t *r, const char *file, const char *const *sets, int nsets)
{
    cJSON *root = cz_scenario_resolve(r, file, sets, nsets);
    if (!root)
        return NULL;
    cz_scenario_t *s = cz_scenario_from_json(r, root, file);
    if (!s)
        cJSON_Delete(root);
    return s;
}

static void free_inspection(cz_inspection_t *in)
{
    sim_dist_fini(&in->time);
    free(in->by_owner);
    free(in->by_category);
}

void cz_scenario_free(cz_scenario_t *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nflows; i++) {
        cz_flow_t *f = &s->flows[i];
        free(f->cat);
        sim_dist_fini(&f->cat_pick);
        sim_dist_fini(&f->value_cny);
        sim_dist_fini(&f->quantity);
        sim_dist_fini(&f->dwell);
        sim_dist_fini(&f->value_added);
    }
    cz_line_t *lines[2] = {&s->l1, &s->l2};
    for (int i = 0; i < 2; i++) {
        sim_dist_fini(&lines[i]->service);
        sim_dist_fini(&lines[i]->payment);
        free_inspection(&lines[i]->insp);
    }
    for (int k = 0; k < s->nphases; k++)
        cz_scenario_free(s->phase[k]);
    free(s->phase);
    free(s->phase_at);
    free(s->flows);
    free(s->owners);
    free(s->cats);
    free(s->description);
    free(s->file);
    cJSON_Delete(s->resolved);
    free(s);
}

static const char *const ROUTE_KEYS[CZ_NROUTES + 1] = {"to_mainland", "re_export", "consumed_in_zone",
                                                       "transferred", NULL};
static const char *const *const KEY_LISTS[] = {TOP_KEYS, CHANGE_KEYS, CZ_SC_DEMAND_KEYS, TARIFF_KEYS, CATEGORY_KEYS, LEVY_KEYS,
                                               THRESHOLD_KEYS, REGIME_KEYS, EXEMPTION_KEYS, CZ_SC_FLOW_KEYS,
                                               CZ_SC_PROCESSING_KEYS, CZ_SC_PERSONAL_KEYS,
                                               ROUTE_KEYS, LINES_KEYS, CZ_SC_LINE_KEYS, CZ_SC_INSPECTION_KEYS,
                                               ECON_KEYS, NULL};

const char *const *const *cz_scenario_key_lists(void) { return KEY_LISTS; }
