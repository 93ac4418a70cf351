/*
 * test_core_demo.c -- the demo data generator: determinism, counts,
 * referential integrity, valid GTINs, printable codes, streaming.
 */
#include "wms_test.h"

#include "wms/core.h"

#include <stdio.h>
#include <stdlib.h>

/* Counts, a running hash of everything emitted, and integrity checks. */
typedef struct demo_stats {
    int64_t warehouses, locations, products, barcodes, operators, stock, docs, lines;
    int64_t receipts, issues;
    int64_t barcode_kinds[4]; /* unit inner case pallet */
    int64_t uoms[4];          /* pcs kg m l */
    int64_t tracking[4];      /* none lot serial expiry */
    int64_t loc_types[4];     /* receiving storage shipping staging */
    uint64_t hash;
    int order; /* 0 wh, 1 loc, 2 product/barcode, 3 op, 4 stock, 5 docs */
    int64_t last_product;
    int64_t last_doc;
    int64_t stop_after; /* > 0: return 42 at this callback count */
    int64_t calls;
    char loc_type[400]; /* by location id: r/s/d/g */
    int loc_wh[400];
} demo_stats;

static void mix(demo_stats *s, const char *str)
{
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        s->hash = (s->hash ^ *p) * UINT64_C(0x100000001b3);
    }
    s->hash = (s->hash ^ 0xff) * UINT64_C(0x100000001b3);
}

static void mixi(demo_stats *s, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    mix(s, buf);
}

static int idx(const char *v, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        if (strcmp(v, names[i]) == 0) {
            return i;
        }
    }
    fail_msg("unexpected value '%s'", v);
    return 0; /* not reached */
}

static void printable(const char *s, size_t max)
{
    assert_non_null(s);
    assert_true(strlen(s) > 0);
    assert_true(strlen(s) <= max);
    assert_int_equal(wms_text_validate(s, strlen(s), max, 0, NULL), 0);
}

/* An independent GS1 mod-10 check of a GTIN-14 (the textbook weights
 * 3,1,3,... from the left for 13 data digits), besides core's own. */
static bool gtin_ok(const char *g)
{
    static const unsigned w[13] = {3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3};
    unsigned sum = 0;
    for (size_t i = 0; i < 14; i++) {
        if (g[i] < '0' || g[i] > '9') {
            return false;
        }
    }
    for (size_t i = 0; i < 13; i++) {
        sum += w[i] * (unsigned)(g[i] - '0');
    }
    return (unsigned)(g[13] - '0') == (10 - sum % 10) % 10 && g[14] == '\0';
}

static int step(demo_stats *s, int order)
{
    assert_true(order >= s->order); /* parents first */
    s->order = order;
    s->calls++;
    return (s->stop_after && s->calls == s->stop_after) ? 42 : 0;
}

static int on_wh(void *d, const wms_demo_warehouse *w)
{
    demo_stats *s = d;
    assert_int_equal(w->id, ++s->warehouses);
    printable(w->code, 8);
    printable(w->name, 64);
    mix(s, w->code);
    mix(s, w->name);
    return step(s, 0);
}

static int on_loc(void *d, const wms_demo_location *l)
{
    demo_stats *s = d;
    static const char *const types[] = {"receiving", "storage", "shipping", "staging", NULL};
    assert_int_equal(l->id, ++s->locations);
    assert_true(l->warehouse_id >= 1 && l->warehouse_id <= s->warehouses);
    /* "A-01-02": zone letter, two-digit aisle and position */
    assert_int_equal(strlen(l->code), 7);
    assert_true(l->code[0] >= 'A' && l->code[0] <= 'Z');
    assert_true(l->code[1] == '-' && l->code[4] == '-');
    assert_true(l->code[2] >= '0' && l->code[2] <= '9' && l->code[3] >= '0' && l->code[3] <= '9');
    assert_true(l->code[5] >= '0' && l->code[5] <= '9' && l->code[6] >= '0' && l->code[6] <= '9');
    assert_int_equal(strlen(l->zone), 1);
    assert_int_equal(l->zone[0], l->code[0]);
    s->loc_types[idx(l->type, types)]++;
    assert_true(l->id < (int64_t)sizeof s->loc_type);
    s->loc_type[l->id] = l->type[0] == 's' ? l->type[1] : l->type[0];
    s->loc_wh[l->id] = (int)l->warehouse_id;
    mix(s, l->code);
    return step(s, 1);
}

static int on_product(void *d, const wms_demo_product *p)
{
    demo_stats *s = d;
    static const char *const uoms[] = {"pcs", "kg", "m", "l", NULL};
    static const char *const trk[] = {"none", "lot", "serial", "expiry", NULL};
    assert_int_equal(p->id, ++s->products);
    s->last_product = p->id;
    char sku[32];
    snprintf(sku, sizeof sku, "SKU-%06lld", (long long)p->id);
    assert_string_equal(p->sku, sku);
    printable(p->name, 95);
    int u = idx(p->uom, uoms);
    s->uoms[u]++;
    assert_int_equal(p->decimals, u == 0 ? 0 : 3);
    s->tracking[idx(p->tracking, trk)]++;
    mix(s, p->name);
    mix(s, p->uom);
    mix(s, p->tracking);
    return step(s, 2);
}

static int on_barcode(void *d, const wms_demo_barcode *b)
{
    demo_stats *s = d;
    static const char *const kinds[] = {"unit", "inner", "case", "pallet", NULL};
    assert_int_equal(b->id, ++s->barcodes);
    assert_int_equal(b->product_id, s->last_product); /* right after its product */
    assert_int_equal(strlen(b->code), WMS_GTIN14_LEN);
    assert_true(gtin_ok(b->code));
    assert_int_equal(wms_gtin_check(b->code, strlen(b->code), NULL), 0);
    char norm[WMS_GTIN14_LEN + 1];
    assert_int_equal(wms_gtin_normalize(b->code, strlen(b->code), norm, NULL), 0);
    assert_string_equal(norm, b->code); /* already normalised */
    int k = idx(b->kind, kinds);
    s->barcode_kinds[k]++;
    if (k == 0) {
        assert_int_equal(b->code[0], '0'); /* a GTIN-13 */
    }
    assert_true(b->pack_qty.milli > 0 && b->pack_qty.milli <= WMS_QTY_MAX_MILLI);
    mix(s, b->code);
    mixi(s, b->pack_qty.milli);
    return step(s, 2);
}

static int on_op(void *d, const wms_demo_operator *o)
{
    demo_stats *s = d;
    assert_int_equal(o->id, ++s->operators);
    assert_int_equal(strlen(o->badge), 4);
    assert_int_equal(strlen(o->pin), 4);
    printable(o->name, 64);
    assert_true(strcmp(o->role, "operator") == 0 || strcmp(o->role, "supervisor") == 0 ||
                strcmp(o->role, "admin") == 0);
    if (o->id == 1) { /* documented in the README */
        assert_string_equal(o->badge, "0001");
        assert_string_equal(o->pin, "1234");
        assert_string_equal(o->role, "supervisor");
    }
    mix(s, o->badge);
    return step(s, 3);
}

static int on_stock(void *d, const wms_demo_stock *st)
{
    demo_stats *s = d;
    assert_int_equal(st->id, ++s->stock);
    assert_true(st->product_id >= 1 && st->product_id <= s->products);
    assert_true(st->location_id >= 1 && st->location_id <= s->locations);
    assert_int_equal(s->loc_type[st->location_id], 't'); /* storage */
    assert_int_equal(s->loc_wh[st->location_id], st->warehouse_id);
    assert_non_null(st->lot);
    assert_true(st->qty.milli > 0);
    mixi(s, st->qty.milli);
    mix(s, st->lot);
    return step(s, 4);
}

static int on_doc(void *d, const wms_demo_planned_doc *doc)
{
    demo_stats *s = d;
    assert_int_equal(doc->id, ++s->docs);
    s->last_doc = doc->id;
    assert_true(doc->warehouse_id >= 1 && doc->warehouse_id <= s->warehouses);
    if (strcmp(doc->type, "receipt") == 0) {
        s->receipts++;
        assert_true(strncmp(doc->ref, "PO-2026-", 8) == 0);
    } else {
        assert_string_equal(doc->type, "issue");
        s->issues++;
        assert_true(strncmp(doc->ref, "PL-2026-", 8) == 0);
    }
    printable(doc->partner, 64);
    mix(s, doc->ref);
    mix(s, doc->partner);
    return step(s, 5);
}

static int on_line(void *d, const wms_demo_planned_line *l)
{
    demo_stats *s = d;
    assert_int_equal(l->id, ++s->lines);
    assert_int_equal(l->planned_id, s->last_doc);
    assert_true(l->product_id >= 1 && l->product_id <= s->products);
    assert_true(l->location_id >= 0 && l->location_id <= s->locations);
    assert_true(l->qty.milli > 0);
    mixi(s, l->product_id);
    mixi(s, l->qty.milli);
    return step(s, 5);
}

static int run(uint64_t seed, int64_t products, demo_stats *s)
{
    memset(s, 0, sizeof *s);
    s->hash = UINT64_C(0xcbf29ce484222325);
    wms_demo_opts o = {seed, products};
    wms_demo_sink sink = {on_wh,    on_loc, on_product, on_barcode, on_op,
                          on_stock, on_doc, on_line,    s};
    return wms_demo_generate(&o, &sink);
}

static void test_gtin_reference(void **state)
{
    (void)state;
    /* the checker itself: published examples, and one wrong digit */
    assert_true(gtin_ok("04006381333931"));
    assert_true(gtin_ok("00012345600012"));
    assert_false(gtin_ok("04006381333932"));
    assert_false(gtin_ok("0400638133393"));
}

static void test_defaults_and_counts(void **state)
{
    (void)state;
    demo_stats *s = calloc(1, sizeof *s);
    assert_int_equal(run(0, 0, s), 0); /* seed 1, 5000 products */
    assert_int_equal(s->warehouses, 2);
    assert_true(s->locations >= 200 && s->locations <= 400);
    for (int i = 0; i < 4; i++) {
        assert_true(s->loc_types[i] > 0); /* every location type exists */
    }
    assert_int_equal(s->products, 5000);
    assert_true(s->barcodes > s->products); /* units plus cases */
    assert_int_equal(s->barcode_kinds[0], 5000);
    assert_true(s->barcode_kinds[2] > 2000); /* cases are common */
    assert_true(s->barcode_kinds[1] > 0 && s->barcode_kinds[3] > 0);
    for (int i = 0; i < 4; i++) {
        assert_true(s->uoms[i] > 0);
        assert_true(s->tracking[i] > 0);
    }
    assert_true(s->operators >= 5);
    assert_true(s->stock > 3000 && s->stock < 5000);
    assert_true(s->receipts >= 3 && s->issues >= 3);
    assert_true(s->lines >= s->docs);
    uint64_t h = s->hash;
    /* seed 0 and products 0 mean the defaults */
    assert_int_equal(run(1, 5000, s), 0);
    assert_true(s->hash == h);
    free(s);
}

static void test_determinism(void **state)
{
    (void)state;
    demo_stats *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    assert_int_equal(run(7, 300, a), 0);
    assert_int_equal(run(7, 300, b), 0);
    assert_true(a->hash == b->hash);
    assert_int_equal(a->barcodes, b->barcodes);
    assert_int_equal(a->stock, b->stock);
    assert_int_equal(a->lines, b->lines);
    assert_int_equal(run(8, 300, b), 0);
    assert_true(a->hash != b->hash);
    assert_int_equal(b->products, 300);
    /* a product's data does not depend on how many products there are */
    assert_int_equal(run(7, 301, b), 0);
    assert_int_equal(b->products, 301);
    free(a);
    free(b);
}

static void test_small_and_bad(void **state)
{
    (void)state;
    demo_stats *s = calloc(1, sizeof *s);
    assert_int_equal(run(3, 1, s), 0); /* one product: still consistent */
    assert_int_equal(s->products, 1);
    assert_int_equal(run(3, -1, s), WMS_EINVAL);
    assert_int_equal(run(3, INT64_C(1) << 40, s), WMS_ERANGE);
    /* a sink that says stop: generation stops with its value */
    memset(s, 0, sizeof *s);
    s->stop_after = 10;
    wms_demo_opts o = {5, 100};
    wms_demo_sink sink = {on_wh,    on_loc, on_product, on_barcode, on_op,
                          on_stock, on_doc, on_line,    s};
    assert_int_equal(wms_demo_generate(&o, &sink), 42);
    assert_int_equal(s->calls, 10);
    /* every callback must be set */
    sink.stock = NULL;
    assert_int_equal(wms_demo_generate(&o, &sink), WMS_EINVAL);
    assert_int_equal(wms_demo_generate(&o, NULL), WMS_EINVAL);
    free(s);
}

/* Counting sink for the big run: no per-row checks, just counts. */
typedef struct counts {
    int64_t products, barcodes, stock, last_product;
    int bad;
} counts;
static int c_wh(void *d, const wms_demo_warehouse *w)
{
    (void)d;
    (void)w;
    return 0;
}
static int c_loc(void *d, const wms_demo_location *l)
{
    (void)d;
    (void)l;
    return 0;
}
static int c_prod(void *d, const wms_demo_product *p)
{
    counts *c = d;
    c->products++;
    c->bad |= p->id != c->products;
    c->last_product = p->id;
    return 0;
}
static int c_bc(void *d, const wms_demo_barcode *b)
{
    counts *c = d;
    c->barcodes++;
    c->bad |= b->product_id != c->last_product;
    return 0;
}
static int c_op(void *d, const wms_demo_operator *o)
{
    (void)d;
    (void)o;
    return 0;
}
static int c_stock(void *d, const wms_demo_stock *s)
{
    counts *c = d;
    c->stock++;
    return s->id != c->stock;
}
static int c_doc(void *d, const wms_demo_planned_doc *p)
{
    (void)d;
    (void)p;
    return 0;
}
static int c_line(void *d, const wms_demo_planned_line *l)
{
    counts *c = d;
    return l->product_id < 1 || l->product_id > c->products;
}

static void test_many_products_stream(void **state)
{
    (void)state;
    /* 200,000 here to keep the suite fast; `wmsctl seed` runs 1,000,000.
     * Memory does not grow with the count (nothing is kept per product). */
    counts c = {0};
    wms_demo_opts o = {11, 200000};
    wms_demo_sink sink = {c_wh, c_loc, c_prod, c_bc, c_op, c_stock, c_doc, c_line, &c};
    assert_int_equal(wms_demo_generate(&o, &sink), 0);
    assert_int_equal(c.products, 200000);
    assert_int_equal(c.bad, 0);
    assert_true(c.barcodes > c.products);
    assert_true(c.stock > 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_gtin_reference),       cmocka_unit_test(test_defaults_and_counts),
            cmocka_unit_test(test_determinism),          cmocka_unit_test(test_small_and_bad),
            cmocka_unit_test(test_many_products_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
