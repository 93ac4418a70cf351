/*
 * fuzz_kiosk_script.c -- wms-kiosk's script files and its config file (the
 * kiosk's schema through core's loader): no crash, no undefined behaviour,
 * and every parsed command stays inside its bounds.
 */
#include "script.h"
#include "session.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        char *env[] = {NULL};
        if (wms_cfg_load(kiosk_conf_schema(), &conf, "fuzz.ini", (const char *)data, size, 0600,
                         env, WMS_CFG_NO_ENV, NULL, &err) == 0) {
            int w, h;
            if (conf.volume < 0 || conf.volume > 100 ||
                memchr(conf.size, 0, sizeof(conf.size)) == NULL) {
                abort();
            }
            (void)wms_display_size_parse(conf.size, &w, &h, &err);
        }
    }
    return 0;
}
