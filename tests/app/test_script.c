/*
 * test_script.c -- the script file parser: every command, escapes, limits,
 * and errors that name the line.
 */
#include "wms_test.h"

#include "kiosk.h"
#include "script.h"

#include <stdio.h>
#include <stdlib.h>

static void test_all_commands(void **state)
{
    (void)state;
    const char *txt = "# a comment\n"
                      "size 480x800\n"
                      "\n"
                      "  scan ]C10109506000134352\\x1D10AB\\\\  \r\n"
                      "type 4006381333931\n"
                      "key F3\n"
                      "text 12.5\n"
                      "tap Post\n"
                      "tap 10,20\n"
                      "wait 250\n"
                      "shot 01-home_a\n"
                      "expect screen documents\n"
                      "expect text Page 1 of 2\n"
                      "expect notext ERROR";
    script s;
    wms_err err = {0};
    assert_int_equal(script_parse(txt, strlen(txt), &s, &err), 0);
    assert_int_equal(s.n, 12);
    assert_int_equal(s.cmds[0].op, SOP_SIZE);
    assert_int_equal(s.cmds[0].a, 480);
    assert_int_equal(s.cmds[0].b, 800);
    assert_int_equal(s.cmds[1].op, SOP_SCAN);
    assert_int_equal(s.cmds[1].line, 4);
    assert_memory_equal(script_data(&s, &s.cmds[1]),
                        "]C10109506000134352\x1D"
                        "10AB\\",
                        25);
    assert_int_equal(s.cmds[1].len, 25);
    assert_int_equal(s.cmds[2].op, SOP_TYPE);
    assert_int_equal(s.cmds[3].op, SOP_KEY);
    assert_int_equal(s.cmds[3].a, KK_F3);
    assert_int_equal(s.cmds[4].op, SOP_TEXT);
    assert_int_equal(s.cmds[5].op, SOP_TAP_LABEL);
    assert_string_equal((const char *)script_data(&s, &s.cmds[5]), "Post");
    assert_int_equal(s.cmds[6].op, SOP_TAP_XY);
    assert_int_equal(s.cmds[6].a, 10);
    assert_int_equal(s.cmds[6].b, 20);
    assert_int_equal(s.cmds[7].op, SOP_WAIT);
    assert_int_equal(s.cmds[7].a, 250);
    assert_int_equal(s.cmds[8].op, SOP_SHOT);
    assert_int_equal(s.cmds[9].op, SOP_EXPECT_SCREEN);
    assert_int_equal(s.cmds[9].a, KS_DOCS);
    assert_int_equal(s.cmds[10].op, SOP_EXPECT_TEXT);
    assert_string_equal((const char *)script_data(&s, &s.cmds[10]), "Page 1 of 2");
    assert_int_equal(s.cmds[11].op, SOP_EXPECT_NOTEXT);
    script_release(&s);
}

static void bad(const char *txt, const char *want)
{
    script s;
    wms_err err = {0};
    int rc = script_parse(txt, strlen(txt), &s, &err);
    if (rc == 0) {
        script_release(&s);
        fail_msg("'%s' parsed", txt);
    }
    if (!strstr(err.msg, want)) {
        fail_msg("'%s': got '%s', want '%s'", txt, err.msg, want);
    }
}

static void test_errors(void **state)
{
    (void)state;
    bad("scan\n", "1: scan needs data");
    bad("wait 5\nscan \\x1\n", "2: scan needs data");
    bad("scan \\xZZ", "scan needs data");
    bad("scan abc\\", "scan needs data");
    bad("scan \\x00", "scan needs data");
    bad("scan a\\q", "scan needs data");
    bad("key F9", "unknown key 'F9'");
    bad("key", "key NAME");
    bad("wait -1", "wait MS");
    bad("wait 3600001", "wait MS");
    bad("wait 99999999999", "wait MS");
    bad("shot ../etc", "only A-Z");
    bad("shot a/b", "only A-Z");
    bad("shot", "shot NAME");
    bad("expect screen nowhere", "unknown screen");
    bad("expect colour red", "expect screen|text");
    bad("expect text", "expect text STRING");
    bad("size 800", "size WIDTHxHEIGHT");
    bad("size 100x100", "size WIDTHxHEIGHT");
    bad("wait 1\nsize 800x480", "2: size must be the first");
    bad("jump 3", "1: unknown command 'jump'");
    bad("tap", "tap LABEL");
    bad("tap 0123456789012345678901234567890123456789012345678", "tap LABEL");
}

static void test_limits(void **state)
{
    (void)state;
    script s;
    wms_err err = {0};
    char nul[] = "wait 1\0wait 2";
    assert_int_equal(script_parse(nul, sizeof(nul) - 1, &s, &err), WMS_EINVAL);
    size_t big = SCRIPT_FILE_MAX + 1;
    char *b = malloc(big);
    memset(b, '#', big);
    assert_int_equal(script_parse(b, big, &s, &err), WMS_ETOOBIG);
    /* 4097 commands. */
    size_t n = 0;
    for (int i = 0; i < SCRIPT_MAX_CMDS + 1; i++) {
        memcpy(b + n, "wait 1\n", 7);
        n += 7;
    }
    assert_true(n <= SCRIPT_FILE_MAX);
    assert_int_equal(script_parse(b, n, &s, &err), WMS_ETOOBIG);
    assert_int_equal(script_parse(b, n - 7, &s, &err), 0);
    assert_int_equal(s.n, SCRIPT_MAX_CMDS);
    script_release(&s);
    /* Data longer than 512 bytes. */
    memcpy(b, "scan ", 5);
    memset(b + 5, '7', 600);
    assert_int_not_equal(script_parse(b, 605, &s, &err), 0);
    memset(b + 5, '7', 500);
    assert_int_equal(script_parse(b, 505, &s, &err), 0);
    assert_int_equal(s.cmds[0].len, 500);
    script_release(&s);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_all_commands),
            cmocka_unit_test(test_errors),
            cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
