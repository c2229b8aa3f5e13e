#!/bin/sh
# A private PostgreSQL cluster for the tests (make check-pg, make bench-store):
#   tools/pg-test.sh start   initdb in a temporary folder, start it on a free
#                            port of 127.0.0.1 only (no other address, its
#                            socket in that folder) and print its URI
#   tools/pg-test.sh stop    stop it and remove the folder
#   tools/pg-test.sh uri     print the URI of the running cluster
# The server runs as an unprivileged user: as root (CI), as "nobody" through
# runuser; otherwise as the calling user.  The database "kaiji" belongs to the
# role "kaiji" (trust on loopback: the cluster lives only for the run).
# Where the cluster is kept: $KAIJI_PG_STATE (default build/pg-test.env).
set -eu
state=${KAIJI_PG_STATE:-$(cd "$(dirname "$0")/.." && pwd)/build/pg-test.env}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || {
  echo "pg-test: PostgreSQL's server is not installed (Debian: apt-get install postgresql)" >&2
  exit 1
}
as_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  if [ -f "$state" ]; then
    . "$state"
    if as_user "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "$uri"; exit 0
    fi
    rm -rf "$dir"
  fi
  dir=$(mktemp -d /tmp/kaiji-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_user "$bindir/initdb" -D "$dir/data" -U kaiji -A trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  as_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_user "$bindir/createdb" -h 127.0.0.1 -p "$port" -U kaiji kaiji
  uri="postgresql://kaiji@127.0.0.1:$port/kaiji"
  mkdir -p "$(dirname "$state")"
  printf 'dir=%s\nuri=%s\n' "$dir" "$uri" >"$state"
  echo "$uri"
  ;;
stop)
  [ -f "$state" ] || exit 0
  . "$state"
  as_user "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
  ;;
uri)
  [ -f "$state" ] || { echo "pg-test: no cluster started (tools/pg-test.sh start)" >&2; exit 1; }
  . "$state"
  echo "$uri"
  ;;
*)
  echo "usage: tools/pg-test.sh start|stop|uri" >&2
  exit 2
  ;;
esac
