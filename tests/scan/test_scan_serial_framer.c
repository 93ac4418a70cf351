/*
 * test_scan_serial_framer.c -- serial framing on byte streams: CR, LF,
 * CRLF split anywhere, gap framing, partial frame then timeout, reset.
 */
#include "wms_test.h"

#include "wms/scan.h"

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

#define MS 1000000LL

static void test_crlf_split_everywhere(void **state)
{
    (void)state;
    static const char in[] = "]C101095011015300031\x1d"
                             "10AB\r\n4006381333931\r\n";
    size_t n = sizeof in - 1;
    for (size_t cut = 0; cut <= n; cut++) {
        sink s = {0};
        wms_serial_framer f;
        wms_serial_framing fr;
        assert_int_equal(wms_serial_framing_parse("crlf", &fr, NULL), 0);
        wms_serial_framer_init(&f, "ser", fr, 0, on_scan, &s);
        wms_serial_framer_feed(&f, (const uint8_t *)in, cut, 10 * MS);
        wms_serial_framer_feed(&f, (const uint8_t *)in + cut, n - cut, 11 * MS);
        assert_int_equal(s.n, 2);
        assert_int_equal(s.ev[0].len, 25);
        assert_memory_equal(s.ev[0].data, in, 25);
        assert_string_equal((const char *)s.ev[1].data, "4006381333931");
        assert_string_equal(s.ev[1].source, "ser");
    }
}

static void test_cr_ignores_following_lf(void **state)
{
    (void)state;
    sink s = {0};
    wms_serial_framer f;
    wms_serial_framer_init(&f, "ser", WMS_SERIAL_CR, 0, on_scan, &s);
    wms_serial_framer_feed(&f, U("A1\r"), MS);
    wms_serial_framer_feed(&f, U("\nB2\rC3\r\r"), MS);
    assert_int_equal(s.n, 3);
    assert_string_equal((const char *)s.ev[0].data, "A1");
    assert_string_equal((const char *)s.ev[1].data, "B2");
    assert_string_equal((const char *)s.ev[2].data, "C3");
}

static void test_lf_keeps_cr(void **state)
{
    (void)state;
    sink s = {0};
    wms_serial_framer f;
    wms_serial_framer_init(&f, "ser", WMS_SERIAL_LF, 0, on_scan, &s);
    wms_serial_framer_feed(&f, U("X\r\nY\n"), MS);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ev[0].len, 2);
    assert_memory_equal(s.ev[0].data, "X\r", 2);
    assert_string_equal((const char *)s.ev[1].data, "Y");
}

static void test_partial_then_timeout(void **state)
{
    (void)state;
    sink s = {0};
    wms_serial_framer f;
    wms_serial_framer_init(&f, "ser", WMS_SERIAL_CRLF, 200, on_scan, &s);
    wms_serial_framer_feed(&f, U("40063"), 100 * MS);
    assert_int_equal(wms_serial_framer_timeout_ns(&f, 150 * MS), 150 * MS);
    wms_serial_framer_tick(&f, 299 * MS);
    assert_int_equal(f.stats.dropped, 0);
    wms_serial_framer_tick(&f, 300 * MS);
    assert_int_equal(f.stats.dropped, 1);
    assert_int_equal(wms_serial_framer_timeout_ns(&f, 300 * MS), -1);
    wms_serial_framer_feed(&f, U("777\r\n"), 400 * MS);
    assert_int_equal(s.n, 1);
    assert_string_equal((const char *)s.ev[0].data, "777");
    assert_int_equal(s.ev[0].mono_ns, 400 * MS);
}

static void test_gap_framing(void **state)
{
    (void)state;
    sink s = {0};
    wms_serial_framer f;
    wms_serial_framer_init(&f, "ser", WMS_SERIAL_GAP, 30, on_scan, &s);
    wms_serial_framer_feed(&f, U("12"), 100 * MS);
    wms_serial_framer_feed(&f, U("34\r\n"), 110 * MS);
    wms_serial_framer_feed(&f, U("56"), 200 * MS); /* gap ends "1234\r\n" */
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].len, 6);
    assert_memory_equal(s.ev[0].data, "1234\r\n", 6);
    wms_serial_framer_tick(&f, 230 * MS);
    assert_int_equal(s.n, 2);
    assert_string_equal((const char *)s.ev[1].data, "56");
}

static void test_overflow_and_reset(void **state)
{
    (void)state;
    sink s = {0};
    wms_serial_framer f;
    wms_serial_framer_init(&f, "ser", WMS_SERIAL_CR, 0, on_scan, &s);
    uint8_t big[WMS_SCAN_DATA_MAX + 5];
    memset(big, '9', sizeof big);
    wms_serial_framer_feed(&f, big, sizeof big, MS);
    wms_serial_framer_feed(&f, U("\rOK\r"), MS);
    assert_int_equal(s.n, 1);
    assert_string_equal((const char *)s.ev[0].data, "OK");
    assert_int_equal(f.stats.overflows, 1);
    wms_serial_framer_feed(&f, U("HALF"), MS);
    wms_serial_framer_reset(&f); /* device gone */
    wms_serial_framer_feed(&f, U("NEW\r"), MS);
    assert_int_equal(s.n, 2);
    assert_string_equal((const char *)s.ev[1].data, "NEW");
    assert_int_equal(f.stats.dropped, 1);
    wms_err err;
    wms_serial_framing fr;
    assert_int_equal(wms_serial_framing_parse("crlf2", &fr, &err), WMS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_crlf_split_everywhere),
            cmocka_unit_test(test_cr_ignores_following_lf),
            cmocka_unit_test(test_lf_keeps_cr),
            cmocka_unit_test(test_partial_then_timeout),
            cmocka_unit_test(test_gap_framing),
            cmocka_unit_test(test_overflow_and_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
