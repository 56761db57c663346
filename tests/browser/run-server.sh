#!/usr/bin/env bash
# tests/browser/run-server.sh SALLE: `salle serve`'s pages in Chromium (serve-pages.mjs; not named *.test.mjs, so
# run.sh's `node --test` of the static site leaves it alone): axe-core
# on every server page type, and the organizer's flow (sign in by link, accept, pick an
# alternative, decline) with the keyboard alone, then the public programme. Starts the server on
# 127.0.0.1 with a free port in a temporary folder. Needs chromium, node and npm (scripts/deps.sh).
# SALLE_TEST_DB=postgresql: the store is a PostgreSQL 15 started for the run (tests/server/pgtmp.py).
set -euo pipefail
SALLE=$(realpath "${1:?usage: tests/browser/run-server.sh path/to/salle}")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salle-browser-server.XXXXXX")
SERVER=
PGDIR=
trap '[ -n "$SERVER" ] && kill -TERM $SERVER 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK";
      [ -n "$PGDIR" ] && /usr/bin/python3 "$HERE/../server/pgtmp.py" stop "$PGDIR"' EXIT
DB=$WORK/db
if [ "${SALLE_TEST_DB:-sqlite}" = postgresql ]; then
  PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/salle-pg.XXXXXX")
  DB=$(/usr/bin/python3 "$HERE/../server/pgtmp.py" start "$PGDIR")
fi
"$SALLE" gen --sessions 40 --seed 5 -o "$WORK/inst.json"
"$SALLE" serve --db "$DB" --public "$WORK/pub" --listen 127.0.0.1:0 --import "$WORK/inst.json" \
    >"$WORK/log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/log" && break; sleep 0.1; done
cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error
SALLE_BASE=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$WORK/log") \
SALLE_TOKEN=$("$SALLE" admin-token --db "$DB") \
SALLE_INSTANCE=$WORK/inst.json SALLE_BIN=$SALLE SALLE_DB=$DB \
  node --test serve-pages.mjs
