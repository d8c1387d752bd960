#!/usr/bin/env bash
# The PostgreSQL store (issue 21): a server of the test's own (initdb in a
# temporary folder, a Unix socket, no TCP; scripts/pg_local.sh), the sample
# stored there by ingest, by two ingests and by `extract --store | load`;
# every query command answers there what it answers from a file, JSON for
# JSON; a second writer waits for the first; `serve` answers from it while a
# loader writes; PostgreSQL's own SQL reads the store, full text included.
# The search and knowledge-base tests also run whole on PostgreSQL (ctest
# cli_postgresql: VEILLE_TEST_BACKEND=postgresql). Skipped where no
# PostgreSQL server can be started.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample
command -v psql >/dev/null || skip "no psql (Debian package postgresql; scripts/setup.sh --test installs it)"
start_pg
mkdb() { # NAME -> the URI of a new database on the test's server
    psql "$PG_URL" -qAt -c "CREATE DATABASE $1" >/dev/null
    printf '%s' "${PG_URL/\/veille\?//$1?}"
}

# --- the sample: a file, and PostgreSQL three ways ------------------------------------
split_sample "$T/h1" "$T/h2"
n=$(sample_files | wc -l)
veille ingest --quiet "$T/h1" "$T/h2"
P1=$PG_URL P2=$(mkdb two) P3=$(mkdb loaded)
run "$VEILLE_BIN" --db "$P1" ingest "$T/h1" "$T/h2"
assert_rc 0 "ingest into PostgreSQL (stderr: $ERR)"
if parse_summary; then assert_eq "$n" "$SUM_ADDED" "every document stored in PostgreSQL"; fi
"$VEILLE_BIN" --db "$P2" ingest --quiet "$T/h1"
"$VEILLE_BIN" --db "$P2" ingest --quiet "$T/h2"
"$VEILLE_BIN" extract --store "$T/h1" "$T/h2" > "$T/records.jsonl"
run "$VEILLE_BIN" --db "$P3" load "$T/records.jsonl"
assert_rc 0 "load into PostgreSQL (stderr: $ERR)"
run "$VEILLE_BIN" --db "$P1" ingest "$T/h1" "$T/h2"
if parse_summary; then
    assert_eq "0 $n" "$SUM_ADDED $SUM_ALREADY" "a second ingest stores nothing again (by content hash)"
fi

# Every command, JSON for JSON: the same answers as the file's, for every
# person, office and document of the sample; searches the same hits (their
# scores and order are PostgreSQL's ranking: same set, same snippets).
python3 - "$VEILLE_BIN" "$DB" "$P1" "$P2" "$P3" > "$T/same.txt" 2>&1 <<'EOF'
import json, subprocess, sys
bin_, ref, stores = sys.argv[1], sys.argv[2], sys.argv[3:]
def ask(db, *args):
    p = subprocess.run([bin_, '--db', db, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr
def j(db, *args):
    rc, out, err = ask(db, *args)
    return rc, (json.loads(out) if out.strip() else None), err
rc, persons, _ = j(ref, 'persons', '--json', '--limit', '100000')
keys = [p['key'] for p in persons['persons']]
offices, docs = set(), set()
cmds = [['stats', '--json'], ['persons', '--json', '--limit', '100000'],
        ['changes', '--since', '1900', '--json'], ['events', '--json', '--limit', '100000'],
        ['met', '--json', '--limit', '100000'], ['quotes', '--json', '--limit', '100000'],
        ['events', '--type', 'visit', '--json'], ['quotes', '--about', 'coopération', '--json']]
for k in keys:
    rc, p, _ = j(ref, 'person', k, '--json')
    for pos in p.get('positions', []):
        if pos.get('title'): offices.add(pos['title'])
    cmds += [['person', k, '--json'], ['related', k, '--json'], ['met', k, '--json'],
             ['quotes', k, '--json'], ['events', '--with', k, '--json']]
for o in sorted(offices):
    cmds += [['office', o, '--json'], ['office', o, '--at', '2024-06', '--json']]
queries = ['ministre', 'Tô Lâm', 'vietnam laos', 'minist*', '"premier ministre"',
           'vietnam NOT laos', '(hanoi OR laos) AND défense', 'coopération', 'xyzzyq',
           'défense intégration xyzzyq']
for q in queries:
    rc, r, _ = j(ref, 'search', q, '--json', '--limit', '1000')
    for h in (r or {}).get('hits', []): docs.add(h['id'])
for d in sorted(docs): cmds.append(['show', d, '--json'])
compared = 0
for db in stores:
    for c in cmds:
        a, b = ask(ref, *c), ask(db, *c)
        compared += 1
        if a[0] != b[0] or a[1] != b[1]:
            print('DIFF %s %s: exit %s/%s, %s' % (db.split('?')[0], ' '.join(c), a[0], b[0],
                  (a[1] + a[2])[:200] + ' | ' + (b[1] + b[2])[:200]))
    for q in queries:
        for extra in ([], ['--facets'], ['--from', '2024'], ['--sort', 'date'], ['--to', '2023-06']):
            ra, a, _ = j(ref, 'search', q, '--json', '--limit', '1000', *extra)
            rb, b, eb = j(db, 'search', q, '--json', '--limit', '1000', *extra)
            compared += 1
            if ra != rb or (a is None) != (b is None):
                print('DIFF search %s %s: exit %s/%s %s' % (q, extra, ra, rb, eb[:200])); continue
            if a is None: continue
            sa = sorted((h['id'], h['snippet'], h['title'], h['date']) for h in a['hits'])
            sb = sorted((h['id'], h['snippet'], h['title'], h['date']) for h in b['hits'])
            if sa != sb or a['total'] != b['total'] or a.get('undated') != b.get('undated'):
                print('DIFF search %s %s: hits or totals differ' % (q, extra))
            if '--sort' in extra and [h['id'] for h in a['hits']] != [h['id'] for h in b['hits']]:
                print('DIFF search %s %s: by date, another order' % (q, extra))
            # a facet's name is the first one met in rank order: keys and counts
            kc = lambda r: {k: sorted((f.get('key', f.get('month')), f['count']) for f in v)
                            if isinstance(v, list) else v for k, v in r.get('facets', {}).items()}
            if '--facets' in extra and kc(a) != kc(b) and len(a['hits']) <= 200:
                print('DIFF search %s %s: facets differ' % (q, extra))
print('compared', compared, 'persons', len(keys), 'offices', len(offices), 'documents', len(docs))
EOF
assert_eq "" "$(grep '^DIFF' "$T/same.txt" | head -5)" "PostgreSQL answers as the file does"
compared=$(sed -n 's/^compared \([0-9]*\) .*/\1/p' "$T/same.txt")
echo "$(tail -n 1 "$T/same.txt")"
assert_cmp "${compared:-0}" -gt 300 "many answers compared ($(tail -n 1 "$T/same.txt"))"

# --- PostgreSQL's own SQL reads the store ------------------------------------------------
assert_eq "$n" "$(psql "$P1" -qAt -c 'SELECT count(*) FROM documents')" "documents are rows"
assert_cmp "$(psql "$P1" -qAt -c "SELECT count(*) FROM doc_tsv WHERE tsv @@ 'ministr'::tsquery")" -gt 5 \
    "French full text in PostgreSQL: veille's stems in a tsvector (ministre, ministres: ministr)"
assert_cmp "$(psql "$P1" -qAt -c "SELECT count(*) FROM kb_persons")" -gt 10 "the knowledge base is tables"
assert_eq "$(sqlite3 "$DB" "SELECT count(*), count(DISTINCT key), sum(pos) FROM event_persons")" \
    "$(psql "$P1" -qAt -F '|' -c "SELECT count(*), count(DISTINCT key), sum(pos) FROM event_persons")" \
    "event_persons, a view in both"
assert_eq "$(veille persons --json --limit 100000 | jq '.persons | length')" \
    "$(psql "$P1" -qAt -c 'SELECT count(*) FROM kb_persons')" "the same persons"

# --- errors ------------------------------------------------------------------------------------
run "$VEILLE_BIN" --db "postgresql:///veille?host=$T/nowhere" stats
assert_rc 2 "no server"
assert_contains "$ERR" "cannot connect to PostgreSQL" "no server: said so"
E=$(mkdb empty)
run "$VEILLE_BIN" --db "$E" persons
assert_rc 2 "a database without a store"
assert_contains "$ERR" "holds no veille store" "an empty database: said so"

# a password in the URI is never printed (trust authentication ignores it)
run "$VEILLE_BIN" --db "$P1&password=hunter2" stats
assert_rc 0 "stats with a password in the URI"
assert_eq "0" "$(printf '%s%s' "$OUT" "$ERR" | grep -c hunter2)" "the password is not printed"
assert_contains "$OUT" "password=***" "it is shown hidden"

# --- one writer at a time: a second waits for the first --------------------------------------
psql "$P2" -qAt -c "SELECT pg_advisory_lock(1447381324), pg_sleep(2)" >/dev/null &
locker=$!
BG_PIDS+=("$locker")
sleep 0.5
t0=$(date +%s.%N)
run "$VEILLE_BIN" --db "$P2" ingest "$T/h1"
t1=$(date +%s.%N)
wait "$locker"
assert_rc 0 "the second writer ingests once the first is done"
assert_cmp "$(python3 -c "print(int(($t1 - $t0) * 10))")" -ge 10 "and waited for it (the lock held 2 s)"

# --- many readers while a loader writes ----------------------------------------------------------
mkdir -p "$T/more"
for copy in 1 2 3 4 5 6; do
    while IFS= read -r f; do
        { cat "$f"; printf '\nCopie %d de la dépêche.\n' "$copy"; } > "$T/more/c$copy-$(basename "$f")"
    done < <(sample_files)
done
more=$(ls "$T/more" | wc -l)
"$VEILLE_BIN" --db "$P3" serve --port 0 --threads 4 > "$T/serve.out" 2> "$T/serve.err" &
BG_PIDS+=("$!")
for _ in $(seq 100); do grep -q 'http://' "$T/serve.out" 2>/dev/null && break; sleep 0.05; done
BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$T/serve.out" | head -1)
[ -n "$BASE" ] || die "serve on PostgreSQL printed no URL: $(cat "$T/serve.out" "$T/serve.err")"
# the readers start first; the loader when they have been answered once;
# they read until it is done (a file says so)
python3 - "$BASE" "$T/loaded" "$T/reading" > "$T/readers.txt" 2>&1 <<'EOF' &
import json, os, sys, threading, time, urllib.request, urllib.parse
base, done_file, reading = sys.argv[1], sys.argv[2], sys.argv[3]
paths = ['/api/search?q=ministre', '/api/persons', '/api/stats', '/api/person?name=' +
         urllib.parse.quote('Tô Lâm'), '/api/events?limit=5', '/api/office?title=' +
         urllib.parse.quote('Premier ministre')]
bad, done, counts = [], [0], []
def reader(k):
    i = 0
    while i < 2000 and (i < 20 or not os.path.exists(done_file)):
        p = paths[(i + k) % len(paths)]
        try:
            with urllib.request.urlopen(base + p, timeout=30) as r:
                body = json.loads(r.read())
                if p == '/api/stats': counts.append(body['documents'])
        except Exception as e:
            bad.append('%s: %s' % (p, e))
        if i == 0 and k == 0: open(reading, 'w').close()
        i += 1
        done[0] += 1
ts = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print('requests', done[0], 'failed', len(bad), 'distinct', len(set(counts)), 'documents seen',
      sorted(set(counts))[:3], '...', sorted(set(counts))[-1:])
for b in bad[:5]: print('BAD', b)
EOF
readers=$!
BG_PIDS+=("$readers")
for _ in $(seq 300); do [ -f "$T/reading" ] && break; sleep 0.1; done
"$VEILLE_BIN" --db "$P3" ingest --quiet --batch 10 "$T/more" 2> "$T/load.err"
assert_eq 0 "$?" "the loader finished while readers read ($(tail -n 2 "$T/load.err"))"
touch "$T/loaded"
wait "$readers"
assert_eq 0 "$?" "the readers ended ($(tail -n 3 "$T/readers.txt"))"
assert_eq "" "$(grep '^BAD' "$T/readers.txt" | head -3)" "every reader's request answered"
echo "readers: $(head -n 1 "$T/readers.txt")"
assert_cmp "$(sed -n 's/^requests \([0-9]*\) .*/\1/p' "$T/readers.txt")" -ge 80 "four readers made many requests"
assert_cmp "$(sed -n 's/.* distinct \([0-9]*\) .*/\1/p' "$T/readers.txt")" -ge 2 \
    "the readers saw the store grow, batch by batch, while the loader wrote"
python3 - "$BASE" "$n" "$more" > "$T/after.txt" <<'EOF'
import json, sys, urllib.request
base, n, more = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = json.loads(urllib.request.urlopen(base + '/api/stats').read())
print(s['documents'], n + more)
EOF
read -r got want < "$T/after.txt"
assert_eq "$want" "$got" "the server sees the loader's documents once committed"

# PostgreSQL restarted under a running server: its threads connect again
bash "$REPO/scripts/pg_local.sh" stop "$PG_DIR" >/dev/null
bash "$REPO/scripts/pg_local.sh" start "$PG_DIR" >/dev/null || die "the PostgreSQL server did not start again"
python3 - "$BASE" > "$T/restart.txt" 2>&1 <<'EOF'
import json, sys, urllib.request
seen = set()
for _ in range(8):  # every thread of the server, at least once
    s = json.loads(urllib.request.urlopen(sys.argv[1] + '/api/stats', timeout=30).read())
    seen.add(s['documents'])
print(' '.join(map(str, sorted(seen))))
EOF
assert_eq "$want" "$(cat "$T/restart.txt")" "after a restart of PostgreSQL, the server answers again"
finish
