/*
 * barcode.c -- GS1 mod-10 check digits, GTIN checks and normalisation,
 * UPC-E expansion (GS1 General Specifications 7.9).
 */
#include "wms/core.h"

#include <string.h>

int wms_gs1_check_digit(const char *digits, size_t len)
{
    /* Weights 3,1,3,1... from the rightmost data digit. */
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)digits[len - 1 - i];
        if (c < '0' || c > '9') {
            return -1;
        }
        unsigned d = (unsigned)(c - '0');
        sum += (i % 2 == 0) ? 3u * d : d;
    }
    return '0' + (int)((10u - sum % 10u) % 10u);
}

static bool all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

int wms_gtin_check(const char *digits, size_t len, wms_err *err)
{
    if (!digits) {
        return wms_err_set(err, WMS_EINVAL, "no digits");
    }
    if (len != 8 && len != 12 && len != 13 && len != 14 && len != 17 && len != 18) {
        return wms_err_set(err, WMS_EINVAL, "%zu digits is not a GS1 key length (8/12/13/14/17/18)",
                           len);
    }
    if (!all_digits(digits, len)) {
        return wms_err_set(err, WMS_EINVAL, "GS1 key contains a character that is not a digit");
    }
    int cd = wms_gs1_check_digit(digits, len - 1);
    if (cd != digits[len - 1]) {
        return wms_err_set(err, WMS_ECHECKDIGIT, "check digit is %c, expected %c", digits[len - 1],
                           (char)cd);
    }
    return 0;
}

int wms_gtin_normalize(const char *digits, size_t len, char out[WMS_GTIN14_LEN + 1], wms_err *err)
{
    if (!digits || (len != 8 && len != 12 && len != 13 && len != 14)) {
        return wms_err_set(err, WMS_EINVAL, "%zu digits is not a GTIN length (8/12/13/14)",
                           digits ? len : (size_t)0);
    }
    int rc = wms_gtin_check(digits, len, err);
    if (rc < 0) {
        return rc;
    }
    size_t pad = WMS_GTIN14_LEN - len;
    memset(out, '0', pad);
    memcpy(out + pad, digits, len);
    out[WMS_GTIN14_LEN] = '\0';
    return 0;
}

int wms_upce_expand(const char *upce, size_t len, char out[13], wms_err *err)
{
    if (!upce || len != 8) {
        return wms_err_set(err, WMS_EINVAL, "UPC-E needs 8 digits, got %zu",
                           upce ? len : (size_t)0);
    }
    if (!all_digits(upce, len)) {
        return wms_err_set(err, WMS_EINVAL, "UPC-E contains a character that is not a digit");
    }
    if (upce[0] != '0' && upce[0] != '1') {
        return wms_err_set(err, WMS_EINVAL, "UPC-E number system %c is not 0 or 1", upce[0]);
    }
    const char *d = upce + 1; /* d[0..5]: the six data digits */
    char a[13];
    a[0] = upce[0];
    switch (d[5]) {
    case '0':
    case '1':
    case '2':
        /* manufacturer d1 d2 d6 0 0, item 0 0 d3 d4 d5 */
        memcpy(a + 1, (const char[]){d[0], d[1], d[5], '0', '0', '0', '0', d[2], d[3], d[4]}, 10);
        break;
    case '3':
        memcpy(a + 1, (const char[]){d[0], d[1], d[2], '0', '0', '0', '0', '0', d[3], d[4]}, 10);
        break;
    case '4':
        memcpy(a + 1, (const char[]){d[0], d[1], d[2], d[3], '0', '0', '0', '0', '0', d[4]}, 10);
        break;
    default:
        memcpy(a + 1, (const char[]){d[0], d[1], d[2], d[3], d[4], '0', '0', '0', '0', d[5]}, 10);
        break;
    }
    a[11] = upce[7];
    a[12] = '\0';
    int cd = wms_gs1_check_digit(a, 11);
    if (cd != a[11]) {
        return wms_err_set(err, WMS_ECHECKDIGIT, "UPC-E check digit is %c, expected %c", a[11],
                           (char)cd);
    }
    memcpy(out, a, 13);
    return 0;
}
