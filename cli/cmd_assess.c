/* cmd_assess.c: `zonesim assess` — the taxes on one consignment (the rules are
 * in models/tax/assess.c; this file reads the input and prints the result). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "models/tax/assess.h"

#define MAX_INPUT (4u << 20)

static const char HELP[] =
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
    "  line              where the goods are: \"first_line\" (entering from abroad),\n"
    "                    \"second_line\" (leaving for the mainland; the default), \"zone\"\n"
    "                    (used up inside) or \"transfer\" (to another owner: to_owner)\n"
    "  to_owner          the new owner class, for \"transfer\"\n"
    "  direction         \"import\" (default) | \"export\" (mainland goods: export duty on\n"
    "                    FOB, and a refund where the regime treats entry as export)\n"
    "\n"
    "Where taxes fall follows the regime exactly as a run does: e.g. under the\n"
    "conventional regime goods leaving for the mainland or used up in the zone owe\n"
    "nothing more, having paid at the first line.  Without a regime file, the point\n"
    "given is taken as where the taxes fall.\n"
    "\n"
    "Output: category, customs_value_cny, regime, point, move, duty_cny, ct_cny, vat_cny,\n"
    "export_duty_cny, refund_cny, total_cny, full_tax_cny (with no exemption),\n"
    "exemptions [{name, forgone_cny}], rules [...] (docs/outputs.md).\n"
    "\n"
    "Example:\n"
    "  echo '{\"tariff_line\": {\"duty\": 0.05, \"vat\": 0.13}, \"customs_value_cny\": 100}' \\\n"
    "    | zonesim assess -\n"
    "Exit: 0 done, 2 bad input.\n";

/* Standard input, at most MAX_INPUT bytes (more is an error, not a cut). */
static char *read_stdin(size_t *len, bool *too_big)
{
    size_t cap = 4096;
    char *buf = malloc(cap);
    *len = 0;
    *too_big = false;
    while (buf) {
        size_t got = fread(buf + *len, 1, cap - *len - 1, stdin);
        *len += got;
        if (*len > MAX_INPUT) {
            *too_big = true;
            break;
        }
        if (got == 0)
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

static char *assess_stdin(cz_reader_t *r)
{
    size_t len;
    bool too_big;
    char *text = read_stdin(&len, &too_big), *result = NULL;
    if (!text || ferror(stdin))
        cz_err(r, NULL, "cannot read standard input");
    else if (too_big)
        cz_err(r, NULL, "more than %u bytes: not one consignment", MAX_INPUT);
    else
        result = cz_assess_text(r, text, len);
    free(text);
    return result;
}

int cli_assess(int argc, char **argv)
{
    static const struct option longs[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_args_t a;
    int opt, n;
    cli_args_init(&a, "assess", argc, argv);
    while ((opt = cli_next(&a, "h", longs)) != -1) {
        if (opt != 'h')
            return CZ_BAD_INPUT;
        fputs(HELP, stdout);
        return CZ_OK;
    }
    char **rest = cli_rest(&a, &n);
    if (n > 1)
        return cli_usage(&a, "expected at most one input file");
    const char *file = n ? rest[0] : "-";
    cz_reader_t r;
    cz_reader_init(&r, file);
    char *result = NULL;
    if (strcmp(file, "-") == 0) {
        result = assess_stdin(&r);
    } else {
        cJSON *in = cz_load_json(&r, file, MAX_INPUT); /* regular file, size, UTF-8 and syntax checks */
        result = in ? cz_assess_json(&r, in) : NULL;
        cJSON_Delete(in);
    }
    if (result)
        printf("%s\n", result);
    cz_reader_print(&r, stderr);
    int rc = result && cz_ok(&r) ? CZ_OK : CZ_BAD_INPUT;
    cz_reader_fini(&r);
    free(result);
    return rc;
}
