#!/usr/bin/env bash
# tests/cli/run.sh — runs the command-line acceptance tests.
#
#   tests/cli/run.sh [NAME...]     (NAME: t_search or t_search.sh; default: every t_*.sh)
#
# Environment: VEILLE_BIN (default REPO/build/veille), VEILLE_SHARED (default
# REPO/../shared), VEILLE_TEST_TIMEOUT (seconds per script, default 600).
# Needs: bash, python3, jq, sqlite3 (Debian packages jq and sqlite3).
#
# Prints `ok NAME` or `FAIL NAME` (followed by the failed assertions) per
# script, then exactly one last line `N passed, N failed` (counting scripts;
# a skipped script counts as passed). Exit status 1 when any script failed.
set -u
CLI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TIMEOUT=${VEILLE_TEST_TIMEOUT:-600}

missing=
for tool in python3 jq sqlite3; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "missing tools:$missing (apt-get install jq sqlite3 python3)" >&2
fi

tests=()
if [ $# -gt 0 ]; then
    for a in "$@"; do
        a=${a%.sh}
        tests+=("$CLI_DIR/${a##*/}.sh")
    done
else
    while IFS= read -r f; do tests+=("$f"); done < <(find "$CLI_DIR" -maxdepth 1 -name 't_*.sh' | LC_ALL=C sort)
fi

passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "${tests[@]}"; do
    name=$(basename "$t" .sh)
    if [ ! -f "$t" ]; then
        echo "FAIL $name"
        echo "    no such test: $t"
        failed=$((failed + 1))
        continue
    fi
    timeout -k 10 "$TIMEOUT" bash "$t" </dev/null >"$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        if s=$(grep -m1 '^skip: ' "$log"); then
            echo "ok $name ($s)"
        else
            echo "ok $name"
        fi
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
            echo "    timed out after ${TIMEOUT}s"
        fi
        if grep -q '^not ok: ' "$log"; then
            grep '^not ok: ' "$log" | sed 's/^/    /' | head -n 40
        else
            echo "    exit status $rc; last output:"
            tail -n 15 "$log" | sed 's/^/    /'
        fi
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
