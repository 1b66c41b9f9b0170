/* read_regime.c: the "regime" section: where taxes fall, second-line control,
 * back-payment, de minimis, refunds, the selective tariff and the exemptions.
 * See scenario.h and models/tax/regime.h; units in docs/scenario.md. */
#include <math.h>
#include <string.h>

#include "models/scenario/scenario_impl.h"

const char *const CZ_SC_EXEMPTION_KEYS[] = {"name", "owners", "categories", "tags", "taxes",
                                             "at", "min_value_added", "description", NULL};

static void read_exemption(cz_reader_t *r, const cJSON *o, cz_exemption_t *e)
{
    e->min_value_added = NAN;
    if (!cz_check_object(r, o, CZ_SC_EXEMPTION_KEYS))
        return;
    cz_sc_read_name(r, o, "name", e->name, true);
    if (cJSON_GetObjectItemCaseSensitive(o, "min_value_added"))
        e->min_value_added = cz_get_fraction(r, o, "min_value_added", NAN, true, 0, 100);
    cz_get_string(r, o, "description", NULL, false);
    e->nowners = cz_sc_read_names(r, o, "owners", e->owners, CZ_MAX_LIST);
    if (e->nowners == 0)
        cz_err(r, "owners", "missing: the owner classes it covers (\"*\" for all)");
    e->ncategories = cz_sc_read_names(r, o, "categories", e->categories, CZ_MAX_LIST);
    e->ntags = cz_sc_read_names(r, o, "tags", e->tags, CZ_MAX_TAGS);
    char names[CZ_NTAX + CZ_NPOINTS][CZ_NAME_MAX];
    int nt = cz_sc_read_names(r, o, "taxes", names, CZ_NTAX);
    for (int i = 0; i < nt; i++) {
        cz_tax_t t;
        if (cz_tax_from_name(names[i], &t))
            e->taxes |= 1u << t;
        else
            cz_err(r, "taxes", "\"%s\" is not a tax: expected duty, vat, ct or export_duty", names[i]);
    }
    if (nt == 0)
        cz_err(r, "taxes", "missing: the taxes it exempts, e.g. [\"duty\", \"vat\", \"ct\"]");
    int np = cz_sc_read_names(r, o, "at", names, CZ_NPOINTS);
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

const char *const CZ_SC_REGIME_KEYS[] = {"name", "description", "import_tax_at", "export_duty_at",
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

void cz_sc_read_regime(cz_reader_t *r, const cJSON *root, cz_regime_t *rg)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "regime");
    size_t mark = cz_push(r, "regime");
    if (!o) {
        cz_err(r, NULL, "missing: a regime (extend a preset in scenarios/regimes/)");
    } else if (cz_check_object(r, o, CZ_SC_REGIME_KEYS)) {
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

