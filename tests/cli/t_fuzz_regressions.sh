#!/usr/bin/env bash
# The inputs fuzzing found (fuzz/regressions/, scripts/fuzz.sh): each
# dispatch is extracted and ingested, each query searched, without a crash
# (the test build runs under ASan and UBSan) and with the usual exit codes.
. "$(dirname "$0")/lib.sh"
require_bin
n=0
for f in "$REPO"/fuzz/regressions/doc/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    run "$VEILLE_BIN" extract "$f"
    assert_cmp "$RC" -le 1 "extract $(basename "$f") (exit $RC: $(printf '%s' "$ERR" | tail -n 2))"
    run veille ingest --quiet "$f"
    assert_cmp "$RC" -le 1 "ingest $(basename "$f") (exit $RC)"
done
for f in "$REPO"/fuzz/regressions/query/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    run veille search "$(cat "$f")"
    assert_cmp "$RC" -le 2 "search $(basename "$f") (exit $RC)"
done
assert_cmp "$n" -ge 1 "fuzzing's findings are here"
finish
