#!/usr/bin/env bash
# record.sh — record what real n8n 1.123.81 does with a workflow, as a golden.
#
#   testdata/oracle/record.sh [-c creds.json] [-f 'fake start command'] [-o out.json] wf.workflow.json…
#
# For each foo.workflow.json it writes foo.n8n.json next to it (or -o, for a
# single workflow): the pretty-printed output of `n8n execute --rawOutput`
# (the whole IRun: runData, status, lastNodeExecuted, …). Tests compare it
# semantically with internal/golden, which drops timing fields.
#
#   -c creds.json  credentials to import: [{"id","name","type","data":{…}}];
#                  each node's credential of a type is pointed at the one of
#                  that type (in the temp copy only).
#   -f command     starts the fake API server(s) (run with sh -c, in the
#                  background, killed at the end). It must serve HTTPS on
#                  127.0.0.1:443 with the certificate in $ORACLE_CERT/$ORACLE_KEY
#                  (signed by a CA minted here, $ORACLE_CA) and dispatch by Host.
#                  n8n then resolves $ORACLE_FAKE_HOSTS (default
#                  api.notion.com,api.clockify.me) to 127.0.0.1 via preload.js
#                  and trusts the CA through NODE_EXTRA_CA_CERTS.
#
# n8n lives in $ORACLE_DIR (default /root/.cache/n8n-oracle) and is installed
# there when missing. Everything runs under `flock /tmp/n8n-oracle.lock`: only
# one recording may run on the machine at a time (the fakes bind port 443).
# Keys, certificates and the n8n user folder live in a temp dir that is removed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
N8N_VERSION=1.123.81

if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi

usage() { sed -n '2,25p' "$0" >&2; exit 2; }

creds="" fakes="" out=""
while getopts "c:f:o:h" opt; do
  case $opt in
    c) creds=$(realpath "$OPTARG") ;;
    f) fakes=$OPTARG ;;
    o) out=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || usage
[[ -z "$out" || $# -eq 1 ]] || { echo "record.sh: -o needs exactly one workflow" >&2; exit 2; }

install_n8n() {
  echo "record.sh: installing n8n@$N8N_VERSION into $ORACLE_DIR" >&2
  mkdir -p "$ORACLE_DIR"
  cd "$ORACLE_DIR"
  printf '%s\n' '{"name":"oracle","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
  {
    npm install "n8n@$N8N_VERSION" --no-audit --no-fund --ignore-scripts &&
      npm rebuild sqlite3 && echo "DONE 0"
  } > install.log 2>&1 || { echo "record.sh: install failed, see $ORACLE_DIR/install.log" >&2; exit 1; }
  cd - > /dev/null
}
grep -q '^DONE 0' "$ORACLE_DIR/install.log" 2> /dev/null || install_n8n
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"

tmp=$(mktemp -d /tmp/n8n-oracle-rec.XXXXXX)
fake_pid=""
cleanup() {
  if [[ -n "$fake_pid" ]]; then
    kill -- "-$fake_pid" 2> /dev/null || kill "$fake_pid" 2> /dev/null || true
    wait "$fake_pid" 2> /dev/null || true
  fi
  [[ -n "${ORACLE_KEEP:-}" ]] && echo "record.sh: kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT

export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=oracle-recording-key
export N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
# (no N8N_LOG_LEVEL=warn: `execute` prints the run through the info logger)
mkdir -p "$N8N_USER_FOLDER"

if [[ -n "$fakes" ]]; then
  certs="$tmp/certs"
  mkdir -p "$certs"
  hosts=${ORACLE_FAKE_HOSTS:-api.notion.com,api.clockify.me}
  san=$(echo "$hosts" | tr ',' '\n' | sed 's/^/DNS:/' | paste -sd, -)
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8n-oracle test CA" \
    -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=${hosts%%,*}" \
    -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
  printf 'subjectAltName=%s,IP:127.0.0.1\n' "$san" > "$certs/ext.cnf"
  openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
    -CAcreateserial -days 2 -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null
  export ORACLE_CA="$certs/ca.pem" ORACLE_CERT="$certs/server.pem" ORACLE_KEY="$certs/server.key"
  export ORACLE_TMP="$tmp" ORACLE_FAKE_HOSTS="$hosts"
  setsid sh -c "$fakes" > "$tmp/fakes.log" 2>&1 &
  fake_pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<> /dev/tcp/127.0.0.1/443) 2> /dev/null; then break; fi
    if ! kill -0 "$fake_pid" 2> /dev/null; then
      echo "record.sh: the fake server exited:" >&2; cat "$tmp/fakes.log" >&2; exit 1
    fi
    sleep 0.2
  done
  (exec 3<> /dev/tcp/127.0.0.1/443) 2> /dev/null ||
    { echo "record.sh: nothing listens on 127.0.0.1:443" >&2; exit 1; }
  export NODE_OPTIONS="--require $here/preload.js" NODE_EXTRA_CA_CERTS="$ORACLE_CA"
fi

if [[ -n "$creds" ]]; then
  "$n8n_bin" import:credentials --input="$creds" > "$tmp/import-creds.log" 2>&1 ||
    { cat "$tmp/import-creds.log" >&2; exit 1; }
fi

n=0 failed=0
for wf in "$@"; do
  n=$((n + 1))
  dest=$out
  if [[ -z "$dest" ]]; then
    case $wf in
      *.workflow.json) dest="${wf%.workflow.json}.n8n.json" ;;
      *.json) dest="${wf%.json}.n8n.json" ;;
      *) dest="$wf.n8n.json" ;;
    esac
  fi
  copy="$tmp/wf$n.json"
  node "$here/prepare.js" "$wf" "$copy" "$creds"
  id=$(node -e 'process.stdout.write(require(process.argv[1]).id)' "$copy")
  "$n8n_bin" import:workflow --input="$copy" > "$tmp/import.log" 2>&1 ||
    { cat "$tmp/import.log" >&2; exit 1; }
  # execute exits non-zero when the workflow fails; the run is still printed.
  set +e
  "$n8n_bin" execute --id "$id" --rawOutput > "$tmp/out$n.txt" 2> "$tmp/err$n.txt"
  rc=$?
  set -e
  # Keep only the JSON document: n8n prints it indented, from a line "{" to
  # the next line "}", and on failure wraps it in log text.
  if ! node -e '
    const fs = require("fs");
    const lines = fs.readFileSync(process.argv[1], "utf8").split("\n");
    const start = lines.indexOf("{");
    const end = lines.indexOf("}", start);
    if (start < 0 || end < 0) process.exit(1);
    const doc = JSON.parse(lines.slice(start, end + 1).join("\n"));
    fs.writeFileSync(process.argv[2], JSON.stringify(doc, null, 2) + "\n");
  ' "$tmp/out$n.txt" "$dest"; then
    echo "record.sh: $wf: no JSON from n8n execute (exit $rc)" >&2
    cat "$tmp/out$n.txt" "$tmp/err$n.txt" >&2
    failed=$((failed + 1))
    continue
  fi
  echo "record.sh: $wf -> $dest (n8n exit $rc)" >&2
done
[[ $failed -eq 0 ]] || { echo "record.sh: $failed workflow(s) not recorded" >&2; exit 1; }
