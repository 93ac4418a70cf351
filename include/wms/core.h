/*
 * wms/core.h -- the core library every wms-kiosk program compiles in.
 *
 * Domain rules that the kiosk, the central server and the admin CLI must agree
 * on: error codes, validation of ids, quantities and strings, the document state
 * machine, pagination and keyset cursors, barcodes (GTIN/SSCC check digits,
 * GS1 element strings, AIM symbology identifiers, GS1 Digital Link, internal
 * labels) and the classification of a scan, the health model, UUIDv7, config
 * files, logging, a bounded dynamic buffer.
 *
 * core does no I/O of its own except through the interfaces declared here (the
 * clock, random source and log sink, each with a system implementation) and
 * the bounded read of a config file in wms_cfg_load_file().  It depends on
 * libc, jansson (JSON rendering) and inih (INI parsing) only.
 *
 * Conventions (see shared/docs/style.md):
 * - functions return 0 or a negative WMS_E* code; results go through
 *   out-parameters, which are left untouched on error unless stated;
 * - an optional `wms_err *err` receives a one-line human readable detail
 *   ("AI (17): month 13 is not a month"); pass NULL when not wanted;
 * - caller allocates, library initialises; ownership is stated per function;
 * - no hidden allocation in the scan path: the barcode functions below write
 *   into caller-provided fixed-size structures.
 */
#ifndef WMS_CORE_H
#define WMS_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define WMS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define WMS_NODISCARD         __attribute__((warn_unused_result))
#else
#define WMS_PRINTF(fmt, args)
#define WMS_NODISCARD
#endif

#define WMS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Version                                                                  */
/* ------------------------------------------------------------------------ */

/* The project version ("0.1.0" or a git describe string).  Static storage. */
const char *wms_version(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/*
 * Error codes.  Every function that can fail returns 0 or one of these.
 * Foreign errors (SQLite, libpq, CURLcode, HTTP statuses, errno) are
 * translated at the boundary of the module that meets them.
 */
enum wms_error {
    WMS_OK = 0,
    WMS_EINVAL = -1,        /* invalid argument or input (validation failed)      */
    WMS_ENOTFOUND = -2,     /* no such row / key / file                           */
    WMS_ECONFLICT = -3,     /* state conflict: illegal transition, duplicate key  */
    WMS_EAGAIN = -4,        /* retryable link failure: try again later            */
    WMS_EIO = -5,           /* I/O error                                          */
    WMS_ENOMEM = -6,        /* out of memory                                      */
    WMS_ERANGE = -7,        /* value out of its allowed range / overflow          */
    WMS_EBUSY = -8,         /* resource busy: pool exhausted, database locked     */
    WMS_ETIMEDOUT = -9,     /* operation timed out                                */
    WMS_EPERM = -10,        /* permission denied                                  */
    WMS_ECORRUPT = -11,     /* stored data is damaged                             */
    WMS_ENOSPC = -12,       /* no space left on device                            */
    WMS_ECHECKDIGIT = -13,  /* a barcode's check digit is wrong                   */
    WMS_ETOOBIG = -14,      /* input larger than its bound                        */
    WMS_EPROTO = -15,       /* peer broke the protocol (bad response)             */
    WMS_EREJECTED = -16,    /* the centre rejected the operation (see detail)     */
    WMS_EUNSUPPORTED = -17, /* not supported on this build / device              */
    WMS_ECLOSED = -18,      /* handle or link closed / shut down                  */
    WMS_EAUTH = -19,        /* authentication failed                              */
    WMS_ELOCKED = -20,      /* account or resource locked for a while             */
    WMS_EREADONLY = -21,    /* read-only database or file system                  */
    WMS_ENODEV = -22,       /* device gone (unplugged)                            */
    WMS_E_LAST = -22
};

/* A short English sentence for `err` ("invalid input").  Static storage;
 * unknown codes give "unknown error". */
const char *wms_strerror(int err);

/* The constant's name for `err` ("WMS_EINVAL").  Static storage. */
const char *wms_err_name(int err);

/* Optional detail buffer for a human-readable one-line message. */
#define WMS_ERR_MAX 256
typedef struct wms_err {
    int code;              /* the WMS_E* code last set, 0 when none */
    char msg[WMS_ERR_MAX]; /* NUL-terminated, truncated to fit      */
} wms_err;

/* Reset `err` (may be NULL). */
void wms_err_clear(wms_err *err);

/*
 * Set the detail: `err` may be NULL (then nothing happens).  Returns `code`
 * so that callers can write `return wms_err_set(err, WMS_EINVAL, "...")`.
 */
int wms_err_set(wms_err *err, int code, const char *fmt, ...) WMS_PRINTF(3, 4);

/* Prefix the existing message: "ctx: old message".  Returns err->code (or 0
 * when err is NULL). */
int wms_err_prefix(wms_err *err, const char *fmt, ...) WMS_PRINTF(2, 3);

/* ------------------------------------------------------------------------ */
/* Bounded dynamic buffer (curl's dynbuf)                                   */
/* ------------------------------------------------------------------------ */

/*
 * A growable byte buffer with a hard size cap.  Invariant: when `len > 0`
 * the content is NUL-terminated (the terminator is not counted in len and
 * must fit in the cap as well).  Caller allocates the struct, wms_buf_init
 * sets it up, wms_buf_release frees the storage.
 */
typedef struct wms_buf {
    char *data; /* NULL until the first append                */
    size_t len; /* bytes in use                               */
    size_t cap; /* bytes allocated                            */
    size_t max; /* hard limit on len + 1 (WMS_ETOOBIG past it) */
} wms_buf;

void wms_buf_init(wms_buf *b, size_t max);
void wms_buf_release(wms_buf *b);
void wms_buf_reset(wms_buf *b); /* len = 0, storage kept */
int wms_buf_add(wms_buf *b, const void *mem, size_t len);
int wms_buf_addstr(wms_buf *b, const char *s);
int wms_buf_addf(wms_buf *b, const char *fmt, ...) WMS_PRINTF(2, 3);
int wms_buf_vaddf(wms_buf *b, const char *fmt, va_list ap) WMS_PRINTF(2, 0);
/* The content as a C string ("" when empty).  Valid until the next change. */
const char *wms_buf_str(const wms_buf *b);
/* Hand the storage to the caller (free() it); the buffer is reset. */
char *wms_buf_take(wms_buf *b, size_t *len);

/* Bounded string copy: always NUL-terminates when cap > 0.  Returns
 * WMS_ETOOBIG when `src` did not fit (dst then holds the truncated prefix). */
int wms_strlcpy(char *dst, const char *src, size_t cap);

/* ------------------------------------------------------------------------ */
/* Validation: ids, strings                                                 */
/* ------------------------------------------------------------------------ */

/*
 * Parse an id: ASCII decimal digits only, 1..INT64_MAX.  Refused with
 * WMS_EINVAL: empty, signs, spaces, leading zeros ("007"), exponents, hex,
 * anything but [0-9]; WMS_ERANGE: 0 or larger than INT64_MAX.  `len` is the
 * length of `s` (which need not be NUL-terminated).
 */
int wms_id_parse(const char *s, size_t len, int64_t *out, wms_err *err);

/* Flags for wms_text_validate(). */
enum {
    WMS_TEXT_ALLOW_NEWLINE = 1u << 0, /* accept \n (free-text notes)         */
    WMS_TEXT_ALLOW_EMPTY = 1u << 1,   /* accept the empty string             */
    WMS_TEXT_ALLOW_GS = 1u << 2       /* accept 0x1D (raw barcode data)      */
};

/*
 * Validate text from outside: well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), no NUL and no C0/C1 control characters (except as
 * `flags` allow), at most `max_chars` code points.  WMS_EINVAL or WMS_ETOOBIG
 * with the byte offset of the problem in the detail.
 */
int wms_text_validate(const char *s, size_t len, size_t max_chars, unsigned flags, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Quantities: exact decimals, no floating point                            */
/* ------------------------------------------------------------------------ */

/*
 * A quantity in thousandths of the unit of measure (kg with 3 decimals is
 * exact).  Bounded to +-WMS_QTY_MAX_MILLI so that sums of a document's lines
 * cannot overflow int64.
 */
#define WMS_QTY_SCALE      1000
#define WMS_QTY_DECIMALS   3
#define WMS_QTY_MAX_MILLI  INT64_C(999999999999) /* 999,999,999.999 units */
#define WMS_QTY_STRING_MAX 24                    /* "-999999999.999" + NUL fits */

typedef struct wms_qty {
    int64_t milli;
} wms_qty;

/*
 * Parse "12", "12.5", "0.125", "-3" (sign only with allow_negative).
 * At most `max_decimals` (0..3) digits after the point: a unit counted in
 * pieces passes 0 and "1.5" is refused.  No exponent, no spaces, no leading
 * '+', no lone '.', at most 9 integer digits.
 */
int wms_qty_parse(const char *s, size_t len, unsigned max_decimals, bool allow_negative,
                  wms_qty *out, wms_err *err);

/* Format with the fewest decimals that are exact ("12", "12.5", "0.125").
 * `cap` >= WMS_QTY_STRING_MAX always suffices. */
int wms_qty_format(wms_qty q, char *buf, size_t cap);

/* a + b and a * n, WMS_ERANGE when the result leaves the bound. */
int wms_qty_add(wms_qty a, wms_qty b, wms_qty *out);
int wms_qty_mul(wms_qty a, int64_t n, wms_qty *out);

static inline wms_qty wms_qty_units(int64_t units)
{
    wms_qty q = {units * WMS_QTY_SCALE};
    return q;
}

/* ------------------------------------------------------------------------ */
/* Documents and their state machine                                        */
/* ------------------------------------------------------------------------ */

typedef enum wms_doc_type {
    WMS_DOC_RECEIPT = 0, /* goods in                                    */
    WMS_DOC_ISSUE,       /* goods out (picking)                         */
    WMS_DOC_TRANSFER,    /* move between locations                      */
    WMS_DOC_COUNT,       /* stock count: sets quantities                */
    WMS_DOC_TYPE_COUNT_
} wms_doc_type;

/*
 * DRAFT      -> POSTED     the operator posts it (goes to the outbox)
 * DRAFT      -> CANCELLED  the operator cancels a draft
 * DRAFT      -> REJECTED   the centre refused the document itself
 * POSTED     -> REJECTED   the centre refused the posting (reason kept)
 * Every other transition, including X -> X, is illegal.
 */
typedef enum wms_doc_status {
    WMS_DOC_DRAFT = 0,
    WMS_DOC_POSTED,
    WMS_DOC_CANCELLED,
    WMS_DOC_REJECTED,
    WMS_DOC_STATUS_COUNT_
} wms_doc_status;

/* Lower-case names used in SQL, JSON and URLs ("receipt", "draft").
 * NULL for values out of range.  Static storage. */
const char *wms_doc_type_name(wms_doc_type t);
const char *wms_doc_status_name(wms_doc_status s);
/* Parse those names (exact, lower case); WMS_EINVAL otherwise. */
int wms_doc_type_parse(const char *s, size_t len, wms_doc_type *out, wms_err *err);
int wms_doc_status_parse(const char *s, size_t len, wms_doc_status *out, wms_err *err);

/* true when from -> to is legal (see above). */
bool wms_doc_transition_ok(wms_doc_status from, wms_doc_status to);
/* 0, or WMS_ECONFLICT with "cannot go from posted to draft" in the detail. */
int wms_doc_transition(wms_doc_status from, wms_doc_status to, wms_err *err);
/* true for POSTED-to-centre-and-beyond states that no terminal may edit. */
bool wms_doc_status_final(wms_doc_status s);

/* ------------------------------------------------------------------------ */
/* Pagination                                                               */
/* ------------------------------------------------------------------------ */

#define WMS_PAGE_SIZE_DEFAULT 20
#define WMS_PAGE_SIZE_MAX     100
/* Largest page: (page - 1) * page_size can never overflow int64. */
#define WMS_PAGE_MAX (INT64_MAX / WMS_PAGE_SIZE_MAX)

typedef struct wms_page {
    int64_t page;      /* 1..WMS_PAGE_MAX */
    int64_t page_size; /* 1..WMS_PAGE_SIZE_MAX */
} wms_page;

/*
 * Parse query parameters: NULL means absent (defaults: page 1, page_size 20).
 * Present but empty, non-numeric, page outside 1..WMS_PAGE_MAX, page_size
 * outside 1..100 are errors (WMS_EINVAL / WMS_ERANGE) naming the parameter;
 * the server turns them into 422.
 */
int wms_page_parse(const char *page, const char *page_size, wms_page *out, wms_err *err);

/* Check a page already in integers (same rules). */
int wms_page_check(const wms_page *p, wms_err *err);

/* (page - 1) * page_size, WMS_ERANGE on overflow. */
int wms_page_offset(const wms_page *p, int64_t *offset);

/* Number of pages for `total` rows: 0 rows -> 0 pages; never overflows. */
int64_t wms_page_count(int64_t total, int64_t page_size);

/*
 * Keyset cursor for sync and long lists: the position after (seq, id).
 * Encoded as an opaque, URL-safe string with a version and a checksum;
 * decoding refuses anything else (WMS_EINVAL).
 */
#define WMS_CURSOR_STRING_MAX 48
typedef struct wms_cursor {
    int64_t seq; /* >= 0: change sequence or sort key */
    int64_t id;  /* >= 0: tie breaker                 */
} wms_cursor;

int wms_cursor_encode(const wms_cursor *c, char *buf, size_t cap);
int wms_cursor_decode(const char *s, size_t len, wms_cursor *out, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Clock and random source (interfaces)                                     */
/* ------------------------------------------------------------------------ */

typedef struct wms_clock {
    int64_t (*now_ms)(void *data);  /* wall clock, ms since the Unix epoch */
    int64_t (*mono_ns)(void *data); /* monotonic, ns                       */
    void *data;
} wms_clock;

/* CLOCK_REALTIME / CLOCK_MONOTONIC.  Static storage. */
const wms_clock *wms_clock_system(void);

static inline int64_t wms_clock_now_ms(const wms_clock *c)
{
    return c->now_ms(c->data);
}
static inline int64_t wms_clock_mono_ns(const wms_clock *c)
{
    return c->mono_ns(c->data);
}

typedef struct wms_rng {
    int (*fill)(void *data, void *buf, size_t len); /* 0 or WMS_EIO */
    void *data;
} wms_rng;

/* getrandom(2).  Static storage. */
const wms_rng *wms_rng_system(void);

/* ------------------------------------------------------------------------ */
/* UUIDv7 (RFC 9562): time-ordered ids for operations and documents         */
/* ------------------------------------------------------------------------ */

#define WMS_UUID_STRING_LEN 36 /* without NUL */

typedef struct wms_uuid {
    uint8_t b[16];
} wms_uuid;

/*
 * Generator state: ids from one generator are strictly increasing, also
 * within one millisecond (12-bit counter in rand_a, RFC 9562 method 1) and
 * when the wall clock steps back (the last timestamp is kept).  One
 * generator per thread, or guard it.
 */
typedef struct wms_uuid_gen {
    const wms_clock *clock;
    const wms_rng *rng;
    int64_t last_ms;
    uint16_t counter;
} wms_uuid_gen;

void wms_uuid_gen_init(wms_uuid_gen *g, const wms_clock *clock, const wms_rng *rng);
int wms_uuid7_next(wms_uuid_gen *g, wms_uuid *out);

/* Lower-case 8-4-4-4-12; `buf` needs WMS_UUID_STRING_LEN + 1 bytes. */
void wms_uuid_format(const wms_uuid *u, char buf[WMS_UUID_STRING_LEN + 1]);
/* Parse the canonical 36-character form (either case). */
int wms_uuid_parse(const char *s, size_t len, wms_uuid *out, wms_err *err);
/* Version nibble (7 for ours) and the embedded Unix ms of a v7 id. */
int wms_uuid_version(const wms_uuid *u);
int64_t wms_uuid7_time_ms(const wms_uuid *u);
int wms_uuid_compare(const wms_uuid *a, const wms_uuid *b);

/* ------------------------------------------------------------------------ */
/* Dates                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct wms_date {
    int16_t year; /* 4 digits */
    int8_t month; /* 1..12    */
    int8_t day;   /* 1..31    */
} wms_date;

bool wms_date_valid(int year, int month, int day);
int wms_days_in_month(int year, int month);
/* "2026-12-31"; `buf` needs 11 bytes. */
void wms_date_format(wms_date d, char buf[11]);
/* <0, 0, >0 */
int wms_date_compare(wms_date a, wms_date b);
/* Civil date of a Unix time in ms (UTC). */
wms_date wms_date_from_unix_ms(int64_t ms);

/* ------------------------------------------------------------------------ */
/* Barcodes: check digits                                                   */
/* ------------------------------------------------------------------------ */

/* The GS1 mod-10 check digit ('0'..'9') for `len` data digits; -1 when a
 * character is not a digit. */
int wms_gs1_check_digit(const char *digits, size_t len);

/* Verify a complete GTIN-8/12/13/14 (or SSCC-18 / GSRN / GLN: any GS1 key
 * with a trailing mod-10 digit).  WMS_EINVAL for non-digits or a length
 * other than 8/12/13/14/17/18; WMS_ECHECKDIGIT for a wrong digit. */
int wms_gtin_check(const char *digits, size_t len, wms_err *err);

/*
 * Normalise a GTIN-8/12/13/14 to 14 digits (left-padded with zeros), after
 * checking it, so that EAN-13, UPC-A and GTIN-14 forms of one item compare
 * equal.  `out` needs 15 bytes.
 */
#define WMS_GTIN14_LEN 14
int wms_gtin_normalize(const char *digits, size_t len, char out[WMS_GTIN14_LEN + 1], wms_err *err);

/* Expand a UPC-E (8 digits: number system 0/1, 6 data, check) to UPC-A
 * (12 digits); checks the digit.  `out` needs 13 bytes. */
int wms_upce_expand(const char *upce, size_t len, char out[13], wms_err *err);

/* ------------------------------------------------------------------------ */
/* AIM symbology identifiers                                                */
/* ------------------------------------------------------------------------ */

typedef enum wms_symbology {
    WMS_SYM_UNKNOWN = 0,
    WMS_SYM_EAN13,
    WMS_SYM_EAN8,
    WMS_SYM_UPCA,
    WMS_SYM_UPCE,
    WMS_SYM_CODE128,
    WMS_SYM_GS1_128,
    WMS_SYM_CODE39,
    WMS_SYM_ITF,
    WMS_SYM_QR,
    WMS_SYM_GS1_QR,
    WMS_SYM_DATAMATRIX,
    WMS_SYM_GS1_DATAMATRIX,
    WMS_SYM_DATABAR,
    WMS_SYM_PDF417,
    WMS_SYM_COUNT_
} wms_symbology;

/* "ean13", "gs1-128", ...  Static storage. */
const char *wms_symbology_name(wms_symbology s);

typedef struct wms_aim {
    char id[4];        /* "]C1" .. NUL-terminated; "" when absent     */
    wms_symbology sym; /* what the identifier says                    */
    bool gs1;          /* the data is a GS1 element string            */
} wms_aim;

/*
 * If `data` starts with an AIM identifier (']' + code character + modifier),
 * fill `aim` and set *consumed to 3; otherwise aim->id is "" and *consumed 0.
 * A ']' followed by something that is not a known identifier is
 * WMS_EINVAL.  ]C1 ]e0 ]d2 ]Q3 ]J1 are GS1 element strings (DotCode ]J and
 * Aztec ]z have no enum value: sym is WMS_SYM_UNKNOWN, gs1 as above); ]E0 EAN-13/UPC-A,
 * ]E4 EAN-8, ]C0 plain Code 128, ]A0 Code 39, ...
 */
int wms_aim_split(const uint8_t *data, size_t len, wms_aim *aim, size_t *consumed, wms_err *err);

/* ------------------------------------------------------------------------ */
/* GS1 element strings                                                      */
/* ------------------------------------------------------------------------ */

#define WMS_GS1_GS           0x1D /* FNC1 as transmitted by scanners */
#define WMS_GS1_MAX_ELEMENTS 24
#define WMS_GS1_VALUE_MAX    90 /* longest AI value (8020 etc. are shorter) */
#define WMS_GS1_DATA_MAX     512

typedef enum wms_gs1_value_kind {
    WMS_GS1_KIND_TEXT = 0, /* plain value                                       */
    WMS_GS1_KIND_KEY,      /* GS1 key with a check digit (GTIN, SSCC, GLN, ...)   */
    WMS_GS1_KIND_DATE,     /* YYMMDD: `date` is set (day 00 = last day of month) */
    WMS_GS1_KIND_DATETIME, /* YYMMDDhhmm (7003)                                  */
    WMS_GS1_KIND_MEASURE,  /* 310n-369n: `decimal` holds the value              */
    WMS_GS1_KIND_COUNT,    /* 30, 37: an integer count                           */
    WMS_GS1_KIND_AMOUNT    /* 390n-393n: decimal (with currency for 391n/393n)   */
} wms_gs1_value_kind;

typedef struct wms_gs1_element {
    char ai[5];                        /* "01", "3103", ...              */
    char value[WMS_GS1_VALUE_MAX + 1]; /* the value as transmitted      */
    wms_gs1_value_kind kind;
    wms_date date;       /* KIND_DATE / KIND_DATETIME                       */
    int8_t hour, minute; /* KIND_DATETIME                                   */
    int64_t decimal;     /* KIND_MEASURE/AMOUNT: value * 10^-decimals; COUNT */
    int8_t decimals;     /* the n of 310n                                   */
} wms_gs1_element;

typedef struct wms_gs1 {
    size_t count;
    wms_gs1_element el[WMS_GS1_MAX_ELEMENTS];
} wms_gs1;

typedef struct wms_gs1_opts {
    /* Reference year for the YY century rule (GS1 General Specifications
     * 7.12): 0 means "take it from wms_clock_system()". */
    int ref_year;
    /* Skip the pairing rules (e.g. 02 requires 37) -- for partial data such
     * as a single AI typed by a person.  Default false. */
    bool skip_associations;
} wms_gs1_opts;

/*
 * Parse a GS1 element string as a scanner sends it, after its AIM
 * identifier: AIs and values concatenated, variable-length values ended by
 * GS (0x1D) unless last; a leading GS (FNC1 in first position leaking
 * through) is tolerated.  Checks per AI: length (fixed or max), character
 * set (digits, GS1 AI encodable character set 82 or 39), check digits of
 * keys, dates, decimals indicator, and the association rules between AIs
 * (01 and 02 exclude each other, 02 requires 37 (GS1 syntax dictionary; the
 * SSCC is often a separate symbol on the same label), 37 requires 02 or
 * 8026, 10/11/13/15/16/17/3xxx require 01/02/8006/8026, 21 requires 01 or
 * 8006, 22 requires 01, 8006 excludes 01 and 02, 8020 and 415 go together,
 * the same measure twice (3102 with 3103) is refused, repeated AIs with
 * different values are refused, an identical repeat is kept once).  A GS
 * after a predefined-length AI and one trailing GS are tolerated; two GS in
 * a row are not.  The detail names the
 * AI and what is wrong: "AI (17): day 32 is not a day in month 01".
 * `opts` may be NULL.
 */
int wms_gs1_parse(const uint8_t *data, size_t len, const wms_gs1_opts *opts, wms_gs1 *out,
                  wms_err *err);

/* Parse the human-readable bracketed form "(01)09506000134352(17)261231". */
int wms_gs1_parse_bracketed(const char *s, size_t len, const wms_gs1_opts *opts, wms_gs1 *out,
                            wms_err *err);

/*
 * Parse a GS1 Digital Link URI ("https://id.example.com/01/09506000134352/
 * 10/ABC?17=261231"): the primary key and qualifiers in the path (with or
 * without the numeric AI shorthand, percent-decoded), data attributes in the
 * query string; non-AI query parameters are ignored.  WMS_EINVAL when the URI
 * is not a Digital Link (no primary key AI in the path).
 */
int wms_gs1_parse_digital_link(const char *uri, size_t len, const wms_gs1_opts *opts, wms_gs1 *out,
                               wms_err *err);

/* The element with that AI, or NULL. */
const wms_gs1_element *wms_gs1_find(const wms_gs1 *g, const char *ai);

/* Write the bracketed form into `buf`; WMS_ETOOBIG when it does not fit. */
int wms_gs1_format_bracketed(const wms_gs1 *g, char *buf, size_t cap);

/* ------------------------------------------------------------------------ */
/* Internal labels and the classification of a scan                         */
/* ------------------------------------------------------------------------ */

/*
 * Internal labels are Code 128 symbols with a two-character prefix:
 *   "L:" + location code  e.g. "L:A-01-02"   (codes: [A-Z0-9-], 1..32)
 *   "B:" + badge code     e.g. "B:0042"       (codes: [A-Z0-9-], 1..32)
 *   "D:" + document id    e.g. "D:<uuid>" or "D:R-2026-0001"
 *   "P:" + pallet id      e.g. "P:000123"     (GS1 SSCC with AI 00 also
 *                                               classifies as a pallet)
 * Lower-case letters in the code are upper-cased.
 */
#define WMS_LABEL_CODE_MAX 40

typedef enum wms_scan_kind {
    WMS_SCAN_UNKNOWN = 0, /* none of the below; `text` holds the data      */
    WMS_SCAN_GTIN,        /* a product: `gtin` (14 digits)                  */
    WMS_SCAN_GS1,         /* GS1 element string: `gs1`; `gtin` if AI 01/02  */
    WMS_SCAN_LOCATION,    /* `code`                                         */
    WMS_SCAN_BADGE,       /* `code`                                         */
    WMS_SCAN_DOCUMENT,    /* `code`                                         */
    WMS_SCAN_PALLET,      /* `code` (internal) or `gs1` with AI 00 (SSCC)   */
    WMS_SCAN_TEXT,        /* printable text that claims no format           */
    WMS_SCAN_KIND_COUNT_
} wms_scan_kind;

/* "gtin", "gs1", "location", ... Static storage. */
const char *wms_scan_kind_name(wms_scan_kind k);

#define WMS_SCAN_DATA_MAX 512 /* longest scan accepted, bytes */

typedef struct wms_scan_class {
    wms_scan_kind kind;
    wms_aim aim;                       /* "" when the scan had none      */
    char gtin[WMS_GTIN14_LEN + 1];     /* normalised GTIN-14 or ""       */
    char code[WMS_LABEL_CODE_MAX + 1]; /* internal label code or ""      */
    wms_gs1 gs1;                       /* when kind is GS1 / SSCC pallet */
    char text[WMS_SCAN_DATA_MAX + 1];  /* TEXT/UNKNOWN: the data, GS kept */
    size_t text_len;
} wms_scan_class;

/*
 * Classify a scan as delivered by a scanner (raw bytes, optionally starting
 * with an AIM identifier, GS as 0x1D) or as typed by a person (the bracketed
 * GS1 form, a GTIN, a label).  Rules:
 * - an AIM identifier decides the symbology; ]C1 ]e0 ]d2 ]Q3 ]J1 data must
 *   parse as GS1;
 * - "(" + digits + ")" prefix: the bracketed GS1 form;
 * - "http(s)://" with a GS1 key path: Digital Link;
 * - all digits of length 8, 12, 13, 14: a GTIN, which must pass its check
 *   digit (UPC-E when the AIM says so); 18 digits: SSCC;
 * - the internal label prefixes above;
 * - other printable UTF-8: TEXT; anything else: WMS_EINVAL.
 * Data that claims a format and breaks it is an error (WMS_EINVAL /
 * WMS_ECHECKDIGIT) with a detail naming the broken rule; the caller shows it.
 */
int wms_scan_classify(const uint8_t *data, size_t len, const wms_gs1_opts *opts,
                      wms_scan_class *out, wms_err *err);

/* ------------------------------------------------------------------------ */
/* Health model                                                             */
/* ------------------------------------------------------------------------ */

typedef enum wms_health_status {
    WMS_HEALTH_HEALTHY = 0,
    WMS_HEALTH_DEGRADED,
    WMS_HEALTH_UNHEALTHY
} wms_health_status;

/* "healthy" / "degraded" / "unhealthy".  Static storage. */
const char *wms_health_status_name(wms_health_status s);

#define WMS_HEALTH_MAX_COMPONENTS 12
#define WMS_HEALTH_MAX_VALUES     6

typedef struct wms_health_value {
    char key[24]; /* "depth", "oldest_age_s", "free_mb", ... */
    double value;
    char unit[8]; /* "", "s", "ms", "MB", ... */
} wms_health_value;

typedef struct wms_health_component {
    char name[24]; /* "local_db", "central_link", "outbox", "disk" */
    wms_health_status status;
    bool critical; /* unhealthy here makes the whole unhealthy;
                      otherwise it only degrades it              */
    char detail[128];
    size_t nvalues;
    wms_health_value values[WMS_HEALTH_MAX_VALUES];
} wms_health_component;

typedef struct wms_health {
    size_t count;
    wms_health_component comp[WMS_HEALTH_MAX_COMPONENTS];
} wms_health;

void wms_health_init(wms_health *h);
/* Append a component; returns it (NULL when full). */
wms_health_component *wms_health_add(wms_health *h, const char *name, wms_health_status status,
                                     bool critical, const char *detail_fmt, ...) WMS_PRINTF(5, 6);
/* Append a measured value to a component (ignored when full). */
void wms_health_value_add(wms_health_component *c, const char *key, double value, const char *unit);
/* Worst of: critical components as they are, others capped at DEGRADED. */
wms_health_status wms_health_overall(const wms_health *h);

/*
 * Render as JSON:
 * {"status":"degraded","version":"0.1.0","components":{"local_db":{
 *   "status":"healthy","detail":"...","depth":3,...},...}}
 * *out is a new reference; the caller json_decref()s it.  Opaque pointer
 * type so that users of core need not include jansson.h.
 */
struct json_t;
int wms_health_to_json(const wms_health *h, struct json_t **out);

/* ------------------------------------------------------------------------ */
/* Logging                                                                  */
/* ------------------------------------------------------------------------ */

/* syslog(3) priorities, printed as journald's "<N>" prefix. */
typedef enum wms_log_level {
    WMS_LOG_ERR = 3,
    WMS_LOG_WARNING = 4,
    WMS_LOG_NOTICE = 5,
    WMS_LOG_INFO = 6,
    WMS_LOG_DEBUG = 7
} wms_log_level;

typedef struct wms_log_sink {
    /* Receives one complete line without the trailing newline. */
    void (*write)(void *data, wms_log_level level, const char *line, size_t len);
    void *data;
} wms_log_sink;

/* Writes "<N>level=info event=... fields\n" to stderr in one write(2).
 * Static storage. */
const wms_log_sink *wms_log_sink_stderr(void);

#define WMS_LOG_CTX_MAX 160

/*
 * A logger: a sink, a threshold and context fields ("req=... terminal=T1")
 * added to every line.  Plain value, cheap to copy: make a child for a
 * request with wms_log_child().
 */
typedef struct wms_log {
    const wms_log_sink *sink;
    wms_log_level min_level;
    char ctx[WMS_LOG_CTX_MAX];
} wms_log;

void wms_log_init(wms_log *log, const wms_log_sink *sink, wms_log_level min_level);
/* child = parent + more context fields (printf format, "key=value ..."). */
void wms_log_child(wms_log *child, const wms_log *parent, const char *fmt, ...) WMS_PRINTF(3, 4);

/*
 * Emit "level=<lvl> event=<event> <ctx> <fields>".  `fields_fmt` formats
 * key=value pairs; values containing spaces or quotes should be passed
 * through %s of wms_log_quote().  Values of keys that name secrets
 * (password, passwd, secret, token, pin, authorization, *_key) and the
 * password of URIs ("postgresql://u:PASS@h") are replaced by "***" before
 * the line reaches the sink.  Lines are capped at 1 KiB.
 */
void wms_log_emit(const wms_log *log, wms_log_level level, const char *event,
                  const char *fields_fmt, ...) WMS_PRINTF(4, 5);

#define wms_log_err(log, ev, ...)   wms_log_emit((log), WMS_LOG_ERR, (ev), __VA_ARGS__)
#define wms_log_warn(log, ev, ...)  wms_log_emit((log), WMS_LOG_WARNING, (ev), __VA_ARGS__)
#define wms_log_info(log, ev, ...)  wms_log_emit((log), WMS_LOG_INFO, (ev), __VA_ARGS__)
#define wms_log_debug(log, ev, ...) wms_log_emit((log), WMS_LOG_DEBUG, (ev), __VA_ARGS__)

/* Quote a value for a log field: returns `buf` holding "value" with " and \
 * escaped and control bytes as \xNN, truncated to fit `cap`. */
const char *wms_log_quote(const char *value, char *buf, size_t cap);

/* Replace secrets in a line in place (what wms_log_emit applies). */
void wms_log_redact(char *line);

/* Parse "err|warning|notice|info|debug". */
int wms_log_level_parse(const char *s, wms_log_level *out);

/* ------------------------------------------------------------------------ */
/* Config: INI + WMS_* environment, typed and validated by a schema         */
/* ------------------------------------------------------------------------ */

typedef enum wms_cfg_type {
    WMS_CFG_STRING = 0, /* char[size], UTF-8 validated, bounded            */
    WMS_CFG_SECRET,     /* like STRING, never logged, needs a private file */
    WMS_CFG_INT,        /* int64_t within [min, max]                       */
    WMS_CFG_BOOL,       /* bool: true/false/yes/no/on/off/1/0              */
    WMS_CFG_ENUM,       /* int: index into `names`                         */
    WMS_CFG_DURATION_MS /* int64_t ms: "250ms", "30s", "5m", "1h", plain = s */
} wms_cfg_type;

/*
 * One key of a program's config: a constant table of these describes the
 * whole file.  Values are written at `offset` into the caller's struct.
 */
typedef struct wms_cfg_key {
    const char *section; /* "central"                              */
    const char *name;    /* "link"                                 */
    wms_cfg_type type;
    size_t offset;            /* offsetof(struct, field)                */
    size_t size;              /* sizeof the field (STRING/SECRET)       */
    int64_t min, max;         /* INT/DURATION bounds (both 0: none)     */
    const char *const *names; /* ENUM: NULL-terminated list             */
    const char *def;          /* default as text, NULL = zero/empty     */
    const char *help;         /* one line for --help and docs           */
} wms_cfg_key;

typedef struct wms_cfg_schema {
    const wms_cfg_key *keys;
    size_t count;
    /* Secrets that count as "default" and are refused outside dev mode,
     * e.g. "change-me"; NULL-terminated, may be NULL. */
    const char *const *default_secrets;
} wms_cfg_schema;

enum {
    WMS_CFG_DEV = 1u << 0,   /* dev mode: unsafe things warn instead of fail */
    WMS_CFG_NO_ENV = 1u << 1 /* ignore the environment                      */
};

#define WMS_CFG_FILE_MAX (64 * 1024)

/*
 * Load a config:
 * 1. defaults from the schema;
 * 2. `text` (INI, inih): unknown sections/keys, bad values, duplicates are
 *    WMS_EINVAL with "FILE:LINE: [section] key: what is wrong";
 * 3. the environment `envp` (NULL-terminated, e.g. environ; NULL = none):
 *    WMS_<SECTION>_<KEY>=value (upper case, '-' and '.' as '_') overrides;
 *    unknown WMS_* names are ignored (other programs share the prefix).
 * Secrets: when the file sets a SECRET and `file_mode` lets group or others
 * read it, a warning is logged and, without WMS_CFG_DEV, WMS_EPERM.  An empty
 * secret or one of schema->default_secrets is WMS_EPERM without WMS_CFG_DEV
 * (with a loud warning either way).  `log` may be NULL.
 * `file_name` is used in messages only; `text` may be NULL (no file).
 */
int wms_cfg_load(const wms_cfg_schema *schema, void *dst, const char *file_name, const char *text,
                 size_t text_len, unsigned file_mode, char *const *envp, unsigned flags,
                 const wms_log *log, wms_err *err);

/* Read `path` (at most WMS_CFG_FILE_MAX bytes, regular file) and call
 * wms_cfg_load() with its mode.  WMS_ENOTFOUND when it does not exist. */
int wms_cfg_load_file(const wms_cfg_schema *schema, void *dst, const char *path, char *const *envp,
                      unsigned flags, const wms_log *log, wms_err *err);

/* Write "[section]\nkey = value\n" for every key, secrets as "***". */
int wms_cfg_dump(const wms_cfg_schema *schema, const void *src, wms_buf *out);

/* ------------------------------------------------------------------------ */
/* Demo data: one deterministic generator for the terminal and the centre    */
/* ------------------------------------------------------------------------ */

/*
 * `wmsctl seed` (SQLite), `wmsctl seed-central` (PostgreSQL) and the kiosk's
 * --demo all feed this generator's output into their store, so that the same
 * seed gives the same warehouses, locations, products, GTINs, badges and
 * stock everywhere.  Ids are assigned by the generator (1, 2, ...) in the
 * order of the calls.  Entities come parents first: warehouses, locations,
 * products with their barcodes, operators, stock, planned documents with
 * their lines.  A sink callback returning non-zero stops the generation and
 * wms_demo_generate() returns that value.
 */
typedef struct wms_demo_warehouse {
    int64_t id;
    const char *code; /* "WH1" */
    const char *name;
} wms_demo_warehouse;

typedef struct wms_demo_location {
    int64_t id;
    int64_t warehouse_id;
    const char *code; /* "A-01-02" (label: "L:A-01-02") */
    const char *zone; /* "A" */
    const char *type; /* "receiving" / "storage" / "shipping" / "staging" */
} wms_demo_location;

typedef struct wms_demo_product {
    int64_t id;
    const char *sku;      /* "SKU-000005" */
    const char *name;     /* "Hex bolt M8x40 zinc" */
    const char *uom;      /* "pcs", "kg", "m", "l" */
    int decimals;         /* 0 for pcs, 3 for kg */
    const char *tracking; /* "none" / "lot" / "serial" / "expiry" */
} wms_demo_product;

typedef struct wms_demo_barcode {
    int64_t id;
    int64_t product_id;
    const char *code; /* GTIN-14 (normalised) */
    wms_qty pack_qty; /* units per scan: 1 unit, 12 case, ... */
    const char *kind; /* "unit" / "inner" / "case" / "pallet" */
} wms_demo_barcode;

typedef struct wms_demo_operator {
    int64_t id;
    const char *badge; /* "0001" (label: "B:0001") */
    const char *name;
    const char *role; /* "operator" / "supervisor" / "admin" */
    const char *pin;  /* plain demo PIN; the sink stores a hash */
} wms_demo_operator;

typedef struct wms_demo_stock {
    int64_t id;
    int64_t warehouse_id;
    int64_t location_id;
    int64_t product_id;
    const char *lot; /* "" when untracked */
    wms_qty qty;
} wms_demo_stock;

typedef struct wms_demo_planned_doc {
    int64_t id;
    const char *type; /* "receipt" / "issue" */
    int64_t warehouse_id;
    const char *ref;     /* "PO-2026-0001" / "PL-2026-0001" */
    const char *partner; /* supplier / customer name */
} wms_demo_planned_doc;

typedef struct wms_demo_planned_line {
    int64_t id;
    int64_t planned_id;
    int64_t product_id;
    int64_t location_id; /* 0 when not fixed */
    wms_qty qty;
} wms_demo_planned_line;

typedef struct wms_demo_sink {
    int (*warehouse)(void *data, const wms_demo_warehouse *w);
    int (*location)(void *data, const wms_demo_location *l);
    int (*product)(void *data, const wms_demo_product *p);
    int (*barcode)(void *data, const wms_demo_barcode *b);
    int (*op)(void *data, const wms_demo_operator *o);
    int (*stock)(void *data, const wms_demo_stock *s);
    int (*planned_doc)(void *data, const wms_demo_planned_doc *d);
    int (*planned_line)(void *data, const wms_demo_planned_line *l);
    void *data;
} wms_demo_sink;

typedef struct wms_demo_opts {
    uint64_t seed;    /* same seed, same data (default 1) */
    int64_t products; /* default 5000; 1,000,000 must work */
} wms_demo_opts;

/* Generate everything into `sink` (every callback must be set).  Strings
 * passed to the callbacks are valid only during the call. */
int wms_demo_generate(const wms_demo_opts *opts, const wms_demo_sink *sink);

/* ------------------------------------------------------------------------ */
/* Benchmark reports (architecture.md, "Benchmarks")                         */
/* ------------------------------------------------------------------------ */

/*
 * A benchmark measures figures and, where it can, a baseline measured in
 * the same run on the same machine; the ratio value / baseline_value is what
 * the goals are stated in, because shared machines drift.  Benchmarks are
 * not tests: `met` is reported, never asserted.
 */
typedef enum wms_bench_goal_kind {
    WMS_GOAL_NONE = 0,
    WMS_GOAL_RATIO_LE, /* value / baseline <= target */
    WMS_GOAL_RATIO_GE, /* value / baseline >= target */
    WMS_GOAL_VALUE_LE, /* value <= target (in the figure's unit) */
    WMS_GOAL_VALUE_GE  /* value >= target */
} wms_bench_goal_kind;

#define WMS_BENCH_MAX_FIGURES 48

typedef struct wms_bench_figure {
    char name[48]; /* "barcode_lookup_p99"               */
    double value;
    char unit[12];     /* "us", "ms", "ops/s", "rows/s", "MB" */
    char baseline[64]; /* "raw sqlite prepared lookup", or "" */
    double baseline_value;
    double ratio; /* value / baseline_value, 0 without    */
    wms_bench_goal_kind goal_kind;
    double goal_target;
    char goal[40]; /* "ratio <= 1.5", "value <= 5 ms"     */
    bool met;
} wms_bench_figure;

typedef struct wms_bench_report {
    char area[24];     /* "core", "store", "sync", ...           */
    char machine[128]; /* "x86_64, 2 cpus, <cpu model>"          */
    size_t count;
    wms_bench_figure fig[WMS_BENCH_MAX_FIGURES];
} wms_bench_report;

void wms_bench_report_init(wms_bench_report *r, const char *area, const char *machine);
/* Append a figure; NULL when the report is full. */
wms_bench_figure *wms_bench_add(wms_bench_report *r, const char *name, double value,
                                const char *unit);
/* Set the baseline (and the ratio, when baseline_value != 0). */
void wms_bench_set_baseline(wms_bench_figure *f, const char *baseline, double baseline_value);
/* Set the goal; `met` is evaluated from value/ratio; text like "ratio <= 1.5". */
void wms_bench_set_goal(wms_bench_figure *f, wms_bench_goal_kind kind, double target);
/* {"area":..,"machine":..,"figures":[{"name":..,"value":..,"unit":..,
 *   "baseline":..,"baseline_value":..,"ratio":..,"goal":..,"met":..}]}
 * (baseline/goal keys only when set).  New reference for the caller. */
int wms_bench_to_json(const wms_bench_report *r, struct json_t **out);
/* An aligned table for people. */
int wms_bench_to_table(const wms_bench_report *r, wms_buf *out);

/* Percentile (0..100) of `n` samples, which this sorts in place; linear
 * interpolation between closest ranks.  0 when n == 0. */
double wms_percentile(double *samples, size_t n, double pct);

#ifdef __cplusplus
}
#endif
#endif /* WMS_CORE_H */
