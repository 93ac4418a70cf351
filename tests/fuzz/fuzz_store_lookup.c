/*
 * fuzz_store_lookup.c -- outside input into the store: a scanned CODE as
 * `wmsctl lookup` takes it (classification, barcode normalisation, label
 * codes, document uuids) and the product search query (FTS5 query
 * building).  One small seeded in-memory store serves every input.
 */
#include "lookup.h"
#include "wms/store.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness keeps one store for the whole run (opened on first use). */
static wms_store *fuzz_store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_store) {
        wms_store_opts o = {.path = ":memory:"};
        wms_demo_opts d = {.seed = 1, .products = 50};
        if (wms_store_open(&o, &fuzz_store, NULL, NULL) != 0 ||
            wms_store_seed_demo(fuzz_store, &d, NULL) != 0) {
            abort();
        }
    }
    if (size > 1024) {
        return 0;
    }
    json_t *out = NULL;
    wms_err e;
    if (ctl_lookup_json(fuzz_store, data, size, &out, &e) == 0) {
        json_decref(out);
    }
    char *q = malloc(size + 1);
    if (!q) {
        return 0;
    }
    memcpy(q, data, size);
    q[size] = '\0';
    wms_store_product res[WMS_PAGE_SIZE_DEFAULT];
    size_t n;
    bool more;
    wms_store_product_search(fuzz_store, q, NULL, res, &n, &more, &e);
    wms_store_product p;
    wms_store_product_by_barcode(fuzz_store, q, strlen(q), &p, NULL, &e);
    wms_store_location l;
    wms_store_location_by_code(fuzz_store, q, &l, &e);
    free(q);
    return 0;
}
