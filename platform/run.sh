#!/usr/bin/env bash
# platform/run.sh -- install what is missing, build, start wms-kiosk on its
# embedded default (a local SQLite database with demo data, no server).
# Extra arguments go to wms-kiosk.  Set WMS_BUILD_DIR to build elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
. platform/deps.sh
wms_deps run

build="${WMS_BUILD_DIR:-build/release}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target wms-kiosk wmsctl

exec "$build/src/app/wms-kiosk" "$@"
