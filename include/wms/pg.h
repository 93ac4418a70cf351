/*
 * pg.h -- the libpq connection pool and the central schema migrations.
 *
 * Thread-safe.  A pool holds up to pool_size idle connections and opens up
 * to max_overflow more under load; a caller that cannot get one within
 * pool_timeout gets WMS_EBUSY (never a hang).  Connections are recycled
 * after pool_recycle seconds, checked (pre-ping) before they are handed out
 * and replaced when broken.  Only unnamed statements (PQexecParams) and no
 * session SET are used, so the pool works through PgBouncer in transaction
 * pooling mode.
 *
 * Error mapping (wms_pg_error): SQLSTATE 57014 (statement_timeout) ->
 * WMS_ETIMEDOUT; class 08, 57P0x, 40001/40P01, lost connection ->
 * WMS_EAGAIN; 53xxx -> WMS_EBUSY; 42501 -> WMS_EPERM; 28xxx -> WMS_EAUTH;
 * 23xxx -> WMS_ECONFLICT; 22xxx -> WMS_EINVAL; others WMS_EIO.
 * wms_pg_retryable() says which of those are worth retrying.
 */
#ifndef WMS_PG_H
#define WMS_PG_H

#include "wms/core.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wms_pg_config {
    const char *dsn;              /* libpq connection string or URI (required)    */
    int pool_size;                /* idle connections kept, default 20            */
    int max_overflow;             /* extra connections under load, default 10     */
    int pool_timeout_ms;          /* wait for a connection, default 30000         */
    int pool_recycle_s;           /* close connections older than, default 3600   */
    int connect_timeout_s;        /* default 5                                    */
    int keepalives_idle_s;        /* TCP keepalive idle, default 10               */
    int tcp_user_timeout_ms;      /* default 10000                                */
    const char *sslmode;          /* NULL: as in the DSN (libpq default "prefer") */
    bool no_pre_ping;             /* skip the liveness check on checkout          */
    const char *application_name; /* default "wms"                            */
} wms_pg_config;

/* Defaults for every field except dsn. */
void wms_pg_config_defaults(wms_pg_config *cfg);

typedef struct wms_pg_stats {
    int size; /* connections open now (idle + in use) */
    int in_use;
    int idle;
    uint64_t waits;    /* checkouts that had to wait          */
    uint64_t timeouts; /* checkouts that failed with WMS_EBUSY */
    uint64_t created;
    uint64_t recycled;
    uint64_t failed_pings;
    uint64_t connect_errors;
} wms_pg_stats;

typedef struct wms_pg_pool wms_pg_pool;

/* Make a pool (no connection is opened yet).  `log` may be NULL; it must
 * outlive the pool.  Logs a warning when the DSN points at a non-loopback
 * host with an sslmode that allows an unencrypted link. */
int wms_pg_pool_open(const wms_pg_config *cfg, const wms_log *log, wms_pg_pool **out, wms_err *err);
/* Close every connection.  No connection may be checked out.  NULL is ok. */
void wms_pg_pool_close(wms_pg_pool *pool);

/* Check out a live connection (WMS_EBUSY after pool_timeout, WMS_EAGAIN when
 * the server cannot be reached).  Give it back with wms_pg_release(). */
int wms_pg_acquire(wms_pg_pool *pool, PGconn **out, wms_err *err);
/* Give back; `broken` (or a connection not idle / not OK) is closed. */
void wms_pg_release(wms_pg_pool *pool, PGconn *conn, bool broken);

void wms_pg_pool_stats(wms_pg_pool *pool, wms_pg_stats *out);
/* Add a "pg" component with the stats to `h`. */
void wms_pg_pool_health(wms_pg_pool *pool, wms_health *h);

/* Map a result (NULL ok) on `conn` to 0 (command/tuples ok) or WMS_E*. */
int wms_pg_error(PGconn *conn, const PGresult *res, wms_err *err);
bool wms_pg_retryable(int code);

/* Run one statement with text parameters on a pooled connection and return
 * the first column of the first row as a new malloc'd string in *out (NULL
 * for SQL NULL or no row; `out` may be NULL).  Retries once on a connection
 * that turns out broken. */
int wms_pg_query_text(wms_pg_pool *pool, const char *sql, int nparams, const char *const *params,
                      char **out, wms_err *err);

/* Apply the central migrations (assets/sql, compiled in) on `conn` in
 * order, each in its own transaction, skipping those recorded in
 * wms_schema_version.  *applied (may be NULL) counts those run now. */
int wms_pg_migrate(PGconn *conn, int *applied, wms_err *err);
/* Latest migration version compiled in. */
int wms_pg_schema_version(void);

#ifdef __cplusplus
}
#endif
#endif /* WMS_PG_H */
