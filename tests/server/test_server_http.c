/*
 * test_server_http.c -- the HTTP layer of wms-server: a real server on a
 * free port, real HTTP requests through libcurl, a fake backend standing in
 * for PostgreSQL (the database side has its own integration test).
 */
#include "wms_test.h"

#include "http_client.h"
#include "wms/server.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- fake backend and captured log ---------------------------------------- */

typedef struct fake {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool slow_entered;
    bool slow_release;
    char last_reqid[WMS_REQID_MAX + 1];
    wms_buf log;
    int auth_calls;   /* token checks that reached the "database" */
    bool k01_revoked; /* tok-K01 no longer known */
} fake;

static int fake_auth(void *data, const char *token, char *terminal, size_t cap)
{
    fake *f = data;
    pthread_mutex_lock(&f->mu);
    f->auth_calls++;
    bool revoked = f->k01_revoked;
    pthread_mutex_unlock(&f->mu);
    if (strcmp(token, "tok-K01") == 0 && !revoked) {
        return wms_strlcpy(terminal, "K01", cap);
    }
    if (strcmp(token, "tok-K02") == 0) {
        return wms_strlcpy(terminal, "K02", cap);
    }
    return WMS_EAUTH;
}

static int fake_handle(void *data, const char *request_id, const char *terminal,
                       const wms_request_args *a, json_t *body, int *status, json_t **out,
                       wms_err *err)
{
    fake *f = data;
    pthread_mutex_lock(&f->mu);
    wms_strlcpy(f->last_reqid, request_id, sizeof f->last_reqid);
    pthread_mutex_unlock(&f->mu);
    if (a->route == WMS_ROUTE_DOCUMENT && a->id == 404) {
        return wms_err_set(err, WMS_ENOTFOUND, "document 404 does not exist");
    }
    if (a->route == WMS_ROUTE_DOCUMENT && a->id == 403) {
        return wms_err_set(err, WMS_EPERM, "terminal no longer known");
    }
    if (a->route == WMS_ROUTE_DOCUMENT && a->id == 777) {
        pthread_mutex_lock(&f->mu);
        f->slow_entered = true;
        pthread_cond_broadcast(&f->cv);
        while (!f->slow_release) {
            pthread_cond_wait(&f->cv, &f->mu);
        }
        pthread_mutex_unlock(&f->mu);
    }
    *status = 200;
    *out = json_pack("{s:i,s:s,s:I,s:I,s:I,s:b}", "route", (int)a->route, "terminal", terminal,
                     "id", (json_int_t)a->id, "page", (json_int_t)a->page.page, "page_size",
                     (json_int_t)a->page.page_size, "body", body != NULL);
    return 0;
}

static void fake_log_write(void *data, wms_log_level level, const char *line, size_t len)
{
    (void)level;
    fake *f = data;
    pthread_mutex_lock(&f->mu);
    wms_buf_add(&f->log, line, len);
    wms_buf_add(&f->log, "\n", 1);
    pthread_mutex_unlock(&f->mu);
}

typedef struct ctx {
    fake f;
    wms_log_sink sink;
    wms_server *srv;
    CURL *c;
    char base[64];
} ctx;

static int start_ttl(ctx *t, int64_t rate, int64_t burst, bool proxy, size_t clients,
                     int64_t token_ms)
{
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->f.mu, NULL);
    pthread_cond_init(&t->f.cv, NULL);
    wms_buf_init(&t->f.log, 4 * 1024 * 1024);
    t->sink.write = fake_log_write;
    t->sink.data = &t->f;
    wms_log log;
    wms_log_init(&log, &t->sink, WMS_LOG_DEBUG);
    wms_server_config cfg;
    wms_server_config_defaults(&cfg);
    cfg.port = 0;
    cfg.rate_per_min = rate;
    cfg.rate_burst = burst;
    cfg.body_max = 4096;
    cfg.trust_proxy = proxy;
    cfg.rate_clients = clients;
    cfg.token_cache_ms = token_ms;
    cfg.ncors = 1;
    wms_strlcpy(cfg.cors[0], "https://console.example", WMS_ORIGIN_MAX);
    wms_server_backend be = {fake_auth, fake_handle, NULL, &t->f};
    wms_err e;
    int rc = wms_server_start(&cfg, &be, &log, &t->srv, &e);
    if (rc != 0) {
        fprintf(stderr, "start: %s\n", e.msg);
        return rc;
    }
    snprintf(t->base, sizeof t->base, "http://127.0.0.1:%u", (unsigned)wms_server_port(t->srv));
    t->c = curl_easy_init();
    return t->c ? 0 : -1;
}

static int start_cfg(ctx *t, int64_t rate, int64_t burst, bool proxy, size_t clients)
{
    return start_ttl(t, rate, burst, proxy, clients, 5000);
}

static int start(ctx *t, int64_t rate, int64_t burst)
{
    return start_cfg(t, rate, burst, false, 10000);
}

static int setup(void **state)
{
    ctx *t = calloc(1, sizeof *t);
    if (t == NULL || start(t, 100000, 10000) != 0) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    ctx *t = *state;
    curl_easy_cleanup(t->c);
    wms_server_stop(t->srv);
    wms_buf_release(&t->f.log);
    pthread_cond_destroy(&t->f.cv);
    pthread_mutex_destroy(&t->f.mu);
    free(t);
    return 0;
}

static long get(ctx *t, const char *path, const char *const *hdrs, hresp *r)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", t->base, path);
    assert_int_equal(hreq(t->c, "GET", url, hdrs, NULL, r), 0);
    return r->status;
}

static long req(ctx *t, const char *method, const char *path, const char *const *hdrs,
                const char *body, hresp *r)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", t->base, path);
    assert_int_equal(hreq(t->c, method, url, hdrs, body, r), 0);
    return r->status;
}

static const char *const AUTH1[] = {"Authorization: Bearer tok-K01", NULL};
static const char *const AUTH1_JSON[] = {"Authorization: Bearer tok-K01",
                                         "Content-Type: application/json", NULL};

/* the error body's code, checked against the shape {"error":{code,message,request_id}} */
static void assert_error(const hresp *r, const char *code)
{
    json_t *j = json_loadb(wms_buf_str(&r->body), r->body.len, 0, NULL);
    assert_non_null(j);
    json_t *e = json_object_get(j, "error");
    assert_non_null(e);
    assert_non_null(json_string_value(json_object_get(e, "code")));
    if (code != NULL) {
        assert_string_equal(json_string_value(json_object_get(e, "code")), code);
    }
    assert_non_null(json_string_value(json_object_get(e, "message")));
    char rid[80];
    assert_true(hresp_header(r, "X-Request-ID", rid, sizeof rid));
    assert_string_equal(json_string_value(json_object_get(e, "request_id")), rid);
    json_decref(j);
}

/* ---- pure functions ---------------------------------------------------- */

static void test_router(void **state)
{
    (void)state;
    wms_request_args a;
    wms_route_result res;
    wms_err e;
    assert_int_equal(wms_route("GET", "/health", NULL, 0, &a, &res, &e), 0);
    assert_int_equal(a.route, WMS_ROUTE_HEALTH);
    assert_int_equal(wms_route("GET", "/api/v1/products/42", NULL, 0, &a, &res, &e), 0);
    assert_int_equal(a.route, WMS_ROUTE_PRODUCT);
    assert_int_equal(a.id, 42);
    assert_int_equal(
            wms_route("GET", "/api/v1/products/by-barcode/4006381333931", NULL, 0, &a, &res, &e),
            0);
    assert_int_equal(a.route, WMS_ROUTE_PRODUCT_BARCODE);
    assert_string_equal(a.code, "04006381333931"); /* GTIN-13 -> GTIN-14 */
    assert_int_equal(
            wms_route("GET", "/api/v1/products/by-barcode/96385074", NULL, 0, &a, &res, &e), 0);
    assert_string_equal(a.code, "00000096385074"); /* GTIN-8 */
    assert_int_equal(
            wms_route("GET", "/api/v1/products/by-barcode/L:A-01-02", NULL, 0, &a, &res, &e), 0);
    assert_string_equal(a.code, "L:A-01-02"); /* other codes stay text */
    assert_int_not_equal(
            wms_route("GET", "/api/v1/products/by-barcode/4006381333932", NULL, 0, &a, &res, &e),
            0); /* wrong check digit */
    assert_int_equal(res.status, 422);
    wms_query_kv inv[] = {{"product_id", "5"}, {"location", "A-01-02"}, {"page", "2"}};
    assert_int_equal(wms_route("GET", "/api/v1/warehouses/3/inventory", inv, 3, &a, &res, &e), 0);
    assert_int_equal(a.route, WMS_ROUTE_INVENTORY);
    assert_int_equal(a.id, 3);
    assert_int_equal(a.product_id, 5);
    assert_string_equal(a.location, "A-01-02");
    assert_int_equal(a.page.page, 2);
    assert_int_equal(a.page.page_size, 20);
    wms_query_kv docs[] = {{"status", "posted"}, {"type", "receipt"}, {"warehouse_id", "1"}};
    assert_int_equal(wms_route("GET", "/api/v1/documents", docs, 3, &a, &res, &e), 0);
    assert_int_equal(a.status, WMS_DOC_POSTED);
    assert_int_equal(a.type, WMS_DOC_RECEIPT);
    wms_query_kv pull[] = {{"after", "0"}, {"limit", "5000"}};
    assert_int_equal(wms_route("GET", "/api/v1/sync/pull", pull, 2, &a, &res, &e), 0);
    assert_int_equal(a.limit, 5000);
    assert_int_equal(wms_route("POST", "/api/v1/sync/push", NULL, 0, &a, &res, &e), 0);
    assert_int_equal(wms_route("POST", "/api/v1/terminals/heartbeat", NULL, 0, &a, &res, &e), 0);

    /* refusals */
    const char *bad_ids[] = {"/api/v1/documents/0",   "/api/v1/documents/-999",
                             "/api/v1/documents/abc", "/api/v1/documents/1e3",
                             "/api/v1/documents/007", "/api/v1/documents/9223372036854775808"};
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad_ids); i++) {
        assert_int_not_equal(wms_route("GET", bad_ids[i], NULL, 0, &a, &res, &e), 0);
        assert_int_equal(res.status, 422);
    }
    assert_int_not_equal(wms_route("GET", "/api/v1/nothing", NULL, 0, &a, &res, &e), 0);
    assert_int_equal(res.status, 404);
    assert_int_not_equal(wms_route("GET", "/api/v1/products/", NULL, 0, &a, &res, &e), 0);
    assert_int_equal(res.status, 404);
    assert_int_not_equal(wms_route("DELETE", "/api/v1/products", NULL, 0, &a, &res, &e), 0);
    assert_int_equal(res.status, 405);
    assert_non_null(res.allow);
    assert_int_not_equal(wms_route("GET", "/api/v1/sync/push", NULL, 0, &a, &res, &e), 0);
    assert_int_equal(res.status, 405);
    wms_query_kv dup[] = {{"page", "1"}, {"page", "2"}};
    assert_int_not_equal(wms_route("GET", "/api/v1/products", dup, 2, &a, &res, &e), 0);
    assert_int_equal(res.status, 422);
    wms_query_kv unk[] = {{"sort", "name"}};
    assert_int_not_equal(wms_route("GET", "/api/v1/products", unk, 1, &a, &res, &e), 0);
    assert_int_equal(res.status, 422);
    assert_non_null(strstr(e.msg, "sort"));
    wms_query_kv lim[] = {{"limit", "5001"}};
    assert_int_not_equal(wms_route("GET", "/api/v1/sync/pull", lim, 1, &a, &res, &e), 0);
    assert_int_equal(res.status, 422);
}

static void test_limiter(void **state)
{
    (void)state;
    wms_ratelimit *rl;
    assert_int_equal(wms_ratelimit_new(60, 3, 1024, &rl), 0);
    int64_t now = 1000000, ra = 0;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(wms_ratelimit_take(rl, S("ip:1.2.3.4"), now, &ra), 0);
    }
    assert_int_equal(wms_ratelimit_take(rl, S("ip:1.2.3.4"), now, &ra), WMS_EBUSY);
    assert_int_equal(ra, 1000); /* one emission interval at 60/min */
    /* another client is not affected */
    assert_int_equal(wms_ratelimit_take(rl, S("ip:5.6.7.8"), now, &ra), 0);
    /* after the interval exactly one more passes */
    assert_int_equal(wms_ratelimit_take(rl, S("ip:1.2.3.4"), now + 1000, &ra), 0);
    assert_int_equal(wms_ratelimit_take(rl, S("ip:1.2.3.4"), now + 1000, &ra), WMS_EBUSY);
    /* sustained rate: 60 a minute over 10 minutes */
    int ok = 0;
    for (int64_t t = 0; t < 600000; t += 100) {
        ok += wms_ratelimit_take(rl, S("t:K09"), now + t, &ra) == 0;
    }
    assert_in_range(ok, 600, 603);
    /* many clients: memory stays bounded */
    char key[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(key, sizeof key, "ip:10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
        wms_ratelimit_take(rl, key, (size_t)n, now, &ra);
    }
    assert_true(wms_ratelimit_clients(rl) <= 1024);
    wms_ratelimit_free(rl);
    assert_int_equal(wms_ratelimit_new(0, 3, 1024, &rl), WMS_EINVAL);
}

static void test_cors_reqid_pure(void **state)
{
    (void)state;
    const char *allowed[] = {"https://a.example", "*", "null"};
    assert_true(wms_cors_allowed("https://a.example", allowed, 3));
    assert_false(wms_cors_allowed("https://b.example", allowed, 3));
    assert_false(wms_cors_allowed("null", allowed, 3));
    assert_false(wms_cors_allowed("https://a.example.evil", allowed, 3));
    assert_true(wms_reqid_valid(S("abc-DEF_1.2:3")));
    assert_false(wms_reqid_valid(S("")));
    assert_false(wms_reqid_valid(S("has space")));
    assert_false(wms_reqid_valid(S("a\nb")));
    char big[80];
    memset(big, 'a', sizeof big);
    assert_false(wms_reqid_valid(big, 65));
    assert_true(wms_reqid_valid(big, 64));
    assert_true(wms_content_type_json("application/json"));
    assert_true(wms_content_type_json("Application/JSON; charset=utf-8"));
    assert_false(wms_content_type_json("application/jsonp"));
    assert_false(wms_content_type_json("text/plain"));
    assert_false(wms_content_type_json(NULL));
    assert_int_equal(wms_json_depth(S("{\"a\":[[\"[[[[\"]]}"), 16), 3);
}

/* ---- over HTTP ---------------------------------------------------------- */

static void test_validation_codes(void **state)
{
    ctx *t = *state;
    hresp r;
    const char *paths422[] = {
            "/api/v1/documents/0",           "/api/v1/documents/-999",
            "/api/v1/documents/abc",         "/api/v1/documents/1e3",
            "/api/v1/products?page=0",       "/api/v1/products?page_size=101",
            "/api/v1/products?page=x",       "/api/v1/products?page_size=",
            "/api/v1/products?color=red",    "/api/v1/products?q=a%00b",
            "/api/v1/documents?status=lost", "/api/v1/warehouses/1/inventory?product_id=0",
            "/api/v1/sync/pull?after=-1",    "/api/v1/products?q='%20OR%201=1;--&page=1e2"};
    for (size_t i = 0; i < WMS_ARRAY_LEN(paths422); i++) {
        assert_int_equal(get(t, paths422[i], AUTH1, &r), 422);
        assert_error(&r, NULL);
        hresp_free(&r);
    }
    assert_int_equal(get(t, "/api/v1/documents/404", AUTH1, &r), 404);
    assert_error(&r, "not_found");
    hresp_free(&r);
    assert_int_equal(get(t, "/api/v1/nope", AUTH1, &r), 404);
    assert_error(&r, "not_found");
    hresp_free(&r);
    assert_int_equal(req(t, "DELETE", "/api/v1/documents/1", AUTH1, NULL, &r), 405);
    char allow[64];
    assert_true(hresp_header(&r, "Allow", allow, sizeof allow));
    hresp_free(&r);
    /* SQL in a string parameter is only text */
    assert_int_equal(get(t, "/api/v1/products?q=%27%3B%20DROP%20TABLE%20product%3B--", AUTH1, &r),
                     200);
    hresp_free(&r);
    assert_int_equal(get(t, "/api/v1/documents/12?", AUTH1, &r), 200);
    json_t *j = json_loadb(wms_buf_str(&r.body), r.body.len, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 12);
    json_decref(j);
    hresp_free(&r);
}

static void test_bodies(void **state)
{
    ctx *t = *state;
    hresp r;
    const char *hb = "{\"terminal\":\"K01\",\"version\":\"0.1.0\",\"outbox_depth\":3}";
    assert_int_equal(req(t, "POST", "/api/v1/terminals/heartbeat", AUTH1_JSON, hb, &r), 200);
    hresp_free(&r);
    /* wrong content type */
    const char *ct_text[] = {"Authorization: Bearer tok-K01", "Content-Type: text/plain", NULL};
    assert_int_equal(req(t, "POST", "/api/v1/terminals/heartbeat", ct_text, hb, &r), 415);
    assert_error(&r, "unsupported_media_type");
    hresp_free(&r);
    /* unknown field, duplicate key, wrong type, not an object, bad JSON */
    const char *bad[] = {"{\"terminal\":\"K01\",\"colour\":1}",
                         "{\"terminal\":\"K01\",\"terminal\":\"K01\"}",
                         "{\"terminal\":\"K01\",\"outbox_depth\":\"3\"}",
                         "{\"terminal\":\"K01\",\"outbox_depth\":-1}",
                         "[1,2]",
                         "{\"terminal\":",
                         "{}"};
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad); i++) {
        assert_int_equal(req(t, "POST", "/api/v1/terminals/heartbeat", AUTH1_JSON, bad[i], &r),
                         422);
        assert_error(&r, "invalid_body");
        hresp_free(&r);
    }
    /* depth cap */
    char deep[256] = "{\"terminal\":\"K01\",\"ops\":[";
    for (int i = 0; i < 40; i++) {
        strcat(deep, "[");
    }
    for (int i = 0; i < 40; i++) {
        strcat(deep, "]");
    }
    strcat(deep, "]}");
    assert_int_equal(req(t, "POST", "/api/v1/sync/push", AUTH1_JSON, deep, &r), 422);
    assert_non_null(strstr(wms_buf_str(&r.body), "deeper"));
    hresp_free(&r);
    /* body cap: 4096 in this server */
    char *big = malloc(8192);
    assert_non_null(big);
    memset(big, ' ', 8191);
    big[0] = '{';
    big[8190] = '}';
    big[8191] = '\0';
    assert_int_equal(req(t, "POST", "/api/v1/sync/push", AUTH1_JSON, big, &r), 413);
    assert_error(&r, "too_large");
    hresp_free(&r);
    /* chunked upload without Content-Length is capped as well */
    const char *chunked[] = {"Authorization: Bearer tok-K01", "Content-Type: application/json",
                             "Transfer-Encoding: chunked", NULL};
    assert_int_equal(req(t, "POST", "/api/v1/sync/push", chunked, big, &r), 413);
    hresp_free(&r);
    /* and with Expect: 100-continue the body is refused before it is sent */
    const char *expect[] = {"Authorization: Bearer tok-K01", "Content-Type: application/json",
                            "Expect: 100-continue", NULL};
    assert_int_equal(req(t, "POST", "/api/v1/sync/push", expect, big, &r), 413);
    hresp_free(&r);
    free(big);
    /* a GET with a body is refused */
    assert_int_equal(req(t, "GET", "/api/v1/products", AUTH1_JSON, "{}", &r), 422);
    hresp_free(&r);
}

static void test_auth(void **state)
{
    ctx *t = *state;
    hresp r;
    assert_int_equal(get(t, "/api/v1/products", NULL, &r), 401);
    assert_error(&r, "unauthorized");
    char wa[64];
    assert_true(hresp_header(&r, "WWW-Authenticate", wa, sizeof wa));
    hresp_free(&r);
    const char *wrong[] = {"Authorization: Bearer tok-nope", NULL};
    assert_int_equal(get(t, "/api/v1/products", wrong, &r), 401);
    hresp_free(&r);
    const char *basic[] = {"Authorization: Basic dG9rLUswMQ==", NULL};
    assert_int_equal(get(t, "/api/v1/products", basic, &r), 401);
    hresp_free(&r);
    assert_int_equal(get(t, "/api/v1/products", AUTH1, &r), 200);
    hresp_free(&r);
    /* K01's token acting for K02 */
    const char *hb = "{\"terminal\":\"K02\"}";
    assert_int_equal(req(t, "POST", "/api/v1/terminals/heartbeat", AUTH1_JSON, hb, &r), 403);
    assert_error(&r, "forbidden");
    hresp_free(&r);
    const char *push = "{\"terminal\":\"K02\",\"ops\":[]}";
    assert_int_equal(req(t, "POST", "/api/v1/sync/push", AUTH1_JSON, push, &r), 403);
    hresp_free(&r);
    /* /health is public (503 here: no database in this test) */
    assert_int_equal(get(t, "/health", NULL, &r), 503);
    json_t *j = json_loadb(wms_buf_str(&r.body), r.body.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "unhealthy");
    assert_non_null(json_object_get(j, "version"));
    json_decref(j);
    hresp_free(&r);
}

static int auth_calls(ctx *t)
{
    pthread_mutex_lock(&t->f.mu);
    int n = t->f.auth_calls;
    pthread_mutex_unlock(&t->f.mu);
    return n;
}

/* Verified tokens are cached for token_cache_ms: one check for many
 * requests; unknown tokens are never cached; a revoked token stops working
 * within the TTL; an EPERM from the database drops the entry. */
static void test_token_cache(void **state)
{
    (void)state;
    ctx *t = calloc(1, sizeof *t);
    assert_non_null(t);
    const int64_t ttl = 300;
    assert_int_equal(start_ttl(t, 100000, 10000, false, 10000, ttl), 0);
    hresp r;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(get(t, "/api/v1/documents/1", AUTH1, &r), 200);
        hresp_free(&r);
    }
    assert_int_equal(auth_calls(t), 1);
    const char *wrong[] = {"Authorization: Bearer tok-nope", NULL};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(get(t, "/api/v1/documents/1", wrong, &r), 401);
        hresp_free(&r);
    }
    assert_int_equal(auth_calls(t), 4);
    /* an EPERM answer forgets the token: the next request asks again */
    assert_int_equal(get(t, "/api/v1/documents/403", AUTH1, &r), 403);
    hresp_free(&r);
    assert_int_equal(get(t, "/api/v1/documents/1", AUTH1, &r), 200);
    hresp_free(&r);
    assert_int_equal(auth_calls(t), 5);
    /* revoked: still accepted from the cache, refused once the TTL is over */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pthread_mutex_lock(&t->f.mu);
    t->f.k01_revoked = true;
    pthread_mutex_unlock(&t->f.mu);
    assert_int_equal(get(t, "/api/v1/documents/1", AUTH1, &r), 200);
    hresp_free(&r);
    long status = 200;
    double ms = 0;
    while (status == 200 && ms < 5.0 * (double)ttl) {
        struct timespec nap = {0, 20 * 1000000L};
        nanosleep(&nap, NULL);
        status = get(t, "/api/v1/documents/1", AUTH1, &r);
        hresp_free(&r);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    }
    assert_int_equal(status, 401);
    assert_true(ms <= (double)ttl + 150.0);
    curl_easy_cleanup(t->c);
    wms_server_stop(t->srv);
    wms_buf_release(&t->f.log);
    pthread_cond_destroy(&t->f.cv);
    pthread_mutex_destroy(&t->f.mu);
    /* off: every request is checked */
    assert_int_equal(start_ttl(t, 100000, 10000, false, 10000, 0), 0);
    const char *auth2[] = {"Authorization: Bearer tok-K02", NULL};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(get(t, "/api/v1/documents/1", auth2, &r), 200);
        hresp_free(&r);
    }
    assert_int_equal(auth_calls(t), 3);
    teardown((void **)&t);
}

static void test_request_ids(void **state)
{
    ctx *t = *state;
    hresp r;
    const char *mine[] = {"X-Request-ID: trace-42.a:b_c", "Authorization: Bearer tok-K01", NULL};
    assert_int_equal(get(t, "/api/v1/documents/5", mine, &r), 200);
    char rid[80];
    assert_true(hresp_header(&r, "X-Request-ID", rid, sizeof rid));
    assert_string_equal(rid, "trace-42.a:b_c");
    hresp_free(&r);
    pthread_mutex_lock(&t->f.mu);
    assert_string_equal(t->f.last_reqid, "trace-42.a:b_c"); /* handed to the database side */
    pthread_mutex_unlock(&t->f.mu);
    /* an invalid one is replaced by a UUIDv7, also in the error body */
    const char *bad[] = {"X-Request-ID: <script>", NULL};
    assert_int_equal(get(t, "/api/v1/documents/0", bad, &r), 422);
    assert_true(hresp_header(&r, "X-Request-ID", rid, sizeof rid));
    wms_uuid u;
    assert_int_equal(wms_uuid_parse(rid, strlen(rid), &u, NULL), 0);
    assert_int_equal(wms_uuid_version(&u), 7);
    assert_error(&r, "invalid_parameter");
    hresp_free(&r);
    /* every log line of a request carries its id */
    pthread_mutex_lock(&t->f.mu);
    const char *log = wms_buf_str(&t->f.log);
    char needle[100];
    snprintf(needle, sizeof needle, "req=%s", rid);
    assert_non_null(strstr(log, needle));
    assert_non_null(strstr(log, "req=trace-42.a:b_c"));
    assert_null(strstr(log, "<script>"));
    pthread_mutex_unlock(&t->f.mu);
}

static void test_cors_http(void **state)
{
    ctx *t = *state;
    hresp r;
    char v[128];
    const char *pre_ok[] = {"Origin: https://console.example", "Access-Control-Request-Method: GET",
                            "Access-Control-Request-Headers: authorization", NULL};
    assert_int_equal(req(t, "OPTIONS", "/api/v1/products", pre_ok, NULL, &r), 204);
    assert_true(hresp_header(&r, "Access-Control-Allow-Origin", v, sizeof v));
    assert_string_equal(v, "https://console.example");
    assert_true(hresp_header(&r, "Vary", v, sizeof v));
    assert_string_equal(v, "Origin");
    assert_true(hresp_header(&r, "Access-Control-Allow-Methods", v, sizeof v));
    hresp_free(&r);
    const char *pre_bad[] = {"Origin: https://evil.example", "Access-Control-Request-Method: GET",
                             NULL};
    assert_int_equal(req(t, "OPTIONS", "/api/v1/products", pre_bad, NULL, &r), 403);
    assert_false(hresp_header(&r, "Access-Control-Allow-Origin", v, sizeof v));
    assert_error(&r, "cors_refused");
    hresp_free(&r);
    const char *pre_null[] = {"Origin: null", "Access-Control-Request-Method: GET", NULL};
    assert_int_equal(req(t, "OPTIONS", "/api/v1/products", pre_null, NULL, &r), 403);
    hresp_free(&r);
    /* simple requests: the header only for allowed origins, never '*' */
    const char *get_ok[] = {"Origin: https://console.example", "Authorization: Bearer tok-K01",
                            NULL};
    assert_int_equal(get(t, "/api/v1/products", get_ok, &r), 200);
    assert_true(hresp_header(&r, "Access-Control-Allow-Origin", v, sizeof v));
    assert_string_equal(v, "https://console.example");
    hresp_free(&r);
    const char *get_bad[] = {"Origin: https://evil.example", "Authorization: Bearer tok-K01", NULL};
    assert_int_equal(get(t, "/api/v1/products", get_bad, &r), 200);
    assert_false(hresp_header(&r, "Access-Control-Allow-Origin", v, sizeof v));
    assert_true(hresp_header(&r, "Vary", v, sizeof v));
    hresp_free(&r);
}

static void test_keepalive(void **state)
{
    ctx *t = *state;
    hresp r;
    assert_int_equal(get(t, "/api/v1/products", AUTH1, &r), 200);
    hresp_free(&r);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(get(t, "/api/v1/products?page=2", AUTH1, &r), 200);
        assert_int_equal(r.new_connects, 0); /* the connection was reused */
        hresp_free(&r);
        assert_int_equal(get(t, "/api/v1/documents/0", AUTH1, &r), 422); /* errors too */
        assert_int_equal(r.new_connects, 0);
        hresp_free(&r);
    }
}

static void test_rate_limit(void **state)
{
    (void)state;
    ctx *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_int_equal(start(t, 60, 3), 0);
    hresp r;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(get(t, "/api/v1/products", AUTH1, &r), 200);
        hresp_free(&r);
    }
    assert_int_equal(get(t, "/api/v1/products", AUTH1, &r), 429);
    assert_error(&r, "rate_limited");
    char ra[16];
    assert_true(hresp_header(&r, "Retry-After", ra, sizeof ra));
    assert_in_range(atoi(ra), 1, 1);
    hresp_free(&r);
    /* another terminal has its own allowance; unauthenticated clients count by IP */
    const char *k2[] = {"Authorization: Bearer tok-K02", NULL};
    assert_int_equal(get(t, "/api/v1/products", k2, &r), 200);
    hresp_free(&r);
    void *st = t;
    teardown(&st);
}

static void test_many_clients(void **state)
{
    (void)state;
    ctx *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_int_equal(start_cfg(t, 60, 2, true, 64), 0);
    hresp r;
    /* behind a proxy: the last X-Forwarded-For hop is the client */
    const char *c1[] = {"X-Forwarded-For: 203.0.113.9, 198.51.100.1", NULL};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(get(t, "/api/v1/products", c1, &r), 401);
        hresp_free(&r);
    }
    assert_int_equal(get(t, "/api/v1/products", c1, &r), 429);
    hresp_free(&r);
    /* 500 different clients: the limiter keeps at most 64 */
    char h[80];
    for (int i = 0; i < 500; i++) {
        snprintf(h, sizeof h, "X-Forwarded-For: 10.0.%d.%d", i / 250, i % 250);
        const char *hv[] = {h, NULL};
        long st = get(t, "/health", hv, &r);
        assert_true(st == 503 || st == 429);
        hresp_free(&r);
    }
    const char *last[] = {"X-Forwarded-For: 192.0.2.77", NULL};
    assert_int_equal(get(t, "/health", last, &r), 503);
    json_t *j = json_loadb(wms_buf_str(&r.body), r.body.len, 0, NULL);
    json_t *http = json_object_get(json_object_get(j, "components"), "http");
    double n = json_number_value(json_object_get(http, "rate_clients"));
    assert_true(n >= 8 && n <= 64);
    assert_true(json_is_object(json_object_get(j, "pool")));
    json_decref(j);
    hresp_free(&r);
    void *st = t;
    teardown(&st);
}

static void test_page_json(void **state)
{
    (void)state;
    wms_page p = {2, 20};
    json_t *j = wms_page_json(json_array(), &p, 41);
    assert_non_null(j);
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(s, "{\"items\":[],\"page\":2,\"page_size\":20,\"pages\":3,\"total\":41}");
    free(s);
    json_decref(j);
    assert_null(wms_page_json(json_object(), &p, 1));
}

typedef struct slow_arg {
    ctx *t;
    long status;
} slow_arg;

static void *slow_client(void *p)
{
    slow_arg *a = p;
    CURL *c = curl_easy_init();
    char url[128];
    snprintf(url, sizeof url, "%s/api/v1/documents/777", a->t->base);
    hresp r;
    if (hreq(c, "GET", url, AUTH1, NULL, &r) == 0) {
        a->status = r.status;
    }
    hresp_free(&r);
    curl_easy_cleanup(c);
    return NULL;
}

static void *releaser(void *p)
{
    ctx *t = p;
    struct timespec ts = {0, 100 * 1000000};
    nanosleep(&ts, NULL); /* let stop() begin waiting first */
    pthread_mutex_lock(&t->f.mu);
    t->f.slow_release = true;
    pthread_cond_broadcast(&t->f.cv);
    pthread_mutex_unlock(&t->f.mu);
    return NULL;
}

static void test_graceful_drain(void **state)
{
    (void)state;
    ctx *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_int_equal(start(t, 100000, 10000), 0);
    slow_arg a = {t, 0};
    pthread_t th, rel;
    pthread_create(&th, NULL, slow_client, &a);
    pthread_mutex_lock(&t->f.mu);
    while (!t->f.slow_entered) {
        pthread_cond_wait(&t->f.cv, &t->f.mu);
    }
    pthread_mutex_unlock(&t->f.mu);
    pthread_create(&rel, NULL, releaser, t);
    uint16_t port = wms_server_port(t->srv);
    wms_server_stop(t->srv); /* waits for the request in flight */
    t->srv = NULL;
    pthread_join(th, NULL);
    pthread_join(rel, NULL);
    assert_int_equal(a.status, 200);
    /* and the port is closed now */
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/health", (unsigned)port);
    hresp r;
    assert_int_not_equal(hreq(t->c, "GET", url, NULL, NULL, &r), 0);
    hresp_free(&r);
    void *st = t;
    teardown(&st);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_router),
            cmocka_unit_test(test_limiter),
            cmocka_unit_test(test_cors_reqid_pure),
            cmocka_unit_test_setup_teardown(test_validation_codes, setup, teardown),
            cmocka_unit_test_setup_teardown(test_bodies, setup, teardown),
            cmocka_unit_test_setup_teardown(test_auth, setup, teardown),
            cmocka_unit_test(test_token_cache),
            cmocka_unit_test_setup_teardown(test_request_ids, setup, teardown),
            cmocka_unit_test_setup_teardown(test_cors_http, setup, teardown),
            cmocka_unit_test_setup_teardown(test_keepalive, setup, teardown),
            cmocka_unit_test(test_rate_limit),
            cmocka_unit_test(test_graceful_drain),
            cmocka_unit_test(test_many_clients),
            cmocka_unit_test(test_page_json),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
