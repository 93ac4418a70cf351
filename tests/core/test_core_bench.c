/*
 * test_core_bench.c -- benchmark reports (figures, baselines, goals, JSON,
 * table) and percentiles.
 */
#include "wms_test.h"

#include "wms/core.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void test_report_init_and_add(void **state)
{
    (void)state;
    wms_bench_report r;
    wms_bench_report_init(&r, "core", "x86_64, 2 cpus, test");
    assert_string_equal(r.area, "core");
    assert_string_equal(r.machine, "x86_64, 2 cpus, test");
    assert_int_equal(r.count, 0);
    wms_bench_figure *f = wms_bench_add(&r, "gtin_parse", 1234.5, "ops/s");
    assert_non_null(f);
    assert_int_equal(r.count, 1);
    assert_string_equal(f->name, "gtin_parse");
    assert_string_equal(f->unit, "ops/s");
    assert_true(f->value == 1234.5);
    assert_string_equal(f->baseline, "");
    assert_true(f->ratio == 0.0);
    assert_int_equal(f->goal_kind, WMS_GOAL_NONE);
    assert_false(f->met);
    /* over-long names are truncated, never overflow */
    char longname[200];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    f = wms_bench_add(&r, longname, 1, "a-very-long-unit-name");
    assert_non_null(f);
    assert_int_equal(strlen(f->name), sizeof f->name - 1);
    assert_int_equal(strlen(f->unit), sizeof f->unit - 1);
    /* full report */
    while (r.count < WMS_BENCH_MAX_FIGURES) {
        assert_non_null(wms_bench_add(&r, "x", 1, "ms"));
    }
    assert_null(wms_bench_add(&r, "one too many", 1, "ms"));
    assert_int_equal(r.count, WMS_BENCH_MAX_FIGURES);
    /* NULL area / machine are empty strings */
    wms_bench_report_init(&r, NULL, NULL);
    assert_string_equal(r.area, "");
    assert_string_equal(r.machine, "");
}

static void test_goals(void **state)
{
    (void)state;
    wms_bench_report r;
    wms_bench_report_init(&r, "store", "m");
    wms_bench_figure *f = wms_bench_add(&r, "lookup_p99", 4.5, "us");
    wms_bench_set_baseline(f, "raw sqlite", 3.0);
    assert_string_equal(f->baseline, "raw sqlite");
    assert_true(fabs(f->ratio - 1.5) < 1e-12);
    wms_bench_set_goal(f, WMS_GOAL_RATIO_LE, 1.5);
    assert_string_equal(f->goal, "ratio <= 1.5");
    assert_true(f->met); /* boundary is met */
    wms_bench_set_goal(f, WMS_GOAL_RATIO_LE, 1.4);
    assert_false(f->met);
    wms_bench_set_goal(f, WMS_GOAL_RATIO_GE, 1.2);
    assert_string_equal(f->goal, "ratio >= 1.2");
    assert_true(f->met);
    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 5);
    assert_string_equal(f->goal, "value <= 5 us");
    assert_true(f->met);
    wms_bench_set_goal(f, WMS_GOAL_VALUE_GE, 5);
    assert_string_equal(f->goal, "value >= 5 us");
    assert_false(f->met);
    /* goal first, baseline later: met is re-evaluated */
    f = wms_bench_add(&r, "x", 10, "ms");
    wms_bench_set_goal(f, WMS_GOAL_RATIO_LE, 2);
    assert_false(f->met); /* no baseline: a ratio goal cannot be met */
    wms_bench_set_baseline(f, "b", 6);
    assert_true(f->met);
    /* zero baseline: no ratio, goal not met */
    wms_bench_set_baseline(f, "zero", 0);
    assert_true(f->ratio == 0.0);
    assert_false(f->met);
    /* NULL figure (report was full) is ignored */
    wms_bench_set_baseline(NULL, "b", 1);
    wms_bench_set_goal(NULL, WMS_GOAL_VALUE_LE, 1);
    /* unit-less value goal */
    f = wms_bench_add(&r, "y", 3, "");
    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 3);
    assert_string_equal(f->goal, "value <= 3");
    assert_true(f->met);
}

static void test_json(void **state)
{
    (void)state;
    wms_bench_report r;
    wms_bench_report_init(&r, "store", "x86_64, 2 cpus, cpu");
    wms_bench_figure *f = wms_bench_add(&r, "barcode_lookup_p99", 4.1, "us");
    wms_bench_set_baseline(f, "raw sqlite prepared lookup", 3.6);
    wms_bench_set_goal(f, WMS_GOAL_RATIO_LE, 1.5);
    wms_bench_add(&r, "plain", 7, "ops/s");
    wms_bench_add(&r, "nan", NAN, "ms");
    json_t *j = NULL;
    assert_int_equal(wms_bench_to_json(&r, &j), 0);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "area")), "store");
    assert_string_equal(json_string_value(json_object_get(j, "machine")), "x86_64, 2 cpus, cpu");
    json_t *figs = json_object_get(j, "figures");
    assert_true(json_is_array(figs));
    assert_int_equal(json_array_size(figs), 3);
    json_t *a = json_array_get(figs, 0);
    assert_string_equal(json_string_value(json_object_get(a, "name")), "barcode_lookup_p99");
    assert_true(fabs(json_number_value(json_object_get(a, "value")) - 4.1) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(a, "unit")), "us");
    assert_string_equal(json_string_value(json_object_get(a, "baseline")),
                        "raw sqlite prepared lookup");
    assert_true(fabs(json_number_value(json_object_get(a, "baseline_value")) - 3.6) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(a, "ratio")) - 4.1 / 3.6) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(a, "goal")), "ratio <= 1.5");
    assert_true(json_is_true(json_object_get(a, "met")));
    /* baseline and goal keys only when set */
    json_t *b = json_array_get(figs, 1);
    assert_null(json_object_get(b, "baseline"));
    assert_null(json_object_get(b, "ratio"));
    assert_null(json_object_get(b, "goal"));
    assert_null(json_object_get(b, "met"));
    /* NaN becomes null, the rest of the object stays valid */
    json_t *c = json_array_get(figs, 2);
    assert_true(json_is_null(json_object_get(c, "value")));
    char *s = json_dumps(j, JSON_COMPACT);
    assert_non_null(s);
    json_t *back = json_loads(s, 0, NULL);
    assert_non_null(back);
    json_decref(back);
    free(s);
    json_decref(j);
    /* empty report */
    wms_bench_report_init(&r, "core", "");
    assert_int_equal(wms_bench_to_json(&r, &j), 0);
    assert_int_equal(json_array_size(json_object_get(j, "figures")), 0);
    json_decref(j);
}

static void test_table(void **state)
{
    (void)state;
    wms_bench_report r;
    wms_bench_report_init(&r, "core", "x86_64, 2 cpus, cpu");
    wms_bench_figure *f = wms_bench_add(&r, "gtin_parse", 12345678.9, "ops/s");
    wms_bench_set_baseline(f, "memcmp loop", 24691357.8);
    wms_bench_set_goal(f, WMS_GOAL_RATIO_GE, 0.1);
    f = wms_bench_add(&r, "gs1_parse_p99", 0.25, "us");
    wms_bench_set_goal(f, WMS_GOAL_VALUE_LE, 0.1);
    wms_buf b;
    wms_buf_init(&b, 1 << 16);
    assert_int_equal(wms_bench_to_table(&r, &b), 0);
    const char *t = wms_buf_str(&b);
    assert_non_null(strstr(t, "bench core on x86_64, 2 cpus, cpu\n"));
    assert_non_null(strstr(t, "figure"));
    assert_non_null(strstr(t, "12345679 ops/s"));
    assert_non_null(strstr(t, "memcmp loop = 24691358"));
    assert_non_null(strstr(t, "0.5"));
    assert_non_null(strstr(t, "ratio >= 0.1"));
    assert_non_null(strstr(t, "yes"));
    assert_non_null(strstr(t, "0.25 us"));
    assert_non_null(strstr(t, "NO"));
    /* aligned: every line of the table (after the title) has the same
     * position for the "value" column end: check lines are equally long up
     * to the goal column by comparing where "  " separators start */
    const char *l1 = strchr(t, '\n') + 1;
    const char *l2 = strchr(l1, '\n') + 1;
    const char *l3 = strchr(l2, '\n') + 1;
    const char *v1 = strstr(l1, "value");
    const char *v2 = strstr(l2, "ops/s");
    const char *v3 = strstr(l3, " us");
    assert_int_equal(v1 + strlen("value") - l1, v2 + strlen("ops/s") - l2);
    assert_int_equal(v1 + strlen("value") - l1, v3 + strlen(" us") - l3);
    /* no trailing padding */
    assert_null(strstr(t, " \n"));
    /* a tiny cap: WMS_ETOOBIG, no overflow */
    wms_buf small;
    wms_buf_init(&small, 16);
    assert_int_equal(wms_bench_to_table(&r, &small), WMS_ETOOBIG);
    wms_buf_release(&small);
    wms_buf_release(&b);
}

static void test_percentile(void **state)
{
    (void)state;
    assert_true(wms_percentile(NULL, 0, 50) == 0.0);
    double one[] = {7};
    assert_true(wms_percentile(one, 1, 0) == 7);
    assert_true(wms_percentile(one, 1, 50) == 7);
    assert_true(wms_percentile(one, 1, 100) == 7);
    double two[] = {10, 0};
    assert_true(wms_percentile(two, 2, 50) == 5); /* sorted, interpolated */
    assert_true(two[0] == 0 && two[1] == 10);
    assert_true(wms_percentile(two, 2, 25) == 2.5);
    /* 1..100: p0 = 1, p100 = 100, p50 = 50.5, p99 = 99.01 */
    double v[100];
    for (int i = 0; i < 100; i++) {
        v[i] = (double)(100 - i);
    }
    assert_true(wms_percentile(v, 100, 0) == 1);
    assert_true(wms_percentile(v, 100, 100) == 100);
    assert_true(fabs(wms_percentile(v, 100, 50) - 50.5) < 1e-9);
    assert_true(fabs(wms_percentile(v, 100, 99) - 99.01) < 1e-9);
    /* out-of-range and NaN percentiles clamp */
    assert_true(wms_percentile(v, 100, -5) == 1);
    assert_true(wms_percentile(v, 100, 250) == 100);
    assert_true(wms_percentile(v, 100, NAN) == 1);
    /* equal samples, infinities */
    double eq[] = {3, 3, 3};
    assert_true(wms_percentile(eq, 3, 37) == 3);
    double inf[] = {INFINITY, 1, INFINITY};
    assert_true(isinf(wms_percentile(inf, 3, 75)));
    /* NaN samples sort last and do not poison lower percentiles */
    double withnan[] = {NAN, 2, 1, 3};
    assert_true(wms_percentile(withnan, 4, 0) == 1);
    assert_true(fabs(wms_percentile(withnan, 4, 50) - 2.5) < 1e-9);
    assert_true(isnan(withnan[3]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_report_init_and_add),
            cmocka_unit_test(test_goals),
            cmocka_unit_test(test_json),
            cmocka_unit_test(test_table),
            cmocka_unit_test(test_percentile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
