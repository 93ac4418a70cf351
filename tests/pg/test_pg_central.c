/*
 * test_pg_central.c -- the central schema, functions, roles and the pool
 * against a real PostgreSQL started by the harness (one cluster per binary).
 */
#include "wms_test.h"

#include "wms/pg.h"
#include "wms_pgtest.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define DB "wmstest"

static wms_pgtest pgt;
static bool started;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
    int applied = -1;
    rc = wms_pg_migrate(c, &applied, &err);
    if (rc != 0 || applied != wms_pg_schema_version()) {
        fprintf(stderr, "migrate: %s\n", err.msg);
        PQfinish(c);
        return -1;
    }
    /* Idempotent: a second run applies nothing. */
    rc = wms_pg_migrate(c, &applied, &err);
    PQfinish(c);
    if (rc != 0 || applied != 0) {
        return -1;
    }
    return wms_pgtest_sql(
            &pgt, DB,
            "INSERT INTO warehouses (id, code, name) VALUES (1, 'WH1', 'Main'), (2, 'WH2', 'Two');"
            "INSERT INTO locations (id, warehouse_id, code) VALUES (1, 1, 'A-01-01'),"
            " (2, 1, 'A-01-02'), (3, 2, 'B-01-01');"
            "INSERT INTO products (id, sku, name) VALUES (1, 'SKU-000001', 'Hex bolt M8'),"
            " (2, 'SKU-000002', 'Washer');"
            "INSERT INTO barcodes (product_id, code) VALUES (1, '04006381333931');"
            "SELECT wms_terminal_add('K01', 'one', ARRAY[1]::bigint[], 'tok1',"
            " sha256('tok1'::bytea));"
            "SELECT wms_terminal_add('K02', 'two', ARRAY[2]::bigint[], 'tok2',"
            " sha256('tok2'::bytea));"
            "CREATE ROLE slowpoke LOGIN PASSWORD 'slow';"
            "ALTER ROLE slowpoke SET statement_timeout = '300ms';");
}

static int group_teardown(void **state)
{
    (void)state;
    if (started) {
        wms_pgtest_stop(&pgt);
    }
    return 0;
}

static wms_pg_pool *terminal_pool(const char *user, const char *pw, int size, int overflow,
                                  int timeout_ms)
{
    char dsn[256];
    wms_pgtest_user_dsn(&pgt, DB, user, pw, dsn, sizeof dsn);
    wms_pg_config cfg;
    wms_pg_config_defaults(&cfg);
    cfg.dsn = dsn;
    cfg.pool_size = size;
    cfg.max_overflow = overflow;
    cfg.pool_timeout_ms = timeout_ms;
    wms_pg_pool *p = NULL;
    wms_err err = {0};
    assert_int_equal(wms_pg_pool_open(&cfg, NULL, &p, &err), 0);
    return p;
}

static json_t *call_json(wms_pg_pool *p, const char *sql, int n, const char *const *params,
                         int *rc_out)
{
    char *text = NULL;
    wms_err err = {0};
    int rc = wms_pg_query_text(p, sql, n, params, &text, &err);
    if (rc_out) {
        *rc_out = rc;
    } else if (rc) {
        fail_msg("%s: %s", sql, err.msg);
    }
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return j;
}

static json_t *push(wms_pg_pool *p, const char *batch)
{
    const char *params[1] = {batch};
    json_t *j = call_json(p, "SELECT wms_sync_push($1::jsonb)", 1, params, NULL);
    assert_non_null(j);
    return j;
}

static const char *res_status(json_t *r, size_t i)
{
    return json_string_value(
            json_object_get(json_array_get(json_object_get(r, "results"), i), "status"));
}

static const char *res_field(json_t *r, size_t i, const char *k)
{
    return json_string_value(json_object_get(json_array_get(json_object_get(r, "results"), i), k));
}

static char *admin_value(const char *sql)
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

#define D1 "01900000-0000-7000-8000-000000000001"
#define D2 "01900000-0000-7000-8000-000000000002"

static void test_push_post_duplicate_negative(void **state)
{
    (void)state;
    wms_pg_pool *p = terminal_pool("wms_t_K01", "tok1", 2, 0, 5000);
    const char *b1 =
            "{\"terminal\":\"K01\",\"ops\":["
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000a1\",\"kind\":\"doc.create\","
            "\"doc\":\"" D1 "\",\"at\":1,\"payload\":{\"type\":\"receipt\",\"warehouse_id\":1}},"
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000a2\",\"kind\":\"item.add\","
            "\"doc\":\"" D1 "\",\"payload\":{\"item\":\"01900000-0000-7000-8000-0000000000f1\","
            "\"product_id\":1,\"location_id\":1,\"qty\":\"5.5\"}},"
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000a3\",\"kind\":\"doc.post\","
            "\"doc\":\"" D1 "\",\"payload\":{}}]}";
    json_t *r = push(p, b1);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(res_status(r, i), "applied");
    }
    json_decref(r);
    /* The same batch again: duplicates, nothing applied twice. */
    r = push(p, b1);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(res_status(r, i), "duplicate");
    }
    json_decref(r);
    char *q =
            admin_value("SELECT quantity FROM inventory WHERE location_id = 1 AND product_id = 1");
    assert_string_equal(q, "5.500");
    free(q);

    /* An issue of 7 where 5.5 are: rejected whole, naming location and
     * product; the later op on that document is doc_rejected; a good op on
     * another document after it still applies. */
    const char *b2 =
            "{\"terminal\":\"K01\",\"ops\":["
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000b1\",\"kind\":\"doc.create\","
            "\"doc\":\"" D2 "\",\"payload\":{\"type\":\"issue\",\"warehouse_id\":1}},"
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000b2\",\"kind\":\"item.add\","
            "\"doc\":\"" D2 "\",\"payload\":{\"item\":\"01900000-0000-7000-8000-0000000000f2\","
            "\"product_id\":1,\"location_id\":1,\"qty\":\"2\"}},"
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000b3\",\"kind\":\"item.add\","
            "\"doc\":\"" D2 "\",\"payload\":{\"item\":\"01900000-0000-7000-8000-0000000000f3\","
            "\"product_id\":1,\"location_id\":1,\"qty\":\"5\"}},"
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000b4\",\"kind\":\"doc.post\","
            "\"doc\":\"" D2 "\",\"payload\":{}},"
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000b5\",\"kind\":\"doc.cancel\","
            "\"doc\":\"" D2 "\",\"payload\":{}},"
            "{\"op_id\":\"01900000-0000-7000-8000-0000000000b6\",\"kind\":\"doc.create\","
            "\"doc\":\"01900000-0000-7000-8000-000000000003\","
            "\"payload\":{\"type\":\"count\",\"warehouse_id\":1}}]}";
    r = push(p, b2);
    assert_string_equal(res_status(r, 0), "applied");
    assert_string_equal(res_status(r, 2), "applied");
    assert_string_equal(res_status(r, 3), "rejected");
    assert_string_equal(res_field(r, 3, "code"), "negative_stock");
    assert_non_null(strstr(res_field(r, 3, "reason"), "A-01-01"));
    assert_non_null(strstr(res_field(r, 3, "reason"), "04006381333931"));
    assert_string_equal(res_status(r, 4), "rejected");
    assert_string_equal(res_field(r, 4, "code"), "doc_rejected");
    assert_string_equal(res_status(r, 5), "applied");
    json_decref(r);
    q = admin_value("SELECT quantity FROM inventory WHERE location_id = 1 AND product_id = 1");
    assert_string_equal(q, "5.500");
    free(q);
    q = admin_value("SELECT status FROM documents WHERE uuid = '" D2 "'");
    assert_string_equal(q, "rejected");
    free(q);

    /* Invalid quantity: rejected with code invalid, batch continues. */
    r = push(p, "{\"ops\":[{\"op_id\":\"01900000-0000-7000-8000-0000000000c1\","
                "\"kind\":\"item.add\",\"doc\":\"01900000-0000-7000-8000-000000000003\","
                "\"payload\":{\"item\":\"01900000-0000-7000-8000-0000000000f4\","
                "\"product_id\":1,\"location_id\":1,\"qty\":12}}]}");
    assert_string_equal(res_field(r, 0, "code"), "invalid");
    json_decref(r);
    wms_pg_pool_close(p);
}

static void test_terminal_cannot_write_as_another(void **state)
{
    (void)state;
    wms_pg_pool *p = terminal_pool("wms_t_K02", "tok2", 1, 0, 5000);
    int rc = 0;
    const char *params[1] = {"{\"terminal\":\"K01\",\"ops\":[]}"};
    json_t *j = call_json(p, "SELECT wms_sync_push($1::jsonb)", 1, params, &rc);
    assert_null(j);
    assert_int_equal(rc, WMS_EPERM);
    /* K01's document, touched by K02: not_owner. */
    json_t *r = push(p, "{\"ops\":[{\"op_id\":\"01900000-0000-7000-8000-0000000000d1\","
                        "\"kind\":\"doc.cancel\",\"doc\":\"" D1 "\",\"payload\":{}}]}");
    assert_string_equal(res_field(r, 0, "code"), "not_owner");
    json_decref(r);
    /* Its server-side twin is not for terminals. */
    const char *p2[2] = {"K01", "{\"ops\":[]}"};
    j = call_json(p, "SELECT wms_sync_push_as($1, $2::jsonb)", 2, p2, &rc);
    assert_int_equal(rc, WMS_EPERM);
    wms_pg_pool_close(p);
}

static void test_terminal_role_no_direct_dml(void **state)
{
    (void)state;
    wms_pg_pool *p = terminal_pool("wms_t_K01", "tok1", 1, 0, 5000);
    static const char *const stmts[] = {
            "INSERT INTO inventory (warehouse_id, location_id, product_id, quantity) "
            "VALUES (1, 1, 2, 100)",
            "UPDATE inventory SET quantity = 1000",
            "DELETE FROM inventory",
            "INSERT INTO applied_ops (op_id, terminal_id, kind, status) VALUES "
            "(gen_random_uuid(), 'K02', 'x', 'applied')",
            "UPDATE terminals SET name = 'x'",
            "SELECT * FROM documents",
            "DELETE FROM changes"};
    for (size_t i = 0; i < WMS_ARRAY_LEN(stmts); i++) {
        wms_err err = {0};
        assert_int_equal(wms_pg_query_text(p, stmts[i], 0, NULL, NULL, &err), WMS_EPERM);
    }
    wms_pg_pool_close(p);
}

static void test_pull_scoped(void **state)
{
    (void)state;
    wms_pg_pool *p2 = terminal_pool("wms_t_K02", "tok2", 1, 0, 5000);
    /* K02 receives into WH2. */
    json_t *r =
            push(p2, "{\"ops\":["
                     "{\"op_id\":\"01900000-0000-7000-8000-0000000000e1\",\"kind\":\"doc.create\","
                     "\"doc\":\"01900000-0000-7000-8000-000000000009\","
                     "\"payload\":{\"type\":\"receipt\",\"warehouse_id\":2}},"
                     "{\"op_id\":\"01900000-0000-7000-8000-0000000000e2\",\"kind\":\"item.add\","
                     "\"doc\":\"01900000-0000-7000-8000-000000000009\","
                     "\"payload\":{\"item\":\"01900000-0000-7000-8000-0000000000f9\","
                     "\"product_id\":2,\"location_id\":3,\"qty\":\"4\"}},"
                     "{\"op_id\":\"01900000-0000-7000-8000-0000000000e3\",\"kind\":\"doc.post\","
                     "\"doc\":\"01900000-0000-7000-8000-000000000009\",\"payload\":{}}]}");
    assert_string_equal(res_status(r, 2), "applied");
    json_decref(r);
    wms_pg_pool_close(p2);

    wms_pg_pool *p = terminal_pool("wms_t_K01", "tok1", 1, 0, 5000);
    int64_t after = 0;
    size_t stock = 0, locs = 0, products = 0, docs = 0, pages = 0;
    for (;;) {
        char a[24];
        snprintf(a, sizeof a, "%lld", (long long)after);
        const char *params[2] = {a, "3"};
        json_t *page = call_json(p, "SELECT wms_sync_pull($1::bigint, $2::int)", 2, params, NULL);
        assert_non_null(page);
        pages++;
        json_t *ch = json_object_get(page, "changes");
        assert_true(json_array_size(ch) <= 3);
        size_t i;
        json_t *c;
        json_array_foreach(ch, i, c)
        {
            const char *e = json_string_value(json_object_get(c, "entity"));
            json_t *d = json_object_get(c, "data");
            json_int_t seq = json_integer_value(json_object_get(c, "seq"));
            assert_true(seq > after);
            if (strcmp(e, "stock") == 0) {
                stock++;
                assert_int_equal(json_integer_value(json_object_get(d, "warehouse_id")), 1);
            } else if (strcmp(e, "location") == 0) {
                locs++;
                assert_int_equal(json_integer_value(json_object_get(d, "warehouse_id")), 1);
            } else if (strcmp(e, "product") == 0) {
                products++;
            } else if (strcmp(e, "document") == 0) {
                docs++;
            }
        }
        after = json_integer_value(json_object_get(page, "next"));
        bool more = json_is_true(json_object_get(page, "more"));
        json_decref(page);
        if (!more) {
            break;
        }
    }
    assert_true(pages >= 3);
    assert_int_equal(locs, 2);
    assert_int_equal(products, 2);
    assert_true(stock >= 1);
    assert_true(docs >= 1);
    wms_pg_pool_close(p);
}

static void test_statement_timeout_retryable(void **state)
{
    (void)state;
    wms_pg_pool *p = terminal_pool("slowpoke", "slow", 1, 0, 5000);
    wms_err err = {0};
    int64_t t0 = now_ms();
    int rc = wms_pg_query_text(p, "SELECT pg_sleep(5)", 0, NULL, NULL, &err);
    assert_int_equal(rc, WMS_ETIMEDOUT);
    assert_true(wms_pg_retryable(rc));
    assert_true(now_ms() - t0 < 3000);
    /* The connection is still good afterwards. */
    char *v = NULL;
    assert_int_equal(wms_pg_query_text(p, "SELECT 1", 0, NULL, &v, &err), 0);
    assert_string_equal(v, "1");
    free(v);
    wms_pg_pool_close(p);
}

static void test_full_pool_ebusy(void **state)
{
    (void)state;
    wms_pg_pool *p = terminal_pool("wms_t_K01", "tok1", 1, 1, 300);
    PGconn *a = NULL, *b = NULL, *c = NULL;
    wms_err err = {0};
    assert_int_equal(wms_pg_acquire(p, &a, &err), 0);
    assert_int_equal(wms_pg_acquire(p, &b, &err), 0);
    int64_t t0 = now_ms();
    assert_int_equal(wms_pg_acquire(p, &c, &err), WMS_EBUSY);
    int64_t dt = now_ms() - t0;
    assert_true(dt >= 250 && dt < 2000);
    wms_pg_stats st;
    wms_pg_pool_stats(p, &st);
    assert_int_equal(st.in_use, 2);
    assert_int_equal(st.timeouts, 1);
    wms_pg_release(p, b, false); /* overflow: closed */
    wms_pg_pool_stats(p, &st);
    assert_int_equal(st.size, 1);
    assert_int_equal(wms_pg_acquire(p, &c, &err), 0);
    wms_pg_release(p, a, false);
    wms_pg_release(p, c, false);
    wms_pg_pool_stats(p, &st);
    assert_int_equal(st.idle, 1);
    wms_pg_pool_close(p);
}

static void test_explain_uses_indexes(void **state)
{
    (void)state;
    static const struct {
        const char *sql;
        const char *index;
    } q[] = {
            {"SELECT id FROM documents WHERE status = 'draft' ORDER BY created_at LIMIT 20",
             "documents_status_created_idx"},
            {"SELECT id FROM documents WHERE warehouse_id = 1 ORDER BY created_at LIMIT 20",
             "documents_warehouse_idx"},
            {"SELECT id FROM documents WHERE terminal_id = 'K01' ORDER BY created_at LIMIT 20",
             "documents_terminal_idx"},
            {"SELECT product_id FROM barcodes WHERE code = '04006381333931'", "barcodes_code_key"},
            {"SELECT id FROM products WHERE name ILIKE '%bolt%'", "products_name_trgm_idx"},
            {"SELECT id FROM products WHERE sku LIKE 'SKU-00%'", "products_sku_prefix_idx"},
            {"SELECT quantity FROM inventory WHERE warehouse_id = 1 AND product_id = 1",
             "inventory_wh_product_idx|inventory_product_idx|inventory_warehouse_id_location_id_"
             "product_id_lot_key"},
            {"SELECT quantity FROM inventory WHERE location_id = 1", "inventory_location_idx"},
            {"SELECT id FROM document_items WHERE document_id = 1", "items_document_idx"},
            {"SELECT seq FROM changes WHERE seq > 10 ORDER BY seq LIMIT 100", "changes_pkey"},
    };
    char dsn[256];
    wms_pgtest_admin_dsn(&pgt, DB, dsn, sizeof dsn);
    PGconn *c = PQconnectdb(dsn);
    PQclear(PQexec(c, "ANALYZE; SET enable_seqscan = off"));
    for (size_t i = 0; i < WMS_ARRAY_LEN(q); i++) {
        char sql[400];
        snprintf(sql, sizeof sql, "EXPLAIN %s", q[i].sql);
        PGresult *r = PQexec(c, sql);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        bool found = false;
        char names[128];
        snprintf(names, sizeof names, "%s", q[i].index);
        char *save = NULL;
        for (char *n = strtok_r(names, "|", &save); n; n = strtok_r(NULL, "|", &save)) {
            for (int k = 0; k < PQntuples(r); k++) {
                if (strstr(PQgetvalue(r, k, 0), n) && !strstr(PQgetvalue(r, k, 0), "Seq Scan")) {
                    found = true;
                }
            }
        }
        if (!found) {
            fail_msg("%s does not use %s", q[i].sql, q[i].index);
        }
        PQclear(r);
    }
    PQfinish(c);
}

static void test_restart_pool_recovers(void **state)
{
    (void)state;
    wms_pg_pool *p = terminal_pool("wms_t_K01", "tok1", 2, 0, 5000);
    wms_err err = {0};
    char *v = NULL;
    assert_int_equal(wms_pg_query_text(p, "SELECT wms_health()::text", 0, NULL, &v, &err), 0);
    assert_non_null(strstr(v, "healthy"));
    free(v);
    assert_int_equal(wms_pgtest_pg_stop(&pgt), 0);
    int rc = wms_pg_query_text(p, "SELECT 1", 0, NULL, NULL, &err);
    assert_int_equal(rc, WMS_EAGAIN);
    assert_true(wms_pg_retryable(rc));
    assert_int_equal(wms_pgtest_pg_start(&pgt), 0);
    v = NULL;
    assert_int_equal(wms_pg_query_text(p, "SELECT 2", 0, NULL, &v, &err), 0);
    assert_string_equal(v, "2");
    free(v);
    wms_pg_stats st;
    wms_pg_pool_stats(p, &st);
    assert_true(st.connect_errors >= 1);
    wms_pg_pool_close(p);
}

static void test_through_pgbouncer(void **state)
{
    (void)state;
    int rc = wms_pgtest_bouncer_start(&pgt);
    if (rc == 77) {
        skip();
    }
    assert_int_equal(rc, 0);
    assert_int_equal(wms_pgtest_bouncer_user(&pgt, "wms_t_K01"), 0);
    char dsn[256];
    wms_pgtest_bouncer_dsn(&pgt, DB, "wms_t_K01", dsn, sizeof dsn);
    wms_pg_config cfg;
    wms_pg_config_defaults(&cfg);
    cfg.dsn = dsn;
    cfg.pool_size = 4;
    wms_pg_pool *p = NULL;
    wms_err err = {0};
    assert_int_equal(wms_pg_pool_open(&cfg, NULL, &p, &err), 0);
    json_t *r = push(p, "{\"ops\":[{\"op_id\":\"01900000-0000-7000-8000-0000000000aa\","
                        "\"kind\":\"doc.create\",\"doc\":\"01900000-0000-7000-8000-0000000000ab\","
                        "\"payload\":{\"type\":\"count\",\"warehouse_id\":1}}]}");
    assert_string_equal(res_status(r, 0), "applied");
    json_decref(r);
    /* Many calls over few server connections: nothing relies on session state. */
    for (int i = 0; i < 50; i++) {
        const char *params[2] = {"0", "10"};
        json_t *page = call_json(p, "SELECT wms_sync_pull($1::bigint, $2::int)", 2, params, NULL);
        assert_non_null(page);
        assert_true(json_array_size(json_object_get(page, "changes")) > 0);
        json_decref(page);
    }
    wms_pg_pool_close(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_push_post_duplicate_negative),
            cmocka_unit_test(test_terminal_cannot_write_as_another),
            cmocka_unit_test(test_terminal_role_no_direct_dml),
            cmocka_unit_test(test_pull_scoped),
            cmocka_unit_test(test_statement_timeout_retryable),
            cmocka_unit_test(test_full_pool_ebusy),
            cmocka_unit_test(test_explain_uses_indexes),
            cmocka_unit_test(test_restart_pool_recovers),
            cmocka_unit_test(test_through_pgbouncer),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
