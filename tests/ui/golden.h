/*
 * golden.h -- PNG files and golden-image comparison for rendered-frame tests.
 *
 * golden_check(name, ...) compares an RGBA frame with tests/ui/golden/NAME.png
 * within a tolerance (a pixel differs when a channel differs by more than
 * GOLDEN_CHANNEL_TOL; at most GOLDEN_MAX_DIFF_PERMILLE per mille of the pixels
 * may differ).  The frame is always written to $WMS_GOLDEN_OUT/NAME.png for
 * inspection; with WMS_UPDATE_GOLDEN=1 (the `update-golden` target) the
 * golden file itself is rewritten -- never silently otherwise.
 */
#ifndef WMS_TEST_GOLDEN_H
#define WMS_TEST_GOLDEN_H

#include <stddef.h>
#include <stdint.h>

#define GOLDEN_CHANNEL_TOL       48
#define GOLDEN_MAX_DIFF_PERMILLE 5

int png_write_rgba(const char *path, const uint8_t *rgba, int w, int h);
/* *rgba is malloc'd; free() it. */
int png_read_rgba(const char *path, uint8_t **rgba, int *w, int *h);
/* 0 when it matches; prints why not. */
int golden_check(const char *name, const uint8_t *rgba, int w, int h);

#endif
