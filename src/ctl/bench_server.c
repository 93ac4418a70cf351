/*
 * bench_server.c -- `wmsctl bench server [--seconds N] [--connections N]`:
 * wms-server's throughput and latency under wrk (Debian package `wrk`),
 * against a minimal libmicrohttpd + jansson server built here as the
 * baseline (same thread pool, same JSON, none of the routing, validation,
 * request ids, rate limiting or CORS).  Both run in this process, one after
 * the other, on the same machine.  The rate limit is raised for the run and
 * the access log is at "warning" (no line per request) for both.
 */
#include "bench_util.h"
#include "wms/server.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct wrk_result {
    double rps;
    double p50_ms;
    double p99_ms;
    long non2xx;
} wrk_result;

static double to_ms(double v, const char *unit)
{
    if (strcmp(unit, "us") == 0) {
        return v / 1000.0;
    }
    if (strcmp(unit, "s") == 0) {
        return v * 1000.0;
    }
    if (strcmp(unit, "m") == 0) {
        return v * 60000.0;
    }
    return v;
}

/* Run wrk against `url`; `header` may be NULL. */
static int run_wrk(const char *url, const char *header, int seconds, int conns, wrk_result *out)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "wrk -t2 -c%d -d%ds --latency %s%s%s '%s' 2>&1", conns, seconds,
             header ? "-H '" : "", header ? header : "", header ? "'" : "", url);
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        return WMS_EIO;
    }
    memset(out, 0, sizeof *out);
    char line[256];
    bool dist = false;
    while (fgets(line, sizeof line, p) != NULL) {
        double v;
        char unit[8];
        long n;
        if (sscanf(line, " Requests/sec: %lf", &v) == 1) {
            out->rps = v;
        } else if (strstr(line, "Latency Distribution") != NULL) {
            dist = true;
        } else if (dist && sscanf(line, " 50%% %lf%7[a-z]", &v, unit) == 2) {
            out->p50_ms = to_ms(v, unit);
        } else if (dist && sscanf(line, " 99%% %lf%7[a-z]", &v, unit) == 2) {
            out->p99_ms = to_ms(v, unit);
        } else if (sscanf(line, " Non-2xx or 3xx responses: %ld", &n) == 1) {
            out->non2xx = n;
        }
    }
    int rc = pclose(p);
    if (rc != 0 || out->rps <= 0) {
        fprintf(stderr, "bench server: wrk failed (is the Debian package wrk installed?)\n");
        return WMS_EIO;
    }
    return 0;
}

/* ---- the baseline: a minimal libmicrohttpd handler -------------------------- */

static void bench_health(void *data, wms_health *h)
{
    (void)data;
    wms_health_add(h, "database", WMS_HEALTH_HEALTHY, true, "not measured (no --dsn)");
}

static json_t *health_json(void)
{
    wms_health h;
    wms_health_init(&h);
    bench_health(NULL, &h);
    wms_health_add(&h, "http", WMS_HEALTH_HEALTHY, false, "serving");
    json_t *j = NULL;
    if (wms_health_to_json(&h, &j) != 0) {
        return NULL;
    }
    json_object_set_new(j, "database", json_string("connected"));
    return j;
}

static enum MHD_Result base_handler(void *cls, struct MHD_Connection *c, const char *url,
                                    const char *method, const char *version, const char *upload,
                                    size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload;
    (void)upload_size;
    if (*con_cls == NULL) {
        *con_cls = c;
        return MHD_YES;
    }
    json_t *j = health_json();
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (text == NULL) {
        return MHD_NO;
    }
    struct MHD_Response *resp =
            MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---- products page: wms-server vs a minimal libmicrohttpd + libpq handler --- */

static int cmp_rps(const void *a, const void *b);
static void add_pair(wms_bench_report *r, const char *name, const wrk_result *w,
                     const wrk_result *base, const char *base_name);

#ifdef WMS_SERVER_HAVE_PG
#include "wms/pg.h"

static const char base_products_sql[] =
        "WITH f AS (SELECT p.id, p.sku, p.name, p.uom, p.decimals, p.tracking FROM products p) "
        "SELECT json_build_object('items', coalesce((SELECT json_agg(x) FROM (SELECT * FROM f "
        "ORDER BY id LIMIT 20 OFFSET 0) x), '[]'::json), 'total', (SELECT count(*) FROM f))::text";

static enum MHD_Result base_products(void *cls, struct MHD_Connection *c, const char *url,
                                     const char *method, const char *version, const char *upload,
                                     size_t *upload_size, void **con_cls)
{
    (void)url;
    (void)method;
    (void)version;
    (void)upload;
    (void)upload_size;
    if (*con_cls == NULL) {
        *con_cls = c;
        return MHD_YES;
    }
    char *text = NULL;
    if (wms_pg_query_text(cls, base_products_sql, 0, NULL, &text, NULL) != 0 || text == NULL) {
        return MHD_NO;
    }
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    wms_page pg = {1, 20};
    json_t *items = json_incref(json_object_get(j, "items"));
    json_t *page =
            wms_page_json(items, &pg, (int64_t)json_integer_value(json_object_get(j, "total")));
    json_decref(j);
    char *out = page ? json_dumps(page, JSON_COMPACT) : NULL;
    json_decref(page);
    if (out == NULL) {
        return MHD_NO;
    }
    struct MHD_Response *resp =
            MHD_create_response_from_buffer(strlen(out), out, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

static int bench_products(wms_bench_report *r, const char *dsn, const char *token, int seconds,
                          int conns)
{
    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_WARNING);
    wms_pg_config pc;
    wms_pg_config_defaults(&pc);
    pc.dsn = dsn;
    pc.application_name = "wms-bench";
    wms_pg_pool *pool = NULL;
    wms_err e;
    if (wms_pg_pool_open(&pc, &log, &pool, &e) != 0) {
        fprintf(stderr, "bench server: database: %s\n", e.msg);
        return 1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, base_products, pool,
            MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
    wms_server_config cfg;
    wms_server_config_defaults(&cfg);
    cfg.port = 0;
    cfg.rate_per_min = 60000000;
    cfg.rate_burst = 1000000;
    wms_server_backend be;
    wms_server_pg_backend(pool, &be);
    wms_server *srv = NULL;
    if (d == NULL || wms_server_start(&cfg, &be, &log, &srv, &e) != 0) {
        if (d != NULL) {
            MHD_stop_daemon(d);
        }
        wms_pg_pool_close(pool);
        fprintf(stderr, "bench server: cannot start the servers\n");
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char burl[128], surl[160], auth[200];
    snprintf(burl, sizeof burl, "http://127.0.0.1:%u/", di ? (unsigned)di->port : 0u);
    snprintf(surl, sizeof surl, "http://127.0.0.1:%u/api/v1/products?page_size=20",
             (unsigned)wms_server_port(srv));
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    enum { ROUNDS = 5 };
    wrk_result bw[ROUNDS], sw[ROUNDS];
    int rc = 0;
    for (int k = 0; k < ROUNDS && rc == 0; k++) {
        fprintf(stderr, "bench server: round %d/%d: products page, baseline then wms-server\n",
                k + 1, ROUNDS);
        rc = run_wrk(burl, NULL, seconds, conns, &bw[k]);
        if (rc == 0) {
            rc = run_wrk(surl, auth, seconds, conns, &sw[k]);
        }
    }
    wms_server_stop(srv);
    MHD_stop_daemon(d);
    wms_pg_pool_close(pool);
    if (rc != 0) {
        return 1;
    }
    qsort(bw, ROUNDS, sizeof bw[0], cmp_rps);
    qsort(sw, ROUNDS, sizeof sw[0], cmp_rps);
    if (sw[ROUNDS / 2].non2xx > 0) {
        fprintf(stderr, "bench server: %ld non-2xx answers from wms-server (token?)\n",
                sw[ROUNDS / 2].non2xx);
    }
    add_pair(r, "products", &sw[ROUNDS / 2], &bw[ROUNDS / 2],
             "minimal libmicrohttpd + libpq pool, same query");
    return 0;
}
#else
static int bench_products(wms_bench_report *r, const char *dsn, const char *token, int seconds,
                          int conns)
{
    (void)r;
    (void)dsn;
    (void)token;
    (void)seconds;
    (void)conns;
    fprintf(stderr, "bench server: this build has no pg module\n");
    return 1;
}
#endif

#ifdef WMS_SERVER_HAVE_PG
/* Terminal SRVBENCH with a fresh token (needs an admin DSN: wms_terminal_add). */
static int bench_terminal(const char *dsn, char *token, size_t cap)
{
    unsigned char raw[16];
    if (cap < 2 * sizeof raw + 1 ||
        wms_rng_system()->fill(wms_rng_system()->data, raw, sizeof raw) != 0) {
        return 1;
    }
    for (size_t i = 0; i < sizeof raw; i++) {
        snprintf(token + 2 * i, 3, "%02x", raw[i]);
    }
    PGconn *c = PQconnectdb(dsn);
    const char *p[1] = {token};
    PGresult *res = PQstatus(c) == CONNECTION_OK
                            ? PQexecParams(c,
                                           "SELECT wms_terminal_add('SRVBENCH', 'bench server', "
                                           "(SELECT array_agg(id) FROM warehouses), $1, "
                                           "sha256(convert_to($1, 'UTF8')))",
                                           1, NULL, p, NULL, NULL, 0)
                            : NULL;
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : 1;
    if (rc) {
        fprintf(stderr, "bench server: cannot add a terminal (give --token): %s",
                PQerrorMessage(c));
    }
    PQclear(res);
    PQfinish(c);
    return rc;
}
#else
static int bench_terminal(const char *dsn, char *token, size_t cap)
{
    (void)dsn;
    (void)token;
    (void)cap;
    return 1;
}
#endif

static int cmp_rps(const void *a, const void *b)
{
    double x = ((const wrk_result *)a)->rps;
    double y = ((const wrk_result *)b)->rps;
    return (x > y) - (x < y);
}

static void add_pair(wms_bench_report *r, const char *name, const wrk_result *w,
                     const wrk_result *base, const char *base_name)
{
    char n[48];
    snprintf(n, sizeof n, "%s_rps", name);
    wms_bench_figure *f = wms_bench_add(r, n, w->rps, "req/s");
    if (f != NULL && base != NULL) {
        wms_bench_set_baseline(f, base_name, base->rps);
        wms_bench_set_goal(f, WMS_GOAL_RATIO_GE, 0.9);
    }
    snprintf(n, sizeof n, "%s_p50", name);
    f = wms_bench_add(r, n, w->p50_ms, "ms");
    if (f != NULL && base != NULL) {
        wms_bench_set_baseline(f, base_name, base->p50_ms);
    }
    snprintf(n, sizeof n, "%s_p99", name);
    f = wms_bench_add(r, n, w->p99_ms, "ms");
    if (f != NULL) {
        if (base != NULL) {
            wms_bench_set_baseline(f, base_name, base->p99_ms);
        }
        wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 10.0);
    }
}

int bench_server(int argc, char **argv, wms_bench_report *r)
{
    int seconds = 5;
    int conns = 100;
    const char *dsn = NULL;
    const char *token = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--dsn") == 0) {
            dsn = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--token") == 0) {
            token = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--seconds") == 0) {
            seconds = atoi(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--connections") == 0) {
            conns = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: wmsctl bench server [--seconds N] [--connections N] "
                            "[--dsn DSN [--token TOKEN]]\n");
            return 2;
        }
    }
    if (seconds < 1 || seconds > 600 || conns < 2 || conns > 10000) {
        fprintf(stderr, "bench server: --seconds 1..600, --connections 2..10000\n");
        return 2;
    }
    const unsigned threads = 2;

    /* Both servers stay up; wrk runs alternate baseline / server `rounds`
     * times and the median round of each counts (shared machines drift). */
    struct MHD_Daemon *d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, base_handler, NULL,
            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "bench server: cannot start the baseline server\n");
        return 1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char base_url[128];
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%u/health", di ? (unsigned)di->port : 0u);

    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_WARNING);
    wms_server_config cfg;
    wms_server_config_defaults(&cfg);
    cfg.port = 0;
    cfg.threads = threads;
    cfg.rate_per_min = 60000000;
    cfg.rate_burst = 1000000;
    wms_server_backend be = {0};
    be.health = bench_health;
    wms_server *srv = NULL;
    wms_err e;
    if (wms_server_start(&cfg, &be, &log, &srv, &e) != 0) {
        fprintf(stderr, "bench server: %s\n", e.msg);
        MHD_stop_daemon(d);
        return 1;
    }
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/health", (unsigned)wms_server_port(srv));
    enum { ROUNDS = 5 };
    wrk_result bw[ROUNDS], sw[ROUNDS];
    int rc = 0;
    for (int k = 0; k < ROUNDS && rc == 0; k++) {
        fprintf(stderr,
                "bench server: round %d/%d: baseline, then wms-server /health (%d s, %d "
                "connections each)\n",
                k + 1, ROUNDS, seconds, conns);
        rc = run_wrk(base_url, NULL, seconds, conns, &bw[k]);
        if (rc == 0) {
            rc = run_wrk(url, "X-Request-ID: bench", seconds, conns, &sw[k]);
        }
    }
    wms_server_stop(srv);
    MHD_stop_daemon(d);
    if (rc != 0) {
        return 1;
    }
    qsort(bw, ROUNDS, sizeof bw[0], cmp_rps);
    qsort(sw, ROUNDS, sizeof sw[0], cmp_rps);
    wrk_result base_health = bw[ROUNDS / 2];
    wrk_result health = sw[ROUNDS / 2];
    if (health.non2xx > 0 || base_health.non2xx > 0) {
        fprintf(stderr, "bench server: non-2xx answers: %ld (server) %ld (baseline)\n",
                health.non2xx, base_health.non2xx);
    }
    add_pair(r, "health", &health, &base_health, "minimal libmicrohttpd + jansson /health");
    if (dsn != NULL) {
        char made[80];
        if (token == NULL) {
            if (bench_terminal(dsn, made, sizeof made) != 0) {
                return 1;
            }
            token = made;
        }
        int prc = bench_products(r, dsn, token, seconds, conns);
        explicit_bzero(made, sizeof made);
        return prc;
    }
    fprintf(stderr, "bench server: give --dsn (and --token, or an admin DSN) for the products "
                    "page\n");
    return 0;
}
