/*
 * bench_util.c -- machine description, timing and printing for the bench
 * areas (see bench_util.h).
 */
#include "bench_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The value of the first "key<spaces>: value" line in /proc/cpuinfo. */
static int cpuinfo_value(const char *key, char *buf, size_t cap)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) {
        return -1;
    }
    char line[512];
    size_t klen = strlen(key);
    int rc = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) != 0 ||
            (line[klen] != ' ' && line[klen] != '\t' && line[klen] != ':')) {
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon) {
            continue;
        }
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t') {
            v++;
        }
        size_t len = strcspn(v, "\r\n");
        while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t')) {
            len--;
        }
        if (len == 0) {
            continue;
        }
        v[len] = '\0';
        wms_strlcpy(buf, v, cap);
        rc = 0;
        break;
    }
    fclose(f);
    return rc;
}

void bench_machine(char *buf, size_t cap)
{
    if (!buf || cap == 0) {
        return;
    }
    struct utsname u;
    const char *arch = "?";
    if (uname(&u) == 0) {
        arch = u.machine;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    char model[160] = "?";
    static const char *const keys[] = {"model name", "Model", "Hardware", "cpu model", "CPU part"};
    for (size_t i = 0; i < WMS_ARRAY_LEN(keys); i++) {
        if (cpuinfo_value(keys[i], model, sizeof model) == 0) {
            break;
        }
    }
    /* collapse runs of spaces ("Intel(R)   Xeon") */
    char *w = model;
    for (const char *p = model; *p; p++) {
        if (*p == ' ' && w > model && w[-1] == ' ') {
            continue;
        }
        *w++ = *p;
    }
    *w = '\0';
    snprintf(buf, cap, "%s, %ld cpu%s, %s", arch, cpus > 0 ? cpus : 0L, cpus == 1 ? "" : "s",
             model);
}

int bench_run(bench_op_fn op, void *ctx, size_t warmup, size_t batch, size_t max_samples,
              int64_t max_ms, bench_samples *out)
{
    if (out) {
        memset(out, 0, sizeof *out);
    }
    if (!op || !out || batch == 0 || max_samples == 0 || max_samples > SIZE_MAX / batch ||
        max_samples > SIZE_MAX / sizeof(double)) {
        return WMS_EINVAL;
    }
    out->ns = malloc(max_samples * sizeof(double));
    if (!out->ns) {
        return WMS_ENOMEM;
    }
    size_t i = 0;
    for (size_t k = 0; k < warmup; k++, i++) {
        int rc = op(ctx, i);
        if (rc) {
            return rc;
        }
    }
    int64_t start = bench_now_ns();
    int64_t deadline = max_ms > 0 ? start + max_ms * 1000000 : INT64_MAX;
    while (out->n < max_samples) {
        int64_t t0 = bench_now_ns();
        for (size_t k = 0; k < batch; k++, i++) {
            int rc = op(ctx, i);
            if (rc) {
                return rc;
            }
        }
        int64_t t1 = bench_now_ns();
        out->ns[out->n++] = (double)(t1 - t0) / (double)batch;
        out->ops += batch;
        out->total_ns += t1 - t0;
        if (t1 >= deadline) {
            break;
        }
    }
    return 0;
}

void bench_samples_release(bench_samples *s)
{
    if (!s) {
        return;
    }
    free(s->ns);
    memset(s, 0, sizeof *s);
}

double bench_ops_per_sec(const bench_samples *s)
{
    if (!s || s->ops == 0 || s->total_ns <= 0) {
        return 0.0;
    }
    return (double)s->ops * 1e9 / (double)s->total_ns;
}

double bench_pct_ns(bench_samples *s, double pct)
{
    return wms_percentile(s->ns, s->n, pct);
}

static double ns_to(double ns, const char *unit)
{
    if (strcmp(unit, "us") == 0) {
        return ns / 1e3;
    }
    if (strcmp(unit, "ms") == 0) {
        return ns / 1e6;
    }
    if (strcmp(unit, "s") == 0) {
        return ns / 1e9;
    }
    return ns;
}

wms_bench_figure *bench_add_latency(wms_bench_report *r, const char *prefix, bench_samples *s,
                                    const char *unit)
{
    char name[64];
    double p50 = bench_pct_ns(s, 50.0), p99 = bench_pct_ns(s, 99.0);
    snprintf(name, sizeof name, "%s_p50", prefix);
    if (!wms_bench_add(r, name, ns_to(p50, unit), unit)) {
        return NULL;
    }
    snprintf(name, sizeof name, "%s_p99", prefix);
    return wms_bench_add(r, name, ns_to(p99, unit), unit);
}

int bench_print(const wms_bench_report *r, bool json)
{
    if (json) {
        json_t *j = NULL;
        int rc = wms_bench_to_json(r, &j);
        if (rc) {
            return rc;
        }
        char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(9));
        json_decref(j);
        if (!s) {
            return WMS_ENOMEM;
        }
        int bad = puts(s) < 0;
        free(s);
        return bad ? WMS_EIO : 0;
    }
    wms_buf b;
    wms_buf_init(&b, 1u << 20);
    int rc = wms_bench_to_table(r, &b);
    if (!rc && fputs(wms_buf_str(&b), stdout) < 0) {
        rc = WMS_EIO;
    }
    wms_buf_release(&b);
    return rc;
}
