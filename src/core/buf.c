/*
 * buf.c -- bounded dynamic buffer and bounded string copy.
 */
#include "wms/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wms_buf_init(wms_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void wms_buf_release(wms_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void wms_buf_reset(wms_buf *b)
{
    b->len = 0;
    if (b->data) {
        b->data[0] = '\0';
    }
}

/* Make room for `extra` more bytes plus the NUL terminator. */
static int buf_reserve(wms_buf *b, size_t extra)
{
    if (extra > b->max || b->len + 1 > b->max - extra) {
        return WMS_ETOOBIG;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) {
        return 0;
    }
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need) {
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    }
    if (ncap > b->max) {
        ncap = b->max;
    }
    char *p = realloc(b->data, ncap);
    if (!p) {
        return WMS_ENOMEM;
    }
    b->data = p;
    b->cap = ncap;
    return 0;
}

int wms_buf_add(wms_buf *b, const void *mem, size_t len)
{
    int rc = buf_reserve(b, len);
    if (rc) {
        return rc;
    }
    if (len) {
        memcpy(b->data + b->len, mem, len);
    }
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int wms_buf_addstr(wms_buf *b, const char *s)
{
    return wms_buf_add(b, s, strlen(s));
}

int wms_buf_vaddf(wms_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        return WMS_EINVAL;
    }
    if ((size_t)n < sizeof small) {
        return wms_buf_add(b, small, (size_t)n);
    }
    int rc = buf_reserve(b, (size_t)n);
    if (rc) {
        return rc;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int wms_buf_addf(wms_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = wms_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *wms_buf_str(const wms_buf *b)
{
    return b->data ? b->data : "";
}

char *wms_buf_take(wms_buf *b, size_t *len)
{
    char *p = b->data;
    if (len) {
        *len = b->len;
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

int wms_strlcpy(char *dst, const char *src, size_t cap)
{
    if (cap == 0) {
        return WMS_ETOOBIG;
    }
    size_t n = strlen(src);
    if (n >= cap) {
        memcpy(dst, src, cap - 1);
        dst[cap - 1] = '\0';
        return WMS_ETOOBIG;
    }
    memcpy(dst, src, n + 1);
    return 0;
}
