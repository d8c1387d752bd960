# tests/cli/lib.sh — shared helpers for the command-line acceptance tests.
#
# Sourced by every tests/cli/t_*.sh. Gives each test:
#   - REPO (found from this file's location, never from the cwd), CLI_DIR,
#     VEILLE_BIN ($VEILLE_BIN or REPO/build/veille), SAMPLE (REPO/sample),
#     SHARED (${VEILLE_SHARED:-REPO/../shared});
#   - a fresh temporary directory $T (removed by an EXIT trap) which is also
#     the working directory, and a database path $DB inside it;
#   - `veille ARGS...`: the binary with `--db $DB`;
#   - `run CMD...`: runs CMD, keeps stdout in $OUT, stderr in $ERR, status in $RC;
#   - assertions that record a failure and go on (`die` stops the test);
#   - `finish`: exit 0 when every assertion passed, else 1.
#
# A test prints one line per failed assertion, starting `not ok: `; run.sh
# shows those lines under `FAIL NAME`. A test that cannot run prints
# `skip: REASON` and exits 0 (counted as passed by run.sh).

set -u

CLI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$CLI_DIR/../.." && pwd)
VEILLE_BIN=${VEILLE_BIN:-$REPO/build/veille}
SAMPLE=$REPO/sample
SHARED=${VEILLE_SHARED:-$(dirname "$REPO")/shared}
PYUTIL=$CLI_DIR/util.py
export PYTHONIOENCODING=utf-8 PYTHONDONTWRITEBYTECODE=1
export LC_ALL=C.UTF-8
unset VEILLE_DB

TEST_NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/veille-$TEST_NAME.XXXXXX")
DB=$T/veille.db
FAILS=0
CHECKS=0
BG_PIDS=()

cleanup() {
    local p
    for p in "${BG_PIDS[@]+"${BG_PIDS[@]}"}"; do
        kill -9 "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    [ -n "${PG_DIR:-}" ] && bash "$REPO/scripts/pg_local.sh" stop "$PG_DIR" >/dev/null 2>&1
    cd / && rm -rf "$T"
}
trap cleanup EXIT
cd "$T" || exit 1

# --- the PostgreSQL backend ----------------------------------------------------
# start_pg: a PostgreSQL server of this test's own in $T/pg
# (scripts/pg_local.sh), its store's URI in PG_URL; skips the test where
# no server can be started.
PG_DIR= PG_URL=
start_pg() {
    [ -n "$PG_URL" ] && return 0
    local out
    chmod 711 "$T" # the server runs as postgres when the tests run as root
    if ! out=$(bash "$REPO/scripts/pg_local.sh" start "$T/pg" 2>&1); then
        skip "no PostgreSQL server could be started ($(printf '%s' "$out" | tail -n 1); scripts/setup.sh --test installs Debian's postgresql)"
    fi
    PG_DIR=$T/pg
    PG_URL=$(printf '%s\n' "$out" | tail -n 1)
    export VEILLE_PG_HOST=$PG_DIR VEILLE_PG_USER=${PG_URL##*user=}
}
# VEILLE_TEST_BACKEND=postgresql: every `--db PATH` of the test is a
# PostgreSQL store (tests/cli/pg_veille.sh), and `sq PATH SQL` reads it
# with psql as `sqlite3 PATH SQL` reads a file.
if [ "${VEILLE_TEST_BACKEND:-sqlite}" = postgresql ]; then
    start_pg
    export VEILLE_REAL_BIN=$VEILLE_BIN
    VEILLE_BIN=$CLI_DIR/pg_veille.sh
fi
sq() { # DB SQL: rows as sqlite3 prints them (columns joined by |)
    if [ "${VEILLE_TEST_BACKEND:-sqlite}" = postgresql ]; then
        local url
        url=$(VEILLE_REAL_BIN=echo "$CLI_DIR/pg_veille.sh" --db "$1" | sed 's/^--db //')
        printf '%s\n' "$2" | psql "$url" -qAt -F '|' -v ON_ERROR_STOP=1 -f -
    else
        sqlite3 "$1" "$2"
    fi
}
# Whether the test runs on PostgreSQL (its checks of SQLite files are left out).
on_pg() { [ "${VEILLE_TEST_BACKEND:-sqlite}" = postgresql ]; }

# --- running -----------------------------------------------------------------

veille() { "$VEILLE_BIN" --db "$DB" "$@"; }

# run CMD ARGS... — stdin is passed through; OUT/ERR lose trailing newlines.
run() {
    "$@" >"$T/.out" 2>"$T/.err"
    RC=$?
    OUT=$(cat "$T/.out")
    ERR=$(cat "$T/.err")
    LAST_CMD="$*"
}

# Lines of $ERR matching an ERE, counted.
err_count() { printf '%s\n' "$ERR" | grep -cE -- "$1"; }

# jq over $OUT (prints nothing and returns non-zero when $OUT is not JSON).
jout() { printf '%s' "$OUT" | jq -r "$@" 2>/dev/null; }

# The one `veille: ingest: ...` summary line of $ERR (`veille: load: ...`
# with parse_summary_of load), split into SUM_READ SUM_ADDED SUM_ALREADY
# SUM_SKIPPED (empty when absent or malformed).
SUMMARY_RE='^veille: ingest: ([0-9]+) documents? read, ([0-9]+) added, ([0-9]+) already stored, ([0-9]+) skipped, [0-9]+\.[0-9] MB in [0-9]+\.[0-9]{2} s \([0-9]+\.[0-9] MB/s\)$'
parse_summary() { parse_summary_of ingest; }
parse_summary_of() { # COMMAND
    SUM_READ= SUM_ADDED= SUM_ALREADY= SUM_SKIPPED=
    local n line re=${SUMMARY_RE/ingest:/$1:}
    n=$(printf '%s\n' "$ERR" | grep -c "^veille: $1: ")
    if [ "$n" != 1 ]; then
        fail "expected exactly one 'veille: $1:' summary line on stderr, got $n (stderr: $(printf '%s' "$ERR" | tail -n 5))"
        return 1
    fi
    line=$(printf '%s\n' "$ERR" | grep "^veille: $1: ")
    if [[ $line =~ $re ]]; then
        SUM_READ=${BASH_REMATCH[1]} SUM_ADDED=${BASH_REMATCH[2]}
        SUM_ALREADY=${BASH_REMATCH[3]} SUM_SKIPPED=${BASH_REMATCH[4]}
        return 0
    fi
    fail "summary line does not match CLI.md format: $line"
    return 1
}

# stats_documents — prints stats --json .documents (empty on failure).
stats_documents() { veille stats --json 2>/dev/null | jq -r '.documents' 2>/dev/null; }

# --- assertions ----------------------------------------------------------------

fail() {
    FAILS=$((FAILS + 1))
    printf 'not ok: %s\n' "$*"
}
pass() { CHECKS=$((CHECKS + 1)); }
die() {
    fail "$*"
    printf 'not ok: (test stopped here)\n'
    exit 1
}
skip() {
    printf 'skip: %s\n' "$*"
    exit 0
}

assert_eq() { # EXPECTED ACTUAL MESSAGE
    CHECKS=$((CHECKS + 1))
    if [ "$1" != "$2" ]; then fail "$3: expected [$1], got [$2]"; return 1; fi
}
assert_ne() { # UNEXPECTED ACTUAL MESSAGE
    CHECKS=$((CHECKS + 1))
    if [ "$1" = "$2" ]; then fail "$3: got [$2], expected something else"; return 1; fi
}
is_int() { [[ ${1-} =~ ^-?[0-9]+$ ]]; }
assert_cmp() { # A OP B MESSAGE   (OP: -eq -ne -lt -le -gt -ge, integers)
    CHECKS=$((CHECKS + 1))
    if ! is_int "$1" || ! is_int "$3"; then fail "$4: not integers: [$1] $2 [$3]"; return 1; fi
    if ! [ "$1" "$2" "$3" ]; then fail "$4: expected $1 $2 $3"; return 1; fi
}
assert_rc() { # EXPECTED MESSAGE — checks $RC of the last run
    CHECKS=$((CHECKS + 1))
    if [ "$RC" != "$1" ]; then
        fail "$2: exit status $RC, expected $1 (cmd: $LAST_CMD; stderr: $(printf '%s' "$ERR" | head -c 600))"
        return 1
    fi
}
assert_contains() { # HAYSTACK NEEDLE MESSAGE (fixed string)
    CHECKS=$((CHECKS + 1))
    case "$1" in *"$2"*) return 0 ;; esac
    fail "$3: [$2] not found in [$(printf '%s' "$1" | head -c 800)]"
    return 1
}
assert_not_contains_i() { # HAYSTACK NEEDLE MESSAGE (case-insensitive)
    CHECKS=$((CHECKS + 1))
    if printf '%s' "$1" | grep -qiF -- "$2"; then
        fail "$3: [$2] found in [$(printf '%s' "$1" | head -c 800)]"
        return 1
    fi
}
assert_match() { # STRING ERE MESSAGE
    CHECKS=$((CHECKS + 1))
    if ! [[ $1 =~ $2 ]]; then fail "$3: [$(printf '%s' "$1" | head -c 800)] does not match /$2/"; return 1; fi
}
assert_line() { # TEXT LINE MESSAGE — LINE is one whole line of TEXT
    CHECKS=$((CHECKS + 1))
    if ! printf '%s\n' "$1" | grep -qxF -- "$2"; then
        fail "$3: no line [$2] in [$(printf '%s' "$1" | head -c 1500)]"
        return 1
    fi
}
assert_json() { # TEXT MESSAGE — TEXT is one valid JSON value
    CHECKS=$((CHECKS + 1))
    if ! printf '%s' "$1" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; then
        fail "$2: not valid JSON: [$(printf '%s' "$1" | head -c 800)]"
        return 1
    fi
}
# assert_py MESSAGE PYTHON-CODE [ARGS...] — the code prints nothing on success,
# or one line per problem (each becomes a failure).
assert_py() {
    local msg=$1 code=$2 res
    shift 2
    CHECKS=$((CHECKS + 1))
    res=$(python3 -c "import sys; sys.path.insert(0, '$CLI_DIR')
$code" "$@" 2>&1)
    if [ $? -ne 0 ] || [ -n "$res" ]; then
        while IFS= read -r l; do fail "$msg: $l"; done <<<"${res:-python failed}"
        return 1
    fi
}

require_bin() {
    [ -x "$VEILLE_BIN" ] || die "veille binary not found or not executable: $VEILLE_BIN"
}
require_sample() {
    [ -d "$SAMPLE/dispatches" ] || die "sample corpus not found: $SAMPLE/dispatches"
    ls "$SAMPLE"/dispatches/*.txt >/dev/null 2>&1 || die "no .txt files in $SAMPLE/dispatches"
}
# Block kinds of `show --json` (docs/CLI.md "show").
export BLOCK_KINDS="header title dateline paragraph heading caption related signature"

sample_files() { # the sample text dispatches, sorted by path, one per line
    find "$SAMPLE/dispatches" -type f -name '*.txt' | LC_ALL=C sort
}
split_sample() { # DIR1 DIR2: the sample's dispatches in two halves, every second one in DIR1
    mkdir -p "$1" "$2"
    local f i=0
    while IFS= read -r f; do
        i=$((i + 1))
        if [ $((i % 2)) -eq 0 ]; then cp "$f" "$1/"; else cp "$f" "$2/"; fi
    done < <(sample_files)
}

finish() {
    if [ "$FAILS" -gt 0 ]; then
        printf '%d of %d checks failed\n' "$FAILS" "$CHECKS"
        exit 1
    fi
    printf '%d checks passed\n' "$CHECKS"
    exit 0
}
