/*
 * scan.h -- scanner sources: evdev keyboard-wedge, serial, zbar camera and
 * replay, behind one interface, delivering each scan whole, once, with its
 * exact bytes (GS 0x1D and other control codes kept).
 *
 * Layering: links only wms_core (plus zbar, libpng, optionally libdmtx).
 *
 * The framers (keyboard, serial), the replay parser and the duplicate filter
 * are pure: no I/O, no clock; time is passed in (monotonic ns).  The sources
 * wrap them around file descriptors.  Nothing here keeps global state.
 */
#ifndef WMS_SCAN_H
#define WMS_SCAN_H

#include "wms/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WMS_SCAN_NAME_MAX   32 /* source name incl. NUL              */
#define WMS_SCAN_SUFFIX_MAX 4  /* framing suffix bytes               */

/* One scan.  `data` holds `len` bytes and a NUL after them (the data may
 * itself contain any byte). */
typedef struct wms_scan_event {
    char source[WMS_SCAN_NAME_MAX]; /* the source's configured name         */
    wms_symbology sym;              /* WMS_SYM_UNKNOWN when the source can't know */
    char aim[4];                    /* "]C1" etc, "" when unknown            */
    size_t len;
    uint8_t data[WMS_SCAN_DATA_MAX + 1];
    int64_t mono_ns; /* monotonic time of the scan's last byte/frame       */
} wms_scan_event;

/* "ean13", "gs1-128", "qr", ... ("unknown" for WMS_SYM_UNKNOWN or out of
 * range).  Static storage.  Parse: 0 or WMS_EINVAL. */
const char *wms_scan_sym_name(wms_symbology s);
int wms_scan_sym_parse(const char *s, size_t len, wms_symbology *out);

/* Receives each completed scan; the event is only valid during the call. */
typedef void (*wms_scan_emit_fn)(void *ctx, const wms_scan_event *ev);

/* ------------------------------------------------------------------------ */
/* Keyboard-wedge framer: Linux key events -> bytes -> scans                */
/* ------------------------------------------------------------------------ */

typedef enum wms_kbd_layout {
    WMS_KBD_US = 0, /* US QWERTY                                   */
    WMS_KBD_DE,     /* German QWERTZ (AltGr; umlauts as UTF-8)    */
    WMS_KBD_LAYOUT_COUNT_
} wms_kbd_layout;

/* "us" / "de" -> layout; WMS_EINVAL otherwise. */
int wms_kbd_layout_parse(const char *name, wms_kbd_layout *out, wms_err *err);

typedef struct wms_kbd_config {
    wms_kbd_layout layout;
    /* Frame ends when the data ends with these bytes (they are stripped).
     * Enter is '\r', Tab '\t'.  suffix_len 0: gap framing only. */
    uint8_t suffix[WMS_SCAN_SUFFIX_MAX];
    size_t suffix_len;
    /* Inter-key gap in ms (0 = none).  With a suffix: a partial frame older
     * than the gap is dropped (its suffix was lost).  Without a suffix: the
     * gap ends the frame and it is delivered. */
    uint32_t gap_ms;
} wms_kbd_config;

typedef struct wms_kbd_stats {
    uint64_t scans;        /* frames delivered                          */
    uint64_t dropped;      /* partial frames dropped (gap, device gone) */
    uint64_t overflows;    /* frames longer than WMS_SCAN_DATA_MAX      */
    uint64_t unknown_keys; /* keys with no mapping in the layout        */
} wms_kbd_stats;

typedef struct wms_kbd_framer {
    wms_kbd_config cfg;
    char name[WMS_SCAN_NAME_MAX];
    wms_scan_emit_fn emit;
    void *emit_ctx;
    /* modifiers */
    bool shift_l, shift_r, ctrl_l, ctrl_r, alt, altgr, caps;
    /* Alt+numpad */
    bool alt_num_active;
    unsigned alt_num_value;
    unsigned alt_num_digits;
    /* current frame */
    uint8_t buf[WMS_SCAN_DATA_MAX];
    size_t len;
    bool overflow;
    int64_t last_ns; /* time of the last byte, 0 when frame empty */
    /* partial struct input_event from a byte stream */
    uint8_t pend[32];
    size_t pend_len;
    wms_kbd_stats stats;
} wms_kbd_framer;

void wms_kbd_framer_init(wms_kbd_framer *f, const char *source_name, const wms_kbd_config *cfg,
                         wms_scan_emit_fn emit, void *emit_ctx);

/* One EV_KEY event: `code` a KEY_* code, `value` 1 press, 0 release,
 * 2 autorepeat (ignored).  `t_ns` monotonic time of the event. */
void wms_kbd_framer_key(wms_kbd_framer *f, uint16_t code, int32_t value, int64_t t_ns);

/* Feed raw bytes as read(2) from an evdev node (struct input_event records,
 * possibly split anywhere).  Event timestamps are taken as monotonic (the
 * source sets EVIOCSCLOCKID).  Non-key events are ignored. */
void wms_kbd_framer_feed(wms_kbd_framer *f, const uint8_t *bytes, size_t len);

/* Apply the gap timeout at `now_ns` (call when poll times out). */
void wms_kbd_framer_tick(wms_kbd_framer *f, int64_t now_ns);

/* Nanoseconds until the gap timer of the current frame fires at `now_ns`;
 * -1 when no timer is pending. */
int64_t wms_kbd_framer_timeout_ns(const wms_kbd_framer *f, int64_t now_ns);

/* The device went away: drop any partial frame and modifier state. */
void wms_kbd_framer_reset(wms_kbd_framer *f);

/* ------------------------------------------------------------------------ */
/* Serial framer: bytes -> scans                                            */
/* ------------------------------------------------------------------------ */

typedef enum wms_serial_framing {
    WMS_SERIAL_CR = 0, /* frame ends with \r; a \n right after a frame is ignored */
    WMS_SERIAL_LF,     /* frame ends with \n; a trailing \r is kept as data        */
    WMS_SERIAL_CRLF,   /* frame ends with \r\n                                     */
    WMS_SERIAL_GAP     /* frame ends after gap_ms of silence                       */
} wms_serial_framing;

/* "cr" "lf" "crlf" "gap" */
int wms_serial_framing_parse(const char *name, wms_serial_framing *out, wms_err *err);

typedef struct wms_serial_stats {
    uint64_t scans, dropped, overflows;
} wms_serial_stats;

typedef struct wms_serial_framer {
    wms_serial_framing framing;
    uint32_t gap_ms; /* GAP: frame end; others: partial dropped after it (0 none) */
    char name[WMS_SCAN_NAME_MAX];
    wms_scan_emit_fn emit;
    void *emit_ctx;
    uint8_t buf[WMS_SCAN_DATA_MAX + 1];
    size_t len;
    bool overflow;
    bool skip_lf; /* CR mode: ignore one LF following a frame */
    int64_t last_ns;
    wms_serial_stats stats;
} wms_serial_framer;

void wms_serial_framer_init(wms_serial_framer *f, const char *source_name,
                            wms_serial_framing framing, uint32_t gap_ms, wms_scan_emit_fn emit,
                            void *emit_ctx);
void wms_serial_framer_feed(wms_serial_framer *f, const uint8_t *bytes, size_t len, int64_t t_ns);
void wms_serial_framer_tick(wms_serial_framer *f, int64_t now_ns);
int64_t wms_serial_framer_timeout_ns(const wms_serial_framer *f, int64_t now_ns);
void wms_serial_framer_reset(wms_serial_framer *f);

/* ------------------------------------------------------------------------ */
/* Replay files                                                             */
/* ------------------------------------------------------------------------ */

/*
 * A replay file: UTF-8 text, one scan per line:
 *
 *     # comment
 *     <ms> [sym=<name>] [aim=]XY] <data>
 *
 * <ms> is the delay in milliseconds after the previous scan (0..3600000).
 * <data> runs to the end of the line with escapes \\ \n \r \t \s (space,
 * for leading/trailing spaces) \xHH (e.g. \x1d for GS).  Blank lines and
 * comments are skipped.  At most WMS_REPLAY_MAX_LINES scans.
 */
#define WMS_REPLAY_MAX_LINES 100000
#define WMS_REPLAY_LINE_MAX  4096

typedef struct wms_replay_item {
    uint32_t delay_ms;
    wms_symbology sym;
    char aim[4];
    size_t len;
    uint8_t data[WMS_SCAN_DATA_MAX + 1];
} wms_replay_item;

/* Parse one line (without its newline).  Returns 1 with `out` filled,
 * 0 for a blank/comment line, or WMS_EINVAL/WMS_ETOOBIG with detail. */
int wms_replay_parse_line(const char *line, size_t len, wms_replay_item *out, wms_err *err);

typedef struct wms_replay {
    wms_replay_item *items; /* owned */
    size_t count;
} wms_replay;

/* Parse a whole file's text; errors name the line.  Free with
 * wms_replay_free. */
int wms_replay_parse(const char *text, size_t len, wms_replay *out, wms_err *err);
int wms_replay_load(const char *path, wms_replay *out, wms_err *err);
void wms_replay_free(wms_replay *r);

/* ------------------------------------------------------------------------ */
/* Duplicate suppression                                                    */
/* ------------------------------------------------------------------------ */

#define WMS_DEDUP_SLOTS 16

typedef struct wms_dedup {
    int64_t window_ns;
    struct {
        uint64_t hash;
        int64_t last_ns;
        size_t len;
        char source[WMS_SCAN_NAME_MAX];
    } slot[WMS_DEDUP_SLOTS];
    uint64_t suppressed;
} wms_dedup;

/* window_ms 0 disables suppression. */
void wms_dedup_init(wms_dedup *d, uint32_t window_ms);

/* true: deliver `ev`; false: the same bytes from the same source were seen
 * less than the window ago (the window restarts on each sighting, so a
 * label held in front of a camera is delivered once). */
bool wms_dedup_accept(wms_dedup *d, const wms_scan_event *ev);

/* ------------------------------------------------------------------------ */
/* zbar decoding (camera frames and image files share this path)            */
/* ------------------------------------------------------------------------ */

#define WMS_SYMBIT(s) (1u << (unsigned)(s))

typedef struct wms_zbar_config {
    uint32_t symbologies; /* WMS_SYMBIT(WMS_SYM_...) set; GS1-128 and Code
                             128 are told apart after decoding */
    int density;          /* scan line every N pixels, both axes, 1..8     */
    bool plain;           /* zbar's own defaults (benchmark baseline only) */
    uint32_t dmtx_ms;     /* WMS_DMTX builds: libdmtx search limit per frame
                             (0 = 50 ms); used only when DataMatrix or GS1
                             DataMatrix is enabled                       */
} wms_zbar_config;

typedef struct wms_zbar wms_zbar;

/* EAN-13/8, UPC-A/E, Code 128, GS1-128, Code 39, QR, GS1 QR, DataBar. */
uint32_t wms_zbar_default_symbologies(void);

/* "ean13,gs1-128,qr" (names of wms_scan_sym_name) -> bit set. */
int wms_scan_symbologies_parse(const char *list, uint32_t *out, wms_err *err);

int wms_zbar_new(const wms_zbar_config *cfg, wms_zbar **out, wms_err *err);
void wms_zbar_free(wms_zbar *z);

/* Decode one 8-bit grey frame (width*height bytes, borrowed).  Each symbol
 * found is emitted with its symbology and AIM identifier (derived from
 * zbar's symbology and GS1 modifier: ]E0 ]E4 ]C0 ]C1 ]A0 ]I0 ]Q1 ]Q3 ]e0
 * ]L2).  Returns the number emitted or a negative WMS_E*.  Not thread-safe
 * per handle: one handle per thread. */
int wms_zbar_decode_gray(wms_zbar *z, const uint8_t *gray, unsigned width, unsigned height,
                         const char *source, int64_t mono_ns, wms_scan_emit_fn emit, void *ctx,
                         wms_err *err);

/* true when built with WMS_DMTX (libdmtx): DataMatrix (]d1) and GS1
 * DataMatrix (]d2) are then decoded on the same frames when enabled. */
bool wms_scan_have_dmtx(void);

/* Load a PNG (any colour type, converted to 8-bit grey) or a binary/ASCII
 * PGM (P5/P2) file.  *pixels is malloc'd (free it).  Images over 8192x8192
 * are WMS_ETOOBIG. */
int wms_image_load_gray(const char *path, uint8_t **pixels, unsigned *width, unsigned *height,
                        wms_err *err);

/* ------------------------------------------------------------------------ */
/* Sources                                                                  */
/* ------------------------------------------------------------------------ */

/*
 * A source is a table of functions (open, fd, timeout, poll, close; see
 * sources.c) chosen by `kind`, plus private data.  Several may run at once:
 * poll each source's fd for POLLIN, wait at most the smallest timeout, then
 * call wms_scan_source_poll on each.  Scans pass the source's duplicate
 * filter before `emit`.
 *
 *  evdev  : `path` is a device or a glob(3) pattern, e.g.
 *           /dev/input/by-id/usb-*Scanner*-event-kbd; the device is grabbed
 *           (EVIOCGRAB); keys translated with `kbd`.  EACCES is WMS_EPERM
 *           with a message about the `input` group.  Unplugged: reopened
 *           when it returns (retry every second).
 *  serial : a tty (`baud`, `framing`, `gap_ms`), raw mode; reconnects.
 *  camera : a V4L2 device read by zbar's video support on a worker thread,
 *           decoded with `zbar`; the latest frame is kept for a preview.
 *  replay : `path` a replay file (timed scans); `loop` starts it again.
 */
typedef struct wms_scan_source_config {
    char name[WMS_SCAN_NAME_MAX];
    char kind[16];  /* "evdev" "serial" "camera" "replay" */
    char path[256]; /* device, glob pattern or replay file */
    wms_kbd_config kbd;
    uint32_t baud; /* serial: 1200..921600 (standard rates) */
    wms_serial_framing framing;
    uint32_t gap_ms; /* serial */
    wms_zbar_config zbar;
    uint32_t dedup_ms;  /* duplicate window, 0 = off */
    bool loop;          /* replay */
    const wms_log *log; /* borrowed, may be NULL: connect/unplug/errors */
} wms_scan_source_config;

/* Defaults: evdev US layout, Enter suffix, 100 ms gap; serial 9600 CR;
 * camera default symbologies at density 2; dedup 2000 ms (camera) else 0. */
void wms_scan_source_config_defaults(wms_scan_source_config *cfg, const char *name,
                                     const char *kind, const char *path);

typedef struct wms_scan_source wms_scan_source;

/* Open (a missing device is not an error: the source retries; missing
 * permission, a bad config or an unreadable replay file are). */
int wms_scan_source_open(const wms_scan_source_config *cfg, wms_scan_source **out, wms_err *err);
/* Poll this fd for POLLIN; -1 while the device is absent (or replay). */
int wms_scan_source_fd(const wms_scan_source *s);
/* ms until poll wants calling without input (gap, retry, next replay
 * item); -1 for none. */
int wms_scan_source_timeout_ms(const wms_scan_source *s, int64_t now_ns);
/* Read what is there, run timers, reconnect.  0, or a negative WMS_E* for
 * a lasting problem (e.g. WMS_EPERM after a replug with bad permissions). */
int wms_scan_source_poll(wms_scan_source *s, int64_t now_ns, wms_scan_emit_fn emit, void *ctx,
                         wms_err *err);
const char *wms_scan_source_name(const wms_scan_source *s);
bool wms_scan_source_connected(const wms_scan_source *s);
/* Replay: true once every item was delivered (never with loop). */
bool wms_scan_source_done(const wms_scan_source *s);
/* Camera: copy the latest grey frame (at most cap bytes); 0 or WMS_ENOTFOUND
 * when none yet, WMS_EUNSUPPORTED for other kinds. */
int wms_scan_source_preview(wms_scan_source *s, uint8_t *buf, size_t cap, unsigned *width,
                            unsigned *height);
void wms_scan_source_close(wms_scan_source *s);

#endif
