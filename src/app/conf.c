/*
 * conf.c -- the kiosk's configuration (INI + WMS_* environment through
 * core's config loader) and where its database lives.
 */
#include "session.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern char **environ;

static const char *const link_names[] = {"none", "pg", "http", NULL};
static const char *const suffix_names[] = {"enter", "tab", "none", NULL};

#define F(x) offsetof(kiosk_conf, x)
static const wms_cfg_key conf_keys[] = {
        {"terminal", "id", WMS_CFG_STRING, F(terminal), 32, 0, 0, NULL, "T1",
         "terminal name shown in the status bar"},
        {"terminal", "warehouse", WMS_CFG_STRING, F(warehouse), 32, 0, 0, NULL, "WH1",
         "warehouse code"},
        {"store", "db", WMS_CFG_STRING, F(db), 512, 0, 0, NULL, "",
         "SQLite database (default: per-user data dir)"},
        {"store", "demo_products", WMS_CFG_INT, F(demo_products), 0, 10, 2000000, NULL, "5000",
         "products in a new demo database"},
        {"central", "link", WMS_CFG_ENUM, F(link), 0, 0, 0, link_names, "none",
         "central link: none, pg (libpq) or http (wms-server)"},
        {"ui", "font", WMS_CFG_STRING, F(font), 512, 0, 0, NULL, "",
         "DejaVuSans.ttf or its directory (default: search)"},
        {"ui", "size", WMS_CFG_STRING, F(size), 16, 0, 0, NULL, "800x480",
         "window size WIDTHxHEIGHT"},
        {"ui", "fullscreen", WMS_CFG_BOOL, F(fullscreen), 0, 0, 0, NULL, "false",
         "full screen (KMSDRM on a Pi console)"},
        {"ui", "idle_logout", WMS_CFG_DURATION_MS, F(idle_logout_ms), 0, 0, 86400000, NULL, "5m",
         "log out after this long without input (0 = never)"},
        {"sound", "volume", WMS_CFG_INT, F(volume), 0, 0, 100, NULL, "70", "tone volume 0..100"},
        {"sound", "mute", WMS_CFG_BOOL, F(mute), 0, 0, 0, NULL, "false", "no tones"},
        {"scanner", "prefix", WMS_CFG_STRING, F(scan_prefix), 8, 0, 0, NULL, "",
         "characters the wedge scanner sends first"},
        {"scanner", "suffix", WMS_CFG_ENUM, F(scan_suffix), 0, 0, 0, suffix_names, "enter",
         "what ends a wedge scan: enter, tab or none"},
        {"scanner", "max_gap", WMS_CFG_DURATION_MS, F(scan_gap_ms), 0, 5, 500, NULL, "35ms",
         "longest pause between two keys of one scan"},
        {"scanner", "min_len", WMS_CFG_INT, F(scan_min_len), 0, 1, 64, NULL, "4",
         "shortest scan, in characters"},
};
#undef F

static const wms_cfg_schema conf_schema = {conf_keys, WMS_ARRAY_LEN(conf_keys), NULL};

const wms_cfg_schema *kiosk_conf_schema(void)
{
    return &conf_schema;
}

int kiosk_conf_load(kiosk_conf *c, const char *path, wms_err *err)
{
    memset(c, 0, sizeof(*c));
    if (path) {
        return wms_cfg_load_file(&conf_schema, c, path, environ, 0, NULL, err);
    }
    return wms_cfg_load(&conf_schema, c, NULL, NULL, 0, 0600, environ, 0, NULL, err);
}

static int mkdir_p(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            int rc = mkdir(path, 0700);
            *p = '/';
            if (rc != 0 && errno != EEXIST) {
                return -1;
            }
        }
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        return -1;
    }
    return 0;
}

int kiosk_default_db(char *buf, size_t cap, wms_err *err)
{
    char dir[512];
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/') {
        n = snprintf(dir, sizeof(dir), "%s/wms-kiosk", xdg);
    } else if (home && home[0] == '/') {
        n = snprintf(dir, sizeof(dir), "%s/.local/share/wms-kiosk", home);
    } else {
        return wms_err_set(err, WMS_ENOTFOUND, "no HOME: pass --db PATH");
    }
    if (n < 0 || (size_t)n >= sizeof(dir)) {
        return wms_err_set(err, WMS_ETOOBIG, "data directory path too long");
    }
    if (mkdir_p(dir) != 0) {
        return wms_err_set(err, WMS_EIO, "cannot create %s: %s", dir, strerror(errno));
    }
    n = snprintf(buf, cap, "%s/kiosk.db", dir);
    if (n < 0 || (size_t)n >= cap) {
        return wms_err_set(err, WMS_ETOOBIG, "database path too long");
    }
    return 0;
}
