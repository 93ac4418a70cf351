/*
 * interim_core.c -- INTERIM stand-ins for core's scan classification, used
 * only while core does not define them yet (the barcode helper is writing
 * them).  CMake compiles each block only when no core source file defines the
 * function, so core's real implementation takes over as soon as it lands and
 * this file then compiles to nothing.  Deliberately small: GTIN-8/12/13/14
 * with check digit, internal labels (L: B: D: P:), and GS1 element strings
 * with the AIs the kiosk reads (00 01 02 10 17 21 30 37).
 */
#include "wms/core.h"

#include <stdio.h>
#include <string.h>

#ifdef WMS_INTERIM_SCAN_KIND_NAME
const char *wms_scan_kind_name(wms_scan_kind k)
{
    static const char *const n[] = {"unknown", "gtin",     "gs1",    "location",
                                    "badge",   "document", "pallet", "text"};
    return (int)k >= 0 && k < WMS_SCAN_KIND_COUNT_ ? n[k] : "unknown";
}
#endif

#ifdef WMS_INTERIM_GS1_FIND
const wms_gs1_element *wms_gs1_find(const wms_gs1 *g, const char *ai)
{
    for (size_t i = 0; i < g->count; i++) {
        if (strcmp(g->el[i].ai, ai) == 0) {
            return &g->el[i];
        }
    }
    return NULL;
}
#endif

#ifdef WMS_INTERIM_SCAN_CLASSIFY
static bool digits_only(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return false;
        }
    }
    return n > 0;
}

static bool check_digit_ok(const char *p, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        int d = p[n - 2 - i] - '0';
        sum += (i % 2 == 0) ? 3 * d : d;
    }
    return (10 - sum % 10) % 10 == p[n - 1] - '0';
}

static int ai_len(const char *ai, size_t *fixed)
{
    static const struct {
        const char *ai;
        size_t len; /* 0 = variable */
    } t[] = {{"00", 18}, {"01", 14}, {"02", 14}, {"10", 0},
             {"17", 6},  {"21", 0},  {"30", 0},  {"37", 0}};
    for (size_t i = 0; i < WMS_ARRAY_LEN(t); i++) {
        if (strncmp(ai, t[i].ai, 2) == 0) {
            *fixed = t[i].len;
            return 0;
        }
    }
    return -1;
}

static int parse_gs1(const char *p, size_t n, wms_scan_class *out, wms_err *err)
{
    size_t i = 0;
    out->kind = WMS_SCAN_GS1;
    while (i < n) {
        if (p[i] == 0x1D) {
            i++;
            continue;
        }
        if (out->gs1.count >= WMS_GS1_MAX_ELEMENTS || i + 2 > n) {
            return wms_err_set(err, WMS_EINVAL, "GS1: truncated element string");
        }
        size_t fixed = 0;
        if (ai_len(p + i, &fixed) != 0) {
            return wms_err_set(err, WMS_EINVAL, "GS1: AI (%.2s) is not supported here", p + i);
        }
        wms_gs1_element *e = &out->gs1.el[out->gs1.count++];
        memcpy(e->ai, p + i, 2);
        e->ai[2] = '\0';
        i += 2;
        size_t l = 0;
        if (fixed) {
            l = fixed;
            if (i + l > n) {
                return wms_err_set(err, WMS_EINVAL, "AI (%s): too short", e->ai);
            }
        } else {
            while (i + l < n && p[i + l] != 0x1D && l < 20) {
                l++;
            }
        }
        if (l == 0 || l > WMS_GS1_VALUE_MAX) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s): empty value", e->ai);
        }
        memcpy(e->value, p + i, l);
        e->value[l] = '\0';
        i += l;
        if (fixed == 14 || fixed == 18) {
            if (!digits_only(e->value, l) || !check_digit_ok(e->value, l)) {
                return wms_err_set(err, WMS_ECHECKDIGIT, "AI (%s): wrong check digit", e->ai);
            }
        }
        if (strcmp(e->ai, "01") == 0 || strcmp(e->ai, "02") == 0) {
            memcpy(out->gtin, e->value, WMS_GTIN14_LEN + 1);
        } else if (strcmp(e->ai, "00") == 0) {
            out->kind = WMS_SCAN_PALLET;
        } else if (strcmp(e->ai, "17") == 0) {
            if (!digits_only(e->value, 6)) {
                return wms_err_set(err, WMS_EINVAL, "AI (17): not a date");
            }
            int y = 2000 + (e->value[0] - '0') * 10 + (e->value[1] - '0');
            int m = (e->value[2] - '0') * 10 + (e->value[3] - '0');
            int d = (e->value[4] - '0') * 10 + (e->value[5] - '0');
            if (d == 0 && m >= 1 && m <= 12) {
                d = wms_days_in_month(y, m);
            }
            if (!wms_date_valid(y, m, d)) {
                return wms_err_set(err, WMS_EINVAL, "AI (17): %s is not a date", e->value);
            }
            e->kind = WMS_GS1_KIND_DATE;
            e->date.year = (int16_t)y;
            e->date.month = (int8_t)m;
            e->date.day = (int8_t)d;
        } else if (strcmp(e->ai, "30") == 0 || strcmp(e->ai, "37") == 0) {
            if (!digits_only(e->value, l) || l > 8) {
                return wms_err_set(err, WMS_EINVAL, "AI (%s): not a count", e->ai);
            }
            e->kind = WMS_GS1_KIND_COUNT;
            e->decimal = 0;
            for (size_t k = 0; k < l; k++) {
                e->decimal = e->decimal * 10 + (e->value[k] - '0');
            }
        }
    }
    return 0;
}

int wms_scan_classify(const uint8_t *data, size_t len, const wms_gs1_opts *opts,
                      wms_scan_class *out, wms_err *err)
{
    (void)opts;
    memset(out, 0, sizeof(*out));
    if (len == 0 || len > WMS_SCAN_DATA_MAX) {
        return wms_err_set(err, WMS_EINVAL, "empty or too long scan");
    }
    const char *p = (const char *)data;
    size_t n = len;
    bool gs1 = false;
    if (n >= 3 && p[0] == ']') {
        memcpy(out->aim.id, p, 3);
        out->aim.id[3] = '\0';
        gs1 = strcmp(out->aim.id, "]C1") == 0 || strcmp(out->aim.id, "]e0") == 0 ||
              strcmp(out->aim.id, "]d2") == 0 || strcmp(out->aim.id, "]Q3") == 0;
        out->aim.gs1 = gs1;
        p += 3;
        n -= 3;
    }
    if (gs1) {
        return parse_gs1(p, n, out, err);
    }
    if (digits_only(p, n) && (n == 8 || n == 12 || n == 13 || n == 14)) {
        if (!check_digit_ok(p, n)) {
            return wms_err_set(err, WMS_ECHECKDIGIT, "GTIN %.*s: wrong check digit", (int)n, p);
        }
        out->kind = WMS_SCAN_GTIN;
        memset(out->gtin, '0', WMS_GTIN14_LEN - n);
        memcpy(out->gtin + WMS_GTIN14_LEN - n, p, n);
        out->gtin[WMS_GTIN14_LEN] = '\0';
        return 0;
    }
    if (n > 2 && p[1] == ':' && strchr("LBDP", p[0]) && n - 2 <= WMS_LABEL_CODE_MAX) {
        out->kind = p[0] == 'L'   ? WMS_SCAN_LOCATION
                    : p[0] == 'B' ? WMS_SCAN_BADGE
                    : p[0] == 'D' ? WMS_SCAN_DOCUMENT
                                  : WMS_SCAN_PALLET;
        for (size_t i = 2; i < n; i++) {
            char c = p[i];
            if (c >= 'a' && c <= 'z') {
                c = (char)(c - 'a' + 'A');
            }
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return wms_err_set(err, WMS_EINVAL, "label %.2s: bad character", p);
            }
            out->code[i - 2] = c;
        }
        return 0;
    }
    if (wms_text_validate(p, n, WMS_SCAN_DATA_MAX, 0, err) != 0) {
        return WMS_EINVAL;
    }
    out->kind = WMS_SCAN_TEXT;
    memcpy(out->text, p, n);
    out->text[n] = '\0';
    out->text_len = n;
    return 0;
}
#endif
