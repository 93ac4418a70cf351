/*
 * test_scan_kbd.c -- keyboard-wedge framer on recorded struct input_event
 * byte streams: layouts, shift, Alt+numpad GS, Ctrl+], suffix and gap
 * framing, a second scan before the first suffix, a device that goes away
 * mid-scan, records split across reads.
 */
#include "wms_test.h"

#include "wms/scan.h"

#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct sink {
    int n;
    wms_scan_event ev[8];
} sink;

static void on_scan(void *ctx, const wms_scan_event *ev)
{
    sink *s = ctx;
    assert_true(s->n < 8);
    s->ev[s->n++] = *ev;
}

/* A recording: input_event records as the kernel writes them. */
typedef struct rec {
    uint8_t bytes[64 * 1024];
    size_t len;
    int64_t t_us;
} rec;

static void ev(rec *r, uint16_t type, uint16_t code, int32_t value)
{
    struct input_event ie;
    memset(&ie, 0, sizeof ie);
    ie.input_event_sec = r->t_us / 1000000;
    ie.input_event_usec = r->t_us % 1000000;
    ie.type = type;
    ie.code = code;
    ie.value = value;
    assert_true(r->len + sizeof ie <= sizeof r->bytes);
    memcpy(r->bytes + r->len, &ie, sizeof ie);
    r->len += sizeof ie;
}

/* A key stroke as a scanner sends it: MSC_SCAN, press, SYN, release, SYN. */
static void key(rec *r, uint16_t code)
{
    ev(r, EV_MSC, MSC_SCAN, 0x70000 + code);
    ev(r, EV_KEY, code, 1);
    ev(r, EV_SYN, SYN_REPORT, 0);
    r->t_us += 500;
    ev(r, EV_KEY, code, 0);
    ev(r, EV_SYN, SYN_REPORT, 0);
    r->t_us += 500;
}

static void shifted(rec *r, uint16_t code)
{
    ev(r, EV_KEY, KEY_LEFTSHIFT, 1);
    key(r, code);
    ev(r, EV_KEY, KEY_LEFTSHIFT, 0);
}

static void alt_numpad(rec *r, const uint16_t *kp, size_t n)
{
    ev(r, EV_KEY, KEY_LEFTALT, 1);
    for (size_t i = 0; i < n; i++) {
        key(r, kp[i]);
    }
    ev(r, EV_KEY, KEY_LEFTALT, 0);
    ev(r, EV_SYN, SYN_REPORT, 0);
}

static const uint16_t digit_key[10] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                       KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};

static void digits(rec *r, const char *s)
{
    for (; *s; s++) {
        key(r, digit_key[*s - '0']);
    }
}

static wms_kbd_config cfg_us_cr(void)
{
    wms_kbd_config c;
    memset(&c, 0, sizeof c);
    c.layout = WMS_KBD_US;
    c.suffix[0] = '\r';
    c.suffix_len = 1;
    c.gap_ms = 100;
    return c;
}

static void test_gs1_with_alt_numpad_gs(void **state)
{
    (void)state;
    static rec r;
    memset(&r, 0, sizeof r);
    r.t_us = 1000000;
    /* ]C1 0109501101530003 GS 10 AB-7 <Enter> */
    key(&r, KEY_RIGHTBRACE);
    shifted(&r, KEY_C);
    digits(&r, "10109501101530003");
    static const uint16_t gs[] = {KEY_KP0, KEY_KP0, KEY_KP2, KEY_KP9};
    alt_numpad(&r, gs, 4);
    digits(&r, "10");
    shifted(&r, KEY_A);
    shifted(&r, KEY_B);
    key(&r, KEY_MINUS);
    key(&r, KEY_7);
    key(&r, KEY_ENTER);

    sink s = {0};
    wms_kbd_framer f;
    wms_kbd_config c = cfg_us_cr();
    wms_kbd_framer_init(&f, "gun", &c, on_scan, &s);
    /* split the recording into odd-sized reads */
    for (size_t off = 0; off < r.len; off += 7) {
        size_t n = r.len - off < 7 ? r.len - off : 7;
        wms_kbd_framer_feed(&f, r.bytes + off, n);
    }
    assert_int_equal(s.n, 1);
    static const char want[] = "]C10109501101530003\x1d"
                               "10AB-7";
    assert_int_equal(s.ev[0].len, sizeof want - 1);
    assert_memory_equal(s.ev[0].data, want, sizeof want - 1);
    assert_string_equal(s.ev[0].source, "gun");
    assert_true(s.ev[0].mono_ns > 1000000000);
    assert_int_equal(f.stats.unknown_keys, 0);
}

static void test_ctrl_bracket_gs_and_shift_symbols(void **state)
{
    (void)state;
    static rec r;
    memset(&r, 0, sizeof r);
    r.t_us = 5000000;
    shifted(&r, KEY_1);     /* ! */
    shifted(&r, KEY_SLASH); /* ? */
    ev(&r, EV_KEY, KEY_LEFTCTRL, 1);
    key(&r, KEY_RIGHTBRACE); /* GS */
    ev(&r, EV_KEY, KEY_LEFTCTRL, 0);
    shifted(&r, KEY_APOSTROPHE); /* " */
    key(&r, KEY_KP5);
    key(&r, KEY_ENTER);
    sink s = {0};
    wms_kbd_framer f;
    wms_kbd_config c = cfg_us_cr();
    wms_kbd_framer_init(&f, "gun", &c, on_scan, &s);
    wms_kbd_framer_feed(&f, r.bytes, r.len);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].len, 5);
    assert_memory_equal(s.ev[0].data, "!?\x1d\"5", 5);
}

static void test_german_layout(void **state)
{
    (void)state;
    static rec r;
    memset(&r, 0, sizeof r);
    r.t_us = 1;
    /* on a German keyboard the KEY_Z position types 'y', KEY_Y 'z',
     * Shift+7 '/', AltGr+Q '@', KEY_SLASH '-' */
    key(&r, KEY_Z);
    key(&r, KEY_Y);
    shifted(&r, KEY_7);
    ev(&r, EV_KEY, KEY_RIGHTALT, 1);
    key(&r, KEY_Q);
    ev(&r, EV_KEY, KEY_RIGHTALT, 0);
    key(&r, KEY_SLASH);
    shifted(&r, KEY_0);     /* = */
    key(&r, KEY_SEMICOLON); /* ö */
    key(&r, KEY_TAB);
    sink s = {0};
    wms_kbd_framer f;
    wms_kbd_config c;
    memset(&c, 0, sizeof c);
    assert_int_equal(wms_kbd_layout_parse("de", &c.layout, NULL), 0);
    c.suffix[0] = '\t';
    c.suffix_len = 1;
    wms_kbd_framer_init(&f, "de", &c, on_scan, &s);
    wms_kbd_framer_feed(&f, r.bytes, r.len);
    assert_int_equal(s.n, 1);
    static const char want[] = "yz/@-=\xc3\xb6";
    assert_int_equal(s.ev[0].len, sizeof want - 1);
    assert_memory_equal(s.ev[0].data, want, sizeof want - 1);
    wms_err err;
    wms_kbd_layout l;
    assert_int_equal(wms_kbd_layout_parse("xx", &l, &err), WMS_EINVAL);
}

static void test_second_scan_before_first_suffix(void **state)
{
    (void)state;
    static rec r;
    memset(&r, 0, sizeof r);
    r.t_us = 1000000;
    digits(&r, "4006381"); /* first scan: suffix lost */
    r.t_us += 300000;      /* 300 ms later, over the 100 ms gap */
    digits(&r, "4012345678901");
    key(&r, KEY_ENTER);
    digits(&r, "777");
    key(&r, KEY_ENTER);
    sink s = {0};
    wms_kbd_framer f;
    wms_kbd_config c = cfg_us_cr();
    wms_kbd_framer_init(&f, "gun", &c, on_scan, &s);
    wms_kbd_framer_feed(&f, r.bytes, r.len);
    assert_int_equal(s.n, 2);
    assert_string_equal((const char *)s.ev[0].data, "4012345678901");
    assert_string_equal((const char *)s.ev[1].data, "777");
    assert_int_equal(f.stats.dropped, 1);
}

static void test_gap_framing(void **state)
{
    (void)state;
    static rec r;
    memset(&r, 0, sizeof r);
    r.t_us = 1000000;
    digits(&r, "123");
    r.t_us += 200000;
    digits(&r, "456");
    sink s = {0};
    wms_kbd_framer f;
    wms_kbd_config c;
    memset(&c, 0, sizeof c);
    c.gap_ms = 50;
    wms_kbd_framer_init(&f, "g", &c, on_scan, &s);
    wms_kbd_framer_feed(&f, r.bytes, r.len);
    assert_int_equal(s.n, 1);
    assert_string_equal((const char *)s.ev[0].data, "123");
    int64_t now = r.t_us * 1000;
    int64_t left = wms_kbd_framer_timeout_ns(&f, now);
    assert_true(left > 0 && left <= 50000000);
    wms_kbd_framer_tick(&f, now + left - 1);
    assert_int_equal(s.n, 1);
    wms_kbd_framer_tick(&f, now + left);
    assert_int_equal(s.n, 2);
    assert_string_equal((const char *)s.ev[1].data, "456");
    assert_int_equal(wms_kbd_framer_timeout_ns(&f, now), -1);
}

static void test_device_gone_mid_scan(void **state)
{
    (void)state;
    static rec r;
    memset(&r, 0, sizeof r);
    r.t_us = 1000000;
    digits(&r, "98");
    ev(&r, EV_KEY, KEY_LEFTSHIFT, 1);
    sink s = {0};
    wms_kbd_framer f;
    wms_kbd_config c = cfg_us_cr();
    wms_kbd_framer_init(&f, "gun", &c, on_scan, &s);
    /* the read ends in the middle of a record, then ENODEV */
    wms_kbd_framer_feed(&f, r.bytes, r.len - 5);
    wms_kbd_framer_reset(&f);
    assert_int_equal(s.n, 0);
    assert_int_equal(f.stats.dropped, 1);
    /* replugged: the next scan is whole and unshifted */
    memset(&r, 0, sizeof r);
    r.t_us = 2000000;
    key(&r, KEY_A);
    digits(&r, "1");
    key(&r, KEY_ENTER);
    wms_kbd_framer_feed(&f, r.bytes, r.len);
    assert_int_equal(s.n, 1);
    assert_string_equal((const char *)s.ev[0].data, "a1");
}

static void test_overflow_resyncs(void **state)
{
    (void)state;
    static rec r;
    memset(&r, 0, sizeof r);
    for (int i = 0; i < WMS_SCAN_DATA_MAX + 10; i++) {
        key(&r, KEY_1);
    }
    key(&r, KEY_ENTER);
    digits(&r, "42");
    key(&r, KEY_ENTER);
    sink s = {0};
    wms_kbd_framer f;
    wms_kbd_config c = cfg_us_cr();
    c.gap_ms = 0;
    wms_kbd_framer_init(&f, "gun", &c, on_scan, &s);
    wms_kbd_framer_feed(&f, r.bytes, r.len);
    assert_int_equal(s.n, 1);
    assert_string_equal((const char *)s.ev[0].data, "42");
    assert_int_equal(f.stats.overflows, 1);
}

static void test_dedup(void **state)
{
    (void)state;
    wms_dedup d;
    wms_dedup_init(&d, 2000);
    wms_scan_event e;
    memset(&e, 0, sizeof e);
    snprintf(e.source, sizeof e.source, "cam");
    memcpy(e.data, "12345", 5);
    e.len = 5;
    e.mono_ns = 1000000000;
    assert_true(wms_dedup_accept(&d, &e));
    e.mono_ns += 500000000; /* seen again 0.5 s later: suppressed */
    assert_false(wms_dedup_accept(&d, &e));
    e.mono_ns += 1900000000; /* held in view: window restarts */
    assert_false(wms_dedup_accept(&d, &e));
    snprintf(e.source, sizeof e.source, "gun"); /* other source: delivered */
    assert_true(wms_dedup_accept(&d, &e));
    snprintf(e.source, sizeof e.source, "cam");
    e.data[4] = '6'; /* other code: delivered */
    assert_true(wms_dedup_accept(&d, &e));
    e.data[4] = '5';
    e.mono_ns += 2000000001; /* after the window: delivered */
    assert_true(wms_dedup_accept(&d, &e));
    assert_int_equal(d.suppressed, 2);
    wms_dedup_init(&d, 0);
    assert_true(wms_dedup_accept(&d, &e));
    assert_true(wms_dedup_accept(&d, &e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_gs1_with_alt_numpad_gs),
            cmocka_unit_test(test_ctrl_bracket_gs_and_shift_symbols),
            cmocka_unit_test(test_german_layout),
            cmocka_unit_test(test_second_scan_before_first_suffix),
            cmocka_unit_test(test_gap_framing),
            cmocka_unit_test(test_device_gone_mid_scan),
            cmocka_unit_test(test_overflow_resyncs),
            cmocka_unit_test(test_dedup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
