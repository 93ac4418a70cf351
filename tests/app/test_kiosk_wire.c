/*
 * test_kiosk_wire.c -- the kiosk's config for the central link and the
 * scanner sources, and a serial scanner end to end: bytes written to a
 * pseudo-terminal arrive as scans on the kiosk's current screen through the
 * poll thread, the SDL wake event and the same path as wedge scans.
 */
#include "wms_test.h"

#include "ksync.h"
#include "session.h"

#include <SDL.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[64];

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/kwire.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_conf(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static void test_conf_central(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/central.ini", tmpdir);
    write_conf(path,
               "[terminal]\nid = K07\n[central]\nlink = pg\n"
               "dsn = host=central.example dbname=wms\ntoken = s3cr'et\nca_file = /etc/ca.pem\n"
               "interval = 2s\n",
               0644);
    kiosk_conf c;
    wms_err err = {0};
    /* A token in a file others can read: refused, and nothing kept. */
    assert_int_equal(kiosk_conf_load(&c, path, &err), WMS_EPERM);
    assert_non_null(strstr(err.msg, "chmod 600"));
    assert_string_equal(c.central_token, "");
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(kiosk_conf_load(&c, path, &err), 0);
    assert_int_equal(c.link, KLINK_PG);
    assert_int_equal(c.sync_interval_ms, 2000);
    assert_string_equal(c.path, path);
    char dsn[1024];
    assert_int_equal(ksync_pg_dsn(&c, dsn, sizeof(dsn), &err), 0);
    assert_string_equal(dsn,
                        "host=central.example dbname=wms user='wms_t_K07' "
                        "password='s3cr\\'et' sslrootcert='/etc/ca.pem' sslmode='verify-full'");
    /* A DSN that names its own user and password keeps them. */
    wms_strlcpy(c.central_dsn, "host=h user = me password=pw", sizeof(c.central_dsn));
    assert_int_equal(ksync_pg_dsn(&c, dsn, sizeof(dsn), &err), 0);
    assert_null(strstr(dsn, "wms_t_"));
    assert_null(strstr(dsn, "s3cr"));
    /* A file without secrets may be readable. */
    write_conf(path, "[central]\nlink = none\n", 0644);
    assert_int_equal(kiosk_conf_load(&c, path, &err), 0);
    assert_int_equal(c.link, KLINK_NONE);
}

static void test_conf_sources(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/sources.ini", tmpdir);
    write_conf(path,
               "[scanner]\ndedup = 1500ms\n"
               "[source1]\nkind = serial\ndevice = /dev/ttyACM0\nbaud = 115200\nframing = crlf\n"
               "[source3]\nkind = evdev\ndevice = /dev/input/by-id/usb-*Scanner*-event-kbd\n"
               "layout = de\nsuffix = tab\n"
               "[source4]\nkind = camera\ndevice = /dev/video0\nsymbologies = ean13,qr\n"
               "density = 3\ndedup_ms = 2500\n",
               0600);
    kiosk_conf c;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&c, path, &err), 0);
    assert_int_equal(c.scan_dedup_ms, 1500);
    assert_int_equal(c.src[0].kind, KSRC_SERIAL);
    assert_int_equal(c.src[0].baud, 115200);
    assert_int_equal(c.src[0].framing, 2);
    assert_int_equal(c.src[0].dedup_ms, -1);
    assert_int_equal(c.src[1].kind, KSRC_NONE);
    assert_int_equal(c.src[2].kind, KSRC_EVDEV);
    assert_int_equal(c.src[2].layout, 1);
    assert_int_equal(c.src[2].suffix, 1);
    assert_int_equal(c.src[3].kind, KSRC_CAMERA);
    assert_int_equal(c.src[3].density, 3);
    assert_int_equal(c.src[3].dedup_ms, 2500);
    /* Bad values name the file, line and key. */
    write_conf(path, "[source2]\nkind = laser\n", 0600);
    assert_int_equal(kiosk_conf_load(&c, path, &err), WMS_EINVAL);
    assert_non_null(strstr(err.msg, "kind"));
}

static void test_link_needs_store(void **state)
{
    (void)state;
    kiosk_conf c;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&c, NULL, &err), 0);
    wms_strlcpy(c.db, "mem:", sizeof(c.db));
    c.link = KLINK_PG;
    wms_strlcpy(c.central_dsn, "host=127.0.0.1 port=1 dbname=x", sizeof(c.central_dsn));
    session s;
    assert_int_not_equal(session_open(&s, &c, &err), 0);
    assert_non_null(strstr(err.msg, "local store"));
    /* A database with the embedded default's demo data never syncs. */
    char db[128];
    snprintf(db, sizeof(db), "%s/demo.db", tmpdir);
    assert_int_equal(kiosk_conf_load(&c, NULL, &err), 0);
    wms_strlcpy(c.db, db, sizeof(c.db));
    c.demo_products = 10;
    assert_int_equal(session_open(&s, &c, &err), 0); /* link none: seeded */
    session_close(&s);
    c.link = KLINK_PG;
    wms_strlcpy(c.central_dsn, "host=127.0.0.1 port=1 dbname=x", sizeof(c.central_dsn));
    assert_int_equal(session_open(&s, &c, &err), WMS_EINVAL);
    assert_non_null(strstr(err.msg, "did not come from the centre"));
    /* A source without a device is refused with its section named. */
    assert_int_equal(kiosk_conf_load(&c, NULL, &err), 0);
    wms_strlcpy(c.db, "mem:", sizeof(c.db));
    c.src[1].kind = KSRC_SERIAL;
    assert_int_not_equal(session_open(&s, &c, &err), 0);
    assert_non_null(strstr(err.msg, "[source2]"));
}

/* ---- serial scanner over a pty --------------------------------------------- */

static int open_pty(char *name, size_t cap)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(m >= 0);
    assert_int_equal(grantpt(m), 0);
    assert_int_equal(unlockpt(m), 0);
    assert_int_equal(ptsname_r(m, name, cap), 0);
    return m;
}

static void put(int m, const char *bytes)
{
    size_t n = strlen(bytes);
    assert_int_equal(write(m, bytes, n), (ssize_t)n);
}

/* Pump SDL events (as session_run does) until `done` or 5 s. */
static bool pump(session *s, bool (*done)(session *s, const void *arg), const void *arg)
{
    for (int i = 0; i < 500; i++) {
        SDL_Event ev;
        if (SDL_WaitEventTimeout(&ev, 10)) {
            session_handle_event(s, &ev);
            while (SDL_PollEvent(&ev)) {
                session_handle_event(s, &ev);
            }
        }
        session_frame(s, false);
        if (done(s, arg)) {
            return true;
        }
    }
    return false;
}

static bool screen_shows(session *s, const void *text)
{
    session_frame(s, false);
    return wms_ui_has_text(s->ui, text);
}

static bool scans_reach(session *s, const void *n)
{
    return kdata_mem_scans(&s->db) >= *(const int64_t *)n;
}

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static void test_serial_scans(void **state)
{
    (void)state;
    char pts[64];
    int m = open_pty(pts, sizeof(pts));
    kiosk_conf c;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&c, NULL, &err), 0);
    wms_strlcpy(c.db, "mem:", sizeof(c.db));
    c.src[0].kind = KSRC_SERIAL;
    wms_strlcpy(c.src[0].path, pts, sizeof(c.src[0].path));
    c.src[0].framing = 0; /* CR */
    c.scan_dedup_ms = 3000;
    session s;
    if (session_open(&s, &c, &err) != 0) {
        fail_msg("session_open: %s", err.msg);
    }
    assert_int_equal(session_display(&s, WMS_SDL_HEADLESS, 800, 480, &err), 0);
    session_frame(&s, true);

    /* A badge from the serial scanner, split over two writes: the login
     * screen asks for the PIN. */
    put(m, "B:00");
    put(m, "01\r");
    assert_true(pump(&s, screen_shows, "Enter your PIN"));
    assert_int_equal(kdata_mem_scans(&s.db), 1);
    kiosk_text(s.k, "1234", session_now_ms(&s));
    kiosk_key(s.k, KK_ENTER, session_now_ms(&s));
    assert_int_equal(s.k->screen, KS_HOME);

    /* Lookup: a product's EAN from the scanner shows the product. */
    kiosk_key(s.k, KK_F2, session_now_ms(&s));
    assert_int_equal(s.k->screen, KS_LOOKUP);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    put(m, "4010000000074\r");
    assert_true(pump(&s, screen_shows, "SKU-000007"));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* a figure for the log, not a check: pty write -> frame with the product */
    fprintf(stderr, "serial scan to lookup frame: %.2f ms\n",
            (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    assert_int_equal(kdata_mem_scans(&s.db), 2);

    /* The same code again within the window: suppressed; another code
     * (GS kept) passes. */
    put(m, "4010000000074\r");
    put(m, "]C1010401000000005017261231\x1D"
           "10LOT42\r");
    assert_true(pump(&s, screen_shows, "SKU-000005"));
    assert_int_equal(kdata_mem_scans(&s.db), 3);

    /* A burst of 150 scans while the UI thread is not looking (more than
     * the queue holds): none is lost, none doubled. */
    char burst[150 * 8 + 1];
    size_t bl = 0;
    for (int i = 0; i < 150; i++) {
        bl += (size_t)snprintf(burst + bl, sizeof(burst) - bl, "Z%05d\r", i);
    }
    put(m, burst);
    struct timespec nap = {0, 200 * 1000000L};
    nanosleep(&nap, NULL); /* the poll thread fills the queue and waits */
    int64_t want = 3 + 150;
    assert_true(pump(&s, scans_reach, &want));
    nanosleep(&nap, NULL);
    pump(&s, scans_reach, &want);
    assert_int_equal(kdata_mem_scans(&s.db), want);

    /* Idle: the poll thread sleeps in poll(2); 300 ms cost almost no CPU. */
    double c0 = cpu_ms();
    struct timespec ts = {0, 300 * 1000000L};
    nanosleep(&ts, NULL);
    double used = cpu_ms() - c0;
    assert_true(used < 30.0);

    /* The sync screen's health: the source is connected; the device goes
     * away (the pty's master closes): waiting for it. */
    kiosk_key(s.k, KK_F4, session_now_ms(&s));
    assert_true(screen_shows(&s, "scanners: healthy source1 connected"));
    close(m);
    bool waiting = false;
    for (int i = 0; i < 100 && !waiting; i++) {
        struct timespec w = {0, 30 * 1000000L};
        nanosleep(&w, NULL);
        kiosk_key(s.k, KK_F4, session_now_ms(&s)); /* F4 on the sync screen reloads it */
        waiting = screen_shows(&s, "scanners: degraded source1 waiting f");
    }
    if (!waiting) {
        wms_buf b;
        wms_buf_init(&b, 16384);
        wms_ui_dump_text(s.ui, &b);
        fprintf(stderr, "%s\n", wms_buf_str(&b));
        wms_buf_release(&b);
    }
    assert_true(waiting);
    session_close(&s);
}

/* A replay source (as a camera does) reports the AIM identifier apart from
 * the data: the kiosk puts it in front, so that GS1-128 parses (without
 * ]C1 these digits are plain text). */
static void test_replay_aim(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/scans.replay", tmpdir);
    write_conf(path,
               "# badge, then a GS1-128 label from a camera\n0 B:0001\n"
               "400 sym=gs1-128 aim=]C1 010401000000005017261231\n",
               0600);
    kiosk_conf c;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&c, NULL, &err), 0);
    wms_strlcpy(c.db, "mem:", sizeof(c.db));
    c.src[3].kind = KSRC_REPLAY;
    wms_strlcpy(c.src[3].path, path, sizeof(c.src[3].path));
    session s;
    if (session_open(&s, &c, &err) != 0) {
        fail_msg("session_open: %s", err.msg);
    }
    assert_int_equal(session_display(&s, WMS_SDL_HEADLESS, 800, 480, &err), 0);
    assert_true(pump(&s, screen_shows, "Enter your PIN"));
    kiosk_text(s.k, "1234", session_now_ms(&s));
    kiosk_key(s.k, KK_ENTER, session_now_ms(&s));
    assert_int_equal(s.k->screen, KS_HOME);
    /* From home a product scan opens Lookup. */
    assert_true(pump(&s, screen_shows, "SKU-000005"));
    assert_int_equal(s.k->screen, KS_LOOKUP);
    session_close(&s);
}

/* ---- settings saved to the config file ------------------------------------- */

static const char settings_script[] =
        "scan B:0001\n"
        "text 1234\n"
        "key Enter\n"
        "key F4\n"
        "tap Settings\n"
        "text 1234\n"
        "key Enter\n"
        "expect screen settings\n"
        "tap Central link\n"
        "tap Central link\n"
        "expect text http\n"
        "expect text not saved yet\n"
        "tap Terminal\n"
        "key Backspace\n"
        "key Backspace\n"
        "text K-09\n"
        "key Enter\n"
        "tap Louder\n"
        "tap Save\n"
        "expect text Saved (restart to apply link, terminal, screen)\n"
        "expect notext not saved yet\n";

static void test_settings_saved(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/settings.ini", tmpdir);
    write_conf(path,
               "# kiosk at dock 3\n[terminal]\nid = T1\n\n[central]\nurl = https://c.example\n"
               "token = keep-me\n[scanner]\nmax_gap = 40ms\n",
               0600);
    kiosk_conf c;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&c, path, &err), 0);
    wms_strlcpy(c.db, "mem:", sizeof(c.db));
    session s;
    assert_int_equal(session_open(&s, &c, &err), 0);
    session_use_script_clock(&s);
    assert_int_equal(session_display(&s, WMS_SDL_HEADLESS, 800, 480, &err), 0);
    script sc;
    assert_int_equal(script_parse(settings_script, strlen(settings_script), &sc, &err), 0);
    int rc = session_script(&s, &sc, NULL, stderr);
    script_release(&sc);
    session_close(&s);
    assert_int_equal(rc, 0);
    /* The file: the new values, everything else kept, still private. */
    kiosk_conf back;
    assert_int_equal(kiosk_conf_load(&back, path, &err), 0);
    assert_int_equal(back.link, KLINK_HTTP);
    assert_string_equal(back.terminal, "K-09");
    assert_int_equal(back.volume, 80);
    assert_string_equal(back.central_token, "keep-me");
    assert_string_equal(back.central_url, "https://c.example");
    assert_int_equal(back.scan_gap_ms, 40);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    FILE *f = fopen(path, "r");
    char text[2048];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_non_null(strstr(text, "# kiosk at dock 3\n[terminal]\nid = K-09\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_conf_central),     cmocka_unit_test(test_conf_sources),
            cmocka_unit_test(test_link_needs_store), cmocka_unit_test(test_serial_scans),
            cmocka_unit_test(test_replay_aim),       cmocka_unit_test(test_settings_saved),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
