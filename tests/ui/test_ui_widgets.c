/*
 * test_ui_widgets.c -- theme, layouts, hit zones, keypad editing, frame
 * skipping and tones, on the null backend (no pixels).
 */
#include "wms_test.h"

#include "gallery.h"
#include "wms/ui.h"

#include <math.h>
#include <stdlib.h>

static wms_ui *new_ui(wms_gfx_null *n, int w, int h)
{
    wms_gfx_null_init(n, w, h, NULL);
    wms_ui *ui = malloc(sizeof(*ui));
    assert_non_null(ui);
    wms_ui_init(ui, &n->gfx);
    return ui;
}

static void test_theme_sizes(void **state)
{
    (void)state;
    for (size_t i = 0; i < WMS_ARRAY_LEN(wms_display_sizes); i++) {
        wms_theme t;
        wms_theme_init(&t, wms_display_sizes[i].w, wms_display_sizes[i].h);
        assert_true(t.font_px[WMS_FONT_BODY] >= 24);
        assert_true(t.font_px[WMS_FONT_SMALL] >= 22);
        assert_true(t.target >= 48);
    }
    wms_theme t;
    wms_theme_init(&t, 1280, 800);
    assert_true(t.font_px[WMS_FONT_BODY] > 24); /* scales up */
    int w, h;
    assert_int_equal(wms_display_size_parse("1024x600", &w, &h, NULL), 0);
    assert_int_equal(w, 1024);
    assert_int_equal(h, 600);
    assert_int_not_equal(wms_display_size_parse("1024", &w, &h, NULL), 0);
    assert_int_not_equal(wms_display_size_parse("10x10", &w, &h, NULL), 0);
    assert_int_not_equal(wms_display_size_parse("800x480x", &w, &h, NULL), 0);
}

/* High contrast: WCAG contrast ratio of text on the background. */
static double lum(wms_color c)
{
    double ch[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    for (int i = 0; i < 3; i++) {
        ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

static double contrast(wms_color a, wms_color b)
{
    double la = lum(a), lb = lum(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void test_contrast(void **state)
{
    (void)state;
    wms_theme t;
    wms_theme_init(&t, 800, 480);
    assert_true(contrast(t.text, t.bg) >= 12.0);
    assert_true(contrast(t.text, t.panel_hi) >= 7.0);
    assert_true(contrast(t.accent_text, t.accent) >= 7.0);
    assert_true(contrast(t.disabled_text, t.disabled) >= 4.5);
    /* Toast text is dark on the state colours. */
    assert_true(contrast(t.accent_text, t.ok) >= 4.5);
    assert_true(contrast(t.accent_text, t.warn) >= 4.5);
    assert_true(contrast(t.accent_text, t.err) >= 4.5);
}

static void test_zones_every_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < WMS_ARRAY_LEN(wms_display_sizes); i++) {
        int w = wms_display_sizes[i].w, h = wms_display_sizes[i].h;
        wms_gfx_null n;
        wms_ui *ui = new_ui(&n, w, h);
        gallery_frame(ui, 0);
        assert_false(ui->overflow);
        assert_true(ui->nzones > 20);
        for (size_t z = 0; z < ui->nzones; z++) {
            wms_rect r = ui->zones[z].r;
            if (r.x < 0 || r.y < 0 || r.x + r.w > w || r.y + r.h > h || r.w < 48 || r.h < 40) {
                fail_msg("%s: zone '%s' %d,%d %dx%d", wms_display_sizes[i].name, ui->zones[z].label,
                         r.x, r.y, r.w, r.h);
            }
            if (ui->zones[z].action < WMS_UI_ACT_KEY_0 && r.h < 48) {
                fail_msg("%s: zone '%s' is %d px high", wms_display_sizes[i].name,
                         ui->zones[z].label, r.h);
            }
        }
        free(ui);
    }
}

static void test_hit_and_find(void **state)
{
    (void)state;
    wms_gfx_null n;
    wms_ui *ui = new_ui(&n, 800, 480);
    gallery_frame(ui, 0);
    const wms_ui_zone *z = wms_ui_find(ui, "receive");
    assert_non_null(z);
    assert_int_equal(wms_ui_hit(ui, z->r.x + 5, z->r.y + 5), ACT_RECEIVE);
    /* Disabled tile: found by nobody, hit gives 0. */
    assert_null(wms_ui_find(ui, "Move"));
    const wms_ui_zone *k7 = wms_ui_find(ui, "7");
    assert_non_null(k7);
    assert_int_equal(k7->action, WMS_UI_ACT_KEY_0 + 7);
    assert_non_null(wms_ui_find(ui, "Back"));
    assert_non_null(wms_ui_find(ui, "Next >"));
    assert_non_null(wms_ui_find(ui, "< Prev"));
    assert_true(wms_ui_has_text(ui, "Page 2 of 3 (8)"));
    assert_true(wms_ui_has_text(ui, "offline"));
    assert_true(wms_ui_has_text(ui, "3 pending"));
    /* Modal: the screen behind cannot be tapped. */
    gallery_frame(ui, 1);
    assert_null(wms_ui_find(ui, "Receive"));
    assert_int_equal(wms_ui_hit(ui, z->r.x + 5, z->r.y + 5), 0);
    assert_int_equal(wms_ui_find(ui, "Post")->action, WMS_UI_ACT_MODAL_YES);
    assert_int_equal(wms_ui_find(ui, "Not yet")->action, WMS_UI_ACT_MODAL_NO);
    /* Toast has a word beside its colour. */
    gallery_frame(ui, 2);
    assert_true(wms_ui_has_text(ui, "ERROR"));
    free(ui);
}

static void test_list_paging_buttons(void **state)
{
    (void)state;
    wms_gfx_null n;
    wms_ui *ui = new_ui(&n, 800, 480);
    wms_ui_begin(ui);
    wms_ui_list l = {{1, 20}, 0, 0, -1, 100, 1, 2, gallery_row, NULL, "No documents"};
    wms_ui_list_draw(ui, ui->layout.content, &l);
    assert_true(wms_ui_has_text(ui, "No documents"));
    assert_null(wms_ui_find(ui, "< Prev"));
    assert_null(wms_ui_find(ui, "Next >"));
    wms_ui_begin(ui);
    l.total = 41;
    l.rows = 5;
    wms_ui_list_draw(ui, ui->layout.content, &l);
    assert_true(wms_ui_has_text(ui, "Page 1 of 3 (41)"));
    assert_null(wms_ui_find(ui, "< Prev"));
    assert_non_null(wms_ui_find(ui, "Next >"));
    assert_int_equal(wms_ui_find(ui, "SKU-000003 Hex bolt M8x40 zinc plated")->action, 102);
    assert_true(wms_ui_list_capacity(ui, ui->layout.content) >= 4);
    free(ui);
}

static void test_ellipsis(void **state)
{
    (void)state;
    wms_gfx_null n;
    wms_ui *ui = new_ui(&n, 800, 480);
    wms_ui_begin(ui);
    wms_ui_text(ui, wms_rect_make(0, 0, 120, 30), WMS_FONT_BODY, WMS_ALIGN_LEFT, ui->theme.text,
                "A very long product name that cannot fit");
    assert_true(wms_ui_has_text(ui, "\xE2\x80\xA6"));
    const wms_ui_cmd *c = &ui->cmds[ui->ncmds - 1];
    assert_true(c->r.w <= 120);
    free(ui);
}

static void test_frame_skip(void **state)
{
    (void)state;
    wms_gfx_null n;
    wms_ui *ui = new_ui(&n, 800, 480);
    bool r = false;
    gallery_frame(ui, 0);
    assert_int_equal(wms_ui_end(ui, false, &r), 0);
    assert_true(r);
    gallery_frame(ui, 0);
    wms_ui_end(ui, false, &r);
    assert_false(r); /* nothing changed: no rendering */
    gallery_frame(ui, 2);
    wms_ui_end(ui, false, &r);
    assert_true(r);
    assert_int_equal(n.presents, 2);
    gallery_frame(ui, 2);
    wms_ui_end(ui, true, &r);
    assert_true(r);
    free(ui);
}

static void test_keypad_edit(void **state)
{
    (void)state;
    char b[16] = "";
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 0, WMS_UI_ACT_KEY_0), 0);
    assert_string_equal(b, "0");
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 0, WMS_UI_ACT_KEY_0 + 5), 0);
    assert_string_equal(b, "5"); /* leading zero replaced */
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 0, WMS_UI_ACT_KEY_DOT), WMS_EINVAL);
    assert_string_equal(b, "5");
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_DOT), 0);
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_DOT), WMS_EINVAL);
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_0 + 2), 0);
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_0 + 5), 0);
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_0 + 1), WMS_EINVAL);
    assert_string_equal(b, "5.25");
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_BACK), 0);
    assert_string_equal(b, "5.2");
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_CLEAR), 0);
    assert_string_equal(b, "");
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 2, WMS_UI_ACT_KEY_BACK), WMS_EINVAL);
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 3, WMS_UI_ACT_KEY_DOT), 0);
    assert_string_equal(b, "0.");
    assert_int_equal(wms_keypad_edit(b, sizeof(b), 3, WMS_UI_ACT_KEY_OK), WMS_ENOTFOUND);
    /* At most 9 integer digits, and the result always parses as a qty. */
    b[0] = '\0';
    for (int i = 0; i < 12; i++) {
        wms_keypad_edit(b, sizeof(b), 0, WMS_UI_ACT_KEY_0 + 9);
    }
    assert_string_equal(b, "999999999");
    wms_qty q;
    assert_int_equal(wms_qty_parse(b, strlen(b), 0, false, &q, NULL), 0);
    char small[3] = "";
    assert_int_equal(wms_keypad_edit(small, sizeof(small), 0, WMS_UI_ACT_KEY_0 + 1), 0);
    assert_int_equal(wms_keypad_edit(small, sizeof(small), 0, WMS_UI_ACT_KEY_0 + 1), 0);
    assert_int_equal(wms_keypad_edit(small, sizeof(small), 0, WMS_UI_ACT_KEY_0 + 1), WMS_EINVAL);
}

static void test_tones(void **state)
{
    (void)state;
    int16_t buf[30000];
    size_t n[WMS_TONE_COUNT_];
    for (int t = 0; t < WMS_TONE_COUNT_; t++) {
        assert_int_equal(wms_tone_render((wms_tone)t, 22050, 80, buf, WMS_ARRAY_LEN(buf), &n[t]),
                         0);
        assert_int_equal(n[t], wms_tone_samples((wms_tone)t, 22050));
        int peak = 0;
        for (size_t i = 0; i < n[t]; i++) {
            int v = buf[i] < 0 ? -buf[i] : buf[i];
            peak = v > peak ? v : peak;
        }
        assert_true(peak > 8000);
        assert_true(buf[0] == 0); /* fades in: no click */
    }
    /* Distinct lengths: error longest. */
    assert_true(n[WMS_TONE_ERROR] > n[WMS_TONE_SUCCESS]);
    assert_true(n[WMS_TONE_WARNING] != n[WMS_TONE_SUCCESS]);
    size_t m;
    assert_int_equal(wms_tone_render(WMS_TONE_ERROR, 22050, 0, buf, WMS_ARRAY_LEN(buf), &m), 0);
    for (size_t i = 0; i < m; i++) {
        assert_int_equal(buf[i], 0); /* volume 0 is silent */
    }
    assert_int_equal(wms_tone_render(WMS_TONE_ERROR, 22050, 50, buf, 10, &m), WMS_ETOOBIG);
    assert_int_equal(wms_tone_render((wms_tone)7, 22050, 50, buf, 10, &m), WMS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_theme_sizes),
            cmocka_unit_test(test_contrast),
            cmocka_unit_test(test_zones_every_size),
            cmocka_unit_test(test_hit_and_find),
            cmocka_unit_test(test_list_paging_buttons),
            cmocka_unit_test(test_ellipsis),
            cmocka_unit_test(test_frame_skip),
            cmocka_unit_test(test_keypad_edit),
            cmocka_unit_test(test_tones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
