/*
 * test_core_config.c -- INI + environment config: types, validation, error
 * lines, secrets and file modes, load from a file, dump.
 */
#include "wms_test.h"

#include "wms/core.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct test_cfg {
    char name[16];
    char link[64];
    char token[32];
    int64_t port;
    int64_t retries; /* unbounded */
    bool verbose;
    int mode;
    int64_t timeout_ms;
    char lang[8];
    int untouched; /* not in the schema */
} test_cfg;

static const char *const modes[] = {"kiosk", "server", "dev", NULL};
static const char *const defaults[] = {"change-me", "secret", NULL};

static const wms_cfg_key keys[] = {
        {"terminal", "name", WMS_CFG_STRING, offsetof(test_cfg, name), 16, 0, 0, NULL, "T1",
         "terminal name"},
        {"central", "link", WMS_CFG_STRING, offsetof(test_cfg, link), 64, 0, 0, NULL, NULL,
         "centre URL"},
        {"central", "token", WMS_CFG_SECRET, offsetof(test_cfg, token), 32, 0, 0, NULL, "change-me",
         "terminal token"},
        {"server", "port", WMS_CFG_INT, offsetof(test_cfg, port), 0, 1, 65535, NULL, "8080",
         "listen port"},
        {"server", "retries", WMS_CFG_INT, offsetof(test_cfg, retries), 0, 0, 0, NULL, NULL,
         "retries"},
        {"log", "verbose", WMS_CFG_BOOL, offsetof(test_cfg, verbose), 0, 0, 0, NULL, "false",
         "debug logging"},
        {"terminal", "mode", WMS_CFG_ENUM, offsetof(test_cfg, mode), 0, 0, 0, modes, "kiosk",
         "run mode"},
        {"central", "timeout", WMS_CFG_DURATION_MS, offsetof(test_cfg, timeout_ms), 0, 100, 3600000,
         NULL, "30s", "request timeout"},
        {"ui-prefs", "lang.code", WMS_CFG_STRING, offsetof(test_cfg, lang), 8, 0, 0, NULL, "en",
         "language"},
};

static const wms_cfg_schema schema = {keys, WMS_ARRAY_LEN(keys), defaults};

/* A log sink that keeps every line. */
typedef struct capture {
    int lines;
    int errs;
    char all[4096];
} capture;

static void capture_write(void *data, wms_log_level level, const char *line, size_t len)
{
    capture *c = data;
    c->lines++;
    c->errs += level == WMS_LOG_ERR;
    size_t used = strlen(c->all);
    if (used + len + 2 < sizeof c->all) {
        memcpy(c->all + used, line, len);
        c->all[used + len] = '\n';
        c->all[used + len + 1] = '\0';
    }
}

/* A writable copy of an environment (envp is char *const *). */
typedef struct envbuf {
    char store[10][64];
    char *v[11];
} envbuf;

static char *const *mkenv(envbuf *b, const char *const *src)
{
    size_t i = 0;
    for (; src[i] && i < 10; i++) {
        wms_strlcpy(b->store[i], src[i], sizeof b->store[i]);
        b->v[i] = b->store[i];
    }
    b->v[i] = NULL;
    return b->v;
}

static int load(const char *text, unsigned mode, char *const *env, unsigned flags, test_cfg *c,
                wms_err *e)
{
    return wms_cfg_load(&schema, c, "t.ini", text, text ? strlen(text) : 0, mode, env, flags, NULL,
                        e);
}

static void expect_error(const char *text, int code, const char *msg)
{
    test_cfg c;
    memset(&c, 0x5a, sizeof c);
    test_cfg before = c;
    wms_err e;
    wms_err_clear(&e);
    int rc = load(text, 0600, NULL, WMS_CFG_DEV, &c, &e);
    if (rc != code || strstr(e.msg, msg) == NULL) {
        fail_msg("text:\n%s\nrc %d (want %d) msg '%s' (want '%s')", text, rc, code, e.msg, msg);
    }
    /* untouched on error */
    assert_memory_equal(&c, &before, sizeof c);
}

static void test_defaults(void **state)
{
    (void)state;
    test_cfg c;
    memset(&c, 0x5a, sizeof c);
    c.untouched = 77;
    wms_err e;
    assert_int_equal(load(NULL, 0, NULL, WMS_CFG_DEV, &c, &e), 0);
    assert_string_equal(c.name, "T1");
    assert_string_equal(c.link, "");
    assert_string_equal(c.token, "change-me");
    assert_int_equal(c.port, 8080);
    assert_int_equal(c.retries, 0);
    assert_false(c.verbose);
    assert_int_equal(c.mode, 0);
    assert_int_equal(c.timeout_ms, 30000);
    assert_string_equal(c.lang, "en");
    assert_int_equal(c.untouched, 77);
}

static void test_full_file(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF; wms config\r\n"
                       "# comment\n"
                       "[terminal]\n"
                       "name = Dock 3\n"
                       "mode = server ; inline comment\n"
                       "\n"
                       "[central]\n"
                       "link = postgresql://db.local/wms\n"
                       "token = 0123456789abcdef\n"
                       "timeout = 250ms\n"
                       "[server]\n"
                       "port=443\r\n"
                       "retries = -5\n"
                       "[log]\n"
                       "verbose = Yes\n"
                       "[ui-prefs]\n"
                       "lang.code = de\n"
                       "[terminal]\n"; /* a section may come back (no keys twice) */
    test_cfg c = {0};
    wms_err e;
    wms_err_clear(&e);
    assert_int_equal(load(text, 0600, NULL, 0, &c, &e), 0);
    assert_string_equal(e.msg, "");
    assert_string_equal(c.name, "Dock 3");
    assert_int_equal(c.mode, 1);
    assert_string_equal(c.link, "postgresql://db.local/wms");
    assert_string_equal(c.token, "0123456789abcdef");
    assert_int_equal(c.timeout_ms, 250);
    assert_int_equal(c.port, 443);
    assert_int_equal(c.retries, -5);
    assert_true(c.verbose);
    assert_string_equal(c.lang, "de");
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_error("[terminal]\nname = x\nbogus = 1\n", WMS_EINVAL,
                 "t.ini:3: [terminal] bogus: unknown key");
    expect_error("[terminal]\n\n\n[nosuch]\n", WMS_EINVAL, "t.ini:4: [nosuch]: unknown section");
    expect_error("name = x\n", WMS_EINVAL, "t.ini:1: [] name: unknown key");
    expect_error("[terminal]\nname = a\nname = b\n", WMS_EINVAL,
                 "t.ini:3: [terminal] name: set twice");
    expect_error("[server]\nport = 80x\n", WMS_EINVAL,
                 "t.ini:2: [server] port: \"80x\" is not an integer");
    expect_error("[server]\nport = 0\n", WMS_ERANGE,
                 "t.ini:2: [server] port: \"0\" is out of range 1..65535");
    expect_error("[server]\nport = 65536\n", WMS_ERANGE, "out of range");
    expect_error("[server]\nport = +80\n", WMS_EINVAL, "not an integer");
    expect_error("[server]\nport = 0x50\n", WMS_EINVAL, "not an integer");
    expect_error("[server]\nport =\n", WMS_EINVAL, "not an integer");
    expect_error("[server]\nretries = 99999999999999999999\n", WMS_ERANGE, "out of range");
    expect_error("[server]\nretries = -\n", WMS_EINVAL, "not an integer");
    expect_error("[log]\nverbose = maybe\n", WMS_EINVAL,
                 "t.ini:2: [log] verbose: \"maybe\" is not a boolean");
    expect_error("[terminal]\nmode = Kiosk\n", WMS_EINVAL,
                 "\"Kiosk\" is not one of kiosk|server|dev");
    expect_error("[central]\ntimeout = 5 s\n", WMS_EINVAL, "is not a duration");
    expect_error("[central]\ntimeout = 5sec\n", WMS_EINVAL, "is not a duration");
    expect_error("[central]\ntimeout = 50ms\n", WMS_ERANGE,
                 "\"50ms\" is out of range 100ms..3600000ms");
    expect_error("[central]\ntimeout = 2h\n", WMS_ERANGE, "out of range");
    expect_error("[central]\ntimeout = 99999999999999999d\n", WMS_ERANGE, "out of range");
    expect_error("[terminal]\nname = 0123456789abcdef\n", WMS_ETOOBIG,
                 "t.ini:2: [terminal] name: value too long (at most 15 bytes)");
    expect_error("[terminal]\nname = a\xff\n", WMS_EINVAL, "t.ini:2: [terminal] name:");
    expect_error("[terminal]\nname = a\x01z\n", WMS_EINVAL, "t.ini:2: [terminal] name:");
    /* syntax */
    expect_error("[terminal]\nname\n", WMS_EINVAL, "t.ini:2: syntax error");
    expect_error("[terminal\nname = x\n", WMS_EINVAL, "t.ini:1: syntax error");
    expect_error("[terminal]\nname = x\n  mode = dev\n", WMS_EINVAL, "t.ini:3: indented line");
    /* the first error wins, whichever kind */
    expect_error("[terminal]\nbad line\nbogus = 1\n", WMS_EINVAL, "t.ini:2: syntax error");
    expect_error("[terminal]\nbogus = 1\nbad line\n", WMS_EINVAL, "t.ini:2: [terminal] bogus");
    /* bytes inih would not see */
    const char nul[] = "[terminal]\nname = a\0b\n";
    test_cfg c;
    wms_err e;
    assert_int_equal(wms_cfg_load(&schema, &c, "t.ini", nul, sizeof nul - 1, 0600, NULL,
                                  WMS_CFG_DEV, NULL, &e),
                     WMS_EINVAL);
    assert_string_equal(e.msg, "t.ini:2: NUL byte in the file");
    char longline[400];
    snprintf(longline, sizeof longline, "[terminal]\n\nname = %0300d\n", 7);
    expect_error(longline, WMS_ETOOBIG, "t.ini:3: line longer than");
    char *big = malloc(WMS_CFG_FILE_MAX + 2);
    memset(big, '\n', WMS_CFG_FILE_MAX + 1);
    big[WMS_CFG_FILE_MAX + 1] = '\0';
    expect_error(big, WMS_ETOOBIG, "larger than");
    big[WMS_CFG_FILE_MAX] = '\0'; /* exactly the maximum is fine */
    assert_int_equal(load(big, 0600, NULL, WMS_CFG_DEV, &c, &e), 0);
    free(big);
    /* empty file */
    assert_int_equal(load("", 0600, NULL, WMS_CFG_DEV, &c, &e), 0);
}

static void test_env(void **state)
{
    (void)state;
    test_cfg c;
    wms_err e;
    envbuf env_b;
    char *const *env = mkenv(
            &env_b,
            (const char *const[]){
                    "HOME=/root", "WMS_SERVER_PORT=9090", "WMS_LOG_VERBOSE=on",
                    "WMS_CENTRAL_TIMEOUT=2m", "WMS_TERMINAL_MODE=dev", "WMS_UI_PREFS_LANG_CODE=fr",
                    "WMS_UNKNOWN_THING=whatever", /* other programs share the prefix */
                    "WMS_server_port=1",          /* names are upper case */
                    "WMS_NOEQUALS", NULL});
    assert_int_equal(load("[server]\nport = 80\n", 0600, env, WMS_CFG_DEV, &c, &e), 0);
    assert_int_equal(c.port, 9090); /* the environment wins over the file */
    assert_true(c.verbose);
    assert_int_equal(c.timeout_ms, 120000);
    assert_int_equal(c.mode, 2);
    assert_string_equal(c.lang, "fr");
    /* NO_ENV ignores it */
    assert_int_equal(load("[server]\nport = 80\n", 0600, env, WMS_CFG_DEV | WMS_CFG_NO_ENV, &c, &e),
                     0);
    assert_int_equal(c.port, 80);
    assert_false(c.verbose);
    /* typed and validated: errors name the variable */
    envbuf bad_b;
    char *const *bad = mkenv(&bad_b, (const char *const[]){"WMS_SERVER_PORT=http", NULL});
    memset(&c, 0, sizeof c);
    assert_int_equal(load(NULL, 0, bad, WMS_CFG_DEV, &c, &e), WMS_EINVAL);
    assert_string_equal(e.msg, "environment WMS_SERVER_PORT: \"http\" is not an integer");
    assert_int_equal(c.port, 0); /* untouched */
    envbuf bad2_b;
    char *const *bad2 = mkenv(&bad2_b, (const char *const[]){"WMS_LOG_VERBOSE=2", NULL});
    assert_int_equal(load(NULL, 0, bad2, WMS_CFG_DEV, &c, &e), WMS_EINVAL);
    assert_non_null(strstr(e.msg, "WMS_LOG_VERBOSE"));
    envbuf bad3_b;
    char *const *bad3 = mkenv(&bad3_b, (const char *const[]){"WMS_SERVER_PORT=70000", NULL});
    assert_int_equal(load(NULL, 0, bad3, WMS_CFG_DEV, &c, &e), WMS_ERANGE);
    /* an empty value is a value (not "unset") */
    envbuf empty_b;
    char *const *empty = mkenv(&empty_b, (const char *const[]){"WMS_TERMINAL_NAME=", NULL});
    assert_int_equal(load(NULL, 0, empty, WMS_CFG_DEV, &c, &e), 0);
    assert_string_equal(c.name, "");
}

static void test_secret_file_mode(void **state)
{
    (void)state;
    test_cfg c;
    wms_err e;
    capture cap = {0};
    wms_log_sink sink = {capture_write, &cap};
    wms_log log;
    wms_log_init(&log, &sink, WMS_LOG_DEBUG);
    const char *text = "[central]\ntoken = s3cr3t-t0ken-value\n";
    /* 0644 outside dev mode: refused */
    memset(&c, 0, sizeof c);
    int rc = wms_cfg_load(&schema, &c, "/etc/wms/t.ini", text, strlen(text), 0644, NULL, 0, &log,
                          &e);
    assert_int_equal(rc, WMS_EPERM);
    assert_non_null(strstr(e.msg, "/etc/wms/t.ini"));
    assert_non_null(strstr(e.msg, "readable by group or others (mode 0644)"));
    assert_string_equal(c.token, ""); /* untouched */
    assert_int_equal(cap.lines, 1);
    assert_non_null(strstr(cap.all, "event=config_secret_file_readable"));
    assert_non_null(strstr(cap.all, "mode=0644"));
    /* group-readable only (0640) counts too */
    assert_int_equal(
            wms_cfg_load(&schema, &c, "t.ini", text, strlen(text), 0640, NULL, 0, NULL, &e),
            WMS_EPERM);
    /* 0600 is fine, 0400 too */
    assert_int_equal(
            wms_cfg_load(&schema, &c, "t.ini", text, strlen(text), 0600, NULL, 0, NULL, &e), 0);
    assert_string_equal(c.token, "s3cr3t-t0ken-value");
    assert_int_equal(
            wms_cfg_load(&schema, &c, "t.ini", text, strlen(text), 0400, NULL, 0, NULL, &e), 0);
    /* dev mode: a warning, loaded */
    cap = (capture){0};
    assert_int_equal(wms_cfg_load(&schema, &c, "t.ini", text, strlen(text), 0644, NULL, WMS_CFG_DEV,
                                  &log, &e),
                     0);
    assert_int_equal(cap.lines, 1);
    assert_non_null(strstr(cap.all, "level=warning event=config_secret_file_readable"));
    /* a world-readable file without secrets is fine */
    envbuf env_b;
    char *const *env =
            mkenv(&env_b, (const char *const[]){"WMS_CENTRAL_TOKEN=from-the-environment", NULL});
    assert_int_equal(
            wms_cfg_load(&schema, &c, "t.ini", "[server]\nport = 1\n", 18, 0644, env, 0, NULL, &e),
            0);
    /* a secret overridden by the environment is not read from the file */
    assert_int_equal(wms_cfg_load(&schema, &c, "t.ini", text, strlen(text), 0644, env, 0, NULL, &e),
                     0);
    assert_string_equal(c.token, "from-the-environment");
    /* the secret never appears in logs or messages */
    assert_null(strstr(cap.all, "s3cr3t"));
}

static void test_default_secret(void **state)
{
    (void)state;
    test_cfg c;
    wms_err e;
    capture cap = {0};
    wms_log_sink sink = {capture_write, &cap};
    wms_log log;
    wms_log_init(&log, &sink, WMS_LOG_DEBUG);
    /* the schema default "change-me" is refused outside dev mode */
    memset(&c, 0, sizeof c);
    assert_int_equal(wms_cfg_load(&schema, &c, "t.ini", NULL, 0, 0, NULL, 0, &log, &e), WMS_EPERM);
    assert_non_null(strstr(e.msg, "[central] token: secret is a known default"));
    assert_int_equal(cap.errs, 1); /* loud */
    assert_non_null(strstr(cap.all, "event=config_default_secret"));
    assert_null(strstr(cap.all, "change-me"));
    /* an empty one too */
    const char *empty = "[central]\ntoken =\n";
    assert_int_equal(
            wms_cfg_load(&schema, &c, "t.ini", empty, strlen(empty), 0600, NULL, 0, &log, &e),
            WMS_EPERM);
    assert_non_null(strstr(e.msg, "secret is empty"));
    /* another listed default from the environment */
    envbuf env_b;
    char *const *env = mkenv(&env_b, (const char *const[]){"WMS_CENTRAL_TOKEN=secret", NULL});
    assert_int_equal(wms_cfg_load(&schema, &c, "t.ini", NULL, 0, 0, env, 0, &log, &e), WMS_EPERM);
    /* dev mode: accepted, still warned */
    cap = (capture){0};
    assert_int_equal(wms_cfg_load(&schema, &c, "t.ini", NULL, 0, 0, NULL, WMS_CFG_DEV, &log, &e),
                     0);
    assert_string_equal(c.token, "change-me");
    assert_int_equal(cap.lines, 1);
    assert_non_null(strstr(cap.all, "level=warning event=config_default_secret"));
    /* the error messages for a bad secret value never show it */
    const char *bad = "[central]\ntoken = abc\x01hidden-part\n";
    assert_int_equal(
            wms_cfg_load(&schema, &c, "t.ini", bad, strlen(bad), 0600, NULL, WMS_CFG_DEV, NULL, &e),
            WMS_EINVAL);
    assert_null(strstr(e.msg, "hidden"));
    const char *toolong = "[central]\ntoken = 0123456789012345678901234567890123456789\n";
    assert_int_equal(wms_cfg_load(&schema, &c, "t.ini", toolong, strlen(toolong), 0600, NULL,
                                  WMS_CFG_DEV, NULL, &e),
                     WMS_ETOOBIG);
    assert_null(strstr(e.msg, "0123"));
}

static void test_load_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/wms-cfg-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/wms.ini", dir);
    test_cfg c;
    wms_err e;
    assert_int_equal(wms_cfg_load_file(&schema, &c, path, NULL, 0, NULL, &e), WMS_ENOTFOUND);
    assert_int_equal(wms_cfg_load_file(&schema, &c, dir, NULL, 0, NULL, &e), WMS_EINVAL);
    assert_non_null(strstr(e.msg, "not a regular file"));
    const char *text = "[central]\ntoken = real-token-123\n[server]\nport = 8443\n";
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(wms_cfg_load_file(&schema, &c, path, NULL, 0, NULL, &e), 0);
    assert_int_equal(c.port, 8443);
    assert_string_equal(c.token, "real-token-123");
    /* the real file mode counts */
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(wms_cfg_load_file(&schema, &c, path, NULL, 0, NULL, &e), WMS_EPERM);
    assert_non_null(strstr(e.msg, path));
    assert_int_equal(wms_cfg_load_file(&schema, &c, path, NULL, WMS_CFG_DEV, NULL, &e), 0);
    /* errors name the path and line */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "[server]\nnope = 1\n", 18), 18);
    close(fd);
    assert_int_equal(wms_cfg_load_file(&schema, &c, path, NULL, WMS_CFG_DEV, NULL, &e), WMS_EINVAL);
    char want[200];
    snprintf(want, sizeof want, "%s:2: [server] nope: unknown key", path);
    assert_string_equal(e.msg, want);
    /* too big */
    assert_int_equal(truncate(path, WMS_CFG_FILE_MAX + 1), 0);
    assert_int_equal(wms_cfg_load_file(&schema, &c, path, NULL, WMS_CFG_DEV, NULL, &e),
                     WMS_ETOOBIG);
    unlink(path);
    rmdir(dir);
}

static void test_dump(void **state)
{
    (void)state;
    test_cfg c;
    wms_err e;
    const char *text = "[terminal]\nname = Dock 3\nmode = server\n[central]\n"
                       "token = super-secret-1\ntimeout = 90s\n[server]\nport = 443\n"
                       "[log]\nverbose = on\n";
    assert_int_equal(load(text, 0600, NULL, 0, &c, &e), 0);
    wms_buf b;
    wms_buf_init(&b, 4096);
    assert_int_equal(wms_cfg_dump(&schema, &c, &b), 0);
    assert_string_equal(wms_buf_str(&b), "[terminal]\n"
                                         "name = Dock 3\n"
                                         "mode = server\n"
                                         "\n[central]\n"
                                         "link = \n"
                                         "token = ***\n"
                                         "timeout = 90s\n"
                                         "\n[server]\n"
                                         "port = 443\n"
                                         "retries = 0\n"
                                         "\n[log]\n"
                                         "verbose = true\n"
                                         "\n[ui-prefs]\n"
                                         "lang.code = en\n");
    /* durations pick the largest exact unit */
    c.timeout_ms = 7200000;
    wms_buf_reset(&b);
    assert_int_equal(wms_cfg_dump(&schema, &c, &b), 0);
    assert_non_null(strstr(wms_buf_str(&b), "timeout = 2h\n"));
    c.timeout_ms = 1500;
    wms_buf_reset(&b);
    assert_int_equal(wms_cfg_dump(&schema, &c, &b), 0);
    assert_non_null(strstr(wms_buf_str(&b), "timeout = 1500ms\n"));
    /* round trip (secrets aside): the dump loads back to the same values */
    test_cfg back;
    memset(&back, 0, sizeof back);
    envbuf env_b;
    char *const *env =
            mkenv(&env_b, (const char *const[]){"WMS_CENTRAL_TOKEN=super-secret-1", NULL});
    assert_int_equal(wms_cfg_load(&schema, &back, "dump", b.data, b.len, 0600, env, 0, NULL, &e),
                     0);
    assert_string_equal(back.name, c.name);
    assert_int_equal(back.mode, c.mode);
    assert_int_equal(back.timeout_ms, c.timeout_ms);
    assert_int_equal(back.port, c.port);
    assert_int_equal(back.verbose, c.verbose);
    /* bounded output */
    wms_buf small;
    wms_buf_init(&small, 20);
    assert_int_equal(wms_cfg_dump(&schema, &c, &small), WMS_ETOOBIG);
    wms_buf_release(&small);
    wms_buf_release(&b);
}

static void test_bad_schema(void **state)
{
    (void)state;
    test_cfg c;
    wms_err e;
    wms_cfg_key k1[] = {{"a", "b", WMS_CFG_ENUM, 0, 0, 0, 0, NULL, NULL, ""}};
    wms_cfg_schema s1 = {k1, 1, NULL};
    assert_int_equal(wms_cfg_load(&s1, &c, "x", NULL, 0, 0, NULL, 0, NULL, &e), WMS_EINVAL);
    wms_cfg_key k2[] = {{"a", "b", WMS_CFG_INT, 0, 0, 5, 1, NULL, NULL, ""}};
    wms_cfg_schema s2 = {k2, 1, NULL};
    assert_int_equal(wms_cfg_load(&s2, &c, "x", NULL, 0, 0, NULL, 0, NULL, &e), WMS_EINVAL);
    wms_cfg_key k3[] = {{"a", "b", WMS_CFG_INT, 0, 0, 1, 5, NULL, "9", ""}};
    wms_cfg_schema s3 = {k3, 1, NULL};
    assert_int_equal(wms_cfg_load(&s3, &c, "x", NULL, 0, 0, NULL, 0, NULL, &e), WMS_ERANGE);
    assert_non_null(strstr(e.msg, "schema: default of [a] b"));
    wms_cfg_key k4[] = {{"a", "b", WMS_CFG_STRING, 0, 0, 0, 0, NULL, NULL, ""}};
    wms_cfg_schema s4 = {k4, 1, NULL};
    assert_int_equal(wms_cfg_load(&s4, &c, "x", NULL, 0, 0, NULL, 0, NULL, &e), WMS_EINVAL);
    assert_int_equal(wms_cfg_load(NULL, &c, "x", NULL, 0, 0, NULL, 0, NULL, &e), WMS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_defaults),         cmocka_unit_test(test_full_file),
            cmocka_unit_test(test_bad_files),        cmocka_unit_test(test_env),
            cmocka_unit_test(test_secret_file_mode), cmocka_unit_test(test_default_secret),
            cmocka_unit_test(test_load_file),        cmocka_unit_test(test_dump),
            cmocka_unit_test(test_bad_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
