/*
 * fuzz_barcode.c -- scans from outside: AIM split, GS1 element strings (raw,
 * bracketed, Digital Link) and classification.  No crash, no undefined
 * behaviour, and invariants hold: every accepted GS1 string formats to the
 * bracketed form and parses back to the same elements; GTINs are 14 valid
 * digits; labels keep their charset.
 */
#include "wms/core.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_roundtrip(const wms_gs1 *g, const wms_gs1_opts *o)
{
    char buf[WMS_GS1_MAX_ELEMENTS * (WMS_GS1_VALUE_MAX * 2 + 8)];
    if (wms_gs1_format_bracketed(g, buf, sizeof buf) != 0) {
        abort();
    }
    static wms_gs1 back;
    if (wms_gs1_parse_bracketed(buf, strlen(buf), o, &back, NULL) != 0 || back.count != g->count) {
        abort();
    }
    for (size_t i = 0; i < g->count; i++) {
        if (strcmp(back.el[i].ai, g->el[i].ai) != 0 ||
            strcmp(back.el[i].value, g->el[i].value) != 0 ||
            strlen(g->el[i].value) > WMS_GS1_VALUE_MAX) {
            abort();
        }
        if (g->el[i].kind == WMS_GS1_KIND_DATE &&
            !wms_date_valid(g->el[i].date.year, g->el[i].date.month, g->el[i].date.day)) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const wms_gs1_opts strict = {.ref_year = 2026};
    static const wms_gs1_opts loose = {.ref_year = 2026, .skip_associations = true};
    static wms_gs1 g;
    static wms_scan_class c;
    wms_err err;

    wms_aim aim;
    size_t used = 9;
    if (wms_aim_split(data, size, &aim, &used, &err) == 0 && used != 0 && used != 3) {
        abort();
    }

    for (int k = 0; k < 2; k++) {
        const wms_gs1_opts *o = k ? &loose : &strict;
        if (wms_gs1_parse(data, size, o, &g, &err) == 0) {
            check_roundtrip(&g, o);
        }
        if (wms_gs1_parse_bracketed((const char *)data, size, o, &g, &err) == 0) {
            check_roundtrip(&g, o);
        }
        int rc = wms_gs1_parse_digital_link((const char *)data, size, o, &g, &err);
        if (rc == 0) {
            check_roundtrip(&g, o);
        }
    }

    if (wms_scan_classify(data, size, &strict, &c, &err) == 0) {
        if (c.gtin[0] && (strlen(c.gtin) != WMS_GTIN14_LEN ||
                          wms_gtin_check(c.gtin, WMS_GTIN14_LEN, NULL) != 0)) {
            abort();
        }
        if (c.kind == WMS_SCAN_LOCATION || c.kind == WMS_SCAN_BADGE) {
            size_t n = strlen(c.code);
            if (n == 0 || n > 32 || strspn(c.code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != n) {
                abort();
            }
        }
        if (c.kind == WMS_SCAN_TEXT && (c.text_len != strlen(c.text) || c.text_len > size)) {
            abort();
        }
        if (c.kind == WMS_SCAN_GS1) {
            check_roundtrip(&c.gs1, &strict);
        }
    } else if (err.msg[0] == '\0') {
        abort(); /* every refusal says why */
    }

    /* check digits and UPC-E on the raw bytes */
    (void)wms_gs1_check_digit((const char *)data, size);
    char out[WMS_GTIN14_LEN + 1];
    if (wms_gtin_normalize((const char *)data, size, out, NULL) == 0 && strlen(out) != 14) {
        abort();
    }
    char upca[13];
    if (wms_upce_expand((const char *)data, size, upca, NULL) == 0 &&
        wms_gtin_check(upca, 12, NULL) != 0) {
        abort();
    }
    return 0;
}
