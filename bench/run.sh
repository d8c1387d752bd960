#!/usr/bin/env bash
# veille benchmark: veille extract, veille ingest, SQLite FTS5 and Xapian
# on the same generated corpus, in one run, repeats alternated (a b c d a b c d ...).
# See bench/README.md.
set -u -o pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [--size 100M] [--repeat 3] [--jobs N] [--keep]
                    [--source DIR] [--seed N] [--veille PATH] [--only LIST]
                    [--timeout SECONDS]

  --size S       corpus size, bytes of text files (K/M/G = 10^3/10^6/10^9); default 100M
  --repeat R     repeats of each engine, alternated; the median is reported; default 3
  --jobs N       worker processes for corpus generation, and --jobs N for veille
                 when its --help lists that option; default 1
  --keep         keep the databases/indexes of the last repeat under bench/work/runs/
  --source DIR   dispatches to recombine (default: ../shared/corpus/unlabeled
                 when it is there, else the repository's sample/)
  --seed N       corpus seed (default 1)
  --veille PATH  veille binary (default: $VEILLE or build/veille)
  --only LIST    comma-separated subset of: extract,ingest,fts5,xapian
  --timeout S    give up one measured run after S seconds (default 3600)

Writes a table on stdout and bench/work/results.json.
EOF
}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
WORK="$HERE/work"

# The corpus is recombined from real dispatches when ../shared is there
# (its 800 unlabeled ones: names, lists and long sentences as the agency
# writes them); the repository's sample/ is easier text and the fallback.
DEFAULT_SOURCE="$ROOT/../shared/corpus/unlabeled"
[ -d "$DEFAULT_SOURCE" ] || DEFAULT_SOURCE="$ROOT/sample"
SIZE=100M REPEAT=3 JOBS=1 KEEP=0 SOURCE="$DEFAULT_SOURCE" SEED=1
VEILLE=${VEILLE:-$ROOT/build/veille} ONLY=extract,ingest,fts5,xapian TIMEOUT=3600
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --size=*) SIZE=${1#*=}; shift ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --repeat=*) REPEAT=${1#*=}; shift ;;
    --jobs) JOBS=$2; shift 2 ;;
    --jobs=*) JOBS=${1#*=}; shift ;;
    --keep) KEEP=1; shift ;;
    --source) SOURCE=$2; shift 2 ;;
    --source=*) SOURCE=${1#*=}; shift ;;
    --seed) SEED=$2; shift 2 ;;
    --seed=*) SEED=${1#*=}; shift ;;
    --veille) VEILLE=$2; shift 2 ;;
    --veille=*) VEILLE=${1#*=}; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --only=*) ONLY=${1#*=}; shift ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --timeout=*) TIMEOUT=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$REPEAT" in ''|*[!0-9]*|0) echo "run.sh: --repeat needs a positive integer" >&2; exit 2 ;; esac
case "$JOBS" in ''|*[!0-9]*|0) echo "run.sh: --jobs needs a positive integer" >&2; exit 2 ;; esac
[ -d "$SOURCE" ] || [ -f "$SOURCE" ] || { echo "run.sh: no source $SOURCE" >&2; exit 2; }
SOURCE=$(cd "$(dirname "$SOURCE")" && pwd)/$(basename "$SOURCE")

PY=python3
log() { echo "run.sh: $*" >&2; }
want() { case ",$ONLY," in *,"$1",*) return 0 ;; esac; return 1; }

# ---------------------------------------------------------------- tools
TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then
  echo "run.sh: $TIME missing: apt-get install time" >&2; exit 2
fi
command -v "$PY" >/dev/null || { echo "run.sh: python3 missing" >&2; exit 2; }
SQLITE=$(command -v sqlite3 || true)
SCRIPTINDEX=$(command -v scriptindex || true)
[ -n "$SQLITE" ] || log "sqlite3 missing (apt-get install sqlite3): FTS5 skipped"
[ -n "$SCRIPTINDEX" ] || log "scriptindex missing (apt-get install xapian-omega): Xapian skipped"

mkdir -p "$WORK"
RUNS="$WORK/runs"
LOGS="$WORK/logs"
rm -rf "$RUNS" "$LOGS"
mkdir -p "$RUNS" "$LOGS"
MEAS="$WORK/measurements.tsv"
NOTES="$WORK/notes.txt"
: > "$MEAS"
: > "$NOTES"
note() { echo "$*" >> "$NOTES"; log "$*"; }

# ---------------------------------------------------------------- corpus
LEX=/usr/share/dict/french
srchash=$( { (cd "$SOURCE" 2>/dev/null && find . -type f \( -name '*.txt' -o -name '*.jsonl' \) -print0 \
              | LC_ALL=C sort -z | xargs -0 -r sha256sum) || sha256sum "$SOURCE";
            sha256sum "$HERE/make_corpus.py";
            [ -f "$LEX" ] && cksum "$LEX"; } | sha256sum | cut -c1-10)
CORPUS="$WORK/corpus-$SIZE-s$SEED-$srchash"
if [ -f "$CORPUS/manifest.json" ] && [ -f "$CORPUS/corpus.jsonl" ] && [ -d "$CORPUS/text" ]; then
  log "corpus cached: $CORPUS"
else
  # keep only the corpus being built: old ones are big
  rm -rf "$WORK"/corpus-*
  log "building corpus $SIZE from $SOURCE (seed $SEED) ..."
  "$PY" "$HERE/make_corpus.py" --source "$SOURCE" --size "$SIZE" --seed "$SEED" \
      --jobs "$JOBS" --format both --out "$CORPUS.tmp" || { log "make_corpus failed"; exit 2; }
  mv "$CORPUS.tmp" "$CORPUS"
fi
TEXT="$CORPUS/text"
read -r NDOCS TEXT_BYTES < <("$PY" -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["documents"], m["text_bytes"])' "$CORPUS/manifest.json")
log "corpus: $NDOCS documents, $TEXT_BYTES bytes of text files"

# ---------------------------------------------------------------- inputs for the baselines (untimed, cached)
FTS_STAGE="$CORPUS/fts5-staging.db"
if [ -n "$SQLITE" ] && want fts5 && ! [ -f "$FTS_STAGE" ]; then
  log "FTS5: loading corpus.jsonl into a staging table (untimed) ..."
  t0=$(date +%s.%N)
  rm -f "$FTS_STAGE.tmp"
  "$SQLITE" "$FTS_STAGE.tmp" >/dev/null <<EOF || { log "FTS5 staging failed"; SQLITE=; }
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE TEMP TABLE raw(line TEXT);
.mode ascii
.separator "\037" "\n"
.import '$CORPUS/corpus.jsonl' raw
.mode list
CREATE TABLE docs(id TEXT, title TEXT, body TEXT);
INSERT INTO docs SELECT json_extract(line,'\$.id'), coalesce(json_extract(line,'\$.title'),''),
                        json_extract(line,'\$.text') FROM temp.raw;
EOF
  [ -n "$SQLITE" ] && mv "$FTS_STAGE.tmp" "$FTS_STAGE"
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{printf "%.2f\n", $2-$1}' > "$CORPUS/fts5-staging.seconds"
fi

XAP_DUMP="$CORPUS/xapian.dump"
XAP_SCRIPT="$CORPUS/xapian.index"
if [ -n "$SCRIPTINDEX" ] && want xapian && ! [ -f "$XAP_DUMP" ]; then
  log "Xapian: writing the scriptindex dump (untimed) ..."
  "$PY" - "$CORPUS/corpus.jsonl" "$XAP_DUMP.tmp" <<'EOF' && mv "$XAP_DUMP.tmp" "$XAP_DUMP" || { log "dump failed"; SCRIPTINDEX=; }
import json, sys
# scriptindex input: records of name=value lines separated by a blank line;
# a newline inside a value is written as newline + '='.
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        o = json.loads(line)
        out.write("id=%s\n" % o["id"])
        out.write("url=%s\n" % o["url"])
        if o.get("date"):
            out.write("date=%s\n" % o["date"])
        if o.get("title"):
            out.write("title=%s\n" % o["title"].replace("\n", " "))
        out.write("text=%s\n\n" % o["text"].replace("\n", "\n="))
EOF
fi
cat > "$XAP_SCRIPT" <<'EOF'
# scriptindex index script (Omega conventions): unique id term Q, title
# indexed twice (S-prefixed and plain, with positions), body with positions;
# title, url, date and the whole text stored in the document data.
id : field=id boolean=Q unique=Q
url : field=url
date : field=date
title : field=title index=S index
text : index field=text
EOF

FTS_SQL="$CORPUS/fts5-index.sql"
cat > "$FTS_SQL" <<EOF
ATTACH '$FTS_STAGE' AS s;
BEGIN;
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize="unicode61 remove_diacritics 2");
INSERT INTO docs(rowid, title, body) SELECT rowid, title, body FROM s.docs;
COMMIT;
EOF

# ---------------------------------------------------------------- veille probes
# run a copy, so that a rebuild during the run does not mix builds (the copy
# still finds its built-in data folder, an absolute path)
VEILLE_ORIG=$VEILLE
VEILLE_GIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || true)
if [ -x "$VEILLE" ]; then
  cp "$VEILLE" "$WORK/veille.bin" && VEILLE="$WORK/veille.bin"
fi
HAVE_EXTRACT=0 HAVE_INGEST=0 EXTRACT_MODE=none
VEILLE_JOBS=() EXTRACT_JOBS=()
if [ -x "$VEILLE" ]; then
  if "$VEILLE" ingest --help >/dev/null 2>&1; then
    HAVE_INGEST=1
    "$VEILLE" ingest --help 2>&1 | grep -q -- '--jobs' && [ "$JOBS" -gt 1 ] && VEILLE_JOBS=(--jobs "$JOBS")
  else
    note "veille ingest: not implemented ('veille ingest --help' failed): skipped"
  fi
  if "$VEILLE" extract --help >/dev/null 2>&1; then
    # one folder of three files must give three records
    probe="$WORK/probe"
    rm -rf "$probe"; mkdir -p "$probe/in"
    find "$TEXT" -name '*.txt' | LC_ALL=C sort | head -3 | xargs -I{} cp {} "$probe/in/"
    n=$("$VEILLE" extract "$probe/in" 2>"$probe/err" | grep -c '^{' || true)
    if [ "$n" = 3 ]; then
      HAVE_EXTRACT=1 EXTRACT_MODE=folder
    else
      n=$("$VEILLE" extract "$probe"/in/*.txt 2>"$probe/err" | grep -c '^{' || true)
      if [ "$n" = 3 ]; then
        HAVE_EXTRACT=1 EXTRACT_MODE=files
        note "veille extract: does not read a folder; files are passed by xargs (1000 a call)"
      else
        note "veille extract: --help works but 3 files gave $n records: skipped ($(head -c 300 "$probe/err"))"
      fi
    fi
    "$VEILLE" extract --help 2>&1 | grep -q -- '--jobs' && [ "$JOBS" -gt 1 ] && EXTRACT_JOBS=(--jobs "$JOBS")
    rm -rf "$probe"
  else
    note "veille extract: not implemented ('veille extract --help' failed): skipped"
  fi
else
  note "veille: no binary at $VEILLE_ORIG (build it: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build): veille skipped"
fi

VEILLE_SHA=
[ -x "$VEILLE" ] && VEILLE_SHA=$(sha256sum "$VEILLE" | cut -c1-16)

ENGINES=()
want extract && [ "$HAVE_EXTRACT" = 1 ] && ENGINES+=(extract)
want ingest && [ "$HAVE_INGEST" = 1 ] && ENGINES+=(ingest)
want fts5 && [ -n "$SQLITE" ] && ENGINES+=(fts5)
want xapian && [ -n "$SCRIPTINDEX" ] && ENGINES+=(xapian)
[ ${#ENGINES[@]} -gt 0 ] || { log "nothing to run"; exit 2; }

# ---------------------------------------------------------------- measuring
# Each engine's input is read once, untimed, before each of its runs: this
# machine keeps about 1 GB of page cache, and one engine's output (Xapian
# writes 424 MB) pushed the next one's input out of it, so that a run read
# its files from the disk or not depending on what ran before it.
warm() {
  case $1 in
    extract|ingest) find "$TEXT" -type f -print0 | xargs -0 cat > /dev/null ;;
    fts5) [ -f "$FTS_STAGE" ] && cat "$FTS_STAGE" > /dev/null ;;
    xapian) [ -f "$XAP_DUMP" ] && cat "$XAP_DUMP" > /dev/null ;;
  esac
}

run_engine() {   # engine repeat -> appends one line to $MEAS
  local e=$1 r=$2 out="$RUNS/$1" lg="$LOGS/$1-r$2.log" tf="$LOGS/$1-r$2.time" st=0
  rm -rf "$out"; mkdir -p "$out"
  sync
  warm "$e"
  case $e in
    extract)
      if [ "$EXTRACT_MODE" = folder ]; then
        "$TIME" -f '%e %U %S %M' -o "$tf" timeout "$TIMEOUT" \
          "$VEILLE" extract "${EXTRACT_JOBS[@]}" "$TEXT" >/dev/null 2>"$lg" || st=$?
      else
        (cd "$TEXT" && find . -name '*.txt' -print0 | LC_ALL=C sort -z > "$out/files")
        (cd "$TEXT" && "$TIME" -f '%e %U %S %M' -o "$tf" timeout "$TIMEOUT" \
          xargs -0 -n 1000 "$VEILLE" extract "${EXTRACT_JOBS[@]}" < "$out/files" >/dev/null 2>"$lg") || st=$?
        rm -f "$out/files"
      fi ;;
    ingest)
      "$TIME" -f '%e %U %S %M' -o "$tf" timeout "$TIMEOUT" \
        "$VEILLE" --db "$out/veille.db" ingest "${VEILLE_JOBS[@]}" "$TEXT" >/dev/null 2>"$lg" || st=$? ;;
    fts5)
      "$TIME" -f '%e %U %S %M' -o "$tf" timeout "$TIMEOUT" \
        "$SQLITE" -bail "$out/fts5.db" < "$FTS_SQL" >/dev/null 2>"$lg" || st=$? ;;
    xapian)
      "$TIME" -f '%e %U %S %M' -o "$tf" timeout "$TIMEOUT" \
        "$SCRIPTINDEX" --stemmer=french "$out/xapian" "$XAP_SCRIPT" "$XAP_DUMP" >/dev/null 2>"$lg" || st=$? ;;
  esac
  sync
  local size t docs=-
  size=$(du -sb "$out" | cut -f1)
  # count what the result holds: a run that indexed nothing is no run
  case $e in
    ingest)
      docs=$("$VEILLE" --db "$out/veille.db" stats --json 2>/dev/null \
             | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["documents"])' 2>/dev/null) \
        || docs=$(grep -a 'veille: ingest:' "$lg" | tail -n 1 | sed -n 's/.* \([0-9][0-9]*\) added.*/\1/p')
      [ -n "$docs" ] || docs=- ;;
    fts5)
      docs=$("$SQLITE" "$out/fts5.db" 'SELECT count(*) FROM docs' 2>/dev/null || echo -) ;;
    xapian)
      if command -v xapian-delve >/dev/null; then
        docs=$(xapian-delve "$out/xapian" 2>/dev/null | sed -n 's/^number of documents = //p')
        [ -n "$docs" ] || docs=0
      fi ;;
  esac
  t=$(tail -n 1 "$tf" 2>/dev/null || echo "0 0 0 0")
  # veille ingest/extract: exit 1 = some input skipped, still a complete run
  local ok=1
  if [ "$st" != 0 ] && ! { [ "$e" = ingest ] || [ "$e" = extract ]; } || [ "$st" -gt 1 ]; then
    ok=0
  fi
  if [ "$st" = 1 ] && [ "$e" = extract ]; then
    note "extract r$r: exit 1 (some input skipped): $(grep -a -c 'skipped' "$lg") skip line(s) in $lg"
  fi
  if [ "$docs" != - ] && [ "$docs" != "$NDOCS" ]; then
    ok=0; note "$e r$r: result holds $docs documents, corpus has $NDOCS"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$e" "$r" "$ok" "$st" "$(echo "$t" | tr ' ' '\t')" "$size" "$docs" >> "$MEAS"
  local summary=""
  [ "$e" = ingest ] && summary=$(grep -a 'veille: ingest:' "$lg" | tail -n 1)
  log "$(printf '%-7s r%d: exit %s, %s s elapsed, %s KB max RSS, %s bytes, %s docs  %s' "$e" "$r" "$st" \
        "$(echo "$t" | cut -d' ' -f1)" "$(echo "$t" | cut -d' ' -f4)" "$size" "$docs" "$summary")"
  if [ "$ok" = 0 ]; then log "$e r$r failed; last lines of $lg:"; tail -n 5 "$lg" >&2; fi
  [ "$e" = ingest ] && [ -n "$summary" ] && echo "ingest r$r: $summary" >> "$NOTES"
  if [ "$KEEP" = 1 ]; then
    rm -rf "$RUNS/keep-$e"; mv "$out" "$RUNS/keep-$e"
  else
    rm -rf "$out"
  fi
}


log "engines: ${ENGINES[*]}; $REPEAT repeat(s), alternated"
for r in $(seq 1 "$REPEAT"); do
  for e in "${ENGINES[@]}"; do
    run_engine "$e" "$r"
  done
done

if [ -n "$VEILLE_SHA" ] && [ "$(sha256sum "$VEILLE_ORIG" 2>/dev/null | cut -c1-16)" != "$VEILLE_SHA" ]; then
  note "$VEILLE_ORIG was rebuilt during the run; the figures are those of the copy taken at the start (sha256 $VEILLE_SHA...)"
fi

# ---------------------------------------------------------------- report
CMD="bench/run.sh --size $SIZE --repeat $REPEAT --jobs $JOBS"
[ "$KEEP" = 1 ] && CMD="$CMD --keep"
CMD="$CMD --source $SOURCE"
[ "$SEED" != 1 ] && CMD="$CMD --seed $SEED"
[ "$ONLY" != extract,ingest,fts5,xapian ] && CMD="$CMD --only $ONLY"
export BENCH_CMD="$CMD" BENCH_VEILLE="$VEILLE_ORIG" BENCH_ROOT="$ROOT" BENCH_VEILLE_SHA="$VEILLE_SHA" BENCH_VEILLE_GIT="$VEILLE_GIT" \
  BENCH_EXTRACT_MODE="$EXTRACT_MODE" BENCH_VEILLE_JOBS="${VEILLE_JOBS[*]:-}" \
  BENCH_SQLITE="${SQLITE:-}" BENCH_SCRIPTINDEX="${SCRIPTINDEX:-}"
"$PY" "$HERE/summarize.py" --manifest "$CORPUS/manifest.json" --measurements "$MEAS" \
  --notes "$NOTES" --corpus "$CORPUS" --out "$WORK/results.json"
