/*
 * script.h -- the kiosk's script files: timed events replayed headless for
 * tests and demos (wms-kiosk --script FILE --screenshots DIR).
 *
 * One command per line; '#' starts a comment; blank lines are ignored.
 *   size WxH          display size (first command only; default 800x480)
 *   scan DATA         a scan from the replay source (escapes: \xHH \t \r \n \\)
 *   type DATA         DATA typed as a keyboard-wedge burst (2 ms per key) + Enter
 *   key NAME          Enter Esc Tab Backspace Up Down PgUp PgDn F1 F2 F3 F4
 *   text STRING       typed by a person (reaches the focused field)
 *   tap LABEL | tap X,Y   tap a button/tile/row by its label, or a point
 *   wait MS           let time pass (0..3600000)
 *   sync [MS]         wake the central link and wait (real time, default 20000 ms)
 *                     until the outbox is empty; fails without a link or on timeout
 *   shot NAME         write DIR/NAME.png ([A-Za-z0-9_-], 1..48 chars)
 *   expect screen NAME    fail unless the current screen is NAME
 *   expect text STRING    fail unless STRING is drawn on the screen
 *   expect notext STRING  fail if STRING is drawn on the screen
 * Limits: 64 KiB per file, 4096 commands, 512 bytes of data per command.
 */
#ifndef WMS_APP_SCRIPT_H
#define WMS_APP_SCRIPT_H

#include "wms/core.h"

#define SCRIPT_FILE_MAX (64 * 1024)
#define SCRIPT_MAX_CMDS 4096
#define SCRIPT_ARG_MAX  512

typedef enum script_op {
    SOP_SIZE = 0,
    SOP_SCAN,
    SOP_TYPE,
    SOP_KEY,
    SOP_TEXT,
    SOP_TAP_LABEL,
    SOP_TAP_XY,
    SOP_WAIT,
    SOP_SHOT,
    SOP_EXPECT_SCREEN,
    SOP_EXPECT_TEXT,
    SOP_EXPECT_NOTEXT,
    SOP_SYNC
} script_op;

typedef struct script_cmd {
    script_op op;
    int line;
    int64_t a, b; /* SIZE w,h; TAP_XY x,y; WAIT ms; KEY key; EXPECT_SCREEN screen */
    uint32_t off; /* data in the script's arena */
    uint32_t len;
} script_cmd;

typedef struct script {
    script_cmd *cmds;
    size_t n;
    uint8_t *arena; /* data of every command, NUL after each */
    size_t arena_len;
} script;

/* Parse `text`; *out owns heap memory: script_release() it.  WMS_EINVAL /
 * WMS_ETOOBIG with "LINE: what is wrong" in the detail. */
int script_parse(const char *text, size_t len, script *out, wms_err *err);
void script_release(script *s);
/* The data of a command (NUL-terminated; may contain 0x1D etc.). */
const uint8_t *script_data(const script *s, const script_cmd *c);

#endif
