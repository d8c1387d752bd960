#!/usr/bin/env bash
# Load on `veille serve` (issue 19): 30 s of concurrent searches, persons and
# documents (bench/serve_load.py) against a copy of the 500 MB benchmark
# database of bench/query_latency.sh, first alone, then with `veille ingest`
# writing dispatches into the same database meanwhile. A benchmark, not a
# test.
#
#   bench/serve_load.sh [--seconds 30] [--clients 8] [--threads 4]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=30 clients=8 threads=4
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        *) echo "usage: bench/serve_load.sh [--seconds N] [--clients N] [--threads N]" >&2; exit 2 ;;
    esac
done
src=bench/work/latency-160000.db
[ -f "$src" ] || { echo "serve_load.sh: $src missing: run bench/query_latency.sh --docs 160000 first" >&2; exit 2; }
db=bench/work/load.db
rm -f "$db" "$db"-wal "$db"-shm
cp "$src" "$db"
# dispatches to ingest meanwhile: real ones recombined (bench/run.sh's corpus)
feed=$(ls -d bench/work/corpus-*/text/0000 2>/dev/null | head -1 || true)
[ -n "$feed" ] || feed=sample/
build/veille --db "$db" serve --port 0 --threads "$threads" > bench/work/serve.out 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -f "$db" "$db"-wal "$db"-shm' EXIT
for _ in $(seq 200); do grep -q 'http://' bench/work/serve.out && break; sleep 0.05; done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' bench/work/serve.out | head -1)
echo "== readers alone ($clients clients, $threads server threads)"
python3 bench/serve_load.py "$base" --seconds "$seconds" --clients "$clients" --db "$src"
echo "== readers while veille ingest writes $feed into the same database"
(build/veille --db "$db" ingest --quiet "$feed" 2>&1 | tail -1) &
ing=$!
python3 bench/serve_load.py "$base" --seconds "$seconds" --clients "$clients" --db "$src"
wait $ing && echo "ingest: done" || echo "ingest: exit $?"
