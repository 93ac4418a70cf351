/*
 * test_ui_render.c -- real frames from the SDL backend (software renderer on
 * SDL_VIDEODRIVER=offscreen windows, and headless surfaces), checked pixel by
 * pixel and against golden PNGs at every supported display size.
 */
#include "wms_test.h"

#include "gallery.h"
#include "golden.h"
#include "wms/ui.h"

#include <stdlib.h>

typedef struct fix {
    wms_sdl *sdl;
    wms_ui *ui;
    uint8_t *px;
    int w, h;
} fix;

static void open_fix(fix *f, wms_sdl_mode mode, int w, int h)
{
    wms_sdl_opts o = {mode, w, h, NULL, "test", 0};
    wms_err err = {0};
    int rc = wms_sdl_open(&o, &f->sdl, &err);
    if (rc != 0) {
        fail_msg("wms_sdl_open: %s", err.msg);
    }
    f->ui = malloc(sizeof(*f->ui));
    assert_non_null(f->ui);
    wms_ui_init(f->ui, wms_sdl_gfx(f->sdl));
    f->w = wms_sdl_gfx(f->sdl)->w;
    f->h = wms_sdl_gfx(f->sdl)->h;
    f->px = malloc((size_t)f->w * (size_t)f->h * 4u);
    assert_non_null(f->px);
}

static void close_fix(fix *f)
{
    free(f->px);
    free(f->ui);
    wms_sdl_close(f->sdl);
}

static void render(fix *f, int mode)
{
    gallery_frame(f->ui, mode);
    bool r = false;
    assert_int_equal(wms_ui_end(f->ui, false, &r), 0);
    assert_int_equal(wms_sdl_read_rgba(f->sdl, f->px, (size_t)f->w * (size_t)f->h * 4u), 0);
}

static wms_color px_at(const fix *f, int x, int y)
{
    const uint8_t *p = f->px + ((size_t)y * (size_t)f->w + (size_t)x) * 4u;
    wms_color c = {p[0], p[1], p[2], p[3]};
    return c;
}

static bool same(wms_color a, wms_color b)
{
    return abs(a.r - b.r) <= 2 && abs(a.g - b.g) <= 2 && abs(a.b - b.b) <= 2;
}

/* Count pixels in r that are not `bg`: text and icons drawn there. */
static int inked(const fix *f, wms_rect r, wms_color bg)
{
    int n = 0;
    for (int y = r.y; y < r.y + r.h; y++) {
        for (int x = r.x; x < r.x + r.w; x++) {
            if (!same(px_at(f, x, y), bg)) {
                n++;
            }
        }
    }
    return n;
}

static void test_pixels_800x480(void **state)
{
    (void)state;
    fix f;
    open_fix(&f, WMS_SDL_WINDOW, 800, 480);
    assert_int_equal(f.w, 800);
    render(&f, 0);
    const wms_theme *t = &f.ui->theme;
    /* Status bar background, screen background, a primary (yellow) button. */
    assert_true(same(px_at(&f, 400, 2), t->panel));
    const wms_ui_zone *ok = wms_ui_find(f.ui, "Set qty");
    assert_non_null(ok);
    assert_true(same(px_at(&f, ok->r.x + 4, ok->r.y + ok->r.h - 4), t->accent));
    /* Text really drawn: the title region has ink, and plenty of it. */
    int ink = inked(&f, f.ui->layout.title, t->bg);
    assert_true(ink > 300);
    /* The receive tile's label is inside the tile. */
    const wms_ui_zone *tile = wms_ui_find(f.ui, "Receive");
    assert_true(inked(&f, wms_rect_inset(tile->r, 6), t->panel_hi) > 200);
    assert_int_equal(golden_check("gallery_800x480", f.px, f.w, f.h), 0);
    render(&f, 1);
    assert_int_equal(golden_check("gallery_confirm_800x480", f.px, f.w, f.h), 0);
    render(&f, 2);
    assert_int_equal(golden_check("gallery_toast_800x480", f.px, f.w, f.h), 0);
    close_fix(&f);
}

static void test_every_size(void **state)
{
    (void)state;
    for (size_t i = 1; i < WMS_ARRAY_LEN(wms_display_sizes); i++) {
        fix f;
        open_fix(&f, WMS_SDL_WINDOW, wms_display_sizes[i].w, wms_display_sizes[i].h);
        render(&f, 0);
        char name[64];
        snprintf(name, sizeof(name), "gallery_%s", wms_display_sizes[i].name);
        assert_int_equal(golden_check(name, f.px, f.w, f.h), 0);
        close_fix(&f);
    }
}

static void test_headless_matches_window(void **state)
{
    (void)state;
    fix a, b;
    open_fix(&a, WMS_SDL_WINDOW, 800, 480);
    open_fix(&b, WMS_SDL_HEADLESS, 800, 480);
    render(&a, 2);
    render(&b, 2);
    size_t n = (size_t)a.w * (size_t)a.h * 4u, diff = 0;
    for (size_t i = 0; i < n; i++) {
        diff += i % 4 != 3 && abs(a.px[i] - b.px[i]) > 2;
    }
    if (diff >= n / 1000) {
        fail_msg("headless and window frames differ in %zu of %zu bytes", diff, n);
    }
    close_fix(&a);
    close_fix(&b);
}

static void test_text_cache_and_skip(void **state)
{
    (void)state;
    fix f;
    open_fix(&f, WMS_SDL_HEADLESS, 800, 480);
    render(&f, 0);
    unsigned h0, m0, e0;
    wms_sdl_cache_stats(f.sdl, &h0, &m0, &e0);
    assert_true(m0 > 20);
    /* Same frame: skipped, the backend is not touched at all. */
    gallery_frame(f.ui, 0);
    bool r = true;
    wms_ui_end(f.ui, false, &r);
    assert_false(r);
    unsigned h1, m1, e1;
    wms_sdl_cache_stats(f.sdl, &h1, &m1, &e1);
    assert_int_equal(h1, h0);
    assert_int_equal(m1, m0);
    /* Forced redraw: every text comes from the cache. */
    gallery_frame(f.ui, 0);
    wms_ui_end(f.ui, true, &r);
    assert_true(r);
    wms_sdl_cache_stats(f.sdl, &h1, &m1, &e1);
    assert_int_equal(m1, m0);
    assert_true(h1 >= h0 + m0);
    close_fix(&f);
}

static void test_small_cache_evicts(void **state)
{
    (void)state;
    wms_sdl_opts o = {WMS_SDL_HEADLESS, 800, 480, NULL, NULL, 8};
    wms_sdl *s = NULL;
    assert_int_equal(wms_sdl_open(&o, &s, NULL), 0);
    wms_ui *ui = malloc(sizeof(*ui));
    wms_ui_init(ui, wms_sdl_gfx(s));
    gallery_frame(ui, 0);
    wms_ui_end(ui, true, NULL);
    unsigned e;
    wms_sdl_cache_stats(s, NULL, NULL, &e);
    assert_int_equal(e, 8);
    free(ui);
    wms_sdl_close(s);
}

static void test_font_find(void **state)
{
    (void)state;
    char dir[512];
    wms_err err = {0};
    assert_int_equal(wms_ui_font_find(NULL, dir, sizeof(dir), &err), 0);
    char p[600];
    snprintf(p, sizeof(p), "%s/DejaVuSans.ttf", dir);
    char dir2[512];
    assert_int_equal(wms_ui_font_find(p, dir2, sizeof(dir2), &err), 0);
    assert_string_equal(dir, dir2);
    assert_int_equal(wms_ui_font_find("/nonexistent/fonts", dir2, sizeof(dir2), &err),
                     WMS_ENOTFOUND);
    assert_non_null(strstr(err.msg, "fonts-dejavu"));
    wms_sdl_opts o = {WMS_SDL_HEADLESS, 800, 480, "/nonexistent/fonts", NULL, 0};
    wms_sdl *s = NULL;
    assert_int_equal(wms_sdl_open(&o, &s, &err), WMS_ENOTFOUND);
    assert_null(s);
}

static void test_image(void **state)
{
    (void)state;
    fix f;
    open_fix(&f, WMS_SDL_HEADLESS, 800, 480);
    uint8_t rgba[4 * 4 * 4];
    for (int i = 0; i < 16; i++) {
        rgba[i * 4] = 255;
        rgba[i * 4 + 1] = 0;
        rgba[i * 4 + 2] = 255;
        rgba[i * 4 + 3] = 255;
    }
    wms_image img = {4, 4, rgba};
    wms_ui_begin(f.ui);
    wms_ui_image(f.ui, &img, wms_rect_make(10, 10, 40, 40));
    wms_rect clip = wms_rect_make(100, 100, 10, 10);
    wms_ui_clip(f.ui, &clip);
    wms_ui_rect(f.ui, wms_rect_make(90, 90, 40, 40), f.ui->theme.ok);
    wms_ui_clip(f.ui, NULL);
    wms_ui_end(f.ui, false, NULL);
    wms_sdl_read_rgba(f.sdl, f.px, (size_t)f.w * (size_t)f.h * 4u);
    wms_color mag = {255, 0, 255, 255};
    assert_true(same(px_at(&f, 30, 30), mag));
    assert_true(same(px_at(&f, 105, 105), f.ui->theme.ok));
    assert_true(same(px_at(&f, 95, 95), f.ui->theme.bg)); /* clipped away */
    close_fix(&f);
}

/* Tones through SDL audio (SDL_AUDIODRIVER=dummy): queued when on, nothing
 * when muted or at volume 0. */
static void test_audio(void **state)
{
    (void)state;
    wms_audio *a = NULL;
    wms_err err = {0};
    int rc = wms_audio_open(60, false, &a, &err);
    if (rc != 0) {
        fail_msg("audio: %s", err.msg);
    }
    wms_audio_play(a, WMS_TONE_ERROR);
    unsigned q = wms_audio_queued(a);
    assert_true(q > 0 && q <= wms_tone_samples(WMS_TONE_ERROR, 22050) * 2);
    /* A new tone replaces the one still playing. */
    wms_audio_play(a, WMS_TONE_SUCCESS);
    assert_true(wms_audio_queued(a) <= wms_tone_samples(WMS_TONE_SUCCESS, 22050) * 2);
    wms_audio_set(a, 60, true);
    wms_audio_play(a, WMS_TONE_WARNING);
    assert_true(wms_audio_queued(a) <= wms_tone_samples(WMS_TONE_SUCCESS, 22050) * 2);
    wms_audio_close(a);
    assert_int_equal(wms_audio_queued(NULL), 0);
    wms_audio_play(NULL, WMS_TONE_ERROR); /* no device: silent, no crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_pixels_800x480),
            cmocka_unit_test(test_every_size),
            cmocka_unit_test(test_headless_matches_window),
            cmocka_unit_test(test_text_cache_and_skip),
            cmocka_unit_test(test_small_cache_evicts),
            cmocka_unit_test(test_font_find),
            cmocka_unit_test(test_image),
            cmocka_unit_test(test_audio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
