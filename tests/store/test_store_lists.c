/*
 * test_store_lists.c -- catalog listings in id order with keyset pages:
 * every row exactly once across pages, in order, the same as a direct
 * count, and argument errors.
 */
#include "wms_test.h"

#include "wms/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int64_t count(wms_store *s, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(wms_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_lists_page_through_everything(void **state)
{
    (void)state;
    char dir[] = "/tmp/wms-lists-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/t.db", dir);
    wms_store_opts o = {.path = path};
    wms_store *s = NULL;
    wms_err e;
    wms_err_clear(&e);
    assert_int_equal(wms_store_open(&o, &s, NULL, &e), 0);
    wms_demo_opts d = {.seed = 1, .products = 250};
    assert_int_equal(wms_store_seed_demo(s, &d, &e), 0);

    /* locations, 7 at a time: ids strictly increasing, total = COUNT(*) */
    wms_store_location loc[7];
    size_t n = 0, total = 0;
    int64_t after = 0;
    do {
        assert_int_equal(wms_store_locations_after(s, after, loc, 7, &n, &e), 0);
        for (size_t i = 0; i < n; i++) {
            assert_true(loc[i].id > after);
            assert_true(loc[i].code[0] != '\0');
            after = loc[i].id;
        }
        total += n;
    } while (n == 7);
    assert_int_equal((int64_t)total, count(s, "SELECT COUNT(*) FROM location"));
    assert_true(total > 100); /* "a few hundred locations" */

    wms_store_operator op[3];
    total = 0;
    after = 0;
    do {
        assert_int_equal(wms_store_operators_after(s, after, op, 3, &n, &e), 0);
        for (size_t i = 0; i < n; i++) {
            assert_true(op[i].id > after);
            assert_true(op[i].badge[0] != '\0');
            after = op[i].id;
        }
        total += n;
    } while (n == 3);
    assert_int_equal((int64_t)total, count(s, "SELECT COUNT(*) FROM operator"));

    wms_store_product p[100];
    total = 0;
    after = 0;
    do {
        assert_int_equal(wms_store_products_after(s, after, p, 100, &n, &e), 0);
        for (size_t i = 0; i < n; i++) {
            assert_true(p[i].id > after);
            after = p[i].id;
        }
        total += n;
    } while (n == 100);
    assert_int_equal((int64_t)total, 250);

    /* past the end: nothing; bad arguments: WMS_EINVAL */
    assert_int_equal(wms_store_products_after(s, after, p, 100, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(wms_store_products_after(s, -1, p, 100, &n, &e), WMS_EINVAL);
    assert_int_equal(wms_store_products_after(s, 0, p, 0, &n, &e), WMS_EINVAL);
    assert_int_equal(wms_store_locations_after(NULL, 0, loc, 7, &n, &e), WMS_EINVAL);

    wms_store_close(s);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_lists_page_through_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
