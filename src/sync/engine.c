/*
 * engine.c -- the sync engine (see wms/sync.h): push the outbox, then pull
 * changes page by page, on its own thread with its own store connection.
 */
#include "wms/store.h"
#include "wms/sync.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *wms_sync_state_name(wms_sync_state s)
{
    switch (s) {
    case WMS_SYNC_OFFLINE:
        return "offline";
    case WMS_SYNC_ONLINE:
        return "online";
    case WMS_SYNC_DEGRADED:
        return "degraded";
    case WMS_SYNC_PAUSED:
        return "paused";
    case WMS_SYNC_STOPPED:
        return "stopped";
    }
    return "unknown";
}

void wms_sync_config_defaults(wms_sync_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->batch_max = WMS_SYNC_BATCH_MAX;
    cfg->pull_limit = 1000;
    cfg->interval_ms = 5000;
    cfg->backoff_min_ms = 500;
    cfg->backoff_max_ms = 60000;
    cfg->heartbeat_s = 30;
}

static int64_t wall_ms(void)
{
    return wms_clock_system()->now_ms(wms_clock_system()->data);
}

static bool retryable(int rc)
{
    return rc == WMS_EAGAIN || rc == WMS_ETIMEDOUT || rc == WMS_EBUSY || rc == WMS_ECLOSED;
}

/* ---- push ---------------------------------------------------------------- */

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int record_results(wms_store *st, const wms_sync_config *cfg, const wms_store_batch *b,
                          const char *reply, wms_sync_status *status, wms_err *err)
{
    json_error_t je;
    json_t *root = json_loads(reply, JSON_REJECT_DUPLICATES, &je);
    json_t *arr = json_object_get(root, "results");
    if (!json_is_array(arr) || json_array_size(arr) != b->count) {
        json_decref(root);
        return wms_err_set(err, WMS_EPROTO, "push: results do not match the batch");
    }
    wms_store_op_result res[WMS_SYNC_BATCH_MAX];
    for (size_t i = 0; i < b->count; i++) {
        json_t *r = json_array_get(arr, i);
        const char *id = jstr(r, "op_id"), *stx = jstr(r, "status");
        memset(&res[i], 0, sizeof res[i]);
        if (!id || !stx || wms_uuid_parse(id, strlen(id), &res[i].op_id, NULL) != 0 ||
            wms_uuid_compare(&res[i].op_id, &b->ops[i].op_id) != 0) {
            json_decref(root);
            return wms_err_set(err, WMS_EPROTO, "push: result %zu names another operation", i);
        }
        res[i].change_seq = json_integer_value(json_object_get(r, "change_seq"));
        res[i].code = jstr(r, "code");
        res[i].reason = jstr(r, "reason");
        const char *earlier = jstr(r, "result");
        if (strcmp(stx, "applied") == 0) {
            res[i].status = WMS_OP_APPLIED;
        } else if (strcmp(stx, "duplicate") == 0) {
            res[i].status = (earlier && strcmp(earlier, "rejected") == 0) ? WMS_OP_REJECTED
                                                                          : WMS_OP_DUPLICATE;
        } else if (strcmp(stx, "rejected") == 0) {
            res[i].status = WMS_OP_REJECTED;
        } else {
            json_decref(root);
            return wms_err_set(err, WMS_EPROTO, "push: unknown status '%s'", stx);
        }
        if (res[i].status == WMS_OP_REJECTED) {
            if (!res[i].code) {
                res[i].code = "invalid";
            }
            if (!res[i].reason) {
                res[i].reason = "rejected";
            }
        }
    }
    int rc = wms_store_outbox_results(st, res, b->count, err);
    if (rc == 0) {
        for (size_t i = 0; i < b->count; i++) {
            if (res[i].status == WMS_OP_REJECTED) {
                status->rejected++;
                if (cfg->on_rejected) {
                    char op[WMS_UUID_STRING_LEN + 1], doc[WMS_UUID_STRING_LEN + 1];
                    wms_uuid_format(&b->ops[i].op_id, op);
                    wms_uuid_format(&b->ops[i].doc, doc);
                    cfg->on_rejected(cfg->cb_data, op, doc, res[i].code, res[i].reason);
                }
            } else {
                status->pushed++;
            }
        }
    }
    json_decref(root);
    return rc;
}

static int push_all(wms_store *st, const wms_sync_config *cfg, wms_sync_status *status,
                    wms_err *err)
{
    size_t max = (size_t)(cfg->batch_max > 0 && cfg->batch_max <= WMS_SYNC_BATCH_MAX
                                  ? cfg->batch_max
                                  : WMS_SYNC_BATCH_MAX);
    for (;;) {
        wms_store_batch *b = malloc(sizeof *b);
        if (!b) {
            return wms_err_set(err, WMS_ENOMEM, "sync: out of memory");
        }
        int rc = wms_store_outbox_next(st, max, b, err);
        if (rc || b->count == 0) {
            if (rc == 0) {
                wms_store_batch_release(b);
            }
            free(b);
            return rc;
        }
        wms_buf body;
        wms_buf_init(&body, WMS_SYNC_REPLY_MAX);
        rc = wms_buf_addstr(&body, "{\"terminal\":");
        json_t *t = json_string(cfg->terminal);
        char *tq = json_dumps(t, JSON_ENCODE_ANY);
        json_decref(t);
        rc = rc ? rc : wms_buf_addf(&body, "%s,\"ops\":[", tq ? tq : "\"\"");
        free(tq);
        for (size_t i = 0; rc == 0 && i < b->count; i++) {
            if (i) {
                rc = wms_buf_addstr(&body, ",");
            }
            rc = rc ? rc : wms_store_op_json(&b->ops[i], &body);
        }
        rc = rc ? rc : wms_buf_addstr(&body, "]}");
        char *reply = NULL;
        if (rc == 0) {
            rc = cfg->backend.push(cfg->backend.ctx, wms_buf_str(&body), body.len, &reply, err);
        } else {
            wms_err_set(err, rc, "sync: cannot build the batch");
        }
        wms_buf_release(&body);
        if (rc == 0) {
            rc = record_results(st, cfg, b, reply, status, err);
        }
        free(reply);
        if (rc) {
            wms_err e2 = {0};
            (void)wms_store_outbox_unsent(st, b, err ? err->msg : "push failed", &e2);
        }
        wms_store_batch_release(b);
        free(b);
        if (rc) {
            return rc;
        }
    }
}

/* ---- pull ---------------------------------------------------------------- */

static int64_t jint(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static int parse_qty(json_t *d, const char *k, wms_qty *out, wms_err *err)
{
    const char *s = jstr(d, k);
    out->milli = 0;
    if (!s) {
        return 0;
    }
    return wms_qty_parse(s, strlen(s), 3, false, out, err);
}

static int parse_change(json_t *c, wms_store_change *ch, wms_err *err)
{
    memset(ch, 0, sizeof *ch);
    const char *ent = jstr(c, "entity"), *op = jstr(c, "op");
    if (!ent || !op || wms_store_entity_parse(ent, &ch->entity) != 0) {
        return wms_err_set(err, WMS_EPROTO, "pull: bad entity");
    }
    ch->seq = jint(c, "seq");
    ch->id = jint(c, "id");
    ch->is_delete = strcmp(op, "delete") == 0;
    json_t *d = json_object_get(c, "data");
    if (ch->is_delete || !json_is_object(d)) {
        return ch->is_delete ? 0 : wms_err_set(err, WMS_EPROTO, "pull: upsert without data");
    }
    ch->code = jstr(d, "code");
    ch->name = jstr(d, "name");
    ch->sku = jstr(d, "sku");
    ch->uom = jstr(d, "uom");
    ch->zone = jstr(d, "zone");
    ch->type = jstr(d, "type");
    ch->tracking = jstr(d, "tracking");
    ch->kind = jstr(d, "kind");
    ch->badge = jstr(d, "badge");
    ch->role = jstr(d, "role");
    ch->pin_hash = jstr(d, "pin_hash");
    ch->ref = jstr(d, "ref");
    ch->partner = jstr(d, "partner");
    ch->status = jstr(d, "status");
    ch->lot = jstr(d, "lot");
    ch->reason = jstr(d, "reason");
    ch->uuid = jstr(d, "uuid");
    ch->warehouse_id = jint(d, "warehouse_id");
    ch->location_id = jint(d, "location_id");
    ch->product_id = jint(d, "product_id");
    ch->planned_id = jint(d, "planned_id");
    ch->decimals = (int)jint(d, "decimals");
    ch->active = json_is_true(json_object_get(d, "active"));
    if (parse_qty(d, "qty", &ch->qty, err) || parse_qty(d, "pack_qty", &ch->pack_qty, err)) {
        return wms_err_prefix(err, "pull: ");
    }
    return 0;
}

/* One pulled page, parsed: `ch` points into `root`. */
typedef struct pull_page {
    const wms_sync_config *cfg;
    int64_t after;
    int limit;
    json_t *root;
    wms_store_change *ch;
    size_t n;
    int64_t next;
    bool more;
    int rc;
    wms_err err;
} pull_page;

static void page_release(pull_page *p)
{
    free(p->ch);
    json_decref(p->root);
    p->ch = NULL;
    p->root = NULL;
}

/* Fetch and parse the page after p->after (p->rc says how it went). */
static void page_fetch(pull_page *p)
{
    const wms_sync_config *cfg = p->cfg;
    char *reply = NULL;
    wms_err_clear(&p->err);
    p->rc = cfg->backend.pull(cfg->backend.ctx, p->after, p->limit, &reply, &p->err);
    if (p->rc) {
        return;
    }
    p->root = json_loads(reply, JSON_REJECT_DUPLICATES, NULL);
    free(reply);
    json_t *arr = json_object_get(p->root, "changes");
    json_t *next = json_object_get(p->root, "next");
    if (!json_is_array(arr) || !json_is_integer(next) || json_array_size(arr) > (size_t)p->limit) {
        p->rc = wms_err_set(&p->err, WMS_EPROTO, "pull: bad page");
        return;
    }
    p->n = json_array_size(arr);
    p->next = json_integer_value(next);
    p->more = json_is_true(json_object_get(p->root, "more"));
    p->ch = p->n ? calloc(p->n, sizeof *p->ch) : NULL;
    if (p->n && !p->ch) {
        p->rc = wms_err_set(&p->err, WMS_ENOMEM, "sync: out of memory");
        return;
    }
    for (size_t i = 0; p->rc == 0 && i < p->n; i++) {
        p->rc = parse_change(json_array_get(arr, i), &p->ch[i], &p->err);
    }
}

static void *page_thread(void *arg)
{
    page_fetch(arg);
    return NULL;
}

struct wms_sync;
/* Publish the pull's progress fields of `st` to the engine's shared status
 * (NULL: wms_sync_once, nobody to tell). */
static void progress_publish(struct wms_sync *pub, const wms_sync_status *st);

/*
 * Pages are applied in order, each in its own store transaction with its
 * cursor.  While page k is applied, page k+1 (after k's "next") is fetched
 * and parsed on a helper thread: the backend is still called by one thread
 * at a time, and a first full pull overlaps the centre's work, the transfer
 * and the JSON parse with the SQLite writes (wmsctl bench sync).
 */
static int pull_all(wms_store *st, const wms_sync_config *cfg, wms_sync_status *status,
                    struct wms_sync *pub, wms_err *err)
{
    int limit =
            cfg->pull_limit > 0 && cfg->pull_limit <= WMS_SYNC_PULL_MAX ? cfg->pull_limit : 1000;
    wms_store_sync_state ss;
    int rc = wms_store_sync_state_get(st, &ss, err);
    if (rc) {
        return rc;
    }
    pull_page cur = {.cfg = cfg, .after = ss.cursor, .limit = limit};
    page_fetch(&cur);
    for (;;) {
        if (cur.rc) {
            rc = cur.rc;
            if (err) {
                *err = cur.err;
            }
            page_release(&cur);
            break;
        }
        if (cur.more && !status->pulling) {
            /* a run of several pages starts: tell before applying it */
            status->pulling = true;
            status->pull_from = ss.cursor;
            status->pull_applied = 0;
            progress_publish(pub, status);
        }
        pull_page nx = {.cfg = cfg, .after = cur.next, .limit = limit};
        pthread_t th;
        bool ahead = cur.more && pthread_create(&th, NULL, page_thread, &nx) == 0;
        rc = wms_store_pull_apply(st, cur.ch, cur.n, cur.next, err);
        if (ahead) {
            pthread_join(th, NULL);
        }
        bool more = cur.more;
        if (rc == 0) {
            status->pulled += cur.n;
            status->cursor = cur.next;
            if (status->pulling) {
                status->pull_applied += cur.n;
            }
        }
        page_release(&cur);
        if (rc || !more) {
            page_release(&nx);
            break;
        }
        progress_publish(pub, status);
        if (!ahead) {
            page_fetch(&nx);
        }
        cur = nx;
    }
    if (status->pulling) {
        status->pulling = false;
        progress_publish(pub, status);
    }
    return rc;
}

/* {"terminal","version","outbox_depth","outbox_oldest_age_s","last_scan_at",
 * "health"} (docs/sync-protocol.md, Heartbeat): the outbox as it is before
 * this cycle's push, so that a terminal whose pushes fail still shows its
 * backlog centrally. */
static int heartbeat(wms_store *st, const wms_sync_config *cfg, wms_err *err)
{
    wms_store_outbox_stats os = {0};
    wms_err e2 = {0};
    int rc = wms_store_outbox_stats_get(st, &os, &e2);
    int64_t last_scan = 0;
    if (rc == 0) {
        rc = wms_store_scan_last(st, &last_scan, &e2);
    }
    if (rc != 0) {
        return 0; /* the local store is the problem, not the link: next cycle */
    }
    wms_health h;
    wms_health_init(&h);
    (void)wms_store_health(st, &h);
    int64_t age = os.oldest_ms ? (wall_ms() - os.oldest_ms) / 1000 : 0;
    json_t *hb = json_pack("{s:s,s:s,s:I,s:I,s:s}", "terminal", cfg->terminal, "version",
                           wms_version(), "outbox_depth", (json_int_t)os.pending,
                           "outbox_oldest_age_s", (json_int_t)(age < 0 ? 0 : age), "health",
                           wms_health_status_name(wms_health_overall(&h)));
    if (hb && last_scan > 0) { /* absent when the terminal never scanned */
        json_object_set_new(hb, "last_scan_at", json_integer((json_int_t)last_scan));
    }
    char *text = hb ? json_dumps(hb, JSON_COMPACT) : NULL;
    json_decref(hb);
    if (!text) {
        return wms_err_set(err, WMS_ENOMEM, "sync: out of memory");
    }
    rc = cfg->backend.heartbeat(cfg->backend.ctx, text, strlen(text), err);
    free(text);
    return rc;
}

static int cycle(wms_store *st, const wms_sync_config *cfg, wms_sync_status *status, bool hb,
                 bool pull, struct wms_sync *pub, wms_err *err)
{
    int rc = 0;
    if (hb && cfg->backend.heartbeat) {
        rc = heartbeat(st, cfg, err);
        if (rc && !retryable(rc)) {
            /* refused (an older centre, ...): report it, but sync anyway */
            if (cfg->log) {
                wms_log_warn(cfg->log, "sync_heartbeat_failed", "code=%s", wms_err_name(rc));
            }
            rc = 0;
        }
    }
    if (rc == 0) {
        rc = push_all(st, cfg, status, err);
    }
    if (rc == 0 && pull) {
        rc = pull_all(st, cfg, status, pub, err);
    }
    wms_err e2 = {0};
    (void)wms_store_sync_note(st, rc ? err->msg : NULL, &e2);
    wms_store_outbox_stats os = {0};
    if (wms_store_outbox_stats_get(st, &os, &e2) == 0) {
        status->outbox_depth = os.pending;
    }
    status->cycles++;
    if (rc == 0) {
        status->state = WMS_SYNC_ONLINE;
        status->last_success_ms = wall_ms();
    } else {
        status->state = retryable(rc) ? WMS_SYNC_OFFLINE : WMS_SYNC_DEGRADED;
        status->last_error_ms = wall_ms();
        status->last_error_code = rc;
        snprintf(status->last_error, sizeof status->last_error, "%s", err->msg);
    }
    return rc;
}

static int open_store(const wms_sync_config *cfg, wms_store **st, wms_err *err)
{
    wms_store_opts so;
    memset(&so, 0, sizeof so);
    so.path = cfg->db_path;
    so.role = WMS_STORE_SYNC;
    so.log = cfg->log;
    return wms_store_open(&so, st, NULL, err);
}

int wms_sync_once(const wms_sync_config *cfg, wms_sync_status *status, wms_err *err)
{
    wms_sync_status local;
    if (!status) {
        status = &local;
    }
    memset(status, 0, sizeof *status);
    if (!cfg || !cfg->db_path || !cfg->terminal || !cfg->backend.push || !cfg->backend.pull) {
        return wms_err_set(err, WMS_EINVAL, "sync: db_path, terminal and a backend are required");
    }
    wms_store *st = NULL;
    int rc = open_store(cfg, &st, err);
    if (rc) {
        return rc;
    }
    wms_err local_err = {0};
    rc = cycle(st, cfg, status, cfg->heartbeat_s > 0, true, NULL, &local_err);
    wms_store_close(st);
    if (rc && err) {
        *err = local_err;
    }
    return rc;
}

/* ---- the engine thread ----------------------------------------------------- */

struct wms_sync {
    wms_sync_config cfg;
    char *db_path, *terminal;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop, paused, woken;
    bool want_pull; /* the next cycle pulls whatever its interval says */
    wms_sync_status status;
    wms_store *store;
};

static void progress_publish(wms_sync *pub, const wms_sync_status *st)
{
    if (!pub) {
        return;
    }
    pthread_mutex_lock(&pub->mu);
    pub->status.cursor = st->cursor;
    pub->status.pulled = st->pulled;
    pub->status.pulling = st->pulling;
    pub->status.pull_from = st->pull_from;
    pub->status.pull_applied = st->pull_applied;
    pthread_mutex_unlock(&pub->mu);
}

static void wait_ms(wms_sync *s, int64_t ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(ms / 1000);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    while (!s->stop && !s->woken) {
        if (pthread_cond_timedwait(&s->cv, &s->mu, &ts) != 0) {
            break;
        }
    }
    s->woken = false;
}

static void *engine_main(void *arg)
{
    wms_sync *s = arg;
    int failures = 0;
    int64_t last_hb = 0, last_pull = 0;
    unsigned jitter = (unsigned)wall_ms();
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        if (s->paused) {
            s->status.state = WMS_SYNC_PAUSED;
            pthread_cond_wait(&s->cv, &s->mu);
            continue;
        }
        wms_sync_status st = s->status;
        int64_t now = wall_ms();
        /* A push-only wake (a new operation) pulls only when the interval
         * is up; "sync now", the timer and a retry after a failure pull. */
        bool pull = s->want_pull || failures > 0 || now - last_pull >= s->cfg.interval_ms;
        s->want_pull = false;
        pthread_mutex_unlock(&s->mu);
        wms_err err = {0};
        bool hb = s->cfg.heartbeat_s > 0 && now - last_hb >= (int64_t)s->cfg.heartbeat_s * 1000;
        int rc = cycle(s->store, &s->cfg, &st, hb, pull, s, &err);
        if (rc == 0 && hb) {
            last_hb = now;
        }
        if (rc == 0 && pull) {
            last_pull = now;
        }
        if (rc && s->cfg.log) {
            wms_log_warn(s->cfg.log, "sync_failed", "code=%s", wms_err_name(rc));
        }
        pthread_mutex_lock(&s->mu);
        s->status = st;
        int64_t delay = s->cfg.interval_ms;
        if (rc) {
            failures = failures < 20 ? failures + 1 : failures;
            int64_t b = s->cfg.backoff_min_ms;
            for (int i = 1; i < failures && b < s->cfg.backoff_max_ms; i++) {
                b *= 2;
            }
            if (b > s->cfg.backoff_max_ms) {
                b = s->cfg.backoff_max_ms;
            }
            jitter = jitter * 1103515245u + 12345u;
            delay = b / 2 + (int64_t)((jitter >> 8) % (unsigned)(b / 2 + 1));
            /* the centre's Retry-After (HTTP 429/503) wins over a shorter backoff */
            int64_t ra = s->cfg.backend.retry_after_ms
                                 ? s->cfg.backend.retry_after_ms(s->cfg.backend.ctx)
                                 : 0;
            if (ra > delay) {
                delay = ra;
            }
        } else {
            failures = 0;
        }
        if (!s->stop) {
            wait_ms(s, delay);
        }
    }
    s->status.state = WMS_SYNC_STOPPED;
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

int wms_sync_start(const wms_sync_config *cfg, wms_sync **out, wms_err *err)
{
    *out = NULL;
    wms_sync *s = calloc(1, sizeof *s);
    if (!s) {
        if (cfg->backend.destroy) {
            cfg->backend.destroy(cfg->backend.ctx);
        }
        return wms_err_set(err, WMS_ENOMEM, "sync: out of memory");
    }
    s->cfg = *cfg;
    s->db_path = cfg->db_path ? strdup(cfg->db_path) : NULL;
    s->terminal = cfg->terminal ? strdup(cfg->terminal) : NULL;
    s->cfg.db_path = s->db_path;
    s->cfg.terminal = s->terminal;
    int rc = 0;
    if (!s->db_path || !s->terminal || !cfg->backend.push || !cfg->backend.pull) {
        rc = wms_err_set(err, WMS_EINVAL, "sync: db_path, terminal and a backend are required");
    }
    rc = rc ? rc : open_store(&s->cfg, &s->store, err);
    if (rc == 0) {
        pthread_mutex_init(&s->mu, NULL);
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&s->cv, &ca);
        pthread_condattr_destroy(&ca);
        if (pthread_create(&s->thread, NULL, engine_main, s) != 0) {
            pthread_mutex_destroy(&s->mu);
            pthread_cond_destroy(&s->cv);
            rc = wms_err_set(err, WMS_ENOMEM, "sync: cannot start the thread");
        }
    }
    if (rc) {
        wms_store_close(s->store);
        if (cfg->backend.destroy) {
            cfg->backend.destroy(cfg->backend.ctx);
        }
        free(s->db_path);
        free(s->terminal);
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void wms_sync_wake(wms_sync *s)
{
    pthread_mutex_lock(&s->mu);
    s->woken = true;
    s->want_pull = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void wms_sync_wake_push(wms_sync *s)
{
    pthread_mutex_lock(&s->mu);
    s->woken = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void wms_sync_pause(wms_sync *s, bool paused)
{
    pthread_mutex_lock(&s->mu);
    s->paused = paused;
    s->woken = true;
    s->want_pull = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void wms_sync_get_status(wms_sync *s, wms_sync_status *out)
{
    pthread_mutex_lock(&s->mu);
    *out = s->status;
    pthread_mutex_unlock(&s->mu);
}

void wms_sync_health(wms_sync *s, wms_health *h)
{
    wms_sync_status st;
    wms_sync_get_status(s, &st);
    wms_health_status hs = st.state == WMS_SYNC_ONLINE || st.state == WMS_SYNC_PAUSED
                                   ? WMS_HEALTH_HEALTHY
                                   : WMS_HEALTH_DEGRADED;
    if (st.rejected > 0 && hs == WMS_HEALTH_HEALTHY) {
        hs = WMS_HEALTH_DEGRADED;
    }
    wms_health_component *c =
            wms_health_add(h, "central_link", hs, false, "%s%s%s", wms_sync_state_name(st.state),
                           st.last_error[0] ? ": " : "", st.last_error);
    if (c) {
        wms_health_value_add(c, "outbox_depth", (double)st.outbox_depth, "");
        wms_health_value_add(c, "rejected", (double)st.rejected, "");
        wms_health_value_add(c, "cursor", (double)st.cursor, "");
    }
}

void wms_sync_stop(wms_sync *s)
{
    if (!s) {
        return;
    }
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (s->cfg.backend.cancel) {
        s->cfg.backend.cancel(s->cfg.backend.ctx); /* do not wait out a slow exchange */
    }
    pthread_join(s->thread, NULL);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    wms_store_close(s->store);
    if (s->cfg.backend.destroy) {
        s->cfg.backend.destroy(s->cfg.backend.ctx);
    }
    free(s->db_path);
    free(s->terminal);
    free(s);
}
