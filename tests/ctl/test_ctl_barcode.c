/*
 * test_ctl_barcode.c -- `wmsctl barcode parse` run as a process (path in
 * $WMSCTL): stdout JSON, one-line stderr and exit codes 0/1/2.
 */
#include "wms_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct run_result {
    int status; /* exit code, or -1 when it did not exit normally */
    char out[2048];
    char err[2048];
} run_result;

static void read_all(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r <= 0) {
            break;
        }
        n += (size_t)r;
        if (n == cap - 1) {
            break;
        }
    }
    buf[n] = '\0';
}

/* Run wmsctl with argv (NULL-terminated, without the program) feeding
 * `in` (in_len bytes) on stdin. */
static void run(const char *const *args, const void *in, size_t in_len, run_result *res)
{
    const char *exe = getenv("WMSCTL");
    assert_non_null(exe);
    int pin[2], pout[2], perr[2];
    assert_int_equal(pipe(pin), 0);
    assert_int_equal(pipe(pout), 0);
    assert_int_equal(pipe(perr), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        close(pin[1]);
        close(pout[0]);
        close(perr[0]);
        char *argv[8];
        size_t n = 0;
        argv[n++] = (char *)(uintptr_t)exe;
        for (size_t i = 0; args[i] && n < 7; i++) {
            argv[n++] = (char *)(uintptr_t)args[i];
        }
        argv[n] = NULL;
        execv(exe, argv);
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    if (in_len) {
        assert_int_equal(write(pin[1], in, in_len), (ssize_t)in_len);
    }
    close(pin[1]);
    read_all(pout[0], res->out, sizeof res->out);
    read_all(perr[0], res->err, sizeof res->err);
    close(pout[0]);
    close(perr[0]);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    res->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void parse_arg(const char *data, run_result *r)
{
    run((const char *const[]){"barcode", "parse", data, NULL}, NULL, 0, r);
}

static void test_wellformed(void **state)
{
    (void)state;
    run_result r;
    parse_arg("(01)09506000134352(17)261231", &r);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "{\"kind\":\"gs1\",\"elements\":[{\"ai\":\"01\",\"value\":"
                               "\"09506000134352\"},{\"ai\":\"17\",\"value\":\"261231\","
                               "\"date\":\"2026-12-31\"}]}\n");
    assert_string_equal(r.err, "");
    parse_arg("9506000134352", &r);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "{\"kind\":\"gtin\",\"gtin\":\"09506000134352\"}\n");
    parse_arg("L:A-01-02", &r);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "{\"kind\":\"location\",\"code\":\"A-01-02\"}\n");
    parse_arg("B:0042", &r);
    assert_string_equal(r.out, "{\"kind\":\"badge\",\"code\":\"0042\"}\n");
    parse_arg("hello \"world\"", &r);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "{\"kind\":\"text\",\"data\":\"hello \\\"world\\\"\"}\n");
    parse_arg("]E004252614", &r);
    assert_string_equal(r.out, "{\"kind\":\"gtin\",\"symbology\":\"]E0\",\"gtin\":"
                               "\"00042100005264\"}\n");
    parse_arg("106141412345678908", &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"kind\":\"pallet\""));
    assert_non_null(strstr(r.out, "\"sscc\":\"106141412345678908\""));
    parse_arg("(01)09506000134352(3103)001250", &r);
    assert_non_null(strstr(r.out, "{\"ai\":\"3103\",\"value\":\"001250\",\"number\":\"1.250\"}"));
}

static void test_stdin_raw(void **state)
{
    (void)state;
    run_result r;
    static const char in[] = "]C10109506000134352"
                             "17261231"
                             "10ABC\x1d"
                             "21S1\n";
    run((const char *const[]){"barcode", "parse", "-", NULL}, in, sizeof in - 1, &r);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "{\"kind\":\"gs1\",\"symbology\":\"]C1\",\"elements\":[{\"ai\":"
                               "\"01\",\"value\":\"09506000134352\"},{\"ai\":\"17\",\"value\":"
                               "\"261231\",\"date\":\"2026-12-31\"},{\"ai\":\"10\",\"value\":"
                               "\"ABC\"},{\"ai\":\"21\",\"value\":\"S1\"}]}\n");
    /* a missing GS before (21): the lot swallows it */
    static const char bad[] = "]C10109506000134352"
                              "10ABCDEFGHIJKLMNOPQRST21S1";
    run((const char *const[]){"barcode", "parse", "-", NULL}, bad, sizeof bad - 1, &r);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "AI (10)"));
    /* too long */
    char big[600];
    memset(big, 'a', sizeof big);
    run((const char *const[]){"barcode", "parse", "-", NULL}, big, sizeof big, &r);
    assert_int_equal(r.status, 1);
    /* nothing */
    run((const char *const[]){"barcode", "parse", "-", NULL}, NULL, 0, &r);
    assert_int_equal(r.status, 1);
}

static void test_broken(void **state)
{
    (void)state;
    run_result r;
    parse_arg("9506000134353", &r);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "wmsctl barcode parse: GTIN-13: check digit is 3, expected 2\n");
    parse_arg("(01)09506000134352(17)261232", &r);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "wmsctl barcode parse: AI (17): day 32 is not a day in month 12\n");
    parse_arg("(02)09506000134352", &r);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.err, "wmsctl barcode parse: AI (02) requires AI (37)\n");
    parse_arg("L:A 1", &r);
    assert_int_equal(r.status, 1);
    parse_arg("]X9abc", &r);
    assert_int_equal(r.status, 1);
}

static void test_usage(void **state)
{
    (void)state;
    run_result r;
    run((const char *const[]){"barcode", NULL}, NULL, 0, &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "usage: wmsctl barcode parse"));
    run((const char *const[]){"barcode", "frobnicate", "x", NULL}, NULL, 0, &r);
    assert_int_equal(r.status, 2);
    run((const char *const[]){"barcode", "parse", "a", "b", NULL}, NULL, 0, &r);
    assert_int_equal(r.status, 2);
    run((const char *const[]){"--help", NULL}, NULL, 0, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "wmsctl barcode parse"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_wellformed),
            cmocka_unit_test(test_stdin_raw),
            cmocka_unit_test(test_broken),
            cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
