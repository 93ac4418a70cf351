/*
 * test_kiosk_crash.c -- kill -9 while receiving: every action the kiosk
 * confirmed (receipt_add returned 0, the point where the success tone
 * plays) is in the database after a restart, exactly once.
 *
 * A child process opens the kiosk's data backend on a database file, adds
 * one unit at a time to a receipt and reports each confirmed add on a pipe;
 * the parent kills it with SIGKILL after a random number of confirmations,
 * reopens the file and checks the received quantity: at least everything
 * confirmed, and at most one more per kill (the add in flight may have
 * committed without being reported).  Meaningful only with a durable backend
 * (the local store): CMake registers it only then.
 */
#include "wms_test.h"

#include "session.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 25
#define GTIN   "04010000000074"

static void open_db(kdata *db, const char *path)
{
    kiosk_conf conf;
    wms_err err = {0};
    assert_int_equal(kiosk_conf_load(&conf, NULL, &err), 0);
    wms_strlcpy(conf.db, path, sizeof(conf.db));
    if (kdata_open(db, &conf, &err) != 0) {
        fail_msg("open %s: %s", path, err.msg);
    }
}

static int64_t received(const char *path, const char *doc)
{
    kdata db;
    open_db(&db, path);
    kd_line lines[64];
    int n = 0;
    assert_int_equal(db.ops->doc_lines(db.d, doc, lines, 64, &n, NULL), 0);
    int64_t q = 0;
    for (int i = 0; i < n; i++) {
        q += lines[i].received.milli;
    }
    kdata_close(&db);
    return q / WMS_QTY_SCALE;
}

static void child(const char *path, const char *doc, int fd)
{
    kdata db;
    open_db(&db, path);
    kd_product p;
    kd_location l;
    wms_qty pack;
    if (db.ops->product_by_gtin(db.d, GTIN, &p, &pack, NULL) != 0 ||
        db.ops->receiving_location(db.d, &l, NULL) != 0) {
        _exit(3);
    }
    kd_item it;
    memset(&it, 0, sizeof(it));
    it.product_id = p.id;
    it.location_id = l.id;
    it.qty = wms_qty_units(1);
    for (;;) {
        if (db.ops->receipt_add(db.d, doc, &it, NULL) != 0) {
            _exit(4);
        }
        if (write(fd, "+", 1) != 1) {
            _exit(5);
        }
    }
}

static void test_kill_9(void **state)
{
    (void)state;
    char dir[] = "/tmp/wms-kiosk-crash-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof(path), "%s/kiosk.db", dir);
    /* Start the receipt. */
    kdata db;
    open_db(&db, path);
    kd_doc doc;
    assert_int_equal(db.ops->receipt_start(db.d, 0, 1, &doc, NULL), 0);
    kdata_close(&db);
    srand(42);
    int64_t confirmed = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child(path, doc.id, fds[1]);
        }
        close(fds[1]);
        int want = 1 + rand() % 20, got = 0;
        char c;
        while (got < want && read(fds[0], &c, 1) == 1) {
            got++;
        }
        kill(pid, SIGKILL);
        int st = 0;
        waitpid(pid, &st, 0);
        /* Count what was confirmed before the kill landed. */
        while (read(fds[0], &c, 1) == 1) {
            got++;
        }
        close(fds[0]);
        assert_true(WIFSIGNALED(st));
        confirmed += got;
        int64_t q = received(path, doc.id);
        if (q < confirmed || q > confirmed + 1) {
            fail_msg("round %d: %lld confirmed, %lld in the database", round, (long long)confirmed,
                     (long long)q);
        }
        confirmed = q; /* the add in flight may have committed */
    }
    char cmd[200];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_kill_9),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
