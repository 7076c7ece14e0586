#!/bin/sh
# Installs the Debian packages huimin needs to build, run and test, and only
# the missing ones; says nothing when none is missing.
set -e
PKGS="build-essential pkg-config clang libclang-rt-14-dev
libsqlite3-dev sqlite3 libjansson-dev libzip-dev libexpat1-dev libxlsxwriter-dev
libcmocka-dev libreoffice-calc time libsodium-dev libmicrohttpd-dev wrk"
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
