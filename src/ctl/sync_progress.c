/*
 * sync_progress.c -- rows, percent and rate of a long pull on stderr (see
 * sync_progress.h).  The page is not parsed here (the engine does that):
 * changes are counted by their "entity" key, which only appears as a key
 * (inside strings a quote is escaped), and the cursor is read from "next".
 */
#include "sync_progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t count_changes(const char *page)
{
    uint64_t n = 0;
    for (const char *p = page; (p = strstr(p, "\"entity\":")) != NULL; p += 9) {
        n++;
    }
    return n;
}

static int64_t json_int_after(const char *page, const char *key)
{
    const char *p = strstr(page, key);
    if (p == NULL) {
        return -1;
    }
    p += strlen(key);
    while (*p == ' ' || *p == ':') {
        p++;
    }
    return strtoll(p, NULL, 10);
}

static void print_line(sync_progress *p, bool final)
{
    double s = (double)(now_ns() - p->t0_ns) / 1e9;
    double rate = s > 0 ? (double)p->rows / s : 0.0;
    char pct[16] = "";
    if (p->total > p->first) {
        double f = (double)(p->cursor - p->first) / (double)(p->total - p->first);
        snprintf(pct, sizeof pct, " %5.1f %%", 100.0 * (f > 1.0 ? 1.0 : f));
    }
    fprintf(p->out, "%s%s: %llu changes%s, %.0f rows/s, %.1f s%s", p->tty ? "\r" : "", p->label,
            (unsigned long long)p->rows, pct, rate, s, p->tty && !final ? "   " : "\n");
    fflush(p->out);
    p->printed = p->rows;
}

static int w_pull(void *ctx, int64_t after, int limit, char **page, wms_err *err)
{
    sync_progress *p = ctx;
    if (!p->started) {
        p->started = true;
        p->first = after;
        p->t0_ns = now_ns();
        p->last_ns = p->t0_ns;
        char *h = NULL;
        wms_err e = {0};
        if (p->inner.health && p->inner.health(p->inner.ctx, &h, &e) == 0 && h) {
            int64_t seq = json_int_after(h, "\"change_seq\"");
            p->total = seq > 0 ? seq : 0;
        }
        free(h);
    }
    int rc = p->inner.pull(p->inner.ctx, after, limit, page, err);
    if (rc != 0 || *page == NULL) {
        return rc;
    }
    p->rows += count_changes(*page);
    int64_t next = json_int_after(*page, "\"next\"");
    p->cursor = next > p->cursor ? next : p->cursor;
    int64_t t = now_ns();
    if (p->tty) {
        if (t - p->last_ns >= 200000000) {
            p->last_ns = t;
            print_line(p, false);
        }
    } else {
        int decile = p->total > p->first
                             ? (int)(10 * (p->cursor - p->first) / (p->total - p->first))
                             : 0;
        if (decile > p->last_decile || t - p->last_ns >= 10000000000LL) {
            p->last_decile = decile > p->last_decile ? decile : p->last_decile;
            p->last_ns = t;
            print_line(p, false);
        }
    }
    return 0;
}

static int w_push(void *ctx, const char *batch, size_t len, char **out, wms_err *err)
{
    sync_progress *p = ctx;
    return p->inner.push(p->inner.ctx, batch, len, out, err);
}

static int w_heartbeat(void *ctx, const char *hb, size_t len, wms_err *err)
{
    sync_progress *p = ctx;
    return p->inner.heartbeat ? p->inner.heartbeat(p->inner.ctx, hb, len, err) : 0;
}

static int w_health(void *ctx, char **out, wms_err *err)
{
    sync_progress *p = ctx;
    return p->inner.health ? p->inner.health(p->inner.ctx, out, err)
                           : wms_err_set(err, WMS_EUNSUPPORTED, "no health");
}

static int64_t w_retry_after(void *ctx)
{
    sync_progress *p = ctx;
    return p->inner.retry_after_ms ? p->inner.retry_after_ms(p->inner.ctx) : 0;
}

static void w_cancel(void *ctx)
{
    sync_progress *p = ctx;
    if (p->inner.cancel) {
        p->inner.cancel(p->inner.ctx);
    }
}

static void w_destroy(void *ctx)
{
    sync_progress *p = ctx;
    if (p->started && (p->tty || p->rows != p->printed)) {
        print_line(p, true);
    }
    if (p->inner.destroy) {
        p->inner.destroy(p->inner.ctx);
    }
    memset(&p->inner, 0, sizeof p->inner);
}

void sync_progress_wrap(sync_progress *p, wms_sync_backend *be, const char *label, FILE *out)
{
    memset(p, 0, sizeof *p);
    p->inner = *be;
    p->label = label;
    p->out = out;
    p->tty = isatty(fileno(out)) != 0;
    p->last_decile = 0;
    be->ctx = p;
    be->push = w_push;
    be->pull = w_pull;
    be->heartbeat = be->heartbeat ? w_heartbeat : NULL;
    be->health = be->health ? w_health : NULL;
    be->retry_after_ms = be->retry_after_ms ? w_retry_after : NULL;
    be->cancel = be->cancel ? w_cancel : NULL;
    be->destroy = w_destroy;
}
