#!/usr/bin/env bash
# record-serve.sh — record an execution that only a running n8n makes (an
# error workflow started after a failed webhook run), as a golden.
#
#   testdata/oracle/record-serve.sh -p WEBHOOK_PATH -m MODE -o OUT.json wf.json…
#   testdata/oracle/record-serve.sh -r REQUEST_FILE [-r REQUEST_FILE…] [-a ANSWERS.json] -m MODE -o OUT.json wf.json…
#
# Imports the workflows (a workflow with "active": true is activated with
# update:workflow, as import cannot activate in regular mode), starts
# `n8n start` on 127.0.0.1:5699, POSTs {} to /webhook/WEBHOOK_PATH, waits for
# an execution of MODE (e.g. "error") to finish and writes it to OUT.json in
# the IRun shape `n8n execute --rawOutput` prints (see executions.js). With
# -r, the request is curl's arguments from REQUEST_FILE, one per line, with
# {{BASE}} replaced by n8n's base URL and {{DIR}} by the file's folder
# (e.g. a multipart form submission to /form/PATH). Several -r are sent in
# turn: before each one after the first, the script waits for the
# execution to be waiting (a Wait or Form node) and replaces {{EXEC}} by
# its id (e.g. {{BASE}}/webhook-waiting/{{EXEC}}). -a writes each answer's
# status, content type and body as JSON. Runs
# under the same machine-wide lock as record.sh; the n8n user folder is a
# temp dir that is removed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
hook="" mode="" out="" answers=""
requests=()
while getopts "p:m:o:r:a:" opt; do
  case $opt in
    p) hook=$OPTARG ;;
    r) requests+=("$OPTARG") ;;
    a) answers=$OPTARG ;;
    m) mode=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ ( -n "$hook" || ${#requests[@]} -gt 0 ) && -n "$mode" && -n "$out" && $# -ge 1 ]] || { sed -n '2,17p' "$0" >&2; exit 2; }
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"

tmp=$(mktemp -d /tmp/n8n-oracle-serve.XXXXXX)
n8n_pid=""
cleanup() {
  if [[ -n "$n8n_pid" ]]; then
    kill -- "-$n8n_pid" 2> /dev/null || kill "$n8n_pid" 2> /dev/null || true
    wait "$n8n_pid" 2> /dev/null || true
  fi
  [[ -n "${ORACLE_KEEP:-}" ]] && echo "record-serve.sh: kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT

export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=oracle-recording-key
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
export N8N_PORT=5699 N8N_LISTEN_ADDRESS=127.0.0.1 N8N_PERSONALIZATION_ENABLED=false
mkdir -p "$N8N_USER_FOLDER"

n=0
for wf in "$@"; do
  n=$((n + 1))
  copy="$tmp/wf$n.json"
  node "$here/prepare.js" "$wf" "$copy"
  # prepare.js deactivates; keep the file's own "active".
  node -e '
    const fs = require("fs");
    const src = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const wf = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
    wf.active = !!src.active;
    fs.writeFileSync(process.argv[2], JSON.stringify(wf, null, 2));
  ' "$wf" "$copy"
  "$n8n_bin" import:workflow --input="$copy" > "$tmp/import$n.log" 2>&1 ||
    { cat "$tmp/import$n.log" >&2; exit 1; }
  if node -e 'process.exit(require(process.argv[1]).active ? 0 : 1)' "$copy"; then
    id=$(node -e 'process.stdout.write(require(process.argv[1]).id)' "$copy")
    "$n8n_bin" update:workflow --id="$id" --active=true > "$tmp/activate$n.log" 2>&1 ||
      { cat "$tmp/activate$n.log" >&2; exit 1; }
  fi
done

setsid "$n8n_bin" start > "$tmp/n8n.log" 2>&1 &
n8n_pid=$!
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:5699/healthz" > /dev/null 2>&1; then break; fi
  kill -0 "$n8n_pid" 2> /dev/null || { cat "$tmp/n8n.log" >&2; exit 1; }
  sleep 0.2
done
# Workflows are activated after /healthz answers; n8n logs the editor URL
# once they are.
for _ in $(seq 1 300); do
  grep -q "Editor is now accessible" "$tmp/n8n.log" && break
  sleep 0.2
done
# waiting_id prints the id of the newest waiting execution.
waiting_id() {
  node -e '
    const path = require("path");
    const sqlite3 = require(path.join(process.argv[1], "node_modules/sqlite3"));
    const db = new sqlite3.Database(path.join(process.argv[2], ".n8n", "database.sqlite"), sqlite3.OPEN_READONLY);
    db.all("SELECT id FROM execution_entity WHERE status = ? ORDER BY CAST(id AS INTEGER) DESC LIMIT 1", ["waiting"], (err, rows) => {
      if (err || rows.length === 0) process.exit(1);
      process.stdout.write(String(rows[0].id));
    });
  ' "$ORACLE_DIR" "$N8N_USER_FOLDER"
}
if [[ ${#requests[@]} -gt 0 ]]; then
  i=0
  : > "$tmp/answers.jsonl"
  for request in "${requests[@]}"; do
    exec_id=""
    if [[ $i -gt 0 ]]; then
      sleep 1 # the previous request's resume must have begun
      for _ in $(seq 1 200); do
        exec_id=$(waiting_id 2> /dev/null) && break
        sleep 0.3
      done
      [[ -n "$exec_id" ]] || { echo "record-serve.sh: no waiting execution before request $((i + 1))" >&2; tail -30 "$tmp/n8n.log" >&2; exit 1; }
    fi
    reqdir=$(cd "$(dirname "$request")" && pwd)
    mapfile -t args < <(sed -e "s|{{BASE}}|http://127.0.0.1:5699|g" -e "s|{{DIR}}|$reqdir|g" -e "s|{{EXEC}}|$exec_id|g" "$request")
    curl -s -D "$tmp/answer.headers" "${args[@]}" > "$tmp/answer.txt" || true
    echo "record-serve.sh: answer $(head -1 "$tmp/answer.headers" | tr -d '\r'): $(head -c 300 "$tmp/answer.txt")" >&2
    node -e '
      const fs = require("fs");
      const head = fs.readFileSync(process.argv[1], "utf8").split("\r\n");
      const status = Number(head[0].split(" ")[1]);
      const ct = head.find((l) => /^content-type:/i.test(l));
      const a = { status, contentType: ct ? ct.slice(ct.indexOf(":") + 1).trim() : "", body: fs.readFileSync(process.argv[2], "utf8") };
      fs.appendFileSync(process.argv[3], JSON.stringify(a) + "\n");
    ' "$tmp/answer.headers" "$tmp/answer.txt" "$tmp/answers.jsonl"
    i=$((i + 1))
  done
  if [[ -n "$answers" ]]; then
    node -e '
      const fs = require("fs");
      const list = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
      fs.writeFileSync(process.argv[2], JSON.stringify(list, null, 2) + "\n");
    ' "$tmp/answers.jsonl" "$answers"
  fi
else
  curl -s -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:5699/webhook/$hook" > "$tmp/answer.txt" || true
fi
for _ in $(seq 1 200); do
  if node "$here/executions.js" "$N8N_USER_FOLDER" "$mode" "$out" 2> /dev/null; then
    if node -e 'const d=require(process.argv[1]); process.exit(d.status==="running"||d.status==="new"||d.status==="waiting"?1:0)' "$(realpath "$out")"; then
      echo "record-serve.sh: $mode execution -> $out" >&2
      exit 0
    fi
  fi
  sleep 0.3
done
echo "record-serve.sh: no finished execution of mode $mode; n8n log:" >&2
tail -30 "$tmp/n8n.log" >&2
exit 1
