/*
 * scan.c -- classify a scan: GS1, GTIN, SSCC, internal labels, text.
 */
#include "wms/core.h"

#include <string.h>
#include <strings.h>

const char *wms_scan_kind_name(wms_scan_kind k)
{
    static const char *const names[WMS_SCAN_KIND_COUNT_] = {
            [WMS_SCAN_UNKNOWN] = "unknown", [WMS_SCAN_GTIN] = "gtin",
            [WMS_SCAN_GS1] = "gs1",         [WMS_SCAN_LOCATION] = "location",
            [WMS_SCAN_BADGE] = "badge",     [WMS_SCAN_DOCUMENT] = "document",
            [WMS_SCAN_PALLET] = "pallet",   [WMS_SCAN_TEXT] = "text",
    };
    if ((int)k < 0 || k >= WMS_SCAN_KIND_COUNT_) {
        return "unknown";
    }
    return names[k];
}

static bool all_digits(const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

static int from_gs1(wms_scan_class *out, wms_err *err)
{
    const wms_gs1_element *k = wms_gs1_find(&out->gs1, "01");
    if (!k) {
        k = wms_gs1_find(&out->gs1, "02");
    }
    if (k) {
        memcpy(out->gtin, k->value, WMS_GTIN14_LEN + 1);
    }
    const wms_gs1_element *sscc = wms_gs1_find(&out->gs1, "00");
    if (sscc) {
        out->kind = WMS_SCAN_PALLET;
        return wms_strlcpy(out->code, sscc->value, sizeof out->code) < 0
                       ? wms_err_set(err, WMS_ETOOBIG, "SSCC too long")
                       : 0;
    }
    out->kind = WMS_SCAN_GS1;
    return 0;
}

static int label(wms_scan_class *out, wms_scan_kind kind, const char *what, const uint8_t *s,
                 size_t len, size_t max, wms_err *err)
{
    if (len == 0) {
        return wms_err_set(err, WMS_EINVAL, "%s label: code is empty", what);
    }
    if (len > max) {
        return wms_err_set(err, WMS_EINVAL, "%s label: code longer than %zu characters", what, max);
    }
    for (size_t i = 0; i < len; i++) {
        uint8_t c = s[i];
        if (c >= 'a' && c <= 'z') {
            c = (uint8_t)(c - 'a' + 'A');
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
            if (c >= 0x20 && c < 0x7f) {
                return wms_err_set(err, WMS_EINVAL,
                                   "%s label: character '%c' is not allowed (A-Z 0-9 -)", what,
                                   (char)c);
            }
            return wms_err_set(err, WMS_EINVAL, "%s label: byte 0x%02X is not allowed (A-Z 0-9 -)",
                               what, (unsigned)c);
        }
        out->code[i] = (char)c;
    }
    out->code[len] = '\0';
    out->kind = kind;
    return 0;
}

static int classify_digits(const uint8_t *d, size_t len, wms_scan_class *out, wms_err *err)
{
    const char *s = (const char *)d;
    wms_symbology sym = out->aim.sym;
    int rc;
    if (out->aim.id[0] == ']' && out->aim.id[1] == 'E') {
        /* EAN/UPC: ]E0 EAN-13, UPC-A (12/13) or UPC-E (8); ]E4 EAN-8; ]E3 with add-on */
        if (out->aim.id[2] == '3' && (len == 15 || len == 18)) {
            len = 13;
        }
        if (sym == WMS_SYM_EAN8 ? len != 8 : (len != 8 && len != 12 && len != 13)) {
            return wms_err_set(err, WMS_EINVAL, "%s data must be %s digits, got %zu", out->aim.id,
                               sym == WMS_SYM_EAN8 ? "8" : "8 (UPC-E), 12 or 13", len);
        }
        if (sym != WMS_SYM_EAN8 && len == 8) {
            char upca[13];
            rc = wms_upce_expand(s, 8, upca, err);
            if (rc < 0) {
                return rc;
            }
            out->kind = WMS_SCAN_GTIN;
            return wms_gtin_normalize(upca, 12, out->gtin, err);
        }
    }
    switch (len) {
    case 8:
    case 12:
    case 13:
    case 14:
        rc = wms_gtin_normalize(s, len, out->gtin, err);
        if (rc < 0) {
            return wms_err_prefix(err, "GTIN-%zu", len);
        }
        out->kind = WMS_SCAN_GTIN;
        return 0;
    case 18:
        rc = wms_gtin_check(s, len, err);
        if (rc < 0) {
            return wms_err_prefix(err, "SSCC");
        }
        memcpy(out->code, s, 18);
        out->code[18] = '\0';
        out->kind = WMS_SCAN_PALLET;
        out->gs1.count = 1;
        memset(&out->gs1.el[0], 0, sizeof out->gs1.el[0]);
        memcpy(out->gs1.el[0].ai, "00", 3);
        memcpy(out->gs1.el[0].value, s, 18);
        out->gs1.el[0].kind = WMS_GS1_KIND_KEY;
        return 0;
    default:
        return 1; /* no claim: plain text */
    }
}

int wms_scan_classify(const uint8_t *data, size_t len, const wms_gs1_opts *opts,
                      wms_scan_class *out, wms_err *err)
{
    if (!data || !out) {
        return wms_err_set(err, WMS_EINVAL, "no data");
    }
    if (len == 0) {
        return wms_err_set(err, WMS_EINVAL, "empty scan");
    }
    if (len > WMS_SCAN_DATA_MAX) {
        return wms_err_set(err, WMS_ETOOBIG, "scan longer than %d bytes", WMS_SCAN_DATA_MAX);
    }
    memset(out, 0, offsetof(wms_scan_class, gs1));
    out->gs1.count = 0;
    out->text[0] = '\0';
    out->text_len = 0;
    size_t skip = 0;
    int rc = wms_aim_split(data, len, &out->aim, &skip, err);
    if (rc < 0) {
        return rc;
    }
    const uint8_t *d = data + skip;
    size_t n = len - skip;
    if (n == 0) {
        return wms_err_set(err, WMS_EINVAL, "%s with no data", out->aim.id);
    }
    if (out->aim.gs1) {
        rc = wms_gs1_parse(d, n, opts, &out->gs1, err);
        return rc < 0 ? rc : from_gs1(out, err);
    }
    if (d[0] == WMS_GS1_GS || (skip == 0 && memchr(d, WMS_GS1_GS, n) && all_digits(d, 2))) {
        rc = wms_gs1_parse(d, n, opts, &out->gs1, err);
        return rc < 0 ? rc : from_gs1(out, err);
    }
    if (n >= 4 && d[0] == '(' && d[1] >= '0' && d[1] <= '9') {
        size_t i = 1;
        while (i < n && i < 6 && d[i] >= '0' && d[i] <= '9') {
            i++;
        }
        if (i < n && d[i] == ')') {
            rc = wms_gs1_parse_bracketed((const char *)d, n, opts, &out->gs1, err);
            return rc < 0 ? rc : from_gs1(out, err);
        }
    }
    if ((n >= 7 && strncasecmp((const char *)d, "http://", 7) == 0) ||
        (n >= 8 && strncasecmp((const char *)d, "https://", 8) == 0)) {
        wms_err sub;
        wms_err_clear(&sub);
        rc = wms_gs1_parse_digital_link((const char *)d, n, opts, &out->gs1, &sub);
        if (rc == 0) {
            return from_gs1(out, err);
        }
        if (rc != WMS_ENOTFOUND) {
            return wms_err_set(err, rc, "%s", sub.msg);
        }
        /* an ordinary URL: text */
    } else if (all_digits(d, n)) {
        rc = classify_digits(d, n, out, err);
        if (rc <= 0) {
            return rc;
        }
    } else if (n >= 2 && d[1] == ':') {
        switch (d[0]) {
        case 'L':
            return label(out, WMS_SCAN_LOCATION, "location", d + 2, n - 2, 32, err);
        case 'B':
            return label(out, WMS_SCAN_BADGE, "badge", d + 2, n - 2, 32, err);
        case 'D':
            return label(out, WMS_SCAN_DOCUMENT, "document", d + 2, n - 2, WMS_LABEL_CODE_MAX, err);
        case 'P':
            return label(out, WMS_SCAN_PALLET, "pallet", d + 2, n - 2, 32, err);
        default:
            break;
        }
    }
    rc = wms_text_validate((const char *)d, n, WMS_SCAN_DATA_MAX, 0, err);
    if (rc < 0) {
        return rc;
    }
    memcpy(out->text, d, n);
    out->text[n] = '\0';
    out->text_len = n;
    out->kind = WMS_SCAN_TEXT;
    return 0;
}
