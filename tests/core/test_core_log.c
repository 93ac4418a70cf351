/*
 * test_core_log.c -- log lines, levels, context, quoting, the stderr sink
 * and the redaction of secrets.
 */
#include "wms_test.h"

#include "wms/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct capture {
    int lines;
    wms_log_level level;
    char last[2048];
    size_t len;
} capture;

static void capture_write(void *data, wms_log_level level, const char *line, size_t len)
{
    capture *c = data;
    c->lines++;
    c->level = level;
    c->len = len;
    assert_true(len < sizeof c->last);
    memcpy(c->last, line, len);
    c->last[len] = '\0';
    assert_int_equal(strlen(line), len); /* NUL-terminated too */
}

static void test_levels_and_format(void **state)
{
    (void)state;
    capture cap = {0};
    wms_log_sink sink = {capture_write, &cap};
    wms_log log;
    wms_log_init(&log, &sink, WMS_LOG_INFO);
    wms_log_debug(&log, "noise", "x=%d", 1);
    assert_int_equal(cap.lines, 0);
    wms_log_info(&log, "start", "port=%d mode=%s", 8080, "dev");
    assert_int_equal(cap.lines, 1);
    assert_int_equal(cap.level, WMS_LOG_INFO);
    assert_string_equal(cap.last, "level=info event=start port=8080 mode=dev");
    wms_log_warn(&log, "slow", "%s", "");
    assert_string_equal(cap.last, "level=warning event=slow");
    wms_log_err(&log, "", "a=b");
    assert_string_equal(cap.last, "level=err event=- a=b");
    wms_log_emit(&log, WMS_LOG_NOTICE, "n", "%s", "k=v");
    assert_string_equal(cap.last, "level=notice event=n k=v");
    /* everything at debug */
    wms_log_init(&log, &sink, WMS_LOG_DEBUG);
    wms_log_debug(&log, "d", "x=1");
    assert_string_equal(cap.last, "level=debug event=d x=1");
    /* only errors */
    wms_log_init(&log, &sink, WMS_LOG_ERR);
    int before = cap.lines;
    wms_log_warn(&log, "w", "x=1");
    assert_int_equal(cap.lines, before);
}

static void test_child_context(void **state)
{
    (void)state;
    capture cap = {0};
    wms_log_sink sink = {capture_write, &cap};
    wms_log root, req;
    wms_log_init(&root, &sink, WMS_LOG_INFO);
    wms_log_child(&req, &root, "terminal=%s", "T1");
    wms_log_child(&req, &req, "req=%s op=%d", "R42", 7); /* aliasing is fine */
    wms_log_info(&req, "post", "doc=%d", 5);
    assert_string_equal(cap.last, "level=info event=post terminal=T1 req=R42 op=7 doc=5");
    wms_log_info(&root, "plain", "a=1");
    assert_string_equal(cap.last, "level=info event=plain a=1"); /* parent untouched */
    /* the context is bounded */
    char big[400];
    memset(big, 'c', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    wms_log_child(&req, &root, "big=%s", big);
    assert_int_equal(strlen(req.ctx), WMS_LOG_CTX_MAX - 1);
    wms_log_child(&req, &req, "more=1"); /* full: ignored, no overflow */
    assert_int_equal(strlen(req.ctx), WMS_LOG_CTX_MAX - 1);
}

static void test_level_parse(void **state)
{
    (void)state;
    wms_log_level l = WMS_LOG_ERR;
    assert_int_equal(wms_log_level_parse("debug", &l), 0);
    assert_int_equal(l, WMS_LOG_DEBUG);
    assert_int_equal(wms_log_level_parse("warning", &l), 0);
    assert_int_equal(l, WMS_LOG_WARNING);
    assert_int_equal(wms_log_level_parse("err", &l), 0);
    assert_int_equal(l, WMS_LOG_ERR);
    assert_int_equal(wms_log_level_parse("notice", &l), 0);
    assert_int_equal(wms_log_level_parse("info", &l), 0);
    assert_int_equal(l, WMS_LOG_INFO);
    assert_int_equal(wms_log_level_parse("INFO", &l), WMS_EINVAL);
    assert_int_equal(wms_log_level_parse("", &l), WMS_EINVAL);
    assert_int_equal(wms_log_level_parse("verbose", &l), WMS_EINVAL);
    assert_int_equal(wms_log_level_parse(NULL, &l), WMS_EINVAL);
    assert_int_equal(l, WMS_LOG_INFO); /* untouched on error */
}

static void check_redact(const char *in, const char *want)
{
    char buf[512];
    wms_strlcpy(buf, in, sizeof buf);
    wms_log_redact(buf);
    if (strcmp(buf, want) != 0) {
        fail_msg("redact(%s)\n  got  %s\n  want %s", in, buf, want);
    }
}

static void test_redact(void **state)
{
    (void)state;
    check_redact("user=ann password=hunter22 x=1", "user=ann password=*** x=1");
    check_redact("token=\"abc def\" next=2", "token=\"***\" next=2");
    check_redact("passwd=abcd", "passwd=***");
    check_redact("secret=abcdef", "secret=***");
    check_redact("pin=1234 badge=0001", "pin=*** badge=0001");
    check_redact("db_password=xyzw", "db_password=***");
    check_redact("DB_PASSWORD=xyzw", "DB_PASSWORD=***");
    check_redact("api_key=abcd X-Api-Key=efgh", "api_key=*** X-Api-Key=***");
    check_redact("access_token=abcd", "access_token=***");
    check_redact("authorization=\"Bearer abc.def\"", "authorization=\"***\"");
    check_redact("authorization=Bearer abc.def x=1", "authorization=*** x=1");
    check_redact("Authorization=Basic dXNlcjpwYXNz", "Authorization=***");
    check_redact("dsn=\"host=db password=s3cret dbname=wms\"",
                 "dsn=\"host=db password=*** dbname=wms\"");
    check_redact("url=https://x.test/a?token=abcd&page=2", "url=https://x.test/a?token=***&page=2");
    /* JSON, plain and inside a quoted value */
    check_redact("body={\"badge\":\"0001\",\"pin\":\"1234\"}",
                 "body={\"badge\":\"0001\",\"pin\":\"***\"}");
    check_redact("body={\"pin\": 1234, \"x\":1}", "body={\"pin\": ***, \"x\":1}");
    check_redact("body=\"{\\\"badge\\\":\\\"0001\\\",\\\"password\\\":\\\"hunter22\\\"}\"",
                 "body=\"{\\\"badge\\\":\\\"0001\\\",\\\"password\\\":\\\"***\\\"}\"");
    check_redact("{\"token\":\"a\\\"b\"}", "{\"token\":\"***\"}");
    check_redact("{\"name\":\"pin\"}", "{\"name\":\"pin\"}");
    /* URIs with a password */
    check_redact("link=postgresql://wms:S3cr3t@db.local:5432/wms x=1",
                 "link=postgresql://wms:***@db.local:5432/wms x=1");
    check_redact("a=postgres://u:p%40ss@h/db b=postgres://v:q@h2",
                 "a=postgres://u:***@h/db b=postgres://v:***@h2");
    /* not secrets: left alone */
    check_redact("key=general.lang spinner=3 pinned=1 keyboard=us",
                 "key=general.lang spinner=3 pinned=1 keyboard=us");
    check_redact("link=postgresql://db.local:5432/wms", "link=postgresql://db.local:5432/wms");
    check_redact("link=postgresql://user@db.local/wms", "link=postgresql://user@db.local/wms");
    check_redact("compass=north mypassword_hint", "compass=north mypassword_hint");
    check_redact("", "");
    check_redact("password=", "password=");
    /* in place: a short secret cannot grow, but it is still hidden */
    check_redact("pin=1", "pin=*");
    check_redact("pin=12 x", "pin=** x");
    wms_log_redact(NULL);
}

static void test_emit_redacts(void **state)
{
    (void)state;
    capture cap = {0};
    wms_log_sink sink = {capture_write, &cap};
    wms_log log, child;
    wms_log_init(&log, &sink, WMS_LOG_DEBUG);
    wms_log_info(&log, "login", "badge=%s pin=%s", "0001", "1");
    assert_string_equal(cap.last, "level=info event=login badge=0001 pin=***");
    assert_null(strstr(cap.last, "=1"));
    /* context fields are redacted too */
    wms_log_child(&child, &log, "token=%s", "tok-123456");
    wms_log_info(&child, "x", "a=1");
    assert_null(strstr(cap.last, "tok-123456"));
    /* quoted values that contain secrets */
    char q[128];
    wms_log_info(&log, "cfg", "dsn=%s",
                 wms_log_quote("host=h user=u password=topsecret", q, sizeof q));
    assert_null(strstr(cap.last, "topsecret"));
    assert_non_null(strstr(cap.last, "password=***"));
    wms_log_info(&log, "cfg", "link=%s", "postgresql://u:topsecret@h/db");
    assert_null(strstr(cap.last, "topsecret"));
}

static void test_one_line_and_cap(void **state)
{
    (void)state;
    capture cap = {0};
    wms_log_sink sink = {capture_write, &cap};
    wms_log log;
    wms_log_init(&log, &sink, WMS_LOG_DEBUG);
    /* a newline in a value cannot forge a second line */
    wms_log_info(&log, "x", "note=%s", "a\nlevel=err event=forged");
    assert_null(strchr(cap.last, '\n'));
    assert_non_null(strstr(cap.last, "a\\x0alevel=err"));
    /* capped at 1 KiB */
    char *big = malloc(5000);
    memset(big, 'a', 4999);
    big[4999] = '\0';
    wms_log_info(&log, "big", "v=%s", big);
    assert_true(cap.len <= 1024);
    assert_true(cap.len > 1000);
    /* a secret cut by the cap is still hidden */
    memset(big, 'b', 4999);
    memcpy(big + 990, " password=", 10);
    wms_log_info(&log, "big", "v=%s", big);
    assert_null(strstr(cap.last, "password=b"));
    /* a UTF-8 character is never cut in half */
    for (size_t i = 0; i + 2 < 4999; i += 2) {
        big[i] = '\xc3';
        big[i + 1] = '\xa9'; /* é */
    }
    big[4998] = '\0';
    for (int shift = 0; shift < 2; shift++) {
        wms_log_info(&log, shift ? "bigg" : "big", "v=%s", big);
        assert_int_equal(wms_text_validate(cap.last, cap.len, 2000, 0, NULL), 0);
    }
    free(big);
}

static void test_quote(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(wms_log_quote("plain", b, sizeof b), "\"plain\"");
    assert_string_equal(wms_log_quote("a \"q\" \\", b, sizeof b), "\"a \\\"q\\\" \\\\\"");
    assert_string_equal(wms_log_quote("nl\n\x01", b, sizeof b), "\"nl\\x0a\\x01\"");
    assert_string_equal(wms_log_quote("", b, sizeof b), "\"\"");
    assert_string_equal(wms_log_quote(NULL, b, sizeof b), "\"\"");
    /* truncation keeps the closing quote and whole escapes */
    assert_string_equal(wms_log_quote("abcdef", b, 6), "\"abc\"");
    assert_string_equal(wms_log_quote("\n\n", b, 7), "\"\\x0a\"");
    assert_string_equal(wms_log_quote("abc", b, 3), "\"\"");
    assert_string_equal(wms_log_quote("abc", b, 2), "");
    assert_string_equal(wms_log_quote("é", b, sizeof b), "\"é\"");
}

static void test_stderr_sink(void **state)
{
    (void)state;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
    wms_log log;
    wms_log_init(&log, wms_log_sink_stderr(), WMS_LOG_INFO);
    wms_log_info(&log, "hello", "n=%d", 1);
    wms_log_err(&log, "bad", "password=%s", "x1234");
    wms_log_init(&log, NULL, WMS_LOG_INFO); /* NULL sink = stderr */
    wms_log_warn(&log, "w", "a=1");
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    rewind(tmp);
    char got[512] = {0};
    size_t n = fread(got, 1, sizeof got - 1, tmp);
    fclose(tmp);
    got[n] = '\0';
    assert_string_equal(got, "<6>level=info event=hello n=1\n"
                             "<3>level=err event=bad password=***\n"
                             "<4>level=warning event=w a=1\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_levels_and_format),
            cmocka_unit_test(test_child_context),
            cmocka_unit_test(test_level_parse),
            cmocka_unit_test(test_redact),
            cmocka_unit_test(test_emit_redacts),
            cmocka_unit_test(test_one_line_and_cap),
            cmocka_unit_test(test_quote),
            cmocka_unit_test(test_stderr_sink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
