#!/usr/bin/env bash
# tests/cli/pg_veille.sh — veille on PostgreSQL for the tests of a file
# database: runs $VEILLE_REAL_BIN with each `--db PATH` replaced by a
# PostgreSQL store of its own on the server of $VEILLE_PG_HOST (a socket
# folder) as $VEILLE_PG_USER, created at its first use. lib.sh puts it in
# VEILLE_BIN when VEILLE_TEST_BACKEND=postgresql.
set -u
store() { # PATH -> URI, the database made when missing
    local name
    name=v_$(printf '%s' "$1" | md5sum | cut -c1-16)
    if ! psql -h "$VEILLE_PG_HOST" -U "$VEILLE_PG_USER" -d postgres -qAt \
        -c "SELECT 1 FROM pg_database WHERE datname = '$name'" 2>/dev/null | grep -q 1; then
        psql -h "$VEILLE_PG_HOST" -U "$VEILLE_PG_USER" -d postgres -q \
            -c "CREATE DATABASE $name" >/dev/null 2>&1
    fi
    printf 'postgresql:///%s?host=%s&user=%s' "$name" "$VEILLE_PG_HOST" "$VEILLE_PG_USER"
}
args=()
while [ $# -gt 0 ]; do
    case $1 in
        --db) args+=(--db "$(store "$2")"); shift 2 ;;
        --db=*) args+=(--db "$(store "${1#--db=}")"); shift ;;
        --) args+=("$@"); break ;;
        *) args+=("$1"); shift ;;
    esac
done
exec "$VEILLE_REAL_BIN" "${args[@]}"
