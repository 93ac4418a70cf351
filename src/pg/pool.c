/*
 * pool.c -- the thread-safe libpq connection pool (see wms/pg.h).
 */
#include "wms/pg.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct pg_slot {
    PGconn *conn;
    int64_t born_ms;
} pg_slot;

struct wms_pg_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *dsn;
    char *sslmode;
    char *appname;
    wms_pg_config cfg;
    const wms_log *log;
    int max_total;
    int total; /* open + being opened */
    int nidle;
    pg_slot *idle; /* stack of max_total */
    int nout;
    pg_slot *out; /* checked out, with their birth time */
    wms_pg_stats st;
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void wms_pg_config_defaults(wms_pg_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->pool_size = 20;
    cfg->max_overflow = 10;
    cfg->pool_timeout_ms = 30000;
    cfg->pool_recycle_s = 3600;
    cfg->connect_timeout_s = 5;
    cfg->keepalives_idle_s = 10;
    cfg->tcp_user_timeout_ms = 10000;
    cfg->application_name = "wms";
}

static bool host_is_loopback(const char *h)
{
    if (!h || !*h || h[0] == '/' || h[0] == '@') {
        return true; /* unix socket */
    }
    return strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 || strcmp(h, "::1") == 0;
}

static void check_tls(wms_pg_pool *p)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(p->dsn, &msg);
    if (!opts) {
        PQfreemem(msg);
        return;
    }
    const char *host = NULL, *hostaddr = NULL, *ssl = p->sslmode;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (strcmp(o->keyword, "host") == 0) {
            host = o->val;
        } else if (strcmp(o->keyword, "hostaddr") == 0) {
            hostaddr = o->val;
        } else if (strcmp(o->keyword, "sslmode") == 0 && !ssl) {
            ssl = o->val;
        }
    }
    const char *h = hostaddr && *hostaddr ? hostaddr : host;
    bool weak = !ssl || strcmp(ssl, "disable") == 0 || strcmp(ssl, "allow") == 0 ||
                strcmp(ssl, "prefer") == 0;
    if (!host_is_loopback(h) && weak && p->log) {
        wms_log_warn(p->log, "pg_tls_weak",
                     "host=%s sslmode=%s detail=\"link may be unencrypted; use "
                     "sslmode=verify-full\"",
                     h, ssl ? ssl : "prefer");
    }
    PQconninfoFree(opts);
}

int wms_pg_pool_open(const wms_pg_config *cfg, const wms_log *log, wms_pg_pool **out, wms_err *err)
{
    *out = NULL;
    if (!cfg || !cfg->dsn || !*cfg->dsn) {
        return wms_err_set(err, WMS_EINVAL, "pg: dsn is required");
    }
    if (cfg->pool_size < 1 || cfg->pool_size > 1000 || cfg->max_overflow < 0 ||
        cfg->max_overflow > 1000 || cfg->pool_timeout_ms < 0 || cfg->pool_recycle_s < 0) {
        return wms_err_set(err, WMS_EINVAL, "pg: pool_size/max_overflow/timeouts out of range");
    }
    wms_pg_pool *p = calloc(1, sizeof *p);
    if (!p) {
        return wms_err_set(err, WMS_ENOMEM, "pg: out of memory");
    }
    p->cfg = *cfg;
    p->log = log;
    p->dsn = strdup(cfg->dsn);
    p->sslmode = cfg->sslmode ? strdup(cfg->sslmode) : NULL;
    p->appname = strdup(cfg->application_name ? cfg->application_name : "wms");
    p->max_total = cfg->pool_size + cfg->max_overflow;
    p->idle = calloc((size_t)p->max_total, sizeof *p->idle);
    p->out = calloc((size_t)p->max_total, sizeof *p->out);
    if (!p->dsn || !p->appname || !p->idle || !p->out || (cfg->sslmode && !p->sslmode)) {
        free(p->dsn);
        free(p->sslmode);
        free(p->appname);
        free(p->idle);
        free(p->out);
        free(p);
        return wms_err_set(err, WMS_ENOMEM, "pg: out of memory");
    }
    p->cfg.dsn = p->dsn;
    p->cfg.sslmode = p->sslmode;
    p->cfg.application_name = p->appname;
    pthread_mutex_init(&p->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cv, &ca);
    pthread_condattr_destroy(&ca);
    check_tls(p);
    *out = p;
    return 0;
}

void wms_pg_pool_close(wms_pg_pool *p)
{
    if (!p) {
        return;
    }
    for (int i = 0; i < p->nidle; i++) {
        PQfinish(p->idle[i].conn);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->idle);
    free(p->out);
    free(p->dsn);
    free(p->sslmode);
    free(p->appname);
    free(p);
}

static PGconn *pg_connect(wms_pg_pool *p, wms_err *err, int *code)
{
    char ct[16], ki[16], tu[16];
    snprintf(ct, sizeof ct, "%d", p->cfg.connect_timeout_s);
    snprintf(ki, sizeof ki, "%d", p->cfg.keepalives_idle_s);
    snprintf(tu, sizeof tu, "%d", p->cfg.tcp_user_timeout_ms);
    const char *keys[12], *vals[12];
    int n = 0;
    keys[n] = "dbname", vals[n++] = p->dsn;
    keys[n] = "connect_timeout", vals[n++] = ct;
    keys[n] = "keepalives", vals[n++] = "1";
    keys[n] = "keepalives_idle", vals[n++] = ki;
    keys[n] = "keepalives_interval", vals[n++] = "3";
    keys[n] = "keepalives_count", vals[n++] = "3";
    keys[n] = "tcp_user_timeout", vals[n++] = tu;
    keys[n] = "application_name", vals[n++] = p->appname;
    if (p->sslmode) {
        keys[n] = "sslmode", vals[n++] = p->sslmode;
    }
    keys[n] = NULL, vals[n] = NULL;
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (!c) {
        *code = wms_err_set(err, WMS_ENOMEM, "pg: out of memory");
        return NULL;
    }
    if (PQstatus(c) != CONNECTION_OK) {
        const char *m = PQerrorMessage(c);
        size_t len = strlen(m);
        while (len && (m[len - 1] == '\n' || m[len - 1] == ' ')) {
            len--;
        }
        bool auth = strstr(m, "authentication failed") || strstr(m, "password");
        *code = wms_err_set(err, auth ? WMS_EAUTH : WMS_EAGAIN, "pg: connect: %.*s", (int)len, m);
        PQfinish(c);
        return NULL;
    }
    return c;
}

static bool ping(PGconn *c)
{
    if (PQstatus(c) != CONNECTION_OK) {
        return false;
    }
    PGresult *r = PQexec(c, "");
    bool ok = r && PQresultStatus(r) == PGRES_EMPTY_QUERY;
    PQclear(r);
    return ok;
}

int wms_pg_acquire(wms_pg_pool *p, PGconn **out, wms_err *err)
{
    *out = NULL;
    int64_t deadline = mono_ms() + p->cfg.pool_timeout_ms;
    bool waited = false;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->nidle > 0) {
            pg_slot s = p->idle[--p->nidle];
            pthread_mutex_unlock(&p->mu);
            bool old = p->cfg.pool_recycle_s > 0 &&
                       mono_ms() - s.born_ms > (int64_t)p->cfg.pool_recycle_s * 1000;
            bool bad = !old && !p->cfg.no_pre_ping && !ping(s.conn);
            if (!old && !bad) {
                pthread_mutex_lock(&p->mu);
                p->out[p->nout++] = s;
                pthread_mutex_unlock(&p->mu);
                *out = s.conn;
                return 0;
            }
            PQfinish(s.conn);
            pthread_mutex_lock(&p->mu);
            if (old) {
                p->st.recycled++;
            } else {
                p->st.failed_pings++;
            }
            p->total--;
            continue;
        }
        if (p->total < p->max_total) {
            p->total++;
            pthread_mutex_unlock(&p->mu);
            int code = 0;
            PGconn *c = pg_connect(p, err, &code);
            pthread_mutex_lock(&p->mu);
            if (!c) {
                p->total--;
                p->st.connect_errors++;
                pthread_cond_signal(&p->cv);
                pthread_mutex_unlock(&p->mu);
                return code;
            }
            p->st.created++;
            p->out[p->nout].conn = c;
            p->out[p->nout].born_ms = mono_ms();
            p->nout++;
            pthread_mutex_unlock(&p->mu);
            *out = c;
            return 0;
        }
        if (!waited) {
            waited = true;
            p->st.waits++;
        }
        int64_t now = mono_ms();
        if (now >= deadline) {
            p->st.timeouts++;
            pthread_mutex_unlock(&p->mu);
            return wms_err_set(err, WMS_EBUSY, "pg: no connection free within %d ms (pool %d+%d)",
                               p->cfg.pool_timeout_ms, p->cfg.pool_size, p->cfg.max_overflow);
        }
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t left = deadline - now;
        ts.tv_sec += left / 1000;
        ts.tv_nsec += (left % 1000) * 1000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        int rc = pthread_cond_timedwait(&p->cv, &p->mu, &ts);
        (void)rc;
    }
}

void wms_pg_release(wms_pg_pool *p, PGconn *c, bool broken)
{
    if (!c) {
        return;
    }
    if (!broken && (PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) != PQTRANS_IDLE)) {
        broken = true;
    }
    pthread_mutex_lock(&p->mu);
    if (broken || p->total > p->cfg.pool_size) {
        for (int i = 0; i < p->nout; i++) {
            if (p->out[i].conn == c) {
                p->out[i] = p->out[--p->nout];
                break;
            }
        }
        p->total--;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
        PQfinish(c);
        return;
    }
    int64_t born = mono_ms();
    for (int i = 0; i < p->nout; i++) {
        if (p->out[i].conn == c) {
            born = p->out[i].born_ms;
            p->out[i] = p->out[--p->nout];
            break;
        }
    }
    p->idle[p->nidle].conn = c;
    p->idle[p->nidle].born_ms = born;
    p->nidle++;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void wms_pg_pool_stats(wms_pg_pool *p, wms_pg_stats *out)
{
    pthread_mutex_lock(&p->mu);
    *out = p->st;
    out->size = p->total;
    out->idle = p->nidle;
    out->in_use = p->total - p->nidle;
    pthread_mutex_unlock(&p->mu);
}

void wms_pg_pool_health(wms_pg_pool *p, wms_health *h)
{
    wms_pg_stats s;
    wms_pg_pool_stats(p, &s);
    wms_health_status st = s.in_use >= p->max_total ? WMS_HEALTH_DEGRADED : WMS_HEALTH_HEALTHY;
    wms_health_component *c =
            wms_health_add(h, "pg_pool", st, false, "%d/%d in use", s.in_use, p->max_total);
    if (c) {
        wms_health_value_add(c, "size", s.size, "");
        wms_health_value_add(c, "in_use", s.in_use, "");
        wms_health_value_add(c, "idle", s.idle, "");
        wms_health_value_add(c, "waits", (double)s.waits, "");
        wms_health_value_add(c, "timeouts", (double)s.timeouts, "");
        wms_health_value_add(c, "failed_pings", (double)s.failed_pings, "");
    }
}

int wms_pg_error(PGconn *conn, const PGresult *res, wms_err *err)
{
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY ||
        st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_SINGLE_TUPLE) {
        return 0;
    }
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg) {
        msg = conn ? PQerrorMessage(conn) : "no result";
    }
    size_t len = strlen(msg);
    while (len && msg[len - 1] == '\n') {
        len--;
    }
    int code = WMS_EIO;
    if (!state) {
        code = (!conn || PQstatus(conn) != CONNECTION_OK) ? WMS_EAGAIN : WMS_EIO;
    } else if (strcmp(state, "57014") == 0) {
        code = WMS_ETIMEDOUT;
    } else if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0 ||
               strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
               strcmp(state, "25P03") == 0) {
        code = WMS_EAGAIN;
    } else if (strncmp(state, "53", 2) == 0) {
        code = WMS_EBUSY;
    } else if (strcmp(state, "42501") == 0) {
        code = WMS_EPERM;
    } else if (strncmp(state, "28", 2) == 0) {
        code = WMS_EAUTH;
    } else if (strncmp(state, "23", 2) == 0) {
        code = WMS_ECONFLICT;
    } else if (strncmp(state, "22", 2) == 0 || strcmp(state, "54000") == 0) {
        code = WMS_EINVAL;
    } else if (strcmp(state, "WMS01") == 0) {
        code = WMS_EREJECTED;
    }
    return wms_err_set(err, code, "pg: %s%s%.*s", state ? state : "", state ? " " : "", (int)len,
                       msg);
}

bool wms_pg_retryable(int code)
{
    return code == WMS_EAGAIN || code == WMS_ETIMEDOUT || code == WMS_EBUSY || code == WMS_ECLOSED;
}

int wms_pg_query_text(wms_pg_pool *p, const char *sql, int nparams, const char *const *params,
                      char **out, wms_err *err)
{
    if (out) {
        *out = NULL;
    }
    for (int attempt = 0;; attempt++) {
        PGconn *c = NULL;
        int rc = wms_pg_acquire(p, &c, err);
        if (rc) {
            return rc;
        }
        PGresult *r = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
        rc = wms_pg_error(c, r, err);
        bool broken = PQstatus(c) != CONNECTION_OK;
        if (rc == 0 && out && PQntuples(r) > 0 && PQnfields(r) > 0 && !PQgetisnull(r, 0, 0)) {
            *out = strdup(PQgetvalue(r, 0, 0));
            if (!*out) {
                rc = wms_err_set(err, WMS_ENOMEM, "pg: out of memory");
            }
        }
        PQclear(r);
        wms_pg_release(p, c, broken);
        if (rc == WMS_EAGAIN && broken && attempt == 0) {
            continue;
        }
        return rc;
    }
}
