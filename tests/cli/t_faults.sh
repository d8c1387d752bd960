#!/usr/bin/env bash
# Faults of the disk (issue 20, crash safety): a file that cannot be opened
# or read, and a database whose writes fail (an LD_PRELOAD shim, faults.c),
# and a full disk (a small tmpfs, when this test may mount one). Each gives
# a clear message and a consistent database, and a later run completes it:
# the same database as a run without faults.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample
command -v sqlite3 >/dev/null || die "sqlite3 shell not installed (Debian package sqlite3)"
command -v cc >/dev/null || skip "no C compiler to build the fault shim"
cc -shared -fPIC -o "$T/faults.so" "$CLI_DIR/faults.c" -ldl || die "cannot build tests/cli/faults.c"
# a sanitized binary wants its runtime first among the preloaded libraries
PRELOAD=$T/faults.so
asan=$(ldd "$VEILLE_BIN" 2>/dev/null | awk '$1 ~ /^libasan/ { print $3; exit }')
[ -n "$asan" ] && PRELOAD="$asan $T/faults.so"
faulty() { env LD_PRELOAD="$PRELOAD" "$@"; }

# --- files that cannot be opened or read --------------------------------------
mkdir -p "$T/in"
for k in 1 2 3; do
    printf 'HANOÏ, %d mai (VNA) - Le ministre Phan Van Giang a reçu la délégation numéro %d.\n' "$k" "$k" \
        > "$T/in/d$k.txt"
done
run faulty FAULT_EACCES=d2.txt "$VEILLE_BIN" extract "$T/in"
assert_rc 1 "an unreadable file among good ones: exit 1"
assert_line "$ERR" "veille: skipped $T/in/d2.txt: cannot read: Permission denied" "the unreadable file is named, with why"
assert_eq 2 "$(printf '%s\n' "$OUT" | grep -c '"source"')" "the two good files extracted"
run faulty FAULT_EIO=d3.txt "$VEILLE_BIN" extract "$T/in"
assert_rc 1 "a read error among good files: exit 1"
assert_line "$ERR" "veille: skipped $T/in/d3.txt: cannot read: Input/output error" "the file that fails is named, with why"
assert_eq 2 "$(printf '%s\n' "$OUT" | grep -c '"source"')" "the two good files extracted"
run faulty FAULT_EACCES=d1.txt "$VEILLE_BIN" --db "$T/r.db" ingest "$T/in"
assert_rc 1 "ingest: an unreadable file is skipped"
assert_eq 2 "$(sqlite3 "$T/r.db" 'SELECT count(*) FROM documents')" "ingest: the two others stored"

# --- a database that cannot be written ------------------------------------------
# copies of the sample, each its own document, read from one path by every run
BIG=$T/big
python3 - "$SAMPLE/dispatches" "$BIG" <<'EOF'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
texts = [open(os.path.join(src, n), encoding='utf-8').read() for n in sorted(os.listdir(src)) if n.endswith('.txt')]
os.makedirs(dst)
for k in range(600):
    with open(os.path.join(dst, 'c%04d.txt' % k), 'w', encoding='utf-8') as f:
        f.write(texts[k % len(texts)].rstrip('\n') + '\n\nCopie numéro %d.\n' % k)
EOF
"$VEILLE_BIN" --db "$T/clean.db" ingest --quiet "$BIG" 2>/dev/null
python3 "$CLI_DIR/db_digest.py" --logical "$T/clean.db" > "$T/clean.digest"
clean_size=$(stat -c %s "$T/clean.db")
for after in 200000 $((clean_size / 2)) $((clean_size * 3 / 2)); do
    rm -f "$T/f.db" "$T/f.db-journal" "$T/f.db-wal" "$T/f.db-shm"
    run faulty FAULT_ENOSPC=f.db FAULT_ENOSPC_AFTER=$after "$VEILLE_BIN" --db "$T/f.db" ingest --batch 100 "$BIG"
    assert_rc 2 "ingest whose database writes fail after $after bytes: exit 2"
    assert_match "$ERR" "^veille: cannot (open|write) the database $T/f.db: database or disk is full" \
        "it names the database and says the disk is full ($after bytes)"
    if [ -e "$T/f.db" ]; then
        assert_eq ok "$(sqlite3 "$T/f.db" 'PRAGMA integrity_check' 2>&1)" "consistent after the failed writes ($after bytes)"
        # past the creation, the summary's "added" is what was committed
        if printf '%s\n' "$ERR" | grep -q '^veille: ingest: ' && parse_summary; then
            assert_eq "$SUM_ADDED" "$(sqlite3 "$T/f.db" 'SELECT count(*) FROM documents')" \
                "the summary counts as added only what was stored ($after bytes)"
        fi
    fi
    run "$VEILLE_BIN" --db "$T/f.db" ingest --quiet "$BIG"
    assert_rc 0 "a later run completes ($after bytes)"
    python3 "$CLI_DIR/db_digest.py" --logical "$T/f.db" > "$T/f.digest"
    assert_eq "$(cat "$T/clean.digest")" "$(cat "$T/f.digest")" "then the same database as a run without faults ($after bytes)"
done

# --- a full disk ------------------------------------------------------------------
mkdir -p "$T/small"
if mount -t tmpfs -o size=$((clean_size / 3)) tmpfs "$T/small" 2>/dev/null; then
    run "$VEILLE_BIN" --db "$T/small/v.db" ingest --quiet --batch 100 "$BIG"
    assert_rc 2 "ingest onto a full disk: exit 2"
    assert_match "$ERR" "^veille: .*disk is full" "it says the disk is full"
    assert_eq ok "$(sqlite3 "$T/small/v.db" 'PRAGMA integrity_check' 2>&1)" "the database on the full disk is consistent"
    stored=$(sqlite3 "$T/small/v.db" 'SELECT count(*) FROM documents')
    assert_cmp "$stored" -lt 600 "not everything stored on the full disk ($stored)"
    mount -o remount,size=$((clean_size * 4)) "$T/small"
    run "$VEILLE_BIN" --db "$T/small/v.db" ingest --quiet "$BIG"
    assert_rc 0 "with room again, a later run completes"
    python3 "$CLI_DIR/db_digest.py" --logical "$T/small/v.db" > "$T/v.digest"
    assert_eq "$(cat "$T/clean.digest")" "$(cat "$T/v.digest")" "then the same database as a run without faults"
    umount "$T/small"
else
    echo "# cannot mount a tmpfs here (not root): the full-disk part skipped"
fi
finish
