/*
 * wms_test.h -- small helpers shared by the cmocka runners.
 * cmocka needs <stdarg.h>, <stddef.h>, <stdint.h> and <setjmp.h> first.
 */
#ifndef WMS_TEST_H
#define WMS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define S(lit) (lit), (sizeof(lit) - 1)
#define U(lit) (const uint8_t *)(lit), (sizeof(lit) - 1)

#endif
