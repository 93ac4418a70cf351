/*
 * cmd_seed.c -- `wmsctl seed --db PATH [--products N] [--seed S]`: core's
 * deterministic demo data into a new local store.
 */
#include "ctl.h"

#include "wms/store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int cmd_seed(int argc, char **argv)
{
    const char *db = NULL;
    wms_demo_opts d = {.seed = 1, .products = 5000};
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(argv[i], "--db") == 0 && v) {
            db = v;
        } else if (strcmp(argv[i], "--products") == 0 && v) {
            long long n = strtoll(v, &end, 10);
            if (*end || n < 1 || n > 100000000) {
                fprintf(stderr, "wmsctl seed: --products must be 1..100000000\n");
                return 2;
            }
            d.products = n;
        } else if (strcmp(argv[i], "--seed") == 0 && v) {
            unsigned long long n = strtoull(v, &end, 10);
            if (*end || !v[0] || v[0] == '-') {
                fprintf(stderr, "wmsctl seed: --seed must be a number\n");
                return 2;
            }
            d.seed = n;
        } else {
            fprintf(stderr, "usage: wmsctl seed --db PATH [--products N] [--seed S]\n");
            return 2;
        }
        i++;
    }
    if (!db) {
        fprintf(stderr, "usage: wmsctl seed --db PATH [--products N] [--seed S]\n");
        return 2;
    }
    wms_store_opts o = {.path = db};
    wms_store *s = NULL;
    wms_err e;
    wms_err_clear(&e);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = wms_store_open(&o, &s, NULL, &e);
    if (rc == 0) {
        rc = wms_store_seed_demo(s, &d, &e);
    }
    wms_store_close(s);
    if (rc) {
        fprintf(stderr, "wmsctl seed: %s (%s)\n", e.msg, wms_err_name(rc));
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "wmsctl seed: %lld products (seed %llu) into %s in %.1f s\n",
            (long long)d.products, (unsigned long long)d.seed, db, secs);
    return 0;
}
