/*
 * serial_framer.c -- bytes from a serial scanner to scans: CR, LF, CRLF
 * suffix or inter-byte gap framing.
 */
#include "wms/scan.h"

#include <stdio.h>
#include <string.h>

int wms_serial_framing_parse(const char *name, wms_serial_framing *out, wms_err *err)
{
    static const char *const names[] = {"cr", "lf", "crlf", "gap"};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (wms_serial_framing)i;
            return 0;
        }
    }
    return wms_err_set(err, WMS_EINVAL, "serial framing '%s' unknown (cr, lf, crlf, gap)",
                       name ? name : "(null)");
}

void wms_serial_framer_init(wms_serial_framer *f, const char *source_name,
                            wms_serial_framing framing, uint32_t gap_ms, wms_scan_emit_fn emit,
                            void *emit_ctx)
{
    memset(f, 0, sizeof *f);
    f->framing = framing;
    f->gap_ms = gap_ms;
    snprintf(f->name, sizeof f->name, "%s", source_name ? source_name : "");
    f->emit = emit;
    f->emit_ctx = emit_ctx;
}

static void clear(wms_serial_framer *f)
{
    f->len = 0;
    f->overflow = false;
    f->last_ns = 0;
}

static void deliver(wms_serial_framer *f)
{
    if (f->overflow) {
        f->stats.overflows++;
        clear(f);
        return;
    }
    if (f->len == 0) {
        clear(f);
        return;
    }
    wms_scan_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.source, sizeof ev.source, "%s", f->name);
    memcpy(ev.data, f->buf, f->len);
    ev.data[f->len] = 0;
    ev.len = f->len;
    ev.mono_ns = f->last_ns;
    f->stats.scans++;
    clear(f);
    if (f->emit) {
        f->emit(f->emit_ctx, &ev);
    }
}

static void gap(wms_serial_framer *f, int64_t now_ns)
{
    if (f->gap_ms == 0 || (f->len == 0 && !f->overflow) || f->last_ns == 0) {
        return;
    }
    if (now_ns - f->last_ns < (int64_t)f->gap_ms * 1000000) {
        return;
    }
    if (f->framing == WMS_SERIAL_GAP) {
        deliver(f);
    } else {
        f->stats.dropped++;
        clear(f);
    }
}

static void push(wms_serial_framer *f, uint8_t b)
{
    if (f->len >= WMS_SCAN_DATA_MAX) {
        f->overflow = true;
    } else {
        f->buf[f->len++] = b;
    }
}

void wms_serial_framer_feed(wms_serial_framer *f, const uint8_t *bytes, size_t len, int64_t t_ns)
{
    if (len == 0) {
        return;
    }
    gap(f, t_ns);
    for (size_t i = 0; i < len; i++) {
        uint8_t b = bytes[i];
        f->last_ns = t_ns;
        switch (f->framing) {
        case WMS_SERIAL_CR:
            if (b == '\n' && f->skip_lf && f->len == 0) {
                f->skip_lf = false;
                continue;
            }
            f->skip_lf = false;
            if (b == '\r') {
                deliver(f);
                f->skip_lf = true;
                continue;
            }
            push(f, b);
            break;
        case WMS_SERIAL_LF:
            if (b == '\n') {
                deliver(f);
                continue;
            }
            push(f, b);
            break;
        case WMS_SERIAL_CRLF:
            if (b == '\n' && f->len > 0 && !f->overflow && f->buf[f->len - 1] == '\r') {
                f->len--;
                deliver(f);
                continue;
            }
            if (b == '\n' && f->overflow) {
                deliver(f); /* counts the overflow, resynchronises */
                continue;
            }
            push(f, b);
            break;
        case WMS_SERIAL_GAP:
        default:
            push(f, b);
            break;
        }
    }
    if (f->len == 0 && !f->overflow) {
        f->last_ns = 0;
    }
}

void wms_serial_framer_tick(wms_serial_framer *f, int64_t now_ns)
{
    gap(f, now_ns);
}

int64_t wms_serial_framer_timeout_ns(const wms_serial_framer *f, int64_t now_ns)
{
    if (f->gap_ms == 0 || (f->len == 0 && !f->overflow) || f->last_ns == 0) {
        return -1;
    }
    int64_t due = f->last_ns + (int64_t)f->gap_ms * 1000000;
    return due > now_ns ? due - now_ns : 0;
}

void wms_serial_framer_reset(wms_serial_framer *f)
{
    if (f->len > 0 || f->overflow) {
        f->stats.dropped++;
    }
    clear(f);
    f->skip_lf = false;
}
