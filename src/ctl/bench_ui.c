/*
 * bench_ui.c -- `wmsctl bench ui [--idle-seconds N]`: the kiosk's own
 * benchmark (wms-kiosk --bench) run through the kiosk library: scan to
 * frame, frame time per display size, start to first frame, RSS, idle CPU.
 */
#include "bench_util.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bench_ui(int argc, char **argv, wms_bench_report *r)
{
    int idle = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--idle-seconds") == 0 && i + 1 < argc) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            if (!end || *end || v < 0 || v > 600) {
                fprintf(stderr, "wmsctl bench ui: --idle-seconds 0..600\n");
                return 2;
            }
            idle = (int)v;
        } else {
            fprintf(stderr, "usage: wmsctl bench ui [--json] [--idle-seconds N]\n");
            return 2;
        }
    }
    kiosk_conf conf;
    wms_err err = {0};
    if (kiosk_conf_load(&conf, NULL, &err) != 0) {
        fprintf(stderr, "wmsctl bench ui: %s\n", err.msg);
        return 1;
    }
    wms_bench_report *mine = malloc(sizeof(*mine));
    if (!mine) {
        return WMS_ENOMEM;
    }
    int rc = kiosk_bench(mine, &conf, idle, NULL, &err);
    if (rc != 0) {
        fprintf(stderr, "wmsctl bench ui: %s\n", err.msg);
        free(mine);
        return 1;
    }
    for (size_t i = 0; i < mine->count && r->count < WMS_BENCH_MAX_FIGURES; i++) {
        r->fig[r->count++] = mine->fig[i];
    }
    free(mine);
    return 0;
}
