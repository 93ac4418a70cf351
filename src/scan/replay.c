/*
 * replay.c -- replay files: timed scans, one per line (format in scan.h).
 */
#include "scan_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sym_names[WMS_SYM_COUNT_] = {
        [WMS_SYM_UNKNOWN] = "unknown",
        [WMS_SYM_EAN13] = "ean13",
        [WMS_SYM_EAN8] = "ean8",
        [WMS_SYM_UPCA] = "upca",
        [WMS_SYM_UPCE] = "upce",
        [WMS_SYM_CODE128] = "code128",
        [WMS_SYM_GS1_128] = "gs1-128",
        [WMS_SYM_CODE39] = "code39",
        [WMS_SYM_ITF] = "itf",
        [WMS_SYM_QR] = "qr",
        [WMS_SYM_GS1_QR] = "gs1-qr",
        [WMS_SYM_DATAMATRIX] = "datamatrix",
        [WMS_SYM_GS1_DATAMATRIX] = "gs1-datamatrix",
        [WMS_SYM_DATABAR] = "databar",
        [WMS_SYM_PDF417] = "pdf417",
};

const char *wms_scan_sym_name(wms_symbology s)
{
    if ((unsigned)s >= WMS_SYM_COUNT_ || !sym_names[s]) {
        return "unknown";
    }
    return sym_names[s];
}

int wms_scan_sym_parse(const char *s, size_t len, wms_symbology *out)
{
    for (size_t i = 0; i < WMS_SYM_COUNT_; i++) {
        if (sym_names[i] && strlen(sym_names[i]) == len && memcmp(sym_names[i], s, len) == 0) {
            *out = (wms_symbology)i;
            return 0;
        }
    }
    return WMS_EINVAL;
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

static bool is_sp(char c)
{
    return c == ' ' || c == '\t';
}

int wms_replay_parse_line(const char *line, size_t len, wms_replay_item *out, wms_err *err)
{
    if (len > WMS_REPLAY_LINE_MAX) {
        return wms_err_set(err, WMS_ETOOBIG, "line longer than %d bytes", WMS_REPLAY_LINE_MAX);
    }
    size_t i = 0;
    while (i < len && is_sp(line[i])) {
        i++;
    }
    if (i < len && line[i] == '\r' && i + 1 == len) {
        i++;
    }
    if (i == len || line[i] == '#') {
        return 0;
    }
    memset(out, 0, sizeof *out);
    uint32_t ms = 0;
    size_t nd = 0;
    while (i < len && line[i] >= '0' && line[i] <= '9') {
        if (++nd > 7) {
            return wms_err_set(err, WMS_ERANGE, "delay too long");
        }
        ms = ms * 10u + (uint32_t)(line[i] - '0');
        i++;
    }
    if (nd == 0) {
        return wms_err_set(err, WMS_EINVAL, "expected a delay in ms at the start");
    }
    if (ms > 3600000u) {
        return wms_err_set(err, WMS_ERANGE, "delay over one hour");
    }
    out->delay_ms = ms;
    if (i < len && !is_sp(line[i])) {
        return wms_err_set(err, WMS_EINVAL, "expected a space after the delay");
    }
    for (;;) {
        while (i < len && is_sp(line[i])) {
            i++;
        }
        if (len - i >= 4 && memcmp(line + i, "sym=", 4) == 0) {
            size_t j = i + 4;
            while (j < len && !is_sp(line[j])) {
                j++;
            }
            if (wms_scan_sym_parse(line + i + 4, j - i - 4, &out->sym) != 0) {
                return wms_err_set(err, WMS_EINVAL, "unknown symbology '%.*s'",
                                   (int)(j - i - 4 > 32 ? 32 : j - i - 4), line + i + 4);
            }
            i = j;
            continue;
        }
        if (len - i >= 4 && memcmp(line + i, "aim=", 4) == 0) {
            if (len - i < 7 || line[i + 4] != ']' || line[i + 5] <= ' ' || line[i + 6] <= ' ' ||
                (unsigned char)line[i + 5] > 126 || (unsigned char)line[i + 6] > 126 ||
                (len - i > 7 && !is_sp(line[i + 7]))) {
                return wms_err_set(err, WMS_EINVAL, "aim= wants ']' and two characters");
            }
            memcpy(out->aim, line + i + 4, 3);
            out->aim[3] = 0;
            i += 7;
            continue;
        }
        break;
    }
    /* the data: to the end of the line (a final \r of CRLF files dropped) */
    size_t end = len;
    if (end > i && line[end - 1] == '\r') {
        end--;
    }
    size_t n = 0;
    while (i < end) {
        char c = line[i++];
        uint8_t b;
        if (c == '\\') {
            if (i >= end) {
                return wms_err_set(err, WMS_EINVAL, "backslash at the end of the line");
            }
            char e = line[i++];
            switch (e) {
            case '\\':
                b = '\\';
                break;
            case 'n':
                b = '\n';
                break;
            case 'r':
                b = '\r';
                break;
            case 't':
                b = '\t';
                break;
            case 's':
                b = ' ';
                break;
            case 'x': {
                int h1 = i < end ? hexval(line[i]) : -1;
                int h2 = i + 1 < end ? hexval(line[i + 1]) : -1;
                if (h1 < 0 || h2 < 0) {
                    return wms_err_set(err, WMS_EINVAL, "\\x wants two hex digits");
                }
                b = (uint8_t)(h1 * 16 + h2);
                i += 2;
                break;
            }
            default:
                return wms_err_set(err, WMS_EINVAL, "unknown escape '\\%c'", e);
            }
        } else {
            b = (uint8_t)c;
        }
        if (n >= WMS_SCAN_DATA_MAX) {
            return wms_err_set(err, WMS_ETOOBIG, "scan longer than %d bytes", WMS_SCAN_DATA_MAX);
        }
        out->data[n++] = b;
    }
    if (n == 0) {
        return wms_err_set(err, WMS_EINVAL, "a scan needs data");
    }
    out->len = n;
    out->data[n] = 0;
    return 1;
}

int wms_replay_parse(const char *text, size_t len, wms_replay *out, wms_err *err)
{
    out->items = NULL;
    out->count = 0;
    size_t cap = 0, lineno = 0, pos = 0;
    wms_replay_item item;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - (text + pos)) : len - pos;
        lineno++;
        int rc = wms_replay_parse_line(text + pos, ll, &item, err);
        pos += ll + (nl ? 1 : 0);
        if (rc < 0) {
            wms_replay_free(out);
            return wms_err_prefix(err, "line %zu", lineno);
        }
        if (rc == 0) {
            continue;
        }
        if (out->count >= WMS_REPLAY_MAX_LINES) {
            wms_replay_free(out);
            return wms_err_set(err, WMS_ETOOBIG, "more than %d scans", WMS_REPLAY_MAX_LINES);
        }
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            wms_replay_item *p = realloc(out->items, ncap * sizeof *p);
            if (!p) {
                wms_replay_free(out);
                return wms_err_set(err, WMS_ENOMEM, "out of memory");
            }
            out->items = p;
            cap = ncap;
        }
        out->items[out->count++] = item;
    }
    return 0;
}

int wms_replay_load(const char *path, wms_replay *out, wms_err *err)
{
    out->items = NULL;
    out->count = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return wms_err_set(err, e == ENOENT ? WMS_ENOTFOUND : (e == EACCES ? WMS_EPERM : WMS_EIO),
                           "%s: %s", path, strerror(e));
    }
    size_t cap = (size_t)WMS_REPLAY_MAX_LINES * 64u;
    char *text = malloc(cap);
    if (!text) {
        fclose(fp);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    size_t n = fread(text, 1, cap, fp);
    bool more = fgetc(fp) != EOF;
    bool bad = ferror(fp) != 0;
    fclose(fp);
    int rc;
    if (bad) {
        rc = wms_err_set(err, WMS_EIO, "%s: read error", path);
    } else if (more) {
        rc = wms_err_set(err, WMS_ETOOBIG, "%s: larger than %zu bytes", path, cap);
    } else {
        rc = wms_replay_parse(text, n, out, err);
        if (rc < 0) {
            wms_err_prefix(err, "%s", path);
        }
    }
    free(text);
    return rc;
}

void wms_replay_free(wms_replay *r)
{
    free(r->items);
    r->items = NULL;
    r->count = 0;
}

int wms_scan_symbologies_parse(const char *list, uint32_t *out, wms_err *err)
{
    uint32_t m = 0;
    const char *p = list ? list : "";
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n > 0 && (*p == ' ')) {
            p++;
            n--;
        }
        while (n > 0 && p[n - 1] == ' ') {
            n--;
        }
        wms_symbology s;
        if (n == 0 || wms_scan_sym_parse(p, n, &s) != 0 || s == WMS_SYM_UNKNOWN) {
            return wms_err_set(err, WMS_EINVAL, "unknown symbology '%.*s'", (int)(n > 32 ? 32 : n),
                               p);
        }
        m |= WMS_SYMBIT(s);
        p += n;
        while (*p == ' ') {
            p++;
        }
        if (*p == ',') {
            p++;
        }
    }
    if (m == 0) {
        return wms_err_set(err, WMS_EINVAL, "empty symbology list");
    }
    *out = m;
    return 0;
}
