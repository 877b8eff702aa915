#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 serving a Google Sheets Trigger
# workflow (a polling trigger) against the Sheets fake pair, as goldens.
#
#   testdata/googlesheetstrigger/record.sh [NAME…]   (default: every NAME.workflow.json)
#
# As testdata/gmailtrigger/record.sh: `n8n execute` cannot start at a
# polling trigger, so this runs `n8n start` with NAME.workflow.json active
# (everyMinute) against the fake pair over HTTPS (Sheets API, Drive
# revisions and their xlsx export on docs.google.com, token endpoint),
# seeded with seed.json (its spreadsheet keeps Drive revisions: each write
# is one). n8n polls once when it activates the workflow; the script then
# sends NAME.edits.json's writes to the Sheets API as another client would;
# n8n's next poll starts an execution with what changed, and the poll after
# that finds nothing. It writes NAME.n8n.json (that execution, from n8n's
# database), NAME.requests.json (every request the fakes got, the edits
# included) and NAME.state.json. About three minutes a workflow; holds
# /tmp/n8n-oracle.lock (the fake binds port 443).
set -euo pipefail
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"
hosts=sheets.googleapis.com,oauth2.googleapis.com,www.googleapis.com,docs.google.com
bin=$(mktemp -d /tmp/sheetstrigger-bin.XXXXXX)
fake_pid="" n8n_pid="" tmp=""
stop() {
  [[ -n "$n8n_pid" ]] && { kill "$n8n_pid" 2> /dev/null || true; wait "$n8n_pid" 2> /dev/null || true; }
  [[ -n "$fake_pid" ]] && { kill "$fake_pid" 2> /dev/null || true; wait "$fake_pid" 2> /dev/null || true; }
  n8n_pid="" fake_pid=""
}
trap 'stop; rm -rf "$bin" ${tmp:+"$tmp"}' EXIT
(cd "$root" && go build -o "$bin/fakegooglesheets" ./internal/fakes/googlesheets/cmd/fakegooglesheets)

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/*.workflow.json; do names+=("$(basename "${f%.workflow.json}")"); done
fi

record() {
  local name=$1
  tmp=$(mktemp -d /tmp/sheetstrigger-rec.XXXXXX)
  local certs="$tmp/certs" san
  san=$(echo "$hosts" | tr ',' '\n' | sed 's/^/DNS:/' | paste -sd, -)
  mkdir -p "$certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8n-oracle test CA" \
    -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=sheets.googleapis.com" \
    -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
  printf 'subjectAltName=%s,IP:127.0.0.1\n' "$san" > "$certs/ext.cnf"
  openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
    -CAcreateserial -days 2 -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null

  "$bin/fakegooglesheets" -addr 127.0.0.1:443 -cert "$certs/server.pem" -key "$certs/server.key" -seed "$here/seed.json" \
    -requests-out "$here/$name.requests.json" -state-out "$here/$name.state.json" > "$tmp/fake.log" 2>&1 &
  fake_pid=$!
  api() { curl -sS --cacert "$certs/ca.pem" --resolve sheets.googleapis.com:443:127.0.0.1 "$@"; }
  for _ in $(seq 1 100); do api -o /dev/null https://sheets.googleapis.com/__fake/requests 2> /dev/null && break; sleep 0.2; done
  # polls: how many polls began (each starts with the sheet lookup), then the request count.
  count() { api https://sheets.googleapis.com/__fake/requests | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const l=JSON.parse(s)||[];console.log(l.filter(r=>r.rawQuery==="fields=sheets.properties").length+" "+l.length)})'; }

  export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=oracle-recording-key
  export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false
  export N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy N8N_HIRING_BANNER_ENABLED=false
  export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
  export ORACLE_FAKE_HOSTS=$hosts NODE_OPTIONS="--require $root/testdata/oracle/preload.js" NODE_EXTRA_CA_CERTS="$certs/ca.pem"
  export N8N_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])') N8N_LISTEN_ADDRESS=127.0.0.1
  mkdir -p "$N8N_USER_FOLDER"
  "$n8n_bin" import:credentials --input="$here/creds.json" > "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
  node "$root/testdata/oracle/prepare.js" "$here/$name.workflow.json" "$tmp/wf.json" "$(realpath "$here/creds.json")"
  local wid
  wid=$(node -e 'console.log(require(process.argv[1]).id)' "$here/$name.workflow.json")
  "$n8n_bin" import:workflow --input="$tmp/wf.json" >> "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
  "$n8n_bin" update:workflow --id="$wid" --active=true >> "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }

  "$n8n_bin" start > "$tmp/n8n.log" 2>&1 &
  n8n_pid=$!
  # wait_for SECONDS POLLS: until POLLS polls began and the log is quiet for 3 s.
  wait_for() {
    local deadline=$((SECONDS + $1)) last="" c
    while ((SECONDS < deadline)); do
      c=$(count)
      if [[ ${c%% *} -ge $2 && "$c" == "$last" ]]; then return 0; fi
      last=$c
      kill -0 "$n8n_pid" 2> /dev/null || { echo "record.sh: n8n exited" >&2; cat "$tmp/n8n.log" >&2; exit 1; }
      sleep 3
    done
    echo "record.sh: timed out waiting for poll $2 ($(count))" >&2; cat "$tmp/n8n.log" >&2; return 1
  }
  wait_for 420 1
  echo "record.sh: $name activated; editing the sheet" >&2
  node -e 'for (const e of require(process.argv[1])) console.log(JSON.stringify(e))' "$here/$name.edits.json" |
    while IFS= read -r e; do
      local m p b
      m=$(node -e 'console.log(JSON.parse(process.argv[1]).method)' "$e")
      p=$(node -e 'console.log(JSON.parse(process.argv[1]).path)' "$e")
      b=$(node -e 'console.log(JSON.stringify(JSON.parse(process.argv[1]).body))' "$e")
      api -o /dev/null -X "$m" -H 'Authorization: Bearer ya29.seeded-token' -H 'Content-Type: application/json' \
        --data "$b" "https://sheets.googleapis.com$p"
    done
  wait_for 90 2
  echo "record.sh: the edits were polled; waiting for one more poll" >&2
  wait_for 90 3
  stop
  node "$root/testdata/gmailtrigger/extract.js" "$N8N_USER_FOLDER/.n8n/database.sqlite" "$here/$name.n8n.json"
  rm -rf "$tmp"; tmp=""
  echo "record.sh: wrote $name.n8n.json, $name.requests.json, $name.state.json" >&2
}
for name in "${names[@]}"; do record "$name"; done
