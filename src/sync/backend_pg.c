/*
 * backend_pg.c -- the sync backend over the libpq pool: calls the central
 * functions as the terminal's own login role (docs/sync-protocol.md).
 */
#include "wms/pg.h"
#include "wms/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pg_push(void *ctx, const char *batch, size_t len, char **out, wms_err *err)
{
    (void)len;
    const char *params[1] = {batch};
    int rc = wms_pg_query_text(ctx, "SELECT wms_sync_push($1::jsonb)::text", 1, params, out, err);
    if (rc == 0 && !*out) {
        rc = wms_err_set(err, WMS_EPROTO, "pg: push returned nothing");
    }
    return rc;
}

static int pg_pull(void *ctx, int64_t after, int limit, char **out, wms_err *err)
{
    if (after < 0 || limit < 1 || limit > WMS_SYNC_PULL_MAX) {
        return wms_err_set(err, WMS_EINVAL, "pull: after >= 0, limit 1..%d", WMS_SYNC_PULL_MAX);
    }
    char a[24], l[16];
    snprintf(a, sizeof a, "%lld", (long long)after);
    snprintf(l, sizeof l, "%d", limit);
    const char *params[2] = {a, l};
    int rc = wms_pg_query_text(ctx, "SELECT wms_sync_pull_text($1::bigint, $2::int)", 2, params,
                               out, err);
    if (rc == 0 && !*out) {
        rc = wms_err_set(err, WMS_EPROTO, "pg: pull returned nothing");
    }
    return rc;
}

static int pg_heartbeat(void *ctx, const char *hb, size_t len, wms_err *err)
{
    (void)len;
    const char *params[1] = {hb};
    return wms_pg_query_text(ctx, "SELECT wms_terminal_heartbeat($1::jsonb)::text", 1, params, NULL,
                             err);
}

static int pg_health(void *ctx, char **out, wms_err *err)
{
    return wms_pg_query_text(ctx, "SELECT wms_health()::text", 0, NULL, out, err);
}

static void pg_destroy(void *ctx)
{
    (void)ctx; /* the pool is borrowed */
}

int wms_sync_backend_pg(struct wms_pg_pool *pool, wms_sync_backend *out, wms_err *err)
{
    if (!pool || !out) {
        return wms_err_set(err, WMS_EINVAL, "sync: pool and out are required");
    }
    memset(out, 0, sizeof *out);
    out->ctx = pool;
    out->name = "pg";
    out->push = pg_push;
    out->pull = pg_pull;
    out->heartbeat = pg_heartbeat;
    out->health = pg_health;
    out->destroy = pg_destroy;
    return 0;
}
