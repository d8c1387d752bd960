#!/usr/bin/env bash
# Scale-out figures (issue 21): extraction as Slurm array tasks and the
# loader that gathers them, on a corpus of bench/run.sh's making.
#
#   bench/scale.sh [--corpus DIR] [--veille PATH]
#
# DIR: a folder of dispatches (default: the 50 MB corpus bench/run.sh last
# made under bench/work/, else the sample). Prints, and appends to
# bench/work/scale.tsv:
#   - `veille extract --store`: documents/s and MB/s of one process;
#   - the same as a Slurm array job on a one-node cluster started here
#     (scripts/slurm_local.sh; root, slurm-wlm, munge) with 1 and 2 tasks:
#     wall time, documents/s per task, the speed-up from 1 to 2;
#   - `veille load` of the records into SQLite, MB of text/s, against
#     `veille ingest` of the same folder; into PostgreSQL (a server of its
#     own), into an empty store and row by row into one holding half;
#   - what a cluster of 100 nodes would do: extraction scales by tasks, the
#     one loader does not, so it bounds the whole.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
VEILLE=$ROOT/build/veille
CORPUS=$(ls -d "$HERE"/work/corpus-50M-*/text 2>/dev/null | head -1 || true)
while [ $# -gt 0 ]; do
    case $1 in
    --corpus) CORPUS=$2; shift 2 ;;
    --veille) VEILLE=$2; shift 2 ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
    esac
done
[ -n "$CORPUS" ] && [ -d "$CORPUS" ] || CORPUS=$ROOT/sample/dispatches
W=$(mktemp -d)
chmod 711 "$W" # a PostgreSQL server of its own runs as postgres when this runs as root
trap 'bash "$ROOT/scripts/slurm_local.sh" stop "$W/slurm" >/dev/null 2>&1; bash "$ROOT/scripts/pg_local.sh" stop "$W/pg" >/dev/null 2>&1; rm -rf "$W"' EXIT
now() { date +%s.%N; }
secs() { python3 -c "print(round($2 - $1, 3))"; }
docs=$(find "$CORPUS" -type f ! -name '.*' | wc -l)
mb=$(find "$CORPUS" -type f ! -name '.*' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
mb=$(python3 -c "print(round($mb / 1e6, 2))")
echo "corpus: $CORPUS ($docs documents, $mb MB)"

t0=$(now); "$VEILLE" extract --store "$CORPUS" > "$W/all.jsonl" 2>/dev/null || true; t1=$(now)
one=$(secs "$t0" "$t1")
echo "extract --store, one process: $one s, $(python3 -c "print(round($docs / $one))") documents/s, $(python3 -c "print(round($mb / $one, 1))") MB/s"

t0=$(now); "$VEILLE" --db "$W/load.db" load --quiet "$W/all.jsonl" || true; t1=$(now)
load=$(secs "$t0" "$t1")
t0=$(now); "$VEILLE" --db "$W/ingest.db" ingest --quiet "$CORPUS" || true; t1=$(now)
ingest=$(secs "$t0" "$t1")
t0=$(now); "$VEILLE" --db "$W/ingest1.db" ingest --quiet --jobs 1 "$CORPUS" || true; t1=$(now)
ingest1=$(secs "$t0" "$t1")
echo "load into SQLite: $load s, $(python3 -c "print(round($mb / $load, 1))") MB/s of text ($(du -m "$W/all.jsonl" | cut -f1) MB of records);" \
     "ingest: $ingest s ($(python3 -c "print(round($mb / $ingest, 1))") MB/s, $(nproc) jobs), $ingest1 s with one job"

# into PostgreSQL (a server of its own, scripts/pg_local.sh): the records
# into an empty store (a load in a SQLite file, then one COPY per table),
# and their second half into a store holding the first (row by row)
pgload=- pginc=-
if url=$(bash "$ROOT/scripts/pg_local.sh" start "$W/pg" 2>"$W/pg.err"); then
    psql "$url" -qAt -c "CREATE DATABASE whole" -c "CREATE DATABASE halves" >/dev/null
    t0=$(now); "$VEILLE" --db "${url/\/veille\?//whole?}" load --quiet "$W/all.jsonl" || true; t1=$(now)
    pgload=$(secs "$t0" "$t1")
    half=$(( $(wc -l < "$W/all.jsonl") / 2 ))
    head -n "$half" "$W/all.jsonl" > "$W/first.jsonl"
    tail -n +"$((half + 1))" "$W/all.jsonl" > "$W/second.jsonl"
    hmb=$(python3 -c "import json,sys; print(round(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])) / 1e6, 2))" "$W/second.jsonl")
    "$VEILLE" --db "${url/\/veille\?//halves?}" load --quiet "$W/first.jsonl" || true
    t0=$(now); "$VEILLE" --db "${url/\/veille\?//halves?}" load --quiet "$W/second.jsonl" || true; t1=$(now)
    pginc=$(secs "$t0" "$t1")
    echo "load into PostgreSQL: $pgload s, $(python3 -c "print(round($mb / $pgload, 1))") MB/s of text into an empty store;" \
         "the second half ($hmb MB) into a store holding the first: $pginc s, $(python3 -c "print(round($hmb / $pginc, 2))") MB/s"
    bash "$ROOT/scripts/pg_local.sh" stop "$W/pg" >/dev/null
else
    echo "PostgreSQL: not measured ($(tail -n 1 "$W/pg.err"))"
fi

slurm=-
if pids=$(bash "$ROOT/scripts/slurm_local.sh" start "$W/slurm" 2>"$W/slurm.err"); then
    export SLURM_CONF=$W/slurm/slurm.conf
    # a first job: the controller's start-up is not the array's time
    printf '#!/bin/sh\ntrue\n' > "$W/warm.sh"
    sbatch --wait --output=/dev/null "$W/warm.sh" >/dev/null 2>&1 || true
    declare -A wall
    for tasks in 1 2; do
        t0=$(now)
        bash "$ROOT/scripts/slurm_extract.sh" --db "$W/slurm$tasks.db" --work "$W/w$tasks" --shards "$tasks" \
            --veille "$VEILLE" "$CORPUS" >/dev/null 2>&1
        t1=$(now)
        # the array job alone: its tasks' records written, before the load
        first=$(stat -c %.9Y "$W/w$tasks"/shard-*.list | sort -n | head -1)
        last=$(stat -c %.9Y "$W/w$tasks"/shard-*.jsonl | sort -n | tail -1)
        wall[$tasks]=$(secs "$first" "$last")
        echo "Slurm, $tasks task(s): array job ${wall[$tasks]} s (lists written to the last records)," \
             "$(python3 -c "print(round($docs / $tasks / ${wall[$tasks]}))") documents/s per task;" \
             "$(secs "$t0" "$t1") s with the load"
    done
    slurm=$(python3 -c "print(round(${wall[1]} / ${wall[2]}, 2))")
    echo "speed-up of the array job from 1 to 2 tasks: $slurm x on $(nproc) cores"
    bash "$ROOT/scripts/slurm_local.sh" stop "$W/slurm" >/dev/null
else
    echo "Slurm: not measured ($(tail -n 1 "$W/slurm.err"))"
fi
python3 - "$docs" "$mb" "$one" "$load" <<'EOF'
import sys
docs, mb, one, load = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
per_task = mb / one          # MB/s one extraction task gives
loader = mb / load           # MB/s the one loader takes
tasks = 100 * 2              # 100 nodes of 2 cores
print("100 nodes x 2 cores: extraction %.0f MB/s, the one loader %.1f MB/s: the loader bounds the"
      " whole (%.2f of a task's output fills it); a decade of one agency's dispatches (2 GB) in %.0f s,"
      " of which extraction %.0f s" % (per_task * tasks, loader, loader / per_task,
                                       2000 / min(per_task * tasks, loader), 2000 / (per_task * tasks)))
EOF
mkdir -p "$HERE/work"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$CORPUS" "$mb" "$one" "$load" "$ingest" "$slurm" "$pgload" "$pginc" \
    >> "$HERE/work/scale.tsv"
