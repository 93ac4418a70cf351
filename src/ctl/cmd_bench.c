/*
 * cmd_bench.c -- `wmsctl bench AREA [--json] [area options]`.
 *
 * Each area measures its figures (with a baseline from the same run where it
 * can) into a core wms_bench_report; this prints it as a table for people or,
 * with --json, as one JSON object on one line.  Benchmarks are not tests:
 * the exit status says whether the measurement ran, not whether goals were met.
 */
#include "bench_util.h"
#include "ctl.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bench_area {
    const char *name;
    bench_area_fn run;
    const char *usage; /* area options and what it measures, one line */
} bench_area;

/* The area table: one line per area, each in its own group (keep the
 * other groups' lines on merges). */
static const bench_area areas[] = {
        /* core (barcode: bench_core.c) */
        {"core", bench_core,
         "[--ms N] GTIN-13 checks, GS1-128 parses, classifications per second vs a plain mod-10"},

        /* store (store: bench_store.c) */
        {"store", bench_store,
         "[--products N] [--db PATH] barcode lookup, prefix search, durable confirm, bulk load, "
         "open"},

        /* sync (pg: bench_sync.c) */
        {"sync", bench_sync,
         "--dsn ADMIN_DSN [--bouncer-dsn DSN] [--products N] [--ops N] [--terminals N] "
         "[--only pool,pull,push,conc,http] first pull, push, concurrent push, HTTP, pool "
         "checkout"},

        /* scan (scan: bench_scan.c) */
        {"scan", bench_scan, "[--samples N] zbar decode per VGA/720p frame vs plain zbar; framers"},

        /* ui (ui: bench_ui.c) */
        {"ui", bench_ui,
         "[--idle-seconds N] kiosk scan to frame, frame time, start, RSS, idle CPU"},

        /* server (server: bench_server.c) */
        {"server", bench_server,
         "[--seconds N] [--connections N] [--dsn DSN [--token T]] wrk: /health, products page vs "
         "minimal libmicrohttpd baselines"},

        {NULL, NULL, NULL},
};

static void bench_usage(FILE *out)
{
    fprintf(out, "usage: wmsctl bench AREA [--json] [area options]\n"
                 "       wmsctl bench --list\n"
                 "areas:\n");
    size_t n = 0;
    for (size_t i = 0; areas[i].name; i++, n++) {
        fprintf(out, "  %-8s %s\n", areas[i].name, areas[i].usage);
    }
    if (n == 0) {
        fprintf(out, "  (none built yet)\n");
    }
}

int cmd_bench(int argc, char **argv)
{
    if (argc < 2) {
        bench_usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "--list") == 0) {
        bench_usage(stdout);
        return 0;
    }
    const bench_area *area = NULL;
    for (size_t i = 0; areas[i].name; i++) {
        if (strcmp(argv[1], areas[i].name) == 0) {
            area = &areas[i];
            break;
        }
    }
    if (!area) {
        fprintf(stderr, "wmsctl bench: unknown area '%s'\n", argv[1]);
        bench_usage(stderr);
        return 2;
    }
    /* argv for the area: its name, then every option but --json. */
    char **av = calloc((size_t)argc, sizeof *av);
    if (!av) {
        fprintf(stderr, "wmsctl bench: out of memory\n");
        return 1;
    }
    int ac = 0;
    bool json = false;
    av[ac++] = argv[1];
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            av[ac++] = argv[i];
        }
    }
    av[ac] = NULL;

    wms_bench_report *r = malloc(sizeof *r);
    if (!r) {
        free(av);
        fprintf(stderr, "wmsctl bench: out of memory\n");
        return 1;
    }
    char machine[sizeof r->machine];
    bench_machine(machine, sizeof machine);
    wms_bench_report_init(r, area->name, machine);
    int rc = area->run(ac, av, r);
    free(av);
    if (rc == 2) {
        free(r);
        return 2;
    }
    if (rc != 0) {
        fprintf(stderr, "wmsctl bench %s: failed (%s)\n", area->name,
                rc < 0 ? wms_strerror(rc) : "see above");
        free(r);
        return 1;
    }
    rc = bench_print(r, json);
    free(r);
    if (rc) {
        fprintf(stderr, "wmsctl bench: cannot print the report: %s\n", wms_strerror(rc));
        return 1;
    }
    return 0;
}
