/*
 * wms-server -- the central HTTP API.
 *
 *   wms-server --dsn DSN --listen ADDR:PORT [--config FILE] [--dev]
 *   wms-server --check-health URL
 *
 * Settings: defaults < config file < WMS_* environment < flags.
 */
#include "wms/server.h"
#ifdef WMS_SERVER_HAVE_PG
#include "wms/pg.h"
#endif

#include <curl/curl.h>
#include <jansson.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

typedef struct server_file_cfg {
    char listen[80];
    int64_t threads;
    int64_t token_cache_ms;
    int64_t body_max;
    int64_t drain_ms;
    bool trust_proxy;
    bool behind_tls_proxy;
    char dsn[512];
    int64_t rate_per_min;
    int64_t rate_burst;
    int64_t rate_clients;
    char cors[1024];
    char log_level[16];
} server_file_cfg;

#define K(sec, name, type, field, min, max, def, help)                                            \
    {                                                                                             \
        sec, name, type, offsetof(server_file_cfg, field), sizeof(((server_file_cfg *)0)->field), \
                min, max, NULL, def, help                                                         \
    }

static const wms_cfg_key cfg_keys[] = {
        K("server", "listen", WMS_CFG_STRING, listen, 0, 0, "127.0.0.1:8080",
          "ADDR:PORT to listen on ([::]:8080 for IPv6)"),
        K("server", "threads", WMS_CFG_INT, threads, 0, 64, "0",
          "libmicrohttpd polling threads (0 = one per CPU)"),
        K("server", "token_cache", WMS_CFG_DURATION_MS, token_cache_ms, 0, 3600000, "5s",
          "remember a verified bearer token this long (0 = ask the database every request; "
          "a revoked token works at most this long)"),
        K("server", "body_max", WMS_CFG_INT, body_max, 1024, 16 * 1024 * 1024, "1048576",
          "largest request body in bytes (413 past it)"),
        K("server", "drain", WMS_CFG_DURATION_MS, drain_ms, 0, 600000, "10s",
          "how long shutdown waits for requests in flight"),
        K("server", "trust_proxy", WMS_CFG_BOOL, trust_proxy, 0, 0, "false",
          "take the client address from X-Forwarded-For (only behind your proxy)"),
        K("server", "behind_tls_proxy", WMS_CFG_BOOL, behind_tls_proxy, 0, 0, "false",
          "a TLS-terminating reverse proxy is in front (silences the TLS warning)"),
        K("database", "dsn", WMS_CFG_SECRET, dsn, 0, 0, NULL,
          "libpq connection string of the central database"),
        K("rate", "per_minute", WMS_CFG_INT, rate_per_min, 0, 60000000, "60",
          "requests per minute per client (0 = off)"),
        K("rate", "burst", WMS_CFG_INT, rate_burst, 1, 1000000, "20", "requests at once"),
        K("rate", "clients", WMS_CFG_INT, rate_clients, 64, 1000000, "10000",
          "clients remembered by the limiter (memory bound)"),
        K("cors", "origins", WMS_CFG_STRING, cors, 0, 0, "",
          "comma-separated allowed origins (https://host:port)"),
        K("log", "level", WMS_CFG_STRING, log_level, 0, 0, "info", "err|warning|notice|info|debug"),
};

static const char *const default_secrets[] = {"change-me", "changeme", "postgres", NULL};

static const wms_cfg_schema cfg_schema = {cfg_keys, WMS_ARRAY_LEN(cfg_keys), default_secrets};

static void usage(FILE *out)
{
    fprintf(out, "usage: wms-server --dsn DSN --listen ADDR:PORT [--config FILE] [--dev]\n"
                 "       wms-server --check-health URL   (exit 0 when healthy or degraded)\n"
                 "       wms-server --help | --version\n"
                 "Settings: defaults < config file < WMS_<SECTION>_<KEY> environment < flags.\n");
    for (size_t i = 0; i < WMS_ARRAY_LEN(cfg_keys); i++) {
        fprintf(out, "  [%s] %-16s %s\n", cfg_keys[i].section, cfg_keys[i].name, cfg_keys[i].help);
    }
}

static size_t discard(char *p, size_t sz, size_t n, void *ud)
{
    (void)p;
    wms_buf *b = ud;
    return wms_buf_add(b, p, sz * n) == 0 ? sz * n : 0;
}

static int check_health(const char *url)
{
    CURL *c = curl_easy_init();
    if (c == NULL) {
        return 1;
    }
    wms_buf b;
    wms_buf_init(&b, 64 * 1024);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    int ret = 1;
    if (rc == CURLE_OK && code == 200) {
        json_t *j = json_loadb(wms_buf_str(&b), b.len, 0, NULL);
        const char *st = json_string_value(json_object_get(j, "status"));
        if (st != NULL && (strcmp(st, "healthy") == 0 || strcmp(st, "degraded") == 0)) {
            ret = 0;
        }
        printf("%s\n", st ? st : "invalid answer");
        json_decref(j);
    } else {
        printf("unhealthy (%s, HTTP %ld)\n", curl_easy_strerror(rc), code);
    }
    wms_buf_release(&b);
    return ret;
}

static int split_listen(const char *s, char *addr, size_t cap, uint16_t *port)
{
    const char *colon = strrchr(s, ':');
    if (colon == NULL || colon == s) {
        return WMS_EINVAL;
    }
    const char *a = s;
    size_t alen = (size_t)(colon - s);
    if (a[0] == '[' && alen >= 2 && a[alen - 1] == ']') {
        a++;
        alen -= 2;
    }
    if (alen == 0 || alen >= cap) {
        return WMS_EINVAL;
    }
    char *end = NULL;
    long p = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end != '\0' || p < 0 || p > 65535) {
        return WMS_EINVAL;
    }
    memcpy(addr, a, alen);
    addr[alen] = '\0';
    *port = (uint16_t)p;
    return 0;
}

static bool loopback(const char *addr)
{
    return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

int main(int argc, char **argv)
{
    const char *dsn = NULL;
    const char *listen = NULL;
    const char *config = NULL;
    bool dev = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            printf("wms-server %s\n", wms_version());
            return 0;
        }
        if (strcmp(a, "--dev") == 0) {
            dev = true;
            continue;
        }
        if (i + 1 < argc && strcmp(a, "--check-health") == 0) {
            curl_global_init(CURL_GLOBAL_DEFAULT);
            int rc = check_health(argv[i + 1]);
            curl_global_cleanup();
            return rc;
        }
        if (i + 1 < argc && strcmp(a, "--dsn") == 0) {
            dsn = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--listen") == 0) {
            listen = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--config") == 0) {
            config = argv[++i];
        } else {
            fprintf(stderr, "wms-server: unknown option or missing value '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }

    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_INFO);
    server_file_cfg fc;
    memset(&fc, 0, sizeof fc);
    wms_err e;
    wms_err_clear(&e);
    unsigned flags = WMS_CFG_DEV; /* secrets are checked below, after the flags */
    int rc = config ? wms_cfg_load_file(&cfg_schema, &fc, config, environ, flags, &log, &e)
                    : wms_cfg_load(&cfg_schema, &fc, NULL, NULL, 0, 0600, environ, flags, &log, &e);
    if (rc != 0) {
        fprintf(stderr, "wms-server: config: %s\n", e.msg);
        return 2;
    }
    if (config != NULL && !dev) {
        /* a file holding the DSN (with its password) must be private */
        rc = wms_cfg_load_file(&cfg_schema, &fc, config, environ, 0, NULL, &e);
        if (rc == WMS_EPERM && fc.dsn[0] == '\0' && dsn != NULL) {
            rc = 0; /* the flag supplies the DSN */
        }
        if (rc != 0 && rc != WMS_EPERM) {
            fprintf(stderr, "wms-server: config: %s\n", e.msg);
            return 2;
        }
        if (rc == WMS_EPERM && strstr(e.msg, "mode") != NULL) {
            fprintf(stderr, "wms-server: config: %s\n", e.msg);
            return 2;
        }
    }
    if (dsn != NULL) {
        wms_strlcpy(fc.dsn, dsn, sizeof fc.dsn);
    }
    if (listen != NULL) {
        wms_strlcpy(fc.listen, listen, sizeof fc.listen);
    }
    wms_log_level lvl;
    if (wms_log_level_parse(fc.log_level, &lvl) == 0) {
        wms_log_init(&log, wms_log_sink_stderr(), lvl);
    }
    bool bad_secret = fc.dsn[0] == '\0';
    for (const char *const *d = default_secrets; *d; d++) {
        if (strstr(fc.dsn, *d) != NULL && strstr(fc.dsn, "password") != NULL) {
            bad_secret = true;
        }
    }
    if (bad_secret && !dev) {
        fprintf(stderr, "wms-server: no database DSN (or a default password); give --dsn or "
                        "[database] dsn, or run with --dev\n");
        return 2;
    }
    if (bad_secret) {
        wms_log_warn(&log, "config_unsafe", "what=%s", "\"no DSN or default password (dev mode)\"");
    }

    wms_server_config sc;
    wms_server_config_defaults(&sc);
    if (split_listen(fc.listen, sc.listen_addr, sizeof sc.listen_addr, &sc.port) != 0) {
        fprintf(stderr, "wms-server: --listen wants ADDR:PORT, got '%s'\n", fc.listen);
        return 2;
    }
    sc.threads = (unsigned)fc.threads;
    sc.token_cache_ms = fc.token_cache_ms;
    sc.body_max = (size_t)fc.body_max;
    sc.drain_ms = fc.drain_ms;
    sc.trust_proxy = fc.trust_proxy;
    sc.rate_per_min = fc.rate_per_min;
    sc.rate_burst = fc.rate_burst;
    sc.rate_clients = (size_t)fc.rate_clients;
    for (char *tok = strtok(fc.cors, ", "); tok != NULL; tok = strtok(NULL, ", ")) {
        if (strcmp(tok, "*") == 0 || strcmp(tok, "null") == 0) {
            wms_log_warn(&log, "config_unsafe", "what=%s origin=%s",
                         "\"wildcard or null CORS origin ignored\"", tok);
            continue;
        }
        if (strncmp(tok, "http://", 7) == 0) {
            wms_log_warn(&log, "config_unsafe", "what=%s origin=%s", "\"CORS origin without TLS\"",
                         tok);
        }
        if (sc.ncors < WMS_CORS_MAX_ORIGINS) {
            wms_strlcpy(sc.cors[sc.ncors++], tok, WMS_ORIGIN_MAX);
        }
    }
    if (!loopback(sc.listen_addr) && !fc.behind_tls_proxy) {
        wms_log_warn(&log, "config_unsafe", "what=%s addr=%s",
                     "\"plain HTTP on a non-loopback address; put a TLS reverse proxy in front "
                     "and set [server] behind_tls_proxy = true\"",
                     sc.listen_addr);
    }
    if (sc.rate_per_min == 0) {
        wms_log_warn(&log, "config_unsafe", "what=%s", "\"rate limiting is off\"");
    }

    /* Signals are taken by sigwait() in this thread only. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    wms_server *srv = NULL;
    wms_server_backend be = {0};
#ifdef WMS_SERVER_HAVE_PG
    wms_pg_pool *pool = NULL;
    if (fc.dsn[0] != '\0') {
        wms_pg_config pc;
        wms_pg_config_defaults(&pc);
        pc.dsn = fc.dsn;
        pc.application_name = "wms-server";
        if (wms_pg_pool_open(&pc, &log, &pool, &e) != 0) {
            fprintf(stderr, "wms-server: database: %s\n", e.msg);
            return 1;
        }
        wms_server_pg_backend(pool, &be);
    }
#else
    if (fc.dsn[0] != '\0') {
        wms_log_warn(&log, "database_link_missing", "what=%s",
                     "\"this build has no database backend; data routes answer 503\"");
    }
#endif
    rc = wms_server_start(&sc, &be, &log, &srv, &e);
    if (rc != 0) {
        fprintf(stderr, "wms-server: %s\n", e.msg);
        return 1;
    }
    printf("wms-server %s listening on %s port %u\n", wms_version(), sc.listen_addr,
           (unsigned)wms_server_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    wms_log_info(&log, "server_shutdown", "signal=%d", sig);
    wms_server_stop(srv);
#ifdef WMS_SERVER_HAVE_PG
    wms_pg_pool_close(pool);
#endif
    return 0;
}
