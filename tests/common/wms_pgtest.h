/*
 * wms_pgtest.h -- a throwaway PostgreSQL 15 cluster (and optionally a
 * PgBouncer in transaction pooling mode in front of it) for tests.
 *
 * initdb in a temporary directory (as user postgres via runuser when run as
 * root), unix socket in that directory, TCP on a free 127.0.0.1 port with
 * scram-sha-256 for passwords, trust on the socket for the superuser.  One
 * cluster per test binary: start it in a group setup, stop it in teardown.
 */
#ifndef WMS_PGTEST_H
#define WMS_PGTEST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct wms_pgtest {
    char dir[128];    /* temporary directory (data/, socket, logs)     */
    int port;         /* PostgreSQL TCP port on 127.0.0.1 (and socket)  */
    int bouncer_port; /* 0 until wms_pgtest_bouncer_start()            */
    int bouncer_pid;
    char bindir[96];
} wms_pgtest;

/* Start a fresh cluster.  0, or 77 when PostgreSQL binaries are missing
 * (the caller skips), or -1 on failure (message on stderr). */
int wms_pgtest_start(wms_pgtest *t);
/* Stop (fast) and remove everything, the bouncer too.  Idempotent. */
void wms_pgtest_stop(wms_pgtest *t);
/* Stop and start the same cluster again (same port). 0 or -1. */
int wms_pgtest_restart(wms_pgtest *t);
/* Only stop PostgreSQL (mode "fast"), or start it again. */
int wms_pgtest_pg_stop(wms_pgtest *t);
int wms_pgtest_pg_start(wms_pgtest *t);

/* Superuser DSN over the unix socket for database `db`. */
void wms_pgtest_admin_dsn(const wms_pgtest *t, const char *db, char *buf, size_t cap);
/* DSN over TCP 127.0.0.1 as user/password (password may be NULL). */
void wms_pgtest_user_dsn(const wms_pgtest *t, const char *db, const char *user,
                         const char *password, char *buf, size_t cap);
/* CREATE DATABASE db (drops it first when it exists).  0 or -1. */
int wms_pgtest_create_db(wms_pgtest *t, const char *db);
/* Run one SQL command as superuser on `db`; 0 or -1 (message on stderr). */
int wms_pgtest_sql(wms_pgtest *t, const char *db, const char *sql);
/* Run the shell command printf(fmt, ...) (at most 1 KiB), its stdout into
 * `out` (NUL-terminated, truncated to cap - 1); its exit status, -1 when it
 * could not run or did not exit. */
int wms_pgtest_sh(char *out, size_t cap, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* PgBouncer 1.18 in transaction pooling mode in front of the cluster
 * (auth_type trust over the unix socket to PostgreSQL; users listed in its
 * auth_file by wms_pgtest_bouncer_user()).  0, 77 when not installed, -1. */
int wms_pgtest_bouncer_start(wms_pgtest *t);
int wms_pgtest_bouncer_user(wms_pgtest *t, const char *user);
/* DSN through the bouncer. */
void wms_pgtest_bouncer_dsn(const wms_pgtest *t, const char *db, const char *user, char *buf,
                            size_t cap);

/*
 * A wms-server process for HTTP tests (the binary `bin`, e.g. from
 * $WMS_SERVER_BIN) on 127.0.0.1, talking to the cluster with `dsn`.
 */
typedef struct wms_pgtest_server {
    int pid;       /* 0 when not running                      */
    int port;      /* chosen at the first start, then kept     */
    char base[64]; /* "http://127.0.0.1:PORT"                  */
} wms_pgtest_server;

/* Start `bin --dsn DSN --listen 127.0.0.1:PORT` (s->port 0: the server
 * picks a free port and it is kept for restarts), with the extra
 * environment `env` ("K=V" strings, NULL-terminated, may be NULL) and
 * stderr appended to `log_path` (NULL: inherited); waits (at most 20 s) for
 * its "listening ... port N" line.  0 or -1 (message on stderr). */
int wms_pgtest_server_start(wms_pgtest_server *s, const char *bin, const char *dsn,
                            const char *const *env, const char *log_path);
/* SIGTERM (graceful: requests in flight are answered) or SIGKILL, then
 * reap it.  0, or -1 when it did not exit within 20 s (then killed). */
int wms_pgtest_server_stop(wms_pgtest_server *s, bool kill9);

#endif
