/*
 * cmd_migrate.c -- `wmsctl migrate --dsn DSN`: apply the central schema
 * migrations (assets/sql, compiled in).  Idempotent.
 */
#include "ctl.h"

#include "wms/pg.h"

#include <stdio.h>
#include <string.h>

int cmd_migrate(int argc, char **argv)
{
    const char *dsn = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dsn") == 0 && i + 1 < argc) {
            dsn = argv[++i];
        } else {
            fprintf(stderr, "usage: wmsctl migrate --dsn DSN\n");
            return 2;
        }
    }
    if (!dsn) {
        fprintf(stderr, "usage: wmsctl migrate --dsn DSN\n");
        return 2;
    }
    PGconn *c = PQconnectdb(dsn);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "wmsctl migrate: cannot connect: %s", PQerrorMessage(c));
        PQfinish(c);
        return 1;
    }
    wms_err err = {0};
    int applied = 0;
    int rc = wms_pg_migrate(c, &applied, &err);
    PQfinish(c);
    if (rc) {
        fprintf(stderr, "wmsctl migrate: %s\n", err.msg);
        return 1;
    }
    printf("schema version %d (%d migration%s applied now)\n", wms_pg_schema_version(), applied,
           applied == 1 ? "" : "s");
    return 0;
}
