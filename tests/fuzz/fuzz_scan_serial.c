/*
 * fuzz_scan_serial.c -- the serial framer on arbitrary bytes, split into
 * chunks with input-chosen times, every framing: no crash, every scan
 * bounded; CR/LF/CRLF frames never contain their own terminator.
 */
#include "wms/scan.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct ctx {
    wms_serial_framing framing;
    size_t n;
} ctx;

static void on_scan(void *p, const wms_scan_event *ev)
{
    ctx *c = p;
    if (ev->len == 0 || ev->len > WMS_SCAN_DATA_MAX || ev->data[ev->len] != 0) {
        abort();
    }
    if ((c->framing == WMS_SERIAL_CR && memchr(ev->data, '\r', ev->len)) ||
        (c->framing == WMS_SERIAL_LF && memchr(ev->data, '\n', ev->len))) {
        abort();
    }
    c->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    ctx c = {.framing = (wms_serial_framing)(data[0] & 3), .n = 0};
    uint32_t gap = (data[0] & 4) ? 10u : 0u;
    if (c.framing == WMS_SERIAL_GAP && gap == 0) {
        gap = 1;
    }
    data++;
    size--;
    wms_serial_framer f;
    wms_serial_framer_init(&f, "fuzz", c.framing, gap, on_scan, &c);
    int64_t t = 1000000;
    /* chunks: a length byte then that many bytes; time advances 1..256 ms */
    while (size > 0) {
        size_t n = data[0];
        t += (int64_t)(n + 1) * 1000000;
        data++;
        size--;
        if (n > size) {
            n = size;
        }
        wms_serial_framer_feed(&f, data, n, t);
        if (n == 7) {
            wms_serial_framer_reset(&f);
        }
        data += n;
        size -= n;
    }
    wms_serial_framer_tick(&f, t + 1000000000);
    if (f.stats.scans != c.n) {
        abort();
    }
    return 0;
}
