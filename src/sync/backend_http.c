/*
 * backend_http.c -- the terminal's HTTP link (libcurl) to wms-server.
 *
 * One link = one curl easy handle, reused so that the connection stays
 * open between requests (not thread-safe: the sync thread owns it).  TLS
 * verification is always on (peer and host); a CA file may be added, never
 * switched off.  Plain http:// only to loopback unless allow_plain_http.
 * Every answer is bounded (max_response) and validated strictly.
 */
#include "backend_http.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct wms_http_link {
    CURL *c;
    char *base;
    char *auth_header;
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_response;
    wms_log log;
    bool have_log;
    wms_uuid_gen gen;
    char request_id[WMS_UUID_STRING_LEN + 1];
    char ca_file[512];
    int64_t not_before_ms; /* monotonic: no request before this      */
    long connects;         /* new connections opened (reuse check)   */
    long requests;
    atomic_bool cancelled; /* set from another thread: abandon, refuse */
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wms_http_classify(long status)
{
    if (status >= 200 && status < 300) {
        return 0;
    }
    if (status == 0 || status == 408 || status == 429 || status >= 500) {
        return WMS_EAGAIN;
    }
    if (status == 401) {
        return WMS_EAUTH;
    }
    if (status == 403) {
        return WMS_EPERM;
    }
    if (status >= 400) {
        return WMS_EINVAL;
    }
    return WMS_EPROTO; /* 1xx/3xx: we follow no redirects */
}

/* ---- strict answers ------------------------------------------------------ */

static int json_depth_ok(const char *s, size_t len, int cap)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (in_str) {
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                in_str = false;
            }
        } else if (ch == '"') {
            in_str = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > cap) {
                return 0;
            }
        } else if ((ch == '}' || ch == ']') && depth > 0) {
            depth--;
        }
    }
    return 1;
}

static json_t *load_object(const char *body, size_t len, wms_err *err)
{
    if (!json_depth_ok(body, len, 8)) {
        wms_err_set(err, WMS_EPROTO, "answer nested too deeply");
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL || !json_is_object(j)) {
        json_decref(j);
        wms_err_set(err, WMS_EPROTO, "answer is not a JSON object");
        return NULL;
    }
    return j;
}

static bool only_keys(json_t *obj, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        bool ok = false;
        for (size_t i = 0; keys[i] != NULL; i++) {
            ok = ok || strcmp(k, keys[i]) == 0;
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

static bool short_text(json_t *v, size_t max)
{
    return json_is_string(v) && json_string_length(v) <= max &&
           wms_text_validate(json_string_value(v), json_string_length(v), max,
                             WMS_TEXT_ALLOW_EMPTY | WMS_TEXT_ALLOW_NEWLINE, NULL) == 0;
}

int wms_http_parse_push(const char *body, size_t len, size_t nops, json_t **out, wms_err *err)
{
    json_t *j = load_object(body, len, err);
    if (j == NULL) {
        return WMS_EPROTO;
    }
    static const char *const top[] = {"results", NULL};
    static const char *const item[] = {"op_id",  "status", "change_seq", "code",
                                       "reason", "result", NULL};
    json_t *res = json_object_get(j, "results");
    int rc = 0;
    if (!only_keys(j, top) || !json_is_array(res) || json_array_size(res) != nops) {
        rc = wms_err_set(err, WMS_EPROTO, "push answer: want {\"results\":[%zu results]}", nops);
    }
    size_t i;
    json_t *r;
    json_array_foreach(res, i, r)
    {
        if (rc != 0) {
            break;
        }
        const char *st = json_string_value(json_object_get(r, "status"));
        json_t *seq = json_object_get(r, "change_seq");
        bool seq_ok = json_is_integer(seq) && json_integer_value(seq) >= 0;
        bool why_ok = short_text(json_object_get(r, "code"), 32) &&
                      short_text(json_object_get(r, "reason"), 1000);
        json_t *opid = json_object_get(r, "op_id");
        /* a duplicate names the earlier outcome (docs/sync-protocol.md) */
        const char *earlier = json_string_value(json_object_get(r, "result"));
        bool earlier_ok =
                json_object_get(r, "result") == NULL ||
                (earlier != NULL && st != NULL && strcmp(st, "duplicate") == 0 &&
                 (strcmp(earlier, "applied") == 0 || (strcmp(earlier, "rejected") == 0 && why_ok)));
        bool ok = earlier_ok && json_is_object(r) && only_keys(r, item) && short_text(opid, 64) &&
                  json_string_length(opid) > 0 && st != NULL &&
                  ((strcmp(st, "applied") == 0 && seq_ok) ||
                   (strcmp(st, "duplicate") == 0 && (seq_ok || why_ok)) ||
                   (strcmp(st, "rejected") == 0 && why_ok));
        if (!ok) {
            rc = wms_err_set(err, WMS_EPROTO, "push answer: result %zu is malformed", i);
        }
    }
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

int wms_http_parse_pull(const char *body, size_t len, int64_t after, int limit, json_t **out,
                        wms_err *err)
{
    json_t *j = load_object(body, len, err);
    if (j == NULL) {
        return WMS_EPROTO;
    }
    static const char *const top[] = {"changes", "next", "more", NULL};
    static const char *const item[] = {"seq", "entity", "op", "id", "data", NULL};
    static const char *const entities[] = {"warehouse", "location", "product",     "barcode",
                                           "operator",  "stock",    "planned_doc", "planned_line",
                                           "document",  NULL};
    json_t *ch = json_object_get(j, "changes");
    json_t *next = json_object_get(j, "next");
    int rc = 0;
    if (!only_keys(j, top) || !json_is_array(ch) || !json_is_integer(next) ||
        !json_is_boolean(json_object_get(j, "more")) || json_array_size(ch) > (size_t)limit ||
        json_integer_value(next) < after) {
        rc = wms_err_set(err, WMS_EPROTO, "pull answer: want {changes, next >= after, more}");
    }
    int64_t last = after;
    size_t i;
    json_t *c;
    json_array_foreach(ch, i, c)
    {
        if (rc != 0) {
            break;
        }
        json_t *seq = json_object_get(c, "seq");
        json_t *id = json_object_get(c, "id");
        const char *ent = json_string_value(json_object_get(c, "entity"));
        const char *op = json_string_value(json_object_get(c, "op"));
        json_t *data = json_object_get(c, "data");
        bool ent_ok = false;
        for (size_t k = 0; ent != NULL && entities[k] != NULL; k++) {
            ent_ok = ent_ok || strcmp(ent, entities[k]) == 0;
        }
        bool ok = json_is_object(c) && only_keys(c, item) && json_is_integer(seq) &&
                  json_integer_value(seq) > last && json_is_integer(id) &&
                  json_integer_value(id) >= 1 && ent_ok && op != NULL &&
                  ((strcmp(op, "upsert") == 0 && json_is_object(data)) ||
                   (strcmp(op, "delete") == 0 && (data == NULL || json_is_null(data))));
        if (!ok) {
            rc = wms_err_set(err, WMS_EPROTO, "pull answer: change %zu is malformed", i);
        } else {
            last = json_integer_value(seq);
        }
    }
    if (rc == 0 && json_array_size(ch) > 0 && json_integer_value(next) != last) {
        rc = wms_err_set(err, WMS_EPROTO, "pull answer: next is not the last seq");
    }
    if (rc != 0) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return 0;
}

/* ---- transport ----------------------------------------------------------- */

static bool loopback_url(const char *u)
{
    static const char *const hosts[] = {"http://127.", "http://localhost:", "http://localhost/",
                                        "http://[::1]", NULL};
    for (size_t i = 0; hosts[i] != NULL; i++) {
        if (strncasecmp(u, hosts[i], strlen(hosts[i])) == 0) {
            return true;
        }
    }
    return strcasecmp(u, "http://localhost") == 0;
}

int wms_http_link_new(const wms_http_link_opts *o, wms_http_link **out, wms_err *err)
{
    if (o == NULL || o->base_url == NULL || o->token == NULL || o->token[0] == '\0' ||
        strlen(o->token) > 128 || strlen(o->base_url) > 400) {
        return wms_err_set(err, WMS_EINVAL, "http link: base_url and token are required");
    }
    bool https = strncasecmp(o->base_url, "https://", 8) == 0;
    bool http = strncasecmp(o->base_url, "http://", 7) == 0;
    if (!https && !http) {
        return wms_err_set(err, WMS_EINVAL, "http link: the URL must be https:// (or http://)");
    }
    if (http && !loopback_url(o->base_url) && !o->allow_plain_http) {
        return wms_err_set(err, WMS_EPERM,
                           "http link: refusing plain http:// to a remote host (use https://)");
    }
    for (const char *p = o->token; *p; p++) {
        if (*p <= ' ' || *p == 0x7f) {
            return wms_err_set(err, WMS_EINVAL, "http link: bad token");
        }
    }
    wms_http_link *l = calloc(1, sizeof *l);
    if (l == NULL) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    l->c = curl_easy_init();
    l->base = strdup(o->base_url);
    size_t hl = strlen(o->token) + 32;
    l->auth_header = malloc(hl);
    if (l->c == NULL || l->base == NULL || l->auth_header == NULL) {
        wms_http_link_free(l);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    snprintf(l->auth_header, hl, "Authorization: Bearer %s", o->token);
    size_t bl = strlen(l->base);
    while (bl > 0 && l->base[bl - 1] == '/') {
        l->base[--bl] = '\0';
    }
    l->connect_timeout_ms = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 5000;
    l->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 30000;
    l->max_response = o->max_response > 0 ? o->max_response : 8u * 1024 * 1024;
    if (o->log != NULL) {
        l->log = *o->log;
        l->have_log = true;
    }
    if (o->ca_file != NULL && o->ca_file[0] != '\0') {
        if (wms_strlcpy(l->ca_file, o->ca_file, sizeof l->ca_file) != 0) {
            wms_http_link_free(l);
            return wms_err_set(err, WMS_EINVAL, "http link: CA file path too long");
        }
        if (access(l->ca_file, R_OK) != 0) {
            wms_http_link_free(l);
            return wms_err_set(err, WMS_EINVAL, "http link: cannot read the CA file %s",
                               o->ca_file);
        }
    }
    wms_uuid_gen_init(&l->gen, wms_clock_system(), wms_rng_system());
    *out = l;
    return 0;
}

void wms_http_link_free(wms_http_link *l)
{
    if (l == NULL) {
        return;
    }
    if (l->c != NULL) {
        curl_easy_cleanup(l->c);
    }
    free(l->base);
    free(l->auth_header);
    free(l);
}

const char *wms_http_link_last_request_id(const wms_http_link *l)
{
    return l->request_id;
}

int64_t wms_http_link_retry_after_ms(const wms_http_link *l)
{
    int64_t left = l->not_before_ms - mono_ms();
    return left > 0 ? left : 0;
}

void wms_http_link_cancel(wms_http_link *l)
{
    atomic_store(&l->cancelled, true);
}

/* libcurl calls this during connect and transfer (at least about once a
 * second): a cancelled link aborts the request in flight. */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    wms_http_link *l = ud;
    return atomic_load(&l->cancelled) ? 1 : 0;
}

void wms_http_link_counts(const wms_http_link *l, long *requests, long *connects)
{
    if (requests != NULL) {
        *requests = l->requests;
    }
    if (connects != NULL) {
        *connects = l->connects;
    }
}

typedef struct xfer {
    wms_buf body;
    bool too_big;
    int64_t retry_after_ms;
    bool json_ct;
} xfer;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    xfer *x = ud;
    if (wms_buf_add(&x->body, p, sz * n) != 0) {
        x->too_big = true;
        return 0;
    }
    return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = sz * n;
    if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
        long long s = 0;
        size_t i = 12;
        while (i < len && p[i] == ' ') {
            i++;
        }
        bool any = false;
        while (i < len && p[i] >= '0' && p[i] <= '9' && s < 86400) {
            s = s * 10 + (p[i] - '0');
            i++;
            any = true;
        }
        if (any) {
            x->retry_after_ms = (s > 86400 ? 86400 : s) * 1000;
        }
    } else if (len > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
        const char *v = p + 13;
        while (*v == ' ') {
            v++;
        }
        x->json_ct = strncasecmp(v, "application/json", 16) == 0;
    }
    return len;
}

/* One request; on 2xx *body holds the answer (caller releases). */
static int perform(wms_http_link *l, const char *method, const char *path, const char *payload,
                   xfer *x, int64_t *retry_after_ms, wms_err *err)
{
    memset(x, 0, sizeof *x);
    wms_buf_init(&x->body, l->max_response + 1);
    *retry_after_ms = 0;
    if (atomic_load(&l->cancelled)) {
        return wms_err_set(err, WMS_ECLOSED, "%s %s: the link was cancelled", method, path);
    }
    wms_uuid u;
    if (wms_uuid7_next(&l->gen, &u) == 0) {
        wms_uuid_format(&u, l->request_id);
    }
    char url[512];
    char rid[WMS_UUID_STRING_LEN + 16];
    snprintf(url, sizeof url, "%s%s", l->base, path);
    snprintf(rid, sizeof rid, "X-Request-ID: %s", l->request_id);
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, l->auth_header);
    h = curl_slist_append(h, rid);
    h = curl_slist_append(h, "Accept: application/json");
    if (payload != NULL) {
        h = curl_slist_append(h, "Content-Type: application/json");
        h = curl_slist_append(h, "Expect:");
    }
    CURL *c = l->c;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (l->ca_file[0] != '\0') {
        curl_easy_setopt(c, CURLOPT_CAINFO, l->ca_file);
    }
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, l->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, l->timeout_ms);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, l);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)l->max_response);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
    if (payload != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(payload));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    CURLcode cc = curl_easy_perform(c);
    long status = 0;
    long nconn = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &nconn);
    l->requests++;
    l->connects += nconn;
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
    curl_slist_free_all(h);
    *retry_after_ms = x->retry_after_ms;
    int rc;
    if (x->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        rc = wms_err_set(err, WMS_ETOOBIG, "%s %s: answer larger than %zu bytes", method, path,
                         l->max_response);
    } else if (cc == CURLE_PEER_FAILED_VERIFICATION || cc == CURLE_SSL_CACERT_BADFILE ||
               cc == CURLE_SSL_CERTPROBLEM) {
        rc = wms_err_set(err, WMS_EAUTH, "%s %s: TLS verification failed: %s", method, path,
                         curl_easy_strerror(cc));
    } else if (cc == CURLE_ABORTED_BY_CALLBACK) {
        rc = wms_err_set(err, WMS_ECLOSED, "%s %s: the link was cancelled", method, path);
    } else if (cc != CURLE_OK) {
        rc = wms_err_set(err, WMS_EAGAIN, "%s %s: %s", method, path, curl_easy_strerror(cc));
    } else {
        rc = wms_http_classify(status);
        if (rc != 0) {
            wms_err_set(err, rc, "%s %s: HTTP %ld", method, path, status);
        } else if (!x->json_ct) {
            rc = wms_err_set(err, WMS_EPROTO, "%s %s: answer is not application/json", method,
                             path);
        }
    }
    /* 429/503 with Retry-After: no request to the centre before then. */
    if ((status == 429 || status == 503) && x->retry_after_ms > 0) {
        l->not_before_ms = mono_ms() + x->retry_after_ms;
    }
    if (rc == WMS_EAGAIN && *retry_after_ms == 0) {
        *retry_after_ms = 1000; /* no hint from the server: the engine backs off from here */
    }
    if (l->have_log) {
        wms_log ch;
        wms_log_child(&ch, &l->log, "req=%s", l->request_id);
        wms_log_emit(&ch, rc == 0 ? WMS_LOG_DEBUG : WMS_LOG_WARNING, "http_link",
                     "method=%s path=%s status=%ld result=%s", method, path, status,
                     rc == 0 ? "ok" : wms_err_name(rc));
    }
    if (rc != 0) {
        wms_buf_release(&x->body);
    }
    return rc;
}

int wms_http_link_push(wms_http_link *l, json_t *batch, json_t **results, int64_t *retry_after_ms,
                       wms_err *err)
{
    json_t *ops = json_object_get(batch, "ops");
    if (!json_is_array(ops)) {
        return wms_err_set(err, WMS_EINVAL, "push: batch without ops");
    }
    char *payload = json_dumps(batch, JSON_COMPACT);
    if (payload == NULL) {
        return wms_err_set(err, WMS_ENOMEM, "push: cannot encode the batch");
    }
    xfer x;
    int rc = perform(l, "POST", "/api/v1/sync/push", payload, &x, retry_after_ms, err);
    free(payload);
    if (rc == 0) {
        rc = wms_http_parse_push(wms_buf_str(&x.body), x.body.len, json_array_size(ops), results,
                                 err);
        wms_buf_release(&x.body);
    }
    if (l->have_log) {
        /* one line per batch: its request id ties it to the server's log and to PostgreSQL */
        wms_log_emit(&l->log, rc == 0 ? WMS_LOG_INFO : WMS_LOG_WARNING, "sync_push",
                     "req=%s ops=%zu result=%s", l->request_id, json_array_size(ops),
                     rc == 0 ? "ok" : wms_err_name(rc));
    }
    return rc;
}

int wms_http_link_pull(wms_http_link *l, int64_t after, int limit, json_t **page,
                       int64_t *retry_after_ms, wms_err *err)
{
    if (after < 0 || limit < 1 || limit > 5000) {
        return wms_err_set(err, WMS_EINVAL, "pull: after >= 0, limit 1..5000");
    }
    char path[96];
    snprintf(path, sizeof path, "/api/v1/sync/pull?after=%lld&limit=%d", (long long)after, limit);
    xfer x;
    int rc = perform(l, "GET", path, NULL, &x, retry_after_ms, err);
    if (rc == 0) {
        rc = wms_http_parse_pull(wms_buf_str(&x.body), x.body.len, after, limit, page, err);
        wms_buf_release(&x.body);
    }
    return rc;
}

int wms_http_link_heartbeat(wms_http_link *l, json_t *hb, int64_t *retry_after_ms, wms_err *err)
{
    char *payload = json_dumps(hb, JSON_COMPACT);
    if (payload == NULL) {
        return wms_err_set(err, WMS_ENOMEM, "heartbeat: cannot encode");
    }
    xfer x;
    int rc = perform(l, "POST", "/api/v1/terminals/heartbeat", payload, &x, retry_after_ms, err);
    free(payload);
    if (rc == 0) {
        json_t *j = load_object(wms_buf_str(&x.body), x.body.len, err);
        if (j == NULL) {
            rc = WMS_EPROTO;
        }
        json_decref(j);
        wms_buf_release(&x.body);
    }
    return rc;
}

/* ---- the sync backend (include/wms/sync.h) --------------------------------- */

/* The fuzz target compiles this file alone (parsers only); the adapter needs
 * the sync module's header. */
#if defined(__has_include)
#if __has_include("wms/sync.h")
#define WMS_HAVE_SYNC_H 1
#endif
#endif

#ifdef WMS_HAVE_SYNC_H
#include "wms/sync.h"

static int dump_json(json_t *j, char **out, wms_err *err)
{
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (text == NULL) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    *out = text;
    return 0;
}

/* The centre said "not before" (429/503 Retry-After): answer as if it had
 * refused again, without a request, until then. */
static int wait_gate(wms_http_link *l, const char *what, wms_err *err)
{
    int64_t left = wms_http_link_retry_after_ms(l);
    if (left > 0) {
        return wms_err_set(err, WMS_EAGAIN, "%s: the centre asked to retry after %lld ms", what,
                           (long long)left);
    }
    return 0;
}

static int be_push(void *ctx, const char *batch_json, size_t len, char **results_json, wms_err *err)
{
    int rc = wait_gate(ctx, "push", err);
    if (rc != 0) {
        return rc;
    }
    json_t *b = json_loadb(batch_json, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(b)) {
        json_decref(b);
        return wms_err_set(err, WMS_EINVAL, "push: the batch is not a JSON object");
    }
    json_t *ops = json_object_get(b, "ops");
    if (json_array_size(ops) > WMS_SYNC_BATCH_MAX) {
        json_decref(b);
        return wms_err_set(err, WMS_EINVAL, "push: more than %d operations in a batch",
                           WMS_SYNC_BATCH_MAX);
    }
    json_t *res = NULL;
    int64_t ra = 0;
    rc = wms_http_link_push(ctx, b, &res, &ra, err);
    json_decref(b);
    return rc != 0 ? rc : dump_json(res, results_json, err);
}

static int be_pull(void *ctx, int64_t after, int limit, char **page_json, wms_err *err)
{
    if (after < 0 || limit < 1 || limit > WMS_SYNC_PULL_MAX) {
        return wms_err_set(err, WMS_EINVAL, "pull: after >= 0, limit 1..%d", WMS_SYNC_PULL_MAX);
    }
    int rc = wait_gate(ctx, "pull", err);
    if (rc != 0) {
        return rc;
    }
    json_t *page = NULL;
    int64_t ra = 0;
    rc = wms_http_link_pull(ctx, after, limit, &page, &ra, err);
    return rc != 0 ? rc : dump_json(page, page_json, err);
}

static int be_heartbeat(void *ctx, const char *hb_json, size_t len, wms_err *err)
{
    int rc = wait_gate(ctx, "heartbeat", err);
    if (rc != 0) {
        return rc;
    }
    json_t *hb = json_loadb(hb_json, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(hb)) {
        json_decref(hb);
        return wms_err_set(err, WMS_EINVAL, "heartbeat: not a JSON object");
    }
    int64_t ra = 0;
    rc = wms_http_link_heartbeat(ctx, hb, &ra, err);
    json_decref(hb);
    return rc;
}

/* GET /health: wms-server's answer when it is healthy or degraded; 503
 * (database down) is WMS_EAGAIN like the pg backend's lost connection. */
static int be_health(void *ctx, char **health_json, wms_err *err)
{
    wms_http_link *l = ctx;
    xfer x;
    int64_t ra = 0;
    int rc = perform(l, "GET", "/health", NULL, &x, &ra, err);
    if (rc != 0) {
        return rc;
    }
    json_t *j = load_object(wms_buf_str(&x.body), x.body.len, err);
    wms_buf_release(&x.body);
    if (j == NULL || !json_is_string(json_object_get(j, "status"))) {
        json_decref(j);
        return wms_err_set(err, WMS_EPROTO, "health: no status in the answer");
    }
    return dump_json(j, health_json, err);
}

static int64_t be_retry_after(void *ctx)
{
    return wms_http_link_retry_after_ms(ctx);
}

static void be_cancel(void *ctx)
{
    wms_http_link_cancel(ctx);
}

static void be_destroy(void *ctx)
{
    wms_http_link_free(ctx);
}

int wms_sync_backend_http(const wms_sync_http_config *cfg, wms_sync_backend *out, wms_err *err)
{
    if (cfg == NULL || out == NULL) {
        return wms_err_set(err, WMS_EINVAL, "sync: http config and out are required");
    }
    wms_http_link_opts o = {0};
    o.base_url = cfg->base_url;
    o.token = cfg->token;
    o.ca_file = cfg->ca_file;
    o.connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 5000;
    o.timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000;
    o.max_response = WMS_SYNC_REPLY_MAX;
    o.log = cfg->log;
    wms_http_link *l = NULL;
    int rc = wms_http_link_new(&o, &l, err);
    if (rc != 0) {
        return rc;
    }
    memset(out, 0, sizeof *out);
    out->ctx = l;
    out->name = "http";
    out->push = be_push;
    out->pull = be_pull;
    out->heartbeat = be_heartbeat;
    out->health = be_health;
    out->destroy = be_destroy;
    out->retry_after_ms = be_retry_after;
    out->cancel = be_cancel;
    return 0;
}
#endif /* WMS_HAVE_SYNC_H */
