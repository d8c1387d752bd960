#!/usr/bin/env bash
# Installs what veille needs that is missing, and only that. Idempotent: a
# second run installs nothing. Needs root (or sudo) when something is
# missing.
#
#   scripts/setup.sh          the Debian packages to build and run veille
#   scripts/setup.sh --test   and those of the test suite: Debian's chromium,
#                             Node.js with npm and npm's playwright-core
#                             (tests/web/package-lock.json) for the browser
#                             tests; clang with libFuzzer for scripts/fuzz.sh;
#                             Slurm and munge for the sharded-extraction test
#                             (a one-node cluster it starts itself); groff and
#                             man for the man page's check
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake pkg-config
      libsqlite3-dev libutf8proc-dev libstemmer-dev libjansson-dev libxxhash-dev
      libmicrohttpd-dev libpq-dev
      sqlite3 jq python3 wfrench wamerican iso-codes time)
test_extras=0
[ "${1:-}" = "--test" ] && test_extras=1
if [ "$test_extras" = 1 ]; then
  pkgs+=(chromium clang libclang-rt-14-dev slurm-wlm munge groff-base man-db bzip2 postgresql)
  # Node.js may come from elsewhere (NodeSource ships npm inside nodejs):
  # Debian's packages only when the commands are missing
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#pkgs[@]} packages present"
else
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$test_extras" = 1 ] && [ ! -d tests/web/node_modules/playwright-core ]; then
  echo "setup: installing playwright-core for the browser tests (npm ci in tests/web)"
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
fi
echo "setup: done"
