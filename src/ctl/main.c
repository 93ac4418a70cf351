/*
 * wmsctl -- the admin CLI.  Each command lives in its own cmd_*.c; this file
 * dispatches.  Exit codes: 0 success, 1 the command failed, 2 usage error.
 */
#include "ctl.h"

#include "wms/core.h"

#include <string.h>

/* The command table: add a line per command. */
static const ctl_command commands[] = {
        /* core: barcode parse, bench (every area goes through cmd_bench.c) */
        {"barcode", cmd_barcode, "  wmsctl barcode parse DATA|-   (classify one scan, print JSON)"},
        {"bench", cmd_bench, "  wmsctl bench AREA [--json] [area options]   (wmsctl bench --list)"},

        /* store: seed, lookup, labels */
        {"seed", cmd_seed, "  wmsctl seed --db PATH [--products N] [--seed S]   (demo data)"},
        {"lookup", cmd_lookup, "  wmsctl lookup --db PATH CODE   (what the store knows, JSON)"},
        {"labels", cmd_labels,
         "  wmsctl labels --db PATH --out DIR [--products N]   (PNG labels + printable sheet)"},

        /* scan: decode */
        {"decode", cmd_decode,
         "  wmsctl decode [--symbologies LIST] [--density N] IMAGE...   (PNG/PGM, JSON)"},

        /* pg / sync: migrate, terminal, operator, seed-central, provision, sync */
        {"migrate", cmd_migrate, "  wmsctl migrate --dsn DSN   (apply the central schema)"},
        {"terminal", cmd_terminal,
         "  wmsctl terminal add --dsn DSN --id ID --warehouses 1,2 [--name N]   (prints the token "
         "once)"},
        {"operator", cmd_operator,
         "  wmsctl operator add --dsn DSN --badge B --name N [--role R]   (PIN on stdin)"},
        {"seed-central", cmd_seed_central,
         "  wmsctl seed-central --dsn DSN [--products N] [--seed S]   (demo data, COPY)"},
        {"provision", cmd_provision,
         "  wmsctl provision --terminal ID --db PATH (--dsn DSN | --url URL --token-file F)"},
        {"sync", cmd_sync,
         "  wmsctl sync --db PATH --terminal ID [--once] (--dsn DSN | --url URL --token-file F\n"
         "              [--ca-file F] [--timeout MS])"},

        /* server */

        {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: wmsctl COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; commands[i].name; i++) {
        fprintf(out, "%s\n", commands[i].usage);
    }
    fprintf(out, "  wmsctl --help | --version\n"
                 "\nexit status: 0 success, 1 the command failed, 2 usage error\n");
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
    for (size_t i = 0; commands[i].name; i++) {
        if (strcmp(cmd, commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "wmsctl: unknown command '%s' (try wmsctl --help)\n", cmd);
    return 2;
}
