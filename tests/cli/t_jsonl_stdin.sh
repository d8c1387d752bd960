#!/usr/bin/env bash
# Standard input (docs/CLI.md "ingest"; DESIGN.md "Input formats"):
# `ingest - < file` stores one text document; `ingest --jsonl - < file.jsonl`
# stores one document per line, keeping id, date, title; offsets of the JSONL
# document refer to its `text` field.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin

# --- one text document on stdin -------------------------------------------------
printf ' date 2022-05 Hanoï (VNA) – Le vice-ministre de la Défense a reçu une délégation venue parler du projet gribouillette.\n\nLa séance a duré deux heures. – VNA\n' >"$T/one.txt"
run veille ingest - <"$T/one.txt"
assert_rc 0 "ingest - (text on stdin)"
if parse_summary; then
    assert_eq 1 "$SUM_READ" "stdin text: 1 document read"
    assert_eq 1 "$SUM_ADDED" "stdin text: 1 added"
fi
run veille stats --json
assert_eq 1 "$(jout .documents)" "stdin text: stats documents"
assert_eq "2022-05" "$(jout .first_date)" "stdin text: header date read from stdin"
run veille search gribouillette --json
assert_eq 1 "$(jout .total)" "stdin text: document is searchable"

# The same text again, as a file this time: same content, stored once.
run veille ingest "$T/one.txt"
assert_rc 0 "ingest of the same text from a file"
if parse_summary; then
    assert_eq 0 "$SUM_ADDED" "same text from a file: 0 added"
    assert_eq 1 "$SUM_ALREADY" "same text from a file: 1 already stored"
fi
assert_eq 1 "$(stats_documents)" "same text from stdin and a file is stored once"

# --- JSONL on stdin ----------------------------------------------------------------
cat >"$T/docs.jsonl" <<'EOF'
{"id":"stdin-a","text":"Le général Phan Văn Giang, ministre de la Défense, a reçu l’ambassadeur à propos du dossier cormoranier.","date":"2023-06-02","title":"Rencontre à Hanoï","url":"https://example.org/a"}
{"id":"stdin-b","text":"Le vice-ministre Hoàng Xuân Chiên a présidé la réunion sur le programme cormoranier.","date":"2021-12"}
{"id":"stdin-c","text":"Trần Lưu Quang, vice-Premier ministre, a salué les résultats obtenus."}
{"text":"Un document sans identifiant ni date, sur le dossier pétaradier."}
EOF
run veille ingest --jsonl - <"$T/docs.jsonl"
assert_rc 0 "ingest --jsonl -"
if parse_summary; then
    assert_eq 4 "$SUM_READ" "stdin JSONL: 4 documents read"
    assert_eq 4 "$SUM_ADDED" "stdin JSONL: 4 added"
fi
assert_eq 5 "$(stats_documents)" "stdin JSONL: 4 more documents"

run veille show --json stdin-a
assert_rc 0 "show stdin-a"
assert_eq "stdin-a" "$(jout .id)" "JSONL id kept"
assert_eq "2023-06-02" "$(jout .date)" "JSONL date kept"
assert_eq "metadata" "$(jout .date_source)" "JSONL date comes from metadata"
assert_eq "Rencontre à Hanoï" "$(jout .title)" "JSONL title kept"
printf '%s' "$OUT" >"$T/show_a.json"
assert_py "stdin-a blocks slice the JSONL text" '
import json, util
d = util.load_json(sys.argv[1])
text = json.loads(open(sys.argv[2], encoding="utf-8").readline())["text"]
if not d.get("blocks"): print("no blocks")
for b in d.get("blocks", []):
    if text[b["start"]:b["end"]] != b["text"]:
        print("block %r [%d,%d) != text slice %r" % (b["text"], b["start"], b["end"], text[b["start"]:b["end"]]))
' "$T/show_a.json" "$T/docs.jsonl"

run veille show --json stdin-b
assert_eq "2021-12" "$(jout .date)" "stdin-b partial date kept"

run veille search cormoranier --json
assert_eq 2 "$(jout .total)" "search finds both JSONL documents with the word"
assert_eq "stdin-a,stdin-b" "$(jout '[.hits[].id] | sort | join(",")')" "search hit ids are the JSONL ids"

# Without an id the id is a stable hash of the text: the same after a re-ingest.
run veille search pétaradier --json
id1=$(jout '.hits[0].id')
assert_match "$id1" '^.+$' "id given to a JSONL line without id"

# Same JSONL again: nothing added.
run veille ingest --jsonl - <"$T/docs.jsonl"
assert_rc 0 "second ingest --jsonl -"
if parse_summary; then
    assert_eq 0 "$SUM_ADDED" "stdin JSONL again: 0 added"
    assert_eq 4 "$SUM_ALREADY" "stdin JSONL again: 4 already stored"
fi
assert_eq 5 "$(stats_documents)" "stdin JSONL again: documents unchanged"
run veille search pétaradier --json
assert_eq "$id1" "$(jout '.hits[0].id')" "id of a JSONL line without id is stable"

# A JSONL file given by name (not stdin) is read as JSONL by its extension.
cat >"$T/more.jsonl" <<'EOF'
{"id":"file-a","text":"Premier document du fichier sur le thème ornithoptère."}
{"id":"file-b","text":"Second document du fichier sur le thème ornithoptère."}
EOF
run veille ingest "$T/more.jsonl"
assert_rc 0 "ingest FILE.jsonl"
assert_eq 7 "$(stats_documents)" "FILE.jsonl: one document per line"

# Bad JSONL on stdin: reported with a line number, exit 1.
printf '{"id":"ok-1","text":"Texte correct numéro un."}\n{oops\n' >"$T/bad.jsonl"
run veille ingest --jsonl - <"$T/bad.jsonl"
assert_rc 1 "bad JSONL on stdin exits 1"
assert_match "$(printf '%s\n' "$ERR" | grep '^veille: skipped ')" '^veille: skipped [^ ]*:2: not JSON \(.+\)$' "bad stdin JSONL line reported as PATH:2: not JSON (...)"
assert_eq 8 "$(stats_documents)" "good line before the bad one is stored"

# Empty stdin is an empty document: skipped, exit 1.
run veille ingest - </dev/null
assert_rc 1 "empty stdin exits 1"
assert_match "$(printf '%s\n' "$ERR" | grep '^veille: skipped ')" '^veille: skipped [^ ]+: empty file$' "empty stdin reported as empty file"
finish
