#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 running the Airtable
# workflows of this folder against the Clockify fake, as golden files.
#
#   testdata/airtable/record.sh [name…]     (default: every *.workflow.json)
#
# For each NAME.workflow.json it starts a fresh fake (internal/fakes/airtable,
# seeded with seed.json) over HTTPS on 127.0.0.1:443 through
# testdata/oracle/record.sh (which installs n8n if needed, mints the
# certificate for api.airtable.com, and holds /tmp/n8n-oracle.lock), and
# writes:
#   NAME.n8n.json       the run (`n8n execute --rawOutput`)
#   NAME.requests.json  every request n8n sent to the fake
#   NAME.state.json     the fake's state after the run
set -euo pipefail
# One hold of the machine-wide recording lock for the whole batch (the
# oracle script skips its own locking when ORACLE_LOCKED is set): queued
# one workflow at a time, a batch waits behind every other recording once
# per workflow.
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(mktemp -d /tmp/fakeairtable-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/fakeairtable" ./internal/fakes/airtable/cmd/fakeairtable)

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/*.workflow.json; do names+=("$(basename "${f%.workflow.json}")"); done
fi
for name in "${names[@]}"; do
  wf="$here/$name.workflow.json"
  [[ -f $wf ]] || { echo "record.sh: no $wf" >&2; exit 2; }
  fake="exec '$bin/fakeairtable' -addr 127.0.0.1:443 -cert \"\$ORACLE_CERT\" -key \"\$ORACLE_KEY\" -seed '$here/seed.json' -requests-out '$here/$name.requests.json' -state-out '$here/$name.state.json'"
  ORACLE_FAKE_HOSTS=api.airtable.com "$root/testdata/oracle/record.sh" -c "$here/creds.json" -f "$fake" -o "$here/$name.n8n.json" "$wf"
done
