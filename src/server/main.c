/*
 * wms-server -- the central HTTP API.
 */
#include "wms/core.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: wms-server [--help] [--version]\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("wms-server %s\n", wms_version());
            return 0;
        }
        fprintf(stderr, "wms-server: unknown option '%s'\n", argv[i]);
        usage(stderr);
        return 2;
    }
    printf("wms-server %s: the HTTP API is not built yet (issue 5); see README.md\n",
           wms_version());
    return 0;
}
