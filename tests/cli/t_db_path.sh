#!/usr/bin/env bash
# Database path (docs/CLI.md "Global"): `--db PATH` before or after the
# command, else $VEILLE_DB, else ./veille.db.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin

printf 'Premier document sur le thème alambiquet.\n' >"$T/a.txt"
printf 'Deuxième document sur le thème bastringue.\n' >"$T/b.txt"
printf 'Troisième document sur le thème cacatoès.\n' >"$T/c.txt"
mkdir "$T/cwd"

# --db after the command
run "$VEILLE_BIN" ingest "$T/a.txt" --db "$T/after.db"
assert_rc 0 "ingest with --db after the command"
assert_eq 1 "$("$VEILLE_BIN" stats --json --db "$T/after.db" | jq .documents)" "--db after the command: 1 document in that database"

# $VEILLE_DB
run env VEILLE_DB="$T/env.db" "$VEILLE_BIN" ingest "$T/a.txt" "$T/b.txt"
assert_rc 0 "ingest with VEILLE_DB"
assert_eq 2 "$(VEILLE_DB="$T/env.db" "$VEILLE_BIN" stats --json | jq .documents)" "VEILLE_DB: 2 documents"
# --db wins over $VEILLE_DB
assert_eq 1 "$(VEILLE_DB="$T/env.db" "$VEILLE_BIN" --db "$T/after.db" stats --json | jq .documents)" "--db wins over VEILLE_DB"

# ./veille.db by default
(cd "$T/cwd" && "$VEILLE_BIN" ingest "$T/a.txt" "$T/b.txt" "$T/c.txt" 2>/dev/null)
assert_eq 0 "$?" "ingest with the default database"
[ -f "$T/cwd/veille.db" ]
assert_eq 0 "$?" "default database is ./veille.db"
assert_eq 3 "$(cd "$T/cwd" && "$VEILLE_BIN" stats --json | jq .documents)" "./veille.db: 3 documents"
run "$VEILLE_BIN" --db "$T/cwd/veille.db" search cacatoès --json
assert_eq 1 "$(jout .total)" "search reads the same database"
# the others were left alone
assert_eq 1 "$("$VEILLE_BIN" --db "$T/after.db" stats --json | jq .documents)" "other databases untouched"
# Commands that read never create, write or take over a database (issue 20).
mkdir -p "$T/empty"
run bash -c "cd '$T/empty' && '$VEILLE_BIN' search laos"
assert_rc 2 "search without a database"
assert_eq 1 "$(err_count "^veille: no database at veille.db")" "it says there is none and how to make one"
run ls -A "$T/empty"
assert_eq "" "$OUT" "and creates none"
sqlite3 "$T/other.sqlite" "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"
before=$(sha256sum "$T/other.sqlite" | cut -d' ' -f1)
for cmd in stats "search laos" "persons" "events"; do
    run "$VEILLE_BIN" --db "$T/other.sqlite" $cmd
    assert_rc 2 "$cmd on someone else's database"
done
assert_eq 1 "$(err_count 'is not a veille database')" "it says it is not veille's"
assert_eq "$before" "$(sha256sum "$T/other.sqlite" | cut -d' ' -f1)" "someone else's database untouched"
# Writing commands refuse it too, and a SQLite file of another application
# (its application id) even with a schema version; veille's files carry
# veille's id (docs/SCHEMA.md).
for cmd in "ingest $SAMPLE/dispatches" rebuild; do
    run "$VEILLE_BIN" --db "$T/other.sqlite" $cmd
    assert_rc 2 "$cmd on someone else's database"
    assert_contains "$ERR" "is not a veille database" "$cmd says it is not veille's"
done
assert_eq "$before" "$(sha256sum "$T/other.sqlite" | cut -d' ' -f1)" "someone else's database untouched by ingest and rebuild"
# other programs set user_version too: with no id, only a file holding
# veille's documents table is veille's (stats, read-only, once made such a
# file WAL before refusing it)
for v in 3 10; do
    sqlite3 "$T/uv$v.sqlite" "CREATE TABLE mydata(x); PRAGMA user_version = $v;"
    sum=$(sha256sum "$T/uv$v.sqlite" | cut -d' ' -f1)
    for cmd in stats "ingest $SAMPLE/dispatches"; do
        run "$VEILLE_BIN" --db "$T/uv$v.sqlite" $cmd
        assert_rc 2 "$cmd on another program's file with user_version $v"
        assert_contains "$ERR" "is not a veille database" "$cmd says so (user_version $v)"
    done
    assert_eq "$sum" "$(sha256sum "$T/uv$v.sqlite" | cut -d' ' -f1)" "that file left as it was (user_version $v)"
done
# an operand after "--" is no option, not even --db=PATH
run "$VEILLE_BIN" --db "$T/cwd/veille.db" search -- --db=elsewhere.db
assert_rc 1 "search -- --db=X: a query found nowhere"
[ -e "$T/cwd/elsewhere.db" ] || [ -e elsewhere.db ] && fail "search -- --db=X opened X"
sqlite3 "$T/app.sqlite" "PRAGMA application_id = 1234; PRAGMA user_version = 10; CREATE TABLE t(x);"
for cmd in stats "ingest $SAMPLE/dispatches"; do
    run "$VEILLE_BIN" --db "$T/app.sqlite" $cmd
    assert_rc 2 "$cmd on another application's database (id 1234, user_version 10)"
done
assert_eq 1447381324 "$(sqlite3 "$T/cwd/veille.db" 'PRAGMA application_id')" "a veille database carries veille's application id"
assert_eq delete "$(sqlite3 "$T/cwd/veille.db" 'PRAGMA journal_mode')" "a finished ingest leaves one file (journal mode delete)"
# A database in a folder no one may write (a read-only mount; root writes
# any folder its permissions forbid): queried, in rollback or in WAL mode.
mkdir -p "$T/ro" "$T/rosrc"
cp "$T/cwd/veille.db" "$T/rosrc/rollback.db"
cp "$T/cwd/veille.db" "$T/rosrc/wal.db"
sqlite3 "$T/rosrc/wal.db" 'PRAGMA journal_mode=WAL' >/dev/null
# a copy taken while a writer had commits in its -wal
python3 - "$T/cwd/veille.db" "$T/rosrc/pending.db" <<'EOF'
import shutil, sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.copy(src, dst)
db = sqlite3.connect(dst)
db.execute('PRAGMA journal_mode=WAL')
db.execute('PRAGMA wal_autocheckpoint=0')
db.execute("INSERT INTO store_state(name) VALUES ('copied')")
db.commit()
shutil.copy(dst, dst + '.main')
shutil.copy(dst + '-wal', dst + '.wal')
db.close()
shutil.move(dst + '.main', dst)
shutil.move(dst + '.wal', dst + '-wal')
EOF
if mount --bind "$T/rosrc" "$T/ro" 2>/dev/null && mount -o remount,ro,bind "$T/ro" 2>/dev/null; then
    for f in rollback wal; do
        run "$VEILLE_BIN" --db "$T/ro/$f.db" search cacatoès --json
        assert_rc 0 "search a $f-mode database on a read-only mount"
        assert_eq 1 "$(jout .total)" "it finds the document there ($f)"
        run "$VEILLE_BIN" --db "$T/ro/$f.db" stats --json
        assert_eq 3 "$(jout .documents)" "stats of a $f-mode database on a read-only mount"
    done
    # a WAL file whose -wal still holds commits: opened immutable it would
    # miss them; refused with what to do
    run "$VEILLE_BIN" --db "$T/ro/pending.db" stats
    assert_rc 2 "a database whose -wal holds commits, in a read-only folder: refused"
    assert_contains "$ERR" "its -wal file holds commits" "it says why"
    run "$VEILLE_BIN" --db "$T/ro/rollback.db" ingest "$SAMPLE/dispatches"
    assert_rc 2 "ingest into a read-only mount: an error"
    assert_match "$ERR" "^veille: .*read-?only" "it says the database is read-only"
    umount "$T/ro"
else
    echo "# read-only mount not possible here (not root, or no mount): that part skipped"
    rmdir "$T/ro" 2>/dev/null
fi
"$VEILLE_BIN" --db "$T/cwd/veille.db" stats >/dev/null 2>&1 # settled
before=$(sha256sum "$T/cwd/veille.db" | cut -d' ' -f1)
for cmd in stats "search cacatoès" persons "person Cacatoès" "office ministre" "changes" "events" "related Cacatoès" "quotes Cacatoès"; do
    "$VEILLE_BIN" --db "$T/cwd/veille.db" $cmd >/dev/null 2>&1
done
assert_eq "$before" "$(sha256sum "$T/cwd/veille.db" | cut -d' ' -f1)" "nine reading commands leave the database's file as it was"
finish
