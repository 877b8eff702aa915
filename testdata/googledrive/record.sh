#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 running the Google Drive workflows of this
# folder against the Gmail fake, as golden files.
#
#   testdata/googledrive/record.sh [name…]     (default: every *.workflow.json)
#
# For each NAME.workflow.json it starts a fresh fake (internal/fakes/googledrive,
# seeded with NAME.seed.json when there is one, else seed.json) over HTTPS on 127.0.0.1:443 as www.googleapis.com
# through testdata/oracle/record.sh (which holds /tmp/n8n-oracle.lock), and
# writes NAME.n8n.json (the run), NAME.requests.json (every request n8n
# sent, multipart bodies decoded, boundaries normalised) and NAME.state.json (the fake's
# state afterwards).
set -euo pipefail
# Hold the oracle lock for the whole batch (the per-workflow recordings run
# under it without taking it again), so other recordings cannot slip in
# between two workflows.
if [[ -z "${ORACLE_LOCKED:-}" ]]; then
  exec env ORACLE_LOCKED=1 flock /tmp/n8n-oracle.lock "$0" "$@"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(mktemp -d /tmp/fakegoogledrive-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/fakegoogledrive" ./internal/fakes/googledrive/cmd/fakegoogledrive)

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/*.workflow.json; do names+=("$(basename "${f%.workflow.json}")"); done
fi
for name in "${names[@]}"; do
  wf="$here/$name.workflow.json"
  [[ -f $wf ]] || { echo "record.sh: no $wf" >&2; exit 2; }
  seed="$here/seed.json"
  [[ -f "$here/$name.seed.json" ]] && seed="$here/$name.seed.json"
  # token-refresh*: the fake with Google's token endpoint (-oauth), the
  # seed {"oauth": …, "<api>": …}, the token host resolved to the fake too.
  oauth="" hosts=www.googleapis.com,docs.googleapis.com
  if [[ $name == token-refresh* ]]; then oauth="-oauth" hosts=www.googleapis.com,oauth2.googleapis.com,docs.googleapis.com; fi
  faults=""
  [[ -f "$here/$name.faults.json" ]] && faults="-faults '$here/$name.faults.json'"
  fake="exec '$bin/fakegoogledrive' -addr 127.0.0.1:443 -cert \"\$ORACLE_CERT\" -key \"\$ORACLE_KEY\" -seed '$seed' $oauth $faults -requests-out '$here/$name.requests.json' -state-out '$here/$name.state.json'"
  ORACLE_FAKE_HOSTS=$hosts "$root/testdata/oracle/record.sh" -c "$here/creds.json" -f "$fake" -o "$here/$name.n8n.json" "$wf"
done
