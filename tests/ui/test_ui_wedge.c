/*
 * test_ui_wedge.c -- keyboard-wedge scan detection: scans whole, typing
 * typed, broken scans rejected, never glued, GS kept.
 */
#include "wms_test.h"

#include "wms/ui.h"

#include <stdio.h>

#define MS(x) ((int64_t)(x)*1000000)

typedef struct rec {
    char log[4096]; /* "S:data|T:text|K:13|R:why|" */
    int scans, texts, keys, rejects;
    char last_scan[600];
    size_t last_scan_len;
} rec;

static void cb(void *data, const wms_wedge_event *ev)
{
    rec *r = data;
    size_t n = strlen(r->log);
    switch (ev->kind) {
    case WMS_WEDGE_SCAN:
        r->scans++;
        memcpy(r->last_scan, ev->data, ev->len);
        r->last_scan_len = ev->len;
        snprintf(r->log + n, sizeof(r->log) - n, "S:%.*s|", (int)ev->len, (const char *)ev->data);
        break;
    case WMS_WEDGE_TEXT:
        r->texts++;
        snprintf(r->log + n, sizeof(r->log) - n, "T:%.*s|", (int)ev->len, (const char *)ev->data);
        break;
    case WMS_WEDGE_KEY:
        r->keys++;
        snprintf(r->log + n, sizeof(r->log) - n, "K:%d|", ev->key);
        break;
    case WMS_WEDGE_REJECT:
        r->rejects++;
        snprintf(r->log + n, sizeof(r->log) - n, "R:%s|", ev->why);
        break;
    }
}

/* Type `s` one byte per unit, `gap_ms` apart, starting at *t. */
static void type(wms_wedge *w, const char *s, size_t len, int gap_ms, int64_t *t)
{
    for (size_t i = 0; i < len; i++) {
        wms_wedge_feed(w, s + i, 1, *t);
        *t += MS(gap_ms);
    }
}

static void test_scan_with_enter(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(1000);
    type(&w, S("4006381333931\r"), 2, &t);
    assert_string_equal(r.log, "S:4006381333931|");
    assert_int_equal(wms_wedge_deadline(&w), -1);
}

static void test_gs_kept(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(1000);
    type(&w,
         S("]C101095060001343521712123110LOT7\x1D"
           "21SER9\r"),
         1, &t);
    assert_int_equal(r.scans, 1);
    assert_int_equal(r.texts + r.keys, 0);
    assert_memory_equal(r.last_scan,
                        "]C101095060001343521712123110LOT7\x1D"
                        "21SER9",
                        r.last_scan_len);
}

static void test_person_typing(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(1000);
    type(&w, S("0001\r"), 180, &t);
    /* Each character resolves on the next keystroke; Enter comes alone. */
    assert_string_equal(r.log, "T:0|T:0|T:0|T:1|K:13|");
    assert_int_equal(r.scans, 0);
}

static void test_held_until_pause(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    wms_wedge_feed(&w, "a", 1, MS(100));
    assert_int_equal(r.texts, 0); /* held: could be the start of a scan */
    assert_true(wms_wedge_deadline(&w) > MS(100));
    wms_wedge_poll(&w, MS(110));
    assert_int_equal(r.texts, 0);
    wms_wedge_poll(&w, MS(200));
    assert_string_equal(r.log, "T:a|");
}

static void test_fast_short_burst_is_typing(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(100);
    type(&w, S("ab"), 10, &t); /* key rollover */
    wms_wedge_poll(&w, t + MS(100));
    assert_string_equal(r.log, "T:ab|");
}

static void test_missing_suffix_rejected(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(100);
    type(&w, S("4006381333931"), 2, &t);
    wms_wedge_poll(&w, t + MS(100));
    assert_int_equal(r.rejects, 1);
    assert_int_equal(r.texts, 0);
    assert_non_null(strstr(r.log, "Enter suffix"));
}

static void test_two_scans_back_to_back(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(100);
    type(&w, S("L:A-01-02\r4006381333931\r"), 1, &t);
    assert_string_equal(r.log, "S:L:A-01-02|S:4006381333931|");
}

static void test_crlf_suffix(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(100);
    type(&w, S("B:0001\r\n"), 1, &t);
    assert_string_equal(r.log, "S:B:0001|");
    /* A later Enter from a person still arrives. */
    t += MS(500);
    wms_wedge_feed(&w, "\r", 1, t);
    assert_string_equal(r.log, "S:B:0001|K:13|");
}

static void test_prefix_and_no_suffix(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge_cfg c;
    wms_wedge_cfg_default(&c);
    c.suffix = WMS_WEDGE_SUFFIX_NONE;
    strcpy(c.prefix, "~");
    wms_wedge w;
    wms_wedge_init(&w, &c, cb, &r);
    int64_t t = MS(100);
    /* Two scans glued in one burst: the prefix splits them. */
    type(&w, S("~12345678~L:B-02"), 1, &t);
    wms_wedge_poll(&w, t + MS(100));
    assert_string_equal(r.log, "S:12345678|S:L:B-02|");
    /* A fast burst without the prefix is not a scan, and not typing. */
    memset(&r, 0, sizeof(r));
    t += MS(1000);
    type(&w, S("12345678"), 1, &t);
    wms_wedge_poll(&w, t + MS(100));
    assert_int_equal(r.rejects, 1);
    assert_int_equal(r.texts, 0);
}

static void test_prefix_glued_with_suffix_rejects_first(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge_cfg c;
    wms_wedge_cfg_default(&c);
    strcpy(c.prefix, "#");
    wms_wedge w;
    wms_wedge_init(&w, &c, cb, &r);
    int64_t t = MS(100);
    type(&w, S("#1234567#4006381333931\r"), 1, &t);
    assert_string_equal(r.log, "R:scan cut short by the next scan|S:4006381333931|");
}

static void test_overlong_rejected(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    int64_t t = MS(100);
    for (int i = 0; i < 700; i++) {
        wms_wedge_feed(&w, "7", 1, t);
        t += MS(1);
    }
    wms_wedge_feed(&w, "\r", 1, t);
    assert_int_equal(r.rejects, 1);
    assert_int_equal(r.scans, 0);
    assert_int_equal(r.texts, 0);
}

static void test_tab_suffix_and_utf8_units(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge_cfg c;
    wms_wedge_cfg_default(&c);
    c.suffix = WMS_WEDGE_SUFFIX_TAB;
    wms_wedge w;
    wms_wedge_init(&w, &c, cb, &r);
    int64_t t = MS(100);
    wms_wedge_feed(&w, "\xC3\xA9", 2, t); /* é typed by a person */
    wms_wedge_poll(&w, t + MS(200));
    t += MS(300);
    type(&w, S("ABCD-1\t"), 1, &t);
    assert_string_equal(r.log, "T:\xC3\xA9|S:ABCD-1|");
    /* Enter is a key when the suffix is Tab. */
    t += MS(300);
    wms_wedge_feed(&w, "\r", 1, t);
    wms_wedge_poll(&w, t + MS(100));
    assert_int_equal(r.keys, 1);
}

static void test_flush_before_navigation(void **state)
{
    (void)state;
    rec r = {0};
    wms_wedge w;
    wms_wedge_init(&w, NULL, cb, &r);
    wms_wedge_feed(&w, "7", 1, MS(100));
    wms_wedge_flush(&w);
    assert_string_equal(r.log, "T:7|");
    assert_int_equal(wms_wedge_deadline(&w), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_scan_with_enter),
            cmocka_unit_test(test_gs_kept),
            cmocka_unit_test(test_person_typing),
            cmocka_unit_test(test_held_until_pause),
            cmocka_unit_test(test_fast_short_burst_is_typing),
            cmocka_unit_test(test_missing_suffix_rejected),
            cmocka_unit_test(test_two_scans_back_to_back),
            cmocka_unit_test(test_crlf_suffix),
            cmocka_unit_test(test_prefix_and_no_suffix),
            cmocka_unit_test(test_prefix_glued_with_suffix_rejects_first),
            cmocka_unit_test(test_overlong_rejected),
            cmocka_unit_test(test_tab_suffix_and_utf8_units),
            cmocka_unit_test(test_flush_before_navigation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
