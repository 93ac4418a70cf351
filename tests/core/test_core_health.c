/*
 * test_core_health.c -- health components, aggregation and JSON.
 */
#include "wms_test.h"

#include "wms/core.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(wms_health_status_name(WMS_HEALTH_HEALTHY), "healthy");
    assert_string_equal(wms_health_status_name(WMS_HEALTH_DEGRADED), "degraded");
    assert_string_equal(wms_health_status_name(WMS_HEALTH_UNHEALTHY), "unhealthy");
    assert_string_equal(wms_health_status_name((wms_health_status)42), "unhealthy");
}

static void test_overall(void **state)
{
    (void)state;
    wms_health h;
    wms_health_init(&h);
    assert_int_equal(h.count, 0);
    assert_int_equal(wms_health_overall(&h), WMS_HEALTH_HEALTHY); /* nothing wrong */
    assert_non_null(wms_health_add(&h, "local_db", WMS_HEALTH_HEALTHY, true, "ok"));
    assert_int_equal(wms_health_overall(&h), WMS_HEALTH_HEALTHY);
    /* a non-critical unhealthy component only degrades */
    assert_non_null(
            wms_health_add(&h, "central_link", WMS_HEALTH_UNHEALTHY, false, "down for %d s", 42));
    assert_int_equal(wms_health_overall(&h), WMS_HEALTH_DEGRADED);
    assert_string_equal(h.comp[1].detail, "down for 42 s");
    /* a critical degraded stays degraded */
    wms_health_add(&h, "outbox", WMS_HEALTH_DEGRADED, true, NULL);
    assert_string_equal(h.comp[2].detail, "");
    assert_int_equal(wms_health_overall(&h), WMS_HEALTH_DEGRADED);
    /* a critical unhealthy makes the whole unhealthy */
    wms_health_add(&h, "disk", WMS_HEALTH_UNHEALTHY, true, "full");
    assert_int_equal(wms_health_overall(&h), WMS_HEALTH_UNHEALTHY);
    /* out-of-range status counts as unhealthy */
    wms_health_init(&h);
    wms_health_add(&h, "x", (wms_health_status)9, true, "?");
    assert_int_equal(h.comp[0].status, WMS_HEALTH_UNHEALTHY);
    assert_int_equal(wms_health_overall(&h), WMS_HEALTH_UNHEALTHY);
}

static void test_bounds(void **state)
{
    (void)state;
    wms_health h;
    wms_health_init(&h);
    for (int i = 0; i < WMS_HEALTH_MAX_COMPONENTS; i++) {
        assert_non_null(wms_health_add(&h, "c", WMS_HEALTH_HEALTHY, false, "%d", i));
    }
    assert_null(wms_health_add(&h, "too many", WMS_HEALTH_UNHEALTHY, true, "x"));
    assert_int_equal(h.count, WMS_HEALTH_MAX_COMPONENTS);
    wms_health_component *c = &h.comp[0];
    for (int i = 0; i < WMS_HEALTH_MAX_VALUES + 3; i++) {
        wms_health_value_add(c, "v", i, "");
    }
    assert_int_equal(c->nvalues, WMS_HEALTH_MAX_VALUES);
    wms_health_value_add(NULL, "v", 1, ""); /* ignored */
    /* long names and details are truncated */
    char big[400];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    wms_health_init(&h);
    c = wms_health_add(&h, big, WMS_HEALTH_HEALTHY, false, "%s", big);
    assert_int_equal(strlen(c->name), sizeof c->name - 1);
    assert_int_equal(strlen(c->detail), sizeof c->detail - 1);
    wms_health_value_add(c, big, 1, big);
    assert_int_equal(strlen(c->values[0].key), sizeof c->values[0].key - 1);
    assert_int_equal(strlen(c->values[0].unit), sizeof c->values[0].unit - 1);
}

static void test_json(void **state)
{
    (void)state;
    wms_health h;
    wms_health_init(&h);
    wms_health_component *db = wms_health_add(&h, "local_db", WMS_HEALTH_HEALTHY, true, "wal ok");
    wms_health_value_add(db, "depth", 3, "");
    wms_health_value_add(db, "free_mb", 12.5, "MB");
    wms_health_value_add(db, "bad", NAN, "");
    wms_health_value_add(db, "status", 1, ""); /* must not clobber the status */
    wms_health_add(&h, "central_link", WMS_HEALTH_UNHEALTHY, false, "timeout \"x\"");
    json_t *j = NULL;
    assert_int_equal(wms_health_to_json(&h, &j), 0);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "degraded");
    assert_string_equal(json_string_value(json_object_get(j, "version")), wms_version());
    json_t *comps = json_object_get(j, "components");
    assert_int_equal(json_object_size(comps), 2);
    json_t *o = json_object_get(comps, "local_db");
    assert_string_equal(json_string_value(json_object_get(o, "status")), "healthy");
    assert_string_equal(json_string_value(json_object_get(o, "detail")), "wal ok");
    assert_true(json_is_true(json_object_get(o, "critical")));
    assert_true(json_is_integer(json_object_get(o, "depth")));
    assert_int_equal(json_integer_value(json_object_get(o, "depth")), 3);
    assert_true(json_is_real(json_object_get(o, "free_mb")));
    assert_true(json_real_value(json_object_get(o, "free_mb")) == 12.5);
    assert_true(json_is_null(json_object_get(o, "bad")));
    json_t *l = json_object_get(comps, "central_link");
    assert_string_equal(json_string_value(json_object_get(l, "status")), "unhealthy");
    assert_string_equal(json_string_value(json_object_get(l, "detail")), "timeout \"x\"");
    char *s = json_dumps(j, JSON_COMPACT);
    assert_non_null(strstr(s, "\"status\":\"degraded\""));
    free(s);
    json_decref(j);

    /* invalid UTF-8 in a detail does not lose the document */
    wms_health_init(&h);
    wms_health_add(&h, "disk", WMS_HEALTH_HEALTHY, true, "bad \xff byte");
    assert_int_equal(wms_health_to_json(&h, &j), 0);
    json_t *d =
            json_object_get(json_object_get(json_object_get(j, "components"), "disk"), "detail");
    assert_non_null(d);
    assert_null(strchr(json_string_value(d), '\xff'));
    json_decref(j);

    /* empty: healthy, no components */
    wms_health_init(&h);
    assert_int_equal(wms_health_to_json(&h, &j), 0);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "healthy");
    assert_int_equal(json_object_size(json_object_get(j, "components")), 0);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_status_names),
            cmocka_unit_test(test_overall),
            cmocka_unit_test(test_bounds),
            cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
