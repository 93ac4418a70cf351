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
 *
 * The second test does the same through the whole kiosk as script mode
 * runs it (a headless session with the script clock: badge, PIN, the
 * Receive tile, a product scan on the receive screen), and counts a line
 * as confirmed when the kiosk played the success tone for it.
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

/* What every receipt of the terminal received, in units. */
static int64_t received_all(const char *path)
{
    kdata db;
    open_db(&db, path);
    kd_doc docs[100];
    int n = 0;
    int64_t total = 0, q = 0;
    wms_page pg = {1, 100};
    assert_int_equal(db.ops->docs_list(db.d, -1, &pg, docs, 100, &n, &total, NULL), 0);
    assert_true(total <= 100);
    for (int i = 0; i < n; i++) {
        kd_line lines[64];
        int nl = 0;
        assert_int_equal(db.ops->doc_lines(db.d, docs[i].id, lines, 64, &nl, NULL), 0);
        for (int j = 0; j < nl; j++) {
            q += lines[j].received.milli;
        }
    }
    kdata_close(&db);
    return q / WMS_QTY_SCALE;
}

static void session_child(const char *path, int fd)
{
    kiosk_conf conf;
    wms_err err = {0};
    if (kiosk_conf_load(&conf, NULL, &err) != 0) {
        _exit(3);
    }
    wms_strlcpy(conf.db, path, sizeof(conf.db));
    conf.mute = true;
    session s;
    if (session_open(&s, &conf, &err) != 0) {
        _exit(3);
    }
    session_use_script_clock(&s);
    if (session_display(&s, WMS_SDL_HEADLESS, 800, 480, &err) != 0) {
        _exit(3);
    }
    int64_t t = session_now_ms(&s);
    kiosk_scan(s.k, (const uint8_t *)"B:0001", 6, t);
    kiosk_text(s.k, "1234", t);
    kiosk_key(s.k, KK_ENTER, t);
    kiosk_action(s.k, KA_TILE_RECEIVE, t);
    session_frame(&s, false);
    if (s.k->screen != KS_RECEIVE) {
        _exit(4);
    }
    static const char code[] = "4010000000074";
    for (;;) {
        unsigned ok = s.tones[WMS_TONE_SUCCESS];
        kiosk_scan(s.k, (const uint8_t *)code, sizeof(code) - 1, session_now_ms(&s));
        session_frame(&s, false);
        if (s.tones[WMS_TONE_SUCCESS] != ok + 1) {
            _exit(5);
        }
        if (write(fd, "+", 1) != 1) {
            _exit(6);
        }
    }
}

static void test_kill_9_session(void **state)
{
    (void)state;
    char dir[] = "/tmp/wms-kiosk-crash-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof(path), "%s/kiosk.db", dir);
    kdata db;
    open_db(&db, path); /* create and seed it before the first kill */
    kdata_close(&db);
    srand(7);
    int64_t confirmed = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            session_child(path, fds[1]);
        }
        close(fds[1]);
        int want = 1 + rand() % 10, got = 0;
        char c;
        while (got < want && read(fds[0], &c, 1) == 1) {
            got++;
        }
        kill(pid, SIGKILL);
        int st = 0;
        waitpid(pid, &st, 0);
        while (read(fds[0], &c, 1) == 1) {
            got++;
        }
        close(fds[0]);
        if (!WIFSIGNALED(st)) {
            fail_msg("round %d: the kiosk exited with %d before the kill", round,
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        }
        confirmed += got;
        int64_t q = received_all(path);
        if (q < confirmed || q > confirmed + 1) {
            fail_msg("round %d: %lld confirmed (success tone), %lld in the database", round,
                     (long long)confirmed, (long long)q);
        }
        confirmed = q;
    }
    assert_true(confirmed >= ROUNDS);
    char cmd[200];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_kill_9),
            cmocka_unit_test(test_kill_9_session),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
