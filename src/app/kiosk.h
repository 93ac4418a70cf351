/*
 * kiosk.h -- the kiosk's screens as state machines over view models.
 *
 * The kiosk is fed events (scans, keys, typed text, taps resolved to
 * actions, clock ticks) and draws its current screen into a wms_ui frame.
 * It holds no SDL state, so tests drive it with the null graphics backend
 * and check the view models directly; main.c and script.c connect it to
 * SDL, the wedge detector and the tones.  All data goes through kdata.
 */
#ifndef WMS_APP_KIOSK_H
#define WMS_APP_KIOSK_H

#include "kdata.h"
#include "wms/core.h"
#include "wms/ui.h"

typedef enum kscreen {
    KS_LOGIN = 0,
    KS_HOME,
    KS_RECEIVE,
    KS_LOOKUP,
    KS_DOCS,
    KS_SYNC,
    KS_SCANTEST,
    KS_SETTINGS,
    KS_COUNT_
} kscreen;

/* Settings screen rows. */
enum {
    KSET_SOUND = 0, /* applies at once */
    KSET_LINK,
    KSET_TERMINAL,
    KSET_WAREHOUSE,
    KSET_SUFFIX,
    KSET_PREFIX,
    KSET_SIZE,
    KSET_COUNT_
};
/* "login", "home", ... Static storage. */
const char *kiosk_screen_name(kscreen s);
int kiosk_screen_parse(const char *name, kscreen *out);

typedef enum kkey {
    KK_NONE = 0,
    KK_ENTER,
    KK_ESC,
    KK_TAB,
    KK_BACKSPACE,
    KK_UP,
    KK_DOWN,
    KK_PGUP,
    KK_PGDN,
    KK_F1,
    KK_F2,
    KK_F3,
    KK_F4,
    KK_COUNT_
} kkey;

/* "Enter", "Esc", "F1", ... and back (case-insensitive). */
const char *kiosk_key_name(kkey k);
int kiosk_key_parse(const char *name, kkey *out);

/* Actions (hit-zone ids) of the kiosk's screens. */
enum {
    KA_TILE_RECEIVE = 1,
    KA_TILE_MOVE,
    KA_TILE_PICK,
    KA_TILE_COUNT,
    KA_TILE_LOOKUP,
    KA_TILE_DOCS,
    KA_TILE_SYNC,
    KA_HOME,
    KA_BACK,
    KA_LOGOUT,
    KA_UNPLANNED,
    KA_POST,
    KA_CANCEL_DOC,
    KA_RESUME,
    KA_SET_QTY,
    KA_SYNC_NOW,
    KA_SCANTEST,
    KA_FILTER,
    KA_PREV,
    KA_NEXT,
    KA_FIELD,
    KA_LOGIN_NEXT,
    KA_SETTINGS,
    KA_VOL_DOWN,
    KA_VOL_UP,
    KA_MUTE,
    KA_SAVE,
    KA_ROW = 100 /* .. KA_ROW + rows */
};

typedef struct kiosk_cfg {
    int64_t idle_logout_ms; /* default 5 min; 0 never */
    int lock_failures;      /* default 5 */
    int64_t lock_ms;        /* default 5 min */
    int64_t toast_ms;       /* default 4 s */
    bool utc_clock;         /* clock in UTC (tests) instead of local time */
    /* shown and edited on the settings screen (from the config file) */
    char link[16];    /* "none", "pg", "http"           */
    char size[16];    /* "800x480"                      */
    char scanner[64]; /* "suffix enter, prefix -, 35 ms" */
    int volume;       /* 0..100                         */
    bool mute;
    char terminal[32];
    char warehouse[32];
    char prefix[8]; /* wedge scanner prefix */
    int suffix;     /* wedge suffix: 0 enter, 1 tab, 2 none */
} kiosk_cfg;

void kiosk_cfg_default(kiosk_cfg *c);

typedef struct kiosk_hooks {
    void (*tone)(void *data, wms_tone t);
    /* Wake the sync engine ("Sync now": push and pull); NULL when no
     * central link is configured. */
    void (*sync_now)(void *data);
    /* An operation went to the outbox: push it now (the pull keeps to its
     * interval); NULL when no central link is configured. */
    void (*sync_queued)(void *data);
    /* Sound changed on the settings screen (may be NULL). */
    void (*sound)(void *data, int volume, bool mute);
    /* The central link's part of the sync state (link, last success, last
     * error) over what the data layer knows (pending, rejected); NULL when
     * no link is configured. */
    void (*sync_status)(void *data, kd_sync *io);
    /* Health components of the central link (may be NULL). */
    void (*health)(void *data, wms_health *h);
    /* Settings changed on the settings screen: save them (may be NULL);
     * 0 (err->msg may then hold a sentence for the operator: where, and
     * what applies when) or a negative WMS_E* with a sentence in err. */
    int (*save_settings)(void *data, const struct kiosk_cfg *cfg, wms_err *err);
    void *data;
} kiosk_hooks;

#define K_LOCKS    16
#define K_LINES    64
#define K_ROWS     20
#define K_SCANTEST 6
#define K_TEXT     200

typedef struct kiosk {
    kdata *db;
    kiosk_cfg cfg;
    kiosk_hooks hooks;
    kscreen screen;
    int64_t now_ms, last_input_ms;
    bool logged_in;
    kd_operator op;
    bool dirty; /* something changed since the last draw */
    char clock[8];

    /* feedback */
    wms_ui_kind toast_kind;
    char toast[K_TEXT];
    int64_t toast_until;
    int modal; /* KA_POST / KA_CANCEL_DOC / KA_LOGOUT, 0 none */
    int sel;   /* row picked with Up/Down in the current list, -1 none */

    struct {
        int step; /* 0 badge / code, 1 PIN */
        char code[40];
        char pin[16];
        kd_operator cand;
        struct {
            int64_t id;
            int fails;
            int64_t until;
        } lock[K_LOCKS];
    } login;

    struct {
        int step; /* 0 pick a planned receipt, 1 scanning, 2 keypad */
        wms_page page;
        kd_planned plans[K_ROWS];
        int nplans;
        int64_t plans_total;
        kd_doc doc;
        kd_planned plan;
        kd_location loc;
        kd_line lines[K_LINES];
        int nlines;
        wms_page lpage;
        int selected;
        bool have_last;
        kd_item last;      /* the current item: cumulative qty of its scans */
        kd_product last_p; /* its product */
        char qty[24];      /* keypad text */
    } rcv;

    struct {
        int kind; /* 0 nothing, 1 product, 2 location, 3 document */
        char field[64];
        kd_product p;
        kd_barcode bcs[6];
        int nbcs;
        char gtin[WMS_GTIN14_LEN + 1];
        wms_qty pack;
        kd_location l;
        kd_doc d;
        kd_stock rows[K_ROWS];
        int nrows;
        kd_line lines[K_ROWS];
        int nlines;
    } lk;

    struct {
        int status; /* -1 all */
        wms_page page;
        kd_doc rows[K_ROWS];
        int n;
        int64_t total;
        bool detail;
        kd_doc d;
        kd_line lines[K_ROWS];
        int nlines;
    } docs;

    struct {
        kd_sync s;
        wms_health h;
        kd_doc rej[3]; /* the newest rejected documents, with reasons */
        int nrej;
        int64_t nrej_total;
    } sy;

    struct {
        bool unlocked;
        char pin[16];
        wms_page page;
        int per_page; /* rows the list shows (set when drawn) */
        int field;    /* the text setting being typed into, -1 none */
        bool changed; /* not saved yet */
    } set;

    struct {
        char raw[K_SCANTEST][160];
        char cls[K_SCANTEST][160];
        int n;
    } st;
} kiosk;

/* Label and current value of a settings row (value into buf). */
const char *kiosk_setting(const kiosk *k, int row, char *buf, size_t cap);

/* Set up on `db` (borrowed).  cfg/hooks may be NULL. */
void kiosk_init(kiosk *k, kdata *db, const kiosk_cfg *cfg, const kiosk_hooks *hooks,
                int64_t now_ms);

/* Events.  `now_ms` is wall-clock ms (the status bar clock, idle logout). */
void kiosk_scan(kiosk *k, const uint8_t *data, size_t len, int64_t now_ms);
void kiosk_key(kiosk *k, kkey key, int64_t now_ms);
void kiosk_text(kiosk *k, const char *utf8, int64_t now_ms);
void kiosk_action(kiosk *k, int action, int64_t now_ms);
/* A wedge scan that was broken (half, glued, too long). */
void kiosk_scan_rejected(kiosk *k, const uint8_t *data, size_t len, const char *why,
                         int64_t now_ms);
/* A message from outside the screens (a rejected operation from the sync
 * engine): toast + tone on whatever screen is up. */
void kiosk_notify(kiosk *k, wms_ui_kind kind, const char *msg, int64_t now_ms);
/* Read the sync state again (status bar; the sync screen's health and
 * rejected list too when it is up and something changed or `reload`). */
void kiosk_sync_refresh(kiosk *k, bool reload);
/* The progress bar of a pull run (the first full pull): false when none is
 * under way (no bar).  Otherwise *fraction is (cursor - pull_from) / (head -
 * pull_from) clamped to 0..0.99 (the run ends the bar, not 100 %), or -1
 * when the centre's newest change number is unknown (an indeterminate
 * bar); `text` gets "Loading catalogue from the centre: 45 % (120,000
 * changes)" or "Loading catalogue: 1,200 changes" and `label` the bar's
 * own shorter label (the widget adds the percentage). */
/* 1234567 -> "1,234,567" (negative: 0). */
void kiosk_fmt_count(int64_t v, char *buf, size_t cap);
bool kiosk_pull_progress(const kd_sync *s, double *fraction, char *text, size_t cap, char *label,
                         size_t label_cap);
/* Time passes: toasts expire, idle logout, the clock. */
void kiosk_tick(kiosk *k, int64_t now_ms);
/* When kiosk_tick must run next (ms), for SDL_WaitEventTimeout. */
int64_t kiosk_next_deadline(const kiosk *k);

/* Build the frame for the current screen (wms_ui_begin .. without end). */
void kiosk_draw(kiosk *k, wms_ui *ui);

#endif
