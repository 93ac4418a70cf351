/*
 * cmd_seed_central.c -- `wmsctl seed-central --dsn DSN [--products N]
 * [--seed S]`: core's deterministic demo data (the same as `wmsctl seed`)
 * into the central database with COPY, in one transaction.
 */
#include "ctl.h"

#include "wms/pg.h"
#include "wms/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seeder {
    PGconn *c;
    const char *table; /* COPY in progress, NULL none */
    wms_buf row;
    wms_err err;
    int rc;
} seeder;

static int end_copy(seeder *s)
{
    if (!s->table) {
        return 0;
    }
    s->table = NULL;
    if (PQputCopyEnd(s->c, NULL) != 1) {
        return wms_err_set(&s->err, WMS_EIO, "copy end: %s", PQerrorMessage(s->c));
    }
    PGresult *r = PQgetResult(s->c);
    int rc = wms_pg_error(s->c, r, &s->err);
    PQclear(r);
    while ((r = PQgetResult(s->c)) != NULL) {
        PQclear(r);
    }
    return rc;
}

static int begin_copy(seeder *s, const char *table, const char *sql)
{
    if (s->rc) {
        return s->rc;
    }
    if (s->table && strcmp(s->table, table) == 0) {
        return 0;
    }
    if ((s->rc = end_copy(s)) != 0) {
        return s->rc;
    }
    PGresult *r = PQexec(s->c, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        s->rc = wms_pg_error(s->c, r, &s->err);
        s->rc = s->rc ? s->rc : WMS_EIO;
        PQclear(r);
        return s->rc;
    }
    PQclear(r);
    s->table = table;
    return 0;
}

static void field(seeder *s, const char *v, bool last)
{
    if (!v) {
        wms_buf_addstr(&s->row, "\\N");
    } else {
        for (const char *p = v; *p; p++) {
            if (*p == '\\' || *p == '\t' || *p == '\n' || *p == '\r') {
                wms_buf_addf(&s->row, "\\%c",
                             *p == '\t'   ? 't'
                             : *p == '\n' ? 'n'
                             : *p == '\r' ? 'r'
                                          : '\\');
            } else {
                wms_buf_add(&s->row, p, 1);
            }
        }
    }
    wms_buf_addstr(&s->row, last ? "\n" : "\t");
}

static void ifield(seeder *s, int64_t v, bool last)
{
    char b[24];
    snprintf(b, sizeof b, "%lld", (long long)v);
    field(s, b, last);
}

static void qfield(seeder *s, wms_qty q, bool last)
{
    char b[WMS_QTY_STRING_MAX];
    wms_qty_format(q, b, sizeof b);
    field(s, b, last);
}

static int put_row(seeder *s)
{
    if (!s->rc && PQputCopyData(s->c, wms_buf_str(&s->row), (int)s->row.len) != 1) {
        s->rc = wms_err_set(&s->err, WMS_EIO, "copy: %s", PQerrorMessage(s->c));
    }
    wms_buf_reset(&s->row);
    return s->rc;
}

static int on_wh(void *d, const wms_demo_warehouse *w)
{
    seeder *s = d;
    if (begin_copy(s, "warehouses", "COPY warehouses (id, code, name) FROM STDIN")) {
        return s->rc;
    }
    ifield(s, w->id, false);
    field(s, w->code, false);
    field(s, w->name, true);
    return put_row(s);
}

static int on_loc(void *d, const wms_demo_location *l)
{
    seeder *s = d;
    if (begin_copy(s, "locations",
                   "COPY locations (id, warehouse_id, code, zone, type) FROM STDIN")) {
        return s->rc;
    }
    ifield(s, l->id, false);
    ifield(s, l->warehouse_id, false);
    field(s, l->code, false);
    field(s, l->zone, false);
    field(s, l->type, true);
    return put_row(s);
}

static int on_prod(void *d, const wms_demo_product *p)
{
    seeder *s = d;
    if (begin_copy(s, "products",
                   "COPY products (id, sku, name, uom, decimals, tracking) FROM STDIN")) {
        return s->rc;
    }
    ifield(s, p->id, false);
    field(s, p->sku, false);
    field(s, p->name, false);
    field(s, p->uom, false);
    ifield(s, p->decimals, false);
    field(s, p->tracking, true);
    return put_row(s);
}

static int on_bc(void *d, const wms_demo_barcode *b)
{
    seeder *s = d;
    if (begin_copy(s, "barcodes",
                   "COPY barcodes (id, product_id, code, pack_qty, kind) FROM STDIN")) {
        return s->rc;
    }
    ifield(s, b->id, false);
    ifield(s, b->product_id, false);
    field(s, b->code, false);
    qfield(s, b->pack_qty, false);
    field(s, b->kind, true);
    return put_row(s);
}

static int on_op(void *d, const wms_demo_operator *o)
{
    seeder *s = d;
    char hash[WMS_STORE_HASH_MAX];
    if (!s->rc) {
        s->rc = wms_store_pin_hash(o->pin, wms_rng_system(), hash, sizeof hash, &s->err);
    }
    if (begin_copy(s, "operators", "COPY operators (id, badge, name, role, pin_hash) FROM STDIN")) {
        return s->rc;
    }
    ifield(s, o->id, false);
    field(s, o->badge, false);
    field(s, o->name, false);
    field(s, o->role, false);
    field(s, hash, true);
    return put_row(s);
}

static int on_stock(void *d, const wms_demo_stock *st)
{
    seeder *s = d;
    if (begin_copy(s, "inventory",
                   "COPY inventory (id, warehouse_id, location_id, product_id, lot, quantity) "
                   "FROM STDIN")) {
        return s->rc;
    }
    ifield(s, st->id, false);
    ifield(s, st->warehouse_id, false);
    ifield(s, st->location_id, false);
    ifield(s, st->product_id, false);
    field(s, st->lot ? st->lot : "", false);
    qfield(s, st->qty, true);
    return put_row(s);
}

static int on_pdoc(void *d, const wms_demo_planned_doc *p)
{
    seeder *s = d;
    if (begin_copy(s, "planned_docs",
                   "COPY planned_docs (id, type, warehouse_id, ref, partner) FROM STDIN")) {
        return s->rc;
    }
    ifield(s, p->id, false);
    field(s, p->type, false);
    ifield(s, p->warehouse_id, false);
    field(s, p->ref, false);
    field(s, p->partner, true);
    return put_row(s);
}

static int on_pline(void *d, const wms_demo_planned_line *l)
{
    seeder *s = d;
    if (begin_copy(s, "planned_lines",
                   "COPY planned_lines (id, planned_id, product_id, location_id, quantity) "
                   "FROM STDIN")) {
        return s->rc;
    }
    ifield(s, l->id, false);
    ifield(s, l->planned_id, false);
    ifield(s, l->product_id, false);
    if (l->location_id > 0) {
        ifield(s, l->location_id, false);
    } else {
        field(s, NULL, false);
    }
    qfield(s, l->qty, true);
    return put_row(s);
}

int cmd_seed_central(int argc, char **argv)
{
    const char *dsn = NULL;
    wms_demo_opts opts = {.seed = 1, .products = 5000};
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--dsn") == 0) {
            dsn = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--products") == 0) {
            opts.products = strtoll(argv[++i], NULL, 10);
        } else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0) {
            opts.seed = strtoull(argv[++i], NULL, 10);
        } else {
            dsn = NULL;
            break;
        }
    }
    if (!dsn || opts.products < 1 || opts.products > 10000000) {
        fprintf(stderr, "usage: wmsctl seed-central --dsn DSN [--products N] [--seed S]\n");
        return 2;
    }
    seeder s = {0};
    s.c = PQconnectdb(dsn);
    if (PQstatus(s.c) != CONNECTION_OK) {
        fprintf(stderr, "wmsctl seed-central: cannot connect: %s", PQerrorMessage(s.c));
        PQfinish(s.c);
        return 1;
    }
    wms_buf_init(&s.row, 64 * 1024);
    PGresult *r = PQexec(s.c, "BEGIN");
    PQclear(r);
    wms_demo_sink sink = {on_wh, on_loc, on_prod, on_bc, on_op, on_stock, on_pdoc, on_pline, &s};
    int rc = wms_demo_generate(&opts, &sink);
    if (s.rc == 0 && rc != 0) {
        s.rc = wms_err_set(&s.err, rc, "demo generator failed");
    }
    if (s.rc == 0) {
        s.rc = end_copy(&s);
    }
    if (s.rc == 0) {
        static const char *const fix[] = {"warehouses",   "locations",    "products",
                                          "barcodes",     "operators",    "inventory",
                                          "planned_docs", "planned_lines"};
        for (size_t i = 0; s.rc == 0 && i < WMS_ARRAY_LEN(fix); i++) {
            char sql[200];
            snprintf(sql, sizeof sql,
                     "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                     "coalesce((SELECT max(id) FROM %s), 0) + 1, false)",
                     fix[i], fix[i]);
            r = PQexec(s.c, sql);
            s.rc = wms_pg_error(s.c, r, &s.err);
            PQclear(r);
        }
    }
    r = PQexec(s.c, s.rc ? "ROLLBACK" : "COMMIT");
    if (s.rc == 0) {
        s.rc = wms_pg_error(s.c, r, &s.err);
    }
    PQclear(r);
    wms_buf_release(&s.row);
    PQfinish(s.c);
    if (s.rc) {
        fprintf(stderr, "wmsctl seed-central: %s\n", s.err.msg);
        return 1;
    }
    printf("seeded %lld products (seed %llu)\n", (long long)opts.products,
           (unsigned long long)opts.seed);
    return 0;
}
