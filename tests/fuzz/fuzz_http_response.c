/*
 * fuzz_http_response.c -- the terminal's HTTP link: validation of the
 * centre's answers (push results, pull pages).  Byte 0 picks the parser
 * and its parameters; the rest is the answer body.  Invariant: an accepted
 * answer has exactly the promised shape.
 */
/* compiled in (not linked) so that the libFuzzer build instruments it */
#include "../../src/sync/backend_http.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    json_t *j = NULL;
    unsigned sel = data[0];
    if (sel & 1u) {
        size_t nops = (sel >> 1) % 4;
        if (wms_http_parse_push(body, len, nops, &j, NULL) == 0) {
            if (json_array_size(json_object_get(j, "results")) != nops) {
                abort();
            }
            json_decref(j);
        }
    } else {
        int64_t after = (sel >> 1) % 8;
        int limit = 1 + (int)((sel >> 4) % 8);
        if (wms_http_parse_pull(body, len, after, limit, &j, NULL) == 0) {
            json_t *ch = json_object_get(j, "changes");
            if (json_array_size(ch) > (size_t)limit ||
                json_integer_value(json_object_get(j, "next")) < after) {
                abort();
            }
            json_decref(j);
        }
    }
    return 0;
}
