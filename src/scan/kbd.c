/*
 * kbd.c -- keyboard-wedge framer: Linux key events to bytes to scans.
 * Layouts US and German; Alt+numpad decimal codes (Alt+0029 = GS);
 * Ctrl+letter control codes (Ctrl+] = GS); suffix or gap framing.
 */
#include "wms/scan.h"

#include <linux/input.h>
#include <stdio.h>
#include <string.h>

typedef struct keymap_entry {
    const char *plain, *shift, *altgr;
} keymap_entry;

#define KM_SIZE 128

static const keymap_entry km_us[KM_SIZE] = {
        [KEY_1] = {"1", "!", NULL},           [KEY_2] = {"2", "@", NULL},
        [KEY_3] = {"3", "#", NULL},           [KEY_4] = {"4", "$", NULL},
        [KEY_5] = {"5", "%", NULL},           [KEY_6] = {"6", "^", NULL},
        [KEY_7] = {"7", "&", NULL},           [KEY_8] = {"8", "*", NULL},
        [KEY_9] = {"9", "(", NULL},           [KEY_0] = {"0", ")", NULL},
        [KEY_MINUS] = {"-", "_", NULL},       [KEY_EQUAL] = {"=", "+", NULL},
        [KEY_Q] = {"q", "Q", NULL},           [KEY_W] = {"w", "W", NULL},
        [KEY_E] = {"e", "E", NULL},           [KEY_R] = {"r", "R", NULL},
        [KEY_T] = {"t", "T", NULL},           [KEY_Y] = {"y", "Y", NULL},
        [KEY_U] = {"u", "U", NULL},           [KEY_I] = {"i", "I", NULL},
        [KEY_O] = {"o", "O", NULL},           [KEY_P] = {"p", "P", NULL},
        [KEY_LEFTBRACE] = {"[", "{", NULL},   [KEY_RIGHTBRACE] = {"]", "}", NULL},
        [KEY_A] = {"a", "A", NULL},           [KEY_S] = {"s", "S", NULL},
        [KEY_D] = {"d", "D", NULL},           [KEY_F] = {"f", "F", NULL},
        [KEY_G] = {"g", "G", NULL},           [KEY_H] = {"h", "H", NULL},
        [KEY_J] = {"j", "J", NULL},           [KEY_K] = {"k", "K", NULL},
        [KEY_L] = {"l", "L", NULL},           [KEY_SEMICOLON] = {";", ":", NULL},
        [KEY_APOSTROPHE] = {"'", "\"", NULL}, [KEY_GRAVE] = {"`", "~", NULL},
        [KEY_BACKSLASH] = {"\\", "|", NULL},  [KEY_Z] = {"z", "Z", NULL},
        [KEY_X] = {"x", "X", NULL},           [KEY_C] = {"c", "C", NULL},
        [KEY_V] = {"v", "V", NULL},           [KEY_B] = {"b", "B", NULL},
        [KEY_N] = {"n", "N", NULL},           [KEY_M] = {"m", "M", NULL},
        [KEY_COMMA] = {",", "<", NULL},       [KEY_DOT] = {".", ">", NULL},
        [KEY_SLASH] = {"/", "?", NULL},       [KEY_SPACE] = {" ", " ", NULL},
        [KEY_102ND] = {"\\", "|", NULL},
};

static const keymap_entry km_de[KM_SIZE] = {
        [KEY_1] = {"1", "!", NULL},
        [KEY_2] = {"2", "\"", "\xc2\xb2"},
        [KEY_3] = {"3", "\xc2\xa7", "\xc2\xb3"},
        [KEY_4] = {"4", "$", NULL},
        [KEY_5] = {"5", "%", NULL},
        [KEY_6] = {"6", "&", NULL},
        [KEY_7] = {"7", "/", "{"},
        [KEY_8] = {"8", "(", "["},
        [KEY_9] = {"9", ")", "]"},
        [KEY_0] = {"0", "=", "}"},
        [KEY_MINUS] = {"\xc3\x9f", "?", "\\"},
        [KEY_EQUAL] = {"\xc2\xb4", "`", NULL},
        [KEY_Q] = {"q", "Q", "@"},
        [KEY_W] = {"w", "W", NULL},
        [KEY_E] = {"e", "E", "\xe2\x82\xac"},
        [KEY_R] = {"r", "R", NULL},
        [KEY_T] = {"t", "T", NULL},
        [KEY_Y] = {"z", "Z", NULL},
        [KEY_U] = {"u", "U", NULL},
        [KEY_I] = {"i", "I", NULL},
        [KEY_O] = {"o", "O", NULL},
        [KEY_P] = {"p", "P", NULL},
        [KEY_LEFTBRACE] = {"\xc3\xbc", "\xc3\x9c", NULL},
        [KEY_RIGHTBRACE] = {"+", "*", "~"},
        [KEY_A] = {"a", "A", NULL},
        [KEY_S] = {"s", "S", NULL},
        [KEY_D] = {"d", "D", NULL},
        [KEY_F] = {"f", "F", NULL},
        [KEY_G] = {"g", "G", NULL},
        [KEY_H] = {"h", "H", NULL},
        [KEY_J] = {"j", "J", NULL},
        [KEY_K] = {"k", "K", NULL},
        [KEY_L] = {"l", "L", NULL},
        [KEY_SEMICOLON] = {"\xc3\xb6", "\xc3\x96", NULL},
        [KEY_APOSTROPHE] = {"\xc3\xa4", "\xc3\x84", NULL},
        [KEY_GRAVE] = {"^", "\xc2\xb0", NULL},
        [KEY_BACKSLASH] = {"#", "'", NULL},
        [KEY_Z] = {"y", "Y", NULL},
        [KEY_X] = {"x", "X", NULL},
        [KEY_C] = {"c", "C", NULL},
        [KEY_V] = {"v", "V", NULL},
        [KEY_B] = {"b", "B", NULL},
        [KEY_N] = {"n", "N", NULL},
        [KEY_M] = {"m", "M", "\xc2\xb5"},
        [KEY_COMMA] = {",", ";", NULL},
        [KEY_DOT] = {".", ":", NULL},
        [KEY_SLASH] = {"-", "_", NULL},
        [KEY_SPACE] = {" ", " ", NULL},
        [KEY_102ND] = {"<", ">", "|"},
};

static const keymap_entry *const layouts[WMS_KBD_LAYOUT_COUNT_] = {km_us, km_de};

/* Keypad keys: the same in every layout; digit value for Alt+numpad. */
static int keypad_digit(uint16_t code)
{
    switch (code) {
    case KEY_KP0:
        return 0;
    case KEY_KP1:
        return 1;
    case KEY_KP2:
        return 2;
    case KEY_KP3:
        return 3;
    case KEY_KP4:
        return 4;
    case KEY_KP5:
        return 5;
    case KEY_KP6:
        return 6;
    case KEY_KP7:
        return 7;
    case KEY_KP8:
        return 8;
    case KEY_KP9:
        return 9;
    default:
        return -1;
    }
}

int wms_kbd_layout_parse(const char *name, wms_kbd_layout *out, wms_err *err)
{
    if (name && strcmp(name, "us") == 0) {
        *out = WMS_KBD_US;
        return 0;
    }
    if (name && strcmp(name, "de") == 0) {
        *out = WMS_KBD_DE;
        return 0;
    }
    return wms_err_set(err, WMS_EINVAL, "keyboard layout '%s' unknown (us, de)",
                       name ? name : "(null)");
}

void wms_kbd_framer_init(wms_kbd_framer *f, const char *source_name, const wms_kbd_config *cfg,
                         wms_scan_emit_fn emit, void *emit_ctx)
{
    memset(f, 0, sizeof *f);
    f->cfg = *cfg;
    if (f->cfg.suffix_len > WMS_SCAN_SUFFIX_MAX) {
        f->cfg.suffix_len = WMS_SCAN_SUFFIX_MAX;
    }
    if ((unsigned)f->cfg.layout >= WMS_KBD_LAYOUT_COUNT_) {
        f->cfg.layout = WMS_KBD_US;
    }
    snprintf(f->name, sizeof f->name, "%s", source_name ? source_name : "");
    f->emit = emit;
    f->emit_ctx = emit_ctx;
}

static void frame_clear(wms_kbd_framer *f)
{
    f->len = 0;
    f->overflow = false;
    f->last_ns = 0;
}

static void frame_deliver(wms_kbd_framer *f, size_t len)
{
    if (f->overflow) {
        f->stats.overflows++;
        frame_clear(f);
        return;
    }
    if (len == 0) {
        frame_clear(f);
        return;
    }
    wms_scan_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.source, sizeof ev.source, "%s", f->name);
    ev.sym = WMS_SYM_UNKNOWN;
    memcpy(ev.data, f->buf, len);
    ev.data[len] = 0;
    ev.len = len;
    ev.mono_ns = f->last_ns;
    f->stats.scans++;
    frame_clear(f);
    if (f->emit) {
        f->emit(f->emit_ctx, &ev);
    }
}

/* A partial frame older than the gap: deliver (gap framing) or drop. */
static void apply_gap(wms_kbd_framer *f, int64_t now_ns)
{
    if (f->cfg.gap_ms == 0 || (f->len == 0 && !f->overflow) || f->last_ns == 0) {
        return;
    }
    if (now_ns - f->last_ns < (int64_t)f->cfg.gap_ms * 1000000) {
        return;
    }
    if (f->cfg.suffix_len == 0) {
        frame_deliver(f, f->len);
    } else {
        f->stats.dropped++;
        frame_clear(f);
    }
}

static void put_byte(wms_kbd_framer *f, uint8_t b, int64_t t_ns)
{
    apply_gap(f, t_ns);
    if (f->len >= sizeof f->buf) {
        f->overflow = true;
    } else {
        f->buf[f->len++] = b;
    }
    f->last_ns = t_ns;
    size_t sl = f->cfg.suffix_len;
    if (sl > 0 && f->len >= sl && memcmp(f->buf + f->len - sl, f->cfg.suffix, sl) == 0) {
        frame_deliver(f, f->len - sl);
    } else if (sl > 0 && f->overflow && b == f->cfg.suffix[sl - 1]) {
        frame_deliver(f, 0); /* counts the overflow and resynchronises */
    }
}

static void put_str(wms_kbd_framer *f, const char *s, int64_t t_ns)
{
    for (; *s; s++) {
        put_byte(f, (uint8_t)*s, t_ns);
    }
}

void wms_kbd_framer_key(wms_kbd_framer *f, uint16_t code, int32_t value, int64_t t_ns)
{
    bool down = value == 1;
    if (value == 2) {
        return; /* autorepeat: scanners never hold keys */
    }
    if (value != 0 && value != 1) {
        return;
    }
    switch (code) {
    case KEY_LEFTSHIFT:
        f->shift_l = down;
        return;
    case KEY_RIGHTSHIFT:
        f->shift_r = down;
        return;
    case KEY_LEFTCTRL:
        f->ctrl_l = down;
        return;
    case KEY_RIGHTCTRL:
        f->ctrl_r = down;
        return;
    case KEY_CAPSLOCK:
        if (down) {
            f->caps = !f->caps;
        }
        return;
    case KEY_RIGHTALT:
        if (f->cfg.layout == WMS_KBD_US) {
            /* US has no AltGr: right Alt behaves like left Alt. */
            break;
        }
        f->altgr = down;
        return;
    default:
        break;
    }
    if (code == KEY_LEFTALT || code == KEY_RIGHTALT) {
        f->alt = down;
        if (down) {
            f->alt_num_active = false;
            f->alt_num_value = 0;
            f->alt_num_digits = 0;
        } else if (f->alt_num_active) {
            uint8_t b = (uint8_t)(f->alt_num_value & 0xFF);
            f->alt_num_active = false;
            put_byte(f, b, t_ns);
        }
        return;
    }
    if (!down) {
        return;
    }
    int digit = keypad_digit(code);
    if (f->alt && digit >= 0) {
        f->alt_num_active = true;
        if (f->alt_num_digits < 4) {
            f->alt_num_value = f->alt_num_value * 10u + (unsigned)digit;
        }
        f->alt_num_digits++;
        return;
    }
    if (digit >= 0) {
        put_byte(f, (uint8_t)('0' + digit), t_ns);
        return;
    }
    switch (code) {
    case KEY_ENTER:
    case KEY_KPENTER:
        put_byte(f, '\r', t_ns);
        return;
    case KEY_TAB:
        put_byte(f, '\t', t_ns);
        return;
    case KEY_KPMINUS:
        put_byte(f, '-', t_ns);
        return;
    case KEY_KPPLUS:
        put_byte(f, '+', t_ns);
        return;
    case KEY_KPASTERISK:
        put_byte(f, '*', t_ns);
        return;
    case KEY_KPSLASH:
        put_byte(f, '/', t_ns);
        return;
    case KEY_KPDOT:
        put_byte(f, f->cfg.layout == WMS_KBD_DE ? ',' : '.', t_ns);
        return;
    case KEY_ESC:
        put_byte(f, 0x1B, t_ns);
        return;
    case KEY_BACKSPACE:
        put_byte(f, 0x08, t_ns);
        return;
    default:
        break;
    }
    if (code >= KM_SIZE) {
        f->stats.unknown_keys++;
        return;
    }
    const keymap_entry *e = &layouts[f->cfg.layout][code];
    if (!e->plain) {
        f->stats.unknown_keys++;
        return;
    }
    bool shift = f->shift_l || f->shift_r;
    bool ctrl = f->ctrl_l || f->ctrl_r;
    const char *s = e->plain;
    bool letter = s[0] >= 'a' && s[0] <= 'z' && s[1] == 0;
    if (f->altgr) {
        s = e->altgr;
        if (!s) {
            f->stats.unknown_keys++;
            return;
        }
    } else if (shift != (letter && f->caps)) {
        s = e->shift;
    }
    if (ctrl) {
        /* Ctrl+letter = 0x01..0x1A; Ctrl+[ \ ] ^ _ = 0x1B..0x1F (by the
         * character the key produces, so Ctrl+] is GS in any layout with ]). */
        unsigned char c = (unsigned char)s[0];
        if (s[1] == 0 && ((c >= 'a' && c <= 'z') || (c >= '@' && c <= '_'))) {
            put_byte(f, (uint8_t)(c & 0x1F), t_ns);
            return;
        }
        f->stats.unknown_keys++;
        return;
    }
    put_str(f, s, t_ns);
}

void wms_kbd_framer_feed(wms_kbd_framer *f, const uint8_t *bytes, size_t len)
{
    const size_t rec = sizeof(struct input_event);
    while (len > 0) {
        size_t take = rec - f->pend_len;
        if (take > len) {
            take = len;
        }
        memcpy(f->pend + f->pend_len, bytes, take);
        f->pend_len += take;
        bytes += take;
        len -= take;
        if (f->pend_len < rec) {
            return;
        }
        struct input_event ie;
        memcpy(&ie, f->pend, rec);
        f->pend_len = 0;
        if (ie.type != EV_KEY) {
            continue;
        }
        int64_t sec = (int64_t)ie.input_event_sec;
        int64_t usec = (int64_t)ie.input_event_usec;
        if (sec < 0 || sec > INT64_MAX / 1000000000 - 1 || usec < 0 || usec >= 1000000) {
            continue; /* not a record a kernel writes */
        }
        wms_kbd_framer_key(f, ie.code, ie.value, sec * 1000000000 + usec * 1000);
    }
}

void wms_kbd_framer_tick(wms_kbd_framer *f, int64_t now_ns)
{
    apply_gap(f, now_ns);
}

int64_t wms_kbd_framer_timeout_ns(const wms_kbd_framer *f, int64_t now_ns)
{
    if (f->cfg.gap_ms == 0 || (f->len == 0 && !f->overflow) || f->last_ns == 0) {
        return -1;
    }
    int64_t due = f->last_ns + (int64_t)f->cfg.gap_ms * 1000000;
    return due > now_ns ? due - now_ns : 0;
}

void wms_kbd_framer_reset(wms_kbd_framer *f)
{
    if (f->len > 0 || f->overflow) {
        f->stats.dropped++;
    }
    frame_clear(f);
    f->pend_len = 0;
    f->shift_l = f->shift_r = f->ctrl_l = f->ctrl_r = f->alt = f->altgr = false;
    f->alt_num_active = false;
    f->alt_num_value = 0;
    f->alt_num_digits = 0;
}
