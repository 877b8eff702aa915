#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 serving the Google Drive Trigger (a
# polling trigger) against the Drive fake, as a golden.
#
#   testdata/googledrivetrigger/record.sh
#
# As testdata/gmailtrigger/record.sh: `n8n start` with serve.workflow.json
# active (new files in the Reports folder, everyMinute) against the fake
# over HTTPS, seeded with seed.json (its files created on 2025-12-01). n8n
# polls once when it activates the workflow (nothing is newer than its
# now); the script then creates a file in the folder with createdTime set
# to the real time (writable in files.create, as in Drive), so that it lies
# between that poll's time and the next one's: the next poll starts an
# execution with it, the poll after that finds nothing. The create request
# sent is kept as serve.edits.json for the replay. Writes serve.n8n.json
# (that execution, from n8n's database), serve.requests.json (every request
# the fake got) and serve.state.json. About three minutes; holds
# /tmp/n8n-oracle.lock (the fake binds port 443).
set -euo pipefail
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"
tmp=$(mktemp -d /tmp/drivetrigger-rec.XXXXXX)
fake_pid="" n8n_pid=""
cleanup() {
  [[ -n "$n8n_pid" ]] && { kill "$n8n_pid" 2> /dev/null || true; wait "$n8n_pid" 2> /dev/null || true; }
  [[ -n "$fake_pid" ]] && { kill "$fake_pid" 2> /dev/null || true; wait "$fake_pid" 2> /dev/null || true; }
  [[ -n "${ORACLE_KEEP:-}" ]] && echo "record.sh: kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$root" && go build -o "$tmp/fakegoogledrive" ./internal/fakes/googledrive/cmd/fakegoogledrive)

certs="$tmp/certs"
mkdir -p "$certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8n-oracle test CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=www.googleapis.com" \
  -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
printf 'subjectAltName=DNS:www.googleapis.com,IP:127.0.0.1\n' > "$certs/ext.cnf"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null

"$tmp/fakegoogledrive" -addr 127.0.0.1:443 -cert "$certs/server.pem" -key "$certs/server.key" -seed "$here/seed.json" \
  -requests-out "$here/serve.requests.json" -state-out "$here/serve.state.json" > "$tmp/fake.log" 2>&1 &
fake_pid=$!
api() { curl -sS --cacert "$certs/ca.pem" --resolve www.googleapis.com:443:127.0.0.1 "$@"; }
for _ in $(seq 1 100); do api -o /dev/null https://www.googleapis.com/__fake/requests 2> /dev/null && break; sleep 0.2; done
# count: polls begun (files.list calls) and all requests.
count() { api https://www.googleapis.com/__fake/requests | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const l=JSON.parse(s)||[];console.log(l.filter(r=>r.method==="GET"&&r.path==="/drive/v3/files").length+" "+l.length)})'; }

export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=oracle-recording-key
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false
export N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy N8N_HIRING_BANNER_ENABLED=false
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
export ORACLE_FAKE_HOSTS=www.googleapis.com NODE_OPTIONS="--require $root/testdata/oracle/preload.js" NODE_EXTRA_CA_CERTS="$certs/ca.pem"
export N8N_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])') N8N_LISTEN_ADDRESS=127.0.0.1
mkdir -p "$N8N_USER_FOLDER"
"$n8n_bin" import:credentials --input="$here/creds.json" > "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
node "$root/testdata/oracle/prepare.js" "$here/serve.workflow.json" "$tmp/wf.json" "$(realpath "$here/creds.json")"
"$n8n_bin" import:workflow --input="$tmp/wf.json" >> "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
"$n8n_bin" update:workflow --id=DrivePollServe01 --active=true >> "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }

"$n8n_bin" start > "$tmp/n8n.log" 2>&1 &
n8n_pid=$!
wait_for() { # wait_for SECONDS POLLS: until POLLS polls began and the log is quiet for 3 s
  local deadline=$((SECONDS + $1)) last="" c
  while ((SECONDS < deadline)); do
    c=$(count)
    if [[ ${c%% *} -ge $2 && "$c" == "$last" ]]; then return 0; fi
    last=$c
    kill -0 "$n8n_pid" 2> /dev/null || { echo "record.sh: n8n exited" >&2; cat "$tmp/n8n.log" >&2; exit 1; }
    sleep 3
  done
  echo "record.sh: timed out waiting for poll $2 ($(count))" >&2; cat "$tmp/n8n.log" >&2; exit 1
}
wait_for 150 1
sleep 2
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
body='{"name":"q4-report.txt","mimeType":"text/plain","parents":["1FolderReports000000000000000000001"],"createdTime":"'$now'","modifiedTime":"'$now'"}'
printf '[\n {"method": "POST", "path": "/drive/v3/files", "body": %s}\n]\n' "$body" > "$here/serve.edits.json"
echo "record.sh: activated; creating a file at $now" >&2
api -o /dev/null -H 'Authorization: Bearer test-drive-token' -H 'Content-Type: application/json' \
  --data "$body" https://www.googleapis.com/drive/v3/files
wait_for 90 2
echo "record.sh: the file was polled; waiting for one more poll" >&2
wait_for 90 3
kill "$n8n_pid"; wait "$n8n_pid" 2> /dev/null || true; n8n_pid=""
kill "$fake_pid"; wait "$fake_pid" 2> /dev/null || true; fake_pid=""
node "$root/testdata/gmailtrigger/extract.js" "$N8N_USER_FOLDER/.n8n/database.sqlite" "$here/serve.n8n.json"
echo "record.sh: wrote serve.n8n.json, serve.requests.json, serve.state.json, serve.edits.json" >&2
