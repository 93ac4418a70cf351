/*
 * bench.c -- benchmark reports: figures with a baseline measured in the same
 * run, goals stated as ratios or values, rendered as JSON or as a table.
 * Benchmarks are not tests: `met` is reported, never asserted.
 */
#include "wms/core.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wms_bench_report_init(wms_bench_report *r, const char *area, const char *machine)
{
    memset(r, 0, sizeof *r);
    wms_strlcpy(r->area, area ? area : "", sizeof r->area);
    wms_strlcpy(r->machine, machine ? machine : "", sizeof r->machine);
}

wms_bench_figure *wms_bench_add(wms_bench_report *r, const char *name, double value,
                                const char *unit)
{
    if (r->count >= WMS_BENCH_MAX_FIGURES) {
        return NULL;
    }
    wms_bench_figure *f = &r->fig[r->count++];
    memset(f, 0, sizeof *f);
    wms_strlcpy(f->name, name ? name : "", sizeof f->name);
    wms_strlcpy(f->unit, unit ? unit : "", sizeof f->unit);
    f->value = value;
    return f;
}

/* Evaluate the goal from the figure's current value and ratio. */
static bool goal_met(const wms_bench_figure *f)
{
    switch (f->goal_kind) {
    case WMS_GOAL_RATIO_LE:
        return f->ratio != 0.0 && f->ratio <= f->goal_target;
    case WMS_GOAL_RATIO_GE:
        return f->ratio != 0.0 && f->ratio >= f->goal_target;
    case WMS_GOAL_VALUE_LE:
        return f->value <= f->goal_target;
    case WMS_GOAL_VALUE_GE:
        return f->value >= f->goal_target;
    case WMS_GOAL_NONE:
        break;
    }
    return false;
}

void wms_bench_set_baseline(wms_bench_figure *f, const char *baseline, double baseline_value)
{
    if (!f) {
        return;
    }
    wms_strlcpy(f->baseline, baseline ? baseline : "", sizeof f->baseline);
    f->baseline_value = baseline_value;
    f->ratio = 0.0;
    if (baseline_value != 0.0 && isfinite(baseline_value) && isfinite(f->value)) {
        double ratio = f->value / baseline_value;
        f->ratio = isfinite(ratio) ? ratio : 0.0;
    }
    f->met = goal_met(f);
}

void wms_bench_set_goal(wms_bench_figure *f, wms_bench_goal_kind kind, double target)
{
    if (!f) {
        return;
    }
    f->goal_kind = kind;
    f->goal_target = target;
    f->goal[0] = '\0';
    switch (kind) {
    case WMS_GOAL_RATIO_LE:
        snprintf(f->goal, sizeof f->goal, "ratio <= %g", target);
        break;
    case WMS_GOAL_RATIO_GE:
        snprintf(f->goal, sizeof f->goal, "ratio >= %g", target);
        break;
    case WMS_GOAL_VALUE_LE:
        snprintf(f->goal, sizeof f->goal, "value <= %g%s%s", target, f->unit[0] ? " " : "",
                 f->unit);
        break;
    case WMS_GOAL_VALUE_GE:
        snprintf(f->goal, sizeof f->goal, "value >= %g%s%s", target, f->unit[0] ? " " : "",
                 f->unit);
        break;
    case WMS_GOAL_NONE:
        break;
    }
    f->met = goal_met(f);
}

/* A JSON number, or null for NaN/inf (which JSON cannot hold). */
static json_t *json_num(double v)
{
    if (!isfinite(v)) {
        return json_null();
    }
    return json_real(v);
}

/* Set obj[key] = val, taking the reference; -1 when val is NULL or it fails. */
static int set_new(json_t *obj, const char *key, json_t *val)
{
    if (!val) {
        return -1;
    }
    return json_object_set_new(obj, key, val);
}

int wms_bench_to_json(const wms_bench_report *r, struct json_t **out)
{
    json_t *root = json_object();
    json_t *figs = json_array();
    if (!root || !figs) {
        goto fail;
    }
    if (set_new(root, "area", json_string(r->area)) ||
        set_new(root, "machine", json_string(r->machine))) {
        goto fail;
    }
    for (size_t i = 0; i < r->count && i < WMS_BENCH_MAX_FIGURES; i++) {
        const wms_bench_figure *f = &r->fig[i];
        json_t *o = json_object();
        if (!o || json_array_append_new(figs, o)) {
            goto fail;
        }
        int bad = set_new(o, "name", json_string(f->name)) ||
                  set_new(o, "value", json_num(f->value)) ||
                  set_new(o, "unit", json_string(f->unit));
        if (!bad && (f->baseline[0] || f->baseline_value != 0.0)) {
            bad = set_new(o, "baseline", json_string(f->baseline)) ||
                  set_new(o, "baseline_value", json_num(f->baseline_value)) ||
                  set_new(o, "ratio", json_num(f->ratio));
        }
        if (!bad && f->goal_kind != WMS_GOAL_NONE) {
            bad = set_new(o, "goal", json_string(f->goal)) ||
                  set_new(o, "met", json_boolean(f->met));
        }
        if (bad) {
            goto fail;
        }
    }
    if (json_object_set_new(root, "figures", figs)) {
        figs = NULL;
        goto fail;
    }
    *out = root;
    return 0;
fail:
    json_decref(figs);
    json_decref(root);
    return WMS_ENOMEM;
}

/* Figures print with 4 significant digits, large ones without exponent. */
static void fmt_value(double v, char *buf, size_t cap)
{
    if (!isfinite(v)) {
        snprintf(buf, cap, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    } else if (fabs(v) >= 10000.0 && fabs(v) < 1e15) {
        snprintf(buf, cap, "%.0f", v);
    } else {
        snprintf(buf, cap, "%.4g", v);
    }
}

/* Drop the padding at the end of the line just added (before its '\n'). */
static void trim_line(wms_buf *out)
{
    if (out->len < 2 || out->data[out->len - 1] != '\n') {
        return;
    }
    size_t end = out->len - 1;
    while (end > 0 && out->data[end - 1] == ' ') {
        end--;
    }
    out->data[end] = '\n';
    out->data[end + 1] = '\0';
    out->len = end + 1;
}

static size_t max_sz(size_t a, size_t b)
{
    return a > b ? a : b;
}

int wms_bench_to_table(const wms_bench_report *r, wms_buf *out)
{
    /* Column widths from the content. */
    size_t wname = strlen("figure"), wval = strlen("value"), wbase = strlen("baseline");
    size_t wratio = strlen("ratio"), wgoal = strlen("goal");
    char val[48], bval[48], ratio[32];
    size_t n = r->count < WMS_BENCH_MAX_FIGURES ? r->count : WMS_BENCH_MAX_FIGURES;
    for (size_t i = 0; i < n; i++) {
        const wms_bench_figure *f = &r->fig[i];
        fmt_value(f->value, val, sizeof val);
        wname = max_sz(wname, strlen(f->name));
        wval = max_sz(wval, strlen(val) + 1 + strlen(f->unit));
        if (f->baseline[0] || f->baseline_value != 0.0) {
            fmt_value(f->baseline_value, bval, sizeof bval);
            wbase = max_sz(wbase, strlen(f->baseline) + 3 + strlen(bval));
            fmt_value(f->ratio, ratio, sizeof ratio);
            wratio = max_sz(wratio, strlen(ratio));
        }
        wgoal = max_sz(wgoal, strlen(f->goal));
    }
    int rc = wms_buf_addf(out, "bench %s on %s\n", r->area, r->machine[0] ? r->machine : "?");
    if (!rc) {
        rc = wms_buf_addf(out, "%-*s  %*s  %-*s  %*s  %-*s  %s\n", (int)wname, "figure", (int)wval,
                          "value", (int)wbase, "baseline", (int)wratio, "ratio", (int)wgoal, "goal",
                          "met");
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const wms_bench_figure *f = &r->fig[i];
        char vu[80], base[128];
        fmt_value(f->value, val, sizeof val);
        snprintf(vu, sizeof vu, "%s %s", val, f->unit);
        base[0] = '\0';
        ratio[0] = '\0';
        if (f->baseline[0] || f->baseline_value != 0.0) {
            fmt_value(f->baseline_value, bval, sizeof bval);
            snprintf(base, sizeof base, "%s = %s", f->baseline, bval);
            if (f->ratio != 0.0) {
                fmt_value(f->ratio, ratio, sizeof ratio);
            } else {
                snprintf(ratio, sizeof ratio, "-");
            }
        }
        const char *met = f->goal_kind == WMS_GOAL_NONE ? "" : (f->met ? "yes" : "NO");
        rc = wms_buf_addf(out, "%-*s  %*s  %-*s  %*s  %-*s  %s\n", (int)wname, f->name, (int)wval,
                          vu, (int)wbase, base, (int)wratio, ratio, (int)wgoal, f->goal, met);
        if (!rc) {
            trim_line(out);
        }
    }
    return rc;
}

/* Ascending order, NaN last (so that it never lands inside a percentile
 * of real samples unless everything is NaN). */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    bool xn = isnan(x), yn = isnan(y);
    if (xn || yn) {
        return (int)xn - (int)yn;
    }
    return (x > y) - (x < y);
}

double wms_percentile(double *samples, size_t n, double pct)
{
    if (!samples || n == 0) {
        return 0.0;
    }
    qsort(samples, n, sizeof *samples, cmp_double);
    if (isnan(pct) || pct <= 0.0) {
        return samples[0];
    }
    if (pct >= 100.0) {
        return samples[n - 1];
    }
    double rank = pct / 100.0 * (double)(n - 1);
    size_t lo = (size_t)rank;
    if (lo >= n - 1) {
        return samples[n - 1];
    }
    double frac = rank - (double)lo;
    if (frac == 0.0 || samples[lo] == samples[lo + 1]) {
        return samples[lo]; /* also keeps inf from turning into nan */
    }
    return samples[lo] + (samples[lo + 1] - samples[lo]) * frac;
}
