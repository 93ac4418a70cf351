/*
 * http.c -- the libmicrohttpd daemon: request life cycle, error bodies,
 * request ids, CORS, rate limiting, authentication, graceful shutdown.
 */
#include "wms/server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A verified bearer token: SHA-256 of the token (never the token) -> terminal. */
typedef struct tok_entry {
    unsigned char digest[32];
    char terminal[64];
    int64_t expires_ms; /* monotonic; 0 = empty */
} tok_entry;

#define TOKEN_CACHE_SLOTS 1024u /* direct-mapped: a collision evicts */

struct wms_server {
    struct MHD_Daemon *d;
    MHD_socket listen_fd;
    uint16_t port;
    wms_server_config cfg;
    wms_server_backend be;
    wms_log log;
    wms_ratelimit *rl;
    pthread_mutex_t mu; /* uuid generator, in-flight count */
    pthread_cond_t idle;
    wms_uuid_gen gen;
    atomic_uint_fast64_t inflight; /* the idle cond is signalled when it drops to 0 */
    atomic_uint_fast64_t requests;
    pthread_mutex_t tok_mu; /* token cache */
    tok_entry *tok;         /* TOKEN_CACHE_SLOTS entries, NULL when off */
};

typedef struct req {
    char id[WMS_REQID_MAX + 1];
    wms_buf body;
    bool too_big;
    bool answered;
    int64_t t0_ns;
} req;

void wms_server_config_defaults(wms_server_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    wms_strlcpy(cfg->listen_addr, "127.0.0.1", sizeof cfg->listen_addr);
    cfg->port = 8080;
    cfg->threads = 0;
    cfg->token_cache_ms = 5000;
    cfg->rate_per_min = 60;
    cfg->rate_burst = 20;
    cfg->rate_clients = 10000;
    cfg->body_max = 1024 * 1024;
    cfg->drain_ms = 10000;
}

/* ---- responses ---------------------------------------------------------- */

typedef struct reply {
    int status;
    json_t *body; /* owned */
    const char *allow;
    int64_t retry_after_s;
    bool cors_ok;
    const char *origin;
    bool preflight;
    bool close;
} reply;

static enum MHD_Result send_reply(wms_server *s, struct MHD_Connection *c, req *r, reply *rp)
{
    char *text = NULL;
    size_t len = 0;
    if (rp->body != NULL) {
        text = json_dumps(rp->body, JSON_COMPACT);
        json_decref(rp->body);
        rp->body = NULL;
        if (text == NULL) {
            return MHD_NO;
        }
        len = strlen(text);
        text[len] = '\0';
    }
    struct MHD_Response *resp;
    if (text != NULL) {
        /* one more byte: a trailing newline for people using curl */
        char *t2 = realloc(text, len + 2);
        if (t2 == NULL) {
            free(text);
            return MHD_NO;
        }
        t2[len++] = '\n';
        t2[len] = '\0';
        resp = MHD_create_response_from_buffer(len, t2, MHD_RESPMEM_MUST_FREE);
        if (resp == NULL) {
            free(t2);
            return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    } else {
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (resp == NULL) {
            return MHD_NO;
        }
    }
    MHD_add_response_header(resp, "X-Request-ID", r->id);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
    if (rp->cors_ok && rp->origin != NULL) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, rp->origin);
        MHD_add_response_header(resp, "Access-Control-Expose-Headers", "X-Request-ID, Retry-After");
        if (rp->preflight) {
            MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                                    "GET, HEAD, POST, OPTIONS");
            MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                    "Authorization, Content-Type, X-Request-ID");
            MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
        }
    }
    if (rp->allow != NULL) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rp->allow);
    }
    if (rp->retry_after_s > 0) {
        char ra[24];
        snprintf(ra, sizeof ra, "%lld", (long long)rp->retry_after_s);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    if (rp->status == 401) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"wms\"");
    }
    if (rp->close) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    }
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)rp->status, resp);
    MHD_destroy_response(resp);
    r->answered = true;
    (void)s;
    return ret;
}

static json_t *error_body(const req *r, const char *code, const char *msg)
{
    return json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code, "message", msg, "request_id",
                     r->id);
}

static void set_error(reply *rp, const req *r, int status, const char *code, const char *msg)
{
    rp->status = status;
    if (rp->body != NULL) {
        json_decref(rp->body);
    }
    rp->body = error_body(r, code, msg);
}

/* ---- helpers ------------------------------------------------------------ */

typedef struct qcollect {
    wms_query_kv kv[WMS_QUERY_MAX_PARAMS + 1];
    size_t n;
    bool bad; /* NUL inside a value or key */
} qcollect;

static enum MHD_Result collect_q(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    qcollect *q = cls;
    if (key == NULL || strlen(key) != key_size || (value && strlen(value) != value_size)) {
        q->bad = true;
        return MHD_NO;
    }
    if (q->n == WMS_ARRAY_LEN(q->kv)) {
        return MHD_NO;
    }
    q->kv[q->n].key = key;
    q->kv[q->n].value = value;
    q->n++;
    return MHD_YES;
}

static void client_ip(wms_server *s, struct MHD_Connection *c, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (s->cfg.trust_proxy) {
        const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
        if (xff != NULL) {
            /* the proxy appends the address it saw: take the last hop */
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ') {
                last++;
            }
            size_t n = strcspn(last, " ,");
            if (n > 0 && n < cap && n < 64) {
                memcpy(buf, last, n);
                buf[n] = '\0';
                return;
            }
        }
    }
    const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci == NULL || ci->client_addr == NULL) {
        wms_strlcpy(buf, "?", cap);
        return;
    }
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                  (socklen_t)cap);
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                  (socklen_t)cap);
    } else {
        wms_strlcpy(buf, "?", cap);
    }
}

static const char *bearer(struct MHD_Connection *c)
{
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (a == NULL || strncasecmp(a, "Bearer ", 7) != 0) {
        return NULL;
    }
    a += 7;
    while (*a == ' ') {
        a++;
    }
    size_t n = strlen(a);
    if (n == 0 || n > 128) {
        return NULL;
    }
    return a;
}

static void health_reply(wms_server *s, reply *rp, const req *r)
{
    wms_health h;
    wms_health_init(&h);
    if (s->be.health != NULL) {
        s->be.health(s->be.data, &h);
    } else {
        wms_health_add(&h, "database", WMS_HEALTH_UNHEALTHY, true, "not configured");
    }
    wms_health_component *hc = wms_health_add(&h, "http", WMS_HEALTH_HEALTHY, false, "serving");
    if (hc != NULL && s->rl != NULL) {
        wms_health_value_add(hc, "rate_clients", (double)wms_ratelimit_clients(s->rl), "");
    }
    wms_health_status st = wms_health_overall(&h);
    json_t *j = NULL;
    if (wms_health_to_json(&h, &j) != 0 || j == NULL) {
        set_error(rp, r, 500, "internal", "health report failed");
        return;
    }
    const char *db = "not configured";
    for (size_t i = 0; i < h.count; i++) {
        if (strcmp(h.comp[i].name, "database") == 0) {
            for (size_t k = 0; k < h.comp[i].nvalues; k++) {
                if (strcmp(h.comp[i].values[k].key, "change_seq") == 0) {
                    json_object_set_new(j, "change_seq",
                                        json_integer((json_int_t)h.comp[i].values[k].value));
                }
            }
            db = h.comp[i].status == WMS_HEALTH_HEALTHY    ? "connected"
                 : h.comp[i].status == WMS_HEALTH_DEGRADED ? "degraded"
                 : h.comp[i].detail[0]                     ? h.comp[i].detail
                                                           : "unreachable";
        }
    }
    json_object_set_new(j, "database", json_string(db));
    json_t *pool = json_object();
    for (size_t i = 0; i < h.count && pool != NULL; i++) {
        if (strcmp(h.comp[i].name, "pool") == 0) {
            for (size_t k = 0; k < h.comp[i].nvalues; k++) {
                json_object_set_new(pool, h.comp[i].values[k].key,
                                    json_real(h.comp[i].values[k].value));
            }
        }
    }
    json_object_set_new(j, "pool", pool);
    json_object_set_new(j, "request_id", json_string(r->id));
    rp->status = st == WMS_HEALTH_UNHEALTHY ? 503 : 200;
    rp->body = j;
}

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- bearer token cache -------------------------------------------------- */

/*
 * A verified token is remembered for cfg.token_cache_ms (default 5 s) so
 * that a busy terminal does not cost a database round trip per request.
 * Only successes are cached (an unknown token is asked every time, a new
 * terminal works at once); a revoked or replaced token keeps working for at
 * most the TTL; a request the database refuses as EPERM drops the entry.
 * Bounded: TOKEN_CACHE_SLOTS entries, keyed by the token's SHA-256.
 */
static int token_digest(const char *tok, unsigned char digest[32])
{
    unsigned int n = 0;
    if (EVP_Digest(tok, strlen(tok), digest, &n, EVP_sha256(), NULL) != 1 || n != 32) {
        return WMS_EIO;
    }
    return 0;
}

static size_t tok_slot(const unsigned char digest[32])
{
    uint32_t h;
    memcpy(&h, digest, sizeof h);
    return h % TOKEN_CACHE_SLOTS;
}

static bool tok_lookup(wms_server *s, const unsigned char digest[32], char *terminal, size_t cap)
{
    int64_t now = mono_ns() / 1000000;
    bool hit = false;
    pthread_mutex_lock(&s->tok_mu);
    tok_entry *e = &s->tok[tok_slot(digest)];
    if (e->expires_ms > now && CRYPTO_memcmp(e->digest, digest, 32) == 0) {
        hit = wms_strlcpy(terminal, e->terminal, cap) == 0;
    }
    pthread_mutex_unlock(&s->tok_mu);
    return hit;
}

static void tok_store(wms_server *s, const unsigned char digest[32], const char *terminal)
{
    int64_t now = mono_ns() / 1000000;
    pthread_mutex_lock(&s->tok_mu);
    tok_entry *e = &s->tok[tok_slot(digest)];
    memcpy(e->digest, digest, 32);
    if (wms_strlcpy(e->terminal, terminal, sizeof e->terminal) == 0) {
        e->expires_ms = now + s->cfg.token_cache_ms;
    } else {
        e->expires_ms = 0;
    }
    pthread_mutex_unlock(&s->tok_mu);
}

static void tok_forget(wms_server *s, const unsigned char digest[32])
{
    pthread_mutex_lock(&s->tok_mu);
    tok_entry *e = &s->tok[tok_slot(digest)];
    if (memcmp(e->digest, digest, 32) == 0) {
        e->expires_ms = 0;
    }
    pthread_mutex_unlock(&s->tok_mu);
}

/* ---- the request -------------------------------------------------------- */

static void answer(wms_server *s, struct MHD_Connection *c, req *r, const char *url,
                   const char *method, reply *rp)
{
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN);
    const char *allowed[WMS_CORS_MAX_ORIGINS];
    for (size_t i = 0; i < s->cfg.ncors; i++) {
        allowed[i] = s->cfg.cors[i];
    }
    rp->origin = origin;
    rp->cors_ok = origin != NULL && wms_cors_allowed(origin, allowed, s->cfg.ncors);

    if (strcmp(method, "OPTIONS") == 0) {
        rp->preflight = true;
        if (origin == NULL) {
            rp->status = 204;
            rp->allow = "GET, HEAD, POST, OPTIONS";
        } else if (rp->cors_ok) {
            rp->status = 204;
        } else {
            set_error(rp, r, 403, "cors_refused", "origin not allowed");
        }
        return;
    }

    qcollect q = {0};
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect_q, &q);
    if (q.bad) {
        set_error(rp, r, 422, "invalid_parameter", "query parameter with a NUL byte");
        return;
    }
    wms_request_args args;
    wms_route_result res;
    wms_err e;
    wms_err_clear(&e);
    if (wms_route(method, url, q.kv, q.n, &args, &res, &e) != 0) {
        set_error(rp, r, res.status ? res.status : 404, res.code ? res.code : "not_found", e.msg);
        rp->allow = res.allow;
        return;
    }

    /* who is asking: a verified terminal, else the client address */
    char terminal[64] = "";
    const char *tok = bearer(c);
    bool authed = false;
    int auth_rc = WMS_EAUTH;
    unsigned char digest[32];
    bool cacheable = false;
    if (tok != NULL && s->be.auth != NULL) {
        cacheable = s->tok != NULL && token_digest(tok, digest) == 0;
        if (cacheable && tok_lookup(s, digest, terminal, sizeof terminal)) {
            auth_rc = 0;
        } else {
            auth_rc = s->be.auth(s->be.data, tok, terminal, sizeof terminal);
            if (auth_rc == 0 && cacheable && terminal[0] != '\0') {
                tok_store(s, digest, terminal);
            }
        }
        authed = auth_rc == 0 && terminal[0] != '\0';
    }
    if (s->rl != NULL) {
        char key[96];
        if (authed) {
            snprintf(key, sizeof key, "t:%s", terminal);
        } else {
            char ip[64];
            client_ip(s, c, ip, sizeof ip);
            snprintf(key, sizeof key, "ip:%s", ip);
        }
        int64_t retry_ms = 0;
        if (wms_ratelimit_take(s->rl, key, strlen(key), wall_ms(), &retry_ms) != 0) {
            rp->retry_after_s = (retry_ms + 999) / 1000;
            set_error(rp, r, 429, "rate_limited", "too many requests");
            return;
        }
    }
    if (args.route == WMS_ROUTE_HEALTH) {
        health_reply(s, rp, r);
        return;
    }
    if (!authed) {
        if (auth_rc != WMS_EAUTH && auth_rc != 0 && tok != NULL) {
            rp->retry_after_s = 1;
            set_error(rp, r, 503, "unavailable", "cannot check the token now");
        } else {
            set_error(rp, r, 401, "unauthorized",
                      tok ? "unknown bearer token" : "a bearer token is required");
        }
        return;
    }

    json_t *body = NULL;
    if (args.is_post) {
        const char *ct =
                MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (r->too_big) {
            set_error(rp, r, 413, "too_large", "request body too large");
            rp->close = true;
            return;
        }
        if (!wms_content_type_json(ct)) {
            set_error(rp, r, 415, "unsupported_media_type",
                      "Content-Type must be application/json");
            return;
        }
        if (wms_body_parse(args.route, wms_buf_str(&r->body), r->body.len, &body, &e) != 0) {
            set_error(rp, r, 422, "invalid_body", e.msg);
            return;
        }
        const char *who = json_string_value(json_object_get(body, "terminal"));
        if (who != NULL && strcmp(who, terminal) != 0) {
            json_decref(body);
            set_error(rp, r, 403, "forbidden", "a terminal may act only for itself");
            return;
        }
    } else if (r->body.len > 0 || r->too_big) {
        set_error(rp, r, 422, "invalid_body", "this resource takes no body");
        return;
    }

    if (s->be.handle == NULL) {
        json_decref(body);
        rp->retry_after_s = 5;
        set_error(rp, r, 503, "unavailable", "no database configured");
        return;
    }
    int status = 500;
    json_t *out = NULL;
    wms_err_clear(&e);
    int rc = s->be.handle(s->be.data, r->id, terminal, &args, body, &status, &out, &e);
    json_decref(body);
    if (rc != 0 || out == NULL) {
        json_decref(out);
        if (rc == WMS_ENOTFOUND) {
            set_error(rp, r, 404, "not_found", e.msg[0] ? e.msg : "no such resource");
        } else if (rc == WMS_EINVAL || rc == WMS_ERANGE) {
            set_error(rp, r, 422, "invalid", e.msg);
        } else if (rc == WMS_EUNSUPPORTED) {
            set_error(rp, r, 501, "not_implemented", e.msg[0] ? e.msg : "not implemented");
        } else if (rc == WMS_EPERM) {
            /* e.g. the terminal was removed: ask the database next time */
            if (cacheable) {
                tok_forget(s, digest);
            }
            set_error(rp, r, 403, "forbidden", e.msg);
        } else if (rc == WMS_EBUSY || rc == WMS_EAGAIN || rc == WMS_ETIMEDOUT ||
                   rc == WMS_ECLOSED || rc == WMS_EIO) {
            rp->retry_after_s = 1;
            set_error(rp, r, 503, "unavailable", "database unavailable, try again");
        } else {
            set_error(rp, r, 500, "internal", "internal error");
        }
        if (rp->status >= 500) {
            wms_log ch;
            wms_log_child(&ch, &s->log, "req=%s", r->id);
            wms_log_err(&ch, "handler_failed", "code=%s detail=%s", wms_err_name(rc),
                        e.msg[0] ? "\"see above\"" : "none");
        }
        return;
    }
    rp->status = status;
    rp->body = out;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    wms_server *s = cls;
    req *r = *con_cls;
    if (r == NULL) {
        r = calloc(1, sizeof *r);
        if (r == NULL) {
            return MHD_NO;
        }
        r->t0_ns = mono_ns();
        wms_buf_init(&r->body, s->cfg.body_max + 1);
        const char *rid = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-ID");
        atomic_fetch_add(&s->inflight, 1);
        if (rid != NULL && wms_reqid_valid(rid, strlen(rid))) {
            wms_strlcpy(r->id, rid, sizeof r->id);
        } else {
            pthread_mutex_lock(&s->mu);
            wms_uuid u;
            if (wms_uuid7_next(&s->gen, &u) == 0) {
                char tmp[WMS_UUID_STRING_LEN + 1];
                wms_uuid_format(&u, tmp);
                wms_strlcpy(r->id, tmp, sizeof r->id);
            } else {
                wms_strlcpy(r->id, "no-id", sizeof r->id);
            }
            pthread_mutex_unlock(&s->mu);
        }
        *con_cls = r;
        const char *cl =
                MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl != NULL && strtoull(cl, NULL, 10) > s->cfg.body_max) {
            r->too_big = true;
            reply rp = {0};
            set_error(&rp, r, 413, "too_large", "request body too large");
            rp.close = true;
            return send_reply(s, c, r, &rp);
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!r->too_big && !r->answered && wms_buf_add(&r->body, upload, *upload_size) != 0) {
            r->too_big = true;
            wms_buf_release(&r->body);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->answered) {
        return MHD_YES;
    }
    reply rp = {0};
    answer(s, c, r, url, method, &rp);
    if (rp.status == 0) {
        set_error(&rp, r, 500, "internal", "no answer");
    }
    int status = rp.status;
    enum MHD_Result ret = send_reply(s, c, r, &rp);
    if (s->log.min_level >= WMS_LOG_INFO || status >= 500) {
        wms_log ch;
        wms_log_child(&ch, &s->log, "req=%s", r->id);
        char qpath[160];
        wms_log_emit(&ch, status >= 500 ? WMS_LOG_WARNING : WMS_LOG_INFO, "http_request",
                     "method=%s path=%s status=%d ms=%.3f", method,
                     wms_log_quote(url, qpath, sizeof qpath), status,
                     (double)(mono_ns() - r->t0_ns) / 1e6);
    }
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    wms_server *s = cls;
    req *r = *con_cls;
    if (r == NULL) {
        return;
    }
    *con_cls = NULL;
    wms_buf_release(&r->body);
    free(r);
    atomic_fetch_add(&s->requests, 1);
    if (atomic_fetch_sub(&s->inflight, 1) == 1) {
        pthread_mutex_lock(&s->mu);
        pthread_cond_broadcast(&s->idle);
        pthread_mutex_unlock(&s->mu);
    }
}

/* ---- life cycle --------------------------------------------------------- */

int wms_server_start(const wms_server_config *cfg, const wms_server_backend *backend,
                     const wms_log *log, wms_server **out, wms_err *err)
{
    if (cfg->threads > 64 || cfg->token_cache_ms < 0 || cfg->token_cache_ms > 3600000 ||
        cfg->body_max < 1 || cfg->ncors > WMS_CORS_MAX_ORIGINS) {
        return wms_err_set(
                err, WMS_EINVAL,
                "bad server config (threads 0..64, token_cache_ms 0..3600000, body_max >= 1)");
    }
    struct addrinfo hints = {0};
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    struct addrinfo *ai = NULL;
    char port[8];
    snprintf(port, sizeof port, "%u", (unsigned)cfg->port);
    if (getaddrinfo(cfg->listen_addr, port, &hints, &ai) != 0 || ai == NULL) {
        return wms_err_set(err, WMS_EINVAL, "listen address %s is not a numeric IP address",
                           cfg->listen_addr);
    }
    wms_server *s = calloc(1, sizeof *s);
    if (s == NULL) {
        freeaddrinfo(ai);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    s->cfg = *cfg;
    if (s->cfg.threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        s->cfg.threads = cpus < 1 ? 1u : cpus > 64 ? 64u : (unsigned)cpus;
    }
    if (backend != NULL) {
        s->be = *backend;
    }
    s->log = *log;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->idle, NULL);
    wms_uuid_gen_init(&s->gen, wms_clock_system(), wms_rng_system());
    pthread_mutex_init(&s->tok_mu, NULL);
    if (s->cfg.token_cache_ms > 0) {
        s->tok = calloc(TOKEN_CACHE_SLOTS, sizeof *s->tok);
        if (s->tok == NULL) {
            freeaddrinfo(ai);
            wms_server_stop(s);
            return wms_err_set(err, WMS_ENOMEM, "out of memory");
        }
    }
    if (cfg->rate_per_min > 0) {
        int rc = wms_ratelimit_new(cfg->rate_per_min, cfg->rate_burst, cfg->rate_clients, &s->rl);
        if (rc != 0) {
            freeaddrinfo(ai);
            wms_server_stop(s);
            return wms_err_set(err, rc, "bad rate limit (per minute 1..60000000, burst >= 1)");
        }
    }
    unsigned flags =
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    s->d = MHD_start_daemon(
            flags, cfg->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
            MHD_OPTION_THREAD_POOL_SIZE, s->cfg.threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
            s, MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096, MHD_OPTION_CONNECTION_TIMEOUT,
            (unsigned)60, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (s->d == NULL) {
        wms_server_stop(s);
        return wms_err_set(err, WMS_EIO, "cannot listen on %s:%u", cfg->listen_addr,
                           (unsigned)cfg->port);
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : cfg->port;
    s->listen_fd = MHD_INVALID_SOCKET;
    wms_log_info(&s->log, "server_listening", "addr=%s port=%u threads=%u rate_per_min=%lld",
                 cfg->listen_addr, (unsigned)s->port, s->cfg.threads, (long long)cfg->rate_per_min);
    *out = s;
    return 0;
}

uint16_t wms_server_port(const wms_server *s)
{
    return s->port;
}

uint64_t wms_server_requests(const wms_server *s)
{
    return atomic_load(&((wms_server *)(uintptr_t)s)->requests);
}

void wms_server_stop(wms_server *s)
{
    if (s == NULL) {
        return;
    }
    if (s->d != NULL) {
        /* stop accepting; requests already read are answered */
        s->listen_fd = MHD_quiesce_daemon(s->d);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t ns = (int64_t)until.tv_nsec + (s->cfg.drain_ms % 1000) * 1000000;
        until.tv_sec += (time_t)(s->cfg.drain_ms / 1000 + ns / 1000000000);
        until.tv_nsec = (long)(ns % 1000000000);
        pthread_mutex_lock(&s->mu);
        while (atomic_load(&s->inflight) > 0) {
            if (pthread_cond_timedwait(&s->idle, &s->mu, &until) != 0) {
                break;
            }
        }
        uint64_t left = atomic_load(&s->inflight);
        pthread_mutex_unlock(&s->mu);
        MHD_stop_daemon(s->d);
        if (s->listen_fd != MHD_INVALID_SOCKET) {
            close(s->listen_fd);
        }
        wms_log_info(&s->log, "server_stopped", "abandoned=%llu requests=%llu",
                     (unsigned long long)left, (unsigned long long)wms_server_requests(s));
    }
    wms_ratelimit_free(s->rl);
    if (s->tok != NULL) {
        explicit_bzero(s->tok, TOKEN_CACHE_SLOTS * sizeof *s->tok);
        free(s->tok);
    }
    pthread_mutex_destroy(&s->tok_mu);
    pthread_cond_destroy(&s->idle);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
