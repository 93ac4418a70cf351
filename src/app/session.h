/*
 * session.h -- one running kiosk: config, data backend, SDL backend, UI
 * context, wedge detector, audio and the kiosk's view models; the
 * interactive event loop, script mode, health and the benchmark.
 */
#ifndef WMS_APP_SESSION_H
#define WMS_APP_SESSION_H

#include "kdata.h"
#include "kiosk.h"
#include "script.h"
#include "wms/core.h"
#include "wms/ui.h"

#include <stdio.h>

enum { KLINK_NONE = 0, KLINK_PG, KLINK_HTTP };

/* Scanner sources ([source1] .. [source4] in the config, ksources.c). */
#define KSOURCES_MAX 4
enum { KSRC_NONE = 0, KSRC_EVDEV, KSRC_SERIAL, KSRC_CAMERA, KSRC_REPLAY };

typedef struct kiosk_source_conf {
    int kind; /* KSRC_* */
    char path[256];
    int layout;   /* wms_kbd_layout */
    int suffix;   /* evdev: 0 enter, 1 tab, 2 none (gap framing) */
    int framing;  /* serial: wms_serial_framing */
    int64_t baud; /* serial */
    int64_t gap_ms;
    char symbologies[160]; /* camera: "" = default set */
    int64_t density;       /* camera 1..8 */
    int64_t dedup_ms;      /* -1: [scanner] dedup */
    bool loop;             /* replay */
} kiosk_source_conf;

typedef struct kiosk_conf {
    char terminal[32];
    char warehouse[32];
    char db[512]; /* "" = per-user data dir */
    int link;     /* KLINK_* */
    /* [central]: dsn/token are secrets (the file must be mode 0600) */
    char central_dsn[512];
    char central_url[256];
    char central_token[128];
    char central_ca[256];
    int64_t central_timeout_ms;
    int64_t sync_interval_ms;
    char font[512];
    char size[16];
    bool fullscreen;
    int64_t idle_logout_ms;
    int64_t volume;
    bool mute;
    char scan_prefix[8];
    int scan_suffix; /* wms_wedge_suffix */
    int64_t scan_gap_ms;
    int64_t scan_min_len;
    int64_t demo_products;
    int64_t scan_dedup_ms;
    kiosk_source_conf src[KSOURCES_MAX];
    char path[512]; /* the config file it came from ("" none): settings are saved there */
} kiosk_conf;

const wms_cfg_schema *kiosk_conf_schema(void);
/* The config file's names of a link (KLINK_*), a wedge suffix and a source
 * kind (KSRC_*); out of range: the first one ("none", "enter"). */
const char *kiosk_link_name(int link);
const char *kiosk_suffix_name(int suffix);
const char *kiosk_source_kind_name(int kind);
/* Defaults, then `path` (NULL: none), then WMS_* from the environment. */
int kiosk_conf_load(kiosk_conf *c, const char *path, wms_err *err);

/* The per-user config file: $XDG_CONFIG_HOME/wms-kiosk/kiosk.ini or
 * ~/.config/wms-kiosk/kiosk.ini (not created). */
int kiosk_default_config(char *buf, size_t cap, wms_err *err);
/* Settings changed on the settings screen: set terminal id / warehouse,
 * central link, screen size, sound and wedge prefix/suffix in `path`,
 * keeping every other line (the token too); written atomically with mode
 * 0600 (temporary file, fsync, rename); the directory is created. */
int kiosk_conf_save(const kiosk_conf *c, const char *path, wms_err *err);
/* The text kiosk_conf_save writes: `text` with those keys set from `c`
 * (lines replaced in place, missing keys added to their section, missing
 * sections appended, duplicate lines of an edited key dropped).  Pure;
 * fuzzed.  0 or WMS_ETOOBIG / WMS_ENOMEM. */
int kiosk_conf_edit(const char *text, size_t len, const kiosk_conf *c, wms_buf *out);

/* The per-user database path: $XDG_DATA_HOME/wms-kiosk/kiosk.db or
 * ~/.local/share/wms-kiosk/kiosk.db (directories created). */
int kiosk_default_db(char *buf, size_t cap, wms_err *err);

/* Open the data backend the build has (the store, or memory). */
int kdata_open(kdata *out, const kiosk_conf *c, wms_err *err);
void kdata_close(kdata *db);

typedef struct session {
    kiosk_conf conf;
    kdata db;
    bool db_open;
    wms_sdl *sdl;
    wms_ui *ui;
    kiosk *k;
    wms_wedge wedge;
    wms_audio *audio;
    bool fake_clock;
    int64_t fake_now_ms;  /* script mode: wall clock */
    int64_t fake_mono_ns; /* script mode: monotonic */
    unsigned tones[WMS_TONE_COUNT_];
    unsigned frames;
    bool quit;
    int64_t run_until_ms; /* session_run stops then (0: never) */
    /* kwire.c: the central link and the scanner sources */
    struct ksync *sync;
    struct ksources *sources;
    uint32_t wake_event; /* SDL user event: another thread has news */
    int64_t last_sync_look_ms;
} session;

/* (Re)start the wedge detector with s->conf's [scanner] framing. */
void session_wedge_config(session *s);

union SDL_Event;
struct kiosk_hooks;
/* kwire.c: start / stop the central link and the scanner sources of
 * s->conf, fill the kiosk hooks they serve, handle their SDL events. */
int ksession_open(session *s, wms_err *err);
void ksession_hooks(session *s, struct kiosk_hooks *h);
/* The settings screen's values from s->conf. */
struct kiosk_cfg;
void ksession_cfg(session *s, struct kiosk_cfg *kc);
/* true when `ev` was one of ours (handled). */
bool ksession_event(session *s, const union SDL_Event *ev);
/* Hand queued source scans and rejected-operation toasts to the kiosk. */
void ksession_drain(session *s);
/* Script mode's `sync MS`: wake the engine, wait until the outbox is empty,
 * then let the kiosk see the new state. */
int ksession_sync(session *s, int64_t timeout_ms, wms_err *err);
/* Interactive loop: call every turn; looks at the sync state once a
 * second (status bar).  Returns the longest wait (ms) it allows. */
int64_t ksession_tick(session *s, int64_t now_ms);
void ksession_close(session *s);

/* Script mode: a fixed clock from 2026-03-02 08:00 UTC; call before
 * session_display(). */
void session_use_script_clock(session *s);

/* Open everything but the display. */
int session_open(session *s, const kiosk_conf *conf, wms_err *err);
/* Open the display: headless surface, window or full screen. */
int session_display(session *s, wms_sdl_mode mode, int w, int h, wms_err *err);
void session_close(session *s);

int64_t session_now_ms(const session *s);
/* Build and (when changed, or `force`) render the current frame. */
void session_frame(session *s, bool force);

/* One SDL event (an `SDL_Event *`): keys and text go through the wedge
 * detector with the event's timestamp; taps hit the frame's zones. */
union SDL_Event;
void session_handle_event(session *s, const union SDL_Event *ev);

/* The interactive loop (returns the exit status). */
int session_run(session *s);

/* Run a parsed script; writes shots into `dir` (created).  Returns 0, or 1
 * after printing the first failed expectation to `log`. */
int session_script(session *s, const script *sc, const char *dir, FILE *log);

/* Write the current frame as PNG. */
int session_shot(session *s, const char *path, wms_err *err);

/* --bench: fill the report (area "ui"). */
/* `exe` (may be NULL) is a wms-kiosk binary to time a whole cold start
 * with (--cold-start-probe). */
int kiosk_bench(wms_bench_report *r, const kiosk_conf *conf, int idle_seconds, const char *exe,
                wms_err *err);

#endif
