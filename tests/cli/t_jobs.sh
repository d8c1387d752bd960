#!/usr/bin/env bash
# `ingest --jobs N` stores what `--jobs 1` stores: the same rows with the
# same ids in every table (documents, facts, knowledge base, the FTS5
# index's own tables), the same skips in the same order, the same counts.
# The input mixes folders, JSONL, duplicates, bad inputs and a document over
# 1 MB; small batches and more threads than cores make the threads
# interleave.
. "$(dirname "$0")/lib.sh"
require_bin
mkdir -p "$T/in/a" "$T/in/b"
cp -r "$SAMPLE"/. "$T/in/a/"
cp "$SAMPLE"/*.txt "$T/in/b/" 2>/dev/null # duplicates of a/
printf '\x00\x01binary' > "$T/in/a/zz-binary.txt"
: > "$T/in/a/zz-empty.txt"
# over 1 MB: analysed alone, its full-text terms left to the writer
python3 -c "import sys; open(sys.argv[1], 'w').write('Hanoï (VNA) – Le vice-ministre Tran Van Binh a rencontré ses homologues. ' * 15000)" "$T/in/a/m-long.txt"
printf '{"id":"j1","title":"Un titre","text":"Hanoï (VNA) – Le ministre Nguyen Van An a reçu une délégation."}\nnot json\n{"id":"j2","text":""}\n' > "$T/in/b/x.jsonl"
inputs=("$T/in/a" "$T/in/b")
for d in "$SHARED/corpus/dev" "$SHARED/corpus/unlabeled" "$SHARED/seeds"; do
    [ -d "$d" ] && inputs+=("$d")
done
for j in 1 2 5; do
    "$VEILLE_BIN" --db "$T/j$j.db" ingest --jobs "$j" --batch 7 "${inputs[@]}" \
        > "$T/j$j.out" 2> "$T/j$j.err"
    echo $? > "$T/j$j.rc"
    sed -E 's/ in [0-9.]+ s \([0-9.]+ MB\/s\)//' "$T/j$j.err" > "$T/j$j.msgs"
    python3 "$CLI_DIR/db_digest.py" "$T/j$j.db" > "$T/j$j.digest"
done
assert_eq 1 "$(cat "$T/j1.rc")" "--jobs 1 exits 1 (inputs skipped)"
assert_cmp "$(grep -c '^documents ' "$T/j1.digest")" -eq 1 "digest lists documents"
assert_py "--jobs 1 stored documents and facts" "
rows = {l.split()[0]: int(l.split()[1]) for l in open('$T/j1.digest')}
assert rows['documents'] >= 30 and rows['facts'] > 500 and rows['kb_persons'] > 20, rows
assert rows['skipped'] >= 3, rows"
for j in 2 5; do
    assert_eq "$(cat "$T/j1.rc")" "$(cat "$T/j$j.rc")" "--jobs $j exit status"
    assert_eq "$(cat "$T/j1.digest")" "$(cat "$T/j$j.digest")" "--jobs $j: every table as with --jobs 1"
    assert_eq "$(cat "$T/j1.msgs")" "$(cat "$T/j$j.msgs")" "--jobs $j: the same skips, in order, and counts"
done
finish
