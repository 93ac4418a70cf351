/*
 * fuzz_validate.c -- ids, quantities, text, pages, cursors and UUIDs from
 * outside: no crash, no undefined behaviour, and round trips hold.
 */
#include "wms/core.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    wms_err err;

    int64_t id;
    if (wms_id_parse(s, size, &id, &err) == 0 && id < 1) {
        abort();
    }

    for (unsigned dec = 0; dec <= 3; dec++) {
        wms_qty q;
        if (wms_qty_parse(s, size, dec, true, &q, &err) == 0) {
            char buf[WMS_QTY_STRING_MAX];
            wms_qty back;
            if (wms_qty_format(q, buf, sizeof buf) != 0 ||
                wms_qty_parse(buf, strlen(buf), 3, true, &back, NULL) != 0 ||
                back.milli != q.milli) {
                abort();
            }
        }
    }

    (void)wms_text_validate(s, size, 64, 0, &err);
    (void)wms_text_validate(s, size, 4096, WMS_TEXT_ALLOW_GS | WMS_TEXT_ALLOW_NEWLINE, &err);

    wms_cursor c;
    if (wms_cursor_decode(s, size, &c, &err) == 0) {
        char buf[WMS_CURSOR_STRING_MAX];
        if (wms_cursor_encode(&c, buf, sizeof buf) != 0 || strlen(buf) != size ||
            memcmp(buf, s, size) != 0) {
            abort();
        }
    }

    wms_uuid u;
    (void)wms_uuid_parse(s, size, &u, &err);

    /* page parameters are C strings: split the input at the first NUL */
    char *copy = malloc(size + 1);
    if (copy) {
        memcpy(copy, data, size);
        copy[size] = '\0';
        const char *second = copy + strlen(copy);
        second = second < copy + size ? second + 1 : NULL;
        wms_page p;
        if (wms_page_parse(copy, second, &p, &err) == 0) {
            int64_t off;
            if (wms_page_offset(&p, &off) != 0 || off < 0) {
                abort();
            }
        }
        free(copy);
    }
    return 0;
}
