/*
 * theme.c -- geometry helpers, the warehouse-floor theme and the layouts for
 * the supported display sizes.
 */
#include "wms/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const wms_display_size wms_display_sizes[4] = {
        {"800x480", 800, 480},
        {"1024x600", 1024, 600},
        {"1280x800", 1280, 800},
        {"480x800", 480, 800},
};

bool wms_rect_contains(wms_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

wms_rect wms_rect_inset(wms_rect r, int d)
{
    r.x += d;
    r.y += d;
    r.w -= 2 * d;
    r.h -= 2 * d;
    if (r.w < 0) {
        r.w = 0;
    }
    if (r.h < 0) {
        r.h = 0;
    }
    return r;
}

static wms_color rgb(uint32_t v)
{
    wms_color c = {(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v, 255};
    return c;
}

static int sc(double scale, int px)
{
    return (int)(px * scale + 0.5);
}

void wms_theme_init(wms_theme *t, int w, int h)
{
    memset(t, 0, sizeof(*t));
    double sx, sy;
    if (h > w) {
        sx = w / 480.0;
        sy = h / 800.0;
    } else {
        sx = w / 800.0;
        sy = h / 480.0;
    }
    double s = sx < sy ? sx : sy;
    if (s < 0.5) {
        s = 0.5;
    }
    t->scale = s;
    /* Dark background, near-white text; Okabe-Ito state colours. */
    t->bg = rgb(0x101418);
    t->panel = rgb(0x1E252C);
    t->panel_hi = rgb(0x2C3640);
    t->text = rgb(0xF4F6F8);
    t->text_dim = rgb(0xB8C2CC);
    t->accent = rgb(0xF0E442);      /* yellow: primary actions   */
    t->accent_text = rgb(0x101418); /* dark text on yellow       */
    t->border = rgb(0x5A6A78);
    t->ok = rgb(0x009E73);   /* bluish green + check mark */
    t->warn = rgb(0xE69F00); /* orange + triangle         */
    t->err = rgb(0xD55E00);  /* vermillion + cross        */
    t->info = rgb(0x56B4E9); /* sky blue + "i"            */
    t->disabled = rgb(0x1A1F24);
    t->disabled_text = rgb(0x8A96A2);
    t->focus = rgb(0x56B4E9);
    t->font_px[WMS_FONT_SMALL] = sc(s, 22);
    t->font_px[WMS_FONT_BODY] = sc(s, 24);
    t->font_px[WMS_FONT_BOLD] = sc(s, 24);
    t->font_px[WMS_FONT_LARGE] = sc(s, 30);
    t->font_px[WMS_FONT_HUGE] = sc(s, 42);
    t->font_px[WMS_FONT_MONO] = sc(s, 22);
    t->pad = sc(s, 8);
    t->gap = sc(s, 8);
    t->target = sc(s, 56);
    if (t->target < 48) {
        t->target = 48;
    }
    t->border_px = s >= 1.5 ? 3 : 2;
}

void wms_layout_init(wms_layout *l, const wms_theme *t, int w, int h)
{
    memset(l, 0, sizeof(*l));
    l->w = w;
    l->h = h;
    l->portrait = h > w;
    double s = t->scale;
    int status_h = sc(s, 40);
    int title_h = sc(s, 40);
    int footer_h = sc(s, 60);
    if (footer_h < 48) {
        footer_h = 48;
    }
    l->status = wms_rect_make(0, 0, w, status_h);
    l->title = wms_rect_make(t->pad, status_h, w - 2 * t->pad, title_h);
    l->footer = wms_rect_make(0, h - footer_h, w, footer_h);
    int cy = status_h + title_h;
    l->content = wms_rect_make(t->pad, cy, w - 2 * t->pad, h - footer_h - cy - t->gap / 2);
    l->tile_cols = l->portrait ? 2 : 4;
    l->row_h = t->target;
    int list_h = l->content.h - t->target - t->gap;
    l->list_rows = list_h > 0 ? list_h / l->row_h : 1;
    if (l->list_rows < 1) {
        l->list_rows = 1;
    }
    l->keypad_key = t->target;
}

int wms_display_size_parse(const char *s, int *w, int *h, wms_err *err)
{
    if (!s) {
        return wms_err_set(err, WMS_EINVAL, "display size: missing");
    }
    char *end = NULL;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X')) {
        return wms_err_set(err, WMS_EINVAL, "display size '%s': expected WIDTHxHEIGHT", s);
    }
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end != '\0') {
        return wms_err_set(err, WMS_EINVAL, "display size '%s': expected WIDTHxHEIGHT", s);
    }
    if (a < 200 || a > 4096 || b < 200 || b > 4096) {
        return wms_err_set(err, WMS_ERANGE, "display size '%s': each side 200..4096", s);
    }
    *w = (int)a;
    *h = (int)b;
    return 0;
}
