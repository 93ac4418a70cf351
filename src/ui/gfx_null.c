/*
 * gfx_null.c -- a backend that draws nothing and measures with a fixed
 * advance: view models and hit zones are tested without pixels.
 */
#include "wms/ui.h"

#include <string.h>

static void n_clear(void *d, wms_color c)
{
    (void)d;
    (void)c;
}

static void n_fill(void *d, wms_rect r, wms_color c)
{
    (void)d;
    (void)r;
    (void)c;
}

static void n_stroke(void *d, wms_rect r, int t, wms_color c)
{
    (void)d;
    (void)r;
    (void)t;
    (void)c;
}

static void n_text(void *d, wms_font f, int x, int y, wms_color c, const char *s, size_t len)
{
    (void)d;
    (void)f;
    (void)x;
    (void)y;
    (void)c;
    (void)s;
    (void)len;
}

static void n_measure(void *d, wms_font f, const char *s, size_t len, int *w, int *h)
{
    const wms_gfx_null *n = d;
    size_t cps = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            cps++;
        }
    }
    int px = n->font_px[f];
    *w = (int)(cps * (size_t)px * 55u / 100u);
    *h = px + px / 6;
}

static void n_image(void *d, const wms_image *img, wms_rect r)
{
    (void)d;
    (void)img;
    (void)r;
}

static void n_clip(void *d, const wms_rect *r)
{
    (void)d;
    (void)r;
}

static int n_present(void *d)
{
    wms_gfx_null *n = d;
    n->presents++;
    return 0;
}

static const wms_gfx_ops null_ops = {"null",    n_clear, n_fill, n_stroke, n_text,
                                     n_measure, n_image, n_clip, n_present};

void wms_gfx_null_init(wms_gfx_null *n, int w, int h, const int font_px[WMS_FONT_COUNT_])
{
    memset(n, 0, sizeof(*n));
    n->gfx.ops = &null_ops;
    n->gfx.data = n;
    n->gfx.w = w;
    n->gfx.h = h;
    if (font_px) {
        memcpy(n->font_px, font_px, sizeof(n->font_px));
    } else {
        wms_theme t;
        wms_theme_init(&t, w, h);
        memcpy(n->font_px, t.font_px, sizeof(n->font_px));
    }
}
