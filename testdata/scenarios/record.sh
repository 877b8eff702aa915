#!/usr/bin/env bash
# record.sh — record what real n8n 1.123.81 does with the template on a scenario.
#
#   testdata/scenarios/record.sh <scenario>…     (names of folders here, or "all")
#
# For each scenario it serves the fakes seeded from <scenario>/scenario.json
# over HTTPS (internal/fakes/apis/cmd/fakeapis, both hosts on 127.0.0.1:443),
# runs n8n on workflows/notion-clockify-sync.json through
# testdata/oracle/record.sh (credentials of both types imported, the
# placeholder credential ids pointed at them and an unconnected Manual
# Trigger added in the copy handed to n8n, `execute --rawOutput`, all under
# flock /tmp/n8n-oracle.lock), and stores in the scenario folder:
#   n8n.json             the run data
#   requests.json        the ordered request log of both fakes
#   clockify.final.json  notion.final.json   the fakes' final states
#   clockify.seed.json   notion.seed.json    the starting states
# CI never runs this; e2e tests compare n8n-go with these files.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
[[ $# -ge 1 ]] || { sed -n '2,18p' "$0" >&2; exit 2; }
if [[ $1 == all ]]; then
  set -- $(cd "$here" && ls -d */ | tr -d /)
fi

tmp=$(mktemp -d /tmp/scenario-rec.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/fakeapis" ./internal/fakes/apis/cmd/fakeapis)
cat > "$tmp/creds.json" <<'JSON'
[{"id":"sandboxNotion01","name":"Notion sandbox","type":"notionApi","data":{"apiKey":"secret_sandbox_notion"}},
 {"id":"sandboxClockify1","name":"Clockify sandbox","type":"clockifyApi","data":{"apiKey":"sandbox-clockify-key"}}]
JSON

for s in "$@"; do
  dir="$here/$s"
  [[ -f $dir/scenario.json ]] || { echo "record.sh: $dir/scenario.json not found" >&2; exit 2; }
  out="$tmp/out-$s"
  mkdir -p "$out"
  "$root/testdata/oracle/record.sh" -c "$tmp/creds.json" \
    -f "exec '$tmp/fakeapis' -addr 127.0.0.1:443 -scenario '$dir/scenario.json' -out '$out'" \
    -o "$dir/n8n.json" "$root/workflows/notion-clockify-sync.json"
  for f in requests.json clockify.final.json notion.final.json clockify.seed.json notion.seed.json; do
    [[ -f $out/$f ]] || { echo "record.sh: $s: the fakes wrote no $f" >&2; exit 1; }
    cp "$out/$f" "$dir/$f"
  done
  echo "record.sh: $s recorded ($(node -e 'const r=require(process.argv[1]);process.stdout.write(r.status+", "+require(process.argv[2]).length+" requests")' "$dir/n8n.json" "$dir/requests.json"))" >&2
done
