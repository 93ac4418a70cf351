/*
 * test_kiosk_layouts.c -- every screen state at every supported display size
 * (800x480, 1024x600, 1280x800, 480x800): all touch zones on screen, at least
 * 48 px both ways, enabled zones never overlapping, nothing cut from the
 * frame's command list.  No pixels: the null backend measures text.
 */
#include "wms_test.h"

#include "kiosk.h"

#include <stdio.h>
#include <stdlib.h>

#define T0 INT64_C(1772438400000)

typedef struct fix {
    kdata db;
    kiosk *k;
    wms_gfx_null g;
    wms_ui *ui;
    int64_t now;
    const char *size;
} fix;

static void scan(fix *f, const char *s)
{
    f->now += 100;
    kiosk_scan(f->k, (const uint8_t *)s, strlen(s), f->now);
}

static void check(fix *f, const char *what)
{
    kiosk_draw(f->k, f->ui);
    wms_ui_end(f->ui, false, NULL);
    const wms_ui *ui = f->ui;
    if (ui->overflow) {
        fail_msg("%s %s: the frame overflowed", f->size, what);
    }
    for (size_t i = 0; i < ui->nzones; i++) {
        const wms_ui_zone *z = &ui->zones[i];
        wms_rect r = z->r;
        if (r.x < 0 || r.y < 0 || r.x + r.w > ui->layout.w || r.y + r.h > ui->layout.h) {
            fail_msg("%s %s: '%s' off screen (%d,%d %dx%d)", f->size, what, z->label, r.x, r.y, r.w,
                     r.h);
        }
        if (r.w < 48 || r.h < 48) {
            fail_msg("%s %s: '%s' is %dx%d, under 48 px", f->size, what, z->label, r.w, r.h);
        }
        if (!z->enabled) {
            continue;
        }
        for (size_t j = i + 1; j < ui->nzones; j++) {
            const wms_ui_zone *o = &ui->zones[j];
            wms_rect q = o->r;
            bool overlap = o->enabled && r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h &&
                           q.y < r.y + r.h;
            if (overlap) {
                fail_msg("%s %s: '%s' overlaps '%s'", f->size, what, z->label, o->label);
            }
        }
    }
}

static void tap(fix *f, const char *label)
{
    kiosk_draw(f->k, f->ui);
    const wms_ui_zone *z = wms_ui_find(f->ui, label);
    if (!z) {
        fail_msg("%s: no '%s' on %s", f->size, label, kiosk_screen_name(f->k->screen));
    }
    f->now += 100;
    kiosk_action(f->k, z->action, f->now);
}

/* Let toasts expire, so that the screen itself is checked too. */
static void quiet(fix *f)
{
    f->now += 10000;
    kiosk_tick(f->k, f->now);
    f->k->last_input_ms = f->now;
}

static void walk(const wms_display_size *ds)
{
    fix f;
    memset(&f, 0, sizeof(f));
    f.size = ds->name;
    assert_int_equal(kdata_mem_open(&f.db, NULL), 0);
    f.k = calloc(1, sizeof(*f.k));
    f.ui = calloc(1, sizeof(*f.ui));
    wms_gfx_null_init(&f.g, ds->w, ds->h, NULL);
    wms_ui_init(f.ui, &f.g.gfx);
    kiosk_cfg c;
    kiosk_cfg_default(&c);
    c.utc_clock = true;
    f.now = T0;
    kiosk_init(f.k, &f.db, &c, NULL, f.now);
    check(&f, "login");
    scan(&f, "B:0001");
    check(&f, "pin");
    kiosk_text(f.k, "1234", f.now);
    kiosk_key(f.k, KK_ENTER, f.now);
    check(&f, "home + toast");
    quiet(&f);
    check(&f, "home");
    tap(&f, "Receive");
    check(&f, "receive: pick");
    tap(&f, "PO-2026-0001  Rheinfarben KG");
    scan(&f, "4010000000074");
    check(&f, "receive: scanning + toast");
    quiet(&f);
    check(&f, "receive: scanning");
    tap(&f, "Set qty");
    check(&f, "receive: keypad");
    tap(&f, "Set");
    tap(&f, "Post");
    check(&f, "receive: confirm");
    kiosk_key(f.k, KK_ENTER, f.now);
    quiet(&f);
    scan(&f, "4010000000074");
    quiet(&f);
    check(&f, "lookup: product");
    scan(&f, "L:B-10-01");
    check(&f, "lookup: location");
    kiosk_key(f.k, KK_F3, f.now);
    check(&f, "documents");
    kiosk_action(f.k, KA_ROW, f.now);
    check(&f, "documents: detail");
    kiosk_key(f.k, KK_F4, f.now);
    check(&f, "sync");
    tap(&f, "Scanner test");
    scan(&f, "]C1010401000000007410LOT7\x1D"
             "21SN1");
    quiet(&f);
    check(&f, "scanner test");
    kiosk_key(f.k, KK_ESC, f.now);
    tap(&f, "Settings");
    check(&f, "settings: PIN");
    kiosk_text(f.k, "1234", f.now);
    kiosk_key(f.k, KK_ENTER, f.now);
    check(&f, "settings");
    kiosk_key(f.k, KK_F1, f.now);
    kiosk_key(f.k, KK_ESC, f.now);
    check(&f, "logout confirm");
    f.db.ops->close(f.db.d);
    free(f.k);
    free(f.ui);
}

static void test_every_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < WMS_ARRAY_LEN(wms_display_sizes); i++) {
        walk(&wms_display_sizes[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
