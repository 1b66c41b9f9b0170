/* test_zone.c: whole runs of the zone model: invariants, reproducibility, and the
 * queueing theory it must reproduce when reduced to one line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/kpi.h"
#include "models/scenario/scenario.h"
#include "models/zone/zone.h"
#include "sim/stats.h"
#include "tests/modelutil.h"
#include "tests/testutil.h"

/* Replications 0..n-1 of the scenario in text, each step told to tr. */
static void run_traced(const char *text, unsigned n, cz_trace_t *tr)
{
    cz_scenario_t *s = load_scenario_text(text);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    for (unsigned rep = 0; rep < n; rep++) {
        cz_run_opts_t o = {.rep = rep, .trace = tr};
        cz_zone_stats_t st;
        ck_assert_int_eq(cz_zone_run_with(s, &o, k, &st), 0);
    }
    free(k);
    cz_scenario_free(s);
}

START_TEST(shipped_scenarios_conserve_consignments_value_and_tax)
{
    const char *files[] = {"scenarios/hetao_baseline.json", "scenarios/conventional_port.json",
                           "scenarios/hetao_whitelist_doubled.json", "scenarios/hetao_l2_24h.json"};
    const char *sets[] = {"horizon_days=60", "warmup_days=5"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        cz_scenario_t *s = load_scenario(files[i], sets, 2);
        double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
        cz_zone_stats_t st;
        /* cz_zone_run fails (non-zero) if any conservation invariant breaks */
        ck_assert_msg(cz_zone_run(s, 0, k, &st) == 0, "%s: %s", files[i], st.check_error);
        ck_assert(st.consignments > 10000);
        ck_assert(k[K_TAX_TOTAL] > 0);
        double sum = k[K_TAX_DUTY] + k[K_TAX_CT] + k[K_TAX_VAT] + k[K_TAX_EXPORT] + k[K_TAX_REFUND];
        ck_assert_double_eq_tol(k[K_TAX_TOTAL], sum, 0.005 * 5);
        /* revenue by goods category and by owner class add up to the total */
        double by_cat = 0, by_owner = 0;
        char buf[CZ_KPI_NAME_MAX];
        for (int j = 0; j < cz_kpi_count(s); j++) {
            const char *name = cz_kpi_name(s, j, buf);
            if (!strncmp(name, "tax_category_", 13))
                by_cat += k[j];
            if (!strncmp(name, "tax_owner_", 10))
                by_owner += k[j];
        }
        ck_assert_double_eq_tol(by_cat, k[K_TAX_TOTAL], 0.01);
        ck_assert_double_eq_tol(by_owner, k[K_TAX_TOTAL], 0.01);
        free(k);
        cz_scenario_free(s);
    }
}
END_TEST

START_TEST(same_replication_twice_gives_identical_kpis)
{
    const char *sets[] = {"horizon_days=30", "warmup_days=2"};
    cz_scenario_t *s = load_scenario("scenarios/hetao_baseline.json", sets, 2);
    int nk = cz_kpi_count(s);
    double *a = calloc((size_t)nk, sizeof *a), *b = calloc((size_t)nk, sizeof *b),
           *c = calloc((size_t)nk, sizeof *c);
    cz_zone_stats_t st;
    cz_zone_run(s, 3, a, &st);
    cz_zone_run(s, 3, b, &st);
    cz_zone_run(s, 4, c, &st);
    ck_assert_mem_eq(a, b, (size_t)nk * sizeof *a);
    ck_assert(a[K_ARRIVALS] != c[K_ARRIVALS]);
    free(a); free(b); free(c);
    cz_scenario_free(s);
}
END_TEST

START_TEST(more_second_line_lanes_shorten_second_line_times_with_common_random_numbers)
{
    const char *sets[] = {"horizon_days=60", "warmup_days=2"};
    cz_scenario_t *a = load_scenario("scenarios/hetao_baseline.json", sets, 2);
    cz_scenario_t *b = load_scenario("scenarios/hetao_l2_extra_lane.json", sets, 2);
    int nk = cz_kpi_count(a);
    double *ka = calloc((size_t)nk, sizeof *ka), *kb = calloc((size_t)nk, sizeof *kb);
    cz_zone_stats_t st;
    cz_zone_run(a, 0, ka, &st);
    cz_zone_run(b, 0, kb, &st);
    /* Same arrivals (the flows' streams do not depend on the lanes) ... */
    ck_assert(ka[K_ARRIVALS] == kb[K_ARRIVALS]);
    /* ... and shorter second-line waits. */
    ck_assert(kb[K_L2_WAIT_MEAN] < ka[K_L2_WAIT_MEAN]);
    free(ka); free(kb);
    cz_scenario_free(a);
    cz_scenario_free(b);
}
END_TEST

START_TEST(one_line_with_exponential_times_reproduces_erlang_c)
{
    /* 2.4 arrivals a minute, 3 lanes of mean 1 minute: rho = 0.8. */
    const char *text =
        "{\"name\": \"mmc\", \"horizon_days\": 8, \"warmup_days\": 1, \"replications\": 20, \"seed\": 5,"
        " \"regime\": {\"name\": \"none\", \"exemptions\": []},"
        " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0}}},"
        " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 3456, \"categories\": {\"g\": 1},"
        "   \"value_cny\": 1, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": 0}],"
        " \"lines\": {\"first_line\": {\"lanes\": 3, \"service\": {\"dist\": \"exponential\", \"mean\": \"1 min\"}},"
        "            \"second_line\": {\"lanes\": 1, \"service\": \"1 min\"}}}";
    cz_scenario_t *s = load_scenario_text(text);
    int nk = cz_kpi_count(s);
    sim_tally_t w;
    sim_tally_init(&w);
    double *k = calloc((size_t)nk, sizeof *k);
    for (unsigned rep = 0; rep < s->replications; rep++) {
        cz_zone_stats_t st;
        ck_assert_int_eq(cz_zone_run(s, rep, k, &st), 0);
        sim_tally_add(&w, k[K_L1_WAIT_MEAN]);
    }
    double wq = erlang_c(3, 2.4) / (3 - 2.4);
    double se = sim_tally_sd(&w) / sqrt((double)w.n);
    ck_assert_msg(fabs(sim_tally_mean(&w) - wq) <= 4 * se, "wait %g, Erlang C %g, se %g",
                  sim_tally_mean(&w), wq, se);
    ck_assert(se < 0.05 * wq);
    free(k);
    cz_scenario_free(s);
}
END_TEST

/* Arrivals counted by hour of day, through the narration of every step. */
typedef struct {
    double by_hour[24];
    double total;
} hour_counts_t;

static void count_arrival(void *ctx, double t_min, uint32_t id, const char *flow, const char *step,
                          const char *text)
{
    (void)id, (void)flow, (void)text;
    hour_counts_t *h = ctx;
    if (strcmp(step, "arrive") == 0) {
        h->by_hour[(int)fmod(floor(t_min / 60), 24)]++;
        h->total++;
    }
}

static void count_by_hour(double rate_per_day, int days, hour_counts_t *h)
{
    /* closed 0-7 and 18-23; weight 1 from 8 to 11 and 3 from 12 to 17 (sum 22) */
    char text[2048];
    snprintf(text, sizeof text,
             "{\"name\": \"profile\", \"horizon_days\": %d, \"warmup_days\": 0, \"seed\": 11,"
             " \"regime\": {\"name\": \"none\", \"exemptions\": []},"
             " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0}}},"
             " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": %g, \"categories\": {\"g\": 1},"
             "   \"hourly_profile\": [0,0,0,0,0,0,0,0, 1,1,1,1, 3,3,3,3,3,3, 0,0,0,0,0,0],"
             "   \"value_cny\": 1, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": 0}],"
             " \"lines\": {\"first_line\": {\"lanes\": 50, \"service\": \"1 min\"},"
             "            \"second_line\": {\"lanes\": 1, \"service\": \"1 min\"}}}",
             days, rate_per_day);
    memset(h, 0, sizeof *h);
    cz_trace_t tr = {.fn = count_arrival, .ctx = h, .max_id = UINT32_MAX};
    run_traced(text, 1, &tr);
}

/* The hourly profile is followed: none in closed hours, and each open hour's
 * count within 5 Poisson standard deviations of rate x days x weight / 22. */
START_TEST(arrivals_follow_the_hourly_profile)
{
    hour_counts_t h;
    count_by_hour(2200, 30, &h); /* 66,000 expected: 1,000 an hour at weight 1 */
    for (int i = 0; i < 24; i++) {
        double w = i < 8 || i >= 18 ? 0 : i < 12 ? 1 : 3, want = 2200.0 * 30 * w / 22;
        ck_assert_msg(fabs(h.by_hour[i] - want) <= 5 * sqrt(want + 1e-9), "hour %d: %g arrivals, expected %g", i,
                      h.by_hour[i], want);
    }
    /* a rate far below one a day: the whole-day step of the inversion */
    count_by_hour(0.5, 4000, &h); /* 2,000 expected */
    ck_assert_msg(fabs(h.total - 2000) <= 5 * sqrt(2000.0), "%g arrivals, expected 2000", h.total);
    double open = 0;
    for (int i = 8; i < 18; i++)
        open += h.by_hour[i];
    ck_assert_msg(open == h.total, "%g of %g arrivals in open hours", open, h.total);
    ck_assert_msg(fabs(h.by_hour[12] + h.by_hour[13] + h.by_hour[14] + h.by_hour[15] + h.by_hour[16] + h.by_hour[17] -
                       2000.0 * 18 / 22) <= 5 * sqrt(2000.0 * 18 / 22),
                  "afternoon share off");
}
END_TEST

/* Arrival times against the profile in force: a change of hourly profile takes
 * effect at once (the pending arrival is drawn again, not left where the old
 * profile put it). */
typedef struct {
    int bad, n;
} phase_check_t;

static void check_open_hour(void *ctx, double t_min, uint32_t id, const char *flow, const char *step,
                            const char *text)
{
    (void)id, (void)flow, (void)text;
    phase_check_t *c = ctx;
    if (strcmp(step, "arrive") != 0)
        return;
    int phase = (int)(t_min / (2 * 1440)); /* a change every 2 days: even phases open 0-11, odd 12-23 */
    int hour = (int)fmod(floor(t_min / 60), 24);
    c->bad += phase > 8 ? 0 : (phase % 2 == 0) != (hour < 12);
    c->n++;
}

START_TEST(a_change_of_hourly_profile_applies_at_once)
{
    char text[4096], changes[2048] = "";
    const char *am = "[1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0]";
    const char *pm = "[0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1]";
    for (int k = 1; k <= 8; k++)
        snprintf(changes + strlen(changes), sizeof changes - strlen(changes),
                 "%s{\"at\": \"%d d\", \"set\": {\"flows.f.hourly_profile\": %s}}", k > 1 ? "," : "", 2 * k,
                 k % 2 ? pm : am);
    snprintf(text, sizeof text,
             "{\"name\": \"phases\", \"horizon_days\": 18, \"warmup_days\": 0, \"seed\": 3,"
             " \"regime\": {\"name\": \"none\", \"exemptions\": []},"
             " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0}}},"
             " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 3, \"categories\": {\"g\": 1},"
             "   \"hourly_profile\": %s, \"value_cny\": 1, \"route\": {\"consumed_in_zone\": 1}, \"dwell\": 0}],"
             " \"lines\": {\"first_line\": {\"lanes\": 5, \"service\": \"1 min\"},"
             "            \"second_line\": {\"lanes\": 1, \"service\": \"1 min\"}},"
             " \"policy_changes\": [%s]}",
             am, changes);
    phase_check_t c = {0, 0};
    cz_trace_t tr = {.fn = check_open_hour, .ctx = &c, .max_id = UINT32_MAX};
    run_traced(text, 40, &tr);
    ck_assert_msg(c.n > 1500, "%d arrivals", c.n);
    ck_assert_msg(c.bad == 0, "%d of %d arrivals in an hour the profile in force closes", c.bad, c.n);
}
END_TEST

/* Stays are held out of the calendar until their last hour (stays.c).  Each
 * still ends exactly when due, whether it ends within the hour it began (10
 * min), in the zone's ring (2 d) or beyond it (400 d, past the ring's 341
 * days), and stays ending at the same instant end in the order they began, as
 * if each had been scheduled at once: the line opens at 07:00 on the night's
 * queue, so consignments enter together at 07:01 and those drawing the same
 * stay leave together.  (Handed to the calendar without their reserved places,
 * the hour's stays would end in reverse: checked.) */
enum { STAY_IDS = 40000 };
typedef struct stay_log {
    double t_in[STAY_IDS], t_out[STAY_IDS];
    uint32_t rank_in[STAY_IDS], rank_out[STAY_IDS], n_in, n_out;
} stay_log_t;

static void log_stay(void *ctx, double t_min, uint32_t id, const char *flow, const char *step, const char *text)
{
    (void)flow, (void)text;
    stay_log_t *g = ctx;
    ck_assert_uint_lt(id, STAY_IDS);
    if (strcmp(step, "zone") == 0) {
        g->t_in[id] = t_min;
        g->rank_in[id] = ++g->n_in;
    } else if (strcmp(step, "exit") == 0) {
        g->t_out[id] = t_min;
        g->rank_out[id] = ++g->n_out;
    }
}

START_TEST(stays_end_when_due_and_in_the_order_they_began)
{
    const char *text =
        "{\"name\": \"stays\", \"horizon_days\": 500, \"warmup_days\": 0, \"seed\": 5,"
        " \"regime\": {\"name\": \"none\", \"exemptions\": []},"
        " \"tariff\": {\"categories\": {\"g\": {\"duty\": 0}}},"
        " \"flows\": [{\"name\": \"f\", \"owner\": \"o\", \"rate_per_day\": 40, \"categories\": {\"g\": 1},"
        "   \"value_cny\": 1, \"route\": {\"consumed_in_zone\": 1},"
        "   \"dwell\": {\"dist\": \"empirical\", \"values\": [\"10 min\", \"2 d\", \"400 d\"]}}],"
        " \"lines\": {\"first_line\": {\"lanes\": 100, \"open\": [\"07:00\", \"19:00\"], \"service\": \"1 min\"},"
        "            \"second_line\": {\"lanes\": 1, \"service\": \"1 min\"}}}";
    stay_log_t *g = calloc(1, sizeof *g);
    cz_trace_t tr = {.fn = log_stay, .ctx = g, .max_id = UINT32_MAX};
    run_traced(text, 1, &tr);
    const double stays[3] = {10, 2 * 1440, 400 * 1440}, horizon = 500 * 1440;
    uint32_t *by_exit = calloc(STAY_IDS, sizeof *by_exit);
    int ended[3] = {0};
    for (uint32_t id = 0; id < STAY_IDS; id++) {
        if (!g->rank_in[id]) {
            ck_assert_uint_eq(g->rank_out[id], 0);
            continue;
        }
        if (!g->rank_out[id]) { /* still in the zone at the horizon: its stay was too long to end */
            ck_assert_msg(g->t_in[id] + stays[0] > horizon || g->t_in[id] + stays[1] > horizon ||
                              g->t_in[id] + stays[2] > horizon, "consignment %u never left", id);
            continue;
        }
        int k = 0;
        while (k < 3 && g->t_out[id] != g->t_in[id] + stays[k])
            k++;
        ck_assert_msg(k < 3, "consignment %u: in at %.17g, out at %.17g", id, g->t_in[id], g->t_out[id]);
        ended[k]++;
        by_exit[g->rank_out[id] - 1] = id;
    }
    ck_assert_msg(ended[0] > 1000 && ended[1] > 1000 && ended[2] > 1000, "%d %d %d", ended[0], ended[1], ended[2]);
    ck_assert_uint_gt(g->n_out, 10000);
    /* At each instant, in the order they began. */
    int ties = 0;
    for (uint32_t r = 1; r < g->n_out; r++) {
        uint32_t a = by_exit[r - 1], b = by_exit[r];
        ck_assert(g->t_out[a] <= g->t_out[b]);
        if (g->t_out[a] == g->t_out[b]) {
            ties++;
            ck_assert_msg(g->rank_in[a] < g->rank_in[b], "consignments %u and %u leave at %.17g out of order", a, b,
                          g->t_out[a]);
        }
    }
    ck_assert_int_gt(ties, 1000);
    free(by_exit);
    free(g);
}
END_TEST

/* A drawn customs value beyond the 10^16 CNY zonesim represents, or sums of
 * values beyond 64 bits, fail the run with a message (not a wrapped number,
 * not an abort): here a gamma of mean 10^15 CNY and cv 100. */
START_TEST(amounts_beyond_range_fail_the_run_with_a_message)
{
    const char *sets[] = {"horizon_days=30", "warmup_days=0",
                          "flows.bonded_trade_from_hk.value_cny={\"dist\": \"gamma\", \"mean\": 1e15, \"cv\": 100}"};
    cz_scenario_t *s = load_scenario("scenarios/hetao_baseline.json", sets, 3);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    ck_assert_int_ne(cz_zone_run(s, 0, k, &st), 0);
    ck_assert_msg(strstr(st.check_error, "went beyond the 1e+16 CNY") != NULL, "%s", st.check_error);
    free(k);
    cz_scenario_free(s);
}
END_TEST

/* Sums beyond 64 bits fail the run too: tax forgone on 10^15 CNY consignments
 * under a full exemption (nothing is taxed, so only the forgone sums grow), and
 * a penalty of 100 times the tax evaded on them; while a total of items whose
 * own sums fit is reported whole (duty and VAT near 5e16 CNY each). */
static const char *const FORGONE_BEYOND =
    "{\"name\":\"forgone\",\"horizon_days\":1,\"warmup_days\":0,\"replications\":1,\"seed\":7,\"regime\":"
    "{\"name\":\"h\",\"import_tax_at\":\"first_line\",\"second_line_control\":true,\"exemptions\":[{\"nam"
    "e\":\"wl\",\"owners\":[\"w\"],\"taxes\":[\"duty\",\"vat\"],\"at\":[\"first_line\",\"zone\"]}]},\"tar"
    "iff\":{\"categories\":{\"instruments\":{\"duty\":9.99,\"vat\":0.9}}},\"flows\":[{\"name\":\"a\",\"ow"
    "ner\":\"w\",\"rate_per_day\":50,\"categories\":{\"instruments\":1},\"value_cny\":1000000000000000.0,"
    "\"route\":{\"to_mainland\":1},\"dwell\":\"5 d\"}],\"lines\":{\"first_line\":{\"lanes\":5,\"service\""
    ":\"1 min\"},\"second_line\":{\"lanes\":5,\"service\":\"1 min\"}}}";
static const char *const PENALTY_BEYOND =
    "{\"name\":\"penalty100\",\"horizon_days\":1,\"warmup_days\":0,\"replications\":1,\"seed\":7,\"regime"
    "\":{\"name\":\"h\",\"import_tax_at\":\"first_line\",\"second_line_control\":true},\"tariff\":{\"cate"
    "gories\":{\"instruments\":{\"duty\":9.99,\"vat\":0.9}}},\"flows\":[{\"name\":\"a\",\"owner\":\"w\",\""
    "rate_per_day\":3,\"categories\":{\"instruments\":1},\"value_cny\":1000000000000000.0,\"route\":{\"to"
    "_mainland\":1},\"dwell\":\"5 d\",\"noncompliance\":{\"rate\":1,\"kinds\":{\"undervaluation\":1},\"un"
    "dervaluation\":0.99}}],\"lines\":{\"first_line\":{\"lanes\":5,\"service\":\"1 min\"},\"second_line\""
    ":{\"lanes\":5,\"service\":\"1 min\"}},\"enforcement\":{\"detection\":{\"declaration\":{\"undervaluat"
    "ion\":1},\"inspection\":{\"undervaluation\":0},\"audit\":{\"undervaluation\":0}},\"post_clearance_au"
    "dit\":{\"rate\":0,\"lag\":\"30 d\"},\"penalty\":{\"multiple\":100,\"legal_range\":[0,100]}}}";
static const char *const TOTAL_BEYOND_64_BITS =
    "{\"name\":\"periods\",\"horizon_days\":1,\"warmup_days\":0,\"replications\":1,\"seed\":3,\"regime\":"
    "{\"name\":\"h\",\"import_tax_at\":\"first_line\",\"second_line_control\":true},\"tariff\":{\"categor"
    "ies\":{\"c1\":{\"duty\":9.99,\"vat\":0.9},\"c2\":{\"duty\":9.99,\"vat\":0.9}}},\"flows\":[{\"name\":"
    "\"a\",\"owner\":\"w\",\"rate_per_day\":3.5,\"categories\":{\"c1\":1},\"value_cny\":1000000000000000."
    "0,\"route\":{\"to_mainland\":1},\"dwell\":\"5 d\"},{\"name\":\"b\",\"owner\":\"v\",\"rate_per_day\":"
    "3.5,\"categories\":{\"c2\":1},\"value_cny\":1000000000000000.0,\"route\":{\"to_mainland\":1},\"dwell"
    "\":\"5 d\"}],\"lines\":{\"first_line\":{\"lanes\":5,\"service\":\"1 min\"},\"second_line\":{\"lanes\""
    ":5,\"service\":\"1 min\"}},\"policy_changes\":[{\"at\":\"0.5 d\",\"set\":{\"flows.a.dwell\":\"4 d\"}"
    "}]}";

static int run_text(const char *text, double **kpis, cz_zone_stats_t *st, cz_scenario_t **sc)
{
    cz_scenario_t *s = load_scenario_text(text);
    *kpis = calloc((size_t)cz_kpi_count(s), sizeof **kpis);
    int rc = cz_zone_run(s, 0, *kpis, st);
    *sc = s;
    return rc;
}

START_TEST(sums_beyond_64_bits_fail_the_run_or_are_reported_whole)
{
    const char *const failing[] = {FORGONE_BEYOND, PENALTY_BEYOND};
    for (int i = 0; i < 2; i++) {
        double *k;
        cz_zone_stats_t st;
        cz_scenario_t *s;
        ck_assert_int_ne(run_text(failing[i], &k, &st, &s), 0);
        ck_assert_msg(strstr(st.check_error, "went beyond the 1e+16 CNY") != NULL, "%s", st.check_error);
        free(k);
        cz_scenario_free(s);
    }
    double *k;
    cz_zone_stats_t st;
    cz_scenario_t *s;
    ck_assert_msg(run_text(TOTAL_BEYOND_64_BITS, &k, &st, &s) == 0, "%s", st.check_error);
    double duty = k[cz_kpi_find(s, "tax_duty_cny")], vat = k[cz_kpi_find(s, "tax_vat_cny")];
    ck_assert(duty + vat > (double)INT64_MAX / 100); /* the total in fen is beyond 64 bits */
    ck_assert_double_eq_tol(k[cz_kpi_find(s, "tax_total_cny")], duty + vat, 1e-9 * (duty + vat));
    free(k);
    cz_scenario_free(s);
}
END_TEST

/* A policy change that stops a flow's transfers: consignments that chose a
 * transfer before it still transfer, to the phase's transfer owner (an owner
 * class, read by index), and the run balances; naming a transfer owner that is
 * no owner class is refused when the scenario loads. */
#define STOP_TRANSFERS(owner)                                                                                     \
    "{\"name\": \"t\", \"horizon_days\": 20, \"warmup_days\": 0, \"replications\": 1, \"seed\": 7,"                \
    " \"regime\": {\"name\": \"h\", \"import_tax_at\": \"second_line\", \"second_line_control\": true,"          \
    "   \"back_payment_on_transfer\": true, \"exemptions\": [{\"name\": \"wl\", \"owners\": [\"w\"],"                \
    "   \"taxes\": [\"duty\", \"vat\"], \"at\": [\"first_line\", \"zone\"]}]},"                                    \
    " \"tariff\": {\"categories\": {\"instruments\": {\"duty\": 0.05, \"vat\": 0.13}}},"                           \
    " \"flows\": [{\"name\": \"a\", \"owner\": \"w\", \"rate_per_day\": 50, \"categories\": {\"instruments\": 1},"  \
    "   \"value_cny\": 1000, \"route\": {\"transferred\": 0.5, \"to_mainland\": 0.5}, \"transfer_owner\": \"o\","     \
    "   \"dwell\": \"5 d\"}, {\"name\": \"b\", \"owner\": \"o\", \"rate_per_day\": 50,"                            \
    "   \"categories\": {\"instruments\": 1}, \"value_cny\": 1000, \"route\": {\"to_mainland\": 1}, \"dwell\": \"5 d\"}],"\
    " \"lines\": {\"first_line\": {\"lanes\": 5, \"service\": \"1 min\"}, \"second_line\": {\"lanes\": 5,"          \
    "   \"service\": \"1 min\", \"inspection\": {\"bays\": 2, \"time\": \"10 min\", \"rate\": 0.1,"                 \
    "   \"by_owner\": {\"o\": 0.5}}}},"                                                                           \
    " \"policy_changes\": [{\"at\": \"3 d\", \"set\": {\"flows.a.route\": {\"to_mainland\": 1},"                   \
    "   \"flows.a.transfer_owner\": \"" owner "\"}}]}"

START_TEST(transfers_chosen_before_a_change_that_stops_them_still_balance)
{
    char *path = write_temp(STOP_TRANSFERS("o"));
    cz_scenario_t *s = load_scenario(path, NULL, 0);
    ck_assert_int_eq(s->nphases, 1);
    ck_assert_int_ge(s->phase[0]->flows[0].transfer_owner_ix, 0);
    double *k = calloc((size_t)cz_kpi_count(s), sizeof *k);
    cz_zone_stats_t st;
    ck_assert_msg(cz_zone_run(s, 0, k, &st) == 0, "%s", st.check_error); /* the ledgers balance */
    free(k);
    cz_scenario_free(s);
    remove(path);
    free(path);

    path = write_temp(STOP_TRANSFERS("nobody"));
    cz_reader_t r;
    cz_reader_init(&r, path);
    ck_assert_ptr_null(cz_scenario_load(&r, path, NULL, 0));
    bool named = false;
    for (int i = 0; i < r.nerrors; i++)
        named |= strstr(r.errors[i], "transfer_owner") != NULL && strstr(r.errors[i], "nobody") != NULL;
    ck_assert(named);
    cz_reader_fini(&r);
    remove(path);
    free(path);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("zone");
    TCase *tc = tcase_create("runs");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, shipped_scenarios_conserve_consignments_value_and_tax);
    tcase_add_test(tc, same_replication_twice_gives_identical_kpis);
    tcase_add_test(tc, more_second_line_lanes_shorten_second_line_times_with_common_random_numbers);
    tcase_add_test(tc, one_line_with_exponential_times_reproduces_erlang_c);
    tcase_add_test(tc, arrivals_follow_the_hourly_profile);
    tcase_add_test(tc, a_change_of_hourly_profile_applies_at_once);
    tcase_add_test(tc, stays_end_when_due_and_in_the_order_they_began);
    tcase_add_test(tc, amounts_beyond_range_fail_the_run_with_a_message);
    tcase_add_test(tc, sums_beyond_64_bits_fail_the_run_or_are_reported_whole);
    tcase_add_test(tc, transfers_chosen_before_a_change_that_stops_them_still_balance);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
