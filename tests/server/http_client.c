#include "http_client.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static size_t on_data(char *p, size_t sz, size_t n, void *ud)
{
    return wms_buf_add(ud, p, sz * n) == 0 ? sz * n : 0;
}

int hreq(CURL *c, const char *method, const char *url, const char *const *hdrs, const char *body,
         hresp *out)
{
    memset(out, 0, sizeof *out);
    wms_buf_init(&out->body, 4 * 1024 * 1024);
    wms_buf_init(&out->headers, 64 * 1024);
    struct curl_slist *sl = NULL;
    for (size_t i = 0; hdrs != NULL && hdrs[i] != NULL; i++) {
        sl = curl_slist_append(sl, hdrs[i]);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_NOBODY, strcmp(method, "HEAD") == 0 ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, sl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    if (body != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    } else {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(c, CURLOPT_NOBODY, strcmp(method, "HEAD") == 0 ? 1L : 0L);
    }
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &out->new_connects);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(sl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "curl: %s\n", curl_easy_strerror(rc));
        return -1;
    }
    return 0;
}

void hresp_free(hresp *r)
{
    wms_buf_release(&r->body);
    wms_buf_release(&r->headers);
}

int hresp_header(const hresp *r, const char *name, char *buf, size_t cap)
{
    const char *h = wms_buf_str(&r->headers);
    size_t nl = strlen(name);
    while (*h) {
        const char *eol = strstr(h, "\r\n");
        size_t len = eol ? (size_t)(eol - h) : strlen(h);
        if (len > nl && strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
            const char *v = h + nl + 1;
            while (*v == ' ') {
                v++;
            }
            size_t vl = (size_t)(h + len - v);
            if (vl >= cap) {
                vl = cap - 1;
            }
            memcpy(buf, v, vl);
            buf[vl] = '\0';
            return 1;
        }
        h += len;
        if (*h) {
            h += 2;
        }
    }
    return 0;
}
