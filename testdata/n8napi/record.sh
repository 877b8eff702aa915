#!/usr/bin/env bash
# record.sh — record a real n8n 1.123.81's public API for the round-trip
# tests (pull, run n8n://ID, serve --from-n8n, test new). CI never runs it.
#
#   testdata/n8napi/record.sh
#
# Under flock /tmp/n8n-oracle.lock it:
#  1. serves the fake Notion and Clockify APIs (sandbox-demo scenario) over
#     HTTPS, as testdata/scenarios/record.sh does, and imports credentials
#     for them;
#  2. imports workflows/*.json here and the template (an unconnected Manual
#     Trigger added, credentials pointed at the imported ones; see
#     testdata/oracle/prepare.js) and runs each once with `n8n execute`,
#     so n8n holds a real execution of each;
#  3. starts `n8n start` (public API on), sets up the owner and creates an
#     API key through the REST endpoints the editor uses, tags two
#     workflows and activates the webhook one;
#  4. records, with the n8n-go binary, every API answer the tests replay
#     (rec/*.json, internal/httprecord format, API key redacted): pull of
#     all / one / a tag / active / a name / paged by 2 / a refused key,
#     run n8n://ID of the template, serve --from-n8n before and after a
#     renamed Set field, and test new of the five executions, writing the
#     cases (cases/*.test.json) they make;
#  5. writes `n8n export:workflow --backup` output (export/<id>.json) and
#     checks that pull wrote the same content (compare-export.js).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
oracle="$root/testdata/oracle"
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"
port=5699
base="http://127.0.0.1:$port"

if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  # Build before taking the machine-wide lock: hold it only while n8n runs.
  bin=$(mktemp -d /tmp/n8napi-bin.XXXXXX)
  trap 'rm -rf "$bin"' EXIT
  (cd "$root" && go build -o "$bin/n8n-go" ./cmd/n8n-go && go build -o "$bin/fakeapis" ./internal/fakes/apis/cmd/fakeapis)
  ORACLE_LOCKED=1 BIN="$bin" flock /tmp/n8n-oracle.lock "$0" "$@"
  exit $?
fi
grep -q '^DONE 0' "$ORACLE_DIR/install.log" || { echo "record.sh: n8n is not installed in $ORACLE_DIR (see testdata/oracle/record.sh)" >&2; exit 1; }
ng="$BIN/n8n-go"

tmp=$(mktemp -d /tmp/n8napi-rec.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do
    kill -- "-$p" 2> /dev/null || kill "$p" 2> /dev/null || true
    wait "$p" 2> /dev/null || true
  done
  [[ -n "${ORACLE_KEEP:-}" ]] && echo "record.sh: kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT

export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=oracle-recording-key
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
export N8N_PORT=$port N8N_LISTEN_ADDRESS=127.0.0.1 N8N_PERSONALIZATION_ENABLED=false
export N8N_PUBLIC_API_DISABLED=false N8N_SECURE_COOKIE=false
mkdir -p "$N8N_USER_FOLDER"

# 1. the fakes, over HTTPS on 127.0.0.1:443 (n8n resolves their hosts there).
certs="$tmp/certs"
mkdir -p "$certs"
hosts=api.notion.com,api.clockify.me
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8napi test CA" \
  -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=api.notion.com" \
  -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
printf 'subjectAltName=DNS:api.notion.com,DNS:api.clockify.me,IP:127.0.0.1\n' > "$certs/ext.cnf"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null
export ORACLE_CA="$certs/ca.pem" ORACLE_CERT="$certs/server.pem" ORACLE_KEY="$certs/server.key"
export ORACLE_TMP="$tmp" ORACLE_FAKE_HOSTS="$hosts"
mkdir -p "$tmp/fakes-out"
setsid "$BIN/fakeapis" -addr 127.0.0.1:443 -scenario "$root/testdata/scenarios/sandbox-demo/scenario.json" -out "$tmp/fakes-out" > "$tmp/fakes.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do (exec 3<> /dev/tcp/127.0.0.1/443) 2> /dev/null && break; sleep 0.2; done
export NODE_OPTIONS="--require $oracle/preload.js" NODE_EXTRA_CA_CERTS="$ORACLE_CA"

cp "$here/creds.json" "$tmp/creds.json"
"$n8n_bin" import:credentials --input="$tmp/creds.json" > "$tmp/import-creds.log" 2>&1 ||
  { cat "$tmp/import-creds.log" >&2; exit 1; }

# 2. the workflows, each run once.
node -e '
  const fs = require("fs");
  const t = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  t.id = "rtTemplate00001";
  fs.writeFileSync(process.argv[2], JSON.stringify(t));
' "$root/workflows/notion-clockify-sync.json" "$tmp/template.json"
names=(template code loop if error hook)
for n in "${names[@]}"; do
  src="$here/workflows/$n.json"
  [[ $n == template ]] && src="$tmp/template.json"
  node "$oracle/prepare.js" "$src" "$tmp/wf-$n.json" "$tmp/creds.json"
  if [[ $n == hook ]]; then
    # The webhook workflow is served, not executed: no Manual Trigger.
    node -e '
      const fs = require("fs");
      const w = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      w.nodes = w.nodes.filter((x) => x.type !== "n8n-nodes-base.manualTrigger");
      fs.writeFileSync(process.argv[1], JSON.stringify(w, null, 2));
    ' "$tmp/wf-$n.json"
  fi
  "$n8n_bin" import:workflow --input="$tmp/wf-$n.json" > "$tmp/import-$n.log" 2>&1 ||
    { cat "$tmp/import-$n.log" >&2; exit 1; }
done
for n in template code loop if error; do
  id=$(node -e 'process.stdout.write(require(process.argv[1]).id)' "$tmp/wf-$n.json")
  "$n8n_bin" execute --id "$id" --rawOutput > "$tmp/exec-$n.txt" 2>&1 || true
  echo "record.sh: executed $n ($id)" >&2
done

# 3. n8n start, owner, API key.
setsid "$n8n_bin" start > "$tmp/n8n.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl -sf "$base/healthz" > /dev/null 2>&1 && break
  sleep 0.2
done
for _ in $(seq 1 300); do
  grep -q "Editor is now accessible" "$tmp/n8n.log" && break
  sleep 0.2
done
jar="$tmp/cookies.txt"
curl -sf -c "$jar" -H 'Content-Type: application/json' -X POST "$base/rest/owner/setup" \
  -d '{"email":"owner@example.com","firstName":"Round","lastName":"Trip","password":"Roundtrip-Pass1"}' > "$tmp/owner.json" ||
  { echo "record.sh: owner setup failed" >&2; tail -20 "$tmp/n8n.log" >&2; exit 1; }
scopes='["workflow:create","workflow:read","workflow:update","workflow:list","workflow:activate","workflow:deactivate","workflowTags:update","workflowTags:list","tag:create","tag:read","tag:list","execution:read","execution:list"]'
curl -sf -b "$jar" -H 'Content-Type: application/json' -X POST "$base/rest/api-keys" \
  -d "{\"label\":\"n8n-go round trip\",\"scopes\":$scopes,\"expiresAt\":null}" > "$tmp/apikey.json" ||
  { echo "record.sh: API key creation failed" >&2; tail -20 "$tmp/n8n.log" >&2; exit 1; }
key=$(node -e 'const r=require(process.argv[1]); process.stdout.write((r.data||r).rawApiKey||(r.data||r).apiKey)' "$tmp/apikey.json")
api() { curl -sf -H "X-N8N-API-KEY: $key" -H 'Content-Type: application/json' "$@"; }

tag=$(api -X POST "$base/api/v1/tags" -d '{"name":"roundtrip"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).id))')
for id in rtCode000000001 rtHook000000001; do
  api -X PUT "$base/api/v1/workflows/$id/tags" -d "[{\"id\":\"$tag\"}]" > /dev/null
done
api -X POST "$base/api/v1/workflows/rtHook000000001/activate" > /dev/null

# 4. the recordings.
rec="$here/rec" cases="$here/cases"
rm -rf "$rec" "$cases" "$tmp/pull"
mkdir -p "$rec" "$cases"
export N8N_URL=$base
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/all" --n8n-record-http "$rec/pull-all.json"
# n8n's own export (before any edit), and pull's files compared with it by
# content.
rm -rf "$here/export"
"$n8n_bin" export:workflow --backup --output="$here/export/" > "$tmp/export.log" 2>&1 ||
  { cat "$tmp/export.log" >&2; exit 1; }
node "$here/compare-export.js" "$here/export" "$tmp/pull/all"
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/paged" --page-size 2 --n8n-record-http "$rec/pull-paged.json"
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/one" --id rtTemplate00001 --n8n-record-http "$rec/pull-id.json"
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/tag" --tag roundtrip --n8n-record-http "$rec/pull-tag.json"
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/active" --active true --n8n-record-http "$rec/pull-active.json"
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/name" --name "Round trip: loop" --n8n-record-http "$rec/pull-name.json"
N8N_API_KEY=not-the-key "$ng" pull -o "$tmp/pull/refused" --n8n-record-http "$rec/pull-refused.json" 2> "$tmp/refused.txt" || true
N8N_API_KEY=$key "$ng" run n8n://rtTemplate00001 --sandbox -q --n8n-record-http "$rec/run-template.json" || true

# serve --from-n8n: the active workflows before and after an edit in n8n
# (the Set field "greeting" renamed "salutation").
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/serve1" --active true --n8n-record-http "$rec/serve-before.json" 2> /dev/null
api "$base/api/v1/workflows/rtHook000000001" > "$tmp/hook.json"
node -e '
  const fs = require("fs");
  const w = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  for (const n of w.nodes) if (n.name === "Greet") n.parameters.assignments.assignments[0].name = "salutation";
  const body = { name: w.name, nodes: w.nodes, connections: w.connections, settings: { executionOrder: "v1" } };
  fs.writeFileSync(process.argv[1], JSON.stringify(body));
' "$tmp/hook.json"
api -X PUT "$base/api/v1/workflows/rtHook000000001" --data-binary "@$tmp/hook.json" > /dev/null
N8N_API_KEY=$key "$ng" pull -o "$tmp/pull/serve2" --active true --n8n-record-http "$rec/serve-after.json" 2> /dev/null
curl -sf -X POST -H 'Content-Type: application/json' -d '{"name":"ada"}' "$base/webhook/roundtrip-hook" > "$rec/serve-n8n-answer.json" || true

# test new on each execution.
for n in template code loop if error; do
  id=$(node -e 'process.stdout.write(require(process.argv[1]).id)' "$tmp/wf-$n.json")
  eid=$(api "$base/api/v1/executions?workflowId=$id&limit=1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(String(JSON.parse(s).data[0].id)))')
  N8N_API_KEY=$key "$ng" test new "$eid" -o "$cases/$n.test.json" --n8n-record-http "$rec/execution-$n.json"
done

echo "record.sh: recorded into $rec, $cases and $here/export" >&2
