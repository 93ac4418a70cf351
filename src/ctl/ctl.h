/*
 * ctl.h -- wmsctl's commands.  Each command is `int cmd_x(int argc, char **argv)`
 * (argv[0] is the command name) in its own cmd_*.c and returns the process
 * exit code: 0 success, 1 the command failed, 2 usage error.
 */
#ifndef WMS_CTL_H
#define WMS_CTL_H

#include <stdio.h>

typedef struct ctl_command {
    const char *name; /* "barcode", "seed", ...             */
    int (*run)(int argc, char **argv);
    const char *usage; /* one or more lines for --help        */
} ctl_command;

/* The commands, one group per module (keep the other groups' lines on merges). */
/* core */
int cmd_bench(int argc, char **argv);
int cmd_barcode(int argc, char **argv);
/* pg / sync */
int cmd_migrate(int argc, char **argv);
int cmd_terminal(int argc, char **argv);
int cmd_operator(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_provision(int argc, char **argv);
int cmd_seed_central(int argc, char **argv);

/* store */
int cmd_seed(int argc, char **argv);
int cmd_lookup(int argc, char **argv);
int cmd_labels(int argc, char **argv);

/* scan */
int cmd_decode(int argc, char **argv);

/* pg / sync */

/* server */

#endif
