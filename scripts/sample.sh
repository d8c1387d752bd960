#!/usr/bin/env bash
# The main job on the bundled sample: install what is missing, build, ingest
# sample/ into the default database (./veille.db, or $VEILLE_DB), then print
# the stats and a sample search.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
echo
echo "== veille ingest sample/"
./build/veille ingest sample/
echo
echo "== veille stats"
./build/veille stats
echo
echo "== veille search 'intégration défense' --limit 3"
./build/veille search 'intégration défense' --limit 3
echo
echo "== veille search '\"vice-ministre de la défense\"' --from 2024-01 --limit 3"
./build/veille search '"vice-ministre de la défense"' --from 2024-01 --limit 3
echo
echo "== veille person 'Lương Tam Quang'   (the knowledge base ingest keeps)"
./build/veille person 'Lương Tam Quang'
echo
echo "== veille office 'ministre de la Défense' --at 2023-06"
./build/veille office 'ministre de la Défense' --at 2023-06
echo
echo "== veille events --with Laos --from 2024   (who met whom)"
./build/veille events --with Laos --from 2024
echo
echo "== veille met 'Bùi Thanh Sơn'"
./build/veille met 'Bùi Thanh Sơn'
