#!/usr/bin/env bash
# Builds veille (Release) into build/. Usage: scripts/build.sh [cmake args...]
#
# With GCC the build is profile-guided: a first build counts what the bundled
# sample makes the program do (veille extract and veille ingest of sample/),
# and the second is optimised by those counts (CMakeLists.txt, VEILLE_PROFILE).
# VEILLE_PGO=0 builds once, without a profile.
set -euo pipefail
cd "$(dirname "$0")/.."
pgo=${VEILLE_PGO:-1}
if [ "$pgo" != 0 ] && ! "${CC:-cc}" --version 2>/dev/null | grep -qi 'gcc\|free software'; then
  echo "build: ${CC:-cc} is not GCC: building without a profile" >&2
  pgo=0
fi
if [ "$pgo" = 0 ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DVEILLE_PROFILE= "$@" >/dev/null
  cmake --build build -j"$(nproc)"
  exit 0
fi
# counts of an earlier run would not match the sources now
find build -name '*.gcda' -delete 2>/dev/null || true
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DVEILLE_PROFILE=generate "$@" >/dev/null
cmake --build build -j"$(nproc)" --target veille_cli
echo "build: training run on sample/ (profile-guided build)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VEILLE_DATA="$PWD/data" ./build/veille extract sample/ >/dev/null
VEILLE_DATA="$PWD/data" ./build/veille --db "$tmp/train.db" ingest --quiet sample/ >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DVEILLE_PROFILE=use "$@" >/dev/null
cmake --build build -j"$(nproc)"
