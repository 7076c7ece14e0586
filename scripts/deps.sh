#!/bin/sh
# Installs the Debian packages huimin needs to build, run and test, and only
# the missing ones, then the browser-test modules of tests/e2e (npm ci, when
# node_modules is missing or older than package-lock.json); says nothing when
# nothing is missing.
set -e
cd "$(dirname "$0")/.."
PKGS="build-essential pkg-config clang libclang-rt-14-dev
libsqlite3-dev sqlite3 libjansson-dev libzip-dev libexpat1-dev libxlsxwriter-dev
libcmocka-dev libreoffice-calc libreoffice-writer time libsodium-dev libmicrohttpd-dev wrk
chromium fonts-noto-cjk libcairo2-dev libpango1.0-dev poppler-utils"
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The browser tests drive Debian's chromium (/usr/bin/chromium): playwright-core
# downloads no browser, and PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD makes sure of it.
E2E=tests/e2e
if [ -f "$E2E/package-lock.json" ] &&
	{ [ ! -d "$E2E/node_modules" ] || [ "$E2E/package-lock.json" -nt "$E2E/node_modules" ]; }; then
	echo "installing: $E2E/node_modules (npm ci)"
	(cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	touch "$E2E/node_modules"
fi
