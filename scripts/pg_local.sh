#!/usr/bin/env bash
# A PostgreSQL server of its own in a folder, for tests and benchmarks: a
# cluster made by initdb (UTF-8, "C" locale), listening on a Unix socket in
# DIR only (no TCP), with a database "veille". As root, the server runs as
# the user postgres (it refuses root); else as the caller. Nothing outside
# DIR is touched.
#
#   scripts/pg_local.sh start DIR   prints the store's URI for --db:
#                                   postgresql:///veille?host=DIR&user=USER
#   scripts/pg_local.sh stop DIR    stops the server
#
# Needs Debian's postgresql (scripts/setup.sh --test).
set -euo pipefail
cmd=${1:-} dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
mkdir -p "$dir"
S=$(cd "$dir" && pwd)

bin=
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin=$d; done
[ -n "$bin" ] || { echo "pg_local: no PostgreSQL server (apt-get install postgresql)" >&2; exit 3; }

as=()
user=$(id -un)
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "pg_local: no user postgres" >&2; exit 3; }
    user=postgres
    as=(runuser -u postgres --)
    chown postgres "$S"
fi

if [ "$cmd" = stop ]; then
    [ -f "$S/data/postmaster.pid" ] && "${as[@]}" "$bin/pg_ctl" -D "$S/data" -m immediate stop >/dev/null 2>&1 || true
    exit 0
fi
[ "$cmd" = start ] || { echo "pg_local: start or stop, not '$cmd'" >&2; exit 2; }
if [ ! -d "$S/data" ]; then
    "${as[@]}" "$bin/initdb" -D "$S/data" -E UTF8 --locale=C -A trust -U "$user" >"$S/initdb.log" 2>&1 ||
        { echo "pg_local: initdb failed: $(tail -n 3 "$S/initdb.log")" >&2; exit 1; }
fi
"${as[@]}" "$bin/pg_ctl" -D "$S/data" status >/dev/null 2>&1 ||
"${as[@]}" "$bin/pg_ctl" -D "$S/data" -l "$S/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $S -c fsync=off -c full_page_writes=off -c max_connections=60" \
    start >/dev/null 2>&1 || { echo "pg_local: the server did not start: $(tail -n 3 "$S/server.log")" >&2; exit 1; }
"${as[@]}" "$bin/psql" -h "$S" -U "$user" -d postgres -qAt \
    -c "SELECT 1 FROM pg_database WHERE datname = 'veille'" | grep -q 1 ||
    "${as[@]}" "$bin/createdb" -h "$S" -U "$user" veille
echo "postgresql:///veille?host=$S&user=$user"
