/* read_regime.c: the "regime" section: where taxes fall, second-line control,
 * back-payment, de minimis, refunds, the selective tariff and the exemptions.
 * See scenario.h and models/tax/regime.h; units in docs/scenario.md. */
#include <math.h>
#include <stdio.h>
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
            cz_err(r, "taxes", "\"%s\" is not a tax: expected duty, additional_duty, ct, vat, export_duty or postal",
                   names[i]);
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
                                          "transfer_keeps_exemption", "de_minimis_cny", "de_minimis_per",
                                          "refund_on_entry", "reexport_relief", "selective_tariff",
                                          "opt_out_lock_in_months", "exemptions", NULL};

/* One of a list of words, by its index; def when absent. */
static int read_word(cz_reader_t *r, const cJSON *o, const char *key, const char *const *words, int def)
{
    const char *s = cz_get_string(r, o, key, NULL, false);
    char list[256] = "";
    if (!s)
        return def;
    for (int i = 0; words[i]; i++) {
        if (!strcmp(s, words[i]))
            return i;
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s\"%s\"", i ? ", " : "", words[i]);
    }
    cz_err(r, key, "\"%s\": expected one of %s", s, list);
    return def;
}

static void read_rules(cz_reader_t *r, const cJSON *o, cz_regime_t *rg)
{
    static const char *const per[] = {"total", "tax", NULL}, *const relief[] = {"none", "bonded", "drawback", NULL},
                             *const sel[] = {"none", "materials", "finished", "cheaper", NULL};
    static const cz_selective_t rules[] = {CZ_SEL_FINISHED, CZ_SEL_MATERIALS, CZ_SEL_FINISHED, CZ_SEL_CHEAPER};
    rg->back_payment_on_transfer = cz_get_bool(r, o, "back_payment_on_transfer", true);
    rg->transfer_keeps_exemption = cz_get_bool(r, o, "transfer_keeps_exemption", true);
    rg->de_minimis_fen = cz_get_money(r, o, "de_minimis_cny", 0, false, 1e9);
    rg->de_minimis_per_tax = read_word(r, o, "de_minimis_per", per, 0) == 1;
    rg->refund_on_entry = cz_get_bool(r, o, "refund_on_entry", false);
    rg->reexport_relief = (cz_relief_t)read_word(r, o, "reexport_relief", relief, CZ_RELIEF_NONE);
    rg->opt_out_lock_in_months = (int)cz_get_int(r, o, "opt_out_lock_in_months", 0, false, 0, 1200);
    int k = read_word(r, o, "selective_tariff", sel, 0);
    rg->selective = k != 0;
    rg->selective_rule = rules[k];
}

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
        read_rules(r, o, rg);
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

