/*
 * test_store_crash.c -- SIGKILL at random moments.  A child performs
 * operator actions and reports each confirmed op_id through a pipe; the
 * parent kills it after a random delay, then checks that every confirmed
 * operation is in the outbox exactly once and integrity_check passes.
 * Bounded: WMS_CRASH_KILLS (default 200) kills, at most ~20 s.
 */
#include "wms_test.h"

#include "wms/store.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void child(const char *path, int fd)
{
    wms_store_opts o = {.path = path};
    wms_store *s = NULL;
    wms_err e;
    if (wms_store_open(&o, &s, NULL, &e) != 0) {
        _exit(3);
    }
    wms_store_actor who = {1};
    wms_store_doc_new dn = {WMS_DOC_RECEIPT, 1, 0, NULL};
    wms_uuid doc, op;
    for (int round = 0;; round++) {
        if (wms_store_doc_create(s, &who, &dn, &doc, &op, &e) != 0) {
            _exit(4);
        }
        if (write(fd, op.b, 16) != 16) {
            _exit(5);
        }
        for (int i = 0; i < 8; i++) {
            wms_store_item_new it = {
                    .product_id = 1 + (i % 5), .location_id = 1 + i, .qty = wms_qty_units(1 + i)};
            if (wms_store_item_add(s, &who, &doc, &it, NULL, &op, &e) != 0) {
                _exit(6);
            }
            if (write(fd, op.b, 16) != 16) {
                _exit(5);
            }
        }
        if (wms_store_doc_post(s, &who, &doc, &op, &e) != 0) {
            _exit(7);
        }
        if (write(fd, op.b, 16) != 16) {
            _exit(5);
        }
    }
}

static int64_t count_op(sqlite3_stmt *st, const wms_uuid *u)
{
    sqlite3_bind_blob(st, 1, u->b, 16, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return n;
}

static void test_sigkill(void **state)
{
    (void)state;
    char dir[] = "/tmp/wms-crash-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[96];
    snprintf(path, sizeof path, "%s/c.db", dir);
    wms_store_opts o = {.path = path};
    wms_store *s = NULL;
    wms_err e;
    assert_int_equal(wms_store_open(&o, &s, NULL, &e), 0);
    wms_demo_opts d = {.seed = 2, .products = 20};
    assert_int_equal(wms_store_seed_demo(s, &d, &e), 0);
    /* the child's items need decimals 0 products: make them all pieces */
    sqlite3_exec(wms_store_db(s), "UPDATE product SET decimals = 0", NULL, NULL, NULL);
    wms_store_close(s);

    size_t cap = 1 << 16, n = 0;
    wms_uuid *confirmed = malloc(cap * sizeof *confirmed);
    assert_non_null(confirmed);
    const char *ek = getenv("WMS_CRASH_KILLS");
    int kills = ek ? atoi(ek) : 200;
    unsigned seed = (unsigned)time(NULL);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int done = 0;
    for (; done < kills; done++) {
        int p[2];
        assert_int_equal(pipe(p), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            child(path, p[1]);
        }
        close(p[1]);
        /* wait for at least one confirmation, then a random 0..15 ms */
        wms_uuid u;
        uint8_t buf[16];
        size_t got = 0;
        ssize_t r = read(p[0], buf, 16);
        if (r > 0) {
            got = (size_t)r;
        }
        struct timespec ts = {0, (long)(rand_r(&seed) % 15000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int st;
        waitpid(pid, &st, 0);
        assert_true(WIFSIGNALED(st));
        /* drain what the child confirmed before it died */
        for (;;) {
            while (got < 16) {
                r = read(p[0], buf + got, 16 - got);
                if (r <= 0) {
                    break;
                }
                got += (size_t)r;
            }
            if (got < 16) {
                break;
            }
            memcpy(u.b, buf, 16);
            if (n == cap) {
                cap *= 2;
                confirmed = realloc(confirmed, cap * sizeof *confirmed);
                assert_non_null(confirmed);
            }
            confirmed[n++] = u;
            got = 0;
        }
        close(p[0]);
        /* restart: every confirmed op exactly once, integrity ok */
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        sqlite3_stmt *ic;
        assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &ic, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(ic), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(ic, 0), "ok");
        sqlite3_finalize(ic);
        sqlite3_stmt *q;
        assert_int_equal(
                sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM outbox WHERE op_id = ?", -1, &q, NULL),
                SQLITE_OK);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(count_op(q, &confirmed[i]), 1);
        }
        sqlite3_finalize(q);
        sqlite3_close(db);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > 20) {
            break;
        }
    }
    print_message("crash: %d kills, %zu confirmed ops checked\n", done, n);
    assert_true(done >= 20);
    assert_true(n > 0);
    /* the store opens and checks the whole file after all that */
    wms_store_opts fo = {.path = path, .full_check = true};
    wms_store_open_info info;
    assert_int_equal(wms_store_open(&fo, &s, &info, &e), 0);
    assert_false(info.recovered);
    wms_store_close(s);
    free(confirmed);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_sigkill)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
