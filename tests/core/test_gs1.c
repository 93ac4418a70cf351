/*
 * test_gs1.c -- GS1 element strings (raw, bracketed, Digital Link), AI
 * rules, AIM identifiers.
 */
#include "wms_test.h"

#include "gs1_internal.h"
#include "wms/core.h"

#define GS "\x1d"

static const wms_gs1_opts opts2026 = {.ref_year = 2026, .skip_associations = false};
static const wms_gs1_opts loose = {.ref_year = 2026, .skip_associations = true};

static int parse(const char *s, wms_gs1 *g, wms_err *e)
{
    wms_err_clear(e);
    return wms_gs1_parse((const uint8_t *)s, strlen(s), &opts2026, g, e);
}

static int parse_loose(const char *s, wms_gs1 *g, wms_err *e)
{
    wms_err_clear(e);
    return wms_gs1_parse((const uint8_t *)s, strlen(s), &loose, g, e);
}

static int br(const char *s, wms_gs1 *g, wms_err *e)
{
    wms_err_clear(e);
    return wms_gs1_parse_bracketed(s, strlen(s), &opts2026, g, e);
}

static int dl(const char *s, wms_gs1 *g, wms_err *e)
{
    wms_err_clear(e);
    return wms_gs1_parse_digital_link(s, strlen(s), &opts2026, g, e);
}

static void test_raw_basic(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(parse("0109506000134352"
                           "17261231"
                           "10ABC-12" GS "21SER1",
                           &g, &e),
                     0);
    assert_int_equal(g.count, 4);
    assert_string_equal(g.el[0].ai, "01");
    assert_int_equal(g.el[0].kind, WMS_GS1_KIND_KEY);
    assert_string_equal(g.el[1].ai, "17");
    assert_int_equal(g.el[1].kind, WMS_GS1_KIND_DATE);
    assert_int_equal(g.el[1].date.year, 2026);
    assert_int_equal(g.el[1].date.month, 12);
    assert_int_equal(g.el[1].date.day, 31);
    assert_string_equal(g.el[2].value, "ABC-12");
    assert_string_equal(g.el[3].value, "SER1");
    assert_non_null(wms_gs1_find(&g, "21"));
    assert_null(wms_gs1_find(&g, "22"));
    /* leading GS (FNC1 leaking through), GS after a predefined-length AI,
     * one trailing GS: all tolerated */
    assert_int_equal(parse(GS "0109506000134352" GS "10ABC" GS, &g, &e), 0);
    assert_int_equal(g.count, 2);
    assert_string_equal(g.el[1].value, "ABC");
}

static void test_raw_truncated_and_separators(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(parse("01095060001343", &g, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (01): value truncated: 12 characters, must have 14");
    assert_int_equal(parse("0", &g, &e), WMS_EINVAL);
    assert_int_equal(parse("", &g, &e), WMS_EINVAL);
    assert_int_equal(parse(GS, &g, &e), WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "1726",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "10",
                           &g, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "AI (10): value is empty");
    /* two GS in a row: an empty element */
    assert_int_equal(parse("0109506000134352"
                           "10A" GS GS "21B",
                           &g, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "empty element (two GS in a row)");
    /* missing GS before the next AI: the lot swallows it and gets too long */
    assert_int_equal(parse("0109506000134352"
                           "10ABCDEFGHIJKLMNOPQRS21XYZ",
                           &g, &e),
                     WMS_EINVAL);
    assert_non_null(strstr(e.msg, "AI (10): value has 24 characters, must have 1 to 20"));
    assert_non_null(strstr(e.msg, "missing GS"));
    /* a fixed-length AI outside the predefined table needs its GS too */
    assert_int_equal(parse_loose("8006095060001343520102"
                                 "10A",
                                 &g, &e),
                     WMS_EINVAL);
    assert_non_null(strstr(e.msg, "AI (8006): value has 21 characters, must have 18"));
    assert_int_equal(parse_loose("8006095060001343520102" GS "10A", &g, &e), 0);
    /* GS inside a predefined-length value */
    assert_int_equal(parse("01095060" GS "00134352", &g, &e), WMS_EINVAL);
    /* overlong variable field */
    assert_int_equal(parse("0109506000134352"
                           "21123456789012345678901",
                           &g, &e),
                     WMS_EINVAL);
    /* unknown AI */
    assert_int_equal(parse("2309506000134352", &g, &e), WMS_EINVAL);
    assert_non_null(strstr(e.msg, "not a known Application Identifier"));
    assert_int_equal(parse("AB", &g, &e), WMS_EINVAL);
    /* longer than the bound */
    char big[WMS_GS1_DATA_MAX + 2];
    memset(big, '9', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(parse(big, &g, &e), WMS_ETOOBIG);
}

static void test_raw_check_digits(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(parse("0109506000134353", &g, &e), WMS_ECHECKDIGIT);
    assert_string_equal(e.msg, "AI (01): check digit is 3, expected 2");
    assert_int_equal(parse("00106141412345678907", &g, &e), WMS_ECHECKDIGIT);
    assert_int_equal(parse("00106141412345678908", &g, &e), 0);
    assert_int_equal(parse_loose("8006095060001343530102", &g, &e), WMS_ECHECKDIGIT);
    assert_non_null(strstr(e.msg, "AI (8006)"));
    assert_int_equal(parse("4109506000134352", &g, &e), 0); /* GLN N13 */
    assert_int_equal(parse("4149506000134353", &g, &e), WMS_ECHECKDIGIT);
    /* 8003 GRAI: leading 0, 13-digit key with check digit, optional serial */
    assert_int_equal(parse("800309506000134352", &g, &e), 0);
    assert_int_equal(parse("800309506000134352AB12", &g, &e), 0);
    assert_int_equal(parse("800309506000134353", &g, &e), WMS_ECHECKDIGIT);
    assert_int_equal(parse("800319506000134352", &g, &e), WMS_EINVAL);
}

static void test_raw_charset(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(parse("01095060001343a2", &g, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (01): character 'a' at position 13 is not a digit");
    assert_int_equal(parse("0109506000134352"
                           "17261a31",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "10ab c",
                           &g, &e),
                     WMS_EINVAL);
    assert_non_null(strstr(e.msg, "' ' at position 3"));
    assert_int_equal(parse("0109506000134352"
                           "10a%b_c/-.",
                           &g, &e),
                     0);
    assert_int_equal(parse("0109506000134352"
                           "10A#B",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "10A\xc3\xa9",
                           &g, &e),
                     WMS_EINVAL);
    assert_non_null(strstr(e.msg, "byte 0xC3"));
    assert_int_equal(parse("0109506000134352"
                           "10A\n",
                           &g, &e),
                     WMS_EINVAL);
    /* 421: country code numeric, then set 82 */
    assert_int_equal(parse("42172812345", &g, &e), 0);
    assert_int_equal(parse("421A2812345", &g, &e), WMS_EINVAL);
}

static void test_dates(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(parse("0109506000134352"
                           "17261232",
                           &g, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "AI (17): day 32 is not a day in month 12");
    assert_int_equal(parse("0109506000134352"
                           "17261301",
                           &g, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "AI (17): month 13 is not a month");
    assert_int_equal(parse("0109506000134352"
                           "17260001",
                           &g, &e),
                     WMS_EINVAL);
    /* day 00: end of month, leap years */
    assert_int_equal(parse("0109506000134352"
                           "17280200",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].date.day, 29);
    assert_int_equal(parse("0109506000134352"
                           "17270200",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].date.day, 28);
    assert_int_equal(parse("0109506000134352"
                           "17270229",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "15260400",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].date.day, 30);
    /* century window (ref 2026): 49 ahead, 50 behind */
    assert_int_equal(parse("0109506000134352"
                           "11750101",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].date.year, 2075);
    assert_int_equal(parse("0109506000134352"
                           "11770101",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].date.year, 1977);
    assert_int_equal(parse("0109506000134352"
                           "11760101",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].date.year, 2076);
    wms_gs1_opts o = {.ref_year = 2090};
    assert_int_equal(wms_gs1_parse(U("0109506000134352"
                                     "1705"
                                     "0101"),
                                   &o, &g, &e),
                     0);
    assert_int_equal(g.el[1].date.year, 2105);
    /* 7003 date and time */
    assert_int_equal(parse("0109506000134352"
                           "70032612312359",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].hour, 23);
    assert_int_equal(g.el[1].minute, 59);
    assert_int_equal(parse("0109506000134352"
                           "70032612312459",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "70032612312360",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "70032612002300",
                           &g, &e),
                     WMS_EINVAL);
    /* default reference year from the clock works */
    assert_int_equal(wms_gs1_parse(U("0109506000134352"
                                     "17261231"),
                                   NULL, &g, &e),
                     0);
}

static void test_measures(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(parse("0109506000134352"
                           "3103001250",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].kind, WMS_GS1_KIND_MEASURE);
    assert_int_equal(g.el[1].decimals, 3);
    assert_int_equal(g.el[1].decimal, 1250);
    assert_int_equal(parse("0109506000134352"
                           "3106001250",
                           &g, &e),
                     WMS_EINVAL);
    assert_non_null(strstr(e.msg, "decimal point indicator 6"));
    assert_int_equal(parse("0109506000134352"
                           "310300125",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "3103001250"
                           "3102012500",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "3103001250"
                           "3303001300",
                           &g, &e),
                     0);
    assert_int_equal(parse("3103001250", &g, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (3103) requires AI (01), (02), (8006) or (8026)");
    /* 3800 is not an AI */
    assert_int_equal(parse("0109506000134352"
                           "3800001250",
                           &g, &e),
                     WMS_EINVAL);
    /* counts, amounts */
    assert_int_equal(parse("0209506000134352"
                           "3712" GS "00106141412345678908",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].kind, WMS_GS1_KIND_COUNT);
    assert_int_equal(g.el[1].decimal, 12);
    assert_int_equal(parse("0209506000134352"
                           "370",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0209506000134352"
                           "37123456789",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "3912978995",
                           &g, &e),
                     0);
    assert_int_equal(g.el[1].kind, WMS_GS1_KIND_AMOUNT);
    assert_int_equal(g.el[1].decimal, 995);
    assert_int_equal(g.el[1].decimals, 2);
}

static void test_associations(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(parse("0109506000134352"
                           "0209506000134352",
                           &g, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "AI (02) must not appear together with AI (01)");
    assert_int_equal(parse("0209506000134352", &g, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (02) requires AI (37)");
    assert_int_equal(parse("3712", &g, &e), WMS_EINVAL);
    assert_int_equal(parse("0109506000134352"
                           "3712",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("10ABC", &g, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (10) requires AI (01), (02), (8006) or (8026)");
    assert_int_equal(parse("17261231", &g, &e), WMS_EINVAL);
    assert_int_equal(parse("21X", &g, &e), WMS_EINVAL);
    assert_int_equal(parse("0209506000134352"
                           "3701" GS "21X",
                           &g, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "AI (21) requires AI (01) or (8006)");
    assert_int_equal(parse("0109506000134352"
                           "8006095060001343520102",
                           &g, &e),
                     WMS_EINVAL);
    assert_int_equal(parse("8020ABC", &g, &e), WMS_EINVAL);
    assert_int_equal(parse("4159506000134352"
                           "8020ABC",
                           &g, &e),
                     0);
    /* an SSCC alone, shipping data alone */
    assert_int_equal(parse("00106141412345678908", &g, &e), 0);
    assert_int_equal(parse("4109506000134352"
                           "420NL-1234" GS "400PO-1",
                           &g, &e),
                     0);
    /* repeated AI: same value kept once, different value refused */
    assert_int_equal(parse("0109506000134352"
                           "10A" GS "10A",
                           &g, &e),
                     0);
    assert_int_equal(g.count, 2);
    assert_int_equal(parse("0109506000134352"
                           "10A" GS "10B",
                           &g, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "AI (10) appears twice with different values");
    /* skip_associations: a single AI typed by a person */
    assert_int_equal(parse_loose("17261231", &g, &e), 0);
    assert_int_equal(parse_loose("0209506000134352", &g, &e), 0);
}

static void test_bracketed(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(br("(01)09506000134352(17)261231(10)ABC(21)S\\(1)", &g, &e), 0);
    assert_int_equal(g.count, 4);
    assert_string_equal(g.el[3].value, "S(1)");
    char buf[128];
    assert_int_equal(wms_gs1_format_bracketed(&g, buf, sizeof buf), 0);
    assert_string_equal(buf, "(01)09506000134352(17)261231(10)ABC(21)S\\(1)");
    assert_int_equal(wms_gs1_format_bracketed(&g, buf, 10), WMS_ETOOBIG);
    assert_int_equal(strlen(buf) < 10, 1);
    /* round trip through the raw form */
    wms_gs1 g2;
    assert_int_equal(parse("0109506000134352"
                           "17261231"
                           "10ABC" GS "21S(1)",
                           &g2, &e),
                     0);
    assert_int_equal(wms_gs1_format_bracketed(&g2, buf, sizeof buf), 0);
    assert_string_equal(buf, "(01)09506000134352(17)261231(10)ABC(21)S\\(1)");

    assert_int_equal(br("(01)0950600013435(17)261231", &g, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (01): value has 13 characters, must have 14");
    assert_int_equal(br("(01)09506000134353", &g, &e), WMS_ECHECKDIGIT);
    assert_int_equal(br("(01)09506000134352(17)261232", &g, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "AI (17): day 32 is not a day in month 12");
    assert_int_equal(br("(01)09506000134352(23)1", &g, &e), WMS_EINVAL);
    assert_int_equal(br("(01)09506000134352(", &g, &e), WMS_EINVAL);
    assert_int_equal(br("(01)09506000134352()", &g, &e), WMS_EINVAL);
    assert_int_equal(br("(1)0", &g, &e), WMS_EINVAL);
    assert_int_equal(br("(01234)0", &g, &e), WMS_EINVAL);
    assert_int_equal(br("01)x", &g, &e), WMS_EINVAL);
    assert_int_equal(br("(01)09506000134352(10)", &g, &e), WMS_EINVAL);
    char big[300];
    memcpy(big, "(01)09506000134352(91)", 22);
    memset(big + 22, 'A', 200);
    big[222] = '\0';
    assert_int_equal(br(big, &g, &e), WMS_EINVAL);
    assert_non_null(strstr(e.msg, "AI (91)"));
}

static void test_digital_link(void **state)
{
    (void)state;
    wms_gs1 g;
    wms_err e;
    assert_int_equal(
            dl("https://id.gs1.org/01/09506000134352/10/AB%2FC/21/12?17=261200&linkType=all"
               "#frag",
               &g, &e),
            0);
    assert_int_equal(g.count, 4);
    assert_string_equal(g.el[1].value, "AB/C");
    assert_string_equal(g.el[3].ai, "17");
    assert_int_equal(g.el[3].date.day, 31);
    /* a path prefix and the alphanumeric shorthand */
    assert_int_equal(dl("HTTP://example.com/shop/gtin/09506000134352/lot/X1", &g, &e), 0);
    assert_string_equal(g.el[0].ai, "01");
    assert_string_equal(g.el[1].value, "X1");
    assert_int_equal(dl("https://id.gs1.org/00/106141412345678908", &g, &e), 0);
    /* not a Digital Link */
    assert_int_equal(dl("https://example.com/products/123", &g, &e), WMS_ENOTFOUND);
    assert_int_equal(dl("https://example.com/", &g, &e), WMS_ENOTFOUND);
    assert_int_equal(dl("ftp://id.gs1.org/01/09506000134352", &g, &e), WMS_ENOTFOUND);
    assert_int_equal(dl("https://id.gs1.org/10/ABC", &g, &e), WMS_ENOTFOUND);
    /* a Digital Link that breaks a rule */
    assert_int_equal(dl("https://id.gs1.org/01/09506000134353", &g, &e), WMS_ECHECKDIGIT);
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352/21/1/10/A", &g, &e), WMS_EINVAL);
    assert_non_null(strstr(e.msg, "out of order"));
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352/17/261231", &g, &e), WMS_EINVAL);
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352/10/A%2", &g, &e), WMS_EINVAL);
    assert_non_null(strstr(e.msg, "percent-encoding"));
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352/10/A%zz", &g, &e), WMS_EINVAL);
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352/10/A%00", &g, &e), WMS_EINVAL);
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352/10/A%20B", &g, &e), WMS_EINVAL);
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352?17=261232", &g, &e), WMS_EINVAL);
    assert_int_equal(dl("https://id.gs1.org/01/09506000134352?17", &g, &e), WMS_EINVAL);
    assert_int_equal(dl("https://id.gs1.org/01/0950600013435%32", &g, &e), 0);
}

static void test_every_ai_found(void **state)
{
    (void)state;
    /* The lookup is a binary search over a sorted table: every AI must be
     * reachable, and neighbours that are not AIs must not be. */
    static const char *const ais[] = {
            "00",  "01",   "02",   "10",   "11",   "12",   "13",   "15",   "16",   "17",   "20",
            "21",  "22",   "240",  "241",  "250",  "251",  "30",   "37",   "400",  "401",  "402",
            "403", "410",  "411",  "412",  "413",  "414",  "415",  "416",  "417",  "420",  "421",
            "422", "7003", "8003", "8004", "8006", "8018", "8020", "8026", "90",   "91",   "92",
            "93",  "94",   "95",   "96",   "97",   "98",   "99",   "3900", "3919", "3925", "3939",
    };
    for (size_t i = 0; i < sizeof ais / sizeof ais[0]; i++) {
        assert_non_null(gs1_ai_find(ais[i], strlen(ais[i])));
    }
    static const char *const fam[] = {"310", "311", "312", "313", "314", "315", "316", "320", "321",
                                      "322", "323", "324", "325", "326", "327", "328", "329", "330",
                                      "331", "332", "333", "334", "335", "336", "337", "340", "341",
                                      "342", "343", "344", "345", "346", "347", "348", "349", "350",
                                      "351", "352", "353", "354", "355", "356", "357", "360", "361",
                                      "362", "363", "364", "365", "366", "367", "368", "369"};
    for (size_t i = 0; i < sizeof fam / sizeof fam[0]; i++) {
        for (char n = '0'; n <= '9'; n++) {
            char ai[5] = {fam[i][0], fam[i][1], fam[i][2], n, 0};
            const gs1_ai_def *d = gs1_ai_find(ai, 4);
            assert_non_null(d);
            assert_int_equal(d->ai_len, 4);
        }
    }
    static const char *const not_ais[] = {"03",  "04",  "14",   "18",   "19",   "23",  "338",
                                          "339", "358", "359",  "370",  "380",  "394", "404",
                                          "418", "423", "7002", "8005", "8021", "89",  "1",
                                          "",    "0",   "310",  "31",   "3100X"};
    for (size_t i = 0; i < sizeof not_ais / sizeof not_ais[0]; i++) {
        assert_null(gs1_ai_find(not_ais[i], strlen(not_ais[i])));
    }
    assert_null(gs1_ai_lookup("310X", 4));
    assert_null(gs1_ai_lookup("3", 1));
    assert_non_null(gs1_ai_lookup("3103001250", 10));
}

static void test_aim(void **state)
{
    (void)state;
    wms_aim a;
    size_t n;
    wms_err e;
    assert_int_equal(wms_aim_split(U("]C1010"), &a, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(a.id, "]C1");
    assert_true(a.gs1);
    assert_int_equal(a.sym, WMS_SYM_GS1_128);
    static const struct {
        const char *id;
        bool gs1;
        wms_symbology sym;
    } cases[] = {
            {"]e0", true, WMS_SYM_DATABAR},  {"]d2", true, WMS_SYM_GS1_DATAMATRIX},
            {"]Q3", true, WMS_SYM_GS1_QR},   {"]J1", true, WMS_SYM_UNKNOWN},
            {"]E0", false, WMS_SYM_EAN13},   {"]E4", false, WMS_SYM_EAN8},
            {"]C0", false, WMS_SYM_CODE128}, {"]A0", false, WMS_SYM_CODE39},
            {"]Q1", false, WMS_SYM_QR},      {"]d1", false, WMS_SYM_DATAMATRIX},
            {"]I1", false, WMS_SYM_ITF},     {"]L0", false, WMS_SYM_PDF417},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(wms_aim_split((const uint8_t *)cases[i].id, 3, &a, &n, &e), 0);
        assert_string_equal(a.id, cases[i].id);
        assert_int_equal(a.gs1, cases[i].gs1);
        assert_int_equal(a.sym, cases[i].sym);
        assert_true(a.sym == WMS_SYM_UNKNOWN || strcmp(wms_symbology_name(a.sym), "unknown") != 0);
    }
    assert_int_equal(wms_aim_split(U("0109506000134352"), &a, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_string_equal(a.id, "");
    assert_int_equal(wms_aim_split(U(""), &a, &n, &e), 0);
    assert_int_equal(wms_aim_split(U("]C"), &a, &n, &e), WMS_EINVAL);
    assert_int_equal(wms_aim_split(U("]"), &a, &n, &e), WMS_EINVAL);
    assert_int_equal(wms_aim_split(U("]C9"), &a, &n, &e), WMS_EINVAL);
    assert_int_equal(wms_aim_split(U("]X0"), &a, &n, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "unknown AIM symbology identifier ']X0'");
    assert_int_equal(wms_aim_split((const uint8_t *)"]C\0", 3, &a, &n, &e), WMS_EINVAL);
    assert_string_equal(wms_symbology_name(WMS_SYM_COUNT_), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_raw_basic),
            cmocka_unit_test(test_raw_truncated_and_separators),
            cmocka_unit_test(test_raw_check_digits),
            cmocka_unit_test(test_raw_charset),
            cmocka_unit_test(test_dates),
            cmocka_unit_test(test_measures),
            cmocka_unit_test(test_associations),
            cmocka_unit_test(test_bracketed),
            cmocka_unit_test(test_digital_link),
            cmocka_unit_test(test_every_ai_found),
            cmocka_unit_test(test_aim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
