/*
 * store.c -- open/close, migrations, integrity, catalog lookups, stock view.
 */
#include "store_int.h"

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int store_sqlerr(wms_store *s, int rc, wms_err *err, const char *what)
{
    int code;
    switch (rc & 0xff) {
    case SQLITE_FULL:
        code = WMS_ENOSPC;
        break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        code = WMS_EREADONLY;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = WMS_EBUSY;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        code = WMS_ECORRUPT;
        break;
    case SQLITE_NOMEM:
        code = WMS_ENOMEM;
        break;
    case SQLITE_CONSTRAINT:
        code = WMS_ECONFLICT;
        break;
    case SQLITE_CANTOPEN:
        code = WMS_EIO;
        break;
    case SQLITE_TOOBIG:
        code = WMS_ETOOBIG;
        break;
    default:
        code = WMS_EIO;
        break;
    }
    const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    if (s) {
        snprintf(s->last_error, sizeof s->last_error, "%s: %s", what, msg);
        if (s->log && code != WMS_ECONFLICT) {
            char q[200];
            wms_log_err(s->log, "store_error", "what=%s rc=%d msg=%s", what, rc,
                        wms_log_quote(msg, q, sizeof q));
        }
    }
    return wms_err_set(err, code, "%s: %s", what, msg);
}

int store_exec(wms_store *s, const char *sql, wms_err *err, const char *what)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : store_sqlerr(s, rc, err, what);
}

static int get_int(wms_store *s, const char *sql, int64_t *out, wms_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return store_sqlerr(s, rc, err, sql);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        *out = 0;
        rc = SQLITE_OK;
    }
    int r = rc == SQLITE_OK ? 0 : store_sqlerr(s, rc, err, sql);
    sqlite3_finalize(st);
    return r;
}

static int migrate(wms_store *s, int64_t from, wms_err *err)
{
    for (int64_t v = from; v < WMS_STORE_SCHEMA_VERSION; v++) {
        int rc = store_exec(s, "BEGIN IMMEDIATE", err, "migration begin");
        if (rc) {
            return rc;
        }
        for (size_t i = 0; rc == 0 && store_migrations[v][i]; i++) {
            rc = store_exec(s, store_migrations[v][i], err, "migration");
        }
        if (rc == 0) {
            char sql[64];
            snprintf(sql, sizeof sql, "PRAGMA user_version=%lld", (long long)(v + 1));
            rc = store_exec(s, sql, err, "user_version");
        }
        if (rc == 0) {
            rc = store_exec(s, "COMMIT", err, "migration commit");
        }
        if (rc) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return wms_err_prefix(err, "migration %lld -> %lld", (long long)v, (long long)v + 1);
        }
    }
    return 0;
}

/* The tables whose loss would lose operator work: checked at every open.
 * The catalog and stock can be pulled again from the centre; a damaged
 * catalog page surfaces as WMS_ECORRUPT from the query that meets it. */
static const char *const own_tables[] = {"doc", "item", "outbox", "pending_delta", "sync_state"};

static int quick_check_one(wms_store *s, const char *sql);

static int quick_check(wms_store *s, bool full)
{
    if (full) {
        return quick_check_one(s, "PRAGMA quick_check(1)");
    }
    for (size_t i = 0; i < WMS_ARRAY_LEN(own_tables); i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA quick_check(%s)", own_tables[i]);
        int rc = quick_check_one(s, sql);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

static int quick_check_one(wms_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ? WMS_ECORRUPT
                                                           : store_sqlerr(s, rc, NULL, "check");
    }
    rc = sqlite3_step(st);
    int r = 0;
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        if (!t || strcmp((const char *)t, "ok") != 0) {
            snprintf(s->last_error, sizeof s->last_error, "quick_check: %s",
                     t ? (const char *)t : "?");
            r = WMS_ECORRUPT;
        }
    } else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
        r = WMS_ECORRUPT;
    } else if (rc != SQLITE_DONE) {
        r = store_sqlerr(s, rc, NULL, "quick_check");
    }
    sqlite3_finalize(st);
    return r;
}

static void move_aside(wms_store *s, const char *path, wms_store_open_info *info)
{
    char stamp[32];
    time_t t = (time_t)(wms_clock_now_ms(s->clock) / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    char dst[600];
    snprintf(dst, sizeof dst, "%s.corrupt-%s", path, stamp);
    for (int i = 1; access(dst, F_OK) == 0 && i < 100; i++) {
        snprintf(dst, sizeof dst, "%s.corrupt-%s-%d", path, stamp, i);
    }
    static const char *const sfx[] = {"-wal", "-shm"};
    for (size_t i = 0; i < 2; i++) {
        char a[600], b[700];
        snprintf(a, sizeof a, "%s%s", path, sfx[i]);
        snprintf(b, sizeof b, "%s%s", dst, sfx[i]);
        if (rename(a, b) != 0 && errno != ENOENT) {
            unlink(a); /* a stale -shm is only an index; the -wal moves */
        }
    }
    if (rename(path, dst) == 0 && info) {
        wms_strlcpy(info->moved_to, dst, sizeof info->moved_to);
    }
    if (s->log) {
        char q[600];
        wms_log_err(s->log, "store_corrupt", "path=%s moved_to=%s detail=%s", path,
                    wms_log_quote(dst, q, sizeof q), s->last_error[0] ? "quick_check" : "?");
    }
}

static int connect(wms_store *s, const wms_store_opts *o, wms_err *err)
{
    int flags = o->role == WMS_STORE_READONLY
                        ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | (o->no_create ? 0 : SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(o->path, &s->db, flags, o->vfs);
    if (rc != SQLITE_OK) {
        int r = store_sqlerr(s, rc, err, "open");
        if ((rc & 0xff) == SQLITE_CANTOPEN && access(o->path, F_OK) != 0) {
            r = wms_err_set(err, WMS_ENOTFOUND, "open %s: no such database", o->path);
        }
        sqlite3_close(s->db);
        s->db = NULL;
        return r;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, o->busy_timeout_ms > 0 ? o->busy_timeout_ms : 2000);
    return 0;
}

static int setup(wms_store *s, const wms_store_opts *o, wms_store_open_info *info, wms_err *err)
{
    int rc;
    if (o->role != WMS_STORE_READONLY) {
        /* journal_mode needs a readable header: a damaged file fails here */
        rc = store_exec(s, "PRAGMA journal_mode=WAL", err, "journal_mode");
        if (rc) {
            return rc;
        }
    }
    rc = store_exec(s, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16000",
                    err, "pragmas");
    if (rc) {
        return rc;
    }
    int64_t v = 0;
    rc = get_int(s, "PRAGMA user_version", &v, err);
    if (rc) {
        return rc;
    }
    if (info) {
        info->from_version = (int)v;
        info->to_version = WMS_STORE_SCHEMA_VERSION;
    }
    if (v > WMS_STORE_SCHEMA_VERSION) {
        return wms_err_set(err, WMS_EUNSUPPORTED,
                           "database schema %lld is newer than this build's %d", (long long)v,
                           WMS_STORE_SCHEMA_VERSION);
    }
    if (!o->skip_check && v > 0) {
        rc = quick_check(s, o->full_check);
        if (rc) {
            return wms_err_set(err, rc, "%s", s->last_error[0] ? s->last_error : "check failed");
        }
    }
    if (v < WMS_STORE_SCHEMA_VERSION) {
        if (o->role == WMS_STORE_READONLY) {
            return wms_err_set(err, WMS_EUNSUPPORTED, "database schema %lld needs migration",
                               (long long)v);
        }
        rc = migrate(s, v, err);
    }
    return rc;
}

int wms_store_open(const wms_store_opts *o, wms_store **out, wms_store_open_info *info,
                   wms_err *err)
{
    if (!o || !o->path || !o->path[0] || !out || o->role > WMS_STORE_READONLY) {
        return wms_err_set(err, WMS_EINVAL, "store open: path required");
    }
    if (strlen(o->path) >= 480) {
        return wms_err_set(err, WMS_ETOOBIG, "store open: path too long");
    }
    if (info) {
        memset(info, 0, sizeof *info);
    }
    wms_store *s = calloc(1, sizeof *s);
    if (!s) {
        return wms_err_set(err, WMS_ENOMEM, "store open: out of memory");
    }
    s->role = o->role;
    s->clock = o->clock ? o->clock : wms_clock_system();
    s->rng = o->rng ? o->rng : wms_rng_system();
    s->log = o->log;
    wms_uuid_gen_init(&s->gen, s->clock, s->rng);
    wms_strlcpy(s->path, o->path, sizeof s->path);
    struct stat sb;
    bool existed = stat(o->path, &sb) == 0 && sb.st_size > 0;
    int rc = connect(s, o, err);
    if (rc == 0) {
        rc = setup(s, o, info, err);
    }
    if (rc == WMS_ECORRUPT && o->role != WMS_STORE_READONLY) {
        sqlite3_close(s->db);
        s->db = NULL;
        move_aside(s, o->path, info);
        s->check_rc = WMS_ECORRUPT;
        wms_err_clear(err);
        if (info) {
            info->recovered = true;
        }
        existed = false;
        rc = connect(s, o, err);
        if (rc == 0) {
            rc = setup(s, o, NULL, err);
        }
        if (info) {
            info->from_version = 0;
            info->to_version = WMS_STORE_SCHEMA_VERSION;
        }
    }
    if (rc) {
        wms_store_close(s);
        return rc;
    }
    if (info) {
        info->created = !existed;
    }
    *out = s;
    return 0;
}

void wms_store_close(wms_store *s)
{
    if (!s) {
        return;
    }
    if (s->db) {
        for (int i = 0; i < STORE_SLOTS; i++) {
            sqlite3_finalize(s->cache[i]);
        }
        sqlite3_close(s->db);
    }
    free(s);
}

struct sqlite3 *wms_store_db(wms_store *s)
{
    return s ? s->db : NULL;
}

/* ---- small helpers ------------------------------------------------------ */

/* The handle's statement cache: one slot per call site, prepared once
 * (SQLITE_PREPARE_PERSISTENT), reset after use, finalized at close. */
int store_cached(wms_store *s, int slot, const char *sql, sqlite3_stmt **out, wms_err *err)
{
    if (!s || slot < 0 || slot >= STORE_SLOTS) {
        return wms_err_set(err, WMS_EINVAL, "store: no handle");
    }
    if (!s->cache[slot]) {
        int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->cache[slot],
                                    NULL);
        if (rc != SQLITE_OK) {
            s->cache[slot] = NULL;
            return store_sqlerr(s, rc, err, "prepare");
        }
    }
    sqlite3_clear_bindings(s->cache[slot]);
    *out = s->cache[slot];
    return 0;
}

void store_col_text(sqlite3_stmt *st, int i, char *dst, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    wms_strlcpy(dst, t ? (const char *)t : "", cap);
}

void store_operator_row(sqlite3_stmt *st, wms_store_operator *out)
{
    out->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, out->badge, sizeof out->badge);
    store_col_text(st, 2, out->name, sizeof out->name);
    store_col_text(st, 3, out->role, sizeof out->role);
    out->active = sqlite3_column_int(st, 4) != 0;
}

int store_page(wms_store *s, const store_page_query *q, const wms_page *page, void *out, size_t *n,
               bool *more, wms_err *err)
{
    wms_page pg = page ? *page : (wms_page){1, WMS_PAGE_SIZE_DEFAULT};
    int64_t off;
    int rc = wms_page_check(&pg, err);
    if (rc || (rc = wms_page_offset(&pg, &off)) != 0) {
        return rc;
    }
    sqlite3_stmt *st;
    rc = store_cached(s, q->slot, q->sql, &st, err);
    if (rc) {
        return rc;
    }
    if (q->text) {
        sqlite3_bind_text(st, 1, q->text, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_int64(st, 1, q->key);
    }
    sqlite3_bind_int64(st, 2, pg.page_size + 1);
    sqlite3_bind_int64(st, 3, off);
    *n = 0;
    bool m = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if ((int64_t)*n == pg.page_size) {
            m = true;
            break;
        }
        q->row(st, out, (*n)++, q->ctx);
    }
    int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_sqlerr(s, rc, err, q->what);
    sqlite3_reset(st);
    if (more) {
        *more = m;
    }
    return r;
}

/* ---- catalog ------------------------------------------------------------ */

void store_product_row(sqlite3_stmt *st, int base, wms_store_product *p)
{
    p->id = sqlite3_column_int64(st, base);
    store_col_text(st, base + 1, p->sku, sizeof p->sku);
    store_col_text(st, base + 2, p->name, sizeof p->name);
    store_col_text(st, base + 3, p->uom, sizeof p->uom);
    p->decimals = sqlite3_column_int(st, base + 4);
    store_col_text(st, base + 5, p->tracking, sizeof p->tracking);
}

static void row_barcode(sqlite3_stmt *st, int base, wms_store_barcode *b)
{
    b->id = sqlite3_column_int64(st, base);
    b->product_id = sqlite3_column_int64(st, base + 1);
    store_col_text(st, base + 2, b->code, sizeof b->code);
    b->pack_qty.milli = sqlite3_column_int64(st, base + 3);
    store_col_text(st, base + 4, b->kind, sizeof b->kind);
}

/* Run a one-row query; WMS_ENOTFOUND when there is no row. */
int store_step_one(wms_store *s, sqlite3_stmt *st, wms_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        return 0;
    }
    if (rc == SQLITE_DONE) {
        return wms_err_set(err, WMS_ENOTFOUND, "%s: not found", what);
    }
    return store_sqlerr(s, rc, err, what);
}

#define PRODUCT_COLS "p.id, p.sku, p.name, p.uom, p.decimals, p.tracking"

int wms_store_product_by_barcode(wms_store *s, const char *code, size_t len, wms_store_product *out,
                                 wms_store_barcode *bc, wms_err *err)
{
    if (!s || !code || !out || len == 0 || len >= WMS_STORE_CODE_MAX) {
        return wms_err_set(err, WMS_EINVAL, "barcode: empty or too long");
    }
    char norm[WMS_STORE_CODE_MAX];
    bool digits = true;
    for (size_t i = 0; i < len; i++) {
        if (code[i] < '0' || code[i] > '9') {
            digits = false;
            break;
        }
    }
    if (digits && (len == 8 || len == 12 || len == 13 || len == 14)) {
        int rc = wms_gtin_normalize(code, len, norm, err);
        if (rc) {
            return rc;
        }
    } else {
        int rc = wms_text_validate(code, len, WMS_STORE_CODE_MAX - 1, WMS_TEXT_ALLOW_GS, err);
        if (rc) {
            return rc;
        }
        memcpy(norm, code, len);
        norm[len] = '\0';
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, 0,
                          "SELECT " PRODUCT_COLS ", b.id, b.product_id, b.code, b.pack_qty, b.kind"
                          " FROM barcode b JOIN product p ON p.id = b.product_id WHERE b.code = ?",
                          &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
    rc = store_step_one(s, st, err, "barcode");
    if (rc == 0) {
        store_product_row(st, 0, out);
        if (bc) {
            row_barcode(st, 6, bc);
        }
    }
    sqlite3_reset(st);
    return rc;
}

int wms_store_product_by_id(wms_store *s, int64_t id, wms_store_product *out, wms_err *err)
{
    sqlite3_stmt *st;
    int rc = store_cached(s, 1, "SELECT " PRODUCT_COLS " FROM product p WHERE p.id = ?", &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, id);
    rc = store_step_one(s, st, err, "product");
    if (rc == 0) {
        store_product_row(st, 0, out);
    }
    sqlite3_reset(st);
    return rc;
}

int wms_store_product_barcodes(wms_store *s, int64_t product_id, wms_store_barcode *out, size_t cap,
                               size_t *n, wms_err *err)
{
    sqlite3_stmt *st;
    int rc = store_cached(s, 2,
                          "SELECT id, product_id, code, pack_qty, kind FROM barcode"
                          " WHERE product_id = ? ORDER BY pack_qty, id",
                          &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, product_id);
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
        row_barcode(st, 0, &out[(*n)++]);
    }
    int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_sqlerr(s, rc, err, "barcodes");
    sqlite3_reset(st);
    return r;
}

/* Build an FTS5 query: every run of letters/digits (and UTF-8) becomes a
 * quoted prefix term, joined by AND. */
static int fts_query(const char *q, char *out, size_t cap, wms_err *err)
{
    size_t len = strlen(q);
    int rc = wms_text_validate(q, len, 64, 0, err);
    if (rc) {
        return rc;
    }
    size_t o = 0;
    size_t terms = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)q[i];
        bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c >= 0x80;
        if (!word) {
            i++;
            continue;
        }
        if (o + 8 >= cap) {
            return wms_err_set(err, WMS_ETOOBIG, "search: too long");
        }
        if (terms++) {
            out[o++] = ' ';
        }
        out[o++] = '"';
        while (i < len) {
            c = (unsigned char)q[i];
            word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   c >= 0x80;
            if (!word || o + 4 >= cap) {
                break;
            }
            out[o++] = (char)c;
            i++;
        }
        out[o++] = '"';
        out[o++] = '*';
    }
    out[o] = '\0';
    if (terms == 0) {
        return wms_err_set(err, WMS_EINVAL, "search: no letters or digits");
    }
    return 0;
}

static void page_row_product(sqlite3_stmt *st, void *out, size_t i, const void *ctx)
{
    (void)ctx;
    store_product_row(st, 0, (wms_store_product *)out + i);
}

int wms_store_product_search(wms_store *s, const char *q, const wms_page *page,
                             wms_store_product *out, size_t *n, bool *more, wms_err *err)
{
    if (!s || !q || !out || !n) {
        return wms_err_set(err, WMS_EINVAL, "search: arguments");
    }
    char fq[400];
    int rc = fts_query(q, fq, sizeof fq, err);
    if (rc) {
        return rc;
    }
    store_page_query pq = {
            .slot = 3,
            .sql = "SELECT " PRODUCT_COLS " FROM (SELECT rowid AS r FROM product_fts"
                   " WHERE product_fts MATCH ? ORDER BY rowid LIMIT ? OFFSET ?) f"
                   " JOIN product p ON p.id = f.r ORDER BY p.id",
            .what = "search",
            .text = fq,
            .row = page_row_product,
    };
    return store_page(s, &pq, page, out, n, more, err);
}

void store_location_row(sqlite3_stmt *st, wms_store_location *l)
{
    l->id = sqlite3_column_int64(st, 0);
    l->warehouse_id = sqlite3_column_int64(st, 1);
    store_col_text(st, 2, l->code, sizeof l->code);
    store_col_text(st, 3, l->zone, sizeof l->zone);
    store_col_text(st, 4, l->type, sizeof l->type);
}

int wms_store_location_by_code(wms_store *s, const char *code, wms_store_location *out,
                               wms_err *err)
{
    if (!s || !code || !out || !code[0] || strlen(code) >= WMS_STORE_CODE_MAX) {
        return wms_err_set(err, WMS_EINVAL, "location code: empty or too long");
    }
    sqlite3_stmt *st;
    int rc = store_cached(s, 4,
                          "SELECT id, warehouse_id, code, zone, type FROM location WHERE code = ?",
                          &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = store_step_one(s, st, err, "location");
    if (rc == 0) {
        store_location_row(st, out);
    }
    sqlite3_reset(st);
    return rc;
}

int wms_store_location_by_id(wms_store *s, int64_t id, wms_store_location *out, wms_err *err)
{
    sqlite3_stmt *st;
    int rc = store_cached(
            s, 5, "SELECT id, warehouse_id, code, zone, type FROM location WHERE id = ?", &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, id);
    rc = store_step_one(s, st, err, "location");
    if (rc == 0) {
        store_location_row(st, out);
    }
    sqlite3_reset(st);
    return rc;
}

int wms_store_operator_by_badge(wms_store *s, const char *badge, wms_store_operator *out,
                                wms_err *err)
{
    if (!s || !badge || !out || !badge[0] || strlen(badge) >= WMS_STORE_CODE_MAX) {
        return wms_err_set(err, WMS_EINVAL, "badge: empty or too long");
    }
    sqlite3_stmt *st;
    int rc = store_cached(
            s, 6, "SELECT id, badge, name, role, active FROM operator WHERE badge = ?", &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_text(st, 1, badge, -1, SQLITE_STATIC);
    rc = store_step_one(s, st, err, "operator");
    if (rc == 0) {
        store_operator_row(st, out);
    }
    sqlite3_reset(st);
    return rc;
}

int wms_store_operator_verify(wms_store *s, const char *badge, const char *pin,
                              wms_store_operator *out, wms_err *err)
{
    if (!pin || !pin[0] || strlen(pin) > 64) {
        return wms_err_set(err, WMS_EINVAL, "PIN: empty or too long");
    }
    wms_store_operator op;
    int rc = wms_store_operator_by_badge(s, badge, &op, err);
    if (rc) {
        return rc;
    }
    sqlite3_stmt *st;
    rc = store_cached(s, 7, "SELECT pin_hash FROM operator WHERE id = ?", &st, err);
    if (rc) {
        return rc;
    }
    sqlite3_bind_int64(st, 1, op.id);
    rc = store_step_one(s, st, err, "operator");
    char hash[WMS_STORE_HASH_MAX] = "";
    if (rc == 0) {
        store_col_text(st, 0, hash, sizeof hash);
    }
    sqlite3_reset(st);
    if (rc) {
        return rc;
    }
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd) {
        return wms_err_set(err, WMS_ENOMEM, "PIN: out of memory");
    }
    const char *h = crypt_r(pin, hash, cd);
    bool ok = h && h[0] != '*' && strlen(h) == strlen(hash) && strcmp(h, hash) == 0;
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    if (!ok) {
        return wms_err_set(err, WMS_EAUTH, "wrong PIN for badge %s", op.badge);
    }
    if (!op.active) {
        return wms_err_set(err, WMS_EPERM, "operator %s is not active", op.badge);
    }
    if (out) {
        *out = op;
    }
    return 0;
}

int wms_store_pin_hash(const char *pin, const wms_rng *rng, char *out, size_t cap, wms_err *err)
{
    if (!pin || !pin[0] || strlen(pin) > 64 || !out || cap < WMS_STORE_HASH_MAX) {
        return wms_err_set(err, WMS_EINVAL, "PIN hash: bad arguments");
    }
    unsigned char rnd[16];
    const wms_rng *r = rng ? rng : wms_rng_system();
    if (r->fill(r->data, rnd, sizeof rnd) != 0) {
        return wms_err_set(err, WMS_EIO, "PIN hash: no random bytes");
    }
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$y$", 0, (const char *)rnd, (int)sizeof rnd, salt, sizeof salt)) {
        return wms_err_set(err, WMS_EUNSUPPORTED, "PIN hash: yescrypt unavailable");
    }
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd) {
        return wms_err_set(err, WMS_ENOMEM, "PIN hash: out of memory");
    }
    const char *h = crypt_r(pin, salt, cd);
    int rc = 0;
    if (!h || h[0] == '*') {
        rc = wms_err_set(err, WMS_EIO, "PIN hash: crypt failed");
    } else if (wms_strlcpy(out, h, cap) != 0) {
        rc = wms_err_set(err, WMS_ETOOBIG, "PIN hash: too long");
    }
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return rc;
}

/* ---- stock view --------------------------------------------------------- */

/* Snapshot rows and pending deltas merged per (location, product, lot). */
#define STOCK_SQL(keycol, order)                                                      \
    "SELECT warehouse_id, location_id, product_id, lot, SUM(c), SUM(d) FROM ("        \
    " SELECT warehouse_id, location_id, product_id, lot, qty AS c, 0 AS d FROM stock" \
    " WHERE " keycol " = ?1 UNION ALL"                                                \
    " SELECT warehouse_id, location_id, product_id, lot, 0, delta FROM pending_delta" \
    " WHERE " keycol " = ?1) GROUP BY " order " ORDER BY " order " LIMIT ?2 OFFSET ?3"

static void page_row_stock(sqlite3_stmt *st, void *out, size_t i, const void *ctx)
{
    (void)ctx;
    wms_store_stock *r = (wms_store_stock *)out + i;
    r->warehouse_id = sqlite3_column_int64(st, 0);
    r->location_id = sqlite3_column_int64(st, 1);
    r->product_id = sqlite3_column_int64(st, 2);
    store_col_text(st, 3, r->lot, sizeof r->lot);
    r->central.milli = sqlite3_column_int64(st, 4);
    r->pending.milli = sqlite3_column_int64(st, 5);
    r->view.milli = r->central.milli + r->pending.milli;
}

static int stock_query(wms_store *s, int slot, const char *sql, int64_t key, const wms_page *page,
                       wms_store_stock *out, size_t *n, bool *more, wms_err *err)
{
    if (!s || !out || !n) {
        return wms_err_set(err, WMS_EINVAL, "stock: arguments");
    }
    store_page_query pq = {
            .slot = slot, .sql = sql, .what = "stock", .key = key, .row = page_row_stock};
    return store_page(s, &pq, page, out, n, more, err);
}

int wms_store_stock_by_product(wms_store *s, int64_t product_id, const wms_page *page,
                               wms_store_stock *out, size_t *n, bool *more, wms_err *err)
{
    return stock_query(s, 8, STOCK_SQL("product_id", "location_id, product_id, lot"), product_id,
                       page, out, n, more, err);
}

int wms_store_stock_by_location(wms_store *s, int64_t location_id, const wms_page *page,
                                wms_store_stock *out, size_t *n, bool *more, wms_err *err)
{
    return stock_query(s, 9, STOCK_SQL("location_id", "product_id, location_id, lot"), location_id,
                       page, out, n, more, err);
}
