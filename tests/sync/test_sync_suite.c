/*
 * test_sync_suite.c -- the sync scenarios, one suite run once per link:
 *
 *   test_sync_suite pg       the direct link (libpq pool, terminal login roles)
 *   test_sync_suite bouncer  the direct link through PgBouncer (transaction pooling)
 *   test_sync_suite http     the HTTP link (libcurl) to a real wms-server
 *                            ($WMS_SERVER_BIN) started and restarted by the test
 *
 * Each run has its own real PostgreSQL (tests/common/wms_pgtest), real
 * terminal SQLite stores and the real engine; the engine is given the
 * backend through sync.h's interface only, so the same assertions hold for
 * every link.  The SIGKILL scenario re-executes this binary as the terminal
 * process (`--child`).
 */
#include "wms_test.h"

#include "backend_http.h"
#include "wms/pg.h"
#include "wms/store.h"
#include "wms/sync.h"
#include "wms_pgtest.h"

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DB         "synctest"
#define SRV_ROLE   "wms_srv_login"
#define SRV_PASS   "srv-5b1e0c7a"
#define WAIT_LONG  30000 /* ms: the bound of every wait on an event */
#define KILL_COUNT 20

typedef enum mode { MODE_PG, MODE_BOUNCER, MODE_HTTP } mode;

static const char *const mode_names[] = {"pg", "bouncer", "http"};

static mode link_mode;
static wms_pgtest pgt;
static bool started;
static char tmpdir[64];
static wms_pgtest_server srv;
static char srv_dsn[256];
static char srv_log[128];
static const char *srv_bin;

typedef struct term {
    const char *id;
    const char *token;
    int64_t warehouse;
    char path[128];
    wms_pg_pool *pool; /* pg / bouncer */
    wms_sync_config cfg;
    int rejected_cb;
    char last_reason[256];
    char last_code[32];
} term;

static term terms[3] = {{.id = "K01", .token = "tok1-4f9a", .warehouse = 1},
                        {.id = "K02", .token = "tok2-77c1", .warehouse = 1},
                        {.id = "K03", .token = "tok3-a0e2", .warehouse = 2}};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_rejected(void *data, const char *op_id, const char *doc, const char *code,
                        const char *reason)
{
    (void)op_id;
    (void)doc;
    term *t = data;
    t->rejected_cb++;
    snprintf(t->last_reason, sizeof t->last_reason, "%s", reason);
    snprintf(t->last_code, sizeof t->last_code, "%s", code);
}

/* ---- links ---------------------------------------------------------------- */

static void direct_dsn(const term *t, char *dsn, size_t cap)
{
    char user[32];
    snprintf(user, sizeof user, "wms_t_%s", t->id);
    if (link_mode == MODE_BOUNCER) {
        wms_pgtest_bouncer_dsn(&pgt, DB, user, dsn, cap);
    } else {
        wms_pgtest_user_dsn(&pgt, DB, user, t->token, dsn, cap);
    }
}

/* A new backend for `t` over this run's link (the engine may own it). */
static int new_backend(term *t, wms_sync_backend *be, wms_err *err)
{
    if (link_mode == MODE_HTTP) {
        wms_sync_http_config hc = {.base_url = srv.base,
                                   .token = t->token,
                                   .timeout_ms = 10000,
                                   .connect_timeout_ms = 2000};
        return wms_sync_backend_http(&hc, be, err);
    }
    return wms_sync_backend_pg(t->pool, be, err);
}

static int server_start(void)
{
    static const char *const env[] = {"WMS_RATE_PER_MINUTE=6000000", "WMS_RATE_BURST=100000",
                                      "WMS_LOG_LEVEL=warning", NULL};
    return wms_pgtest_server_start(&srv, srv_bin, srv_dsn, env, srv_log);
}

/* ---- setup ---------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    if (link_mode == MODE_HTTP) {
        srv_bin = getenv("WMS_SERVER_BIN");
        if (!srv_bin || access(srv_bin, X_OK) != 0) {
            fprintf(stderr, "WMS_SERVER_BIN is not set to the wms-server binary\n");
            return -1;
        }
    }
    int rc = wms_pgtest_start(&pgt);
    if (rc == 77) {
        exit(77);
    }
    if (rc != 0 || wms_pgtest_create_db(&pgt, DB) != 0) {
        return -1;
    }
    started = true;
    char dsn[256];
    wms_pgtest_admin_dsn(&pgt, DB, dsn, sizeof dsn);
    PGconn *c = PQconnectdb(dsn);
    wms_err err = {0};
    rc = wms_pg_migrate(c, NULL, &err);
    PQfinish(c);
    if (rc) {
        fprintf(stderr, "migrate: %s\n", err.msg);
        return -1;
    }
    if (wms_pgtest_sql(
                &pgt, DB,
                "INSERT INTO warehouses (id, code, name) VALUES (1, 'WH1', 'Main'), (2, 'WH2', "
                "'Two');"
                "INSERT INTO locations (id, warehouse_id, code) VALUES (1, 1, 'A-01-01'),"
                " (2, 1, 'A-01-02'), (3, 2, 'B-01-01'), (4, 1, 'A-02-01'), (5, 1, 'A-02-02');"
                "INSERT INTO products (id, sku, name) VALUES (1, 'SKU-000001', 'Hex bolt M8'),"
                " (2, 'SKU-000002', 'Washer');"
                "INSERT INTO barcodes (product_id, code) VALUES (1, '04006381333931');"
                "INSERT INTO operators (id, badge, name, pin_hash) VALUES (1, '0001', 'Ann', "
                "'$y$x');"
                "SELECT wms_terminal_add('K01', '', ARRAY[1]::bigint[], 'tok1-4f9a',"
                " sha256('tok1-4f9a'));"
                "SELECT wms_terminal_add('K02', '', ARRAY[1]::bigint[], 'tok2-77c1',"
                " sha256('tok2-77c1'));"
                "SELECT wms_terminal_add('K03', '', ARRAY[2]::bigint[], 'tok3-a0e2',"
                " sha256('tok3-a0e2'));") != 0) {
        return -1;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wmssync.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        return -1;
    }
    if (link_mode == MODE_BOUNCER) {
        for (size_t i = 0; i < 3; i++) {
            char user[32];
            snprintf(user, sizeof user, "wms_t_%s", terms[i].id);
            if (wms_pgtest_bouncer_user(&pgt, user) != 0) {
                return -1;
            }
        }
        rc = wms_pgtest_bouncer_start(&pgt);
        if (rc == 77) {
            fprintf(stderr, "pgbouncer is not installed\n");
            exit(77);
        }
        if (rc != 0) {
            return -1;
        }
    }
    if (link_mode == MODE_HTTP) {
        /* wms-server logs in as its own role, a member of wms_server */
        if (wms_pgtest_sql(&pgt, DB,
                           "CREATE ROLE " SRV_ROLE " LOGIN PASSWORD '" SRV_PASS
                           "' IN ROLE wms_server") != 0) {
            return -1;
        }
        wms_pgtest_user_dsn(&pgt, DB, SRV_ROLE, SRV_PASS, srv_dsn, sizeof srv_dsn);
        snprintf(srv_log, sizeof srv_log, "%s/wms-server.log", tmpdir);
        if (server_start() != 0) {
            return -1;
        }
    }
    for (size_t i = 0; i < 3; i++) {
        term *t = &terms[i];
        snprintf(t->path, sizeof t->path, "%s/%s.db", tmpdir, t->id);
        if (link_mode != MODE_HTTP) {
            direct_dsn(t, dsn, sizeof dsn);
            wms_pg_config pc;
            wms_pg_config_defaults(&pc);
            pc.dsn = dsn;
            pc.pool_size = 2;
            pc.pool_timeout_ms = 5000;
            if (wms_pg_pool_open(&pc, NULL, &t->pool, &err) != 0) {
                fprintf(stderr, "pool %s: %s\n", t->id, err.msg);
                return -1;
            }
        }
        wms_sync_config_defaults(&t->cfg);
        t->cfg.db_path = t->path;
        t->cfg.terminal = t->id;
        t->cfg.on_rejected = on_rejected;
        t->cfg.cb_data = t;
        t->cfg.backoff_min_ms = 50;
        t->cfg.backoff_max_ms = 400;
        t->cfg.interval_ms = 100;
        t->cfg.heartbeat_s = 0;
        if (new_backend(t, &t->cfg.backend, &err) != 0) {
            fprintf(stderr, "backend %s: %s\n", t->id, err.msg);
            return -1;
        }
        /* The UI side creates the file. */
        wms_store_opts so = {.path = t->path, .role = WMS_STORE_UI};
        wms_store *st = NULL;
        if (wms_store_open(&so, &st, NULL, &err) != 0) {
            fprintf(stderr, "store: %s\n", err.msg);
            return -1;
        }
        wms_store_close(st);
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        if (terms[i].cfg.backend.destroy) {
            terms[i].cfg.backend.destroy(terms[i].cfg.backend.ctx);
        }
        wms_pg_pool_close(terms[i].pool);
    }
    if (wms_pgtest_server_stop(&srv, false) != 0) {
        fprintf(stderr, "wms-server did not stop cleanly\n");
    }
    if (started) {
        wms_pgtest_stop(&pgt);
    }
    if (tmpdir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- helpers --------------------------------------------------------------- */

static void sync_once(term *t)
{
    wms_sync_status st;
    wms_err err = {0};
    int rc = wms_sync_once(&t->cfg, &st, &err);
    if (rc) {
        fail_msg("sync %s over %s: %s", t->id, mode_names[link_mode], err.msg);
    }
}

static wms_store *ui(term *t)
{
    wms_store_opts so = {.path = t->path, .role = WMS_STORE_UI};
    wms_store *st = NULL;
    wms_err err = {0};
    assert_int_equal(wms_store_open(&so, &st, NULL, &err), 0);
    return st;
}

static wms_qty q(int64_t units)
{
    wms_qty x = {units * 1000};
    return x;
}

/* A posted document of one line: three operations (create, add, post). */
static void post_doc(term *t, wms_doc_type type, int64_t loc, int64_t units, wms_uuid *doc)
{
    wms_store *st = ui(t);
    wms_store_actor who = {1};
    wms_store_doc_new d = {.type = type, .warehouse_id = t->warehouse};
    wms_err err = {0};
    wms_uuid local;
    doc = doc ? doc : &local;
    assert_int_equal(wms_store_doc_create(st, &who, &d, doc, NULL, &err), 0);
    wms_store_item_new it = {.product_id = 1, .location_id = loc, .qty = q(units)};
    assert_int_equal(wms_store_item_add(st, &who, doc, &it, NULL, NULL, &err), 0);
    int rc = wms_store_doc_post(st, &who, doc, NULL, &err);
    if (rc) {
        fail_msg("post: %s", err.msg);
    }
    wms_store_close(st);
}

/* The terminal's stock view at `loc` (and the last pulled central value). */
static int64_t view_qty(term *t, int64_t loc, int64_t *central)
{
    wms_store *st = ui(t);
    wms_store_stock rows[8];
    size_t n = 0;
    bool more = false;
    wms_page page = {1, 8};
    wms_err err = {0};
    assert_int_equal(wms_store_stock_by_product(st, 1, &page, rows, &n, &more, &err), 0);
    wms_store_close(st);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].location_id == loc) {
            if (central) {
                *central = rows[i].central.milli / 1000;
            }
            return rows[i].view.milli / 1000;
        }
    }
    if (central) {
        *central = 0;
    }
    return 0;
}

static char *central_value(const char *sql)
{
    char dsn[256];
    wms_pgtest_admin_dsn(&pgt, DB, dsn, sizeof dsn);
    PGconn *c = PQconnectdb(dsn);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    }
    char *v = strdup(PQntuples(r) && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    PQfinish(c);
    return v;
}

static int64_t central_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t central_int(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    char *v = central_value(sql);
    int64_t n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

static int64_t central_stock(int64_t loc)
{
    return central_int("SELECT coalesce(sum(quantity), 0)::bigint FROM inventory "
                       "WHERE location_id = %lld AND product_id = 1",
                       (long long)loc);
}

/*
 * Nothing lost, nothing doubled: every operation in the terminal's outbox is
 * acknowledged locally and recorded exactly once centrally as applied (the
 * op_id sets are equal), and no other operation of that terminal exists.
 */
static void assert_exactly_once(term *t)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(t->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(
            sqlite3_prepare_v2(db, "SELECT op_id, state FROM outbox ORDER BY op_id", -1, &st, NULL),
            SQLITE_OK);
    wms_buf local;
    wms_buf_init(&local, 16u << 20);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_int_equal(sqlite3_column_bytes(st, 0), 16);
        wms_uuid u;
        memcpy(u.b, sqlite3_column_blob(st, 0), 16);
        char text[WMS_UUID_STRING_LEN + 1];
        wms_uuid_format(&u, text);
        if (sqlite3_column_int(st, 1) != 2) {
            fail_msg("%s: op %s is in outbox state %d, not applied", t->id, text,
                     sqlite3_column_int(st, 1));
        }
        assert_int_equal(wms_buf_addf(&local, "%s%s", n++ ? "," : "", text), 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT string_agg(op_id::text, ',' ORDER BY op_id) FROM applied_ops "
             "WHERE terminal_id = '%s' AND status = 'applied'",
             t->id);
    char *central = central_value(sql);
    assert_true(n > 0);
    assert_string_equal(central, wms_buf_str(&local));
    assert_int_equal(
            central_int("SELECT count(*) FROM applied_ops WHERE terminal_id = '%s'", t->id),
            (int64_t)n);
    free(central);
    wms_buf_release(&local);
}

/* Wait (bounded) until `pred` holds for the engine's status. */
typedef bool (*status_pred)(const wms_sync_status *st, int64_t arg);

static bool wait_status(wms_sync *s, status_pred pred, int64_t arg, wms_sync_status *out)
{
    int64_t deadline = mono_ms() + WAIT_LONG;
    for (;;) {
        wms_sync_get_status(s, out);
        if (pred(out, arg)) {
            return true;
        }
        if (mono_ms() > deadline) {
            return false;
        }
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static bool is_offline(const wms_sync_status *st, int64_t arg)
{
    return st->state == WMS_SYNC_OFFLINE && (int64_t)st->cycles > arg;
}

static bool is_drained(const wms_sync_status *st, int64_t arg)
{
    return st->state == WMS_SYNC_ONLINE && st->outbox_depth == 0 && (int64_t)st->cycles > arg;
}

/* An engine thread for `t` on a backend of its own. */
static wms_sync *engine_start(term *t, int batch_max)
{
    wms_sync_config cfg = t->cfg;
    wms_err err = {0};
    assert_int_equal(new_backend(t, &cfg.backend, &err), 0);
    cfg.interval_ms = 60000; /* only wakes and failures make it run */
    cfg.batch_max = batch_max;
    wms_sync *s = NULL;
    if (wms_sync_start(&cfg, &s, &err) != 0) {
        fail_msg("engine: %s", err.msg);
    }
    return s;
}

/* ---- scenarios ------------------------------------------------------------- */

/* A terminal sees only its warehouse's changes. */
static void test_provision_and_scoping(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        sync_once(&terms[i]);
    }
    wms_store *st = ui(&terms[2]);
    wms_store_location loc;
    wms_err err = {0};
    assert_int_equal(wms_store_location_by_id(st, 3, &loc, &err), 0);
    assert_int_equal(wms_store_location_by_id(st, 1, &loc, &err), WMS_ENOTFOUND);
    assert_int_equal(wms_store_location_by_id(st, 4, &loc, &err), WMS_ENOTFOUND);
    wms_store_product p;
    assert_int_equal(wms_store_product_by_id(st, 1, &p, &err), 0); /* global */
    wms_store_close(st);
    st = ui(&terms[0]);
    assert_int_equal(wms_store_location_by_id(st, 1, &loc, &err), 0);
    assert_int_equal(wms_store_location_by_id(st, 3, &loc, &err), WMS_ENOTFOUND);
    wms_store_close(st);
    /* stock of WH2 never reaches WH1's terminals */
    post_doc(&terms[2], WMS_DOC_RECEIPT, 3, 4, NULL);
    sync_once(&terms[2]);
    sync_once(&terms[0]);
    assert_int_equal(central_stock(3), 4);
    assert_int_equal(view_qty(&terms[2], 3, NULL), 4);
    st = ui(&terms[0]);
    wms_store_stock rows[8];
    size_t n = 0;
    bool more = false;
    wms_page page = {1, 8};
    assert_int_equal(wms_store_stock_by_product(st, 1, &page, rows, &n, &more, &err), 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(rows[i].location_id, 3);
    }
    wms_store_close(st);
}

/* Two terminals work offline, reconnect, push and pull: all converge. */
static void test_two_terminals_offline_converge(void **state)
{
    (void)state;
    post_doc(&terms[0], WMS_DOC_RECEIPT, 1, 10, NULL);
    post_doc(&terms[1], WMS_DOC_RECEIPT, 1, 5, NULL);
    /* Offline: each sees only its own delta. */
    assert_int_equal(view_qty(&terms[0], 1, NULL), 10);
    assert_int_equal(view_qty(&terms[1], 1, NULL), 5);
    sync_once(&terms[0]);
    sync_once(&terms[1]);
    sync_once(&terms[0]);
    sync_once(&terms[0]); /* again: nothing doubles */
    int64_t central = 0;
    assert_int_equal(view_qty(&terms[0], 1, &central), 15);
    assert_int_equal(central, 15);
    assert_int_equal(view_qty(&terms[1], 1, &central), 15);
    assert_int_equal(central, 15);
    assert_int_equal(central_stock(1), 15);
    /* K03 (WH2) has no stock of WH1. */
    sync_once(&terms[2]);
    assert_int_equal(view_qty(&terms[2], 1, NULL), 0);
}

/* Both terminals issue 10 of the 15 offline: the second posting would go
 * negative centrally and is rejected whole, with the reason in its outbox
 * and document, and its local view drops the rejected delta. */
static void test_negative_posting_rejected(void **state)
{
    (void)state;
    term *a = &terms[0], *b = &terms[1];
    int before_cb = b->rejected_cb;
    wms_uuid da, db;
    post_doc(a, WMS_DOC_ISSUE, 1, 10, &da);
    post_doc(b, WMS_DOC_ISSUE, 1, 10, &db);
    assert_int_equal(view_qty(b, 1, NULL), 5); /* locally fine */
    sync_once(a);
    if (a->rejected_cb) {
        fail_msg("K01's issue rejected: %s: %s", a->last_code, a->last_reason);
    }
    assert_int_equal(central_stock(1), 5);
    sync_once(b);
    assert_int_equal(b->rejected_cb, before_cb + 1); /* the posting only, reported once */
    assert_string_equal(b->last_code, "negative_stock");
    assert_non_null(strstr(b->last_reason, "A-01-01"));
    assert_non_null(strstr(b->last_reason, "04006381333931")); /* the product */
    wms_store *st = ui(b);
    wms_store_doc doc;
    wms_err err = {0};
    assert_int_equal(wms_store_doc_get(st, &db, &doc, &err), 0);
    assert_int_equal(doc.status, WMS_DOC_REJECTED);
    assert_non_null(strstr(doc.reason, "A-01-01"));
    wms_store_outbox_stats os;
    assert_int_equal(wms_store_outbox_stats_get(st, &os, &err), 0);
    assert_int_equal(os.rejected, 1);
    assert_int_equal(os.pending, 0);
    wms_store_close(st);
    /* the reason is kept in the outbox row of the rejected operation */
    sqlite3 *sdb = NULL;
    assert_int_equal(sqlite3_open_v2(b->path, &sdb, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q1 = NULL;
    assert_int_equal(sqlite3_prepare_v2(sdb,
                                        "SELECT kind, reject_code, reason FROM outbox "
                                        "WHERE state = 3",
                                        -1, &q1, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q1), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q1, 0), "doc.post");
    assert_string_equal((const char *)sqlite3_column_text(q1, 1), "negative_stock");
    assert_non_null(strstr((const char *)sqlite3_column_text(q1, 2), "A-01-01"));
    sqlite3_finalize(q1);
    sqlite3_close(sdb);
    /* nothing of the rejected posting happened centrally; both views agree */
    assert_int_equal(central_stock(1), 5);
    int64_t central = 0;
    assert_int_equal(view_qty(b, 1, &central), 5);
    assert_int_equal(central, 5);
    sync_once(a);
    assert_int_equal(view_qty(a, 1, NULL), 5);
    char sql[200];
    char u[WMS_UUID_STRING_LEN + 1];
    wms_uuid_format(&db, u);
    snprintf(sql, sizeof sql, "SELECT status FROM documents WHERE uuid = '%s'", u);
    char *s = central_value(sql);
    assert_string_equal(s, "rejected");
    free(s);
}

static char *batch_of(term *t, wms_store *st, size_t want)
{
    wms_store_batch *b = malloc(sizeof *b);
    wms_err err = {0};
    assert_int_equal(wms_store_outbox_next(st, 100, b, &err), 0);
    assert_int_equal(b->count, want);
    wms_buf body;
    wms_buf_init(&body, 1 << 20);
    assert_int_equal(wms_buf_addf(&body, "{\"terminal\":\"%s\",\"ops\":[", t->id), 0);
    for (size_t i = 0; i < b->count; i++) {
        if (i) {
            assert_int_equal(wms_buf_addstr(&body, ","), 0);
        }
        assert_int_equal(wms_store_op_json(&b->ops[i], &body), 0);
    }
    assert_int_equal(wms_buf_addstr(&body, "]}"), 0);
    char *text = strdup(wms_buf_str(&body));
    wms_buf_release(&body);
    wms_store_batch_release(b);
    free(b);
    return text;
}

/* How many results have `key` == `value`. */
static size_t count_of(const char *reply, const char *key, const char *value)
{
    json_t *j = json_loads(reply, 0, NULL);
    assert_non_null(j);
    size_t n = 0, i;
    json_t *r;
    json_array_foreach(json_object_get(j, "results"), i, r)
    {
        const char *v = json_string_value(json_object_get(r, key));
        n += v && strcmp(v, value) == 0;
    }
    json_decref(j);
    return n;
}

/* The same batch delivered twice, and a crash between the centre's commit
 * and the local acknowledgement: every operation applied exactly once. */
static void test_same_batch_twice_and_crash_before_ack(void **state)
{
    (void)state;
    term *t = &terms[1];
    post_doc(t, WMS_DOC_RECEIPT, 2, 7, NULL);
    int64_t before = central_stock(2);
    wms_store_opts so = {.path = t->path, .role = WMS_STORE_SYNC};
    wms_store *st = NULL;
    wms_err err = {0};
    assert_int_equal(wms_store_open(&so, &st, NULL, &err), 0);
    char *batch = batch_of(t, st, 3);
    char *reply = NULL;
    assert_int_equal(t->cfg.backend.push(t->cfg.backend.ctx, batch, strlen(batch), &reply, &err),
                     0);
    assert_int_equal(count_of(reply, "status", "applied"), 3);
    free(reply);
    /* delivered again (a retry after a lost answer): all duplicates of applied */
    assert_int_equal(t->cfg.backend.push(t->cfg.backend.ctx, batch, strlen(batch), &reply, &err),
                     0);
    assert_int_equal(count_of(reply, "status", "duplicate"), 3);
    assert_int_equal(count_of(reply, "result", "applied"), 3);
    free(reply);
    free(batch);
    wms_store_close(st); /* "crash": results never recorded, ops left `sent` */
    assert_int_equal(central_stock(2) - before, 7);
    sync_once(t); /* resends the same op_ids: answered duplicate */
    sync_once(t);
    assert_int_equal(central_stock(2) - before, 7);
    int64_t central = 0;
    int64_t view = view_qty(t, 2, &central);
    assert_int_equal(view, central); /* no delta left pending */
    assert_int_equal(central, before + 7);
    st = ui(t);
    wms_store_outbox_stats os;
    assert_int_equal(wms_store_outbox_stats_get(st, &os, &err), 0);
    assert_int_equal(os.pending, 0);
    wms_store_close(st);
}

/* The heartbeat puts version, outbox depth and age, last scan and health
 * into the terminals table. */
static void test_heartbeat(void **state)
{
    (void)state;
    term *t = &terms[0];
    wms_store *st = ui(t);
    wms_err err = {0};
    int64_t t0 = wall_ms();
    wms_store_scan sc = {.operator_id = 1,
                         .screen = "receipt",
                         .raw = "04006381333931",
                         .raw_len = 14,
                         .kind = "gtin",
                         .outcome = "ok"};
    assert_int_equal(wms_store_scan_log(st, &sc, &err), 0);
    int64_t t1 = wall_ms();
    wms_store_close(st);
    post_doc(t, WMS_DOC_RECEIPT, 2, 1, NULL);
    wms_sync_config cfg = t->cfg;
    cfg.heartbeat_s = 1;
    wms_sync_status ss;
    assert_int_equal(wms_sync_once(&cfg, &ss, &err), 0);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT concat_ws('|', version, outbox_depth, health, last_seen_at IS NOT NULL) "
             "FROM terminals WHERE id = '%s'",
             t->id);
    char *row = central_value(sql);
    char expect[128];
    /* the outbox as the cycle found it: the three operations of the document */
    snprintf(expect, sizeof expect, "%s|3|healthy|t", wms_version());
    assert_string_equal(row, expect);
    free(row);
    int64_t age = central_int("SELECT outbox_oldest_age_s FROM terminals WHERE id = '%s'", t->id);
    assert_true(age >= 0 && age <= (wall_ms() - t0) / 1000 + 1);
    int64_t scan = central_int("SELECT last_scan_at FROM terminals WHERE id = '%s'", t->id);
    assert_true(scan >= t0 && scan <= t1);
    /* next time: drained */
    assert_int_equal(wms_sync_once(&cfg, &ss, &err), 0);
    assert_int_equal(central_int("SELECT outbox_depth FROM terminals WHERE id = '%s'", t->id), 0);
    /* K02 keeps a rejected operation (above): degraded; it never scanned */
    cfg = terms[1].cfg;
    cfg.heartbeat_s = 1;
    assert_int_equal(wms_sync_once(&cfg, &ss, &err), 0);
    row = central_value("SELECT concat_ws('|', health, coalesce(last_scan_at, -1)) FROM terminals "
                        "WHERE id = 'K02'");
    assert_string_equal(row, "degraded|-1");
    free(row);
    /* a heartbeat cannot speak for another terminal */
    const char other[] = "{\"terminal\":\"K02\",\"version\":\"x\"}";
    assert_int_equal(t->cfg.backend.heartbeat(t->cfg.backend.ctx, S(other), &err), WMS_EPERM);
}

/* Clients PgBouncer holds waiting for a server connection (SHOW POOLS). */
static int bouncer_waiting(void)
{
    char dsn[128];
    snprintf(dsn, sizeof dsn, "host=127.0.0.1 port=%d dbname=pgbouncer user=postgres",
             pgt.bouncer_port);
    PGconn *c = PQconnectdb(dsn);
    PGresult *r = PQexec(c, "SHOW POOLS");
    int n = 0;
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        int db = PQfnumber(r, "database"), w = PQfnumber(r, "cl_waiting");
        for (int i = 0; db >= 0 && w >= 0 && i < PQntuples(r); i++) {
            if (strcmp(PQgetvalue(r, i, db), DB) == 0) {
                n += atoi(PQgetvalue(r, i, w));
            }
        }
    }
    PQclear(r);
    PQfinish(c);
    return n;
}

static bool wait_bouncer_waiting(void)
{
    int64_t deadline = mono_ms() + WAIT_LONG;
    while (bouncer_waiting() == 0) {
        if (mono_ms() > deadline) {
            return false;
        }
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return true;
}

/* Sync until a cycle succeeds (bounded): after connections were cut, or
 * while the link waits out a Retry-After. */
static void sync_until_ok(term *t)
{
    int64_t deadline = mono_ms() + WAIT_LONG;
    wms_sync_status st;
    wms_err err = {0};
    while (wms_sync_once(&t->cfg, &st, &err) != 0) {
        if (mono_ms() > deadline) {
            fail_msg("sync %s never succeeded: %s", t->id, err.msg);
        }
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* statement_timeout of K02's login role and of wms-server's, applied to new
 * sessions; the existing ones are cut (the pools replace them). */
static void set_statement_timeout(const char *value)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "ALTER ROLE \"wms_t_K02\" SET statement_timeout = '%s';"
             "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" SRV_ROLE "') THEN "
             "ALTER ROLE " SRV_ROLE " SET statement_timeout = '%s'; END IF; END $$;"
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
             "WHERE usename IN ('wms_t_K02', '" SRV_ROLE "')",
             value, value);
    assert_int_equal(wms_pgtest_sql(&pgt, DB, sql), 0);
}

/* A centre too slow to answer (its push waits on a lock past
 * statement_timeout): a retryable failure, nothing half-applied, the
 * operations stay pending and go through once the centre is fast again. */
static void test_slow_centre_statement_timeout(void **state)
{
    (void)state;
    term *t = &terms[1];
    set_statement_timeout("400ms");
    sync_until_ok(t);
    int64_t before = central_stock(2);
    post_doc(t, WMS_DOC_RECEIPT, 2, 2, NULL);
    char dsn[256];
    wms_pgtest_admin_dsn(&pgt, DB, dsn, sizeof dsn);
    PGconn *lock = PQconnectdb(dsn);
    PGresult *r = PQexec(lock, "SELECT pg_advisory_lock(7460001)"); /* what every push takes */
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    wms_sync_status st;
    wms_err err = {0};
    int64_t t0 = mono_ms();
    int rc = wms_sync_once(&t->cfg, &st, &err);
    int64_t took = mono_ms() - t0;
    r = PQexec(lock, "SELECT pg_advisory_unlock(7460001)");
    PQclear(r);
    PQfinish(lock);
    fprintf(stderr, "slow centre over %s: %s after %lld ms (%s)\n", mode_names[link_mode],
            wms_err_name(rc), (long long)took, err.msg);
    /* the direct link sees the timeout itself; wms-server answers 503 */
    assert_int_equal(rc, link_mode == MODE_HTTP ? WMS_EAGAIN : WMS_ETIMEDOUT);
    assert_true(took < 5000);
    assert_int_equal(st.state, WMS_SYNC_OFFLINE);
    assert_int_equal(st.outbox_depth, 3);
    assert_int_equal(central_stock(2), before);
    sync_until_ok(t);
    assert_int_equal(central_stock(2), before + 2);
    wms_store *ust = ui(t);
    wms_store_outbox_stats os;
    assert_int_equal(wms_store_outbox_stats_get(ust, &os, &err), 0);
    wms_store_close(ust);
    assert_int_equal(os.pending, 0);
    set_statement_timeout("30s");
    sync_until_ok(t);
}

/* PostgreSQL restarted mid-sync: the engine goes offline and resumes by
 * itself (through wms-server's pool for the HTTP link).  Through PgBouncer
 * the exchange is not refused but held (query_wait_timeout) until
 * PostgreSQL is back, then completes. */
static void test_engine_resumes_after_pg_restart(void **state)
{
    (void)state;
    term *t = &terms[0];
    int64_t before = central_stock(2);
    wms_sync *s = engine_start(t, WMS_SYNC_BATCH_MAX);
    wms_sync_status st;
    wms_sync_wake(s);
    assert_true(wait_status(s, is_drained, 0, &st));
    assert_int_equal(wms_pgtest_pg_stop(&pgt), 0);
    post_doc(t, WMS_DOC_RECEIPT, 2, 3, NULL);
    uint64_t cycles = st.cycles;
    wms_sync_wake(s);
    bool offline = link_mode == MODE_BOUNCER ? wait_bouncer_waiting()
                                             : wait_status(s, is_offline, (int64_t)cycles, &st);
    wms_store *ust = ui(t);
    wms_store_outbox_stats os;
    wms_err err = {0};
    assert_int_equal(wms_store_outbox_stats_get(ust, &os, &err), 0);
    wms_store_close(ust);
    assert_int_equal(wms_pgtest_pg_start(&pgt), 0);
    assert_true(offline);
    assert_int_equal(os.pending, 3); /* nothing got through */
    /* no wake: the backoff retries by itself */
    if (!wait_status(s, is_drained, (int64_t)st.cycles, &st)) {
        fail_msg("not resumed: state %s, depth %lld, last error %s", wms_sync_state_name(st.state),
                 (long long)st.outbox_depth, st.last_error);
    }
    wms_sync_stop(s);
    assert_int_equal(central_stock(2) - before, 3);
    assert_int_equal(view_qty(t, 2, NULL), before + 3);
}

static bool pushed_past(const wms_sync_status *st, int64_t arg)
{
    return st->state == WMS_SYNC_ONLINE && st->outbox_depth == 0 && (int64_t)st->pushed > arg;
}

static bool cursor_past(const wms_sync_status *st, int64_t arg)
{
    return st->state == WMS_SYNC_ONLINE && st->cursor > arg;
}

/* A queued operation wakes the engine for a push only: it reaches the
 * centre at once, but the pull (one more request) waits for the interval;
 * "sync now" (wms_sync_wake) pulls. */
static void test_wake_push_only(void **state)
{
    (void)state;
    term *t = &terms[0];
    /* No wake here: the engine's own first cycle, then it idles for the
     * 60 s interval (a wake now could run a second, pulling cycle that
     * races with the post below). */
    wms_sync *s = engine_start(t, WMS_SYNC_BATCH_MAX); /* interval 60 s */
    wms_sync_status st;
    assert_true(wait_status(s, is_drained, 0, &st));
    int64_t before = central_stock(2);
    int64_t cursor = st.cursor;
    uint64_t pushed = st.pushed;
    post_doc(t, WMS_DOC_RECEIPT, 2, 3, NULL);
    wms_sync_wake_push(s);
    assert_true(wait_status(s, pushed_past, (int64_t)pushed, &st));
    assert_true(st.pushed > pushed);
    assert_int_equal(central_stock(2) - before, 3); /* at the centre */
    assert_int_equal(st.cursor, cursor);            /* not pulled back yet */
    wms_sync_wake(s);
    assert_true(wait_status(s, cursor_past, cursor, &st));
    wms_sync_stop(s);
}

/* A backend that holds the engine at its Nth push until the test lets it go
 * on (so that something happens at a known point of a sync). */
typedef struct hold_be {
    wms_sync_backend inner;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int pushes, hold_at;
    bool reached, released;
} hold_be;

static int hold_push(void *ctx, const char *b, size_t len, char **out, wms_err *err)
{
    hold_be *h = ctx;
    pthread_mutex_lock(&h->mu);
    if (++h->pushes == h->hold_at) {
        h->reached = true;
        pthread_cond_broadcast(&h->cv);
        while (!h->released) {
            pthread_cond_wait(&h->cv, &h->mu);
        }
    }
    pthread_mutex_unlock(&h->mu);
    return h->inner.push(h->inner.ctx, b, len, out, err);
}

static int hold_pull(void *ctx, int64_t after, int limit, char **out, wms_err *err)
{
    hold_be *h = ctx;
    return h->inner.pull(h->inner.ctx, after, limit, out, err);
}

static int64_t hold_retry_after(void *ctx)
{
    hold_be *h = ctx;
    return h->inner.retry_after_ms ? h->inner.retry_after_ms(h->inner.ctx) : 0;
}

static void hold_destroy(void *ctx)
{
    hold_be *h = ctx;
    if (h->inner.destroy) {
        h->inner.destroy(h->inner.ctx);
    }
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h);
}

/* A backend that looks at the engine's shared status at every pull (from
 * the engine's side, between two pages): what another thread (the kiosk's
 * progress bar) sees while a pull run of several pages goes on. */
typedef struct watch_be {
    wms_sync_backend inner;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    wms_sync *eng; /* set by the test once wms_sync_start returned */
    int pulls;
    int pulling_seen;     /* pulls that saw pulling = true         */
    int64_t from_seen;    /* pull_from seen then (-1 none)         */
    int64_t cursor_third; /* the cursor seen at the 3rd pull       */
    uint64_t applied_third;
} watch_be;

static int watch_push(void *ctx, const char *b, size_t len, char **out, wms_err *err)
{
    watch_be *w = ctx;
    return w->inner.push(w->inner.ctx, b, len, out, err);
}

static int watch_pull(void *ctx, int64_t after, int limit, char **out, wms_err *err)
{
    watch_be *w = ctx;
    pthread_mutex_lock(&w->mu);
    while (!w->eng) { /* the engine may pull before wms_sync_start returned */
        pthread_cond_wait(&w->cv, &w->mu);
    }
    wms_sync_status st;
    wms_sync_get_status(w->eng, &st);
    w->pulls++;
    if (st.pulling) {
        w->pulling_seen++;
        w->from_seen = st.pull_from;
    }
    if (w->pulls == 3) {
        w->cursor_third = st.cursor;
        w->applied_third = st.pull_applied;
    }
    pthread_mutex_unlock(&w->mu);
    return w->inner.pull(w->inner.ctx, after, limit, out, err);
}

static void watch_destroy(void *ctx)
{
    watch_be *w = ctx;
    if (w->inner.destroy) {
        w->inner.destroy(w->inner.ctx);
    }
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}

static bool is_cycled(const wms_sync_status *st, int64_t arg)
{
    return (int64_t)st->cycles > arg;
}

/* A first full pull of several pages (pull_limit 1 on a fresh store): the
 * engine's status says `pulling` (from cursor 0) while the run has more
 * pages, the cursor and pull_applied advance between pages, and `pulling`
 * is false once the run ended. */
static void test_pull_progress_status(void **state)
{
    (void)state;
    term *t = &terms[0];
    char path[160];
    snprintf(path, sizeof path, "%s/%s-fresh.db", tmpdir, t->id);
    wms_store_opts so = {.path = path, .role = WMS_STORE_UI};
    wms_store *ust = NULL;
    wms_err err = {0};
    assert_int_equal(wms_store_open(&so, &ust, NULL, &err), 0);
    wms_store_close(ust);

    watch_be *w = calloc(1, sizeof *w);
    assert_non_null(w);
    assert_int_equal(new_backend(t, &w->inner, &err), 0);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->from_seen = -1;
    wms_sync_config cfg = t->cfg;
    cfg.db_path = path;
    cfg.backend = (wms_sync_backend){.ctx = w,
                                     .name = w->inner.name,
                                     .push = watch_push,
                                     .pull = watch_pull,
                                     .destroy = watch_destroy};
    cfg.interval_ms = 60000; /* one cycle */
    cfg.pull_limit = 1;      /* a page per change */
    wms_sync *s = NULL;
    assert_int_equal(wms_sync_start(&cfg, &s, &err), 0);
    pthread_mutex_lock(&w->mu);
    w->eng = s;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    wms_sync_status st;
    bool done = wait_status(s, is_cycled, 0, &st);
    pthread_mutex_lock(&w->mu);
    int pulls = w->pulls, seen = w->pulling_seen;
    int64_t from = w->from_seen, cursor3 = w->cursor_third;
    uint64_t applied3 = w->applied_third;
    pthread_mutex_unlock(&w->mu);
    wms_sync_stop(s);
    assert_true(done);
    assert_int_equal(st.state, WMS_SYNC_ONLINE);
    assert_true(st.pulled >= 3);
    assert_true(pulls >= (int)st.pulled); /* a page per change */
    /* every pull after the first saw the run under way, from cursor 0 */
    assert_int_equal(seen, pulls - 1);
    assert_int_equal(from, 0);
    /* by the 3rd pull the first page was applied and published */
    assert_true(cursor3 > 0);
    assert_true(applied3 >= 1);
    /* after the run */
    assert_false(st.pulling);
    assert_int_equal(st.pull_from, 0);
    assert_int_equal(st.pull_applied, st.pulled);
    assert_true(st.cursor > 0);

    /* a caught-up terminal's next pull is one page: no run, nothing says pulling */
    wms_sync_status once;
    cfg.backend = t->cfg.backend;
    assert_int_equal(wms_sync_once(&cfg, &once, &err), 0);
    assert_false(once.pulling);
    assert_int_equal(once.pulled, 0);
}

/* HTTP: wms-server killed (SIGKILL) in the middle of a long sync -- while a
 * push is on its way -- and started again: the engine resumes by itself;
 * nothing lost or doubled. */
static void test_server_restarted_mid_sync(void **state)
{
    (void)state;
    term *t = &terms[1];
    int64_t before = central_stock(4);
    int64_t want = 0;
    for (int i = 1; i <= 30; i++) {
        post_doc(t, WMS_DOC_RECEIPT, 4, i, NULL);
        want += i;
    }
    hold_be *h = calloc(1, sizeof *h);
    assert_non_null(h);
    wms_err err = {0};
    assert_int_equal(new_backend(t, &h->inner, &err), 0);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    h->hold_at = 10;
    wms_sync_config cfg = t->cfg;
    cfg.backend = (wms_sync_backend){.ctx = h,
                                     .name = h->inner.name,
                                     .push = hold_push,
                                     .pull = hold_pull,
                                     .heartbeat = NULL,
                                     .health = NULL,
                                     .destroy = hold_destroy,
                                     .retry_after_ms = hold_retry_after};
    cfg.interval_ms = 60000;
    cfg.batch_max = 2; /* 45 small batches */
    wms_sync *s = NULL;
    assert_int_equal(wms_sync_start(&cfg, &s, &err), 0);
    wms_sync_status st;
    wms_sync_get_status(s, &st);
    wms_sync_wake(s);
    /* at the 10th push: kill the server while that push goes out */
    pthread_mutex_lock(&h->mu);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WAIT_LONG / 1000;
    while (!h->reached) {
        if (pthread_cond_timedwait(&h->cv, &h->mu, &until) != 0) {
            fail_msg("the engine did not reach its 10th push");
        }
    }
    int pid = srv.pid;
    kill(pid, SIGKILL);
    h->released = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    assert_int_equal(wms_pgtest_server_stop(&srv, true), 0); /* reap */
    bool offline = wait_status(s, is_offline, (int64_t)st.cycles, &st);
    wms_sync_get_status(s, &st);
    bool unfinished = st.outbox_depth > 0;
    assert_int_equal(server_start(), 0); /* same port */
    assert_true(offline);
    assert_true(unfinished);
    if (!wait_status(s, is_drained, (int64_t)st.cycles, &st)) {
        fail_msg("not resumed: state %s, depth %lld, last error %s", wms_sync_state_name(st.state),
                 (long long)st.outbox_depth, st.last_error);
    }
    wms_sync_stop(s);
    assert_int_equal(central_stock(4) - before, want);
    int64_t central = 0;
    assert_int_equal(view_qty(t, 4, &central), before + want);
    assert_int_equal(central, before + want);
    assert_int_equal(central_int("SELECT count(*) FROM documents WHERE terminal_id = 'K02' "
                                 "AND status = 'posted'"),
                     central_int("SELECT count(*) FROM applied_ops WHERE terminal_id = 'K02' "
                                 "AND kind = 'doc.post' AND status = 'applied'"));
}

/* HTTP: wms-server keeps the link's connection open between requests. */
static void test_http_connection_reused(void **state)
{
    (void)state;
    term *t = &terms[0];
    wms_sync_backend be;
    wms_err err = {0};
    assert_int_equal(new_backend(t, &be, &err), 0);
    for (int i = 0; i < 5; i++) {
        char *page = NULL;
        assert_int_equal(be.pull(be.ctx, 0, 10, &page, &err), 0);
        free(page);
    }
    char *health = NULL;
    assert_int_equal(be.health(be.ctx, &health, &err), 0);
    assert_non_null(strstr(health, "\"healthy\""));
    free(health);
    long requests = 0, connects = 0;
    wms_http_link_counts(be.ctx, &requests, &connects);
    assert_int_equal(requests, 6);
    assert_int_equal(connects, 1);
    be.destroy(be.ctx);
}

/* HTTP: `wmsctl provision` and `wmsctl sync --once` over the http backend
 * (token from a file), a wrong token refused. */
static void test_wmsctl_over_http(void **state)
{
    (void)state;
    const char *ctl = getenv("WMSCTL");
    if (!ctl) {
        fail_msg("WMSCTL is not set to the wmsctl binary");
    }
    char tok[128], bad[128], db[128], out[4096];
    snprintf(tok, sizeof tok, "%s/k01.token", tmpdir);
    snprintf(bad, sizeof bad, "%s/bad.token", tmpdir);
    snprintf(db, sizeof db, "%s/K01-cli.db", tmpdir);
    FILE *f = fopen(tok, "w");
    assert_non_null(f);
    fprintf(f, "%s\n", terms[0].token);
    fclose(f);
    f = fopen(bad, "w");
    assert_non_null(f);
    fprintf(f, "not-the-token\n");
    fclose(f);
    assert_int_equal(
            wms_pgtest_sh(out, sizeof out,
                          "%s provision --url %s --token-file %s --terminal K01 --db %s 2>&1", ctl,
                          srv.base, tok, db),
            0);
    assert_non_null(strstr(out, "provisioned"));
    unsigned long long pulled = 0;
    const char *pp = strstr(out, "pulled ");
    assert_non_null(pp);
    assert_int_equal(sscanf(pp, "pulled %llu", &pulled), 1);
    assert_true(pulled >= 5); /* warehouse, locations, products, stock, ... */
    assert_int_equal(
            wms_pgtest_sh(out, sizeof out,
                          "WMS_TOKEN=%s %s sync --once --url %s --terminal K01 --db %s 2>&1",
                          terms[0].token, ctl, srv.base, db),
            0);
    assert_non_null(strstr(out, "synced"));
    assert_null(strstr(out, terms[0].token)); /* never logged */
    assert_int_equal(
            wms_pgtest_sh(out, sizeof out,
                          "%s sync --once --url %s --token-file %s --terminal K01 --db %s 2>&1",
                          ctl, srv.base, bad, db),
            1);
    assert_non_null(strstr(out, "401"));
    assert_int_equal(
            wms_pgtest_sh(out, sizeof out,
                          "%s sync --once --url %s --dsn x --token-file %s --terminal K01 --db %s "
                          "2>&1",
                          ctl, srv.base, tok, db),
            2);
}

/* ---- the terminal process, killed --------------------------------------- */

/* The child's backend: tells the parent (one byte on `fd`) when a push
 * starts, then pushes over the real link. */
typedef struct notify_be {
    wms_sync_backend inner;
    int fd;
} notify_be;

static int notify_push(void *ctx, const char *b, size_t len, char **out, wms_err *err)
{
    notify_be *n = ctx;
    if (write(n->fd, "p", 1) != 1) {
        _exit(3);
    }
    return n->inner.push(n->inner.ctx, b, len, out, err);
}

static int notify_pull(void *ctx, int64_t after, int limit, char **out, wms_err *err)
{
    notify_be *n = ctx;
    return n->inner.pull(n->inner.ctx, after, limit, out, err);
}

/* test_sync_suite --child MODE DB TERMINAL TOKEN FD DSN|URL once|engine: sync
 * until the outbox is empty (or is killed on the way), cycle by cycle or on
 * the engine thread. */
static int child_main(int argc, char **argv)
{
    if (argc != 8 && argc != 9) {
        return 2;
    }
    bool engine = argc == 9 && strcmp(argv[8], "engine") == 0;
    const char *db = argv[3], *terminal = argv[4], *token = argv[5], *conn = argv[7];
    int fd = atoi(argv[6]);
    bool http = strcmp(argv[2], "http") == 0;
    wms_err err = {0};
    wms_pg_pool *pool = NULL;
    notify_be n = {.fd = fd};
    int rc;
    if (http) {
        wms_sync_http_config hc = {.base_url = conn, .token = token, .timeout_ms = 10000};
        rc = wms_sync_backend_http(&hc, &n.inner, &err);
    } else {
        wms_pg_config pc;
        wms_pg_config_defaults(&pc);
        pc.dsn = conn;
        pc.pool_size = 1;
        rc = wms_pg_pool_open(&pc, NULL, &pool, &err);
        rc = rc ? rc : wms_sync_backend_pg(pool, &n.inner, &err);
    }
    if (rc) {
        fprintf(stderr, "child: %s\n", err.msg);
        return 1;
    }
    wms_sync_config cfg;
    wms_sync_config_defaults(&cfg);
    cfg.db_path = db;
    cfg.terminal = terminal;
    cfg.batch_max = 3;
    cfg.heartbeat_s = 0;
    cfg.backend.ctx = &n;
    cfg.backend.name = n.inner.name;
    cfg.backend.push = notify_push;
    cfg.backend.pull = notify_pull;
    wms_sync_status st;
    rc = 1;
    if (engine) { /* the engine thread, as the kiosk runs it */
        cfg.interval_ms = 50;
        cfg.backoff_min_ms = 20;
        cfg.backoff_max_ms = 200;
        wms_sync *s = NULL;
        if (wms_sync_start(&cfg, &s, &err) == 0) {
            int64_t deadline = mono_ms() + WAIT_LONG;
            while (mono_ms() < deadline) {
                wms_sync_get_status(s, &st);
                if (st.cycles > 0 && st.state == WMS_SYNC_ONLINE && st.outbox_depth == 0) {
                    rc = 0;
                    break;
                }
                struct timespec ts = {0, 5 * 1000000L};
                nanosleep(&ts, NULL);
            }
            wms_sync_stop(s);
        }
    }
    for (int i = 0; !engine && i < 200; i++) { /* or cycle by cycle, as wmsctl sync --once */
        if (wms_sync_once(&cfg, &st, &err) == 0 && st.outbox_depth == 0) {
            rc = 0;
            break;
        }
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (write(fd, "d", 1) != 1) {
        rc = 3;
    }
    if (n.inner.destroy) {
        n.inner.destroy(n.inner.ctx);
    }
    wms_pg_pool_close(pool);
    return rc;
}

/* Wait (bounded) for `want` push notifications from the child; false when
 * it finished first. */
static bool wait_pushes(int fd, int want)
{
    int seen = 0;
    int64_t deadline = mono_ms() + WAIT_LONG;
    while (seen < want) {
        int64_t left = deadline - mono_ms();
        struct pollfd p = {fd, POLLIN, 0};
        int r = left > 0 ? poll(&p, 1, (int)left) : 0;
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            fail_msg("the terminal process made no progress in %d ms", WAIT_LONG);
        }
        char buf[64];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) {
            return false; /* exited */
        }
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == 'd') {
                return false;
            }
            seen += buf[i] == 'p';
        }
    }
    return true;
}

/* The terminal process SIGKILLed at random moments during sync (pushes in
 * flight, results being recorded, pulls), the operator working on between
 * runs; then one clean run: every local operation applied exactly once. */
static void test_killed_mid_sync(void **state)
{
    (void)state;
    term *t = &terms[2]; /* WH2, location 3 */
    int64_t before = central_stock(3);
    int64_t want = 0;
    /* a backlog that outlasts the 20 runs (each pushes a few batches of 3) */
    for (int i = 1; i <= 40; i++) {
        post_doc(t, WMS_DOC_RECEIPT, 3, i, NULL);
        want += i;
    }
    char conn[256];
    if (link_mode == MODE_HTTP) {
        snprintf(conn, sizeof conn, "%s", srv.base);
    } else {
        direct_dsn(t, conn, sizeof conn);
    }
    unsigned seed = (unsigned)wall_ms() ^ (unsigned)getpid();
    fprintf(stderr, "kill test over %s, seed %u\n", mode_names[link_mode], seed);
    int kills = 0;
    for (int round = 0; round < KILL_COUNT; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        char fdarg[16];
        snprintf(fdarg, sizeof fdarg, "%d", fds[1]);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            execl("/proc/self/exe", "test_sync_suite", "--child", mode_names[link_mode], t->path,
                  t->id, t->token, fdarg, conn, round % 2 ? "engine" : "once", (char *)NULL);
            _exit(127);
        }
        close(fds[1]);
        /* the operator goes on working while the terminal syncs */
        post_doc(t, WMS_DOC_RECEIPT, 3, 100 + round, NULL);
        want += 100 + round;
        int target = 1 + (int)(rand_r(&seed) % 3);
        if (wait_pushes(fds[0], target)) {
            /* somewhere in that push, its results, the next batch or the pull */
            long us = (long)(rand_r(&seed) % 2000);
            struct timespec ts = {0, us * 1000L};
            nanosleep(&ts, NULL);
            kill(pid, SIGKILL);
            kills++;
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        close(fds[0]);
        if (WIFEXITED(status)) {
            assert_int_equal(WEXITSTATUS(status), 0);
        } else {
            assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        }
    }
    wms_store *ust = ui(t);
    wms_store_outbox_stats os;
    wms_err err = {0};
    assert_int_equal(wms_store_outbox_stats_get(ust, &os, &err), 0);
    wms_store_close(ust);
    fprintf(stderr, "%d of %d runs killed, %lld operations left for the clean run\n", kills,
            KILL_COUNT, (long long)os.pending);
    assert_true(kills >= KILL_COUNT / 2);
    sync_once(t); /* the clean run */
    sync_once(t);
    assert_exactly_once(t);
    assert_int_equal(central_stock(3) - before, want);
    int64_t central = 0;
    assert_int_equal(view_qty(t, 3, &central), before + want);
    assert_int_equal(central, before + want);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--child") == 0) {
        return child_main(argc, argv);
    }
    link_mode = MODE_PG;
    for (int m = 0; argc > 1 && m < 3; m++) {
        if (strcmp(argv[1], mode_names[m]) == 0) {
            link_mode = (mode)m;
        }
    }
    if (argc > 1 && strcmp(argv[1], mode_names[link_mode]) != 0) {
        fprintf(stderr, "usage: test_sync_suite pg|bouncer|http\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest common[] = {
            cmocka_unit_test(test_provision_and_scoping),
            cmocka_unit_test(test_pull_progress_status),
            cmocka_unit_test(test_two_terminals_offline_converge),
            cmocka_unit_test(test_negative_posting_rejected),
            cmocka_unit_test(test_same_batch_twice_and_crash_before_ack),
            cmocka_unit_test(test_heartbeat),
            cmocka_unit_test(test_slow_centre_statement_timeout),
            cmocka_unit_test(test_engine_resumes_after_pg_restart),
            cmocka_unit_test(test_wake_push_only),
            cmocka_unit_test(test_killed_mid_sync),
    };
    const struct CMUnitTest http_only[] = {
            cmocka_unit_test(test_http_connection_reused),
            cmocka_unit_test(test_wmsctl_over_http),
            cmocka_unit_test(test_server_restarted_mid_sync),
    };
    struct CMUnitTest tests[WMS_ARRAY_LEN(common) + WMS_ARRAY_LEN(http_only)];
    size_t n = 0;
    for (size_t i = 0; i < WMS_ARRAY_LEN(common); i++) {
        tests[n++] = common[i];
    }
    for (size_t i = 0; link_mode == MODE_HTTP && i < WMS_ARRAY_LEN(http_only); i++) {
        tests[n++] = http_only[i];
    }
    char name[48];
    snprintf(name, sizeof name, "sync over %s", mode_names[link_mode]);
    return _cmocka_run_group_tests(name, tests, n, group_setup, group_teardown);
}
