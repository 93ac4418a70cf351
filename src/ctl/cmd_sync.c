/*
 * cmd_sync.c -- `wmsctl sync --db PATH --dsn DSN --terminal ID [--once]` and
 * `wmsctl provision --dsn DSN --terminal ID --db PATH` (the first full pull).
 * The DSN logs in as the terminal's role (wms_t_ID, password = its token).
 * Instead of --dsn, `--url URL --token-file FILE [--ca-file FILE]
 * [--timeout MS]` syncs over wms-server (the http backend); the token is
 * read from a file (or $WMS_TOKEN), never from the command line.
 */
#include "ctl.h"
#include "sync_progress.h"

#include "wms/pg.h"
#include "wms/store.h"
#include "wms/sync.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void on_rejected(void *data, const char *op_id, const char *doc, const char *code,
                        const char *reason)
{
    (void)data;
    fprintf(stderr, "rejected op %s (doc %s): %s: %s\n", op_id, doc, code, reason);
}

#define TOKEN_MAX 128

/* The token: first line of `path` (NULL: $WMS_TOKEN), 1..TOKEN_MAX bytes
 * (a longer one is refused, not cut: `buf` holds more than TOKEN_MAX). */
static int read_token(const char *path, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (!path) {
        const char *env = getenv("WMS_TOKEN");
        if (!env || wms_strlcpy(buf, env, cap) != 0) {
            buf[0] = '\0';
        }
    } else {
        FILE *f = fopen(path, "r");
        if (!f) {
            return -1;
        }
        bool ok = fgets(buf, (int)cap, f) != NULL;
        fclose(f);
        buf[ok ? strcspn(buf, "\r\n") : 0] = '\0';
    }
    size_t n = strlen(buf);
    if (n == 0 || n > TOKEN_MAX) {
        explicit_bzero(buf, cap);
        return -1;
    }
    return 0;
}

static int run(int argc, char **argv, bool provision)
{
    const char *db = NULL, *dsn = NULL, *terminal = NULL;
    const char *url = NULL, *token_file = NULL, *ca_file = NULL;
    int timeout_ms = 0;
    bool once = provision;
    bool bad = false;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--once") == 0 && !provision) {
            once = true;
        } else if (i + 1 < argc && strcmp(argv[i], "--db") == 0) {
            db = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--dsn") == 0) {
            dsn = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--terminal") == 0) {
            terminal = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--url") == 0) {
            url = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--token-file") == 0) {
            token_file = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--ca-file") == 0) {
            ca_file = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--timeout") == 0) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            bad = !end || *end || v < 100 || v > 600000;
            timeout_ms = (int)v;
        } else {
            bad = true;
        }
    }
    if (bad || !db || !terminal || (dsn == NULL) == (url == NULL)) {
        fprintf(stderr,
                "usage: wmsctl %s --db PATH --terminal ID%s\n"
                "         (--dsn DSN | --url URL [--token-file FILE] [--ca-file FILE] "
                "[--timeout MS])\n"
                "  the http link reads the token from FILE or $WMS_TOKEN\n",
                provision ? "provision" : "sync", provision ? "" : " [--once]");
        return 2;
    }
    char token[160];
    if (url && read_token(token_file, token, sizeof token) != 0) {
        fprintf(stderr,
                "wmsctl %s: no token, or one longer than %d bytes (--token-file FILE or "
                "$WMS_TOKEN)\n",
                provision ? "provision" : "sync", TOKEN_MAX);
        return 2;
    }
    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_INFO);
    wms_err err = {0};
    if (provision) {
        /* The file is created by its UI-side writer. */
        wms_store_opts so = {.path = db, .role = WMS_STORE_UI};
        wms_store *st = NULL;
        if (wms_store_open(&so, &st, NULL, &err) != 0) {
            fprintf(stderr, "wmsctl provision: %s\n", err.msg);
            return 1;
        }
        wms_store_close(st);
    }
    wms_pg_pool *pool = NULL;
    if (dsn) {
        wms_pg_config pc;
        wms_pg_config_defaults(&pc);
        pc.dsn = dsn;
        pc.pool_size = 2;
        pc.max_overflow = 0;
        if (wms_pg_pool_open(&pc, &log, &pool, &err) != 0) {
            fprintf(stderr, "wmsctl sync: %s\n", err.msg);
            return 1;
        }
    }
    wms_sync_config cfg;
    wms_sync_config_defaults(&cfg);
    cfg.db_path = db;
    cfg.terminal = terminal;
    cfg.on_rejected = on_rejected;
    cfg.log = &log;
    if (provision) {
        cfg.pull_limit = WMS_SYNC_PULL_MAX;
    }
    int rc;
    if (url) {
        wms_sync_http_config hc = {.base_url = url,
                                   .token = token,
                                   .ca_file = ca_file,
                                   .timeout_ms = timeout_ms,
                                   .log = &log};
        rc = wms_sync_backend_http(&hc, &cfg.backend, &err);
        explicit_bzero(token, sizeof token);
    } else {
        rc = wms_sync_backend_pg(pool, &cfg.backend, &err);
    }
    sync_progress progress; /* provision: rows, %, rate on stderr while it pulls */
    if (rc == 0 && provision) {
        sync_progress_wrap(&progress, &cfg.backend, "provision", stderr);
    }
    if (rc == 0 && once) {
        wms_sync_status st;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = wms_sync_once(&cfg, &st, &err);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (rc == 0) {
            printf("%s: pushed %llu, rejected %llu, pulled %llu changes (cursor %lld) in %.1f s"
                   "%s\n",
                   provision ? "provisioned" : "synced", (unsigned long long)st.pushed,
                   (unsigned long long)st.rejected, (unsigned long long)st.pulled,
                   (long long)st.cursor, s, st.outbox_depth ? " (outbox not empty)" : "");
        }
        if (cfg.backend.destroy) {
            cfg.backend.destroy(cfg.backend.ctx); /* wms_sync_once leaves it to us */
        }
    } else if (rc == 0) {
        wms_sync *eng = NULL;
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        rc = wms_sync_start(&cfg, &eng, &err);
        wms_sync_state last = WMS_SYNC_STOPPED;
        while (rc == 0 && !stop_flag) {
            struct timespec ts = {0, 200 * 1000000L};
            nanosleep(&ts, NULL);
            wms_sync_status st;
            wms_sync_get_status(eng, &st);
            if (st.state != last) {
                printf("%s: outbox %lld, rejected %llu, cursor %lld%s%s\n",
                       wms_sync_state_name(st.state), (long long)st.outbox_depth,
                       (unsigned long long)st.rejected, (long long)st.cursor,
                       st.last_error[0] ? ", last error: " : "", st.last_error);
                fflush(stdout);
                last = st.state;
            }
        }
        wms_sync_stop(eng);
    }
    wms_pg_pool_close(pool);
    if (rc) {
        fprintf(stderr, "wmsctl %s: %s\n", provision ? "provision" : "sync", err.msg);
        return 1;
    }
    return 0;
}

int cmd_sync(int argc, char **argv)
{
    return run(argc, argv, false);
}

int cmd_provision(int argc, char **argv)
{
    return run(argc, argv, true);
}
