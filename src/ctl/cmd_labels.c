/*
 * cmd_labels.c -- `wmsctl labels --db PATH --out DIR [--products N]`: PNG
 * barcode labels for what a terminal database knows (locations, operator
 * badges, the first N products with each of their barcodes and a GS1-128
 * with lot / expiry / serial where the product is tracked), a printable
 * sheet (index.html) and a manifest (labels.json: file, kind, the bytes a
 * scanner delivers), so that a person can try the kiosk with a real scanner.
 *
 * Barcodes are drawn by libzint (Debian libzint-dev); internal labels use
 * the documented prefixes (L: location, B: badge) in Code 128, products
 * their EAN-13 (GTIN-14 with a leading 0) or GS1-128 (01) for cases.
 */
#include "ctl.h"

#include "wms/store.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zint.h>

#define LABELS_USAGE        "usage: wmsctl labels --db PATH --out DIR [--products N]\n"
#define LABELS_MAX_PRODUCTS 10000

typedef struct labels {
    const char *dir;
    json_t *manifest; /* array */
    FILE *html;
    int count;
    char yymmdd[8]; /* an expiry date one year ahead, for the tracked samples */
} labels;

/* HTML text: escape what could break out of an element or attribute. */
static void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static void hex_of(const char *data, size_t len, char *out, size_t cap)
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < len && o + 2 < cap; i++) {
        out[o++] = digits[(unsigned char)data[i] >> 4];
        out[o++] = digits[(unsigned char)data[i] & 15];
    }
    out[o] = '\0';
}

/*
 * One label: encode `input` (zint syntax: GS1 AIs in [brackets] when
 * `gs1`) as `symbology` into DIR/FILE, and record `scan` (the bytes a
 * scanner delivers for it, GS as 0x1D) with its caption.
 */
static int label(labels *L, const char *file, const char *kind, int symbology, bool gs1,
                 const char *input, const char *scan, const char *caption)
{
    struct zint_symbol *z = ZBarcode_Create();
    if (!z) {
        fprintf(stderr, "wmsctl labels: out of memory\n");
        return 1;
    }
    z->symbology = symbology;
    z->input_mode = gs1 ? GS1_MODE : DATA_MODE;
    z->scale = 2.0f;
    z->output_options |= BARCODE_QUIET_ZONES;
    int w = snprintf(z->outfile, sizeof z->outfile, "%s/%s", L->dir, file);
    if (w < 0 || (size_t)w >= sizeof z->outfile) {
        fprintf(stderr, "wmsctl labels: --out path too long (max %zu bytes)\n",
                sizeof z->outfile - 40);
        ZBarcode_Delete(z);
        return 1;
    }
    int r = ZBarcode_Encode_and_Print(z, (const unsigned char *)input, (int)strlen(input), 0);
    if (r >= ZINT_ERROR) {
        fprintf(stderr, "wmsctl labels: %s: cannot encode '%s': %s\n", file, input, z->errtxt);
        ZBarcode_Delete(z);
        return 1;
    }
    ZBarcode_Delete(z);
    char hex[2 * 128 + 1];
    hex_of(scan, strlen(scan), hex, sizeof hex);
    json_array_append_new(L->manifest, json_pack("{s:s,s:s,s:s,s:s}", "file", file, "kind", kind,
                                                 "scan_hex", hex, "caption", caption));
    fprintf(L->html, "<figure><img src=\"%s\" alt=\"\"><figcaption>", file);
    html_text(L->html, caption);
    fputs("</figcaption></figure>\n", L->html);
    L->count++;
    return 0;
}

static int do_locations(labels *L, wms_store *s, wms_err *e)
{
    wms_store_location loc[64];
    size_t n = 0;
    int64_t after = 0;
    fputs("<h2>Locations</h2>\n<section>\n", L->html);
    do {
        if (wms_store_locations_after(s, after, loc, 64, &n, e)) {
            return 1;
        }
        for (size_t i = 0; i < n; i++) {
            char file[64], data[80], cap[128];
            snprintf(file, sizeof file, "location-%lld.png", (long long)loc[i].id);
            snprintf(data, sizeof data, "L:%s", loc[i].code);
            snprintf(cap, sizeof cap, "%s (%s)", data, loc[i].type);
            if (label(L, file, "location", BARCODE_CODE128, false, data, data, cap)) {
                return 1;
            }
            after = loc[i].id;
        }
    } while (n == 64);
    fputs("</section>\n", L->html);
    return 0;
}

static int do_badges(labels *L, wms_store *s, wms_err *e)
{
    wms_store_operator op[64];
    size_t n = 0;
    int64_t after = 0;
    fputs("<h2>Operator badges</h2>\n<section>\n", L->html);
    do {
        if (wms_store_operators_after(s, after, op, 64, &n, e)) {
            return 1;
        }
        for (size_t i = 0; i < n; i++) {
            char file[64], data[80], cap[240];
            snprintf(file, sizeof file, "badge-%lld.png", (long long)op[i].id);
            snprintf(data, sizeof data, "B:%s", op[i].badge);
            snprintf(cap, sizeof cap, "%s %s (%s)", data, op[i].name, op[i].role);
            if (label(L, file, "badge", BARCODE_CODE128, false, data, data, cap)) {
                return 1;
            }
            after = op[i].id;
        }
    } while (n == 64);
    fputs("</section>\n", L->html);
    return 0;
}

static bool is_gtin14(const char *c)
{
    if (strlen(c) != 14) {
        return false;
    }
    for (size_t i = 0; i < 14; i++) {
        if (c[i] < '0' || c[i] > '9') {
            return false;
        }
    }
    return true;
}

/* The product's barcodes, plus one GS1-128 with its tracking AIs. */
static int do_product(labels *L, wms_store *s, const wms_store_product *p, wms_err *e)
{
    wms_store_barcode bc[16];
    size_t n = 0;
    if (wms_store_product_barcodes(s, p->id, bc, 16, &n, e)) {
        return 1;
    }
    const char *unit_gtin = NULL;
    for (size_t i = 0; i < n; i++) {
        char file[80], in[96], scan[96], cap[240], q[WMS_QTY_STRING_MAX];
        wms_qty_format(bc[i].pack_qty, q, sizeof q);
        snprintf(file, sizeof file, "product-%lld-%lld.png", (long long)p->id, (long long)bc[i].id);
        snprintf(cap, sizeof cap, "%s %s, %s x%s", p->sku, p->name, bc[i].kind, q);
        int rc;
        if (!is_gtin14(bc[i].code)) {
            /* other printable text: Code 128 as stored */
            rc = label(L, file, "product", BARCODE_CODE128, false, bc[i].code, bc[i].code, cap);
        } else if (bc[i].code[0] == '0') {
            /* GTIN-13 inside: EAN-13, what a retail unit carries */
            rc = label(L, file, "product", BARCODE_EANX, false, bc[i].code + 1, bc[i].code + 1,
                       cap);
        } else {
            /* a case / inner GTIN-14: GS1-128 with AI 01 */
            snprintf(in, sizeof in, "[01]%s", bc[i].code);
            snprintf(scan, sizeof scan, "01%s", bc[i].code);
            rc = label(L, file, "product", BARCODE_GS1_128, true, in, scan, cap);
        }
        if (rc) {
            return 1;
        }
        if (!unit_gtin && is_gtin14(bc[i].code) && strcmp(bc[i].kind, "unit") == 0) {
            unit_gtin = bc[i].code;
        }
    }
    if (!unit_gtin || strcmp(p->tracking, "none") == 0) {
        return 0;
    }
    /* A tracked product: the GS1-128 a supplier prints, with the AIs the
     * receive screen captures.  Variable-length AIs get a GS (FNC1). */
    char file[80], in[128], scan[128], cap[240];
    snprintf(file, sizeof file, "product-%lld-gs1.png", (long long)p->id);
    if (strcmp(p->tracking, "serial") == 0) {
        snprintf(in, sizeof in, "[01]%s[21]S%06lld", unit_gtin, (long long)p->id);
        snprintf(scan, sizeof scan, "01%s21S%06lld", unit_gtin, (long long)p->id);
    } else if (strcmp(p->tracking, "lot") == 0) {
        snprintf(in, sizeof in, "[01]%s[10]L%05lld[17]%s", unit_gtin, (long long)p->id, L->yymmdd);
        snprintf(scan, sizeof scan,
                 "01%s10L%05lld\x1d"
                 "17%s",
                 unit_gtin, (long long)p->id, L->yymmdd);
    } else {
        snprintf(in, sizeof in, "[01]%s[17]%s", unit_gtin, L->yymmdd);
        snprintf(scan, sizeof scan, "01%s17%s", unit_gtin, L->yymmdd);
    }
    snprintf(cap, sizeof cap, "%s %s, GS1-128 (%s)", p->sku, p->name, p->tracking);
    return label(L, file, "product", BARCODE_GS1_128, true, in, scan, cap);
}

static int do_products(labels *L, wms_store *s, int64_t limit, wms_err *e)
{
    wms_store_product p[64];
    size_t n = 0;
    int64_t after = 0, done = 0;
    fputs("<h2>Products</h2>\n<section>\n", L->html);
    do {
        size_t want = (size_t)(limit - done < 64 ? limit - done : 64);
        if (want == 0) {
            break;
        }
        if (wms_store_products_after(s, after, p, want, &n, e)) {
            return 1;
        }
        for (size_t i = 0; i < n; i++) {
            if (do_product(L, s, &p[i], e)) {
                return 1;
            }
            after = p[i].id;
            done++;
        }
        if (n < want) {
            break;
        }
    } while (done < limit);
    fputs("</section>\n", L->html);
    return 0;
}

static int out_dir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0755) == 0) {
        return 0;
    }
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        return 0;
    }
    fprintf(stderr, "wmsctl labels: --out %s: %s\n", dir,
            errno == EEXIST ? "exists and is not a directory" : strerror(errno));
    return 1;
}

int cmd_labels(int argc, char **argv)
{
    const char *db = NULL, *dir = NULL;
    int64_t products = 20;
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--db") == 0 && v) {
            db = v;
        } else if (strcmp(argv[i], "--out") == 0 && v) {
            dir = v;
        } else if (strcmp(argv[i], "--products") == 0 && v) {
            char *end = NULL;
            long long n = strtoll(v, &end, 10);
            if (*end || !v[0] || n < 0 || n > LABELS_MAX_PRODUCTS) {
                fprintf(stderr, "wmsctl labels: --products must be 0..%d\n", LABELS_MAX_PRODUCTS);
                return 2;
            }
            products = n;
        } else {
            fputs(LABELS_USAGE, stderr);
            return 2;
        }
        i++;
    }
    if (!db || !dir) {
        fputs(LABELS_USAGE, stderr);
        return 2;
    }
    /* Opening a missing path would create an empty database: refuse. */
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "wmsctl labels: --db %s: %s\n", db, strerror(errno));
        return 1;
    }
    if (out_dir(dir)) {
        return 1;
    }
    labels L = {.dir = dir, .manifest = json_array()};
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(L.yymmdd, sizeof L.yymmdd, "%02d1231", (tm.tm_year + 1901) % 100);
    char path[4096];
    snprintf(path, sizeof path, "%s/index.html", dir);
    L.html = fopen(path, "w");
    if (!L.html) {
        fprintf(stderr, "wmsctl labels: %s: %s\n", path, strerror(errno));
        json_decref(L.manifest);
        return 1;
    }
    fputs("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>wms-kiosk labels</title>\n"
          "<style>body{font-family:sans-serif}section{display:flex;flex-wrap:wrap;gap:6mm}"
          "figure{margin:0;padding:3mm;border:1px dashed #999;break-inside:avoid;"
          "text-align:center}figcaption{font-size:10pt;max-width:70mm}</style></head><body>\n"
          "<h1>wms-kiosk labels</h1>\n",
          L.html);
    wms_store_opts o = {.path = db};
    wms_store *s = NULL;
    wms_err e;
    wms_err_clear(&e);
    int rc = wms_store_open(&o, &s, NULL, &e) ? 1 : 0;
    rc = rc ? rc : do_locations(&L, s, &e);
    rc = rc ? rc : do_badges(&L, s, &e);
    rc = rc ? rc : do_products(&L, s, products, &e);
    wms_store_close(s);
    fputs("</body></html>\n", L.html);
    if (fclose(L.html) != 0 && rc == 0) {
        fprintf(stderr, "wmsctl labels: %s: %s\n", path, strerror(errno));
        rc = 1;
    }
    if (rc && e.msg[0]) {
        fprintf(stderr, "wmsctl labels: %s (%s)\n", e.msg, wms_err_name(e.code));
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/labels.json", dir);
        if (json_dump_file(L.manifest, path, JSON_INDENT(1)) != 0) {
            fprintf(stderr, "wmsctl labels: cannot write %s\n", path);
            rc = 1;
        }
    }
    json_decref(L.manifest);
    if (rc == 0) {
        fprintf(stderr, "wmsctl labels: %d labels in %s (sheet: %s/index.html)\n", L.count, dir,
                dir);
    }
    return rc;
}
