/*
 * session.c -- a running kiosk: wiring SDL events through the wedge
 * detector into the kiosk's view models, the event-driven loop (no busy
 * waiting: SDL_WaitEventTimeout until the next event or deadline), script
 * mode and screenshots.
 */
#include "kdata_store.h"
#include "session.h"

#include <SDL.h>
#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* 2026-03-02 08:00:00 UTC: script mode's clock starts here, so that
 * screenshots are the same on every run. */
#define SCRIPT_EPOCH_MS INT64_C(1772438400000)

int64_t session_now_ms(const session *s)
{
    if (s->fake_clock) {
        return s->fake_now_ms;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_tone(void *data, wms_tone t)
{
    session *s = data;
    if ((int)t >= 0 && t < WMS_TONE_COUNT_) {
        s->tones[t]++;
    }
    wms_audio_play(s->audio, t);
}

static void on_sound(void *data, int volume, bool mute)
{
    session *s = data;
    s->conf.volume = volume;
    s->conf.mute = mute;
    wms_audio_set(s->audio, volume, mute);
}

static void on_wedge(void *data, const wms_wedge_event *ev)
{
    session *s = data;
    int64_t now = session_now_ms(s);
    switch (ev->kind) {
    case WMS_WEDGE_SCAN:
        kiosk_scan(s->k, ev->data, ev->len, now);
        break;
    case WMS_WEDGE_TEXT: {
        char buf[WMS_WEDGE_MAX_UNITS * 4 + 1];
        size_t n = ev->len < sizeof(buf) - 1 ? ev->len : sizeof(buf) - 1;
        memcpy(buf, ev->data, n);
        buf[n] = '\0';
        kiosk_text(s->k, buf, now);
        break;
    }
    case WMS_WEDGE_KEY:
        if (ev->key == '\r' || ev->key == '\n') {
            kiosk_key(s->k, KK_ENTER, now);
        } else if (ev->key == '\t') {
            kiosk_key(s->k, KK_TAB, now);
        } else if (ev->key == 0x08) {
            kiosk_key(s->k, KK_BACKSPACE, now);
        }
        break;
    case WMS_WEDGE_REJECT:
        kiosk_scan_rejected(s->k, ev->data, ev->len, ev->why, now);
        break;
    }
}

void session_wedge_config(session *s)
{
    wms_wedge_cfg wc;
    wms_wedge_cfg_default(&wc);
    wc.max_gap_ms = (int)s->conf.scan_gap_ms;
    wc.min_len = (int)s->conf.scan_min_len;
    wc.suffix = (wms_wedge_suffix)s->conf.scan_suffix;
    wms_strlcpy(wc.prefix, s->conf.scan_prefix, sizeof(wc.prefix));
    wms_wedge_init(&s->wedge, &wc, on_wedge, s);
}

int session_open(session *s, const kiosk_conf *conf, wms_err *err)
{
    memset(s, 0, sizeof(*s));
    s->conf = *conf;
    int rc = kdata_open(&s->db, conf, err);
    if (rc != 0) {
        return rc;
    }
    s->db_open = true;
    if (conf->terminal[0]) {
        wms_strlcpy(s->db.terminal, conf->terminal, sizeof(s->db.terminal));
    }
    if (conf->warehouse[0]) {
        wms_strlcpy(s->db.warehouse, conf->warehouse, sizeof(s->db.warehouse));
    }
    s->k = calloc(1, sizeof(*s->k));
    s->ui = calloc(1, sizeof(*s->ui));
    if (!s->k || !s->ui) {
        session_close(s);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    session_wedge_config(s);
    rc = ksession_open(s, err);
    if (rc != 0) {
        session_close(s);
    }
    return rc;
}

static void start_kiosk(session *s)
{
    kiosk_cfg kc;
    kiosk_cfg_default(&kc);
    kc.idle_logout_ms = s->conf.idle_logout_ms;
    kc.utc_clock = s->fake_clock;
    wms_strlcpy(kc.link, kiosk_link_name(s->conf.link), sizeof(kc.link));
    wms_strlcpy(kc.size, s->conf.size, sizeof(kc.size));
    snprintf(kc.scanner, sizeof(kc.scanner), "suffix %s, prefix '%s', %lld ms, min %lld",
             kiosk_suffix_name(s->conf.scan_suffix), s->conf.scan_prefix,
             (long long)s->conf.scan_gap_ms, (long long)s->conf.scan_min_len);
    kc.volume = (int)s->conf.volume;
    kc.mute = s->conf.mute;
    ksession_cfg(s, &kc);
    kiosk_hooks hooks = {.tone = on_tone, .sound = on_sound, .data = s};
    ksession_hooks(s, &hooks);
    kiosk_init(s->k, &s->db, &kc, &hooks, session_now_ms(s));
    /* A damaged database was moved aside at open: the operator is told. */
    const wms_store_open_info *info = kdata_store_info(&s->db, NULL);
    if (info && info->recovered) {
        const char *base = strrchr(info->moved_to, '/');
        char msg[700];
        snprintf(msg, sizeof(msg),
                 "The local database was damaged: kept as %s, a new one was started. Tell a "
                 "supervisor.",
                 base                ? base + 1
                 : info->moved_to[0] ? info->moved_to
                                     : "*.corrupt-*");
        kiosk_notify(s->k, WMS_UI_ERR, msg, session_now_ms(s));
    }
}

int session_display(session *s, wms_sdl_mode mode, int w, int h, wms_err *err)
{
    wms_sdl_opts o = {mode, w, h, s->conf.font[0] ? s->conf.font : NULL, "wms-kiosk", 0};
    int rc = wms_sdl_open(&o, &s->sdl, err);
    if (rc != 0) {
        return rc;
    }
    wms_ui_init(s->ui, wms_sdl_gfx(s->sdl));
    start_kiosk(s);
    return 0;
}

void session_close(session *s)
{
    ksession_close(s);
    if (s->audio) {
        wms_audio_close(s->audio);
    }
    if (s->sdl) {
        wms_sdl_close(s->sdl);
    }
    free(s->ui);
    free(s->k);
    if (s->db_open) {
        kdata_close(&s->db);
    }
    memset(s, 0, sizeof(*s));
}

void session_frame(session *s, bool force)
{
    kiosk_draw(s->k, s->ui);
    bool rendered = false;
    wms_ui_end(s->ui, force, &rendered);
    if (rendered) {
        s->frames++;
    }
}

/* ------------------------------------------------------------------------ */
/* Interactive loop                                                         */
/* ------------------------------------------------------------------------ */

static kkey map_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_ESCAPE:
        return KK_ESC;
    case SDLK_BACKSPACE:
        return KK_BACKSPACE;
    case SDLK_UP:
        return KK_UP;
    case SDLK_DOWN:
        return KK_DOWN;
    case SDLK_PAGEUP:
        return KK_PGUP;
    case SDLK_PAGEDOWN:
        return KK_PGDN;
    case SDLK_F1:
        return KK_F1;
    case SDLK_F2:
        return KK_F2;
    case SDLK_F3:
        return KK_F3;
    case SDLK_F4:
        return KK_F4;
    default:
        return KK_NONE;
    }
}

static void feed_text(session *s, const char *t, int64_t t_ns)
{
    /* One UTF-8 character per unit. */
    size_t i = 0, n = strlen(t);
    while (i < n) {
        size_t l = 1;
        unsigned char c = (unsigned char)t[i];
        if (c >= 0xF0) {
            l = 4;
        } else if (c >= 0xE0) {
            l = 3;
        } else if (c >= 0xC0) {
            l = 2;
        }
        if (i + l > n) {
            break;
        }
        wms_wedge_feed(&s->wedge, t + i, l, t_ns);
        i += l;
    }
}

/* SDL's clock (ms since SDL_Init) in ns: event timestamps and the wedge's
 * deadlines share it, so that queued events keep their real spacing. */
static int64_t sdl_ns(void)
{
    return (int64_t)SDL_GetTicks64() * 1000000;
}

static void press(session *s, int x, int y)
{
    wms_wedge_flush(&s->wedge);
    s->ui->pressed = wms_ui_hit(s->ui, x, y);
    s->k->dirty = true;
}

static void release(session *s, int x, int y, int64_t now)
{
    int a = wms_ui_hit(s->ui, x, y);
    int p = s->ui->pressed;
    s->ui->pressed = 0;
    s->k->dirty = true;
    if (a != 0 && a == p) {
        kiosk_action(s->k, a, now);
    }
}

void session_handle_event(session *s, const SDL_Event *ev)
{
    int64_t now = session_now_ms(s);
    int64_t t_ns = (int64_t)ev->common.timestamp * 1000000;
    if (ksession_event(s, ev)) {
        return;
    }
    switch (ev->type) {
    case SDL_QUIT:
        s->quit = true;
        break;
    case SDL_TEXTINPUT:
        feed_text(s, ev->text.text, t_ns);
        break;
    case SDL_KEYDOWN: {
        SDL_Keycode sym = ev->key.keysym.sym;
        Uint16 mod = ev->key.keysym.mod;
        if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER) {
            wms_wedge_feed(&s->wedge, "\r", 1, t_ns);
        } else if (sym == SDLK_TAB) {
            wms_wedge_feed(&s->wedge, "\t", 1, t_ns);
        } else if ((mod & KMOD_CTRL) && sym == SDLK_RIGHTBRACKET) {
            wms_wedge_feed(&s->wedge, "\x1D", 1, t_ns); /* GS as scanners send it */
        } else if ((mod & KMOD_CTRL) && (mod & KMOD_ALT) && sym == SDLK_q) {
            s->quit = true;
        } else {
            kkey k = map_key(sym);
            if (k != KK_NONE) {
                wms_wedge_flush(&s->wedge);
                kiosk_key(s->k, k, now);
            }
        }
        break;
    }
    /* A tap: the button under the finger lights up on press and acts on
     * release when the finger is still on it (slide off to cancel). */
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.which != SDL_TOUCH_MOUSEID) {
            press(s, ev->button.x, ev->button.y);
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which != SDL_TOUCH_MOUSEID) {
            release(s, ev->button.x, ev->button.y, now);
        }
        break;
    case SDL_FINGERDOWN:
        press(s, (int)(ev->tfinger.x * (float)s->ui->layout.w),
              (int)(ev->tfinger.y * (float)s->ui->layout.h));
        break;
    case SDL_FINGERUP:
        release(s, (int)(ev->tfinger.x * (float)s->ui->layout.w),
                (int)(ev->tfinger.y * (float)s->ui->layout.h), now);
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
            s->ui->have_last = false; /* repaint */
            s->k->dirty = true;
        }
        break;
    default:
        break;
    }
}

int session_run(session *s)
{
    if (!s->audio && !s->conf.mute && s->conf.volume > 0 && s->run_until_ms == 0) {
        wms_err aerr = {0};
        if (wms_audio_open((int)s->conf.volume, s->conf.mute, &s->audio, &aerr) != 0) {
            fprintf(stderr, "wms-kiosk: %s; running without sound\n", aerr.msg);
        }
    }
    SDL_StartTextInput();
    session_frame(s, true);
    const char *drv = SDL_GetCurrentVideoDriver();
    bool blocking = drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0 ||
                            strcmp(drv, "cocoa") == 0 || strcmp(drv, "windows") == 0);
    if (s->run_until_ms == 0) {
        fprintf(stderr, "wms-kiosk: ready (%s, %dx%d)\n", drv ? drv : "headless", s->ui->layout.w,
                s->ui->layout.h);
    }
    int64_t last_sync_ms = session_now_ms(s);
    while (!s->quit) {
        int64_t now = session_now_ms(s);
        int64_t wait = kiosk_next_deadline(s->k) - now;
        int64_t wd = wms_wedge_deadline(&s->wedge);
        if (wd >= 0) {
            int64_t w2 = (wd - sdl_ns()) / 1000000 + 1;
            if (w2 < wait) {
                wait = w2;
            }
        }
        if (wait < 1) {
            wait = 1;
        }
        int64_t cap = ksession_tick(s, now);
        if (wait > cap) {
            wait = cap;
        }
        if (s->run_until_ms > 0) {
            if (now >= s->run_until_ms) {
                break;
            }
            if (s->run_until_ms - now < wait) {
                wait = s->run_until_ms - now;
            }
        }
        SDL_Event ev;
        if (blocking) {
            if (SDL_WaitEventTimeout(&ev, (int)wait)) {
                session_handle_event(s, &ev);
            }
        } else {
            /* SDL polls every 1 ms in SDL_WaitEventTimeout on drivers that
             * cannot block (KMSDRM, offscreen, dummy): pump every 10 ms
             * instead, which costs ~10x less CPU when idle. */
            SDL_Delay((Uint32)(wait < 10 ? wait : 10));
        }
        while (SDL_PollEvent(&ev)) {
            session_handle_event(s, &ev);
        }
        wms_wedge_poll(&s->wedge, sdl_ns());
        now = session_now_ms(s);
        kiosk_tick(s->k, now);
        ksession_tick(s, now);
        if (!s->sync && now - last_sync_ms >= 60000) {
            /* The pending count changes when the sync engine works. */
            kd_sync before = s->k->sy.s;
            s->db.ops->sync_status(s->db.d, &s->k->sy.s);
            if (memcmp(&before, &s->k->sy.s, sizeof(before)) != 0) {
                s->k->dirty = true;
            }
            last_sync_ms = now;
        }
        if (s->k->dirty) {
            session_frame(s, false);
        }
    }
    SDL_StopTextInput();
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Screenshots and scripts                                                  */
/* ------------------------------------------------------------------------ */

int session_shot(session *s, const char *path, wms_err *err)
{
    wms_gfx *g = wms_sdl_gfx(s->sdl);
    size_t n = (size_t)g->w * (size_t)g->h * 4u;
    uint8_t *px = malloc(n);
    if (!px) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    int rc = wms_sdl_read_rgba(s->sdl, px, n);
    if (rc != 0) {
        free(px);
        return wms_err_set(err, rc, "cannot read the frame");
    }
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)g->w;
    img.height = (png_uint_32)g->h;
    img.format = PNG_FORMAT_RGBA;
    if (!png_image_write_to_file(&img, path, 0, px, g->w * 4, NULL)) {
        rc = wms_err_set(err, WMS_EIO, "cannot write %s: %s", path, img.message);
    }
    free(px);
    return rc;
}

static int mkdirs(const char *dir)
{
    char tmp[1024];
    if (wms_strlcpy(tmp, dir, sizeof(tmp)) != 0) {
        return -1;
    }
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
                return -1;
            }
            *p = '/';
        }
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
        return -1;
    }
    return 0;
}

static void advance(session *s, int64_t ms)
{
    s->fake_now_ms += ms;
    s->fake_mono_ns += ms * 1000000;
    wms_wedge_poll(&s->wedge, s->fake_mono_ns);
    kiosk_tick(s->k, s->fake_now_ms);
}

int session_script(session *s, const script *sc, const char *dir, FILE *log)
{
    if (dir && mkdirs(dir) != 0) {
        fprintf(log, "script: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    session_frame(s, true);
    for (size_t i = 0; i < sc->n; i++) {
        const script_cmd *c = &sc->cmds[i];
        const uint8_t *d = script_data(sc, c);
        int64_t now = s->fake_now_ms;
        switch (c->op) {
        case SOP_SIZE:
            break;
        case SOP_SCAN:
            kiosk_scan(s->k, d, c->len, now);
            advance(s, 50);
            break;
        case SOP_TYPE:
            for (uint32_t j = 0; j < c->len; j++) {
                wms_wedge_feed(&s->wedge, (const char *)d + j, 1, s->fake_mono_ns);
                advance(s, 2);
            }
            wms_wedge_feed(&s->wedge, "\r", 1, s->fake_mono_ns);
            advance(s, 100);
            break;
        case SOP_KEY:
            kiosk_key(s->k, (kkey)c->a, now);
            advance(s, 50);
            break;
        case SOP_TEXT:
            kiosk_text(s->k, (const char *)d, now);
            advance(s, 50);
            break;
        case SOP_TAP_LABEL: {
            const wms_ui_zone *z = wms_ui_find(s->ui, (const char *)d);
            if (!z) {
                fprintf(log, "script:%d: no enabled button or row '%s' on the %s screen\n", c->line,
                        (const char *)d, kiosk_screen_name(s->k->screen));
                return 1;
            }
            kiosk_action(s->k, z->action, now);
            advance(s, 50);
            break;
        }
        case SOP_TAP_XY:
            kiosk_action(s->k, wms_ui_hit(s->ui, (int)c->a, (int)c->b), now);
            advance(s, 50);
            break;
        case SOP_WAIT:
            advance(s, c->a);
            break;
        case SOP_SYNC: {
            wms_err err = {0};
            if (ksession_sync(s, c->a, &err) != 0) {
                fprintf(log, "script:%d: sync: %s\n", c->line, err.msg);
                return 1;
            }
            break;
        }
        case SOP_SHOT: {
            session_frame(s, false);
            if (!dir) {
                break;
            }
            char path[1200];
            snprintf(path, sizeof(path), "%s/%s.png", dir, (const char *)d);
            wms_err err = {0};
            if (session_shot(s, path, &err) != 0) {
                fprintf(log, "script:%d: %s\n", c->line, err.msg);
                return 1;
            }
            break;
        }
        case SOP_EXPECT_SCREEN:
            if (s->k->screen != (kscreen)c->a) {
                fprintf(log, "script:%d: expected screen %s, got %s (message: %s)\n", c->line,
                        kiosk_screen_name((kscreen)c->a), kiosk_screen_name(s->k->screen),
                        s->k->toast);
                return 1;
            }
            break;
        case SOP_EXPECT_TEXT:
        case SOP_EXPECT_NOTEXT: {
            session_frame(s, false);
            bool has = wms_ui_has_text(s->ui, (const char *)d);
            if (has != (c->op == SOP_EXPECT_TEXT)) {
                wms_buf b;
                wms_buf_init(&b, 16384);
                wms_ui_dump_text(s->ui, &b);
                fprintf(log, "script:%d: expected %s'%s' on the %s screen; it shows:\n%s\n",
                        c->line, has ? "no " : "", (const char *)d, kiosk_screen_name(s->k->screen),
                        wms_buf_str(&b));
                wms_buf_release(&b);
                return 1;
            }
            break;
        }
        }
        session_frame(s, false);
    }
    return 0;
}

void session_use_script_clock(session *s)
{
    s->fake_clock = true;
    s->fake_now_ms = SCRIPT_EPOCH_MS;
    s->fake_mono_ns = INT64_C(1000000000);
}
