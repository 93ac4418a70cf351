/*
 * error.c -- error codes, their names and messages, the detail buffer.
 */
#include "wms/core.h"

#include <stdio.h>
#include <string.h>

struct err_entry {
    int code;
    const char *name;
    const char *text;
};

static const struct err_entry err_table[] = {
        {WMS_OK, "WMS_OK", "success"},
        {WMS_EINVAL, "WMS_EINVAL", "invalid input"},
        {WMS_ENOTFOUND, "WMS_ENOTFOUND", "not found"},
        {WMS_ECONFLICT, "WMS_ECONFLICT", "conflict with the current state"},
        {WMS_EAGAIN, "WMS_EAGAIN", "temporary failure, try again"},
        {WMS_EIO, "WMS_EIO", "input/output error"},
        {WMS_ENOMEM, "WMS_ENOMEM", "out of memory"},
        {WMS_ERANGE, "WMS_ERANGE", "value out of range"},
        {WMS_EBUSY, "WMS_EBUSY", "resource busy"},
        {WMS_ETIMEDOUT, "WMS_ETIMEDOUT", "timed out"},
        {WMS_EPERM, "WMS_EPERM", "permission denied"},
        {WMS_ECORRUPT, "WMS_ECORRUPT", "stored data is damaged"},
        {WMS_ENOSPC, "WMS_ENOSPC", "no space left on device"},
        {WMS_ECHECKDIGIT, "WMS_ECHECKDIGIT", "wrong check digit"},
        {WMS_ETOOBIG, "WMS_ETOOBIG", "input too large"},
        {WMS_EPROTO, "WMS_EPROTO", "protocol error"},
        {WMS_EREJECTED, "WMS_EREJECTED", "rejected by the central server"},
        {WMS_EUNSUPPORTED, "WMS_EUNSUPPORTED", "not supported"},
        {WMS_ECLOSED, "WMS_ECLOSED", "closed"},
        {WMS_EAUTH, "WMS_EAUTH", "authentication failed"},
        {WMS_ELOCKED, "WMS_ELOCKED", "locked"},
        {WMS_EREADONLY, "WMS_EREADONLY", "read-only"},
        {WMS_ENODEV, "WMS_ENODEV", "device gone"},
};

static const struct err_entry *err_lookup(int err)
{
    if (err > 0 || err < WMS_E_LAST) {
        return NULL;
    }
    return &err_table[-err];
}

const char *wms_strerror(int err)
{
    const struct err_entry *e = err_lookup(err);
    return e ? e->text : "unknown error";
}

const char *wms_err_name(int err)
{
    const struct err_entry *e = err_lookup(err);
    return e ? e->name : "WMS_E?";
}

void wms_err_clear(wms_err *err)
{
    if (!err) {
        return;
    }
    err->code = 0;
    err->msg[0] = '\0';
}

int wms_err_set(wms_err *err, int code, const char *fmt, ...)
{
    if (!err) {
        return code;
    }
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

int wms_err_prefix(wms_err *err, const char *fmt, ...)
{
    if (!err) {
        return 0;
    }
    char old[WMS_ERR_MAX];
    memcpy(old, err->msg, sizeof old);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof err->msg - 2 || !old[0]) {
        return err->code;
    }
    /* append ": old", truncated to fit */
    size_t at = (size_t)n;
    size_t room = sizeof err->msg - at - 1;
    const char *parts[2] = {": ", old};
    for (size_t p = 0; p < 2 && room > 0; p++) {
        size_t k = strlen(parts[p]);
        if (k > room) {
            k = room;
        }
        memcpy(err->msg + at, parts[p], k);
        at += k;
        room -= k;
    }
    err->msg[at] = '\0';
    return err->code;
}
