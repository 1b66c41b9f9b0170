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
    "Input keys (units and ranges in docs/outputs.md, \"assess\"):\n"
    "  tariff_line       {\"duty\": 0.05, \"vat\": 0.13, \"ct\": ..., \"export_refund\": ...,\n"
    "                    \"provisional\", \"general\", \"agreements\": {\"CEPA\": 0}}\n"
    "                    (a number is an ad valorem rate; {\"ad_valorem\": r, \"per_unit\":\n"
    "                    CNY} otherwise; rates may be written \"6.5%\")\n"
    "  category          or a category name from the tariff of \"scenario\"/\"regime\"\n"
    "  scenario, regime  a scenario or regime preset file (its regime and tariff apply)\n"
    "  customs_value_cny the customs value in CNY (half a fen rounds up), or:\n"
    "  price, freight, insurance, fx_rate, currency\n"
    "                    CIF from its parts (insurance absent: 3 per mille of price +\n"
    "                    freight), converted at fx_rate CNY per unit of currency\n"
    "  quantity          units, for specific (per-unit) levies (default 1)\n"
    "  origin            country of origin, for origin-keyed additional duty and\n"
    "                    tariff.origins\n"
    "  agreements        trade agreements the goods qualify under (proof of origin),\n"
    "                    e.g. [\"CEPA\"]: the line's agreement rate applies when lower\n"
    "  mfn               false: an origin without MFN treatment (the general rate)\n"
    "  owner             owner class, e.g. \"whitelisted\" (default \"ordinary\")\n"
    "  move              what the goods do: entry (from abroad into the zone),\n"
    "                    to_mainland, used_up, transfer (to to_owner), re_export,\n"
    "                    from_mainland (mainland goods entering), mainland_abroad;\n"
    "                    or, instead of move:\n"
    "  line              \"first_line\", \"second_line\" (the default), \"zone\" (used up)\n"
    "                    or \"transfer\", with\n"
    "  direction         \"import\" (default) | \"export\" (mainland goods)\n"
    "  to_owner          the new owner class, for a transfer\n"
    "  leaving_abroad    true: declared for re-export on entry (bonded relief)\n"
    "  opted_out         true: the owner's unit waived its exemptions\n"
    "  refunded          true: mainland goods that entered as exports (Hengqin, a bonded\n"
    "                    zone) and go back: an import, with no exemption\n"
    "  elapsed_months    months since entry, for goods exempt on entry leaving their\n"
    "                    exemption (back-payment on depreciated value and quantity)\n"
    "  processing        {\"materials_category\" | \"materials_tariff_line\",\n"
    "                    \"materials_value_cny\", \"domestic_cny\"}: goods made in the zone\n"
    "                    (the customs value is the product's; value-added ratio\n"
    "                    (P - M - D) / (M + D))\n"
    "  personal          {\"kind\": \"postal\"|\"baggage\", \"rate\", \"allowance_cny\",\n"
    "                    \"waiver_cny\"}: personal articles\n"
    "\n"
    "Where taxes fall follows the regime exactly as a run does (one rule,\n"
    "models/tax/taxpoint.c), on the goods' regular path: e.g. under the conventional\n"
    "regime goods leaving for the mainland owe nothing more, having paid on entry;\n"
    "under a drawback relief a re-export gets back what entry charged.  A key that\n"
    "does not apply to the goods or the move is an error.  Without a regime file,\n"
    "the point given is where the taxes fall.\n"
    "\n"
    "Output (money as exact decimals): category, customs_value_cny, regime, point,\n"
    "move, duty_cny, additional_duty_cny, ct_cny, vat_cny, export_duty_cny,\n"
    "postal_cny, refund_cny, drawback_cny (refunds negative), total_cny, full_tax_cny\n"
    "(with no exemption), exemptions [{name, forgone_cny}], rules [...].\n"
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
