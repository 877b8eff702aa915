#!/usr/bin/env bash
# record.sh — record real n8n 1.123.81 sending the Send Email workflows of
# this folder to the fake SMTP server (internal/fakes/smtp), as goldens.
#
#   testdata/sendemail/record.sh [name…]     (default: every *.workflow.json)
#
# The fake serves implicit TLS on 127.0.0.1:443 and plain/STARTTLS on
# 127.0.0.1:2525 with the oracle's certificate (n8n trusts its CA through
# NODE_EXTRA_CA_CERTS), accepts AUTH from user "mailer" / "secret" and
# refuses rejected@example.com. NAME.creds.json, when present, replaces
# creds.json. It writes:
#   NAME.n8n.json       the run (`n8n execute --rawOutput`)
#   NAME.messages.json  every message the fake received (envelope and data)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(mktemp -d /tmp/fakesmtp-bin.XXXXXX)
trap 'rm -rf "$bin"' EXIT
(cd "$root" && go build -o "$bin/fakesmtp" ./internal/fakes/smtp/cmd/fakesmtp)

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$here"/*.workflow.json; do names+=("$(basename "${f%.workflow.json}")"); done
fi
for name in "${names[@]}"; do
  wf="$here/$name.workflow.json"
  [[ -f $wf ]] || { echo "record.sh: no $wf" >&2; exit 2; }
  creds="$here/creds.json"
  [[ -f "$here/$name.creds.json" ]] && creds="$here/$name.creds.json"
  fake="exec '$bin/fakesmtp' -addr 127.0.0.1:2525 -tls-addr 127.0.0.1:443 -cert \"\$ORACLE_CERT\" -key \"\$ORACLE_KEY\" -users mailer:secret -reject rejected@example.com -messages-out '$here/$name.messages.json'"
  ORACLE_FAKE_HOSTS=smtp.example.test "$root/testdata/oracle/record.sh" -c "$creds" -f "$fake" -o "$here/$name.n8n.json" "$wf"
done
