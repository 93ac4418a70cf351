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

/* ---- catalog reads: one statement each, JSON built by PostgreSQL ---------- */

#define PAGED(from_where, cols, order)                                                      \
    "WITH f AS (SELECT " cols " FROM " from_where ") "                                      \
    "SELECT json_build_object('items', coalesce((SELECT json_agg(x) FROM (SELECT * FROM f " \
    "ORDER BY " order " LIMIT $5::bigint OFFSET $6::bigint) x), '[]'::json), "              \
    "'total', (SELECT count(*) FROM f))::text FROM " SET_REQ

static const char sql_products[] =
        PAGED("products p WHERE ($2 = '' OR strpos(lower(p.sku), lower($2)) > 0 OR "
              "strpos(lower(p.name), lower($2)) > 0) AND $3::text IS NOT NULL "
              "AND $4::text IS NOT NULL",
              "p.id, p.sku, p.name, p.uom, p.decimals, p.tracking", "id");

static const char sql_warehouses[] =
        PAGED("warehouses w WHERE $2::text IS NOT NULL AND $3::text IS NOT NULL "
              "AND $4::text IS NOT NULL",
              "w.id, w.code, w.name", "id");

static const char sql_inventory[] =
        PAGED("inventory i JOIN locations l ON l.id = i.location_id "
              "WHERE i.warehouse_id = $2::bigint AND ($3::bigint = 0 OR i.product_id = $3::bigint) "
              "AND ($4 = '' OR l.code = $4)",
              "i.id, i.warehouse_id, i.location_id, l.code AS location, i.product_id, i.lot, "
              "i.quantity::text AS qty",
              "id");

static const char sql_documents[] =
        PAGED("documents d WHERE ($2 = '' OR d.status = $2) AND ($3 = '' OR d.type = $3) "
              "AND ($4::bigint = 0 OR d.warehouse_id = $4::bigint)",
              "d.id, d.uuid, d.type, d.status, d.warehouse_id, d.terminal_id, d.ref, d.reason, "
              "(extract(epoch FROM d.created_at) * 1000)::bigint AS created_at",
              "id");

#define PRODUCT_JSON                                                                       \
    "SELECT (SELECT row_to_json(x) FROM (SELECT p.id, p.sku, p.name, p.uom, p.decimals, "  \
    "p.tracking, (SELECT coalesce(json_agg(json_build_object('code', b.code, 'pack_qty', " \
    "b.pack_qty::text, 'kind', b.kind) ORDER BY b.id), '[]'::json) FROM barcodes b "       \
    "WHERE b.product_id = p.id) AS barcodes FROM products p WHERE p.id = "

static const char sql_product[] = PRODUCT_JSON "$2::bigint) x)::text FROM " SET_REQ;
static const char sql_product_barcode[] =
        PRODUCT_JSON "(SELECT product_id FROM barcodes WHERE code = $2)) x)::text FROM " SET_REQ;
static const char sql_document[] =
        "SELECT (SELECT row_to_json(x) FROM (SELECT d.id, d.uuid, d.type, d.status, "
        "d.warehouse_id, d.terminal_id, d.ref, d.reason, (SELECT coalesce(json_agg("
        "json_build_object('id', i.id, 'uuid', i.uuid, 'product_id', i.product_id, "
        "'location_id', i.location_id, 'to_location_id', i.to_location_id, 'qty', "
        "i.quantity::text, 'lot', i.lot, 'serial', i.serial, 'expiry', i.expiry) ORDER BY i.id), "
        "'[]'::json) FROM document_items i WHERE i.document_id = d.id) AS items "
        "FROM documents d WHERE d.id = $2::bigint) x)::text FROM " SET_REQ;
static const char sql_warehouse_exists[] =
        "SELECT (SELECT id FROM warehouses WHERE id = $2::bigint)::text FROM " SET_REQ;

static int catalog(wms_pg_pool *pool, const char *request_id, const wms_request_args *a,
                   int *status, json_t **out, wms_err *err)
{
    char app[96];
    snprintf(app, sizeof app, "wms-server req=%s", request_id);
    char id[24], n1[24], lim[24], off[24];
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    int64_t offset = 0;
    if (wms_page_offset(&a->page, &offset) != 0) {
        return wms_err_set(err, WMS_ERANGE, "page out of range");
    }
    snprintf(lim, sizeof lim, "%lld", (long long)a->page.page_size);
    snprintf(off, sizeof off, "%lld", (long long)offset);
    const char *sql = NULL;
    const char *p[6] = {app, "", "", "", lim, off};
    bool paged = true;
    switch (a->route) {
    case WMS_ROUTE_PRODUCTS:
        sql = sql_products;
        p[1] = a->q; /* $3, $4 unused: every paged query takes the same six */
        break;
    case WMS_ROUTE_WAREHOUSES:
        sql = sql_warehouses;
        break;
    case WMS_ROUTE_INVENTORY: {
        const char *ex[] = {app, id};
        char *found = NULL;
        int rc = wms_pg_query_text(pool, sql_warehouse_exists, 2, ex, &found, err);
        if (rc != 0) {
            return rc;
        }
        if (found == NULL) {
            return wms_err_set(err, WMS_ENOTFOUND, "no warehouse %lld", (long long)a->id);
        }
        free(found);
        sql = sql_inventory;
        p[1] = id;
        snprintf(n1, sizeof n1, "%lld", (long long)a->product_id);
        p[2] = n1;
        p[3] = a->location;
        break;
    }
    case WMS_ROUTE_DOCUMENTS:
        sql = sql_documents;
        p[1] = a->status >= 0 ? wms_doc_status_name((wms_doc_status)a->status) : "";
        p[2] = a->type >= 0 ? wms_doc_type_name((wms_doc_type)a->type) : "";
        snprintf(n1, sizeof n1, "%lld", (long long)a->warehouse_id);
        p[3] = n1;
        break;
    case WMS_ROUTE_PRODUCT:
        sql = sql_product;
        p[1] = id;
        paged = false;
        break;
    case WMS_ROUTE_PRODUCT_BARCODE:
        sql = sql_product_barcode;
        p[1] = a->code;
        paged = false;
        break;
    case WMS_ROUTE_DOCUMENT:
        sql = sql_document;
        p[1] = id;
        paged = false;
        break;
    default:
        return wms_err_set(err, WMS_EUNSUPPORTED, "not implemented");
    }
    char *text = NULL;
    int rc = wms_pg_query_text(pool, sql, paged ? 6 : 2, p, &text, err);
    if (rc != 0) {
        return rc;
    }
    if (text == NULL) {
        return wms_err_set(err, WMS_ENOTFOUND, "no such resource");
    }
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    if (j == NULL) {
        return wms_err_set(err, WMS_EPROTO, "database answer is not JSON");
    }
    if (paged) {
        json_t *items = json_incref(json_object_get(j, "items"));
        int64_t total = (int64_t)json_integer_value(json_object_get(j, "total"));
        json_decref(j);
        j = wms_page_json(items, &a->page, total);
        if (j == NULL) {
            return wms_err_set(err, WMS_ENOMEM, "out of memory");
        }
    }
    *status = 200;
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
                       "SELECT wms_sync_pull_text_as($2, $3::bigint, $4::int) FROM " SET_REQ, 3,
                       params, out, err);
        break;
    }
    default:
        return catalog(pool, request_id, a, status, out, err);
    }
    if (rc == 0) {
        *status = 200;
    }
    return rc;
}

static void db_health(void *data, wms_health *h)
{
    wms_pg_pool *pool = data;
    char *seq = NULL;
    wms_err e;
    wms_err_clear(&e);
    /* A liveness check that also gives the newest change number (what a
     * terminal's first-pull progress measures against): the same function
     * the direct link asks, one max() on the primary key. */
    int rc = wms_pg_query_text(pool, "SELECT wms_health()->>'change_seq'", 0, NULL, &seq, &e);
    wms_health_component *c =
            wms_health_add(h, "database", rc == 0 ? WMS_HEALTH_HEALTHY : WMS_HEALTH_UNHEALTHY, true,
                           "%s", rc == 0 ? "connected" : "unreachable");
    if (rc == 0 && c != NULL && seq != NULL) {
        char *end = NULL;
        long long v = strtoll(seq, &end, 10);
        if (end != seq && *end == '\0' && v >= 0) {
            wms_health_value_add(c, "change_seq", (double)v, "");
        }
    }
    free(seq);
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
