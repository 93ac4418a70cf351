/*
 * wmsctl -- the admin CLI.  Each command lives in its own cmd_*.c; this file
 * dispatches.  Exit codes: 0 success, 1 the command failed, 2 usage error.
 */
#include "wms/core.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: wmsctl COMMAND [ARGS]\n"
                 "\n"
                 "commands:\n"
                 "  --help              show this help\n"
                 "  --version           print the version\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("wmsctl %s\n", wms_version());
        return 0;
    }
    fprintf(stderr, "wmsctl: unknown command '%s' (try wmsctl --help)\n", cmd);
    return 2;
}
