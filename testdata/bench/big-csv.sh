#!/usr/bin/env bash
# big-csv.sh — peak memory of n8n-go on a large CSV file (issue 14: "a
# 1 GB CSV converts with bounded memory"). Generates a CSV of SIZE_MB
# (default 1024) in a temp folder (never committed), then runs under
# /usr/bin/time -v:
#   head   Read/Write Files reads the file (spilled to the binary data
#          folder, not held in memory) → Extract from File, first 100,000 rows
#   gzip   the file → Compression (gzip) → Compression (decompress): streamed
#          file to file
#   full   Extract from File on all rows of a FULL_MB (default 100) file:
#          every row becomes an item, so memory follows the rows kept
#
#   testdata/bench/big-csv.sh [SIZE_MB [FULL_MB]]   (N8N_GO=binary to skip the build)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
size=${1:-1024} full=${2:-100}
tmp=$(mktemp -d /tmp/big-csv.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The binary is copied into place as an installed one is: run straight from
# the file the Go linker wrote (through mmap), it maps ~10 MB more of itself
# (peak RSS 41 vs 30 MB for a one-item run on this machine's kernel).
if [[ -n "${N8N_GO:-}" ]]; then cp "$N8N_GO" "$tmp/n8n-go"; else
  (cd "$root" && CGO_ENABLED=0 go build -o "$tmp/n8n-go.built" ./cmd/n8n-go) && cp "$tmp/n8n-go.built" "$tmp/n8n-go"
fi

gen() { # MB path
  python3 - "$1" "$2" <<'PY'
import sys
mb, path = int(sys.argv[1]), sys.argv[2]
limit = mb << 20
with open(path, "w", buffering=1 << 20) as f:
    f.write("id,name,email,amount,created,note\n")
    n, i = 0, 0
    while n < limit:
        rows = "".join('%d,Name %d,user%d@example.com,%d.%02d,2024-01-%02dT10:00:00Z,"note, with comma %d"\n'
                       % (j, j, j, j * 7, j % 100, j % 28 + 1, j) for j in range(i, i + 10000))
        f.write(rows); n += len(rows); i += 10000
PY
}

workflow() { # name path extra-nodes-json
  python3 - "$@" <<'PY'
import json, sys
name, path, mode = sys.argv[1], sys.argv[2], sys.argv[3]
nodes = [{"id": "1", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
         {"id": "2", "name": "Read", "type": "n8n-nodes-base.readWriteFile", "typeVersion": 1, "position": [200, 0],
          "parameters": {"fileSelector": path, "options": {}}}]
conns = {"Start": {"main": [[{"node": "Read", "type": "main", "index": 0}]]}}
def add(n, typ, ver, params, src):
    nodes.append({"id": str(len(nodes) + 1), "name": n, "type": typ, "typeVersion": ver, "position": [200 * len(nodes), 0], "parameters": params})
    conns[src] = {"main": [[{"node": n, "type": "main", "index": 0}]]}
if mode == "head":
    add("Extract", "n8n-nodes-base.extractFromFile", 1.1, {"options": {"maxRowCount": 100000}}, "Read")
    add("Count", "n8n-nodes-base.limit", 1, {"maxItems": 1}, "Extract")
elif mode == "gzip":
    add("Gzip", "n8n-nodes-base.compression", 1.1, {"operation": "compress", "outputFormat": "gzip"}, "Read")
    add("Gunzip", "n8n-nodes-base.compression", 1.1, {}, "Gzip")
else:
    add("Extract", "n8n-nodes-base.extractFromFile", 1.1, {"options": {}}, "Read")
    add("Count", "n8n-nodes-base.limit", 1, {"maxItems": 1}, "Extract")
print(json.dumps({"name": name, "nodes": nodes, "connections": conns, "settings": {"executionOrder": "v1"}}))
PY
}

measure() { # label workflow
  /usr/bin/time -v "$tmp/n8n-go" run "$2" > "$tmp/out.txt" 2> "$tmp/time.txt" || { cat "$tmp/out.txt" "$tmp/time.txt"; exit 1; }
  printf '%-6s %s  wall %s  peak RSS %s MB\n' "$1" "$(grep -E 'success in|error in' "$tmp/time.txt" | tail -1 | sed 's/^ *//')" \
    "$(grep 'Elapsed' "$tmp/time.txt" | awk '{print $NF}')" "$(( $(grep 'Maximum resident' "$tmp/time.txt" | awk '{print $NF}') / 1024 ))"
}

# n8n's filesystem mode: binary data beyond 4 MB lives in files, streamed.
export N8N_DEFAULT_BINARY_DATA_MODE=filesystem N8N_BINARY_DATA_STORAGE_PATH="$tmp/binary"
gen "$size" "$tmp/big.csv"
echo "CSV: $(du -m "$tmp/big.csv" | cut -f1) MB, $(wc -l < "$tmp/big.csv") lines"
workflow head "$tmp/big.csv" head > "$tmp/head.json"; measure head "$tmp/head.json"
workflow gzip "$tmp/big.csv" gzip > "$tmp/gzip.json"; measure gzip "$tmp/gzip.json"
rm -f "$tmp/big.csv"; rm -rf "$tmp/binary"
gen "$full" "$tmp/full.csv"
echo "CSV: $(du -m "$tmp/full.csv" | cut -f1) MB, $(wc -l < "$tmp/full.csv") lines"
workflow full "$tmp/full.csv" full > "$tmp/full.json"; measure full "$tmp/full.json"
