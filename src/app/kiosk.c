/*
 * kiosk.c -- the screens' state machines: login, home, receive, lookup,
 * documents, sync & health, scanner test.  Views are in kiosk_view.c.
 */
#include "kiosk.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const screen_names[KS_COUNT_] = {"login",     "home", "receive",  "lookup",
                                                    "documents", "sync", "scantest", "settings"};

const char *kiosk_screen_name(kscreen s)
{
    return (int)s >= 0 && s < KS_COUNT_ ? screen_names[s] : "?";
}

int kiosk_screen_parse(const char *name, kscreen *out)
{
    for (int i = 0; i < KS_COUNT_; i++) {
        if (strcasecmp(name, screen_names[i]) == 0) {
            *out = (kscreen)i;
            return 0;
        }
    }
    return WMS_EINVAL;
}

static const char *const key_names[KK_COUNT_] = {"",   "Enter", "Esc",  "Tab",  "Backspace",
                                                 "Up", "Down",  "PgUp", "PgDn", "F1",
                                                 "F2", "F3",    "F4"};

const char *kiosk_key_name(kkey k)
{
    return (int)k >= 0 && k < KK_COUNT_ ? key_names[k] : "";
}

int kiosk_key_parse(const char *name, kkey *out)
{
    for (int i = 1; i < KK_COUNT_; i++) {
        if (strcasecmp(name, key_names[i]) == 0) {
            *out = (kkey)i;
            return 0;
        }
    }
    if (strcasecmp(name, "Escape") == 0) {
        *out = KK_ESC;
        return 0;
    }
    if (strcasecmp(name, "Return") == 0) {
        *out = KK_ENTER;
        return 0;
    }
    return WMS_EINVAL;
}

void kiosk_cfg_default(kiosk_cfg *c)
{
    memset(c, 0, sizeof(*c));
    c->idle_logout_ms = 5 * 60 * 1000;
    c->lock_failures = 5;
    c->lock_ms = 5 * 60 * 1000;
    c->toast_ms = 4000;
    wms_strlcpy(c->link, "none", sizeof(c->link));
    wms_strlcpy(c->size, "800x480", sizeof(c->size));
    wms_strlcpy(c->scanner, "suffix enter, no prefix, 35 ms", sizeof(c->scanner));
    c->volume = 70;
    wms_strlcpy(c->terminal, "T1", sizeof(c->terminal));
    wms_strlcpy(c->warehouse, "WH1", sizeof(c->warehouse));
}

/* ------------------------------------------------------------------------ */
/* Feedback                                                                 */
/* ------------------------------------------------------------------------ */

static void tone(kiosk *k, wms_tone t)
{
    if (k->hooks.tone) {
        k->hooks.tone(k->hooks.data, t);
    }
}

static void say(kiosk *k, wms_ui_kind kind, const char *fmt, ...) WMS_PRINTF(3, 4);
static void say(kiosk *k, wms_ui_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->toast, sizeof(k->toast), fmt, ap);
    va_end(ap);
    k->toast_kind = kind;
    k->toast_until = k->now_ms + k->cfg.toast_ms;
    k->dirty = true;
    if (kind == WMS_UI_OK) {
        tone(k, WMS_TONE_SUCCESS);
    } else if (kind == WMS_UI_WARN) {
        tone(k, WMS_TONE_WARNING);
    } else if (kind == WMS_UI_ERR) {
        tone(k, WMS_TONE_ERROR);
    }
}

static void update_clock(kiosk *k)
{
    time_t t = (time_t)(k->now_ms / 1000);
    struct tm tm;
    if (k->cfg.utc_clock) {
        gmtime_r(&t, &tm);
    } else {
        localtime_r(&t, &tm);
    }
    char c[8];
    snprintf(c, sizeof(c), "%02d:%02d", tm.tm_hour % 24, tm.tm_min % 60);
    if (strcmp(c, k->clock) != 0) {
        wms_strlcpy(k->clock, c, sizeof(k->clock));
        k->dirty = true;
    }
}

static void refresh_sync(kiosk *k)
{
    k->db->ops->sync_status(k->db->d, &k->sy.s);
    if (k->hooks.sync_status) {
        k->hooks.sync_status(k->hooks.data, &k->sy.s);
    }
}

static void load_sync(kiosk *k);

/* An operation went to the outbox: wake the central link (when there is
 * one) so that it goes out now, not at the next idle poll. */
static void queued(kiosk *k)
{
    if (k->hooks.sync_queued) {
        k->hooks.sync_queued(k->hooks.data);
    }
    refresh_sync(k);
}

void kiosk_sync_refresh(kiosk *k, bool reload)
{
    kd_sync before = k->sy.s;
    refresh_sync(k);
    bool changed = memcmp(&before, &k->sy.s, sizeof(before)) != 0;
    if (k->screen == KS_SYNC && (changed || reload)) {
        load_sync(k);
    }
    if (changed) {
        k->dirty = true;
    }
}

void kiosk_fmt_count(int64_t v, char *buf, size_t cap)
{
    char digits[24];
    snprintf(digits, sizeof(digits), "%lld", (long long)(v < 0 ? 0 : v));
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            buf[o++] = ',';
        }
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

bool kiosk_pull_progress(const kd_sync *s, double *fraction, char *text, size_t cap, char *label,
                         size_t label_cap)
{
    *fraction = -1.0;
    if (text && cap) {
        text[0] = '\0';
    }
    if (label && label_cap) {
        label[0] = '\0';
    }
    if (!s->configured || !s->pulling) {
        return false;
    }
    char n[32];
    kiosk_fmt_count(s->pull_changes, n, sizeof(n));
    if (s->head > s->pull_from) {
        double f = (double)(s->cursor - s->pull_from) / (double)(s->head - s->pull_from);
        if (!(f >= 0.0)) {
            f = 0.0;
        }
        if (f > 0.99) {
            f = 0.99; /* the centre moved on, or the run's last pages: done is the run's end */
        }
        *fraction = f;
        if (text) {
            snprintf(text, cap, "Loading catalogue from the centre: %d %% (%s changes)",
                     (int)(f * 100.0 + 0.5), n);
        }
        if (label) {
            snprintf(label, label_cap, "Loading catalogue:");
        }
    } else {
        if (text) {
            snprintf(text, cap, "Loading catalogue: %s changes", n);
        }
        if (label) {
            snprintf(label, label_cap, "Loading catalogue: %s changes", n);
        }
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Navigation                                                               */
/* ------------------------------------------------------------------------ */

static void load_plans(kiosk *k);
static void load_docs(kiosk *k);
static void load_sync(kiosk *k);

static void go(kiosk *k, kscreen s)
{
    if (!k->logged_in && s != KS_LOGIN) {
        s = KS_LOGIN;
    }
    k->screen = s;
    k->modal = 0;
    k->sel = -1;
    k->dirty = true;
    switch (s) {
    case KS_RECEIVE:
        if (k->rcv.doc.id[0] == '\0') {
            k->rcv.step = 0;
            k->rcv.page.page = 1;
            load_plans(k);
        } else if (k->rcv.step == 2) {
            k->rcv.step = 1;
        }
        break;
    case KS_DOCS:
        k->docs.detail = false;
        load_docs(k);
        break;
    case KS_SYNC:
        load_sync(k);
        break;
    case KS_SETTINGS:
        k->set.unlocked = false;
        k->set.pin[0] = '\0';
        k->set.field = -1;
        k->set.page.page = 1;
        break;
    default:
        break;
    }
}

static void logout(kiosk *k, const char *why)
{
    k->logged_in = false;
    memset(&k->op, 0, sizeof(k->op));
    memset(&k->rcv.doc, 0, sizeof(k->rcv.doc));
    k->rcv.have_last = false;
    k->login.step = 0;
    k->login.code[0] = '\0';
    k->login.pin[0] = '\0';
    k->lk.kind = 0;
    go(k, KS_LOGIN);
    if (why) {
        say(k, WMS_UI_INFO, "%s", why);
    }
}

void kiosk_init(kiosk *k, kdata *db, const kiosk_cfg *cfg, const kiosk_hooks *hooks, int64_t now_ms)
{
    memset(k, 0, sizeof(*k));
    k->db = db;
    if (cfg) {
        k->cfg = *cfg;
    } else {
        kiosk_cfg_default(&k->cfg);
    }
    if (hooks) {
        k->hooks = *hooks;
    }
    k->now_ms = now_ms;
    k->last_input_ms = now_ms;
    k->rcv.page.page = 1;
    k->rcv.page.page_size = 5;
    k->rcv.lpage.page = 1;
    k->rcv.lpage.page_size = 5;
    k->docs.page.page = 1;
    k->docs.page.page_size = 5;
    k->docs.status = -1;
    update_clock(k);
    refresh_sync(k);
    go(k, KS_LOGIN);
}

/* ------------------------------------------------------------------------ */
/* Login                                                                    */
/* ------------------------------------------------------------------------ */

static int lock_slot(kiosk *k, int64_t id)
{
    int free_slot = -1;
    for (int i = 0; i < K_LOCKS; i++) {
        if (k->login.lock[i].id == id) {
            return i;
        }
        if (free_slot < 0 && k->login.lock[i].id == 0) {
            free_slot = i;
        }
    }
    if (free_slot < 0) {
        free_slot = 0; /* forget the oldest */
    }
    memset(&k->login.lock[free_slot], 0, sizeof(k->login.lock[free_slot]));
    k->login.lock[free_slot].id = id;
    return free_slot;
}

static void fmt_clock(const kiosk *k, int64_t ms, char *buf, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (k->cfg.utc_clock) {
        gmtime_r(&t, &tm);
    } else {
        localtime_r(&t, &tm);
    }
    snprintf(buf, cap, "%02d:%02d", tm.tm_hour % 24, tm.tm_min % 60);
}

static bool locked(kiosk *k, int64_t id)
{
    int s = lock_slot(k, id);
    if (k->login.lock[s].until > k->now_ms) {
        char until[8];
        fmt_clock(k, k->login.lock[s].until, until, sizeof(until));
        say(k, WMS_UI_ERR, "%s is locked until %s after %d wrong PINs. Ask a supervisor.",
            k->login.cand.name, until, k->cfg.lock_failures);
        return true;
    }
    return false;
}

static void login_badge(kiosk *k, const char *badge)
{
    wms_err err = {0};
    kd_operator op;
    if (k->db->ops->operator_by_badge(k->db->d, badge, &op, &err) != 0) {
        say(k, WMS_UI_ERR, "Unknown badge %s. Scan your own badge or type your operator code.",
            badge);
        return;
    }
    k->login.cand = op;
    if (locked(k, op.id)) {
        k->login.code[0] = '\0';
        return;
    }
    k->login.step = 1;
    k->login.pin[0] = '\0';
    k->dirty = true;
}

static void login_pin(kiosk *k)
{
    if (locked(k, k->login.cand.id)) {
        k->login.step = 0;
        k->login.pin[0] = '\0';
        return;
    }
    wms_err err = {0};
    int rc = k->db->ops->check_pin(k->db->d, k->login.cand.id, k->login.pin, k->now_ms, &err);
    k->login.pin[0] = '\0';
    int s = lock_slot(k, k->login.cand.id);
    if (rc == 0) {
        k->login.lock[s].fails = 0;
        k->op = k->login.cand;
        k->logged_in = true;
        k->login.step = 0;
        k->login.code[0] = '\0';
        go(k, KS_HOME);
        say(k, WMS_UI_OK, "Welcome, %s", k->op.name);
        return;
    }
    if (rc == WMS_ELOCKED) {
        say(k, WMS_UI_ERR, "%s", err.msg);
        k->login.step = 0;
        return;
    }
    k->login.lock[s].fails++;
    if (k->login.lock[s].fails >= k->cfg.lock_failures) {
        k->login.lock[s].fails = 0;
        k->login.lock[s].until = k->now_ms + k->cfg.lock_ms;
        k->login.step = 0;
        k->login.code[0] = '\0';
        locked(k, k->login.cand.id);
        return;
    }
    say(k, WMS_UI_ERR, "Wrong PIN (%d of %d tries). Type it again.", k->login.lock[s].fails,
        k->cfg.lock_failures);
}

/* ------------------------------------------------------------------------ */
/* Receive                                                                  */
/* ------------------------------------------------------------------------ */

static void load_plans(kiosk *k)
{
    wms_err err = {0};
    k->rcv.nplans = 0;
    if (k->db->ops->planned_receipts(k->db->d, &k->rcv.page, k->rcv.plans, K_ROWS, &k->rcv.nplans,
                                     &k->rcv.plans_total, &err) != 0) {
        say(k, WMS_UI_ERR, "Cannot list expected receipts: %s", err.msg);
    }
}

static void load_lines(kiosk *k)
{
    wms_err err = {0};
    k->rcv.nlines = 0;
    if (k->db->ops->doc_lines(k->db->d, k->rcv.doc.id, k->rcv.lines, K_LINES, &k->rcv.nlines,
                              &err) != 0) {
        say(k, WMS_UI_ERR, "Cannot read the lines: %s", err.msg);
    }
    k->db->ops->doc_get(k->db->d, k->rcv.doc.id, &k->rcv.doc, NULL);
    refresh_sync(k);
    k->dirty = true;
}

static int receive_begin(kiosk *k, const kd_planned *plan)
{
    wms_err err = {0};
    kd_doc d;
    if (k->db->ops->receipt_start(k->db->d, plan ? plan->id : 0, k->op.id, &d, &err) != 0) {
        say(k, WMS_UI_ERR, "Cannot start the receipt: %s", err.msg);
        return -1;
    }
    queued(k);
    k->rcv.doc = d;
    memset(&k->rcv.plan, 0, sizeof(k->rcv.plan));
    if (plan) {
        k->rcv.plan = *plan;
    }
    if (k->db->ops->receiving_location(k->db->d, &k->rcv.loc, &err) != 0) {
        memset(&k->rcv.loc, 0, sizeof(k->rcv.loc));
    }
    k->rcv.step = 1;
    k->rcv.have_last = false;
    k->rcv.lpage.page = 1;
    k->rcv.selected = -1;
    load_lines(k);
    return 0;
}

/* Resume an existing draft receipt. */
static void receive_resume(kiosk *k, const kd_doc *d)
{
    wms_err err = {0};
    k->rcv.doc = *d;
    memset(&k->rcv.plan, 0, sizeof(k->rcv.plan));
    if (k->db->ops->receiving_location(k->db->d, &k->rcv.loc, &err) != 0) {
        memset(&k->rcv.loc, 0, sizeof(k->rcv.loc));
    }
    k->rcv.step = 1;
    k->rcv.have_last = false;
    k->rcv.lpage.page = 1;
    k->rcv.selected = -1;
    load_lines(k);
    go(k, KS_RECEIVE);
}

static const kd_line *line_of(const kiosk *k, int64_t product_id)
{
    for (int i = 0; i < k->rcv.nlines; i++) {
        if (k->rcv.lines[i].product_id == product_id) {
            return &k->rcv.lines[i];
        }
    }
    return NULL;
}

static void qty_str(wms_qty q, char *buf, size_t cap)
{
    if (wms_qty_format(q, buf, cap) != 0) {
        wms_strlcpy(buf, "?", cap);
    }
}

/* Add `item` durably, then give feedback.  Returns 0 when recorded. */
static int receive_commit(kiosk *k, const kd_item *item, const kd_product *p, const char *extra)
{
    wms_err err = {0};
    int rc = k->db->ops->receipt_add(k->db->d, k->rcv.doc.id, item, &err);
    if (rc != 0) {
        say(k, WMS_UI_ERR, "Not recorded: %s", err.msg);
        return rc;
    }
    load_lines(k);
    queued(k);
    const kd_line *l = line_of(k, p->id);
    char got[WMS_QTY_STRING_MAX], exp[WMS_QTY_STRING_MAX], add[WMS_QTY_STRING_MAX];
    qty_str(item->qty, add, sizeof(add));
    qty_str(l ? l->received : item->qty, got, sizeof(got));
    if (l) {
        k->rcv.selected = (int)(l - k->rcv.lines);
        k->rcv.lpage.page = k->rcv.selected / k->rcv.lpage.page_size + 1;
        k->rcv.selected %= (int)k->rcv.lpage.page_size;
    }
    if (l && l->expected.milli > 0 && l->received.milli > l->expected.milli) {
        qty_str(l->expected, exp, sizeof(exp));
        say(k, WMS_UI_WARN, "Over-receipt: %s of %s %s expected for %s. Check the delivery.", got,
            exp, p->uom, p->sku);
    } else if (extra && *extra) {
        say(k, WMS_UI_WARN, "%s%s %s %s recorded. %s", item->qty.milli >= 0 ? "+" : "", add, p->uom,
            p->sku, extra);
    } else {
        say(k, WMS_UI_OK, "%s%s %s %s at %s (now %s)", item->qty.milli >= 0 ? "+" : "", add, p->uom,
            p->name, k->rcv.loc.code, got);
    }
    return 0;
}

static void receive_product(kiosk *k, const wms_scan_class *c)
{
    if (!c->gtin[0]) {
        say(k, WMS_UI_ERR, "This label has no product number (GS1 AI 01). Scan the product label.");
        return;
    }
    wms_err err = {0};
    kd_product p;
    wms_qty pack;
    if (k->db->ops->product_by_gtin(k->db->d, c->gtin, &p, &pack, &err) != 0) {
        say(k, WMS_UI_ERR, "Unknown barcode %s. Scan the product label, not the carton.", c->gtin);
        return;
    }
    if (k->rcv.loc.id == 0) {
        say(k, WMS_UI_ERR, "No location: scan a location label first.");
        return;
    }
    kd_item it;
    memset(&it, 0, sizeof(it));
    it.product_id = p.id;
    it.location_id = k->rcv.loc.id;
    it.qty = pack;
    char extra[128] = "";
    if (c->kind == WMS_SCAN_GS1) {
        const wms_gs1_element *e;
        if ((e = wms_gs1_find(&c->gs1, "10")) != NULL) {
            wms_strlcpy(it.lot, e->value, sizeof(it.lot));
        }
        if ((e = wms_gs1_find(&c->gs1, "21")) != NULL) {
            wms_strlcpy(it.serial, e->value, sizeof(it.serial));
        }
        if ((e = wms_gs1_find(&c->gs1, "30")) != NULL && e->decimal > 0) {
            wms_qty_mul(pack, e->decimal, &it.qty);
        }
        if ((e = wms_gs1_find(&c->gs1, "17")) != NULL && e->kind == WMS_GS1_KIND_DATE) {
            wms_date_format(e->date, it.expiry);
            wms_date today = wms_date_from_unix_ms(k->now_ms);
            if (wms_date_compare(e->date, today) < 0) {
                snprintf(extra, sizeof(extra), "Lot %s expired on %s: set it aside.",
                         it.lot[0] ? it.lot : "-", it.expiry);
            }
        }
    }
    if (!extra[0] && strcmp(p.tracking, "lot") == 0 && !it.lot[0]) {
        snprintf(extra, sizeof(extra), "No lot on this label: scan the GS1 label with the lot.");
    }
    if (k->rcv.have_last && k->rcv.last.product_id == it.product_id &&
        k->rcv.last.location_id == it.location_id && strcmp(k->rcv.last.lot, it.lot) == 0) {
        wms_qty_add(k->rcv.last.qty, it.qty, &k->rcv.last.qty);
    } else {
        k->rcv.last = it;
        k->rcv.last_p = p;
        k->rcv.have_last = true;
    }
    if (receive_commit(k, &it, &p, extra) != 0) {
        /* Not recorded: take it back out of the current item. */
        wms_qty neg = {-it.qty.milli};
        wms_qty_add(k->rcv.last.qty, neg, &k->rcv.last.qty);
    }
}

static void receive_location(kiosk *k, const char *code)
{
    wms_err err = {0};
    kd_location l;
    if (k->db->ops->location_by_code(k->db->d, code, &l, &err) != 0) {
        say(k, WMS_UI_ERR, "Unknown location %s. Scan a location label (L:...).", code);
        return;
    }
    k->rcv.loc = l;
    k->rcv.have_last = false;
    say(k, WMS_UI_OK, "Location %s: next products go there.", l.code);
}

static void receive_set_qty(kiosk *k)
{
    const kd_product *p = &k->rcv.last_p;
    wms_qty q;
    wms_err err = {0};
    if (wms_qty_parse(k->rcv.qty, strlen(k->rcv.qty), (unsigned)p->decimals, false, &q, &err) !=
        0) {
        say(k, WMS_UI_ERR, "Quantity '%s' is not valid for %s: %s", k->rcv.qty, p->uom, err.msg);
        return;
    }
    wms_qty delta = {q.milli - k->rcv.last.qty.milli};
    k->rcv.step = 1;
    k->dirty = true;
    if (delta.milli == 0) {
        return;
    }
    kd_item it = k->rcv.last;
    it.qty = delta;
    if (receive_commit(k, &it, p, NULL) == 0) {
        k->rcv.last.qty = q;
    }
}

static void receive_scan(kiosk *k, const wms_scan_class *c)
{
    if (k->rcv.step == 0) {
        if (c->kind == WMS_SCAN_DOCUMENT) {
            for (int i = 0; i < k->rcv.nplans; i++) {
                if (strcasecmp(k->rcv.plans[i].ref, c->code) == 0) {
                    receive_begin(k, &k->rcv.plans[i]);
                    return;
                }
            }
            say(k, WMS_UI_ERR, "No expected receipt %s. Pick one from the list.", c->code);
            return;
        }
        if (c->kind == WMS_SCAN_GTIN || c->kind == WMS_SCAN_GS1) {
            if (receive_begin(k, NULL) == 0) {
                receive_product(k, c);
            }
            return;
        }
    }
    if (k->rcv.step == 2) {
        k->rcv.step = 1;
    }
    switch (c->kind) {
    case WMS_SCAN_GTIN:
    case WMS_SCAN_GS1:
        receive_product(k, c);
        break;
    case WMS_SCAN_LOCATION:
        receive_location(k, c->code);
        break;
    default:
        say(k, WMS_UI_ERR, "Not a product or a location (%s). Scan the product label.",
            wms_scan_kind_name(c->kind));
        break;
    }
}

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

static void lookup_class(kiosk *k, const wms_scan_class *c)
{
    wms_err err = {0};
    k->lk.kind = 0;
    k->dirty = true;
    if (c->kind == WMS_SCAN_GTIN || (c->kind == WMS_SCAN_GS1 && c->gtin[0])) {
        if (k->db->ops->product_by_gtin(k->db->d, c->gtin, &k->lk.p, &k->lk.pack, &err) != 0) {
            say(k, WMS_UI_ERR, "Unknown barcode %s: not in this terminal's catalogue.", c->gtin);
            return;
        }
        wms_strlcpy(k->lk.gtin, c->gtin, sizeof(k->lk.gtin));
        k->lk.kind = 1;
        k->lk.nbcs = 0;
        k->db->ops->product_barcodes(k->db->d, k->lk.p.id, k->lk.bcs, (int)WMS_ARRAY_LEN(k->lk.bcs),
                                     &k->lk.nbcs, &err);
        k->db->ops->stock_by_product(k->db->d, k->lk.p.id, k->lk.rows, K_ROWS, &k->lk.nrows, &err);
        return;
    }
    if (c->kind == WMS_SCAN_LOCATION) {
        if (k->db->ops->location_by_code(k->db->d, c->code, &k->lk.l, &err) != 0) {
            say(k, WMS_UI_ERR, "Unknown location %s.", c->code);
            return;
        }
        k->lk.kind = 2;
        k->db->ops->stock_by_location(k->db->d, k->lk.l.id, k->lk.rows, K_ROWS, &k->lk.nrows, &err);
        return;
    }
    if (c->kind == WMS_SCAN_DOCUMENT) {
        if (k->db->ops->doc_get(k->db->d, c->code, &k->lk.d, &err) != 0) {
            say(k, WMS_UI_ERR, "No document %s on this terminal.", c->code);
            return;
        }
        k->lk.kind = 3;
        k->db->ops->doc_lines(k->db->d, k->lk.d.id, k->lk.lines, K_ROWS, &k->lk.nlines, &err);
        return;
    }
    say(k, WMS_UI_ERR, "Nothing to look up for a %s scan. Scan a product, location or document.",
        wms_scan_kind_name(c->kind));
}

/* ------------------------------------------------------------------------ */
/* Documents                                                                */
/* ------------------------------------------------------------------------ */

static void load_docs(kiosk *k)
{
    wms_err err = {0};
    k->docs.n = 0;
    if (k->db->ops->docs_list(k->db->d, k->docs.status, &k->docs.page, k->docs.rows, K_ROWS,
                              &k->docs.n, &k->docs.total, &err) != 0) {
        say(k, WMS_UI_ERR, "Cannot list documents: %s", err.msg);
    }
    k->dirty = true;
}

static void docs_open(kiosk *k, const kd_doc *d)
{
    wms_err err = {0};
    k->docs.d = *d;
    k->docs.detail = true;
    k->docs.nlines = 0;
    k->db->ops->doc_lines(k->db->d, d->id, k->docs.lines, K_ROWS, &k->docs.nlines, &err);
    k->dirty = true;
}

/* ------------------------------------------------------------------------ */
/* Sync                                                                     */
/* ------------------------------------------------------------------------ */

static void load_sync(kiosk *k)
{
    refresh_sync(k);
    wms_health_init(&k->sy.h);
    k->db->ops->health(k->db->d, &k->sy.h);
    if (k->hooks.health) {
        k->hooks.health(k->hooks.data, &k->sy.h);
    }
    wms_page pg = {1, 3};
    wms_err err = {0};
    k->sy.nrej = 0;
    k->sy.nrej_total = 0;
    if (k->db->ops->docs_list(k->db->d, WMS_DOC_REJECTED, &pg, k->sy.rej, 3, &k->sy.nrej,
                              &k->sy.nrej_total, &err) != 0) {
        k->sy.nrej = 0;
    }
    k->dirty = true;
}

void kiosk_notify(kiosk *k, wms_ui_kind kind, const char *msg, int64_t now_ms)
{
    k->now_ms = now_ms;
    say(k, kind, "%s", msg);
    if (k->screen == KS_SYNC) {
        load_sync(k);
    } else {
        refresh_sync(k);
    }
}

/* ------------------------------------------------------------------------ */
/* Events                                                                   */
/* ------------------------------------------------------------------------ */

static void input(kiosk *k, int64_t now_ms)
{
    k->now_ms = now_ms;
    k->last_input_ms = now_ms;
    k->dirty = true;
}

static void scantest_add(kiosk *k, const uint8_t *data, size_t len, const char *cls)
{
    int slot = k->st.n < K_SCANTEST ? k->st.n++ : K_SCANTEST - 1;
    if (slot == K_SCANTEST - 1 && k->st.n == K_SCANTEST) {
        memmove(k->st.raw[0], k->st.raw[1], sizeof(k->st.raw[0]) * (K_SCANTEST - 1));
        memmove(k->st.cls[0], k->st.cls[1], sizeof(k->st.cls[0]) * (K_SCANTEST - 1));
    }
    char *o = k->st.raw[slot];
    size_t cap = sizeof(k->st.raw[slot]), n = 0;
    for (size_t i = 0; i < len && n + 8 < cap; i++) {
        uint8_t b = data[i];
        if (b == 0x1D) {
            n += (size_t)snprintf(o + n, cap - n, "<GS>");
        } else if (b < 0x20 || b == 0x7F) {
            n += (size_t)snprintf(o + n, cap - n, "<%02X>", b);
        } else {
            o[n++] = (char)b;
        }
    }
    o[n] = '\0';
    wms_strlcpy(k->st.cls[slot], cls, sizeof(k->st.cls[slot]));
}

void kiosk_scan(kiosk *k, const uint8_t *data, size_t len, int64_t now_ms)
{
    input(k, now_ms);
    wms_scan_class c;
    wms_err err = {0};
    int rc = wms_scan_classify(data, len, NULL, &c, &err);
    char cls[160];
    if (rc != 0) {
        snprintf(cls, sizeof(cls), "refused: %.140s", err.msg);
    } else {
        snprintf(cls, sizeof(cls), "%s%s%s", wms_scan_kind_name(c.kind), c.aim.id[0] ? " " : "",
                 c.aim.id);
    }
    scantest_add(k, data, len, cls);
    kd_scan_rec rec = {data,
                       len,
                       k->op.id,
                       kiosk_screen_name(k->screen),
                       rc == 0 ? wms_scan_kind_name(c.kind) : "invalid",
                       rc == 0 ? "accepted" : "refused"};
    k->db->ops->scan_log(k->db->d, &rec);
    if (rc != 0) {
        say(k, WMS_UI_ERR, "Barcode not readable: %s. Scan it again.", err.msg);
        return;
    }
    if (k->modal) {
        say(k, WMS_UI_WARN, "Answer the question on screen first.");
        return;
    }
    switch (k->screen) {
    case KS_LOGIN:
        if (c.kind == WMS_SCAN_BADGE) {
            login_badge(k, c.code);
        } else {
            say(k, WMS_UI_ERR, "Scan your badge (B:...) or type your operator code to log in.");
        }
        break;
    case KS_RECEIVE:
        receive_scan(k, &c);
        break;
    case KS_DOCS:
        if (c.kind == WMS_SCAN_DOCUMENT) {
            kd_doc d;
            if (k->db->ops->doc_get(k->db->d, c.code, &d, &err) == 0) {
                docs_open(k, &d);
            } else {
                say(k, WMS_UI_ERR, "No document %s on this terminal.", c.code);
            }
            break;
        }
        go(k, KS_LOOKUP);
        lookup_class(k, &c);
        break;
    case KS_SCANTEST:
        tone(k, WMS_TONE_SUCCESS);
        break;
    case KS_HOME:
    case KS_LOOKUP:
    case KS_SYNC:
    default:
        if (c.kind == WMS_SCAN_BADGE) {
            say(k, WMS_UI_INFO, "Already logged in as %s. Log out first to switch.", k->op.name);
            break;
        }
        go(k, KS_LOOKUP);
        lookup_class(k, &c);
        break;
    }
}

void kiosk_scan_rejected(kiosk *k, const uint8_t *data, size_t len, const char *why, int64_t now_ms)
{
    input(k, now_ms);
    char outcome[96];
    snprintf(outcome, sizeof(outcome), "rejected: %s", why);
    kd_scan_rec rec = {data, len, k->op.id, kiosk_screen_name(k->screen), "incomplete", outcome};
    k->db->ops->scan_log(k->db->d, &rec);
    scantest_add(k, data, len, outcome);
    say(k, WMS_UI_ERR, "Incomplete scan (%s). Scan again.", why);
}

static void field_append(char *field, size_t cap, const char *s)
{
    size_t n = strlen(field);
    for (size_t i = 0; s[i] && n + 1 < cap; i++) {
        field[n++] = s[i];
    }
    field[n] = '\0';
}

static void field_backspace(char *field)
{
    size_t n = strlen(field);
    while (n > 0) {
        n--;
        if (((unsigned char)field[n] & 0xC0) != 0x80) {
            break;
        }
    }
    field[n] = '\0';
}

static void settings_type(kiosk *k, const char *utf8);
static void settings_backspace(kiosk *k);

void kiosk_text(kiosk *k, const char *utf8, int64_t now_ms)
{
    input(k, now_ms);
    if (k->screen == KS_LOGIN) {
        if (k->login.step == 0) {
            field_append(k->login.code, sizeof(k->login.code), utf8);
        } else {
            for (const char *p = utf8; *p; p++) {
                if (*p >= '0' && *p <= '9' && strlen(k->login.pin) + 1 < sizeof(k->login.pin)) {
                    field_append(k->login.pin, sizeof(k->login.pin), (char[]){*p, 0});
                }
            }
        }
    } else if (k->screen == KS_SETTINGS && k->set.unlocked) {
        settings_type(k, utf8);
    } else if (k->screen == KS_SETTINGS && !k->set.unlocked) {
        for (const char *p = utf8; *p; p++) {
            if (*p >= '0' && *p <= '9') {
                wms_keypad_edit(k->set.pin, sizeof(k->set.pin), 0, WMS_UI_ACT_KEY_0 + (*p - '0'));
            }
        }
    } else if (k->screen == KS_LOOKUP) {
        field_append(k->lk.field, sizeof(k->lk.field), utf8);
    } else if (k->screen == KS_RECEIVE && k->rcv.step == 2) {
        for (const char *p = utf8; *p; p++) {
            int a = *p == '.' ? WMS_UI_ACT_KEY_DOT
                              : (*p >= '0' && *p <= '9' ? WMS_UI_ACT_KEY_0 + (*p - '0') : 0);
            if (a) {
                wms_keypad_edit(k->rcv.qty, sizeof(k->rcv.qty), k->rcv.last_p.decimals, a);
            }
        }
    }
}

static void settings_unlock(kiosk *k)
{
    bool allowed = strcmp(k->op.role, "admin") == 0 || strcmp(k->op.role, "supervisor") == 0;
    wms_err err = {0};
    if (!allowed) {
        k->set.pin[0] = '\0';
        say(k, WMS_UI_ERR, "Settings need an admin or a supervisor: ask one to log in.");
        return;
    }
    int rc = k->db->ops->check_pin(k->db->d, k->op.id, k->set.pin, k->now_ms, &err);
    k->set.pin[0] = '\0';
    if (rc != 0) {
        say(k, WMS_UI_ERR, "Wrong PIN. Settings stay locked.");
        return;
    }
    k->set.unlocked = true;
    k->dirty = true;
}

static void sound_changed(kiosk *k)
{
    if (k->hooks.sound) {
        k->hooks.sound(k->hooks.data, k->cfg.volume, k->cfg.mute);
    }
    k->dirty = true;
    tone(k, WMS_TONE_SUCCESS); /* hear the new level */
}

/* ---- settings ------------------------------------------------------------ */

static const char *const set_links[] = {"none", "pg", "http"};
static const char *const set_suffixes[] = {"enter", "tab", "none"};
static const char *const set_sizes[] = {"800x480", "1024x600", "1280x800", "480x800"};

const char *kiosk_setting(const kiosk *k, int row, char *buf, size_t cap)
{
    const kiosk_cfg *c = &k->cfg;
    bool typing = k->set.field == row;
    switch (row) {
    case KSET_TERMINAL:
        snprintf(buf, cap, "%s%s", c->terminal, typing ? "_" : "");
        return "Terminal";
    case KSET_WAREHOUSE:
        snprintf(buf, cap, "%s%s", c->warehouse, typing ? "_" : "");
        return "Warehouse";
    case KSET_LINK:
        snprintf(buf, cap, "%s", c->link);
        return "Central link";
    case KSET_SUFFIX:
        snprintf(buf, cap, "%s", set_suffixes[c->suffix >= 0 && c->suffix < 3 ? c->suffix : 0]);
        return "Scanner suffix";
    case KSET_PREFIX:
        snprintf(buf, cap, "%s%s", c->prefix[0] || typing ? c->prefix : "none", typing ? "_" : "");
        return "Scanner prefix";
    case KSET_SIZE:
        snprintf(buf, cap, "%s", c->size);
        return "Screen";
    case KSET_SOUND:
        snprintf(buf, cap, "%d %%%s", c->volume, c->mute ? " (muted)" : "");
        return "Sound";
    default:
        snprintf(buf, cap, "%s", "");
        return "";
    }
}

/* The next name after `cur` in `names` (wrapping). */
static void cycle(char *cur, size_t cap, const char *const *names, size_t n)
{
    size_t i = 0;
    while (i < n && strcmp(cur, names[i]) != 0) {
        i++;
    }
    wms_strlcpy(cur, names[i < n ? (i + 1) % n : 0], cap);
}

static void settings_row(kiosk *k, int row)
{
    kiosk_cfg *c = &k->cfg;
    k->dirty = true;
    switch (row) {
    case KSET_TERMINAL:
    case KSET_WAREHOUSE:
    case KSET_PREFIX:
        /* typed on the keyboard; tap again to stop */
        k->set.field = k->set.field == row ? -1 : row;
        return;
    case KSET_LINK:
        cycle(c->link, sizeof(c->link), set_links, WMS_ARRAY_LEN(set_links));
        break;
    case KSET_SUFFIX:
        c->suffix = (c->suffix + 1) % 3;
        break;
    case KSET_SIZE:
        cycle(c->size, sizeof(c->size), set_sizes, WMS_ARRAY_LEN(set_sizes));
        break;
    default:
        return;
    }
    k->set.field = -1;
    k->set.changed = true;
}

/* The text setting being typed into (its buffer size in *cap), or NULL. */
static char *settings_field(kiosk *k, size_t *cap)
{
    kiosk_cfg *c = &k->cfg;
    char *f = NULL;
    size_t n = 0;
    switch (k->set.field) {
    case KSET_TERMINAL:
        f = c->terminal;
        n = sizeof(c->terminal);
        break;
    case KSET_WAREHOUSE:
        f = c->warehouse;
        n = sizeof(c->warehouse);
        break;
    case KSET_PREFIX:
        f = c->prefix;
        n = sizeof(c->prefix);
        break;
    default:
        break;
    }
    if (cap) {
        *cap = n;
    }
    return f;
}

/* Typed text into the setting being edited: codes are A-Z a-z 0-9 - _ ,
 * a prefix any printable ASCII except space, '#' and ';' (INI comments). */
static void settings_type(kiosk *k, const char *utf8)
{
    size_t cap = 0;
    char *f = settings_field(k, &cap);
    if (!f) {
        return;
    }
    for (const char *p = utf8; *p; p++) {
        char ch = *p;
        bool ok = k->set.field == KSET_PREFIX
                          ? (ch > ' ' && ch < 0x7f && ch != '#' && ch != ';')
                          : ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                             (ch >= '0' && ch <= '9') || ch == '-' || ch == '_');
        size_t n = strlen(f);
        if (!ok || n + 1 >= cap) {
            say(k, WMS_UI_WARN, "'%c' cannot go there (letters, digits, - and _ only; at most %zu)",
                ch >= ' ' && ch < 0x7f ? ch : '?', cap - 1);
            return;
        }
        f[n] = ch;
        f[n + 1] = '\0';
    }
    k->set.changed = true;
    k->dirty = true;
}

static void settings_backspace(kiosk *k)
{
    char *f = settings_field(k, NULL);
    if (!f) {
        return;
    }
    field_backspace(f);
    k->set.changed = true;
    k->dirty = true;
}

static void settings_save(kiosk *k)
{
    k->set.field = -1;
    if (!k->cfg.terminal[0] || !k->cfg.warehouse[0]) {
        say(k, WMS_UI_ERR, "Terminal and warehouse cannot be empty.");
        return;
    }
    if (!k->hooks.save_settings) {
        say(k, WMS_UI_ERR, "Settings cannot be saved here (no config file).");
        return;
    }
    wms_err err = {0};
    if (k->hooks.save_settings(k->hooks.data, &k->cfg, &err) != 0) {
        say(k, WMS_UI_ERR, "Not saved: %s", err.msg);
        return;
    }
    k->set.changed = false;
    say(k, WMS_UI_OK, "%s", err.msg[0] ? err.msg : "Settings saved.");
}

static void submit_field(kiosk *k)
{
    if (k->screen == KS_SETTINGS && !k->set.unlocked) {
        settings_unlock(k);
        return;
    }
    if (k->screen == KS_SETTINGS) {
        k->set.field = -1; /* Enter ends typing */
        k->dirty = true;
        return;
    }
    if (k->screen == KS_LOGIN) {
        if (k->login.step == 0) {
            if (k->login.code[0]) {
                login_badge(k, k->login.code);
            }
        } else if (k->login.pin[0]) {
            login_pin(k);
        }
    } else if (k->screen == KS_LOOKUP && k->lk.field[0]) {
        /* A typed code goes through the same classifier as a scan. */
        char code[64];
        wms_strlcpy(code, k->lk.field, sizeof(code));
        k->lk.field[0] = '\0';
        wms_scan_class c;
        wms_err err = {0};
        if (wms_scan_classify((const uint8_t *)code, strlen(code), NULL, &c, &err) != 0) {
            say(k, WMS_UI_ERR, "'%s' is not a valid code: %s", code, err.msg);
            return;
        }
        if (c.kind == WMS_SCAN_TEXT) {
            /* A bare location or document code typed by a person. */
            kd_location l;
            kd_doc d;
            if (k->db->ops->location_by_code(k->db->d, code, &l, NULL) == 0) {
                c.kind = WMS_SCAN_LOCATION;
                wms_strlcpy(c.code, l.code, sizeof(c.code));
            } else if (k->db->ops->doc_get(k->db->d, code, &d, NULL) == 0) {
                c.kind = WMS_SCAN_DOCUMENT;
                wms_strlcpy(c.code, code, sizeof(c.code));
            }
        }
        lookup_class(k, &c);
    }
}

static void modal_answer(kiosk *k, bool yes)
{
    int m = k->modal;
    k->modal = 0;
    k->dirty = true;
    if (!yes) {
        return;
    }
    wms_err err = {0};
    if (m == KA_POST) {
        char ref[KD_CODE_MAX];
        wms_strlcpy(ref, k->rcv.doc.ref, sizeof(ref));
        if (k->db->ops->doc_post(k->db->d, k->rcv.doc.id, &err) != 0) {
            say(k, WMS_UI_ERR, "Not posted: %s", err.msg);
            return;
        }
        memset(&k->rcv.doc, 0, sizeof(k->rcv.doc));
        queued(k);
        go(k, KS_HOME);
        say(k, WMS_UI_OK, "Receipt %s posted. It goes to the centre with the next sync.", ref);
    } else if (m == KA_CANCEL_DOC) {
        const char *id = k->screen == KS_RECEIVE ? k->rcv.doc.id : k->docs.d.id;
        char ref[KD_CODE_MAX];
        wms_strlcpy(ref, k->screen == KS_RECEIVE ? k->rcv.doc.ref : k->docs.d.ref, sizeof(ref));
        if (k->db->ops->doc_cancel(k->db->d, id, &err) != 0) {
            say(k, WMS_UI_ERR, "Not cancelled: %s", err.msg);
            return;
        }
        if (strcmp(id, k->rcv.doc.id) == 0) {
            memset(&k->rcv.doc, 0, sizeof(k->rcv.doc));
        }
        queued(k);
        go(k, k->screen == KS_RECEIVE ? KS_HOME : KS_DOCS);
        say(k, WMS_UI_OK, "Draft %s cancelled.", ref);
    } else if (m == KA_LOGOUT) {
        logout(k, "Logged out.");
    }
}

static void page_move(wms_page *p, int64_t total, int dir)
{
    /* (the caller's list selection is reset by kiosk_action) */
    int64_t pages = wms_page_count(total, p->page_size);
    if (dir < 0 && p->page > 1) {
        p->page--;
    } else if (dir > 0 && p->page < pages) {
        p->page++;
    }
}

void kiosk_action(kiosk *k, int a, int64_t now_ms)
{
    input(k, now_ms);
    if (a == KA_PREV || a == KA_NEXT || a == KA_FILTER) {
        k->sel = -1;
    }
    if (a == WMS_UI_ACT_MODAL_YES || a == WMS_UI_ACT_MODAL_NO) {
        modal_answer(k, a == WMS_UI_ACT_MODAL_YES);
        return;
    }
    if (k->modal) {
        return;
    }
    if (k->screen == KS_LOGIN) {
        if (k->login.step == 1 && a >= WMS_UI_ACT_KEY_0 && a <= WMS_UI_ACT_KEY_CLEAR) {
            wms_keypad_edit(k->login.pin, sizeof(k->login.pin), 0, a);
        } else if (a == WMS_UI_ACT_KEY_OK || a == KA_LOGIN_NEXT) {
            submit_field(k);
        } else if (a == KA_BACK) {
            k->login.step = 0;
            k->login.code[0] = '\0';
            k->login.pin[0] = '\0';
        }
        return;
    }
    switch (a) {
    case KA_HOME:
        go(k, KS_HOME);
        return;
    case KA_TILE_RECEIVE:
        go(k, KS_RECEIVE);
        return;
    case KA_TILE_LOOKUP:
        go(k, KS_LOOKUP);
        return;
    case KA_TILE_DOCS:
        go(k, KS_DOCS);
        return;
    case KA_TILE_SYNC:
        go(k, KS_SYNC);
        return;
    case KA_SCANTEST:
        go(k, KS_SCANTEST);
        return;
    case KA_SETTINGS:
        go(k, KS_SETTINGS);
        return;
    case KA_LOGOUT:
        k->modal = KA_LOGOUT;
        return;
    case KA_TILE_MOVE:
    case KA_TILE_PICK:
    case KA_TILE_COUNT:
        say(k, WMS_UI_INFO, "Not available yet on this terminal.");
        return;
    default:
        break;
    }
    switch (k->screen) {
    case KS_RECEIVE:
        if (k->rcv.step == 0) {
            if (a == KA_UNPLANNED) {
                receive_begin(k, NULL);
            } else if (a == KA_PREV || a == KA_NEXT) {
                page_move(&k->rcv.page, k->rcv.plans_total, a == KA_PREV ? -1 : 1);
                load_plans(k);
            } else if (a >= KA_ROW && a < KA_ROW + k->rcv.nplans) {
                receive_begin(k, &k->rcv.plans[a - KA_ROW]);
            } else if (a == KA_BACK) {
                go(k, KS_HOME);
            }
        } else if (k->rcv.step == 2) {
            if (a == WMS_UI_ACT_KEY_OK) {
                receive_set_qty(k);
            } else if (a == KA_BACK) {
                k->rcv.step = 1;
            } else {
                wms_keypad_edit(k->rcv.qty, sizeof(k->rcv.qty), k->rcv.last_p.decimals, a);
            }
        } else {
            if (a == KA_SET_QTY) {
                if (!k->rcv.have_last) {
                    say(k, WMS_UI_INFO, "Scan a product first, then set its quantity.");
                } else {
                    qty_str(k->rcv.last.qty, k->rcv.qty, sizeof(k->rcv.qty));
                    k->rcv.step = 2;
                }
            } else if (a == KA_POST) {
                if (k->rcv.doc.lines == 0 && k->rcv.nlines == 0) {
                    say(k, WMS_UI_INFO, "Nothing to post yet: scan a product.");
                } else {
                    k->modal = KA_POST;
                }
            } else if (a == KA_CANCEL_DOC) {
                k->modal = KA_CANCEL_DOC;
            } else if (a == KA_PREV || a == KA_NEXT) {
                page_move(&k->rcv.lpage, k->rcv.nlines, a == KA_PREV ? -1 : 1);
                k->rcv.selected = -1;
            } else if (a == KA_BACK) {
                go(k, KS_HOME);
            }
        }
        return;
    case KS_LOOKUP:
        if (a == KA_BACK) {
            go(k, KS_HOME);
        }
        return;
    case KS_DOCS:
        if (k->docs.detail) {
            if (a == KA_BACK) {
                k->docs.detail = false;
                load_docs(k);
            } else if (a == KA_RESUME && k->docs.d.status == WMS_DOC_DRAFT &&
                       k->docs.d.type == WMS_DOC_RECEIPT) {
                receive_resume(k, &k->docs.d);
            } else if (a == KA_CANCEL_DOC && k->docs.d.status == WMS_DOC_DRAFT) {
                k->modal = KA_CANCEL_DOC;
            }
            return;
        }
        if (a == KA_FILTER) {
            k->docs.status = k->docs.status + 1 >= WMS_DOC_STATUS_COUNT_ ? -1 : k->docs.status + 1;
            k->docs.page.page = 1;
            load_docs(k);
        } else if (a == KA_PREV || a == KA_NEXT) {
            page_move(&k->docs.page, k->docs.total, a == KA_PREV ? -1 : 1);
            load_docs(k);
        } else if (a >= KA_ROW && a < KA_ROW + k->docs.n) {
            docs_open(k, &k->docs.rows[a - KA_ROW]);
        } else if (a == KA_BACK) {
            go(k, KS_HOME);
        }
        return;
    case KS_SYNC:
        if (a == KA_SYNC_NOW) {
            if (k->hooks.sync_now && k->sy.s.configured) {
                k->hooks.sync_now(k->hooks.data);
                say(k, WMS_UI_INFO, "Sync started.");
            } else {
                say(k, WMS_UI_INFO, "No central link configured: work stays on this terminal.");
            }
            load_sync(k);
        } else if (a == KA_BACK) {
            go(k, KS_HOME);
        }
        return;
    case KS_SCANTEST:
        if (a == KA_BACK) {
            go(k, KS_SYNC);
        }
        return;
    case KS_SETTINGS:
        if (a == KA_BACK) {
            go(k, KS_SYNC);
        } else if (!k->set.unlocked) {
            if (a == WMS_UI_ACT_KEY_OK) {
                settings_unlock(k);
            } else {
                wms_keypad_edit(k->set.pin, sizeof(k->set.pin), 0, a);
            }
        } else if (a == KA_VOL_DOWN || a == KA_VOL_UP) {
            int v = k->cfg.volume + (a == KA_VOL_UP ? 10 : -10);
            k->cfg.volume = v < 0 ? 0 : (v > 100 ? 100 : v);
            sound_changed(k);
        } else if (a == KA_MUTE) {
            k->cfg.mute = !k->cfg.mute;
            sound_changed(k);
        } else if (a == KA_SAVE) {
            settings_save(k);
        } else if (a == KA_PREV || a == KA_NEXT) {
            page_move(&k->set.page, KSET_COUNT_, a == KA_PREV ? -1 : 1);
            k->set.field = -1;
            k->dirty = true;
        } else if (a >= KA_ROW && a < KA_ROW + k->set.per_page) {
            int64_t row = (k->set.page.page - 1) * (int64_t)k->set.page.page_size + (a - KA_ROW);
            if (row >= 0 && row < KSET_COUNT_) {
                settings_row(k, (int)row);
            }
        }
        return;
    default:
        return;
    }
}

void kiosk_key(kiosk *k, kkey key, int64_t now_ms)
{
    input(k, now_ms);
    if (k->modal) {
        if (key == KK_ENTER) {
            modal_answer(k, true);
        } else if (key == KK_ESC) {
            modal_answer(k, false);
        }
        return;
    }
    if (k->logged_in) {
        switch (key) {
        case KK_F1:
            go(k, KS_HOME);
            return;
        case KK_F2:
            go(k, KS_LOOKUP);
            return;
        case KK_F3:
            go(k, KS_DOCS);
            return;
        case KK_F4:
            go(k, KS_SYNC);
            return;
        default:
            break;
        }
    }
    switch (key) {
    case KK_UP:
    case KK_DOWN: {
        int n = k->screen == KS_DOCS && !k->docs.detail
                        ? k->docs.n
                        : (k->screen == KS_RECEIVE && k->rcv.step == 0 ? k->rcv.nplans : 0);
        if (n > 0) {
            int s = k->sel + (key == KK_DOWN ? 1 : -1);
            k->sel = s < 0 ? 0 : (s >= n ? n - 1 : s);
        }
        return;
    }
    case KK_ENTER:
        if (k->sel >= 0 && ((k->screen == KS_DOCS && !k->docs.detail) ||
                            (k->screen == KS_RECEIVE && k->rcv.step == 0))) {
            int row = k->sel;
            k->sel = -1;
            kiosk_action(k, KA_ROW + row, now_ms);
        } else if (k->screen == KS_RECEIVE && k->rcv.step == 2) {
            kiosk_action(k, WMS_UI_ACT_KEY_OK, now_ms);
        } else if (k->screen == KS_HOME) {
            go(k, KS_RECEIVE);
        } else {
            submit_field(k);
        }
        return;
    case KK_BACKSPACE:
        if (k->screen == KS_LOGIN) {
            field_backspace(k->login.step ? k->login.pin : k->login.code);
        } else if (k->screen == KS_LOOKUP) {
            field_backspace(k->lk.field);
        } else if (k->screen == KS_SETTINGS && k->set.unlocked) {
            settings_backspace(k);
        } else if (k->screen == KS_SETTINGS) {
            field_backspace(k->set.pin);
        } else if (k->screen == KS_RECEIVE && k->rcv.step == 2) {
            wms_keypad_edit(k->rcv.qty, sizeof(k->rcv.qty), 3, WMS_UI_ACT_KEY_BACK);
        }
        return;
    case KK_ESC:
        if (k->screen == KS_HOME) {
            kiosk_action(k, KA_LOGOUT, now_ms);
        } else {
            kiosk_action(k, KA_BACK, now_ms);
        }
        return;
    case KK_PGUP:
        kiosk_action(k, KA_PREV, now_ms);
        return;
    case KK_PGDN:
        kiosk_action(k, KA_NEXT, now_ms);
        return;
    default:
        return;
    }
}

void kiosk_tick(kiosk *k, int64_t now_ms)
{
    k->now_ms = now_ms;
    if (k->toast_until && now_ms >= k->toast_until) {
        k->toast_until = 0;
        k->toast_kind = WMS_UI_NONE;
        k->dirty = true;
    }
    if (k->logged_in && k->cfg.idle_logout_ms > 0 &&
        now_ms - k->last_input_ms >= k->cfg.idle_logout_ms) {
        char why[96];
        snprintf(why, sizeof(why), "Logged out after %lld min without activity.",
                 (long long)(k->cfg.idle_logout_ms / 60000));
        logout(k, why);
    }
    update_clock(k);
}

int64_t kiosk_next_deadline(const kiosk *k)
{
    int64_t next = (k->now_ms / 60000 + 1) * 60000; /* the clock's next minute */
    if (k->toast_until && k->toast_until < next) {
        next = k->toast_until;
    }
    if (k->logged_in && k->cfg.idle_logout_ms > 0) {
        int64_t idle = k->last_input_ms + k->cfg.idle_logout_ms;
        if (idle < next) {
            next = idle;
        }
    }
    return next;
}
