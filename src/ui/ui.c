/*
 * ui.c -- the UI context: a frame is a list of draw commands and hit zones;
 * it reaches the backend only when it differs from the last one presented.
 */
#include "wms/ui.h"

#include <string.h>
#include <strings.h>

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

void wms_ui_init(wms_ui *ui, wms_gfx *gfx)
{
    memset(ui, 0, sizeof(*ui));
    ui->gfx = gfx;
    wms_ui_resize(ui);
}

void wms_ui_resize(wms_ui *ui)
{
    wms_theme_init(&ui->theme, ui->gfx->w, ui->gfx->h);
    wms_layout_init(&ui->layout, &ui->theme, ui->gfx->w, ui->gfx->h);
    ui->have_last = false;
}

static wms_ui_cmd *push(wms_ui *ui, wms_ui_cmd_kind k)
{
    if (ui->ncmds >= WMS_UI_MAX_CMDS) {
        ui->overflow = true;
        return NULL;
    }
    wms_ui_cmd *c = &ui->cmds[ui->ncmds++];
    memset(c, 0, sizeof(*c));
    c->kind = k;
    return c;
}

void wms_ui_begin(wms_ui *ui)
{
    ui->ncmds = 0;
    ui->arena_len = 0;
    ui->nzones = 0;
    ui->overflow = false;
    wms_ui_cmd *c = push(ui, WMS_UI_CMD_CLEAR);
    if (c) {
        c->c = ui->theme.bg;
    }
}

static uint64_t frame_hash(const wms_ui *ui)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < ui->ncmds; i++) {
        const wms_ui_cmd *c = &ui->cmds[i];
        int k = (int)c->kind;
        h = fnv(h, &k, sizeof(k));
        h = fnv(h, &c->r, sizeof(c->r));
        h = fnv(h, &c->c, sizeof(c->c));
        h = fnv(h, &c->n, sizeof(c->n));
        if (c->kind == WMS_UI_CMD_TEXT) {
            int f = (int)c->font;
            h = fnv(h, &f, sizeof(f));
            h = fnv(h, ui->arena + c->off, c->len);
            h = fnv(h, &c->len, sizeof(c->len));
        } else if (c->kind == WMS_UI_CMD_IMAGE) {
            h = fnv(h, &c->img, sizeof(c->img));
            if (c->img && c->img->rgba) {
                h = fnv(h, c->img->rgba, (size_t)c->img->w * (size_t)c->img->h * 4u);
            }
        }
    }
    return h;
}

int wms_ui_end(wms_ui *ui, bool force, bool *rendered)
{
    uint64_t h = frame_hash(ui);
    if (!force && ui->have_last && h == ui->last_hash) {
        ui->frames_skipped++;
        if (rendered) {
            *rendered = false;
        }
        return 0;
    }
    const wms_gfx_ops *ops = ui->gfx->ops;
    void *d = ui->gfx->data;
    for (size_t i = 0; i < ui->ncmds; i++) {
        const wms_ui_cmd *c = &ui->cmds[i];
        switch (c->kind) {
        case WMS_UI_CMD_CLEAR:
            ops->clear(d, c->c);
            break;
        case WMS_UI_CMD_RECT:
            ops->fill_rect(d, c->r, c->c);
            break;
        case WMS_UI_CMD_STROKE:
            ops->stroke_rect(d, c->r, c->n, c->c);
            break;
        case WMS_UI_CMD_TEXT:
            ops->text(d, c->font, c->r.x, c->r.y, c->c, ui->arena + c->off, c->len);
            break;
        case WMS_UI_CMD_IMAGE:
            ops->image(d, c->img, c->r);
            break;
        case WMS_UI_CMD_CLIP:
            ops->clip(d, &c->r);
            break;
        case WMS_UI_CMD_UNCLIP:
            ops->clip(d, NULL);
            break;
        }
    }
    ops->clip(d, NULL);
    int rc = ops->present(d);
    ui->last_hash = h;
    ui->have_last = true;
    ui->frames_rendered++;
    if (rendered) {
        *rendered = true;
    }
    return rc;
}

int wms_ui_hit(const wms_ui *ui, int x, int y)
{
    /* Last recorded wins: modals and toasts sit on top. */
    for (size_t i = ui->nzones; i > 0; i--) {
        const wms_ui_zone *z = &ui->zones[i - 1];
        if (wms_rect_contains(z->r, x, y)) {
            return z->enabled ? z->action : 0;
        }
    }
    return 0;
}

const wms_ui_zone *wms_ui_find(const wms_ui *ui, const char *label)
{
    for (size_t i = ui->nzones; i > 0; i--) {
        const wms_ui_zone *z = &ui->zones[i - 1];
        if (z->enabled && strcasecmp(z->label, label) == 0) {
            return z;
        }
    }
    return NULL;
}

bool wms_ui_has_text(const wms_ui *ui, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i < ui->ncmds; i++) {
        const wms_ui_cmd *c = &ui->cmds[i];
        if (c->kind != WMS_UI_CMD_TEXT || c->len < n) {
            continue;
        }
        const char *s = ui->arena + c->off;
        for (size_t j = 0; j + n <= c->len; j++) {
            if (memcmp(s + j, needle, n) == 0) {
                return true;
            }
        }
    }
    return false;
}

int wms_ui_dump_text(const wms_ui *ui, wms_buf *out)
{
    for (size_t i = 0; i < ui->ncmds; i++) {
        const wms_ui_cmd *c = &ui->cmds[i];
        if (c->kind != WMS_UI_CMD_TEXT) {
            continue;
        }
        int rc = wms_buf_add(out, ui->arena + c->off, c->len);
        if (rc == 0) {
            rc = wms_buf_add(out, "\n", 1);
        }
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}

void wms_ui_rect(wms_ui *ui, wms_rect r, wms_color c)
{
    wms_ui_cmd *k = push(ui, WMS_UI_CMD_RECT);
    if (k) {
        k->r = r;
        k->c = c;
    }
}

void wms_ui_stroke(wms_ui *ui, wms_rect r, int thickness, wms_color c)
{
    wms_ui_cmd *k = push(ui, WMS_UI_CMD_STROKE);
    if (k) {
        k->r = r;
        k->c = c;
        k->n = thickness;
    }
}

void wms_ui_image(wms_ui *ui, const wms_image *img, wms_rect dst)
{
    wms_ui_cmd *k = push(ui, WMS_UI_CMD_IMAGE);
    if (k) {
        k->img = img;
        k->r = dst;
    }
}

void wms_ui_clip(wms_ui *ui, const wms_rect *r)
{
    wms_ui_cmd *k = push(ui, r ? WMS_UI_CMD_CLIP : WMS_UI_CMD_UNCLIP);
    if (k && r) {
        k->r = *r;
    }
}

static int text_n(wms_ui *ui, wms_font f, int x, int y, wms_color c, const char *s, size_t len)
{
    if (len == 0) {
        return 0;
    }
    if (ui->arena_len + len > WMS_UI_TEXT_ARENA) {
        ui->overflow = true;
        return 0;
    }
    wms_ui_cmd *k = push(ui, WMS_UI_CMD_TEXT);
    if (!k) {
        return 0;
    }
    memcpy(ui->arena + ui->arena_len, s, len);
    k->off = (uint32_t)ui->arena_len;
    k->len = (uint32_t)len;
    ui->arena_len += len;
    k->font = f;
    k->c = c;
    k->r.x = x;
    k->r.y = y;
    int w = 0, h = 0;
    ui->gfx->ops->measure(ui->gfx->data, f, s, len, &w, &h);
    k->r.w = w;
    k->r.h = h;
    return w;
}

int wms_ui_text_at(wms_ui *ui, wms_font f, int x, int y, wms_color c, const char *s)
{
    return text_n(ui, f, x, y, c, s, strlen(s));
}

void wms_ui_measure(wms_ui *ui, wms_font f, const char *s, int *w, int *h)
{
    *w = 0;
    *h = 0;
    ui->gfx->ops->measure(ui->gfx->data, f, s, strlen(s), w, h);
}

/* Back up to the start of a UTF-8 character. */
static size_t utf8_floor(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
        n--;
    }
    return n;
}

void wms_ui_text(wms_ui *ui, wms_rect r, wms_font f, wms_align a, wms_color c, const char *s)
{
    size_t len = strlen(s);
    if (len == 0 || r.w <= 0) {
        return;
    }
    const wms_gfx_ops *ops = ui->gfx->ops;
    int w = 0, h = 0;
    ops->measure(ui->gfx->data, f, s, len, &w, &h);
    char tmp[512];
    const char *out = s;
    size_t out_len = len;
    if (w > r.w) {
        /* Cut with an ellipsis: binary search the longest prefix that fits. */
        static const char ell[] = "\xE2\x80\xA6";
        size_t lo = 0, hi = len < sizeof(tmp) - 4 ? len : sizeof(tmp) - 4;
        while (lo < hi) {
            size_t mid = utf8_floor(s, (lo + hi + 1) / 2);
            if (mid <= lo) {
                break;
            }
            memcpy(tmp, s, mid);
            memcpy(tmp + mid, ell, 3);
            int tw = 0, th = 0;
            ops->measure(ui->gfx->data, f, tmp, mid + 3, &tw, &th);
            if (tw <= r.w) {
                lo = mid;
            } else {
                hi = mid - 1;
                hi = utf8_floor(s, hi);
            }
        }
        memcpy(tmp, s, lo);
        memcpy(tmp + lo, ell, 3);
        out = tmp;
        out_len = lo + 3;
        ops->measure(ui->gfx->data, f, out, out_len, &w, &h);
    }
    int x = r.x;
    if (a == WMS_ALIGN_CENTER) {
        x = r.x + (r.w - w) / 2;
    } else if (a == WMS_ALIGN_RIGHT) {
        x = r.x + r.w - w;
    }
    int y = r.y + (r.h - h) / 2;
    text_n(ui, f, x, y, c, out, out_len);
}

void wms_ui_zone_add(wms_ui *ui, wms_rect r, int action, bool enabled, const char *label)
{
    if (ui->nzones >= WMS_UI_MAX_ZONES) {
        ui->overflow = true;
        return;
    }
    wms_ui_zone *z = &ui->zones[ui->nzones++];
    z->r = r;
    z->action = action;
    z->enabled = enabled;
    wms_strlcpy(z->label, label ? label : "", sizeof(z->label));
}
