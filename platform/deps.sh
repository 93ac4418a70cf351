#!/usr/bin/env bash
# platform/deps.sh -- install the Debian packages wms-kiosk needs.
#
#   platform/deps.sh run     what building and running the kiosk needs
#   platform/deps.sh test    that, plus everything the test suite needs
#
# Only missing packages are installed (apt-get, through sudo when not root);
# running it again when everything is there does nothing.  Works on Debian 12
# and Raspberry Pi OS (bookworm).
set -euo pipefail

WMS_PKGS_RUN=(
  build-essential cmake ninja-build pkg-config git
  libjansson-dev libinih-dev libsqlite3-dev libpq-dev libcurl4-openssl-dev
  libmicrohttpd-dev libsdl2-dev libsdl2-ttf-dev libzbar-dev libpng-dev libdmtx-dev libzint-dev
  fonts-dejavu-core
)
WMS_PKGS_TEST=(
  libcmocka-dev clang libclang-rt-14-dev clang-format
  postgresql postgresql-contrib pgbouncer wrk
  xvfb xauth zint imagemagick sqlite3 openssl
  crossbuild-essential-arm64 qemu-user-static mmdebstrap
)

wms_missing_packages() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
      printf '%s\n' "$p"
    fi
  done
}

wms_install_packages() {
  local missing
  mapfile -t missing < <(wms_missing_packages "$@")
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  echo "deps: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "deps: missing packages and no sudo; as root run: apt-get install ${missing[*]}" >&2
      return 1
    fi
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

wms_deps() {
  case "${1:-run}" in
    run) wms_install_packages "${WMS_PKGS_RUN[@]}" ;;
    test) wms_install_packages "${WMS_PKGS_RUN[@]}" "${WMS_PKGS_TEST[@]}" ;;
    *) echo "usage: platform/deps.sh run|test" >&2; return 2 ;;
  esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  wms_deps "$@"
fi
