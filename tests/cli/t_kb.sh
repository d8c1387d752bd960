#!/usr/bin/env bash
# Knowledge base: persons as entities across documents, offices over time,
# succession, change feed, related entities; incremental = rebuild; overrides.
# On the sample always; on ../shared (seeds + dev, then everything) when there.
. "$(dirname "$0")/lib.sh"
require_bin
require_sample

run veille ingest --quiet "$SAMPLE"
assert_rc 0 "ingest the sample"

# Lương Tam Quang: vice-minister of Public Security first, then minister of
# Public Security (the Assembly approved it on 6 June 2024; "au poste de"),
# later written minister of Police.
run veille person 'luong tam quang' --json
assert_rc 0 "person luong tam quang"
assert_eq "luong tam quang" "$(jout .key)" "the person's key"
assert_eq "vice ministre|securite publique|VN" "$(jout '.positions[0].office')" \
    "first office: vice-minister of Public Security"
police_first=$(jout '[.positions[] | select(.office == "ministre|securite publique|VN")][0].first_seen')
vice_first=$(jout '.positions[0].first_seen')
assert_py "minister of Public Security, later of Police ($police_first), after the vice-ministry ($vice_first), from the Assembly's approval" \
    "assert '$vice_first' < '$police_first' and '$police_first' == '2024-06-06'"
assert_match "$(jout '.positions[0].evidence[0].sentence')" "L(ư|u)ơ?o?ng Tam Quang" \
    "evidence: the sentence that names him"
assert_cmp "$(jout '.positions[0].evidence | length')" -ge 1 "evidence is given"

# Evidence is text of the dispatch: never its header line (" date 2024-04"
# may run on into the dateline), cut between words with an ellipsis.
run veille office 'ministre de la Défense' --json
printf '%s' "$OUT" > "$T/office.json"
assert_py "evidence: no header line, no word cut" '
import json, sys
o = json.load(open(sys.argv[1]))
ev = [e["sentence"] for h in o["holders"] for e in h["evidence"] if e.get("sentence")]
if len(ev) < 3: print("too little evidence: %r" % ev)
for t in ev:
    if t.lstrip().startswith("date ") or " date 20" in t: print("header in evidence: %r" % t[:80])
    body = t.strip("…")
    if t.endswith("…") and body.endswith(" "): print("cut after a space: %r" % t[-40:])
    if t.startswith("…") and body.startswith(" "): print("cut before a space: %r" % t[:40])
' "$T/office.json"

# A name that several persons' names hold is not guessed: the candidates.
run veille person Nguyen --json
assert_rc 1 "person Nguyen: no single answer"
assert_cmp "$(jout '.candidates | length')" -ge 2 "the persons it may be"
assert_contains "$(jout '[.candidates[].key] | join(",")')" "nguyen phu trong" "Nguyễn Phú Trọng among them"
assert_contains "$ERR" "'Nguyen' names" "and says so on stderr"
run veille related Nguyen
assert_rc 1 "related Nguyen: the same"
assert_contains "$OUT" "'Nguyen' may be:" "the candidates as text"
run veille person Giang --json
assert_rc 0 "a word of one person's name only is that person"
assert_eq "phan van giang" "$(jout .key)" "Giang is Phan Văn Giang in the sample"

# Spellings with and without diacritics are one entity.
run veille persons --json
assert_eq 1 "$(jout '[.persons[] | select(.key == "hoang xuan chien")] | length')" \
    "one entity for Hoàng Xuân Chiến"
assert_cmp "$(jout '[.persons[] | select(.key == "hoang xuan chien")][0].variants | length')" -ge 2 \
    "its written variants are kept"

# Who held an office at a date; the order of succession.
run veille office 'ministre de la Défense' --at 2023-06 --json
assert_eq "phan van giang" "$(jout '.holders[0].key')" "defence minister in June 2023"
assert_eq "ministre|defense|VN" "$(jout .office)" "the office key"
run veille office 'Ministre vietnamien de la defense' --json
assert_eq "ministre|defense|VN" "$(jout .office)" "case, accents and the nationality do not matter"

# Tenures of single-holder offices: a holder's tenure ends where the
# successor's evidence begins, or earlier where a text calls the holder
# former ("l'ancien ministre de la Défense Ngô Xuân Lịch", 2021-04-08); at a
# date, the holder then, how old its latest evidence is, and no answer when
# too old or when the holder had left.
run veille office 'ministre de la Défense' --json
assert_eq "former 2021-04-08 former" "$(jout '.holders[] | select(.key == "ngo xuan lich") | "\(.status) \(.end) \(.end_cause)"')" \
    "a predecessor is former, his tenure ended by the text that calls him so"
assert_eq "current null 2022-06" "$(jout '.holders[] | select(.key == "phan van giang") | "\(.status) \(.end) \(.start)"')" \
    "the last holder is current, from his first evidence"
assert_eq "ngo xuan lich,phan van giang" "$(jout '[.holders[].key] | join(",")')" "tenures in order"
run veille office 'ministre de la Défense' --at 2021-01 --json
assert_eq "ngo xuan lich current 14" "$(jout '.holders[0] | "\(.key) \(.status) \(.evidence_age_months)"')" \
    "at 2021-01: the holder then, current then, last seen 14 months before"
run veille office 'ministre de la Défense' --at 2021-09 --json
assert_eq 0 "$(jout '.holders | length')" "at 2021-09: the minister had left, no successor seen yet"
assert_eq "ngo xuan lich 2021-04-08" "$(jout '.abstained | "\(.key) \(.end)"')" "and why: he was called former on 2021-04-08"
run veille office 'ministre de la Défense' --at 2030-06 --json
assert_eq 0 "$(jout '.holders | length')" "at 2030-06: no answer"
assert_eq "phan van giang 53" "$(jout '.abstained | "\(.key) \(.months)"')" "and why: the latest evidence is 53 months old"
run veille office 'ministre de la Défense' --at 2030-06
assert_contains "$OUT" "no answer at 2030-06" "the text output says there is no answer"
run veille person 'Ngo Xuan Lich' --json
assert_eq "former 2021-04-08 former 1" "$(jout '.positions[] | select(.office == "ministre|defense|VN") | "\(.status) \(.end) \(.end_cause) \(.tenure)"')" \
    "person: the position ended, with its cause"
assert_match "$(jout '.positions[] | select(.office == "ministre|defense|VN") | .evidence[0].sentence')" "Ngô Xuân Lịch" \
    "person: the tenure's evidence names him"

# One key per office (data/office_orgs.tsv, office_terms.txt): a body's
# other names, its renaming, the term of a Central Committee
for t in 'ministre de la Police' 'ministre de la Sécurité publique'; do
    run veille office "$t" --json
    assert_eq "ministre|securite publique|VN" "$(jout .office)" "'$t': one ministry, one office"
done
for t in 'secrétaire général du Comité central du Parti, 13e mandat' 'secrétaire général du CC du PCV' \
    'secrétaire général du Parti'; do
    run veille office "$t" --json
    assert_eq "secretaire general|parti|VN" "$(jout .office)" "'$t': the general secretary's office"
done
run veille office "secrétaire général de l'AN" --json
assert_eq "secretaire general|assemblee nationale|VN" "$(jout .office)" "the AN is the Assemblée nationale"
run veille office 'membre du Comité central du Parti, XIIIe mandat' --json
assert_eq "membre|comite central parti|VN" "$(jout .office)" "a term in Roman numerals is no part of the office"

# The change feed: appointments (a tenure begun after another holder's) in
# date order, with the predecessor and evidence; not offices first seen.
run veille changes --since 2024-01 --country VN --json
assert_eq "start Lương Tam Quang Tô Lâm|end Nguyễn Phú Trọng -|start Tô Lâm Nguyễn Phú Trọng|start Lương Cường Tô Lâm|start Trần Thanh Mẫn Vương Đình Huệ|start Lê Hoài Trung Bùi Thanh Sơn" \
    "$(jout '[.changes[] | "\(.type) \(.name) \(.predecessor // "-")"] | join("|")')" \
    "changes since 2024-01 in Vietnam: a death the text tells, five successions with their predecessors"
assert_py "changes are on or after the date, in date order, Vietnamese, with evidence" "
import json,sys
c = json.loads(sys.stdin.read())['changes']
assert c and all(x['date'] >= '2024' and x['country'] == 'VN' and x['type'] in ('start', 'end') for x in c)
assert [x['date'] for x in c] == sorted(x['date'] for x in c)
assert all(x['evidence'] and x['evidence'][0]['sentence'] for x in c)
" <<<"$OUT"
run veille changes --since 2024-01 --country vn --json
assert_eq 6 "$(jout '.changes | length')" "--country: an ISO code in lower case"
run veille changes --since 2024-01 --country Vietnam --json
assert_eq 6 "$(jout '.changes | length')" "--country: a country's name"
run veille changes --country Narnia
assert_rc 2 "--country: an unknown country is a usage error"
assert_contains "$ERR" "unknown country 'Narnia'" "and says which"
run veille changes --office 'ministre de la Police' --json
assert_eq "Lương Tam Quang" "$(jout '[.changes[].name] | join(",")')" "--office: one office's changes"
run veille changes --since 2021 --json
assert_eq "former" "$(jout '.changes[] | select(.key == "ngo xuan lich") | .end_cause')" \
    "a departure a text tells is a change"

# A departure a text tells ends the tenure there; the successor's tenure
# follows a vacancy; both are in the change feed.
mkdir -p "$T/dep"
printf ' date 2023-03-14 Hanoï (VNA) - Le ministre vietnamien de la Culture, Tran Van Phuc, a reçu mardi une délégation.\n' > "$T/dep/a.txt"
printf ' date 2023-09-05 Hanoï (VNA) - Le ministre vietnamien de la Culture, Tran Van Phuc, a inauguré mardi un musée.\n' > "$T/dep/b.txt"
printf ' date 2024-02-06 Hanoï (VNA) - Le ministre vietnamien de la Culture, Tran Van Phuc, a démissionné mardi.\n' > "$T/dep/c.txt"
printf ' date 2024-06-11 Hanoï (VNA) - Le ministre vietnamien de la Culture, Ngo Thi Lan, a reçu mardi des artistes.\n' > "$T/dep/d.txt"
"$VEILLE_BIN" --db "$T/dep.db" ingest --quiet "$T/dep" >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/dep.db" office 'ministre de la Culture' --json
assert_eq "tran van phuc 2023-03-14 2024-02-06 resignation former|ngo thi lan 2024-06-11 null null current" \
    "$(jout '[.holders[] | "\(.key) \(.start) \(.end) \(.end_cause) \(.status)"] | join("|")')" \
    "a resignation ends the tenure on its day"
run "$VEILLE_BIN" --db "$T/dep.db" office 'ministre de la Culture' --at 2024-04 --json
assert_eq "0 2024-02-06" "$(jout '"\(.holders | length) \(.abstained.end)"')" "between the two: vacant, and why"
run "$VEILLE_BIN" --db "$T/dep.db" changes --json
assert_eq "2024-02-06 end Tran Van Phuc|2024-06-11 start Ngo Thi Lan" \
    "$(jout '[.changes[] | "\(.date) \(.type) \(.name)"] | join("|")')" "the feed: the departure, then the appointment"
assert_contains "$(jout '.changes[0].evidence[0].sentence')" "a démissionné" "the departure's evidence says so"

# A title whose dispatch names no country takes the country of the
# person's other titles, whichever batch brings them.
mkdir -p "$T/cty1" "$T/cty2"
printf ' date 2023-05-02 Rome (VNA) - Le Premier ministre Marco Ricci a reçu mardi une délégation.\n' > "$T/cty1/a.txt"
printf ' date 2023-06-06 Hanoï (VNA) - Le Premier ministre italien, Marco Ricci, est arrivé mardi à Hanoï.\n' > "$T/cty2/b.txt"
"$VEILLE_BIN" --db "$T/cty.db" ingest --quiet "$T/cty1" >/dev/null 2>&1
"$VEILLE_BIN" --db "$T/cty.db" ingest --quiet "$T/cty2" >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/cty.db" person 'Marco Ricci' --json
assert_eq "premier ministre||IT 2023-05-02" "$(jout '[.positions[] | "\(.office) \(.start)"] | join("|")')" \
    "one position, Italy's, from the first dispatch on"

run veille related 'Phan Văn Giang' --json
assert_cmp "$(jout '.persons | length')" -ge 1 "related persons"
assert_cmp "$(jout '.places | length')" -ge 1 "related places"

run veille person 'Nobody Such'
assert_rc 1 "an unknown person"
assert_contains "$ERR" "veille: no person named 'Nobody Such'" "an unknown person is said so"

# Incremental = rebuild: two batches, then a rebuild, give the same tables.
kbdump() {
    sq "$1" "SELECT * FROM kb_persons ORDER BY key;
                  SELECT * FROM kb_aliases ORDER BY key, alias;
                  SELECT * FROM kb_positions ORDER BY key, office;
                  SELECT * FROM kb_titles ORDER BY key, office, title;
                  SELECT p.office, p.key, p.month, p.kind, p.count, p.first, p.last,
                    (SELECT uid FROM documents WHERE id = p.first_doc),
                    (SELECT uid FROM documents WHERE id = p.last_doc)
                  FROM kb_points p ORDER BY office, key, month, kind;
                  SELECT t.office, t.start, t.key, t.kind, t.seq, t.last_seen, t.ended, t.end_cause,
                    t.documents, (SELECT uid FROM documents WHERE id = t.start_doc),
                    (SELECT uid FROM documents WHERE id = t.last_doc),
                    (SELECT uid FROM documents WHERE id = t.end_doc)
                  FROM kb_tenures t ORDER BY office, start, key, kind;
                  SELECT * FROM kb_nocountry ORDER BY key;
                  SELECT * FROM kb_entities ORDER BY kind, key;
                  SELECT * FROM kb_entity_aliases ORDER BY kind, key, alias;"
}
split_sample "$T/b1" "$T/b2"
"$VEILLE_BIN" --db "$T/inc.db" ingest --quiet "$T/b1" >/dev/null 2>&1
"$VEILLE_BIN" --db "$T/inc.db" ingest --quiet "$T/b2" >/dev/null 2>&1
kbdump "$T/inc.db" > "$T/inc.txt"
"$VEILLE_BIN" --db "$T/inc.db" rebuild >/dev/null 2>&1
kbdump "$T/inc.db" > "$T/reb.txt"
assert_cmp "$(wc -l < "$T/inc.txt")" -gt 100 "the knowledge base is not empty"
if cmp -s "$T/inc.txt" "$T/reb.txt"; then pass; else
    fail "incremental and rebuilt knowledge bases differ: $(diff "$T/inc.txt" "$T/reb.txt" | head -5)"
fi
"$VEILLE_BIN" --db "$T/one.db" ingest --quiet "$T/b2" "$T/b1" >/dev/null 2>&1
kbdump "$T/one.db" > "$T/one.txt"
if cmp -s "$T/inc.txt" "$T/one.txt"; then pass; else
    fail "two batches and one batch in another order differ: $(diff "$T/inc.txt" "$T/one.txt" | head -5)"
fi

if ! on_pg; then # a SQLite file of an older schema
    # A database of schema 5 (before kb_titles and kb_points, and the events of
    # schema 7): the migration has every known person counted again at the next
    # update, new documents counted once.
    sqlite3 "$T/one.db" "DROP TABLE kb_titles; DROP TABLE kb_points; DROP TABLE kb_tenures; DROP TABLE kb_nocountry; DROP VIEW event_persons;
        DROP TABLE events; PRAGMA user_version = 5;"
    mkdir -p "$T/b4"
    while IFS= read -r f; do
        { cat "$f"; printf '\nLa délégation a été reçue le lendemain.\n'; } > "$T/b4/$(basename "$f")"
    done < <(sample_files)
    "$VEILLE_BIN" --db "$T/one.db" ingest --quiet "$T/b4" >/dev/null 2>&1
    assert_eq 10 "$(sqlite3 "$T/one.db" "PRAGMA user_version")" "schema 5 migrated to 10"
    assert_cmp "$(sqlite3 "$T/one.db" "SELECT count(*) FROM events")" -gt 10 "and its events filled"
    kbdump "$T/one.db" > "$T/mig.txt"
    "$VEILLE_BIN" --db "$T/one.db" rebuild >/dev/null 2>&1
    kbdump "$T/one.db" > "$T/mig-reb.txt"
    if cmp -s "$T/mig.txt" "$T/mig-reb.txt"; then pass; else
        fail "after the migration, incremental and rebuilt knowledge bases differ: $(diff "$T/mig.txt" "$T/mig-reb.txt" | head -5)"
    fi
fi

# Overrides: merge two names, prefer a spelling, split by date.
printf 'merge\tTran Luu Quang\tBui Thanh Son\nprefer\tBui Thanh Son\tBùi Thanh Sơn (pref)\n' > "$T/ov.tsv"
run "$VEILLE_BIN" --db "$T/inc.db" rebuild --overrides "$T/ov.tsv"
assert_rc 0 "rebuild with overrides"
run "$VEILLE_BIN" --db "$T/inc.db" person 'tran luu quang' --json
assert_eq "bui thanh son" "$(jout .key)" "a merged name leads to the entity it is merged into"
assert_eq "Bùi Thanh Sơn (pref)" "$(jout .name)" "the preferred spelling"
printf 'split\tLuong Tam Quang\t2025\tLuong Tam Quang (police)\n' > "$T/ov2.tsv"
"$VEILLE_BIN" --db "$T/inc.db" rebuild --overrides "$T/ov2.tsv" >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/inc.db" person 'Luong Tam Quang (police)' --json
assert_eq "ministre|securite publique|VN" "$(jout '.positions[0].office')" "a split person keeps the documents from its date"
printf 'bogus line\n' > "$T/ov3.tsv"
run "$VEILLE_BIN" --db "$T/inc.db" rebuild --overrides "$T/ov3.tsv"
assert_rc 2 "a malformed overrides file"
assert_contains "$ERR" "ov3.tsv:1: expected merge, split or prefer" "the bad line is reported"

# New documents after overrides are added to the counts of the merged and
# split persons as a rebuild counts them (the same dispatches with a line
# more: new documents naming the same persons, in the same months).
printf 'split\tLuong Tam Quang\t2025\tLuong Tam Quang (police)\nmerge\tTran Luu Quang\tBui Thanh Son\n' > "$T/ov4.tsv"
"$VEILLE_BIN" --db "$T/inc.db" rebuild --overrides "$T/ov4.tsv" >/dev/null 2>&1
kbdump "$T/inc.db" > "$T/before3.txt"
mkdir -p "$T/b3"
while IFS= read -r f; do
    { cat "$f"; printf '\nLe ministre a salué ce travail.\n'; } > "$T/b3/$(basename "$f")"
done < <(sample_files)
# and two dispatches of one month, a fortnight apart, in two batches: the
# month's point of the succession keeps the first date of one and the last
# of the other
printf ' date 2031-03-05 Vientiane (VNA) – En visite jeudi, le ministre de la Défense, le général Trịnh Quốc Bảo, a rencontré les cadres de l’armée laotienne.\n\nLes deux parties ont passé en revue la formation des officiers. – VNA\n' > "$T/b3/zz-a.txt"
"$VEILLE_BIN" --db "$T/inc.db" ingest --quiet "$T/b3" >/dev/null 2>&1
mkdir -p "$T/b5"
printf ' date 2031-03-20 Hải Phòng (VNA) – Vendredi, une conférence sur la logistique militaire a été présidée par le ministre de la Défense, le général Trịnh Quốc Bảo.\n\nIl a demandé aux unités de moderniser leurs entrepôts. – VNA\n' > "$T/b5/zz-b.txt"
"$VEILLE_BIN" --db "$T/inc.db" ingest --quiet "$T/b5" >/dev/null 2>&1
assert_eq "2|2031-03-05|2031-03-20" \
    "$(sq "$T/inc.db" "SELECT count, first, last FROM kb_points WHERE key = 'trinh quoc bao' AND month = '2031-03'")" \
    "one point for the month, two documents, first and last dates from two batches"
kbdump "$T/inc.db" > "$T/inc3.txt"
"$VEILLE_BIN" --db "$T/inc.db" rebuild --overrides "$T/ov4.tsv" >/dev/null 2>&1
kbdump "$T/inc.db" > "$T/reb3.txt"
assert_eq 1 "$(cmp -s "$T/before3.txt" "$T/inc3.txt"; echo $?)" "the third batch changed the counts"
if cmp -s "$T/inc3.txt" "$T/reb3.txt"; then pass; else
    fail "after overrides, incremental and rebuilt knowledge bases differ: $(diff "$T/inc3.txt" "$T/reb3.txt" | head -5)"
fi

# The real dispatches, when ../shared is there.
# Another name of a person (data/person_aliases.tsv) is that person across
# dispatches too: one entity, in a new database and after a rebuild.
mkdir -p "$T/al"
printf ' date 2023-05-02\nMoscou (VNA) – Le président russe Vladimir Poutine a reçu une délégation vietnamienne.\n' > "$T/al/a.txt"
printf ' date 2023-06-09\nMoscou (VNA) – Vladimir Putin a signé un accord de coopération.\n' > "$T/al/b.txt"
"$VEILLE_BIN" --db "$T/al.db" ingest --quiet "$T/al" >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/al.db" person 'Vladimir Putin' --json
assert_eq "vladimir poutine" "$(jout .key)" "Putin is Poutine"
assert_eq 2 "$(jout .documents)" "one entity with the documents of both spellings"
"$VEILLE_BIN" --db "$T/al.db" rebuild >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/al.db" persons --json
assert_eq 1 "$(jout '[.persons[] | select(.key | test("poutine|putin"))] | length')" "after a rebuild too"

if [ -d "$SHARED/corpus/dev" ] && [ -d "$SHARED/seeds" ]; then
    K=$T/shared.db
    "$VEILLE_BIN" --db "$K" ingest --quiet "$SHARED/seeds" "$SHARED/corpus/dev" >/dev/null 2>&1
    run "$VEILLE_BIN" --db "$K" persons --json
    assert_eq 1 "$(jout '[.persons[] | select(.key == "hoang xuan chien")] | length')" \
        "shared: Hoàng Xuân Chiên's spellings are one entity"
    run "$VEILLE_BIN" --db "$K" person 'Luong Tam Quang' --json
    assert_eq "vice ministre|securite publique|VN" "$(jout '.positions[0].office')" \
        "shared: vice-minister of Public Security first"
    assert_eq "2021-12" "$(jout '.positions[0].first_seen')" "shared: in 2021-12"
    assert_cmp "$(jout '[.positions[] | select(.office == "ministre|securite publique|VN")] | length')" -eq 1 \
        "shared: then minister of Police"
    assert_cmp "$(jout '[.positions[] | .evidence | length] | min')" -ge 1 "shared: each with evidence"
    run "$VEILLE_BIN" --db "$K" office 'ministre de la Défense' --at 2023-06 --json
    assert_eq "phan van giang" "$(jout '.holders[0].key')" "shared: defence minister in June 2023"
    run "$VEILLE_BIN" --db "$K" office 'ministre des Affaires étrangères' --at 2024-12 --json
    assert_eq "bui thanh son" "$(jout '.holders[0].key')" "shared: foreign minister in December 2024"
    run "$VEILLE_BIN" --db "$K" changes --since 2024-01 --json
    assert_cmp "$(jout '[.changes[] | select(.key == "luong tam quang")] | length')" -ge 1 \
        "shared: changes since 2024-01 list Luong Tam Quang's new office"

    # Everything: single-holder offices never show two holders
    # over the same months, but at the month of a succession.
    if [ -d "$SHARED/corpus/unlabeled" ]; then
        "$VEILLE_BIN" --db "$K" ingest --quiet "$SHARED/corpus/unlabeled" >/dev/null 2>&1
        overlaps=$(sq "$K" "SELECT a.office || ': ' || a.key || ' ' || a.first_seen || '..' ||
              a.last_seen || ' / ' || b.key || ' ' || b.first_seen || '..' || b.last_seen
            FROM kb_positions a JOIN kb_positions b ON a.office = b.office AND a.key < b.key
            WHERE a.single = 1 AND a.first_seen IS NOT NULL AND b.first_seen IS NOT NULL
              AND substr(a.first_seen, 1, 7) < substr(b.last_seen, 1, 7)
              AND substr(b.first_seen, 1, 7) < substr(a.last_seen, 1, 7)")
        assert_eq "" "$overlaps" "shared: no single-holder office with two holders over the same months"
        assert_cmp "$(sq "$K" "SELECT count(*) FROM kb_positions WHERE single = 1 AND first_seen IS NOT NULL")" -gt 50 \
            "shared: many single-holder positions were checked"
        # the second batch was counted incrementally: the same as a rebuild
        kbdump "$K" > "$T/shared-inc.txt"
        "$VEILLE_BIN" --db "$K" rebuild >/dev/null 2>&1
        kbdump "$K" > "$T/shared-reb.txt"
        if cmp -s "$T/shared-inc.txt" "$T/shared-reb.txt"; then pass; else
            fail "shared: incremental and rebuilt knowledge bases differ: $(diff "$T/shared-inc.txt" "$T/shared-reb.txt" | head -5)"
        fi
    fi
else
    echo "skip: $SHARED/corpus/dev not found (acceptance on the real dispatches not checked)"
fi
finish
