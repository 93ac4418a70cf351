/*
 * wms/ui.h -- the kiosk's UI toolkit: graphics interface, theme, widgets,
 * layouts, keyboard-wedge scan detection and feedback tones.
 *
 * Shape (microui-like): screens are state machines over view models (in the
 * app); each frame a screen calls the widget functions below on a wms_ui
 * context.  Widgets do not draw at once: they append draw commands to the
 * frame's command list and record hit zones (rect -> action id, label), so
 * that a tap at (x, y) or on a label maps to an action without pixels.
 * wms_ui_end() hands the commands to a graphics backend (wms_gfx) only when
 * they differ from the last frame presented: an unchanged screen costs no
 * rendering, and the app sleeps in SDL_WaitEventTimeout between events.
 *
 * Backends: the SDL2 + SDL2_ttf one (wms_sdl_*: a window, full screen, or a
 * headless surface; rendered text cached as textures) and a recording one
 * for tests (wms_gfx_null: measures with a fixed advance, draws nothing).
 *
 * The module links wms_core, SDL2 and SDL2_ttf only.  Nothing here is thread
 * safe; use one context per thread (the UI thread).
 */
#ifndef WMS_UI_H
#define WMS_UI_H

#include "wms/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Geometry, colours, fonts                                                 */
/* ------------------------------------------------------------------------ */

typedef struct wms_color {
    uint8_t r, g, b, a;
} wms_color;

typedef struct wms_rect {
    int x, y, w, h;
} wms_rect;

static inline wms_rect wms_rect_make(int x, int y, int w, int h)
{
    wms_rect r = {x, y, w, h};
    return r;
}
bool wms_rect_contains(wms_rect r, int x, int y);
/* r shrunk by `d` on every side (never below 0 wide/high). */
wms_rect wms_rect_inset(wms_rect r, int d);

/* Font roles; the backend maps them to DejaVu faces at the theme's sizes. */
typedef enum wms_font {
    WMS_FONT_SMALL = 0, /* status bar, hints                      */
    WMS_FONT_BODY,      /* list rows, labels                      */
    WMS_FONT_BOLD,      /* buttons, field values                  */
    WMS_FONT_LARGE,     /* screen titles, tile labels             */
    WMS_FONT_HUGE,      /* big messages, scanned quantity         */
    WMS_FONT_MONO,      /* raw scan bytes, codes                  */
    WMS_FONT_COUNT_
} wms_font;

typedef enum wms_align { WMS_ALIGN_LEFT = 0, WMS_ALIGN_CENTER, WMS_ALIGN_RIGHT } wms_align;

/* ------------------------------------------------------------------------ */
/* Graphics interface                                                       */
/* ------------------------------------------------------------------------ */

/* An RGBA8888 image (bytes r,g,b,a per pixel), owned by the caller. */
typedef struct wms_image {
    int w, h;
    const uint8_t *rgba; /* w * h * 4 bytes */
} wms_image;

/*
 * A backend: a table of functions with a name (curl/SDL style).  All are
 * required.  `text` draws UTF-8 `s[0..len)` with its top-left at (x, y);
 * `measure` gives the size it would take.  `clip` NULL removes the clip.
 * `present` shows the frame (window) or finishes it (headless).
 */
typedef struct wms_gfx_ops {
    const char *name;
    void (*clear)(void *data, wms_color c);
    void (*fill_rect)(void *data, wms_rect r, wms_color c);
    void (*stroke_rect)(void *data, wms_rect r, int thickness, wms_color c);
    void (*text)(void *data, wms_font f, int x, int y, wms_color c, const char *s, size_t len);
    void (*measure)(void *data, wms_font f, const char *s, size_t len, int *w, int *h);
    void (*image)(void *data, const wms_image *img, wms_rect dst);
    void (*clip)(void *data, const wms_rect *r);
    int (*present)(void *data);
} wms_gfx_ops;

typedef struct wms_gfx {
    const wms_gfx_ops *ops;
    void *data;
    int w, h; /* output size in pixels */
} wms_gfx;

/*
 * The null backend: draws nothing, measures every code point as
 * 0.55 * font px wide and the font px high (the theme's sizes), counts
 * presents.  For view-model and hit-zone tests.  `px` gives the size per
 * font role (WMS_FONT_COUNT_ entries), normally theme.font_px.
 */
typedef struct wms_gfx_null {
    wms_gfx gfx;
    int font_px[WMS_FONT_COUNT_];
    unsigned presents;
} wms_gfx_null;
void wms_gfx_null_init(wms_gfx_null *n, int w, int h, const int font_px[WMS_FONT_COUNT_]);

/* ------------------------------------------------------------------------ */
/* Theme and layout                                                         */
/* ------------------------------------------------------------------------ */

/*
 * Warehouse-floor theme: dark background, near-white text (contrast >= 12:1),
 * Okabe-Ito colours for states (safe for the common colour blindnesses) and
 * every state also carries an icon and a word ("OK", "WARNING", "ERROR").
 * Sizes scale with the display: at 800x480 body text is 24 px and touch
 * targets are at least 56 px high.
 */
typedef struct wms_theme {
    wms_color bg, panel, panel_hi, text, text_dim, accent, accent_text, border;
    wms_color ok, warn, err, info, disabled, disabled_text, focus;
    int font_px[WMS_FONT_COUNT_];
    int pad;       /* outer padding                        */
    int gap;       /* gap between widgets                  */
    int target;    /* minimum touch target side (>= 48)    */
    int border_px; /* outline thickness                    */
    double scale;  /* 1.0 at 800x480 / 480x800              */
} wms_theme;

/* Fill `t` for a display of w x h pixels. */
void wms_theme_init(wms_theme *t, int w, int h);

/*
 * Screen regions for a display size: status bar on top, a footer with the
 * F-key hints at the bottom, content between.  Portrait layouts
 * (h > w) use two tile columns and stack side panels below.
 */
typedef struct wms_layout {
    int w, h;
    bool portrait;
    wms_rect status, title, content, footer;
    int tile_cols;  /* home screen tile columns           */
    int list_rows;  /* list rows that fit the content     */
    int row_h;      /* list row height                    */
    int keypad_key; /* keypad key side                    */
} wms_layout;

void wms_layout_init(wms_layout *l, const wms_theme *t, int w, int h);

/* The display sizes the kiosk is designed and tested for. */
typedef struct wms_display_size {
    const char *name; /* "800x480" */
    int w, h;
} wms_display_size;
extern const wms_display_size wms_display_sizes[4];

/* Parse "800x480" (each side 200..4096). */
int wms_display_size_parse(const char *s, int *w, int *h, wms_err *err);

/* ------------------------------------------------------------------------ */
/* The UI context: frame, commands, hit zones                               */
/* ------------------------------------------------------------------------ */

#define WMS_UI_MAX_CMDS   1024
#define WMS_UI_TEXT_ARENA (48 * 1024)
#define WMS_UI_MAX_ZONES  128
#define WMS_UI_LABEL_MAX  48

typedef enum wms_ui_cmd_kind {
    WMS_UI_CMD_CLEAR = 0,
    WMS_UI_CMD_RECT,
    WMS_UI_CMD_STROKE,
    WMS_UI_CMD_TEXT,
    WMS_UI_CMD_IMAGE,
    WMS_UI_CMD_CLIP,
    WMS_UI_CMD_UNCLIP
} wms_ui_cmd_kind;

typedef struct wms_ui_cmd {
    wms_ui_cmd_kind kind;
    wms_rect r;
    wms_color c;
    int n;                /* STROKE: thickness                    */
    wms_font font;        /* TEXT                                 */
    uint32_t off, len;    /* TEXT: bytes in the arena             */
    const wms_image *img; /* IMAGE                                */
} wms_ui_cmd;

typedef struct wms_ui_zone {
    wms_rect r;
    int action;
    bool enabled;
    char label[WMS_UI_LABEL_MAX];
} wms_ui_zone;

typedef struct wms_ui {
    wms_gfx *gfx;
    wms_theme theme;
    wms_layout layout;
    /* the frame being built */
    size_t ncmds;
    wms_ui_cmd cmds[WMS_UI_MAX_CMDS];
    size_t arena_len;
    char arena[WMS_UI_TEXT_ARENA];
    size_t nzones;
    wms_ui_zone zones[WMS_UI_MAX_ZONES];
    bool overflow;     /* commands or text did not fit (drawn partially) */
    int pressed;       /* action drawn pressed (touch feedback), 0 none */
    bool small_labels; /* buttons use the small face (set by the footer) */
    /* the last frame presented */
    uint64_t last_hash;
    bool have_last;
    unsigned frames_rendered, frames_skipped;
} wms_ui;

/*
 * Set up `ui` for `gfx` (whose w/h decide the theme and layout).  The
 * context is large (~100 KB): allocate it statically in main or on the heap.
 * `gfx` must outlive `ui`.
 */
void wms_ui_init(wms_ui *ui, wms_gfx *gfx);
/* Re-read gfx->w/h (after a resize); forces the next frame to render. */
void wms_ui_resize(wms_ui *ui);
/* Start a frame: clears commands and hit zones, fills the background. */
void wms_ui_begin(wms_ui *ui);
/*
 * Finish the frame: when its commands differ from the last presented frame
 * (or `force`), play them on the backend and present; *rendered tells which
 * (may be NULL).  Returns the backend's present result.
 */
int wms_ui_end(wms_ui *ui, bool force, bool *rendered);

/* Hit testing on the last built frame: the action at (x, y), 0 when none
 * or disabled. */
int wms_ui_hit(const wms_ui *ui, int x, int y);
/* The enabled zone whose label equals `label` (case-insensitive), or NULL. */
const wms_ui_zone *wms_ui_find(const wms_ui *ui, const char *label);
/* true when `needle` occurs in any text drawn in the frame. */
bool wms_ui_has_text(const wms_ui *ui, const char *needle);
/* Append every text of the frame, one per line, to `out`. */
int wms_ui_dump_text(const wms_ui *ui, wms_buf *out);

/* Primitives (recorded). */
void wms_ui_rect(wms_ui *ui, wms_rect r, wms_color c);
void wms_ui_stroke(wms_ui *ui, wms_rect r, int thickness, wms_color c);
void wms_ui_image(wms_ui *ui, const wms_image *img, wms_rect dst);
void wms_ui_clip(wms_ui *ui, const wms_rect *r);
/* Text at (x, y); returns the width drawn. */
int wms_ui_text_at(wms_ui *ui, wms_font f, int x, int y, wms_color c, const char *s);
/* Text in `r` aligned horizontally, centred vertically, cut with "..." when it
 * does not fit. */
void wms_ui_text(wms_ui *ui, wms_rect r, wms_font f, wms_align a, wms_color c, const char *s);
/* Measure through the backend. */
void wms_ui_measure(wms_ui *ui, wms_font f, const char *s, int *w, int *h);
/* Record a hit zone without drawing. */
void wms_ui_zone_add(wms_ui *ui, wms_rect r, int action, bool enabled, const char *label);

/* ------------------------------------------------------------------------ */
/* Widgets                                                                  */
/* ------------------------------------------------------------------------ */

/* Feedback kinds: each has a colour, an icon shape and a word. */
typedef enum wms_ui_kind {
    WMS_UI_NONE = 0,
    WMS_UI_OK,
    WMS_UI_WARN,
    WMS_UI_ERR,
    WMS_UI_INFO
} wms_ui_kind;

/* "OK", "WARNING", "ERROR", "INFO" ("" for NONE).  Static storage. */
const char *wms_ui_kind_word(wms_ui_kind k);
wms_color wms_ui_kind_color(const wms_theme *t, wms_ui_kind k);
/* Draw the kind's icon (check mark, triangle, cross, circle "i") in a
 * square of side `size` at (x, y): shape differs, not only colour. */
void wms_ui_icon(wms_ui *ui, wms_ui_kind k, int x, int y, int size);

typedef enum wms_ui_style {
    WMS_UI_BTN_NORMAL = 0,
    WMS_UI_BTN_PRIMARY, /* the screen's main action          */
    WMS_UI_BTN_DANGER   /* cancel a draft, log out            */
} wms_ui_style;

/*
 * A button: label, optional key hint ("F1", "Enter"; NULL none).  Disabled
 * buttons are drawn with a hatched outline and "(not yet)" is not added --
 * the label stays readable.  The hit zone is labelled with `label`.
 */
void wms_ui_button(wms_ui *ui, wms_rect r, const char *label, const char *key, wms_ui_style st,
                   int action, bool enabled);

/* A home-screen tile: big label, a one-line hint below ("Scan goods in"),
 * a key hint in the corner; disabled tiles say `disabled_note`. */
void wms_ui_tile(wms_ui *ui, wms_rect r, const char *label, const char *hint, const char *key,
                 int action, bool enabled, const char *disabled_note);

/* A caption + value pair (value in bold). */
void wms_ui_label(wms_ui *ui, wms_rect r, const char *caption, const char *value);

/*
 * A text field: caption above, value in a box, caret when focused, a
 * placeholder when empty.  Tapping it yields `action`.
 */
void wms_ui_textfield(wms_ui *ui, wms_rect r, const char *caption, const char *value,
                      const char *placeholder, bool focused, bool masked, int action);

/*
 * A paged list.  Rows come from the `row` callback (index within the page
 * 0..rows-1, writes up to two columns of text and a kind for its icon).
 * The footer shows "Page 2 of 7 (131)" and Prev / Next buttons with
 * actions `act_prev` / `act_next`; tapping row i yields `act_row + i`.
 * `selected` is the highlighted row (-1 none).
 */
typedef struct wms_ui_list {
    wms_page page; /* page / page_size from core */
    int64_t total; /* rows in all pages           */
    int rows;      /* rows on this page           */
    int selected;  /* -1 none                     */
    int act_row, act_prev, act_next;
    void (*row)(void *data, int i, char *left, size_t lcap, char *right, size_t rcap,
                wms_ui_kind *kind);
    void *data;
    const char *empty_text; /* shown when total is 0 */
} wms_ui_list;
void wms_ui_list_draw(wms_ui *ui, wms_rect r, const wms_ui_list *l);
/* Rows of `row_h` that fit a list in `r` (with its paging footer). */
int wms_ui_list_capacity(const wms_ui *ui, wms_rect r);

/*
 * Numeric keypad: 1-9, 0, "." (only when `decimals` > 0), backspace, Clear
 * and OK.  Key actions are WMS_UI_ACT_KEY_0 + digit, WMS_UI_ACT_KEY_DOT,
 * WMS_UI_ACT_KEY_BACK, WMS_UI_ACT_KEY_CLEAR, WMS_UI_ACT_KEY_OK.
 */
enum {
    WMS_UI_ACT_KEY_0 = 9000, /* .. 9009 */
    WMS_UI_ACT_KEY_DOT = 9010,
    WMS_UI_ACT_KEY_BACK,
    WMS_UI_ACT_KEY_CLEAR,
    WMS_UI_ACT_KEY_OK,
    WMS_UI_ACT_MODAL_YES,
    WMS_UI_ACT_MODAL_NO
};
void wms_ui_keypad(wms_ui *ui, wms_rect r, int decimals, const char *ok_label);

/*
 * The pure keypad editor: apply a keypad action to the text in `buf`
 * (capacity `cap`).  Digits append (at most 9 integer digits, at most
 * `decimals` after the point; a leading "0" is replaced), DOT adds one point
 * when decimals > 0, BACK removes one character, CLEAR empties.  Returns
 * 0 when applied, WMS_EINVAL when refused (buf unchanged), WMS_ENOTFOUND
 * when `action` is not a keypad edit key (OK and others).
 */
int wms_keypad_edit(char *buf, size_t cap, int decimals, int action);

/* Status bar contents. */
typedef enum wms_ui_link {
    WMS_UI_LINK_NONE = 0, /* no central link configured */
    WMS_UI_LINK_ONLINE,
    WMS_UI_LINK_OFFLINE,
    WMS_UI_LINK_DEGRADED
} wms_ui_link;
/* "no link", "online", "offline", "degraded". Static storage. */
const char *wms_ui_link_name(wms_ui_link l);

typedef struct wms_ui_status {
    const char *terminal;  /* "T1"            */
    const char *warehouse; /* "WH1"           */
    const char *operator_name;
    wms_ui_link link;
    int64_t pending; /* operations waiting to sync */
    int64_t rejected;
    const char *clock; /* "14:05" */
} wms_ui_status;
void wms_ui_statusbar(wms_ui *ui, wms_rect r, const wms_ui_status *s);

/* Footer with key hints: pairs of key and meaning ("F1","Home"), `n` pairs;
 * each is also a tappable zone with its action. */
typedef struct wms_ui_hint {
    const char *key;
    const char *text;
    int action;
} wms_ui_hint;
void wms_ui_footer(wms_ui *ui, wms_rect r, const wms_ui_hint *hints, size_t n);

/* A large message band over the bottom of the content: icon, word, text. */
void wms_ui_toast(wms_ui *ui, wms_ui_kind k, const char *text);

/* A modal confirm: dims the screen, title, message, Yes/No buttons with
 * actions WMS_UI_ACT_MODAL_YES/NO (labels given).  Zones recorded before it
 * are disabled so that taps cannot reach the screen behind. */
void wms_ui_confirm(wms_ui *ui, const char *title, const char *text, const char *yes,
                    const char *no);

/* Progress bar, `fraction` 0..1 (clamped), label inside ("Pulling 40 %"). */
void wms_ui_progress(wms_ui *ui, wms_rect r, double fraction, const char *label);

/* A screen title in the layout's title region, with an optional right-side
 * note ("Receipt R-0001"). */
void wms_ui_title(wms_ui *ui, const char *title, const char *note);

/* ------------------------------------------------------------------------ */
/* Keyboard-wedge scan detection (pure logic)                               */
/* ------------------------------------------------------------------------ */

/*
 * A keyboard-wedge scanner types its data as a fast burst of key presses,
 * usually ended by Enter (or Tab) and optionally started by a prefix.  The
 * detector sees every typed unit (one printable character, or a control
 * byte such as GS 0x1D or the suffix) with its time and decides:
 * - a burst whose gaps are all <= max_gap_ms, at least min_len bytes long,
 *   with the configured prefix (when one is set) and ended by the suffix
 *   (when one is set) is ONE scan: delivered whole, prefix/suffix removed,
 *   GS and other control bytes kept;
 * - a burst that looks like a scan but loses its suffix, runs past
 *   WMS_SCAN_DATA_MAX, or is cut by a pause is REJECTED (never typed);
 * - anything else is a person typing: delivered as TEXT/KEY events, held
 *   back for at most max_gap_ms so that the start of a scan never reaches
 *   a text field.
 * A prefix seen in the middle of a burst starts a new scan (two scans never
 * glue together).  Times are in ns from any monotonic clock.
 */
typedef enum wms_wedge_suffix {
    WMS_WEDGE_SUFFIX_ENTER = 0, /* '\r' or '\n' */
    WMS_WEDGE_SUFFIX_TAB,       /* '\t'         */
    WMS_WEDGE_SUFFIX_NONE       /* burst ends by a pause */
} wms_wedge_suffix;

typedef struct wms_wedge_cfg {
    int max_gap_ms;          /* default 35                       */
    int min_len;             /* default 4 (data bytes)           */
    wms_wedge_suffix suffix; /* default ENTER                    */
    char prefix[8];          /* default "" (none)                */
} wms_wedge_cfg;

void wms_wedge_cfg_default(wms_wedge_cfg *c);

typedef enum wms_wedge_event_kind {
    WMS_WEDGE_SCAN = 1, /* data/len: one whole scan                       */
    WMS_WEDGE_TEXT,     /* data/len: typed printable text (UTF-8)         */
    WMS_WEDGE_KEY,      /* key: a typed control byte ('\r', '\t', 0x08..)  */
    WMS_WEDGE_REJECT    /* data/len: a broken scan, with `why`            */
} wms_wedge_event_kind;

typedef struct wms_wedge_event {
    wms_wedge_event_kind kind;
    const uint8_t *data; /* valid during the callback only */
    size_t len;
    uint8_t key;
    const char *why; /* REJECT: "scan without its Enter suffix" ... */
} wms_wedge_event;

typedef void (*wms_wedge_cb)(void *data, const wms_wedge_event *ev);

#define WMS_WEDGE_MAX_UNITS (WMS_SCAN_DATA_MAX + 16)

typedef struct wms_wedge {
    wms_wedge_cfg cfg;
    wms_wedge_cb cb;
    void *cb_data;
    uint8_t buf[WMS_WEDGE_MAX_UNITS * 4];
    size_t len;
    uint16_t unit_end[WMS_WEDGE_MAX_UNITS]; /* byte end of each unit */
    size_t units;
    int64_t first_ns, last_ns;
    bool overflow;  /* more than fits: the burst is rejected          */
    int64_t end_ns; /* when the last scan's suffix came (CR LF pairs) */
    bool ended;     /* a scan just ended with '\r'                    */
} wms_wedge;

void wms_wedge_init(wms_wedge *w, const wms_wedge_cfg *cfg, wms_wedge_cb cb, void *cb_data);
/*
 * One typed unit at time `t_ns`: `s[0..len)` is one UTF-8 character or one
 * control byte (len 1).  May call the callback (for earlier units, or for a
 * completed scan).
 */
void wms_wedge_feed(wms_wedge *w, const char *s, size_t len, int64_t t_ns);
/* Resolve a burst whose pause has passed at `now_ns`. */
void wms_wedge_poll(wms_wedge *w, int64_t now_ns);
/* Resolve whatever is held as if the pause had passed (before a
 * navigation key or a tap). */
void wms_wedge_flush(wms_wedge *w);
/* When poll must run next (ns), or -1 when nothing is held. */
int64_t wms_wedge_deadline(const wms_wedge *w);

/* ------------------------------------------------------------------------ */
/* Feedback tones                                                           */
/* ------------------------------------------------------------------------ */

typedef enum wms_tone {
    WMS_TONE_SUCCESS = 0, /* two short rising beeps */
    WMS_TONE_WARNING,     /* two mid beeps          */
    WMS_TONE_ERROR,       /* one long low buzz      */
    WMS_TONE_COUNT_
} wms_tone;

/*
 * Render a tone as signed 16-bit mono PCM at `rate` Hz, volume 0..100,
 * into `out` (capacity `cap` samples); *n gets the sample count.  Pure.
 * WMS_ETOOBIG when `cap` is too small (wms_tone_samples() says how many).
 */
size_t wms_tone_samples(wms_tone t, int rate);
int wms_tone_render(wms_tone t, int rate, int volume, int16_t *out, size_t cap, size_t *n);

/* ------------------------------------------------------------------------ */
/* SDL2 backend                                                             */
/* ------------------------------------------------------------------------ */

typedef enum wms_sdl_mode {
    WMS_SDL_HEADLESS = 0, /* a memory surface, no video driver needed */
    WMS_SDL_WINDOW,       /* a window (any SDL video driver)          */
    WMS_SDL_FULLSCREEN    /* full screen (KMSDRM on a Pi console)      */
} wms_sdl_mode;

typedef struct wms_sdl_opts {
    wms_sdl_mode mode;
    int w, h;              /* 800x480 when 0                         */
    const char *font_path; /* DejaVuSans.ttf or its directory; NULL = search */
    const char *title;     /* window title                           */
    int text_cache;        /* cached text textures, default 384      */
} wms_sdl_opts;

typedef struct wms_sdl wms_sdl;

/*
 * Find the DejaVu fonts: `configured` (a .ttf file or a directory holding
 * DejaVuSans.ttf), then $WMS_UI_FONT, then the usual Debian / Fedora / Arch
 * / macOS locations.  Writes the directory into `dir`.  WMS_ENOTFOUND with
 * "install fonts-dejavu-core or set [ui] font" when none is found.
 */
int wms_ui_font_find(const char *configured, char *dir, size_t cap, wms_err *err);

/*
 * Open the backend: SDL video (window modes only), SDL_ttf, the fonts, the
 * software renderer.  *out is owned by the caller: wms_sdl_close() it.
 */
int wms_sdl_open(const wms_sdl_opts *opts, wms_sdl **out, wms_err *err);
void wms_sdl_close(wms_sdl *s);
wms_gfx *wms_sdl_gfx(wms_sdl *s);
/* The SDL_Window (NULL when headless), as void * to keep SDL out of here. */
void *wms_sdl_window(wms_sdl *s);
/* Copy the last frame as RGBA8888 into `rgba` (w * h * 4 bytes). */
int wms_sdl_read_rgba(wms_sdl *s, uint8_t *rgba, size_t cap);
/* Text cache counters. */
void wms_sdl_cache_stats(const wms_sdl *s, unsigned *hits, unsigned *misses, unsigned *entries);

/*
 * Audio: open the default output (SDL audio); play queues a tone (stopping
 * one still playing).  Volume 0..100; `mute` plays nothing.  When no audio
 * device exists, open returns WMS_ENODEV and the kiosk runs silent.
 */
typedef struct wms_audio wms_audio;
int wms_audio_open(int volume, bool mute, wms_audio **out, wms_err *err);
void wms_audio_play(wms_audio *a, wms_tone t);
void wms_audio_set(wms_audio *a, int volume, bool mute);
void wms_audio_close(wms_audio *a);
/* Bytes of the last tone still queued for the device (0 when silent). */
unsigned wms_audio_queued(const wms_audio *a);

#ifdef __cplusplus
}
#endif
#endif /* WMS_UI_H */
