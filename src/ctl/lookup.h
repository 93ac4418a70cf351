/*
 * lookup.h -- the JSON answer of `wmsctl lookup` (also the fuzz target's
 * entry point: CODE is outside input).
 */
#ifndef WMS_CTL_LOOKUP_H
#define WMS_CTL_LOOKUP_H

#include "wms/store.h"

#include <jansson.h>

/* Classify `code` (core's wms_scan_classify) and describe what the store
 * knows about it.  *out is a new reference.  WMS_ENOTFOUND when the store
 * knows nothing; WMS_EINVAL etc. when the code is malformed. */
int ctl_lookup_json(wms_store *s, const uint8_t *code, size_t len, json_t **out, wms_err *err);

#endif
