/*
 * kdata_store.h -- the kiosk's data backend on the local SQLite store
 * (kdata_store.c): durable, the real kiosk.  See kdata.h for the table.
 */
#ifndef WMS_APP_KDATA_STORE_H
#define WMS_APP_KDATA_STORE_H

#include "kdata.h"
#include "wms/store.h"

#include <stdio.h>

typedef struct kdata_store_opts {
    const char *path;      /* database file (created when absent)            */
    const char *warehouse; /* the terminal's warehouse code; NULL = "WH1"     */
    bool seed_demo;        /* fill an empty catalog with the demo data         */
    uint64_t demo_seed;    /* 0 = 1                                            */
    int64_t demo_products; /* 0 = 5000                                         */
    const wms_log *log;    /* the store's log (may be NULL)                    */
    FILE *progress;        /* a line before seeding (may be NULL)              */
} kdata_store_opts;

/* Open (create, migrate, quick-check) the store at o->path.  *out is the
 * caller's: kdata_close().  On error nothing is open. */
int kdata_store_open(kdata *out, const kdata_store_opts *o, wms_err *err);
/* What the open found (NULL when `db` is not the store backend);
 * `seeded` (may be NULL): demo data was written by this open. */
const wms_store_open_info *kdata_store_info(const kdata *db, bool *seeded);
/* The store handle (tests, benchmark); owned by `db`. */
wms_store *kdata_store_handle(const kdata *db);

#endif
