#!/bin/sh
# Builds, for Windows x64 with Debian's mingw-w64, the libraries kaiji links,
# from Debian's own source packages (never from anywhere else), into
# OUT/deps (include/, lib/).  `make windows` calls it, then builds kaiji.exe
# against OUT/deps.
#
#   tools/build-windows.sh [OUT]          OUT defaults to build/windows
#   tools/build-windows.sh OUT --tests    Criterion and what it needs (make
#                                         windows-tests), the rest built before
#
# Debian's source archive is enabled for this run only: a private apt
# configuration under OUT/apt (the machine's own sources, as deb-src), so
# nothing in /etc/apt changes.  The source packages are pinned (PINS below,
# the versions of Debian 12 "bookworm"); when the archive no longer has a
# pinned version, the script says so and takes the one it has.  Every
# library is built once: its sources stay in OUT/src, its result in
# OUT/deps with a stamp OUT/deps/.done-NAME-VERSION, so a second run only
# checks the stamps.  Each build prints the seconds it took.
#
# Each library is built with the least kaiji needs: static libraries only;
# libxml2 without Python, ICU, LZMA, iconv, HTTP or FTP; curl with Windows'
# own TLS (Schannel) and HTTP(S) and SMTP(S) only; libzip without bzip2,
# LZMA or zstd (its AES through Windows' BCrypt); gettext's libintl alone; libsodium minimal;
# libmicrohttpd without HTTPS (it would need GnuTLS: kaiji serve on Windows
# is plain HTTP, for this computer).  OpenSSL and iconv are not built:
# platform/ uses Windows' own functions where the code needs them.
set -eu
OUT=${1:-build/windows}
HOST=x86_64-w64-mingw32
JOBS=${JOBS:-2}

# name=version, as apt-get source takes them.
PINS="zlib=1:1.2.13.dfsg-1
cjson=1.7.15-1+deb12u4
utf8proc=2.8.0-1
libzip=1.7.3-1
libxml2=2.9.14+dfsg-1.3~deb12u6
sqlite3=3.40.1-2+deb12u2
libxlsxwriter=1.1.4-2
curl=7.88.1-10+deb12u15
gettext=0.21-12
libsodium=1.0.18-1+deb12u1
libmicrohttpd=0.9.75-6"
# Criterion, for the test programs only (--tests); nanopb is its source
# alone, compiled inside Criterion's build.
PINS_TESTS="nanomsg=1.1.5+dfsg-1.1
boxfort=0.1.2-2
nanopb=0.4.7-2
debugbreak=1.0-1
htslib=1.16+ds-3
criterion=2.4.1-2"

have() { command -v "$1" >/dev/null 2>&1; }
for t in $HOST-gcc cmake dpkg-source tclsh make; do
  have "$t" || { echo "build-windows: $t is missing (sh tools/install-deps.sh --windows)" >&2; exit 1; }
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
P=$OUT/deps
SRC=$OUT/src
APT=$OUT/apt
mkdir -p "$P/include" "$P/lib" "$SRC" "$APT/lists/partial" "$APT/cache/archives/partial"

# The private apt configuration: the machine's own Debian sources, deb-src.
aptopts="-o Dir::Etc::SourceList=$APT/sources.list -o Dir::Etc::SourceParts=$APT/parts \
 -o Dir::State::Lists=$APT/lists -o Dir::Cache=$APT/cache -o APT::Sandbox::User=root"
apt_ready=no
apt_prepare() {
  [ $apt_ready = yes ] && return 0
  mkdir -p "$APT/parts"
  : > "$APT/sources.list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -n 's/^deb \(.*debian.*\)/deb-src \1/p' "$f" >> "$APT/sources.list"
  done
  rm -f "$APT/parts/"*.sources
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    grep -qi 'debian' "$f" || continue
    sed 's/^Types:.*/Types: deb-src/' "$f" > "$APT/parts/$(basename "$f")"
  done
  # shellcheck disable=SC2086
  apt-get $aptopts update -qq
  apt_ready=yes
}

# fetch NAME VERSION: the unpacked source, Debian's patches applied, in
# $SRC/NAME-VERSION (printed).
fetch() {
  name=$1 version=$2
  dir=$SRC/$name-$version
  if [ ! -d "$dir" ]; then
    apt_prepare
    rm -rf "$SRC/dl" && mkdir -p "$SRC/dl"
    # shellcheck disable=SC2086
    if ! (cd "$SRC/dl" && apt-get $aptopts source --download-only -qq "$name=$version" >/dev/null 2>&1) &&
       ! ls "$SRC/dl/"*.orig.tar.* >/dev/null 2>&1; then
      echo "build-windows: Debian no longer has $name $version; taking the version it has (update PINS in tools/build-windows.sh)" >&2
      rm -rf "$SRC/dl" && mkdir -p "$SRC/dl"
      # shellcheck disable=SC2086
      (cd "$SRC/dl" && apt-get $aptopts source --download-only -qq "$name" >/dev/null 2>&1) ||
        ls "$SRC/dl/"*.orig.tar.* >/dev/null 2>&1
    fi
    # Some of the archive's source packages lack their debian.tar (the
    # mirror answers 404): then the .orig tarball alone, which is the
    # source Debian builds, without Debian's own patches.
    if ! (cd "$SRC/dl" && dpkg-source --no-check -x ./*.dsc unpacked >/dev/null 2>&1); then
      echo "build-windows: $name: Debian's packaging is missing from the archive; its .orig source alone" >&2
      rm -rf "$SRC/dl/unpacked" && mkdir -p "$SRC/dl/unpacked"
      for orig in "$SRC/dl/"*.orig.tar.*; do
        tar xf "$orig" -C "$SRC/dl/unpacked" --strip-components=1
        break
      done
    fi
    mv "$SRC/dl/unpacked" "$dir"
    rm -rf "$SRC/dl"
  fi
  echo "$dir"
}

CC=$HOST-gcc
AR=$HOST-ar
CMAKE_X="-DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER=$CC -DCMAKE_RC_COMPILER=$HOST-windres \
 -DCMAKE_FIND_ROOT_PATH=$P -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER \
 -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY \
 -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$P -DBUILD_SHARED_LIBS=OFF"

b_zlib() {
  # Debian's source has no win32/ folder: the library's files, compiled alone.
  for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback \
           inffast inflate inftrees trees uncompr zutil; do
    $CC -O2 -c $f.c -o $f.o
  done
  $AR rcs "$P/lib/libz.a" ./*.o
  cp zlib.h zconf.h "$P/include/"
}

b_cjson() {
  mkdir -p "$P/include/cjson"
  $CC -O2 -c cJSON.c -o cJSON.o && $AR rcs "$P/lib/libcjson.a" cJSON.o
  cp cJSON.h "$P/include/cjson/" && cp cJSON.h "$P/include/"
}

b_utf8proc() {
  $CC -O2 -DUTF8PROC_STATIC -c utf8proc.c -o utf8proc.o && $AR rcs "$P/lib/libutf8proc.a" utf8proc.o
  cp utf8proc.h "$P/include/"
}

b_libzip() {
  # Windows' own cryptography (BCrypt) for AES-encrypted archives (PPAP:
  # 7-Zip's and WinZip's AES-256 as well as the traditional method).
  # shellcheck disable=SC2086
  cmake -S . -B xbuild $CMAKE_X -DZLIB_INCLUDE_DIR="$P/include" -DZLIB_LIBRARY="$P/lib/libz.a" \
    -DENABLE_COMMONCRYPTO=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_OPENSSL=OFF \
    -DENABLE_WINDOWS_CRYPTO=ON -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF \
    -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF >/dev/null
  make -s -C xbuild -j"$JOBS" install >/dev/null
}

b_libxml2() {
  # shellcheck disable=SC2086
  cmake -S . -B xbuild $CMAKE_X -DLIBXML2_WITH_PYTHON=OFF -DLIBXML2_WITH_ICU=OFF \
    -DLIBXML2_WITH_LZMA=OFF -DLIBXML2_WITH_ZLIB=OFF -DLIBXML2_WITH_ICONV=OFF \
    -DLIBXML2_WITH_HTTP=OFF -DLIBXML2_WITH_FTP=OFF -DLIBXML2_WITH_MODULES=OFF \
    -DLIBXML2_WITH_CATALOG=OFF -DLIBXML2_WITH_DOCB=OFF -DLIBXML2_WITH_PROGRAMS=OFF \
    -DLIBXML2_WITH_TESTS=OFF -DLIBXML2_WITH_DEBUG=OFF >/dev/null
  make -s -C xbuild -j"$JOBS" install >/dev/null
}

b_sqlite3() {
  # The amalgamation is generated on this machine (tclsh), then compiled
  # for Windows alone.
  mkdir -p xbuild && cd xbuild
  [ -f Makefile ] || ../configure --disable-tcl --disable-readline >/dev/null
  make -s sqlite3.c sqlite3.h >/dev/null
  $CC -O2 -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION -c sqlite3.c -o sqlite3.o
  $AR rcs "$P/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h ../src/sqlite3ext.h "$P/include/" 2>/dev/null || cp sqlite3.h "$P/include/"
}

b_libxlsxwriter() {
  # Its CMake build wants a C++ compiler for mingw: the files its CMake
  # lists for MinGW, compiled alone (bundled minizip, tmpfileplus for the
  # temporary files, in the user's temporary folder).  Its fopen is
  # kaiji's (platform/windows.c): a workbook's name is UTF-8, opened through
  # the wide API.
  mkdir -p xbuild
  for f in src/*.c third_party/minizip/ioapi.c third_party/minizip/zip.c \
           third_party/tmpfileplus/tmpfileplus.c third_party/md5/md5.c; do
    echo "$f"
  done | xargs -P "$JOBS" -I{} sh -c 'o=xbuild/$(echo {} | tr / _).o; '"$CC"' -O2 -Iinclude \
      -I"'"$P"'/include" -Dfopen=kaiji_win_fopen -DNOCRYPT -DNOUNCRYPT -DUSE_FILE32API -c {} -o $o'
  rm -f "$P/lib/libxlsxwriter.a" && $AR rcs "$P/lib/libxlsxwriter.a" xbuild/*.o
  cp -r include/xlsxwriter include/xlsxwriter.h "$P/include/"
}

b_curl() {
  # Its CMake build (a minute faster than its configure on two cores).
  # shellcheck disable=SC2086
  cmake -S . -B xbuild $CMAKE_X -DCURL_USE_SCHANNEL=ON -DCURL_USE_OPENSSL=OFF \
    -DCURL_ZLIB=ON -DZLIB_INCLUDE_DIR="$P/include" -DZLIB_LIBRARY="$P/lib/libz.a" \
    -DBUILD_CURL_EXE=OFF -DBUILD_TESTING=OFF -DENABLE_MANUAL=OFF -DCURL_LTO=OFF \
    -DPICKY_COMPILER=OFF -DCURL_USE_LIBSSH2=OFF -DUSE_LIBIDN2=OFF -DUSE_NGHTTP2=OFF \
    -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DENABLE_UNICODE=ON -DCURL_DISABLE_FTP=ON \
    -DCURL_DISABLE_FILE=ON -DCURL_DISABLE_LDAP=ON -DCURL_DISABLE_LDAPS=ON \
    -DCURL_DISABLE_RTSP=ON -DCURL_DISABLE_DICT=ON -DCURL_DISABLE_TELNET=ON \
    -DCURL_DISABLE_TFTP=ON -DCURL_DISABLE_POP3=ON -DCURL_DISABLE_IMAP=ON \
    -DCURL_DISABLE_GOPHER=ON -DCURL_DISABLE_MQTT=ON -DCURL_DISABLE_SMB=ON \
    -DCURL_DISABLE_NTLM=ON -DCURL_DISABLE_ALTSVC=ON -DCURL_DISABLE_HSTS=ON \
    -DCURL_DISABLE_DOH=ON -DCURL_DISABLE_NETRC=OFF >/dev/null
  make -s -C xbuild -j"$JOBS" install >/dev/null
}

b_gettext() {
  # gettext's libintl alone (gettext-runtime/intl), without iconv: the
  # catalogs are UTF-8 and so is what kaiji prints.
  mkdir -p xbuild && cd xbuild
  rm -rf ./*
  ../gettext-runtime/configure --host=$HOST --prefix="$P" --disable-shared --enable-static \
    --disable-java --disable-csharp --disable-libasprintf --disable-c++ --disable-openmp \
    --disable-curses --disable-nls-tests --without-libiconv-prefix --disable-rpath \
    --disable-dependency-tracking am_cv_func_iconv=no >/dev/null
  # (dpkg-source leaves the autotools' files with new times: no regeneration)
  make -s -C intl -j"$JOBS" ACLOCAL=true AUTOCONF=true AUTOMAKE=true AUTOHEADER=true >/dev/null
  cp intl/libgnuintl.h "$P/include/libintl.h"
  cp intl/.libs/libintl.a "$P/lib/libintl.a"
}

b_libsodium() {
  # For kaiji user and serve's accounts (Argon2id, crypto_pwhash_str):
  # the minimal build (the high-level API without the rest), no stack
  # protector (it would need mingw's libssp beside kaiji.exe).  Debian's
  # source has no configure: autoreconf makes it, as Debian's build does.
  [ -x configure ] || autoreconf -fi >/dev/null 2>&1
  mkdir -p xbuild && cd xbuild
  ../configure --host=$HOST --prefix="$P" --disable-shared --enable-static \
    --enable-minimal --disable-ssp --disable-pie --disable-dependency-tracking >/dev/null
  make -s -j"$JOBS" install >/dev/null
}

b_libmicrohttpd() {
  # kaiji serve's daemon: Windows' own threads and sockets, the POST
  # parser; no HTTPS (it would need GnuTLS: serve on Windows answers on
  # this computer only), no digest or basic authentication.
  [ -x configure ] || autoreconf -fi >/dev/null 2>&1
  mkdir -p xbuild && cd xbuild
  ../configure --host=$HOST --prefix="$P" --disable-shared --enable-static \
    --disable-https --without-gnutls --disable-curl --disable-doc --disable-examples \
    --disable-dauth --disable-bauth --disable-httpupgrade --disable-dependency-tracking >/dev/null
  make -s -C src/microhttpd -j"$JOBS" install >/dev/null
  make -s -C src/include install >/dev/null
}

# Criterion and what it needs, for the test programs (make windows-tests;
# this script's --tests).  Criterion's own build is meson's: a cross file
# for mingw-w64, written once.  Its features that need more libraries are
# off: theories (libffi), diffs in failed assertions (libgit2), its own
# translations, C++; nanopb, which it compiles into itself as a CMake
# subproject, is Debian's nanopb source put where meson looks for it
# (subprojects/nanopb), so meson downloads nothing (--wrap-mode=nodownload).
meson_cross() {
  cat > "$OUT/meson-cross.txt" <<CROSS
[binaries]
c = '$CC'
ar = '$AR'
strip = '$HOST-strip'
windres = '$HOST-windres'
pkgconfig = 'pkg-config'
cmake = 'cmake'

[properties]
pkg_config_libdir = '$P/lib/pkgconfig'

[host_machine]
system = 'windows'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'
CROSS
}

b_nanomsg() {
  # Criterion's runner and its test processes talk over nanomsg (on
  # Windows, named pipes), static, without its tools, tests or manual.
  # shellcheck disable=SC2086
  cmake -S . -B xbuild $CMAKE_X -DNN_STATIC_LIB=ON -DNN_TESTS=OFF -DNN_TOOLS=OFF \
    -DNN_ENABLE_NANOCAT=OFF -DNN_ENABLE_DOC=OFF -DNN_ENABLE_GETADDRINFO_A=OFF >/dev/null || return 1
  make -s -C xbuild -j"$JOBS" install >/dev/null
}

b_boxfort() {
  # Criterion's sandbox: each test in a process of its own (on Windows,
  # the test program started again, suspended, then sent to the test).
  # Its worker's command line is sized by the program's path rather than by
  # what is written into it: from a short path (shorter than the map name,
  # "BXFI_MAP=Local\bxfi_PID") the line is cut off without its end, and
  # every test fails to start.  Sized by what it holds.
  sed -i 's/SIZE_T size    = _sctprintf(fmt, filename, env_map);/SIZE_T size    = _sctprintf(fmt, env_map) + 1;/' \
    src/sandbox-windows.c || return 1
  grep -q '_sctprintf(fmt, env_map) + 1' src/sandbox-windows.c || return 1
  rm -rf xbuild
  meson setup xbuild --cross-file "$OUT/meson-cross.txt" --prefix "$P" --libdir lib \
    --default-library static --buildtype release --wrap-mode nodownload \
    -Dsamples=false -Dtests=false >/dev/null || return 1
  ninja -C xbuild -j"$JOBS" install >/dev/null || return 1
  # Debian's boxfort 0.1.2-2 adds a patch taken from upstream (a debugger
  # "fallback" flag) whose names Criterion 2.4.1 uses; its packaging is
  # missing from the archive here, so the header gets those names: an
  # enum value and three macros, used by Criterion's --debug alone (the
  # fallback itself is not in this build; kaiji's tests never debug).
  grep -q BXF_DBG_FALLBACK "$P/include/boxfort.h" && return 0
  sed -i 's|^\( *\)BXF_DBG_WINDBG,\(.*\)$|\1BXF_DBG_WINDBG,\2\n\1BXF_DBG_FALLBACK = 0x20,|' "$P/include/boxfort.h"
  cat >> "$P/include/boxfort.h" <<'BXF'
#ifndef BXF_DBG_ENABLE_FALLBACK
# define BXF_DBG_ENABLE_FALLBACK(debugger) (debugger |= BXF_DBG_FALLBACK)
# define BXF_DBG_IS_FALLBACK_ENABLED(debugger) (debugger & BXF_DBG_FALLBACK)
# define BXF_DBG_GET_DEBUGGER(debugger) (debugger & ~BXF_DBG_FALLBACK)
#endif
BXF
  grep -q 'BXF_DBG_FALLBACK = 0x20' "$P/include/boxfort.h"
}

b_criterion() {
  # Criterion's source has two header-only libraries as git submodules,
  # empty in its tarball (Debian's packaging fills them, but its
  # debian.tar is missing from the archive here): debugbreak.h from
  # Debian's debugbreak, klib's khash.h from Debian's htslib (with the two
  # headers it includes); kvec.h, of which Criterion uses five macros
  # (one vector of paths), is written here.
  cp "$SRC/debugbreak-$(pin debugbreak)/debugbreak.h" dependencies/debugbreak/ || return 1
  for h in khash.h kstring.h kroundup.h hts_defs.h; do
    cp "$SRC/htslib-$(pin htslib)/htslib/$h" dependencies/klib/ || return 1
  done
  cat > dependencies/klib/kvec.h <<'KVEC'
/* kvec.h for Criterion's build (tools/build-windows.sh): a growable array
 * with klib's kvec names, the five Criterion uses. */
#ifndef KVEC_H
#define KVEC_H
#include <stdlib.h>
#define kvec_t(type) struct { size_t n, m; type *a; }
#define kv_init(v) ((v).n = (v).m = 0, (v).a = NULL)
#define kv_destroy(v) free((v).a)
#define kv_A(v, i) ((v).a[(i)])
#define kv_size(v) ((v).n)
#define kv_push(type, v, x) do { \
    if ((v).n == (v).m) { \
      (v).m = (v).m ? (v).m << 1 : 2; \
      (v).a = (type *)realloc((v).a, sizeof(type) * (v).m); \
    } \
    (v).a[(v).n++] = (x); \
  } while (0)
#endif
KVEC
  rm -rf xbuild subprojects/nanopb
  ln -s "$SRC/nanopb-$(pin nanopb)" subprojects/nanopb || return 1
  meson setup xbuild --cross-file "$OUT/meson-cross.txt" --prefix "$P" --libdir lib \
    --default-library static --buildtype release --wrap-mode nodownload \
    -Dtests=false -Dsamples=false -Dtheories=disabled -Ddiffs=disabled -Di18n=disabled \
    -Dcxx-support=disabled -Dc_args=-DNN_STATIC_LIB >/dev/null || return 1
  # The static library alone (not the DLL beside it), and its headers.
  ninja -C xbuild -j"$JOBS" src/libcriterion.a \
    subprojects/nanopb/libprotobuf_nanopb_static.a >/dev/null || return 1
  cp xbuild/src/libcriterion.a "$P/lib/" || return 1
  rm -rf "$P/include/criterion" && cp -r include/criterion "$P/include/" || return 1
  # nanopb was compiled into the subproject's own library: beside it.
  cp xbuild/subprojects/nanopb/libprotobuf_nanopb_static.a "$P/lib/libprotobuf-nanopb.a"
}

# recipe NAME: what a library's stamp adds to its version when its build
# here changed, so that a cached build is made again.
recipe() {
  case $1 in
    libzip) echo -bcrypt ;;
  esac
}

# pin NAME: its pinned version (PINS_TESTS).
pin() { printf '%s\n' "$PINS_TESTS" | sed -n "s/^$1=//p"; }

# build NAME: one library, fetched before, built into $P; its time printed,
# its stamp left once built; a failure shows the end of its log.
build_one() {
  name=$1
  version=$(printf '%s\n' "$PINS" | sed -n "s/^$name=//p")
  stamp=$P/.done-$name-$(echo "$version" | tr ':~+' '___')$(recipe "$name")
  [ -f "$stamp" ] && return 0
  t0=$(date +%s)
  printf '  %-6s %s %s\n' DEP "$name" "$version"
  log=$SRC/$name.log
  if ! (set -e; cd "$SRC/$name-$version"; "b_$name") > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "build-windows: $name failed (all of it: $log)" >&2
    return 1
  fi
  printf '  %-6s %s: %ss\n' TIME "$name" $(($(date +%s) - t0))
  touch "$stamp"
}

if [ "${2:-}" = --tests ]; then
  # Only Criterion and its dependencies, one after the other, kaiji's own
  # libraries already built (make windows).
  for t in meson ninja pkg-config; do
    have "$t" || { echo "build-windows: $t is missing (sh tools/install-deps.sh --windows)" >&2; exit 1; }
  done
  PINS=$PINS_TESTS
  meson_cross
  for pin in $PINS; do
    name=${pin%%=*} version=${pin#*=}
    [ -f "$P/.done-$name-$(echo "$version" | tr ':~+' '___')" ] || fetch "$name" "$version" >/dev/null
  done
  build_one nanomsg && build_one boxfort && build_one criterion
  exit $?
fi

# The sources first, one after the other (apt's cache is one).
for pin in $PINS; do
  name=${pin%%=*} version=${pin#*=}
  [ -f "$P/.done-$name-$(echo "$version" | tr ':~+' '___')$(recipe "$name")" ] || fetch "$name" "$version" >/dev/null
done

# Then two lanes at once, one a core: most of the time goes to configure
# scripts, which use one core each.  A lane keeps a library after what it
# needs (zlib before libzip, libxlsxwriter and curl).
lane() {
  for name in "$@"; do
    build_one "$name" || return 1
  done
}
lane zlib cjson utf8proc libzip libxlsxwriter libxml2 curl sqlite3 &
lane1=$!
lane libsodium libmicrohttpd gettext &
lane2=$!
ok=yes
wait $lane1 || ok=no
wait $lane2 || ok=no
[ $ok = yes ] || exit 1
