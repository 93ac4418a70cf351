/*
 * sync.c -- what the sync thread calls: outbox batches and results, pull
 * apply, sync state; plus the scan log and health.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_done(wms_store *s, sqlite3_stmt *st, wms_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_sqlerr(s, rc, err, what);
}

static int prep(wms_store *s, const char *sql, sqlite3_stmt **st, wms_err *err)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    return rc == SQLITE_OK ? 0 : store_sqlerr(s, rc, err, "prepare");
}

void wms_store_batch_release(wms_store_batch *b)
{
    if (!b) {
        return;
    }
    for (size_t i = 0; i < b->count; i++) {
        free(b->ops[i].payload);
        b->ops[i].payload = NULL;
    }
    b->count = 0;
}

int wms_store_outbox_next(wms_store *s, size_t max, wms_store_batch *out, wms_err *err)
{
    if (!s || !out || max == 0 || max > WMS_STORE_BATCH_MAX) {
        return wms_err_set(err, WMS_EINVAL, "outbox: batch size 1..100");
    }
    out->count = 0;
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st = NULL, *up = NULL;
    rc = prep(s,
              "SELECT seq, op_id, kind, doc, at_ms, operator_id, payload, attempts, state"
              " FROM outbox WHERE state IN (0, 1) ORDER BY seq LIMIT ?",
              &st, err);
    rc = rc ? rc
            : prep(s, "UPDATE outbox SET state = 1, attempts = attempts + 1 WHERE seq = ?", &up,
                   err);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, (int64_t)max);
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            wms_store_op *op = &out->ops[out->count];
            memset(op, 0, sizeof *op);
            op->seq = sqlite3_column_int64(st, 0);
            memcpy(op->op_id.b, sqlite3_column_blob(st, 1), 16);
            store_col_text(st, 2, op->kind, sizeof op->kind);
            memcpy(op->doc.b, sqlite3_column_blob(st, 3), 16);
            op->at_ms = sqlite3_column_int64(st, 4);
            op->operator_id = sqlite3_column_int64(st, 5);
            const unsigned char *p = sqlite3_column_text(st, 6);
            op->payload = strdup(p ? (const char *)p : "{}");
            op->attempts = sqlite3_column_int(st, 7) + 1;
            op->state = WMS_OUTBOX_SENT;
            if (!op->payload) {
                rc = wms_err_set(err, WMS_ENOMEM, "outbox: out of memory");
                break;
            }
            out->count++;
            sqlite3_bind_int64(up, 1, op->seq);
            if ((rc = step_done(s, up, err, "outbox mark")) != 0) {
                break;
            }
        }
        if (rc == 0 && r != SQLITE_DONE && r != SQLITE_ROW) {
            rc = store_sqlerr(s, r, err, "outbox");
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(up);
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
        wms_store_batch_release(out);
    }
    return rc;
}

int wms_store_op_json(const wms_store_op *op, wms_buf *out)
{
    char id[WMS_UUID_STRING_LEN + 1], doc[WMS_UUID_STRING_LEN + 1];
    wms_uuid_format(&op->op_id, id);
    wms_uuid_format(&op->doc, doc);
    return wms_buf_addf(out,
                        "{\"op_id\":\"%s\",\"kind\":\"%s\",\"doc\":\"%s\",\"at\":%lld,"
                        "\"operator_id\":%lld,\"payload\":%s}",
                        id, op->kind, doc, (long long)op->at_ms, (long long)op->operator_id,
                        op->payload ? op->payload : "{}");
}

int wms_store_outbox_unsent(wms_store *s, const wms_store_batch *b, const char *error, wms_err *err)
{
    if (!s || !b) {
        return wms_err_set(err, WMS_EINVAL, "outbox: arguments");
    }
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st = NULL;
    rc = prep(s, "UPDATE outbox SET state = 0, last_error = ? WHERE seq = ? AND state = 1", &st,
              err);
    for (size_t i = 0; rc == 0 && i < b->count; i++) {
        sqlite3_bind_text(st, 1, error ? error : "no answer", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, b->ops[i].seq);
        rc = step_done(s, st, err, "outbox unsent");
    }
    sqlite3_finalize(st);
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

int wms_store_outbox_results(wms_store *s, const wms_store_op_result *res, size_t n, wms_err *err)
{
    if (!s || (!res && n)) {
        return wms_err_set(err, WMS_EINVAL, "results: arguments");
    }
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *get = NULL, *ok = NULL, *rej = NULL, *deltas = NULL, *dseq = NULL, *drop = NULL,
                 *docrej = NULL;
    rc = prep(s, "SELECT seq, doc FROM outbox WHERE op_id = ?", &get, err);
    rc = rc ? rc
            : prep(s, "UPDATE outbox SET state = 2, duplicate = ?, change_seq = ? WHERE seq = ?",
                   &ok, err);
    rc = rc ? rc
            : prep(s, "UPDATE outbox SET state = 3, reject_code = ?, reason = ? WHERE seq = ?",
                   &rej, err);
    rc = rc ? rc
            : prep(s, "UPDATE pending_delta SET change_seq = ? WHERE op_seq = ?", &deltas, err);
    rc = rc ? rc : prep(s, "SELECT seq FROM doc WHERE uuid = ?", &dseq, err);
    rc = rc ? rc : prep(s, "DELETE FROM pending_delta WHERE doc_seq = ?", &drop, err);
    rc = rc ? rc
            : prep(s,
                   "UPDATE doc SET status = 3, reason = ?, updated_ms = ? WHERE seq = ?"
                   " AND status IN (0, 1)",
                   &docrej, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const wms_store_op_result *r = &res[i];
        sqlite3_bind_blob(get, 1, r->op_id.b, 16, SQLITE_STATIC);
        int x = sqlite3_step(get);
        if (x != SQLITE_ROW) {
            sqlite3_reset(get);
            char id[WMS_UUID_STRING_LEN + 1];
            wms_uuid_format(&r->op_id, id);
            rc = x == SQLITE_DONE ? wms_err_set(err, WMS_EPROTO, "result for unknown op %s", id)
                                  : store_sqlerr(s, x, err, "results");
            break;
        }
        int64_t seq = sqlite3_column_int64(get, 0);
        wms_uuid doc;
        memcpy(doc.b, sqlite3_column_blob(get, 1), 16);
        sqlite3_reset(get);
        if (r->status == WMS_OP_REJECTED) {
            const char *reason = r->reason ? r->reason : "rejected";
            sqlite3_bind_text(rej, 1, r->code ? r->code : "", -1, SQLITE_STATIC);
            sqlite3_bind_text(rej, 2, reason, -1, SQLITE_STATIC);
            sqlite3_bind_int64(rej, 3, seq);
            rc = step_done(s, rej, err, "reject");
            sqlite3_bind_blob(dseq, 1, doc.b, 16, SQLITE_STATIC);
            x = sqlite3_step(dseq);
            int64_t ds = x == SQLITE_ROW ? sqlite3_column_int64(dseq, 0) : 0;
            sqlite3_reset(dseq);
            if (rc == 0 && ds) {
                sqlite3_bind_int64(drop, 1, ds);
                rc = step_done(s, drop, err, "drop deltas");
                sqlite3_bind_text(docrej, 1, reason, -1, SQLITE_STATIC);
                sqlite3_bind_int64(docrej, 2, wms_clock_now_ms(s->clock));
                sqlite3_bind_int64(docrej, 3, ds);
                rc = rc ? rc : step_done(s, docrej, err, "doc rejected");
            }
        } else {
            sqlite3_bind_int(ok, 1, r->status == WMS_OP_DUPLICATE);
            sqlite3_bind_int64(ok, 2, r->change_seq);
            sqlite3_bind_int64(ok, 3, seq);
            rc = step_done(s, ok, err, "applied");
            sqlite3_bind_int64(deltas, 1, r->change_seq);
            sqlite3_bind_int64(deltas, 2, seq);
            rc = rc ? rc : step_done(s, deltas, err, "deltas");
        }
    }
    sqlite3_finalize(get);
    sqlite3_finalize(ok);
    sqlite3_finalize(rej);
    sqlite3_finalize(deltas);
    sqlite3_finalize(dseq);
    sqlite3_finalize(drop);
    sqlite3_finalize(docrej);
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

int wms_store_outbox_stats_get(wms_store *s, wms_store_outbox_stats *out, wms_err *err)
{
    if (!s || !out) {
        return wms_err_set(err, WMS_EINVAL, "outbox stats: arguments");
    }
    sqlite3_stmt *st;
    int rc = prep(s,
                  "SELECT (SELECT COUNT(*) FROM outbox WHERE state IN (0,1)),"
                  " (SELECT COUNT(*) FROM outbox WHERE state = 3),"
                  " IFNULL((SELECT at_ms FROM outbox WHERE state IN (0,1) ORDER BY state, seq"
                  " LIMIT 1), 0)",
                  &st, err);
    if (rc) {
        return rc;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->pending = sqlite3_column_int64(st, 0);
        out->rejected = sqlite3_column_int64(st, 1);
        out->oldest_ms = sqlite3_column_int64(st, 2);
        rc = 0;
    } else {
        rc = store_sqlerr(s, rc, err, "outbox stats");
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- pull apply ----------------------------------------------------------- */

static const char *const entity_names[WMS_ENT_COUNT_] = {"warehouse",    "location", "product",
                                                         "barcode",      "operator", "planned_doc",
                                                         "planned_line", "stock",    "document"};

const char *wms_store_entity_name(wms_store_entity e)
{
    return (unsigned)e < WMS_ENT_COUNT_ ? entity_names[e] : NULL;
}

int wms_store_entity_parse(const char *s, wms_store_entity *out)
{
    for (int i = 0; s && i < WMS_ENT_COUNT_; i++) {
        if (strcmp(s, entity_names[i]) == 0) {
            *out = (wms_store_entity)i;
            return 0;
        }
    }
    return WMS_EINVAL;
}

static const char *const upsert_sql[WMS_ENT_COUNT_] = {
        "INSERT OR REPLACE INTO warehouse(id, code, name) VALUES (?1, ?2, ?3)",
        "INSERT OR REPLACE INTO location(id, warehouse_id, code, zone, type)"
        " VALUES (?1, ?4, ?2, ?5, ?6)",
        "INSERT INTO product(id, sku, name, uom, decimals, tracking) VALUES (?1, ?7, ?3, ?8, ?9,"
        " ?10) ON CONFLICT(id) DO UPDATE SET sku = excluded.sku, name = excluded.name,"
        " uom = excluded.uom, decimals = excluded.decimals, tracking = excluded.tracking",
        "INSERT OR REPLACE INTO barcode(id, product_id, code, pack_qty, kind)"
        " VALUES (?1, ?11, ?2, ?12, ?13)",
        "INSERT OR REPLACE INTO operator(id, badge, name, role, pin_hash, active)"
        " VALUES (?1, ?14, ?3, ?15, ?16, ?17)",
        "INSERT OR REPLACE INTO planned_doc(id, type, warehouse_id, ref, partner, status)"
        " VALUES (?1, ?6, ?4, ?18, ?19, ?20)",
        "INSERT OR REPLACE INTO planned_line(id, planned_id, product_id, location_id, qty, lot)"
        " VALUES (?1, ?21, ?11, NULLIF(?22, 0), ?23, ?24)",
        "INSERT OR REPLACE INTO stock(id, warehouse_id, location_id, product_id, lot, qty)"
        " VALUES (?1, ?4, ?22, ?11, ?24, ?23)",
        "UPDATE doc SET status = CASE ?20 WHEN 'rejected' THEN 3 WHEN 'posted' THEN 1"
        " WHEN 'cancelled' THEN 2 ELSE status END, reason = ?25 WHERE uuid = ?26"};

static const char *const delete_sql[WMS_ENT_COUNT_] = {"DELETE FROM warehouse WHERE id = ?1",
                                                       "DELETE FROM location WHERE id = ?1",
                                                       "DELETE FROM product WHERE id = ?1",
                                                       "DELETE FROM barcode WHERE id = ?1",
                                                       "DELETE FROM operator WHERE id = ?1",
                                                       "DELETE FROM planned_doc WHERE id = ?1",
                                                       "DELETE FROM planned_line WHERE id = ?1",
                                                       "DELETE FROM stock WHERE id = ?1",
                                                       "SELECT 1"};

static void bind_s(sqlite3_stmt *st, int i, const char *v)
{
    if (sqlite3_bind_parameter_name(st, i)) {
        sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_TRANSIENT);
    }
}

static void bind_i(sqlite3_stmt *st, int i, int64_t v)
{
    if (sqlite3_bind_parameter_name(st, i)) {
        sqlite3_bind_int64(st, i, v);
    }
}

static int apply_one(wms_store *s, sqlite3_stmt *st, const wms_store_change *c, wms_err *err)
{
    sqlite3_clear_bindings(st);
    int np = sqlite3_bind_parameter_count(st);
    bind_i(st, 1, c->id);
    bind_s(st, 2, c->code);
    bind_s(st, 3, c->name);
    if (np >= 4) {
        bind_i(st, 4, c->warehouse_id);
        bind_s(st, 5, c->zone);
        bind_s(st, 6, c->type);
        bind_s(st, 7, c->sku);
        bind_s(st, 8, c->uom);
        bind_i(st, 9, c->decimals);
        bind_s(st, 10, c->tracking);
        bind_i(st, 11, c->product_id);
        bind_i(st, 12, c->pack_qty.milli);
        bind_s(st, 13, c->kind);
        bind_s(st, 14, c->badge);
        bind_s(st, 15, c->role);
        bind_s(st, 16, c->pin_hash);
        bind_i(st, 17, c->active ? 1 : 0);
        bind_s(st, 18, c->ref);
        bind_s(st, 19, c->partner);
        bind_s(st, 20, c->status);
        bind_i(st, 21, c->planned_id);
        bind_i(st, 22, c->location_id);
        bind_i(st, 23, c->qty.milli);
        bind_s(st, 24, c->lot);
        bind_s(st, 25, c->reason);
    }
    if (np >= 26) {
        wms_uuid u;
        if (!c->uuid || wms_uuid_parse(c->uuid, strlen(c->uuid), &u, NULL) != 0) {
            return wms_err_set(err, WMS_EPROTO, "document change without a valid uuid");
        }
        sqlite3_bind_blob(st, 26, u.b, 16, SQLITE_TRANSIENT);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        int r = store_sqlerr(s, rc, err, "apply");
        wms_err_prefix(err, "change seq %lld (%s %lld)", (long long)c->seq, entity_names[c->entity],
                       (long long)c->id);
        return r;
    }
    return 0;
}

int wms_store_pull_apply(wms_store *s, const wms_store_change *ch, size_t n, int64_t next,
                         wms_err *err)
{
    if (!s || (!ch && n) || next < 0) {
        return wms_err_set(err, WMS_EINVAL, "pull apply: arguments");
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)ch[i].entity >= WMS_ENT_COUNT_ || ch[i].seq > next) {
            return wms_err_set(err, WMS_EPROTO, "pull apply: bad entity or seq beyond next");
        }
    }
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    int64_t cur = 0;
    sqlite3_stmt *st = NULL;
    rc = prep(s, "SELECT cursor FROM sync_state WHERE k = 1", &st, err);
    if (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        cur = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (rc == 0 && next < cur) {
        rc = wms_err_set(err, WMS_EPROTO, "pull apply: cursor %lld goes back from %lld",
                         (long long)next, (long long)cur);
    }
    sqlite3_stmt *ups[WMS_ENT_COUNT_] = {0}, *dels[WMS_ENT_COUNT_] = {0};
    /* the catalog is replaced row by row: defer foreign keys to the commit */
    rc = rc ? rc : store_exec(s, "PRAGMA defer_foreign_keys=ON", err, "defer");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const wms_store_change *c = &ch[i];
        sqlite3_stmt **slot = c->is_delete ? &dels[c->entity] : &ups[c->entity];
        if (!*slot) {
            rc = prep(s, c->is_delete ? delete_sql[c->entity] : upsert_sql[c->entity], slot, err);
        }
        rc = rc ? rc : apply_one(s, *slot, c, err);
        if (rc == 0 && c->entity == WMS_ENT_DOCUMENT && c->status &&
            strcmp(c->status, "rejected") == 0 && c->uuid) {
            wms_uuid u;
            if (wms_uuid_parse(c->uuid, strlen(c->uuid), &u, NULL) == 0) {
                sqlite3_stmt *d = NULL;
                rc = prep(s,
                          "DELETE FROM pending_delta WHERE doc_seq IN"
                          " (SELECT seq FROM doc WHERE uuid = ?)",
                          &d, err);
                if (rc == 0) {
                    sqlite3_bind_blob(d, 1, u.b, 16, SQLITE_STATIC);
                    rc = step_done(s, d, err, "drop deltas");
                }
                sqlite3_finalize(d);
            }
        }
    }
    for (int i = 0; i < WMS_ENT_COUNT_; i++) {
        sqlite3_finalize(ups[i]);
        sqlite3_finalize(dels[i]);
    }
    if (rc == 0) {
        rc = prep(s, "DELETE FROM pending_delta WHERE change_seq IS NOT NULL AND change_seq <= ?",
                  &st, err);
        if (rc == 0) {
            sqlite3_bind_int64(st, 1, next);
            rc = step_done(s, st, err, "settle deltas");
        }
        sqlite3_finalize(st);
    }
    if (rc == 0) {
        rc = prep(s, "UPDATE sync_state SET cursor = ? WHERE k = 1", &st, err);
        if (rc == 0) {
            sqlite3_bind_int64(st, 1, next);
            rc = step_done(s, st, err, "cursor");
        }
        sqlite3_finalize(st);
    }
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

int wms_store_sync_state_get(wms_store *s, wms_store_sync_state *out, wms_err *err)
{
    if (!s || !out) {
        return wms_err_set(err, WMS_EINVAL, "sync state: arguments");
    }
    sqlite3_stmt *st;
    int rc = prep(s,
                  "SELECT cursor, last_success_ms, last_error_ms, last_error FROM sync_state"
                  " WHERE k = 1",
                  &st, err);
    if (rc) {
        return rc;
    }
    rc = store_step_one(s, st, err, "sync state");
    if (rc == 0) {
        out->cursor = sqlite3_column_int64(st, 0);
        out->last_success_ms = sqlite3_column_int64(st, 1);
        out->last_error_ms = sqlite3_column_int64(st, 2);
        store_col_text(st, 3, out->last_error, sizeof out->last_error);
    }
    sqlite3_finalize(st);
    return rc;
}

int wms_store_sync_note(wms_store *s, const char *error, wms_err *err)
{
    if (!s) {
        return wms_err_set(err, WMS_EINVAL, "sync note: arguments");
    }
    if (s->role == WMS_STORE_READONLY) {
        return wms_err_set(err, WMS_EREADONLY, "store opened read-only");
    }
    sqlite3_stmt *st;
    int rc = prep(s,
                  error ? "UPDATE sync_state SET last_error_ms = ?1, last_error = ?2 WHERE k = 1"
                        : "UPDATE sync_state SET last_success_ms = ?1 WHERE k = 1",
                  &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, wms_clock_now_ms(s->clock));
    if (error) {
        char e[256];
        wms_strlcpy(e, error, sizeof e);
        sqlite3_bind_text(st, 2, e, -1, SQLITE_TRANSIENT);
    }
    rc = step_done(s, st, err, "sync note");
    sqlite3_finalize(st);
    return rc;
}

/* ---- scan log, health ----------------------------------------------------- */

int wms_store_scan_log(wms_store *s, const wms_store_scan *sc, wms_err *err)
{
    if (!s || !sc || (!sc->raw && sc->raw_len) || sc->operator_id < 0) {
        return wms_err_set(err, WMS_EINVAL, "scan log: arguments");
    }
    if (s->role == WMS_STORE_READONLY) {
        return wms_err_set(err, WMS_EREADONLY, "store opened read-only");
    }
    sqlite3_stmt *st;
    int rc = prep(s,
                  "INSERT INTO scan_log(at_ms, operator_id, screen, raw, kind, outcome)"
                  " VALUES (?,?,?,?,?,?)",
                  &st, err);
    if (rc) {
        return rc;
    }
    size_t len = sc->raw_len > WMS_SCAN_DATA_MAX ? WMS_SCAN_DATA_MAX : sc->raw_len;
    char outcome[200];
    wms_strlcpy(outcome, sc->outcome ? sc->outcome : "", sizeof outcome);
    sqlite3_bind_int64(st, 1, wms_clock_now_ms(s->clock));
    sqlite3_bind_int64(st, 2, sc->operator_id);
    sqlite3_bind_text(st, 3, sc->screen ? sc->screen : "", -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, sc->raw ? sc->raw : "", (int)len, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, sc->kind ? sc->kind : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, outcome, -1, SQLITE_STATIC);
    /* An audit row, not an action: committed without the fsync (WAL +
     * synchronous=NORMAL keeps it through a crash of the process; a power
     * loss may drop the newest rows), then back to FULL for the actions. */
    rc = store_exec(s, "PRAGMA synchronous=NORMAL", err, "scan log");
    rc = rc ? rc : step_done(s, st, err, "scan log");
    sqlite3_finalize(st);
    int r = store_exec(s, "PRAGMA synchronous=FULL", rc ? NULL : err, "synchronous");
    return rc ? rc : r;
}

int wms_store_scan_last(wms_store *s, int64_t *at_ms, wms_err *err)
{
    if (!s || !at_ms) {
        return wms_err_set(err, WMS_EINVAL, "scan last: arguments");
    }
    *at_ms = 0;
    sqlite3_stmt *st;
    int rc = prep(s, "SELECT at_ms FROM scan_log ORDER BY id DESC LIMIT 1", &st, err);
    if (rc) {
        return rc;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *at_ms = sqlite3_column_int64(st, 0);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = store_sqlerr(s, rc, err, "scan last");
    }
    sqlite3_finalize(st);
    return rc;
}

int wms_store_health(wms_store *s, wms_health *h)
{
    if (!h) {
        return WMS_EINVAL;
    }
    if (!s) {
        wms_health_add(h, "local_db", WMS_HEALTH_UNHEALTHY, true, "not open");
        return 0;
    }
    wms_store_outbox_stats o = {0};
    wms_err e;
    wms_err_clear(&e);
    int rc = wms_store_outbox_stats_get(s, &o, &e);
    wms_health_component *c;
    if (rc) {
        c = wms_health_add(h, "local_db", WMS_HEALTH_UNHEALTHY, true, "%s", e.msg);
    } else if (s->check_rc) {
        c = wms_health_add(h, "local_db", WMS_HEALTH_DEGRADED, true,
                           "was corrupt: moved aside, fresh database created");
    } else if (s->last_error[0]) {
        c = wms_health_add(h, "local_db", WMS_HEALTH_DEGRADED, true, "last error: %s",
                           s->last_error);
    } else {
        c = wms_health_add(h, "local_db", WMS_HEALTH_HEALTHY, true, "ok");
    }
    (void)c;
    if (rc == 0) {
        int64_t now = wms_clock_now_ms(s->clock);
        double age = o.oldest_ms ? (double)(now - o.oldest_ms) / 1000.0 : 0.0;
        wms_health_status st =
                o.rejected > 0 || age > 3600.0 ? WMS_HEALTH_DEGRADED : WMS_HEALTH_HEALTHY;
        wms_health_component *ob =
                wms_health_add(h, "outbox", st, false, "%lld pending, %lld rejected",
                               (long long)o.pending, (long long)o.rejected);
        if (ob) {
            wms_health_value_add(ob, "depth", (double)o.pending, "");
            wms_health_value_add(ob, "oldest_age_s", age, "s");
            wms_health_value_add(ob, "rejected", (double)o.rejected, "");
        }
    }
    return 0;
}
