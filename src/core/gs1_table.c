/*
 * gs1_table.c -- Application Identifiers a warehouse meets (GS1 General
 * Specifications 3, "GS1 Application Identifier definitions"), as a
 * constant table.
 */
#include "gs1_internal.h"

#include <string.h>

#define T  WMS_GS1_KIND_TEXT
#define K  WMS_GS1_KIND_KEY
#define DT WMS_GS1_KIND_DATE
#define DM WMS_GS1_KIND_DATETIME
#define M  WMS_GS1_KIND_MEASURE
#define C  WMS_GS1_KIND_COUNT
#define A  WMS_GS1_KIND_AMOUNT
#define N  GS1_CS_NUM
#define X  GS1_CS_82
#define Y  GS1_CS_39

/* ai, ai_len, min, max, cset, num_len, key_len, max_n, kind, flags, title */
static const gs1_ai_def table[] = {
        {"00", 2, 18, 18, N, 18, 18, 0, K, GS1_F_CHECK, "SSCC"},
        {"01", 2, 14, 14, N, 14, 14, 0, K, GS1_F_CHECK, "GTIN"},
        {"02", 2, 14, 14, N, 14, 14, 0, K, GS1_F_CHECK, "CONTENT"},
        {"10", 2, 1, 20, X, 0, 0, 0, T, 0, "BATCH/LOT"},
        {"11", 2, 6, 6, N, 6, 0, 0, DT, 0, "PROD DATE"},
        {"12", 2, 6, 6, N, 6, 0, 0, DT, 0, "DUE DATE"},
        {"13", 2, 6, 6, N, 6, 0, 0, DT, 0, "PACK DATE"},
        {"15", 2, 6, 6, N, 6, 0, 0, DT, 0, "BEST BEFORE"},
        {"16", 2, 6, 6, N, 6, 0, 0, DT, 0, "SELL BY"},
        {"17", 2, 6, 6, N, 6, 0, 0, DT, 0, "USE BY"},
        {"20", 2, 2, 2, N, 2, 0, 0, T, 0, "VARIANT"},
        {"21", 2, 1, 20, X, 0, 0, 0, T, 0, "SERIAL"},
        {"22", 2, 1, 20, X, 0, 0, 0, T, 0, "CPV"},
        {"240", 3, 1, 30, X, 0, 0, 0, T, 0, "ADDITIONAL ID"},
        {"241", 3, 1, 30, X, 0, 0, 0, T, 0, "CUST. PART No."},
        {"250", 3, 1, 30, X, 0, 0, 0, T, 0, "SECONDARY SERIAL"},
        {"251", 3, 1, 30, X, 0, 0, 0, T, 0, "REF. TO SOURCE"},
        {"30", 2, 1, 8, N, 8, 0, 0, C, 0, "VAR. COUNT"},
        {"310", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET WEIGHT (kg)"},
        {"311", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (m)"},
        {"312", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (m)"},
        {"313", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (m)"},
        {"314", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (m2)"},
        {"315", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET VOLUME (l)"},
        {"316", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET VOLUME (m3)"},
        {"320", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET WEIGHT (lb)"},
        {"321", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (in)"},
        {"322", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (ft)"},
        {"323", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (yd)"},
        {"324", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (in)"},
        {"325", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (ft)"},
        {"326", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (yd)"},
        {"327", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (in)"},
        {"328", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (ft)"},
        {"329", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (yd)"},
        {"330", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "GROSS WEIGHT (kg)"},
        {"331", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (m), log"},
        {"332", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (m), log"},
        {"333", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (m), log"},
        {"334", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (m2), log"},
        {"335", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (l), log"},
        {"336", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (m3), log"},
        {"337", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "KG PER m2"},
        {"340", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "GROSS WEIGHT (lb)"},
        {"341", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (in), log"},
        {"342", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (ft), log"},
        {"343", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "LENGTH (yd), log"},
        {"344", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (in), log"},
        {"345", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (ft), log"},
        {"346", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "WIDTH (yd), log"},
        {"347", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (in), log"},
        {"348", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (ft), log"},
        {"349", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "HEIGHT (yd), log"},
        {"350", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (in2)"},
        {"351", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (ft2)"},
        {"352", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (yd2)"},
        {"353", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (in2), log"},
        {"354", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (ft2), log"},
        {"355", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "AREA (yd2), log"},
        {"356", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET WEIGHT (t oz)"},
        {"357", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET VOLUME (oz)"},
        {"360", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET VOLUME (qt)"},
        {"361", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "NET VOLUME (gal.)"},
        {"362", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (qt), log"},
        {"363", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (gal.), log"},
        {"364", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (in3)"},
        {"365", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (ft3)"},
        {"366", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (yd3)"},
        {"367", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (in3), log"},
        {"368", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (ft3), log"},
        {"369", 4, 6, 6, N, 6, 0, 5, M, GS1_F_DECIMAL, "VOLUME (yd3), log"},
        {"37", 2, 1, 8, N, 8, 0, 0, C, 0, "COUNT"},
        {"390", 4, 1, 15, N, 15, 0, 9, A, GS1_F_DECIMAL, "AMOUNT"},
        {"391", 4, 4, 18, N, 18, 0, 9, A, GS1_F_DECIMAL | GS1_F_CURRENCY, "AMOUNT"},
        {"392", 4, 1, 15, N, 15, 0, 9, A, GS1_F_DECIMAL, "PRICE"},
        {"393", 4, 4, 18, N, 18, 0, 9, A, GS1_F_DECIMAL | GS1_F_CURRENCY, "PRICE"},
        {"400", 3, 1, 30, X, 0, 0, 0, T, 0, "ORDER NUMBER"},
        {"401", 3, 1, 30, X, 0, 0, 0, T, 0, "GINC"},
        {"402", 3, 17, 17, N, 17, 17, 0, K, GS1_F_CHECK, "GSIN"},
        {"403", 3, 1, 30, X, 0, 0, 0, T, 0, "ROUTE"},
        {"410", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "SHIP TO LOC"},
        {"411", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "BILL TO"},
        {"412", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "PURCHASE FROM"},
        {"413", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "SHIP FOR LOC"},
        {"414", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "LOC No."},
        {"415", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "PAY TO"},
        {"416", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "PROD/SERV LOC"},
        {"417", 3, 13, 13, N, 13, 13, 0, K, GS1_F_CHECK, "PARTY"},
        {"420", 3, 1, 20, X, 0, 0, 0, T, 0, "SHIP TO POST"},
        {"421", 3, 4, 12, X, 3, 0, 0, T, GS1_F_COUNTRY, "SHIP TO POST"},
        {"422", 3, 3, 3, N, 3, 0, 0, T, GS1_F_COUNTRY, "ORIGIN"},
        {"7003", 4, 10, 10, N, 10, 0, 0, DM, 0, "EXPIRY TIME"},
        {"8003", 4, 14, 30, X, 14, 14, 0, K, GS1_F_CHECK | GS1_F_ZERO_LEAD, "GRAI"},
        {"8004", 4, 1, 30, X, 0, 0, 0, T, 0, "GIAI"},
        {"8006", 4, 18, 18, N, 18, 14, 0, K, GS1_F_CHECK, "ITIP"},
        {"8018", 4, 18, 18, N, 18, 18, 0, K, GS1_F_CHECK, "GSRN - PROVIDER"},
        {"8020", 4, 1, 25, X, 0, 0, 0, T, 0, "REF No."},
        {"8026", 4, 18, 18, N, 18, 14, 0, K, GS1_F_CHECK, "ITIP CONTENT"},
        {"90", 2, 1, 30, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"91", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"92", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"93", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"94", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"95", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"96", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"97", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"98", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
        {"99", 2, 1, 90, X, 0, 0, 0, T, 0, "INTERNAL"},
};

const gs1_ai_def *gs1_ai_lookup(const char *s, size_t len)
{
    /* The table is sorted and GS1 AIs form a prefix code: binary search on
     * the first strlen(ai) characters finds the one definition that can
     * match. */
    size_t lo = 0, hi = WMS_ARRAY_LEN(table);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const gs1_ai_def *d = &table[mid];
        size_t pl = d->ai_len > 3 && d->flags & GS1_F_DECIMAL ? 3u : d->ai_len;
        size_t n = len < pl ? len : pl;
        int c = memcmp(s, d->ai, n);
        if (c == 0 && n < pl) {
            c = -1; /* data is a proper prefix of the AI: sorts before it */
        }
        if (c == 0) {
            if (len < d->ai_len || (d->ai_len > pl && (s[pl] < '0' || s[pl] > '9'))) {
                return NULL;
            }
            return d;
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return NULL;
}

const gs1_ai_def *gs1_ai_find(const char *ai, size_t len)
{
    const gs1_ai_def *d = gs1_ai_lookup(ai, len);
    return d && d->ai_len == len ? d : NULL;
}

size_t gs1_predefined_len(const char *s, size_t len)
{
    /* GS1 General Specifications, Figure 5.10.1-2 */
    static const struct {
        char p[3];
        uint8_t n;
    } pre[] = {{"00", 20}, {"01", 16}, {"02", 16}, {"03", 16}, {"04", 18}, {"11", 8},
               {"12", 8},  {"13", 8},  {"14", 8},  {"15", 8},  {"16", 8},  {"17", 8},
               {"18", 8},  {"19", 8},  {"20", 4},  {"31", 10}, {"32", 10}, {"33", 10},
               {"34", 10}, {"35", 10}, {"36", 10}, {"41", 16}};
    if (len < 2) {
        return 0;
    }
    for (size_t i = 0; i < WMS_ARRAY_LEN(pre); i++) {
        if (s[0] == pre[i].p[0] && s[1] == pre[i].p[1]) {
            return pre[i].n;
        }
    }
    return 0;
}
