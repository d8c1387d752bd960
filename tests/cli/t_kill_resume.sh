#!/usr/bin/env bash
# A killed ingest leaves a consistent database and a re-run finishes the job
# (DESIGN.md "Quality bars"; docs/CLI.md "ingest": idempotent, resumable).
# Builds a folder of thousands of distinct documents (sample dispatches, each
# copy with its own closing line and a unique word), SIGKILLs an ingest
# mid-way, checks the database, re-runs, checks every document is there once.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample
command -v sqlite3 >/dev/null || die "sqlite3 shell not installed (Debian package sqlite3)"

BIG=$T/big
# make_copies N — (re)builds $BIG with N distinct files; word for copy k: uniq<k in letters>
make_copies() {
    rm -rf "$BIG"
    python3 - "$SAMPLE/dispatches" "$BIG" "$1" <<'EOF'
import os, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = []
for root, _, names in os.walk(src):
    for nm in sorted(names):
        if nm.endswith(".txt"):
            b = open(os.path.join(root, nm), "rb").read()
            try:
                t = b.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if t.strip() and "\0" not in t and len(b) < 200000:
                texts.append(t)
texts.sort()
if not texts: sys.exit("no usable sample texts")
def word(k):
    s = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        s = chr(97 + r) + s
    return "zk" + s + "wq"
for k in range(n):
    d = os.path.join(dst, "d%03d" % (k // 500))
    os.makedirs(d, exist_ok=True)
    t = texts[k % len(texts)].rstrip("\n")
    with open(os.path.join(d, "c%06d.txt" % k), "w", encoding="utf-8") as f:
        f.write(t + "\n\nRéférence de copie %d, mot %s.\n" % (k, word(k)))
EOF
}

n=3000
killed=0
for attempt in 1 2 3 4; do
    make_copies "$n" || die "could not build the copies"
    rm -f "$DB" "$DB"-wal "$DB"-shm "$DB"-journal
    # small batches: the kill finds some committed, so the re-run must
    # finish a bulk load that was cut short
    "$VEILLE_BIN" --db "$DB" ingest --quiet --batch 200 "$BIG" >"$T/kill.out" 2>"$T/kill.err" &
    pid=$!
    BG_PIDS+=("$pid")
    # wait for the database to appear (at most ~20 s), then let it work a little
    for _ in $(seq 1 400); do
        [ -e "$DB" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    sleep 0.3
    if kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        # killed after everything was committed counts as finished; read
        # by veille first, before anything else rolls back its journal
        right_after=$(stats_documents)
        if [ "$right_after" != "$n" ]; then
            killed=1
            break
        fi
    fi
    wait "$pid" 2>/dev/null
    echo "# ingest of $n files finished before the kill; retrying with more"
    n=$((n * 3))
done
[ "$killed" = 1 ] || die "could not kill an ingest in progress (even with $n files)"
# a killed bulk load leaves a hot journal that only a writer rolls back:
# the first reader has it rolled back and reads (it once said "not a
# veille database")
assert_match "$right_after" '^[0-9]+$' "veille stats right after the kill reads the database ($right_after)"
total=$(find "$BIG" -type f | wc -l)
assert_eq "$n" "$total" "copies built"

# The killed database opens, is consistent, and holds at most every document.
assert_eq ok "$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)" "integrity_check right after SIGKILL"
run veille stats --json
assert_rc 0 "stats right after SIGKILL"
partial=$(jout .documents)
echo "# killed with $partial of $total documents stored"
assert_cmp "$partial" -lt "$total" "killed ingest stored fewer than all documents"
assert_cmp "$partial" -ge 0 "killed ingest: documents count readable"
if [ "$partial" -gt 0 ]; then
    # veille stats opened the database: it found the load's mark and took it,
    # marking every person for the knowledge base
    assert_eq 0 "$(sqlite3 "$DB" "SELECT count(*) FROM store_state WHERE name = 'bulk_load'")" \
        "the killed bulk load's mark taken by the next connection"
    assert_cmp "$(sqlite3 "$DB" 'SELECT count(*) FROM kb_dirty')" -gt 0 \
        "the killed bulk load's persons marked for the knowledge base"
fi

# Re-run finishes the job.
run veille ingest "$BIG"
assert_rc 0 "re-run after SIGKILL"
if parse_summary; then
    assert_eq "$total" "$SUM_READ" "re-run: every file read"
    assert_eq "$total" "$((SUM_ADDED + SUM_ALREADY))" "re-run: added + already stored = files"
    assert_eq "$partial" "$SUM_ALREADY" "re-run: already stored = what the killed run committed"
    assert_eq 0 "$SUM_SKIPPED" "re-run: nothing skipped"
fi
assert_eq "$total" "$(stats_documents)" "documents == distinct files after re-run"
assert_eq ok "$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)" "integrity_check after re-run"
# a killed first run (a bulk load) left its mark; the re-run took it away
assert_eq 0 "$(sqlite3 "$DB" "SELECT count(*) FROM store_state WHERE name = 'bulk_load'")" \
    "no bulk-load mark after re-run"
assert_eq 0 "$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM kb_dirty) + (SELECT count(*) FROM kb_dirty_e) + (SELECT count(*) FROM kb_new_e)')" \
    "knowledge base up to date after re-run"
assert_eq "$(python3 "$CLI_DIR/facts_pack.py" "$DB" persons)" \
    "$(sqlite3 "$DB" 'SELECT count(*) FROM kb_persons')" "every person of the facts is in the knowledge base"

# The full-text index agrees with the documents: unique words of the first,
# a middle and the last copy each find exactly one document.
word_of() { python3 -c '
import sys
k = int(sys.argv[1]) + 1; s = ""
while k:
    k, r = divmod(k - 1, 26); s = chr(97 + r) + s
print("zk" + s + "wq")' "$1"; }
for k in 0 $((total / 2)) $((total - 1)); do
    w=$(word_of "$k")
    run veille search "$w" --json
    assert_eq 1 "$(jout .total)" "search $w (copy $k) finds exactly one document"
    assert_match "$(jout '.hits[0].source')" "c$(printf '%06d' "$k")\\.txt\$" "search $w finds copy $k"
done

# Ten kills at random moments: each time a fresh ingest of the copies is
# killed somewhere in its run (the moment drawn over the first 60 % of a run
# that was not killed), the database is consistent, and a re-run leaves the
# same database as the run that was never killed: documents, facts, events,
# knowledge base (tests/cli/db_digest.py; the full-text segments depend on
# where transactions ended and are compared by the searches above).
start=$(date +%s.%N)
"$VEILLE_BIN" --db "$T/clean.db" ingest --quiet --batch 100 "$BIG" 2>/dev/null
span=$(python3 -c "import time; print(time.time() - $start)")
python3 "$CLI_DIR/db_digest.py" --logical "$T/clean.db" > "$T/clean.digest"
RANDOM=$$
cut=0
for k in 1 2 3 4 5 6 7 8 9 10; do
    rm -f "$T/k.db" "$T/k.db-wal" "$T/k.db-shm" "$T/k.db-journal"
    at=$(python3 -c "print(round(0.6 * $span * ($RANDOM % 1000) / 1000, 3))")
    "$VEILLE_BIN" --db "$T/k.db" ingest --quiet --batch 100 "$BIG" >/dev/null 2>&1 &
    pid=$!
    BG_PIDS+=("$pid")
    sleep "$at"
    alive=0
    kill -9 "$pid" 2>/dev/null && alive=1
    wait "$pid" 2>/dev/null
    cut=$((cut + alive))
    if [ -e "$T/k.db" ]; then
        assert_eq ok "$(sqlite3 "$T/k.db" 'PRAGMA integrity_check' 2>&1)" "kill $k at $at s: integrity_check"
        stored=$(sqlite3 "$T/k.db" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)
    else
        stored=0
    fi
    "$VEILLE_BIN" --db "$T/k.db" ingest --quiet "$BIG" >/dev/null 2>&1
    python3 "$CLI_DIR/db_digest.py" --logical "$T/k.db" > "$T/k.digest"
    assert_eq "$(cat "$T/clean.digest")" "$(cat "$T/k.digest")" \
        "kill $k at $at s (running: $alive, $stored of $total stored), re-run: the same database as one run"
done
echo "# ten kills over a run of $span s; $cut of them killed a running ingest"
assert_cmp "$cut" -ge 5 "at least half the kills came before the run's end"

# A third run adds nothing.
run veille ingest "$BIG"
assert_rc 0 "third run"
if parse_summary; then
    assert_eq 0 "$SUM_ADDED" "third run adds nothing"
fi
finish
