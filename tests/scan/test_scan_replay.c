/*
 * test_scan_replay.c -- replay file parsing: delays, escapes, sym/aim,
 * comments, CRLF files, errors naming the line, file loading.
 */
#include "wms_test.h"

#include "wms/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void test_parse_file(void **state)
{
    (void)state;
    static const char text[] = "# demo script\n"
                               "\n"
                               "0 4006381333931\n"
                               "1500 sym=gs1-128 aim=]C1 0109501101530003\\x1d10AB\r\n"
                               "  250 \\sLEADING and trailing\\s\n"
                               "10 back\\\\slash\\ttab";
    wms_replay r;
    wms_err err;
    assert_int_equal(wms_replay_parse(text, sizeof text - 1, &r, &err), 0);
    assert_int_equal(r.count, 4);
    assert_int_equal(r.items[0].delay_ms, 0);
    assert_string_equal((const char *)r.items[0].data, "4006381333931");
    assert_int_equal(r.items[0].sym, WMS_SYM_UNKNOWN);
    assert_int_equal(r.items[1].delay_ms, 1500);
    assert_int_equal(r.items[1].sym, WMS_SYM_GS1_128);
    assert_string_equal(r.items[1].aim, "]C1");
    assert_int_equal(r.items[1].len, 21);
    assert_memory_equal(r.items[1].data,
                        "0109501101530003\x1d"
                        "10AB",
                        21);
    assert_string_equal((const char *)r.items[2].data, " LEADING and trailing ");
    assert_string_equal((const char *)r.items[3].data, "back\\slash\ttab");
    wms_replay_free(&r);
    assert_null(r.items);
}

static void test_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {
            "abc",         "10",        "10x data",   "9999999 x", "10 sym=foo x",
            "10 aim=C1 x", "10 bad\\q", "10 bad\\x1", "10 end\\",  "12345678 x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wms_replay_item it;
        wms_err err;
        wms_err_clear(&err);
        int rc = wms_replay_parse_line(bad[i], strlen(bad[i]), &it, &err);
        if (rc >= 0) {
            fail_msg("accepted: %s", bad[i]);
        }
        assert_true(err.msg[0] != 0);
    }
    static const char text[] = "0 ok\n# c\n5 \\z\n";
    wms_replay r;
    wms_err err;
    assert_int_equal(wms_replay_parse(text, sizeof text - 1, &r, &err), WMS_EINVAL);
    assert_non_null(strstr(err.msg, "line 3"));
    assert_null(r.items);
    /* too long data */
    char line[WMS_SCAN_DATA_MAX + 16];
    memset(line, 'A', sizeof line);
    memcpy(line, "1 ", 2);
    wms_replay_item it;
    assert_int_equal(wms_replay_parse_line(line, sizeof line, &it, &err), WMS_ETOOBIG);
}

static void test_load(void **state)
{
    (void)state;
    char path[] = "/tmp/wms_replay_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char text[] = "100 A\n200 B\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    wms_replay r;
    wms_err err;
    assert_int_equal(wms_replay_load(path, &r, &err), 0);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.items[1].delay_ms, 200);
    wms_replay_free(&r);
    unlink(path);
    assert_int_equal(wms_replay_load(path, &r, &err), WMS_ENOTFOUND);
}

static void test_sym_names(void **state)
{
    (void)state;
    for (int i = 0; i < WMS_SYM_COUNT_; i++) {
        const char *n = wms_scan_sym_name((wms_symbology)i);
        wms_symbology back;
        assert_int_equal(wms_scan_sym_parse(n, strlen(n), &back), 0);
        assert_int_equal(back, i);
    }
    assert_string_equal(wms_scan_sym_name(WMS_SYM_COUNT_), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_parse_file),
            cmocka_unit_test(test_errors),
            cmocka_unit_test(test_load),
            cmocka_unit_test(test_sym_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
