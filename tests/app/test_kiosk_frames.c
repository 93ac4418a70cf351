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

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_tour_800x480),
            cmocka_unit_test(test_tour_portrait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
