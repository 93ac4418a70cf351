/*
 * migrate.c -- apply the compiled-in central migrations in order, each in
 * its own transaction under an advisory lock, recorded in wms_schema_version.
 */
#include "migrations.h"
#include "wms/pg.h"

#include <stdio.h>
#include <stdlib.h>

static int exec(PGconn *c, const char *sql, wms_err *err)
{
    PGresult *r = PQexec(c, sql);
    int rc = wms_pg_error(c, r, err);
    PQclear(r);
    return rc;
}

int wms_pg_schema_version(void)
{
    int v = 0;
    for (const wms_pg_migration *m = wms_pg_migrations; m->sql; m++) {
        v = m->version;
    }
    return v;
}

static int migrate(PGconn *c, int *applied, wms_err *err)
{
    if (applied) {
        *applied = 0;
    }
    int rc = exec(c,
                  "CREATE TABLE IF NOT EXISTS wms_schema_version (version integer PRIMARY KEY, "
                  "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                  err);
    if (rc) {
        return wms_err_prefix(err, "migrate: ");
    }
    for (const wms_pg_migration *m = wms_pg_migrations; m->sql; m++) {
        rc = exec(c, "BEGIN; SELECT pg_advisory_xact_lock(7460002)", err);
        if (rc) {
            return wms_err_prefix(err, "migrate: ");
        }
        char v[16];
        snprintf(v, sizeof v, "%d", m->version);
        const char *params[2] = {v, m->name};
        PGresult *r = PQexecParams(c, "SELECT 1 FROM wms_schema_version WHERE version = $1::int", 1,
                                   NULL, params, NULL, NULL, 0);
        rc = wms_pg_error(c, r, err);
        bool done = rc == 0 && PQntuples(r) > 0;
        PQclear(r);
        if (rc == 0 && !done) {
            rc = exec(c, m->sql, err);
            if (rc == 0) {
                r = PQexecParams(c,
                                 "INSERT INTO wms_schema_version (version, name) VALUES "
                                 "($1::int, $2)",
                                 2, NULL, params, NULL, NULL, 0);
                rc = wms_pg_error(c, r, err);
                PQclear(r);
            }
        }
        if (rc) {
            PGresult *rb = PQexec(c, "ROLLBACK");
            PQclear(rb);
            return wms_err_prefix(err, "migrate %s: ", m->name);
        }
        rc = exec(c, "COMMIT", err);
        if (rc) {
            return wms_err_prefix(err, "migrate %s: ", m->name);
        }
        if (!done && applied) {
            (*applied)++;
        }
    }
    return 0;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

int wms_pg_migrate(PGconn *c, int *applied, wms_err *err)
{
    PQnoticeProcessor old = PQsetNoticeProcessor(c, quiet, NULL);
    int rc = migrate(c, applied, err);
    PQsetNoticeProcessor(c, old, NULL);
    return rc;
}
