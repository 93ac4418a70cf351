/*
 * test_kdata_store.c -- the kiosk's store backend (kdata_store.c) on real
 * temporary files, against the in-memory backend as the reference: the
 * same demo data gives the same operators, products, planned receipts,
 * lines and stock; actions are on disk when they return (a reopen sees
 * them); the PIN lockout survives a reopen; the scan log is written;
 * health has local_db / outbox / disk; a terminal with a central link is
 * never seeded with demo data.
 */
#include "wms_test.h"

#include "kdata_store.h"
#include "session.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    char path[128];
    kdata st, mem;
    bool st_open, mem_open;
} fx;

static void open_store(fx *f, int link)
{
    kiosk_conf c;
    wms_err e = {0};
    assert_int_equal(kiosk_conf_load(&c, NULL, &e), 0);
    wms_strlcpy(c.db, f->path, sizeof c.db);
    c.demo_products = 40;
    c.link = link;
    if (kdata_open(&f->st, &c, &e) != 0) {
        fail_msg("open %s: %s", f->path, e.msg);
    }
    assert_string_equal(f->st.ops->name, "store");
    f->st_open = true;
}

static void reopen(fx *f)
{
    kdata_close(&f->st);
    f->st_open = false;
    open_store(f, KLINK_NONE);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/wms-kdata-XXXXXX");
    if (!f || !mkdtemp(f->dir)) {
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/kiosk.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    if (f->st_open) {
        kdata_close(&f->st);
    }
    if (f->mem_open) {
        kdata_close(&f->mem);
    }
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static int64_t count(fx *f, const char *sql)
{
    sqlite3_stmt *st;
    sqlite3 *db = wms_store_db(kdata_store_handle(&f->st));
    assert_non_null(db);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Both backends answer the catalog questions the same way. */
static void test_same_as_memory(void **state)
{
    fx *f = *state;
    open_store(f, KLINK_NONE);
    bool seeded = false;
    const wms_store_open_info *info = kdata_store_info(&f->st, &seeded);
    assert_non_null(info);
    assert_true(info->created);
    assert_true(seeded);
    assert_int_equal(kdata_mem_open(&f->mem, NULL), 0);
    f->mem_open = true;
    const kdata *b[2] = {&f->st, &f->mem};
    kd_operator op[2];
    kd_product p[2];
    wms_qty pack[2];
    kd_location l[2];
    kd_planned pl[2][8];
    int npl[2];
    int64_t tot[2];
    kd_barcode bc[2][8];
    int nbc[2];
    kd_stock sk[2][32];
    int nsk[2];
    wms_page pg = {1, 5};
    wms_err e = {0};
    for (int i = 0; i < 2; i++) {
        void *d = b[i]->d;
        const kdata_ops *o = b[i]->ops;
        assert_int_equal(o->operator_by_badge(d, "0001", &op[i], &e), 0);
        kd_operator none;
        assert_int_equal(o->operator_by_badge(d, "4711", &none, &e), WMS_ENOTFOUND);
        assert_int_equal(o->check_pin(d, op[i].id, "1234", 0, &e), 0);
        assert_int_equal(o->check_pin(d, op[i].id, "9999", 0, &e), WMS_EAUTH);
        assert_int_equal(o->product_by_gtin(d, "14010000000071", &p[i], &pack[i], &e), 0);
        kd_product unknown;
        wms_qty upack;
        assert_int_equal(o->product_by_gtin(d, "04006381333931", &unknown, &upack, &e),
                         WMS_ENOTFOUND);
        assert_int_equal(o->product_barcodes(d, p[i].id, bc[i], 8, &nbc[i], &e), 0);
        assert_int_equal(o->receiving_location(d, &l[i], &e), 0);
        assert_int_equal(o->planned_receipts(d, &pg, pl[i], 8, &npl[i], &tot[i], &e), 0);
        assert_int_equal(o->stock_by_product(d, p[i].id, sk[i], 32, &nsk[i], &e), 0);
    }
    assert_int_equal(op[0].id, op[1].id);
    assert_string_equal(op[0].name, "Anna Schmidt");
    assert_string_equal(op[0].name, op[1].name);
    assert_int_equal(p[0].id, p[1].id);
    assert_string_equal(p[0].sku, p[1].sku);
    assert_string_equal(p[0].name, p[1].name);
    assert_int_equal(pack[0].milli, pack[1].milli);
    assert_true(pack[0].milli > 1000); /* the case barcode */
    assert_int_equal(nbc[0], nbc[1]);
    for (int i = 0; i < nbc[0]; i++) {
        assert_string_equal(bc[0][i].gtin14, bc[1][i].gtin14);
    }
    assert_string_equal(l[0].code, l[1].code);
    assert_int_equal(tot[0], tot[1]);
    assert_int_equal(npl[0], npl[1]);
    assert_true(npl[0] >= 1);
    for (int i = 0; i < npl[0]; i++) {
        assert_string_equal(pl[0][i].ref, pl[1][i].ref);
        assert_string_equal(pl[0][i].partner, pl[1][i].partner);
        assert_int_equal(pl[0][i].lines, pl[1][i].lines);
    }
    assert_int_equal(nsk[0], nsk[1]);
    for (int i = 0; i < nsk[0]; i++) {
        assert_string_equal(sk[0][i].location, sk[1][i].location);
        assert_int_equal(sk[0][i].qty.milli, sk[1][i].qty.milli);
    }

    /* receive the first expected receipt on both: same lines, same stock */
    kd_doc doc[2];
    kd_line ln[2][32];
    int nln[2];
    for (int i = 0; i < 2; i++) {
        void *d = b[i]->d;
        const kdata_ops *o = b[i]->ops;
        assert_int_equal(o->receipt_start(d, pl[i][0].id, op[i].id, &doc[i], &e), 0);
        kd_item it = {.product_id = p[i].id, .location_id = l[i].id, .qty = pack[i]};
        assert_int_equal(o->receipt_add(d, doc[i].id, &it, &e), 0);
        assert_int_equal(o->receipt_add(d, doc[i].id, &it, &e), 0);
        it.qty.milli = -pack[i].milli - 1000;
        assert_int_equal(o->receipt_add(d, doc[i].id, &it, &e), 0); /* set a lower quantity */
        it.qty.milli = -100 * pack[i].milli;
        assert_int_equal(o->receipt_add(d, doc[i].id, &it, &e), WMS_ERANGE);
        assert_int_equal(o->doc_lines(d, doc[i].id, ln[i], 32, &nln[i], &e), 0);
        assert_int_equal(o->doc_post(d, doc[i].id, &e), 0);
        assert_int_equal(o->doc_post(d, doc[i].id, &e), WMS_ECONFLICT);
        assert_int_equal(o->stock_by_product(d, p[i].id, sk[i], 32, &nsk[i], &e), 0);
    }
    assert_string_equal(doc[0].ref, "R-0001");
    assert_string_equal(doc[0].ref, doc[1].ref);
    assert_int_equal(nln[0], nln[1]);
    for (int i = 0; i < nln[0]; i++) {
        assert_int_equal(ln[0][i].product_id, ln[1][i].product_id);
        assert_int_equal(ln[0][i].expected.milli, ln[1][i].expected.milli);
        assert_int_equal(ln[0][i].received.milli, ln[1][i].received.milli);
        assert_string_equal(ln[0][i].location, ln[1][i].location);
    }
    assert_int_equal(nsk[0], nsk[1]);
    bool seen = false;
    for (int i = 0; i < nsk[0]; i++) {
        assert_string_equal(sk[0][i].location, sk[1][i].location);
        assert_int_equal(sk[0][i].qty.milli, sk[1][i].qty.milli);
        seen = seen || strcmp(sk[0][i].location, l[0].code) == 0;
    }
    assert_true(seen); /* the terminal view shows the pending receipt */
}

/* Every confirmed action is there after a reopen; documents by ref and id. */
static void test_actions_durable(void **state)
{
    fx *f = *state;
    open_store(f, KLINK_NONE);
    wms_err e = {0};
    const kdata_ops *o = f->st.ops;
    kd_operator op;
    kd_product p;
    wms_qty pack;
    kd_location l;
    assert_int_equal(o->operator_by_badge(f->st.d, "0002", &op, &e), 0);
    assert_int_equal(o->check_pin(f->st.d, op.id, "2345", 0, &e), 0);
    assert_int_equal(o->product_by_gtin(f->st.d, "04010000000074", &p, &pack, &e), 0);
    assert_int_equal(o->location_by_code(f->st.d, "r-01-01", &l, &e), 0); /* any case */
    assert_string_equal(l.code, "R-01-01");
    assert_int_equal(o->location_by_code(f->st.d, "Q-99", &l, &e), WMS_ENOTFOUND);
    assert_int_equal(o->receiving_location(f->st.d, &l, &e), 0);
    kd_doc a, b2, c;
    assert_int_equal(o->receipt_start(f->st.d, 0, op.id, &a, &e), 0);
    assert_int_equal(o->receipt_start(f->st.d, 0, op.id, &b2, &e), 0);
    assert_string_equal(b2.ref, "R-0002");
    kd_item it = {.product_id = p.id, .location_id = l.id, .qty = wms_qty_units(3)};
    wms_strlcpy(it.lot, "L7", sizeof it.lot);
    wms_strlcpy(it.expiry, "2027-01-31", sizeof it.expiry);
    assert_int_equal(o->receipt_add(f->st.d, a.id, &it, &e), 0);
    assert_int_equal(o->doc_cancel(f->st.d, b2.id, &e), 0);
    assert_int_equal(o->doc_post(f->st.d, b2.id, &e), WMS_ECONFLICT);
    assert_int_equal(o->receipt_add(f->st.d, b2.id, &it, &e), WMS_ECONFLICT);
    assert_non_null(strstr(e.msg, "R-0002 is cancelled"));
    assert_int_equal(o->receipt_add(f->st.d, "R-0404", &it, &e), WMS_ENOTFOUND);
    /* the actions are the store's: rows + outbox, by the logged-in operator */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), 4);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE operator_id = 2"), 4);
    reopen(f);
    o = f->st.ops;
    bool seeded = true;
    assert_non_null(kdata_store_info(&f->st, &seeded));
    assert_false(seeded); /* never twice */
    assert_int_equal(o->doc_get(f->st.d, "R-0001", &c, &e), 0);
    assert_string_equal(c.id, a.id);
    assert_int_equal(o->doc_get(f->st.d, a.id, &c, &e), 0);
    assert_int_equal(c.status, WMS_DOC_DRAFT);
    assert_int_equal(c.lines, 1);
    kd_line ln[4];
    int n = 0;
    assert_int_equal(o->doc_lines(f->st.d, a.id, ln, 4, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ln[0].received.milli, 3000);
    assert_string_equal(ln[0].lot, "L7");
    assert_int_equal(o->doc_post(f->st.d, "R-0001", &e), 0);
    kd_doc rows[8];
    int64_t total = 0;
    wms_page pg = {1, 1};
    assert_int_equal(o->docs_list(f->st.d, -1, &pg, rows, 8, &n, &total, &e), 0);
    assert_int_equal(total, 2);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].ref, "R-0002"); /* newest first */
    assert_int_equal(o->docs_list(f->st.d, WMS_DOC_POSTED, &pg, rows, 8, &n, &total, &e), 0);
    assert_int_equal(total, 1);
    assert_string_equal(rows[0].ref, "R-0001");
    /* an empty receipt cannot be posted */
    assert_int_equal(o->receipt_start(f->st.d, 0, op.id, &c, &e), 0);
    assert_int_equal(o->doc_post(f->st.d, c.id, &e), WMS_EINVAL);
    assert_non_null(strstr(e.msg, "Nothing to post"));
    kd_sync sy;
    assert_int_equal(o->sync_status(f->st.d, &sy), 0);
    assert_false(sy.configured);
    assert_int_equal(sy.pending, 6);
    /* the scan log */
    kd_scan_rec rec = {(const uint8_t *)"4010000000074", 13, 2, "receive", "gtin", "ok"};
    assert_int_equal(o->scan_log(f->st.d, &rec), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM scan_log WHERE screen='receive'"), 1);
    assert_int_equal(count(f, "PRAGMA synchronous"), 2); /* FULL again after the log */
    wms_health h;
    wms_health_init(&h);
    assert_int_equal(o->health(f->st.d, &h), 0);
    assert_int_equal(h.count, 3);
    assert_string_equal(h.comp[0].name, "local_db");
    assert_string_equal(h.comp[1].name, "outbox");
    assert_string_equal(h.comp[2].name, "disk");
    assert_int_equal(wms_health_overall(&h), WMS_HEALTH_HEALTHY);
}

static void test_lockout_survives_restart(void **state)
{
    fx *f = *state;
    open_store(f, KLINK_NONE);
    wms_err e = {0};
    int64_t t = INT64_C(1772438400000);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(f->st.ops->check_pin(f->st.d, 3, "0000", t, &e), WMS_EAUTH);
    }
    reopen(f);
    assert_int_equal(f->st.ops->check_pin(f->st.d, 3, "3456", t + 1000, &e), WMS_ELOCKED);
    assert_non_null(strstr(e.msg, "Carla Rossi is locked for another 5 min"));
    assert_int_equal(f->st.ops->check_pin(f->st.d, 3, "3456", t + 5 * 60000, &e), 0);
}

/* A terminal with a central link gets its catalog from the centre, never
 * the demo data. */
static void test_no_demo_with_a_link(void **state)
{
    fx *f = *state;
    open_store(f, KLINK_PG);
    bool seeded = true;
    assert_non_null(kdata_store_info(&f->st, &seeded));
    assert_false(seeded);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM product"), 0);
    wms_err e = {0};
    kd_doc d;
    assert_int_equal(f->st.ops->receipt_start(f->st.d, 0, 1, &d, &e), WMS_ENOTFOUND);
    assert_non_null(strstr(e.msg, "wait for the first sync"));
    kd_planned pl[4];
    int n = 1;
    int64_t total = 1;
    wms_page pg = {1, 4};
    assert_int_equal(f->st.ops->planned_receipts(f->st.d, &pg, pl, 4, &n, &total, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
}

/* A damaged file is moved aside, a fresh seeded one is used, health says
 * so and the kiosk tells the operator. */
static void test_corrupt_file_recovered(void **state)
{
    fx *f = *state;
    open_store(f, KLINK_NONE);
    kd_doc d;
    wms_err e = {0};
    assert_int_equal(f->st.ops->receipt_start(f->st.d, 0, 1, &d, &e), 0);
    kdata_close(&f->st);
    f->st_open = false;
    FILE *fp = fopen(f->path, "r+b");
    assert_non_null(fp);
    char junk[4096];
    memset(junk, 0x5a, sizeof junk);
    assert_int_equal(fseek(fp, 0, SEEK_SET), 0);
    assert_int_equal(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
    fclose(fp);
    kiosk_conf c;
    assert_int_equal(kiosk_conf_load(&c, NULL, &e), 0);
    wms_strlcpy(c.db, f->path, sizeof c.db);
    c.demo_products = 40;
    c.mute = true;
    session s;
    if (session_open(&s, &c, &e) != 0) {
        fail_msg("open: %s", e.msg);
    }
    const wms_store_open_info *info = kdata_store_info(&s.db, NULL);
    assert_non_null(info);
    assert_true(info->recovered);
    assert_non_null(strstr(info->moved_to, ".corrupt-"));
    assert_int_equal(access(info->moved_to, F_OK), 0); /* kept, never deleted */
    assert_int_equal(session_display(&s, WMS_SDL_HEADLESS, 800, 480, &e), 0);
    assert_non_null(strstr(s.k->toast, "The local database was damaged"));
    kd_operator op;
    assert_int_equal(s.db.ops->operator_by_badge(s.db.d, "0001", &op, &e), 0); /* seeded */
    wms_health h;
    wms_health_init(&h);
    s.db.ops->health(s.db.d, &h);
    assert_int_equal(h.comp[0].status, WMS_HEALTH_DEGRADED);
    session_close(&s);
}

/* A write the database refuses is not confirmed: an error the operator can
 * act on, the error tone instead of the success tone, nothing written. */
static void test_refused_write_not_confirmed(void **state)
{
    fx *f = *state;
    kiosk_conf c;
    wms_err e = {0};
    assert_int_equal(kiosk_conf_load(&c, NULL, &e), 0);
    wms_strlcpy(c.db, f->path, sizeof c.db);
    c.demo_products = 40;
    c.mute = true;
    session s;
    if (session_open(&s, &c, &e) != 0) {
        fail_msg("open: %s", e.msg);
    }
    session_use_script_clock(&s);
    assert_int_equal(session_display(&s, WMS_SDL_HEADLESS, 800, 480, &e), 0);
    int64_t t = session_now_ms(&s);
    kiosk_scan(s.k, (const uint8_t *)"B:0001", 6, t);
    kiosk_text(s.k, "1234", t);
    kiosk_key(s.k, KK_ENTER, t);
    kiosk_action(s.k, KA_TILE_RECEIVE, t);
    kiosk_scan(s.k, (const uint8_t *)"4010000000074", 13, t);
    unsigned ok = s.tones[WMS_TONE_SUCCESS], bad = s.tones[WMS_TONE_ERROR];
    assert_true(ok >= 2); /* welcome, +1 */
    sqlite3 *db = wms_store_db(kdata_store_handle(&s.db));
    assert_int_equal(sqlite3_exec(db, "PRAGMA query_only=1", NULL, NULL, NULL), SQLITE_OK);
    kiosk_scan(s.k, (const uint8_t *)"4010000000074", 13, t);
    assert_int_equal(s.tones[WMS_TONE_SUCCESS], ok);
    assert_int_equal(s.tones[WMS_TONE_ERROR], bad + 1);
    assert_non_null(strstr(s.k->toast, "Not recorded"));
    assert_non_null(strstr(s.k->toast, "Nothing was saved"));
    assert_int_equal(sqlite3_exec(db, "PRAGMA query_only=0", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT SUM(qty) FROM item", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 1000); /* only the confirmed unit */
    sqlite3_finalize(st);
    /* and the next scan works again */
    kiosk_scan(s.k, (const uint8_t *)"4010000000074", 13, t);
    assert_int_equal(s.tones[WMS_TONE_SUCCESS], ok + 1);
    session_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_same_as_memory, setup, teardown),
            cmocka_unit_test_setup_teardown(test_actions_durable, setup, teardown),
            cmocka_unit_test_setup_teardown(test_lockout_survives_restart, setup, teardown),
            cmocka_unit_test_setup_teardown(test_no_demo_with_a_link, setup, teardown),
            cmocka_unit_test_setup_teardown(test_corrupt_file_recovered, setup, teardown),
            cmocka_unit_test_setup_teardown(test_refused_write_not_confirmed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
