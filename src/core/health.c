/*
 * health.c -- components with a status, a detail and measured values,
 * aggregated to healthy / degraded / unhealthy and rendered as JSON.
 */
#include "wms/core.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {"healthy", "degraded", "unhealthy"};

const char *wms_health_status_name(wms_health_status s)
{
    if ((unsigned)s >= WMS_ARRAY_LEN(status_names)) {
        return "unhealthy";
    }
    return status_names[s];
}

/* Anything out of range counts as the worst. */
static wms_health_status clamp_status(wms_health_status s)
{
    return (unsigned)s > WMS_HEALTH_UNHEALTHY ? WMS_HEALTH_UNHEALTHY : s;
}

void wms_health_init(wms_health *h)
{
    memset(h, 0, sizeof *h);
}

wms_health_component *wms_health_add(wms_health *h, const char *name, wms_health_status status,
                                     bool critical, const char *detail_fmt, ...)
{
    if (h->count >= WMS_HEALTH_MAX_COMPONENTS) {
        return NULL;
    }
    wms_health_component *c = &h->comp[h->count++];
    memset(c, 0, sizeof *c);
    wms_strlcpy(c->name, name ? name : "", sizeof c->name);
    c->status = clamp_status(status);
    c->critical = critical;
    if (detail_fmt) {
        va_list ap;
        va_start(ap, detail_fmt);
        vsnprintf(c->detail, sizeof c->detail, detail_fmt, ap);
        va_end(ap);
    }
    return c;
}

void wms_health_value_add(wms_health_component *c, const char *key, double value, const char *unit)
{
    if (!c || c->nvalues >= WMS_HEALTH_MAX_VALUES) {
        return;
    }
    wms_health_value *v = &c->values[c->nvalues++];
    memset(v, 0, sizeof *v);
    wms_strlcpy(v->key, key ? key : "", sizeof v->key);
    wms_strlcpy(v->unit, unit ? unit : "", sizeof v->unit);
    v->value = value;
}

wms_health_status wms_health_overall(const wms_health *h)
{
    wms_health_status worst = WMS_HEALTH_HEALTHY;
    size_t n = h->count < WMS_HEALTH_MAX_COMPONENTS ? h->count : WMS_HEALTH_MAX_COMPONENTS;
    for (size_t i = 0; i < n; i++) {
        wms_health_status s = clamp_status(h->comp[i].status);
        if (!h->comp[i].critical && s > WMS_HEALTH_DEGRADED) {
            s = WMS_HEALTH_DEGRADED;
        }
        if (s > worst) {
            worst = s;
        }
    }
    return worst;
}

/* Whole numbers render as JSON integers ("depth":3), others as reals,
 * NaN/inf as null. */
static json_t *number(double v)
{
    if (!isfinite(v)) {
        return json_null();
    }
    if (v == floor(v) && fabs(v) < 9007199254740992.0) { /* 2^53: exact */
        return json_integer((json_int_t)v);
    }
    return json_real(v);
}

static int put(json_t *obj, const char *key, json_t *val)
{
    if (!val) {
        return -1;
    }
    return json_object_set_new(obj, key, val);
}

int wms_health_to_json(const wms_health *h, struct json_t **out)
{
    json_t *root = json_object();
    json_t *comps = json_object();
    if (!root || !comps) {
        goto fail;
    }
    if (put(root, "status", json_string(wms_health_status_name(wms_health_overall(h)))) ||
        put(root, "version", json_string(wms_version()))) {
        goto fail;
    }
    size_t n = h->count < WMS_HEALTH_MAX_COMPONENTS ? h->count : WMS_HEALTH_MAX_COMPONENTS;
    for (size_t i = 0; i < n; i++) {
        const wms_health_component *c = &h->comp[i];
        json_t *o = json_object();
        if (!o || json_object_set_new(comps, c->name, o)) {
            goto fail;
        }
        /* Invalid UTF-8 in a detail must not lose the whole document. */
        json_t *detail = json_string(c->detail);
        if (!detail) {
            detail = json_string("(detail is not valid UTF-8)");
        }
        if (put(o, "status", json_string(wms_health_status_name(clamp_status(c->status)))) ||
            put(o, "critical", json_boolean(c->critical)) || put(o, "detail", detail)) {
            goto fail;
        }
        size_t nv = c->nvalues < WMS_HEALTH_MAX_VALUES ? c->nvalues : WMS_HEALTH_MAX_VALUES;
        for (size_t k = 0; k < nv; k++) {
            const wms_health_value *v = &c->values[k];
            /* the fixed keys win over a value that happens to share a name */
            if (json_object_get(o, v->key)) {
                continue;
            }
            if (put(o, v->key, number(v->value))) {
                goto fail;
            }
        }
    }
    if (json_object_set_new(root, "components", comps)) {
        comps = NULL;
        goto fail;
    }
    *out = root;
    return 0;
fail:
    json_decref(comps);
    json_decref(root);
    return WMS_ENOMEM;
}
