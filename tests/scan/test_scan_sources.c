/*
 * test_scan_sources.c -- sources end to end: serial over a pseudo-terminal
 * pair (split writes, CRLF, partial frame then timeout, device gone and
 * back, reached through a by-id style symlink), evdev open errors and
 * absent devices, the replay source's timing, duplicate suppression on a
 * source, unknown kinds.
 */
#include "wms_test.h"

#include "wms/scan.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct sink {
    int n;
    wms_scan_event ev[8];
} sink;

static void on_scan(void *ctx, const wms_scan_event *ev)
{
    sink *s = ctx;
    assert_true(s->n < 8);
    s->ev[s->n++] = *ev;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* log capture: the source reports connect and unplug through core's log */
typedef struct logcap {
    char text[4096];
    size_t len;
} logcap;

static void cap_write(void *data, wms_log_level level, const char *line, size_t len)
{
    (void)level;
    logcap *c = data;
    if (c->len + len + 2 < sizeof c->text) {
        memcpy(c->text + c->len, line, len);
        c->len += len;
        c->text[c->len++] = '\n';
        c->text[c->len] = 0;
    }
}

static char dir[64];
static char link_path[128];

static int open_pty(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(m >= 0);
    assert_int_equal(grantpt(m), 0);
    assert_int_equal(unlockpt(m), 0);
    unlink(link_path);
    assert_int_equal(symlink(ptsname(m), link_path), 0);
    return m;
}

/* Wait for input on the source (or its timer) and poll it, until `want`
 * scans arrived or `ms` passed. */
static void pump(wms_scan_source *src, sink *s, int want, int ms)
{
    int64_t end = now_ns() + (int64_t)ms * 1000000;
    while (s->n < want && now_ns() < end) {
        struct pollfd pfd = {.fd = wms_scan_source_fd(src), .events = POLLIN};
        int t = wms_scan_source_timeout_ms(src, now_ns());
        int left = (int)((end - now_ns()) / 1000000) + 1;
        if (t < 0 || t > left) {
            t = left;
        }
        poll(&pfd, pfd.fd >= 0 ? 1 : 0, t);
        wms_err err;
        assert_int_equal(wms_scan_source_poll(src, now_ns(), on_scan, s, &err), 0);
    }
}

static void wr(int fd, const char *s)
{
    assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static void test_serial_pty(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/wms_ser_XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(link_path, sizeof link_path, "%s/usb-Scanner-if00", dir);
    int m = open_pty();
    wms_scan_source_config cfg;
    wms_scan_source_config_defaults(&cfg, "ser", "serial", link_path);
    cfg.framing = WMS_SERIAL_CRLF;
    cfg.gap_ms = 150;
    cfg.baud = 115200;
    static logcap cap;
    wms_log_sink lsink = {cap_write, &cap};
    wms_log log;
    wms_log_init(&log, &lsink, WMS_LOG_DEBUG);
    cfg.log = &log;
    wms_scan_source *src;
    wms_err err;
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), 0);
    assert_true(wms_scan_source_connected(src));
    sink s = {0};
    /* split writes; GS kept; CRLF framing */
    wr(m, "]C10109501101530003");
    pump(src, &s, 1, 50);
    assert_int_equal(s.n, 0);
    wr(m, "\x1d"
          "10AB\r");
    wr(m, "\n4006381333931\r\n");
    pump(src, &s, 2, 2000);
    assert_int_equal(s.n, 2);
    assert_string_equal((const char *)s.ev[0].data, "]C10109501101530003\x1d"
                                                    "10AB");
    assert_string_equal((const char *)s.ev[1].data, "4006381333931");
    assert_string_equal(s.ev[1].source, "ser");
    /* partial frame then timeout: dropped, the next one whole */
    wr(m, "PARTIAL");
    pump(src, &s, 3, 400);
    assert_int_equal(s.n, 2);
    wr(m, "WHOLE\r\n");
    pump(src, &s, 3, 2000);
    assert_int_equal(s.n, 3);
    assert_string_equal((const char *)s.ev[2].data, "WHOLE");
    /* gone mid-scan and back (a new pty behind the same by-id name) */
    wr(m, "HALF");
    usleep(20000);
    close(m);
    unlink(link_path);
    pump(src, &s, 4, 300);
    assert_false(wms_scan_source_connected(src));
    assert_int_equal(s.n, 3);
    m = open_pty();
    int64_t end = now_ns() + 3000000000LL;
    while (!wms_scan_source_connected(src) && now_ns() < end) {
        usleep(50000);
        assert_int_equal(wms_scan_source_poll(src, now_ns(), on_scan, &s, &err), 0);
    }
    assert_true(wms_scan_source_connected(src));
    wr(m, "AGAIN\r\n");
    pump(src, &s, 4, 2000);
    assert_int_equal(s.n, 4);
    assert_string_equal((const char *)s.ev[3].data, "AGAIN");
    assert_non_null(strstr(cap.text, "event=scan_source_gone"));
    const char *first = strstr(cap.text, "event=scan_source_connected");
    assert_non_null(first);
    assert_non_null(strstr(first + 1, "event=scan_source_connected")); /* reconnected */
    wms_scan_source_close(src);
    close(m);
    unlink(link_path);
    rmdir(dir);
}

static void test_serial_errors(void **state)
{
    (void)state;
    wms_scan_source_config cfg;
    wms_scan_source *src;
    wms_err err;
    wms_scan_source_config_defaults(&cfg, "ser", "serial", "/dev/null");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), WMS_EINVAL); /* not a tty */
    assert_non_null(strstr(err.msg, "not a tty"));
    cfg.baud = 12345;
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), WMS_EINVAL);
    wms_scan_source_config_defaults(&cfg, "ser", "serial", "/dev/serial/by-id/none-*");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), 0); /* absent: retries */
    assert_false(wms_scan_source_connected(src));
    assert_int_equal(wms_scan_source_fd(src), -1);
    int t = wms_scan_source_timeout_ms(src, now_ns());
    assert_true(t >= 0 && t <= 1000);
    wms_scan_source_close(src);
}

static void test_evdev_open(void **state)
{
    (void)state;
    wms_scan_source_config cfg;
    wms_scan_source *src;
    wms_err err;
    /* a device that is not there (yet): no error, not connected, retries */
    wms_scan_source_config_defaults(&cfg, "gun", "evdev",
                                    "/dev/input/by-id/usb-NoSuchScanner*-event-kbd");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), 0);
    assert_false(wms_scan_source_connected(src));
    assert_int_equal(wms_scan_source_poll(src, now_ns() + 2000000000LL, on_scan, NULL, &err), 0);
    assert_false(wms_scan_source_connected(src));
    wms_scan_source_close(src);
    /* a file that is not an input device: a clear error */
    wms_scan_source_config_defaults(&cfg, "gun", "evdev", "/dev/null");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), WMS_EINVAL);
    assert_non_null(strstr(err.msg, "not an input event device"));
    /* unknown kind, missing path */
    wms_scan_source_config_defaults(&cfg, "x", "bluetooth", "/dev/null");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), WMS_EINVAL);
    wms_scan_source_config_defaults(&cfg, "x", "evdev", "");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), WMS_EINVAL);
    /* camera not there: no error, retries; preview none */
    wms_scan_source_config_defaults(&cfg, "cam", "camera", "/dev/video-none");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), 0);
    assert_false(wms_scan_source_connected(src));
    uint8_t px[4];
    unsigned w, h;
    assert_int_equal(wms_scan_source_preview(src, px, sizeof px, &w, &h), WMS_ENOTFOUND);
    wms_scan_source_close(src);
}

static void test_replay_source(void **state)
{
    (void)state;
    char path[] = "/tmp/wms_replay_src_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char text[] = "0 sym=ean13 aim=]E0 4006381333931\n"
                               "100 A\n"
                               "0 A\n"
                               "50 B\n";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    wms_scan_source_config cfg;
    wms_scan_source_config_defaults(&cfg, "script", "replay", path);
    cfg.dedup_ms = 500; /* the second A is a duplicate */
    wms_scan_source *src;
    wms_err err;
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), 0);
    unlink(path);
    sink s = {0};
    int64_t t0 = 1000000000;
    assert_int_equal(wms_scan_source_poll(src, t0, on_scan, &s, &err), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].sym, WMS_SYM_EAN13);
    assert_string_equal(s.ev[0].aim, "]E0");
    assert_int_equal(wms_scan_source_timeout_ms(src, t0), 100);
    assert_int_equal(wms_scan_source_poll(src, t0 + 99000000, on_scan, &s, &err), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(wms_scan_source_poll(src, t0 + 100000000, on_scan, &s, &err), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal((const char *)s.ev[1].data, "A");
    assert_false(wms_scan_source_done(src));
    assert_int_equal(wms_scan_source_poll(src, t0 + 200000000, on_scan, &s, &err), 0);
    assert_int_equal(s.n, 3);
    assert_string_equal((const char *)s.ev[2].data, "B");
    assert_int_equal(s.ev[2].mono_ns, t0 + 150000000);
    assert_true(wms_scan_source_done(src));
    assert_int_equal(wms_scan_source_timeout_ms(src, t0), -1);
    wms_scan_source_close(src);
    wms_scan_source_config_defaults(&cfg, "script", "replay", "/nonexistent/replay.txt");
    assert_int_equal(wms_scan_source_open(&cfg, &src, &err), WMS_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_serial_pty),
            cmocka_unit_test(test_serial_errors),
            cmocka_unit_test(test_evdev_open),
            cmocka_unit_test(test_replay_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
