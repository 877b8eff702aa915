#!/usr/bin/env bash
# pure-data.sh — the pure data workflow side by side: n8n-go and (when
# installed) real n8n 1.123.81 run the same workflow on N generated items:
# Set builds the items, Split Out, Set with three expressions, If, Merge
# (append), Aggregate. Both print wall time and peak RSS (/usr/bin/time -v).
#
#   testdata/bench/pure-data.sh [N…]        (default: 5000 50000 500000)
#   N8N=1 testdata/bench/pure-data.sh 5000 50000   (n8n beside n8n-go)
#   RUNS=5 testdata/bench/pure-data.sh 50000       (each engine 5 times, then
#                                                   the median of each column)
#
# n8n-go runs alone unless N8N=1; n8n runs only up to 50,000 items (it
# needs minutes at 50,000, and more memory than a shared machine has
# beyond). Besides wall time and peak RSS, CPU seconds (user + system) are
# printed: on a machine shared with other work they vary far less.
#
# n8n lives in $ORACLE_DIR (default /root/.cache/n8n-oracle; see
# testdata/oracle/record.sh); nothing is installed here.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
tmp=$(mktemp -d /tmp/pure-data.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The binary is copied into place as an installed one is: run straight from
# the file the Go linker wrote (through mmap), it maps ~10 MB more of itself
# (peak RSS 41 vs 30 MB for a one-item run on this machine's kernel).
if [[ -n "${N8N_GO:-}" ]]; then cp "$N8N_GO" "$tmp/n8n-go"; else
  (cd "$root" && CGO_ENABLED=0 go build -o "$tmp/n8n-go.built" ./cmd/n8n-go) && cp "$tmp/n8n-go.built" "$tmp/n8n-go"
fi
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(5000 50000 500000)

workflow() { # N → workflow JSON on stdout (pure-data.workflow.json, the
  # same file BenchmarkPureData in nodes/ runs, with its length set)
  sed "s/__N__/$1/g" "$here/pure-data.workflow.json"
}

measure() { # label command… → "label wall-seconds peak-RSS-MB"
  local label=$1; shift
  /usr/bin/time -v "$@" > "$tmp/out" 2> "$tmp/time" || { echo "$label: failed"; tail -5 "$tmp/time"; return; }
  local wall rss cpu
  wall=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$tmp/time" | awk '{printf "%.0f", $NF/1024}')
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$tmp/time")
  printf '%-26s wall %-10s CPU %7ss  peak RSS %6s MB\n' "$label" "$wall" "$cpu" "$rss"
  printf '%s %s %s\n' "$(awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<< "$wall")" "$cpu" "$rss" >> "$tmp/runs"
}

median() { # label: the median of each column of the runs measured since the last call
  [[ $runs -gt 1 && -s "$tmp/runs" ]] || { rm -f "$tmp/runs"; return; }
  local col m=()
  for col in 1 2 3; do
    m+=("$(sort -n -k$col,$col "$tmp/runs" | awk -v c=$col '{ v[NR] = $c } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')")
  done
  printf '%-26s wall %-10s CPU %7ss  peak RSS %6s MB  (median of %d)\n' "$1" "${m[0]}" "${m[1]}" "${m[2]}" "$runs"
  rm -f "$tmp/runs"
}
runs=${RUNS:-1}

for n in "${sizes[@]}"; do
  workflow "$n" > "$tmp/wf-$n.json"
  for _ in $(seq "$runs"); do
    measure "n8n-go $n items" "$tmp/n8n-go" run -q "$tmp/wf-$n.json" -o "$tmp/go-$n.json"
  done
  median "n8n-go $n items"
  if [[ "${N8N:-0}" == 1 && $n -le 50000 && -x "$ORACLE_DIR/node_modules/.bin/n8n" ]]; then
    export N8N_USER_FOLDER="$tmp/home-$n" N8N_ENCRYPTION_KEY=bench N8N_DIAGNOSTICS_ENABLED=false \
      N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy \
      N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC
    "$ORACLE_DIR/node_modules/.bin/n8n" import:workflow --input="$tmp/wf-$n.json" > /dev/null 2>&1
    # One n8n on the machine at a time (testdata/oracle/record.sh takes the lock too).
    for _ in $(seq "$runs"); do
      measure "n8n 1.123.81 $n items" flock /tmp/n8n-oracle.lock "$ORACLE_DIR/node_modules/.bin/n8n" execute --id "pureData$n" --rawOutput
    done
    median "n8n 1.123.81 $n items"
  fi
done
