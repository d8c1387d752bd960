#!/usr/bin/env bash
# Who said what: `quotes NAME` on three dispatches written for this test (two
# dated, one undated), a minister quoted in each, another person quoted
# beside him; --about (accents and case ignored, whole words), --from/--to,
# --limit; offsets that point at what was said; errors.
. "$(dirname "$0")/lib.sh"
require_bin

mkdir -p "$T/in"
cat > "$T/in/a.txt" <<'EOF'
 date 2023-03-12 Le ministre vietnamien de la Défense reçoit son homologue thaïlandais

Hanoi (VNA) – Le ministre de la Défense, le général Trinh Quoc Hai, a reçu le 12 mars à Hanoi le ministre thaïlandais de la Défense, Somchai Rattanakul.

Le général Trinh Quoc Hai a affirmé que la coopération de défense entre les deux pays progressait dans la formation et la sécurité maritime.

Somchai Rattanakul a déclaré que son pays souhaitait organiser des exercices conjoints de recherche et de sauvetage en mer.
EOF
cat > "$T/in/b.txt" <<'EOF'
 date 2024-09-05 Le Vietnam et le Japon renforcent leur dialogue de défense

Tokyo (VNA) – Le ministre de la Défense, le général Trinh Quoc Hai, a eu le 5 septembre à Tokyo des entretiens avec son homologue japonais.

Le général Trinh Quoc Hai a souligné que l'industrie de défense constituait un nouveau domaine de coopération entre les deux pays.

Il a remercié le Japon pour son aide au déminage des provinces du Centre.
EOF
cat > "$T/in/c.txt" <<'EOF'
Forum sur la sécurité régionale

Le ministre de la Défense, le général Trinh Quoc Hai, a pris la parole au forum.

Le général Trinh Quoc Hai a estimé que la sécurité maritime dépendait du respect du droit international.
EOF

run veille ingest --quiet "$T/in"
assert_rc 0 "ingest the three dispatches"

run veille quotes 'Trinh Quoc Hai' --json
assert_rc 0 "quotes NAME"
assert_json "$OUT" "quotes --json is JSON"
assert_eq "trinh quoc hai" "$(jout '.key')" "the person's key"
assert_cmp "$(jout '.quotes | length')" -ge 3 "his statements, from the three dispatches"
assert_eq "2023-03-12" "$(jout '.quotes[0].date')" "the earliest first"
assert_eq "null" "$(jout '.quotes[-1].date')" "the undated dispatch last"
assert_contains "$(jout '[.quotes[] | select(.date == "2023-03-12") | .verb] | join("|")')" "a affirmé" \
    "the reporting verb"
assert_contains "$(jout '[.quotes[] | select(.date == "2023-03-12") | .content] | join("|")')" \
    "la coopération de défense entre les deux pays" "what he said"
assert_eq 0 "$(jout '[.quotes[] | select(.content | test("recherche et de sauvetage"))] | length')" \
    "not what the other minister said"
assert_eq 1 "$(jout '[.quotes[] | select(.date == null)] | length')" "one statement in the undated dispatch"

# offsets: code points of the stored text, as veille extract gives them
printf '%s' "$OUT" > "$T/q.json"
assert_py "the content is the text between start and end" '
import json, sys
q = json.load(open(sys.argv[1]))
texts = [open(sys.argv[2] + "/" + n + ".txt", encoding="utf-8").read() for n in ("a", "b", "c")]
ok = q["quotes"] and all(any(t[e["start"]:e["end"]] == e["content"] for t in texts) for e in q["quotes"])
print("" if ok else "content != text[start:end]: %r" % q["quotes"][:1])
' "$T/q.json" "$T/in"

# --about: every word, accents and case ignored, whole words
run veille quotes 'Trinh Quoc Hai' --about 'SECURITE maritime' --json
assert_rc 0 "quotes --about"
assert_eq 2 "$(jout '.quotes | length')" "--about 'SECURITE maritime': the two statements on maritime security"
assert_eq "SECURITE maritime" "$(jout '.about')" "the words asked for"
run veille quotes 'Trinh Quoc Hai' --about 'deminage' --json
assert_eq "2024-09-05" "$(jout '[.quotes[].date] | join(",")')" "--about 'deminage' finds 'déminage'"
run veille quotes 'Trinh Quoc Hai' --about 'pay' --json
assert_eq 0 "$(jout '.quotes | length')" "whole words: 'pay' is not in 'pays'"

# --from, --to, --limit
run veille quotes 'Trinh Quoc Hai' --from 2024 --json
assert_eq "2024-09-05" "$(jout '[.quotes[].date] | unique | join(",")')" "--from 2024 keeps 2024 (and drops undated)"
run veille quotes 'Trinh Quoc Hai' --to 2023-03 --json
assert_eq "2023-03-12" "$(jout '[.quotes[].date] | unique | join(",")')" "--to 2023-03 keeps March 2023"
run veille quotes 'Trinh Quoc Hai' --limit 1 --json
assert_eq 1 "$(jout '.quotes | length')" "--limit 1"

# text output: one line per statement, the date first
run veille quotes 'Trinh Quoc Hai'
assert_rc 0 "quotes as text"
assert_contains "$OUT" "Trinh Quoc Hai  (trinh quoc hai)" "text: the person first"
assert_match "$OUT" $'\n  2023-03-12  [0-9a-f]+  a affirmé: ' "text: date, dispatch, verb"

# errors
run veille quotes 'Nobody Named So'
assert_rc 1 "an unknown person: exit 1"
assert_contains "$ERR" "no person named 'Nobody Named So'" "and says so"
run veille quotes
assert_rc 2 "no NAME: usage error"
run veille quotes 'Trinh Quoc Hai' --from 2024-13
assert_rc 2 "a bad date: usage error"
run veille quotes 'Trinh Quoc Hai' --about ''
assert_rc 2 "--about without words: usage error"
run veille quotes --help
assert_rc 0 "quotes --help"
assert_contains "$OUT" "usage: veille quotes NAME" "quotes --help prints its usage"
finish
