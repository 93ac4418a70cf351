/*
 * test_store.c -- the local store on real temporary files: open/migrate,
 * catalog lookups, document actions with their outbox operations, outbox
 * results, pull apply, corrupt-file recovery, read-only errors.
 */
#include "wms_test.h"

#include "wms/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    char path[128];
    wms_store *s;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/wms-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    wms_store_close(f->s);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) {
        return -1;
    }
    free(f);
    return 0;
}

static wms_store *open_seeded(fx *f, int64_t products)
{
    wms_store_opts o = {.path = f->path};
    wms_store_open_info info;
    wms_err e;
    wms_err_clear(&e);
    assert_int_equal(wms_store_open(&o, &f->s, &info, &e), 0);
    assert_true(info.created);
    assert_int_equal(info.to_version, WMS_STORE_SCHEMA_VERSION);
    wms_demo_opts d = {.seed = 1, .products = products};
    int rc = wms_store_seed_demo(f->s, &d, &e);
    if (rc) {
        fail_msg("seed: %s", e.msg);
    }
    return f->s;
}

static int64_t count(wms_store *s, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(wms_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_open_pragmas_and_seed(void **state)
{
    fx *f = *state;
    wms_store *s = open_seeded(f, 300);
    assert_int_equal(count(s, "PRAGMA user_version"), WMS_STORE_SCHEMA_VERSION);
    assert_int_equal(count(s, "PRAGMA synchronous"), 2);
    assert_int_equal(count(s, "PRAGMA foreign_keys"), 1);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM product"), 300);
    assert_true(count(s, "SELECT COUNT(*) FROM location") > 50);
    wms_err e;
    wms_demo_opts d = {.seed = 1, .products = 10};
    assert_int_equal(wms_store_seed_demo(s, &d, &e), WMS_ECONFLICT);
}

static void test_catalog_lookups(void **state)
{
    fx *f = *state;
    wms_store *s = open_seeded(f, 300);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(wms_store_db(s),
                                        "SELECT code, product_id FROM barcode WHERE kind='unit'"
                                        " AND code LIKE '0%' LIMIT 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char code[20];
    snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
    int64_t pid = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    wms_store_product p;
    wms_store_barcode bc;
    wms_err e;
    assert_int_equal(wms_store_product_by_barcode(s, code, 14, &p, &bc, &e), 0);
    assert_int_equal(p.id, pid);
    /* the EAN-13 form (without the leading zero) matches too */
    assert_int_equal(wms_store_product_by_barcode(s, code + 1, 13, &p, &bc, &e), 0);
    assert_int_equal(p.id, pid);
    char bad[15];
    memcpy(bad, code, 15);
    bad[13] = (char)(bad[13] == '9' ? '0' : bad[13] + 1);
    assert_int_equal(wms_store_product_by_barcode(s, bad, 14, &p, &bc, &e), WMS_ECHECKDIGIT);
    assert_int_equal(wms_store_product_by_barcode(s, S("NOPE"), &p, &bc, &e), WMS_ENOTFOUND);
    wms_store_barcode all[8];
    size_t n;
    assert_int_equal(wms_store_product_barcodes(s, pid, all, 8, &n, &e), 0);
    assert_true(n >= 1);

    /* search by SKU prefix and name word prefix, paged */
    wms_store_product res[100];
    bool more;
    wms_page pg = {1, 5};
    assert_int_equal(wms_store_product_search(s, "SKU-0000", &pg, res, &n, &more, &e), 0);
    assert_int_equal(n, 5);
    assert_true(more);
    assert_int_equal(res[0].id, 1);
    char word[16];
    snprintf(word, sizeof word, "%.3s", p.name);
    pg.page_size = 100;
    assert_int_equal(wms_store_product_search(s, word, &pg, res, &n, &more, &e), 0);
    assert_true(n >= 1);
    assert_int_equal(wms_store_product_search(s, "--", &pg, res, &n, &more, &e), WMS_EINVAL);
    pg.page_size = 0;
    assert_int_equal(wms_store_product_search(s, "a", &pg, res, &n, &more, &e), WMS_ERANGE);

    wms_store_location l;
    assert_int_equal(wms_store_location_by_id(s, 1, &l, &e), 0);
    wms_store_location l2;
    assert_int_equal(wms_store_location_by_code(s, l.code, &l2, &e), 0);
    assert_int_equal(l2.id, 1);
    assert_int_equal(wms_store_location_by_code(s, "ZZ-99", &l2, &e), WMS_ENOTFOUND);

    wms_store_operator op;
    assert_int_equal(wms_store_operator_verify(s, "0001", "1234", &op, &e), 0);
    assert_string_equal(op.role, "supervisor");
    assert_int_equal(wms_store_operator_verify(s, "0001", "4321", &op, &e), WMS_EAUTH);
    assert_int_equal(wms_store_operator_verify(s, "9999", "1234", &op, &e), WMS_ENOTFOUND);

    wms_store_stock sk[100];
    pg = (wms_page){1, 100};
    assert_int_equal(wms_store_stock_by_location(s, 1, &pg, sk, &n, &more, &e), 0);
}

static int64_t find_stock(wms_store *s, int64_t loc, int64_t pid)
{
    wms_store_stock sk[100];
    size_t n;
    bool more;
    wms_page pg = {1, 100};
    wms_err e;
    assert_int_equal(wms_store_stock_by_product(s, pid, &pg, sk, &n, &more, &e), 0);
    for (size_t i = 0; i < n; i++) {
        if (sk[i].location_id == loc && sk[i].lot[0] == '\0') {
            return sk[i].view.milli;
        }
    }
    return 0;
}

static void test_documents_outbox_results(void **state)
{
    fx *f = *state;
    wms_store *s = open_seeded(f, 50);
    wms_err e;
    wms_store_actor who = {1};
    wms_store_doc_new dn = {WMS_DOC_RECEIPT, 1, 0, "R-1"};
    wms_uuid doc, op, item;
    assert_int_equal(wms_store_doc_create(s, &who, &dn, &doc, &op, &e), 0);
    int64_t pid = count(s, "SELECT id FROM product WHERE tracking='none' AND decimals=0 LIMIT 1");
    int64_t loc = count(s, "SELECT id FROM location WHERE warehouse_id=1 LIMIT 1");
    int64_t before = find_stock(s, loc, pid);
    wms_store_item_new in = {.product_id = pid, .location_id = loc, .qty = wms_qty_units(5)};
    assert_int_equal(wms_store_item_add(s, &who, &doc, &in, &item, &op, &e), 0);
    assert_int_equal(wms_store_item_qty(s, &who, &item, wms_qty_units(7), &op, &e), 0);
    /* bad inputs write nothing */
    int64_t ops = count(s, "SELECT COUNT(*) FROM outbox");
    in.qty.milli = 1500;
    assert_int_equal(wms_store_item_add(s, &who, &doc, &in, NULL, NULL, &e), WMS_EINVAL);
    in.qty = wms_qty_units(1);
    in.product_id = 99999999;
    assert_int_equal(wms_store_item_add(s, &who, &doc, &in, NULL, NULL, &e), WMS_ENOTFOUND);
    in.product_id = pid;
    in.to_location_id = loc;
    assert_int_equal(wms_store_item_add(s, &who, &doc, &in, NULL, NULL, &e), WMS_EINVAL);
    in.to_location_id = 0;
    in.lot = "0123456789012345678901";
    assert_int_equal(wms_store_item_add(s, &who, &doc, &in, NULL, NULL, &e), WMS_ETOOBIG);
    in.lot = NULL;
    assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox"), ops);

    wms_store_doc d;
    assert_int_equal(wms_store_doc_get(s, &doc, &d, &e), 0);
    assert_int_equal(d.items, 1);
    assert_int_equal(d.status, WMS_DOC_DRAFT);
    wms_uuid post_op;
    assert_int_equal(wms_store_doc_post(s, &who, &doc, &post_op, &e), 0);
    assert_int_equal(find_stock(s, loc, pid), before + 7000);
    assert_int_equal(wms_store_doc_cancel(s, &who, &doc, NULL, &e), WMS_ECONFLICT);
    assert_int_equal(wms_store_item_qty(s, &who, &item, wms_qty_units(1), NULL, &e), WMS_ECONFLICT);

    /* outbox: 4 ops in order */
    wms_store_batch *b = calloc(1, sizeof *b);
    assert_int_equal(wms_store_outbox_next(s, 100, b, &e), 0);
    assert_int_equal(b->count, 4);
    assert_string_equal(b->ops[0].kind, "doc.create");
    assert_string_equal(b->ops[1].kind, "item.add");
    assert_string_equal(b->ops[2].kind, "item.qty");
    assert_string_equal(b->ops[3].kind, "doc.post");
    assert_non_null(strstr(b->ops[2].payload, "\"qty\":\"7\""));
    assert_true(wms_uuid_compare(&b->ops[3].op_id, &post_op) == 0);
    wms_buf j;
    wms_buf_init(&j, 4096);
    assert_int_equal(wms_store_op_json(&b->ops[0], &j), 0);
    assert_non_null(strstr(wms_buf_str(&j), "\"ref\":\"R-1\""));
    wms_buf_release(&j);
    /* no answer: back to pending, same ops again */
    assert_int_equal(wms_store_outbox_unsent(s, b, "timeout", &e), 0);
    wms_store_batch_release(b);
    assert_int_equal(wms_store_outbox_next(s, 2, b, &e), 0);
    assert_int_equal(b->count, 2);
    assert_int_equal(b->ops[0].attempts, 2);
    wms_store_batch_release(b);
    assert_int_equal(wms_store_outbox_next(s, 100, b, &e), 0);
    assert_int_equal(b->count, 4);

    wms_store_op_result r[4];
    for (int i = 0; i < 3; i++) {
        r[i] = (wms_store_op_result){b->ops[i].op_id, WMS_OP_APPLIED, 10 + i, NULL, NULL};
    }
    r[3] = (wms_store_op_result){b->ops[3].op_id, WMS_OP_REJECTED, 0, "negative_stock",
                                 "have 3, need 5"};
    assert_int_equal(wms_store_outbox_results(s, r, 4, &e), 0);
    wms_store_batch_release(b);
    assert_int_equal(wms_store_doc_get(s, &doc, &d, &e), 0);
    assert_int_equal(d.status, WMS_DOC_REJECTED);
    assert_string_equal(d.reason, "have 3, need 5");
    assert_int_equal(find_stock(s, loc, pid), before);
    wms_store_outbox_stats os;
    assert_int_equal(wms_store_outbox_stats_get(s, &os, &e), 0);
    assert_int_equal(os.pending, 0);
    assert_int_equal(os.rejected, 1);
    wms_store_op_result unk = {{{0}}, WMS_OP_APPLIED, 1, NULL, NULL};
    assert_int_equal(wms_store_outbox_results(s, &unk, 1, &e), WMS_EPROTO);
    free(b);

    wms_health h;
    wms_health_init(&h);
    assert_int_equal(wms_store_health(s, &h), 0);
    assert_int_equal(h.count, 2);
    assert_int_equal(h.comp[1].status, WMS_HEALTH_DEGRADED);
}

static void test_docs_list_and_keyset(void **state)
{
    fx *f = *state;
    wms_store *s = open_seeded(f, 20);
    wms_err e;
    wms_store_actor who = {2};
    for (int i = 0; i < 25; i++) {
        wms_store_doc_new dn = {i % 2 ? WMS_DOC_ISSUE : WMS_DOC_RECEIPT, 1, 0, NULL};
        assert_int_equal(wms_store_doc_create(s, &who, &dn, NULL, NULL, &e), 0);
    }
    wms_store_doc *out = calloc(100, sizeof *out);
    size_t n, total = 0;
    bool more;
    char next[WMS_CURSOR_STRING_MAX] = "";
    wms_page pg = {1, 5};
    int64_t last = INT64_MAX;
    do {
        assert_int_equal(wms_store_docs_list(s, WMS_DOC_DRAFT, WMS_DOC_RECEIPT, &pg, next, out, &n,
                                             &more, next, &e),
                         0);
        for (size_t i = 0; i < n; i++) {
            assert_true(out[i].seq < last);
            assert_int_equal(out[i].type, WMS_DOC_RECEIPT);
            last = out[i].seq;
        }
        total += n;
    } while (more);
    assert_int_equal(total, 13);
    pg = (wms_page){3, 10};
    assert_int_equal(wms_store_docs_list(s, -1, -1, &pg, NULL, out, &n, &more, NULL, &e), 0);
    assert_int_equal(n, 5);
    assert_false(more);
    assert_int_equal(wms_store_docs_list(s, -1, -1, &pg, "garbage", out, &n, &more, NULL, &e),
                     WMS_EINVAL);
    free(out);
}

static void test_pull_apply(void **state)
{
    fx *f = *state;
    wms_store_opts o = {.path = f->path, .role = WMS_STORE_SYNC};
    wms_err e;
    assert_int_equal(wms_store_open(&o, &f->s, NULL, &e), 0);
    wms_store_change ch[4] = {
            {.seq = 1, .entity = WMS_ENT_WAREHOUSE, .id = 1, .code = "WH1", .name = "Main"},
            {.seq = 2,
             .entity = WMS_ENT_PRODUCT,
             .id = 5,
             .sku = "SKU-5",
             .name = "Bolt M8",
             .uom = "pcs",
             .tracking = "none"},
            {.seq = 3,
             .entity = WMS_ENT_BARCODE,
             .id = 9,
             .product_id = 5,
             .code = "04006381333931",
             .pack_qty = {12000},
             .kind = "case"},
            {.seq = 4,
             .entity = WMS_ENT_LOCATION,
             .id = 3,
             .warehouse_id = 1,
             .code = "A-01-01",
             .zone = "A",
             .type = "storage"},
    };
    assert_int_equal(wms_store_pull_apply(f->s, ch, 4, 4, &e), 0);
    wms_store_product p;
    wms_store_barcode bc;
    assert_int_equal(wms_store_product_by_barcode(f->s, S("4006381333931"), &p, &bc, &e), 0);
    assert_int_equal(bc.pack_qty.milli, 12000);
    /* a failing page leaves nothing behind: barcode of an unknown product */
    wms_store_change bad[2] = {
            {.seq = 5, .entity = WMS_ENT_WAREHOUSE, .id = 2, .code = "WH2", .name = "Two"},
            {.seq = 6,
             .entity = WMS_ENT_BARCODE,
             .id = 10,
             .product_id = 77,
             .code = "X",
             .pack_qty = {1000},
             .kind = "unit"},
    };
    assert_int_not_equal(wms_store_pull_apply(f->s, bad, 2, 6, &e), 0);
    wms_store_sync_state ss;
    assert_int_equal(wms_store_sync_state_get(f->s, &ss, &e), 0);
    assert_int_equal(ss.cursor, 4);
    assert_int_equal(count(f->s, "SELECT COUNT(*) FROM warehouse"), 1);
    assert_int_equal(wms_store_pull_apply(f->s, NULL, 0, 3, &e), WMS_EPROTO);
    /* delete */
    wms_store_change del = {.seq = 7, .entity = WMS_ENT_BARCODE, .is_delete = true, .id = 9};
    assert_int_equal(wms_store_pull_apply(f->s, &del, 1, 7, &e), 0);
    assert_int_equal(wms_store_product_by_barcode(f->s, S("4006381333931"), &p, &bc, &e),
                     WMS_ENOTFOUND);
    assert_int_equal(wms_store_sync_note(f->s, "link down", &e), 0);
    assert_int_equal(wms_store_sync_state_get(f->s, &ss, &e), 0);
    assert_string_equal(ss.last_error, "link down");
    wms_store_scan sc = {1,
                         "receipt",
                         "\x1d"
                         "0104006381333931",
                         17,
                         "gs1",
                         "ok"};
    assert_int_equal(wms_store_scan_log(f->s, &sc, &e), 0);
    assert_int_equal(count(f->s, "SELECT COUNT(*) FROM scan_log"), 1);
}

static void test_corrupt_is_moved_aside(void **state)
{
    fx *f = *state;
    open_seeded(f, 20);
    wms_store_close(f->s);
    f->s = NULL;
    /* damage page 2 onwards */
    FILE *fp = fopen(f->path, "r+b");
    assert_non_null(fp);
    fseek(fp, 4096, SEEK_SET);
    char junk[8192];
    memset(junk, 0x5a, sizeof junk);
    fwrite(junk, 1, sizeof junk, fp);
    fclose(fp);
    wms_store_opts ro = {.path = f->path, .role = WMS_STORE_READONLY, .full_check = true};
    wms_err e;
    wms_store *r = NULL;
    assert_int_equal(wms_store_open(&ro, &r, NULL, &e), WMS_ECORRUPT);
    wms_store_opts o = {.path = f->path, .full_check = true};
    wms_store_open_info info;
    assert_int_equal(wms_store_open(&o, &f->s, &info, &e), 0);
    assert_true(info.recovered);
    assert_true(info.created);
    struct stat sb;
    assert_int_equal(stat(info.moved_to, &sb), 0);
    assert_int_equal(count(f->s, "SELECT COUNT(*) FROM product"), 0);
    wms_health h;
    wms_health_init(&h);
    wms_store_health(f->s, &h);
    assert_int_equal(h.comp[0].status, WMS_HEALTH_DEGRADED);
}

static void test_migrate_from_v1_and_readonly(void **state)
{
    fx *f = *state;
    /* a v1 database: the schema without search */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    wms_store_opts o = {.path = f->path};
    wms_err e;
    wms_store_open_info info;
    assert_int_equal(wms_store_open(&o, &f->s, &info, &e), 0);
    assert_int_equal(info.from_version, 0);
    sqlite3_exec(wms_store_db(f->s),
                 "DROP TRIGGER product_ai; DROP TRIGGER product_ad; DROP TRIGGER product_au;"
                 "DROP TABLE product_fts; DROP TABLE login_lock; DROP INDEX doc_ref;"
                 "DROP INDEX planned_doc_list; PRAGMA user_version=1;"
                 "INSERT INTO product VALUES(1,'SKU-1','Widget blue','pcs',0,'none');",
                 NULL, NULL, NULL);
    wms_store_close(f->s);
    assert_int_equal(wms_store_open(&o, &f->s, &info, &e), 0);
    assert_int_equal(info.from_version, 1);
    wms_store_product res[5];
    size_t n;
    bool more;
    assert_int_equal(wms_store_product_search(f->s, "widg", NULL, res, &n, &more, &e), 0);
    assert_int_equal(n, 1);
    wms_store_close(f->s);
    f->s = NULL;
    /* read-only handle: actions refused with EREADONLY, nothing written */
    wms_store_opts ro = {.path = f->path, .role = WMS_STORE_READONLY};
    assert_int_equal(wms_store_open(&ro, &f->s, NULL, &e), 0);
    wms_store_actor who = {1};
    wms_store_doc_new dn = {WMS_DOC_RECEIPT, 1, 0, NULL};
    assert_int_equal(wms_store_doc_create(f->s, &who, &dn, NULL, NULL, &e), WMS_EREADONLY);
    wms_store_close(f->s);
    f->s = NULL;
    /* a newer schema than this build is refused */
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(wms_store_open(&o, &f->s, NULL, &e), WMS_EUNSUPPORTED);
    wms_store_opts nc = {.path = "/nonexistent/dir/x.db", .no_create = true};
    assert_int_not_equal(wms_store_open(&nc, &f->s, NULL, &e), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_open_pragmas_and_seed, setup, teardown),
            cmocka_unit_test_setup_teardown(test_catalog_lookups, setup, teardown),
            cmocka_unit_test_setup_teardown(test_documents_outbox_results, setup, teardown),
            cmocka_unit_test_setup_teardown(test_docs_list_and_keyset, setup, teardown),
            cmocka_unit_test_setup_teardown(test_pull_apply, setup, teardown),
            cmocka_unit_test_setup_teardown(test_corrupt_is_moved_aside, setup, teardown),
            cmocka_unit_test_setup_teardown(test_migrate_from_v1_and_readonly, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
