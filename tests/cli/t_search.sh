#!/usr/bin/env bash
# Search on the sample corpus (docs/CLI.md "search"): case, diacritics and
# stemming do not matter; phrases, prefixes, AND/OR/NOT/parentheses; date
# filters; ranking of multi-word queries; malformed queries; --limit; --json.
# Expected documents are computed at test time from the sample files
# (tests/cli/util.py folds case and diacritics), never hard-coded.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample

run veille ingest "$SAMPLE/dispatches"
assert_rc 0 "ingest sample/dispatches" || die "cannot ingest the sample"
mapfile -t FILES < <(sample_files)
printf '%s\n' "${FILES[@]}" >"$T/files.lst"

# sj NAME QUERY [OPTS...] — search --json (no limit in practice) into $T/NAME.json
sj() {
    local name=$1
    shift
    run veille search "$@" --json --limit 10000
    printf '%s' "$OUT" >"$T/$name.json"
    assert_rc 0 "search $*" && assert_json "$OUT" "search $* --json"
}
# check NAME MESSAGE PYTHON — runs PYTHON with: util, files (sample paths),
# texts {realpath: text}, res (the search JSON of NAME), hits (real paths of hits, in order),
# load(NAME) for another result, paths(NAME) for its hit paths.
check() {
    local name=$1 msg=$2 code=$3
    assert_py "$msg" "
import os, util
base = sys.argv[1]
files = [os.path.realpath(l) for l in open(sys.argv[2], encoding='utf-8').read().split(chr(10)) if l]
texts = {f: util.text_of(f) for f in files}
def load(n): return util.load_json(os.path.join(base, n + '.json'))
def paths(n): return [util.resolve(h.get('source'), base) for h in load(n)['hits']]
res = load('$name'); hits = paths('$name')
$code" "$T" "$T/files.lst"
}

# --- diacritics: hanoi finds documents that write only Hanoï -------------------
sj hanoi hanoi
sj hanoi_acc 'Hanoï'
sj hanoi_up 'HANOI'
check hanoi "search hanoi" '
only = [f for f in files if "hanoï" in texts[f].lower() and "hanoi" not in texts[f].lower()]
if not only: print("sample has no document writing only Hanoï (sample/README.md promises one)")
for f in only:
    if f not in hits: print("%s writes only Hanoï and is not among the hits" % os.path.basename(f))
want = [f for f in files if util.has_word(texts[f], ["hanoi"])]
for f in want:
    if f not in hits: print("%s has the word Hanoi/Hanoï and is not among the hits" % os.path.basename(f))
for f in hits:
    if f not in texts: print("hit %r is not a sample file" % f)
    elif not util.has_prefix(texts[f], "hanoi"): print("hit %s has no word Hanoi/Hanoï" % os.path.basename(f))
if res["total"] != len(res["hits"]): print("total %r != number of hits %d (no limit reached)" % (res["total"], len(res["hits"])))
'
check hanoi "Hanoï, HANOI and hanoi give the same hits" '
if sorted(paths("hanoi_acc")) != sorted(hits): print("Hanoï hits differ from hanoi hits")
if sorted(paths("hanoi_up")) != sorted(hits): print("HANOI hits differ from hanoi hits")
'

# --- diacritics the other way: integration finds intégration ---------------------
sj integ integration
sj integ_acc 'intégration'
check integ "search integration" '
only = [f for f in files if "intégration" in texts[f].lower() and "integration" not in texts[f].lower()]
if not only: print("sample has no document writing only intégration")
for f in only:
    if f not in hits: print("%s writes intégration and is not among the hits" % os.path.basename(f))
for f in hits:
    if not util.has_prefix(texts[f], "integr"): print("hit %s has no word like intégration" % os.path.basename(f))
if sorted(paths("integ_acc")) != sorted(hits): print("intégration and integration give different hits")
'

# --- stemming: ministres finds documents that write only ministre ---------------
sj ministres ministres
check ministres "search ministres" '
import re
def standalone(t, w): return re.search(r"(?<![\w-])" + w + r"(?![\w-])", util.fold(t)) is not None
only = [f for f in files if standalone(texts[f], "ministre") and not util.has_word(texts[f], ["ministres"])]
if not only: print("sample has no document writing ministre but never ministres")
for f in only:
    if f not in hits: print("%s writes only ministre (singular) and is not among the hits" % os.path.basename(f))
for f in hits:
    if not util.has_prefix(texts[f], "ministr"): print("hit %s has no ministre/ministres" % os.path.basename(f))
'

# ... and ministre finds documents that write only ministres.
sj ministre ministre
check ministre "search ministre" '
import re
def standalone(t, w): return re.search(r"(?<![\w-])" + w + r"(?![\w-])", util.fold(t)) is not None
only = [f for f in files if util.has_word(texts[f], ["ministres"]) and not standalone(texts[f], "ministre")]
if not only: print("sample has no document writing ministres but never ministre")
for f in only:
    if f not in hits: print("%s writes only ministres (plural) and is not among the hits" % os.path.basename(f))
'

# --- names without diacritics: tran luu quang finds Trần Lưu Quang -----------------
sj tlq 'tran luu quang'
check tlq "search tran luu quang" '
full = [f for f in files if "Trần Lưu Quang" in texts[f]]
if not full: print("sample has no document writing Trần Lưu Quang")
for f in full:
    if f not in hits: print("%s writes Trần Lưu Quang and is not among the hits" % os.path.basename(f))
allw = [f for f in files if util.has_phrase(texts[f], "tran luu quang")]
for f in allw:
    if f not in hits: print("%s has the name (folded) and is not among the hits" % os.path.basename(f))
fewer = [i for i, f in enumerate(hits) if not all(util.has_word(texts[f], [w]) for w in ("tran", "luu", "quang"))]
first_fewer = min(fewer) if fewer else len(hits)
for f in allw:
    if f in hits and hits.index(f) > first_fewer:
        print("%s (has the name) ranks %d, after %s (lacks a word) at %d" % (os.path.basename(f), hits.index(f), os.path.basename(hits[first_fewer]), first_fewer))
'

# --- phrase --------------------------------------------------------------------------
sj phrase '"vice-ministre de la défense"'
check phrase "phrase search" '
P = "vice-ministre de la défense"
strict = [f for f in files if util.has_phrase(texts[f], P)]
loose = [f for f in files if util.has_phrase(texts[f], P, loose=True)]
if not strict: print("sample has no document with the phrase")
for f in hits:
    if f not in loose: print("hit %s does not contain the phrase" % os.path.basename(f))
for f in strict:
    if f not in hits: print("%s contains the phrase and is not among the hits" % os.path.basename(f))
n = res["total"]
if not (len(strict) <= n <= len(loose)):
    print("total %r, expected the number of files containing the phrase: %d (up to %d with stemmed forms)" % (n, len(strict), len(loose)))
# the words without quotes must match more documents than the phrase
'
sj words 'vice ministre défense'
check phrase "phrase is narrower than its words" '
if not load("words")["total"] > res["total"]:
    # only meaningful when some document has the words apart
    apart = [f for f in files if all(util.has_prefix(texts[f], w) for w in ("vice", "ministr", "defens")) and not util.has_phrase(texts[f], "vice-ministre de la défense", loose=True)]
    if apart: print("words query total %r not above phrase total %r although %d files have the words apart" % (load("words")["total"], res["total"], len(apart)))
'

# --- prefix and boolean operators -----------------------------------------------------
sj pref 'minist*'
check pref "prefix minist*" '
import re
for f in hits:
    if not util.has_prefix(texts[f], "minist"): print("hit %s has no word starting with minist" % os.path.basename(f))
for f in files:
    if re.search(r"(?<![\w-])minist", util.fold(texts[f])) and f not in hits: print("%s has a word starting with minist and is not among the hits" % os.path.basename(f))
'
sj def 'défense'
sj and 'hanoi AND défense'
sj or 'hanoi OR intégration'
sj not 'défense NOT intégration'
sj par '(hanoi OR intégration) AND défense'
sj or_none 'hanoi OR xyzzyq'
check and "AND / OR / NOT / parentheses are set operations" '
H, I, D = set(paths("hanoi")), set(paths("integ_acc")), set(paths("def"))
def cmp(name, want):
    got = paths(name)
    if len(got) != len(set(got)): print("%s: duplicate hits" % name)
    if set(got) != want: print("%s: %d hits, expected %d (missing %s, extra %s)" % (name, len(set(got)), len(want), sorted(os.path.basename(x) for x in want - set(got))[:3], sorted(os.path.basename(x) for x in set(got) - want)[:3]))
cmp("and", H & D); cmp("or", H | I); cmp("not", D - I); cmp("par", (H | I) & D); cmp("or_none", H)
if not (H & D) or not (D - I) or not ((H | I) & D): print("sample too small for the boolean checks (empty expected set)")
'

# --- date filters -----------------------------------------------------------------------
sj from 'défense' --from 2024-01
sj to 'défense' --to 2021
sj range 'défense' --from 2022 --to 2023-06
check from "--from / --to" '
def inr(d, lo, hi):
    return d is not None and (lo is None or d[:len(lo)] >= lo) and (hi is None or d[:len(hi)] <= hi)
alld = load("def")
for name, lo, hi in (("from", "2024-01", None), ("to", None, "2021"), ("range", "2022", "2023-06")):
    r = load(name)
    for h in r["hits"]:
        if not inr(h.get("date"), lo, hi): print("%s: hit %s dated %r outside [%s, %s]" % (name, h.get("id"), h.get("date"), lo, hi))
    want = sorted(h["id"] for h in alld["hits"] if inr(h.get("date"), lo, hi))
    got = sorted(h["id"] for h in r["hits"])
    if got != want: print("%s: ids %s, expected the dated hits of the unfiltered search %s" % (name, got[:5], want[:5]))
    if not 0 < r["total"] < alld["total"]: print("%s: total %r should be above 0 and below the unfiltered %r" % (name, r["total"], alld["total"]))
'

# --- multi-word query with a word found nowhere: still hits, all-words first -------
sj multi 'defense integration xyzzyq'
check multi "defense integration xyzzyq" '
if res["total"] == 0 or not hits: print("no hits (a word found nowhere must not empty the result)")
full = [f for f in files if util.has_word(texts[f], ["defense", "defenses"]) and util.has_word(texts[f], ["integration", "integrations"])]
if not full: print("sample has no document with both défense and intégration")
for f in full:
    if f not in hits: print("%s has défense and intégration and is not among the hits" % os.path.basename(f))
lacks = [i for i, f in enumerate(hits) if not (util.has_prefix(texts[f], "defens") and util.has_prefix(texts[f], "integr"))]
if lacks:
    for f in full:
        if f in hits and hits.index(f) > lacks[0]:
            print("%s (both words) ranks %d, after %s (one word) at %d" % (os.path.basename(f), hits.index(f), os.path.basename(hits[lacks[0]]), lacks[0]))
sc = [h["score"] for h in res["hits"]]
if sc != sorted(sc) and sc != sorted(sc, reverse=True): print("hits are not in score order: %s" % sc[:10])
'

# --- the document most about both words ranks first -----------------------------------
sj both 'intégration défense'
check both "intégration défense: top hit" '
def n(f, p): return sum(1 for w in util.words(texts[f]) if w.startswith(p))
sc = sorted(((min(n(f, "integr"), n(f, "defens")), f) for f in files), reverse=True)
if sc[0][0] < 2 * sc[1][0]: print("sample has no document clearly most about intégration and défense")
elif not hits or hits[0] != sc[0][1]:
    print("top hit %s, expected %s (%d of each word at least, next best %d)" % (os.path.basename(hits[0]) if hits else None, os.path.basename(sc[0][1]), sc[0][0], sc[1][0]))
'

# --- nothing matched is not an error: exit 1, like grep (docs/CLI.md) ------------------
run veille search xyzzyq --json
assert_rc 1 "search with no match exits 1"
assert_eq 0 "$(jout .total)" "no match: total 0"
assert_eq 0 "$(jout '.hits | length')" "no match: hits []"
run veille search xyzzyq
assert_rc 1 "text search with no match exits 1"
assert_eq 0 "$(printf '%s\n' "$OUT" | grep -c '^\[')" "no match: no hit lines"

# --- malformed queries ---------------------------------------------------------------------
for q in '"unclosed' 'AND' '(a OR' 'hanoi AND' 'OR OR' ')' 'NOT'; do
    run veille search "$q"
    assert_rc 2 "malformed query [$q]"
    assert_eq 1 "$(printf '%s\n' "$ERR" | grep -c .)" "malformed query [$q]: one stderr line"
    assert_match "$ERR" '^veille: bad query: .+' "malformed query [$q]: message"
    for w in fts5 'syntax error near' sqlite; do
        assert_not_contains_i "$ERR" "$w" "malformed query [$q]: no SQLite wording"
    done
    assert_eq "" "$OUT" "malformed query [$q]: nothing on stdout"
done
# a query that is no text or too long: refused with the reason
run veille search $'s\xe9curit\xe9'
assert_rc 2 "a query of invalid UTF-8"
assert_eq "veille: bad query: query is not valid UTF-8 (byte 2)" "$ERR" "it says where"
run veille search "$(printf 'a%.0s' $(seq 1 4097))"
assert_rc 2 "a query of 4097 bytes"
assert_eq "veille: bad query: query longer than 4096 bytes" "$ERR" "it says the bound"

# --- --limit -------------------------------------------------------------------------------
dtotal=$(jq .total "$T/def.json")
assert_cmp "$dtotal" -gt 2 "défense matches more than 2 documents"
run veille search 'défense' --limit 2 --json
assert_rc 0 "search --limit 2 --json"
assert_eq 2 "$(jout '.hits | length')" "--limit 2 returns 2 hits"
assert_eq "$dtotal" "$(jout .total)" "--limit keeps total = all matches"
assert_eq "$(jq -c '[.hits[:2][].id]' "$T/def.json")" "$(jout -c '[.hits[].id]')" "--limit 2 returns the first two hits"
run veille search 'défense' --limit 2
assert_rc 0 "search --limit 2 (text)"
assert_eq 2 "$(printf '%s\n' "$OUT" | grep -c '^\[')" "--limit 2 text output has 2 hit lines"

# --- --json fields -------------------------------------------------------------------------
check hanoi "--json fields" '
if sorted(res) != ["hits", "total", "undated"]: print("top-level keys %s, expected hits, total, undated" % sorted(res))
if res["undated"] != 0: print("undated %r without a date filter" % res["undated"])
if not isinstance(res["total"], int): print("total is not an integer")
for h in res["hits"]:
    for k, ty in (("id", str), ("source", str), ("date", (str, type(None))), ("title", (str, type(None))), ("snippet", str), ("score", (int, float))):
        if k not in h: print("hit lacks %s: %s" % (k, sorted(h))); continue
        if not isinstance(h[k], ty) or isinstance(h[k], bool): print("hit %s: %s is %r" % (h.get("id"), k, h[k]))
    if not h.get("snippet"): print("hit %s: empty snippet" % h.get("id"))
ids = [h["id"] for h in res["hits"]]
if len(set(ids)) != len(ids): print("duplicate ids among hits")
'

# --- text output: [score] date  id  title-or-source, snippet with [match] --------------------
run veille search hanoi --limit 3
assert_rc 0 "search hanoi (text)"
printf '%s\n' "$OUT" >"$T/text.out"
check hanoi "text output" '
import re
lines = open(os.path.join(base, "text.out"), encoding="utf-8").read().split("\n")
heads = [i for i, l in enumerate(lines) if l.startswith("[")]
ids = [h["id"] for h in res["hits"][:3]]
if len(heads) != 3: print("%d hit lines, expected 3" % len(heads))
for i, (n, hid) in enumerate(zip(heads, ids)):
    l = lines[n]
    if not re.match(r"^\[-?[0-9.]+\] ", l): print("hit line %r does not start with [score]" % l)
    if hid not in l.split(): print("hit line %d %r does not show id %s (the JSON order)" % (i, l, hid))
    nxt = lines[n + 1] if n + 1 < len(lines) else ""
    if not nxt[:1].isspace(): print("no indented snippet after %r" % l)
    elif not re.search(r"\[hano[iï]\]", nxt, re.I): print("snippet %r has no [Hanoi]/[Hanoï] mark" % nxt)
'
# --- function words of a plain query (data/query_skip.txt) ------------------------------------
# "défense de la" searches défense: the same documents as "défense" alone,
# and no snippet marks [de] or [la]; a query of function words only keeps them.
run veille search 'défense de la' --json --limit 10000
assert_rc 0 "search 'défense de la'"
printf '%s' "$OUT" >"$T/fw.json"
run veille search 'défense' --json --limit 10000
printf '%s' "$OUT" >"$T/fw1.json"
assert_py "plain query leaves function words out" "
import json
a = json.load(open('$T/fw.json')); b = json.load(open('$T/fw1.json'))
assert a['total'] == b['total'] > 0, (a['total'], b['total'])
assert sorted(h['id'] for h in a['hits']) == sorted(h['id'] for h in b['hits'])
marked = [h['snippet'] for h in a['hits'] if '\x01de\x02' in h['snippet'].lower() or '\x01la\x02' in h['snippet'].lower()]
assert not marked, marked[:2]"
run veille search 'de la' --json --limit 5
assert_rc 0 "search 'de la'"
assert_py "a query of function words only still finds them" "
import json
r = json.loads(sys.argv[1]); assert r['total'] > 0, r['total']" "$OUT"
# --- undated documents, --sort date, --offset (issue 18) ------------------------------------------
# Three dispatches written for this test: two dated, one undated, all with
# "quokka", two with "wombat".
mkdir -p "$T/dated"
printf ' date 2023-05 Hanoi (VNA) – Le quokka du zoo de Hanoï a reçu la visite du ministre.\n' >"$T/dated/a.txt"
printf ' date 2024-02 Hanoi (VNA) – Un quokka et un wombat ont été offerts par l’Australie.\n' >"$T/dated/b.txt"
printf 'Un texte sans date parle du quokka et du wombat, sans dire quand.\n' >"$T/dated/c.txt"
vd() { "$VEILLE_BIN" --db "$T/dated.db" "$@"; }
run vd ingest --quiet "$T/dated"
assert_rc 0 "ingest the dated and undated dispatches"
# a date filter leaves the undated out, and says how many
run vd search quokka --from 2023
assert_rc 0 "search quokka --from 2023"
assert_eq "2 documents (1 undated left out: --undated includes them)" "$(printf '%s' "$OUT" | head -1)" \
    "the undated left out are counted"
run vd search quokka --from 2023 --json
assert_eq "2 1 2024-02,2023-05" "$(printf '%s' "$OUT" | jq -r '"\(.total) \(.undated) \([.hits[].date] | join(","))"')" \
    "--json: total, undated left out, the dated hits"
run vd search quokka --from 2023 --undated --json
assert_eq "3 0" "$(printf '%s' "$OUT" | jq -r '"\(.total) \(.undated)"')" "--undated includes them"
run vd search quokka --to 2023-12 --json
assert_eq "1 1 2023-05" "$(printf '%s' "$OUT" | jq -r '"\(.total) \(.undated) \([.hits[].date] | join(","))"')" \
    "--to: the earlier one, the undated counted"
run vd search quokka --json
assert_eq "3 0" "$(printf '%s' "$OUT" | jq -r '"\(.total) \(.undated)"')" "no date filter: nothing left out"
# newest first, undated last; a plain query's words all required
run vd search quokka --sort date --json
assert_eq "3 2024-02,2023-05,null" "$(printf '%s' "$OUT" | jq -r '"\(.total) \([.hits[] | .date // "null"] | join(","))"')" \
    "--sort date: newest first, undated last"
run vd search 'quokka wombat' --sort date --json
assert_eq "2 2024-02,null" "$(printf '%s' "$OUT" | jq -r '"\(.total) \([.hits[] | .date // "null"] | join(","))"')" \
    "--sort date: both words required"
run vd search quokka --sort date --offset 1 --limit 1 --json
assert_eq "3 2023-05" "$(printf '%s' "$OUT" | jq -r '"\(.total) \([.hits[] | .date // "null"] | join(","))"')" \
    "--offset 1 --limit 1: the second hit, the total unchanged"
run vd search quokka --json --limit 100
all=$(printf '%s' "$OUT" | jq -r '[.hits[].id] | join(",")')
run vd search quokka --json --offset 1 --limit 100
assert_eq "$(printf '%s' "$all" | cut -d, -f2-)" "$(printf '%s' "$OUT" | jq -r '[.hits[].id] | join(",")')" \
    "--offset by relevance: the same order, one further"
run vd search quokka --sort newest
assert_rc 2 "--sort takes relevance or date"
run vd search quokka --offset -1
assert_rc 2 "a negative offset is refused"
# --- names keep their parts (issue 18) -------------------------------------------------------------
# "le" and "son" are function words of a plain query, and syllables of
# Vietnamese names: a known person's name is one phrase, all its words
# kept; a capitalised name syllable is kept. Dispatches written for this.
mkdir -p "$T/names"
printf ' date 2024-03 Hanoi (VNA) – Le ministre Lê Minh Hưng a reçu mardi les ambassadeurs de l’ASEAN à Hanoi.\n' >"$T/names/n1.txt"
printf ' date 2024-04 Hanoi (VNA) – Le général Trần Minh Sơn s’est rendu mercredi dans la province de Lai Châu.\n' >"$T/names/n2.txt"
printf ' date 2024-05 Hanoi (VNA) – La réunion des hauts fonctionnaires de l’ASEAN a ouvert ses travaux à Vientiane.\n' >"$T/names/n3.txt"
printf ' date 2024-06 Hanoi (VNA) – Le ministre Lê Minh Hưng a inspecté jeudi le port de Hai Phong.\n' >"$T/names/n4.txt"
printf ' date 2024-07 Hanoi (VNA) – Le ministre a présenté son rapport sur la transparence des comptes publics.\n' >"$T/names/n5.txt"
vn() { "$VEILLE_BIN" --db "$T/names.db" "$@"; }
run vn ingest --quiet "$T/names"
assert_rc 0 "ingest the dispatches with names"
hits() { printf '%s' "$OUT" | jq -r '[.hits[].source | sub(".*/"; "")] | join(",")'; }
run vn search 'le minh hung' --json
assert_eq "2 n1.txt,n4.txt" "$(printf '%s' "$OUT" | jq -r '.total') $(hits | tr ',' '\n' | sort | paste -sd,)" \
    "a known name typed without accents is one phrase: its two dispatches only"
run vn search 'Lê Minh Hưng ASEAN' --json
assert_eq "n1.txt" "$(hits | cut -d, -f1)" "the name and ASEAN together first"
assert_eq "n1.txt,n3.txt,n4.txt" "$(hits | tr ',' '\n' | sort | paste -sd,)" \
    "then the name or ASEAN alone; not another Minh"
run vn search 'Minh Sơn' --json
assert_eq "n2.txt" "$(hits | cut -d, -f1)" "a capitalised name syllable (Sơn) is kept: Trần Minh Sơn first"
run vn search 'minh son' --json
assert_eq "n1.txt,n2.txt,n4.txt" "$(hits | tr ',' '\n' | sort | paste -sd,)" \
    "in lower case, son is the French word left out: minh alone (not the report of n5)"
# --- facets (issue 18) --------------------------------------------------------------------------------
# over the names dispatches: "ministre" is in n1, n4, n5 (2024-03, -06, -07);
# Lê Minh Hưng is named in two of them, Hanoi in all three
run vn search ministre --facets --json
assert_rc 0 "search --facets --json"
assert_eq "3 3" "$(printf '%s' "$OUT" | jq -r '"\(.total) \(.facets.docs)"')" "facets over every hit (fewer than 200)"
assert_eq "le minh hung:Lê Minh Hưng:2" "$(printf '%s' "$OUT" | jq -r '.facets.persons[0] | "\(.key):\(.name):\(.count)"')" \
    "the person the hits name most, by hits"
assert_eq "hanoi:3" "$(printf '%s' "$OUT" | jq -r '.facets.places[0] | "\(.key):\(.count)"')" "the place named in every hit first"
assert_eq "2024-03:1,2024-06:1,2024-07:1" "$(printf '%s' "$OUT" | jq -r '[.facets.months[] | "\(.month):\(.count)"] | join(",")')" \
    "hits per month, in order"
run vn search ministre --facets --json --limit 1 --offset 1
assert_eq "1 3" "$(printf '%s' "$OUT" | jq -r '"\(.hits | length) \(.facets.docs)"')" \
    "the page is one hit, the facets still count the best hits"
run vn search ministre --facets --sort date --json
assert_eq "3 2024-07" "$(printf '%s' "$OUT" | jq -r '"\(.facets.docs) \(.hits[0].date)"')" "facets with --sort date"
run vn search ministre --json
assert_eq "false" "$(printf '%s' "$OUT" | jq -r 'has("facets")')" "no facets unless asked"
run vn search ministre --facets
assert_rc 0 "search --facets (text)"
assert_eq "1" "$(printf '%s\n' "$OUT" | grep -c '^  persons: Lê Minh Hưng (2)')" "text: the persons line"
# --- words found together (issue 18) --------------------------------------------------------------
# Two dispatches written for this test hold the three words once each; the
# second is shorter (bm25 alone puts it first), the first has them together.
mkdir -p "$T/near"
printf ' date 2024-09 Hanoi (VNA) – Les deux vice-ministres ont tenu mardi à Hanoi le dialogue politique de défense, le quatrième depuis la signature de leur accord.\n' >"$T/near/p1.txt"
printf ' date 2024-09 Hanoi (VNA) – Le dialogue a porté sur la politique agricole; la défense des récoltes a été évoquée.\n' >"$T/near/p2.txt"
vp() { "$VEILLE_BIN" --db "$T/near.db" "$@"; }
run vp ingest --quiet "$T/near"
assert_rc 0 "ingest the dispatches for words found together"
run vp search 'dialogue politique defense' --json
assert_eq "p1.txt,p2.txt" "$(hits)" "the words together (politique de défense) first, the shorter one with them apart second"
run vp search '"dialogue" AND "politique" AND "defense"' --json
assert_eq "p2.txt,p1.txt" "$(hits)" "with operators, bm25 alone: the shorter one first"
# --- stems the stemmer conflates (issue 18, data/stem_overrides.tsv) -------------------------------
# Dispatches written for this test: the army, weapons, the two sides, the
# party, a commune.
mkdir -p "$T/stems"
printf ' date 2024-10 Hanoi (VNA) – Les officiers de l’armée populaire ont achevé jeudi leur formation.\n' >"$T/stems/s1.txt"
printf ' date 2024-10 Hanoi (VNA) – La police a démantelé un réseau de trafic d’armes à la frontière.\n' >"$T/stems/s2.txt"
printf ' date 2024-10 Hanoi (VNA) – Les deux parties ont signé un mémorandum sur la pêche.\n' >"$T/stems/s3.txt"
printf ' date 2024-10 Hanoi (VNA) – Le Parti communiste a tenu sa conférence annuelle à Hanoi.\n' >"$T/stems/s4.txt"
printf ' date 2024-10 Hanoi (VNA) – Une commune rurale de la province a reçu un nouveau dispensaire.\n' >"$T/stems/s5.txt"
vs() { "$VEILLE_BIN" --db "$T/stems.db" "$@"; }
run vs ingest --quiet "$T/stems"
assert_rc 0 "ingest the dispatches for stems"
for q in "armee:s1.txt" "armees:s1.txt" "armes:s2.txt" "parti:s4.txt" "parties:s3.txt" "communiste:s4.txt" "commune:s5.txt"; do
    run vs search "${q%%:*}" --json
    assert_eq "${q#*:}" "$(hits)" "search ${q%%:*}: its own word only"
done
# A database indexed with Snowball's stems alone (no override file) finds
# the army and the weapons together; at schema 9 it migrates, its index
# made again: the army alone.
mkdir -p "$T/data-nostem"
cp -r "${VEILLE_DATA:-$REPO/data}"/. "$T/data-nostem/"
rm -f "$T/data-nostem/stem_overrides.tsv"
VEILLE_DATA="$T/data-nostem" "$VEILLE_BIN" --db "$T/oldstems.db" ingest --quiet "$T/stems" >/dev/null 2>&1
run env VEILLE_DATA="$T/data-nostem" "$VEILLE_BIN" --db "$T/oldstems.db" search armee --json
assert_eq "s1.txt,s2.txt" "$(hits | tr ',' '\n' | sort | paste -sd,)" "without the overrides, armée finds the weapons too"
if ! on_pg; then # a SQLite file's schema version
    sqlite3 "$T/oldstems.db" "PRAGMA user_version = 9"
    run "$VEILLE_BIN" --db "$T/oldstems.db" search armee --json
    assert_eq "s1.txt" "$(hits)" "schema 9 migrated: the index made again, the army alone"
    assert_eq 10 "$(sqlite3 "$T/oldstems.db" "PRAGMA user_version")" "schema 10"
fi
# indexed without the overrides at schema 10, the index is made again by rebuild
VEILLE_DATA="$T/data-nostem" "$VEILLE_BIN" --db "$T/newstems.db" ingest --quiet "$T/stems" >/dev/null 2>&1
run "$VEILLE_BIN" --db "$T/newstems.db" rebuild
assert_rc 0 "rebuild"
run "$VEILLE_BIN" --db "$T/newstems.db" search armee --json
assert_eq "s1.txt" "$(hits)" "rebuild: the index made with the overrides"
finish
