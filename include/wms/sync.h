/*
 * sync.h -- the sync engine and its backends (docs/sync-protocol.md).
 *
 * A backend moves the protocol's JSON documents to the centre and back:
 * the `pg` backend calls the central SQL functions through the pool (the
 * terminal is the pool's login role), the `http` backend (wms-server's
 * helper, src/sync/backend_http.c) posts them to wms-server with the
 * terminal's bearer token.  Both carry exactly the same JSON text.
 *
 * The engine runs one thread per terminal database with its own SQLite
 * connection (through the store API): push before pull, batches of at most
 * 100 operations, per-operation results written back to the outbox,
 * rejected operations kept with their reason and reported through a
 * callback, pulls applied page by page with the cursor, exponential backoff
 * with jitter, an immediate wake when an operation is queued.
 */
#ifndef WMS_SYNC_H
#define WMS_SYNC_H

#include "wms/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* Backend interface                                                       */
/* ---------------------------------------------------------------------- */

#define WMS_SYNC_BATCH_MAX 100                   /* operations per push                 */
#define WMS_SYNC_PULL_MAX  5000                  /* changes per pull page               */
#define WMS_SYNC_REPLY_MAX (64u * 1024u * 1024u) /* bound on a reply body */

/*
 * Every call is synchronous and may be made from the engine thread only (a
 * backend need not be thread-safe).  Replies are new malloc'd NUL-terminated
 * JSON text the caller free()s.  Errors: WMS_EAGAIN / WMS_ETIMEDOUT /
 * WMS_EBUSY / WMS_ECLOSED are retryable (link down, timeout, pool full);
 * WMS_EAUTH / WMS_EPERM (bad token / not this terminal), WMS_EPROTO (reply
 * not understood), WMS_EINVAL (request refused as malformed) are not.
 */
typedef struct wms_sync_backend {
    void *ctx;
    const char *name; /* "pg", "http" */
    /* batch: {"terminal":"K01","ops":[...]}  ->  {"results":[...]} */
    int (*push)(void *ctx, const char *batch_json, size_t len, char **results_json, wms_err *err);
    /* -> {"changes":[...],"next":N,"more":bool}; limit 1..WMS_SYNC_PULL_MAX */
    int (*pull)(void *ctx, int64_t after, int limit, char **page_json, wms_err *err);
    /* hb: {"terminal":..,"version":..,"outbox_depth":..,...}; reply ignored */
    int (*heartbeat)(void *ctx, const char *hb_json, size_t len, wms_err *err);
    /* -> {"status":"healthy",...} */
    int (*health)(void *ctx, char **health_json, wms_err *err);
    /* Free ctx (NULL-safe; the engine calls it on wms_sync_stop). */
    void (*destroy)(void *ctx);
    /* Optional (NULL: none): milliseconds the centre asked us to wait
     * (HTTP 429/503 Retry-After); the engine backs off at least that long. */
    int64_t (*retry_after_ms)(void *ctx);
    /* Optional: called from another thread by wms_sync_stop() before it
     * joins the engine, to abandon the exchange in flight (the http backend
     * aborts its request within about a second; later calls fail with
     * WMS_ECLOSED).  The outbox stays consistent: unanswered ops are resent. */
    void (*cancel)(void *ctx);
} wms_sync_backend;

struct wms_pg_pool;
/* The pg backend over `pool` (borrowed; it must outlive the backend).  The
 * pool's DSN logs in as the terminal's role (wms_t_<ID>, password = token). */
int wms_sync_backend_pg(struct wms_pg_pool *pool, wms_sync_backend *out, wms_err *err);

/*
 * The http backend (src/sync/backend_http.c, libcurl) to wms-server: one
 * reused connection; TLS peer + host verification always on (ca_file: the
 * CAs to trust instead of the system store; nothing turns verification
 * off); plain http:// only to loopback; connect and whole-request timeouts
 * always set; gzip/deflate/br/zstd answers accepted; a fresh X-Request-ID
 * per request (logged with the batch); 429/503 Retry-After honoured (calls
 * before then fail with WMS_EAGAIN without a request, and the engine backs
 * off that long); cancel() aborts a request in flight.  Errors as above: no
 * answer / timeout / 408 / 429 / 5xx -> WMS_EAGAIN; 401 and TLS
 * verification failures -> WMS_EAUTH; 403 -> WMS_EPERM; other 4xx ->
 * WMS_EINVAL; a malformed answer -> WMS_EPROTO.  Initialise with
 * designated initialisers (fields may be added).
 */
typedef struct wms_sync_http_config {
    const char *base_url;   /* "https://central.example:8443"               */
    const char *token;      /* the terminal's bearer token (secret, copied) */
    const char *ca_file;    /* NULL: system CAs; verification always on     */
    int timeout_ms;         /* whole request, default 30000                 */
    int connect_timeout_ms; /* default 5000                                 */
    const wms_log *log;     /* may be NULL; copied                          */
} wms_sync_http_config;
int wms_sync_backend_http(const wms_sync_http_config *cfg, wms_sync_backend *out, wms_err *err);

/* ---------------------------------------------------------------------- */
/* Engine                                                                  */
/* ---------------------------------------------------------------------- */

typedef enum wms_sync_state {
    WMS_SYNC_OFFLINE = 0, /* the last exchange failed (link down)         */
    WMS_SYNC_ONLINE,      /* the last exchange succeeded                  */
    WMS_SYNC_DEGRADED,    /* reachable but failing (auth, protocol, ...)  */
    WMS_SYNC_PAUSED,
    WMS_SYNC_STOPPED
} wms_sync_state;

const char *wms_sync_state_name(wms_sync_state s); /* "online", ... */

typedef struct wms_sync_status {
    wms_sync_state state;
    int64_t last_success_ms; /* wall clock, 0 never */
    int64_t last_error_ms;
    int last_error_code; /* WMS_E*, 0 none */
    char last_error[WMS_ERR_MAX];
    int64_t cursor;       /* pull cursor (last change seq applied) */
    int64_t outbox_depth; /* pending + sent                        */
    uint64_t pushed;      /* operations acknowledged (applied/dup) */
    uint64_t rejected;    /* operations rejected                   */
    uint64_t pulled;      /* changes applied                       */
    uint64_t cycles;
    /* A pull run of several pages (a first full pull, a long backlog):
     * `pulling` is true from its first page that says "more" until the run
     * ends (its last page applied, or a failure); `pull_from` is the cursor
     * the run started at and `pull_applied` the changes it applied so far
     * (both kept after the run).  Published after every page, so another
     * thread sees the run advance (the cursor too).  There is no total: a
     * terminal's pull skips other warehouses' changes, so the centre's
     * newest change number is only an upper bound for `cursor`. */
    bool pulling;
    int64_t pull_from;
    uint64_t pull_applied;
} wms_sync_status;

/* A rejected operation (called on the engine thread; keep it short; the
 * strings live only during the call). */
typedef void (*wms_sync_rejected_fn)(void *data, const char *op_id, const char *doc,
                                     const char *code, const char *reason);

typedef struct wms_sync_config {
    const char *db_path;      /* the terminal's SQLite store               */
    const char *terminal;     /* "K01"                                     */
    wms_sync_backend backend; /* moved into the engine (destroyed by it)   */
    int batch_max;            /* default/at most WMS_SYNC_BATCH_MAX        */
    int pull_limit;           /* default 1000                              */
    int interval_ms;          /* idle poll, default 5000                   */
    int backoff_min_ms;       /* default 500                               */
    int backoff_max_ms;       /* default 60000                             */
    int heartbeat_s;          /* default 30, 0 none                        */
    wms_sync_rejected_fn on_rejected;
    void *cb_data;
    const wms_log *log; /* may be NULL; must outlive the engine */
} wms_sync_config;

void wms_sync_config_defaults(wms_sync_config *cfg);

typedef struct wms_sync wms_sync;

/* Start the engine thread.  On failure the backend is destroyed too. */
int wms_sync_start(const wms_sync_config *cfg, wms_sync **out, wms_err *err);
/* Run a whole cycle now (push, then pull): "sync now".  Thread-safe. */
void wms_sync_wake(wms_sync *s);
/* An operation was queued: push it now; the pull keeps to its interval (so
 * an operator's every action costs the centre one request, not two, and a
 * busy terminal stays inside the server's rate limit).  Thread-safe. */
void wms_sync_wake_push(wms_sync *s);
/* Pause (finish the exchange in flight, then idle) or resume. */
void wms_sync_pause(wms_sync *s, bool paused);
void wms_sync_get_status(wms_sync *s, wms_sync_status *out);
/* Add a "central_link" component (state, depth, rejected, last error). */
void wms_sync_health(wms_sync *s, wms_health *h);
/* Stop the thread (the exchange in flight completes or is abandoned; the
 * outbox stays consistent) and free everything.  NULL is ok. */
void wms_sync_stop(wms_sync *s);

/* One full cycle on the calling thread (push everything, pull to the end);
 * the backend stays the caller's.  0 or the first failure. */
int wms_sync_once(const wms_sync_config *cfg, wms_sync_status *status, wms_err *err);

#ifdef __cplusplus
}
#endif
#endif /* WMS_SYNC_H */
