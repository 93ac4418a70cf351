/*
 * log.c -- structured log lines "level=info event=x key=value ...", with
 * context fields, journald "<N>" priority prefixes on stderr, and secrets
 * redacted before a line reaches any sink.
 */
#include "wms/core.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Longest line handed to a sink (without the newline). */
#define LOG_LINE_MAX 1024
/* Room for formatting and for redaction, which may lengthen a line ("pin=1"
 * becomes "pin=***"); the result is cut to LOG_LINE_MAX afterwards. */
#define LOG_WORK_MAX (3 * LOG_LINE_MAX)

static const char *level_name(wms_log_level level)
{
    switch (level) {
    case WMS_LOG_ERR:
        return "err";
    case WMS_LOG_WARNING:
        return "warning";
    case WMS_LOG_NOTICE:
        return "notice";
    case WMS_LOG_INFO:
        return "info";
    case WMS_LOG_DEBUG:
        return "debug";
    }
    return level < WMS_LOG_ERR ? "err" : "debug";
}

int wms_log_level_parse(const char *s, wms_log_level *out)
{
    static const struct {
        const char *name;
        wms_log_level level;
    } names[] = {
            {"err", WMS_LOG_ERR},      {"error", WMS_LOG_ERR},     {"warning", WMS_LOG_WARNING},
            {"warn", WMS_LOG_WARNING}, {"notice", WMS_LOG_NOTICE}, {"info", WMS_LOG_INFO},
            {"debug", WMS_LOG_DEBUG},
    };
    if (!s) {
        return WMS_EINVAL;
    }
    for (size_t i = 0; i < WMS_ARRAY_LEN(names); i++) {
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].level;
            return 0;
        }
    }
    return WMS_EINVAL;
}

/* ---- stderr sink -------------------------------------------------------- */

static void stderr_write(void *data, wms_log_level level, const char *line, size_t len)
{
    (void)data;
    char buf[LOG_LINE_MAX + 8];
    if (len > LOG_LINE_MAX) {
        len = LOG_LINE_MAX;
    }
    int lv = (int)level;
    if (lv < 0 || lv > 7) {
        lv = lv < 0 ? 0 : 7;
    }
    buf[0] = '<';
    buf[1] = (char)('0' + lv);
    buf[2] = '>';
    memcpy(buf + 3, line, len);
    buf[3 + len] = '\n';
    size_t total = len + 4, off = 0;
    while (off < total) {
        ssize_t n = write(STDERR_FILENO, buf + off, total - off);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return; /* nowhere left to report it */
        }
        off += (size_t)n;
    }
}

static const wms_log_sink stderr_sink = {stderr_write, NULL};

const wms_log_sink *wms_log_sink_stderr(void)
{
    return &stderr_sink;
}

/* ---- loggers ------------------------------------------------------------ */

void wms_log_init(wms_log *log, const wms_log_sink *sink, wms_log_level min_level)
{
    log->sink = sink ? sink : &stderr_sink;
    log->min_level = min_level;
    log->ctx[0] = '\0';
}

void wms_log_child(wms_log *child, const wms_log *parent, const char *fmt, ...)
{
    wms_log tmp = *parent; /* child may alias parent */
    size_t len = strlen(tmp.ctx);
    if (fmt && len + 1 < sizeof tmp.ctx) {
        char *p = tmp.ctx + len;
        size_t room = sizeof tmp.ctx - len;
        if (len > 0) {
            *p++ = ' ';
            room--;
        }
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p, room, fmt, ap);
        va_end(ap);
        /* an empty addition leaves no trailing space */
        if (*p == '\0' && len > 0) {
            p[-1] = '\0';
        }
    }
    *child = tmp;
}

/* ---- redaction ---------------------------------------------------------- */

static bool is_key_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* A key starts after one of these (or at the start of the line). */
static bool is_key_boundary(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '?' || c == '&' ||
           c == ';' || c == ',' || c == '{' || c == '(' || c == '[' || c == '\\';
}

static bool part_is(const char *p, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

/*
 * Does `key` (n bytes) name a secret?  Split on '_', '-', '.' and look for a
 * part that is a secret word; "x_key"/"api-key" (a key part after another
 * part) counts too, a lone "key" does not.
 */
static bool key_is_secret(const char *key, size_t n)
{
    static const char *const words[] = {"password", "passwd",        "pwd",    "pass",
                                        "secret",   "token",         "pin",    "authorization",
                                        "apikey",   "passphrase",    "cookie", "credentials",
                                        "privkey",  "client_secret", "psk"};
    size_t parts = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && key[j] != '_' && key[j] != '-' && key[j] != '.') {
            j++;
        }
        if (j > i) {
            for (size_t w = 0; w < WMS_ARRAY_LEN(words); w++) {
                if (part_is(key + i, j - i, words[w])) {
                    return true;
                }
            }
            if (parts > 0 && part_is(key + i, j - i, "key")) {
                return true;
            }
            parts++;
        }
        i = j + 1;
    }
    return false;
}

/*
 * Replace line[start, end) by "***" when the line has room (len + growth <
 * cap), otherwise by as many '*' as were there.  Returns the new end.
 */
static size_t splice_stars(char *line, size_t *len, size_t cap, size_t start, size_t end)
{
    size_t old = end - start;
    size_t repl = 3;
    if (old<repl && * len + (repl - old) + 1> cap) {
        repl = old;
    }
    memmove(line + start + repl, line + end, *len - end + 1);
    memset(line + start, '*', repl);
    *len = *len - old + repl;
    return start + repl;
}

/* End of a value that starts at `v`: quoted (up to the closing, unescaped
 * quote, escaped \" inside an outer quoted value) or up to a separator
 * (in JSON also ',', '}' and ']'). */
static size_t value_end(const char *line, size_t len, size_t v, bool json, size_t *vstart)
{
    if (v < len && line[v] == '"') {
        size_t i = v + 1;
        while (i < len && line[i] != '"') {
            i += (line[i] == '\\' && i + 1 < len) ? 2 : 1;
        }
        *vstart = v + 1;
        return i > len ? len : i;
    }
    if (v + 1 < len && line[v] == '\\' && line[v + 1] == '"') {
        size_t i = v + 2;
        while (i < len && !(line[i] == '\\' && i + 1 < len && line[i + 1] == '"')) {
            i++;
        }
        *vstart = v + 2;
        return i;
    }
    size_t i = v;
    while (i < len && !strchr(json ? " \t\n\r\"&,}]" : " \t\n\r\"&", line[i]) &&
           !(line[i] == '\\' && i + 1 < len && line[i + 1] == '"')) {
        i++;
    }
    *vstart = v;
    return i;
}

/*
 * Where the value of the key that ends at `k` starts: after "key=", after
 * "key": (JSON) or after \"key\": (JSON inside a quoted value).  0 when
 * `k` is not followed by any of these.
 */
static size_t value_start(const char *line, size_t len, size_t k, bool *json)
{
    *json = false;
    if (k < len && line[k] == '=') {
        return k + 1;
    }
    size_t c = 0;
    if (k + 1 < len && line[k] == '"' && line[k + 1] == ':') {
        c = k + 2;
    } else if (k + 2 < len && line[k] == '\\' && line[k + 1] == '"' && line[k + 2] == ':') {
        c = k + 3;
    }
    if (c == 0) {
        return 0;
    }
    while (c < len && line[c] == ' ') {
        c++;
    }
    *json = true;
    return c;
}

/* Redact "key=value" (and JSON "key":value) pairs whose key names a secret. */
static void redact_pairs(char *line, size_t *len, size_t cap)
{
    size_t i = 0;
    while (i < *len) {
        if (!(i == 0 || is_key_boundary(line[i - 1])) || !is_key_char(line[i])) {
            i++;
            continue;
        }
        size_t k = i;
        while (k < *len && is_key_char(line[k])) {
            k++;
        }
        bool json;
        size_t v = value_start(line, *len, k, &json);
        if (v == 0 || !key_is_secret(line + i, k - i)) {
            i = k > i ? k : i + 1;
            continue;
        }
        bool auth = part_is(line + i, k - i, "authorization") ||
                    (k - i > 14 && strncasecmp(line + k - 14, "-authorization", 14) == 0);
        size_t vs;
        size_t ve = value_end(line, *len, v, json, &vs);
        /* "authorization=Bearer abc": the scheme is harmless, the credential
         * after it is not */
        if (auth && vs == v && ve < *len && line[ve] == ' ') {
            ve = value_end(line, *len, ve + 1, json, &(size_t){0});
        }
        if (ve > vs) {
            ve = splice_stars(line, len, cap, vs, ve);
        }
        i = ve > i ? ve : i + 1;
    }
}

/* Redact the password of "scheme://user:PASS@host" URIs. */
static void redact_uris(char *line, size_t *len, size_t cap)
{
    size_t i = 0;
    while (i + 3 <= *len) {
        char *p = strstr(line + i, "://");
        if (!p) {
            return;
        }
        size_t a = (size_t)(p - line) + 3; /* authority start */
        size_t e = a;
        size_t at = SIZE_MAX;
        while (e < *len && !strchr("/?# \t\r\n\"", line[e])) {
            if (line[e] == '@') {
                at = e;
            }
            e++;
        }
        if (at != SIZE_MAX) {
            size_t colon = a;
            while (colon < at && line[colon] != ':') {
                colon++;
            }
            if (colon < at && at > colon + 1) {
                size_t ne = splice_stars(line, len, cap, colon + 1, at);
                e = e - (at - ne);
            }
        }
        i = e > a ? e : a;
    }
}

static void redact(char *line, size_t cap)
{
    size_t len = strlen(line);
    redact_uris(line, &len, cap);
    redact_pairs(line, &len, cap);
}

void wms_log_redact(char *line)
{
    if (!line) {
        return;
    }
    redact(line, strlen(line) + 1);
}

const char *wms_log_quote(const char *value, char *buf, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    if (!buf || cap == 0) {
        return buf;
    }
    if (cap < 3) {
        buf[0] = '\0';
        return buf;
    }
    size_t o = 0;
    buf[o++] = '"';
    for (const unsigned char *p = (const unsigned char *)(value ? value : ""); *p; p++) {
        char esc[4];
        size_t n;
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            n = 2;
        } else if (*p < 0x20 || *p == 0x7f) {
            esc[0] = '\\';
            esc[1] = 'x';
            esc[2] = hex[*p >> 4];
            esc[3] = hex[*p & 15];
            n = 4;
        } else {
            esc[0] = (char)*p;
            n = 1;
        }
        if (o + n + 2 > cap) { /* closing quote and NUL must fit */
            break;
        }
        memcpy(buf + o, esc, n);
        o += n;
    }
    buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}

/* Copy `src` to `dst` (cap bytes) with control bytes as \xNN, so that one
 * log call is one line; cut at a UTF-8 character boundary.  Returns the
 * length. */
static size_t sanitize(char *dst, size_t cap, const char *src)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
        size_t n = (*p < 0x20 || *p == 0x7f) ? 4 : 1;
        if (o + n + 1 > cap) {
            break;
        }
        if (n == 4) {
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[*p >> 4];
            dst[o++] = hex[*p & 15];
        } else {
            dst[o++] = (char)*p;
        }
    }
    /* do not leave half a UTF-8 sequence at the cut */
    if (o > 0 && ((unsigned char)dst[o - 1] & 0x80)) {
        size_t s = o;
        while (s > 0 && ((unsigned char)dst[s - 1] & 0xC0) == 0x80) {
            s--;
        }
        if (s > 0 && ((unsigned char)dst[s - 1] & 0xC0) == 0xC0) {
            unsigned char lead = (unsigned char)dst[s - 1];
            size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (o - (s - 1) < want) {
                o = s - 1;
            }
        }
    }
    dst[o] = '\0';
    return o;
}

void wms_log_emit(const wms_log *log, wms_log_level level, const char *event,
                  const char *fields_fmt, ...)
{
    if (!log || level > log->min_level) {
        return;
    }
    char work[LOG_WORK_MAX];
    int n = snprintf(work, LOG_LINE_MAX, "level=%s event=%s", level_name(level),
                     event && *event ? event : "-");
    size_t len = n < 0 ? 0 : (size_t)n >= LOG_LINE_MAX ? LOG_LINE_MAX - 1 : (size_t)n;
    if (log->ctx[0] && len + 1 < LOG_LINE_MAX) {
        n = snprintf(work + len, LOG_LINE_MAX - len, " %s", log->ctx);
        len = n < 0 ? len : len + (size_t)n >= LOG_LINE_MAX ? LOG_LINE_MAX - 1 : len + (size_t)n;
    }
    if (fields_fmt && *fields_fmt && len + 1 < LOG_LINE_MAX) {
        work[len++] = ' ';
        va_list ap;
        va_start(ap, fields_fmt);
        vsnprintf(work + len, LOG_LINE_MAX - len, fields_fmt, ap);
        va_end(ap);
        if (work[len] == '\0') { /* the fields came out empty */
            work[len - 1] = '\0';
        }
    }
    work[LOG_LINE_MAX - 1] = '\0';
    redact(work, sizeof work);
    char line[LOG_LINE_MAX + 1];
    size_t out = sanitize(line, sizeof line, work);
    const wms_log_sink *sink = log->sink ? log->sink : &stderr_sink;
    sink->write(sink->data, level, line, out);
}
