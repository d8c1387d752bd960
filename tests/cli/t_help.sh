#!/usr/bin/env bash
# --help on every command exits 0 and prints usage on stdout; unknown commands,
# unknown options, missing arguments and an unopenable database exit 2 with a
# `veille: ` line on stderr (docs/CLI.md, "Global" and each command).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin

# Top-level help lists the commands of CLI.md.
run "$VEILLE_BIN" --help
assert_rc 0 "veille --help"
assert_match "$OUT" '[Uu]sage' "veille --help prints usage on stdout"
for c in ingest search stats show; do
    assert_contains "$OUT" "$c" "veille --help mentions command $c"
done

# Every command: CLI.md's four, plus those of DESIGN.md that the binary lists.
cmds=(ingest search stats show)
for c in person office persons changes related events met quotes extract serve; do
    if printf '%s\n' "$OUT" | grep -qwE -- "$c"; then cmds+=("$c"); fi
done
for c in "${cmds[@]}"; do
    run "$VEILLE_BIN" "$c" --help
    assert_rc 0 "veille $c --help"
    assert_match "$OUT" '[Uu]sage' "veille $c --help prints usage on stdout"
    assert_contains "$OUT" "$c" "veille $c --help names the command"
    assert_eq "" "$ERR" "veille $c --help writes nothing on stderr"
    # --help after --db, as the tests' wrapper does, too.
    run veille "$c" --help
    assert_rc 0 "veille --db DB $c --help"
done
# Command-specific options appear in their usage.
run "$VEILLE_BIN" ingest --help
for o in --jsonl --max-size --batch --quiet; do assert_contains "$OUT" "$o" "ingest --help mentions $o"; done
run "$VEILLE_BIN" search --help
for o in --from --to --limit --json; do assert_contains "$OUT" "$o" "search --help mentions $o"; done
assert_eq 0 "$(find "$T" -name '*.db' | wc -l)" "--help creates no database"

# Usage errors: exit 2, stderr lines start with `veille: `, nothing on stdout.
usage_error() { # DESCRIPTION ARGS...
    local what=$1
    shift
    run veille "$@"
    assert_rc 2 "$what"
    assert_match "$ERR" '^veille: ' "$what: stderr starts with 'veille: '"
    assert_eq "" "$OUT" "$what: nothing on stdout"
}
usage_error "unknown command" frobnicate
usage_error "unknown global option" --bogus stats
usage_error "unknown search option" search hanoi --bogus
usage_error "unknown ingest option" ingest --nope "$T"
usage_error "unknown stats option" stats --verbose-please
usage_error "unknown show option" show x --bogus
usage_error "search without query" search
usage_error "search --limit without value" search hanoi --limit
usage_error "search --limit not a number" search hanoi --limit abc
usage_error "search --from not a date" search hanoi --from yesterday
usage_error "search --to not a date" search hanoi --to 2024/05
usage_error "ingest without input" ingest
# names, titles and words that are not valid UTF-8
for c in person related quotes met; do usage_error "$c with invalid UTF-8" "$c" $'Ngu\xffyen'; done
usage_error "office with invalid UTF-8" office $'pr\xe9sident'
usage_error "events --with invalid UTF-8" events --with $'\xfeLaos'
usage_error "quotes --about invalid UTF-8" quotes 'Phan Van Giang' --about $'s\xe9curit\xe9'
usage_error "ingest --max-size not a number" ingest --max-size lots "$T"
usage_error "show without document" show

run "$VEILLE_BIN"
assert_rc 2 "veille without a command"

# Fatal: cannot open database.
run "$VEILLE_BIN" --db "$T/no/such/dir/x.db" stats
assert_rc 2 "stats on a database in a missing directory"
assert_match "$ERR" '^veille: ' "cannot-open-database message starts with 'veille: '"
# --version: the version of CMakeLists.txt's project() and of veille.h.
run "$VEILLE_BIN" --version
assert_rc 0 "--version"
want=$(sed -n 's/^project(veille VERSION \([0-9.]*\).*/\1/p' "$REPO/CMakeLists.txt")
assert_eq "veille $want" "$OUT" "--version says CMakeLists.txt's version"
assert_eq "$want" "$(sed -n 's/^#define VEILLE_VERSION "\(.*\)"$/\1/p' "$REPO/include/veille.h")" "veille.h says the same"
# help COMMAND is COMMAND --help.
for cmd in search ingest serve person events; do
    run "$VEILLE_BIN" help "$cmd"
    a=$OUT
    run "$VEILLE_BIN" "$cmd" --help
    assert_eq "$OUT" "$a" "veille help $cmd is veille $cmd --help"
done
run "$VEILLE_BIN" help nosuch
assert_rc 2 "help of an unknown command"
# --option=value is --option value, for every option.
run "$VEILLE_BIN" --db="$T/eq.db" ingest --quiet "$SAMPLE/dispatches"
assert_rc 0 "--db=PATH ingest"
run "$VEILLE_BIN" --db="$T/eq.db" search laos --limit=2 --sort=date --json
assert_rc 0 "search --limit=2 --sort=date"
assert_eq 2 "$(jout '.hits | length')" "--limit=2 gives two hits"
run "$VEILLE_BIN" --db="$T/eq.db" search laos --limit=abc
assert_rc 2 "--limit=abc is refused as --limit abc is"
# Short forms and "--" (docs/CLI.md): -n N is --limit N, -n2 too; after
# "--" an argument that reads like an option is an operand.
run "$VEILLE_BIN" --db="$T/eq.db" search laos -n 1 --json
assert_eq 1 "$(jout '.hits | length')" "-n 1 gives one hit"
run "$VEILLE_BIN" --db="$T/eq.db" search laos -n3 --json
assert_eq 3 "$(jout '.hits | length')" "-n3 gives three hits"
run "$VEILLE_BIN" -V
assert_eq "veille $want" "$OUT" "-V is --version"
run "$VEILLE_BIN" --db="$T/eq.db" search --json -- --limit
assert_rc 1 "search -- --limit: a query, found nowhere (exit 1), not an option missing its value"
assert_eq 0 "$(jout .total)" "the query after -- is the word 'limit' as written, JSON still asked before --"
run "$VEILLE_BIN" --db="$T/eq.db" search -- laos --json
assert_rc 2 "after --, '--json' is a second QUERY: refused"
assert_contains "$ERR" "one QUERY only" "and the message says so"
printf 'HANOÏ, 3 mai (VNA) - Le ministre Phan Van Giang a reçu une délégation.\n' > "$T/--json"
run "$VEILLE_BIN" extract -- "$T/--json"
assert_rc 0 "extract -- a file named like an option"
assert_contains "$OUT" "Phan Van Giang" "that file was read"
run "$VEILLE_BIN" --db="$T/eq.db" search -x laos
assert_rc 2 "an unknown short option is refused"
run "$VEILLE_BIN" --db="$T/eq.db" search -nato
assert_rc 1 "search -nato: a query (found nowhere), not -n with the number 'ato'"
run "$VEILLE_BIN" --db="$T/eq.db" -- --version
assert_rc 2 "after --, --version is no command"
# One exit-code convention: 0 found, 1 nothing found, 2 usage or error.
for c in "search laos" "person Giang" "persons" "office président" "met Giang" "quotes Giang" "events" "changes" "related Giang" "stats"; do
    run "$VEILLE_BIN" --db="$T/eq.db" $c
    assert_rc 0 "found: $c"
done
for c in "search xyzzyq" "person Xyzzyq" "office xyzzyq" "met Xyzzyq" "quotes Giang --about xyzzyq" "events --with Xyzzyq" "changes --since 2099" "related Xyzzyq" "show xyzzyq"; do
    run "$VEILLE_BIN" --db="$T/eq.db" $c
    assert_rc 1 "nothing found: $c"
    run "$VEILLE_BIN" --db="$T/eq.db" $c --json
    assert_rc 1 "nothing found, --json: $c"
done
for c in "search" "person" "office x --at 2023-13" "events --type party" "quotes" "search laos --limit 0"; do
    run "$VEILLE_BIN" --db="$T/eq.db" $c
    assert_rc 2 "usage error: $c"
done
# --csv: the rows --json lists, one CSV row each, for spreadsheets.
csv_check() { # LIST_KEY COMMAND... : rows and a column agree with --json
    local key=$1
    shift
    run "$VEILLE_BIN" --db="$T/eq.db" "$@" --json
    local js=$OUT
    run "$VEILLE_BIN" --db="$T/eq.db" "$@" --csv
    assert_rc 0 "$* --csv"
    printf '%s' "$OUT" > "$T/out.csv"
    printf '%s' "$js" > "$T/out.json"
    assert_py "$* --csv: one row per element of .$key, the same values" "
import csv, json
rows = list(csv.DictReader(open('$T/out.csv', newline='', encoding='utf-8')))
js = json.load(open('$T/out.json', encoding='utf-8'))['$key']
assert len(rows) == len(js) > 0, (len(rows), len(js))
for r, j in zip(rows, js):
    for k, v in j.items():
        if isinstance(v, (str, int)) and not isinstance(v, bool):
            assert r[k] == str(v), (k, r[k], v)
        elif isinstance(v, list) and all(isinstance(x, str) for x in v):
            assert r[k] == '; '.join(v), (k, r[k], v)
        elif isinstance(v, dict):
            for k2, v2 in v.items():
                if isinstance(v2, str):
                    assert r[k + '.' + k2] == v2, (k, k2)
"
}
csv_check hits search laos --limit 5
csv_check persons persons --limit 10
csv_check events events --limit 10
csv_check counterparts met Giang
csv_check quotes quotes Giang
csv_check holders office président
csv_check changes changes
run "$VEILLE_BIN" --db="$T/eq.db" search xyzzyq --csv
assert_rc 1 "search --csv with nothing found: exit 1"
assert_eq "" "$OUT" "and nothing printed"
# Names with diacritics line up: columns counted in characters shown, not bytes.
run "$VEILLE_BIN" --db="$T/eq.db" persons --limit 12
assert_eq 1 "$(printf '%s\n' "$OUT" | python3 -c 'import sys; print(len({l.index("also:") for l in sys.stdin if "also:" in l}))')" \
    "persons: the column after the names starts at one place on every line"
finish
