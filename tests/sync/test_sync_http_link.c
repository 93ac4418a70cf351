/*
 * test_sync_http_link.c -- the http sync backend (wms_sync_backend_http)
 * against a canned HTTP/1.1 server on a loopback socket, which records
 * every request and answers from a script: the headers sent (bearer token,
 * X-Request-ID per request, Accept-Encoding), a gzip answer decoded,
 * 429/503 Retry-After honoured (no request before then; the engine's hook
 * reports it), one connection reused, the overall timeout always set, the
 * CA file checked; TLS (openssl s_server): an unknown CA and a wrong host
 * name are refused, the CA file makes it work.  The same backend against a real wms-server and a
 * real PostgreSQL is tests/sync/test_sync_suite.c (http).
 */
#include "wms_test.h"

#include "backend_http.h"
#include "wms/store.h"
#include "wms/sync.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQ 16

typedef struct canned {
    int status;
    const char *headers; /* extra header lines, each ending in \r\n */
    const char *body;
    size_t body_len; /* 0: strlen(body) */
    bool silent;     /* read the request, never answer */
} canned;

typedef struct fake {
    int lfd;
    int port;
    pthread_t th;
    pthread_mutex_t mu;
    const canned *script;
    size_t nscript;
    size_t nreq;
    int nconn;
    char req[MAX_REQ][2048]; /* request line + headers */
    atomic_int stop;
} fake;

static int send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
        if (w <= 0) {
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Serve one connection: requests until the peer closes. */
static void serve(fake *f, int fd)
{
    char buf[8192];
    size_t used = 0;
    for (;;) {
        char *end = NULL;
        while ((end = strstr(buf, "\r\n\r\n")) == NULL || used == 0) {
            struct pollfd p = {fd, POLLIN, 0};
            if (f->stop || poll(&p, 1, 100) < 0) {
                return;
            }
            if (!(p.revents & POLLIN)) {
                continue;
            }
            ssize_t n = recv(fd, buf + used, sizeof buf - 1 - used, 0);
            if (n <= 0) {
                return;
            }
            used += (size_t)n;
            buf[used] = '\0';
        }
        size_t head = (size_t)(end - buf) + 4;
        size_t clen = 0;
        const char *cl = strcasestr(buf, "\r\nContent-Length:");
        if (cl && cl < end) {
            clen = (size_t)strtoul(cl + 17, NULL, 10);
        }
        while (used < head + clen) {
            ssize_t n = recv(fd, buf + used, sizeof buf - 1 - used, 0);
            if (n <= 0) {
                return;
            }
            used += (size_t)n;
            buf[used] = '\0';
        }
        pthread_mutex_lock(&f->mu);
        size_t k = f->nreq++;
        if (k < MAX_REQ) {
            snprintf(f->req[k], sizeof f->req[k], "%.*s", (int)head, buf);
        }
        canned c = k < f->nscript ? f->script[k] : f->script[f->nscript - 1];
        pthread_mutex_unlock(&f->mu);
        memmove(buf, buf + head + clen, used - head - clen);
        used -= head + clen;
        buf[used] = '\0';
        if (c.silent) {
            while (!f->stop) {
                struct pollfd p = {fd, POLLIN, 0};
                if (poll(&p, 1, 50) > 0) {
                    char tmp[256];
                    if (recv(fd, tmp, sizeof tmp, 0) <= 0) {
                        return;
                    }
                }
            }
            return;
        }
        size_t blen = c.body_len ? c.body_len : strlen(c.body);
        char hdr[1024];
        int hn = snprintf(hdr, sizeof hdr,
                          "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\n%s\r\n",
                          c.status, blen, c.headers ? c.headers : "");
        if (send_all(fd, hdr, (size_t)hn) != 0 || send_all(fd, c.body, blen) != 0) {
            return;
        }
    }
}

static void *fake_main(void *arg)
{
    fake *f = arg;
    while (!f->stop) {
        struct pollfd p = {f->lfd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) {
            continue;
        }
        int fd = accept(f->lfd, NULL, NULL);
        if (fd < 0) {
            continue;
        }
        pthread_mutex_lock(&f->mu);
        f->nconn++;
        pthread_mutex_unlock(&f->mu);
        serve(f, fd); /* one connection at a time: the link has one */
        close(fd);
    }
    return NULL;
}

static void fake_start(fake *f, const canned *script, size_t n)
{
    memset(f, 0, sizeof *f);
    f->script = script;
    f->nscript = n;
    pthread_mutex_init(&f->mu, NULL);
    f->lfd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(f->lfd >= 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    assert_int_equal(bind(f->lfd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(f->lfd, 8), 0);
    assert_int_equal(getsockname(f->lfd, (struct sockaddr *)&a, &len), 0);
    f->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&f->th, NULL, fake_main, f), 0);
}

static void fake_stop(fake *f)
{
    f->stop = 1;
    pthread_join(f->th, NULL);
    close(f->lfd);
    pthread_mutex_destroy(&f->mu);
}

static size_t fake_requests(fake *f)
{
    pthread_mutex_lock(&f->mu);
    size_t n = f->nreq;
    pthread_mutex_unlock(&f->mu);
    return n;
}

static void backend_for(fake *f, wms_sync_backend *be, int timeout_ms)
{
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d/", f->port);
    wms_sync_http_config cfg = {.base_url = base, .token = "tok-abc", .timeout_ms = timeout_ms};
    assert_int_equal(wms_sync_backend_http(&cfg, be, NULL), 0);
}

static const char page0[] = "{\"changes\":[],\"next\":0,\"more\":false}";

/* CRC-32 (IEEE), for a hand-made gzip member. */
static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
    }
    return ~c;
}

/* gzip of `s` with one stored deflate block. */
static size_t gzip_stored(const char *s, uint8_t *out)
{
    size_t n = strlen(s);
    static const uint8_t head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    memcpy(out, head, 10);
    size_t o = 10;
    out[o++] = 0x01; /* BFINAL, stored */
    out[o++] = (uint8_t)(n & 0xff);
    out[o++] = (uint8_t)(n >> 8);
    out[o++] = (uint8_t)(~n & 0xff);
    out[o++] = (uint8_t)((~n >> 8) & 0xff);
    memcpy(out + o, s, n);
    o += n;
    uint32_t crc = crc32_of((const uint8_t *)s, n);
    for (int i = 0; i < 4; i++) {
        out[o++] = (uint8_t)(crc >> (8 * i));
    }
    for (int i = 0; i < 4; i++) {
        out[o++] = (uint8_t)((uint32_t)n >> (8 * i));
    }
    return o;
}

static void test_headers_reuse_and_gzip(void **state)
{
    (void)state;
    static uint8_t gz[256];
    const char page[] =
            "{\"changes\":[{\"seq\":3,\"entity\":\"warehouse\",\"op\":\"upsert\",\"id\":"
            "1,\"data\":{\"code\":\"WH1\",\"name\":\"Main\"}}],\"next\":3,\"more\":"
            "false}";
    size_t gzlen = gzip_stored(page, gz);
    canned script[] = {
            {200, "Content-Encoding: gzip\r\n", (const char *)gz, gzlen, false},
            {200, NULL,
             "{\"results\":[{\"op_id\":\"o1\",\"status\":\"applied\",\"change_seq\":4},"
             "{\"op_id\":\"o2\",\"status\":\"duplicate\",\"result\":\"rejected\","
             "\"code\":\"negative_stock\",\"reason\":\"have 3, need 5\"}]}",
             0, false},
            {200, NULL, "{\"ok\":true}", 0, false},
    };
    fake f;
    fake_start(&f, script, WMS_ARRAY_LEN(script));
    wms_sync_backend be;
    backend_for(&f, &be, 5000);
    char *out = NULL;
    wms_err err = {0};
    assert_int_equal(be.pull(be.ctx, 2, 100, &out, &err), 0);
    assert_non_null(strstr(out, "\"WH1\"")); /* decoded */
    free(out);
    const char batch[] = "{\"terminal\":\"K01\",\"ops\":[{\"op_id\":\"o1\"},{\"op_id\":\"o2\"}]}";
    assert_int_equal(be.push(be.ctx, S(batch), &out, &err), 0);
    assert_non_null(strstr(out, "\"result\":\"rejected\""));
    free(out);
    const char hb[] = "{\"terminal\":\"K01\",\"outbox_depth\":0}";
    assert_int_equal(be.heartbeat(be.ctx, S(hb), &err), 0);
    assert_int_equal(fake_requests(&f), 3);
    pthread_mutex_lock(&f.mu);
    assert_int_equal(f.nconn, 1); /* one connection for all three */
    assert_non_null(strstr(f.req[0], "GET /api/v1/sync/pull?after=2&limit=100 HTTP/1.1"));
    assert_non_null(strstr(f.req[1], "POST /api/v1/sync/push HTTP/1.1"));
    assert_non_null(strstr(f.req[2], "POST /api/v1/terminals/heartbeat HTTP/1.1"));
    char ids[3][WMS_UUID_STRING_LEN + 1];
    for (int i = 0; i < 3; i++) {
        const char *r = f.req[i];
        assert_non_null(strstr(r, "\r\nAuthorization: Bearer tok-abc\r\n"));
        assert_non_null(strstr(r, "\r\nAccept: application/json\r\n"));
        const char *ae = strcasestr(r, "\r\nAccept-Encoding: ");
        assert_non_null(ae);
        assert_non_null(strstr(ae, "gzip"));
        const char *rid = strstr(r, "\r\nX-Request-ID: ");
        assert_non_null(rid);
        wms_uuid u;
        assert_int_equal(wms_uuid_parse(rid + 16, WMS_UUID_STRING_LEN, &u, NULL), 0);
        snprintf(ids[i], sizeof ids[i], "%.36s", rid + 16);
    }
    /* a fresh id per request */
    assert_string_not_equal(ids[0], ids[1]);
    assert_string_not_equal(ids[1], ids[2]);
    assert_non_null(strstr(f.req[1], "Content-Type: application/json"));
    pthread_mutex_unlock(&f.mu);
    long requests = 0, connects = 0;
    wms_http_link_counts(be.ctx, &requests, &connects);
    assert_int_equal(requests, 3);
    assert_int_equal(connects, 1);
    assert_string_equal(wms_http_link_last_request_id(be.ctx), ids[2]);
    be.destroy(be.ctx);
    fake_stop(&f);
}

static void test_retry_after(void **state)
{
    (void)state;
    canned script[] = {
            {429, "Retry-After: 1\r\n", "{\"error\":{\"code\":\"rate_limited\"}}", 0, false},
            {503, "Retry-After: 1\r\n", "{\"error\":{\"code\":\"unavailable\"}}", 0, false},
            {503, NULL, "{\"error\":{\"code\":\"unavailable\"}}", 0, false},
            {200, NULL, page0, 0, false},
    };
    fake f;
    fake_start(&f, script, WMS_ARRAY_LEN(script));
    wms_sync_backend be;
    backend_for(&f, &be, 5000);
    assert_non_null(be.retry_after_ms);
    assert_int_equal(be.retry_after_ms(be.ctx), 0);
    char *out = NULL;
    wms_err err = {0};
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EAGAIN);
    assert_non_null(strstr(err.msg, "429"));
    int64_t ra = be.retry_after_ms(be.ctx);
    assert_true(ra > 500 && ra <= 1000);
    /* before then: refused without a request, whatever the call */
    const char batch[] = "{\"terminal\":\"K01\",\"ops\":[]}";
    assert_int_equal(be.push(be.ctx, S(batch), &out, &err), WMS_EAGAIN);
    assert_non_null(strstr(err.msg, "retry after"));
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EAGAIN);
    assert_int_equal(be.heartbeat(be.ctx, S("{}"), &err), WMS_EAGAIN);
    assert_int_equal(fake_requests(&f), 1);
    /* the engine's wait: the rest of the second (the link forgets it after) */
    struct timespec ts = {(time_t)(ra / 1000), (long)(ra % 1000) * 1000000L + 5000000L};
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    nanosleep(&ts, NULL);
    assert_int_equal(be.retry_after_ms(be.ctx), 0);
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EAGAIN); /* 503, Retry-After 1 */
    ra = be.retry_after_ms(be.ctx);
    assert_true(ra > 500 && ra <= 1000);
    assert_int_equal(fake_requests(&f), 2);
    ts.tv_sec = 1;
    ts.tv_nsec = 5000000L;
    nanosleep(&ts, NULL);
    /* a 503 without Retry-After: retryable, no gate */
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EAGAIN);
    assert_int_equal(be.retry_after_ms(be.ctx), 0);
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), 0);
    free(out);
    assert_int_equal(fake_requests(&f), 4);
    be.destroy(be.ctx);
    fake_stop(&f);
}

static void test_errors_and_timeout(void **state)
{
    (void)state;
    canned script[] = {
            {401, NULL, "{\"error\":{\"code\":\"unauthorized\"}}", 0, false},
            {403, NULL, "{\"error\":{\"code\":\"forbidden\"}}", 0, false},
            {422, NULL, "{\"error\":{\"code\":\"invalid\"}}", 0, false},
            {200, NULL, "{\"changes\":[],\"next\":7,\"more\":false,\"extra\":1}", 0, false},
            {200, NULL, "", 0, true},
    };
    fake f;
    fake_start(&f, script, WMS_ARRAY_LEN(script));
    wms_sync_backend be;
    backend_for(&f, &be, 300);
    char *out = NULL;
    wms_err err = {0};
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EAUTH);
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EPERM);
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EINVAL);
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EPROTO);
    /* arguments the protocol does not allow never leave the terminal */
    assert_int_equal(be.pull(be.ctx, -1, 10, &out, &err), WMS_EINVAL);
    assert_int_equal(be.pull(be.ctx, 0, WMS_SYNC_PULL_MAX + 1, &out, &err), WMS_EINVAL);
    assert_int_equal(be.push(be.ctx, S("[1]"), &out, &err), WMS_EINVAL);
    assert_int_equal(fake_requests(&f), 4);
    /* a centre that never answers: the whole-request timeout, retryable */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_EAGAIN);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int64_t ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    assert_true(ms >= 250 && ms < 3000);
    be.destroy(be.ctx);
    fake_stop(&f);
}

typedef struct captured {
    char text[4096];
    size_t len;
} captured;

static void capture_line(void *data, wms_log_level level, const char *line, size_t len)
{
    (void)level;
    captured *c = data;
    if (c->len + len + 2 < sizeof c->text) {
        memcpy(c->text + c->len, line, len);
        c->len += len;
        c->text[c->len++] = '\n';
        c->text[c->len] = '\0';
    }
}

/* One log line per batch names its X-Request-ID (the one the centre got);
 * the token never appears. */
static void test_batch_request_id_logged(void **state)
{
    (void)state;
    canned script[] = {
            {200, NULL,
             "{\"results\":[{\"op_id\":\"o1\",\"status\":\"applied\",\"change_seq\":4}]}", 0,
             false},
    };
    fake f;
    fake_start(&f, script, 1);
    captured cap = {.len = 0};
    wms_log_sink sink = {capture_line, &cap};
    wms_log log;
    wms_log_init(&log, &sink, WMS_LOG_INFO);
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", f.port);
    wms_sync_http_config cfg = {
            .base_url = base, .token = "tok-secret-77", .timeout_ms = 5000, .log = &log};
    wms_sync_backend be;
    assert_int_equal(wms_sync_backend_http(&cfg, &be, NULL), 0);
    const char batch[] = "{\"terminal\":\"K01\",\"ops\":[{\"op_id\":\"o1\"}]}";
    char *out = NULL;
    assert_int_equal(be.push(be.ctx, S(batch), &out, NULL), 0);
    free(out);
    pthread_mutex_lock(&f.mu);
    const char *rid = strstr(f.req[0], "\r\nX-Request-ID: ");
    assert_non_null(rid);
    char want[64];
    snprintf(want, sizeof want, "req=%.36s", rid + 16);
    pthread_mutex_unlock(&f.mu);
    const char *line = strstr(cap.text, "event=sync_push");
    assert_non_null(line);
    assert_non_null(strstr(line, want));
    assert_non_null(strstr(line, "ops=1"));
    assert_null(strstr(cap.text, "tok-secret-77"));
    be.destroy(be.ctx);
    fake_stop(&f);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Stopping the engine while the centre holds a request does not wait out
 * the request timeout: the backend's cancel aborts it. */
static void test_stop_cancels_request_in_flight(void **state)
{
    (void)state;
    canned script[] = {{200, NULL, "", 0, true}};
    fake f;
    fake_start(&f, script, 1);
    char dir[] = "/tmp/wmshttp.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[64];
    snprintf(db, sizeof db, "%s/t.db", dir);
    wms_store_opts so = {.path = db, .role = WMS_STORE_UI};
    wms_store *st = NULL;
    wms_err err = {0};
    assert_int_equal(wms_store_open(&so, &st, NULL, &err), 0);
    wms_store_close(st);
    wms_sync_config cfg;
    wms_sync_config_defaults(&cfg);
    cfg.db_path = db;
    cfg.terminal = "K01";
    cfg.heartbeat_s = 0;
    backend_for(&f, &cfg.backend, 20000);
    assert_non_null(cfg.backend.cancel);
    wms_sync *s = NULL;
    assert_int_equal(wms_sync_start(&cfg, &s, &err), 0);
    int64_t deadline = now_ms() + 10000;
    while (fake_requests(&f) == 0) { /* the pull is in flight */
        assert_true(now_ms() < deadline);
        struct timespec ts = {0, 2 * 1000000L};
        nanosleep(&ts, NULL);
    }
    int64_t t0 = now_ms();
    wms_sync_stop(s);
    int64_t took = now_ms() - t0;
    assert_true(took < 3000); /* not the 20 s timeout */
    fake_stop(&f);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    /* a cancelled link refuses at once */
    fake_start(&f, script, 1);
    wms_sync_backend be;
    backend_for(&f, &be, 20000);
    be.cancel(be.ctx);
    char *out = NULL;
    assert_int_equal(be.pull(be.ctx, 0, 10, &out, &err), WMS_ECLOSED);
    assert_int_equal(fake_requests(&f), 0);
    be.destroy(be.ctx);
    fake_stop(&f);
}

static void test_config_refusals(void **state)
{
    (void)state;
    wms_sync_backend be;
    wms_err err = {0};
    wms_sync_http_config cfg = {.base_url = "https://central.example", .token = "t"};
    cfg.ca_file = "/nonexistent/ca.pem";
    assert_int_equal(wms_sync_backend_http(&cfg, &be, &err), WMS_EINVAL);
    assert_non_null(strstr(err.msg, "CA file"));
    cfg.ca_file = NULL;
    cfg.base_url = "http://central.example"; /* no plain text off the machine */
    assert_int_equal(wms_sync_backend_http(&cfg, &be, &err), WMS_EPERM);
    cfg.base_url = "https://central.example";
    cfg.token = "";
    assert_int_equal(wms_sync_backend_http(&cfg, &be, &err), WMS_EINVAL);
    cfg.token = "tok";
    assert_int_equal(wms_sync_backend_http(NULL, &be, &err), WMS_EINVAL);
    assert_int_equal(wms_sync_backend_http(&cfg, &be, &err), 0);
    assert_string_equal(be.name, "http");
    be.destroy(be.ctx);
}

/* ---- TLS: a real handshake against `openssl s_server` ----------------------- */

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0) {
        port = ntohs(a.sin_port);
    }
    close(fd);
    return port;
}

/* openssl s_server -www on 127.0.0.1 with cert/key in `dir`; waits (bounded)
 * for its ACCEPT line.  Returns the pid, *port set. */
static pid_t tls_server(const char *dir, const char *name, int *port)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    *port = free_port();
    char accept_on[32], cert[160], key[160];
    snprintf(accept_on, sizeof accept_on, "127.0.0.1:%d", *port);
    snprintf(cert, sizeof cert, "%s/%s.pem", dir, name);
    snprintf(key, sizeof key, "%s/%s.key", dir, name);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDERR_FILENO); /* its handshake alerts are expected */
        }
        execlp("openssl", "openssl", "s_server", "-accept", accept_on, "-cert", cert, "-key", key,
               "-www", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char buf[512];
    size_t used = 0;
    for (;;) {
        struct pollfd p = {fds[0], POLLIN, 0};
        assert_true(poll(&p, 1, 10000) == 1); /* bounded: 10 s */
        ssize_t n = read(fds[0], buf + used, sizeof buf - 1 - used);
        assert_true(n > 0);
        used += (size_t)n;
        buf[used] = '\0';
        if (strstr(buf, "ACCEPT")) {
            break;
        }
        assert_true(used < sizeof buf - 1);
    }
    close(fds[0]);
    return pid;
}

static void stop_server(pid_t pid)
{
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

static int pull_over(const char *url, const char *ca, wms_err *err)
{
    wms_sync_http_config cfg = {.base_url = url, .token = "tok", .ca_file = ca, .timeout_ms = 5000};
    wms_sync_backend be;
    assert_int_equal(wms_sync_backend_http(&cfg, &be, err), 0);
    char *out = NULL;
    int rc = be.pull(be.ctx, 0, 10, &out, err);
    free(out);
    be.destroy(be.ctx);
    return rc;
}

static void test_tls_verification(void **state)
{
    (void)state;
    char dir[] = "/tmp/wmstls.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[1024];
    /* a self-signed certificate for this machine, and one for another host */
    snprintf(cmd, sizeof cmd,
             "cd %s && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "-keyout local.key -out local.pem -days 2 -subj /CN=localhost "
             "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 >/dev/null 2>&1 && "
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "-keyout other.key -out other.pem -days 2 -subj /CN=central.example "
             "-addext subjectAltName=DNS:central.example >/dev/null 2>&1",
             dir);
    assert_int_equal(system(cmd), 0);
    char local_ca[160], other_ca[160], url[64];
    snprintf(local_ca, sizeof local_ca, "%s/local.pem", dir);
    snprintf(other_ca, sizeof other_ca, "%s/other.pem", dir);
    int port = 0;
    pid_t pid = tls_server(dir, "local", &port);
    snprintf(url, sizeof url, "https://127.0.0.1:%d", port);
    wms_err err = {0};
    /* the system CAs do not know it: refused, not retried as if offline */
    assert_int_equal(pull_over(url, NULL, &err), WMS_EAUTH);
    assert_non_null(strstr(err.msg, "TLS"));
    /* another CA: refused */
    assert_int_equal(pull_over(url, other_ca, &err), WMS_EAUTH);
    /* its CA: the handshake succeeds and HTTP is spoken (s_server's page is
     * HTML, not the protocol's JSON) */
    assert_int_equal(pull_over(url, local_ca, &err), WMS_EPROTO);
    assert_non_null(strstr(err.msg, "application/json"));
    stop_server(pid);
    /* the right CA but a certificate for another host name: refused */
    pid = tls_server(dir, "other", &port);
    snprintf(url, sizeof url, "https://127.0.0.1:%d", port);
    assert_int_equal(pull_over(url, other_ca, &err), WMS_EAUTH);
    stop_server(pid);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_headers_reuse_and_gzip),
            cmocka_unit_test(test_retry_after),
            cmocka_unit_test(test_batch_request_id_logged),
            cmocka_unit_test(test_errors_and_timeout),
            cmocka_unit_test(test_stop_cancels_request_in_flight),
            cmocka_unit_test(test_config_refusals),
            cmocka_unit_test(test_tls_verification), /* needs openssl(1) */
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
