/* migrations.h -- the compiled-in assets/sql migrations (generated table). */
#ifndef WMS_PG_MIGRATIONS_H
#define WMS_PG_MIGRATIONS_H

#include <stddef.h>

typedef struct wms_pg_migration {
    int version;
    const char *name;
    const char *sql;
} wms_pg_migration;

/* Ordered by version, ended by {0, NULL, NULL}. */
extern const wms_pg_migration wms_pg_migrations[];

#endif
