/*
 * version.c -- the build's version string (WMS_VERSION from CMake).
 */
#include "wms/core.h"

#ifndef WMS_VERSION
#error "WMS_VERSION must be defined by the build"
#endif

const char *wms_version(void)
{
    return WMS_VERSION;
}
