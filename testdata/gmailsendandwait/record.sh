#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 serving a Gmail "Send and Wait for
# Response" (approval) workflow against the Gmail fake, as a golden.
#
#   testdata/gmailsendandwait/record.sh
#
# `n8n start` (WEBHOOK_URL http://localhost:5678/, so the signed links in the
# message do not depend on the port it listens on) with approve.workflow.json
# active: the script POSTs {} to /webhook/approve (User-Agent
# n8n-go-recorder, no Accept header), n8n sends the message through the
# fake and waits; the script takes the "Ship it" link out of the sent
# message and follows it with a browser's User-Agent. Writes
# approve.n8n.json (the execution, from n8n's database), approve.requests.json,
# approve.state.json and approve.answer.html (the page the click got).
# Holds /tmp/n8n-oracle.lock (the fake binds port 443).
set -euo pipefail
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"
tmp=$(mktemp -d /tmp/gmailsaw-rec.XXXXXX)
fake_pid="" n8n_pid=""
cleanup() {
  [[ -n "$n8n_pid" ]] && { kill "$n8n_pid" 2> /dev/null || true; wait "$n8n_pid" 2> /dev/null || true; }
  [[ -n "$fake_pid" ]] && { kill "$fake_pid" 2> /dev/null || true; wait "$fake_pid" 2> /dev/null || true; }
  [[ -n "${ORACLE_KEEP:-}" ]] && echo "record.sh: kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$root" && go build -o "$tmp/fakegmail" ./internal/fakes/gmail/cmd/fakegmail)

certs="$tmp/certs"
mkdir -p "$certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8n-oracle test CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=www.googleapis.com" \
  -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
printf 'subjectAltName=DNS:www.googleapis.com,IP:127.0.0.1\n' > "$certs/ext.cnf"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null

"$tmp/fakegmail" -addr 127.0.0.1:443 -cert "$certs/server.pem" -key "$certs/server.key" -seed "$here/seed.json" \
  -requests-out "$here/approve.requests.json" -state-out "$here/approve.state.json" > "$tmp/fake.log" 2>&1 &
fake_pid=$!
api() { curl -sS --cacert "$certs/ca.pem" --resolve www.googleapis.com:443:127.0.0.1 "$@"; }
for _ in $(seq 1 100); do api -o /dev/null https://www.googleapis.com/__fake/requests 2> /dev/null && break; sleep 0.2; done

export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=oracle-recording-key
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false
export N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy N8N_HIRING_BANNER_ENABLED=false
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
export ORACLE_FAKE_HOSTS=www.googleapis.com NODE_OPTIONS="--require $root/testdata/oracle/preload.js" NODE_EXTRA_CA_CERTS="$certs/ca.pem"
export N8N_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])') N8N_LISTEN_ADDRESS=127.0.0.1
export WEBHOOK_URL=http://localhost:5678/
mkdir -p "$N8N_USER_FOLDER"
"$n8n_bin" import:credentials --input="$here/creds.json" > "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
node "$root/testdata/oracle/prepare.js" "$here/approve.workflow.json" "$tmp/wf.json" "$(realpath "$here/creds.json")"
"$n8n_bin" import:workflow --input="$tmp/wf.json" >> "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
"$n8n_bin" update:workflow --id=GmailSendWait01 --active=true >> "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }

"$n8n_bin" start > "$tmp/n8n.log" 2>&1 &
n8n_pid=$!
for _ in $(seq 1 600); do
  grep -q "Editor is now accessible" "$tmp/n8n.log" && break
  kill -0 "$n8n_pid" 2> /dev/null || { cat "$tmp/n8n.log" >&2; exit 1; }
  sleep 0.3
done
n8n() { curl -sS --connect-to "localhost:5678:127.0.0.1:$N8N_PORT" "$@"; }
n8n -o /dev/null -H 'User-Agent: n8n-go-recorder' -H 'Accept:' -H 'Content-Type: application/json' -d '{}' http://localhost:5678/webhook/approve
link=""
for _ in $(seq 1 200); do
  link=$(api https://www.googleapis.com/__fake/requests | python3 -c '
import json, sys, email, re
for r in json.load(sys.stdin) or []:
    if r["path"].endswith("/messages/send") and r.get("mime"):
        m = email.message_from_string(r["mime"])
        parts = m.walk() if m.is_multipart() else [m]
        for p in parts:
            if p.get_content_type() == "text/html":
                html = p.get_payload(decode=True).decode()
                for href in re.findall(r"href=\"([^\"]+)\"", html):
                    if "approved=true" in href:
                        print(href.replace("&amp;", "&")); sys.exit(0)
' || true)
  [[ -n "$link" ]] && break
  sleep 0.3
done
[[ -n "$link" ]] || { echo "record.sh: no message with an approval link was sent" >&2; tail -30 "$tmp/n8n.log" >&2; exit 1; }
echo "record.sh: following $link" >&2
sleep 2 # the execution is stored as waiting
n8n -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36' \
  -o "$here/approve.answer.html" "$link"
for _ in $(seq 1 100); do
  node "$here/../gmailtrigger/extract.js" "$N8N_USER_FOLDER/.n8n/database.sqlite" "$tmp/run.json" 2> /dev/null &&
    node -e 'process.exit(require(process.argv[1]).status==="success"?0:1)' "$tmp/run.json" && break
  sleep 0.3
done
cp "$tmp/run.json" "$here/approve.n8n.json"
kill "$n8n_pid"; wait "$n8n_pid" 2> /dev/null || true; n8n_pid=""
kill "$fake_pid"; wait "$fake_pid" 2> /dev/null || true; fake_pid=""
echo "record.sh: wrote approve.n8n.json, approve.requests.json, approve.state.json, approve.answer.html" >&2
