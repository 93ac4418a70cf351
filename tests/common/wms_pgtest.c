/*
 * wms_pgtest.c -- see wms_pgtest.h.
 */
#include "wms_pgtest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const bindirs[] = {"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
                                      "/usr/lib/postgresql/17/bin", NULL};

static int free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) {
        return -1;
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(s, (struct sockaddr *)&a, &len) == 0) {
        port = ntohs(a.sin_port);
    }
    close(s);
    return port;
}

/* Run a shell command as the cluster's owner. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[2048], full[2300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (geteuid() == 0) {
        snprintf(full, sizeof full, "runuser -u postgres -- sh -c '%s'", cmd);
    } else {
        snprintf(full, sizeof full, "sh -c '%s'", cmd);
    }
    int rc = system(full);
    if (rc != 0) {
        fprintf(stderr, "wms_pgtest: failed (%d): %s\n", rc, cmd);
        return -1;
    }
    return 0;
}

int wms_pgtest_pg_start(wms_pgtest *t)
{
    return run("%s/pg_ctl -D %s/data -l %s/pg.log -w -t 30 -o \"-p %d -k %s "
               "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=300\" start >/dev/null",
               t->bindir, t->dir, t->dir, t->port, t->dir);
}

int wms_pgtest_pg_stop(wms_pgtest *t)
{
    return run("%s/pg_ctl -D %s/data -m fast -w -t 30 stop >/dev/null", t->bindir, t->dir);
}

int wms_pgtest_start(wms_pgtest *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; bindirs[i]; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s/initdb", bindirs[i]);
        if (access(p, X_OK) == 0) {
            snprintf(t->bindir, sizeof t->bindir, "%s", bindirs[i]);
            break;
        }
    }
    if (!t->bindir[0]) {
        fprintf(stderr, "wms_pgtest: no PostgreSQL binaries\n");
        return 77;
    }
    snprintf(t->dir, sizeof t->dir, "/tmp/wmspg.XXXXXX");
    if (!mkdtemp(t->dir)) {
        perror("wms_pgtest: mkdtemp");
        return -1;
    }
    if (geteuid() == 0) {
        struct passwd *pw = getpwnam("postgres");
        if (!pw || chown(t->dir, pw->pw_uid, pw->pw_gid) != 0) {
            fprintf(stderr, "wms_pgtest: no user postgres to run the cluster\n");
            return -1;
        }
    }
    t->port = free_port();
    if (t->port <= 0) {
        return -1;
    }
    if (run("%s/initdb -D %s/data -U postgres --auth-local=trust --auth-host=scram-sha-256 "
            "-E UTF8 --no-locale --no-sync >%s/initdb.log 2>&1",
            t->bindir, t->dir, t->dir) != 0) {
        return -1;
    }
    /* A port taken between free_port() and start: try a few. */
    for (int i = 0; i < 5; i++) {
        if (wms_pgtest_pg_start(t) == 0) {
            return 0;
        }
        t->port = free_port();
    }
    return -1;
}

int wms_pgtest_restart(wms_pgtest *t)
{
    if (wms_pgtest_pg_stop(t) != 0) {
        return -1;
    }
    return wms_pgtest_pg_start(t);
}

void wms_pgtest_stop(wms_pgtest *t)
{
    if (!t->dir[0]) {
        return;
    }
    if (t->bouncer_pid > 0) {
        kill(t->bouncer_pid, SIGTERM);
        t->bouncer_pid = 0;
    }
    run("%s/pg_ctl -D %s/data -m immediate -w -t 30 stop >/dev/null 2>&1 || true", t->bindir,
        t->dir);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "wms_pgtest: could not remove %s\n", t->dir);
    }
    t->dir[0] = '\0';
}

void wms_pgtest_admin_dsn(const wms_pgtest *t, const char *db, char *buf, size_t cap)
{
    snprintf(buf, cap, "host=%s port=%d dbname=%s user=postgres", t->dir, t->port,
             db ? db : "postgres");
}

void wms_pgtest_user_dsn(const wms_pgtest *t, const char *db, const char *user,
                         const char *password, char *buf, size_t cap)
{
    snprintf(buf, cap, "host=127.0.0.1 port=%d dbname=%s user=%s%s%s sslmode=disable", t->port, db,
             user, password ? " password=" : "", password ? password : "");
}

int wms_pgtest_sql(wms_pgtest *t, const char *db, const char *sql)
{
    char dsn[256];
    wms_pgtest_admin_dsn(t, db, dsn, sizeof dsn);
    PGconn *c = PQconnectdb(dsn);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "wms_pgtest: connect: %s", PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PGresult *r = PQexec(c, sql);
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "wms_pgtest: %s: %s", sql, PQerrorMessage(c));
        rc = -1;
    }
    PQclear(r);
    PQfinish(c);
    return rc;
}

int wms_pgtest_create_db(wms_pgtest *t, const char *db)
{
    char sql[200];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", db);
    if (wms_pgtest_sql(t, "postgres", sql) != 0) {
        return -1;
    }
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", db);
    return wms_pgtest_sql(t, "postgres", sql);
}

static int write_file(const char *path, const char *text, bool append)
{
    FILE *f = fopen(path, append ? "a" : "w");
    if (!f) {
        return -1;
    }
    fputs(text, f);
    int rc = fclose(f);
    if (geteuid() == 0) {
        struct passwd *pw = getpwnam("postgres");
        if (pw && chown(path, pw->pw_uid, pw->pw_gid) != 0) {
            rc = -1;
        }
    }
    return rc;
}

int wms_pgtest_bouncer_user(wms_pgtest *t, const char *user)
{
    char path[200], line[160];
    snprintf(path, sizeof path, "%s/userlist.txt", t->dir);
    snprintf(line, sizeof line, "\"%s\" \"\"\n", user);
    if (write_file(path, line, true) != 0) {
        return -1;
    }
    if (t->bouncer_pid > 0) {
        kill(t->bouncer_pid, SIGHUP);
        struct timespec ts = {0, 300 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return 0;
}

int wms_pgtest_bouncer_start(wms_pgtest *t)
{
    const char *bin = "/usr/sbin/pgbouncer";
    if (access(bin, X_OK) != 0) {
        return 77;
    }
    t->bouncer_port = free_port();
    char ini[1500], path[200];
    snprintf(ini, sizeof ini,
             "[databases]\n* = host=%s port=%d\n"
             "[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = %d\nunix_socket_dir =\n"
             "auth_type = trust\nauth_file = %s/userlist.txt\npool_mode = transaction\n"
             "max_client_conn = 1000\ndefault_pool_size = 20\nmax_db_connections = 50\n"
             "logfile = %s/pgbouncer.log\npidfile = %s/pgbouncer.pid\n"
             "admin_users = postgres\nignore_startup_parameters = extra_float_digits\n"
             "server_login_retry = 1\n",
             t->dir, t->port, t->bouncer_port, t->dir, t->dir, t->dir);
    snprintf(path, sizeof path, "%s/pgbouncer.ini", t->dir);
    if (write_file(path, ini, false) != 0 || wms_pgtest_bouncer_user(t, "postgres") != 0) {
        return -1;
    }
    if (run("%s -d -q %s", bin, path) != 0) {
        return -1;
    }
    snprintf(path, sizeof path, "%s/pgbouncer.pid", t->dir);
    for (int i = 0; i < 100; i++) {
        FILE *f = fopen(path, "r");
        if (f) {
            int pid = 0;
            if (fscanf(f, "%d", &pid) == 1 && pid > 0) {
                t->bouncer_pid = pid;
            }
            fclose(f);
            if (t->bouncer_pid > 0) {
                return 0;
            }
        }
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "wms_pgtest: pgbouncer did not start\n");
    return -1;
}

void wms_pgtest_bouncer_dsn(const wms_pgtest *t, const char *db, const char *user, char *buf,
                            size_t cap)
{
    snprintf(buf, cap, "host=127.0.0.1 port=%d dbname=%s user=%s sslmode=disable", t->bouncer_port,
             db, user);
}

/* ---- wms-server ------------------------------------------------------------ */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wms_pgtest_server_start(wms_pgtest_server *s, const char *bin, const char *dsn,
                            const char *const *env, const char *log_path)
{
    if (s->pid > 0 || !bin || !dsn) {
        fprintf(stderr, "wms_pgtest: server already running or no binary/DSN\n");
        return -1;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        perror("wms_pgtest: pipe");
        return -1;
    }
    char listen[48];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
    pid_t pid = fork();
    if (pid < 0) {
        perror("wms_pgtest: fork");
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (log_path) {
            int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            if (fd >= 0) {
                dup2(fd, STDERR_FILENO);
            }
        }
        for (size_t i = 0; env && env[i]; i++) {
            putenv((char *)(uintptr_t)env[i]);
        }
        execl(bin, bin, "--dsn", dsn, "--listen", listen, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    s->pid = (int)pid;
    char line[256];
    size_t used = 0;
    int port = 0;
    int64_t deadline = mono_ms() + 20000;
    while (port == 0) {
        int64_t left = deadline - mono_ms();
        struct pollfd pfd = {fds[0], POLLIN, 0};
        int pr = left > 0 ? poll(&pfd, 1, (int)left) : 0;
        if (pr < 0 && errno == EINTR) {
            continue;
        }
        if (pr <= 0) {
            fprintf(stderr, "wms_pgtest: wms-server did not report listening in 20 s\n");
            break;
        }
        ssize_t n = read(fds[0], line + used, sizeof line - 1 - used);
        if (n <= 0) {
            fprintf(stderr, "wms_pgtest: wms-server exited before listening (see %s)\n",
                    log_path ? log_path : "stderr");
            break;
        }
        used += (size_t)n;
        line[used] = '\0';
        const char *p = strstr(line, " port ");
        if (p && strchr(p, '\n')) {
            port = atoi(p + 6);
            if (port <= 0) {
                break;
            }
        } else if (used >= sizeof line - 1) {
            break;
        }
    }
    close(fds[0]);
    if (port <= 0) {
        wms_pgtest_server_stop(s, true);
        return -1;
    }
    s->port = port;
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", port);
    return 0;
}

int wms_pgtest_server_stop(wms_pgtest_server *s, bool kill9)
{
    if (s->pid <= 0) {
        return 0;
    }
    kill(s->pid, kill9 ? SIGKILL : SIGTERM);
    int64_t deadline = mono_ms() + 20000;
    int rc = 0;
    for (;;) {
        int status = 0;
        pid_t r = waitpid(s->pid, &status, WNOHANG);
        if (r == s->pid || (r < 0 && errno != EINTR)) {
            break;
        }
        if (mono_ms() > deadline) {
            fprintf(stderr, "wms_pgtest: wms-server did not stop in 20 s, killing it\n");
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &status, 0);
            rc = -1;
            break;
        }
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
    s->pid = 0;
    return rc;
}

int wms_pgtest_sh(char *out, size_t cap, const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    out[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        perror("wms_pgtest: popen");
        return -1;
    }
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
