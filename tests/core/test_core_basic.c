/*
 * test_core_basic.c -- errors, buffers, ids, text, quantities, the document
 * state machine, pagination, cursors, UUIDv7, dates.
 */
#include "wms_test.h"

#include "wms/core.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- errors ------------------------------------------------------------ */

static void test_strerror_covers_every_code(void **state)
{
    (void)state;
    for (int e = 0; e >= WMS_E_LAST; e--) {
        assert_string_not_equal(wms_strerror(e), "unknown error");
        assert_true(strncmp(wms_err_name(e), "WMS_", 4) == 0);
    }
    assert_string_equal(wms_strerror(WMS_E_LAST - 1), "unknown error");
    assert_string_equal(wms_strerror(5), "unknown error");
    assert_string_equal(wms_err_name(WMS_EINVAL), "WMS_EINVAL");
    assert_string_equal(wms_err_name(WMS_ENODEV), "WMS_ENODEV");
}

static void test_err_detail(void **state)
{
    (void)state;
    wms_err e;
    wms_err_clear(&e);
    assert_int_equal(wms_err_set(&e, WMS_ERANGE, "value %d too big", 7), WMS_ERANGE);
    assert_string_equal(e.msg, "value 7 too big");
    assert_int_equal(e.code, WMS_ERANGE);
    assert_int_equal(wms_err_prefix(&e, "field %s", "qty"), WMS_ERANGE);
    assert_string_equal(e.msg, "field qty: value 7 too big");
    /* NULL detail buffer is allowed everywhere */
    assert_int_equal(wms_err_set(NULL, WMS_EIO, "x"), WMS_EIO);
    assert_int_equal(wms_err_prefix(NULL, "x"), 0);
    /* truncation, never overflow */
    char big[600];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    wms_err_set(&e, WMS_EINVAL, "%s", big);
    assert_int_equal(strlen(e.msg), WMS_ERR_MAX - 1);
}

/* ---- buffers ----------------------------------------------------------- */

static void test_buf_cap(void **state)
{
    (void)state;
    wms_buf b;
    wms_buf_init(&b, 16);
    assert_string_equal(wms_buf_str(&b), "");
    assert_int_equal(wms_buf_addstr(&b, "hello"), 0);
    assert_int_equal(wms_buf_addf(&b, " %d", 42), 0);
    assert_string_equal(wms_buf_str(&b), "hello 42");
    /* 8 used + 7 more + NUL = 16: fits exactly */
    assert_int_equal(wms_buf_addstr(&b, "1234567"), 0);
    assert_int_equal(b.len, 15);
    assert_int_equal(wms_buf_addstr(&b, "x"), WMS_ETOOBIG);
    assert_string_equal(wms_buf_str(&b), "hello 421234567");
    wms_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(wms_buf_str(&b), "");
    /* long formatted output through the slow path */
    wms_buf_release(&b);
    wms_buf_init(&b, 4096);
    char chunk[300];
    memset(chunk, 'z', sizeof chunk - 1);
    chunk[sizeof chunk - 1] = '\0';
    assert_int_equal(wms_buf_addf(&b, "<%s>", chunk), 0);
    assert_int_equal(b.len, 301);
    assert_int_equal(wms_buf_addf(&b, "%s%s%s%s%s%s%s%s%s%s%s%s%s%s", chunk, chunk, chunk, chunk,
                                  chunk, chunk, chunk, chunk, chunk, chunk, chunk, chunk, chunk,
                                  chunk),
                     WMS_ETOOBIG);
    assert_int_equal(b.len, 301); /* unchanged on failure */
    size_t len = 0;
    char *taken = wms_buf_take(&b, &len);
    assert_non_null(taken);
    assert_int_equal(len, 301);
    assert_null(b.data);
    free(taken);
    wms_buf_release(&b);
}

static void test_strlcpy(void **state)
{
    (void)state;
    char d[5];
    assert_int_equal(wms_strlcpy(d, "abcd", sizeof d), 0);
    assert_string_equal(d, "abcd");
    assert_int_equal(wms_strlcpy(d, "abcde", sizeof d), WMS_ETOOBIG);
    assert_string_equal(d, "abcd");
    assert_int_equal(wms_strlcpy(d, "x", 0), WMS_ETOOBIG);
}

/* ---- ids --------------------------------------------------------------- */

static void test_id_valid(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(wms_id_parse(S("1"), &v, NULL), 0);
    assert_int_equal(v, 1);
    assert_int_equal(wms_id_parse(S("42"), &v, NULL), 0);
    assert_int_equal(v, 42);
    assert_int_equal(wms_id_parse(S("9223372036854775807"), &v, NULL), 0);
    assert_true(v == INT64_MAX);
}

static void test_id_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int rc;
    } bad[] = {
            {"", WMS_EINVAL},
            {"0", WMS_ERANGE},
            {"00", WMS_EINVAL},
            {"007", WMS_EINVAL},
            {"-1", WMS_EINVAL},
            {"-999", WMS_EINVAL},
            {"+1", WMS_EINVAL},
            {" 1", WMS_EINVAL},
            {"1 ", WMS_EINVAL},
            {"abc", WMS_EINVAL},
            {"1e3", WMS_EINVAL},
            {"0x10", WMS_EINVAL},
            {"1.0", WMS_EINVAL},
            {"9223372036854775808", WMS_ERANGE},
            {"18446744073709551616", WMS_ERANGE},
            {"99999999999999999999999", WMS_ERANGE},
            {"0000000000000000000001", WMS_EINVAL},
            {"12345678901234567890a", WMS_EINVAL},
    };
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad); i++) {
        int64_t v = 77;
        wms_err e;
        wms_err_clear(&e);
        int rc = wms_id_parse(bad[i].s, strlen(bad[i].s), &v, &e);
        if (rc != bad[i].rc) {
            fail_msg("id '%s': got %d want %d", bad[i].s, rc, bad[i].rc);
        }
        assert_int_equal(v, 77); /* untouched */
        assert_true(e.msg[0] != '\0');
    }
    /* embedded NUL: len says 2, data "1\0" */
    int64_t v = 0;
    assert_int_equal(wms_id_parse("1\0", 2, &v, NULL), WMS_EINVAL);
}

/* ---- text -------------------------------------------------------------- */

static void test_text_validate(void **state)
{
    (void)state;
    assert_int_equal(wms_text_validate(S("Pallet 3"), 64, 0, NULL), 0);
    assert_int_equal(wms_text_validate(S("Müller Straße 日本"), 64, 0, NULL), 0);
    assert_int_equal(wms_text_validate(S("\xF0\x9F\x93\xA6 box"), 64, 0, NULL), 0);
    /* length counts code points, not bytes */
    assert_int_equal(wms_text_validate(S("äöü"), 3, 0, NULL), 0);
    assert_int_equal(wms_text_validate(S("äöüx"), 3, 0, NULL), WMS_ETOOBIG);
    /* empty */
    assert_int_equal(wms_text_validate("", 0, 10, 0, NULL), WMS_EINVAL);
    assert_int_equal(wms_text_validate("", 0, 10, WMS_TEXT_ALLOW_EMPTY, NULL), 0);
    /* controls */
    wms_err e;
    assert_int_equal(wms_text_validate(S("a\x01"
                                         "b"),
                                       10, 0, &e),
                     WMS_EINVAL);
    assert_non_null(strstr(e.msg, "0x01"));
    assert_int_equal(wms_text_validate(S("a\nb"), 10, 0, NULL), WMS_EINVAL);
    assert_int_equal(wms_text_validate(S("a\nb"), 10, WMS_TEXT_ALLOW_NEWLINE, NULL), 0);
    assert_int_equal(wms_text_validate(S("a\x1D"
                                         "b"),
                                       10, 0, NULL),
                     WMS_EINVAL);
    assert_int_equal(wms_text_validate(S("a\x1D"
                                         "b"),
                                       10, WMS_TEXT_ALLOW_GS, NULL),
                     0);
    assert_int_equal(wms_text_validate(S("a\x7F"), 10, 0, NULL), WMS_EINVAL);
    assert_int_equal(wms_text_validate(S("a\xC2\x85"), 10, 0, NULL), WMS_EINVAL); /* C1 NEL */
    assert_int_equal(wms_text_validate("a\0b", 3, 10, 0, NULL), WMS_EINVAL);
    /* malformed UTF-8 */
    static const char *const bad[] = {
            "\xC0\xAF",         /* overlong '/'        */
            "\xE0\x80\xAF",     /* overlong            */
            "\xED\xA0\x80",     /* surrogate U+D800    */
            "\xF4\x90\x80\x80", /* > U+10FFFF          */
            "\xF5\x80\x80\x80", /* invalid lead        */
            "\x80",             /* lone continuation   */
            "\xE2\x82",         /* truncated           */
            "\xC3",             /* truncated at end    */
            "\xE2\x28\xA1",     /* bad continuation    */
            "\xFF",
    };
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad); i++) {
        wms_err_clear(&e);
        int rc = wms_text_validate(bad[i], strlen(bad[i]), 10, 0, &e);
        if (rc != WMS_EINVAL) {
            fail_msg("bad utf-8 #%zu accepted", i);
        }
        assert_non_null(strstr(e.msg, "UTF-8"));
    }
}

/* ---- quantities -------------------------------------------------------- */

static void test_qty_parse_ok(void **state)
{
    (void)state;
    wms_qty q;
    assert_int_equal(wms_qty_parse(S("12"), 0, false, &q, NULL), 0);
    assert_true(q.milli == 12000);
    assert_int_equal(wms_qty_parse(S("12.5"), 3, false, &q, NULL), 0);
    assert_true(q.milli == 12500);
    assert_int_equal(wms_qty_parse(S("0.125"), 3, false, &q, NULL), 0);
    assert_true(q.milli == 125);
    assert_int_equal(wms_qty_parse(S("0.001"), 3, false, &q, NULL), 0);
    assert_true(q.milli == 1);
    assert_int_equal(wms_qty_parse(S("-3"), 0, true, &q, NULL), 0);
    assert_true(q.milli == -3000);
    assert_int_equal(wms_qty_parse(S("999999999.999"), 3, false, &q, NULL), 0);
    assert_true(q.milli == WMS_QTY_MAX_MILLI);
    assert_int_equal(wms_qty_parse(S("0"), 0, false, &q, NULL), 0);
    assert_true(q.milli == 0);
}

static void test_qty_parse_bad(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        unsigned dec;
        int rc;
    } bad[] = {
            {"", 3, WMS_EINVAL},
            {"1.5", 0, WMS_EINVAL},    /* pieces are whole */
            {"1.2345", 3, WMS_EINVAL}, /* too precise      */
            {"-1", 3, WMS_EINVAL},     /* negative         */
            {"+1", 3, WMS_EINVAL},
            {".5", 3, WMS_EINVAL},
            {"5.", 3, WMS_EINVAL},
            {"1e3", 3, WMS_EINVAL},
            {" 1", 3, WMS_EINVAL},
            {"1 ", 3, WMS_EINVAL},
            {"1,5", 3, WMS_EINVAL},
            {"1.2.3", 3, WMS_EINVAL},
            {"nan", 3, WMS_EINVAL},
            {"1000000000", 3, WMS_ERANGE},
            {"99999999999999999999", 0, WMS_ERANGE},
            {"1.5", 4, WMS_EINVAL}, /* unsupported precision */
    };
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad); i++) {
        wms_qty q = {77};
        wms_err e;
        wms_err_clear(&e);
        int rc = wms_qty_parse(bad[i].s, strlen(bad[i].s), bad[i].dec, false, &q, &e);
        if (rc != bad[i].rc) {
            fail_msg("qty '%s': got %d want %d", bad[i].s, rc, bad[i].rc);
        }
        assert_true(q.milli == 77);
        assert_true(e.msg[0] != '\0');
    }
}

static void test_qty_format_and_math(void **state)
{
    (void)state;
    char buf[WMS_QTY_STRING_MAX];
    static const struct {
        int64_t milli;
        const char *s;
    } cases[] = {{0, "0"},
                 {12000, "12"},
                 {12500, "12.5"},
                 {12250, "12.25"},
                 {125, "0.125"},
                 {1, "0.001"},
                 {-3000, "-3"},
                 {-1500, "-1.5"},
                 {WMS_QTY_MAX_MILLI, "999999999.999"},
                 {-WMS_QTY_MAX_MILLI, "-999999999.999"}};
    for (size_t i = 0; i < WMS_ARRAY_LEN(cases); i++) {
        wms_qty q = {cases[i].milli};
        assert_int_equal(wms_qty_format(q, buf, sizeof buf), 0);
        assert_string_equal(buf, cases[i].s);
        /* round trip */
        wms_qty back;
        assert_int_equal(wms_qty_parse(buf, strlen(buf), 3, true, &back, NULL), 0);
        assert_true(back.milli == cases[i].milli);
    }
    wms_qty big = {WMS_QTY_MAX_MILLI + 1};
    assert_int_equal(wms_qty_format(big, buf, sizeof buf), WMS_ERANGE);
    assert_int_equal(wms_qty_format(wms_qty_units(12), buf, 3), 0);
    assert_int_equal(wms_qty_format(wms_qty_units(123), buf, 3), WMS_ETOOBIG);

    wms_qty r;
    assert_int_equal(wms_qty_add(wms_qty_units(1), (wms_qty){500}, &r), 0);
    assert_true(r.milli == 1500);
    assert_int_equal(wms_qty_add((wms_qty){WMS_QTY_MAX_MILLI}, (wms_qty){1}, &r), WMS_ERANGE);
    assert_int_equal(wms_qty_add((wms_qty){INT64_MAX}, (wms_qty){1}, &r), WMS_ERANGE);
    assert_int_equal(wms_qty_mul(wms_qty_units(12), 12, &r), 0);
    assert_true(r.milli == 144000);
    assert_int_equal(wms_qty_mul(wms_qty_units(1000000), 1000000, &r), WMS_ERANGE);
    assert_int_equal(wms_qty_mul((wms_qty){INT64_MAX / 2}, 3, &r), WMS_ERANGE);
}

/* ---- documents --------------------------------------------------------- */

static void test_doc_state_machine(void **state)
{
    (void)state;
    /* the complete table: exactly these four transitions are legal */
    for (int f = 0; f < WMS_DOC_STATUS_COUNT_; f++) {
        for (int t = 0; t < WMS_DOC_STATUS_COUNT_; t++) {
            bool want = (f == WMS_DOC_DRAFT && (t == WMS_DOC_POSTED || t == WMS_DOC_CANCELLED ||
                                                t == WMS_DOC_REJECTED)) ||
                        (f == WMS_DOC_POSTED && t == WMS_DOC_REJECTED);
            bool got = wms_doc_transition_ok((wms_doc_status)f, (wms_doc_status)t);
            if (got != want) {
                fail_msg("%s -> %s: got %d", wms_doc_status_name((wms_doc_status)f),
                         wms_doc_status_name((wms_doc_status)t), got);
            }
        }
    }
    wms_err e;
    assert_int_equal(wms_doc_transition(WMS_DOC_POSTED, WMS_DOC_DRAFT, &e), WMS_ECONFLICT);
    assert_string_equal(e.msg, "a posted document cannot become draft");
    assert_int_equal(wms_doc_transition(WMS_DOC_DRAFT, WMS_DOC_POSTED, &e), 0);
    assert_false(wms_doc_transition_ok((wms_doc_status)-1, WMS_DOC_POSTED));
    assert_false(wms_doc_transition_ok(WMS_DOC_DRAFT, WMS_DOC_STATUS_COUNT_));
    assert_false(wms_doc_status_final(WMS_DOC_DRAFT));
    assert_true(wms_doc_status_final(WMS_DOC_POSTED));
}

static void test_doc_names(void **state)
{
    (void)state;
    for (int t = 0; t < WMS_DOC_TYPE_COUNT_; t++) {
        const char *n = wms_doc_type_name((wms_doc_type)t);
        wms_doc_type back;
        assert_int_equal(wms_doc_type_parse(n, strlen(n), &back, NULL), 0);
        assert_int_equal(back, t);
    }
    for (int s = 0; s < WMS_DOC_STATUS_COUNT_; s++) {
        const char *n = wms_doc_status_name((wms_doc_status)s);
        wms_doc_status back;
        assert_int_equal(wms_doc_status_parse(n, strlen(n), &back, NULL), 0);
        assert_int_equal(back, s);
    }
    wms_doc_type t;
    assert_int_equal(wms_doc_type_parse(S("Receipt"), &t, NULL), WMS_EINVAL);
    assert_int_equal(wms_doc_type_parse(S("receipts"), &t, NULL), WMS_EINVAL);
    assert_int_equal(wms_doc_type_parse(S("rec"), &t, NULL), WMS_EINVAL);
    assert_null(wms_doc_type_name(WMS_DOC_TYPE_COUNT_));
    wms_doc_status st;
    assert_int_equal(wms_doc_status_parse(S(""), &st, NULL), WMS_EINVAL);
}

/* ---- pagination -------------------------------------------------------- */

static void test_page_parse(void **state)
{
    (void)state;
    wms_page p;
    assert_int_equal(wms_page_parse(NULL, NULL, &p, NULL), 0);
    assert_true(p.page == 1 && p.page_size == 20);
    assert_int_equal(wms_page_parse("3", "100", &p, NULL), 0);
    assert_true(p.page == 3 && p.page_size == 100);
    assert_int_equal(wms_page_parse("1", "1", &p, NULL), 0);
    assert_true(p.page_size == 1);

    wms_err e;
    p.page = 9;
    assert_int_equal(wms_page_parse("0", NULL, &p, &e), WMS_ERANGE);
    assert_non_null(strstr(e.msg, "page"));
    assert_true(p.page == 9);
    assert_int_equal(wms_page_parse(NULL, "101", &p, &e), WMS_ERANGE);
    assert_non_null(strstr(e.msg, "page_size"));
    assert_int_equal(wms_page_parse(NULL, "0", &p, NULL), WMS_ERANGE);
    assert_int_equal(wms_page_parse("abc", NULL, &p, NULL), WMS_EINVAL);
    assert_int_equal(wms_page_parse("-1", NULL, &p, NULL), WMS_EINVAL);
    assert_int_equal(wms_page_parse("1.5", NULL, &p, NULL), WMS_EINVAL);
    assert_int_equal(wms_page_parse("", NULL, &p, NULL), WMS_EINVAL);
    assert_int_equal(wms_page_parse(NULL, "20x", &p, NULL), WMS_EINVAL);
    assert_int_equal(wms_page_parse("99999999999999999999", NULL, &p, NULL), WMS_ERANGE);
    assert_int_equal(wms_page_parse("9223372036854775807", NULL, &p, NULL), WMS_ERANGE);
}

static void test_page_offset_and_count(void **state)
{
    (void)state;
    int64_t off = -1;
    wms_page p = {1, 20};
    assert_int_equal(wms_page_offset(&p, &off), 0);
    assert_true(off == 0);
    p.page = 3;
    assert_int_equal(wms_page_offset(&p, &off), 0);
    assert_true(off == 40);
    /* the largest legal page never overflows */
    p.page = WMS_PAGE_MAX;
    p.page_size = WMS_PAGE_SIZE_MAX;
    assert_int_equal(wms_page_offset(&p, &off), 0);
    assert_true(off > 0);
    p.page = WMS_PAGE_MAX + 1;
    assert_int_equal(wms_page_offset(&p, &off), WMS_ERANGE);
    p.page = 0;
    assert_int_equal(wms_page_offset(&p, &off), WMS_ERANGE);

    assert_true(wms_page_count(0, 20) == 0);
    assert_true(wms_page_count(1, 20) == 1);
    assert_true(wms_page_count(20, 20) == 1);
    assert_true(wms_page_count(21, 20) == 2);
    assert_true(wms_page_count(INT64_MAX, 1) == INT64_MAX);
    assert_true(wms_page_count(INT64_MAX, 100) == INT64_MAX / 100 + 1);
    assert_true(wms_page_count(-5, 20) == 0);
}

static void test_cursor(void **state)
{
    (void)state;
    char buf[WMS_CURSOR_STRING_MAX];
    wms_cursor c = {123456789, 42};
    assert_int_equal(wms_cursor_encode(&c, buf, sizeof buf), 0);
    wms_cursor back = {0, 0};
    assert_int_equal(wms_cursor_decode(buf, strlen(buf), &back, NULL), 0);
    assert_true(back.seq == 123456789 && back.id == 42);

    wms_cursor max = {INT64_MAX, INT64_MAX};
    assert_int_equal(wms_cursor_encode(&max, buf, sizeof buf), 0);
    assert_int_equal(wms_cursor_decode(buf, strlen(buf), &back, NULL), 0);
    assert_true(back.seq == INT64_MAX);

    /* every single-character edit is refused */
    assert_int_equal(wms_cursor_encode(&c, buf, sizeof buf), 0);
    size_t len = strlen(buf);
    for (size_t i = 0; i < len; i++) {
        char saved = buf[i];
        buf[i] = saved == '0' ? '1' : '0';
        if (wms_cursor_decode(buf, len, &back, NULL) != WMS_EINVAL) {
            fail_msg("edited cursor accepted at %zu", i);
        }
        buf[i] = saved;
    }
    assert_int_equal(wms_cursor_decode(buf, len - 1, &back, NULL), WMS_EINVAL);
    assert_int_equal(wms_cursor_decode(S("garbage"), &back, NULL), WMS_EINVAL);
    assert_int_equal(wms_cursor_decode(NULL, 0, &back, NULL), WMS_EINVAL);
    wms_cursor neg = {-1, 0};
    assert_int_equal(wms_cursor_encode(&neg, buf, sizeof buf), WMS_ERANGE);
    assert_int_equal(wms_cursor_encode(&c, buf, 10), WMS_ETOOBIG);
}

/* ---- UUIDv7 -------------------------------------------------------------- */

struct fake_clock {
    int64_t now;
};

static int64_t fake_now(void *data)
{
    return ((struct fake_clock *)data)->now;
}

static int64_t fake_mono(void *data)
{
    return ((struct fake_clock *)data)->now * 1000000;
}

static int fake_fill(void *data, void *buf, size_t len)
{
    unsigned *seed = data;
    unsigned char *p = buf;
    for (size_t i = 0; i < len; i++) {
        *seed = *seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(*seed >> 16);
    }
    return 0;
}

static int failing_fill(void *data, void *buf, size_t len)
{
    (void)data;
    (void)buf;
    (void)len;
    return WMS_EIO;
}

static void test_uuid7_layout_and_order(void **state)
{
    (void)state;
    struct fake_clock fc = {1764000000000};
    unsigned seed = 1;
    wms_clock clock = {fake_now, fake_mono, &fc};
    wms_rng rng = {fake_fill, &seed};
    wms_uuid_gen g;
    wms_uuid_gen_init(&g, &clock, &rng);

    wms_uuid prev;
    assert_int_equal(wms_uuid7_next(&g, &prev), 0);
    assert_int_equal(wms_uuid_version(&prev), 7);
    assert_int_equal(prev.b[8] >> 6, 2); /* RFC variant */
    assert_true(wms_uuid7_time_ms(&prev) == fc.now);
    /* many ids in the same ms, then the clock stepping back: strictly increasing */
    for (int i = 0; i < 10000; i++) {
        if (i == 5000) {
            fc.now -= 60000;
        }
        wms_uuid u;
        assert_int_equal(wms_uuid7_next(&g, &u), 0);
        if (wms_uuid_compare(&prev, &u) >= 0) {
            fail_msg("uuid %d not increasing", i);
        }
        assert_int_equal(wms_uuid_version(&u), 7);
        prev = u;
    }
    /* the system generator works and is increasing too */
    wms_uuid_gen sys;
    wms_uuid_gen_init(&sys, NULL, NULL);
    wms_uuid a, b;
    assert_int_equal(wms_uuid7_next(&sys, &a), 0);
    assert_int_equal(wms_uuid7_next(&sys, &b), 0);
    assert_true(wms_uuid_compare(&a, &b) < 0);

    wms_rng bad = {failing_fill, NULL};
    wms_uuid_gen_init(&g, &clock, &bad);
    assert_int_equal(wms_uuid7_next(&g, &a), WMS_EIO);
}

static void test_uuid_format_parse(void **state)
{
    (void)state;
    wms_uuid u;
    assert_int_equal(wms_uuid_parse(S("0190A3B4-5C6D-7E8F-9012-3456789ABCDE"), &u, NULL), 0);
    char s[WMS_UUID_STRING_LEN + 1];
    wms_uuid_format(&u, s);
    assert_string_equal(s, "0190a3b4-5c6d-7e8f-9012-3456789abcde");
    assert_int_equal(wms_uuid_version(&u), 7);
    assert_true(wms_uuid7_time_ms(&u) == 0x0190a3b45c6dLL);
    static const char *const bad[] = {
            "",
            "0190a3b4-5c6d-7e8f-9012-3456789abcd",
            "0190a3b4-5c6d-7e8f-9012-3456789abcdef",
            "0190a3b45c6d-7e8f-9012-3456789abcdef0",
            "0190a3b4-5c6d-7e8f-9012_3456789abcde",
            "0190a3b4-5c6d-7e8f-9012-3456789abcdg",
            "{190a3b4-5c6d-7e8f-9012-3456789abcde",
    };
    for (size_t i = 0; i < WMS_ARRAY_LEN(bad); i++) {
        assert_int_equal(wms_uuid_parse(bad[i], strlen(bad[i]), &u, NULL), WMS_EINVAL);
    }
}

/* ---- dates ------------------------------------------------------------- */

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(wms_days_in_month(2024, 2), 29);
    assert_int_equal(wms_days_in_month(2100, 2), 28);
    assert_int_equal(wms_days_in_month(2000, 2), 29);
    assert_int_equal(wms_days_in_month(2026, 4), 30);
    assert_int_equal(wms_days_in_month(2026, 13), 0);
    assert_true(wms_date_valid(2026, 12, 31));
    assert_false(wms_date_valid(2026, 2, 29));
    assert_false(wms_date_valid(2026, 0, 1));
    assert_false(wms_date_valid(2026, 1, 0));
    char buf[11];
    wms_date d = wms_date_from_unix_ms(0);
    wms_date_format(d, buf);
    assert_string_equal(buf, "1970-01-01");
    d = wms_date_from_unix_ms(INT64_C(1798675200000)); /* 2026-12-31T00:00Z */
    wms_date_format(d, buf);
    assert_string_equal(buf, "2026-12-31");
    d = wms_date_from_unix_ms(INT64_C(951782400000)); /* 2000-02-29 */
    wms_date_format(d, buf);
    assert_string_equal(buf, "2000-02-29");
    d = wms_date_from_unix_ms(-1); /* 1969-12-31T23:59:59.999 */
    wms_date_format(d, buf);
    assert_string_equal(buf, "1969-12-31");
    wms_date a = {2026, 1, 2}, b = {2026, 1, 3};
    assert_true(wms_date_compare(a, b) < 0);
    assert_true(wms_date_compare(b, a) > 0);
    assert_true(wms_date_compare(a, a) == 0);
    assert_non_null(wms_version());
    assert_true(strlen(wms_version()) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_strerror_covers_every_code),
            cmocka_unit_test(test_err_detail),
            cmocka_unit_test(test_buf_cap),
            cmocka_unit_test(test_strlcpy),
            cmocka_unit_test(test_id_valid),
            cmocka_unit_test(test_id_invalid),
            cmocka_unit_test(test_text_validate),
            cmocka_unit_test(test_qty_parse_ok),
            cmocka_unit_test(test_qty_parse_bad),
            cmocka_unit_test(test_qty_format_and_math),
            cmocka_unit_test(test_doc_state_machine),
            cmocka_unit_test(test_doc_names),
            cmocka_unit_test(test_page_parse),
            cmocka_unit_test(test_page_offset_and_count),
            cmocka_unit_test(test_cursor),
            cmocka_unit_test(test_uuid7_layout_and_order),
            cmocka_unit_test(test_uuid_format_parse),
            cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
