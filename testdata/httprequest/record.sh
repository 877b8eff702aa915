#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 running the HTTP Request workflows of
# this folder against the generic fake (internal/fakes/httpfake), as golden
# files.
#
#   testdata/httprequest/record.sh [name…]     (default: every *.workflow.json)
#
# The workflows reach the fake as https://api.fake.test. For each
# NAME.workflow.json it starts a fresh fake over HTTPS on 127.0.0.1:443
# through testdata/oracle/record.sh (n8n install, certificate, the machine
# lock), with the answer jitter in NAME.jitter (a Go duration; default
# none), over plain HTTP when NAME.plain exists, seeded with NAME.seed.json
# when it exists, with the extra fake flags in NAME.fakeflags (the secrets
# it checks OAuth1, OAuth2 and Digest requests with), and writes:
#   NAME.n8n.json       the run (`n8n execute --rawOutput`)
#   NAME.requests.json  every request n8n sent, in arrival order
#   NAME.state.json     the records the fake created
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(mktemp -d /tmp/httpfake-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/httpfake" ./internal/fakes/httpfake/cmd/httpfake)

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/*.workflow.json; do names+=("$(basename "${f%.workflow.json}")"); done
fi
for name in "${names[@]}"; do
  wf="$here/$name.workflow.json"
  [[ -f $wf ]] || { echo "record.sh: no $wf" >&2; exit 2; }
  jitter=0s
  [[ -f $here/$name.jitter ]] && jitter=$(cat "$here/$name.jitter")
  seed=""
  [[ -f $here/$name.seed.json ]] && seed="-seed '$here/$name.seed.json'"
  creds=()
  [[ -f $here/$name.creds.json ]] && creds=(-c "$here/$name.creds.json")
  extra=""
  [[ -f $here/$name.fakeflags ]] && extra=$(cat "$here/$name.fakeflags")
  tls="-cert \"\$ORACLE_CERT\" -key \"\$ORACLE_KEY\""
  # NAME.plain: the fake serves plain HTTP on port 443 (the workflow uses
  # http://api.fake.test:443), to see n8n's order without TLS handshakes.
  [[ -f $here/$name.plain ]] && tls=""
  fake="exec '$bin/httpfake' -addr 127.0.0.1:443 $tls -jitter '$jitter' $seed -requests-out '$here/$name.requests.json' -state-out '$here/$name.state.json' $extra"
  ORACLE_FAKE_HOSTS=api.fake.test "$root/testdata/oracle/record.sh" "${creds[@]}" -f "$fake" -o "$here/$name.n8n.json" "$wf"
done
