#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 running the Postgres workflows of
# this folder against a real PostgreSQL server, as golden files.
#
#   testdata/postgres/record.sh [name…]     (default: every *.workflow.json)
#
# It starts a throwaway cluster (initdb + pg_ctl in a temp folder, on a free
# port, as the "postgres" user when run as root), and for each
# NAME.workflow.json creates a fresh database "n8ngo" from seed.sql (time
# zone UTC), runs the workflow through testdata/oracle/record.sh with a
# postgres credential pointing at it, and writes:
#   NAME.n8n.json     the run (`n8n execute --rawOutput`)
#   NAME.tables.json  every table's rows afterwards (jsonb, sorted by text)
# nodes/postgres/golden_test.go does the same with n8n-go and compares.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

# Hold the oracle lock for the whole batch (testdata/oracle/record.sh then
# does not take it again), rather than queueing once per workflow.
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi

bin=${PGTEST_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)}
[[ -x "$bin/initdb" ]] || { echo "record.sh: no PostgreSQL binaries (set PGTEST_BIN)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/n8n-pg-rec.XXXXXX)
as_pg=()
if [[ $(id -u) == 0 ]]; then
  chown postgres: "$tmp"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate -w stop > /dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
TZ=UTC "${as_pg[@]}" "$bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --no-sync --locale=C > /dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" start > /dev/null

psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }

cat > "$tmp/creds.json" << JSON
[{"id": "pg-test", "name": "Postgres test", "type": "postgres",
  "data": {"host": "127.0.0.1", "port": $port, "database": "n8ngo", "user": "postgres", "password": "", "ssl": "disable", "maxConnections": 5}}]
JSON

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/*.workflow.json; do names+=("$(basename "${f%.workflow.json}")"); done
fi
for name in "${names[@]}"; do
  wf="$here/$name.workflow.json"
  [[ -f $wf ]] || { echo "record.sh: no $wf" >&2; exit 2; }
  psql_ -d postgres -c 'DROP DATABASE IF EXISTS n8ngo' -c 'CREATE DATABASE n8ngo' -c "ALTER DATABASE n8ngo SET timezone TO 'UTC'"
  psql_ -d n8ngo -f "$here/seed.sql" > /dev/null
  "$root/testdata/oracle/record.sh" -c "$tmp/creds.json" -o "$here/$name.n8n.json" "$wf"
  # Each table's rows as jsonb sorted by their text (the same query as the
  # golden test), assembled into one object.
  {
    echo '{'
    first=1
    for t in $(psql_ -d n8ngo -Atc "SELECT table_schema||'.'||table_name FROM information_schema.tables WHERE table_schema IN ('public','other') AND table_type='BASE TABLE' ORDER BY 1"); do
      rows=$(psql_ -d n8ngo -Atc "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]') FROM $t t")
      [[ $first == 1 ]] || echo ','
      first=0
      printf '"%s": %s\n' "$t" "$rows"
    done
    echo '}'
  } > "$here/$name.tables.json"
done
