/*
 * wms-kiosk -- the scanner terminal.  Wires the modules together.
 */
#include "wms/core.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: wms-kiosk [--help] [--version]\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("wms-kiosk %s\n", wms_version());
            return 0;
        }
        fprintf(stderr, "wms-kiosk: unknown option '%s'\n", argv[i]);
        usage(stderr);
        return 2;
    }
    printf("wms-kiosk %s: the kiosk UI is not built yet (issue 6); see README.md\n", wms_version());
    return 0;
}
