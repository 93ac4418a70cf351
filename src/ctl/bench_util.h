/*
 * bench_util.h -- what `wmsctl bench AREA` gives every area: the area
 * functions' signature, a machine description, a monotonic timing helper
 * and shortcuts that turn samples into report figures.
 *
 * An area lives in src/ctl/bench_<area>.c and fills the report:
 *
 *   int bench_<area>(int argc, char **argv, wms_bench_report *r);
 *
 * argv[0] is the area name, the rest are the area's own options (--json is
 * taken out by cmd_bench.c).  `r` is already initialised with the area and
 * the machine.  Return 0 on success, 2 for a usage error, anything else
 * (1 or a negative WMS_E*) when the benchmark failed; say why on stderr.
 * Progress or notes go to stderr, never stdout (stdout carries the report).
 */
#ifndef WMS_CTL_BENCH_UTIL_H
#define WMS_CTL_BENCH_UTIL_H

#include "wms/core.h"

#include <stddef.h>
#include <stdint.h>

typedef int (*bench_area_fn)(int argc, char **argv, wms_bench_report *r);

/* The areas (each defined in its own bench_<area>.c, owned by its module). */
int bench_core(int argc, char **argv, wms_bench_report *r);   /* barcode */
int bench_store(int argc, char **argv, wms_bench_report *r);  /* store   */
int bench_sync(int argc, char **argv, wms_bench_report *r);   /* pg      */
int bench_scan(int argc, char **argv, wms_bench_report *r);   /* scan    */
int bench_ui(int argc, char **argv, wms_bench_report *r);     /* ui      */
int bench_server(int argc, char **argv, wms_bench_report *r); /* server  */

/* "x86_64, 2 cpus, Intel(R) Xeon(R) ..." from uname(2), sysconf(3) and
 * /proc/cpuinfo ("model name", or "Model"/"Hardware"/"CPU part" on ARM).
 * Always NUL-terminated; unknown parts print as "?". */
void bench_machine(char *buf, size_t cap);

/* Monotonic clock in ns (CLOCK_MONOTONIC). */
int64_t bench_now_ns(void);

/*
 * One operation under measurement: `i` counts calls from 0.  Return 0, or
 * non-zero to stop the run (bench_run then returns that value).
 */
typedef int (*bench_op_fn)(void *ctx, size_t i);

/*
 * Samples of one run.  ns[k] is the time of one operation in ns: when
 * `batch` > 1, each sample is one batch's time divided by batch (for
 * operations too fast to time one by one).  Released with
 * bench_samples_release().
 */
typedef struct bench_samples {
    double *ns;       /* n samples (malloc'd)                   */
    size_t n;         /* samples taken                          */
    size_t ops;       /* operations run: n * batch              */
    int64_t total_ns; /* wall time of all timed batches        */
} bench_samples;

/*
 * Run `op` in batches of `batch` calls until `max_samples` samples are taken
 * or `max_ms` ms have passed (whichever comes first; at least one sample;
 * max_ms <= 0 means no time limit).  `warmup` calls run untimed first.
 * Returns 0, WMS_EINVAL for bad arguments, WMS_ENOMEM, or the non-zero
 * value `op` returned (the samples taken so far are kept).  `out` is always
 * initialised: call bench_samples_release() whatever the result.
 */
int bench_run(bench_op_fn op, void *ctx, size_t warmup, size_t batch, size_t max_samples,
              int64_t max_ms, bench_samples *out);
void bench_samples_release(bench_samples *s);

/* Operations per second over the run (0 when nothing ran). */
double bench_ops_per_sec(const bench_samples *s);

/* Percentile of the samples in ns (sorts them). */
double bench_pct_ns(bench_samples *s, double pct);

/*
 * Add "<prefix>_p50" and "<prefix>_p99" figures in `unit` ("ns", "us",
 * "ms") to the report.  Returns the p99 figure (NULL when the report is
 * full) so that the caller can set its baseline and goal.
 */
wms_bench_figure *bench_add_latency(wms_bench_report *r, const char *prefix, bench_samples *s,
                                    const char *unit);

/* Print the report: a table, or with `json` one JSON object (one line). */
int bench_print(const wms_bench_report *r, bool json);

#endif
