/*
 * conf.c -- the kiosk's configuration (INI + WMS_* environment through
 * core's config loader) and where its database lives.
 */
#include "session.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>

extern char **environ;

static const char *const link_names[] = {"none", "pg", "http", NULL};
static const char *const suffix_names[] = {"enter", "tab", "none", NULL};
static const char *const src_kinds[] = {"none", "evdev", "serial", "camera", "replay", NULL};
static const char *const layouts[] = {"us", "de", NULL};
static const char *const framings[] = {"cr", "lf", "crlf", "gap", NULL};

/* One scanner source's keys in section `sec` ("source1" ...). */
#define SRC_KEYS(i, sec)                                                                  \
    {sec,                                                                                 \
     "kind",                                                                              \
     WMS_CFG_ENUM,                                                                        \
     F(src[i].kind),                                                                      \
     0,                                                                                   \
     0,                                                                                   \
     0,                                                                                   \
     src_kinds,                                                                           \
     "none",                                                                              \
     "scanner source: none, evdev, serial, camera or replay"},                            \
            {sec,                                                                         \
             "device",                                                                    \
             WMS_CFG_STRING,                                                              \
             F(src[i].path),                                                              \
             256,                                                                         \
             0,                                                                           \
             0,                                                                           \
             NULL,                                                                        \
             "",                                                                          \
             "device, /dev/input/by-id/ glob pattern (evdev) or replay file"},            \
            {sec,                                                                         \
             "layout",                                                                    \
             WMS_CFG_ENUM,                                                                \
             F(src[i].layout),                                                            \
             0,                                                                           \
             0,                                                                           \
             0,                                                                           \
             layouts,                                                                     \
             "us",                                                                        \
             "evdev keyboard layout: us or de"},                                          \
            {sec,                                                                         \
             "suffix",                                                                    \
             WMS_CFG_ENUM,                                                                \
             F(src[i].suffix),                                                            \
             0,                                                                           \
             0,                                                                           \
             0,                                                                           \
             suffix_names,                                                                \
             "enter",                                                                     \
             "evdev: what ends a scan: enter, tab or none (gap)"},                        \
            {sec,                                                                         \
             "framing",                                                                   \
             WMS_CFG_ENUM,                                                                \
             F(src[i].framing),                                                           \
             0,                                                                           \
             0,                                                                           \
             0,                                                                           \
             framings,                                                                    \
             "cr",                                                                        \
             "serial: what ends a scan: cr, lf, crlf or gap"},                            \
            {sec,  "baud", WMS_CFG_INT, F(src[i].baud), 0,                                \
             1200, 921600, NULL,        "9600",         "serial baud rate"},              \
            {sec,                                                                         \
             "gap",                                                                       \
             WMS_CFG_DURATION_MS,                                                         \
             F(src[i].gap_ms),                                                            \
             0,                                                                           \
             0,                                                                           \
             5000,                                                                        \
             NULL,                                                                        \
             "100ms",                                                                     \
             "inter-byte gap that ends (gap framing) or drops a partial scan"},           \
            {sec,                                                                         \
             "symbologies",                                                               \
             WMS_CFG_STRING,                                                              \
             F(src[i].symbologies),                                                       \
             160,                                                                         \
             0,                                                                           \
             0,                                                                           \
             NULL,                                                                        \
             "",                                                                          \
             "camera: ean13,upca,code128,gs1-128,qr,... (default: all zbar reads)"},      \
            {sec,         "density",                                                      \
             WMS_CFG_INT, F(src[i].density),                                              \
             0,           1,                                                              \
             8,           NULL,                                                           \
             "2",         "camera: zbar scan density (1 = every line)"},                  \
            {sec,         "dedup_ms",                                                     \
             WMS_CFG_INT, F(src[i].dedup_ms),                                             \
             0,           -1,                                                             \
             600000,      NULL,                                                           \
             "-1",        "duplicate window of this source in ms (-1: [scanner] dedup)"}, \
    {                                                                                     \
        sec, "loop", WMS_CFG_BOOL, F(src[i].loop), 0, 0, 0, NULL, "false",                \
                "replay: start again at the end"                                          \
    }

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
        {"central", "dsn", WMS_CFG_STRING, F(central_dsn), 512, 0, 0, NULL, "",
         "pg: libpq DSN of the centre (user wms_t_ID and password=token are added)"},
        {"central", "url", WMS_CFG_STRING, F(central_url), 256, 0, 0, NULL, "",
         "http: wms-server base URL, https://central.example:8443"},
        {"central", "token", WMS_CFG_STRING, F(central_token), 128, 0, 0, NULL, "",
         "the terminal's token from 'wmsctl terminal add' (secret: file mode 0600)"},
        {"central", "ca_file", WMS_CFG_STRING, F(central_ca), 256, 0, 0, NULL, "",
         "CA bundle for TLS (http: CURLOPT_CAINFO, pg: sslrootcert); default system"},
        {"central", "timeout", WMS_CFG_DURATION_MS, F(central_timeout_ms), 0, 1000, 600000, NULL,
         "30s", "per request timeout"},
        {"central", "interval", WMS_CFG_DURATION_MS, F(sync_interval_ms), 0, 100, 3600000, NULL,
         "5s", "idle time between two sync cycles (work queued wakes it at once)"},
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
        {"scanner", "dedup", WMS_CFG_DURATION_MS, F(scan_dedup_ms), 0, 0, 600000, NULL, "0",
         "same code from the same source within this window counts once (0 = off)"},
        SRC_KEYS(0, "source1"),
        SRC_KEYS(1, "source2"),
        SRC_KEYS(2, "source3"),
        SRC_KEYS(3, "source4"),
};
#undef F

static const wms_cfg_schema conf_schema = {conf_keys, WMS_ARRAY_LEN(conf_keys), NULL};

const wms_cfg_schema *kiosk_conf_schema(void)
{
    return &conf_schema;
}

/* core's SECRET type refuses an empty secret, which is right for a server
 * but not for a kiosk without a central link: the kiosk's dsn/token are
 * plain strings, checked here the same way (a file that sets one must not
 * be readable by group or others). */
static int check_private(const kiosk_conf *c, const char *path, wms_err *err)
{
    bool secret = c->central_token[0] || strstr(c->central_dsn, "password") != NULL ||
                  (strstr(c->central_dsn, "://") && strchr(c->central_dsn, '@'));
    if (!secret || !path) {
        return 0;
    }
    struct stat sb;
    if (stat(path, &sb) != 0) {
        return 0;
    }
    if (sb.st_mode & 044u) {
        return wms_err_set(err, WMS_EPERM,
                           "%s: holds the central token or password but is readable by group "
                           "or others (mode %04o); chmod 600 it",
                           path, (unsigned)(sb.st_mode & 07777u));
    }
    return 0;
}

/* `names` is NULL-terminated; n its length. */
static const char *name_of(const char *const *names, size_t n, int v)
{
    return names[v >= 0 && (size_t)v < n ? (size_t)v : 0];
}

const char *kiosk_link_name(int link)
{
    return name_of(link_names, WMS_ARRAY_LEN(link_names) - 1, link);
}

const char *kiosk_suffix_name(int suffix)
{
    return name_of(suffix_names, WMS_ARRAY_LEN(suffix_names) - 1, suffix);
}

const char *kiosk_source_kind_name(int kind)
{
    return name_of(src_kinds, WMS_ARRAY_LEN(src_kinds) - 1, kind);
}

int kiosk_conf_load(kiosk_conf *c, const char *path, wms_err *err)
{
    memset(c, 0, sizeof(*c));
    int rc;
    if (path) {
        rc = wms_cfg_load_file(&conf_schema, c, path, environ, 0, NULL, err);
        if (rc == 0) {
            rc = check_private(c, path, err);
        }
        if (rc == 0 && wms_strlcpy(c->path, path, sizeof(c->path)) != 0) {
            rc = wms_err_set(err, WMS_ETOOBIG, "config path too long");
        }
    } else {
        rc = wms_cfg_load(&conf_schema, c, NULL, NULL, 0, 0600, environ, 0, NULL, err);
    }
    if (rc != 0) {
        memset(c->central_token, 0, sizeof(c->central_token));
        memset(c->central_dsn, 0, sizeof(c->central_dsn));
    }
    return rc;
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

int kiosk_default_config(char *buf, size_t cap, wms_err *err)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/') {
        n = snprintf(buf, cap, "%s/wms-kiosk/kiosk.ini", xdg);
    } else if (home && home[0] == '/') {
        n = snprintf(buf, cap, "%s/.config/wms-kiosk/kiosk.ini", home);
    } else {
        return wms_err_set(err, WMS_ENOTFOUND, "no HOME: pass --config FILE");
    }
    if (n < 0 || (size_t)n >= cap) {
        return wms_err_set(err, WMS_ETOOBIG, "config path too long");
    }
    return 0;
}

/* ---- saving settings: edit the keys in place, keep everything else ------- */

typedef struct ini_edit {
    const char *section, *key;
    char value[600];
    bool done;
} ini_edit;

/* inih trims with isspace(): so do we. */
static size_t trim_span(const char **s, size_t n)
{
    while (n > 0 && isspace((unsigned char)**s)) {
        (*s)++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)(*s)[n - 1])) {
        n--;
    }
    return n;
}

static bool span_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncmp(s, word, n) == 0;
}

/* Append the edits of `section` not written yet. */
static int flush_section(wms_buf *out, ini_edit *e, size_t ne, const char *sec, size_t sl)
{
    int rc = 0;
    for (size_t i = 0; i < ne && rc == 0; i++) {
        if (!e[i].done && span_is(sec, sl, e[i].section)) {
            rc = wms_buf_addf(out, "%s = %s\n", e[i].key, e[i].value);
            e[i].done = true;
        }
    }
    return rc;
}

static int ini_apply(const char *text, size_t len, ini_edit *e, size_t ne, wms_buf *out)
{
    const char *sec = "";
    size_t sl = 0;
    size_t pos = 0;
    int rc = 0;
    while (pos < len && rc == 0) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        const char *t = line;
        size_t tl = ll;
        if (pos == 0 && tl >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
            t += 3; /* a UTF-8 byte order mark (inih skips it) */
            tl -= 3;
        }
        pos += ll + (nl ? 1 : 0);
        tl = trim_span(&t, tl);
        if (tl > 0 && t[0] == '[') {
            rc = flush_section(out, e, ne, sec, sl);
            const char *close = memchr(t, ']', tl);
            sec = t + 1;
            sl = close ? (size_t)(close - t - 1) : tl - 1;
            /* no trimming inside the brackets: inih takes the name as it is */
        } else if (tl > 0 && t[0] != ';' && t[0] != '#') {
            size_t kl = 0;
            while (kl < tl && t[kl] != '=' && t[kl] != ':') {
                kl++;
            }
            const char *k = t;
            size_t kn = trim_span(&k, kl);
            bool replaced = false;
            for (size_t i = 0; i < ne && kl < tl; i++) {
                if (span_is(sec, sl, e[i].section) && span_is(k, kn, e[i].key)) {
                    if (!e[i].done) {
                        rc = wms_buf_addf(out, "%s = %s\n", e[i].key, e[i].value);
                        e[i].done = true;
                    }
                    replaced = true; /* a duplicate line of the same key is dropped */
                    break;
                }
            }
            if (replaced) {
                continue;
            }
        }
        rc = rc ? rc : wms_buf_add(out, line, ll);
        rc = rc ? rc : wms_buf_add(out, "\n", 1);
    }
    rc = rc ? rc : flush_section(out, e, ne, sec, sl);
    /* Sections the file did not have. */
    for (size_t i = 0; i < ne && rc == 0; i++) {
        if (!e[i].done) {
            rc = wms_buf_addf(out, "\n[%s]\n", e[i].section);
            rc = rc ? rc : flush_section(out, e, ne, e[i].section, strlen(e[i].section));
        }
    }
    return rc;
}

int kiosk_conf_edit(const char *text, size_t len, const kiosk_conf *c, wms_buf *out)
{
    ini_edit e[] = {
            {"terminal", "id", "", false},    {"terminal", "warehouse", "", false},
            {"central", "link", "", false},   {"ui", "size", "", false},
            {"sound", "volume", "", false},   {"sound", "mute", "", false},
            {"scanner", "prefix", "", false}, {"scanner", "suffix", "", false},
    };
    snprintf(e[0].value, sizeof(e[0].value), "%s", c->terminal);
    snprintf(e[1].value, sizeof(e[1].value), "%s", c->warehouse);
    snprintf(e[2].value, sizeof(e[2].value), "%s", kiosk_link_name(c->link));
    snprintf(e[3].value, sizeof(e[3].value), "%s", c->size);
    snprintf(e[4].value, sizeof(e[4].value), "%lld", (long long)c->volume);
    snprintf(e[5].value, sizeof(e[5].value), "%s", c->mute ? "true" : "false");
    snprintf(e[6].value, sizeof(e[6].value), "%s", c->scan_prefix);
    snprintf(e[7].value, sizeof(e[7].value), "%s", kiosk_suffix_name(c->scan_suffix));
    return ini_apply(text, len, e, WMS_ARRAY_LEN(e), out);
}

int kiosk_conf_save(const kiosk_conf *c, const char *path, wms_err *err)
{
    /* The current file (may not exist yet). */
    char *old = NULL;
    size_t olen = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        old = malloc(WMS_CFG_FILE_MAX + 1);
        olen = old ? fread(old, 1, WMS_CFG_FILE_MAX + 1, f) : 0;
        fclose(f);
        if (!old || olen > WMS_CFG_FILE_MAX) {
            free(old);
            return wms_err_set(err, old ? WMS_ETOOBIG : WMS_ENOMEM, "%s: cannot read it", path);
        }
    } else if (errno != ENOENT) {
        return wms_err_set(err, WMS_EIO, "%s: %s", path, strerror(errno));
    } else {
        char dir[512];
        wms_strlcpy(dir, path, sizeof(dir));
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) {
            *slash = '\0';
            if (mkdir_p(dir) != 0) {
                return wms_err_set(err, WMS_EIO, "cannot create %s: %s", dir, strerror(errno));
            }
        }
    }
    wms_buf out;
    wms_buf_init(&out, WMS_CFG_FILE_MAX);
    int rc = kiosk_conf_edit(old ? old : "", olen, c, &out);
    if (rc != 0) {
        rc = wms_err_set(err, rc, "%s: too large to edit", path);
    }
    if (old) {
        memset(old, 0, olen); /* it may hold the token */
        free(old);
    }
    /* Check that what we write loads (and still holds its secrets). */
    kiosk_conf check;
    if (rc == 0) {
        rc = wms_cfg_load(&conf_schema, &check, path, wms_buf_str(&out), out.len, 0600, NULL, 0,
                          NULL, err);
        memset(&check, 0, sizeof(check));
    }
    char tmp[600];
    int fd = -1;
    if (rc == 0) {
        snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
        fd = mkstemp(tmp); /* mode 0600 */
        if (fd < 0) {
            rc = wms_err_set(err, WMS_EIO, "%s: %s", tmp, strerror(errno));
        }
    }
    if (rc == 0) {
        size_t off = 0;
        while (off < out.len && rc == 0) {
            ssize_t w = write(fd, out.data + off, out.len - off);
            if (w < 0 && errno != EINTR) {
                rc = wms_err_set(err, WMS_EIO, "%s: %s", tmp, strerror(errno));
            } else if (w > 0) {
                off += (size_t)w;
            }
        }
        if (rc == 0 && (fchmod(fd, 0600) != 0 || fsync(fd) != 0)) {
            rc = wms_err_set(err, WMS_EIO, "%s: %s", tmp, strerror(errno));
        }
        close(fd);
        if (rc == 0 && rename(tmp, path) != 0) {
            rc = wms_err_set(err, WMS_EIO, "%s: %s", path, strerror(errno));
        }
        if (rc != 0) {
            unlink(tmp);
        }
    }
    if (out.data) {
        memset(out.data, 0, out.cap);
    }
    wms_buf_release(&out);
    return rc;
}
