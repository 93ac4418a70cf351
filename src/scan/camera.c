/*
 * camera.c -- the zbar camera source: a worker thread reads V4L2 frames
 * through zbar's video support, converts them to grey (Y800), decodes them
 * with the shared wms_zbar path and writes each scan into a pipe that the
 * event loop polls.  The latest frame is kept for an optional preview.
 */
#include "sources_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zbar.h>

#define PREVIEW_MAX (1920u * 1080u)

struct src_camera {
    zbar_video_t *video;
    wms_zbar *dec;
    pthread_t thread;
    bool started;
    atomic_bool stop;
    int pipe_r, pipe_w;
    char name[WMS_SCAN_NAME_MAX];
    pthread_mutex_t lock; /* preview */
    uint8_t *preview;
    unsigned pw, ph;
    uint64_t frames;
};

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void cam_emit(void *p, const wms_scan_event *ev)
{
    src_camera *c = p;
    /* one event < PIPE_BUF: written atomically; dropped when the loop lags */
    ssize_t n = write(c->pipe_w, ev, sizeof *ev);
    (void)n;
}

static void *cam_thread(void *p)
{
    src_camera *c = p;
    while (!atomic_load(&c->stop)) {
        zbar_image_t *img = zbar_video_next_image(c->video);
        if (!img) {
            break; /* device error or gone */
        }
        zbar_image_t *grey = zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0'));
        zbar_image_destroy(img);
        if (!grey) {
            continue;
        }
        unsigned w = zbar_image_get_width(grey), h = zbar_image_get_height(grey);
        const uint8_t *px = zbar_image_get_data(grey);
        if (px && w > 0 && h > 0 && (size_t)w * h <= PREVIEW_MAX) {
            wms_zbar_decode_gray(c->dec, px, w, h, c->name, mono_ns(), cam_emit, c, NULL);
            pthread_mutex_lock(&c->lock);
            memcpy(c->preview, px, (size_t)w * h);
            c->pw = w;
            c->ph = h;
            c->frames++;
            pthread_mutex_unlock(&c->lock);
        }
        zbar_image_destroy(grey);
    }
    /* tell the loop: EOF on the pipe */
    close(c->pipe_w);
    c->pipe_w = -1;
    return NULL;
}

static void cam_free(src_camera *c)
{
    if (!c) {
        return;
    }
    if (c->started) {
        atomic_store(&c->stop, true);
        pthread_join(c->thread, NULL);
    }
    if (c->video) {
        zbar_video_enable(c->video, 0);
        zbar_video_destroy(c->video);
    }
    wms_zbar_free(c->dec);
    if (c->pipe_r >= 0) {
        close(c->pipe_r);
    }
    if (c->pipe_w >= 0) {
        close(c->pipe_w);
    }
    pthread_mutex_destroy(&c->lock);
    free(c->preview);
    free(c);
}

static int cam_start(wms_scan_source *s, wms_err *err)
{
    src_camera *c = calloc(1, sizeof *c);
    if (!c) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    c->pipe_r = c->pipe_w = -1;
    pthread_mutex_init(&c->lock, NULL);
    snprintf(c->name, sizeof c->name, "%s", s->cfg.name);
    int rc = wms_zbar_new(&s->cfg.zbar, &c->dec, err);
    if (rc != 0) {
        cam_free(c);
        return rc;
    }
    c->preview = malloc(PREVIEW_MAX);
    int p[2];
    if (!c->preview || pipe2(p, O_CLOEXEC) != 0) {
        cam_free(c);
        return wms_err_set(err, WMS_ENOMEM, "camera: no memory or pipe");
    }
    c->pipe_r = p[0];
    c->pipe_w = p[1];
    fcntl(c->pipe_r, F_SETFL, O_NONBLOCK);
    if (access(s->cfg.path, F_OK) != 0) {
        cam_free(c);
        return WMS_ENODEV;
    }
    if (access(s->cfg.path, R_OK | W_OK) != 0) {
        cam_free(c);
        return wms_err_set(err, WMS_EPERM,
                           "%s: permission denied: the kiosk user must be in the 'video' group",
                           s->cfg.path);
    }
    c->video = zbar_video_create();
    if (!c->video || zbar_video_open(c->video, s->cfg.path) != 0 ||
        zbar_video_init(c->video, zbar_fourcc('Y', '8', '0', '0')) != 0 ||
        zbar_video_enable(c->video, 1) != 0) {
        cam_free(c);
        return wms_err_set(err, WMS_EIO, "%s: zbar cannot use this camera", s->cfg.path);
    }
    if (pthread_create(&c->thread, NULL, cam_thread, c) != 0) {
        cam_free(c);
        return wms_err_set(err, WMS_ENOMEM, "camera: cannot start the worker thread");
    }
    c->started = true;
    s->u.cam = c;
    s->fd = c->pipe_r;
    s->connected = true;
    return 0;
}

int src_camera_open(wms_scan_source *s, wms_err *err)
{
    int rc = cam_start(s, err);
    return rc == WMS_ENODEV ? 0 : rc;
}

int src_camera_poll(wms_scan_source *s, int64_t now_ns, wms_err *err)
{
    src_camera *c = s->u.cam;
    if (c) {
        wms_scan_event ev;
        for (;;) {
            ssize_t n = read(c->pipe_r, &ev, sizeof ev);
            if (n == (ssize_t)sizeof ev) {
                ev.source[sizeof ev.source - 1] = 0;
                if (ev.len <= WMS_SCAN_DATA_MAX) {
                    src_deliver(s, &ev);
                }
                continue;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && errno == EAGAIN) {
                return 0;
            }
            break; /* EOF: the worker stopped (camera gone) */
        }
        cam_free(c);
        s->u.cam = NULL;
        s->fd = -1;
        s->connected = false;
        s->retry_ns = now_ns + 1000000000LL;
        return 0;
    }
    if (now_ns < s->retry_ns) {
        return 0;
    }
    int rc = cam_start(s, err);
    s->retry_ns = now_ns + 1000000000LL;
    return rc == WMS_ENODEV ? 0 : rc;
}

int64_t src_camera_timeout(const wms_scan_source *s, int64_t now_ns)
{
    if (s->u.cam) {
        return -1;
    }
    return s->retry_ns > now_ns ? s->retry_ns - now_ns : 0;
}

void src_camera_close(wms_scan_source *s)
{
    cam_free(s->u.cam);
    s->u.cam = NULL;
    s->fd = -1;
}

int wms_scan_source_preview(wms_scan_source *s, uint8_t *buf, size_t cap, unsigned *width,
                            unsigned *height)
{
    if (s->ops->open != src_camera_open) {
        return WMS_EUNSUPPORTED;
    }
    src_camera *c = s->u.cam;
    if (!c) {
        return WMS_ENOTFOUND;
    }
    pthread_mutex_lock(&c->lock);
    int rc = WMS_ENOTFOUND;
    if (c->frames > 0 && (size_t)c->pw * c->ph <= cap) {
        memcpy(buf, c->preview, (size_t)c->pw * c->ph);
        *width = c->pw;
        *height = c->ph;
        rc = 0;
    } else if (c->frames > 0) {
        rc = WMS_ETOOBIG;
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}
