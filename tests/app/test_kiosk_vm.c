/*
 * test_kiosk_vm.c -- the kiosk's screens as state machines, without pixels:
 * the in-memory data backend and the null graphics backend.
 */
#include "wms_test.h"

#include "kiosk.h"

#include <stdio.h>
#include <stdlib.h>

#define T0 INT64_C(1772438400000) /* 2026-03-02 08:00 UTC */

typedef struct fix {
    kdata db;
    kiosk *k;
    wms_gfx_null g;
    wms_ui *ui;
    unsigned tones[WMS_TONE_COUNT_];
    int64_t now;
} fix;

static void on_tone(void *data, wms_tone t)
{
    fix *f = data;
    f->tones[t]++;
}

static int setup(void **state)
{
    fix *f = calloc(1, sizeof(*f));
    assert_int_equal(kdata_mem_open(&f->db, NULL), 0);
    f->k = calloc(1, sizeof(*f->k));
    f->ui = calloc(1, sizeof(*f->ui));
    wms_gfx_null_init(&f->g, 800, 480, NULL);
    wms_ui_init(f->ui, &f->g.gfx);
    kiosk_cfg c;
    kiosk_cfg_default(&c);
    c.utc_clock = true;
    kiosk_hooks h = {.tone = on_tone, .data = f};
    f->now = T0;
    kiosk_init(f->k, &f->db, &c, &h, f->now);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fix *f = *state;
    f->db.ops->close(f->db.d);
    free(f->k);
    free(f->ui);
    free(f);
    return 0;
}

static void scan(fix *f, const char *s)
{
    f->now += 100;
    kiosk_scan(f->k, (const uint8_t *)s, strlen(s), f->now);
}

static void draw(fix *f)
{
    kiosk_draw(f->k, f->ui);
    wms_ui_end(f->ui, false, NULL);
}

static void tap(fix *f, const char *label)
{
    draw(f);
    const wms_ui_zone *z = wms_ui_find(f->ui, label);
    if (!z) {
        fail_msg("no '%s' on %s", label, kiosk_screen_name(f->k->screen));
    }
    f->now += 100;
    kiosk_action(f->k, z->action, f->now);
}

static bool shows(fix *f, const char *text)
{
    draw(f);
    return wms_ui_has_text(f->ui, text);
}

static void login(fix *f)
{
    scan(f, "B:0001");
    kiosk_text(f->k, "1234", f->now);
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_int_equal(f->k->screen, KS_HOME);
}

static void test_login_badge_pin(void **state)
{
    fix *f = *state;
    assert_int_equal(f->k->screen, KS_LOGIN);
    assert_true(shows(f, "Scan your badge"));
    scan(f, "B:0001");
    assert_int_equal(f->k->login.step, 1);
    assert_true(shows(f, "Anna Schmidt"));
    tap(f, "1");
    tap(f, "2");
    tap(f, "3");
    tap(f, "4");
    assert_string_equal(f->k->login.pin, "1234");
    assert_false(shows(f, "1234")); /* masked */
    tap(f, "Log in");
    assert_int_equal(f->k->screen, KS_HOME);
    assert_true(shows(f, "Anna Schmidt"));
    assert_int_equal(f->tones[WMS_TONE_SUCCESS], 1);
    assert_int_equal(kdata_mem_scans(&f->db), 1);
}

static void test_login_typed_code(void **state)
{
    fix *f = *state;
    kiosk_text(f->k, "0002", f->now);
    assert_string_equal(f->k->login.code, "0002");
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_int_equal(f->k->login.step, 1);
    kiosk_text(f->k, "2345", f->now);
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_int_equal(f->k->screen, KS_HOME);
    assert_string_equal(f->k->op.name, "Ben Okafor");
}

static void test_login_errors_and_lockout(void **state)
{
    fix *f = *state;
    scan(f, "4010000000074");
    assert_int_equal(f->k->screen, KS_LOGIN);
    assert_int_equal(f->tones[WMS_TONE_ERROR], 1);
    assert_non_null(strstr(f->k->toast, "Scan your badge"));
    scan(f, "B:9999");
    assert_non_null(strstr(f->k->toast, "Unknown badge"));
    scan(f, "B:0001");
    for (int i = 1; i <= 4; i++) {
        kiosk_text(f->k, "0000", f->now);
        kiosk_key(f->k, KK_ENTER, f->now);
        char want[32];
        snprintf(want, sizeof(want), "Wrong PIN (%d of 5", i);
        assert_non_null(strstr(f->k->toast, want));
    }
    kiosk_text(f->k, "0000", f->now);
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_non_null(strstr(f->k->toast, "locked until 08:05"));
    assert_int_equal(f->k->login.step, 0);
    /* The right PIN does not help while locked. */
    scan(f, "B:0001");
    assert_int_equal(f->k->login.step, 0);
    assert_non_null(strstr(f->k->toast, "locked"));
    /* Another operator is not affected. */
    scan(f, "B:0002");
    assert_int_equal(f->k->login.step, 1);
    kiosk_key(f->k, KK_ESC, f->now);
    assert_int_equal(f->k->login.step, 0);
    /* After 5 minutes it works again. */
    f->now += 5 * 60 * 1000;
    kiosk_tick(f->k, f->now);
    login(f);
}

static void test_idle_logout(void **state)
{
    fix *f = *state;
    login(f);
    int64_t d = kiosk_next_deadline(f->k);
    assert_true(d > f->now && d <= f->now + 60000);
    f->now += 4 * 60 * 1000;
    kiosk_tick(f->k, f->now);
    assert_int_equal(f->k->screen, KS_HOME);
    f->now += 60 * 1000 + 1;
    kiosk_tick(f->k, f->now);
    assert_int_equal(f->k->screen, KS_LOGIN);
    assert_false(f->k->logged_in);
    assert_non_null(strstr(f->k->toast, "Logged out after 5 min"));
}

static void test_home_tiles(void **state)
{
    fix *f = *state;
    login(f);
    draw(f);
    for (const char *const *l =
                 (const char *const[]){"Receive", "Lookup", "Documents", "Sync", NULL};
         *l; l++) {
        assert_non_null(wms_ui_find(f->ui, *l));
    }
    /* Visible but disabled. */
    assert_true(wms_ui_has_text(f->ui, "Move"));
    assert_true(wms_ui_has_text(f->ui, "Pick"));
    assert_true(wms_ui_has_text(f->ui, "Count"));
    assert_null(wms_ui_find(f->ui, "Move"));
    assert_null(wms_ui_find(f->ui, "Pick"));
    assert_null(wms_ui_find(f->ui, "Count"));
    assert_true(wms_ui_has_text(f->ui, "Coming later"));
    /* Status bar. */
    assert_true(wms_ui_has_text(f->ui, "T1"));
    assert_true(wms_ui_has_text(f->ui, "WH1"));
    assert_true(wms_ui_has_text(f->ui, "08:00"));
    assert_true(wms_ui_has_text(f->ui, "no link"));
    assert_true(wms_ui_has_text(f->ui, "pending"));
    /* F-keys. */
    kiosk_key(f->k, KK_F2, f->now);
    assert_int_equal(f->k->screen, KS_LOOKUP);
    kiosk_key(f->k, KK_F3, f->now);
    assert_int_equal(f->k->screen, KS_DOCS);
    kiosk_key(f->k, KK_F4, f->now);
    assert_int_equal(f->k->screen, KS_SYNC);
    assert_true(shows(f, "No central link configured"));
    assert_null(wms_ui_find(f->ui, "Sync now"));
    kiosk_key(f->k, KK_F1, f->now);
    assert_int_equal(f->k->screen, KS_HOME);
}

static const kd_line *line(fix *f, const char *sku)
{
    for (int i = 0; i < f->k->rcv.nlines; i++) {
        if (strcmp(f->k->rcv.lines[i].sku, sku) == 0) {
            return &f->k->rcv.lines[i];
        }
    }
    static const kd_line none;
    fail_msg("no line %s", sku);
    return &none;
}

static void test_receive_planned(void **state)
{
    fix *f = *state;
    login(f);
    tap(f, "Receive");
    assert_int_equal(f->k->screen, KS_RECEIVE);
    assert_true(shows(f, "PO-2026-0001"));
    tap(f, "PO-2026-0001  Rheinfarben KG");
    assert_int_equal(f->k->rcv.step, 1);
    assert_int_equal(f->k->rcv.nlines, 5);
    assert_int_equal(line(f, "SKU-000007")->expected.milli, 80000);
    assert_int_equal(line(f, "SKU-000032")->expected.milli, 8400000); /* two plan lines */
    assert_string_equal(f->k->rcv.loc.code, "R-01-01");
    /* EAN-13 of the unit: +1; the case GTIN-14: +10. */
    scan(f, "4010000000074");
    assert_int_equal(line(f, "SKU-000007")->received.milli, 1000);
    scan(f, "14010000000071");
    assert_int_equal(line(f, "SKU-000007")->received.milli, 11000);
    assert_true(shows(f, "11 / 80"));
    assert_int_equal(f->tones[WMS_TONE_SUCCESS], 3); /* login + 2 */
    /* GS1-128 with expiry and lot: wood pellets, 25 kg a bag. */
    scan(f, "]C101040100000000501726123110LOT42");
    assert_int_equal(line(f, "SKU-000005")->received.milli, 25000);
    assert_string_equal(line(f, "SKU-000005")->lot, "LOT42");
    /* Lot-tracked product without a lot: recorded, with a warning. */
    unsigned warns = f->tones[WMS_TONE_WARNING];
    scan(f, "4010000000050");
    assert_int_equal(f->tones[WMS_TONE_WARNING], warns + 1);
    assert_non_null(strstr(f->k->toast, "No lot on this label"));
    /* Unknown barcode: a plain-words error, nothing recorded. */
    unsigned errs = f->tones[WMS_TONE_ERROR];
    int nlines = f->k->rcv.nlines;
    scan(f, "4006381333931");
    assert_int_equal(f->tones[WMS_TONE_ERROR], errs + 1);
    assert_int_equal(f->k->rcv.nlines, nlines);
    assert_non_null(strstr(f->k->toast, "Unknown barcode 04006381333931"));
    assert_non_null(strstr(f->k->toast, "Scan the product label"));
    /* A check digit that is wrong: refused before any lookup. */
    scan(f, "4010000000075");
    assert_int_equal(f->tones[WMS_TONE_ERROR], errs + 2);
    /* Over-receipt: a warning, still recorded. */
    for (int i = 0; i < 7; i++) {
        scan(f, "14010000000071");
    }
    warns = f->tones[WMS_TONE_WARNING];
    scan(f, "4010000000074");
    assert_int_equal(line(f, "SKU-000007")->received.milli, 82000);
    assert_int_equal(f->tones[WMS_TONE_WARNING], warns + 1);
    assert_non_null(strstr(f->k->toast, "Over-receipt: 82 of 80"));
    /* Keypad: the rotary hammer scanned once, set to 5 -> +4. */
    scan(f, "4010000000029");
    tap(f, "Set qty");
    assert_int_equal(f->k->rcv.step, 2);
    assert_string_equal(f->k->rcv.qty, "1");
    tap(f, "Clear");
    tap(f, "5");
    draw(f);
    assert_null(wms_ui_find(f->ui, ".")); /* pieces: no decimals */
    tap(f, "Set");
    assert_int_equal(line(f, "SKU-000002")->received.milli, 5000);
    assert_true(shows(f, "5 / 50"));
    /* Location scan moves the next items. */
    scan(f, "L:A-01-01");
    assert_string_equal(f->k->rcv.loc.code, "A-01-01");
    scan(f, "L:Z-99");
    assert_non_null(strstr(f->k->toast, "Unknown location Z-99"));
    /* Post with confirm. */
    tap(f, "Post");
    assert_int_equal(f->k->modal, KA_POST);
    draw(f);
    assert_null(wms_ui_find(f->ui, "Set qty")); /* behind the modal */
    scan(f, "4010000000074");                   /* ignored while asking */
    assert_int_equal(line(f, "SKU-000007")->received.milli, 82000);
    tap(f, "Not yet");
    assert_int_equal(f->k->modal, 0);
    tap(f, "Post");
    tap(f, "Post");
    assert_int_equal(f->k->screen, KS_HOME);
    assert_non_null(strstr(f->k->toast, "posted"));
    /* Lookup sees the new stock (terminal view = snapshot + own pending). */
    scan(f, "4010000000074");
    assert_int_equal(f->k->screen, KS_LOOKUP);
    assert_int_equal(f->k->lk.kind, 1);
    bool found = false;
    for (int i = 0; i < f->k->lk.nrows; i++) {
        if (strcmp(f->k->lk.rows[i].location, "R-01-01") == 0) {
            assert_int_equal(f->k->lk.rows[i].qty.milli, 82000);
            found = true;
        }
    }
    assert_true(found);
    assert_true(shows(f, "Nitrile gloves size L box of 200"));
    assert_true(shows(f, "14010000000071 \xC3\x97"
                         "10")); /* every barcode with its pack */
    /* Location lookup: its contents. */
    scan(f, "L:B-10-01");
    assert_int_equal(f->k->lk.kind, 2);
    assert_true(f->k->lk.nrows >= 1);
}

static void test_receive_expired_and_decimals(void **state)
{
    fix *f = *state;
    login(f);
    tap(f, "Receive");
    tap(f, "Unplanned receipt");
    scan(f, "]C101040100000001111726013110LOT1");
    assert_int_equal(f->tones[WMS_TONE_WARNING], 1);
    assert_non_null(strstr(f->k->toast, "expired on 2026-01-31"));
    assert_int_equal(line(f, "SKU-000011")->received.milli, 2500); /* recorded, flagged */
    scan(f, "4010000000050");                                      /* 25 kg */
    tap(f, "Set qty");
    draw(f);
    assert_non_null(wms_ui_find(f->ui, "."));
    kiosk_text(f->k, "2.5", f->now);
    assert_string_equal(f->k->rcv.qty, "252.5");
    tap(f, "Clear");
    kiosk_text(f->k, "2.125", f->now);
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_int_equal(line(f, "SKU-000005")->received.milli, 2125);
    /* Cancel the draft. */
    tap(f, "Cancel draft");
    tap(f, "Cancel draft");
    assert_int_equal(f->k->screen, KS_HOME);
    assert_non_null(strstr(f->k->toast, "cancelled"));
}

static void test_documents_paging_and_resume(void **state)
{
    fix *f = *state;
    login(f);
    for (int i = 0; i < 7; i++) {
        tap(f, "Receive");
        tap(f, "Unplanned receipt");
        scan(f, "4010000000135");
        if (i % 2 == 0) {
            tap(f, "Post");
            tap(f, "Post");
        } else {
            kiosk_key(f->k, KK_F1, f->now);
            memset(&f->k->rcv.doc, 0, sizeof(f->k->rcv.doc)); /* leave the draft */
        }
    }
    kiosk_key(f->k, KK_F3, f->now);
    draw(f);
    int64_t per = f->k->docs.page.page_size;
    assert_true(per >= 3);
    assert_int_equal(f->k->docs.total, 7);
    char want[48];
    snprintf(want, sizeof(want), "Page 1 of %lld (7)", (long long)((7 + per - 1) / per));
    assert_true(shows(f, want));
    tap(f, "Next >");
    assert_int_equal(f->k->docs.page.page, 2);
    kiosk_key(f->k, KK_PGUP, f->now);
    assert_int_equal(f->k->docs.page.page, 1);
    /* A document the centre rejected says why. */
    assert_int_equal(kdata_mem_reject(&f->db, "R-0001",
                                      "Quantity would go below zero at A-01-02 for SKU-000013"),
                     0);
    tap(f, "Filter: all");
    tap(f, "Filter: draft");
    tap(f, "Filter: posted");
    tap(f, "Filter: cancelled");
    assert_int_equal(f->k->docs.status, WMS_DOC_REJECTED);
    assert_int_equal(f->k->docs.total, 1);
    kiosk_action(f->k, KA_ROW, f->now);
    assert_true(shows(f, "Quantity would go below zero at A-01-02"));
    assert_true(shows(f, "Rejected:"));
    assert_null(wms_ui_find(f->ui, "Resume"));
    kiosk_key(f->k, KK_ESC, f->now);
    tap(f, "Filter: rejected");
    assert_int_equal(f->k->docs.status, -1);
    /* Filter: drafts only. */
    tap(f, "Filter: all");
    assert_int_equal(f->k->docs.status, WMS_DOC_DRAFT);
    assert_int_equal(f->k->docs.total, 3);
    assert_true(shows(f, "draft"));
    /* Open the newest draft with the arrow keys and resume it. */
    kiosk_key(f->k, KK_DOWN, f->now);
    kiosk_key(f->k, KK_DOWN, f->now);
    kiosk_key(f->k, KK_UP, f->now);
    assert_int_equal(f->k->sel, 0);
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_true(f->k->docs.detail);
    tap(f, "Resume");
    assert_int_equal(f->k->screen, KS_RECEIVE);
    assert_int_equal(f->k->rcv.step, 1);
    assert_int_equal(line(f, "SKU-000013")->received.milli, 1000);
}

static void test_scantest_and_bad_scan(void **state)
{
    fix *f = *state;
    login(f);
    kiosk_key(f->k, KK_F4, f->now);
    tap(f, "Scanner test");
    assert_int_equal(f->k->screen, KS_SCANTEST);
    scan(f, "]C10109506000134352\x1D"
            "10A");
    assert_true(shows(f, "<GS>"));
    int64_t before = kdata_mem_scans(&f->db);
    kiosk_scan_rejected(f->k, (const uint8_t *)"40100", 5, "scan without its Enter suffix", f->now);
    assert_int_equal(kdata_mem_scans(&f->db), before + 1); /* logged too */
    assert_true(shows(f, "rejected: scan without"));
    assert_non_null(strstr(f->k->toast, "Incomplete scan"));
    /* A badge while logged in does not switch users. */
    kiosk_key(f->k, KK_F1, f->now);
    scan(f, "B:0002");
    assert_string_equal(f->k->op.name, "Anna Schmidt");
    /* Log out with confirm. */
    kiosk_key(f->k, KK_ESC, f->now);
    assert_int_equal(f->k->modal, KA_LOGOUT);
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_int_equal(f->k->screen, KS_LOGIN);
}

static void test_settings(void **state)
{
    fix *f = *state;
    /* An operator cannot open them. */
    scan(f, "B:0002");
    kiosk_text(f->k, "2345", f->now);
    kiosk_key(f->k, KK_ENTER, f->now);
    kiosk_key(f->k, KK_F4, f->now);
    tap(f, "Settings");
    assert_int_equal(f->k->screen, KS_SETTINGS);
    kiosk_text(f->k, "2345", f->now);
    kiosk_key(f->k, KK_ENTER, f->now);
    assert_false(f->k->set.unlocked);
    assert_non_null(strstr(f->k->toast, "need an admin or a supervisor"));
    kiosk_key(f->k, KK_ESC, f->now);
    assert_int_equal(f->k->screen, KS_SYNC);
    kiosk_key(f->k, KK_F1, f->now);
    kiosk_key(f->k, KK_ESC, f->now);
    kiosk_key(f->k, KK_ENTER, f->now); /* log out */
    /* A supervisor can, with the right PIN. */
    login(f);
    kiosk_key(f->k, KK_F4, f->now);
    tap(f, "Settings");
    tap(f, "1");
    tap(f, "1");
    tap(f, "Unlock");
    assert_false(f->k->set.unlocked);
    assert_non_null(strstr(f->k->toast, "Wrong PIN"));
    kiosk_text(f->k, "1234", f->now);
    tap(f, "Unlock");
    assert_true(f->k->set.unlocked);
    assert_true(shows(f, "Central link"));
    assert_true(shows(f, "70 %"));
    tap(f, "Louder");
    assert_int_equal(f->k->cfg.volume, 80);
    tap(f, "Mute");
    assert_true(f->k->cfg.mute);
    assert_true(shows(f, "(muted)"));
    /* Leaving locks them again. */
    kiosk_key(f->k, KK_ESC, f->now);
    tap(f, "Settings");
    assert_false(f->k->set.unlocked);
}

/* A central link as the session gives it: state over the data layer's
 * counts, a wake per durable action. */
typedef struct fake_link {
    int wakes;  /* "Sync now": push and pull */
    int queued; /* an operation queued: push only */
} fake_link;

static fake_link the_link;

static void fl_status(void *data, kd_sync *io)
{
    (void)data;
    io->configured = true;
    io->link = WMS_UI_LINK_ONLINE;
    wms_strlcpy(io->last_error, "timeout (WMS_ETIMEDOUT)", sizeof(io->last_error));
}

static void fl_wake(void *data)
{
    (void)data;
    the_link.wakes++;
}

static void fl_queued(void *data)
{
    (void)data;
    the_link.queued++;
}

static void test_central_link(void **state)
{
    fix *f = *state;
    kiosk_cfg c;
    kiosk_cfg_default(&c);
    c.utc_clock = true;
    kiosk_hooks h = {.tone = on_tone,
                     .sync_now = fl_wake,
                     .sync_queued = fl_queued,
                     .sync_status = fl_status,
                     .data = f};
    memset(&the_link, 0, sizeof(the_link));
    kiosk_init(f->k, &f->db, &c, &h, f->now);
    assert_true(shows(f, "online"));
    /* Each durable action wakes the link for a push (not a whole cycle);
     * the sync screen shows its state. */
    login(f);
    tap(f, "Receive");
    tap(f, "Unplanned receipt");
    int before = the_link.queued, wakes = the_link.wakes;
    scan(f, "4010000000074");
    assert_true(the_link.queued > before);
    assert_int_equal(the_link.wakes, wakes);
    kiosk_key(f->k, KK_F4, f->now);
    assert_true(shows(f, "timeout (WMS_ETIMEDOUT)"));
    tap(f, "Sync now");
    assert_true(shows(f, "Sync started."));
    assert_int_equal(the_link.wakes, wakes + 1);
    /* A rejection from the engine thread, told on any screen. */
    kiosk_notify(f->k, WMS_UI_ERR, "Rejected by the centre: R-0009: no", f->now);
    assert_true(shows(f, "Rejected by the centre: R-0009: no"));
    assert_true(f->tones[WMS_TONE_ERROR] > 0);
}

/* The pull run's bar: the view model (fraction and text) and what a frame
 * draws (the band on every screen, the line on the sync screen). */
static kd_sync the_pull;

static void pull_status(void *data, kd_sync *io)
{
    (void)data;
    kd_sync keep = *io;
    *io = the_pull;
    io->pending = keep.pending;
    io->rejected = keep.rejected;
}

static void test_pull_progress(void **state)
{
    fix *f = *state;
    double fr = 0;
    char text[160], label[96];
    kd_sync s;
    memset(&s, 0, sizeof(s));
    s.configured = true;
    s.link = WMS_UI_LINK_ONLINE;
    /* no run: no bar */
    s.cursor = 500;
    s.head = 1000;
    assert_false(kiosk_pull_progress(&s, &fr, text, sizeof(text), label, sizeof(label)));
    assert_string_equal(text, "");
    /* a run from 100, at 460 of 900: 45 % */
    s.pulling = true;
    s.pull_from = 100;
    s.cursor = 460;
    s.head = 900;
    s.pull_changes = 120000;
    assert_true(kiosk_pull_progress(&s, &fr, text, sizeof(text), label, sizeof(label)));
    assert_true(fr > 0.449 && fr < 0.451);
    assert_string_equal(text, "Loading catalogue from the centre: 45 % (120,000 changes)");
    assert_string_equal(label, "Loading catalogue:");
    /* at (or past) the head before the run ended: 99 %, never 100 */
    s.cursor = 950;
    assert_true(kiosk_pull_progress(&s, &fr, text, sizeof(text), NULL, 0));
    assert_true(fr > 0.989 && fr < 0.991);
    assert_string_equal(text, "Loading catalogue from the centre: 99 % (120,000 changes)");
    /* at the start: 0 % */
    s.cursor = 100;
    assert_true(kiosk_pull_progress(&s, &fr, text, sizeof(text), NULL, 0));
    assert_true(fr == 0.0);
    /* the head unknown (or not past the run's start): indeterminate */
    s.head = 0;
    s.pull_changes = 1200;
    assert_true(kiosk_pull_progress(&s, &fr, text, sizeof(text), label, sizeof(label)));
    assert_true(fr < 0.0);
    assert_string_equal(text, "Loading catalogue: 1,200 changes");
    assert_string_equal(label, "Loading catalogue: 1,200 changes");
    s.head = 100;
    assert_true(kiosk_pull_progress(&s, &fr, text, sizeof(text), NULL, 0));
    assert_true(fr < 0.0);
    /* no link configured: never */
    s.configured = false;
    assert_false(kiosk_pull_progress(&s, &fr, text, sizeof(text), NULL, 0));

    /* Frames: the band on the login screen and on the sync screen. */
    kiosk_cfg c;
    kiosk_cfg_default(&c);
    c.utc_clock = true;
    kiosk_hooks h = {.tone = on_tone, .sync_status = pull_status, .data = f};
    memset(&the_pull, 0, sizeof(the_pull));
    the_pull.configured = true;
    the_pull.link = WMS_UI_LINK_ONLINE;
    kiosk_init(f->k, &f->db, &c, &h, f->now);
    assert_false(shows(f, "Loading catalogue"));
    the_pull.pulling = true;
    the_pull.pull_from = 0;
    the_pull.cursor = 300;
    the_pull.head = 1200;
    the_pull.pull_changes = 2500;
    kiosk_sync_refresh(f->k, false);
    assert_true(shows(f, "Loading catalogue from the centre: 25 %"));
    assert_true(shows(f, "Scan your badge")); /* the screen goes on below it */
    login(f);
    kiosk_key(f->k, KK_F4, f->now);
    assert_int_equal(f->k->screen, KS_SYNC);
    assert_true(shows(f, "Loading catalogue from the centre: 25 %"));
    assert_true(shows(f, "25 % (2,500 changes)"));
    the_pull.head = 0;
    kiosk_sync_refresh(f->k, false);
    assert_true(shows(f, "Loading catalogue: 2,500 changes"));
    assert_true(shows(f, "loading, 2,500 changes"));
    assert_false(shows(f, "Loading catalogue from the centre"));
    /* the run ended: the bar goes */
    the_pull.pulling = false;
    the_pull.cursor = 1200;
    kiosk_sync_refresh(f->k, false);
    assert_false(shows(f, "Loading catalogue"));
}

static void test_names(void **state)
{
    (void)state;
    kkey k;
    kscreen s;
    assert_int_equal(kiosk_key_parse("f4", &k), 0);
    assert_int_equal(k, KK_F4);
    assert_string_equal(kiosk_key_name(KK_PGDN), "PgDn");
    assert_int_not_equal(kiosk_key_parse("F5", &k), 0);
    assert_int_equal(kiosk_screen_parse("documents", &s), 0);
    assert_int_equal(s, KS_DOCS);
    assert_int_not_equal(kiosk_screen_parse("nowhere", &s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_login_badge_pin, setup, teardown),
            cmocka_unit_test_setup_teardown(test_login_typed_code, setup, teardown),
            cmocka_unit_test_setup_teardown(test_login_errors_and_lockout, setup, teardown),
            cmocka_unit_test_setup_teardown(test_idle_logout, setup, teardown),
            cmocka_unit_test_setup_teardown(test_home_tiles, setup, teardown),
            cmocka_unit_test_setup_teardown(test_receive_planned, setup, teardown),
            cmocka_unit_test_setup_teardown(test_receive_expired_and_decimals, setup, teardown),
            cmocka_unit_test_setup_teardown(test_documents_paging_and_resume, setup, teardown),
            cmocka_unit_test_setup_teardown(test_scantest_and_bad_scan, setup, teardown),
            cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
            cmocka_unit_test_setup_teardown(test_central_link, setup, teardown),
            cmocka_unit_test_setup_teardown(test_pull_progress, setup, teardown),
            cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
