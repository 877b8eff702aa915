#!/usr/bin/env bash
# template.sh — the Notion → Clockify template's first sync at several
# sizes: n8n-go alone, and beside real n8n 1.123.81 with N8N=1 (only at
# scales ≤ 10: n8n needs minutes beyond).
#
#   testdata/bench/template.sh [SCALE…]          (default: 1 10 50)
#   N8N=1 testdata/bench/template.sh 1 10
#   VARIANT=synced testdata/bench/template.sh 10  (default first-sync)
#   PORT_BASE=18470 …                             (n8n-go's fakes' ports)
#   PROFILE_DIR=/tmp/prof …   (CPU profiles of n8n-go and the fakes, the
#                              fakes' allocations, n8n-go's heap near its
#                              peak: go tool pprof FILE)
#   N8N_GO=/path/to/n8n-go …  (an n8n-go binary instead of building one)
#
# Scale 1 is 100 clients, 500 projects, 2,000 tasks in Notion (the
# bench-*.scenario.json of testdata/scenarios), scale k is k times that.
# Both engines run the unchanged template against the same fakes
# (internal/fakes/apis/cmd/fakeapis). Printed per run: wall time and peak
# RSS of the engine (/usr/bin/time -v), and the CPU the fakes used as a
# share of engine + fakes CPU (the fakes must not set the pace).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
oracle="$root/testdata/oracle"
ORACLE_DIR=${ORACLE_DIR:-/root/.cache/n8n-oracle}
n8n_bin="$ORACLE_DIR/node_modules/.bin/n8n"
wf="$root/workflows/notion-clockify-sync.json"
variant=${VARIANT:-first-sync}
port=${PORT_BASE:-18440} # n8n-go's fakes listen on this port and the next two
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(1 10 50)

tmp=$(mktemp -d /tmp/template-bench.XXXXXX)
fake_pid=""
# fakes_cpu: CPU seconds the fakes have used (utime + stime of
# /proc/PID/stat). Read once they listen (seeded) and again before they
# stop (before they write their final state): the difference is what
# serving the run cost them.
fakes_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$fake_pid/stat" 2> /dev/null || echo 0; }
fake_cpu=0 fake_cpu0=0
stop_fakes() {
  if [[ -n "$fake_pid" ]]; then
    fake_cpu=$(awk -v a="$(fakes_cpu)" -v b="$fake_cpu0" 'BEGIN { printf "%.2f", a - b }')
    kill "$fake_pid" 2> /dev/null || true
    wait "$fake_pid" 2> /dev/null || true
    fake_pid=""
  fi
}
trap 'stop_fakes; rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/fakeapis" ./internal/fakes/apis/cmd/fakeapis)
# The binary is copied into place as an installed one is: run straight from
# the file the Go linker wrote (through mmap), it maps ~10 MB more of itself
# (peak RSS 41 vs 30 MB for a one-item run on this machine's kernel).
if [[ -n "${N8N_GO:-}" ]]; then cp "$N8N_GO" "$tmp/n8n-go"; else
  (cd "$root" && CGO_ENABLED=0 go build -o "$tmp/n8n-go.built" ./cmd/n8n-go) && cp "$tmp/n8n-go.built" "$tmp/n8n-go"
fi
cat > "$tmp/creds.json" << 'JSON'
[{"id":"sandboxNotion01","name":"Notion sandbox","type":"notionApi","data":{"apiKey":"secret_sandbox_notion"}},
 {"id":"sandboxClockify1","name":"Clockify sandbox","type":"clockifyApi","data":{"apiKey":"sandbox-clockify-key"}}]
JSON

scenario() { # scale → scenario file
  local f="$tmp/scale-$1.scenario.json" synced=false
  [[ $variant == synced ]] && synced=true
  printf '{"description":"bench x%s","clockify":{},"notion":{},"generate":{"clients":%d,"projects":%d,"tasks":%d,"synced":%s}}\n' \
    "$1" $((100 * $1)) $((500 * $1)) $((2000 * $1)) "$synced" > "$f"
  echo "$f"
}
wait_port() {
  for _ in $(seq 1 18000); do
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
    kill -0 "$fake_pid" 2> /dev/null || { echo "template.sh: fakes exited" >&2; cat "$tmp/fakes.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "template.sh: nothing on port $1" >&2
  exit 1
}
start_fakes() { # scenario label [flags]
  local sc=$1 label=$2
  shift 2
  mkdir -p "$tmp/$label"
  "$tmp/fakeapis" -scenario "$sc" -out "$tmp/$label" "$@" > "$tmp/fakes.log" 2>&1 &
  fake_pid=$!
}
cpu_of() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$1"; }
wall_of() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"; }
rss_of() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }
report() { # label engine-time fakes-cpu-seconds
  local ecpu fcpu
  ecpu=$(cpu_of "$2")
  fcpu=$3
  printf '%-26s wall %7ss  peak RSS %5s MB  CPU %6ss  fakes CPU %6ss (%s%% of all)\n' "$1" "$(wall_of "$2")" "$(rss_of "$2")" \
    "$ecpu" "$fcpu" "$(awk -v e="$ecpu" -v f="$fcpu" 'BEGIN { if (e + f > 0) printf "%.0f", 100 * f / (e + f); else print 0 }')"
}

n8n_ready=0
setup_n8n() {
  [[ $n8n_ready == 1 ]] && return
  grep -q '^DONE 0' "$ORACLE_DIR/install.log" 2> /dev/null || { echo "template.sh: n8n is not installed in $ORACLE_DIR" >&2; exit 1; }
  local certs="$tmp/certs"
  mkdir -p "$certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=n8n-bench CA" -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=api.notion.com" -keyout "$certs/server.key" -out "$certs/server.csr" 2> /dev/null
  printf 'subjectAltName=DNS:api.notion.com,DNS:api.clockify.me,IP:127.0.0.1\n' > "$certs/ext.cnf"
  openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -CAcreateserial -days 2 \
    -extfile "$certs/ext.cnf" -out "$certs/server.pem" 2> /dev/null
  export N8N_USER_FOLDER="$tmp/home" N8N_ENCRYPTION_KEY=bench-key N8N_DIAGNOSTICS_ENABLED=false
  export N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_RUNNERS_ENABLED=false N8N_EXPRESSION_ENGINE=legacy
  export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false GENERIC_TIMEZONE=UTC TZ=UTC
  mkdir -p "$N8N_USER_FOLDER"
  "$n8n_bin" import:credentials --input="$tmp/creds.json" > "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
  node "$oracle/prepare.js" "$wf" "$tmp/wf.json" "$tmp/creds.json"
  "$n8n_bin" import:workflow --input="$tmp/wf.json" > "$tmp/import.log" 2>&1 || { cat "$tmp/import.log" >&2; exit 1; }
  wf_id=$(node -e 'process.stdout.write(require(process.argv[1]).id)' "$tmp/wf.json")
  n8n_ready=1
}

for k in "${scales[@]}"; do
  sc=$(scenario "$k")
  fake_prof=() go_prof=()
  if [[ -n "${PROFILE_DIR:-}" ]]; then
    mkdir -p "$PROFILE_DIR"
    fake_prof=(-cpuprofile "$PROFILE_DIR/fakes-x$k.cpu.prof" -allocprofile "$PROFILE_DIR/fakes-x$k.alloc.prof")
    go_prof=(--cpuprofile "$PROFILE_DIR/n8n-go-x$k.cpu.prof" --memprofile "$PROFILE_DIR/n8n-go-x$k.heap.prof")
  fi
  start_fakes "$sc" "go-$k" -addr "127.0.0.1:$port" -notion-addr "127.0.0.1:$((port + 1))" -clockify-addr "127.0.0.1:$((port + 2))" "${fake_prof[@]}"
  wait_port $((port + 1))
  wait_port $((port + 2))
  fake_cpu0=$(fakes_cpu)
  /usr/bin/time -v -o "$tmp/go-$k.time" "$tmp/n8n-go" run --credentials "$tmp/creds.json" \
    --endpoint "api.notion.com=http://127.0.0.1:$((port + 1))" --endpoint "api.clockify.me=http://127.0.0.1:$((port + 2))" \
    --no-rate-limit --trigger "Schedule Trigger" -q -o "$tmp/go-$k.run.json" "${go_prof[@]}" "$wf" 2> "$tmp/go-$k.err" ||
    { echo "n8n-go x$k: failed"; tail -3 "$tmp/go-$k.err"; }
  stop_fakes
  report "n8n-go $variant x$k" "$tmp/go-$k.time" "$fake_cpu"
  if [[ "${N8N:-0}" == 1 && $k -le 10 ]]; then
    setup_n8n
    (
      flock 9
      start_fakes "$sc" "n8n-$k" -addr 127.0.0.1:443 -cert "$tmp/certs/server.pem" -key "$tmp/certs/server.key"
      wait_port 443
      fake_cpu0=$(fakes_cpu)
      NODE_OPTIONS="--require $oracle/preload.js" NODE_EXTRA_CA_CERTS="$tmp/certs/ca.pem" \
        /usr/bin/time -v -o "$tmp/n8n-$k.time" "$n8n_bin" execute --id "$wf_id" --rawOutput > /dev/null 2> "$tmp/n8n-$k.err" || true
      stop_fakes
      echo "$fake_cpu" > "$tmp/n8n-$k.fakecpu"
    ) 9> /tmp/n8n-oracle.lock
    report "n8n 1.123.81 $variant x$k" "$tmp/n8n-$k.time" "$(cat "$tmp/n8n-$k.fakecpu")"
  fi
done
