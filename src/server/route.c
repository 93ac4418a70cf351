/*
 * route.c -- routing, query validation, request ids, CORS, JSON body rules.
 * Pure functions: no I/O, fuzzed by fuzz_server_request.
 */
#include "wms/server.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

bool wms_reqid_valid(const char *s, size_t len)
{
    if (s == NULL || len == 0 || len > WMS_REQID_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == ':' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool wms_cors_allowed(const char *origin, const char *const *allowed, size_t n)
{
    if (origin == NULL || origin[0] == '\0' || strcmp(origin, "null") == 0) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (allowed[i] != NULL && allowed[i][0] != '\0' && strcmp(allowed[i], "*") != 0 &&
            strcmp(origin, allowed[i]) == 0) {
            return true;
        }
    }
    return false;
}

bool wms_content_type_json(const char *ct)
{
    static const char want[] = "application/json";
    if (ct == NULL || strncasecmp(ct, want, sizeof want - 1) != 0) {
        return false;
    }
    char c = ct[sizeof want - 1];
    return c == '\0' || c == ';' || c == ' ';
}

int wms_json_depth(const char *s, size_t len, int cap)
{
    int depth = 0;
    int max = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_str = false;
            }
            continue;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            depth++;
            if (depth > max) {
                max = depth;
                if (max > cap) {
                    return cap + 1;
                }
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return max;
}

/* ---- routing ------------------------------------------------------------ */

enum { P_PAGE = 1u << 0, P_Q = 1u << 1, P_INV = 1u << 2, P_DOCS = 1u << 3, P_PULL = 1u << 4 };

static int fail(wms_route_result *res, int status, const char *code, wms_err *err, int rc,
                const char *msg, const char *detail)
{
    res->status = status;
    res->code = code;
    if (detail != NULL) {
        return wms_err_set(err, rc, "%s: %s", msg, detail);
    }
    return wms_err_set(err, rc, "%s", msg);
}

static int parse_id(const char *s, size_t len, int64_t *out, wms_route_result *res, wms_err *err,
                    const char *what)
{
    wms_err e;
    wms_err_clear(&e);
    int rc = wms_id_parse(s, len, out, &e);
    if (rc != 0) {
        res->status = 422;
        res->code = "invalid_parameter";
        return wms_err_set(err, WMS_EINVAL, "%s: %s", what, e.msg);
    }
    return 0;
}

/* Split path into at most 6 segments after the leading '/'. */
typedef struct seg {
    const char *p;
    size_t len;
} seg;

static size_t split_path(const char *path, seg *segs, size_t max, bool *bad)
{
    size_t n = 0;
    *bad = false;
    if (path[0] != '/') {
        *bad = true;
        return 0;
    }
    const char *p = path + 1;
    if (*p == '\0') {
        return 0;
    }
    for (;;) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (n == max) {
            *bad = true;
            return n;
        }
        segs[n].p = p;
        segs[n].len = len;
        n++;
        if (e == NULL) {
            break;
        }
        p = e + 1;
        if (*p == '\0') { /* trailing slash */
            *bad = true;
            return n;
        }
    }
    return n;
}

static bool seg_is(const seg *s, const char *lit)
{
    size_t l = strlen(lit);
    return s->len == l && memcmp(s->p, lit, l) == 0;
}

static const char *find_kv(const wms_query_kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(kv[i].key, key) == 0) {
            return kv[i].value ? kv[i].value : "";
        }
    }
    return NULL;
}

static bool param_allowed(unsigned mask, const char *k)
{
    if ((mask & P_PAGE) && (strcmp(k, "page") == 0 || strcmp(k, "page_size") == 0)) {
        return true;
    }
    if ((mask & P_Q) && strcmp(k, "q") == 0) {
        return true;
    }
    if ((mask & P_INV) && (strcmp(k, "product_id") == 0 || strcmp(k, "location") == 0)) {
        return true;
    }
    if ((mask & P_DOCS) &&
        (strcmp(k, "status") == 0 || strcmp(k, "type") == 0 || strcmp(k, "warehouse_id") == 0)) {
        return true;
    }
    if ((mask & P_PULL) && (strcmp(k, "after") == 0 || strcmp(k, "limit") == 0)) {
        return true;
    }
    return false;
}

static int parse_i64(const char *v, int64_t min, int64_t max, int64_t *out)
{
    size_t len = strlen(v);
    if (len == 0 || len > 19) {
        return WMS_EINVAL;
    }
    if (len > 1 && v[0] == '0') {
        return WMS_EINVAL;
    }
    int64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9') {
            return WMS_EINVAL;
        }
        int d = v[i] - '0';
        if (x > (INT64_MAX - d) / 10) {
            return WMS_ERANGE;
        }
        x = x * 10 + d;
    }
    if (x < min || x > max) {
        return WMS_ERANGE;
    }
    *out = x;
    return 0;
}

static int check_params(const wms_query_kv *kv, size_t n, unsigned mask, wms_request_args *a,
                        wms_route_result *res, wms_err *err)
{
    if (n > WMS_QUERY_MAX_PARAMS) {
        return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "too many query parameters",
                    NULL);
    }
    for (size_t i = 0; i < n; i++) {
        if (kv[i].key == NULL || !param_allowed(mask, kv[i].key)) {
            return fail(res, 422, "unknown_parameter", err, WMS_EINVAL, "unknown query parameter",
                        kv[i].key ? kv[i].key : "");
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(kv[i].key, kv[j].key) == 0) {
                return fail(res, 422, "invalid_parameter", err, WMS_EINVAL,
                            "repeated query parameter", kv[i].key);
            }
        }
        const char *v = kv[i].value ? kv[i].value : "";
        size_t vl = strlen(v);
        if (vl > WMS_QUERY_VALUE_MAX ||
            wms_text_validate(v, vl, WMS_QUERY_VALUE_MAX, WMS_TEXT_ALLOW_EMPTY, NULL) != 0) {
            return fail(res, 422, "invalid_parameter", err, WMS_EINVAL,
                        "query parameter is not valid text", kv[i].key);
        }
    }
    if (mask & P_PAGE) {
        wms_err e;
        wms_err_clear(&e);
        if (wms_page_parse(find_kv(kv, n, "page"), find_kv(kv, n, "page_size"), &a->page, &e) !=
            0) {
            return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "pagination", e.msg);
        }
    }
    const char *v;
    if ((mask & P_Q) && (v = find_kv(kv, n, "q")) != NULL) {
        if (wms_strlcpy(a->q, v, sizeof a->q) != 0 ||
            wms_text_validate(v, strlen(v), 100, WMS_TEXT_ALLOW_EMPTY, NULL) != 0) {
            return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "q", "at most 100 chars");
        }
    }
    if (mask & P_INV) {
        if ((v = find_kv(kv, n, "product_id")) != NULL &&
            parse_id(v, strlen(v), &a->product_id, res, err, "product_id") != 0) {
            return WMS_EINVAL;
        }
        if ((v = find_kv(kv, n, "location")) != NULL) {
            if (v[0] == '\0' || wms_text_validate(v, strlen(v), 40, 0, NULL) != 0) {
                return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "location",
                            "1..40 characters");
            }
            wms_strlcpy(a->location, v, sizeof a->location);
        }
    }
    if (mask & P_DOCS) {
        if ((v = find_kv(kv, n, "status")) != NULL) {
            wms_doc_status st;
            if (wms_doc_status_parse(v, strlen(v), &st, NULL) != 0) {
                return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "status",
                            "draft|posted|cancelled|rejected");
            }
            a->status = (int)st;
        }
        if ((v = find_kv(kv, n, "type")) != NULL) {
            wms_doc_type t;
            if (wms_doc_type_parse(v, strlen(v), &t, NULL) != 0) {
                return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "type",
                            "receipt|issue|transfer|count");
            }
            a->type = (int)t;
        }
        if ((v = find_kv(kv, n, "warehouse_id")) != NULL &&
            parse_id(v, strlen(v), &a->warehouse_id, res, err, "warehouse_id") != 0) {
            return WMS_EINVAL;
        }
    }
    if (mask & P_PULL) {
        if ((v = find_kv(kv, n, "after")) != NULL && parse_i64(v, 0, INT64_MAX, &a->after) != 0) {
            return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "after", "an integer >= 0");
        }
        if ((v = find_kv(kv, n, "limit")) != NULL && parse_i64(v, 1, 5000, &a->limit) != 0) {
            return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "limit", "1..5000");
        }
    }
    return 0;
}

int wms_route(const char *method, const char *path, const wms_query_kv *kv, size_t n,
              wms_request_args *out, wms_route_result *res, wms_err *err)
{
    memset(out, 0, sizeof *out);
    out->status = -1;
    out->type = -1;
    out->limit = 1000;
    out->page.page = 1;
    out->page.page_size = WMS_PAGE_SIZE_DEFAULT;
    res->status = 0;
    res->code = NULL;
    res->allow = NULL;
    if (method == NULL || path == NULL) {
        return fail(res, 404, "not_found", err, WMS_ENOTFOUND, "no such resource", NULL);
    }
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;
    seg s[6];
    bool bad;
    size_t ns = split_path(path, s, WMS_ARRAY_LEN(s), &bad);
    if (bad) {
        return fail(res, 404, "not_found", err, WMS_ENOTFOUND, "no such resource", NULL);
    }
    wms_route_id r = WMS_ROUTE_NONE;
    unsigned mask = 0;
    bool want_post = false;
    if (ns == 1 && seg_is(&s[0], "health")) {
        r = WMS_ROUTE_HEALTH;
    } else if (ns >= 3 && seg_is(&s[0], "api") && seg_is(&s[1], "v1")) {
        const seg *t = &s[2];
        size_t rest = ns - 3;
        if (seg_is(t, "products") && rest == 0) {
            r = WMS_ROUTE_PRODUCTS;
            mask = P_PAGE | P_Q;
        } else if (seg_is(t, "products") && rest == 1) {
            r = WMS_ROUTE_PRODUCT;
        } else if (seg_is(t, "products") && rest == 2 && seg_is(&s[3], "by-barcode")) {
            r = WMS_ROUTE_PRODUCT_BARCODE;
        } else if (seg_is(t, "warehouses") && rest == 0) {
            r = WMS_ROUTE_WAREHOUSES;
            mask = P_PAGE;
        } else if (seg_is(t, "warehouses") && rest == 2 && seg_is(&s[4], "inventory")) {
            r = WMS_ROUTE_INVENTORY;
            mask = P_PAGE | P_INV;
        } else if (seg_is(t, "documents") && rest == 0) {
            r = WMS_ROUTE_DOCUMENTS;
            mask = P_PAGE | P_DOCS;
        } else if (seg_is(t, "documents") && rest == 1) {
            r = WMS_ROUTE_DOCUMENT;
        } else if (seg_is(t, "sync") && rest == 1 && seg_is(&s[3], "push")) {
            r = WMS_ROUTE_SYNC_PUSH;
            want_post = true;
        } else if (seg_is(t, "sync") && rest == 1 && seg_is(&s[3], "pull")) {
            r = WMS_ROUTE_SYNC_PULL;
            mask = P_PULL;
        } else if (seg_is(t, "terminals") && rest == 1 && seg_is(&s[3], "heartbeat")) {
            r = WMS_ROUTE_HEARTBEAT;
            want_post = true;
        }
    }
    if (r == WMS_ROUTE_NONE) {
        return fail(res, 404, "not_found", err, WMS_ENOTFOUND, "no such resource", NULL);
    }
    if (want_post ? !post : !get) {
        res->allow = want_post ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
        return fail(res, 405, "method_not_allowed", err, WMS_EINVAL, "method not allowed", method);
    }
    out->route = r;
    out->is_post = post;
    if (r == WMS_ROUTE_PRODUCT || r == WMS_ROUTE_DOCUMENT) {
        if (parse_id(s[3].p, s[3].len, &out->id, res, err, "id") != 0) {
            return WMS_EINVAL;
        }
    } else if (r == WMS_ROUTE_INVENTORY) {
        if (parse_id(s[3].p, s[3].len, &out->id, res, err, "warehouse id") != 0) {
            return WMS_EINVAL;
        }
    } else if (r == WMS_ROUTE_PRODUCT_BARCODE) {
        const seg *c = &s[4];
        if (c->len == 0 || c->len > WMS_BARCODE_PATH_MAX ||
            wms_text_validate(c->p, c->len, WMS_BARCODE_PATH_MAX, WMS_TEXT_ALLOW_GS, NULL) != 0) {
            return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "barcode",
                        "1..64 characters of text");
        }
        bool digits = true;
        for (size_t i = 0; i < c->len; i++) {
            digits = digits && c->p[i] >= '0' && c->p[i] <= '9';
        }
        if (digits && (c->len == 8 || c->len == 12 || c->len == 13 || c->len == 14)) {
            /* a GTIN: compared as GTIN-14, so 4006381333931 finds 04006381333931 */
            wms_err ge;
            wms_err_clear(&ge);
            if (wms_gtin_normalize(c->p, c->len, out->code, &ge) != 0) {
                return fail(res, 422, "invalid_parameter", err, WMS_EINVAL, "barcode", ge.msg);
            }
        } else {
            memcpy(out->code, c->p, c->len);
            out->code[c->len] = '\0';
        }
    }
    return check_params(kv, n, mask, out, res, err);
}

/* ---- JSON bodies -------------------------------------------------------- */

typedef struct field_rule {
    const char *name;
    int type; /* JSON_STRING, JSON_INTEGER, JSON_ARRAY */
    bool required;
    int64_t min, max; /* integer bounds, or string length in chars, or array length */
} field_rule;

static const field_rule push_rules[] = {
        {"terminal", JSON_STRING, true, 1, 32},
        {"ops", JSON_ARRAY, true, 0, 100},
};

static const field_rule hb_rules[] = {
        {"terminal", JSON_STRING, true, 1, 32},
        {"version", JSON_STRING, false, 0, 64},
        {"outbox_depth", JSON_INTEGER, false, 0, INT64_MAX},
        {"outbox_oldest_age_s", JSON_INTEGER, false, 0, INT64_MAX},
        {"last_scan_at", JSON_INTEGER, false, 0, INT64_MAX},
        {"health", JSON_STRING, false, 1, 16},
};

static int check_rules(json_t *obj, const field_rule *rules, size_t nrules, wms_err *err)
{
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        const field_rule *r = NULL;
        for (size_t i = 0; i < nrules; i++) {
            if (strcmp(rules[i].name, key) == 0) {
                r = &rules[i];
            }
        }
        char q[80];
        if (r == NULL) {
            return wms_err_set(err, WMS_EINVAL, "unknown field %s",
                               wms_log_quote(key, q, sizeof q));
        }
        if ((int)json_typeof(val) != r->type) {
            return wms_err_set(err, WMS_EINVAL, "field %s has the wrong type", r->name);
        }
        if (r->type == JSON_STRING) {
            const char *sv = json_string_value(val);
            size_t sl = json_string_length(val);
            if (wms_text_validate(sv, sl, (size_t)r->max, r->min == 0 ? WMS_TEXT_ALLOW_EMPTY : 0,
                                  NULL) != 0) {
                return wms_err_set(err, WMS_EINVAL, "field %s: %lld..%lld characters of text",
                                   r->name, (long long)r->min, (long long)r->max);
            }
        } else if (r->type == JSON_INTEGER) {
            json_int_t iv = json_integer_value(val);
            if (iv < r->min || iv > r->max) {
                return wms_err_set(err, WMS_EINVAL, "field %s out of range", r->name);
            }
        } else if (r->type == JSON_ARRAY) {
            size_t al = json_array_size(val);
            if ((int64_t)al > r->max) {
                return wms_err_set(err, WMS_EINVAL, "field %s: at most %lld elements", r->name,
                                   (long long)r->max);
            }
            size_t i;
            json_t *el;
            json_array_foreach(val, i, el)
            {
                if (!json_is_object(el)) {
                    return wms_err_set(err, WMS_EINVAL, "field %s[%zu] is not an object", r->name,
                                       i);
                }
            }
        }
    }
    for (size_t i = 0; i < nrules; i++) {
        if (rules[i].required && json_object_get(obj, rules[i].name) == NULL) {
            return wms_err_set(err, WMS_EINVAL, "missing field %s", rules[i].name);
        }
    }
    return 0;
}

int wms_body_parse(wms_route_id route, const char *body, size_t len, json_t **out, wms_err *err)
{
    if (wms_json_depth(body, len, WMS_JSON_DEPTH_MAX) > WMS_JSON_DEPTH_MAX) {
        return wms_err_set(err, WMS_EINVAL, "JSON nested deeper than %d", WMS_JSON_DEPTH_MAX);
    }
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        return wms_err_set(err, WMS_EINVAL, "bad JSON at %d: %.80s", je.position, je.text);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return wms_err_set(err, WMS_EINVAL, "the body must be a JSON object");
    }
    int rc;
    if (route == WMS_ROUTE_SYNC_PUSH) {
        rc = check_rules(root, push_rules, WMS_ARRAY_LEN(push_rules), err);
    } else if (route == WMS_ROUTE_HEARTBEAT) {
        rc = check_rules(root, hb_rules, WMS_ARRAY_LEN(hb_rules), err);
    } else {
        rc = wms_err_set(err, WMS_EINVAL, "this resource takes no body");
    }
    if (rc != 0) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return 0;
}

json_t *wms_page_json(json_t *items, const wms_page *p, int64_t total)
{
    if (items == NULL || !json_is_array(items)) {
        json_decref(items);
        return NULL;
    }
    if (total < 0) {
        total = 0;
    }
    return json_pack("{s:o,s:I,s:I,s:I,s:I}", "items", items, "page", (json_int_t)p->page,
                     "page_size", (json_int_t)p->page_size, "total", (json_int_t)total, "pages",
                     (json_int_t)wms_page_count(total, p->page_size));
}
