#!/bin/sh
# Builds build/kaiji_VERSION_ARCH.deb: the command (built for /usr), its
# Japanese messages, the man page and the systemd unit of kaiji serve.
# Depends are the Debian packages of the shared libraries the command names,
# read off this machine (dpkg -S), so the package installs on the Debian it
# was built on.  Usage: sh tools/make-deb.sh BUILD VERSION
set -eu
build=$1
version=$2
stage=$build/deb/root
arch=$(dpkg --print-architecture)
rm -rf "$build/deb"
mkdir -p "$stage/DEBIAN" "$stage/lib/systemd/system" "$stage/usr/share/doc/kaiji"
make --no-print-directory BUILD="$build/deb/build" PREFIX=/usr all >/dev/null
kaiji="$build/deb/build/kaiji"
install -D -m 755 "$kaiji" "$stage/usr/bin/kaiji"
strip --strip-unneeded "$stage/usr/bin/kaiji"
install -D -m 644 docs/kaiji.1 "$stage/usr/share/man/man1/kaiji.1"
gzip -9n "$stage/usr/share/man/man1/kaiji.1"
for mo in "$build"/deb/build/locale/*/LC_MESSAGES/kaiji.mo; do
  lang=$(basename "$(dirname "$(dirname "$mo")")")
  install -D -m 644 "$mo" "$stage/usr/share/locale/$lang/LC_MESSAGES/kaiji.mo"
done
install -m 644 packaging/kaiji.service "$stage/lib/systemd/system/kaiji.service"
install -m 755 packaging/deb/postinst packaging/deb/postrm "$stage/DEBIAN/"
printf 'kaiji\n\nThe command, its messages, the man page and the kaiji serve unit.\n' \
  > "$stage/usr/share/doc/kaiji/README.Debian"
# The libraries the command itself names (NEEDED), not the ones they bring.
needed=$(objdump -p "$kaiji" | awk '/NEEDED/ {print $2}')
depends=$(for so in $needed; do
            lib=$(ldd "$kaiji" | awk -v so="$so" '$1 == so {print $3}')
            [ -n "$lib" ] && { dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true; }
          done | cut -d: -f1 | sort -u | grep -v '^libc6$' | paste -sd, - | sed 's/,/, /g')
# The libraries it loads when a command first needs them (platform/dl.h:
# model/libxml.c, mail/curl.c, report/lxw.c, server/mhd.c, server/auth.c,
# store/db_sqlite.c, parser/libzip.c) are not NEEDED: depended on all the same;
# libpq (store/db_pg.c), for a group's PostgreSQL store only, is suggested (packaging/deb/control.in).
for so in libxml2.so.2 libcurl.so.4 libxlsxwriter.so.4 libmicrohttpd.so.12 libsodium.so.23 \
          libsqlite3.so.0 libzip.so.4; do
  lib=$(ldconfig -p | awk -v so="$so" '$1 == so {print $NF; exit}')
  [ -n "$lib" ] || continue
  pkg=$({ dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true; } | cut -d: -f1 | head -1)
  if [ -n "$pkg" ]; then depends="${depends:+$depends, }$pkg"; fi
done
depends="libc6${depends:+, $depends}"
# The libraries the command links statically (the Makefile's STATIC_PKGS and
# libdeflate, from the .a files of their -dev packages) are not NEEDED: the source
# packages they were built from, at the version linked, are named in
# Static-Built-Using, so that a security update of one says kaiji is to be
# rebuilt (Debian policy 7.8).
static=${DEB_STATIC_PKGS-${STATIC_PKGS-nettle libutf8proc zlib}}
built_using=$(for pc in $static; do
                for l in $(pkg-config --libs-only-l "$pc"); do
                  a=$(readlink -f "$(${CC:-cc} -print-file-name="lib${l#-l}.a")")
                  dev=$(dpkg -S "$a" 2>/dev/null | cut -d: -f1 | head -1)
                  [ -n "$dev" ] && dpkg-query -W -f='${source:Package} (= ${source:Version})\n' "$dev"
                done
              done | sort -u | paste -sd, - | sed 's/,/, /g')
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@DEPENDS@|$depends|" \
    -e "s|@STATIC_BUILT_USING@|$built_using|" -e '/^Static-Built-Using: $/d' \
  packaging/deb/control.in > "$stage/DEBIAN/control"
out="$build/kaiji_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$out" >/dev/null
echo "$out"
