/*
 * script.c -- parse the kiosk's script files (see script.h).  Input from
 * outside: every length bounded, every value validated; fuzzed.
 */
#include "script.h"

#include "kiosk.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void script_release(script *s)
{
    free(s->cmds);
    free(s->arena);
    memset(s, 0, sizeof(*s));
}

const uint8_t *script_data(const script *s, const script_cmd *c)
{
    return s->arena + c->off;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Unescape s[0..n) into out (cap bytes); returns the length or -1. */
static long unescape(const char *s, size_t n, uint8_t *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)s[i];
        if (b == '\\') {
            if (i + 1 >= n) {
                return -1;
            }
            char e = s[++i];
            if (e == 'x') {
                if (i + 2 >= n) {
                    return -1;
                }
                int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
                if (h < 0 || l < 0) {
                    return -1;
                }
                b = (uint8_t)(h * 16 + l);
                i += 2;
            } else if (e == 't') {
                b = '\t';
            } else if (e == 'r') {
                b = '\r';
            } else if (e == 'n') {
                b = '\n';
            } else if (e == '\\') {
                b = '\\';
            } else {
                return -1;
            }
        }
        if (b == 0) {
            return -1;
        }
        if (o + 1 >= cap) {
            return -1;
        }
        out[o++] = b;
    }
    out[o] = 0;
    return (long)o;
}

static int parse_int(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
    if (n == 0 || n > 10) {
        return -1;
    }
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (v < min || v > max) {
        return -1;
    }
    *out = v;
    return 0;
}

static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static int add_data(script *sc, script_cmd *c, const uint8_t *d, size_t n)
{
    if (sc->arena_len + n + 1 > SCRIPT_FILE_MAX * 2) {
        return -1;
    }
    memcpy(sc->arena + sc->arena_len, d, n);
    sc->arena[sc->arena_len + n] = 0;
    c->off = (uint32_t)sc->arena_len;
    c->len = (uint32_t)n;
    sc->arena_len += n + 1;
    return 0;
}

static int parse_line(script *sc, const char *s, size_t n, int line, wms_err *err)
{
    /* trim */
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
        n--;
    }
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    if (n == 0 || *s == '#') {
        return 0;
    }
    if (sc->n >= SCRIPT_MAX_CMDS) {
        return wms_err_set(err, WMS_ETOOBIG, "%d: more than %d commands", line, SCRIPT_MAX_CMDS);
    }
    size_t wl = 0;
    while (wl < n && s[wl] != ' ' && s[wl] != '\t') {
        wl++;
    }
    const char *arg = s + wl;
    size_t an = n - wl;
    while (an > 0 && (*arg == ' ' || *arg == '\t')) {
        arg++;
        an--;
    }
    if (an > SCRIPT_ARG_MAX * 4) {
        return wms_err_set(err, WMS_ETOOBIG, "%d: argument too long", line);
    }
    script_cmd c;
    memset(&c, 0, sizeof(c));
    c.line = line;
    uint8_t data[SCRIPT_ARG_MAX + 1];
    long dl = 0;
    if (word_is(s, wl, "size")) {
        c.op = SOP_SIZE;
        const char *x = memchr(arg, 'x', an);
        if (!x || parse_int(arg, (size_t)(x - arg), 200, 4096, &c.a) != 0 ||
            parse_int(x + 1, an - (size_t)(x - arg) - 1, 200, 4096, &c.b) != 0) {
            return wms_err_set(err, WMS_EINVAL, "%d: size WIDTHxHEIGHT (200..4096)", line);
        }
        if (sc->n != 0) {
            return wms_err_set(err, WMS_EINVAL, "%d: size must be the first command", line);
        }
    } else if (word_is(s, wl, "scan") || word_is(s, wl, "type") || word_is(s, wl, "text")) {
        c.op = word_is(s, wl, "scan") ? SOP_SCAN : (word_is(s, wl, "type") ? SOP_TYPE : SOP_TEXT);
        dl = unescape(arg, an, data, sizeof(data));
        if (dl <= 0) {
            return wms_err_set(err, WMS_EINVAL,
                               "%d: %.*s needs data (1..%d bytes; escapes \\xHH \\t \\r \\n \\\\)",
                               line, (int)wl, s, SCRIPT_ARG_MAX);
        }
    } else if (word_is(s, wl, "key")) {
        c.op = SOP_KEY;
        char name[16];
        kkey k;
        if (an == 0 || an >= sizeof(name)) {
            return wms_err_set(err, WMS_EINVAL, "%d: key NAME", line);
        }
        memcpy(name, arg, an);
        name[an] = 0;
        if (kiosk_key_parse(name, &k) != 0) {
            return wms_err_set(err, WMS_EINVAL, "%d: unknown key '%s'", line, name);
        }
        c.a = k;
    } else if (word_is(s, wl, "tap")) {
        const char *comma = memchr(arg, ',', an);
        int64_t x, y;
        if (comma && parse_int(arg, (size_t)(comma - arg), 0, 4096, &x) == 0 &&
            parse_int(comma + 1, an - (size_t)(comma - arg) - 1, 0, 4096, &y) == 0) {
            c.op = SOP_TAP_XY;
            c.a = x;
            c.b = y;
        } else {
            c.op = SOP_TAP_LABEL;
            dl = unescape(arg, an, data, sizeof(data));
            if (dl <= 0 || dl >= 48) {
                return wms_err_set(err, WMS_EINVAL, "%d: tap LABEL (1..47 bytes) or tap X,Y", line);
            }
        }
    } else if (word_is(s, wl, "wait")) {
        c.op = SOP_WAIT;
        if (parse_int(arg, an, 0, 3600000, &c.a) != 0) {
            return wms_err_set(err, WMS_EINVAL, "%d: wait MS (0..3600000)", line);
        }
    } else if (word_is(s, wl, "sync")) {
        c.op = SOP_SYNC;
        c.a = 20000;
        if (an > 0 && parse_int(arg, an, 100, 600000, &c.a) != 0) {
            return wms_err_set(err, WMS_EINVAL, "%d: sync [MS] (100..600000)", line);
        }
    } else if (word_is(s, wl, "shot")) {
        c.op = SOP_SHOT;
        if (an == 0 || an > 48) {
            return wms_err_set(err, WMS_EINVAL, "%d: shot NAME (1..48 characters)", line);
        }
        for (size_t i = 0; i < an; i++) {
            char ch = arg[i];
            bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
            if (!ok) {
                return wms_err_set(err, WMS_EINVAL, "%d: shot NAME: only A-Z a-z 0-9 _ -", line);
            }
        }
        memcpy(data, arg, an);
        data[an] = 0;
        dl = (long)an;
    } else if (word_is(s, wl, "expect")) {
        size_t w2 = 0;
        while (w2 < an && arg[w2] != ' ' && arg[w2] != '\t') {
            w2++;
        }
        const char *rest = arg + w2;
        size_t rn = an - w2;
        while (rn > 0 && (*rest == ' ' || *rest == '\t')) {
            rest++;
            rn--;
        }
        if (word_is(arg, w2, "screen")) {
            c.op = SOP_EXPECT_SCREEN;
            char name[16];
            kscreen scr;
            if (rn == 0 || rn >= sizeof(name)) {
                return wms_err_set(err, WMS_EINVAL, "%d: expect screen NAME", line);
            }
            memcpy(name, rest, rn);
            name[rn] = 0;
            if (kiosk_screen_parse(name, &scr) != 0) {
                return wms_err_set(err, WMS_EINVAL, "%d: unknown screen '%s'", line, name);
            }
            c.a = scr;
        } else if (word_is(arg, w2, "text") || word_is(arg, w2, "notext")) {
            c.op = word_is(arg, w2, "text") ? SOP_EXPECT_TEXT : SOP_EXPECT_NOTEXT;
            dl = unescape(rest, rn, data, sizeof(data));
            if (dl <= 0) {
                return wms_err_set(err, WMS_EINVAL, "%d: expect text STRING", line);
            }
        } else {
            return wms_err_set(err, WMS_EINVAL, "%d: expect screen|text|notext ...", line);
        }
    } else {
        return wms_err_set(err, WMS_EINVAL, "%d: unknown command '%.*s'", line,
                           (int)(wl > 24 ? 24 : wl), s);
    }
    if (dl > 0 && add_data(sc, &c, data, (size_t)dl) != 0) {
        return wms_err_set(err, WMS_ETOOBIG, "%d: script too large", line);
    }
    sc->cmds[sc->n++] = c;
    return 0;
}

int script_parse(const char *text, size_t len, script *out, wms_err *err)
{
    memset(out, 0, sizeof(*out));
    if (len > SCRIPT_FILE_MAX) {
        return wms_err_set(err, WMS_ETOOBIG, "script larger than %d bytes", SCRIPT_FILE_MAX);
    }
    if (memchr(text, 0, len)) {
        return wms_err_set(err, WMS_EINVAL, "script contains a NUL byte");
    }
    out->cmds = calloc(SCRIPT_MAX_CMDS, sizeof(script_cmd));
    out->arena = malloc(SCRIPT_FILE_MAX * 2);
    if (!out->cmds || !out->arena) {
        script_release(out);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            int rc = parse_line(out, text + start, i - start, line, err);
            if (rc != 0) {
                script_release(out);
                return rc;
            }
            line++;
            start = i + 1;
        }
    }
    return 0;
}
