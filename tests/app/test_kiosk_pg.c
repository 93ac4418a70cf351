/*
 * test_kiosk_pg.c -- the kiosk against a real PostgreSQL over [central]
 * link = pg: a new terminal pulls its catalogue, an operator logs in with a
 * badge, receives and posts in script mode, and the centre has the posted
 * document afterwards; a document the centre rejects comes back as a toast
 * and on the sync screen with its reason.  wmsctl (from $WMSCTL) prepares
 * the centre: schema, demo data, the terminal and its token.
 */
#include "wms_test.h"

#include "ksync.h"
#include "session.h"
#include "wms_pgtest.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DB "kiosk"

static wms_pgtest pgt;

static int sh(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int sh(char *out, size_t cap, const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    return pclose(p);
}

/* One row of text from the centre (superuser). */
static void central(const char *sql, char *out, size_t cap)
{
    char dsn[256];
    wms_pgtest_admin_dsn(&pgt, DB, dsn, sizeof dsn);
    PGconn *c = PQconnectdb(dsn);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    }
    out[0] = '\0';
    for (int i = 0; i < PQntuples(r); i++) {
        for (int j = 0; j < PQnfields(r); j++) {
            size_t l = strlen(out);
            snprintf(out + l, cap - l, "%s%s", j ? "|" : (i ? ";" : ""), PQgetvalue(r, i, j));
        }
    }
    PQclear(r);
    PQfinish(c);
}

static int run(session *s, const char *text, const char *shots)
{
    script sc;
    wms_err err = {0};
    if (script_parse(text, strlen(text), &sc, &err) != 0) {
        fail_msg("script: %s", err.msg);
    }
    int rc = session_script(s, &sc, shots, stderr);
    script_release(&sc);
    return rc;
}

/* Run twice: K01 over pg, K02 over http (each its own receipt R-0001). */
static const char first[] =
        /* A terminal with a link starts empty: the first sync pulls the catalogue. */
        "sync 60000\n"
        "scan B:0001\n"
        "expect text Enter your PIN\n"
        "text 1234\n"
        "key Enter\n"
        "expect screen home\n"
        "expect text online\n"
        "tap Receive\n"
        "tap Unplanned receipt\n"
        "scan 4010000000074\n"
        "scan 4010000000074\n"
        "scan 4010000000074\n"
        "expect text SKU-000007\n"
        "tap Post\n"
        "key Enter\n"
        "expect screen home\n"
        "expect text posted\n"
        "sync 30000\n"
        "key F4\n"
        "expect screen sync\n"
        "expect text online\n"
        "expect text 0 pending\n"
        "expect notext Rejected\n"
        "expect text central: healthy\n"
        "wait 4500\n"
        "shot sync_online\n";

/* The item goes out at once (the kiosk wakes the link after every durable
 * action) and is rejected; the operator sees it on any screen. */
static const char second[] = "key F1\n"
                             "tap Receive\n"
                             "tap Unplanned receipt\n"
                             "scan 4010000000074\n"
                             "sync 30000\n"
                             "expect text Rejected by the centre: R-0002: stock count at\n"
                             "shot toast_rejected\n"
                             "key F4\n"
                             "expect text Rejected R-0002: stock count\n"
                             "expect text 1 rejected\n"
                             "wait 4500\n"
                             "expect notext Rejected by the centre\n"
                             "shot sync_rejected\n";

/* A kiosk for terminal `id` with the [central] lines `link` (+ token),
 * from a config file of mode 0600, in script mode. */
static void open_kiosk(session *s, kiosk_conf *out, const char *id, const char *token,
                       const char *link)
{
    char cfg[256], db[256], text[2048];
    snprintf(cfg, sizeof cfg, "%s/%s.ini", pgt.dir, id);
    snprintf(db, sizeof db, "%s/%s.db", pgt.dir, id);
    snprintf(text, sizeof text,
             "[terminal]\nid = %s\nwarehouse = WH1\n[store]\ndb = %s\n"
             "[central]\n%stoken = %s\ninterval = 500ms\n",
             id, db, link, token);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(cfg, 0600), 0);
    kiosk_conf c;
    wms_err err = {0};
    if (kiosk_conf_load(&c, cfg, &err) != 0) {
        fail_msg("config: %s", err.msg);
    }
    *out = c;
    if (session_open(s, &c, &err) != 0) {
        fail_msg("session_open: %s", err.msg);
    }
    session_use_script_clock(s);
    assert_int_equal(session_display(s, WMS_SDL_HEADLESS, 800, 480, &err), 0);
}

/* ksync_probe's central_link component: `st` and a detail starting `what`. */
static bool probe(const kiosk_conf *c, wms_health_status st, const char *what)
{
    wms_health h;
    wms_health_init(&h);
    ksync_probe(c, &h);
    for (size_t i = 0; i < h.count; i++) {
        if (strcmp(h.comp[i].name, "central_link") == 0) {
            if (h.comp[i].status == st && strncmp(h.comp[i].detail, what, strlen(what)) == 0) {
                return true;
            }
            fprintf(stderr, "central_link: %s %s\n", wms_health_status_name(h.comp[i].status),
                    h.comp[i].detail);
        }
    }
    return false;
}

/* The centre's newest change number as the kiosk's health thread read it
 * (the "central" component's change_seq: what the pull's progress bar
 * measures against); 0 when it has not answered within the bound. */
static int64_t central_head(session *s)
{
    for (int i = 0; i < 1000; i++) {
        wms_health h;
        wms_health_init(&h);
        ksync_health(s->sync, &h);
        for (size_t c = 0; c < h.count; c++) {
            for (size_t v = 0; strcmp(h.comp[c].name, "central") == 0 && v < h.comp[c].nvalues;
                 v++) {
                if (strcmp(h.comp[c].values[v].key, "change_seq") == 0) {
                    return (int64_t)h.comp[c].values[v].value;
                }
            }
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return 0;
}

static void add_terminal(const char *ctl, const char *dsn, const char *id, char *token)
{
    char out[4096];
    assert_int_equal(sh(out, sizeof out,
                        "%s terminal add --dsn '%s' --id %s --warehouses 1 | tail -1", ctl, dsn,
                        id),
                     0);
    const char *t = strstr(out, "password): ");
    assert_non_null(t);
    assert_int_equal(sscanf(t + 11, "%64s", token), 1);
}

static void test_kiosk_pg(void **state)
{
    (void)state;
    const char *ctl = getenv("WMSCTL");
    assert_non_null(ctl);
    int rc = wms_pgtest_start(&pgt);
    if (rc == 77) {
        exit(77); /* no PostgreSQL on this machine */
    }
    assert_int_equal(rc, 0);
    assert_int_equal(wms_pgtest_create_db(&pgt, DB), 0);
    char dsn[256], out[8192];
    wms_pgtest_admin_dsn(&pgt, DB, dsn, sizeof dsn);
    assert_int_equal(sh(out, sizeof out, "%s migrate --dsn '%s' 2>&1", ctl, dsn), 0);
    assert_int_equal(sh(out, sizeof out, "%s seed-central --dsn '%s' --products 60 2>&1", ctl, dsn),
                     0);
    char token[65];
    add_terminal(ctl, dsn, "K01", token);
    char shots[256];
    const char *bin = getenv("WMS_SHOTS_DIR");
    snprintf(shots, sizeof shots, "%s", bin ? bin : pgt.dir);
    char link[512];
    snprintf(link, sizeof link,
             "link = pg\ndsn = host=127.0.0.1 port=%d dbname=" DB " connect_timeout=5\n", pgt.port);
    session s;
    kiosk_conf kc;
    open_kiosk(&s, &kc, "K01", token, link);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(run(&s, first, shots), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* a figure for the log: first pull + login + receive + post + acknowledged */
    fprintf(stderr, "pg: first script (pull, receive, post, synced): %.0f ms\n",
            (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);

    assert_true(probe(&kc, WMS_HEALTH_HEALTHY, "pg: healthy"));
    /* the centre's newest change number came with its health answer */
    int64_t head = central_head(&s);
    central("SELECT max(seq) FROM changes", out, sizeof out);
    assert_true(head > 0);
    assert_true(head <= strtoll(out, NULL, 10));
    /* The centre has the posted receipt with its three units. */
    central("SELECT d.status, d.terminal_id, sum(i.quantity)::int FROM documents d "
            "JOIN document_items i ON i.document_id = d.id GROUP BY d.id ORDER BY d.id",
            out, sizeof out);
    assert_string_equal(out, "posted|K01|3");

    /* The centre refuses new items for a while: the next receipt is
     * rejected, the operator sees why. */
    assert_int_equal(wms_pgtest_sql(&pgt, DB,
                                    "CREATE FUNCTION t_block() RETURNS trigger LANGUAGE plpgsql "
                                    "AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'WMS01', "
                                    "MESSAGE = 'stock count at the dock', HINT = 'bad_state'; "
                                    "END $$; CREATE TRIGGER t_block BEFORE INSERT ON "
                                    "document_items FOR EACH ROW EXECUTE FUNCTION t_block()"),
                     0);
    assert_int_equal(run(&s, second, shots), 0);
    central("SELECT status, reason FROM documents ORDER BY id", out, sizeof out);
    assert_string_equal(out, "posted|;rejected|stock count at the dock");
    session_close(&s);
    assert_int_equal(wms_pgtest_sql(&pgt, DB, "DROP TRIGGER t_block ON document_items"), 0);

    /* The same flow over [central] link = http through a real wms-server. */
    const char *srv_bin = getenv("WMS_SERVER_BIN");
    assert_non_null(srv_bin);
    assert_int_equal(wms_pgtest_sql(&pgt, DB,
                                    "CREATE ROLE wms_srv_kiosk LOGIN PASSWORD 'srv-kiosk-9' IN "
                                    "ROLE wms_server"),
                     0);
    char srv_dsn[256], srv_log[256];
    wms_pgtest_user_dsn(&pgt, DB, "wms_srv_kiosk", "srv-kiosk-9", srv_dsn, sizeof srv_dsn);
    snprintf(srv_log, sizeof srv_log, "%s/wms-server.log", pgt.dir);
    /* This test is about the kiosk's link, not the rate limit (test_server_http): a
     * script's sync cycles plus the health probes must not run into 60/min. */
    static const char *const env[] = {"WMS_LOG_LEVEL=warning", "WMS_RATE_PER_MINUTE=6000",
                                      "WMS_RATE_BURST=1000", NULL};
    wms_pgtest_server srv = {0};
    assert_int_equal(wms_pgtest_server_start(&srv, srv_bin, srv_dsn, env, srv_log), 0);
    add_terminal(ctl, dsn, "K02", token);
    snprintf(link, sizeof link, "link = http\nurl = %s\n", srv.base);
    open_kiosk(&s, &kc, "K02", token, link);
    assert_int_equal(run(&s, first, NULL), 0);
    session_close(&s);
    central("SELECT d.status, sum(i.quantity)::int FROM documents d JOIN document_items i ON "
            "i.document_id = d.id WHERE d.terminal_id = 'K02' GROUP BY d.id",
            out, sizeof out);
    assert_string_equal(out, "posted|3");
    /* --health asks the centre once, without the engine. */
    assert_true(probe(&kc, WMS_HEALTH_HEALTHY, "http: healthy"));
    assert_int_equal(wms_pgtest_server_stop(&srv, false), 0);
    assert_true(probe(&kc, WMS_HEALTH_DEGRADED, "http: unreachable"));
    wms_pgtest_stop(&pgt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_kiosk_pg)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
