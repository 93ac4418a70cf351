/*
 * dedup.c -- duplicate suppression: the same bytes from the same source
 * within a window are delivered once.
 */
#include "wms/scan.h"

#include <stdio.h>
#include <string.h>

void wms_dedup_init(wms_dedup *d, uint32_t window_ms)
{
    memset(d, 0, sizeof *d);
    d->window_ns = (int64_t)window_ms * 1000000;
}

static uint64_t fnv1a(const uint8_t *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

bool wms_dedup_accept(wms_dedup *d, const wms_scan_event *ev)
{
    if (d->window_ns <= 0) {
        return true;
    }
    uint64_t h = fnv1a(ev->data, ev->len, 14695981039346656037ULL);
    h = fnv1a((const uint8_t *)ev->source, strnlen(ev->source, sizeof ev->source), h);
    size_t oldest = 0;
    for (size_t i = 0; i < WMS_DEDUP_SLOTS; i++) {
        if (d->slot[i].last_ns != 0 && d->slot[i].hash == h && d->slot[i].len == ev->len &&
            strncmp(d->slot[i].source, ev->source, sizeof ev->source) == 0) {
            int64_t age = ev->mono_ns - d->slot[i].last_ns;
            d->slot[i].last_ns = ev->mono_ns;
            if (age >= 0 && age < d->window_ns) {
                d->suppressed++;
                return false;
            }
            return true;
        }
        if (d->slot[i].last_ns < d->slot[oldest].last_ns) {
            oldest = i;
        }
    }
    d->slot[oldest].hash = h;
    d->slot[oldest].len = ev->len;
    d->slot[oldest].last_ns = ev->mono_ns != 0 ? ev->mono_ns : 1;
    snprintf(d->slot[oldest].source, sizeof d->slot[oldest].source, "%s", ev->source);
    return true;
}
