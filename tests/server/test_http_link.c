/*
 * test_http_link.c -- the terminal's libcurl link (src/sync/backend_http.c)
 * against a real wms-server on a free port (fake database side): answers
 * validated strictly, errors classified retryable vs permanent, request ids
 * carried, bounded answers, no plain http to remote hosts.
 */
#include "wms_test.h"

#include "backend_http.h"
#include "wms/server.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct fake {
    pthread_mutex_t mu;
    char last_reqid[WMS_REQID_MAX + 1];
    int64_t seq;
} fake;

static int fake_auth(void *data, const char *token, char *terminal, size_t cap)
{
    (void)data;
    return strcmp(token, "tok-K01") == 0 ? wms_strlcpy(terminal, "K01", cap) : WMS_EAUTH;
}

static int fake_handle(void *data, const char *request_id, const char *terminal,
                       const wms_request_args *a, json_t *body, int *status, json_t **out,
                       wms_err *err)
{
    (void)terminal;
    (void)err;
    fake *f = data;
    pthread_mutex_lock(&f->mu);
    wms_strlcpy(f->last_reqid, request_id, sizeof f->last_reqid);
    pthread_mutex_unlock(&f->mu);
    *status = 200;
    if (a->route == WMS_ROUTE_SYNC_PUSH) {
        json_t *res = json_array();
        size_t i;
        json_t *op;
        json_t *ops = json_object_get(body, "ops");
        json_array_foreach(ops, i, op)
        {
            const char *id = json_string_value(json_object_get(op, "op_id"));
            if (id != NULL && strcmp(id, "short-answer") == 0) {
                continue; /* a broken centre: one result missing */
            }
            if (id != NULL && strcmp(id, "bad-stock") == 0) {
                json_array_append_new(res, json_pack("{s:s,s:s,s:s,s:s}", "op_id", id, "status",
                                                     "rejected", "code", "negative_stock", "reason",
                                                     "have 3, need 5"));
                continue;
            }
            pthread_mutex_lock(&f->mu);
            int64_t seq = ++f->seq;
            pthread_mutex_unlock(&f->mu);
            json_array_append_new(res, json_pack("{s:s,s:s,s:I}", "op_id", id ? id : "?", "status",
                                                 "applied", "change_seq", (json_int_t)seq));
        }
        *out = json_pack("{s:o}", "results", res);
    } else if (a->route == WMS_ROUTE_SYNC_PULL) {
        json_t *ch = json_array();
        int64_t n = a->after == 999 ? 50 : (a->limit < 3 ? a->limit : 3);
        for (int64_t k = 1; k <= n; k++) {
            json_array_append_new(
                    ch, json_pack("{s:I,s:s,s:s,s:I,s:{s:s,s:s}}", "seq",
                                  (json_int_t)(a->after + k), "entity", "product", "op", "upsert",
                                  "id", (json_int_t)k, "data", "sku", "SKU-000001", "name",
                                  "a product name long enough to make the answer big"));
        }
        *out = json_pack("{s:o,s:I,s:b}", "changes", ch, "next", (json_int_t)(a->after + n), "more",
                         0);
    } else {
        *out = json_pack("{s:b}", "ok", 1);
    }
    return 0;
}

typedef struct ctx {
    fake f;
    wms_server *srv;
    char base[64];
} ctx;

static void start(ctx *t, int64_t rate, int64_t burst)
{
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->f.mu, NULL);
    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_WARNING);
    wms_server_config cfg;
    wms_server_config_defaults(&cfg);
    cfg.port = 0;
    cfg.rate_per_min = rate;
    cfg.rate_burst = burst;
    wms_server_backend be = {fake_auth, fake_handle, NULL, &t->f};
    assert_int_equal(wms_server_start(&cfg, &be, &log, &t->srv, NULL), 0);
    snprintf(t->base, sizeof t->base, "http://127.0.0.1:%u", (unsigned)wms_server_port(t->srv));
}

static void stop(ctx *t)
{
    wms_server_stop(t->srv);
    t->srv = NULL;
    pthread_mutex_destroy(&t->f.mu);
}

static wms_http_link *link_to(const char *base, const char *token, size_t max_response)
{
    wms_http_link_opts o = {0};
    o.base_url = base;
    o.token = token;
    o.max_response = max_response;
    o.timeout_ms = 5000;
    wms_http_link *l = NULL;
    assert_int_equal(wms_http_link_new(&o, &l, NULL), 0);
    return l;
}

static json_t *batch(const char *terminal, const char *const *op_ids)
{
    json_t *ops = json_array();
    for (size_t i = 0; op_ids[i] != NULL; i++) {
        json_array_append_new(ops,
                              json_pack("{s:s,s:s}", "op_id", op_ids[i], "kind", "doc.create"));
    }
    return json_pack("{s:s,s:o}", "terminal", terminal, "ops", ops);
}

static void test_push_pull_heartbeat(void **state)
{
    (void)state;
    ctx t;
    start(&t, 100000, 10000);
    wms_http_link *l = link_to(t.base, "tok-K01", 0);
    const char *ids[] = {"op-1", "bad-stock", "op-3", NULL};
    json_t *b = batch("K01", ids);
    json_t *res = NULL;
    int64_t ra = 0;
    wms_err e;
    assert_int_equal(wms_http_link_push(l, b, &res, &ra, &e), 0);
    json_t *arr = json_object_get(res, "results");
    assert_int_equal(json_array_size(arr), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 1), "status")),
                        "rejected");
    json_decref(res);
    /* the batch's request id reached the database side */
    pthread_mutex_lock(&t.f.mu);
    assert_string_equal(t.f.last_reqid, wms_http_link_last_request_id(l));
    pthread_mutex_unlock(&t.f.mu);

    json_t *page = NULL;
    assert_int_equal(wms_http_link_pull(l, 10, 2, &page, &ra, &e), 0);
    assert_int_equal(json_integer_value(json_object_get(page, "next")), 12);
    json_decref(page);

    json_t *hb = json_pack("{s:s,s:i}", "terminal", "K01", "outbox_depth", 0);
    assert_int_equal(wms_http_link_heartbeat(l, hb, &ra, &e), 0);
    json_decref(hb);

    /* a centre that answers one result short is a protocol error */
    const char *ids2[] = {"op-9", "short-answer", NULL};
    json_t *b2 = batch("K01", ids2);
    assert_int_equal(wms_http_link_push(l, b2, &res, &ra, &e), WMS_EPROTO);
    json_decref(b2);
    /* acting for another terminal: permanent */
    json_t *b3 = batch("K02", ids);
    assert_int_equal(wms_http_link_push(l, b3, &res, &ra, &e), WMS_EPERM);
    json_decref(b3);
    /* an answer over the bound */
    wms_http_link *small = link_to(t.base, "tok-K01", 1024);
    assert_int_equal(wms_http_link_pull(small, 999, 100, &page, &ra, &e), WMS_ETOOBIG);
    wms_http_link_free(small);
    /* unknown token */
    wms_http_link *bad = link_to(t.base, "tok-nope", 0);
    assert_int_equal(wms_http_link_push(bad, b, &res, &ra, &e), WMS_EAUTH);
    wms_http_link_free(bad);

    /* the server goes away mid-session (restart): retryable, then works again */
    char base[64];
    wms_strlcpy(base, t.base, sizeof base);
    stop(&t);
    assert_int_equal(wms_http_link_push(l, b, &res, &ra, &e), WMS_EAGAIN);
    assert_true(ra > 0);
    wms_http_link_free(l);
    json_decref(b);
}

static void test_rate_limited(void **state)
{
    (void)state;
    ctx t;
    start(&t, 60, 2);
    wms_http_link *l = link_to(t.base, "tok-K01", 0);
    json_t *page = NULL;
    int64_t ra = 0;
    wms_err e;
    assert_int_equal(wms_http_link_pull(l, 0, 10, &page, &ra, &e), 0);
    json_decref(page);
    assert_int_equal(wms_http_link_pull(l, 0, 10, &page, &ra, &e), 0);
    json_decref(page);
    ra = 0;
    assert_int_equal(wms_http_link_pull(l, 0, 10, &page, &ra, &e), WMS_EAGAIN);
    assert_int_equal(ra, 1000); /* Retry-After: 1 honoured */
    wms_http_link_free(l);
    stop(&t);
}

static void test_refusals(void **state)
{
    (void)state;
    wms_http_link_opts o = {0};
    wms_http_link *l = NULL;
    o.token = "tok";
    o.base_url = "http://central.example";
    assert_int_equal(wms_http_link_new(&o, &l, NULL), WMS_EPERM); /* no silent plain text */
    o.base_url = "ftp://central.example";
    assert_int_equal(wms_http_link_new(&o, &l, NULL), WMS_EINVAL);
    o.base_url = "https://central.example";
    o.token = "two words";
    assert_int_equal(wms_http_link_new(&o, &l, NULL), WMS_EINVAL);
    o.token = "tok";
    assert_int_equal(wms_http_link_new(&o, &l, NULL), 0);
    wms_http_link_free(l);
    assert_int_equal(wms_http_classify(503), WMS_EAGAIN);
    assert_int_equal(wms_http_classify(429), WMS_EAGAIN);
    assert_int_equal(wms_http_classify(0), WMS_EAGAIN);
    assert_int_equal(wms_http_classify(401), WMS_EAUTH);
    assert_int_equal(wms_http_classify(422), WMS_EINVAL);
    assert_int_equal(wms_http_classify(301), WMS_EPROTO);
}

static void test_parsers(void **state)
{
    (void)state;
    json_t *j = NULL;
    const char ok[] = "{\"results\":[{\"op_id\":\"a\",\"status\":\"applied\",\"change_seq\":5}]}";
    assert_int_equal(wms_http_parse_push(S(ok), 1, &j, NULL), 0);
    json_decref(j);
    const char *bad_push[] = {
            "{\"results\":[]}",
            "{\"results\":[{\"op_id\":\"a\",\"status\":\"applied\"}]}",
            "{\"results\":[{\"op_id\":\"a\",\"status\":\"won\",\"change_seq\":1}]}",
            "{\"results\":[{\"op_id\":\"a\",\"status\":\"applied\",\"change_seq\":1,\"x\":1}]}",
            "{\"results\":[{\"op_id\":\"a\",\"status\":\"rejected\"}]}",
            "{\"results\":[{\"op_id\":\"\",\"status\":\"applied\",\"change_seq\":1}]}",
            "{\"results\":[1]}",
            "[]",
            "{\"results\":[{\"op_id\":\"a\",\"status\":\"applied\",\"change_seq\":1}],\"e\":1}",
    };
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad_push); i++) {
        assert_int_equal(wms_http_parse_push(bad_push[i], strlen(bad_push[i]), 1, &j, NULL),
                         WMS_EPROTO);
    }
    const char pull[] = "{\"changes\":[{\"seq\":6,\"entity\":\"stock\",\"op\":\"upsert\",\"id\":1,"
                        "\"data\":{}},{\"seq\":9,\"entity\":\"location\",\"op\":\"delete\","
                        "\"id\":2,\"data\":null}],\"next\":9,\"more\":true}";
    assert_int_equal(wms_http_parse_pull(S(pull), 5, 10, &j, NULL), 0);
    json_decref(j);
    assert_int_equal(wms_http_parse_pull(S(pull), 6, 10, &j, NULL), WMS_EPROTO); /* seq<=after */
    assert_int_equal(wms_http_parse_pull(S(pull), 5, 1, &j, NULL), WMS_EPROTO);  /* > limit */
    const char *bad_pull[] = {
            "{\"changes\":[],\"next\":4,\"more\":false}",
            "{\"changes\":[],\"next\":5}",
            "{\"changes\":[{\"seq\":7,\"entity\":\"alien\",\"op\":\"upsert\",\"id\":1,\"data\":{}}]"
            ","
            "\"next\":7,\"more\":false}",
            "{\"changes\":[{\"seq\":7,\"entity\":\"stock\",\"op\":\"upsert\",\"id\":1}],"
            "\"next\":7,\"more\":false}",
            "{\"changes\":[{\"seq\":7,\"entity\":\"stock\",\"op\":\"upsert\",\"id\":1,\"data\":{}}]"
            ","
            "\"next\":8,\"more\":false}",
            "{\"changes\":[{\"seq\":8,\"entity\":\"stock\",\"op\":\"delete\",\"id\":1},"
            "{\"seq\":7,\"entity\":\"stock\",\"op\":\"delete\",\"id\":2}],\"next\":7,\"more\":"
            "false}",
    };
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad_pull); i++) {
        assert_int_equal(wms_http_parse_pull(bad_pull[i], strlen(bad_pull[i]), 5, 100, &j, NULL),
                         WMS_EPROTO);
    }
    const char empty[] = "{\"changes\":[],\"next\":5,\"more\":false}";
    assert_int_equal(wms_http_parse_pull(S(empty), 5, 100, &j, NULL), 0);
    json_decref(j);
}

#if defined(__has_include)
#if __has_include("wms/sync.h")
#include "wms/sync.h"
/* the same link through sync.h's backend interface (what the engine sees) */
static void test_sync_backend(void **state)
{
    (void)state;
    ctx t;
    start(&t, 100000, 10000);
    wms_sync_http_config cfg = {.base_url = t.base, .token = "tok-K01", .timeout_ms = 5000};
    wms_sync_backend be;
    assert_int_equal(wms_sync_backend_http(&cfg, &be, NULL), 0);
    assert_string_equal(be.name, "http");
    const char batch[] = "{\"terminal\":\"K01\",\"ops\":[{\"op_id\":\"o1\"}]}";
    char *out = NULL;
    assert_int_equal(be.push(be.ctx, S(batch), &out, NULL), 0);
    assert_non_null(strstr(out, "\"applied\""));
    free(out);
    assert_int_equal(be.pull(be.ctx, 0, 2, &out, NULL), 0);
    assert_non_null(strstr(out, "\"next\":2"));
    free(out);
    const char hb[] = "{\"terminal\":\"K01\"}";
    assert_int_equal(be.heartbeat(be.ctx, S(hb), NULL), 0);
    assert_int_equal(be.health(be.ctx, &out, NULL), WMS_EAGAIN); /* 503: no database */
    stop(&t);
    assert_int_equal(be.push(be.ctx, S(batch), &out, NULL), WMS_EAGAIN);
    be.destroy(be.ctx);
}
#define SYNC_BACKEND_TEST cmocka_unit_test(test_sync_backend),
#endif
#endif
#ifndef SYNC_BACKEND_TEST
#define SYNC_BACKEND_TEST
#endif

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_parsers),
                                       cmocka_unit_test(test_refusals),
                                       cmocka_unit_test(test_push_pull_heartbeat),
                                       cmocka_unit_test(test_rate_limited), SYNC_BACKEND_TEST};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
