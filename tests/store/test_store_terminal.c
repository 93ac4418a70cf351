/*
 * test_store_terminal.c -- what the kiosk needs from the store (terminal.c
 * and wms_store_item_adjust), on real temporary files: a scanned change
 * merged into the draft's line as ONE action with the right outbox
 * operation, the PIN lockout surviving a reopen, planned documents and
 * lines, lookups by code/type/ref, migration from schema v2.
 */
#include "wms_test.h"

#include "wms/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    char path[128];
    wms_store *s;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/wms-store-term-XXXXXX");
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

static void reopen(fx *f)
{
    wms_store_close(f->s);
    f->s = NULL;
    wms_store_opts o = {.path = f->path};
    wms_err e = {0};
    if (wms_store_open(&o, &f->s, NULL, &e) != 0) {
        fail_msg("open: %s", e.msg);
    }
}

static wms_store *open_seeded(fx *f, int64_t products)
{
    reopen(f);
    wms_demo_opts d = {.seed = 1, .products = products};
    wms_err e = {0};
    if (wms_store_seed_demo(f->s, &d, &e) != 0) {
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

/* The newest outbox operation's kind. */
static void last_kind(wms_store *s, char *out, size_t cap)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(wms_store_db(s),
                                        "SELECT kind FROM outbox ORDER BY seq DESC LIMIT 1", -1,
                                        &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static void test_item_adjust(void **state)
{
    fx *f = *state;
    wms_store *s = open_seeded(f, 40);
    wms_err e = {0};
    wms_store_actor who = {1};
    wms_store_doc_new dn = {WMS_DOC_RECEIPT, 1, 0, "R-0001"};
    wms_uuid doc, item, item2, op;
    assert_int_equal(wms_store_doc_create(s, &who, &dn, &doc, NULL, &e), 0);
    int64_t pid = count(s, "SELECT id FROM product WHERE decimals=0 LIMIT 1");
    int64_t loc = count(s, "SELECT id FROM location WHERE warehouse_id=1 LIMIT 1");
    char kind[32];
    wms_store_item_new in = {.product_id = pid, .location_id = loc, .qty = wms_qty_units(1)};
    /* first scan: a new line (item.add) */
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, &item, &op, &e), 0);
    last_kind(s, kind, sizeof kind);
    assert_string_equal(kind, "item.add");
    /* same product/location/lot: the line's quantity (item.qty, absolute) */
    in.qty = wms_qty_units(10);
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, &item2, &op, &e), 0);
    assert_memory_equal(item.b, item2.b, 16);
    last_kind(s, kind, sizeof kind);
    assert_string_equal(kind, "item.qty");
    assert_int_equal(count(s, "SELECT COUNT(*) FROM item"), 1);
    assert_int_equal(count(s, "SELECT qty FROM item"), 11000);
    assert_true(count(s, "SELECT payload LIKE '%\"qty\":\"11\"%' FROM outbox ORDER BY seq DESC"
                         " LIMIT 1") == 1);
    /* another lot is another line */
    in.lot = "LOT42";
    in.qty = wms_qty_units(2);
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, &item2, &op, &e), 0);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM item"), 2);
    in.lot = NULL;
    /* a correction below zero writes nothing */
    int64_t ops = count(s, "SELECT COUNT(*) FROM outbox");
    in.qty = wms_qty_units(-12);
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, NULL, NULL, &e), WMS_ERANGE);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox"), ops);
    assert_int_equal(count(s, "SELECT qty FROM item WHERE lot=''"), 11000);
    /* a negative change without a line, a zero change, bad decimals */
    in.location_id = loc + 1;
    in.qty = wms_qty_units(-1);
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, NULL, NULL, &e), WMS_ERANGE);
    in.location_id = loc;
    in.qty.milli = 0;
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, NULL, NULL, &e), WMS_ERANGE);
    in.qty.milli = -500;
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, NULL, NULL, &e), WMS_EINVAL);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox"), ops);
    /* back to exactly zero: the line goes (item.remove) */
    in.qty = wms_qty_units(-11);
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, &item2, &op, &e), 0);
    assert_memory_equal(item.b, item2.b, 16);
    last_kind(s, kind, sizeof kind);
    assert_string_equal(kind, "item.remove");
    assert_int_equal(count(s, "SELECT COUNT(*) FROM item"), 1);
    /* posted: no more changes */
    assert_int_equal(wms_store_doc_post(s, &who, &doc, NULL, &e), 0);
    in.qty = wms_qty_units(1);
    assert_int_equal(wms_store_item_adjust(s, &who, &doc, &in, NULL, NULL, &e), WMS_ECONFLICT);
    wms_uuid nodoc = {{0}};
    assert_int_equal(wms_store_item_adjust(s, &who, &nodoc, &in, NULL, NULL, &e), WMS_ENOTFOUND);
    wms_store_actor nobody = {0};
    assert_int_equal(wms_store_item_adjust(s, &nobody, &doc, &in, NULL, NULL, &e), WMS_EINVAL);

    /* a count keeps a zero line */
    wms_store_doc_new cn = {WMS_DOC_COUNT, 1, 0, NULL};
    wms_uuid cdoc;
    assert_int_equal(wms_store_doc_create(s, &who, &cn, &cdoc, NULL, &e), 0);
    in.qty = wms_qty_units(3);
    assert_int_equal(wms_store_item_adjust(s, &who, &cdoc, &in, NULL, NULL, &e), 0);
    in.qty = wms_qty_units(-3);
    assert_int_equal(wms_store_item_adjust(s, &who, &cdoc, &in, NULL, NULL, &e), 0);
    last_kind(s, kind, sizeof kind);
    assert_string_equal(kind, "item.qty");
    /* nor does a count take a negative change without a line */
    ops = count(s, "SELECT COUNT(*) FROM outbox");
    in.location_id = loc + 1;
    in.qty = wms_qty_units(-1);
    assert_int_equal(wms_store_item_adjust(s, &who, &cdoc, &in, NULL, NULL, &e), WMS_ERANGE);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox"), ops);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM item WHERE qty < 0"), 0);
}

static void test_login_lockout_survives_reopen(void **state)
{
    fx *f = *state;
    open_seeded(f, 10);
    wms_err e = {0};
    int64_t t = 1000000, until = 0;
    const int64_t lock = 300000;
    assert_int_equal(wms_store_operator_login(f->s, 2, "2345", t, 5, lock, &until, &e), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(wms_store_operator_login(f->s, 2, "0000", t, 5, lock, &until, &e),
                         WMS_EAUTH);
        assert_int_equal(until, 0);
    }
    /* the count is in the database: a restart does not reset it */
    reopen(f);
    assert_int_equal(wms_store_operator_login(f->s, 2, "0000", t, 5, lock, &until, &e), WMS_EAUTH);
    assert_int_equal(until, 0);
    assert_int_equal(wms_store_operator_login(f->s, 2, "0000", t, 5, lock, &until, &e), WMS_EAUTH);
    assert_int_equal(until, t + lock);
    reopen(f);
    /* locked: even the right PIN is refused, and not checked */
    assert_int_equal(wms_store_operator_login(f->s, 2, "2345", t + 1000, 5, lock, &until, &e),
                     WMS_ELOCKED);
    assert_int_equal(until, t + lock);
    assert_non_null(strstr(e.msg, "Ben Okafor is locked for another 5 min"));
    /* other operators are not affected */
    assert_int_equal(wms_store_operator_login(f->s, 3, "3456", t + 1000, 5, lock, NULL, &e), 0);
    /* when the lock ends the right PIN works and clears the record */
    assert_int_equal(wms_store_operator_login(f->s, 2, "2345", t + lock, 5, lock, &until, &e), 0);
    assert_int_equal(count(f->s, "SELECT COUNT(*) FROM login_lock"), 0);
    /* a success resets the count */
    assert_int_equal(wms_store_operator_login(f->s, 2, "1", t, 2, lock, &until, &e), WMS_EAUTH);
    assert_int_equal(wms_store_operator_login(f->s, 2, "2345", t, 2, lock, &until, &e), 0);
    assert_int_equal(wms_store_operator_login(f->s, 2, "1", t, 2, lock, &until, &e), WMS_EAUTH);
    assert_int_equal(until, 0);
    /* unknown, inactive, bad arguments */
    assert_int_equal(wms_store_operator_login(f->s, 999, "1", t, 5, lock, NULL, &e), WMS_ENOTFOUND);
    assert_int_equal(wms_store_operator_login(f->s, 2, "1", t, 0, lock, NULL, &e), WMS_EINVAL);
    sqlite3_exec(wms_store_db(f->s), "UPDATE operator SET active=0 WHERE id=4", NULL, NULL, NULL);
    assert_int_equal(wms_store_operator_login(f->s, 4, "4567", t, 5, lock, NULL, &e), WMS_EPERM);
    /* the read-only handle cannot count a failure: an error, not a silent pass */
    wms_store_close(f->s);
    wms_store_opts ro = {.path = f->path, .role = WMS_STORE_READONLY};
    assert_int_equal(wms_store_open(&ro, &f->s, NULL, &e), 0);
    assert_int_equal(wms_store_operator_login(f->s, 2, "0000", t, 5, lock, NULL, &e),
                     WMS_EREADONLY);
}

static void test_planned_and_lookups(void **state)
{
    fx *f = *state;
    wms_store *s = open_seeded(f, 40);
    wms_err e = {0};
    int64_t wh = 0;
    char name[64];
    assert_int_equal(wms_store_warehouse_by_code(s, "WH1", &wh, name, sizeof name, &e), 0);
    assert_int_equal(wh, 1);
    assert_int_equal(wms_store_warehouse_by_code(s, "WH9", &wh, NULL, 0, &e), WMS_ENOTFOUND);
    wms_store_location l;
    assert_int_equal(wms_store_location_of_type(s, 1, "receiving", &l, &e), 0);
    assert_string_equal(l.type, "receiving");
    assert_int_equal(l.warehouse_id, 1);
    assert_int_equal(l.id, count(s, "SELECT MIN(id) FROM location WHERE warehouse_id=1"
                                    " AND type='receiving'"));
    assert_int_equal(wms_store_location_of_type(s, 1, "moon", &l, &e), WMS_ENOTFOUND);
    wms_store_operator op;
    assert_int_equal(wms_store_operator_by_id(s, 1, &op, &e), 0);
    assert_string_equal(op.name, "Anna Schmidt");
    assert_int_equal(wms_store_operator_by_id(s, 77, &op, &e), WMS_ENOTFOUND);

    /* planned receipts of WH1, paged, with totals and line counts */
    int64_t want = count(s, "SELECT COUNT(*) FROM planned_doc WHERE type='receipt'"
                            " AND warehouse_id=1");
    assert_true(want >= 2);
    wms_store_planned p[100];
    size_t n = 0;
    int64_t total = 0;
    wms_page pg = {1, 2};
    assert_int_equal(wms_store_planned_list(s, "receipt", 1, &pg, p, &n, &total, &e), 0);
    assert_int_equal(total, want);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].ref, "PO-2026-0001");
    assert_string_equal(p[0].partner, "Rheinfarben KG");
    assert_int_equal(p[0].lines, count(s, "SELECT COUNT(*) FROM planned_line WHERE planned_id ="
                                          " (SELECT id FROM planned_doc WHERE"
                                          " ref='PO-2026-0001')"));
    assert_true(p[0].id < p[1].id);
    pg.page = 1000;
    assert_int_equal(wms_store_planned_list(s, "receipt", 1, &pg, p, &n, NULL, &e), 0);
    assert_int_equal(n, 0);
    pg = (wms_page){1, 100};
    assert_int_equal(wms_store_planned_list(s, NULL, 0, &pg, p, &n, &total, &e), 0);
    assert_int_equal(total, count(s, "SELECT COUNT(*) FROM planned_doc"));
    /* closed ones are not listed */
    sqlite3_exec(wms_store_db(s), "UPDATE planned_doc SET status='closed' WHERE ref='PO-2026-0001'",
                 NULL, NULL, NULL);
    assert_int_equal(wms_store_planned_list(s, "receipt", 1, &pg, p, &n, &total, &e), 0);
    assert_int_equal(total, want - 1);
    pg.page_size = 0;
    assert_int_equal(wms_store_planned_list(s, "receipt", 1, &pg, p, &n, &total, &e), WMS_ERANGE);

    int64_t pid = count(s, "SELECT id FROM planned_doc WHERE ref='PO-2026-0001'");
    wms_store_planned one;
    assert_int_equal(wms_store_planned_get(s, pid, &one, &e), 0);
    assert_string_equal(one.status, "closed");
    assert_int_equal(wms_store_planned_get(s, 99999, &one, &e), WMS_ENOTFOUND);
    wms_store_planned_line pl[100];
    bool more = false;
    pg = (wms_page){1, 1};
    assert_int_equal(wms_store_planned_lines(s, pid, &pg, pl, &n, &more, &e), 0);
    assert_int_equal(n, 1);
    assert_true(more == (one.lines > 1));
    assert_true(pl[0].qty.milli > 0);

    /* documents by ref (newest wins) and counted by status */
    wms_store_actor who = {1};
    wms_store_doc_new dn = {WMS_DOC_RECEIPT, 1, pid, "R-0001"};
    wms_uuid d1, d2;
    assert_int_equal(wms_store_doc_create(s, &who, &dn, &d1, NULL, &e), 0);
    dn.planned_id = 0;
    assert_int_equal(wms_store_doc_create(s, &who, &dn, &d2, NULL, &e), 0);
    wms_store_doc d;
    assert_int_equal(wms_store_doc_by_ref(s, "R-0001", &d, &e), 0);
    assert_memory_equal(d.uuid.b, d2.b, 16);
    assert_int_equal(wms_store_doc_by_ref(s, "R-0404", &d, &e), WMS_ENOTFOUND);
    assert_int_equal(wms_store_doc_by_ref(s, "", &d, &e), WMS_EINVAL);
    assert_int_equal(wms_store_doc_cancel(s, &who, &d1, NULL, &e), 0);
    int64_t c = 0;
    assert_int_equal(wms_store_docs_count(s, -1, -1, &c, &e), 0);
    assert_int_equal(c, 2);
    assert_int_equal(wms_store_docs_count(s, WMS_DOC_DRAFT, WMS_DOC_RECEIPT, &c, &e), 0);
    assert_int_equal(c, 1);
    assert_int_equal(wms_store_docs_count(s, WMS_DOC_CANCELLED, -1, &c, &e), 0);
    assert_int_equal(c, 1);
    assert_int_equal(wms_store_docs_count(s, 99, -1, &c, &e), WMS_EINVAL);
}

/* A v2 database (before login_lock) migrates forward keeping its data. */
static void test_migrate_from_v2(void **state)
{
    fx *f = *state;
    open_seeded(f, 10);
    sqlite3_exec(wms_store_db(f->s),
                 "DROP TABLE login_lock; DROP INDEX doc_ref; DROP INDEX planned_doc_list;"
                 "PRAGMA user_version=2;",
                 NULL, NULL, NULL);
    wms_store_close(f->s);
    f->s = NULL;
    wms_store_opts o = {.path = f->path};
    wms_store_open_info info;
    wms_err e = {0};
    assert_int_equal(wms_store_open(&o, &f->s, &info, &e), 0);
    assert_int_equal(info.from_version, 2);
    assert_int_equal(count(f->s, "PRAGMA user_version"), WMS_STORE_SCHEMA_VERSION);
    assert_int_equal(count(f->s, "SELECT COUNT(*) FROM product"), 10);
    assert_int_equal(wms_store_operator_login(f->s, 1, "0", 1, 5, 1000, NULL, &e), WMS_EAUTH);
    assert_int_equal(count(f->s, "SELECT fails FROM login_lock WHERE operator_id=1"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_item_adjust, setup, teardown),
            cmocka_unit_test_setup_teardown(test_login_lockout_survives_reopen, setup, teardown),
            cmocka_unit_test_setup_teardown(test_planned_and_lookups, setup, teardown),
            cmocka_unit_test_setup_teardown(test_migrate_from_v2, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
