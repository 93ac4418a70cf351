/*
 * ksources.c -- scanner sources on a poll thread, scans queued for the UI
 * thread (see ksources.h).
 */
#include "ksources.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ksources {
    wms_scan_source *src[KSOURCES_MAX];
    int n;
    wms_log log;
    int stop_r, stop_w; /* a byte on stop_w ends the thread */
    pthread_t thread;
    bool started;
    void (*notify)(void *data);
    void *notify_data;

    pthread_mutex_t mu;
    pthread_cond_t space;  /* signalled when the UI thread takes a scan */
    wms_scan_event *queue; /* KSOURCES_QUEUE slots (an event is ~600 bytes) */
    unsigned head, count;
    bool stopping;
    char problem[WMS_ERR_MAX];
    bool queued; /* set by emit during one poll round */
    /* each source's connected state as the poll thread last saw it (the
     * source itself is the poll thread's alone) */
    bool connected[KSOURCES_MAX];
};

/* A full queue (the UI thread is busy): wake it and wait for room rather
 * than drop a scan; the device's own buffer holds what comes meanwhile. */
static void emit(void *ctx, const wms_scan_event *ev)
{
    ksources *ks = ctx;
    pthread_mutex_lock(&ks->mu);
    while (ks->count == KSOURCES_QUEUE && !ks->stopping) {
        pthread_mutex_unlock(&ks->mu);
        if (ks->notify) {
            ks->notify(ks->notify_data);
        }
        pthread_mutex_lock(&ks->mu);
        if (ks->count == KSOURCES_QUEUE && !ks->stopping) {
            pthread_cond_wait(&ks->space, &ks->mu);
        }
    }
    if (ks->count < KSOURCES_QUEUE) {
        ks->queue[(ks->head + ks->count) % KSOURCES_QUEUE] = *ev;
        ks->count++;
        ks->queued = true;
    }
    pthread_mutex_unlock(&ks->mu);
}

static void *poll_main(void *arg)
{
    ksources *ks = arg;
    struct pollfd pfd[KSOURCES_MAX + 1];
    for (;;) {
        int64_t now = wms_clock_mono_ns(wms_clock_system());
        int timeout = -1;
        nfds_t nfd = 0;
        pfd[nfd].fd = ks->stop_r;
        pfd[nfd++].events = POLLIN;
        for (int i = 0; i < ks->n; i++) {
            int fd = wms_scan_source_fd(ks->src[i]);
            if (fd >= 0) {
                pfd[nfd].fd = fd;
                pfd[nfd++].events = POLLIN;
            }
            int t = wms_scan_source_timeout_ms(ks->src[i], now);
            if (t >= 0 && (timeout < 0 || t < timeout)) {
                timeout = t;
            }
        }
        int r = poll(pfd, nfd, timeout);
        if (r < 0 && errno != EINTR) {
            wms_log_err(&ks->log, "scan_poll_failed", "errno=%d", errno);
            break;
        }
        if (r > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            break;
        }
        now = wms_clock_mono_ns(wms_clock_system());
        /* Every source gets its turn: input, timers and reconnects. */
        for (int i = 0; i < ks->n; i++) {
            wms_err err = {0};
            int prc = wms_scan_source_poll(ks->src[i], now, emit, ks, &err);
            bool up = wms_scan_source_connected(ks->src[i]);
            pthread_mutex_lock(&ks->mu);
            if (prc != 0) {
                wms_strlcpy(ks->problem, err.msg, sizeof(ks->problem));
            }
            ks->connected[i] = up;
            pthread_mutex_unlock(&ks->mu);
        }
        pthread_mutex_lock(&ks->mu);
        bool queued = ks->queued;
        ks->queued = false;
        pthread_mutex_unlock(&ks->mu);
        if (queued && ks->notify) {
            ks->notify(ks->notify_data);
        }
    }
    return NULL;
}

static int source_config(const kiosk_conf *c, int i, wms_scan_source_config *sc, wms_err *err)
{
    const kiosk_source_conf *k = &c->src[i];
    char name[24];
    snprintf(name, sizeof(name), "source%u", (unsigned)(i + 1) % 10u);
    if (k->kind <= KSRC_NONE || k->kind > KSRC_REPLAY) {
        return wms_err_set(err, WMS_EINVAL, "[%s] kind", name);
    }
    if (!k->path[0]) {
        return wms_err_set(err, WMS_EINVAL, "[%s] kind = %s needs a device (or replay file)", name,
                           kiosk_source_kind_name(k->kind));
    }
    wms_scan_source_config_defaults(sc, name, kiosk_source_kind_name(k->kind), k->path);
    sc->kbd.layout = (wms_kbd_layout)k->layout;
    sc->kbd.suffix_len = 0;
    if (k->suffix == 0) {
        sc->kbd.suffix[0] = '\r';
        sc->kbd.suffix_len = 1;
    } else if (k->suffix == 1) {
        sc->kbd.suffix[0] = '\t';
        sc->kbd.suffix_len = 1;
    }
    sc->kbd.gap_ms = (uint32_t)k->gap_ms;
    sc->baud = (uint32_t)k->baud;
    sc->framing = (wms_serial_framing)k->framing;
    sc->gap_ms = (uint32_t)k->gap_ms;
    if (k->symbologies[0]) {
        int rc = wms_scan_symbologies_parse(k->symbologies, &sc->zbar.symbologies, err);
        if (rc != 0) {
            wms_err_prefix(err, "[%s] symbologies", name);
            return rc;
        }
    }
    sc->zbar.density = (int)k->density;
    if (k->dedup_ms >= 0) {
        sc->dedup_ms = (uint32_t)k->dedup_ms;
    } else if (c->scan_dedup_ms > 0) {
        sc->dedup_ms = (uint32_t)c->scan_dedup_ms;
    } /* else the source's default: 2 s for a camera, off for the others */
    sc->loop = k->loop;
    return 0;
}

int ksources_start(const kiosk_conf *conf, void (*notify)(void *data), void *data, ksources **out,
                   wms_err *err)
{
    *out = NULL;
    int want = 0;
    for (int i = 0; i < KSOURCES_MAX; i++) {
        want += conf->src[i].kind != KSRC_NONE;
    }
    if (want == 0) {
        return 0;
    }
    ksources *ks = calloc(1, sizeof(*ks));
    if (!ks) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    ks->queue = calloc(KSOURCES_QUEUE, sizeof(*ks->queue));
    ks->stop_r = ks->stop_w = -1;
    pthread_mutex_init(&ks->mu, NULL);
    pthread_cond_init(&ks->space, NULL);
    ks->notify = notify;
    ks->notify_data = data;
    wms_log_init(&ks->log, wms_log_sink_stderr(), WMS_LOG_NOTICE);
    int rc = ks->queue ? 0 : wms_err_set(err, WMS_ENOMEM, "out of memory");
    for (int i = 0; i < KSOURCES_MAX && rc == 0; i++) {
        if (conf->src[i].kind == KSRC_NONE) {
            continue;
        }
        wms_scan_source_config sc;
        rc = source_config(conf, i, &sc, err);
        if (rc == 0) {
            sc.log = &ks->log;
            rc = wms_scan_source_open(&sc, &ks->src[ks->n], err);
            if (rc != 0) {
                wms_err_prefix(err, "[%s] %s", sc.name, sc.kind);
            }
        }
        if (rc == 0) {
            ks->connected[ks->n] = wms_scan_source_connected(ks->src[ks->n]);
            ks->n++;
        }
    }
    int p[2];
    if (rc == 0 && pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
        rc = wms_err_set(err, WMS_EIO, "pipe: %s", strerror(errno));
    } else if (rc == 0) {
        ks->stop_r = p[0];
        ks->stop_w = p[1];
        if (pthread_create(&ks->thread, NULL, poll_main, ks) != 0) {
            rc = wms_err_set(err, WMS_ENOMEM, "cannot start the scanner thread");
        } else {
            ks->started = true;
        }
    }
    if (rc != 0) {
        ksources_stop(ks);
        return rc;
    }
    *out = ks;
    return 0;
}

void ksources_stop(ksources *ks)
{
    if (!ks) {
        return;
    }
    pthread_mutex_lock(&ks->mu);
    ks->stopping = true;
    pthread_cond_broadcast(&ks->space);
    pthread_mutex_unlock(&ks->mu);
    if (ks->started) {
        ssize_t w;
        do {
            w = write(ks->stop_w, "x", 1);
        } while (w < 0 && errno == EINTR);
        pthread_join(ks->thread, NULL);
    }
    if (ks->stop_r >= 0) {
        close(ks->stop_r);
        close(ks->stop_w);
    }
    for (int i = 0; i < ks->n; i++) {
        wms_scan_source_close(ks->src[i]);
    }
    pthread_mutex_destroy(&ks->mu);
    pthread_cond_destroy(&ks->space);
    free(ks->queue);
    free(ks);
}

bool ksources_take(ksources *ks, wms_scan_event *out)
{
    if (!ks) {
        return false;
    }
    pthread_mutex_lock(&ks->mu);
    bool have = ks->count > 0;
    if (have) {
        *out = ks->queue[ks->head];
        ks->head = (ks->head + 1) % KSOURCES_QUEUE;
        ks->count--;
        pthread_cond_signal(&ks->space);
    }
    pthread_mutex_unlock(&ks->mu);
    return have;
}

void ksources_problem(ksources *ks, char *buf, size_t cap)
{
    if (!ks) {
        wms_strlcpy(buf, "", cap);
        return;
    }
    pthread_mutex_lock(&ks->mu);
    wms_strlcpy(buf, ks->problem, cap);
    pthread_mutex_unlock(&ks->mu);
}

void ksources_health(ksources *ks, wms_health *h)
{
    if (!ks) {
        return;
    }
    bool connected[KSOURCES_MAX];
    pthread_mutex_lock(&ks->mu);
    memcpy(connected, ks->connected, sizeof(connected));
    pthread_mutex_unlock(&ks->mu);
    char detail[200] = "";
    size_t off = 0;
    int down = 0;
    for (int i = 0; i < ks->n; i++) {
        bool up = connected[i];
        down += !up;
        int w = snprintf(detail + off, sizeof(detail) - off, "%s%s %s", i ? ", " : "",
                         wms_scan_source_name(ks->src[i]), up ? "connected" : "waiting for device");
        if (w > 0 && (size_t)w < sizeof(detail) - off) {
            off += (size_t)w;
        }
    }
    char problem[WMS_ERR_MAX];
    ksources_problem(ks, problem, sizeof(problem));
    wms_health_add(h, "scanners", down || problem[0] ? WMS_HEALTH_DEGRADED : WMS_HEALTH_HEALTHY,
                   false, "%s%s%.120s", detail, problem[0] ? "; " : "", problem);
}
