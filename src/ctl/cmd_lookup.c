/*
 * cmd_lookup.c -- `wmsctl lookup --db PATH CODE`: what the terminal knows
 * about a scanned code, as JSON (product with barcodes and stock view,
 * location with its contents, or a document).
 */
#include "ctl.h"

#include "lookup.h"
#include "wms/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *qty_json(wms_qty q)
{
    char b[WMS_QTY_STRING_MAX];
    wms_qty_format(q, b, sizeof b);
    return json_string(b);
}

static json_t *stock_json(const wms_store_stock *r, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(a, json_pack("{s:I,s:I,s:I,s:s,s:o,s:o,s:o}", "warehouse_id",
                                           (json_int_t)r[i].warehouse_id, "location_id",
                                           (json_int_t)r[i].location_id, "product_id",
                                           (json_int_t)r[i].product_id, "lot", r[i].lot, "central",
                                           qty_json(r[i].central), "pending",
                                           qty_json(r[i].pending), "view", qty_json(r[i].view)));
    }
    return a;
}

static int product_json(wms_store *s, const wms_store_product *p, json_t **out, wms_err *err)
{
    wms_store_barcode bc[16];
    size_t nb = 0, ns = 0;
    bool more = false;
    int rc = wms_store_product_barcodes(s, p->id, bc, 16, &nb, err);
    wms_store_stock *st = calloc(WMS_PAGE_SIZE_MAX, sizeof *st);
    if (!st) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    wms_page pg = {1, WMS_PAGE_SIZE_MAX};
    rc = rc ? rc : wms_store_stock_by_product(s, p->id, &pg, st, &ns, &more, err);
    if (rc == 0) {
        json_t *b = json_array();
        for (size_t i = 0; i < nb; i++) {
            json_array_append_new(b, json_pack("{s:s,s:o,s:s}", "code", bc[i].code, "pack_qty",
                                               qty_json(bc[i].pack_qty), "kind", bc[i].kind));
        }
        *out = json_pack("{s:s,s:{s:I,s:s,s:s,s:s,s:i,s:s},s:o,s:o,s:b}", "kind", "product",
                         "product", "id", (json_int_t)p->id, "sku", p->sku, "name", p->name, "uom",
                         p->uom, "decimals", p->decimals, "tracking", p->tracking, "barcodes", b,
                         "stock", stock_json(st, ns), "stock_more", more);
    }
    free(st);
    return rc;
}

static int location_json(wms_store *s, const wms_store_location *l, json_t **out, wms_err *err)
{
    wms_store_stock *st = calloc(WMS_PAGE_SIZE_MAX, sizeof *st);
    if (!st) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    size_t ns = 0;
    bool more = false;
    wms_page pg = {1, WMS_PAGE_SIZE_MAX};
    int rc = wms_store_stock_by_location(s, l->id, &pg, st, &ns, &more, err);
    if (rc == 0) {
        *out = json_pack("{s:s,s:{s:I,s:I,s:s,s:s,s:s},s:o,s:b}", "kind", "location", "location",
                         "id", (json_int_t)l->id, "warehouse_id", (json_int_t)l->warehouse_id,
                         "code", l->code, "zone", l->zone, "type", l->type, "stock",
                         stock_json(st, ns), "stock_more", more);
    }
    free(st);
    return rc;
}

static int doc_json(wms_store *s, const wms_uuid *u, json_t **out, wms_err *err)
{
    wms_store_doc d;
    int rc = wms_store_doc_get(s, u, &d, err);
    if (rc) {
        return rc;
    }
    char id[WMS_UUID_STRING_LEN + 1];
    wms_uuid_format(&d.uuid, id);
    *out = json_pack("{s:s,s:{s:s,s:s,s:s,s:I,s:s,s:s,s:I}}", "kind", "document", "document",
                     "uuid", id, "type", wms_doc_type_name(d.type), "status",
                     wms_doc_status_name(d.status), "warehouse_id", (json_int_t)d.warehouse_id,
                     "ref", d.ref, "reason", d.reason, "items", (json_int_t)d.items);
    return 0;
}

int ctl_lookup_json(wms_store *s, const uint8_t *code, size_t len, json_t **out, wms_err *err)
{
    wms_scan_class *c = calloc(1, sizeof *c);
    if (!c) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    int rc = wms_scan_classify(code, len, NULL, c, err);
    if (rc) {
        free(c);
        return rc;
    }
    wms_store_product p;
    wms_store_location l;
    switch (c->kind) {
    case WMS_SCAN_GTIN:
    case WMS_SCAN_GS1:
        if (!c->gtin[0]) {
            rc = wms_err_set(err, WMS_ENOTFOUND, "GS1 data without a GTIN");
            break;
        }
        rc = wms_store_product_by_barcode(s, c->gtin, strlen(c->gtin), &p, NULL, err);
        rc = rc ? rc : product_json(s, &p, out, err);
        break;
    case WMS_SCAN_LOCATION:
        rc = wms_store_location_by_code(s, c->code, &l, err);
        rc = rc ? rc : location_json(s, &l, out, err);
        break;
    case WMS_SCAN_DOCUMENT: {
        wms_uuid u;
        rc = wms_uuid_parse(c->code, strlen(c->code), &u, err);
        rc = rc ? rc : doc_json(s, &u, out, err);
        break;
    }
    case WMS_SCAN_BADGE: {
        wms_store_operator op;
        rc = wms_store_operator_by_badge(s, c->code, &op, err);
        if (rc == 0) {
            *out = json_pack("{s:s,s:{s:I,s:s,s:s,s:s,s:b}}", "kind", "operator", "operator", "id",
                             (json_int_t)op.id, "badge", op.badge, "name", op.name, "role", op.role,
                             "active", op.active);
        }
        break;
    }
    default: {
        /* plain text: a non-GTIN barcode, a location code, a document uuid */
        const char *t = c->kind == WMS_SCAN_TEXT ? c->text : NULL;
        wms_uuid u;
        rc = WMS_ENOTFOUND;
        if (t && c->text_len < WMS_STORE_CODE_MAX) {
            rc = wms_store_product_by_barcode(s, t, c->text_len, &p, NULL, NULL);
            if (rc == 0) {
                rc = product_json(s, &p, out, err);
            } else if ((rc = wms_store_location_by_code(s, t, &l, NULL)) == 0) {
                rc = location_json(s, &l, out, err);
            } else if (wms_uuid_parse(t, c->text_len, &u, NULL) == 0) {
                rc = doc_json(s, &u, out, err);
            }
        }
        if (rc == WMS_ENOTFOUND) {
            wms_err_set(err, rc, "nothing known about this %s code", wms_scan_kind_name(c->kind));
        }
        break;
    }
    }
    free(c);
    if (rc == 0 && !*out) {
        rc = wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    return rc;
}

int cmd_lookup(int argc, char **argv)
{
    const char *db = NULL, *code = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (!code && argv[i][0] != '-') {
            code = argv[i];
        } else {
            code = NULL;
            db = NULL;
            break;
        }
    }
    if (!db || !code) {
        fprintf(stderr, "usage: wmsctl lookup --db PATH CODE\n");
        return 2;
    }
    wms_store_opts o = {.path = db, .role = WMS_STORE_READONLY};
    wms_store *s = NULL;
    wms_err e;
    wms_err_clear(&e);
    int rc = wms_store_open(&o, &s, NULL, &e);
    if (rc) {
        fprintf(stderr, "wmsctl lookup: %s (%s)\n", e.msg, wms_err_name(rc));
        return 1;
    }
    json_t *out = NULL;
    rc = ctl_lookup_json(s, (const uint8_t *)code, strlen(code), &out, &e);
    wms_store_close(s);
    if (rc) {
        fprintf(stderr, "wmsctl lookup: %s (%s)\n", e.msg, wms_err_name(rc));
        return 1;
    }
    char *txt = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(out);
    if (!txt) {
        return 1;
    }
    puts(txt);
    free(txt);
    return 0;
}
