#!/usr/bin/env bash
# Fuzzing with libFuzzer (clang, ASan + UBSan): a dispatch through the whole
# analysis, a search query, a JSONL file, a text through the FTS5 tokenizer
# and back out of the index, a query string through `veille serve`'s routes
# (over a database of the sample), records of `extract --store` through
# load and back out. Builds fuzz/ into
# build-fuzz/ and runs each target for SECONDS (default 30), seeded from the
# sample and the spec cases, with a dictionary of the lexicons' French
# trigger words. A crash, a leak, undefined behaviour, an input slower
# than 10 s, or one over 250 ms + 20 ms of CPU per KB (fuzz/budget.h: work
# that grows faster than its input) is a finding: its input is left in build-fuzz/findings/ and the
# script fails. Every finding becomes a case of fuzz/regressions/ (run by
# tests/cli/t_fuzz_regressions.sh).
#
#   scripts/fuzz.sh [SECONDS]       30 s each: part of scripts/test.sh
#   scripts/fuzz.sh 600             a long run; the document target also
#                                   with inputs up to 1 MB
#   scripts/fuzz.sh 600 query http  some targets only (doc, query, jsonl,
#                                   fts, http, load; doc1m: doc with 1 MB
#                                   inputs)
# Prints "N passed, N failed" (targets) last. Without clang it says so and
# exits 0 after "0 passed, 0 failed" (scripts/setup.sh --test installs it).
set -u
cd "$(dirname "$0")/.."
secs=${1:-30}
shift $(($# > 0 ? 1 : 0))
targets=" ${*:-doc query jsonl fts http load doc1m} "
if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz: skipped, no clang (apt-get install clang; scripts/setup.sh --test does)"
    echo "0 passed, 0 failed"
    exit 0
fi
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DVEILLE_SANITIZE=ON -DVEILLE_FUZZ=ON >/dev/null || exit 2
cmake --build build-fuzz -j"$(nproc)" --target fuzz_doc fuzz_query fuzz_jsonl fuzz_fts fuzz_http fuzz_load veille_cli \
    >/dev/null || exit 2
work=build-fuzz/work
rm -rf "$work"
mkdir -p "$work/doc" "$work/query" "$work/jsonl" "$work/fts" "$work/http" "$work/load" build-fuzz/findings
# seeds: the sample's dispatches, the spec cases' texts, queries, JSONL lines
cp sample/dispatches/*.txt "$work/doc/"
cp sample/dispatches/*.txt "$work/fts/"
python3 - "$work" <<'PY'
import glob, json, os, sys
w = sys.argv[1]
n = 0
for f in sorted(glob.glob('tests/spec/extract-*.txt')):
    for case in open(f, encoding='utf-8').read().split('\n=== ')[1:]:
        text = case.split('\n', 1)[1].split('\n---', 1)[0]
        open(f'{w}/doc/spec{n:04d}.txt', 'w', encoding='utf-8').write(text)
        n += 1
for i, q in enumerate(['laos', 'ministre de la défense', '"garde-côtes" AND (laos OR cambodge) NOT minist*',
                       'coop* vietnam', 'Lê Minh Hưng ASEAN', '"a" OR "b"', 'x AND (y OR (z NOT w))']):
    open(f'{w}/query/q{i}', 'w', encoding='utf-8').write(q)
# a route byte (fuzz_http.c's order), then its query string
for i, q in enumerate(['\x00q=laos&facets=1&limit=5', '\x01', '\x021', '\x03name=Phan%20Van%20Giang',
                       '\x04name=Phan+Van+Giang&limit=3', '\x05title=ministre&at=2020',
                       '\x06limit=10', '\x07since=2019-01', '\x08with=Laos&from=2019&to=2024',
                       '\x09name=Giang', '\x0aname=Giang&about=ASEAN', '\x0b']):
    open(f'{w}/http/h{i}', 'w', encoding='utf-8').write(q)
for i, line in enumerate(open('sample/dispatches.jsonl', encoding='utf-8')):
    open(f'{w}/jsonl/l{i}.jsonl', 'w', encoding='utf-8').write(line)
# the dictionary: the first field of every lexicon line, as libFuzzer wants
# it (bytes past ASCII, quotes and backslashes written \xNN)
def entry(p):
    return '"' + ''.join(chr(b) if 32 <= b < 127 and b not in (34, 92) else '\\x%02x' % b
                         for b in p.encode('utf-8')) + '"\n'
words = set()
for f in glob.glob('data/*.t*'):
    for line in open(f, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        p = line.split('\t')[0].strip()
        if 0 < len(p.encode()) < 64:
            words.add(p)
with open(f'{w}/french.dict', 'w', encoding='utf-8') as d:
    for p in sorted(words) + ['(VNA)', ' - ', ' – ', '« ', ' »', '"', ' date 2024-01-02 ', '\n\n',
                              'AND', 'OR', 'NOT', '*', '{"text":"', '"}', '&', '=', '%', '+',
                              'q=', 'name=', 'limit=', 'from=', 'to=', 'at=', 'with=', 'about=',
                              'since=', 'title=', 'facets=1', 'sort=date', 'offset=']:
        d.write(entry(p))
PY
export VEILLE_DATA=$PWD/data VEILLE_FUZZ_US_PER_KB=20000
# the database fuzz_http's server reads
export VEILLE_FUZZ_DB=$PWD/$work/http.db
build-fuzz/veille --db "$VEILLE_FUZZ_DB" ingest --quiet sample/dispatches >/dev/null 2>&1 || exit 2
# fuzz_load's seeds: the sample's records for load, one file each
k=0
build-fuzz/veille extract --store sample/dispatches 2>/dev/null | while IFS= read -r line; do
    k=$((k + 1))
    printf '%s\n' "$line" > "$work/load/r$k.jsonl"
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0 failed=0
run() { # target max_len [libFuzzer options]
    local t=$1 len=$2 log=build-fuzz/fuzz_$1.log
    shift 2
    if build-fuzz/fuzz_"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len="$len" "$@" \
        -dict="$work/french.dict" -artifact_prefix=build-fuzz/findings/"$t"- -print_final_stats=1 \
        "$work/$t" > "$log" 2>&1; then
        echo "ok   fuzz_$t ($secs s, max_len $len): $(grep -o 'Done [0-9]* runs' "$log")"
        passed=$((passed + 1))
    else
        echo "FAIL fuzz_$t: $(grep -m1 -E 'ERROR|runtime error|timeout' "$log")"
        ls build-fuzz/findings/ | sed 's/^/    finding: /'
        failed=$((failed + 1))
    fi
}
want() { [[ $targets == *" $1 "* ]]; }
want doc && run doc 65536
want query && run query 4096
want jsonl && run jsonl 65536
want fts && run fts 16384
want http && run http 4096
want load && run load 65536
# inputs up to 1 MB from the start (libFuzzer otherwise grows its length
# limit with coverage: a 10-minute run stayed under 3 KB)
want doc1m && [ "$secs" -ge 300 ] && run doc 1048576 -len_control=0
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
