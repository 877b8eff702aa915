#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 running the Code-node workflows of
# this folder, which call this.helpers.httpRequest, against the Clockify
# fake (seeded with testdata/clockify/seed.json), through
# testdata/oracle/record.sh. Writes NAME.n8n.json.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../../.." && pwd)
bin=$(mktemp -d /tmp/fakeclockify-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/fakeclockify" ./internal/fakes/clockify/cmd/fakeclockify)
seed="$root/testdata/clockify/seed.json"
for wf in "$here"/*.workflow.json; do
  name=$(basename "${wf%.workflow.json}")
  fake="exec '$bin/fakeclockify' -addr 127.0.0.1:443 -cert \"\$ORACLE_CERT\" -key \"\$ORACLE_KEY\" -seed '$seed'"
  ORACLE_FAKE_HOSTS=api.clockify.me "$root/testdata/oracle/record.sh" -f "$fake" -o "$here/$name.n8n.json" "$wf"
done
