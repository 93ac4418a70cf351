/*
 * http_client.h -- a tiny libcurl client for the server tests.
 */
#ifndef WMS_TEST_HTTP_CLIENT_H
#define WMS_TEST_HTTP_CLIENT_H

#include "wms/core.h"

#include <curl/curl.h>

typedef struct hresp {
    long status;
    wms_buf body;
    wms_buf headers;
    long new_connects;
} hresp;

/* Perform one request on `c` (reused between calls: keep-alive).
 * `hdrs` is a NULL-terminated list of "Name: value" or NULL. */
int hreq(CURL *c, const char *method, const char *url, const char *const *hdrs, const char *body,
         hresp *out);
void hresp_free(hresp *r);
/* Value of a response header (case-insensitive name) into buf; false when absent. */
int hresp_header(const hresp *r, const char *name, char *buf, size_t cap);

#endif
