#!/bin/sh
# Installs, from Debian's packages, whatever kaiji needs and this machine lacks.
#   tools/install-deps.sh           what building and running kaiji needs (make demo)
#   tools/install-deps.sh --tests   that, and what the tests need (make check, CI)
#   tools/install-deps.sh --windows that, and what make windows and make
#                                   check-windows need
set -eu
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
# Building and running: the compiler, the libraries kaiji links, gettext for
# the Japanese messages and the locale they are shown in.
runtime="build-essential pkg-config libxml2-dev zlib1g-dev libdeflate-dev libzip-dev libcjson-dev \
         libutf8proc-dev nettle-dev libsqlite3-dev libcurl4-openssl-dev \
         libxlsxwriter-dev libmicrohttpd-dev libsodium-dev libpq-dev gettext locales"
# The tests only: Criterion; libssl-dev, whose SHA-256 and Base64 the tests
# compare kaiji's (nettle's) with; openpyxl writes and reads fixtures; aiosmtpd is the
# SMTP server of the mail tests; Selenium and chromium-driver drive kaiji serve
# in a real browser; chromium, poppler-utils and fonts-ipafont-gothic
# (Japanese glyphs; the smallest Debian CJK font, ~8 MB against ~90 MB for
# fonts-noto-cjk) print the HTML report; groff-base and man-db render the man
# page; valgrind runs the suite in CI (curl drives kaiji serve there);
# postgresql is the server of make check-pg's private cluster (tools/pg-test.sh).
tests="libcriterion-dev libssl-dev python3 python3-openpyxl python3-aiosmtpd openssl \
       python3-selenium chromium chromium-driver poppler-utils fonts-ipafont-gothic groff-base man-db valgrind curl postgresql"
# The Windows build: mingw-w64, the tools that unpack and build Debian's
# source packages (dpkg-dev, cmake, tcl for SQLite's amalgamation, autoconf,
# automake and libtool for libsodium's and libmicrohttpd's configure), and
# wine64 to run kaiji.exe in the tests (curl and openssl: kaiji serve's checks);
# meson, ninja-build and pkg-config build Criterion and BoxFort for the tests
# under wine (make windows-tests).
windows="gcc-mingw-w64-x86-64 dpkg-dev cmake tcl autoconf automake libtool wine64 python3 curl openssl meson ninja-build pkg-config"
want="$runtime"
[ "${1:-}" = "--tests" ] && want="$runtime $tests"
[ "${1:-}" = "--windows" ] && want="$runtime $windows"
need=""
for p in $want; do
  have "$p" || need="$need $p"
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
if [ -n "$need" ]; then
  echo "installing:$need" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
fi
# The Japanese locale, for LANG=ja_JP.UTF-8 (messages in Japanese, and the tests).
if ! locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
  echo "generating the ja_JP.UTF-8 locale" >&2
  $SUDO sed -i 's/^# *ja_JP.UTF-8/ja_JP.UTF-8/' /etc/locale.gen
  $SUDO locale-gen
fi
