/*
 * demo.c -- the deterministic demo data generator (see core.h).
 *
 * Everything is a function of the seed: each entity draws from its own
 * splitmix64 stream seeded with (seed, kind, id), so that a product's
 * attributes can be recomputed later (for its stock and for document lines)
 * without keeping anything in memory: one million products stream through
 * the sink in O(1) memory.
 *
 * The operators are a fixed list (the same for every seed; README "Core
 * library" documents them): badge 0001 PIN 1234 is a supervisor.
 */
#include "wms/core.h"

#include <stdio.h>
#include <string.h>

#define DEMO_PRODUCTS_DEFAULT 5000
#define DEMO_PRODUCTS_MAX     INT64_C(100000000)

/* ---- random numbers ----------------------------------------------------- */

typedef struct demo_rng {
    uint64_t s;
} demo_rng;

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A stream for entity `id` of kind `kind` under `seed`. */
static demo_rng rng_for(uint64_t seed, uint64_t kind, uint64_t id)
{
    uint64_t s = seed;
    uint64_t a = splitmix64(&s);
    s = a ^ (kind * UINT64_C(0xD1B54A32D192ED03));
    uint64_t b = splitmix64(&s);
    s = b ^ (id * UINT64_C(0x8CB92BA72F3D8DD7));
    demo_rng r = {splitmix64(&s)};
    return r;
}

static uint64_t rnd(demo_rng *r)
{
    return splitmix64(&r->s);
}

/* Uniform in [0, n) (n > 0); the modulo bias is irrelevant for demo data. */
static uint32_t below(demo_rng *r, uint32_t n)
{
    return (uint32_t)(rnd(r) % n);
}

/* Uniform in [lo, hi]. */
static int64_t between(demo_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd(r) % (uint64_t)(hi - lo + 1));
}

/* true with probability pct/100. */
static bool chance(demo_rng *r, uint32_t pct)
{
    return below(r, 100) < pct;
}

#define PICK(r, arr) ((arr)[below((r), (uint32_t)WMS_ARRAY_LEN(arr))])

enum { KIND_PRODUCT = 1, KIND_STOCK, KIND_DOC };

/* ---- warehouses and locations ------------------------------------------- */

typedef struct demo_zone {
    int wh;           /* 1 or 2 */
    const char *zone; /* "A" */
    const char *type; /* "storage", ... */
    int aisles;       /* 01..aisles */
    int positions;    /* 01..positions */
} demo_zone;

/* Location ids follow this table's order: 1, 2, ... */
static const demo_zone zones[] = {
        {1, "R", "receiving", 1, 4}, {1, "S", "staging", 1, 4},  {1, "D", "shipping", 1, 4},
        {1, "A", "storage", 10, 6},  {1, "B", "storage", 10, 6}, {1, "C", "storage", 10, 6},
        {2, "R", "receiving", 2, 2}, {2, "S", "staging", 2, 1},  {2, "D", "shipping", 2, 1},
        {2, "F", "storage", 8, 5},   {2, "G", "storage", 8, 5},
};

/* WH2's receiving/staging/shipping use aisles from 02 on so that every
 * location code is unique across both warehouses. */
static int zone_first_aisle(const demo_zone *z)
{
    return (z->wh == 2 && strcmp(z->type, "storage") != 0) ? 2 : 1;
}

static int64_t zone_size(const demo_zone *z)
{
    return (int64_t)z->aisles * z->positions;
}

/* The id of the first location of zone index `zi`. */
static int64_t zone_first_id(size_t zi)
{
    int64_t id = 1;
    for (size_t i = 0; i < zi; i++) {
        id += zone_size(&zones[i]);
    }
    return id;
}

/* A location of `type` in warehouse `wh` chosen by `r`: its id. */
static int64_t pick_location(demo_rng *r, int wh, const char *type)
{
    int64_t total = 0;
    for (size_t i = 0; i < WMS_ARRAY_LEN(zones); i++) {
        if (zones[i].wh == wh && strcmp(zones[i].type, type) == 0) {
            total += zone_size(&zones[i]);
        }
    }
    int64_t k = between(r, 0, total - 1);
    for (size_t i = 0; i < WMS_ARRAY_LEN(zones); i++) {
        if (zones[i].wh == wh && strcmp(zones[i].type, type) == 0) {
            if (k < zone_size(&zones[i])) {
                return zone_first_id(i) + k;
            }
            k -= zone_size(&zones[i]);
        }
    }
    return zone_first_id(0);
}

/* ---- products ----------------------------------------------------------- */

/* A product family: "<base> <variant> <finish>", e.g. "Hex bolt M8x40 zinc
 * plated".  A unit-barcode scan counts one piece, or a package of
 * unit_lo..unit_hi thousandths (a 25 m coil, a 2.5 l can). */
typedef struct demo_family {
    const char *base;
    const char *const *var;
    const char *const *fin;
    int nvar, nfin;
    const char *uom;
    const char *tracking;
    int64_t unit_lo, unit_hi;
} demo_family;

#define V(...)            \
    (const char *const[]) \
    {                     \
        __VA_ARGS__       \
    }
#define FAM(base, var, fin, uom, trk, lo, hi)                              \
    {                                                                      \
        base, var, fin, (int)(sizeof var / sizeof(const char *)),          \
                (int)(sizeof fin / sizeof(const char *)), uom, trk, lo, hi \
    }

static const demo_family families[] = {
        /* fasteners */
        FAM("Hex bolt", V("M6x30", "M8x40", "M8x60", "M10x50", "M10x80", "M12x60", "M12x100"),
            V("zinc plated", "stainless A2", "stainless A4", "galvanised"), "pcs", "none", 1000,
            1000),
        FAM("Hex nut", V("M4", "M5", "M6", "M8", "M10", "M12", "M16"),
            V("zinc plated", "stainless A2", "nylon insert"), "pcs", "none", 1000, 1000),
        FAM("Wood screw", V("3.0x20", "3.5x30", "4.0x40", "4.5x50", "5.0x60", "6.0x80"),
            V("countersunk yellow zinc", "pan head", "torx stainless"), "pcs", "none", 1000, 1000),
        FAM("Washer", V("M5", "M6", "M8", "M10", "M12"),
            V("DIN 125 zinc", "DIN 9021 stainless", "spring steel"), "pcs", "none", 1000, 1000),
        FAM("Wall plug", V("6x30", "8x40", "10x50", "12x60"), V("nylon", "universal", "cavity"),
            "pcs", "none", 1000, 1000),
        /* tools */
        FAM("Cordless drill", V("12V", "18V"),
            V("compact", "brushless", "with 2 batteries", "bare tool"), "pcs", "serial", 1000,
            1000),
        FAM("Angle grinder", V("115 mm", "125 mm", "230 mm"), V("850 W", "1400 W", "2200 W"), "pcs",
            "serial", 1000, 1000),
        FAM("Impact driver", V("12V", "18V"), V("brushless", "with 2 batteries", "bare tool"),
            "pcs", "serial", 1000, 1000),
        FAM("Rotary hammer SDS-plus", V("2 kg", "3 kg", "5 kg"), V("corded", "18V brushless"),
            "pcs", "serial", 1000, 1000),
        /* by the metre */
        FAM("Cable NYM-J", V("3x1.5", "3x2.5", "5x1.5", "5x2.5"), V("grey"), "m", "none", 25000,
            100000),
        FAM("Cable H07RN-F", V("3G1.5", "3G2.5", "5G2.5"), V("black"), "m", "none", 25000, 100000),
        FAM("Rope polypropylene", V("6 mm", "8 mm", "10 mm", "12 mm"), V("blue", "orange", "white"),
            "m", "none", 10000, 50000),
        FAM("Garden hose", V("1/2 in", "3/4 in"), V("green", "black"), "m", "none", 25000, 50000),
        FAM("Chain galvanised", V("4 mm", "6 mm", "8 mm"), V("short link", "long link"), "m",
            "none", 1000, 10000),
        /* by weight */
        FAM("Grass seed", V("sport", "shade", "premium lawn"), V("mix"), "kg", "lot", 1000, 25000),
        FAM("Rock salt", V("fine", "coarse"), V("de-icing"), "kg", "lot", 10000, 25000),
        FAM("Coffee beans", V("arabica", "espresso blend", "decaf"), V("roasted"), "kg", "expiry",
            500, 1000),
        FAM("Flour", V("type 405", "type 550", "wholemeal"), V("wheat", "rye", "spelt"), "kg",
            "expiry", 1000, 25000),
        FAM("Wood pellets", V("A1", "A2"), V("loose"), "kg", "lot", 10000, 25000),
        /* by volume */
        FAM("Wall paint", V("white", "light grey", "anthracite", "cream"),
            V("matt interior", "silk interior", "exterior"), "l", "lot", 1000, 10000),
        FAM("Wood stain", V("oak", "walnut", "teak", "clear"), V("water based", "oil based"), "l",
            "lot", 500, 5000),
        FAM("Engine oil", V("5W-30", "5W-40", "10W-40"), V("synthetic", "semi-synthetic"), "l",
            "lot", 1000, 5000),
        FAM("Olive oil", V("extra virgin", "mild"), V("cold pressed"), "l", "expiry", 500, 5000),
        FAM("Floor cleaner", V("citrus", "neutral"), V("concentrate"), "l", "expiry", 1000, 10000),
        /* boxed goods */
        FAM("Nitrile gloves", V("size S", "size M", "size L", "size XL"),
            V("box of 100", "box of 200"), "pcs", "none", 1000, 1000),
        FAM("Safety glasses", V("clear", "tinted"), V("EN 166"), "pcs", "none", 1000, 1000),
        FAM("Packing tape", V("48 mm x 66 m", "50 mm x 100 m"),
            V("brown", "clear", "fragile print"), "pcs", "none", 1000, 1000),
        FAM("Cable ties", V("2.5x100", "3.6x200", "4.8x300"), V("black", "natural"), "pcs", "none",
            1000, 1000),
        FAM("LED bulb", V("E27 9W", "E14 5W", "GU10 4W"), V("warm white", "cool white"), "pcs",
            "none", 1000, 1000),
        FAM("Work boots S3", V("size 40", "size 41", "size 42", "size 43", "size 44", "size 45"),
            V("black", "brown"), "pcs", "none", 1000, 1000),
        FAM("Storage box", V("10 l", "25 l", "45 l", "70 l"), V("with lid", "stackable"), "pcs",
            "none", 1000, 1000),
        FAM("Pallet wrap", V("500 mm x 300 m", "450 mm x 250 m"), V("23 micron", "17 micron"),
            "pcs", "none", 1000, 1000),
};

typedef struct demo_prod {
    int64_t id;
    char sku[32];
    char name[96];
    const demo_family *fam;
    int decimals;
    const char *tracking;
    char unit_gtin[WMS_GTIN14_LEN + 1];
    int64_t unit_milli; /* one unit-barcode scan */
    int64_t case_units; /* unit scans per case, 0 = no case barcode */
    int64_t inner_units;
    bool pallet;
    /* stock */
    bool has_stock;
    int wh;
    int64_t location_id;
    int64_t stock_milli;
    char lot[16];
} demo_prod;

/* GTIN-14 from 13 data digits: appends the check digit. */
static int gtin14(const char data[13], char out[WMS_GTIN14_LEN + 1])
{
    int c = wms_gs1_check_digit(data, 13);
    if (c < '0' || c > '9') {
        return WMS_EINVAL;
    }
    memcpy(out, data, 13);
    out[13] = (char)c;
    out[14] = '\0';
    return 0;
}

/* Everything about product `id`, recomputable at any time. */
static int product_attrs(uint64_t seed, int64_t id, demo_prod *p)
{
    demo_rng r = rng_for(seed, KIND_PRODUCT, (uint64_t)id);
    memset(p, 0, sizeof *p);
    p->id = id;
    snprintf(p->sku, sizeof p->sku, "SKU-%06lld", (long long)id);
    const demo_family *fam = &families[below(&r, (uint32_t)WMS_ARRAY_LEN(families))];
    p->fam = fam;
    p->decimals = strcmp(fam->uom, "pcs") == 0 ? 0 : 3;
    const char *var = fam->var[below(&r, (uint32_t)fam->nvar)];
    const char *fin = fam->fin[below(&r, (uint32_t)fam->nfin)];
    snprintf(p->name, sizeof p->name, "%s %s %s", fam->base, var, fin);
    p->tracking = fam->tracking;
    if (strcmp(fam->tracking, "none") == 0 && chance(&r, 3)) {
        p->tracking = "lot";
    }

    /* unit GTIN-13 (as GTIN-14 with a leading 0): a prefix that depends on
     * the seed, then the id: unique within a data set */
    char data[32];
    int n = snprintf(data, sizeof data, "0%03u%09lld", 400u + (unsigned)(seed % 40u),
                     (long long)id);
    if (n != 13) { /* ids stay below 10^9 (DEMO_PRODUCTS_MAX) */
        return WMS_ERANGE;
    }
    int rc = gtin14(data, p->unit_gtin);
    if (rc) {
        return rc;
    }
    if (fam->unit_lo == fam->unit_hi) {
        p->unit_milli = fam->unit_lo;
    } else {
        static const int64_t packs[] = {500, 1000, 2500, 5000, 10000, 25000, 50000, 100000};
        p->unit_milli = fam->unit_lo;
        for (int k = 0; k < 8; k++) {
            int64_t v = PICK(&r, packs);
            if (v >= fam->unit_lo && v <= fam->unit_hi) {
                p->unit_milli = v;
                break;
            }
        }
    }
    static const int64_t case_sizes[] = {6, 10, 12, 12, 20, 24, 24, 50, 100};
    static const int64_t inner_sizes[] = {2, 3, 4, 5, 6};
    if (chance(&r, 60)) {
        p->case_units = PICK(&r, case_sizes);
        if (chance(&r, 25)) {
            p->inner_units = PICK(&r, inner_sizes);
            if (p->inner_units >= p->case_units) {
                p->inner_units = 0;
            }
        }
        p->pallet = chance(&r, 8);
    }

    /* stock: three products in four have some, most of it in WH1 */
    p->has_stock = chance(&r, 75);
    if (p->has_stock) {
        p->wh = chance(&r, 70) ? 1 : 2;
        p->location_id = pick_location(&r, p->wh, "storage");
        int64_t scans =
                strcmp(p->tracking, "serial") == 0 ? between(&r, 1, 8) : between(&r, 1, 400);
        p->stock_milli = scans * p->unit_milli;
        if (p->decimals > 0 && chance(&r, 30)) {
            p->stock_milli += between(&r, 1, 999); /* an opened package */
        }
        if (strcmp(p->tracking, "lot") == 0 || strcmp(p->tracking, "expiry") == 0) {
            snprintf(p->lot, sizeof p->lot, "L%02d%02d-%04d", (int)between(&r, 24, 26),
                     (int)between(&r, 1, 12), (int)between(&r, 1, 9999));
        }
    }
    return 0;
}

/* ---- operators ---------------------------------------------------------- */

/* Fixed for every seed; documented in the README. */
static const wms_demo_operator operators[] = {
        {1, "0001", "Anna Schmidt", "supervisor", "1234"},
        {2, "0002", "Ben Okafor", "operator", "2345"},
        {3, "0003", "Carla Rossi", "operator", "3456"},
        {4, "0004", "Dmitri Ivanov", "operator", "4567"},
        {5, "0005", "Eva Novak", "operator", "5678"},
        {6, "0006", "Farid Haddad", "operator", "6789"},
        {7, "0007", "Greta Lund", "supervisor", "7890"},
        {8, "0008", "Site Admin", "admin", "9999"},
};

/* ---- planned documents -------------------------------------------------- */

static const char *const suppliers[] = {
        "Nordbolt GmbH",     "Acme Fasteners Ltd", "Baltic Timber AB",   "Rheinfarben KG",
        "Iberia Tools S.L.", "Danube Cable Kft.",  "Alpine Garden GmbH", "Polder Packaging B.V."};
static const char *const customers[] = {
        "Hardware Corner", "BuildIt Stores", "City Garden Centre",   "Kowalski Budownictwo",
        "Atelier Moreau",  "Hotel Seeblick", "Municipal Works Yard", "Van Dijk Installaties"};

#define DEMO_RECEIPTS   6
#define DEMO_PICK_LISTS 6

/* ---- generation --------------------------------------------------------- */

typedef struct demo_ids {
    int64_t barcode;
    int64_t stock;
    int64_t line;
} demo_ids;

static int emit_barcode(const wms_demo_sink *sink, demo_ids *ids, int64_t product_id,
                        const char *code, int64_t milli, const char *kind)
{
    wms_demo_barcode b = {++ids->barcode, product_id, code, {milli}, kind};
    return sink->barcode(sink->data, &b);
}

/* A GTIN-14 with packaging indicator `ind` for the unit GTIN's item. */
static int packaging_gtin(const char *unit, char ind, char out[WMS_GTIN14_LEN + 1])
{
    char data[14];
    data[0] = ind;
    memcpy(data + 1, unit + 1, 12); /* drop the unit's leading 0 and check digit */
    data[13] = '\0';
    return gtin14(data, out);
}

static int emit_product(const wms_demo_sink *sink, demo_ids *ids, const demo_prod *p)
{
    wms_demo_product prod = {p->id, p->sku, p->name, p->fam->uom, p->decimals, p->tracking};
    int rc = sink->product(sink->data, &prod);
    if (rc) {
        return rc;
    }
    rc = emit_barcode(sink, ids, p->id, p->unit_gtin, p->unit_milli, "unit");
    char code[WMS_GTIN14_LEN + 1];
    if (!rc && p->inner_units) {
        rc = packaging_gtin(p->unit_gtin, '3', code);
        if (!rc) {
            rc = emit_barcode(sink, ids, p->id, code, p->inner_units * p->unit_milli, "inner");
        }
    }
    if (!rc && p->case_units) {
        rc = packaging_gtin(p->unit_gtin, '1', code);
        if (!rc) {
            rc = emit_barcode(sink, ids, p->id, code, p->case_units * p->unit_milli, "case");
        }
    }
    if (!rc && p->pallet) {
        rc = packaging_gtin(p->unit_gtin, '5', code);
        if (!rc) {
            rc = emit_barcode(sink, ids, p->id, code, 40 * p->case_units * p->unit_milli, "pallet");
        }
    }
    return rc;
}

/* A product with stock in warehouse `wh` (for pick lists); 0 when none found. */
static int pick_stocked(uint64_t seed, demo_rng *r, int64_t products, int wh, demo_prod *p)
{
    for (int tries = 0; tries < 64; tries++) {
        int64_t id = between(r, 1, products);
        int rc = product_attrs(seed, id, p);
        if (rc) {
            return rc;
        }
        if (p->has_stock && p->wh == wh) {
            return 1;
        }
    }
    return 0;
}

static int emit_docs(const wms_demo_sink *sink, demo_ids *ids, uint64_t seed, int64_t products)
{
    int64_t doc_id = 0;
    for (int d = 0; d < DEMO_RECEIPTS + DEMO_PICK_LISTS; d++) {
        bool receipt = d < DEMO_RECEIPTS;
        int n = receipt ? d + 1 : d - DEMO_RECEIPTS + 1;
        demo_rng r = rng_for(seed, KIND_DOC, (uint64_t)d);
        char ref[24];
        snprintf(ref, sizeof ref, "%s-2026-%04d", receipt ? "PO" : "PL", n);
        int wh = (n % 3 == 0) ? 2 : 1;
        wms_demo_planned_doc doc = {++doc_id, receipt ? "receipt" : "issue", wh, ref,
                                    receipt ? PICK(&r, suppliers) : PICK(&r, customers)};
        int rc = sink->planned_doc(sink->data, &doc);
        if (rc) {
            return rc;
        }
        int lines = (int)between(&r, receipt ? 3 : 2, receipt ? 8 : 6);
        for (int l = 0; l < lines; l++) {
            demo_prod p;
            wms_demo_planned_line line = {0, doc.id, 0, 0, {0}};
            if (receipt) {
                rc = product_attrs(seed, between(&r, 1, products), &p);
                if (rc) {
                    return rc;
                }
                int64_t scans =
                        p.case_units ? p.case_units * between(&r, 1, 10) : between(&r, 1, 60);
                line.qty.milli = scans * p.unit_milli;
            } else {
                rc = pick_stocked(seed, &r, products, wh, &p);
                if (rc < 0) {
                    return rc;
                }
                if (rc == 0) {
                    continue; /* tiny data sets: no stock here */
                }
                line.location_id = p.location_id;
                int64_t max_scans = p.stock_milli / p.unit_milli;
                if (max_scans < 1) {
                    continue;
                }
                line.qty.milli = between(&r, 1, max_scans < 20 ? max_scans : 20) * p.unit_milli;
            }
            line.id = ++ids->line;
            line.product_id = p.id;
            rc = sink->planned_line(sink->data, &line);
            if (rc) {
                return rc;
            }
        }
    }
    return 0;
}

int wms_demo_generate(const wms_demo_opts *opts, const wms_demo_sink *sink)
{
    if (!sink || !sink->warehouse || !sink->location || !sink->product || !sink->barcode ||
        !sink->op || !sink->stock || !sink->planned_doc || !sink->planned_line) {
        return WMS_EINVAL;
    }
    uint64_t seed = opts && opts->seed ? opts->seed : 1;
    int64_t products = opts && opts->products ? opts->products : DEMO_PRODUCTS_DEFAULT;
    if (products < 0) {
        return WMS_EINVAL;
    }
    if (products > DEMO_PRODUCTS_MAX) {
        return WMS_ERANGE;
    }
    demo_ids ids = {0, 0, 0};
    int rc;

    static const wms_demo_warehouse warehouses[] = {
            {1, "WH1", "Central Warehouse"},
            {2, "WH2", "North Depot"},
    };
    for (size_t i = 0; i < WMS_ARRAY_LEN(warehouses); i++) {
        rc = sink->warehouse(sink->data, &warehouses[i]);
        if (rc) {
            return rc;
        }
    }

    int64_t loc_id = 0;
    for (size_t zi = 0; zi < WMS_ARRAY_LEN(zones); zi++) {
        const demo_zone *z = &zones[zi];
        int first = zone_first_aisle(z);
        for (int a = 0; a < z->aisles; a++) {
            for (int pos = 1; pos <= z->positions; pos++) {
                char code[16];
                snprintf(code, sizeof code, "%s-%02d-%02d", z->zone, first + a, pos);
                wms_demo_location l = {++loc_id, z->wh, code, z->zone, z->type};
                rc = sink->location(sink->data, &l);
                if (rc) {
                    return rc;
                }
            }
        }
    }

    demo_prod p;
    for (int64_t id = 1; id <= products; id++) {
        rc = product_attrs(seed, id, &p);
        if (!rc) {
            rc = emit_product(sink, &ids, &p);
        }
        if (rc) {
            return rc;
        }
    }

    for (size_t i = 0; i < WMS_ARRAY_LEN(operators); i++) {
        rc = sink->op(sink->data, &operators[i]);
        if (rc) {
            return rc;
        }
    }

    for (int64_t id = 1; id <= products; id++) {
        rc = product_attrs(seed, id, &p);
        if (rc) {
            return rc;
        }
        if (!p.has_stock) {
            continue;
        }
        wms_demo_stock s = {++ids.stock, p.wh, p.location_id, p.id, p.lot, {p.stock_milli}};
        rc = sink->stock(sink->data, &s);
        if (rc) {
            return rc;
        }
    }

    if (products > 0) {
        rc = emit_docs(sink, &ids, seed, products);
        if (rc) {
            return rc;
        }
    }
    return 0;
}
