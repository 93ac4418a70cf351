/*
 * test_scan_classify.c -- what a scan is: GS1, GTIN, SSCC, labels, text.
 */
#include "wms_test.h"

#include "wms/core.h"

#include <stdio.h>
#include <stdlib.h>

#define GS "\x1d"

static const wms_gs1_opts o2026 = {.ref_year = 2026};

static wms_scan_class *cls;

static int setup(void **state)
{
    (void)state;
    cls = malloc(sizeof *cls);
    return cls ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(cls);
    return 0;
}

static int classify(const char *s, size_t len, wms_err *e)
{
    wms_err_clear(e);
    return wms_scan_classify((const uint8_t *)s, len, &o2026, cls, e);
}
#define C(lit, e) classify((lit), sizeof(lit) - 1, (e))

static void test_gs1_kinds(void **state)
{
    (void)state;
    wms_err e;
    assert_int_equal(C("]C10109506000134352"
                       "17261231"
                       "10AB" GS "21X",
                       &e),
                     0);
    assert_int_equal(cls->kind, WMS_SCAN_GS1);
    assert_string_equal(cls->aim.id, "]C1");
    assert_string_equal(cls->gtin, "09506000134352");
    assert_int_equal(cls->gs1.count, 4);
    for (const char *const *id = (const char *const[]){"]e0", "]d2", "]Q3", "]J1", NULL}; *id;
         id++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s0109506000134352", *id);
        assert_int_equal(classify(buf, strlen(buf), &e), 0);
        assert_int_equal(cls->kind, WMS_SCAN_GS1);
    }
    /* GS1 AIM with data that is not GS1 */
    assert_int_equal(C("]C1hello", &e), WMS_EINVAL);
    assert_int_equal(C("]C1", &e), WMS_EINVAL);
    assert_int_equal(C("]d20109506000134353", &e), WMS_ECHECKDIGIT);
    /* no AIM but GS in the data: GS1 element string */
    assert_int_equal(C("0109506000134352"
                       "10AB" GS "21X",
                       &e),
                     0);
    assert_int_equal(cls->kind, WMS_SCAN_GS1);
    assert_int_equal(C(GS "0109506000134352", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_GS1);
    /* bracketed */
    assert_int_equal(C("(01)09506000134352(17)261231", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_GS1);
    assert_string_equal(cls->aim.id, "");
    assert_int_equal(C("(01)09506000134352(17)261331", &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (17): month 13 is not a month");
    /* SSCC label in GS1: a pallet */
    assert_int_equal(C("]C100106141412345678908"
                       "0209506000134352"
                       "3712",
                       &e),
                     0);
    assert_int_equal(cls->kind, WMS_SCAN_PALLET);
    assert_string_equal(cls->code, "106141412345678908");
    assert_string_equal(cls->gtin, "09506000134352");
    /* Digital Link */
    assert_int_equal(C("https://id.gs1.org/01/09506000134352/10/L1", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_GS1);
    assert_string_equal(cls->gtin, "09506000134352");
    assert_int_equal(C("]Q1https://id.gs1.org/01/09506000134353", &e), WMS_ECHECKDIGIT);
    /* an ordinary URL is text */
    assert_int_equal(C("https://example.com/x", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_TEXT);
}

static void test_gtin_and_sscc(void **state)
{
    (void)state;
    wms_err e;
    assert_int_equal(C("9506000134352", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_GTIN);
    assert_string_equal(cls->gtin, "09506000134352");
    assert_int_equal(C("036000291452", &e), 0);
    assert_string_equal(cls->gtin, "00036000291452");
    assert_int_equal(C("96385074", &e), 0);
    assert_string_equal(cls->gtin, "00000096385074");
    assert_int_equal(C("19506000134359", &e), 0);
    assert_int_equal(C("9506000134353", &e), WMS_ECHECKDIGIT);
    assert_string_equal(e.msg, "GTIN-13: check digit is 3, expected 2");
    assert_int_equal(C("96385075", &e), WMS_ECHECKDIGIT);
    /* ]E0 with UPC-E */
    assert_int_equal(C("]E004252614", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_GTIN);
    assert_string_equal(cls->gtin, "00042100005264");
    assert_int_equal(C("]E004252615", &e), WMS_ECHECKDIGIT);
    assert_int_equal(C("]E09506000134352", &e), 0);
    assert_int_equal(C("]E095060001343", &e), WMS_EINVAL);
    assert_int_equal(C("]E496385074", &e), 0);
    assert_string_equal(cls->gtin, "00000096385074");
    assert_int_equal(C("]E49506000134352", &e), WMS_EINVAL);
    assert_int_equal(C("]E0ABCDEFGH", &e), 0); /* not digits: text */
    assert_int_equal(cls->kind, WMS_SCAN_TEXT);
    assert_int_equal(C("]E3950600013435212", &e), 0);
    assert_string_equal(cls->gtin, "09506000134352");
    /* ITF-14 */
    assert_int_equal(C("]I119506000134359", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_GTIN);
    /* SSCC */
    assert_int_equal(C("106141412345678908", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_PALLET);
    assert_string_equal(cls->code, "106141412345678908");
    assert_int_equal(cls->gs1.count, 1);
    assert_string_equal(cls->gs1.el[0].ai, "00");
    assert_int_equal(C("106141412345678907", &e), WMS_ECHECKDIGIT);
    /* digits of other lengths claim nothing */
    assert_int_equal(C("1234567", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_TEXT);
    assert_string_equal(cls->text, "1234567");
    assert_int_equal(cls->text_len, 7);
}

static void test_labels(void **state)
{
    (void)state;
    wms_err e;
    assert_int_equal(C("L:A-01-02", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_LOCATION);
    assert_string_equal(cls->code, "A-01-02");
    assert_int_equal(C("L:a-01-02", &e), 0);
    assert_string_equal(cls->code, "A-01-02");
    assert_int_equal(C("]C0L:A-01-02", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_LOCATION);
    assert_int_equal(C("B:0042", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_BADGE);
    assert_string_equal(cls->code, "0042");
    assert_int_equal(C("D:R-2026-0001", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_DOCUMENT);
    assert_int_equal(C("D:0190b3a2-7c4e-7def-8abc-0123456789ab", &e), 0);
    assert_string_equal(cls->code, "0190B3A2-7C4E-7DEF-8ABC-0123456789AB");
    assert_int_equal(C("P:000123", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_PALLET);
    assert_string_equal(cls->code, "000123");
    assert_int_equal(cls->gs1.count, 0);
    /* broken labels */
    assert_int_equal(C("L:", &e), WMS_EINVAL);
    assert_string_equal(e.msg, "location label: code is empty");
    assert_int_equal(C("L:A 01", &e), WMS_EINVAL);
    assert_string_equal(e.msg, "location label: character ' ' is not allowed (A-Z 0-9 -)");
    assert_int_equal(C("B:123456789012345678901234567890123", &e), WMS_EINVAL);
    assert_int_equal(C("L:A\x1d", &e), WMS_EINVAL);
    assert_int_equal(C("P:12\xc3\xa9", &e), WMS_EINVAL);
    /* other prefixes are text */
    assert_int_equal(C("X:123", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_TEXT);
    assert_int_equal(C("l:A-01", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_TEXT);
}

static void test_text_and_garbage(void **state)
{
    (void)state;
    wms_err e;
    assert_int_equal(C("hello world", &e), 0);
    assert_int_equal(cls->kind, WMS_SCAN_TEXT);
    assert_int_equal(C("Gr\xc3\xbc\xc3\x9f"
                       "e",
                       &e),
                     0);
    assert_int_equal(cls->kind, WMS_SCAN_TEXT);
    assert_int_equal(C("", &e), WMS_EINVAL);
    assert_int_equal(C("\xff\xfe", &e), WMS_EINVAL);
    assert_int_equal(C("a\0b", &e), WMS_EINVAL);
    assert_int_equal(C("line\r", &e), WMS_EINVAL);
    assert_int_equal(C("]Zq", &e), WMS_EINVAL);
    assert_int_equal(C("]", &e), WMS_EINVAL);
    char big[WMS_SCAN_DATA_MAX + 1];
    memset(big, 'a', sizeof big);
    assert_int_equal(classify(big, sizeof big, &e), WMS_ETOOBIG);
    assert_int_equal(classify(big, sizeof big - 1, &e), 0);
    assert_int_equal(cls->text_len, WMS_SCAN_DATA_MAX);
    assert_int_equal(wms_scan_classify(NULL, 3, NULL, cls, &e), WMS_EINVAL);
    for (int k = 0; k < WMS_SCAN_KIND_COUNT_; k++) {
        assert_string_not_equal(wms_scan_kind_name((wms_scan_kind)k), "");
    }
    assert_string_equal(wms_scan_kind_name(WMS_SCAN_LOCATION), "location");
    assert_string_equal(wms_scan_kind_name(WMS_SCAN_KIND_COUNT_), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_gs1_kinds),
            cmocka_unit_test(test_gtin_and_sscc),
            cmocka_unit_test(test_labels),
            cmocka_unit_test(test_text_and_garbage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
