#!/usr/bin/env bash
# Query latency on a large database: builds a corpus of about DOCS documents
# from the sample (bench/make_corpus.py), ingests it into bench/work/, then runs
# bench/query_latency.c in one process. A benchmark, not a test.
#
#   bench/query_latency.sh [--docs 100000] [--rounds 5] [--keep] [--pg]
#
# --pg: the same corpus in a PostgreSQL store too (a server of its own in
# bench/work/pg, scripts/pg_local.sh; the ingest timed), the same queries
# there, side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=100000 rounds=5 keep=0 pg=0
while [ $# -gt 0 ]; do
    case $1 in
        --docs) docs=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        --pg) pg=1; shift ;;
        *) echo "usage: bench/query_latency.sh [--docs N] [--rounds R] [--keep] [--pg]" >&2; exit 2 ;;
    esac
done
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
mkdir -p bench/work
# the generator makes documents of 3.2 kB on average
size=$((docs * 3200))
corpus=bench/work/latency-corpus
db=bench/work/latency-$docs.db
if [ ! -f "$db" ]; then
    python3 bench/make_corpus.py --source sample/ --size "$size" --out "$corpus" --format text --quiet
    rm -f "$db" "$db"-*
    /usr/bin/time -f "ingest: %e s, peak RSS %M KB" build/veille --db "$db" ingest --quiet "$corpus/text"
fi
store=
if [ "$pg" = 1 ]; then
    url=$(bash scripts/pg_local.sh start bench/work/pg)
    name=latency$docs
    store=${url/\/veille\?//$name?}
    if ! psql "$url" -qAt -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
        [ -d "$corpus/text" ] ||
            python3 bench/make_corpus.py --source sample/ --size "$size" --out "$corpus" --format text --quiet
        psql "$url" -qAt -c "CREATE DATABASE $name"
        /usr/bin/time -f "ingest into PostgreSQL: %e s, peak RSS %M KB" \
            build/veille --db "$store" ingest --quiet "$corpus/text"
    fi
fi
cc -O2 -Iinclude bench/query_latency.c build/libveille.a -o bench/work/query_latency \
    $(pkg-config --libs sqlite3 libutf8proc jansson libxxhash libpq) -lstemmer -lpthread -lm
VEILLE_DATA=$PWD/data bench/work/query_latency "$db" "$rounds" $store
[ "$keep" = 1 ] || rm -rf "$corpus"
