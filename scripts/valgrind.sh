#!/usr/bin/env bash
# Runs the unit tests and an ingest + search of the sample under valgrind
# (memcheck), on a build without sanitizers. Fails on any error or leak.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind.sh: apt-get install valgrind"; exit 2; }
cmake -S . -B build-vg -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-vg -j"$(nproc)"
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
# a query that finds nothing exits 1 (docs/CLI.md): only valgrind's 99 and
# real failures (2) stop the script
found_or_not() { "$@" || [ $? = 1 ]; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VEILLE_DATA=$PWD/data VEILLE_SPEC=$PWD/tests/spec $vg build-vg/tests/unit_tests
$vg build-vg/veille --db "$tmp/v.db" ingest --quiet --jobs 3 sample/
$vg build-vg/veille --db "$tmp/v1.db" ingest --quiet --jobs 1 sample/
# the bulk knowledge base given up for the SQL, and a document over 1 MB
# (analysed alone, its full-text terms left to the writer)
VEILLE_KB_MEMORY=0 $vg build-vg/veille --db "$tmp/v2.db" ingest --quiet --jobs 2 sample/
python3 -c "import sys; open(sys.argv[1], 'w').write('Le ministre Phan Van Giang a déclaré que la coopération progresse. ' * 18000)" "$tmp/big.txt"
$vg build-vg/veille --db "$tmp/v.db" ingest --quiet --jobs 2 "$tmp/big.txt"
found_or_not $vg build-vg/veille --db "$tmp/v.db" search 'intégration défense' --json >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v1.db" search 'ministre défense' --facets --json --from 2019 >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v1.db" search 'Phan Văn Giang Laos' --facets --sort date --offset 1 >/dev/null
# who met whom: the persons of the events' JSON column, through the fact index
found_or_not $vg build-vg/veille --db "$tmp/v1.db" met 'Phan Văn Giang' --json >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v1.db" events --with Laos --json >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v.db" show "$(ls sample/dispatches/*.txt | head -1)" --json >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v.db" events --with Laos --json >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v.db" met 'Bui Thanh Son' --json >/dev/null
$vg build-vg/veille --db "$tmp/v1.db" rebuild >/dev/null
# offices over time: tenures, a date, a person's positions, the change feed
found_or_not $vg build-vg/veille --db "$tmp/v1.db" office 'ministre de la Défense' --json >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v1.db" office 'président' --at 2024-09 >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v1.db" person 'Tô Lâm' --json >/dev/null
found_or_not $vg build-vg/veille --db "$tmp/v1.db" changes --since 2024 --country VN --office président >/dev/null
# documents read one after another: none may read what the one before left
# in memory (the token past a document's end once did); real dispatches
# when ../shared is there
$vg build-vg/veille extract sample/ >/dev/null
u=../shared/corpus/unlabeled
if [ -f "$u/u0174.txt" ]; then
    $vg build-vg/veille extract "$u/u0756.txt" "$u/u0620.txt" "$u/u0174.txt" "$u"/u00*.txt >/dev/null
fi
# records extracted for load, and loaded by one thread and by two workers
# (a record's reference handed from the reader to a worker and the writer)
build-vg/veille extract --store sample/ > "$tmp/records.jsonl"
$vg build-vg/veille --db "$tmp/l1.db" load --quiet --jobs 1 "$tmp/records.jsonl"
$vg build-vg/veille --db "$tmp/l2.db" load --quiet --jobs 2 "$tmp/records.jsonl"
# the server: every route once, a bad request, a stop by SIGTERM (its
# threads' connections closed at their end)
$vg build-vg/veille --db "$tmp/v1.db" serve --port 0 --threads 2 > "$tmp/serve.out" &
srv=$!
for _ in $(seq 300); do grep -q 'http://' "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.out" | head -1)
id=$(build-vg/veille --db "$tmp/v1.db" search laos --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
for u in "/" "/app.js" "/api/stats" "/api/search?q=laos&facets=1" "/api/doc/$id" \
         "/api/person?name=Phan%20Van%20Giang" "/api/office?title=pr%C3%A9sident&at=2024-09" \
         "/api/persons?limit=3" "/api/changes?since=2024" "/api/events?with=Laos" \
         "/api/met?name=Bui%20Thanh%20Son" "/api/quotes?name=Phan%20Van%20Giang" \
         "/api/related?name=Phan%20Van%20Giang" "/api/search?q=" "/api/nothing"; do
    python3 -c 'import sys, urllib.request, urllib.error
try: urllib.request.urlopen(sys.argv[1], timeout=60).read()
except urllib.error.HTTPError: pass' "$base$u"
done
kill -TERM "$srv"
wait "$srv"
# the SQLite extension in the sqlite3 shell: the facts table, the index,
# ranking and snippets; each connection's state freed when it closes
if command -v sqlite3 >/dev/null && [ -f build-vg/veille.so ]; then
    VEILLE_DATA=$PWD/data $vg sqlite3 -readonly "$tmp/v1.db" ".load build-vg/veille" \
        "SELECT kind, count(*) FROM facts GROUP BY kind" \
        "SELECT rowid, vl_rank(doc_fts, 8.0, 1.0, 0.25) FROM doc_fts WHERE doc_fts MATCH 'laos' LIMIT 3" \
        "SELECT vl_snippet(doc_fts, -1, '[', ']', '…', 8) FROM doc_fts WHERE doc_fts MATCH 'ministre' LIMIT 2" \
        >/dev/null
fi
# a PostgreSQL store (a server of its own, scripts/pg_local.sh): an
# import into it, a load row by row, searches, the knowledge base, a rebuild
chmod 711 "$tmp"
if url=$(bash scripts/pg_local.sh start "$tmp/pg" 2>/dev/null); then
    trap 'bash scripts/pg_local.sh stop "$tmp/pg" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
    head -n 10 "$tmp/records.jsonl" > "$tmp/r1.jsonl"
    tail -n +11 "$tmp/records.jsonl" > "$tmp/r2.jsonl"
    $vg build-vg/veille --db "$url" load --quiet "$tmp/r1.jsonl"
    $vg build-vg/veille --db "$url" load --quiet "$tmp/r2.jsonl"
    found_or_not $vg build-vg/veille --db "$url" search 'ministre défense' --facets --json >/dev/null
    found_or_not $vg build-vg/veille --db "$url" search '"premier ministre" OR laos*' --sort date >/dev/null
    found_or_not $vg build-vg/veille --db "$url" person 'Tô Lâm' --json >/dev/null
    found_or_not $vg build-vg/veille --db "$url" office 'président' --at 2024-09 >/dev/null
    found_or_not $vg build-vg/veille --db "$url" met 'Bui Thanh Son' --json >/dev/null
    $vg build-vg/veille --db "$url" rebuild >/dev/null
else
    echo "valgrind.sh: no PostgreSQL server: the PostgreSQL store not checked"
fi
echo "valgrind: clean"
