/*
 * docs.c -- operator actions on documents: each is ONE transaction writing
 * the rows and one outbox operation (docs/sync-protocol.md).
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_begin(wms_store *s, wms_err *err)
{
    if (s->role == WMS_STORE_READONLY) {
        return wms_err_set(err, WMS_EREADONLY, "store opened read-only");
    }
    return store_exec(s, "BEGIN IMMEDIATE", err, "begin");
}

int store_commit(wms_store *s, wms_err *err)
{
    int rc = store_exec(s, "COMMIT", err, "commit");
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

void store_rollback(wms_store *s)
{
    if (!sqlite3_get_autocommit(s->db)) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
}

/* JSON string literal of `v` (validated UTF-8 text) appended to `b`. */
static int json_str(wms_buf *b, const char *v)
{
    int rc = wms_buf_addstr(b, "\"");
    for (const char *p = v; rc == 0 && *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            rc = wms_buf_addf(b, "\\%c", c);
        } else if (c < 0x20) {
            rc = wms_buf_addf(b, "\\u%04x", c);
        } else {
            rc = wms_buf_add(b, p, 1);
        }
    }
    return rc ? rc : wms_buf_addstr(b, "\"");
}

/* `count`: fill out->items (a scan of the document's lines). */
static int doc_row_ex(wms_store *s, const wms_uuid *doc, int64_t *seq, wms_store_doc *out,
                      bool count, wms_err *err)
{
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_DOC_GET,
                          "SELECT seq, uuid, type, status, warehouse_id, IFNULL(planned_id, 0),"
                          " ref, reason, operator_id, created_ms, updated_ms,"
                          " CASE WHEN ?2 THEN (SELECT COUNT(*) FROM item i"
                          " WHERE i.doc_seq = doc.seq) ELSE -1 END FROM doc WHERE uuid = ?1",
                          &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_blob(st, 1, doc->b, 16, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, count);
    rc = store_step_one(s, st, err, "document");
    if (rc == 0) {
        *seq = sqlite3_column_int64(st, 0);
        if (out) {
            memset(out, 0, sizeof *out);
            out->seq = *seq;
            memcpy(out->uuid.b, sqlite3_column_blob(st, 1), 16);
            out->type = (wms_doc_type)sqlite3_column_int(st, 2);
            out->status = (wms_doc_status)sqlite3_column_int(st, 3);
            out->warehouse_id = sqlite3_column_int64(st, 4);
            out->planned_id = sqlite3_column_int64(st, 5);
            store_col_text(st, 6, out->ref, sizeof out->ref);
            store_col_text(st, 7, out->reason, sizeof out->reason);
            out->operator_id = sqlite3_column_int64(st, 8);
            out->created_ms = sqlite3_column_int64(st, 9);
            out->updated_ms = sqlite3_column_int64(st, 10);
            out->items = sqlite3_column_int64(st, 11);
        }
    }
    sqlite3_reset(st);
    return rc;
}

static int doc_row(wms_store *s, const wms_uuid *doc, int64_t *seq, wms_store_doc *out,
                   wms_err *err)
{
    return doc_row_ex(s, doc, seq, out, true, err);
}

int wms_store_doc_get(wms_store *s, const wms_uuid *doc, wms_store_doc *out, wms_err *err)
{
    if (!s || !doc || !out) {
        return wms_err_set(err, WMS_EINVAL, "document: arguments");
    }
    int64_t seq;
    return doc_row(s, doc, &seq, out, err);
}

/* Insert the outbox operation; the caller holds the transaction. */
static int outbox_add(wms_store *s, const char *kind, const wms_uuid *doc, int64_t operator_id,
                      const char *payload, wms_uuid *op_id, int64_t *op_seq, wms_err *err)
{
    wms_uuid id;
    int rc = wms_uuid7_next(&s->gen, &id);
    if (rc) {
        return wms_err_set(err, rc, "op_id: no random bytes");
    }
    sqlite3_stmt *st;
    rc = store_cached(s, SL_OUTBOX_INS,
                      "INSERT INTO outbox(op_id, kind, doc, at_ms, operator_id, payload)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_blob(st, 1, id.b, 16, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, doc->b, 16, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, wms_clock_now_ms(s->clock));
    sqlite3_bind_int64(st, 5, operator_id);
    sqlite3_bind_text(st, 6, payload, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        return store_sqlerr(s, rc, err, "outbox");
    }
    if (op_seq) {
        *op_seq = sqlite3_last_insert_rowid(s->db);
    }
    if (op_id) {
        *op_id = id;
    }
    return 0;
}

static int check_actor(const wms_store_actor *who, wms_err *err)
{
    if (!who || who->operator_id < 1) {
        return wms_err_set(err, WMS_EINVAL, "operator_id must be >= 1");
    }
    return 0;
}

static int exists(wms_store *s, const char *sql, int64_t id, const char *what, wms_err *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return store_sqlerr(s, rc, err, what);
    }
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        return 0;
    }
    if (rc == SQLITE_DONE) {
        return wms_err_set(err, WMS_ENOTFOUND, "%s %lld: not found", what, (long long)id);
    }
    return store_sqlerr(s, rc, err, what);
}

int wms_store_doc_create(wms_store *s, const wms_store_actor *who, const wms_store_doc_new *d,
                         wms_uuid *doc_out, wms_uuid *op_id, wms_err *err)
{
    if (!s || !d) {
        return wms_err_set(err, WMS_EINVAL, "doc.create: arguments");
    }
    int rc = check_actor(who, err);
    if (rc) {
        return rc;
    }
    if ((unsigned)d->type >= WMS_DOC_TYPE_COUNT_ || d->warehouse_id < 1 || d->planned_id < 0) {
        return wms_err_set(err, WMS_EINVAL, "doc.create: bad type, warehouse or planned id");
    }
    const char *ref = d->ref ? d->ref : "";
    if (ref[0] && (rc = wms_text_validate(ref, strlen(ref), 63, 0, err)) != 0) {
        return wms_err_prefix(err, "ref");
    }
    wms_uuid doc;
    if ((rc = wms_uuid7_next(&s->gen, &doc)) != 0) {
        return wms_err_set(err, rc, "doc uuid: no random bytes");
    }
    wms_buf b;
    wms_buf_init(&b, 1024);
    rc = wms_buf_addf(&b, "{\"type\":\"%s\",\"warehouse_id\":%lld", wms_doc_type_name(d->type),
                      (long long)d->warehouse_id);
    if (rc == 0 && d->planned_id) {
        rc = wms_buf_addf(&b, ",\"planned_id\":%lld", (long long)d->planned_id);
    }
    if (rc == 0 && ref[0]) {
        rc = wms_buf_addstr(&b, ",\"ref\":");
        rc = rc ? rc : json_str(&b, ref);
    }
    rc = rc ? rc : wms_buf_addstr(&b, "}");
    if (rc) {
        wms_buf_release(&b);
        return wms_err_set(err, rc, "doc.create: payload");
    }
    rc = store_begin(s, err);
    if (rc == 0) {
        rc = exists(s, "SELECT 1 FROM warehouse WHERE id = ?", d->warehouse_id, "warehouse", err);
    }
    if (rc == 0 && d->planned_id) {
        rc = exists(s, "SELECT 1 FROM planned_doc WHERE id = ?", d->planned_id, "planned document",
                    err);
    }
    if (rc == 0) {
        sqlite3_stmt *st;
        rc = store_cached(s, SL_DOC_INS,
                          "INSERT INTO doc(uuid, type, status, warehouse_id, planned_id, ref,"
                          " operator_id, created_ms, updated_ms) VALUES (?,?,0,?,?,?,?,?,?)",
                          &st, err);
        if (rc == 0) {
            int64_t now = wms_clock_now_ms(s->clock);
            sqlite3_bind_blob(st, 1, doc.b, 16, SQLITE_STATIC);
            sqlite3_bind_int(st, 2, (int)d->type);
            sqlite3_bind_int64(st, 3, d->warehouse_id);
            if (d->planned_id) {
                sqlite3_bind_int64(st, 4, d->planned_id);
            }
            sqlite3_bind_text(st, 5, ref, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 6, who->operator_id);
            sqlite3_bind_int64(st, 7, now);
            sqlite3_bind_int64(st, 8, now);
            int r = sqlite3_step(st);
            sqlite3_reset(st);
            if (r != SQLITE_DONE) {
                rc = store_sqlerr(s, r, err, "doc insert");
            }
        }
    }
    if (rc == 0) {
        rc = outbox_add(s, "doc.create", &doc, who->operator_id, wms_buf_str(&b), op_id, NULL, err);
    }
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    } else if (doc_out) {
        *doc_out = doc;
    }
    wms_buf_release(&b);
    return rc;
}

/* Begin and load a draft document (ECONFLICT when not a draft). */
static int begin_draft(wms_store *s, const wms_uuid *doc, int64_t *seq, wms_store_doc *d,
                       bool count, wms_err *err)
{
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    rc = doc_row_ex(s, doc, seq, d, count, err);
    if (rc == 0 && d->status != WMS_DOC_DRAFT) {
        rc = wms_err_set(err, WMS_ECONFLICT, "document is %s, not a draft",
                         wms_doc_status_name(d->status));
    }
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

static int opt_text(const char *v, size_t max_chars, const char *what, wms_err *err)
{
    if (v && v[0]) {
        int rc = wms_text_validate(v, strlen(v), max_chars, 0, err);
        if (rc) {
            return wms_err_prefix(err, "%s", what);
        }
    }
    return 0;
}

static int touch_doc(wms_store *s, int64_t seq, int status, const char *reason, wms_err *err)
{
    sqlite3_stmt *st;
    int rc = store_cached(s, SL_DOC_STATUS,
                          "UPDATE doc SET status = IFNULL(?, status), reason = IFNULL(?, reason),"
                          " updated_ms = ? WHERE seq = ?",
                          &st, err);
    if (rc) {
        return rc;
    }
    if (status >= 0) {
        sqlite3_bind_int(st, 1, status);
    }
    if (reason) {
        sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(st, 3, wms_clock_now_ms(s->clock));
    sqlite3_bind_int64(st, 4, seq);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : store_sqlerr(s, rc, err, "doc update");
}

/* Checks of a new item that need no database; `delta`: qty is a change
 * (may be negative, not 0). */
static int item_check(const wms_store_actor *who, const wms_store_item_new *it, bool delta,
                      wms_err *err)
{
    int rc = check_actor(who, err);
    if (rc) {
        return rc;
    }
    if (it->product_id < 1 || it->location_id < 1 || it->to_location_id < 0) {
        return wms_err_set(err, WMS_EINVAL, "item.add: ids must be >= 1");
    }
    int64_t lo = delta ? -WMS_QTY_MAX_MILLI : 0;
    if (it->qty.milli < lo || it->qty.milli > WMS_QTY_MAX_MILLI || (delta && it->qty.milli == 0)) {
        return wms_err_set(err, WMS_ERANGE, "item.add: quantity out of range");
    }
    if ((rc = opt_text(it->lot, 20, "lot", err)) != 0 ||
        (rc = opt_text(it->serial, 20, "serial", err)) != 0) {
        return rc;
    }
    if (it->expiry && it->expiry[0]) {
        int y, m, d;
        char tail;
        if (strlen(it->expiry) != 10 ||
            sscanf(it->expiry, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
            !wms_date_valid(y, m, d)) {
            return wms_err_set(err, WMS_EINVAL, "expiry: not a YYYY-MM-DD date");
        }
    }
    return 0;
}

/* `qty` fits the product's decimals. */
static int check_decimals(const wms_store_product *p, wms_qty qty, const char *what, wms_err *err)
{
    int64_t unit = 1;
    for (int i = p->decimals; i < 3; i++) {
        unit *= 10;
    }
    if (qty.milli % unit != 0) {
        return wms_err_set(err, WMS_EINVAL, "%s: %s allows %d decimals", what, p->sku, p->decimals);
    }
    return 0;
}

/* Insert the item and its item.add operation; the caller holds the
 * transaction on draft `d` (sequence `seq`). */
static int item_insert(wms_store *s, const wms_store_actor *who, const wms_uuid *doc, int64_t seq,
                       const wms_store_doc *d, const wms_store_item_new *it, wms_uuid *item_out,
                       wms_uuid *op_id, wms_err *err)
{
    wms_store_product p;
    wms_buf b;
    wms_buf_init(&b, 2048);
    int rc = wms_store_product_by_id(s, it->product_id, &p, err);
    if (rc) {
        goto out;
    }
    if (it->qty.milli <= 0 && d->type != WMS_DOC_COUNT) {
        rc = wms_err_set(err, WMS_ERANGE, "item.add: quantity must be > 0");
        goto out;
    }
    if ((rc = check_decimals(&p, it->qty, "item.add", err)) != 0) {
        goto out;
    }
    wms_store_location l;
    if ((rc = wms_store_location_by_id(s, it->location_id, &l, err)) != 0) {
        goto out;
    }
    if (d->type == WMS_DOC_TRANSFER) {
        if (it->to_location_id < 1) {
            rc = wms_err_set(err, WMS_EINVAL, "item.add: a transfer needs to_location_id");
            goto out;
        }
        if ((rc = wms_store_location_by_id(s, it->to_location_id, &l, err)) != 0) {
            goto out;
        }
    } else if (it->to_location_id) {
        rc = wms_err_set(err, WMS_EINVAL, "item.add: to_location_id only for transfers");
        goto out;
    }
    wms_uuid item;
    if ((rc = wms_uuid7_next(&s->gen, &item)) != 0) {
        rc = wms_err_set(err, rc, "item uuid: no random bytes");
        goto out;
    }
    char ustr[WMS_UUID_STRING_LEN + 1], q[WMS_QTY_STRING_MAX];
    wms_uuid_format(&item, ustr);
    wms_qty_format(it->qty, q, sizeof q);
    rc = wms_buf_addf(&b, "{\"item\":\"%s\",\"product_id\":%lld,\"location_id\":%lld", ustr,
                      (long long)it->product_id, (long long)it->location_id);
    if (rc == 0 && it->to_location_id) {
        rc = wms_buf_addf(&b, ",\"to_location_id\":%lld", (long long)it->to_location_id);
    }
    rc = rc ? rc : wms_buf_addf(&b, ",\"qty\":\"%s\"", q);
    if (rc == 0 && it->lot && it->lot[0]) {
        rc = wms_buf_addstr(&b, ",\"lot\":");
        rc = rc ? rc : json_str(&b, it->lot);
    }
    if (rc == 0 && it->serial && it->serial[0]) {
        rc = wms_buf_addstr(&b, ",\"serial\":");
        rc = rc ? rc : json_str(&b, it->serial);
    }
    if (rc == 0 && it->expiry && it->expiry[0]) {
        rc = wms_buf_addf(&b, ",\"expiry\":\"%s\"", it->expiry);
    }
    rc = rc ? rc : wms_buf_addstr(&b, "}");
    if (rc) {
        rc = wms_err_set(err, rc, "item.add: payload");
        goto out;
    }
    sqlite3_stmt *st;
    rc = store_cached(s, SL_ITEM_INS,
                      "INSERT INTO item(uuid, doc_seq, product_id, location_id, to_location_id,"
                      " qty, lot, serial, expiry) VALUES (?,?,?,?,?,?,?,?,?)",
                      &st, err);
    if (rc) {
        goto out;
    }
    sqlite3_bind_blob(st, 1, item.b, 16, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seq);
    sqlite3_bind_int64(st, 3, it->product_id);
    sqlite3_bind_int64(st, 4, it->location_id);
    if (it->to_location_id) {
        sqlite3_bind_int64(st, 5, it->to_location_id);
    }
    sqlite3_bind_int64(st, 6, it->qty.milli);
    sqlite3_bind_text(st, 7, it->lot ? it->lot : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, it->serial ? it->serial : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, it->expiry ? it->expiry : "", -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE) {
        rc = store_sqlerr(s, r, err, "item insert");
        goto out;
    }
    rc = touch_doc(s, seq, -1, NULL, err);
    rc = rc ? rc
            : outbox_add(s, "item.add", doc, who->operator_id, wms_buf_str(&b), op_id, NULL, err);
    if (rc == 0 && item_out) {
        *item_out = item;
    }
out:
    wms_buf_release(&b);
    return rc;
}

int wms_store_item_add(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                       const wms_store_item_new *it, wms_uuid *item_out, wms_uuid *op_id,
                       wms_err *err)
{
    if (!s || !doc || !it) {
        return wms_err_set(err, WMS_EINVAL, "item.add: arguments");
    }
    int rc = item_check(who, it, false, err);
    if (rc) {
        return rc;
    }
    int64_t seq;
    wms_store_doc d;
    rc = begin_draft(s, doc, &seq, &d, false, err);
    if (rc) {
        return rc;
    }
    wms_uuid item;
    rc = item_insert(s, who, doc, seq, &d, it, &item, op_id, err);
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    } else if (item_out) {
        *item_out = item;
    }
    return rc;
}

/* Set line `iseq` (id `item`) of draft `d` (sequence `dseq`) to `qty`, or
 * remove it (`remove`), with its outbox operation; the caller holds the
 * transaction. */
static int item_change(wms_store *s, const wms_store_actor *who, const wms_store_doc *d,
                       int64_t dseq, const wms_uuid *item, int64_t iseq, bool remove, wms_qty qty,
                       wms_uuid *op_id, wms_err *err)
{
    char ustr[WMS_UUID_STRING_LEN + 1], q[WMS_QTY_STRING_MAX], payload[128];
    wms_uuid_format(item, ustr);
    sqlite3_stmt *st;
    int rc;
    if (remove) {
        snprintf(payload, sizeof payload, "{\"item\":\"%s\"}", ustr);
        rc = store_cached(s, SL_ITEM_DEL, "DELETE FROM item WHERE seq = ?", &st, err);
    } else {
        wms_qty_format(qty, q, sizeof q);
        snprintf(payload, sizeof payload, "{\"item\":\"%s\",\"qty\":\"%s\"}", ustr, q);
        rc = store_cached(s, SL_ITEM_QTY, "UPDATE item SET qty = ?2 WHERE seq = ?1", &st, err);
    }
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, iseq);
    if (!remove) {
        sqlite3_bind_int64(st, 2, qty.milli);
    }
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    rc = r == SQLITE_DONE ? 0 : store_sqlerr(s, r, err, remove ? "item delete" : "item update");
    rc = rc ? rc : touch_doc(s, dseq, -1, NULL, err);
    return rc ? rc
              : outbox_add(s, remove ? "item.remove" : "item.qty", &d->uuid, who->operator_id,
                           payload, op_id, NULL, err);
}

int wms_store_item_adjust(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                          const wms_store_item_new *it, wms_uuid *item_out, wms_uuid *op_id,
                          wms_err *err)
{
    if (!s || !doc || !it) {
        return wms_err_set(err, WMS_EINVAL, "item.adjust: arguments");
    }
    int rc = item_check(who, it, true, err);
    if (rc) {
        return rc;
    }
    int64_t seq;
    wms_store_doc d;
    rc = begin_draft(s, doc, &seq, &d, false, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st;
    rc = store_cached(s, SL_ITEM_MATCH,
                      "SELECT seq, uuid, qty FROM item WHERE doc_seq = ?1 AND product_id = ?2"
                      " AND location_id = ?3 AND IFNULL(to_location_id, 0) = ?4 AND lot = ?5"
                      " AND serial = ?6 AND expiry = ?7 ORDER BY seq DESC LIMIT 1",
                      &st, err);
    int64_t iseq = 0;
    wms_uuid item;
    wms_qty have = {0};
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, seq);
        sqlite3_bind_int64(st, 2, it->product_id);
        sqlite3_bind_int64(st, 3, it->location_id);
        sqlite3_bind_int64(st, 4, it->to_location_id);
        sqlite3_bind_text(st, 5, it->lot ? it->lot : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, it->serial ? it->serial : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, it->expiry ? it->expiry : "", -1, SQLITE_STATIC);
        int r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            iseq = sqlite3_column_int64(st, 0);
            memcpy(item.b, sqlite3_column_blob(st, 1), 16);
            have.milli = sqlite3_column_int64(st, 2);
        } else if (r != SQLITE_DONE) {
            rc = store_sqlerr(s, r, err, "item");
        }
        sqlite3_reset(st);
    }
    if (rc == 0 && iseq == 0 && it->qty.milli < 0) {
        /* item_insert lets a count's line be 0, never below */
        rc = wms_err_set(err, WMS_ERANGE, "quantity would go below zero (no line to correct)");
    } else if (rc == 0 && iseq == 0) {
        rc = item_insert(s, who, doc, seq, &d, it, &item, op_id, err);
    } else if (rc == 0) {
        wms_qty total = {have.milli + it->qty.milli};
        wms_store_product p;
        if (total.milli < 0) {
            rc = wms_err_set(err, WMS_ERANGE, "quantity would go below zero (%lld + %lld)",
                             (long long)have.milli, (long long)it->qty.milli);
        } else if (total.milli > WMS_QTY_MAX_MILLI) {
            rc = wms_err_set(err, WMS_ERANGE, "item.qty: quantity out of range");
        } else if ((rc = wms_store_product_by_id(s, it->product_id, &p, err)) == 0) {
            rc = check_decimals(&p, it->qty, "item.qty", err);
        }
        bool remove = total.milli == 0 && d.type != WMS_DOC_COUNT;
        rc = rc ? rc : item_change(s, who, &d, seq, &item, iseq, remove, total, op_id, err);
    }
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    } else if (item_out) {
        *item_out = item;
    }
    return rc;
}

/* Begin, load an item and its draft document. */
static int begin_item(wms_store *s, const wms_uuid *item, wms_store_doc *d, int64_t *doc_seq,
                      int64_t *item_seq, int64_t *product_id, wms_err *err)
{
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st;
    rc = store_cached(s, SL_ITEM_GET,
                      "SELECT i.seq, d.uuid, i.product_id FROM item i JOIN doc d"
                      " ON d.seq = i.doc_seq WHERE i.uuid = ?",
                      &st, err);
    wms_uuid doc;
    if (rc == 0) {
        sqlite3_bind_blob(st, 1, item->b, 16, SQLITE_STATIC);
        rc = store_step_one(s, st, err, "item");
        if (rc == 0) {
            *item_seq = sqlite3_column_int64(st, 0);
            memcpy(doc.b, sqlite3_column_blob(st, 1), 16);
            *product_id = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
    }
    if (rc == 0) {
        rc = doc_row_ex(s, &doc, doc_seq, d, false, err);
    }
    if (rc == 0 && d->status != WMS_DOC_DRAFT) {
        rc = wms_err_set(err, WMS_ECONFLICT, "document is %s, not a draft",
                         wms_doc_status_name(d->status));
    }
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

int wms_store_item_qty(wms_store *s, const wms_store_actor *who, const wms_uuid *item, wms_qty qty,
                       wms_uuid *op_id, wms_err *err)
{
    if (!s || !item) {
        return wms_err_set(err, WMS_EINVAL, "item.qty: arguments");
    }
    int rc = check_actor(who, err);
    if (rc) {
        return rc;
    }
    if (qty.milli < 0 || qty.milli > WMS_QTY_MAX_MILLI) {
        return wms_err_set(err, WMS_ERANGE, "item.qty: quantity out of range");
    }
    wms_store_doc d;
    int64_t dseq, iseq, pid;
    rc = begin_item(s, item, &d, &dseq, &iseq, &pid, err);
    if (rc) {
        return rc;
    }
    wms_store_product p;
    rc = wms_store_product_by_id(s, pid, &p, err);
    if (rc == 0 && qty.milli == 0 && d.type != WMS_DOC_COUNT) {
        rc = wms_err_set(err, WMS_ERANGE, "item.qty: quantity must be > 0");
    }
    rc = rc ? rc : check_decimals(&p, qty, "item.qty", err);
    rc = rc ? rc : item_change(s, who, &d, dseq, item, iseq, false, qty, op_id, err);
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

int wms_store_item_remove(wms_store *s, const wms_store_actor *who, const wms_uuid *item,
                          wms_uuid *op_id, wms_err *err)
{
    if (!s || !item) {
        return wms_err_set(err, WMS_EINVAL, "item.remove: arguments");
    }
    int rc = check_actor(who, err);
    if (rc) {
        return rc;
    }
    wms_store_doc d;
    int64_t dseq, iseq, pid;
    rc = begin_item(s, item, &d, &dseq, &iseq, &pid, err);
    if (rc) {
        return rc;
    }
    rc = item_change(s, who, &d, dseq, item, iseq, true, (wms_qty){0}, op_id, err);
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

/* The stock deltas of posting document `seq` (see the protocol's
 * "Posting"); count: counted minus the current view. */
static int post_deltas(wms_store *s, int64_t doc_seq, wms_doc_type type, int64_t wh, int64_t op_seq,
                       wms_err *err)
{
    static const char *const sql[] = {
            /* receipt */
            "INSERT INTO pending_delta(op_seq, doc_seq, warehouse_id, location_id, product_id,"
            " lot, delta) SELECT ?1, ?2, ?3, location_id, product_id, lot, qty FROM item"
            " WHERE doc_seq = ?2",
            /* issue */
            "INSERT INTO pending_delta(op_seq, doc_seq, warehouse_id, location_id, product_id,"
            " lot, delta) SELECT ?1, ?2, ?3, location_id, product_id, lot, -qty FROM item"
            " WHERE doc_seq = ?2",
            /* transfer */
            "INSERT INTO pending_delta(op_seq, doc_seq, warehouse_id, location_id, product_id,"
            " lot, delta) SELECT ?1, ?2, ?3, location_id, product_id, lot, -qty FROM item"
            " WHERE doc_seq = ?2 UNION ALL SELECT ?1, ?2, ?3, to_location_id, product_id, lot,"
            " qty FROM item WHERE doc_seq = ?2",
            /* count: the last counted quantity per (location, product, lot) */
            "INSERT INTO pending_delta(op_seq, doc_seq, warehouse_id, location_id, product_id,"
            " lot, delta) SELECT ?1, ?2, ?3, i.location_id, i.product_id, i.lot,"
            " i.qty - IFNULL((SELECT SUM(qty) FROM stock s WHERE s.location_id = i.location_id"
            " AND s.product_id = i.product_id AND s.lot = i.lot), 0)"
            " - IFNULL((SELECT SUM(delta) FROM pending_delta p WHERE p.location_id ="
            " i.location_id AND p.product_id = i.product_id AND p.lot = i.lot), 0)"
            " FROM item i WHERE i.doc_seq = ?2 AND i.seq = (SELECT MAX(seq) FROM item j"
            " WHERE j.doc_seq = ?2 AND j.location_id = i.location_id AND j.product_id ="
            " i.product_id AND j.lot = i.lot)",
    };
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql[type], -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return store_sqlerr(s, rc, err, "deltas");
    }
    sqlite3_bind_int64(st, 1, op_seq);
    sqlite3_bind_int64(st, 2, doc_seq);
    sqlite3_bind_int64(st, 3, wh);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_sqlerr(s, rc, err, "deltas");
}

static int finish_doc(wms_store *s, const wms_store_actor *who, const wms_uuid *doc, bool post,
                      wms_uuid *op_id, wms_err *err)
{
    if (!s || !doc) {
        return wms_err_set(err, WMS_EINVAL, "doc: arguments");
    }
    int rc = check_actor(who, err);
    if (rc) {
        return rc;
    }
    int64_t seq, op_seq = 0;
    wms_store_doc d;
    rc = begin_draft(s, doc, &seq, &d, post, err);
    if (rc) {
        return rc;
    }
    if (post && d.items == 0) {
        rc = wms_err_set(err, WMS_EINVAL, "doc.post: the document has no items");
    }
    rc = rc ? rc : touch_doc(s, seq, post ? WMS_DOC_POSTED : WMS_DOC_CANCELLED, NULL, err);
    rc = rc ? rc
            : outbox_add(s, post ? "doc.post" : "doc.cancel", doc, who->operator_id, "{}", op_id,
                         &op_seq, err);
    if (rc == 0 && post) {
        rc = post_deltas(s, seq, d.type, d.warehouse_id, op_seq, err);
    }
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}

int wms_store_doc_post(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                       wms_uuid *op_id, wms_err *err)
{
    return finish_doc(s, who, doc, true, op_id, err);
}

int wms_store_doc_cancel(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                         wms_uuid *op_id, wms_err *err)
{
    return finish_doc(s, who, doc, false, op_id, err);
}

static void page_row_item(sqlite3_stmt *st, void *out, size_t i, const void *ctx)
{
    wms_store_item *it = (wms_store_item *)out + i;
    memset(it, 0, sizeof *it);
    memcpy(it->uuid.b, sqlite3_column_blob(st, 0), 16);
    it->doc = *(const wms_uuid *)ctx;
    it->product_id = sqlite3_column_int64(st, 1);
    it->location_id = sqlite3_column_int64(st, 2);
    it->to_location_id = sqlite3_column_int64(st, 3);
    it->qty.milli = sqlite3_column_int64(st, 4);
    store_col_text(st, 5, it->lot, sizeof it->lot);
    store_col_text(st, 6, it->serial, sizeof it->serial);
    store_col_text(st, 7, it->expiry, sizeof it->expiry);
}

int wms_store_doc_items(wms_store *s, const wms_uuid *doc, const wms_page *page,
                        wms_store_item *out, size_t *n, bool *more, wms_err *err)
{
    if (!s || !doc || !out || !n) {
        return wms_err_set(err, WMS_EINVAL, "items: arguments");
    }
    int64_t seq;
    int rc = doc_row_ex(s, doc, &seq, NULL, false, err);
    if (rc) {
        return rc;
    }
    store_page_query pq = {
            .slot = SL_ITEMS,
            .sql = "SELECT uuid, product_id, location_id, IFNULL(to_location_id, 0), qty, lot,"
                   " serial, expiry FROM item WHERE doc_seq = ? ORDER BY seq LIMIT ? OFFSET ?",
            .what = "items",
            .key = seq,
            .row = page_row_item,
            .ctx = doc,
    };
    return store_page(s, &pq, page, out, n, more, err);
}

int wms_store_docs_list(wms_store *s, int status, int type, const wms_page *page, const char *after,
                        wms_store_doc *out, size_t *n, bool *more, char *next, wms_err *err)
{
    if (!s || !out || !n || status < -1 || status >= WMS_DOC_STATUS_COUNT_ || type < -1 ||
        type >= WMS_DOC_TYPE_COUNT_) {
        return wms_err_set(err, WMS_EINVAL, "documents: arguments");
    }
    wms_page pg = page ? *page : (wms_page){1, WMS_PAGE_SIZE_DEFAULT};
    int64_t off = 0, before = INT64_MAX;
    int rc = wms_page_check(&pg, err);
    if (rc) {
        return rc;
    }
    if (after && after[0]) {
        wms_cursor c;
        if ((rc = wms_cursor_decode(after, strlen(after), &c, err)) != 0) {
            return rc;
        }
        before = c.seq;
    } else if ((rc = wms_page_offset(&pg, &off)) != 0) {
        return rc;
    }
    sqlite3_stmt *st;
    rc = store_cached(s, SL_DOCS,
                      "SELECT uuid FROM doc WHERE (?1 < 0 OR status = ?1) AND (?2 < 0 OR type = ?2)"
                      " AND seq < ?3 ORDER BY seq DESC LIMIT ?4 OFFSET ?5",
                      &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int(st, 1, status);
    sqlite3_bind_int(st, 2, type);
    sqlite3_bind_int64(st, 3, before);
    sqlite3_bind_int64(st, 4, pg.page_size + 1);
    sqlite3_bind_int64(st, 5, off);
    wms_uuid ids[WMS_PAGE_SIZE_MAX + 1];
    size_t k = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < WMS_PAGE_SIZE_MAX + 1) {
        memcpy(ids[k++].b, sqlite3_column_blob(st, 0), 16);
    }
    int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_sqlerr(s, rc, err, "documents");
    sqlite3_reset(st);
    if (r) {
        return r;
    }
    bool m = (int64_t)k > pg.page_size;
    *n = 0;
    for (size_t i = 0; i < k && (int64_t)i < pg.page_size; i++) {
        int64_t seq;
        if ((r = doc_row(s, &ids[i], &seq, &out[i], err)) != 0) {
            return r;
        }
        (*n)++;
    }
    if (more) {
        *more = m;
    }
    if (next) {
        next[0] = '\0';
        if (m && *n > 0) {
            wms_cursor c = {out[*n - 1].seq, 0};
            wms_cursor_encode(&c, next, WMS_CURSOR_STRING_MAX);
        }
    }
    return 0;
}
