#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 serving the Gmail Trigger (a polling
# trigger) against the Gmail fake, as a golden.
#
#   testdata/gmailtrigger/record.sh
#
# `n8n execute` starts only at a Manual Trigger, so a polling trigger cannot
# be recorded the way other goldens are. This script runs `n8n start` with
# serve.workflow.json active (everyMinute) against the fake over HTTPS
# (seeded with serve.seed.json, whose clock is in 2030 so that a message
# added now is newer than n8n's now): n8n polls once when it activates the
# workflow, the script then adds serve.message.json to the inbox, n8n's
# next poll starts an execution with it, and the poll after that finds
# nothing new. It writes serve.n8n.json (that execution, read from n8n's
# database), serve.requests.json (every request the fake got, the added
# message included) and serve.state.json. Takes about three minutes; holds
# /tmp/n8n-oracle.lock (the fake binds port 443).
set -euo pipefail
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"
tmp=$(mktemp -d /tmp/gmailtrigger-rec.XXXXXX)
fake_pid="" n8n_pid=""
cleanup() {
  [[ -n "$n8n_pid" ]] && { kill "$n8n_pid" 2> /dev/null || true; wait "$n8n_pid" 2> /dev/null || true; }
  [[ -n "$fake_pid" ]] && { kill "$fake_pid" 2> /dev/null || true; wait "$fake_pid" 2> /dev/null || true; }
  [[ -n "${ORACLE_KEEP:-}" ]] && echo "record.sh: kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$root" && go build -o "$tmp/fakegmail" ./internal/fakes/gmail/cmd/fakegmail)

# A CA and a certificate for www.googleapis.com, as testdata/oracle/record.sh makes them.
certs="$tmp/certs"
mkdir -p "$certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8n-oracle test CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=www.googleapis.com" \
  -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
printf 'subjectAltName=DNS:www.googleapis.com,IP:127.0.0.1\n' > "$certs/ext.cnf"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null

"$tmp/fakegmail" -addr 127.0.0.1:443 -cert "$certs/server.pem" -key "$certs/server.key" -seed "$here/serve.seed.json" \
  -requests-out "$here/serve.requests.json" -state-out "$here/serve.state.json" > "$tmp/fake.log" 2>&1 &
fake_pid=$!
api() { curl -sS --cacert "$certs/ca.pem" --resolve www.googleapis.com:443:127.0.0.1 "$@"; }
for _ in $(seq 1 100); do api -o /dev/null https://www.googleapis.com/__fake/requests 2> /dev/null && break; sleep 0.2; done
requests() { api https://www.googleapis.com/__fake/requests | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const l=JSON.parse(s);console.log(l.length+" "+l.map(r=>r.method+" "+r.path).join(","))})'; }

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
"$n8n_bin" update:workflow --id=GmailPollServe01 --active=true >> "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }

"$n8n_bin" start > "$tmp/n8n.log" 2>&1 &
n8n_pid=$!
wait_for() { # wait_for SECONDS PATTERN: until the fake's request log matches
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)); do
    if requests | grep -Eq "$2"; then return 0; fi
    kill -0 "$n8n_pid" 2> /dev/null || { echo "record.sh: n8n exited" >&2; cat "$tmp/n8n.log" >&2; exit 1; }
    sleep 1
  done
  echo "record.sh: timed out waiting for $2; requests: $(requests)" >&2; cat "$tmp/n8n.log" >&2; exit 1
}
wait_for 120 '^1 GET /gmail/v1/users/me/messages$'
echo "record.sh: activated; adding a message" >&2
api -o /dev/null -H 'Authorization: Bearer test-gmail-token' -H 'Content-Type: application/json' \
  --data @"$here/serve.message.json" https://www.googleapis.com/gmail/v1/users/me/messages
wait_for 90 '/labels'
echo "record.sh: the message was polled; waiting for one more poll" >&2
wait_for 90 '/labels,GET /gmail/v1/users/me/messages$'
sleep 3
kill "$n8n_pid"; wait "$n8n_pid" 2> /dev/null || true; n8n_pid=""
kill "$fake_pid"; wait "$fake_pid" 2> /dev/null || true; fake_pid=""
node "$here/extract.js" "$N8N_USER_FOLDER/.n8n/database.sqlite" "$here/serve.n8n.json"
echo "record.sh: wrote serve.n8n.json, serve.requests.json, serve.state.json" >&2
