/*
 * fuzz_server_request.c -- wms-server's request handling without a network:
 * routing and query validation (path, parameters) and JSON body validation.
 * Input: byte 0 picks the method; then "path\nkey=value\n...\n\nbody".
 * Invariants: accepted ids are >= 1, pages within core's bounds, accepted
 * bodies are objects; refusals carry an HTTP status and a code.
 */
#include "wms/server.h"

/* The parser is compiled into this file (not linked from wms_server) so
 * that the libFuzzer build instruments it for coverage. */
#include "../../src/server/route.c"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024) {
        return 0;
    }
    static const char *const methods[] = {"GET", "POST", "HEAD", "DELETE", "OPTIONS", "PUT"};
    const char *method = methods[data[0] % WMS_ARRAY_LEN(methods)];
    char *text = malloc(size);
    if (text == NULL) {
        return 0;
    }
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    size_t tlen = size - 1;

    /* body after the first empty line */
    char *body = strstr(text, "\n\n");
    size_t blen = 0;
    if (body != NULL) {
        *body = '\0';
        body += 2;
        blen = tlen - (size_t)(body - text);
    }
    wms_query_kv kv[WMS_QUERY_MAX_PARAMS + 2];
    size_t n = 0;
    char *path = text;
    char *nl = strchr(text, '\n');
    char *line = NULL;
    if (nl != NULL) {
        *nl = '\0';
        line = nl + 1;
    }
    while (line != NULL && n < WMS_ARRAY_LEN(kv)) {
        char *next = strchr(line, '\n');
        if (next != NULL) {
            *next++ = '\0';
        }
        char *eq = strchr(line, '=');
        if (eq != NULL) {
            *eq = '\0';
            kv[n].value = eq + 1;
        } else {
            kv[n].value = NULL;
        }
        kv[n].key = line;
        n++;
        line = next;
    }

    wms_request_args a;
    wms_route_result res;
    wms_err err;
    int rc = wms_route(method, path, kv, n, &a, &res, &err);
    if (rc == 0) {
        if (a.route <= WMS_ROUTE_NONE || a.route >= WMS_ROUTE_COUNT_ || res.status != 0) {
            abort();
        }
        if ((a.route == WMS_ROUTE_PRODUCT || a.route == WMS_ROUTE_DOCUMENT ||
             a.route == WMS_ROUTE_INVENTORY) &&
            a.id < 1) {
            abort();
        }
        if (wms_page_check(&a.page, NULL) != 0 || a.limit < 1 || a.limit > 5000 || a.after < 0) {
            abort();
        }
    } else if (res.status < 400 || res.code == NULL) {
        abort();
    }

    if (body != NULL) {
        for (int r = WMS_ROUTE_SYNC_PUSH; r <= WMS_ROUTE_HEARTBEAT; r++) {
            json_t *j = NULL;
            if (wms_body_parse((wms_route_id)r, body, blen, &j, &err) == 0) {
                if (!json_is_object(j) || !json_is_string(json_object_get(j, "terminal"))) {
                    abort();
                }
                json_decref(j);
            }
        }
    }
    (void)wms_json_depth(text, tlen, WMS_JSON_DEPTH_MAX);
    free(text);
    return 0;
}
