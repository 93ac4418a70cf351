/*
 * cmd_operator.c -- `wmsctl operator add --dsn DSN --badge B --name N
 * [--role operator|supervisor|admin]`: the PIN is read from stdin (one line)
 * and stored as a yescrypt hash; terminals get it through pull.
 */
#include "ctl.h"

#include "wms/pg.h"
#include "wms/store.h"

#include <stdio.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: wmsctl operator add --dsn DSN --badge BADGE --name NAME "
                    "[--role operator|supervisor|admin]   (PIN on stdin)\n");
    return 2;
}

int cmd_operator(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        return usage();
    }
    const char *dsn = NULL, *badge = NULL, *name = NULL, *role = "operator";
    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc) {
            return usage();
        }
        if (strcmp(argv[i], "--dsn") == 0) {
            dsn = argv[++i];
        } else if (strcmp(argv[i], "--badge") == 0) {
            badge = argv[++i];
        } else if (strcmp(argv[i], "--name") == 0) {
            name = argv[++i];
        } else if (strcmp(argv[i], "--role") == 0) {
            role = argv[++i];
        } else {
            return usage();
        }
    }
    if (!dsn || !badge || !name) {
        return usage();
    }
    char pin[64];
    if (!fgets(pin, sizeof pin, stdin)) {
        fprintf(stderr, "wmsctl operator: give the PIN on stdin\n");
        return 2;
    }
    pin[strcspn(pin, "\r\n")] = '\0';
    char hash[WMS_STORE_HASH_MAX];
    wms_err err = {0};
    if (wms_store_pin_hash(pin, wms_rng_system(), hash, sizeof hash, &err) != 0) {
        memset(pin, 0, sizeof pin);
        fprintf(stderr, "wmsctl operator: %s\n", err.msg);
        return 1;
    }
    memset(pin, 0, sizeof pin);
    PGconn *c = PQconnectdb(dsn);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "wmsctl operator: cannot connect: %s", PQerrorMessage(c));
        PQfinish(c);
        return 1;
    }
    const char *params[4] = {badge, name, role, hash};
    PGresult *r = PQexecParams(c,
                               "INSERT INTO operators (badge, name, role, pin_hash) VALUES "
                               "($1, $2, $3, $4) ON CONFLICT (badge) DO UPDATE SET name = "
                               "EXCLUDED.name, role = EXCLUDED.role, pin_hash = EXCLUDED.pin_hash "
                               "RETURNING id",
                               4, NULL, params, NULL, NULL, 0);
    int rc = wms_pg_error(c, r, &err);
    if (rc == 0) {
        printf("operator %s (id %s, %s)\n", badge, PQgetvalue(r, 0, 0), role);
    } else {
        fprintf(stderr, "wmsctl operator: %s\n", err.msg);
    }
    PQclear(r);
    PQfinish(c);
    return rc ? 1 : 0;
}
