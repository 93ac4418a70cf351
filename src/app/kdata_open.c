/*
 * kdata_open.c -- pick the data backend: the local store (SQLite) when the
 * build has it, otherwise the in-memory demo catalogue.
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
    return kdata_mem_open_demo(out, 1, c->demo_products > 0 ? c->demo_products : 5000, err);
}

void kdata_close(kdata *db)
{
    if (db->ops && db->ops->close) {
        db->ops->close(db->d);
    }
    db->ops = NULL;
    db->d = NULL;
}
