/*
 * wms/server.h -- wms-server: the central HTTP API (libmicrohttpd + jansson).
 *
 * The HTTP layer (router, validation, request ids, rate limiting, CORS,
 * error bodies, graceful shutdown) is independent of the database: the
 * handlers that need PostgreSQL go through `wms_server_backend` callbacks,
 * so the layer is tested with a real server on a free port.
 *
 * Thread model: libmicrohttpd's internal polling threads (epoll, a pool of
 * `threads`), no thread per connection.  Callbacks are called from those
 * threads concurrently.
 */
#ifndef WMS_SERVER_H
#define WMS_SERVER_H

#include "wms/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- request ids -------------------------------------------------------- */

#define WMS_REQID_MAX 64
/* A client-supplied X-Request-ID is kept when it is 1..64 characters of
 * [A-Za-z0-9._:-]; otherwise the server makes one (a UUIDv7). */
bool wms_reqid_valid(const char *s, size_t len);

/* ---- routing ------------------------------------------------------------ */

typedef enum wms_route_id {
    WMS_ROUTE_NONE = 0,
    WMS_ROUTE_HEALTH,          /* GET  /health                              */
    WMS_ROUTE_PRODUCTS,        /* GET  /api/v1/products                     */
    WMS_ROUTE_PRODUCT,         /* GET  /api/v1/products/{id}                */
    WMS_ROUTE_PRODUCT_BARCODE, /* GET  /api/v1/products/by-barcode/{code}   */
    WMS_ROUTE_WAREHOUSES,      /* GET  /api/v1/warehouses                   */
    WMS_ROUTE_INVENTORY,       /* GET  /api/v1/warehouses/{id}/inventory    */
    WMS_ROUTE_DOCUMENTS,       /* GET  /api/v1/documents                    */
    WMS_ROUTE_DOCUMENT,        /* GET  /api/v1/documents/{id}               */
    WMS_ROUTE_SYNC_PUSH,       /* POST /api/v1/sync/push                    */
    WMS_ROUTE_SYNC_PULL,       /* GET  /api/v1/sync/pull                    */
    WMS_ROUTE_HEARTBEAT,       /* POST /api/v1/terminals/heartbeat          */
    WMS_ROUTE_COUNT_
} wms_route_id;

#define WMS_QUERY_MAX_PARAMS 8
#define WMS_QUERY_VALUE_MAX  256
#define WMS_BARCODE_PATH_MAX 64

/* A query parameter as libmicrohttpd decoded it (value NULL: "?flag"). */
typedef struct wms_query_kv {
    const char *key;
    const char *value;
} wms_query_kv;

/* A request after routing and validation of the path and the query. */
typedef struct wms_request_args {
    wms_route_id route;
    bool is_post;
    int64_t id;                             /* {id} of the path                 */
    char code[WMS_BARCODE_PATH_MAX + 1];    /* {code} of by-barcode             */
    wms_page page;                          /* page/page_size where allowed     */
    char q[WMS_QUERY_VALUE_MAX + 1];        /* products ?q= ("" when absent)    */
    int64_t product_id;                     /* inventory filter, 0 = none       */
    char location[WMS_QUERY_VALUE_MAX + 1]; /* inventory filter, "" = none    */
    int status;                             /* documents filter, -1 = none      */
    int type;                               /* documents filter, -1 = none      */
    int64_t warehouse_id;                   /* documents filter, 0 = none       */
    int64_t after;                          /* pull cursor, >= 0                */
    int64_t limit;                          /* pull limit 1..5000 (default 1000)*/
} wms_request_args;

/* HTTP status the router decided (0 = routed) and why. */
typedef struct wms_route_result {
    int status;        /* 404, 405, 422 or 0                      */
    const char *code;  /* "not_found", "method_not_allowed", ...  */
    const char *allow; /* Allow header for 405                    */
} wms_route_result;

/*
 * Route `method` + `path` (already percent-decoded) and validate the query
 * parameters `kv[0..n)`: unknown or repeated parameters, bad ids, bad pages
 * are 422 (`err` names the parameter).  Pure function, no I/O.
 */
int wms_route(const char *method, const char *path, const wms_query_kv *kv, size_t n,
              wms_request_args *out, wms_route_result *res, wms_err *err);

/* ---- JSON bodies -------------------------------------------------------- */

#define WMS_JSON_DEPTH_MAX 16
/* Nesting depth of a JSON text (brackets outside strings); stops counting
 * past `cap` and returns cap + 1. */
int wms_json_depth(const char *s, size_t len, int cap);
/* true for "application/json" with optional parameters ("; charset=utf-8"). */
bool wms_content_type_json(const char *ct);

/*
 * Parse and validate a request body for `route` (push or heartbeat):
 * depth <= WMS_JSON_DEPTH_MAX, an object, no duplicate keys, no unknown
 * fields, fields of the right types and bounds.  *out is a new reference.
 * WMS_EINVAL with the detail on anything else.
 */
struct json_t;
int wms_body_parse(wms_route_id route, const char *body, size_t len, struct json_t **out,
                   wms_err *err);

/* ---- paged answers ------------------------------------------------------ */

/* {"items":[...],"page":1,"page_size":20,"total":N,"pages":M}.  Takes over
 * the reference to `items` (an array); NULL on allocation failure. */
struct json_t *wms_page_json(struct json_t *items, const wms_page *p, int64_t total);

/* ---- rate limiting (GCRA) ----------------------------------------------- */

typedef struct wms_ratelimit wms_ratelimit;

/* `per_minute` requests a minute sustained, `burst` at once; at most
 * `max_clients` clients are remembered (the stalest are forgotten first). */
int wms_ratelimit_new(int64_t per_minute, int64_t burst, size_t max_clients, wms_ratelimit **out);
void wms_ratelimit_free(wms_ratelimit *rl);
/* 0 when allowed; WMS_EBUSY when limited, *retry_after_ms set (> 0).
 * Thread-safe. */
int wms_ratelimit_take(wms_ratelimit *rl, const char *key, size_t len, int64_t now_ms,
                       int64_t *retry_after_ms);
/* Clients currently remembered (for tests and /health). */
size_t wms_ratelimit_clients(wms_ratelimit *rl);

/* ---- CORS --------------------------------------------------------------- */

#define WMS_CORS_MAX_ORIGINS 16
#define WMS_ORIGIN_MAX       256

/* true when `origin` is exactly one of `allowed` ("null" never is). */
bool wms_cors_allowed(const char *origin, const char *const *allowed, size_t n);

/* ---- the server --------------------------------------------------------- */

/* What the database side answers.  Every callback may be NULL (the route
 * then answers 503 "unavailable"). `request_id` must be passed to
 * PostgreSQL (SET LOCAL application_name / wms.request_id). */
typedef struct wms_server_backend {
    /* Bearer token -> terminal id (0, or WMS_EAUTH when unknown). */
    int (*auth)(void *data, const char *token, char *terminal, size_t cap);
    /* Answer a routed, validated request: status + JSON body (new ref). */
    int (*handle)(void *data, const char *request_id, const char *terminal,
                  const wms_request_args *args, struct json_t *body, int *status,
                  struct json_t **out, wms_err *err);
    /* Fill the health report (database, pool); NULL = "not configured". */
    void (*health)(void *data, wms_health *h);
    void *data;
} wms_server_backend;

typedef struct wms_server_config {
    char listen_addr[64];   /* "127.0.0.1", "0.0.0.0", "::"            */
    uint16_t port;          /* 0 = any free port                       */
    unsigned threads;       /* polling threads (default 0: one per CPU) */
    int64_t token_cache_ms; /* verified bearer tokens remembered this long
                               (default 5000, 0 = off): a revoked token
                               works at most this long after revocation */
    int64_t rate_per_min;   /* default 60; 0 = no limit                */
    int64_t rate_burst;     /* default 20                              */
    size_t rate_clients;    /* default 10000                           */
    size_t body_max;        /* default 1 MiB                           */
    int64_t drain_ms;       /* wait for requests in flight (10000)     */
    size_t ncors;
    char cors[WMS_CORS_MAX_ORIGINS][WMS_ORIGIN_MAX];
    bool trust_proxy; /* take the client IP from X-Forwarded-For */
} wms_server_config;

void wms_server_config_defaults(wms_server_config *cfg);

typedef struct wms_server wms_server;

/* Start listening (returns once the socket is bound).  `log` and `backend`
 * are copied; backend->data must outlive the server. */
int wms_server_start(const wms_server_config *cfg, const wms_server_backend *backend,
                     const wms_log *log, wms_server **out, wms_err *err);
/* The bound port (useful with port 0). */
uint16_t wms_server_port(const wms_server *s);
/* Stop accepting, wait up to drain_ms for requests in flight, stop.  NULL ok. */
void wms_server_stop(wms_server *s);
/* The database side over the pg pool (src/server/db.c; builds with the pg
 * module): `pool` is borrowed and must outlive the server. */
struct wms_pg_pool;
int wms_server_pg_backend(struct wms_pg_pool *pool, wms_server_backend *out);

/* Requests answered so far / currently in flight. */
uint64_t wms_server_requests(const wms_server *s);

#ifdef __cplusplus
}
#endif
#endif /* WMS_SERVER_H */
