/*
 * test_barcode.c -- GS1 check digits, GTIN check/normalise, SSCC, UPC-E.
 */
#include "wms_test.h"

#include "wms/core.h"

static void test_check_digit_known(void **state)
{
    (void)state;
    assert_int_equal(wms_gs1_check_digit(S("950600013435")), '2');      /* EAN-13 9506000134352 */
    assert_int_equal(wms_gs1_check_digit(S("400638133393")), '1');      /* 4006381333931 */
    assert_int_equal(wms_gs1_check_digit(S("03600029145")), '2');       /* UPC-A 036000291452 */
    assert_int_equal(wms_gs1_check_digit(S("9638507")), '4');           /* EAN-8 96385074 */
    assert_int_equal(wms_gs1_check_digit(S("10614141234567890")), '8'); /* SSCC */
    assert_int_equal(wms_gs1_check_digit(S("0950600013435")), '2');     /* GTIN-14 */
    assert_int_equal(wms_gs1_check_digit(S("")), '0');
    assert_int_equal(wms_gs1_check_digit(S("0000000")), '0');
    assert_int_equal(wms_gs1_check_digit(S("1")), '7'); /* 3*1=3 -> 7 */
    assert_int_equal(wms_gs1_check_digit(S("12a4")), -1);
    assert_int_equal(wms_gs1_check_digit(S("12 4")), -1);
    assert_int_equal(wms_gs1_check_digit(S("12/4")), -1); /* '/' just below '0' */
    assert_int_equal(wms_gs1_check_digit(S("12:4")), -1); /* ':' just above '9' */
}

static void test_check_digit_every_position(void **state)
{
    (void)state;
    /* Changing any single digit of a valid key must change the check digit. */
    char k[] = "950600013435";
    int good = wms_gs1_check_digit(k, 12);
    for (size_t i = 0; i < 12; i++) {
        char orig = k[i];
        for (char c = '0'; c <= '9'; c++) {
            if (c == orig) {
                continue;
            }
            k[i] = c;
            assert_int_not_equal(wms_gs1_check_digit(k, 12), good);
        }
        k[i] = orig;
    }
}

static void test_gtin_check(void **state)
{
    (void)state;
    wms_err e;
    wms_err_clear(&e);
    assert_int_equal(wms_gtin_check(S("9506000134352"), &e), 0);
    assert_int_equal(wms_gtin_check(S("09506000134352"), &e), 0);
    assert_int_equal(wms_gtin_check(S("036000291452"), &e), 0);
    assert_int_equal(wms_gtin_check(S("96385074"), &e), 0);
    assert_int_equal(wms_gtin_check(S("106141412345678908"), &e), 0); /* SSCC */
    assert_int_equal(wms_gtin_check(S("9506000134353"), &e), WMS_ECHECKDIGIT);
    assert_string_equal(e.msg, "check digit is 3, expected 2");
    assert_int_equal(wms_gtin_check(S("106141412345678907"), &e), WMS_ECHECKDIGIT);
    assert_int_equal(wms_gtin_check(S("950600013435"), &e), WMS_ECHECKDIGIT); /* 12 digits */
    assert_int_equal(wms_gtin_check(S("95060001343"), &e), WMS_EINVAL);       /* 11 */
    assert_int_equal(wms_gtin_check(S(""), &e), WMS_EINVAL);
    assert_int_equal(wms_gtin_check(S("1234567890123456789"), &e), WMS_EINVAL); /* 19 */
    assert_int_equal(wms_gtin_check(S("95060001343 2"), &e), WMS_EINVAL);
    assert_int_equal(wms_gtin_check(S("950600013435X"), &e), WMS_EINVAL);
    assert_int_equal(wms_gtin_check(S("-506000134352"), &e), WMS_EINVAL);
    assert_int_equal(wms_gtin_check(NULL, 13, &e), WMS_EINVAL);
    /* NUL inside the counted length is not a digit */
    assert_int_equal(wms_gtin_check("9506000\0"
                                    "34352",
                                    13, &e),
                     WMS_EINVAL);
    assert_int_equal(wms_gtin_check(S("9506000134352"), NULL), 0);
    assert_int_equal(wms_gtin_check(S("9506000134353"), NULL), WMS_ECHECKDIGIT);
}

static void test_gtin_normalize(void **state)
{
    (void)state;
    char out[WMS_GTIN14_LEN + 1];
    wms_err e;
    assert_int_equal(wms_gtin_normalize(S("9506000134352"), out, &e), 0);
    assert_string_equal(out, "09506000134352");
    assert_int_equal(wms_gtin_normalize(S("036000291452"), out, &e), 0);
    assert_string_equal(out, "00036000291452");
    assert_int_equal(wms_gtin_normalize(S("96385074"), out, &e), 0);
    assert_string_equal(out, "00000096385074");
    assert_int_equal(wms_gtin_normalize(S("19506000134359"), out, &e), 0);
    assert_string_equal(out, "19506000134359");
    /* UPC-A and its EAN-13 form compare equal after normalisation */
    char a[WMS_GTIN14_LEN + 1];
    assert_int_equal(wms_gtin_normalize(S("0036000291452"), a, &e), 0);
    assert_int_equal(wms_gtin_normalize(S("036000291452"), out, &e), 0);
    assert_string_equal(a, out);
    /* SSCC (18) and 17 digits are keys but not GTINs */
    memcpy(out, "untouched", 10);
    assert_int_equal(wms_gtin_normalize(S("106141412345678908"), out, &e), WMS_EINVAL);
    assert_string_equal(out, "untouched");
    assert_int_equal(wms_gtin_normalize(S("9506000134353"), out, &e), WMS_ECHECKDIGIT);
    assert_string_equal(out, "untouched");
    assert_int_equal(wms_gtin_normalize(S("1234567"), out, &e), WMS_EINVAL);
    assert_int_equal(wms_gtin_normalize(NULL, 8, out, &e), WMS_EINVAL);
}

static void test_upce(void **state)
{
    (void)state;
    char out[13];
    wms_err e;
    /* last data digit 0..2: manufacturer d1 d2 d6 00, item 00 d3 d4 d5 */
    assert_int_equal(wms_upce_expand(S("04252614"), out, &e), 0);
    assert_string_equal(out, "042100005264");
    assert_int_equal(wms_gtin_check(out, 12, NULL), 0);
    /* 3: d1 d2 d3 00000 d4 d5 */
    assert_int_equal(wms_upce_expand(S("01234531"), out, &e), 0);
    assert_string_equal(out, "012300000451");
    /* 4: d1 d2 d3 d4 00000 d5 */
    assert_int_equal(wms_upce_expand(S("01234543"), out, &e), 0);
    assert_string_equal(out, "012340000053");
    /* 5..9: d1..d5 0000 d6 */
    assert_int_equal(wms_upce_expand(S("01234565"), out, &e), 0);
    assert_string_equal(out, "012345000065");
    assert_int_equal(wms_upce_expand(S("01234596"), out, &e), 0);
    assert_string_equal(out, "012345000096");
    /* number system 1 */
    assert_int_equal(wms_upce_expand(S("11234562"), out, &e), 0);
    assert_string_equal(out, "112345000062");
    /* all zeros */
    assert_int_equal(wms_upce_expand(S("00000000"), out, &e), 0);
    assert_string_equal(out, "000000000000");
    /* wrong check digit, wrong number system, lengths, characters */
    memcpy(out, "untouched", 10);
    assert_int_equal(wms_upce_expand(S("04252615"), out, &e), WMS_ECHECKDIGIT);
    assert_string_equal(e.msg, "UPC-E check digit is 5, expected 4");
    assert_string_equal(out, "untouched");
    assert_int_equal(wms_upce_expand(S("24252614"), out, &e), WMS_EINVAL);
    assert_int_equal(wms_upce_expand(S("94252614"), out, &e), WMS_EINVAL);
    assert_int_equal(wms_upce_expand(S("0425261"), out, &e), WMS_EINVAL);
    assert_int_equal(wms_upce_expand(S("042526144"), out, &e), WMS_EINVAL);
    assert_int_equal(wms_upce_expand(S("0425261A"), out, &e), WMS_EINVAL);
    assert_int_equal(wms_upce_expand(S("425261"), out, &e), WMS_EINVAL);
    assert_int_equal(wms_upce_expand(NULL, 8, out, &e), WMS_EINVAL);
}

static void test_upce_roundtrip_all_patterns(void **state)
{
    (void)state;
    /* Every expansion is a valid UPC-A and keeps number system and check. */
    char u[9] = "0123450";
    for (char ns = '0'; ns <= '1'; ns++) {
        for (char last = '0'; last <= '9'; last++) {
            u[0] = ns;
            u[6] = last;
            u[7] = (char)'0';
            /* find the right check digit by trying */
            int found = 0;
            for (char c = '0'; c <= '9'; c++) {
                char out[13];
                u[7] = c;
                if (wms_upce_expand(u, 8, out, NULL) == 0) {
                    found++;
                    assert_int_equal(out[0], ns);
                    assert_int_equal(out[11], c);
                    assert_int_equal(wms_gtin_check(out, 12, NULL), 0);
                }
            }
            assert_int_equal(found, 1);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_check_digit_known),
            cmocka_unit_test(test_check_digit_every_position),
            cmocka_unit_test(test_gtin_check),
            cmocka_unit_test(test_gtin_normalize),
            cmocka_unit_test(test_upce),
            cmocka_unit_test(test_upce_roundtrip_all_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
