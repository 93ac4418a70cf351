/*
 * bench.c -- wms-kiosk --bench: scan-to-frame latency, frame render time
 * per display size, start to first frame, memory, idle CPU.  Figures, not
 * tests (architecture.md, "Benchmarks").
 */
#include "session.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms_f(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec * 1e3 + (double)ru.ru_utime.tv_usec / 1e3 +
           (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3;
}

static double status_mb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) {
        return 0;
    }
    char line[256];
    double v = 0;
    size_t kl = strlen(key);
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
            v = strtod(line + kl + 1, NULL) / 1024.0;
            break;
        }
    }
    fclose(f);
    return v;
}

static void machine(char *buf, size_t cap)
{
    struct utsname u;
    char model[96] = "unknown cpu";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof(line), f)) {
            if (strncmp(line, "model name", 10) == 0) {
                const char *c = strchr(line, ':');
                if (c) {
                    snprintf(model, sizeof(model), "%s", c + 2);
                    model[strcspn(model, "\n")] = '\0';
                }
                break;
            }
        }
        fclose(f);
    }
    uname(&u);
    snprintf(buf, cap, "%s, %ld cpus, %s", u.machine, sysconf(_SC_NPROCESSORS_ONLN), model);
}

static void login(session *s)
{
    int64_t t = session_now_ms(s);
    kiosk_scan(s->k, (const uint8_t *)"B:0001", 6, t);
    kiosk_text(s->k, "1234", t);
    kiosk_key(s->k, KK_ENTER, t);
}

/* Run `exe --db DB --cold-start-probe` (exec, libraries, SDL, fonts, data,
 * first frame, exit) and return the wall time in ms, or -1. */
static double cold_start(const char *exe, const char *db)
{
    double t0 = now_ms_f();
    pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        char a0[] = "wms-kiosk", a1[] = "--db", a3[] = "--cold-start-probe";
        char a2[512];
        wms_strlcpy(a2, db, sizeof(a2));
        char *const argv[] = {a0, a1, a2, a3, NULL};
        execv(exe, argv);
        _exit(127);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        return -1;
    }
    return now_ms_f() - t0;
}

/* Remove the scratch database (and its directory) the benchmark made. */
static void scratch_remove(const char *dir, const char *db)
{
    if (!dir[0]) {
        return;
    }
    static const char *const sfx[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < WMS_ARRAY_LEN(sfx); i++) {
        char p[600];
        snprintf(p, sizeof(p), "%s%s", db, sfx[i]);
        unlink(p);
    }
    rmdir(dir);
}

int kiosk_bench(wms_bench_report *r, const kiosk_conf *conf_in, int idle_seconds, const char *exe,
                wms_err *err)
{
    char mach[128];
    machine(mach, sizeof(mach));
    wms_bench_report_init(r, "ui", mach);

    /* The benchmark receives goods: never into the operator's own default
     * database.  Without --db it works on a scratch database (seeded with
     * conf->demo_products, removed at the end); with --db it uses that file
     * and cancels its draft receipt at the end. */
    kiosk_conf cf = *conf_in;
    const kiosk_conf *conf = &cf;
    /* ... and never to the centre: its receipts must not sync, and no
     * scanner device is opened. */
    cf.link = KLINK_NONE;
    memset(cf.src, 0, sizeof(cf.src));
    char scratch[64] = "";
    if (!cf.db[0]) {
        wms_strlcpy(scratch, "/tmp/wms-kiosk-bench-XXXXXX", sizeof(scratch));
        if (!mkdtemp(scratch)) {
            return wms_err_set(err, WMS_EIO, "cannot create a scratch directory in /tmp");
        }
        snprintf(cf.db, sizeof(cf.db), "%s/kiosk.db", scratch);
    }
    if (strcmp(cf.db, "mem:") != 0) {
        /* create and seed it first: seeding is not start-up time */
        kdata pre;
        int prc = kdata_open(&pre, conf, err);
        if (prc != 0) {
            scratch_remove(scratch, cf.db);
            return prc;
        }
        kdata_close(&pre);
    }

    /* Start to first interactive frame: data, fonts, renderer, frame. */
    double t0 = now_ms_f();
    session s;
    int rc = session_open(&s, conf, err);
    if (rc != 0) {
        scratch_remove(scratch, cf.db);
        return rc;
    }
    rc = session_display(&s, WMS_SDL_HEADLESS, 800, 480, err);
    if (rc != 0) {
        session_close(&s);
        scratch_remove(scratch, cf.db);
        return rc;
    }
    session_frame(&s, true);
    double start_ms = now_ms_f() - t0;

    /* scan -> frame on the receive screen. */
    login(&s);
    kiosk_action(s.k, KA_TILE_RECEIVE, session_now_ms(&s));
    kiosk_action(s.k, KA_UNPLANNED, session_now_ms(&s));
    session_frame(&s, false);
    static const char *const codes[] = {"4006381333931", "5000111000017"};
    enum { N = 400 };
    double *lat = calloc(N, sizeof(double));
    double *base = calloc(N, sizeof(double));
    if (!lat || !base) {
        free(lat);
        free(base);
        session_close(&s);
        scratch_remove(scratch, cf.db);
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    for (int i = 0; i < N; i++) {
        const char *c = codes[i % 2];
        double a = now_ms_f();
        kiosk_scan(s.k, (const uint8_t *)c, strlen(c), session_now_ms(&s));
        session_frame(&s, false);
        lat[i] = now_ms_f() - a;
        a = now_ms_f();
        session_frame(&s, true);
        base[i] = now_ms_f() - a;
    }
    double p50 = wms_percentile(lat, N, 50), p99 = wms_percentile(lat, N, 99);
    double b99 = wms_percentile(base, N, 99);
    wms_bench_figure *f = wms_bench_add(r, "scan_to_frame_p50", p50, "ms");
    f = wms_bench_add(r, "scan_to_frame_p99", p99, "ms");
    wms_bench_set_baseline(f, "redraw of the same screen, p99", b99);
    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 2.0);

    /* A known product on the receive screen: the durable add (the data
     * backend's rows + outbox transaction, fsync'd), the lines read back,
     * the frame -- what the operator waits for before the success tone. */
    static const char add_code[] = "4010000000074";
    kd_product ap;
    wms_qty apack;
    if (s.db.ops->product_by_gtin(s.db.d, "04010000000074", &ap, &apack, NULL) == 0) {
        int na = 0;
        for (int i = 0; i < N / 2; i++) {
            unsigned before = s.tones[WMS_TONE_SUCCESS];
            double a = now_ms_f();
            kiosk_scan(s.k, (const uint8_t *)add_code, strlen(add_code), session_now_ms(&s));
            session_frame(&s, false);
            double t = now_ms_f() - a;
            if (s.tones[WMS_TONE_SUCCESS] != before) {
                lat[na++] = t; /* only adds that were confirmed */
            }
        }
        if (na > 0) {
            wms_bench_add(r, "scan_add_to_frame_p50", wms_percentile(lat, (size_t)na, 50), "ms");
            f = wms_bench_add(r, "scan_add_to_frame_p99", wms_percentile(lat, (size_t)na, 99),
                              "ms");
            wms_bench_set_baseline(f, "unknown-barcode scan to frame (no write), p99", p99);
        }
    }
    if (s.k->rcv.doc.id[0] && strcmp(cf.db, "mem:") != 0) {
        s.db.ops->doc_cancel(s.db.d, s.k->rcv.doc.id, NULL);
    }

    /* Frame render time at each display size (forced full redraw of a busy
     * screen: home with a toast). */
    for (size_t i = 0; i < WMS_ARRAY_LEN(wms_display_sizes); i++) {
        wms_sdl_opts o = {WMS_SDL_HEADLESS,
                          wms_display_sizes[i].w,
                          wms_display_sizes[i].h,
                          conf->font[0] ? conf->font : NULL,
                          NULL,
                          0};
        wms_sdl *sdl = NULL;
        wms_ui *ui = calloc(1, sizeof(*ui));
        if (!ui || wms_sdl_open(&o, &sdl, err) != 0) {
            free(ui);
            break;
        }
        wms_ui_init(ui, wms_sdl_gfx(sdl));
        kiosk_action(s.k, KA_HOME, session_now_ms(&s));
        kiosk_draw(s.k, ui);
        wms_ui_end(ui, true, NULL);
        for (int j = 0; j < N / 4; j++) {
            double a = now_ms_f();
            kiosk_draw(s.k, ui);
            wms_ui_end(ui, true, NULL);
            lat[j] = now_ms_f() - a;
        }
        char name[48];
        snprintf(name, sizeof(name), "frame_%s_p50", wms_display_sizes[i].name);
        f = wms_bench_add(r, name, wms_percentile(lat, N / 4, 50), "ms");
        wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 16.7);
        free(ui);
        wms_sdl_close(sdl);
    }
    f = wms_bench_add(r, "start_to_first_frame", start_ms, "ms");
    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 150);
    if (exe) {
        double runs[5];
        size_t nr = 0;
        for (int i = 0; i < 5; i++) {
            double v = cold_start(exe, cf.db);
            if (v >= 0) {
                runs[nr++] = v;
            }
        }
        if (nr > 0) {
            f = wms_bench_add(r, "cold_start_process", wms_percentile(runs, nr, 50), "ms");
            wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 150);
        }
    }

    /* Idle: the real loop waiting for events. */
    if (idle_seconds > 0 && SDL_InitSubSystem(SDL_INIT_EVENTS) == 0) {
        s.run_until_ms = session_now_ms(&s) + idle_seconds * 1000;
        double c0 = cpu_ms(), w0 = now_ms_f();
        session_run(&s);
        double cpu = cpu_ms() - c0, wall = now_ms_f() - w0;
        f = wms_bench_add(r, "idle_cpu", wall > 0 ? 100.0 * cpu / wall : 0, "%");
        wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 1.0);
        SDL_QuitSubSystem(SDL_INIT_EVENTS);
    }
    f = wms_bench_add(r, "rss", status_mb("VmRSS"), "MB");
    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 40);
    wms_bench_add(r, "rss_peak", status_mb("VmHWM"), "MB");
    free(lat);
    free(base);
    session_close(&s);
    scratch_remove(scratch, cf.db);
    return 0;
}
