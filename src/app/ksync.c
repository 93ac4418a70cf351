/*
 * ksync.c -- the kiosk's central link (see ksync.h): config -> backend ->
 * engine, the rejected-operation queue for toasts, and the centre's health
 * asked on a thread of its own.
 */
#include "ksync.h"

#include "wms/pg.h"
#include "wms/store.h"
#include "wms/sync.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KSYNC_REJ_MAX    8
#define KSYNC_HEALTH_S   30 /* ask the centre for its health this often */
#define KSYNC_POLL_SLICE 20 /* ms between two looks in ksync_wait_idle */

struct ksync {
    int link;
    wms_pg_pool *pool;
    wms_sync *eng;
    wms_log log; /* outlives the engine (it keeps the pointer) */
    void (*notify)(void *data);
    void *notify_data;

    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* rejected operations not shown yet (ring) */
    struct {
        char doc[48];
        char reason[160];
    } rej[KSYNC_REJ_MAX];
    unsigned rej_head, rej_count;
    /* the centre's health, from the health thread */
    wms_sync_backend hb; /* a second backend instance: backends are single-threaded */
    bool have_hb;
    pthread_t ht;
    bool ht_started, stop, ask;
    wms_health_status central;
    bool central_known;
    char central_detail[160];
    /* the centre's newest change number (its health answer's change_seq;
     * 0 unknown) and when it came (monotonic ms), for the pull's bar */
    int64_t head, head_ms;
    /* the pull run seen last (its pull_from) and when the UI first saw it */
    bool run_seen;
    int64_t run_from, run_ms;
};

static int64_t mono_ms(void)
{
    return wms_clock_mono_ns(wms_clock_system()) / 1000000;
}

/* ---- DSN ------------------------------------------------------------------ */

/* Append " key='value'" (libpq quoting: \ and ' escaped). */
static int dsn_add(wms_buf *b, const char *key, const char *value)
{
    int rc = wms_buf_addf(b, " %s='", key);
    for (const char *p = value; *p && rc == 0; p++) {
        if (*p == '\\' || *p == '\'') {
            rc = wms_buf_add(b, "\\", 1);
        }
        rc = rc ? rc : wms_buf_add(b, p, 1);
    }
    return rc ? rc : wms_buf_add(b, "'", 1);
}

static bool dsn_has(const char *dsn, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = dsn; (p = strstr(p, key)) != NULL; p += kl) {
        bool start = p == dsn || p[-1] == ' ' || p[-1] == '\t';
        const char *q = p + kl;
        while (*q == ' ') {
            q++;
        }
        if (start && *q == '=') {
            return true;
        }
    }
    return false;
}

int ksync_pg_dsn(const kiosk_conf *c, char *buf, size_t cap, wms_err *err)
{
    if (!c->central_dsn[0]) {
        return wms_err_set(err, WMS_EINVAL,
                           "[central] link = pg needs [central] dsn (host=... dbname=...)");
    }
    if (strstr(c->central_dsn, "://")) {
        /* A URI: taken as it is (it carries user and password itself). */
        if (wms_strlcpy(buf, c->central_dsn, cap) != 0) {
            return wms_err_set(err, WMS_ETOOBIG, "[central] dsn too long");
        }
        return 0;
    }
    wms_buf b;
    wms_buf_init(&b, 2048);
    int rc = wms_buf_addstr(&b, c->central_dsn);
    if (rc == 0 && !dsn_has(c->central_dsn, "user")) {
        char user[64];
        snprintf(user, sizeof(user), "wms_t_%s", c->terminal);
        rc = dsn_add(&b, "user", user);
    }
    if (rc == 0 && !dsn_has(c->central_dsn, "password") && c->central_token[0]) {
        rc = dsn_add(&b, "password", c->central_token);
    }
    if (rc == 0 && !dsn_has(c->central_dsn, "sslrootcert") && c->central_ca[0]) {
        rc = dsn_add(&b, "sslrootcert", c->central_ca);
        if (rc == 0 && !dsn_has(c->central_dsn, "sslmode")) {
            rc = dsn_add(&b, "sslmode", "verify-full");
        }
    }
    /* a DSN cut short (without its password or sslmode) is not used */
    rc = rc ? rc : wms_strlcpy(buf, wms_buf_str(&b), cap);
    /* the buffer held the password */
    if (b.data) {
        memset(b.data, 0, b.cap);
    }
    wms_buf_release(&b);
    if (rc != 0) {
        return rc == WMS_ENOMEM ? wms_err_set(err, rc, "out of memory")
                                : wms_err_set(err, WMS_ETOOBIG, "[central] dsn too long");
    }
    return 0;
}

/* ---- backends ------------------------------------------------------------- */

/* The libpq pool of link = pg (`size` connections, none more); the DSN
 * holding the password is wiped once the pool has it. */
static int open_pool(ksync *ks, const kiosk_conf *c, int size, wms_err *err)
{
    char dsn[1024];
    int rc = ksync_pg_dsn(c, dsn, sizeof(dsn), err);
    if (rc == 0) {
        wms_pg_config pc;
        wms_pg_config_defaults(&pc);
        pc.dsn = dsn;
        pc.pool_size = size;
        pc.max_overflow = 0;
        pc.pool_timeout_ms = (int)c->central_timeout_ms;
        pc.application_name = "wms-kiosk";
        rc = wms_pg_pool_open(&pc, &ks->log, &ks->pool, err);
    }
    memset(dsn, 0, sizeof(dsn));
    return rc;
}

static int make_backend(ksync *ks, const kiosk_conf *c, wms_sync_backend *out, wms_err *err)
{
    if (ks->link == KLINK_PG) {
        return wms_sync_backend_pg(ks->pool, out, err);
    }
#ifdef WMS_KIOSK_HTTP
    wms_sync_http_config hc = {
            .base_url = c->central_url,
            .token = c->central_token,
            .ca_file = c->central_ca[0] ? c->central_ca : NULL,
            .timeout_ms = (int)c->central_timeout_ms,
            .log = &ks->log,
    };
    return wms_sync_backend_http(&hc, out, err);
#else
    (void)c;
    (void)out;
    return wms_err_set(err, WMS_EUNSUPPORTED,
                       "[central] link = http: this build has no http sync backend");
#endif
}

/* ---- callbacks ------------------------------------------------------------ */

static void on_rejected(void *data, const char *op_id, const char *doc, const char *code,
                        const char *reason)
{
    (void)op_id;
    ksync *ks = data;
    /* The operations after a rejected one on the same document are
     * rejected as "doc_rejected": one message per document is enough. */
    if (code && strcmp(code, "doc_rejected") == 0) {
        return;
    }
    pthread_mutex_lock(&ks->mu);
    unsigned slot = (ks->rej_head + ks->rej_count) % KSYNC_REJ_MAX;
    if (ks->rej_count == KSYNC_REJ_MAX) {
        ks->rej_head = (ks->rej_head + 1) % KSYNC_REJ_MAX; /* drop the oldest */
    } else {
        ks->rej_count++;
    }
    wms_strlcpy(ks->rej[slot].doc, doc ? doc : "", sizeof(ks->rej[slot].doc));
    wms_strlcpy(ks->rej[slot].reason, reason && reason[0] ? reason : "no reason given",
                sizeof(ks->rej[slot].reason));
    pthread_mutex_unlock(&ks->mu);
    if (ks->notify) {
        ks->notify(ks->notify_data);
    }
}

/* The centre's health answer -> status and a one-line detail (what it
 * said besides its status: database, version, schema). */
static wms_health_status parse_health(int rc, const char *json, const wms_err *err, char *detail,
                                      size_t cap, int64_t *change_seq)
{
    wms_health_status st = WMS_HEALTH_UNHEALTHY;
    if (change_seq) {
        *change_seq = 0;
    }
    if (rc != 0) {
        snprintf(detail, cap, "unreachable: %.140s", err->msg);
        return st;
    }
    json_error_t je;
    json_t *j = json_loads(json ? json : "", 0, &je);
    const char *s = j ? json_string_value(json_object_get(j, "status")) : NULL;
    const char *db = j ? json_string_value(json_object_get(j, "database")) : NULL;
    const char *ver = j ? json_string_value(json_object_get(j, "version")) : NULL;
    json_t *schema = j ? json_object_get(j, "schema_version") : NULL;
    json_t *seq = j ? json_object_get(j, "change_seq") : NULL;
    if (change_seq && json_is_integer(seq) && json_integer_value(seq) > 0) {
        *change_seq = (int64_t)json_integer_value(seq);
    }
    if (s && strcmp(s, "healthy") == 0) {
        st = WMS_HEALTH_HEALTHY;
    } else if (s && strcmp(s, "degraded") == 0) {
        st = WMS_HEALTH_DEGRADED;
    }
    if (!s) {
        snprintf(detail, cap, "no status in its answer");
    } else if (db || ver) {
        snprintf(detail, cap, "%s%s%s%s%s", db ? "database " : "", db ? db : "",
                 db && ver ? ", " : "", ver ? "version " : "", ver ? ver : "");
    } else if (json_is_integer(schema)) {
        snprintf(detail, cap, "schema %lld", (long long)json_integer_value(schema));
    } else {
        snprintf(detail, cap, "%s", s);
    }
    json_decref(j);
    return st;
}

static void *health_main(void *arg)
{
    ksync *ks = arg;
    pthread_mutex_lock(&ks->mu);
    while (!ks->stop) {
        pthread_mutex_unlock(&ks->mu);
        char *json = NULL;
        wms_err err = {0};
        int rc = ks->hb.health(ks->hb.ctx, &json, &err);
        char detail[160];
        int64_t head = 0;
        wms_health_status st = parse_health(rc, json, &err, detail, sizeof(detail), &head);
        free(json);
        pthread_mutex_lock(&ks->mu);
        if (head > 0) {
            ks->head = head;
            ks->head_ms = mono_ms();
        }
        bool changed =
                !ks->central_known || ks->central != st || strcmp(ks->central_detail, detail) != 0;
        ks->central = st;
        ks->central_known = true;
        wms_strlcpy(ks->central_detail, detail, sizeof(ks->central_detail));
        if (changed && ks->notify) {
            pthread_mutex_unlock(&ks->mu);
            ks->notify(ks->notify_data);
            pthread_mutex_lock(&ks->mu);
        }
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += KSYNC_HEALTH_S;
        while (!ks->stop && !ks->ask) {
            if (pthread_cond_timedwait(&ks->cv, &ks->mu, &ts) != 0) {
                break;
            }
        }
        ks->ask = false;
    }
    pthread_mutex_unlock(&ks->mu);
    return NULL;
}

/* ---- start / stop --------------------------------------------------------- */

/* A store whose catalogue did not come from a pull (cursor 0 but products:
 * the embedded default's demo data, `wmsctl seed`) must not sync: its ids
 * mean nothing to the centre. */
static int check_store(const char *db_path, wms_err *err)
{
    wms_store_opts so = {
            .path = db_path, .role = WMS_STORE_READONLY, .no_create = true, .skip_check = true};
    wms_store *st = NULL;
    int rc = wms_store_open(&so, &st, NULL, err);
    if (rc != 0) {
        return rc;
    }
    wms_store_sync_state ss;
    wms_store_product p;
    size_t n = 0;
    rc = wms_store_sync_state_get(st, &ss, err);
    if (rc == 0) {
        rc = wms_store_products_after(st, 0, &p, 1, &n, err);
    }
    wms_store_close(st);
    if (rc == 0 && ss.cursor == 0 && n > 0) {
        rc = wms_err_set(err, WMS_EINVAL,
                         "%s holds a catalogue that did not come from the centre (the demo "
                         "data?): give this terminal a new database (--db or [store] db) or "
                         "'wmsctl provision' one",
                         db_path);
    }
    return rc;
}

int ksync_start(const ksync_opts *o, ksync **out, wms_err *err)
{
    *out = NULL;
    const kiosk_conf *c = o->conf;
    if (c->link == KLINK_NONE) {
        return 0;
    }
    if (!o->db_path || !o->db_path[0] || strcmp(o->db_path, "mem:") == 0) {
        return wms_err_set(err, WMS_EINVAL,
                           "a central link needs the local store: --db mem: keeps nothing to sync");
    }
    if (!c->terminal[0]) {
        return wms_err_set(err, WMS_EINVAL, "a central link needs [terminal] id");
    }
    if (c->link == KLINK_HTTP && (!c->central_url[0] || !c->central_token[0])) {
        return wms_err_set(err, WMS_EINVAL,
                           "[central] link = http needs [central] url and token (from 'wmsctl "
                           "terminal add')");
    }
    int crc = check_store(o->db_path, err);
    if (crc != 0) {
        return crc;
    }
    ksync *ks = calloc(1, sizeof(*ks));
    if (!ks) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    ks->link = c->link;
    ks->notify = o->notify;
    ks->notify_data = o->notify_data;
    wms_log_init(&ks->log, wms_log_sink_stderr(), WMS_LOG_NOTICE);
    pthread_mutex_init(&ks->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&ks->cv, &ca);
    pthread_condattr_destroy(&ca);

    int rc = 0;
    if (c->link == KLINK_PG) {
        /* the engine and the health thread; opening does not need the
         * centre to be up: the engine retries */
        rc = open_pool(ks, c, 2, err);
    }
    wms_sync_config sc;
    wms_sync_config_defaults(&sc);
    if (rc == 0) {
        rc = make_backend(ks, c, &sc.backend, err);
    }
    if (rc == 0) {
        /* without it the kiosk still syncs; only the centre's health and
         * the pull's head are missing: say so, do not fail */
        wms_err herr = {0};
        if (make_backend(ks, c, &ks->hb, &herr) == 0) {
            ks->have_hb = ks->hb.health != NULL;
        } else {
            wms_log_warn(&ks->log, "central_health_unavailable", "error=%s", herr.msg);
        }
    }
    if (rc == 0) {
        sc.db_path = o->db_path;
        sc.terminal = c->terminal;
        sc.interval_ms = (int)c->sync_interval_ms;
        sc.on_rejected = on_rejected;
        sc.cb_data = ks;
        sc.log = &ks->log;
        rc = wms_sync_start(&sc, &ks->eng, err); /* destroys the backend on failure */
    }
    if (rc == 0 && ks->have_hb) {
        if (pthread_create(&ks->ht, NULL, health_main, ks) == 0) {
            ks->ht_started = true;
        } else {
            ks->have_hb = false; /* nobody would ever answer "not asked yet" */
            wms_log_warn(&ks->log, "central_health_unavailable", "error=no thread");
        }
    }
    if (rc != 0) {
        ksync_stop(ks);
        return rc;
    }
    wms_log_info(&ks->log, "sync_started", "link=%s terminal=%s interval_ms=%lld",
                 kiosk_link_name(c->link), c->terminal, (long long)c->sync_interval_ms);
    *out = ks;
    return 0;
}

void ksync_stop(ksync *ks)
{
    if (!ks) {
        return;
    }
    pthread_mutex_lock(&ks->mu);
    ks->stop = true;
    pthread_cond_broadcast(&ks->cv);
    pthread_mutex_unlock(&ks->mu);
    if (ks->ht_started) {
        pthread_join(ks->ht, NULL);
    }
    wms_sync_stop(ks->eng);
    if (ks->hb.destroy) {
        ks->hb.destroy(ks->hb.ctx);
    }
    wms_pg_pool_close(ks->pool);
    pthread_mutex_destroy(&ks->mu);
    pthread_cond_destroy(&ks->cv);
    free(ks);
}

/* ---- queries -------------------------------------------------------------- */

void ksync_queued(ksync *ks)
{
    if (ks) {
        wms_sync_wake_push(ks->eng);
    }
}

void ksync_wake(ksync *ks)
{
    if (!ks) {
        return;
    }
    wms_sync_wake(ks->eng);
    pthread_mutex_lock(&ks->mu);
    ks->ask = true;
    pthread_cond_broadcast(&ks->cv);
    pthread_mutex_unlock(&ks->mu);
}

void ksync_status(ksync *ks, kd_sync *io)
{
    if (!ks) {
        io->configured = false;
        io->link = WMS_UI_LINK_NONE;
        return;
    }
    wms_sync_status st;
    wms_sync_get_status(ks->eng, &st);
    io->configured = true;
    switch (st.state) {
    case WMS_SYNC_ONLINE:
    case WMS_SYNC_PAUSED:
        io->link = WMS_UI_LINK_ONLINE;
        break;
    case WMS_SYNC_DEGRADED:
        io->link = WMS_UI_LINK_DEGRADED;
        break;
    default:
        io->link = WMS_UI_LINK_OFFLINE;
        break;
    }
    io->last_ok_ms = st.last_success_ms;
    io->pulling = st.pulling;
    io->pull_from = st.pull_from;
    io->cursor = st.cursor;
    io->pull_changes = (int64_t)st.pull_applied;
    io->head = 0;
    if (st.pulling) {
        pthread_mutex_lock(&ks->mu);
        if (!ks->run_seen || ks->run_from != st.pull_from) {
            /* a new run: the centre's newest change number is asked once
             * now unless it came after the run started */
            ks->run_seen = true;
            ks->run_from = st.pull_from;
            ks->run_ms = mono_ms();
            if (ks->have_hb && !(ks->head > st.pull_from && ks->head_ms >= ks->run_ms)) {
                ks->ask = true;
                pthread_cond_broadcast(&ks->cv);
            }
        }
        /* an answer from before the run may be far behind it: not a measure */
        if (ks->head > st.pull_from && ks->head_ms >= ks->run_ms) {
            io->head = ks->head;
        }
        pthread_mutex_unlock(&ks->mu);
    } else {
        pthread_mutex_lock(&ks->mu);
        ks->run_seen = false;
        pthread_mutex_unlock(&ks->mu);
    }
    if (st.last_error[0]) {
        snprintf(io->last_error, sizeof(io->last_error), "%.130s (%s)", st.last_error,
                 wms_err_name(st.last_error_code));
    } else {
        io->last_error[0] = '\0';
    }
}

void ksync_health(ksync *ks, wms_health *h)
{
    if (!ks) {
        return;
    }
    wms_sync_health(ks->eng, h);
    pthread_mutex_lock(&ks->mu);
    if (ks->central_known) {
        wms_health_component *c =
                wms_health_add(h, "central", ks->central, false, "%s", ks->central_detail);
        if (c && ks->head > 0) { /* what a pull's progress bar measures against */
            wms_health_value_add(c, "change_seq", (double)ks->head, "");
        }
    } else if (ks->have_hb) {
        wms_health_add(h, "central", WMS_HEALTH_DEGRADED, false, "not asked yet");
    }
    pthread_mutex_unlock(&ks->mu);
}

bool ksync_take_rejected(ksync *ks, char *doc, size_t doc_cap, char *reason, size_t reason_cap)
{
    if (!ks) {
        return false;
    }
    pthread_mutex_lock(&ks->mu);
    bool have = ks->rej_count > 0;
    if (have) {
        wms_strlcpy(doc, ks->rej[ks->rej_head].doc, doc_cap);
        wms_strlcpy(reason, ks->rej[ks->rej_head].reason, reason_cap);
        ks->rej_head = (ks->rej_head + 1) % KSYNC_REJ_MAX;
        ks->rej_count--;
    }
    pthread_mutex_unlock(&ks->mu);
    return have;
}

int ksync_wait_idle(ksync *ks, int64_t timeout_ms, wms_err *err)
{
    if (!ks) {
        return wms_err_set(err, WMS_EINVAL, "no central link configured");
    }
    wms_sync_status st;
    wms_sync_get_status(ks->eng, &st);
    uint64_t c0 = st.cycles;
    wms_sync_wake(ks->eng);
    int64_t end = mono_ms() + timeout_ms;
    for (;;) {
        wms_sync_get_status(ks->eng, &st);
        if (st.cycles > c0 && st.state == WMS_SYNC_ONLINE && st.outbox_depth == 0) {
            return 0;
        }
        if (mono_ms() >= end) {
            return wms_err_set(err, st.last_error_code ? st.last_error_code : WMS_ETIMEDOUT,
                               "sync did not finish in %lld ms (%s, %lld pending%s%s)",
                               (long long)timeout_ms, wms_sync_state_name(st.state),
                               (long long)st.outbox_depth, st.last_error[0] ? ": " : "",
                               st.last_error);
        }
        struct timespec ts = {0, KSYNC_POLL_SLICE * 1000000L};
        nanosleep(&ts, NULL);
    }
}

void ksync_probe(const kiosk_conf *c, wms_health *h)
{
    if (c->link == KLINK_NONE) {
        wms_health_add(h, "central_link", WMS_HEALTH_HEALTHY, false, "no central link configured");
        return;
    }
    ksync ks;
    memset(&ks, 0, sizeof(ks));
    ks.link = c->link;
    wms_log_init(&ks.log, wms_log_sink_stderr(), WMS_LOG_ERR);
    wms_err err = {0};
    int rc = 0;
    if (c->link == KLINK_PG) {
        rc = open_pool(&ks, c, 1, &err);
    } else if (!c->central_url[0] || !c->central_token[0]) {
        rc = wms_err_set(&err, WMS_EINVAL, "[central] link = http needs url and token");
    }
    wms_sync_backend be;
    memset(&be, 0, sizeof(be));
    if (rc == 0) {
        rc = make_backend(&ks, c, &be, &err);
    }
    char *json = NULL;
    if (rc == 0) {
        rc = be.health ? be.health(be.ctx, &json, &err)
                       : wms_err_set(&err, WMS_EUNSUPPORTED, "the backend has no health call");
    }
    char detail[160];
    wms_health_status st = parse_health(rc, json, &err, detail, sizeof(detail), NULL);
    free(json);
    if (be.destroy) {
        be.destroy(be.ctx);
    }
    wms_pg_pool_close(ks.pool);
    const char *via = kiosk_link_name(c->link);
    wms_health_status cs = st == WMS_HEALTH_HEALTHY ? st : WMS_HEALTH_DEGRADED;
    if (rc == 0) {
        wms_health_add(h, "central_link", cs, false, "%s: %s (%s)", via, wms_health_status_name(st),
                       detail);
    } else {
        wms_health_add(h, "central_link", cs, false, "%s: %s", via, detail);
    }
}
