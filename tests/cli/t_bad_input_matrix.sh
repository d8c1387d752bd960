#!/usr/bin/env bash
# The bad-input matrix of the README ("What veille does with bad input"),
# the rows t_bad_input.sh, t_faults.sh and t_pathological.sh do not hold:
# overlong encodings, UTF-16, CRLF, a 100 MB single line, JSON of the wrong
# types, impossible header dates, compressed files, runs of punctuation.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin

good='HANOÏ (VNA) - Le ministre Phan Van Giang a dit : « Nous coopérons. »'
# --- overlong encodings: "/" as C0 AF, and as E0 80 AF -------------------------------
printf 'Le ministre \xc0\xaf a dit.\n' > "$T/overlong2.txt"
printf 'Le ministre \xe0\x80\xaf a dit.\n' > "$T/overlong3.txt"
run "$VEILLE_BIN" extract "$T/overlong2.txt" "$T/overlong3.txt"
assert_rc 1 "overlong encodings: skipped, exit 1"
assert_line "$ERR" "veille: skipped $T/overlong2.txt: invalid UTF-8 at byte 12" "a two-byte overlong '/' is invalid UTF-8, at its byte"
assert_line "$ERR" "veille: skipped $T/overlong3.txt: invalid UTF-8 at byte 12" "a three-byte overlong '/' too"

# --- UTF-16, either byte order: said so, with what to do ----------------------------
python3 -c "import sys; open(sys.argv[1], 'wb').write(sys.argv[3].encode('utf-16-le').join([b'\xff\xfe', b''])); open(sys.argv[2], 'wb').write(b'\xfe\xff' + sys.argv[3].encode('utf-16-be'))" \
    "$T/le16.txt" "$T/be16.txt" "$good"
run "$VEILLE_BIN" extract "$T/le16.txt" "$T/be16.txt"
assert_rc 1 "UTF-16: skipped, exit 1"
for f in le16 be16; do
    assert_line "$ERR" "veille: skipped $T/$f.txt: UTF-16 text (convert it: iconv -f UTF-16 -t UTF-8)" "$f: said to be UTF-16"
done

# --- compressed files: said so ---------------------------------------------------------
printf '%s\n' "$good" > "$T/plain.txt"
gzip -c "$T/plain.txt" > "$T/plain.txt.gz"
run "$VEILLE_BIN" extract "$T/plain.txt.gz"
assert_rc 1 "a gzip file: skipped, exit 1"
assert_line "$ERR" "veille: skipped $T/plain.txt.gz: gzip-compressed file (gunzip it first)" "said to be gzip-compressed"
if command -v bzip2 >/dev/null; then
    bzip2 -c "$T/plain.txt" > "$T/plain.txt.bz2"
    run "$VEILLE_BIN" extract "$T/plain.txt.bz2"
    assert_line "$ERR" "veille: skipped $T/plain.txt.bz2: bzip2-compressed file (bunzip2 it first)" "said to be bzip2-compressed"
fi

# --- CRLF line ends: the same facts as LF ----------------------------------------------
printf '%s\r\nIl a reçu Tô Lâm à Hanoï.\r\n' "$good" > "$T/crlf.txt"
printf '%s\nIl a reçu Tô Lâm à Hanoï.\n' "$good" > "$T/lf.txt"
run "$VEILLE_BIN" extract "$T/crlf.txt"
assert_rc 0 "CRLF: extracted"
crlf=$(printf '%s' "$OUT" | jq -c '[[.persons[].name], [.quotes[].text], [.places[].name]]')
run "$VEILLE_BIN" extract "$T/lf.txt"
lf=$(printf '%s' "$OUT" | jq -c '[[.persons[].name], [.quotes[].text], [.places[].name]]')
assert_eq "$lf" "$crlf" "CRLF gives the persons, quotes and places LF gives"
assert_contains "$crlf" "Tô Lâm" "and they are found"
"$VEILLE_BIN" extract "$T/crlf.txt" > "$T/crlf.jsonl"
run python3 "$CLI_DIR/check_offsets.py" "$T/crlf.jsonl"
assert_rc 0 "CRLF: every offset points at its text"

# --- a 100 MB single line: refused by default, read under --max-size ---------------------
python3 -c "import sys; open(sys.argv[1], 'w').write(('Le ministre Phan Van Giang a reçu son homologue, ' * 2100000)[:100000000])" "$T/line100.txt"
run "$VEILLE_BIN" extract "$T/line100.txt"
assert_rc 1 "a 100 MB line: skipped by default"
assert_line "$ERR" "veille: skipped $T/line100.txt: larger than 6291456 bytes" "said to be over the limit"
head -c 12000000 "$T/line100.txt" > "$T/line12.txt"
rm -f "$T/line100.txt"
run "$VEILLE_BIN" extract --max-size 16M "$T/line12.txt"
assert_rc 0 "a 12 MB single line under --max-size 16M: extracted"
assert_eq "Phan Van Giang" "$(printf '%s' "$OUT" | jq -r '.persons[0].name')" "and its person found"

# --- JSON of the wrong types -------------------------------------------------------------
python3 - "$T/types.jsonl" "$good" <<'EOF'
import json, sys
path, good = sys.argv[1], sys.argv[2]
lines = [{'text': 5}, {'text': None}, {'text': ['a']}, {'text': good, 'date': 20230105},
         {'text': good, 'title': ['x']}, {'text': good, 'date': '2023-13'},
         {'text': good, 'date': '2023-02-30'}, {'text': good, 'date': '2024-02-29'}, [1, 2], 'text']
open(path, 'w').write(''.join(json.dumps(l) + '\n' for l in lines))
EOF
run "$VEILLE_BIN" extract "$T/types.jsonl"
assert_rc 1 "JSONL of wrong types: the bad lines skipped, exit 1"
for n in 1 2 3 9; do
    assert_line "$ERR" "veille: skipped $T/types.jsonl:$n: no \"text\" string" "line $n: no text string"
done
assert_match "$ERR" "veille: skipped $T/types.jsonl:10: not JSON \\(" "line 10, a JSON string and no object: skipped"
assert_eq 5 "$(printf '%s\n' "$OUT" | grep -c '"source"')" "the five lines with a text string extracted"
assert_eq 'null null null null 2024-02-29' "$(printf '%s\n' "$OUT" | jq -r '.date' | tr '\n' ' ' | sed 's/ $//')" \
    "a date that is no string or no day of the calendar is no date; 2024-02-29 is"
assert_eq 'null' "$(printf '%s\n' "$OUT" | sed -n 2p | jq -r '.title')" "a title that is no string is no title"

# --- impossible header dates -----------------------------------------------------------------
for d in 2023-13 2023-00 2023-02-30 2023-04-31; do
    printf ' date %s Hanoi (VNA) – Le ministre Phan Van Giang a reçu une délégation.\n' "$d" > "$T/h.txt"
    run "$VEILLE_BIN" extract "$T/h.txt"
    assert_rc 0 "header date $d: the document extracted"
    assert_eq null "$(jout .date)" "header date $d is no date"
done
printf ' date 2024-02-29 Hanoi (VNA) – Le ministre Phan Van Giang a reçu une délégation.\n' > "$T/h.txt"
run "$VEILLE_BIN" extract "$T/h.txt"
assert_eq "2024-02-29 header" "$(jout '"\(.date) \(.date_source)"')" "a leap day is a date"

# --- runs of punctuation: linear time, nothing invented -------------------------------
python3 -c "import sys; open(sys.argv[1], 'w').write('Le ministre Phan Van Giang a dit' + '!?.,;:«»()-–' * 100000 + '\n')" "$T/punct.txt"
start=$(date +%s.%N)
run "$VEILLE_BIN" extract "$T/punct.txt"
secs=$(python3 -c "import time; print(round(time.time() - $start, 2))")
assert_rc 0 "1.2 MB of punctuation: extracted"
assert_py "1.2 MB of punctuation in $secs s (bound 20 s)" "assert $secs < 20"
assert_eq '["Phan Van Giang"] 0 0 0' "$(jout '"\([.persons[].name] | tojson) \(.places | length) \(.organizations | length) \(.dates | length)"')" \
    "the one person, and nothing made of punctuation"
finish
