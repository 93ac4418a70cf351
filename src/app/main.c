/*
 * wms-kiosk -- the scanner terminal: wires config, the local data, the UI
 * toolkit and the scanner into the kiosk's screens.  The only place that
 * reads the command line and may exit.
 */
#include "ksync.h"
#include "session.h"

#include "wms/core.h"

#include <SDL.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef WMS_ASSETS_DIR
#define WMS_ASSETS_DIR "assets"
#endif

static void usage(FILE *out)
{
    fprintf(out, "usage: wms-kiosk [OPTIONS]\n"
                 "  --config FILE      INI config (keys: wms-kiosk --help-config; default\n"
                 "                     ~/.config/wms-kiosk/kiosk.ini when it exists)\n"
                 "  --db PATH          local database (default: per-user data dir)\n"
                 "  --demo             seed demo data when the database is new (the default)\n"
                 "  --windowed         a window on a desktop (default when a display exists)\n"
                 "  --fullscreen       full screen (KMSDRM at a Pi console)\n"
                 "  --size WxH         800x480, 1024x600, 1280x800, 480x800, ...\n"
                 "  --font PATH        DejaVuSans.ttf or its directory\n"
                 "  --script FILE      replay a script headless (see README, Kiosk)\n"
                 "  --screenshots DIR  where --script writes its shots\n"
                 "  --health [--json]  print health; exit 0 healthy, 1 otherwise\n"
                 "  --bench [--json]   benchmark figures (--idle-seconds N, default 10)\n"
                 "  --help-config      list the config keys\n"
                 "  --version, --help\n"
                 "keys: F1 home, F2 lookup, F3 documents, F4 sync, Esc back, Enter next,\n"
                 "      PgUp/PgDn pages, Ctrl+Alt+Q quit\n");
}

static int read_file(const char *path, char **out, size_t *len, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return -1;
    }
    char *buf = malloc(max + 1);
    if (!buf) {
        fclose(f);
        return -1;
    }
    size_t n = fread(buf, 1, max + 1, f);
    fclose(f);
    if (n > max) {
        free(buf);
        return -2;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int run_script(const kiosk_conf *conf, const char *path, const char *dir, int w, int h)
{
    char *text = NULL;
    size_t len = 0;
    int rc = read_file(path, &text, &len, SCRIPT_FILE_MAX);
    if (rc != 0) {
        fprintf(stderr, "wms-kiosk: %s: %s\n", path,
                rc == -2 ? "larger than 64 KiB" : "cannot read");
        return 2;
    }
    script sc;
    wms_err err = {0};
    rc = script_parse(text, len, &sc, &err);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "wms-kiosk: %s:%s\n", path, err.msg);
        return 2;
    }
    if (sc.n > 0 && sc.cmds[0].op == SOP_SIZE) {
        w = (int)sc.cmds[0].a;
        h = (int)sc.cmds[0].b;
    }
    session s;
    if (session_open(&s, conf, &err) != 0) {
        fprintf(stderr, "wms-kiosk: %s\n", err.msg);
        script_release(&sc);
        return 1;
    }
    session_use_script_clock(&s);
    if (session_display(&s, WMS_SDL_HEADLESS, w, h, &err) != 0) {
        fprintf(stderr, "wms-kiosk: %s\n", err.msg);
        session_close(&s);
        script_release(&sc);
        return 1;
    }
    rc = session_script(&s, &sc, dir, stderr);
    if (rc == 0) {
        fprintf(stderr, "wms-kiosk: script %s passed (%zu commands)%s%s\n", path, sc.n,
                dir ? ", screenshots in " : "", dir ? dir : "");
    }
    session_close(&s);
    script_release(&sc);
    return rc;
}

static int run_health(const kiosk_conf *conf, bool json)
{
    kdata db;
    wms_err err = {0};
    wms_health h;
    wms_health_init(&h);
    if (kdata_open(&db, conf, &err) != 0) {
        wms_health_add(&h, "local_db", WMS_HEALTH_UNHEALTHY, true, "%s", err.msg);
    } else {
        db.ops->health(db.d, &h);
        kdata_close(&db);
        ksync_probe(conf, &h);
    }
    char dir[512];
    if (wms_ui_font_find(conf->font[0] ? conf->font : NULL, dir, sizeof(dir), &err) != 0) {
        wms_health_add(&h, "font", WMS_HEALTH_UNHEALTHY, true, "%s", err.msg);
    } else {
        wms_health_add(&h, "font", WMS_HEALTH_HEALTHY, false, "%s", dir);
    }
    wms_health_status st = wms_health_overall(&h);
    if (json) {
        json_t *j = NULL;
        if (wms_health_to_json(&h, &j) == 0) {
            char *s = json_dumps(j, JSON_COMPACT);
            printf("%s\n", s ? s : "{}");
            free(s);
            json_decref(j);
        }
    } else {
        printf("status: %s\n", wms_health_status_name(st));
        for (size_t i = 0; i < h.count; i++) {
            printf("  %-14s %-10s %s\n", h.comp[i].name, wms_health_status_name(h.comp[i].status),
                   h.comp[i].detail);
        }
    }
    return st == WMS_HEALTH_HEALTHY ? 0 : 1;
}

static int run_bench(const kiosk_conf *conf, bool json, int idle)
{
    wms_bench_report r;
    wms_err err = {0};
    if (kiosk_bench(&r, conf, idle, "/proc/self/exe", &err) != 0) {
        fprintf(stderr, "wms-kiosk: bench: %s\n", err.msg);
        return 1;
    }
    if (json) {
        json_t *j = NULL;
        if (wms_bench_to_json(&r, &j) == 0) {
            char *s = json_dumps(j, JSON_COMPACT);
            printf("%s\n", s ? s : "{}");
            free(s);
            json_decref(j);
        }
    } else {
        wms_buf b;
        wms_buf_init(&b, 1 << 16);
        wms_bench_to_table(&r, &b);
        fputs(wms_buf_str(&b), stdout);
        wms_buf_release(&b);
    }
    return 0;
}

/* KMSDRM needs /dev/dri and /dev/input; SDL says nothing useful when they
 * are missing, so look first. */
static bool can_kmsdrm(char *why, size_t cap)
{
    if (access("/dev/dri/card0", R_OK | W_OK) != 0 && access("/dev/dri/card1", R_OK | W_OK) != 0) {
        snprintf(why, cap, "no access to /dev/dri/card* (add the user to the 'video' group)");
        return false;
    }
    if (access("/dev/input", R_OK | X_OK) != 0) {
        snprintf(why, cap, "no access to /dev/input (add the user to the 'input' group)");
        return false;
    }
    return true;
}

static bool have_display(void)
{
    const char *d = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    const char *drv = getenv("SDL_VIDEODRIVER");
    return (d && *d) || (wl && *wl) || (drv && *drv);
}

int main(int argc, char **argv)
{
    const char *config = NULL, *db = NULL, *script_path = NULL, *shots = NULL, *size = NULL;
    const char *font = NULL;
    bool health = false, json = false, bench = false, windowed = false, fullscreen = false;
    bool probe = false;
    int idle = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_next = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("wms-kiosk %s\n", wms_version());
            return 0;
        } else if (strcmp(a, "--help-config") == 0) {
            const wms_cfg_schema *sc = kiosk_conf_schema();
            for (size_t k = 0; k < sc->count; k++) {
                printf("[%s] %-14s %s (default: %s)\n", sc->keys[k].section, sc->keys[k].name,
                       sc->keys[k].help, sc->keys[k].def ? sc->keys[k].def : "");
            }
            return 0;
        } else if (strcmp(a, "--config") == 0 && has_next) {
            config = argv[++i];
        } else if (strcmp(a, "--db") == 0 && has_next) {
            db = argv[++i];
        } else if (strcmp(a, "--script") == 0 && has_next) {
            script_path = argv[++i];
        } else if (strcmp(a, "--screenshots") == 0 && has_next) {
            shots = argv[++i];
        } else if (strcmp(a, "--size") == 0 && has_next) {
            size = argv[++i];
        } else if (strcmp(a, "--font") == 0 && has_next) {
            font = argv[++i];
        } else if (strcmp(a, "--idle-seconds") == 0 && has_next) {
            idle = atoi(argv[++i]) < 0 ? 0 : (int)strtol(argv[i], NULL, 10);
        } else if (strcmp(a, "--demo") == 0) {
            /* the embedded default always seeds a new database */
        } else if (strcmp(a, "--windowed") == 0) {
            windowed = true;
        } else if (strcmp(a, "--fullscreen") == 0) {
            fullscreen = true;
        } else if (strcmp(a, "--cold-start-probe") == 0) {
            probe = true;
        } else if (strcmp(a, "--health") == 0) {
            health = true;
        } else if (strcmp(a, "--bench") == 0) {
            bench = true;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else {
            fprintf(stderr, "wms-kiosk: unknown option '%s' (try --help)\n", a);
            return 2;
        }
    }
    kiosk_conf conf;
    wms_err err = {0};
    /* Without --config: the per-user file when it exists; the settings
     * screen saves there either way. */
    char defcfg[512] = "";
    if (kiosk_default_config(defcfg, sizeof(defcfg), NULL) != 0) {
        defcfg[0] = '\0';
    }
    if (!config && defcfg[0] && access(defcfg, F_OK) == 0) {
        config = defcfg;
    }
    if (kiosk_conf_load(&conf, config, &err) != 0) {
        fprintf(stderr, "wms-kiosk: config: %s\n", err.msg);
        return 2;
    }
    if (!conf.path[0] && defcfg[0]) {
        wms_strlcpy(conf.path, defcfg, sizeof(conf.path));
    }
    if (db) {
        wms_strlcpy(conf.db, db, sizeof(conf.db));
    }
    if (font) {
        wms_strlcpy(conf.font, font, sizeof(conf.font));
    }
    if (size) {
        wms_strlcpy(conf.size, size, sizeof(conf.size));
    }
    int w = 800, h = 480;
    if (wms_display_size_parse(conf.size, &w, &h, &err) != 0) {
        fprintf(stderr, "wms-kiosk: %s\n", err.msg);
        return 2;
    }
    if (health) {
        return run_health(&conf, json);
    }
    if (probe) {
        /* For the benchmark: start, show the first frame headless, exit
         * (never syncing the benchmark's scratch database). */
        conf.link = KLINK_NONE;
        memset(conf.src, 0, sizeof(conf.src));
        session s;
        if (session_open(&s, &conf, &err) != 0 ||
            session_display(&s, WMS_SDL_HEADLESS, w, h, &err) != 0) {
            fprintf(stderr, "wms-kiosk: %s\n", err.msg);
            return 1;
        }
        session_frame(&s, true);
        session_close(&s);
        return 0;
    }
    if (bench) {
        return run_bench(&conf, json, idle);
    }
    if (script_path) {
        return run_script(&conf, script_path, shots, w, h);
    }
    if (fullscreen || conf.fullscreen) {
        const char *drv = getenv("SDL_VIDEODRIVER");
        char why[160];
        if ((!drv || strcmp(drv, "kmsdrm") == 0) && !have_display() &&
            !can_kmsdrm(why, sizeof(why))) {
            fprintf(stderr, "wms-kiosk: cannot use the console display: %s\n", why);
            return 1;
        }
    } else if (!windowed && !have_display()) {
        /* A server or a container: show what the kiosk does, headless. */
        const char *tour = WMS_ASSETS_DIR "/demo/tour.script";
        char out[1100];
        char cwd[1024];
        if (shots) {
            wms_strlcpy(out, shots, sizeof(out));
        } else {
            snprintf(out, sizeof(out), "%s/kiosk-screenshots",
                     getcwd(cwd, sizeof(cwd)) ? cwd : ".");
        }
        fprintf(stderr,
                "wms-kiosk: no display here ($DISPLAY, $WAYLAND_DISPLAY and SDL_VIDEODRIVER are "
                "unset).\nRunning the demo tour offscreen instead; screenshots of every screen "
                "go to %s/\n(on a desktop: wms-kiosk --windowed; at a Pi console: "
                "--fullscreen)\n",
                out);
        wms_strlcpy(conf.db, "mem:", sizeof(conf.db)); /* the tour's own demo data */
        conf.link = KLINK_NONE;                        /* ... and no central link, */
        memset(conf.src, 0, sizeof(conf.src));         /* no scanner devices */
        return run_script(&conf, tour, out, w, h);
    }
    session s;
    if (session_open(&s, &conf, &err) != 0) {
        fprintf(stderr, "wms-kiosk: %s\n", err.msg);
        return 1;
    }
    wms_sdl_mode mode = (fullscreen || conf.fullscreen) ? WMS_SDL_FULLSCREEN : WMS_SDL_WINDOW;
    if (session_display(&s, mode, w, h, &err) != 0) {
        fprintf(stderr, "wms-kiosk: %s\n", err.msg);
        session_close(&s);
        return 1;
    }
    int rc = session_run(&s);
    session_close(&s);
    SDL_Quit();
    return rc;
}
