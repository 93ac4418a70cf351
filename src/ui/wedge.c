/*
 * wedge.c -- tell keyboard-wedge scans from a person typing (pure logic).
 *
 * Every typed unit is held until either the next unit arrives within
 * max_gap_ms (same burst) or the pause passes.  A burst is then one scan, one
 * rejected broken scan, or typed input -- never a mix, never half of one.
 */
#include "wms/ui.h"

#include <string.h>

void wms_wedge_cfg_default(wms_wedge_cfg *c)
{
    memset(c, 0, sizeof(*c));
    c->max_gap_ms = 35;
    c->min_len = 4;
    c->suffix = WMS_WEDGE_SUFFIX_ENTER;
}

void wms_wedge_init(wms_wedge *w, const wms_wedge_cfg *cfg, wms_wedge_cb cb, void *cb_data)
{
    memset(w, 0, sizeof(*w));
    if (cfg) {
        w->cfg = *cfg;
    } else {
        wms_wedge_cfg_default(&w->cfg);
    }
    if (w->cfg.max_gap_ms <= 0) {
        w->cfg.max_gap_ms = 35;
    }
    if (w->cfg.min_len <= 0) {
        w->cfg.min_len = 1;
    }
    w->cfg.prefix[sizeof(w->cfg.prefix) - 1] = '\0';
    w->cb = cb;
    w->cb_data = cb_data;
}

static int64_t gap_ns(const wms_wedge *w)
{
    return (int64_t)w->cfg.max_gap_ms * 1000000;
}

static bool is_suffix(const wms_wedge *w, uint8_t b)
{
    switch (w->cfg.suffix) {
    case WMS_WEDGE_SUFFIX_ENTER:
        return b == '\r' || b == '\n';
    case WMS_WEDGE_SUFFIX_TAB:
        return b == '\t';
    case WMS_WEDGE_SUFFIX_NONE:
        break;
    }
    return false;
}

static void reset(wms_wedge *w)
{
    w->len = 0;
    w->units = 0;
    w->overflow = false;
}

static void emit(wms_wedge *w, wms_wedge_event_kind k, const uint8_t *d, size_t n, uint8_t key,
                 const char *why)
{
    wms_wedge_event ev = {k, d, n, key, why};
    if (w->cb) {
        w->cb(w->cb_data, &ev);
    }
}

/* Deliver units [0, units) as typed text and keys, in order. */
static void emit_typed(wms_wedge *w)
{
    size_t start = 0, run = 0;
    for (size_t u = 0; u < w->units; u++) {
        size_t b = u == 0 ? 0 : w->unit_end[u - 1];
        size_t e = w->unit_end[u];
        bool ctl = e - b == 1 && (w->buf[b] < 0x20 || w->buf[b] == 0x7F);
        if (ctl) {
            if (run > 0) {
                emit(w, WMS_WEDGE_TEXT, w->buf + start, run, 0, NULL);
            }
            emit(w, WMS_WEDGE_KEY, NULL, 0, w->buf[b], NULL);
            start = e;
            run = 0;
        } else {
            run += e - b;
        }
    }
    if (run > 0) {
        emit(w, WMS_WEDGE_TEXT, w->buf + start, run, 0, NULL);
    }
}

static size_t prefix_len(const wms_wedge *w)
{
    return strlen(w->cfg.prefix);
}

static bool has_prefix(const wms_wedge *w)
{
    size_t p = prefix_len(w);
    return p == 0 || (w->len >= p && memcmp(w->buf, w->cfg.prefix, p) == 0);
}

/* Data length without the prefix. */
static size_t data_len(const wms_wedge *w)
{
    size_t p = prefix_len(w);
    if (p > 0 && has_prefix(w)) {
        return w->len - p;
    }
    return w->len;
}

/* A burst long and fast enough to be a scanner's. */
static bool scan_like(const wms_wedge *w)
{
    if (prefix_len(w) > 0 && has_prefix(w) && w->units > prefix_len(w)) {
        return true;
    }
    return w->units >= 2 && data_len(w) >= (size_t)w->cfg.min_len;
}

static void deliver_scan(wms_wedge *w)
{
    size_t p = prefix_len(w);
    emit(w, WMS_WEDGE_SCAN, w->buf + p, w->len - p, 0, NULL);
}

/* The burst ended by a pause (or a flush). */
static void resolve_pause(wms_wedge *w)
{
    if (w->units == 0) {
        return;
    }
    if (w->overflow) {
        emit(w, WMS_WEDGE_REJECT, w->buf, w->len, 0, "scan longer than 512 bytes");
    } else if (!scan_like(w)) {
        emit_typed(w);
    } else if (w->cfg.suffix == WMS_WEDGE_SUFFIX_NONE) {
        if (has_prefix(w)) {
            deliver_scan(w);
        } else {
            emit(w, WMS_WEDGE_REJECT, w->buf, w->len, 0, "scan without the configured prefix");
        }
    } else {
        emit(w, WMS_WEDGE_REJECT, w->buf, w->len, 0,
             w->cfg.suffix == WMS_WEDGE_SUFFIX_TAB ? "scan without its Tab suffix"
                                                   : "scan without its Enter suffix");
    }
    reset(w);
}

/* The burst ended by the suffix byte `b`. */
static void resolve_suffix(wms_wedge *w, uint8_t b, int64_t t_ns)
{
    if (w->overflow) {
        emit(w, WMS_WEDGE_REJECT, w->buf, w->len, 0, "scan longer than 512 bytes");
    } else if (!scan_like(w)) {
        emit_typed(w);
        emit(w, WMS_WEDGE_KEY, NULL, 0, b, NULL);
    } else if (!has_prefix(w)) {
        emit(w, WMS_WEDGE_REJECT, w->buf, w->len, 0, "scan without the configured prefix");
    } else {
        deliver_scan(w);
        w->ended = b == '\r';
        w->end_ns = t_ns;
    }
    reset(w);
}

static void append(wms_wedge *w, const char *s, size_t len)
{
    if (w->overflow) {
        return;
    }
    if (w->units >= WMS_WEDGE_MAX_UNITS || w->len + len > WMS_SCAN_DATA_MAX + prefix_len(w) ||
        w->len + len > sizeof(w->buf)) {
        w->overflow = true;
        return;
    }
    memcpy(w->buf + w->len, s, len);
    w->len += len;
    w->unit_end[w->units++] = (uint16_t)w->len;
}

void wms_wedge_feed(wms_wedge *w, const char *s, size_t len, int64_t t_ns)
{
    if (len == 0 || len > 4) {
        return;
    }
    if (w->units > 0 && t_ns - w->last_ns > gap_ns(w)) {
        resolve_pause(w);
    }
    uint8_t b0 = (uint8_t)s[0];
    if (len == 1 && b0 == '\n' && w->ended && w->units == 0 && t_ns - w->end_ns <= gap_ns(w)) {
        /* The LF of a scanner's CR LF suffix. */
        w->ended = false;
        return;
    }
    w->ended = false;
    if (len == 1 && is_suffix(w, b0)) {
        if (w->units == 0) {
            emit(w, WMS_WEDGE_KEY, NULL, 0, b0, NULL);
        } else {
            resolve_suffix(w, b0, t_ns);
        }
        return;
    }
    if (w->units == 0) {
        w->first_ns = t_ns;
    }
    append(w, s, len);
    w->last_ns = t_ns;
    /* A prefix arriving inside a burst starts the next scan. */
    size_t p = prefix_len(w);
    if (p > 0 && !w->overflow && w->len > p && memcmp(w->buf + w->len - p, w->cfg.prefix, p) == 0) {
        size_t keep_units = 0, cut = w->len - p;
        while (keep_units < w->units && w->unit_end[keep_units] <= cut) {
            keep_units++;
        }
        if (keep_units > 0 && w->unit_end[keep_units - 1] == cut) {
            size_t all = w->units;
            w->units = keep_units;
            w->len = cut;
            if (scan_like(w) && w->cfg.suffix != WMS_WEDGE_SUFFIX_NONE) {
                emit(w, WMS_WEDGE_REJECT, w->buf, w->len, 0, "scan cut short by the next scan");
            } else if (scan_like(w) && has_prefix(w)) {
                deliver_scan(w);
            } else {
                emit_typed(w);
            }
            /* Keep the prefix units as the new burst. */
            size_t nb = 0;
            for (size_t u = keep_units; u < all; u++) {
                w->unit_end[nb++] = (uint16_t)(w->unit_end[u] - cut);
            }
            memmove(w->buf, w->buf + cut, p);
            w->len = p;
            w->units = nb;
            w->first_ns = t_ns;
        }
    }
}

void wms_wedge_poll(wms_wedge *w, int64_t now_ns)
{
    if (w->units > 0 && now_ns - w->last_ns > gap_ns(w)) {
        resolve_pause(w);
    }
}

void wms_wedge_flush(wms_wedge *w)
{
    resolve_pause(w);
}

int64_t wms_wedge_deadline(const wms_wedge *w)
{
    if (w->units == 0) {
        return -1;
    }
    return w->last_ns + gap_ns(w) + 1;
}
