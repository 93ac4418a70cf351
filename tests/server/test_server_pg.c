/*
 * test_server_pg.c -- wms-server over a real PostgreSQL (tests/common
 * wms_pgtest) and the pg pool: bearer tokens checked against their SHA-256,
 * push/pull/heartbeat through the same SQL functions as the direct link,
 * through the terminal's HTTP link; 401/403; /health 200, then 503 with
 * PostgreSQL stopped.
 */
#include "wms_test.h"

#include "backend_http.h"
#include "http_client.h"
#include "wms/pg.h"
#include "wms/server.h"
#include "wms_pgtest.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

#define DB "wms_server_test"

typedef struct ctx {
    wms_pgtest pg;
    wms_pg_pool *pool;
    wms_server *srv;
    char base[64];
    wms_log log;
} ctx;

static int setup(void **state)
{
    ctx *t = calloc(1, sizeof *t);
    int rc = wms_pgtest_start(&t->pg);
    if (rc == 77) {
        exit(77);
    }
    if (rc != 0 || wms_pgtest_create_db(&t->pg, DB) != 0) {
        return -1;
    }
    char dsn[256];
    wms_pgtest_admin_dsn(&t->pg, DB, dsn, sizeof dsn);
    PGconn *c = PQconnectdb(dsn);
    wms_err err = {0};
    rc = wms_pg_migrate(c, NULL, &err);
    PQfinish(c);
    if (rc != 0) {
        fprintf(stderr, "migrate: %s\n", err.msg);
        return -1;
    }
    if (wms_pgtest_sql(&t->pg, DB,
                       "INSERT INTO warehouses (id, code, name) VALUES (1, 'WH1', 'Main');"
                       "INSERT INTO locations (id, warehouse_id, code) VALUES (1, 1, 'A-01-01');"
                       "INSERT INTO products (id, sku, name) SELECT g, 'SKU-' || g, 'Bolt M' || g"
                       " FROM generate_series(1, 45) g;"
                       "INSERT INTO barcodes (product_id, code, kind) VALUES"
                       " (5, '04006381333931', 'unit');"
                       "INSERT INTO inventory (warehouse_id, location_id, product_id, quantity)"
                       " VALUES (1, 1, 5, 12.5);"
                       "SELECT wms_terminal_add('K01', 'one', ARRAY[1]::bigint[], 'tok-K01-x9',"
                       " sha256('tok-K01-x9'::bytea));"
                       "SELECT wms_terminal_add('K02', 'two', ARRAY[1]::bigint[], 'tok-K02-y8',"
                       " sha256('tok-K02-y8'::bytea));") != 0) {
        return -1;
    }
    wms_log_init(&t->log, wms_log_sink_stderr(), WMS_LOG_WARNING);
    wms_pg_config pc;
    wms_pg_config_defaults(&pc);
    pc.dsn = dsn;
    pc.pool_size = 4;
    pc.pool_timeout_ms = 2000;
    pc.application_name = "wms-server";
    if (wms_pg_pool_open(&pc, &t->log, &t->pool, &err) != 0) {
        fprintf(stderr, "pool: %s\n", err.msg);
        return -1;
    }
    wms_server_backend be;
    wms_server_pg_backend(t->pool, &be);
    wms_server_config cfg;
    wms_server_config_defaults(&cfg);
    cfg.port = 0;
    cfg.rate_per_min = 100000;
    cfg.rate_burst = 10000;
    if (wms_server_start(&cfg, &be, &t->log, &t->srv, &err) != 0) {
        return -1;
    }
    snprintf(t->base, sizeof t->base, "http://127.0.0.1:%u", (unsigned)wms_server_port(t->srv));
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    ctx *t = *state;
    wms_server_stop(t->srv);
    wms_pg_pool_close(t->pool);
    wms_pgtest_stop(&t->pg);
    free(t);
    return 0;
}

static wms_http_link *link_as(ctx *t, const char *token)
{
    wms_http_link_opts o = {0};
    o.base_url = t->base;
    o.token = token;
    wms_http_link *l = NULL;
    assert_int_equal(wms_http_link_new(&o, &l, NULL), 0);
    return l;
}

static void test_sync_over_http(void **state)
{
    ctx *t = *state;
    wms_http_link *l = link_as(t, "tok-K01-x9");
    wms_err e;
    int64_t ra = 0;
    json_t *hb =
            json_pack("{s:s,s:s,s:i}", "terminal", "K01", "version", "0.1.0", "outbox_depth", 0);
    int rc = wms_http_link_heartbeat(l, hb, &ra, &e);
    if (rc != 0) {
        fprintf(stderr, "heartbeat: %s\n", e.msg);
    }
    assert_int_equal(rc, 0);
    json_decref(hb);

    json_t *b = json_pack("{s:s,s:[]}", "terminal", "K01", "ops");
    json_t *res = NULL;
    rc = wms_http_link_push(l, b, &res, &ra, &e);
    if (rc != 0) {
        fprintf(stderr, "push: %s\n", e.msg);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(json_array_size(json_object_get(res, "results")), 0);
    json_decref(res);
    json_decref(b);

    json_t *page = NULL;
    rc = wms_http_link_pull(l, 0, 100, &page, &ra, &e);
    if (rc != 0) {
        fprintf(stderr, "pull: %s\n", e.msg);
    }
    assert_int_equal(rc, 0);
    assert_true(json_array_size(json_object_get(page, "changes")) >= 1); /* the warehouse */
    json_decref(page);

    /* K01's token acting as K02 */
    json_t *b2 = json_pack("{s:s,s:[]}", "terminal", "K02", "ops");
    assert_int_equal(wms_http_link_push(l, b2, &res, &ra, &e), WMS_EPERM);
    json_decref(b2);
    wms_http_link_free(l);

    /* an unknown token, and K02's own */
    wms_http_link *bad = link_as(t, "tok-K01-x8");
    assert_int_equal(wms_http_link_pull(bad, 0, 10, &page, &ra, &e), WMS_EAUTH);
    wms_http_link_free(bad);
    wms_http_link *k2 = link_as(t, "tok-K02-y8");
    assert_int_equal(wms_http_link_pull(k2, 0, 10, &page, &ra, &e), 0);
    json_decref(page);
    wms_http_link_free(k2);
}

static long get_json(ctx *t, const char *path, json_t **out)
{
    CURL *c = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s%s", t->base, path);
    const char *auth[] = {"Authorization: Bearer tok-K01-x9", NULL};
    hresp r;
    assert_int_equal(hreq(c, "GET", url, auth, NULL, &r), 0);
    *out = json_loadb(wms_buf_str(&r.body), r.body.len, 0, NULL);
    long st = r.status;
    hresp_free(&r);
    curl_easy_cleanup(c);
    return st;
}

static void test_catalog(void **state)
{
    ctx *t = *state;
    json_t *j = NULL;
    assert_int_equal(get_json(t, "/api/v1/products?page=3&page_size=20", &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 45);
    assert_int_equal(json_integer_value(json_object_get(j, "pages")), 3);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 5);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/products?q=m4", &j), 200); /* M4, M40..M45 */
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 7);
    json_decref(j);
    /* SQL in a parameter is only text */
    assert_int_equal(get_json(t, "/api/v1/products?q=%27%3B%20DROP%20TABLE%20products%3B--", &j),
                     200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/products?q=%25", &j), 200); /* no LIKE wildcards */
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/products/5", &j), 200);
    assert_string_equal(json_string_value(json_object_get(j, "sku")), "SKU-5");
    assert_int_equal(json_array_size(json_object_get(j, "barcodes")), 1);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/products/by-barcode/4006381333931", &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 5);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/products/999", &j), 404);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/warehouses", &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
    json_decref(j);
    assert_int_equal(
            get_json(t, "/api/v1/warehouses/1/inventory?product_id=5&location=A-01-01", &j), 200);
    json_t *it = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(it, "qty")), "12.500");
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/warehouses/7/inventory", &j), 404);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/documents?status=posted&warehouse_id=1", &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/documents/1", &j), 404);
    json_decref(j);
    /* SQL in the other string parameters: only text or a 422, and the data is all there */
    assert_int_equal(get_json(t,
                              "/api/v1/warehouses/1/inventory?location=A-01-01%27%20OR%20%271%27"
                              "%3D%271",
                              &j),
                     200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
    json_decref(j);
    long st = get_json(t, "/api/v1/products/by-barcode/1%27%20OR%20%271%27%3D%271", &j);
    assert_true(st == 404 || st == 422);
    json_decref(j);
    st = get_json(t, "/api/v1/products/by-barcode/%27%3B%20DELETE%20FROM%20barcodes%3B--", &j);
    assert_true(st == 404 || st == 422);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/documents?type=receipt%27%20OR%20%271", &j), 422);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/documents?status=draft%27--", &j), 422);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/products?page_size=100", &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 45);
    json_decref(j);
    assert_int_equal(get_json(t, "/api/v1/products/by-barcode/4006381333931", &j), 200);
    json_decref(j);
}

static void test_health_up_and_down(void **state)
{
    ctx *t = *state;
    CURL *c = curl_easy_init();
    char url[96];
    snprintf(url, sizeof url, "%s/health", t->base);
    hresp r;
    assert_int_equal(hreq(c, "GET", url, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *j = json_loadb(wms_buf_str(&r.body), r.body.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "database")), "connected");
    /* the newest change number, for a terminal's first-pull progress */
    json_t *seq = json_object_get(j, "change_seq");
    assert_true(json_is_integer(seq));
    assert_true(json_integer_value(seq) > 0);
    json_decref(j);
    hresp_free(&r);
    assert_int_equal(wms_pgtest_pg_stop(&t->pg), 0);
    assert_int_equal(hreq(c, "GET", url, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 503);
    hresp_free(&r);
    /* data routes: 503 with Retry-After, not 500 */
    const char *auth[] = {"Authorization: Bearer tok-K01-x9", NULL};
    snprintf(url, sizeof url, "%s/api/v1/sync/pull", t->base);
    assert_int_equal(hreq(c, "GET", url, auth, NULL, &r), 0);
    assert_int_equal(r.status, 503);
    hresp_free(&r);
    assert_int_equal(wms_pgtest_pg_start(&t->pg), 0);
    snprintf(url, sizeof url, "%s/health", t->base);
    assert_int_equal(hreq(c, "GET", url, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    hresp_free(&r);
    curl_easy_cleanup(c);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_sync_over_http),
            cmocka_unit_test(test_catalog),
            cmocka_unit_test(test_health_up_and_down),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
