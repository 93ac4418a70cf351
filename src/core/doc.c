/*
 * doc.c -- document types and the document state machine.
 */
#include "wms/core.h"

#include <string.h>

static const char *const doc_type_names[WMS_DOC_TYPE_COUNT_] = {
        [WMS_DOC_RECEIPT] = "receipt",
        [WMS_DOC_ISSUE] = "issue",
        [WMS_DOC_TRANSFER] = "transfer",
        [WMS_DOC_COUNT] = "count",
};

static const char *const doc_status_names[WMS_DOC_STATUS_COUNT_] = {
        [WMS_DOC_DRAFT] = "draft",
        [WMS_DOC_POSTED] = "posted",
        [WMS_DOC_CANCELLED] = "cancelled",
        [WMS_DOC_REJECTED] = "rejected",
};

/* legal[from][to] */
static const bool doc_legal[WMS_DOC_STATUS_COUNT_][WMS_DOC_STATUS_COUNT_] = {
        [WMS_DOC_DRAFT] =
                {[WMS_DOC_POSTED] = true, [WMS_DOC_CANCELLED] = true, [WMS_DOC_REJECTED] = true},
        [WMS_DOC_POSTED] = {[WMS_DOC_REJECTED] = true},
};

const char *wms_doc_type_name(wms_doc_type t)
{
    if ((unsigned)t >= WMS_DOC_TYPE_COUNT_) {
        return NULL;
    }
    return doc_type_names[t];
}

const char *wms_doc_status_name(wms_doc_status s)
{
    if ((unsigned)s >= WMS_DOC_STATUS_COUNT_) {
        return NULL;
    }
    return doc_status_names[s];
}

static int name_lookup(const char *const *names, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

int wms_doc_type_parse(const char *s, size_t len, wms_doc_type *out, wms_err *err)
{
    int i = s ? name_lookup(doc_type_names, WMS_DOC_TYPE_COUNT_, s, len) : -1;
    if (i < 0) {
        return wms_err_set(err, WMS_EINVAL,
                           "unknown document type (receipt, issue, transfer, count)");
    }
    *out = (wms_doc_type)i;
    return 0;
}

int wms_doc_status_parse(const char *s, size_t len, wms_doc_status *out, wms_err *err)
{
    int i = s ? name_lookup(doc_status_names, WMS_DOC_STATUS_COUNT_, s, len) : -1;
    if (i < 0) {
        return wms_err_set(err, WMS_EINVAL,
                           "unknown document status (draft, posted, cancelled, rejected)");
    }
    *out = (wms_doc_status)i;
    return 0;
}

bool wms_doc_transition_ok(wms_doc_status from, wms_doc_status to)
{
    if ((unsigned)from >= WMS_DOC_STATUS_COUNT_ || (unsigned)to >= WMS_DOC_STATUS_COUNT_) {
        return false;
    }
    return doc_legal[from][to];
}

int wms_doc_transition(wms_doc_status from, wms_doc_status to, wms_err *err)
{
    if (wms_doc_transition_ok(from, to)) {
        return 0;
    }
    const char *f = wms_doc_status_name(from);
    const char *t = wms_doc_status_name(to);
    return wms_err_set(err, WMS_ECONFLICT, "a %s document cannot become %s", f ? f : "?",
                       t ? t : "?");
}

bool wms_doc_status_final(wms_doc_status s)
{
    return s != WMS_DOC_DRAFT;
}
