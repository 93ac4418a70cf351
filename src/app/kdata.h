/*
 * kdata.h -- what the kiosk's screens need from the data layer, as one
 * backend table (curl/SDL style).  Two implementations: the local store
 * (kdata_store.c, include/wms/store.h: SQLite, durable, the real kiosk) and
 * an in-memory one (kdata_mem.c: a small fixed catalogue, for view-model
 * tests).  Screens never touch SQLite directly.
 *
 * Every function returns 0 or a negative WMS_E*; `err` gets a sentence an
 * operator can act on.  Row structs are plain values, copied out.
 */
#ifndef WMS_APP_KDATA_H
#define WMS_APP_KDATA_H

#include "wms/core.h"
#include "wms/ui.h"

#define KD_NAME_MAX 96
#define KD_CODE_MAX 48

typedef struct kd_operator {
    int64_t id;
    char badge[KD_CODE_MAX];
    char name[KD_NAME_MAX];
    char role[16];
} kd_operator;

typedef struct kd_product {
    int64_t id;
    char sku[KD_CODE_MAX];
    char name[KD_NAME_MAX];
    char uom[8];
    int decimals;     /* 0 for pcs, up to 3 */
    char tracking[8]; /* none / lot / serial / expiry */
} kd_product;

typedef struct kd_barcode {
    char gtin14[WMS_GTIN14_LEN + 1];
    wms_qty pack_qty;
    char kind[12]; /* unit / inner / case / pallet */
} kd_barcode;

typedef struct kd_location {
    int64_t id;
    char code[KD_CODE_MAX];
    char type[16];
} kd_location;

typedef struct kd_planned {
    int64_t id;
    char ref[KD_CODE_MAX];
    char partner[KD_NAME_MAX];
    int64_t lines;
} kd_planned;

typedef struct kd_doc {
    char id[KD_CODE_MAX]; /* the terminal's document id (uuid) */
    char ref[KD_CODE_MAX];
    wms_doc_type type;
    wms_doc_status status;
    int64_t planned_id; /* 0 for unplanned */
    int64_t lines;
    char reason[160]; /* why it was rejected */
    int64_t created_ms;
} kd_doc;

/* One line of a document; for planned receipts expected comes from the plan
 * and received from the terminal's items. */
typedef struct kd_line {
    int64_t product_id;
    char sku[KD_CODE_MAX];
    char name[KD_NAME_MAX];
    char location[KD_CODE_MAX];
    char lot[32];
    int decimals;
    wms_qty expected; /* 0 when not planned */
    wms_qty received;
} kd_line;

/* An item to add to a receipt (one durable action). */
typedef struct kd_item {
    int64_t product_id;
    int64_t location_id;
    char lot[32];
    char serial[32];
    char expiry[11]; /* "2026-12-31" or "" */
    wms_qty qty;     /* added (may be negative to correct, never below 0 in total) */
} kd_item;

typedef struct kd_stock {
    char location[KD_CODE_MAX];
    char sku[KD_CODE_MAX];
    char name[KD_NAME_MAX];
    char lot[32];
    int decimals;
    wms_qty qty; /* central snapshot + own pending */
} kd_stock;

typedef struct kd_sync {
    bool configured; /* a central link is configured */
    wms_ui_link link;
    int64_t pending, rejected;
    int64_t last_ok_ms; /* 0 never */
    char last_error[160];
    /* The sync engine's pull run of several pages (the first full pull; set
     * by the central link, see kiosk_pull_progress): under way, the cursor
     * it started at, the cursor now, changes applied so far, and the
     * centre's newest change number (0 unknown). */
    bool pulling;
    int64_t pull_from, cursor, pull_changes, head;
} kd_sync;

/* A scan as recorded in the scan log. */
typedef struct kd_scan_rec {
    const uint8_t *raw;
    size_t len;
    int64_t operator_id; /* 0 before login */
    const char *screen;
    const char *kind;    /* core's classification name */
    const char *outcome; /* "ok", "unknown barcode", ... */
} kd_scan_rec;

typedef struct kdata_ops {
    const char *name;
    int (*operator_by_badge)(void *d, const char *badge, kd_operator *out, wms_err *err);
    /* WMS_EAUTH wrong PIN; WMS_ELOCKED while locked (detail says until when). */
    int (*check_pin)(void *d, int64_t operator_id, const char *pin, int64_t now_ms, wms_err *err);
    int (*product_by_gtin)(void *d, const char *gtin14, kd_product *out, wms_qty *pack_qty,
                           wms_err *err);
    int (*product_by_id)(void *d, int64_t id, kd_product *out, wms_err *err);
    /* The product's barcodes (GTIN-14) and pack quantities. */
    int (*product_barcodes)(void *d, int64_t product_id, kd_barcode *rows, int cap, int *n,
                            wms_err *err);
    int (*location_by_code)(void *d, const char *code, kd_location *out, wms_err *err);
    int (*receiving_location)(void *d, kd_location *out, wms_err *err);
    int (*planned_receipts)(void *d, const wms_page *pg, kd_planned *rows, int cap, int *n,
                            int64_t *total, wms_err *err);
    /* Start a receipt (planned_id 0: unplanned); writes its id. */
    int (*receipt_start)(void *d, int64_t planned_id, int64_t operator_id, kd_doc *out,
                         wms_err *err);
    /* Add an item: rows + outbox in one durable transaction. */
    int (*receipt_add)(void *d, const char *doc_id, const kd_item *item, wms_err *err);
    int (*doc_get)(void *d, const char *id_or_ref, kd_doc *out, wms_err *err);
    int (*doc_lines)(void *d, const char *doc_id, kd_line *rows, int cap, int *n, wms_err *err);
    int (*doc_post)(void *d, const char *doc_id, wms_err *err);
    int (*doc_cancel)(void *d, const char *doc_id, wms_err *err);
    /* status -1: every status. */
    int (*docs_list)(void *d, int status, const wms_page *pg, kd_doc *rows, int cap, int *n,
                     int64_t *total, wms_err *err);
    int (*stock_by_product)(void *d, int64_t product_id, kd_stock *rows, int cap, int *n,
                            wms_err *err);
    int (*stock_by_location)(void *d, int64_t location_id, kd_stock *rows, int cap, int *n,
                             wms_err *err);
    int (*sync_status)(void *d, kd_sync *out);
    int (*scan_log)(void *d, const kd_scan_rec *rec);
    int (*health)(void *d, wms_health *h);
    void (*close)(void *d);
} kdata_ops;

typedef struct kdata {
    const kdata_ops *ops;
    void *d;
    char terminal[32];
    char warehouse[32];
} kdata;

/* The in-memory backend filled from core's demo generator (warehouse WH1);
 * kdata_mem_open() is seed 1 with 40 products (tests, script mode). */
int kdata_mem_open_demo(kdata *out, uint64_t seed, int64_t products, wms_err *err);
int kdata_mem_open(kdata *out, wms_err *err);
/* Tests: the centre rejected `doc_id` with `reason`. */
int kdata_mem_reject(kdata *db, const char *doc_id, const char *reason);
/* Scans logged so far (tests). */
int64_t kdata_mem_scans(const kdata *db);

#endif
