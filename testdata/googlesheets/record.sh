#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 running the Google Sheets workflows of
# this folder against the Sheets fake and its token endpoint, as goldens.
#
#   testdata/googlesheets/record.sh [name…]     (default: every *.workflow.json)
#
# For each NAME.workflow.json it starts a fresh fake pair
# (internal/fakes/googlesheets cmd: Sheets API + Google token endpoint on one
# HTTPS port, told apart by Host), seeded with NAME.seed.json when present
# and seed.json otherwise, through testdata/oracle/record.sh (certificate for
# the Google hosts, /tmp/n8n-oracle.lock), and writes:
#   NAME.n8n.json       the run (`n8n execute --rawOutput`)
#   NAME.requests.json  every request n8n sent ({"oauth": […], "sheets": […]})
#   NAME.state.json     both fakes' state after the run
set -euo pipefail
# One lock for the whole batch (the oracle script then skips its own), so
# the recordings do not queue behind other users' batches one by one.
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(mktemp -d /tmp/fakegooglesheets-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/fakegooglesheets" ./internal/fakes/googlesheets/cmd/fakegooglesheets)

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/*.workflow.json; do names+=("$(basename "${f%.workflow.json}")"); done
fi
for name in "${names[@]}"; do
  wf="$here/$name.workflow.json"
  [[ -f $wf ]] || { echo "record.sh: no $wf" >&2; exit 2; }
  seed="$here/seed.json"
  [[ -f "$here/$name.seed.json" ]] && seed="$here/$name.seed.json"
  fake="exec '$bin/fakegooglesheets' -addr 127.0.0.1:443 -cert \"\$ORACLE_CERT\" -key \"\$ORACLE_KEY\" -seed '$seed' -requests-out '$here/$name.requests.json' -state-out '$here/$name.state.json'"
  ORACLE_FAKE_HOSTS=sheets.googleapis.com,oauth2.googleapis.com,www.googleapis.com \
    "$root/testdata/oracle/record.sh" -c "$here/creds.json" -f "$fake" -o "$here/$name.n8n.json" "$wf"
done
