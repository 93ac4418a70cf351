/*
 * store_int.h -- internals shared by the store's source files.
 */
#ifndef WMS_STORE_INT_H
#define WMS_STORE_INT_H

#include "wms/store.h"

#include <sqlite3.h>

/* Migration v -> v + 1: NULL-terminated SQL parts run in one transaction. */
extern const char *const *const store_migrations[WMS_STORE_SCHEMA_VERSION];

/* Statement cache slots (one per call site). */
enum {
    SL_BARCODE = 0,
    SL_PRODUCT,
    SL_BARCODES,
    SL_SEARCH,
    SL_LOC_CODE,
    SL_LOC_ID,
    SL_OP_BADGE,
    SL_OP_HASH,
    SL_STOCK_P,
    SL_STOCK_L,
    SL_DOC_GET,
    SL_DOC_INS,
    SL_ITEM_INS,
    SL_OUTBOX_INS,
    SL_ITEM_GET,
    SL_ITEM_QTY,
    SL_ITEM_DEL,
    SL_DOC_STATUS,
    SL_WH,
    SL_ITEMS,
    SL_DOCS,
    SL_ITEM_MATCH,
    SL_WH_CODE,
    SL_LOC_TYPE,
    SL_OP_ID,
    SL_LOCK_GET,
    SL_PLANNED,
    SL_PLANNED_N,
    SL_PLANNED_GET,
    SL_PLINES,
    SL_DOC_REF,
    SL_DOCS_N,
    STORE_SLOTS = 40
};

struct wms_store {
    sqlite3_stmt *cache[STORE_SLOTS];
    sqlite3 *db;
    wms_store_role role;
    const wms_clock *clock;
    const wms_rng *rng;
    const wms_log *log;
    wms_uuid_gen gen;
    char path[512];
    char last_error[160];
    int check_rc; /* result of the quick_check at open (0 = ok / skipped) */
};

/* Translate a SQLite result code into WMS_E* and set the detail. */
int store_sqlerr(wms_store *s, int rc, wms_err *err, const char *what);

int store_cached(wms_store *s, int slot, const char *sql, sqlite3_stmt **out, wms_err *err);
int store_step_one(wms_store *s, sqlite3_stmt *st, wms_err *err, const char *what);
void store_col_text(sqlite3_stmt *st, int i, char *dst, size_t cap);
/* The row of "SELECT id, badge, name, role, active FROM operator ...". */
void store_operator_row(sqlite3_stmt *st, wms_store_operator *out);
/* A product from columns base.. (id, sku, name, uom, decimals, tracking);
 * a location from columns 0.. (id, warehouse_id, code, zone, type). */
void store_product_row(sqlite3_stmt *st, int base, wms_store_product *p);
void store_location_row(sqlite3_stmt *st, wms_store_location *l);
int store_exec(wms_store *s, const char *sql, wms_err *err, const char *what);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK */
int store_begin(wms_store *s, wms_err *err);
int store_commit(wms_store *s, wms_err *err);
void store_rollback(wms_store *s);

/*
 * One page of a cached query (`slot`, `sql`) whose ?1 is `text` (when not
 * NULL) or `key`, ?2 the LIMIT and ?3 the OFFSET: `page` (NULL = the first
 * default page) is checked, page_size + 1 rows are asked for so that *more
 * tells whether a next page exists, and each row is stored by
 * `row(st, out, i, ctx)` into element i of `out`.  *n = rows stored.
 */
typedef void (*store_row_fn)(sqlite3_stmt *st, void *out, size_t i, const void *ctx);
typedef struct store_page_query {
    int slot;
    const char *sql;
    const char *what; /* for errors */
    int64_t key;
    const char *text;
    store_row_fn row;
    const void *ctx;
} store_page_query;
int store_page(wms_store *s, const store_page_query *q, const wms_page *page, void *out, size_t *n,
               bool *more, wms_err *err);

#endif
