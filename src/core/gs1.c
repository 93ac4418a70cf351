/*
 * gs1.c -- GS1 element strings (raw, bracketed, Digital Link) and AIM
 * symbology identifiers.
 */
#include "gs1_internal.h"

#include <string.h>
#include <strings.h>

/* ---- AIM symbology identifiers ------------------------------------------ */

const char *wms_symbology_name(wms_symbology s)
{
    static const char *const names[WMS_SYM_COUNT_] = {
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
    if ((int)s < 0 || s >= WMS_SYM_COUNT_) {
        return "unknown";
    }
    return names[s];
}

/* AIM ISO/IEC 15424 identifiers: code character and the accepted modifiers. */
static const struct {
    char code;
    const char *mods;
    const char *gs1_mods; /* modifiers meaning "GS1 element string" */
    wms_symbology sym, gs1_sym;
} aim_table[] = {
        {'A', "01234567", "", WMS_SYM_CODE39, WMS_SYM_CODE39},
        {'C', "0124", "1", WMS_SYM_CODE128, WMS_SYM_GS1_128},
        {'E', "01234", "", WMS_SYM_EAN13, WMS_SYM_EAN13},
        {'I', "0123", "", WMS_SYM_ITF, WMS_SYM_ITF},
        {'Q', "0123456", "35", WMS_SYM_QR, WMS_SYM_GS1_QR},
        {'d', "0123456", "25", WMS_SYM_DATAMATRIX, WMS_SYM_GS1_DATAMATRIX},
        {'e', "0123", "0123", WMS_SYM_DATABAR, WMS_SYM_DATABAR},
        {'J', "012345", "13", WMS_SYM_UNKNOWN, WMS_SYM_UNKNOWN},
        {'L', "012", "", WMS_SYM_PDF417, WMS_SYM_PDF417},
        {'z', "0123456789ABC", "", WMS_SYM_UNKNOWN, WMS_SYM_UNKNOWN},
};

int wms_aim_split(const uint8_t *data, size_t len, wms_aim *aim, size_t *consumed, wms_err *err)
{
    memset(aim, 0, sizeof *aim);
    *consumed = 0;
    if (len == 0 || data[0] != ']') {
        return 0;
    }
    if (len < 3) {
        return wms_err_set(err, WMS_EINVAL, "truncated AIM symbology identifier");
    }
    char code = (char)data[1], mod = (char)data[2];
    for (size_t i = 0; i < WMS_ARRAY_LEN(aim_table); i++) {
        if (aim_table[i].code != code) {
            continue;
        }
        if (mod == '\0' || !strchr(aim_table[i].mods, mod)) {
            break;
        }
        aim->id[0] = ']';
        aim->id[1] = code;
        aim->id[2] = mod;
        aim->id[3] = '\0';
        aim->gs1 = strchr(aim_table[i].gs1_mods, mod) != NULL;
        aim->sym = aim->gs1 ? aim_table[i].gs1_sym : aim_table[i].sym;
        if (code == 'E' && mod == '4') {
            aim->sym = WMS_SYM_EAN8;
        }
        *consumed = 3;
        return 0;
    }
    return wms_err_set(err, WMS_EINVAL, "unknown AIM symbology identifier ']%c%c'",
                       (code >= 0x20 && code < 0x7f) ? code : '?',
                       (mod >= 0x20 && mod < 0x7f) ? mod : '?');
}

/* ---- element validation --------------------------------------------------- */

static bool in_cset82(unsigned char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return c != 0 && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL;
}

static bool in_cset39(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#' || c == '-' || c == '/';
}

static int ref_year(const wms_gs1_opts *opts)
{
    if (opts && opts->ref_year > 0) {
        return opts->ref_year;
    }
    const wms_clock *c = wms_clock_system();
    return wms_date_from_unix_ms(wms_clock_now_ms(c)).year;
}

/* GS1 General Specifications 7.12: a YY is at most 49 years ahead of and
 * 50 years behind the reference year. */
static int full_year(int yy, int ref)
{
    int century = ref - ref % 100;
    int diff = yy - ref % 100;
    if (diff >= 51) {
        century -= 100;
    } else if (diff <= -50) {
        century += 100;
    }
    return century + yy;
}

static int two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

static int parse_date(wms_gs1_element *el, const char *v, int ref, wms_err *err)
{
    int yy = two(v), mm = two(v + 2), dd = two(v + 4);
    if (mm < 1 || mm > 12) {
        return wms_err_set(err, WMS_EINVAL, "AI (%s): month %02d is not a month", el->ai, mm);
    }
    int year = full_year(yy, ref);
    int dim = wms_days_in_month(year, mm);
    if (dd == 0) {
        if (el->kind == WMS_GS1_KIND_DATETIME) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s): day 00 is not a day", el->ai);
        }
        dd = dim; /* day 00: the last day of the month */
    } else if (dd > dim) {
        return wms_err_set(err, WMS_EINVAL, "AI (%s): day %02d is not a day in month %02d", el->ai,
                           dd, mm);
    }
    el->date.year = (int16_t)year;
    el->date.month = (int8_t)mm;
    el->date.day = (int8_t)dd;
    return 0;
}

/* Validate `v` (vlen bytes) as the value of `d` and fill `el`. */
static int element_fill(const gs1_ai_def *d, const char *ai, const char *v, size_t vlen, int ref,
                        wms_gs1_element *el, wms_err *err)
{
    memset(el, 0, sizeof *el);
    memcpy(el->ai, ai, d->ai_len);
    el->ai[d->ai_len] = '\0';
    el->kind = (wms_gs1_value_kind)d->kind;
    if (vlen < d->min_len || vlen > d->max_len) {
        if (vlen == 0) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s): value is empty", el->ai);
        }
        if (d->min_len == d->max_len) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s): value has %zu characters, must have %u%s",
                               el->ai, vlen, d->min_len,
                               vlen > d->max_len ? " (missing GS before the next AI?)" : "");
        }
        return wms_err_set(err, WMS_EINVAL,
                           "AI (%s): value has %zu characters, must have %u to %u%s", el->ai, vlen,
                           d->min_len, d->max_len,
                           vlen > d->max_len ? " (missing GS before the next AI?)" : "");
    }
    size_t num = d->num_len < vlen ? d->num_len : vlen;
    for (size_t i = 0; i < vlen; i++) {
        unsigned char c = (unsigned char)v[i];
        bool ok = i < num || d->cset == GS1_CS_NUM ? (c >= '0' && c <= '9')
                  : d->cset == GS1_CS_39           ? in_cset39(c)
                                                   : in_cset82(c);
        if (!ok) {
            if (c >= 0x20 && c < 0x7f) {
                return wms_err_set(
                        err, WMS_EINVAL, "AI (%s): character '%c' at position %zu is not %s",
                        el->ai, (char)c, i + 1,
                        (i < num || d->cset == GS1_CS_NUM) ? "a digit" : "allowed (GS1 set 82)");
            }
            return wms_err_set(err, WMS_EINVAL,
                               "AI (%s): byte 0x%02X at position %zu is not allowed", el->ai,
                               (unsigned)c, i + 1);
        }
    }
    memcpy(el->value, v, vlen);
    el->value[vlen] = '\0';
    if (d->flags & GS1_F_ZERO_LEAD && v[0] != '0') {
        return wms_err_set(err, WMS_EINVAL, "AI (%s): first digit must be 0", el->ai);
    }
    if (d->flags & GS1_F_CHECK) {
        size_t off = (d->flags & GS1_F_ZERO_LEAD) ? 1 : 0;
        size_t kl = d->key_len - off;
        int cd = wms_gs1_check_digit(v + off, kl - 1);
        if (cd != v[off + kl - 1]) {
            return wms_err_set(err, WMS_ECHECKDIGIT, "AI (%s): check digit is %c, expected %c",
                               el->ai, v[off + kl - 1], (char)cd);
        }
    }
    if (d->flags & GS1_F_DECIMAL) {
        int n = ai[3] - '0';
        if (n > d->max_n) {
            return wms_err_set(err, WMS_EINVAL,
                               "AI (%s): decimal point indicator %d is out of range 0-%u", el->ai,
                               n, d->max_n);
        }
        el->decimals = (int8_t)n;
    }
    switch (d->kind) {
    case WMS_GS1_KIND_DATE:
        return parse_date(el, v, ref, err);
    case WMS_GS1_KIND_DATETIME: {
        int rc = parse_date(el, v, ref, err);
        if (rc < 0) {
            return rc;
        }
        int hh = two(v + 6), mi = two(v + 8);
        if (hh > 23) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s): hour %02d is not an hour", el->ai, hh);
        }
        if (mi > 59) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s): minute %02d is not a minute", el->ai, mi);
        }
        el->hour = (int8_t)hh;
        el->minute = (int8_t)mi;
        return 0;
    }
    case WMS_GS1_KIND_MEASURE:
    case WMS_GS1_KIND_COUNT:
    case WMS_GS1_KIND_AMOUNT: {
        size_t start = (d->flags & GS1_F_CURRENCY) ? 3 : 0;
        int64_t x = 0;
        for (size_t i = start; i < vlen; i++) {
            x = x * 10 + (v[i] - '0'); /* at most 15 digits: no overflow */
        }
        el->decimal = x;
        if (d->kind == WMS_GS1_KIND_COUNT && x == 0) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s): count must not be 0", el->ai);
        }
        return 0;
    }
    default:
        return 0;
    }
}

/* ---- association rules ---------------------------------------------------- */

/* The AIs the rules below refer to, as bits (one pass over the elements). */
enum {
    R00 = 1u << 0,
    R01 = 1u << 1,
    R02 = 1u << 2,
    R21 = 1u << 3,
    R37 = 1u << 4,
    R415 = 1u << 5,
    R8006 = 1u << 6,
    R8020 = 1u << 7,
    R8026 = 1u << 8
};

static unsigned rule_bit(const char *ai)
{
    static const struct {
        char ai[5];
        unsigned bit;
    } bits[] = {{"00", R00},   {"01", R01},     {"02", R02},     {"21", R21},    {"37", R37},
                {"415", R415}, {"8006", R8006}, {"8020", R8020}, {"8026", R8026}};
    for (size_t i = 0; i < WMS_ARRAY_LEN(bits); i++) {
        if (ai[0] == bits[i].ai[0] && strcmp(ai, bits[i].ai) == 0) {
            return bits[i].bit;
        }
    }
    return 0;
}

/* Pairs that must not appear together (GS1 General Specifications 4.14.1). */
static const struct {
    unsigned a, b;
    const char *a_ai, *b_ai;
} invalid_pairs[] = {
        {R01, R02, "01", "02"},         {R01, R37, "01", "37"},     {R01, R8006, "01", "8006"},
        {R02, R8006, "02", "8006"},     {R01, R8026, "01", "8026"}, {R02, R8026, "02", "8026"},
        {R8006, R8026, "8006", "8026"},
};

#define R_ITEM (R01 | R02 | R8006 | R8026)

/* Requirements: AI (or "3*": the 4-digit measures 31nn-36nn) requires one of `need`. */
static const struct {
    const char *ai;
    unsigned need;
    const char *text;
} requires[] = {
        {"02", R37, "AI (37)"},
        {"37", R02 | R8026, "AI (02) or (8026)"},
        {"10", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"11", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"12", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"13", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"15", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"16", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"17", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"20", R01 | R02, "AI (01) or (02)"},
        {"21", R01 | R8006, "AI (01) or (8006)"},
        {"22", R01, "AI (01)"},
        {"240", R01 | R02, "AI (01) or (02)"},
        {"241", R01 | R02, "AI (01) or (02)"},
        {"250", R21, "AI (21)"},
        {"251", R01, "AI (01)"},
        {"30", R01 | R02, "AI (01) or (02)"},
        {"3*", R_ITEM, "AI (01), (02), (8006) or (8026)"},
        {"7003", R01 | R02, "AI (01) or (02)"},
        {"8020", R415, "AI (415)"},
        {"415", R8020, "AI (8020)"},
};

static int check_associations(const wms_gs1 *g, wms_err *err)
{
    unsigned present = 0;
    for (size_t i = 0; i < g->count; i++) {
        present |= rule_bit(g->el[i].ai);
    }
    for (size_t i = 0; i < WMS_ARRAY_LEN(invalid_pairs); i++) {
        if ((present & invalid_pairs[i].a) && (present & invalid_pairs[i].b)) {
            return wms_err_set(err, WMS_EINVAL, "AI (%s) must not appear together with AI (%s)",
                               invalid_pairs[i].b_ai, invalid_pairs[i].a_ai);
        }
    }
    for (size_t i = 0; i < g->count; i++) {
        const char *ai = g->el[i].ai;
        bool measure =
                ai[0] == '3' && ai[1] >= '1' && ai[1] <= '6' && ai[4] == '\0' && ai[3] != '\0';
        for (size_t r = 0; r < WMS_ARRAY_LEN(requires); r++) {
            const char *ra = requires[r].ai;
            if (ra[0] != ai[0]) {
                continue;
            }
            bool match = ra[1] == '*' ? measure : strcmp(ai, ra) == 0;
            if (!match) {
                continue;
            }
            if (!(present & requires[r].need)) {
                return wms_err_set(err, WMS_EINVAL, "AI (%s) requires %s", ai, requires[r].text);
            }
        }
        /* The same measure twice with different decimals (3102 and 3103). */
        if (measure) {
            for (size_t j = i + 1; j < g->count; j++) {
                if (strncmp(g->el[j].ai, ai, 3) == 0) {
                    return wms_err_set(err, WMS_EINVAL,
                                       "AI (%s) must not appear together with AI (%s)", g->el[j].ai,
                                       ai);
                }
            }
        }
    }
    return 0;
}

/* Append an element, refusing a repeated AI with a different value (the
 * same value repeated is kept once). */
static int add_element(wms_gs1 *g, const wms_gs1_element *el, wms_err *err)
{
    for (size_t i = 0; i < g->count; i++) {
        if (strcmp(g->el[i].ai, el->ai) == 0) {
            if (strcmp(g->el[i].value, el->value) != 0) {
                return wms_err_set(err, WMS_EINVAL, "AI (%s) appears twice with different values",
                                   el->ai);
            }
            return 0;
        }
    }
    if (g->count >= WMS_GS1_MAX_ELEMENTS) {
        return wms_err_set(err, WMS_ETOOBIG, "more than %d elements", WMS_GS1_MAX_ELEMENTS);
    }
    g->el[g->count++] = *el;
    return 0;
}

static int unknown_ai(const char *s, size_t len, wms_err *err)
{
    char ai[5] = {0};
    size_t n = 0;
    while (n < len && n < 4 && s[n] >= '0' && s[n] <= '9') {
        ai[n] = s[n];
        n++;
    }
    if (n < 2) {
        if (len == 0) {
            return wms_err_set(err, WMS_EINVAL, "data ends where an AI was expected");
        }
        return wms_err_set(err, WMS_EINVAL, "expected an AI (digits), found '%c'",
                           ((unsigned char)s[0] >= 0x20 && (unsigned char)s[0] < 0x7f) ? s[0]
                                                                                       : '?');
    }
    return wms_err_set(err, WMS_EINVAL, "AI (%s...) is not a known Application Identifier", ai);
}

/* ---- public parsers --------------------------------------------------------- */

int wms_gs1_parse(const uint8_t *data, size_t len, const wms_gs1_opts *opts, wms_gs1 *out,
                  wms_err *err)
{
    if (!data || !out) {
        return wms_err_set(err, WMS_EINVAL, "no data");
    }
    if (len > WMS_GS1_DATA_MAX) {
        return wms_err_set(err, WMS_ETOOBIG, "GS1 data longer than %d bytes", WMS_GS1_DATA_MAX);
    }
    const char *s = (const char *)data;
    size_t pos = 0;
    if (len > 0 && data[0] == WMS_GS1_GS) {
        pos = 1; /* FNC1 in first position leaking through */
    }
    if (pos >= len) {
        return wms_err_set(err, WMS_EINVAL, "GS1 data is empty");
    }
    int ref = ref_year(opts);
    wms_gs1 g;
    g.count = 0;
    while (pos < len) {
        const gs1_ai_def *d = gs1_ai_lookup(s + pos, len - pos);
        if (!d) {
            if (data[pos] == WMS_GS1_GS) {
                return wms_err_set(err, WMS_EINVAL, "empty element (two GS in a row)");
            }
            return unknown_ai(s + pos, len - pos, err);
        }
        const char *ai = s + pos;
        size_t vstart = pos + d->ai_len;
        size_t pre = gs1_predefined_len(ai, len - pos);
        size_t vend;
        if (pre) {
            vend = pos + pre;
            if (vend > len) {
                char a[5] = {0};
                memcpy(a, ai, d->ai_len);
                return wms_err_set(err, WMS_EINVAL,
                                   "AI (%s): value truncated: %zu characters, must have %zu", a,
                                   len - vstart, pre - d->ai_len);
            }
            const void *gs = memchr(s + vstart, WMS_GS1_GS, vend - vstart);
            if (gs) {
                vend = (size_t)((const char *)gs - s); /* let the length check say it */
            }
        } else {
            const void *gs = memchr(s + vstart, WMS_GS1_GS, len - vstart);
            vend = gs ? (size_t)((const char *)gs - s) : len;
        }
        wms_gs1_element el;
        int rc = element_fill(d, ai, s + vstart, vend - vstart, ref, &el, err);
        if (rc < 0) {
            return rc;
        }
        rc = add_element(&g, &el, err);
        if (rc < 0) {
            return rc;
        }
        pos = vend;
        if (pos < len && data[pos] == WMS_GS1_GS) {
            pos++; /* a separator (also tolerated after predefined lengths and at the end) */
            if (pos < len && data[pos] == WMS_GS1_GS) {
                return wms_err_set(err, WMS_EINVAL, "empty element (two GS in a row)");
            }
        }
    }
    if (!(opts && opts->skip_associations)) {
        int rc = check_associations(&g, err);
        if (rc < 0) {
            return rc;
        }
    }
    out->count = g.count;
    memcpy(out->el, g.el, g.count * sizeof g.el[0]);
    return 0;
}

int wms_gs1_parse_bracketed(const char *s, size_t len, const wms_gs1_opts *opts, wms_gs1 *out,
                            wms_err *err)
{
    if (!s || !out) {
        return wms_err_set(err, WMS_EINVAL, "no data");
    }
    if (len > WMS_GS1_DATA_MAX) {
        return wms_err_set(err, WMS_ETOOBIG, "GS1 data longer than %d bytes", WMS_GS1_DATA_MAX);
    }
    if (len == 0 || s[0] != '(') {
        return wms_err_set(err, WMS_EINVAL, "bracketed GS1 data must start with '('");
    }
    int ref = ref_year(opts);
    wms_gs1 g;
    g.count = 0;
    size_t pos = 0;
    while (pos < len) {
        /* "(" AI ")" */
        size_t a = pos + 1, b = a;
        while (b < len && b - a < 5 && s[b] >= '0' && s[b] <= '9') {
            b++;
        }
        if (b >= len || s[b] != ')' || b - a < 2 || b - a > 4) {
            return wms_err_set(err, WMS_EINVAL, "malformed AI in brackets at offset %zu", pos);
        }
        const gs1_ai_def *d = gs1_ai_find(s + a, b - a);
        if (!d) {
            char ai[5] = {0};
            memcpy(ai, s + a, b - a);
            return wms_err_set(err, WMS_EINVAL, "AI (%s) is not a known Application Identifier",
                               ai);
        }
        /* value up to the next unescaped '(' ; "\(" is a literal '(' */
        char v[WMS_GS1_VALUE_MAX + 2];
        size_t vl = 0;
        size_t p = b + 1;
        while (p < len && s[p] != '(') {
            char c = s[p];
            if (c == '\\' && p + 1 < len && s[p + 1] == '(') {
                c = '(';
                p++;
            }
            if (vl < sizeof v - 1) {
                v[vl] = c;
            }
            vl++;
            p++;
        }
        wms_gs1_element el;
        int rc = element_fill(d, s + a, v, vl > WMS_GS1_VALUE_MAX + 1 ? WMS_GS1_VALUE_MAX + 1 : vl,
                              ref, &el, err);
        if (rc < 0) {
            return rc;
        }
        rc = add_element(&g, &el, err);
        if (rc < 0) {
            return rc;
        }
        pos = p;
    }
    if (!(opts && opts->skip_associations)) {
        int rc = check_associations(&g, err);
        if (rc < 0) {
            return rc;
        }
    }
    out->count = g.count;
    memcpy(out->el, g.el, g.count * sizeof g.el[0]);
    return 0;
}

const wms_gs1_element *wms_gs1_find(const wms_gs1 *g, const char *ai)
{
    for (size_t i = 0; i < g->count; i++) {
        if (strcmp(g->el[i].ai, ai) == 0) {
            return &g->el[i];
        }
    }
    return NULL;
}

int wms_gs1_format_bracketed(const wms_gs1 *g, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < g->count; i++) {
        const wms_gs1_element *el = &g->el[i];
        size_t need = strlen(el->ai) + 2;
        for (const char *c = el->value; *c; c++) {
            need += *c == '(' ? 2 : 1;
        }
        if (n + need + 1 > cap) {
            if (cap > 0) {
                buf[n < cap ? n : cap - 1] = '\0';
            }
            return WMS_ETOOBIG;
        }
        buf[n++] = '(';
        for (const char *c = el->ai; *c; c++) {
            buf[n++] = *c;
        }
        buf[n++] = ')';
        for (const char *c = el->value; *c; c++) {
            if (*c == '(') {
                buf[n++] = '\\';
            }
            buf[n++] = *c;
        }
    }
    if (cap == 0) {
        return WMS_ETOOBIG;
    }
    buf[n] = '\0';
    return 0;
}

/* ---- GS1 Digital Link ---------------------------------------------------------- */

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

/* Percent-decode s[0..len) into out (cap bytes incl. NUL); *olen. */
static int pct_decode(const char *s, size_t len, char *out, size_t cap, size_t *olen, wms_err *err)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 1 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || hi * 16 + lo == 0) {
                return wms_err_set(err, WMS_EINVAL, "bad percent-encoding at offset %zu", i);
            }
            int h = hi * 16 + lo;
            c = (char)h;
            i += 2;
        }
        if (n + 1 >= cap) {
            return wms_err_set(err, WMS_ETOOBIG, "Digital Link value too long");
        }
        out[n++] = c;
    }
    out[n] = '\0';
    *olen = n;
    return 0;
}

static const struct {
    const char *name, *ai;
} dl_short[] = {
        {"gtin", "01"},   {"sscc", "00"},   {"lot", "10"},    {"ser", "21"},  {"cpv", "22"},
        {"itip", "8006"}, {"grai", "8003"}, {"giai", "8004"}, {"gln", "414"}, {"party", "417"},
        {"gsrn", "8018"}, {"gsin", "402"},  {"ginc", "401"},
};

/* Primary keys of a Digital Link and their qualifiers, in order. */
static const struct {
    const char *ai;
    const char *qual[3];
} dl_keys[] = {
        {"01", {"22", "10", "21"}},
        {"8006", {"22", "10", "21"}},
        {"00", {NULL}},
        {"8003", {NULL}},
        {"8004", {NULL}},
        {"414", {NULL}},
        {"417", {NULL}},
        {"8018", {NULL}},
        {"402", {NULL}},
        {"401", {NULL}},
};

static const char *dl_ai(const char *seg, size_t len)
{
    for (size_t i = 0; i < WMS_ARRAY_LEN(dl_short); i++) {
        if (strlen(dl_short[i].name) == len && memcmp(seg, dl_short[i].name, len) == 0) {
            return dl_short[i].ai;
        }
    }
    const gs1_ai_def *d = gs1_ai_find(seg, len);
    return d ? seg : NULL;
}

static int dl_key_index(const char *ai, size_t len)
{
    for (size_t i = 0; i < WMS_ARRAY_LEN(dl_keys); i++) {
        if (strlen(dl_keys[i].ai) == len && memcmp(ai, dl_keys[i].ai, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int dl_add(wms_gs1 *g, const char *ai, size_t ailen, const char *raw, size_t rawlen, int ref,
                  wms_err *err)
{
    const gs1_ai_def *d = gs1_ai_find(ai, ailen);
    if (!d) {
        return wms_err_set(err, WMS_EINVAL, "Digital Link: unknown AI");
    }
    char v[WMS_GS1_VALUE_MAX + 2];
    size_t vl = 0;
    int rc = pct_decode(raw, rawlen, v, sizeof v, &vl, err);
    if (rc < 0) {
        return wms_err_prefix(err, "AI (%.*s)", (int)ailen, ai);
    }
    wms_gs1_element el;
    rc = element_fill(d, ai, v, vl, ref, &el, err);
    if (rc < 0) {
        return rc;
    }
    return add_element(g, &el, err);
}

int wms_gs1_parse_digital_link(const char *uri, size_t len, const wms_gs1_opts *opts, wms_gs1 *out,
                               wms_err *err)
{
    if (!uri || !out) {
        return wms_err_set(err, WMS_EINVAL, "no data");
    }
    if (len > WMS_GS1_DATA_MAX) {
        return wms_err_set(err, WMS_ETOOBIG, "URI longer than %d bytes", WMS_GS1_DATA_MAX);
    }
    size_t p;
    if (len >= 8 && strncasecmp(uri, "https://", 8) == 0) {
        p = 8;
    } else if (len >= 7 && strncasecmp(uri, "http://", 7) == 0) {
        p = 7;
    } else {
        return wms_err_set(err, WMS_ENOTFOUND, "not a Digital Link (not an http(s) URI)");
    }
    /* authority */
    while (p < len && uri[p] != '/' && uri[p] != '?' && uri[p] != '#') {
        p++;
    }
    size_t path_start = p;
    size_t path_end = p;
    while (path_end < len && uri[path_end] != '?' && uri[path_end] != '#') {
        path_end++;
    }
    size_t q_end = path_end;
    if (q_end < len && uri[q_end] == '?') {
        while (q_end < len && uri[q_end] != '#') {
            q_end++;
        }
    }
    /* split the path into segments */
    enum { MAXSEG = 32 };
    size_t so[MAXSEG], sl[MAXSEG];
    size_t ns = 0;
    size_t i = path_start;
    while (i < path_end) {
        if (uri[i] == '/') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < path_end && uri[j] != '/') {
            j++;
        }
        if (ns == MAXSEG) {
            return wms_err_set(err, WMS_ENOTFOUND, "not a Digital Link (too many path segments)");
        }
        so[ns] = i;
        sl[ns] = j - i;
        ns++;
        i = j;
    }
    /* the primary key: the first key AI from which the rest are AI/value pairs */
    int key = -1;
    size_t kseg = 0;
    for (size_t s = 0; s + 1 < ns; s++) {
        const char *ai = dl_ai(uri + so[s], sl[s]);
        if (!ai) {
            continue;
        }
        /* ai is either a NUL-terminated table string or the segment itself */
        size_t al = ai == uri + so[s] ? sl[s] : strlen(ai);
        int k = dl_key_index(ai, al);
        if (k >= 0 && (ns - s) % 2 == 0) {
            key = k;
            kseg = s;
            break;
        }
    }
    if (key < 0) {
        return wms_err_set(err, WMS_ENOTFOUND, "not a Digital Link (no GS1 key in the path)");
    }
    int ref = ref_year(opts);
    wms_gs1 g;
    g.count = 0;
    int last_q = -1;
    for (size_t s = kseg; s < ns; s += 2) {
        const char *ai = dl_ai(uri + so[s], sl[s]);
        if (!ai) {
            return wms_err_set(err, WMS_EINVAL, "Digital Link: path segment '%.*s' is not an AI",
                               (int)(sl[s] > 20 ? 20 : sl[s]), uri + so[s]);
        }
        size_t al = ai == uri + so[s] ? sl[s] : strlen(ai);
        if (s > kseg) {
            int qi = -1;
            for (int q = 0; q < 3 && dl_keys[key].qual[q]; q++) {
                if (strlen(dl_keys[key].qual[q]) == al &&
                    memcmp(dl_keys[key].qual[q], ai, al) == 0) {
                    qi = q;
                }
            }
            if (qi < 0) {
                return wms_err_set(err, WMS_EINVAL,
                                   "Digital Link: AI (%.*s) is not a qualifier of AI (%s)", (int)al,
                                   ai, dl_keys[key].ai);
            }
            if (qi <= last_q) {
                return wms_err_set(err, WMS_EINVAL,
                                   "Digital Link: qualifier AI (%.*s) is out of order", (int)al,
                                   ai);
            }
            last_q = qi;
        }
        int rc = dl_add(&g, ai, al, uri + so[s + 1], sl[s + 1], ref, err);
        if (rc < 0) {
            return rc;
        }
    }
    /* query: numeric keys that are AIs become elements; others are ignored */
    if (path_end < q_end) {
        size_t q = path_end + 1;
        while (q < q_end) {
            size_t amp = q;
            while (amp < q_end && uri[amp] != '&') {
                amp++;
            }
            size_t eq = q;
            while (eq < amp && uri[eq] != '=') {
                eq++;
            }
            size_t kl = eq - q;
            bool digits = kl >= 2 && kl <= 4;
            for (size_t k = q; k < eq && digits; k++) {
                digits = uri[k] >= '0' && uri[k] <= '9';
            }
            if (digits && gs1_ai_find(uri + q, kl)) {
                if (eq >= amp) {
                    return wms_err_set(err, WMS_EINVAL, "Digital Link: AI (%.*s) has no value",
                                       (int)kl, uri + q);
                }
                int rc = dl_add(&g, uri + q, kl, uri + eq + 1, amp - eq - 1, ref, err);
                if (rc < 0) {
                    return rc;
                }
            }
            q = amp + 1;
        }
    }
    if (!(opts && opts->skip_associations)) {
        int rc = check_associations(&g, err);
        if (rc < 0) {
            return rc;
        }
    }
    out->count = g.count;
    memcpy(out->el, g.el, g.count * sizeof g.el[0]);
    return 0;
}
