#!/usr/bin/env bash
# The five seed dispatches (../shared/seeds): header dates, and boilerplate
# marked as blocks (DESIGN.md "structure"): photo captions, related-article
# lines (`>> …`), agency signatures (`– VNA`, `-VNA`, `VNA/CVN`); every block's
# start/end slices the stored text to its "text" (code points).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SEEDS=$SHARED/seeds
[ -d "$SEEDS" ] || skip "../shared/seeds not found"
require_bin

files=()
while IFS= read -r f; do files+=("$f"); done < <(find "$SEEDS" -maxdepth 1 -type f -name '*.txt' | LC_ALL=C sort)
[ "${#files[@]}" -eq 5 ] || skip "../shared/seeds does not hold the 5 seed files (${#files[@]} found)"

run veille ingest "$SEEDS"
assert_rc 0 "ingest seeds"
if parse_summary; then
    assert_eq 5 "$SUM_ADDED" "seeds: 5 added"
fi
assert_eq 5 "$(stats_documents)" "seeds: 5 documents"

expected_dates=(2023-04 2021-07 null 2021-12 2024-12)
for i in 0 1 2 3 4; do
    f=${files[$i]}
    n=$(basename "$f")
    run veille show --json "$f"
    assert_rc 0 "show $n by source path" || continue
    assert_json "$OUT" "show --json $n" || continue
    printf '%s' "$OUT" >"$T/show$i.json"
    assert_eq "${expected_dates[$i]}" "$(jout .date)" "$n header date"
    if [ "${expected_dates[$i]}" != null ]; then
        assert_eq header "$(jout .date_source)" "$n date_source"
    fi
    assert_eq "$(realpath "$f")" "$(realpath -m "$(jout .source)")" "$n source is its path"

    # Every block slices the file's text exactly (code points, whole file).
    assert_py "$n blocks slice the text" '
import os, util
d = util.load_json(sys.argv[1]); text = util.text_of(sys.argv[2])
kinds = set(os.environ["BLOCK_KINDS"].split())
bl = d.get("blocks") or []
if not bl: print("no blocks")
prev = 0
for b in bl:
    if b.get("kind") not in kinds: print("unknown block kind %r" % b.get("kind"))
    s, e = b.get("start"), b.get("end")
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        print("bad range %r-%r (text has %d code points)" % (s, e, len(text))); continue
    if text[s:e] != b.get("text"):
        print("[%d,%d) slice %r != block text %r" % (s, e, text[s:e][:60], (b.get("text") or "")[:60]))
    if s < prev: print("blocks overlap or are out of order at %d" % s)
    prev = e
' "$T/show$i.json" "$f"

    # Captions: one caption block per line holding "Photo :"/"Photo:".
    assert_py "$n captions" '
import re, util
d = util.load_json(sys.argv[1]); text = util.text_of(sys.argv[2])
want = [l for l in text.split("\n") if re.search(r"Photo ?:", l)]
caps = [b for b in d.get("blocks") or [] if b.get("kind") == "caption"]
if len(caps) != len(want):
    print("%d caption blocks, expected %d (one per line with Photo :): %r" % (len(caps), len(want), [b.get("text") for b in caps]))
for b in caps:
    if not re.search(r"Photo ?: ?VNA", b.get("text") or ""): print("caption block without its credit: %r" % b.get("text"))
for b in d.get("blocks") or []:
    if b.get("kind") != "caption" and re.search(r"Photo ?: ?VNA", b.get("text") or ""):
        print("%s block holds a photo credit: %r" % (b.get("kind"), (b.get("text") or "")[-80:]))
' "$T/show$i.json" "$f"
done

# Signatures: exactly one, at the end, holding the agency, in 000, 001, 003, 004.
for i in 0 1 3 4; do
    n=$(basename "${files[$i]}")
    [ -f "$T/show$i.json" ] || continue
    assert_py "$n signature" '
import re, util
d = util.load_json(sys.argv[1]); text = util.text_of(sys.argv[2])
bl = d.get("blocks") or []
sig = [b for b in bl if b.get("kind") == "signature"]
if len(sig) != 1:
    print("%d signature blocks, expected 1: %r" % (len(sig), [b.get("text") for b in sig]))
else:
    t = (sig[0].get("text") or "").strip()
    if not re.fullmatch(r"(?:[-–—]\s*)?VNA(?:/CVN)?", t): print("signature text %r is not the agency signature" % t)
    if sig[0].get("end") != len(text.rstrip()): print("signature does not end the text (end %r, text %d)" % (sig[0].get("end"), len(text.rstrip())))
    for b in bl:
        if b is not sig[0] and re.search(r"[-–]\s*VNA\s*$|^VNA/CVN$", (b.get("text") or "").strip()):
            print("%s block still ends with the signature: %r" % (b.get("kind"), (b.get("text") or "")[-60:]))
' "$T/show$i.json" "${files[$i]}"
done
# 002 has no signature.
if [ -f "$T/show2.json" ]; then
    assert_eq 0 "$(jq '[.blocks[] | select(.kind == "signature")] | length' "$T/show2.json")" "$(basename "${files[2]}") has no signature block"
fi

# Related-article lines: one related block per `>>` line of 004, and none elsewhere.
for i in 0 1 2 3 4; do
    [ -f "$T/show$i.json" ] || continue
    assert_py "$(basename "${files[$i]}") related lines" '
import util
d = util.load_json(sys.argv[1]); text = util.text_of(sys.argv[2])
want = [l.lstrip(">").strip() for l in text.split("\n") if l.startswith(">>")]
rel = [b for b in d.get("blocks") or [] if b.get("kind") == "related"]
if len(rel) != len(want): print("%d related blocks, expected %d" % (len(rel), len(want)))
for w, b in zip(want, rel):
    if w not in (b.get("text") or ""): print("related block %r does not hold %r" % (b.get("text"), w))
' "$T/show$i.json" "${files[$i]}"
done
assert_eq 2 "$(jq '[.blocks[] | select(.kind == "related")] | length' "$T/show4.json" 2>/dev/null)" "004 has two related blocks"

# Datelines and titles where the seeds plainly have them.
for i in 0 1 3; do
    [ -f "$T/show$i.json" ] || continue
    assert_match "$(jq -r '[.blocks[] | select(.kind == "dateline") | .text] | join("|")' "$T/show$i.json")" \
        '^Hano(i|ï) \(VNA\) ?[-–]?$' "$(basename "${files[$i]}") dateline block"
done
# The headlines are read from the seed files (first line of 002; first line of
# 004 after its " date YYYY-MM " header), not copied here.
if [ -f "$T/show2.json" ]; then
    want=$(head -1 "${files[2]}" | sed 's/[[:space:]]*$//')
    assert_eq "$want" "$(jq -r .title "$T/show2.json")" "002 title"
fi
if [ -f "$T/show4.json" ]; then
    want=$(head -1 "${files[4]}" | sed -E 's/^ *date [0-9-]+ //; s/[[:space:]]*$//')
    assert_cmp "${#want}" -gt 20 "004 has a headline after its header"
    assert_eq "$want" "$(jq -r .title "$T/show4.json")" "004 title (after the header)"
fi
finish
