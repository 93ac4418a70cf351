/* scan_internal.h -- shared between the scan module's files. */
#ifndef WMS_SCAN_INTERNAL_H
#define WMS_SCAN_INTERNAL_H

#include "wms/scan.h"

#endif
