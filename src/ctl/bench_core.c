/*
 * bench_core.c -- `wmsctl bench core [--json] [--ms N]`: GTIN-13 checks,
 * GS1-128 element string parses and scan classifications per second, with
 * p50/p99 per operation.  Baseline, measured in the same run over the same
 * inputs: a plain hand-written mod-10 loop (the least work any check can
 * do), so that the ratios say what the validation costs on top of it.
 */
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIN 1024 /* distinct inputs, cycled */

typedef struct core_ctx {
    char ean[NIN][14];    /* 13 digits + NUL */
    uint8_t gs1[NIN][64]; /* raw GS1-128 element strings (after ]C1) */
    size_t gs1_len[NIN];
    uint8_t scan[NIN][72]; /* what a scanner sends: ]C1 + element string / ]E0 + EAN */
    size_t scan_len[NIN];
    wms_gs1 g;          /* parse output */
    wms_scan_class cls; /* classify output */
    wms_gs1_opts opts;
    unsigned sink; /* keeps the baseline loop from being optimised away */
} core_ctx;

static uint64_t next_rand(uint64_t *s)
{
    /* splitmix64: deterministic inputs */
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static void make_inputs(core_ctx *c)
{
    uint64_t seed = 1;
    for (size_t i = 0; i < NIN; i++) {
        char *e = c->ean[i];
        for (int k = 0; k < 12; k++) {
            e[k] = (char)('0' + next_rand(&seed) % 10);
        }
        e[12] = (char)wms_gs1_check_digit(e, 12);
        e[13] = '\0';
        unsigned day = 1 + (unsigned)(next_rand(&seed) % 28);
        unsigned mon = 1 + (unsigned)(next_rand(&seed) % 12);
        char s[64];
        int n = snprintf(s, sizeof s,
                         "010%s17%02u%02u%02u10LOT%05u\x1d"
                         "21S%07u",
                         e, 27u, mon, day, (unsigned)(next_rand(&seed) % 100000),
                         (unsigned)(next_rand(&seed) % 10000000));
        memcpy(c->gs1[i], s, (size_t)n);
        c->gs1_len[i] = (size_t)n;
        if (i % 2 == 0) {
            memcpy(c->scan[i], "]C1", 3);
            memcpy(c->scan[i] + 3, s, (size_t)n);
            c->scan_len[i] = (size_t)n + 3;
        } else {
            memcpy(c->scan[i], "]E0", 3);
            memcpy(c->scan[i] + 3, e, 13);
            c->scan_len[i] = 16;
        }
    }
    c->opts.ref_year = 2026;
}

/* The baseline: a plain mod-10 over the digits, no validation at all. */
static unsigned plain_mod10(const char *s, size_t len)
{
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        sum += ((len - i) % 2 == 0) ? 3 * d : d;
    }
    return sum % 10;
}

static int op_gtin(void *ctx, size_t i)
{
    core_ctx *c = ctx;
    return wms_gtin_check(c->ean[i % NIN], 13, NULL) == 0 ? 0 : 1;
}

static int op_gtin_base(void *ctx, size_t i)
{
    core_ctx *c = ctx;
    c->sink += plain_mod10(c->ean[i % NIN], 13);
    return 0;
}

static int op_gs1(void *ctx, size_t i)
{
    core_ctx *c = ctx;
    size_t k = i % NIN;
    return wms_gs1_parse(c->gs1[k], c->gs1_len[k], &c->opts, &c->g, NULL) == 0 ? 0 : 1;
}

static int op_gs1_base(void *ctx, size_t i)
{
    core_ctx *c = ctx;
    size_t k = i % NIN;
    /* the same bytes, mod-10 over the GTIN digits only */
    c->sink += plain_mod10((const char *)c->gs1[k] + 2, 14);
    return 0;
}

static int op_classify(void *ctx, size_t i)
{
    core_ctx *c = ctx;
    size_t k = i % NIN;
    return wms_scan_classify(c->scan[k], c->scan_len[k], &c->opts, &c->cls, NULL) == 0 ? 0 : 1;
}

static int measure(wms_bench_report *r, const char *name, bench_op_fn op, bench_op_fn base,
                   core_ctx *c, size_t batch, int64_t ms, const char *base_text)
{
    bench_samples s, b;
    int rc = bench_run(op, c, 1000, batch, 200000, ms, &s);
    if (rc != 0) {
        bench_samples_release(&s);
        fprintf(stderr, "wmsctl bench core: %s failed (%d)\n", name, rc);
        return 1;
    }
    rc = base ? bench_run(base, c, 1000, batch, 200000, ms, &b) : 0;
    if (rc != 0) {
        bench_samples_release(&s);
        bench_samples_release(&b);
        return 1;
    }
    char fname[48];
    snprintf(fname, sizeof fname, "%s", name);
    wms_bench_figure *f = wms_bench_add(r, fname, bench_ops_per_sec(&s), "ops/s");
    if (f && base) {
        wms_bench_set_baseline(f, base_text, bench_ops_per_sec(&b));
    }
    bench_add_latency(r, name, &s, "ns");
    bench_samples_release(&s);
    if (base) {
        bench_samples_release(&b);
    }
    return 0;
}

int bench_core(int argc, char **argv, wms_bench_report *r)
{
    int64_t ms = 1000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ms") == 0 && i + 1 < argc) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            if (!end || *end || v < 10 || v > 60000) {
                fprintf(stderr, "wmsctl bench core: --ms 10..60000\n");
                return 2;
            }
            ms = v;
        } else {
            fprintf(stderr, "usage: wmsctl bench core [--json] [--ms N]\n");
            return 2;
        }
    }
    core_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        return WMS_ENOMEM;
    }
    make_inputs(c);
    int rc = measure(r, "gtin13_check", op_gtin, op_gtin_base, c, 64, ms,
                     "hand-written mod-10 loop");
    if (rc == 0) {
        rc = measure(r, "gs1_128_parse", op_gs1, op_gs1_base, c, 16, ms,
                     "hand-written mod-10 of its GTIN");
    }
    if (rc == 0) {
        rc = measure(r, "scan_classify", op_classify, NULL, c, 16, ms, NULL);
    }
    if (c->sink == 0xFFFFFFFFu) {
        fprintf(stderr, "(sink %u)\n", c->sink);
    }
    free(c);
    return rc;
}
