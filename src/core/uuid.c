/*
 * uuid.c -- UUIDv7 (RFC 9562): 48-bit Unix ms, version 7, 12-bit counter
 * (method 1: "fixed bit-length dedicated counter"), variant, 62 random bits.
 */
#include "wms/core.h"

#include <string.h>

void wms_uuid_gen_init(wms_uuid_gen *g, const wms_clock *clock, const wms_rng *rng)
{
    g->clock = clock ? clock : wms_clock_system();
    g->rng = rng ? rng : wms_rng_system();
    g->last_ms = 0;
    g->counter = 0;
}

int wms_uuid7_next(wms_uuid_gen *g, wms_uuid *out)
{
    uint8_t rnd[10];
    int rc = g->rng->fill(g->rng->data, rnd, sizeof rnd);
    if (rc) {
        return rc;
    }
    int64_t ms = wms_clock_now_ms(g->clock);
    if (ms < 0) {
        ms = 0;
    }
    if (ms > g->last_ms) {
        g->last_ms = ms;
        /* start the counter in its lower half so that many ids fit per ms */
        g->counter = (uint16_t)(((rnd[0] << 8) | rnd[1]) & 0x07FF);
    } else {
        /* same ms, or the clock stepped back: keep the last timestamp */
        g->counter++;
        if (g->counter > 0x0FFF) {
            g->last_ms++; /* counter exhausted: borrow the next ms */
            g->counter = 0;
        }
    }
    uint64_t t = (uint64_t)g->last_ms & 0xFFFFFFFFFFFFull;
    for (int i = 0; i < 6; i++) {
        out->b[i] = (uint8_t)(t >> (40 - 8 * i));
    }
    out->b[6] = (uint8_t)(0x70 | ((g->counter >> 8) & 0x0F));
    out->b[7] = (uint8_t)(g->counter & 0xFF);
    out->b[8] = (uint8_t)(0x80 | (rnd[2] & 0x3F));
    memcpy(&out->b[9], &rnd[3], 7);
    return 0;
}

void wms_uuid_format(const wms_uuid *u, char buf[WMS_UUID_STRING_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            buf[o++] = '-';
        }
        buf[o++] = hex[u->b[i] >> 4];
        buf[o++] = hex[u->b[i] & 0x0F];
    }
    buf[o] = '\0';
}

static int hexdigit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int wms_uuid_parse(const char *s, size_t len, wms_uuid *out, wms_err *err)
{
    if (!s || len != WMS_UUID_STRING_LEN) {
        return wms_err_set(err, WMS_EINVAL, "a UUID has 36 characters");
    }
    wms_uuid u;
    size_t bi = 0;
    for (size_t i = 0; i < len;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') {
                return wms_err_set(err, WMS_EINVAL, "UUID: '-' expected at %zu", i);
            }
            i++;
            continue;
        }
        int hi = hexdigit(s[i]);
        int lo = hexdigit(s[i + 1]);
        if (hi < 0 || lo < 0) {
            return wms_err_set(err, WMS_EINVAL, "UUID: hex digit expected at %zu", i);
        }
        u.b[bi++] = (uint8_t)((hi << 4) | lo);
        i += 2;
    }
    *out = u;
    return 0;
}

int wms_uuid_version(const wms_uuid *u)
{
    return u->b[6] >> 4;
}

int64_t wms_uuid7_time_ms(const wms_uuid *u)
{
    uint64_t t = 0;
    for (int i = 0; i < 6; i++) {
        t = (t << 8) | u->b[i];
    }
    return (int64_t)t;
}

int wms_uuid_compare(const wms_uuid *a, const wms_uuid *b)
{
    return memcmp(a->b, b->b, sizeof a->b);
}
