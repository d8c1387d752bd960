#!/usr/bin/env bash
# Idempotent ingest (docs/CLI.md "ingest"): the same folder twice leaves the
# document count unchanged and the second summary says 0 added; the same
# content under another name, or in NFD instead of NFC, is stored once
# (sha-256 of the NFC text).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample

nfiles=$(sample_files | wc -l)
# distinct contents (NFC) among the sample text files
ndistinct=$(sample_files | python3 -c '
import sys, hashlib, unicodedata
seen = set()
for p in sys.stdin.read().split("\n"):
    if p: seen.add(hashlib.sha256(unicodedata.normalize("NFC", open(p, "rb").read().decode("utf-8")).encode()).hexdigest())
print(len(seen))')

run veille ingest "$SAMPLE/dispatches"
assert_rc 0 "first ingest of sample/dispatches"
if parse_summary; then
    assert_eq "$nfiles" "$SUM_READ" "first run: documents read = sample .txt files"
    assert_eq "$ndistinct" "$SUM_ADDED" "first run: added = distinct contents"
    assert_eq "$((nfiles - ndistinct))" "$SUM_ALREADY" "first run: already stored = duplicate contents"
    assert_eq 0 "$SUM_SKIPPED" "first run: skipped"
fi
first=$(stats_documents)
assert_eq "$ndistinct" "$first" "stats documents after the first run"

run veille ingest "$SAMPLE/dispatches"
assert_rc 0 "second ingest of sample/dispatches"
if parse_summary; then
    assert_eq "$nfiles" "$SUM_READ" "second run: documents read"
    assert_eq 0 "$SUM_ADDED" "second run: 0 added"
    assert_eq "$nfiles" "$SUM_ALREADY" "second run: all already stored"
    assert_eq 0 "$SUM_SKIPPED" "second run: skipped"
fi
assert_eq "$first" "$(stats_documents)" "stats documents unchanged by the second run"

# Same content under another name, in another folder.
one=$(sample_files | head -n 1)
mkdir -p "$T/other/deeper"
cp "$one" "$T/other/deeper/renamed.txt"
# The same text in NFD (decomposed accents): same NFC text, same document.
python3 -c '
import sys, unicodedata
t = open(sys.argv[1], "rb").read().decode("utf-8")
n = unicodedata.normalize("NFD", t)
open(sys.argv[2], "wb").write(n.encode("utf-8"))
sys.exit(0 if n != t else 3)' "$one" "$T/other/nfd.txt"
nfd_differs=$?
run veille ingest "$T/other"
assert_rc 0 "ingest of renamed and NFD copies"
if parse_summary; then
    assert_eq 2 "$SUM_READ" "renamed + NFD: 2 read"
    assert_eq 0 "$SUM_ADDED" "renamed + NFD copies: 0 added"
    assert_eq 2 "$SUM_ALREADY" "renamed + NFD copies: 2 already stored"
fi
[ "$nfd_differs" = 0 ] || echo "# note: $one has no decomposable character; NFD copy is identical"
assert_eq "$first" "$(stats_documents)" "stats documents unchanged by copies"

# One changed byte makes a new document.
before=$(stats_documents)
{ cat "$one"; printf '\nUne ligne ajoutée.\n'; } >"$T/changed.txt"
run veille ingest "$T/changed.txt"
assert_rc 0 "ingest of a changed copy"
if parse_summary; then assert_eq 1 "$SUM_ADDED" "changed copy: 1 added"; fi
assert_eq "$((before + 1))" "$(stats_documents)" "changed copy is a new document"

# JSONL twice.
if [ -f "$SAMPLE/dispatches.jsonl" ]; then
    run veille ingest "$SAMPLE/dispatches.jsonl"
    assert_cmp "$RC" -le 1 "ingest of sample/dispatches.jsonl runs"
    after1=$(stats_documents)
    run veille ingest "$SAMPLE/dispatches.jsonl"
    assert_eq "$after1" "$(stats_documents)" "second JSONL ingest leaves documents unchanged"
    if parse_summary; then
        assert_eq 0 "$SUM_ADDED" "second JSONL ingest: 0 added"
        assert_eq "$SUM_READ" "$((SUM_ALREADY + SUM_SKIPPED))" "second JSONL ingest: every line already stored or skipped"
    fi
fi
finish
