/*
 * test_scan_zbar.c -- the zbar decode path (the one the camera and
 * `wmsctl decode` use) on images generated at test time with zint, plus
 * rotated, blurred, noisy and low-contrast variants made with ImageMagick:
 * expected bytes (GS kept), symbology and AIM identifier; empty frames never
 * produce a read; disabled symbologies are not read; PGM files load.
 * Needs the Debian packages zint and imagemagick (platform/deps.sh); without
 * them the test reports SKIP (77).
 */
#include "wms_test.h"

#include "wms/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct sink {
    int n;
    wms_scan_event ev[4];
} sink;

static void on_scan(void *ctx, const wms_scan_event *ev)
{
    sink *s = ctx;
    if (s->n < 4) {
        s->ev[s->n] = *ev;
    }
    s->n++;
}

static char dir[64];

static void run(const char *cmd)
{
    char full[1024];
    snprintf(full, sizeof full, "cd %s && %s >/dev/null 2>&1", dir, cmd);
    if (system(full) != 0) {
        fail_msg("command failed: %s", cmd);
    }
}

typedef struct tcase {
    const char *file;
    const char *zint; /* zint arguments */
    const char *want;
    size_t want_len;
    const char *aim;
    wms_symbology sym;
} tcase;

#define W(lit) (lit), (sizeof(lit) - 1)

static const tcase cases[] = {
        {"ean13", "-b 13 -d 400638133393 --scale=2", W("4006381333931"), "]E0", WMS_SYM_EAN13},
        {"upca", "-b 34 -d 01234567890 --scale=2", W("012345678905"), "]E0", WMS_SYM_UPCA},
        {"ean8", "-b 13 -d 9638507 --scale=2", W("96385074"), "]E4", WMS_SYM_EAN8},
        {"c128", "-b 20 -d 'LOC-A01-02' --scale=2", W("LOC-A01-02"), "]C0", WMS_SYM_CODE128},
        {"gs1128", "-b 16 --gs1 -d '[01]09501101530003[10]AB12[17]261231' --scale=2",
         W("0109501101530003"
           "10AB12\x1d"
           "17261231"),
         "]C1", WMS_SYM_GS1_128},
        {"c39", "-b 8 -d 'PAL-0042' --scale=2", W("PAL-0042"), "]A0", WMS_SYM_CODE39},
        {"qr", "-b 58 -d 'https://example.com/p/42' --scale=4", W("https://example.com/p/42"),
         "]Q1", WMS_SYM_QR},
        {"gs1qr", "-b 58 --gs1 -d '[01]09501101530003[10]AB[21]X9' --scale=4",
         W("0109501101530003"
           "10AB\x1d"
           "21X9"),
         "]Q3", WMS_SYM_GS1_QR},
};

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/wms_zbar_XXXXXX");
    if (!mkdtemp(dir)) {
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void decode_file(wms_zbar *z, const char *name, sink *s)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    uint8_t *px;
    unsigned w, h;
    wms_err err;
    if (wms_image_load_gray(path, &px, &w, &h, &err) != 0) {
        fail_msg("load %s: %s", path, err.msg);
    }
    memset(s, 0, sizeof *s);
    int n = wms_zbar_decode_gray(z, px, w, h, "cam", 42, on_scan, s, &err);
    free(px);
    assert_int_equal(n, s->n);
}

static void check(const sink *s, const tcase *c, const char *variant)
{
    if (s->n != 1) {
        fail_msg("%s %s: %d reads", c->file, variant, s->n);
    }
    if (s->ev[0].len != c->want_len || memcmp(s->ev[0].data, c->want, c->want_len) != 0) {
        fail_msg("%s %s: read '%s'", c->file, variant, (const char *)s->ev[0].data);
    }
    if (strcmp(s->ev[0].aim, c->aim) != 0 || s->ev[0].sym != c->sym) {
        fail_msg("%s %s: aim %s sym %s", c->file, variant, s->ev[0].aim,
                 wms_scan_sym_name(s->ev[0].sym));
    }
    assert_string_equal(s->ev[0].source, "cam");
    assert_int_equal(s->ev[0].mono_ns, 42);
}

static void test_generated_set(void **state)
{
    (void)state;
    wms_zbar_config cfg = {.symbologies = wms_zbar_default_symbologies(), .density = 1};
    wms_zbar *z;
    assert_int_equal(wms_zbar_new(&cfg, &z, NULL), 0);
    static const char *const variants[][2] = {
            {"plain", NULL},
            {"rot", "-background white -rotate 7"},
            {"blur", "-blur 0x1"},
            {"noise", "-attenuate 0.2 +noise Gaussian"},
            {"lowc", "+level 30%,70%"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tcase *c = &cases[i];
        char cmd[512];
        /* a white border (quiet zone), as a label on a shelf has */
        snprintf(cmd, sizeof cmd,
                 "zint %s -o %s_z.png && convert %s_z.png -bordercolor white "
                 "-border 20 -colorspace Gray %s_plain.png",
                 c->zint, c->file, c->file, c->file);
        run(cmd);
        for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
            char name[64];
            snprintf(name, sizeof name, "%s_%s.png", c->file, variants[v][0]);
            if (variants[v][1]) {
                snprintf(cmd, sizeof cmd, "convert %s_plain.png -seed 7 %s %s", c->file,
                         variants[v][1], name);
                run(cmd);
            }
            sink s;
            decode_file(z, name, &s);
            check(&s, c, variants[v][0]);
        }
    }
    /* the same through a PGM file */
    run("convert gs1128_plain.png gs1128.pgm");
    sink s;
    decode_file(z, "gs1128.pgm", &s);
    check(&s, &cases[4], "pgm");
    wms_zbar_free(z);
}

static void test_empty_frames_never_read(void **state)
{
    (void)state;
    wms_zbar_config cfg = {.symbologies = wms_zbar_default_symbologies(), .density = 1};
    wms_zbar *z;
    assert_int_equal(wms_zbar_new(&cfg, &z, NULL), 0);
    uint8_t *frame = malloc(640 * 480);
    assert_non_null(frame);
    sink s = {0};
    memset(frame, 255, 640 * 480);
    assert_int_equal(wms_zbar_decode_gray(z, frame, 640, 480, "cam", 1, on_scan, &s, NULL), 0);
    memset(frame, 0, 640 * 480);
    assert_int_equal(wms_zbar_decode_gray(z, frame, 640, 480, "cam", 1, on_scan, &s, NULL), 0);
    uint32_t x = 12345;
    for (size_t i = 0; i < 640 * 480; i++) {
        x = x * 1103515245u + 12345u;
        frame[i] = (uint8_t)(x >> 24);
    }
    assert_int_equal(wms_zbar_decode_gray(z, frame, 640, 480, "cam", 1, on_scan, &s, NULL), 0);
    assert_int_equal(s.n, 0);
    wms_err err;
    assert_int_equal(wms_zbar_decode_gray(z, frame, 0, 480, "cam", 1, on_scan, &s, &err),
                     WMS_EINVAL);
    free(frame);
    wms_zbar_free(z);
}

static void test_only_enabled_symbologies(void **state)
{
    (void)state;
    run("zint -b 13 -d 400638133393 --scale=2 -o only_ean.png && "
        "zint -b 20 -d 'X1' --scale=2 -o only_c128.png && "
        "zint -b 16 --gs1 -d '[00]095011010000000018' --scale=2 -o only_sscc.png");
    uint32_t m;
    wms_err err;
    assert_int_equal(wms_scan_symbologies_parse("gs1-128, qr", &m, &err), 0);
    assert_int_equal(m, WMS_SYMBIT(WMS_SYM_GS1_128) | WMS_SYMBIT(WMS_SYM_QR));
    assert_int_equal(wms_scan_symbologies_parse("ean13,bogus", &m, &err), WMS_EINVAL);
    assert_int_equal(wms_scan_symbologies_parse("", &m, &err), WMS_EINVAL);
    wms_zbar_config cfg = {.symbologies = WMS_SYMBIT(WMS_SYM_GS1_128), .density = 2};
    wms_zbar *z;
    assert_int_equal(wms_zbar_new(&cfg, &z, NULL), 0);
    sink s;
    decode_file(z, "only_ean.png", &s);
    assert_int_equal(s.n, 0);
    decode_file(z, "only_c128.png", &s); /* plain Code 128: not GS1 */
    assert_int_equal(s.n, 0);
    decode_file(z, "only_sscc.png", &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.ev[0].aim, "]C1");
    assert_string_equal((const char *)s.ev[0].data, "00095011010000000018");
    wms_zbar_free(z);
    cfg.density = 9;
    assert_int_equal(wms_zbar_new(&cfg, &z, &err), WMS_ERANGE);
    assert_int_equal(wms_image_load_gray("/nonexistent.png", &(uint8_t *){NULL}, &(unsigned){0},
                                         &(unsigned){0}, &err),
                     WMS_ENOTFOUND);
}

/* GS1 DataMatrix: read with ]d2 and GS kept in WMS_DMTX builds; never
 * read (and no error) otherwise. */
static void test_datamatrix(void **state)
{
    (void)state;
    run("zint -b 71 --gs1 -d '[01]09501101530003[10]AB[17]261231' --scale=4 -o dm_z.png && "
        "convert dm_z.png -background white -gravity center -extent 640x480 -colorspace Gray "
        "dm.png");
    wms_zbar_config cfg = {.symbologies =
                                   WMS_SYMBIT(WMS_SYM_GS1_DATAMATRIX) | WMS_SYMBIT(WMS_SYM_EAN13),
                           .density = 2,
                           .dmtx_ms = 500};
    wms_zbar *z;
    assert_int_equal(wms_zbar_new(&cfg, &z, NULL), 0);
    sink s;
    decode_file(z, "dm.png", &s);
    if (wms_scan_have_dmtx()) {
        assert_int_equal(s.n, 1);
        assert_string_equal(s.ev[0].aim, "]d2");
        assert_int_equal(s.ev[0].sym, WMS_SYM_GS1_DATAMATRIX);
        assert_string_equal((const char *)s.ev[0].data, "0109501101530003"
                                                        "10AB\x1d"
                                                        "17261231");
    } else {
        fprintf(stderr, "note: built without WMS_DMTX: DataMatrix is not decoded\n");
        assert_int_equal(s.n, 0);
    }
    wms_zbar_free(z);
}

int main(void)
{
    if (system("command -v zint >/dev/null 2>&1 && command -v convert >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIP: zint and ImageMagick's convert are needed (platform/deps.sh)\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_generated_set),
            cmocka_unit_test(test_empty_frames_never_read),
            cmocka_unit_test(test_only_enabled_symbologies),
            cmocka_unit_test(test_datamatrix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
