/*
 * validate.c -- ids and text from outside.
 */
#include "wms/core.h"

int wms_id_parse(const char *s, size_t len, int64_t *out, wms_err *err)
{
    if (!s || len == 0) {
        return wms_err_set(err, WMS_EINVAL, "id is empty");
    }
    if (len > 19) {
        /* INT64_MAX has 19 digits: anything longer is too big or not a number */
        for (size_t i = 0; i < len; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return wms_err_set(err, WMS_EINVAL, "id must be decimal digits only");
            }
        }
        if (s[0] == '0') {
            return wms_err_set(err, WMS_EINVAL, "id must not have leading zeros");
        }
        return wms_err_set(err, WMS_ERANGE, "id is larger than %lld", (long long)INT64_MAX);
    }
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return wms_err_set(err, WMS_EINVAL, "id must be decimal digits only");
        }
        v = v * 10u + (uint64_t)(s[i] - '0');
    }
    if (len > 1 && s[0] == '0') {
        return wms_err_set(err, WMS_EINVAL, "id must not have leading zeros");
    }
    if (v == 0) {
        return wms_err_set(err, WMS_ERANGE, "id must be 1 or more");
    }
    if (v > (uint64_t)INT64_MAX) {
        return wms_err_set(err, WMS_ERANGE, "id is larger than %lld", (long long)INT64_MAX);
    }
    *out = (int64_t)v;
    return 0;
}

/* Decode one UTF-8 sequence at s[*i]; returns the code point or -1. */
static int32_t utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char c = s[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    size_t n;
    int32_t cp;
    int32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return -1;
    }
    if (len - *i - 1 < n) {
        return -1;
    }
    for (size_t k = 1; k <= n; k++) {
        unsigned char cc = s[*i + k];
        if ((cc & 0xC0) != 0x80) {
            return -1;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return -1;
    }
    *i += n + 1;
    return cp;
}

int wms_text_validate(const char *s, size_t len, size_t max_chars, unsigned flags, wms_err *err)
{
    if (len == 0) {
        if (flags & WMS_TEXT_ALLOW_EMPTY) {
            return 0;
        }
        return wms_err_set(err, WMS_EINVAL, "must not be empty");
    }
    if (!s) {
        return wms_err_set(err, WMS_EINVAL, "missing text");
    }
    const unsigned char *u = (const unsigned char *)s;
    size_t chars = 0;
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        int32_t cp = utf8_next(u, len, &i);
        if (cp < 0) {
            return wms_err_set(err, WMS_EINVAL, "invalid UTF-8 at byte %zu", at);
        }
        bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
        if (control) {
            bool ok = (cp == '\n' && (flags & WMS_TEXT_ALLOW_NEWLINE)) ||
                      (cp == WMS_GS1_GS && (flags & WMS_TEXT_ALLOW_GS));
            if (!ok) {
                return wms_err_set(err, WMS_EINVAL, "control character 0x%02X at byte %zu",
                                   (unsigned)cp, at);
            }
        }
        if (++chars > max_chars) {
            return wms_err_set(err, WMS_ETOOBIG, "longer than %zu characters", max_chars);
        }
    }
    return 0;
}
