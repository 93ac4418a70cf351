/*
 * cmd_barcode.c -- `wmsctl barcode parse DATA|-`: classify one scan and print
 * it as one JSON object.  Exit 0 well formed, 1 broken (one line on stderr
 * naming the rule), 2 usage.
 */
#include "ctl.h"

#include "wms/core.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: wmsctl barcode parse DATA   (DATA '-' reads raw bytes from stdin)\n");
    return 2;
}

static json_t *element_json(const wms_gs1_element *el)
{
    json_t *o = json_object();
    json_object_set_new(o, "ai", json_string(el->ai));
    json_object_set_new(o, "value", json_string(el->value));
    char buf[32];
    switch (el->kind) {
    case WMS_GS1_KIND_DATE:
        wms_date_format(el->date, buf);
        json_object_set_new(o, "date", json_string(buf));
        break;
    case WMS_GS1_KIND_DATETIME: {
        char d[11];
        wms_date_format(el->date, d);
        snprintf(buf, sizeof buf, "%sT%02d:%02d", d, el->hour, el->minute);
        json_object_set_new(o, "datetime", json_string(buf));
        break;
    }
    case WMS_GS1_KIND_COUNT:
        json_object_set_new(o, "count", json_integer(el->decimal));
        break;
    case WMS_GS1_KIND_MEASURE:
    case WMS_GS1_KIND_AMOUNT: {
        /* exact decimal text: value * 10^-decimals */
        char digits[24];
        snprintf(digits, sizeof digits, "%0*lld", el->decimals + 1, (long long)el->decimal);
        size_t dl = strlen(digits);
        size_t ip = dl - (size_t)el->decimals;
        if (el->decimals > 0) {
            snprintf(buf, sizeof buf, "%.*s.%s", (int)ip, digits, digits + ip);
        } else {
            snprintf(buf, sizeof buf, "%s", digits);
        }
        json_object_set_new(o, "number", json_string(buf));
        if (el->kind == WMS_GS1_KIND_AMOUNT && (el->ai[2] == '1' || el->ai[2] == '3')) {
            snprintf(buf, sizeof buf, "%.3s", el->value);
            json_object_set_new(o, "currency", json_string(buf));
        }
        break;
    }
    default:
        break;
    }
    return o;
}

static json_t *class_json(const wms_scan_class *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(wms_scan_kind_name(c->kind)));
    if (c->aim.id[0]) {
        json_object_set_new(o, "symbology", json_string(c->aim.id));
    }
    switch (c->kind) {
    case WMS_SCAN_GTIN:
        json_object_set_new(o, "gtin", json_string(c->gtin));
        break;
    case WMS_SCAN_LOCATION:
    case WMS_SCAN_BADGE:
    case WMS_SCAN_DOCUMENT:
        json_object_set_new(o, "code", json_string(c->code));
        break;
    case WMS_SCAN_PALLET:
        json_object_set_new(o, "code", json_string(c->code));
        if (c->gs1.count > 0) {
            json_object_set_new(o, "sscc", json_string(c->code));
        }
        break;
    case WMS_SCAN_TEXT:
    case WMS_SCAN_UNKNOWN:
        json_object_set_new(o, "data", json_stringn(c->text, c->text_len));
        break;
    default:
        break;
    }
    if (c->kind == WMS_SCAN_GS1 || (c->kind == WMS_SCAN_PALLET && c->gs1.count > 0)) {
        json_t *a = json_array();
        for (size_t i = 0; i < c->gs1.count; i++) {
            json_array_append_new(a, element_json(&c->gs1.el[i]));
        }
        json_object_set_new(o, "elements", a);
    }
    return o;
}

static int parse(const uint8_t *data, size_t len)
{
    wms_scan_class *c = malloc(sizeof *c);
    if (!c) {
        fprintf(stderr, "wmsctl barcode parse: out of memory\n");
        return 1;
    }
    wms_err err;
    wms_err_clear(&err);
    int rc = wms_scan_classify(data, len, NULL, c, &err);
    if (rc < 0) {
        fprintf(stderr, "wmsctl barcode parse: %s\n", err.msg[0] ? err.msg : wms_strerror(rc));
        free(c);
        return 1;
    }
    json_t *o = class_json(c);
    free(c);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s) {
        fprintf(stderr, "wmsctl barcode parse: out of memory\n");
        return 1;
    }
    printf("%s\n", s);
    free(s);
    return 0;
}

int cmd_barcode(int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "parse") != 0) {
        return usage();
    }
    const char *arg = argv[2];
    if (strcmp(arg, "-") != 0) {
        return parse((const uint8_t *)arg, strlen(arg));
    }
    uint8_t buf[WMS_SCAN_DATA_MAX + 3];
    size_t n = fread(buf, 1, sizeof buf, stdin);
    if (ferror(stdin)) {
        fprintf(stderr, "wmsctl barcode parse: cannot read stdin\n");
        return 1;
    }
    /* one line ending from echo / a keyboard-wedge scanner is not data */
    if (n > 0 && buf[n - 1] == '\n') {
        n--;
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
    }
    if (n > WMS_SCAN_DATA_MAX) {
        fprintf(stderr, "wmsctl barcode parse: scan longer than %d bytes\n", WMS_SCAN_DATA_MAX);
        return 1;
    }
    return parse(buf, n);
}
