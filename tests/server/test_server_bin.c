/*
 * test_server_bin.c -- the wms-server program: flags, config refusals,
 * --check-health exit codes, SIGTERM shutdown.  WMS_SERVER_BIN names it.
 */
#include "wms_test.h"

#include "http_client.h"
#include "wms/server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct proc {
    pid_t pid;
    int out_fd; /* child's stdout */
} proc;

static const char *bin(void)
{
    const char *b = getenv("WMS_SERVER_BIN");
    assert_non_null(b);
    return b;
}

/* posix_spawn wants char *const[]: copies of the (const) strings. */
static char **dupv(const char *const *v)
{
    size_t n = 0;
    while (v[n] != NULL) {
        n++;
    }
    char **out = calloc(n + 1, sizeof *out);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        out[i] = strdup(v[i]);
    }
    return out;
}

static void freev(char **v)
{
    for (size_t i = 0; v != NULL && v[i] != NULL; i++) {
        free(v[i]);
    }
    free(v);
}

static void spawn(proc *p, const char *const *cargv, const char *const *cenvp)
{
    char **argv = dupv(cargv);
    char **envp = cenvp ? dupv(cenvp) : NULL;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    assert_int_equal(posix_spawn(&p->pid, bin(), &fa, NULL, argv, envp ? envp : environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    freev(argv);
    freev(envp);
    close(fds[1]);
    p->out_fd = fds[0];
}

static int wait_exit(proc *p)
{
    int st = 0;
    assert_int_equal(waitpid(p->pid, &st, 0), p->pid);
    close(p->out_fd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run(const char *const *argv, const char *const *envp)
{
    proc p;
    spawn(&p, argv, envp);
    char buf[512];
    while (read(p.out_fd, buf, sizeof buf) > 0) {
    }
    return wait_exit(&p);
}

/* the port from "… listening on ADDR port N" */
static unsigned read_port(proc *p)
{
    char line[256];
    size_t n = 0;
    while (n + 1 < sizeof line && read(p->out_fd, &line[n], 1) == 1 && line[n] != '\n') {
        n++;
    }
    line[n] = '\0';
    const char *s = strstr(line, " port ");
    assert_non_null(s);
    return (unsigned)atoi(s + 6);
}

static void test_flags(void **state)
{
    (void)state;
    const char *v[] = {bin(), "--version", NULL};
    assert_int_equal(run(v, NULL), 0);
    const char *h[] = {bin(), "--help", NULL};
    assert_int_equal(run(h, NULL), 0);
    const char *u[] = {bin(), "--frobnicate", NULL};
    assert_int_equal(run(u, NULL), 2);
    const char *l[] = {bin(), "--dev", "--listen", "nonsense", NULL};
    assert_int_equal(run(l, NULL), 2);
}

static void test_refuses_without_secret(void **state)
{
    (void)state;
    const char *env[] = {"PATH=/usr/bin:/bin", NULL};
    const char *a[] = {bin(), "--listen", "127.0.0.1:0", NULL};
    assert_int_equal(run(a, env), 2); /* no DSN, not --dev */
    const char *b[] = {bin(),
                       "--listen",
                       "127.0.0.1:0",
                       "--dsn",
                       "host=/tmp dbname=wms user=wms password=change-me",
                       NULL};
    assert_int_equal(run(b, env), 2); /* a default password */

    char path[] = "/tmp/wms-server-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char ini[] = "[database]\ndsn = host=/tmp dbname=wms password=Zq8-real\n";
    assert_int_equal(write(fd, ini, sizeof ini - 1), (ssize_t)(sizeof ini - 1));
    close(fd);
    chmod(path, 0644);
    const char *c[] = {bin(), "--listen", "127.0.0.1:0", "--config", path, NULL};
    assert_int_equal(run(c, env), 2); /* a secret in a file others can read */
    unlink(path);

    char path2[] = "/tmp/wms-server-test-XXXXXX";
    fd = mkstemp(path2);
    assert_true(fd >= 0);
    const char bad[] = "[server]\nno_such_key = 1\n";
    assert_int_equal(write(fd, bad, sizeof bad - 1), (ssize_t)(sizeof bad - 1));
    close(fd);
    const char *d[] = {bin(), "--dev", "--config", path2, NULL};
    assert_int_equal(run(d, env), 2);
    unlink(path2);
}

static void test_run_and_sigterm(void **state)
{
    (void)state;
    const char *env[] = {"PATH=/usr/bin:/bin", "WMS_RATE_PER_MINUTE=600", NULL};
    const char *a[] = {bin(), "--dev", "--listen", "127.0.0.1:0", NULL};
    proc p;
    spawn(&p, a, env);
    unsigned port = read_port(&p);
    assert_true(port > 0);
    char url[80];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/health", port);
    CURL *c = curl_easy_init();
    hresp r;
    assert_int_equal(hreq(c, "GET", url, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 503); /* no database linked */
    hresp_free(&r);
    curl_easy_cleanup(c);
    const char *ch[] = {bin(), "--check-health", url, NULL};
    assert_int_equal(run(ch, env), 1);
    assert_int_equal(kill(p.pid, SIGTERM), 0);
    assert_int_equal(wait_exit(&p), 0);
    /* nobody listening now */
    assert_int_equal(run(ch, env), 1);
}

static void healthy(void *data, wms_health *h)
{
    (void)data;
    wms_health_add(h, "database", WMS_HEALTH_HEALTHY, true, "fake");
}

static void test_check_health_ok(void **state)
{
    (void)state;
    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_WARNING);
    wms_server_config cfg;
    wms_server_config_defaults(&cfg);
    cfg.port = 0;
    wms_server_backend be = {0};
    be.health = healthy;
    wms_server *s = NULL;
    assert_int_equal(wms_server_start(&cfg, &be, &log, &s, NULL), 0);
    char url[80];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/health", (unsigned)wms_server_port(s));
    const char *ch[] = {bin(), "--check-health", url, NULL};
    assert_int_equal(run(ch, NULL), 0);
    wms_server_stop(s);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_flags),
            cmocka_unit_test(test_refuses_without_secret),
            cmocka_unit_test(test_run_and_sigterm),
            cmocka_unit_test(test_check_health_ok),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
