/*
 * test_sync_pg.c -- the sync engine between terminal stores (SQLite files)
 * and a real PostgreSQL over the pg backend.
 */
#include "wms_test.h"

#include "wms/pg.h"
#include "wms/store.h"
#include "wms/sync.h"
#include "wms_pgtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define DB "synctest"

static wms_pgtest pgt;
static bool started;
static char tmpdir[64];

typedef struct term {
    const char *id;
    const char *token;
    char path[128];
    wms_pg_pool *pool;
    wms_sync_config cfg;
    int rejected_cb;
    char last_reason[256];
} term;

static term terms[3] = {{.id = "K01", .token = "tok1"},
                        {.id = "K02", .token = "tok2"},
                        {.id = "K03", .token = "tok3"}};

static void on_rejected(void *data, const char *op_id, const char *doc, const char *code,
                        const char *reason)
{
    (void)op_id;
    (void)doc;
    (void)code;
    term *t = data;
    t->rejected_cb++;
    snprintf(t->last_reason, sizeof t->last_reason, "%s", reason);
}

static int group_setup(void **state)
{
    (void)state;
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
        return -1;
    }
    if (wms_pgtest_sql(
                &pgt, DB,
                "INSERT INTO warehouses (id, code, name) VALUES (1, 'WH1', 'Main'), (2, 'WH2', "
                "'Two');"
                "INSERT INTO locations (id, warehouse_id, code) VALUES (1, 1, 'A-01-01'),"
                " (2, 1, 'A-01-02'), (3, 2, 'B-01-01');"
                "INSERT INTO products (id, sku, name) VALUES (1, 'SKU-000001', 'Hex bolt M8'),"
                " (2, 'SKU-000002', 'Washer');"
                "INSERT INTO barcodes (product_id, code) VALUES (1, '04006381333931');"
                "INSERT INTO operators (id, badge, name, pin_hash) VALUES (1, '0001', 'Ann', "
                "'$y$x');"
                "SELECT wms_terminal_add('K01', '', ARRAY[1]::bigint[], 'tok1', sha256('tok1'));"
                "SELECT wms_terminal_add('K02', '', ARRAY[1]::bigint[], 'tok2', sha256('tok2'));"
                "SELECT wms_terminal_add('K03', '', ARRAY[2]::bigint[], 'tok3', "
                "sha256('tok3'));") != 0) {
        return -1;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/wmssync.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        return -1;
    }
    for (size_t i = 0; i < 3; i++) {
        term *t = &terms[i];
        snprintf(t->path, sizeof t->path, "%s/%s.db", tmpdir, t->id);
        char user[32];
        snprintf(user, sizeof user, "wms_t_%s", t->id);
        wms_pgtest_user_dsn(&pgt, DB, user, t->token, dsn, sizeof dsn);
        wms_pg_config pc;
        wms_pg_config_defaults(&pc);
        pc.dsn = dsn;
        pc.pool_size = 2;
        pc.pool_timeout_ms = 5000;
        if (wms_pg_pool_open(&pc, NULL, &t->pool, &err) != 0) {
            return -1;
        }
        wms_sync_config_defaults(&t->cfg);
        t->cfg.db_path = t->path;
        t->cfg.terminal = t->id;
        t->cfg.on_rejected = on_rejected;
        t->cfg.cb_data = t;
        t->cfg.backoff_min_ms = 50;
        t->cfg.backoff_max_ms = 400;
        t->cfg.interval_ms = 100;
        if (wms_sync_backend_pg(t->pool, &t->cfg.backend, &err) != 0) {
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
        wms_pg_pool_close(terms[i].pool);
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

static void sync_once(term *t)
{
    wms_sync_status st;
    wms_err err = {0};
    int rc = wms_sync_once(&t->cfg, &st, &err);
    if (rc) {
        fail_msg("sync %s: %s", t->id, err.msg);
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

/* A posted document of one line; returns the store's post result. */
static int post_doc(term *t, wms_doc_type type, int64_t wh, int64_t loc, int64_t units,
                    wms_uuid *doc)
{
    wms_store *st = ui(t);
    wms_store_actor who = {1};
    wms_store_doc_new d = {.type = type, .warehouse_id = wh};
    wms_err err = {0};
    assert_int_equal(wms_store_doc_create(st, &who, &d, doc, NULL, &err), 0);
    wms_store_item_new it = {.product_id = 1, .location_id = loc, .qty = q(units)};
    assert_int_equal(wms_store_item_add(st, &who, doc, &it, NULL, NULL, &err), 0);
    int rc = wms_store_doc_post(st, &who, doc, NULL, &err);
    wms_store_close(st);
    return rc;
}

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
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    char *v = strdup(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    PQfinish(c);
    return v;
}

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
    wms_store_product p;
    assert_int_equal(wms_store_product_by_id(st, 1, &p, &err), 0);
    wms_store_close(st);
    st = ui(&terms[0]);
    assert_int_equal(wms_store_location_by_id(st, 1, &loc, &err), 0);
    assert_int_equal(wms_store_location_by_id(st, 3, &loc, &err), WMS_ENOTFOUND);
    wms_store_close(st);
}

static void test_two_terminals_offline_converge(void **state)
{
    (void)state;
    wms_uuid d1, d2;
    assert_int_equal(post_doc(&terms[0], WMS_DOC_RECEIPT, 1, 1, 10, &d1), 0);
    assert_int_equal(post_doc(&terms[1], WMS_DOC_RECEIPT, 1, 1, 5, &d2), 0);
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
    char *v = central_value("SELECT quantity FROM inventory WHERE location_id = 1");
    assert_string_equal(v, "15.000");
    free(v);
    /* K03 (WH2) has no stock of WH1. */
    sync_once(&terms[2]);
    assert_int_equal(view_qty(&terms[2], 1, NULL), 0);
}

static void test_negative_posting_rejected(void **state)
{
    (void)state;
    wms_uuid d;
    int rc = post_doc(&terms[1], WMS_DOC_ISSUE, 1, 1, 100, &d);
    if (rc != 0) {
        /* The store refused locally: the centre's rule is tested in tests/pg. */
        fprintf(stderr, "store refused the negative posting locally (%d)\n", rc);
        return;
    }
    sync_once(&terms[1]);
    assert_true(terms[1].rejected_cb >= 1);
    assert_non_null(strstr(terms[1].last_reason, "A-01-01"));
    wms_store *st = ui(&terms[1]);
    wms_store_doc doc;
    wms_err err = {0};
    assert_int_equal(wms_store_doc_get(st, &d, &doc, &err), 0);
    assert_int_equal(doc.status, WMS_DOC_REJECTED);
    assert_non_null(strstr(doc.reason, "A-01-01"));
    wms_store_close(st);
    assert_int_equal(view_qty(&terms[1], 1, NULL), 15);
    char *v = central_value("SELECT quantity FROM inventory WHERE location_id = 1");
    assert_string_equal(v, "15.000");
    free(v);
}

/* The centre commits a batch but the terminal dies before recording the
 * results: the next run resends the same op_ids and gets `duplicate`. */
static void test_crash_between_commit_and_ack(void **state)
{
    (void)state;
    term *t = &terms[1];
    wms_uuid d;
    assert_int_equal(post_doc(t, WMS_DOC_RECEIPT, 1, 2, 7, &d), 0);
    char *before = central_value("SELECT coalesce(sum(quantity), 0) FROM inventory "
                                 "WHERE location_id = 2");
    wms_store_opts so = {.path = t->path, .role = WMS_STORE_SYNC};
    wms_store *st = NULL;
    wms_err err = {0};
    assert_int_equal(wms_store_open(&so, &st, NULL, &err), 0);
    wms_store_batch *b = malloc(sizeof *b);
    assert_int_equal(wms_store_outbox_next(st, 100, b, &err), 0);
    assert_int_equal(b->count, 3);
    wms_buf body;
    wms_buf_init(&body, 1 << 20);
    assert_int_equal(wms_buf_addstr(&body, "{\"terminal\":\"K02\",\"ops\":["), 0);
    for (size_t i = 0; i < b->count; i++) {
        if (i) {
            assert_int_equal(wms_buf_addstr(&body, ","), 0);
        }
        assert_int_equal(wms_store_op_json(&b->ops[i], &body), 0);
    }
    assert_int_equal(wms_buf_addstr(&body, "]}"), 0);
    char *reply = NULL;
    assert_int_equal(
            t->cfg.backend.push(t->cfg.backend.ctx, wms_buf_str(&body), body.len, &reply, &err), 0);
    assert_non_null(strstr(reply, "applied"));
    free(reply);
    wms_buf_release(&body);
    wms_store_batch_release(b);
    free(b);
    wms_store_close(st); /* "crash": results never recorded, ops left `sent` */
    sync_once(t);
    sync_once(t);
    char *after = central_value("SELECT coalesce(sum(quantity), 0) FROM inventory "
                                "WHERE location_id = 2");
    assert_int_equal(atof(after) - atof(before), 7.0);
    int64_t expect = (int64_t)atof(after);
    free(before);
    free(after);
    int64_t central = 0;
    int64_t view = view_qty(t, 2, &central);
    assert_int_equal(view, central); /* no delta left pending */
    assert_int_equal(central, expect);
}

static void test_engine_thread_wake_and_restart(void **state)
{
    (void)state;
    wms_sync_config cfg = terms[0].cfg;
    cfg.backend.destroy = NULL;
    cfg.interval_ms = 60000; /* only a wake makes it run */
    wms_sync *s = NULL;
    wms_err err = {0};
    assert_int_equal(wms_sync_start(&cfg, &s, &err), 0);
    wms_sync_status st;
    for (int i = 0; i < 200; i++) {
        wms_sync_get_status(s, &st);
        if (st.cycles >= 1) {
            break;
        }
        usleep(10000);
    }
    assert_int_equal(st.state, WMS_SYNC_ONLINE);
    /* PostgreSQL goes away: offline; comes back: online again by itself. */
    assert_int_equal(wms_pgtest_pg_stop(&pgt), 0);
    wms_uuid d;
    assert_int_equal(post_doc(&terms[0], WMS_DOC_RECEIPT, 1, 2, 3, &d), 0);
    wms_sync_wake(s);
    for (int i = 0; i < 300; i++) {
        wms_sync_get_status(s, &st);
        if (st.state == WMS_SYNC_OFFLINE) {
            break;
        }
        usleep(10000);
    }
    assert_int_equal(st.state, WMS_SYNC_OFFLINE);
    assert_int_equal(wms_pgtest_pg_start(&pgt), 0);
    for (int i = 0; i < 500; i++) {
        wms_sync_get_status(s, &st);
        if (st.state == WMS_SYNC_ONLINE && st.outbox_depth == 0) {
            break;
        }
        usleep(10000);
    }
    assert_int_equal(st.state, WMS_SYNC_ONLINE);
    assert_int_equal(st.outbox_depth, 0);
    wms_sync_stop(s);
    char *v = central_value("SELECT quantity FROM inventory WHERE location_id = 2");
    assert_string_equal(v, "10.000"); /* 7 from the crash test + 3 */
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_provision_and_scoping),
            cmocka_unit_test(test_two_terminals_offline_converge),
            cmocka_unit_test(test_negative_posting_rejected),
            cmocka_unit_test(test_crash_between_commit_and_ack),
            cmocka_unit_test(test_engine_thread_wake_and_restart),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
