/*
 * kwire.c -- a session's central link (ksync) and scanner sources
 * (ksources): started after the data layer, woken through one SDL user
 * event, served to the kiosk through its hooks.
 */
#include "ksources.h"
#include "ksync.h"
#include "session.h"

#include <SDL.h>
#include <stdio.h>
#include <string.h>

#define KSYNC_LOOK_MS 1000 /* status bar: link state and pending count */

/* Any thread: ask the UI thread to look (SDL_PushEvent is thread-safe and
 * wakes SDL_WaitEventTimeout). */
static void wake_ui(void *data)
{
    session *s = data;
    if (s->wake_event == 0 || s->wake_event == (uint32_t)-1) {
        return;
    }
    SDL_Event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = s->wake_event;
    SDL_PushEvent(&ev);
}

static int resolve_db(const kiosk_conf *c, char *buf, size_t cap, wms_err *err)
{
    if (c->db[0]) {
        return wms_strlcpy(buf, c->db, cap) == 0
                       ? 0
                       : wms_err_set(err, WMS_ETOOBIG, "db path too long");
    }
    return kiosk_default_db(buf, cap, err);
}

int ksession_open(session *s, wms_err *err)
{
    bool want_src = false;
    for (int i = 0; i < KSOURCES_MAX; i++) {
        want_src = want_src || s->conf.src[i].kind != KSRC_NONE;
    }
    if (s->conf.link == KLINK_NONE && !want_src) {
        return 0;
    }
    /* Headless sessions have no video subsystem: the wake event needs the
     * event queue at least. */
    if (SDL_InitSubSystem(SDL_INIT_EVENTS) != 0) {
        return wms_err_set(err, WMS_EIO, "SDL events: %s", SDL_GetError());
    }
    s->wake_event = SDL_RegisterEvents(1);
    int rc = 0;
    if (s->conf.link != KLINK_NONE) {
        char db[512];
        rc = resolve_db(&s->conf, db, sizeof(db), err);
        if (rc == 0) {
            ksync_opts o = {&s->conf, db, wake_ui, s};
            rc = ksync_start(&o, &s->sync, err);
        }
        if (rc != 0) {
            wms_err_prefix(err, "central link");
        }
    }
    if (rc == 0 && want_src) {
        rc = ksources_start(&s->conf, wake_ui, s, &s->sources, err);
        if (rc != 0) {
            wms_err_prefix(err, "scanner");
        }
    }
    if (rc != 0) {
        ksession_close(s);
    }
    return rc;
}

void ksession_close(session *s)
{
    bool had = s->wake_event != 0;
    ksources_stop(s->sources);
    s->sources = NULL;
    ksync_stop(s->sync);
    s->sync = NULL;
    if (had) {
        s->wake_event = 0;
        SDL_QuitSubSystem(SDL_INIT_EVENTS);
    }
}

static void hook_sync_now(void *data)
{
    session *s = data;
    ksync_wake(s->sync);
}

static void hook_sync_queued(void *data)
{
    session *s = data;
    ksync_queued(s->sync);
}

static void hook_sync_status(void *data, kd_sync *io)
{
    session *s = data;
    ksync_status(s->sync, io);
}

static void hook_health(void *data, wms_health *h)
{
    session *s = data;
    ksync_health(s->sync, h);
    ksources_health(s->sources, h);
}

static int hook_save(void *data, const kiosk_cfg *kc, wms_err *err)
{
    session *s = data;
    kiosk_conf c = s->conf;
    wms_strlcpy(c.terminal, kc->terminal, sizeof(c.terminal));
    wms_strlcpy(c.warehouse, kc->warehouse, sizeof(c.warehouse));
    for (int i = KLINK_NONE; i <= KLINK_HTTP; i++) {
        if (strcmp(kc->link, kiosk_link_name(i)) == 0) {
            c.link = i;
        }
    }
    int w = 0, h = 0;
    if (wms_display_size_parse(kc->size, &w, &h, err) != 0) {
        return err->code;
    }
    wms_strlcpy(c.size, kc->size, sizeof(c.size));
    c.volume = kc->volume;
    c.mute = kc->mute;
    wms_strlcpy(c.scan_prefix, kc->prefix, sizeof(c.scan_prefix));
    c.scan_suffix = kc->suffix;
    if (!c.path[0]) {
        return wms_err_set(err, WMS_ENOTFOUND, "no config file: start with --config FILE");
    }
    int rc = kiosk_conf_save(&c, c.path, err);
    if (rc != 0) {
        return rc;
    }
    bool restart = strcmp(c.terminal, s->conf.terminal) != 0 ||
                   strcmp(c.warehouse, s->conf.warehouse) != 0 || c.link != s->conf.link ||
                   strcmp(c.size, s->conf.size) != 0;
    s->conf = c;
    session_wedge_config(s); /* the wedge scanner's framing applies now */
    wms_err_clear(err);
    snprintf(err->msg, sizeof(err->msg), "Saved%s: %.120s",
             restart ? " (restart to apply link, terminal, screen)" : "", c.path);
    return 0;
}

void ksession_cfg(session *s, kiosk_cfg *kc)
{
    wms_strlcpy(kc->terminal, s->conf.terminal, sizeof(kc->terminal));
    wms_strlcpy(kc->warehouse, s->conf.warehouse, sizeof(kc->warehouse));
    wms_strlcpy(kc->prefix, s->conf.scan_prefix, sizeof(kc->prefix));
    kc->suffix = s->conf.scan_suffix;
}

void ksession_hooks(session *s, kiosk_hooks *h)
{
    h->save_settings = hook_save;
    if (s->sync || s->sources) {
        h->health = hook_health;
    }
    if (s->sync) {
        h->sync_now = hook_sync_now;
        h->sync_queued = hook_sync_queued;
        h->sync_status = hook_sync_status;
    }
}

/* Scans and rejections waiting for the UI thread. */
void ksession_drain(session *s)
{
    int64_t now = session_now_ms(s);
    wms_scan_event ev;
    while (ksources_take(s->sources, &ev)) {
        /* A camera (or a replay line) reports the AIM identifier apart from
         * the data; core's classifier reads it at the front, as wedge and
         * serial scanners configured for AIM send it. */
        size_t al = strlen(ev.aim);
        if (al == 3 && ev.aim[0] == ']' && (ev.len < 3 || memcmp(ev.data, ev.aim, 3) != 0) &&
            ev.len + 3 <= WMS_SCAN_DATA_MAX) {
            memmove(ev.data + 3, ev.data, ev.len);
            memcpy(ev.data, ev.aim, 3);
            ev.len += 3;
        }
        kiosk_scan(s->k, ev.data, ev.len, now);
    }
    char doc[48], reason[160], msg[K_TEXT];
    bool any = false;
    while (ksync_take_rejected(s->sync, doc, sizeof(doc), reason, sizeof(reason))) {
        kd_doc d;
        wms_err err = {0};
        bool known = s->db.ops->doc_get(s->db.d, doc, &d, &err) == 0 && d.ref[0];
        snprintf(msg, sizeof(msg), "Rejected by the centre: %.40s: %.120s", known ? d.ref : doc,
                 reason);
        kiosk_notify(s->k, WMS_UI_ERR, msg, now);
        any = true;
    }
    if (!any && s->sync) {
        kiosk_sync_refresh(s->k, true);
    }
}

bool ksession_event(session *s, const SDL_Event *ev)
{
    if (s->wake_event == 0 || ev->type != s->wake_event) {
        return false;
    }
    ksession_drain(s);
    return true;
}

int64_t ksession_tick(session *s, int64_t now_ms)
{
    if (!s->sync) {
        return 60000;
    }
    if (now_ms - s->last_sync_look_ms >= KSYNC_LOOK_MS) {
        s->last_sync_look_ms = now_ms;
        kiosk_sync_refresh(s->k, false);
    }
    return KSYNC_LOOK_MS;
}

int ksession_sync(session *s, int64_t timeout_ms, wms_err *err)
{
    int rc = ksync_wait_idle(s->sync, timeout_ms, err);
    ksession_drain(s);
    kiosk_sync_refresh(s->k, true);
    return rc;
}
