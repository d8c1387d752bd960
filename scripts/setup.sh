#!/usr/bin/env bash
# Installs the Debian packages veille needs that are missing, and only those.
# Idempotent: a second run installs nothing. Needs root (or sudo) when
# something is missing.
set -euo pipefail

pkgs=(build-essential cmake pkg-config
      libsqlite3-dev libutf8proc-dev libstemmer-dev libjansson-dev libxxhash-dev
      libmicrohttpd-dev
      sqlite3 jq python3 wfrench wamerican iso-codes time)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#pkgs[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
