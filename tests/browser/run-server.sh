#!/usr/bin/env bash
# tests/browser/run-server.sh SALLE: `salle serve`'s pages in Chromium (serve-pages.mjs; not named *.test.mjs, so
# run.sh's `node --test` of the static site leaves it alone): axe-core
# on every server page type, the organizer's flow from the e-mail an SMTP sink received (sign in
# by its link, accept, pick an alternative, decline), and the admin's whole flow from an empty
# database (upload, solve, disruption, re-plan, review and send the outbox, publish), all with the
# keyboard alone, then the public programme; then (serve-i18n.mjs) the pages in English, French,
# Spanish and Arabic: axe, lang and dir, the Arabic layout mirrored, the language switcher by
# keyboard. Starts two servers on 127.0.0.1 with free ports, each
# with its own SMTP sink (smtp-sink.py, python3-aiosmtpd), in a temporary folder. Needs chromium,
# node and npm (scripts/deps.sh). SALLE_SHOTS=DIR keeps screenshots of the new page types there.
# SALLE_TEST_DB=postgresql: the two stores are databases in a PostgreSQL 15 started for the run
# (tests/server/pgtmp.py).
set -euo pipefail
SALLE=$(realpath "${1:?usage: tests/browser/run-server.sh path/to/salle}")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/salle-browser-server.XXXXXX")
PIDS=()
SERVERS=()
PGDIR=
trap 'for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK";
      [ -n "$PGDIR" ] && /usr/bin/python3 "$HERE/../server/pgtmp.py" stop "$PGDIR"' EXIT
DB=$WORK/db DB2=$WORK/db2 DB3=$WORK/db3
if [ "${SALLE_TEST_DB:-sqlite}" = postgresql ]; then
  PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/salle-pg.XXXXXX")
  { read -r DB; read -r DB2; read -r DB3; } < <(/usr/bin/python3 "$HERE/../server/pgtmp.py" start "$PGDIR" db db2 db3)
fi
"$SALLE" gen --sessions 40 --seed 5 -o "$WORK/inst.json"
# every person gets an address, so the outbox writes to each organizer
/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for p in d["people"]:
    p["email"] = p["id"].lower() + "@example.org"
json.dump(d, open(sys.argv[1], "w"))' "$WORK/inst.json"
sink() { # DIR: starts a sink writing to DIR; its port goes to DIR.port
    /usr/bin/python3 "$HERE/smtp-sink.py" "$1" >"$1.port" 2>"$1.log" &
    PIDS+=($!)
    for _ in $(seq 100); do [ -s "$1.port" ] && break; sleep 0.1; done
}
serve() { # N DB PUBLIC MAILDIR [ARGS...]: starts server N
    local n=$1 db=$2 pub=$3 mail=$4
    shift 4
    "$SALLE" serve --db "$db" --public "$pub" --listen 127.0.0.1:0 \
        --smtp "smtp://127.0.0.1:$(head -1 "$mail.port")" --mail-from programme@example.org "$@" \
        >"$WORK/log$n" 2>&1 &
    PIDS+=($!)
    SERVERS+=($!)
    for _ in $(seq 100); do grep -q "listening on" "$WORK/log$n" && break; sleep 0.1; done
}
sink "$WORK/mail"
sink "$WORK/mail2"
sink "$WORK/mail3"
serve 1 "$DB" "$WORK/pub" "$WORK/mail" --import "$WORK/inst.json"
serve 2 "$DB2" "$WORK/pub2" "$WORK/mail2"
serve 3 "$DB3" "$WORK/pub3" "$WORK/mail3"
cd "$HERE"
bash "$HERE/deps.sh"   # npm ci when node_modules is missing or stale
[ "${SALLE_AXE:-1}" = 0 ] && echo "browser_server: SALLE_AXE=0: every flow and assertion but axe-core's" \
  "(the optimised build's run checks the same pages with axe)"
SALLE_BASE=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$WORK/log1") \
SALLE_TOKEN=$("$SALLE" admin-token --db "$DB") \
SALLE_INSTANCE=$WORK/inst.json SALLE_BIN=$SALLE SALLE_DB=$DB SALLE_MAIL=$WORK/mail \
SALLE_BASE2=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$WORK/log2") \
SALLE_TOKEN2=$("$SALLE" admin-token --db "$DB2") \
SALLE_DB2=$DB2 SALLE_PUB2=$WORK/pub2 SALLE_MAIL2=$WORK/mail2 SALLE_WORK=$WORK \
SALLE_BASE3=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$WORK/log3") SALLE_DB3=$DB3 \
  node --test serve-pages.mjs
# then the same server's pages in every interface language (one after the other: both change it)
SALLE_BASE=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' "$WORK/log1") \
SALLE_TOKEN=$("$SALLE" admin-token --db "$DB") \
SALLE_INSTANCE=$WORK/inst.json SALLE_BIN=$SALLE SALLE_DB=$DB \
  node --test serve-i18n.mjs
bash "$HERE/run-interest.sh" "$SALLE"
# both servers stop cleanly on SIGTERM, and nothing from the sanitizers (ASan build) is in their logs
for p in "${SERVERS[@]}"; do
    kill -TERM "$p"
    wait "$p" || { echo "a server exited with status $?"; cat "$WORK/log1" "$WORK/log2" "$WORK/log3"; exit 1; }
done
if grep -E "runtime error|Sanitizer" "$WORK/log1" "$WORK/log2" "$WORK/log3"; then exit 1; fi
