/*
 * backend_http.h -- the terminal's HTTP link to wms-server (libcurl), private
 * to the sync module.  The `http` sync backend (sync.h's interface) is a thin
 * adapter over these calls; the JSON documents are those of
 * docs/sync-protocol.md, validated strictly before the engine sees them.
 *
 * Errors: WMS_EAGAIN (retryable: no connection, timeout, 429, 5xx; see
 * *retry_after_ms), WMS_EAUTH (401: token unknown), WMS_EPERM (403),
 * WMS_EINVAL (422/4xx: the request itself is wrong -- permanent),
 * WMS_EPROTO (the answer is not what the protocol says), WMS_ETOOBIG
 * (answer larger than max_response).
 */
#ifndef WMS_SYNC_BACKEND_HTTP_H
#define WMS_SYNC_BACKEND_HTTP_H

#include "wms/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_t;

typedef struct wms_http_link_opts {
    const char *base_url;    /* "https://central.example:8443" (no trailing /) */
    const char *token;       /* the terminal's bearer token                   */
    const char *ca_file;     /* CAs to trust instead of the system store     */
    long connect_timeout_ms; /* 0 = 5000                                       */
    long timeout_ms;         /* whole request, 0 = 30000                       */
    size_t max_response;     /* 0 = 8 MiB                                      */
    bool allow_plain_http;   /* http:// to a non-loopback host (tests, dev)    */
    const wms_log *log;      /* may be NULL                                    */
} wms_http_link_opts;

typedef struct wms_http_link wms_http_link;

int wms_http_link_new(const wms_http_link_opts *opts, wms_http_link **out, wms_err *err);
void wms_http_link_free(wms_http_link *l);

/* POST /api/v1/sync/push with `batch` ({"terminal":..,"ops":[..]}); *results
 * is the validated {"results":[..]} (one per op), a new reference. */
int wms_http_link_push(wms_http_link *l, struct json_t *batch, struct json_t **results,
                       int64_t *retry_after_ms, wms_err *err);
/* GET /api/v1/sync/pull?after=&limit=; *page is the validated answer. */
int wms_http_link_pull(wms_http_link *l, int64_t after, int limit, struct json_t **page,
                       int64_t *retry_after_ms, wms_err *err);
/* POST /api/v1/terminals/heartbeat. */
int wms_http_link_heartbeat(wms_http_link *l, struct json_t *hb, int64_t *retry_after_ms,
                            wms_err *err);
/* The X-Request-ID of the last request (for the log). */
const char *wms_http_link_last_request_id(const wms_http_link *l);
/* Milliseconds left of the last 429/503's Retry-After (0: may send now). */
int64_t wms_http_link_retry_after_ms(const wms_http_link *l);
/* From any thread: abandon the request in flight (within about a second)
 * and refuse every later one with WMS_ECLOSED. */
void wms_http_link_cancel(wms_http_link *l);
/* Requests made and new connections opened (the rest reused one). */
void wms_http_link_counts(const wms_http_link *l, long *requests, long *connects);

/* Pure validation of answers (fuzzed). */
int wms_http_parse_push(const char *body, size_t len, size_t nops, struct json_t **out,
                        wms_err *err);
int wms_http_parse_pull(const char *body, size_t len, int64_t after, int limit, struct json_t **out,
                        wms_err *err);
/* HTTP status (0 = no answer) -> WMS_E* as above. */
int wms_http_classify(long status);

#endif
