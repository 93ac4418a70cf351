/*
 * wms/store.h -- the terminal's local SQLite database (module `store`).
 *
 * Offline-first: every operator action is saved here, in ONE transaction that
 * writes the document rows and the outbox operation (docs/sync-protocol.md),
 * before the UI confirms it.  The sync engine pushes the outbox and applies
 * pulled central changes through the functions below.
 *
 * Durability: WAL, synchronous=FULL, foreign keys on, busy timeout.  When an
 * action function returns 0 the action is on disk; on any error nothing of it
 * was written (the transaction is rolled back) and the caller must not
 * confirm it.  Disk full -> WMS_ENOSPC, read-only -> WMS_EREADONLY, locked ->
 * WMS_EBUSY, damaged file -> WMS_ECORRUPT, other I/O -> WMS_EIO.
 *
 * Threads: one wms_store handle per thread.  The UI thread opens one with
 * WMS_STORE_UI, the sync thread one with WMS_STORE_SYNC; readers (wmsctl
 * lookup, health pages) open WMS_STORE_READONLY.  A handle is not
 * thread-safe.
 *
 * Strings in result structs are copied into fixed arrays of the struct (no
 * allocation for the caller to free) unless stated.  Links: wms_core,
 * sqlite3, libxcrypt.
 */
#ifndef WMS_STORE_H
#define WMS_STORE_H

#include "wms/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this build migrates to (PRAGMA user_version). */
#define WMS_STORE_SCHEMA_VERSION 3

/* ------------------------------------------------------------------------ */
/* Open / close                                                             */
/* ------------------------------------------------------------------------ */

typedef enum wms_store_role {
    WMS_STORE_UI = 0,  /* writer for operator actions (creates/migrates the file) */
    WMS_STORE_SYNC,    /* writer for outbox results and pull apply               */
    WMS_STORE_READONLY /* reader: SQLITE_OPEN_READONLY, no migration             */
} wms_store_role;

typedef struct wms_store_opts {
    const char *path;       /* database file; required                      */
    wms_store_role role;    /* default WMS_STORE_UI                          */
    int busy_timeout_ms;    /* 0 = 2000                                      */
    bool no_create;         /* fail with WMS_ENOTFOUND when the file is absent */
    bool skip_check;        /* skip the quick_check at open (benchmarks only) */
    const wms_clock *clock; /* NULL = wms_clock_system()                  */
    const wms_rng *rng;     /* NULL = wms_rng_system() (UUIDs, salts)     */
    const wms_log *log;     /* NULL = no logging                          */
    const char *vfs;        /* SQLite VFS name, NULL = default (tests)    */
    bool full_check;        /* quick_check the whole file at open (slow on
                               a big catalog); default: the terminal-owned
                               tables (documents, items, outbox, deltas,
                               sync state) and the schema                 */
} wms_store_opts;

typedef struct wms_store_open_info {
    bool created;       /* the file did not exist (or was replaced)   */
    bool recovered;     /* the old file was corrupt: moved aside and a
                           fresh one created -- tell the operator     */
    char moved_to[512]; /* where the corrupt file went ("" if none)   */
    int from_version;   /* user_version found (0 = new)               */
    int to_version;     /* WMS_STORE_SCHEMA_VERSION                    */
} wms_store_open_info;

typedef struct wms_store wms_store;

/*
 * Open (and for writers create + migrate) the database.  Runs
 * PRAGMA quick_check unless opts->skip_check: a corrupt file is renamed to
 * "<path>.corrupt-<UTC timestamp>" (never deleted) together with its -wal and
 * -shm, logged, and a fresh database is created (info->recovered).  A
 * READONLY handle on a corrupt file fails with WMS_ECORRUPT instead.
 * `info` may be NULL.  *out is owned by the caller: wms_store_close().
 */
int wms_store_open(const wms_store_opts *opts, wms_store **out, wms_store_open_info *info,
                   wms_err *err);
/* Close; NULL is fine. */
void wms_store_close(wms_store *s);

/* The handle's sqlite3 connection (tests, benchmarks).  Owned by the store. */
struct sqlite3;
struct sqlite3 *wms_store_db(wms_store *s);

/* ------------------------------------------------------------------------ */
/* Catalog (read-only on the terminal; written by pull apply and seeding)   */
/* ------------------------------------------------------------------------ */

#define WMS_STORE_CODE_MAX 64  /* codes, SKUs, badges, refs (bytes incl. NUL) */
#define WMS_STORE_NAME_MAX 128 /* names (bytes incl. NUL)                     */
#define WMS_STORE_LOT_MAX  84  /* 20 characters of up to 4 bytes + NUL         */

typedef struct wms_store_product {
    int64_t id;
    char sku[WMS_STORE_CODE_MAX];
    char name[WMS_STORE_NAME_MAX];
    char uom[8];
    int decimals;     /* 0..3 */
    char tracking[8]; /* "none" / "lot" / "serial" / "expiry" */
} wms_store_product;

typedef struct wms_store_barcode {
    int64_t id;
    int64_t product_id;
    char code[WMS_STORE_CODE_MAX]; /* GTIN-14 or other text */
    wms_qty pack_qty;
    char kind[8]; /* "unit" / "inner" / "case" / "pallet" */
} wms_store_barcode;

typedef struct wms_store_location {
    int64_t id;
    int64_t warehouse_id;
    char code[WMS_STORE_CODE_MAX];
    char zone[16];
    char type[16];
} wms_store_location;

/*
 * Product by a scanned barcode.  `code` is normalised first: 8/12/13/14
 * digits go through wms_gtin_normalize() (EAN-13, UPC-A, GTIN-14 of one item
 * match); other text is looked up as is.  `bc` (may be NULL) receives the
 * matched barcode (pack_qty!).  WMS_ENOTFOUND when unknown, WMS_EINVAL /
 * WMS_ECHECKDIGIT for a malformed GTIN.
 */
int wms_store_product_by_barcode(wms_store *s, const char *code, size_t len, wms_store_product *out,
                                 wms_store_barcode *bc, wms_err *err);
int wms_store_product_by_id(wms_store *s, int64_t id, wms_store_product *out, wms_err *err);
/* The product's barcodes (up to `cap`); *n = how many written. */
int wms_store_product_barcodes(wms_store *s, int64_t product_id, wms_store_barcode *out, size_t cap,
                               size_t *n, wms_err *err);

/*
 * Search by name word prefix (FTS5) or SKU prefix: `q` is 1..64 characters,
 * each whitespace-separated word is a prefix ("bolt m8" finds "Hex bolt
 * M8x40").  Ordered by product id (no ranking: stays fast on 1M products).
 * `out` holds page->page_size entries; *n written; *more when a next page
 * exists.
 */
int wms_store_product_search(wms_store *s, const char *q, const wms_page *page,
                             wms_store_product *out, size_t *n, bool *more, wms_err *err);

/* Location by code (upper-case as printed, without the "L:" prefix). */
int wms_store_location_by_code(wms_store *s, const char *code, wms_store_location *out,
                               wms_err *err);
int wms_store_location_by_id(wms_store *s, int64_t id, wms_store_location *out, wms_err *err);

typedef struct wms_store_operator {
    int64_t id;
    char badge[WMS_STORE_CODE_MAX];
    char name[WMS_STORE_NAME_MAX];
    char role[16]; /* "operator" / "supervisor" / "admin" */
    bool active;
} wms_store_operator;

int wms_store_operator_by_badge(wms_store *s, const char *badge, wms_store_operator *out,
                                wms_err *err);
/*
 * Verify a PIN against the stored crypt(3) hash (libxcrypt crypt_r).
 * 0 when it matches and the operator is active; WMS_EAUTH on a wrong PIN,
 * WMS_ENOTFOUND for an unknown badge, WMS_EPERM for an inactive operator.
 * `out` (may be NULL) gets the operator on success.
 */
int wms_store_operator_verify(wms_store *s, const char *badge, const char *pin,
                              wms_store_operator *out, wms_err *err);
/* Hash a PIN with yescrypt ("$y$..."), `out` needs WMS_STORE_HASH_MAX bytes. */
#define WMS_STORE_HASH_MAX 128
int wms_store_pin_hash(const char *pin, const wms_rng *rng, char *out, size_t cap, wms_err *err);

/*
 * Catalog listings in id order for label printing and support tools
 * (keyset pages: `after_id` = the last id of the previous call, 0 to start).
 * Up to `cap` rows into `out`; *n = how many (fewer than `cap`: the end).
 */
int wms_store_locations_after(wms_store *s, int64_t after_id, wms_store_location *out, size_t cap,
                              size_t *n, wms_err *err);
int wms_store_operators_after(wms_store *s, int64_t after_id, wms_store_operator *out, size_t cap,
                              size_t *n, wms_err *err);
int wms_store_products_after(wms_store *s, int64_t after_id, wms_store_product *out, size_t cap,
                             size_t *n, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Stock: the terminal's view = central snapshot + own pending deltas        */
/* ------------------------------------------------------------------------ */

typedef struct wms_store_stock {
    int64_t warehouse_id;
    int64_t location_id;
    int64_t product_id;
    char lot[WMS_STORE_LOT_MAX];
    wms_qty central; /* last pulled central quantity */
    wms_qty pending; /* sum of own not-yet-acknowledged deltas */
    wms_qty view;    /* central + pending */
} wms_store_stock;

/* Rows of a product (ordered by location id, lot) or of a location (by
 * product id, lot), paged.  *more when another page exists. */
int wms_store_stock_by_product(wms_store *s, int64_t product_id, const wms_page *page,
                               wms_store_stock *out, size_t *n, bool *more, wms_err *err);
int wms_store_stock_by_location(wms_store *s, int64_t location_id, const wms_page *page,
                                wms_store_stock *out, size_t *n, bool *more, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Documents: operator actions, each ONE transaction (rows + outbox op)      */
/* ------------------------------------------------------------------------ */

/* Who and when: passed to every action, copied into the outbox op. */
typedef struct wms_store_actor {
    int64_t operator_id; /* >= 1 */
} wms_store_actor;

typedef struct wms_store_doc {
    wms_uuid uuid;
    wms_doc_type type;
    wms_doc_status status;
    int64_t warehouse_id;
    int64_t planned_id; /* 0 = none */
    char ref[WMS_STORE_CODE_MAX];
    char reason[256]; /* rejection reason, "" otherwise */
    int64_t operator_id;
    int64_t created_ms, updated_ms;
    int64_t seq;   /* local sort key (keyset cursors) */
    int64_t items; /* number of lines */
} wms_store_doc;

typedef struct wms_store_item {
    wms_uuid uuid;
    wms_uuid doc;
    int64_t product_id;
    int64_t location_id;
    int64_t to_location_id; /* transfers; 0 otherwise */
    wms_qty qty;
    char lot[WMS_STORE_LOT_MAX];    /* "" = none */
    char serial[WMS_STORE_LOT_MAX]; /* "" = none */
    char expiry[11];                /* "YYYY-MM-DD" or "" */
} wms_store_item;

/* Input for a new document. */
typedef struct wms_store_doc_new {
    wms_doc_type type;
    int64_t warehouse_id; /* >= 1, must exist */
    int64_t planned_id;   /* 0 or an existing planned doc */
    const char *ref;      /* NULL or text <= 63 bytes */
} wms_store_doc_new;

/* Input for a scanned item. */
typedef struct wms_store_item_new {
    int64_t product_id;     /* must exist */
    int64_t location_id;    /* must exist */
    int64_t to_location_id; /* transfers only (required there), else 0 */
    wms_qty qty;            /* > 0 (count: >= 0), within the product's decimals */
    const char *lot;        /* NULL/"" or <= 20 characters */
    const char *serial;     /* NULL/"" or <= 20 characters */
    const char *expiry;     /* NULL/"" or "YYYY-MM-DD" */
} wms_store_item_new;

/*
 * The actions.  Each validates, then in one transaction writes the rows and
 * one outbox operation (kind doc.create / item.add / item.qty / item.remove /
 * doc.post / doc.cancel, UUIDv7 op_id).  `op_id` (may be NULL) receives the
 * operation's id: the action is durable when the function returns 0.
 * Editing a non-draft document: WMS_ECONFLICT.  Unknown doc/item:
 * WMS_ENOTFOUND.  doc.post records the stock deltas (pending until the
 * centre's posting is pulled back or rejected); posting an empty document is
 * WMS_EINVAL.
 */
int wms_store_doc_create(wms_store *s, const wms_store_actor *who, const wms_store_doc_new *d,
                         wms_uuid *doc_out, wms_uuid *op_id, wms_err *err);
int wms_store_item_add(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                       const wms_store_item_new *it, wms_uuid *item_out, wms_uuid *op_id,
                       wms_err *err);
int wms_store_item_qty(wms_store *s, const wms_store_actor *who, const wms_uuid *item, wms_qty qty,
                       wms_uuid *op_id, wms_err *err);
int wms_store_item_remove(wms_store *s, const wms_store_actor *who, const wms_uuid *item,
                          wms_uuid *op_id, wms_err *err);
int wms_store_doc_post(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                       wms_uuid *op_id, wms_err *err);
int wms_store_doc_cancel(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                         wms_uuid *op_id, wms_err *err);

int wms_store_doc_get(wms_store *s, const wms_uuid *doc, wms_store_doc *out, wms_err *err);
/* Lines of a document in insertion order, paged. */
int wms_store_doc_items(wms_store *s, const wms_uuid *doc, const wms_page *page,
                        wms_store_item *out, size_t *n, bool *more, wms_err *err);

/*
 * Documents filtered by status and/or type (-1 = any), newest first.
 * Two ways to page: `page` (offset; page/page_size from core) when `after`
 * is NULL, or keyset: `after` = the cursor string returned in `next` of the
 * previous call (wms_cursor_encode of (seq, 0)); then only page->page_size
 * is used.  `next` (may be NULL, WMS_CURSOR_STRING_MAX bytes) receives the
 * cursor for the following page or "" when there is none.
 */
int wms_store_docs_list(wms_store *s, int status, int type, const wms_page *page, const char *after,
                        wms_store_doc *out, size_t *n, bool *more, char *next, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Outbox (the sync thread)                                                 */
/* ------------------------------------------------------------------------ */

#define WMS_STORE_BATCH_MAX 100

typedef enum wms_outbox_state {
    WMS_OUTBOX_PENDING = 0,
    WMS_OUTBOX_SENT,
    WMS_OUTBOX_APPLIED,
    WMS_OUTBOX_REJECTED
} wms_outbox_state;

typedef struct wms_store_op {
    int64_t seq; /* local order */
    wms_uuid op_id;
    char kind[16]; /* "item.add", ... */
    wms_uuid doc;
    int64_t at_ms;
    int64_t operator_id;
    char *payload; /* JSON object text; owned by the batch */
    int attempts;
    wms_outbox_state state;
} wms_store_op;

typedef struct wms_store_batch {
    size_t count;
    wms_store_op ops[WMS_STORE_BATCH_MAX];
} wms_store_batch;

/*
 * The oldest pending operations (at most `max` <= 100), in order, marked
 * `sent` with attempts+1, in one transaction.  Operations left `sent` by an
 * earlier run (no answer) come first again (same op_id).  Free with
 * wms_store_batch_release().  count 0 = nothing to send.
 */
int wms_store_outbox_next(wms_store *s, size_t max, wms_store_batch *out, wms_err *err);
void wms_store_batch_release(wms_store_batch *b);
/* Render one op as the protocol's JSON object (without terminal). */
int wms_store_op_json(const wms_store_op *op, wms_buf *out);
/* A batch that got no answer: back to pending, last_error noted. */
int wms_store_outbox_unsent(wms_store *s, const wms_store_batch *b, const char *error,
                            wms_err *err);

typedef enum wms_op_result_status {
    WMS_OP_APPLIED = 0,
    WMS_OP_DUPLICATE,
    WMS_OP_REJECTED
} wms_op_result_status;

typedef struct wms_store_op_result {
    wms_uuid op_id;
    wms_op_result_status status;
    int64_t change_seq; /* applied / duplicate */
    const char *code;   /* rejected: "negative_stock", ... */
    const char *reason; /* rejected: human text */
} wms_store_op_result;

/*
 * Record the centre's results, all in one transaction: applied/duplicate ->
 * state applied (+duplicate flag, change_seq kept on the op's pending deltas);
 * rejected -> state rejected with code/reason, the document goes to REJECTED
 * with the reason and its pending deltas are dropped at once.  Unknown op_id
 * -> WMS_EPROTO (nothing recorded).
 */
int wms_store_outbox_results(wms_store *s, const wms_store_op_result *res, size_t n, wms_err *err);

typedef struct wms_store_outbox_stats {
    int64_t pending; /* pending + sent */
    int64_t rejected;
    int64_t oldest_ms; /* created time of the oldest pending op, 0 = none */
} wms_store_outbox_stats;
int wms_store_outbox_stats_get(wms_store *s, wms_store_outbox_stats *out, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Pull apply (the sync thread)                                             */
/* ------------------------------------------------------------------------ */

typedef enum wms_store_entity {
    WMS_ENT_WAREHOUSE = 0,
    WMS_ENT_LOCATION,
    WMS_ENT_PRODUCT,
    WMS_ENT_BARCODE,
    WMS_ENT_OPERATOR,
    WMS_ENT_PLANNED_DOC,
    WMS_ENT_PLANNED_LINE,
    WMS_ENT_STOCK,
    WMS_ENT_DOCUMENT,
    WMS_ENT_COUNT_
} wms_store_entity;

/* "warehouse", "location", ... as in the protocol; NULL out of range. */
const char *wms_store_entity_name(wms_store_entity e);
int wms_store_entity_parse(const char *s, wms_store_entity *out);

/*
 * One pulled change, flattened: the fields of `data` the entity has (see the
 * protocol table); the others are ignored.  Strings NULL = "".
 */
typedef struct wms_store_change {
    int64_t seq;
    wms_store_entity entity;
    bool is_delete;
    int64_t id; /* document: ignored, `uuid` names it */
    const char *code, *name, *sku, *uom, *zone, *type, *tracking, *kind;
    const char *badge, *role, *pin_hash, *ref, *partner, *status, *lot, *reason;
    const char *uuid; /* document */
    int64_t warehouse_id, location_id, product_id, planned_id;
    int decimals;
    wms_qty qty, pack_qty;
    bool active;
} wms_store_change;

/*
 * Apply a page of changes and set the cursor to `next`, in ONE transaction
 * (all or nothing).  Also drops pending deltas whose posting's change_seq <=
 * next.  A document change with status "rejected" moves the local document
 * to REJECTED with the reason.  `next` must be >= the current cursor
 * (WMS_EPROTO otherwise).
 */
int wms_store_pull_apply(wms_store *s, const wms_store_change *ch, size_t n, int64_t next,
                         wms_err *err);

typedef struct wms_store_sync_state {
    int64_t cursor;
    int64_t last_success_ms; /* 0 = never */
    int64_t last_error_ms;
    char last_error[256];
} wms_store_sync_state;
int wms_store_sync_state_get(wms_store *s, wms_store_sync_state *out, wms_err *err);
/* Note a successful exchange (error == NULL) or a failure. */
int wms_store_sync_note(wms_store *s, const char *error, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Scan log, health, seeding                                                */
/* ------------------------------------------------------------------------ */

typedef struct wms_store_scan {
    int64_t operator_id; /* 0 = nobody logged in */
    const char *screen;  /* "receipt", "login", ... */
    const char *raw;     /* the data (bounded to 512 bytes, stored as blob) */
    size_t raw_len;
    const char *kind;    /* wms_scan_kind_name() */
    const char *outcome; /* "ok", "unknown", "error: ..." */
} wms_store_scan;
/* One row in the audit trail.  Not an operator action: it is committed
 * without an fsync (synchronous=NORMAL for this statement only), so that
 * logging a scan costs microseconds; the row survives a crash of the
 * process, a power loss may drop the newest rows (never a confirmed
 * action: those are FULL and their fsync also covers earlier rows). */
int wms_store_scan_log(wms_store *s, const wms_store_scan *scan, wms_err *err);
/* Time of the newest logged scan (ms), 0 when none (the heartbeat's last_scan_at). */
int wms_store_scan_last(wms_store *s, int64_t *at_ms, wms_err *err);

/* Adds "local_db" (critical: integrity of the last check, last error) and
 * "outbox" (depth, oldest_age_s, rejected) components to `h`. */
int wms_store_health(wms_store *s, wms_health *h);

/*
 * Fill an empty database with core's deterministic demo data
 * (wms_demo_generate): big transactions, prepared statements, PINs hashed.
 * WMS_ECONFLICT when the catalog is not empty.  `progress` may be NULL.
 */
int wms_store_seed_demo(wms_store *s, const wms_demo_opts *opts, wms_err *err);

/* ------------------------------------------------------------------------ */
/* What the kiosk needs besides the above (src/store/terminal.c)            */
/* ------------------------------------------------------------------------ */

/* Warehouse id (and name, may be NULL / cap 0) by code ("WH1"). */
int wms_store_warehouse_by_code(wms_store *s, const char *code, int64_t *id, char *name,
                                size_t name_cap, wms_err *err);
/* The first location (lowest id) of `type` ("receiving", ...) in warehouse
 * `warehouse_id`; WMS_ENOTFOUND when it has none. */
int wms_store_location_of_type(wms_store *s, int64_t warehouse_id, const char *type,
                               wms_store_location *out, wms_err *err);
int wms_store_operator_by_id(wms_store *s, int64_t id, wms_store_operator *out, wms_err *err);

/*
 * A PIN attempt with a lockout that survives restarts (table login_lock).
 * While the operator is locked (an earlier attempt reached `max_fails`
 * consecutive failures less than `lock_ms` before `now_ms`):
 * WMS_ELOCKED, *locked_until (may be NULL) = when it ends, the PIN is not
 * checked.  Otherwise the PIN is verified (wms_store_operator_verify): a
 * match clears the failures and returns 0; a wrong PIN counts one failure
 * (durably) and returns WMS_EAUTH -- the failure that reaches `max_fails`
 * also starts the lock (*locked_until set, failures reset), still WMS_EAUTH,
 * so that the caller says "wrong PIN" once.  WMS_ENOTFOUND unknown operator,
 * WMS_EPERM inactive.  max_fails >= 1, lock_ms >= 0.
 */
int wms_store_operator_login(wms_store *s, int64_t operator_id, const char *pin, int64_t now_ms,
                             int max_fails, int64_t lock_ms, int64_t *locked_until, wms_err *err);

/* Planned documents (expected receipts, pick lists): catalog, read-only. */
typedef struct wms_store_planned {
    int64_t id;
    char type[16]; /* "receipt" / "pick" */
    int64_t warehouse_id;
    char ref[WMS_STORE_CODE_MAX];
    char partner[WMS_STORE_NAME_MAX];
    char status[16]; /* "open", ... */
    int64_t lines;
} wms_store_planned;

typedef struct wms_store_planned_line {
    int64_t id;
    int64_t planned_id;
    int64_t product_id;
    int64_t location_id; /* 0 = none */
    wms_qty qty;
    char lot[WMS_STORE_LOT_MAX];
} wms_store_planned_line;

/*
 * Open planned documents of `type` (NULL = any) in warehouse `warehouse_id`
 * (0 = any), by id, paged (page/page_size); *total (may be NULL) = how many
 * match in all.
 */
int wms_store_planned_list(wms_store *s, const char *type, int64_t warehouse_id,
                           const wms_page *page, wms_store_planned *out, size_t *n, int64_t *total,
                           wms_err *err);
int wms_store_planned_get(wms_store *s, int64_t id, wms_store_planned *out, wms_err *err);
/* Lines of a planned document by id, paged; *more when another page exists. */
int wms_store_planned_lines(wms_store *s, int64_t planned_id, const wms_page *page,
                            wms_store_planned_line *out, size_t *n, bool *more, wms_err *err);

/* How many terminal documents have `status` and `type` (-1 = any). */
int wms_store_docs_count(wms_store *s, int status, int type, int64_t *out, wms_err *err);
/* The newest terminal document whose ref is `ref`; WMS_ENOTFOUND. */
int wms_store_doc_by_ref(wms_store *s, const char *ref, wms_store_doc *out, wms_err *err);

/*
 * A scanned quantity as ONE action: `it->qty` is a change (may be negative)
 * to the draft's newest line with the same product, location, to_location,
 * lot, serial and expiry.  No such line: item.add (the change must be > 0).
 * Otherwise item.qty to the new total, or item.remove when it reaches 0
 * (count documents keep a 0 line).  Below 0: WMS_ERANGE, nothing written.
 * `item_out` (may be NULL) gets the line's id (the removed one for
 * item.remove).  Same errors as wms_store_item_add.
 */
int wms_store_item_adjust(wms_store *s, const wms_store_actor *who, const wms_uuid *doc,
                          const wms_store_item_new *it, wms_uuid *item_out, wms_uuid *op_id,
                          wms_err *err);

#ifdef __cplusplus
}
#endif
#endif /* WMS_STORE_H */
