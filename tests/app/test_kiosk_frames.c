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
#include <string.h>
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

/* The same with the centre's newest change number unknown (the http link). */
static void pull_status_unknown(void *data, kd_sync *io)
{
    pull_status(data, io);
    io->head = 0;
}

/* The pixel at x, y of a w-wide RGBA frame is colour c (within 8). */
static bool px_is(const uint8_t *px, int w, int x, int y, wms_color c)
{
    const uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
    return abs(p[0] - c.r) <= 8 && abs(p[1] - c.g) <= 8 && abs(p[2] - c.b) <= 8;
}

/* Real frames with a pull run under way: the band's bar is drawn (filled a
 * quarter in the info colour, the rest the panel colour) over the top of
 * the content, on the login screen and on the sync screen; without a run
 * the same place is not the bar.  Checked against goldens too. */
static void pull_band(int w, int h, const char *tag)
{
    kiosk_conf conf;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&conf, NULL, &err), 0);
    wms_strlcpy(conf.db, "mem:", sizeof(conf.db));
    session s;
    assert_int_equal(session_open(&s, &conf, &err), 0);
    session_use_script_clock(&s);
    if (session_display(&s, WMS_SDL_WINDOW, w, h, &err) != 0) {
        fail_msg("display: %s", err.msg);
    }
    char dir[512], path[600], gname[128];
    snprintf(dir, sizeof(dir), "%s/kiosk_pull_%s", getenv("WMS_GOLDEN_OUT"), tag);
    (void)mkdir(getenv("WMS_GOLDEN_OUT"), 0755);
    (void)mkdir(dir, 0755);
    const wms_rect c = s.ui->layout.content;
    const wms_theme t = s.ui->theme;
    int y = c.y + 3;
    int x_fill = c.x + c.w / 10, x_empty = c.x + c.w * 9 / 10;
    int x_q = c.x + 2 + (c.w - 4) / 4; /* where a quarter's fill ends */
    uint8_t *px = NULL;
    int pw = 0, ph = 0;

    session_frame(&s, true);
    snprintf(path, sizeof(path), "%s/none.png", dir);
    assert_int_equal(session_shot(&s, path, &err), 0);
    assert_int_equal(png_read_rgba(path, &px, &pw, &ph), 0);
    assert_false(px_is(px, pw, x_fill, y, t.info));
    free(px);

    s.k->hooks.sync_status = pull_status;
    kiosk_sync_refresh(s.k, false);
    static const char steps[] = "shot login\nscan B:0001\ntext 1234\nkey Enter\nkey F4\n"
                                "expect screen sync\nexpect text 25 % (4,200 changes)\n"
                                "wait 5000\nshot sync\n";
    script sc;
    assert_int_equal(script_parse(steps, strlen(steps), &sc, &err), 0);
    assert_int_equal(session_script(&s, &sc, dir, stderr), 0);
    script_release(&sc);
    static const char *const shots[] = {"login", "sync"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s.png", dir, shots[i]);
        assert_int_equal(png_read_rgba(path, &px, &pw, &ph), 0);
        assert_int_equal(pw, w);
        assert_int_equal(ph, h);
        assert_true(px_is(px, pw, x_fill, y, t.info));
        assert_true(px_is(px, pw, x_empty, y, t.panel));
        assert_true(px_is(px, pw, x_q - 3, y, t.info));
        assert_true(px_is(px, pw, x_q + 3, y, t.panel));
        snprintf(gname, sizeof(gname), "kiosk_%s_pull_%s", tag, shots[i]);
        assert_int_equal(golden_check(gname, px, pw, ph), 0);
        free(px);
    }
    /* head unknown: the indeterminate bar, one block of a quarter of it */
    s.k->hooks.sync_status = pull_status_unknown;
    kiosk_sync_refresh(s.k, false);
    session_frame(&s, true);
    snprintf(path, sizeof(path), "%s/unknown.png", dir);
    assert_int_equal(session_shot(&s, path, &err), 0);
    assert_int_equal(png_read_rgba(path, &px, &pw, &ph), 0);
    int seg = (c.w - 4) / 4, blocks = 0;
    for (int i = 0; i < 4; i++) {
        int x = c.x + 2 + i * (c.w - 4 - seg) / 3 + seg / 2;
        blocks += px_is(px, pw, x, y, t.info) ? 1 : 0;
    }
    assert_int_equal(blocks, 1);
    assert_true(px_is(px, pw, c.x + c.w / 2, c.y + 1, t.text)); /* its frame */
    free(px);
    session_close(&s);
}

static void test_pull_band_800x480(void **state)
{
    (void)state;
    pull_band(800, 480, "800x480");
}

static void test_pull_band_portrait(void **state)
{
    (void)state;
    pull_band(480, 800, "480x800");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_tour_800x480),
            cmocka_unit_test(test_tour_portrait),
            cmocka_unit_test(test_pull_band_800x480),
            cmocka_unit_test(test_pull_band_portrait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
