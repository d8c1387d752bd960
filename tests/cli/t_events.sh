#!/usr/bin/env bash
# Who met whom: `events` and `met` on the sample (the dispatch of
# 2024-04-16: a visit at someone's invitation, talks during it, a co-chaired
# meeting, a reception with a message from someone absent); the event rows
# readable with plain SQL; incremental = rebuild = bulk for events.
. "$(dirname "$0")/lib.sh"
require_bin
require_sample

run veille ingest --quiet "$SAMPLE"
assert_rc 0 "ingest the sample"

# every event of the dispatch, in date order
run veille events --from 2024-04-15 --to 2024-04-17 --json
assert_rc 0 "events --from --to"
assert_json "$OUT" "events --json is JSON"
assert_eq "visit 2024-04-15|talks 2024-04-16|meeting 2024-04-16|reception 2024-04-17" \
    "$(jout '[.events[] | "\(.type) \(.date)"] | join("|")')" "the four acts of the visit, in date order"
assert_eq "Retno Marsudi" "$(jout '[.events[] | select(.type == "visit") | .participants[]] | join(",")')" \
    "the visit: the visitor only, not the minister who invited her"
assert_eq "Bùi Thanh Sơn,Retno Marsudi" \
    "$(jout '[.events[] | select(.type == "talks") | .participants[]] | sort | join(",")')" \
    "the talks during the visit: both ministers"
assert_eq "Bùi Thanh Sơn,Retno Marsudi" \
    "$(jout '[.events[] | select(.type == "meeting") | .chairs[]] | sort | join(",")')" \
    "the co-chaired meeting: both co-chairs"
assert_eq "Phạm Minh Chính,Retno Marsudi" \
    "$(jout '[.events[] | select(.type == "reception") | .participants[]] | sort | join(",")')" \
    "the reception: host and guest, not the sender of the message"
assert_eq 0 "$(jout '[.events[] | .participants[] | select(. == "Joko Widodo")] | length')" \
    "the sender of a message takes part in nothing"
assert_contains "$(jout '.events[0].evidence.sentence')" "effectue une visite officielle" \
    "evidence: the sentence that tells the visit"
assert_eq "2024-04-16" "$(jout '.events[0].evidence.date')" "evidence: the document's date"

# --type, --with a country, --with a person
run veille events --type reception --from 2024-04 --to 2024-04 --json
assert_eq "reception" "$(jout '[.events[].type] | unique | join(",")')" "--type keeps one type"
run veille events --with Indonésie --json
assert_rc 0 "events --with a country"
assert_eq "ID" "$(jout .country)" "Indonésie is ID"
assert_cmp "$(jout '.events | length')" -ge 3 "meetings with an Indonesian official"
assert_eq 0 "$(jout '[.events[] | select(.participants | index("Retno Marsudi") | not)] | length')" \
    "each has the Indonesian minister"
run veille events --with 'Retno Marsudi' --json
assert_eq 4 "$(jout '.events | length')" "--with a person: her four events"
run veille events --with Laos
assert_rc 0 "events --with Laos (text)"
assert_contains "$OUT" "Thongloun Sisoulith" "text output names the participants"

# one act told by two dispatches is one entry, and met counts it once
mkdir -p "$T/two"
printf ' date 2024-11-05 Hanoï (VNA) – Le ministre Tran Quoc Bao a reçu le 5 novembre à Hanoï le général Omar Saleh, commandant des forces jordaniennes.\n' > "$T/two/a.txt"
printf ' date 2024-11-06 Le 5 novembre, le général jordanien Omar Saleh a été reçu à Hanoï par le ministre Tran Quoc Bao, qui a salué les liens entre les deux armées.\n' > "$T/two/b.txt"
"$VEILLE_BIN" --db "$T/two.db" ingest --quiet "$T/two" >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/two.db" events --json
assert_eq "1|2" "$(jout '"\(.events | length)|\(.events[0].reports)"')" "two reports of one reception: one entry"
assert_eq 1 "$(jout '.events[0].also | length')" "with the other report's evidence"
run "$VEILLE_BIN" --db "$T/two.db" met 'Tran Quoc Bao' --json
assert_eq 1 "$(jout '.counterparts[0].count')" "met counts the act once"

# met: counterparts, how often, first and last time, evidence
run veille met 'Bui Thanh Son' --json
assert_rc 0 "met"
assert_eq "bui thanh son" "$(jout .key)" "met finds the person without accents"
assert_eq 2 "$(jout '.counterparts[] | select(.key == "retno marsudi") | .count')" \
    "Bùi Thanh Sơn met Retno Marsudi twice (talks, meeting)"
assert_eq "2024-04-16" "$(jout '.counterparts[] | select(.key == "retno marsudi") | .last')" "last time"
assert_cmp "$(jout '.counterparts[] | select(.key == "retno marsudi") | .evidence | length')" -eq 2 \
    "with the evidence of both"
run veille met 'Bui Thanh Son' --with 'Retno Marsudi' --json
assert_eq "retno marsudi" "$(jout '[.counterparts[].key] | join(",")')" "--with keeps one counterpart"
run veille met 'Retno Marsudi' --json
assert_eq 0 "$(jout '[.counterparts[] | select(.key == "joko widodo")] | length')" \
    "nobody met the sender of the message"

# the person's most recent meetings
run veille person 'Retno Marsudi' --json
assert_eq "reception" "$(jout '.meetings[0].type')" "person: the most recent meeting first"

# usage and not found
run veille events --type party
assert_rc 2 "an unknown type is a usage error"
run veille events --from 2024-13
assert_rc 2 "a bad date is a usage error"
run veille met 'Nobody Atall'
assert_rc 1 "met: nobody of that name"
assert_contains "$ERR" "no person named" "met says who is missing"
run veille events --with 'Nulle Part'
assert_rc 1 "events --with: neither a person nor a country"
run veille events --help
assert_rc 0 "events --help"
assert_contains "$OUT" "usage: veille events" "events --help prints its usage"

# plain rows, readable from the sqlite3 shell
assert_cmp "$(sqlite3 "$DB" "SELECT count(*) FROM events")" -ge 30 "events are rows"
assert_eq "participant" "$(sqlite3 "$DB" "SELECT p.role FROM event_persons p JOIN events e ON e.id = p.event_id
    WHERE e.type = 'visit' AND e.date = '2024-04-15' AND p.key = 'retno marsudi'")" "event_persons rows"

# incremental = rebuild = bulk: the sample in two batches, then rebuilt
evdump() {
    sqlite3 "$1" "SELECT d.hash, e.type, ifnull(e.date, '-'), ifnull(e.place, '-'), e.start, e.end,
        e.sentence_start, e.sentence_end,
        (SELECT group_concat(key || ':' || role || ':' || ifnull(country, '-'), ' ')
         FROM (SELECT * FROM event_persons WHERE event_id = e.id ORDER BY pos))
        FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY d.hash, e.start"
}
evdump "$DB" > "$T/bulk.txt"
mkdir -p "$T/a" "$T/b"
i=0
for f in "$SAMPLE"/dispatches/*.txt; do
    if [ $((i % 2)) -eq 0 ]; then cp "$f" "$T/a/"; else cp "$f" "$T/b/"; fi
    i=$((i + 1))
done
"$VEILLE_BIN" --db "$T/inc.db" ingest --quiet "$T/a" >/dev/null 2>&1
"$VEILLE_BIN" --db "$T/inc.db" ingest --quiet "$T/b" "$SAMPLE/dispatches.jsonl" >/dev/null 2>&1
evdump "$T/inc.db" > "$T/inc.txt"
"$VEILLE_BIN" --db "$T/inc.db" rebuild >/dev/null 2>&1
evdump "$T/inc.db" > "$T/reb.txt"
assert_cmp "$(grep -c . "$T/inc.txt")" -ge 30 "incremental: events stored"
if cmp -s "$T/inc.txt" "$T/reb.txt"; then pass; else
    fail "events: incremental and rebuilt differ: $(diff "$T/inc.txt" "$T/reb.txt" | head -3)"
fi
if cmp -s "$T/bulk.txt" "$T/inc.txt"; then pass; else
    fail "events: bulk and incremental differ: $(diff "$T/bulk.txt" "$T/inc.txt" | head -3)"
fi

# a database from before the events (schema 6) gets them at the first
# opening that can extract: the mark the migration leaves, then the refill
sqlite3 "$T/inc.db" "DELETE FROM events;
    INSERT INTO store_state(name) VALUES('events_refill')"
"$VEILLE_BIN" --db "$T/inc.db" stats >/dev/null 2>&1
assert_eq 0 "$(sqlite3 "$T/inc.db" "SELECT count(*) FROM events")" "a command that cannot extract leaves the refill"
"$VEILLE_BIN" --db "$T/inc.db" events --limit 1 >/dev/null 2>&1
evdump "$T/inc.db" > "$T/refill.txt"
if cmp -s "$T/inc.txt" "$T/refill.txt"; then pass; else
    fail "events: refilled and ingested differ: $(diff "$T/inc.txt" "$T/refill.txt" | head -3)"
fi
assert_eq "" "$(sqlite3 "$T/inc.db" "SELECT name FROM store_state WHERE name = 'events_refill'")" "the mark is gone"

# a database of schema 7 (the persons as rows of a table): the migration
# moves them into the events' column, in their order, nothing lost
cp "$T/inc.db" "$T/v7.db"
sqlite3 "$T/v7.db" "CREATE TABLE ep AS SELECT * FROM event_persons; DROP VIEW event_persons;
    ALTER TABLE events DROP COLUMN persons;
    CREATE TABLE event_persons(event_id INTEGER NOT NULL REFERENCES events(id),
      key TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, country TEXT, office TEXT,
      pos INTEGER NOT NULL, PRIMARY KEY(event_id, key)) WITHOUT ROWID;
    INSERT INTO event_persons SELECT * FROM ep ORDER BY event_id, pos DESC; DROP TABLE ep;
    CREATE INDEX event_persons_key ON event_persons(key, event_id);
    DROP TABLE kb_tenures; DROP TABLE kb_nocountry; DROP INDEX events_doc;
    CREATE TABLE kp AS SELECT office, key, month, count, first, last
      FROM kb_points WHERE kind = 0;
    DROP TABLE kb_points; CREATE TABLE kb_points(office TEXT NOT NULL, key TEXT NOT NULL,
      month TEXT NOT NULL, count INTEGER NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL,
      PRIMARY KEY(office, key, month)) WITHOUT ROWID;
    INSERT INTO kb_points SELECT * FROM kp; DROP TABLE kp; PRAGMA user_version = 7;"
assert_cmp "$(sqlite3 "$T/v7.db" "SELECT count(*) FROM event_persons")" -ge 30 "schema 7: persons as rows"
"$VEILLE_BIN" --db "$T/v7.db" stats >/dev/null 2>&1
assert_eq 10 "$(sqlite3 "$T/v7.db" "PRAGMA user_version")" "schema 7 migrated to 10"
evdump "$T/v7.db" > "$T/v7.txt"
if cmp -s "$T/inc.txt" "$T/v7.txt"; then pass; else
    fail "events: migrated from schema 7 and ingested differ: $(diff "$T/inc.txt" "$T/v7.txt" | head -3)"
fi
# a person's recent meetings: dated ones first, newest first; a date whose
# year the dispatch did not give (XXXX-10-07) is no recent date
mkdir -p "$T/rm"
printf ' date 2024-05-14 Hanoï (VNA) - Le ministre Dang Van Hoa a reçu mardi 14 mai à Hanoï l'"'"'ambassadeur du Japon, Ito Naoki.\n' > "$T/rm/a.txt"
printf 'Hanoï (VNA) - Le ministre Dang Van Hoa a reçu le 7 octobre à Hanoï l'"'"'ambassadeur de France, Olivier Brochet.\n' > "$T/rm/b.txt"
"$VEILLE_BIN" --db "$T/rm.db" ingest --quiet "$T/rm" >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/rm.db" person 'Dang Van Hoa' --json
assert_eq "2024-05-14,XXXX-10-07" "$(jout '[.meetings[].date] | join(",")')" \
    "person: recent meetings newest first, those of an unknown year last"
finish
