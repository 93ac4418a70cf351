/*
 * gallery.h -- a frame that uses every widget, shared by the null-backend
 * and the rendered-frame tests.
 */
#ifndef WMS_TEST_GALLERY_H
#define WMS_TEST_GALLERY_H

#include "wms/ui.h"

#include <stdio.h>

enum {
    ACT_RECEIVE = 1,
    ACT_MOVE,
    ACT_LOOKUP,
    ACT_SYNC,
    ACT_FIELD,
    ACT_PREV,
    ACT_NEXT,
    ACT_ROW = 100
};

static inline void gallery_row(void *data, int i, char *l, size_t lc, char *r, size_t rc,
                               wms_ui_kind *k)
{
    (void)data;
    snprintf(l, lc, "SKU-%06d Hex bolt M8x40 zinc plated", i + 1);
    snprintf(r, rc, "%d pcs", (i + 1) * 12);
    *k = i == 1 ? WMS_UI_WARN : (i == 2 ? WMS_UI_ERR : WMS_UI_NONE);
}

/* mode 0: tiles + list + keypad; 1: the same with a confirm modal; 2: toast */
static inline void gallery_frame(wms_ui *ui, int mode)
{
    const wms_layout *L = &ui->layout;
    const wms_theme *t = &ui->theme;
    wms_ui_begin(ui);
    wms_ui_status st = {"T1", "WH1", "Ana Novak", WMS_UI_LINK_OFFLINE, 3, 0, "14:05"};
    wms_ui_statusbar(ui, L->status, &st);
    wms_ui_title(ui, "Widgets", "Receipt R-0001");
    wms_rect c = L->content;
    int kp_w = L->portrait ? c.w : c.w * 2 / 5;
    int left_w = L->portrait ? c.w : c.w - kp_w - t->gap;
    int tile_h = t->target + t->font_px[WMS_FONT_SMALL];
    int tw = (left_w - t->gap) / 2;
    wms_ui_tile(ui, wms_rect_make(c.x, c.y, tw, tile_h), "Receive", "Scan goods in", "F1",
                ACT_RECEIVE, true, NULL);
    wms_ui_tile(ui, wms_rect_make(c.x + tw + t->gap, c.y, tw, tile_h), "Move", NULL, NULL, ACT_MOVE,
                false, "Coming later");
    int y = c.y + tile_h + t->gap;
    wms_ui_textfield(ui, wms_rect_make(c.x, y, left_w, t->target + t->font_px[0] + 4),
                     "Operator code", "0001", "Scan or type", true, false, ACT_FIELD);
    y += t->target + t->font_px[0] + 4 + t->gap;
    wms_ui_progress(ui, wms_rect_make(c.x, y, left_w, t->target - 8), 0.4, "Pulling");
    y += t->target - 8 + t->gap;
    wms_ui_list lst = {{2, 3}, 8, 3, 0, ACT_ROW, ACT_PREV, ACT_NEXT, gallery_row, NULL, NULL};
    int kp_h = 5 * t->target + 2 * t->gap;
    int lh = L->portrait ? c.y + c.h - y - kp_h - t->gap : c.y + c.h - y;
    wms_ui_list_draw(ui, wms_rect_make(c.x, y, left_w, lh), &lst);
    wms_rect kp = L->portrait ? wms_rect_make(c.x, y + lh + t->gap, c.w, kp_h)
                              : wms_rect_make(c.x + left_w + t->gap, c.y, kp_w, c.h);
    wms_ui_keypad(ui, kp, 3, "Set qty");
    wms_ui_hint hints[] = {{"F1", "Home", ACT_RECEIVE},
                           {"F2", "Lookup", ACT_LOOKUP},
                           {"F3", "Sync", ACT_SYNC},
                           {"Esc", "Back", 0}};
    wms_ui_footer(ui, L->footer, hints, 4);
    if (mode == 1) {
        wms_ui_confirm(ui, "Post receipt?", "3 lines, 36 pcs go to the outbox.", "Post", "Not yet");
    } else if (mode == 2) {
        wms_ui_toast(ui, WMS_UI_ERR,
                     "Unknown barcode 4006381333931 \xE2\x80\x94 scan the product label");
    }
}

#endif
