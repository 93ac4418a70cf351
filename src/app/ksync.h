/*
 * ksync.h -- the kiosk's central link: the sync engine (include/wms/sync.h)
 * on the kiosk's store file, over the `pg` (libpq pool) or `http`
 * (wms-server) backend chosen by [central] link, plus a small thread that
 * asks the centre for its health now and then (backend calls may block, so
 * never on the UI thread).
 *
 * Everything here is thread-safe; `notify` is called from the engine or
 * health thread when the UI should look again (an operation was rejected,
 * central health changed): session.c turns it into an SDL user event.
 */
#ifndef WMS_APP_KSYNC_H
#define WMS_APP_KSYNC_H

#include "kdata.h"
#include "session.h"
#include "wms/core.h"

typedef struct ksync ksync;

typedef struct ksync_opts {
    const kiosk_conf *conf; /* link, dsn/url/token/ca, terminal, timeouts */
    const char *db_path;    /* the kiosk's SQLite store (exists)          */
    void (*notify)(void *data);
    void *notify_data;
} ksync_opts;

/* [central] link = none: *out = NULL and 0.  Otherwise build the backend
 * and start the engine; WMS_EINVAL with a sentence for a config that cannot
 * work (no dsn / url / token, "mem:" database). */
int ksync_start(const ksync_opts *o, ksync **out, wms_err *err);
/* Run a whole cycle now and ask the centre's health ("Sync now").  NULL-safe. */
void ksync_wake(ksync *ks);
/* An operation was queued: the engine pushes it now (no pull, no health
 * question: one request per operator action). */
void ksync_queued(ksync *ks);
/* Fill link state, last success and last error (pending / rejected come
 * from the store); configured = true.  NULL: configured = false. */
void ksync_status(ksync *ks, kd_sync *io);
/* Add "central_link" (the engine) and "central" (the centre's own health
 * answer) components. */
void ksync_health(ksync *ks, wms_health *h);
/* The oldest rejected document not yet shown (its uuid and the centre's
 * reason; follow-up "doc_rejected" operations are not repeated).  Returns
 * false when none. */
bool ksync_take_rejected(ksync *ks, char *doc, size_t doc_cap, char *reason, size_t reason_cap);
/* Wake the engine and wait (real time, at most timeout_ms) until a cycle
 * that started after this call ended with an empty outbox.  0, WMS_ETIMEDOUT
 * or the engine's last error code. */
int ksync_wait_idle(ksync *ks, int64_t timeout_ms, wms_err *err);
/* --health: ask the centre once (pg: SELECT wms_health(); http: GET
 * /health) without starting the engine and add a "central_link" component
 * (healthy, or degraded when unreachable or unwell: the kiosk works
 * offline).  link = none: healthy, "no central link configured". */
void ksync_probe(const kiosk_conf *c, wms_health *h);
/* Stop both threads and free everything.  NULL-safe. */
void ksync_stop(ksync *ks);

/* Exposed for tests: the libpq DSN for the terminal (user wms_t_ID,
 * password = token, sslrootcert = ca) from a key=value DSN; a URI DSN is
 * used as it is. */
int ksync_pg_dsn(const kiosk_conf *c, char *buf, size_t cap, wms_err *err);

#endif
