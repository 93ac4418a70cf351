/*
 * fuzz_scan_replay.c -- the replay file parser on arbitrary text: no crash,
 * no leak, every item bounded and non-empty.
 */
#include "wms/scan.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wms_replay r;
    wms_err err;
    if (wms_replay_parse((const char *)data, size, &r, &err) == 0) {
        for (size_t i = 0; i < r.count; i++) {
            if (r.items[i].len == 0 || r.items[i].len > WMS_SCAN_DATA_MAX ||
                r.items[i].delay_ms > 3600000u) {
                abort();
            }
        }
        wms_replay_free(&r);
    } else if (r.items != NULL || err.msg[0] == 0) {
        abort();
    }
    return 0;
}
