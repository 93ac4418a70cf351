/*
 * qty.c -- exact decimal quantities in thousandths.
 */
#include "wms/core.h"

#include <stdio.h>

int wms_qty_parse(const char *s, size_t len, unsigned max_decimals, bool allow_negative,
                  wms_qty *out, wms_err *err)
{
    if (max_decimals > WMS_QTY_DECIMALS) {
        return wms_err_set(err, WMS_EINVAL, "at most %d decimals are supported", WMS_QTY_DECIMALS);
    }
    if (!s || len == 0) {
        return wms_err_set(err, WMS_EINVAL, "quantity is empty");
    }
    size_t i = 0;
    bool neg = false;
    if (s[0] == '-') {
        if (!allow_negative) {
            return wms_err_set(err, WMS_EINVAL, "quantity must not be negative");
        }
        neg = true;
        i = 1;
    }
    int64_t units = 0;
    size_t int_digits = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (++int_digits > 9) {
            return wms_err_set(err, WMS_ERANGE, "quantity is larger than 999999999.999");
        }
        units = units * 10 + (s[i] - '0');
    }
    if (int_digits == 0) {
        return wms_err_set(err, WMS_EINVAL, "quantity must start with a digit");
    }
    int64_t frac = 0;
    unsigned decimals = 0;
    if (i < len && s[i] == '.') {
        i++;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (++decimals > max_decimals) {
                if (max_decimals == 0) {
                    return wms_err_set(err, WMS_EINVAL, "quantity must be a whole number");
                }
                return wms_err_set(err, WMS_EINVAL, "quantity has more than %u decimals",
                                   max_decimals);
            }
            frac = frac * 10 + (s[i] - '0');
        }
        if (decimals == 0) {
            return wms_err_set(err, WMS_EINVAL, "quantity has no digits after the point");
        }
    }
    if (i != len) {
        return wms_err_set(err, WMS_EINVAL, "quantity may contain only digits and one '.'");
    }
    for (unsigned d = decimals; d < WMS_QTY_DECIMALS; d++) {
        frac *= 10;
    }
    int64_t milli = units * WMS_QTY_SCALE + frac;
    out->milli = neg ? -milli : milli;
    return 0;
}

int wms_qty_format(wms_qty q, char *buf, size_t cap)
{
    if (q.milli > WMS_QTY_MAX_MILLI || q.milli < -WMS_QTY_MAX_MILLI) {
        return WMS_ERANGE;
    }
    int64_t a = q.milli < 0 ? -q.milli : q.milli;
    int64_t units = a / WMS_QTY_SCALE;
    int64_t frac = a % WMS_QTY_SCALE;
    const char *sign = q.milli < 0 ? "-" : "";
    int n;
    if (frac == 0) {
        n = snprintf(buf, cap, "%s%lld", sign, (long long)units);
    } else if (frac % 100 == 0) {
        n = snprintf(buf, cap, "%s%lld.%lld", sign, (long long)units, (long long)(frac / 100));
    } else if (frac % 10 == 0) {
        n = snprintf(buf, cap, "%s%lld.%02lld", sign, (long long)units, (long long)(frac / 10));
    } else {
        n = snprintf(buf, cap, "%s%lld.%03lld", sign, (long long)units, (long long)frac);
    }
    if (n < 0 || (size_t)n >= cap) {
        return WMS_ETOOBIG;
    }
    return 0;
}

static int qty_checked(int64_t v, wms_qty *out)
{
    if (v > WMS_QTY_MAX_MILLI || v < -WMS_QTY_MAX_MILLI) {
        return WMS_ERANGE;
    }
    out->milli = v;
    return 0;
}

int wms_qty_add(wms_qty a, wms_qty b, wms_qty *out)
{
    int64_t r;
    if (__builtin_add_overflow(a.milli, b.milli, &r)) {
        return WMS_ERANGE;
    }
    return qty_checked(r, out);
}

int wms_qty_mul(wms_qty a, int64_t n, wms_qty *out)
{
    int64_t r;
    if (__builtin_mul_overflow(a.milli, n, &r)) {
        return WMS_ERANGE;
    }
    return qty_checked(r, out);
}
