/*
 * test_scan_uinput.c -- the evdev source end to end with a virtual keyboard
 * made through /dev/uinput: grab, GS by Alt+numpad, suffix framing, the
 * device removed mid-scan and created again (reopened).  Machines without
 * /dev/uinput (containers) report SKIP (77): nothing is claimed there.
 */
#include "wms_test.h"

#include "wms/scan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/uinput.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

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

/* Create a virtual keyboard; its event node's path into `node`. */
static int make_kbd(char *node, size_t cap)
{
    int fd = open("/dev/uinput", O_WRONLY | O_NONBLOCK);
    if (fd < 0) {
        return -1;
    }
    ioctl(fd, UI_SET_EVBIT, EV_KEY);
    for (int k = 1; k < 128; k++) {
        ioctl(fd, UI_SET_KEYBIT, k);
    }
    struct uinput_setup us;
    memset(&us, 0, sizeof us);
    us.id.bustype = BUS_USB;
    us.id.vendor = 0x1234;
    us.id.product = 0x5678;
    snprintf(us.name, sizeof us.name, "wms test scanner");
    if (ioctl(fd, UI_DEV_SETUP, &us) != 0 || ioctl(fd, UI_DEV_CREATE) != 0) {
        close(fd);
        return -1;
    }
    char sys[64];
    if (ioctl(fd, UI_GET_SYSNAME(sizeof sys), sys) < 0) {
        close(fd);
        return -1;
    }
    char dpath[320];
    snprintf(dpath, sizeof dpath, "/sys/devices/virtual/input/%s", sys);
    node[0] = 0;
    for (int tries = 0; tries < 50 && node[0] == 0; tries++) {
        DIR *d = opendir(dpath);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strncmp(e->d_name, "event", 5) == 0) {
                snprintf(node, cap, "/dev/input/%s", e->d_name);
            }
        }
        if (d) {
            closedir(d);
        }
        if (node[0] == 0 || access(node, R_OK) != 0) {
            node[0] = 0;
            usleep(20000);
        }
    }
    return fd;
}

static void emit(int fd, uint16_t type, uint16_t code, int32_t value)
{
    struct input_event ie;
    memset(&ie, 0, sizeof ie);
    ie.type = type;
    ie.code = code;
    ie.value = value;
    assert_int_equal(write(fd, &ie, sizeof ie), (ssize_t)sizeof ie);
}

static void key(int fd, uint16_t code)
{
    emit(fd, EV_KEY, code, 1);
    emit(fd, EV_SYN, SYN_REPORT, 0);
    emit(fd, EV_KEY, code, 0);
    emit(fd, EV_SYN, SYN_REPORT, 0);
}

static void pump(wms_scan_source *src, sink *s, int want, int ms)
{
    int64_t end = now_ns() + (int64_t)ms * 1000000;
    while (s->n < want && now_ns() < end) {
        struct pollfd pfd = {.fd = wms_scan_source_fd(src), .events = POLLIN};
        poll(&pfd, pfd.fd >= 0 ? 1 : 0, 20);
        wms_err err;
        assert_int_equal(wms_scan_source_poll(src, now_ns(), on_scan, s, &err), 0);
    }
}

static void test_uinput(void **state)
{
    (void)state;
    char node[300];
    int u = make_kbd(node, sizeof node);
    assert_true(u >= 0 && node[0]);
    wms_scan_source_config cfg;
    wms_scan_source_config_defaults(&cfg, "gun", "evdev", node);
    wms_scan_source *src;
    wms_err err;
    if (wms_scan_source_open(&cfg, &src, &err) != 0) {
        fail_msg("%s", err.msg);
    }
    assert_true(wms_scan_source_connected(src));
    sink s = {0};
    key(u, KEY_4);
    key(u, KEY_2);
    emit(u, EV_KEY, KEY_LEFTALT, 1);
    key(u, KEY_KP0);
    key(u, KEY_KP0);
    key(u, KEY_KP2);
    key(u, KEY_KP9);
    emit(u, EV_KEY, KEY_LEFTALT, 0);
    emit(u, EV_SYN, SYN_REPORT, 0);
    key(u, KEY_7);
    key(u, KEY_ENTER);
    pump(src, &s, 1, 2000);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ev[0].len, 4);
    assert_memory_equal(s.ev[0].data,
                        "42\x1d"
                        "7",
                        4);
    /* removed mid-scan, then back */
    key(u, KEY_9);
    ioctl(u, UI_DEV_DESTROY);
    close(u);
    pump(src, &s, 2, 300);
    assert_false(wms_scan_source_connected(src));
    u = make_kbd(node, sizeof node);
    assert_true(u >= 0);
    int64_t end = now_ns() + 3000000000LL;
    while (!wms_scan_source_connected(src) && now_ns() < end) {
        usleep(50000);
        wms_scan_source_poll(src, now_ns(), on_scan, &s, &err);
    }
    assert_true(wms_scan_source_connected(src));
    key(u, KEY_1);
    key(u, KEY_ENTER);
    pump(src, &s, 2, 2000);
    assert_int_equal(s.n, 2);
    assert_string_equal((const char *)s.ev[1].data, "1");
    wms_scan_source_close(src);
    ioctl(u, UI_DEV_DESTROY);
    close(u);
}

int main(void)
{
    int fd = open("/dev/uinput", O_WRONLY | O_NONBLOCK);
    if (fd < 0) {
        fprintf(stderr,
                "SKIP: /dev/uinput not available here (%s): the evdev source is tested "
                "on recorded event streams only\n",
                strerror(errno));
        return 77;
    }
    close(fd);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_uinput)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
