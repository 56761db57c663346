#!/usr/bin/env bash
# tests/browser/run-events.sh SALLE: several events on one server in Chromium (serve-events.mjs):
# the index at /, an event's public programme, admin sign-in and pages and an organizer's page
# under /SLUG/, in English and Arabic, with axe-core. Two events (igf, youth), each its own store
# filled by a single-store `salle serve --import` first, then one `salle serve --event ...
# --languages en,fr,es,ar` on 127.0.0.1 with a free port, in a temporary folder.
set -euo pipefail
SALLE=$(realpath "${1:?usage: tests/browser/run-events.sh path/to/salle}")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salle-browser-events.XXXXXX")
SERVER=
trap '[ -n "$SERVER" ] && kill -TERM $SERVER 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
"$SALLE" gen --sessions 40 --seed 5 -o "$WORK/igf.json"
"$SALLE" gen --sessions 24 --seed 3 -o "$WORK/youth.json"
for e in igf youth; do
    "$SALLE" serve --db "$WORK/$e.db" --public "$WORK/single-$e" --listen 127.0.0.1:0 \
        --import "$WORK/$e.json" >"$WORK/import-$e.log" 2>&1 &
    p=$!
    for _ in $(seq 100); do grep -q "listening on" "$WORK/import-$e.log" && break; sleep 0.1; done
    kill -TERM $p
    wait $p
done
"$SALLE" serve --event igf="$WORK/igf.db" --event youth="$WORK/youth.db" --public "$WORK/pub" \
    --listen 127.0.0.1:0 --languages en,fr,es,ar >"$WORK/log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/log" && break; sleep 0.1; done
cd "$HERE"
bash "$HERE/deps.sh"   # npm ci when node_modules is missing or stale (one at a time)
SALLE_BASE=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$WORK/log") \
SALLE_TOKEN=$("$SALLE" admin-token --db "$WORK/igf.db") \
SALLE_INSTANCE=$WORK/igf.json SALLE_BIN=$SALLE SALLE_DB=$WORK/igf.db \
  node --test serve-events.mjs
kill -TERM $SERVER
wait $SERVER || { echo "the server exited with status $?"; cat "$WORK/log"; exit 1; }
SERVER=
if grep -E "runtime error|Sanitizer" "$WORK/log"; then exit 1; fi
