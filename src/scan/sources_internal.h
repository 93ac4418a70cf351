/* sources_internal.h -- the source structure and its table of functions. */
#ifndef WMS_SCAN_SOURCES_INTERNAL_H
#define WMS_SCAN_SOURCES_INTERNAL_H

#include "scan_internal.h"

typedef struct src_ops {
    const char *kind;
    int (*open)(wms_scan_source *s, wms_err *err);
    int (*poll)(wms_scan_source *s, int64_t now_ns, wms_err *err);
    int64_t (*timeout)(const wms_scan_source *s, int64_t now_ns); /* ns, -1 none */
    void (*close)(wms_scan_source *s);
} src_ops;

typedef struct src_replay {
    wms_replay replay;
    size_t next;
    int64_t due_ns; /* 0: not scheduled yet */
} src_replay;

typedef struct src_camera src_camera; /* camera.c */

struct wms_scan_source {
    const src_ops *ops;
    wms_scan_source_config cfg;
    wms_dedup dedup;
    int fd; /* -1 when absent */
    bool connected;
    int64_t retry_ns;
    wms_scan_emit_fn emit; /* set during poll */
    void *emit_ctx;
    union {
        wms_kbd_framer kbd;
        wms_serial_framer ser;
        src_replay rep;
        src_camera *cam;
    } u;
};

void src_deliver(void *p, const wms_scan_event *ev);

int src_camera_open(wms_scan_source *s, wms_err *err);
int src_camera_poll(wms_scan_source *s, int64_t now_ns, wms_err *err);
int64_t src_camera_timeout(const wms_scan_source *s, int64_t now_ns);
void src_camera_close(wms_scan_source *s);

#endif
