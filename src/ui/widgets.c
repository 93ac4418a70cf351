/*
 * widgets.c -- buttons, tiles, labels, text fields, paged lists, keypad,
 * status bar, footer, toast, modal confirm, progress bar.  Every state shown
 * in colour is also shown by an icon shape and a word.
 */
#include "wms/ui.h"

#include <stdio.h>
#include <string.h>

const char *wms_ui_kind_word(wms_ui_kind k)
{
    switch (k) {
    case WMS_UI_OK:
        return "OK";
    case WMS_UI_WARN:
        return "WARNING";
    case WMS_UI_ERR:
        return "ERROR";
    case WMS_UI_INFO:
        return "INFO";
    case WMS_UI_NONE:
        break;
    }
    return "";
}

wms_color wms_ui_kind_color(const wms_theme *t, wms_ui_kind k)
{
    switch (k) {
    case WMS_UI_OK:
        return t->ok;
    case WMS_UI_WARN:
        return t->warn;
    case WMS_UI_ERR:
        return t->err;
    case WMS_UI_INFO:
        return t->info;
    case WMS_UI_NONE:
        break;
    }
    return t->panel;
}

/* Icons are glyphs in DejaVu Sans on a coloured badge: the shapes differ
 * (check, triangle, cross, "i"), so colour is never the only cue. */
static const char *kind_glyph(wms_ui_kind k)
{
    switch (k) {
    case WMS_UI_OK:
        return "\xE2\x9C\x94"; /* U+2714 heavy check mark */
    case WMS_UI_WARN:
        return "\xE2\x9A\xA0"; /* U+26A0 warning sign */
    case WMS_UI_ERR:
        return "\xE2\x9C\x98"; /* U+2718 heavy ballot x */
    case WMS_UI_INFO:
        return "i";
    case WMS_UI_NONE:
        break;
    }
    return "";
}

void wms_ui_icon(wms_ui *ui, wms_ui_kind k, int x, int y, int size)
{
    if (k == WMS_UI_NONE) {
        return;
    }
    const wms_theme *t = &ui->theme;
    wms_rect r = wms_rect_make(x, y, size, size);
    wms_ui_rect(ui, r, wms_ui_kind_color(t, k));
    if (k == WMS_UI_WARN) {
        /* A triangle's silhouette differs from the square badges. */
        wms_ui_rect(ui, wms_rect_make(x, y, size / 5, size / 3), t->bg);
        wms_ui_rect(ui, wms_rect_make(x + size - size / 5, y, size / 5, size / 3), t->bg);
    }
    wms_font f = WMS_FONT_BOLD;
    if (size >= t->font_px[WMS_FONT_HUGE] + 8) {
        f = WMS_FONT_HUGE;
    } else if (size >= t->font_px[WMS_FONT_LARGE] + 8) {
        f = WMS_FONT_LARGE;
    }
    wms_ui_text(ui, r, f, WMS_ALIGN_CENTER, t->accent_text, kind_glyph(k));
}

static void key_badge(wms_ui *ui, wms_rect r, const char *key, wms_color fg)
{
    if (!key || !*key) {
        return;
    }
    int w = 0, h = 0;
    wms_ui_measure(ui, WMS_FONT_SMALL, key, &w, &h);
    int bw = w + ui->theme.pad;
    wms_rect b =
            wms_rect_make(r.x + r.w - bw - ui->theme.pad / 2, r.y + ui->theme.pad / 2, bw, h + 2);
    wms_ui_stroke(ui, b, 1, fg);
    wms_ui_text(ui, b, WMS_FONT_SMALL, WMS_ALIGN_CENTER, fg, key);
}

void wms_ui_button(wms_ui *ui, wms_rect r, const char *label, const char *key, wms_ui_style st,
                   int action, bool enabled)
{
    const wms_theme *t = &ui->theme;
    wms_color bg = t->panel_hi, fg = t->text, edge = t->border;
    if (st == WMS_UI_BTN_PRIMARY) {
        bg = t->accent;
        fg = t->accent_text;
        edge = t->accent;
    } else if (st == WMS_UI_BTN_DANGER) {
        bg = t->panel;
        fg = t->text;
        edge = t->err;
    }
    if (!enabled) {
        bg = t->disabled;
        fg = t->disabled_text;
        edge = t->disabled_text;
    }
    if (enabled && ui->pressed != 0 && ui->pressed == action) {
        bg = t->focus;
        fg = t->accent_text;
    }
    wms_ui_rect(ui, r, bg);
    wms_ui_stroke(ui, r, st == WMS_UI_BTN_DANGER ? t->border_px + 1 : t->border_px, edge);
    if (!enabled) {
        /* Dashed top edge: "off" also reads without colour. */
        for (int x = r.x; x < r.x + r.w; x += 12) {
            wms_ui_rect(ui, wms_rect_make(x, r.y, 6, t->border_px), t->bg);
        }
    }
    int kw = 0;
    if (key && *key) {
        int kh = 0, lw = 0, lh = 0;
        wms_ui_measure(ui, WMS_FONT_SMALL, key, &kw, &kh);
        wms_ui_measure(ui, WMS_FONT_BOLD, label, &lw, &lh);
        kw += t->pad * 2;
        if (lw + kw + 3 * t->pad > r.w) {
            /* No room: the label matters more than the key hint. */
            key = NULL;
            kw = 0;
        }
    }
    wms_rect lr = wms_rect_make(r.x + t->pad, r.y, r.w - 2 * t->pad - kw, r.h);
    int bw = 0, bh = 0;
    wms_ui_measure(ui, WMS_FONT_BOLD, label, &bw, &bh);
    wms_font lf = WMS_FONT_BOLD;
    if (bw > lr.w || ui->small_labels) {
        /* Narrow (portrait footers): the smaller face, and the padding
         * before an ellipsis. */
        lf = WMS_FONT_SMALL;
        wms_ui_measure(ui, WMS_FONT_SMALL, label, &bw, &bh);
        if (bw > lr.w && kw == 0) {
            lr = wms_rect_inset(r, t->border_px + 1);
        }
    }
    wms_ui_text(ui, lr, lf, WMS_ALIGN_CENTER, fg, label);
    key_badge(ui, r, key, fg);
    wms_ui_zone_add(ui, r, action, enabled, label);
}

void wms_ui_tile(wms_ui *ui, wms_rect r, const char *label, const char *hint, const char *key,
                 int action, bool enabled, const char *disabled_note)
{
    const wms_theme *t = &ui->theme;
    wms_color bg = enabled ? t->panel_hi : t->disabled;
    wms_color fg = enabled ? t->text : t->disabled_text;
    if (enabled && ui->pressed != 0 && ui->pressed == action) {
        bg = t->focus;
        fg = t->accent_text;
    }
    wms_ui_rect(ui, r, bg);
    wms_ui_stroke(ui, r, t->border_px, enabled ? t->accent : t->disabled_text);
    if (!enabled) {
        for (int x = r.x; x < r.x + r.w; x += 12) {
            wms_ui_rect(ui, wms_rect_make(x, r.y, 6, t->border_px), t->bg);
            wms_ui_rect(ui, wms_rect_make(x, r.y + r.h - t->border_px, 6, t->border_px), t->bg);
        }
    }
    int lh = t->font_px[WMS_FONT_LARGE] + t->pad;
    int sh = t->font_px[WMS_FONT_SMALL] + t->pad / 2;
    int top = r.y + (r.h - lh - sh) / 2;
    int lw = 0, lhh = 0;
    wms_ui_measure(ui, WMS_FONT_LARGE, label, &lw, &lhh);
    wms_font lf = lw > r.w - 2 * t->pad ? WMS_FONT_BOLD : WMS_FONT_LARGE;
    wms_ui_text(ui, wms_rect_make(r.x + t->pad, top, r.w - 2 * t->pad, lh), lf, WMS_ALIGN_CENTER,
                fg, label);
    const char *sub = enabled ? hint : disabled_note;
    if (sub && *sub) {
        wms_ui_text(ui, wms_rect_make(r.x + t->pad / 2, top + lh, r.w - t->pad, sh), WMS_FONT_SMALL,
                    WMS_ALIGN_CENTER, enabled ? t->text_dim : t->disabled_text, sub);
    }
    key_badge(ui, r, key, fg);
    wms_ui_zone_add(ui, r, action, enabled, label);
}

void wms_ui_label(wms_ui *ui, wms_rect r, const char *caption, const char *value)
{
    const wms_theme *t = &ui->theme;
    int cw = 0, ch = 0;
    if (caption && *caption) {
        wms_ui_measure(ui, WMS_FONT_BODY, caption, &cw, &ch);
        if (cw > r.w / 2) {
            cw = r.w / 2;
        }
        wms_ui_text(ui, wms_rect_make(r.x, r.y, cw, r.h), WMS_FONT_BODY, WMS_ALIGN_LEFT,
                    t->text_dim, caption);
        cw += t->gap;
    }
    wms_ui_text(ui, wms_rect_make(r.x + cw, r.y, r.w - cw, r.h), WMS_FONT_BOLD, WMS_ALIGN_LEFT,
                t->text, value ? value : "");
}

void wms_ui_textfield(wms_ui *ui, wms_rect r, const char *caption, const char *value,
                      const char *placeholder, bool focused, bool masked, int action)
{
    const wms_theme *t = &ui->theme;
    wms_rect box = r;
    if (caption && *caption) {
        int ch = t->font_px[WMS_FONT_SMALL] + 4;
        wms_ui_text(ui, wms_rect_make(r.x, r.y, r.w, ch), WMS_FONT_SMALL, WMS_ALIGN_LEFT,
                    t->text_dim, caption);
        box = wms_rect_make(r.x, r.y + ch, r.w, r.h - ch);
    }
    wms_ui_rect(ui, box, t->panel);
    wms_ui_stroke(ui, box, focused ? t->border_px + 1 : t->border_px,
                  focused ? t->focus : t->border);
    wms_rect in = wms_rect_make(box.x + t->pad, box.y, box.w - 2 * t->pad, box.h);
    char shown[128];
    const char *v = value ? value : "";
    if (masked) {
        size_t n = strlen(v);
        if (n > sizeof(shown) / 3 - 1) {
            n = sizeof(shown) / 3 - 1;
        }
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
            memcpy(shown + o, "\xE2\x97\x8F", 3); /* U+25CF black circle */
            o += 3;
        }
        shown[o] = '\0';
        v = shown;
    }
    if (*v) {
        wms_ui_text(ui, in, WMS_FONT_BOLD, WMS_ALIGN_LEFT, t->text, v);
    } else if (placeholder && !focused) {
        wms_ui_text(ui, in, WMS_FONT_BODY, WMS_ALIGN_LEFT, t->text_dim, placeholder);
    }
    if (focused) {
        int w = 0, h = 0;
        if (*v) {
            wms_ui_measure(ui, WMS_FONT_BOLD, v, &w, &h);
        }
        if (w > in.w - 4) {
            w = in.w - 4;
        }
        int ch = t->font_px[WMS_FONT_BOLD];
        wms_ui_rect(ui, wms_rect_make(in.x + w + 2, in.y + (in.h - ch) / 2, 3, ch), t->focus);
    }
    if (action) {
        wms_ui_zone_add(ui, box, action, true, caption ? caption : "");
    }
}

int wms_ui_list_capacity(const wms_ui *ui, wms_rect r)
{
    int rows = (r.h - ui->theme.target - ui->theme.gap) / ui->layout.row_h;
    return rows < 1 ? 1 : rows;
}

void wms_ui_list_draw(wms_ui *ui, wms_rect r, const wms_ui_list *l)
{
    const wms_theme *t = &ui->theme;
    int row_h = ui->layout.row_h;
    int foot_h = t->target;
    wms_rect body = wms_rect_make(r.x, r.y, r.w, r.h - foot_h - t->gap);
    wms_ui_rect(ui, body, t->panel);
    if (l->total <= 0 || l->rows <= 0) {
        wms_ui_text(ui, body, WMS_FONT_BODY, WMS_ALIGN_CENTER, t->text_dim,
                    l->empty_text ? l->empty_text : "Nothing here yet");
    }
    wms_ui_clip(ui, &body);
    for (int i = 0; i < l->rows; i++) {
        wms_rect rr = wms_rect_make(body.x, body.y + i * row_h, body.w, row_h);
        if (rr.y + rr.h > body.y + body.h) {
            break;
        }
        char left[160] = "", right[96] = "";
        wms_ui_kind kind = WMS_UI_NONE;
        l->row(l->data, i, left, sizeof(left), right, sizeof(right), &kind);
        if (i == l->selected) {
            wms_ui_rect(ui, rr, t->panel_hi);
            wms_ui_rect(ui, wms_rect_make(rr.x, rr.y, 6, rr.h), t->focus);
        }
        wms_ui_rect(ui, wms_rect_make(rr.x, rr.y + rr.h - 1, rr.w, 1), t->border);
        int x = rr.x + t->pad + 6;
        if (kind != WMS_UI_NONE) {
            int is = t->font_px[WMS_FONT_BOLD] + 6;
            wms_ui_icon(ui, kind, x, rr.y + (rr.h - is) / 2, is);
            x += is + t->gap;
        }
        int rw = 0, rh = 0;
        if (right[0]) {
            wms_ui_measure(ui, WMS_FONT_BOLD, right, &rw, &rh);
            if (rw > rr.w / 2) {
                rw = rr.w / 2;
            }
            wms_ui_text(ui, wms_rect_make(rr.x + rr.w - rw - t->pad, rr.y, rw, rr.h), WMS_FONT_BOLD,
                        WMS_ALIGN_RIGHT, t->text, right);
        }
        wms_ui_text(ui, wms_rect_make(x, rr.y, rr.x + rr.w - x - rw - 2 * t->pad, rr.h),
                    WMS_FONT_BODY, WMS_ALIGN_LEFT, t->text, left);
        wms_ui_zone_add(ui, rr, l->act_row + i, true, left);
    }
    wms_ui_clip(ui, NULL);
    /* Paging footer. */
    int64_t pages = wms_page_count(l->total, l->page.page_size);
    wms_rect f = wms_rect_make(r.x, r.y + r.h - foot_h, r.w, foot_h);
    int bw = f.w / 4;
    bool has_prev = l->page.page > 1;
    bool has_next = l->page.page < pages;
    wms_ui_button(ui, wms_rect_make(f.x, f.y, bw, f.h), "< Prev", "PgUp", WMS_UI_BTN_NORMAL,
                  l->act_prev, has_prev);
    wms_ui_button(ui, wms_rect_make(f.x + f.w - bw, f.y, bw, f.h), "Next >", "PgDn",
                  WMS_UI_BTN_NORMAL, l->act_next, has_next);
    char info[96];
    if (pages > 0) {
        snprintf(info, sizeof(info), "Page %lld of %lld (%lld)", (long long)l->page.page,
                 (long long)pages, (long long)l->total);
    } else {
        snprintf(info, sizeof(info), "No rows");
    }
    wms_ui_text(ui, wms_rect_make(f.x + bw, f.y, f.w - 2 * bw, f.h), WMS_FONT_BODY,
                WMS_ALIGN_CENTER, t->text_dim, info);
}

void wms_ui_keypad(wms_ui *ui, wms_rect r, int decimals, const char *ok_label)
{
    static const char *const labels[12] = {"7", "8", "9", "4", "5", "6",
                                           "1", "2", "3", ".", "0", "\xE2\x8C\xAB"};
    static const int acts[12] = {WMS_UI_ACT_KEY_0 + 7, WMS_UI_ACT_KEY_0 + 8, WMS_UI_ACT_KEY_0 + 9,
                                 WMS_UI_ACT_KEY_0 + 4, WMS_UI_ACT_KEY_0 + 5, WMS_UI_ACT_KEY_0 + 6,
                                 WMS_UI_ACT_KEY_0 + 1, WMS_UI_ACT_KEY_0 + 2, WMS_UI_ACT_KEY_0 + 3,
                                 WMS_UI_ACT_KEY_DOT,   WMS_UI_ACT_KEY_0,     WMS_UI_ACT_KEY_BACK};
    const wms_theme *t = &ui->theme;
    int g = t->gap / 2;
    int rows = 5;
    int kh = (r.h - (rows - 1) * g) / rows;
    int kw = (r.w - 2 * g) / 3;
    for (int i = 0; i < 12; i++) {
        int cx = i % 3, cy = i / 3;
        wms_rect k = wms_rect_make(r.x + cx * (kw + g), r.y + cy * (kh + g), kw, kh);
        bool en = acts[i] != WMS_UI_ACT_KEY_DOT || decimals > 0;
        const char *lab = labels[i];
        wms_ui_button(ui, k, lab, NULL, WMS_UI_BTN_NORMAL, acts[i], en);
        if (acts[i] == WMS_UI_ACT_KEY_BACK) {
            /* A readable name for scripts and screen readers. */
            ui->zones[ui->nzones - 1].label[0] = '\0';
            wms_strlcpy(ui->zones[ui->nzones - 1].label, "Back", WMS_UI_LABEL_MAX);
        }
    }
    int y = r.y + 4 * (kh + g);
    int hw = (r.w - g) / 2;
    wms_ui_button(ui, wms_rect_make(r.x, y, hw, kh), "Clear", NULL, WMS_UI_BTN_DANGER,
                  WMS_UI_ACT_KEY_CLEAR, true);
    wms_ui_button(ui, wms_rect_make(r.x + hw + g, y, r.w - hw - g, kh), ok_label ? ok_label : "OK",
                  "Enter", WMS_UI_BTN_PRIMARY, WMS_UI_ACT_KEY_OK, true);
}

int wms_keypad_edit(char *buf, size_t cap, int decimals, int action)
{
    size_t n = strlen(buf);
    const char *dot = strchr(buf, '.');
    if (action >= WMS_UI_ACT_KEY_0 && action <= WMS_UI_ACT_KEY_0 + 9) {
        char d = (char)('0' + (action - WMS_UI_ACT_KEY_0));
        if (dot) {
            if ((int)(n - (size_t)(dot - buf) - 1) >= decimals) {
                return WMS_EINVAL;
            }
        } else {
            if (n == 1 && buf[0] == '0') {
                buf[0] = d;
                return 0;
            }
            if (n >= 9) {
                return WMS_EINVAL;
            }
        }
        if (n + 2 > cap) {
            return WMS_EINVAL;
        }
        buf[n] = d;
        buf[n + 1] = '\0';
        return 0;
    }
    switch (action) {
    case WMS_UI_ACT_KEY_DOT:
        if (decimals <= 0 || dot || n + 3 > cap) {
            return WMS_EINVAL;
        }
        if (n == 0) {
            buf[n++] = '0';
        }
        buf[n] = '.';
        buf[n + 1] = '\0';
        return 0;
    case WMS_UI_ACT_KEY_BACK:
        if (n == 0) {
            return WMS_EINVAL;
        }
        buf[n - 1] = '\0';
        return 0;
    case WMS_UI_ACT_KEY_CLEAR:
        buf[0] = '\0';
        return 0;
    default:
        return WMS_ENOTFOUND;
    }
}

const char *wms_ui_link_name(wms_ui_link l)
{
    switch (l) {
    case WMS_UI_LINK_ONLINE:
        return "online";
    case WMS_UI_LINK_OFFLINE:
        return "offline";
    case WMS_UI_LINK_DEGRADED:
        return "degraded";
    case WMS_UI_LINK_NONE:
        break;
    }
    return "no link";
}

void wms_ui_statusbar(wms_ui *ui, wms_rect r, const wms_ui_status *s)
{
    const wms_theme *t = &ui->theme;
    wms_ui_rect(ui, r, t->panel);
    wms_ui_rect(ui, wms_rect_make(r.x, r.y + r.h - 2, r.w, 2), t->border);
    char left[160];
    snprintf(left, sizeof(left), "%s \xC2\xB7 %s \xC2\xB7 %s", s->terminal ? s->terminal : "-",
             s->warehouse ? s->warehouse : "-",
             s->operator_name && *s->operator_name ? s->operator_name : "not logged in");
    wms_ui_kind k = WMS_UI_INFO;
    if (s->link == WMS_UI_LINK_ONLINE) {
        k = WMS_UI_OK;
    } else if (s->link == WMS_UI_LINK_OFFLINE) {
        k = WMS_UI_ERR;
    } else if (s->link == WMS_UI_LINK_DEGRADED) {
        k = WMS_UI_WARN;
    }
    char right[96];
    if (s->rejected > 0) {
        snprintf(right, sizeof(right),
                 "%s \xC2\xB7 %lld pending \xC2\xB7 %lld rejected \xC2\xB7 %s",
                 wms_ui_link_name(s->link), (long long)s->pending, (long long)s->rejected,
                 s->clock ? s->clock : "");
    } else {
        snprintf(right, sizeof(right), "%s \xC2\xB7 %lld pending \xC2\xB7 %s",
                 wms_ui_link_name(s->link), (long long)s->pending, s->clock ? s->clock : "");
    }
    int rw = 0, rh = 0;
    wms_ui_measure(ui, WMS_FONT_SMALL, right, &rw, &rh);
    int is = r.h - 12;
    if (rw > r.w * 3 / 4) {
        rw = r.w * 3 / 4;
    }
    int rx = r.x + r.w - t->pad - rw;
    wms_ui_text(ui, wms_rect_make(rx, r.y, rw, r.h), WMS_FONT_SMALL, WMS_ALIGN_RIGHT, t->text,
                right);
    wms_ui_icon(ui, k, rx - is - t->gap, r.y + (r.h - is) / 2, is);
    int lw = rx - is - 2 * t->gap - (r.x + t->pad);
    wms_ui_text(ui, wms_rect_make(r.x + t->pad, r.y, lw, r.h), WMS_FONT_SMALL, WMS_ALIGN_LEFT,
                t->text, left);
}

void wms_ui_footer(wms_ui *ui, wms_rect r, const wms_ui_hint *hints, size_t n)
{
    const wms_theme *t = &ui->theme;
    wms_ui_rect(ui, r, t->panel);
    wms_ui_rect(ui, wms_rect_make(r.x, r.y, r.w, 2), t->border);
    if (n == 0) {
        return;
    }
    int g = t->gap / 2;
    int w = (r.w - (int)(n + 1) * g) / (int)n;
    /* One face for the whole row: small when any label needs it. */
    for (size_t i = 0; i < n; i++) {
        int lw = 0, lh = 0;
        wms_ui_measure(ui, WMS_FONT_BOLD, hints[i].text, &lw, &lh);
        if (lw > w - 2 * t->pad) {
            ui->small_labels = true;
        }
    }
    for (size_t i = 0; i < n; i++) {
        wms_rect b = wms_rect_make(r.x + g + (int)i * (w + g), r.y + g + 2, w, r.h - 2 * g - 2);
        wms_ui_button(ui, b, hints[i].text, hints[i].key, WMS_UI_BTN_NORMAL, hints[i].action,
                      hints[i].action != 0);
    }
    ui->small_labels = false;
}

void wms_ui_toast(wms_ui *ui, wms_ui_kind k, const char *text)
{
    const wms_theme *t = &ui->theme;
    const wms_layout *l = &ui->layout;
    int line_h = t->font_px[WMS_FONT_BOLD] + t->font_px[WMS_FONT_BOLD] / 4;
    int h = t->font_px[WMS_FONT_LARGE] + t->font_px[WMS_FONT_LARGE] / 4 + 2 * line_h + 2 * t->pad;
    wms_rect r = wms_rect_make(l->content.x, l->content.y + l->content.h - h, l->content.w, h);
    wms_color c = wms_ui_kind_color(t, k);
    wms_ui_rect(ui, r, t->bg);
    wms_ui_rect(ui, r, c);
    wms_ui_stroke(ui, r, t->border_px + 1, t->text);
    int is = h - 2 * t->pad;
    wms_ui_rect(ui, wms_rect_make(r.x + t->pad - 2, r.y + t->pad - 2, is + 4, is + 4), t->bg);
    wms_ui_icon(ui, k, r.x + t->pad, r.y + t->pad, is);
    int x = r.x + 2 * t->pad + is;
    int tw = r.x + r.w - x - t->pad;
    int wh = t->font_px[WMS_FONT_LARGE] + t->font_px[WMS_FONT_LARGE] / 4;
    wms_ui_text(ui, wms_rect_make(x, r.y + t->pad, tw, wh), WMS_FONT_LARGE, WMS_ALIGN_LEFT,
                t->accent_text, wms_ui_kind_word(k));
    /* Two lines, broken between words: the message must be readable whole. */
    char first[256];
    size_t n = strlen(text), cut = n;
    int w = 0, hh = 0;
    wms_ui_measure(ui, WMS_FONT_BOLD, text, &w, &hh);
    if (w > tw) {
        size_t best = 0;
        for (size_t i = 1; i < n && i < sizeof(first); i++) {
            if (text[i] != ' ') {
                continue;
            }
            memcpy(first, text, i);
            first[i] = '\0';
            wms_ui_measure(ui, WMS_FONT_BOLD, first, &w, &hh);
            if (w > tw) {
                break;
            }
            best = i;
        }
        if (best > 0) {
            cut = best;
        }
    }
    size_t fl = cut < sizeof(first) - 1 ? cut : sizeof(first) - 1;
    memcpy(first, text, fl);
    first[fl] = '\0';
    int y = r.y + t->pad + wh;
    wms_ui_text(ui, wms_rect_make(x, y, tw, line_h), WMS_FONT_BOLD, WMS_ALIGN_LEFT, t->accent_text,
                first);
    if (cut < n) {
        wms_ui_text(ui, wms_rect_make(x, y + line_h, tw, line_h), WMS_FONT_BOLD, WMS_ALIGN_LEFT,
                    t->accent_text, text + cut + 1);
    }
}

void wms_ui_confirm(wms_ui *ui, const char *title, const char *text, const char *yes,
                    const char *no)
{
    const wms_theme *t = &ui->theme;
    for (size_t i = 0; i < ui->nzones; i++) {
        ui->zones[i].enabled = false;
    }
    wms_color dim = t->bg;
    dim.a = 200;
    wms_ui_rect(ui, wms_rect_make(0, 0, ui->layout.w, ui->layout.h), dim);
    int w = ui->layout.w - 4 * t->pad;
    if (w > 640) {
        w = 640;
    }
    int h = t->font_px[WMS_FONT_LARGE] + 2 * t->font_px[WMS_FONT_BODY] + t->target + 8 * t->pad;
    wms_rect m = wms_rect_make((ui->layout.w - w) / 2, (ui->layout.h - h) / 2, w, h);
    wms_ui_rect(ui, m, t->panel);
    wms_ui_stroke(ui, m, t->border_px + 1, t->accent);
    int y = m.y + t->pad;
    int is = t->font_px[WMS_FONT_LARGE] + 4;
    wms_ui_icon(ui, WMS_UI_WARN, m.x + t->pad * 2, y, is);
    wms_ui_text(ui, wms_rect_make(m.x + 3 * t->pad + is, y, m.w - 5 * t->pad - is, is),
                WMS_FONT_LARGE, WMS_ALIGN_LEFT, t->text, title);
    y += is + t->pad;
    wms_ui_text(ui, wms_rect_make(m.x + 2 * t->pad, y, m.w - 4 * t->pad, 2 * t->font_px[1]),
                WMS_FONT_BODY, WMS_ALIGN_LEFT, t->text, text);
    int by = m.y + m.h - t->target - 2 * t->pad;
    int bw = (m.w - 5 * t->pad) / 2;
    wms_ui_button(ui, wms_rect_make(m.x + 2 * t->pad, by, bw, t->target), no, "Esc",
                  WMS_UI_BTN_NORMAL, WMS_UI_ACT_MODAL_NO, true);
    wms_ui_button(ui, wms_rect_make(m.x + 3 * t->pad + bw, by, bw, t->target), yes, "Enter",
                  WMS_UI_BTN_PRIMARY, WMS_UI_ACT_MODAL_YES, true);
}

void wms_ui_progress(wms_ui *ui, wms_rect r, double fraction, const char *label)
{
    const wms_theme *t = &ui->theme;
    if (!(fraction >= 0.0)) {
        fraction = 0.0;
    }
    if (fraction > 1.0) {
        fraction = 1.0;
    }
    wms_ui_rect(ui, r, t->panel);
    int fw = (int)((r.w - 4) * fraction);
    wms_ui_rect(ui, wms_rect_make(r.x + 2, r.y + 2, fw, r.h - 4), t->info);
    wms_ui_stroke(ui, r, t->border_px, t->text);
    char buf[128];
    snprintf(buf, sizeof(buf), "%s %d %%", label ? label : "", (int)(fraction * 100.0 + 0.5));
    wms_ui_text(ui, r, WMS_FONT_BOLD, WMS_ALIGN_CENTER, t->text, buf);
}

void wms_ui_title(wms_ui *ui, const char *title, const char *note)
{
    const wms_theme *t = &ui->theme;
    wms_rect r = ui->layout.title;
    int nw = 0, nh = 0;
    if (note && *note) {
        wms_ui_measure(ui, WMS_FONT_BODY, note, &nw, &nh);
        int tw = 0, th = 0;
        wms_ui_measure(ui, WMS_FONT_LARGE, title, &tw, &th);
        int room = r.w - tw - t->gap;
        if (nw > room) {
            nw = room > r.w / 3 ? room : r.w / 3;
        }
        wms_ui_text(ui, wms_rect_make(r.x + r.w - nw, r.y, nw, r.h), WMS_FONT_BODY, WMS_ALIGN_RIGHT,
                    t->text_dim, note);
    }
    wms_ui_text(ui, wms_rect_make(r.x, r.y, r.w - nw - t->gap, r.h), WMS_FONT_LARGE, WMS_ALIGN_LEFT,
                t->text, title);
}
