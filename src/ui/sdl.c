/*
 * sdl.c -- the SDL2 + SDL2_ttf backend: software renderer on a window, a
 * full screen or a memory surface; rendered text is cached as textures
 * (least recently used goes first when the cache is full).
 */
#include "wms/ui.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TEXT_MAX 1024

typedef struct text_entry {
    uint64_t hash;
    int font;
    wms_color c;
    char *s;
    size_t len;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;
} text_entry;

struct wms_sdl {
    wms_gfx gfx;
    wms_sdl_mode mode;
    SDL_Window *win;
    SDL_Surface *surface; /* headless target */
    SDL_Renderer *ren;
    TTF_Font *font[WMS_FONT_COUNT_];
    text_entry *cache;
    size_t cache_cap, cache_n;
    uint64_t tick;
    unsigned hits, misses;
    bool video_init, ttf_init;
};

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool dir_has_font(const char *dir)
{
    char p[512];
    int n = SDL_snprintf(p, sizeof(p), "%s/DejaVuSans.ttf", dir);
    return n > 0 && (size_t)n < sizeof(p) && file_exists(p);
}

int wms_ui_font_find(const char *configured, char *dir, size_t cap, wms_err *err)
{
    static const char *const known[] = {
            "/usr/share/fonts/truetype/dejavu",   /* Debian, Raspberry Pi OS */
            "/usr/share/fonts/dejavu-sans-fonts", /* Fedora */
            "/usr/share/fonts/dejavu",            /* Alpine */
            "/usr/share/fonts/TTF",               /* Arch */
            "/usr/local/share/fonts/dejavu",      /* FreeBSD */
            "/usr/local/share/fonts",
            "/opt/homebrew/share/fonts",
            "/Library/Fonts",
    };
    const char *cands[2] = {configured, getenv("WMS_UI_FONT")};
    for (size_t i = 0; i < 2; i++) {
        const char *c = cands[i];
        if (!c || !*c) {
            continue;
        }
        char tmp[512];
        if (wms_strlcpy(tmp, c, sizeof(tmp)) != 0) {
            continue;
        }
        size_t n = strlen(tmp);
        if (n > 4 && strcmp(tmp + n - 4, ".ttf") == 0 && file_exists(tmp)) {
            char *slash = strrchr(tmp, '/');
            if (slash) {
                *slash = '\0';
            } else {
                wms_strlcpy(tmp, ".", sizeof(tmp));
            }
        }
        if (dir_has_font(tmp)) {
            return wms_strlcpy(dir, tmp, cap) == 0
                           ? 0
                           : wms_err_set(err, WMS_ETOOBIG, "font path too long");
        }
        return wms_err_set(err, WMS_ENOTFOUND,
                           "font '%s': no DejaVuSans.ttf there (install fonts-dejavu-core or set "
                           "[ui] font to the directory holding it)",
                           c);
    }
    for (size_t i = 0; i < WMS_ARRAY_LEN(known); i++) {
        if (dir_has_font(known[i])) {
            return wms_strlcpy(dir, known[i], cap);
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND,
                       "no DejaVu font found: install fonts-dejavu-core (apt-get install "
                       "fonts-dejavu-core) or set [ui] font / WMS_UI_FONT");
}

static uint64_t text_hash(int font, wms_color c, const char *s, size_t len)
{
    uint64_t h = UINT64_C(14695981039346656037);
    const uint8_t hdr[5] = {(uint8_t)font, c.r, c.g, c.b, c.a};
    for (size_t i = 0; i < sizeof(hdr); i++) {
        h = (h ^ hdr[i]) * UINT64_C(1099511628211);
    }
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (uint8_t)s[i]) * UINT64_C(1099511628211);
    }
    return h;
}

static void entry_free(text_entry *e)
{
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
    }
    free(e->s);
    memset(e, 0, sizeof(*e));
}

static text_entry *cache_get(wms_sdl *s, wms_font f, wms_color c, const char *str, size_t len)
{
    uint64_t h = text_hash((int)f, c, str, len);
    s->tick++;
    for (size_t i = 0; i < s->cache_n; i++) {
        text_entry *e = &s->cache[i];
        if (e->hash == h && e->font == (int)f && e->len == len &&
            memcmp(&e->c, &c, sizeof(c)) == 0 && memcmp(e->s, str, len) == 0) {
            e->used = s->tick;
            s->hits++;
            return e;
        }
    }
    s->misses++;
    char tmp[TEXT_MAX + 1];
    if (len > TEXT_MAX) {
        len = TEXT_MAX;
    }
    memcpy(tmp, str, len);
    tmp[len] = '\0';
    SDL_Color col = {c.r, c.g, c.b, c.a};
    SDL_Surface *surf = TTF_RenderUTF8_Blended(s->font[f], tmp, col);
    if (!surf) {
        return NULL;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(s->ren, surf);
    int w = surf->w, hh = surf->h;
    SDL_FreeSurface(surf);
    if (!tex) {
        return NULL;
    }
    text_entry *e;
    if (s->cache_n < s->cache_cap) {
        e = &s->cache[s->cache_n++];
    } else {
        e = &s->cache[0];
        for (size_t i = 1; i < s->cache_n; i++) {
            if (s->cache[i].used < e->used) {
                e = &s->cache[i];
            }
        }
        entry_free(e);
    }
    e->s = malloc(len ? len : 1);
    if (!e->s) {
        SDL_DestroyTexture(tex);
        memset(e, 0, sizeof(*e));
        return NULL;
    }
    memcpy(e->s, str, len);
    e->len = len;
    e->hash = h;
    e->font = (int)f;
    e->c = c;
    e->tex = tex;
    e->w = w;
    e->h = hh;
    e->used = s->tick;
    return e;
}

static void s_clear(void *d, wms_color c)
{
    wms_sdl *s = d;
    SDL_SetRenderDrawColor(s->ren, c.r, c.g, c.b, 255);
    SDL_RenderClear(s->ren);
}

static void s_fill(void *d, wms_rect r, wms_color c)
{
    wms_sdl *s = d;
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    /* Opaque fills skip per-pixel blending (a plain fill is ~10x faster in
     * the software renderer). */
    SDL_SetRenderDrawBlendMode(s->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(s->ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(s->ren, &sr);
}

static void s_stroke(void *d, wms_rect r, int t, wms_color c)
{
    wms_sdl *s = d;
    if (t <= 0) {
        return;
    }
    SDL_SetRenderDrawBlendMode(s->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(s->ren, c.r, c.g, c.b, c.a);
    SDL_Rect e[4] = {{r.x, r.y, r.w, t},
                     {r.x, r.y + r.h - t, r.w, t},
                     {r.x, r.y + t, t, r.h - 2 * t},
                     {r.x + r.w - t, r.y + t, t, r.h - 2 * t}};
    SDL_RenderFillRects(s->ren, e, 4);
}

static void s_text(void *d, wms_font f, int x, int y, wms_color c, const char *str, size_t len)
{
    wms_sdl *s = d;
    if ((int)f < 0 || f >= WMS_FONT_COUNT_ || len == 0) {
        return;
    }
    text_entry *e = cache_get(s, f, c, str, len);
    if (!e) {
        return;
    }
    SDL_Rect dst = {x, y, e->w, e->h};
    SDL_RenderCopy(s->ren, e->tex, NULL, &dst);
}

static void s_measure(void *d, wms_font f, const char *str, size_t len, int *w, int *h)
{
    wms_sdl *s = d;
    char tmp[TEXT_MAX + 1];
    if (len > TEXT_MAX) {
        len = TEXT_MAX;
    }
    memcpy(tmp, str, len);
    tmp[len] = '\0';
    if (TTF_SizeUTF8(s->font[f], tmp, w, h) != 0) {
        *w = 0;
        *h = TTF_FontHeight(s->font[f]);
    }
}

static void s_image(void *d, const wms_image *img, wms_rect r)
{
    wms_sdl *s = d;
    if (!img || !img->rgba || img->w <= 0 || img->h <= 0) {
        return;
    }
    void *px;
    memcpy(&px, &img->rgba, sizeof(px)); /* SDL wants non-const; it only reads */
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormatFrom(px, img->w, img->h, 32, img->w * 4,
                                                           SDL_PIXELFORMAT_RGBA32);
    if (!surf) {
        return;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(s->ren, surf);
    SDL_FreeSurface(surf);
    if (!tex) {
        return;
    }
    SDL_Rect dst = {r.x, r.y, r.w, r.h};
    SDL_RenderCopy(s->ren, tex, NULL, &dst);
    SDL_DestroyTexture(tex);
}

static void s_clip(void *d, const wms_rect *r)
{
    wms_sdl *s = d;
    if (r) {
        SDL_Rect c = {r->x, r->y, r->w, r->h};
        SDL_RenderSetClipRect(s->ren, &c);
    } else {
        SDL_RenderSetClipRect(s->ren, NULL);
    }
}

static int s_present(void *d)
{
    wms_sdl *s = d;
    SDL_RenderPresent(s->ren);
    return 0;
}

static const wms_gfx_ops sdl_ops = {"sdl",     s_clear, s_fill, s_stroke, s_text,
                                    s_measure, s_image, s_clip, s_present};

static int open_fonts(wms_sdl *s, const char *dir, int w, int h, wms_err *err)
{
    static const char *const files[WMS_FONT_COUNT_] = {"DejaVuSans.ttf",      "DejaVuSans.ttf",
                                                       "DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf",
                                                       "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"};
    wms_theme t;
    wms_theme_init(&t, w, h);
    for (int i = 0; i < WMS_FONT_COUNT_; i++) {
        char p[600];
        SDL_snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
        if (!file_exists(p)) {
            /* Only DejaVuSans.ttf is certain (fonts-dejavu-core has all). */
            SDL_snprintf(p, sizeof(p), "%s/DejaVuSans.ttf", dir);
        }
        s->font[i] = TTF_OpenFont(p, t.font_px[i]);
        if (!s->font[i]) {
            return wms_err_set(err, WMS_EIO, "cannot open font %s: %s", p, TTF_GetError());
        }
        TTF_SetFontHinting(s->font[i], TTF_HINTING_LIGHT);
    }
    return 0;
}

int wms_sdl_open(const wms_sdl_opts *opts, wms_sdl **out, wms_err *err)
{
    wms_sdl_opts o = {0};
    if (opts) {
        o = *opts;
    }
    if (o.w <= 0 || o.h <= 0) {
        o.w = 800;
        o.h = 480;
    }
    if (o.text_cache <= 0) {
        o.text_cache = 384;
    }
    char dir[512];
    int rc = wms_ui_font_find(o.font_path, dir, sizeof(dir), err);
    if (rc != 0) {
        return rc;
    }
    wms_sdl *s = calloc(1, sizeof(*s));
    if (!s) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    s->mode = o.mode;
    s->cache_cap = (size_t)o.text_cache;
    s->cache = calloc(s->cache_cap, sizeof(text_entry));
    if (!s->cache) {
        rc = wms_err_set(err, WMS_ENOMEM, "out of memory");
        goto fail;
    }
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    if (o.mode == WMS_SDL_HEADLESS) {
        s->surface = SDL_CreateRGBSurfaceWithFormat(0, o.w, o.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!s->surface) {
            rc = wms_err_set(err, WMS_ENOMEM, "cannot create surface: %s", SDL_GetError());
            goto fail;
        }
        s->ren = SDL_CreateSoftwareRenderer(s->surface);
    } else {
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
            rc = wms_err_set(err, WMS_ENODEV, "no display: %s", SDL_GetError());
            goto fail;
        }
        s->video_init = true;
        Uint32 flags = SDL_WINDOW_SHOWN;
        if (o.mode == WMS_SDL_FULLSCREEN) {
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        }
        s->win = SDL_CreateWindow(o.title ? o.title : "wms-kiosk", SDL_WINDOWPOS_CENTERED,
                                  SDL_WINDOWPOS_CENTERED, o.w, o.h, flags);
        if (!s->win) {
            rc = wms_err_set(err, WMS_ENODEV, "cannot open a window: %s", SDL_GetError());
            goto fail;
        }
        SDL_GetWindowSize(s->win, &o.w, &o.h);
        s->ren = SDL_CreateRenderer(s->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!s->ren) {
        rc = wms_err_set(err, WMS_ENODEV, "cannot create renderer: %s", SDL_GetError());
        goto fail;
    }
    SDL_SetRenderDrawBlendMode(s->ren, SDL_BLENDMODE_BLEND);
    if (TTF_Init() != 0) {
        rc = wms_err_set(err, WMS_EIO, "SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    s->ttf_init = true;
    rc = open_fonts(s, dir, o.w, o.h, err);
    if (rc != 0) {
        goto fail;
    }
    s->gfx.ops = &sdl_ops;
    s->gfx.data = s;
    s->gfx.w = o.w;
    s->gfx.h = o.h;
    *out = s;
    return 0;
fail:
    wms_sdl_close(s);
    return rc;
}

void wms_sdl_close(wms_sdl *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->cache_n; i++) {
        entry_free(&s->cache[i]);
    }
    free(s->cache);
    for (int i = 0; i < WMS_FONT_COUNT_; i++) {
        if (s->font[i]) {
            TTF_CloseFont(s->font[i]);
        }
    }
    if (s->ttf_init) {
        TTF_Quit();
    }
    if (s->ren) {
        SDL_DestroyRenderer(s->ren);
    }
    if (s->surface) {
        SDL_FreeSurface(s->surface);
    }
    if (s->win) {
        SDL_DestroyWindow(s->win);
    }
    if (s->video_init) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    free(s);
}

wms_gfx *wms_sdl_gfx(wms_sdl *s)
{
    return &s->gfx;
}

void *wms_sdl_window(wms_sdl *s)
{
    return s->win;
}

int wms_sdl_read_rgba(wms_sdl *s, uint8_t *rgba, size_t cap)
{
    size_t need = (size_t)s->gfx.w * (size_t)s->gfx.h * 4u;
    if (cap < need) {
        return WMS_ETOOBIG;
    }
    if (SDL_RenderReadPixels(s->ren, NULL, SDL_PIXELFORMAT_RGBA32, rgba, s->gfx.w * 4) != 0) {
        return WMS_EIO;
    }
    return 0;
}

void wms_sdl_cache_stats(const wms_sdl *s, unsigned *hits, unsigned *misses, unsigned *entries)
{
    if (hits) {
        *hits = s->hits;
    }
    if (misses) {
        *misses = s->misses;
    }
    if (entries) {
        *entries = (unsigned)s->cache_n;
    }
}
