#!/usr/bin/env bash
# veille load (issue 21): the records of `extract --store`, stored without
# extracting again, give the database ingest gives; loading is idempotent;
# a record that does not fit its text is skipped with the reason.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample
command -v sqlite3 >/dev/null || die "sqlite3 shell not installed (Debian package sqlite3)"

# inputs: the sample, and ../shared's dispatches when they are here (more
# events, dates the text gives, documents of other outlets)
inputs=("$SAMPLE/dispatches")
[ -d "$SHARED/corpus/dev" ] && inputs+=("$SHARED/corpus/dev" "$SHARED/corpus/unlabeled" "$SHARED/seeds")
run "$VEILLE_BIN" extract --store "${inputs[@]}"
assert_rc 0 "extract --store"
printf '%s\n' "$OUT" > "$T/records.jsonl"
n=$(grep -c '^{' "$T/records.jsonl")
assert_py "each record is the extract record and what storing it needs" "
import json
for line in open('$T/records.jsonl', encoding='utf-8'):
    r = json.loads(line)
    assert list(r)[:12] == ['id', 'source', 'date', 'date_source', 'title', 'persons', 'organizations',
                           'places', 'dates', 'amounts', 'quotes', 'events'], list(r)
    assert isinstance(r['text'], str) and isinstance(r['load']['pack'], str), r['id']
    assert isinstance(r['load']['events'], list) and len(r['load']['events']) == len(r['events']), r['id']
"
run "$VEILLE_BIN" extract "${inputs[@]}"
assert_eq "$(python3 -c "
import json, sys
for l in open('$T/records.jsonl', encoding='utf-8'):
    r = json.loads(l)
    for k in ('text', 'url', 'load'): r.pop(k)
    print(json.dumps(r, ensure_ascii=False, separators=(',', ':')))" | md5sum)" \
    "$(printf '%s\n' "$OUT" | python3 -c "
import json, sys
for l in sys.stdin:
    print(json.dumps(json.loads(l), ensure_ascii=False, separators=(',', ':')))" | md5sum)" \
    "--store adds fields and changes none"

# extract --store | load -  ==  ingest
"$VEILLE_BIN" --db "$T/ingest.db" ingest --quiet "${inputs[@]}"
run bash -c "'$VEILLE_BIN' --db '$T/load.db' load - < '$T/records.jsonl'"
assert_rc 0 "load - of $n records"
if parse_summary_of load; then
    assert_eq "$n" "$SUM_ADDED" "load: every record added"
fi
python3 "$CLI_DIR/db_digest.py" "$T/ingest.db" > "$T/ingest.digest"
python3 "$CLI_DIR/db_digest.py" "$T/load.db" > "$T/load.digest"
assert_eq "$(cat "$T/ingest.digest")" "$(cat "$T/load.digest")" \
    "load gives the database ingest gives: documents, facts, events, full-text index, knowledge base"
# one thread or three: the same (records checked by workers, stored in order)
for j in 1 3; do
    "$VEILLE_BIN" --db "$T/load$j.db" load --quiet --jobs "$j" "$T/records.jsonl"
    assert_eq "$(cat "$T/ingest.digest")" "$(python3 "$CLI_DIR/db_digest.py" "$T/load$j.db")" \
        "load --jobs $j: the same database"
done
for q in "person 'Phan Van Giang' --json" "office président --json" "events --with Laos --json" "search 'défense' --json"; do
    a=$(eval "'$VEILLE_BIN' --db '$T/ingest.db' $q")
    b=$(eval "'$VEILLE_BIN' --db '$T/load.db' $q")
    assert_eq "$a" "$b" "the same answer from both: $q"
done

# idempotent: again, nothing added; ingest after load adds nothing either
run "$VEILLE_BIN" --db "$T/load.db" load "$T/records.jsonl"
assert_rc 0 "load again"
if parse_summary_of load; then
    assert_eq 0 "$SUM_ADDED" "load again: nothing added"
    assert_eq "$n" "$SUM_ALREADY" "load again: every record already stored"
fi
run "$VEILLE_BIN" --db "$T/load.db" ingest "$SAMPLE/dispatches"
if parse_summary; then
    assert_eq 0 "$SUM_ADDED" "ingest after load: nothing added"
fi

# records that do not fit their text: skipped with the reason, the others stored
python3 - "$T/records.jsonl" "$T/bad.jsonl" <<'EOF'
import base64, json, sys
src, dst = sys.argv[1], sys.argv[2]
recs = [json.loads(l) for l in open(src, encoding='utf-8')]
with_events = next(r for r in recs if r['load']['events'])
out = []
def add(r):
    out.append(json.dumps(r, ensure_ascii=False))
plain = dict(recs[0]); plain.pop('load'); add(plain)                                  # 1: no load
r = json.loads(json.dumps(recs[1])); r['load']['pack'] = 'not base64!'; add(r)        # 2
r = json.loads(json.dumps(recs[2])); r['load']['pack'] = base64.b64encode(b'\x00\x05abc').decode(); add(r)  # 3: damaged
r = json.loads(json.dumps(recs[3])); p = base64.b64decode(r['load']['pack'])
r['text'] = r['text'][:20]; add(r)                                                    # 4: facts past the text
r = json.loads(json.dumps(with_events)); r['load']['events'][0][3] = 10**9; add(r)   # 5: event past the text
r = json.loads(json.dumps(with_events)); r['load']['events'][0][7] = 'not json'; add(r)  # 6: persons not JSON
r = json.loads(json.dumps(with_events)); r['load']['events'][0] = [1, 2]; add(r)      # 7: a row of wrong shape
out.append('{"text": "cut')                                                            # 8: not JSON
add(recs[4])                                                                          # 9: good
open(dst, 'w', encoding='utf-8').write('\n'.join(out) + '\n')
EOF
run "$VEILLE_BIN" --db "$T/bad.db" load "$T/bad.jsonl"
assert_rc 1 "load of bad records: exit 1"
assert_line "$ERR" "veille: skipped $T/bad.jsonl:1: no \"load\" object with \"pack\" and \"events\" (made by 'veille extract --store')" "a record without load: said"
for k in 2 3 4; do
    assert_line "$ERR" "veille: skipped $T/bad.jsonl:$k: \"load\".\"pack\" is no fact pack of this text" "line $k: a pack that does not fit: said"
done
for k in 5 6 7; do
    assert_line "$ERR" "veille: skipped $T/bad.jsonl:$k: \"load\".\"events\" are no event rows of this text" "line $k: events that do not fit: said"
done
assert_match "$ERR" "veille: skipped $T/bad.jsonl:8: not JSON" "line 8: not JSON"
if parse_summary_of load; then
    assert_eq 1 "$SUM_ADDED" "the one good record stored"
    assert_eq 8 "$SUM_SKIPPED" "eight skipped"
fi
assert_eq ok "$(sqlite3 "$T/bad.db" 'PRAGMA integrity_check')" "the database is sound"
run "$VEILLE_BIN" load
assert_rc 2 "load without input: usage error"
finish
