#!/usr/bin/env bash
# Pathological inputs finish in time proportional to their size: a 5 MB
# single line, 100,000 elisions in a row, 100,000 capitalised words, 10,000
# nested quotes, 20,000 titled names, 30,000 reported statements, 190,000
# statements by an unnamed title holder, 70,000 "en tant que" in one
# sentence, 30,000 bodies of different names, 90,000 statements by "Ce
# dernier", a country's side and a description. The bound
# is generous (the test build runs under ASan); the exact figures are in
# bench/README.md.
. "$(dirname "$0")/lib.sh"
require_bin
python3 - "$T" <<'PY'
import random, sys
d = sys.argv[1]
random.seed(1)
open(f'{d}/line.txt', 'w').write(('Le ministre de la Défense a reçu une délégation à Hanoï. ' * 90000)[:5_000_000])
open(f'{d}/elisions.txt', 'w').write("l'" * 100000 + "intégration.\n")
syl = ['Nguyen', 'Van', 'Tran', 'Minh', 'Hoang', 'Quang', 'Thanh', 'Le', 'Pham', 'Duc']
open(f'{d}/caps.txt', 'w').write(' '.join(random.choice(syl) + random.choice(['', 'h', 'n'])
                                         for _ in range(100000)) + '.\n')
open(f'{d}/quotes.txt', 'w').write('« ' * 10000 + 'a déclaré le ministre' + ' »' * 10000 + '\n')
open(f'{d}/names.txt', 'w').write(' '.join(f'M. Nguyen Van A{i}x, ministre de la Défense,'
                                          for i in range(20000)) + '\n')
open(f'{d}/verbs.txt', 'w').write('Le ministre Phan Van Giang a reçu. ' +
                                  'Le ministre a déclaré que oui. ' * 30000 + '\n')
# statements by a title nobody named holds: each looked for its holder
# through the whole text before (quadratic: 40 s in a Release build)
open(f'{d}/unnamed.txt', 'w').write('Le ministre a déclaré que oui. ' * 190000 + '\n')
# one sentence of 70,000 "en tant que": each looked for its person back to
# the sentence's start (quadratic: 5.5 s for 800 KB in a Release build)
open(f'{d}/actingas.txt', 'w').write('il a agi en tant que chef de l\'État et ' * 70000 + '.\n')
# 30,000 bodies, each a different name: every short form compared with every
# name (quadratic: 10 s for 800 KB)
def word():
    return ''.join(random.choice('bcdfglmnprst') + random.choice('aeiou') for _ in range(3))
open(f'{d}/bodies.txt', 'w').write(''.join(f"Le Comité {word().capitalize()} de l'Union "
                                           f"{word().capitalize()} a voté. " for _ in range(30000)))
# statements of "Ce dernier", of a country's side and of a description
open(f'{d}/sides.txt', 'w').write('Le ministre lao Khamphan Sitha est venu. ' +
                                  ('Ce dernier a affirmé que oui. La partie lao a considéré que '
                                   "oui. Le chef de l'État a salué les efforts. ") * 30000 + '\n')
PY
for f in line elisions caps quotes names verbs unnamed actingas bodies sides; do
    start=$(date +%s.%N)
    timeout 120 "$VEILLE_BIN" extract "$T/$f.txt" > "$T/$f.out" 2>"$T/$f.err"
    rc=$?
    secs=$(python3 -c "import time; print(round(time.time() - $start, 2))")
    assert_eq 0 "$rc" "extract $f.txt exits 0 ($(head -c 200 "$T/$f.err"))"
    assert_eq 1 "$(grep -c . "$T/$f.out")" "extract $f.txt gives one record"
    assert_py "extract $f.txt took $secs s (bound 60 s)" "assert $secs < 60"
done
run veille ingest --quiet "$T/line.txt" "$T/caps.txt" "$T/names.txt"
assert_rc 0 "ingest of the pathological inputs"
assert_eq 3 "$(stats_documents)" "all three stored"

# One sentence without a full stop holding 24,000 reporting verbs (240 KB):
# every statement's content is its sentence, and every verb once scanned
# the sentence for its bounds (20 s, quadratic). Then a generator: for each
# lexicon of trigger phrases, its phrases repeated in one sentence, at two
# sizes; each extraction ends within the bound, and the larger one takes
# no more than about twice as long (quadratic work would take four times).
python3 - "$T" "$REPO/data" <<'PY'
import os, sys
d, data = sys.argv[1], sys.argv[2]
open(f'{d}/declare.txt', 'w').write('Le ministre Phan Van Giang ' + 'a déclaré ' * 24000 + '\n')
names = []
for f in sorted(os.listdir(data)):
    if not (f.endswith('.tsv') or f.endswith('.txt')) or f in ('stem_overrides.tsv', 'kb_overrides.tsv'):
        continue
    phrases = []
    for line in open(os.path.join(data, f), encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        p = line.split('\t')[0].strip().replace('.', ' ').replace('!', ' ').replace('?', ' ')
        if p:
            phrases.append(p)
    if not phrases:
        continue
    body = ' '.join(phrases[:60])
    for size in (100_000, 200_000):
        reps = size // (len(body) + 1) + 1
        text = 'Le ministre Phan Van Giang a reçu ' + ' '.join([body] * reps)
        name = f'trig_{f.rsplit(".", 1)[0]}_{size // 1000}'
        open(f'{d}/{name}.txt', 'w').write(text[:size] + '\n')
    names.append(f.rsplit('.', 1)[0])
open(f'{d}/triggers.list', 'w').write('\n'.join(names) + '\n')
PY
secs_of() { # FILE: seconds to extract it, or 999 on a failure
    local start rc
    start=$(date +%s.%N)
    timeout 120 "$VEILLE_BIN" extract "$1" > /dev/null 2>"$T/trig.err"
    rc=$?
    [ "$rc" = 0 ] || { echo 999; return; }
    python3 -c "import time; print(round(time.time() - $start, 3))"
}
s=$(secs_of "$T/declare.txt")
assert_py "extract declare.txt (24,000 verbs in one sentence) took $s s (bound 10 s)" "assert $s < 10"
while IFS= read -r lex; do
    a=$(secs_of "$T/trig_${lex}_100.txt")
    b=$(secs_of "$T/trig_${lex}_200.txt")
    [ -n "${PATHO_VERBOSE:-}" ] && echo "$lex $a $b" >&2
    assert_py "$lex phrases in one sentence: 100 KB in $a s, 200 KB in $b s (bound 20 s; twice the size within 3x the time)" \
        "assert $a < 20 and $b < 20 and ($b < 0.5 or $b < 3 * max($a, 0.05))"
done < "$T/triggers.list"

# Queries of many terms: each term a doclist walked for every row and
# weighed by the snippet (1,365 x "a*" took minutes): a term written again
# is dropped, more than 64 terms are refused, and the message says so. A
# snippet of the 5 MB line (500,000 matches of "a*") once took 3.5 minutes
# (FTS5's snippet() scores every match against every other; vl_snippet is
# linear).
start=$(date +%s.%N)
run veille search "$(printf 'a* %.0s' $(seq 1365))" --limit 3
secs=$(python3 -c "import time; print(round(time.time() - $start, 2))")
assert_rc 0 "1,365 x 'a*': one term"
assert_py "the search of 'a*' over the 5 MB line took $secs s (bound 20 s)" "assert $secs < 20"
run veille search "$(printf 'la AND %.0s' $(seq 400))la" --limit 1
assert_rc 2 "400 x 'la AND': refused"
assert_eq 1 "$(err_count 'more than 64 terms')" "it says how many terms a query may hold"
run veille search "$(seq -s ' ' 1 65)"
assert_rc 2 "65 different words: refused"
run veille search "$(seq -s ' ' 1 64)"
assert_rc 1 "64 words: searched, nothing found (exit 1)"
finish
