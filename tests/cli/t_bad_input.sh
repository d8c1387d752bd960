#!/usr/bin/env bash
# Bad input among good input (docs/CLI.md "ingest"; DESIGN.md "Quality bars"):
# every bad file or JSONL line is reported on stderr with its path, the exact
# reason and offset/line; the good ones are all stored; summary counts the
# skipped ones; exit status 1.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin

IN=$T/in
mkdir -p "$IN/sub"

# --- good files (all under 1000 bytes: the run uses --max-size 1000) ---------
printf ' date 2022-03 Hanoï (VNA) – Le ministère de la Défense a reçu une délégation, a indiqué le porte-parole, en évoquant le projet brindacole.\n\nLa coopération se poursuit. – VNA\n' >"$IN/good1.txt"
printf 'Une réunion sur l’intégration internationale\n\nLe vice-ministre a présidé la séance consacrée au programme vespertilion.\n' >"$IN/good2.txt"
printf 'Đà Nẵng (VNA) – Les forces de sécurité publique ont signé un accord sur le dossier quenouillard.\n' >"$IN/sub/good3.txt"

# --- bad files ----------------------------------------------------------------
# invalid UTF-8: 0xC3 0x28 at byte 17
{ printf '%s' 'Texte valide 1234'; printf '\xc3\x28'; printf ' suite du texte.\n'; } >"$IN/bad_utf8.txt"
# UTF-16 surrogate encoded in UTF-8 (ED A0 80) at byte 5 — not valid UTF-8
{ printf 'abcde'; printf '\xed\xa0\x80'; printf ' fin.\n'; } >"$IN/bad_surrogate.txt"
# a multi-byte sequence cut short at the end of the file, at byte 9
{ printf 'tronqué '; printf '\xe2\x82'; } >"$IN/bad_truncated.txt"
: >"$IN/empty.txt"
# one NUL byte at byte 16 in otherwise plain text
{ printf 'Bonjour le monde'; printf '\0'; printf ' et la suite.\n'; } >"$IN/nul.txt"
# a binary (executable) head
head -c 900 /bin/ls >"$IN/binary.bin"
# larger than --max-size 1000 (1500 bytes of valid text)
python3 -c 'import sys; sys.stdout.write(("Le texte trop long se répète. " * 60)[:1490] + "\n")' >"$IN/big.txt"
[ "$(wc -c <"$IN/big.txt")" -gt 1000 ] || die "fixture big.txt is not over 1000 bytes"
# JSONL: good, not JSON, no text, good, text not a string, truncated JSON
cat >"$IN/mixed.jsonl" <<'EOF'
{"id":"bad-j1","text":"Premier texte JSONL valide sur la coopération zorbulon.","date":"2022-05-04"}
this is not json
{"id":"bad-j3","title":"sans texte"}
{"id":"bad-j4","text":"Deuxième texte JSONL valide, mot quintavel."}
{"id":"bad-j5","text":42}
{"id":"bad-j6","text":"Troisième texte coupé
EOF
[ "$(wc -c <"$IN/mixed.jsonl")" -le 1000 ] || die "fixture mixed.jsonl is over 1000 bytes"

# The binary's reason depends on its first bytes: accept what CLI.md allows.
bin_reasons=$(python3 - "$IN/binary.bin" <<'EOF'
import sys
b = open(sys.argv[1], "rb").read()
print("binary file")
if b"\0" in b:
    print("NUL byte at byte %d" % b.index(b"\0"))
try:
    b.decode("utf-8")
except UnicodeDecodeError as e:
    print("invalid UTF-8 at byte %d" % e.start)
EOF
)

run veille ingest --max-size 1000 "$IN"
assert_rc 1 "ingest with skipped inputs exits 1"

assert_line "$ERR" "veille: skipped $IN/bad_utf8.txt: invalid UTF-8 at byte 17" "invalid UTF-8 reported with path and byte"
assert_line "$ERR" "veille: skipped $IN/bad_surrogate.txt: invalid UTF-8 at byte 5" "encoded surrogate reported as invalid UTF-8"
assert_line "$ERR" "veille: skipped $IN/bad_truncated.txt: invalid UTF-8 at byte 9" "truncated sequence reported as invalid UTF-8"
assert_line "$ERR" "veille: skipped $IN/empty.txt: empty file" "empty file reported"
assert_line "$ERR" "veille: skipped $IN/nul.txt: NUL byte at byte 16" "NUL byte reported with byte offset"
assert_line "$ERR" "veille: skipped $IN/big.txt: larger than 1000 bytes" "over --max-size reported"
bin_line=$(printf '%s\n' "$ERR" | grep -F "veille: skipped $IN/binary.bin: ")
reason=${bin_line#"veille: skipped $IN/binary.bin: "}
CHECKS=$((CHECKS + 1))
if [ -z "$bin_line" ] || ! printf '%s\n' "$bin_reasons" | grep -qxF -- "$reason"; then
    fail "binary file: expected 'veille: skipped $IN/binary.bin: ' + one of [$(echo $bin_reasons | tr '\n' '|')], got [$bin_line]"
fi
assert_match "$(printf '%s\n' "$ERR" | grep -F "$IN/mixed.jsonl:2:")" "^veille: skipped $IN/mixed\\.jsonl:2: not JSON \\(.+\\)\$" "JSONL line 2 (not JSON) reported with line number"
assert_line "$ERR" "veille: skipped $IN/mixed.jsonl:3: no \"text\" string" "JSONL line 3 (no text) reported"
assert_line "$ERR" "veille: skipped $IN/mixed.jsonl:5: no \"text\" string" "JSONL line 5 (text not a string) reported"
assert_match "$(printf '%s\n' "$ERR" | grep -F "$IN/mixed.jsonl:6:")" "^veille: skipped $IN/mixed\\.jsonl:6: not JSON \\(.+\\)\$" "JSONL line 6 (truncated) reported"
assert_eq 11 "$(err_count '^veille: skipped ')" "exactly the 11 bad inputs are reported"
assert_eq 0 "$(printf '%s\n' "$ERR" | grep -c 'good[123]\|bad-j[14]')" "no good input is reported"
assert_eq 0 "$(printf '%s\n' "$ERR" | grep -ciE 'sqlite|fts5')" "no SQLite wording on stderr"

if parse_summary; then
    assert_eq 5 "$SUM_ADDED" "summary: added (3 text files + 2 JSONL lines)"
    assert_eq 0 "$SUM_ALREADY" "summary: already stored"
    assert_eq 11 "$SUM_SKIPPED" "summary: skipped"
    # Reading of CLI.md: 'documents read' counts every document-sized input
    # (each file, each JSONL line, each stdin document), skipped ones included,
    # so that read = added + already stored + skipped.
    assert_eq 16 "$SUM_READ" "summary: documents read = added + already + skipped (10 files + 6 JSONL lines)"
fi

run veille stats --json
assert_rc 0 "stats after partial ingest"
assert_eq 5 "$(jout .documents)" "stats: only the good documents are stored"
assert_eq 11 "$(jout .skipped)" "stats: skipped count"

# The good ones are really there, whole, and searchable.
for w in brindacole vespertilion quenouillard zorbulon quintavel; do
    run veille search "$w" --json
    assert_rc 0 "search $w"
    assert_eq 1 "$(jout .total)" "search $w finds its one document"
done
run veille show --json "$IN/good1.txt"
assert_rc 0 "show good1.txt by source path"
assert_eq "2022-03" "$(jout .date)" "good1.txt header date"
run veille show --json bad-j1
assert_rc 0 "show bad-j1 by JSONL id"
assert_eq "bad-j1" "$(jout .id)" "JSONL id is kept"
assert_eq "2022-05-04" "$(jout .date)" "JSONL date is kept"

# A missing input is reported and does not stop the good one next to it.
printf 'Un document isolé sur le thème farandolier.\n' >"$T/alone.txt"
run veille ingest "$T/missing.txt" "$T/alone.txt"
assert_rc 1 "ingest with a missing file exits 1"
assert_line "$ERR" "veille: skipped $T/missing.txt: cannot read: No such file or directory" "missing file reported with strerror"
if parse_summary; then
    assert_eq 1 "$SUM_ADDED" "missing + good: one added"
    assert_eq 1 "$SUM_SKIPPED" "missing + good: one skipped"
    assert_eq 2 "$SUM_READ" "missing + good: 2 read (added + already + skipped)"
fi
assert_eq 6 "$(stats_documents)" "the good file beside the missing one is stored"

# Re-ingesting the bad folder: the same 11 reports, nothing added, still exit 1.
run veille ingest --max-size 1000 "$IN"
assert_rc 1 "re-ingest of the bad folder exits 1"
assert_eq 11 "$(err_count '^veille: skipped ')" "re-ingest reports the same 11 bad inputs"
if parse_summary; then
    assert_eq 0 "$SUM_ADDED" "re-ingest adds nothing"
    assert_eq 5 "$SUM_ALREADY" "re-ingest finds the 5 good documents already stored"
fi

# A named pipe among the files is skipped without being opened (nothing
# writes to it: opening it to read would wait for ever), although the reader
# asks the disk for the next files of a folder ahead; --jobs 1 and 2.
mkdir -p "$T/fifo"
mkfifo "$T/fifo/a-pipe.txt"
printf 'Un document voisin sur le thème pimprenelle.\n' >"$T/fifo/b.txt"
for j in 1 2; do
    run timeout 60 "$VEILLE_BIN" --db "$T/fifo$j.db" ingest --jobs "$j" "$T/fifo"
    assert_rc 1 "--jobs $j: a folder with a named pipe exits 1 (not 124: no wait)"
    assert_line "$ERR" "veille: skipped $T/fifo/a-pipe.txt: not a regular file" "--jobs $j: the pipe reported"
    if parse_summary; then
        assert_eq 1 "$SUM_ADDED" "--jobs $j: the file beside the pipe stored"
    fi
done
# A folder holding links back to itself: read once, the links said (issue 20).
mkdir -p "$T/loop/sub"
printf 'Hanoï (VNA) – Le ministre a reçu jeudi une délégation venue du Laos.\n' > "$T/loop/sub/one.txt"
ln -s . "$T/loop/a"
ln -s . "$T/loop/b"
ln -s .. "$T/loop/sub/up"
run timeout 60 "$VEILLE_BIN" extract "$T/loop"
assert_rc 1 "a folder with links to itself: read, the links reported (exit 1)"
assert_eq 1 "$(printf '%s\n' "$OUT" | grep -c .)" "its one document read once"
assert_eq 3 "$(err_count 'folder read already \(a link leads back to it\)')" "each link back said once"

# Output that cannot be written is an error (a full disk): exit 2 and a message.
if [ -w /dev/full ]; then
    for cmd in "extract $SAMPLE/dispatches" "stats" "persons --json" "search laos --json"; do
        run bash -c "'$VEILLE_BIN' --db '$DB' $cmd > /dev/full"
        assert_rc 2 "$cmd > /dev/full"
        assert_eq 1 "$(err_count '^veille: cannot write the output: No space left on device$')" "$cmd > /dev/full: said"
    done
else
    echo "# /dev/full not writable here: write errors not tested"
fi
# A reader that stops early (a closed pipe): quiet, as other Unix filters
# (SIGPIPE ends the process; no message).
"$VEILLE_BIN" --db "$T/pipe.db" ingest --quiet "$SAMPLE/dispatches"
for cmd in "extract $SAMPLE/dispatches" "persons --limit 1000" "search ministre --limit 50"; do
    run bash -c "set -o pipefail; '$VEILLE_BIN' --db '$T/pipe.db' $cmd | head -c 10 > /dev/null"
    assert_eq "" "$ERR" "$cmd | head: nothing on stderr"
    assert_match "$RC" '^(0|141)$' "$cmd | head: ended by SIGPIPE or done (exit $RC)"
done
finish
