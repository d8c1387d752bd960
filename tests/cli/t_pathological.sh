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
finish
