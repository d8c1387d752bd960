#!/usr/bin/env bash
# Peak memory of long documents: generates documents of SIZE bytes (default:
# just under the default --max-size, 6 MiB) of the kinds that cost most per
# byte, then measures `veille extract` on each and `veille ingest --jobs 2`
# on all of them in one run, with GNU time. A benchmark, not a test; the
# figures are in bench/README.md ("Memory").
#
#   bench/memory.sh [--size BYTES] [--veille PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
size=6200000
veille=${VEILLE:-build/veille}
while [ $# -gt 0 ]; do
    case $1 in
        --size) size=$2; shift 2 ;;
        --veille) veille=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "usage: bench/memory.sh [--size BYTES] [--veille PATH]" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "memory.sh: /usr/bin/time missing: apt-get install time" >&2; exit 2; }
[ -x "$veille" ] || { echo "memory.sh: no $veille (cmake --build build)" >&2; exit 2; }
work=bench/work/memory
rm -rf "$work"
mkdir -p "$work/docs"
python3 - "$work/docs" "$size" <<'PY'
import random, sys
d, size = sys.argv[1], int(sys.argv[2])
def fill(unit, name):
    # whole units up to size bytes of UTF-8
    out, n = [], 0
    i = 0
    while True:
        u = unit(i)
        b = len(u.encode())
        if n + b > size:
            break
        out.append(u)
        n += b
        i += 1
    open(f'{d}/{name}.txt', 'w').write(''.join(out) + '\n')
random.seed(3)
words = ['Nguyen', 'Van', 'Tran', 'Minh', 'Hoang', 'Quang', 'Thanh', 'Le', 'Pham', 'Duc',
         'ministre', 'de', 'la', 'Défense', 'a', 'déclaré', 'que', '«', '»', 'Hanoï', ',', '.',
         "l'", 'ONU', '2023', 'le', '15', 'mai']
fill(lambda i: 'Le ministre de la Défense a reçu une délégation à Hanoï. ', 'one-sentence')
fill(lambda i: f'M. Nguyen Van A{i}x, ministre de la Défense, ', 'titled-names')
fill(lambda i: 'Le ministre a déclaré que oui. ', 'statements')
fill(lambda i: random.choice(words) + ' ', 'random-words')
PY
printf '%-16s %10s %10s %12s\n' document bytes seconds "peak RSS"
for f in "$work"/docs/*.txt; do
    name=$(basename "$f" .txt)
    /usr/bin/time -o "$work/t" -f '%e %M' "$veille" extract --max-size "$((size + 1000))" "$f" > /dev/null
    read -r secs kb < "$work/t"
    printf '%-16s %10s %10s %9s MB\n' "extract $name" "$(stat -c %s "$f")" "$secs" "$((kb / 1024))"
done
/usr/bin/time -o "$work/t" -f '%e %M' "$veille" --db "$work/m.db" ingest --quiet --jobs 2 \
    --max-size "$((size + 1000))" "$work/docs"
read -r secs kb < "$work/t"
printf '%-16s %10s %10s %9s MB\n' "ingest all four" "$(cat "$work"/docs/*.txt | wc -c)" "$secs" "$((kb / 1024))"
rm -rf "$work"
