#!/usr/bin/env bash
# stats and show (docs/CLI.md "stats", "show"): stats --json fields and
# values on the sample; show --json of every sample document: id, source,
# header date, blocks whose start/end (code points) slice the stored text to
# their "text"; show by id == show by path; the text output lists every
# block with its kind and byte range; JSONL documents slice their "text".
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin
require_sample

# --- stats on an empty database -------------------------------------------------
mkdir "$T/emptydir"
run veille ingest "$T/emptydir"
assert_rc 0 "ingest of an empty folder"
if parse_summary; then assert_eq 0 "$SUM_READ" "empty folder: 0 read"; fi
run veille stats --json
assert_rc 0 "stats --json on an empty database"
assert_json "$OUT" "stats --json (empty)"
assert_eq 0 "$(jout .documents)" "empty: documents"
assert_eq null "$(jout .first_date)" "empty: first_date"
assert_eq null "$(jout .last_date)" "empty: last_date"
assert_eq 0 "$(jout .bytes)" "empty: bytes"

# --- stats on the sample ------------------------------------------------------------
run veille ingest "$SAMPLE/dispatches"
assert_rc 0 "ingest sample/dispatches" || die "cannot ingest the sample"
sample_files >"$T/files.lst"

run veille stats --json
assert_rc 0 "stats --json"
assert_json "$OUT" "stats --json" || die "stats --json is not JSON"
printf '%s' "$OUT" >"$T/stats.json"
assert_py "stats --json fields and values" '
import hashlib, re, util
st = util.load_json(sys.argv[1])
files = [l for l in open(sys.argv[2], encoding="utf-8").read().split("\n") if l]
for k in ("documents", "first_date", "last_date", "bytes", "skipped", "schema_version"):
    if k not in st: print("missing field %s" % k)
for k in ("documents", "bytes", "skipped", "schema_version"):
    if k in st and (not isinstance(st[k], int) or isinstance(st[k], bool)): print("%s is %r, not an integer" % (k, st[k]))
texts = {}
for f in files:
    t = util.text_of(f)
    texts[hashlib.sha256(t.encode()).hexdigest()] = t
if st.get("documents") != len(texts): print("documents %r, expected %d distinct sample texts" % (st.get("documents"), len(texts)))
nbytes = sum(len(t.encode()) for t in texts.values())
if st.get("bytes") != nbytes: print("bytes %r, expected %d (UTF-8 bytes of the stored texts)" % (st.get("bytes"), nbytes))
if st.get("skipped") != 0: print("skipped %r, expected 0" % st.get("skipped"))
if not (isinstance(st.get("schema_version"), int) and st["schema_version"] >= 1): print("schema_version %r" % st.get("schema_version"))
' "$T/stats.json" "$T/files.lst"

run veille stats
assert_rc 0 "stats (text)"
assert_contains "$OUT" "$(jq -r .documents "$T/stats.json")" "stats text output shows the document count"
assert_contains "$OUT" "$(jq -r .first_date "$T/stats.json")" "stats text output shows the first date"

# --- show --json of every sample document ---------------------------------------------
mapfile -t FILES <"$T/files.lst"
i=0
for f in "${FILES[@]}"; do
    i=$((i + 1))
    n=$(basename "$f")
    run veille show --json "$f"
    assert_rc 0 "show --json $n" || continue
    assert_json "$OUT" "show --json $n" || continue
    printf '%s' "$OUT" >"$T/show$i.json"
    assert_py "show --json $n" '
import re, util, os
d = util.load_json(sys.argv[1]); path = sys.argv[2]; text = util.text_of(path)
for k in ("id", "source", "date", "date_source", "title", "blocks"):
    if k not in d: print("missing field %s" % k)
if not isinstance(d.get("id"), str) or not d.get("id"): print("id %r" % d.get("id"))
if util.resolve(d.get("source"), os.getcwd()) != os.path.realpath(path): print("source %r is not the file path" % d.get("source"))
m = re.match(r" ?date (\d{4}-\d{2}(?:-\d{2})?)", text)
if m:
    if d.get("date") != m.group(1): print("date %r, header says %s" % (d.get("date"), m.group(1)))
    if d.get("date_source") != "header": print("date_source %r, expected header" % d.get("date_source"))
kinds = set(os.environ["BLOCK_KINDS"].split())
bl = d.get("blocks") or []
if not any(b.get("kind") == "paragraph" for b in bl): print("no paragraph block")
prev = 0
for b in bl:
    if set(b) < {"kind", "start", "end", "text"}: print("block fields %s" % sorted(b))
    if b.get("kind") not in kinds: print("unknown kind %r" % b.get("kind"))
    s, e = b.get("start"), b.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        print("bad range %r-%r (text has %d code points)" % (s, e, len(text))); continue
    if text[s:e] != b.get("text"): print("[%d,%d) slice %r != text %r" % (s, e, text[s:e][:50], (b.get("text") or "")[:50]))
    if s < prev: print("blocks overlap or are out of order at %d" % s)
    prev = e
# every non-blank line of the article is covered by some block (nothing lost)
cov = [False] * len(text)
for b in bl:
    if isinstance(b.get("start"), int) and isinstance(b.get("end"), int):
        for j in range(max(0, b["start"]), min(len(text), b["end"])): cov[j] = True
body_start = m.end() if m else 0
lost = "".join(c if not cov[j] else "\n" for j, c in enumerate(text) if j >= body_start)
lost = [w for w in lost.split("\n") if any(c.isalnum() for c in w)]
if lost: print("text not covered by any block: %r" % lost[:3])
' "$T/show$i.json" "$f"

    # show by id gives the same record
    id=$(jq -r .id "$T/show$i.json")
    run veille show --json "$id"
    assert_rc 0 "show --json by id ($n)"
    assert_eq "$(jq -cS . "$T/show$i.json")" "$(jout -cS .)" "show by id == show by path ($n)"
done

# first_date / last_date: the earliest and latest document dates (as show gives them).
assert_py "stats first_date / last_date" '
import glob, util
st = util.load_json(sys.argv[1])
dates = [util.load_json(f).get("date") for f in glob.glob(sys.argv[2] + "/show*.json")]
dates = [d for d in dates if d]
if not dates: print("no dated document")
else:
    if st.get("first_date") != min(dates): print("first_date %r, expected %s (earliest document date)" % (st.get("first_date"), min(dates)))
    if st.get("last_date") != max(dates): print("last_date %r, expected %s (latest document date)" % (st.get("last_date"), max(dates)))
' "$T/stats.json" "$T"

# --- show text output: each block with its kind and byte range --------------------------
f=$(head -n 1 "$T/files.lst")
run veille show "$f"
assert_rc 0 "show (text) $(basename "$f")"
printf '%s\n' "$OUT" >"$T/show_text.out"
assert_py "show text output" '
import re, util
d = util.load_json(sys.argv[1]); out = open(sys.argv[2], encoding="utf-8").read()
text = util.text_of(sys.argv[3])
if d.get("date") and d["date"] not in out: print("header date %s not shown" % d["date"])
nums = set(int(x) for x in re.findall(r"\d+", out))
for b in d.get("blocks") or []:
    k = b["kind"]
    if len(re.findall(r"\b%s\b" % k, out)) < sum(1 for c in d["blocks"] if c["kind"] == k):
        print("fewer %r labels than %s blocks" % (k, k))
    bs, be = len(text[:b["start"]].encode()), len(text[:b["end"]].encode())
    if bs not in nums or be not in nums: print("byte range %d-%d of the %s block at code points %d-%d not shown" % (bs, be, k, b["start"], b["end"]))
' "$T/show1.json" "$T/show_text.out" "$f"

# --- show of something that is not there ----------------------------------------------------
run veille show --json no-such-document-id
assert_ne 0 "$RC" "show of an unknown id fails"
assert_match "$ERR" '^veille: ' "show unknown id: message starts with 'veille: '"
assert_eq "" "$OUT" "show unknown id: nothing on stdout"

# --- JSONL documents: offsets into the "text" field ------------------------------------------
if [ -f "$SAMPLE/dispatches.jsonl" ]; then
    DB=$T/jsonl.db
    run veille ingest "$SAMPLE/dispatches.jsonl"
    assert_rc 0 "ingest sample/dispatches.jsonl"
    nlines=$(grep -c . "$SAMPLE/dispatches.jsonl")
    if parse_summary; then assert_eq "$nlines" "$SUM_READ" "JSONL: one document per line"; fi
    mapfile -t LINES < <(head -n 3 "$SAMPLE/dispatches.jsonl")
    k=0
    for line in "${LINES[@]}"; do
        k=$((k + 1))
        printf '%s\n' "$line" >"$T/line$k.json"
        id=$(jq -r '.id // empty' "$T/line$k.json")
        [ -n "$id" ] || continue
        run veille show --json "$id"
        assert_rc 0 "show --json JSONL id $id" || continue
        printf '%s' "$OUT" >"$T/jshow$k.json"
        assert_eq "$id" "$(jout .id)" "JSONL id $id kept"
        assert_py "JSONL $id blocks slice its text" '
import json, util
d = util.load_json(sys.argv[1]); src = util.load_json(sys.argv[2]); text = src["text"]
if not d.get("blocks"): print("no blocks")
for b in d.get("blocks") or []:
    if text[b["start"]:b["end"]] != b["text"]: print("[%d,%d) slice %r != %r" % (b["start"], b["end"], text[b["start"]:b["end"]][:50], b["text"][:50]))
if src.get("date") and d.get("date") != src["date"]: print("date %r, JSONL says %r" % (d.get("date"), src["date"]))
if src.get("title") and d.get("title") != src["title"]: print("title %r, JSONL says %r" % (d.get("title"), src["title"]))
' "$T/jshow$k.json" "$T/line$k.json"
    done
fi
finish
