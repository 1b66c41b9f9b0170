/* cmd_assess.c: `zonesim assess`: the taxes on one consignment, JSON in, JSON out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "models/tax/regime.h"
#include "models/scenario/scenario.h"

static const char ASSESS_HELP[] =
    "usage: zonesim assess [FILE|-]\n"
    "\n"
    "Assess the taxes on one consignment.  Reads a JSON object (from FILE, or stdin\n"
    "when FILE is - or absent) and prints the assessment as JSON.\n"
    "\n"
    "Input keys:\n"
    "  tariff_line       {\"duty\": 0.05, \"vat\": 0.13, \"ct\": ...} (a plain number is an\n"
    "                    ad valorem rate; {\"ad_valorem\": r, \"per_unit\": CNY} otherwise)\n"
    "  category          or a category name from the tariff of \"scenario\"/\"regime\"\n"
    "  scenario, regime  a scenario or regime preset file (its regime and tariff apply)\n"
    "  customs_value_cny the customs value in CNY, or:\n"
    "  price, freight, insurance, fx_rate, currency\n"
    "                    CIF from its parts (insurance absent: 3 per mille of price +\n"
    "                    freight), converted at fx_rate CNY per unit of currency\n"
    "  quantity          units, for specific (per-unit) levies (default 1)\n"
    "  origin            country of origin, for origin-keyed additional duty\n"
    "  owner             owner class, e.g. \"whitelisted\" (default \"ordinary\")\n"
    "  line              \"first_line\" | \"second_line\" | \"zone\" (default second_line)\n"
    "  direction         \"import\" (default) | \"export\" (export duty on FOB)\n"
    "\n"
    "Output: customs_value_cny, duty_cny, ct_cny, vat_cny, export_duty_cny, total_cny,\n"
    "full_tax_cny (with no exemption), exemptions [{name, forgone_cny}], rules [...].\n"
    "\n"
    "Example:\n"
    "  echo '{\"tariff_line\": {\"duty\": 0.05, \"vat\": 0.13}, \"customs_value_cny\": 100}' \\\n"
    "    | zonesim assess -\n"
    "Exit: 0 done, 2 bad input.\n";

static const char *const ASSESS_KEYS[] = {"tariff_line", "category", "scenario", "regime",
                                          "customs_value_cny", "price", "freight", "insurance",
                                          "currency", "fx_rate", "quantity", "origin", "owner",
                                          "line", "direction", NULL};

typedef struct input {
    cz_tariff_line_t tl;
    cz_scenario_t *rules;      /* regime and tariff from a file, or NULL */
    int64_t cv_fen;
    double qty;
    const char *origin, *owner;
    cz_point_t at;
    bool export;
} input_t;

static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 4096;
    char *buf = malloc(cap);
    *len = 0;
    while (buf) {
        size_t got = fread(buf + *len, 1, cap - *len - 1, f);
        *len += got;
        if (got == 0 || *len > (4u << 20))
            break;
        if (*len + 1 >= cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
        }
    }
    if (buf)
        buf[*len] = '\0';
    return buf;
}

static void read_rules_file(cz_reader_t *r, const cJSON *in, const char *key, input_t *x)
{
    const char *file = cz_get_string(r, in, key, NULL, false);
    if (!file)
        return;
    cz_reader_t sub;
    cz_reader_init(&sub, file);
    cJSON *root = cz_scenario_resolve(&sub, file, NULL, 0);
    x->rules = root ? cz_scenario_rules(&sub, root, file) : NULL;
    if (root && !x->rules)
        cJSON_Delete(root);
    for (int i = 0; i < sub.nerrors; i++)
        cz_err(r, key, "%s", sub.errors[i]);
    cz_reader_fini(&sub);
}

static void read_goods(cz_reader_t *r, const cJSON *in, input_t *x)
{
    const cJSON *tl = cJSON_GetObjectItemCaseSensitive(in, "tariff_line");
    const char *cat = cz_get_string(r, in, "category", NULL, false);
    if (tl) {
        size_t m = cz_push(r, "tariff_line");
        cz_read_tariff_line(r, tl, &x->tl);
        cz_pop(r, m);
        snprintf(x->tl.name, sizeof x->tl.name, "%s", cat ? cat : "tariff_line");
    } else if (cat && x->rules && x->rules->ncats > 0) {
        int k = cz_scenario_category(x->rules, cat);
        if (k < 0)
            cz_err(r, "category", "\"%s\" is not in the tariff of %s", cat, x->rules->file);
        else
            x->tl = x->rules->cats[k];
    } else if (cat) {
        cz_err(r, "category", "a category needs a \"scenario\" or \"regime\" file with a tariff");
    } else {
        cz_err(r, NULL, "missing: \"tariff_line\" or \"category\"");
    }
}

static void read_value(cz_reader_t *r, const cJSON *in, input_t *x)
{
    bool has_cv = cJSON_GetObjectItemCaseSensitive(in, "customs_value_cny") != NULL;
    bool has_price = cJSON_GetObjectItemCaseSensitive(in, "price") != NULL;
    if (has_cv == has_price) {
        cz_err(r, NULL, "give either \"customs_value_cny\" or \"price\" (with freight, insurance)");
        return;
    }
    if (has_cv) {
        x->cv_fen = cz_fen(cz_get_number(r, in, "customs_value_cny", 0, true, 0, 1e15));
        return;
    }
    double price = cz_get_number(r, in, "price", 0, true, 0, 1e15);
    double freight = cz_get_number(r, in, "freight", 0, false, 0, 1e15);
    double ins = cz_get_number(r, in, "insurance", -1, false, 0, 1e15);
    double fx = cz_get_number(r, in, "fx_rate", 1, false, 1e-9, 1e9);
    const char *cur = cz_get_string(r, in, "currency", "CNY", false);
    if (strcmp(cur, "CNY") != 0 && !cJSON_GetObjectItemCaseSensitive(in, "fx_rate"))
        cz_err(r, "fx_rate", "missing: the CNY per %s rate is needed to convert the value", cur);
    x->cv_fen = cz_customs_value_fen(price, freight, ins, fx);
}

static bool read_input(cz_reader_t *r, const cJSON *in, input_t *x)
{
    memset(x, 0, sizeof *x);
    if (!cz_check_object(r, in, ASSESS_KEYS))
        return false;
    read_rules_file(r, in, "scenario", x);
    if (!x->rules)
        read_rules_file(r, in, "regime", x);
    read_goods(r, in, x);
    read_value(r, in, x);
    x->qty = cz_get_number(r, in, "quantity", 1, false, 0, 1e15);
    x->origin = cz_get_string(r, in, "origin", NULL, false);
    x->owner = cz_get_string(r, in, "owner", "ordinary", false);
    const char *line = cz_get_string(r, in, "line", "second_line", false);
    if (!cz_point_from_name(line, &x->at) || x->at == CZ_TRANSFER)
        cz_err(r, "line", "\"%s\": expected \"first_line\", \"second_line\" or \"zone\"", line);
    const char *dir = cz_get_string(r, in, "direction", "import", false);
    if (strcmp(dir, "import") && strcmp(dir, "export"))
        cz_err(r, "direction", "\"%s\": expected \"import\" or \"export\"", dir);
    x->export = strcmp(dir, "export") == 0;
    return cz_ok(r);
}

static void add_money(cJSON *o, const char *k, int64_t fen) { cJSON_AddNumberToObject(o, k, cz_cny(fen)); }

static void add_rule(cJSON *rules, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void add_rule(cJSON *rules, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cJSON_AddItemToArray(rules, cJSON_CreateString(buf));
}

static void describe_tariff(cJSON *rules, const cz_tariff_line_t *tl, cz_ct_rule_t ct)
{
    add_rule(rules, "duty: %g%% of customs value%s", tl->duty.ad_valorem * 100,
             tl->duty.per_unit > 0 ? " plus a per-unit amount" : "");
    if (ct == CZ_CT_THRESHOLD_ABOVE)
        add_rule(rules, "ct: price per unit at or above %g CNY: rate %g%%", tl->ct_threshold.price_per_unit,
                 tl->ct_threshold.rate_at_or_above * 100);
    else if (ct == CZ_CT_THRESHOLD_BELOW)
        add_rule(rules, "ct: price per unit below %g CNY: rate %g%%", tl->ct_threshold.price_per_unit,
                 tl->ct.ad_valorem * 100);
    else if (ct == CZ_CT_PLAIN)
        add_rule(rules, "ct: on the composite price (value + duty) / (1 - rate)");
    add_rule(rules, "vat: %g%% of value + duty + ct", tl->vat * 100);
}

static cJSON *assess(const input_t *x)
{
    cJSON *o = cJSON_CreateObject(), *ex = cJSON_CreateArray(), *rules = cJSON_CreateArray();
    cz_regime_t none = {.name = "", .import_tax_at = x->at == CZ_ZONE ? CZ_SECOND_LINE : x->at};
    const cz_regime_t *rg = x->rules ? &x->rules->regime : &none;
    cz_assessment_t a;
    memset(&a, 0, sizeof a);
    cJSON_AddStringToObject(o, "category", x->tl.name);
    add_money(o, "customs_value_cny", x->cv_fen);
    if (x->rules)
        cJSON_AddStringToObject(o, "regime", rg->name);
    if (x->export) {
        a.due.fen[CZ_EXPORT_DUTY] = cz_assess_export(&x->tl, x->cv_fen, x->qty);
        a.full = a.due;
        add_rule(rules, "export duty: FOB / (1 + %g) x %g", x->tl.export_duty.ad_valorem,
                 x->tl.export_duty.ad_valorem);
    } else if (x->at != CZ_ZONE && rg->import_tax_at != x->at) {
        add_rule(rules, "bonded: import taxes are not collected at the %s under regime %s; they fall at the %s",
                 cz_point_name(x->at), rg->name, cz_point_name(rg->import_tax_at));
    } else {
        cz_regime_assess_import(rg, &x->tl, x->owner, x->at, x->cv_fen, x->qty, x->origin, &a);
        describe_tariff(rules, &x->tl, a.ct_rule);
        for (int i = 0; i < rg->nex; i++)
            if (a.exempted_by & (1u << i)) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "name", rg->ex[i].name);
                add_money(e, "forgone_cny", a.forgone[i]);
                cJSON_AddItemToArray(ex, e);
                add_rule(rules, "exemption %s: owner %s at the %s", rg->ex[i].name, x->owner,
                         cz_point_name(x->at));
            }
        if (a.de_minimis) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "name", "de_minimis");
            add_money(e, "forgone_cny", a.forgone[CZ_FORGONE_DE_MINIMIS]);
            cJSON_AddItemToArray(ex, e);
            add_rule(rules, "de minimis: tax at or below %g CNY is waived", rg->de_minimis_cny);
        }
    }
    add_money(o, "duty_cny", a.due.fen[CZ_DUTY]);
    add_money(o, "ct_cny", a.due.fen[CZ_CT]);
    add_money(o, "vat_cny", a.due.fen[CZ_VAT]);
    add_money(o, "export_duty_cny", a.due.fen[CZ_EXPORT_DUTY]);
    add_money(o, "total_cny", cz_taxes_total(&a.due));
    add_money(o, "full_tax_cny", cz_taxes_total(&a.full));
    cJSON_AddItemToObject(o, "exemptions", ex);
    cJSON_AddItemToObject(o, "rules", rules);
    return o;
}

/* The assessment of a parsed input, as JSON text (caller frees), or NULL. */
static char *assess_json(cz_reader_t *r, const cJSON *in)
{
    input_t x = {0};
    char *result = NULL;
    if (read_input(r, in, &x)) {
        cJSON *out = assess(&x);
        result = out ? cJSON_Print(out) : NULL;
        cJSON_Delete(out);
    }
    cz_scenario_free(x.rules);
    return result;
}

char *cz_assess_text(cz_reader_t *r, const char *text, size_t len)
{
    cJSON *in = cz_parse_json_text(r, text, len);
    char *result = in ? assess_json(r, in) : NULL;
    cJSON_Delete(in);
    return result;
}

int cz_cmd_assess(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(ASSESS_HELP, stdout);
        return 0;
    }
    if (o.npos > 1) {
        fprintf(stderr, "zonesim: assess: expected at most one input file\n");
        return 2;
    }
    const char *file = o.npos ? o.pos[0] : "-";
    cz_reader_t r;
    cz_reader_init(&r, file);
    char *text = NULL, *result = NULL;
    size_t len = 0;
    if (strcmp(file, "-") == 0) {
        text = read_all(stdin, &len);
        if (!text)
            cz_err(&r, NULL, "cannot read standard input");
        else
            result = cz_assess_text(&r, text, len);
    } else {
        cJSON *in = cz_load_json(&r, file, 4L << 20); /* size, UTF-8 and syntax checks */
        if (in)
            result = assess_json(&r, in);
        cJSON_Delete(in);
    }
    if (result)
        printf("%s\n", result);
    cz_reader_print(&r, stderr);
    int rc = result && cz_ok(&r) ? 0 : 2;
    cz_reader_fini(&r);
    free(text);
    free(result);
    return rc;
}
