/*
 * image.c -- PNG (libpng, simplified API) and PGM (P5/P2) files to 8-bit
 * grey frames for the decode path.  Sizes bounded.
 */
#include "scan_internal.h"

#include <ctype.h>
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMG_MAX_SIDE 8192u

static int pgm_token(FILE *fp, unsigned *out)
{
    int c = fgetc(fp);
    for (;;) {
        while (c != EOF && isspace(c)) {
            c = fgetc(fp);
        }
        if (c == '#') {
            while (c != EOF && c != '\n') {
                c = fgetc(fp);
            }
            continue;
        }
        break;
    }
    if (c == EOF || !isdigit(c)) {
        return -1;
    }
    unsigned v = 0;
    while (c != EOF && isdigit(c)) {
        if (v > 100000000u) {
            return -1;
        }
        v = v * 10u + (unsigned)(c - '0');
        c = fgetc(fp);
    }
    /* c is the single whitespace after the token (consumed) */
    *out = v;
    return 0;
}

static int load_pgm(FILE *fp, const char *path, uint8_t **pixels, unsigned *w, unsigned *h,
                    wms_err *err)
{
    char magic[2];
    if (fread(magic, 1, 2, fp) != 2 || magic[0] != 'P' || (magic[1] != '5' && magic[1] != '2')) {
        return wms_err_set(err, WMS_EINVAL, "%s: not a PGM (P5/P2) file", path);
    }
    unsigned width, height, maxval;
    if (pgm_token(fp, &width) || pgm_token(fp, &height) || pgm_token(fp, &maxval) || maxval == 0 ||
        maxval > 65535) {
        return wms_err_set(err, WMS_EINVAL, "%s: bad PGM header", path);
    }
    if (width == 0 || height == 0 || width > IMG_MAX_SIDE || height > IMG_MAX_SIDE) {
        return wms_err_set(err, WMS_ETOOBIG, "%s: %ux%u out of bounds", path, width, height);
    }
    size_t n = (size_t)width * height;
    uint8_t *p = malloc(n);
    if (!p) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (magic[1] == '2') {
            if (pgm_token(fp, &v)) {
                free(p);
                return wms_err_set(err, WMS_EINVAL, "%s: truncated PGM", path);
            }
        } else if (maxval < 256) {
            int c = fgetc(fp);
            if (c == EOF) {
                free(p);
                return wms_err_set(err, WMS_EINVAL, "%s: truncated PGM", path);
            }
            v = (unsigned)c;
        } else {
            int c1 = fgetc(fp), c2 = fgetc(fp);
            if (c1 == EOF || c2 == EOF) {
                free(p);
                return wms_err_set(err, WMS_EINVAL, "%s: truncated PGM", path);
            }
            v = (unsigned)c1 << 8 | (unsigned)c2;
        }
        if (v > maxval) {
            v = maxval;
        }
        p[i] = (uint8_t)(v * 255u / maxval);
    }
    *pixels = p;
    *w = width;
    *h = height;
    return 0;
}

static int load_png(FILE *fp, const char *path, uint8_t **pixels, unsigned *w, unsigned *h,
                    wms_err *err)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_stdio(&img, fp)) {
        return wms_err_set(err, WMS_EINVAL, "%s: %s", path, img.message);
    }
    if (img.width == 0 || img.height == 0 || img.width > IMG_MAX_SIDE ||
        img.height > IMG_MAX_SIDE) {
        png_image_free(&img);
        return wms_err_set(err, WMS_ETOOBIG, "%s: %ux%u out of bounds", path, img.width,
                           img.height);
    }
    img.format = PNG_FORMAT_GRAY;
    size_t n = PNG_IMAGE_SIZE(img);
    uint8_t *p = malloc(n);
    if (!p) {
        png_image_free(&img);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    /* composite any alpha over white, like paper */
    png_color white = {255, 255, 255};
    if (!png_image_finish_read(&img, &white, p, 0, NULL)) {
        free(p);
        int rc = wms_err_set(err, WMS_EINVAL, "%s: %s", path, img.message);
        png_image_free(&img);
        return rc;
    }
    *pixels = p;
    *w = img.width;
    *h = img.height;
    return 0;
}

int wms_image_load_gray(const char *path, uint8_t **pixels, unsigned *width, unsigned *height,
                        wms_err *err)
{
    *pixels = NULL;
    *width = *height = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return wms_err_set(err, e == ENOENT ? WMS_ENOTFOUND : (e == EACCES ? WMS_EPERM : WMS_EIO),
                           "%s: %s", path, strerror(e));
    }
    uint8_t sig[8];
    size_t got = fread(sig, 1, sizeof sig, fp);
    rewind(fp);
    int rc;
    if (got == 8 && png_sig_cmp(sig, 0, 8) == 0) {
        rc = load_png(fp, path, pixels, width, height, err);
    } else {
        rc = load_pgm(fp, path, pixels, width, height, err);
    }
    fclose(fp);
    return rc;
}
