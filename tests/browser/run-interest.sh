#!/usr/bin/env bash
# tests/browser/run-interest.sh SALLE: "I plan to attend" in Chromium (serve-interest.mjs): the
# toggle under the server's real CSP with the keyboard, the same without JavaScript (the day form
# and its submit button), and axe-core on the ballot pages and the admin's page with marks. Its
# own server on 127.0.0.1 with a free port in a temporary folder (run-server.sh runs it last).
set -euo pipefail
SALLE=$(realpath "${1:?usage: tests/browser/run-interest.sh path/to/salle}")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salle-browser-interest.XXXXXX")
SERVER=
trap '[ -n "$SERVER" ] && kill -TERM $SERVER 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
"$SALLE" gen --sessions 40 --seed 5 -o "$WORK/inst.json"
"$SALLE" serve --db "$WORK/db" --public "$WORK/pub" --listen 127.0.0.1:0 --import "$WORK/inst.json" \
    >"$WORK/log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/log" && break; sleep 0.1; done
cd "$HERE"
bash "$HERE/deps.sh"
SALLE_BASE=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$WORK/log") \
SALLE_TOKEN=$("$SALLE" admin-token --db "$WORK/db") \
SALLE_INSTANCE=$WORK/inst.json SALLE_BIN=$SALLE SALLE_DB=$WORK/db SALLE_PUB=$WORK/pub \
  node --test serve-interest.mjs
