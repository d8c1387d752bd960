#!/usr/bin/env bash
# The database read with the sqlite3 shell (docs/SCHEMA.md). With the
# loadable extension veille.so (built next to the CLI): the counts of
# documents, knowledge-base persons and facts are veille's own; every row
# of the facts table is the pack as tests/cli/facts_pack.py reads it; a
# MATCH on doc_fts finds, ranks, scores and cuts snippets as `veille search`;
# the office query gives `veille office`'s holders; each example of
# SCHEMA.md prints the output written under it; a second .load is harmless;
# a missing data folder is a message. Without the extension, the plain
# tables read, and facts, doc_fts, fact_index and fts_content fail with
# what is missing: why the extension exists.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample
command -v sqlite3 >/dev/null 2>&1 || skip "no sqlite3 shell (apt-get install sqlite3)"
EXT=$(dirname "$VEILLE_BIN")/veille.so
[ -f "$EXT" ] || skip "no $EXT (the CMake target veille_sqlite writes it next to the CLI)"

# A module built with ASan (the test build) needs ASan's runtime loaded
# before any other library, and the shell is not built with it: the shell
# runs with the runtime preloaded, and LeakSanitizer checks its process,
# the extension's state freed with each connection included. clang links
# that runtime into executables only: its modules cannot be loaded here.
PRELOAD=
if ldd "$EXT" 2>/dev/null | grep -q 'libasan'; then
    PRELOAD=$(ldd "$EXT" | awk '$1 ~ /^libasan/ { print $3; exit }')
    [ -f "$PRELOAD" ] || skip "$EXT needs ASan's runtime, which ldd does not find"
elif nm -D --undefined-only "$EXT" 2>/dev/null | grep -q ' __asan_'; then
    skip "$EXT is built with clang's ASan, whose runtime the sqlite3 shell cannot load"
fi

# xsql ARGS... — the shell on $DB, read-only, the extension loaded; ARGS are
# dot-commands and SQL, run in order.
xsql() { LD_PRELOAD=$PRELOAD sqlite3 -readonly "$DB" ".load '$EXT'" "$@"; }
# plain ARGS... — the shell on $DB without the extension.
plain() { sqlite3 -readonly "$DB" "$@"; }

run veille ingest "$SAMPLE/dispatches"
assert_rc 0 "ingest sample/dispatches" || die "cannot ingest the sample"

run xsql "SELECT vl_data_dir()"
assert_rc 0 ".load of the extension" || die "the shell cannot load $EXT"
if [ -n "${VEILLE_DATA:-}" ]; then
    assert_eq "$VEILLE_DATA" "$OUT" "vl_data_dir() is \$VEILLE_DATA"
fi

# --- counts: documents, persons of the knowledge base, facts ----------------------
run veille stats --json
assert_rc 0 "stats --json"
documents=$(jout .documents)
assert_cmp "${documents:-0}" -gt 0 "stats: documents"
run xsql "SELECT count(*) FROM documents"
assert_eq "$documents" "$OUT" "documents in the shell = stats --json .documents"

run veille persons --limit 100000 --json
assert_rc 0 "persons --json"
persons=$(jout '.persons | length')
assert_cmp "${persons:-0}" -gt 0 "persons --json: persons"
run xsql "SELECT count(*) FROM kb_persons"
assert_eq "$persons" "$OUT" "kb_persons in the shell = persons --json"

# the facts of each kind: what `veille extract` gives the same documents
"$VEILLE_BIN" extract "$SAMPLE/dispatches" >"$T/records.jsonl" 2>"$T/extract.err" ||
    die "veille extract of the sample failed: $(head -c 300 "$T/extract.err")"
expected=$(jq -rs 'unique_by(.id) | {
    person: (map(.persons | length) | add),
    title: (map(.persons[].titles | length) | add),
    rank: (map(.persons[].ranks | length) | add),
    departure: ([.[].persons[] | select(.departure)] | length),
    org: (map(.organizations | length) | add),
    place: (map(.places | length) | add),
    date: (map(.dates | length) | add),
    amount: (map(.amounts | length) | add),
    quote: (map(.quotes | length) | add)
  } | to_entries | map(select(.value > 0)) | sort_by(.key) | .[] | "\(.key) \(.value)"' \
    "$T/records.jsonl")
run xsql ".separator ' '" "SELECT kind, count(*) FROM facts GROUP BY kind ORDER BY kind"
assert_rc 0 "facts by kind"
assert_eq "$expected" "$OUT" "facts by kind in the shell = the records of veille extract"
total=$(printf '%s\n' "$expected" | awk '{ n += $2 } END { print n + 0 }')
run xsql "SELECT count(*) FROM facts"
assert_eq "$total" "$OUT" "count(*) FROM facts"
assert_cmp "$total" -gt 100 "facts of the sample"

# every row, in order, is the pack's fact (facts_pack.py reads doc_facts
# with Python's sqlite3, without the extension)
run xsql ".mode json" "SELECT * FROM facts"
assert_rc 0 "SELECT * FROM facts"
printf '%s' "$OUT" >"$T/facts.json"
assert_py "every fact as the packs hold it" '
import json, facts_pack, sqlite3
got = json.load(open(sys.argv[1], encoding="utf-8"))
want = list(facts_pack.rows(sqlite3.connect(sys.argv[2])))
cols = ["doc_id", "kind", "key", "name", "value", "status", "num", "start", "end", "office", "date"]
if len(got) != len(want): print("%d rows, the packs hold %d facts" % (len(got), len(want)))
bad = 0
for i, (g, w) in enumerate(zip(got, want)):
    if sorted(g) != sorted(cols): print("row %d columns %s" % (i, sorted(g))); break
    for c, v in zip(cols, w):
        x = g[c]
        same = abs(x - v) <= 1e-9 * max(1.0, abs(v)) if c == "num" else x == v
        if not same:
            bad += 1
            if bad <= 5: print("row %d (doc %s) %s: %r, the pack says %r" % (i, w[0], c, x, v))
if bad > 5: print("... %d differences in all" % bad)
' "$T/facts.json" "$DB"

# --- full text: as veille search finds and ranks ------------------------------------
WORD=homologue
run veille search "$WORD" --json --limit 100
assert_rc 0 "search $WORD --json"
printf '%s' "$OUT" >"$T/search.json"
run xsql ".mode json" "SELECT d.uid AS id, -vl_rank(doc_fts, 8.0, 1.0, 0.25) AS score,
    -bm25(doc_fts, 8.0, 1.0, 0.25) AS bm25,
    vl_snippet(doc_fts, -1, '[', ']', '…', 20) AS snippet
  FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid
  WHERE doc_fts MATCH '$WORD' ORDER BY vl_rank(doc_fts, 8.0, 1.0, 0.25), doc_fts.rowid"
assert_rc 0 "MATCH '$WORD' with vl_rank and vl_snippet"
printf '%s' "${OUT:-[]}" >"$T/match.json"
assert_py "MATCH '$WORD' in the shell = search $WORD --json" '
import json
s = json.load(open(sys.argv[1], encoding="utf-8"))
m = json.load(open(sys.argv[2], encoding="utf-8"))
if len(m) < 2: print("%d rows match: pick a word found in several documents" % len(m))
if s.get("total") != len(m): print("search total %r, the shell finds %d rows" % (s.get("total"), len(m)))
if [h["id"] for h in s["hits"]] != [r["id"] for r in m]:
    print("documents %s, search gives %s" % ([r["id"] for r in m], [h["id"] for h in s["hits"]]))
for h, r in zip(s["hits"], m):
    if abs(h["score"] - r["score"]) > 1e-9 * abs(h["score"]): print("%s: score %r, search %r" % (r["id"], r["score"], h["score"]))
    if r["bm25"] != r["score"]: print("%s: vl_rank %r, bm25 %r" % (r["id"], r["score"], r["bm25"]))
    if h["snippet"] != r["snippet"]: print("%s: snippet %r, search %r" % (r["id"], r["snippet"], h["snippet"]))
' "$T/search.json" "$T/match.json"
# the tokenizer folds and stems the query as veille does
run xsql "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'HOMOLOGUES'"
assert_eq "$(jq -r .total "$T/search.json")" "$OUT" "MATCH 'HOMOLOGUES' (case, plural)"
run xsql "SELECT count(*) FROM fts_content WHERE body LIKE '%homologue%' OR title LIKE '%homologue%'"
assert_cmp "${OUT:-0}" -gt 0 "fts_content reads through vl_part"

# --- the knowledge base: the office query of SCHEMA.md = veille office ---------------
run veille office 'ministre des Affaires étrangères' --json
assert_rc 0 "office --json"
want=$(jout -r '.holders[] | [.name, .start, (.end // ""), (.end_cause // "")] | join("|")')
run xsql "SELECT p.name, t.start, t.ended, t.end_cause
  FROM kb_tenures t JOIN kb_persons p ON p.key = t.key
  WHERE t.office = 'ministre|affaires etrangeres|VN' ORDER BY t.start, t.key"
assert_eq "$want" "$OUT" "kb_tenures of the foreign minister = office --json holders"

# --- the examples of docs/SCHEMA.md, each with the output written under it -------------
python3 - "$REPO/docs/SCHEMA.md" "$T" <<'EOF' || fail "cannot read the examples of docs/SCHEMA.md"
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
pairs = re.findall(r"```sql\n((?:(?!```).)*)```\n\s*```text\n((?:(?!```).)*)```", doc, re.S)
for i, (sql, out) in enumerate(pairs, 1):
    open("%s/example%d.sql" % (sys.argv[2], i), "w", encoding="utf-8").write(sql)
    open("%s/example%d.out" % (sys.argv[2], i), "w", encoding="utf-8").write(out)
EOF
n=0
for f in "$T"/example*.sql; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    run xsql ".headers on" "$(cat "$f")"
    assert_rc 0 "SCHEMA.md example $n" || continue
    assert_eq "$(cat "${f%.sql}.out")" "$OUT" "SCHEMA.md example $n ($(head -n 1 "$f"))"
done
assert_cmp "$n" -ge 4 "examples with their output in docs/SCHEMA.md"

# --- loading twice; a missing data folder --------------------------------------------
run xsql ".load '$EXT'" "SELECT count(*) FROM facts WHERE kind = 'person'"
assert_rc 0 "a second .load"
assert_eq "$(printf '%s\n' "$expected" | awk '$1 == "person" { print $2 }')" "$OUT" \
    "person facts after a second .load"
# the shell leaves its connection open when it stops on an error: no leak check
run env ASAN_OPTIONS=detect_leaks=0 VEILLE_DATA="$T/no-data" LD_PRELOAD="$PRELOAD" \
    sqlite3 -readonly "$DB" ".load '$EXT'" "SELECT 1"
assert_ne 0 "$RC" ".load without lexicons fails"
assert_contains "$ERR" "veille: cannot load the lexicons" ".load without lexicons: message"

# --- without the extension ------------------------------------------------------------
run plain "SELECT count(*) FROM documents"
assert_rc 0 "without the extension: documents"
assert_eq "$documents" "$OUT" "without the extension: documents"
run plain "SELECT count(*) FROM kb_persons"
assert_eq "$persons" "$OUT" "without the extension: kb_persons"
run plain "SELECT count(*) FROM events WHERE id IN (SELECT event_id FROM event_persons)"
assert_cmp "${OUT:-0}" -gt 0 "without the extension: events and event_persons"
for t in "facts|no such module: veille_facts" "doc_fts|no such tokenizer: veille" \
    "fact_index|no such tokenizer: veille_keys" "fts_content|no such function: vl_part"; do
    run plain "SELECT count(*) FROM ${t%%|*}"
    assert_ne 0 "$RC" "without the extension, ${t%%|*} cannot be read"
    assert_contains "$ERR" "${t#*|}" "without the extension: ${t%%|*}'s message"
done
finish
