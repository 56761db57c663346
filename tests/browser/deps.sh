#!/usr/bin/env bash
# tests/browser/deps.sh: installs tests/browser/node_modules (playwright-core, axe-core) with
# `npm ci` when it is missing or older than package-lock.json, else does nothing. One at a time
# (flock): the browser suites may run side by side, and `npm ci` deletes node_modules first, so no
# suite runs it while another uses it. ctest runs it once before them (the browser_deps fixture in
# CMakeLists.txt); run.sh and run-server.sh call it too, for a run of their own.
set -euo pipefail
cd "$(dirname "$0")"
exec 9>node_modules.lock
flock 9
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
   [ package.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
