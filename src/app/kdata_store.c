/*
 * kdata_store.c -- the kiosk's data backend on the local store
 * (include/wms/store.h): SQLite, WAL, synchronous=FULL.  One store call
 * per kiosk operation; the operator actions (receipt_start, receipt_add,
 * doc_post, doc_cancel) are the store's one-transaction "rows + outbox
 * operation" actions, on disk when they return 0 -- the kiosk plays the
 * success tone only then.  Only the UI thread uses this handle.
 *
 * The PIN lockout is kept in the store (table login_lock), so that a
 * restart does not reset it; the kiosk keeps its own count for the
 * on-screen message, with the same limits (kiosk_cfg_default: 5 failures,
 * 5 minutes).
 */
#include "kdata_store.h"

#include "wms/store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#define KST_LOCK_FAILURES 5
#define KST_LOCK_MS       (5 * 60 * 1000)
/* Free disk space below these: degraded / unhealthy (an action that cannot
 * be written is refused, never confirmed). */
#define KST_DISK_LOW_MB  200
#define KST_DISK_FULL_MB 20

typedef struct kst {
    wms_store *s;
    char path[512];
    char wh_code[32];
    int64_t wh;    /* the terminal's warehouse id; 0 until the catalog has it */
    int64_t actor; /* the operator who logged in last (actions are theirs) */
    wms_store_open_info info;
    bool seeded; /* demo data written at this open */
    /* scratch pages (not on the stack: up to 100 rows each) */
    wms_store_stock stock[WMS_PAGE_SIZE_MAX];
    wms_store_planned planned[WMS_PAGE_SIZE_MAX];
    wms_store_planned_line plines[WMS_PAGE_SIZE_MAX];
    wms_store_item items[WMS_PAGE_SIZE_MAX];
    wms_store_doc docs[WMS_PAGE_SIZE_MAX];
} kst;

/* The warehouse id, looked up again while the catalog lacks it (a new
 * terminal before its first pull). */
static int64_t wh_id(kst *k)
{
    if (k->wh == 0) {
        int64_t id = 0;
        if (wms_store_warehouse_by_code(k->s, k->wh_code, &id, NULL, 0, NULL) == 0) {
            k->wh = id;
        }
    }
    return k->wh;
}

/* An operator-facing sentence for a failed write. */
static int write_err(int rc, wms_err *err, const char *what)
{
    char detail[sizeof(err->msg)];
    wms_strlcpy(detail, err ? err->msg : "", sizeof(detail));
    switch (rc) {
    case WMS_ENOSPC:
        return wms_err_set(err, rc, "the disk is full (%s). Nothing was saved: call support.",
                           what);
    case WMS_EREADONLY:
        return wms_err_set(err, rc, "the database is read-only (%s). Nothing was saved.", what);
    case WMS_EBUSY:
        return wms_err_set(err, rc, "the database is busy (%s). Try again.", what);
    case WMS_ECORRUPT:
    case WMS_EIO:
        return wms_err_set(err, rc, "%s failed: %s. Nothing was saved.", what, detail);
    default:
        return rc;
    }
}

static int s_operator_by_badge(void *d, const char *badge, kd_operator *out, wms_err *err)
{
    kst *k = d;
    wms_store_operator op;
    int rc = wms_store_operator_by_badge(k->s, badge, &op, err);
    if (rc == WMS_ENOTFOUND || rc == WMS_EINVAL) {
        return wms_err_set(err, WMS_ENOTFOUND, "No operator with badge %s", badge);
    }
    if (rc) {
        return rc;
    }
    memset(out, 0, sizeof(*out));
    out->id = op.id;
    wms_strlcpy(out->badge, op.badge, sizeof(out->badge));
    wms_strlcpy(out->name, op.name, sizeof(out->name));
    wms_strlcpy(out->role, op.role, sizeof(out->role));
    return 0;
}

static int s_check_pin(void *d, int64_t operator_id, const char *pin, int64_t now_ms, wms_err *err)
{
    kst *k = d;
    int rc = wms_store_operator_login(k->s, operator_id, pin, now_ms, KST_LOCK_FAILURES,
                                      KST_LOCK_MS, NULL, err);
    if (rc == 0) {
        k->actor = operator_id;
    } else if (rc == WMS_EAUTH) {
        wms_err_set(err, rc, "Wrong PIN");
    } else if (rc == WMS_EPERM) {
        wms_err_set(err, rc, "This operator is not active. Ask a supervisor.");
    }
    return rc;
}

static void fill_product(const wms_store_product *p, kd_product *out)
{
    memset(out, 0, sizeof(*out));
    out->id = p->id;
    wms_strlcpy(out->sku, p->sku, sizeof(out->sku));
    wms_strlcpy(out->name, p->name, sizeof(out->name));
    wms_strlcpy(out->uom, p->uom, sizeof(out->uom));
    out->decimals = p->decimals;
    wms_strlcpy(out->tracking, p->tracking, sizeof(out->tracking));
}

static int s_product_by_gtin(void *d, const char *gtin14, kd_product *out, wms_qty *pack_qty,
                             wms_err *err)
{
    kst *k = d;
    wms_store_product p;
    wms_store_barcode bc;
    int rc = wms_store_product_by_barcode(k->s, gtin14, strlen(gtin14), &p, &bc, err);
    if (rc == WMS_ENOTFOUND) {
        return wms_err_set(err, rc, "Unknown barcode %s", gtin14);
    }
    if (rc) {
        return rc;
    }
    fill_product(&p, out);
    *pack_qty = bc.pack_qty;
    return 0;
}

static int s_product_by_id(void *d, int64_t id, kd_product *out, wms_err *err)
{
    kst *k = d;
    wms_store_product p;
    int rc = wms_store_product_by_id(k->s, id, &p, err);
    if (rc == WMS_ENOTFOUND) {
        return wms_err_set(err, rc, "No product %lld", (long long)id);
    }
    if (rc == 0) {
        fill_product(&p, out);
    }
    return rc;
}

static int s_product_barcodes(void *d, int64_t product_id, kd_barcode *rows, int cap, int *n,
                              wms_err *err)
{
    kst *k = d;
    wms_store_barcode bcs[16];
    size_t got = 0;
    *n = 0;
    int rc = wms_store_product_barcodes(k->s, product_id, bcs, WMS_ARRAY_LEN(bcs), &got, err);
    for (size_t i = 0; rc == 0 && i < got && *n < cap; i++) {
        kd_barcode *b = &rows[(*n)++];
        memset(b, 0, sizeof(*b));
        wms_strlcpy(b->gtin14, bcs[i].code, sizeof(b->gtin14));
        b->pack_qty = bcs[i].pack_qty;
        wms_strlcpy(b->kind, bcs[i].kind, sizeof(b->kind));
    }
    return rc;
}

static void fill_location(const wms_store_location *l, kd_location *out)
{
    memset(out, 0, sizeof(*out));
    out->id = l->id;
    wms_strlcpy(out->code, l->code, sizeof(out->code));
    wms_strlcpy(out->type, l->type, sizeof(out->type));
}

static int s_location_by_code(void *d, const char *code, kd_location *out, wms_err *err)
{
    kst *k = d;
    char up[WMS_STORE_CODE_MAX];
    if (wms_strlcpy(up, code, sizeof(up)) != 0) {
        return wms_err_set(err, WMS_ENOTFOUND, "Unknown location %.40s...", code);
    }
    for (char *p = up; *p; p++) {
        *p = (char)toupper((unsigned char)*p);
    }
    wms_store_location l;
    int rc = wms_store_location_by_code(k->s, up, &l, err);
    if (rc == WMS_ENOTFOUND || rc == WMS_EINVAL) {
        return wms_err_set(err, WMS_ENOTFOUND, "Unknown location %s", code);
    }
    if (rc) {
        return rc;
    }
    if (wh_id(k) && l.warehouse_id != k->wh) {
        return wms_err_set(err, WMS_ENOTFOUND, "Location %s is in another warehouse", l.code);
    }
    fill_location(&l, out);
    return 0;
}

static int s_receiving_location(void *d, kd_location *out, wms_err *err)
{
    kst *k = d;
    wms_store_location l;
    int rc = wms_store_location_of_type(k->s, wh_id(k), "receiving", &l, err);
    if (rc == WMS_ENOTFOUND) {
        return wms_err_set(err, rc, "No receiving location in warehouse %s", k->wh_code);
    }
    if (rc == 0) {
        fill_location(&l, out);
    }
    return rc;
}

static int s_planned_receipts(void *d, const wms_page *pg, kd_planned *rows, int cap, int *n,
                              int64_t *total, wms_err *err)
{
    kst *k = d;
    size_t got = 0;
    *n = 0;
    *total = 0;
    if (wh_id(k) == 0) {
        return 0; /* no catalog yet: nothing expected */
    }
    int rc = wms_store_planned_list(k->s, "receipt", k->wh, pg, k->planned, &got, total, err);
    for (size_t i = 0; rc == 0 && i < got && *n < cap; i++) {
        kd_planned *p = &rows[(*n)++];
        memset(p, 0, sizeof(*p));
        p->id = k->planned[i].id;
        wms_strlcpy(p->ref, k->planned[i].ref, sizeof(p->ref));
        wms_strlcpy(p->partner, k->planned[i].partner, sizeof(p->partner));
        p->lines = k->planned[i].lines;
    }
    return rc;
}

static void fill_doc(const wms_store_doc *s, kd_doc *out)
{
    memset(out, 0, sizeof(*out));
    char id[WMS_UUID_STRING_LEN + 1];
    wms_uuid_format(&s->uuid, id);
    wms_strlcpy(out->id, id, sizeof(out->id));
    wms_strlcpy(out->ref, s->ref, sizeof(out->ref));
    out->type = s->type;
    out->status = s->status;
    out->planned_id = s->planned_id;
    out->lines = s->items;
    wms_strlcpy(out->reason, s->reason, sizeof(out->reason));
    out->created_ms = s->created_ms;
}

/* A document by its id (UUID text) or its ref ("R-0001"). */
static int find_doc(kst *k, const char *id_or_ref, wms_store_doc *out, wms_err *err)
{
    wms_uuid u;
    size_t len = strlen(id_or_ref);
    int rc;
    if (len == WMS_UUID_STRING_LEN && wms_uuid_parse(id_or_ref, len, &u, NULL) == 0) {
        rc = wms_store_doc_get(k->s, &u, out, err);
    } else {
        rc = wms_store_doc_by_ref(k->s, id_or_ref, out, err);
    }
    if (rc == WMS_ENOTFOUND || rc == WMS_EINVAL) {
        return wms_err_set(err, WMS_ENOTFOUND, "No document %s on this terminal", id_or_ref);
    }
    return rc;
}

static int64_t actor_of(const kst *k, int64_t fallback)
{
    return k->actor > 0 ? k->actor : fallback;
}

static int s_receipt_start(void *d, int64_t planned_id, int64_t operator_id, kd_doc *out,
                           wms_err *err)
{
    kst *k = d;
    if (wh_id(k) == 0) {
        return wms_err_set(err, WMS_ENOTFOUND,
                           "Warehouse %s is not in the local database yet: wait for the first "
                           "sync.",
                           k->wh_code);
    }
    if (operator_id > 0) {
        k->actor = operator_id;
    }
    /* The terminal's running number: the newest document's seq + 1. */
    size_t n = 0;
    wms_page one = {1, 1};
    int rc = wms_store_docs_list(k->s, -1, -1, &one, NULL, k->docs, &n, NULL, NULL, err);
    if (rc) {
        return rc;
    }
    char ref[32];
    snprintf(ref, sizeof(ref), "R-%04lld", (long long)(n ? k->docs[0].seq + 1 : 1));
    wms_store_actor who = {actor_of(k, 1)};
    wms_store_doc_new dn = {WMS_DOC_RECEIPT, k->wh, planned_id, ref};
    wms_uuid doc;
    rc = wms_store_doc_create(k->s, &who, &dn, &doc, NULL, err);
    if (rc) {
        return write_err(rc, err, "new receipt");
    }
    wms_store_doc sd;
    rc = wms_store_doc_get(k->s, &doc, &sd, err);
    if (rc == 0) {
        fill_doc(&sd, out);
    }
    return rc;
}

static int s_receipt_add(void *d, const char *doc_id, const kd_item *item, wms_err *err)
{
    kst *k = d;
    wms_store_doc sd;
    int rc = find_doc(k, doc_id, &sd, err);
    if (rc) {
        return rc;
    }
    wms_store_actor who = {actor_of(k, sd.operator_id)};
    wms_store_item_new it = {item->product_id, item->location_id, 0,           item->qty,
                             item->lot,        item->serial,      item->expiry};
    rc = wms_store_item_adjust(k->s, &who, &sd.uuid, &it, NULL, NULL, err);
    switch (rc) {
    case 0:
        return 0;
    case WMS_ERANGE:
        return wms_err_set(err, rc, "Quantity would go below zero");
    case WMS_ECONFLICT:
        return wms_err_set(err, rc, "Document %s is %s, not a draft", sd.ref,
                           wms_doc_status_name(sd.status));
    case WMS_ENOTFOUND:
        return wms_err_set(err, rc, "No such product or location");
    default:
        return write_err(rc, err, "this scan");
    }
}

static int s_doc_get(void *d, const char *id_or_ref, kd_doc *out, wms_err *err)
{
    kst *k = d;
    wms_store_doc sd;
    int rc = find_doc(k, id_or_ref, &sd, err);
    if (rc == 0) {
        fill_doc(&sd, out);
    }
    return rc;
}

/* The line of `product_id` in rows[0..*n), appended when new (NULL when
 * full or the product is unknown). */
static kd_line *line_for(kst *k, kd_line *rows, int cap, int *n, int64_t product_id)
{
    for (int i = 0; i < *n; i++) {
        if (rows[i].product_id == product_id) {
            return &rows[i];
        }
    }
    wms_store_product p;
    if (*n >= cap || wms_store_product_by_id(k->s, product_id, &p, NULL) != 0) {
        return NULL;
    }
    kd_line *l = &rows[(*n)++];
    memset(l, 0, sizeof(*l));
    l->product_id = product_id;
    wms_strlcpy(l->sku, p.sku, sizeof(l->sku));
    wms_strlcpy(l->name, p.name, sizeof(l->name));
    l->decimals = p.decimals;
    return l;
}

/* Lines per product: expected from the plan, received from the items. */
static int s_doc_lines(void *d, const char *doc_id, kd_line *rows, int cap, int *n, wms_err *err)
{
    kst *k = d;
    wms_store_doc sd;
    *n = 0;
    int rc = find_doc(k, doc_id, &sd, err);
    if (rc) {
        return rc;
    }
    bool more = sd.planned_id > 0;
    for (int64_t page = 1; rc == 0 && more; page++) {
        wms_page pg = {page, WMS_PAGE_SIZE_MAX};
        size_t got = 0;
        rc = wms_store_planned_lines(k->s, sd.planned_id, &pg, k->plines, &got, &more, err);
        for (size_t i = 0; rc == 0 && i < got; i++) {
            kd_line *l = line_for(k, rows, cap, n, k->plines[i].product_id);
            if (l) {
                l->expected.milli += k->plines[i].qty.milli;
            }
        }
    }
    more = true;
    for (int64_t page = 1; rc == 0 && more; page++) {
        wms_page pg = {page, WMS_PAGE_SIZE_MAX};
        size_t got = 0;
        rc = wms_store_doc_items(k->s, &sd.uuid, &pg, k->items, &got, &more, err);
        for (size_t i = 0; rc == 0 && i < got; i++) {
            const wms_store_item *it = &k->items[i];
            kd_line *l = line_for(k, rows, cap, n, it->product_id);
            if (!l) {
                continue;
            }
            l->received.milli += it->qty.milli;
            wms_store_location loc;
            if (!l->location[0] &&
                wms_store_location_by_id(k->s, it->location_id, &loc, NULL) == 0) {
                wms_strlcpy(l->location, loc.code, sizeof(l->location));
            }
            if (it->lot[0]) {
                wms_strlcpy(l->lot, it->lot, sizeof(l->lot));
            }
        }
    }
    return rc;
}

static int finish(kst *k, const char *doc_id, bool post, wms_err *err)
{
    wms_store_doc sd;
    int rc = find_doc(k, doc_id, &sd, err);
    if (rc) {
        return rc;
    }
    wms_store_actor who = {actor_of(k, sd.operator_id)};
    rc = post ? wms_store_doc_post(k->s, &who, &sd.uuid, NULL, err)
              : wms_store_doc_cancel(k->s, &who, &sd.uuid, NULL, err);
    switch (rc) {
    case 0:
        return 0;
    case WMS_EINVAL:
        return post ? wms_err_set(err, rc, "Nothing to post: scan at least one product") : rc;
    case WMS_ECONFLICT:
        return wms_err_set(err, rc, "Document %s is %s, not a draft", sd.ref,
                           wms_doc_status_name(sd.status));
    default:
        return write_err(rc, err, post ? "posting" : "cancelling");
    }
}

static int s_doc_post(void *d, const char *doc_id, wms_err *err)
{
    return finish(d, doc_id, true, err);
}

static int s_doc_cancel(void *d, const char *doc_id, wms_err *err)
{
    return finish(d, doc_id, false, err);
}

static int s_docs_list(void *d, int status, const wms_page *pg, kd_doc *rows, int cap, int *n,
                       int64_t *total, wms_err *err)
{
    kst *k = d;
    size_t got = 0;
    *n = 0;
    int rc = wms_store_docs_count(k->s, status, -1, total, err);
    rc = rc ? rc : wms_store_docs_list(k->s, status, -1, pg, NULL, k->docs, &got, NULL, NULL, err);
    for (size_t i = 0; rc == 0 && i < got && *n < cap; i++) {
        fill_doc(&k->docs[i], &rows[(*n)++]);
    }
    return rc;
}

/* The terminal view of one product or one location, in this warehouse. */
static int stock_view(kst *k, int64_t product_id, int64_t location_id, kd_stock *rows, int cap,
                      int *n, wms_err *err)
{
    *n = 0;
    bool more = true;
    int rc = 0;
    int64_t wh = wh_id(k);
    /* Every row shares the product (or the location) asked for: read it
     * once, and per row only the other one. */
    wms_store_product p;
    wms_store_location l;
    bool fixed = product_id ? wms_store_product_by_id(k->s, product_id, &p, NULL) == 0
                            : wms_store_location_by_id(k->s, location_id, &l, NULL) == 0;
    for (int64_t page = 1; rc == 0 && more && *n < cap; page++) {
        wms_page pg = {page, WMS_PAGE_SIZE_MAX};
        size_t got = 0;
        rc = product_id
                     ? wms_store_stock_by_product(k->s, product_id, &pg, k->stock, &got, &more, err)
                     : wms_store_stock_by_location(k->s, location_id, &pg, k->stock, &got, &more,
                                                   err);
        for (size_t i = 0; rc == 0 && i < got && *n < cap; i++) {
            const wms_store_stock *r = &k->stock[i];
            if (!fixed || (wh && r->warehouse_id != wh) ||
                (product_id ? wms_store_location_by_id(k->s, r->location_id, &l, NULL)
                            : wms_store_product_by_id(k->s, r->product_id, &p, NULL)) != 0) {
                continue;
            }
            kd_stock *s = &rows[(*n)++];
            memset(s, 0, sizeof(*s));
            wms_strlcpy(s->location, l.code, sizeof(s->location));
            wms_strlcpy(s->sku, p.sku, sizeof(s->sku));
            wms_strlcpy(s->name, p.name, sizeof(s->name));
            wms_strlcpy(s->lot, r->lot, sizeof(s->lot));
            s->decimals = p.decimals;
            s->qty = r->view;
        }
    }
    return rc;
}

static int s_stock_by_product(void *d, int64_t product_id, kd_stock *rows, int cap, int *n,
                              wms_err *err)
{
    return stock_view(d, product_id, 0, rows, cap, n, err);
}

static int s_stock_by_location(void *d, int64_t location_id, kd_stock *rows, int cap, int *n,
                               wms_err *err)
{
    return stock_view(d, 0, location_id, rows, cap, n, err);
}

static int s_sync_status(void *d, kd_sync *out)
{
    kst *k = d;
    memset(out, 0, sizeof(*out));
    out->link = WMS_UI_LINK_NONE;
    wms_store_outbox_stats o;
    wms_store_sync_state ss;
    int rc = wms_store_outbox_stats_get(k->s, &o, NULL);
    if (rc == 0) {
        out->pending = o.pending;
        out->rejected = o.rejected;
    }
    if (wms_store_sync_state_get(k->s, &ss, NULL) == 0) {
        out->last_ok_ms = ss.last_success_ms;
        wms_strlcpy(out->last_error, ss.last_error, sizeof(out->last_error));
    }
    return rc;
}

static int s_scan_log(void *d, const kd_scan_rec *rec)
{
    kst *k = d;
    wms_store_scan sc = {rec->operator_id, rec->screen, (const char *)rec->raw,
                         rec->len,         rec->kind,   rec->outcome};
    return wms_store_scan_log(k->s, &sc, NULL);
}

static int s_health(void *d, wms_health *h)
{
    kst *k = d;
    wms_store_health(k->s, h);
    char dir[512];
    wms_strlcpy(dir, k->path, sizeof(dir));
    char *slash = strrchr(dir, '/');
    if (slash) {
        *(slash == dir ? slash + 1 : slash) = '\0';
    } else {
        wms_strlcpy(dir, ".", sizeof(dir));
    }
    struct statvfs v;
    if (statvfs(dir, &v) != 0) {
        wms_health_add(h, "disk", WMS_HEALTH_DEGRADED, false, "cannot read free space of %s", dir);
        return 0;
    }
    double free_mb = (double)v.f_bavail * (double)v.f_frsize / (1024.0 * 1024.0);
    double total_mb = (double)v.f_blocks * (double)v.f_frsize / (1024.0 * 1024.0);
    wms_health_status st = free_mb < KST_DISK_FULL_MB  ? WMS_HEALTH_UNHEALTHY
                           : free_mb < KST_DISK_LOW_MB ? WMS_HEALTH_DEGRADED
                                                       : WMS_HEALTH_HEALTHY;
    wms_health_component *c = wms_health_add(h, "disk", st, true, "%.0f MB free (%.0f%%)", free_mb,
                                             total_mb > 0 ? 100.0 * free_mb / total_mb : 0.0);
    wms_health_value_add(c, "free_mb", free_mb, "MB");
    return 0;
}

static void s_close(void *d)
{
    kst *k = d;
    wms_store_close(k->s);
    free(k);
}

static const kdata_ops store_ops = {
        "store",
        s_operator_by_badge,
        s_check_pin,
        s_product_by_gtin,
        s_product_by_id,
        s_product_barcodes,
        s_location_by_code,
        s_receiving_location,
        s_planned_receipts,
        s_receipt_start,
        s_receipt_add,
        s_doc_get,
        s_doc_lines,
        s_doc_post,
        s_doc_cancel,
        s_docs_list,
        s_stock_by_product,
        s_stock_by_location,
        s_sync_status,
        s_scan_log,
        s_health,
        s_close,
};

int kdata_store_open(kdata *out, const kdata_store_opts *o, wms_err *err)
{
    if (!o || !o->path || !o->path[0]) {
        return wms_err_set(err, WMS_EINVAL, "no database path");
    }
    kst *k = calloc(1, sizeof(*k));
    if (!k) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    if (wms_strlcpy(k->path, o->path, sizeof(k->path)) != 0) {
        free(k);
        return wms_err_set(err, WMS_ETOOBIG, "database path too long");
    }
    wms_strlcpy(k->wh_code, o->warehouse && o->warehouse[0] ? o->warehouse : "WH1",
                sizeof(k->wh_code));
    wms_store_opts so = {.path = k->path, .role = WMS_STORE_UI, .log = o->log};
    int rc = wms_store_open(&so, &k->s, &k->info, err);
    if (rc) {
        free(k);
        return wms_err_prefix(err, "%s", o->path);
    }
    if (o->seed_demo && wh_id(k) == 0) {
        /* Only an empty catalog is seeded (ECONFLICT otherwise): never a
         * terminal's pulled one. */
        wms_demo_opts d = {o->demo_seed ? o->demo_seed : 1,
                           o->demo_products > 0 ? o->demo_products : 5000};
        if (o->progress) {
            fprintf(o->progress, "wms-kiosk: seeding demo data into %s (%lld products)...\n",
                    k->path, (long long)d.products);
        }
        wms_err serr = {0};
        rc = wms_store_seed_demo(k->s, &d, &serr);
        if (rc && rc != WMS_ECONFLICT) {
            wms_store_close(k->s);
            free(k);
            return wms_err_set(err, rc, "%s: demo data: %s", o->path, serr.msg);
        }
        k->seeded = rc == 0;
        rc = 0;
    }
    memset(out, 0, sizeof(*out));
    out->ops = &store_ops;
    out->d = k;
    wms_strlcpy(out->terminal, "T1", sizeof(out->terminal));
    wms_strlcpy(out->warehouse, k->wh_code, sizeof(out->warehouse));
    return 0;
}

const wms_store_open_info *kdata_store_info(const kdata *db, bool *seeded)
{
    if (!db || db->ops != &store_ops) {
        return NULL;
    }
    const kst *k = db->d;
    if (seeded) {
        *seeded = k->seeded;
    }
    return &k->info;
}

wms_store *kdata_store_handle(const kdata *db)
{
    if (!db || db->ops != &store_ops) {
        return NULL;
    }
    const kst *k = db->d;
    return k->s;
}
