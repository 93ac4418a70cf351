/*
 * test_kiosk_frames.c -- every screen of the demo tour rendered for real
 * (SDL software renderer in an SDL_VIDEODRIVER=offscreen window) at 800x480
 * and in the 480x800 portrait layout, checked against golden PNGs.  The
 * in-memory data backend and script mode's fixed clock make the frames
 * repeatable.
 */
#include "wms_test.h"

#include "golden.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static void run_tour(int w, int h, const char *tag)
{
    kiosk_conf conf;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&conf, NULL, &err), 0);
    wms_strlcpy(conf.db, "mem:", sizeof(conf.db));
    FILE *f = fopen(WMS_TOUR_SCRIPT, "rb");
    assert_non_null(f);
    static char text[SCRIPT_FILE_MAX + 1];
    size_t n = fread(text, 1, SCRIPT_FILE_MAX, f);
    fclose(f);
    script sc;
    assert_int_equal(script_parse(text, n, &sc, &err), 0);
    session s;
    assert_int_equal(session_open(&s, &conf, &err), 0);
    session_use_script_clock(&s);
    int rc = session_display(&s, WMS_SDL_WINDOW, w, h, &err);
    if (rc != 0) {
        fail_msg("display: %s", err.msg);
    }
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/kiosk_%s", getenv("WMS_GOLDEN_OUT"), tag);
    assert_int_equal(session_script(&s, &sc, dir, stderr), 0);
    session_close(&s);
    int failures = 0;
    for (size_t i = 0; i < sc.n; i++) {
        if (sc.cmds[i].op != SOP_SHOT) {
            continue;
        }
        const char *name = (const char *)script_data(&sc, &sc.cmds[i]);
        char path[800], gname[128];
        snprintf(path, sizeof(path), "%s/%s.png", dir, name);
        snprintf(gname, sizeof(gname), "kiosk_%s_%s", tag, name);
        uint8_t *px = NULL;
        int pw = 0, ph = 0;
        assert_int_equal(png_read_rgba(path, &px, &pw, &ph), 0);
        assert_int_equal(pw, w);
        assert_int_equal(ph, h);
        if (golden_check(gname, px, pw, ph) != 0) {
            failures++;
        }
        free(px);
    }
    script_release(&sc);
    assert_int_equal(failures, 0);
}

static void test_tour_800x480(void **state)
{
    (void)state;
    run_tour(800, 480, "800x480");
}

static void test_tour_portrait(void **state)
{
    (void)state;
    run_tour(480, 800, "480x800");
}

/* The central link's part of the status during a pull run (the frame test
 * has no link: this stands in for ksync_status). */
static void pull_status(void *data, kd_sync *io)
{
    (void)data;
    io->configured = true;
    io->link = WMS_UI_LINK_ONLINE;
    io->pulling = true;
    io->pull_from = 0;
    io->cursor = 250;
    io->head = 1000;
    io->pull_changes = 4200;
}

static bool near(const uint8_t *px, wms_color c)
{
    return abs(px[0] - c.r) <= 8 && abs(px[1] - c.g) <= 8 && abs(px[2] - c.b) <= 8;
}

/* A real frame with a pull run under way: the band's bar is drawn (filled
 * a quarter in the info colour, the rest the panel colour) over the top of
 * the content; without a run the same place is not the bar. */
static void test_pull_band(void **state)
{
    (void)state;
    kiosk_conf conf;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&conf, NULL, &err), 0);
    wms_strlcpy(conf.db, "mem:", sizeof(conf.db));
    session s;
    assert_int_equal(session_open(&s, &conf, &err), 0);
    session_use_script_clock(&s);
    if (session_display(&s, WMS_SDL_WINDOW, 800, 480, &err) != 0) {
        fail_msg("display: %s", err.msg);
    }
    char dir[512], path[600];
    snprintf(dir, sizeof(dir), "%s/kiosk_pull", getenv("WMS_GOLDEN_OUT"));
    (void)mkdir(getenv("WMS_GOLDEN_OUT"), 0755);
    (void)mkdir(dir, 0755);
    const wms_rect c = s.ui->layout.content;
    const wms_theme t = s.ui->theme;
    int y = c.y + 3;
    int x_fill = c.x + c.w / 10, x_empty = c.x + c.w * 9 / 10;

    session_frame(&s, true);
    snprintf(path, sizeof(path), "%s/none.png", dir);
    assert_int_equal(session_shot(&s, path, &err), 0);
    uint8_t *px = NULL;
    int w = 0, h = 0;
    assert_int_equal(png_read_rgba(path, &px, &w, &h), 0);
    assert_false(near(px + ((size_t)y * (size_t)w + (size_t)x_fill) * 4, t.info));
    free(px);

    s.k->hooks.sync_status = pull_status;
    kiosk_sync_refresh(s.k, false);
    session_frame(&s, true);
    snprintf(path, sizeof(path), "%s/band.png", dir);
    assert_int_equal(session_shot(&s, path, &err), 0);
    assert_int_equal(png_read_rgba(path, &px, &w, &h), 0);
    assert_int_equal(w, 800);
    assert_true(near(px + ((size_t)y * (size_t)w + (size_t)x_fill) * 4, t.info));
    assert_true(near(px + ((size_t)y * (size_t)w + (size_t)x_empty) * 4, t.panel));
    /* the fill ends at a quarter of the bar */
    int x_q = c.x + 2 + (c.w - 4) / 4;
    assert_true(near(px + ((size_t)y * (size_t)w + (size_t)(x_q - 3)) * 4, t.info));
    assert_true(near(px + ((size_t)y * (size_t)w + (size_t)(x_q + 3)) * 4, t.panel));
    assert_int_equal(golden_check("kiosk_800x480_pull_band", px, w, h), 0);
    free(px);
    session_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_tour_800x480),
            cmocka_unit_test(test_tour_portrait),
            cmocka_unit_test(test_pull_band),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
