/*
 * test_wmsctl_pg.c -- wmsctl migrate / terminal add / operator add /
 * provision / sync --once against a real PostgreSQL (the binary from $WMSCTL).
 */
#include "wms_test.h"

#include "wms_pgtest.h"

#include <stdio.h>
#include <stdlib.h>

static wms_pgtest pgt;

static void test_cli(void **state)
{
    (void)state;
    const char *ctl = getenv("WMSCTL");
    assert_non_null(ctl);
    int rc = wms_pgtest_start(&pgt);
    if (rc == 77) {
        skip();
    }
    assert_int_equal(rc, 0);
    assert_int_equal(wms_pgtest_create_db(&pgt, "cli"), 0);
    char dsn[256], out[4096];
    wms_pgtest_admin_dsn(&pgt, "cli", dsn, sizeof dsn);
    assert_int_equal(wms_pgtest_sh(out, sizeof out, "%s migrate --dsn '%s'", ctl, dsn), 0);
    assert_non_null(strstr(out, "applied now"));
    assert_int_equal(wms_pgtest_sh(out, sizeof out, "%s migrate --dsn '%s'", ctl, dsn), 0);
    assert_non_null(strstr(out, "(0 migrations applied now)"));
    assert_int_equal(wms_pgtest_sql(&pgt, "cli",
                                    "INSERT INTO warehouses (id, code, name) VALUES (1, 'WH1', "
                                    "'Main'); INSERT INTO locations (warehouse_id, code) VALUES "
                                    "(1, 'A-01-01'); INSERT INTO products (sku, name) VALUES "
                                    "('SKU-1', 'Bolt')"),
                     0);
    assert_int_equal(wms_pgtest_sh(out, sizeof out,
                                   "echo 1234 | %s operator add --dsn '%s' --badge 0007 "
                                   "--name Ann --role supervisor",
                                   ctl, dsn),
                     0);
    assert_int_equal(wms_pgtest_sh(out, sizeof out,
                                   "%s terminal add --dsn '%s' --id K09 --warehouses 1", ctl, dsn),
                     0);
    const char *t = strstr(out, "password): ");
    assert_non_null(t);
    char token[65];
    assert_int_equal(sscanf(t + 11, "%64s", token), 1);
    assert_int_equal(strlen(token), 64);
    /* Only the hash is stored. */
    char sql[256];
    snprintf(sql, sizeof sql,
             "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM terminals WHERE id = 'K09' AND "
             "token_sha256 = sha256('%s')) THEN RAISE EXCEPTION 'hash'; END IF; END $$",
             token);
    assert_int_equal(wms_pgtest_sql(&pgt, "cli", sql), 0);
    char tdsn[256];
    wms_pgtest_user_dsn(&pgt, "cli", "wms_t_K09", token, tdsn, sizeof tdsn);
    char dbpath[200];
    snprintf(dbpath, sizeof dbpath, "%s/k09.db", pgt.dir);
    assert_int_equal(wms_pgtest_sh(out, sizeof out,
                                   "%s provision --dsn '%s' --terminal K09 --db %s 2>&1", ctl, tdsn,
                                   dbpath),
                     0);
    assert_non_null(strstr(out, "provisioned"));
    assert_int_equal(wms_pgtest_sh(out, sizeof out,
                                   "%s sync --once --dsn '%s' --terminal K09 --db %s 2>&1", ctl,
                                   tdsn, dbpath),
                     0);
    assert_non_null(strstr(out, "synced"));
    /* A wrong token is refused. */
    wms_pgtest_user_dsn(&pgt, "cli", "wms_t_K09", "nope", tdsn, sizeof tdsn);
    assert_int_not_equal(wms_pgtest_sh(out, sizeof out,
                                       "%s sync --once --dsn '%s' --terminal K09 --db %s 2>&1", ctl,
                                       tdsn, dbpath),
                         0);
    /* Demo data through COPY, then a terminal's first full pull of it. */
    assert_int_equal(wms_pgtest_create_db(&pgt, "seeded"), 0);
    wms_pgtest_admin_dsn(&pgt, "seeded", dsn, sizeof dsn);
    assert_int_equal(wms_pgtest_sh(out, sizeof out, "%s migrate --dsn '%s'", ctl, dsn), 0);
    assert_int_equal(wms_pgtest_sh(out, sizeof out,
                                   "%s seed-central --dsn '%s' --products 300 2>&1", ctl, dsn),
                     0);
    assert_non_null(strstr(out, "seeded 300 products"));
    assert_int_equal(wms_pgtest_sh(out, sizeof out,
                                   "%s terminal add --dsn '%s' --id K10 --warehouses 1 | tail -1",
                                   ctl, dsn),
                     0);
    t = strstr(out, "password): ");
    assert_non_null(t);
    assert_int_equal(sscanf(t + 11, "%64s", token), 1);
    wms_pgtest_user_dsn(&pgt, "seeded", "wms_t_K10", token, tdsn, sizeof tdsn);
    snprintf(dbpath, sizeof dbpath, "%s/k10.db", pgt.dir);
    assert_int_equal(wms_pgtest_sh(out, sizeof out,
                                   "%s provision --dsn '%s' --terminal K10 --db %s 2>&1", ctl, tdsn,
                                   dbpath),
                     0);
    unsigned long long pulled = 0;
    const char *pp = strstr(out, "pulled ");
    assert_non_null(pp);
    assert_int_equal(sscanf(pp, "pulled %llu", &pulled), 1);
    assert_true(pulled > 600); /* products + barcodes + locations + stock ... */
    wms_pgtest_stop(&pgt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cli)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
