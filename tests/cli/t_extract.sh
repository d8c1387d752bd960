#!/usr/bin/env bash
# veille extract: one record per document, streaming; every mention's offsets
# slice the original text exactly (sample corpus, and the dev corpus and
# seeds when ../shared is there); bad input is reported, not fatal.
. "$(dirname "$0")/lib.sh"
require_bin
require_sample

run "$VEILLE_BIN" extract "$SAMPLE"
assert_rc 0 "extract of the sample"
printf '%s\n' "$OUT" > "$T/sample.jsonl"
n_files=$(find "$SAMPLE" -name '*.txt' | wc -l)
n_jsonl=$(grep -c . "$SAMPLE/dispatches.jsonl")
assert_eq "$((n_files + n_jsonl))" "$(grep -c . "$T/sample.jsonl")" "one record per sample document"
assert_json "$(head -1 "$T/sample.jsonl")" "a record is JSON"
assert_eq "id source date date_source title persons organizations places dates amounts quotes events" \
    "$(head -1 "$T/sample.jsonl" | jq -r 'keys_unsorted | join(" ")')" "record fields in contract order"
run python3 "$CLI_DIR/check_offsets.py" "$T/sample.jsonl"
assert_rc 0 "sample offsets: $OUT"
persons=$(jq -s '[.[].persons | length] | add' "$T/sample.jsonl")
assert_cmp "$persons" -gt 50 "the sample names more than 50 persons"

# A person the sample names with a title, in a file written for that purpose.
f=$(grep -l "Lương Tam Quang" "$SAMPLE"/dispatches/*.txt | head -1)
run "$VEILLE_BIN" extract "$f"
assert_eq "1" "$(printf '%s' "$OUT" | jq '[.persons[] | select(.key == "luong tam quang")] | length')" \
    "Lương Tam Quang is one person of $f"

if [ -d "$SHARED/corpus/dev" ]; then
    run "$VEILLE_BIN" extract "$SHARED/corpus/dev" "$SHARED/seeds"
    assert_rc 0 "extract of the dev corpus and seeds"
    printf '%s\n' "$OUT" > "$T/dev.jsonl"
    run python3 "$CLI_DIR/check_offsets.py" "$T/dev.jsonl"
    assert_rc 0 "dev offsets: $OUT"
else
    echo "skip: $SHARED/corpus/dev not found (dev offsets not checked)"
fi

# A document's record does not hang on the documents read before it: the
# files in one order and in the other give the same records (the token past
# a document's end was once memory the document before had left, and
# `ingest --jobs 2` stored different organisations from run to run).
order_check() { # label, files...
    local label=$1
    shift
    "$VEILLE_BIN" extract "$@" 2>/dev/null | jq -c -s 'sort_by(.source)[]' > "$T/fwd.jsonl"
    local rev=()
    for ((k = $#; k >= 1; k--)); do rev+=("${!k}"); done
    "$VEILLE_BIN" extract "${rev[@]}" 2>/dev/null | jq -c -s 'sort_by(.source)[]' > "$T/rev.jsonl"
    assert_cmp "$(grep -c . "$T/fwd.jsonl")" -gt 1 "$label: records to compare"
    assert_eq "$(md5sum < "$T/fwd.jsonl")" "$(md5sum < "$T/rev.jsonl")" \
        "$label: the same records in either order"
}
mapfile -t files < <(find "$SAMPLE" -name '*.txt' | LC_ALL=C sort)
order_check "sample" "${files[@]}"
if [ -d "$SHARED/corpus/unlabeled" ]; then
    mapfile -t files < <(find "$SHARED/corpus/unlabeled" "$SHARED/corpus/dev" -name '*.txt' | LC_ALL=C sort)
    order_check "unlabeled and dev" "${files[@]}"
    # the case that showed it: a dispatch that defines an acronym, read
    # after two others, named its body by the lexicon's expansion
    u="$SHARED/corpus/unlabeled"
    if [ -f "$u/u0174.txt" ] && [ -f "$u/u0756.txt" ] && [ -f "$u/u0620.txt" ]; then
        assert_eq "$("$VEILLE_BIN" extract "$u/u0174.txt" | md5sum)" \
            "$("$VEILLE_BIN" extract "$u/u0756.txt" "$u/u0620.txt" "$u/u0174.txt" | tail -n 1 | md5sum)" \
            "u0174 alone and after u0756, u0620: the same record"
    fi
else
    echo "skip: $SHARED/corpus/unlabeled not found (order of the real dispatches not checked)"
fi

# Bad input among good: reported, skipped, the rest extracted.
mkdir -p "$T/in"
cp "$f" "$T/in/good.txt"
printf 'abc\xc3\x28def' > "$T/in/bad.txt"
: > "$T/in/empty.txt"
run "$VEILLE_BIN" extract "$T/in"
assert_rc 1 "extract with bad inputs"
assert_eq 1 "$(printf '%s\n' "$OUT" | grep -c .)" "the good document's record is printed"
assert_contains "$ERR" "veille: skipped $T/in/bad.txt: invalid UTF-8 at byte 3" "bad UTF-8 reported"
assert_contains "$ERR" "veille: skipped $T/in/empty.txt: empty file" "empty file reported"


# A dispatch without header or metadata date takes one from its text (date_source "text"): a
# publication stamp in its first lines, or a full date whose weekday agrees
# in its lead; its dates without a year stay XXXX. A date recalled from
# history, without weekday or time, dates nothing; a header wins.
mkdir -p "$T/dated"
printf 'Le Vietnam et la Mongolie renforcent leurs liens\nMardi, 14/03/2023 09:15 (GMT+7)\nHanoï (VNA) - Le vice-ministre Tran Van Khoa a reçu le 12 mars une délégation mongole.\n' > "$T/dated/stamp.txt"
printf 'Oulan-Bator (VNA) - Ce mardi 14 mars 2023, le ministre Tran Van Khoa a reçu le 12 mars une délégation.\n' > "$T/dated/weekday.txt"
printf 'Hanoï (VNA) - Les deux pays ont établi leurs relations le 17 novembre 1954 et le ministre Tran Van Khoa le rappelle le 12 mars.\n' > "$T/dated/history.txt"
printf ' date 2022-05 Ce mardi 14 mars 2023, le ministre Tran Van Khoa a parlé.\n' > "$T/dated/header.txt"
got=
for k in stamp weekday history header; do
    run "$VEILLE_BIN" extract "$T/dated/$k.txt"
    got="$got $k:$(jout '"\(.date) \(.date_source) \([.dates[].value] | join(","))"')"
done
# a stamp is looked for in the first 1,500 bytes only, even on one long line
python3 -c "import sys; open(sys.argv[1], 'w').write('Hanoï (VNA) - ' + 'mot ' * 500 + 'le 30/12/2019 22:32.\\n')" "$T/dated/far.txt"
run "$VEILLE_BIN" extract "$T/dated/far.txt"
assert_eq "null null" "$(jout '"\(.date) \(.date_source)"')" "a stamp past the first 1,500 bytes dates nothing"
assert_eq " stamp:2023-03-14 text XXXX-03-12 weekday:2023-03-14 text 2023-03-14,XXXX-03-12 history:null null 1954-11-17,XXXX-03-12 header:2022-05 header 2023-03-14" \
    "$got" "dates from the text for undated dispatches only; XXXX kept"

# One body, one key: lines of data/organizations.tsv that share an acronym,
# or that name the same body ("Politburo"), give the first one's key.
run "$VEILLE_BIN" extract - <<<"Hanoï (VNA) - Le Politburo s'est réuni. Le Parti communiste vietnamien a salué le travail du Parti communiste du Vietnam et du Bureau politique."
assert_eq "bureau politique,parti communiste du vietnam" "$(jout '[.organizations[].key] | unique | join(",")')" \
    "Politburo and Bureau politique, the two names of the Party: two keys"

# stdin
run "$VEILLE_BIN" extract - < "$f"
assert_rc 0 "extract from stdin"
assert_eq "-" "$(printf '%s' "$OUT" | jq -r .source)" "stdin source is -"
finish
