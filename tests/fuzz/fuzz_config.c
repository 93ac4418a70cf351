/*
 * fuzz_config.c -- config files from outside: the INI parser with every
 * value type, in dev and production mode, then the dump; and the log
 * redaction of the same bytes as a line.  No crash, no undefined behaviour,
 * no leak; a loaded config always dumps; redaction never grows a line.
 */
#include "wms/core.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_cfg {
    char name[16];
    char link[64];
    char token[32];
    int64_t port;
    int64_t any;
    bool flag;
    int mode;
    int64_t timeout_ms;
} fuzz_cfg;

static const char *const modes[] = {"kiosk", "server", "dev", NULL};
static const char *const defaults[] = {"change-me", NULL};

static const wms_cfg_key keys[] = {
        {"terminal", "name", WMS_CFG_STRING, offsetof(fuzz_cfg, name), 16, 0, 0, NULL, "T1", ""},
        {"central", "link", WMS_CFG_STRING, offsetof(fuzz_cfg, link), 64, 0, 0, NULL, NULL, ""},
        {"central", "token", WMS_CFG_SECRET, offsetof(fuzz_cfg, token), 32, 0, 0, NULL, "change-me",
         ""},
        {"server", "port", WMS_CFG_INT, offsetof(fuzz_cfg, port), 0, 1, 65535, NULL, "8080", ""},
        {"server", "any", WMS_CFG_INT, offsetof(fuzz_cfg, any), 0, 0, 0, NULL, NULL, ""},
        {"log", "flag", WMS_CFG_BOOL, offsetof(fuzz_cfg, flag), 0, 0, 0, NULL, "no", ""},
        {"terminal", "mode", WMS_CFG_ENUM, offsetof(fuzz_cfg, mode), 0, 0, 0, modes, "kiosk", ""},
        {"central", "timeout", WMS_CFG_DURATION_MS, offsetof(fuzz_cfg, timeout_ms), 0, 100, 3600000,
         NULL, "30s", ""},
};

static const wms_cfg_schema schema = {keys, sizeof keys / sizeof keys[0], defaults};

static void discard(void *data, wms_log_level level, const char *line, size_t len)
{
    (void)data;
    (void)level;
    if (strlen(line) != len || len > 1024) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    wms_log_sink sink = {discard, NULL};
    wms_log log;
    wms_log_init(&log, &sink, WMS_LOG_DEBUG);
    static const unsigned flags[] = {WMS_CFG_DEV | WMS_CFG_NO_ENV, WMS_CFG_NO_ENV};
    static const unsigned file_modes[] = {0644, 0600};
    for (size_t i = 0; i < 2; i++) {
        fuzz_cfg c;
        memset(&c, 0, sizeof c);
        wms_err err;
        wms_err_clear(&err);
        int rc = wms_cfg_load(&schema, &c, "fuzz.ini", text, size, file_modes[i], NULL, flags[i],
                              &log, &err);
        if (rc > 0 || rc < WMS_E_LAST || (rc && err.msg[0] == '\0')) {
            abort();
        }
        if (rc == 0) {
            if (c.port < 1 || c.port > 65535 || c.mode < 0 || c.mode > 2 || c.timeout_ms < 100 ||
                c.timeout_ms > 3600000 || memchr(c.name, '\0', sizeof c.name) == NULL ||
                memchr(c.token, '\0', sizeof c.token) == NULL) {
                abort();
            }
            /* production mode never accepts the default secret */
            if (!(flags[i] & WMS_CFG_DEV) &&
                (c.token[0] == '\0' || strcmp(c.token, "change-me") == 0)) {
                abort();
            }
            wms_buf b;
            wms_buf_init(&b, 8192);
            if (wms_cfg_dump(&schema, &c, &b) != 0 ||
                strstr(wms_buf_str(&b), "token = ***") == NULL) {
                abort();
            }
            wms_buf_release(&b);
        }
    }

    /* the same bytes as a log line */
    if (size < 4096) {
        char *line = malloc(size + 1);
        if (!line) {
            return 0;
        }
        memcpy(line, data, size);
        line[size] = '\0';
        size_t before = strlen(line);
        wms_log_redact(line);
        if (strlen(line) > before) {
            abort();
        }
        wms_log_info(&log, "fuzz", "v=%s", line);
        free(line);
    }
    return 0;
}
