/*
 * bench_sync.c -- `wmsctl bench sync --dsn ADMIN_DSN [--bouncer-dsn DSN]
 * [--products N] [--ops N] [--terminals N] [--batches N] [--reuse]
 * [--only LIST]`.
 *
 * Every figure has a baseline measured in the same run:
 *   pull    first full pull of N products (default 1,000,000) into a fresh
 *           terminal database through the sync engine (pg backend, pages of
 *           5000), rows/s vs a raw pipeline: `COPY (SELECT ..) TO STDOUT` of
 *           the same tables -> prepared INSERTs into a fresh store file with
 *           the same schema, pragmas and 5000-row transactions (goal >= 80 %);
 *   push    one terminal's outbox (receipts: create, 8 lines, post) pushed by
 *           the engine, operations/s vs a raw libpq pipeline writing the same
 *           rows (documents, items, stock upsert, applied_ops) with prepared
 *           statements, one transaction per 100 operations (goal >= 50 %);
 *   conc    T simulated terminals (default 50) pushing batches of 100
 *           operations at once through PgBouncer (--bouncer-dsn; else
 *           straight to PostgreSQL): operations/s and p50/p95 batch latency,
 *           vs one simulated terminal pushing the same way;
 *   http    the same simulated terminals (1 and T) through wms-server started
 *           in this process (http backend, loopback), vs the direct link;
 *   pool    pool checkout + query vs a new connection per query (>= 30x).
 *
 * ADMIN_DSN must be allowed to CREATE DATABASE and roles: the bench drops
 * and recreates database wms_bench_sync, migrates and seeds it, and adds
 * terminals B01..Bnn (login roles wms_t_Bnn, reached with the same DSN and
 * the role's token as password).  wmsctl does not start PostgreSQL itself:
 * platform/bench-pg.sh runs the bench against a throwaway cluster +
 * PgBouncer.  Progress goes to stderr, the report to stdout.
 */
#include "bench_util.h"
#include "ctl.h"
#include "sync_progress.h"

#include "wms/pg.h"
#include "wms/store.h"
#include "wms/sync.h"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BENCH_DB  "wms_bench_sync"
#define DOC_ITEMS 8 /* item.add per receipt: a document is 10 operations */

typedef struct bopts {
    const char *dsn;
    const char *bouncer_dsn;
    long products;
    long ops;
    int terminals;
    int batches;
    bool reuse;
    const char *only;
} bopts;

typedef struct bctx {
    bopts o;
    double direct1_ops, directn_ops; /* conc: 1 and T terminals over the direct link */
    char db_dsn[1024];               /* admin on BENCH_DB */
    char tokens[64][40];
    char dir[64]; /* scratch terminal databases */
    int64_t warehouse, location, operator_id, nproducts;
} bctx;

static bool want(const bctx *c, const char *part)
{
    return c->o.only == NULL || strstr(c->o.only, part) != NULL;
}

/* ---- connection strings ----------------------------------------------------- */

static void kv_add(char *out, size_t cap, const char *k, const char *v)
{
    size_t n = strlen(out);
    if (n + strlen(k) + 2 * strlen(v) + 5 >= cap) {
        return;
    }
    char *p = out + n;
    p += sprintf(p, "%s%s='", n ? " " : "", k);
    for (const char *s = v; *s; s++) {
        if (*s == '\'' || *s == '\\') {
            *p++ = '\\';
        }
        *p++ = *s;
    }
    *p++ = '\'';
    *p = '\0';
}

/* `base` with dbname / user / password replaced (NULL: keep as in base). */
static int dsn_with(const char *base, const char *dbname, const char *user, const char *password,
                    char *out, size_t cap)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(base, &msg);
    if (opts == NULL) {
        fprintf(stderr, "bench sync: bad DSN: %s", msg ? msg : "?\n");
        PQfreemem(msg);
        return WMS_EINVAL;
    }
    out[0] = '\0';
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        const char *v = o->val;
        if (dbname && strcmp(o->keyword, "dbname") == 0) {
            v = dbname;
        } else if (user && strcmp(o->keyword, "user") == 0) {
            v = user;
        } else if (password && strcmp(o->keyword, "password") == 0) {
            v = password;
        }
        if (v && v[0]) {
            kv_add(out, cap, o->keyword, v);
        }
    }
    PQconninfoFree(opts);
    return 0;
}

static int exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : WMS_EIO;
    if (rc) {
        fprintf(stderr, "bench sync: %s: %s", sql, PQerrorMessage(c));
    }
    PQclear(r);
    return rc;
}

static int64_t query_int(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int64_t v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    } else {
        fprintf(stderr, "bench sync: %s: %s", sql, PQerrorMessage(c));
    }
    PQclear(r);
    return v;
}

static void no_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

static PGconn *connect_to(const char *dsn)
{
    PGconn *c = PQconnectdb(dsn);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "bench sync: cannot connect: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, no_notice, NULL); /* "database .. does not exist, skipping" */
    return c;
}

static void terminal_dsn(const bctx *c, const char *base, int t, char *out, size_t cap)
{
    char user[32];
    snprintf(user, sizeof user, "wms_t_B%02d", t + 1);
    dsn_with(base, BENCH_DB, user, c->tokens[t], out, cap);
}

/* A one-connection pool logged in as terminal `t` (the pool copies the DSN). */
static int terminal_pool(const bctx *c, const char *base, int t, wms_pg_pool **pool, wms_err *err)
{
    char dsn[1024];
    terminal_dsn(c, base, t, dsn, sizeof dsn);
    wms_pg_config pc;
    wms_pg_config_defaults(&pc);
    pc.dsn = dsn;
    pc.pool_size = 1;
    pc.max_overflow = 0;
    return wms_pg_pool_open(&pc, NULL, pool, err);
}

/* ---- setup: database, schema, demo data, terminals ------------------------- */

static int seed(bctx *c)
{
    char n[24];
    snprintf(n, sizeof n, "%ld", c->o.products);
    char a0[] = "seed-central", a1[] = "--dsn", a3[] = "--products";
    char *av[] = {a0, a1, c->db_dsn, a3, n, NULL};
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(STDERR_FILENO, STDOUT_FILENO); /* its "seeded .." line is not the report */
    int rc = cmd_seed_central(5, av);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    return rc == 0 ? 0 : WMS_EIO;
}

static int setup(bctx *c)
{
    if (dsn_with(c->o.dsn, BENCH_DB, NULL, NULL, c->db_dsn, sizeof c->db_dsn) != 0) {
        return WMS_EINVAL;
    }
    PGconn *a = connect_to(c->o.dsn);
    if (a == NULL) {
        return WMS_EIO;
    }
    bool fresh = true;
    if (c->o.reuse) {
        PGconn *d = PQconnectdb(c->db_dsn);
        if (PQstatus(d) == CONNECTION_OK) {
            PGresult *r = PQexec(d, "SELECT count(*) FROM products");
            fresh = !(PQresultStatus(r) == PGRES_TUPLES_OK &&
                      strtol(PQgetvalue(r, 0, 0), NULL, 10) == c->o.products);
            PQclear(r);
        }
        PQfinish(d);
    }
    int rc = 0;
    if (fresh) {
        fprintf(stderr, "bench sync: database %s: migrate and seed %ld products\n", BENCH_DB,
                c->o.products);
        rc = exec_ok(a, "DROP DATABASE IF EXISTS " BENCH_DB " WITH (FORCE)");
        rc = rc ? rc : exec_ok(a, "CREATE DATABASE " BENCH_DB);
    }
    PQfinish(a);
    PGconn *d = rc ? NULL : connect_to(c->db_dsn);
    if (d == NULL) {
        return WMS_EIO;
    }
    wms_err err = {0};
    if (fresh) {
        int64_t t0 = bench_now_ns();
        rc = wms_pg_migrate(d, NULL, &err);
        if (rc) {
            fprintf(stderr, "bench sync: migrate: %s\n", err.msg);
        }
        rc = rc ? rc : seed(c);
        rc = rc ? rc : exec_ok(d, "VACUUM ANALYZE");
        fprintf(stderr, "bench sync: seeded in %.1f s\n", (double)(bench_now_ns() - t0) / 1e9);
    }
    /* terminals B01..: fresh tokens each run, every warehouse */
    int nterm = c->o.terminals > 1 ? c->o.terminals : 1;
    unsigned char raw[16];
    for (int t = 0; rc == 0 && t < nterm; t++) {
        if (wms_rng_system()->fill(wms_rng_system()->data, raw, sizeof raw) != 0) {
            rc = WMS_EIO;
            break;
        }
        for (size_t i = 0; i < sizeof raw; i++) {
            snprintf(c->tokens[t] + 2 * i, 3, "%02x", raw[i]);
        }
        char id[16];
        snprintf(id, sizeof id, "B%02d", t + 1);
        const char *p[2] = {id, c->tokens[t]};
        PGresult *r = PQexecParams(
                d,
                "SELECT wms_terminal_add($1, 'bench', (SELECT array_agg(id) FROM warehouses), $2, "
                "sha256(convert_to($2, 'UTF8')))",
                2, NULL, p, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            fprintf(stderr, "bench sync: terminal add: %s", PQerrorMessage(d));
            rc = WMS_EIO;
        }
        PQclear(r);
    }
    if (rc == 0) {
        c->location = query_int(d, "SELECT id FROM locations WHERE type = 'storage' ORDER BY id "
                                   "LIMIT 1");
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT warehouse_id FROM locations WHERE id = %lld",
                 (long long)c->location);
        c->warehouse = query_int(d, sql);
        c->operator_id = query_int(d, "SELECT min(id) FROM operators");
        c->nproducts = query_int(d, "SELECT max(id) FROM products");
        if (c->location < 1 || c->warehouse < 1 || c->operator_id < 1 || c->nproducts < 1) {
            rc = WMS_EIO;
        }
    }
    PQfinish(d);
    return rc;
}

/* ---- pull: the engine vs COPY -> prepared INSERT ------------------------------ */

typedef struct copy_spec {
    const char *copy;
    const char *insert;
    const char *types; /* 'i' integer, 't' text, per column */
} copy_spec;

static const copy_spec copies[] = {
        {"COPY (SELECT id, code, name FROM warehouses ORDER BY id) TO STDOUT",
         "INSERT INTO warehouse(id, code, name) VALUES (?, ?, ?)", "itt"},
        {"COPY (SELECT id, warehouse_id, code, zone, type FROM locations ORDER BY id) TO STDOUT",
         "INSERT INTO location(id, warehouse_id, code, zone, type) VALUES (?, ?, ?, ?, ?)",
         "iittt"},
        {"COPY (SELECT id, sku, name, uom, decimals, tracking FROM products ORDER BY id) TO "
         "STDOUT",
         "INSERT INTO product(id, sku, name, uom, decimals, tracking) VALUES (?, ?, ?, ?, ?, ?)",
         "itttit"},
        {"COPY (SELECT id, product_id, code, (pack_qty * 1000)::bigint, kind FROM barcodes "
         "ORDER BY id) TO STDOUT",
         "INSERT INTO barcode(id, product_id, code, pack_qty, kind) VALUES (?, ?, ?, ?, ?)",
         "iitit"},
        {"COPY (SELECT id, badge, name, role, pin_hash, active::int FROM operators ORDER BY id) "
         "TO STDOUT",
         "INSERT INTO operator(id, badge, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?, ?)",
         "itttti"},
        {"COPY (SELECT id, type, warehouse_id, ref, partner, status FROM planned_docs ORDER BY "
         "id) TO STDOUT",
         "INSERT INTO planned_doc(id, type, warehouse_id, ref, partner, status) VALUES (?, ?, ?, "
         "?, ?, ?)",
         "itittt"},
        {"COPY (SELECT id, planned_id, product_id, location_id, (quantity * 1000)::bigint, "
         "coalesce(lot, '') FROM planned_lines ORDER BY id) TO STDOUT",
         "INSERT INTO planned_line(id, planned_id, product_id, location_id, qty, lot) VALUES (?, "
         "?, ?, ?, ?, ?)",
         "iiiiit"},
        {"COPY (SELECT id, warehouse_id, location_id, product_id, lot, (quantity * 1000)::bigint "
         "FROM inventory ORDER BY id) TO STDOUT",
         "INSERT INTO stock(id, warehouse_id, location_id, product_id, lot, qty) VALUES (?, ?, ?, "
         "?, ?, ?)",
         "iiiiti"},
};

/* Split one COPY text line in place (tab separated, backslash escapes, \N). */
static int copy_fields(char *line, size_t len, char **f, int max)
{
    int n = 0;
    char *w = line, *start = line;
    for (size_t i = 0; i <= len; i++) {
        char ch = i < len ? line[i] : '\t';
        if (ch == '\n' && i + 1 == len) {
            ch = '\t';
            i = len;
        }
        if (ch == '\t') {
            *w = '\0';
            if (n == max) {
                return -1;
            }
            f[n++] = strcmp(start, "\\N") == 0 ? NULL : start;
            start = ++w;
            continue;
        }
        if (ch == '\\' && i + 1 < len) {
            char e = line[++i];
            if (e == 'N') {
                *w++ = '\\';
                *w++ = 'N';
                continue;
            }
            ch = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
        }
        *w++ = ch;
    }
    return n;
}

static int sq_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "bench sync: sqlite: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return WMS_EIO;
    }
    return 0;
}

static int fresh_store(const char *path)
{
    unlink(path);
    wms_store_opts so = {.path = path, .role = WMS_STORE_UI};
    wms_store *st = NULL;
    wms_err err = {0};
    if (wms_store_open(&so, &st, NULL, &err) != 0) {
        fprintf(stderr, "bench sync: store %s: %s\n", path, err.msg);
        return WMS_EIO;
    }
    wms_store_close(st);
    return 0;
}

/* The baseline: returns rows inserted, or < 0. */
static int64_t pull_baseline(bctx *c, const char *path)
{
    if (fresh_store(path) != 0) {
        return -1;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sq_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                    "PRAGMA cache_size=-16000; PRAGMA defer_foreign_keys=ON") != 0) {
        sqlite3_close(db);
        return -1;
    }
    PGconn *pg = connect_to(c->db_dsn);
    int64_t rows = 0;
    int rc = pg ? sq_exec(db, "BEGIN IMMEDIATE") : WMS_EIO;
    for (size_t t = 0; rc == 0 && t < WMS_ARRAY_LEN(copies); t++) {
        sqlite3_stmt *ins = NULL;
        if (sqlite3_prepare_v2(db, copies[t].insert, -1, &ins, NULL) != SQLITE_OK) {
            fprintf(stderr, "bench sync: %s\n", sqlite3_errmsg(db));
            rc = WMS_EIO;
            break;
        }
        PGresult *r = PQexec(pg, copies[t].copy);
        if (PQresultStatus(r) != PGRES_COPY_OUT) {
            fprintf(stderr, "bench sync: %s", PQerrorMessage(pg));
            rc = WMS_EIO;
        }
        PQclear(r);
        int ncol = (int)strlen(copies[t].types);
        char *buf = NULL;
        int len;
        while (rc == 0 && (len = PQgetCopyData(pg, &buf, 0)) > 0) {
            char *f[8];
            if (copy_fields(buf, (size_t)len, f, 8) != ncol) {
                fprintf(stderr, "bench sync: COPY row with the wrong column count\n");
                rc = WMS_EPROTO;
            }
            for (int k = 0; rc == 0 && k < ncol; k++) {
                if (f[k] == NULL) {
                    sqlite3_bind_null(ins, k + 1);
                } else if (copies[t].types[k] == 'i') {
                    sqlite3_bind_int64(ins, k + 1, strtoll(f[k], NULL, 10));
                } else {
                    sqlite3_bind_text(ins, k + 1, f[k], -1, SQLITE_TRANSIENT);
                }
            }
            if (rc == 0 && sqlite3_step(ins) != SQLITE_DONE) {
                fprintf(stderr, "bench sync: insert: %s\n", sqlite3_errmsg(db));
                rc = WMS_EIO;
            }
            sqlite3_reset(ins);
            PQfreemem(buf);
            buf = NULL;
            if (rc == 0 && ++rows % WMS_SYNC_PULL_MAX == 0) {
                rc = sq_exec(db, "COMMIT; BEGIN IMMEDIATE");
            }
        }
        while (pg && (r = PQgetResult(pg)) != NULL) {
            if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0) {
                fprintf(stderr, "bench sync: copy: %s", PQerrorMessage(pg));
                rc = WMS_EIO;
            }
            PQclear(r);
        }
        sqlite3_finalize(ins);
    }
    rc = rc ? rc : sq_exec(db, "UPDATE sync_state SET cursor = 1 WHERE k = 1; COMMIT");
    PQfinish(pg);
    sqlite3_close(db);
    return rc ? -1 : rows;
}

static int pull_engine(bctx *c, const char *path, uint64_t *rows)
{
    if (fresh_store(path) != 0) {
        return WMS_EIO;
    }
    wms_pg_pool *pool = NULL;
    wms_err err = {0};
    if (terminal_pool(c, c->o.dsn, 0, &pool, &err) != 0) {
        fprintf(stderr, "bench sync: %s\n", err.msg);
        return WMS_EIO;
    }
    wms_sync_config cfg;
    wms_sync_config_defaults(&cfg);
    cfg.db_path = path;
    cfg.terminal = "B01";
    cfg.pull_limit = WMS_SYNC_PULL_MAX;
    cfg.heartbeat_s = 0;
    int rc = wms_sync_backend_pg(pool, &cfg.backend, &err);
    sync_progress prog;
    if (rc == 0) {
        sync_progress_wrap(&prog, &cfg.backend, "bench sync: pull", stderr);
        wms_sync_status st;
        rc = wms_sync_once(&cfg, &st, &err);
        *rows = st.pulled;
        cfg.backend.destroy(cfg.backend.ctx);
    }
    if (rc) {
        fprintf(stderr, "bench sync: pull: %s\n", err.msg);
    }
    wms_pg_pool_close(pool);
    return rc;
}

static int bench_pull(bctx *c, wms_bench_report *r)
{
    char bpath[128], epath[128];
    snprintf(bpath, sizeof bpath, "%s/baseline.db", c->dir);
    snprintf(epath, sizeof epath, "%s/terminal.db", c->dir);
    fprintf(stderr, "bench sync: pull baseline (COPY -> prepared INSERT)\n");
    int64_t t0 = bench_now_ns();
    int64_t brows = pull_baseline(c, bpath);
    int64_t t1 = bench_now_ns();
    if (brows < 0) {
        return WMS_EIO;
    }
    double bs = (double)(t1 - t0) / 1e9;
    fprintf(stderr, "bench sync: baseline %lld rows in %.1f s\n", (long long)brows, bs);
    uint64_t rows = 0;
    t0 = bench_now_ns();
    int rc = pull_engine(c, epath, &rows);
    t1 = bench_now_ns();
    if (rc) {
        return rc;
    }
    double es = (double)(t1 - t0) / 1e9;
    wms_bench_figure *f = wms_bench_add(r, "first_pull_rows_per_s", (double)rows / es, "rows/s");
    if (f) {
        wms_bench_set_baseline(f, "COPY TO STDOUT -> sqlite prepared INSERT", (double)brows / bs);
        wms_bench_set_goal(f, WMS_GOAL_RATIO_GE, 0.8);
    }
    wms_bench_add(r, "first_pull_seconds", es, "s");
    wms_bench_add(r, "first_pull_rows", (double)rows, "rows");
    wms_bench_add(r, "first_pull_products", (double)c->o.products, "products");
    unlink(bpath);
    return 0;
}

/* ---- push: one terminal's engine vs a libpq pipeline ------------------------ */

/* Queue `docs` receipts of DOC_ITEMS lines in the store at `path`. */
static int make_outbox(bctx *c, const char *path, long docs)
{
    wms_store_opts so = {.path = path, .role = WMS_STORE_UI, .skip_check = true};
    wms_store *st = NULL;
    wms_err err = {0};
    int rc = wms_store_open(&so, &st, NULL, &err);
    wms_store_actor who = {.operator_id = c->operator_id};
    for (long d = 0; rc == 0 && d < docs; d++) {
        wms_store_doc_new dn = {.type = WMS_DOC_RECEIPT, .warehouse_id = c->warehouse};
        wms_uuid doc;
        rc = wms_store_doc_create(st, &who, &dn, &doc, NULL, &err);
        for (int k = 0; rc == 0 && k < DOC_ITEMS; k++) {
            wms_store_item_new it = {
                    .product_id = (d * DOC_ITEMS + k) * 7919 % c->nproducts + 1,
                    .location_id = c->location,
                    .qty = {.milli = 1000},
            };
            rc = wms_store_item_add(st, &who, &doc, &it, NULL, NULL, &err);
        }
        rc = rc ? rc : wms_store_doc_post(st, &who, &doc, NULL, &err);
    }
    if (rc) {
        fprintf(stderr, "bench sync: outbox: %s\n", err.msg);
    }
    wms_store_close(st);
    return rc;
}

/* Pulls answer "nothing new": the cycle is the push alone. */
typedef struct push_only {
    wms_sync_backend inner;
} push_only;

static int po_push(void *ctx, const char *b, size_t len, char **out, wms_err *err)
{
    push_only *p = ctx;
    return p->inner.push(p->inner.ctx, b, len, out, err);
}

static int po_pull(void *ctx, int64_t after, int limit, char **page, wms_err *err)
{
    (void)ctx;
    (void)limit;
    char buf[96];
    snprintf(buf, sizeof buf, "{\"changes\":[],\"next\":%lld,\"more\":false}", (long long)after);
    *page = strdup(buf);
    return *page ? 0 : wms_err_set(err, WMS_ENOMEM, "out of memory");
}

static int push_engine(bctx *c, const char *path, uint64_t *pushed, uint64_t *rejected,
                       double *secs)
{
    wms_pg_pool *pool = NULL;
    wms_err err = {0};
    if (terminal_pool(c, c->o.dsn, 0, &pool, &err) != 0) {
        fprintf(stderr, "bench sync: %s\n", err.msg);
        return WMS_EIO;
    }
    wms_sync_config cfg;
    wms_sync_config_defaults(&cfg);
    cfg.db_path = path;
    cfg.terminal = "B01";
    cfg.heartbeat_s = 0;
    push_only po;
    int rc = wms_sync_backend_pg(pool, &po.inner, &err);
    if (rc == 0) {
        /* only push and pull: the inner backend's other callbacks take its own ctx */
        cfg.backend = (wms_sync_backend){
                .ctx = &po, .name = po.inner.name, .push = po_push, .pull = po_pull};
        wms_sync_status st;
        int64_t t0 = bench_now_ns();
        rc = wms_sync_once(&cfg, &st, &err);
        *secs = (double)(bench_now_ns() - t0) / 1e9;
        *pushed = st.pushed;
        *rejected = st.rejected;
        if (po.inner.destroy) {
            po.inner.destroy(po.inner.ctx);
        }
    }
    if (rc) {
        fprintf(stderr, "bench sync: push: %s\n", err.msg);
    }
    wms_pg_pool_close(pool);
    return rc;
}

static int pipe_results(PGconn *pg, int n)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        PGresult *r = PQgetResult(pg);
        ExecStatusType s = PQresultStatus(r);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && rc == 0) {
            fprintf(stderr, "bench sync: pipeline: %s", PQerrorMessage(pg));
            rc = WMS_EIO;
        }
        PQclear(r);
        r = PQgetResult(pg); /* NULL after each query's results */
        PQclear(r);
    }
    PGresult *r = PQgetResult(pg);
    if (PQresultStatus(r) != PGRES_PIPELINE_SYNC && rc == 0) {
        fprintf(stderr, "bench sync: pipeline: no sync (%s)", PQerrorMessage(pg));
        rc = WMS_EIO;
    }
    PQclear(r);
    return rc;
}

static int prepare(PGconn *pg, const char *name, const char *sql)
{
    PGresult *r = PQprepare(pg, name, sql, 0, NULL);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : WMS_EIO;
    if (rc) {
        fprintf(stderr, "bench sync: prepare %s: %s", name, PQerrorMessage(pg));
    }
    PQclear(r);
    return rc;
}

/* The same rows as `docs` receipts pushed by a terminal, written straight. */
static int push_baseline(bctx *c, long docs, double *secs)
{
    PGconn *pg = connect_to(c->db_dsn);
    if (pg == NULL) {
        return WMS_EIO;
    }
    int rc = prepare(pg, "doc",
                     "INSERT INTO documents (uuid, type, warehouse_id, terminal_id, operator_id) "
                     "VALUES ($1::uuid, 'receipt', $2::bigint, 'B01', $3::bigint)");
    rc = rc ? rc
            : prepare(pg, "item",
                      "INSERT INTO document_items (uuid, document_id, product_id, location_id, "
                      "quantity) VALUES ($1::uuid, (SELECT id FROM documents WHERE uuid = "
                      "$2::uuid), $3::bigint, $4::bigint, 1)");
    rc = rc ? rc
            : prepare(pg, "stock",
                      "INSERT INTO inventory (warehouse_id, location_id, product_id, lot, "
                      "quantity) SELECT d.warehouse_id, i.location_id, i.product_id, i.lot, "
                      "sum(i.quantity) FROM document_items i JOIN documents d ON d.id = "
                      "i.document_id WHERE d.uuid = $1::uuid GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, "
                      "3, 4 ON CONFLICT (warehouse_id, location_id, product_id, lot) DO UPDATE "
                      "SET quantity = inventory.quantity + EXCLUDED.quantity");
    rc = rc ? rc
            : prepare(pg, "post",
                      "UPDATE documents SET status = 'posted', posted_at = now() WHERE uuid = "
                      "$1::uuid");
    rc = rc ? rc
            : prepare(pg, "op",
                      "INSERT INTO applied_ops (op_id, terminal_id, doc, kind, status) VALUES "
                      "($1::uuid, 'B01', $2::uuid, $3, 'applied')");
    if (rc || PQenterPipelineMode(pg) != 1) {
        PQfinish(pg);
        return WMS_EIO;
    }
    wms_uuid_gen gen;
    wms_uuid_gen_init(&gen, wms_clock_system(), wms_rng_system());
    char wh[24], loc[24], opr[24];
    snprintf(wh, sizeof wh, "%lld", (long long)c->warehouse);
    snprintf(loc, sizeof loc, "%lld", (long long)c->location);
    snprintf(opr, sizeof opr, "%lld", (long long)c->operator_id);
    int64_t t0 = bench_now_ns();
    int queued = 0, ops = 0;
    const long per_tx = 100 / (DOC_ITEMS + 2); /* documents per transaction: 100 operations */
    for (long d = 0; rc == 0 && d < docs; d++) {
        if (d % per_tx == 0) {
            PQsendQueryParams(pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0);
            queued++;
        }
        wms_uuid u;
        char doc[WMS_UUID_STRING_LEN + 1], id[WMS_UUID_STRING_LEN + 1];
        wms_uuid7_next(&gen, &u);
        wms_uuid_format(&u, doc);
        const char *pd[3] = {doc, wh, opr};
        PQsendQueryPrepared(pg, "doc", 3, pd, NULL, NULL, 0);
        for (int k = 0; k < DOC_ITEMS + 2; k++) {
            if (k >= 1 && k <= DOC_ITEMS) {
                char prod[24];
                snprintf(prod, sizeof prod, "%lld",
                         (long long)((d * DOC_ITEMS + k - 1) * 7919 % c->nproducts + 1));
                wms_uuid7_next(&gen, &u);
                wms_uuid_format(&u, id);
                const char *pi[4] = {id, doc, prod, loc};
                PQsendQueryPrepared(pg, "item", 4, pi, NULL, NULL, 0);
                queued++;
            } else if (k == DOC_ITEMS + 1) {
                const char *pp[1] = {doc};
                PQsendQueryPrepared(pg, "stock", 1, pp, NULL, NULL, 0);
                PQsendQueryPrepared(pg, "post", 1, pp, NULL, NULL, 0);
                queued += 2;
            } else {
                queued++; /* the doc insert above */
            }
            wms_uuid7_next(&gen, &u);
            wms_uuid_format(&u, id);
            const char *kind = k == 0 ? "doc.create" : k <= DOC_ITEMS ? "item.add" : "doc.post";
            const char *po[3] = {id, doc, kind};
            PQsendQueryPrepared(pg, "op", 3, po, NULL, NULL, 0);
            queued++;
            ops++;
        }
        if ((d + 1) % per_tx == 0 || d + 1 == docs) {
            PQsendQueryParams(pg, "COMMIT", 0, NULL, NULL, NULL, NULL, 0);
            queued++;
            if (PQpipelineSync(pg) != 1) {
                rc = WMS_EIO;
                break;
            }
            rc = pipe_results(pg, queued);
            queued = 0;
        }
    }
    *secs = (double)(bench_now_ns() - t0) / 1e9;
    PQexitPipelineMode(pg);
    PQfinish(pg);
    (void)ops;
    return rc;
}

static int bench_push(bctx *c, wms_bench_report *r)
{
    char epath[128];
    snprintf(epath, sizeof epath, "%s/terminal.db", c->dir);
    if (access(epath, F_OK) != 0) {
        uint64_t rows = 0;
        fprintf(stderr, "bench sync: provisioning the terminal database for the push\n");
        if (pull_engine(c, epath, &rows) != 0) {
            return WMS_EIO;
        }
    }
    long docs = (c->o.ops + DOC_ITEMS + 1) / (DOC_ITEMS + 2);
    fprintf(stderr, "bench sync: queueing %ld operations (%ld receipts) in the outbox\n",
            docs * (DOC_ITEMS + 2), docs);
    if (make_outbox(c, epath, docs) != 0) {
        return WMS_EIO;
    }
    double bs = 0, es = 0;
    fprintf(stderr, "bench sync: push baseline (libpq pipeline, prepared)\n");
    int rc = push_baseline(c, docs, &bs);
    if (rc) {
        return rc;
    }
    uint64_t pushed = 0, rejected = 0;
    fprintf(stderr, "bench sync: push through the engine\n");
    rc = push_engine(c, epath, &pushed, &rejected, &es);
    if (rc) {
        return rc;
    }
    if (rejected) {
        fprintf(stderr, "bench sync: %llu operations rejected\n", (unsigned long long)rejected);
    }
    double ops = (double)(docs * (DOC_ITEMS + 2));
    wms_bench_figure *f =
            wms_bench_add(r, "push_1_terminal_ops_per_s", (double)pushed / es, "ops/s");
    if (f) {
        wms_bench_set_baseline(f, "libpq pipeline, same rows, 100 ops/tx", ops / bs);
        wms_bench_set_goal(f, WMS_GOAL_RATIO_GE, 0.5);
    }
    return 0;
}

/* ---- concurrent simulated terminals ----------------------------------------- */

typedef struct term_run {
    bctx *c;
    int t;
    const char *base; /* DSN (pg) */
    const char *url;  /* wms-server base URL (http), or NULL */
    pthread_barrier_t *go;
    double *lat_ms; /* per batch */
    int batches;
    uint64_t applied;
    int rc;
} term_run;

static int build_batch(term_run *tr, wms_uuid_gen *gen, int b, wms_buf *out)
{
    bctx *c = tr->c;
    wms_buf_reset(out);
    int rc = wms_buf_addf(out, "{\"terminal\":\"B%02d\",\"ops\":[", tr->t + 1);
    int64_t now = wms_clock_now_ms(wms_clock_system());
    for (int d = 0; rc == 0 && d < 100 / (DOC_ITEMS + 2); d++) {
        wms_uuid u;
        char doc[WMS_UUID_STRING_LEN + 1], id[WMS_UUID_STRING_LEN + 1];
        wms_uuid7_next(gen, &u);
        wms_uuid_format(&u, doc);
        for (int k = 0; rc == 0 && k < DOC_ITEMS + 2; k++) {
            wms_uuid7_next(gen, &u);
            wms_uuid_format(&u, id);
            rc = wms_buf_addf(
                    out, "%s{\"op_id\":\"%s\",\"doc\":\"%s\",\"at\":%lld,\"operator_id\":%lld,",
                    d == 0 && k == 0 ? "" : ",", id, doc, (long long)now,
                    (long long)c->operator_id);
            if (k == 0) {
                rc = rc ? rc
                        : wms_buf_addf(out,
                                       "\"kind\":\"doc.create\",\"payload\":{\"type\":\"receipt\","
                                       "\"warehouse_id\":%lld}}",
                                       (long long)c->warehouse);
            } else if (k <= DOC_ITEMS) {
                char item[WMS_UUID_STRING_LEN + 1];
                wms_uuid7_next(gen, &u);
                wms_uuid_format(&u, item);
                long long prod = ((long long)(tr->t * 100003 + b * 101 + d * DOC_ITEMS + k) *
                                  7919) % c->nproducts +
                                 1;
                rc = rc ? rc
                        : wms_buf_addf(out,
                                       "\"kind\":\"item.add\",\"payload\":{\"item\":\"%s\","
                                       "\"product_id\":%lld,\"location_id\":%lld,\"qty\":\"1\"}}",
                                       item, prod, (long long)c->location);
            } else {
                rc = rc ? rc : wms_buf_addstr(out, "\"kind\":\"doc.post\",\"payload\":{}}");
            }
        }
    }
    return rc ? rc : wms_buf_addstr(out, "]}");
}

static uint64_t count_str(const char *s, const char *needle)
{
    uint64_t n = 0;
    size_t l = strlen(needle);
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += l) {
        n++;
    }
    return n;
}

static void *term_main(void *arg)
{
    term_run *tr = arg; /* either url (wms-server) or base (a DSN) */
    wms_pg_pool *pool = NULL;
    wms_err err = {0};
    wms_sync_backend be = {0};
    if (tr->url) {
        wms_sync_http_config hc = {.base_url = tr->url, .token = tr->c->tokens[tr->t]};
        tr->rc = wms_sync_backend_http(&hc, &be, &err);
    } else {
        tr->rc = terminal_pool(tr->c, tr->base, tr->t, &pool, &err);
        tr->rc = tr->rc ? tr->rc : wms_sync_backend_pg(pool, &be, &err);
    }
    wms_uuid_gen gen;
    wms_uuid_gen_init(&gen, wms_clock_system(), wms_rng_system());
    wms_buf body;
    wms_buf_init(&body, 1u << 20);
    /* connect before the start line */
    char *h = NULL;
    if (tr->rc == 0 && be.health) {
        tr->rc = be.health(be.ctx, &h, &err);
        free(h);
    }
    pthread_barrier_wait(tr->go);
    for (int b = 0; tr->rc == 0 && b < tr->batches; b++) {
        tr->rc = build_batch(tr, &gen, b, &body);
        char *reply = NULL;
        int64_t t0 = bench_now_ns();
        tr->rc = tr->rc ? tr->rc : be.push(be.ctx, wms_buf_str(&body), body.len, &reply, &err);
        tr->lat_ms[b] = (double)(bench_now_ns() - t0) / 1e6;
        if (reply) {
            tr->applied += count_str(reply, "\"applied\"");
        }
        free(reply);
    }
    if (tr->rc) {
        fprintf(stderr, "bench sync: terminal B%02d: %s\n", tr->t + 1, err.msg);
    }
    wms_buf_release(&body);
    if (be.destroy) {
        be.destroy(be.ctx);
    }
    wms_pg_pool_close(pool);
    return NULL;
}

/* T terminals, each `batches` batches of 100 ops, all at once. */
static int run_terminals(bctx *c, const char *base, const char *url, int nterm, int batches,
                         double *ops_s, double *p50, double *p95, uint64_t *applied)
{
    term_run *tr = calloc((size_t)nterm, sizeof *tr);
    pthread_t *th = calloc((size_t)nterm, sizeof *th);
    double *lat = calloc((size_t)nterm * (size_t)batches, sizeof *lat);
    if (!tr || !th || !lat) {
        free(tr);
        free(th);
        free(lat);
        return WMS_ENOMEM;
    }
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, (unsigned)nterm + 1);
    int started = 0;
    for (int t = 0; t < nterm; t++) {
        tr[t] = (term_run){.c = c,
                           .t = t,
                           .base = base,
                           .url = url,
                           .go = &go,
                           .lat_ms = lat + (size_t)t * (size_t)batches,
                           .batches = batches};
        if (pthread_create(&th[t], NULL, term_main, &tr[t]) != 0) {
            break;
        }
        started++;
    }
    int rc = started == nterm ? 0 : WMS_ENOMEM;
    if (rc) {
        /* release the barrier with the missing parties: not worth it; abort */
        fprintf(stderr, "bench sync: cannot start %d threads\n", nterm);
        abort();
    }
    pthread_barrier_wait(&go);
    int64_t t0 = bench_now_ns();
    for (int t = 0; t < nterm; t++) {
        pthread_join(th[t], NULL);
    }
    double secs = (double)(bench_now_ns() - t0) / 1e9;
    pthread_barrier_destroy(&go);
    *applied = 0;
    for (int t = 0; t < nterm; t++) {
        rc = rc ? rc : tr[t].rc;
        *applied += tr[t].applied;
    }
    size_t n = (size_t)nterm * (size_t)batches;
    *ops_s = (double)n * 100.0 / secs;
    *p50 = wms_percentile(lat, n, 50);
    *p95 = wms_percentile(lat, n, 95);
    free(tr);
    free(th);
    free(lat);
    return rc;
}

static int bench_concurrent(bctx *c, wms_bench_report *r)
{
    const char *base = c->o.bouncer_dsn ? c->o.bouncer_dsn : c->o.dsn;
    const char *via = c->o.bouncer_dsn ? "PgBouncer" : "direct";
    double o1, a50, a95, on, b50, b95;
    uint64_t ap1, apn;
    fprintf(stderr, "bench sync: 1 simulated terminal, %d batches of 100 ops (%s)\n", c->o.batches,
            via);
    int rc = run_terminals(c, base, NULL, 1, c->o.batches, &o1, &a50, &a95, &ap1);
    if (rc) {
        return rc;
    }
    fprintf(stderr, "bench sync: %d simulated terminals, %d batches of 100 ops each (%s)\n",
            c->o.terminals, c->o.batches, via);
    rc = run_terminals(c, base, NULL, c->o.terminals, c->o.batches, &on, &b50, &b95, &apn);
    if (rc) {
        return rc;
    }
    c->direct1_ops = o1;
    c->directn_ops = on;
    uint64_t want_ops = (uint64_t)(c->o.terminals + 1) * (uint64_t)c->o.batches * 100u;
    if (ap1 + apn != want_ops) {
        fprintf(stderr, "bench sync: only %llu of %llu operations applied\n",
                (unsigned long long)(ap1 + apn), (unsigned long long)want_ops);
    }
    char name[48], bl[64];
    snprintf(bl, sizeof bl, "1 simulated terminal (%s)", via);
    snprintf(name, sizeof name, "push_%d_terminals_ops_per_s", c->o.terminals);
    wms_bench_figure *f = wms_bench_add(r, name, on, "ops/s");
    if (f) {
        wms_bench_set_baseline(f, bl, o1);
    }
    snprintf(name, sizeof name, "push_%d_terminals_batch_p50", c->o.terminals);
    f = wms_bench_add(r, name, b50, "ms");
    if (f) {
        wms_bench_set_baseline(f, bl, a50);
    }
    snprintf(name, sizeof name, "push_%d_terminals_batch_p95", c->o.terminals);
    f = wms_bench_add(r, name, b95, "ms");
    if (f) {
        wms_bench_set_baseline(f, bl, a95);
    }
    return 0;
}

/* ---- the same over HTTP: wms-server in this process --------------------------- */

#if defined(WMSCTL_HAVE_SERVER) && defined(WMS_SERVER_HAVE_PG)
#include "wms/server.h"

static int bench_http(bctx *c, wms_bench_report *r)
{
    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_WARNING);
    wms_pg_config pc;
    wms_pg_config_defaults(&pc);
    pc.dsn = c->db_dsn;
    pc.application_name = "wms-bench-server";
    wms_pg_pool *pool = NULL;
    wms_err e = {0};
    if (wms_pg_pool_open(&pc, &log, &pool, &e) != 0) {
        fprintf(stderr, "bench sync: %s\n", e.msg);
        return WMS_EIO;
    }
    wms_server_config cfg;
    wms_server_config_defaults(&cfg);
    cfg.port = 0;
    cfg.rate_per_min = 60000000;
    cfg.rate_burst = 1000000;
    wms_server_backend be;
    wms_server_pg_backend(pool, &be);
    wms_server *srv = NULL;
    if (wms_server_start(&cfg, &be, &log, &srv, &e) != 0) {
        fprintf(stderr, "bench sync: wms-server: %s\n", e.msg);
        wms_pg_pool_close(pool);
        return WMS_EIO;
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)wms_server_port(srv));
    double o1, a50, a95, on, b50, b95;
    uint64_t ap1 = 0, apn = 0;
    fprintf(stderr, "bench sync: 1 simulated terminal over HTTP (wms-server, %d batches)\n",
            c->o.batches);
    int rc = run_terminals(c, NULL, url, 1, c->o.batches, &o1, &a50, &a95, &ap1);
    if (rc == 0) {
        fprintf(stderr, "bench sync: %d simulated terminals over HTTP\n", c->o.terminals);
        rc = run_terminals(c, NULL, url, c->o.terminals, c->o.batches, &on, &b50, &b95, &apn);
    }
    wms_server_stop(srv);
    wms_pg_pool_close(pool);
    if (rc) {
        return rc;
    }
    uint64_t want_ops = (uint64_t)(c->o.terminals + 1) * (uint64_t)c->o.batches * 100u;
    if (ap1 + apn != want_ops) {
        fprintf(stderr, "bench sync: only %llu of %llu operations applied over HTTP\n",
                (unsigned long long)(ap1 + apn), (unsigned long long)want_ops);
    }
    const char *via = c->o.bouncer_dsn ? "PgBouncer" : "direct";
    char name[48], bl[64];
    wms_bench_figure *f = wms_bench_add(r, "push_http_1_terminal_ops_per_s", o1, "ops/s");
    if (f && c->direct1_ops > 0) {
        snprintf(bl, sizeof bl, "1 terminal, direct link (%s)", via);
        wms_bench_set_baseline(f, bl, c->direct1_ops);
    }
    snprintf(name, sizeof name, "push_http_%d_terminals_ops_per_s", c->o.terminals);
    f = wms_bench_add(r, name, on, "ops/s");
    if (f && c->directn_ops > 0) {
        snprintf(bl, sizeof bl, "%d terminals, direct link (%s)", c->o.terminals, via);
        wms_bench_set_baseline(f, bl, c->directn_ops);
    }
    snprintf(name, sizeof name, "push_http_%d_terminals_batch_p95", c->o.terminals);
    wms_bench_add(r, name, b95, "ms");
    return 0;
}
#else
static int bench_http(bctx *c, wms_bench_report *r)
{
    (void)c;
    (void)r;
    fprintf(stderr, "bench sync: this wmsctl has no server module: HTTP not measured\n");
    return 0;
}
#endif

/* ---- pool checkout vs a new connection ------------------------------------- */

typedef struct pctx {
    wms_pg_pool *pool;
    const char *dsn;
} pctx;

static int pooled(void *ctx, size_t i)
{
    (void)i;
    pctx *c = ctx;
    wms_err err = {0};
    return wms_pg_query_text(c->pool, "SELECT 1", 0, NULL, NULL, &err) ? 1 : 0;
}

static int fresh(void *ctx, size_t i)
{
    (void)i;
    pctx *c = ctx;
    PGconn *conn = PQconnectdb(c->dsn);
    int rc = PQstatus(conn) == CONNECTION_OK ? 0 : 1;
    if (rc == 0) {
        PGresult *r = PQexec(conn, "SELECT 1");
        rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : 1;
        PQclear(r);
    }
    PQfinish(conn);
    return rc;
}

static int bench_pool(const char *dsn, size_t n, wms_bench_report *r)
{
    wms_pg_config cfg;
    wms_pg_config_defaults(&cfg);
    cfg.dsn = dsn;
    pctx c = {.dsn = dsn};
    wms_err err = {0};
    if (wms_pg_pool_open(&cfg, NULL, &c.pool, &err) != 0) {
        fprintf(stderr, "bench sync: %s\n", err.msg);
        return 1;
    }
    bench_samples a, b;
    int rc = bench_run(pooled, &c, 20, 1, n, 10000, &a);
    int rc2 = rc ? rc : bench_run(fresh, &c, 2, 1, n / 10, 10000, &b);
    if (rc == 0 && rc2 == 0) {
        double pa = bench_pct_ns(&a, 50) / 1000.0, pb = bench_pct_ns(&b, 50) / 1000.0;
        wms_bench_figure *f = wms_bench_add(r, "pool_checkout_query_p50", pa, "us");
        if (f) {
            wms_bench_set_baseline(f, "new connection per query (p50)", pb);
            wms_bench_set_goal(f, WMS_GOAL_RATIO_LE, 1.0 / 30.0);
        }
    }
    if (rc == 0) {
        bench_samples_release(&b);
    }
    bench_samples_release(&a);
    wms_pg_pool_close(c.pool);
    if (rc || rc2) {
        fprintf(stderr, "bench sync: a query failed\n");
        return 1;
    }
    return 0;
}

/* ---- the area ---------------------------------------------------------------- */

static const char usage[] =
        "usage: wmsctl bench sync --dsn ADMIN_DSN [--bouncer-dsn DSN] [--products N]\n"
        "         [--ops N] [--terminals N] [--batches N] [--n N] [--reuse]\n"
        "         [--only pool,pull,push,conc,http]\n"
        "  ADMIN_DSN may create databases and roles (database " BENCH_DB " is recreated);\n"
        "  platform/bench-pg.sh run WMSCTL [args] starts a throwaway PostgreSQL + PgBouncer\n";

int bench_sync(int argc, char **argv, wms_bench_report *r)
{
    bctx *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return WMS_ENOMEM;
    }
    c->o = (bopts){.products = 1000000, .ops = 2000, .terminals = 50, .batches = 10};
    size_t n = 2000;
    bool bad = false;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v && strcmp(argv[i], "--dsn") == 0) {
            c->o.dsn = argv[++i];
        } else if (v && strcmp(argv[i], "--bouncer-dsn") == 0) {
            c->o.bouncer_dsn = argv[++i];
        } else if (v && strcmp(argv[i], "--products") == 0) {
            c->o.products = strtol(argv[++i], NULL, 10);
        } else if (v && strcmp(argv[i], "--ops") == 0) {
            c->o.ops = strtol(argv[++i], NULL, 10);
        } else if (v && strcmp(argv[i], "--terminals") == 0) {
            c->o.terminals = (int)strtol(argv[++i], NULL, 10);
        } else if (v && strcmp(argv[i], "--batches") == 0) {
            c->o.batches = (int)strtol(argv[++i], NULL, 10);
        } else if (v && strcmp(argv[i], "--n") == 0) {
            n = (size_t)strtoul(argv[++i], NULL, 10);
        } else if (v && strcmp(argv[i], "--only") == 0) {
            c->o.only = argv[++i];
        } else if (strcmp(argv[i], "--reuse") == 0) {
            c->o.reuse = true;
        } else {
            bad = true;
        }
    }
    if (bad || !c->o.dsn || n < 10 || c->o.products < 100 || c->o.products > 10000000 ||
        c->o.ops < 10 || c->o.ops > 1000000 || c->o.terminals < 1 || c->o.terminals > 64 ||
        c->o.batches < 1 || c->o.batches > 10000) {
        fputs(usage, stderr);
        free(c);
        return 2;
    }
    int rc = 0;
    if (want(c, "pool")) {
        rc = bench_pool(c->o.dsn, n, r);
    }
    bool db = want(c, "pull") || want(c, "push") || want(c, "conc") || want(c, "http");
    if (rc == 0 && db) {
        snprintf(c->dir, sizeof c->dir, "/tmp/wmsbench-sync.XXXXXX");
        if (mkdtemp(c->dir) == NULL) {
            perror("bench sync: mkdtemp");
            rc = WMS_EIO;
        }
        rc = rc ? rc : setup(c);
        if (rc == 0 && want(c, "pull")) {
            rc = bench_pull(c, r);
        }
        if (rc == 0 && want(c, "push")) {
            rc = bench_push(c, r);
        }
        if (rc == 0 && want(c, "conc")) {
            rc = bench_concurrent(c, r);
        }
        if (rc == 0 && want(c, "http")) {
            rc = bench_http(c, r);
        }
        char p[128];
        static const char *const files[] = {"terminal.db", "terminal.db-wal", "terminal.db-shm",
                                            "baseline.db", "baseline.db-wal", "baseline.db-shm"};
        for (size_t i = 0; c->dir[0] && i < WMS_ARRAY_LEN(files); i++) {
            snprintf(p, sizeof p, "%s/%s", c->dir, files[i]);
            unlink(p);
        }
        rmdir(c->dir);
    }
    explicit_bzero(c->tokens, sizeof c->tokens);
    free(c);
    return rc;
}
