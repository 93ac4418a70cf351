/*
 * cmd_terminal.c -- `wmsctl terminal add --dsn DSN --id ID --warehouses 1,2
 * [--name NAME]`: create the terminal, its login role and its bearer token.
 * The token is printed once; the centre keeps only its SHA-256 (and
 * PostgreSQL's SCRAM verifier of the role password, which is the token).
 */
#include "ctl.h"

#include "wms/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: wmsctl terminal add --dsn DSN --id ID --warehouses ID[,ID...] "
                    "[--name NAME]\n");
    return 2;
}

int cmd_terminal(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        return usage();
    }
    const char *dsn = NULL, *id = NULL, *whs = NULL, *name = "";
    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc) {
            return usage();
        }
        if (strcmp(argv[i], "--dsn") == 0) {
            dsn = argv[++i];
        } else if (strcmp(argv[i], "--id") == 0) {
            id = argv[++i];
        } else if (strcmp(argv[i], "--warehouses") == 0) {
            whs = argv[++i];
        } else if (strcmp(argv[i], "--name") == 0) {
            name = argv[++i];
        } else {
            return usage();
        }
    }
    if (!dsn || !id || !whs) {
        return usage();
    }
    char arr[256];
    if (snprintf(arr, sizeof arr, "{%s}", whs) >= (int)sizeof arr ||
        strspn(whs, "0123456789,") != strlen(whs)) {
        fprintf(stderr, "wmsctl terminal: --warehouses is a list of ids like 1,2\n");
        return 2;
    }
    unsigned char raw[32];
    const wms_rng *rng = wms_rng_system();
    if (rng->fill(rng->data, raw, sizeof raw) != 0) {
        fprintf(stderr, "wmsctl terminal: no randomness\n");
        return 1;
    }
    char token[2 * sizeof raw + 1];
    for (size_t i = 0; i < sizeof raw; i++) {
        snprintf(token + 2 * i, 3, "%02x", raw[i]);
    }
    PGconn *c = PQconnectdb(dsn);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "wmsctl terminal: cannot connect: %s", PQerrorMessage(c));
        PQfinish(c);
        return 1;
    }
    const char *params[4] = {id, name, arr, token};
    PGresult *r = PQexecParams(c,
                               "SELECT wms_terminal_add($1, $2, $3::bigint[], $4, "
                               "sha256(convert_to($4, 'UTF8')))",
                               4, NULL, params, NULL, NULL, 0);
    wms_err err = {0};
    int rc = wms_pg_error(c, r, &err);
    char role[80] = "";
    if (rc == 0 && PQntuples(r) == 1) {
        snprintf(role, sizeof role, "%s", PQgetvalue(r, 0, 0));
    }
    PQclear(r);
    PQfinish(c);
    memset(raw, 0, sizeof raw);
    if (rc) {
        fprintf(stderr, "wmsctl terminal: %s\n", err.msg);
        return 1;
    }
    printf("terminal %s (login role %s, warehouses %s)\n"
           "token (shown once; it is also the role's password): %s\n",
           id, role, whs, token);
    memset(token, 0, sizeof token);
    return 0;
}
