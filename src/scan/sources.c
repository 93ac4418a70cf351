/*
 * sources.c -- the source interface and the evdev, serial and replay
 * sources (camera in camera.c): file descriptors around the pure framers,
 * reconnect on unplug, duplicate suppression before delivery.
 */
#include "sources_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define RETRY_NS 1000000000LL

void wms_scan_source_config_defaults(wms_scan_source_config *cfg, const char *name,
                                     const char *kind, const char *path)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->name, sizeof cfg->name, "%s", name ? name : "scanner");
    snprintf(cfg->kind, sizeof cfg->kind, "%s", kind ? kind : "");
    snprintf(cfg->path, sizeof cfg->path, "%s", path ? path : "");
    cfg->kbd.layout = WMS_KBD_US;
    cfg->kbd.suffix[0] = '\r';
    cfg->kbd.suffix_len = 1;
    cfg->kbd.gap_ms = 100;
    cfg->baud = 9600;
    cfg->framing = WMS_SERIAL_CR;
    cfg->gap_ms = 100;
    cfg->zbar.symbologies = wms_zbar_default_symbologies();
    cfg->zbar.density = 2;
    cfg->dedup_ms = (kind && strcmp(kind, "camera") == 0) ? 2000u : 0u;
}

/* Framers emit here: duplicate filter, then the caller's callback. */
void src_deliver(void *p, const wms_scan_event *ev)
{
    wms_scan_source *s = p;
    if (!wms_dedup_accept(&s->dedup, ev)) {
        return;
    }
    if (s->emit) {
        s->emit(s->emit_ctx, ev);
    }
}

static int errno_code(int e)
{
    switch (e) {
    case EACCES:
    case EPERM:
        return WMS_EPERM;
    case ENOENT:
    case ENODEV:
    case ENXIO:
        return WMS_ENODEV;
    case EBUSY:
        return WMS_EBUSY;
    default:
        return WMS_EIO;
    }
}

/* Resolve a path or glob pattern to the first matching path. */
static int resolve(const char *pattern, char *out, size_t cap)
{
    if (!strpbrk(pattern, "*?[")) {
        snprintf(out, cap, "%s", pattern);
        return 0;
    }
    glob_t g;
    int rc = glob(pattern, 0, NULL, &g);
    if (rc != 0 || g.gl_pathc == 0) {
        if (rc == 0) {
            globfree(&g);
        }
        return WMS_ENODEV;
    }
    snprintf(out, cap, "%s", g.gl_pathv[0]);
    globfree(&g);
    return 0;
}

static void src_disconnect(wms_scan_source *s, int64_t now_ns)
{
    wms_log_warn(s->cfg.log, "scan_source_gone", "source=%s kind=%s", s->cfg.name, s->cfg.kind);
    if (s->fd >= 0) {
        close(s->fd);
    }
    s->fd = -1;
    s->connected = false;
    s->retry_ns = now_ns + RETRY_NS;
}

/* ---- evdev ---- */

static int evdev_connect(wms_scan_source *s, wms_err *err)
{
    char path[256];
    if (resolve(s->cfg.path, path, sizeof path) != 0) {
        return WMS_ENODEV;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        int code = errno_code(e);
        if (code == WMS_EPERM) {
            return wms_err_set(err, WMS_EPERM,
                               "%s: permission denied: the kiosk user must be in the 'input' "
                               "group (or get the device by a udev rule, see README "
                               "\"Scanners\")",
                               path);
        }
        if (code == WMS_ENODEV) {
            return WMS_ENODEV;
        }
        return wms_err_set(err, code, "%s: %s", path, strerror(e));
    }
    int clk = CLOCK_MONOTONIC;
    if (ioctl(fd, EVIOCSCLOCKID, &clk) != 0) {
        int e = errno;
        close(fd);
        return wms_err_set(err, e == ENOTTY || e == EINVAL ? WMS_EINVAL : errno_code(e),
                           "%s: not an input event device (%s)", path, strerror(e));
    }
    if (ioctl(fd, EVIOCGRAB, (void *)1) != 0) {
        int e = errno;
        close(fd);
        return wms_err_set(err, e == EBUSY ? WMS_EBUSY : errno_code(e),
                           "%s: cannot take the scanner exclusively (EVIOCGRAB: %s)", path,
                           strerror(e));
    }
    s->fd = fd;
    s->connected = true;
    char q[300];
    wms_log_info(s->cfg.log, "scan_source_connected", "source=%s kind=%s path=%s", s->cfg.name,
                 s->cfg.kind, wms_log_quote(path, q, sizeof q));
    return 0;
}

static int evdev_poll(wms_scan_source *s, int64_t now_ns, wms_err *err)
{
    if (s->fd >= 0) {
        uint8_t buf[64 * sizeof(struct input_event)];
        for (;;) {
            ssize_t n = read(s->fd, buf, sizeof buf);
            if (n > 0) {
                wms_kbd_framer_feed(&s->u.kbd, buf, (size_t)n);
                continue;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && errno == EAGAIN) {
                break;
            }
            /* ENODEV (unplugged) or anything else: drop the partial scan */
            wms_kbd_framer_reset(&s->u.kbd);
            src_disconnect(s, now_ns);
            break;
        }
        wms_kbd_framer_tick(&s->u.kbd, now_ns);
        return 0;
    }
    if (now_ns < s->retry_ns) {
        return 0;
    }
    int rc = evdev_connect(s, err);
    if (rc == WMS_ENODEV) {
        s->retry_ns = now_ns + RETRY_NS;
        return 0;
    }
    if (rc != 0) {
        s->retry_ns = now_ns + RETRY_NS;
        return rc;
    }
    wms_kbd_framer_reset(&s->u.kbd);
    return 0;
}

static int64_t evdev_timeout(const wms_scan_source *s, int64_t now_ns)
{
    if (s->fd >= 0) {
        return wms_kbd_framer_timeout_ns(&s->u.kbd, now_ns);
    }
    return s->retry_ns > now_ns ? s->retry_ns - now_ns : 0;
}

static int evdev_open(wms_scan_source *s, wms_err *err)
{
    wms_kbd_framer_init(&s->u.kbd, s->cfg.name, &s->cfg.kbd, src_deliver, s);
    int rc = evdev_connect(s, err);
    return rc == WMS_ENODEV ? 0 : rc;
}

/* ---- serial ---- */

static int baud_const(uint32_t baud, speed_t *out)
{
    static const struct {
        uint32_t b;
        speed_t c;
    } t[] = {{1200, B1200},     {2400, B2400},     {4800, B4800},    {9600, B9600},
             {19200, B19200},   {38400, B38400},   {57600, B57600},  {115200, B115200},
             {230400, B230400}, {460800, B460800}, {921600, B921600}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (t[i].b == baud) {
            *out = t[i].c;
            return 0;
        }
    }
    return WMS_EINVAL;
}

static int serial_connect(wms_scan_source *s, wms_err *err)
{
    char path[256];
    if (resolve(s->cfg.path, path, sizeof path) != 0) {
        return WMS_ENODEV;
    }
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        int code = errno_code(e);
        if (code == WMS_EPERM) {
            return wms_err_set(err, WMS_EPERM,
                               "%s: permission denied: the kiosk user must be in the 'dialout' "
                               "group (see README \"Scanners\")",
                               path);
        }
        if (code == WMS_ENODEV) {
            return WMS_ENODEV;
        }
        return wms_err_set(err, code, "%s: %s", path, strerror(e));
    }
    struct termios tio;
    speed_t sp = B9600;
    baud_const(s->cfg.baud, &sp);
    if (tcgetattr(fd, &tio) != 0) {
        int e = errno;
        close(fd);
        return wms_err_set(err, WMS_EINVAL, "%s: not a tty (%s)", path, strerror(e));
    }
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    /* VMIN 1: with O_NONBLOCK an empty read is EAGAIN, so 0 means hang-up */
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    cfsetispeed(&tio, sp);
    cfsetospeed(&tio, sp);
    if (tcsetattr(fd, TCSANOW, &tio) != 0) {
        int e = errno;
        close(fd);
        return wms_err_set(err, WMS_EIO, "%s: tcsetattr: %s", path, strerror(e));
    }
    s->fd = fd;
    s->connected = true;
    char q[300];
    wms_log_info(s->cfg.log, "scan_source_connected", "source=%s kind=%s path=%s", s->cfg.name,
                 s->cfg.kind, wms_log_quote(path, q, sizeof q));
    return 0;
}

static int serial_poll(wms_scan_source *s, int64_t now_ns, wms_err *err)
{
    if (s->fd >= 0) {
        uint8_t buf[512];
        for (;;) {
            ssize_t n = read(s->fd, buf, sizeof buf);
            if (n > 0) {
                wms_serial_framer_feed(&s->u.ser, buf, (size_t)n, now_ns);
                continue;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && errno == EAGAIN) {
                break;
            }
            /* 0 (hang-up), EIO or ENODEV: the device went away */
            wms_serial_framer_reset(&s->u.ser);
            src_disconnect(s, now_ns);
            break;
        }
        wms_serial_framer_tick(&s->u.ser, now_ns);
        return 0;
    }
    if (now_ns < s->retry_ns) {
        return 0;
    }
    int rc = serial_connect(s, err);
    if (rc == WMS_ENODEV) {
        s->retry_ns = now_ns + RETRY_NS;
        return 0;
    }
    if (rc != 0) {
        s->retry_ns = now_ns + RETRY_NS;
    }
    return rc;
}

static int64_t serial_timeout(const wms_scan_source *s, int64_t now_ns)
{
    if (s->fd >= 0) {
        return wms_serial_framer_timeout_ns(&s->u.ser, now_ns);
    }
    return s->retry_ns > now_ns ? s->retry_ns - now_ns : 0;
}

static int serial_open(wms_scan_source *s, wms_err *err)
{
    speed_t sp;
    if (baud_const(s->cfg.baud, &sp) != 0) {
        return wms_err_set(err, WMS_EINVAL, "baud rate %u not supported", s->cfg.baud);
    }
    wms_serial_framer_init(&s->u.ser, s->cfg.name, s->cfg.framing, s->cfg.gap_ms, src_deliver, s);
    int rc = serial_connect(s, err);
    return rc == WMS_ENODEV ? 0 : rc;
}

/* ---- replay ---- */

static int replay_open(wms_scan_source *s, wms_err *err)
{
    int rc = wms_replay_load(s->cfg.path, &s->u.rep.replay, err);
    s->u.rep.next = 0;
    s->u.rep.due_ns = 0;
    s->connected = rc == 0;
    return rc;
}

static int replay_poll(wms_scan_source *s, int64_t now_ns, wms_err *err)
{
    (void)err;
    src_replay *r = &s->u.rep;
    while (r->next < r->replay.count) {
        const wms_replay_item *it = &r->replay.items[r->next];
        if (r->due_ns == 0) {
            r->due_ns = now_ns + (int64_t)it->delay_ms * 1000000;
        }
        if (now_ns < r->due_ns) {
            break;
        }
        wms_scan_event ev;
        memset(&ev, 0, sizeof ev);
        snprintf(ev.source, sizeof ev.source, "%s", s->cfg.name);
        ev.sym = it->sym;
        memcpy(ev.aim, it->aim, sizeof ev.aim);
        memcpy(ev.data, it->data, it->len + 1);
        ev.len = it->len;
        ev.mono_ns = r->due_ns;
        int64_t base = r->due_ns;
        r->next++;
        if (r->next == r->replay.count && s->cfg.loop) {
            r->next = 0;
        }
        r->due_ns = r->next < r->replay.count
                            ? base + (int64_t)r->replay.items[r->next].delay_ms * 1000000
                            : 0;
        src_deliver(s, &ev);
        if (s->cfg.loop && r->replay.count > 0 && r->due_ns <= base) {
            break; /* a loop of zero delays: one per poll */
        }
    }
    return 0;
}

static int64_t replay_timeout(const wms_scan_source *s, int64_t now_ns)
{
    const src_replay *r = &s->u.rep;
    if (r->next >= r->replay.count) {
        return -1;
    }
    if (r->due_ns == 0) {
        return 0;
    }
    return r->due_ns > now_ns ? r->due_ns - now_ns : 0;
}

static void replay_close(wms_scan_source *s)
{
    wms_replay_free(&s->u.rep.replay);
}

static void fd_close(wms_scan_source *s)
{
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
}

static const src_ops ops_table[] = {
        {"evdev", evdev_open, evdev_poll, evdev_timeout, fd_close},
        {"serial", serial_open, serial_poll, serial_timeout, fd_close},
        {"replay", replay_open, replay_poll, replay_timeout, replay_close},
        {"camera", src_camera_open, src_camera_poll, src_camera_timeout, src_camera_close},
};

int wms_scan_source_open(const wms_scan_source_config *cfg, wms_scan_source **out, wms_err *err)
{
    *out = NULL;
    const src_ops *ops = NULL;
    for (size_t i = 0; i < sizeof ops_table / sizeof ops_table[0]; i++) {
        if (strcmp(cfg->kind, ops_table[i].kind) == 0) {
            ops = &ops_table[i];
        }
    }
    if (!ops) {
        return wms_err_set(err, WMS_EINVAL,
                           "source '%s': kind '%s' unknown (evdev, serial, "
                           "camera, replay)",
                           cfg->name, cfg->kind);
    }
    if (cfg->name[0] == 0 || memchr(cfg->name, 0, sizeof cfg->name) == NULL ||
        memchr(cfg->path, 0, sizeof cfg->path) == NULL || cfg->path[0] == 0) {
        return wms_err_set(err, WMS_EINVAL, "source needs a name and a path");
    }
    wms_scan_source *s = calloc(1, sizeof *s);
    if (!s) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    s->ops = ops;
    s->cfg = *cfg;
    s->fd = -1;
    wms_dedup_init(&s->dedup, cfg->dedup_ms);
    int rc = ops->open(s, err);
    if (rc != 0) {
        wms_err_prefix(err, "source '%s'", cfg->name);
        ops->close(s);
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int wms_scan_source_fd(const wms_scan_source *s)
{
    return s->fd;
}

int wms_scan_source_timeout_ms(const wms_scan_source *s, int64_t now_ns)
{
    int64_t ns = s->ops->timeout(s, now_ns);
    if (ns < 0) {
        return -1;
    }
    int64_t ms = (ns + 999999) / 1000000;
    return ms > 60000 ? 60000 : (int)ms;
}

int wms_scan_source_poll(wms_scan_source *s, int64_t now_ns, wms_scan_emit_fn emit, void *ctx,
                         wms_err *err)
{
    s->emit = emit;
    s->emit_ctx = ctx;
    wms_err local;
    if (!err) {
        wms_err_clear(&local);
        err = &local;
    }
    int rc = s->ops->poll(s, now_ns, err);
    s->emit = NULL;
    s->emit_ctx = NULL;
    if (rc != 0) {
        char q[WMS_ERR_MAX + 8];
        wms_log_err(s->cfg.log, "scan_source_error", "source=%s error=%s msg=%s", s->cfg.name,
                    wms_err_name(rc), wms_log_quote(err->msg, q, sizeof q));
        wms_err_prefix(err, "source '%s'", s->cfg.name);
    }
    return rc;
}

const char *wms_scan_source_name(const wms_scan_source *s)
{
    return s->cfg.name;
}

bool wms_scan_source_connected(const wms_scan_source *s)
{
    return s->connected;
}

bool wms_scan_source_done(const wms_scan_source *s)
{
    return s->ops->poll == replay_poll && !s->cfg.loop && s->u.rep.next >= s->u.rep.replay.count;
}

void wms_scan_source_close(wms_scan_source *s)
{
    if (s) {
        s->ops->close(s);
        free(s);
    }
}
