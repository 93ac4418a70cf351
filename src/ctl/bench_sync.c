/*
 * bench_sync.c -- `wmsctl bench sync --dsn DSN [--n N]`: pool checkout +
 * query vs a new connection per query (goal >= 30x cheaper).  The pull and
 * push throughput figures of the issue are not measured yet.
 */
#include "bench_util.h"
#include "ctl.h"

#include "wms/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int bench_sync(int argc, char **argv, wms_bench_report *r)
{
    const char *dsn = NULL;
    size_t n = 2000;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--dsn") == 0) {
            dsn = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--n") == 0) {
            n = (size_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--json") != 0) {
            fprintf(stderr, "usage: wmsctl bench sync --dsn DSN [--n N]\n");
            return 2;
        }
    }
    if (!dsn || n < 10) {
        fprintf(stderr, "usage: wmsctl bench sync --dsn DSN [--n N]\n");
        return 2;
    }
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
