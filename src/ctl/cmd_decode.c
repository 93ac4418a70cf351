/*
 * cmd_decode.c -- `wmsctl decode [--symbologies LIST] [--density N] IMAGE...`
 * decodes PNG/PGM files through exactly the zbar path the camera uses and
 * prints one JSON object per image (one line each):
 *   {"file":..,"width":..,"height":..,"decode_ms":..,"reads":[{"sym":..,
 *    "aim":..,"data":..,"hex":..}]}
 * "data" is omitted when the bytes are not UTF-8; "hex" is always there.
 * Exit 0 when every image loaded (reads or not), 1 otherwise, 2 usage.
 */
#include "ctl.h"

#include "wms/scan.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void on_read(void *ctx, const wms_scan_event *ev)
{
    json_t *reads = ctx;
    json_t *o = json_object();
    char hex[2 * WMS_SCAN_DATA_MAX + 1];
    for (size_t i = 0; i < ev->len; i++) {
        snprintf(hex + 2 * i, 3, "%02x", ev->data[i]);
    }
    hex[2 * ev->len] = 0;
    json_object_set_new(o, "sym", json_string(wms_scan_sym_name(ev->sym)));
    json_object_set_new(o, "aim", json_string(ev->aim));
    json_t *d = json_stringn((const char *)ev->data, ev->len);
    if (d) {
        json_object_set_new(o, "data", d);
    }
    json_object_set_new(o, "hex", json_string(hex));
    json_array_append_new(reads, o);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int cmd_decode(int argc, char **argv)
{
    wms_zbar_config cfg = {.symbologies = wms_zbar_default_symbologies(), .density = 1};
    int i = 1;
    wms_err err;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--symbologies") == 0 && i + 1 < argc) {
            if (wms_scan_symbologies_parse(argv[++i], &cfg.symbologies, &err) != 0) {
                fprintf(stderr, "wmsctl decode: %s\n", err.msg);
                return 2;
            }
        } else if (strcmp(argv[i], "--density") == 0 && i + 1 < argc) {
            char *end;
            long d = strtol(argv[++i], &end, 10);
            if (*end || d < 1 || d > 8) {
                fprintf(stderr, "wmsctl decode: --density wants 1..8\n");
                return 2;
            }
            cfg.density = (int)d;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: wmsctl decode [--symbologies LIST] [--density N] IMAGE...\n");
            return 2;
        } else {
            break;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: wmsctl decode [--symbologies LIST] [--density N] IMAGE...\n");
        return 2;
    }
    wms_zbar *z;
    if (wms_zbar_new(&cfg, &z, &err) != 0) {
        fprintf(stderr, "wmsctl decode: %s\n", err.msg);
        return 1;
    }
    int rc = 0;
    for (; i < argc; i++) {
        uint8_t *px;
        unsigned w, h;
        if (wms_image_load_gray(argv[i], &px, &w, &h, &err) != 0) {
            fprintf(stderr, "wmsctl decode: %s\n", err.msg);
            rc = 1;
            continue;
        }
        json_t *reads = json_array();
        double t0 = now_ms();
        int n = wms_zbar_decode_gray(z, px, w, h, "decode", 0, on_read, reads, &err);
        double t1 = now_ms();
        free(px);
        if (n < 0) {
            fprintf(stderr, "wmsctl decode: %s: %s\n", argv[i], err.msg);
            json_decref(reads);
            rc = 1;
            continue;
        }
        json_t *o = json_pack("{s:s, s:I, s:I, s:f, s:o}", "file", argv[i], "width", (json_int_t)w,
                              "height", (json_int_t)h, "decode_ms", t1 - t0, "reads", reads);
        char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (s) {
            printf("%s\n", s);
            free(s);
        } else {
            rc = 1;
        }
        json_decref(o);
    }
    wms_zbar_free(z);
    return rc;
}
