#!/usr/bin/env bash
# scripts/deps.sh: installs the Debian packages salle needs to build, test and run.
# Skips apt-get when everything is already there, so repeated runs are fast.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config   # compiler and build
  libjansson-dev                     # JSON tree and output (docs/format.md)
  libyajl-dev                        # JSON event parser: positions for every error
  libcmocka-dev                      # unit tests
  python3 python3-jsonschema         # validating examples against the JSON Schemas
  tzdata                             # IANA time zones for events and remote speakers
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
