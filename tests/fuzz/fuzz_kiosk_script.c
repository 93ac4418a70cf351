/*
 * fuzz_kiosk_script.c -- wms-kiosk's script files and its config file (the
 * kiosk's schema through core's loader): no crash, no undefined behaviour,
 * and every parsed command stays inside its bounds; a config that loads,
 * edited as the settings screen saves it, loads again with exactly the new
 * values and every other key unchanged.
 */
#include "script.h"
#include "session.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A whole-field copy: the loader leaves zeros after the value, so the
 * expected struct must too (memcmp below compares every byte). */
static void set_str(char *dst, size_t cap, const char *v)
{
    memset(dst, 0, cap);
    wms_strlcpy(dst, v, cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    script s;
    wms_err err;
    if (script_parse((const char *)data, size, &s, &err) == 0) {
        if (s.n > SCRIPT_MAX_CMDS) {
            abort();
        }
        for (size_t i = 0; i < s.n; i++) {
            const script_cmd *c = &s.cmds[i];
            if (c->len > SCRIPT_ARG_MAX || (c->len > 0 && (c->off + c->len >= s.arena_len ||
                                                           script_data(&s, c)[c->len] != 0))) {
                abort();
            }
            if (c->op == SOP_WAIT && (c->a < 0 || c->a > 3600000)) {
                abort();
            }
        }
        script_release(&s);
    }
    if (size <= WMS_CFG_FILE_MAX) {
        kiosk_conf conf;
        memset(&conf, 0, sizeof(conf)); /* the loader writes the keys' extent only */
        char *env[] = {NULL};
        if (wms_cfg_load(kiosk_conf_schema(), &conf, "fuzz.ini", (const char *)data, size, 0600,
                         env, WMS_CFG_NO_ENV, NULL, &err) == 0) {
            int w, h;
            if (conf.volume < 0 || conf.volume > 100 ||
                memchr(conf.size, 0, sizeof(conf.size)) == NULL) {
                abort();
            }
            (void)wms_display_size_parse(conf.size, &w, &h, &err);
            /* The settings screen's save: the edited text loads, with the
             * new values and every other key as it was. */
            kiosk_conf want = conf;
            set_str(want.terminal, sizeof(want.terminal), "K-09");
            set_str(want.warehouse, sizeof(want.warehouse), "WH2");
            want.link = KLINK_HTTP;
            set_str(want.size, sizeof(want.size), "1024x600");
            want.volume = 30;
            want.mute = true;
            set_str(want.scan_prefix, sizeof(want.scan_prefix), "]");
            want.scan_suffix = 1;
            wms_buf out;
            wms_buf_init(&out, WMS_CFG_FILE_MAX);
            if (kiosk_conf_edit((const char *)data, size, &want, &out) == 0) {
                kiosk_conf back;
                memset(&back, 0, sizeof(back));
                if (wms_cfg_load(kiosk_conf_schema(), &back, "edited.ini", wms_buf_str(&out),
                                 out.len, 0600, env, WMS_CFG_NO_ENV, NULL, &err) != 0 ||
                    memcmp(&back, &want, sizeof(back)) != 0) {
                    abort();
                }
            }
            wms_buf_release(&out);
        }
    }
    return 0;
}
