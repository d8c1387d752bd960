#!/usr/bin/env bash
# Pathological inputs finish in time proportional to their size: a 5 MB
# single line, 100,000 elisions in a row, 100,000 capitalised words, 10,000
# nested quotes, 20,000 titled names, 30,000 reported statements, 190,000
# statements by an unnamed title holder. The bound
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
PY
for f in line elisions caps quotes names verbs unnamed; do
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
