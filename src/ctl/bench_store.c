/*
 * bench_store.c -- `wmsctl bench store [--products N] [--json]`: the local
 * store against raw SQLite (plain prepared statements on the same schema)
 * measured in the same run.
 */
#include "bench_util.h"

#include "wms/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LOOKUPS = 20000, SEARCHES = 400, CONFIRMS = 150 };

static uint64_t xs(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void pct_fig(wms_bench_report *r, const char *name, double *v, size_t n, double scale,
                    const char *unit, const char *base, double *bv, size_t bn,
                    wms_bench_goal_kind gk, double target, bool p99_only_goal)
{
    char nm[48];
    double p[2] = {50, 99};
    for (int k = 0; k < 2; k++) {
        double val = wms_percentile(v, n, p[k]) / scale;
        snprintf(nm, sizeof nm, "%s_p%d", name, (int)p[k]);
        wms_bench_figure *f = wms_bench_add(r, nm, val, unit);
        if (!f) {
            return;
        }
        if (base) {
            wms_bench_set_baseline(f, base, wms_percentile(bv, bn, p[k]) / scale);
        }
        if (gk != WMS_GOAL_NONE && (!p99_only_goal || k == 1)) {
            wms_bench_set_goal(f, gk, target);
        }
    }
}

static int raw_insert_products(const char *path, int64_t n, double *rows_per_s)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        return 1;
    }
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", NULL, NULL, NULL);
    sqlite3_stmt *p = NULL, *b = NULL;
    sqlite3_prepare_v2(db,
                       "INSERT INTO product(id, sku, name, uom, decimals, tracking)"
                       " VALUES (?,?,?,?,?,?)",
                       -1, &p, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO barcode(id, product_id, code, pack_qty, kind)"
                       " VALUES (?,?,?,?,?)",
                       -1, &b, NULL);
    if (!p || !b) {
        sqlite3_finalize(p);
        sqlite3_finalize(b);
        sqlite3_close(db);
        return 1;
    }
    int64_t t0 = bench_now_ns();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    char sku[32], name[64], code[32];
    int64_t rows = 0;
    for (int64_t i = 1; i <= n; i++) {
        snprintf(sku, sizeof sku, "RAW-%08lld", (long long)i);
        snprintf(name, sizeof name, "Raw item %lld steel bolt", (long long)i);
        snprintf(code, sizeof code, "9%013lld", (long long)i);
        sqlite3_bind_int64(p, 1, i);
        sqlite3_bind_text(p, 2, sku, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 3, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 4, "pcs", -1, SQLITE_STATIC);
        sqlite3_bind_int(p, 5, 0);
        sqlite3_bind_text(p, 6, "none", -1, SQLITE_STATIC);
        sqlite3_step(p);
        sqlite3_reset(p);
        sqlite3_bind_int64(b, 1, i);
        sqlite3_bind_int64(b, 2, i);
        sqlite3_bind_text(b, 3, code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(b, 4, 1000);
        sqlite3_bind_text(b, 5, "unit", -1, SQLITE_STATIC);
        sqlite3_step(b);
        sqlite3_reset(b);
        rows += 2;
    }
    int rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    int64_t t1 = bench_now_ns();
    *rows_per_s = (double)rows / ((double)(t1 - t0) / 1e9);
    sqlite3_finalize(p);
    sqlite3_finalize(b);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : 1;
}

static int64_t one_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

int bench_store(int argc, char **argv, wms_bench_report *r)
{
    int64_t products = 100000;
    const char *keep = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--products") == 0 && i + 1 < argc) {
            char *end;
            products = strtoll(argv[++i], &end, 10);
            if (*end || products < 100 || products > 10000000) {
                fprintf(stderr, "bench store: --products 100..10000000\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            keep = argv[++i];
        } else {
            fprintf(stderr, "usage: wmsctl bench store [--products N] [--db PATH] [--json]\n");
            return 2;
        }
    }
    char dir[] = "/tmp/wms-bench-store-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[128], rawpath[128];
    snprintf(path, sizeof path, "%s/store.db", dir);
    snprintf(rawpath, sizeof rawpath, "%s/raw.db", dir);
    if (keep) {
        snprintf(path, sizeof path, "%s", keep);
    }
    wms_err e;
    wms_err_clear(&e);
    wms_store *s = NULL;
    wms_store_opts o = {.path = path};
    int rc = 1;
    double *a = calloc(LOOKUPS, sizeof *a), *b = calloc(LOOKUPS, sizeof *b);
    char(*codes)[20] = calloc(LOOKUPS, sizeof *codes);
    if (!a || !b || !codes) {
        goto out;
    }
    /* bulk load: the store's seed vs raw prepared inserts in one txn */
    struct stat sb;
    bool fresh = stat(path, &sb) != 0;
    if (wms_store_open(&o, &s, NULL, &e)) {
        fprintf(stderr, "bench store: %s\n", e.msg);
        goto out;
    }
    if (fresh) {
        fprintf(stderr, "bench store: seeding %lld products...\n", (long long)products);
        int64_t t0 = bench_now_ns();
        wms_demo_opts d = {.seed = 1, .products = products};
        if (wms_store_seed_demo(s, &d, &e)) {
            fprintf(stderr, "bench store: seed: %s\n", e.msg);
            goto out;
        }
        int64_t t1 = bench_now_ns();
        sqlite3 *db = wms_store_db(s);
        int64_t rows = one_int(db, "SELECT (SELECT COUNT(*) FROM product) + (SELECT COUNT(*)"
                                   " FROM barcode) + (SELECT COUNT(*) FROM stock) + (SELECT"
                                   " COUNT(*) FROM location)");
        double store_rps = (double)rows / ((double)(t1 - t0) / 1e9);
        wms_store *raw = NULL;
        wms_store_opts ro = {.path = rawpath};
        double raw_rps = 0;
        if (wms_store_open(&ro, &raw, NULL, &e) == 0) {
            wms_store_close(raw);
            raw_insert_products(rawpath, products, &raw_rps);
        }
        wms_bench_figure *f = wms_bench_add(r, "bulk_load", store_rps, "rows/s");
        wms_bench_set_baseline(f, "raw prepared insert, one txn", raw_rps);
        wms_bench_set_goal(f, WMS_GOAL_RATIO_GE, 0.7);
    }
    sqlite3 *db = wms_store_db(s);
    int64_t nbar = one_int(db, "SELECT MAX(id) FROM barcode");
    uint64_t seed = 0x9e3779b97f4a7c15u;
    sqlite3_stmt *pick;
    sqlite3_prepare_v2(db, "SELECT code FROM barcode WHERE id >= ? LIMIT 1", -1, &pick, NULL);
    for (size_t i = 0; i < LOOKUPS; i++) {
        sqlite3_bind_int64(pick, 1, (int64_t)(xs(&seed) % (uint64_t)nbar) + 1);
        if (sqlite3_step(pick) == SQLITE_ROW) {
            snprintf(codes[i], sizeof codes[i], "%s", (const char *)sqlite3_column_text(pick, 0));
        }
        sqlite3_reset(pick);
    }
    sqlite3_finalize(pick);
    /* barcode lookup */
    sqlite3_stmt *rawq;
    sqlite3_prepare_v2(db,
                       "SELECT p.id, p.sku, p.name, p.uom, p.decimals, p.tracking, b.id,"
                       " b.product_id, b.code, b.pack_qty, b.kind FROM barcode b JOIN product p"
                       " ON p.id = b.product_id WHERE b.code = ?",
                       -1, &rawq, NULL);
    wms_store_product p;
    wms_store_barcode bc;
    /* separate passes over the same codes (a call right after the other
     * would find the pages the first one loaded); the second round, with
     * both warm, is the one reported */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < LOOKUPS; i++) {
            int64_t t0 = bench_now_ns();
            wms_store_product_by_barcode(s, codes[i], strlen(codes[i]), &p, &bc, NULL);
            a[i] = (double)(bench_now_ns() - t0);
        }
        for (size_t i = 0; i < LOOKUPS; i++) {
            int64_t t1 = bench_now_ns();
            sqlite3_bind_text(rawq, 1, codes[i], -1, SQLITE_STATIC);
            if (sqlite3_step(rawq) == SQLITE_ROW) {
                for (int c = 0; c < 11; c++) {
                    (void)sqlite3_column_text(rawq, c);
                }
            }
            sqlite3_reset(rawq);
            b[i] = (double)(bench_now_ns() - t1);
        }
    }
    sqlite3_finalize(rawq);
    pct_fig(r, "barcode_lookup", a, LOOKUPS, 1000.0, "us", "raw prepared lookup", b, LOOKUPS,
            WMS_GOAL_RATIO_LE, 1.5, false);
    /* prefix search: 3-letter prefixes of product name words */
    static const char *const pre[] = {"bol", "hex", "cab",       "gar", "scr", "nut",
                                      "was", "pip", "SKU-00012", "tap", "gl",  "ste"};
    wms_store_product *res = calloc(WMS_PAGE_SIZE_DEFAULT, sizeof *res);
    if (!res) {
        goto out;
    }
    wms_page pg = {1, WMS_PAGE_SIZE_DEFAULT};
    for (size_t i = 0; i < SEARCHES; i++) {
        size_t n;
        bool more;
        int64_t t0 = bench_now_ns();
        wms_store_product_search(s, pre[i % WMS_ARRAY_LEN(pre)], &pg, res, &n, &more, NULL);
        a[i] = (double)(bench_now_ns() - t0);
    }
    free(res);
    pct_fig(r, "prefix_search", a, SEARCHES, 1e6, "ms", NULL, NULL, 0, WMS_GOAL_VALUE_LE, 5.0,
            true);
    /* durable confirm: item.add (rows + outbox) vs one raw insert, WAL+FULL */
    wms_store_actor who = {1};
    wms_store_doc_new dn = {WMS_DOC_RECEIPT, 1, 0, "BENCH"};
    wms_uuid doc;
    if (wms_store_doc_create(s, &who, &dn, &doc, NULL, &e)) {
        fprintf(stderr, "bench store: %s\n", e.msg);
        goto out;
    }
    sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS bench_raw(id INTEGER PRIMARY KEY, v BLOB)", NULL,
                 NULL, NULL);
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "INSERT INTO bench_raw(v) VALUES (randomblob(200))", -1, &ins, NULL);
    int64_t pid = one_int(db, "SELECT id FROM product WHERE decimals = 0 LIMIT 1");
    int64_t loc = one_int(db, "SELECT id FROM location WHERE warehouse_id = 1 LIMIT 1");
    wms_store_item_new it = {.product_id = pid, .location_id = loc, .qty = wms_qty_units(1)};
    for (size_t i = 0; i < CONFIRMS; i++) {
        int64_t t0 = bench_now_ns();
        if (wms_store_item_add(s, &who, &doc, &it, NULL, NULL, &e)) {
            fprintf(stderr, "bench store: %s\n", e.msg);
            goto out;
        }
        int64_t t1 = bench_now_ns();
        sqlite3_step(ins);
        sqlite3_reset(ins);
        int64_t t2 = bench_now_ns();
        a[i] = (double)(t1 - t0);
        b[i] = (double)(t2 - t1);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "DROP TABLE bench_raw", NULL, NULL, NULL);
    pct_fig(r, "durable_confirm", a, CONFIRMS, 1000.0, "us", "raw WAL+FULL single insert", b,
            CONFIRMS, WMS_GOAL_RATIO_LE, 1.3, false);
    wms_store_close(s);
    s = NULL;
    /* open to ready */
    for (size_t i = 0; i < 20; i++) {
        int64_t t0 = bench_now_ns();
        if (wms_store_open(&o, &s, NULL, &e)) {
            fprintf(stderr, "bench store: %s\n", e.msg);
            goto out;
        }
        wms_store_product_by_barcode(s, codes[i], strlen(codes[i]), &p, &bc, NULL);
        a[i] = (double)(bench_now_ns() - t0);
        wms_store_close(s);
        s = NULL;
    }
    wms_bench_figure *f =
            wms_bench_add(r, "open_to_ready_p50", wms_percentile(a, 20, 50) / 1e6, "ms");
    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 50);
    if (stat(path, &sb) == 0) {
        wms_bench_add(r, "file_size", (double)sb.st_size / 1048576.0, "MB");
    }
    wms_bench_add(r, "products", (double)products, "");
    rc = 0;
out:
    wms_store_close(s);
    free(a);
    free(b);
    free(codes);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "bench store: could not remove %s\n", dir);
    }
    return rc;
}
