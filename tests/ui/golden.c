/*
 * golden.c -- see golden.h.
 */
#include "golden.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int png_write_rgba(const char *path, const uint8_t *rgba, int w, int h)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)h;
    img.format = PNG_FORMAT_RGBA;
    if (!png_image_write_to_file(&img, path, 0, rgba, w * 4, NULL)) {
        fprintf(stderr, "png: cannot write %s: %s\n", path, img.message);
        return -1;
    }
    return 0;
}

int png_read_rgba(const char *path, uint8_t **rgba, int *w, int *h)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        return -1;
    }
    img.format = PNG_FORMAT_RGBA;
    size_t n = PNG_IMAGE_SIZE(img);
    uint8_t *buf = malloc(n);
    if (!buf) {
        png_image_free(&img);
        return -1;
    }
    if (!png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        free(buf);
        return -1;
    }
    *rgba = buf;
    *w = (int)img.width;
    *h = (int)img.height;
    return 0;
}

int golden_check(const char *name, const uint8_t *rgba, int w, int h)
{
    const char *out = getenv("WMS_GOLDEN_OUT");
    const char *dir = getenv("WMS_GOLDEN_DIR");
    char path[1024];
    if (out && *out) {
        mkdir(out, 0755);
        snprintf(path, sizeof(path), "%s/%s.png", out, name);
        png_write_rgba(path, rgba, w, h);
    }
    if (!dir || !*dir) {
        fprintf(stderr, "golden: WMS_GOLDEN_DIR is not set\n");
        return -1;
    }
    snprintf(path, sizeof(path), "%s/%s.png", dir, name);
    const char *upd = getenv("WMS_UPDATE_GOLDEN");
    if (upd && strcmp(upd, "1") == 0) {
        fprintf(stderr, "golden: updating %s\n", path);
        return png_write_rgba(path, rgba, w, h);
    }
    uint8_t *ref = NULL;
    int rw = 0, rh = 0;
    if (png_read_rgba(path, &ref, &rw, &rh) != 0) {
        fprintf(stderr,
                "golden: %s is missing; look at the frame and run the `update-golden` target\n",
                path);
        return -1;
    }
    if (rw != w || rh != h) {
        fprintf(stderr, "golden: %s is %dx%d, frame is %dx%d\n", path, rw, rh, w, h);
        free(ref);
        return -1;
    }
    size_t diff = 0, total = (size_t)w * (size_t)h;
    for (size_t i = 0; i < total; i++) {
        for (int c = 0; c < 3; c++) {
            int d = (int)rgba[i * 4 + (size_t)c] - (int)ref[i * 4 + (size_t)c];
            if (d > GOLDEN_CHANNEL_TOL || d < -GOLDEN_CHANNEL_TOL) {
                diff++;
                break;
            }
        }
    }
    free(ref);
    if (diff * 1000 > total * GOLDEN_MAX_DIFF_PERMILLE) {
        fprintf(stderr, "golden: %s: %zu of %zu pixels differ (limit %d per mille)\n", name, diff,
                total, GOLDEN_MAX_DIFF_PERMILLE);
        return -1;
    }
    return 0;
}
