/*
 * terminal.c -- lookups and the PIN lockout the kiosk needs besides the
 * core catalog/document API: warehouse by code, a location of a type,
 * operator by id, PIN attempts with a persisted lockout, planned documents
 * and their lines, a document by its ref.
 */
#include "store_int.h"

#include <string.h>

int wms_store_warehouse_by_code(wms_store *s, const char *code, int64_t *id, char *name,
                                size_t name_cap, wms_err *err)
{
    if (!s || !code || !code[0] || strlen(code) >= WMS_STORE_CODE_MAX || !id) {
        return wms_err_set(err, WMS_EINVAL, "warehouse code: empty or too long");
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_WH_CODE, "SELECT id, name FROM warehouse WHERE code = ?", &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = store_step_one(s, st, err, "warehouse");
    if (rc == 0) {
        *id = sqlite3_column_int64(st, 0);
        if (name && name_cap) {
            store_col_text(st, 1, name, name_cap);
        }
    } else if (rc == WMS_ENOTFOUND) {
        wms_err_set(err, rc, "no warehouse %s in the local database", code);
    }
    sqlite3_reset(st);
    return rc;
}

int wms_store_location_of_type(wms_store *s, int64_t warehouse_id, const char *type,
                               wms_store_location *out, wms_err *err)
{
    if (!s || !type || !out) {
        return wms_err_set(err, WMS_EINVAL, "location type: arguments");
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_LOC_TYPE,
                          "SELECT id, warehouse_id, code, zone, type FROM location"
                          " WHERE warehouse_id = ? AND type = ? ORDER BY id LIMIT 1",
                          &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, warehouse_id);
    sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
    rc = store_step_one(s, st, err, "location");
    if (rc == 0) {
        out->id = sqlite3_column_int64(st, 0);
        out->warehouse_id = sqlite3_column_int64(st, 1);
        store_col_text(st, 2, out->code, sizeof out->code);
        store_col_text(st, 3, out->zone, sizeof out->zone);
        store_col_text(st, 4, out->type, sizeof out->type);
    }
    sqlite3_reset(st);
    return rc;
}

int wms_store_operator_by_id(wms_store *s, int64_t id, wms_store_operator *out, wms_err *err)
{
    if (!s || !out) {
        return wms_err_set(err, WMS_EINVAL, "operator: arguments");
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_OP_ID,
                          "SELECT id, badge, name, role, active FROM operator WHERE id = ?", &st,
                          err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, id);
    rc = store_step_one(s, st, err, "operator");
    if (rc == 0) {
        store_operator_row(st, out);
    }
    sqlite3_reset(st);
    return rc;
}

/* ---- PIN lockout -------------------------------------------------------- */

static int lock_write(wms_store *s, int64_t operator_id, int64_t fails, int64_t until, wms_err *err)
{
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st;
    const char *sql = fails == 0 && until == 0
                              ? "DELETE FROM login_lock WHERE operator_id = ?1"
                              : "INSERT OR REPLACE INTO login_lock(operator_id, fails,"
                                " locked_until_ms) VALUES (?1, ?2, ?3)";
    rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rc = store_sqlerr(s, rc, err, "login lock");
    } else {
        sqlite3_bind_int64(st, 1, operator_id);
        if (fails || until) {
            sqlite3_bind_int64(st, 2, fails);
            sqlite3_bind_int64(st, 3, until);
        }
        int r = sqlite3_step(st);
        sqlite3_finalize(st);
        rc = r == SQLITE_DONE ? 0 : store_sqlerr(s, r, err, "login lock");
    }
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

int wms_store_operator_login(wms_store *s, int64_t operator_id, const char *pin, int64_t now_ms,
                             int max_fails, int64_t lock_ms, int64_t *locked_until, wms_err *err)
{
    if (!s || !pin || max_fails < 1 || lock_ms < 0) {
        return wms_err_set(err, WMS_EINVAL, "login: arguments");
    }
    if (locked_until) {
        *locked_until = 0;
    }
    wms_store_operator op;
    int rc = wms_store_operator_by_id(s, operator_id, &op, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st;
    rc = store_cached(s, SL_LOCK_GET,
                      "SELECT fails, locked_until_ms FROM login_lock WHERE operator_id = ?", &st,
                      err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, operator_id);
    int64_t fails = 0, until = 0;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        fails = sqlite3_column_int64(st, 0);
        until = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        return store_sqlerr(s, r, err, "login lock");
    }
    if (until > now_ms) {
        if (locked_until) {
            *locked_until = until;
        }
        int64_t min = (until - now_ms + 59999) / 60000;
        return wms_err_set(err, WMS_ELOCKED,
                           "%s is locked for another %lld min after %d wrong PINs. Ask a "
                           "supervisor.",
                           op.name, (long long)min, max_fails);
    }
    rc = wms_store_operator_verify(s, op.badge, pin, NULL, err);
    if (rc == 0) {
        return fails || until ? lock_write(s, operator_id, 0, 0, err) : 0;
    }
    if (rc != WMS_EAUTH) {
        return rc;
    }
    fails++;
    until = 0;
    if (fails >= max_fails) {
        fails = 0;
        until = now_ms + lock_ms;
        if (locked_until) {
            *locked_until = until;
        }
    }
    wms_err werr = {0};
    int w = lock_write(s, operator_id, fails, until, &werr);
    if (w) {
        return wms_err_set(err, w, "wrong PIN, and it could not be recorded: %s", werr.msg);
    }
    return WMS_EAUTH;
}

/* ---- planned documents -------------------------------------------------- */

#define PLANNED_COLS                                                             \
    "p.id, p.type, p.warehouse_id, p.ref, p.partner, p.status, (SELECT COUNT(*)" \
    " FROM planned_line l WHERE l.planned_id = p.id)"

static void row_planned(sqlite3_stmt *st, wms_store_planned *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, p->type, sizeof p->type);
    p->warehouse_id = sqlite3_column_int64(st, 2);
    store_col_text(st, 3, p->ref, sizeof p->ref);
    store_col_text(st, 4, p->partner, sizeof p->partner);
    store_col_text(st, 5, p->status, sizeof p->status);
    p->lines = sqlite3_column_int64(st, 6);
}

#define PLANNED_WHERE                                                         \
    " WHERE p.status = 'open' AND (?1 IS NULL OR p.type = ?1) AND (?2 = 0 OR" \
    " p.warehouse_id = ?2)"

int wms_store_planned_list(wms_store *s, const char *type, int64_t warehouse_id,
                           const wms_page *page, wms_store_planned *out, size_t *n, int64_t *total,
                           wms_err *err)
{
    if (!s || !out || !n || warehouse_id < 0) {
        return wms_err_set(err, WMS_EINVAL, "planned: arguments");
    }
    wms_page pg = page ? *page : (wms_page){1, WMS_PAGE_SIZE_DEFAULT};
    int64_t off;
    int rc = wms_page_check(&pg, err);
    if (rc || (rc = wms_page_offset(&pg, &off)) != 0) {
        return rc;
    }
    sqlite3_stmt *st;
    *n = 0;
    if (total) {
        rc = store_cached(s, SL_PLANNED_N, "SELECT COUNT(*) FROM planned_doc p" PLANNED_WHERE, &st,
                          err);
        if (rc) {
            return rc;
        }
        if (type) {
            sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
        }
        sqlite3_bind_int64(st, 2, warehouse_id);
        rc = store_step_one(s, st, err, "planned");
        *total = rc == 0 ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        if (rc) {
            return rc;
        }
    }
    rc = store_cached(s, SL_PLANNED,
                      "SELECT " PLANNED_COLS " FROM planned_doc p" PLANNED_WHERE
                      " ORDER BY p.id LIMIT ?3 OFFSET ?4",
                      &st, err);
    if (rc) {
        return rc;
    }
    if (type) {
        sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(st, 2, warehouse_id);
    sqlite3_bind_int64(st, 3, pg.page_size);
    sqlite3_bind_int64(st, 4, off);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_planned(st, &out[(*n)++]);
    }
    int r = rc == SQLITE_DONE ? 0 : store_sqlerr(s, rc, err, "planned");
    sqlite3_reset(st);
    return r;
}

int wms_store_planned_get(wms_store *s, int64_t id, wms_store_planned *out, wms_err *err)
{
    if (!s || !out) {
        return wms_err_set(err, WMS_EINVAL, "planned: arguments");
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_PLANNED_GET,
                          "SELECT " PLANNED_COLS " FROM planned_doc p WHERE p.id = ?", &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, id);
    rc = store_step_one(s, st, err, "planned document");
    if (rc == 0) {
        row_planned(st, out);
    }
    sqlite3_reset(st);
    return rc;
}

static void page_row_pline(sqlite3_stmt *st, void *out, size_t i, const void *ctx)
{
    (void)ctx;
    wms_store_planned_line *l = (wms_store_planned_line *)out + i;
    memset(l, 0, sizeof *l);
    l->id = sqlite3_column_int64(st, 0);
    l->planned_id = sqlite3_column_int64(st, 1);
    l->product_id = sqlite3_column_int64(st, 2);
    l->location_id = sqlite3_column_int64(st, 3);
    l->qty.milli = sqlite3_column_int64(st, 4);
    store_col_text(st, 5, l->lot, sizeof l->lot);
}

int wms_store_planned_lines(wms_store *s, int64_t planned_id, const wms_page *page,
                            wms_store_planned_line *out, size_t *n, bool *more, wms_err *err)
{
    if (!s || !out || !n) {
        return wms_err_set(err, WMS_EINVAL, "planned lines: arguments");
    }
    store_page_query pq = {
            .slot = SL_PLINES,
            .sql = "SELECT id, planned_id, product_id, IFNULL(location_id, 0), qty, lot"
                   " FROM planned_line WHERE planned_id = ? ORDER BY id LIMIT ? OFFSET ?",
            .what = "planned lines",
            .key = planned_id,
            .row = page_row_pline,
    };
    return store_page(s, &pq, page, out, n, more, err);
}

int wms_store_doc_by_ref(wms_store *s, const char *ref, wms_store_doc *out, wms_err *err)
{
    if (!s || !ref || !ref[0] || strlen(ref) >= WMS_STORE_CODE_MAX || !out) {
        return wms_err_set(err, WMS_EINVAL, "document ref: empty or too long");
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_DOC_REF,
                          "SELECT uuid FROM doc WHERE ref = ? ORDER BY seq DESC LIMIT 1", &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
    rc = store_step_one(s, st, err, "document");
    wms_uuid id;
    if (rc == 0) {
        memcpy(id.b, sqlite3_column_blob(st, 0), 16);
    }
    sqlite3_reset(st);
    return rc ? rc : wms_store_doc_get(s, &id, out, err);
}

int wms_store_docs_count(wms_store *s, int status, int type, int64_t *out, wms_err *err)
{
    if (!s || !out || status < -1 || status >= WMS_DOC_STATUS_COUNT_ || type < -1 ||
        type >= WMS_DOC_TYPE_COUNT_) {
        return wms_err_set(err, WMS_EINVAL, "documents: arguments");
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_DOCS_N,
                          "SELECT COUNT(*) FROM doc WHERE (?1 < 0 OR status = ?1)"
                          " AND (?2 < 0 OR type = ?2)",
                          &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int(st, 1, status);
    sqlite3_bind_int(st, 2, type);
    rc = store_step_one(s, st, err, "documents");
    *out = rc == 0 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc;
}
