/* narrate.c: the story of a consignment, for `zonesim trace`.  Called only
 * through zi_say (zone_impl.h), which skips consignments nobody follows before
 * any argument is evaluated, so narration costs nothing in a plain run. */
#include <stdarg.h>
#include <stdio.h>

#include "models/zone/zone_impl.h"

void zi_narrate(zone_t *z, const cons_t *c, const char *step, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    z->trace->fn(z->trace->ctx, sim_now(z->sim), c->id, z->s->flows[c->flow].name, step, text);
}

void zi_narrate_id(zone_t *z, uint32_t id, const char *flow, const char *step, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    z->trace->fn(z->trace->ctx, sim_now(z->sim), id, flow, step, text);
}

const char *zi_line_name(int index) { return index == LINE1 ? "first line" : "second line"; }

/* "duty 5,000.00, VAT 13,650.00" — the items of an assessment, in CNY. */
void zi_describe_taxes(const cz_taxes_t *t, char *buf, size_t len)
{
    static const char *const names[CZ_NTAX] = {"duty", "additional duty", "consumption tax", "import VAT",
                                               "export duty", "postal tax", "refund", "drawback"};
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < CZ_NTAX && off < len; i++)
        if (t->fen[i])
            off += (size_t)snprintf(buf + off, len - off, "%s%s %.2f CNY", off ? ", " : "", names[i],
                                    cz_cny(t->fen[i]));
    if (!off)
        snprintf(buf, len, "nothing");
}

void zi_say_assessment(zone_t *z, const cons_t *c, cz_point_t at, const char *owner, int64_t assessed_fen,
                       const cz_assessment_t *a)
{
    static const char *const where[CZ_NPOINTS] = {"at the first line", "as the goods are used up in the zone",
                                                  "at the second line", "on transfer (back-payment)"};
    if (!TRACING(z, c))
        return;
    char due[256], full[256];
    zi_describe_taxes(&a->due, due, sizeof due);
    zi_describe_taxes(&a->full, full, sizeof full);
    char value[CZ_FEN_TEXT], note[128] = "";
    int64_t declared = zi_declared_goods(z, c).cv_fen;
    if (assessed_fen != declared)
        snprintf(note, sizeof note, " (its %s CNY depreciated over the supervision)", cz_fen_text(declared, value));
    else if (declared != c->value_fen || zi_declared_cat(c) != c->cat)
        snprintf(note, sizeof note, " as declared (truly %s CNY of %s)", cz_fen_text(c->value_fen, value),
                 zi_tariff_of(z, c)->name);
    zi_say(z, c, "tax", "import taxes assessed %s for owner %s on %s CNY of %s%s: %s", where[at], owner,
           cz_fen_text(assessed_fen, value), z->s->cats[zi_declared_cat(c)].name, note, due);
    for (int i = 0; i < z->s->regime.nex; i++)
        if (a->exempted_by & (1u << i))
            zi_say(z, c, "exempt", "exemption \"%s\" forgave %.2f CNY (without it: %s)", z->s->regime.ex[i].name,
                   cz_cny(a->forgone[i]), full);
    if (a->de_minimis)
        zi_say(z, c, "exempt", "de minimis: %.2f CNY waived", cz_cny(a->forgone[CZ_FORGONE_DE_MINIMIS]));
}
