/*
 * kdata_open.c -- pick the data backend: the local store (SQLite) when the
 * build has it, otherwise the in-memory demo catalogue.
 *
 * Wiring the store (include/wms/store.h, issue 3) when it lands:
 * 1. kdata_store.c: a kdata_ops table whose functions call the store API,
 *    one store call per op; receipt_add / doc_post / doc_cancel must be the
 *    store's one-transaction "rows + outbox operation" actions (durable when
 *    they return: the kiosk plays the success tone right after);
 *    stock_by_* is the terminal view (central snapshot + own pending deltas);
 *    scan_log writes the audit row; health adds local_db / outbox / disk.
 * 2. Here: "mem:" stays the in-memory set; otherwise open conf->db (or
 *    kiosk_default_db()), and when the file is new seed it with the store's
 *    demo seed (wms_demo_generate, seed 1, conf->demo_products) -- the
 *    embedded default.
 * 3. src/app/CMakeLists.txt: link wms_store when TARGET wms_store; the
 *    crash test (tests/app/test_kiosk_crash.c) registers itself then.
 * 4. The sync engine (include/wms/sync.h): session.c's kiosk_hooks.sync_now
 *    wakes it, kd_sync comes from its status when [central] link != none.
 */
#include "session.h"

#include <stdio.h>
#include <string.h>

int kdata_open(kdata *out, const kiosk_conf *c, wms_err *err)
{
    if (strcmp(c->db, "mem:") == 0) {
        return kdata_mem_open(out, err);
    }
    /* No local store in this build yet: the demo catalogue in memory. */
    fprintf(stderr, "wms-kiosk: this build has no local store; demo data in memory, nothing "
                    "is saved\n");
    int rc = kdata_mem_open_demo(out, 1, c->demo_products > 0 ? c->demo_products : 5000, err);
    if (rc == 0) {
        kdata_mem_set_fallback(out);
    }
    return rc;
}

void kdata_close(kdata *db)
{
    if (db->ops && db->ops->close) {
        db->ops->close(db->d);
    }
    db->ops = NULL;
    db->d = NULL;
}
