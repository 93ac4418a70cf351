/*
 * db.c -- wms-server's database side over the `pg` pool: bearer tokens
 * checked by SHA-256 (wms_server_terminal_auth), sync through the SAME SQL
 * functions as the direct link (wms_sync_push_as / wms_sync_pull_as /
 * wms_terminal_heartbeat_as, see assets/sql/002_functions.sql), health from
 * the pool.  The request id goes to PostgreSQL as the transaction's
 * application_name ("wms-server req=<id>"), visible in pg_stat_activity and
 * the slow-query log.
 *
 * Built when the pg module is (src/server/CMakeLists.txt, WMS_SERVER_HAVE_PG).
 * Catalog routes (products, warehouses, inventory, documents) answer 501
 * until their queries are written against the final schema.
 */
#include "wms/pg.h"
#include "wms/server.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sha256_hex(const char *token, char hex[2 * 32 + 3])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(token, strlen(token), md, &n, EVP_sha256(), NULL) != 1 || n != 32) {
        return WMS_EIO;
    }
    static const char digits[] = "0123456789abcdef";
    hex[0] = '\\';
    hex[1] = 'x';
    for (unsigned i = 0; i < n; i++) {
        hex[2 + 2 * i] = digits[md[i] >> 4];
        hex[3 + 2 * i] = digits[md[i] & 15];
    }
    hex[2 + 2 * n] = '\0';
    return 0;
}

static int db_auth(void *data, const char *token, char *terminal, size_t cap)
{
    wms_pg_pool *pool = data;
    char hex[2 * 32 + 3];
    if (sha256_hex(token, hex) != 0) {
        return WMS_EIO;
    }
    const char *params[] = {hex};
    char *id = NULL;
    int rc = wms_pg_query_text(pool, "SELECT wms_server_terminal_auth($1::bytea)", 1, params, &id,
                               NULL);
    if (rc != 0) {
        return rc;
    }
    if (id == NULL) {
        return WMS_EAUTH;
    }
    rc = wms_strlcpy(terminal, id, cap) == 0 ? 0 : WMS_EAUTH;
    free(id);
    return rc;
}

/* The request id becomes the transaction's application_name before the
 * function runs (the FROM subquery is scanned before the outer select list). */
#define SET_REQ "(SELECT set_config('application_name', $1, true) OFFSET 0) AS req"

/* One statement that sets the request id for its transaction and calls fn. */
static int call_json(wms_pg_pool *pool, const char *request_id, const char *sql, int n,
                     const char *const *params, json_t **out, wms_err *err)
{
    char app[96];
    snprintf(app, sizeof app, "wms-server req=%s", request_id);
    const char *p[6] = {app};
    for (int i = 0; i < n && i < 5; i++) {
        p[i + 1] = params[i];
    }
    char *text = NULL;
    int rc = wms_pg_query_text(pool, sql, n + 1, p, &text, err);
    if (rc != 0) {
        return rc;
    }
    if (text == NULL) {
        return wms_err_set(err, WMS_EPROTO, "database returned no answer");
    }
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    free(text);
    if (j == NULL) {
        return wms_err_set(err, WMS_EPROTO, "database answer is not JSON");
    }
    *out = j;
    return 0;
}

static int db_handle(void *data, const char *request_id, const char *terminal,
                     const wms_request_args *a, json_t *body, int *status, json_t **out,
                     wms_err *err)
{
    wms_pg_pool *pool = data;
    char *b = NULL;
    char n1[24], n2[24];
    int rc;
    switch (a->route) {
    case WMS_ROUTE_SYNC_PUSH:
    case WMS_ROUTE_HEARTBEAT: {
        b = json_dumps(body, JSON_COMPACT);
        if (b == NULL) {
            return wms_err_set(err, WMS_ENOMEM, "out of memory");
        }
        const char *params[] = {terminal, b};
        rc = call_json(
                pool, request_id,
                a->route == WMS_ROUTE_SYNC_PUSH
                        ? "SELECT wms_sync_push_as($2, $3::jsonb)::text FROM " SET_REQ
                        : "SELECT wms_terminal_heartbeat_as($2, $3::jsonb)::text FROM " SET_REQ,
                2, params, out, err);
        free(b);
        break;
    }
    case WMS_ROUTE_SYNC_PULL: {
        snprintf(n1, sizeof n1, "%lld", (long long)a->after);
        snprintf(n2, sizeof n2, "%lld", (long long)a->limit);
        const char *params[] = {terminal, n1, n2};
        rc = call_json(pool, request_id,
                       "SELECT wms_sync_pull_as($2, $3::bigint, $4::int)::text FROM " SET_REQ, 3,
                       params, out, err);
        break;
    }
    default:
        return wms_err_set(err, WMS_EUNSUPPORTED, "not implemented yet");
    }
    if (rc == 0) {
        *status = 200;
    }
    return rc;
}

static void db_health(void *data, wms_health *h)
{
    wms_pg_pool *pool = data;
    char *one = NULL;
    wms_err e;
    wms_err_clear(&e);
    int rc = wms_pg_query_text(pool, "SELECT 1", 0, NULL, &one, &e);
    free(one);
    wms_health_add(h, "database", rc == 0 ? WMS_HEALTH_HEALTHY : WMS_HEALTH_UNHEALTHY, true, "%s",
                   rc == 0 ? "connected" : "unreachable");
    wms_pg_pool_health(pool, h);
}

int wms_server_pg_backend(wms_pg_pool *pool, wms_server_backend *out)
{
    memset(out, 0, sizeof *out);
    out->auth = db_auth;
    out->handle = db_handle;
    out->health = db_health;
    out->data = pool;
    return 0;
}
