/*
 * kdata_open.c -- pick the data backend: "mem:" is the in-memory demo
 * catalogue (view-model tests, the golden screenshots, the no-display
 * tour); anything else is the local store (kdata_store.c) at conf->db or,
 * when that is empty, the per-user default path (kiosk_default_db()).
 *
 * The embedded default: with no central link configured, an empty catalog
 * is seeded with core's demo data (seed 1, conf->demo_products products),
 * the same data `wmsctl seed` writes and the memory backend holds.  A
 * terminal with a central link never gets demo data: its catalog comes
 * from the first pull.
 */
#include "kdata_store.h"
#include "session.h"

#include <stdio.h>
#include <string.h>

int kdata_open(kdata *out, const kiosk_conf *c, wms_err *err)
{
    if (strcmp(c->db, "mem:") == 0) {
        return kdata_mem_open(out, err);
    }
    char path[512];
    if (c->db[0]) {
        wms_strlcpy(path, c->db, sizeof(path));
    } else {
        int rc = kiosk_default_db(path, sizeof(path), err);
        if (rc != 0) {
            return rc;
        }
    }
    kdata_store_opts o = {
            .path = path,
            .warehouse = c->warehouse[0] ? c->warehouse : "WH1",
            .seed_demo = c->link == KLINK_NONE,
            .demo_seed = 1,
            .demo_products = c->demo_products > 0 ? c->demo_products : 5000,
            .progress = stderr,
    };
    return kdata_store_open(out, &o, err);
}

void kdata_close(kdata *db)
{
    if (db->ops && db->ops->close) {
        db->ops->close(db->d);
    }
    db->ops = NULL;
    db->d = NULL;
}
