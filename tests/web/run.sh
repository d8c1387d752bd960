#!/usr/bin/env bash
# tests/web/run.sh — veille serve's web UI in a real browser: builds a
# database from the sample and tests/web/hostile.txt, starts `veille serve`
# on a free loopback port and runs tests/web/browser.mjs in Debian's
# chromium through npm's playwright-core (both installed by
# scripts/setup.sh). Screenshots go to $VEILLE_ARTIFACTS (default
# ./web-artifacts). Without chromium, node or playwright-core it says so and
# exits 77, which ctest reports as skipped, never as passed.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
VEILLE_BIN=${VEILLE_BIN:-$REPO/build/veille}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ARTIFACTS=${VEILLE_ARTIFACTS:-$PWD/web-artifacts}
export CHROMIUM

skip() { echo "skip: $*"; echo "0 passed, 0 failed"; exit 77; }
[ -x "$CHROMIUM" ] || skip "no chromium at $CHROMIUM (apt-get install chromium; scripts/setup.sh does)"
command -v node >/dev/null 2>&1 || skip "no node (apt-get install nodejs npm; scripts/setup.sh does)"
[ -d "$HERE/node_modules/playwright-core" ] ||
    skip "no playwright-core in tests/web/node_modules (npm ci --prefix tests/web; scripts/setup.sh does)"

T=$(mktemp -d "${TMPDIR:-/tmp}/veille-web.XXXXXX")
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

"$VEILLE_BIN" --db "$T/web.db" ingest --quiet "$REPO/sample/dispatches" "$HERE/hostile.txt" ||
    { echo "not ok: ingest the sample"; echo "0 passed, 1 failed"; exit 1; }
"$VEILLE_BIN" --db "$T/web.db" serve --port 0 > "$T/serve.out" 2> "$T/serve.err" &
SERVER=$!
for _ in $(seq 200); do grep -q 'http://' "$T/serve.out" 2>/dev/null && break; sleep 0.05; done
BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$T/serve.out" | head -1)
if [ -z "$BASE" ]; then
    echo "not ok: veille serve printed no URL: $(cat "$T/serve.out" "$T/serve.err")"
    echo "0 passed, 1 failed"
    exit 1
fi
(cd "$HERE" && timeout 300 node browser.mjs "$BASE" "$ARTIFACTS") > "$T/browser.out" 2>&1
rc=$?
cat "$T/browser.out"
passed=$(grep -c '^ok: ' "$T/browser.out")
failed=$(grep -c '^not ok: ' "$T/browser.out")
[ "$rc" = 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "screenshots: $ARTIFACTS"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
