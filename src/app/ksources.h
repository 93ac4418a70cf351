/*
 * ksources.h -- the kiosk's scanner sources ([source1] .. [source4]: evdev,
 * serial, camera, replay; include/wms/scan.h) on one poll thread.
 *
 * The thread sleeps in poll(2) on every source's fd (plus a pipe to stop
 * it) until input arrives or the nearest source timer (framing gap,
 * reconnect, next replay item) is due: no busy loop, no CPU when idle.
 * Each scan is queued and `notify` is called (session.c: an SDL user event,
 * which wakes SDL_WaitEventTimeout); the UI thread takes the scans and
 * hands them to kiosk_scan(), the same path as wedge scans.  No scan is
 * dropped: with KSOURCES_QUEUE scans waiting the poll thread waits for the
 * UI thread (the devices' buffers hold what comes meanwhile).
 */
#ifndef WMS_APP_KSOURCES_H
#define WMS_APP_KSOURCES_H

#include "session.h"
#include "wms/scan.h"

#define KSOURCES_QUEUE 64

typedef struct ksources ksources;

/* The sources of `conf` (kind != none).  None configured: *out = NULL, 0.
 * A source that cannot start (bad config, permission) fails the whole
 * start with a sentence naming it; an absent device does not (it is
 * retried).  notify runs on the poll thread. */
int ksources_start(const kiosk_conf *conf, void (*notify)(void *data), void *data, ksources **out,
                   wms_err *err);
/* Take the oldest queued scan; false when none. */
bool ksources_take(ksources *ks, wms_scan_event *out);
/* The newest lasting source problem ("" none), for the scanner test page. */
void ksources_problem(ksources *ks, char *buf, size_t cap);
/* A "scanners" component: each source connected or waiting for its
 * device, and the last lasting problem (degraded then).  NULL: nothing. */
void ksources_health(ksources *ks, wms_health *h);
void ksources_stop(ksources *ks);

#endif
