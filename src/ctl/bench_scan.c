/*
 * bench_scan.c -- `wmsctl bench scan [--json] [--samples N]`:
 *  - zbar decode time per 640x480 and 1280x720 frame (p50/p99) on a set of
 *    frames generated with zint (EAN-13, UPC-A, GS1-128, Code 128, QR,
 *    GS1 QR, one empty frame), at scan densities 1, 2 and 3 with only the
 *    enabled symbologies, against the plain zbar library defaults on the
 *    same frames (baseline); reads on the set vs plain zbar;
 *  - keyboard-wedge and serial framing: scans per second, and the time
 *    from the suffix byte to the event (framer cost per scan).
 * Needs zint (Debian package) for the frames.
 */
#include "bench_util.h"
#include "ctl.h"

#include "wms/scan.h"

#include <linux/input.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct frame {
    unsigned w, h;
    uint8_t *px;
} frame;

static const char *const set_args[] = {
        "-b 13 -d 400638133393 --scale=2",
        "-b 34 -d 01234567890 --scale=2",
        "-b 16 --gs1 -d '[01]09501101530003[10]AB12[17]261231' --scale=2",
        "-b 20 -d 'LOC-A01-02' --scale=2",
        "-b 58 -d 'https://example.com/p/42' --scale=4",
        "-b 58 --gs1 -d '[01]09501101530003[10]AB[21]X9' --scale=4",
};
#define SET_N (sizeof set_args / sizeof set_args[0])

/* Paste `src` in the middle of a white w x h frame (cropped if larger). */
static int make_frame(const uint8_t *src, unsigned sw, unsigned sh, unsigned w, unsigned h,
                      frame *out)
{
    out->w = w;
    out->h = h;
    out->px = malloc((size_t)w * h);
    if (!out->px) {
        return -1;
    }
    memset(out->px, 255, (size_t)w * h);
    if (!src) {
        return 0;
    }
    unsigned cw = sw < w ? sw : w, ch = sh < h ? sh : h;
    unsigned ox = (w - cw) / 2, oy = (h - ch) / 2;
    for (unsigned y = 0; y < ch; y++) {
        memcpy(out->px + (size_t)(oy + y) * w + ox, src + (size_t)y * sw, cw);
    }
    return 0;
}

typedef struct dec_ctx {
    wms_zbar *z;
    frame *frames;
    size_t nframes;
    size_t reads;
} dec_ctx;

static void count_read(void *ctx, const wms_scan_event *ev)
{
    (void)ev;
    ((dec_ctx *)ctx)->reads++;
}

static int dec_op(void *p, size_t i)
{
    dec_ctx *c = p;
    frame *f = &c->frames[i % c->nframes];
    int n = wms_zbar_decode_gray(c->z, f->px, f->w, f->h, "bench", 0, NULL, NULL, NULL);
    return n < 0 ? 1 : 0;
}

static size_t reads_on_set(wms_zbar *z, frame *frames, size_t n)
{
    dec_ctx c = {.z = z, .frames = frames, .nframes = n, .reads = 0};
    for (size_t i = 0; i < n; i++) {
        wms_zbar_decode_gray(z, frames[i].px, frames[i].w, frames[i].h, "bench", 0, count_read, &c,
                             NULL);
    }
    return c.reads;
}

static int time_decoder(const wms_zbar_config *cfg, frame *frames, size_t n, size_t samples,
                        bench_samples *out, size_t *reads)
{
    wms_zbar *z;
    wms_err err;
    if (wms_zbar_new(cfg, &z, &err) != 0) {
        fprintf(stderr, "bench scan: %s\n", err.msg);
        bench_run(dec_op, NULL, 0, 1, 0, 0, out);
        return 1;
    }
    *reads = reads_on_set(z, frames, n);
    dec_ctx c = {.z = z, .frames = frames, .nframes = n, .reads = 0};
    int rc = bench_run(dec_op, &c, n, 1, samples, 20000, out);
    wms_zbar_free(z);
    return rc;
}

/* ---- framers ---- */

typedef struct framer_ctx {
    uint8_t *stream;
    size_t len;
    size_t scans_per_op;
    size_t got;
} framer_ctx;

static void count_scan(void *ctx, const wms_scan_event *ev)
{
    (void)ev;
    ((framer_ctx *)ctx)->got++;
}

static int kbd_op(void *p, size_t i)
{
    (void)i;
    framer_ctx *c = p;
    wms_kbd_config cfg = {.layout = WMS_KBD_US, .suffix = {'\r'}, .suffix_len = 1, .gap_ms = 100};
    wms_kbd_framer f;
    wms_kbd_framer_init(&f, "bench", &cfg, count_scan, c);
    wms_kbd_framer_feed(&f, c->stream, c->len);
    return f.stats.scans == c->scans_per_op ? 0 : 1;
}

static int serial_op(void *p, size_t i)
{
    framer_ctx *c = p;
    wms_serial_framer f;
    wms_serial_framer_init(&f, "bench", WMS_SERIAL_CRLF, 100, count_scan, c);
    /* as a tty delivers it: 64-byte reads */
    for (size_t off = 0; off < c->len; off += 64) {
        size_t n = c->len - off < 64 ? c->len - off : 64;
        wms_serial_framer_feed(&f, c->stream + off, n, (int64_t)(i + 1) * 1000);
    }
    return f.stats.scans == c->scans_per_op ? 0 : 1;
}

static void put_ev(uint8_t **p, uint16_t type, uint16_t code, int32_t value, int64_t t_us)
{
    struct input_event ie;
    memset(&ie, 0, sizeof ie);
    ie.input_event_sec = t_us / 1000000;
    ie.input_event_usec = t_us % 1000000;
    ie.type = type;
    ie.code = code;
    ie.value = value;
    memcpy(*p, &ie, sizeof ie);
    *p += sizeof ie;
}

#define FR_SCANS 100

int bench_scan(int argc, char **argv, wms_bench_report *r)
{
    size_t samples = 300;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--samples") == 0 && i + 1 < argc) {
            samples = (size_t)strtoul(argv[++i], NULL, 10);
            if (samples < 10 || samples > 100000) {
                fprintf(stderr, "bench scan: --samples 10..100000\n");
                return 2;
            }
        } else {
            fprintf(stderr, "bench scan: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    char dir[] = "/tmp/wms_bench_scan_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench scan: mkdtemp");
        return 1;
    }
    static const unsigned sizes[2][2] = {{640, 480}, {1280, 720}};
    frame frames[2][SET_N + 1];
    memset(frames, 0, sizeof frames);
    int rc = 0;
    for (size_t k = 0; k < SET_N && rc == 0; k++) {
        char cmd[512], path[128];
        snprintf(path, sizeof path, "%s/%zu.png", dir, k);
        snprintf(cmd, sizeof cmd, "zint %s -o %s >/dev/null 2>&1", set_args[k], path);
        uint8_t *px = NULL;
        unsigned w, h;
        wms_err err;
        if (system(cmd) != 0 || wms_image_load_gray(path, &px, &w, &h, &err) != 0) {
            fprintf(stderr, "bench scan: cannot make frame with zint (%s)\n", set_args[k]);
            rc = 1;
            break;
        }
        for (size_t s = 0; s < 2; s++) {
            if (make_frame(px, w, h, sizes[s][0], sizes[s][1], &frames[s][k]) != 0) {
                rc = 1;
            }
        }
        free(px);
        unlink(path);
    }
    rmdir(dir);
    for (size_t s = 0; s < 2 && rc == 0; s++) {
        if (make_frame(NULL, 0, 0, sizes[s][0], sizes[s][1], &frames[s][SET_N]) != 0) {
            rc = 1;
        }
    }
    for (size_t s = 0; s < 2 && rc == 0; s++) {
        const char *res = s == 0 ? "vga" : "hd720";
        wms_zbar_config plain = {.plain = true, .density = 1};
        bench_samples base;
        size_t base_reads = 0;
        rc = time_decoder(&plain, frames[s], SET_N + 1, samples, &base, &base_reads);
        double base_p50 = bench_pct_ns(&base, 50) / 1e6;
        double base_p99 = bench_pct_ns(&base, 99) / 1e6;
        bench_samples_release(&base);
        for (int d = 1; d <= 3 && rc == 0; d++) {
            wms_zbar_config cfg = {.symbologies = wms_zbar_default_symbologies(), .density = d};
            bench_samples smp;
            size_t reads = 0;
            rc = time_decoder(&cfg, frames[s], SET_N + 1, samples, &smp, &reads);
            char name[48];
            snprintf(name, sizeof name, "zbar_%s_d%d_p50", res, d);
            wms_bench_figure *f = wms_bench_add(r, name, bench_pct_ns(&smp, 50) / 1e6, "ms");
            if (f) {
                wms_bench_set_baseline(f, "plain zbar defaults, p50", base_p50);
                if (s == 0) {
                    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 4.0);
                }
            }
            snprintf(name, sizeof name, "zbar_%s_d%d_p99", res, d);
            f = wms_bench_add(r, name, bench_pct_ns(&smp, 99) / 1e6, "ms");
            if (f) {
                wms_bench_set_baseline(f, "plain zbar defaults, p99", base_p99);
            }
            snprintf(name, sizeof name, "zbar_%s_d%d_reads", res, d);
            f = wms_bench_add(r, name, (double)reads, "reads");
            if (f) {
                wms_bench_set_baseline(f, "plain zbar reads on the set", (double)base_reads);
                wms_bench_set_goal(f, WMS_GOAL_RATIO_GE, 1.0);
            }
            bench_samples_release(&smp);
        }
    }
    for (size_t s = 0; s < 2; s++) {
        for (size_t k = 0; k <= SET_N; k++) {
            free(frames[s][k].px);
        }
    }
    if (rc != 0) {
        return rc;
    }

    /* keyboard-wedge framer: FR_SCANS scans of 20 characters + Enter */
    const size_t ev_per_scan = 21 * 4;
    uint8_t *stream = malloc(FR_SCANS * ev_per_scan * sizeof(struct input_event));
    if (!stream) {
        return 1;
    }
    uint8_t *p = stream;
    int64_t t = 1000000;
    static const uint16_t keys[10] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                      KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
    for (size_t sc = 0; sc < FR_SCANS; sc++) {
        for (size_t c = 0; c < 21; c++) {
            uint16_t k = c == 20 ? (uint16_t)KEY_ENTER : keys[(sc + c) % 10];
            put_ev(&p, EV_KEY, k, 1, t);
            put_ev(&p, EV_SYN, SYN_REPORT, 0, t);
            put_ev(&p, EV_KEY, k, 0, t + 300);
            put_ev(&p, EV_SYN, SYN_REPORT, 0, t + 300);
            t += 1000;
        }
    }
    framer_ctx fc = {.stream = stream, .len = (size_t)(p - stream), .scans_per_op = FR_SCANS};
    bench_samples fs;
    rc = bench_run(kbd_op, &fc, 10, 1, 2000, 5000, &fs);
    double kbd_scans = bench_ops_per_sec(&fs) * FR_SCANS;
    double kbd_lat_ns = bench_pct_ns(&fs, 50) / FR_SCANS / 21.0;
    bench_samples_release(&fs);
    free(stream);
    if (rc != 0) {
        return rc;
    }
    wms_bench_add(r, "kbd_framer_scans_per_s", kbd_scans, "scans/s");
    /* last key (4 records) to event: the framer's cost for those records */
    wms_bench_add(r, "kbd_suffix_to_event", kbd_lat_ns, "ns");

    static const char line[] = "]C10109501101530003\x1d"
                               "10AB12\r\n";
    size_t ll = sizeof line - 1;
    uint8_t *sbuf = malloc(ll * FR_SCANS);
    if (!sbuf) {
        return 1;
    }
    for (size_t sc = 0; sc < FR_SCANS; sc++) {
        memcpy(sbuf + sc * ll, line, ll);
    }
    framer_ctx sc = {.stream = sbuf, .len = ll * FR_SCANS, .scans_per_op = FR_SCANS};
    rc = bench_run(serial_op, &sc, 10, 1, 2000, 5000, &fs);
    double ser_scans = bench_ops_per_sec(&fs) * FR_SCANS;
    double ser_lat_ns = bench_pct_ns(&fs, 50) / FR_SCANS / (double)ll * 2.0;
    bench_samples_release(&fs);
    free(sbuf);
    if (rc != 0) {
        return rc;
    }
    wms_bench_add(r, "serial_framer_scans_per_s", ser_scans, "scans/s");
    wms_bench_add(r, "serial_crlf_to_event", ser_lat_ns, "ns");
    return 0;
}
