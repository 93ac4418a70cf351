/*
 * fuzz_scan_kbd.c -- the evdev keyboard-wedge framer on arbitrary
 * input_event byte streams, split at an input-chosen point, each layout,
 * suffix and gap framing: no crash, every scan bounded and whole.
 */
#include "wms/scan.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_scan(void *ctx, const wms_scan_event *ev)
{
    size_t *n = ctx;
    if (ev->len == 0 || ev->len > WMS_SCAN_DATA_MAX || ev->data[ev->len] != 0) {
        abort();
    }
    (*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    uint8_t mode = data[0];
    size_t cut = data[1];
    data += 2;
    size -= 2;
    if (cut > size) {
        cut = size;
    }
    wms_kbd_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.layout = (mode & 1) ? WMS_KBD_DE : WMS_KBD_US;
    if (mode & 2) {
        cfg.suffix[0] = '\r';
        cfg.suffix_len = 1;
    } else if (mode & 4) {
        cfg.suffix[0] = '\r';
        cfg.suffix[1] = '\t';
        cfg.suffix_len = 2;
    }
    cfg.gap_ms = (mode & 8) ? 20u : 0u;
    if (cfg.suffix_len == 0 && cfg.gap_ms == 0) {
        cfg.gap_ms = 1;
    }
    size_t n = 0;
    wms_kbd_framer f;
    wms_kbd_framer_init(&f, "fuzz", &cfg, on_scan, &n);
    wms_kbd_framer_feed(&f, data, cut);
    if (mode & 16) {
        wms_kbd_framer_reset(&f);
    }
    wms_kbd_framer_feed(&f, data + cut, size - cut);
    (void)wms_kbd_framer_timeout_ns(&f, INT64_MAX / 2);
    wms_kbd_framer_tick(&f, INT64_MAX / 2);
    if (f.stats.scans != n || f.len > WMS_SCAN_DATA_MAX) {
        abort();
    }
    return 0;
}
