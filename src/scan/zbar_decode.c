/*
 * zbar_decode.c -- the one zbar decode path: camera frames and image files
 * (wmsctl decode) go through wms_zbar_decode_gray.  Only the enabled
 * symbologies are decoded; the AIM identifier is derived from zbar's
 * symbology and GS1 modifier (zbar never emits "]C1" itself).
 */
#include "scan_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>
#ifdef WMS_HAVE_DMTX
#include <dmtx.h>
#endif

struct wms_zbar {
    zbar_image_scanner_t *scanner;
    wms_zbar_config cfg;
};

uint32_t wms_zbar_default_symbologies(void)
{
    return WMS_SYMBIT(WMS_SYM_EAN13) | WMS_SYMBIT(WMS_SYM_EAN8) | WMS_SYMBIT(WMS_SYM_UPCA) |
           WMS_SYMBIT(WMS_SYM_UPCE) | WMS_SYMBIT(WMS_SYM_CODE128) | WMS_SYMBIT(WMS_SYM_GS1_128) |
           WMS_SYMBIT(WMS_SYM_CODE39) | WMS_SYMBIT(WMS_SYM_QR) | WMS_SYMBIT(WMS_SYM_GS1_QR) |
           WMS_SYMBIT(WMS_SYM_DATABAR);
}

static void enable(zbar_image_scanner_t *sc, zbar_symbol_type_t t)
{
    zbar_image_scanner_set_config(sc, t, ZBAR_CFG_ENABLE, 1);
}

int wms_zbar_new(const wms_zbar_config *cfg, wms_zbar **out, wms_err *err)
{
    *out = NULL;
    if (cfg->density < 1 || cfg->density > 8) {
        return wms_err_set(err, WMS_ERANGE, "zbar density %d out of 1..8", cfg->density);
    }
    if (cfg->symbologies == 0 && !cfg->plain) {
        return wms_err_set(err, WMS_EINVAL, "no symbology enabled");
    }
    wms_zbar *z = calloc(1, sizeof *z);
    if (!z) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    z->cfg = *cfg;
    z->scanner = zbar_image_scanner_create();
    if (!z->scanner) {
        free(z);
        return wms_err_set(err, WMS_ENOMEM, "zbar_image_scanner_create failed");
    }
    zbar_image_scanner_t *sc = z->scanner;
    if (cfg->plain) {
        /* the library's defaults: the benchmark's baseline */
        zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 1);
        *out = z;
        return 0;
    }
    uint32_t m = cfg->symbologies;
    zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
    if (m & WMS_SYMBIT(WMS_SYM_EAN13)) {
        enable(sc, ZBAR_EAN13);
    }
    if (m & WMS_SYMBIT(WMS_SYM_EAN8)) {
        enable(sc, ZBAR_EAN8);
    }
    if (m & WMS_SYMBIT(WMS_SYM_UPCA)) {
        enable(sc, ZBAR_UPCA);
    }
    if (m & WMS_SYMBIT(WMS_SYM_UPCE)) {
        enable(sc, ZBAR_UPCE);
    }
    if (m & (WMS_SYMBIT(WMS_SYM_CODE128) | WMS_SYMBIT(WMS_SYM_GS1_128))) {
        enable(sc, ZBAR_CODE128);
    }
    if (m & WMS_SYMBIT(WMS_SYM_CODE39)) {
        enable(sc, ZBAR_CODE39);
    }
    if (m & WMS_SYMBIT(WMS_SYM_ITF)) {
        enable(sc, ZBAR_I25);
    }
    if (m & (WMS_SYMBIT(WMS_SYM_QR) | WMS_SYMBIT(WMS_SYM_GS1_QR))) {
        enable(sc, ZBAR_QRCODE);
        /* exact bytes: no character-set guessing */
        zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    }
    if (m & WMS_SYMBIT(WMS_SYM_DATABAR)) {
        enable(sc, ZBAR_DATABAR);
        enable(sc, ZBAR_DATABAR_EXP);
    }
    if (m & WMS_SYMBIT(WMS_SYM_PDF417)) {
        enable(sc, ZBAR_PDF417);
    }
    zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_X_DENSITY, cfg->density);
    zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_Y_DENSITY, cfg->density);
    *out = z;
    return 0;
}

void wms_zbar_free(wms_zbar *z)
{
    if (z) {
        zbar_image_scanner_destroy(z->scanner);
        free(z);
    }
}

/* zbar symbology + GS1 modifier -> ours + AIM identifier. */
static wms_symbology map_symbol(zbar_symbol_type_t t, bool gs1, char aim[4])
{
    const char *id = "";
    wms_symbology s = WMS_SYM_UNKNOWN;
    switch (t) {
    case ZBAR_EAN13:
        s = WMS_SYM_EAN13, id = "]E0";
        break;
    case ZBAR_UPCA:
        s = WMS_SYM_UPCA, id = "]E0";
        break;
    case ZBAR_EAN8:
        s = WMS_SYM_EAN8, id = "]E4";
        break;
    case ZBAR_UPCE:
        s = WMS_SYM_UPCE, id = "]E0";
        break;
    case ZBAR_CODE128:
        s = gs1 ? WMS_SYM_GS1_128 : WMS_SYM_CODE128;
        id = gs1 ? "]C1" : "]C0";
        break;
    case ZBAR_CODE39:
        s = WMS_SYM_CODE39, id = "]A0";
        break;
    case ZBAR_I25:
        s = WMS_SYM_ITF, id = "]I0";
        break;
    case ZBAR_QRCODE:
        s = gs1 ? WMS_SYM_GS1_QR : WMS_SYM_QR;
        id = gs1 ? "]Q3" : "]Q1";
        break;
    case ZBAR_DATABAR:
    case ZBAR_DATABAR_EXP:
        s = WMS_SYM_DATABAR, id = "]e0";
        break;
    case ZBAR_PDF417:
        s = WMS_SYM_PDF417, id = "]L2";
        break;
    default:
        break;
    }
    snprintf(aim, 4, "%s", id);
    return s;
}

#ifdef WMS_HAVE_DMTX
/* libdmtx on the same grey frame (opt-in build, WMS_DMTX): FNC1 reported as
 * GS so that a leading GS marks GS1 (]d2) and separators are kept.  The
 * region search is bounded by dmtx_ms (it costs ~100 ms on an empty VGA
 * frame: see README "Scanners"). */
static int dmtx_decode(wms_zbar *z, const uint8_t *gray, unsigned width, unsigned height,
                       const char *source, int64_t mono_ns, wms_scan_emit_fn emit, void *ctx)
{
    int n = 0;
    DmtxImage *img = dmtxImageCreate((unsigned char *)(uintptr_t)gray, (int)width, (int)height,
                                     DmtxPack8bppK);
    if (!img) {
        return 0;
    }
    DmtxDecode *dec = dmtxDecodeCreate(img, 1);
    if (!dec) {
        dmtxImageDestroy(&img);
        return 0;
    }
    dmtxDecodeSetProp(dec, DmtxPropFnc1, WMS_GS1_GS);
    DmtxTime limit = dmtxTimeAdd(dmtxTimeNow(), (long)(z->cfg.dmtx_ms ? z->cfg.dmtx_ms : 50));
    DmtxRegion *reg = dmtxRegionFindNext(dec, &limit);
    if (reg) {
        DmtxMessage *msg = dmtxDecodeMatrixRegion(dec, reg, DmtxUndefined);
        if (msg) {
            wms_scan_event ev;
            memset(&ev, 0, sizeof ev);
            const uint8_t *d = msg->output;
            size_t len = msg->outputIdx > 0 ? (size_t)msg->outputIdx : 0;
            bool gs1 = len > 0 && d[0] == WMS_GS1_GS;
            if (gs1) {
                d++;
                len--;
            }
            ev.sym = gs1 ? WMS_SYM_GS1_DATAMATRIX : WMS_SYM_DATAMATRIX;
            snprintf(ev.aim, sizeof ev.aim, "%s", gs1 ? "]d2" : "]d1");
            if (len > 0 && len <= WMS_SCAN_DATA_MAX && (z->cfg.symbologies & WMS_SYMBIT(ev.sym))) {
                memcpy(ev.data, d, len);
                ev.len = len;
                ev.mono_ns = mono_ns;
                snprintf(ev.source, sizeof ev.source, "%s", source ? source : "");
                n++;
                if (emit) {
                    emit(ctx, &ev);
                }
            }
            dmtxMessageDestroy(&msg);
        }
        dmtxRegionDestroy(&reg);
    }
    dmtxDecodeDestroy(&dec);
    dmtxImageDestroy(&img);
    return n;
}
#endif

bool wms_scan_have_dmtx(void)
{
#ifdef WMS_HAVE_DMTX
    return true;
#else
    return false;
#endif
}

int wms_zbar_decode_gray(wms_zbar *z, const uint8_t *gray, unsigned width, unsigned height,
                         const char *source, int64_t mono_ns, wms_scan_emit_fn emit, void *ctx,
                         wms_err *err)
{
    if (!gray || width == 0 || height == 0 || width > 16384 || height > 16384) {
        return wms_err_set(err, WMS_EINVAL, "bad frame size %ux%u", width, height);
    }
    zbar_image_t *img = zbar_image_create();
    if (!img) {
        return wms_err_set(err, WMS_ENOMEM, "zbar_image_create failed");
    }
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, width, height);
    zbar_image_set_data(img, gray, (unsigned long)width * height, NULL);
    int n = zbar_scan_image(z->scanner, img);
    if (n < 0) {
        zbar_image_destroy(img);
        return wms_err_set(err, WMS_EIO, "zbar_scan_image failed");
    }
    int delivered = 0;
    for (const zbar_symbol_t *sym = zbar_image_first_symbol(img); sym;
         sym = zbar_symbol_next(sym)) {
        zbar_symbol_type_t t = zbar_symbol_get_type(sym);
        bool gs1 = (zbar_symbol_get_modifiers(sym) & (1u << ZBAR_MOD_GS1)) != 0;
        wms_scan_event ev;
        memset(&ev, 0, sizeof ev);
        ev.sym = map_symbol(t, gs1, ev.aim);
        if (!z->cfg.plain && ev.sym != WMS_SYM_UNKNOWN &&
            !(z->cfg.symbologies & WMS_SYMBIT(ev.sym))) {
            continue; /* e.g. GS1-128 enabled but plain Code 128 not */
        }
        unsigned len = zbar_symbol_get_data_length(sym);
        if (len == 0 || len > WMS_SCAN_DATA_MAX) {
            continue;
        }
        memcpy(ev.data, zbar_symbol_get_data(sym), len);
        ev.data[len] = 0;
        ev.len = len;
        ev.mono_ns = mono_ns;
        snprintf(ev.source, sizeof ev.source, "%s", source ? source : "");
        delivered++;
        if (emit) {
            emit(ctx, &ev);
        }
    }
    zbar_image_destroy(img);
#ifdef WMS_HAVE_DMTX
    if (!z->cfg.plain && (z->cfg.symbologies &
                          (WMS_SYMBIT(WMS_SYM_DATAMATRIX) | WMS_SYMBIT(WMS_SYM_GS1_DATAMATRIX)))) {
        delivered += dmtx_decode(z, gray, width, height, source, mono_ns, emit, ctx);
    }
#endif
    return delivered;
}
