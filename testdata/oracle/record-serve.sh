#!/usr/bin/env bash
# record-serve.sh — record an execution that only a running n8n makes (an
# error workflow started after a failed webhook run), as a golden.
#
#   testdata/oracle/record-serve.sh -p WEBHOOK_PATH -m MODE -o OUT.json wf.json…
#   testdata/oracle/record-serve.sh -r REQUEST_FILE -m MODE -o OUT.json wf.json…
#
# Imports the workflows (a workflow with "active": true is activated with
# update:workflow, as import cannot activate in regular mode), starts
# `n8n start` on 127.0.0.1:5699, POSTs {} to /webhook/WEBHOOK_PATH, waits for
# an execution of MODE (e.g. "error") to finish and writes it to OUT.json in
# the IRun shape `n8n execute --rawOutput` prints (see executions.js). With
# -r, the request is curl's arguments from REQUEST_FILE, one per line, with
# {{BASE}} replaced by n8n's base URL and {{DIR}} by the file's folder
# (e.g. a multipart form submission to /form/PATH). Runs
# under the same machine-wide lock as record.sh; the n8n user folder is a
# temp dir that is removed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
hook="" mode="" out="" request=""
while getopts "p:m:o:r:" opt; do
  case $opt in
    p) hook=$OPTARG ;;
    r) request=$OPTARG ;;
    m) mode=$OPTARG ;;
    o) out=$OPTARG ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ ( -n "$hook" || -n "$request" ) && -n "$mode" && -n "$out" && $# -ge 1 ]] || { sed -n '2,12p' "$0" >&2; exit 2; }
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
if [[ -n "$request" ]]; then
  reqdir=$(cd "$(dirname "$request")" && pwd)
  mapfile -t args < <(sed -e "s|{{BASE}}|http://127.0.0.1:5699|g" -e "s|{{DIR}}|$reqdir|g" "$request")
  curl -s -D "$tmp/answer.headers" "${args[@]}" > "$tmp/answer.txt" || true
  echo "record-serve.sh: answer $(head -1 "$tmp/answer.headers" | tr -d '\r'): $(head -c 300 "$tmp/answer.txt")" >&2
else
  curl -s -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:5699/webhook/$hook" > "$tmp/answer.txt" || true
fi
for _ in $(seq 1 200); do
  if node "$here/executions.js" "$N8N_USER_FOLDER" "$mode" "$out" 2> /dev/null; then
    if node -e 'const d=require(process.argv[1]); process.exit(d.status==="running"||d.status==="new"?1:0)' "$(realpath "$out")"; then
      echo "record-serve.sh: $mode execution -> $out" >&2
      exit 0
    fi
  fi
  sleep 0.3
done
echo "record-serve.sh: no finished execution of mode $mode; n8n log:" >&2
tail -30 "$tmp/n8n.log" >&2
exit 1
