/*
 * page.c -- page/page_size validation and opaque keyset cursors.
 */
#include "wms/core.h"

#include <stdio.h>
#include <string.h>

static int page_param(const char *name, const char *s, int64_t def, int64_t min, int64_t max,
                      int64_t *out, wms_err *err)
{
    if (!s) {
        *out = def;
        return 0;
    }
    size_t len = strlen(s);
    if (len == 0) {
        return wms_err_set(err, WMS_EINVAL, "%s is empty", name);
    }
    if (len > 19) {
        return wms_err_set(err, WMS_ERANGE, "%s must be between %lld and %lld", name,
                           (long long)min, (long long)max);
    }
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return wms_err_set(err, WMS_EINVAL, "%s must be a whole number", name);
        }
        if (v > (INT64_MAX - (s[i] - '0')) / 10) {
            return wms_err_set(err, WMS_ERANGE, "%s must be between %lld and %lld", name,
                               (long long)min, (long long)max);
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v < min || v > max) {
        return wms_err_set(err, WMS_ERANGE, "%s must be between %lld and %lld", name,
                           (long long)min, (long long)max);
    }
    *out = v;
    return 0;
}

int wms_page_parse(const char *page, const char *page_size, wms_page *out, wms_err *err)
{
    wms_page p;
    int rc = page_param("page", page, 1, 1, WMS_PAGE_MAX, &p.page, err);
    if (rc) {
        return rc;
    }
    rc = page_param("page_size", page_size, WMS_PAGE_SIZE_DEFAULT, 1, WMS_PAGE_SIZE_MAX,
                    &p.page_size, err);
    if (rc) {
        return rc;
    }
    *out = p;
    return 0;
}

int wms_page_check(const wms_page *p, wms_err *err)
{
    if (p->page < 1 || p->page > WMS_PAGE_MAX) {
        return wms_err_set(err, WMS_ERANGE, "page must be between 1 and %lld",
                           (long long)WMS_PAGE_MAX);
    }
    if (p->page_size < 1 || p->page_size > WMS_PAGE_SIZE_MAX) {
        return wms_err_set(err, WMS_ERANGE, "page_size must be between 1 and %d",
                           WMS_PAGE_SIZE_MAX);
    }
    return 0;
}

int wms_page_offset(const wms_page *p, int64_t *offset)
{
    if (wms_page_check(p, NULL)) {
        return WMS_ERANGE;
    }
    int64_t r;
    if (__builtin_mul_overflow(p->page - 1, p->page_size, &r)) {
        return WMS_ERANGE;
    }
    *offset = r;
    return 0;
}

int64_t wms_page_count(int64_t total, int64_t page_size)
{
    if (total <= 0 || page_size <= 0) {
        return 0;
    }
    return total / page_size + (total % page_size != 0);
}

/*
 * Cursor string: "c1" + 16 hex digits of seq + 16 of id + 8 of a check
 * (FNV-1a over the 32 digits).  The check catches truncation and edits; the
 * cursor is not a secret, so no MAC is needed.
 */
#define CURSOR_LEN 42

static uint32_t cursor_check(const char *hex32)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < 32; i++) {
        h ^= (unsigned char)hex32[i];
        h *= 16777619u;
    }
    return h;
}

int wms_cursor_encode(const wms_cursor *c, char *buf, size_t cap)
{
    if (c->seq < 0 || c->id < 0) {
        return WMS_ERANGE;
    }
    if (cap < CURSOR_LEN + 1) {
        return WMS_ETOOBIG;
    }
    char hex[33];
    snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)c->seq,
             (unsigned long long)c->id);
    snprintf(buf, cap, "c1%s%08lx", hex, (unsigned long)cursor_check(hex));
    return 0;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
        return ch - 'a' + 10;
    }
    return -1;
}

static uint64_t hex_u64(const char *s, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        v = (v << 4) | (uint64_t)hexval(s[i]);
    }
    return v;
}

int wms_cursor_decode(const char *s, size_t len, wms_cursor *out, wms_err *err)
{
    if (!s || len != CURSOR_LEN || s[0] != 'c' || s[1] != '1') {
        return wms_err_set(err, WMS_EINVAL, "not a valid cursor");
    }
    for (size_t i = 2; i < len; i++) {
        if (hexval(s[i]) < 0) {
            return wms_err_set(err, WMS_EINVAL, "not a valid cursor");
        }
    }
    if ((uint32_t)hex_u64(s + 34, 8) != cursor_check(s + 2)) {
        return wms_err_set(err, WMS_EINVAL, "cursor is damaged (check failed)");
    }
    uint64_t seq = hex_u64(s + 2, 16);
    uint64_t id = hex_u64(s + 18, 16);
    if (seq > (uint64_t)INT64_MAX || id > (uint64_t)INT64_MAX) {
        return wms_err_set(err, WMS_EINVAL, "cursor out of range");
    }
    out->seq = (int64_t)seq;
    out->id = (int64_t)id;
    return 0;
}
