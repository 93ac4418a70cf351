/*
 * sync_progress.h -- progress of a long pull (`wmsctl provision`, `wmsctl
 * bench sync`) on stderr: a backend wrapper that counts the changes of each
 * pulled page and prints rows, percent and rate.  On a terminal one line is
 * redrawn (at most 5 times a second); otherwise a line every 10 % or 10 s.
 */
#ifndef WMS_CTL_SYNC_PROGRESS_H
#define WMS_CTL_SYNC_PROGRESS_H

#include "wms/sync.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sync_progress {
    wms_sync_backend inner; /* the wrapped backend (destroyed with the wrapper) */
    const char *label;      /* "provision", "pull"                          */
    FILE *out;              /* stderr                                        */
    bool tty;
    bool started;
    int64_t total;    /* changes expected (the centre's change_seq), 0 unknown */
    int64_t first;    /* cursor of the first pull                              */
    uint64_t rows;    /* changes received                                      */
    uint64_t printed; /* rows in the last line printed                         */
    int64_t t0_ns;    /* first pull                                            */
    int64_t last_ns;  /* last line printed                                     */
    int last_decile;  /* last 10 % step printed (not a tty)                    */
    int64_t cursor;   /* "next" of the last page                               */
} sync_progress;

/*
 * Replace `be` by a wrapper around it that reports on `out`.  `p` must
 * outlive the backend; the wrapper's destroy ends the progress line and
 * destroys the inner backend.  The total is asked from the backend's
 * health ("change_seq") before the first pull when it answers one.
 */
void sync_progress_wrap(sync_progress *p, wms_sync_backend *be, const char *label, FILE *out);

#endif
