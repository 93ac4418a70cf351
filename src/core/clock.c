/*
 * clock.c -- the system clock and random source behind their interfaces.
 */
#include "wms/core.h"

#include <errno.h>
#include <sys/random.h>
#include <time.h>

static int64_t sys_now_ms(void *data)
{
    (void)data;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t sys_mono_ns(void *data)
{
    (void)data;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const wms_clock system_clock = {sys_now_ms, sys_mono_ns, NULL};

const wms_clock *wms_clock_system(void)
{
    return &system_clock;
}

static int sys_fill(void *data, void *buf, size_t len)
{
    (void)data;
    unsigned char *p = buf;
    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return WMS_EIO;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static const wms_rng system_rng = {sys_fill, NULL};

const wms_rng *wms_rng_system(void)
{
    return &system_rng;
}
