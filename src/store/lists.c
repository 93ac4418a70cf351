/*
 * lists.c -- catalog listings in id order (keyset pages) for label printing
 * and support tools.  Rare calls: statements are prepared per call, not
 * cached.
 */
#include "store_int.h"

#include <string.h>

typedef void (*row_fn)(sqlite3_stmt *st, void *out, size_t i);

static int list_after(wms_store *s, const char *sql, int64_t after_id, void *out, size_t cap,
                      row_fn row, size_t *n, wms_err *err)
{
    if (!s || !out || !n || cap == 0 || cap > 100000 || after_id < 0) {
        return wms_err_set(err, WMS_EINVAL, "list: arguments");
    }
    *n = 0;
    sqlite3_stmt *st = NULL;
    int r = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (r != SQLITE_OK) {
        return store_sqlerr(s, r, err, "list");
    }
    sqlite3_bind_int64(st, 1, after_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)cap);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        row(st, out, (*n)++);
    }
    int rc = r == SQLITE_DONE ? 0 : store_sqlerr(s, r, err, "list");
    sqlite3_finalize(st);
    return rc;
}

static void row_loc(sqlite3_stmt *st, void *out, size_t i)
{
    wms_store_location *l = (wms_store_location *)out + i;
    memset(l, 0, sizeof *l);
    store_location_row(st, l);
}

static void row_op(sqlite3_stmt *st, void *out, size_t i)
{
    wms_store_operator *o = (wms_store_operator *)out + i;
    memset(o, 0, sizeof *o);
    store_operator_row(st, o);
}

static void row_prod(sqlite3_stmt *st, void *out, size_t i)
{
    wms_store_product *p = (wms_store_product *)out + i;
    memset(p, 0, sizeof *p);
    store_product_row(st, 0, p);
}

int wms_store_locations_after(wms_store *s, int64_t after_id, wms_store_location *out, size_t cap,
                              size_t *n, wms_err *err)
{
    return list_after(s,
                      "SELECT id, warehouse_id, code, zone, type FROM location WHERE id > ?"
                      " ORDER BY id LIMIT ?",
                      after_id, out, cap, row_loc, n, err);
}

int wms_store_operators_after(wms_store *s, int64_t after_id, wms_store_operator *out, size_t cap,
                              size_t *n, wms_err *err)
{
    return list_after(s,
                      "SELECT id, badge, name, role, active FROM operator WHERE id > ?"
                      " ORDER BY id LIMIT ?",
                      after_id, out, cap, row_op, n, err);
}

int wms_store_products_after(wms_store *s, int64_t after_id, wms_store_product *out, size_t cap,
                             size_t *n, wms_err *err)
{
    return list_after(s,
                      "SELECT id, sku, name, uom, decimals, tracking FROM product WHERE id > ?"
                      " ORDER BY id LIMIT ?",
                      after_id, out, cap, row_prod, n, err);
}
