#!/bin/sh
# make bench-store: a synthetic hospital group (BENCH_SITES hospitals of
# BENCH_CONTRACTS contracts, 3 documents each; the full size is
# 100 × 200 = 60,000 submissions, the default 20 × 200 keeps the run short)
# ingested with 1 and 4 writers, then the status of one site and of the whole
# group, on SQLite (a file a hospital) and PostgreSQL (one database, a site a
# hospital, row-level security) in the same run; one site's status again in a
# group a tenth the size, to show it does not grow with the number of sites.
# The PostgreSQL cluster is tools/pg-test.sh's, started and stopped here; kaiji
# connects as a group's role that is no superuser (kaiji_bench, the schemas'
# owner), as a group would.  Figures into BUILD/bench-store-results.md.
set -eu
build=${1:-build}
sites=${BENCH_SITES:-20}
contracts=${BENCH_CONTRACTS:-200}
small=$(( sites / 10 > 0 ? sites / 10 : 1 ))
bench=$build/bench/store_bench
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kaiji-bench-store.XXXXXX")
out=$build/bench-store-results.md
uri=$(sh tools/pg-test.sh start)
trap 'sh tools/pg-test.sh stop; rm -rf "$tmp"' EXIT
base=${uri%%/kaiji}
host=${base#postgresql://kaiji@}
psql -q "$uri" -c "DO \$\$BEGIN CREATE ROLE kaiji_bench LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END\$\$" >/dev/null

# pg_uri NAME: a fresh schema NAME owned by kaiji_bench, and the URI that uses it.
pg_uri() {
  psql -q "$uri" -c "DROP SCHEMA IF EXISTS $1 CASCADE; CREATE SCHEMA $1 AUTHORIZATION kaiji_bench" >/dev/null 2>&1
  echo "postgresql://kaiji_bench@$host/kaiji?options=-csearch_path%3D$1"
}

{
  echo "# make bench-store — $(date -u +%Y-%m-%d), $(nproc) cores"
  echo
  echo "| engine | writers | sites × contracts × documents | ingest | documents/s | status of one site | status of the group |"
  echo "|---|---|---|---|---|---|---|"
  for w in 1 4; do
    "$bench" "$tmp/sqlite-$w" "$sites" "$contracts" "$w"
    "$bench" "$(pg_uri bench_w$w)" "$sites" "$contracts" "$w"
  done
  "$bench" "$tmp/sqlite-small" "$small" "$contracts" 4
  "$bench" "$(pg_uri bench_small)" "$small" "$contracts" 4
} | tee "$out"
echo "(kept in $out)"
