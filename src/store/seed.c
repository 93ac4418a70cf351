/*
 * seed.c -- wms_store_seed_demo(): core's demo generator into the store, in
 * big transactions with prepared statements.
 */
#include "store_int.h"

#include <string.h>

enum { SEED_COMMIT_EVERY = 200000 };

typedef struct seed_ctx {
    wms_store *s;
    sqlite3_stmt *st[8];
    int64_t rows;
    wms_err *err;
} seed_ctx;

static int run(seed_ctx *c, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        return store_sqlerr(c->s, rc, c->err, what);
    }
    if (++c->rows % SEED_COMMIT_EVERY == 0) {
        int r = store_commit(c->s, c->err);
        return r ? r : store_begin(c->s, c->err);
    }
    return 0;
}

static int on_wh(void *d, const wms_demo_warehouse *w)
{
    seed_ctx *c = d;
    sqlite3_stmt *st = c->st[0];
    sqlite3_bind_int64(st, 1, w->id);
    sqlite3_bind_text(st, 2, w->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, w->name, -1, SQLITE_STATIC);
    return run(c, st, "warehouse");
}

static int on_loc(void *d, const wms_demo_location *l)
{
    seed_ctx *c = d;
    sqlite3_stmt *st = c->st[1];
    sqlite3_bind_int64(st, 1, l->id);
    sqlite3_bind_int64(st, 2, l->warehouse_id);
    sqlite3_bind_text(st, 3, l->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, l->zone, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, l->type, -1, SQLITE_STATIC);
    return run(c, st, "location");
}

static int on_product(void *d, const wms_demo_product *p)
{
    seed_ctx *c = d;
    sqlite3_stmt *st = c->st[2];
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_text(st, 2, p->sku, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, p->uom, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, p->decimals);
    sqlite3_bind_text(st, 6, p->tracking, -1, SQLITE_STATIC);
    return run(c, st, "product");
}

static int on_barcode(void *d, const wms_demo_barcode *b)
{
    seed_ctx *c = d;
    sqlite3_stmt *st = c->st[3];
    sqlite3_bind_int64(st, 1, b->id);
    sqlite3_bind_int64(st, 2, b->product_id);
    sqlite3_bind_text(st, 3, b->code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, b->pack_qty.milli);
    sqlite3_bind_text(st, 5, b->kind, -1, SQLITE_STATIC);
    return run(c, st, "barcode");
}

static int on_op(void *d, const wms_demo_operator *o)
{
    seed_ctx *c = d;
    char hash[WMS_STORE_HASH_MAX];
    int rc = wms_store_pin_hash(o->pin, c->s->rng, hash, sizeof hash, c->err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st = c->st[4];
    sqlite3_bind_int64(st, 1, o->id);
    sqlite3_bind_text(st, 2, o->badge, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, o->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, o->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, hash, -1, SQLITE_STATIC);
    return run(c, st, "operator");
}

static int on_stock(void *d, const wms_demo_stock *x)
{
    seed_ctx *c = d;
    sqlite3_stmt *st = c->st[5];
    sqlite3_bind_int64(st, 1, x->id);
    sqlite3_bind_int64(st, 2, x->warehouse_id);
    sqlite3_bind_int64(st, 3, x->location_id);
    sqlite3_bind_int64(st, 4, x->product_id);
    sqlite3_bind_text(st, 5, x->lot ? x->lot : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, x->qty.milli);
    return run(c, st, "stock");
}

static int on_pdoc(void *d, const wms_demo_planned_doc *p)
{
    seed_ctx *c = d;
    sqlite3_stmt *st = c->st[6];
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_text(st, 2, p->type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, p->warehouse_id);
    sqlite3_bind_text(st, 4, p->ref, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, p->partner ? p->partner : "", -1, SQLITE_STATIC);
    return run(c, st, "planned_doc");
}

static int on_pline(void *d, const wms_demo_planned_line *l)
{
    seed_ctx *c = d;
    sqlite3_stmt *st = c->st[7];
    sqlite3_bind_int64(st, 1, l->id);
    sqlite3_bind_int64(st, 2, l->planned_id);
    sqlite3_bind_int64(st, 3, l->product_id);
    if (l->location_id) {
        sqlite3_bind_int64(st, 4, l->location_id);
    } else {
        sqlite3_bind_null(st, 4);
    }
    sqlite3_bind_int64(st, 5, l->qty.milli);
    return run(c, st, "planned_line");
}

static const char *const seed_sql[8] = {
        "INSERT INTO warehouse(id, code, name) VALUES (?,?,?)",
        "INSERT INTO location(id, warehouse_id, code, zone, type) VALUES (?,?,?,?,?)",
        "INSERT INTO product(id, sku, name, uom, decimals, tracking) VALUES (?,?,?,?,?,?)",
        "INSERT INTO barcode(id, product_id, code, pack_qty, kind) VALUES (?,?,?,?,?)",
        "INSERT INTO operator(id, badge, name, role, pin_hash) VALUES (?,?,?,?,?)",
        "INSERT INTO stock(id, warehouse_id, location_id, product_id, lot, qty)"
        " VALUES (?,?,?,?,?,?)",
        "INSERT INTO planned_doc(id, type, warehouse_id, ref, partner) VALUES (?,?,?,?,?)",
        "INSERT INTO planned_line(id, planned_id, product_id, location_id, qty)"
        " VALUES (?,?,?,?,?)"};

int wms_store_seed_demo(wms_store *s, const wms_demo_opts *opts, wms_err *err)
{
    if (!s || !opts) {
        return wms_err_set(err, WMS_EINVAL, "seed: arguments");
    }
    int rc = store_begin(s, err);
    if (rc) {
        return rc;
    }
    seed_ctx c = {.s = s, .err = err};
    sqlite3_stmt *chk = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM warehouse UNION ALL SELECT 1 FROM product LIMIT 1",
                           -1, &chk, NULL) != SQLITE_OK) {
        rc = store_sqlerr(s, sqlite3_errcode(s->db), err, "seed");
    } else if (sqlite3_step(chk) == SQLITE_ROW) {
        rc = wms_err_set(err, WMS_ECONFLICT, "seed: the catalog is not empty");
    }
    sqlite3_finalize(chk);
    for (int i = 0; rc == 0 && i < 8; i++) {
        int r = sqlite3_prepare_v3(s->db, seed_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c.st[i],
                                   NULL);
        if (r != SQLITE_OK) {
            rc = store_sqlerr(s, r, err, "seed prepare");
        }
    }
    if (rc == 0) {
        wms_demo_sink sink = {on_wh,    on_loc,  on_product, on_barcode, on_op,
                              on_stock, on_pdoc, on_pline,   &c};
        rc = wms_demo_generate(opts, &sink);
        if (rc > 0) {
            rc = WMS_EIO;
        }
        if (rc && (!err || err->code == 0)) {
            wms_err_set(err, rc, "seed: demo generator failed");
        }
    }
    for (int i = 0; i < 8; i++) {
        sqlite3_finalize(c.st[i]);
    }
    rc = rc ? rc : store_commit(s, err);
    if (rc) {
        store_rollback(s);
    }
    return rc;
}
