/*
 * test_ctl_labels.c -- `wmsctl labels` as a process (path in $WMSCTL): on a
 * seeded database every label it draws is read back by `wmsctl decode`
 * (the camera's zbar path) as exactly the bytes its manifest promises, every
 * location and badge gets one, tracked products get a GS1-128 with their
 * AIs (GS kept), and bad arguments fail cleanly without creating files.
 */
#include "wms_test.h"

#include <jansson.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/wms-labels-XXXXXX";

/* Run a shell command line; its exit code. */
static int sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int64_t count(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static void test_every_label_scans_back(void **state)
{
    (void)state;
    const char *w = getenv("WMSCTL");
    assert_non_null(w);
    assert_int_equal(sh("'%s' seed --db %s/t.db --products 40 2>/dev/null", w, dir), 0);
    assert_int_equal(sh("'%s' labels --db %s/t.db --out %s/out --products 12", w, dir, dir), 0);
    assert_int_equal(sh("cd %s/out && '%s' decode *.png > %s/decoded.jsonl", dir, w, dir), 0);

    char path[256];
    snprintf(path, sizeof path, "%s/out/labels.json", dir);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    assert_non_null(m);
    assert_true(json_is_array(m));
    /* decoded: one JSON line per image, reads[].hex */
    snprintf(path, sizeof path, "%s/decoded.jsonl", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    json_t *dec = json_object(); /* file name -> array of hex */
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        json_t *d = json_loads(line, 0, &je);
        assert_non_null(d);
        const char *file = json_string_value(json_object_get(d, "file"));
        assert_non_null(file);
        json_object_set(dec, file, json_object_get(d, "reads"));
        json_decref(d);
    }
    fclose(f);

    size_t i, locs = 0, badges = 0, products = 0, gs1_lot = 0;
    json_t *e;
    json_array_foreach(m, i, e)
    {
        const char *file = json_string_value(json_object_get(e, "file"));
        const char *kind = json_string_value(json_object_get(e, "kind"));
        const char *hex = json_string_value(json_object_get(e, "scan_hex"));
        assert_non_null(file);
        assert_non_null(kind);
        assert_non_null(hex);
        json_t *reads = json_object_get(dec, file);
        if (!reads || json_array_size(reads) != 1) {
            fail_msg("%s: expected one read, got %zu", file, reads ? json_array_size(reads) : 0);
        }
        const char *got = json_string_value(json_object_get(json_array_get(reads, 0), "hex"));
        if (!got || strcmp(got, hex) != 0) {
            fail_msg("%s: scanned %s, manifest says %s", file, got ? got : "(none)", hex);
        }
        if (strcmp(kind, "location") == 0) {
            locs++;
            assert_memory_equal(hex, "4c3a", 4); /* "L:" */
        } else if (strcmp(kind, "badge") == 0) {
            badges++;
            assert_memory_equal(hex, "423a", 4); /* "B:" */
        } else {
            assert_string_equal(kind, "product");
            products++;
            if (strstr(file, "-gs1.png") && strstr(hex, "1d3137")) {
                gs1_lot++; /* ...(10)LOT <GS> (17)... */
            }
        }
    }
    snprintf(path, sizeof path, "%s/t.db", dir);
    assert_int_equal((int64_t)locs, count(path, "SELECT COUNT(*) FROM location"));
    assert_int_equal((int64_t)badges, count(path, "SELECT COUNT(*) FROM operator"));
    assert_int_equal((int64_t)products,
                     count(path, "SELECT COUNT(*) FROM barcode WHERE product_id <= 12") +
                             count(path, "SELECT COUNT(*) FROM product WHERE id <= 12"
                                         " AND tracking <> 'none'"));
    assert_true(gs1_lot >= 1);
    assert_int_equal(json_array_size(m), locs + badges + products);
    json_decref(dec);
    json_decref(m);
    /* the sheet shows every image (one <img> per line) */
    assert_int_equal(sh("test \"$(grep -c '<img' %s/out/index.html)\" -eq %zu", dir,
                        locs + badges + products),
                     0);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    const char *w = getenv("WMSCTL");
    /* a missing database is not created */
    assert_int_equal(sh("'%s' labels --db %s/none.db --out %s/o2 2>/dev/null", w, dir, dir), 1);
    struct stat st;
    char p[256];
    snprintf(p, sizeof p, "%s/none.db", dir);
    assert_int_not_equal(stat(p, &st), 0);
    /* --out is a file */
    assert_int_equal(sh("touch %s/file && '%s' labels --db %s/t.db --out %s/file 2>/dev/null", dir,
                        w, dir, dir),
                     1);
    /* usage errors */
    assert_int_equal(sh("'%s' labels --db %s/t.db 2>/dev/null", w, dir), 2);
    assert_int_equal(
            sh("'%s' labels --db %s/t.db --out %s/o3 --products -1 2>/dev/null", w, dir, dir), 2);
    assert_int_equal(
            sh("'%s' labels --db %s/t.db --out %s/o3 --products 1x 2>/dev/null", w, dir, dir), 2);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return sh("rm -rf '%s'", dir) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_label_scans_back),
            cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
