#!/usr/bin/env bash
# bench.sh — speed and size of n8n-go vs real n8n 1.123.81 on the template.
#
#   testdata/scenarios/bench.sh [synced|first-sync]…   (default: both)
#
# Scenario (generated, see bench-*.scenario.json): 100 clients, 500
# projects, 2,000 tasks in Notion; "synced": all already in Clockify (a
# steady-state daily run: reads only), "first-sync": Clockify empty (2,600
# creates and 2,600 Notion updates). Both engines run the unchanged
# template against the same fakes (internal/fakes/apis/cmd/fakeapis): n8n
# over HTTPS on 127.0.0.1:443 as in testdata/oracle/record.sh, n8n-go over
# plain HTTP through --endpoint. Each is measured with /usr/bin/time -v
# (wall time, peak RSS of the whole process; for n8n that is `n8n execute`
# including its start-up). Results go to testdata/scenarios/BENCH.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
oracle="$root/testdata/oracle"
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"
wf="$root/workflows/notion-clockify-sync.json"

if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
[[ $# -ge 1 ]] || set -- synced first-sync
grep -q '^DONE 0' "$ORACLE_DIR/install.log" 2> /dev/null ||
  { echo "bench.sh: n8n is not installed in $ORACLE_DIR (run testdata/oracle/record.sh once)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/n8n-bench.XXXXXX)
fake_pid=""
stop_fakes() {
  if [[ -n "$fake_pid" ]]; then
    kill "$fake_pid" 2> /dev/null || true
    wait "$fake_pid" 2> /dev/null || true
    fake_pid=""
  fi
}
trap 'stop_fakes; rm -rf "$tmp"' EXIT

(cd "$root" && go build -o "$tmp/fakeapis" ./internal/fakes/apis/cmd/fakeapis)
go_built=1
(cd "$root" && go build -o "$tmp/n8n-go" ./cmd/n8n-go) 2> "$tmp/go-build.err" ||
  { go_built=0; echo "bench.sh: n8n-go does not build; measuring n8n only:" >&2; head -5 "$tmp/go-build.err" >&2; }
cat > "$tmp/creds.json" <<'JSON'
[{"id":"sandboxNotion01","name":"Notion sandbox","type":"notionApi","data":{"apiKey":"secret_sandbox_notion"}},
 {"id":"sandboxClockify1","name":"Clockify sandbox","type":"clockifyApi","data":{"apiKey":"sandbox-clockify-key"}}]
JSON

# certificates for the n8n side (both hosts, one CA minted here)
certs="$tmp/certs"
mkdir -p "$certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8n-bench CA" -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=api.notion.com" -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
printf 'subjectAltName=DNS:api.notion.com,DNS:api.clockify.me,IP:127.0.0.1\n' > "$certs/ext.cnf"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -CAcreateserial -days 2 \
  -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
    kill -0 "$fake_pid" 2> /dev/null || { echo "bench.sh: fakes exited" >&2; cat "$tmp/fakes.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench.sh: nothing on port $1" >&2
  exit 1
}
start_fakes() { # scenario out [extra flags]
  local sc=$1 out=$2
  shift 2
  mkdir -p "$out"
  "$tmp/fakeapis" -scenario "$sc" -out "$out" "$@" > "$tmp/fakes.log" 2>&1 &
  fake_pid=$!
}
# time_of file → "wall_seconds rss_mb"
time_of() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
              /Maximum resident set size/ { rss = $2 / 1024 }
              END { printf "%.2f %.0f\n", wall, rss }' "$1"
}
count_requests() { node -e 'process.stdout.write(String(require(process.argv[1]).length))' "$1"; }

export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=bench-key
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
mkdir -p "$N8N_USER_FOLDER"
"$n8n_bin" import:credentials --input="$tmp/creds.json" > "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
node "$oracle/prepare.js" "$wf" "$tmp/wf.json" "$tmp/creds.json"
"$n8n_bin" import:workflow --input="$tmp/wf.json" > "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
wf_id=$(node -e 'process.stdout.write(require(process.argv[1]).id)' "$tmp/wf.json")

rows=()
for variant in "$@"; do
  sc="$here/bench-$variant.scenario.json"
  [[ -f $sc ]] || { echo "bench.sh: $sc not found" >&2; exit 2; }

  # n8n-go
  go_wall=- go_rss=- go_reqs=- go_status="did not build"
  if [[ $go_built == 1 ]]; then
  start_fakes "$sc" "$tmp/go-$variant" -addr 127.0.0.1:18440 -notion-addr 127.0.0.1:18441 -clockify-addr 127.0.0.1:18442
  wait_port 18441
  wait_port 18442
  set +e
  /usr/bin/time -v -o "$tmp/go-$variant.time" "$tmp/n8n-go" run --credentials "$tmp/creds.json" \
    --endpoint api.notion.com=http://127.0.0.1:18441 --endpoint api.clockify.me=http://127.0.0.1:18442 \
    --notion-rate 0 --trigger "Schedule Trigger" -q -o "$tmp/go-$variant.run.json" "$wf" 2> "$tmp/go-$variant.err"
  go_rc=$?
  set -e
  stop_fakes
  read -r go_wall go_rss < <(time_of "$tmp/go-$variant.time")
  go_reqs=$(count_requests "$tmp/go-$variant/requests.json")
  go_status=$(node -e 'try{process.stdout.write(require(process.argv[1]).status)}catch(e){process.stdout.write("no run data")}' "$tmp/go-$variant.run.json")
  [[ $go_rc -le 1 ]] || go_status="exit $go_rc: $(head -c 200 "$tmp/go-$variant.err" | tr '\n|' '  ')"
  fi

  # n8n
  start_fakes "$sc" "$tmp/n8n-$variant" -addr 127.0.0.1:443 -cert "$certs/server.pem" -key "$certs/server.key"
  wait_port 443
  set +e
  NODE_OPTIONS="--require $oracle/preload.js" NODE_EXTRA_CA_CERTS="$certs/ca.pem" \
    /usr/bin/time -v -o "$tmp/n8n-$variant.time" "$n8n_bin" execute --id "$wf_id" --rawOutput \
    > "$tmp/n8n-$variant.out" 2> "$tmp/n8n-$variant.err"
  set -e
  stop_fakes
  read -r n8n_wall n8n_rss < <(time_of "$tmp/n8n-$variant.time")
  n8n_reqs=$(count_requests "$tmp/n8n-$variant/requests.json")
  n8n_status=$(grep -o '"status": "[a-z]*"' "$tmp/n8n-$variant.out" | tail -1 | cut -d'"' -f4 || true)

  echo "bench.sh: $variant: n8n-go ${go_wall}s ${go_rss}MB ($go_reqs requests, $go_status); n8n ${n8n_wall}s ${n8n_rss}MB ($n8n_reqs requests, $n8n_status)" >&2
  rows+=("| $variant | n8n-go | $go_wall | $go_rss | $go_reqs | $go_status |"
         "| $variant | n8n 1.123.81 | $n8n_wall | $n8n_rss | $n8n_reqs | $n8n_status |")
done

{
  echo "# n8n-go vs n8n 1.123.81 on the Notion → Clockify template"
  echo
  echo "Written by \`testdata/scenarios/bench.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m))."
  echo "Scenario: 100 clients, 500 projects, 2,000 tasks in Notion (bench-*.scenario.json);"
  echo "\"synced\": all already in Clockify (reads only); \"first-sync\": Clockify empty (everything created and"
  echo "every id stored back in Notion). Same fakes for both (no latency, no rate limits); n8n-go with"
  echo "\`--notion-rate 0\`. Wall time and peak RSS from \`/usr/bin/time -v\` of the whole process (n8n's"
  echo "includes its start-up, about 4 s). Requests: calls the fakes served."
  echo
  echo "| scenario | engine | wall (s) | peak RSS (MB) | API requests | run status |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > "$here/BENCH.md"
echo "bench.sh: wrote $here/BENCH.md" >&2
