/* fuzz_tables.c: libFuzzer target for the CSV tables (tables.c): the input's
 * first byte chooses whether the rest is a tariff schedule or a flow's trade
 * table; the other table is a fixed, valid one.  The files live in a folder
 * made once per process and are rewritten for each input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario/scenario.h"

static char dir[64];

static int put(const char *name, const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite(data, 1, size, f);
    return fclose(f);
}

static const char SCENARIO[] =
    "{\"name\": \"t\", \"horizon_days\": 10, \"replications\": 1,"
    " \"regime\": {\"name\": \"r\", \"exemptions\": []},"
    " \"tariff\": {\"schedule\": \"sched.csv\", \"origins\": {\"HK\": {\"agreements\": [\"CEPA\"]}},"
    "   \"lists\": {\"research\": [\"9027\"]}},"
    " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"origin_country\": \"HK\", \"preference_share\": 0.5,"
    "   \"rate_per_day\": 10, \"trade\": \"trade.csv\", \"value_cny\": 1000, \"route\": {\"to_mainland\": 1},"
    "   \"dwell\": \"1 d\"}],"
    " \"lines\": {\"first_line\": {\"lanes\": 2, \"service\": \"5 min\"},"
    "   \"second_line\": {\"lanes\": 2, \"service\": \"5 min\"}}}";
static const char SCHED[] = "code,mfn,provisional,general,agreement:CEPA,vat\n90271010,5%,3%,30%,0,0.13\n"
                            "85171090,0.1,,0.5,,0.13\n";
static const char TRADE[] = "code,origin,consignments\n90271010,HK,3\n85171090,HK,1\n";

static void cleanup(void)
{
    const char *names[] = {"scenario.json", "sched.csv", "trade.csv"};
    char path[128];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/zonesim-fuzz-tables-XXXXXX");
        if (!mkdtemp(dir) || put("scenario.json", (const uint8_t *)SCENARIO, sizeof SCENARIO - 1))
            abort();
        atexit(cleanup);
    }
    if (size < 1)
        return 0;
    bool trade = data[0] & 1;
    if (put("sched.csv", trade ? (const uint8_t *)SCHED : data + 1, trade ? sizeof SCHED - 1 : size - 1) ||
        put("trade.csv", trade ? data + 1 : (const uint8_t *)TRADE, trade ? size - 1 : sizeof TRADE - 1))
        abort();
    char path[128];
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    cz_reader_t r;
    cz_reader_init(&r, path);
    cz_scenario_t *s = cz_scenario_load(&r, path, NULL, 0);
    cz_scenario_free(s);
    cz_reader_fini(&r);
    return 0;
}
