/*
 * config.c -- typed configuration from an INI file (inih) and WMS_*
 * environment overrides, validated against a constant schema.
 *
 * The load works on a private copy of the caller's struct and writes it back
 * only on success, so a failed load leaves the caller's values untouched.
 */
#include "wms/core.h"

#include <ini.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* inih's line buffer holds INI_MAX_LINE bytes including "\r\n\0". */
#define CFG_LINE_MAX     (INI_MAX_LINE - 3)
#define CFG_ENV_NAME_MAX 96

/* ---- value parsing ------------------------------------------------------ */

static size_t field_size(const wms_cfg_key *k)
{
    switch (k->type) {
    case WMS_CFG_STRING:
    case WMS_CFG_SECRET:
        return k->size;
    case WMS_CFG_INT:
    case WMS_CFG_DURATION_MS:
        return sizeof(int64_t);
    case WMS_CFG_BOOL:
        return sizeof(bool);
    case WMS_CFG_ENUM:
        return sizeof(int);
    }
    return 0;
}

/* Strict decimal with an optional '-': no spaces, no '+', no overflow. */
static int parse_i64(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (len > 0 && s[0] == '-') {
        neg = true;
        i = 1;
    }
    if (i == len) {
        return WMS_EINVAL;
    }
    uint64_t v = 0;
    uint64_t lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return WMS_EINVAL;
        }
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (lim - d) / 10) {
            return WMS_ERANGE;
        }
        v = v * 10 + d;
    }
    if (neg) {
        *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    } else {
        *out = (int64_t)v;
    }
    return 0;
}

/* "250ms", "30s", "5m", "1h", "2d"; a plain number is seconds. */
static int parse_duration(const char *s, size_t len, int64_t *out)
{
    size_t n = 0;
    while (n < len && s[n] >= '0' && s[n] <= '9') {
        n++;
    }
    if (n == 0) {
        return WMS_EINVAL;
    }
    const char *unit = s + n;
    size_t ulen = len - n;
    int64_t mul;
    if (ulen == 0 || (ulen == 1 && unit[0] == 's')) {
        mul = 1000;
    } else if (ulen == 2 && memcmp(unit, "ms", 2) == 0) {
        mul = 1;
    } else if (ulen == 1 && unit[0] == 'm') {
        mul = 60 * 1000;
    } else if (ulen == 1 && unit[0] == 'h') {
        mul = 3600 * 1000;
    } else if (ulen == 1 && unit[0] == 'd') {
        mul = 86400 * 1000;
    } else {
        return WMS_EINVAL;
    }
    int64_t v;
    int rc = parse_i64(s, n, &v);
    if (rc) {
        return rc;
    }
    if (v > INT64_MAX / mul) {
        return WMS_ERANGE;
    }
    *out = v * mul;
    return 0;
}

static int parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < WMS_ARRAY_LEN(yes); i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return WMS_EINVAL;
}

/* A non-secret value for messages: quoted, bounded, control bytes escaped. */
static const char *shown(const char *value, char *buf, size_t cap)
{
    return wms_log_quote(value, buf, cap);
}

/*
 * Parse `value` for key `k` and store it at dst + k->offset.  On error the
 * detail says what is wrong (never the value of a secret).
 */
static int set_value(const wms_cfg_key *k, void *dst, const char *value, wms_err *err)
{
    char *field = (char *)dst + k->offset;
    size_t len = strlen(value);
    char q[48];
    switch (k->type) {
    case WMS_CFG_STRING:
    case WMS_CFG_SECRET: {
        if (k->size == 0 || len >= k->size) {
            return wms_err_set(err, WMS_ETOOBIG, "value too long (at most %zu bytes)",
                               k->size ? k->size - 1 : 0);
        }
        wms_err e;
        wms_err_clear(&e);
        int rc = wms_text_validate(value, len, k->size, WMS_TEXT_ALLOW_EMPTY, &e);
        if (rc) {
            return wms_err_set(err, rc, "%s", e.msg);
        }
        memcpy(field, value, len + 1);
        return 0;
    }
    case WMS_CFG_INT: {
        int64_t v;
        int rc = parse_i64(value, len, &v);
        int64_t min = k->min, max = k->max;
        if (min == 0 && max == 0) {
            min = INT64_MIN;
            max = INT64_MAX;
        }
        if (rc == WMS_EINVAL) {
            return wms_err_set(err, rc, "%s is not an integer", shown(value, q, sizeof q));
        }
        if (rc || v < min || v > max) {
            return wms_err_set(err, WMS_ERANGE, "%s is out of range %lld..%lld",
                               shown(value, q, sizeof q), (long long)min, (long long)max);
        }
        memcpy(field, &v, sizeof v);
        return 0;
    }
    case WMS_CFG_DURATION_MS: {
        int64_t v;
        int rc = parse_duration(value, len, &v);
        int64_t min = k->min, max = k->max;
        if (min == 0 && max == 0) {
            max = INT64_MAX;
        }
        if (rc == WMS_EINVAL) {
            return wms_err_set(err, rc,
                               "%s is not a duration (e.g. 250ms, 30s, 5m, 1h; plain = seconds)",
                               shown(value, q, sizeof q));
        }
        if (rc || v < min || v > max) {
            return wms_err_set(err, WMS_ERANGE, "%s is out of range %lldms..%lldms",
                               shown(value, q, sizeof q), (long long)min, (long long)max);
        }
        memcpy(field, &v, sizeof v);
        return 0;
    }
    case WMS_CFG_BOOL: {
        bool b;
        if (parse_bool(value, &b)) {
            return wms_err_set(err, WMS_EINVAL,
                               "%s is not a boolean (true/false/yes/no/on/off/1/0)",
                               shown(value, q, sizeof q));
        }
        memcpy(field, &b, sizeof b);
        return 0;
    }
    case WMS_CFG_ENUM: {
        if (!k->names) {
            return wms_err_set(err, WMS_EINVAL, "enum without names in the schema");
        }
        for (int i = 0; k->names[i]; i++) {
            if (strcmp(value, k->names[i]) == 0) {
                memcpy(field, &i, sizeof i);
                return 0;
            }
        }
        char allowed[160] = "";
        size_t o = 0;
        for (size_t i = 0; k->names[i] && o + 1 < sizeof allowed; i++) {
            int n = snprintf(allowed + o, sizeof allowed - o, "%s%s", i ? "|" : "", k->names[i]);
            if (n < 0) {
                break;
            }
            o += (size_t)n;
        }
        return wms_err_set(err, WMS_EINVAL, "%s is not one of %s", shown(value, q, sizeof q),
                           allowed);
    }
    }
    return wms_err_set(err, WMS_EINVAL, "unknown type in the schema");
}

/* ---- INI ---------------------------------------------------------------- */

typedef struct cfg_state {
    const wms_cfg_schema *schema;
    void *dst;
    const char *file;
    unsigned char *from_file; /* per key: set by the file (duplicates) */
    /* reader */
    const char *p, *end;
    int line;
    /* first error */
    int err_line;
    int err_code;
    char err_msg[WMS_ERR_MAX];
} cfg_state;

static void fail_at(cfg_state *st, int line, int code, const char *fmt, ...) WMS_PRINTF(4, 5);

static void fail_at(cfg_state *st, int line, int code, const char *fmt, ...)
{
    if (st->err_line && st->err_line <= line) {
        return; /* keep the first */
    }
    st->err_line = line;
    st->err_code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err_msg, sizeof st->err_msg, fmt, ap);
    va_end(ap);
}

static const wms_cfg_key *find_key(const wms_cfg_schema *s, const char *section, const char *name,
                                   size_t *index)
{
    for (size_t i = 0; i < s->count; i++) {
        if (strcmp(s->keys[i].section, section) == 0 && strcmp(s->keys[i].name, name) == 0) {
            *index = i;
            return &s->keys[i];
        }
    }
    return NULL;
}

static bool section_known(const wms_cfg_schema *s, const char *section, size_t len)
{
    for (size_t i = 0; i < s->count; i++) {
        if (strlen(s->keys[i].section) == len && memcmp(s->keys[i].section, section, len) == 0) {
            return true;
        }
    }
    return false;
}

/*
 * The reader hands inih one line at a time and counts lines, so that the
 * handler knows where it is.  It also checks what inih would accept
 * silently: unknown (even empty) sections and indented lines, which inih
 * takes as continuations of the previous value.
 */
static char *ini_read(char *str, int num, void *stream)
{
    cfg_state *st = stream;
    if (st->p >= st->end || num < 2) {
        return NULL;
    }
    const char *nl = memchr(st->p, '\n', (size_t)(st->end - st->p));
    size_t len = nl ? (size_t)(nl - st->p) + 1 : (size_t)(st->end - st->p);
    size_t max = (size_t)num - 1;
    st->line++;
    if (len > max) { /* checked before parsing; never happens */
        len = max;
    }
    memcpy(str, st->p, len);
    str[len] = '\0';
    st->p += len;

    /* the line's content without the end of line and surrounding blanks */
    const char *a = str;
    const char *b = str + strcspn(str, "\r\n");
    bool indented = a < b && (*a == ' ' || *a == '\t');
    while (a < b && (*a == ' ' || *a == '\t')) {
        a++;
    }
    /* a UTF-8 BOM on the first line */
    if (st->line == 1 && b - a >= 3 && memcmp(a, "\xEF\xBB\xBF", 3) == 0) {
        a += 3;
    }
    while (b > a && (b[-1] == ' ' || b[-1] == '\t')) {
        b--;
    }
    if (a == b || *a == ';' || *a == '#') {
        return str;
    }
    if (indented) {
        fail_at(st, st->line, WMS_EINVAL, "indented line (continuation lines are not supported)");
        return str;
    }
    if (*a == '[') {
        const char *close = memchr(a, ']', (size_t)(b - a));
        if (close && !section_known(st->schema, a + 1, (size_t)(close - a - 1))) {
            fail_at(st, st->line, WMS_EINVAL, "[%.*s]: unknown section", (int)(close - a - 1),
                    a + 1);
        }
    }
    return str;
}

static int ini_handler_fn(void *user, const char *section, const char *name, const char *value)
{
    cfg_state *st = user;
    size_t idx;
    const wms_cfg_key *k = find_key(st->schema, section, name, &idx);
    if (!k) {
        fail_at(st, st->line, WMS_EINVAL, "[%s] %s: unknown key", section, name);
        return 0;
    }
    if (st->from_file[idx]) {
        fail_at(st, st->line, WMS_EINVAL, "[%s] %s: set twice", section, name);
        return 0;
    }
    st->from_file[idx] = 1;
    wms_err e;
    wms_err_clear(&e);
    int rc = set_value(k, st->dst, value, &e);
    if (rc) {
        fail_at(st, st->line, rc, "[%s] %s: %s", section, name, e.msg);
        return 0;
    }
    return 1;
}

/* Checks inih cannot make: size, NUL bytes, line length. */
static int precheck(cfg_state *st, const char *text, size_t len)
{
    if (len > WMS_CFG_FILE_MAX) {
        fail_at(st, 1, WMS_ETOOBIG, "file larger than %d bytes", WMS_CFG_FILE_MAX);
        return st->err_code;
    }
    int line = 1;
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\0') {
            fail_at(st, line, WMS_EINVAL, "NUL byte in the file");
            return st->err_code;
        }
        if (text[i] == '\n') {
            line++;
            col = 0;
            continue;
        }
        if (++col > CFG_LINE_MAX) {
            fail_at(st, line, WMS_ETOOBIG, "line longer than %d bytes", CFG_LINE_MAX);
            return st->err_code;
        }
    }
    return 0;
}

/* ---- environment -------------------------------------------------------- */

/* WMS_<SECTION>_<NAME>: upper case, '-' and '.' as '_'. */
static void env_name(const wms_cfg_key *k, char *buf, size_t cap)
{
    snprintf(buf, cap, "WMS_%s%s%s", k->section, k->section[0] ? "_" : "", k->name);
    for (char *p = buf; *p; p++) {
        if (*p == '-' || *p == '.') {
            *p = '_';
        } else {
            *p = (char)toupper((unsigned char)*p);
        }
    }
}

static int apply_env(const wms_cfg_schema *schema, void *dst, char *const *envp,
                     unsigned char *from_env, wms_err *err)
{
    if (!envp) {
        return 0;
    }
    char name[CFG_ENV_NAME_MAX];
    for (char *const *e = envp; *e; e++) {
        if (strncmp(*e, "WMS_", 4) != 0) {
            continue;
        }
        const char *eq = strchr(*e, '=');
        if (!eq) {
            continue;
        }
        size_t nlen = (size_t)(eq - *e);
        for (size_t i = 0; i < schema->count; i++) {
            const wms_cfg_key *k = &schema->keys[i];
            env_name(k, name, sizeof name);
            if (strlen(name) != nlen || memcmp(name, *e, nlen) != 0) {
                continue;
            }
            wms_err d;
            wms_err_clear(&d);
            int rc = set_value(k, dst, eq + 1, &d);
            if (rc) {
                return wms_err_set(err, rc, "environment %s: %s", name, d.msg);
            }
            from_env[i] = 1;
        }
    }
    return 0;
}

/* ---- secrets ------------------------------------------------------------ */

static bool is_default_secret(const wms_cfg_schema *schema, const char *v)
{
    if (v[0] == '\0') {
        return true;
    }
    if (!schema->default_secrets) {
        return false;
    }
    for (const char *const *d = schema->default_secrets; *d; d++) {
        if (strcmp(v, *d) == 0) {
            return true;
        }
    }
    return false;
}

static int check_secrets(const wms_cfg_schema *schema, const void *dst, const char *file,
                         const unsigned char *from_file, unsigned file_mode, unsigned flags,
                         const wms_log *log, wms_err *err)
{
    bool dev = flags & WMS_CFG_DEV;
    char qf[160];
    int rc = 0;
    for (size_t i = 0; i < schema->count; i++) {
        const wms_cfg_key *k = &schema->keys[i];
        if (k->type != WMS_CFG_SECRET) {
            continue;
        }
        if (from_file[i] && (file_mode & 044u)) {
            wms_log_warn(log, "config_secret_file_readable",
                         "file=%s mode=%04o key=%s.%s hint=\"chmod 600\" dev=%d",
                         wms_log_quote(file, qf, sizeof qf), file_mode & 07777u, k->section,
                         k->name, dev);
            if (!dev && !rc) {
                rc = wms_err_set(err, WMS_EPERM,
                                 "%s: holds secret [%s] %s but is readable by group or others "
                                 "(mode %04o); chmod 600 it",
                                 file, k->section, k->name, file_mode & 07777u);
            }
        }
        const char *v = (const char *)dst + k->offset;
        if (is_default_secret(schema, v)) {
            wms_log_emit(log, dev ? WMS_LOG_WARNING : WMS_LOG_ERR, "config_default_secret",
                         "key=%s.%s empty=%d dev=%d msg=\"SECRET IS EMPTY OR A KNOWN DEFAULT: "
                         "set a real one before production\"",
                         k->section, k->name, v[0] == '\0', dev);
            if (!dev && !rc) {
                rc = wms_err_set(err, WMS_EPERM,
                                 "[%s] %s: secret is %s; set a real secret (refused outside "
                                 "dev mode)",
                                 k->section, k->name, v[0] ? "a known default" : "empty");
            }
        }
    }
    return rc;
}

/* ---- load --------------------------------------------------------------- */

/* Bytes of the caller's struct the schema covers, or 0 on a schema error. */
static size_t schema_extent(const wms_cfg_schema *schema, wms_err *err)
{
    size_t ext = 0;
    for (size_t i = 0; i < schema->count; i++) {
        const wms_cfg_key *k = &schema->keys[i];
        size_t sz = field_size(k);
        bool bounded = k->type == WMS_CFG_INT || k->type == WMS_CFG_DURATION_MS;
        if (!k->section || !k->name || sz == 0 || k->offset > SIZE_MAX - sz ||
            (k->type == WMS_CFG_ENUM && !k->names) || (bounded && k->min > k->max)) {
            wms_err_set(err, WMS_EINVAL, "schema: bad key #%zu (%s)", i, k->name ? k->name : "?");
            return 0;
        }
        if (k->offset + sz > ext) {
            ext = k->offset + sz;
        }
    }
    return ext;
}

int wms_cfg_load(const wms_cfg_schema *schema, void *dst, const char *file_name, const char *text,
                 size_t text_len, unsigned file_mode, char *const *envp, unsigned flags,
                 const wms_log *log, wms_err *err)
{
    if (!schema || !dst || (schema->count && !schema->keys)) {
        return wms_err_set(err, WMS_EINVAL, "config: no schema");
    }
    const char *file = file_name ? file_name : "config";
    size_t ext = schema_extent(schema, err);
    if (ext == 0 && schema->count) {
        return WMS_EINVAL;
    }
    int rc = WMS_ENOMEM;
    char *work = malloc(ext ? ext : 1);
    unsigned char *from_file = calloc(schema->count ? schema->count : 1, 1);
    unsigned char *from_env = calloc(schema->count ? schema->count : 1, 1);
    char *copy = NULL;
    if (!work || !from_file || !from_env) {
        wms_err_set(err, rc, "config: out of memory");
        goto out;
    }
    memcpy(work, dst, ext);

    /* 1. defaults */
    for (size_t i = 0; i < schema->count; i++) {
        const wms_cfg_key *k = &schema->keys[i];
        memset(work + k->offset, 0, field_size(k));
        if (k->def) {
            wms_err d;
            wms_err_clear(&d);
            rc = set_value(k, work, k->def, &d);
            if (rc) {
                wms_err_set(err, rc, "schema: default of [%s] %s: %s", k->section, k->name, d.msg);
                goto out;
            }
        }
    }

    /* 2. the file */
    if (text) {
        cfg_state st = {.schema = schema, .dst = work, .file = file, .from_file = from_file};
        rc = precheck(&st, text, text_len);
        if (rc) {
            wms_err_set(err, rc, "%s:%d: %s", file, st.err_line, st.err_msg);
            goto out;
        }
        copy = malloc(text_len + 1);
        if (!copy) {
            rc = wms_err_set(err, WMS_ENOMEM, "config: out of memory");
            goto out;
        }
        memcpy(copy, text, text_len);
        copy[text_len] = '\0';
        st.p = copy;
        st.end = copy + text_len;
        int line = ini_parse_stream(ini_read, &st, ini_handler_fn, &st);
        if (line > 0 && (!st.err_line || line < st.err_line)) {
            fail_at(&st, line, WMS_EINVAL, "syntax error (expected [section] or key = value)");
        } else if (line < 0 && !st.err_line) {
            fail_at(&st, 1, WMS_ENOMEM, "parser failed (%d)", line);
        }
        if (st.err_line) {
            rc = wms_err_set(err, st.err_code, "%s:%d: %s", file, st.err_line, st.err_msg);
            goto out;
        }
    }

    /* 3. the environment */
    if (!(flags & WMS_CFG_NO_ENV)) {
        rc = apply_env(schema, work, envp, from_env, err);
        if (rc) {
            goto out;
        }
    }

    /* 4. secrets: a file that sets one must be private; no default secrets.
     * A secret the environment overrides no longer comes from the file. */
    for (size_t i = 0; i < schema->count; i++) {
        if (from_env[i]) {
            from_file[i] = 0;
        }
    }
    rc = check_secrets(schema, work, file, from_file, text ? file_mode : 0, flags, log, err);
    if (rc) {
        goto out;
    }
    memcpy(dst, work, ext);
    rc = 0;
out:
    if (work) {
        /* the copy may hold secrets */
        memset(work, 0, ext);
    }
    if (copy) {
        memset(copy, 0, text_len);
    }
    free(copy);
    free(work);
    free(from_file);
    free(from_env);
    return rc;
}

int wms_cfg_load_file(const wms_cfg_schema *schema, void *dst, const char *path, char *const *envp,
                      unsigned flags, const wms_log *log, wms_err *err)
{
    if (!path) {
        return wms_err_set(err, WMS_EINVAL, "config: no path");
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        int code = e == ENOENT ? WMS_ENOTFOUND : (e == EACCES || e == EPERM) ? WMS_EPERM : WMS_EIO;
        return wms_err_set(err, code, "%s: %s", path, strerror(e));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int e = errno;
        close(fd);
        return wms_err_set(err, WMS_EIO, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return wms_err_set(err, WMS_EINVAL, "%s: not a regular file", path);
    }
    if (sb.st_size > WMS_CFG_FILE_MAX) {
        close(fd);
        return wms_err_set(err, WMS_ETOOBIG, "%s: larger than %d bytes", path, WMS_CFG_FILE_MAX);
    }
    char *buf = malloc(WMS_CFG_FILE_MAX + 1);
    if (!buf) {
        close(fd);
        return wms_err_set(err, WMS_ENOMEM, "config: out of memory");
    }
    size_t len = 0;
    int rc = 0;
    while (len <= WMS_CFG_FILE_MAX) {
        ssize_t n = read(fd, buf + len, WMS_CFG_FILE_MAX + 1 - len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            rc = wms_err_set(err, WMS_EIO, "%s: %s", path, strerror(errno));
            break;
        }
        if (n == 0) {
            break;
        }
        len += (size_t)n;
    }
    close(fd);
    if (!rc && len > WMS_CFG_FILE_MAX) {
        rc = wms_err_set(err, WMS_ETOOBIG, "%s: larger than %d bytes", path, WMS_CFG_FILE_MAX);
    }
    if (!rc) {
        rc = wms_cfg_load(schema, dst, path, buf, len, (unsigned)sb.st_mode & 07777u, envp, flags,
                          log, err);
    }
    memset(buf, 0, len < WMS_CFG_FILE_MAX + 1 ? len : WMS_CFG_FILE_MAX + 1);
    free(buf);
    return rc;
}

/* ---- dump --------------------------------------------------------------- */

static int dump_value(const wms_cfg_key *k, const void *src, wms_buf *out)
{
    const char *field = (const char *)src + k->offset;
    switch (k->type) {
    case WMS_CFG_STRING: {
        size_t n = strnlen(field, k->size);
        return wms_buf_add(out, field, n);
    }
    case WMS_CFG_SECRET:
        return wms_buf_addstr(out, "***");
    case WMS_CFG_INT: {
        int64_t v;
        memcpy(&v, field, sizeof v);
        return wms_buf_addf(out, "%lld", (long long)v);
    }
    case WMS_CFG_DURATION_MS: {
        int64_t v;
        memcpy(&v, field, sizeof v);
        if (v != 0 && v % 3600000 == 0) {
            return wms_buf_addf(out, "%lldh", (long long)(v / 3600000));
        }
        if (v != 0 && v % 60000 == 0) {
            return wms_buf_addf(out, "%lldm", (long long)(v / 60000));
        }
        if (v % 1000 == 0) {
            return wms_buf_addf(out, "%llds", (long long)(v / 1000));
        }
        return wms_buf_addf(out, "%lldms", (long long)v);
    }
    case WMS_CFG_BOOL: {
        bool b;
        memcpy(&b, field, sizeof b);
        return wms_buf_addstr(out, b ? "true" : "false");
    }
    case WMS_CFG_ENUM: {
        int v;
        memcpy(&v, field, sizeof v);
        for (int i = 0; k->names && k->names[i]; i++) {
            if (i == v) {
                return wms_buf_addstr(out, k->names[i]);
            }
        }
        return wms_buf_addf(out, "%d", v);
    }
    }
    return WMS_EINVAL;
}

int wms_cfg_dump(const wms_cfg_schema *schema, const void *src, wms_buf *out)
{
    if (!schema || !src || !out) {
        return WMS_EINVAL;
    }
    bool first = true;
    for (size_t i = 0; i < schema->count; i++) {
        const char *sec = schema->keys[i].section;
        /* each section once, where it first appears, with all its keys */
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            seen = strcmp(schema->keys[j].section, sec) == 0;
        }
        if (seen) {
            continue;
        }
        int rc = wms_buf_addf(out, "%s[%s]\n", first ? "" : "\n", sec);
        first = false;
        for (size_t j = i; j < schema->count && !rc; j++) {
            const wms_cfg_key *k = &schema->keys[j];
            if (strcmp(k->section, sec) != 0) {
                continue;
            }
            rc = wms_buf_addf(out, "%s = ", k->name);
            if (!rc) {
                rc = dump_value(k, src, out);
            }
            if (!rc) {
                rc = wms_buf_addstr(out, "\n");
            }
        }
        if (rc) {
            return rc;
        }
    }
    return 0;
}
